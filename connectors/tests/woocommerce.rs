//! WooCommerce against a local mock of its API.

use connectors::ecommerce::woocommerce::Woocommerce;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

fn credentials() -> Value {
    json!({"domain":"test-domain","password":"test-password","username":"test-username"})
}

/// A mock of `method path` that checks the credentials are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", "Basic dGVzdC11c2VybmFtZTp0ZXN0LXBhc3N3b3Jk"))
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
}

#[tokio::test]
async fn test_connection_calls_the_api_with_the_credentials() {
    let server = MockServer::start().await;
    upstream("GET", "/me")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<Woocommerce>(&server, credentials()).test_connection().await.unwrap();
}
