//! Shopify against a local mock of its Admin API.

use connectors::ecommerce::shopify::{shop_name, Shopify};
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

const TOKEN: &str = "shpat_test_0123456789abcdef";

fn credentials() -> Value {
    json!({"authType": "bearer_token", "shopSubdomain": "my-shop", "accessToken": TOKEN})
}

/// A mock of `method path` that checks the access token is sent in Shopify's header.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("x-shopify-access-token", TOKEN))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// The only request the server received.
async fn only_request(server: &MockServer) -> testing::wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

/// The query of a request as sorted pairs.
fn query(request: &testing::wiremock::Request) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> =
        request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    pairs.sort();
    pairs
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    pairs.sort();
    pairs
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<Shopify>(server, credentials(), action, input).await
}

#[test]
fn the_definition_lists_every_action_and_no_trigger() {
    let definition = connectors::registry().definition("shopify").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "get_all_products",
            "create_order",
            "get_order",
            "get_all_orders",
            "update_order",
            "delete_order",
            "create_product",
            "get_product",
            "update_product",
            "delete_product"
        ]
    );
    assert!(definition.supported_triggers.is_empty());
    let keys: Vec<&str> = definition.auth_fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["authType", "shopSubdomain", "accessToken", "appSecretKey"]);
}

#[test]
fn a_shop_is_its_name_or_its_myshopify_domain_and_nothing_else() {
    assert_eq!(shop_name("my-shop").unwrap(), "my-shop");
    assert_eq!(shop_name(" My-Shop.myshopify.com ").unwrap(), "my-shop");
    for refused in [
        "",
        "evil.example",
        "my-shop.myshopify.com.evil.example",
        "evil.example/x.myshopify.com",
        "https://my-shop.myshopify.com",
        "my-shop.myshopify.com/admin",
        "user@evil.example",
        "my shop",
        "-shop",
        ".myshopify.com",
        "127.0.0.1",
    ] {
        let error = shop_name(refused).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidCredentials, "{refused:?}");
        assert!(error.message.contains("shopSubdomain"), "{}", error.message);
    }
}

#[tokio::test]
async fn a_shop_domain_that_is_not_a_shop_is_refused_before_any_request() {
    let server = MockServer::start().await;
    let mut credentials = credentials();
    credentials["shopSubdomain"] = json!("attacker.example");
    let error = testing::try_connect::<Shopify>(&server, credentials).err().expect("refused");
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("your-shop.myshopify.com"), "{}", error.message);
    assert!(!error.message.contains(TOKEN));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_base_url_holds_the_bare_shop_name_whichever_form_was_typed() {
    let server = MockServer::start().await;
    upstream("GET", "/my-shop/shop.json").respond_with(ok(json!({"shop": {"id": 1}}))).expect(1).mount(&server).await;
    let mut credentials = credentials();
    credentials["shopSubdomain"] = json!("My-Shop.myshopify.com");
    let shopify = testing::connect_at::<Shopify>(&format!("{}/{{shopSubdomain}}", server.uri()), credentials);
    shopify.test_connection().await.unwrap();
}

#[tokio::test]
async fn test_connection_reads_the_shop_with_the_token() {
    let server = MockServer::start().await;
    upstream("GET", "/shop.json").respond_with(ok(json!({"shop": {"id": 1}}))).expect(1).mount(&server).await;
    testing::connect::<Shopify>(&server, credentials()).test_connection().await.unwrap();
}

