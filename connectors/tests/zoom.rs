//! Zoom against a local mock of its REST API v2: the OAuth bearer token, JSON bodies, Zoom's
//! `next_page_token` paging, its `{code, message}` errors, and Event Subscription deliveries
//! signed with the app's Secret Token.

use connectors::video::zoom::Zoom;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::{Rejection, SignatureError};
use fluxturn_core::{
    ConnectContext, Connector, ErrorCode, EventId, HttpOptions, RetryPolicy, SecretSource, SignatureScheme,
    WebhookReply, WebhookRequest,
};
use serde_json::{json, Value};

const TOKEN: &str = "test-token";
/// The Secret Token of the Zoom app, as the user pastes it into a trigger's configuration.
const SECRET_TOKEN: &str = "test-only-zoom-secret";

fn credentials() -> Value {
    json!({"accessToken": TOKEN, "clientId":"test-clientId","clientSecret":"test-clientSecret","redirect_uri":"test-redirect_uri"})
}

/// A mock of `method path` that checks the credentials are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Bearer test-token"))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<Zoom>(server, credentials(), action, input).await
}

/// The connector without retries, for answers (429) that would otherwise be retried.
fn without_retries(server: &MockServer) -> Zoom {
    ConnectContext::new(credentials().as_object().cloned().unwrap())
        .with_base_url(server.uri())
        .with_http_options(HttpOptions { retry: RetryPolicy::NONE, ..Default::default() })
        .connect()
        .unwrap()
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("zoom").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_meeting",
            "get_meeting",
            "list_meetings",
            "update_meeting",
            "delete_meeting",
            "create_webinar",
            "get_webinar",
            "list_webinars",
            "update_webinar",
            "delete_webinar",
            "add_meeting_registrant",
            "list_meeting_registrants",
            "update_registrant_status",
            "get_user"
        ] as [&str; 14]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        triggers,
        ["meeting_started", "meeting_created", "meeting_ended", "participant_joined", "recording_completed"]
            as [&str; 5]
    );
    let oauth = definition.oauth_config.as_ref().expect("oauth2");
    assert_eq!(oauth.authorization_url, "https://zoom.us/oauth/authorize");
    assert_eq!(oauth.token_url, "https://zoom.us/oauth/token");
    assert!(connectors::registry().get("zoom").unwrap().meta().uses_pkce());
}

#[test]
fn numeric_selects_offer_zooms_numbers() {
    let definition = connectors::registry().definition("zoom").expect("registered");
    let options = |action: &str, field: &str| -> Vec<Value> {
        let action = definition.supported_actions.iter().find(|a| a.id == action).unwrap();
        let field = &action.input_schema[field];
        assert_eq!(field.field_type, "select", "{field:?}");
        field.options.iter().map(|o| o.value.clone()).collect()
    };
    assert_eq!(options("create_meeting", "type"), [json!(1), json!(2), json!(3), json!(8)]);
    assert_eq!(options("create_webinar", "type"), [json!(5), json!(6), json!(9)]);
    assert_eq!(options("create_webinar", "approvalType"), [json!(0), json!(1), json!(2)]);
}

