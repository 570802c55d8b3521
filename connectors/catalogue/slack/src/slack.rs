//! Slack, through the Web API (`https://slack.com/api/<method>`) with a bot or user token, and
//! the Events API for triggers. Slack answers HTTP 200 even on failure, with
//! `{"ok": false, "error": "channel_not_found"}`: every call goes through [`slack_result`].

use fluxturn_core::http::{collect_pages, Page};
use fluxturn_core::prelude::*;
use fluxturn_core::{NoInput, Part};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Slack's recommended page size for cursor-paginated methods.
const PAGE_SIZE: usize = 200;
/// Slack may answer a page with fewer items than asked, even none: stop after this many pages.
const MAX_PAGES: usize = 50;

/// Post and manage messages, channels, files and users in a Slack workspace, and react to its events
#[connector(
    name = "slack",
    display_name = "Slack",
    category = "communication",
    base_url = "https://slack.com/api",
    rate_limit(requests_per_minute = 60),
    icon = "icons/slack.svg",
    auth = [
        // No `pkce`: Slack takes PKCE only from an app switched to a public client in its settings
        // (one way; its refresh tokens then expire after 30 days), which a server-side app is not.
        oauth2(
            authorization_url = "https://slack.com/oauth/v2/authorize",
            token_url = "https://slack.com/api/oauth.v2.access",
            scopes = [
                "chat:write",
                "chat:write.customize",
                "channels:read",
                "channels:manage",
                "groups:read",
                "im:read",
                "im:write",
                "mpim:read",
                "users:read",
                "channels:history",
                "groups:history",
                "channels:join",
                "groups:write",
                "files:read",
                "files:write",
                "reactions:read",
                "app_mentions:read",
            ],
        ),
        bearer_token(field = "botToken"),
    ],
    credentials = SlackCredentials,
    webhook_support = true,
)]
pub struct Slack {
    http: Http,
}

/// How the connection signs in to Slack.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum AuthMode {
    /// One-click OAuth with FluxTurn's Slack app
    #[default]
    #[serde(rename = "oneclick")]
    OneClick,
    /// OAuth with your own Slack app
    #[serde(rename = "manual")]
    Manual,
    /// A bot or user token pasted from your Slack app
    #[serde(rename = "token")]
    Token,
}

/// Slack credentials: an OAuth2 connection (the access token is stored by the server), or a
/// bot/user token pasted by hand.
#[derive(Credentials)]
pub struct SlackCredentials {
    /// Sign in with OAuth (FluxTurn's app or your own), or paste a token
    #[field(label = "Authentication Mode", default = "oneclick")]
    pub auth_mode: AuthMode,
    /// Client ID of your Slack app (Basic Information page)
    #[field(
        label = "Client ID",
        placeholder = "1234567890.1234567890",
        help_url = "https://api.slack.com/apps",
        show(authMode = ["manual"])
    )]
    pub client_id: Option<String>,
    /// Client secret of your Slack app (Basic Information page)
    #[field(label = "Client Secret", secret, optional, help_url = "https://api.slack.com/apps", show(authMode = ["manual"]))]
    pub client_secret: Option<Secret<String>>,
    /// The redirect URL registered under OAuth & Permissions of your Slack app
    #[field(
        label = "OAuth Redirect URL",
        placeholder = "https://your-domain.com/oauth/callback",
        show(authMode = ["manual"])
    )]
    pub redirect_url: Option<String>,
    /// A bot token (`xoxb-...`) or user token (`xoxp-...`) from OAuth & Permissions
    #[field(
        label = "Bot / User Token",
        placeholder = "xoxb-...",
        secret,
        required,
        help_url = "https://api.slack.com/authentication/token-types",
        show(authMode = ["token"])
    )]
    pub bot_token: Option<Secret<String>>,
    /// The Signing Secret of your Slack app (Basic Information > App Credentials): Slack signs
    /// every Events API request with it, and the triggers refuse requests that do not verify
    #[field(
        label = "Signing Secret",
        secret,
        help_url = "https://api.slack.com/authentication/verifying-requests-from-slack",
        show(authMode = ["manual", "token"])
    )]
    pub signing_secret: Option<Secret<String>>,
}

