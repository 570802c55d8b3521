//! HubSpot against a local mock of its API.

use connectors::crm::hubspot::Hubspot;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::Rejection;
use fluxturn_core::{
    Connector, ConnectorSpec, ErrorCode, EventId, SecretSource, SignatureScheme, WebhookReply, WebhookRequest,
};
use serde_json::{json, Value};

const TOKEN: &str = "pat-na1-11111111-2222-3333-4444-555555555555";
/// The client secret of the HubSpot app whose webhooks call FluxTurn.
const CLIENT_SECRET: &str = "test-only-hubspot-client-secret";

fn credentials() -> Value {
    json!({"authType": "appToken", "appToken": TOKEN, "clientSecret": CLIENT_SECRET})
}

/// A mock of `method path` that checks the private app token is sent as a bearer token.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<Hubspot>(server, credentials(), action, input).await
}

/// A CRM record as HubSpot returns it.
fn record(id: &str, properties: Value) -> Value {
    json!({
        "id": id,
        "properties": properties,
        "createdAt": "2026-11-27T06:00:00.000Z",
        "updatedAt": "2026-11-27T06:00:00.000Z",
        "archived": false
    })
}

/// A HubSpot error body.
fn hubspot_error(status: &str, message: &str, category: &str) -> Value {
    json!({"status": status, "message": message, "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf", "category": category})
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

// ---------------------------------------------------------------------------------------------
// Auth
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn test_connection_reads_one_contact_with_the_token() {
    let server = MockServer::start().await;
    upstream("GET", "/crm/v3/objects/contacts")
        .and(matchers::query_param("limit", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": []})))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<Hubspot>(&server, credentials()).test_connection().await.unwrap();
}

#[tokio::test]
async fn an_oauth2_connection_and_a_legacy_key_are_sent_as_bearer_tokens() {
    for (credentials, token) in [
        (json!({"authType": "oauth2", "accessToken": "oauth-access-token"}), "oauth-access-token"),
        (json!({"authType": "apiKey", "apiKey": "pat-legacy-field"}), "pat-legacy-field"),
    ] {
        let server = MockServer::start().await;
        Mock::given(matchers::method("GET"))
            .and(matchers::path("/crm/v3/objects/contacts"))
            .and(matchers::header("authorization", format!("Bearer {token}").as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": []})))
            .expect(1)
            .mount(&server)
            .await;
        testing::connect::<Hubspot>(&server, credentials).test_connection().await.unwrap();
    }
}

#[test]
fn the_definition_offers_hubspots_oauth_without_pkce_and_the_tokens() {
    let definition = connectors::registry().definition("hubspot").expect("registered");
    assert_eq!(definition.auth_type, "multiple");
    let oauth = definition.oauth_config.as_ref().expect("oauth2");
    assert_eq!(oauth.authorization_url, "https://app.hubspot.com/oauth/authorize");
    assert_eq!(oauth.token_url, "https://api.hubapi.com/oauth/v1/token");
    assert!(!Hubspot::META.auth.iter().any(|a| a.uses_pkce()));
    let keys: Vec<&str> = definition.auth_fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["authType", "apiKey", "appToken", "clientSecret"]);
}

// ---------------------------------------------------------------------------------------------
// CRM records
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_company_sends_the_properties_and_the_additional_fields() {
    let server = MockServer::start().await;
    let answer = record("512", json!({"name": "Acme", "domain": "acme.example", "numberofemployees": "40"}));
    upstream("POST", "/crm/v3/objects/companies")
        .and(matchers::body_json(json!({"properties": {
            "name": "Acme", "domain": "acme.example", "city": "Lyon", "numberofemployees": "40"
        }})))
        .respond_with(ResponseTemplate::new(201).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"name": "Acme", "domain": "acme.example", "city": "Lyon", "additionalFields": {"numberofemployees": 40}});
    assert_eq!(run(&server, "create_company", input).await.unwrap(), answer);
}

#[tokio::test]
async fn update_company_patches_the_properties_given() {
    let server = MockServer::start().await;
    let answer = record("512", json!({"name": "Acme SA"}));
    upstream("PATCH", "/crm/v3/objects/companies/512")
        .and(matchers::body_json(json!({"properties": {"name": "Acme SA", "industry": "COMPUTER_SOFTWARE"}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"companyId": "512", "name": "Acme SA", "additionalFields": {"industry": "COMPUTER_SOFTWARE"}});
    assert_eq!(run(&server, "update_company", input).await.unwrap(), answer);
}

#[tokio::test]
async fn get_company_asks_for_the_properties_named() {
    let server = MockServer::start().await;
    let answer = record("512", json!({"name": "Acme", "domain": "acme.example"}));
    upstream("GET", "/crm/v3/objects/companies/512")
        .and(matchers::query_param("properties", "name,domain"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_company", json!({"companyId": "512", "properties": "name, domain"})).await.unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn delete_company_archives_it() {
    let server = MockServer::start().await;
    upstream("DELETE", "/crm/v3/objects/companies/512")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "delete_company", json!({"companyId": "512"})).await.unwrap();
    assert_eq!(output, json!({"id": "512", "deleted": true}));
}

#[tokio::test]
async fn search_companies_filters_by_domain_and_follows_the_pages_up_to_the_limit() {
    let server = MockServer::start().await;
    let filter = json!([{"filters": [{"propertyName": "domain", "operator": "EQ", "value": "acme.example"}]}]);
    upstream("POST", "/crm/v3/objects/companies/search")
        .and(matchers::body_json(json!({"filterGroups": filter, "limit": 3, "properties": ["name", "domain"]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total": 5,
            "results": [record("1", json!({})), record("2", json!({}))],
            "paging": {"next": {"after": "2"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/crm/v3/objects/companies/search")
        .and(matchers::body_json(
            json!({"filterGroups": filter, "limit": 3, "properties": ["name", "domain"], "after": "2"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total": 5,
            "results": [record("3", json!({})), record("4", json!({}))],
            "paging": {"next": {"after": "4"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"domain": "acme.example", "limit": 3, "properties": "name,domain"});
    let output = run(&server, "search_companies", input).await.unwrap();
    let ids: Vec<&str> = output["results"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(output["total"], 3);
}

#[tokio::test]
async fn create_contact_sends_the_form_as_properties() {
    let server = MockServer::start().await;
    let answer = record("901", json!({"email": "ada@example.com"}));
    upstream("POST", "/crm/v3/objects/contacts")
        .and(matchers::body_json(json!({"properties": {
            "email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace", "lifecyclestage": "lead", "jobtitle": "Analyst"
        }})))
        .respond_with(ResponseTemplate::new(201).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace", "lifecyclestage": "lead",
        "additionalFields": {"jobtitle": "Analyst"}});
    assert_eq!(run(&server, "create_contact", input).await.unwrap(), answer);
}

#[tokio::test]
async fn update_contact_patches_it() {
    let server = MockServer::start().await;
    let answer = record("901", json!({"lastname": "King"}));
    upstream("PATCH", "/crm/v3/objects/contacts/901")
        .and(matchers::body_json(json!({"properties": {"lastname": "King"}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "update_contact", json!({"contactId": "901", "lastname": "King"})).await.unwrap(), answer);
}

#[tokio::test]
async fn get_contact_reads_it() {
    let server = MockServer::start().await;
    let answer = record("901", json!({"email": "ada@example.com"}));
    upstream("GET", "/crm/v3/objects/contacts/901")
        .and(matchers::query_param("properties", "email"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_contact", json!({"contactId": "901", "properties": "email"})).await.unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn delete_contact_archives_it() {
    let server = MockServer::start().await;
    upstream("DELETE", "/crm/v3/objects/contacts/901")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        run(&server, "delete_contact", json!({"contactId": "901"})).await.unwrap(),
        json!({"id": "901", "deleted": true})
    );
}

#[tokio::test]
async fn search_contacts_finds_by_email() {
    let server = MockServer::start().await;
    upstream("POST", "/crm/v3/objects/contacts/search")
        .and(matchers::body_json(json!({
            "filterGroups": [{"filters": [{"propertyName": "email", "operator": "EQ", "value": "ada@example.com"}]}],
            "limit": 10
        })))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"total": 1, "results": [record("901", json!({"email": "ada@example.com"}))]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "search_contacts", json!({"email": "ada@example.com"})).await.unwrap();
    assert_eq!(output, json!({"total": 1, "results": [record("901", json!({"email": "ada@example.com"}))]}));
}

#[tokio::test]
async fn create_deal_sends_the_amount_as_text_and_associates_contacts_and_companies() {
    let server = MockServer::start().await;
    let answer = record("77", json!({"dealname": "Renewal"}));
    let association = |id: &str, type_id: u32| json!({"to": {"id": id}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}]});
    upstream("POST", "/crm/v3/objects/deals")
        .and(matchers::body_json(json!({
            "properties": {"dealname": "Renewal", "dealstage": "appointmentscheduled", "amount": "1500", "pipeline": "default"},
            "associations": [association("901", 3), association("512", 5)]
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"dealname": "Renewal", "dealstage": "appointmentscheduled", "amount": 1500, "pipeline": "default",
        "associatedContactIds": [901], "associatedCompanyIds": ["512"]});
    assert_eq!(run(&server, "create_deal", input).await.unwrap(), answer);
}

#[tokio::test]
async fn update_deal_patches_it() {
    let server = MockServer::start().await;
    let answer = record("77", json!({"dealstage": "closedwon"}));
    upstream("PATCH", "/crm/v3/objects/deals/77")
        .and(matchers::body_json(json!({"properties": {"dealstage": "closedwon", "amount": "99.5"}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"dealId": "77", "dealstage": "closedwon", "amount": 99.5});
    assert_eq!(run(&server, "update_deal", input).await.unwrap(), answer);
}

#[tokio::test]
async fn get_deal_reads_it() {
    let server = MockServer::start().await;
    let answer = record("77", json!({"dealname": "Renewal"}));
    upstream("GET", "/crm/v3/objects/deals/77")
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "get_deal", json!({"dealId": "77"})).await.unwrap(), answer);
}

#[tokio::test]
async fn delete_deal_archives_it() {
    let server = MockServer::start().await;
    upstream("DELETE", "/crm/v3/objects/deals/77")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        run(&server, "delete_deal", json!({"dealId": "77"})).await.unwrap(),
        json!({"id": "77", "deleted": true})
    );
}

#[tokio::test]
async fn search_deals_lists_them_up_to_the_default_limit() {
    let server = MockServer::start().await;
    upstream("POST", "/crm/v3/objects/deals/search")
        .and(matchers::body_json(json!({"filterGroups": [], "limit": 10})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"total": 1, "results": [record("77", json!({}))]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "search_deals", json!({})).await.unwrap();
    assert_eq!(output, json!({"total": 1, "results": [record("77", json!({}))]}));
}

#[tokio::test]
async fn create_ticket_goes_to_the_default_pipeline_unless_told() {
    let server = MockServer::start().await;
    let answer = record("3001", json!({"subject": "Printer down"}));
    upstream("POST", "/crm/v3/objects/tickets")
        .and(matchers::body_json(json!({"properties": {
            "subject": "Printer down", "content": "It is on fire", "hs_ticket_priority": "HIGH",
            "hs_pipeline": "0", "hs_pipeline_stage": "1"
        }})))
        .respond_with(ResponseTemplate::new(201).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"subject": "Printer down", "content": "It is on fire", "hs_ticket_priority": "HIGH"});
    assert_eq!(run(&server, "create_ticket", input).await.unwrap(), answer);
}

#[tokio::test]
async fn update_ticket_patches_it() {
    let server = MockServer::start().await;
    let answer = record("3001", json!({"hs_pipeline_stage": "4"}));
    upstream("PATCH", "/crm/v3/objects/tickets/3001")
        .and(matchers::body_json(json!({"properties": {"hs_pipeline_stage": "4"}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "update_ticket", json!({"ticketId": "3001", "hs_pipeline_stage": "4"})).await.unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn get_ticket_reads_it() {
    let server = MockServer::start().await;
    let answer = record("3001", json!({"subject": "Printer down"}));
    upstream("GET", "/crm/v3/objects/tickets/3001")
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "get_ticket", json!({"ticketId": "3001"})).await.unwrap(), answer);
}

#[tokio::test]
async fn delete_ticket_archives_it() {
    let server = MockServer::start().await;
    upstream("DELETE", "/crm/v3/objects/tickets/3001")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        run(&server, "delete_ticket", json!({"ticketId": "3001"})).await.unwrap(),
        json!({"id": "3001", "deleted": true})
    );
}

#[tokio::test]
async fn a_blank_id_is_refused_before_any_request() {
    let server = MockServer::start().await;
    let error = run(&server, "get_contact", json!({"contactId": "  "})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Engagements and lists
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_engagement_logs_a_meeting_with_its_associations() {
    let server = MockServer::start().await;
    let answer = json!({"engagement": {"id": 29090716, "type": "MEETING"}, "associations": {}, "metadata": {}});
    upstream("POST", "/engagements/v1/engagements")
        .and(matchers::body_json(json!({
            "engagement": {"active": true, "type": "MEETING", "timestamp": 1_795_762_200_000_i64, "ownerId": 1234},
            "associations": {"contactIds": [901], "companyIds": [512], "dealIds": []},
            "metadata": {"title": "Kick-off", "body": "Agenda", "startTime": 1_795_762_200_000_i64, "endTime": 1_795_765_800_000_i64}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"type": "MEETING", "subject": "Kick-off", "body": "Agenda", "timestamp": "2026-11-27T06:50:00Z",
        "ownerId": "1234", "associatedContactIds": ["901"], "associatedCompanyIds": [512]});
    assert_eq!(run(&server, "create_engagement", input).await.unwrap(), answer);
}

#[tokio::test]
async fn create_engagement_refuses_a_timestamp_it_cannot_read() {
    let server = MockServer::start().await;
    let error = run(&server, "create_engagement", json!({"type": "NOTE", "timestamp": "yesterday"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("yesterday"), "{error}");
}

#[tokio::test]
async fn add_contact_to_list_resolves_emails_and_adds_the_records() {
    let server = MockServer::start().await;
    upstream("POST", "/crm/v3/objects/contacts/batch/read")
        .and(matchers::body_json(
            json!({"idProperty": "email", "inputs": [{"id": "ada@example.com"}], "properties": ["email"]}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "COMPLETE", "results": [record("902", json!({"email": "ada@example.com"}))]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let answer = json!({"recordIdsAdded": ["901", "902"], "recordIdsMissing": []});
    upstream("PUT", "/crm/v3/lists/123/memberships/add")
        .and(matchers::body_json(json!(["901", "902"])))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"listId": "123", "contactIds": [901], "emails": ["ada@example.com"]});
    assert_eq!(run(&server, "add_contact_to_list", input).await.unwrap(), answer);
}

#[tokio::test]
async fn an_email_with_no_contact_is_not_found() {
    let server = MockServer::start().await;
    upstream("POST", "/crm/v3/objects/contacts/batch/read")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "COMPLETE", "results": []})))
        .mount(&server)
        .await;
    let error = run(&server, "add_contact_to_list", json!({"listId": "123", "emails": ["nobody@example.com"]}))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("nobody@example.com"), "{error}");
}

#[tokio::test]
async fn remove_contact_from_list_removes_the_records() {
    let server = MockServer::start().await;
    let answer = json!({"recordIdsRemoved": ["901"], "recordIdsMissing": []});
    upstream("PUT", "/crm/v3/lists/123/memberships/remove")
        .and(matchers::body_json(json!(["901"])))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "remove_contact_from_list", json!({"listId": "123", "contactIds": ["901"]})).await.unwrap();
    assert_eq!(output, answer);
}

#[tokio::test]
async fn a_list_change_without_contacts_is_refused() {
    let server = MockServer::start().await;
    let error = run(&server, "remove_contact_from_list", json!({"listId": "123"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_401_is_unauthorized_in_hubspots_words_without_the_token() {
    let server = MockServer::start().await;
    upstream("GET", "/crm/v3/objects/contacts/901")
        .respond_with(ResponseTemplate::new(401).set_body_json(hubspot_error(
            "error",
            "Authentication credentials not found. This API supports OAuth 2.0 authentication",
            "INVALID_AUTHENTICATION",
        )))
        .mount(&server)
        .await;
    let error = run(&server, "get_contact", json!({"contactId": "901"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert!(error.message.contains("INVALID_AUTHENTICATION: Authentication credentials not found"), "{error}");
    assert!(!error.to_string().contains(TOKEN) && !error.details.to_string().contains(TOKEN));
}

#[tokio::test]
async fn a_404_is_not_found() {
    let server = MockServer::start().await;
    upstream("PATCH", "/crm/v3/objects/deals/404")
        .respond_with(ResponseTemplate::new(404).set_body_json(hubspot_error(
            "error",
            "resource not found",
            "OBJECT_NOT_FOUND",
        )))
        .mount(&server)
        .await;
    let error = run(&server, "update_deal", json!({"dealId": "404", "dealname": "x"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("hubspot answered 404 OBJECT_NOT_FOUND: resource not found"), "{error}");
}

#[tokio::test]
async fn a_400_names_the_property_hubspot_refused() {
    let server = MockServer::start().await;
    let mut body = hubspot_error("error", "Property values were not valid", "VALIDATION_ERROR");
    body["errors"] =
        json!([{"message": "Property \"favourite_colour\" does not exist", "code": "PROPERTY_DOESNT_EXIST"}]);
    upstream("POST", "/crm/v3/objects/contacts")
        .respond_with(ResponseTemplate::new(400).set_body_json(body))
        .mount(&server)
        .await;
    let input = json!({"email": "ada@example.com", "additionalFields": {"favourite_colour": "green"}});
    let error = run(&server, "create_contact", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("VALIDATION_ERROR: Property values were not valid"), "{error}");
    assert!(error.message.contains("Property \"favourite_colour\" does not exist"), "{error}");
}

#[tokio::test]
async fn a_409_conflict_is_invalid_input_with_hubspots_message() {
    let server = MockServer::start().await;
    upstream("POST", "/crm/v3/objects/contacts")
        .respond_with(ResponseTemplate::new(409).set_body_json(hubspot_error(
            "error",
            "Contact already exists. Existing ID: 901",
            "CONFLICT",
        )))
        .mount(&server)
        .await;
    let error = run(&server, "create_contact", json!({"email": "ada@example.com"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("Existing ID: 901"), "{error}");
}

#[tokio::test]
async fn a_429_is_rate_limited() {
    let server = MockServer::start().await;
    upstream("POST", "/crm/v3/objects/deals/search")
        .respond_with(
            ResponseTemplate::new(429)
                .set_body_json(hubspot_error("error", "You have reached your secondly limit.", "RATE_LIMITS"))
                .insert_header("Retry-After", "3600"),
        )
        .mount(&server)
        .await;
    let error = run(&server, "search_deals", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.retryable);
    assert!(error.message.contains("You have reached your secondly limit."), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Webhook triggers
// ---------------------------------------------------------------------------------------------

/// Each trigger, its object, the change and the object type id of generic `object.*` events.
const TRIGGERS: [(&str, &str, &str, &str); 12] = [
    ("company_created", "company", "creation", "0-2"),
    ("company_deleted", "company", "deletion", "0-2"),
    ("company_property_changed", "company", "propertyChange", "0-2"),
    ("contact_created", "contact", "creation", "0-1"),
    ("contact_deleted", "contact", "deletion", "0-1"),
    ("contact_property_changed", "contact", "propertyChange", "0-1"),
    ("deal_created", "deal", "creation", "0-3"),
    ("deal_deleted", "deal", "deletion", "0-3"),
    ("deal_property_changed", "deal", "propertyChange", "0-3"),
    ("ticket_created", "ticket", "creation", "0-5"),
    ("ticket_deleted", "ticket", "deletion", "0-5"),
    ("ticket_property_changed", "ticket", "propertyChange", "0-5"),
];

fn event(event_id: u64, subscription_type: &str, property: Option<&str>) -> Value {
    let mut event = json!({
        "eventId": event_id,
        "subscriptionId": 25,
        "portalId": 62515,
        "appId": 54321,
        "occurredAt": 1_795_771_800_000_i64,
        "subscriptionType": subscription_type,
        "attemptNumber": 0,
        "objectId": 123,
        "changeSource": "CRM",
    });
    if let Some(property) = property {
        event["propertyName"] = json!(property);
        event["propertyValue"] = json!("new value");
    }
    event
}

/// A delivery, spaced as no serializer would, signed as HubSpot signs it.
fn delivery(events: &Value, secret: &str) -> WebhookRequest {
    testing::signed(
        SignatureScheme::HubSpotV3,
        testing::oddly_spaced(events),
        [("Content-Type", "application/json")],
        secret,
    )
}

async fn deliver(trigger: &str, config: Value, request: WebhookRequest) -> Result<WebhookReply<Value>, Rejection> {
    let server = MockServer::start().await;
    let connector = testing::connect::<Hubspot>(&server, credentials());
    let reply = testing::deliver(&connector, trigger, config, credentials(), None, request).await;
    assert!(server.received_requests().await.unwrap().is_empty(), "a delivery calls nothing");
    reply
}

#[test]
fn every_trigger_verifies_hubspot_v3_with_the_client_secret_and_dedupes_on_the_event_id() {
    for (trigger, ..) in TRIGGERS {
        let meta = testing::trigger_meta::<Hubspot>(trigger).expect("declared");
        assert_eq!(meta.verify, Some(SignatureScheme::HubSpotV3), "{trigger}");
        assert_eq!(meta.secret, Some(SecretSource::Credential("clientSecret")), "{trigger}");
        assert_eq!(meta.event_id, Some(EventId::Event("/eventId")), "{trigger}");
    }
}

#[tokio::test]
async fn a_signed_delivery_gives_one_event_per_matching_element() {
    for (trigger, object, change, type_id) in TRIGGERS {
        let property = (change == "propertyChange").then_some("lifecyclestage");
        let wanted = event(1, &format!("{object}.{change}"), property);
        let mut generic = event(2, &format!("object.{change}"), property);
        generic["objectTypeId"] = json!(type_id);
        let other_object = event(3, if object == "deal" { "ticket.creation" } else { "deal.creation" }, None);
        let mut other_type = event(4, &format!("object.{change}"), property);
        other_type["objectTypeId"] = json!("0-999");
        let events = json!([wanted, other_object, generic, other_type]);
        let reply = deliver(trigger, json!({}), delivery(&events, CLIENT_SECRET)).await.unwrap();
        assert_eq!(reply.events, [wanted, generic], "{trigger}");
    }
}

#[tokio::test]
async fn a_property_trigger_keeps_only_the_property_named() {
    let events = json!([
        event(1, "contact.propertyChange", Some("email")),
        event(2, "contact.propertyChange", Some("lifecyclestage")),
    ]);
    let config = json!({"propertyName": "lifecyclestage"});
    let reply = deliver("contact_property_changed", config, delivery(&events, CLIENT_SECRET)).await.unwrap();
    assert_eq!(reply.events, [events[1].clone()]);
}

#[tokio::test]
async fn a_tampered_delivery_and_a_wrong_secret_are_refused() {
    for (trigger, object, change, _) in TRIGGERS {
        let events = json!([event(1, &format!("{object}.{change}"), None)]);
        let mut tampered = delivery(&events, CLIENT_SECRET);
        tampered.body = testing::oddly_spaced(&json!([event(666, &format!("{object}.{change}"), None)])).into();
        let refused = deliver(trigger, json!({}), tampered).await;
        assert!(matches!(refused, Err(Rejection::Unverified(_))), "{trigger}: {refused:?}");

        let refused = deliver(trigger, json!({}), delivery(&events, "another-app-secret")).await;
        assert!(matches!(refused, Err(Rejection::Unverified(_))), "{trigger}: {refused:?}");
    }
}

#[tokio::test]
async fn an_unsigned_delivery_and_a_connection_without_the_client_secret_are_refused() {
    let events = json!([event(1, "contact.creation", None)]);
    let unsigned = WebhookRequest::post(events.to_string(), [("Content-Type", "application/json")]);
    let refused = deliver("contact_created", json!({}), unsigned).await;
    assert!(matches!(refused, Err(Rejection::Unverified(_))), "{refused:?}");

    let server = MockServer::start().await;
    let without = json!({"authType": "appToken", "appToken": TOKEN});
    let connector = testing::connect::<Hubspot>(&server, without.clone());
    let request = delivery(&events, CLIENT_SECRET);
    let refused = testing::deliver(&connector, "contact_created", json!({}), without, None, request).await;
    assert!(matches!(refused, Err(Rejection::NoSecret(_))), "{refused:?}");
}
