//! The Twitter/X connector: tweets, likes, retweets, recent search, users, direct messages and
//! list members through the X API v2, media through its v2 upload endpoints, and the account's
//! new mentions and new tweets as polling triggers.

use base64::Engine;
use fluxturn_core::http::{collect_pages, path_segment, Page, Part};
use fluxturn_core::prelude::*;
use fluxturn_core::{FromContext, HttpConfig, NoInput, Request};
use serde_json::{json, Value};
use std::time::Duration;

/// The most tweets one page of search or of a timeline holds.
const MAX_PAGE_SIZE: u32 = 100;

/// The fewest tweets recent search accepts as `max_results`.
const MIN_SEARCH_PAGE_SIZE: u32 = 10;

/// The most tweets `search_tweets` collects over its pages.
const MAX_SEARCH_RESULTS: u32 = 1_000;

/// The most pages a poll reads: 1,000 tweets since the previous poll.
const MAX_POLL_PAGES: usize = 10;

/// The most images a tweet carries.
const MAX_IMAGES: usize = 4;

/// X's size limit for an image (a GIF may be larger).
const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

/// X's size limit for an animated GIF.
const MAX_GIF_BYTES: usize = 15 * 1024 * 1024;

/// X's size limit for a video.
const MAX_VIDEO_BYTES: usize = 512 * 1024 * 1024;

/// The size of one appended chunk of a video.
const CHUNK_BYTES: usize = 4 * 1024 * 1024;

/// How many times a video's processing is checked before giving up.
const MAX_STATUS_CHECKS: u32 = 60;

/// The tweet fields every tweet this connector returns carries.
const TWEET_FIELDS: &str = "created_at,author_id,conversation_id,public_metrics,lang,in_reply_to_user_id";

/// The user fields every user this connector returns carries.
const USER_FIELDS: &str = "created_at,description,location,profile_image_url,protected,public_metrics,url,verified";

/// Post, like, retweet and search tweets, look up users, send direct messages and add users to lists on Twitter/X
#[connector(
    name = "twitter",
    display_name = "Twitter/X",
    category = "social",
    base_url = "https://api.twitter.com",
    icon = "icons/twitter.svg",
    auth = [
        bearer_token(field = "accessToken"),
        oauth2(
            authorization_url = "https://twitter.com/i/oauth2/authorize",
            token_url = "https://api.twitter.com/2/oauth2/token",
            scopes = [
                "tweet.read",
                "tweet.write",
                "users.read",
                "follows.read",
                "follows.write",
                "like.read",
                "like.write",
                "dm.read",
                "dm.write",
                "list.read",
                "list.write",
                "media.write",
                "offline.access",
            ],
            // X requires PKCE for OAuth 2.0 and accepts S256.
            pkce,
        ),
    ],
    credentials = TwitterCredentials,
)]
pub struct Twitter {
    http: Http,
    media_source: MediaSource,
}

/// How the connection authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum TwitterAuthType {
    /// OAuth2 (recommended)
    #[serde(rename = "oauth2")]
    OAuth2,
    /// OAuth2 with your own X app
    #[serde(rename = "manual")]
    Manual,
    /// Access token
    #[serde(rename = "accessToken")]
    AccessToken,
}

/// What the user enters in the "Add Twitter/X" form.
#[derive(Credentials)]
pub struct TwitterCredentials {
    /// OAuth2 through the server's X app or your own, or a token you paste
    #[field(key = "authType", label = "Authentication", default = "oauth2")]
    pub auth_type: TwitterAuthType,
    /// The OAuth 2.0 Client ID of your X app (developer portal > your app > Keys and tokens)
    #[field(
        key = "clientId",
        label = "Client ID",
        required,
        help_url = "https://developer.x.com/en/portal/dashboard",
        show(authType = ["manual"])
    )]
    pub client_id: Option<String>,
    /// The OAuth 2.0 Client Secret of your X app
    #[field(key = "clientSecret", label = "Client Secret", secret, required, show(authType = ["manual"]))]
    pub client_secret: Option<Secret<String>>,
    /// An OAuth 2.0 user access token (an app-only bearer token only serves search and user lookup); with OAuth2 the server stores the token it obtains here
    #[field(key = "accessToken", label = "Access Token", secret, required, show(authType = ["accessToken"]))]
    pub access_token: Option<Secret<String>>,
}

/// A client without the connection's token, to download media from the URLs a tweet names: the
/// token only ever goes to X.
struct MediaSource(Http);

impl FromContext for MediaSource {
    fn from_context(ctx: &ConnectContext) -> Result<Self> {
        Http::new(HttpConfig { auth: None, ..ctx.http_config()? }).map(Self)
    }
}

