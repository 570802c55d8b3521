use fluxturn_core::prelude::*;
use serde_json::Value;

/// LinkedIn: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/linkedin.json`.
#[connector(
    name = "linkedin",
    display_name = "LinkedIn",
    category = "social",
    base_url = "https://api.linkedin.com",
    icon = "icons/linkedin.svg",
    auth = oauth2(authorization_url = "https://www.linkedin.com/oauth/v2/authorization", token_url = "https://www.linkedin.com/oauth/v2/accessToken", scopes = ["openid", "profile", "email", "w_member_social"]),
    credentials = LinkedinCredentials,
)]
pub struct Linkedin {
    http: Http,
}

/// What the user enters in the "Add LinkedIn" form.
#[derive(Credentials)]
pub struct LinkedinCredentials {
    /// Auth Type (FluxTurn's form has a select here: give it an enum of its choices)
    #[field(key = "authType", label = "Auth Type")]
    pub auth_type: String,
    /// Client Id
    #[field(key = "clientId", label = "Client Id")]
    pub client_id: String,
    /// Client Secret
    #[field(key = "clientSecret", label = "Client Secret", secret)]
    pub client_secret: Secret<String>,
    /// Organization Support
    #[field(key = "organization_support", label = "Organization Support")]
    pub organization_support: Option<bool>,
    /// Legacy
    #[field(key = "legacy", label = "Legacy")]
    pub legacy: Option<bool>,
    /// Access Token
    #[field(key = "access_token", label = "Access Token", secret)]
    pub access_token: Option<Secret<String>>,
    /// Refresh Token
    #[field(key = "refresh_token", label = "Refresh Token", secret)]
    pub refresh_token: Option<Secret<String>>,
    /// Expires At
    #[field(key = "expires_at", label = "Expires At")]
    pub expires_at: Option<String>,
    /// Company Id
    #[field(key = "company_id", label = "Company Id")]
    pub company_id: Option<String>,
}

/// The choices of `postAs`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreatePostInputPostAs {
    /// person
    #[serde(rename = "person")]
    Person,
    /// organization
    #[serde(rename = "organization")]
    Organization,
}

/// The choices of `visibility`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreatePostInputVisibility {
    /// PUBLIC
    #[serde(rename = "PUBLIC")]
    Public,
    /// CONNECTIONS
    #[serde(rename = "CONNECTIONS")]
    Connections,
}

/// The input of `create_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreatePostInput {
    /// Article Description
    #[field(label = "Article Description", input_type = "textarea")]
    #[serde(rename = "articleDescription")]
    pub article_description: Option<String>,
    /// Article Title
    #[field(label = "Article Title")]
    #[serde(rename = "articleTitle")]
    pub article_title: Option<String>,
    /// Article Url
    #[field(label = "Article Url", input_type = "url")]
    #[serde(rename = "articleUrl")]
    pub article_url: Option<String>,
    /// Image Url
    #[field(label = "Image Url")]
    #[serde(rename = "imageUrl")]
    pub image_url: Option<String>,
    /// Organization Urn
    #[field(label = "Organization Urn")]
    #[serde(rename = "organizationUrn")]
    pub organization_urn: Option<String>,
    /// Post As
    #[field(label = "Post As", default = "person")]
    #[serde(rename = "postAs")]
    pub post_as: Option<CreatePostInputPostAs>,
    /// Text
    #[field(label = "Text", input_type = "textarea")]
    pub text: String,
    /// Video Url
    #[field(label = "Video Url")]
    #[serde(rename = "videoUrl")]
    pub video_url: Option<String>,
    /// Visibility
    #[field(label = "Visibility", default = "PUBLIC")]
    pub visibility: Option<CreatePostInputVisibility>,
}

/// The input of `get_profile`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetProfileInput {
    /// Fields
    #[field(label = "Fields")]
    pub fields: Option<String>,
    /// User Id
    #[field(label = "User Id")]
    pub user_id: Option<String>,
}

/// The input of `get_company_updates`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCompanyUpdatesInput {
    /// Company Id
    #[field(label = "Company Id")]
    pub company_id: String,
    /// Count
    #[field(label = "Count", default = 20)]
    pub count: Option<f64>,
}

/// The input of `get_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetPostInput {
    /// Post Id
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: String,
}

/// The configuration of `new_connection`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewConnectionConfig {}

/// The configuration of `profile_view`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ProfileViewConfig {}

#[actions]
impl Linkedin {
    /// Create Post
    #[action(name = "Create Post", http(method = "POST", endpoint = "/rest/posts"))]
    async fn create_post(&self, input: CreatePostInput) -> Result<Value>;

    /// Get Profile
    #[action(name = "Get Profile", http(method = "GET", endpoint = "/v2/userinfo"))]
    async fn get_profile(&self, input: GetProfileInput) -> Result<Value>;

    /// Get Person URN
    #[action(name = "Get Person URN", http(method = "GET", endpoint = "/v2/userinfo"))]
    async fn get_person_urn(&self) -> Result<Value>;

    /// Get Organizations
    #[action(name = "Get Organizations", http(method = "GET", endpoint = "/v2/organizationAcls"))]
    async fn get_organizations(&self) -> Result<Value>;

    /// Get Company Updates
    #[action(name = "Get Company Updates", http(method = "GET", endpoint = "/rest/posts"))]
    async fn get_company_updates(&self, input: GetCompanyUpdatesInput) -> Result<Value>;

    /// Get Post
    #[action(name = "Get Post", http(method = "GET", endpoint = "/rest/posts/{postId}"))]
    async fn get_post(&self, input: GetPostInput) -> Result<Value>;

    /// New Connection
    #[trigger(name = "New Connection", webhook)]
    async fn new_connection(&self, _config: NewConnectionConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Profile View
    #[trigger(name = "Profile View", webhook)]
    async fn profile_view(&self, _config: ProfileViewConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// A cheap call that proves the credentials work (replace `/me` with such an endpoint of the API)
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/me").send().await.map(drop)
    }
}
