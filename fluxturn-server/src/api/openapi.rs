//! The OpenAPI 3.1 document of every route, at `/api/v1/openapi.json`.

use crate::connections::{ConfigView, CreateConfig, ExecuteRequest, UpdateConfig};
use axum::Json;
use schemars::{generate::SchemaSettings, JsonSchema};
use serde_json::{json, Value};
use std::sync::OnceLock;

/// `GET /api/v1/openapi.json`.
pub async fn serve() -> Json<&'static Value> {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    Json(DOCUMENT.get_or_init(document))
}

fn schema_of<T: JsonSchema>() -> Value {
    let mut schema = SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    if let Value::Object(map) = &mut schema {
        map.remove("$schema");
    }
    schema
}

fn json_body(schema: Value) -> Value {
    json!({ "content": { "application/json": { "schema": schema } } })
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

/// The catalogue operations of one prefix (`definitions` or `available`).
fn catalogue_paths(prefix: &str, tag: &str, paths: &mut serde_json::Map<String, Value>) {
    let param = json!([{ "name": "connector_type", "in": "path", "required": true, "schema": { "type": "string" }, "description": "The connector's name, e.g. `acme`" }]);
    let ok_json = |description: &str, schema: Value| json!({ "200": { "description": description, "content": { "application/json": { "schema": schema } } }, "404": error_response("Unknown connector type") });
    let list_ok = json!({ "200": { "description": "Every connector definition", "headers": { "ETag": { "schema": { "type": "string" } } }, "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/ConnectorDefinition" } } } } }, "304": { "description": "Not modified since the ETag in If-None-Match" } });
    paths.insert(prefix.to_owned(), json!({ "get": { "tags": [tag], "summary": "List every connector definition", "operationId": format!("{tag}_list"), "security": [], "responses": list_ok } }));
    paths.insert(format!("{prefix}/{{connector_type}}"), json!({ "get": { "tags": [tag], "summary": "One connector definition", "operationId": format!("{tag}_get"), "security": [], "parameters": param, "responses": ok_json("The definition", json!({ "$ref": "#/components/schemas/ConnectorDefinition" })) } }));
    paths.insert(format!("{prefix}/{{connector_type}}/actions"), json!({ "get": { "tags": [tag], "summary": "A connector's actions", "operationId": format!("{tag}_actions"), "security": [], "parameters": param, "responses": ok_json("The actions", json!({ "type": "array", "items": { "type": "object" } })) } }));
    paths.insert(format!("{prefix}/{{connector_type}}/triggers"), json!({ "get": { "tags": [tag], "summary": "A connector's triggers", "operationId": format!("{tag}_triggers"), "security": [], "parameters": param, "responses": ok_json("The triggers", json!({ "type": "array", "items": { "type": "object" } })) } }));
    paths.insert(format!("{prefix}/{{connector_type}}/icon"), json!({ "get": { "tags": [tag], "summary": "A connector's SVG icon", "operationId": format!("{tag}_icon"), "security": [], "parameters": param, "responses": { "200": { "description": "The icon", "content": { "image/svg+xml": { "schema": { "type": "string" } } } }, "404": error_response("Unknown connector, or no icon") } } }));
}

