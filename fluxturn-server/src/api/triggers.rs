//! Trigger registrations (`/api/v1/triggers`, token) and the webhook route providers call
//! (`/api/v1/webhooks/{connector}/{id}`, public: the provider's signature authenticates it).

use super::error::ApiError;
use super::json::ApiJson;
use super::openapi::failures::{failures, BODY, STORAGE, STORED, TOKEN};
use super::openapi::{params, public};
use crate::app::AppState;
use crate::error::ApiCode;
use crate::triggers::{self, CreateTrigger, EventPage, RegistrationView};
use aide::transform::TransformOperation;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use fluxturn_core::{ErrorCode, WebhookRequest};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;
use std::time::SystemTime;

/// The tag of these operations.
const TAG: &str = "triggers";
/// The largest webhook body accepted.
pub const MAX_WEBHOOK_BYTES: usize = 25 * 1024 * 1024;

/// `GET /api/v1/triggers`'s answer.
#[derive(serde::Serialize, JsonSchema)]
pub struct RegistrationList {
    /// Every registration, newest first.
    pub triggers: Vec<RegistrationView>,
    /// How many.
    pub total: usize,
}

/// `POST /api/v1/triggers`.
pub async fn create(
    State(state): State<Arc<AppState>>,
    ApiJson(request): ApiJson<CreateTrigger>,
) -> Result<(StatusCode, Json<RegistrationView>), ApiError> {
    Ok((StatusCode::CREATED, Json(triggers::create(&state, request, SystemTime::now()).await?)))
}

/// The docs of [`create`].
pub fn create_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .id("triggers_create")
        .tag(TAG)
        .summary("Subscribe one trigger of a configured connector, or a schedule; answers the webhook URL to give the provider")
        .response_with::<201, Json<RegistrationView>, _>(|r| r.description("Registered (and subscribed at the provider)"));
    // Subscribing at the provider can fail as any connector call does.
    let op = failures(op, ApiCode::connector_codes());
    failures(op, [TOKEN, BODY, STORED].concat())
}

/// `GET /api/v1/triggers`.
pub async fn list(State(state): State<Arc<AppState>>) -> Result<Json<RegistrationList>, ApiError> {
    let triggers = triggers::list(&state).await?;
    Ok(Json(RegistrationList { total: triggers.len(), triggers }))
}

/// The docs of [`list`].
pub fn list_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    failures(op.id("triggers_list").tag(TAG).summary("Every trigger registration"), [TOKEN, STORAGE].concat())
}

/// `GET /api/v1/triggers/{id}`.
pub async fn get(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<RegistrationView>, ApiError> {
    let registration = triggers::load(&state, &id).await?;
    Ok(Json(triggers::view(&state, &registration)))
}

/// The docs of [`get`].
pub fn get_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = registration_id(op.id("triggers_get").tag(TAG).summary("One registration: status, next run, last error"));
    failures(op, [TOKEN, &[ApiCode::NotFound], STORAGE].concat())
}

/// `DELETE /api/v1/triggers/{id}`.
pub async fn delete(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    triggers::delete(&state, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The docs of [`delete`].
pub fn delete_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = registration_id(op.id("triggers_delete").tag(TAG).summary(
        "Remove a registration and its events, after its webhook at the provider (a refusal keeps it, retried)",
    ))
    .response_with::<204, (), _>(|r| r.description("Removed"));
    let op = failures(op, ApiCode::connector_codes());
    failures(op, [TOKEN, STORED].concat())
}

/// The page asked of `GET /api/v1/triggers/{id}/events`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Page {
    /// How many (1 to 500, default 50).
    pub limit: Option<i64>,
    /// How many to skip.
    pub offset: Option<i64>,
}

/// `GET /api/v1/triggers/{id}/events`.
pub async fn events(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    page: Result<Query<Page>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<EventPage>, ApiError> {
    let Query(page) = page.map_err(|rejection| {
        let message = rejection.body_text();
        ApiError::validation(
            format!("invalid query: {message}"),
            vec![fluxturn_core::FieldError { field: "query".into(), message }],
        )
    })?;
    Ok(Json(triggers::events(&state, &id, page.limit, page.offset).await?))
}

/// The docs of [`events`].
pub fn events_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = registration_id(op.id("triggers_events").tag(TAG).summary("The events received or polled, newest first"));
    failures(op, [TOKEN, &[ApiCode::NotFound, ApiCode::ValidationFailed], STORAGE].concat())
}

