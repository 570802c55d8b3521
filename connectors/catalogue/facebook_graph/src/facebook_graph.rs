use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use fluxturn_core::http::{collect_pages, path_segment, HttpConfig, HttpOptions, Page, Part, WireAuth};
use fluxturn_core::meta::RateLimitMeta;
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};

/// Read and write Facebook Pages through Meta's Graph API, and react to Page and Instagram
/// webhook deliveries
///
/// Calls go to `https://graph.facebook.com/<version>/…` (v21.0 unless an action picks another)
/// with the connection's user access token as a Bearer token. Page actions (posting, photos,
/// videos, comments, insights, deleting a post) need a Page access token: the connector asks
/// `/<page-id>?fields=access_token` for it with the user token and sends the Page token with
/// the action's request; a connection holding a Page token already gets its own token back.
/// Webhook deliveries are signed by Meta with the app secret (`X-Hub-Signature-256`); Meta
/// checks the callback URL first with a GET carrying the verify token. The callback URL, the
/// verify token and the Page/Instagram fields are set in the Meta app's dashboard (Webhooks).
#[connector(
    name = "facebook_graph",
    display_name = "Facebook Graph API",
    category = "social",
    base_url = "https://graph.facebook.com",
    icon = "icons/facebook_graph.svg",
    rate_limit(requests_per_hour = 200),
    auth = [
        bearer_token(field = "accessToken"),
        oauth2(
            authorization_url = "https://www.facebook.com/v21.0/dialog/oauth",
            token_url = "https://graph.facebook.com/v21.0/oauth/access_token",
            scopes = ["public_profile", "email", "pages_show_list", "pages_read_engagement", "pages_manage_posts", "pages_read_user_content", "pages_manage_engagement"],
        ),
    ],
    credentials = FacebookGraphCredentials,
)]
pub struct FacebookGraph {
    http: Http,
}

/// How the connection signs in.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum FacebookGraphAuthType {
    /// OAuth2 (Recommended)
    #[serde(rename = "oauth2")]
    OAuth2,
    /// Custom OAuth App
    #[serde(rename = "manual")]
    Manual,
    /// Access Token (a user or Page access token pasted from the Graph API Explorer)
    #[serde(rename = "accessToken")]
    AccessToken,
}

/// What the user enters in the "Add Facebook Graph API" form.
#[derive(Credentials)]
pub struct FacebookGraphCredentials {
    /// OAuth2 with the server's Meta app, your own Meta app, or a pasted access token
    #[field(key = "authType", label = "Auth Type", default = "oauth2")]
    pub auth_type: FacebookGraphAuthType,
    /// The App ID of your own Meta app
    #[field(key = "clientId", label = "Client Id", required, show(authType = ["manual"]))]
    pub client_id: Option<String>,
    /// The App Secret of your own Meta app
    #[field(key = "clientSecret", label = "Client Secret", secret, required, show(authType = ["manual"]))]
    pub client_secret: Option<Secret<String>>,
    /// A user or Page access token; with OAuth2 the server stores the token it obtains here
    #[field(
        key = "accessToken",
        label = "Access Token",
        secret,
        required,
        show(authType = ["accessToken"]),
        help_url = "https://developers.facebook.com/tools/explorer/"
    )]
    pub access_token: Option<Secret<String>>,
    /// The App Secret of the Meta app that sends the webhooks (App settings > Basic): the triggers check each delivery's signature with it
    #[field(key = "appSecret", label = "App Secret", secret)]
    pub app_secret: Option<Secret<String>>,
}

/// The Graph API version used where an action does not choose one.
pub const DEFAULT_VERSION: &str = "v21.0";

/// A Graph API failure in Meta's words: `{error: {message, type, code, error_subcode,
/// fbtrace_id}}`, with its code mapped (190/102 an expired or invalid token, 4/17/32/613 rate
/// limits, 100 with subcode 33 a missing object, 10 and 200-299 permissions).
pub fn refine(mut error: ConnectorError) -> ConnectorError {
    let body = error.details["upstream_body"].as_str().and_then(|b| serde_json::from_str::<Value>(b).ok());
    let Some(problem) = body.as_ref().and_then(|b| b.get("error")).filter(|e| e.is_object()) else {
        return error;
    };
    let code = problem["code"].as_i64().unwrap_or_default();
    let subcode = problem["error_subcode"].as_i64();
    let mut message = format!("Facebook answered: {}", problem["message"].as_str().unwrap_or("an error"));
    if let Some(kind) = problem["type"].as_str() {
        message.push_str(&format!(" ({kind}"));
    } else {
        message.push_str(" (");
    }
    message.push_str(&format!(", code {code}"));
    if let Some(subcode) = subcode {
        message.push_str(&format!(", subcode {subcode}"));
    }
    if let Some(trace) = problem["fbtrace_id"].as_str() {
        message.push_str(&format!(", fbtrace_id {trace}"));
    }
    message.push(')');
    if code == 190 {
        message.push_str(": the access token has expired or was revoked; reconnect the account");
    }
    let mapped = match (code, subcode) {
        (190 | 102, _) => Some((ErrorCode::Unauthorized, 401)),
        (4 | 17 | 32 | 613 | 80001 | 80002 | 80004, _) => Some((ErrorCode::RateLimited, 429)),
        (100, Some(33)) | (803, _) => Some((ErrorCode::NotFound, 404)),
        (10 | 200..=299, _) => Some((ErrorCode::Forbidden, 403)),
        _ => None,
    };
    if let Some((code, status)) = mapped {
        error.retryable = code == ErrorCode::RateLimited;
        error.code = code;
        error.status = status;
    }
    error.message = message;
    error
}

