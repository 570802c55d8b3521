//! `ApiJson<T>`: a JSON body whose mistakes become 4xx answers naming the field, never 500.

use super::error::ApiError;
use super::openapi::failures;
use crate::error::ApiCode;
use aide::generate::GenContext;
use aide::openapi::{self, MediaType, Operation, ReferenceOr, RequestBody, Response, SchemaObject};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A JSON request body deserialized into `T`.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(ApiCode::BodyTooLarge, format!("the request body is larger than {MAX_BODY_BYTES} bytes"))
            } else {
                ApiError::new(ApiCode::InvalidBody, rejection.body_text())
            }
        })?;
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::new(ApiCode::InvalidJson, format!("the request body is not valid JSON: {e}")))?;
        fluxturn_core::decode_json(value).map(ApiJson).map_err(|error| {
            let message = match error.field.as_str() {
                "" => format!("invalid request body: {}", error.message),
                field => format!("invalid request body: `{field}`: {}", error.message),
            };
            ApiError::validation(message, vec![error])
        })
    }
}

impl<T: JsonSchema> aide::OperationInput for ApiJson<T> {
    /// The body: JSON of `T`'s schema (a route may refine it, see `openapi::bodies`).
    fn operation_input(ctx: &mut GenContext, operation: &mut Operation) {
        let schema = ctx.schema.subschema_for::<T>();
        let body = RequestBody {
            description: None,
            content: [(
                "application/json".to_owned(),
                MediaType {
                    schema: Some(SchemaObject { json_schema: schema, example: None, external_docs: None }),
                    ..MediaType::default()
                },
            )]
            .into_iter()
            .collect(),
            required: true,
            extensions: Default::default(),
        };
        operation.request_body = Some(ReferenceOr::Item(body));
    }

    /// What the extractor answers before the handler runs.
    fn inferred_early_responses(
        ctx: &mut GenContext,
        _: &mut Operation,
    ) -> Vec<(Option<openapi::StatusCode>, Response)> {
        failures::responses_of(ctx, failures::BODY.iter().copied())
    }
}

/// A JSON answer a service builds as a `Value`, documented as `T`: `T`'s schema says what the
/// service writes (the fuzz step in `.ci/run` checks every answer against it).
pub struct JsonOf<T>(pub Value, std::marker::PhantomData<fn() -> T>);

impl<T> JsonOf<T> {
    /// Answers `value`, documented as `T`.
    pub fn new(value: Value) -> Self {
        Self(value, std::marker::PhantomData)
    }
}

impl<T> axum::response::IntoResponse for JsonOf<T> {
    fn into_response(self) -> axum::response::Response {
        axum::Json(self.0).into_response()
    }
}

impl<T: JsonSchema> aide::OperationOutput for JsonOf<T> {
    type Inner = T;

    fn operation_response(ctx: &mut GenContext, operation: &mut Operation) -> Option<Response> {
        <axum::Json<T> as aide::OperationOutput>::operation_response(ctx, operation)
    }

    fn inferred_responses(
        ctx: &mut GenContext,
        operation: &mut Operation,
    ) -> Vec<(Option<openapi::StatusCode>, Response)> {
        <axum::Json<T> as aide::OperationOutput>::inferred_responses(ctx, operation)
    }
}
