//! `connectors! { communication::acme::Acme, ... }` → the list of connector paths, after an
//! optional `crate = "path";` naming where `fluxturn_core` is.

use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{LitStr, Path, Token};

/// The connector list.
pub struct ConnectorList {
    /// `crate = "...";`.
    pub krate: Option<Path>,
    /// Each entry: module path then the connector type (`communication::acme::Acme`).
    pub entries: Vec<Path>,
}

impl Parse for ConnectorList {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let krate = if input.peek(Token![crate]) && input.peek2(Token![=]) {
            input.parse::<Token![crate]>()?;
            input.parse::<Token![=]>()?;
            let path = input.parse::<LitStr>()?.parse()?;
            input.parse::<Token![;]>()?;
            Some(path)
        } else {
            None
        };
        let entries = Punctuated::<Path, Token![,]>::parse_terminated(input)?;
        Ok(Self { krate, entries: entries.into_iter().collect() })
    }
}
