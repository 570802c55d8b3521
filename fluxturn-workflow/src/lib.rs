//! FluxTurn workflows: the React-Flow canvas FluxTurn stores (`{nodes, edges}`), the safe
//! expression language its parameters use (`{{ $json.x }}`), and the engine that runs a canvas
//! from its trigger in dependency order, items flowing as in n8n.

pub mod aliases;
pub mod canvas;
pub mod conditions;
pub mod engine;
pub mod expr;
pub mod graph;
pub mod item;
mod nodes;
pub mod validate;
