//! Connector configurations as the API sees them: credentials validated against the
//! definition, encrypted before they are stored, masked when shown; connected (instances are
//! cached per configuration, see `instances`), tested and executed.

use crate::app::AppState;
use crate::configs;
use crate::connector_types::{self, oauth_only, uses_oauth};
use crate::error::ServiceError;
use crate::instances::Instance;
use crate::storage::{self, configs::StoredConfig};
use fluxturn_core::{ConnectContext, Connector, ConnectorDefinition, ConnectorError, ErrorCode, FieldError};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// What a secret credential shows as; sending it back in an update keeps the stored value.
pub const MASK: &str = "********";

/// Credential keys the server itself stores for OAuth2 connectors.
const OAUTH_KEYS: &[&str] =
    &["accessToken", "refreshToken", "expiresAt", "tokenType", "scope", fluxturn_core::auth::OAUTH2_TOKEN_FIELDS];

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
    /// Always `true`: a stored configuration is usable (FluxTurn's credentials list reads it).
    pub is_active: bool,
    /// Always `active` (FluxTurn's shape).
    pub status: String,
    /// When "Test connection" last ran (RFC 3339), as FluxTurn's credentials list reads it.
    pub last_tested_at: Option<String>,
    /// `success` or `failed`: the outcome of the last "Test connection".
    pub test_status: Option<String>,
    /// Creation time.
    pub created_at: String,
    /// Last update.
    pub updated_at: String,
}

/// `GET /api/v1/connectors`: the page FluxTurn's credentials list reads.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ConfigList {
    /// The configurations, secrets masked, oldest first.
    pub connectors: Vec<ConfigView>,
    /// How many configurations are stored.
    pub total: usize,
    /// How many this page holds at most (every one: the list is not paged yet).
    pub limit: usize,
    /// Where this page starts.
    pub offset: usize,
}

/// Every stored configuration, its secrets masked.
pub async fn list(state: &AppState) -> Result<ConfigList, ServiceError> {
    let connectors: Vec<ConfigView> =
        storage::configs::list(&state.pool).await?.iter().map(|stored| view(state, stored)).collect();
    Ok(ConfigList { total: connectors.len(), limit: connectors.len(), offset: 0, connectors })
}

/// The configuration `id`, its secrets masked.
pub async fn get(state: &AppState, id: &str) -> Result<ConfigView, ServiceError> {
    Ok(view(state, &configs::load(&state.pool, id).await?))
}

