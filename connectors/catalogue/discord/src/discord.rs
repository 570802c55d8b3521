// The Gateway client (documented in the module itself): the WebSocket that receives the
// dispatches behind the message, reaction and member triggers.
pub mod gateway;

use fluxturn_core::http::path_segment;
use fluxturn_core::prelude::*;
use fluxturn_core::{FromContext, HttpConfig};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// Send messages, manage channels, members and roles on Discord, and react to server events
#[connector(
    name = "discord",
    display_name = "Discord",
    category = "communication",
    base_url = "https://discord.com/api/v10",
    rate_limit(requests_per_second = 50),
    icon = "icons/discord.svg",
    auth = [
        api_key(header = "Authorization", prefix = "Bot ", field = "botToken"),
        api_key(header = "Authorization", prefix = "Bot ", field = "botTokenOAuth"),
        // No `pkce`: Discord's OAuth2 documentation does not describe PKCE.
        oauth2(
            authorization_url = "https://discord.com/oauth2/authorize",
            token_url = "https://discord.com/api/oauth2/token",
            scopes = ["identify", "guilds", "guilds.join", "bot"],
        ),
        api_key(url, field = "webhookUrl"),
    ],
    credentials = DiscordCredentials,
    webhook_support = true,
)]
pub struct Discord {
    http: Http,
    webhook: WebhookClient,
    credentials: DiscordCredentials,
}

/// How the connection authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum DiscordAuthType {
    /// Bot token
    #[serde(rename = "bot")]
    Bot,
    /// OAuth2
    #[serde(rename = "oauth2")]
    OAuth2,
    /// Webhook URL only
    #[serde(rename = "webhook")]
    Webhook,
}

/// What the user enters in the "Add Discord" form. Which fields apply depends on `authType`.
#[derive(Credentials)]
pub struct DiscordCredentials {
    /// Bot token for the full API, OAuth2 for user authorization, or a webhook URL to only post messages
    #[field(label = "Authentication", default = "bot")]
    pub auth_type: DiscordAuthType,
    /// The token of your application's bot (Developer Portal > Applications > Bot)
    #[field(
        label = "Bot Token",
        secret,
        required,
        help_url = "https://discord.com/developers/applications",
        show(authType = ["bot"])
    )]
    pub bot_token: Option<Secret<String>>,
    /// The OAuth2 client id of your Discord application
    #[field(label = "Client ID", show(authType = ["oauth2"]))]
    pub client_id: Option<String>,
    /// The OAuth2 client secret of your Discord application
    #[field(label = "Client Secret", secret, show(authType = ["oauth2"]))]
    pub client_secret: Option<Secret<String>>,
    /// The bot token, for the bot actions (channels, messages, roles) of an OAuth2 connection
    #[field(key = "botTokenOAuth", label = "Bot Token (for bot actions)", secret, show(authType = ["oauth2"]))]
    pub bot_token_oauth: Option<Secret<String>>,
    /// A channel webhook URL (Channel settings > Integrations > Webhooks); it carries its own token
    #[field(
        label = "Webhook URL",
        secret,
        required,
        placeholder = "https://discord.com/api/webhooks/...",
        show(authType = ["webhook"])
    )]
    pub webhook_url: Option<Secret<String>>,
    /// The Public Key of your Discord application (Developer Portal > General Information):
    /// Discord signs every request to the application's Interactions Endpoint URL with it
    #[field(
        label = "Application Public Key",
        placeholder = "64 hexadecimal digits",
        help_url = "https://discord.com/developers/applications",
        show(authType = ["bot", "oauth2"])
    )]
    pub public_key: Option<String>,
}

/// A client without the bot's credentials, for calls to a webhook URL (which carries its own
/// token): the bot token never goes to a webhook endpoint.
struct WebhookClient(Http);

impl FromContext for WebhookClient {
    fn from_context(ctx: &ConnectContext) -> Result<Self> {
        let config = HttpConfig { auth: None, ..ctx.http_config()? };
        Http::new(config).map(Self)
    }
}

/// The kind of channel to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum ChannelType {
    /// Text channel
    #[default]
    Text,
    /// Voice channel
    Voice,
    /// Category
    Category,
    /// Announcement channel
    Announcement,
    /// Stage channel
    Stage,
    /// Forum channel
    Forum,
}

