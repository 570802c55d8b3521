//! Logs the cause of every internal error once, as its response leaves the router: the one place
//! server-side failures reach the log (the error types themselves never log).

use super::error::InternalErrorCause;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// Logs method, path (never the query: OAuth2 callbacks carry codes there), status and cause of a
/// response that carries an [`InternalErrorCause`].
pub async fn log_internal_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    // Cheap: a `Uri` shares its bytes.
    let uri = request.uri().clone();
    let response = next.run(request).await;
    if let Some(InternalErrorCause(cause)) = response.extensions().get::<InternalErrorCause>() {
        tracing::error!(%method, path = uri.path(), status = response.status().as_u16(), %cause, "internal error");
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::ApiError;
    use crate::error::ServiceError;
    use axum::body::Body;
    use axum::routing::get;
    use axum::{middleware, Router};
    use std::sync::{Arc, Mutex};
    use tower::ServiceExt;

    /// What the log subscriber wrote.
    #[derive(Clone, Default)]
    struct CapturedLog(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for CapturedLog {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl CapturedLog {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
        }
    }

    async fn call(app: &Router, uri: &str) -> (u16, String) {
        let response = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    #[allow(clippy::disallowed_methods)] // a router of its own, not the API's
    async fn an_internal_error_is_logged_with_its_cause_once_and_answered_without_it() {
        let log = CapturedLog::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = Router::new()
            .route(
                "/boom",
                get(|| async { Err::<(), ApiError>(ServiceError::Internal("the disk is full".into()).into()) }),
            )
            .route(
                "/missing",
                get(|| async { Err::<(), ApiError>(ServiceError::ConfigurationNotFound { id: "c1".into() }.into()) }),
            )
            .layer(middleware::from_fn(log_internal_errors));

        let (status, body) = call(&app, "/boom?code=from-the-provider").await;
        assert_eq!(status, 500);
        assert!(body.contains("internal server error; the server log has the details"), "{body}");
        assert!(!body.contains("the disk is full"), "the cause is not sent: {body}");
        let logged = log.text();
        assert_eq!(logged.matches("the disk is full").count(), 1, "{logged}");
        assert!(logged.contains("/boom") && !logged.contains("from-the-provider"), "path, never query: {logged}");

        let (status, _) = call(&app, "/missing").await;
        assert_eq!(status, 404);
        assert_eq!(log.text(), logged, "a client's mistake is not logged");
    }
}
