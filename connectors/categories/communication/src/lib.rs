//! FluxTurn's `communication` connectors: Chat, messaging, SMS and email. Each is one
//! annotated file in `src/`, declared below and named once in the `connectors!` list of the
//! `connectors` crate.

pub mod acme;
pub mod discord;
pub mod gmail;
pub mod google_calendar;
pub mod imap;
pub mod slack;
pub mod smtp;
pub mod telegram;
pub mod twilio;
