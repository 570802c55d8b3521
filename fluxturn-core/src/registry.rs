//! The registry of every connector, built by `fluxturn_core::connectors! { ... }` in the
//! connectors crate.

use crate::connect::ConnectContext;
use crate::connector::{Connector, ConnectorSpec};
use crate::definition::ConnectorDefinition;
use crate::meta::{ConnectorMeta, TriggerMeta};
use crate::runtime::ActionSet;
use crate::{ConnectorError, ErrorCode, Result};
use std::sync::OnceLock;

/// One registered connector type, erased to function pointers.
#[derive(Clone, Copy)]
pub struct ConnectorEntry {
    /// The connector's name.
    pub name: &'static str,
    meta: ConnectorMeta,
    definition: fn() -> ConnectorDefinition,
    icon: fn() -> Option<&'static str>,
    connect: fn(ConnectContext) -> Result<Box<dyn Connector>>,
    triggers: &'static [TriggerMeta],
}

impl std::fmt::Debug for ConnectorEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectorEntry").field("name", &self.name).finish_non_exhaustive()
    }
}

impl ConnectorEntry {
    /// The entry of connector type `C`.
    pub const fn of<C: ConnectorSpec + Connector + ActionSet>() -> Self {
        Self {
            name: C::NAME,
            meta: C::META,
            definition: C::definition,
            icon: C::icon,
            connect: connect_boxed::<C>,
            triggers: C::TRIGGERS,
        }
    }

    /// What each `#[trigger(...)]` declares: verification, secret, event id.
    pub fn triggers(&self) -> &'static [TriggerMeta] {
        self.triggers
    }

    /// What trigger `id` declares.
    pub fn trigger(&self, id: &str) -> Option<&'static TriggerMeta> {
        self.triggers.iter().find(|trigger| trigger.id == id)
    }

    /// What `#[connector(...)]` declares, including what the definition leaves out (PKCE).
    pub fn meta(&self) -> &ConnectorMeta {
        &self.meta
    }

    /// Builds the definition (schemas included); the registry caches it.
    pub fn build_definition(&self) -> ConnectorDefinition {
        (self.definition)()
    }

    /// The SVG icon.
    pub fn icon(&self) -> Option<&'static str> {
        (self.icon)()
    }

    /// Connects an instance: checks the credentials against the connector type, then builds it.
    pub fn connect(&self, ctx: ConnectContext) -> Result<Box<dyn Connector>> {
        (self.connect)(ctx)
    }
}

fn connect_boxed<C: ConnectorSpec + Connector>(ctx: ConnectContext) -> Result<Box<dyn Connector>> {
    Ok(Box::new(ctx.connect::<C>()?))
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

    /// Connects an instance of `name` (see [`ConnectorEntry::connect`]); an unknown name lists
    /// the known ones.
    pub fn connect(&self, name: &str, ctx: ConnectContext) -> Result<Box<dyn Connector>> {
        let entry = self.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.names().collect();
            ConnectorError::new(
                ErrorCode::NotFound,
                format!("unknown connector `{name}`; known connectors: {}", known.join(", ")),
            )
        })?;
        entry.connect(ctx)
    }
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}
