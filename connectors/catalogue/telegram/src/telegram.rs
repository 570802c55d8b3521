//! Telegram, through the Bot API: the bot token lives in the URL path
//! (`https://api.telegram.org/bot<token>/<method>`), every method takes a JSON body and answers
//! `{"ok": true, "result": ...}`; updates reach the bot through a webhook set with `setWebhook`.

use fluxturn_core::prelude::*;
use fluxturn_core::NoInput;
use serde::de::DeserializeOwned;
use std::time::{Duration, UNIX_EPOCH};

/// Send messages and photos with a Telegram bot and react to what its chats receive
#[connector(
    name = "telegram",
    display_name = "Telegram",
    category = "communication",
    base_url = "https://api.telegram.org/bot{botToken}",
    rate_limit(requests_per_second = 30),
    icon = "icons/telegram.svg",
    auth = api_key(url, field = "botToken"),
    credentials = TelegramCredentials,
    webhook_support = true,
)]
pub struct Telegram {
    http: Http,
}

/// The bot's credentials.
#[derive(Credentials)]
pub struct TelegramCredentials {
    /// The token @BotFather handed out when the bot was created
    #[field(
        label = "Bot Token",
        placeholder = "123456789:AAE...",
        secret,
        help_url = "https://core.telegram.org/bots/features#botfather"
    )]
    pub bot_token: Secret<String>,
}

/// How Telegram should format the text of a message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ParseMode {
    /// Plain text
    #[default]
    #[serde(rename = "none")]
    Plain,
    /// Markdown
    Markdown,
    /// HTML
    #[serde(rename = "HTML")]
    Html,
}

/// How Telegram should format a photo caption (empty: plain text).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum CaptionParseMode {
    /// Plain text
    #[default]
    #[serde(rename = "")]
    Plain,
    /// Markdown
    Markdown,
    /// HTML
    #[serde(rename = "HTML")]
    Html,
}

/// The input of `send_message`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendMessage {
    /// A numeric chat id, or `@username` of a public channel or group
    #[field(label = "Chat ID", placeholder = "-1001234567890 or @mychannel")]
    #[serde(deserialize_with = "chat_id")]
    pub chat_id: String,
    /// The text to send (up to 4096 characters)
    #[field(label = "Text", input_type = "textarea", min_length = 1, max_length = 4096)]
    pub text: String,
    /// Formatting of the text
    #[field(label = "Parse Mode", default = "none")]
    #[serde(default)]
    pub parse_mode: ParseMode,
    /// Deliver the message without a notification sound
    #[field(label = "Send Silently", default = false)]
    #[serde(default)]
    pub disable_notification: bool,
}

/// The input of `send_photo`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendPhoto {
    /// A numeric chat id, or `@username` of a public channel or group
    #[field(label = "Chat ID", placeholder = "-1001234567890 or @mychannel")]
    #[serde(deserialize_with = "chat_id")]
    pub chat_id: String,
    /// An HTTP(S) URL Telegram downloads the photo from, or the file_id of a photo already on Telegram
    #[field(label = "Photo", placeholder = "https://example.com/picture.jpg")]
    pub photo: String,
    /// Text shown under the photo (up to 1024 characters)
    #[field(label = "Caption", input_type = "textarea", max_length = 1024)]
    pub caption: Option<String>,
    /// Formatting of the caption
    #[field(label = "Parse Mode", default = "")]
    #[serde(default)]
    pub parse_mode: CaptionParseMode,
}

/// A Telegram user or bot.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct User {
    /// Telegram's id of the user.
    pub id: i64,
    /// Whether this is a bot.
    #[serde(default)]
    pub is_bot: bool,
    /// First name.
    pub first_name: String,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Username, without the `@`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// IETF language tag of the user's client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
}

