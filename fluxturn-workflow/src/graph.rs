//! The shape of a canvas as the engine walks it: what the trigger reaches, in dependency order,
//! and each node's parents and children by output.

use crate::canvas::{Canvas, Edge, Node};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// The part of a canvas reachable from one trigger, ordered so that every node comes after all
/// of its reachable parents.
#[derive(Debug, Clone)]
pub struct Plan<'c> {
    /// The canvas.
    pub canvas: &'c Canvas,
    /// The trigger the run starts at.
    pub trigger: &'c Node,
    /// The reachable nodes in dependency order (the trigger first); ties keep canvas order.
    pub order: Vec<&'c Node>,
    /// Per reachable node, the edges into it from reachable nodes.
    pub incoming: BTreeMap<&'c str, Vec<&'c Edge>>,
}

/// Why a canvas cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    /// No trigger node.
    #[error("the workflow has no trigger: add a Manual, Webhook, Schedule or connector trigger")]
    NoTrigger,
    /// More than one trigger, where one is needed.
    #[error("the workflow has {0} triggers ({1}); keep one")]
    SeveralTriggers(usize, String),
    /// The named trigger is not a trigger node of the canvas.
    #[error("node `{0}` is not a trigger of this workflow")]
    NotATrigger(String),
    /// An edge names a node that is not there.
    #[error("edge `{edge}` connects `{from}` to `{target}`, and `{missing}` is not a node of the workflow")]
    DanglingEdge {
        /// The edge's id.
        edge: String,
        /// Its source.
        from: String,
        /// Its target.
        target: String,
        /// The missing one.
        missing: String,
    },
    /// A cycle among the reachable nodes (labels in cycle order).
    #[error("the workflow has a cycle: {}; remove one of these connections", .0.join(" → "))]
    Cycle(Vec<String>),
}

/// The trigger nodes of a canvas.
pub fn triggers(canvas: &Canvas) -> Vec<&Node> {
    canvas.nodes.iter().filter(|n| n.is_trigger()).collect()
}

/// Checks every edge names two nodes of the canvas.
pub fn check_edges(canvas: &Canvas) -> Result<(), GraphError> {
    let ids: BTreeSet<&str> = canvas.nodes.iter().map(|n| n.id.as_str()).collect();
    for edge in &canvas.edges {
        for end in [&edge.source, &edge.target] {
            if !ids.contains(end.as_str()) {
                return Err(GraphError::DanglingEdge {
                    edge: edge.id.clone(),
                    from: edge.source.clone(),
                    target: edge.target.clone(),
                    missing: end.clone(),
                });
            }
        }
    }
    Ok(())
}

/// Plans a run from trigger `trigger_id`, or from the only trigger when `None`.
///
/// ```
/// use fluxturn_workflow::{canvas::Canvas, graph::plan};
/// let canvas = Canvas::from_value(serde_json::json!({
///     "nodes": [
///         {"id": "b", "type": "SET", "data": {}},
///         {"id": "t", "type": "MANUAL_TRIGGER", "data": {}},
///         {"id": "a", "type": "SET", "data": {}},
///         {"id": "orphan", "type": "SET", "data": {}}
///     ],
///     "edges": [{"source": "t", "target": "a"}, {"source": "a", "target": "b"}, {"source": "t", "target": "b"}]
/// })).unwrap();
/// let plan = plan(&canvas, None).unwrap();
/// let order: Vec<&str> = plan.order.iter().map(|n| n.id.as_str()).collect();
/// assert_eq!(order, ["t", "a", "b"], "b waits for both parents; the orphan is not reached");
/// ```
pub fn plan<'c>(canvas: &'c Canvas, trigger_id: Option<&str>) -> Result<Plan<'c>, GraphError> {
    check_edges(canvas)?;
    let trigger = match trigger_id {
        Some(id) => canvas.node(id).filter(|n| n.is_trigger()).ok_or_else(|| GraphError::NotATrigger(id.to_owned()))?,
        None => match triggers(canvas).as_slice() {
            [] => return Err(GraphError::NoTrigger),
            [one] => one,
            many => {
                let labels = many.iter().map(|n| n.label()).collect::<Vec<_>>().join(", ");
                return Err(GraphError::SeveralTriggers(many.len(), labels));
            }
        },
    };
    let reachable = reachable(canvas, &trigger.id);
    let mut incoming: BTreeMap<&str, Vec<&Edge>> = BTreeMap::new();
    for edge in &canvas.edges {
        if reachable.contains(edge.source.as_str()) && reachable.contains(edge.target.as_str()) {
            incoming.entry(edge.target.as_str()).or_default().push(edge);
        }
    }
    // Kahn's algorithm over the reachable nodes; canvas order breaks ties.
    let position: BTreeMap<&str, usize> = canvas.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let mut waiting: BTreeMap<&str, BTreeSet<&str>> = reachable
        .iter()
        .map(|id| (*id, incoming.get(id).into_iter().flatten().map(|e| e.source.as_str()).collect()))
        .collect();
    let mut order = Vec::with_capacity(reachable.len());
    let mut ready: Vec<&str> = vec![trigger.id.as_str()];
    waiting.remove(trigger.id.as_str());
    while let Some(id) = ready.pop() {
        order.push(canvas.node(id).expect("reachable nodes exist"));
        let mut freed = Vec::new();
        waiting.retain(|child, parents| {
            parents.remove(id);
            let free = parents.is_empty();
            if free {
                freed.push(*child);
            }
            !free
        });
        ready.extend(freed);
        ready.sort_by_key(|id| std::cmp::Reverse(position[id]));
    }
    if let Some(cycle) = find_cycle(&waiting) {
        let label = |id: &str| canvas.node(id).map(|n| n.label().to_owned()).unwrap_or_else(|| id.to_owned());
        return Err(GraphError::Cycle(cycle.iter().map(|id| label(id)).collect()));
    }
    Ok(Plan { canvas, trigger, order, incoming })
}

/// The ids reachable from `start` along edges (itself included).
fn reachable<'c>(canvas: &'c Canvas, start: &'c str) -> BTreeSet<&'c str> {
    let mut seen = BTreeSet::from([start]);
    let mut queue = VecDeque::from([start]);
    while let Some(id) = queue.pop_front() {
        for edge in canvas.edges.iter().filter(|e| e.source == id) {
            if seen.insert(edge.target.as_str()) {
                queue.push_back(edge.target.as_str());
            }
        }
    }
    seen
}

/// A cycle among the nodes Kahn's algorithm could not free (each still waits for a parent),
/// closed (its first node repeated at the end).
fn find_cycle<'c>(waiting: &BTreeMap<&'c str, BTreeSet<&'c str>>) -> Option<Vec<&'c str>> {
    let start = *waiting.keys().next()?;
    // Walk parents that are themselves stuck: a finite walk must come back to a node.
    let mut path = vec![start];
    let mut current = start;
    loop {
        let parent = *waiting[current].iter().find(|p| waiting.contains_key(*p))?;
        if let Some(at) = path.iter().position(|id| *id == parent) {
            let mut cycle: Vec<&str> = path[at..].iter().rev().copied().collect();
            cycle.push(cycle[0]);
            return Some(cycle);
        }
        path.push(parent);
        current = parent;
    }
}

impl Plan<'_> {
    /// The reachable parents of node `id`, each with the output it takes.
    pub fn parents(&self, id: &str) -> impl Iterator<Item = (&str, usize)> {
        self.incoming.get(id).into_iter().flatten().map(|e| (e.source.as_str(), e.output()))
    }
}
