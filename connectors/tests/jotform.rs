//! Jotform against a local mock of its API.

use connectors::forms::jotform::{api_host, Jotform};
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::{verify, Rejection, SignatureError};
use fluxturn_core::{
    ConnectContext, Connector, ErrorCode, EventId, HttpOptions, RetryPolicy, SignatureScheme, SubscribeContext,
    Subscription, WebhookRequest,
};
use serde_json::{json, Value};

const KEY: &str = "test-apiKey-0123";
const HOOK_URL: &str = "https://flux.example/api/v1/webhooks/jotform/reg-1";
/// The secret the server generated for the registration, in the URL it gave Jotform.
const URL_TOKEN: &str = "test-only-url-token-9f2c";

fn credentials() -> Value {
    json!({"apiDomain": "api.jotform.com", "apiKey": KEY})
}

/// A mock of `method path` that checks the key is sent in the `APIKEY` header.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method)).and(matchers::path(path.to_owned())).and(matchers::header("apikey", KEY))
}

/// Jotform's envelope around `content`.
fn ok(content: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "responseCode": 200, "message": "success", "content": content, "duration": "12ms"
    }))
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<Jotform>(server, credentials(), action, input).await
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("jotform").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "get_form",
            "list_forms",
            "get_form_questions",
            "get_form_submissions",
            "delete_form",
            "get_submission",
            "create_submission",
            "update_submission",
            "delete_submission",
            "get_user_info",
            "get_user_usage"
        ] as [&str; 11]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, ["form_submission"] as [&str; 1]);
}

#[test]
fn only_jotforms_three_api_hosts_are_accepted() {
    assert_eq!(api_host("api.jotform.com").unwrap(), "api.jotform.com");
    assert_eq!(api_host(" https://EU-API.jotform.com/ ").unwrap(), "eu-api.jotform.com");
    assert_eq!(api_host("hipaa-api.jotform.com").unwrap(), "hipaa-api.jotform.com");
    for bad in ["evil.example", "api.jotform.com.evil.example", "api.jotform.com/x", ""] {
        let error = api_host(bad).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidCredentials, "{bad}");
    }
}

#[tokio::test]
async fn a_connection_to_another_host_is_refused_before_any_request() {
    let server = MockServer::start().await;
    let creds = json!({"apiDomain": "evil.example", "apiKey": KEY});
    let Err(error) = testing::try_connect::<Jotform>(&server, creds) else { panic!("another host was accepted") };
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("apiDomain"), "{error}");
    assert!(!error.to_string().contains(KEY));
    let eu = json!({"apiDomain": "eu-api.jotform.com", "apiKey": KEY});
    assert!(testing::try_connect::<Jotform>(&server, eu).is_ok());
}

