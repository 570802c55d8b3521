//! The Microsoft Teams connector, through Microsoft Graph (`https://graph.microsoft.com/v1.0`):
//! channels, channel and chat messages, Planner tasks, and change notifications for new channels,
//! channel messages, chat messages and team members.
//!
//! Graph answers lists a page at a time with an absolute `@odata.nextLink`; the connector follows
//! it only while it stays on the API's own origin, since every request carries the connection's
//! token. Planner refuses a change or a removal without the task's current ETag (`If-Match`), so
//! `update_task` and `delete_task` read the task first. The triggers create a Graph subscription
//! whose notification URL carries the registration's token (`?token=`), answer Graph's
//! `validationToken` check of that URL, and read each notified resource back from Graph, since a
//! notification without encrypted resource data carries only the resource's path.

use fluxturn_core::http::{collect_pages, path_segment, Page};
use fluxturn_core::prelude::*;
use fluxturn_core::Request;
use serde_json::{json, Map, Value};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The Graph version every request is written against.
const VERSION: &str = "/v1.0";

/// The most pages a list reads.
const MAX_PAGES: usize = 50;

/// The most items a list of Planner tasks or channels returns.
const MAX_ITEMS: usize = 5_000;

/// The most messages Graph returns in one page of a channel's or a chat's messages.
const MAX_MESSAGE_PAGE: usize = 50;

/// How long a subscription is asked for: just under the 4,320 minutes (three days) Graph allows
/// for Teams resources (channels, messages, members).
const SUBSCRIPTION_MINUTES: u64 = 4_200;

/// Send messages, manage channels and Planner tasks, and react to new channels, messages and members in Microsoft Teams
///
/// Requests go to Microsoft Graph with the signed-in user's delegated token (OAuth2 through the
/// Microsoft identity platform of the connection's tenant).
#[connector(
    name = "teams",
    display_name = "Microsoft Teams",
    category = "communication",
    base_url = "https://graph.microsoft.com",
    icon = "icons/teams.svg",
    rate_limit(requests_per_second = 10, requests_per_minute = 100),
    // `{tenantId}` is filled from the connection's credentials when the server signs in: a
    // directory id, or `organizations` / `common` for an app used across tenants.
    auth = oauth2(
        authorization_url = "https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/authorize",
        token_url = "https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token",
        scopes = [
            "Channel.ReadBasic.All",
            "ChannelMessage.Read.All",
            "ChannelMessage.Send",
            "Chat.Read",
            "Chat.ReadWrite",
            "ChatMessage.Read",
            "ChatMessage.Send",
            "Group.Read.All",
            "Group.ReadWrite.All",
            "offline_access",
            "Team.ReadBasic.All",
            "TeamMember.Read.All",
            "User.Read.All"
        ],
        pkce,
    ),
    credentials = TeamsCredentials,
)]
pub struct Teams {
    http: Http,
}

/// Which Microsoft Entra (Azure AD) app the connection signs in through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum TeamsAuthType {
    /// OAuth2 with the server's Microsoft app (recommended)
    #[default]
    #[serde(rename = "oauth2")]
    OAuth2,
    /// OAuth2 with your own app registration (its client id and secret below)
    #[serde(rename = "manual")]
    Manual,
}

/// What the user enters in the "Add Microsoft Teams" form.
#[derive(Credentials)]
pub struct TeamsCredentials {
    /// The server's Microsoft app, or your own app registration
    #[field(key = "authType", label = "Authentication Type", default = "oauth2")]
    pub auth_type: TeamsAuthType,
    /// The directory (tenant) id the user signs in to (Microsoft Entra admin center > Overview),
    /// or `organizations` (any work or school account) or `common` for a multi-tenant app
    #[field(
        key = "tenantId",
        label = "Tenant ID",
        default = "organizations",
        placeholder = "00000000-0000-0000-0000-000000000000",
        help_url = "https://learn.microsoft.com/entra/fundamentals/how-to-find-tenant"
    )]
    pub tenant_id: String,
    /// The Application (client) id of your own app registration
    #[field(key = "clientId", label = "Client ID", required, show(authType = ["manual"]))]
    pub client_id: Option<String>,
    /// A client secret of your own app registration (Certificates & secrets)
    #[field(key = "clientSecret", label = "Client Secret", secret, required, show(authType = ["manual"]))]
    pub client_secret: Option<Secret<String>>,
}

/// The choices of `membershipType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateChannelInputMembershipType {
    /// Standard: every member of the team sees it
    #[serde(rename = "standard")]
    Standard,
    /// Private: only the channel's own members see it (the signed-in user becomes its owner)
    #[serde(rename = "private")]
    Private,
}

