//! The Reddit connector: submit, read, search and delete posts and comments, read the signed-in
//! profile, subreddits and users through Reddit's OAuth API (`oauth.reddit.com`), and poll a
//! subreddit's new posts and comments, the account's mentions and posts crossing a score.
//!
//! Reddit's form endpoints (`/api/submit`, `/api/comment`) are called with `api_type=json`, so a
//! refusal comes back as `200 {"json": {"errors": [[CODE, message, field]]}}`; those become
//! errors here. Listings page with `after` and at most 100 things a page.

use fluxturn_core::http::{collect_pages, path_segment, Page};
use fluxturn_core::prelude::*;
use serde_json::{json, Value};

/// The most things one listing page holds.
const MAX_PAGE: usize = 100;

/// The most things an action collects over a listing's pages (Reddit stops near 1,000 anyway).
const MAX_ITEMS: usize = 1_000;

/// The most pages a poll reads: 500 things since the previous poll.
const MAX_POLL_PAGES: usize = 5;

/// How many posts `post_updated` remembers having emitted.
const MAX_REMEMBERED: usize = 1_000;

/// Post, comment, search and read subreddits and users on Reddit
#[connector(
    name = "reddit",
    display_name = "Reddit",
    category = "social",
    base_url = "https://oauth.reddit.com",
    icon = "icons/reddit.svg",
    // The shared `reddit` provider adds `duration=permanent` to the authorization URL, so Reddit
    // issues a refresh token (its access tokens live one hour); the token endpoint takes the
    // client id and secret as HTTP Basic. `privatemessages` reads the inbox's mentions.
    auth = oauth2(
        provider = "reddit",
        scopes = ["identity", "edit", "history", "mysubreddits", "read", "save", "submit", "privatemessages"],
    ),
    credentials = RedditCredentials,
    // Reddit throttles or refuses requests without a descriptive User-Agent.
    headers(User_Agent = "fluxturn:reddit-connector:v1 (by FluxTurn)"),
)]
pub struct Reddit {
    http: Http,
}

/// Which Reddit app the connection signs in through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum RedditAuthType {
    /// OAuth2 with the server's Reddit app
    #[default]
    #[serde(rename = "oauth2")]
    OAuth2,
    /// OAuth2 with your own Reddit app (its client id and secret below)
    #[serde(rename = "manual")]
    Manual,
}

/// The "Add Reddit" form: sign in with OAuth2, through the server's Reddit app or your own.
#[derive(Credentials)]
pub struct RedditCredentials {
    /// The server's Reddit app, or your own
    #[field(key = "authType", label = "Authentication", default = "oauth2")]
    pub auth_type: RedditAuthType,
    /// The client id of your own Reddit app (reddit.com/prefs/apps, a "web app")
    #[field(
        key = "clientId",
        label = "Client ID",
        required,
        help_url = "https://www.reddit.com/prefs/apps",
        show(authType = ["manual"])
    )]
    pub client_id: Option<String>,
    /// The secret of your own Reddit app
    #[field(key = "clientSecret", label = "Client Secret", secret, required, show(authType = ["manual"]))]
    pub client_secret: Option<Secret<String>>,
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
    /// Send replies to the post to your inbox
    #[field(label = "Send Replies", default = true)]
    #[serde(rename = "sendReplies")]
    pub send_replies: Option<bool>,
    /// The subreddit's name, without `r/` (`rust`)
    #[field(label = "Subreddit")]
    pub subreddit: String,
    /// The body of a text post (Markdown)
    #[field(label = "Text", field_type = "text", input_type = "textarea")]
    pub text: Option<String>,
    /// The post's title (at most 300 characters)
    #[field(label = "Title")]
    pub title: String,
    /// The link of a link post, or the image's URL of an image post
    #[field(label = "Url")]
    pub url: Option<String>,
}

/// The input of `post_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PostDeleteInput {
    /// The post's id, with or without its `t3_` prefix (`1abc2d` or `t3_1abc2d`)
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: String,
}

