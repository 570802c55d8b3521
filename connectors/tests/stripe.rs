//! Stripe against a local mock of its API, through the test kit.

use connectors::ecommerce::stripe::Stripe;
use fluxturn_core::testing::wiremock::MockBuilder;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::{Rejection, SignatureError};
use fluxturn_core::{
    Connector, ConnectorSpec, ErrorCode, EventId, Result, SecretSource, SignatureScheme, SubscribeContext,
    Subscription, WebhookReply, WebhookRequest,
};
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};

const KEY: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

/// A mock of `method path` that only answers requests carrying the secret key as a bearer token.
fn stripe(method: &str, path: &str) -> MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path))
        .and(matchers::header("authorization", format!("Bearer {KEY}").as_str()))
}

/// Same, for a form-encoded body.
fn stripe_form(method: &str, path: &str) -> MockBuilder {
    stripe(method, path).and(matchers::header("content-type", "application/x-www-form-urlencoded"))
}

/// Mounts `mock` answering `answer` once, runs `action` with `input`.
async fn run(mock: MockBuilder, answer: Value, action: &str, input: Value) -> (MockServer, Result<Value>) {
    let server = MockServer::start().await;
    mock.respond_with(ResponseTemplate::new(200).set_body_json(answer)).expect(1).mount(&server).await;
    let output = testing::execute::<Stripe>(&server, json!({"secretKey": KEY}), action, input).await;
    (server, output)
}

/// The `name=value` pairs of the one form body the server received, sorted, still encoded.
async fn sent_form(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let body = String::from_utf8(requests[0].body.clone()).unwrap();
    let mut pairs: Vec<String> = body.split('&').filter(|p| !p.is_empty()).map(str::to_owned).collect();
    pairs.sort();
    pairs
}

/// The query string of the one request the server received.
async fn sent_query(server: &MockServer) -> Option<String> {
    server.received_requests().await.unwrap()[0].url.query().map(str::to_owned)
}

fn customer() -> Value {
    json!({"id": "cus_1", "object": "customer", "name": "Jenny Rosen", "email": "jenny@example.com",
           "address": {"city": "Paris", "country": "FR", "line1": null, "line2": null, "postal_code": null, "state": null},
           "created": 1700000000, "livemode": false, "metadata": {}})
}

fn charge() -> Value {
    json!({"id": "ch_1", "object": "charge", "amount": 2000, "currency": "eur", "status": "succeeded",
           "paid": true, "customer": "cus_1", "description": "Order 42", "receipt_email": "jenny@example.com"})
}

fn card() -> Value {
    json!({"id": "card_1", "object": "card", "brand": "Visa", "last4": "4242", "exp_month": 12, "exp_year": 2030,
           "customer": "cus_1"})
}

#[tokio::test]
async fn customer_create_sends_a_form_with_the_nested_address() {
    let (server, output) = run(
        stripe_form("POST", "/v1/customers"),
        customer(),
        "customer_create",
        json!({"name": "Jenny Rosen", "email": "jenny@example.com", "description": "VIP",
               "address": {"city": "Paris", "country": "FR"}}),
    )
    .await;
    assert_eq!(
        sent_form(&server).await,
        [
            "address%5Bcity%5D=Paris",
            "address%5Bcountry%5D=FR",
            "description=VIP",
            "email=jenny%40example.com",
            "name=Jenny+Rosen"
        ]
    );
    let output = output.unwrap();
    assert_eq!(output["id"], "cus_1");
    assert_eq!(output["address"]["city"], "Paris");
}

#[tokio::test]
async fn customer_get_puts_the_id_in_the_path() {
    let (server, output) =
        run(stripe("GET", "/v1/customers/cus_1"), customer(), "customer_get", json!({"customerId": "cus_1"})).await;
    assert_eq!(sent_query(&server).await, None);
    assert_eq!(output.unwrap()["email"], "jenny@example.com");
}