/// The input of `send_message`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendMessage {
    /// A channel id (C...), or a user id (U...) to message them directly
    #[field(label = "Channel or User ID", placeholder = "C01234ABCDE", aliases = ["channel"])]
    pub channel_id: String,
    /// The message, in Slack's mrkdwn (*bold*, _italic_, `code`)
    #[field(label = "Message Text", input_type = "textarea")]
    pub text: String,
    /// Timestamp of a parent message, to reply in its thread
    #[field(label = "Thread Timestamp", placeholder = "1712345678.123456")]
    pub thread_ts: Option<String>,
}

/// The input of `update_message`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateMessage {
    /// The channel holding the message
    #[field(label = "Channel ID", placeholder = "C01234ABCDE")]
    pub channel_id: String,
    /// Timestamp (id) of the message to edit
    #[field(label = "Message Timestamp", placeholder = "1712345678.123456")]
    pub ts: String,
    /// The new text, replacing the old one
    #[field(label = "New Text", input_type = "textarea")]
    pub text: String,
}

/// A message, by channel and timestamp.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessageRef {
    /// The channel holding the message
    #[field(label = "Channel ID", placeholder = "C01234ABCDE")]
    pub channel_id: String,
    /// Timestamp (id) of the message
    #[field(label = "Message Timestamp", placeholder = "1712345678.123456")]
    pub ts: String,
}

/// The input of `search_messages`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchMessages {
    /// Slack search syntax: words, `from:@user`, `in:#channel`, `after:2024-01-01`...
    #[field(label = "Search Query", placeholder = "in:#general deploy")]
    pub query: String,
    /// How many matches to return (1-100)
    #[field(label = "Number of Results", default = 20, min = 1, max = 100)]
    #[serde(default = "twenty")]
    pub count: u32,
}

/// The input of `create_channel`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct CreateChannel {
    /// Lowercase letters, digits, hyphens and underscores; at most 80 characters
    #[field(label = "Channel Name", placeholder = "project-updates", pattern = "^[a-z0-9_-]{1,80}$")]
    pub name: String,
    /// Make it private (visible to invited members only)
    #[field(label = "Private Channel", default = false)]
    #[serde(default)]
    pub is_private: bool,
}

/// A channel, by id.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChannelRef {
    /// The channel's id
    #[field(label = "Channel ID", placeholder = "C01234ABCDE")]
    pub channel_id: String,
}

/// The input of `get_channels`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListChannels {
    /// How many channels to return at most
    #[field(label = "Maximum Results", default = 100, min = 1, max = 1000)]
    #[serde(default = "hundred")]
    pub limit: u32,
    /// Comma-separated kinds: public_channel, private_channel, mpim, im
    #[field(label = "Channel Types", default = "public_channel", placeholder = "public_channel,private_channel")]
    #[serde(default = "public_channel")]
    pub types: String,
}

/// The input of `channel_history`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChannelHistory {
    /// The channel to read (the app must be a member)
    #[field(label = "Channel ID", placeholder = "C01234ABCDE")]
    pub channel_id: String,
    /// How many messages to return at most, newest first
    #[field(label = "Number of Messages", default = 100, min = 1, max = 1000)]
    #[serde(default = "hundred")]
    pub limit: u32,
    /// Only messages after this timestamp
    #[field(label = "Oldest Timestamp", placeholder = "1712345678.123456")]
    pub oldest: Option<String>,
    /// Only messages before this timestamp
    #[field(label = "Latest Timestamp", placeholder = "1712345678.123456")]
    pub latest: Option<String>,
}

/// The input of `invite_to_channel`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InviteToChannel {
    /// The channel to invite to
    #[field(label = "Channel ID", placeholder = "C01234ABCDE")]
    pub channel_id: String,
    /// Comma-separated user ids (at most 1000)
    #[field(label = "User IDs", placeholder = "U1234ABCD,U5678EFGH")]
    pub users: String,
}

/// The input of `get_channel_members`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChannelMembers {
    /// The channel whose members to list
    #[field(label = "Channel ID", placeholder = "C01234ABCDE")]
    pub channel_id: String,
    /// How many member ids to return at most
    #[field(label = "Maximum Results", default = 100, min = 1, max = 1000)]
    #[serde(default = "hundred")]
    pub limit: u32,
}

