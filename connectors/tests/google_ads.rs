//! Google Ads against a local mock of the Google Ads API (REST), through the test kit.

use connectors::marketing::google_ads::GoogleAds;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ConnectorError, ErrorCode};
use serde_json::{json, Value};

const TOKEN: &str = "ya29.test-token";
const DEVELOPER_TOKEN: &str = "dev-TOKEN-123";

/// A connection through the manager account 111-222-3333, with a default customer.
fn creds() -> Value {
    json!({
        "authType": "oauth2",
        "accessToken": TOKEN,
        "developerToken": DEVELOPER_TOKEN,
        "customerId": "999-888-7777",
        "loginCustomerId": "111-222-3333",
    })
}

/// A mock for `method path` that checks the bearer token, the developer token and the manager
/// account, each request's own headers.
fn ads(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(matchers::header("developer-token", DEVELOPER_TOKEN))
        .and(matchers::header("login-customer-id", "1112223333"))
}

/// A search of `customer` with exactly `query` (and `page_token`, when given).
fn search(customer: &str, query: &str) -> testing::wiremock::MockBuilder {
    ads("POST", &format!("/v26/customers/{customer}/googleAds:search"))
        .and(matchers::body_json(json!({ "query": query })))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn run(server: &MockServer, action: &str, input: Value) -> Value {
    testing::execute::<GoogleAds>(server, creds(), action, input).await.unwrap_or_else(|e| panic!("{action}: {e}"))
}

async fn fail(server: &MockServer, action: &str, input: Value) -> ConnectorError {
    match testing::execute::<GoogleAds>(server, creds(), action, input).await {
        Ok(output) => panic!("{action} succeeded: {output}"),
        Err(error) => error,
    }
}

const CAMPAIGN_FIELDS: &str = "campaign.resource_name, campaign.id, campaign.name, campaign.status, \
    campaign.serving_status, campaign.advertising_channel_type, campaign.bidding_strategy_type, \
    campaign.start_date_time, campaign.end_date_time, campaign.campaign_budget, campaign_budget.amount_micros";

fn campaign_row(id: &str, name: &str) -> Value {
    json!({
        "campaign": {
            "resourceName": format!("customers/1234567890/campaigns/{id}"),
            "id": id,
            "name": name,
            "status": "PAUSED",
        },
        "campaignBudget": { "resourceName": "customers/1234567890/campaignBudgets/5", "amountMicros": "10000000" },
    })
}

#[tokio::test]
async fn campaign_get_searches_the_campaign_by_its_id() {
    let server = MockServer::start().await;
    search("1234567890", &format!("SELECT {CAMPAIGN_FIELDS} FROM campaign WHERE campaign.id = 42"))
        .and(matchers::header("content-type", "application/json"))
        .respond_with(ok(json!({ "results": [campaign_row("42", "Spring")], "fieldMask": "campaign.id" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "campaign_get", json!({ "customerId": "123-456-7890", "campaignId": "42" })).await;
    assert_eq!(output, campaign_row("42", "Spring"));
}

#[tokio::test]
async fn campaign_get_of_a_missing_campaign_is_not_found_and_a_bad_id_is_never_sent() {
    let server = MockServer::start().await;
    search("1234567890", &format!("SELECT {CAMPAIGN_FIELDS} FROM campaign WHERE campaign.id = 7"))
        .respond_with(ok(json!({ "fieldMask": "campaign.id" })))
        .expect(1)
        .mount(&server)
        .await;
    let error = fail(&server, "campaign_get", json!({ "customerId": "1234567890", "campaignId": "7" })).await;
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("no campaign 7"), "{}", error.message);
    for (customer, campaign) in [("1234567890", "7 OR campaign.id > 0"), ("123' OR '1", "7"), ("1234567890", "")] {
        let error = fail(&server, "campaign_get", json!({ "customerId": customer, "campaignId": campaign })).await;
        assert_eq!(error.code, ErrorCode::InvalidInput, "{customer} {campaign}");
    }
}

#[tokio::test]
async fn a_blank_customer_id_is_the_connections() {
    let server = MockServer::start().await;
    search("9998887777", &format!("SELECT {CAMPAIGN_FIELDS} FROM campaign WHERE campaign.id = 42"))
        .respond_with(ok(json!({ "results": [campaign_row("42", "Spring")] })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "campaign_get", json!({ "customerId": " ", "campaignId": "42" })).await;
    assert_eq!(output["campaign"]["id"], "42");
}

#[tokio::test]
async fn without_a_manager_account_no_login_customer_id_is_sent() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .and(matchers::path("/v26/customers/1234567890/googleAds:search"))
        .and(matchers::header("developer-token", DEVELOPER_TOKEN))
        .and(matchers::header_exists("authorization"))
        .respond_with(ok(json!({ "results": [] })))
        .expect(1)
        .mount(&server)
        .await;
    let credentials = json!({ "authType": "oauth2", "accessToken": TOKEN, "developerToken": DEVELOPER_TOKEN });
    let output =
        testing::execute::<GoogleAds>(&server, credentials, "ad_group_get_all", json!({ "customerId": "1234567890" }))
            .await
            .unwrap();
    assert_eq!(output, json!([]));
    let requests = server.received_requests().await.unwrap();
    assert!(!requests[0].headers.contains_key("login-customer-id"));
}

#[tokio::test]
async fn campaign_get_all_selects_the_fields_asked_and_stops_at_the_limit() {
    let server = MockServer::start().await;
    search(
        "1234567890",
        "SELECT campaign.id, campaign.name, metrics.clicks FROM campaign ORDER BY campaign.id LIMIT 2",
    )
    .respond_with(ok(json!({ "results": [campaign_row("1", "A"), campaign_row("2", "B")] })))
    .expect(1)
    .mount(&server)
    .await;
    let output = run(
        &server,
        "campaign_get_all",
        json!({ "customerId": "1234567890", "limit": 2, "fields": ["name", "metrics.clicks", ""] }),
    )
    .await;
    assert_eq!(output, json!([campaign_row("1", "A"), campaign_row("2", "B")]));
}

#[tokio::test]
async fn campaign_get_all_with_return_all_follows_the_page_tokens() {
    let server = MockServer::start().await;
    let query = format!("SELECT {CAMPAIGN_FIELDS} FROM campaign ORDER BY campaign.id");
    search("1234567890", &query)
        .respond_with(ok(json!({ "results": [campaign_row("1", "A")], "nextPageToken": "page-2" })))
        .expect(1)
        .mount(&server)
        .await;
    ads("POST", "/v26/customers/1234567890/googleAds:search")
        .and(matchers::body_json(json!({ "query": query, "pageToken": "page-2" })))
        .respond_with(ok(json!({ "results": [campaign_row("2", "B")] })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "campaign_get_all", json!({ "customerId": "1234567890", "returnAll": true })).await;
    assert_eq!(output, json!([campaign_row("1", "A"), campaign_row("2", "B")]));
}

#[tokio::test]
async fn campaign_get_all_refuses_a_field_that_is_not_a_field_name() {
    let server = MockServer::start().await;
    let error = fail(
        &server,
        "campaign_get_all",
        json!({ "customerId": "1234567890", "fields": ["campaign.name FROM ad_group WHERE"] }),
    )
    .await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// The answer of a mutate with `responseContentType: MUTABLE_RESOURCE`.
fn mutated(resource_name: &str, key: &str, resource: Value) -> ResponseTemplate {
    ok(json!({ "results": [{ "resourceName": resource_name, key: resource }] }))
}

#[tokio::test]
async fn campaign_create_sends_one_create_operation_with_the_budget_bidding_and_dates() {
    let server = MockServer::start().await;
    ads("POST", "/v26/customers/1234567890/campaigns:mutate")
        .and(matchers::body_json(json!({
            "operations": [{ "create": {
                "name": "Spring sale",
                "advertisingChannelType": "DISPLAY",
                "status": "PAUSED",
                "campaignBudget": "customers/1234567890/campaignBudgets/555",
                "containsEuPoliticalAdvertising": "DOES_NOT_CONTAIN_EU_POLITICAL_ADVERTISING",
                "targetCpa": { "targetCpaMicros": "2500000" },
                "startDateTime": "2025-03-01 00:00:00",
                "endDateTime": "2025-03-31 23:59:59",
            }}],
            "responseContentType": "MUTABLE_RESOURCE",
        })))
        .respond_with(mutated(
            "customers/1234567890/campaigns/77",
            "campaign",
            json!({ "id": "77", "name": "Spring sale" }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "campaign_create",
        json!({
            "customerId": "123-456-7890",
            "name": "Spring sale",
            "advertisingChannelType": "DISPLAY",
            "budgetId": "555",
            "biddingStrategyType": "TARGET_CPA",
            "targetCpaMicros": 2500000,
            "startDate": "2025-03-01",
            "endDate": "2025-03-31",
        }),
    )
    .await;
    assert_eq!(
        output,
        json!({
            "resourceName": "customers/1234567890/campaigns/77",
            "campaign": { "id": "77", "name": "Spring sale" },
            "id": "77",
        })
    );
}

#[tokio::test]
async fn campaign_create_defaults_to_a_paused_manual_cpc_search_campaign() {
    let server = MockServer::start().await;
    ads("POST", "/v26/customers/1234567890/campaigns:mutate")
        .and(matchers::body_json(json!({
            "operations": [{ "create": {
                "name": "Brand",
                "advertisingChannelType": "SEARCH",
                "status": "PAUSED",
                "campaignBudget": "customers/1234567890/campaignBudgets/5",
                "containsEuPoliticalAdvertising": "CONTAINS_EU_POLITICAL_ADVERTISING",
                "manualCpc": {},
            }}],
            "responseContentType": "MUTABLE_RESOURCE",
        })))
        .respond_with(mutated("customers/1234567890/campaigns/78", "campaign", json!({ "id": "78" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "campaign_create",
        json!({
            "customerId": "1234567890", "name": "Brand", "advertisingChannelType": "SEARCH", "budgetId": "5",
            "containsEuPoliticalAdvertising": true,
        }),
    )
    .await;
    assert_eq!(output["id"], "78");
}

#[tokio::test]
async fn campaign_create_checks_its_input_before_sending() {
    let server = MockServer::start().await;
    let base = json!({ "customerId": "1234567890", "name": "X", "advertisingChannelType": "SEARCH", "budgetId": "5" });
    let with = |extra: Value| {
        let mut input = base.clone();
        input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        input
    };
    for (input, says) in [
        (with(json!({ "biddingStrategyType": "TARGET_ROAS" })), "targetRoas"),
        (with(json!({ "biddingStrategyType": "TARGET_CPA" })), "targetCpaMicros"),
        (with(json!({ "startDate": "2025-3-1" })), "startDate"),
        (with(json!({ "budgetId": "customers/1/campaignBudgets/5" })), "budgetId"),
        (with(json!({ "name": "  " })), "name"),
    ] {
        let error = fail(&server, "campaign_create", input).await;
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains(says), "{says}: {}", error.message);
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn campaign_update_masks_the_fields_it_changes() {
    let server = MockServer::start().await;
    ads("POST", "/v26/customers/1234567890/campaigns:mutate")
        .and(matchers::body_json(json!({
            "operations": [{
                "update": {
                    "resourceName": "customers/1234567890/campaigns/42", "name": "Renamed", "status": "ENABLED"
                },
                "updateMask": "name,status",
            }],
            "responseContentType": "MUTABLE_RESOURCE",
        })))
        .respond_with(mutated("customers/1234567890/campaigns/42", "campaign", json!({ "name": "Renamed" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "campaign_update",
        json!({ "customerId": "1234567890", "campaignId": "42", "name": "Renamed", "status": "ENABLED" }),
    )
    .await;
    assert_eq!((output["id"].as_str(), output["campaign"]["name"].as_str()), (Some("42"), Some("Renamed")));
    let error = fail(&server, "campaign_update", json!({ "customerId": "1234567890", "campaignId": "42" })).await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn campaign_update_to_removed_removes_the_campaign() {
    let server = MockServer::start().await;
    ads("POST", "/v26/customers/1234567890/campaigns:mutate")
        .and(matchers::body_json(json!({
            "operations": [{ "remove": "customers/1234567890/campaigns/42" }],
            "responseContentType": "MUTABLE_RESOURCE",
        })))
        .respond_with(ok(json!({ "results": [{ "resourceName": "customers/1234567890/campaigns/42" }] })))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "campaign_update", json!({ "customerId": "1234567890", "campaignId": "42", "status": "REMOVED" }))
            .await;
    assert_eq!(output, json!({ "resourceName": "customers/1234567890/campaigns/42", "id": "42" }));
    let error = fail(
        &server,
        "campaign_update",
        json!({ "customerId": "1234567890", "campaignId": "42", "status": "REMOVED", "name": "X" }),
    )
    .await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn ad_group_create_and_get_all() {
    let server = MockServer::start().await;
    ads("POST", "/v26/customers/1234567890/adGroups:mutate")
        .and(matchers::body_json(json!({
            "operations": [{ "create": {
                "name": "Shoes",
                "campaign": "customers/1234567890/campaigns/42",
                "status": "ENABLED",
                "cpcBidMicros": "1500000",
            }}],
            "responseContentType": "MUTABLE_RESOURCE",
        })))
        .respond_with(mutated("customers/1234567890/adGroups/900", "adGroup", json!({ "id": "900", "name": "Shoes" })))
        .expect(1)
        .mount(&server)
        .await;
    let fields = "ad_group.resource_name, ad_group.id, ad_group.name, ad_group.status, ad_group.type, \
        ad_group.cpc_bid_micros, campaign.id, campaign.name";
    let row = json!({ "adGroup": { "id": "900", "name": "Shoes" }, "campaign": { "id": "42" } });
    search("1234567890", &format!("SELECT {fields} FROM ad_group WHERE campaign.id = 42 ORDER BY ad_group.id"))
        .respond_with(ok(json!({ "results": [row.clone()] })))
        .expect(1)
        .mount(&server)
        .await;
    let created = run(
        &server,
        "ad_group_create",
        json!({ "customerId": "1234567890", "campaignId": "42", "name": "Shoes", "cpcBidMicros": 1500000 }),
    )
    .await;
    assert_eq!(created["id"], "900");
    let listed = run(&server, "ad_group_get_all", json!({ "customerId": "1234567890", "campaignId": "42" })).await;
    assert_eq!(listed, json!([row]));
}

#[tokio::test]
async fn keyword_create_and_get_all() {
    let server = MockServer::start().await;
    ads("POST", "/v26/customers/1234567890/adGroupCriteria:mutate")
        .and(matchers::body_json(json!({
            "operations": [{ "create": {
                "adGroup": "customers/1234567890/adGroups/900",
                "status": "PAUSED",
                "keyword": { "text": "running shoes", "matchType": "PHRASE" },
            }}],
            "responseContentType": "MUTABLE_RESOURCE",
        })))
        .respond_with(mutated(
            "customers/1234567890/adGroupCriteria/900~31",
            "adGroupCriterion",
            json!({ "criterionId": "31" }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let fields = "ad_group_criterion.resource_name, ad_group_criterion.criterion_id, ad_group_criterion.keyword.text, \
        ad_group_criterion.keyword.match_type, ad_group_criterion.status, ad_group_criterion.negative, \
        ad_group_criterion.cpc_bid_micros, ad_group.id, ad_group.name, campaign.id";
    let query = format!(
        "SELECT {fields} FROM ad_group_criterion WHERE ad_group_criterion.type = 'KEYWORD' AND ad_group.id = 900 \
         ORDER BY ad_group_criterion.criterion_id"
    );
    let keyword = json!({ "text": "running shoes", "matchType": "PHRASE" });
    let row = json!({ "adGroupCriterion": { "criterionId": "31", "keyword": keyword } });
    search("1234567890", &query).respond_with(ok(json!({ "results": [row.clone()] }))).expect(1).mount(&server).await;
    let created = run(
        &server,
        "keyword_create",
        json!({
            "customerId": "1234567890", "adGroupId": "900", "keyword": " running shoes ",
            "matchType": "PHRASE", "status": "PAUSED",
        }),
    )
    .await;
    assert_eq!(created["id"], "31");
    let listed = run(&server, "keyword_get_all", json!({ "customerId": "1234567890", "adGroupId": "900" })).await;
    assert_eq!(listed, json!([row]));
}

#[tokio::test]
async fn the_performance_report_covers_a_named_range_with_the_default_metrics() {
    let server = MockServer::start().await;
    let query = "SELECT campaign.id, campaign.name, campaign.status, metrics.impressions, metrics.clicks, \
        metrics.ctr, metrics.average_cpc, metrics.cost_micros, metrics.conversions FROM campaign \
        WHERE segments.date DURING LAST_7_DAYS ORDER BY campaign.id";
    let row = json!({ "campaign": { "id": "42" }, "metrics": { "clicks": "12", "impressions": "340" } });
    search("1234567890", query).respond_with(ok(json!({ "results": [row.clone()] }))).expect(1).mount(&server).await;
    let output =
        run(&server, "report_campaign_performance", json!({ "customerId": "1234567890", "dateRange": "LAST_7_DAYS" }))
            .await;
    assert_eq!(output, json!([row]));
}

#[tokio::test]
async fn the_performance_report_covers_custom_dates_with_the_metrics_asked() {
    let server = MockServer::start().await;
    let query =
        "SELECT campaign.id, campaign.name, campaign.status, metrics.clicks, metrics.cost_micros FROM campaign \
        WHERE segments.date BETWEEN '2025-01-01' AND '2025-01-31' ORDER BY campaign.id";
    search("1234567890", query).respond_with(ok(json!({ "results": [] }))).expect(1).mount(&server).await;
    let output = run(
        &server,
        "report_campaign_performance",
        json!({
            "customerId": "1234567890", "dateRange": "CUSTOM_DATE", "startDate": "2025-01-01", "endDate": "2025-01-31",
            "metrics": ["clicks", "metrics.cost_micros"],
        }),
    )
    .await;
    assert_eq!(output, json!([]));
    for (input, says) in [
        (json!({ "dateRange": "CUSTOM_DATE", "startDate": "2025-01-01" }), "start date and an end date"),
        (json!({ "dateRange": "CUSTOM_DATE", "startDate": "2025-02-01", "endDate": "2025-01-01" }), "after"),
        (
            json!({ "dateRange": "CUSTOM_DATE", "startDate": "2025-01-01' OR '1'='1", "endDate": "2025-01-31" }),
            "startDate",
        ),
        (json!({ "dateRange": "TODAY", "metrics": ["campaign.name"] }), "not a metric"),
        (json!({ "dateRange": "TODAY", "metrics": ["clicks) OR (1"] }), "not a field name"),
    ] {
        let mut input = input;
        input["customerId"] = "1234567890".into();
        let error = fail(&server, "report_campaign_performance", input).await;
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains(says), "{says}: {}", error.message);
    }
}

#[tokio::test]
async fn a_google_ads_failure_names_the_detailed_errors() {
    let server = MockServer::start().await;
    ads("POST", "/v26/customers/1234567890/adGroups:mutate")
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {
                "code": 400,
                "message": "Request contains an invalid argument.",
                "status": "INVALID_ARGUMENT",
                "details": [{
                    "@type": "type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure",
                    "errors": [{
                        "errorCode": { "adGroupError": "DUPLICATE_ADGROUP_NAME" },
                        "message": "AdGroup with the same name already exists for the campaign.",
                    }],
                    "requestId": "r1",
                }],
            }
        })))
        .mount(&server)
        .await;
    let error =
        fail(&server, "ad_group_create", json!({ "customerId": "1234567890", "campaignId": "42", "name": "Shoes" }))
            .await;
    assert_eq!((error.code, error.status), (ErrorCode::InvalidInput, 400));
    assert!(error.message.contains("invalid argument"), "{}", error.message);
    assert!(
        error.message.contains("adGroupError DUPLICATE_ADGROUP_NAME: AdGroup with the same name already exists"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn an_exhausted_quota_is_rate_limited_and_the_developer_token_never_shows() {
    let server = MockServer::start().await;
    ads("POST", "/v26/customers/1234567890/googleAds:search")
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({
            "error": {
                "code": 429,
                "message": format!("Too many requests for developer token {DEVELOPER_TOKEN}."),
                "status": "RESOURCE_EXHAUSTED",
            }
        })))
        .mount(&server)
        .await;
    let credentials = creds();
    let connector = testing::connect::<GoogleAds>(&server, credentials);
    let error = connector.execute("keyword_get_all", json!({ "customerId": "1234567890" })).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited);
    let shown = serde_json::to_string(&error).unwrap();
    assert!(!shown.contains(DEVELOPER_TOKEN), "{shown}");
    assert!(shown.contains("Too many requests"), "{shown}");
}

#[tokio::test]
async fn an_unusable_login_customer_id_is_an_invalid_credential() {
    let server = MockServer::start().await;
    let mut credentials = creds();
    credentials["loginCustomerId"] = "manager".into();
    let error =
        testing::execute::<GoogleAds>(&server, credentials, "ad_group_get_all", json!({ "customerId": "1234567890" }))
            .await
            .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("loginCustomerId"), "{}", error.message);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn test_connection_lists_the_accessible_customers_with_the_developer_token() {
    let server = MockServer::start().await;
    ads("GET", "/v26/customers:listAccessibleCustomers")
        .respond_with(ok(json!({ "resourceNames": ["customers/1234567890", "customers/9998887777"] })))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<GoogleAds>(&server, creds()).test_connection().await.unwrap();
}

#[tokio::test]
async fn a_connection_needs_a_developer_token() {
    let server = MockServer::start().await;
    let error = testing::try_connect::<GoogleAds>(&server, json!({ "authType": "oauth2", "accessToken": TOKEN }))
        .err()
        .expect("no developer token");
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("developerToken"), "{}", error.message);
}