#[tokio::test]
async fn a_refused_token_is_unauthorized_and_never_shown() {
    let server = MockServer::start().await;
    upstream("GET", "/shop.json")
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"errors": format!("[API] Invalid API key or access token (unrecognized login or wrong password) {TOKEN}")}),
        ))
        .mount(&server)
        .await;
    let error = testing::connect::<Shopify>(&server, credentials()).test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(error.message.contains("Invalid API key or access token"), "{}", error.message);
    let shown = serde_json::to_string(&error).unwrap();
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn get_all_products_sends_the_filters_and_returns_the_products() {
    let server = MockServer::start().await;
    upstream("GET", "/products.json")
        .respond_with(ok(json!({"products": [
            {"id": 632910392, "title": "IPod Nano", "handle": "ipod-nano", "vendor": "Apple", "status": "active", "admin_graphql_api_id": "gid://shopify/Product/632910392"}
        ]})))
        .mount(&server)
        .await;
    let output = run(
        &server,
        "get_all_products",
        json!({
            "limit": 10, "vendor": "Apple", "productType": "Players", "publishedStatus": "published",
            "collectionId": "841564295", "createdAtMin": "2025-01-01T00:00:00Z", "createdAtMax": "2025-02-01T00:00:00Z",
            "handle": "ipod-nano", "ids": "632910392,921728736", "title": "IPod Nano", "fields": "id,title"
        }),
    )
    .await
    .unwrap();
    assert_eq!(output[0]["id"], 632910392);
    assert_eq!(output[0]["title"], "IPod Nano");
    assert_eq!(output[0]["admin_graphql_api_id"], "gid://shopify/Product/632910392");
    assert_eq!(output.as_array().unwrap().len(), 1);
    let request = only_request(&server).await;
    assert_eq!(
        query(&request),
        pairs(&[
            ("limit", "10"),
            ("vendor", "Apple"),
            ("product_type", "Players"),
            ("published_status", "published"),
            ("collection_id", "841564295"),
            ("created_at_min", "2025-01-01T00:00:00Z"),
            ("created_at_max", "2025-02-01T00:00:00Z"),
            ("handle", "ipod-nano"),
            ("ids", "632910392,921728736"),
            ("title", "IPod Nano"),
            ("fields", "id,title"),
        ])
    );
}

#[tokio::test]
async fn return_all_follows_the_link_header_with_page_info_only() {
    let server = MockServer::start().await;
    // Shopify's cursor is URL-safe, but an escaped one is read as the cursor it escapes.
    let next = "<https://my-shop.myshopify.com/admin/api/2025-01/products.json?limit=250&page_info=eyJsYXN0X2lkIjoyfQ%3D%3D>; rel=\"next\"";
    upstream("GET", "/products.json")
        .and(matchers::query_param("vendor", "Apple"))
        .respond_with(ok(json!({"products": [{"id": 1}, {"id": 2}]})).insert_header("link", next))
        .expect(1)
        .mount(&server)
        .await;
    let previous = "<https://my-shop.myshopify.com/admin/api/2025-01/products.json?limit=250&page_info=eyJmaXJzdCI6M30>; rel=\"previous\"";
    upstream("GET", "/products.json")
        .and(matchers::query_param("page_info", "eyJsYXN0X2lkIjoyfQ=="))
        .respond_with(ok(json!({"products": [{"id": 3}]})).insert_header("link", previous))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_all_products", json!({"returnAll": true, "vendor": "Apple"})).await.unwrap();
    let ids: Vec<u64> = output.as_array().unwrap().iter().map(|p| p["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, [1, 2, 3]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(query(&requests[0]), pairs(&[("limit", "250"), ("vendor", "Apple")]));
    // Shopify refuses filters beside page_info: the second request carries only the cursor.
    assert_eq!(query(&requests[1]), pairs(&[("limit", "250"), ("page_info", "eyJsYXN0X2lkIjoyfQ==")]));
    // Both came to the mock: the second went to our base URL, not to the Link header's host.
}

#[tokio::test]
async fn a_limit_stops_the_pages_once_reached() {
    let server = MockServer::start().await;
    let next = "<https://my-shop.myshopify.com/admin/api/2025-01/orders.json?limit=2&page_info=abc>; rel=\"next\"";
    upstream("GET", "/orders.json")
        .respond_with(ok(json!({"orders": [{"id": 1}, {"id": 2}]})).insert_header("link", next))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_all_orders", json!({"limit": 2})).await.unwrap();
    assert_eq!(output.as_array().unwrap().len(), 2);
    assert_eq!(query(&only_request(&server).await), pairs(&[("limit", "2")]));
}

#[tokio::test]
async fn get_all_orders_sends_the_statuses_and_returns_the_orders() {
    let server = MockServer::start().await;
    upstream("GET", "/orders.json")
        .respond_with(ok(json!({"orders": [
            {"id": 450789469, "name": "#1001", "order_number": 1001, "total_price": "598.94", "currency": "USD", "financial_status": "paid"}
        ]})))
        .mount(&server)
        .await;
    let output = run(
        &server,
        "get_all_orders",
        json!({"status": "any", "financialStatus": "partially_paid", "fulfillmentStatus": "unshipped"}),
    )
    .await
    .unwrap();
    assert_eq!(output[0]["name"], "#1001");
    assert_eq!(output[0]["total_price"], "598.94");
    assert_eq!(
        query(&only_request(&server).await),
        pairs(&[
            ("limit", "50"),
            ("status", "any"),
            ("financial_status", "partially_paid"),
            ("fulfillment_status", "unshipped")
        ])
    );
}

#[tokio::test]
async fn create_order_posts_the_order_and_returns_it() {
    let server = MockServer::start().await;
    upstream("POST", "/orders.json")
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"order": {
            "id": 450789469, "name": "#1002", "email": "jane@example.com", "financial_status": "paid",
            "line_items": [{"variant_id": 447654529, "quantity": 2}]
        }})))
        .mount(&server)
        .await;
    let output = run(
        &server,
        "create_order",
        json!({
            "lineItems": [{"variant_id": 447654529, "quantity": 2}],
            "email": "jane@example.com", "financialStatus": "paid", "sendReceipt": true, "note": "Gift"
        }),
    )
    .await
    .unwrap();
    assert_eq!(output["id"], 450789469);
    assert_eq!(output["name"], "#1002");
    assert_eq!(
        testing::received_bodies(&server).await,
        [json!({"order": {
            "line_items": [{"variant_id": 447654529, "quantity": 2}],
            "email": "jane@example.com", "financial_status": "paid", "send_receipt": true, "note": "Gift"
        }})]
    );
}

