//! Google Calendar against a local mock of Calendar API v3, through the test kit.

use chrono::{DateTime, TimeDelta, Utc};
use connectors::communication::google_calendar::GoogleCalendar;
use connectors::google::{format_timestamp, parse_timestamp};
use fluxturn_core::testing::{self, matchers, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ConnectorError, ErrorCode};
use serde_json::{json, Value};

mod google_mock;
use google_mock::{google, google_error, oauth2_credentials as creds, ok, TOKEN};

async fn run(server: &MockServer, action: &str, input: Value) -> Value {
    google_mock::run::<GoogleCalendar>(server, creds(), action, input).await
}

async fn fail(server: &MockServer, action: &str, input: Value) -> ConnectorError {
    google_mock::fail::<GoogleCalendar>(server, creds(), action, input).await
}

/// An event as Google returns it.
fn event(id: &str, created: &str, updated: &str) -> Value {
    json!({
        "kind": "calendar#event",
        "etag": format!("\"{id}-{updated}\""),
        "id": id,
        "status": "confirmed",
        "summary": format!("Event {id}"),
        "created": created,
        "updated": updated,
        "start": { "dateTime": "2024-05-01T10:00:00+02:00", "timeZone": "Europe/Berlin" },
        "end": { "dateTime": "2024-05-01T11:00:00+02:00", "timeZone": "Europe/Berlin" },
    })
}

/// A timed event starting and ending at the given instants.
fn timed(id: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> Value {
    json!({
        "id": id,
        "status": "confirmed",
        "start": { "dateTime": format_timestamp(start) },
        "end": { "dateTime": format_timestamp(end) },
    })
}

fn ids(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["id"].as_str().unwrap_or_default()).collect()
}

