//! `ApiJson<T>`: a JSON body whose mistakes become 4xx answers naming the field, never 500.

use super::error::ApiError;
use crate::error::ApiCode;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
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
