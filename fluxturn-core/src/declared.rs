//! Declarative actions: `#[action(http(method = .., endpoint = ..))]` on a method without a body.
//! The input's fields fill the endpoint's `{placeholders}`; the rest become the JSON body
//! (POST, PUT, PATCH) or the query (GET, DELETE), renamed by `param_mapping`. The request of an
//! action declared `idempotent` is marked so, and retried like a GET.

use crate::http::{fill_placeholders, path_segment, Http};
use crate::meta::{sends_body, ApiMeta};
use crate::{ConnectorError, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// Gives generated code the connector's [`Http`] client: implemented by `#[connector]` for a
/// struct with a field of type `Http`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no `Http` field, which a declarative action needs",
    note = "add a field `http: Http` to the connector struct, or give the action a method body"
)]
pub trait HasHttp {
    /// The connector's client.
    fn http(&self) -> &Http;
}

/// Runs a declarative action.
pub async fn run_declared<In: Serialize, Out: DeserializeOwned>(http: &Http, api: &ApiMeta, input: &In) -> Result<Out> {
    let mut fields = match serde_json::to_value(input) {
        Ok(Value::Object(fields)) => fields,
        Ok(Value::Null) => Map::new(),
        Ok(_) | Err(_) => {
            return Err(ConnectorError::internal("a declarative action's input must serialize to an object"))
        }
    };
    let path = fill_placeholders(api.endpoint, |name| {
        let text = match fields.remove(name)? {
            Value::String(s) => s,
            Value::Null => return None,
            other => other.to_string(),
        };
        Some(path_segment(&text))
    })
    .map_err(|name| {
        ConnectorError::invalid_input(format!("the endpoint needs the input field `{name}`, which is empty"))
    })?;
    let params: Map<String, Value> = fields
        .into_iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(field, value)| {
            let param = api.param_mapping.iter().find(|(f, _)| *f == field).map(|(_, p)| (*p).to_owned());
            (param.unwrap_or(field), value)
        })
        .collect();
    let mut request = http.request(api.method, &path);
    if api.idempotent {
        request = request.idempotent();
    }
    for (name, value) in api.headers {
        request = request.header(*name, *value);
    }
    request = match api.body {
        "form" => request.form(&params),
        "query" => request.query(&params),
        _ if sends_body(api.method) => request.json(&params),
        _ => request.query(&params),
    };
    request.send_json().await
}
