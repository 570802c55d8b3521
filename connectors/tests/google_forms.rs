//! Google Forms against a local mock of Forms API v1, through the test kit.

use chrono::{TimeDelta, Utc};
use connectors::forms::google_forms::GoogleForms;
use connectors::google::parse_timestamp;
use fluxturn_core::testing::{self, matchers, MockServer};
use fluxturn_core::{Connector, ConnectorError, ErrorCode};
use serde_json::{json, Value};

mod google_mock;
use google_mock::{google, google_error, oauth2_credentials as creds, ok};

async fn run(server: &MockServer, action: &str, input: Value) -> Value {
    google_mock::run::<GoogleForms>(server, creds(), action, input).await
}

async fn fail(server: &MockServer, action: &str, input: Value) -> ConnectorError {
    google_mock::fail::<GoogleForms>(server, creds(), action, input).await
}

/// A form response as Google returns it.
fn response(id: &str, created: &str, submitted: &str) -> Value {
    json!({
        "formId": "f1",
        "responseId": id,
        "createTime": created,
        "lastSubmittedTime": submitted,
        "answers": { "q1": { "questionId": "q1", "textAnswers": { "answers": [{ "value": format!("answer {id}") }] } } },
    })
}

fn ids(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["responseId"].as_str().unwrap_or_default()).collect()
}

#[tokio::test]
async fn form_create_titles_the_form_and_its_drive_file() {
    let server = MockServer::start().await;
    let form = json!({ "formId": "f1", "info": { "title": "Survey", "documentTitle": "Survey" }, "revisionId": "r1", "responderUri": "https://docs.google.com/forms/d/e/x/viewform" });
    google("POST", "/forms")
        .and(matchers::body_json(json!({ "info": { "title": "Survey", "documentTitle": "Survey" } })))
        .respond_with(ok(form.clone()))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "form_create", json!({ "title": " Survey " })).await, form);
}

#[tokio::test]
async fn form_get_takes_an_edit_link_and_maps_google_not_found() {
    let server = MockServer::start().await;
    let form = json!({ "formId": "1FAIpQLabc", "items": [] });
    google("GET", "/forms/1FAIpQLabc").respond_with(ok(form.clone())).expect(1).mount(&server).await;
    google("GET", "/forms/missing")
        .respond_with(google_error(404, "NOT_FOUND", "Requested entity was not found."))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "form_get", json!({ "formId": "https://docs.google.com/forms/d/1FAIpQLabc/edit?usp=sharing" }))
            .await;
    assert_eq!(output, form);
    let error = fail(&server, "form_get", json!({ "formId": "missing" })).await;
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "the upstream answered 404: Requested entity was not found.");
}

