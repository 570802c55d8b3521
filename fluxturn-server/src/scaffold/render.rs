//! The text of the generated connector file and of its test file.

use super::names::lit;
use super::plan::{ActionBody, AuthKind, FieldPlan, InputPlan, Plan};
use base64::Engine;
use serde_json::{json, Map, Value};
use std::fmt::Write;

/// The file `connectors/catalogue/<name>/src/<name>.rs`.
pub fn connector(plan: &Plan) -> String {
    let mut out = String::new();
    let uses_value = !plan.actions.is_empty() || !plan.triggers.is_empty();
    out.push_str("use fluxturn_core::prelude::*;\n");
    if uses_value {
        let needs_map = plan
            .actions
            .iter()
            .filter_map(|a| a.input.as_ref())
            .chain(plan.triggers.iter().map(|t| &t.config))
            .any(|i| i.fields.iter().any(|f| f.rust_type.contains("Map<")));
        out.push_str(if needs_map { "use serde_json::{Map, Value};\n" } else { "use serde_json::Value;\n" });
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "/// {}",
        if plan.example {
            format!("Read items from {}", plan.display_name)
        } else {
            format!("{}: its actions and triggers", plan.display_name)
        }
    );
    if let Some(source) = &plan.from_compat {
        let _ = writeln!(out, "///\n/// Started with `fluxturn new connector --from-compat {source}`.");
    }
    out.push_str("#[connector(\n");
    let _ = writeln!(out, "    name = {},", lit(&plan.name));
    let _ = writeln!(out, "    display_name = {},", lit(&plan.display_name));
    let _ = writeln!(out, "    category = {},", lit(&plan.category));
    if plan.base_url_is_example {
        out.push_str("    // The API's base URL: replace this example.\n");
    }
    let _ = writeln!(out, "    base_url = {},", lit(&plan.base_url));
    let _ = writeln!(out, "    icon = {},", lit(&format!("icons/{}.svg", plan.name)));
    if plan.auth == AuthKind::ApiKey {
        out.push_str("    // Where the key goes: a header (with a prefix), `query = \"key\"`, or `url` for a base_url placeholder.\n");
    }
    let _ = writeln!(out, "    auth = {},", plan.auth_declaration);
    if !plan.credentials.is_empty() {
        let _ = writeln!(out, "    credentials = {}Credentials,", plan.type_name);
    }
    out.push_str(")]\n");
    let _ = writeln!(out, "pub struct {} {{\n    http: Http,\n}}\n", plan.type_name);
    if !plan.credentials.is_empty() {
        let _ = writeln!(out, "/// What the user enters in the \"Add {}\" form.", plan.display_name);
        out.push_str("#[derive(Credentials)]\n");
        let _ = writeln!(out, "pub struct {}Credentials {{", plan.type_name);
        for field in &plan.credentials {
            write_field(&mut out, field, false);
        }
        out.push_str("}\n\n");
    }
    for input in plan.actions.iter().filter_map(|a| a.input.as_ref()).chain(plan.triggers.iter().map(|t| &t.config)) {
        write_input(&mut out, input);
    }
    out.push_str("#[actions]\n");
    let _ = writeln!(out, "impl {} {{", plan.type_name);
    for action in &plan.actions {
        let _ = writeln!(out, "    /// {}", action.name);
        let mut keys = vec![format!("name = {}", lit(&action.name))];
        if let Some(legacy) = &action.legacy_id {
            keys.push(format!("legacy_id = {}", lit(legacy)));
        }
        if let ActionBody::Http { method, endpoint } = &action.body {
            keys.push(format!("http(method = {}, endpoint = {})", lit(method), lit(endpoint)));
        }
        let _ = writeln!(out, "    #[action({})]", keys.join(", "));
        let param = action.input.as_ref().map(|i| format!(", input: {}", i.name)).unwrap_or_default();
        match &action.body {
            ActionBody::Http { .. } => {
                let _ = writeln!(out, "    async fn {}(&self{param}) -> Result<Value>;\n", action.ident);
            }
            ActionBody::ToWrite => {
                let param = param.replace("input:", "_input:");
                let _ = writeln!(out, "    async fn {}(&self{param}) -> Result<Value> {{", action.ident);
                out.push_str("        // The compat file gives no usable method and endpoint: call the API here with `self.http`.\n");
                let _ = writeln!(
                    out,
                    "        Err(ConnectorError::new(ErrorCode::NotSupported, {}))\n    }}\n",
                    lit(&format!("`{}` is not written yet", action.ident))
                );
            }
        }
    }
    for trigger in &plan.triggers {
        let _ = writeln!(out, "    /// {}", trigger.name);
        let mut keys = vec![format!("name = {}", lit(&trigger.name))];
        if let Some(alias) = &trigger.alias {
            keys.push(format!("aliases = [{}]", lit(alias)));
        }
        keys.push(if trigger.webhook { "webhook".into() } else { "polling".into() });
        let _ = writeln!(out, "    #[trigger({})]", keys.join(", "));
        if trigger.webhook {
            let _ = writeln!(
                out,
                "    async fn {}(&self, _config: {}, request: WebhookRequest) -> Result<Vec<Value>> {{",
                trigger.ident, trigger.config.name
            );
            out.push_str("        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and\n");
            out.push_str(
                "        // declare how deliveries are verified (`verify = \"...\", secret = ...` in #[trigger]).\n",
            );
            out.push_str("        Ok(vec![request.json()?])\n    }\n\n");
        } else {
            let _ = writeln!(
                out,
                "    async fn {}(&self, _config: {}, _cursor: Option<Value>) -> Result<Polled<Value>> {{",
                trigger.ident, trigger.config.name
            );
            out.push_str("        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)\n");
            out.push_str("        // only records where things stand; two items that arrive together are both returned; none twice.\n");
            let _ = writeln!(
                out,
                "        Err(ConnectorError::new(ErrorCode::NotSupported, {}))\n    }}\n",
                lit(&format!("`{}` is not written yet", trigger.ident))
            );
        }
    }
    out.push_str(
        "    /// A cheap call that proves the credentials work (replace `/me` with such an endpoint of the API)\n",
    );
    out.push_str("    #[test_connection]\n    async fn check_credentials(&self) -> Result<()> {\n        self.http.get(\"/me\").send().await.map(drop)\n    }\n}\n");
    out
}

