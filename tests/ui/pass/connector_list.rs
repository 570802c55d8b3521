//! The `connectors!` list beside plain `mod` declarations: `ConnectorType`, the registry.
use std::str::FromStr;

mod listed {
    pub mod alpha;
    pub mod beta;
}

fluxturn_core::connectors! {
    listed::alpha::Alpha,
    listed::beta::Beta,
}

fn main() {
    assert_eq!(ConnectorType::ALL, &[ConnectorType::Alpha, ConnectorType::Beta]);
    assert_eq!(ConnectorType::from_str("beta").unwrap(), ConnectorType::Beta);
    assert_eq!(ConnectorType::Alpha.to_string(), "alpha");
    assert_eq!(registry().names().collect::<Vec<_>>(), ["alpha", "beta"]);
    assert_eq!(registry().definition("beta").unwrap().display_name, "Beta");
    assert_eq!(CONNECTOR_FILES, &["listed/alpha.rs", "listed/beta.rs"]);
    assert!(registry().connect("gamma", Default::default()).is_err());
}
