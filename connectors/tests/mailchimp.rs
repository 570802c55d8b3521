//! Mailchimp against a local mock of its Marketing API.

use connectors::marketing::mailchimp::{base_url_for, data_center, form_to_json, subscriber_hash, Mailchimp};
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::{verify, Rejection};
use fluxturn_core::{
    ConnectContext, Connector, ErrorCode, SignatureScheme, SubscribeContext, Subscription, WebhookRequest,
};
use serde_json::{json, Value};

const KEY: &str = "0123456789abcdef0123456789abcdef-us21";
/// The MD5 of `ada@example.com`: Mailchimp's id of that member.
const ADA: &str = "3e3417d7ef77d5932a6734b916515ed5";
const HOOK_URL: &str = "https://flux.example/api/v1/webhooks/mailchimp/reg-1?token=test-only-url-token-7c1e";
/// The secret the server generated for the registration, in the URL it gave Mailchimp.
const URL_TOKEN: &str = "test-only-url-token-7c1e";

fn credentials() -> Value {
    json!({"apiKey": KEY})
}

/// A mock of `method path` that checks the key is sent as `Authorization: apikey <key>`.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("apikey {KEY}").as_str()))
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<Mailchimp>(server, credentials(), action, input).await
}

/// Mailchimp's problem JSON.
fn problem(status: u16, title: &str, detail: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "type": "https://mailchimp.com/developer/marketing/docs/errors/",
        "title": title, "status": status, "detail": detail, "instance": "a1b2c3"
    }))
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("mailchimp").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_member",
            "get_member",
            "get_all_members",
            "update_member",
            "delete_member",
            "add_member_tags",
            "remove_member_tags",
            "get_campaign",
            "get_all_campaigns",
            "send_campaign",
            "delete_campaign",
            "replicate_campaign",
            "resend_campaign",
            "get_list_groups",
            "get_lists"
        ] as [&str; 15]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        triggers,
        [
            "subscriber_added",
            "subscriber_removed",
            "subscriber_cleaned",
            "subscriber_profile_updated",
            "subscriber_email_changed",
            "campaign_sent"
        ] as [&str; 6]
    );
    assert!(definition.supported_triggers.iter().all(|t| t.webhook_required));
}

// ---------------------------------------------------------------------------------------------
// The connection
// ---------------------------------------------------------------------------------------------

#[test]
fn the_data_center_is_the_suffix_of_the_key() {
    assert_eq!(data_center(KEY).unwrap(), "us21");
    assert_eq!(data_center(" abc-def-US6 ").unwrap(), "us6");
    assert_eq!(base_url_for("us21"), "https://us21.api.mailchimp.com/3.0");
    for bad in ["0123456789abcdef", "abc-", "abc-us21.evil.example", "abc-us/21", ""] {
        let error = data_center(bad).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidCredentials, "{bad}");
        assert!(error.message.contains("data-center suffix"), "{error}");
    }
}

#[test]
fn requests_go_to_the_data_center_of_the_key() {
    let mailchimp: Mailchimp = ConnectContext::new(credentials().as_object().cloned().unwrap()).connect().unwrap();
    assert_eq!(mailchimp.api_base_url(), "https://us21.api.mailchimp.com/3.0");
}

#[tokio::test]
async fn a_key_without_a_data_center_is_refused_before_any_request() {
    let server = MockServer::start().await;
    let Err(error) = testing::try_connect::<Mailchimp>(&server, json!({"apiKey": "0123456789abcdef"})) else {
        panic!("a key without a data center was accepted")
    };
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(!error.to_string().contains("0123456789abcdef"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn test_connection_pings_the_api() {
    let server = MockServer::start().await;
    upstream("GET", "/ping")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"health_status": "Everything's Chimpy!"})))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<Mailchimp>(&server, credentials()).test_connection().await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------

#[test]
fn the_member_id_is_the_md5_of_the_lower_cased_email() {
    assert_eq!(subscriber_hash("ada@example.com"), ADA);
    assert_eq!(subscriber_hash(" Ada@Example.COM "), ADA);
}