/// The input of `create_channel`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateChannelInput {
    /// What the channel is for
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// The channel's name, unique in the team (at most 50 characters)
    #[field(label = "Display Name", max_length = 50)]
    #[serde(rename = "displayName")]
    pub display_name: String,
    /// Who sees the channel
    #[field(label = "Membership Type", default = "standard")]
    #[serde(rename = "membershipType")]
    pub membership_type: Option<CreateChannelInputMembershipType>,
    /// The team's id (the group id of the team's Microsoft 365 group)
    #[field(label = "Team ID")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// The input of `get_channel` and `delete_channel`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetChannelInput {
    /// The channel's id (`19:...@thread.tacv2`)
    #[field(label = "Channel ID")]
    #[serde(rename = "channelId")]
    pub channel_id: String,
    /// The team's id
    #[field(label = "Team ID")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// The input of `list_channels`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListChannelsInput {
    /// The team's id
    #[field(label = "Team ID")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// The input of `update_channel`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateChannelInput {
    /// The channel's id (`19:...@thread.tacv2`)
    #[field(label = "Channel ID")]
    #[serde(rename = "channelId")]
    pub channel_id: String,
    /// The new description (unchanged when left empty)
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// The new name (unchanged when left empty; the General channel cannot be renamed)
    #[field(label = "Display Name", max_length = 50)]
    #[serde(rename = "displayName")]
    pub display_name: Option<String>,
    /// The team's id
    #[field(label = "Team ID")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// The choices of `contentType`.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema)]
pub enum MessageContentType {
    /// Plain text
    #[default]
    #[serde(rename = "text")]
    Text,
    /// HTML
    #[serde(rename = "html")]
    Html,
}

/// The input of `send_channel_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendChannelMessageInput {
    /// The channel's id (`19:...@thread.tacv2`)
    #[field(label = "Channel ID")]
    #[serde(rename = "channelId")]
    pub channel_id: String,
    /// The message
    #[field(label = "Content", input_type = "textarea", aliases = ["message"])]
    pub content: String,
    /// Whether the content is plain text or HTML
    #[field(label = "Content Type", default = "text")]
    #[serde(rename = "contentType")]
    pub content_type: Option<MessageContentType>,
    /// The id of a message of the channel to reply to (a new thread when left empty)
    #[field(label = "Reply To ID")]
    #[serde(rename = "replyToId")]
    pub reply_to_id: Option<String>,
    /// The team's id
    #[field(label = "Team ID")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// The input of `list_channel_messages`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListChannelMessagesInput {
    /// The channel's id (`19:...@thread.tacv2`)
    #[field(label = "Channel ID")]
    #[serde(rename = "channelId")]
    pub channel_id: String,
    /// The team's id
    #[field(label = "Team ID")]
    #[serde(rename = "teamId")]
    pub team_id: String,
    /// The most messages to return, newest first (the pages are followed up to it)
    #[field(label = "Limit", default = 50, min = 1, max = 1000)]
    pub top: Option<f64>,
}

/// The input of `send_chat_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendChatMessageInput {
    /// The chat's id (`19:...@thread.v2`)
    #[field(label = "Chat ID")]
    #[serde(rename = "chatId")]
    pub chat_id: String,
    /// The message
    #[field(label = "Content", input_type = "textarea", aliases = ["message"])]
    pub content: String,
    /// Whether the content is plain text or HTML
    #[field(label = "Content Type", default = "text")]
    #[serde(rename = "contentType")]
    pub content_type: Option<MessageContentType>,
}

/// The input of `get_chat_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetChatMessageInput {
    /// The chat's id (`19:...@thread.v2`)
    #[field(label = "Chat ID")]
    #[serde(rename = "chatId")]
    pub chat_id: String,
    /// The message's id
    #[field(label = "Message ID")]
    #[serde(rename = "messageId")]
    pub message_id: String,
}

/// The input of `list_chat_messages`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListChatMessagesInput {
    /// The chat's id (`19:...@thread.v2`)
    #[field(label = "Chat ID")]
    #[serde(rename = "chatId")]
    pub chat_id: String,
    /// The most messages to return, newest first (the pages are followed up to it)
    #[field(label = "Limit", default = 50, min = 1, max = 1000)]
    pub top: Option<f64>,
}

/// The input of `create_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateTaskInput {
    /// The ids of the users to assign the task to, separated by commas
    #[field(label = "Assigned To (User IDs)")]
    #[serde(rename = "assignedTo")]
    pub assigned_to: Option<String>,
    /// The id of the plan's bucket (column) to put the task in
    #[field(label = "Bucket ID")]
    #[serde(rename = "bucketId")]
    pub bucket_id: String,
    /// When the task is due, ISO 8601 (`2026-12-31T17:00:00Z`)
    #[field(label = "Due Date Time", placeholder = "2026-12-31T17:00:00Z")]
    #[serde(rename = "dueDateTime")]
    pub due_date_time: Option<String>,
    /// How far along the task is: 0, 50 (in progress) or 100 (done); Planner keeps any 0-100
    #[field(label = "Percent Complete", default = 0, min = 0, max = 100)]
    #[serde(rename = "percentComplete")]
    pub percent_complete: Option<f64>,
    /// The id of the Planner plan
    #[field(label = "Plan ID")]
    #[serde(rename = "planId")]
    pub plan_id: String,
    /// The task's title
    #[field(label = "Title", max_length = 255)]
    pub title: String,
}

/// The input of `get_task` and `delete_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetTaskInput {
    /// The Planner task's id
    #[field(label = "Task ID")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `list_tasks`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListTasksInput {
    /// The id of the Planner plan
    #[field(label = "Plan ID")]
    #[serde(rename = "planId")]
    pub plan_id: String,
}

