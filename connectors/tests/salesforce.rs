//! Salesforce against a local mock of its API.

use connectors::crm::salesforce::Salesforce;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

fn credentials() -> Value {
    json!({"accessToken":"test-token","authType":"test-authType","clientId":"test-clientId","clientSecret":"test-clientSecret","instanceUrl":"test-instanceUrl"})
}

/// A mock of `method path` that checks the credentials are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Bearer test-token"))
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("salesforce").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_account",
            "update_account",
            "get_account",
            "get_all_accounts",
            "create_contact",
            "update_contact",
            "get_contact",
            "get_all_contacts",
            "delete_contact",
            "create_lead",
            "update_lead",
            "get_lead",
            "get_all_leads",
            "delete_lead",
            "create_opportunity",
            "update_opportunity",
            "get_opportunity",
            "get_all_opportunities",
            "delete_opportunity",
            "create_case",
            "update_case",
            "get_case",
            "get_all_cases",
            "create_task",
            "update_task",
            "get_task",
            "get_all_tasks",
            "delete_task",
            "search_records",
            "execute_soql",
            "create_custom_object",
            "update_custom_object",
            "get_custom_object"
        ] as [&str; 33]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        triggers,
        [
            "record_created",
            "record_updated",
            "record_deleted",
            "opportunity_stage_changed",
            "lead_converted",
            "case_escalated"
        ] as [&str; 6]
    );
}

#[tokio::test]
async fn test_connection_calls_the_api_with_the_credentials() {
    let server = MockServer::start().await;
    upstream("GET", "/me")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<Salesforce>(&server, credentials()).test_connection().await.unwrap();
}