#[tokio::test]
async fn create_member_posts_the_member_with_merge_fields_tags_and_location() {
    let server = MockServer::start().await;
    let member = json!({"id": ADA, "email_address": "ada@example.com", "status": "subscribed"});
    upstream("POST", "/lists/list1/members")
        .and(matchers::body_json(json!({
            "email_address": "ada@example.com",
            "status": "pending",
            "email_type": "text",
            "language": "en",
            "vip": true,
            "ip_signup": "203.0.113.1",
            "ip_opt": "203.0.113.2",
            "timestamp_signup": "2025-01-01T10:00:00Z",
            "timestamp_opt": "2025-01-01T10:05:00Z",
            "tags": ["customer", "newsletter"],
            "merge_fields": {"FNAME": "Ada", "LNAME": "Lovelace", "BIRTHDAY": "12/10"},
            "location": {"latitude": 51.5, "longitude": -0.12},
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(member.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({
        "listId": "list1", "email": "ada@example.com", "status": "pending", "emailType": "text",
        "language": "en", "vip": true, "tags": "customer, newsletter,", "firstName": "Ada",
        "lastName": "Lovelace", "birthday": "12/10", "latitude": 51.5, "longitude": -0.12,
        "ipSignup": "203.0.113.1", "ipOptIn": "203.0.113.2", "timestampSignup": "2025-01-01T10:00:00Z",
        "timestampOptIn": "2025-01-01T10:05:00Z",
    });
    assert_eq!(run(&server, "create_member", input).await.unwrap(), member);
}

#[tokio::test]
async fn create_member_sends_only_what_is_given() {
    let server = MockServer::start().await;
    upstream("POST", "/lists/list1/members")
        .and(matchers::body_json(json!({"email_address": "ada@example.com", "status": "subscribed"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": ADA})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"listId": "list1", "email": "ada@example.com", "status": "subscribed"});
    assert_eq!(run(&server, "create_member", input).await.unwrap(), json!({"id": ADA}));
}

#[tokio::test]
async fn a_member_that_exists_is_invalid_input_with_mailchimps_detail() {
    let server = MockServer::start().await;
    upstream("POST", "/lists/list1/members")
        .respond_with(problem(400, "Member Exists", "ada@example.com is already a list member."))
        .mount(&server)
        .await;
    let input = json!({"listId": "list1", "email": "ada@example.com", "status": "subscribed"});
    let error = run(&server, "create_member", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("Member Exists: ada@example.com is already a list member."), "{error}");
}

#[tokio::test]
async fn get_member_reads_it_by_the_hash_of_its_email() {
    let server = MockServer::start().await;
    let member = json!({"id": ADA, "email_address": "ada@example.com"});
    upstream("GET", &format!("/lists/list1/members/{ADA}"))
        .respond_with(ResponseTemplate::new(200).set_body_json(member.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_member", json!({"listId": "list1", "email": "Ada@Example.com"})).await.unwrap();
    assert_eq!(output, member);
}

#[tokio::test]
async fn a_member_not_found_is_not_found_with_mailchimps_detail() {
    let server = MockServer::start().await;
    upstream("GET", &format!("/lists/list1/members/{ADA}"))
        .respond_with(problem(404, "Resource Not Found", "The requested resource could not be found."))
        .mount(&server)
        .await;
    let error = run(&server, "get_member", json!({"listId": "list1", "email": "ada@example.com"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("404 Resource Not Found: The requested resource could not be found."), "{error}");
}

#[tokio::test]
async fn an_invalid_key_is_unauthorized_and_the_key_is_never_shown() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/lists"))
        .respond_with(problem(401, "API Key Invalid", &format!("Your API key may be invalid: {KEY}")))
        .mount(&server)
        .await;
    let error = run(&server, "get_lists", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert!(error.message.contains("API Key Invalid"), "{error}");
    assert!(!error.to_string().contains(KEY) && !error.details.to_string().contains(KEY), "{error}");
}

#[tokio::test]
async fn field_errors_of_a_400_are_in_the_message() {
    let server = MockServer::start().await;
    upstream("PATCH", &format!("/lists/list1/members/{ADA}"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "title": "Invalid Resource", "status": 400,
            "detail": "The resource submitted could not be validated.",
            "errors": [{"field": "language", "message": "Must be a valid language code"}]
        })))
        .mount(&server)
        .await;
    let input = json!({"listId": "list1", "email": "ada@example.com", "language": "xx"});
    let error = run(&server, "update_member", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("(language: Must be a valid language code)"), "{error}");
}

#[tokio::test]
async fn get_all_members_sends_the_filters_and_a_page_of_the_limit() {
    let server = MockServer::start().await;
    upstream("GET", "/lists/list1/members")
        .and(matchers::query_param("count", "2"))
        .and(matchers::query_param("offset", "0"))
        .and(matchers::query_param("status", "subscribed"))
        .and(matchers::query_param("email_type", "html"))
        .and(matchers::query_param("since_last_changed", "2025-01-01T00:00:00+00:00"))
        .and(matchers::query_param("before_last_changed", "2025-02-01T00:00:00+00:00"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "members": [{"id": "a"}, {"id": "b"}], "total_items": 40
        })))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({
        "listId": "list1", "limit": 2, "status": "subscribed", "emailType": "html",
        "sinceLastChanged": "2025-01-01T00:00:00+00:00", "beforeLastChanged": "2025-02-01T00:00:00+00:00",
    });
    assert_eq!(run(&server, "get_all_members", input).await.unwrap(), json!([{"id": "a"}, {"id": "b"}]));
}

#[tokio::test]
async fn get_all_members_with_an_empty_status_sends_no_filter() {
    let server = MockServer::start().await;
    upstream("GET", "/lists/list1/members")
        .and(matchers::query_param("count", "100"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"members": [], "total_items": 0})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_all_members", json!({"listId": "list1", "status": "", "emailType": ""})).await;
    assert_eq!(output.unwrap(), json!([]));
    let request = &server.received_requests().await.unwrap()[0];
    assert!(!request.url.query().unwrap_or_default().contains("status"), "{}", request.url);
}

/// `n` items with ids from `from`.
fn items(from: usize, n: usize) -> Value {
    Value::Array((from..from + n).map(|i| json!({"id": i.to_string()})).collect())
}

#[tokio::test]
async fn get_all_members_returns_all_following_count_and_offset() {
    let server = MockServer::start().await;
    upstream("GET", "/lists/list1/members")
        .and(matchers::query_param("count", "1000"))
        .and(matchers::query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"members": items(0, 1000), "total_items": 1003})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/lists/list1/members")
        .and(matchers::query_param("count", "1000"))
        .and(matchers::query_param("offset", "1000"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"members": items(1000, 3), "total_items": 1003})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_all_members", json!({"listId": "list1", "returnAll": true})).await.unwrap();
    let output = output.as_array().unwrap();
    assert_eq!(output.len(), 1003);
    assert_eq!(output[1002], json!({"id": "1002"}));
}

#[tokio::test]
async fn a_limit_that_is_not_a_whole_number_never_reaches_mailchimp() {
    let server = MockServer::start().await;
    let error = run(&server, "get_all_members", json!({"listId": "list1", "limit": 2.5})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn update_member_patches_the_given_fields() {
    let server = MockServer::start().await;
    let member = json!({"id": ADA, "status": "unsubscribed"});
    upstream("PATCH", &format!("/lists/list1/members/{ADA}"))
        .and(matchers::query_param("skip_merge_validation", "true"))
        .and(matchers::body_json(json!({
            "status": "unsubscribed", "email_type": "html", "vip": false,
            "merge_fields": {"FNAME": "Augusta"}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(member.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({
        "listId": "list1", "email": "ada@example.com", "status": "unsubscribed", "emailType": "html",
        "vip": false, "firstName": "Augusta", "skipMergeValidation": true,
    });
    assert_eq!(run(&server, "update_member", input).await.unwrap(), member);
}

#[tokio::test]
async fn update_member_with_nothing_to_change_never_reaches_mailchimp() {
    let server = MockServer::start().await;
    let error = run(&server, "update_member", json!({"listId": "list1", "email": "ada@example.com"})).await;
    assert_eq!(error.unwrap_err().code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn delete_member_deletes_it_by_its_hash() {
    let server = MockServer::start().await;
    upstream("DELETE", &format!("/lists/list1/members/{ADA}"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "delete_member", json!({"listId": "list1", "email": "ada@example.com"})).await.unwrap();
    assert_eq!(output, json!({"success": true, "email": "ada@example.com", "subscriberHash": ADA}));
}

#[tokio::test]
async fn add_member_tags_posts_them_active() {
    let server = MockServer::start().await;
    upstream("POST", &format!("/lists/list1/members/{ADA}/tags"))
        .and(matchers::body_json(json!({
            "tags": [{"name": "vip", "status": "active"}, {"name": "2025", "status": "active"}],
            "is_syncing": true
        })))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"listId": "list1", "email": "ada@example.com", "tags": "vip, 2025", "isSyncing": true});
    let output = run(&server, "add_member_tags", input).await.unwrap();
    assert_eq!(output, json!({"success": true, "email": "ada@example.com", "tags": ["vip", "2025"]}));
}

#[tokio::test]
async fn remove_member_tags_posts_them_inactive() {
    let server = MockServer::start().await;
    upstream("POST", &format!("/lists/list1/members/{ADA}/tags"))
        .and(matchers::body_json(json!({"tags": [{"name": "vip", "status": "inactive"}], "is_syncing": false})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"listId": "list1", "email": "ada@example.com", "tags": "vip"});
    let output = run(&server, "remove_member_tags", input).await.unwrap();
    assert_eq!(output, json!({"success": true, "email": "ada@example.com", "tags": ["vip"]}));
}

#[tokio::test]
async fn tags_without_a_name_never_reach_mailchimp() {
    let server = MockServer::start().await;
    let input = json!({"listId": "list1", "email": "ada@example.com", "tags": " , "});
    assert_eq!(run(&server, "add_member_tags", input).await.unwrap_err().code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Campaigns, lists and groups
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_campaign_reads_it() {
    let server = MockServer::start().await;
    let campaign = json!({"id": "c1", "status": "save"});
    upstream("GET", "/campaigns/c1")
        .respond_with(ResponseTemplate::new(200).set_body_json(campaign.clone()))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "get_campaign", json!({"campaignId": "c1"})).await.unwrap(), campaign);
}

#[tokio::test]
async fn get_all_campaigns_sends_the_filters_and_the_sort() {
    let server = MockServer::start().await;
    upstream("GET", "/campaigns")
        .and(matchers::query_param("count", "10"))
        .and(matchers::query_param("offset", "0"))
        .and(matchers::query_param("status", "sent"))
        .and(matchers::query_param("list_id", "list1"))
        .and(matchers::query_param("since_send_time", "2025-01-01T00:00:00Z"))
        .and(matchers::query_param("sort_field", "send_time"))
        .and(matchers::query_param("sort_dir", "ASC"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"campaigns": [{"id": "c1"}], "total_items": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({
        "status": "sent", "listId": "list1", "sinceSendTime": "2025-01-01T00:00:00Z",
        "sortField": "send_time", "sortDirection": "ASC",
    });
    assert_eq!(run(&server, "get_all_campaigns", input).await.unwrap(), json!([{"id": "c1"}]));
}

#[tokio::test]
async fn get_all_campaigns_defaults_to_the_ten_newest() {
    let server = MockServer::start().await;
    upstream("GET", "/campaigns")
        .and(matchers::query_param("count", "10"))
        .and(matchers::query_param("sort_field", "create_time"))
        .and(matchers::query_param("sort_dir", "DESC"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"campaigns": items(0, 10), "total_items": 50})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_all_campaigns", json!({})).await.unwrap();
    assert_eq!(output.as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn send_campaign_sends_it() {
    let server = MockServer::start().await;
    upstream("POST", "/campaigns/c1/actions/send")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "send_campaign", json!({"campaignId": "c1"})).await.unwrap();
    assert_eq!(output, json!({"success": true, "campaignId": "c1"}));
}

#[tokio::test]
async fn a_campaign_not_ready_to_send_is_invalid_input() {
    let server = MockServer::start().await;
    upstream("POST", "/campaigns/c1/actions/send")
        .respond_with(problem(400, "Bad Request", "Your Campaign is not ready to send."))
        .mount(&server)
        .await;
    let error = run(&server, "send_campaign", json!({"campaignId": "c1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("not ready to send"), "{error}");
}

#[tokio::test]
async fn delete_campaign_deletes_it() {
    let server = MockServer::start().await;
    upstream("DELETE", "/campaigns/c1").respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    let output = run(&server, "delete_campaign", json!({"campaignId": "c1"})).await.unwrap();
    assert_eq!(output, json!({"success": true, "campaignId": "c1"}));
}

#[tokio::test]
async fn replicate_campaign_returns_the_copy() {
    let server = MockServer::start().await;
    let copy = json!({"id": "c2", "status": "save"});
    upstream("POST", "/campaigns/c1/actions/replicate")
        .respond_with(ResponseTemplate::new(200).set_body_json(copy.clone()))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "replicate_campaign", json!({"campaignId": "c1"})).await.unwrap(), copy);
}

#[tokio::test]
async fn resend_campaign_creates_the_resend() {
    let server = MockServer::start().await;
    let resend = json!({"id": "c3", "status": "save"});
    upstream("POST", "/campaigns/c1/actions/create-resend")
        .respond_with(ResponseTemplate::new(200).set_body_json(resend.clone()))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "resend_campaign", json!({"campaignId": "c1"})).await.unwrap(), resend);
}

#[tokio::test]
async fn get_list_groups_returns_the_interests_of_the_category() {
    let server = MockServer::start().await;
    upstream("GET", "/lists/list1/interest-categories/cat1/interests")
        .and(matchers::query_param("count", "100"))
        .and(matchers::query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "interests": [{"id": "i1", "name": "Rust"}], "total_items": 1
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_list_groups", json!({"listId": "list1", "categoryId": "cat1"})).await.unwrap();
    assert_eq!(output, json!([{"id": "i1", "name": "Rust"}]));
}

#[tokio::test]
async fn get_lists_returns_the_audiences_up_to_the_limit() {
    let server = MockServer::start().await;
    upstream("GET", "/lists")
        .and(matchers::query_param("count", "3"))
        .and(matchers::query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"lists": items(0, 3), "total_items": 9})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "get_lists", json!({"limit": 3})).await.unwrap(), items(0, 3));
}

#[tokio::test]
async fn get_lists_returns_all_until_the_total() {
    let server = MockServer::start().await;
    upstream("GET", "/lists")
        .and(matchers::query_param("count", "1000"))
        .and(matchers::query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"lists": items(0, 2), "total_items": 2})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "get_lists", json!({"returnAll": true})).await.unwrap(), items(0, 2));
}

// ---------------------------------------------------------------------------------------------
// Triggers
// ---------------------------------------------------------------------------------------------

const TRIGGERS: [(&str, &str); 6] = [
    ("subscriber_added", "subscribe"),
    ("subscriber_removed", "unsubscribe"),
    ("subscriber_cleaned", "cleaned"),
    ("subscriber_profile_updated", "profile"),
    ("subscriber_email_changed", "upemail"),
    ("campaign_sent", "campaign"),
];

fn context() -> SubscribeContext {
    SubscribeContext { webhook_url: HOOK_URL.to_owned(), secret: URL_TOKEN.to_owned() }
}

#[tokio::test]
async fn subscribing_registers_a_webhook_for_the_triggers_event_only() {
    for (trigger, event) in TRIGGERS {
        let server = MockServer::start().await;
        upstream("GET", "/lists/list1/webhooks")
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "webhooks": [{"id": "other", "url": "https://elsewhere.example/hook"}], "total_items": 1
            })))
            .expect(1)
            .mount(&server)
            .await;
        let events: serde_json::Map<String, Value> =
            ["subscribe", "unsubscribe", "profile", "cleaned", "upemail", "campaign"]
                .iter()
                .map(|e| ((*e).to_owned(), Value::Bool(*e == event)))
                .collect();
        upstream("POST", "/lists/list1/webhooks")
            .and(matchers::body_json(json!({
                "url": HOOK_URL,
                "events": events,
                "sources": {"user": true, "admin": true, "api": true},
            })))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "wh1", "url": HOOK_URL})))
            .expect(1)
            .mount(&server)
            .await;
        let mailchimp = testing::connect::<Mailchimp>(&server, credentials());
        let subscription = mailchimp.subscribe(trigger, json!({"listId": "list1"}), context()).await.unwrap().unwrap();
        assert_eq!(subscription.upstream_id, "wh1", "{trigger}");
        assert_eq!(subscription.state, json!({"listId": "list1"}));
    }
}

#[tokio::test]
async fn subscribing_with_one_source_asks_for_that_source_only() {
    let server = MockServer::start().await;
    upstream("GET", "/lists/list1/webhooks")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"webhooks": []})))
        .mount(&server)
        .await;
    upstream("POST", "/lists/list1/webhooks")
        .and(matchers::body_partial_json(json!({"sources": {"user": false, "admin": true, "api": false}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "wh2"})))
        .expect(1)
        .mount(&server)
        .await;
    let mailchimp = testing::connect::<Mailchimp>(&server, credentials());
    let config = json!({"listId": "list1", "sources": "admin"});
    let subscription = mailchimp.subscribe("subscriber_added", config, context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "wh2");
}

#[tokio::test]
async fn subscribing_again_for_the_same_url_adds_no_second_webhook() {
    let server = MockServer::start().await;
    upstream("GET", "/lists/list1/webhooks")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"webhooks": [{"id": "wh1", "url": HOOK_URL}]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(matchers::method("POST")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let mailchimp = testing::connect::<Mailchimp>(&server, credentials());
    let subscription =
        mailchimp.subscribe("subscriber_added", json!({"listId": "list1"}), context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "wh1");
}

#[tokio::test]
async fn a_refused_subscription_is_an_error_with_mailchimps_detail() {
    let server = MockServer::start().await;
    upstream("GET", "/lists/list1/webhooks")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"webhooks": []})))
        .mount(&server)
        .await;
    upstream("POST", "/lists/list1/webhooks")
        .respond_with(problem(400, "Invalid Resource", "The resource submitted could not be validated."))
        .mount(&server)
        .await;
    let mailchimp = testing::connect::<Mailchimp>(&server, credentials());
    let error = mailchimp.subscribe("campaign_sent", json!({"listId": "list1"}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("could not be validated"), "{error}");
}

