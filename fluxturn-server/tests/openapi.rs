//! The OpenAPI document as a client reads it: the routes it lists are the routes served (and the
//! only ones: routes are added with aide's `api_route`, and clippy.toml forbids the other ways),
//! the create body has one branch per connector type that the server accepts, the connector
//! type is an enum, the create response links to every operation on the new id.

mod common;

use common::{TestServer, TOKEN};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The served document, and the one the generator builds for the same state (they must agree).
async fn document(server: &TestServer) -> Value {
    let (status, served) = server.get("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let (_, generated) = fluxturn_server::api::documented(&server.state);
    assert_eq!(served, serde_json::to_value(&generated).unwrap(), "the route serves the generated document");
    served
}

/// Every (path, method) of the document.
fn operations(document: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            found.push((path.clone(), method.to_uppercase(), operation.clone()));
        }
    }
    found
}

/// A validator of `value` against the shared schema `name` of the document.
fn valid_for(document: &Value, name: &str, value: &Value) -> Vec<String> {
    let schema = json!({ "$ref": format!("#/components/schemas/{name}"), "components": document["components"] });
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    validator.iter_errors(value).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

#[tokio::test]
async fn the_document_lists_exactly_the_routes_and_methods_the_router_serves() {
    let server = TestServer::start().await;
    let document = document(&server).await;
    let methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];
    let id = "00000000-0000-4000-8000-000000000000";
    for (path, item) in document["paths"].as_object().unwrap() {
        let url = server.url(&path.replace("{connector_type}", "acme").replace("{id}", id));
        for method in methods {
            let documented = item.get(method.to_lowercase()).is_some();
            let response = server
                .client
                .request(method.parse().unwrap(), &url)
                .bearer_auth(TOKEN)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            let fell_through = body["error"]["message"].as_str().is_some_and(|m| m.starts_with("no route"));
            if documented {
                assert!(status != 405 && !fell_through, "{method} {path} is documented but not served ({status})");
            } else {
                assert_eq!(status, 405, "{method} {path} is served but not documented");
            }
        }
    }
}

