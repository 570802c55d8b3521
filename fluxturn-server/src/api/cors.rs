//! CORS for the one frontend origin the server is told about (`--frontend-url`): FluxTurn's
//! React app calls the API from its own origin, with credentials and `Content-Type` on every
//! request. Without a frontend URL, no cross-origin request is allowed.

use axum::http::{header, HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The CORS layer for `frontend_url` (its origin: scheme, host and port); none without one, or
/// when it is not a URL with an origin.
pub fn layer(frontend_url: Option<&str>) -> CorsLayer {
    let origin = frontend_url
        .and_then(|url| url::Url::parse(url).ok())
        .map(|url| url.origin().ascii_serialization())
        .filter(|origin| origin != "null")
        .and_then(|origin| HeaderValue::from_str(&origin).ok());
    match origin {
        Some(origin) => CorsLayer::new()
            .allow_origin(AllowOrigin::exact(origin))
            .allow_credentials(true)
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::ACCEPT,
                // FluxTurn's frontend sends its selected organization, project and app on every call.
                HeaderName::from_static("x-organization-id"),
                HeaderName::from_static("x-project-id"),
                HeaderName::from_static("x-app-id"),
            ])
            .max_age(std::time::Duration::from_secs(600)),
        None => CorsLayer::new(),
    }
}