/// The input of `update_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateTaskInput {
    /// The new due date, ISO 8601 (unchanged when left empty)
    #[field(label = "Due Date Time", placeholder = "2026-12-31T17:00:00Z")]
    #[serde(rename = "dueDateTime")]
    pub due_date_time: Option<String>,
    /// The new progress, 0-100 (unchanged when left empty)
    #[field(label = "Percent Complete", min = 0, max = 100)]
    #[serde(rename = "percentComplete")]
    pub percent_complete: Option<f64>,
    /// The Planner task's id
    #[field(label = "Task ID")]
    #[serde(rename = "taskId")]
    pub task_id: String,
    /// The new title (unchanged when left empty)
    #[field(label = "Title", max_length = 255)]
    pub title: Option<String>,
}

/// The configuration of `new_channel`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewChannelConfig {
    /// The team to watch; left empty, every team of the tenant (`/teams/getAllChannels`, which
    /// Graph allows only to apps with application permissions)
    #[field(label = "Team ID")]
    #[serde(rename = "teamId")]
    pub team_id: Option<String>,
}

/// The configuration of `new_channel_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewChannelMessageConfig {
    /// The channel to watch; left empty, every channel of the team
    #[field(label = "Channel ID")]
    #[serde(rename = "channelId")]
    pub channel_id: Option<String>,
    /// The team to watch
    #[field(label = "Team ID")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// The configuration of `new_chat_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewChatMessageConfig {
    /// The chat to watch; left empty, every chat of the tenant (`/chats/getAllMessages`, which
    /// Graph allows only to apps with application permissions, and meters)
    #[field(label = "Chat ID")]
    #[serde(rename = "chatId")]
    pub chat_id: Option<String>,
}

/// The configuration of `new_team_member`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewTeamMemberConfig {
    /// The team to watch
    #[field(label = "Team ID")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// What a removal answers.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Deleted {
    /// Always true: the item is gone
    pub deleted: bool,
    /// The id of the removed item
    pub id: String,
}

/// A list read to its end (or to the limit): Graph's collection shape, every page's items in
/// `value`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Collection {
    /// The items, as Graph returns them
    pub value: Vec<Value>,
}

impl Teams {
    /// `path` under the API version, for a relative Graph path.
    fn path(path: &str) -> String {
        format!("{VERSION}{path}")
    }

    /// Sends `request` and decodes its answer (an empty answer is `null`), with a failure in
    /// Graph's words.
    async fn call(&self, request: Request) -> Result<Value> {
        let response = request.send().await.map_err(refine)?;
        response.json()
    }

    /// Reads a Graph collection, following `@odata.nextLink` up to `limit` items.
    async fn collect(&self, path: &str, query: Vec<(&str, String)>, limit: usize) -> Result<Vec<Value>> {
        let first = Self::path(path);
        collect_pages(MAX_PAGES, limit, |next: Option<String>| {
            let request = match &next {
                None => self.http.get(&first).query(&query),
                Some(link) => self.http.get(link),
            };
            async move {
                let answer = self.call(request).await?;
                let items = match answer.get("value") {
                    Some(Value::Array(items)) => items.clone(),
                    _ => {
                        return Err(ConnectorError::new(
                            ErrorCode::InvalidResponse,
                            "Microsoft Graph answered a list without its `value`",
                        ))
                    }
                };
                let next = match answer.get("@odata.nextLink").and_then(Value::as_str) {
                    Some(link) => Some(self.own_link(link)?),
                    None => None,
                };
                Ok(Page { items, next })
            }
        })
        .await
    }

    /// `link` if it is a URL of the API's own origin: the token is sent with it, so a next page
    /// on any other host is refused.
    fn own_link(&self, link: &str) -> Result<String> {
        let origin = format!("{}/", self.http.base_url());
        if link.starts_with(&origin) {
            Ok(link.to_owned())
        } else {
            Err(ConnectorError::new(
                ErrorCode::InvalidResponse,
                "Microsoft Graph's next page is not on the API's own host; it was not followed",
            ))
        }
    }

    /// The Planner task and its current ETag, which a change or a removal must send back.
    async fn task_with_etag(&self, task_id: &str) -> Result<(Value, String)> {
        let path = Self::path(&format!("/planner/tasks/{}", path_segment(task_id)));
        let task = self.call(self.http.get(&path)).await?;
        let etag = task.get("@odata.etag").and_then(Value::as_str).map(str::to_owned).ok_or_else(|| {
            ConnectorError::new(ErrorCode::InvalidResponse, "the Planner task came back without its `@odata.etag`")
        })?;
        Ok((task, etag))
    }
}

/// `text`, refused when blank.
fn required<'a>(field: &str, text: &'a str) -> Result<&'a str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` cannot be empty")));
    }
    Ok(text)
}

/// `text` trimmed, `None` when absent or blank.
fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// A whole percentage of 0-100.
fn percent(value: f64) -> Result<i64> {
    if !(0.0..=100.0).contains(&value) || value.fract() != 0.0 {
        return Err(ConnectorError::invalid_input(format!(
            "`percentComplete` must be a whole number from 0 to 100, not {value}"
        )));
    }
    Ok(value as i64)
}

