//! OAuth2 connections: the authorization URL (single-use `state`, PKCE S256), the callback's code
//! exchange, encrypted token storage, refresh (before expiry, once after a 401, once for
//! concurrent callers), revoke and status. The protocol parts come from the `oauth2` crate.

use crate::configs;
use crate::connector_types::{self, uses_oauth, uses_pkce};
use crate::crypto::CredentialCipher;
use crate::error::ServiceError;
use crate::instances::InstanceCache;
use crate::storage::Db;
use crate::storage::{self, configs::StoredConfig};
use fluxturn_core::{BoxFuture, ConnectorDefinition, ConnectorError, Registry, TokenRefresher};
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet,
    ExtraTokenFields, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, Scope, StandardRevocableToken,
    StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long an authorization `state` stays valid.
pub const STATE_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// A token this close to expiry is refreshed before a call.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(60);
/// The callback route (public: the `state` authenticates it).
pub const CALLBACK_PATH: &str = "/api/v1/connectors/oauth/callback";
/// The per-provider callback routes FluxTurn's frontend shows as redirect URIs
/// (`{provider}` is any provider name; the `state` says which configuration it is).
pub const PROVIDER_CALLBACK_PATHS: [&str; 2] = ["/api/oauth/{provider}/callback", "/api/v1/oauth/{provider}/callback"];
/// How long after its creation a configuration may start the public one-click authorization.
pub const ONE_CLICK_WINDOW: Duration = Duration::from_secs(10 * 60);

/// One connector's OAuth2 client settings from `<NAME>_OAUTH_*` environment variables.
#[derive(Debug, Clone, Default)]
pub struct ClientSettings {
    /// `<NAME>_OAUTH_CLIENT_ID`.
    pub client_id: Option<String>,
    /// `<NAME>_OAUTH_CLIENT_SECRET`.
    pub client_secret: Option<String>,
    /// `<NAME>_OAUTH_REDIRECT_URI`.
    pub redirect_uri: Option<String>,
    /// `<NAME>_OAUTH_AUTHORIZATION_URL`: replaces the declared one (self-hosted providers).
    pub authorization_url: Option<String>,
    /// `<NAME>_OAUTH_TOKEN_URL`: replaces the declared one.
    pub token_url: Option<String>,
}

/// The variables `fluxturn env-example` prints for one OAuth app (a connector's own, or a shared
/// provider's such as `google`).
pub fn env_names(app: &str) -> [String; 3] {
    let prefix = app.to_uppercase();
    [
        format!("{prefix}_OAUTH_CLIENT_ID"),
        format!("{prefix}_OAUTH_CLIENT_SECRET"),
        format!("{prefix}_OAUTH_REDIRECT_URI"),
    ]
}

/// The `.env` lines of every OAuth2 connector: what `fluxturn env-example` prints.
pub fn env_example(registry: &Registry) -> String {
    let mut out = String::from("# OAuth2 clients of the registered connectors (register an app with each provider).\n");
    out.push_str("# The redirect URI defaults to <FLUXTURN_PUBLIC_URL>/api/v1/connectors/oauth/callback.\n");
    // One block per app: the connectors of a shared provider share theirs.
    let mut apps: Vec<(String, Vec<&str>)> = Vec::new();
    for definition in registry.definitions().iter().filter(|d| uses_oauth(d)) {
        let app = connector_types::oauth_app(registry, &definition.name);
        match apps.iter_mut().find(|(name, _)| *name == app) {
            Some((_, users)) => users.push(&definition.display_name),
            None => apps.push((app, vec![&definition.display_name])),
        }
    }
    for (app, users) in apps {
        out.push_str(&format!("\n# {}\n", users.join(", ")));
        for name in env_names(&app) {
            out.push_str(&format!("{name}=\n"));
        }
    }
    out
}

/// Client settings of every OAuth2 connector of a registry, read from the environment.
pub fn settings_from_env(registry: &Registry) -> HashMap<String, ClientSettings> {
    settings_from(registry, |name| std::env::var(name).ok())
}

