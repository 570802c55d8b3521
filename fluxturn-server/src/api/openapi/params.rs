//! Parameters the handlers take as plain strings (`Path<String>`, a query map, a header), with
//! the schema the server actually enforces: the connector type is one of the registered names.

use aide::openapi::{Parameter, ReferenceOr};
use aide::transform::TransformOperation;
use serde_json::{json, Value};

/// Adds a parameter written as its OpenAPI JSON.
fn add<'t>(mut op: TransformOperation<'t>, parameter: Value) -> TransformOperation<'t> {
    let parameter: Parameter = serde_json::from_value(parameter).expect("a parameter built here is valid");
    op.inner_mut().parameters.push(ReferenceOr::Item(parameter));
    op
}

/// `{id}`: a configuration id, as `POST /api/v1/connectors` returned it.
pub fn configuration_id(op: TransformOperation<'_>) -> TransformOperation<'_> {
    add(
        op,
        json!({
            "name": "id", "in": "path", "required": true,
            "description": "The configuration's id, as `POST /api/v1/connectors` returned it",
            "schema": { "type": "string", "format": "uuid" }
        }),
    )
}

/// `{connector_type}`: one of `names`.
pub fn connector_type<'t>(op: TransformOperation<'t>, names: &[&str]) -> TransformOperation<'t> {
    add(
        op,
        json!({
            "name": "connector_type", "in": "path", "required": true,
            "description": "A registered connector's name",
            "schema": { "type": "string", "enum": names }
        }),
    )
}

/// An optional query parameter of type string.
pub fn query<'t>(op: TransformOperation<'t>, name: &str, required: bool, description: &str) -> TransformOperation<'t> {
    add(
        op,
        json!({
            "name": name, "in": "query", "required": required, "description": description,
            "schema": { "type": "string" }
        }),
    )
}

/// An optional request header of type string.
pub fn header<'t>(op: TransformOperation<'t>, name: &str, description: &str) -> TransformOperation<'t> {
    add(op, json!({ "name": name, "in": "header", "description": description, "schema": { "type": "string" } }))
}

/// `{provider}`: FluxTurn's OAuth2 provider name (a connector's name, or `google`/`microsoft`).
pub fn provider(op: TransformOperation<'_>) -> TransformOperation<'_> {
    add(
        op,
        json!({
            "name": "provider", "in": "path", "required": true,
            "description": "The OAuth2 provider: a connector's name, or the shared `google` or `microsoft`",
            "schema": { "type": "string" }
        }),
    )
}

/// A required path parameter of type string.
pub fn path<'t>(op: TransformOperation<'t>, name: &str, description: &str) -> TransformOperation<'t> {
    add(
        op,
        json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": "string" } }),
    )
}