#[tokio::test]
async fn a_responder_link_is_refused_with_the_reason() {
    let server = MockServer::start().await;
    let error =
        fail(&server, "form_get", json!({ "formId": "https://docs.google.com/forms/d/e/1FAIpQLSx/viewform" })).await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("responder link"), "{}", error.message);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn form_update_writes_only_the_fields_given_and_returns_the_form() {
    let server = MockServer::start().await;
    let form = json!({ "formId": "f1", "info": { "title": "New", "description": "Tell us" } });
    google("POST", "/forms/f1:batchUpdate")
        .and(matchers::body_json(json!({
            "includeFormInResponse": true,
            "requests": [{ "updateFormInfo": { "info": { "title": "New", "description": "Tell us" }, "updateMask": "title,description" } }],
        })))
        .respond_with(ok(json!({ "form": form, "replies": [{}], "writeControl": { "requiredRevisionId": "r2" } })))
        .expect(1)
        .mount(&server)
        .await;
    google("POST", "/forms/f1:batchUpdate")
        .and(matchers::body_json(json!({
            "includeFormInResponse": true,
            "requests": [{ "updateFormInfo": { "info": { "description": "" }, "updateMask": "description" } }],
        })))
        .respond_with(ok(json!({ "form": { "formId": "f1" }, "replies": [{}] })))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        run(&server, "form_update", json!({ "formId": "f1", "title": "New", "description": "Tell us" })).await,
        form
    );
    // An empty description clears it.
    run(&server, "form_update", json!({ "formId": "f1", "description": "" })).await;
    let error = fail(&server, "form_update", json!({ "formId": "f1" })).await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn question_create_appends_a_choice_question_at_the_revision_it_read() {
    let server = MockServer::start().await;
    google("GET", "/forms/f1")
        .and(matchers::query_param("fields", "revisionId,items(itemId)"))
        .respond_with(ok(json!({ "revisionId": "r7", "items": [{ "itemId": "i1" }, { "itemId": "i2" }] })))
        .expect(1)
        .mount(&server)
        .await;
    google("POST", "/forms/f1:batchUpdate")
        .and(matchers::body_json(json!({
            "requests": [{ "createItem": {
                "item": {
                    "title": "Favourite colour?",
                    "description": "Pick one",
                    "questionItem": { "question": {
                        "required": true,
                        "choiceQuestion": { "type": "RADIO", "options": [{ "value": "Red" }, { "value": "Green" }, { "value": "Blue" }] },
                    }},
                },
                "location": { "index": 2 },
            }}],
            "writeControl": { "requiredRevisionId": "r7" },
        })))
        .respond_with(ok(json!({ "replies": [{ "createItem": { "itemId": "i3", "questionId": ["q3"] } }], "writeControl": { "requiredRevisionId": "r8" } })))
        .expect(1)
        .mount(&server)
        .await;
    // As FluxTurn's template sends it: the options as one text.
    let output = run(
        &server,
        "question_create",
        json!({
            "formId": "f1",
            "questionTitle": "Favourite colour?",
            "questionType": "RADIO",
            "required": true,
            "options": "Red, Green, Blue",
            "description": "Pick one",
        }),
    )
    .await;
    assert_eq!(output, json!({ "formId": "f1", "itemId": "i3", "questionIds": ["q3"], "index": 2 }));
}

#[tokio::test]
async fn question_create_builds_grids_scales_and_text_questions() {
    let server = MockServer::start().await;
    google("GET", "/forms/f1").respond_with(ok(json!({ "revisionId": "r1" }))).mount(&server).await;
    google("POST", "/forms/f1:batchUpdate")
        .respond_with(ok(json!({ "replies": [{ "createItem": { "itemId": "i1", "questionId": ["a", "b"] } }] })))
        .mount(&server)
        .await;
    let cases = [
        (
            json!({ "questionType": "CHECKBOX_GRID", "options": { "rows": ["Mon", "Tue"], "columns": ["AM", "PM"] } }),
            json!({ "questionGroupItem": {
                "questions": [
                    { "required": false, "rowQuestion": { "title": "Mon" } },
                    { "required": false, "rowQuestion": { "title": "Tue" } },
                ],
                "grid": { "columns": { "type": "CHECKBOX", "options": [{ "value": "AM" }, { "value": "PM" }] } },
            }}),
        ),
        (
            json!({ "questionType": "SCALE", "options": [0, 10] }),
            json!({ "questionItem": { "question": { "required": false, "scaleQuestion": { "low": 0, "high": 10 } } } }),
        ),
        (
            json!({ "questionType": "PARAGRAPH" }),
            json!({ "questionItem": { "question": { "required": false, "textQuestion": { "paragraph": true } } } }),
        ),
        (
            json!({ "questionType": "DATE" }),
            json!({ "questionItem": { "question": { "required": false, "dateQuestion": { "includeTime": false, "includeYear": true } } } }),
        ),
    ];
    for (mut input, expected) in cases {
        input["formId"] = "f1".into();
        input["questionTitle"] = "Q".into();
        let output = run(&server, "question_create", input).await;
        assert_eq!(output["index"], 0);
        let bodies = testing::received_bodies(&server).await;
        let mut item = bodies.last().unwrap()["requests"][0]["createItem"]["item"].clone();
        item.as_object_mut().unwrap().remove("title");
        assert_eq!(item, expected);
    }
}