/// One field with its doc comment and attributes.
fn write_field(out: &mut String, field: &FieldPlan, input: bool) {
    let _ = writeln!(out, "    /// {}", field.doc);
    let _ = writeln!(out, "    #[field({})]", field.hints.join(", "));
    if input && field.ident.trim_start_matches("r#") != field.key {
        let _ = writeln!(out, "    #[serde(rename = {})]", lit(&field.key));
    }
    let _ = writeln!(out, "    pub {}: {},", field.ident, field.rust_type);
}

/// An input struct and the enums of its selects.
fn write_input(out: &mut String, input: &InputPlan) {
    for choice in &input.enums {
        let _ = writeln!(out, "/// {}", choice.doc);
        out.push_str("#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]\n");
        let _ = writeln!(out, "pub enum {} {{", choice.name);
        for (variant, value) in &choice.variants {
            let _ = writeln!(out, "    /// {value}\n    #[serde(rename = {})]\n    {variant},", lit(value));
        }
        out.push_str("}\n\n");
    }
    let _ = writeln!(out, "/// {}", input.doc);
    out.push_str("#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]\n");
    let _ = writeln!(out, "pub struct {} {{", input.name);
    for field in &input.fields {
        write_field(out, field, true);
    }
    out.push_str("}\n\n");
}

/// The sample credentials of the generated test.
fn credentials(plan: &Plan) -> Value {
    let mut values = Map::new();
    for field in &plan.credentials {
        values.insert(field.key.clone(), field.sample.clone());
    }
    if plan.auth == AuthKind::Oauth2 {
        values.insert("accessToken".into(), json!("test-token"));
    }
    Value::Object(values)
}

/// The `Authorization` header the sample credentials give, if any.
fn authorization(plan: &Plan, credentials: &Value) -> Option<String> {
    let text = |key: &str| credentials.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let secret = plan.credentials.iter().find(|c| c.rust_type.contains("Secret")).map(|c| c.key.as_str()).unwrap_or("");
    match plan.auth {
        AuthKind::ApiKey | AuthKind::Bearer => Some(format!("Bearer {}", text(secret))),
        AuthKind::Oauth2 => Some("Bearer test-token".into()),
        AuthKind::Basic => {
            let user = plan
                .credentials
                .iter()
                .find(|c| !c.rust_type.contains("Secret"))
                .map(|c| c.key.as_str())
                .unwrap_or("username");
            let pair = format!("{}:{}", text(user), text(secret));
            Some(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair)))
        }
        AuthKind::None => None,
    }
}