/// An image uploaded from the workflow, as FluxTurn's form sends it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MediaFile {
    /// The image, base64-encoded, or a `data:<type>;base64,...` URL
    pub file_data: String,
    /// Its file name
    pub file_name: Option<String>,
    /// Its MIME type (image/jpeg, image/png, image/gif or image/webp); taken from a data URL when it has one
    pub mime_type: Option<String>,
}

/// The input of `create_tweet`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateTweetInput {
    /// The text of the tweet (280 characters, or more for Premium accounts); links are shortened with t.co
    #[field(label = "Tweet Text", input_type = "textarea")]
    pub text: String,
    /// The id of a tweet to reply to; empty posts a new tweet
    #[field(label = "Reply to Tweet ID", placeholder = "1187836157394112513")]
    pub reply_to: Option<String>,
    /// Up to 4 images, each `{fileData, fileName, mimeType}` with the image base64-encoded
    #[field(label = "Upload Images")]
    #[serde(rename = "mediaFiles")]
    pub media_files: Option<Vec<MediaFile>>,
    /// Up to 4 publicly reachable image URLs (JPEG, PNG, GIF, WEBP), with the uploaded images
    #[field(label = "Image URLs")]
    #[serde(rename = "mediaUrls")]
    pub media_urls: Option<Vec<String>>,
    /// A publicly reachable MP4 video (at most 512 MB); a tweet carries a video or images, not both
    #[field(label = "Video URL", placeholder = "https://example.com/video.mp4")]
    #[serde(rename = "videoUrl")]
    pub video_url: Option<String>,
}

/// The input of `delete_tweet`, `like_tweet` and `retweet`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TweetRef {
    /// The id of the tweet (the number at the end of its URL)
    #[field(label = "Tweet ID", placeholder = "1187836157394112513")]
    #[serde(rename = "tweetId")]
    pub tweet_id: String,
}

/// The order of search results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum SortOrder {
    /// Newest first
    #[default]
    #[serde(rename = "recency")]
    Recency,
    /// Most relevant first
    #[serde(rename = "relevancy")]
    Relevancy,
}

/// The input of `search_tweets`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SearchTweetsInput {
    /// X's search query (operators such as `from:`, `#tag`, `-is:retweet` work), over the last 7 days
    #[field(label = "Search Query", placeholder = "#rustlang -is:retweet")]
    pub query: String,
    /// How many tweets to return, 1 to 1,000 (pages of 100 are followed)
    #[field(label = "Max Results", default = 10, min = 1, max = 1000)]
    #[serde(rename = "maxResults")]
    pub max_results: Option<u32>,
    /// Newest or most relevant first
    #[field(label = "Sort Order", default = "recency")]
    #[serde(rename = "sortOrder")]
    pub sort_order: Option<SortOrder>,
    /// The oldest time to search from (RFC 3339, within the last 7 days)
    #[field(label = "Start Time", input_type = "datetime", placeholder = "2024-01-01T00:00:00Z")]
    #[serde(rename = "startTime")]
    pub start_time: Option<String>,
    /// The newest time to search up to (RFC 3339)
    #[field(label = "End Time", input_type = "datetime", placeholder = "2024-01-02T00:00:00Z")]
    #[serde(rename = "endTime")]
    pub end_time: Option<String>,
    /// More tweet fields to return (such as `entities`, `attachments`, `source`), beside the usual ones
    #[field(label = "Tweet Fields")]
    #[serde(rename = "tweetFields")]
    pub tweet_fields: Option<Vec<String>>,
}

/// The input of `send_direct_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendDirectMessageInput {
    /// The recipient: a user id, or a username with or without `@`
    #[field(label = "Recipient", placeholder = "@username or 1068479892537384960")]
    #[serde(rename = "userId")]
    pub user_id: String,
    /// The message
    #[field(label = "Message Text", input_type = "textarea")]
    pub text: String,
    /// The id of media already uploaded to X, to attach
    #[field(label = "Media ID")]
    #[serde(rename = "mediaId")]
    pub media_id: Option<String>,
}

/// How `get_user` finds the user.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum SearchBy {
    /// Username
    #[default]
    #[serde(rename = "username")]
    Username,
    /// User ID
    #[serde(rename = "id")]
    Id,
    /// The connected account
    #[serde(rename = "me")]
    Me,
}