/// The input of `upload_file`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UploadFile {
    /// The file's content, as text
    #[field(label = "File Content", input_type = "textarea")]
    pub content: String,
    /// File name with its extension (Slack picks the file type from it); `file.txt` if empty
    #[field(label = "File Name", placeholder = "report.csv")]
    pub filename: Option<String>,
    /// Title shown in Slack instead of the file name
    #[field(label = "Title", placeholder = "Monthly report")]
    pub title: Option<String>,
    /// Comma-separated channel ids to share the file in; empty keeps it private
    #[field(label = "Share in Channels", placeholder = "C01234ABCDE,C56789FGHIJ")]
    pub channels: Option<String>,
}

/// The input of `get_file`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct FileRef {
    /// The file's id
    #[field(label = "File ID", placeholder = "F01234ABCDE")]
    pub file: String,
}

/// The input of `get_users`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct ListUsers {
    /// How many users to return at most
    #[field(label = "Maximum Results", default = 100, min = 1, max = 1000)]
    #[serde(default = "hundred")]
    pub limit: u32,
}

/// What `get_messages` reads: a channel and how much of its history.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageQuery {
    /// The channel to read (`channelId` is accepted too)
    #[serde(alias = "channelId")]
    pub channel: String,
    /// How many messages to return at most (100 if absent)
    pub limit: Option<u32>,
    /// Only messages after this timestamp
    pub oldest: Option<String>,
    /// Only messages before this timestamp
    pub latest: Option<String>,
}

/// The input of `get_messages`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct GetMessages {
    /// `{"channel": "C01234ABCDE", "limit": 50}`; prefer "Get Channel History"
    #[field(label = "Query Options")]
    pub options: Option<MessageQuery>,
}

/// A posted, edited or deleted message.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct MessageResult {
    /// Whether Slack accepted the call.
    pub ok: bool,
    /// The channel of the message.
    pub channel: String,
    /// The message's timestamp: its id inside the channel.
    pub ts: String,
    /// The message as Slack stored it (absent after a delete).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Value>,
}

/// A permanent link to a message.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Permalink {
    /// The channel of the message.
    pub channel: String,
    /// The link.
    pub permalink: String,
}

/// Search matches.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SearchResult {
    /// The matching messages, best first.
    pub messages: Vec<Value>,
    /// How many messages match in total.
    pub total: u64,
}

/// One channel (a conversation object).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct ChannelResult {
    /// The channel: id, name, topic, purpose, flags...
    pub channel: Value,
}

/// Channels.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ChannelList {
    /// The channels.
    pub channels: Vec<Value>,
}

/// Messages of a channel, newest first.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MessageList {
    /// The messages.
    pub messages: Vec<Value>,
    /// Whether older messages remain beyond the limit.
    pub has_more: bool,
}

/// The result of leaving a channel.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct LeaveResult {
    /// Whether Slack accepted the call.
    pub ok: bool,
    /// Set when the app was not in the channel to begin with.
    #[serde(default)]
    pub not_in_channel: bool,
}

/// Members of a channel.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MemberList {
    /// The members' user ids.
    pub members: Vec<String>,
}

/// One file.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct FileResult {
    /// The file: id, name, title, mimetype, size, url_private, shares...
    pub file: Value,
}

/// Users of the workspace.
#[derive(Debug, Serialize, JsonSchema)]
pub struct UserList {
    /// The users: id, name, real_name, profile, flags...
    pub users: Vec<Value>,
}

/// Configuration of `message`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessageTriggerConfig {
    /// React to messages in every channel the app is in, not just one
    #[field(label = "Watch Whole Workspace", default = false)]
    #[serde(default)]
    pub watch_whole_workspace: bool,
    /// The channel to watch
    #[field(label = "Channel to Watch", placeholder = "C01234ABCDE", show(watchWholeWorkspace = [false]))]
    pub channel_id: Option<String>,
    /// Look up the names of the user and the channel (users:read, channels:read)
    #[field(label = "Resolve User/Channel Names", default = false)]
    #[serde(default)]
    pub resolve_ids: bool,
    /// Comma-separated user ids or usernames whose messages are ignored
    #[field(label = "Ignore Messages From", placeholder = "U123ABC,deploy-bot", input_type = "text")]
    pub ignore_user_list: Option<String>,
}

/// Configuration of `app_mention`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MentionTriggerConfig {
    /// Look up the names of the user and the channel (users:read, channels:read)
    #[field(label = "Resolve User/Channel Names", default = false)]
    #[serde(default)]
    pub resolve_ids: bool,
}

