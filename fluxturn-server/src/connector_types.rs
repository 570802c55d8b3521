//! Connector types by name, and what their definitions (and declarations) say about OAuth2.

use crate::error::ServiceError;
use fluxturn_core::auth::OAuthProvider;
use fluxturn_core::{ConnectorDefinition, Registry};

/// The definition of the connector type `name`; an unknown name lists the known ones.
pub fn definition(registry: &'static Registry, name: &str) -> Result<&'static ConnectorDefinition, ServiceError> {
    registry.definition(name).ok_or_else(|| ServiceError::UnknownConnectorType {
        name: name.to_owned(),
        known: Some(registry.names().map(str::to_owned).collect()),
    })
}

/// Whether a definition declares OAuth2 (alone or beside other auth methods).
pub fn uses_oauth(definition: &ConnectorDefinition) -> bool {
    definition.oauth_config.is_some()
}

/// The shared OAuth2 provider connector type `name` signs in through (`provider = "google"`), if any.
pub fn oauth_provider(registry: &Registry, name: &str) -> Option<&'static OAuthProvider> {
    registry.get(name)?.meta().auth.iter().find_map(|method| method.oauth_provider())
}

/// The name of the OAuth app a connector type uses: its shared provider's (one app for every
/// Google connector), else its own. The server's client settings are `<NAME>_OAUTH_*`.
pub fn oauth_app(registry: &Registry, name: &str) -> String {
    oauth_provider(registry, name).map_or_else(|| name.to_owned(), |provider| provider.name.to_owned())
}

/// Whether OAuth2 is a definition's only auth method, so nothing works before it is authorized.
pub fn oauth_only(definition: &ConnectorDefinition) -> bool {
    definition.auth_type == "oauth2"
}

/// Whether the connector type `name` declares PKCE (S256) for its OAuth2 method. The definition
/// does not say it (FluxTurn's `oauth_config` has no such key); the declaration does.
pub fn uses_pkce(registry: &Registry, name: &str) -> bool {
    registry.get(name).is_some_and(|entry| entry.meta().uses_pkce())
}
