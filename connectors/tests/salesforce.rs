//! Salesforce against a local mock of its REST API (v59.0) on the org's instance.

use chrono::{Duration, SecondsFormat, Utc};
use connectors::crm::salesforce::Salesforce;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ConnectorError, ErrorCode, Polled};
use serde_json::{json, Value};

/// Where the API answers on the instance.
const API: &str = "/services/data/v59.0";

const ACCOUNT: &str = "001xx000003DGb2AAG";
const CONTACT: &str = "003xx000004TmiQAAS";
const LEAD: &str = "00Qxx0000015S1AEAU";
const OPPORTUNITY: &str = "006xx000001a2b3AAA";
const CASE: &str = "500xx000000bXyZAAU";
const TASK: &str = "00Txx000000abcdAAA";
const INVOICE: &str = "a01xx000000abcdAAA";

fn credentials() -> Value {
    json!({
        "authType": "oauth2",
        "instanceUrl": "https://login.salesforce.com",
        "accessToken": "test-token",
        "oauthTokenFields": {"instance_url": "https://acme.my.salesforce.com", "token_type": "Bearer"},
    })
}

/// The connector pointed at the mock as at an instance: the API under `/services/data/v59.0`.
fn connect(server: &MockServer) -> Salesforce {
    testing::connect_at::<Salesforce>(&format!("{}{API}", server.uri()), credentials())
}

async fn run(server: &MockServer, action: &str, input: Value) -> Result<Value, ConnectorError> {
    connect(server).execute(action, input).await
}

/// A mock of `method API+path` that checks the access token is sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(format!("{API}{path}")))
        .and(matchers::header("authorization", "Bearer test-token"))
}

/// A mock of a SOQL query, exactly as sent.
fn soql(query: &str) -> testing::wiremock::MockBuilder {
    upstream("GET", "/query").and(matchers::query_param("q", query))
}

/// One page of query results.
fn page(records: Value) -> ResponseTemplate {
    let total = records.as_array().map_or(0, Vec::len);
    ResponseTemplate::new(200).set_body_json(json!({"totalSize": total, "done": true, "records": records}))
}

/// Salesforce's error body.
fn salesforce_error(status: u16, code: &str, message: &str, fields: &[&str]) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!([{"message": message, "errorCode": code, "fields": fields}]))
}

/// Runs `action` with `input` against a mock expecting exactly `method path` with `body` (as
/// JSON), answering `reply`, and checks the output is `output`.
async fn check(
    action: &str,
    input: Value,
    (method, path, body): (&str, &str, Option<Value>),
    reply: ResponseTemplate,
    output: Value,
) {
    let server = MockServer::start().await;
    let mut mock = upstream(method, path);
    if let Some(body) = body {
        mock = mock.and(matchers::body_json(body));
    }
    mock.respond_with(reply).expect(1).mount(&server).await;
    let answer = run(&server, action, input).await.unwrap_or_else(|e| panic!("{action}: {e}"));
    assert_eq!(answer, output, "{action}");
}

fn created(id: &str) -> (ResponseTemplate, Value) {
    let body = json!({"id": id, "success": true, "errors": []});
    (ResponseTemplate::new(201).set_body_json(body.clone()), body)
}

fn no_content() -> ResponseTemplate {
    ResponseTemplate::new(204)
}

fn updated(id: &str) -> Value {
    json!({"id": id, "success": true})
}

fn deleted(id: &str) -> Value {
    json!({"id": id, "success": true, "deleted": true})
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
    assert_eq!(definition.auth_type, "oauth2");
    let oauth = definition.oauth_config.as_ref().expect("oauth2");
    assert_eq!(oauth.authorization_url, "https://{instanceUrl}/services/oauth2/authorize");
    assert_eq!(oauth.token_url, "https://{instanceUrl}/services/oauth2/token");
    assert_eq!(definition.find_trigger("opportunity_stage_updated").unwrap().id, "opportunity_stage_changed");
}

#[test]
fn the_templates_api_names_of_fields_are_aliases() {
    let definition = connectors::registry().definition("salesforce").expect("registered");
    for (action, field, alias) in [
        ("create_lead", "firstName", "FirstName"),
        ("create_lead", "lastName", "LastName"),
        ("create_lead", "company", "Company"),
        ("create_lead", "leadSource", "LeadSource"),
        ("create_contact", "email", "Email"),
        ("create_task", "subject", "Subject"),
        ("create_task", "description", "Description"),
        ("create_task", "status", "Status"),
    ] {
        let schema = &definition.find_action(action).unwrap().input_schema;
        assert_eq!(schema[field].aliases, [alias], "{action}.{field}");
    }
}

#[tokio::test]
async fn test_connection_reads_the_limits_of_the_instance() {
    let server = MockServer::start().await;
    upstream("GET", "/limits")
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"DailyApiRequests": {"Max": 15000, "Remaining": 14998}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    connect(&server).test_connection().await.unwrap();
}

