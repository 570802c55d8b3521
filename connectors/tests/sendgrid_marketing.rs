//! SendGrid (Marketing) against a local mock of its API.

use connectors::marketing::sendgrid_marketing::SendgridMarketing;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::{verify::sendgrid_public_key, Rejection, SignatureError};
use fluxturn_core::{
    ConnectContext, Connector, ErrorCode, EventId, HttpOptions, RetryPolicy, SecretSource, SignatureScheme,
    SubscribeContext, Subscription, WebhookReply, WebhookRequest,
};
use serde_json::{json, Value};

const KEY: &str = "SG.TESTONLY.sendgrid-key";

fn credentials() -> Value {
    json!({ "apiKey": KEY })
}

/// A mock of `method path` that checks the key is sent as a bearer token.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("Bearer {KEY}").as_str()))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn accepted(job: &str) -> ResponseTemplate {
    ResponseTemplate::new(202).set_body_json(json!({ "job_id": job }))
}

/// An error as SendGrid answers it.
fn sg_error(status: u16, field: Option<&str>, message: &str) -> ResponseTemplate {
    let error = match field {
        Some(field) => json!({"field": field, "message": message}),
        None => json!({"message": message}),
    };
    ResponseTemplate::new(status).set_body_json(json!({ "errors": [error] }))
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<SendgridMarketing>(server, credentials(), action, input).await
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("sendgrid_marketing").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "send_email",
            "create_contact",
            "update_contact",
            "get_contact",
            "get_contacts",
            "search_contacts",
            "delete_contact",
            "bulk_import_contacts",
            "create_list",
            "update_list",
            "get_list",
            "get_lists",
            "delete_list",
            "add_contact_to_list",
            "remove_contact_from_list",
            "create_segment",
            "update_segment",
            "get_segment",
            "get_segments",
            "delete_segment",
            "create_campaign",
            "update_campaign",
            "get_campaign",
            "get_campaigns",
            "delete_campaign",
            "send_campaign",
            "pause_campaign",
            "get_campaign_stats",
            "create_template",
            "update_template",
            "get_template",
            "get_templates",
            "delete_template",
            "get_senders"
        ] as [&str; 34]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, TRIGGERS.map(|(trigger, _, _)| trigger));
}

#[tokio::test]
async fn test_connection_reads_the_keys_scopes() {
    let server = MockServer::start().await;
    upstream("GET", "/scopes").respond_with(ok(json!({"scopes": ["mail.send"]}))).expect(1).mount(&server).await;
    testing::connect::<SendgridMarketing>(&server, credentials()).test_connection().await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Email
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn send_email_posts_the_personalization_and_returns_the_message_id() {
    let server = MockServer::start().await;
    upstream("POST", "/mail/send")
        .and(matchers::body_json(json!({
            "personalizations": [{
                "to": [{"email": "ann@example.com"}, {"email": "bob@example.com", "name": "Bob Stone"}],
                "cc": [{"email": "cc@example.com"}],
                "bcc": [{"email": "bcc@example.com"}],
                "dynamic_template_data": {"order": 42}
            }],
            "from": {"email": "shop@example.com", "name": "The Shop"},
            "reply_to": {"email": "help@example.com"},
            "subject": "Your order",
            "content": [{"type": "text/plain", "value": "Thanks"}, {"type": "text/html", "value": "<p>Thanks</p>"}],
            "template_id": "d-123",
            "categories": ["orders", "receipts"]
        })))
        .respond_with(ResponseTemplate::new(202).insert_header("X-Message-Id", "msg-abc"))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "send_email",
        json!({
            "to": "ann@example.com, Bob Stone <bob@example.com>",
            "cc": "cc@example.com",
            "bcc": "bcc@example.com",
            "from": "\"The Shop\" <shop@example.com>",
            "replyTo": "help@example.com",
            "subject": "Your order",
            "content": "Thanks",
            "html": "<p>Thanks</p>",
            "categories": "orders, receipts",
            "templateId": "d-123",
            "templateData": {"order": 42}
        }),
    )
    .await
    .unwrap();
    assert_eq!(output, json!({"success": true, "accepted": true, "status": 202, "messageId": "msg-abc"}));
}

#[tokio::test]
async fn send_email_as_fluxturns_templates_fill_it_sends_the_html_alone() {
    let server = MockServer::start().await;
    upstream("POST", "/mail/send")
        .and(matchers::body_json(json!({
            "personalizations": [{"to": [{"email": "ann@example.com"}]}],
            "from": {"email": "shop@example.com"},
            "subject": "Order Confirmed - #1001",
            "content": [{"type": "text/html", "value": "<h1>Thank you for your order!</h1>"}]
        })))
        .respond_with(ResponseTemplate::new(202).insert_header("X-Message-Id", "msg-1"))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "send_email",
        json!({"to": "ann@example.com", "from": "shop@example.com", "subject": "Order Confirmed - #1001",
               "html": "<h1>Thank you for your order!</h1>"}),
    )
    .await
    .unwrap();
    assert_eq!(output["messageId"], "msg-1");
}