/// The choices of `hostUrl`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum HttpRequestInputHostUrl {
    /// graph.facebook.com
    #[serde(rename = "graph.facebook.com")]
    GraphFacebookCom,
    /// graph-video.facebook.com
    #[serde(rename = "graph-video.facebook.com")]
    GraphVideoFacebookCom,
}

/// The choices of `method`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum HttpRequestInputMethod {
    /// GET
    #[serde(rename = "GET")]
    Get,
    /// POST
    #[serde(rename = "POST")]
    Post,
    /// DELETE
    #[serde(rename = "DELETE")]
    Delete,
}

/// The choices of `version`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum HttpRequestInputVersion {
    /// Default (v21.0)
    #[serde(rename = "")]
    Empty,
    /// v23.0
    #[serde(rename = "v23.0")]
    V230,
    /// v22.0
    #[serde(rename = "v22.0")]
    V220,
    /// v21.0
    #[serde(rename = "v21.0")]
    V210,
    /// v20.0
    #[serde(rename = "v20.0")]
    V200,
    /// v19.0
    #[serde(rename = "v19.0")]
    V190,
    /// v18.0
    #[serde(rename = "v18.0")]
    V180,
}

/// The input of `http_request`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct HttpRequestInput {
    /// Edge
    #[field(label = "Edge")]
    pub edge: Option<String>,
    /// Host Url
    #[field(label = "Host Url", default = "graph.facebook.com")]
    #[serde(rename = "hostUrl")]
    pub host_url: HttpRequestInputHostUrl,
    /// Method
    #[field(label = "Method", default = "GET")]
    pub method: HttpRequestInputMethod,
    /// Node
    #[field(label = "Node")]
    pub node: String,
    /// Options
    #[field(label = "Options")]
    #[schemars(extend("default" = {}))]
    pub options: Option<Map<String, Value>>,
    /// Version
    #[field(label = "Version", default = "")]
    pub version: Option<HttpRequestInputVersion>,
}

/// The choices of `version`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetNodeInputVersion {
    /// v23.0
    #[serde(rename = "v23.0")]
    V230,
    /// v22.0
    #[serde(rename = "v22.0")]
    V220,
    /// v21.0
    #[serde(rename = "v21.0")]
    V210,
    /// v20.0
    #[serde(rename = "v20.0")]
    V200,
    /// v19.0
    #[serde(rename = "v19.0")]
    V190,
    /// v18.0
    #[serde(rename = "v18.0")]
    V180,
}

/// The input of `get_node`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetNodeInput {
    /// Fields
    #[field(label = "Fields")]
    #[schemars(extend("default" = ["id", "name"]))]
    pub fields: Option<Vec<Value>>,
    /// Node Id
    #[field(label = "Node Id")]
    #[serde(rename = "nodeId")]
    pub node_id: String,
    /// Version
    #[field(label = "Version", default = "v20.0")]
    pub version: Option<GetNodeInputVersion>,
}

/// The input of `get_edge`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetEdgeInput {
    /// Edge
    #[field(label = "Edge")]
    pub edge: String,
    /// Fields
    #[field(label = "Fields")]
    pub fields: Option<Vec<Value>>,
    /// Limit
    #[field(label = "Limit", default = 25)]
    pub limit: Option<f64>,
    /// Node Id
    #[field(label = "Node Id")]
    #[serde(rename = "nodeId")]
    pub node_id: String,
}

/// The input of `create_page_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreatePagePostInput {
    /// Link
    #[field(label = "Link")]
    pub link: Option<String>,
    /// Message
    #[field(label = "Message", input_type = "textarea")]
    pub message: String,
    /// Page Id
    #[field(label = "Page Id")]
    #[serde(rename = "pageId")]
    pub page_id: String,
    /// Published
    #[field(label = "Published", default = true)]
    pub published: Option<bool>,
}

/// The input of `upload_page_photo`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UploadPagePhotoInput {
    /// Caption
    #[field(label = "Caption", input_type = "textarea")]
    pub caption: Option<String>,
    /// Page Id
    #[field(label = "Page Id")]
    #[serde(rename = "pageId")]
    pub page_id: String,
    /// Photo File
    #[field(label = "Photo File")]
    #[serde(rename = "photoFile")]
    pub photo_file: Option<Vec<Value>>,
    /// Photo Upload Option
    #[field(label = "Photo Upload Option", default = "url")]
    #[serde(rename = "photoUploadOption")]
    pub photo_upload_option: Option<String>,
    /// Published
    #[field(label = "Published", default = true)]
    pub published: Option<bool>,
    /// Url
    #[field(label = "Url")]
    pub url: Option<String>,
}

