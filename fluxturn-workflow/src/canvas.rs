//! The canvas FluxTurn stores a workflow as: React-Flow `{nodes, edges}`. Loading accepts the
//! three wrappings FluxTurn's API, templates and exports use, keeps every key it does not know
//! (the frontend's positions, styles, run previews), and reads each node's parameters from where
//! FluxTurn's editors put them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A workflow's graph, as stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Canvas {
    /// The nodes, in the order stored.
    #[serde(default)]
    pub nodes: Vec<Node>,
    /// The edges, in the order stored.
    #[serde(default)]
    pub edges: Vec<Edge>,
    /// Keys this crate does not read (the viewport, …), kept as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One node of the canvas.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Its id, unique in the canvas (`node_1`, `telegram_trigger_1`, `SET_1763…`).
    pub id: String,
    /// `CONNECTOR_TRIGGER`, `CONNECTOR_ACTION`, `IF_CONDITION`, …
    #[serde(rename = "type")]
    pub node_type: String,
    /// What the editor stored: the label, the connector and action, the parameters.
    #[serde(default)]
    pub data: Map<String, Value>,
    /// Position, size, selection… kept as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One edge: output `source_handle` of `source` feeds `target`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Its id.
    #[serde(default)]
    pub id: String,
    /// The node the items come from.
    pub source: String,
    /// The node they go to.
    pub target: String,
    /// Which output of `source`: `true`, `false`, `output-2`, `source-1`, or none.
    #[serde(default, rename = "sourceHandle", skip_serializing_if = "Option::is_none")]
    pub source_handle: Option<String>,
    /// Which input of `target` (kept, not read: every node has one input list).
    #[serde(default, rename = "targetHandle", skip_serializing_if = "Option::is_none")]
    pub target_handle: Option<String>,
    /// Style, animation, markers… kept as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Why a document is not a canvas.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// None of the accepted shapes.
    #[error("no canvas found: send `{{\"canvas\": {{\"nodes\": [...], \"edges\": [...]}}}}`, `{{\"nodes\": [...], \"edges\": [...]}}` or `{{\"workflow\": {{\"canvas\": {{...}}}}}}`")]
    NoCanvas,
    /// The canvas is there but malformed.
    #[error("the canvas is malformed at `{path}`: {message}")]
    Malformed {
        /// Where, as a JSON path (`nodes[2].id`).
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl Canvas {
    /// Finds the canvas in `document`: `{canvas: {nodes, edges}}` (FluxTurn's API and templates),
    /// `{nodes, edges}` (an export), or `{workflow: {canvas}}` (a workflow as FluxTurn's API
    /// answers it).
    ///
    /// ```
    /// use fluxturn_workflow::canvas::Canvas;
    /// let doc = serde_json::json!({"workflow": {"canvas": {"nodes": [
    ///     {"id": "n1", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}, "position": {"x": 0, "y": 0}}
    /// ], "edges": []}}});
    /// let canvas = Canvas::find(&doc).unwrap();
    /// assert_eq!(canvas.nodes[0].label(), "Start");
    /// assert_eq!(canvas.nodes[0].extra["position"]["x"], 0, "unknown keys are kept");
    /// ```
    pub fn find(document: &Value) -> Result<Canvas, LoadError> {
        let candidate = [
            document.get("canvas"),
            document.get("workflow").and_then(|w| w.get("canvas")),
            document.get("nodes").is_some().then_some(document),
        ]
        .into_iter()
        .flatten()
        .find(|c| c.is_object())
        .ok_or(LoadError::NoCanvas)?;
        Self::from_value(candidate.clone())
    }

    /// Reads a `{nodes, edges}` value.
    pub fn from_value(value: Value) -> Result<Canvas, LoadError> {
        serde_path_to_error::deserialize(value).map_err(|error| LoadError::Malformed {
            path: error.path().to_string(),
            message: error.inner().to_string(),
        })
    }

    /// The node `id`.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

/// The core node types the engine runs itself (the rest are connector nodes).
pub mod node_type {
    /// Started by hand or through the API.
    pub const MANUAL_TRIGGER: &str = "MANUAL_TRIGGER";
    /// Started by a request to the workflow's own URL.
    pub const WEBHOOK_TRIGGER: &str = "WEBHOOK_TRIGGER";
    /// Started by a schedule.
    pub const SCHEDULE_TRIGGER: &str = "SCHEDULE_TRIGGER";
    /// Started by a connector's trigger.
    pub const CONNECTOR_TRIGGER: &str = "CONNECTOR_TRIGGER";
    /// Runs a connector's action once per item.
    pub const CONNECTOR_ACTION: &str = "CONNECTOR_ACTION";
    /// Routes each item to output 0 (true) or 1 (false).
    pub const IF_CONDITION: &str = "IF_CONDITION";
    /// Keeps the items that match (output 0), the rest on output 1.
    pub const FILTER: &str = "FILTER";
    /// Routes each item to the outputs whose rules match.
    pub const SWITCH: &str = "SWITCH";
    /// Joins the items of its inputs.
    pub const MERGE: &str = "MERGE";
    /// Sends its items to several outputs.
    pub const SPLIT: &str = "SPLIT";
    /// Sets fields of each item.
    pub const SET: &str = "SET";
    /// Calls a URL once per item.
    pub const HTTP_REQUEST: &str = "HTTP_REQUEST";
    /// Waits, durably.
    pub const WAIT: &str = "WAIT";
    /// Runs JavaScript in a sandbox.
    pub const RUN_CODE: &str = "RUN_CODE";

    /// Every trigger type.
    pub const TRIGGERS: [&str; 4] = [MANUAL_TRIGGER, WEBHOOK_TRIGGER, SCHEDULE_TRIGGER, CONNECTOR_TRIGGER];
}

impl Node {
    /// The label the user sees (`data.label`), else the id.
    pub fn label(&self) -> &str {
        self.text("label").unwrap_or(&self.id)
    }

    /// Whether the node starts the workflow.
    pub fn is_trigger(&self) -> bool {
        node_type::TRIGGERS.contains(&self.node_type.as_str())
    }

    /// `data.connectorType`, else `data.connector`.
    pub fn connector(&self) -> Option<&str> {
        self.text("connectorType").or_else(|| self.text("connector"))
    }

    /// `data.actionId`, else `data.action`.
    pub fn action(&self) -> Option<&str> {
        self.text("actionId").or_else(|| self.text("action"))
    }

    /// `data.triggerId`, else `data.trigger`.
    pub fn trigger(&self) -> Option<&str> {
        self.text("triggerId").or_else(|| self.text("trigger"))
    }

    /// The node's parameters: `data.actionParams`, else `data.triggerParams` (or
    /// `data.triggerConfig`), else `data.config`; a core node also reads its settings from
    /// `data` itself (FluxTurn's editors store SET's `fields` or WAIT's `amount` there), with
    /// `data.config` taking precedence.
    pub fn params(&self) -> Map<String, Value> {
        for key in ["actionParams", "triggerParams", "triggerConfig"] {
            if let Some(Value::Object(params)) = self.data.get(key) {
                if !params.is_empty() {
                    return params.clone();
                }
            }
        }
        let config = match self.data.get("config") {
            Some(Value::Object(config)) => config.clone(),
            _ => Map::new(),
        };
        if self.connector().is_some() && matches!(self.node_type.as_str(), "CONNECTOR_ACTION" | "CONNECTOR_TRIGGER") {
            return config;
        }
        let mut params = self.data.clone();
        for key in ["config", "actionParams", "triggerParams", "triggerConfig"] {
            params.remove(key);
        }
        params.extend(config);
        params
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.data.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
    }
}

impl Edge {
    /// The output of `source` this edge takes, as FluxTurn maps handles: `false` (and
    /// `discarded`) is 1, `output-N` is N, anything else (`true`, `source-1`, none) is 0.
    ///
    /// ```
    /// use fluxturn_workflow::canvas::Edge;
    /// let edge = |handle: Option<&str>| Edge { source_handle: handle.map(str::to_owned), ..Edge::default() };
    /// assert_eq!(edge(Some("false")).output(), 1);
    /// assert_eq!(edge(Some("output-3")).output(), 3);
    /// assert_eq!(edge(Some("true")).output(), 0);
    /// assert_eq!(edge(Some("source-2")).output(), 0);
    /// assert_eq!(edge(None).output(), 0);
    /// ```
    pub fn output(&self) -> usize {
        match self.source_handle.as_deref() {
            Some("false" | "discarded") => 1,
            Some(handle) => handle.strip_prefix("output-").and_then(|n| n.parse().ok()).unwrap_or(0),
            None => 0,
        }
    }
}