/// The input of `get_user`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetUserInput {
    /// By username, by id, or the connected account
    #[field(label = "Search By", default = "username")]
    #[serde(rename = "searchBy")]
    pub search_by: SearchBy,
    /// The username, with or without `@`
    #[field(label = "Username", placeholder = "XDevelopers", show(searchBy = ["username"]))]
    pub username: Option<String>,
    /// The user's id
    #[field(label = "User ID", placeholder = "2244994945", show(searchBy = ["id"]))]
    #[serde(rename = "userId")]
    pub user_id: Option<String>,
}

/// The input of `add_to_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddToListInput {
    /// The id of a list the connected account owns
    #[field(label = "List ID", placeholder = "1441162269824405510")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// The user to add: a user id, or a username with or without `@`
    #[field(label = "User", placeholder = "@username or 1068479892537384960")]
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// A tweet.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Tweet {
    /// Its id
    pub id: String,
    /// Its text
    pub text: String,
    /// The id of its author
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_id: Option<String>,
    /// When it was posted (RFC 3339)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// The id of the tweet that started its conversation
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// Retweet, reply, like, quote and impression counts
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metrics: Option<Value>,
    /// The ids of its versions, oldest first
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edit_history_tweet_ids: Option<Vec<String>>,
    /// The other fields X returned (those asked for by `tweetFields`)
    #[serde(flatten)]
    pub other: serde_json::Map<String, Value>,
}

/// A tweet just posted.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct PostedTweet {
    /// Its id
    pub id: String,
    /// Its text as X stored it
    pub text: String,
    /// The ids of its versions
    #[serde(default)]
    pub edit_history_tweet_ids: Vec<String>,
    /// The ids of the media attached
    #[serde(default)]
    pub media_ids: Vec<String>,
}

/// Whether a tweet was deleted.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Deleted {
    /// True when X deleted it
    pub deleted: bool,
    /// The tweet's id
    pub tweet_id: String,
}

/// Whether a tweet is liked.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Liked {
    /// True when the connected account now likes the tweet
    pub liked: bool,
    /// The tweet's id
    pub tweet_id: String,
}

/// Whether a tweet is retweeted.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Retweeted {
    /// True when the connected account has now retweeted it
    pub retweeted: bool,
    /// The tweet's id
    pub tweet_id: String,
}

/// The tweets a search found.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SearchResults {
    /// The tweets, in the order asked for
    pub tweets: Vec<Tweet>,
    /// Their authors
    pub users: Vec<User>,
    /// How many tweets were found
    pub result_count: usize,
}

/// A sent direct message.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct SentMessage {
    /// The conversation it belongs to
    pub dm_conversation_id: String,
    /// The id of the message event
    pub dm_event_id: String,
    /// The recipient's user id
    #[serde(default)]
    pub recipient_id: String,
}

/// A user.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct User {
    /// Their id
    pub id: String,
    /// Their display name
    pub name: String,
    /// Their username, without `@`
    pub username: String,
    /// Their bio
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where they say they are
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Their avatar's URL
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_image_url: Option<String>,
    /// Whether their tweets are protected
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protected: Option<bool>,
    /// Follower, following, tweet and listed counts
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metrics: Option<Value>,
    /// The URL in their profile
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Whether they are verified
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// When the account was created (RFC 3339)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

/// Whether a user is a member of a list.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct ListMembership {
    /// True when the user is now a member
    pub is_member: bool,
    /// The list's id
    pub list_id: String,
    /// The user's id
    pub user_id: String,
}

/// Where a timeline trigger stands: whose timeline, and the newest tweet already reported.
#[derive(Debug, Default, Deserialize, Serialize)]
struct TimelineCursor {
    /// The connected account's id, looked up once
    user_id: String,
    /// The newest tweet id seen; `None` when the timeline was empty
    since_id: Option<String>,
}

/// The two timelines the triggers watch.
#[derive(Debug, Clone, Copy)]
enum Timeline {
    /// Tweets that mention the account
    Mentions,
    /// The account's own tweets, without retweets and replies
    Own,
}