/// The input of `upload_page_video`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UploadPageVideoInput {
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// File Url
    #[field(label = "File Url")]
    pub file_url: Option<String>,
    /// Page Id
    #[field(label = "Page Id")]
    #[serde(rename = "pageId")]
    pub page_id: String,
    /// Published
    #[field(label = "Published", default = true)]
    pub published: Option<bool>,
    /// Title
    #[field(label = "Title")]
    pub title: Option<String>,
    /// Video File
    #[field(label = "Video File")]
    #[serde(rename = "videoFile")]
    pub video_file: Option<Vec<Value>>,
    /// Video Upload Option
    #[field(label = "Video Upload Option", default = "url")]
    #[serde(rename = "videoUploadOption")]
    pub video_upload_option: Option<String>,
}

/// The input of `get_pages`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetPagesInput {
    /// Fields
    #[field(label = "Fields")]
    #[schemars(extend("default" = ["id", "name", "access_token", "category"]))]
    pub fields: Option<Vec<Value>>,
    /// Limit
    #[field(label = "Limit", default = 25)]
    pub limit: Option<f64>,
}

/// The input of `delete_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeletePostInput {
    /// Post Id
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: String,
}

/// The input of `comment_on_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentOnPostInput {
    /// Message
    #[field(label = "Message", input_type = "textarea")]
    pub message: String,
    /// Post Id
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: String,
}

/// The choices of `period`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetPageInsightsInputPeriod {
    /// day
    #[serde(rename = "day")]
    Day,
    /// week
    #[serde(rename = "week")]
    Week,
    /// days_28
    #[serde(rename = "days_28")]
    Days28,
}

/// The input of `get_page_insights`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetPageInsightsInput {
    /// Metric
    #[field(label = "Metric")]
    #[schemars(extend("default" = ["page_impressions", "page_engaged_users"]))]
    pub metric: Option<Vec<Value>>,
    /// Page Id
    #[field(label = "Page Id")]
    #[serde(rename = "pageId")]
    pub page_id: String,
    /// Period
    #[field(label = "Period", default = "day")]
    pub period: Option<GetPageInsightsInputPeriod>,
}

/// The configuration of `page_post_published`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PagePostPublishedConfig {
    /// The Verify Token you typed beside the callback URL in your Meta app's Webhooks settings
    #[field(label = "Verify Token")]
    #[serde(rename = "verifyToken")]
    pub verify_token: String,
    /// App Id
    #[field(label = "App Id")]
    #[serde(rename = "appId")]
    pub app_id: String,
}

/// The configuration of `page_comment_received`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PageCommentReceivedConfig {
    /// The Verify Token you typed beside the callback URL in your Meta app's Webhooks settings
    #[field(label = "Verify Token")]
    #[serde(rename = "verifyToken")]
    pub verify_token: String,
    /// App Id
    #[field(label = "App Id")]
    #[serde(rename = "appId")]
    pub app_id: String,
}

/// The configuration of `page_message_received`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PageMessageReceivedConfig {
    /// The Verify Token you typed beside the callback URL in your Meta app's Webhooks settings
    #[field(label = "Verify Token")]
    #[serde(rename = "verifyToken")]
    pub verify_token: String,
    /// App Id
    #[field(label = "App Id")]
    #[serde(rename = "appId")]
    pub app_id: String,
}

/// The choices of `objectType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum InstagramCommentConfigObjectType {
    /// instagram
    #[serde(rename = "instagram")]
    Instagram,
}

/// The configuration of `instagram_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct InstagramCommentConfig {
    /// The Verify Token you typed beside the callback URL in your Meta app's Webhooks settings
    #[field(label = "Verify Token")]
    #[serde(rename = "verifyToken")]
    pub verify_token: String,
    /// App Id
    #[field(label = "App Id")]
    #[serde(rename = "appId")]
    pub app_id: String,
    /// Include Values
    #[field(label = "Include Values", default = true)]
    #[serde(rename = "includeValues")]
    pub include_values: Option<bool>,
    /// Object Type
    #[field(label = "Object Type", default = "instagram")]
    #[serde(rename = "objectType")]
    pub object_type: Option<InstagramCommentConfigObjectType>,
}

/// The choices of `objectType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum InstagramMentionConfigObjectType {
    /// instagram
    #[serde(rename = "instagram")]
    Instagram,
}

/// The configuration of `instagram_mention`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct InstagramMentionConfig {
    /// The Verify Token you typed beside the callback URL in your Meta app's Webhooks settings
    #[field(label = "Verify Token")]
    #[serde(rename = "verifyToken")]
    pub verify_token: String,
    /// App Id
    #[field(label = "App Id")]
    #[serde(rename = "appId")]
    pub app_id: String,
    /// Object Type
    #[field(label = "Object Type", default = "instagram")]
    #[serde(rename = "objectType")]
    pub object_type: Option<InstagramMentionConfigObjectType>,
}

/// The choices of `objectType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum InstagramStoryMentionConfigObjectType {
    /// instagram
    #[serde(rename = "instagram")]
    Instagram,
}

