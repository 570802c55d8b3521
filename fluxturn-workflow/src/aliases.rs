//! The names existing workflows use: FluxTurn's templates call some actions, triggers and
//! fields by ids our definitions list as `aliases`. Before a canvas is validated or run, each
//! connector node naming an alias is read as naming the canonical id, and its parameter keys
//! that are field aliases as the fields' names. The stored canvas stays as given.

use crate::canvas::{node_type, Canvas, Node};
use fluxturn_core::{ConnectorDefinition, FieldAliases, FieldMap};
use serde_json::Value;

/// The keys of `data` a node's action id is read from ([`Node::action`]).
const ACTION_KEYS: [&str; 2] = ["actionId", "action"];
/// The keys of `data` a node's trigger id is read from ([`Node::trigger`]).
const TRIGGER_KEYS: [&str; 2] = ["triggerId", "trigger"];
/// The keys of `data` a connector node's parameters are read from ([`Node::params`]).
const PARAMS_KEYS: [&str; 4] = ["actionParams", "triggerParams", "triggerConfig", "config"];

/// `canvas` with every alias resolved: a connector node whose action (or trigger) id is an alias
/// names the canonical id, and its parameters given under a field alias are under the field's
/// name (a parameter given under the field's own name wins over its aliases). `definitions`
/// finds a connector's definition by name; nodes of unknown connectors, and ids that are neither
/// an id nor an alias, are left for the validator to report.
///
/// ```
/// use fluxturn_core::{ActionDefinition, ConnectorDefinition, InputField};
/// use fluxturn_workflow::{aliases, canvas::Canvas};
///
/// let mut action: ActionDefinition = serde_json::from_value(serde_json::json!({
///     "id": "message_send", "aliases": ["send_message"], "name": "Send", "description": "Sends",
///     "inputSchema": {"channelId": {"type": "string", "aliases": ["channel"]}},
///     "outputSchema": {}, "jsonSchema": {}
/// })).unwrap();
/// let chat: ConnectorDefinition = serde_json::from_value(serde_json::json!({
///     "name": "chat", "display_name": "Chat", "category": "communication", "description": "",
///     "auth_type": "none", "auth_fields": [], "endpoints": {}, "webhook_support": false,
///     "rate_limits": {}, "supported_actions": [action], "supported_triggers": []
/// })).unwrap();
/// let canvas = Canvas::from_value(serde_json::json!({"nodes": [{"id": "n", "type": "CONNECTOR_ACTION",
///     "data": {"connectorType": "chat", "actionId": "send_message", "config": {"channel": "C1"}}}]})).unwrap();
///
/// let resolved = aliases::resolve(&canvas, |name| (name == "chat").then_some(&chat));
/// assert_eq!(resolved.nodes[0].action(), Some("message_send"));
/// assert_eq!(resolved.nodes[0].params()["channelId"], "C1");
/// assert_eq!(canvas.nodes[0].action(), Some("send_message"), "the canvas given is unchanged");
/// ```
pub fn resolve<'d>(canvas: &Canvas, definitions: impl Fn(&str) -> Option<&'d ConnectorDefinition>) -> Canvas {
    let mut resolved = canvas.clone();
    for node in &mut resolved.nodes {
        let Some(definition) = node.connector().and_then(&definitions) else { continue };
        resolve_node(node, definition);
    }
    resolved
}

/// Resolves one connector node against its connector's definition.
fn resolve_node(node: &mut Node, definition: &ConnectorDefinition) {
    let (id_keys, found) = match node.node_type.as_str() {
        node_type::CONNECTOR_ACTION => {
            let found = node.action().and_then(|id| definition.find_action(id)).map(|a| (&a.id, &a.input_schema));
            (ACTION_KEYS, found)
        }
        node_type::CONNECTOR_TRIGGER => {
            let found = node.trigger().and_then(|id| definition.find_trigger(id)).map(|t| (&t.id, &t.input_schema));
            (TRIGGER_KEYS, found)
        }
        _ => return,
    };
    let Some((id, fields)) = found else { return };
    // The key the id was read from (the first one holding text) names the canonical id now.
    if let Some(key) = id_keys.iter().find(|key| text(node, key).is_some()) {
        if text(node, key) != Some(id.as_str()) {
            node.data.insert((*key).to_owned(), Value::String(id.clone()));
        }
    }
    resolve_params(node, fields);
}

