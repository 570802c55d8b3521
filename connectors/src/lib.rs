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

/// Chat, messaging and SMS.
pub mod communication {
    pub mod acme;
    pub mod discord;
    pub mod slack;
    pub mod telegram;
    pub mod twilio;
}

/// Customer data.
pub mod crm {
    pub mod airtable;
}

/// Source hosting.
pub mod development {
    pub mod github;
}

/// Payments and shops.
pub mod ecommerce {
    pub mod stripe;
}

/// What the Google connectors share: their credentials form, list pagination and error reading.
pub mod google;

/// Advertising and marketing.
pub mod marketing {
    pub mod google_ads;
}

/// Notes, tasks and projects.
pub mod project_management {
    pub mod notion;
}

/// Social networks and video platforms.
pub mod social {
    pub mod youtube;
}

fluxturn_core::connectors! {
    communication::acme::Acme,
    communication::discord::Discord,
    development::github::GitHub,
    communication::slack::Slack,
    communication::telegram::Telegram,
    communication::twilio::Twilio,
    ecommerce::stripe::Stripe,
    project_management::notion::Notion,
    crm::airtable::Airtable,
    ai::openai::OpenAi,
    social::youtube::YouTube,
    marketing::google_ads::GoogleAds,
}
