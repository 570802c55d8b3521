//! Small generic functions the generated dispatch code calls, so that each action expands to
//! one line instead of a body.

use crate::connector::Polled;
use crate::fields::Input;
use crate::{ConnectorError, ErrorCode, Result};
use serde::Serialize;
use serde_json::{json, Value};
use std::future::Future;

/// One field-level error: which field (a dotted path, `""` for the whole value) and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct FieldError {
    /// Dotted path of the field (`"channel"`, `"items.0.name"`).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// Deserializes `value` into `T`; a mismatch names the field it is about.
pub fn decode_json<T: serde::de::DeserializeOwned>(value: Value) -> std::result::Result<T, FieldError> {
    // Fast path: plain serde; only a failure pays for tracking the path of the error.
    match T::deserialize(&value) {
        Ok(decoded) => Ok(decoded),
        Err(_) => decode_tracking_path(value),
    }
}

/// [`decode_json`] after the fast path failed: again, tracking the path to name the field.
#[cold]
fn decode_tracking_path<T: serde::de::DeserializeOwned>(value: Value) -> std::result::Result<T, FieldError> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|error| {
        let message = error.inner().to_string();
        let field = field_of(&error.path().to_string(), &message).unwrap_or_default();
        FieldError { field, message }
    })
}

/// Decodes an action's JSON input into its typed input; a mismatch names the field.
pub fn decode_input<In: Input>(action: &str, input: Value) -> Result<In> {
    let input = if input.is_null() { Value::Object(Default::default()) } else { input };
    // `decode_json` inlined by hand, so that the error path stays out of the hot one.
    match In::deserialize(&input) {
        Ok(decoded) => Ok(decoded),
        Err(_) => decode_tracking_path::<In>(input).map_err(|error| invalid_input(action, error)),
    }
}

/// The error of an input that does not decode: names the field when serde's message does not.
#[cold]
fn invalid_input(action: &str, error: FieldError) -> ConnectorError {
    let prefix = match error.field.as_str() {
        "" => String::new(),
        field if error.message.contains(&format!("`{field}`")) => String::new(),
        field => format!("field `{field}`: "),
    };
    ConnectorError::invalid_input(format!("invalid input for `{action}`: {prefix}{}", error.message))
        .with_details(json!({ "errors": [error] }))
}

/// The field an error is about: its path, or the name serde quotes in the message
/// (`missing field `x``, `unknown field `x``) when the path is the root.
fn field_of(path: &str, message: &str) -> Option<String> {
    let quoted = ["missing field `", "unknown field `"].iter().find_map(|prefix| {
        let rest = message.strip_prefix(prefix)?;
        Some(rest[..rest.find('`')?].to_owned())
    });
    match (path, quoted) {
        (".", quoted) => quoted,
        (path, Some(name)) if path == name || path.ends_with(&format!(".{name}")) => Some(path.to_owned()),
        (path, Some(name)) => Some(format!("{path}.{name}")),
        (path, None) => Some(path.to_owned()),
    }
}

/// Serializes an action's output.
pub fn encode_output<T: Serialize>(output: T) -> Result<Value> {
    serde_json::to_value(output)
        .map_err(|e| ConnectorError::internal(format!("could not serialize the action output: {e}")))
}

/// Which action runs, for the tracing span.
#[derive(Debug, Clone, Copy)]
pub struct ActionCall<'a> {
    /// The connector's name.
    pub connector: &'static str,
    /// The action id.
    pub action: &'a str,
}

/// Decodes the input, awaits the action inside a tracing span, encodes its output.
///
/// The generated `execute` returns this future as it is: boxed here, for one action. (Boxing one
/// `async` block around the whole `match` sized every call's allocation for the largest action,
/// a declarative HTTP call with retries: kilobytes that even a small action allocated and copied.)
/// The input is decoded before boxing, so the box holds the typed input, not the JSON.
pub fn run_action<'a, In, Out, Fut>(
    call: ActionCall<'a>,
    input: Value,
    method: impl FnOnce(In) -> Fut + Send + 'a,
) -> crate::BoxFuture<'a, Result<Value>>
where
    In: Input,
    Out: Serialize + 'a,
    Fut: Future<Output = Result<Out>> + Send + 'a,
{
    use tracing::Instrument;
    // The span, and the timing, only when a subscriber listens at INFO: the level check that
    // `info_span!` and `enabled!` start with. Without one, no span is built (not even the record
    // for tracing's `log` fallback), none is entered on every poll, and the clock is not read.
    if tracing::Level::INFO > tracing::level_filters::LevelFilter::current() {
        return match decode_input::<In>(call.action, input) {
            Ok(input) => Box::pin(async move { encode_output(method(input).await?) }),
            Err(error) => ready_error(error),
        };
    }
    let span = tracing::info_span!("action", connector = call.connector, action = call.action);
    match span.in_scope(|| decode_input::<In>(call.action, input)) {
        Ok(input) => Box::pin(timed(method, input).instrument(span)),
        Err(error) => ready_error(error),
    }
}

