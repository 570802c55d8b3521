//! The nodes the engine runs itself: connector actions, the flow nodes (IF, FILTER, SWITCH,
//! MERGE) and SET.

pub mod action;
pub mod flow;
pub mod http;
pub mod set;
pub mod wait;