/// Shows a configuration with its secrets masked; credentials the key cannot read show as none.
pub fn view(state: &AppState, stored: &StoredConfig) -> ConfigView {
    let credentials = match configs::decrypt(&state.cipher, stored) {
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
        is_active: true,
        status: "active".to_owned(),
        last_tested_at: stored.last_test_at.clone(),
        test_status: stored.last_test_success.map(|ok| if ok { "success" } else { "failed" }.to_owned()),
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

/// New credentials with every masked value replaced by the stored one (when it can be read).
fn unmask(new: Map<String, Value>, current: Option<&Map<String, Value>>) -> Map<String, Value> {
    new.into_iter()
        .map(|(key, value)| {
            let kept = match (&value, current) {
                (Value::String(s), Some(current)) if s == MASK => current.get(&key).cloned(),
                _ => None,
            };
            (key, kept.unwrap_or(value))
        })
        .collect()
}

/// A configuration's name must not be blank.
fn check_name(name: &str) -> Result<(), ServiceError> {
    if name.trim().is_empty() {
        return Err(ServiceError::InvalidConfiguration {
            errors: vec![FieldError { field: "name".into(), message: "must not be empty".into() }],
        });
    }
    Ok(())
}

/// Checks credentials and settings against the definition by connecting an instance with them.
fn check(
    definition: &ConnectorDefinition,
    credentials: &Map<String, Value>,
    config: &Map<String, Value>,
    state: &AppState,
    id: Option<&str>,
) -> Result<Box<dyn Connector>, ServiceError> {
    let oauth = uses_oauth(definition);
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
        return Err(ServiceError::InvalidConfiguration { errors });
    }
    let token_refresher = match id {
        Some(id) if oauth && credentials.contains_key("refreshToken") => Some(state.oauth.refresher(id)),
        _ => None,
    };
    let mut options = ConnectContext::new(credentials.clone());
    if let Some(base_url) = base_url {
        options = options.with_base_url(base_url);
    }
    if let Some(refresher) = token_refresher {
        options = options.with_token_refresher(refresher);
    }
    state.catalogue.registry().connect(&definition.name, options).map_err(connect_error)
}

/// A connector's refusal of its credentials becomes field errors; anything else stays a
/// connector error.
fn connect_error(error: ConnectorError) -> ServiceError {
    if error.code != ErrorCode::InvalidCredentials {
        return ServiceError::Connector(error);
    }
    let keys: Vec<String> = match (&error.details["field"], &error.details["missing"]) {
        (Value::String(field), _) => vec![field.clone()],
        (_, Value::Array(missing)) => missing.iter().filter_map(|k| k.as_str().map(str::to_owned)).collect(),
        _ => vec![],
    };
    let errors =
        keys.iter().map(|k| FieldError { field: format!("credentials.{k}"), message: error.message.clone() }).collect();
    ServiceError::InvalidCredentials { message: error.message, errors }
}

/// FluxTurn's credentials form sends the choice of auth method (`authType`, `authMode`, ...) in
/// `config`, not in `credentials`: a `config` value whose key is one of the connector's choice
/// fields (a select, [`AuthField::is_choice`](fluxturn_core::AuthField::is_choice)) is taken as
/// that credential when `credentials` does not give it. Secrets never come from `config`.
fn adopt_auth_choices(
    definition: &ConnectorDefinition,
    credentials: &mut Map<String, Value>,
    config: &Map<String, Value>,
) {
    for field in definition.auth_fields.iter().filter(|f| f.is_choice()) {
        let given = credentials.get(&field.key).is_some_and(|v| !v.is_null() && v.as_str() != Some(""));
        if let (false, Some(value)) = (given, config.get(&field.key)) {
            credentials.insert(field.key.clone(), value.clone());
        }
    }
}

/// Validates, encrypts and stores a new configuration.
pub async fn create(state: &AppState, mut request: CreateConfig) -> Result<ConfigView, ServiceError> {
    let definition = connector_types::definition(state.catalogue.registry(), &request.connector_type)?;
    check_name(&request.name)?;
    adopt_auth_choices(definition, &mut request.credentials, &request.config);
    let connector = check(definition, &request.credentials, &request.config, state, None)?;
    let id = uuid::Uuid::new_v4().to_string();
    let now = storage::now();
    let stored = StoredConfig {
        credentials: configs::seal(&state.cipher, &id, &request.credentials),
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
    state.instances.put(&stored.id, &stored.version(), connector).await;
    tracing::info!(id = %stored.id, connector = %stored.connector_type, "configuration created");
    Ok(view(state, &stored))
}

/// Applies an update; masked credential values keep the stored ones.
pub async fn update(state: &AppState, id: &str, request: UpdateConfig) -> Result<ConfigView, ServiceError> {
    let mut stored = configs::load(&state.pool, id).await?;
    let definition = connector_types::definition(state.catalogue.registry(), &stored.connector_type)?;
    let current = configs::decrypt(&state.cipher, &stored);
    let mut credentials = match request.credentials {
        None => current?,
        Some(new) => unmask(new, current.as_ref().ok()),
    };
    if let Some(name) = request.name {
        check_name(&name)?;
        stored.name = name;
    }
    let config = match request.config {
        Some(config) => config,
        None => stored.config.as_object().cloned().unwrap_or_default(),
    };
    adopt_auth_choices(definition, &mut credentials, &config);
    let connector = check(definition, &credentials, &config, state, Some(id))?;
    stored.config = Value::Object(config);
    stored.credentials = configs::seal(&state.cipher, &stored.id, &credentials);
    stored.updated_at = storage::now();
    if !storage::configs::update(&state.pool, &stored).await? {
        return Err(ServiceError::ConfigurationNotFound { id: id.to_owned() });
    }
    state.instances.forget(id).await;
    state.instances.put(id, &stored.version(), connector).await;
    // A gateway connection of this configuration reconnects with the new credentials.
    state.gateways.wake();
    Ok(view(state, &stored))
}

/// Deletes a configuration (and closes its instance).
pub async fn delete(state: &AppState, id: &str) -> Result<(), ServiceError> {
    // Its trigger registrations go first, each webhook removed at the provider; a refusal stops
    // here and keeps the configuration (its credentials are needed to retry).
    crate::triggers::subscription::remove_all_of(state, id, std::time::SystemTime::now()).await?;
    if !storage::configs::delete(&state.pool, id).await? {
        return Err(ServiceError::ConfigurationNotFound { id: id.to_owned() });
    }
    state.instances.forget(id).await;
    state.gateways.wake();
    Ok(())
}

/// Configuration `id`, its OAuth2 token fresh, and its connected instance.
pub(crate) async fn connected(state: &AppState, id: &str) -> Result<(StoredConfig, Arc<Instance>), ServiceError> {
    let stored = fresh(state, configs::load(&state.pool, id).await?).await?;
    let instance = instance(state, &stored).await?;
    Ok((stored, instance))
}

/// The connected instance of a configuration (cached while the configuration is unchanged).
async fn instance(state: &AppState, stored: &StoredConfig) -> Result<Arc<Instance>, ServiceError> {
    if let Some(instance) = state.instances.get(&stored.id, &stored.version()) {
        return Ok(instance);
    }
    let definition = connector_types::definition(state.catalogue.registry(), &stored.connector_type)?;
    let credentials = configs::decrypt(&state.cipher, stored)?;
    let settings = stored.config.as_object().cloned().unwrap_or_default();
    let connector = check(definition, &credentials, &settings, state, Some(&stored.id))?;
    Ok(state.instances.put(&stored.id, &stored.version(), connector).await)
}

/// The configuration with its OAuth2 token refreshed first when it is about to expire; a
/// configuration that must be authorized first says so.
async fn fresh(state: &AppState, stored: StoredConfig) -> Result<StoredConfig, ServiceError> {
    let definition = connector_types::definition(state.catalogue.registry(), &stored.connector_type)?;
    if !uses_oauth(definition) {
        return Ok(stored);
    }
    if oauth_only(definition) && !configs::decrypt(&state.cipher, &stored)?.contains_key("accessToken") {
        return Err(ServiceError::NotAuthorizedYet { id: stored.id });
    }
    if state.oauth.ensure_fresh(&stored).await? {
        return configs::load(&state.pool, &stored.id).await;
    }
    Ok(stored)
}

/// Runs "Test connection" and records its outcome.
pub async fn test(state: &AppState, id: &str) -> Result<Value, ServiceError> {
    let stored = fresh(state, configs::load(&state.pool, id).await?).await?;
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
pub async fn execute(state: &AppState, id: &str, request: ExecuteRequest) -> Result<Value, ServiceError> {
    // Trusting a configuration for a moment saves a read when this instance is the only writer
    // (SQLite, which forgets it on every local change). With several instances on PostgreSQL an
    // update may come from another one, so every call reads it: a version check would cost the
    // same round trip.
    let recent = match crate::storage::dialect(&state.pool) {
        crate::storage::Dialect::Sqlite => state.instances.recent_config(id),
        crate::storage::Dialect::Postgres => None,
    };
    let stored = match recent {
        Some(stored) => stored,
        None => {
            let stored = configs::load(&state.pool, id).await?;
            state.instances.remember_config(&stored);
            stored
        }
    };
    let definition = connector_types::definition(state.catalogue.registry(), &stored.connector_type)?;
    if definition.action(&request.action).is_none() {
        return Err(ServiceError::UnknownAction {
            connector: definition.name.clone(),
            action: request.action,
            valid: definition.supported_actions.iter().map(|a| a.id.clone()).collect(),
        });
    }
    let input = if request.parameters.is_null() { Value::Object(Map::new()) } else { request.parameters };
    let errors = state.catalogue.validate_input(&definition.name, &request.action, &input);
    if !errors.is_empty() {
        return Err(ServiceError::InvalidInput { action: request.action, errors });
    }
    let stored = fresh(state, stored).await?;
    let instance = instance(state, &stored).await?;
    let output = instance.execute(&request.action, input).await?;
    Ok(json!({ "success": true, "data": output }))
}