/// Client settings of every OAuth2 connector of a registry from the variables `var` reads: each
/// connector's from `<APP>_OAUTH_*`, where the app is its shared provider's (so `GOOGLE_OAUTH_*`
/// configures every Google connector at once) or its own name. Blank values count as unset.
pub fn settings_from(registry: &Registry, var: impl Fn(&str) -> Option<String>) -> HashMap<String, ClientSettings> {
    let var = |name: String| var(&name).filter(|v| !v.trim().is_empty());
    registry
        .definitions()
        .iter()
        .filter(|d| uses_oauth(d))
        .map(|d| {
            let prefix = connector_types::oauth_app(registry, &d.name).to_uppercase();
            let settings = ClientSettings {
                client_id: var(format!("{prefix}_OAUTH_CLIENT_ID")),
                client_secret: var(format!("{prefix}_OAUTH_CLIENT_SECRET")),
                redirect_uri: var(format!("{prefix}_OAUTH_REDIRECT_URI")),
                authorization_url: var(format!("{prefix}_OAUTH_AUTHORIZATION_URL")),
                token_url: var(format!("{prefix}_OAUTH_TOKEN_URL")),
            };
            (d.name.clone(), settings)
        })
        .collect()
}

/// The fields of a token response besides the standard ones (Salesforce's `instance_url`, the
/// host its API answers on), kept with the tokens under
/// [`OAUTH2_TOKEN_FIELDS`](fluxturn_core::auth::OAUTH2_TOKEN_FIELDS).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct OtherTokenFields {
    #[serde(flatten)]
    fields: Map<String, Value>,
}

impl ExtraTokenFields for OtherTokenFields {}

/// A token endpoint's answer, with its other fields.
type TokenAnswer = StandardTokenResponse<OtherTokenFields, BasicTokenType>;

type ConfiguredClient = Client<
    BasicErrorResponse,
    TokenAnswer,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// Everything OAuth2 needs; cheap to clone (the token refresher of each instance holds one).