/// The input of `post_get`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PostGetInput {
    /// The post's id, with or without its `t3_` prefix (`1abc2d` or `t3_1abc2d`)
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: String,
    /// The subreddit's name, without `r/` (`rust`)
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
    /// How many posts to return, from 1 (pages of 100 are followed; Reddit stops near 1,000)
    #[field(label = "Limit", default = 10)]
    pub limit: Option<f64>,
    /// The subreddit's name, without `r/` (`rust`)
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
    /// How many posts to return, from 1 (pages of 100 are followed)
    #[field(label = "Limit", default = 25)]
    pub limit: Option<f64>,
    /// Location
    #[field(label = "Location", default = "subreddit")]
    pub location: PostSearchInputLocation,
    /// The words to search for
    #[field(label = "Query")]
    pub query: String,
    /// Sort
    #[field(label = "Sort", default = "relevance")]
    pub sort: Option<PostSearchInputSort>,
    /// The subreddit's name, without `r/` (`rust`)
    #[field(label = "Subreddit")]
    pub subreddit: Option<String>,
    /// Time
    #[field(label = "Time", default = "all")]
    pub time: Option<PostSearchInputTime>,
}

/// The input of `comment_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentCreateInput {
    /// The post's id, with or without its `t3_` prefix (`1abc2d` or `t3_1abc2d`)
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: String,
    /// The comment (Markdown)
    #[field(label = "Text", field_type = "text", input_type = "textarea")]
    pub text: String,
}

/// The input of `comment_reply`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentReplyInput {
    /// The comment's id, with or without its `t1_` prefix (`k9xyz` or `t1_k9xyz`)
    #[field(label = "Comment Id")]
    #[serde(rename = "commentId")]
    pub comment_id: String,
    /// The comment (Markdown)
    #[field(label = "Text", field_type = "text", input_type = "textarea")]
    pub text: String,
}

/// The input of `comment_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentDeleteInput {
    /// The comment's id, with or without its `t1_` prefix (`k9xyz` or `t1_k9xyz`)
    #[field(label = "Comment Id")]
    #[serde(rename = "commentId")]
    pub comment_id: String,
}

/// The input of `comment_get_many`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentGetManyInput {
    /// How many top-level comments to return, from 1
    #[field(label = "Limit", default = 50)]
    pub limit: Option<f64>,
    /// The post's id, with or without its `t3_` prefix (`1abc2d` or `t3_1abc2d`)
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: String,
    /// The subreddit's name, without `r/` (`rust`)
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
    /// The subreddit's name, without `r/` (`rust`)
    #[field(label = "Subreddit")]
    pub subreddit: String,
}

/// The input of `subreddit_search`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SubredditSearchInput {
    /// How many subreddits to return, from 1 (pages of 100 are followed)
    #[field(label = "Limit", default = 10)]
    pub limit: Option<f64>,
    /// The words to search for
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
    /// The user's name, without `u/`
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
    /// Minutes between polls (kept for FluxTurn's form; the server's polling schedule decides)
    #[field(label = "Polling Interval", default = 5)]
    #[serde(rename = "pollingInterval")]
    pub polling_interval: Option<f64>,
    /// The subreddit's name, without `r/` (`rust`)
    #[field(label = "Subreddit")]
    pub subreddit: String,
}

/// The configuration of `new_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewCommentConfig {
    /// Minutes between polls (kept for FluxTurn's form; the server's polling schedule decides)
    #[field(label = "Polling Interval", default = 5)]
    #[serde(rename = "pollingInterval")]
    pub polling_interval: Option<f64>,
    /// The subreddit's name, without `r/` (`rust`)
    #[field(label = "Subreddit")]
    pub subreddit: String,
}

/// The configuration of `user_mention`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UserMentionConfig {
    /// Emit mentions of your username in comments (your inbox's mentions)
    #[field(label = "Include Comments", default = true)]
    #[serde(rename = "includeComments")]
    pub include_comments: Option<bool>,
    /// Emit new posts that name `u/<your username>`
    #[field(label = "Include Posts", default = true)]
    #[serde(rename = "includePosts")]
    pub include_posts: Option<bool>,
    /// Minutes between polls (kept for FluxTurn's form; the server's polling schedule decides)
    #[field(label = "Polling Interval", default = 10)]
    #[serde(rename = "pollingInterval")]
    pub polling_interval: Option<f64>,
}