#[tokio::test]
async fn customer_get_all_sends_limit_and_email_as_query() {
    let mock = stripe("GET", "/v1/customers")
        .and(matchers::query_param("limit", "3"))
        .and(matchers::query_param("email", "jenny@example.com"));
    let list = json!({"object": "list", "data": [customer()], "has_more": false, "url": "/v1/customers"});
    let (_server, output) = run(mock, list, "customer_getAll", json!({"limit": 3, "email": "jenny@example.com"})).await;
    let output = output.unwrap();
    assert_eq!(output["data"][0]["id"], "cus_1");
    assert_eq!(output["has_more"], false);
}

#[tokio::test]
async fn customer_update_posts_only_the_given_fields() {
    let (server, output) = run(
        stripe_form("POST", "/v1/customers/cus_1"),
        customer(),
        "customer_update",
        json!({"customerId": "cus_1", "phone": "+33 1 23 45 67 89"}),
    )
    .await;
    assert_eq!(sent_form(&server).await, ["phone=%2B33+1+23+45+67+89"]);
    assert_eq!(output.unwrap()["id"], "cus_1");
}

#[tokio::test]
async fn customer_delete_returns_the_deleted_marker() {
    let (_server, output) = run(
        stripe("DELETE", "/v1/customers/cus_1"),
        json!({"id": "cus_1", "object": "customer", "deleted": true}),
        "customer_delete",
        json!({"customerId": "cus_1"}),
    )
    .await;
    assert_eq!(output.unwrap(), json!({"id": "cus_1", "object": "customer", "deleted": true}));
}

#[tokio::test]
async fn charge_create_maps_receipt_email_and_keeps_the_integer_amount() {
    let (server, output) = run(
        stripe_form("POST", "/v1/charges"),
        charge(),
        "charge_create",
        json!({"amount": 2000, "currency": "eur", "customer": "cus_1", "description": "Order 42",
               "receiptEmail": "jenny@example.com"}),
    )
    .await;
    assert_eq!(
        sent_form(&server).await,
        ["amount=2000", "currency=eur", "customer=cus_1", "description=Order+42", "receipt_email=jenny%40example.com"]
    );
    let output = output.unwrap();
    assert_eq!(output["amount"], 2000);
    assert_eq!(output["status"], "succeeded");
}

#[tokio::test]
async fn charge_get_puts_the_id_in_the_path() {
    let (_server, output) =
        run(stripe("GET", "/v1/charges/ch_1"), charge(), "charge_get", json!({"chargeId": "ch_1"})).await;
    assert_eq!(output.unwrap()["currency"], "eur");
}

#[tokio::test]
async fn charge_get_all_filters_by_customer() {
    let mock = stripe("GET", "/v1/charges")
        .and(matchers::query_param("customer", "cus_1"))
        .and(matchers::query_param_is_missing("limit"));
    let list = json!({"object": "list", "data": [charge()], "has_more": true, "url": "/v1/charges"});
    let (_server, output) = run(mock, list, "charge_getAll", json!({"customer": "cus_1"})).await;
    let output = output.unwrap();
    assert_eq!(output["data"][0]["id"], "ch_1");
    assert_eq!(output["has_more"], true);
}

#[tokio::test]
async fn charge_update_maps_receipt_email() {
    let (server, output) = run(
        stripe_form("POST", "/v1/charges/ch_1"),
        charge(),
        "charge_update",
        json!({"chargeId": "ch_1", "description": "Order 43", "receiptEmail": "a@b.co"}),
    )
    .await;
    assert_eq!(sent_form(&server).await, ["description=Order+43", "receipt_email=a%40b.co"]);
    assert_eq!(output.unwrap()["id"], "ch_1");
}