#[tokio::test]
async fn get_form_returns_the_content() {
    let server = MockServer::start().await;
    let form = json!({"id": "2401", "title": "Contact", "status": "ENABLED"});
    upstream("GET", "/form/2401").respond_with(ok(form.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_form", json!({"formId": "2401"})).await.unwrap(), form);
}

#[tokio::test]
async fn list_forms_sends_the_page_order_and_filter() {
    let server = MockServer::start().await;
    upstream("GET", "/user/forms")
        .and(matchers::query_param("offset", "5"))
        .and(matchers::query_param("limit", "2"))
        .and(matchers::query_param("orderby", "title"))
        .and(matchers::query_param("filter", r#"{"status":"ENABLED"}"#))
        .respond_with(ok(json!([{"id": "1"}, {"id": "2"}])))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"limit": 2, "offset": 5, "orderBy": "title", "filter": r#"{"status":"ENABLED"}"#});
    let output = run(&server, "list_forms", input).await.unwrap();
    assert_eq!(output, json!({"items": [{"id": "1"}, {"id": "2"}], "offset": 5, "count": 2, "hasMore": true}));
}

#[tokio::test]
async fn list_forms_defaults_to_twenty_by_creation_date() {
    let server = MockServer::start().await;
    upstream("GET", "/user/forms")
        .and(matchers::query_param("offset", "0"))
        .and(matchers::query_param("limit", "20"))
        .and(matchers::query_param("orderby", "created_at"))
        .respond_with(ok(json!([{"id": "1"}])))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "list_forms", json!({})).await.unwrap();
    assert_eq!(output, json!({"items": [{"id": "1"}], "offset": 0, "count": 1, "hasMore": false}));
}

#[tokio::test]
async fn a_filter_that_is_not_json_never_reaches_jotform() {
    let server = MockServer::start().await;
    let error = run(&server, "list_forms", json!({"filter": "status=ENABLED"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    let error = run(&server, "list_forms", json!({"limit": 2.5})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// `n` submissions with ids from `from`.
fn submissions(from: usize, n: usize) -> Value {
    Value::Array((from..from + n).map(|i| json!({"id": i.to_string()})).collect())
}

#[tokio::test]
async fn get_form_submissions_follows_pages_of_a_thousand_up_to_the_limit() {
    let server = MockServer::start().await;
    upstream("GET", "/form/2401/submissions")
        .and(matchers::query_param("offset", "0"))
        .and(matchers::query_param("limit", "1000"))
        .and(matchers::query_param("orderby", "id"))
        .respond_with(ok(submissions(0, 1000)))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/form/2401/submissions")
        .and(matchers::query_param("offset", "1000"))
        .and(matchers::query_param("limit", "500"))
        .respond_with(ok(submissions(1000, 500)))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"formId": "2401", "limit": 1500, "orderBy": "id"});
    let output = run(&server, "get_form_submissions", input).await.unwrap();
    assert_eq!(output["count"], 1500);
    assert_eq!(output["items"][1499], json!({"id": "1499"}));
    assert_eq!(output["hasMore"], true);
}

#[tokio::test]
async fn get_form_submissions_returns_all_until_a_short_page() {
    let server = MockServer::start().await;
    upstream("GET", "/form/2401/submissions")
        .and(matchers::query_param("offset", "0"))
        .and(matchers::query_param("limit", "1000"))
        .and(matchers::query_param("orderby", "created_at"))
        .respond_with(ok(submissions(0, 1000)))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/form/2401/submissions")
        .and(matchers::query_param("offset", "1000"))
        .and(matchers::query_param("limit", "1000"))
        .respond_with(ok(submissions(1000, 3)))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_form_submissions", json!({"formId": "2401", "returnAll": true})).await.unwrap();
    assert_eq!(output["count"], 1003);
    assert_eq!(output["hasMore"], false);
}

#[tokio::test]
async fn get_form_questions_returns_them_by_id() {
    let server = MockServer::start().await;
    let questions = json!({"3": {"qid": "3", "name": "yourName", "text": "Your Name", "type": "control_textbox"}});
    upstream("GET", "/form/2401/questions").respond_with(ok(questions.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_form_questions", json!({"formId": "2401"})).await.unwrap(), questions);
}

#[tokio::test]
async fn delete_form_deletes_it() {
    let server = MockServer::start().await;
    let form = json!({"id": "2401", "status": "DELETED"});
    upstream("DELETE", "/form/2401").respond_with(ok(form.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "delete_form", json!({"formId": "2401"})).await.unwrap(), form);
}

#[tokio::test]
async fn get_submission_returns_it() {
    let server = MockServer::start().await;
    let submission = json!({"id": "5550", "form_id": "2401", "answers": {"3": {"answer": "Ada"}}});
    upstream("GET", "/submission/5550").respond_with(ok(submission.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_submission", json!({"submissionId": "5550"})).await.unwrap(), submission);
}

#[tokio::test]
async fn create_submission_posts_the_answers_as_submission_fields() {
    let server = MockServer::start().await;
    let created = json!({"submissionID": "5551", "URL": "https://www.jotform.com/submission/5551"});
    upstream("POST", "/form/2401/submissions")
        .and(matchers::header("content-type", "application/x-www-form-urlencoded"))
        .and(matchers::body_string(
            "submission%5B3%5D=Ada&submission%5B4_first%5D=Ada&submission%5B4_last%5D=Lovelace&submission%5B5%5D=42",
        ))
        .respond_with(ok(created.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let data = json!({"3": "Ada", "4": {"first": "Ada", "last": "Lovelace"}, "5": 42});
    let output = run(&server, "create_submission", json!({"formId": "2401", "submissionData": data})).await.unwrap();
    assert_eq!(output, created);
}

#[tokio::test]
async fn update_submission_posts_the_changed_answers() {
    let server = MockServer::start().await;
    upstream("POST", "/submission/5550")
        .and(matchers::body_string("submission%5B3%5D=Grace&submission%5B6%5D=a%0Ab"))
        .respond_with(ok(json!({"submissionID": "5550"})))
        .expect(1)
        .mount(&server)
        .await;
    let input =
        json!({"submissionId": "5550", "submissionData": {"submission[3]": "Grace", "6": ["a", "b"], "7": null}});
    assert_eq!(run(&server, "update_submission", input).await.unwrap(), json!({"submissionID": "5550"}));
}

#[tokio::test]
async fn empty_submission_data_never_reaches_jotform() {
    let server = MockServer::start().await;
    let error =
        run(&server, "update_submission", json!({"submissionId": "5550", "submissionData": {}})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn delete_submission_deletes_it() {
    let server = MockServer::start().await;
    upstream("DELETE", "/submission/5550")
        .respond_with(ok(json!("Submission #5550 deleted successfully.")))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "delete_submission", json!({"submissionId": "5550"})).await.unwrap();
    assert_eq!(output, json!("Submission #5550 deleted successfully."));
}

#[tokio::test]
async fn get_user_info_returns_the_account() {
    let server = MockServer::start().await;
    let user = json!({"username": "ada", "email": "ada@example.com", "account_type": "FREE"});
    upstream("GET", "/user").respond_with(ok(user.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_user_info", json!({})).await.unwrap(), user);
}

#[tokio::test]
async fn get_user_usage_returns_the_counts() {
    let server = MockServer::start().await;
    let usage = json!({"submissions": "12", "api": "40"});
    upstream("GET", "/user/usage").respond_with(ok(usage.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_user_usage", json!({})).await.unwrap(), usage);
}

#[tokio::test]
async fn an_invalid_key_is_unauthorized_with_jotforms_message_and_no_key() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/user"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"responseCode": 401, "message": "You're not authorized to use (/user) ", "content": ""}),
        ))
        .mount(&server)
        .await;
    let error = run(&server, "get_user_info", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert!(error.message.contains("not authorized"), "{error}");
    assert!(!error.to_string().contains(KEY) && !error.details.to_string().contains(KEY));
}

#[tokio::test]
async fn a_404_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/form/9"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"responseCode": 404, "message": "Form not found"})),
        )
        .mount(&server)
        .await;
    let error = run(&server, "get_form", json!({"formId": "9"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("Form not found"), "{error}");
}

#[tokio::test]
async fn an_error_inside_an_http_200_is_mapped_by_its_response_code() {
    let server = MockServer::start().await;
    let error_in_200 = |code: u16, message: &str| {
        ResponseTemplate::new(200).set_body_json(json!({"responseCode": code, "message": message, "content": ""}))
    };
    Mock::given(matchers::path("/submission/1"))
        .respond_with(error_in_200(404, "Submission not found"))
        .mount(&server)
        .await;
    Mock::given(matchers::path("/user")).respond_with(error_in_200(401, "Invalid API key")).mount(&server).await;
    Mock::given(matchers::path("/user/usage"))
        .respond_with(error_in_200(429, "Daily limit reached"))
        .mount(&server)
        .await;

    let error = run(&server, "get_submission", json!({"submissionId": "1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("Submission not found"), "{error}");
    let error = run(&server, "get_user_info", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert!(error.message.contains("Invalid API key"), "{error}");
    let error = run(&server, "get_user_usage", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
}

#[tokio::test]
async fn a_429_is_rate_limited() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/user/forms"))
        .respond_with(
            ResponseTemplate::new(429)
                .set_body_json(json!({"responseCode": 429, "message": "You reached your daily limit"})),
        )
        .mount(&server)
        .await;
    let jotform: Jotform = ConnectContext::new(credentials().as_object().cloned().unwrap())
        .with_base_url(server.uri())
        .with_http_options(HttpOptions { retry: RetryPolicy::NONE, ..Default::default() })
        .connect()
        .unwrap();
    let error = jotform.execute("list_forms", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.message.contains("daily limit"), "{error}");
}

#[tokio::test]
async fn test_connection_asks_for_the_user() {
    let server = MockServer::start().await;
    upstream("GET", "/user").respond_with(ok(json!({"username": "ada"}))).expect(1).mount(&server).await;
    testing::connect::<Jotform>(&server, credentials()).test_connection().await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// The form_submission trigger
// ---------------------------------------------------------------------------------------------

fn context() -> SubscribeContext {
    SubscribeContext { webhook_url: HOOK_URL.to_owned(), secret: "unused".to_owned() }
}

const ENCODED_HOOK_URL: &str = "webhookURL=https%3A%2F%2Fflux.example%2Fapi%2Fv1%2Fwebhooks%2Fjotform%2Freg-1";

#[tokio::test]
async fn subscribing_adds_the_webhook_url_to_the_form() {
    let server = MockServer::start().await;
    upstream("GET", "/form/2401/webhooks")
        .respond_with(ok(json!({"0": "https://elsewhere.example/hook"})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/form/2401/webhooks")
        .and(matchers::body_string(ENCODED_HOOK_URL))
        .respond_with(ok(json!({"0": "https://elsewhere.example/hook", "1": HOOK_URL})))
        .expect(1)
        .mount(&server)
        .await;
    let jotform = testing::connect::<Jotform>(&server, credentials());
    let subscription =
        jotform.subscribe("form_submission", json!({"formId": "2401"}), context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "1");
    assert_eq!(subscription.state, json!({"formId": "2401", "webhookUrl": HOOK_URL}));
}

#[tokio::test]
async fn subscribing_again_for_the_same_url_adds_no_second_webhook() {
    let server = MockServer::start().await;
    upstream("GET", "/form/2401/webhooks").respond_with(ok(json!({"0": HOOK_URL}))).expect(1).mount(&server).await;
    Mock::given(matchers::method("POST")).respond_with(ok(json!({}))).expect(0).mount(&server).await;
    let jotform = testing::connect::<Jotform>(&server, credentials());
    let subscription =
        jotform.subscribe("form_submission", json!({"formId": "2401"}), context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "0");
}

fn subscription() -> Subscription {
    Subscription {
        upstream_id: "0".to_owned(),
        state: json!({"formId": "2401", "webhookUrl": HOOK_URL}),
        ..Subscription::default()
    }
}

#[tokio::test]
async fn unsubscribing_deletes_the_hook_with_our_url_wherever_it_moved() {
    let server = MockServer::start().await;
    upstream("GET", "/form/2401/webhooks")
        .respond_with(ok(json!({"0": "https://elsewhere.example/hook", "1": HOOK_URL})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("DELETE", "/form/2401/webhooks/1").respond_with(ok(json!({}))).expect(1).mount(&server).await;
    let jotform = testing::connect::<Jotform>(&server, credentials());
    jotform.unsubscribe("form_submission", json!({"formId": "2401"}), subscription()).await.unwrap();
}

#[tokio::test]
async fn unsubscribing_a_hook_already_gone_deletes_nothing() {
    let server = MockServer::start().await;
    upstream("GET", "/form/2401/webhooks")
        .respond_with(ok(json!({"0": "https://elsewhere.example/hook"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(matchers::method("DELETE")).respond_with(ok(json!({}))).expect(0).mount(&server).await;
    let jotform = testing::connect::<Jotform>(&server, credentials());
    jotform.unsubscribe("form_submission", json!({"formId": "2401"}), subscription()).await.unwrap();
}

#[tokio::test]
async fn a_refused_subscription_is_an_error() {
    let server = MockServer::start().await;
    upstream("GET", "/form/2401/webhooks")
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"responseCode": 403, "message": "Not your form"})),
        )
        .mount(&server)
        .await;
    let jotform = testing::connect::<Jotform>(&server, credentials());
    let error = jotform.subscribe("form_submission", json!({"formId": "2401"}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden, "{error}");
}

const BOUNDARY: &str = "------------------------5c1a2b3c4d";

/// A multipart delivery as Jotform posts it.
fn delivery(form_id: &str, submission_id: &str) -> WebhookRequest {
    let raw = json!({"slug": "submit/2401", "q3_yourName": "Ada Lovelace", "q4_yourEmail": "ada@example.com", "event_id": "1_2"});
    let fields = [
        ("action", String::new()),
        ("webhookURL", HOOK_URL.to_owned()),
        ("username", "ada".to_owned()),
        ("formID", form_id.to_owned()),
        ("type", "WEB".to_owned()),
        ("formTitle", "Contact".to_owned()),
        ("pretty", "Your Name:Ada Lovelace, Your Email:ada@example.com".to_owned()),
        ("submissionID", submission_id.to_owned()),
        ("ip", "203.0.113.9".to_owned()),
        ("rawRequest", raw.to_string()),
    ];
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    WebhookRequest::post(body, [("Content-Type", content_type.as_str())])
}

/// `request` as Jotform sends it to the URL it was given: with the registration's token.
fn with_token(mut request: WebhookRequest) -> WebhookRequest {
    verify::sign(SignatureScheme::UrlToken, &mut request, URL_TOKEN, std::time::SystemTime::now()).unwrap();
    request
}

async fn try_deliver(jotform: &Jotform, config: Value, request: WebhookRequest) -> Result<Vec<Value>, Rejection> {
    testing::deliver(jotform, "form_submission", config, credentials(), Some(URL_TOKEN), request)
        .await
        .map(|reply| reply.events)
}

async fn deliver(jotform: &Jotform, config: Value, request: WebhookRequest) -> Vec<Value> {
    try_deliver(jotform, config, with_token(request)).await.expect("the delivery is accepted")
}

#[tokio::test]
async fn a_delivered_submission_has_its_answers_named_by_question_and_its_id() {
    let server = MockServer::start().await;
    upstream("GET", "/form/2401/questions")
        .respond_with(ok(json!({"3": {"text": "Your Name"}, "4": {"text": "Your Email"}})))
        .expect(2)
        .mount(&server)
        .await;
    let jotform = testing::connect::<Jotform>(&server, credentials());
    let config = json!({"formId": "2401"});
    let events = deliver(&jotform, config.clone(), delivery("2401", "5550")).await;
    assert_eq!(
        events,
        [json!({
            "submissionId": "5550",
            "formId": "2401",
            "formTitle": "Contact",
            "answers": {"slug": "submit/2401", "Your Name": "Ada Lovelace", "Your Email": "ada@example.com", "event_id": "1_2"}
        })]
    );
    let meta = testing::trigger_meta::<Jotform>("form_submission").expect("declared");
    let event_id = meta.event_id.expect("declared");
    assert_eq!(event_id, EventId::Event("/submissionId"));
    assert_eq!(meta.verify, Some(SignatureScheme::UrlToken), "Jotform signs nothing: the URL carries a token");
    let again = delivery("2401", "5550");
    let redelivered = deliver(&jotform, config, again.clone()).await;
    assert_eq!(event_id.ids(Some(&again), &redelivered), [Some("5550".to_owned())]);
    assert_eq!(redelivered, events);
}

#[tokio::test]
async fn without_resolving_and_with_every_field_the_event_keeps_jotforms_names() {
    let server = MockServer::start().await;
    let jotform = testing::connect::<Jotform>(&server, credentials());
    let config = json!({"formId": "2401", "resolveData": false, "onlyAnswers": false});
    let events = deliver(&jotform, config, delivery("2401", "5551")).await;
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event["submissionId"], "5551");
    assert_eq!(event["answers"]["q3_yourName"], "Ada Lovelace");
    assert_eq!(event["request"]["pretty"], "Your Name:Ada Lovelace, Your Email:ada@example.com");
    assert_eq!(event["request"]["ip"], "203.0.113.9");
    assert!(event["request"].get("rawRequest").is_none());
    assert!(server.received_requests().await.unwrap().is_empty(), "no question lookup");
}

#[tokio::test]
async fn a_submission_of_another_form_is_ignored_and_junk_is_refused() {
    let server = MockServer::start().await;
    let jotform = testing::connect::<Jotform>(&server, credentials());
    let events = deliver(&jotform, json!({"formId": "2401"}), delivery("9999", "1")).await;
    assert!(events.is_empty());
    let junk = WebhookRequest::post("hello=world", [("Content-Type", "application/x-www-form-urlencoded")]);
    let refused = try_deliver(&jotform, json!({"formId": "2401"}), with_token(junk)).await;
    assert!(matches!(refused, Err(Rejection::Handler(_))), "{refused:?}");
}

#[tokio::test]
async fn a_delivery_without_the_urls_token_or_with_another_is_refused_before_the_handler() {
    let server = MockServer::start().await;
    let jotform = testing::connect::<Jotform>(&server, credentials());
    let config = json!({"formId": "2401"});
    let unsigned = try_deliver(&jotform, config.clone(), delivery("2401", "5550")).await;
    assert_eq!(
        unsigned.unwrap_err().to_string(),
        Rejection::Unverified(SignatureError::MissingParameter("token")).to_string()
    );
    let mut forged = delivery("2401", "5550");
    verify::sign(SignatureScheme::UrlToken, &mut forged, "a-guessed-token", std::time::SystemTime::now()).unwrap();
    let forged = try_deliver(&jotform, config, forged).await;
    assert!(matches!(forged, Err(Rejection::Unverified(SignatureError::Mismatch))), "{forged:?}");
    assert!(server.received_requests().await.unwrap().is_empty(), "the handler never ran");
}

#[tokio::test]
async fn a_urlencoded_delivery_is_read_too() {
    let server = MockServer::start().await;
    let jotform = testing::connect::<Jotform>(&server, credentials());
    let body = "formID=2401&submissionID=77&rawRequest=%7B%22q3_name%22%3A%22Ada%22%7D";
    let request = WebhookRequest::post(body, [("Content-Type", "application/x-www-form-urlencoded")]);
    let events = deliver(&jotform, json!({"formId": "2401", "resolveData": false}), request).await;
    assert_eq!(events, [json!({"submissionId": "77", "formId": "2401", "answers": {"q3_name": "Ada"}})]);
}
