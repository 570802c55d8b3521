use fluxturn_core::prelude::*;
use serde_json::{Map, Value};

/// Facebook Graph API: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/facebook_graph.json`.
#[connector(
    name = "facebook_graph",
    display_name = "Facebook Graph API",
    category = "social",
    base_url = "https://graph.facebook.com",
    icon = "icons/facebook_graph.svg",
    auth = oauth2(authorization_url = "https://www.facebook.com/v18.0/dialog/oauth", token_url = "https://graph.facebook.com/v18.0/oauth/access_token", scopes = ["public_profile", "email", "pages_show_list", "pages_read_engagement", "pages_manage_posts", "pages_read_user_content", "pages_manage_engagement"]),
    credentials = FacebookGraphCredentials,
)]
pub struct FacebookGraph {
    http: Http,
}

/// What the user enters in the "Add Facebook Graph API" form.
#[derive(Credentials)]
pub struct FacebookGraphCredentials {
    /// Auth Type (FluxTurn's form has a select here: give it an enum of its choices)
    #[field(key = "authType", label = "Auth Type")]
    pub auth_type: String,
    /// Client Id
    #[field(key = "clientId", label = "Client Id")]
    pub client_id: String,
    /// Client Secret
    #[field(key = "clientSecret", label = "Client Secret", secret)]
    pub client_secret: Secret<String>,
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
    ///
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
    pub fields: Option<Vec<Value>>,
    /// Node Id
    #[field(label = "Node Id")]
    #[serde(rename = "nodeId")]
    pub node_id: String,
    /// Node Id
    #[field(label = "Node Id")]
    #[serde(rename = "node_id")]
    pub node_id_2: String,
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
    /// Node Id
    #[field(label = "Node Id")]
    #[serde(rename = "node_id")]
    pub node_id_2: String,
    /// Version
    #[field(label = "Version")]
    pub version: String,
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
    /// Page Id
    #[field(label = "Page Id")]
    #[serde(rename = "page_id")]
    pub page_id_2: String,
    /// Published
    #[field(label = "Published", default = true)]
    pub published: Option<bool>,
    /// Version
    #[field(label = "Version")]
    pub version: String,
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
    /// Page Id
    #[field(label = "Page Id")]
    #[serde(rename = "page_id")]
    pub page_id_2: String,
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
    /// Version
    #[field(label = "Version")]
    pub version: String,
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
    /// Page Id
    #[field(label = "Page Id")]
    #[serde(rename = "page_id")]
    pub page_id_2: String,
    /// Published
    #[field(label = "Published", default = true)]
    pub published: Option<bool>,
    /// Title
    #[field(label = "Title")]
    pub title: Option<String>,
    /// Version
    #[field(label = "Version")]
    pub version: String,
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
    pub fields: Option<Vec<Value>>,
    /// Limit
    #[field(label = "Limit", default = 25)]
    pub limit: Option<f64>,
    /// Version
    #[field(label = "Version")]
    pub version: String,
}

/// The input of `delete_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeletePostInput {
    /// Post Id
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: String,
    /// Post Id
    #[field(label = "Post Id")]
    #[serde(rename = "post_id")]
    pub post_id_2: String,
    /// Version
    #[field(label = "Version")]
    pub version: String,
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
    /// Post Id
    #[field(label = "Post Id")]
    #[serde(rename = "post_id")]
    pub post_id_2: String,
    /// Version
    #[field(label = "Version")]
    pub version: String,
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
    pub metric: Option<Vec<Value>>,
    /// Page Id
    #[field(label = "Page Id")]
    #[serde(rename = "pageId")]
    pub page_id: String,
    /// Page Id
    #[field(label = "Page Id")]
    #[serde(rename = "page_id")]
    pub page_id_2: String,
    /// Period
    #[field(label = "Period", default = "day")]
    pub period: Option<GetPageInsightsInputPeriod>,
    /// Version
    #[field(label = "Version")]
    pub version: String,
}

/// The configuration of `page_post_published`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PagePostPublishedConfig {
    /// App Id
    #[field(label = "App Id")]
    #[serde(rename = "appId")]
    pub app_id: String,
}