/// The configuration of `post_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PostUpdatedConfig {
    /// Minutes between polls (kept for FluxTurn's form; the server's polling schedule decides)
    #[field(label = "Polling Interval", default = 15)]
    #[serde(rename = "pollingInterval")]
    pub polling_interval: Option<f64>,
    /// The score (upvotes less downvotes) at which a post is emitted, once
    #[field(label = "Score Threshold", default = 100)]
    #[serde(rename = "scoreThreshold")]
    pub score_threshold: Option<f64>,
    /// The subreddit's name, without `r/` (`rust`)
    #[field(label = "Subreddit")]
    pub subreddit: String,
}

/// The value an enum of choices sends to Reddit (its serde name).
fn wire<T: Serialize>(choice: &T) -> String {
    serde_json::to_value(choice).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A `limit` input as a count: a whole number from 1, at most [`MAX_ITEMS`].
fn count(field: &str, value: Option<f64>, default: usize) -> Result<usize> {
    let Some(value) = value else { return Ok(default) };
    if !value.is_finite() || value < 1.0 || value.fract() != 0.0 {
        return Err(ConnectorError::invalid_input(format!("`{field}` must be a whole number from 1, not {value}")));
    }
    Ok((value as usize).min(MAX_ITEMS))
}

/// A required text input, trimmed; blank is refused before any request.
fn required<'a>(field: &str, value: &'a str) -> Result<&'a str> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` cannot be blank")));
    }
    Ok(value)
}

/// A subreddit name without a leading `r/` or `/r/`.
fn subreddit(value: &str) -> Result<String> {
    let value = required("subreddit", value)?;
    let bare = value.trim_start_matches('/');
    let bare = bare.strip_prefix("r/").unwrap_or(bare).trim_end_matches('/');
    if bare.is_empty() {
        return Err(ConnectorError::invalid_input("`subreddit` cannot be blank"));
    }
    Ok(bare.to_owned())
}

/// A thing's fullname (`t3_1abc2d` for a post, `t1_…` for a comment) from an id given with or
/// without its type prefix.
fn fullname(field: &str, prefix: &str, id: &str) -> Result<String> {
    let id = required(field, id)?;
    let bare = id.strip_prefix(prefix).unwrap_or(id);
    if bare.is_empty() || !bare.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ConnectorError::invalid_input(format!(
            "`{field}` must be an id such as `1abc2d` or `{prefix}1abc2d`, not `{id}`"
        )));
    }
    Ok(format!("{prefix}{bare}"))
}

/// Reddit's `{"json": {"errors": [[CODE, message, field], ...]}}` as an error; `Ok` when the list
/// is empty or absent. `RATELIMIT` ("you are doing that too much") is rate limited, the rest bad
/// input.
fn refusals(answer: &Value) -> Result<()> {
    let errors = answer.pointer("/json/errors").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    if errors.is_empty() {
        return Ok(());
    }
    let mut code = ErrorCode::InvalidInput;
    let described: Vec<String> = errors
        .iter()
        .map(|error| {
            let parts: Vec<&str> = error.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            let name = parts.first().copied().unwrap_or("UNKNOWN");
            if name == "RATELIMIT" {
                code = ErrorCode::RateLimited;
            }
            let message = parts.get(1).copied().unwrap_or(name);
            match parts.get(2).filter(|f| !f.is_empty()) {
                Some(field) => format!("{message} ({name}, field `{field}`)"),
                None => format!("{message} ({name})"),
            }
        })
        .collect();
    let error = ConnectorError::new(code, format!("Reddit refused the request: {}", described.join("; ")))
        .with_details(json!({ "errors": errors }));
    Err(if code == ErrorCode::RateLimited { error.with_retryable(true) } else { error })
}

/// The things of one listing answer (`{"kind": "Listing", "data": {"children": [...], "after"}}`):
/// each thing's `data`, without "load more" stubs, and the `after` cursor.
fn listing_page(answer: &Value) -> Page<Value> {
    let items = answer
        .pointer("/data/children")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|child| child["kind"] != "more")
        .map(|child| child["data"].clone())
        .collect();
    let next = answer.pointer("/data/after").and_then(Value::as_str).map(str::to_owned);
    Page { items, next }
}