/// Renames the aliased keys of every place a connector node's parameters may be read from.
fn resolve_params(node: &mut Node, fields: &FieldMap) {
    for key in PARAMS_KEYS {
        if let Some(Value::Object(params)) = node.data.get_mut(key) {
            *params = fields.canonicalize(std::mem::take(params));
        }
    }
}

/// `data.<key>` as trimmed, non-empty text (as [`Node::action`] reads it).
fn text<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    node.data.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn definition() -> ConnectorDefinition {
        serde_json::from_value(json!({
            "name": "chat", "display_name": "Chat", "category": "communication", "description": "",
            "auth_type": "none", "auth_fields": [], "endpoints": {}, "webhook_support": false, "rate_limits": {},
            "supported_actions": [
                {"id": "send", "aliases": ["send_message", "sendMessage"], "name": "Send", "description": "",
                 "inputSchema": {"channelId": {"type": "string", "aliases": ["channel"]}, "text": {"type": "string", "aliases": ["message"]}},
                 "outputSchema": {}, "jsonSchema": {}},
                {"id": "delete", "name": "Delete", "description": "", "inputSchema": {}, "outputSchema": {}, "jsonSchema": {}}
            ],
            "supported_triggers": [
                {"id": "new_message", "aliases": ["message"], "name": "New", "description": "", "eventType": "message",
                 "webhookRequired": true, "pollingEnabled": false,
                 "inputSchema": {"channelId": {"type": "string", "aliases": ["channel"]}}, "outputSchema": {}, "jsonSchema": {}}
            ]
        }))
        .unwrap()
    }

    fn resolved(nodes: Value) -> Canvas {
        let chat = definition();
        let canvas = Canvas::from_value(json!({"nodes": nodes, "edges": []})).unwrap();
        resolve(&canvas, |name| (name == "chat").then_some(&chat))
    }

    #[test]
    fn action_and_trigger_aliases_name_the_canonical_ids_in_the_keys_they_were_read_from() {
        let canvas = resolved(json!([
            {"id": "t", "type": "CONNECTOR_TRIGGER", "data": {"connector": "chat", "trigger": "message", "triggerConfig": {"channel": "C1"}}},
            {"id": "a", "type": "CONNECTOR_ACTION", "data": {"connectorType": "chat", "actionId": " sendMessage ", "action": "x",
                                                             "actionParams": {"channel": "C2", "message": "hi"}}},
            {"id": "b", "type": "CONNECTOR_ACTION", "data": {"connectorType": "chat", "action": "delete", "config": {"channel": "C3"}}}
        ]));
        let (t, a, b) = (&canvas.nodes[0], &canvas.nodes[1], &canvas.nodes[2]);
        assert_eq!(
            (t.trigger(), t.params()),
            (Some("new_message"), json!({"channelId": "C1"}).as_object().cloned().unwrap())
        );
        assert_eq!(a.action(), Some("send"));
        assert_eq!(a.data["action"], "x", "only the key the id was read from changes");
        assert_eq!(Value::Object(a.params()), json!({"channelId": "C2", "text": "hi"}));
        assert_eq!(b.action(), Some("delete"));
        assert_eq!(
            Value::Object(b.params()),
            json!({"channel": "C3"}),
            "`delete` has no field `channel`: kept for the validator"
        );
    }

    #[test]
    fn a_field_under_its_own_name_wins_and_unknown_nodes_are_left_alone() {
        let canvas = resolved(json!([
            {"id": "a", "type": "CONNECTOR_ACTION", "data": {"connectorType": "chat", "actionId": "send",
                                                             "config": {"channel": "old", "channelId": "new", "extra": 1}}},
            {"id": "b", "type": "CONNECTOR_ACTION", "data": {"connectorType": "chat", "actionId": "send_mesage", "config": {"channel": "C"}}},
            {"id": "c", "type": "CONNECTOR_ACTION", "data": {"connectorType": "other", "actionId": "send_message", "config": {"channel": "C"}}},
            {"id": "d", "type": "SET", "data": {"connectorType": "chat", "actionId": "send_message", "config": {"channel": "C"}}}
        ]));
        assert_eq!(Value::Object(canvas.nodes[0].params()), json!({"channelId": "new", "extra": 1}));
        for node in &canvas.nodes[1..] {
            assert_eq!(node.params()["channel"], "C", "{}", node.id);
        }
        assert_eq!(canvas.nodes[1].action(), Some("send_mesage"));
        assert_eq!(canvas.nodes[2].action(), Some("send_message"));
    }
}
