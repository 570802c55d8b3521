use fluxturn_core::prelude::*;
use serde_json::Value;

/// Reddit: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/reddit.json`.
#[connector(
    name = "reddit",
    display_name = "Reddit",
    category = "social",
    base_url = "https://oauth.reddit.com",
    icon = "icons/reddit.svg",
    auth = oauth2(authorization_url = "https://www.reddit.com/api/v1/authorize", token_url = "https://www.reddit.com/api/v1/access_token", scopes = ["identity", "edit", "history", "mysubreddits", "read", "save", "submit"]),
    credentials = RedditCredentials,
)]
pub struct Reddit {
    http: Http,
}

/// What the user enters in the "Add Reddit" form.
#[derive(Credentials)]
pub struct RedditCredentials {
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

/// The choices of `kind`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum PostCreateInputKind {
    /// self
    #[serde(rename = "self")]
    SelfValue,
    /// link
    #[serde(rename = "link")]
    Link,
    /// image
    #[serde(rename = "image")]
    Image,
}

/// The input of `post_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PostCreateInput {
    /// Kind
    #[field(label = "Kind", default = "self")]
    pub kind: PostCreateInputKind,
    /// Send Replies
    #[field(label = "Send Replies", default = true)]
    #[serde(rename = "sendReplies")]
    pub send_replies: Option<bool>,
    /// Subreddit
    #[field(label = "Subreddit")]
    pub subreddit: String,
    /// Text
    #[field(label = "Text")]
    pub text: Option<String>,
    /// Title
    #[field(label = "Title")]
    pub title: String,
    /// Url
    #[field(label = "Url")]
    pub url: Option<String>,
}

/// The input of `post_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PostDeleteInput {
    /// Post Id
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: String,
}

/// The input of `post_get`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PostGetInput {
    /// Post Id
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: String,
    /// Subreddit
    #[field(label = "Subreddit")]
    pub subreddit: String,
}

/// The choices of `category`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum PostGetManyInputCategory {
    /// hot
    #[serde(rename = "hot")]
    Hot,
    /// new
    #[serde(rename = "new")]
    New,
    /// rising
    #[serde(rename = "rising")]
    Rising,
    /// top
    #[serde(rename = "top")]
    Top,
}

/// The input of `post_get_many`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PostGetManyInput {
    /// Category
    #[field(label = "Category", default = "hot")]
    pub category: PostGetManyInputCategory,
    /// Limit
    #[field(label = "Limit", default = 10)]
    pub limit: Option<f64>,
    /// Subreddit
    #[field(label = "Subreddit")]
    pub subreddit: String,
}

/// The choices of `location`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum PostSearchInputLocation {
    /// subreddit
    #[serde(rename = "subreddit")]
    Subreddit,
    /// all
    #[serde(rename = "all")]
    All,
}

/// The choices of `sort`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum PostSearchInputSort {
    /// relevance
    #[serde(rename = "relevance")]
    Relevance,
    /// hot
    #[serde(rename = "hot")]
    Hot,
    /// top
    #[serde(rename = "top")]
    Top,
    /// new
    #[serde(rename = "new")]
    New,
    /// comments
    #[serde(rename = "comments")]
    Comments,
}

/// The choices of `time`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum PostSearchInputTime {
    /// all
    #[serde(rename = "all")]
    All,
    /// hour
    #[serde(rename = "hour")]
    Hour,
    /// day
    #[serde(rename = "day")]
    Day,
    /// week
    #[serde(rename = "week")]
    Week,
    /// month
    #[serde(rename = "month")]
    Month,
    /// year
    #[serde(rename = "year")]
    Year,
}

/// The input of `post_search`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PostSearchInput {
    /// Limit
    #[field(label = "Limit", default = 25)]
    pub limit: Option<f64>,
    /// Location
    #[field(label = "Location", default = "subreddit")]
    pub location: PostSearchInputLocation,
    /// Query
    #[field(label = "Query")]
    pub query: String,
    /// Sort
    #[field(label = "Sort", default = "relevance")]
    pub sort: Option<PostSearchInputSort>,
    /// Subreddit
    #[field(label = "Subreddit")]
    pub subreddit: Option<String>,
    /// Time
    #[field(label = "Time", default = "all")]
    pub time: Option<PostSearchInputTime>,
}

/// The input of `comment_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentCreateInput {
    /// Post Id
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: String,
    /// Text
    #[field(label = "Text")]
    pub text: String,
}