/// A chat: private, group, supergroup or channel.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct Chat {
    /// Telegram's id of the chat.
    pub id: i64,
    /// `private`, `group`, `supergroup` or `channel`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Title of a group, supergroup or channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Username of the chat, without the `@`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// First name of the other party of a private chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name of the other party of a private chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// One size of a photo.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct PhotoSize {
    /// Id to download or resend the file.
    pub file_id: String,
    /// Id that stays the same across bots.
    pub file_unique_id: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_size: Option<u64>,
}

/// A general file sent as a document.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct Document {
    /// Id to download or resend the file.
    pub file_id: String,
    /// Id that stays the same across bots.
    pub file_unique_id: String,
    /// Original file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// MIME type given by the sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_size: Option<u64>,
}

/// A message, with the fields workflows use most.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct Message {
    /// Id of the message inside its chat.
    pub message_id: i64,
    /// Unix time it was sent.
    pub date: i64,
    /// The chat it belongs to.
    pub chat: Chat,
    /// The sender (absent for channel posts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<User>,
    /// The text of a text message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The caption of a photo or document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// The sizes of a photo, smallest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<Vec<PhotoSize>>,
    /// A document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    /// Members who joined or were added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_chat_members: Option<Vec<User>>,
    /// A member who left or was removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_chat_member: Option<User>,
    /// Commands, mentions, links... in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<MessageEntity>>,
}

/// A special part of a message's text: a command, a mention, a link...
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct MessageEntity {
    /// `bot_command`, `mention`, `url`, `text_link`, `bold`...
    #[serde(rename = "type")]
    pub kind: String,
    /// Where it starts, in UTF-16 code units.
    pub offset: u32,
    /// Its length, in UTF-16 code units.
    pub length: u32,
    /// The URL of a `text_link`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A press on an inline keyboard button.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct CallbackQuery {
    /// Id to answer the query with (`answerCallbackQuery`).
    pub id: String,
    /// Who pressed the button.
    pub from: User,
    /// The message the button belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Message>,
    /// Id of the inline message the button belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_message_id: Option<String>,
    /// Identifies the chat the message was sent to.
    #[serde(default)]
    pub chat_instance: String,
    /// The button's callback data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

/// What messages `new_message` reacts to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MessageType {
    /// Every message
    #[default]
    All,
    /// Text messages
    Text,
    /// Photos
    Photo,
    /// Documents
    Document,
}

/// What chats `new_message` listens to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChatType {
    /// Every chat
    #[default]
    All,
    /// Private chats
    Private,
    /// Groups
    Group,
    /// Supergroups
    Supergroup,
    /// Channels
    Channel,
}

/// Configuration of `new_message`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewMessageConfig {
    /// Only messages of this kind
    #[field(label = "Message Type", default = "all")]
    #[serde(default)]
    pub message_type: MessageType,
    /// Only messages from chats of this kind
    #[field(label = "Chat Type", default = "all")]
    #[serde(default)]
    pub chat_type: ChatType,
    /// No longer needed (kept so saved workflows still load): FluxTurn makes the webhook's secret
    /// token when it registers the webhook, and refuses every update that does not carry it
    #[field(label = "Webhook Secret Token")]
    pub webhook_token: Option<String>,
}

/// Configuration of `new_command`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewCommandConfig {
    /// The command to react to, with or without the leading slash
    #[field(label = "Command", placeholder = "/start")]
    pub command: String,
    /// Pass on the text after the command as `args`
    #[field(label = "Include Arguments", default = true)]
    #[serde(default = "yes")]
    pub include_args: bool,
}

/// Configuration of `callback_query`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CallbackQueryConfig {
    /// Only button presses whose callback data starts with this
    #[field(label = "Data Prefix", placeholder = "order:")]
    pub data_prefix: Option<String>,
}

/// A new message delivered to the bot: in FluxTurn's shape under `telegramEvent` (what its
/// workflows read, `telegramEvent.message.text`), and as Telegram sent it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MessageEvent {
    /// The message as FluxTurn's Telegram trigger gives it.
    #[serde(rename = "telegramEvent")]
    pub telegram_event: TelegramEvent,
    /// Id of the update that carried it.
    pub update_id: i64,
    /// The message, as Telegram sent it.
    pub message: Message,
}