impl ChannelType {
    /// Every channel type with Discord's number and a label.
    const ALL: [(ChannelType, u8, &'static str); 6] = [
        (Self::Text, 0, "Text channel"),
        (Self::Voice, 2, "Voice channel"),
        (Self::Category, 4, "Category"),
        (Self::Announcement, 5, "Announcement channel"),
        (Self::Stage, 13, "Stage channel"),
        (Self::Forum, 15, "Forum channel"),
    ];
}

impl From<ChannelType> for u8 {
    fn from(kind: ChannelType) -> u8 {
        ChannelType::ALL.iter().find(|(k, _, _)| *k == kind).map_or(0, |(_, n, _)| *n)
    }
}

impl TryFrom<u8> for ChannelType {
    type Error = String;

    fn try_from(number: u8) -> std::result::Result<Self, String> {
        ChannelType::ALL
            .iter()
            .find(|(_, n, _)| *n == number)
            .map(|(k, _, _)| *k)
            .ok_or_else(|| format!("unsupported channel type {number}; expected one of 0, 2, 4, 5, 13, 15"))
    }
}

impl JsonSchema for ChannelType {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ChannelType".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let options: Vec<schemars::Schema> =
            Self::ALL.iter().map(|(_, n, label)| schemars::json_schema!({ "const": n, "title": label })).collect();
        schemars::json_schema!({ "oneOf": options })
    }
}

/// The input of `channel_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateChannel {
    /// The server (guild) to create the channel in
    #[field(label = "Server ID", placeholder = "123456789012345678")]
    pub guild_id: String,
    /// The channel name (1-100 characters)
    #[field(label = "Name", placeholder = "general", min_length = 1, max_length = 100)]
    pub name: String,
    /// The kind of channel
    #[serde(rename = "type")]
    #[field(label = "Channel Type", default = 0)]
    pub channel_type: ChannelType,
    /// The channel topic (0-1024 characters)
    #[field(label = "Topic", max_length = 1024)]
    pub topic: Option<String>,
    /// The category to put the channel in
    #[serde(rename = "parent_id")]
    #[field(label = "Parent Category ID")]
    pub parent_id: Option<String>,
    /// Whether the channel is age-restricted
    #[field(label = "NSFW", default = false)]
    pub nsfw: Option<bool>,
    /// Sorting position of the channel
    #[field(label = "Position", min = 0)]
    pub position: Option<u32>,
}

/// The input of `channel_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChannelRef {
    /// The channel to delete
    #[field(label = "Channel ID")]
    pub channel_id: String,
}

/// The author line of an embed.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct EmbedAuthor {
    /// Author name
    pub name: String,
    /// Link on the author name
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Small image next to the name
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
}

/// The footer of an embed.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct EmbedFooter {
    /// Footer text
    pub text: String,
    /// Small image next to the text
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
}

/// An image of an embed.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct EmbedImage {
    /// Image URL
    pub url: String,
}

/// A name/value field of an embed.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct EmbedField {
    /// Field name
    pub name: String,
    /// Field value
    pub value: String,
    /// Whether the field sits inline with its neighbours
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inline: Option<bool>,
}

/// A rich embed attached to a message.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Embed {
    /// Title
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Description (Markdown)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Link on the title
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Colour of the side bar, as an integer (0xRRGGBB)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<u32>,
    /// ISO 8601 timestamp shown in the footer
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Author line
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<EmbedAuthor>,
    /// Footer
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer: Option<EmbedFooter>,
    /// Large image
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<EmbedImage>,
    /// Thumbnail
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<EmbedImage>,
    /// Name/value fields
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<EmbedField>>,
}

/// The input of `message_send`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendMessage {
    /// The channel to post in
    #[field(label = "Channel ID")]
    pub channel_id: String,
    /// The message text (up to 2000 characters); give it or at least one embed
    #[field(label = "Content", input_type = "textarea", max_length = 2000)]
    pub content: Option<String>,
    /// Rich embeds (up to 10)
    #[field(label = "Embeds")]
    pub embeds: Option<Vec<Embed>>,
    /// Read the message aloud (text-to-speech)
    #[field(label = "Text to Speech", default = false)]
    pub tts: Option<bool>,
    /// The id of a message in the same channel to reply to
    #[serde(rename = "reply_to")]
    #[field(label = "Reply To Message ID")]
    pub reply_to: Option<String>,
}

