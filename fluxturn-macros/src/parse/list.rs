//! `connectors! { communication::acme::Acme, ... }` → the list of connector paths.

use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Path, Token};

/// The connector list.
pub struct ConnectorList {
    /// Each entry: module path then the connector type (`communication::acme::Acme`).
    pub entries: Vec<Path>,
}

impl Parse for ConnectorList {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let entries = Punctuated::<Path, Token![,]>::parse_terminated(input)?;
        Ok(Self { entries: entries.into_iter().collect() })
    }
}
