//! WooCommerce against a local mock of its REST API v3.

use connectors::ecommerce::woocommerce::{store_address, Woocommerce};
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::Rejection;
use fluxturn_core::{
    Connector, ErrorCode, EventId, SecretSource, SignatureScheme, SubscribeContext, Subscription, WebhookReply,
    WebhookRequest,
};
use serde_json::{json, Value};

const KEY: &str = "ck_test_0123456789abcdef";
const SECRET_KEY: &str = "cs_test_fedcba9876543210";
/// `base64("ck_test_0123456789abcdef:cs_test_fedcba9876543210")`.
const BASIC: &str = "Basic Y2tfdGVzdF8wMTIzNDU2Nzg5YWJjZGVmOmNzX3Rlc3RfZmVkY2JhOTg3NjU0MzIxMA==";
const API: &str = "/wp-json/wc/v3";

fn credentials() -> Value {
    json!({"domain": "shop.example.com", "password": SECRET_KEY, "username": KEY})
}

/// The connector against the mock, its API at `/wp-json/wc/v3` as a store's is.
fn store(server: &MockServer) -> Woocommerce {
    testing::connect_at::<Woocommerce>(&format!("{}{API}", server.uri()), credentials())
}

/// A mock of `method {API}path` that checks the key and secret are sent as basic auth.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(format!("{API}{path}")))
        .and(matchers::header("authorization", BASIC))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn created(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(body)
}

/// WooCommerce's error body.
fn wc_error(status: u16, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"code": code, "message": message, "data": {"status": status}}))
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    store(server).execute(action, input).await
}

/// The JSON bodies of the requests the server received, in order, with their method and path.
async fn requests(server: &MockServer) -> Vec<(String, String, Value)> {
    let received = server.received_requests().await.unwrap();
    received
        .iter()
        .map(|r| {
            let body = if r.body.is_empty() { Value::Null } else { serde_json::from_slice(&r.body).unwrap() };
            (r.method.to_string(), r.url.path().to_owned(), body)
        })
        .collect()
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("woocommerce").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "get_order",
            "create_product",
            "create_customer",
            "create_order",
            "update_stock",
            "create_coupon",
            "create_category"
        ] as [&str; 7]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        triggers,
        ["order_created", "order_updated", "product_created", "customer_created", "coupon_created"] as [&str; 5]
    );
    let keys: Vec<&str> = definition.auth_fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["username", "password", "domain"]);
    assert_eq!(definition.auth_type, "basic_auth");
}

// ---------------------------------------------------------------------------------------------
// The store's address
// ---------------------------------------------------------------------------------------------

#[test]
fn a_store_address_is_normalised() {
    for (typed, expected) in [
        ("shop.example.com", "shop.example.com"),
        (" https://Shop.Example.com/ ", "shop.example.com"),
        ("HTTPS://shop.example.com//", "shop.example.com"),
        ("example.com/store", "example.com/store"),
        ("https://example.com/store/wp-json/wc/v3/", "example.com/store"),
        ("https://example.com/wp-json", "example.com"),
        ("shop.example.com:8443", "shop.example.com:8443"),
    ] {
        assert_eq!(store_address(typed).unwrap(), expected, "{typed:?}");
    }
}

#[test]
fn a_bad_store_address_is_refused_clearly() {
    for refused in [
        "",
        "   ",
        "http://shop.example.com",
        "ftp://shop.example.com",
        "shop example.com",
        "shop.example.com?x=1",
        "user@shop.example.com",
        "https://",
        "shop.example.com#top",
    ] {
        let error = store_address(refused).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidCredentials, "{refused:?}");
        assert!(error.message.contains("`domain`"), "{}", error.message);
    }
    let error = store_address("http://shop.example.com").unwrap_err();
    assert!(error.message.contains("HTTPS"), "{}", error.message);
}

#[tokio::test]
async fn a_bad_domain_refuses_the_connection_without_showing_the_secret() {
    let server = MockServer::start().await;
    let mut credentials = credentials();
    credentials["domain"] = json!("http://shop.example.com");
    let error = testing::try_connect::<Woocommerce>(&server, credentials).err().expect("refused");
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(!error.message.contains(SECRET_KEY));
}