#[actions]
impl Twitter {
    /// Post a tweet, with images or a video, or a reply to a tweet
    #[action(name = "Create Tweet", category = "Tweets", http(method = "POST", endpoint = "/2/tweets"))]
    async fn create_tweet(&self, input: CreateTweetInput) -> Result<PostedTweet> {
        if input.text.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`text` cannot be blank"));
        }
        let media_ids = self.upload_media(&input).await?;
        let mut body = json!({ "text": input.text });
        if let Some(reply_to) = non_blank(input.reply_to.as_deref()) {
            body["reply"] = json!({ "in_reply_to_tweet_id": reply_to });
        }
        if !media_ids.is_empty() {
            body["media"] = json!({ "media_ids": media_ids });
        }
        let answer = self.call(self.http.post("/2/tweets").json(&body), "post the tweet").await?;
        let mut tweet: PostedTweet = decode(data(answer)?)?;
        tweet.media_ids = media_ids;
        Ok(tweet)
    }

    /// Delete one of the connected account's tweets
    #[action(name = "Delete Tweet", category = "Tweets", http(method = "DELETE", endpoint = "/2/tweets/{tweetId}"))]
    async fn delete_tweet(&self, input: TweetRef) -> Result<Deleted> {
        let id = tweet_id(&input.tweet_id)?;
        let path = format!("/2/tweets/{}", path_segment(id));
        let answer = self.call(self.http.delete(&path), "delete the tweet").await?;
        let deleted = data(answer)?["deleted"].as_bool().unwrap_or(false);
        Ok(Deleted { deleted, tweet_id: id.to_owned() })
    }

    /// Like a tweet as the connected account
    #[action(name = "Like Tweet", category = "Engagement")]
    async fn like_tweet(&self, input: TweetRef) -> Result<Liked> {
        let id = tweet_id(&input.tweet_id)?;
        let me = self.my_id().await?;
        let path = format!("/2/users/{}/likes", path_segment(&me));
        let request = self.http.post(&path).json(&json!({ "tweet_id": id })).idempotent();
        let answer = self.call(request, "like the tweet").await?;
        let liked = data(answer)?["liked"].as_bool().unwrap_or(false);
        Ok(Liked { liked, tweet_id: id.to_owned() })
    }

    /// Retweet a tweet as the connected account
    #[action(name = "Retweet", category = "Engagement")]
    async fn retweet(&self, input: TweetRef) -> Result<Retweeted> {
        let id = tweet_id(&input.tweet_id)?;
        let me = self.my_id().await?;
        let path = format!("/2/users/{}/retweets", path_segment(&me));
        let request = self.http.post(&path).json(&json!({ "tweet_id": id }));
        let answer = self.call(request, "retweet the tweet").await?;
        let retweeted = data(answer)?["retweeted"].as_bool().unwrap_or(false);
        Ok(Retweeted { retweeted, tweet_id: id.to_owned() })
    }

    /// Search the tweets of the last 7 days, following the pages up to Max Results
    #[action(
        name = "Search Tweets",
        category = "Tweets",
        idempotent,
        http(method = "GET", endpoint = "/2/tweets/search/recent")
    )]
    async fn search_tweets(&self, input: SearchTweetsInput) -> Result<SearchResults> {
        let query = input.query.trim();
        if query.is_empty() {
            return Err(ConnectorError::invalid_input("`query` cannot be blank"));
        }
        let wanted = input.max_results.unwrap_or(10);
        if !(1..=MAX_SEARCH_RESULTS).contains(&wanted) {
            return Err(ConnectorError::invalid_input(format!(
                "`maxResults` must be between 1 and {MAX_SEARCH_RESULTS}, not {wanted}"
            )));
        }
        let page_size = wanted.clamp(MIN_SEARCH_PAGE_SIZE, MAX_PAGE_SIZE);
        let mut fields: Vec<&str> = TWEET_FIELDS.split(',').collect();
        for field in input.tweet_fields.iter().flatten().map(|f| f.trim()).filter(|f| !f.is_empty()) {
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
        let fields = fields.join(",");
        let sort_order = match input.sort_order.unwrap_or_default() {
            SortOrder::Recency => "recency",
            SortOrder::Relevancy => "relevancy",
        };
        let fields = fields.as_str();
        let (start_time, end_time) = (non_blank(input.start_time.as_deref()), non_blank(input.end_time.as_deref()));
        let pages = (wanted.div_ceil(page_size)) as usize;
        // Each tweet comes with its author from the page's `includes`.
        let found = collect_pages(pages, wanted as usize, |next_token| async move {
            let query = json!({
                "query": query,
                "max_results": page_size,
                "sort_order": sort_order,
                "tweet.fields": fields,
                "expansions": "author_id",
                "user.fields": USER_FIELDS,
                "start_time": start_time,
                "end_time": end_time,
                "next_token": next_token,
            });
            let answer = self.call(self.http.get("/2/tweets/search/recent").query(&query), "search tweets").await?;
            let authors: Vec<User> = decode(answer["includes"]["users"].clone()).unwrap_or_default();
            let tweets: Vec<Tweet> =
                if answer["data"].is_null() { Vec::new() } else { decode(answer["data"].clone())? };
            let items = tweets
                .into_iter()
                .map(|tweet| {
                    let author = authors.iter().find(|u| tweet.author_id.as_ref() == Some(&u.id)).cloned();
                    (tweet, author)
                })
                .collect();
            Ok(Page { items, next: answer["meta"]["next_token"].as_str().map(str::to_owned) })
        })
        .await?;
        let (tweets, authors): (Vec<Tweet>, Vec<Option<User>>) = found.into_iter().unzip();
        let mut users: Vec<User> = Vec::new();
        for author in authors.into_iter().flatten() {
            if !users.iter().any(|u| u.id == author.id) {
                users.push(author);
            }
        }
        Ok(SearchResults { result_count: tweets.len(), tweets, users })
    }

    /// Send a direct message to a user
    #[action(
        name = "Send Direct Message",
        category = "Direct Messages",
        http(method = "POST", endpoint = "/2/dm_conversations/with/{userId}/messages")
    )]
    async fn send_direct_message(&self, input: SendDirectMessageInput) -> Result<SentMessage> {
        if input.text.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`text` cannot be blank"));
        }
        let recipient = self.user_id_of(&input.user_id, "userId").await?;
        let mut body = json!({ "text": input.text });
        if let Some(media_id) = non_blank(input.media_id.as_deref()) {
            body["attachments"] = json!([{ "media_id": media_id }]);
        }
        let path = format!("/2/dm_conversations/with/{}/messages", path_segment(&recipient));
        let answer = self.call(self.http.post(&path).json(&body), "send the direct message").await?;
        let mut sent: SentMessage = decode(data(answer)?)?;
        sent.recipient_id = recipient;
        Ok(sent)
    }

    /// Look up a user by username or id, or the connected account
    #[action(name = "Get User", category = "Users", idempotent, http(method = "GET", endpoint = "/2/users"))]
    async fn get_user(&self, input: GetUserInput) -> Result<User> {
        let path = match input.search_by {
            SearchBy::Me => "/2/users/me".to_owned(),
            SearchBy::Username => {
                let username = non_blank(input.username.as_deref())
                    .ok_or_else(|| ConnectorError::invalid_input("`username` is required to search by username"))?;
                format!("/2/users/by/username/{}", path_segment(username.trim_start_matches('@')))
            }
            SearchBy::Id => {
                let id = non_blank(input.user_id.as_deref())
                    .ok_or_else(|| ConnectorError::invalid_input("`userId` is required to search by id"))?;
                format!("/2/users/{}", path_segment(id))
            }
        };
        let request = self.http.get(&path).query(&json!({ "user.fields": USER_FIELDS }));
        decode(data(self.call(request, "look up the user").await?)?)
    }

    /// Add a user to a list the connected account owns
    #[action(
        name = "Add User to List",
        category = "Lists",
        http(method = "POST", endpoint = "/2/lists/{listId}/members")
    )]
    async fn add_to_list(&self, input: AddToListInput) -> Result<ListMembership> {
        let list_id = non_blank(Some(&input.list_id))
            .ok_or_else(|| ConnectorError::invalid_input("`listId` cannot be blank"))?
            .to_owned();
        let user_id = self.user_id_of(&input.user_id, "userId").await?;
        let path = format!("/2/lists/{}/members", path_segment(&list_id));
        let request = self.http.post(&path).json(&json!({ "user_id": user_id })).idempotent();
        let answer = self.call(request, "add the user to the list").await?;
        let is_member = data(answer)?["is_member"].as_bool().unwrap_or(false);
        Ok(ListMembership { is_member, list_id, user_id })
    }

    /// Someone mentioned the connected account in a tweet
    ///
    /// Polls the account's mentions timeline for tweets newer than the last one reported; the first
    /// poll only records the newest mention.
    #[trigger(name = "New Mention", event_type = "tweet.mention", icon = "at-sign", polling, event_id = "/id")]
    async fn new_mention(&self, _config: NoInput, cursor: Option<Value>) -> Result<Polled<Tweet>> {
        self.poll_timeline(Timeline::Mentions, cursor).await
    }

    /// The connected account posted a tweet (retweets and replies left out)
    ///
    /// Polls the account's own timeline for tweets newer than the last one reported; the first poll
    /// only records the newest tweet.
    #[trigger(name = "New Tweet", event_type = "tweet.created", icon = "message-square", polling, event_id = "/id")]
    async fn new_tweet(&self, _config: NoInput, cursor: Option<Value>) -> Result<Polled<Tweet>> {
        self.poll_timeline(Timeline::Own, cursor).await
    }

    /// Reads the connected account: proves the token works for user-context requests
    #[test_connection]
    async fn check_credentials(&self) -> Result<User> {
        decode(data(self.call(self.http.get("/2/users/me"), "read the connected account").await?)?)
    }
}