#[tokio::test]
async fn question_create_refuses_options_that_do_not_fit_the_type() {
    let server = MockServer::start().await;
    let cases = [
        (json!({ "questionType": "DROP_DOWN" }), "needs `options`"),
        (json!({ "questionType": "SCALE", "options": [3, 5] }), "low end (0 or 1)"),
        (json!({ "questionType": "GRID", "options": ["a", "b"] }), "\"rows\""),
        (json!({ "questionType": "RADIO", "options": [[1]] }), "an option is a text"),
    ];
    for (mut input, expected) in cases {
        input["formId"] = "f1".into();
        input["questionTitle"] = "Q".into();
        let error = fail(&server, "question_create", input).await;
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains(expected), "{} does not say {expected}", error.message);
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn question_create_on_a_form_changed_meanwhile_is_refused_by_google() {
    let server = MockServer::start().await;
    google("GET", "/forms/f1").respond_with(ok(json!({ "revisionId": "r1", "items": [] }))).mount(&server).await;
    google("POST", "/forms/f1:batchUpdate")
        .respond_with(google_error(400, "FAILED_PRECONDITION", "The required revision ID is stale."))
        .expect(1)
        .mount(&server)
        .await;
    let error = fail(
        &server,
        "question_create",
        json!({ "formId": "f1", "questionTitle": "Q", "questionType": "SHORT_ANSWER" }),
    )
    .await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.message, "the upstream answered 400: The required revision ID is stale.");
}