/// Configuration of `reaction_added`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChannelFilterConfig {
    /// React in every channel the app is in, not just one
    #[field(label = "Watch Whole Workspace", default = false)]
    #[serde(default)]
    pub watch_whole_workspace: bool,
    /// The channel to watch
    #[field(label = "Channel to Watch", placeholder = "C01234ABCDE", show(watchWholeWorkspace = [false]))]
    pub channel_id: Option<String>,
}

/// Configuration of `file_shared`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileSharedConfig {
    /// React in every channel the app is in, not just one
    #[field(label = "Watch Whole Workspace", default = false)]
    #[serde(default)]
    pub watch_whole_workspace: bool,
    /// The channel to watch
    #[field(label = "Channel to Watch", placeholder = "C01234ABCDE", show(watchWholeWorkspace = [false]))]
    pub channel_id: Option<String>,
    /// Fetch the file's details (files.info: name, type, size, download URLs) into the event
    #[field(label = "Fetch File Details", default = false)]
    #[serde(default)]
    pub download_files: bool,
}

/// One Slack event delivered through the Events API.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SlackTriggerEvent {
    /// The inner event as Slack sent it (`type`, `user`, `channel`, `text`, `ts`...).
    pub slack_event: Value,
    /// The workspace it happened in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
    /// Slack's unique id of the event (repeated on Slack's retries).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// Unix time of the event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_time: Option<i64>,
    /// The user's name, when asked to resolve ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The channel's name, when asked to resolve ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_name: Option<String>,
    /// The shared file's details, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<Value>,
}

/// The outer envelope of an Events API request.
#[derive(Debug, Deserialize)]
struct EventEnvelope {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    team_id: Option<String>,
    #[serde(default)]
    event_id: Option<String>,
    #[serde(default)]
    event_time: Option<i64>,
    #[serde(default)]
    event: Value,
    /// The `url_verification` handshake's value to echo.
    #[serde(default)]
    challenge: Option<String>,
}

/// What a Slack trigger answers.
type SlackReply = WebhookReply<SlackTriggerEvent>;

/// The answer of `files.getUploadURLExternal`.
#[derive(Debug, Deserialize)]
struct UploadTarget {
    upload_url: String,
    file_id: String,
}

/// The answer of `files.completeUploadExternal`.
#[derive(Debug, Deserialize)]
struct CompletedUpload {
    files: Vec<Value>,
}

/// The answer of `search.messages`.
#[derive(Debug, Deserialize)]
struct SearchAnswer {
    messages: SearchMatches,
}

/// The `messages` part of a `search.messages` answer.
#[derive(Debug, Deserialize)]
struct SearchMatches {
    #[serde(default)]
    total: u64,
    #[serde(default)]
    matches: Vec<Value>,
}

/// Items of a cursor-paginated list, and whether more remain.
struct Listed {
    items: Vec<Value>,
    has_more: bool,
}

#[actions(webhooks(
    verify = "slack_v0",
    secret = "credentials.signingSecret",
    event_id = "body:/event_id",
    endpoint = "connection"
))]
impl Slack {
    /// Post a message to a channel, a direct message, or a thread
    #[action(category = "Messages", icon = "send")]
    async fn send_message(&self, input: SendMessage) -> Result<MessageResult> {
        let body = json!({"channel": input.channel_id, "text": input.text, "thread_ts": input.thread_ts});
        slack_result(self.http.post("/chat.postMessage").json(&without_nulls(body)).send_json().await?)
    }

    /// Replace the text of a message the app posted
    #[action(category = "Messages", icon = "edit")]
    async fn update_message(&self, input: UpdateMessage) -> Result<MessageResult> {
        let body = json!({"channel": input.channel_id, "ts": input.ts, "text": input.text});
        slack_result(self.http.post("/chat.update").json(&body).send_json().await?)
    }

    /// Delete a message (a bot token can only delete its own messages)
    #[action(category = "Messages", icon = "trash")]
    async fn delete_message(&self, input: MessageRef) -> Result<MessageResult> {
        let body = json!({"channel": input.channel_id, "ts": input.ts});
        slack_result(self.http.post("/chat.delete").json(&body).send_json().await?)
    }

    /// Get a permanent link to a message
    #[action(name = "Get Message Permalink", category = "Messages", icon = "link", idempotent)]
    async fn get_permalink(&self, input: MessageRef) -> Result<Permalink> {
        let query = json!({"channel": input.channel_id, "message_ts": input.ts});
        slack_result(self.http.get("/chat.getPermalink").query(&query).send_json().await?)
    }

