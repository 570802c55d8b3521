//! The unsigned `GET` with which Meta checks a webhook URL: it reaches the handler, which
//! answers the challenge, and creates no event; a POST must still be signed.

use fluxturn_core::prelude::*;
use fluxturn_core::testing::{deliver, signed};
use fluxturn_core::webhook::Rejection;
use fluxturn_core::SignatureScheme;
use serde_json::{json, Value};

#[derive(Credentials)]
pub struct MetaCredentials {
    #[field(key = "appSecret", label = "App Secret", secret)]
    pub app_secret: Secret<String>,
}

/// What the user configures: the token Meta's check must bring.
#[derive(Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CheckConfig {
    /// The verify token typed in Meta's dashboard
    #[field(label = "Verify Token")]
    pub verify_token: String,
}

/// A Meta-style provider.
#[connector(name = "metalike", category = "communication", credentials = MetaCredentials)]
pub struct Metalike;

#[actions]
impl Metalike {
    /// A message arrived (this handler also emits an event on GET, which must be dropped)
    #[trigger(webhook, verify = "meta", secret = "credentials.appSecret")]
    async fn message_received(&self, config: CheckConfig, request: WebhookRequest) -> Result<WebhookReply<Value>> {
        let event = json!({"method": request.method});
        if request.method == "GET" {
            if request.query_param("hub.verify_token") != Some(config.verify_token.as_str()) {
                return Ok(WebhookReply::respond(WebhookResponse::text("").with_status(403)));
            }
            let challenge = request.query_param("hub.challenge").unwrap_or_default().to_owned();
            return Ok(WebhookReply::events(vec![event]).with_response(WebhookResponse::text(challenge)));
        }
        Ok(WebhookReply::events(vec![event]))
    }
}

const SECRET: &str = "test-only-app-secret";

fn credentials() -> Value {
    json!({"appSecret": SECRET})
}

fn check(token: &str) -> WebhookRequest {
    let mut request = WebhookRequest { method: "GET".into(), ..WebhookRequest::default() };
    request.query = vec![
        ("hub.mode".into(), "subscribe".into()),
        ("hub.verify_token".into(), token.into()),
        ("hub.challenge".into(), "1158201444".into()),
    ];
    request
}

#[tokio::test]
async fn the_unsigned_check_is_answered_and_creates_no_event() {
    let config = json!({"verifyToken": "my-token"});
    let reply = deliver(&Metalike, "message_received", config.clone(), credentials(), None, check("my-token"))
        .await
        .expect("answered");
    assert!(reply.events.is_empty(), "an unsigned GET never creates an event");
    assert_eq!(reply.response, Some(WebhookResponse::text("1158201444")));

    let refused =
        deliver(&Metalike, "message_received", config, credentials(), None, check("guess")).await.expect("answered");
    assert_eq!(refused.response, Some(WebhookResponse::text("").with_status(403)));
}

#[tokio::test]
async fn a_post_must_still_be_signed() {
    let config = json!({"verifyToken": "my-token"});
    let body = r#"{"entry" : [ ]}"#;
    let unsigned = WebhookRequest::post(body, [("Content-Type", "application/json")]);
    let error = deliver(&Metalike, "message_received", config.clone(), credentials(), None, unsigned).await;
    assert!(matches!(error, Err(Rejection::Unverified(_))), "{error:?}");

    let good = signed(SignatureScheme::Meta, body, [("Content-Type", "application/json")], SECRET);
    let reply = deliver(&Metalike, "message_received", config, credentials(), None, good).await.expect("verified");
    assert_eq!(reply.events, vec![json!({"method": "POST"})]);
}

#[test]
fn only_meta_checks_its_url_with_an_unsigned_get_and_only_trello_with_a_head() {
    let unsigned = |method: &str| -> Vec<&str> {
        SignatureScheme::ALL.iter().filter(|(_, s)| s.checks_url_unsigned(method)).map(|(n, _)| *n).collect()
    };
    assert_eq!(unsigned("GET"), ["meta"]);
    assert_eq!(unsigned("HEAD"), ["trello"]);
    assert!(unsigned("POST").is_empty());
}
