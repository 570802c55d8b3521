//! Error responses from the catalogue: an operation names the codes it can fail with, and each
//! becomes (part of) the response of the status the catalogue gives it (`api::error::status`),
//! so a status is never typed twice and a code moved to another status moves in the document.

use crate::api::error::{status, ErrorBody};
use crate::error::ApiCode;
use aide::generate::GenContext;
use aide::openapi::{ReferenceOr, Response, StatusCode};
use aide::transform::TransformOperation;
use serde_json::{json, Value};

/// Where a response keeps the codes it documents, so a second call can add to them.
const CODES: &str = "x-error-codes";

/// Every route but the public ones: a missing or wrong token.
pub const TOKEN: &[ApiCode] = &[ApiCode::Unauthorized];
/// A JSON body (`ApiJson`): unreadable, not JSON, too large, or not of the body's type.
pub const BODY: &[ApiCode] =
    &[ApiCode::InvalidBody, ApiCode::InvalidJson, ApiCode::BodyTooLarge, ApiCode::ValidationFailed];
/// A route that reads or writes the database.
pub const STORAGE: &[ApiCode] = &[ApiCode::Internal];
/// A route that loads a stored configuration and decrypts its credentials.
pub const STORED: &[ApiCode] = &[ApiCode::NotFound, ApiCode::CredentialsUnreadable, ApiCode::Internal];
/// The OAuth2 routes on a configuration whose connector has no OAuth2, or no client.
pub const OAUTH: &[ApiCode] = &[ApiCode::OAuthNotSupported, ApiCode::OAuthNotConfigured];

/// Adds the error responses of `codes` to an operation; a status already documented by this
/// module gets the new codes added to its list.
pub fn failures<'t>(
    mut op: TransformOperation<'t>,
    codes: impl IntoIterator<Item = ApiCode>,
) -> TransformOperation<'t> {
    let responses = op.inner_mut().responses.get_or_insert_with(Default::default);
    for (status, names) in by_status(codes) {
        let key = StatusCode::Code(status);
        let mut listed = match responses.responses.get(&key) {
            None => Vec::new(),
            Some(ReferenceOr::Item(existing)) if existing.extensions.contains_key(CODES) => names_of(existing),
            // A response written by hand for this status stays as it is.
            Some(_) => continue,
        };
        for name in names {
            if !listed.contains(&name) {
                listed.push(name);
            }
        }
        let response = aide::generate::in_context(|ctx| response(ctx, status, &listed));
        responses.responses.insert(key, ReferenceOr::Item(response));
    }
    op
}

/// One response per status of `codes` (what an extractor answers before its handler runs).
pub fn responses_of(
    ctx: &mut GenContext,
    codes: impl IntoIterator<Item = ApiCode>,
) -> Vec<(Option<StatusCode>, Response)> {
    let grouped = by_status(codes);
    grouped.into_iter().map(|(status, names)| (Some(StatusCode::Code(status)), response(ctx, status, &names))).collect()
}

/// The codes' names, grouped by their status.
fn by_status(codes: impl IntoIterator<Item = ApiCode>) -> std::collections::BTreeMap<u16, Vec<String>> {
    let mut grouped: std::collections::BTreeMap<u16, Vec<String>> = Default::default();
    for code in codes {
        let names = grouped.entry(status(code).as_u16()).or_default();
        if !names.iter().any(|name| name == code.as_str()) {
            names.push(code.as_str().to_owned());
        }
    }
    grouped
}

/// The codes a response written by [`response`] lists.
fn names_of(response: &Response) -> Vec<String> {
    response.extensions[CODES].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

/// The response of `status` for `names`: the error body, its `code` one of `names`.
fn response(ctx: &mut GenContext, status: u16, names: &[String]) -> Response {
    let reason = axum::http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error");
    let listed: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    let error = ctx.schema.subschema_for::<ErrorBody>();
    let schema = json!({
        "allOf": [error, { "properties": { "error": { "properties": { "code": { "enum": names } } } } }]
    });
    let mut response = json!({
        "description": format!("{reason}: {}", listed.join(", ")),
        "content": { "application/json": { "schema": schema } },
        CODES: names,
    });
    if status == 401 {
        response["headers"] =
            json!({ "WWW-Authenticate": { "description": "`Bearer`", "schema": { "const": "Bearer" } } });
    }
    serde_json::from_value(response).expect("a response built here is a valid Response")
}