fn registration_id(op: TransformOperation<'_>) -> TransformOperation<'_> {
    params::path(op, "id", "The registration's id, as `POST /api/v1/triggers` answered it")
}

/// `POST /api/v1/webhooks/{connector}/{id}`: a provider's delivery. Verified over the raw bytes
/// before anything else; a redelivery stores nothing new; the connector may answer it. `GET` is
/// routed here too, verified the same way, for providers that check the URL with one before they
/// deliver to it (Mailchimp); a scheme that signs the body refuses an unsigned GET.
pub async fn receive(
    State(state): State<Arc<AppState>>,
    Path((connector, id)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let request = incoming(&state, method, &uri, &headers, body)?;
    let delivered = triggers::delivery::deliver(&state, &connector, &id, request, SystemTime::now()).await?;
    Ok(match delivered.response {
        Some(answer) => {
            let mut response =
                (StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK), answer.body).into_response();
            for (name, value) in answer.headers {
                if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
                    response.headers_mut().insert(name, value);
                }
            }
            response
        }
        None => Json(json!({ "received": true, "stored": delivered.stored, "duplicates": delivered.duplicates }))
            .into_response(),
    })
}

/// A request to a public webhook route as the handlers read it: every header, the query, the
/// public URL called, the body byte for byte (over [`MAX_WEBHOOK_BYTES`], 413).
pub(crate) fn incoming(
    state: &AppState,
    method: Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<WebhookRequest, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(ApiCode::BodyTooLarge, format!("the request is larger than {MAX_WEBHOOK_BYTES} bytes"))
        } else {
            ApiError::new(ApiCode::InvalidBody, rejection.body_text())
        }
    })?;
    Ok(WebhookRequest {
        method: method.to_string(),
        path: uri.path().to_owned(),
        url: format!("{}{}", state.public_url, uri.path_and_query().map(|p| p.as_str()).unwrap_or(uri.path())),
        headers: headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
            .collect(),
        query: uri
            .query()
            .map(|q| url::form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default(),
        body,
        cursor: None,
    })
}

/// What a delivery answers by default.
#[derive(serde::Serialize, JsonSchema)]
pub struct Received {
    /// Always `true`.
    pub received: bool,
    /// Events stored.
    pub stored: usize,
    /// Events already stored before (a redelivery).
    pub duplicates: usize,
}

/// The docs of [`receive`].
pub fn receive_docs<'a>(op: TransformOperation<'a>, method: &str) -> TransformOperation<'a> {
    let (id, summary) = if method == "GET" {
        (
            "webhooks_check",
            "A provider's check of a registered webhook trigger's URL (Mailchimp), verified like a delivery",
        )
    } else {
        (
            "webhooks_receive",
            "A provider's delivery for a registered webhook trigger; its signature is checked over the raw body",
        )
    };
    let op = public(op).id(id).tag(TAG).summary(summary).response_with::<200, Json<Received>, _>(|r| {
        r.description("Stored; or the connector's own answer (Slack's challenge, Discord's PONG, Twilio's TwiML)")
    });
    let op = params::path(op, "connector", "The connector's name");
    let op = params::path(
        op,
        "id",
        "The registration's id; for a provider with one webhook per connection (Telegram, Slack, Discord's \
         interactions), the connection's id, which delivers to each of its registrations",
    );
    let connector_failures =
        [ErrorCode::InvalidInput, ErrorCode::Unauthorized, ErrorCode::Upstream, ErrorCode::Internal]
            .map(ApiCode::Connector);
    failures(
        op,
        [
            &[
                ApiCode::NotFound,
                ApiCode::WebhookUnverified,
                ApiCode::BodyTooLarge,
                ApiCode::InvalidBody,
                ApiCode::CredentialsUnreadable,
            ][..],
            STORAGE,
            &connector_failures,
        ]
        .concat(),
    )
}