/// FluxTurn's `telegramEvent`: the update, with camelCase names.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TelegramEvent {
    /// The kind of update: `message` or `channel_post`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The message.
    pub message: EventMessage,
    /// Id of the update from Telegram.
    pub update_id: i64,
    /// When the message was sent, ISO 8601 in UTC with milliseconds.
    pub timestamp: String,
}

/// A message in FluxTurn's `telegramEvent` (camelCase names; photo sizes and entities as Telegram sends them).
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventMessage {
    /// Unique message id inside its chat.
    pub message_id: i64,
    /// Unix time it was sent.
    pub date: i64,
    /// The chat.
    pub chat: EventChat,
    /// The sender (absent for channel posts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<EventUser>,
    /// The text of a text message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The caption of a photo or document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// The sizes of a photo, smallest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo: Option<Vec<PhotoSize>>,
    /// A document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    /// Commands, mentions, links... in the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<MessageEntity>>,
}

/// A chat in FluxTurn's `telegramEvent`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventChat {
    /// Chat id.
    pub id: i64,
    /// `private`, `group`, `supergroup` or `channel`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Title of a group, supergroup or channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Username of the chat, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// First name of the other party of a private chat.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name of the other party of a private chat.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// A user in FluxTurn's `telegramEvent`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventUser {
    /// User id.
    pub id: i64,
    /// Whether the user is a bot.
    pub is_bot: bool,
    /// First name.
    pub first_name: String,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Username, without the `@`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

impl From<&Chat> for EventChat {
    fn from(chat: &Chat) -> Self {
        Self {
            id: chat.id,
            kind: chat.kind.clone(),
            title: chat.title.clone(),
            username: chat.username.clone(),
            first_name: chat.first_name.clone(),
            last_name: chat.last_name.clone(),
        }
    }
}

impl From<&User> for EventUser {
    fn from(user: &User) -> Self {
        Self {
            id: user.id,
            is_bot: user.is_bot,
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            username: user.username.clone(),
        }
    }
}

impl MessageEvent {
    /// The event of `message`, carried by update `update_id` as its `kind` (`message` or `channel_post`).
    fn new(update_id: i64, kind: &str, message: Message) -> Self {
        let event_message = EventMessage {
            message_id: message.message_id,
            date: message.date,
            chat: EventChat::from(&message.chat),
            from: message.from.as_ref().map(EventUser::from),
            text: message.text.clone(),
            caption: message.caption.clone(),
            photo: message.photo.clone(),
            document: message.document.clone(),
            entities: message.entities.clone(),
        };
        let telegram_event = TelegramEvent {
            kind: kind.to_owned(),
            message: event_message,
            update_id,
            timestamp: iso_timestamp(message.date),
        };
        Self { telegram_event, update_id, message }
    }
}

/// Unix seconds as JavaScript's `toISOString` writes them (`2023-11-14T22:13:20.000Z`).
fn iso_timestamp(unix_secs: i64) -> String {
    let at = UNIX_EPOCH + Duration::from_secs(u64::try_from(unix_secs).unwrap_or(0));
    humantime::format_rfc3339_millis(at).to_string()
}

/// A bot command sent to the bot.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CommandEvent {
    /// Id of the update that carried it.
    pub update_id: i64,
    /// The command, without the slash and bot name (`start`).
    pub command: String,
    /// The text after the command, when asked for and present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<String>,
    /// The message holding the command.
    pub message: Message,
}

/// A press on an inline keyboard button.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CallbackEvent {
    /// Id of the update that carried it.
    pub update_id: i64,
    /// The callback query.
    pub callback_query: CallbackQuery,
}