/// Awaits the action on its decoded input and encodes its output; logs its outcome and duration
/// when someone listens.
async fn timed<In, Out, Fut>(method: impl FnOnce(In) -> Fut, input: In) -> Result<Value>
where
    Out: Serialize,
    Fut: Future<Output = Result<Out>>,
{
    // Timing only when someone listens: the clock costs as much as a small action.
    let started = tracing::enabled!(tracing::Level::INFO).then(std::time::Instant::now);
    let result = method(input).await;
    if let Some(started) = started {
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match &result {
            Ok(_) => tracing::debug!(elapsed_ms, "action succeeded"),
            Err(error) => tracing::info!(elapsed_ms, code = %error.code, status = error.status, "action failed"),
        }
    }
    encode_output(result?)
}

/// A future that fails at once with `error` (an unknown action id).
pub fn ready_error<'a, T: Send + 'a>(error: ConnectorError) -> crate::BoxFuture<'a, Result<T>> {
    Box::pin(std::future::ready(Err(error)))
}

/// Decodes the configuration, awaits the webhook handler, encodes each event.
pub async fn run_webhook<In, Out, Fut>(
    trigger: &str,
    config: Value,
    call: impl FnOnce(In) -> Fut,
) -> Result<crate::WebhookReply<Value>>
where
    In: Input,
    Out: TriggerEvents,
    Out::Event: Serialize,
    Fut: Future<Output = Result<Out>>,
{
    let config = decode_input::<In>(trigger, config)?;
    call(config).await?.into_reply().encode()
}

/// Decodes the configuration, awaits the trigger's `subscribe` method.
pub async fn run_subscribe<In, Fut>(
    trigger: &str,
    config: Value,
    call: impl FnOnce(In) -> Fut,
) -> Result<Option<crate::Subscription>>
where
    In: Input,
    Fut: Future<Output = Result<crate::Subscription>>,
{
    let config = decode_input::<In>(trigger, config)?;
    call(config).await.map(Some)
}

/// Decodes the configuration, awaits the trigger's `refresh` method (shaped like `subscribe`).
pub async fn run_refresh<In, Fut>(
    trigger: &str,
    config: Value,
    call: impl FnOnce(In) -> Fut,
) -> Result<Option<crate::Subscription>>
where
    In: Input,
    Fut: Future<Output = Result<crate::Subscription>>,
{
    run_subscribe(trigger, config, call).await
}

/// Decodes the configuration, awaits the trigger's `unsubscribe` method.
pub async fn run_unsubscribe<In, Fut>(trigger: &str, config: Value, call: impl FnOnce(In) -> Fut) -> Result<()>
where
    In: Input,
    Fut: Future<Output = Result<()>>,
{
    let config = decode_input::<In>(trigger, config)?;
    call(config).await
}

/// Decodes the configuration, awaits the polling method, encodes each event.
pub async fn run_poll<In, Event, Fut>(
    trigger: &str,
    config: Value,
    call: impl FnOnce(In) -> Fut,
) -> Result<Polled<Value>>
where
    In: Input,
    Event: Serialize,
    Fut: Future<Output = Result<Polled<Event>>>,
{
    let config = decode_input::<In>(trigger, config)?;
    let polled = call(config).await?;
    Ok(Polled { events: polled.events.into_iter().map(encode_output).collect::<Result<_>>()?, cursor: polled.cursor })
}

/// The error for an action or trigger id the connector does not have; lists the valid ones.
pub fn unknown_id(connector: &str, kind: &str, id: &str, valid: &[&str]) -> ConnectorError {
    let list = if valid.is_empty() { "none".to_owned() } else { valid.join(", ") };
    ConnectorError::new(
        ErrorCode::NotFound,
        format!("connector `{connector}` has no {kind} `{id}`; valid {kind}s: {list}"),
    )
    .with_details(json!({ "valid": valid }))
}

/// The error of a trigger asked to do what it does not (poll a webhook trigger, ...).
pub fn wrong_trigger_kind(connector: &str, trigger: &str, wanted: &str) -> ConnectorError {
    ConnectorError::new(
        ErrorCode::NotSupported,
        format!("trigger `{trigger}` of `{connector}` is not a {wanted} trigger"),
    )
}