#[tokio::test]
async fn responses_list_stops_at_the_limit() {
    let server = MockServer::start().await;
    google("GET", "/forms/f1/responses")
        .and(matchers::query_param("pageSize", "2"))
        .and(matchers::query_param("filter", "timestamp > 2024-05-01T00:00:00Z"))
        .respond_with(ok(json!({
            "responses": [response("r1", "2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z"), response("r2", "2024-05-01T11:00:00Z", "2024-05-01T11:00:00Z")],
            "nextPageToken": "more",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "responses_list",
        json!({ "formId": "f1", "limit": 2, "filter": "timestamp > 2024-05-01T00:00:00Z" }),
    )
    .await;
    assert_eq!(ids(output.as_array().unwrap()), ["r1", "r2"]);
}

#[tokio::test]
async fn responses_list_returns_all_pages() {
    let server = MockServer::start().await;
    google("GET", "/forms/f1/responses")
        .and(matchers::query_param("pageSize", "5000"))
        .and(matchers::query_param_is_missing("pageToken"))
        .respond_with(ok(json!({ "responses": [response("r1", "2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z")], "nextPageToken": "p2" })))
        .expect(1)
        .mount(&server)
        .await;
    google("GET", "/forms/f1/responses")
        .and(matchers::query_param("pageToken", "p2"))
        .respond_with(ok(json!({ "responses": [response("r2", "2024-05-01T11:00:00Z", "2024-05-01T11:00:00Z")] })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "responses_list", json!({ "formId": "f1", "returnAll": true })).await;
    assert_eq!(ids(output.as_array().unwrap()), ["r1", "r2"]);
}

#[tokio::test]
async fn response_get_reads_one_response() {
    let server = MockServer::start().await;
    let found = response("r1", "2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z");
    google("GET", "/forms/f1/responses/r1").respond_with(ok(found.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "response_get", json!({ "formId": "f1", "responseId": "r1" })).await, found);
}

#[tokio::test]
async fn watches_are_created_renewed_and_deleted() {
    let server = MockServer::start().await;
    let watch = json!({ "id": "w1", "eventType": "SCHEMA", "expireTime": "2024-05-08T10:00:00Z", "state": "ACTIVE" });
    google("POST", "/forms/f1/watches")
        .and(matchers::body_json(json!({
            "watch": { "target": { "topic": { "topicName": "projects/acme/topics/forms" } }, "eventType": "SCHEMA" },
        })))
        .respond_with(ok(watch.clone()))
        .expect(1)
        .mount(&server)
        .await;
    google("POST", "/forms/f1/watches/w1:renew")
        .and(matchers::body_json(json!({})))
        .respond_with(ok(watch.clone()))
        .expect(1)
        .mount(&server)
        .await;
    google("DELETE", "/forms/f1/watches/w1").respond_with(ok(json!({}))).expect(1).mount(&server).await;
    let created = run(
        &server,
        "watch_create",
        json!({ "formId": "f1", "eventType": "SCHEMA", "topicName": "projects/acme/topics/forms" }),
    )
    .await;
    assert_eq!(created, watch);
    assert_eq!(run(&server, "watch_renew", json!({ "formId": "f1", "watchId": "w1" })).await, watch);
    assert_eq!(
        run(&server, "watch_delete", json!({ "formId": "f1", "watchId": "w1" })).await,
        json!({ "formId": "f1", "watchId": "w1", "deleted": true })
    );
}

#[tokio::test]
async fn watch_create_wants_the_topic_full_name() {
    let server = MockServer::start().await;
    let error =
        fail(&server, "watch_create", json!({ "formId": "f1", "eventType": "RESPONSES", "topicName": "forms-topic" }))
            .await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("projects/<project>/topics/<topic>"), "{}", error.message);
    assert!(server.received_requests().await.unwrap().is_empty());
}

const T1: &str = "2024-05-01T10:00:00.250Z";
const T2: &str = "2024-05-01T10:05:00.100Z";
const T3: &str = "2024-05-01T10:07:00Z";

#[tokio::test]
async fn response_received_first_notes_the_latest_response_of_the_last_hour() {
    let server = MockServer::start().await;
    let at = |minutes_ago: i64| {
        (Utc::now() - TimeDelta::minutes(minutes_ago)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
    };
    let (earlier, latest) = (at(40), at(10));
    google("GET", "/forms/f1/responses")
        .and(matchers::query_param("pageSize", "5000"))
        .and(matchers::query_param_contains("filter", "timestamp >= "))
        .respond_with(ok(json!({ "responses": [
            response("a", &earlier, &earlier),
            response("b", &latest, &latest),
            response("c", &latest, &latest),
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    let forms = testing::connect::<GoogleForms>(&server, creds());
    let before = Utc::now();
    let polled = forms.poll("response_received", json!({ "formId": "f1" }), None).await.unwrap();
    assert!(polled.events.is_empty());
    assert_eq!(polled.cursor, Some(json!({ "since": latest, "seen": ["b", "c"] })));
    let requests = server.received_requests().await.unwrap();
    let filter = requests[0].url.query_pairs().find(|(k, _)| k == "filter").unwrap().1.into_owned();
    let from = parse_timestamp(filter.strip_prefix("timestamp >= ").unwrap()).unwrap();
    let hour_ago = before - TimeDelta::hours(1);
    assert!(from >= hour_ago - TimeDelta::seconds(1) && from <= hour_ago + TimeDelta::seconds(5), "{filter}");
}

#[tokio::test]
async fn response_received_on_a_form_without_recent_responses_starts_an_hour_back() {
    let server = MockServer::start().await;
    google("GET", "/forms/f1/responses").respond_with(ok(json!({}))).expect(1).mount(&server).await;
    let forms = testing::connect::<GoogleForms>(&server, creds());
    let polled = forms.poll("response_received", json!({ "formId": "f1" }), None).await.unwrap();
    let cursor = polled.cursor.unwrap();
    assert_eq!(cursor["seen"], json!([]));
    let since = parse_timestamp(cursor["since"].as_str().unwrap()).unwrap();
    assert!(since < Utc::now() - TimeDelta::minutes(59));
}

#[tokio::test]
async fn response_received_reports_responses_submitted_together_once_each_and_skips_edits() {
    let server = MockServer::start().await;
    // From T1, in whole seconds.
    google("GET", "/forms/f1/responses")
        .and(matchers::query_param("filter", "timestamp >= 2024-05-01T10:00:00Z"))
        .respond_with(ok(json!({ "responses": [
            // Seen at T1 by the previous poll.
            response("b", T1, T1),
            // In the same second but before T1: reported before.
            response("early", "2024-05-01T10:00:00.100Z", "2024-05-01T10:00:00.100Z"),
            // Two responses submitted together.
            response("d", T2, T2),
            response("e", T2, T2),
            // An old response edited: not new.
            response("old", "2024-04-01T08:00:00Z", T3),
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    google("GET", "/forms/f1/responses")
        .and(matchers::query_param("filter", "timestamp >= 2024-05-01T10:07:00Z"))
        .respond_with(ok(json!({ "responses": [
            response("old", "2024-04-01T08:00:00Z", T3),
            // Submitted at the boundary after the previous poll read it.
            response("f", T3, T3),
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    let forms = testing::connect::<GoogleForms>(&server, creds());
    let config = json!({ "formId": "f1" });
    let second = forms
        .poll("response_received", config.clone(), Some(json!({ "since": T1, "seen": ["b", "c"] })))
        .await
        .unwrap();
    assert_eq!(ids(&second.events), ["d", "e"]);
    assert_eq!(second.events[0]["answers"]["q1"]["textAnswers"]["answers"][0]["value"], "answer d");
    assert_eq!(second.cursor, Some(json!({ "since": T3, "seen": ["old"] })));
    let third = forms.poll("response_received", config, second.cursor).await.unwrap();
    assert_eq!(ids(&third.events), ["f"]);
    assert_eq!(third.cursor, Some(json!({ "since": T3, "seen": ["old", "f"] })));
}

#[tokio::test]
async fn response_received_is_found_by_fluxturn_template_name() {
    let definition = connectors::registry().definition("google_forms").unwrap();
    assert_eq!(definition.find_trigger("new_response").unwrap().id, "response_received");
    let keys: Vec<&str> = definition.auth_fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["use_manual_oauth", "client_id", "client_secret", "redirect_uri"]);
}

#[tokio::test]
async fn form_schema_changed_reports_a_new_revision_once() {
    let server = MockServer::start().await;
    let form = |revision: &str| json!({ "formId": "f1", "revisionId": revision, "info": { "title": "Survey" } });
    google("GET", "/forms/f1").respond_with(ok(form("r1"))).up_to_n_times(2).mount(&server).await;
    google("GET", "/forms/f1").respond_with(ok(form("r2"))).mount(&server).await;
    let forms = testing::connect::<GoogleForms>(&server, creds());
    let config = json!({ "formId": "f1" });
    let first = forms.poll("form_schema_changed", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    assert_eq!(first.cursor, Some(json!({ "revisionId": "r1" })));
    let same = forms.poll("form_schema_changed", config.clone(), first.cursor).await.unwrap();
    assert!(same.events.is_empty());
    let changed = forms.poll("form_schema_changed", config.clone(), same.cursor).await.unwrap();
    assert_eq!(changed.events, [form("r2")]);
    assert_eq!(changed.cursor, Some(json!({ "revisionId": "r2" })));
    let after = forms.poll("form_schema_changed", config, changed.cursor).await.unwrap();
    assert!(after.events.is_empty());
}

#[tokio::test]
async fn test_connection_accepts_not_found_and_refuses_a_rejected_token() {
    let server = MockServer::start().await;
    google("GET", "/forms/fluxturn-connection-check")
        .respond_with(google_error(404, "NOT_FOUND", "Requested entity was not found."))
        .mount(&server)
        .await;
    testing::connect::<GoogleForms>(&server, creds()).test_connection().await.unwrap();

    let server = MockServer::start().await;
    google("GET", "/forms/fluxturn-connection-check")
        .respond_with(google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."))
        .mount(&server)
        .await;
    let error = testing::connect::<GoogleForms>(&server, creds()).test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert_eq!(error.message, "the upstream answered 401: Request had invalid authentication credentials.");
}