#[tokio::test]
async fn the_create_body_has_one_branch_per_connector_type_that_the_server_accepts() {
    let server = TestServer::start().await;
    let document = document(&server).await;
    let body = &document["paths"]["/api/v1/connectors"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    let registry = connectors::registry();
    let names: BTreeSet<&str> = registry.names().collect();
    let branches: BTreeSet<String> =
        body["oneOf"].as_array().unwrap().iter().map(|b| b["$ref"].as_str().unwrap().to_owned()).collect();
    let expected: BTreeSet<String> =
        names.iter().map(|name| format!("#/components/schemas/CreateConfig.{name}")).collect();
    assert_eq!(branches, expected);
    assert_eq!(body["discriminator"]["propertyName"], "connector_type");
    assert_eq!(body["discriminator"]["mapping"].as_object().unwrap().len(), names.len());

    for definition in registry.definitions() {
        let branch = format!("CreateConfig.{}", definition.name);
        // Every credential filled in with a value of its type: schema-valid, and the server takes it.
        let credentials: serde_json::Map<String, Value> = definition
            .auth_fields
            .iter()
            .map(|field| {
                let value = match (field.options.first(), field.field_type.as_str()) {
                    (Some(option), _) => option.value.clone(),
                    (None, "number") => Value::from(1),
                    (None, "boolean") => Value::from(true),
                    // The form's own example where it has one: a connector may check a field's shape
                    // (WhatsApp's numeric phone number id) as the schema cannot.
                    (None, _) => {
                        Value::from(field.placeholder.as_deref().filter(|p| !p.is_empty()).unwrap_or("fuzz-value"))
                    }
                };
                (field.key.clone(), value)
            })
            .collect();
        let complete = json!({
            "connector_type": definition.name, "name": "Mine", "credentials": credentials,
            "config": { "base_url": "http://127.0.0.1:9" }
        });
        assert_eq!(valid_for(&document, &branch, &complete), Vec::<String>::new(), "{branch}");
        let (status, created) = server.post("/api/v1/connectors", &complete).await;
        assert_eq!(status, 201, "{branch}: {created}");

        // What the server refuses, the branch refuses too.
        let mut unknown = complete.clone();
        unknown["credentials"]["notAField"] = json!("x");
        assert!(!valid_for(&document, &branch, &unknown).is_empty(), "{branch} allows an unknown credential");
        assert_eq!(server.post("/api/v1/connectors", &unknown).await.0, 422);
        let mut blank_name = complete.clone();
        blank_name["name"] = json!(" \t\u{3000}");
        assert!(!valid_for(&document, &branch, &blank_name).is_empty(), "{branch} allows a blank name");
        assert_eq!(server.post("/api/v1/connectors", &blank_name).await.0, 422);
        // A field of another auth method than the chosen one is not required (`displayOptions`).
        for field in definition.auth_fields.iter().filter(|f| f.is_required_for(&credentials)) {
            let mut blank = complete.clone();
            blank["credentials"][&field.key] = json!("  ");
            assert!(!valid_for(&document, &branch, &blank).is_empty(), "{branch} allows a blank {}", field.key);
            assert_eq!(server.post("/api/v1/connectors", &blank).await.0, 422, "{branch}: blank {}", field.key);
        }
        for field in definition.auth_fields.iter().filter(|f| f.required && !f.is_required_for(&credentials)) {
            let mut blank = complete.clone();
            blank["credentials"][&field.key] = json!("  ");
            assert_eq!(
                valid_for(&document, &branch, &blank),
                Vec::<String>::new(),
                "{branch}: {} not chosen",
                field.key
            );
            assert_eq!(server.post("/api/v1/connectors", &blank).await.0, 201, "{branch}: {} not chosen", field.key);
        }
    }
}

#[tokio::test]
async fn connector_type_is_an_enum_of_the_registered_names() {
    let server = TestServer::start().await;
    let document = document(&server).await;
    let registry = connectors::registry();
    let names: Vec<&str> = registry.names().collect();
    let with_icon: Vec<&str> = registry.entries().iter().filter(|e| e.icon().is_some()).map(|e| e.name).collect();
    let mut checked = 0;
    for (path, _, operation) in operations(&document) {
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            if parameter["name"] == "connector_type" {
                let expected = if path.ends_with("/icon") { &with_icon } else { &names };
                assert_eq!(parameter["schema"]["enum"], json!(expected), "{path}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 8, "the four routes by type, under both prefixes");
}

#[tokio::test]
async fn the_create_response_links_every_operation_on_the_new_id() {
    let server = TestServer::start().await;
    let document = document(&server).await;
    let links = document["paths"]["/api/v1/connectors"]["post"]["responses"]["201"]["links"].as_object().unwrap();
    let on_id: BTreeSet<String> = operations(&document)
        .into_iter()
        .filter(|(path, _, _)| path.starts_with("/api/v1/connectors/{id}"))
        .map(|(_, _, operation)| operation["operationId"].as_str().unwrap().to_owned())
        .collect();
    let expected: BTreeSet<&str> = [
        "configs_get",
        "configs_update",
        "configs_delete",
        "configs_test",
        "configs_execute",
        "oauth_url",
        "oauth_callback_post",
        "oauth_refresh",
        "oauth_revoke",
        "oauth_status",
    ]
    .into();
    assert_eq!(on_id.iter().map(String::as_str).collect::<BTreeSet<_>>(), expected);
    assert_eq!(links.keys().cloned().collect::<BTreeSet<_>>(), on_id);
    for (name, link) in links {
        assert_eq!(link["operationId"], json!(name));
        assert_eq!(link["parameters"], json!({ "id": "$response.body#/id" }), "{name}");
    }
}

#[tokio::test]
async fn public_routes_say_security_none_and_errors_list_their_codes_at_the_catalogue_status() {
    let server = TestServer::start().await;
    let document = document(&server).await;
    assert_eq!(document["security"], json!([{ "bearerAuth": [] }]));
    assert_eq!(document["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");
    let mut public = BTreeSet::new();
    for (path, method, operation) in operations(&document) {
        if operation["security"] == json!([]) {
            public.insert(format!("{method} {path}"));
        } else {
            assert!(operation.get("security").is_none(), "{method} {path}");
            assert!(operation["responses"]["401"].is_object(), "{method} {path} needs a token but lists no 401");
        }
        for (status, response) in operation["responses"].as_object().unwrap() {
            for name in response["x-error-codes"].as_array().into_iter().flatten() {
                // A name may be both the server's and a connector's (`unauthorized`: 401 and 424).
                let statuses: Vec<String> = fluxturn_server::error::ApiCode::every()
                    .filter(|code| code.as_str() == name)
                    .map(|code| fluxturn_server::api::error::status(code).as_u16().to_string())
                    .collect();
                assert!(statuses.contains(status), "{method} {path}: {name} at {status}, not {statuses:?}");
            }
        }
    }
    assert_eq!(public.len(), 25, "{public:#?}");
    assert!(public.contains("POST /api/v1/webhooks/{connector}/{id}"), "providers cannot send our token");
    assert!(public.contains("GET /api/v1/webhooks/{connector}/{id}"), "nor check the URL with it");
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        assert!(
            public.contains(&format!("{method} /api/v1/webhook/{{id}}")),
            "a workflow's webhook trigger authenticates itself"
        );
    }
    for login in ["POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "GET /api/v1/oauth/{provider}/authorize"] {
        assert!(public.contains(login), "{login} is public");
    }
    assert!(public.contains("GET /api/v1/connectors/oauth/callback") && public.contains("GET /healthz"));
    let execute = &document["paths"]["/api/v1/connectors/{id}/execute"]["post"]["responses"];
    for status in ["400", "401", "404", "409", "413", "422", "424", "429", "501", "502", "504"] {
        assert!(execute[status].is_object(), "execute does not list {status}");
    }
    let configuration_error = &document["paths"]["/api/v1/connectors/{id}"]["put"]["responses"]["409"];
    assert_eq!(configuration_error["x-error-codes"], json!(["credentials_unreadable"]));
}

/// FluxTurn's form sends the auth choice in `config`: the document allows it, and requires the
/// chosen method's fields, as the server does.
#[tokio::test]
async fn an_auth_choice_in_config_is_documented_as_the_server_takes_it() {
    let server = TestServer::start().await;
    let document = document(&server).await;
    let cases = [
        (json!({"connector_type": "github", "name": "x", "credentials": {}, "config": {"authType": "oauth2"}}), 201),
        (json!({"connector_type": "discord", "name": "x", "credentials": {}, "config": {"authType": "webhook"}}), 422),
        (
            json!({"connector_type": "discord", "name": "x",
                   "credentials": {"webhookUrl": "https://discord.com/api/webhooks/1/t"}, "config": {"authType": "webhook"}}),
            201,
        ),
    ];
    for (body, status) in cases {
        let branch = format!("CreateConfig.{}", body["connector_type"].as_str().unwrap());
        let violations = valid_for(&document, &branch, &body);
        assert_eq!(violations.is_empty(), status == 201, "{body}: {violations:?}");
        assert_eq!(server.post("/api/v1/connectors", &body).await.0, status, "{body}");
    }
}