/// The input of `message_edit`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EditMessage {
    /// The channel of the message
    #[field(label = "Channel ID")]
    pub channel_id: String,
    /// The message to edit
    #[field(label = "Message ID")]
    pub message_id: String,
    /// The new text (up to 2000 characters)
    #[field(label = "Content", input_type = "textarea", max_length = 2000)]
    pub content: Option<String>,
}

/// The input of `message_delete`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessageRef {
    /// The channel of the message
    #[field(label = "Channel ID")]
    pub channel_id: String,
    /// The message
    #[field(label = "Message ID")]
    pub message_id: String,
}

/// The input of `message_react`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct React {
    /// The channel of the message
    #[field(label = "Channel ID")]
    pub channel_id: String,
    /// The message to react to
    #[field(label = "Message ID")]
    pub message_id: String,
    /// A Unicode emoji, or `name:id` for a custom emoji of the server
    #[field(label = "Emoji", placeholder = "👍")]
    pub emoji: String,
}

/// The input of `member_get_all`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListMembers {
    /// The server (guild) whose members to list
    #[field(label = "Server ID")]
    pub guild_id: String,
    /// How many members to return (1-1000)
    #[serde(default = "default_member_limit")]
    #[field(label = "Limit", default = 100, min = 1, max = 1000)]
    pub limit: Option<u32>,
    /// Return members whose user id is greater than this one (for paging)
    #[field(label = "After User ID")]
    pub after: Option<String>,
}

fn default_member_limit() -> Option<u32> {
    Some(100)
}

/// The input of `member_role_add` and `member_role_remove`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberRole {
    /// The server (guild)
    #[field(label = "Server ID")]
    pub guild_id: String,
    /// The member's user id
    #[field(label = "User ID")]
    pub user_id: String,
    /// The role
    #[field(label = "Role ID")]
    pub role_id: String,
}

/// The input of `webhook_send`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct WebhookMessage {
    /// The message text (up to 2000 characters)
    #[field(label = "Content", input_type = "textarea", max_length = 2000)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Overrides the webhook's default name
    #[field(label = "Username")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Overrides the webhook's default avatar
    #[field(label = "Avatar URL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// Read the message aloud (text-to-speech)
    #[field(label = "Text to Speech", default = false)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tts: Option<bool>,
}

/// A Discord user.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct User {
    /// User id (snowflake)
    pub id: String,
    /// Unique username
    pub username: String,
    /// Display name, if set
    pub global_name: Option<String>,
    /// Whether the user is a bot
    #[serde(default)]
    pub bot: bool,
}

/// A channel.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Channel {
    /// Channel id
    pub id: String,
    /// Channel type number (0 text, 2 voice, 4 category, 5 announcement, 13 stage, 15 forum, ...)
    #[serde(rename = "type")]
    pub channel_type: u8,
    /// Server (guild) id
    pub guild_id: Option<String>,
    /// Name
    pub name: Option<String>,
    /// Topic
    pub topic: Option<String>,
    /// Parent category id
    pub parent_id: Option<String>,
    /// Sorting position
    pub position: Option<i64>,
    /// Whether the channel is age-restricted
    pub nsfw: Option<bool>,
}

/// A message.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Message {
    /// Message id
    pub id: String,
    /// Channel id
    pub channel_id: String,
    /// Server (guild) id, for messages in a server
    pub guild_id: Option<String>,
    /// Text
    #[serde(default)]
    pub content: String,
    /// Author
    pub author: Option<User>,
    /// When it was sent (ISO 8601)
    pub timestamp: Option<String>,
    /// When it was last edited (ISO 8601)
    pub edited_timestamp: Option<String>,
    /// The webhook that sent it, if a webhook did
    pub webhook_id: Option<String>,
}

/// A member of a server.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Member {
    /// The user
    pub user: Option<User>,
    /// Server nickname
    pub nick: Option<String>,
    /// Role ids
    #[serde(default)]
    pub roles: Vec<String>,
    /// When the user joined (ISO 8601)
    pub joined_at: Option<String>,
}

/// The answer of an action Discord confirms without a body.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Done {
    /// Always true: Discord accepted the request
    pub success: bool,
}