// ---------------------------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_meeting_sends_zooms_body_with_the_defaults_and_returns_the_meeting() {
    let server = MockServer::start().await;
    let meeting = json!({"id": 85746065432u64, "topic": "Weekly sync", "join_url": "https://zoom.us/j/85746065432"});
    upstream("POST", "/users/me/meetings")
        .and(matchers::body_json(json!({
            "topic": "Weekly sync",
            "type": 2,
            "start_time": "2026-05-01T14:30:00",
            "duration": 45,
            "timezone": "Europe/Paris",
            "agenda": "Roadmap",
            "settings": {"auto_recording": "none", "waiting_room": true, "join_before_host": false, "mute_upon_entry": false},
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(meeting.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "create_meeting",
        json!({"userId": "me", "topic": "Weekly sync", "startTime": "2026-05-01T14:30", "duration": 45,
               "timezone": "Europe/Paris", "agenda": "Roadmap"}),
    )
    .await
    .unwrap();
    assert_eq!(output, meeting);
}

#[tokio::test]
async fn create_meeting_sends_the_chosen_settings_for_another_user() {
    let server = MockServer::start().await;
    // `@` travels percent-encoded in the path segment, which Zoom decodes.
    upstream("POST", "/users/ada%40example.com/meetings")
        .and(matchers::body_json(json!({
            "topic": "Kick-off",
            "type": 8,
            "start_time": "2026-05-01T14:30:00Z",
            "duration": 60,
            "timezone": "UTC",
            "password": "abc123",
            "settings": {"auto_recording": "cloud", "waiting_room": false, "join_before_host": true, "mute_upon_entry": true},
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"userId": "ada@example.com", "topic": "Kick-off", "type": "8", "startTime": "2026-05-01 14:30Z",
        "password": "abc123", "autoRecording": "cloud", "waitingRoom": false, "joinBeforeHost": true, "muteUponEntry": true});
    assert_eq!(run(&server, "create_meeting", input).await.unwrap(), json!({"id": 1}));
}

#[tokio::test]
async fn create_meeting_refuses_bad_input_before_calling_zoom() {
    let server = MockServer::start().await;
    for (input, says) in [
        (json!({"userId": "me", "topic": "x", "type": 4}), "one of 1 (Instant meeting)"),
        (json!({"userId": "me", "topic": "x", "startTime": "next friday"}), "`startTime` must be a date and time"),
        (json!({"userId": "me", "topic": "x", "duration": 12.5}), "whole number of minutes"),
        (json!({"userId": "me", "topic": "  "}), "`topic` cannot be empty"),
    ] {
        let error = run(&server, "create_meeting", input).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
        assert!(error.message.contains(says), "{error}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_meeting_reads_the_meeting_with_its_occurrence_options() {
    let server = MockServer::start().await;
    let meeting = json!({"id": 85746065432u64, "topic": "Weekly sync"});
    upstream("GET", "/meetings/85746065432")
        .and(matchers::query_param("occurrence_id", "1648194360000"))
        .and(matchers::query_param("show_previous_occurrences", "true"))
        .respond_with(ok(meeting.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"meetingId": "857 4606 5432", "occurrenceId": "1648194360000", "showPreviousOccurrences": true});
    assert_eq!(run(&server, "get_meeting", input).await.unwrap(), meeting);

    let error = run(&server, "get_meeting", json!({"meetingId": "../users/me"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("numeric ID"), "{error}");
}

#[tokio::test]
async fn list_meetings_follows_next_page_token_and_returns_the_meetings() {
    let server = MockServer::start().await;
    upstream("GET", "/users/me/meetings")
        .and(matchers::query_param("type", "upcoming"))
        .and(matchers::query_param("page_size", "30"))
        .and(matchers::query_param_is_missing("next_page_token"))
        .respond_with(ok(json!({"page_size": 30, "total_records": 3, "next_page_token": "tok2",
                                 "meetings": [{"id": 1}, {"id": 2}]})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/users/me/meetings")
        .and(matchers::query_param("next_page_token", "tok2"))
        .respond_with(ok(json!({"page_size": 30, "total_records": 3, "next_page_token": "", "meetings": [{"id": 3}]})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "list_meetings", json!({"userId": "me", "type": "upcoming"})).await.unwrap();
    assert_eq!(output, json!({"meetings": [{"id": 1}, {"id": 2}, {"id": 3}], "total_records": 3}));
}

#[tokio::test]
async fn list_meetings_stops_at_the_limit_and_return_all_asks_for_full_pages() {
    let server = MockServer::start().await;
    upstream("GET", "/users/me/meetings")
        .and(matchers::query_param("type", "scheduled"))
        .and(matchers::query_param("page_size", "2"))
        .respond_with(ok(json!({"total_records": 9, "next_page_token": "more", "meetings": [{"id": 1}, {"id": 2}]})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "list_meetings", json!({"userId": "me", "limit": 2})).await.unwrap();
    assert_eq!(output, json!({"meetings": [{"id": 1}, {"id": 2}], "total_records": 9}));

    let server = MockServer::start().await;
    upstream("GET", "/users/me/meetings")
        .and(matchers::query_param("page_size", "300"))
        .respond_with(ok(json!({"total_records": 1, "next_page_token": "", "meetings": [{"id": 1}]})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "list_meetings", json!({"userId": "me", "limit": 1, "returnAll": true})).await.unwrap();
    assert_eq!(output["meetings"], json!([{"id": 1}]));
}

#[tokio::test]
async fn update_meeting_patches_only_what_is_given() {
    let server = MockServer::start().await;
    upstream("PATCH", "/meetings/85746065432")
        .and(matchers::body_json(json!({"topic": "Renamed", "start_time": "2026-06-01T09:00:00", "duration": 30})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let input =
        json!({"meetingId": "85746065432", "topic": "Renamed", "startTime": "2026-06-01T09:00", "duration": 30});
    let output = run(&server, "update_meeting", input).await.unwrap();
    assert_eq!(output["id"], "85746065432");
    assert_eq!(output["updated"], true);

    let error = run(&server, "update_meeting", json!({"meetingId": "85746065432"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("nothing to change"), "{error}");
}

#[tokio::test]
async fn delete_meeting_sends_the_occurrence_and_the_reminder_choice() {
    let server = MockServer::start().await;
    upstream("DELETE", "/meetings/85746065432")
        .and(matchers::query_param("occurrence_id", "1648194360000"))
        .and(matchers::query_param("schedule_for_reminder", "false"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"meetingId": "85746065432", "occurrenceId": "1648194360000", "scheduleReminder": false});
    let output = run(&server, "delete_meeting", input).await.unwrap();
    assert_eq!(output, json!({"id": "85746065432", "deleted": true, "occurrenceId": "1648194360000"}));

    let server = MockServer::start().await;
    upstream("DELETE", "/meetings/85746065432")
        .and(matchers::query_param("schedule_for_reminder", "true"))
        .and(matchers::query_param_is_missing("occurrence_id"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    run(&server, "delete_meeting", json!({"meetingId": "85746065432"})).await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Webinars
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_webinar_sends_zooms_body_with_the_settings() {
    let server = MockServer::start().await;
    let webinar = json!({"id": 95746065432u64, "topic": "Launch"});
    upstream("POST", "/users/me/webinars")
        .and(matchers::body_json(json!({
            "topic": "Launch",
            "type": 5,
            "start_time": "2026-07-01T16:00:00",
            "duration": 90,
            "timezone": "America/New_York",
            "settings": {"approval_type": 0, "host_video": true, "panelists_video": false, "practice_session": true},
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(webinar.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"userId": "me", "topic": "Launch", "startTime": "2026-07-01T16:00", "duration": 90,
        "timezone": "America/New_York", "approvalType": 0, "panelistsVideo": false, "practiceSession": true});
    assert_eq!(run(&server, "create_webinar", input).await.unwrap(), webinar);
}

#[tokio::test]
async fn get_webinar_reads_the_webinar() {
    let server = MockServer::start().await;
    let webinar = json!({"id": 95746065432u64, "topic": "Launch"});
    upstream("GET", "/webinars/95746065432")
        .and(matchers::query_param("occurrence_id", "1"))
        .respond_with(ok(webinar.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_webinar", json!({"webinarId": "95746065432", "occurrenceId": "1"})).await.unwrap();
    assert_eq!(output, webinar);
}

#[tokio::test]
async fn list_webinars_pages_through_the_webinars() {
    let server = MockServer::start().await;
    upstream("GET", "/users/me/webinars")
        .and(matchers::query_param("page_size", "5"))
        .and(matchers::query_param_is_missing("next_page_token"))
        .respond_with(ok(json!({"total_records": 2, "next_page_token": "p2", "webinars": [{"id": 1}]})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/users/me/webinars")
        .and(matchers::query_param("next_page_token", "p2"))
        .respond_with(ok(json!({"total_records": 2, "next_page_token": "", "webinars": [{"id": 2}]})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "list_webinars", json!({"userId": "me", "limit": 5})).await.unwrap();
    assert_eq!(output, json!({"webinars": [{"id": 1}, {"id": 2}], "total_records": 2}));
}

#[tokio::test]
async fn update_webinar_patches_the_webinar() {
    let server = MockServer::start().await;
    upstream("PATCH", "/webinars/95746065432")
        .and(matchers::body_json(json!({"agenda": "New agenda"})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "update_webinar", json!({"webinarId": "95746065432", "agenda": "New agenda"})).await;
    assert_eq!(output.unwrap(), json!({"id": "95746065432", "updated": true, "changed": {"agenda": "New agenda"}}));
}

#[tokio::test]
async fn delete_webinar_deletes_it() {
    let server = MockServer::start().await;
    upstream("DELETE", "/webinars/95746065432")
        .and(matchers::query_param_is_missing("occurrence_id"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "delete_webinar", json!({"webinarId": "95746065432"})).await.unwrap();
    assert_eq!(output, json!({"id": "95746065432", "deleted": true, "occurrenceId": null}));
}

// ---------------------------------------------------------------------------------------------
// Registrants and users
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn add_meeting_registrant_sends_zooms_field_names() {
    let server = MockServer::start().await;
    let answer = json!({"id": 85746065432u64, "registrant_id": "fdgsfh2ey82fuh", "join_url": "https://zoom.us/w/1"});
    upstream("POST", "/meetings/85746065432/registrants")
        .and(matchers::body_json(json!({
            "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace",
            "org": "Analytical Engines", "job_title": "Programmer", "country": "GB",
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"meetingId": "85746065432", "email": "ada@example.com", "firstName": "Ada", "lastName": "Lovelace",
        "organization": "Analytical Engines", "jobTitle": "Programmer", "country": "GB", "phone": ""});
    assert_eq!(run(&server, "add_meeting_registrant", input).await.unwrap(), answer);
}

#[tokio::test]
async fn list_meeting_registrants_filters_by_status() {
    let server = MockServer::start().await;
    upstream("GET", "/meetings/85746065432/registrants")
        .and(matchers::query_param("status", "pending"))
        .and(matchers::query_param("page_size", "30"))
        .respond_with(ok(
            json!({"total_records": 1, "next_page_token": "", "registrants": [{"id": "r1", "email": "a@b.c"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "list_meeting_registrants", json!({"meetingId": "85746065432", "status": "pending"}))
        .await
        .unwrap();
    assert_eq!(output, json!({"registrants": [{"id": "r1", "email": "a@b.c"}], "total_records": 1}));
}

#[tokio::test]
async fn update_registrant_status_puts_the_action_and_the_registrants() {
    let server = MockServer::start().await;
    upstream("PUT", "/meetings/85746065432/registrants/status")
        .and(matchers::body_json(json!({
            "action": "approve",
            "registrants": [{"id": "r1"}, {"email": "b@example.com"}, {"id": "r3", "email": "c@example.com"}],
        })))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"meetingId": "85746065432", "action": "approve",
        "registrants": ["r1", "b@example.com", {"id": "r3", "email": "c@example.com", "extra": 1}]});
    let output = run(&server, "update_registrant_status", input).await.unwrap();
    assert_eq!(output["updated"], true);
    assert_eq!(output["action"], "approve");

    let error =
        run(&server, "update_registrant_status", json!({"meetingId": "1", "action": "deny", "registrants": [7]}))
            .await
            .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("registrants[0]"), "{error}");
}

#[tokio::test]
async fn get_user_reads_the_user() {
    let server = MockServer::start().await;
    let user = json!({"id": "KDcuGIm1QgePTO8WbOqwIQ", "email": "ada@example.com", "first_name": "Ada"});
    upstream("GET", "/users/me").respond_with(ok(user.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_user", json!({"userId": "me"})).await.unwrap(), user);
}

#[tokio::test]
async fn test_connection_reads_the_connected_user() {
    let server = MockServer::start().await;
    upstream("GET", "/users/me").respond_with(ok(json!({"id": "u1"}))).expect(1).mount(&server).await;
    testing::connect::<Zoom>(&server, credentials()).test_connection().await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Errors in Zoom's words
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn zooms_errors_keep_its_message_and_code() {
    let server = MockServer::start().await;
    upstream("GET", "/meetings/404")
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"code": 3001, "message": "Meeting does not exist: 404."})),
        )
        .mount(&server)
        .await;
    upstream("GET", "/users/me")
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"code": 124, "message": "Invalid access token."})),
        )
        .mount(&server)
        .await;
    upstream("POST", "/users/me/meetings")
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": 300, "message": "Validation Failed.",
            "errors": [{"field": "start_time", "message": "Invalid field."}],
        })))
        .mount(&server)
        .await;
    upstream("GET", "/webinars/1")
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"code": 4711, "message": "Invalid access token, does not contain scopes:[webinar:read]."}),
        ))
        .mount(&server)
        .await;

    let error = run(&server, "get_meeting", json!({"meetingId": "404"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert!(error.message.contains("Zoom refused to get meeting 404 (404, Zoom error 3001)"), "{error}");
    assert!(error.message.contains("Meeting does not exist: 404."), "{error}");

    let error = run(&server, "get_user", json!({"userId": "me"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error}");
    assert!(error.message.contains("Invalid access token."), "{error}");
    assert!(!error.to_string().contains(TOKEN), "{error}");

    let error = run(&server, "create_meeting", json!({"userId": "me", "topic": "x"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
    assert!(error.message.contains("Validation Failed. (start_time: Invalid field.)"), "{error}");

    let error = run(&server, "get_webinar", json!({"webinarId": "1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden, "{error}");
    assert!(error.message.contains("does not contain scopes:[webinar:read]"), "{error}");
    assert!(error.message.contains("reconnect Zoom"), "{error}");
}

#[tokio::test]
async fn a_429_is_rate_limited_with_zooms_message() {
    let server = MockServer::start().await;
    upstream("GET", "/users/me/meetings")
        .respond_with(ResponseTemplate::new(429).set_body_json(
            json!({"code": 429, "message": "You have reached the maximum per-second rate limit for this API."}),
        ))
        .mount(&server)
        .await;
    let error = without_retries(&server).execute("list_meetings", json!({"userId": "me"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited, "{error}");
    assert!(error.message.contains("maximum per-second rate limit"), "{error}");
    assert!(error.message.contains("list the meetings"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Event Subscription deliveries
// ---------------------------------------------------------------------------------------------

const TRIGGERS: [(&str, &str); 5] = [
    ("meeting_started", "meeting.started"),
    ("meeting_created", "meeting.created"),
    ("meeting_ended", "meeting.ended"),
    ("participant_joined", "meeting.participant_joined"),
    ("recording_completed", "recording.completed"),
];

fn config() -> Value {
    json!({"secretToken": SECRET_TOKEN})
}

/// A delivery of `event`, spaced as no serializer would, signed as Zoom signs it with `secret`.
fn delivery(event: &str, secret: &str) -> WebhookRequest {
    let body = testing::oddly_spaced(&json!({
        "event": event,
        "event_ts": 1_700_000_000_123u64,
        "payload": {
            "account_id": "AAAAAABBBB",
            "object": {
                "id": "85746065432",
                "uuid": "4444AAAiAAAAAiAiAiiAii==",
                "host_id": "x1yCzABCDEfg23HiJKl4mN",
                "topic": "Weekly sync",
                "start_time": "2026-05-01T14:30:00Z",
                "share_url": "https://example.com/rec/share/abc",
                "participant": {"user_id": "16778240", "user_name": "Ada Lovelace", "email": "ada@example.com",
                                "participant_uuid": "55555AAAiAAAAAiAiAiiAii", "join_time": "2026-05-01T14:31:00Z"},
            },
        },
    }));
    testing::signed(SignatureScheme::ZoomV0, body, [("Content-Type", "application/json")], secret)
}

async fn deliver(zoom: &Zoom, trigger: &str, request: WebhookRequest) -> Result<WebhookReply<Value>, Rejection> {
    testing::deliver(zoom, trigger, config(), credentials(), None, request).await
}

#[test]
fn every_trigger_verifies_zoom_v0_with_the_secret_token_and_is_set_up_in_the_app() {
    let triggers = connectors::registry().get("zoom").expect("registered").triggers();
    assert_eq!(triggers.len(), 5);
    for trigger in triggers {
        assert!(trigger.webhook, "{}", trigger.id);
        assert_eq!(trigger.verify, Some(SignatureScheme::ZoomV0), "{}", trigger.id);
        assert_eq!(trigger.secret, Some(SecretSource::Config("secretToken")), "{}", trigger.id);
        assert_eq!(trigger.event_id, Some(EventId::Event("/event_id")), "{}", trigger.id);
        // Zoom has no public API to add an event subscription: the URL is pasted into the app.
        assert!(!trigger.subscribes, "{}", trigger.id);
    }
    let definition = connectors::registry().definition("zoom").unwrap();
    for trigger in &definition.supported_triggers {
        let secret = &trigger.input_schema["secretToken"];
        assert!(secret.required, "{}", trigger.id);
        assert_eq!(secret.input_type.as_deref(), Some("password"), "{}", trigger.id);
    }
}

#[tokio::test]
async fn a_signed_delivery_is_the_event_with_its_id() {
    let server = MockServer::start().await;
    let zoom = testing::connect::<Zoom>(&server, credentials());
    for (trigger, event) in TRIGGERS {
        let reply = deliver(&zoom, trigger, delivery(event, SECRET_TOKEN)).await.unwrap();
        assert_eq!(reply.response, None, "{trigger}");
        assert_eq!(reply.events.len(), 1, "{trigger}");
        let found = &reply.events[0];
        assert_eq!(found["event"], event);
        assert_eq!(found["event_ts"], 1_700_000_000_123u64);
        assert_eq!(found["account_id"], "AAAAAABBBB");
        assert_eq!(found["id"], "85746065432");
        assert_eq!(found["topic"], "Weekly sync");
        assert_eq!(found["share_url"], "https://example.com/rec/share/abc");
        let id = format!("{event}:1700000000123:85746065432");
        if trigger == "participant_joined" {
            assert_eq!(found["event_id"], format!("{id}:55555AAAiAAAAAiAiAiiAii"));
        } else {
            // the delivery of this test carries a participant for every event
            assert!(found["event_id"].as_str().unwrap().starts_with(&id), "{found}");
        }
    }
    let joined = deliver(&zoom, "participant_joined", delivery("meeting.participant_joined", SECRET_TOKEN)).await;
    let joined = &joined.unwrap().events[0];
    assert_eq!(joined["participant_name"], "Ada Lovelace");
    assert_eq!(joined["participant_email"], "ada@example.com");
    assert_eq!(joined["join_time"], "2026-05-01T14:31:00Z");
}

#[tokio::test]
async fn a_tampered_delivery_or_another_secret_is_refused() {
    let server = MockServer::start().await;
    let zoom = testing::connect::<Zoom>(&server, credentials());
    for (trigger, event) in TRIGGERS {
        let mut tampered = delivery(event, SECRET_TOKEN);
        tampered.body = testing::oddly_spaced(&json!({"event": event, "payload": {"object": {"id": "1"}}})).into();
        let refused = deliver(&zoom, trigger, tampered).await;
        assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{trigger}: {refused:?}");

        let refused = deliver(&zoom, trigger, delivery(event, "another-secret")).await;
        assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{trigger}: {refused:?}");

        let unsigned = WebhookRequest::post(delivery(event, SECRET_TOKEN).body, []);
        let refused = deliver(&zoom, trigger, unsigned).await;
        assert!(matches!(refused, Err(Rejection::Unverified(_))), "{trigger}: {refused:?}");

        let no_token = testing::deliver(&zoom, trigger, json!({}), credentials(), None, delivery(event, SECRET_TOKEN));
        assert!(matches!(no_token.await, Err(Rejection::NoSecret(_))), "{trigger}");
    }
}

#[tokio::test]
async fn another_event_gives_no_event() {
    let server = MockServer::start().await;
    let zoom = testing::connect::<Zoom>(&server, credentials());
    let reply = deliver(&zoom, "meeting_started", delivery("meeting.ended", SECRET_TOKEN)).await.unwrap();
    assert_eq!(reply, WebhookReply::events(vec![]));
}

#[tokio::test]
async fn zooms_url_validation_is_answered_with_the_encrypted_token_and_gives_no_event() {
    let server = MockServer::start().await;
    let zoom = testing::connect::<Zoom>(&server, credentials());
    let body = testing::oddly_spaced(&json!({
        "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"},
        "event_ts": 1654503849680u64,
        "event": "endpoint.url_validation",
    }));
    // Computed independently:
    //   python3 -c 'import hmac,hashlib; print(hmac.new(b"test-only-zoom-secret", b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest())'
    let encrypted = "b06b59001dcfe81addbf9d163512af5a722429bb3744c0fa0b32b68888d8b34c";
    for (trigger, _) in TRIGGERS {
        let request = testing::signed(SignatureScheme::ZoomV0, body.clone(), [], SECRET_TOKEN);
        let reply = deliver(&zoom, trigger, request).await.expect("verified");
        assert!(reply.events.is_empty(), "{trigger}");
        let response = reply.response.expect("the validation is answered");
        assert_eq!(response.status, 200);
        let answer: Value = serde_json::from_slice(&response.body).unwrap();
        assert_eq!(answer, json!({"plainToken": "qgg8vlvZRS6UYooatFL8Aw", "encryptedToken": encrypted}), "{trigger}");
    }
    // The validation is signed like any delivery: one signed with another secret is refused.
    let forged = testing::signed(SignatureScheme::ZoomV0, body, [], "another-secret");
    assert!(matches!(deliver(&zoom, "meeting_ended", forged).await, Err(Rejection::Unverified(_))));
}