impl Twitter {
    /// Sends a request to X and returns its JSON answer, with X's errors explained: those it
    /// answers with an error status, and those it answers with a 200 and only `errors`.
    async fn call(&self, request: Request, doing: &str) -> Result<Value> {
        let answer: Value = request.send_json().await.map_err(|error| explain(doing, error))?;
        match answer.get("errors") {
            Some(errors) if answer.get("data").is_none() => Err(partial_error(doing, errors)),
            _ => Ok(answer),
        }
    }

    /// The connected account's user id.
    async fn my_id(&self) -> Result<String> {
        let answer = self.call(self.http.get("/2/users/me"), "read the connected account").await?;
        data(answer)?["id"].as_str().map(str::to_owned).ok_or_else(|| {
            ConnectorError::new(ErrorCode::InvalidResponse, "X's answer for the connected account has no id")
        })
    }

    /// The id of a user given as an id, or as a username with or without `@`.
    async fn user_id_of(&self, user: &str, field: &str) -> Result<String> {
        let user =
            non_blank(Some(user)).ok_or_else(|| ConnectorError::invalid_input(format!("`{field}` cannot be blank")))?;
        if user.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(user.to_owned());
        }
        let path = format!("/2/users/by/username/{}", path_segment(user.trim_start_matches('@')));
        let answer = self.call(self.http.get(&path), "look up the user").await?;
        data(answer)?["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| ConnectorError::new(ErrorCode::InvalidResponse, "X's answer for the user has no id"))
    }