/// The `data` of a `{"kind": .., "data": ..}` answer, or the answer itself.
fn data_of(answer: Value) -> Value {
    match answer {
        Value::Object(mut object) if object.contains_key("kind") && object.contains_key("data") => {
            object.remove("data").unwrap_or(Value::Null)
        }
        other => other,
    }
}

/// A thing's creation time (`created_utc`, seconds).
fn created(thing: &Value) -> f64 {
    thing["created_utc"].as_f64().unwrap_or_default()
}

/// A thing's fullname (`name`).
fn name_of(thing: &Value) -> String {
    thing["name"].as_str().unwrap_or_default().to_owned()
}

/// Where a "newest things" trigger stands: the newest `created_utc` emitted or recorded, and the
/// fullnames seen at that instant, so two things created in the same second are both emitted and
/// none twice.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct NewestCursor {
    since: f64,
    seen: Vec<String>,
}

impl NewestCursor {
    /// The things of `newest_first` that are new since this cursor, oldest first, moving the
    /// cursor past them.
    fn advance(&mut self, newest_first: Vec<Value>) -> Vec<Value> {
        let mut events = Vec::new();
        for thing in newest_first.into_iter().rev() {
            let (at, name) = (created(&thing), name_of(&thing));
            if name.is_empty() || at < self.since || self.seen.contains(&name) {
                continue;
            }
            if at > self.since {
                self.since = at;
                self.seen.clear();
            }
            self.seen.push(name);
            events.push(thing);
        }
        events
    }
}

/// Where `user_mention` stands: one cursor for the inbox's comment mentions, one for posts.
#[derive(Debug, Default, Serialize, Deserialize)]
struct MentionCursor {
    comments: Option<NewestCursor>,
    posts: Option<NewestCursor>,
}

/// Where `post_updated` stands: the posts already emitted (or at the threshold when the trigger
/// started), newest last.
#[derive(Debug, Default, Serialize, Deserialize)]
struct ScoreCursor {
    emitted: Vec<String>,
}

impl Reddit {
    /// Up to `limit` things of the listing at `path`, following `after` page by page.
    async fn listing(&self, path: &str, query: &[(&str, String)], limit: usize) -> Result<Vec<Value>> {
        let limit = limit.clamp(1, MAX_ITEMS);
        collect_pages(MAX_ITEMS.div_ceil(MAX_PAGE), limit, |after| async move {
            let mut params: Vec<(&str, String)> = query.to_vec();
            params.push(("limit", limit.min(MAX_PAGE).to_string()));
            params.push(("raw_json", "1".to_owned()));
            if let Some(after) = after {
                params.push(("after", after));
            }
            let answer: Value = self.http.get(path).query(&params).send_json().await?;
            Ok(listing_page(&answer))
        })
        .await
    }

    /// The things of the listing at `path` new since `cursor`, reading pages until one reaches
    /// things older than the cursor. The first poll (no cursor) reads one page and records it.
    async fn poll_newest(
        &self,
        path: &str,
        query: &[(&str, String)],
        cursor: Option<NewestCursor>,
    ) -> Result<(Vec<Value>, NewestCursor)> {
        let Some(mut cursor) = cursor else {
            let newest = self.listing(path, query, MAX_PAGE).await?;
            let mut cursor = NewestCursor::default();
            cursor.advance(newest);
            return Ok((vec![], cursor));
        };
        let since = cursor.since;
        let things = collect_pages(MAX_POLL_PAGES, MAX_POLL_PAGES * MAX_PAGE, |after| async move {
            let mut params: Vec<(&str, String)> = query.to_vec();
            params.push(("limit", MAX_PAGE.to_string()));
            params.push(("raw_json", "1".to_owned()));
            if let Some(after) = after {
                params.push(("after", after));
            }
            let answer: Value = self.http.get(path).query(&params).send_json().await?;
            let mut page = listing_page(&answer);
            // Newest first: a page that reaches the cursor's instant is the last one needed.
            if page.items.last().is_some_and(|oldest| created(oldest) < since) {
                page.next = None;
            }
            Ok(page)
        })
        .await?;
        let events = cursor.advance(things);
        Ok((events, cursor))
    }