#[tokio::test]
async fn card_add_sends_the_token_as_source() {
    let (server, output) = run(
        stripe_form("POST", "/v1/customers/cus_1/sources"),
        card(),
        "card_add",
        json!({"customerId": "cus_1", "token": "tok_visa"}),
    )
    .await;
    assert_eq!(sent_form(&server).await, ["source=tok_visa"]);
    assert_eq!(output.unwrap()["last4"], "4242");
}

#[tokio::test]
async fn card_get_puts_both_ids_in_the_path() {
    let (_server, output) = run(
        stripe("GET", "/v1/customers/cus_1/sources/card_1"),
        card(),
        "card_get",
        json!({"customerId": "cus_1", "cardId": "card_1"}),
    )
    .await;
    assert_eq!(output.unwrap()["brand"], "Visa");
}

#[tokio::test]
async fn card_remove_deletes_the_source() {
    let (_server, output) = run(
        stripe("DELETE", "/v1/customers/cus_1/sources/card_1"),
        json!({"id": "card_1", "object": "card", "deleted": true}),
        "card_remove",
        json!({"customerId": "cus_1", "cardId": "card_1"}),
    )
    .await;
    assert_eq!(output.unwrap()["deleted"], true);
}

#[tokio::test]
async fn token_create_nests_the_card_fields() {
    let (server, output) = run(
        stripe_form("POST", "/v1/tokens"),
        json!({"id": "tok_1", "object": "token", "type": "card", "used": false, "card": card()}),
        "token_create",
        json!({"cardNumber": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvc": "123"}),
    )
    .await;
    assert_eq!(
        sent_form(&server).await,
        ["card%5Bcvc%5D=123", "card%5Bexp_month%5D=12", "card%5Bexp_year%5D=2030", "card%5Bnumber%5D=4242424242424242"]
    );
    let output = output.unwrap();
    assert_eq!(output["id"], "tok_1");
    assert_eq!(output["type"], "card");
    assert_eq!(output["card"]["id"], "card_1");
}

#[tokio::test]
async fn balance_get_reads_available_and_pending() {
    let (_server, output) = run(
        stripe("GET", "/v1/balance"),
        json!({"object": "balance", "available": [{"amount": 1500, "currency": "usd", "source_types": {"card": 1500}}],
               "pending": [{"amount": 0, "currency": "usd"}], "livemode": false}),
        "balance_get",
        json!({}),
    )
    .await;
    let output = output.unwrap();
    assert_eq!(output["available"][0], json!({"amount": 1500, "currency": "usd"}));
}

#[tokio::test]
async fn test_connection_reads_the_balance() {
    let server = MockServer::start().await;
    stripe("GET", "/v1/balance")
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"object": "balance", "available": [], "pending": []})),
        )
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<Stripe>(&server, json!({"secretKey": KEY})).test_connection().await.unwrap();
}

#[tokio::test]
async fn a_declined_card_and_a_bad_key_are_reported_with_stripes_message() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/v1/charges"))
        .respond_with(ResponseTemplate::new(402).set_body_json(
            json!({"error": {"type": "card_error", "code": "card_declined", "message": "Your card was declined."}}),
        ))
        .mount(&server)
        .await;
    Mock::given(matchers::path("/v1/balance"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": {"type": "invalid_request_error", "message": "Invalid API Key provided: sk_test_****"}}),
        ))
        .mount(&server)
        .await;
    let creds = json!({"secretKey": KEY});
    let declined = testing::execute::<Stripe>(
        &server,
        creds.clone(),
        "charge_create",
        json!({"amount": 100, "currency": "usd", "source": "tok_chargeDeclined"}),
    )
    .await
    .unwrap_err();
    assert_eq!(declined.status, 402);
    assert_eq!(declined.message, "the upstream answered 402: Your card was declined.");
    let unauthorized = testing::execute::<Stripe>(&server, creds, "balance_get", json!({})).await.unwrap_err();
    assert_eq!(unauthorized.code, ErrorCode::Unauthorized);
}