/// The whole document.
pub fn document() -> Value {
    let id_param =
        json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }]);
    let config = json!({ "$ref": "#/components/schemas/ConnectorConfig" });
    let unauthorized = error_response("Missing or invalid API token");
    let invalid = error_response(
        "The body is not valid JSON (400), a field is wrong (422, one entry per field), or the body is too large (413)",
    );
    let mut paths = serde_json::Map::new();
    paths.insert("/healthz".into(), json!({ "get": { "tags": ["system"], "summary": "Liveness", "operationId": "healthz", "security": [], "responses": { "200": { "description": "The server is up", "content": { "application/json": { "schema": { "type": "object", "properties": { "status": { "type": "string" } } } } } } } } }));
    paths.insert("/api/v1/openapi.json".into(), json!({ "get": { "tags": ["system"], "summary": "This document", "operationId": "openapi", "security": [], "responses": { "200": { "description": "The OpenAPI 3.1 document", "content": { "application/json": { "schema": { "type": "object" } } } } } } }));
    catalogue_paths("/api/v1/connectors/definitions", "definitions", &mut paths);
    catalogue_paths("/api/v1/connectors/available", "available", &mut paths);
    paths.insert("/api/v1/connectors".into(), json!({
        "get": { "tags": ["configurations"], "summary": "List connector configurations (credentials masked)", "operationId": "configs_list", "responses": { "200": { "description": "Every configuration", "content": { "application/json": { "schema": { "type": "array", "items": config } } } }, "401": unauthorized } },
        "post": { "tags": ["configurations"], "summary": "Create a connector configuration; credentials are validated against the definition and encrypted", "operationId": "configs_create", "requestBody": merge(json_body(schema_of::<CreateConfig>()), json!({ "required": true })), "responses": { "201": { "description": "Created", "content": { "application/json": { "schema": config } } }, "400": invalid, "401": unauthorized, "404": error_response("Unknown connector type"), "413": invalid, "422": invalid } }
    }));
    paths.insert("/api/v1/connectors/{id}".into(), json!({
        "parameters": id_param,
        "get": { "tags": ["configurations"], "summary": "One configuration", "operationId": "configs_get", "responses": { "200": { "description": "The configuration", "content": { "application/json": { "schema": config } } }, "401": unauthorized, "404": error_response("No such configuration") } },
        "put": { "tags": ["configurations"], "summary": "Update a configuration (a masked credential keeps the stored value)", "operationId": "configs_update", "requestBody": merge(json_body(schema_of::<UpdateConfig>()), json!({ "required": true })), "responses": { "200": { "description": "Updated", "content": { "application/json": { "schema": config } } }, "400": invalid, "401": unauthorized, "404": error_response("No such configuration"), "409": error_response("The stored credentials cannot be decrypted with the current key"), "422": invalid } },
        "delete": { "tags": ["configurations"], "summary": "Delete a configuration", "operationId": "configs_delete", "responses": { "204": { "description": "Deleted" }, "401": unauthorized, "404": error_response("No such configuration") } }
    }));
    paths.insert("/api/v1/connectors/{id}/test".into(), json!({
        "parameters": id_param,
        "post": { "tags": ["configurations"], "summary": "Test the connection and record the result", "operationId": "configs_test", "responses": { "200": { "description": "The outcome (success true or false)", "content": { "application/json": { "schema": { "type": "object", "required": ["success", "message", "tested_at"], "properties": { "success": { "type": "boolean" }, "message": { "type": "string" }, "tested_at": { "type": "string" }, "error": { "type": "object" } } } } } }, "401": unauthorized, "404": error_response("No such configuration"), "409": error_response("The stored credentials cannot be decrypted") } }
    }));
    paths.insert("/api/v1/connectors/{id}/execute".into(), json!({
        "parameters": id_param,
        "post": { "tags": ["configurations"], "summary": "Run an action; the input is validated against the action's jsonSchema first", "operationId": "configs_execute", "requestBody": merge(json_body(schema_of::<ExecuteRequest>()), json!({ "required": true })), "responses": {
            "200": { "description": "The action's output", "content": { "application/json": { "schema": { "type": "object", "properties": { "success": { "const": true }, "data": {} } } } } },
            "400": invalid, "401": unauthorized, "404": error_response("No such configuration or action"), "409": error_response("The stored credentials cannot be decrypted"), "422": invalid,
            "424": error_response("The upstream rejected the stored credentials"), "429": error_response("The upstream throttled the request"),
            "502": error_response("The upstream failed"), "504": error_response("The upstream did not answer in time") } }
    }));
    let oauth_status = json!({ "type": "object", "properties": { "status": { "type": "string" }, "connected": { "type": "boolean" }, "error": { "type": ["string", "null"] }, "expires_at": {}, "has_refresh_token": { "type": "boolean" }, "scope": {} } });
    paths.insert("/api/v1/connectors/{id}/oauth/url".into(), json!({
        "parameters": id_param,
        "get": { "tags": ["oauth"], "summary": "The provider's authorization URL, with a single-use state (10 minutes) and a PKCE S256 challenge where the connector declares it", "operationId": "oauth_url", "responses": {
            "200": { "description": "Where to send the user", "content": { "application/json": { "schema": { "type": "object", "required": ["url", "state"], "properties": { "url": { "type": "string" }, "state": { "type": "string" }, "expires_at": { "type": "integer" }, "pkce": { "type": "boolean" } } } } } },
            "400": error_response("The connector does not use OAuth2, or no OAuth2 client is configured"), "401": unauthorized, "404": error_response("No such configuration") } }
    }));
    paths.insert(crate::oauth::CALLBACK_PATH.into(), json!({
        "get": { "tags": ["oauth"], "summary": "The provider redirects here; the state authenticates the request (no API token)", "operationId": "oauth_callback", "security": [],
            "parameters": [
                { "name": "state", "in": "query", "required": true, "schema": { "type": "string" } },
                { "name": "code", "in": "query", "schema": { "type": "string" } },
                { "name": "error", "in": "query", "schema": { "type": "string" } },
                { "name": "error_description", "in": "query", "schema": { "type": "string" } }
            ],
            "responses": { "303": { "description": "Back to FLUXTURN_FRONTEND_URL with ?oauth=success|error&connector_id=..&error=.." }, "200": { "description": "Connected (no frontend URL configured)" }, "400": error_response("Invalid, reused or expired state, or a failed exchange") } }
    }));
    paths.insert("/api/v1/connectors/{id}/oauth/refresh".into(), json!({
        "parameters": id_param,
        "post": { "tags": ["oauth"], "summary": "Refresh the access token now", "operationId": "oauth_refresh", "responses": { "200": { "description": "The new status", "content": { "application/json": { "schema": oauth_status } } }, "401": unauthorized, "404": error_response("No such configuration"), "424": error_response("The refresh failed; the configuration needs re-authorization") } }
    }));
    paths.insert("/api/v1/connectors/{id}/oauth/revoke".into(), json!({
        "parameters": id_param,
        "post": { "tags": ["oauth"], "summary": "Forget the tokens (the configuration stays)", "operationId": "oauth_revoke", "responses": { "200": { "description": "Revoked", "content": { "application/json": { "schema": { "type": "object" } } } }, "401": unauthorized, "404": error_response("No such configuration") } }
    }));
    paths.insert("/api/v1/connectors/{id}/oauth/status".into(), json!({
        "parameters": id_param,
        "get": { "tags": ["oauth"], "summary": "Whether the configuration is connected, and until when", "operationId": "oauth_status", "responses": { "200": { "description": "The status", "content": { "application/json": { "schema": oauth_status } } }, "401": unauthorized, "404": error_response("No such configuration") } }
    }));
    json!({
        "openapi": "3.1.0",
        "info": { "title": "FluxTurn API", "version": env!("CARGO_PKG_VERSION"), "description": "Connector catalogue, configurations, connection tests and action execution." },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "security": [{ "bearerAuth": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": { "bearerAuth": { "type": "http", "scheme": "bearer", "description": "FLUXTURN_API_TOKEN, or the token printed on first start" } },
            "schemas": {
                "ConnectorConfig": schema_of::<ConfigView>(),
                "ConnectorDefinition": { "type": "object", "required": ["name", "display_name", "category", "description", "auth_type", "auth_fields", "endpoints", "webhook_support", "rate_limits", "supported_actions", "supported_triggers"], "properties": {
                    "name": { "type": "string" }, "display_name": { "type": "string" }, "category": { "type": "string" }, "description": { "type": "string" },
                    "auth_type": { "type": "string" }, "auth_fields": { "type": "array", "items": { "type": "object" } }, "endpoints": { "type": "object" },
                    "webhook_support": { "type": "boolean" }, "rate_limits": { "type": "object" },
                    "supported_actions": { "type": "array", "items": { "type": "object" } }, "supported_triggers": { "type": "array", "items": { "type": "object" } } } },
                "Error": { "type": "object", "required": ["success", "error"], "properties": { "success": { "const": false }, "error": { "type": "object", "required": ["code", "message", "retryable"], "properties": {
                    "code": { "type": "string" }, "message": { "type": "string" }, "retryable": { "type": "boolean" },
                    "details": { "type": "object", "properties": { "errors": { "type": "array", "items": { "type": "object", "required": ["field", "message"], "properties": { "field": { "type": "string" }, "message": { "type": "string" } } } } } } } } } }
            }
        }
    })
}

fn merge(mut a: Value, b: Value) -> Value {
    if let (Value::Object(a), Value::Object(b)) = (&mut a, b) {
        a.extend(b);
    }
    a
}