/// How many messages a list returns: `top`, 50 when absent.
fn limit(top: Option<f64>) -> Result<usize> {
    match top {
        None => Ok(50),
        Some(top) if (1.0..=1000.0).contains(&top) && top.fract() == 0.0 => Ok(top as usize),
        Some(top) => {
            Err(ConnectorError::invalid_input(format!("`top` must be a whole number from 1 to 1000, not {top}")))
        }
    }
}

/// A chat message body.
fn message_body(content: &str, content_type: Option<MessageContentType>) -> Result<Value> {
    let content = required("content", content)?;
    Ok(json!({"body": {"contentType": content_type.unwrap_or_default(), "content": content}}))
}

/// A Graph failure (`{"error": {"code", "message"}}`) in Graph's words, its code mapped where the
/// status alone says less: an expired token, a missing permission, throttling, a stale ETag.
pub fn refine(mut error: ConnectorError) -> ConnectorError {
    let body = error.details["upstream_body"].as_str().and_then(|b| serde_json::from_str::<Value>(b).ok());
    let Some(problem) = body.as_ref().and_then(|b| b.get("error")).filter(|e| e.is_object()) else {
        return error;
    };
    let code = problem["code"].as_str().unwrap_or_default();
    let said = problem["message"].as_str().unwrap_or("an error");
    let status = error.details["upstream_status"].as_u64().unwrap_or(error.status.into());
    let mut message = format!("Microsoft Graph answered {status}");
    if !code.is_empty() {
        message.push_str(&format!(" ({code})"));
    }
    message.push_str(&format!(": {said}"));
    let mapped = match (status, code) {
        (_, "InvalidAuthenticationToken" | "AuthenticationError" | "TokenNotFound") => {
            message.push_str("; reconnect the account");
            Some(ErrorCode::Unauthorized)
        }
        (403, _) | (_, "Forbidden" | "Authorization_RequestDenied" | "AccessDenied") => {
            message.push_str(
                "; the signed-in user or the app lacks a permission for this (an admin may need to consent to the scopes)",
            );
            Some(ErrorCode::Forbidden)
        }
        (429, _) | (_, "TooManyRequests" | "activityLimitReached" | "throttledRequest") => {
            message.push_str("; Graph throttled the request, try again later");
            Some(ErrorCode::RateLimited)
        }
        (412, _) => {
            message.push_str("; the item changed since it was read, run the action again");
            Some(ErrorCode::InvalidInput)
        }
        _ => None,
    };
    if let Some(code) = mapped {
        if code != error.code {
            error.status = ConnectorError::new(code, "").status;
        }
        error.retryable = code == ErrorCode::RateLimited;
        error.code = code;
    }
    error.message = message;
    error
}

/// Now plus `minutes`, as Graph writes times (`2026-11-30T07:00:00Z`), and as Unix seconds.
fn expiration(minutes: u64) -> (String, u64) {
    let at = SystemTime::now() + Duration::from_secs(minutes * 60);
    let secs = at.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
    (humantime::format_rfc3339_seconds(at).to_string(), secs)
}

/// An ISO 8601 UTC time (`2026-11-30T07:00:00.0000000Z`) as Unix seconds; `None` if unreadable.
fn unix_seconds(time: &str) -> Option<u64> {
    let at = humantime::parse_rfc3339_weak(time).ok()?;
    at.duration_since(UNIX_EPOCH).ok().map(|d| d.as_secs())
}

/// The subscription Graph answers.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphSubscription {
    id: String,
    #[serde(default)]
    expiration_date_time: Option<String>,
    #[serde(default)]
    notification_url: Option<String>,
    #[serde(default)]
    resource: Option<String>,
}

/// The kinds of notified resources, by the path they read back from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Watched {
    Channels,
    ChannelMessages,
    ChatMessages,
    Members,
}

impl Watched {
    /// Whether a notified resource path (`teams('t')/channels('c')/messages('m')`) is one of these.
    fn matches(self, segments: &[(String, String)]) -> bool {
        let names: Vec<&str> = segments.iter().map(|(name, _)| name.as_str()).collect();
        match self {
            Self::Channels => names == ["teams", "channels"],
            Self::ChannelMessages => {
                matches!(
                    names.as_slice(),
                    ["teams", "channels", "messages"] | ["teams", "channels", "messages", "replies"]
                )
            }
            Self::ChatMessages => names == ["chats", "messages"],
            Self::Members => names == ["teams", "members"],
        }
    }
}

/// The segments of a notified resource path, `teams('t')/channels('c')`, as (lowercased name, id)
/// pairs; `None` unless every segment has that shape and a name Teams notifications use. The
/// path the resource is read from is rebuilt from them, so it cannot leave the API.
fn resource_segments(resource: &str) -> Option<Vec<(String, String)>> {
    let mut segments = Vec::new();
    for segment in resource.trim_start_matches('/').split('/') {
        let (name, rest) = segment.split_once("('")?;
        let id = rest.strip_suffix("')")?;
        let name = name.to_ascii_lowercase();
        let known = matches!(name.as_str(), "teams" | "channels" | "messages" | "replies" | "chats" | "members");
        if !known || id.is_empty() || id.contains('\'') {
            return None;
        }
        segments.push((name, id.to_owned()));
    }
    (!segments.is_empty()).then_some(segments)
}

/// The Graph path of a notified resource.
fn resource_path(segments: &[(String, String)]) -> String {
    let mut path = VERSION.to_owned();
    for (name, id) in segments {
        path.push_str(&format!("/{name}/{}", path_segment(id)));
    }
    path
}

