//! Bearer tokens: every route but the catalogue, `/healthz`, the OpenAPI document, login,
//! refresh and the OAuth2 browser routes needs one: the API token itself, or the access token of
//! a live single-operator session (`POST /api/v1/auth/login`).

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

/// Who made a request, as `require_token` found out (a request extension).
#[derive(Debug, Clone)]
pub enum Caller {
    /// The API token itself.
    ApiToken,
    /// A single-operator session.
    Session {
        /// The email given at login.
        email: String,
        /// The session's access token (to end it).
        token: String,
    },
}

/// The bearer token of a request, if it has one.
pub fn bearer(request: &Request) -> Option<&str> {
    request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
}

/// Rejects a request without `Authorization: Bearer <the API token or a session's access token>`
/// with 401; otherwise records the [`Caller`].
pub async fn require_token(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let caller = match bearer(&request) {
        // Comparing digests keeps the comparison time independent of where the tokens differ.
        Some(token) if token_digest(token) == state.api_token_digest => Caller::ApiToken,
        Some(token) => match state.operator.session_email(token).await? {
            Some(email) => Caller::Session { email, token: token.to_owned() },
            None => {
                return Err(ApiError::new(
                    ApiCode::Unauthorized,
                    "Unauthorized: the token is neither the API token nor a live session's; sign in again (POST /api/v1/auth/login) or refresh the session (POST /api/v1/auth/refresh)",
                ))
            }
        },
        None => {
            return Err(ApiError::new(
                ApiCode::Unauthorized,
                "Unauthorized: this route needs a token: send `Authorization: Bearer <token>` with the API token (FLUXTURN_API_TOKEN, or the token printed on first start) or a session's access token",
            ))
        }
    };
    request.extensions_mut().insert(caller);
    Ok(next.run(request).await)
}
