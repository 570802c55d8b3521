//! Fixtures of the workspace tests: a connector that uses every attribute form the framework
//! offers, so the tests can check what each one generates.

use fluxturn_core::prelude::*;

/// A connector that uses every attribute form, for tests.
#[connector(
    name = "kitchen_sink",
    display_name = "Kitchen Sink",
    category = "utility",
    base_url = "https://{region}.example.com/v2",
    rate_limit(requests_per_second = 5, requests_per_hour = 1000),
    auth = [
        bearer_token(field = "token"),
        oauth2(
            authorization_url = "https://example.com/oauth/authorize",
            token_url = "https://example.com/oauth/token",
            scopes = ["read", "write"],
            pkce,
        ),
    ],
    credentials = SinkCredentials,
    webhook_support = true,
)]
pub struct KitchenSink {
    http: Http,
    credentials: SinkCredentials,
}

/// How the user signs in.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuthMode {
    /// Access token
    Token,
    /// OAuth2
    #[serde(rename = "oauth2")]
    OAuth2,
}

/// Credentials of the kitchen sink.
#[derive(Credentials)]
pub struct SinkCredentials {
    /// The API token
    #[field(label = "Token", secret, optional, help_url = "https://example.com/tokens")]
    pub token: Option<Secret<String>>,
    /// Data region
    #[field(label = "Region", default = "eu", placeholder = "eu")]
    pub region: String,
    /// How to sign in
    #[field(key = "authMode", label = "Auth mode")]
    pub mode: Option<AuthMode>,
}

/// How urgent an item is.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Low priority
    Low,
    /// High priority
    High,
}

/// The input of `create_item`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateItem {
    /// The project to add to
    #[field(label = "Project")]
    pub project_id: String,
    /// The item title
    #[field(placeholder = "Buy milk", min_length = 1, max_length = 100)]
    pub title: String,
    #[field(min = 1, max = 10, step = 1, default = 5)]
    pub count: Option<u32>,
    pub priority: Option<Priority>,
    #[field(show(priority = ["high"]), hide(count = [0]))]
    pub escalate_to: Option<String>,
    pub tags: Option<Vec<String>>,
    #[field(pattern = "^#[0-9a-f]{6}$", input_type = "color")]
    pub color: Option<String>,
    #[serde(rename = "dueAt")]
    pub due: Option<String>,
}

/// An item.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Item {
    /// Item id
    pub id: String,
    /// Item title
    pub name: String,
}

/// The input of `echo`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct Echo {
    /// Text to echo back
    pub text: String,
    /// Times to repeat
    #[field(min = 1)]
    pub times: u8,
}

/// Configuration of the `item_created` trigger.
#[derive(Debug, Deserialize, JsonSchema, Input)]
pub struct ItemFilter {
    /// Only items of this project
    pub project_id: Option<String>,
}

#[actions]
impl KitchenSink {
    /// Create an item
    #[action(
        category = "Items",
        icon = "plus",
        http(
            method = "POST",
            endpoint = "/projects/{projectId}/items",
            param_mapping(title = "name"),
            headers(X_Request_Source = "fluxturn")
        )
    )]
    async fn create_item(&self, input: CreateItem) -> Result<Item>;

    /// List every item
    #[action(id = "list_items", http(method = "GET", endpoint = "/items"), idempotent)]
    async fn list(&self) -> Result<Vec<Item>>;

    #[action(name = "Echo!", description = "Repeat the text")]
    async fn echo(&self, input: Echo) -> Result<String> {
        Ok(input.text.repeat(input.times.into()))
    }

    /// Says which region the credentials chose
    #[action]
    async fn region(&self) -> Result<String> {
        Ok(self.credentials.region.clone())
    }

    /// An item was created
    #[trigger(event_type = "item.created", icon = "bell", webhook)]
    async fn item_created(&self, config: ItemFilter, request: WebhookRequest) -> Result<Vec<Item>> {
        let item: Item = request.json()?;
        let wanted = config.project_id.is_none_or(|p| item.id.starts_with(&p));
        Ok(if wanted { vec![item] } else { vec![] })
    }

    /// New items, polled
    #[trigger(id = "new_item", name = "New Item", polling)]
    async fn poll_items(&self, _config: ItemFilter, cursor: Option<serde_json::Value>) -> Result<Polled<Item>> {
        let next = cursor.and_then(|c| c.as_u64()).unwrap_or(0) + 1;
        Ok(Polled { events: vec![Item { id: next.to_string(), name: "polled".into() }], cursor: Some(next.into()) })
    }

    /// Proves the token works.
    #[test_connection]
    async fn whoami(&self) -> Result<()> {
        self.http.get("/me").send().await.map(drop)
    }
}