#[tokio::test]
async fn an_instance_from_the_sign_in_that_is_not_salesforces_is_refused() {
    let server = MockServer::start().await;
    let mut credentials = self::credentials();
    credentials["oauthTokenFields"]["instance_url"] = json!("https://acme.my.salesforce.com.evil.example");
    let error = testing::try_connect::<Salesforce>(&server, credentials).err().unwrap();
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(!error.message.contains("test-token"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_account_posts_the_fields_by_their_api_names() {
    let (reply, output) = created(ACCOUNT);
    check(
        "create_account",
        json!({"name": "Acme", "website": "https://acme.example", "industry": "Technology", "type": "Customer",
               "numberOfEmployees": 50, "annualRevenue": 1250000.5, "description": "A customer"}),
        (
            "POST",
            "/sobjects/Account",
            Some(
                json!({"Name": "Acme", "Website": "https://acme.example", "Industry": "Technology", "Type": "Customer",
                        "NumberOfEmployees": 50, "AnnualRevenue": 1250000.5, "Description": "A customer"}),
            ),
        ),
        reply,
        output,
    )
    .await;
}

#[tokio::test]
async fn update_account_patches_only_the_given_fields() {
    check(
        "update_account",
        json!({"accountId": ACCOUNT, "name": "Acme Inc", "phone": "+1 555 0100"}),
        ("PATCH", &format!("/sobjects/Account/{ACCOUNT}"), Some(json!({"Name": "Acme Inc", "Phone": "+1 555 0100"}))),
        no_content(),
        updated(ACCOUNT),
    )
    .await;
}

#[tokio::test]
async fn get_account_reads_the_record() {
    let record = json!({"attributes": {"type": "Account"}, "Id": ACCOUNT, "Name": "Acme"});
    check(
        "get_account",
        json!({"accountId": ACCOUNT}),
        ("GET", &format!("/sobjects/Account/{ACCOUNT}"), None),
        ResponseTemplate::new(200).set_body_json(record.clone()),
        record,
    )
    .await;
}

#[tokio::test]
async fn get_all_accounts_follows_next_records_url_up_to_the_limit() {
    let server = MockServer::start().await;
    let query = "SELECT Id, Name, Website, Phone, Industry, Type, NumberOfEmployees, AnnualRevenue, Description, \
                 CreatedDate, LastModifiedDate FROM Account WHERE Industry = 'Retail' ORDER BY CreatedDate DESC LIMIT 3";
    soql(query)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "totalSize": 5, "done": false, "nextRecordsUrl": format!("{API}/query/01gxx0000002HU6KIAW-2"),
            "records": [{"Id": "001xx0000000001AAA"}, {"Id": "001xx0000000002AAA"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/query/01gxx0000002HU6KIAW-2")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "totalSize": 5, "done": false, "nextRecordsUrl": format!("{API}/query/01gxx0000002HU6KIAW-4"),
            "records": [{"Id": "001xx0000000003AAA"}, {"Id": "001xx0000000004AAA"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let answer =
        run(&server, "get_all_accounts", json!({"limit": 3, "conditions": "WHERE Industry = 'Retail'"})).await.unwrap();
    assert_eq!(
        answer,
        json!({"totalSize": 5, "done": false, "records": [
            {"Id": "001xx0000000001AAA"}, {"Id": "001xx0000000002AAA"}, {"Id": "001xx0000000003AAA"}
        ]})
    );
}

#[tokio::test]
async fn a_next_records_url_off_the_instance_is_not_followed() {
    let server = MockServer::start().await;
    upstream("GET", "/query")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "totalSize": 4, "done": false, "nextRecordsUrl": "https://evil.example/services/data/v59.0/query/x-2",
            "records": [{"Id": "001xx0000000001AAA"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let error = run(&server, "get_all_accounts", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidResponse, "{error}");
}

// ---------------------------------------------------------------------------------------------
// Contacts
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_contact_posts_the_contact() {
    let (reply, output) = created(CONTACT);
    check(
        "create_contact",
        json!({"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com", "accountId": ACCOUNT,
               "title": "CTO", "department": "R&D", "phone": "+44 20 7946 0000"}),
        (
            "POST",
            "/sobjects/Contact",
            Some(json!({"FirstName": "Ada", "LastName": "Lovelace", "Email": "ada@example.com", "AccountId": ACCOUNT,
                        "Title": "CTO", "Department": "R&D", "Phone": "+44 20 7946 0000"})),
        ),
        reply,
        output,
    )
    .await;
}

#[tokio::test]
async fn update_contact_patches_the_contact() {
    check(
        "update_contact",
        json!({"contactId": CONTACT, "title": "CEO"}),
        ("PATCH", &format!("/sobjects/Contact/{CONTACT}"), Some(json!({"Title": "CEO"}))),
        no_content(),
        updated(CONTACT),
    )
    .await;
}

#[tokio::test]
async fn get_contact_reads_the_contact() {
    let record = json!({"Id": CONTACT, "LastName": "Lovelace"});
    check(
        "get_contact",
        json!({"contactId": CONTACT}),
        ("GET", &format!("/sobjects/Contact/{CONTACT}"), None),
        ResponseTemplate::new(200).set_body_json(record.clone()),
        record,
    )
    .await;
}

#[tokio::test]
async fn get_all_contacts_queries_the_contacts() {
    let server = MockServer::start().await;
    soql(
        "SELECT Id, FirstName, LastName, Name, Email, Phone, Title, Department, AccountId, CreatedDate, LastModifiedDate \
         FROM Contact ORDER BY CreatedDate DESC LIMIT 100",
    )
    .respond_with(page(json!([{"Id": CONTACT}])))
    .expect(1)
    .mount(&server)
    .await;
    let answer = run(&server, "get_all_contacts", json!({})).await.unwrap();
    assert_eq!(answer, json!({"totalSize": 1, "done": true, "records": [{"Id": CONTACT}]}));
}

#[tokio::test]
async fn delete_contact_deletes_the_contact() {
    check(
        "delete_contact",
        json!({"contactId": CONTACT}),
        ("DELETE", &format!("/sobjects/Contact/{CONTACT}"), None),
        no_content(),
        deleted(CONTACT),
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Leads
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_lead_posts_the_lead() {
    let (reply, output) = created(LEAD);
    check(
        "create_lead",
        json!({"firstName": "Grace", "lastName": "Hopper", "company": "Navy", "status": "Open", "leadSource": "Web"}),
        (
            "POST",
            "/sobjects/Lead",
            Some(json!({"FirstName": "Grace", "LastName": "Hopper", "Company": "Navy", "Status": "Open", "LeadSource": "Web"})),
        ),
        reply,
        output,
    )
    .await;
}

#[tokio::test]
async fn update_lead_patches_the_lead() {
    check(
        "update_lead",
        json!({"leadId": LEAD, "status": "Qualified", "email": "grace@example.com"}),
        (
            "PATCH",
            &format!("/sobjects/Lead/{LEAD}"),
            Some(json!({"Status": "Qualified", "Email": "grace@example.com"})),
        ),
        no_content(),
        updated(LEAD),
    )
    .await;
}

#[tokio::test]
async fn get_lead_reads_the_lead() {
    let record = json!({"Id": LEAD, "Company": "Navy"});
    check(
        "get_lead",
        json!({"leadId": LEAD}),
        ("GET", &format!("/sobjects/Lead/{LEAD}"), None),
        ResponseTemplate::new(200).set_body_json(record.clone()),
        record,
    )
    .await;
}

#[tokio::test]
async fn get_all_leads_queries_with_the_conditions() {
    let server = MockServer::start().await;
    soql(
        "SELECT Id, FirstName, LastName, Name, Company, Email, Phone, Status, LeadSource, IsConverted, ConvertedDate, \
         ConvertedAccountId, ConvertedContactId, ConvertedOpportunityId, CreatedDate, LastModifiedDate FROM Lead \
         WHERE Status = 'Open' ORDER BY CreatedDate DESC LIMIT 10",
    )
    .respond_with(page(json!([{"Id": LEAD}])))
    .expect(1)
    .mount(&server)
    .await;
    let answer = run(&server, "get_all_leads", json!({"limit": 10, "conditions": "Status = 'Open'"})).await.unwrap();
    assert_eq!(answer["records"], json!([{"Id": LEAD}]));
}

#[tokio::test]
async fn delete_lead_deletes_the_lead() {
    check(
        "delete_lead",
        json!({"leadId": LEAD}),
        ("DELETE", &format!("/sobjects/Lead/{LEAD}"), None),
        no_content(),
        deleted(LEAD),
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Opportunities
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_opportunity_posts_the_opportunity() {
    let (reply, output) = created(OPPORTUNITY);
    check(
        "create_opportunity",
        json!({"name": "Big deal", "closeDate": "2024-12-31", "stageName": "Prospecting", "amount": 5000,
               "accountId": ACCOUNT, "probability": 10, "type": "New Business"}),
        (
            "POST",
            "/sobjects/Opportunity",
            Some(json!({"Name": "Big deal", "CloseDate": "2024-12-31", "StageName": "Prospecting", "Amount": 5000,
                        "AccountId": ACCOUNT, "Probability": 10, "Type": "New Business"})),
        ),
        reply,
        output,
    )
    .await;
}

#[tokio::test]
async fn update_opportunity_patches_the_opportunity() {
    check(
        "update_opportunity",
        json!({"opportunityId": OPPORTUNITY, "stageName": "Closed Won", "amount": 7500.25}),
        (
            "PATCH",
            &format!("/sobjects/Opportunity/{OPPORTUNITY}"),
            Some(json!({"StageName": "Closed Won", "Amount": 7500.25})),
        ),
        no_content(),
        updated(OPPORTUNITY),
    )
    .await;
}

#[tokio::test]
async fn get_opportunity_reads_the_opportunity() {
    let record = json!({"Id": OPPORTUNITY, "StageName": "Prospecting"});
    check(
        "get_opportunity",
        json!({"opportunityId": OPPORTUNITY}),
        ("GET", &format!("/sobjects/Opportunity/{OPPORTUNITY}"), None),
        ResponseTemplate::new(200).set_body_json(record.clone()),
        record,
    )
    .await;
}

#[tokio::test]
async fn get_all_opportunities_queries_the_opportunities() {
    let server = MockServer::start().await;
    soql(
        "SELECT Id, Name, AccountId, Amount, StageName, CloseDate, Probability, Type, IsClosed, IsWon, CreatedDate, \
         LastModifiedDate FROM Opportunity WHERE IsWon = true ORDER BY CreatedDate DESC LIMIT 5",
    )
    .respond_with(page(json!([{"Id": OPPORTUNITY}])))
    .expect(1)
    .mount(&server)
    .await;
    let answer =
        run(&server, "get_all_opportunities", json!({"limit": 5, "conditions": "IsWon = true"})).await.unwrap();
    assert_eq!(answer["records"], json!([{"Id": OPPORTUNITY}]));
}

#[tokio::test]
async fn delete_opportunity_deletes_the_opportunity() {
    check(
        "delete_opportunity",
        json!({"opportunityId": OPPORTUNITY}),
        ("DELETE", &format!("/sobjects/Opportunity/{OPPORTUNITY}"), None),
        no_content(),
        deleted(OPPORTUNITY),
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_case_posts_the_case() {
    let (reply, output) = created(CASE);
    check(
        "create_case",
        json!({"subject": "Broken", "priority": "High", "status": "New", "origin": "Email", "contactId": CONTACT, "accountId": ACCOUNT}),
        (
            "POST",
            "/sobjects/Case",
            Some(json!({"Subject": "Broken", "Priority": "High", "Status": "New", "Origin": "Email", "ContactId": CONTACT, "AccountId": ACCOUNT})),
        ),
        reply,
        output,
    )
    .await;
}

#[tokio::test]
async fn update_case_patches_the_case() {
    check(
        "update_case",
        json!({"caseId": CASE, "status": "Closed"}),
        ("PATCH", &format!("/sobjects/Case/{CASE}"), Some(json!({"Status": "Closed"}))),
        no_content(),
        updated(CASE),
    )
    .await;
}

#[tokio::test]
async fn get_case_reads_the_case() {
    let record = json!({"Id": CASE, "CaseNumber": "00001001"});
    check(
        "get_case",
        json!({"caseId": CASE}),
        ("GET", &format!("/sobjects/Case/{CASE}"), None),
        ResponseTemplate::new(200).set_body_json(record.clone()),
        record,
    )
    .await;
}

#[tokio::test]
async fn get_all_cases_queries_the_cases() {
    let server = MockServer::start().await;
    soql(
        "SELECT Id, CaseNumber, Subject, Description, Status, Priority, Origin, AccountId, ContactId, IsEscalated, \
         CreatedDate, LastModifiedDate FROM Case ORDER BY CreatedDate DESC LIMIT 100",
    )
    .respond_with(page(json!([{"Id": CASE}])))
    .expect(1)
    .mount(&server)
    .await;
    let answer = run(&server, "get_all_cases", json!({"limit": 100})).await.unwrap();
    assert_eq!(answer["records"], json!([{"Id": CASE}]));
}

// ---------------------------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_task_posts_the_task() {
    let (reply, output) = created(TASK);
    check(
        "create_task",
        json!({"subject": "Call", "activityDate": "2024-06-01", "priority": "Normal", "status": "Not Started",
               "whoId": CONTACT, "whatId": ACCOUNT}),
        (
            "POST",
            "/sobjects/Task",
            Some(
                json!({"Subject": "Call", "ActivityDate": "2024-06-01", "Priority": "Normal", "Status": "Not Started",
                        "WhoId": CONTACT, "WhatId": ACCOUNT}),
            ),
        ),
        reply,
        output,
    )
    .await;
}

#[tokio::test]
async fn update_task_patches_the_task() {
    check(
        "update_task",
        json!({"taskId": TASK, "status": "Completed"}),
        ("PATCH", &format!("/sobjects/Task/{TASK}"), Some(json!({"Status": "Completed"}))),
        no_content(),
        updated(TASK),
    )
    .await;
}

#[tokio::test]
async fn get_task_reads_the_task() {
    let record = json!({"Id": TASK, "Subject": "Call"});
    check(
        "get_task",
        json!({"taskId": TASK}),
        ("GET", &format!("/sobjects/Task/{TASK}"), None),
        ResponseTemplate::new(200).set_body_json(record.clone()),
        record,
    )
    .await;
}

#[tokio::test]
async fn get_all_tasks_queries_the_tasks() {
    let server = MockServer::start().await;
    soql(
        "SELECT Id, Subject, Description, ActivityDate, Priority, Status, WhoId, WhatId, CreatedDate, LastModifiedDate \
         FROM Task WHERE Status != 'Completed' ORDER BY CreatedDate DESC LIMIT 20",
    )
    .respond_with(page(json!([{"Id": TASK}])))
    .expect(1)
    .mount(&server)
    .await;
    let answer =
        run(&server, "get_all_tasks", json!({"limit": 20, "conditions": "Status != 'Completed'"})).await.unwrap();
    assert_eq!(answer["records"], json!([{"Id": TASK}]));
}

#[tokio::test]
async fn delete_task_deletes_the_task() {
    check(
        "delete_task",
        json!({"taskId": TASK}),
        ("DELETE", &format!("/sobjects/Task/{TASK}"), None),
        no_content(),
        deleted(TASK),
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Search, SOQL, custom objects
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn search_records_sends_sosl_with_the_term_escaped() {
    let server = MockServer::start().await;
    let results = json!({"searchRecords": [{"attributes": {"type": "Account"}, "Id": ACCOUNT}]});
    upstream("GET", "/search")
        .and(matchers::query_param("q", "FIND {Acme\\-Corp \\} OR \\{x} IN ALL FIELDS RETURNING Account, Invoice__c"))
        .respond_with(ResponseTemplate::new(200).set_body_json(results.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"searchTerm": "Acme-Corp } OR {x", "objectTypes": ["Account", "Invoice__c"]});
    assert_eq!(run(&server, "search_records", input).await.unwrap(), results);
}

#[tokio::test]
async fn search_records_searches_the_usual_objects_by_default_and_refuses_odd_names() {
    let server = MockServer::start().await;
    upstream("GET", "/search")
        .and(matchers::query_param("q", "FIND {Ada} IN ALL FIELDS RETURNING Contact, Account, Opportunity, Lead"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"searchRecords": []})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        run(&server, "search_records", json!({"searchTerm": "Ada"})).await.unwrap(),
        json!({"searchRecords": []})
    );
    let error = run(&server, "search_records", json!({"searchTerm": "Ada", "objectTypes": ["Account WHERE x"]}))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn execute_soql_runs_the_query() {
    let server = MockServer::start().await;
    soql("SELECT Id FROM Account LIMIT 2")
        .respond_with(page(json!([{"Id": ACCOUNT}, {"Id": "001xx0000000002AAA"}])))
        .expect(1)
        .mount(&server)
        .await;
    let answer = run(&server, "execute_soql", json!({"query": "SELECT Id FROM Account LIMIT 2"})).await.unwrap();
    assert_eq!(
        answer,
        json!({"totalSize": 2, "done": true, "records": [{"Id": ACCOUNT}, {"Id": "001xx0000000002AAA"}]})
    );
}

#[tokio::test]
async fn create_custom_object_posts_the_fields_as_given() {
    let (reply, output) = created(INVOICE);
    check(
        "create_custom_object",
        json!({"objectName": "Invoice__c", "fields": {"Name": "INV-1", "Amount__c": 120}}),
        ("POST", "/sobjects/Invoice__c", Some(json!({"Name": "INV-1", "Amount__c": 120}))),
        reply,
        output,
    )
    .await;
}

#[tokio::test]
async fn update_custom_object_patches_the_record() {
    check(
        "update_custom_object",
        json!({"objectName": "ns__Invoice__c", "recordId": INVOICE, "fields": {"Paid__c": true}}),
        ("PATCH", &format!("/sobjects/ns__Invoice__c/{INVOICE}"), Some(json!({"Paid__c": true}))),
        no_content(),
        updated(INVOICE),
    )
    .await;
}

#[tokio::test]
async fn get_custom_object_reads_the_record() {
    let record = json!({"Id": INVOICE, "Name": "INV-1"});
    check(
        "get_custom_object",
        json!({"objectName": "Invoice__c", "recordId": INVOICE}),
        ("GET", &format!("/sobjects/Invoice__c/{INVOICE}"), None),
        ResponseTemplate::new(200).set_body_json(record.clone()),
        record,
    )
    .await;
}

#[tokio::test]
async fn bad_object_names_and_ids_are_refused_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(matchers::any()).respond_with(ResponseTemplate::new(500)).expect(0).mount(&server).await;
    for (action, input) in [
        ("get_custom_object", json!({"objectName": "Account", "recordId": INVOICE})),
        ("get_custom_object", json!({"objectName": "../limits__c", "recordId": INVOICE})),
        ("create_custom_object", json!({"objectName": "Invoice__c/x__c", "fields": {}})),
        ("get_account", json!({"accountId": "../limits"})),
        ("delete_contact", json!({"contactId": "003xx000004TmiQ/AAS"})),
        ("update_lead", json!({"leadId": LEAD})),
        ("execute_soql", json!({"query": "  "})),
        ("get_all_tasks", json!({"limit": 0})),
    ] {
        let error = run(&server, action, input.clone()).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput, "{action} {input}: {error}");
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_expired_session_is_unauthorized() {
    let server = MockServer::start().await;
    upstream("GET", &format!("/sobjects/Account/{ACCOUNT}"))
        .respond_with(salesforce_error(401, "INVALID_SESSION_ID", "Session expired or invalid", &[]))
        .mount(&server)
        .await;
    let error = run(&server, "get_account", json!({"accountId": ACCOUNT})).await.unwrap_err();
    assert_eq!((error.code, error.status), (ErrorCode::Unauthorized, 401));
    assert!(error.message.contains("INVALID_SESSION_ID: Session expired or invalid"), "{error}");
    assert!(!error.message.contains("test-token"));
}

#[tokio::test]
async fn a_missing_record_is_not_found_with_salesforces_words() {
    let server = MockServer::start().await;
    upstream("GET", &format!("/sobjects/Lead/{LEAD}"))
        .respond_with(salesforce_error(404, "NOT_FOUND", "The requested resource does not exist", &[]))
        .mount(&server)
        .await;
    let error = run(&server, "get_lead", json!({"leadId": LEAD})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("The requested resource does not exist"), "{error}");
}

#[tokio::test]
async fn a_malformed_query_is_invalid_input_with_salesforces_words() {
    let server = MockServer::start().await;
    upstream("GET", "/query")
        .respond_with(salesforce_error(400, "MALFORMED_QUERY", "unexpected token: FORM", &[]))
        .mount(&server)
        .await;
    let error = run(&server, "execute_soql", json!({"query": "SELECT Id FORM Account"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.message, "salesforce answered 400 MALFORMED_QUERY: unexpected token: FORM");
}

#[tokio::test]
async fn a_missing_field_names_the_fields() {
    let server = MockServer::start().await;
    upstream("POST", "/sobjects/Opportunity")
        .respond_with(salesforce_error(
            400,
            "REQUIRED_FIELD_MISSING",
            "Required fields are missing: [CloseDate]",
            &["CloseDate"],
        ))
        .mount(&server)
        .await;
    let input = json!({"name": "Deal", "closeDate": "", "stageName": "Prospecting"});
    let error = run(&server, "create_opportunity", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("Required fields are missing: [CloseDate] (fields: CloseDate)"), "{error}");
}

#[tokio::test]
async fn the_api_request_limit_is_rate_limited() {
    let server = MockServer::start().await;
    upstream("GET", &format!("/sobjects/Case/{CASE}"))
        .respond_with(salesforce_error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.", &[]))
        .mount(&server)
        .await;
    let error = run(&server, "get_case", json!({"caseId": CASE})).await.unwrap_err();
    assert_eq!((error.code, error.status), (ErrorCode::RateLimited, 429));
    assert!(error.retryable);
    assert!(error.message.contains("TotalRequests Limit exceeded."), "{error}");
}

#[tokio::test]
async fn a_429_is_rate_limited() {
    let server = MockServer::start().await;
    upstream("GET", &format!("/sobjects/Task/{TASK}"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let error = run(&server, "get_task", json!({"taskId": TASK})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.retryable);
}

// ---------------------------------------------------------------------------------------------
// Polling triggers
// ---------------------------------------------------------------------------------------------

async fn poll(server: &MockServer, trigger: &str, config: Value, cursor: Option<Value>) -> Polled<Value> {
    connect(server).poll(trigger, config, cursor).await.unwrap_or_else(|e| panic!("{trigger}: {e}"))
}

fn ids(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["Id"].as_str().or(e["id"].as_str()).unwrap_or_default()).collect()
}

const LEAD_FIELDS: &str = "Id, FirstName, LastName, Name, Company, Email, Phone, Status, LeadSource, IsConverted, \
                           ConvertedDate, ConvertedAccountId, ConvertedContactId, ConvertedOpportunityId, CreatedDate, LastModifiedDate";

#[tokio::test]
async fn record_created_starts_at_the_newest_then_emits_each_new_record_once_in_order() {
    let server = MockServer::start().await;
    let at = |id: &str, second: &str| json!({"Id": id, "CreatedDate": format!("2024-05-01T10:00:{second}.000+0000")});
    soql("SELECT Id, CreatedDate FROM Lead ORDER BY CreatedDate DESC, Id DESC LIMIT 200")
        .respond_with(page(json!([
            at("00Qxx00000000B2AAA", "05"),
            at("00Qxx00000000A1AAA", "05"),
            at("00Qxx00000000Z9AAA", "01")
        ])))
        .expect(1)
        .mount(&server)
        .await;
    // Both records of 10:00:05 come back (>=), and are skipped; one stamped that same second but
    // listed only now is emitted, then the later one.
    soql(&format!("SELECT {LEAD_FIELDS} FROM Lead WHERE CreatedDate >= 2024-05-01T10:00:05Z ORDER BY CreatedDate, Id"))
        .respond_with(page(json!([
            at("00Qxx00000000A1AAA", "05"),
            at("00Qxx00000000B2AAA", "05"),
            at("00Qxx00000000C3AAA", "05"),
            at("00Qxx00000000D4AAA", "09")
        ])))
        .expect(1)
        .mount(&server)
        .await;
    soql(&format!("SELECT {LEAD_FIELDS} FROM Lead WHERE CreatedDate >= 2024-05-01T10:00:09Z ORDER BY CreatedDate, Id"))
        .respond_with(page(json!([at("00Qxx00000000D4AAA", "09"), at("00Qxx00000000E5AAA", "12")])))
        .expect(1)
        .mount(&server)
        .await;
    let config = json!({"objectType": "Lead"});

    let first = poll(&server, "record_created", config.clone(), None).await;
    assert!(first.events.is_empty(), "the first poll floods nothing");
    let second = poll(&server, "record_created", config.clone(), first.cursor).await;
    assert_eq!(ids(&second.events), ["00Qxx00000000C3AAA", "00Qxx00000000D4AAA"]);
    let third = poll(&server, "record_created", config, second.cursor).await;
    assert_eq!(ids(&third.events), ["00Qxx00000000E5AAA"]);
    assert_eq!(third.cursor.unwrap()["since"], "2024-05-01T10:00:12Z");
}

#[tokio::test]
async fn record_created_in_an_empty_org_starts_at_the_epoch() {
    let server = MockServer::start().await;
    soql("SELECT Id, CreatedDate FROM Task ORDER BY CreatedDate DESC, Id DESC LIMIT 200")
        .respond_with(page(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let first = poll(&server, "record_created", json!({"objectType": "Task"}), None).await;
    assert!(first.events.is_empty());
    assert_eq!(first.cursor.unwrap()["since"], "1970-01-01T00:00:00Z");
}

#[tokio::test]
async fn record_updated_polls_on_last_modified_date() {
    let server = MockServer::start().await;
    let at = |id: &str, second: &str| json!({"Id": id, "Name": "Acme", "LastModifiedDate": format!("2024-05-01T10:00:{second}.000+0000")});
    soql("SELECT Id, LastModifiedDate FROM Account ORDER BY LastModifiedDate DESC, Id DESC LIMIT 200")
        .respond_with(page(json!([at(ACCOUNT, "30")])))
        .expect(1)
        .mount(&server)
        .await;
    soql(
        "SELECT Id, Name, Website, Phone, Industry, Type, NumberOfEmployees, AnnualRevenue, Description, CreatedDate, \
         LastModifiedDate FROM Account WHERE LastModifiedDate >= 2024-05-01T10:00:30Z ORDER BY LastModifiedDate, Id",
    )
    .respond_with(page(json!([at(ACCOUNT, "30"), at("001xx0000000002AAA", "31"), at(ACCOUNT, "45")])))
    .expect(1)
    .mount(&server)
    .await;
    let config = json!({"objectType": "Account"});
    let first = poll(&server, "record_updated", config.clone(), None).await;
    assert!(first.events.is_empty());
    let second = poll(&server, "record_updated", config, first.cursor).await;
    assert_eq!(ids(&second.events), ["001xx0000000002AAA", ACCOUNT], "a record changed again later is emitted again");
}

#[tokio::test]
async fn record_deleted_reads_the_deleted_resource_window_by_window() {
    let server = MockServer::start().await;
    let minutes_ago = |m: i64| (Utc::now() - Duration::minutes(m)).to_rfc3339_opts(SecondsFormat::Millis, true);
    let covered = (Utc::now() - Duration::minutes(3)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let gone = |id: &str, m: i64| json!({"id": id, "deletedDate": minutes_ago(m)});
    upstream("GET", "/sobjects/Contact/deleted/")
        .and(matchers::query_param_is_missing("q"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "deletedRecords": [gone(CONTACT, 4)], "earliestDateAvailable": minutes_ago(60 * 24 * 30), "latestDateCovered": covered.clone()
        })))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    let first = poll(&server, "record_deleted", json!({"objectType": "Contact"}), None).await;
    assert!(first.events.is_empty());
    assert_eq!(first.cursor.as_ref().unwrap()["since"], json!(covered));

    server.reset().await;
    let deleted_later = gone("003xx0000000002AAA", 2);
    upstream("GET", "/sobjects/Contact/deleted/")
        .and(matchers::query_param("start", covered.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "deletedRecords": [gone(CONTACT, 4), deleted_later.clone()], "latestDateCovered": minutes_ago(1)
        })))
        .expect(1)
        .mount(&server)
        .await;
    let second = poll(&server, "record_deleted", json!({"objectType": "Contact"}), first.cursor).await;
    let mut expected = deleted_later;
    expected["objectType"] = json!("Contact");
    assert_eq!(second.events, [expected]);
}

#[tokio::test]
async fn record_deleted_never_asks_further_back_than_salesforce_keeps() {
    let server = MockServer::start().await;
    upstream("GET", "/sobjects/Case/deleted/")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"deletedRecords": []})))
        .expect(1)
        .mount(&server)
        .await;
    let cursor = json!({"since": "2020-01-01T00:00:00Z", "seen": []});
    poll(&server, "record_deleted", json!({"objectType": "Case"}), Some(cursor)).await;
    let request = &server.received_requests().await.unwrap()[0];
    let start = request.url.query_pairs().find(|(k, _)| k == "start").unwrap().1.into_owned();
    let start = chrono::DateTime::parse_from_rfc3339(&start).unwrap();
    assert!(Utc::now() - start.with_timezone(&Utc) < Duration::days(30), "{start}");
}

const OPPORTUNITY_FIELDS: &str =
    "Id, Name, AccountId, Amount, StageName, CloseDate, Probability, Type, IsClosed, IsWon, \
                                  CreatedDate, LastModifiedDate";

#[tokio::test]
async fn opportunity_stage_changed_compares_with_the_remembered_stage() {
    let server = MockServer::start().await;
    let opp = |id: &str, stage: &str, second: &str| json!({"Id": id, "StageName": stage, "LastModifiedDate": format!("2024-05-01T10:00:{second}.000+0000")});
    let (one, two, three) = ("006xx0000000001AAA", "006xx0000000002AAA", "006xx0000000003AAA");
    soql("SELECT Id, StageName, LastModifiedDate FROM Opportunity ORDER BY LastModifiedDate DESC, Id DESC LIMIT 1000")
        .respond_with(page(json!([opp(two, "Qualification", "10"), opp(one, "Prospecting", "05")])))
        .expect(1)
        .mount(&server)
        .await;
    soql(&format!(
        "SELECT {OPPORTUNITY_FIELDS} FROM Opportunity WHERE LastModifiedDate >= 2024-05-01T10:00:10Z ORDER BY LastModifiedDate, Id"
    ))
    .respond_with(page(json!([
        opp(two, "Qualification", "10"), opp(one, "Closed Won", "20"), opp(two, "Qualification", "21"), opp(three, "Prospecting", "22")
    ])))
    .expect(1)
    .mount(&server)
    .await;
    soql(&format!(
        "SELECT {OPPORTUNITY_FIELDS} FROM Opportunity WHERE LastModifiedDate >= 2024-05-01T10:00:22Z ORDER BY LastModifiedDate, Id"
    ))
    .respond_with(page(json!([opp(three, "Prospecting", "22"), opp(three, "Negotiation/Review", "40")])))
    .expect(1)
    .mount(&server)
    .await;

    let first = poll(&server, "opportunity_stage_changed", json!({}), None).await;
    assert!(first.events.is_empty());
    let second = poll(&server, "opportunity_stage_changed", json!({}), first.cursor).await;
    assert_eq!(ids(&second.events), [one], "only the stage change; an edit of another field is no event");
    assert_eq!(second.events[0]["previousStageName"], "Prospecting");
    assert_eq!(second.events[0]["StageName"], "Closed Won");
    let third = poll(&server, "opportunity_stage_changed", json!({}), second.cursor).await;
    assert_eq!(ids(&third.events), [three]);
    assert_eq!(third.events[0]["previousStageName"], "Prospecting");
}

#[tokio::test]
async fn lead_converted_polls_converted_leads() {
    let server = MockServer::start().await;
    let lead = |id: &str, second: &str| json!({"Id": id, "IsConverted": true, "ConvertedContactId": CONTACT, "LastModifiedDate": format!("2024-05-01T10:00:{second}.000+0000")});
    soql("SELECT Id, LastModifiedDate FROM Lead WHERE IsConverted = true ORDER BY LastModifiedDate DESC, Id DESC LIMIT 200")
        .respond_with(page(json!([lead(LEAD, "01")])))
        .expect(1)
        .mount(&server)
        .await;
    soql(&format!(
        "SELECT {LEAD_FIELDS} FROM Lead WHERE IsConverted = true AND LastModifiedDate >= 2024-05-01T10:00:01Z \
         ORDER BY LastModifiedDate, Id"
    ))
    .respond_with(page(json!([lead(LEAD, "01"), lead("00Qxx0000000002AAA", "07")])))
    .expect(1)
    .mount(&server)
    .await;
    let first = poll(&server, "lead_converted", json!({}), None).await;
    assert!(first.events.is_empty());
    let second = poll(&server, "lead_converted", json!({}), first.cursor).await;
    assert_eq!(second.events, [lead("00Qxx0000000002AAA", "07")]);
}

#[tokio::test]
async fn case_escalated_emits_a_case_once_while_it_stays_escalated() {
    let server = MockServer::start().await;
    let fields = "Id, CaseNumber, Subject, Description, Status, Priority, Origin, AccountId, ContactId, IsEscalated, \
                  CreatedDate, LastModifiedDate";
    let case = |id: &str, second: &str| json!({"Id": id, "IsEscalated": true, "LastModifiedDate": format!("2024-05-01T10:00:{second}.000+0000")});
    let other = "500xx0000000002AAA";
    let before = "500xx0000000000AAA";
    soql("SELECT Id, LastModifiedDate FROM Case WHERE IsEscalated = true ORDER BY LastModifiedDate DESC, Id DESC LIMIT 2000")
        .respond_with(page(json!([case(before, "01")])))
        .expect(1)
        .mount(&server)
        .await;
    soql(&format!(
        "SELECT {fields} FROM Case WHERE IsEscalated = true AND LastModifiedDate >= 2024-05-01T10:00:01Z ORDER BY LastModifiedDate, Id"
    ))
    .respond_with(page(json!([case(before, "01"), case(before, "02"), case(CASE, "03")])))
    .expect(1)
    .mount(&server)
    .await;
    soql(&format!(
        "SELECT {fields} FROM Case WHERE IsEscalated = true AND LastModifiedDate >= 2024-05-01T10:00:03Z ORDER BY LastModifiedDate, Id"
    ))
    .respond_with(page(json!([case(CASE, "03"), case(CASE, "08"), case(other, "09")])))
    .expect(1)
    .mount(&server)
    .await;
    let first = poll(&server, "case_escalated", json!({}), None).await;
    assert!(first.events.is_empty());
    let second = poll(&server, "case_escalated", json!({}), first.cursor).await;
    assert_eq!(ids(&second.events), [CASE], "a case escalated before the trigger started is no event");
    let third = poll(&server, "case_escalated", json!({}), second.cursor).await;
    assert_eq!(ids(&third.events), [other], "a later edit of an escalated case is no new escalation");
}