fn subscription() -> Subscription {
    Subscription { upstream_id: "wh1".to_owned(), state: json!({"listId": "list1"}), ..Subscription::default() }
}

#[tokio::test]
async fn unsubscribing_deletes_the_webhook() {
    let server = MockServer::start().await;
    upstream("DELETE", "/lists/list1/webhooks/wh1")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let mailchimp = testing::connect::<Mailchimp>(&server, credentials());
    mailchimp.unsubscribe("subscriber_removed", json!({"listId": "list1"}), subscription()).await.unwrap();
}

#[tokio::test]
async fn unsubscribing_a_webhook_already_gone_is_fine() {
    let server = MockServer::start().await;
    upstream("DELETE", "/lists/list1/webhooks/wh1")
        .respond_with(problem(404, "Resource Not Found", "The requested resource could not be found."))
        .expect(1)
        .mount(&server)
        .await;
    let mailchimp = testing::connect::<Mailchimp>(&server, credentials());
    mailchimp.unsubscribe("subscriber_added", json!({"listId": "list1"}), subscription()).await.unwrap();
}

/// A urlencoded delivery as Mailchimp posts it.
fn delivery(body: &str) -> WebhookRequest {
    WebhookRequest::post(body.to_owned(), [("Content-Type", "application/x-www-form-urlencoded")])
}

