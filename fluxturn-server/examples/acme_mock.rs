//! A local stand-in for Acme's API, for the README quickstart (no machine here reaches the real
//! one): `GET /me` and `POST /messages`, both requiring `Authorization: Bearer <any key>`.
//!
//! `cargo run -p fluxturn-server --example acme_mock` (listens on 127.0.0.1:4010, or the
//! address given as the first argument).

use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn authorized(headers: &HeaderMap) -> Result<(), (StatusCode, Json<Value>)> {
    match headers.get("authorization").and_then(|v| v.to_str().ok()) {
        Some(value) if value.starts_with("Bearer ") && value.len() > "Bearer ".len() => Ok(()),
        _ => Err((StatusCode::UNAUTHORIZED, Json(json!({ "message": "missing API key" })))),
    }
}

async fn me(headers: HeaderMap) -> Result<Json<Value>, (StatusCode, Json<Value>)> {
    authorized(&headers)?;
    Ok(Json(json!({ "id": "u_1", "name": "Acme demo user" })))
}

async fn messages(headers: HeaderMap, Json(body): Json<Value>) -> Result<Json<Value>, (StatusCode, Json<Value>)> {
    authorized(&headers)?;
    let id = format!("m_{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
    println!("acme_mock: message {id} to #{}: {}", body["channel"], body["text"]);
    Ok(Json(json!({ "id": id, "channel": body["channel"], "text": body["text"] })))
}

#[tokio::main(flavor = "current_thread")]
#[allow(clippy::disallowed_methods)] // the mock's own routes, not the API's
async fn main() -> std::io::Result<()> {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:4010".to_owned());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("acme_mock listening on http://{}", listener.local_addr()?);
    axum::serve(listener, Router::new().route("/me", get(me)).route("/messages", post(messages))).await
}
