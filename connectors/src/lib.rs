//! Every FluxTurn connector. Each is one annotated file, `categories/<category>/src/<name>.rs`, in
//! its category's crate (so an edit recompiles one category, not the catalogue), declared as a module
//! in that crate's `lib.rs` (plain Rust, so rustfmt, clippy and rust-analyzer see it) and named once
//! in the `connectors!` list below, which adds it to `ConnectorType` and registers it.
//! `fluxturn new connector` writes all three.
//!
//! ```
//! let acme = connectors::registry().definition("acme").unwrap();
//! assert_eq!(acme.display_name, "Acme");
//! assert_eq!("acme".parse::<connectors::ConnectorType>().unwrap(), connectors::ConnectorType::Acme);
//! ```

/// Language models.
pub use connectors_ai as ai;
/// Traffic and audience reports.
pub use connectors_analytics as analytics;
/// Chat, messaging, SMS and email.
pub use connectors_communication as communication;
/// Customer data.
pub use connectors_crm as crm;
/// SQL databases, spoken to over their own protocols.
pub use connectors_database as database;
/// Source hosting.
pub use connectors_development as development;
/// Payments and shops.
pub use connectors_ecommerce as ecommerce;
/// Forms and surveys.
pub use connectors_forms as forms;
/// Advertising and marketing.
pub use connectors_marketing as marketing;
/// Notes, tasks and projects.
pub use connectors_project_management as project_management;
/// Social networks and video platforms.
pub use connectors_social as social;
/// Files, folders, documents and spreadsheets.
pub use connectors_storage as storage;

/// What the Google connectors share: their credentials form, list pagination, quota errors, link IDs
/// and timestamps.
pub use connectors_shared::google;

fluxturn_core::connectors! {
    communication::acme::Acme,
    communication::discord::Discord,
    development::github::GitHub,
    communication::slack::Slack,
    communication::smtp::Smtp,
    communication::imap::Imap,
    communication::telegram::Telegram,
    communication::twilio::Twilio,
    ecommerce::stripe::Stripe,
    project_management::notion::Notion,
    crm::airtable::Airtable,
    ai::openai::OpenAi,
    database::postgresql::PostgreSql,
    database::mysql::MySql,
    storage::google_sheets::GoogleSheets,
    storage::google_drive::GoogleDrive,
    communication::gmail::Gmail,
    communication::google_calendar::GoogleCalendar,
    forms::google_forms::GoogleForms,
    storage::google_docs::GoogleDocs,
    analytics::google_analytics::GoogleAnalytics,
    social::youtube::YouTube,
    marketing::google_ads::GoogleAds,
    social::twitter::Twitter,
    ecommerce::shopify::Shopify,
    storage::dropbox::Dropbox,
    forms::jotform::Jotform,
    social::reddit::Reddit,
}