/// The configuration of `instagram_story_mention`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct InstagramStoryMentionConfig {
    /// The Verify Token you typed beside the callback URL in your Meta app's Webhooks settings
    #[field(label = "Verify Token")]
    #[serde(rename = "verifyToken")]
    pub verify_token: String,
    /// App Id
    #[field(label = "App Id")]
    #[serde(rename = "appId")]
    pub app_id: String,
    /// Object Type
    #[field(label = "Object Type", default = "instagram")]
    #[serde(rename = "objectType")]
    pub object_type: Option<InstagramStoryMentionConfigObjectType>,
}

/// The choices of `objectType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum InstagramMediaPublishedConfigObjectType {
    /// instagram
    #[serde(rename = "instagram")]
    Instagram,
}

/// The configuration of `instagram_media_published`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct InstagramMediaPublishedConfig {
    /// The Verify Token you typed beside the callback URL in your Meta app's Webhooks settings
    #[field(label = "Verify Token")]
    #[serde(rename = "verifyToken")]
    pub verify_token: String,
    /// App Id
    #[field(label = "App Id")]
    #[serde(rename = "appId")]
    pub app_id: String,
    /// Object Type
    #[field(label = "Object Type", default = "instagram")]
    #[serde(rename = "objectType")]
    pub object_type: Option<InstagramMediaPublishedConfigObjectType>,
}

/// The configuration of `lead_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct LeadCreatedConfig {
    /// The Verify Token you typed beside the callback URL in your Meta app's Webhooks settings
    #[field(label = "Verify Token")]
    #[serde(rename = "verifyToken")]
    pub verify_token: Option<String>,
    /// Only leads of this Lead Ads form (empty: every form of the Page)
    #[field(label = "Form Id")]
    #[serde(rename = "formId")]
    pub form_id: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The wire name of a select's choice (its serde rename).
fn choice<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A path segment the user typed: trimmed, not blank, encoded.
fn segment(value: &str, field: &str) -> Result<String> {
    let value = value.trim().trim_matches('/');
    if value.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` cannot be blank")));
    }
    let parts: Vec<&str> = value.split('/').filter(|p| !p.is_empty()).collect();
    if parts.iter().any(|p| matches!(*p, "." | "..") || p.contains(':')) {
        return Err(ConnectorError::invalid_input(format!(
            "`{field}` must be a Graph node id or edge name (such as `me`, a Page id or `feed`), not a URL or path"
        )));
    }
    Ok(parts.into_iter().map(path_segment).collect::<Vec<_>>().join("/"))
}

/// `fields` as Graph wants them: a comma-separated list.
fn field_list(fields: &Option<Vec<Value>>, default: &[&str]) -> Option<String> {
    let listed: Vec<String> = match fields {
        Some(list) => list
            .iter()
            .filter_map(|f| match f {
                Value::String(s) => Some(s.trim().to_owned()),
                Value::Null => None,
                other => Some(other.to_string()),
            })
            .filter(|f| !f.is_empty())
            .collect(),
        None => default.iter().map(|f| (*f).to_owned()).collect(),
    };
    (!listed.is_empty()).then(|| listed.join(","))
}

fn limit_of(limit: Option<f64>) -> Result<usize> {
    let limit = limit.unwrap_or(25.0);
    if !(1.0..=10_000.0).contains(&limit) {
        return Err(ConnectorError::invalid_input("`limit` must be between 1 and 10000"));
    }
    Ok(limit as usize)
}

/// A file input (`[{fileData, fileName, mimeType}]`, FluxTurn's upload shape) as bytes.
fn uploaded_file(files: &Option<Vec<Value>>, field: &str, fallback_mime: &str, fallback_name: &str) -> Result<Part> {
    let file = files.iter().flatten().next().ok_or_else(|| {
        ConnectorError::invalid_input(format!("`{field}` needs a file ({{fileData, fileName, mimeType}}) to upload"))
    })?;
    let data = file["fileData"].as_str().or_else(|| file["data"].as_str()).or_else(|| file.as_str()).unwrap_or("");
    let (mime, encoded) = match data.strip_prefix("data:").and_then(|rest| rest.split_once(',')) {
        Some((meta, rest)) => (meta.trim_end_matches(";base64").to_owned(), rest),
        None => (file["mimeType"].as_str().unwrap_or(fallback_mime).to_owned(), data),
    };
    let bytes = BASE64.decode(encoded.split_whitespace().collect::<String>()).map_err(|_| {
        ConnectorError::invalid_input(format!("`{field}` must hold the file's content in base64 or as a data: URL"))
    })?;
    if bytes.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` is empty")));
    }
    let mime = if mime.is_empty() { fallback_mime.to_owned() } else { mime };
    let name = file["fileName"].as_str().filter(|n| !n.trim().is_empty()).unwrap_or(fallback_name);
    Ok(Part::file("source", name, mime, bytes))
}

fn is_upload(option: &Option<String>) -> bool {
    matches!(option.as_deref().map(str::trim), Some("upload" | "binary" | "file"))
}

