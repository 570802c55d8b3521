//! Google Analytics against a local mock of the GA4 Data API, the Reporting API v4 and the Admin
//! API, through the test kit.

use connectors::analytics::google_analytics::GoogleAnalytics;
use fluxturn_core::testing::{self, matchers, MockServer};
use fluxturn_core::{Connector, ConnectorError, Credentials, ErrorCode};
use serde_json::{json, Value};

mod google_mock;
use google_mock::{google, google_error, ok};

fn creds() -> Value {
    json!({ "use_manual_oauth": false, "accessToken": "ya29.test-token" })
}

async fn run(server: &MockServer, action: &str, input: Value) -> Value {
    google_mock::run::<GoogleAnalytics>(server, creds(), action, input).await
}

async fn fail(server: &MockServer, action: &str, input: Value) -> ConnectorError {
    google_mock::fail::<GoogleAnalytics>(server, creds(), action, input).await
}

/// A report row as the Data API returns it.
fn row(dimensions: &[&str], metrics: &[&str]) -> Value {
    json!({
        "dimensionValues": dimensions.iter().map(|v| json!({ "value": v })).collect::<Vec<_>>(),
        "metricValues": metrics.iter().map(|v| json!({ "value": v })).collect::<Vec<_>>(),
    })
}

/// A report of date × (activeUsers, bounceRate) with `rows` and `row_count`.
fn report(rows: Vec<Value>, row_count: u64) -> Value {
    json!({
        "dimensionHeaders": [{ "name": "date" }],
        "metricHeaders": [{ "name": "activeUsers", "type": "TYPE_INTEGER" }, { "name": "bounceRate", "type": "TYPE_FLOAT" }],
        "rows": rows,
        "rowCount": row_count,
        "metadata": { "currencyCode": "USD", "timeZone": "Europe/Paris" },
        "kind": "analyticsData#runReport",
    })
}

