//! The OpenAPI 3.1 document, served at `/api/v1/openapi.json`. `aide` builds it with the router
//! (`api::router`): every route is added with `api_route`, its parameters and bodies come from
//! the handlers' types (schemars), its failures from the error catalogue ([`failures`]), and
//! what depends on the connectors (the create body of each connector type, the actions'
//! inputs, the connector type names) from the registry ([`bodies`], [`params`]).

pub mod bodies;
pub mod failures;
pub mod links;
pub mod params;

use aide::axum::IntoApiResponse;
use aide::openapi::{OpenApi, SecurityScheme};
use aide::transform::{TransformOpenApi, TransformOperation};
use axum::body::Bytes;
use axum::http::header;
use axum::Extension;
use schemars::generate::SchemaSettings;
use serde_json::Value;

/// Where the document is served.
pub const PATH: &str = "/api/v1/openapi.json";

/// The security scheme of every route that needs the API token.
pub const BEARER: &str = "bearerAuth";

/// The serialized document, as the route serves it.
#[derive(Clone)]
pub struct Document(pub Bytes);

/// Readies aide's generator on this thread for one router: JSON Schema 2020-12 (the dialect of
/// OpenAPI 3.1), shared schemas under `#/components/schemas/`. `finish_api` resets it.
pub fn start() {
    aide::generate::reset_context();
    aide::generate::extract_schemas(true);
    aide::generate::on_error(|error| tracing::warn!(%error, "the OpenAPI document is inconsistent"));
    aide::generate::in_context(|ctx| {
        ctx.schema = SchemaSettings::draft2020_12()
            .with(|settings| settings.definitions_path = "#/components/schemas/".into())
            .into_generator();
    });
}

/// The document's own parts: info, the bearer scheme (required by default), the dialect.
pub fn describe(api: TransformOpenApi<'_>) -> TransformOpenApi<'_> {
    let scheme = SecurityScheme::Http {
        scheme: "bearer".into(),
        bearer_format: None,
        description: Some(
            "`Authorization: Bearer <token>`: FLUXTURN_API_TOKEN, or the token printed on first start".into(),
        ),
        extensions: Default::default(),
    };
    let mut api = api
        .title("FluxTurn API")
        .version(env!("CARGO_PKG_VERSION"))
        .description("Connector catalogue, configurations, connection tests, action execution and OAuth2 connections.")
        .security_scheme(BEARER, scheme)
        .security_requirement(BEARER);
    api.inner_mut().json_schema_dialect = Some("https://json-schema.org/draft/2020-12/schema".into());
    api
}

/// Marks an operation as public: `security: []` overrides the document's bearer requirement.
/// (aide leaves an empty `security` out, which would mean "the document's requirement", so the
/// empty list goes in beside it.)
pub fn public(mut op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.inner_mut().extensions.insert("security".into(), Value::Array(Vec::new()));
    op
}

/// The finished document, serialized once.
pub fn serialize(api: &OpenApi) -> Document {
    Document(Bytes::from(serde_json::to_vec(api).expect("an OpenAPI document always serializes")))
}

/// `GET /api/v1/openapi.json`.
pub async fn serve(Extension(Document(document)): Extension<Document>) -> impl IntoApiResponse {
    ([(header::CONTENT_TYPE, "application/json")], document)
}

/// The docs of [`serve`].
pub fn serve_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    public(op)
        .id("openapi")
        .tag("system")
        .summary("This document")
        .response_with::<200, axum::Json<Value>, _>(|response| response.description("The OpenAPI 3.1 document"))
}

/// Drops the shared schemas no operation reaches (a body a route replaced with its own, as
/// [`bodies`] does for the create, update and execute bodies).
pub fn drop_unreachable_schemas(api: &mut OpenApi) {
    const PREFIX: &str = "#/components/schemas/";
    fn references(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    if let Some(name) = reference.strip_prefix(PREFIX) {
                        found.push(name.to_owned());
                    }
                }
                map.values().for_each(|v| references(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| references(v, found)),
            _ => {}
        }
    }
    let Some(components) = api.components.as_mut() else { return };
    let paths = serde_json::to_value(&api.paths).unwrap_or_default();
    let mut pending = Vec::new();
    references(&paths, &mut pending);
    let mut reached = std::collections::HashSet::new();
    while let Some(name) = pending.pop() {
        if reached.insert(name.clone()) {
            if let Some(schema) = components.schemas.get(&name) {
                references(schema.json_schema.as_value(), &mut pending);
            }
        }
    }
    components.schemas.retain(|name, _| reached.contains(name));
}