#[actions(webhooks(
    verify = "url_token",
    secret = "generated",
    event_id = "/notification/resource",
    unsubscribe = delete_subscription,
    refresh = renew_subscription
))]
impl Teams {
    /// Create a channel in a team
    #[action(name = "Create Channel", http(method = "POST", endpoint = "/v1.0/teams/{teamId}/channels"))]
    async fn create_channel(&self, input: CreateChannelInput) -> Result<Value> {
        let mut body = json!({
            "displayName": required("displayName", &input.display_name)?,
            "membershipType": input.membership_type.unwrap_or(CreateChannelInputMembershipType::Standard),
        });
        if let Some(description) = given(&input.description) {
            body["description"] = json!(description);
        }
        let path = Self::path(&format!("/teams/{}/channels", path_segment(required("teamId", &input.team_id)?)));
        self.call(self.http.post(&path).json(&body)).await
    }

    /// Get a channel of a team
    #[action(name = "Get Channel", http(method = "GET", endpoint = "/v1.0/teams/{teamId}/channels/{channelId}"))]
    async fn get_channel(&self, input: GetChannelInput) -> Result<Value> {
        self.call(self.http.get(&channel_path(&input.team_id, &input.channel_id)?)).await
    }

    /// List the channels of a team
    #[action(name = "List Channels", http(method = "GET", endpoint = "/v1.0/teams/{teamId}/channels"))]
    async fn list_channels(&self, input: ListChannelsInput) -> Result<Collection> {
        let path = format!("/teams/{}/channels", path_segment(required("teamId", &input.team_id)?));
        Ok(Collection { value: self.collect(&path, vec![], MAX_ITEMS).await? })
    }

    /// Rename a channel or change its description; answers the channel as it now is
    #[action(name = "Update Channel", http(method = "PATCH", endpoint = "/v1.0/teams/{teamId}/channels/{channelId}"))]
    async fn update_channel(&self, input: UpdateChannelInput) -> Result<Value> {
        let path = channel_path(&input.team_id, &input.channel_id)?;
        let mut body = Map::new();
        if let Some(name) = given(&input.display_name) {
            body.insert("displayName".into(), json!(name));
        }
        if let Some(description) = input.description.as_deref() {
            body.insert("description".into(), json!(description));
        }
        if body.is_empty() {
            return Err(ConnectorError::invalid_input("give a `displayName` or a `description` to change"));
        }
        // Graph answers 204 without the channel: read it back.
        self.call(self.http.patch(&path).json(&body)).await?;
        self.call(self.http.get(&path)).await
    }

    /// Delete a channel of a team
    #[action(name = "Delete Channel", http(method = "DELETE", endpoint = "/v1.0/teams/{teamId}/channels/{channelId}"))]
    async fn delete_channel(&self, input: GetChannelInput) -> Result<Deleted> {
        self.call(self.http.delete(&channel_path(&input.team_id, &input.channel_id)?)).await?;
        Ok(Deleted { deleted: true, id: input.channel_id })
    }

