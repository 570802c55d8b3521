//! # fluxturn-server
//!
//! The `fluxturn` binary's library: storage (embedded SQLite or PostgreSQL, embedded migrations), seeding,
//! encrypted credentials, and the HTTP API that serves definitions and runs connectors. It knows
//! no connector by name: everything comes from the registry it is given.

pub mod api;
pub mod app;
pub mod catalogue;
pub mod config;
pub mod configs;
pub mod connections;
pub mod connector_types;
pub mod crypto;
pub mod error;
pub mod export;
pub mod instances;
pub mod oauth;
pub mod oauth_url;
pub mod operator;
pub mod scaffold;
pub mod schedule;
mod secret_file;
pub mod storage;
pub mod triggers;
pub mod validate;
pub mod workflows;