    /// Uploads the input's images or video and returns their media ids, in order.
    async fn upload_media(&self, input: &CreateTweetInput) -> Result<Vec<String>> {
        let files = input.media_files.as_deref().unwrap_or_default();
        let urls: Vec<&str> = input.media_urls.iter().flatten().filter_map(|u| non_blank(Some(u))).collect();
        let video = non_blank(input.video_url.as_deref());
        if video.is_some() && (!files.is_empty() || !urls.is_empty()) {
            return Err(ConnectorError::invalid_input(
                "a tweet carries either a video or images: give `videoUrl`, or `mediaFiles`/`mediaUrls`",
            ));
        }
        if files.len() + urls.len() > MAX_IMAGES {
            return Err(ConnectorError::invalid_input(format!(
                "a tweet carries at most {MAX_IMAGES} images; {} were given",
                files.len() + urls.len()
            )));
        }
        if let Some(url) = video {
            let (bytes, mime) = self.download(url, "videoUrl", MAX_VIDEO_BYTES).await?;
            let mime = if mime.starts_with("video/") { mime } else { "video/mp4".to_owned() };
            return Ok(vec![self.upload_video(bytes, &mime).await?]);
        }
        let mut ids = Vec::new();
        for (index, file) in files.iter().enumerate() {
            let (bytes, mime) = decode_file(file, index)?;
            ids.push(self.upload_image(bytes, &mime, file.file_name.as_deref()).await?);
        }
        for url in urls {
            let (bytes, mime) = self.download(url, "mediaUrls", MAX_GIF_BYTES).await?;
            ids.push(self.upload_image(bytes, &mime, None).await?);
        }
        Ok(ids)
    }