/// Who may have written a message, for the `new_message` trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuthorFilter {
    /// Everyone
    #[default]
    All,
    /// People only
    Users,
    /// Bots and webhooks only
    Bots,
}

/// Configuration of the `new_message` trigger.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct MessageFilter {
    /// Only messages of this server
    #[field(label = "Server ID")]
    pub guild_id: Option<String>,
    /// Only messages of this channel
    #[field(label = "Channel ID")]
    pub channel_id: Option<String>,
    /// Only messages containing this text (case-insensitive)
    #[field(label = "Content Contains")]
    pub content_filter: Option<String>,
    /// Only messages from people, or only from bots
    #[serde(default)]
    #[field(label = "Author", default = "all")]
    pub author_filter: AuthorFilter,
}

/// Configuration of the `reaction_added` trigger.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ReactionFilter {
    /// Only reactions in this server
    #[field(label = "Server ID")]
    pub guild_id: Option<String>,
    /// Only reactions in this channel
    #[field(label = "Channel ID")]
    pub channel_id: Option<String>,
    /// Only this emoji: a Unicode emoji, a custom emoji's name, `name:id` or id
    #[field(label = "Emoji")]
    pub emoji_filter: Option<String>,
}

/// Configuration of the `member_joined` and `member_left` triggers.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GuildFilter {
    /// The server to watch
    #[field(label = "Server ID")]
    pub guild_id: String,
}

/// An emoji of a reaction.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Emoji {
    /// Custom emoji id (none for Unicode emoji)
    pub id: Option<String>,
    /// Emoji name, or the Unicode emoji itself
    pub name: Option<String>,
}

/// A reaction added to a message.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Reaction {
    /// Who reacted
    pub user_id: String,
    /// Channel of the message
    pub channel_id: String,
    /// The message reacted to
    pub message_id: String,
    /// Server (guild) id
    pub guild_id: Option<String>,
    /// The emoji
    pub emoji: Emoji,
}

/// A member who joined a server.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct MemberJoined {
    /// Server (guild) id
    pub guild_id: String,
    /// The user
    pub user: User,
    /// Server nickname
    pub nick: Option<String>,
    /// Role ids
    #[serde(default)]
    pub roles: Vec<String>,
    /// When the user joined (ISO 8601)
    pub joined_at: Option<String>,
}

/// A member who left (or was removed from) a server.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct MemberLeft {
    /// Server (guild) id
    pub guild_id: String,
    /// The user
    pub user: User,
}

/// Which interactions the `interaction_received` trigger reacts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    /// Every interaction
    #[default]
    All,
    /// Slash commands and context menu commands
    Command,
    /// Buttons and select menus
    Component,
    /// Submitted modals
    ModalSubmit,
}

/// Configuration of the `interaction_received` trigger.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct InteractionFilter {
    /// Only interactions of this kind
    #[serde(default)]
    #[field(label = "Interaction Type", default = "all")]
    pub interaction_type: InteractionKind,
    /// Only this command (its name, without the slash)
    #[field(label = "Command Name", placeholder = "order")]
    pub command_name: Option<String>,
    /// Answer the user with this message at once; when empty Discord shows "thinking..." (or, for
    /// a button, nothing) until the workflow follows up with the interaction's token
    #[field(label = "Reply Message", input_type = "textarea")]
    pub reply_message: Option<String>,
}

/// An interaction with the application: a slash command, a button or select menu, a modal.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Interaction {
    /// Interaction id
    pub id: String,
    /// The application's id
    pub application_id: String,
    /// 2 command, 3 button or select menu, 5 modal submit
    #[serde(rename = "type")]
    pub interaction_type: u8,
    /// Token to answer or follow up the interaction with, valid for 15 minutes
    pub token: String,
    /// Server (guild) id, when it happened in a server
    pub guild_id: Option<String>,
    /// Channel id
    pub channel_id: Option<String>,
    /// Who interacted
    pub user: Option<User>,
    /// The command's name, for commands
    pub command_name: Option<String>,
    /// The component's or modal's custom id
    pub custom_id: Option<String>,
    /// The interaction's data as Discord sent it (options, values, components)
    pub data: Option<serde_json::Value>,
}