#[tokio::test]
async fn the_base_url_holds_the_normalised_address() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/example.com/store/wp-json/wc/v3/orders"))
        .and(matchers::header("authorization", BASIC))
        .respond_with(ok(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let mut credentials = credentials();
    credentials["domain"] = json!("https://Example.com/store/");
    let template = format!("{}/{{domain}}{API}", server.uri());
    testing::connect_at::<Woocommerce>(&template, credentials).test_connection().await.unwrap();
}

#[tokio::test]
async fn test_connection_lists_one_order_with_basic_auth() {
    let server = MockServer::start().await;
    upstream("GET", "/orders")
        .and(matchers::query_param("per_page", "1"))
        .respond_with(ok(json!([{"id": 1}])))
        .expect(1)
        .mount(&server)
        .await;
    store(&server).test_connection().await.unwrap();
}

#[tokio::test]
async fn a_refused_key_is_unauthorized_and_never_shown() {
    let server = MockServer::start().await;
    upstream("GET", "/orders")
        .respond_with(wc_error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."))
        .mount(&server)
        .await;
    let error = store(&server).test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(error.message.contains("Sorry, you cannot list resources."), "{}", error.message);
    assert!(!error.message.contains(SECRET_KEY));
}

// ---------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_order_reads_the_order() {
    let server = MockServer::start().await;
    let order = json!({"id": 727, "status": "processing", "total": "29.35", "line_items": []});
    upstream("GET", "/orders/727").respond_with(ok(order.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_order", json!({"orderId": " 727 "})).await.unwrap(), order);
}

#[tokio::test]
async fn get_order_of_a_missing_order_is_not_found_with_woocommerces_message() {
    let server = MockServer::start().await;
    upstream("GET", "/orders/9")
        .respond_with(wc_error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID."))
        .mount(&server)
        .await;
    let error = run(&server, "get_order", json!({"orderId": "9"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("get the order"), "{}", error.message);
    assert!(error.message.contains("Invalid ID."), "{}", error.message);
}

#[tokio::test]
async fn get_order_refuses_an_id_that_is_not_a_number_before_any_request() {
    let server = MockServer::start().await;
    let error = run(&server, "get_order", json!({"orderId": "../customers"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn create_product_sends_a_simple_product_with_its_category_looked_up_by_name() {
    let server = MockServer::start().await;
    upstream("GET", "/products/categories")
        .and(matchers::query_param("search", "clothing"))
        .respond_with(ok(json!([{"id": 3, "name": "Clothing accessories"}, {"id": 9, "name": "Clothing"}])))
        .expect(1)
        .mount(&server)
        .await;
    let product = json!({"id": 794, "name": "Premium Quality", "regular_price": "21.99"});
    upstream("POST", "/products")
        .and(matchers::body_json(json!({
            "name": "Premium Quality",
            "type": "simple",
            "description": "Soft cotton",
            "regular_price": "21.99",
            "sku": "PQ-1",
            "manage_stock": true,
            "stock_quantity": 12,
            "images": [{"src": "https://cdn.example/a.jpg"}, {"id": 42}],
            "categories": [{"id": 9}]
        })))
        .respond_with(created(product.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({
        "name": "Premium Quality", "description": "Soft cotton", "price": 21.99, "sku": "PQ-1",
        "inventory": 12, "category": "clothing", "images": ["https://cdn.example/a.jpg", {"id": 42}]
    });
    assert_eq!(run(&server, "create_product", input).await.unwrap(), product);
}

#[tokio::test]
async fn create_product_with_only_a_name_and_a_numeric_category() {
    let server = MockServer::start().await;
    upstream("POST", "/products")
        .and(matchers::body_json(json!({"name": "Mug", "type": "simple", "categories": [{"id": 15}]})))
        .respond_with(created(json!({"id": 1})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "create_product", json!({"name": "Mug", "category": "15"})).await.unwrap()["id"], 1);
}

#[tokio::test]
async fn create_product_with_an_unknown_category_name_creates_nothing() {
    let server = MockServer::start().await;
    upstream("GET", "/products/categories").respond_with(ok(json!([]))).mount(&server).await;
    let error = run(&server, "create_product", json!({"name": "Mug", "category": "Nope"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("Nope"), "{}", error.message);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn create_product_refuses_a_fractional_inventory() {
    let server = MockServer::start().await;
    let error = run(&server, "create_product", json!({"name": "Mug", "inventory": 1.5})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn a_duplicate_sku_is_invalid_input_with_woocommerces_message() {
    let server = MockServer::start().await;
    upstream("POST", "/products")
        .respond_with(wc_error(400, "product_invalid_sku", "Invalid or duplicated SKU."))
        .mount(&server)
        .await;
    let error = run(&server, "create_product", json!({"name": "Mug", "sku": "PQ-1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("Invalid or duplicated SKU."), "{}", error.message);
    assert!(error.message.contains("create the product"), "{}", error.message);
}

#[tokio::test]
async fn create_customer_sends_names_and_the_billing_phone() {
    let server = MockServer::start().await;
    let customer = json!({"id": 25, "email": "john.doe@example.com", "first_name": "John"});
    upstream("POST", "/customers")
        .and(matchers::body_json(json!({
            "email": "john.doe@example.com",
            "first_name": "John",
            "last_name": "Doe",
            "billing": {"phone": "(555) 555-5555"}
        })))
        .respond_with(created(customer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input =
        json!({"email": "john.doe@example.com", "firstName": "John", "lastName": "Doe", "phone": "(555) 555-5555"});
    assert_eq!(run(&server, "create_customer", input).await.unwrap(), customer);
}

#[tokio::test]
async fn create_customer_with_a_taken_email_is_invalid_input() {
    let server = MockServer::start().await;
    upstream("POST", "/customers")
        .and(matchers::body_json(json!({"email": "taken@example.com"})))
        .respond_with(wc_error(
            400,
            "registration-error-email-exists",
            "An account is already registered with your email address.",
        ))
        .mount(&server)
        .await;
    let error = run(&server, "create_customer", json!({"email": "taken@example.com"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("already registered"), "{}", error.message);
}

#[tokio::test]
async fn create_order_sends_the_customer_and_line_items() {
    let server = MockServer::start().await;
    let order = json!({"id": 727, "status": "pending", "customer_id": 25});
    upstream("POST", "/orders")
        .and(matchers::body_json(json!({
            "customer_id": 25,
            "line_items": [
                {"product_id": 93, "quantity": 2},
                {"product_id": 22, "variation_id": 23, "quantity": 1}
            ]
        })))
        .respond_with(created(order.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({
        "customerId": "25",
        "items": [{"product_id": 93, "quantity": 2}, {"productId": "22", "variationId": 23, "quantity": "1"}]
    });
    assert_eq!(run(&server, "create_order", input).await.unwrap(), order);
}

#[tokio::test]
async fn create_order_refuses_items_that_name_no_product() {
    let server = MockServer::start().await;
    for items in [json!([]), json!([{"quantity": 1}]), json!(["93"])] {
        let error = run(&server, "create_order", json!({"items": items})).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput, "{items}");
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn update_stock_sets_the_quantity_by_default() {
    let server = MockServer::start().await;
    let product = json!({"id": 794, "manage_stock": true, "stock_quantity": 40});
    upstream("PUT", "/products/794")
        .and(matchers::body_json(json!({"manage_stock": true, "stock_quantity": 40})))
        .respond_with(ok(product.clone()))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "update_stock", json!({"productId": "794", "quantity": 40})).await.unwrap(), product);
    assert_eq!(requests(&server).await.len(), 1, "set reads nothing first");
}

#[tokio::test]
async fn update_stock_increments_and_decrements_the_current_stock() {
    for (operation, expected) in [("increment", 15), ("decrement", 7)] {
        let server = MockServer::start().await;
        upstream("GET", "/products/794")
            .respond_with(ok(json!({"id": 794, "manage_stock": true, "stock_quantity": 11})))
            .expect(1)
            .mount(&server)
            .await;
        upstream("PUT", "/products/794")
            .and(matchers::body_json(json!({"manage_stock": true, "stock_quantity": expected})))
            .respond_with(ok(json!({"id": 794, "stock_quantity": expected})))
            .expect(1)
            .mount(&server)
            .await;
        let input = json!({"productId": "794", "quantity": 4, "operation": operation});
        assert_eq!(run(&server, "update_stock", input).await.unwrap()["stock_quantity"], expected, "{operation}");
    }
}

#[tokio::test]
async fn update_stock_of_an_unmanaged_product_counts_from_zero() {
    let server = MockServer::start().await;
    upstream("GET", "/products/5")
        .respond_with(ok(json!({"id": 5, "manage_stock": false, "stock_quantity": null})))
        .mount(&server)
        .await;
    upstream("PUT", "/products/5")
        .and(matchers::body_json(json!({"manage_stock": true, "stock_quantity": 3})))
        .respond_with(ok(json!({"id": 5, "stock_quantity": 3})))
        .expect(1)
        .mount(&server)
        .await;
    run(&server, "update_stock", json!({"productId": "5", "quantity": 3, "operation": "increment"})).await.unwrap();
}

#[tokio::test]
async fn update_stock_of_a_missing_product_is_not_found_and_writes_nothing() {
    let server = MockServer::start().await;
    upstream("GET", "/products/5")
        .respond_with(wc_error(404, "woocommerce_rest_product_invalid_id", "Invalid ID."))
        .mount(&server)
        .await;
    let input = json!({"productId": "5", "quantity": 3, "operation": "decrement"});
    let error = run(&server, "update_stock", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn update_stock_refuses_a_negative_or_fractional_quantity() {
    let server = MockServer::start().await;
    for quantity in [json!(-1), json!(2.5)] {
        let error = run(&server, "update_stock", json!({"productId": "5", "quantity": quantity})).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn create_coupon_maps_the_type_to_woocommerces_discount_type() {
    for (kind, discount_type, value, amount) in
        [("percentage", "percent", json!(10), "10"), ("fixed_amount", "fixed_cart", json!(5.5), "5.5")]
    {
        let server = MockServer::start().await;
        let coupon = json!({"id": 719, "code": "SAVE", "discount_type": discount_type, "amount": amount});
        upstream("POST", "/coupons")
            .and(matchers::body_json(json!({
                "code": "SAVE", "discount_type": discount_type, "amount": amount, "description": "Spring sale"
            })))
            .respond_with(created(coupon.clone()))
            .expect(1)
            .mount(&server)
            .await;
        let input = json!({"code": "SAVE", "type": kind, "value": value, "description": "Spring sale"});
        assert_eq!(run(&server, "create_coupon", input).await.unwrap(), coupon);
    }
}

#[tokio::test]
async fn create_coupon_refuses_more_than_a_hundred_percent() {
    let server = MockServer::start().await;
    let input = json!({"code": "ALL", "type": "percentage", "value": 150});
    assert_eq!(run(&server, "create_coupon", input).await.unwrap_err().code, ErrorCode::InvalidInput);
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn create_category_sends_the_parent_as_a_number() {
    let server = MockServer::start().await;
    let category = json!({"id": 10, "name": "Shirts", "parent": 9});
    upstream("POST", "/products/categories")
        .and(matchers::body_json(json!({"name": "Shirts", "description": "All shirts", "parent": 9})))
        .respond_with(created(category.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"name": "Shirts", "description": "All shirts", "parentId": "9"});
    assert_eq!(run(&server, "create_category", input).await.unwrap(), category);
}

#[tokio::test]
async fn create_category_that_exists_is_invalid_input() {
    let server = MockServer::start().await;
    upstream("POST", "/products/categories")
        .and(matchers::body_json(json!({"name": "Shirts"})))
        .respond_with(wc_error(400, "term_exists", "A term with the name provided already exists with this parent."))
        .mount(&server)
        .await;
    let error = run(&server, "create_category", json!({"name": "Shirts"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("already exists"), "{}", error.message);
}

// ---------------------------------------------------------------------------------------------
// Webhook triggers
// ---------------------------------------------------------------------------------------------

const TRIGGERS: [(&str, &str); 5] = [
    ("order_created", "order.created"),
    ("order_updated", "order.updated"),
    ("product_created", "product.created"),
    ("customer_created", "customer.created"),
    ("coupon_created", "coupon.created"),
];

/// The secret FluxTurn generated when it created the webhook.
const HOOK_SECRET: &str = "test-only-woocommerce-webhook-secret";
const DELIVERY: &str = "4f8a7c1e-delivery";

/// A delivery of `topic`, spaced as no serializer would, signed as WooCommerce signs it.
fn delivery(topic: &str, payload: &Value, secret: &str) -> WebhookRequest {
    let (resource, event) = topic.split_once('.').unwrap();
    let headers = [
        ("Content-Type", "application/json"),
        ("X-WC-Webhook-Source", "https://shop.example.com/"),
        ("X-WC-Webhook-Topic", topic),
        ("X-WC-Webhook-Resource", resource),
        ("X-WC-Webhook-Event", event),
        ("X-WC-Webhook-ID", "31"),
        ("X-WC-Webhook-Delivery-ID", DELIVERY),
    ];
    testing::signed(SignatureScheme::WooCommerce, testing::oddly_spaced(payload), headers, secret)
}

async fn deliver(
    connector: &Woocommerce,
    trigger: &str,
    request: WebhookRequest,
) -> Result<WebhookReply<Value>, Rejection> {
    testing::deliver(connector, trigger, json!({}), credentials(), Some(HOOK_SECRET), request).await
}

#[test]
fn every_trigger_verifies_woocommerce_with_the_generated_secret_and_dedupes_on_the_delivery() {
    let triggers = connectors::registry().get("woocommerce").expect("registered").triggers();
    assert_eq!(triggers.len(), 5);
    for trigger in triggers {
        assert!(trigger.webhook, "{}", trigger.id);
        assert_eq!(trigger.verify, Some(SignatureScheme::WooCommerce), "{}", trigger.id);
        assert_eq!(trigger.secret, Some(SecretSource::Generated), "{}", trigger.id);
        assert_eq!(trigger.event_id, Some(EventId::Header("X-WC-Webhook-Delivery-ID")), "{}", trigger.id);
    }
    let meta = testing::trigger_meta::<Woocommerce>("order_created").expect("declared");
    let request = delivery("order.created", &json!({"id": 1}), HOOK_SECRET);
    assert_eq!(meta.event_id.unwrap().ids(Some(&request), &[json!({})]), [Some(DELIVERY.to_owned())]);
}

#[tokio::test]
async fn a_signed_delivery_is_the_event_and_a_tampered_one_is_refused() {
    let server = MockServer::start().await;
    let connector = store(&server);
    for (trigger, topic) in TRIGGERS {
        let payload = json!({"id": 727, "status": "processing", "topic_of_test": topic, "total": "29.35"});
        let reply = deliver(&connector, trigger, delivery(topic, &payload, HOOK_SECRET)).await.unwrap();
        assert_eq!(reply.events, std::slice::from_ref(&payload), "{trigger}");
        assert_eq!(reply.response, None);

        let mut tampered = delivery(topic, &payload, HOOK_SECRET);
        tampered.body = testing::oddly_spaced(&json!({"id": 727, "status": "refunded", "total": "0.00"})).into();
        let refused = deliver(&connector, trigger, tampered).await;
        assert!(matches!(refused, Err(Rejection::Unverified(_))), "{trigger}: {refused:?}");

        let wrong_secret = delivery(topic, &payload, "another-secret");
        let refused = deliver(&connector, trigger, wrong_secret).await;
        assert!(matches!(refused, Err(Rejection::Unverified(_))), "{trigger}: {refused:?}");
    }
    assert!(requests(&server).await.is_empty(), "a delivery calls nothing");
}

#[tokio::test]
async fn an_unsigned_delivery_and_one_never_subscribed_are_refused() {
    let server = MockServer::start().await;
    let connector = store(&server);
    let unsigned = WebhookRequest::post(r#"{"id": 1}"#, [("X-WC-Webhook-Topic", "order.created")]);
    let refused = deliver(&connector, "order_created", unsigned).await;
    assert!(matches!(refused, Err(Rejection::Unverified(_))), "{refused:?}");
    // WooCommerce's ping of a new webhook (`webhook_id=N`) carries no signature: refused too.
    let ping = WebhookRequest::post("webhook_id=31", [("Content-Type", "application/x-www-form-urlencoded")]);
    let refused = deliver(&connector, "order_created", ping).await;
    assert!(matches!(refused, Err(Rejection::Unverified(_))), "{refused:?}");

    let request = delivery("order.created", &json!({"id": 1}), HOOK_SECRET);
    let refused = testing::deliver(&connector, "order_created", json!({}), credentials(), None, request).await;
    assert!(matches!(refused, Err(Rejection::NoSecret(_))), "{refused:?}");
}

#[tokio::test]
async fn a_signed_delivery_of_another_topic_or_a_signed_ping_gives_no_event() {
    let server = MockServer::start().await;
    let connector = store(&server);
    let other = delivery("order.updated", &json!({"id": 1}), HOOK_SECRET);
    assert_eq!(deliver(&connector, "order_created", other).await.unwrap(), WebhookReply::events(vec![]));
    let ping = testing::signed(SignatureScheme::WooCommerce, "webhook_id=31", [], HOOK_SECRET);
    assert_eq!(deliver(&connector, "order_created", ping).await.unwrap(), WebhookReply::events(vec![]));
}

// ---------------------------------------------------------------------------------------------
// Registering the webhook
// ---------------------------------------------------------------------------------------------

const HOOK_URL: &str = "https://flux.example/webhooks/woocommerce/abc";

fn context() -> SubscribeContext {
    SubscribeContext { webhook_url: HOOK_URL.to_owned(), secret: HOOK_SECRET.to_owned() }
}

fn webhook_body(topic: &str) -> Value {
    json!({
        "name": format!("FluxTurn: {topic}"),
        "topic": topic,
        "delivery_url": HOOK_URL,
        "secret": HOOK_SECRET,
        "status": "active"
    })
}

fn listed_webhook(id: u64, topic: &str, url: &str) -> Value {
    json!({"id": id, "name": "x", "status": "active", "topic": topic, "resource": "order", "event": "created",
           "delivery_url": url, "api_version": "wp_api_v3"})
}

#[tokio::test]
async fn subscribe_creates_a_webhook_for_each_triggers_topic() {
    for (index, (trigger, topic)) in TRIGGERS.into_iter().enumerate() {
        let server = MockServer::start().await;
        upstream("GET", "/webhooks")
            .and(matchers::query_param("per_page", "100"))
            .respond_with(ok(json!([
                listed_webhook(1, topic, "https://elsewhere.example/hook"),
                listed_webhook(2, "order.deleted", HOOK_URL)
            ])))
            .expect(1)
            .mount(&server)
            .await;
        let id = 100 + index as u64;
        upstream("POST", "/webhooks")
            .and(matchers::body_json(webhook_body(topic)))
            .respond_with(created(listed_webhook(id, topic, HOOK_URL)))
            .expect(1)
            .mount(&server)
            .await;
        let subscription = store(&server).subscribe(trigger, json!({}), context()).await.unwrap().unwrap();
        assert_eq!(subscription.upstream_id, id.to_string(), "{trigger}");
        assert_eq!(subscription.secret, None, "WooCommerce keeps the secret FluxTurn chose");
    }
}

#[tokio::test]
async fn subscribe_again_updates_the_webhook_already_there() {
    let server = MockServer::start().await;
    upstream("GET", "/webhooks")
        .respond_with(ok(json!([listed_webhook(31, "order.created", HOOK_URL)])))
        .mount(&server)
        .await;
    upstream("PUT", "/webhooks/31")
        .and(matchers::body_json(webhook_body("order.created")))
        .respond_with(ok(listed_webhook(31, "order.created", HOOK_URL)))
        .expect(1)
        .mount(&server)
        .await;
    let subscription = store(&server).subscribe("order_created", json!({}), context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "31");
}

#[tokio::test]
async fn subscribe_reports_a_refusal() {
    let server = MockServer::start().await;
    upstream("GET", "/webhooks").respond_with(ok(json!([]))).mount(&server).await;
    upstream("POST", "/webhooks")
        .respond_with(wc_error(400, "woocommerce_rest_invalid_topic", "Webhook topic must be valid."))
        .mount(&server)
        .await;
    let error = store(&server).subscribe("order_created", json!({}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("register the webhook"), "{}", error.message);
    assert!(error.message.contains("Webhook topic must be valid."), "{}", error.message);
    assert!(!error.message.contains(HOOK_SECRET));
}

#[tokio::test]
async fn unsubscribe_deletes_the_webhook_for_good() {
    let server = MockServer::start().await;
    upstream("DELETE", "/webhooks/31")
        .and(matchers::query_param("force", "true"))
        .respond_with(ok(listed_webhook(31, "order.created", HOOK_URL)))
        .expect(1)
        .mount(&server)
        .await;
    store(&server).unsubscribe("order_created", json!({}), Subscription::new("31")).await.unwrap();
}

#[tokio::test]
async fn unsubscribe_of_a_webhook_already_deleted_is_ok_and_a_refusal_is_reported() {
    let server = MockServer::start().await;
    upstream("DELETE", "/webhooks/31")
        .respond_with(wc_error(404, "woocommerce_rest_webhook_invalid_id", "Invalid ID."))
        .mount(&server)
        .await;
    upstream("DELETE", "/webhooks/32")
        .respond_with(wc_error(
            401,
            "woocommerce_rest_cannot_delete",
            "Sorry, you are not allowed to delete this resource.",
        ))
        .mount(&server)
        .await;
    let connector = store(&server);
    connector.unsubscribe("coupon_created", json!({}), Subscription::new("31")).await.unwrap();
    let error = connector.unsubscribe("coupon_created", json!({}), Subscription::new("32")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(error.message.contains("delete the webhook"), "{}", error.message);
}