    /// Search messages of the workspace (needs a user token with search:read; bot tokens cannot search)
    #[action(category = "Messages", icon = "search", idempotent)]
    async fn search_messages(&self, input: SearchMessages) -> Result<SearchResult> {
        let query = json!({"query": input.query, "count": input.count.clamp(1, 100)});
        let answer: SearchAnswer = slack_result(self.http.get("/search.messages").query(&query).send_json().await?)?;
        Ok(SearchResult { messages: answer.messages.matches, total: answer.messages.total })
    }

    /// Create a public or private channel
    #[action(category = "Channels", icon = "plus")]
    async fn create_channel(&self, input: CreateChannel) -> Result<ChannelResult> {
        let body = json!({"name": input.name, "is_private": input.is_private});
        slack_result(self.http.post("/conversations.create").json(&body).send_json().await?)
    }

    /// Get a channel's details
    #[action(name = "Get Channel Info", category = "Channels", icon = "info", idempotent)]
    async fn get_channel(&self, input: ChannelRef) -> Result<ChannelResult> {
        let query = json!({"channel": input.channel_id});
        slack_result(self.http.get("/conversations.info").query(&query).send_json().await?)
    }

    /// List the workspace's channels, following Slack's pages up to the limit
    #[action(name = "Get Many Channels", category = "Channels", icon = "list", idempotent)]
    async fn get_channels(&self, input: ListChannels) -> Result<ChannelList> {
        let query = json!({"types": input.types, "exclude_archived": true});
        let listed = self.list("/conversations.list", query, "channels", input.limit).await?;
        Ok(ChannelList { channels: listed.items })
    }

    /// Read a channel's messages, newest first
    #[action(name = "Get Channel History", category = "Channels", icon = "clock", idempotent)]
    async fn channel_history(&self, input: ChannelHistory) -> Result<MessageList> {
        let query = json!({"channel": input.channel_id, "oldest": input.oldest, "latest": input.latest});
        let listed = self.list("/conversations.history", query, "messages", input.limit).await?;
        Ok(MessageList { messages: listed.items, has_more: listed.has_more })
    }

    /// Invite users to a channel
    #[action(name = "Invite Users to Channel", category = "Channels", icon = "user-plus")]
    async fn invite_to_channel(&self, input: InviteToChannel) -> Result<ChannelResult> {
        let users: Vec<&str> = input.users.split(',').map(str::trim).filter(|u| !u.is_empty()).collect();
        let body = json!({"channel": input.channel_id, "users": users.join(",")});
        slack_result(self.http.post("/conversations.invite").json(&body).send_json().await?)
    }

    /// Make the app join a public channel
    #[action(category = "Channels", icon = "log-in")]
    async fn join_channel(&self, input: ChannelRef) -> Result<ChannelResult> {
        let body = json!({"channel": input.channel_id});
        slack_result(self.http.post("/conversations.join").json(&body).send_json().await?)
    }

    /// Make the app leave a channel
    #[action(category = "Channels", icon = "log-out")]
    async fn leave_channel(&self, input: ChannelRef) -> Result<LeaveResult> {
        let body = json!({"channel": input.channel_id});
        slack_result(self.http.post("/conversations.leave").json(&body).send_json().await?)
    }

    /// List the user ids of a channel's members
    #[action(category = "Channels", icon = "users", idempotent)]
    async fn get_channel_members(&self, input: ChannelMembers) -> Result<MemberList> {
        let query = json!({"channel": input.channel_id});
        let listed = self.list("/conversations.members", query, "members", input.limit).await?;
        let members = listed.items.iter().filter_map(Value::as_str).map(str::to_owned).collect();
        Ok(MemberList { members })
    }