impl FacebookGraph {
    /// The base URL of another Graph host (`graph-video.facebook.com` for uploads); a test's
    /// mock server stays as it is. Only Meta's fixed hosts: the user picks from a list.
    fn host(&self, host: &str) -> String {
        let base = self.http.base_url().trim_end_matches('/');
        if base == "https://graph.facebook.com" {
            format!("https://{host}")
        } else {
            base.to_owned()
        }
    }

    /// A client sending the Page's access token, got with the connection's token from
    /// `/{page-id}?fields=access_token`. A token that cannot read it (a Page token of another
    /// Page, a user without the Page's task) is used as it is, and Facebook says what is missing.
    async fn page_client(&self, page_id: &str) -> Result<Http> {
        let path = format!("/{DEFAULT_VERSION}/{}", segment(page_id, "pageId")?);
        let answer: Result<Value> =
            self.http.get(&path).query(&[("fields", "access_token")]).send_json().await.map_err(refine);
        let token = match answer {
            Ok(page) => page["access_token"].as_str().map(str::to_owned),
            Err(error) if matches!(error.code, ErrorCode::InvalidInput | ErrorCode::Forbidden) => None,
            Err(error) => return Err(error),
        };
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Ok(self.http.clone());
        };
        Http::new(HttpConfig {
            connector: "facebook_graph",
            base_url: self.http.base_url().to_owned(),
            auth: Some(WireAuth::bearer(&token)),
            secrets: vec![token.clone()],
            rate_limits: RateLimitMeta::default(),
            options: HttpOptions::default(),
            token_refresher: None,
            headers: &[],
        })
    }

    /// The Page of a post id `{page-id}_{post-id}`.
    async fn post_client(&self, post_id: &str) -> Result<Http> {
        match post_id.trim().split_once('_') {
            Some((page, _)) if !page.is_empty() => self.page_client(page).await,
            _ => Ok(self.http.clone()),
        }
    }

    /// Every item of a Graph list up to `limit`, following `paging.cursors.after`.
    async fn list(&self, path: &str, fields: Option<String>, limit: usize) -> Result<Value> {
        let page_size = limit.min(100).to_string();
        let items = collect_pages(100, limit, |after: Option<String>| {
            let (fields, page_size) = (fields.clone(), page_size.clone());
            async move {
                let query = [("fields", fields), ("limit", Some(page_size)), ("after", after)];
                let page: Value = self.http.get(path).query(&query).send_json().await.map_err(refine)?;
                let next =
                    page["paging"]["next"].as_str().and(page["paging"]["cursors"]["after"].as_str()).map(str::to_owned);
                let items = page["data"].as_array().cloned().unwrap_or_default();
                Ok(Page { items, next })
            }
        })
        .await?;
        Ok(json!({ "data": items }))
    }
}