    /// Sends a form to one of Reddit's `api_type=json` endpoints and returns its `json.data`,
    /// turning `json.errors` into an error.
    async fn submit_form(&self, path: &str, form: &[(&str, String)]) -> Result<Value> {
        let mut form: Vec<(&str, String)> = form.to_vec();
        form.push(("api_type", "json".to_owned()));
        let answer: Value = self.http.post(path).form(&form).send_json().await?;
        refusals(&answer)?;
        Ok(answer.pointer("/json/data").cloned().unwrap_or(Value::Null))
    }

    /// Deletes the thing `id` (a fullname) with `/api/del`, which answers `{}`.
    async fn delete_thing(&self, id: String) -> Result<Value> {
        let answer: Value = self.http.post("/api/del").form(&[("id", id.as_str())]).idempotent().send_json().await?;
        refusals(&answer)?;
        Ok(json!({ "deleted": true, "id": id }))
    }

    /// A comment posted under `parent` (a post's or a comment's fullname).
    async fn comment_on(&self, parent: String, text: &str) -> Result<Value> {
        let text = required("text", text)?;
        let data = self.submit_form("/api/comment", &[("thing_id", parent), ("text", text.to_owned())]).await?;
        data.pointer("/things/0/data").cloned().ok_or_else(|| {
            ConnectorError::new(ErrorCode::InvalidResponse, "Reddit accepted the comment but did not return it")
                .with_details(json!({ "upstream_body": data }))
        })
    }

    /// `GET /r/{subreddit}/comments/{id}`: the post's listing and its comments' listing.
    async fn post_and_comments(
        &self,
        subreddit_name: &str,
        post_id: &str,
        limit: Option<usize>,
    ) -> Result<(Value, Vec<Value>)> {
        let post = fullname("postId", "t3_", post_id)?;
        let path = format!(
            "/r/{}/comments/{}",
            path_segment(&subreddit(subreddit_name)?),
            path_segment(post.trim_start_matches("t3_"))
        );
        let mut query = vec![("raw_json", "1".to_owned())];
        if let Some(limit) = limit {
            query.push(("limit", limit.to_string()));
        }
        let answer: Value = self.http.get(&path).query(&query).send_json().await?;
        let post = answer.pointer("/0/data/children/0/data").cloned().ok_or_else(|| {
            ConnectorError::new(
                ErrorCode::NotFound,
                format!("Reddit has no post `{post}` in r/{}", subreddit_name.trim()),
            )
        })?;
        let comments = answer.get(1).map(listing_page).map(|page| page.items).unwrap_or_default();
        Ok((post, comments))
    }
}

#[actions]
impl Reddit {
    /// Submit a text or link post to a subreddit; returns the new post's `id`, `name` and `url`
    ///
    /// An image post is submitted as a link to the image URL, which Reddit shows as an image:
    /// Reddit's own image posts need the file uploaded to Reddit's media storage first.
    #[action(name = "Create Post", category = "Post", http(method = "POST", endpoint = "/api/submit"))]
    async fn post_create(&self, input: PostCreateInput) -> Result<Value> {
        let mut form = vec![
            ("sr", subreddit(&input.subreddit)?),
            ("title", required("title", &input.title)?.to_owned()),
            ("sendreplies", input.send_replies.unwrap_or(true).to_string()),
        ];
        match input.kind {
            PostCreateInputKind::SelfValue => {
                form.push(("kind", "self".to_owned()));
                form.push(("text", input.text.unwrap_or_default()));
            }
            PostCreateInputKind::Link | PostCreateInputKind::Image => {
                let url = input
                    .url
                    .as_deref()
                    .map(str::trim)
                    .filter(|u| !u.is_empty())
                    .ok_or_else(|| ConnectorError::invalid_input("`url` is required for a link or image post"))?;
                form.push(("kind", "link".to_owned()));
                form.push(("url", url.to_owned()));
            }
        }
        self.submit_form("/api/submit", &form).await
    }