/// An interaction as Discord posts it to the Interactions Endpoint URL.
#[derive(Deserialize)]
struct InteractionRequest {
    #[serde(rename = "type")]
    kind: u8,
    #[serde(default)]
    id: String,
    #[serde(default)]
    application_id: String,
    #[serde(default)]
    token: String,
    guild_id: Option<String>,
    channel_id: Option<String>,
    /// The member who interacted, in a server.
    member: Option<Member>,
    /// The user who interacted, in a direct message.
    user: Option<User>,
    data: Option<serde_json::Value>,
}

/// Discord's interaction types (`type` of the request).
mod interaction_type {
    pub const PING: u8 = 1;
    pub const APPLICATION_COMMAND: u8 = 2;
    pub const MESSAGE_COMPONENT: u8 = 3;
    pub const AUTOCOMPLETE: u8 = 4;
    pub const MODAL_SUBMIT: u8 = 5;
}

/// Discord's interaction callback types (`type` of the answer).
mod callback_type {
    pub const PONG: u8 = 1;
    pub const CHANNEL_MESSAGE_WITH_SOURCE: u8 = 4;
    pub const DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: u8 = 5;
    pub const DEFERRED_UPDATE_MESSAGE: u8 = 6;
    pub const AUTOCOMPLETE_RESULT: u8 = 8;
}

impl InteractionRequest {
    /// The event, without the member wrapper.
    fn into_event(self) -> Interaction {
        let text = |key: &str| self.data.as_ref().and_then(|d| d[key].as_str()).map(str::to_owned);
        let (command_name, custom_id) = (text("name"), text("custom_id"));
        Interaction {
            id: self.id,
            application_id: self.application_id,
            interaction_type: self.kind,
            token: self.token,
            guild_id: self.guild_id,
            channel_id: self.channel_id,
            user: self.member.and_then(|m| m.user).or(self.user),
            command_name,
            custom_id,
            data: self.data,
        }
    }

    /// Whether the trigger's filter lets this interaction through.
    fn wanted(&self, filter: &InteractionFilter) -> bool {
        let kind_ok = match filter.interaction_type {
            InteractionKind::All => true,
            InteractionKind::Command => self.kind == interaction_type::APPLICATION_COMMAND,
            InteractionKind::Component => self.kind == interaction_type::MESSAGE_COMPONENT,
            InteractionKind::ModalSubmit => self.kind == interaction_type::MODAL_SUBMIT,
        };
        let name = self.data.as_ref().and_then(|d| d["name"].as_str());
        let name_ok = match filter.command_name.as_deref().map(|n| n.trim().trim_start_matches('/')) {
            Some(wanted) if !wanted.is_empty() => name == Some(wanted),
            _ => true,
        };
        kind_ok && name_ok
    }
}

/// The answer Discord needs within 3 seconds: the reply message, or a deferral (a button's
/// deferral changes nothing; a command's shows "thinking..." until the workflow follows up).
fn interaction_answer(kind: u8, reply: Option<&str>) -> WebhookResponse {
    let answer = match reply.map(str::trim).filter(|r| !r.is_empty()) {
        Some(content) => {
            serde_json::json!({"type": callback_type::CHANNEL_MESSAGE_WITH_SOURCE, "data": {"content": content}})
        }
        None if kind == interaction_type::MESSAGE_COMPONENT => {
            serde_json::json!({"type": callback_type::DEFERRED_UPDATE_MESSAGE})
        }
        None => serde_json::json!({"type": callback_type::DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE}),
    };
    WebhookResponse::json(&answer)
}

/// What Discord's API receives for a new message.
#[derive(Serialize)]
struct MessageBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    embeds: Option<&'a [Embed]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tts: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_reference: Option<BTreeMap<&'static str, &'a str>>,
}

/// The name of a Gateway dispatch (`{"op": 0, "t": "MESSAGE_CREATE", "d": {...}}`).
#[derive(Deserialize)]
struct DispatchName {
    t: Option<String>,
}

/// The data of a Gateway dispatch.
#[derive(Deserialize)]
struct Dispatch<T> {
    d: T,
}

/// The data of the Gateway event `event` in a forwarded dispatch, or `None` for another event.
fn dispatch<T: DeserializeOwned>(request: &WebhookRequest, event: &str) -> Result<Option<T>> {
    let name: DispatchName = request.json()?;
    if name.t.as_deref() != Some(event) {
        return Ok(None);
    }
    Ok(Some(request.json::<Dispatch<T>>()?.d))
}

