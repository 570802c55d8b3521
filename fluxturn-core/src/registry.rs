//! The registry of every connector, built by `fluxturn_core::connectors! { ... }` in the
//! connectors crate.

use crate::connector::{ConnectContext, Connector, ConnectorSpec};
use crate::definition::ConnectorDefinition;
use crate::{ConnectorError, ErrorCode, Result};
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// One registered connector type, erased to function pointers.
#[derive(Clone, Copy)]
pub struct ConnectorEntry {
    /// The connector's name.
    pub name: &'static str,
    definition: fn() -> ConnectorDefinition,
    icon: fn() -> Option<&'static str>,
    connect: fn(ConnectOptions) -> Result<Box<dyn Connector>>,
}

impl std::fmt::Debug for ConnectorEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectorEntry").field("name", &self.name).finish_non_exhaustive()
    }
}

/// What an instance is connected with.
#[derive(Clone, Default)]
pub struct ConnectOptions {
    /// The stored credential values.
    pub credentials: Map<String, Value>,
    /// Replaces the declared base URL.
    pub base_url: Option<String>,
    /// Timeouts and retries; `None` keeps the defaults.
    pub http_options: Option<crate::http::HttpOptions>,
    /// Refreshes an expired OAuth2 access token.
    pub token_refresher: Option<std::sync::Arc<dyn crate::http::TokenRefresher>>,
}

impl std::fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectOptions")
            .field("credential_keys", &self.credentials.keys().collect::<Vec<_>>())
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl ConnectorEntry {
    /// The entry of connector type `C`.
    pub const fn of<C: ConnectorSpec + Connector>() -> Self {
        Self { name: C::NAME, definition: C::definition, icon: C::icon, connect: connect_boxed::<C> }
    }

    /// Builds the definition (schemas included); the registry caches it.
    pub fn build_definition(&self) -> ConnectorDefinition {
        (self.definition)()
    }

    /// The SVG icon.
    pub fn icon(&self) -> Option<&'static str> {
        (self.icon)()
    }

    /// Connects an instance.
    pub fn connect(&self, options: ConnectOptions) -> Result<Box<dyn Connector>> {
        (self.connect)(options)
    }
}

fn connect_boxed<C: ConnectorSpec + Connector>(options: ConnectOptions) -> Result<Box<dyn Connector>> {
    let mut ctx = ConnectContext::new::<C>(options.credentials)?;
    ctx.base_url_override = options.base_url;
    ctx.token_refresher = options.token_refresher;
    if let Some(http_options) = options.http_options {
        ctx.http_options = http_options;
    }
    Ok(Box::new(C::connect(&ctx)?))
}

/// Every connector type, with their definitions built once.
pub struct Registry {
    entries: &'static [ConnectorEntry],
    definitions: OnceLock<Vec<ConnectorDefinition>>,
}

impl Registry {
    /// A registry of these entries.
    pub const fn new(entries: &'static [ConnectorEntry]) -> Self {
        Self { entries, definitions: OnceLock::new() }
    }

    /// Every entry, in list order.
    pub fn entries(&self) -> &'static [ConnectorEntry] {
        self.entries
    }

    /// The entry named `name`.
    pub fn get(&self, name: &str) -> Option<&'static ConnectorEntry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// Every connector's name.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.entries.iter().map(|e| e.name)
    }

    /// Every definition, built on first use.
    pub fn definitions(&self) -> &[ConnectorDefinition] {
        self.definitions.get_or_init(|| self.entries.iter().map(ConnectorEntry::build_definition).collect())
    }

    /// The definition of `name`.
    pub fn definition(&self, name: &str) -> Option<&ConnectorDefinition> {
        self.definitions().iter().find(|d| d.name == name)
    }

    /// Connects an instance of `name`; an unknown name lists the known ones.
    pub fn connect(&self, name: &str, options: ConnectOptions) -> Result<Box<dyn Connector>> {
        let entry = self.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.names().collect();
            ConnectorError::new(
                ErrorCode::NotFound,
                format!("unknown connector `{name}`; known connectors: {}", known.join(", ")),
            )
        })?;
        entry.connect(options)
    }
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}