/// `request` as Mailchimp sends it to the URL it was given: with the registration's token.
fn with_token(mut request: WebhookRequest) -> WebhookRequest {
    verify::sign(SignatureScheme::UrlToken, &mut request, URL_TOKEN, std::time::SystemTime::now()).unwrap();
    request
}

async fn try_deliver(trigger: &str, config: Value, request: WebhookRequest) -> Result<Vec<Value>, Rejection> {
    let server = MockServer::start().await;
    let mailchimp = testing::connect::<Mailchimp>(&server, credentials());
    testing::deliver(&mailchimp, trigger, config, credentials(), Some(URL_TOKEN), request)
        .await
        .map(|reply| reply.events)
}

const SUBSCRIBE: &str = "type=subscribe&fired_at=2025-03-01+10%3A00%3A00&data%5Bid%5D=8a25ff1d98\
    &data%5Blist_id%5D=list1&data%5Bemail%5D=ada%40example.com&data%5Bemail_type%5D=html\
    &data%5Bmerges%5D%5BEMAIL%5D=ada%40example.com&data%5Bmerges%5D%5BFNAME%5D=Ada\
    &data%5Bmerges%5D%5BINTERESTS%5D=Rust%2C+Go&data%5Bip_opt%5D=203.0.113.9";

#[tokio::test]
async fn a_subscribe_with_the_token_is_one_event_with_its_data_nested() {
    let events = try_deliver("subscriber_added", json!({"listId": "list1"}), with_token(delivery(SUBSCRIBE)))
        .await
        .expect("accepted");
    assert_eq!(
        events,
        [json!({
            "type": "subscribe",
            "fired_at": "2025-03-01 10:00:00",
            "data": {
                "id": "8a25ff1d98", "list_id": "list1", "email": "ada@example.com", "email_type": "html",
                "merges": {"EMAIL": "ada@example.com", "FNAME": "Ada", "INTERESTS": "Rust, Go"},
                "ip_opt": "203.0.113.9",
            }
        })]
    );
}

