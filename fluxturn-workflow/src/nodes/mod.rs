//! The nodes the engine runs itself: connector actions, the flow nodes (IF, FILTER, SWITCH,
//! MERGE), SET and RUN_CODE.

pub mod action;
pub mod code;
pub mod flow;
pub mod http;
pub mod set;
pub mod wait;