#[tokio::test]
async fn a_currency_outside_the_list_never_reaches_stripe() {
    let server = MockServer::start().await;
    let error = testing::execute::<Stripe>(
        &server,
        json!({"secretKey": KEY}),
        "charge_create",
        json!({"amount": 100, "currency": "chf"}),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

// -------------------------------------------------------------------------------------------
// Webhook triggers: deliveries signed with the endpoint's `whsec_` secret, run as the server does.
// -------------------------------------------------------------------------------------------

/// The signing secret Stripe returns when FluxTurn creates the webhook endpoint.
const ENDPOINT_SECRET: &str = "whsec_test_only_endpoint_secret";

/// The body of event `evt_1` of type `event_type`, spaced as no serializer would.
fn event_body(event_type: &str, object: Value) -> String {
    testing::oddly_spaced(&json!({"id": "evt_1", "object": "event", "type": event_type, "created": 1700000000,
                                   "livemode": false, "api_version": "2024-06-20", "data": {"object": object}}))
}

/// Event `evt_1`, signed as Stripe signs it now.
fn event(event_type: &str, object: Value) -> WebhookRequest {
    let headers = [("Content-Type", "application/json; charset=utf-8")];
    testing::signed(SignatureScheme::Stripe, event_body(event_type, object), headers, ENDPOINT_SECRET)
}

/// Delivers `request` to `trigger` as the server does, with the endpoint's secret.
async fn deliver(
    stripe: &Stripe,
    trigger: &str,
    request: WebhookRequest,
) -> std::result::Result<WebhookReply<Value>, Rejection> {
    testing::deliver(stripe, trigger, json!({}), json!({"secretKey": KEY}), Some(ENDPOINT_SECRET), request).await
}

/// The events of a delivery that must be accepted.
async fn events(stripe: &Stripe, trigger: &str, request: WebhookRequest) -> Vec<Value> {
    deliver(stripe, trigger, request).await.expect("the delivery is accepted").events
}

#[test]
fn every_trigger_verifies_stripe_with_the_endpoint_secret_and_dedupes_on_the_event_id() {
    for trigger in connectors::registry().get("stripe").expect("registered").triggers() {
        assert_eq!(trigger.verify, Some(SignatureScheme::Stripe), "{}", trigger.id);
        assert_eq!(trigger.secret, Some(SecretSource::Generated), "{}", trigger.id);
        assert_eq!(trigger.event_id, Some(EventId::Body("/id")), "{}", trigger.id);
    }
}

#[tokio::test]
async fn webhook_triggers_emit_their_event_type_only() {
    let server = MockServer::start().await;
    let stripe = testing::connect::<Stripe>(&server, json!({"secretKey": KEY}));
    let found = events(&stripe, "charge_succeeded", event("charge.succeeded", charge())).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["type"], "charge.succeeded");
    assert_eq!(found[0]["data"]["object"]["amount"], 2000);

    let other = events(&stripe, "charge_failed", event("charge.succeeded", charge())).await;
    assert!(other.is_empty(), "a charge.succeeded event is not a failed charge");

    let intent = json!({"id": "pi_1", "object": "payment_intent", "amount": 500, "currency": "usd",
                        "status": "requires_payment_method", "last_payment_error": {"code": "card_declined", "message": "declined"}});
    let failed = events(&stripe, "payment_intent_failed", event("payment_intent.payment_failed", intent)).await;
    assert_eq!(failed[0]["data"]["object"]["last_payment_error"]["code"], "card_declined");

    let created = events(&stripe, "customer_created", event("customer.created", customer())).await;
    assert_eq!(created[0]["data"]["object"]["id"], "cus_1");
}

#[tokio::test]
async fn a_tampered_body_a_wrong_secret_or_a_stale_timestamp_is_refused() {
    let server = MockServer::start().await;
    let stripe = testing::connect::<Stripe>(&server, json!({"secretKey": KEY}));

    let mut tampered = event("charge.succeeded", charge());
    tampered.body = String::from_utf8_lossy(&tampered.body).replace("2000", "2").into_bytes().into();
    let refused = deliver(&stripe, "charge_succeeded", tampered).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");

    let body = event_body("charge.succeeded", charge());
    let wrong = testing::signed(SignatureScheme::Stripe, body.clone(), [], "whsec_test_only_another_secret");
    let refused = deliver(&stripe, "charge_succeeded", wrong).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");

    let ten_minutes_ago = SystemTime::now() - Duration::from_secs(600);
    let stale = testing::signed_at(SignatureScheme::Stripe, body, [], ENDPOINT_SECRET, ten_minutes_ago);
    let refused = deliver(&stripe, "charge_succeeded", stale).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Stale { .. }))), "{refused:?}");
}