/// A member joining or leaving a chat.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MemberEvent {
    /// Id of the update that carried it.
    pub update_id: i64,
    /// The chat.
    pub chat: Chat,
    /// The member who joined or left.
    pub member: User,
    /// Who added or removed the member (the member themself when they joined or left alone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<User>,
    /// Unix time of the service message.
    pub date: i64,
}

/// An update as Telegram posts it to the webhook (the kinds the triggers read).
#[derive(Debug, Deserialize)]
struct Update {
    update_id: i64,
    #[serde(default)]
    message: Option<Message>,
    #[serde(default)]
    channel_post: Option<Message>,
    #[serde(default)]
    callback_query: Option<CallbackQuery>,
}

/// Every Bot API answer: `{"ok": true, "result": ...}` or `{"ok": false, "description": ...}`.
#[derive(Debug, Deserialize)]
struct Envelope<T> {
    ok: bool,
    result: Option<T>,
    #[serde(default)]
    description: Option<String>,
}

/// A `sendMessage` body.
#[derive(Debug, Serialize)]
struct SendMessageBody<'a> {
    chat_id: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parse_mode: Option<&'static str>,
    disable_notification: bool,
}

/// A `sendPhoto` body.
#[derive(Debug, Serialize)]
struct SendPhotoBody<'a> {
    chat_id: &'a str,
    photo: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    caption: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parse_mode: Option<&'static str>,
}