/// The input of `comment_reply`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentReplyInput {
    /// Comment Id
    #[field(label = "Comment Id")]
    #[serde(rename = "commentId")]
    pub comment_id: String,
    /// Text
    #[field(label = "Text")]
    pub text: String,
}

/// The input of `comment_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentDeleteInput {
    /// Comment Id
    #[field(label = "Comment Id")]
    #[serde(rename = "commentId")]
    pub comment_id: String,
}

/// The input of `comment_get_many`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentGetManyInput {
    /// Limit
    #[field(label = "Limit", default = 50)]
    pub limit: Option<f64>,
    /// Post Id
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: String,
    /// Subreddit
    #[field(label = "Subreddit")]
    pub subreddit: String,
}

/// The choices of `details`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum ProfileGetInputDetails {
    /// identity
    #[serde(rename = "identity")]
    Identity,
    /// karma
    #[serde(rename = "karma")]
    Karma,
    /// blocked
    #[serde(rename = "blocked")]
    Blocked,
    /// friends
    #[serde(rename = "friends")]
    Friends,
    /// prefs
    #[serde(rename = "prefs")]
    Prefs,
    /// trophies
    #[serde(rename = "trophies")]
    Trophies,
}

/// The input of `profile_get`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ProfileGetInput {
    /// Details
    #[field(label = "Details", default = "identity")]
    pub details: ProfileGetInputDetails,
}

/// The choices of `infoType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum SubredditGetInputInfoType {
    /// about
    #[serde(rename = "about")]
    About,
    /// rules
    #[serde(rename = "rules")]
    Rules,
}

/// The input of `subreddit_get`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SubredditGetInput {
    /// Info Type
    #[field(label = "Info Type", default = "about")]
    #[serde(rename = "infoType")]
    pub info_type: Option<SubredditGetInputInfoType>,
    /// Subreddit
    #[field(label = "Subreddit")]
    pub subreddit: String,
}

/// The input of `subreddit_search`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SubredditSearchInput {
    /// Limit
    #[field(label = "Limit", default = 10)]
    pub limit: Option<f64>,
    /// Query
    #[field(label = "Query")]
    pub query: String,
}

/// The choices of `details`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UserGetInputDetails {
    /// about
    #[serde(rename = "about")]
    About,
    /// comments
    #[serde(rename = "comments")]
    Comments,
    /// submitted
    #[serde(rename = "submitted")]
    Submitted,
    /// gilded
    #[serde(rename = "gilded")]
    Gilded,
    /// overview
    #[serde(rename = "overview")]
    Overview,
}

/// The input of `user_get`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UserGetInput {
    /// Details
    #[field(label = "Details", default = "about")]
    pub details: Option<UserGetInputDetails>,
    /// Username
    #[field(label = "Username")]
    pub username: String,
}

/// The choices of `category`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum NewPostConfigCategory {
    /// new
    #[serde(rename = "new")]
    New,
    /// hot
    #[serde(rename = "hot")]
    Hot,
    /// rising
    #[serde(rename = "rising")]
    Rising,
    /// top
    #[serde(rename = "top")]
    Top,
}

/// The configuration of `new_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewPostConfig {
    /// Category
    #[field(label = "Category", default = "new")]
    pub category: Option<NewPostConfigCategory>,
    /// Polling Interval
    #[field(label = "Polling Interval", default = 5)]
    #[serde(rename = "pollingInterval")]
    pub polling_interval: Option<f64>,
    /// Subreddit
    #[field(label = "Subreddit")]
    pub subreddit: String,
}

/// The configuration of `new_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewCommentConfig {
    /// Polling Interval
    #[field(label = "Polling Interval", default = 5)]
    #[serde(rename = "pollingInterval")]
    pub polling_interval: Option<f64>,
    /// Subreddit
    #[field(label = "Subreddit")]
    pub subreddit: String,
}

/// The configuration of `user_mention`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UserMentionConfig {
    /// Include Comments
    #[field(label = "Include Comments", default = true)]
    #[serde(rename = "includeComments")]
    pub include_comments: Option<bool>,
    /// Include Posts
    #[field(label = "Include Posts", default = true)]
    #[serde(rename = "includePosts")]
    pub include_posts: Option<bool>,
    /// Polling Interval
    #[field(label = "Polling Interval", default = 10)]
    #[serde(rename = "pollingInterval")]
    pub polling_interval: Option<f64>,
}