#[tokio::test]
async fn each_trigger_takes_its_own_event_type() {
    for (trigger, event) in TRIGGERS {
        let body = format!("type={event}&fired_at=2025-03-01+10%3A00%3A00&data%5Blist_id%5D=list1");
        let events =
            try_deliver(trigger, json!({"listId": "list1"}), with_token(delivery(&body))).await.expect("accepted");
        assert_eq!(events.len(), 1, "{trigger}");
        assert_eq!(events[0]["type"], event);
        let other = if event == "subscribe" { "cleaned" } else { "subscribe" };
        let body = format!("type={other}&data%5Blist_id%5D=list1");
        let events = try_deliver(trigger, json!({"listId": "list1"}), with_token(delivery(&body))).await.unwrap();
        assert!(events.is_empty(), "{trigger} took a `{other}` event");
    }
}

#[tokio::test]
async fn an_event_of_another_list_is_dropped() {
    let events = try_deliver("subscriber_added", json!({"listId": "list2"}), with_token(delivery(SUBSCRIBE)))
        .await
        .expect("accepted");
    assert!(events.is_empty());
}

#[tokio::test]
async fn a_delivery_without_the_token_or_with_another_is_rejected() {
    let rejection = try_deliver("subscriber_added", json!({"listId": "list1"}), delivery(SUBSCRIBE)).await;
    assert!(matches!(rejection, Err(Rejection::Unverified(_))), "{rejection:?}");
    let mut wrong = delivery(SUBSCRIBE);
    verify::sign(SignatureScheme::UrlToken, &mut wrong, "another-token", std::time::SystemTime::now()).unwrap();
    let rejection = try_deliver("subscriber_added", json!({"listId": "list1"}), wrong).await;
    assert!(matches!(rejection, Err(Rejection::Unverified(_))), "{rejection:?}");
}

#[tokio::test]
async fn mailchimps_url_check_is_answered_with_no_event() {
    let mut check = with_token(delivery(""));
    check.method = "GET".to_owned();
    let events = try_deliver("subscriber_added", json!({"listId": "list1"}), check).await.expect("accepted");
    assert!(events.is_empty());
}

#[tokio::test]
async fn a_delivery_without_a_type_is_invalid_input() {
    let rejection =
        try_deliver("subscriber_added", json!({"listId": "list1"}), with_token(delivery("data%5Bemail%5D=x"))).await;
    let Err(Rejection::Handler(error)) = rejection else { panic!("accepted: {rejection:?}") };
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[test]
fn bracketed_form_keys_become_nested_objects() {
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    };
    let json = form_to_json(&pairs(&[
        ("type", "profile"),
        ("data[merges][GROUPINGS][0][name]", "Topics"),
        ("data[merges][GROUPINGS][0][groups]", "Rust"),
        ("data[email]", "ada@example.com"),
    ]));
    assert_eq!(
        Value::Object(json),
        json!({
            "type": "profile",
            "data": {"email": "ada@example.com", "merges": {"GROUPINGS": {"0": {"name": "Topics", "groups": "Rust"}}}}
        })
    );
}