#[actions(webhooks(
    verify = "telegram",
    secret = "generated",
    event_id = "body:/update_id",
    endpoint = "connection",
    subscribe = set_bot_webhook,
    unsubscribe = delete_webhook
))]
impl Telegram {
    /// Send a text message to a chat
    #[action(
        category = "Messages",
        icon = "send",
        http(
            method = "POST",
            endpoint = "/sendMessage",
            param_mapping(chatId = "chat_id", parseMode = "parse_mode", disableNotification = "disable_notification")
        )
    )]
    async fn send_message(&self, input: SendMessage) -> Result<Message> {
        let parse_mode = match input.parse_mode {
            ParseMode::Plain => None,
            ParseMode::Markdown => Some("Markdown"),
            ParseMode::Html => Some("HTML"),
        };
        let body = SendMessageBody {
            chat_id: &input.chat_id,
            text: &input.text,
            parse_mode,
            disable_notification: input.disable_notification,
        };
        self.call("/sendMessage", &body).await
    }

    /// Send a photo, by URL or file_id, to a chat
    #[action(
        category = "Messages",
        icon = "image",
        http(method = "POST", endpoint = "/sendPhoto", param_mapping(chatId = "chat_id", parseMode = "parse_mode"))
    )]
    async fn send_photo(&self, input: SendPhoto) -> Result<Message> {
        let parse_mode = match input.parse_mode {
            CaptionParseMode::Plain => None,
            CaptionParseMode::Markdown => Some("Markdown"),
            CaptionParseMode::Html => Some("HTML"),
        };
        let body = SendPhotoBody {
            chat_id: &input.chat_id,
            photo: &input.photo,
            caption: input.caption.as_deref().filter(|c| !c.is_empty()),
            parse_mode,
        };
        self.call("/sendPhoto", &body).await
    }

    /// A message reached the bot (private chats, groups the bot reads, channel posts)
    #[trigger(event_type = "message", icon = "message-circle", webhook)]
    async fn new_message(&self, config: NewMessageConfig, request: WebhookRequest) -> Result<Vec<MessageEvent>> {
        let update: Update = request.json()?;
        let (kind, message) = match (update.message, update.channel_post) {
            (Some(message), _) => ("message", message),
            (None, Some(post)) => ("channel_post", post),
            (None, None) => return Ok(vec![]),
        };
        let type_matches = match config.message_type {
            MessageType::All => true,
            MessageType::Text => message.text.is_some(),
            MessageType::Photo => message.photo.is_some(),
            MessageType::Document => message.document.is_some(),
        };
        let chat_matches = match config.chat_type {
            ChatType::All => true,
            ChatType::Private => message.chat.kind == "private",
            ChatType::Group => message.chat.kind == "group",
            ChatType::Supergroup => message.chat.kind == "supergroup",
            ChatType::Channel => message.chat.kind == "channel",
        };
        Ok(if type_matches && chat_matches { vec![MessageEvent::new(update.update_id, kind, message)] } else { vec![] })
    }

    /// Someone sent the bot a command such as /start
    #[trigger(event_type = "command", icon = "terminal", webhook)]
    async fn new_command(&self, config: NewCommandConfig, request: WebhookRequest) -> Result<Vec<CommandEvent>> {
        let update: Update = request.json()?;
        let Some(message) = update.message.or(update.channel_post) else {
            return Ok(vec![]);
        };
        let Some(text) = message.text.as_deref().and_then(|t| t.strip_prefix('/')) else {
            return Ok(vec![]);
        };
        let (head, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        // `/start@my_bot` in groups names the bot the command is meant for.
        let command = head.split('@').next().unwrap_or(head);
        let wanted = config.command.trim().trim_start_matches('/');
        if command.is_empty() || !command.eq_ignore_ascii_case(wanted) {
            return Ok(vec![]);
        }
        let args = Some(rest.trim()).filter(|a| config.include_args && !a.is_empty()).map(str::to_owned);
        let command = command.to_owned();
        Ok(vec![CommandEvent { update_id: update.update_id, command, args, message }])
    }

    /// Someone pressed an inline keyboard button of the bot
    #[trigger(event_type = "callback_query", icon = "mouse-pointer", webhook)]
    async fn callback_query(&self, config: CallbackQueryConfig, request: WebhookRequest) -> Result<Vec<CallbackEvent>> {
        let update: Update = request.json()?;
        let Some(callback_query) = update.callback_query else {
            return Ok(vec![]);
        };
        let prefix = config.data_prefix.unwrap_or_default();
        let matches = callback_query.data.as_deref().unwrap_or("").starts_with(&prefix);
        Ok(if matches { vec![CallbackEvent { update_id: update.update_id, callback_query }] } else { vec![] })
    }

    /// Someone joined, or was added to, a chat the bot is in
    #[trigger(event_type = "chat_member.joined", icon = "user-plus", webhook)]
    async fn new_chat_member(&self, _config: NoInput, request: WebhookRequest) -> Result<Vec<MemberEvent>> {
        let update: Update = request.json()?;
        let Some(message) = update.message else {
            return Ok(vec![]);
        };
        let members = message.new_chat_members.unwrap_or_default();
        Ok(members
            .into_iter()
            .map(|member| MemberEvent {
                update_id: update.update_id,
                chat: message.chat.clone(),
                member,
                by: message.from.clone(),
                date: message.date,
            })
            .collect())
    }

    /// Someone left, or was removed from, a chat the bot is in
    #[trigger(event_type = "chat_member.left", icon = "user-minus", webhook)]
    async fn chat_member_left(&self, _config: NoInput, request: WebhookRequest) -> Result<Vec<MemberEvent>> {
        let update: Update = request.json()?;
        let Some(message) = update.message else {
            return Ok(vec![]);
        };
        Ok(message
            .left_chat_member
            .map(|member| MemberEvent {
                update_id: update.update_id,
                chat: message.chat,
                member,
                by: message.from,
                date: message.date,
            })
            .into_iter()
            .collect())
    }

    /// Points the bot's webhook at FluxTurn for every update a trigger of this connector reads
    /// (`message` and `channel_post` for messages, commands and members, `callback_query` for
    /// button presses). A bot has one webhook, so the triggers of one bot share it
    /// (`endpoint = "connection"`): each handler keeps the updates it reads.
    async fn set_bot_webhook<C>(&self, _config: C, context: SubscribeContext) -> Result<Subscription> {
        self.set_webhook(context, &["message", "channel_post", "callback_query"]).await
    }

    /// Removes the bot's webhook (`deleteWebhook`), unless it no longer points at this
    /// subscription's URL: then another registration replaced it, and is left alone.
    async fn delete_webhook<C>(&self, _config: C, subscription: Subscription) -> Result<()> {
        let ours = subscription.state.get("url").and_then(|u| u.as_str());
        let info: WebhookInfo = self
            .call("/getWebhookInfo", &serde_json::json!({}))
            .await
            .map_err(|e| refused("describe the webhook", e))?;
        if ours.is_some_and(|url| url != info.url) {
            return Ok(());
        }
        let body = DeleteWebhookBody { drop_pending_updates: false };
        let _: bool = self.call("/deleteWebhook", &body).await.map_err(|e| refused("delete the webhook", e))?;
        Ok(())
    }

    /// Asks Telegram who the bot is, which proves the token.
    #[test_connection]
    async fn get_me(&self) -> Result<()> {
        self.http.get("/getMe").send_json::<Envelope<User>>().await.and_then(unwrap_result).map(drop)
    }
}