    /// Downloads media from a public URL, without the connection's token.
    async fn download(&self, url: &str, field: &str, limit: usize) -> Result<(Vec<u8>, String)> {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(ConnectorError::invalid_input(format!("`{field}` must be an http(s) URL, not `{url}`")));
        }
        let response = self.media_source.0.get(url).send().await.map_err(|mut error| {
            error.message = format!("could not download the media at {url}: {}", error.message);
            error
        })?;
        if response.body.len() > limit {
            return Err(ConnectorError::invalid_input(format!(
                "the media at {url} is {} bytes; X accepts at most {limit}",
                response.body.len()
            )));
        }
        let mime = response
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty() && v != "application/octet-stream")
            .unwrap_or_else(|| mime_of_name(url).to_owned());
        Ok((response.body, mime))
    }

    /// Uploads one image in a single request; returns its media id.
    async fn upload_image(&self, bytes: Vec<u8>, mime: &str, name: Option<&str>) -> Result<String> {
        let (category, limit) =
            if mime == "image/gif" { ("tweet_gif", MAX_GIF_BYTES) } else { ("tweet_image", MAX_IMAGE_BYTES) };
        if bytes.len() > limit {
            return Err(ConnectorError::invalid_input(format!(
                "an image of {} bytes is too large: X accepts at most {limit}",
                bytes.len()
            )));
        }
        let parts =
            vec![Part::file("media", name.unwrap_or("image"), mime, bytes), Part::text("media_category", category)];
        let answer = self.call(self.http.post("/2/media/upload").multipart(parts), "upload the image").await?;
        media_id(&answer)
    }

    /// Uploads a video in chunks and waits for X to process it; returns its media id.
    async fn upload_video(&self, bytes: Vec<u8>, mime: &str) -> Result<String> {
        let init = json!({ "media_type": mime, "total_bytes": bytes.len(), "media_category": "tweet_video" });
        let answer =
            self.call(self.http.post("/2/media/upload/initialize").json(&init), "start the video upload").await?;
        let id = media_id(&answer)?;
        let segment = path_segment(&id);
        for (index, chunk) in bytes.chunks(CHUNK_BYTES).enumerate() {
            let parts = vec![
                Part::file("media", "chunk", "application/octet-stream", chunk.to_vec()),
                Part::text("segment_index", index.to_string()),
            ];
            let path = format!("/2/media/upload/{segment}/append");
            self.call(self.http.post(&path).multipart(parts), "upload the video").await?;
        }
        let path = format!("/2/media/upload/{segment}/finalize");
        let mut answer = self.call(self.http.post(&path), "finish the video upload").await?;
        for _ in 0..MAX_STATUS_CHECKS {
            let info = &answer["data"]["processing_info"];
            match info["state"].as_str() {
                None | Some("succeeded") => return Ok(id),
                Some("failed") => {
                    let why = info["error"]["message"].as_str().unwrap_or("no reason given");
                    return Err(ConnectorError::new(
                        ErrorCode::InvalidInput,
                        format!("X could not process the video: {why}"),
                    ));
                }
                Some(_) => {
                    let wait = info["check_after_secs"].as_u64().unwrap_or(1).min(30);
                    tokio::time::sleep(Duration::from_secs(wait)).await;
                    let query = json!({ "command": "STATUS", "media_id": id });
                    answer = self
                        .call(self.http.get("/2/media/upload").query(&query), "check the video's processing")
                        .await?;
                }
            }
        }
        Err(ConnectorError::new(ErrorCode::Timeout, "X was still processing the video; try again with a shorter one"))
    }

    /// One poll of a timeline: the tweets newer than the cursor's, oldest first. X lists a
    /// timeline newest first and `since_id` is exclusive, so tweets posted together are all
    /// reported and none twice; a poll reads at most `MAX_POLL_PAGES` pages (1,000 tweets).
    async fn poll_timeline(&self, timeline: Timeline, cursor: Option<Value>) -> Result<Polled<Tweet>> {
        let before =
            cursor.and_then(|c| serde_json::from_value::<TimelineCursor>(c).ok()).filter(|c| !c.user_id.is_empty());
        let Some(mut before) = before else {
            // First poll: record the newest tweet, report nothing.
            let user_id = self.my_id().await?;
            let newest = self.timeline_page(timeline, &user_id, None, None, 5).await?;
            let since_id = newest.items.iter().map(|t| t.id.clone()).max_by(|a, b| by_id(a, b));
            return Ok(Polled { events: vec![], cursor: Some(json!(TimelineCursor { user_id, since_id })) });
        };
        let since_id = before.since_id.clone();
        let (user_id, since) = (before.user_id.as_str(), since_id.as_deref());
        let mut tweets = collect_pages(MAX_POLL_PAGES, usize::MAX, |token| async move {
            self.timeline_page(timeline, user_id, since, token, MAX_PAGE_SIZE).await
        })
        .await?;
        // Newest first from X; reported oldest first, each once, and only past the cursor.
        tweets.retain(|t| since.is_none_or(|since| by_id(&t.id, since).is_gt()));
        tweets.sort_by(|a, b| by_id(&a.id, &b.id));
        tweets.dedup_by(|a, b| a.id == b.id);
        if let Some(newest) = tweets.last() {
            before.since_id = Some(newest.id.clone());
        }
        Ok(Polled { events: tweets, cursor: Some(json!(before)) })
    }

    /// One page of a timeline, newest first.
    async fn timeline_page(
        &self,
        timeline: Timeline,
        user_id: &str,
        since_id: Option<&str>,
        token: Option<String>,
        size: u32,
    ) -> Result<Page<Tweet>> {
        let (path, doing) = match timeline {
            Timeline::Mentions => {
                (format!("/2/users/{}/mentions", path_segment(user_id)), "read the account's mentions")
            }
            Timeline::Own => (format!("/2/users/{}/tweets", path_segment(user_id)), "read the account's tweets"),
        };
        let exclude = matches!(timeline, Timeline::Own).then_some("retweets,replies");
        let query = json!({
            "max_results": size,
            "tweet.fields": TWEET_FIELDS,
            "exclude": exclude,
            "since_id": since_id,
            "pagination_token": token,
        });
        let answer = self.call(self.http.get(&path).query(&query), doing).await?;
        let items: Vec<Tweet> = if answer["data"].is_null() { Vec::new() } else { decode(answer["data"].clone())? };
        Ok(Page { items, next: answer["meta"]["next_token"].as_str().map(str::to_owned) })
    }
}

