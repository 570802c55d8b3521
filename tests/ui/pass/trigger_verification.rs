//! Webhook triggers declaring how they are verified and identified, in every form.
use fluxturn_core::prelude::*;
use fluxturn_core::{ConnectorEntry, EventId, NoInput, SecretSource, SignatureScheme};

/// Verification demo.
#[connector(name = "verification_demo", category = "development", credentials = DemoCredentials)]
pub struct VerificationDemo;

/// The demo's credentials.
#[derive(Credentials)]
pub struct DemoCredentials {
    /// The account's auth token
    #[field(secret)]
    pub auth_token: Secret<String>,
}

/// A trigger configuration holding its own secret.
#[derive(Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct Signed {
    /// The app's signing secret
    pub signing_secret: String,
}

#[actions]
impl VerificationDemo {
    /// Secret in the configuration, id in the body, an answer of its own
    #[trigger(webhook, verify = "slack_v0", secret = "config.signingSecret", event_id = "body:/event_id")]
    async fn from_config(&self, config: Signed, request: WebhookRequest) -> Result<WebhookReply<String>> {
        let _ = (config, request);
        Ok(WebhookReply::respond(WebhookResponse::text("challenge")))
    }

    /// Secret in the credentials, id in a form parameter
    #[trigger(webhook, verify = "twilio", secret = "credentials.authToken", event_id = "form:MessageSid")]
    async fn from_credentials(&self, config: NoInput, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    /// Secret made at subscription, id in a header
    #[trigger(webhook, verify = "github", secret = "generated", event_id = "header:X-GitHub-Delivery")]
    async fn generated(&self, config: NoInput, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }

    /// Unverified, one id per event
    #[trigger(webhook, event_id = "/id")]
    async fn unverified(&self, config: NoInput, request: WebhookRequest) -> Result<Vec<String>> {
        let _ = (config, request);
        Ok(vec![])
    }
}

fn main() {
    let entry = ConnectorEntry::of::<VerificationDemo>();
    let declared = |id: &str| {
        let meta = entry.trigger(id).unwrap();
        (meta.verify, meta.secret, meta.event_id)
    };
    assert_eq!(
        declared("from_config"),
        (Some(SignatureScheme::SlackV0), Some(SecretSource::Config("signingSecret")), Some(EventId::Body("/event_id")))
    );
    assert_eq!(
        declared("from_credentials"),
        (Some(SignatureScheme::Twilio), Some(SecretSource::Credential("authToken")), Some(EventId::Form("MessageSid")))
    );
    assert_eq!(
        declared("generated"),
        (Some(SignatureScheme::GitHub), Some(SecretSource::Generated), Some(EventId::Header("X-GitHub-Delivery")))
    );
    assert_eq!(declared("unverified"), (None, None, Some(EventId::Event("/id"))));
}