    /// Post a message to a channel, or a reply to one of its messages
    #[action(
        name = "Send Channel Message",
        http(method = "POST", endpoint = "/v1.0/teams/{teamId}/channels/{channelId}/messages")
    )]
    async fn send_channel_message(&self, input: SendChannelMessageInput) -> Result<Value> {
        let mut path = format!("{}/messages", channel_path(&input.team_id, &input.channel_id)?);
        if let Some(reply_to) = given(&input.reply_to_id) {
            path.push_str(&format!("/{}/replies", path_segment(reply_to)));
        }
        let body = message_body(&input.content, input.content_type)?;
        self.call(self.http.post(&path).json(&body)).await
    }

    /// List a channel's messages (the first message of each thread), newest first
    #[action(
        name = "List Channel Messages",
        http(method = "GET", endpoint = "/v1.0/teams/{teamId}/channels/{channelId}/messages")
    )]
    async fn list_channel_messages(&self, input: ListChannelMessagesInput) -> Result<Collection> {
        let limit = limit(input.top)?;
        let channel = channel_path(&input.team_id, &input.channel_id)?;
        let path = format!("{}/messages", channel.trim_start_matches(VERSION));
        let query = vec![("$top", limit.min(MAX_MESSAGE_PAGE).to_string())];
        Ok(Collection { value: self.collect(&path, query, limit).await? })
    }

    /// Send a message to a chat
    #[action(name = "Send Chat Message", http(method = "POST", endpoint = "/v1.0/chats/{chatId}/messages"))]
    async fn send_chat_message(&self, input: SendChatMessageInput) -> Result<Value> {
        let path = Self::path(&format!("/chats/{}/messages", path_segment(required("chatId", &input.chat_id)?)));
        let body = message_body(&input.content, input.content_type)?;
        self.call(self.http.post(&path).json(&body)).await
    }

    /// Get a message of a chat
    #[action(name = "Get Chat Message", http(method = "GET", endpoint = "/v1.0/chats/{chatId}/messages/{messageId}"))]
    async fn get_chat_message(&self, input: GetChatMessageInput) -> Result<Value> {
        let path = Self::path(&format!(
            "/chats/{}/messages/{}",
            path_segment(required("chatId", &input.chat_id)?),
            path_segment(required("messageId", &input.message_id)?)
        ));
        self.call(self.http.get(&path)).await
    }

    /// List a chat's messages, newest first
    #[action(name = "List Chat Messages", http(method = "GET", endpoint = "/v1.0/chats/{chatId}/messages"))]
    async fn list_chat_messages(&self, input: ListChatMessagesInput) -> Result<Collection> {
        let limit = limit(input.top)?;
        let path = format!("/chats/{}/messages", path_segment(required("chatId", &input.chat_id)?));
        let query = vec![("$top", limit.min(MAX_MESSAGE_PAGE).to_string())];
        Ok(Collection { value: self.collect(&path, query, limit).await? })
    }

    /// Create a Planner task in a plan's bucket
    #[action(name = "Create Task", http(method = "POST", endpoint = "/v1.0/planner/tasks"))]
    async fn create_task(&self, input: CreateTaskInput) -> Result<Value> {
        let mut body = json!({
            "planId": required("planId", &input.plan_id)?,
            "bucketId": required("bucketId", &input.bucket_id)?,
            "title": required("title", &input.title)?,
        });
        if let Some(due) = given(&input.due_date_time) {
            body["dueDateTime"] = json!(due);
        }
        if let Some(progress) = input.percent_complete {
            body["percentComplete"] = json!(percent(progress)?);
        }
        if let Some(users) = given(&input.assigned_to) {
            let assignments: Map<String, Value> = users
                .split(',')
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(|user| {
                    let assignment = json!({"@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": " !"});
                    (user.to_owned(), assignment)
                })
                .collect();
            body["assignments"] = Value::Object(assignments);
        }
        self.call(self.http.post(&Self::path("/planner/tasks")).json(&body)).await
    }

    /// Get a Planner task
    #[action(name = "Get Task", http(method = "GET", endpoint = "/v1.0/planner/tasks/{taskId}"))]
    async fn get_task(&self, input: GetTaskInput) -> Result<Value> {
        let path = Self::path(&format!("/planner/tasks/{}", path_segment(required("taskId", &input.task_id)?)));
        self.call(self.http.get(&path)).await
    }

    /// List the tasks of a Planner plan
    #[action(name = "List Tasks", http(method = "GET", endpoint = "/v1.0/planner/plans/{planId}/tasks"))]
    async fn list_tasks(&self, input: ListTasksInput) -> Result<Collection> {
        let path = format!("/planner/plans/{}/tasks", path_segment(required("planId", &input.plan_id)?));
        Ok(Collection { value: self.collect(&path, vec![], MAX_ITEMS).await? })
    }

    /// Change a Planner task's title, progress or due date; answers the task as it now is
    ///
    /// Planner takes a change only with the task's current ETag, so the task is read first.
    #[action(name = "Update Task", http(method = "PATCH", endpoint = "/v1.0/planner/tasks/{taskId}"))]
    async fn update_task(&self, input: UpdateTaskInput) -> Result<Value> {
        let task_id = required("taskId", &input.task_id)?;
        let mut body = Map::new();
        if let Some(title) = given(&input.title) {
            body.insert("title".into(), json!(title));
        }
        if let Some(progress) = input.percent_complete {
            body.insert("percentComplete".into(), json!(percent(progress)?));
        }
        if let Some(due) = given(&input.due_date_time) {
            body.insert("dueDateTime".into(), json!(due));
        }
        if body.is_empty() {
            return Err(ConnectorError::invalid_input("give a `title`, `percentComplete` or `dueDateTime` to change"));
        }
        let (_, etag) = self.task_with_etag(task_id).await?;
        let path = Self::path(&format!("/planner/tasks/{}", path_segment(task_id)));
        let request =
            self.http.patch(&path).json(&body).header("If-Match", etag).header("Prefer", "return=representation");
        match self.call(request).await? {
            // Without `Prefer` honoured, Planner answers 204: read the task back.
            Value::Null => Ok(self.task_with_etag(task_id).await?.0),
            task => Ok(task),
        }
    }

    /// Delete a Planner task
    ///
    /// Planner removes a task only with its current ETag, so the task is read first.
    #[action(name = "Delete Task", http(method = "DELETE", endpoint = "/v1.0/planner/tasks/{taskId}"))]
    async fn delete_task(&self, input: GetTaskInput) -> Result<Deleted> {
        let task_id = required("taskId", &input.task_id)?;
        let (_, etag) = self.task_with_etag(task_id).await?;
        let path = Self::path(&format!("/planner/tasks/{}", path_segment(task_id)));
        self.call(self.http.delete(&path).header("If-Match", etag)).await?;
        Ok(Deleted { deleted: true, id: task_id.to_owned() })
    }

    /// A channel was created in a team
    #[trigger(name = "New Channel", webhook, subscribe = subscribe_new_channel)]
    async fn new_channel(&self, _config: NewChannelConfig, request: WebhookRequest) -> Result<WebhookReply<Value>> {
        self.notified(Watched::Channels, request).await
    }

    /// A message was posted in a team's channel (a new thread or a reply)
    #[trigger(name = "New Channel Message", webhook, subscribe = subscribe_new_channel_message)]
    async fn new_channel_message(
        &self,
        _config: NewChannelMessageConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        self.notified(Watched::ChannelMessages, request).await
    }

    /// A message was sent in a chat
    #[trigger(
        name = "New Chat Message",
        webhook,
        aliases = ["new_message"],
        subscribe = subscribe_new_chat_message
    )]
    async fn new_chat_message(
        &self,
        _config: NewChatMessageConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        self.notified(Watched::ChatMessages, request).await
    }

    /// A member was added to a team
    #[trigger(name = "New Team Member", webhook, subscribe = subscribe_new_team_member)]
    async fn new_team_member(
        &self,
        _config: NewTeamMemberConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        self.notified(Watched::Members, request).await
    }

    /// Reads the signed-in user: proves the token works
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.call(self.http.get(&Self::path("/me"))).await.map(drop)
    }

    /// Subscribes `new_channel`: the team's channels, or every team's.
    async fn subscribe_new_channel(&self, config: NewChannelConfig, context: SubscribeContext) -> Result<Subscription> {
        let resource = match given(&config.team_id) {
            Some(team) => format!("/teams/{}/channels", resource_segment(team)),
            None => "/teams/getAllChannels".to_owned(),
        };
        self.subscribe_to(resource, context).await
    }

    /// Subscribes `new_channel_message`: the channel's messages, or every channel's of the team.
    async fn subscribe_new_channel_message(
        &self,
        config: NewChannelMessageConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        let team = resource_segment(required("teamId", &config.team_id)?);
        let resource = match given(&config.channel_id) {
            Some(channel) => format!("/teams/{team}/channels/{}/messages", resource_segment(channel)),
            None => format!("/teams/{team}/channels/getAllMessages"),
        };
        self.subscribe_to(resource, context).await
    }

    /// Subscribes `new_chat_message`: the chat's messages, or every chat's.
    async fn subscribe_new_chat_message(
        &self,
        config: NewChatMessageConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        let resource = match given(&config.chat_id) {
            Some(chat) => format!("/chats/{}/messages", resource_segment(chat)),
            None => "/chats/getAllMessages".to_owned(),
        };
        self.subscribe_to(resource, context).await
    }

    /// Subscribes `new_team_member`: the team's members.
    async fn subscribe_new_team_member(
        &self,
        config: NewTeamMemberConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        let resource = format!("/teams/{}/members", resource_segment(required("teamId", &config.team_id)?));
        self.subscribe_to(resource, context).await
    }

    /// Creates the Graph subscription to `resource`'s new items, or renews the one this URL
    /// already has for it (so subscribing twice leaves one). Graph checks the URL while this
    /// request waits (the trigger answers its `validationToken`); lifecycle notifications, which
    /// Graph requires for Teams subscriptions longer than an hour, go to the same URL.
    async fn subscribe_to(&self, resource: String, context: SubscribeContext) -> Result<Subscription> {
        let hide = |error: ConnectorError| hide_secret(refused("subscribe to Teams notifications", error), &context);
        let existing = self.collect("/subscriptions", vec![], MAX_ITEMS).await.map_err(hide)?;
        let same = |s: &GraphSubscription| {
            s.notification_url.as_deref() == Some(context.webhook_url.as_str())
                && s.resource.as_deref().map(same_resource) == Some(same_resource(&resource))
        };
        let found =
            existing.into_iter().filter_map(|s| serde_json::from_value::<GraphSubscription>(s).ok()).find(|s| same(s));
        if let Some(found) = found {
            let subscription =
                Subscription { upstream_id: found.id, state: json!({"resource": resource}), ..Subscription::default() };
            return self.renew_subscription((), subscription).await.map_err(hide);
        }
        let (expires, expires_at) = expiration(SUBSCRIPTION_MINUTES);
        let body = json!({
            "changeType": "created",
            "notificationUrl": context.webhook_url,
            "lifecycleNotificationUrl": context.webhook_url,
            "resource": resource,
            "expirationDateTime": expires,
            // Graph echoes it in every notification; the handler cannot compare it (it is not
            // given the secret), and needs not: the URL's token is checked before it runs.
            "clientState": context.secret,
        });
        let answer = self.call(self.http.post(&Self::path("/subscriptions")).json(&body)).await.map_err(hide)?;
        let created: GraphSubscription = serde_json::from_value(answer).map_err(|e| {
            ConnectorError::new(
                ErrorCode::InvalidResponse,
                format!("Graph's subscription is not what was expected: {e}"),
            )
        })?;
        Ok(Subscription {
            upstream_id: created.id,
            expires_at: created.expiration_date_time.as_deref().and_then(unix_seconds).or(Some(expires_at)),
            state: json!({"resource": resource}),
            ..Subscription::default()
        })
    }

    /// Pushes a subscription's expiry another ~three days out; the server calls it a day ahead.
    async fn renew_subscription<C>(&self, _config: C, subscription: Subscription) -> Result<Subscription> {
        let (expires, expires_at) = expiration(SUBSCRIPTION_MINUTES);
        let path = Self::path(&format!("/subscriptions/{}", path_segment(&subscription.upstream_id)));
        let answer = self
            .call(self.http.patch(&path).json(&json!({"expirationDateTime": expires})))
            .await
            .map_err(|e| refused("renew the Teams subscription", e))?;
        let renewed = answer["expirationDateTime"].as_str().and_then(unix_seconds).unwrap_or(expires_at);
        Ok(Subscription { expires_at: Some(renewed), ..subscription })
    }

    /// Deletes a subscription; one already gone (expired or removed) is fine.
    async fn delete_subscription<C>(&self, _config: C, subscription: Subscription) -> Result<()> {
        let path = Self::path(&format!("/subscriptions/{}", path_segment(&subscription.upstream_id)));
        match self.call(self.http.delete(&path)).await {
            Ok(_) => Ok(()),
            Err(error) if error.code == ErrorCode::NotFound => Ok(()),
            Err(error) => Err(refused("delete the Teams subscription", error)),
        }
    }

    /// What a delivery to a trigger's URL means. Graph's URL check
    /// (`?validationToken=...`) is answered with the token as plain text. A change notification
    /// (`{"value": [{"subscriptionId", "changeType", "resource", "resourceData", "clientState",
    /// "tenantId", ...}]}`) gives one event per created resource of the watched kind: the resource
    /// as Graph reads it now, with the notification under `notification` (its `clientState` left
    /// out: the URL's token, checked before the handler runs, already proves the sender knew the
    /// registration's secret, and the handler is not given that secret to compare). A resource
    /// removed before it could be read gives its `resourceData` alone. A lifecycle notification
    /// asking for reauthorization is answered by reauthorizing the subscription; other lifecycle
    /// notifications give no event.
    async fn notified(&self, watched: Watched, request: WebhookRequest) -> Result<WebhookReply<Value>> {
        if let Some(token) = request.query_param("validationToken") {
            return Ok(WebhookReply::respond(WebhookResponse::text(token)));
        }
        let delivery: Value = request.json()?;
        let Some(items) = delivery.get("value").and_then(Value::as_array) else {
            return Err(ConnectorError::invalid_input("not a Microsoft Graph notification: no `value` list"));
        };
        let mut events = Vec::new();
        for item in items {
            if let Some(lifecycle) = item.get("lifecycleEvent").and_then(Value::as_str) {
                if lifecycle == "reauthorizationRequired" {
                    if let Some(id) = item.get("subscriptionId").and_then(Value::as_str) {
                        let path = Self::path(&format!("/subscriptions/{}/reauthorize", path_segment(id)));
                        self.call(self.http.post(&path)).await?;
                    }
                }
                continue;
            }
            if item.get("changeType").and_then(Value::as_str) != Some("created") {
                continue;
            }
            let resource = item.get("resource").and_then(Value::as_str).unwrap_or_default();
            let Some(segments) = resource_segments(resource).filter(|s| watched.matches(s)) else {
                continue;
            };
            let mut notification = Map::new();
            for key in ["subscriptionId", "changeType", "resource", "tenantId", "subscriptionExpirationDateTime"] {
                if let Some(value) = item.get(key) {
                    notification.insert(key.to_owned(), value.clone());
                }
            }
            let read = match self.call(self.http.get(&resource_path(&segments))).await {
                Ok(Value::Object(read)) => read,
                Ok(_) => Map::new(),
                Err(error) if error.code == ErrorCode::NotFound => Map::new(),
                Err(error) => return Err(refused("read the notified resource", error)),
            };
            let mut event = if read.is_empty() {
                item.get("resourceData").and_then(Value::as_object).cloned().unwrap_or_default()
            } else {
                read
            };
            if watched == Watched::ChatMessages && !event.contains_key("chatId") {
                event.insert("chatId".into(), json!(segments[0].1));
            }
            event.insert("notification".into(), Value::Object(notification));
            events.push(Value::Object(event));
        }
        Ok(WebhookReply::events(events))
    }
}