#[derive(Clone)]
pub struct OAuthService {
    registry: &'static Registry,
    pool: Db,
    cipher: CredentialCipher,
    instances: Arc<InstanceCache>,
    settings: Arc<HashMap<String, ClientSettings>>,
    public_url: String,
    /// The frontend's origin: a redirect URI there hands the code to the frontend, which posts
    /// it to `POST /connectors/{id}/oauth/callback`.
    frontend_origin: Option<String>,
    http: reqwest::Client,
    /// One lock per configuration, so concurrent callers refresh once.
    locks: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
    /// The connectors whose token endpoint refused the client secret as HTTP Basic and took it
    /// in the form body: their next token request sends it there first.
    secret_in_body: Arc<Mutex<HashSet<String>>>,
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

fn hash_state(state: &str) -> String {
    Sha256::digest(state.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

impl OAuthService {
    /// The service over the server's storage.
    pub fn new(
        registry: &'static Registry,
        pool: Db,
        cipher: CredentialCipher,
        instances: Arc<InstanceCache>,
        settings: HashMap<String, ClientSettings>,
        public_url: String,
        frontend_url: Option<&str>,
    ) -> anyhow::Result<Self> {
        // The token endpoint must not be followed through redirects (SSRF, code leaks).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()?;
        Ok(Self {
            registry,
            pool,
            cipher,
            instances,
            settings: Arc::new(settings),
            public_url,
            frontend_origin: frontend_url.and_then(origin_of),
            http,
            locks: Arc::default(),
            secret_in_body: Arc::default(),
        })
    }

    /// The definition of an OAuth2 connector type.
    fn definition(&self, connector: &str) -> Result<&'static ConnectorDefinition, ServiceError> {
        let definition =
            connector_types::definition(self.registry, connector).map_err(ServiceError::without_known_types)?;
        if !uses_oauth(definition) {
            return Err(ServiceError::OAuthNotSupported { connector: connector.to_owned() });
        }
        Ok(definition)
    }

    /// The server's redirect URI: `<NAME>_OAUTH_REDIRECT_URI`, else this server's callback.
    fn redirect_uri(&self, connector: &str) -> String {
        self.settings
            .get(connector)
            .and_then(|s| s.redirect_uri.clone())
            .unwrap_or_else(|| format!("{}{CALLBACK_PATH}", self.public_url))
    }

    /// The redirect URI of one configuration: its `config.redirect_uri` (what FluxTurn's
    /// credential dialog sends, and the user registered with their own OAuth app) when it leads
    /// back to this server's callbacks or to the frontend; else the server's.
    fn redirect_uri_of(&self, stored: &StoredConfig) -> Result<String, ServiceError> {
        let given = stored.config.get("redirect_uri").and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
        let Some(given) = given else { return Ok(self.redirect_uri(&stored.connector_type)) };
        if self.accepts_redirect(given) {
            return Ok(given.to_owned());
        }
        let frontend = self.frontend_origin.as_deref().map(|o| format!(", or any page of {o}")).unwrap_or_default();
        Err(ServiceError::InvalidConfiguration {
            errors: vec![fluxturn_core::FieldError {
                field: "config.redirect_uri".into(),
                message: format!(
                    "`{given}` leads neither to this server's OAuth2 callback ({public}{CALLBACK_PATH}, {public}/api/oauth/<provider>/callback or {public}/api/v1/oauth/<provider>/callback){frontend}; \
                     the authorization code must come back here",
                    public = self.public_url
                ),
            }],
        })
    }

    /// Whether `uri` is one of this server's callbacks or a page of the frontend.
    fn accepts_redirect(&self, uri: &str) -> bool {
        let Ok(url) = url::Url::parse(uri) else { return false };
        let origin = url.origin().ascii_serialization();
        if self.frontend_origin.as_deref() == Some(origin.as_str()) {
            return true;
        }
        if origin_of(&self.public_url).as_deref() != Some(origin.as_str()) {
            return false;
        }
        let path = url.path();
        path == CALLBACK_PATH
            || PROVIDER_CALLBACK_PATHS.iter().any(|pattern| {
                let (prefix, suffix) = pattern.split_once("{provider}").expect("the patterns name the provider");
                path.strip_prefix(prefix)
                    .and_then(|rest| rest.strip_suffix(suffix))
                    .is_some_and(|provider| !provider.is_empty() && !provider.contains('/'))
            })
    }

    /// The protocol client of a configuration: the user's own app (clientId/clientSecret
    /// credentials) or the server's (`<NAME>_OAUTH_CLIENT_ID`/`_SECRET`).
    fn client(
        &self,
        definition: &ConnectorDefinition,
        credentials: &Map<String, Value>,
        redirect_uri: &str,
    ) -> Result<(ConfiguredClient, bool), ServiceError> {
        let settings = self.settings.get(&definition.name).cloned().unwrap_or_default();
        // The user's own client, under the key its form uses (`clientId` or `client_id`).
        let own = |keys: [&str; 2]| {
            keys.iter()
                .find_map(|key| credentials.get(*key).and_then(Value::as_str).filter(|s| !s.trim().is_empty()))
                .map(|s| s.trim().to_owned())
        };
        let client_id = own(["clientId", "client_id"]).or(settings.client_id).ok_or_else(|| {
            let app = connector_types::oauth_app(self.registry, &definition.name);
            let [client_id_variable, client_secret_variable, _] = env_names(&app);
            ServiceError::OAuthNotConfigured {
                connector: definition.name.clone(),
                client_id_variable,
                client_secret_variable,
            }
        })?;
        let client_secret = own(["clientSecret", "client_secret"]).or(settings.client_secret);
        let oauth = definition.oauth_config.as_ref().expect("checked by definition()");
        let auth_url = settings.authorization_url.unwrap_or_else(|| oauth.authorization_url.clone());
        let token_url = settings.token_url.unwrap_or_else(|| oauth.token_url.clone());
        // `{tenantId}`, `{instanceUrl}`: endpoints that depend on the connection.
        let (auth_url, token_url) =
            (crate::oauth_url::fill(&auth_url, credentials)?, crate::oauth_url::fill(&token_url, credentials)?);
        let invalid = |what: &str, e: oauth2::url::ParseError| {
            ServiceError::Internal(format!("the {what} of `{}` is not a URL: {e}", definition.name))
        };
        let mut client = Client::<
            BasicErrorResponse,
            TokenAnswer,
            BasicTokenIntrospectionResponse,
            StandardRevocableToken,
            BasicRevocationErrorResponse,
        >::new(ClientId::new(client_id))
        .set_auth_uri(AuthUrl::new(auth_url).map_err(|e| invalid("authorization URL", e))?)
        .set_token_uri(TokenUrl::new(token_url).map_err(|e| invalid("token URL", e))?)
        .set_redirect_uri(RedirectUrl::new(redirect_uri.to_owned()).map_err(|e| invalid("redirect URI", e))?);
        let has_secret = client_secret.is_some();
        if let Some(secret) = client_secret {
            client = client.set_client_secret(ClientSecret::new(secret));
        }
        Ok((client, has_secret))
    }

    /// `GET /connectors/{id}/oauth/url`: the provider's authorization URL with the declared
    /// scopes, a single-use `state` bound to this configuration and, where the connector
    /// declares PKCE, an S256 challenge. The PKCE verifier stays on the server (encrypted with
    /// the state), so the answer never carries it.
    pub async fn authorization_url(&self, id: &str) -> Result<Value, ServiceError> {
        let stored = configs::load(&self.pool, id).await?;
        let definition = self.definition(&stored.connector_type)?;
        let credentials = configs::decrypt(&self.cipher, &stored)?;
        let redirect_uri = self.redirect_uri_of(&stored)?;
        let (client, _) = self.client(definition, &credentials, &redirect_uri)?;
        let oauth = definition.oauth_config.as_ref().expect("checked by definition()");
        let mut request =
            client.authorize_url(CsrfToken::new_random).add_scopes(oauth.scopes.iter().map(|s| Scope::new(s.clone())));
        if let Some(provider) = connector_types::oauth_provider(self.registry, &definition.name) {
            for (key, value) in provider.authorization_params {
                request = request.add_extra_param(*key, *value);
            }
        }
        let pkce = uses_pkce(self.registry, &definition.name);
        let verifier = if pkce {
            let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
            request = request.set_pkce_challenge(challenge);
            Some(verifier)
        } else {
            None
        };
        let (url, state) = request.url();
        let expires_at = unix_now() + STATE_LIFETIME.as_secs();
        let sealed_verifier = verifier.map(|v| self.cipher.encrypt(&hash_state(state.secret()), v.secret().as_bytes()));
        sqlx::query("INSERT INTO oauth_states (state_hash, config_id, pkce_verifier, redirect_uri, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(hash_state(state.secret()))
            .bind(id)
            .bind(sealed_verifier)
            .bind(&redirect_uri)
            .bind(expires_at as i64)
            .execute(&self.pool)
            .await?;
        sqlx::query("DELETE FROM oauth_states WHERE expires_at < $1")
            .bind(unix_now() as i64)
            .execute(&self.pool)
            .await?;
        let url = url.to_string();
        Ok(json!({
            "url": url, "authorization_url": url, "state": state.secret(), "expires_at": expires_at, "pkce": pkce,
            "redirect_uri": redirect_uri,
        }))
    }

    /// The callback: consumes the `state` (once), exchanges the code, stores the tokens.
    /// Returns the configuration id and the outcome; a failure leaves the configuration in place
    /// with its status showing the error.
    pub async fn callback(&self, params: &HashMap<String, String>) -> (Option<String>, Result<(), ServiceError>) {
        let Some(state) = params.get("state") else {
            return (None, Err(authorization_failed("the callback has no `state`")));
        };
        let consumed = match self.consume_state(state).await {
            Ok(consumed) => consumed,
            Err(error) => return (None, Err(error)),
        };
        let id = consumed.config_id.clone();
        let outcome =
            self.finish(consumed, params.get("code"), params.get("error"), params.get("error_description"), None).await;
        (Some(id), outcome)
    }

    /// `POST /connectors/{id}/oauth/callback`: the frontend's callback page posts the `code` and
    /// `state` the provider gave it. The state must belong to configuration `id`. The verifier
    /// the server keeps is used; a `code_verifier` from the client only where the server has none.
    pub async fn callback_posted(
        &self,
        id: &str,
        code: &str,
        state: &str,
        code_verifier: Option<&str>,
    ) -> Result<(), ServiceError> {
        let consumed = self.consume_state(state).await?;
        if consumed.config_id != id {
            return Err(authorization_failed(
                "this `state` was issued for another configuration; start the connection again from this one",
            ));
        }
        let code = code.to_owned();
        self.finish(consumed, Some(&code), None, None, code_verifier).await
    }

    /// Deletes and returns the row of a `state` (single use), failing when it is unknown.
    async fn consume_state(&self, state: &str) -> Result<ConsumedState, ServiceError> {
        let row = sqlx::query("DELETE FROM oauth_states WHERE state_hash = $1 RETURNING config_id, pkce_verifier, redirect_uri, expires_at")
            .bind(hash_state(state))
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| authorization_failed(&format!("database error: {e}")))?
            .ok_or_else(|| authorization_failed("unknown or already used `state`; start the connection again"))?;
        let consumed = ConsumedState {
            config_id: row.get("config_id"),
            verifier: row.get("pkce_verifier"),
            redirect_uri: row.get("redirect_uri"),
            state: state.to_owned(),
            expired: (row.get::<i64, _>("expires_at") as u64) < unix_now(),
        };
        Ok(consumed)
    }

    /// After the state: the provider's refusal, or the code exchanged for tokens.
    async fn finish(
        &self,
        consumed: ConsumedState,
        code: Option<&String>,
        error: Option<&String>,
        error_description: Option<&String>,
        client_verifier: Option<&str>,
    ) -> Result<(), ServiceError> {
        let id = &consumed.config_id;
        if consumed.expired {
            let error =
                authorization_failed("the authorization took too long (`state` expired); start the connection again");
            self.set_status(id, "error", Some(&error.to_string())).await;
            return Err(error);
        }
        if let Some(error) = error {
            let description = error_description.map(|d| format!(": {d}")).unwrap_or_default();
            let message = format!("the provider answered `{error}`{description}");
            self.set_status(id, "error", Some(&message)).await;
            return Err(authorization_failed(&message));
        }
        let Some(code) = code else {
            return Err(authorization_failed("the callback has neither `code` nor `error`"));
        };
        let verifier = match consumed.verifier {
            Some(sealed) => Some(
                self.cipher
                    .decrypt(&hash_state(&consumed.state), &sealed)
                    .map(|v| String::from_utf8_lossy(&v).into_owned())
                    .map_err(|e| authorization_failed(&e.to_string()))?,
            ),
            None => client_verifier.map(str::to_owned),
        };
        let outcome = self.exchange(id, code, verifier, &consumed.redirect_uri).await;
        if let Err(error) = &outcome {
            self.set_status(id, "error", Some(&error.public_message())).await;
        }
        outcome
    }

    /// `GET /api/v1/oauth/{provider}/authorize?credentialId=..`: FluxTurn's one-click path, opened
    /// in a popup without the API token. Only a configuration created in the last
    /// [`ONE_CLICK_WINDOW`], of this provider, and never connected may start it; the answer is the
    /// provider's authorization URL.
    pub async fn authorize_new(&self, provider: &str, credential_id: &str) -> Result<String, ServiceError> {
        let refuse = |why: &str| authorization_failed(&format!("one-click authorization refused: {why}"));
        let stored = match configs::load(&self.pool, credential_id).await {
            Ok(stored) => stored,
            Err(ServiceError::ConfigurationNotFound { .. }) => return Err(refuse("no such credential")),
            Err(other) => return Err(other),
        };
        if !provider_serves(provider, &stored.connector_type) {
            return Err(refuse(&format!("the credential is a `{}` one, not `{provider}`", stored.connector_type)));
        }
        let created = humantime::parse_rfc3339(&stored.created_at).map_err(|e| {
            ServiceError::Internal(format!("configuration `{credential_id}` has a malformed created_at: {e}"))
        })?;
        let age = SystemTime::now().duration_since(created).unwrap_or_default();
        if age > ONE_CLICK_WINDOW {
            return Err(refuse(&format!(
                "the credential was created more than {} minutes ago; reconnect it from the credentials page",
                ONE_CLICK_WINDOW.as_secs() / 60
            )));
        }
        let credentials = configs::decrypt(&self.cipher, &stored)?;
        if credentials.get("accessToken").is_some_and(|t| !t.is_null()) {
            return Err(refuse("the credential is already connected; reconnect it from the credentials page"));
        }
        let answer = self.authorization_url(credential_id).await?;
        Ok(answer["url"].as_str().expect("authorization_url answers a url").to_owned())
    }

    async fn exchange(
        &self,
        id: &str,
        code: &str,
        verifier: Option<String>,
        redirect_uri: &str,
    ) -> Result<(), ServiceError> {
        let stored = configs::load(&self.pool, id).await?;
        let definition = self.definition(&stored.connector_type)?;
        let credentials = configs::decrypt(&self.cipher, &stored)?;
        let (client, has_secret) = self.client(definition, &credentials, redirect_uri)?;
        let token = self
            .token_request(&definition.name, &client, has_secret, |client| {
                let verifier = verifier.clone();
                Box::pin(async move {
                    let mut request = client.exchange_code(AuthorizationCode::new(code.to_owned()));
                    if let Some(verifier) = verifier {
                        request = request.set_pkce_verifier(PkceCodeVerifier::new(verifier));
                    }
                    request.request_async(&self.http).await
                })
            })
            .await
            .map_err(|answer| ServiceError::AuthorizationFailed {
                reason: format!("the token exchange failed: {answer}"),
            })?;
        self.store_tokens(&stored, credentials, &token).await?;
        tracing::info!(id, connector = %stored.connector_type, "OAuth2 connection established");
        Ok(())
    }

    /// Merges a token response into the credentials and saves them in one statement.
    async fn store_tokens(
        &self,
        stored: &StoredConfig,
        mut credentials: Map<String, Value>,
        token: &TokenAnswer,
    ) -> Result<String, ServiceError> {
        let access = token.access_token().secret().clone();
        credentials.insert("accessToken".into(), Value::from(access.clone()));
        // A provider that rotates refresh tokens sends a new one; otherwise the old one stays.
        if let Some(refresh) = token.refresh_token() {
            credentials.insert("refreshToken".into(), Value::from(refresh.secret().clone()));
        }
        match token.expires_in() {
            Some(lifetime) => credentials.insert("expiresAt".into(), Value::from(unix_now() + lifetime.as_secs())),
            None => credentials.remove("expiresAt"),
        };
        if let Some(scopes) = token.scopes() {
            let scopes: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
            credentials.insert("scope".into(), Value::from(scopes.join(" ")));
        }
        // The provider's other fields, a refresh's over the exchange's (Salesforce answers
        // `instance_url` to both).
        let others = &token.extra_fields().fields;
        if !others.is_empty() {
            let kept = credentials
                .entry(fluxturn_core::auth::OAUTH2_TOKEN_FIELDS)
                .or_insert_with(|| Value::Object(Map::new()));
            if !kept.is_object() {
                *kept = Value::Object(Map::new());
            }
            if let Value::Object(kept) = kept {
                kept.extend(others.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        let sealed = configs::seal(&self.cipher, &stored.id, &credentials);
        sqlx::query("UPDATE connector_configs SET credentials = $1, oauth_status = 'connected', oauth_error = NULL, updated_at = $2 WHERE id = $3")
            .bind(sealed)
            .bind(storage::now())
            .bind(&stored.id)
            .execute(&self.pool)
            .await?;
        self.instances.forget(&stored.id).await;
        Ok(access)
    }

    async fn set_status(&self, id: &str, status: &str, error: Option<&str>) {
        let result = sqlx::query("UPDATE connector_configs SET oauth_status = $1, oauth_error = $2 WHERE id = $3")
            .bind(status)
            .bind(error)
            .bind(id)
            .execute(&self.pool)
            .await;
        if let Err(e) = result {
            tracing::error!(id, error = %e, "could not record the OAuth2 status");
        }
    }

    fn lock(&self, id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        locks.entry(id.to_owned()).or_default().clone()
    }

    /// Refreshes the access token of configuration `id`. Concurrent callers wait for one
    /// refresh and then use its token. A failure marks the configuration as needing
    /// re-authorization (visible in its status) and is returned.
    pub async fn refresh(&self, id: &str, reason: RefreshReason) -> Result<String, ServiceError> {
        let lock = self.lock(id);
        let _guard = lock.lock().await;
        // And across instances: another one refreshing the same token makes this one wait, then
        // find the new token below.
        let _across = crate::storage::cross_instance_lock(&self.pool, &format!("oauth-refresh:{id}")).await?;
        let stored = configs::load(&self.pool, id).await?;
        let definition = self.definition(&stored.connector_type)?;
        let credentials = configs::decrypt(&self.cipher, &stored)?;
        let current = credentials.get("accessToken").and_then(Value::as_str).map(str::to_owned);
        let expires_at = credentials.get("expiresAt").and_then(Value::as_u64);
        let expiring = expires_at.is_some_and(|at| at <= unix_now() + REFRESH_MARGIN.as_secs());
        // Another caller refreshed while this one waited for the lock: use that token.
        let already_done = match (&reason, &current) {
            (RefreshReason::Expiring, Some(_)) => !expiring,
            (RefreshReason::Rejected(rejected), Some(current)) => rejected != current,
            _ => false,
        };
        if let (true, Some(current)) = (already_done, current) {
            return Ok(current);
        }
        let Some(refresh_token) = credentials.get("refreshToken").and_then(Value::as_str).map(str::to_owned) else {
            let error = ServiceError::NoRefreshToken;
            self.set_status(id, "needs_reauthorization", Some(&error.to_string())).await;
            return Err(error);
        };
        let (client, has_secret) = self.client(definition, &credentials, &self.redirect_uri(&definition.name))?;
        let refresh_token = RefreshToken::new(refresh_token);
        let answer = self
            .token_request(&definition.name, &client, has_secret, |client| {
                let refresh_token = &refresh_token;
                Box::pin(async move { client.exchange_refresh_token(refresh_token).request_async(&self.http).await })
            })
            .await;
        match answer {
            Ok(token) => {
                tracing::info!(id, connector = %stored.connector_type, "OAuth2 access token refreshed");
                self.store_tokens(&stored, credentials, &token).await
            }
            Err(error) => {
                let error = ServiceError::RefreshFailed { provider_answer: error };
                self.set_status(id, "needs_reauthorization", Some(&error.to_string())).await;
                Err(error)
            }
        }
    }

    /// Runs a token request (`send`) with the client secret as HTTP Basic, RFC 6749's default,
    /// and, when the provider refuses the client that way, once more with the secret in the form
    /// body, which LinkedIn, HubSpot and ClickUp take instead. The way that worked is remembered
    /// per connector and tried first next time. A refused code or refresh token
    /// (`invalid_grant`) is not retried. The error is the provider's answer, without secrets.
    async fn token_request<'a, T, E: std::error::Error + 'static>(
        &self,
        connector: &str,
        client: &ConfiguredClient,
        has_secret: bool,
        send: impl Fn(
            ConfiguredClient,
        ) -> BoxFuture<'a, Result<T, oauth2::RequestTokenError<E, oauth2::basic::BasicErrorResponse>>>,
    ) -> Result<T, String> {
        let body_first = self.secret_in_body.lock().expect("not poisoned").contains(connector);
        let order = if body_first {
            [AuthType::RequestBody, AuthType::BasicAuth]
        } else {
            [AuthType::BasicAuth, AuthType::RequestBody]
        };
        let [first, second] = order.map(|auth| client.clone().set_auth_type(auth));
        let first_error = match send(first).await {
            Ok(token) => return Ok(token),
            Err(error) if has_secret && client_refused(&error) => error,
            Err(error) => return Err(describe(&error)),
        };
        match send(second).await {
            Ok(token) => {
                let mut learned = self.secret_in_body.lock().expect("not poisoned");
                if body_first {
                    learned.remove(connector);
                } else {
                    learned.insert(connector.to_owned());
                }
                Ok(token)
            }
            Err(second_error) => {
                let (basic, body) =
                    if body_first { (&second_error, &first_error) } else { (&first_error, &second_error) };
                Err(format!(
                    "with the client secret as HTTP Basic, {}; with it in the form body, {}",
                    describe(basic),
                    describe(body)
                ))
            }
        }
    }

    /// Refreshes before a call when the stored token is about to expire.
    pub async fn ensure_fresh(&self, stored: &StoredConfig) -> Result<bool, ServiceError> {
        if !self.registry.definition(&stored.connector_type).is_some_and(uses_oauth) {
            return Ok(false);
        }
        let credentials = configs::decrypt(&self.cipher, stored)?;
        let near_expiry = credentials
            .get("expiresAt")
            .and_then(Value::as_u64)
            .is_some_and(|at| at <= unix_now() + REFRESH_MARGIN.as_secs());
        if near_expiry && credentials.contains_key("refreshToken") {
            self.refresh(&stored.id, RefreshReason::Expiring).await?;
            return Ok(true);
        }
        Ok(false)
    }

    /// `POST /oauth/revoke`: forgets the tokens (the configuration stays).
    pub async fn revoke(&self, id: &str) -> Result<Value, ServiceError> {
        let stored = configs::load(&self.pool, id).await?;
        self.definition(&stored.connector_type)?;
        let mut credentials = configs::decrypt(&self.cipher, &stored)?;
        for key in ["accessToken", "refreshToken", "expiresAt", "scope"] {
            credentials.remove(key);
        }
        let sealed = configs::seal(&self.cipher, &stored.id, &credentials);
        sqlx::query("UPDATE connector_configs SET credentials = $1, oauth_status = 'revoked', oauth_error = NULL, updated_at = $2 WHERE id = $3")
            .bind(sealed)
            .bind(storage::now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        self.instances.forget(id).await;
        Ok(json!({ "success": true, "status": "revoked" }))
    }

    /// `GET /oauth/status`.
    pub async fn status(&self, id: &str) -> Result<Value, ServiceError> {
        let stored = configs::load(&self.pool, id).await?;
        self.definition(&stored.connector_type)?;
        let credentials = configs::decrypt(&self.cipher, &stored)?;
        let row = sqlx::query("SELECT oauth_status, oauth_error FROM connector_configs WHERE id = $1")
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        let status: Option<String> = row.get("oauth_status");
        let connected = credentials.get("accessToken").is_some_and(|t| !t.is_null());
        Ok(json!({
            "status": status.unwrap_or_else(|| if connected { "connected".into() } else { "not_connected".into() }),
            "connected": connected && row.get::<Option<String>, _>("oauth_status").as_deref() != Some("needs_reauthorization"),
            "error": row.get::<Option<String>, _>("oauth_error"),
            "expires_at": credentials.get("expiresAt"),
            "has_refresh_token": credentials.contains_key("refreshToken"),
            "scope": credentials.get("scope"),
        }))
    }

    /// The hook an instance's `Http` calls after a 401: one refresh, then the new token.
    pub fn refresher(&self, id: &str) -> Arc<dyn TokenRefresher> {
        Arc::new(ConfigRefresher { service: self.clone(), id: id.to_owned() })
    }
}

/// A `state` taken out of storage: what the callback needs to finish.
struct ConsumedState {
    config_id: String,
    /// The PKCE verifier, encrypted with the state's hash as associated data.
    verifier: Option<Vec<u8>>,
    redirect_uri: String,
    state: String,
    /// Whether the state outlived [`STATE_LIFETIME`].
    expired: bool,
}

fn authorization_failed(reason: &str) -> ServiceError {
    ServiceError::AuthorizationFailed { reason: reason.to_owned() }
}

/// The origin (`scheme://host:port`) of a URL, if it has one.
pub fn origin_of(url: &str) -> Option<String> {
    let origin = url::Url::parse(url).ok()?.origin().ascii_serialization();
    (origin != "null").then_some(origin)
}

/// Whether FluxTurn's provider name `provider` (in `/oauth/{provider}/authorize`) serves
/// connector `connector`: its own name, or the shared provider its frontend maps it to.
fn provider_serves(provider: &str, connector: &str) -> bool {
    let shared = match connector {
        "gmail" | "youtube" => Some("google"),
        c if c.starts_with("google_") => Some("google"),
        "teams" | "microsoft_teams" | "outlook" | "onedrive" => Some("microsoft"),
        _ => None,
    };
    provider == connector || shared == Some(provider)
}

/// Why a refresh is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshReason {
    /// The stored token is about to expire.
    Expiring,
    /// The upstream rejected this token (401).
    Rejected(String),
    /// `POST /oauth/refresh`.
    Requested,
}

/// Whether a token endpoint refused the client's authentication rather than the grant: worth
/// one more try with the secret sent the other way. Providers that take only one way answer
/// `invalid_client` (RFC 6749), `invalid_request` or `unauthorized_client` (a missing
/// `client_id`), or an error body of their own that is no OAuth2 error.
fn client_refused<E: std::error::Error>(
    error: &oauth2::RequestTokenError<E, oauth2::basic::BasicErrorResponse>,
) -> bool {
    use oauth2::basic::BasicErrorResponseType as Kind;
    match error {
        oauth2::RequestTokenError::ServerResponse(response) => {
            matches!(response.error(), Kind::InvalidClient | Kind::InvalidRequest | Kind::UnauthorizedClient)
        }
        oauth2::RequestTokenError::Parse(..) => true,
        oauth2::RequestTokenError::Request(_) | oauth2::RequestTokenError::Other(_) => false,
    }
}

/// A provider error without the secrets a request error may quote.
fn describe<E: std::error::Error>(error: &oauth2::RequestTokenError<E, oauth2::basic::BasicErrorResponse>) -> String {
    match error {
        oauth2::RequestTokenError::ServerResponse(response) => {
            let description = response.error_description().map(|d| format!(": {d}")).unwrap_or_default();
            format!("the provider answered `{}`{description}", response.error())
        }
        oauth2::RequestTokenError::Request(e) => format!("could not reach the token endpoint ({e})"),
        oauth2::RequestTokenError::Parse(e, _) => format!("the token endpoint's answer is not a token response ({e})"),
        oauth2::RequestTokenError::Other(e) => e.clone(),
    }
}

struct ConfigRefresher {
    service: OAuthService,
    id: String,
}

impl TokenRefresher for ConfigRefresher {
    fn refresh(&self) -> BoxFuture<'_, fluxturn_core::Result<String>> {
        Box::pin(async move {
            // The Http client only knows a 401 happened; the stored token is the one it used
            // unless another caller refreshed meanwhile.
            let refreshed = async {
                let stored = configs::load(&self.service.pool, &self.id).await?;
                let credentials = configs::decrypt(&self.service.cipher, &stored)?;
                let current = credentials.get("accessToken").and_then(Value::as_str).unwrap_or_default().to_owned();
                self.service.refresh(&self.id, RefreshReason::Rejected(current)).await
            };
            refreshed.await.map_err(|error| {
                // Leaving the service for the connector's call: the last place that knows the cause.
                if let Some(cause) = error.internal_cause() {
                    tracing::error!(configuration = %self.id, %cause, "refreshing an OAuth2 token after a 401 failed");
                }
                ConnectorError::from(error)
            })
        })
    }
}
