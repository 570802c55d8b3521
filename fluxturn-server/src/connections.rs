//! Connector configurations as the API sees them: credentials validated against the
//! definition, encrypted before they are stored, masked when shown; connected instances cached
//! per configuration (so each keeps its rate limiter), tested and executed.

use crate::api::error::ApiError;
use crate::app::AppState;
use crate::storage::{self, configs::StoredConfig};
use axum::http::StatusCode;
use fluxturn_core::{ConnectContext, Connector, ConnectorDefinition, ErrorCode, FieldError};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What a secret credential shows as; sending it back in an update keeps the stored value.
pub const MASK: &str = "********";

/// Credential keys the server itself stores for OAuth2 connectors.
const OAUTH_KEYS: &[&str] = &["accessToken", "refreshToken", "expiresAt", "tokenType", "scope"];

/// `POST /api/v1/connectors`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateConfig {
    /// The connector's name (`"acme"`).
    pub connector_type: String,
    /// The user's name for this connection.
    pub name: String,
    /// Credential values by key.
    #[serde(default)]
    pub credentials: Map<String, Value>,
    /// Settings: `base_url` overrides the definition's.
    #[serde(default)]
    pub config: Map<String, Value>,
}

/// `PUT /api/v1/connectors/{id}`: what is given replaces what is stored.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateConfig {
    /// New name.
    pub name: Option<String>,
    /// New credentials; a masked value (`********`) keeps the stored one.
    pub credentials: Option<Map<String, Value>>,
    /// New settings.
    pub config: Option<Map<String, Value>>,
}

/// `POST /api/v1/connectors/{id}/execute`, as FluxTurn sends it.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExecuteRequest {
    /// The action id.
    pub action: String,
    /// The action's input (`input` is accepted too).
    #[serde(default, alias = "input")]
    pub parameters: Value,
}

/// A configuration as the API shows it: credentials masked.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ConfigView {
    /// Id.
    pub id: String,
    /// Connector name.
    pub connector_type: String,
    /// The user's name for it.
    pub name: String,
    /// Credentials, secret values masked.
    pub credentials: Map<String, Value>,
    /// Settings.
    pub config: Value,
    /// The last "Test connection".
    pub last_test: Option<Value>,
    /// Creation time.
    pub created_at: String,
    /// Last update.
    pub updated_at: String,
}

/// A connected instance and the `updated_at` of the configuration it was built from.
type VersionedInstance = (String, Arc<dyn Connector>);

/// How long `execute` trusts a configuration it read, before reading it again (changes made
/// through this server are seen at once; this bounds how stale another instance's changes get).
const CONFIG_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(2);

/// Connected instances by configuration id, and the configurations `execute` read recently.
#[derive(Default)]
pub struct InstanceCache {
    instances: Mutex<HashMap<String, VersionedInstance>>,
    configs: Mutex<HashMap<String, (std::time::Instant, StoredConfig)>>,
}

impl InstanceCache {
    fn get(&self, id: &str, version: &str) -> Option<Arc<dyn Connector>> {
        let instances = self.instances.lock().ok()?;
        instances.get(id).filter(|(v, _)| v == version).map(|(_, c)| c.clone())
    }

    fn put(&self, id: &str, version: &str, connector: Arc<dyn Connector>) {
        if let Ok(mut instances) = self.instances.lock() {
            instances.insert(id.to_owned(), (version.to_owned(), connector));
        }
    }

    /// Forgets the instance and the cached configuration of a changed or deleted configuration.
    pub fn forget(&self, id: &str) {
        if let Ok(mut instances) = self.instances.lock() {
            instances.remove(id);
        }
        if let Ok(mut configs) = self.configs.lock() {
            configs.remove(id);
        }
    }

    fn recent_config(&self, id: &str) -> Option<StoredConfig> {
        let configs = self.configs.lock().ok()?;
        configs.get(id).filter(|(at, _)| at.elapsed() < CONFIG_CACHE_TTL).map(|(_, c)| c.clone())
    }

