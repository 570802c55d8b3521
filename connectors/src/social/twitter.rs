use fluxturn_core::prelude::*;
use serde_json::Value;

/// Twitter/X: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/twitter.json`.
#[connector(
    name = "twitter",
    display_name = "Twitter/X",
    category = "social",
    base_url = "https://api.twitter.com",
    icon = "icons/twitter.svg",
    auth = oauth2(authorization_url = "https://twitter.com/i/oauth2/authorize", token_url = "https://api.twitter.com/2/oauth2/token", scopes = ["tweet.read", "tweet.write", "users.read", "follows.read", "follows.write", "like.read", "like.write", "dm.read", "dm.write", "list.read", "list.write", "offline.access"]),
    credentials = TwitterCredentials,
)]
pub struct Twitter {
    http: Http,
}

/// What the user enters in the "Add Twitter/X" form.
#[derive(Credentials)]
pub struct TwitterCredentials {
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

/// The input of `create_tweet`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateTweetInput {
    /// Media Files
    #[field(label = "Media Files")]
    #[serde(rename = "mediaFiles")]
    pub media_files: Option<Vec<Value>>,
    /// Media Urls
    #[field(label = "Media Urls")]
    #[serde(rename = "mediaUrls")]
    pub media_urls: Option<Vec<Value>>,
    /// Reply To
    #[field(label = "Reply To")]
    pub reply_to: Option<String>,
    /// Text
    #[field(label = "Text", input_type = "textarea")]
    pub text: String,
    /// Video Url
    #[field(label = "Video Url")]
    #[serde(rename = "videoUrl")]
    pub video_url: Option<String>,
}

/// The input of `delete_tweet`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteTweetInput {
    /// Id
    #[field(label = "Id")]
    pub id: String,
    /// Tweet Id
    #[field(label = "Tweet Id")]
    #[serde(rename = "tweetId")]
    pub tweet_id: String,
}

/// The input of `like_tweet`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct LikeTweetInput {
    /// Tweet Id
    #[field(label = "Tweet Id")]
    #[serde(rename = "tweetId")]
    pub tweet_id: String,
    /// User Id
    #[field(label = "User Id")]
    pub user_id: String,
}

/// The input of `retweet`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RetweetInput {
    /// Tweet Id
    #[field(label = "Tweet Id")]
    #[serde(rename = "tweetId")]
    pub tweet_id: String,
    /// User Id
    #[field(label = "User Id")]
    pub user_id: String,
}

/// The choices of `sortOrder`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum SearchTweetsInputSortOrder {
    /// recency
    #[serde(rename = "recency")]
    Recency,
    /// relevancy
    #[serde(rename = "relevancy")]
    Relevancy,
}

/// The input of `search_tweets`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SearchTweetsInput {
    /// End Time
    #[field(label = "End Time", input_type = "datetime")]
    #[serde(rename = "endTime")]
    pub end_time: Option<String>,
    /// Max Results
    #[field(label = "Max Results", default = 10)]
    #[serde(rename = "maxResults")]
    pub max_results: Option<f64>,
    /// Query
    #[field(label = "Query")]
    pub query: String,
    /// Sort Order
    #[field(label = "Sort Order", default = "recency")]
    #[serde(rename = "sortOrder")]
    pub sort_order: Option<SearchTweetsInputSortOrder>,
    /// Start Time
    #[field(label = "Start Time", input_type = "datetime")]
    #[serde(rename = "startTime")]
    pub start_time: Option<String>,
    /// Tweet Fields
    #[field(label = "Tweet Fields")]
    #[serde(rename = "tweetFields")]
    pub tweet_fields: Option<Vec<Value>>,
}

/// The input of `send_direct_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendDirectMessageInput {
    /// Media Id
    #[field(label = "Media Id")]
    #[serde(rename = "mediaId")]
    pub media_id: Option<String>,
    /// Participant Id
    #[field(label = "Participant Id")]
    pub participant_id: String,
    /// Text
    #[field(label = "Text", input_type = "textarea")]
    pub text: String,
    /// User Id
    #[field(label = "User Id")]
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// The choices of `searchBy`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetUserInputSearchBy {
    /// username
    #[serde(rename = "username")]
    Username,
    /// id
    #[serde(rename = "id")]
    Id,
    /// me
    #[serde(rename = "me")]
    Me,
}

/// The input of `get_user`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetUserInput {
    /// Search By
    #[field(label = "Search By", default = "username")]
    #[serde(rename = "searchBy")]
    pub search_by: GetUserInputSearchBy,
    /// User Id
    #[field(label = "User Id")]
    #[serde(rename = "userId")]
    pub user_id: Option<String>,
    /// Username
    #[field(label = "Username")]
    pub username: Option<String>,
}

/// The input of `add_to_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddToListInput {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "list_id")]
    pub list_id_2: String,
    /// User Id
    #[field(label = "User Id")]
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// The configuration of `new_mention`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewMentionConfig {
    /// Properties
    #[field(label = "Properties")]
    pub properties: Option<String>,
}

/// The configuration of `new_tweet`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewTweetConfig {
    /// Properties
    #[field(label = "Properties")]
    pub properties: Option<String>,
}

#[actions]
impl Twitter {
    /// Create Tweet
    #[action(name = "Create Tweet", http(method = "POST", endpoint = "/2/tweets"))]
    async fn create_tweet(&self, input: CreateTweetInput) -> Result<Value>;

    /// Delete Tweet
    #[action(name = "Delete Tweet", http(method = "DELETE", endpoint = "/2/tweets/{id}"))]
    async fn delete_tweet(&self, input: DeleteTweetInput) -> Result<Value>;

    /// Like Tweet
    #[action(name = "Like Tweet", http(method = "POST", endpoint = "/2/users/{user_id}/likes"))]
    async fn like_tweet(&self, input: LikeTweetInput) -> Result<Value>;

    /// Retweet
    #[action(name = "Retweet", http(method = "POST", endpoint = "/2/users/{user_id}/retweets"))]
    async fn retweet(&self, input: RetweetInput) -> Result<Value>;

    /// Search Tweets
    #[action(name = "Search Tweets", http(method = "GET", endpoint = "/2/tweets/search/recent"))]
    async fn search_tweets(&self, input: SearchTweetsInput) -> Result<Value>;

    /// Send Direct Message
    #[action(
        name = "Send Direct Message",
        http(method = "POST", endpoint = "/2/dm_conversations/with/{participant_id}/messages")
    )]
    async fn send_direct_message(&self, input: SendDirectMessageInput) -> Result<Value>;

    /// Get User
    #[action(name = "Get User", http(method = "GET", endpoint = "/2/users"))]
    async fn get_user(&self, input: GetUserInput) -> Result<Value>;

    /// Add User to List
    #[action(name = "Add User to List", http(method = "POST", endpoint = "/2/lists/{list_id}/members"))]
    async fn add_to_list(&self, input: AddToListInput) -> Result<Value>;

    /// New Mention
    #[trigger(name = "New Mention", webhook)]
    async fn new_mention(&self, _config: NewMentionConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// New Tweet
    #[trigger(name = "New Tweet", webhook)]
    async fn new_tweet(&self, _config: NewTweetConfig, request: WebhookRequest) -> Result<Vec<Value>> {
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