    /// Upload a text file and optionally share it in channels
    #[action(category = "Files", icon = "upload")]
    async fn upload_file(&self, input: UploadFile) -> Result<FileResult> {
        let filename = input.filename.filter(|f| !f.trim().is_empty()).unwrap_or_else(|| "file.txt".to_owned());
        let content = input.content.into_bytes();
        // 1. Reserve an upload URL, 2. send the bytes there, 3. complete (and share) the upload.
        let reserve = json!({"filename": filename, "length": content.len()});
        let target: UploadTarget =
            slack_result(self.http.post("/files.getUploadURLExternal").form(&reserve).send_json().await?)?;
        let part = Part::file("file", filename.clone(), "application/octet-stream", content);
        self.http.post(&target.upload_url).multipart(vec![part]).send().await?;
        let file = json!({"id": target.file_id, "title": input.title.filter(|t| !t.is_empty())});
        let channels = input.channels.map(|c| c.split(',').map(str::trim).collect::<Vec<_>>().join(","));
        let body = json!({"files": [without_nulls(file)], "channels": channels.filter(|c| !c.is_empty())});
        let done: CompletedUpload = slack_result(
            self.http.post("/files.completeUploadExternal").json(&without_nulls(body)).send_json().await?,
        )?;
        let file = done.files.into_iter().next().unwrap_or_else(|| json!({"id": target.file_id}));
        Ok(FileResult { file })
    }

    /// Get a file's details
    #[action(name = "Get File Info", category = "Files", icon = "file", idempotent)]
    async fn get_file(&self, input: FileRef) -> Result<FileResult> {
        let query = json!({"file": input.file});
        slack_result(self.http.get("/files.info").query(&query).send_json().await?)
    }

    /// List the workspace's users
    #[action(category = "Users", icon = "users", idempotent)]
    async fn get_users(&self, input: ListUsers) -> Result<UserList> {
        let listed = self.list("/users.list", json!({}), "members", input.limit).await?;
        Ok(UserList { users: listed.items })
    }

    /// Read a channel's messages from a query object; "Get Channel History" does the same with plain fields
    #[action(name = "Get Messages (Legacy)", category = "Messages", icon = "inbox", idempotent)]
    async fn get_messages(&self, input: GetMessages) -> Result<MessageList> {
        let Some(options) = input.options else {
            return Err(ConnectorError::invalid_input("`options` needs at least a `channel` to read"));
        };
        let query = json!({"channel": options.channel, "oldest": options.oldest, "latest": options.latest});
        let listed = self.list("/conversations.history", query, "messages", options.limit.unwrap_or(100)).await?;
        Ok(MessageList { messages: listed.items, has_more: listed.has_more })
    }

    /// A message was posted in a channel the app is in (Events API `message`)
    #[trigger(name = "New Message Posted to Channel", event_type = "message", icon = "message-square", webhook)]
    async fn message(&self, config: MessageTriggerConfig, request: WebhookRequest) -> Result<SlackReply> {
        let mut event = match delivery(&request, "message")? {
            Delivery::Event(event) => event,
            Delivery::Answer(answer) => return Ok(answer),
        };
        if !watched(config.watch_whole_workspace, config.channel_id.as_deref(), &event.slack_event["channel"])? {
            return Ok(none());
        }
        let ignored = config.ignore_user_list.unwrap_or_default();
        let author = [&event.slack_event["user"], &event.slack_event["username"], &event.slack_event["bot_id"]];
        let is_ignored = ignored
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .any(|name| author.iter().any(|a| a.as_str() == Some(name)));
        if is_ignored {
            return Ok(none());
        }
        if config.resolve_ids {
            self.resolve_names(&mut event).await?;
        }
        Ok(WebhookReply::events(vec![event]))
    }

    /// Someone mentioned the app (Events API `app_mention`)
    #[trigger(name = "Bot / App Mention", event_type = "app_mention", icon = "at-sign", webhook)]
    async fn app_mention(&self, config: MentionTriggerConfig, request: WebhookRequest) -> Result<SlackReply> {
        let mut event = match delivery(&request, "app_mention")? {
            Delivery::Event(event) => event,
            Delivery::Answer(answer) => return Ok(answer),
        };
        if config.resolve_ids {
            self.resolve_names(&mut event).await?;
        }
        Ok(WebhookReply::events(vec![event]))
    }

    /// Someone added a reaction to a message (Events API `reaction_added`)
    #[trigger(event_type = "reaction_added", icon = "smile", webhook)]
    async fn reaction_added(&self, config: ChannelFilterConfig, request: WebhookRequest) -> Result<SlackReply> {
        let event = match delivery(&request, "reaction_added")? {
            Delivery::Event(event) => event,
            Delivery::Answer(answer) => return Ok(answer),
        };
        let channel = &event.slack_event["item"]["channel"];
        Ok(if watched(config.watch_whole_workspace, config.channel_id.as_deref(), channel)? {
            WebhookReply::events(vec![event])
        } else {
            none()
        })
    }