    fn remember_config(&self, config: &StoredConfig) {
        if let Ok(mut configs) = self.configs.lock() {
            configs.insert(config.id.clone(), (std::time::Instant::now(), config.clone()));
        }
    }
}

fn definition(state: &AppState, connector_type: &str) -> Result<&'static ConnectorDefinition, ApiError> {
    state.catalogue.definition(connector_type).ok_or_else(|| {
        let known: Vec<&str> = state.catalogue.registry().names().collect();
        ApiError::not_found(format!("unknown connector type `{connector_type}`; known types: {}", known.join(", ")))
    })
}

/// Shows a configuration with its secrets masked.
pub fn view(state: &AppState, stored: &StoredConfig) -> ConfigView {
    let credentials = match decrypt(state, stored) {
        Ok(credentials) => mask(state.catalogue.definition(&stored.connector_type), &credentials),
        Err(_) => Map::new(),
    };
    let last_test = stored
        .last_test_at
        .as_ref()
        .map(|at| json!({ "tested_at": at, "success": stored.last_test_success, "message": stored.last_test_message }));
    ConfigView {
        id: stored.id.clone(),
        connector_type: stored.connector_type.clone(),
        name: stored.name.clone(),
        credentials,
        config: stored.config.clone(),
        last_test,
        created_at: stored.created_at.clone(),
        updated_at: stored.updated_at.clone(),
    }
}

/// Secret and unknown keys replaced by [`MASK`].
fn mask(definition: Option<&ConnectorDefinition>, credentials: &Map<String, Value>) -> Map<String, Value> {
    credentials
        .iter()
        .map(|(key, value)| {
            let field = definition.and_then(|d| d.auth_fields.iter().find(|f| &f.key == key));
            let shown = match field {
                Some(field) if !field.is_secret() => value.clone(),
                _ if value.is_null() => Value::Null,
                _ => Value::from(MASK),
            };
            (key.clone(), shown)
        })
        .collect()
}

/// The decrypted credentials of a stored configuration; 409 when the key cannot read them.
pub fn decrypt(state: &AppState, stored: &StoredConfig) -> Result<Map<String, Value>, ApiError> {
    let plaintext = state.cipher.decrypt(&stored.id, &stored.credentials).map_err(|e| {
        ApiError::new(StatusCode::CONFLICT, "credentials_unreadable", format!("configuration `{}`: {e}", stored.id))
    })?;
    serde_json::from_slice(&plaintext).map_err(|e| {
        ApiError::internal(format!("configuration {} holds credentials that are not JSON: {e}", stored.id))
    })
}

/// Checks credentials and settings against the definition by connecting an instance with them.
fn check(
    definition: &ConnectorDefinition,
    credentials: &Map<String, Value>,
    config: &Map<String, Value>,
    state: &AppState,
    id: Option<&str>,
) -> Result<Arc<dyn Connector>, ApiError> {
    let oauth = definition.auth_type == "oauth2" || definition.auth_types.iter().any(|t| t == "oauth2");
    let mut errors: Vec<FieldError> = credentials
        .keys()
        .filter(|key| {
            let declared = definition.auth_fields.iter().any(|f| &f.key == *key);
            let stored_by_oauth = oauth && OAUTH_KEYS.contains(&key.as_str());
            !declared && !stored_by_oauth
        })
        .map(|key| {
            let known: Vec<&str> = definition.auth_fields.iter().map(|f| f.key.as_str()).collect();
            FieldError {
                field: format!("credentials.{key}"),
                message: format!("unknown credential `{key}`; `{}` takes: {}", definition.name, known.join(", ")),
            }
        })
        .collect();
    let base_url = match config.get("base_url") {
        None | Some(Value::Null) => None,
        Some(Value::String(url)) if url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https")) => {
            Some(url.clone())
        }
        Some(_) => {
            errors.push(FieldError {
                field: "config.base_url".into(),
                message: "must be an absolute http(s) URL".into(),
            });
            None
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::validation("invalid configuration", errors));
    }
    let token_refresher = match id {
        Some(id) if crate::oauth::uses_oauth(definition) && credentials.contains_key("refreshToken") => {
            Some(state.oauth.refresher(id))
        }
        _ => None,
    };
    let mut options = ConnectContext::new(credentials.clone());
    if let Some(base_url) = base_url {
        options = options.with_base_url(base_url);
    }
    if let Some(refresher) = token_refresher {
        options = options.with_token_refresher(refresher);
    }
    state.catalogue.registry().connect(&definition.name, options).map(Arc::from).map_err(|error| {
        if error.code == ErrorCode::InvalidCredentials {
            let keys: Vec<String> = match (&error.details["field"], &error.details["missing"]) {
                (Value::String(field), _) => vec![field.clone()],
                (_, Value::Array(missing)) => missing.iter().filter_map(|k| k.as_str().map(str::to_owned)).collect(),
                _ => vec![],
            };
            let errors = keys
                .iter()
                .map(|k| FieldError { field: format!("credentials.{k}"), message: error.message.clone() })
                .collect();
            ApiError::validation(error.message, errors)
        } else {
            ApiError::from(error)
        }
    })
}

