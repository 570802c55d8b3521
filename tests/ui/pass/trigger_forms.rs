//! Webhook, polling and gateway triggers, with every key.
use fluxturn_core::prelude::*;

/// Trigger demo.
#[connector(name = "triggers_demo", category = "development")]
pub struct TriggersDemo;

/// Which events.
#[derive(Deserialize, JsonSchema, Input)]
pub struct Filter {
    /// Only this repository
    pub repository: Option<String>,
}

/// One event.
#[derive(Serialize, JsonSchema)]
pub struct Event {
    /// Event id
    pub id: u64,
}

#[actions]
impl TriggersDemo {
    /// Fires on a push
    #[trigger(id = "push", name = "Push", event_type = "repo.push", icon = "git", webhook)]
    async fn on_push(&self, config: Filter, request: WebhookRequest) -> Result<Vec<Event>> {
        let _ = (config, request);
        Ok(vec![])
    }

    /// A message arrived over the connection `open` keeps
    #[trigger(gateway = open, event_id = "/id")]
    async fn chat(&self, config: Filter, request: WebhookRequest) -> Result<Vec<Event>> {
        let _ = (config, request);
        Ok(vec![])
    }

    async fn open(&self, triggers: &[&str]) -> Result<GatewayConnection> {
        let (_sender, connection) = fluxturn_core::gateway::GatewayConnection::channel(1, triggers.len());
        Ok(connection)
    }

    #[trigger(description = "New issues, polled", polling)]
    async fn new_issue(&self, config: Filter, cursor: Option<serde_json::Value>) -> Result<Polled<Event>> {
        let _ = (config, cursor);
        Ok(Polled::default())
    }
}

fn main() {
    let d = TriggersDemo::definition();
    assert!(d.webhook_support, "a webhook trigger makes webhook_support true");
    let push = d.trigger("push").unwrap();
    assert_eq!((push.name.as_str(), push.event_type.as_str(), push.icon.as_deref()), ("Push", "repo.push", Some("git")));
    assert!(push.webhook_required && !push.polling_enabled);
    assert_eq!(push.output_schema["id"].field_type, "number");
    let issue = d.trigger("new_issue").unwrap();
    assert_eq!((issue.name.as_str(), issue.description.as_str(), issue.event_type.as_str()), ("New Issue", "New issues, polled", "new_issue"));
    assert!(issue.polling_enabled && !issue.webhook_required);
    assert!(issue.input_schema.contains_key("repository"));
    let chat = d.trigger("chat").unwrap();
    assert!(chat.gateway && !chat.webhook_required && !chat.polling_enabled);
    let meta = <TriggersDemo as fluxturn_core::__private::ActionSet>::TRIGGERS.iter().find(|t| t.id == "chat").unwrap();
    assert_eq!(meta.gateway, Some("open"), "triggers naming the same method share a connection");
}