    /// A public channel was created (Events API `channel_created`)
    #[trigger(name = "New Public Channel Created", event_type = "channel_created", icon = "hash", webhook)]
    async fn channel_created(&self, _config: NoInput, request: WebhookRequest) -> Result<SlackReply> {
        delivery(&request, "channel_created").map(Delivery::into_reply)
    }

    /// A user joined the workspace (Events API `team_join`)
    #[trigger(name = "New User", event_type = "team_join", icon = "user-plus", webhook)]
    async fn team_join(&self, _config: NoInput, request: WebhookRequest) -> Result<SlackReply> {
        delivery(&request, "team_join").map(Delivery::into_reply)
    }

    /// A file was shared in a channel (Events API `file_shared`)
    #[trigger(event_type = "file_shared", icon = "file", webhook)]
    async fn file_shared(&self, config: FileSharedConfig, request: WebhookRequest) -> Result<SlackReply> {
        let mut event = match delivery(&request, "file_shared")? {
            Delivery::Event(event) => event,
            Delivery::Answer(answer) => return Ok(answer),
        };
        let channel = &event.slack_event["channel_id"];
        if !watched(config.watch_whole_workspace, config.channel_id.as_deref(), channel)? {
            return Ok(none());
        }
        if config.download_files {
            let file_id = event.slack_event["file_id"].as_str().or(event.slack_event["file"]["id"].as_str());
            if let Some(file_id) = file_id {
                let query = json!({"file": file_id});
                let info: FileResult = slack_result(self.http.get("/files.info").query(&query).send_json().await?)?;
                event.file = Some(info.file);
            }
        }
        Ok(WebhookReply::events(vec![event]))
    }

    /// A file was made public (Events API `file_public`)
    #[trigger(name = "File Made Public", event_type = "file_public", icon = "globe", webhook)]
    async fn file_public(&self, _config: NoInput, request: WebhookRequest) -> Result<SlackReply> {
        delivery(&request, "file_public").map(Delivery::into_reply)
    }

    /// `auth.test`: the cheapest call that proves the token.
    #[test_connection]
    async fn auth_test(&self) -> Result<()> {
        slack_result::<Value>(self.http.post("/auth.test").send_json().await?).map(drop)
    }
}

impl Slack {
    /// Follows `response_metadata.next_cursor` until `limit` items of `key` are collected.
    async fn list(&self, method: &str, query: Value, key: &str, limit: u32) -> Result<Listed> {
        let limit = limit.max(1) as usize;
        let fetched = AtomicUsize::new(0);
        let more = AtomicBool::new(false);
        let items = collect_pages(MAX_PAGES, limit, |cursor| {
            let mut query = query.clone();
            query["limit"] = json!(limit.saturating_sub(fetched.load(Ordering::Relaxed)).clamp(1, PAGE_SIZE));
            query["cursor"] = json!(cursor);
            let (fetched, more) = (&fetched, &more);
            async move {
                let mut answer: Value = slack_result(self.http.get(method).query(&query).send_json().await?)?;
                let items: Vec<Value> = serde_json::from_value(answer[key].take()).unwrap_or_default();
                let next = answer
                    .pointer("/response_metadata/next_cursor")
                    .and_then(Value::as_str)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned);
                fetched.fetch_add(items.len(), Ordering::Relaxed);
                more.store(next.is_some() || answer["has_more"] == json!(true), Ordering::Relaxed);
                Ok(Page { items, next })
            }
        })
        .await?;
        Ok(Listed { items, has_more: more.load(Ordering::Relaxed) })
    }

    /// Adds the user's and the channel's names to an event (`users.info`, `conversations.info`).
    async fn resolve_names(&self, event: &mut SlackTriggerEvent) -> Result<()> {
        if let Some(user) = event.slack_event["user"].as_str() {
            let answer: Value =
                slack_result(self.http.get("/users.info").query(&json!({"user": user})).send_json().await?)?;
            let profile_name = answer["user"]["real_name"].as_str().filter(|n| !n.is_empty());
            event.user_name = profile_name.or(answer["user"]["name"].as_str()).map(str::to_owned);
        }
        if let Some(channel) = event.slack_event["channel"].as_str() {
            let query = json!({"channel": channel});
            let answer: Value = slack_result(self.http.get("/conversations.info").query(&query).send_json().await?)?;
            event.channel_name = answer["channel"]["name"].as_str().map(str::to_owned);
        }
        Ok(())
    }
}

