//! Every FluxTurn connector. Each is one annotated file under `src/<category>/`, declared as a
//! module below (plain Rust, so rustfmt, clippy and rust-analyzer see it) and named once in the
//! `connectors!` list, which adds it to `ConnectorType` and registers it.
//!
//! ```
//! let acme = connectors::registry().definition("acme").unwrap();
//! assert_eq!(acme.display_name, "Acme");
//! assert_eq!("acme".parse::<connectors::ConnectorType>().unwrap(), connectors::ConnectorType::Acme);
//! ```

/// Language models.
pub mod ai {
    pub mod openai;
}

/// Traffic and audience reports.
pub mod analytics {
    pub mod google_analytics;
}

/// Chat, messaging, SMS and email.
pub mod communication {
    pub mod acme;
    pub mod discord;
    pub mod gmail;
    pub mod google_calendar;
    pub mod imap;
    pub mod slack;
    pub mod smtp;
    pub mod telegram;
    pub mod twilio;
}

/// Customer data.
pub mod crm {
    pub mod airtable;
}

/// SQL databases, spoken to over their own protocols.
pub mod database {
    pub mod mysql;
    pub mod postgresql;
    mod sql;
}

/// Source hosting.
pub mod development {
    pub mod github;
}

/// Payments and shops.
pub mod ecommerce {
    pub mod shopify;
    pub mod stripe;
}

/// Forms and surveys.
pub mod forms {
    pub mod google_forms;
    pub mod jotform;
}

/// Advertising and marketing.
pub mod marketing {
    pub mod google_ads;
}

/// What the Google connectors share: their credentials form, list pagination, quota errors, link IDs
/// and timestamps.
pub mod google;

/// Files, folders, documents and spreadsheets.
pub mod storage {
    pub mod dropbox;
    pub mod google_docs;
    pub mod google_drive;
    pub mod google_sheets;
}

/// Notes, tasks and projects.
pub mod project_management {
    pub mod notion;
}

/// Social networks and video platforms.
pub mod social {
    pub mod reddit;
    pub mod twitter;
    pub mod youtube;
}

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