    /// Delete one of your posts; returns `{"deleted": true, "id": "t3_…"}`
    #[action(name = "Delete Post", category = "Post", idempotent, http(method = "POST", endpoint = "/api/del"))]
    async fn post_delete(&self, input: PostDeleteInput) -> Result<Value> {
        self.delete_thing(fullname("postId", "t3_", &input.post_id)?).await
    }

    /// Get a post of a subreddit by its id
    #[action(name = "Get Post", category = "Post", http(method = "GET", endpoint = "/r/{subreddit}/comments/{postId}"))]
    async fn post_get(&self, input: PostGetInput) -> Result<Value> {
        let (post, _) = self.post_and_comments(&input.subreddit, &input.post_id, Some(1)).await?;
        Ok(post)
    }

    /// Get a subreddit's hot, new, rising or top posts, following pages up to the limit
    #[action(name = "Get Many Posts", category = "Post", http(method = "GET", endpoint = "/r/{subreddit}/{category}"))]
    async fn post_get_many(&self, input: PostGetManyInput) -> Result<Value> {
        let path = format!("/r/{}/{}", path_segment(&subreddit(&input.subreddit)?), wire(&input.category));
        let limit = count("limit", input.limit, 10)?;
        Ok(Value::Array(self.listing(&path, &[], limit).await?))
    }

    /// Search posts in one subreddit or in all of Reddit, following pages up to the limit
    #[action(name = "Search Posts", category = "Post", http(method = "GET", endpoint = "/r/{subreddit}/search"))]
    async fn post_search(&self, input: PostSearchInput) -> Result<Value> {
        let query = required("query", &input.query)?;
        let limit = count("limit", input.limit, 25)?;
        let mut params = vec![
            ("q", query.to_owned()),
            ("type", "link".to_owned()),
            ("sort", input.sort.as_ref().map_or_else(|| "relevance".to_owned(), wire)),
            ("t", input.time.as_ref().map_or_else(|| "all".to_owned(), wire)),
        ];
        let path = match input.location {
            PostSearchInputLocation::All => "/search".to_owned(),
            PostSearchInputLocation::Subreddit => {
                let name = input.subreddit.as_deref().unwrap_or_default();
                if name.trim().is_empty() {
                    return Err(ConnectorError::invalid_input("`subreddit` is required to search in a subreddit"));
                }
                params.push(("restrict_sr", "on".to_owned()));
                format!("/r/{}/search", path_segment(&subreddit(name)?))
            }
        };
        Ok(Value::Array(self.listing(&path, &params, limit).await?))
    }

    /// Comment on a post; returns the new comment
    #[action(name = "Create Comment", category = "Comment", http(method = "POST", endpoint = "/api/comment"))]
    async fn comment_create(&self, input: CommentCreateInput) -> Result<Value> {
        self.comment_on(fullname("postId", "t3_", &input.post_id)?, &input.text).await
    }

    /// Reply to a comment; returns the new reply
    #[action(name = "Reply to Comment", category = "Comment", http(method = "POST", endpoint = "/api/comment"))]
    async fn comment_reply(&self, input: CommentReplyInput) -> Result<Value> {
        self.comment_on(fullname("commentId", "t1_", &input.comment_id)?, &input.text).await
    }

    /// Delete one of your comments; returns `{"deleted": true, "id": "t1_…"}`
    #[action(name = "Delete Comment", category = "Comment", idempotent, http(method = "POST", endpoint = "/api/del"))]
    async fn comment_delete(&self, input: CommentDeleteInput) -> Result<Value> {
        self.delete_thing(fullname("commentId", "t1_", &input.comment_id)?).await
    }