#[tokio::test]
async fn an_email_without_a_body_or_with_a_bad_address_never_reaches_sendgrid() {
    let server = MockServer::start().await;
    let error = run(&server, "send_email", json!({"to": "a@example.com", "from": "b@example.com", "subject": "Hi"}))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`content`, `html` or a `templateId`"), "{error}");
    let error =
        run(&server, "send_email", json!({"to": "nobody", "from": "b@example.com", "subject": "Hi", "content": "x"}))
            .await
            .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`to` holds `nobody`"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Contacts
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_contact_upserts_sendgrids_fields_into_the_lists() {
    let server = MockServer::start().await;
    upstream("PUT", "/marketing/contacts")
        .and(matchers::body_json(json!({
            "list_ids": ["l1", "l2"],
            "contacts": [{
                "email": "ann@example.com",
                "first_name": "Ann",
                "last_name": "Lee",
                "phone_number": "+31 20 123",
                "address_line_1": "Main St 1",
                "address_line_2": "Floor 2",
                "city": "Amsterdam",
                "state_province_region": "NH",
                "postal_code": "1011",
                "country": "NL",
                "custom_fields": {"e1_T": "gold"}
            }]
        })))
        .respond_with(accepted("job-1"))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "create_contact",
        json!({"email": " ann@example.com ", "firstName": "Ann", "lastName": "Lee", "phone": "+31 20 123",
               "addressLine1": "Main St 1", "addressLine2": "Floor 2", "city": "Amsterdam", "state": "NH",
               "postalCode": "1011", "country": "NL", "listIds": "l1, l2", "customFields": {"e1_T": "gold"}}),
    )
    .await
    .unwrap();
    assert_eq!(output, json!({"job_id": "job-1"}));
}

#[tokio::test]
async fn update_contact_upserts_only_the_fields_given() {
    let server = MockServer::start().await;
    upstream("PUT", "/marketing/contacts")
        .and(matchers::body_json(json!({"contacts": [{"email": "ann@example.com", "city": "Utrecht"}]})))
        .respond_with(accepted("job-2"))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "update_contact", json!({"email": "ann@example.com", "city": "Utrecht", "firstName": ""}))
            .await
            .unwrap();
    assert_eq!(output["job_id"], "job-2");
}