impl Telegram {
    /// `setWebhook`: deliveries of `allowed_updates` to the context's URL, carrying its secret
    /// in `X-Telegram-Bot-Api-Secret-Token`.
    async fn set_webhook(&self, context: SubscribeContext, allowed_updates: &[&str]) -> Result<Subscription> {
        let body = SetWebhookBody {
            url: &context.webhook_url,
            secret_token: &context.secret,
            allowed_updates,
            drop_pending_updates: false,
        };
        let _: bool = self.call("/setWebhook", &body).await.map_err(|e| refused("set the webhook", e))?;
        Ok(Subscription {
            upstream_id: BOT_WEBHOOK.to_owned(),
            state: serde_json::json!({ "url": context.webhook_url }),
            ..Subscription::default()
        })
    }

    /// Calls a Bot API method with a JSON body and returns its `result`.
    async fn call<B: Serialize, T: DeserializeOwned>(&self, method: &str, body: &B) -> Result<T> {
        unwrap_result(self.http.post(method).json(body).send_json().await?)
    }
}

/// The `result` of an answer; an `ok: false` answer (Telegram sends those with a 4xx status,
/// which `Http` already maps, so this is a safety net) becomes an error.
fn unwrap_result<T>(answer: Envelope<T>) -> Result<T> {
    match answer {
        Envelope { ok: true, result: Some(result), .. } => Ok(result),
        Envelope { description, .. } => Err(ConnectorError::new(
            ErrorCode::Upstream,
            format!("Telegram refused the call: {}", description.as_deref().unwrap_or("no reason given")),
        )),
    }
}

/// The `upstream_id` of every Telegram subscription: a bot has one webhook, not an id per hook.
const BOT_WEBHOOK: &str = "bot-webhook";

/// A `setWebhook` body.
#[derive(Debug, Serialize)]
struct SetWebhookBody<'a> {
    url: &'a str,
    secret_token: &'a str,
    allowed_updates: &'a [&'a str],
    drop_pending_updates: bool,
}

/// A `deleteWebhook` body.
#[derive(Debug, Serialize)]
struct DeleteWebhookBody {
    drop_pending_updates: bool,
}

/// The part of `getWebhookInfo` that tells where the webhook points (empty: none is set).
#[derive(Debug, Deserialize)]
struct WebhookInfo {
    #[serde(default)]
    url: String,
}

/// `error`, its message prefixed with what Telegram refused to do.
fn refused(what: &str, mut error: ConnectorError) -> ConnectorError {
    error.message = format!("Telegram refused to {what}: {}", error.message);
    error
}

/// serde default of `includeArgs`.
fn yes() -> bool {
    true
}

/// A chat id given as text or as a number (a previous step's `chat.id`), kept as text.
fn chat_id<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Number(i64),
    }
    Ok(match TextOrNumber::deserialize(deserializer)? {
        TextOrNumber::Text(text) => text,
        TextOrNumber::Number(number) => number.to_string(),
    })
}
