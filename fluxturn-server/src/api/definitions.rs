//! The public catalogue: definitions (FluxTurn's `/definitions` and `/available` paths) and icons.

use super::error::ApiError;
use super::openapi::failures::failures;
use super::openapi::{params, public};
use crate::app::AppState;
use crate::catalogue::{AvailableConnector, ServedList};
use crate::connector_types;
use crate::error::ApiCode;
use aide::transform::TransformOperation;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use fluxturn_core::{ActionDefinition, ConnectorDefinition, TriggerDefinition};
use std::sync::Arc;

/// Every definition, from the bytes serialized at start-up; 304 when the ETag matches.
pub async fn list(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    serve_list(state.catalogue.list(), &headers)
}

/// `GET /api/v1/connectors/available`: the same, each definition with FluxTurn's catalogue
/// metadata (`id`, `status`, `is_public`, `verified`).
pub async fn available(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    serve_list(state.catalogue.available(), &headers)
}

/// `GET /api/v1/connectors/available/{connector_type}`.
pub async fn available_one(
    State(state): State<Arc<AppState>>,
    Path(connector_type): Path<String>,
) -> Result<Json<AvailableConnector<'static>>, ApiError> {
    find(&state, &connector_type).map(|definition| Json(AvailableConnector::of(definition)))
}

/// A precomputed list with its ETag; 304 when the client has it.
fn serve_list(list: &ServedList, headers: &HeaderMap) -> Response {
    let (body, etag) = (&list.json, list.etag.as_str());
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|candidate| candidate.trim() == etag || candidate.trim() == "*"));
    let common = [(header::ETAG, etag.to_owned()), (header::CACHE_CONTROL, "no-cache".to_owned())];
    if matches {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (common, [(header::CONTENT_TYPE, "application/json")], body.clone()).into_response()
}

/// The docs of [`list`] (`Item` = [`ConnectorDefinition`]) and [`available`] (`Item` =
/// [`AvailableConnector`]); `tag` names the prefix (`definitions` or `available`).
pub fn list_docs<'t, Item: schemars::JsonSchema>(op: TransformOperation<'t>, tag: &str) -> TransformOperation<'t> {
    let op = public(op).id(&format!("{tag}_list")).tag(tag).summary("Every connector definition");
    params::header(op, "If-None-Match", "An ETag this route answered: 304 while the catalogue is unchanged")
        .response_with::<200, Json<Vec<Item>>, _>(|r| {
            r.description("Every connector definition").with(|mut r| {
                r.inner().headers.insert(
                    "ETag".into(),
                    aide::openapi::ReferenceOr::Item(
                        serde_json::from_value(serde_json::json!({ "schema": { "type": "string" } }))
                            .expect("a header"),
                    ),
                );
                r
            })
        })
        .response_with::<304, (), _>(|r| r.description("Not modified since the ETag in If-None-Match"))
}

/// What every route under `{prefix}/{connector_type}` documents: public, the type one of
/// `names`, 404 otherwise.
fn by_type<'t>(op: TransformOperation<'t>, id: String, tag: &str, names: &[&str]) -> TransformOperation<'t> {
    failures(params::connector_type(public(op).id(&id).tag(tag), names), [ApiCode::NotFound])
}

/// The docs of [`one`].
pub fn one_docs<'t>(op: TransformOperation<'t>, tag: &str, names: &[&str]) -> TransformOperation<'t> {
    by_type(op.summary("One connector definition"), format!("{tag}_get"), tag, names)
}

/// The docs of [`actions`].
pub fn actions_docs<'t>(op: TransformOperation<'t>, tag: &str, names: &[&str]) -> TransformOperation<'t> {
    let op = op
        .summary("A connector's actions")
        .response_with::<200, Json<Vec<ActionDefinition>>, _>(|r| r.description("The actions"));
    by_type(op, format!("{tag}_actions"), tag, names)
}

/// The docs of [`triggers`].
pub fn triggers_docs<'t>(op: TransformOperation<'t>, tag: &str, names: &[&str]) -> TransformOperation<'t> {
    let op = op
        .summary("A connector's triggers")
        .response_with::<200, Json<Vec<TriggerDefinition>>, _>(|r| r.description("The triggers"));
    by_type(op, format!("{tag}_triggers"), tag, names)
}

/// The docs of [`icon`]: `names` are the connectors that have an icon.
pub fn icon_docs<'t>(op: TransformOperation<'t>, tag: &str, names: &[&str]) -> TransformOperation<'t> {
    let op = op.summary("A connector's SVG icon").response_with::<200, String, _>(|r| {
        r.description("The icon").with(|mut r| {
            let content = std::mem::take(&mut r.inner().content);
            r.inner().content = content.into_values().map(|media| ("image/svg+xml".to_owned(), media)).collect();
            r
        })
    });
    by_type(op, format!("{tag}_icon"), tag, names)
}

fn find(state: &AppState, connector_type: &str) -> Result<&'static ConnectorDefinition, ApiError> {
    Ok(connector_types::definition(state.catalogue.registry(), connector_type)?)
}

/// One definition.
pub async fn one(
    State(state): State<Arc<AppState>>,
    Path(connector_type): Path<String>,
) -> Result<Json<&'static ConnectorDefinition>, ApiError> {
    find(&state, &connector_type).map(Json)
}

/// A connector's actions.
pub async fn actions(
    State(state): State<Arc<AppState>>,
    Path(connector_type): Path<String>,
) -> Result<Response, ApiError> {
    Ok(Json(&find(&state, &connector_type)?.supported_actions).into_response())
}

/// A connector's triggers.
pub async fn triggers(
    State(state): State<Arc<AppState>>,
    Path(connector_type): Path<String>,
) -> Result<Response, ApiError> {
    Ok(Json(&find(&state, &connector_type)?.supported_triggers).into_response())
}

/// A connector's SVG icon.
pub async fn icon(
    State(state): State<Arc<AppState>>,
    Path(connector_type): Path<String>,
) -> Result<Response, ApiError> {
    find(&state, &connector_type)?;
    let entry =
        state.catalogue.registry().get(&connector_type).ok_or_else(|| ApiError::not_found("unknown connector"))?;
    let svg = entry.icon().ok_or_else(|| ApiError::not_found(format!("connector `{connector_type}` has no icon")))?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], svg)
        .into_response())
}