    /// Get a post's top-level comments (each with its `replies`), up to the limit
    #[action(
        name = "Get Comments",
        category = "Comment",
        http(method = "GET", endpoint = "/r/{subreddit}/comments/{postId}")
    )]
    async fn comment_get_many(&self, input: CommentGetManyInput) -> Result<Value> {
        let limit = count("limit", input.limit, 50)?;
        let (_, mut comments) = self.post_and_comments(&input.subreddit, &input.post_id, Some(limit)).await?;
        comments.truncate(limit);
        Ok(Value::Array(comments))
    }

    /// Get the signed-in account: its identity, karma by subreddit, blocked users, friends,
    /// preferences or trophies
    #[action(name = "Get Profile", category = "Profile", http(method = "GET", endpoint = "/api/v1/me"))]
    async fn profile_get(&self, input: ProfileGetInput) -> Result<Value> {
        let path = match input.details {
            ProfileGetInputDetails::Identity => "/api/v1/me",
            ProfileGetInputDetails::Karma => "/api/v1/me/karma",
            ProfileGetInputDetails::Blocked => "/prefs/blocked",
            ProfileGetInputDetails::Friends => "/prefs/friends",
            ProfileGetInputDetails::Prefs => "/api/v1/me/prefs",
            ProfileGetInputDetails::Trophies => "/api/v1/me/trophies",
        };
        let answer: Value = self.http.get(path).query(&[("raw_json", "1")]).send_json().await?;
        Ok(match input.details {
            // `{"kind": "UserList", "data": {"children": [..]}}`, for friends inside a list.
            ProfileGetInputDetails::Blocked | ProfileGetInputDetails::Friends => {
                let list = match answer {
                    Value::Array(mut lists) if !lists.is_empty() => lists.swap_remove(0),
                    other => other,
                };
                list.pointer("/data/children").cloned().unwrap_or_else(|| json!([]))
            }
            // `{"kind": "TrophyList", "data": {"trophies": [{"kind": "t6", "data": ..}]}}`.
            ProfileGetInputDetails::Trophies => Value::Array(
                answer
                    .pointer("/data/trophies")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|trophy| trophy["data"].clone())
                    .collect(),
            ),
            ProfileGetInputDetails::Karma => data_of(answer),
            ProfileGetInputDetails::Identity | ProfileGetInputDetails::Prefs => answer,
        })
    }

    /// Get a subreddit's description and counts, or its rules
    #[action(
        name = "Get Subreddit Info",
        category = "Subreddit",
        http(method = "GET", endpoint = "/r/{subreddit}/about")
    )]
    async fn subreddit_get(&self, input: SubredditGetInput) -> Result<Value> {
        let name = path_segment(&subreddit(&input.subreddit)?);
        let path = match input.info_type.unwrap_or(SubredditGetInputInfoType::About) {
            SubredditGetInputInfoType::About => format!("/r/{name}/about"),
            SubredditGetInputInfoType::Rules => format!("/r/{name}/about/rules"),
        };
        let answer: Value = self.http.get(&path).query(&[("raw_json", "1")]).send_json().await?;
        Ok(data_of(answer))
    }

    /// Search subreddits by name and description, following pages up to the limit
    #[action(name = "Search Subreddits", category = "Subreddit", http(method = "GET", endpoint = "/subreddits/search"))]
    async fn subreddit_search(&self, input: SubredditSearchInput) -> Result<Value> {
        let query = required("query", &input.query)?;
        let limit = count("limit", input.limit, 10)?;
        Ok(Value::Array(self.listing("/subreddits/search", &[("q", query.to_owned())], limit).await?))
    }

    /// Get a user's profile, or their newest comments, posts, gilded items or overview (one page
    /// of 25)
    #[action(name = "Get User Info", category = "User", http(method = "GET", endpoint = "/user/{username}/about"))]
    async fn user_get(&self, input: UserGetInput) -> Result<Value> {
        let username = required("username", &input.username)?;
        let username = username.trim_start_matches('/');
        let username = path_segment(username.strip_prefix("u/").unwrap_or(username));
        let listing = match input.details.unwrap_or(UserGetInputDetails::About) {
            UserGetInputDetails::About => {
                let answer: Value =
                    self.http.get(&format!("/user/{username}/about")).query(&[("raw_json", "1")]).send_json().await?;
                return Ok(data_of(answer));
            }
            UserGetInputDetails::Comments => "comments",
            UserGetInputDetails::Submitted => "submitted",
            UserGetInputDetails::Gilded => "gilded",
            UserGetInputDetails::Overview => "overview",
        };
        Ok(Value::Array(self.listing(&format!("/user/{username}/{listing}"), &[], 25).await?))
    }

    /// A new post in a subreddit: posts created since the previous poll that the chosen listing
    /// shows (`new` by default), oldest first
    #[trigger(name = "New Post in Subreddit", polling, event_id = "/name")]
    async fn new_post(&self, config: NewPostConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let category = config.category.as_ref().map_or_else(|| "new".to_owned(), wire);
        let path = format!("/r/{}/{category}", path_segment(&subreddit(&config.subreddit)?));
        let cursor = cursor.and_then(|c| serde_json::from_value::<NewestCursor>(c).ok());
        let (events, cursor) = self.poll_newest(&path, &[], cursor).await?;
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }

    /// A new comment anywhere in a subreddit, oldest first
    #[trigger(name = "New Comment in Subreddit", polling, event_id = "/name")]
    async fn new_comment(&self, config: NewCommentConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let path = format!("/r/{}/comments", path_segment(&subreddit(&config.subreddit)?));
        let cursor = cursor.and_then(|c| serde_json::from_value::<NewestCursor>(c).ok());
        let (events, cursor) = self.poll_newest(&path, &[], cursor).await?;
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }

    /// The signed-in user was mentioned: username mentions in comments (the inbox's mentions,
    /// left unread) and posts that name `u/<username>` (a search of new posts)
    #[trigger(name = "User Mention", polling, event_id = "/name")]
    async fn user_mention(&self, config: UserMentionConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let (comments, posts) = (config.include_comments.unwrap_or(true), config.include_posts.unwrap_or(true));
        if !comments && !posts {
            return Err(ConnectorError::invalid_input("turn on `includeComments`, `includePosts` or both"));
        }
        let started = cursor.is_some();
        let mut cursor: MentionCursor = cursor.and_then(|c| serde_json::from_value(c).ok()).unwrap_or_default();
        let mut events = Vec::new();
        if comments {
            // A source turned on after the first poll starts from where things stand, too.
            let previous = cursor.comments.take().filter(|_| started);
            let (new, next) = self.poll_newest("/message/mentions", &[("mark", "false".to_owned())], previous).await?;
            events.extend(new);
            cursor.comments = Some(next);
        }
        if posts {
            let me: Value = self.http.get("/api/v1/me").send_json().await?;
            let name = me["name"].as_str().filter(|n| !n.is_empty()).ok_or_else(|| {
                ConnectorError::new(ErrorCode::InvalidResponse, "Reddit did not say which user is signed in")
            })?;
            let query = [
                ("q", format!("\"u/{name}\"")),
                ("sort", "new".to_owned()),
                ("type", "link".to_owned()),
                ("t", "all".to_owned()),
            ];
            let previous = cursor.posts.take().filter(|_| started);
            let (new, next) = self.poll_newest("/search", &query, previous).await?;
            events.extend(new);
            cursor.posts = Some(next);
        }
        events.sort_by(|a, b| created(a).total_cmp(&created(b)));
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }

    /// A post of the subreddit's hot listing reached the score threshold: each post once
    #[trigger(name = "Post Score Updated", polling, event_id = "/name")]
    async fn post_updated(&self, config: PostUpdatedConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let threshold = config.score_threshold.unwrap_or(100.0);
        if !threshold.is_finite() {
            return Err(ConnectorError::invalid_input("`scoreThreshold` must be a number"));
        }
        let path = format!("/r/{}/hot", path_segment(&subreddit(&config.subreddit)?));
        let posts = self.listing(&path, &[], MAX_PAGE).await?;
        let reached: Vec<Value> =
            posts.into_iter().rev().filter(|p| p["score"].as_f64().is_some_and(|s| s >= threshold)).collect();
        let first = cursor.is_none();
        let mut cursor: ScoreCursor = cursor.and_then(|c| serde_json::from_value(c).ok()).unwrap_or_default();
        let mut events = Vec::new();
        for post in reached {
            let name = name_of(&post);
            if name.is_empty() || cursor.emitted.contains(&name) {
                continue;
            }
            cursor.emitted.push(name);
            if !first {
                events.push(post);
            }
        }
        let excess = cursor.emitted.len().saturating_sub(MAX_REMEMBERED);
        cursor.emitted.drain(..excess);
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }

    /// Reads the signed-in account, which proves the token works
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/api/v1/me").send().await.map(drop)
    }
}