/// The Graph path of a team's channel, both ids required.
fn channel_path(team_id: &str, channel_id: &str) -> Result<String> {
    Ok(format!(
        "{VERSION}/teams/{}/channels/{}",
        path_segment(required("teamId", team_id)?),
        path_segment(required("channelId", channel_id)?)
    ))
}

/// An id as one segment of a subscription's resource: escaped as a path segment, but with the
/// `:` and `@` of Teams ids (`19:...@thread.tacv2`) kept, as Graph writes them in resources.
fn resource_segment(id: &str) -> String {
    path_segment(id).replace("%3A", ":").replace("%40", "@")
}

/// A subscription's resource as Graph may write it back (without the leading `/`, its case
/// changed, its ids percent-encoded or not), for comparing.
fn same_resource(resource: &str) -> String {
    resource.trim_start_matches('/').replace("%3A", ":").replace("%40", "@").to_ascii_lowercase()
}

/// `error`, its message prefixed with what Graph refused to do.
fn refused(what: &str, mut error: ConnectorError) -> ConnectorError {
    error.message = format!("could not {what}: {}", error.message);
    error
}

/// `error` without the registration's secret, which the notification URL carries.
fn hide_secret(mut error: ConnectorError, context: &SubscribeContext) -> ConnectorError {
    if context.secret.is_empty() {
        return error;
    }
    error.message = error.message.replace(&context.secret, "[redacted]");
    if let Ok(details) = serde_json::from_str(&error.details.to_string().replace(&context.secret, "[redacted]")) {
        error.details = details;
    }
    error
}
