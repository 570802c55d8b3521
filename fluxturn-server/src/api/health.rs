//! `GET /healthz`: the process is up and serving.

use super::openapi::public;
use aide::transform::TransformOperation;
use axum::Json;
use schemars::JsonSchema;
use serde::Serialize;

/// The liveness answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Health {
    /// Always `ok`.
    #[schemars(extend("const" = "ok"))]
    pub status: &'static str,
}

/// `GET /healthz`.
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// The docs of [`healthz`].
pub fn healthz_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    public(op).id("healthz").tag("system").summary("Liveness")
}
