//! Where an event's identity is, so a redelivery is recognised and stored once.

use super::WebhookRequest;
use serde_json::Value;

/// Where a trigger's event id is (`event_id = "..."` in `#[trigger]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventId {
    /// A request header (`"header:x-github-delivery"`): one id per delivery.
    Header(&'static str),
    /// A JSON pointer into the request body (`"body:/event_id"`): one id per delivery.
    Body(&'static str),
    /// A form parameter of the request body (`"form:MessageSid"`): one id per delivery.
    Form(&'static str),
    /// A JSON pointer into each emitted event (`"/id"`): one id per event (polling triggers).
    Event(&'static str),
}

/// A JSON value as an id: strings as they are, numbers and booleans printed; others none.
fn as_id(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl EventId {
    /// Parses the attribute's syntax; `None` when it is none of the four forms.
    ///
    /// ```
    /// use fluxturn_core::EventId;
    /// assert_eq!(EventId::parse("header:X-GitHub-Delivery"), Some(EventId::Header("X-GitHub-Delivery")));
    /// assert_eq!(EventId::parse("/id"), Some(EventId::Event("/id")));
    /// assert_eq!(EventId::parse("id"), None);
    /// ```
    pub const fn parse(spec: &'static str) -> Option<Self> {
        let bytes = spec.as_bytes();
        if !bytes.is_empty() && bytes[0] == b'/' {
            return Some(Self::Event(spec));
        }
        if let Some(rest) = strip(spec, "header:") {
            return if rest.is_empty() { None } else { Some(Self::Header(rest)) };
        }
        if let Some(rest) = strip(spec, "form:") {
            return if rest.is_empty() { None } else { Some(Self::Form(rest)) };
        }
        if let Some(rest) = strip(spec, "body:") {
            let rest_bytes = rest.as_bytes();
            return if !rest_bytes.is_empty() && rest_bytes[0] == b'/' { Some(Self::Body(rest)) } else { None };
        }
        None
    }

    /// The ids of the events of one delivery (or one poll): one per event, `None` where the id is
    /// missing. A per-delivery id with several events gets `#1`, `#2`, ... appended after the first.
    pub fn ids(&self, request: Option<&WebhookRequest>, events: &[Value]) -> Vec<Option<String>> {
        let delivery = match (self, request) {
            (Self::Header(name), Some(request)) => request.header(name).filter(|v| !v.is_empty()).map(str::to_owned),
            (Self::Body(pointer), Some(request)) => {
                request.json::<Value>().ok().and_then(|body| body.pointer(pointer).and_then(as_id))
            }
            (Self::Form(name), Some(request)) => request.form().remove(*name).filter(|v| !v.is_empty()),
            (Self::Event(pointer), _) => {
                return events.iter().map(|event| event.pointer(pointer).and_then(as_id)).collect();
            }
            (_, None) => None,
        };
        (0..events.len())
            .map(|index| delivery.as_ref().map(|id| if index == 0 { id.clone() } else { format!("{id}#{index}") }))
            .collect()
    }
}

/// `text` without `prefix`, in a `const` context.
const fn strip(text: &'static str, prefix: &str) -> Option<&'static str> {
    let (t, p) = (text.as_bytes(), prefix.as_bytes());
    if t.len() < p.len() {
        return None;
    }
    let mut i = 0;
    while i < p.len() {
        if t[i] != p[i] {
            return None;
        }
        i += 1;
    }
    let (_, rest) = text.split_at(p.len());
    Some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_delivery_id_names_each_event_and_an_event_pointer_reads_each() {
        let request = WebhookRequest::post(r#"{"event_id": "Ev1"}"#, [("x-github-delivery", "d-9")]);
        let events = [json!({"id": 1}), json!({"id": "b"})];
        assert_eq!(
            EventId::Header("X-GitHub-Delivery").ids(Some(&request), &events),
            [Some("d-9".into()), Some("d-9#1".into())]
        );
        assert_eq!(EventId::Body("/event_id").ids(Some(&request), &events[..1]), [Some("Ev1".into())]);
        assert_eq!(EventId::Event("/id").ids(None, &events), [Some("1".into()), Some("b".into())]);
        assert_eq!(EventId::Header("x-missing").ids(Some(&request), &events[..1]), [None]);
    }
}