#[tokio::test]
async fn create_order_without_line_items_is_refused_before_any_request() {
    let server = MockServer::start().await;
    let error = run(&server, "create_order", json!({"lineItems": []})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("lineItems"), "{}", error.message);
    let error = run(&server, "create_order", json!({"lineItems": [42]})).await.unwrap_err();
    assert!(error.message.contains("lineItems[0]"), "{}", error.message);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_order_reads_the_order_by_its_number_or_gid() {
    let server = MockServer::start().await;
    upstream("GET", "/orders/450789469.json")
        .and(matchers::query_param("fields", "id,name"))
        .respond_with(ok(json!({"order": {"id": 450789469, "name": "#1001"}})))
        .expect(2)
        .mount(&server)
        .await;
    let output = run(&server, "get_order", json!({"orderId": "450789469", "fields": "id,name"})).await.unwrap();
    assert_eq!(
        output,
        json!({"id": 450789469, "name": "#1001", "order_number": null, "email": null,
        "financial_status": null, "fulfillment_status": null, "total_price": null, "currency": null,
        "note": null, "tags": null, "line_items": null, "customer": null, "created_at": null})
    );
    let output = run(&server, "get_order", json!({"orderId": "gid://shopify/Order/450789469", "fields": "id,name"}))
        .await
        .unwrap();
    assert_eq!(output["name"], "#1001");
}

#[tokio::test]
async fn an_id_that_is_not_a_number_is_refused_before_any_request() {
    let server = MockServer::start().await;
    for (action, input) in [
        ("get_order", json!({"orderId": "../shop"})),
        ("delete_order", json!({"orderId": "gid://shopify/Product/1"})),
        ("get_product", json!({"productId": "abc"})),
    ] {
        let error = run(&server, action, input).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput, "{action}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn update_order_puts_only_the_changes() {
    let server = MockServer::start().await;
    upstream("PUT", "/orders/450789469.json")
        .respond_with(ok(json!({"order": {"id": 450789469, "note": "Call first", "tags": "vip"}})))
        .mount(&server)
        .await;
    let output = run(&server, "update_order", json!({"orderId": "450789469", "note": "Call first", "tags": "vip"}))
        .await
        .unwrap();
    assert_eq!(output["tags"], "vip");
    assert_eq!(
        testing::received_bodies(&server).await,
        [json!({"order": {"id": 450789469, "note": "Call first", "tags": "vip"}})]
    );
    let error = run(&server, "update_order", json!({"orderId": "450789469"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("nothing to update"), "{}", error.message);
}

#[tokio::test]
async fn delete_order_deletes_it() {
    let server = MockServer::start().await;
    upstream("DELETE", "/orders/450789469.json").respond_with(ok(json!({}))).expect(1).mount(&server).await;
    let output = run(&server, "delete_order", json!({"orderId": "450789469"})).await.unwrap();
    assert_eq!(output, json!({"deleted": true, "id": "450789469"}));
}

#[tokio::test]
async fn create_product_posts_the_product_and_returns_it() {
    let server = MockServer::start().await;
    upstream("POST", "/products.json")
        .respond_with(ResponseTemplate::new(201).set_body_json(
            json!({"product": {"id": 1071559582, "title": "Burton Custom", "vendor": "Burton", "status": "active"}}),
        ))
        .mount(&server)
        .await;
    let output = run(
        &server,
        "create_product",
        json!({"title": "Burton Custom", "bodyHtml": "<strong>Good</strong>", "vendor": "Burton", "productType": "Snowboard", "tags": "winter"}),
    )
    .await
    .unwrap();
    assert_eq!(output["id"], 1071559582);
    assert_eq!(output["status"], "active");
    assert_eq!(
        testing::received_bodies(&server).await,
        [
            json!({"product": {"title": "Burton Custom", "body_html": "<strong>Good</strong>", "vendor": "Burton", "product_type": "Snowboard", "tags": "winter"}})
        ]
    );
}

#[tokio::test]
async fn a_422_with_field_errors_is_invalid_input_in_shopifys_words() {
    let server = MockServer::start().await;
    upstream("POST", "/products.json")
        .respond_with(
            ResponseTemplate::new(422).set_body_json(
                json!({"errors": {"title": ["can't be blank"], "handle": ["is too long", "is invalid"]}}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let error = run(&server, "create_product", json!({"title": "x"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(
        error.message,
        "Shopify refused to create the product (422): handle is too long, is invalid; title can't be blank"
    );
}

#[tokio::test]
async fn get_product_reads_the_product() {
    let server = MockServer::start().await;
    upstream("GET", "/products/632910392.json")
        .respond_with(ok(json!({"product": {"id": 632910392, "title": "IPod Nano", "variants": [{"id": 808950810}]}})))
        .mount(&server)
        .await;
    let output = run(&server, "get_product", json!({"productId": "632910392"})).await.unwrap();
    assert_eq!(output["variants"][0]["id"], 808950810);
    assert_eq!(query(&only_request(&server).await), []);
}

#[tokio::test]
async fn a_404_is_not_found_in_shopifys_words() {
    let server = MockServer::start().await;
    upstream("GET", "/products/1.json")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"errors": "Not Found"})))
        .mount(&server)
        .await;
    let error = run(&server, "get_product", json!({"productId": "1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "Shopify refused to get the product (404): Not Found");
}

#[tokio::test]
async fn update_product_puts_only_the_changes() {
    let server = MockServer::start().await;
    upstream("PUT", "/products/632910392.json")
        .respond_with(ok(json!({"product": {"id": 632910392, "title": "New", "vendor": "Apple"}})))
        .mount(&server)
        .await;
    let output = run(&server, "update_product", json!({"productId": "632910392", "title": "New"})).await.unwrap();
    assert_eq!(output["title"], "New");
    assert_eq!(testing::received_bodies(&server).await, [json!({"product": {"id": 632910392, "title": "New"}})]);
    let error = run(&server, "update_product", json!({"productId": "632910392", "tags": ""})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn delete_product_deletes_it() {
    let server = MockServer::start().await;
    upstream("DELETE", "/products/632910392.json").respond_with(ok(json!({}))).expect(1).mount(&server).await;
    let output = run(&server, "delete_product", json!({"productId": "632910392"})).await.unwrap();
    assert_eq!(output, json!({"deleted": true, "id": "632910392"}));
}

#[tokio::test]
async fn a_429_waits_for_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    upstream("GET", "/orders.json")
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1.0")
                .set_body_json(json!({"errors": "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."})),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/orders.json").respond_with(ok(json!({"orders": [{"id": 1}]}))).expect(1).mount(&server).await;
    let started = std::time::Instant::now();
    let output = run(&server, "get_all_orders", json!({})).await.unwrap();
    assert_eq!(output[0]["id"], 1);
    // Shopify's `Retry-After: 1.0` (decimal seconds) was honoured, not the shorter backoff.
    assert!(started.elapsed() >= std::time::Duration::from_millis(950), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_lasting_429_is_rate_limited_in_shopifys_words() {
    let server = MockServer::start().await;
    upstream("GET", "/orders.json")
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "600")
                .set_body_json(json!({"errors": "Exceeded 2 calls per second for api client."})),
        )
        .mount(&server)
        .await;
    let error = run(&server, "get_all_orders", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited);
    assert!(error.retryable);
    assert!(error.message.contains("(429): Exceeded 2 calls per second"), "{}", error.message);
}

#[tokio::test]
async fn an_answer_that_is_not_json_is_an_invalid_response() {
    let server = MockServer::start().await;
    upstream("POST", "/products.json")
        .respond_with(ResponseTemplate::new(201).set_body_string("<html>maintenance</html>"))
        .mount(&server)
        .await;
    let error = run(&server, "create_product", json!({"title": "x"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidResponse);
    assert!(!error.message.contains("refused"), "{}", error.message);
}
