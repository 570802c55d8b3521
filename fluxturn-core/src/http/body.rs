//! What a request carries besides its URL: the body (JSON, form-urlencoded with nested values in
//! bracket notation, multipart, raw bytes), kept as data so that a retry sends it again; and query
//! parameters from a struct of scalars.

use crate::{ConnectorError, Result};
use serde::Serialize;
use serde_json::Value;

/// The body of a request.
#[derive(Clone)]
pub(crate) enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
    Multipart(Vec<Part>),
    Raw(bytes::Bytes),
}

impl Body {
    /// `body` as JSON.
    pub(crate) fn json<T: Serialize + ?Sized>(body: &T) -> Self {
        Self::Json(serde_json::to_value(body).unwrap_or(Value::Null))
    }

    /// `body` form-urlencoded: nested objects and arrays in bracket notation; `(key, value)`
    /// pairs are sent in order, as `query` takes them.
    pub(crate) fn form<T: Serialize + ?Sized>(body: &T) -> Self {
        let mut pairs = Vec::new();
        match serde_json::to_value(body) {
            Ok(Value::Object(map)) => {
                for (key, value) in map {
                    flatten_form(key, value, &mut pairs);
                }
            }
            // `&[("key", "value"), ...]` was silently sent as an empty form.
            Ok(Value::Array(_)) => pairs = scalar_pairs(body),
            _ => {}
        }
        Self::Form(pairs)
    }

    /// Puts the body on a request; an invalid MIME type of a part is an error.
    pub(crate) fn apply(&self, builder: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder> {
        Ok(match self {
            Body::None => builder,
            Body::Json(value) => builder.json(value),
            Body::Form(pairs) => builder.form(pairs),
            Body::Raw(bytes) => builder.body(bytes.clone()),
            Body::Multipart(parts) => {
                let mut form = reqwest::multipart::Form::new();
                for part in parts {
                    let (name, part) = part.to_reqwest()?;
                    form = form.part(name, part);
                }
                builder.multipart(form)
            }
        })
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone)]
pub struct Part {
    name: String,
    data: Vec<u8>,
    file_name: Option<String>,
    mime: Option<String>,
}

impl Part {
    /// A text field.
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self { name: name.into(), data: value.into().into_bytes(), file_name: None, mime: None }
    }

    /// A file.
    pub fn file(name: impl Into<String>, file_name: impl Into<String>, mime: impl Into<String>, data: Vec<u8>) -> Self {
        Self { name: name.into(), data, file_name: Some(file_name.into()), mime: Some(mime.into()) }
    }

    fn to_reqwest(&self) -> Result<(String, reqwest::multipart::Part)> {
        let mut part = reqwest::multipart::Part::bytes(self.data.clone());
        if let Some(file_name) = &self.file_name {
            part = part.file_name(file_name.clone());
        }
        if let Some(mime) = &self.mime {
            part = part.mime_str(mime).map_err(|_| ConnectorError::internal(format!("invalid MIME type `{mime}`")))?;
        }
        Ok((self.name.clone(), part))
    }
}

/// One form value as (name, text) pairs, nested values in bracket notation; nulls left out.
fn flatten_form(key: String, value: Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::String(s) => pairs.push((key, s)),
        Value::Object(map) => map.into_iter().for_each(|(k, v)| flatten_form(format!("{key}[{k}]"), v, pairs)),
        Value::Array(items) => {
            items.into_iter().enumerate().for_each(|(i, v)| flatten_form(format!("{key}[{i}]"), v, pairs))
        }
        other => pairs.push((key, other.to_string())),
    }
}

/// Scalars of a serializable struct or map as (name, text) pairs; nulls left out.
pub(crate) fn scalar_pairs<T: Serialize + ?Sized>(value: &T) -> Vec<(String, String)> {
    let scalar = |v: Value| match v {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    };
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map.into_iter().filter_map(|(k, v)| Some((k, scalar(v)?))).collect(),
        // `&[("key", "value"), ...]`: pairs, in order, a key possibly repeated.
        Ok(Value::Array(items)) => items
            .into_iter()
            .filter_map(|item| match item {
                Value::Array(pair) if pair.len() == 2 => {
                    let mut pair = pair.into_iter();
                    let key = match pair.next()? {
                        Value::String(key) => key,
                        other => other.to_string(),
                    };
                    Some((key, scalar(pair.next()?)?))
                }
                other => {
                    debug_assert!(false, "query parameters are a struct, a map or (key, value) pairs, not {other}");
                    None
                }
            })
            .collect(),
        other => {
            debug_assert!(false, "query parameters are a struct, a map or (key, value) pairs, not {other:?}");
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_nest_in_brackets() {
        let mut pairs = Vec::new();
        flatten_form(
            "metadata".into(),
            serde_json::json!({"plan": "pro", "tags": ["a", "b"], "gone": null}),
            &mut pairs,
        );
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, [("metadata[plan]", "pro"), ("metadata[tags][0]", "a"), ("metadata[tags][1]", "b")]);
    }

    #[test]
    fn form_pairs_may_be_tuples_in_order() {
        let Body::Form(pairs) = Body::form(&[("id", "t3_a"), ("api_type", "json")]) else { panic!("a form") };
        assert_eq!(pairs, [("id".to_owned(), "t3_a".to_owned()), ("api_type".to_owned(), "json".to_owned())]);
    }

    #[test]
    fn query_pairs_may_be_tuples_in_order_with_repeated_keys() {
        let pairs = scalar_pairs(&[("sort", "-created_at"), ("tag", "a"), ("tag", "b")]);
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, [("sort", "-created_at"), ("tag", "a"), ("tag", "b")]);
        let numbers = scalar_pairs(&[("limit", 1), ("page", 2)]);
        assert_eq!(numbers, [("limit".to_owned(), "1".to_owned()), ("page".to_owned(), "2".to_owned())]);
        let optional = scalar_pairs(&[("a", Some("x")), ("b", None)]);
        assert_eq!(optional, [("a".to_owned(), "x".to_owned())]);
    }

    #[test]
    fn query_pairs_are_scalars_without_nulls() {
        let pairs = scalar_pairs(&serde_json::json!({"limit": 10, "cursor": null, "q": "a b"}));
        assert_eq!(pairs, [("limit".to_owned(), "10".to_owned()), ("q".to_owned(), "a b".to_owned())]);
    }
}
