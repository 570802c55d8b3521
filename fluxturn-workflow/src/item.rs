//! Items, as they flow between nodes: n8n's `{json, binary?}`, one list per output.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The item's data.
    pub json: Value,
    /// Files attached to it, by property name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binary: Option<Value>,
}

impl Item {
    /// An item holding `json`.
    pub fn new(json: Value) -> Self {
        Self { json, binary: None }
    }
}

/// A node's outputs: one list of items per output.
pub type Outputs = Vec<Vec<Item>>;

/// Items from a JSON value: an array becomes one item per element (an element that already looks
/// like `{json: …}` is taken as is), anything else one item; null gives one empty item.
///
/// ```
/// use fluxturn_workflow::item::items_from;
/// let items = items_from(serde_json::json!([{"a": 1}, {"json": {"b": 2}}]));
/// assert_eq!(items[0].json["a"], 1);
/// assert_eq!(items[1].json["b"], 2);
/// assert_eq!(items_from(serde_json::Value::Null)[0].json, serde_json::json!({}));
/// ```
pub fn items_from(value: Value) -> Vec<Item> {
    match value {
        Value::Array(values) => values.into_iter().map(item_from).collect(),
        Value::Null => vec![Item::new(Value::Object(Map::new()))],
        other => vec![item_from(other)],
    }
}

fn item_from(value: Value) -> Item {
    if let Value::Object(map) = &value {
        if let Some(json) = map.get("json").filter(|_| map.keys().all(|k| k == "json" || k == "binary")) {
            return Item { json: json.clone(), binary: map.get("binary").cloned() };
        }
    }
    Item::new(value)
}
