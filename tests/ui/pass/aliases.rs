//! `aliases` on actions, triggers and input fields: the other names existing workflows use,
//! kept verbatim in the definition and found by `find_action`, `find_trigger` and `FieldAliases`.
use fluxturn_core::prelude::*;
use fluxturn_core::FieldAliases;
use serde_json::json;

/// Aliases everywhere.
#[connector(name = "aliases_demo", category = "communication")]
pub struct AliasesDemo;

/// Where and what to post.
#[derive(Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct Post {
    /// The channel
    #[field(label = "Channel", aliases = ["channel", "channel_id"])]
    pub channel_id: String,
    /// The text
    #[field(aliases = ["message"])]
    pub text: String,
    /// No alias
    pub thread_ts: Option<String>,
}

#[actions]
impl AliasesDemo {
    /// Post a message (an action's alias may be a trigger's id: a node's type says which it is)
    #[action(aliases = ["send_message", "postMessage", "new_message"])]
    async fn message_send(&self, input: Post) -> Result<()> {
        let _ = input;
        Ok(())
    }

    /// Kept under a legacy id, with an alias too
    #[action(legacy_id = "message_getAll", aliases = ["get_messages"])]
    async fn list(&self) -> Result<()> {
        Ok(())
    }

    /// A message arrived
    #[trigger(webhook, aliases = ["message"])]
    async fn new_message(&self, config: Post, request: WebhookRequest) -> Result<Vec<serde_json::Value>> {
        let _ = config;
        Ok(vec![request.json()?])
    }
}

fn main() {
    let d = AliasesDemo::definition();
    let send = d.action("message_send").unwrap();
    assert_eq!(send.aliases, ["send_message", "postMessage", "new_message"]);
    for id in ["message_send", "send_message", "postMessage", "new_message"] {
        assert_eq!(d.find_action(id).map(|a| a.id.as_str()), Some("message_send"), "{id}");
    }
    assert_eq!(d.find_action("get_messages").unwrap().id, "message_getAll");
    assert!(d.find_action("message").is_none(), "a trigger's alias is no action's");
    assert_eq!(d.find_trigger("message").unwrap().id, "new_message");
    assert_eq!(d.find_trigger("new_message").unwrap().id, "new_message");
    assert!(d.find_trigger("send_message").is_none());

    let fields = &send.input_schema;
    assert_eq!(fields["channelId"].aliases, ["channel", "channel_id"]);
    assert!(fields["threadTs"].aliases.is_empty());
    assert_eq!(fields.canonical_name("channel_id"), Some("channelId"));
    let input = json!({"channel": "C1", "message": "hi", "threadTs": "1.2"}).as_object().cloned().unwrap();
    assert_eq!(serde_json::Value::Object(fields.canonicalize(input)), json!({"channelId": "C1", "text": "hi", "threadTs": "1.2"}));

    // In the JSON: `aliases` next to the id (or in the field), left out when empty.
    let exported = serde_json::to_value(&d).unwrap();
    let actions = &exported["supported_actions"];
    assert_eq!(actions[0]["aliases"], json!(["send_message", "postMessage", "new_message"]));
    assert_eq!(actions[0]["inputSchema"]["text"]["aliases"], json!(["message"]));
    assert!(actions[0]["inputSchema"]["threadTs"].get("aliases").is_none());
    assert_eq!(exported["supported_triggers"][0]["aliases"], json!(["message"]));
    assert_eq!(exported["supported_triggers"][0]["inputSchema"]["channelId"]["aliases"], json!(["channel", "channel_id"]));
    // The standard JSON Schema is unchanged: aliases are FluxTurn names, not JSON Schema.
    assert!(!send.json_schema.to_string().contains("postMessage"));
}