/// The configuration of `page_comment_received`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PageCommentReceivedConfig {
    /// App Id
    #[field(label = "App Id")]
    #[serde(rename = "appId")]
    pub app_id: String,
}

/// The configuration of `page_message_received`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PageMessageReceivedConfig {
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
    /// App Id
    #[field(label = "App Id")]
    #[serde(rename = "appId")]
    pub app_id: String,
    /// Object Type
    #[field(label = "Object Type", default = "instagram")]
    #[serde(rename = "objectType")]
    pub object_type: Option<InstagramMediaPublishedConfigObjectType>,
}

#[actions]
impl FacebookGraph {
    /// HTTP Request
    #[action(name = "HTTP Request")]
    async fn http_request(&self, _input: HttpRequestInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`http_request` is not written yet"))
    }

    /// Get Node Data
    #[action(name = "Get Node Data", http(method = "GET", endpoint = "/{version}/{node_id}"))]
    async fn get_node(&self, input: GetNodeInput) -> Result<Value>;

    /// Get Edge Data
    #[action(name = "Get Edge Data", http(method = "GET", endpoint = "/{version}/{node_id}/{edge}"))]
    async fn get_edge(&self, input: GetEdgeInput) -> Result<Value>;

    /// Create Page Post
    #[action(name = "Create Page Post", http(method = "POST", endpoint = "/{version}/{page_id}/feed"))]
    async fn create_page_post(&self, input: CreatePagePostInput) -> Result<Value>;

    /// Upload Page Photo
    #[action(name = "Upload Page Photo", http(method = "POST", endpoint = "/{version}/{page_id}/photos"))]
    async fn upload_page_photo(&self, input: UploadPagePhotoInput) -> Result<Value>;

    /// Upload Page Video
    #[action(name = "Upload Page Video", http(method = "POST", endpoint = "/{version}/{page_id}/videos"))]
    async fn upload_page_video(&self, input: UploadPageVideoInput) -> Result<Value>;

    /// Get User Pages
    #[action(name = "Get User Pages", http(method = "GET", endpoint = "/{version}/me/accounts"))]
    async fn get_pages(&self, input: GetPagesInput) -> Result<Value>;

    /// Delete Post
    #[action(name = "Delete Post", http(method = "DELETE", endpoint = "/{version}/{post_id}"))]
    async fn delete_post(&self, input: DeletePostInput) -> Result<Value>;

    /// Comment on Post
    #[action(name = "Comment on Post", http(method = "POST", endpoint = "/{version}/{post_id}/comments"))]
    async fn comment_on_post(&self, input: CommentOnPostInput) -> Result<Value>;

    /// Get Page Insights
    #[action(name = "Get Page Insights", http(method = "GET", endpoint = "/{version}/{page_id}/insights"))]
    async fn get_page_insights(&self, input: GetPageInsightsInput) -> Result<Value>;

    /// Page Post Published
    #[trigger(name = "Page Post Published", webhook)]
    async fn page_post_published(
        &self,
        _config: PagePostPublishedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Page Comment Received
    #[trigger(name = "Page Comment Received", webhook)]
    async fn page_comment_received(
        &self,
        _config: PageCommentReceivedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Page Message Received
    #[trigger(name = "Page Message Received", webhook)]
    async fn page_message_received(
        &self,
        _config: PageMessageReceivedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Instagram Comment
    #[trigger(name = "Instagram Comment", webhook)]
    async fn instagram_comment(&self, _config: InstagramCommentConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Instagram Mention
    #[trigger(name = "Instagram Mention", webhook)]
    async fn instagram_mention(&self, _config: InstagramMentionConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Instagram Story Mention
    #[trigger(name = "Instagram Story Mention", webhook)]
    async fn instagram_story_mention(
        &self,
        _config: InstagramStoryMentionConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Instagram Media Published
    #[trigger(name = "Instagram Media Published", webhook)]
    async fn instagram_media_published(
        &self,
        _config: InstagramMediaPublishedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
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