/// The file `connectors/tests/<name>.rs`: the connector against a local mock of its API.
pub fn test(plan: &Plan) -> String {
    let credentials = credentials(plan);
    let mut out = String::new();
    let _ = writeln!(out, "//! {} against a local mock of its API.\n", plan.display_name);
    let _ = writeln!(out, "use connectors::{}::{}::{};", plan.category, plan.name, plan.type_name);
    out.push_str("use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};\n");
    out.push_str("use fluxturn_core::{Connector, ErrorCode};\nuse serde_json::{json, Value};\n\n");
    let _ = writeln!(out, "fn credentials() -> Value {{\n    json!({credentials})\n}}\n");
    out.push_str("/// A mock of `method path` that checks the credentials are sent.\n");
    out.push_str("fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {\n");
    out.push_str("    Mock::given(matchers::method(method))\n        .and(matchers::path(path.to_owned()))\n");
    if let Some(header) = authorization(plan, &credentials) {
        let _ = writeln!(out, "        .and(matchers::header(\"authorization\", {}))", lit(&header));
    }
    out.push_str("}\n\n");
    let ids: Vec<String> = plan.actions.iter().map(|a| lit(a.legacy_id.as_deref().unwrap_or(&a.ident))).collect();
    let triggers: Vec<String> = plan.triggers.iter().map(|t| lit(&t.ident)).collect();
    out.push_str("#[test]\nfn the_definition_lists_every_action_and_trigger() {\n");
    let _ = writeln!(
        out,
        "    let definition = connectors::registry().definition({}).expect(\"registered\");",
        lit(&plan.name)
    );
    out.push_str(
        "    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();\n",
    );
    let _ = writeln!(out, "    assert_eq!(actions, [{}] as [&str; {}]);", ids.join(", "), ids.len());
    out.push_str(
        "    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();\n",
    );
    let _ = writeln!(out, "    assert_eq!(triggers, [{}] as [&str; {}]);\n}}\n", triggers.join(", "), triggers.len());
    // The first declared action whose path the test can fill: the request sent and an error mapped.
    let tested = plan.actions.iter().find_map(|action| {
        let ActionBody::Http { method, endpoint } = &action.body else { return None };
        let mut input = Map::new();
        for field in action.input.iter().flat_map(|i| &i.fields) {
            let placeholder = endpoint.contains(&format!("{{{}}}", field.key));
            if placeholder {
                input.insert(
                    field.key.clone(),
                    json!(format!(
                        "{}1",
                        field.key.to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "")
                    )),
                );
            } else if !field.rust_type.starts_with("Option<") {
                input.insert(field.key.clone(), field.sample.clone());
            }
        }
        let path = fluxturn_core::http::fill_placeholders(endpoint, |p| {
            input.get(p).and_then(Value::as_str).map(str::to_owned)
        })
        .ok()?;
        Some((action, method.clone(), path.split('?').next().unwrap_or_default().to_owned(), Value::Object(input)))
    });
    if let Some((action, method, path, input)) = tested {
        let id = action.legacy_id.as_deref().unwrap_or(&action.ident);
        let _ =
            writeln!(out, "#[tokio::test]\nasync fn {}_sends_its_request_and_returns_the_answer() {{", action.ident);
        out.push_str("    let server = MockServer::start().await;\n");
        let _ = writeln!(out, "    let answer = json!({{ \"id\": \"item_1\", \"ok\": true }});");
        let _ = writeln!(out, "    upstream({}, {})\n        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))\n        .expect(1)\n        .mount(&server)\n        .await;", lit(&method), lit(&path));
        let _ = writeln!(
            out,
            "    let output = testing::execute::<{}>(&server, credentials(), {}, json!({input})).await.unwrap();",
            plan.type_name,
            lit(id)
        );
        out.push_str("    assert_eq!(output, answer);\n}\n\n");
        let _ = writeln!(out, "#[tokio::test]\nasync fn a_404_from_the_api_is_not_found() {{");
        out.push_str("    let server = MockServer::start().await;\n");
        let _ = writeln!(out, "    upstream({}, {})\n        .respond_with(ResponseTemplate::new(404).set_body_json(json!({{ \"message\": \"no such item\" }})))\n        .mount(&server)\n        .await;", lit(&method), lit(&path));
        let _ = writeln!(
            out,
            "    let error = testing::execute::<{}>(&server, credentials(), {}, json!({input})).await.unwrap_err();",
            plan.type_name,
            lit(id)
        );
        out.push_str("    assert_eq!(error.code, ErrorCode::NotFound, \"{error}\");\n    assert!(error.message.contains(\"no such item\"), \"{error}\");\n}\n\n");
    }
    out.push_str("#[tokio::test]\nasync fn test_connection_calls_the_api_with_the_credentials() {\n");
    out.push_str("    let server = MockServer::start().await;\n");
    out.push_str("    upstream(\"GET\", \"/me\").respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).expect(1).mount(&server).await;\n");
    let _ = writeln!(
        out,
        "    testing::connect::<{}>(&server, credentials()).test_connection().await.unwrap();\n}}",
        plan.type_name
    );
    out
}

/// A plain icon: the connector's initial on a rounded square.
pub fn icon(plan: &Plan) -> String {
    let initial = plan.display_name.chars().next().unwrap_or('?').to_ascii_uppercase();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><rect width=\"24\" height=\"24\" rx=\"5\" fill=\"#4b5563\"/><text x=\"12\" y=\"16.5\" font-family=\"sans-serif\" font-size=\"13\" text-anchor=\"middle\" fill=\"#fff\">{initial}</text></svg>\n"
    )
}