/// Whether an optional filter is unset or equal to `value`.
fn matches(filter: &Option<String>, value: Option<&str>) -> bool {
    match filter.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        None => true,
        Some(wanted) => value == Some(wanted),
    }
}

fn non_empty(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| !t.trim().is_empty())
}

/// `GET /gateway/bot`: where to connect.
#[derive(Deserialize)]
struct GatewayBot {
    url: String,
}

impl Discord {
    /// The bot token the Gateway identifies with: a bot connection's, or the one an OAuth2
    /// connection keeps for bot actions.
    fn bot_token(&self) -> Result<&str> {
        let (token, field) = match self.credentials.auth_type {
            DiscordAuthType::Bot => (&self.credentials.bot_token, "botToken"),
            DiscordAuthType::OAuth2 => (&self.credentials.bot_token_oauth, "botTokenOAuth"),
            DiscordAuthType::Webhook => {
                return Err(ConnectorError::invalid_credentials(
                    "discord: message, reaction and member events come over the Gateway, which needs a bot token; a webhook-URL connection has none: connect with a bot token",
                ))
            }
        };
        token.as_ref().map(|t| t.expose().trim()).filter(|t| !t.is_empty()).ok_or_else(|| {
            ConnectorError::invalid_credentials(format!(
                "discord: the Gateway needs the credential field `{field}` (the bot token)"
            ))
        })
    }

    /// The webhook URL of the credentials, checked to look like one (never quoted: it is a secret).
    fn webhook_url(&self) -> Result<&str> {
        let url = self
            .credentials
            .webhook_url
            .as_ref()
            .map(|url| url.expose().trim())
            .filter(|url| !url.is_empty())
            .ok_or_else(|| {
                ConnectorError::invalid_credentials("discord: this action needs the credential field `webhookUrl`")
            })?;
        let http = url.starts_with("https://") || url.starts_with("http://");
        if !http || !url.contains("/webhooks/") {
            return Err(ConnectorError::invalid_credentials(
                "discord: `webhookUrl` is not a Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>)",
            ));
        }
        Ok(url)
    }
}