/// The configuration of `post_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PostUpdatedConfig {
    /// Polling Interval
    #[field(label = "Polling Interval", default = 15)]
    #[serde(rename = "pollingInterval")]
    pub polling_interval: Option<f64>,
    /// Score Threshold
    #[field(label = "Score Threshold", default = 100)]
    #[serde(rename = "scoreThreshold")]
    pub score_threshold: Option<f64>,
    /// Subreddit
    #[field(label = "Subreddit")]
    pub subreddit: String,
}

#[actions]
impl Reddit {
    /// Create Post
    #[action(name = "Create Post", http(method = "POST", endpoint = "/api/submit"))]
    async fn post_create(&self, input: PostCreateInput) -> Result<Value>;

    /// Delete Post
    #[action(name = "Delete Post", http(method = "POST", endpoint = "/api/del"))]
    async fn post_delete(&self, input: PostDeleteInput) -> Result<Value>;

    /// Get Post
    #[action(name = "Get Post", http(method = "GET", endpoint = "/r/{subreddit}/comments/{postId}"))]
    async fn post_get(&self, input: PostGetInput) -> Result<Value>;

    /// Get Many Posts
    #[action(name = "Get Many Posts", http(method = "GET", endpoint = "/r/{subreddit}/{category}"))]
    async fn post_get_many(&self, input: PostGetManyInput) -> Result<Value>;

    /// Search Posts
    #[action(name = "Search Posts", http(method = "GET", endpoint = "/r/{subreddit}/search"))]
    async fn post_search(&self, input: PostSearchInput) -> Result<Value>;

    /// Create Comment
    #[action(name = "Create Comment", http(method = "POST", endpoint = "/api/comment"))]
    async fn comment_create(&self, input: CommentCreateInput) -> Result<Value>;

    /// Reply to Comment
    #[action(name = "Reply to Comment", http(method = "POST", endpoint = "/api/comment"))]
    async fn comment_reply(&self, input: CommentReplyInput) -> Result<Value>;

    /// Delete Comment
    #[action(name = "Delete Comment", http(method = "POST", endpoint = "/api/del"))]
    async fn comment_delete(&self, input: CommentDeleteInput) -> Result<Value>;

    /// Get Comments
    #[action(name = "Get Comments", http(method = "GET", endpoint = "/r/{subreddit}/comments/{postId}"))]
    async fn comment_get_many(&self, input: CommentGetManyInput) -> Result<Value>;

    /// Get Profile
    #[action(name = "Get Profile", http(method = "GET", endpoint = "/api/v1/me"))]
    async fn profile_get(&self, input: ProfileGetInput) -> Result<Value>;

    /// Get Subreddit Info
    #[action(name = "Get Subreddit Info", http(method = "GET", endpoint = "/r/{subreddit}/about"))]
    async fn subreddit_get(&self, input: SubredditGetInput) -> Result<Value>;

    /// Search Subreddits
    #[action(name = "Search Subreddits", http(method = "GET", endpoint = "/subreddits/search"))]
    async fn subreddit_search(&self, input: SubredditSearchInput) -> Result<Value>;

    /// Get User Info
    #[action(name = "Get User Info", http(method = "GET", endpoint = "/user/{username}/about"))]
    async fn user_get(&self, input: UserGetInput) -> Result<Value>;

    /// New Post in Subreddit
    #[trigger(name = "New Post in Subreddit", polling)]
    async fn new_post(&self, _config: NewPostConfig, _cursor: Option<Value>) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`new_post` is not written yet"))
    }

    /// New Comment in Subreddit
    #[trigger(name = "New Comment in Subreddit", polling)]
    async fn new_comment(&self, _config: NewCommentConfig, _cursor: Option<Value>) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`new_comment` is not written yet"))
    }

    /// User Mention
    #[trigger(name = "User Mention", polling)]
    async fn user_mention(&self, _config: UserMentionConfig, _cursor: Option<Value>) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`user_mention` is not written yet"))
    }

    /// Post Score Updated
    #[trigger(name = "Post Score Updated", polling)]
    async fn post_updated(&self, _config: PostUpdatedConfig, _cursor: Option<Value>) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`post_updated` is not written yet"))
    }

    /// A cheap call that proves the credentials work (replace `/me` with such an endpoint of the API)
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/me").send().await.map(drop)
    }
}
