//! Every FluxTurn connector. Each is one annotated file, `catalogue/<name>/src/<name>.rs`, the
//! root of its own crate (so an edit recompiles that connector, not the catalogue), re-exported
//! below under its category and named once in the `connectors!` list, which adds it to
//! `ConnectorType` and registers it. `fluxturn new connector` writes all of it.
//!
//! ```
//! let acme = connectors::registry().definition("acme").unwrap();
//! assert_eq!(acme.display_name, "Acme");
//! assert_eq!("acme".parse::<connectors::ConnectorType>().unwrap(), connectors::ConnectorType::Acme);
//! ```

/// Language models.
pub mod ai {
    pub use connector_openai as openai;
}

/// Traffic and audience reports.
pub mod analytics {
    pub use connector_google_analytics as google_analytics;
}

/// Chat, messaging, SMS and email.
pub mod communication {
    pub use connector_acme as acme;
    pub use connector_discord as discord;
    pub use connector_gmail as gmail;
    pub use connector_google_calendar as google_calendar;
    pub use connector_imap as imap;
    pub use connector_slack as slack;
    pub use connector_smtp as smtp;
    pub use connector_teams as teams;
    pub use connector_telegram as telegram;
    pub use connector_twilio as twilio;
    pub use connector_whatsapp as whatsapp;
}

/// Customer data.
pub mod crm {
    pub use connector_airtable as airtable;
    pub use connector_hubspot as hubspot;
    pub use connector_salesforce as salesforce;
}

/// SQL databases, spoken to over their own protocols.
pub mod database {
    pub use connector_mysql as mysql;
    pub use connector_postgresql as postgresql;
}

/// Source hosting.
pub mod development {
    pub use connector_github as github;
}

/// Payments and shops.
pub mod ecommerce {
    pub use connector_shopify as shopify;
    pub use connector_stripe as stripe;
    pub use connector_woocommerce as woocommerce;
}

/// Forms and surveys.
pub mod forms {
    pub use connector_google_forms as google_forms;
    pub use connector_jotform as jotform;
}

/// Advertising and marketing.
pub mod marketing {
    pub use connector_google_ads as google_ads;
    pub use connector_mailchimp as mailchimp;
    pub use connector_sendgrid_marketing as sendgrid_marketing;
}

/// Notes, tasks and projects.
pub mod project_management {
    pub use connector_asana as asana;
    pub use connector_clickup as clickup;
    pub use connector_notion as notion;
    pub use connector_trello as trello;
}

/// Social networks and video platforms.
pub mod social {
    pub use connector_facebook_graph as facebook_graph;
    pub use connector_linkedin as linkedin;
    pub use connector_reddit as reddit;
    pub use connector_twitter as twitter;
    pub use connector_youtube as youtube;
}

/// Files, folders, documents and spreadsheets.
pub mod storage {
    pub use connector_dropbox as dropbox;
    pub use connector_google_docs as google_docs;
    pub use connector_google_drive as google_drive;
    pub use connector_google_sheets as google_sheets;
}

/// What the Google connectors share: their credentials form, list pagination, quota errors, link IDs
/// and timestamps.
pub use connectors_google as google;

/// Connectors of the `cms` category.
pub mod cms {
    pub use connector_wordpress as wordpress;
}

/// Connectors of the `video` category.
pub mod video {
    pub use connector_zoom as zoom;
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
    ecommerce::woocommerce::Woocommerce,
    marketing::mailchimp::Mailchimp,
    cms::wordpress::Wordpress,
    project_management::clickup::Clickup,
    video::zoom::Zoom,
    social::linkedin::Linkedin,
    communication::whatsapp::Whatsapp,
    crm::hubspot::Hubspot,
    social::facebook_graph::FacebookGraph,
    marketing::sendgrid_marketing::SendgridMarketing,
    communication::teams::Teams,
    project_management::asana::Asana,
    project_management::trello::Trello,
    crm::salesforce::Salesforce,
}