/// Orders tweet ids (snowflakes) by value: a longer id is a newer one.
fn by_id(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// `text` trimmed, or `None` when it is empty.
fn non_blank(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// A tweet id from the input: digits only (a pasted tweet URL gives its last segment).
fn tweet_id(input: &str) -> Result<&str> {
    let id = input.trim().trim_end_matches('/').rsplit('/').next().unwrap_or_default();
    let id = id.split('?').next().unwrap_or_default();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ConnectorError::invalid_input(format!("`tweetId` must be a tweet's numeric id, not `{input}`")));
    }
    Ok(id)
}

/// The `data` of an answer.
fn data(answer: Value) -> Result<Value> {
    match answer {
        Value::Object(mut body) => body
            .remove("data")
            .ok_or_else(|| ConnectorError::new(ErrorCode::InvalidResponse, "X's answer has no `data`")),
        _ => Err(ConnectorError::new(ErrorCode::InvalidResponse, "X's answer is not a JSON object")),
    }
}

/// Decodes a JSON value into `T`, as an invalid response when it does not fit.
fn decode<T: serde::de::DeserializeOwned>(value: Value) -> Result<T> {
    serde_json::from_value(value).map_err(|e| {
        ConnectorError::new(ErrorCode::InvalidResponse, format!("X's answer is not what was expected: {e}"))
    })
}

/// The media id of an upload's answer.
fn media_id(answer: &Value) -> Result<String> {
    answer["data"]["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| ConnectorError::new(ErrorCode::InvalidResponse, "X's upload answer has no media id"))
}

/// The bytes and MIME type of an uploaded file of `mediaFiles`.
fn decode_file(file: &MediaFile, index: usize) -> Result<(Vec<u8>, String)> {
    let data = file.file_data.trim();
    let (mime, encoded) = match data.strip_prefix("data:").and_then(|rest| rest.split_once(";base64,")) {
        Some((mime, encoded)) => (Some(mime.to_owned()), encoded),
        None => (None, data),
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|e| ConnectorError::invalid_input(format!("`mediaFiles[{index}].fileData` is not base64: {e}")))?;
    if bytes.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`mediaFiles[{index}].fileData` is empty")));
    }
    let mime = mime
        .or_else(|| file.mime_type.clone())
        .or_else(|| file.file_name.as_deref().map(|n| mime_of_name(n).to_owned()))
        .unwrap_or_else(|| "image/jpeg".to_owned());
    Ok((bytes, mime))
}

/// The image MIME type a file name or URL suggests (JPEG when it suggests none).
fn mime_of_name(name: &str) -> &'static str {
    let name = name.split(['?', '#']).next().unwrap_or_default().to_ascii_lowercase();
    match name.rsplit('.').next() {
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("mp4") => "video/mp4",
        Some("mov") => "video/quicktime",
        _ => "image/jpeg",
    }
}

/// X's refusal in words: what was being done, X's message and its per-parameter messages.
fn explain(doing: &str, mut error: ConnectorError) -> ConnectorError {
    let body =
        error.details.get("upstream_body").and_then(Value::as_str).and_then(|t| serde_json::from_str::<Value>(t).ok());
    if let Some(body) = body {
        let extra: Vec<String> = body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["message"].as_str().or_else(|| e["detail"].as_str()))
            .filter(|m| !error.message.contains(m))
            .map(str::to_owned)
            .collect();
        if !extra.is_empty() {
            error.message = format!("{} ({})", error.message, extra.join("; "));
        }
    }
    error.message = format!("X refused to {doing}: {}", error.message);
    error
}

/// An answer of only `errors` (X answers a lookup of a missing or hidden item with a 200).
fn partial_error(doing: &str, errors: &Value) -> ConnectorError {
    let first = &errors[0];
    let kind = first["type"].as_str().unwrap_or_default();
    let code = if kind.ends_with("resource-not-found") {
        ErrorCode::NotFound
    } else if kind.ends_with("not-authorized-for-resource") || kind.ends_with("client-forbidden") {
        ErrorCode::Forbidden
    } else {
        ErrorCode::InvalidInput
    };
    let message = first["detail"].as_str().or_else(|| first["message"].as_str()).unwrap_or("no reason given");
    ConnectorError::new(code, format!("X could not {doing}: {message}")).with_details(json!({ "errors": errors }))
}