/// Validates, encrypts and stores a new configuration.
pub async fn create(state: &AppState, request: CreateConfig) -> Result<ConfigView, ApiError> {
    let definition = definition(state, &request.connector_type)?;
    if request.name.trim().is_empty() {
        return Err(ApiError::validation(
            "invalid configuration",
            vec![FieldError { field: "name".into(), message: "must not be empty".into() }],
        ));
    }
    let instance = check(definition, &request.credentials, &request.config, state, None)?;
    let id = uuid::Uuid::new_v4().to_string();
    let now = storage::now();
    let stored = StoredConfig {
        credentials: state.cipher.encrypt(&id, &serde_json::to_vec(&request.credentials).map_err(ApiError::internal)?),
        id,
        connector_type: definition.name.clone(),
        name: request.name,
        config: Value::Object(request.config),
        last_test_at: None,
        last_test_success: None,
        last_test_message: None,
        created_at: now.clone(),
        updated_at: now,
    };
    storage::configs::insert(&state.pool, &stored).await?;
    state.instances.put(&stored.id, &stored.updated_at, instance);
    tracing::info!(id = %stored.id, connector = %stored.connector_type, "configuration created");
    Ok(view(state, &stored))
}

/// The stored configuration `id`, or 404.
pub async fn load(state: &AppState, id: &str) -> Result<StoredConfig, ApiError> {
    storage::configs::get(&state.pool, id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no connector configuration with id `{id}`")))
}

/// Applies an update; masked credential values keep the stored ones.
pub async fn update(state: &AppState, id: &str, request: UpdateConfig) -> Result<ConfigView, ApiError> {
    let mut stored = load(state, id).await?;
    let definition = definition(state, &stored.connector_type)?;
    let current = decrypt(state, &stored);
    let credentials = match (request.credentials, &current) {
        (None, Ok(current)) => current.clone(),
        (None, Err(_)) => return Err(current.unwrap_err()),
        (Some(new), current) => new
            .into_iter()
            .map(|(key, value)| {
                let kept = match (&value, current) {
                    (Value::String(s), Ok(current)) if s == MASK => current.get(&key).cloned(),
                    _ => None,
                };
                (key, kept.unwrap_or(value))
            })
            .collect(),
    };
    if let Some(name) = request.name {
        if name.trim().is_empty() {
            return Err(ApiError::validation(
                "invalid configuration",
                vec![FieldError { field: "name".into(), message: "must not be empty".into() }],
            ));
        }
        stored.name = name;
    }
    let config = match request.config {
        Some(config) => config,
        None => stored.config.as_object().cloned().unwrap_or_default(),
    };
    let instance = check(definition, &credentials, &config, state, Some(id))?;
    stored.config = Value::Object(config);
    stored.credentials =
        state.cipher.encrypt(&stored.id, &serde_json::to_vec(&credentials).map_err(ApiError::internal)?);
    stored.updated_at = storage::now();
    if !storage::configs::update(&state.pool, &stored).await? {
        return Err(ApiError::not_found(format!("no connector configuration with id `{id}`")));
    }
    state.instances.forget(id);
    state.instances.put(id, &stored.updated_at, instance);
    Ok(view(state, &stored))
}

/// Deletes a configuration.
pub async fn delete(state: &AppState, id: &str) -> Result<(), ApiError> {
    if !storage::configs::delete(&state.pool, id).await? {
        return Err(ApiError::not_found(format!("no connector configuration with id `{id}`")));
    }
    state.instances.forget(id);
    Ok(())
}

/// The connected instance of a configuration (cached while the configuration is unchanged).
async fn instance(state: &AppState, stored: &StoredConfig) -> Result<Arc<dyn Connector>, ApiError> {
    if let Some(instance) = state.instances.get(&stored.id, &stored.updated_at) {
        return Ok(instance);
    }
    let definition = definition(state, &stored.connector_type)?;
    let credentials = decrypt(state, stored)?;
    let instance = check(
        definition,
        &credentials,
        &stored.config.as_object().cloned().unwrap_or_default(),
        state,
        Some(&stored.id),
    )?;
    state.instances.put(&stored.id, &stored.updated_at, instance.clone());
    Ok(instance)
}

/// The configuration with its OAuth2 token refreshed first when it is about to expire; a
/// configuration that must be authorized first is a 424 saying so.
async fn fresh(state: &AppState, stored: StoredConfig) -> Result<StoredConfig, ApiError> {
    let definition = definition(state, &stored.connector_type)?;
    if !crate::oauth::uses_oauth(definition) {
        return Ok(stored);
    }
    if definition.auth_type == "oauth2" && !decrypt(state, &stored)?.contains_key("accessToken") {
        return Err(ApiError::new(
            StatusCode::FAILED_DEPENDENCY,
            "needs_authorization",
            format!(
                "configuration `{}` is not authorized yet: send the user to GET /api/v1/connectors/{}/oauth/url",
                stored.id, stored.id
            ),
        ));
    }
    if state.oauth.ensure_fresh(&stored).await? {
        return load(state, &stored.id).await;
    }
    Ok(stored)
}

/// Runs "Test connection" and records its outcome.
pub async fn test(state: &AppState, id: &str) -> Result<Value, ApiError> {
    let stored = fresh(state, load(state, id).await?).await?;
    let instance = instance(state, &stored).await?;
    let outcome = instance.test_connection().await;
    let at = storage::now();
    let (success, message, error) = match outcome {
        Ok(()) => (true, "connection works".to_owned(), Value::Null),
        Err(error) => (false, error.message.clone(), serde_json::to_value(&error).unwrap_or_default()),
    };
    storage::configs::record_test(&state.pool, id, success, &message, &at).await?;
    tracing::info!(id, connector = %stored.connector_type, success, "connection tested");
    let mut body = json!({ "success": success, "message": message, "tested_at": at });
    if !error.is_null() {
        body["error"] = error;
    }
    Ok(body)
}

/// Validates the input against the action's JSON Schema, then runs the action.
pub async fn execute(state: &AppState, id: &str, request: ExecuteRequest) -> Result<Value, ApiError> {
    let stored = match state.instances.recent_config(id) {
        Some(stored) => stored,
        None => {
            let stored = load(state, id).await?;
            state.instances.remember_config(&stored);
            stored
        }
    };
    let definition = definition(state, &stored.connector_type)?;
    if definition.action(&request.action).is_none() {
        let valid: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
        return Err(ApiError::not_found(format!(
            "connector `{}` has no action `{}`; valid actions: {}",
            definition.name,
            request.action,
            valid.join(", ")
        )));
    }
    let input = if request.parameters.is_null() { Value::Object(Map::new()) } else { request.parameters };
    let errors = state.catalogue.validate_input(&definition.name, &request.action, &input);
    if !errors.is_empty() {
        return Err(ApiError::validation(format!("invalid input for `{}`", request.action), errors));
    }
    let stored = fresh(state, stored).await?;
    let instance = instance(state, &stored).await?;
    let output = instance.execute(&request.action, input).await?;
    Ok(json!({ "success": true, "data": output }))
}