#[tokio::test]
async fn an_endpoint_never_created_has_no_secret_and_accepts_nothing() {
    let server = MockServer::start().await;
    let stripe = testing::connect::<Stripe>(&server, json!({"secretKey": KEY}));
    let request = event("charge.succeeded", charge());
    let refused =
        testing::deliver(&stripe, "charge_succeeded", json!({}), json!({"secretKey": KEY}), None, request).await;
    assert!(matches!(refused, Err(Rejection::NoSecret(_))), "{refused:?}");
}

#[test]
fn the_declared_event_id_is_the_stripe_event_id() {
    let meta = testing::trigger_meta::<Stripe>("charge_succeeded").expect("declared");
    let ids = meta.event_id.expect("declared").ids(Some(&event("charge.succeeded", charge())), &[json!({})]);
    assert_eq!(ids, [Some("evt_1".to_owned())]);
}

#[test]
fn the_definition_declares_every_trigger_with_stripes_event_type() {
    let definition = Stripe::definition();
    let triggers: Vec<(&str, &str)> =
        definition.supported_triggers.iter().map(|t| (t.id.as_str(), t.event_type.as_str())).collect();
    assert_eq!(
        triggers,
        [
            ("charge_succeeded", "charge.succeeded"),
            ("charge_failed", "charge.failed"),
            ("customer_created", "customer.created"),
            ("customer_updated", "customer.updated"),
            ("customer_deleted", "customer.deleted"),
            ("payment_intent_succeeded", "payment_intent.succeeded"),
            ("payment_intent_failed", "payment_intent.payment_failed"),
        ]
    );
    assert_eq!(definition.supported_actions.len(), 14);
}

// ---------------------------------------------------------------------------------------------
// Registering the webhook endpoint
// ---------------------------------------------------------------------------------------------

const HOOK_URL: &str = "https://flux.example/webhooks/stripe/abc";

fn connector(server: &MockServer) -> Stripe {
    testing::connect::<Stripe>(server, json!({"secretKey": KEY}))
}

fn context() -> SubscribeContext {
    SubscribeContext { webhook_url: HOOK_URL.to_owned(), secret: "generated-but-unused".to_owned() }
}

fn endpoint(secret: Option<&str>) -> Value {
    json!({
        "id": "we_1Mr5jULkdIwHu7ix1ibLTM0x", "object": "webhook_endpoint", "api_version": null,
        "enabled_events": ["charge.succeeded"], "livemode": false, "status": "enabled",
        "url": HOOK_URL, "secret": secret
    })
}

#[tokio::test]
async fn subscribe_creates_an_endpoint_for_the_triggers_event_and_keeps_stripes_secret() {
    let server = MockServer::start().await;
    stripe_form("POST", "/v1/webhook_endpoints")
        .respond_with(ResponseTemplate::new(200).set_body_json(endpoint(Some("whsec_abc123"))))
        .expect(1)
        .mount(&server)
        .await;
    let subscription = connector(&server).subscribe("charge_succeeded", json!({}), context()).await.unwrap().unwrap();
    assert_eq!(
        sent_form(&server).await,
        ["enabled_events%5B%5D=charge.succeeded", "url=https%3A%2F%2Fflux.example%2Fwebhooks%2Fstripe%2Fabc"]
    );
    assert_eq!(subscription.upstream_id, "we_1Mr5jULkdIwHu7ix1ibLTM0x");
    assert_eq!(subscription.secret.as_deref(), Some("whsec_abc123"));
    assert_eq!(subscription.expires_at, None);
}