#[tokio::test]
async fn get_ga4_report_runs_the_default_report_and_simplifies_the_rows() {
    let server = MockServer::start().await;
    google("POST", "/properties/123456:runReport")
        .and(matchers::body_json(json!({
            "dateRanges": [{ "startDate": "7daysAgo", "endDate": "yesterday" }],
            "dimensions": [{ "name": "date" }],
            "metrics": [{ "name": "activeUsers" }, { "name": "sessions" }],
            "limit": 100,
        })))
        .respond_with(ok(json!({
            "dimensionHeaders": [{ "name": "date" }],
            "metricHeaders": [{ "name": "activeUsers", "type": "TYPE_INTEGER" }, { "name": "sessions", "type": "TYPE_INTEGER" }],
            "rows": [row(&["20240501"], &["42", "57"]), row(&["20240502"], &["40", "51"])],
            "rowCount": 2,
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "get_ga4_report",
        json!({ "propertyId": "123456", "dateRange": "last7days", "metrics": ["activeUsers", "sessions"] }),
    )
    .await;
    assert_eq!(
        output,
        json!([
            { "date": "20240501", "activeUsers": 42, "sessions": 57 },
            { "date": "20240502", "activeUsers": 40, "sessions": 51 },
        ])
    );
}

#[tokio::test]
async fn get_ga4_report_takes_a_custom_range_a_currency_and_names_as_text_or_objects_and_can_return_the_raw_report() {
    let server = MockServer::start().await;
    let answer = report(vec![row(&["20240131"], &["7", "0.25"])], 1);
    google("POST", "/properties/987:runReport")
        .and(matchers::body_json(json!({
            "dateRanges": [{ "startDate": "2024-01-01", "endDate": "2024-01-31" }],
            "dimensions": [{ "name": "date" }],
            "metrics": [{ "name": "activeUsers" }, { "name": "bounceRate" }],
            "currencyCode": "EUR",
            "limit": 10,
        })))
        .respond_with(ok(answer.clone()))
        .expect(2)
        .mount(&server)
        .await;
    let input = json!({
        "propertyId": "properties/987",
        "dateRange": "custom",
        "startDate": "2024-01-01",
        "endDate": "2024-01-31",
        "metrics": "activeUsers, bounceRate",
        "dimensions": [{ "name": "date" }],
        "limit": 10,
        "currencyCode": "eur",
        "simple": false,
    });
    assert_eq!(run(&server, "get_ga4_report", input.clone()).await, answer);
    let mut simple = input;
    simple["simple"] = json!(true);
    assert_eq!(
        run(&server, "get_ga4_report", simple).await,
        json!([{ "date": "20240131", "activeUsers": 7, "bounceRate": 0.25 }])
    );
}

#[tokio::test]
async fn get_ga4_report_return_all_reads_every_page_by_offset() {
    let server = MockServer::start().await;
    let body = |offset: Option<u64>| {
        let mut body = json!({
            "dateRanges": [{ "startDate": "today", "endDate": "today" }],
            "dimensions": [{ "name": "date" }],
            "metrics": [{ "name": "activeUsers" }, { "name": "bounceRate" }],
            "limit": 100000,
        });
        if let Some(offset) = offset {
            body["offset"] = offset.into();
        }
        body
    };
    google("POST", "/properties/1:runReport")
        .and(matchers::body_json(body(None)))
        .respond_with(ok(report(vec![row(&["a"], &["1", "0.5"]), row(&["b"], &["2", "0.5"])], 3)))
        .expect(1)
        .mount(&server)
        .await;
    google("POST", "/properties/1:runReport")
        .and(matchers::body_json(body(Some(2))))
        .respond_with(ok(report(vec![row(&["c"], &["3", "0.5"])], 3)))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "get_ga4_report",
        json!({
            "propertyId": "1", "dateRange": "today", "metrics": ["activeUsers", "bounceRate"],
            "returnAll": true, "simple": false,
        }),
    )
    .await;
    let rows = output["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2], row(&["c"], &["3", "0.5"]));
    assert_eq!(output["rowCount"], 3);
}

#[tokio::test]
async fn get_ga4_report_last_year_is_the_previous_calendar_year() {
    let server = MockServer::start().await;
    let year: i32 = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()[..4].parse().unwrap();
    google("POST", "/properties/5:runReport")
        .and(matchers::body_partial_json(json!({
            "dateRanges": [{ "startDate": format!("{}-01-01", year - 1), "endDate": format!("{}-12-31", year - 1) }],
            "dimensions": [],
        })))
        .respond_with(ok(json!({ "metricHeaders": [{ "name": "sessions", "type": "TYPE_INTEGER" }], "rowCount": 0 })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "get_ga4_report",
        json!({ "propertyId": "5", "dateRange": "lastYear", "metrics": ["sessions"], "dimensions": [] }),
    )
    .await;
    assert_eq!(output, json!([]));
}

#[tokio::test]
async fn bad_report_inputs_never_reach_google() {
    let server = MockServer::start().await;
    let cases = [
        (json!({ "propertyId": "G-ABC123", "dateRange": "today", "metrics": ["sessions"] }), "`propertyId` must be"),
        (
            json!({ "propertyId": "1", "dateRange": "custom", "endDate": "today", "metrics": ["sessions"] }),
            "needs `startDate`",
        ),
        (
            json!({ "propertyId": "1", "dateRange": "custom", "startDate": "2024-02-30", "endDate": "today", "metrics": ["sessions"] }),
            "`startDate` must be a date",
        ),
        (json!({ "propertyId": "1", "dateRange": "today", "metrics": " , " }), "`metrics` is empty"),
        (
            json!({ "propertyId": "1", "dateRange": "today", "metrics": ["sessions"], "currencyCode": "euro" }),
            "`currencyCode`",
        ),
    ];
    for (input, expected) in cases {
        let error = fail(&server, "get_ga4_report", input).await;
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains(expected), "{} should say {expected}", error.message);
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_unknown_metric_is_invalid_input_and_a_property_without_access_forbidden() {
    let server = MockServer::start().await;
    let unknown = "Field visits is not a valid metric. For a list of valid dimensions and metrics, see https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema";
    google("POST", "/properties/1:runReport")
        .respond_with(google_error(400, "INVALID_ARGUMENT", unknown))
        .expect(1)
        .mount(&server)
        .await;
    google("POST", "/properties/2:runReport")
        .respond_with(google_error(
            403,
            "PERMISSION_DENIED",
            "User does not have sufficient permissions for this property.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let error =
        fail(&server, "get_ga4_report", json!({ "propertyId": "1", "dateRange": "today", "metrics": ["visits"] }))
            .await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.message, format!("the upstream answered 400: {unknown}"));
    let error =
        fail(&server, "get_ga4_report", json!({ "propertyId": "2", "dateRange": "today", "metrics": ["sessions"] }))
            .await;
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert_eq!(
        error.message,
        "the upstream answered 403: User does not have sufficient permissions for this property."
    );
}

fn session(id: &str) -> Value {
    json!({ "sessionId": id, "deviceCategory": "desktop", "platform": "Windows", "activities": [{ "activityType": "PAGEVIEW" }] })
}

#[tokio::test]
async fn search_user_activity_follows_page_tokens_when_returning_all() {
    let server = MockServer::start().await;
    let body = json!({ "viewId": "456", "user": { "userId": "1234.5678" }, "activityTypes": ["PAGEVIEW", "GOAL"], "pageSize": 1000 });
    let mut second = body.clone();
    second["pageToken"] = json!("t2");
    google("POST", "/v4/userActivity:search")
        .and(matchers::body_json(body))
        .respond_with(ok(json!({ "sessions": [session("s1"), session("s2")], "totalRows": 3, "nextPageToken": "t2" })))
        .expect(1)
        .mount(&server)
        .await;
    google("POST", "/v4/userActivity:search")
        .and(matchers::body_json(second))
        .respond_with(ok(json!({ "sessions": [session("s3")], "totalRows": 3 })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "search_user_activity",
        json!({ "viewId": "ga:456", "userId": "1234.5678", "returnAll": true, "activityTypes": ["PAGEVIEW", "GOAL"] }),
    )
    .await;
    assert_eq!(output, json!([session("s1"), session("s2"), session("s3")]));
}

#[tokio::test]
async fn search_user_activity_asks_for_the_limit_only() {
    let server = MockServer::start().await;
    google("POST", "/v4/userActivity:search")
        .and(matchers::body_json(json!({ "viewId": "456", "user": { "userId": "u1" }, "pageSize": 2 })))
        .respond_with(ok(json!({ "sessions": [session("s1"), session("s2")], "nextPageToken": "t2" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "search_user_activity", json!({ "viewId": "456", "userId": "u1", "limit": 2 })).await;
    assert_eq!(output, json!([session("s1"), session("s2")]));
}

#[tokio::test]
async fn search_user_activity_checks_its_inputs_and_maps_googles_errors() {
    let server = MockServer::start().await;
    let error = fail(&server, "search_user_activity", json!({ "viewId": "UA-1-1", "userId": "u1" })).await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.starts_with("`viewId` must be"), "{}", error.message);
    let error =
        fail(&server, "search_user_activity", json!({ "viewId": "1", "userId": "u1", "activityTypes": ["CLICK"] }))
            .await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
    google("POST", "/v4/userActivity:search")
        .respond_with(google_error(404, "NOT_FOUND", "Requested entity was not found."))
        .expect(1)
        .mount(&server)
        .await;
    let error = fail(&server, "search_user_activity", json!({ "viewId": "1", "userId": "u1" })).await;
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "the upstream answered 404: Requested entity was not found.");
}

#[tokio::test]
async fn test_connection_lists_an_account_summary() {
    let server = MockServer::start().await;
    google("GET", "/v1beta/accountSummaries")
        .and(matchers::query_param("pageSize", "1"))
        .respond_with(ok(json!({ "accountSummaries": [{ "account": "accounts/1" }] })))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<GoogleAnalytics>(&server, creds()).test_connection().await.unwrap();
}

#[test]
fn the_credentials_form_has_fluxturns_keys() {
    use connectors::analytics::google_analytics::GoogleAnalyticsCredentials;
    let keys: Vec<String> = GoogleAnalyticsCredentials::auth_fields().into_iter().map(|f| f.key).collect();
    assert_eq!(keys, ["use_manual_oauth", "client_id", "client_secret", "redirect_uri"]);
    let own =
        json!({ "use_manual_oauth": true, "client_id": "id.apps.googleusercontent.com", "client_secret": "s3cret" });
    let credentials = GoogleAnalyticsCredentials::from_values(own.as_object().unwrap()).unwrap();
    assert_eq!(credentials.client_id.as_deref(), Some("id.apps.googleusercontent.com"));
    assert_eq!(credentials.use_manual_oauth, Some(true));
}