#[tokio::test]
async fn get_contact_reads_it() {
    let server = MockServer::start().await;
    let contact = json!({"id": "c-1", "email": "ann@example.com", "list_ids": ["l1"]});
    upstream("GET", "/marketing/contacts/c-1").respond_with(ok(contact.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_contact", json!({"contactId": "c-1"})).await.unwrap(), contact);
}

#[tokio::test]
async fn get_contacts_returns_the_sample_up_to_the_page_size_and_refuses_a_page_token() {
    let server = MockServer::start().await;
    let sample = json!({"result": [{"id": "c-1"}, {"id": "c-2"}, {"id": "c-3"}], "contact_count": 3,
                        "_metadata": {"self": "https://api.sendgrid.com/v3/marketing/contacts"}});
    upstream("GET", "/marketing/contacts").respond_with(ok(sample)).expect(1).mount(&server).await;
    let output = run(&server, "get_contacts", json!({"pageSize": 2})).await.unwrap();
    assert_eq!(output["result"], json!([{"id": "c-1"}, {"id": "c-2"}]));
    assert_eq!(output["contact_count"], 3);
    let error = run(&server, "get_contacts", json!({"pageToken": "abc"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotSupported);
    assert!(error.message.contains("Search Contacts"), "{error}");
}

#[tokio::test]
async fn search_contacts_posts_the_sgql_query() {
    let server = MockServer::start().await;
    let found = json!({"result": [{"id": "c-1", "email": "ann@example.com"}], "contact_count": 1});
    upstream("POST", "/marketing/contacts/search")
        .and(matchers::body_json(json!({"query": "email LIKE 'ann%'"})))
        .respond_with(ok(found.clone()))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "search_contacts", json!({"query": "email LIKE 'ann%'"})).await.unwrap(), found);
}

#[tokio::test]
async fn delete_contact_deletes_by_ids() {
    let server = MockServer::start().await;
    upstream("DELETE", "/marketing/contacts")
        .and(matchers::query_param("ids", "c-1,c-2"))
        .respond_with(accepted("job-3"))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "delete_contact", json!({"contactId": "c-1, c-2"})).await.unwrap();
    assert_eq!(output, json!({"job_id": "job-3", "deleted": true, "contactId": "c-1,c-2"}));
}

#[tokio::test]
async fn bulk_import_contacts_renames_fluxturns_keys_and_takes_bare_addresses() {
    let server = MockServer::start().await;
    upstream("PUT", "/marketing/contacts")
        .and(matchers::body_json(json!({
            "list_ids": ["l1"],
            "contacts": [
                {"email": "ann@example.com", "first_name": "Ann", "postal_code": "1011"},
                {"email": "bob@example.com", "last_name": "Stone"},
                {"email": "cy@example.com"}
            ]
        })))
        .respond_with(accepted("job-4"))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "bulk_import_contacts",
        json!({"listIds": "l1", "contacts": [
            {"email": "ann@example.com", "firstName": "Ann", "postalCode": "1011"},
            {"email": "bob@example.com", "last_name": "Stone", "city": null},
            " cy@example.com "
        ]}),
    )
    .await
    .unwrap();
    assert_eq!(output["job_id"], "job-4");
    let error =
        run(&server, "bulk_import_contacts", json!({"contacts": [{"firstName": "No Email"}]})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`contacts[0]` has no `email`"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_update_and_get_a_list() {
    let server = MockServer::start().await;
    upstream("POST", "/marketing/lists")
        .and(matchers::body_json(json!({"name": "Customers"})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"id": "l1", "name": "Customers", "contact_count": 0})),
        )
        .expect(1)
        .mount(&server)
        .await;
    upstream("PATCH", "/marketing/lists/l1")
        .and(matchers::body_json(json!({"name": "Buyers"})))
        .respond_with(ok(json!({"id": "l1", "name": "Buyers"})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/marketing/lists/l1")
        .respond_with(ok(json!({"id": "l1", "name": "Buyers", "contact_count": 12})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "create_list", json!({"name": "Customers"})).await.unwrap()["id"], "l1");
    assert_eq!(run(&server, "update_list", json!({"listId": "l1", "name": "Buyers"})).await.unwrap()["name"], "Buyers");
    assert_eq!(run(&server, "get_list", json!({"listId": "l1"})).await.unwrap()["contact_count"], 12);
}

#[tokio::test]
async fn get_lists_follows_the_page_tokens() {
    let server = MockServer::start().await;
    upstream("GET", "/marketing/lists")
        .and(matchers::query_param("page_size", "2"))
        .and(matchers::query_param_is_missing("page_token"))
        .respond_with(ok(json!({"result": [{"id": "l1"}, {"id": "l2"}], "_metadata": {
            "self": "https://api.sendgrid.com/v3/marketing/lists?page_size=2",
            "next": "https://api.sendgrid.com/v3/marketing/lists?page_size=2&page_token=tok%3D2", "count": 3}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/marketing/lists")
        .and(matchers::query_param("page_token", "tok=2"))
        .respond_with(ok(json!({"result": [{"id": "l3"}], "_metadata": {"count": 3}})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_lists", json!({"pageSize": 2})).await.unwrap();
    assert_eq!(output, json!({"result": [{"id": "l1"}, {"id": "l2"}, {"id": "l3"}]}));
}

#[tokio::test]
async fn delete_list_says_whether_the_contacts_go_too() {
    let server = MockServer::start().await;
    upstream("DELETE", "/marketing/lists/l1")
        .and(matchers::query_param("delete_contacts", "true"))
        .respond_with(accepted("job-5"))
        .expect(1)
        .mount(&server)
        .await;
    upstream("DELETE", "/marketing/lists/l2")
        .and(matchers::query_param("delete_contacts", "false"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let with = run(&server, "delete_list", json!({"listId": "l1", "deleteContacts": true})).await.unwrap();
    assert_eq!(with, json!({"job_id": "job-5", "deleted": true, "listId": "l1"}));
    let without = run(&server, "delete_list", json!({"listId": "l2"})).await.unwrap();
    assert_eq!(without, json!({"deleted": true, "listId": "l2"}));
}

#[tokio::test]
async fn add_contact_to_list_reads_the_contacts_email_and_upserts_it_into_the_list() {
    let server = MockServer::start().await;
    upstream("GET", "/marketing/contacts/c-1")
        .respond_with(ok(json!({"id": "c-1", "email": "ann@example.com"})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("PUT", "/marketing/contacts")
        .and(matchers::body_json(json!({"list_ids": ["l1"], "contacts": [{"email": "ann@example.com"}]})))
        .respond_with(accepted("job-6"))
        .expect(2)
        .mount(&server)
        .await;
    assert_eq!(
        run(&server, "add_contact_to_list", json!({"listId": "l1", "contactId": "c-1"})).await.unwrap()["job_id"],
        "job-6"
    );
    // An email address needs no lookup.
    run(&server, "add_contact_to_list", json!({"listId": "l1", "contactId": "ann@example.com"})).await.unwrap();
}

#[tokio::test]
async fn remove_contact_from_list_deletes_the_membership() {
    let server = MockServer::start().await;
    upstream("DELETE", "/marketing/lists/l1/contacts")
        .and(matchers::query_param("contact_ids", "c-1"))
        .respond_with(accepted("job-7"))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "remove_contact_from_list", json!({"listId": "l1", "contactId": "c-1"})).await.unwrap();
    assert_eq!(output, json!({"job_id": "job-7", "removed": true}));
}

// ---------------------------------------------------------------------------------------------
// Segments
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn segments_are_created_updated_read_listed_and_deleted_through_segments_2_0() {
    let server = MockServer::start().await;
    let query = "SELECT contact_id, updated_at FROM contact_data WHERE country = 'NL'";
    upstream("POST", "/marketing/segments/2.0")
        .and(matchers::body_json(json!({"name": "Dutch", "query_dsl": query, "parent_list_ids": ["l1"]})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "s1", "name": "Dutch"})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("PATCH", "/marketing/segments/2.0/s1")
        .and(matchers::body_json(json!({"name": "NL"})))
        .respond_with(ok(json!({"id": "s1", "name": "NL"})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/marketing/segments/2.0/s1")
        .respond_with(ok(json!({"id": "s1", "name": "NL", "contacts_count": 5})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/marketing/segments/2.0")
        .and(matchers::query_param("parent_list_ids", "l1"))
        .respond_with(ok(json!({"results": [{"id": "s1"}]})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("DELETE", "/marketing/segments/2.0/s1")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let created =
        run(&server, "create_segment", json!({"name": "Dutch", "parentListId": "l1", "queryDsl": query})).await;
    assert_eq!(created.unwrap()["id"], "s1");
    assert_eq!(run(&server, "update_segment", json!({"segmentId": "s1", "name": "NL"})).await.unwrap()["name"], "NL");
    assert_eq!(run(&server, "get_segment", json!({"segmentId": "s1"})).await.unwrap()["contacts_count"], 5);
    assert_eq!(run(&server, "get_segments", json!({"parentListId": "l1"})).await.unwrap()["results"][0]["id"], "s1");
    let deleted = run(&server, "delete_segment", json!({"segmentId": "s1"})).await.unwrap();
    assert_eq!(deleted, json!({"deleted": true, "segmentId": "s1"}));
    let error = run(&server, "update_segment", json!({"segmentId": "s1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

// ---------------------------------------------------------------------------------------------
// Single Sends
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_campaign_posts_a_single_send() {
    let server = MockServer::start().await;
    let body = json!({
        "name": "November",
        "categories": ["news"],
        "send_to": {"list_ids": ["l1"], "segment_ids": ["s1", "s2"]},
        "email_config": {"subject": "News", "html_content": "<p>Hi</p>", "generate_plain_content": true,
                         "editor": "code", "sender_id": 7, "suppression_group_id": 12}
    });
    upstream("POST", "/marketing/singlesends")
        .and(matchers::body_json(body))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "ss-1", "status": "draft"})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "create_campaign",
        json!({"name": "November", "subject": "News", "content": "<p>Hi</p>", "listIds": "l1", "segmentIds": "s1,s2",
               "senderId": 7, "suppressionGroupId": 12, "categories": "news"}),
    )
    .await
    .unwrap();
    assert_eq!(output, json!({"id": "ss-1", "status": "draft"}));
}

#[tokio::test]
async fn update_campaign_merges_the_changes_into_the_current_settings() {
    let server = MockServer::start().await;
    upstream("GET", "/marketing/singlesends/ss-1")
        .respond_with(ok(json!({"id": "ss-1", "name": "November",
            "send_to": {"list_ids": ["l1"], "segment_ids": []},
            "email_config": {"subject": "News", "html_content": "<p>Hi</p>", "sender_id": 7}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("PATCH", "/marketing/singlesends/ss-1")
        .and(matchers::body_json(json!({
            "name": "December",
            "email_config": {"subject": "More news", "html_content": "<p>Hi</p>", "sender_id": 7},
            "send_to": {"list_ids": ["l2"], "segment_ids": []}
        })))
        .respond_with(ok(json!({"id": "ss-1", "name": "December"})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "update_campaign",
        json!({"campaignId": "ss-1", "name": "December", "subject": "More news", "listIds": "l2", "segmentIds": ""}),
    )
    .await
    .unwrap();
    assert_eq!(output["name"], "December");
}

#[tokio::test]
async fn get_and_delete_a_campaign() {
    let server = MockServer::start().await;
    upstream("GET", "/marketing/singlesends/ss-1")
        .respond_with(ok(json!({"id": "ss-1", "status": "sent"})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("DELETE", "/marketing/singlesends/ss-1")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "get_campaign", json!({"campaignId": "ss-1"})).await.unwrap()["status"], "sent");
    let deleted = run(&server, "delete_campaign", json!({"campaignId": "ss-1"})).await.unwrap();
    assert_eq!(deleted, json!({"deleted": true, "campaignId": "ss-1"}));
}

#[tokio::test]
async fn get_campaigns_pages_the_list_or_searches_by_status() {
    let server = MockServer::start().await;
    upstream("GET", "/marketing/singlesends")
        .and(matchers::query_param("page_size", "50"))
        .and(matchers::query_param_is_missing("page_token"))
        .respond_with(ok(json!({"result": [{"id": "ss-1"}],
            "_metadata": {"next": "https://api.sendgrid.com/v3/marketing/singlesends?page_size=50&page_token=p2"}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/marketing/singlesends")
        .and(matchers::query_param("page_token", "p2"))
        .respond_with(ok(json!({"result": [{"id": "ss-2"}], "_metadata": {}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/marketing/singlesends/search")
        .and(matchers::query_param("page_size", "10"))
        .and(matchers::body_json(json!({"status": ["draft"]})))
        .respond_with(ok(json!({"result": [{"id": "ss-3", "status": "draft"}], "_metadata": {}})))
        .expect(1)
        .mount(&server)
        .await;
    let all = run(&server, "get_campaigns", json!({"status": ""})).await.unwrap();
    assert_eq!(all, json!({"result": [{"id": "ss-1"}, {"id": "ss-2"}]}));
    let drafts = run(&server, "get_campaigns", json!({"status": "draft", "pageSize": 10})).await.unwrap();
    assert_eq!(drafts["result"], json!([{"id": "ss-3", "status": "draft"}]));
}

#[tokio::test]
async fn send_campaign_schedules_now_or_at_the_time_given() {
    let server = MockServer::start().await;
    upstream("PUT", "/marketing/singlesends/ss-1/schedule")
        .and(matchers::body_json(json!({"send_at": "now"})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"send_at": "2026-11-27T10:00:00Z", "status": "scheduled"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    upstream("PUT", "/marketing/singlesends/ss-2/schedule")
        .and(matchers::body_json(json!({"send_at": "2026-12-01T09:00:00Z"})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"send_at": "2026-12-01T09:00:00Z", "status": "scheduled"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "send_campaign", json!({"campaignId": "ss-1"})).await.unwrap()["status"], "scheduled");
    let later = run(&server, "send_campaign", json!({"campaignId": "ss-2", "sendAt": "2026-12-01T09:00:00Z"})).await;
    assert_eq!(later.unwrap()["send_at"], "2026-12-01T09:00:00Z");
}

#[tokio::test]
async fn pause_campaign_cancels_the_schedule() {
    let server = MockServer::start().await;
    upstream("DELETE", "/marketing/singlesends/ss-1/schedule")
        .respond_with(ok(json!({"id": "ss-1", "status": "draft"})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "pause_campaign", json!({"campaignId": "ss-1"})).await.unwrap();
    assert_eq!(output, json!({"id": "ss-1", "status": "draft", "campaignId": "ss-1"}));
}

#[tokio::test]
async fn get_campaign_stats_reads_the_single_sends_stats() {
    let server = MockServer::start().await;
    let stats = json!({"results": [{"id": "ss-1", "stats": {"requests": 10, "delivered": 9, "unique_opens": 4}}]});
    upstream("GET", "/marketing/stats/singlesends/ss-1").respond_with(ok(stats.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_campaign_stats", json!({"campaignId": "ss-1"})).await.unwrap(), stats);
}

// ---------------------------------------------------------------------------------------------
// Templates and senders
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_template_creates_it_and_its_active_version() {
    let server = MockServer::start().await;
    upstream("POST", "/templates")
        .and(matchers::body_json(json!({"name": "Receipt", "generation": "dynamic"})))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "d-1", "name": "Receipt", "generation": "dynamic", "versions": []})),
        )
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/templates/d-1/versions")
        .and(matchers::body_json(
            json!({"name": "Receipt", "subject": "{{subject}}", "html_content": "<p>{{total}}</p>",
                                        "generate_plain_content": true, "active": 1}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "v-1", "template_id": "d-1", "active": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "create_template", json!({"name": "Receipt", "htmlContent": "<p>{{total}}</p>"})).await.unwrap();
    assert_eq!(output["id"], "d-1");
    assert_eq!(output["versions"], json!([{"id": "v-1", "template_id": "d-1", "active": 1}]));
}

#[tokio::test]
async fn update_template_renames_it_and_changes_its_active_version() {
    let server = MockServer::start().await;
    upstream("PATCH", "/templates/d-1")
        .and(matchers::body_json(json!({"name": "Receipt 2"})))
        .respond_with(ok(json!({"id": "d-1", "name": "Receipt 2", "versions": [
            {"id": "v-0", "active": 0}, {"id": "v-1", "active": 1}]})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("PATCH", "/templates/d-1/versions/v-1")
        .and(matchers::body_json(json!({"subject": "Your receipt"})))
        .respond_with(ok(json!({"id": "v-1", "active": 1, "subject": "Your receipt"})))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "update_template", json!({"templateId": "d-1", "name": "Receipt 2", "subject": "Your receipt"}))
            .await
            .unwrap();
    assert_eq!(output["name"], "Receipt 2");
    assert_eq!(output["versions"][0], json!({"id": "v-1", "active": 1, "subject": "Your receipt"}));
    assert_eq!(output["versions"][1]["id"], "v-0");
}

#[tokio::test]
async fn get_list_and_delete_templates() {
    let server = MockServer::start().await;
    upstream("GET", "/templates/d-1")
        .respond_with(ok(json!({"id": "d-1", "name": "Receipt"})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/templates")
        .and(matchers::query_param("generations", "legacy"))
        .and(matchers::query_param("page_size", "20"))
        .respond_with(ok(json!({"result": [{"id": "t-1"}], "_metadata": {"count": 1}})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("DELETE", "/templates/d-1").respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_template", json!({"templateId": "d-1"})).await.unwrap()["name"], "Receipt");
    let listed = run(&server, "get_templates", json!({"generations": "legacy", "pageSize": 20})).await.unwrap();
    assert_eq!(listed, json!({"result": [{"id": "t-1"}]}));
    let deleted = run(&server, "delete_template", json!({"templateId": "d-1"})).await.unwrap();
    assert_eq!(deleted, json!({"deleted": true, "templateId": "d-1"}));
}

#[tokio::test]
async fn get_senders_lists_the_marketing_senders() {
    let server = MockServer::start().await;
    let senders =
        json!([{"id": 7, "nickname": "Shop", "from": {"email": "shop@example.com"}, "verified": {"status": true}}]);
    upstream("GET", "/marketing/senders").respond_with(ok(senders.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_senders", json!({})).await.unwrap(), senders);
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_refused_key_is_unauthorized_without_the_key() {
    let server = MockServer::start().await;
    upstream("GET", "/marketing/lists/l1")
        .respond_with(sg_error(401, None, "The provided authorization grant is invalid, expired, or revoked"))
        .mount(&server)
        .await;
    let error = run(&server, "get_list", json!({"listId": "l1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(
        error.message.contains("read the list: SendGrid answered 401: The provided authorization grant"),
        "{error}"
    );
    assert!(!error.to_string().contains(KEY));
}

#[tokio::test]
async fn a_missing_contact_is_not_found_in_sendgrids_words() {
    let server = MockServer::start().await;
    upstream("GET", "/marketing/contacts/c-9")
        .respond_with(sg_error(404, None, "Contact not found"))
        .mount(&server)
        .await;
    let error = run(&server, "get_contact", json!({"contactId": "c-9"})).await.unwrap_err();
    assert_eq!((error.code, error.status), (ErrorCode::NotFound, 404));
    assert_eq!(error.message, "SendGrid refused to read the contact: SendGrid answered 404: Contact not found");
}

#[tokio::test]
async fn a_bad_field_is_invalid_input_naming_the_field() {
    let server = MockServer::start().await;
    upstream("PUT", "/marketing/contacts")
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"errors": [
                {"field": "contacts[0].email", "message": "must be a valid email"},
                {"field": "list_ids[0]", "message": "list does not exist"}]})))
        .mount(&server)
        .await;
    let error = run(&server, "create_contact", json!({"email": "ann@example", "listIds": "nope"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(
        error.message.ends_with("`contacts[0].email`: must be a valid email; `list_ids[0]`: list does not exist"),
        "{error}"
    );
}

#[tokio::test]
async fn forbidden_and_too_many_requests_are_mapped() {
    let server = MockServer::start().await;
    upstream("GET", "/marketing/senders").respond_with(sg_error(403, None, "access forbidden")).mount(&server).await;
    upstream("GET", "/templates/d-1")
        .respond_with(sg_error(429, None, "too many requests").insert_header("Retry-After", "1"))
        .mount(&server)
        .await;
    let error = run(&server, "get_senders", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert!(error.message.contains("access forbidden"), "{error}");
    let sendgrid: SendgridMarketing = ConnectContext::new(credentials().as_object().cloned().unwrap())
        .with_base_url(server.uri())
        .with_http_options(HttpOptions { retry: RetryPolicy::NONE, ..Default::default() })
        .connect()
        .unwrap();
    let error = sendgrid.execute("get_template", json!({"templateId": "d-1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.message.contains("too many requests"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Event Webhook triggers
// ---------------------------------------------------------------------------------------------

/// Each trigger, the Event Webhook setting it turns on, and the `event` of its deliveries.
const TRIGGERS: [(&str, &str, &str); 9] = [
    ("email_delivered", "delivered", "delivered"),
    ("email_opened", "open", "open"),
    ("email_clicked", "click", "click"),
    ("email_bounced", "bounce", "bounce"),
    ("email_dropped", "dropped", "dropped"),
    ("email_unsubscribed", "unsubscribe", "unsubscribe"),
    ("spam_report", "spam_report", "spamreport"),
    ("group_unsubscribed", "group_unsubscribe", "group_unsubscribe"),
    ("group_resubscribed", "group_resubscribe", "group_resubscribe"),
];

/// The P-256 secret scalar the test deliveries are signed with.
const PRIVATE_HEX: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
/// Another key's scalar.
const OTHER_HEX: &str = "0f56db78ca460b055c500064824bed999a25aaf48ebb519ac201537b85479813";

fn public_key() -> String {
    sendgrid_public_key(PRIVATE_HEX).unwrap()
}

/// One delivery as SendGrid batches it: an event of every kind.
fn batch() -> Value {
    let events: Vec<Value> = TRIGGERS
        .iter()
        .map(|(_, _, event)| {
            json!({"email": "ann@example.com", "timestamp": 1_764_230_400, "event": event,
                   "sg_event_id": format!("ev-{event}"), "sg_message_id": "msg-abc.filter0001"})
        })
        .chain([json!({"email": "ann@example.com", "event": "processed", "sg_event_id": "ev-processed"})])
        .collect();
    json!(events)
}

fn signed(body: &str, private_hex: &str) -> WebhookRequest {
    testing::signed(SignatureScheme::SendGrid, body.to_owned(), [("Content-Type", "application/json")], private_hex)
}

async fn deliver(
    connector: &SendgridMarketing,
    trigger: &str,
    request: WebhookRequest,
) -> Result<WebhookReply<Value>, Rejection> {
    testing::deliver(connector, trigger, json!({}), credentials(), Some(&public_key()), request).await
}

#[test]
fn every_trigger_verifies_sendgrids_signature_with_the_returned_key_and_dedupes_on_sg_event_id() {
    let triggers = connectors::registry().get("sendgrid_marketing").expect("registered").triggers();
    assert_eq!(triggers.len(), 9);
    for trigger in triggers {
        assert_eq!(trigger.verify, Some(SignatureScheme::SendGrid), "{}", trigger.id);
        assert_eq!(trigger.secret, Some(SecretSource::Generated), "{}", trigger.id);
        assert_eq!(trigger.event_id, Some(EventId::Event("/sg_event_id")), "{}", trigger.id);
    }
}

#[tokio::test]
async fn every_trigger_gets_only_its_events_of_a_signed_oddly_spaced_batch() {
    let server = MockServer::start().await;
    let connector = testing::connect::<SendgridMarketing>(&server, credentials());
    let body = testing::oddly_spaced(&batch());
    for (trigger, _, event) in TRIGGERS {
        let request = signed(&body, PRIVATE_HEX);
        let reply = deliver(&connector, trigger, request.clone()).await.unwrap();
        assert_eq!(reply.events.len(), 1, "{trigger}");
        assert_eq!(reply.events[0]["event"], event, "{trigger}");
        assert_eq!(reply.events[0]["email"], "ann@example.com");
        let meta = testing::trigger_meta::<SendgridMarketing>(trigger).expect("declared");
        let ids = meta.event_id.expect("declared").ids(Some(&request), &reply.events);
        assert_eq!(ids, [Some(format!("ev-{event}"))], "{trigger}");
    }
}

#[tokio::test]
async fn a_tampered_body_another_key_and_no_signature_are_refused() {
    let server = MockServer::start().await;
    let connector = testing::connect::<SendgridMarketing>(&server, credentials());
    let body = testing::oddly_spaced(&batch());

    let signed_once = signed(&body, PRIVATE_HEX);
    let forged = body.replace("ann@example.com", "eve@example.com");
    let tampered = WebhookRequest::post(forged, signed_once.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let refused = deliver(&connector, "email_opened", tampered).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");

    let wrong = deliver(&connector, "email_opened", signed(&body, OTHER_HEX)).await;
    assert!(matches!(wrong, Err(Rejection::Unverified(SignatureError::Mismatch))), "{wrong:?}");

    let unsigned = WebhookRequest::post(body.clone(), [("Content-Type", "application/json")]);
    assert!(matches!(deliver(&connector, "email_opened", unsigned).await, Err(Rejection::Unverified(_))));

    let never_subscribed =
        testing::deliver(&connector, "email_opened", json!({}), credentials(), None, signed(&body, PRIVATE_HEX)).await;
    assert!(matches!(never_subscribed, Err(Rejection::NoSecret(_))), "{never_subscribed:?}");
}

// ---------------------------------------------------------------------------------------------
// Registering the Event Webhook
// ---------------------------------------------------------------------------------------------

const HOOK_URL: &str = "https://flux.example/api/v1/webhooks/sendgrid_marketing/reg-1";

fn context() -> SubscribeContext {
    SubscribeContext { webhook_url: HOOK_URL.to_owned(), secret: "generated-but-unused".to_owned() }
}

/// The settings a new webhook of `setting` is created with: that event on, every other off.
fn settings(trigger: &str, setting: &str) -> Value {
    let mut body = json!({"enabled": true, "url": HOOK_URL, "friendly_name": format!("FluxTurn {trigger}")});
    for name in [
        "processed",
        "deferred",
        "delivered",
        "open",
        "click",
        "bounce",
        "dropped",
        "unsubscribe",
        "spam_report",
        "group_unsubscribe",
        "group_resubscribe",
    ] {
        body[name] = json!(name == setting);
    }
    body
}

#[tokio::test]
async fn subscribe_creates_a_signed_webhook_for_each_triggers_event_and_keeps_its_key() {
    for (trigger, setting, _) in TRIGGERS {
        let server = MockServer::start().await;
        upstream("GET", "/user/webhooks/event/settings/all")
            .respond_with(ok(
                json!({"max_allowed": 5, "webhooks": [{"id": "other", "url": "https://elsewhere.example/hook"}]}),
            ))
            .expect(1)
            .mount(&server)
            .await;
        upstream("POST", "/user/webhooks/event/settings")
            .and(matchers::body_json(settings(trigger, setting)))
            .respond_with(
                ResponseTemplate::new(201).set_body_json(json!({"id": "wh-1", "url": HOOK_URL, "enabled": true})),
            )
            .expect(1)
            .mount(&server)
            .await;
        upstream("PATCH", "/user/webhooks/event/settings/signed/wh-1")
            .and(matchers::body_json(json!({"enabled": true})))
            .respond_with(ok(json!({"id": "wh-1", "public_key": public_key()})))
            .expect(1)
            .mount(&server)
            .await;
        let connector = testing::connect::<SendgridMarketing>(&server, credentials());
        let subscription = connector.subscribe(trigger, json!({}), context()).await.unwrap().unwrap();
        assert_eq!(subscription.upstream_id, "wh-1", "{trigger}");
        assert_eq!(subscription.secret, Some(public_key()), "{trigger}: the verification key replaces the secret");
    }
}

#[tokio::test]
async fn subscribe_again_updates_the_webhook_already_there() {
    let server = MockServer::start().await;
    upstream("GET", "/user/webhooks/event/settings/all")
        .respond_with(ok(json!({"webhooks": [{"id": "wh-9", "url": HOOK_URL, "enabled": false}]})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("PATCH", "/user/webhooks/event/settings/wh-9")
        .and(matchers::body_json(settings("spam_report", "spam_report")))
        .respond_with(ok(json!({"id": "wh-9"})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/user/webhooks/event/settings")
        .respond_with(ok(json!({"id": "new"})))
        .expect(0)
        .mount(&server)
        .await;
    upstream("PATCH", "/user/webhooks/event/settings/signed/wh-9")
        .respond_with(ok(json!({"id": "wh-9", "public_key": public_key()})))
        .expect(1)
        .mount(&server)
        .await;
    let connector = testing::connect::<SendgridMarketing>(&server, credentials());
    let subscription = connector.subscribe("spam_report", json!({}), context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "wh-9");
}

#[tokio::test]
async fn subscribe_reports_sendgrids_refusal() {
    let server = MockServer::start().await;
    upstream("GET", "/user/webhooks/event/settings/all").respond_with(ok(json!({"webhooks": []}))).mount(&server).await;
    upstream("POST", "/user/webhooks/event/settings")
        .respond_with(sg_error(400, Some("url"), "you have reached the maximum number of webhooks"))
        .mount(&server)
        .await;
    let connector = testing::connect::<SendgridMarketing>(&server, credentials());
    let error = connector.subscribe("email_clicked", json!({}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(
        error.message.contains("create the Event Webhook: SendGrid answered 400: `url`: you have reached"),
        "{error}"
    );
}

#[tokio::test]
async fn unsubscribe_deletes_the_webhook_and_one_already_gone_is_fine() {
    let server = MockServer::start().await;
    upstream("DELETE", "/user/webhooks/event/settings/wh-1")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    upstream("DELETE", "/user/webhooks/event/settings/wh-gone")
        .respond_with(sg_error(404, None, "webhook not found"))
        .expect(1)
        .mount(&server)
        .await;
    upstream("DELETE", "/user/webhooks/event/settings/wh-locked")
        .respond_with(sg_error(403, None, "access forbidden"))
        .expect(1)
        .mount(&server)
        .await;
    let connector = testing::connect::<SendgridMarketing>(&server, credentials());
    connector.unsubscribe("email_delivered", json!({}), Subscription::new("wh-1")).await.unwrap();
    connector.unsubscribe("email_opened", json!({}), Subscription::new("wh-gone")).await.unwrap();
    let error = connector.unsubscribe("email_bounced", json!({}), Subscription::new("wh-locked")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert!(error.message.contains("delete the Event Webhook: SendGrid answered 403: access forbidden"), "{error}");
}