#[tokio::test]
async fn every_trigger_subscribes_to_its_own_event_type() {
    for (trigger, event) in [
        ("charge_failed", "charge.failed"),
        ("customer_created", "customer.created"),
        ("customer_updated", "customer.updated"),
        ("customer_deleted", "customer.deleted"),
        ("payment_intent_succeeded", "payment_intent.succeeded"),
        ("payment_intent_failed", "payment_intent.payment_failed"),
    ] {
        let server = MockServer::start().await;
        stripe_form("POST", "/v1/webhook_endpoints")
            .respond_with(ResponseTemplate::new(200).set_body_json(endpoint(Some("whsec_x"))))
            .expect(1)
            .mount(&server)
            .await;
        connector(&server).subscribe(trigger, json!({}), context()).await.unwrap().unwrap();
        assert!(sent_form(&server).await.contains(&format!("enabled_events%5B%5D={event}")), "{trigger}");
    }
}

#[tokio::test]
async fn a_refused_endpoint_names_stripes_answer() {
    let server = MockServer::start().await;
    stripe_form("POST", "/v1/webhook_endpoints")
        .respond_with(stripe_error(401, "Invalid API Key provided: sk_test_****1234"))
        .expect(1)
        .mount(&server)
        .await;
    let error = connector(&server).subscribe("customer_created", json!({}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert_eq!(
        error.message,
        "Stripe refused to create the webhook endpoint: the upstream answered 401: Invalid API Key provided: sk_test_****1234"
    );
}

#[tokio::test]
async fn an_endpoint_without_its_secret_is_removed_and_an_error() {
    let server = MockServer::start().await;
    stripe_form("POST", "/v1/webhook_endpoints")
        .respond_with(ResponseTemplate::new(200).set_body_json(endpoint(None)))
        .expect(1)
        .mount(&server)
        .await;
    stripe("DELETE", "/v1/webhook_endpoints/we_1Mr5jULkdIwHu7ix1ibLTM0x")
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "we_1Mr5jULkdIwHu7ix1ibLTM0x", "deleted": true})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let error = connector(&server).subscribe("charge_succeeded", json!({}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidResponse);
}

fn subscription() -> Subscription {
    Subscription { secret: Some("whsec_abc123".into()), ..Subscription::new("we_1Mr5jULkdIwHu7ix1ibLTM0x") }
}

#[tokio::test]
async fn unsubscribe_deletes_the_endpoint() {
    let server = MockServer::start().await;
    stripe("DELETE", "/v1/webhook_endpoints/we_1Mr5jULkdIwHu7ix1ibLTM0x")
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "we_1Mr5jULkdIwHu7ix1ibLTM0x", "deleted": true})),
        )
        .expect(1)
        .mount(&server)
        .await;
    connector(&server).unsubscribe("charge_succeeded", json!({}), subscription()).await.unwrap();
}

#[tokio::test]
async fn unsubscribe_of_an_endpoint_already_deleted_is_ok() {
    let server = MockServer::start().await;
    stripe("DELETE", "/v1/webhook_endpoints/we_1Mr5jULkdIwHu7ix1ibLTM0x")
        .respond_with(stripe_error(404, "No such webhook endpoint: 'we_1Mr5jULkdIwHu7ix1ibLTM0x'"))
        .expect(1)
        .mount(&server)
        .await;
    connector(&server).unsubscribe("customer_deleted", json!({}), subscription()).await.unwrap();
}

/// Stripe's error answer.
fn stripe_error(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"error": {"message": message, "type": "invalid_request_error"}}))
}