/// Slack's answer as `T` when `ok` is true; its `{"ok": false, "error": ...}` as a
/// `ConnectorError`: `*_not_found` → not_found, a bad or revoked token → unauthorized, anything
/// else → invalid_input.
fn slack_result<T: DeserializeOwned>(answer: Value) -> Result<T> {
    if answer["ok"] != json!(true) {
        let error = answer["error"].as_str().unwrap_or("unknown_error");
        let code = match error {
            e if e.ends_with("_not_found") => ErrorCode::NotFound,
            "invalid_auth" | "not_authed" | "token_revoked" | "token_expired" | "account_inactive" => {
                ErrorCode::Unauthorized
            }
            _ => ErrorCode::InvalidInput,
        };
        let mut details = json!({"slack_error": error});
        if let Some(needed) = answer["needed"].as_str() {
            details["needed_scope"] = json!(needed);
        }
        return Err(ConnectorError::new(code, format!("Slack answered `{error}`")).with_details(details));
    }
    serde_json::from_value(answer).map_err(|e| {
        ConnectorError::new(ErrorCode::InvalidResponse, format!("Slack's answer is not the expected JSON: {e}"))
    })
}

/// The object without its null members (Slack rejects some explicit nulls).
fn without_nulls(mut value: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.retain(|_, v| !v.is_null());
    }
    value
}

/// What an Events API delivery holds for one trigger.
enum Delivery {
    /// The inner event, of the trigger's type.
    Event(SlackTriggerEvent),
    /// No event for this trigger; Slack gets this answer (the `url_verification` challenge,
    /// or the default acknowledgement for an event of another type).
    Answer(SlackReply),
}

impl Delivery {
    /// The event as the trigger's answer, unfiltered.
    fn into_reply(self) -> SlackReply {
        match self {
            Self::Event(event) => WebhookReply::events(vec![event]),
            Self::Answer(answer) => answer,
        }
    }
}

/// Reads a (verified) Events API delivery for the trigger of event type `kind`: its inner event
/// when an `event_callback` carries one of that type; the challenge echoed back for Slack's
/// `url_verification` handshake (sent, signed, when the Request URL is saved); nothing else.
fn delivery(request: &WebhookRequest, kind: &str) -> Result<Delivery> {
    let envelope: EventEnvelope = request.json()?;
    match envelope.kind.as_str() {
        "url_verification" => Ok(Delivery::Answer(challenge_answer(envelope.challenge)?)),
        "event_callback" if envelope.event["type"].as_str() == Some(kind) => Ok(Delivery::Event(SlackTriggerEvent {
            slack_event: envelope.event,
            team_id: envelope.team_id,
            event_id: envelope.event_id,
            event_time: envelope.event_time,
            user_name: None,
            channel_name: None,
            file: None,
        })),
        _ => Ok(Delivery::Answer(none())),
    }
}

/// The answer to `url_verification`: the challenge as plain text, which Slack accepts.
fn challenge_answer(challenge: Option<String>) -> Result<SlackReply> {
    let challenge = challenge
        .filter(|c| !c.is_empty())
        .ok_or_else(|| ConnectorError::invalid_input("Slack's `url_verification` request has no `challenge`"))?;
    Ok(WebhookReply::respond(WebhookResponse::text(challenge)))
}

/// No event, and the default acknowledgement.
fn none() -> SlackReply {
    WebhookReply::events(Vec::new())
}

/// Whether an event in `channel` passes the "whole workspace or this channel" filter.
fn watched(whole_workspace: bool, wanted: Option<&str>, channel: &Value) -> Result<bool> {
    if whole_workspace {
        return Ok(true);
    }
    match wanted.map(str::trim).filter(|c| !c.is_empty()) {
        Some(wanted) => Ok(channel.as_str() == Some(wanted)),
        None => Err(ConnectorError::invalid_input("set `channelId`, or turn on `watchWholeWorkspace`")),
    }
}

/// serde default of `count`.
fn twenty() -> u32 {
    20
}

/// serde default of the `limit` fields.
fn hundred() -> u32 {
    100
}

/// serde default of `types`.
fn public_channel() -> String {
    "public_channel".to_owned()
}