#[actions]
impl Discord {
    /// Create a channel in a server
    #[action(
        name = "Create Channel",
        category = "Channels",
        icon = "plus",
        http(method = "POST", endpoint = "/guilds/{guildId}/channels")
    )]
    async fn channel_create(&self, input: CreateChannel) -> Result<Channel>;

    /// Delete a channel (or close a direct message)
    #[action(
        name = "Delete Channel",
        category = "Channels",
        icon = "trash",
        http(method = "DELETE", endpoint = "/channels/{channelId}")
    )]
    async fn channel_delete(&self, input: ChannelRef) -> Result<Channel>;

    /// Post a message to a channel, optionally with embeds or as a reply
    #[action(
        name = "Send Message",
        aliases = ["send_message"],
        category = "Messages",
        icon = "send",
        http(method = "POST", endpoint = "/channels/{channelId}/messages")
    )]
    async fn message_send(&self, input: SendMessage) -> Result<Message> {
        let embeds = input.embeds.as_deref().filter(|e| !e.is_empty());
        if !non_empty(&input.content) && embeds.is_none() {
            return Err(ConnectorError::invalid_input("give the message a `content` or at least one embed"));
        }
        let body = MessageBody {
            content: input.content.as_deref(),
            embeds,
            tts: input.tts,
            message_reference: input.reply_to.as_deref().map(|id| BTreeMap::from([("message_id", id)])),
        };
        self.http.post(&format!("/channels/{}/messages", path_segment(&input.channel_id))).json(&body).send_json().await
    }

    /// Change the text of a message the bot sent
    #[action(
        name = "Edit Message",
        category = "Messages",
        icon = "edit",
        http(method = "PATCH", endpoint = "/channels/{channelId}/messages/{messageId}")
    )]
    async fn message_edit(&self, input: EditMessage) -> Result<Message>;

    /// Delete a message
    #[action(
        name = "Delete Message",
        category = "Messages",
        icon = "trash",
        http(method = "DELETE", endpoint = "/channels/{channelId}/messages/{messageId}")
    )]
    async fn message_delete(&self, input: MessageRef) -> Result<Done> {
        let path =
            format!("/channels/{}/messages/{}", path_segment(&input.channel_id), path_segment(&input.message_id));
        self.http.delete(&path).send().await?;
        Ok(Done { success: true })
    }

    /// React to a message with an emoji, as the bot
    #[action(
        name = "Add Reaction",
        category = "Messages",
        icon = "smile",
        http(method = "PUT", endpoint = "/channels/{channelId}/messages/{messageId}/reactions/{emoji}/@me")
    )]
    async fn message_react(&self, input: React) -> Result<Done> {
        let path = format!(
            "/channels/{}/messages/{}/reactions/{}/@me",
            path_segment(&input.channel_id),
            path_segment(&input.message_id),
            path_segment(input.emoji.trim())
        );
        self.http.put(&path).send().await?;
        Ok(Done { success: true })
    }

    /// List the members of a server (needs the Server Members intent)
    #[action(
        name = "List Members",
        category = "Members",
        icon = "users",
        idempotent,
        http(method = "GET", endpoint = "/guilds/{guildId}/members")
    )]
    async fn member_get_all(&self, input: ListMembers) -> Result<Vec<Member>>;

    /// Give a member a role
    #[action(
        name = "Add Role",
        category = "Members",
        icon = "user-plus",
        http(method = "PUT", endpoint = "/guilds/{guildId}/members/{userId}/roles/{roleId}")
    )]
    async fn member_role_add(&self, input: MemberRole) -> Result<Done> {
        let path = format!(
            "/guilds/{}/members/{}/roles/{}",
            path_segment(&input.guild_id),
            path_segment(&input.user_id),
            path_segment(&input.role_id)
        );
        self.http.put(&path).send().await?;
        Ok(Done { success: true })
    }

    /// Take a role away from a member
    #[action(
        name = "Remove Role",
        category = "Members",
        icon = "user-minus",
        http(method = "DELETE", endpoint = "/guilds/{guildId}/members/{userId}/roles/{roleId}")
    )]
    async fn member_role_remove(&self, input: MemberRole) -> Result<Done> {
        let path = format!(
            "/guilds/{}/members/{}/roles/{}",
            path_segment(&input.guild_id),
            path_segment(&input.user_id),
            path_segment(&input.role_id)
        );
        self.http.delete(&path).send().await?;
        Ok(Done { success: true })
    }

    /// Post a message through the webhook URL of the credentials (no bot needed)
    #[action(name = "Send via Webhook", category = "Messages", icon = "send")]
    async fn webhook_send(&self, input: WebhookMessage) -> Result<Message> {
        if !non_empty(&input.content) {
            return Err(ConnectorError::invalid_input("give the webhook message a `content`"));
        }
        let url = self.webhook_url()?;
        self.webhook.0.post(url).query(&BTreeMap::from([("wait", true)])).json(&input).send_json().await
    }

    /// A message was posted
    #[trigger(event_type = "MESSAGE_CREATE", icon = "message", gateway = gateway, event_id = "/id")]
    async fn new_message(&self, config: MessageFilter, request: WebhookRequest) -> Result<Vec<Message>> {
        let Some(message) = dispatch::<Message>(&request, "MESSAGE_CREATE")? else {
            return Ok(vec![]);
        };
        let from_bot = message.webhook_id.is_some() || message.author.as_ref().is_some_and(|a| a.bot);
        let author_ok = match config.author_filter {
            AuthorFilter::All => true,
            AuthorFilter::Users => !from_bot,
            AuthorFilter::Bots => from_bot,
        };
        let content_ok = match config.content_filter.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
            None => true,
            Some(wanted) => message.content.to_lowercase().contains(&wanted.to_lowercase()),
        };
        let wanted = author_ok
            && content_ok
            && matches(&config.guild_id, message.guild_id.as_deref())
            && matches(&config.channel_id, Some(&message.channel_id));
        Ok(if wanted { vec![message] } else { vec![] })
    }

    /// Someone reacted to a message
    #[trigger(event_type = "MESSAGE_REACTION_ADD", icon = "smile", gateway = gateway)]
    async fn reaction_added(&self, config: ReactionFilter, request: WebhookRequest) -> Result<Vec<Reaction>> {
        let Some(reaction) = dispatch::<Reaction>(&request, "MESSAGE_REACTION_ADD")? else {
            return Ok(vec![]);
        };
        let emoji_ok = match config.emoji_filter.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
            None => true,
            Some(wanted) => {
                let (name, id) = (reaction.emoji.name.as_deref(), reaction.emoji.id.as_deref());
                let full = name.zip(id).map(|(n, i)| format!("{n}:{i}"));
                name == Some(wanted) || id == Some(wanted) || full.as_deref() == Some(wanted)
            }
        };
        let wanted = emoji_ok
            && matches(&config.guild_id, reaction.guild_id.as_deref())
            && matches(&config.channel_id, Some(&reaction.channel_id));
        Ok(if wanted { vec![reaction] } else { vec![] })
    }

    /// Someone joined a server (needs the Server Members intent)
    #[trigger(event_type = "GUILD_MEMBER_ADD", icon = "user-plus", gateway = gateway)]
    async fn member_joined(&self, config: GuildFilter, request: WebhookRequest) -> Result<Vec<MemberJoined>> {
        let member = dispatch::<MemberJoined>(&request, "GUILD_MEMBER_ADD")?;
        Ok(member.into_iter().filter(|m| m.guild_id == config.guild_id.trim()).collect())
    }

    /// Someone left or was removed from a server (needs the Server Members intent)
    #[trigger(event_type = "GUILD_MEMBER_REMOVE", icon = "user-minus", gateway = gateway)]
    async fn member_left(&self, config: GuildFilter, request: WebhookRequest) -> Result<Vec<MemberLeft>> {
        let member = dispatch::<MemberLeft>(&request, "GUILD_MEMBER_REMOVE")?;
        Ok(member.into_iter().filter(|m| m.guild_id == config.guild_id.trim()).collect())
    }

    /// Someone used a command of the application, pressed one of its buttons or submitted one of
    /// its modals (set the application's Interactions Endpoint URL to the webhook)
    #[trigger(
        event_type = "INTERACTION_CREATE",
        icon = "terminal",
        webhook,
        verify = "discord_ed25519",
        secret = "credentials.publicKey",
        event_id = "body:/id",
        endpoint = "connection"
    )]
    async fn interaction_received(
        &self,
        config: InteractionFilter,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Interaction>> {
        let interaction: InteractionRequest = request.json()?;
        let kind = interaction.kind;
        match kind {
            // Discord checks the endpoint (when it is saved, and now and then) with a signed PING.
            interaction_type::PING => {
                return Ok(WebhookReply::respond(WebhookResponse::json(
                    &serde_json::json!({"type": callback_type::PONG}),
                )))
            }
            // Suggestions while typing an option: none offered, and not an event.
            interaction_type::AUTOCOMPLETE => {
                let answer = serde_json::json!({"type": callback_type::AUTOCOMPLETE_RESULT, "data": {"choices": []}});
                return Ok(WebhookReply::respond(WebhookResponse::json(&answer)));
            }
            _ => {}
        }
        let answer = interaction_answer(kind, config.reply_message.as_deref());
        let events = if interaction.wanted(&config) { vec![interaction.into_event()] } else { vec![] };
        Ok(WebhookReply::events(events).with_response(answer))
    }

    /// Opens the Gateway for the message, reaction and member triggers: its URL from
    /// `GET /gateway/bot`, the intents the given triggers need, the bot token of the connection.
    async fn gateway(&self, triggers: &[&str]) -> Result<GatewayConnection> {
        let token = self.bot_token()?.to_owned();
        let bot: GatewayBot = self.http.get("/gateway/bot").send_json().await?;
        let intents = triggers.iter().fold(0, |all, trigger| all | gateway::intents_for(trigger));
        let (handle, events) = gateway::Gateway::spawn(gateway::GatewayConfig::new(bot.url, token, intents));
        Ok(gateway::connection(handle, events))
    }

    /// Checks the bot token (or OAuth2 token) with `GET /users/@me`; a webhook-only connection
    /// reads its webhook instead.
    #[test_connection]
    async fn me(&self) -> Result<()> {
        if self.credentials.auth_type == DiscordAuthType::Webhook {
            return self.webhook.0.get(self.webhook_url()?).send().await.map(drop);
        }
        self.http.get("/users/@me").send().await.map(drop)
    }
}