/// The query of the `n`th request the server received.
async fn query_of(server: &MockServer, n: usize) -> Vec<(String, String)> {
    let requests = server.received_requests().await.unwrap();
    requests[n].url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn param<'a>(query: &'a [(String, String)], key: &str) -> Option<&'a str> {
    query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn create_event_sends_a_local_time_in_its_time_zone() {
    let server = MockServer::start().await;
    let created = json!({ "id": "e1", "status": "confirmed", "htmlLink": "https://calendar.google.com/event?eid=e1" });
    google("POST", "/calendars/primary/events")
        .and(matchers::body_json(json!({
            "summary": "Planning",
            "description": "Quarterly plan",
            "location": "Room 4",
            "start": { "dateTime": "2024-05-01T10:00:00", "timeZone": "Europe/Berlin" },
            "end": { "dateTime": "2024-05-01T11:30:00", "timeZone": "Europe/Berlin" },
            "reminders": { "useDefault": false },
        })))
        .respond_with(ok(created.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "create_event",
        json!({
            "calendarId": "primary",
            "startDateTime": "2024-05-01T10:00",
            "endDateTime": "2024-05-01T11:30",
            "summary": "Planning",
            "description": "Quarterly plan",
            "location": "Room 4",
            "timeZone": "Europe/Berlin",
            "useDefaultReminders": false,
        }),
    )
    .await;
    assert_eq!(output, created);
}

#[tokio::test]
async fn create_event_makes_an_all_day_event_from_dates_the_end_being_its_last_day() {
    let server = MockServer::start().await;
    google("POST", "/calendars/team%40example.com/events")
        .and(matchers::body_json(json!({
            "summary": "Offsite",
            "start": { "date": "2024-05-01" },
            "end": { "date": "2024-05-04" },
            "reminders": { "useDefault": true },
        })))
        .respond_with(ok(json!({ "id": "e2" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "create_event",
        json!({ "calendarId": "team@example.com", "startDateTime": "2024-05-01", "endDateTime": "2024-05-03", "summary": "Offsite" }),
    )
    .await;
    assert_eq!(output, json!({ "id": "e2" }));
}

#[tokio::test]
async fn create_event_keeps_the_offset_of_an_rfc3339_time() {
    let server = MockServer::start().await;
    google("POST", "/calendars/primary/events")
        .and(matchers::body_json(json!({
            "summary": "Zoom call",
            "start": { "dateTime": "2024-05-01T10:00:00Z", "timeZone": "UTC" },
            "end": { "dateTime": "2024-05-01T12:00:00+02:00", "timeZone": "UTC" },
            "reminders": { "useDefault": true },
        })))
        .respond_with(ok(json!({ "id": "e3" })))
        .expect(1)
        .mount(&server)
        .await;
    // What Zoom's webhook gives, in FluxTurn's template (`start`/`end` are aliases of the fields).
    let output = run(
        &server,
        "create_event",
        json!({ "calendarId": "primary", "startDateTime": "2024-05-01T10:00:00Z", "endDateTime": "2024-05-01T12:00:00+02:00", "summary": "Zoom call" }),
    )
    .await;
    assert_eq!(output, json!({ "id": "e3" }));
    let definition = connectors::registry().definition("google_calendar").unwrap();
    let inputs = &definition.action("create_event").unwrap().input_schema;
    assert_eq!(inputs["startDateTime"].aliases, ["start"]);
    assert_eq!(inputs["endDateTime"].aliases, ["end"]);
}

#[tokio::test]
async fn create_event_rejects_times_it_cannot_read_before_calling_google() {
    let server = MockServer::start().await;
    let cases = [
        (
            json!({ "startDateTime": "tomorrow", "endDateTime": "2024-05-01T11:00" }),
            "`startDateTime` is not a date or time",
        ),
        (
            json!({ "startDateTime": "2024-05-01T10:00", "endDateTime": "2024-05-01T11:00", "timeZone": "Mars/Olympus" }),
            "not an IANA time zone",
        ),
        (
            json!({ "startDateTime": "2024-05-01", "endDateTime": "2024-05-01T11:00" }),
            "as dates (an all-day event) or both as times",
        ),
        (json!({ "startDateTime": "2024-05-01T10:00", "endDateTime": "2024-05-01T09:00" }), "before the start"),
        (json!({ "startDateTime": "2024-05-03", "endDateTime": "2024-05-01" }), "end date is before"),
    ];
    for (mut input, expected) in cases {
        input["calendarId"] = "primary".into();
        let error = fail(&server, "create_event", input).await;
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains(expected), "{} does not say {expected}", error.message);
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_event_reads_the_event_and_maps_google_not_found() {
    let server = MockServer::start().await;
    let found = event("e1", "2024-04-01T08:00:00.000Z", "2024-04-02T08:00:00.000Z");
    google("GET", "/calendars/primary/events/e1").respond_with(ok(found.clone())).expect(1).mount(&server).await;
    google("GET", "/calendars/primary/events/gone")
        .respond_with(google_error(404, "NOT_FOUND", "Not Found"))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "get_event", json!({ "calendarId": "primary", "eventId": "e1" })).await, found);
    let error = fail(&server, "get_event", json!({ "calendarId": "primary", "eventId": "gone" })).await;
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "the upstream answered 404: Not Found");
}

#[tokio::test]
async fn a_token_without_the_calendar_scope_is_forbidden() {
    let server = MockServer::start().await;
    google("GET", "/calendars/primary/events/e1")
        .respond_with(google_error(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes."))
        .mount(&server)
        .await;
    let error = fail(&server, "get_event", json!({ "calendarId": "primary", "eventId": "e1" })).await;
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert_eq!(error.message, "the upstream answered 403: Request had insufficient authentication scopes.");
}

#[tokio::test]
async fn get_many_events_reads_pages_until_max_results_and_returns_the_next_token() {
    let server = MockServer::start().await;
    let filters = || {
        google("GET", "/calendars/primary/events")
            .and(matchers::query_param("timeMin", "2024-05-01T00:00:00Z"))
            .and(matchers::query_param("timeMax", "2024-05-31T22:00:00Z"))
            .and(matchers::query_param("q", "standup"))
            .and(matchers::query_param("orderBy", "startTime"))
            .and(matchers::query_param("singleEvents", "true"))
    };
    filters()
        .and(matchers::query_param("maxResults", "3"))
        .and(matchers::query_param_is_missing("pageToken"))
        .respond_with(ok(json!({ "items": [{ "id": "a" }, { "id": "b" }], "nextPageToken": "p2" })))
        .expect(1)
        .mount(&server)
        .await;
    filters()
        .and(matchers::query_param("maxResults", "1"))
        .and(matchers::query_param("pageToken", "p2"))
        .respond_with(ok(json!({ "items": [{ "id": "c" }], "nextPageToken": "p3" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "get_many_events",
        json!({
            "calendarId": "primary",
            "timeMin": "2024-05-01",
            "timeMax": "2024-06-01T00:00:00+02:00",
            "maxResults": 3,
            "q": "standup",
            "orderBy": "startTime",
        }),
    )
    .await;
    assert_eq!(output, json!({ "items": [{ "id": "a" }, { "id": "b" }, { "id": "c" }], "nextPageToken": "p3" }));
}

#[tokio::test]
async fn get_many_events_continues_from_a_page_token_to_the_end() {
    let server = MockServer::start().await;
    google("GET", "/calendars/primary/events")
        .and(matchers::query_param("pageToken", "p3"))
        .and(matchers::query_param("maxResults", "10"))
        .and(matchers::query_param("singleEvents", "false"))
        .respond_with(ok(json!({ "items": [{ "id": "d" }], "nextSyncToken": "s" })))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "get_many_events", json!({ "calendarId": "primary", "pageToken": "p3", "singleEvents": false }))
            .await;
    assert_eq!(output, json!({ "items": [{ "id": "d" }] }));
}

#[tokio::test]
async fn get_many_events_cannot_order_a_recurring_series_by_start() {
    let server = MockServer::start().await;
    let error = fail(
        &server,
        "get_many_events",
        json!({ "calendarId": "primary", "orderBy": "startTime", "singleEvents": false }),
    )
    .await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn update_event_patches_only_the_fields_given_and_tells_guests() {
    let server = MockServer::start().await;
    let updated = event("e1", "2024-04-01T08:00:00.000Z", "2024-05-02T08:00:00.000Z");
    google("PATCH", "/calendars/primary/events/e1")
        .and(matchers::query_param("sendUpdates", "all"))
        .and(matchers::body_json(json!({
            "summary": "Planning (moved)",
            "start": { "dateTime": "2024-05-02T09:00:00", "timeZone": "America/New_York" },
            "end": { "dateTime": "2024-05-02T10:00:00", "timeZone": "America/New_York" },
            "attendees": [
                { "email": "ada@example.com" },
                { "email": "alan@example.com" },
                { "email": "grace@example.com", "optional": true },
            ],
        })))
        .respond_with(ok(updated.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "update_event",
        json!({
            "calendarId": "primary",
            "eventId": "e1",
            "summary": "Planning (moved)",
            "startDateTime": "2024-05-02T09:00",
            "endDateTime": "2024-05-02T10:00",
            "timeZone": "America/New_York",
            "attendees": ["ada@example.com, alan@example.com", { "email": "grace@example.com", "optional": true }],
            "sendUpdates": "all",
        }),
    )
    .await;
    assert_eq!(output, updated);
}

#[tokio::test]
async fn update_event_moves_only_the_start_when_only_the_start_is_given() {
    let server = MockServer::start().await;
    google("PATCH", "/calendars/primary/events/e1")
        .and(matchers::query_param("sendUpdates", "none"))
        .and(matchers::body_json(json!({ "start": { "dateTime": "2024-05-02T09:00:00+02:00" } })))
        .respond_with(ok(json!({ "id": "e1" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "update_event",
        json!({ "calendarId": "primary", "eventId": "e1", "startDateTime": "2024-05-02T09:00:00+02:00" }),
    )
    .await;
    assert_eq!(output, json!({ "id": "e1" }));
}

#[tokio::test]
async fn update_event_refuses_what_it_cannot_send() {
    let server = MockServer::start().await;
    let cases = [
        (json!({}), "nothing to update"),
        (json!({ "timeZone": "Europe/Paris" }), "applies to a new start or end"),
        (json!({ "startDateTime": "2024-05-02T09:00" }), "needs `timeZone`"),
        (json!({ "attendees": "ada at example" }), "is not an email address"),
        (json!({ "attendees": [{ "displayName": "Ada" }] }), "needs an `email`"),
    ];
    for (mut input, expected) in cases {
        input["calendarId"] = "primary".into();
        input["eventId"] = "e1".into();
        let error = fail(&server, "update_event", input).await;
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains(expected), "{} does not say {expected}", error.message);
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn delete_event_deletes_and_an_event_deleted_before_is_not_found() {
    let server = MockServer::start().await;
    google("DELETE", "/calendars/primary/events/e1")
        .and(matchers::query_param("sendUpdates", "externalOnly"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    google("DELETE", "/calendars/primary/events/e2")
        .respond_with(google_error(410, "GONE", "Resource has been deleted"))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "delete_event",
        json!({ "calendarId": "primary", "eventId": "e1", "sendUpdates": "externalOnly" }),
    )
    .await;
    assert_eq!(output, json!({ "calendarId": "primary", "eventId": "e1", "deleted": true }));
    let error = fail(&server, "delete_event", json!({ "calendarId": "primary", "eventId": "e2" })).await;
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "the upstream answered 410: Resource has been deleted");
}

#[tokio::test]
async fn check_availability_asks_free_busy_for_each_calendar_and_merges_the_busy_periods() {
    let server = MockServer::start().await;
    google("POST", "/freeBusy")
        .and(matchers::body_json(json!({
            // 09:00 and 17:00 in Berlin in May (UTC+2).
            "timeMin": "2024-05-01T07:00:00Z",
            "timeMax": "2024-05-01T15:00:00Z",
            "timeZone": "Europe/Berlin",
            "items": [{ "id": "primary" }, { "id": "team@example.com" }],
        })))
        .respond_with(ok(json!({
            "kind": "calendar#freeBusy",
            "timeMin": "2024-05-01T07:00:00.000Z",
            "timeMax": "2024-05-01T15:00:00.000Z",
            "calendars": {
                "primary": { "busy": [{ "start": "2024-05-01T13:00:00+02:00", "end": "2024-05-01T14:00:00+02:00" }] },
                "team@example.com": { "busy": [{ "start": "2024-05-01T10:00:00+02:00", "end": "2024-05-01T10:30:00+02:00" }] },
            },
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "check_availability",
        json!({
            "calendarId": "primary, team@example.com",
            "timeMin": "2024-05-01T09:00",
            "timeMax": "2024-05-01T17:00",
            "timeZone": "Europe/Berlin",
        }),
    )
    .await;
    assert_eq!(output["available"], false);
    assert_eq!(
        output["busy"],
        json!([
            { "calendarId": "team@example.com", "start": "2024-05-01T10:00:00+02:00", "end": "2024-05-01T10:30:00+02:00" },
            { "calendarId": "primary", "start": "2024-05-01T13:00:00+02:00", "end": "2024-05-01T14:00:00+02:00" },
        ])
    );
    assert_eq!(output["timeMin"], "2024-05-01T07:00:00.000Z");
    assert!(output["calendars"]["primary"]["busy"].is_array());
}

#[tokio::test]
async fn check_availability_of_a_calendar_google_cannot_find_is_not_found() {
    let server = MockServer::start().await;
    google("POST", "/freeBusy")
        .respond_with(ok(json!({
            "timeMin": "2024-05-01T00:00:00.000Z",
            "timeMax": "2024-05-02T00:00:00.000Z",
            "calendars": { "nobody@example.com": { "errors": [{ "domain": "global", "reason": "notFound" }], "busy": [] } },
        })))
        .mount(&server)
        .await;
    let error = fail(
        &server,
        "check_availability",
        json!({ "calendarId": "nobody@example.com", "timeMin": "2024-05-01", "timeMax": "2024-05-02" }),
    )
    .await;
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "Google could not read calendar `nobody@example.com`: notFound");
}

#[tokio::test]
async fn check_availability_free_calendar_is_available() {
    let server = MockServer::start().await;
    google("POST", "/freeBusy")
        .and(matchers::body_json(json!({
            "timeMin": "2024-05-01T00:00:00Z",
            "timeMax": "2024-05-02T00:00:00Z",
            "items": [{ "id": "primary" }],
        })))
        .respond_with(ok(json!({
            "timeMin": "2024-05-01T00:00:00.000Z",
            "timeMax": "2024-05-02T00:00:00.000Z",
            "calendars": { "primary": { "busy": [] } },
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "check_availability",
        json!({ "calendarId": "primary", "timeMin": "2024-05-01", "timeMax": "2024-05-02" }),
    )
    .await;
    assert_eq!(output["available"], true);
    assert_eq!(output["busy"], json!([]));
}

/// The first poll of a change trigger: a full sync over two pages that keeps only the token.
async fn mount_full_sync(server: &MockServer, token: &str, updated: &str) {
    google("GET", "/calendars/primary/events")
        .and(matchers::query_param("fields", "nextPageToken,nextSyncToken,updated"))
        .and(matchers::query_param("maxResults", "2500"))
        .and(matchers::query_param_is_missing("pageToken"))
        .and(matchers::query_param_is_missing("syncToken"))
        .respond_with(ok(json!({ "nextPageToken": "full-2" })))
        .expect(1)
        .mount(server)
        .await;
    google("GET", "/calendars/primary/events")
        .and(matchers::query_param("fields", "nextPageToken,nextSyncToken,updated"))
        .and(matchers::query_param("pageToken", "full-2"))
        .respond_with(ok(json!({ "nextSyncToken": token, "updated": updated })))
        .expect(1)
        .mount(server)
        .await;
}

const SINCE: &str = "2024-05-01T10:00:00.000Z";

/// The changes since sync token `s1`: one event created after the previous poll, one older
/// event edited, one cancelled.
fn changes() -> Value {
    json!({
        "nextSyncToken": "s2",
        "updated": "2024-05-01T10:05:00.000Z",
        "items": [
            event("new", "2024-05-01T10:01:00.000Z", "2024-05-01T10:01:00.000Z"),
            event("edited", "2024-04-01T08:00:00.000Z", "2024-05-01T10:02:00.000Z"),
            { "kind": "calendar#event", "etag": "\"gone-1\"", "id": "gone", "status": "cancelled" },
        ],
    })
}

async fn mount_changes(server: &MockServer) {
    google("GET", "/calendars/primary/events")
        .and(matchers::query_param("syncToken", "s1"))
        .and(matchers::query_param("maxResults", "2500"))
        .respond_with(ok(changes()))
        .mount(server)
        .await;
}

#[tokio::test]
async fn event_created_starts_with_a_sync_token_then_reports_only_new_events() {
    let server = MockServer::start().await;
    mount_full_sync(&server, "s1", SINCE).await;
    mount_changes(&server).await;
    let calendar = testing::connect::<GoogleCalendar>(&server, creds());
    let config = json!({ "calendarId": "primary", "pollInterval": 5 });
    let first = calendar.poll("event_created", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    assert_eq!(first.cursor, Some(json!({ "syncToken": "s1", "since": SINCE })));
    let second = calendar.poll("event_created", config, first.cursor).await.unwrap();
    assert_eq!(ids(&second.events), ["new"]);
    assert_eq!(second.events[0], changes()["items"][0]);
    assert_eq!(second.cursor, Some(json!({ "syncToken": "s2", "since": "2024-05-01T10:05:00.000Z" })));
}

#[tokio::test]
async fn event_updated_and_event_cancelled_report_their_share_of_the_same_changes() {
    let server = MockServer::start().await;
    mount_changes(&server).await;
    let calendar = testing::connect::<GoogleCalendar>(&server, creds());
    let config = json!({ "calendarId": "primary" });
    let cursor = Some(json!({ "syncToken": "s1", "since": SINCE }));
    let updated = calendar.poll("event_updated", config.clone(), cursor.clone()).await.unwrap();
    assert_eq!(ids(&updated.events), ["edited"]);
    let cancelled = calendar.poll("event_cancelled", config, cursor).await.unwrap();
    assert_eq!(ids(&cancelled.events), ["gone"]);
    assert_eq!(cancelled.cursor, updated.cursor);
}

#[tokio::test]
async fn an_expired_sync_token_restarts_with_a_full_sync_and_reports_what_changed_in_between() {
    let server = MockServer::start().await;
    google("GET", "/calendars/primary/events")
        .and(matchers::query_param("syncToken", "old"))
        .respond_with(google_error(410, "GONE", "Sync token is no longer valid, a full sync is required."))
        .expect(1)
        .mount(&server)
        .await;
    mount_full_sync(&server, "fresh", "2024-05-01T12:00:00.000Z").await;
    google("GET", "/calendars/primary/events")
        .and(matchers::query_param("updatedMin", "2024-05-01T10:00:00Z"))
        .and(matchers::query_param("showDeleted", "true"))
        .respond_with(ok(json!({
            "items": [
                // Already reported by the poll that ended at SINCE.
                event("before", "2024-05-01T09:00:00.000Z", SINCE),
                event("created-meanwhile", "2024-05-01T11:00:00.000Z", "2024-05-01T11:00:00.000Z"),
                // After the full sync: the next incremental poll brings it.
                event("after-sync", "2024-05-01T12:30:00.000Z", "2024-05-01T12:30:00.000Z"),
            ],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let calendar = testing::connect::<GoogleCalendar>(&server, creds());
    let polled = calendar
        .poll("event_created", json!({ "calendarId": "primary" }), Some(json!({ "syncToken": "old", "since": SINCE })))
        .await
        .unwrap();
    assert_eq!(ids(&polled.events), ["created-meanwhile"]);
    assert_eq!(polled.cursor, Some(json!({ "syncToken": "fresh", "since": "2024-05-01T12:00:00.000Z" })));
}

#[tokio::test]
async fn a_change_poll_that_fails_keeps_its_cursor_and_says_why() {
    let server = MockServer::start().await;
    google("GET", "/calendars/primary/events")
        .respond_with(google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."))
        .mount(&server)
        .await;
    let calendar = testing::connect::<GoogleCalendar>(&server, creds());
    let error = calendar
        .poll("event_created", json!({ "calendarId": "primary" }), Some(json!({ "syncToken": "s1", "since": SINCE })))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(!error.message.contains(TOKEN));
}

#[tokio::test]
async fn event_started_first_records_now_without_asking_google() {
    let server = MockServer::start().await;
    let calendar = testing::connect::<GoogleCalendar>(&server, creds());
    let before = Utc::now() - TimeDelta::seconds(1);
    let polled = calendar.poll("event_started", json!({ "calendarId": "primary" }), None).await.unwrap();
    assert!(polled.events.is_empty());
    let until = parse_timestamp(polled.cursor.unwrap()["until"].as_str().unwrap()).unwrap();
    assert!(until >= before && until <= Utc::now());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn event_started_reports_the_events_starting_in_its_window_minutes_ahead() {
    let server = MockServer::start().await;
    let now = Utc::now();
    let until = DateTime::from_timestamp(now.timestamp() - 600, 0).unwrap();
    let hour = TimeDelta::hours(1);
    // Reported 15 minutes ahead: events starting between until+15min and now+15min.
    let due = now + TimeDelta::minutes(10);
    let also_due = now + TimeDelta::minutes(7);
    google("GET", "/calendars/primary/events")
        .and(matchers::query_param("singleEvents", "true"))
        .and(matchers::query_param("orderBy", "startTime"))
        .and(matchers::query_param("timeMin", format_timestamp(until + TimeDelta::minutes(15))))
        .respond_with(ok(json!({
            "timeZone": "UTC",
            "items": [
                timed("earlier", until - TimeDelta::minutes(5), until + hour),
                timed("due", due, due + hour),
                timed("also-due", also_due, also_due + hour),
                timed("later", now + TimeDelta::minutes(30), now + hour),
            ],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let calendar = testing::connect::<GoogleCalendar>(&server, creds());
    let polled = calendar
        .poll(
            "event_started",
            json!({ "calendarId": "primary", "reminderMinutes": 15 }),
            Some(json!({ "until": format_timestamp(until) })),
        )
        .await
        .unwrap();
    // By start time.
    assert_eq!(ids(&polled.events), ["also-due", "due"]);
    let next = parse_timestamp(polled.cursor.unwrap()["until"].as_str().unwrap()).unwrap();
    assert!(next > until && next <= Utc::now());
    let query = query_of(&server, 0).await;
    let time_max = parse_timestamp(param(&query, "timeMax").unwrap()).unwrap();
    assert_eq!(time_max, next + TimeDelta::minutes(15) + TimeDelta::seconds(1));
}

#[tokio::test]
async fn event_ended_reports_events_ending_in_its_window_all_day_ones_at_midnight() {
    let server = MockServer::start().await;
    let now = Utc::now();
    let until = DateTime::from_timestamp(now.timestamp() - 25 * 3600, 0).unwrap();
    let today = now.date_naive();
    let tomorrow = today.succ_opt().unwrap();
    let yesterday = today.pred_opt().unwrap();
    google("GET", "/calendars/primary/events")
        .and(matchers::query_param("timeMin", format_timestamp(until)))
        .respond_with(ok(json!({
            "timeZone": "UTC",
            "items": [
                // Ends at today's midnight (UTC): within the last 25 hours.
                { "id": "yesterday", "start": { "date": yesterday.to_string() }, "end": { "date": today.to_string() } },
                { "id": "today", "start": { "date": today.to_string() }, "end": { "date": tomorrow.to_string() } },
                timed("meeting", now - TimeDelta::hours(2), now - TimeDelta::hours(1)),
                timed("ongoing", now - TimeDelta::hours(1), now + TimeDelta::hours(1)),
            ],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let calendar = testing::connect::<GoogleCalendar>(&server, creds());
    let polled = calendar
        .poll("event_ended", json!({ "calendarId": "primary" }), Some(json!({ "until": format_timestamp(until) })))
        .await
        .unwrap();
    let mut expected =
        [("yesterday", today.and_hms_opt(0, 0, 0).unwrap().and_utc()), ("meeting", now - TimeDelta::hours(1))];
    expected.sort_by_key(|(_, at)| *at);
    assert_eq!(ids(&polled.events), expected.iter().map(|(id, _)| *id).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_cursor_from_the_future_reads_nothing_and_keeps_the_cursor() {
    let server = MockServer::start().await;
    let now = Utc::now();
    let calendar = testing::connect::<GoogleCalendar>(&server, creds());
    // A cursor from the future (a clock that went back): nothing is read, the cursor stays.
    let future = format_timestamp(now + TimeDelta::minutes(5));
    let polled = calendar
        .poll("event_ended", json!({ "calendarId": "primary" }), Some(json!({ "until": future })))
        .await
        .unwrap();
    assert!(polled.events.is_empty());
    assert_eq!(polled.cursor, None);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn test_connection_reads_one_event_of_the_primary_calendar() {
    let server = MockServer::start().await;
    google("GET", "/calendars/primary/events")
        .and(matchers::query_param("maxResults", "1"))
        .respond_with(ok(json!({ "items": [] })))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<GoogleCalendar>(&server, creds()).test_connection().await.unwrap();
}