/// The error for opening a gateway for triggers that have none.
pub fn not_a_gateway(connector: &str, triggers: &[&str]) -> ConnectorError {
    ConnectorError::new(
        ErrorCode::NotSupported,
        format!("`{connector}` opens no gateway connection for the triggers {triggers:?}: none of them is declared `gateway = <method>`"),
    )
}

/// "Test connection" for a connector that marks no method: a GET of its declared
/// `test_endpoint`, or an error saying there is none.
pub async fn default_test_connection<C: crate::ConnectorSpec>(connector: &C) -> Result<()> {
    match (C::META.test_endpoint, connector.http_client()) {
        (Some(endpoint), Some(http)) => http.get(endpoint).send().await.map(drop),
        _ => Err(no_test_connection(C::NAME)),
    }
}

/// The error when a connector marks no test-connection method.
pub fn no_test_connection(connector: &str) -> ConnectorError {
    ConnectorError::new(
        ErrorCode::NotSupported,
        format!("connector `{connector}` declares no test-connection call (mark a method with #[test_connection], or set `test_endpoint = \"/path\"` in #[connector])"),
    )
}

/// The `T` of an action method's `Result<T>` return type.
#[diagnostic::on_unimplemented(
    message = "an action or trigger method must return `fluxturn_core::Result<T>`, not `{Self}`",
    note = "change the return type to `Result<T>` where `T: Serialize + JsonSchema`"
)]
pub trait Returns {
    /// The success type.
    type Output;
}

impl<T> Returns for Result<T> {
    type Output = T;
}

/// The event type of a trigger method's success type (`Vec<Event>`, `WebhookReply<Event>` or
/// `Polled<Event>`).
#[diagnostic::on_unimplemented(
    message = "a trigger method must return `Result<Vec<Event>>` or `Result<WebhookReply<Event>>` (webhook), or `Result<Polled<Event>>` (polling), not `{Self}`"
)]
pub trait TriggerEvents {
    /// One event.
    type Event;
    /// A webhook handler's answer made of these events.
    fn into_reply(self) -> crate::WebhookReply<Self::Event>;
}

impl<T> TriggerEvents for Vec<T> {
    type Event = T;
    fn into_reply(self) -> crate::WebhookReply<T> {
        crate::WebhookReply::events(self)
    }
}

impl<T> TriggerEvents for crate::WebhookReply<T> {
    type Event = T;
    fn into_reply(self) -> crate::WebhookReply<T> {
        self
    }
}

impl<T> TriggerEvents for Polled<T> {
    type Event = T;
    fn into_reply(self) -> crate::WebhookReply<T> {
        crate::WebhookReply::events(self.events)
    }
}

/// Whether `list` holds `name`, in a `const` context (compile-time placeholder checks).
pub const fn contains(list: &[&str], name: &str) -> bool {
    let mut i = 0;
    while i < list.len() {
        if str_eq(list[i], name) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether two names are equal, in a `const` context (duplicate connector names).
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The actions and triggers of a connector type. Implemented by `#[actions]` on its impl block.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no `#[actions]` impl block",
    note = "add `#[actions] impl {Self} {{ ... }}` holding its `#[action(...)]` methods (it may be empty)"
)]
pub trait ActionSet {
    /// What each `#[trigger(...)]` declares (verification, secret, event id).
    const TRIGGERS: &'static [crate::meta::TriggerMeta];
    /// Every action's definition.
    fn actions() -> Vec<crate::ActionDefinition>;
    /// Every trigger's definition.
    fn triggers() -> Vec<crate::TriggerDefinition>;
}

/// What the placeholder impls of a connector that failed to compile return. Never runs: the
/// macros emit those impls only next to a compile error, so that one error is not followed by
/// a cascade of "trait not implemented" ones.
pub fn uncompiled<'a, T: Send + 'a>() -> crate::BoxFuture<'a, Result<T>> {
    Box::pin(async { Err(uncompiled_error()) })
}

/// The error of a placeholder impl (see [`uncompiled`]).
pub fn uncompiled_error() -> ConnectorError {
    ConnectorError::internal("this connector failed to compile")
}

/// The definition of a placeholder impl (see [`uncompiled`]).
pub fn uncompiled_definition() -> crate::ConnectorDefinition {
    crate::meta::build_definition(&crate::meta::ConnectorMeta::uncompiled(), Vec::new(), Vec::new(), Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn const_helpers() {
        assert!(contains(&["a", "bc"], "bc"));
        assert!(!contains(&["a", "bc"], "b"));
        assert!(str_eq("acme", "acme") && !str_eq("acme", "acm"));
    }
}
