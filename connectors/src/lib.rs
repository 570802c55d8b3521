//! Every FluxTurn connector. Each is one annotated file under `src/<category>/`, plus one line
//! in the list below, which declares its module, adds it to `ConnectorType` and registers it.
//!
//! ```
//! let acme = connectors::registry().definition("acme").unwrap();
//! assert_eq!(acme.display_name, "Acme");
//! assert_eq!("acme".parse::<connectors::ConnectorType>().unwrap(), connectors::ConnectorType::Acme);
//! ```

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
}
