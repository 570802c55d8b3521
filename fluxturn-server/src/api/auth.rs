//! Bearer API tokens: every route but the catalogue, `/healthz` and the OpenAPI document needs one.

use super::error::ApiError;
use crate::app::AppState;
use crate::error::ApiCode;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The SHA-256 of a token: what the server keeps in memory and compares.
pub fn token_digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Rejects a request without `Authorization: Bearer <the API token>` with 401.
pub async fn require_token(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    match presented {
        // Comparing digests keeps the comparison time independent of where the tokens differ.
        Some(token) if token_digest(token) == state.api_token_digest => Ok(next.run(request).await),
        Some(_) => Err(ApiError::new(ApiCode::Unauthorized, "the API token is not valid")),
        None => Err(ApiError::new(
            ApiCode::Unauthorized,
            "this route needs an API token: send `Authorization: Bearer <token>` (FLUXTURN_API_TOKEN, or the token printed on first start)",
        )),
    }
}