fn insert_published(form: &mut Vec<(&'static str, String)>, published: Option<bool>) {
    form.push(("published", published.unwrap_or(true).to_string()));
}

// ---------------------------------------------------------------------------------------------
// Webhook deliveries
// ---------------------------------------------------------------------------------------------

fn url_check<E>(request: &WebhookRequest, verify_token: &str) -> Option<WebhookReply<E>> {
    if request.method.eq_ignore_ascii_case("POST") {
        return None;
    }
    let matches = request.query_param("hub.mode") == Some("subscribe")
        && !verify_token.is_empty()
        && request.query_param("hub.verify_token") == Some(verify_token);
    Some(WebhookReply::respond(if matches {
        WebhookResponse::text(request.query_param("hub.challenge").unwrap_or_default())
    } else {
        WebhookResponse::text("").with_status(403)
    }))
}

/// Each change of `object`'s deliveries whose field is `field` and whose value passes `wanted`,
/// as one event with a stable id.
fn change_events(
    request: &WebhookRequest,
    object: &str,
    field: &str,
    wanted: impl Fn(&Value) -> bool,
) -> Result<Vec<Value>> {
    let body: Value = request.json()?;
    if body["object"] != object {
        return Ok(Vec::new());
    }
    let mut events = Vec::new();
    for entry in body["entry"].as_array().into_iter().flatten() {
        let entry_id = entry["id"].as_str().unwrap_or_default();
        for change in entry["changes"].as_array().into_iter().flatten() {
            let value = &change["value"];
            if change["field"] != field || !wanted(value) {
                continue;
            }
            let item = ["leadgen_id", "comment_id", "post_id", "id", "media_id"]
                .iter()
                .find_map(|k| value[*k].as_str().map(str::to_owned))
                .unwrap_or_else(|| value.to_string());
            let verb = value["verb"].as_str().unwrap_or("");
            let mut event = value.as_object().cloned().unwrap_or_default();
            event.insert("eventId".into(), json!(format!("{entry_id}:{field}:{item}:{verb}")));
            event.insert("field".into(), json!(field));
            event.insert("entryId".into(), json!(entry_id));
            event.insert("time".into(), entry["time"].clone());
            events.push(Value::Object(event));
        }
    }
    Ok(events)
}

/// Each `entry[].messaging[]` item of `object`'s deliveries that passes `wanted`.
fn messaging_events(request: &WebhookRequest, object: &str, wanted: impl Fn(&Value) -> bool) -> Result<Vec<Value>> {
    let body: Value = request.json()?;
    if body["object"] != object {
        return Ok(Vec::new());
    }
    let mut events = Vec::new();
    for entry in body["entry"].as_array().into_iter().flatten() {
        let entry_id = entry["id"].as_str().unwrap_or_default();
        for messaging in entry["messaging"].as_array().into_iter().flatten() {
            let message = &messaging["message"];
            if !message.is_object() || message["is_echo"] == json!(true) || !wanted(message) {
                continue;
            }
            let mut event = messaging.as_object().cloned().unwrap_or_default();
            let id = message["mid"].as_str().map(str::to_owned).unwrap_or_else(|| messaging.to_string());
            event.insert("eventId".into(), json!(format!("{entry_id}:message:{id}")));
            event.insert("entryId".into(), json!(entry_id));
            events.push(Value::Object(event));
        }
    }
    Ok(events)
}

fn is_feed_post(value: &Value) -> bool {
    value["verb"] == "add"
        && matches!(value["item"].as_str(), Some("status" | "post" | "photo" | "video" | "share" | "link"))
        && value["published"] != json!(0)
}

// ---------------------------------------------------------------------------------------------
// Actions and triggers
// ---------------------------------------------------------------------------------------------

#[actions(webhooks(verify = "meta", secret = "credentials.appSecret", event_id = "/eventId"))]
impl FacebookGraph {
    /// HTTP Request
    #[action(name = "HTTP Request")]
    async fn http_request(&self, input: HttpRequestInput) -> Result<Value> {
        let version = input.version.as_ref().map(choice).filter(|v| !v.is_empty());
        let version = version.as_deref().unwrap_or(DEFAULT_VERSION);
        let mut path = format!("{}/{version}/{}", self.host(&choice(&input.host_url)), segment(&input.node, "node")?);
        if let Some(edge) = input.edge.as_deref().filter(|e| !e.trim().is_empty()) {
            path = format!("{path}/{}", segment(edge, "edge")?);
        }
        let options = input.options.unwrap_or_default();
        let mut query: Vec<(String, String)> = Vec::new();
        let mut body: Option<Value> = None;
        for (key, value) in &options {
            match (key.as_str(), value) {
                ("body" | "jsonBody", Value::String(text)) if !text.trim().is_empty() => {
                    body = Some(
                        serde_json::from_str(text)
                            .map_err(|_| ConnectorError::invalid_input("`options.body` must be a JSON object"))?,
                    )
                }
                ("body" | "jsonBody", Value::Object(_)) => body = Some(value.clone()),
                ("fields", Value::Array(list)) => {
                    query.push(("fields".into(), list.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(",")))
                }
                ("queryParameters" | "query", Value::Object(params)) => {
                    for (name, value) in params {
                        query.push((name.clone(), value.as_str().map_or_else(|| value.to_string(), str::to_owned)))
                    }
                }
                ("queryParameters" | "query", Value::Array(params)) => {
                    for param in params {
                        if let Some(name) = param["name"].as_str() {
                            let value = &param["value"];
                            query.push((name.into(), value.as_str().map_or_else(|| value.to_string(), str::to_owned)))
                        }
                    }
                }
                (_, Value::String(text)) => query.push((key.clone(), text.clone())),
                (_, Value::Number(_) | Value::Bool(_)) => query.push((key.clone(), value.to_string())),
                _ => {}
            }
        }
        if query.iter().any(|(name, _)| name == "access_token") {
            return Err(ConnectorError::invalid_input(
                "`access_token` is sent by the connection; leave it out of the options",
            ));
        }
        let method = choice(&input.method);
        let mut request = self.http.request(&method, &path).query(&query);
        if let Some(body) = body.filter(|_| method == "POST") {
            request = request.json(&body);
        }
        request.send_json().await.map_err(refine)
    }

    /// Get Node Data
    #[action(name = "Get Node Data", idempotent, http(method = "GET", endpoint = "/{version}/{nodeId}"))]
    async fn get_node(&self, input: GetNodeInput) -> Result<Value> {
        let version = input.version.as_ref().map(choice).unwrap_or_else(|| "v20.0".into());
        let path = format!("/{version}/{}", segment(&input.node_id, "nodeId")?);
        let query = [("fields", field_list(&input.fields, &["id", "name"]))];
        self.http.get(&path).query(&query).send_json().await.map_err(refine)
    }

    /// Get Edge Data
    #[action(name = "Get Edge Data", idempotent, http(method = "GET", endpoint = "/v21.0/{nodeId}/{edge}"))]
    async fn get_edge(&self, input: GetEdgeInput) -> Result<Value> {
        let path =
            format!("/{DEFAULT_VERSION}/{}/{}", segment(&input.node_id, "nodeId")?, segment(&input.edge, "edge")?);
        self.list(&path, field_list(&input.fields, &[]), limit_of(input.limit)?).await
    }

    /// Create Page Post
    #[action(name = "Create Page Post", http(method = "POST", endpoint = "/v21.0/{pageId}/feed"))]
    async fn create_page_post(&self, input: CreatePagePostInput) -> Result<Value> {
        if input.message.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`message` cannot be blank"));
        }
        let path = format!("/{DEFAULT_VERSION}/{}/feed", segment(&input.page_id, "pageId")?);
        let mut form = vec![("message", input.message.clone())];
        if let Some(link) = input.link.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            form.push(("link", link.to_owned()));
        }
        insert_published(&mut form, input.published);
        let page = self.page_client(&input.page_id).await?;
        page.post(&path).form(&form).send_json().await.map_err(refine)
    }

    /// Upload Page Photo
    #[action(name = "Upload Page Photo", http(method = "POST", endpoint = "/v21.0/{pageId}/photos"))]
    async fn upload_page_photo(&self, input: UploadPagePhotoInput) -> Result<Value> {
        let path = format!("/{DEFAULT_VERSION}/{}/photos", segment(&input.page_id, "pageId")?);
        let caption = input.caption.clone().filter(|c| !c.trim().is_empty());
        let published = input.published.unwrap_or(true).to_string();
        if is_upload(&input.photo_upload_option) {
            let mut parts = vec![uploaded_file(&input.photo_file, "photoFile", "image/jpeg", "photo.jpg")?];
            if let Some(caption) = caption {
                parts.push(Part::text("caption", caption));
            }
            parts.push(Part::text("published", published));
            let page = self.page_client(&input.page_id).await?;
            return page.post(&path).multipart(parts).send_json().await.map_err(refine);
        }
        let url = input.url.as_deref().map(str::trim).filter(|u| u.starts_with("https://") || u.starts_with("http://"));
        let url = url.ok_or_else(|| {
            ConnectorError::invalid_input("`url` must be the photo's public http(s) URL (or choose the upload option)")
        })?;
        let mut form = vec![("url", url.to_owned())];
        if let Some(caption) = caption {
            form.push(("caption", caption));
        }
        form.push(("published", published));
        let page = self.page_client(&input.page_id).await?;
        page.post(&path).form(&form).send_json().await.map_err(refine)
    }

    /// Upload Page Video
    #[action(name = "Upload Page Video", http(method = "POST", endpoint = "/v21.0/{pageId}/videos"))]
    async fn upload_page_video(&self, input: UploadPageVideoInput) -> Result<Value> {
        let page_path = format!("{DEFAULT_VERSION}/{}/videos", segment(&input.page_id, "pageId")?);
        let mut texts: Vec<(&str, String)> = Vec::new();
        if let Some(title) = input.title.clone().filter(|t| !t.trim().is_empty()) {
            texts.push(("title", title));
        }
        if let Some(description) = input.description.clone().filter(|t| !t.trim().is_empty()) {
            texts.push(("description", description));
        }
        texts.push(("published", input.published.unwrap_or(true).to_string()));
        if is_upload(&input.video_upload_option) {
            let mut parts = vec![uploaded_file(&input.video_file, "videoFile", "video/mp4", "video.mp4")?];
            parts.extend(texts.into_iter().map(|(name, value)| Part::text(name, value)));
            let path = format!("{}/{page_path}", self.host("graph-video.facebook.com"));
            let page = self.page_client(&input.page_id).await?;
            return page.post(&path).multipart(parts).send_json().await.map_err(refine);
        }
        let url =
            input.file_url.as_deref().map(str::trim).filter(|u| u.starts_with("https://") || u.starts_with("http://"));
        let url = url.ok_or_else(|| {
            ConnectorError::invalid_input(
                "`file_url` must be the video's public http(s) URL (or choose the upload option)",
            )
        })?;
        let mut form = vec![("file_url", url.to_owned())];
        form.extend(texts);
        let page = self.page_client(&input.page_id).await?;
        page.post(&format!("/{page_path}")).form(&form).send_json().await.map_err(refine)
    }

    /// Get User Pages
    #[action(name = "Get User Pages", idempotent, http(method = "GET", endpoint = "/v21.0/me/accounts"))]
    async fn get_pages(&self, input: GetPagesInput) -> Result<Value> {
        let fields = field_list(&input.fields, &["id", "name", "access_token", "category"]);
        self.list(&format!("/{DEFAULT_VERSION}/me/accounts"), fields, limit_of(input.limit)?).await
    }

    /// Delete Post
    #[action(name = "Delete Post", http(method = "DELETE", endpoint = "/v21.0/{postId}"))]
    async fn delete_post(&self, input: DeletePostInput) -> Result<Value> {
        let path = format!("/{DEFAULT_VERSION}/{}", segment(&input.post_id, "postId")?);
        let page = self.post_client(&input.post_id).await?;
        page.delete(&path).send_json().await.map_err(refine)
    }

    /// Comment on Post
    #[action(name = "Comment on Post", http(method = "POST", endpoint = "/v21.0/{postId}/comments"))]
    async fn comment_on_post(&self, input: CommentOnPostInput) -> Result<Value> {
        if input.message.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`message` cannot be blank"));
        }
        let path = format!("/{DEFAULT_VERSION}/{}/comments", segment(&input.post_id, "postId")?);
        let page = self.post_client(&input.post_id).await?;
        page.post(&path).form(&[("message", input.message.as_str())]).send_json().await.map_err(refine)
    }

    /// Get Page Insights
    #[action(name = "Get Page Insights", idempotent, http(method = "GET", endpoint = "/v21.0/{pageId}/insights"))]
    async fn get_page_insights(&self, input: GetPageInsightsInput) -> Result<Value> {
        let path = format!("/{DEFAULT_VERSION}/{}/insights", segment(&input.page_id, "pageId")?);
        let metric = field_list(&input.metric, &["page_impressions", "page_engaged_users"]);
        let period = input.period.as_ref().map(choice).unwrap_or_else(|| "day".into());
        let page = self.page_client(&input.page_id).await?;
        let query = [("metric", metric), ("period", Some(period))];
        page.get(&path).query(&query).send_json().await.map_err(refine)
    }

    /// Page Post Published
    #[trigger(name = "Page Post Published", webhook)]
    async fn page_post_published(
        &self,
        config: PagePostPublishedConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        if let Some(reply) = url_check(&request, &config.verify_token) {
            return Ok(reply);
        }
        Ok(WebhookReply::events(change_events(&request, "page", "feed", is_feed_post)?))
    }

    /// Page Comment Received
    #[trigger(name = "Page Comment Received", webhook)]
    async fn page_comment_received(
        &self,
        config: PageCommentReceivedConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        if let Some(reply) = url_check(&request, &config.verify_token) {
            return Ok(reply);
        }
        let wanted = |v: &Value| v["item"] == "comment" && v["verb"] == "add";
        Ok(WebhookReply::events(change_events(&request, "page", "feed", wanted)?))
    }

    /// Page Message Received
    #[trigger(name = "Page Message Received", webhook)]
    async fn page_message_received(
        &self,
        config: PageMessageReceivedConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        if let Some(reply) = url_check(&request, &config.verify_token) {
            return Ok(reply);
        }
        Ok(WebhookReply::events(messaging_events(&request, "page", |_| true)?))
    }

    /// Instagram Comment
    #[trigger(name = "Instagram Comment", webhook)]
    async fn instagram_comment(
        &self,
        config: InstagramCommentConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        if let Some(reply) = url_check(&request, &config.verify_token) {
            return Ok(reply);
        }
        let mut events = change_events(&request, "instagram", "comments", |_| true)?;
        if !config.include_values.unwrap_or(true) {
            for event in &mut events {
                if let Value::Object(map) = event {
                    map.retain(|k, _| matches!(k.as_str(), "id" | "eventId" | "field" | "entryId" | "time"));
                }
            }
        }
        Ok(WebhookReply::events(events))
    }

    /// Instagram Mention
    #[trigger(name = "Instagram Mention", webhook)]
    async fn instagram_mention(
        &self,
        config: InstagramMentionConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        if let Some(reply) = url_check(&request, &config.verify_token) {
            return Ok(reply);
        }
        Ok(WebhookReply::events(change_events(&request, "instagram", "mentions", |_| true)?))
    }

    /// Instagram Story Mention
    #[trigger(name = "Instagram Story Mention", webhook)]
    async fn instagram_story_mention(
        &self,
        config: InstagramStoryMentionConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        if let Some(reply) = url_check(&request, &config.verify_token) {
            return Ok(reply);
        }
        let story = |m: &Value| m["attachments"].as_array().into_iter().flatten().any(|a| a["type"] == "story_mention");
        Ok(WebhookReply::events(messaging_events(&request, "instagram", story)?))
    }

    /// Instagram Media Published
    #[trigger(name = "Instagram Media Published", webhook, aliases = ["media_published"])]
    async fn instagram_media_published(
        &self,
        config: InstagramMediaPublishedConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        if let Some(reply) = url_check(&request, &config.verify_token) {
            return Ok(reply);
        }
        Ok(WebhookReply::events(change_events(&request, "instagram", "media", |_| true)?))
    }

    /// New Lead Ads lead: each `leadgen` change of a Page (its id, form, ad and time; read the
    /// answers with Get Node Data on the `leadgen_id` and a Page token with `leads_retrieval`)
    #[trigger(name = "New Lead", webhook)]
    async fn lead_created(&self, config: LeadCreatedConfig, request: WebhookRequest) -> Result<WebhookReply<Value>> {
        if let Some(reply) = url_check(&request, config.verify_token.as_deref().unwrap_or_default()) {
            return Ok(reply);
        }
        let form = config.form_id.as_deref().map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned);
        let wanted = |v: &Value| {
            form.as_deref().is_none_or(|f| {
                v["form_id"].as_str() == Some(f) || v["form_id"].as_u64().is_some_and(|n| n.to_string() == f)
            })
        };
        Ok(WebhookReply::events(change_events(&request, "page", "leadgen", wanted)?))
    }

    /// Reads the connection's own user (or Page) with its token
    #[test_connection]
    async fn check_credentials(&self) -> Result<Value> {
        let path = format!("/{DEFAULT_VERSION}/me");
        self.http.get(&path).query(&[("fields", "id,name")]).send_json().await.map_err(refine)
    }
}
