//! HubSpot against a local mock of its API.

use connectors::crm::hubspot::Hubspot;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

fn credentials() -> Value {
    json!({"accessToken":"test-token","apiKey":"test-apiKey","appToken":"test-appToken","authType":"test-authType"})
}

/// A mock of `method path` that checks the credentials are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Bearer test-token"))
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("hubspot").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_company",
            "update_company",
            "get_company",
            "delete_company",
            "search_companies",
            "create_contact",
            "update_contact",
            "get_contact",
            "delete_contact",
            "search_contacts",
            "create_deal",
            "update_deal",
            "get_deal",
            "delete_deal",
            "search_deals",
            "create_ticket",
            "update_ticket",
            "get_ticket",
            "delete_ticket",
            "create_engagement",
            "add_contact_to_list",
            "remove_contact_from_list"
        ] as [&str; 22]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        triggers,
        [
            "company_created",
            "company_deleted",
            "company_property_changed",
            "contact_created",
            "contact_deleted",
            "contact_property_changed",
            "deal_created",
            "deal_deleted",
            "deal_property_changed",
            "ticket_created",
            "ticket_deleted",
            "ticket_property_changed"
        ] as [&str; 12]
    );
}

#[tokio::test]
async fn create_company_sends_its_request_and_returns_the_answer() {
    let server = MockServer::start().await;
    let answer = json!({ "id": "item_1", "ok": true });
    upstream("POST", "/crm/v3/objects/companies")
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        testing::execute::<Hubspot>(&server, credentials(), "create_company", json!({"name":"sample"})).await.unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn a_404_from_the_api_is_not_found() {
    let server = MockServer::start().await;
    upstream("POST", "/crm/v3/objects/companies")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no such item" })))
        .mount(&server)
        .await;
    let error = testing::execute::<Hubspot>(&server, credentials(), "create_company", json!({"name":"sample"}))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("no such item"), "{error}");
}

#[tokio::test]
async fn test_connection_calls_the_api_with_the_credentials() {
    let server = MockServer::start().await;
    upstream("GET", "/me")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<Hubspot>(&server, credentials()).test_connection().await.unwrap();
}
