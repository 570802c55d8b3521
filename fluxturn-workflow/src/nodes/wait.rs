//! WAIT: pauses the run, durably: the engine stops with [`Status::Waiting`](crate::engine::Status)
//! and the time to go on, the caller stores the run, and [`resume`](crate::engine::resume) goes
//! on from the WAIT with what ran before it, however long it was and whatever restarted meanwhile.
//! FluxTurn's settings: `resume` `timeInterval` (default: `amount` of `unit` seconds, minutes,
//! hours or days; default 5 seconds) or `specificTime` (`dateTime`, RFC 3339).

use crate::canvas::Node;
use crate::engine::StepError;
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The longest wait accepted: a year.
pub const MAX_WAIT: Duration = Duration::from_secs(366 * 24 * 60 * 60);

/// When the run waiting at `node` goes on (Unix seconds), from `now`.
pub(crate) fn until(node: &Node, now: SystemTime) -> Result<u64, StepError> {
    let params = node.params();
    let text = |key: &str, default: &'static str| params.get(key).and_then(Value::as_str).unwrap_or(default).to_owned();
    let now_secs = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    match text("resume", "timeInterval").as_str() {
        "timeInterval" => {
            let amount = match params.get("amount") {
                None | Some(Value::Null) => 5.0,
                Some(Value::Number(n)) => n.as_f64().unwrap_or(-1.0),
                Some(Value::String(s)) => s.trim().parse().unwrap_or(-1.0),
                Some(_) => -1.0,
            };
            if amount.is_nan() || amount < 0.0 {
                return Err(StepError::new(format!(
                    "`{}` waits a negative or unreadable `amount`: give a number of units",
                    node.label()
                )));
            }
            let unit = match text("unit", "seconds").as_str() {
                "seconds" => 1.0,
                "minutes" => 60.0,
                "hours" => 3600.0,
                "days" => 86_400.0,
                other => {
                    return Err(StepError::new(format!(
                        "`{}` waits in unknown units `{other}`: use seconds, minutes, hours or days",
                        node.label()
                    )))
                }
            };
            let wait = (amount * unit).ceil();
            if wait > MAX_WAIT.as_secs() as f64 {
                return Err(StepError::new(format!("`{}` waits more than a year", node.label())));
            }
            Ok(now_secs + wait as u64)
        }
        "specificTime" => {
            let at = text("dateTime", "");
            let time = humantime::parse_rfc3339_weak(at.trim()).map_err(|e| {
                StepError::new(format!(
                    "`{}` waits until `{at}`, which is not a date and time (RFC 3339): {e}",
                    node.label()
                ))
            })?;
            Ok(time.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs().max(now_secs))
        }
        other => Err(StepError::new(format!(
            "`{}` resumes on `{other}`, which this engine does not support yet: use timeInterval or specificTime",
            node.label()
        ))),
    }
}
