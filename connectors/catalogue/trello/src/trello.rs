//! Trello: cards, lists, boards, labels, checklists, comments, attachments and members through
//! Trello's REST API (`https://api.trello.com/1`), and the board's changes through Trello's
//! webhooks.
//!
//! Every request carries the key and the token in one header,
//! `Authorization: OAuth oauth_consumer_key="<apiKey>", oauth_token="<accessToken>"`, which Trello
//! accepts in place of its `key`/`token` query parameters: the secrets stay out of URLs and logs.
//! The connection's [`TrelloAuth`] builds that header before the client is made.
//!
//! Trello answers an error in plain text (`invalid token`, `model not found`) or as
//! `{"message": ..}`; [`refused`] puts those words in the error.

use fluxturn_core::http::{collect_pages, path_segment, Page, Request};
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};

/// Trello's largest page for cards, actions and search results.
const PAGE_SIZE: u64 = 1000;

/// The most pages a list follows: 100,000 items.
const MAX_PAGES: usize = 100;

/// Organise boards, lists and cards in Trello
///
/// Connects with an API key and a token (https://trello.com/power-ups/admin: your Power-Up's API
/// key, then "Token" beside it); webhook triggers also need the key's API Secret.
#[connector(
    name = "trello",
    display_name = "Trello",
    category = "project_management",
    base_url = "https://api.trello.com/1",
    icon = "icons/trello.svg",
    rate_limit(requests_per_second = 10),
    // The header's value is built by `TrelloAuth` from both credentials (the key and the token).
    auth = api_key(header = "Authorization", prefix = "OAuth ", field = "accessToken"),
    credentials = TrelloCredentials,
)]
pub struct Trello {
    http: PreparedHttp<TrelloAuth>,
    credentials: TrelloCredentials,
}

/// What the user enters in the "Add Trello" form.
#[derive(Credentials)]
pub struct TrelloCredentials {
    /// The API key of your Power-Up (https://trello.com/power-ups/admin, "API key")
    #[field(key = "apiKey", label = "API Key", help_url = "https://trello.com/power-ups/admin")]
    pub api_key: String,
    /// A token the key's user granted (the "Token" link beside the API key)
    #[field(key = "accessToken", label = "Access Token", secret)]
    pub access_token: Secret<String>,
    /// The Secret under your Power-Up's API key at https://trello.com/power-ups/admin: Trello
    /// signs every webhook delivery with it. Needed only by the webhook triggers.
    #[field(
        key = "apiSecret",
        label = "API Secret",
        secret,
        help_url = "https://trello.com/power-ups/admin",
        help_text = "The Secret under your Power-Up's API key at https://trello.com/power-ups/admin; needed to verify webhooks"
    )]
    pub api_secret: Option<Secret<String>>,
}

/// Builds the connection's `Authorization` header value from the key and the token.
///
/// The `api_key` auth sends `OAuth ` followed by the `accessToken` credential; this rewrites that
/// credential, in the client's copy of the connection only, into
/// `oauth_consumer_key="<apiKey>", oauth_token="<accessToken>"`. Both must be Trello's plain
/// letters and digits, so nothing typed can break out of the quoted header parameters.
pub enum TrelloAuth {}

impl PrepareHttp for TrelloAuth {
    fn prepare(ctx: ConnectContext) -> Result<ConnectContext> {
        let key = credential_text(&ctx, "apiKey", "API Key")?;
        ctx.map_credential("accessToken", |token| {
            let token = checked("accessToken", "Access Token", token)?;
            Ok(format!("oauth_consumer_key=\"{key}\", oauth_token=\"{token}\""))
        })
    }
}

/// The credential `key` of the connection, checked by [`checked`].
fn credential_text(ctx: &ConnectContext, key: &str, label: &str) -> Result<String> {
    checked(key, label, &ctx.credential(key).unwrap_or_default())
}

/// A key or token as Trello makes them: letters, digits, `-` and `_`. The message names the
/// field, never its value.
fn checked(key: &str, label: &str, typed: &str) -> Result<String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(ConnectorError::invalid_credentials(format!("trello: `{key}` ({label}) is missing")));
    }
    if !typed.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(ConnectorError::invalid_credentials(format!(
            "trello: `{key}` ({label}) must be letters and digits only, as Trello shows it; check for a pasted space or quote"
        )));
    }
    Ok(typed.to_owned())
}

/// `error` in Trello's words, prefixed with what Trello refused to do. Trello answers errors in
/// plain text (`invalid token`, `model not found`, `invalid id`) or as `{"message": ..}`; either
/// becomes the message. The code and status are kept (401 unauthorized, 404 not found, 400
/// invalid input, 429 rate limited), and so are the details.
pub fn refused(what: &str, mut error: ConnectorError) -> ConnectorError {
    let status = error.details.get("upstream_status").and_then(Value::as_u64);
    let answered = status.filter(|s| !(200..300).contains(s));
    let Some(status) = answered else {
        // No answer (refused connection, timeout), or a 2xx that was not JSON.
        error.message = format!("could not {what} on Trello: {}", error.message);
        return error;
    };
    let said = match error.details.get("upstream_body") {
        Some(Value::String(body)) => match serde_json::from_str::<Value>(body) {
            Ok(json) => ["message", "error"].iter().find_map(|k| json[*k].as_str().map(str::to_owned)),
            Err(_) => Some(body.trim().lines().next().unwrap_or_default().chars().take(300).collect()),
        },
        _ => None,
    }
    .filter(|s: &String| !s.trim().is_empty());
    let words = said.unwrap_or_else(|| "no message".to_owned());
    error.message = format!("Trello refused to {what}: {words} (HTTP {status})");
    error
}

/// An id typed in `field`, trimmed, as one path segment; a blank one (or `.`/`..`) is refused
/// before any request.
fn segment(field: &str, id: &str) -> Result<String> {
    let id = id.trim();
    if id.is_empty() || id == "." || id == ".." {
        return Err(ConnectorError::invalid_input(format!("`{field}` must be a Trello id")));
    }
    Ok(path_segment(id))
}

/// A JSON object of the entries that have a value.
fn object<const N: usize>(entries: [(&str, Option<Value>); N]) -> Value {
    Value::Object(entries.into_iter().filter_map(|(k, v)| v.map(|v| (k.to_owned(), v))).collect())
}

/// A text that is not blank, as JSON.
fn text(value: &Option<String>) -> Option<Value> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|s| json!(s))
}

/// A comma-separated list of ids (`"a, b"`) as the JSON array Trello takes.
fn id_list(value: &Option<String>) -> Option<Value> {
    let ids: Vec<&str> = value.as_deref()?.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    (!ids.is_empty()).then(|| json!(ids))
}

/// A whole number from a number field, within `1..=max`; `field` names it in the error.
fn count(value: Option<f64>, field: &str, default: u64, max: u64) -> Result<u64> {
    let Some(value) = value else { return Ok(default) };
    if !value.is_finite() || value < 1.0 || value.fract() != 0.0 {
        return Err(ConnectorError::invalid_input(format!("`{field}` must be a whole number of at least 1")));
    }
    Ok((value as u64).min(max))
}

/// A value serialized as Trello's text (an enum's `"top"`).
fn as_json<T: Serialize>(value: &Option<T>) -> Option<Value> {
    value.as_ref().and_then(|v| serde_json::to_value(v).ok())
}

/// The minutes before the due date that Trello reminds the card's members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DueReminder(i64);

impl DueReminder {
    const ALL: [(i64, &'static str); 8] = [
        (0, "At the due time"),
        (5, "5 minutes before"),
        (10, "10 minutes before"),
        (15, "15 minutes before"),
        (60, "1 hour before"),
        (120, "2 hours before"),
        (1440, "1 day before"),
        (2880, "2 days before"),
    ];
}

impl<'de> Deserialize<'de> for DueReminder {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let minutes = match &value {
            Value::Number(n) => n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64),
            Value::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        minutes.filter(|m| Self::ALL.iter().any(|(n, _)| n == m)).map(DueReminder).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "dueReminder {value} is not one of Trello's: 0, 5, 10, 15, 60, 120, 1440 or 2880 minutes (leave it empty for none)"
            ))
        })
    }
}

impl JsonSchema for DueReminder {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DueReminder".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let options: Vec<schemars::Schema> =
            Self::ALL.iter().map(|(n, label)| schemars::json_schema!({ "const": n, "title": label })).collect();
        schemars::json_schema!({ "oneOf": options })
    }
}

/// A label's color; `null` is a label without color.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelColor(Option<&'static str>);

impl LabelColor {
    const ALL: [&'static str; 10] =
        ["green", "yellow", "orange", "red", "purple", "blue", "sky", "lime", "pink", "black"];
}

impl Serialize for LabelColor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for LabelColor {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        match &value {
            Value::Null => Ok(LabelColor(None)),
            Value::String(s) if s.trim().is_empty() || s.trim().eq_ignore_ascii_case("null") => Ok(LabelColor(None)),
            Value::String(s) => {
                let wanted = s.trim().to_ascii_lowercase();
                Self::ALL.iter().find(|c| **c == wanted).map(|c| LabelColor(Some(c))).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "color {value} is not one of Trello's: {}, or null for none",
                        Self::ALL.join(", ")
                    ))
                })
            }
            _ => Err(serde::de::Error::custom(format!("color {value} is not a color name"))),
        }
    }
}

impl JsonSchema for LabelColor {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LabelColor".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut options: Vec<schemars::Schema> =
            Self::ALL.iter().map(|c| schemars::json_schema!({ "const": c, "title": c })).collect();
        options.push(schemars::json_schema!({ "type": "null", "title": "no color" }));
        schemars::json_schema!({ "oneOf": options })
    }
}

/// `color` when given, even as `null` (no color); `None` only when the field is absent.
fn present_color<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<LabelColor>, D::Error> {
    LabelColor::deserialize(deserializer).map(Some)
}

/// The choices of `pos`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateCardInputPos {
    /// top
    #[serde(rename = "top")]
    Top,
    /// bottom
    #[serde(rename = "bottom")]
    Bottom,
}

/// The input of `create_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCardInput {
    /// The description (Markdown)
    #[field(label = "Description", input_type = "textarea")]
    pub desc: Option<String>,
    /// The due date, ISO 8601 (such as 2025-01-31T17:00:00Z)
    #[field(label = "Due")]
    pub due: Option<String>,
    /// Whether the due date is done
    #[field(label = "Due Complete", default = false)]
    #[serde(rename = "dueComplete")]
    pub due_complete: Option<bool>,
    /// A card to copy into the new one
    #[field(label = "Id Card Source")]
    #[serde(rename = "idCardSource")]
    pub id_card_source: Option<String>,
    /// Label ids, comma-separated
    #[field(label = "Id Labels")]
    #[serde(rename = "idLabels")]
    pub id_labels: Option<String>,
    /// The list to put the card in
    #[field(label = "Id List", aliases = ["listId"])]
    #[serde(rename = "idList")]
    pub id_list: String,
    /// Member ids, comma-separated
    #[field(label = "Id Members")]
    #[serde(rename = "idMembers")]
    pub id_members: Option<String>,
    /// The name
    #[field(label = "Name")]
    pub name: String,
    /// The position: top, bottom or a positive number
    #[field(label = "Pos", default = "bottom")]
    pub pos: Option<CreateCardInputPos>,
    /// A URL to attach to the card
    #[field(label = "Url Source")]
    #[serde(rename = "urlSource")]
    pub url_source: Option<String>,
}

/// The input of `update_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateCardInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Whether it is archived (closed)
    #[field(label = "Closed", default = false)]
    pub closed: Option<bool>,
    /// The description (Markdown)
    #[field(label = "Description", input_type = "textarea")]
    pub desc: Option<String>,
    /// The due date, ISO 8601 (such as 2025-01-31T17:00:00Z)
    #[field(label = "Due")]
    pub due: Option<String>,
    /// Whether the due date is done
    #[field(label = "Due Complete")]
    #[serde(rename = "dueComplete")]
    pub due_complete: Option<bool>,
    /// The board's id (to move to another board)
    #[field(label = "Id Board")]
    #[serde(rename = "idBoard")]
    pub id_board: Option<String>,
    /// Label ids, comma-separated
    #[field(label = "Id Labels")]
    #[serde(rename = "idLabels")]
    pub id_labels: Option<String>,
    /// The list's id
    #[field(label = "Id List")]
    #[serde(rename = "idList")]
    pub id_list: Option<String>,
    /// Member ids, comma-separated
    #[field(label = "Id Members")]
    #[serde(rename = "idMembers")]
    pub id_members: Option<String>,
    /// The name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// The position: top, bottom or a positive number
    #[field(label = "Pos")]
    pub pos: Option<String>,
}

/// The choices of `checklists`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetCardInputChecklists {
    /// none
    #[serde(rename = "none")]
    None,
    /// all
    #[serde(rename = "all")]
    All,
}

/// The input of `get_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCardInput {
    /// Whether to include the attachments
    #[field(label = "Attachments", default = false)]
    pub attachments: Option<bool>,
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Whether to include the checklists (all) or not (none)
    #[field(label = "Checklists", default = "none")]
    pub checklists: Option<GetCardInputChecklists>,
    /// The fields to return, comma-separated, or all
    #[field(label = "Fields", default = "all")]
    pub fields: Option<String>,
    /// Whether to include the labels
    #[field(label = "Labels", default = true)]
    pub labels: Option<bool>,
    /// Whether to include the members
    #[field(label = "Members", default = true)]
    pub members: Option<bool>,
}

/// The choices of `filter`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetCardsInputFilter {
    /// all
    #[serde(rename = "all")]
    All,
    /// visible
    #[serde(rename = "visible")]
    Visible,
    /// open
    #[serde(rename = "open")]
    Open,
    /// closed
    #[serde(rename = "closed")]
    Closed,
}

/// The input of `get_cards`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCardsInput {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: Option<String>,
    /// The fields to return, comma-separated, or all
    #[field(label = "Fields", default = "all")]
    pub fields: Option<String>,
    /// Which ones to return
    #[field(label = "Filter", default = "visible")]
    pub filter: Option<GetCardsInputFilter>,
    /// The most to return
    #[field(label = "Limit", default = 100)]
    pub limit: Option<f64>,
    /// The list's id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: Option<String>,
}

/// The input of `delete_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteCardInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
}

/// The input of `archive_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ArchiveCardInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Whether it is archived (closed)
    #[field(label = "Closed", default = true)]
    pub closed: Option<bool>,
}

/// The choices of `pos`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum MoveCardInputPos {
    /// top
    #[serde(rename = "top")]
    Top,
    /// bottom
    #[serde(rename = "bottom")]
    Bottom,
}

/// The input of `move_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct MoveCardInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// The board's id (to move to another board)
    #[field(label = "Id Board")]
    #[serde(rename = "idBoard")]
    pub id_board: Option<String>,
    /// The list's id
    #[field(label = "Id List")]
    #[serde(rename = "idList")]
    pub id_list: String,
    /// The position: top, bottom or a positive number
    #[field(label = "Pos", default = "bottom")]
    pub pos: Option<MoveCardInputPos>,
}

/// The input of `copy_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CopyCardInput {
    /// A card to copy into the new one
    #[field(label = "Id Card Source")]
    #[serde(rename = "idCardSource")]
    pub id_card_source: String,
    /// The list's id
    #[field(label = "Id List")]
    #[serde(rename = "idList")]
    pub id_list: String,
    /// What to copy from the source card: all, or a comma-separated list (attachments, checklists, comments, due, labels, members, stickers)
    #[field(label = "Keep From Source", default = "all")]
    #[serde(rename = "keepFromSource")]
    pub keep_from_source: Option<String>,
    /// The name
    #[field(label = "Name")]
    pub name: Option<String>,
}

/// The input of `set_due_date`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SetDueDateInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// The due date, ISO 8601 (such as 2025-01-31T17:00:00Z)
    #[field(label = "Due")]
    pub due: String,
    /// When Trello reminds the card's members, in minutes before the due date (empty: no reminder)
    #[field(label = "Due Reminder")]
    #[serde(rename = "dueReminder")]
    pub due_reminder: Option<DueReminder>,
}

/// The input of `complete_due_date`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CompleteDueDateInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Whether the due date is done
    #[field(label = "Due Complete", default = true)]
    #[serde(rename = "dueComplete")]
    pub due_complete: bool,
}

/// The input of `add_member`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddMemberInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// The member's id or username
    #[field(label = "Member Id")]
    #[serde(rename = "memberId")]
    pub member_id: String,
}

/// The input of `remove_member_from_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RemoveMemberFromCardInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// The member's id or username
    #[field(label = "Member Id")]
    #[serde(rename = "memberId")]
    pub member_id: String,
}

/// The input of `get_card_members`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCardMembersInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
}

/// The input of `add_label_to_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddLabelToCardInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// The id of the board's label to put on the card
    #[field(label = "Value")]
    pub value: String,
}

/// The input of `remove_label_from_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RemoveLabelFromCardInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// The label's id
    #[field(label = "Label Id")]
    #[serde(rename = "labelId")]
    pub label_id: String,
}

/// The input of `create_label`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateLabelInput {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// The label's color (`null`: a label without color)
    #[field(label = "Color")]
    pub color: LabelColor,
    /// The name
    #[field(label = "Name")]
    pub name: String,
}

/// The input of `update_label`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateLabelInput {
    /// The label's new color (`null`: no color; empty: unchanged)
    #[field(label = "Color")]
    #[serde(default, deserialize_with = "present_color")]
    pub color: Option<LabelColor>,
    /// The label's id
    #[field(label = "Label Id")]
    #[serde(rename = "labelId")]
    pub label_id: String,
    /// The name
    #[field(label = "Name")]
    pub name: Option<String>,
}

/// The input of `delete_label`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteLabelInput {
    /// The label's id
    #[field(label = "Label Id")]
    #[serde(rename = "labelId")]
    pub label_id: String,
}

/// The input of `get_board_labels`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetBoardLabelsInput {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// The most to return
    #[field(label = "Limit", default = 50)]
    pub limit: Option<f64>,
}

/// The input of `add_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddCommentInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// The comment's text (Markdown)
    #[field(label = "Text", input_type = "textarea")]
    pub text: String,
}

/// The input of `update_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateCommentInput {
    /// The comment's id (the id of its commentCard action)
    #[field(label = "Comment Id")]
    #[serde(rename = "commentId")]
    pub comment_id: String,
    /// The comment's text (Markdown)
    #[field(label = "Text", input_type = "textarea")]
    pub text: String,
}

/// The input of `delete_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteCommentInput {
    /// The comment's id (the id of its commentCard action)
    #[field(label = "Comment Id")]
    #[serde(rename = "commentId")]
    pub comment_id: String,
}

/// The input of `get_card_comments`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCardCommentsInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// The most to return
    #[field(label = "Limit", default = 50)]
    pub limit: Option<f64>,
}

/// The choices of `pos`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateChecklistInputPos {
    /// top
    #[serde(rename = "top")]
    Top,
    /// bottom
    #[serde(rename = "bottom")]
    Bottom,
}

/// The input of `create_checklist`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateChecklistInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// A checklist to copy into the new one
    #[field(label = "Id Checklist Source")]
    #[serde(rename = "idChecklistSource")]
    pub id_checklist_source: Option<String>,
    /// The name
    #[field(label = "Name")]
    pub name: String,
    /// The position: top, bottom or a positive number
    #[field(label = "Pos", default = "bottom")]
    pub pos: Option<CreateChecklistInputPos>,
}

/// The input of `update_checklist`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateChecklistInput {
    /// The checklist's id
    #[field(label = "Checklist Id")]
    #[serde(rename = "checklistId")]
    pub checklist_id: String,
    /// The name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// The position: top, bottom or a positive number
    #[field(label = "Pos")]
    pub pos: Option<String>,
}

/// The input of `delete_checklist`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteChecklistInput {
    /// The checklist's id
    #[field(label = "Checklist Id")]
    #[serde(rename = "checklistId")]
    pub checklist_id: String,
}

/// The input of `get_checklists`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetChecklistsInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
}

/// The choices of `pos`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum AddChecklistItemInputPos {
    /// top
    #[serde(rename = "top")]
    Top,
    /// bottom
    #[serde(rename = "bottom")]
    Bottom,
}

/// The input of `add_checklist_item`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddChecklistItemInput {
    /// Whether the item starts checked
    #[field(label = "Checked", default = false)]
    pub checked: Option<bool>,
    /// The checklist's id
    #[field(label = "Checklist Id")]
    #[serde(rename = "checklistId")]
    pub checklist_id: String,
    /// The due date, ISO 8601 (such as 2025-01-31T17:00:00Z)
    #[field(label = "Due")]
    pub due: Option<String>,
    /// The member the item is assigned to
    #[field(label = "Id Member")]
    #[serde(rename = "idMember")]
    pub id_member: Option<String>,
    /// The name
    #[field(label = "Name")]
    pub name: String,
    /// The position: top, bottom or a positive number
    #[field(label = "Pos", default = "bottom")]
    pub pos: Option<AddChecklistItemInputPos>,
}

/// The choices of `state`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UpdateChecklistItemInputState {
    /// complete
    #[serde(rename = "complete")]
    Complete,
    /// incomplete
    #[serde(rename = "incomplete")]
    Incomplete,
}

/// The input of `update_checklist_item`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateChecklistItemInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// The checklist item's id
    #[field(label = "Check Item Id")]
    #[serde(rename = "checkItemId")]
    pub check_item_id: String,
    /// The due date, ISO 8601 (such as 2025-01-31T17:00:00Z)
    #[field(label = "Due")]
    pub due: Option<String>,
    /// The member the item is assigned to
    #[field(label = "Id Member")]
    #[serde(rename = "idMember")]
    pub id_member: Option<String>,
    /// The name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// The position: top, bottom or a positive number
    #[field(label = "Pos")]
    pub pos: Option<String>,
    /// Checked (complete) or not (incomplete)
    #[field(label = "State")]
    pub state: Option<UpdateChecklistItemInputState>,
}

/// The input of `delete_checklist_item`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteChecklistItemInput {
    /// The checklist item's id
    #[field(label = "Check Item Id")]
    #[serde(rename = "checkItemId")]
    pub check_item_id: String,
    /// The checklist's id
    #[field(label = "Checklist Id")]
    #[serde(rename = "checklistId")]
    pub checklist_id: String,
}

/// The input of `add_attachment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddAttachmentInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// The attachment's MIME type
    #[field(label = "Mime Type")]
    #[serde(rename = "mimeType")]
    pub mime_type: Option<String>,
    /// The name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Whether the attachment becomes the card's cover
    #[field(label = "Set Cover", default = false)]
    #[serde(rename = "setCover")]
    pub set_cover: Option<bool>,
    /// The URL to attach (http or https)
    #[field(label = "Url")]
    pub url: String,
}

/// The input of `get_attachments`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAttachmentsInput {
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
}

/// The input of `delete_attachment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteAttachmentInput {
    /// The attachment's id
    #[field(label = "Attachment Id")]
    #[serde(rename = "attachmentId")]
    pub attachment_id: String,
    /// The card's id (or the short link in its URL)
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
}

/// The choices of `prefs_background`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateBoardInputPrefsBackground {
    /// blue
    #[serde(rename = "blue")]
    Blue,
    /// orange
    #[serde(rename = "orange")]
    Orange,
    /// green
    #[serde(rename = "green")]
    Green,
    /// red
    #[serde(rename = "red")]
    Red,
    /// purple
    #[serde(rename = "purple")]
    Purple,
    /// pink
    #[serde(rename = "pink")]
    Pink,
    /// lime
    #[serde(rename = "lime")]
    Lime,
    /// sky
    #[serde(rename = "sky")]
    Sky,
    /// grey
    #[serde(rename = "grey")]
    Grey,
}

/// The choices of `prefs_permissionLevel`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateBoardInputPrefsPermissionLevel {
    /// private
    #[serde(rename = "private")]
    Private,
    /// org
    #[serde(rename = "org")]
    Org,
    /// public
    #[serde(rename = "public")]
    Public,
}

/// The input of `create_board`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateBoardInput {
    /// Whether the board starts with Trello's six labels
    #[field(label = "Default Labels", default = true)]
    #[serde(rename = "defaultLabels")]
    pub default_labels: Option<bool>,
    /// Whether the board starts with To Do, Doing and Done
    #[field(label = "Default Lists", default = true)]
    #[serde(rename = "defaultLists")]
    pub default_lists: Option<bool>,
    /// The description (Markdown)
    #[field(label = "Description", input_type = "textarea")]
    pub desc: Option<String>,
    /// The Workspace to create the board in
    #[field(label = "Id Organization")]
    #[serde(rename = "idOrganization")]
    pub id_organization: Option<String>,
    /// The name
    #[field(label = "Name")]
    pub name: String,
    /// The board's background color
    #[field(label = "Prefs Background", default = "blue")]
    pub prefs_background: Option<CreateBoardInputPrefsBackground>,
    /// Who can see the board
    #[field(label = "Prefs Permission Level", default = "private")]
    #[serde(rename = "prefs_permissionLevel")]
    pub prefs_permission_level: Option<CreateBoardInputPrefsPermissionLevel>,
}

/// The choices of `prefs_background`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UpdateBoardInputPrefsBackground {
    /// blue
    #[serde(rename = "blue")]
    Blue,
    /// orange
    #[serde(rename = "orange")]
    Orange,
    /// green
    #[serde(rename = "green")]
    Green,
    /// red
    #[serde(rename = "red")]
    Red,
    /// purple
    #[serde(rename = "purple")]
    Purple,
    /// pink
    #[serde(rename = "pink")]
    Pink,
    /// lime
    #[serde(rename = "lime")]
    Lime,
    /// sky
    #[serde(rename = "sky")]
    Sky,
    /// grey
    #[serde(rename = "grey")]
    Grey,
}

/// The choices of `prefs_permissionLevel`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UpdateBoardInputPrefsPermissionLevel {
    /// private
    #[serde(rename = "private")]
    Private,
    /// org
    #[serde(rename = "org")]
    Org,
    /// public
    #[serde(rename = "public")]
    Public,
}

/// The input of `update_board`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateBoardInput {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Whether it is archived (closed)
    #[field(label = "Closed")]
    pub closed: Option<bool>,
    /// The description (Markdown)
    #[field(label = "Description", input_type = "textarea")]
    pub desc: Option<String>,
    /// The name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// The board's background color
    #[field(label = "Prefs Background")]
    pub prefs_background: Option<UpdateBoardInputPrefsBackground>,
    /// Who can see the board
    #[field(label = "Prefs Permission Level")]
    #[serde(rename = "prefs_permissionLevel")]
    pub prefs_permission_level: Option<UpdateBoardInputPrefsPermissionLevel>,
}

/// The choices of `lists`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetBoardInputLists {
    /// none
    #[serde(rename = "none")]
    None,
    /// open
    #[serde(rename = "open")]
    Open,
    /// closed
    #[serde(rename = "closed")]
    Closed,
    /// all
    #[serde(rename = "all")]
    All,
}

/// The choices of `members`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetBoardInputMembers {
    /// none
    #[serde(rename = "none")]
    None,
    /// all
    #[serde(rename = "all")]
    All,
}

/// The input of `get_board`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetBoardInput {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// The fields to return, comma-separated, or all
    #[field(label = "Fields", default = "all")]
    pub fields: Option<String>,
    /// Which lists to include
    #[field(label = "Lists", default = "none")]
    pub lists: Option<GetBoardInputLists>,
    /// Whether to include the members
    #[field(label = "Members", default = "none")]
    pub members: Option<GetBoardInputMembers>,
}

/// The choices of `filter`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetBoardsInputFilter {
    /// all
    #[serde(rename = "all")]
    All,
    /// open
    #[serde(rename = "open")]
    Open,
    /// closed
    #[serde(rename = "closed")]
    Closed,
    /// starred
    #[serde(rename = "starred")]
    Starred,
}

/// The input of `get_boards`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetBoardsInput {
    /// The fields to return, comma-separated, or all
    #[field(label = "Fields", default = "name,desc,url,closed,dateLastActivity")]
    pub fields: Option<String>,
    /// Which ones to return
    #[field(label = "Filter", default = "open")]
    pub filter: Option<GetBoardsInputFilter>,
}

/// The input of `delete_board`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteBoardInput {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The choices of `pos`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateListInputPos {
    /// top
    #[serde(rename = "top")]
    Top,
    /// bottom
    #[serde(rename = "bottom")]
    Bottom,
}

/// The input of `create_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateListInput {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// The name
    #[field(label = "Name")]
    pub name: String,
    /// The position: top, bottom or a positive number
    #[field(label = "Pos", default = "bottom")]
    pub pos: Option<CreateListInputPos>,
}

/// The input of `update_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateListInput {
    /// Whether it is archived (closed)
    #[field(label = "Closed")]
    pub closed: Option<bool>,
    /// The board's id (to move to another board)
    #[field(label = "Id Board")]
    #[serde(rename = "idBoard")]
    pub id_board: Option<String>,
    /// The list's id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// The name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// The position: top, bottom or a positive number
    #[field(label = "Pos")]
    pub pos: Option<String>,
}

/// The input of `archive_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ArchiveListInput {
    /// The list's id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Archive the list (true) or bring it back (false)
    #[field(label = "Value", default = true)]
    pub value: Option<bool>,
}

/// The choices of `filter`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetListsInputFilter {
    /// all
    #[serde(rename = "all")]
    All,
    /// open
    #[serde(rename = "open")]
    Open,
    /// closed
    #[serde(rename = "closed")]
    Closed,
}

/// The input of `get_lists`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetListsInput {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Which ones to return
    #[field(label = "Filter", default = "open")]
    pub filter: Option<GetListsInputFilter>,
}

/// The input of `move_all_cards`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct MoveAllCardsInput {
    /// The board of the list the cards go to
    #[field(label = "Id Board")]
    #[serde(rename = "idBoard")]
    pub id_board: String,
    /// The list the cards go to
    #[field(label = "Id List")]
    #[serde(rename = "idList")]
    pub id_list: String,
    /// The list whose cards move
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The input of `archive_all_cards`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ArchiveAllCardsInput {
    /// The list's id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The input of `get_member`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetMemberInput {
    /// The fields to return, comma-separated, or all
    #[field(label = "Fields", default = "fullName,username,email,avatarUrl")]
    pub fields: Option<String>,
    /// The member's id or username
    #[field(label = "Member Id", default = "me")]
    #[serde(rename = "memberId")]
    pub member_id: String,
}

/// The input of `get_board_members`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetBoardMembersInput {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The choices of `type`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum AddMemberToBoardInputType {
    /// normal
    #[serde(rename = "normal")]
    Normal,
    /// admin
    #[serde(rename = "admin")]
    Admin,
    /// observer
    #[serde(rename = "observer")]
    Observer,
}

/// The input of `add_member_to_board`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddMemberToBoardInput {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// The member's id or username
    #[field(label = "Member Id")]
    #[serde(rename = "memberId")]
    pub member_id: String,
    /// The member's role on the board
    #[field(label = "Type", default = "normal")]
    pub r#type: Option<AddMemberToBoardInputType>,
}

/// The input of `remove_member_from_board`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RemoveMemberFromBoardInput {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// The member's id or username
    #[field(label = "Member Id")]
    #[serde(rename = "memberId")]
    pub member_id: String,
}

/// The input of `search`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SearchInput {
    /// The most boards to return (up to 1000)
    #[field(label = "Boards Limit", default = 10)]
    pub boards_limit: Option<f64>,
    /// The most cards to return (up to 1000)
    #[field(label = "Cards Limit", default = 10)]
    pub cards_limit: Option<f64>,
    /// Board ids to search in, comma-separated (default: all the member's boards)
    #[field(label = "Id Boards")]
    #[serde(rename = "idBoards")]
    pub id_boards: Option<String>,
    /// What to search, comma-separated: actions, boards, cards, members, organizations
    #[field(label = "Model Types", default = "cards,boards")]
    #[serde(rename = "modelTypes")]
    pub model_types: Option<String>,
    /// Whether a word matches the start of longer words
    #[field(label = "Partial", default = true)]
    pub partial: Option<bool>,
    /// The text to search for
    #[field(label = "Query")]
    pub query: String,
}

/// The configuration of `card_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CardCreatedConfig {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `card_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CardUpdatedConfig {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `card_moved`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CardMovedConfig {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Only cards moved into this list (empty: any list)
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: Option<String>,
}

/// The configuration of `card_archived`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CardArchivedConfig {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `comment_added`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentAddedConfig {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `member_added_to_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct MemberAddedToCardConfig {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `member_removed_from_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct MemberRemovedFromCardConfig {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `label_added_to_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct LabelAddedToCardConfig {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Only this label (empty: any label)
    #[field(label = "Label Id")]
    #[serde(rename = "labelId")]
    pub label_id: Option<String>,
}

/// The configuration of `checklist_completed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ChecklistCompletedConfig {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `due_date_approaching`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DueDateApproachingConfig {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// How many hours before the due date a card is emitted
    #[field(label = "Hours Before Due", default = 24)]
    #[serde(rename = "hoursBeforeDue")]
    pub hours_before_due: Option<f64>,
}

/// The configuration of `attachment_added`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AttachmentAddedConfig {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `list_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListCreatedConfig {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `board_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct BoardUpdatedConfig {
    /// The board's id (or the short link in its URL, trello.com/b/<shortLink>)
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// A trigger configuration that names the board to watch.
pub trait BoardWatch {
    /// The board's id (or short link) as typed.
    fn board(&self) -> &str;
}

macro_rules! board_watch {
    ($($config:ty),* $(,)?) => {
        $(impl BoardWatch for $config {
            fn board(&self) -> &str {
                &self.board_id
            }
        })*
    };
}

board_watch!(
    CardCreatedConfig,
    CardUpdatedConfig,
    CardMovedConfig,
    CardArchivedConfig,
    CommentAddedConfig,
    MemberAddedToCardConfig,
    MemberRemovedFromCardConfig,
    LabelAddedToCardConfig,
    ChecklistCompletedConfig,
    AttachmentAddedConfig,
    ListCreatedConfig,
    BoardUpdatedConfig,
);

/// A webhook as Trello lists it.
#[derive(Debug, Deserialize)]
struct Webhook {
    id: String,
    #[serde(rename = "callbackURL", default)]
    callback_url: String,
    #[serde(rename = "idModel", default)]
    id_model: String,
    #[serde(default = "yes")]
    active: bool,
}

fn yes() -> bool {
    true
}

/// Whether `id` is a full Trello id (24 hex digits), not a short link.
fn is_full_id(id: &str) -> bool {
    id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The events of one delivery: the delivery itself (`{"action": .., "model": ..}`) when its
/// action is one `wanted` accepts; nothing for Trello's `HEAD` URL check.
fn delivery(request: &WebhookRequest, wanted: impl Fn(&Value) -> bool) -> Result<Vec<Value>> {
    if request.method.eq_ignore_ascii_case("HEAD") {
        return Ok(vec![]);
    }
    let body: Value = request.json()?;
    if !body["action"].is_object() {
        return Err(ConnectorError::invalid_input("a Trello delivery has an `action` object"));
    }
    Ok(if wanted(&body["action"]) { vec![body] } else { vec![] })
}

/// Whether `action` is of one of these types.
fn of_type(action: &Value, types: &[&str]) -> bool {
    action["type"].as_str().is_some_and(|t| types.contains(&t))
}

/// A text config field that is set.
fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Where `due_date_approaching` stands: the `cardId@due` pairs already emitted whose due date
/// has not passed.
#[derive(Debug, Default, Deserialize, Serialize)]
struct DueCursor {
    emitted: Vec<String>,
}

impl Trello {
    /// `request` sent, its JSON answer (`null` for an empty one), in Trello's words when refused.
    async fn call(&self, request: Request, what: &str) -> Result<Value> {
        request.send_json::<Value>().await.map_err(|e| refused(what, e))
    }

    /// `GET path` with `query`.
    async fn read(&self, path: &str, query: &[(&str, String)], what: &str) -> Result<Value> {
        self.call(self.http.get(path).query(query), what).await
    }

    /// `method path` with the JSON `body`.
    async fn write(&self, method: &str, path: &str, body: &Value, what: &str) -> Result<Value> {
        let request = match method {
            "POST" => self.http.post(path),
            _ => self.http.put(path),
        };
        self.call(request.json(body), what).await
    }

    /// `DELETE path`.
    async fn remove(&self, path: &str, what: &str) -> Result<Value> {
        self.call(self.http.delete(path), what).await
    }

    /// Up to `limit` items of a list endpoint that pages with `limit` and `before` (newest
    /// first): more than 1000 follows the pages, `before` being the last item's id.
    async fn paged(&self, path: &str, query: Vec<(&str, String)>, limit: u64, what: &str) -> Result<Vec<Value>> {
        let query = &query;
        collect_pages(MAX_PAGES, limit as usize, |before: Option<String>| async move {
            let mut query = query.clone();
            query.push(("limit", PAGE_SIZE.min(limit).to_string()));
            if let Some(before) = before {
                query.push(("before", before));
            }
            let items = match self.read(path, &query, what).await? {
                Value::Array(items) => items,
                _ => return Err(ConnectorError::new(ErrorCode::InvalidResponse, "Trello's list is not an array")),
            };
            let next = if (items.len() as u64) < PAGE_SIZE.min(limit) {
                None
            } else {
                items.last().and_then(|i| i["id"].as_str()).map(str::to_owned)
            };
            Ok(Page { items, next })
        })
        .await
    }

    /// The full id of the board typed (a short link is looked up).
    async fn board_id(&self, typed: &str) -> Result<String> {
        let typed = typed.trim();
        if is_full_id(typed) {
            return Ok(typed.to_owned());
        }
        let path = format!("/boards/{}", segment("boardId", typed)?);
        let board = self.read(&path, &[("fields", "id".to_owned())], "find the board").await?;
        board["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| ConnectorError::new(ErrorCode::InvalidResponse, "Trello answered a board without an id"))
    }

    /// The webhooks of the connection's token. The token is in the path (`/tokens/{token}`),
    /// so it is removed from any error here.
    async fn token_webhooks(&self) -> Result<Vec<Webhook>> {
        let token = self.credentials.access_token.expose().trim().to_owned();
        let path = format!("/tokens/{}/webhooks", segment("accessToken", &token)?);
        let scrub = |mut error: ConnectorError| {
            error.message = error.message.replace(&token, "[redacted]");
            error.details =
                serde_json::from_str(&error.details.to_string().replace(&token, "[redacted]")).unwrap_or(Value::Null);
            error
        };
        let listed = self.read(&path, &[], "list the token's webhooks").await.map_err(scrub)?;
        serde_json::from_value(listed).map_err(|e| {
            ConnectorError::new(ErrorCode::InvalidResponse, format!("Trello's webhooks are not as expected: {e}"))
        })
    }

    /// The webhook of the board at the context's URL: the one already there (made active if
    /// it was not), else a new one. Trello checks the URL with a `HEAD` before it answers.
    async fn ensure_webhook<C: BoardWatch>(&self, config: &C, context: SubscribeContext) -> Result<Subscription> {
        let board = self.board_id(config.board()).await?;
        let existing = self
            .token_webhooks()
            .await?
            .into_iter()
            .find(|w| w.callback_url == context.webhook_url && w.id_model == board);
        let id = match existing {
            Some(found) => {
                if !found.active {
                    let path = format!("/webhooks/{}", segment("webhook id", &found.id)?);
                    self.write("PUT", &path, &json!({"active": true}), "reactivate the webhook").await?;
                }
                found.id
            }
            None => {
                let body = json!({
                    "callbackURL": context.webhook_url,
                    "idModel": board,
                    "description": format!("FluxTurn: board {board}"),
                });
                let created = self.write("POST", "/webhooks", &body, "create the webhook").await?;
                created["id"].as_str().map(str::to_owned).ok_or_else(|| {
                    ConnectorError::new(ErrorCode::InvalidResponse, "Trello created the webhook but returned no id")
                })?
            }
        };
        let mut subscription = Subscription::new(id);
        subscription.state = json!({ "idModel": board });
        Ok(subscription)
    }
}

#[actions(webhooks(
    verify = "trello",
    secret = "credentials.apiSecret",
    event_id = "body:/action/id",
    subscribe = add_webhook,
    unsubscribe = delete_webhook
))]
impl Trello {
    /// Create a card in a list
    #[action(name = "Create Card", aliases = ["card_add"], http(method = "POST", endpoint = "/cards"))]
    async fn create_card(&self, input: CreateCardInput) -> Result<Value> {
        segment("idList", &input.id_list)?;
        if input.name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be blank"));
        }
        let body = object([
            ("name", Some(json!(input.name.trim()))),
            ("idList", Some(json!(input.id_list.trim()))),
            ("desc", input.desc.map(Value::from)),
            ("pos", as_json(&input.pos)),
            ("due", text(&input.due)),
            ("dueComplete", input.due_complete.map(Value::from)),
            ("idMembers", id_list(&input.id_members)),
            ("idLabels", id_list(&input.id_labels)),
            ("urlSource", text(&input.url_source)),
            ("idCardSource", text(&input.id_card_source)),
        ]);
        self.write("POST", "/cards", &body, "create the card").await
    }

    /// Change a card's name, description, list, due date, members or labels
    #[action(name = "Update Card", http(method = "PUT", endpoint = "/cards/{cardId}"))]
    async fn update_card(&self, input: UpdateCardInput) -> Result<Value> {
        let path = format!("/cards/{}", segment("cardId", &input.card_id)?);
        let body = object([
            ("name", text(&input.name)),
            ("desc", input.desc.map(Value::from)),
            ("closed", input.closed.map(Value::from)),
            ("idList", text(&input.id_list)),
            ("idBoard", text(&input.id_board)),
            ("pos", text(&input.pos)),
            ("due", text(&input.due)),
            ("dueComplete", input.due_complete.map(Value::from)),
            ("idMembers", id_list(&input.id_members)),
            ("idLabels", id_list(&input.id_labels)),
        ]);
        self.write("PUT", &path, &body, "update the card").await
    }

    /// Get a card, with its members, checklists and attachments if asked
    #[action(name = "Get Card", http(method = "GET", endpoint = "/cards/{cardId}"))]
    async fn get_card(&self, input: GetCardInput) -> Result<Value> {
        let path = format!("/cards/{}", segment("cardId", &input.card_id)?);
        let mut fields = input.fields.as_deref().map(str::trim).filter(|f| !f.is_empty()).unwrap_or("all").to_owned();
        let labels = input.labels.unwrap_or(true);
        if labels && fields != "all" && !fields.split(',').any(|f| f.trim() == "labels") {
            fields.push_str(",labels");
        }
        let checklists = match input.checklists {
            Some(GetCardInputChecklists::All) => "all",
            _ => "none",
        };
        let query = [
            ("fields", fields),
            ("members", input.members.unwrap_or(true).to_string()),
            ("checklists", checklists.to_owned()),
            ("attachments", input.attachments.unwrap_or(false).to_string()),
        ];
        let mut card = self.read(&path, &query, "get the card").await?;
        if !labels {
            if let Some(card) = card.as_object_mut() {
                card.remove("labels");
            }
        }
        Ok(card)
    }

    /// List the cards of a list, or of a board
    #[action(name = "Get Cards", http(method = "GET", endpoint = "/boards/{boardId}/cards"))]
    async fn get_cards(&self, input: GetCardsInput) -> Result<Vec<Value>> {
        let path = match (filled(&input.list_id), filled(&input.board_id)) {
            (Some(list), _) => format!("/lists/{}/cards", segment("listId", list)?),
            (None, Some(board)) => format!("/boards/{}/cards", segment("boardId", board)?),
            (None, None) => return Err(ConnectorError::invalid_input("give `boardId` or `listId`")),
        };
        let filter = as_json(&input.filter).and_then(|v| v.as_str().map(str::to_owned)).unwrap_or("visible".into());
        let fields = filled(&input.fields).unwrap_or("all").to_owned();
        let limit = count(input.limit, "limit", 100, u64::MAX)?;
        let mut cards =
            self.paged(&path, vec![("filter", filter), ("fields", fields)], limit, "list the cards").await?;
        cards.truncate(limit as usize);
        Ok(cards)
    }

    /// Delete a card for good
    #[action(name = "Delete Card", http(method = "DELETE", endpoint = "/cards/{cardId}"))]
    async fn delete_card(&self, input: DeleteCardInput) -> Result<Value> {
        let path = format!("/cards/{}", segment("cardId", &input.card_id)?);
        self.remove(&path, "delete the card").await?;
        Ok(json!({ "deleted": true, "cardId": input.card_id.trim() }))
    }

    /// Archive a card (or, with `closed` false, send it back to the board)
    #[action(name = "Archive Card", http(method = "PUT", endpoint = "/cards/{cardId}"))]
    async fn archive_card(&self, input: ArchiveCardInput) -> Result<Value> {
        let path = format!("/cards/{}", segment("cardId", &input.card_id)?);
        let body = json!({ "closed": input.closed.unwrap_or(true) });
        self.write("PUT", &path, &body, "archive the card").await
    }

    /// Move a card to another list, on this board or another
    #[action(name = "Move Card", http(method = "PUT", endpoint = "/cards/{cardId}"))]
    async fn move_card(&self, input: MoveCardInput) -> Result<Value> {
        let path = format!("/cards/{}", segment("cardId", &input.card_id)?);
        segment("idList", &input.id_list)?;
        let body = object([
            ("idList", Some(json!(input.id_list.trim()))),
            ("idBoard", text(&input.id_board)),
            ("pos", as_json(&input.pos).or(Some(json!("bottom")))),
        ]);
        self.write("PUT", &path, &body, "move the card").await
    }

    /// Copy a card into a list, keeping what `keepFromSource` names
    #[action(name = "Copy Card", http(method = "POST", endpoint = "/cards"))]
    async fn copy_card(&self, input: CopyCardInput) -> Result<Value> {
        segment("idCardSource", &input.id_card_source)?;
        segment("idList", &input.id_list)?;
        let body = object([
            ("idCardSource", Some(json!(input.id_card_source.trim()))),
            ("idList", Some(json!(input.id_list.trim()))),
            ("name", text(&input.name)),
            ("keepFromSource", Some(json!(filled(&input.keep_from_source).unwrap_or("all")))),
        ]);
        self.write("POST", "/cards", &body, "copy the card").await
    }

    /// Set a card's due date, and when to be reminded
    #[action(name = "Set Due Date", http(method = "PUT", endpoint = "/cards/{cardId}"))]
    async fn set_due_date(&self, input: SetDueDateInput) -> Result<Value> {
        let path = format!("/cards/{}", segment("cardId", &input.card_id)?);
        if input.due.trim().is_empty() {
            return Err(ConnectorError::invalid_input(
                "`due` cannot be blank: give a date such as 2025-01-31T17:00:00Z",
            ));
        }
        let body =
            object([("due", Some(json!(input.due.trim()))), ("dueReminder", input.due_reminder.map(|r| json!(r.0)))]);
        self.write("PUT", &path, &body, "set the due date").await
    }

    /// Mark a card's due date complete (or not)
    #[action(name = "Complete Due Date", http(method = "PUT", endpoint = "/cards/{cardId}"))]
    async fn complete_due_date(&self, input: CompleteDueDateInput) -> Result<Value> {
        let path = format!("/cards/{}", segment("cardId", &input.card_id)?);
        self.write("PUT", &path, &json!({ "dueComplete": input.due_complete }), "complete the due date").await
    }

    /// Add a member to a card; returns the card's members
    #[action(name = "Add Member to Card", http(method = "POST", endpoint = "/cards/{cardId}/idMembers"))]
    async fn add_member(&self, input: AddMemberInput) -> Result<Value> {
        let path = format!("/cards/{}/idMembers", segment("cardId", &input.card_id)?);
        segment("memberId", &input.member_id)?;
        self.write("POST", &path, &json!({ "value": input.member_id.trim() }), "add the member to the card").await
    }

    /// Remove a member from a card; returns the card's members
    #[action(
        name = "Remove Member from Card",
        http(method = "DELETE", endpoint = "/cards/{cardId}/idMembers/{memberId}")
    )]
    async fn remove_member_from_card(&self, input: RemoveMemberFromCardInput) -> Result<Value> {
        let path = format!(
            "/cards/{}/idMembers/{}",
            segment("cardId", &input.card_id)?,
            segment("memberId", &input.member_id)?
        );
        self.remove(&path, "remove the member from the card").await
    }

    /// List the members of a card
    #[action(name = "Get Card Members", http(method = "GET", endpoint = "/cards/{cardId}/members"))]
    async fn get_card_members(&self, input: GetCardMembersInput) -> Result<Value> {
        let path = format!("/cards/{}/members", segment("cardId", &input.card_id)?);
        self.read(&path, &[], "list the card's members").await
    }

    /// Put a label of the board on a card (`value` is the label's id); returns the card's label ids
    #[action(name = "Add Label to Card", http(method = "POST", endpoint = "/cards/{cardId}/idLabels"))]
    async fn add_label_to_card(&self, input: AddLabelToCardInput) -> Result<Value> {
        let path = format!("/cards/{}/idLabels", segment("cardId", &input.card_id)?);
        segment("value", &input.value)?;
        self.write("POST", &path, &json!({ "value": input.value.trim() }), "add the label to the card").await
    }

    /// Take a label off a card
    #[action(name = "Remove Label from Card", http(method = "DELETE", endpoint = "/cards/{cardId}/idLabels/{labelId}"))]
    async fn remove_label_from_card(&self, input: RemoveLabelFromCardInput) -> Result<Value> {
        let path =
            format!("/cards/{}/idLabels/{}", segment("cardId", &input.card_id)?, segment("labelId", &input.label_id)?);
        self.remove(&path, "remove the label from the card").await?;
        Ok(json!({ "removed": true, "cardId": input.card_id.trim(), "labelId": input.label_id.trim() }))
    }

    /// Create a label on a board
    #[action(name = "Create Label", http(method = "POST", endpoint = "/boards/{boardId}/labels"))]
    async fn create_label(&self, input: CreateLabelInput) -> Result<Value> {
        let path = format!("/boards/{}/labels", segment("boardId", &input.board_id)?);
        let body = json!({ "name": input.name, "color": input.color });
        self.write("POST", &path, &body, "create the label").await
    }

    /// Rename a label or change its color
    #[action(name = "Update Label", http(method = "PUT", endpoint = "/labels/{labelId}"))]
    async fn update_label(&self, input: UpdateLabelInput) -> Result<Value> {
        let path = format!("/labels/{}", segment("labelId", &input.label_id)?);
        let body = object([("name", input.name.map(Value::from)), ("color", as_json(&input.color))]);
        if body.as_object().is_some_and(Map::is_empty) {
            return Err(ConnectorError::invalid_input("give `name` or `color` to change"));
        }
        self.write("PUT", &path, &body, "update the label").await
    }

    /// Delete a label from its board (and from every card)
    #[action(name = "Delete Label", http(method = "DELETE", endpoint = "/labels/{labelId}"))]
    async fn delete_label(&self, input: DeleteLabelInput) -> Result<Value> {
        let path = format!("/labels/{}", segment("labelId", &input.label_id)?);
        self.remove(&path, "delete the label").await?;
        Ok(json!({ "deleted": true, "labelId": input.label_id.trim() }))
    }

    /// List the labels of a board
    #[action(name = "Get Board Labels", http(method = "GET", endpoint = "/boards/{boardId}/labels"))]
    async fn get_board_labels(&self, input: GetBoardLabelsInput) -> Result<Value> {
        let path = format!("/boards/{}/labels", segment("boardId", &input.board_id)?);
        let limit = count(input.limit, "limit", 50, PAGE_SIZE)?;
        self.read(&path, &[("limit", limit.to_string())], "list the board's labels").await
    }

    /// Comment on a card; returns the comment action
    #[action(name = "Add Comment", http(method = "POST", endpoint = "/cards/{cardId}/actions/comments"))]
    async fn add_comment(&self, input: AddCommentInput) -> Result<Value> {
        let path = format!("/cards/{}/actions/comments", segment("cardId", &input.card_id)?);
        if input.text.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`text` cannot be blank"));
        }
        self.write("POST", &path, &json!({ "text": input.text }), "add the comment").await
    }

    /// Change a comment's text
    #[action(name = "Update Comment", http(method = "PUT", endpoint = "/actions/{commentId}"))]
    async fn update_comment(&self, input: UpdateCommentInput) -> Result<Value> {
        let path = format!("/actions/{}", segment("commentId", &input.comment_id)?);
        if input.text.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`text` cannot be blank"));
        }
        self.write("PUT", &path, &json!({ "text": input.text }), "update the comment").await
    }

    /// Delete a comment
    #[action(name = "Delete Comment", http(method = "DELETE", endpoint = "/actions/{commentId}"))]
    async fn delete_comment(&self, input: DeleteCommentInput) -> Result<Value> {
        let path = format!("/actions/{}", segment("commentId", &input.comment_id)?);
        self.remove(&path, "delete the comment").await?;
        Ok(json!({ "deleted": true, "commentId": input.comment_id.trim() }))
    }

    /// List a card's comments, newest first
    #[action(name = "Get Card Comments", http(method = "GET", endpoint = "/cards/{cardId}/actions"))]
    async fn get_card_comments(&self, input: GetCardCommentsInput) -> Result<Vec<Value>> {
        let path = format!("/cards/{}/actions", segment("cardId", &input.card_id)?);
        let limit = count(input.limit, "limit", 50, u64::MAX)?;
        let mut comments =
            self.paged(&path, vec![("filter", "commentCard".to_owned())], limit, "list the card's comments").await?;
        comments.truncate(limit as usize);
        Ok(comments)
    }

    /// Add a checklist to a card (a copy of another with `idChecklistSource`)
    #[action(name = "Create Checklist", http(method = "POST", endpoint = "/checklists"))]
    async fn create_checklist(&self, input: CreateChecklistInput) -> Result<Value> {
        segment("cardId", &input.card_id)?;
        let body = object([
            ("idCard", Some(json!(input.card_id.trim()))),
            ("name", Some(json!(input.name))),
            ("pos", as_json(&input.pos)),
            ("idChecklistSource", text(&input.id_checklist_source)),
        ]);
        self.write("POST", "/checklists", &body, "create the checklist").await
    }

    /// Rename a checklist or move it on its card
    #[action(name = "Update Checklist", http(method = "PUT", endpoint = "/checklists/{checklistId}"))]
    async fn update_checklist(&self, input: UpdateChecklistInput) -> Result<Value> {
        let path = format!("/checklists/{}", segment("checklistId", &input.checklist_id)?);
        let body = object([("name", text(&input.name)), ("pos", text(&input.pos))]);
        self.write("PUT", &path, &body, "update the checklist").await
    }

    /// Delete a checklist
    #[action(name = "Delete Checklist", http(method = "DELETE", endpoint = "/checklists/{checklistId}"))]
    async fn delete_checklist(&self, input: DeleteChecklistInput) -> Result<Value> {
        let path = format!("/checklists/{}", segment("checklistId", &input.checklist_id)?);
        self.remove(&path, "delete the checklist").await?;
        Ok(json!({ "deleted": true, "checklistId": input.checklist_id.trim() }))
    }

    /// List a card's checklists with their items
    #[action(name = "Get Checklists", http(method = "GET", endpoint = "/cards/{cardId}/checklists"))]
    async fn get_checklists(&self, input: GetChecklistsInput) -> Result<Value> {
        let path = format!("/cards/{}/checklists", segment("cardId", &input.card_id)?);
        self.read(&path, &[("checkItems", "all".to_owned())], "list the card's checklists").await
    }

    /// Add an item to a checklist
    #[action(name = "Add Checklist Item", http(method = "POST", endpoint = "/checklists/{checklistId}/checkItems"))]
    async fn add_checklist_item(&self, input: AddChecklistItemInput) -> Result<Value> {
        let path = format!("/checklists/{}/checkItems", segment("checklistId", &input.checklist_id)?);
        if input.name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be blank"));
        }
        let body = object([
            ("name", Some(json!(input.name))),
            ("pos", as_json(&input.pos)),
            ("checked", input.checked.map(Value::from)),
            ("due", text(&input.due)),
            ("idMember", text(&input.id_member)),
        ]);
        self.write("POST", &path, &body, "add the checklist item").await
    }

    /// Check or uncheck a checklist item, rename it, or change its due date or member
    #[action(
        name = "Update Checklist Item",
        http(method = "PUT", endpoint = "/cards/{cardId}/checkItem/{checkItemId}")
    )]
    async fn update_checklist_item(&self, input: UpdateChecklistItemInput) -> Result<Value> {
        let path = format!(
            "/cards/{}/checkItem/{}",
            segment("cardId", &input.card_id)?,
            segment("checkItemId", &input.check_item_id)?
        );
        let body = object([
            ("name", text(&input.name)),
            ("state", as_json(&input.state)),
            ("pos", text(&input.pos)),
            ("due", text(&input.due)),
            ("idMember", text(&input.id_member)),
        ]);
        self.write("PUT", &path, &body, "update the checklist item").await
    }

    /// Delete an item of a checklist
    #[action(
        name = "Delete Checklist Item",
        http(method = "DELETE", endpoint = "/checklists/{checklistId}/checkItems/{checkItemId}")
    )]
    async fn delete_checklist_item(&self, input: DeleteChecklistItemInput) -> Result<Value> {
        let path = format!(
            "/checklists/{}/checkItems/{}",
            segment("checklistId", &input.checklist_id)?,
            segment("checkItemId", &input.check_item_id)?
        );
        self.remove(&path, "delete the checklist item").await?;
        Ok(json!({ "deleted": true, "checkItemId": input.check_item_id.trim() }))
    }

    /// Attach a link (a URL) to a card
    #[action(name = "Add Attachment", http(method = "POST", endpoint = "/cards/{cardId}/attachments"))]
    async fn add_attachment(&self, input: AddAttachmentInput) -> Result<Value> {
        let path = format!("/cards/{}/attachments", segment("cardId", &input.card_id)?);
        let url = input.url.trim();
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(ConnectorError::invalid_input("`url` must be an http(s) URL"));
        }
        let body = object([
            ("url", Some(json!(url))),
            ("name", text(&input.name)),
            ("mimeType", text(&input.mime_type)),
            ("setCover", input.set_cover.map(Value::from)),
        ]);
        self.write("POST", &path, &body, "add the attachment").await
    }

    /// List a card's attachments
    #[action(name = "Get Attachments", http(method = "GET", endpoint = "/cards/{cardId}/attachments"))]
    async fn get_attachments(&self, input: GetAttachmentsInput) -> Result<Value> {
        let path = format!("/cards/{}/attachments", segment("cardId", &input.card_id)?);
        self.read(&path, &[], "list the card's attachments").await
    }

    /// Delete an attachment of a card
    #[action(
        name = "Delete Attachment",
        http(method = "DELETE", endpoint = "/cards/{cardId}/attachments/{attachmentId}")
    )]
    async fn delete_attachment(&self, input: DeleteAttachmentInput) -> Result<Value> {
        let path = format!(
            "/cards/{}/attachments/{}",
            segment("cardId", &input.card_id)?,
            segment("attachmentId", &input.attachment_id)?
        );
        self.remove(&path, "delete the attachment").await?;
        Ok(json!({ "deleted": true, "attachmentId": input.attachment_id.trim() }))
    }

    /// Create a board
    #[action(name = "Create Board", http(method = "POST", endpoint = "/boards"))]
    async fn create_board(&self, input: CreateBoardInput) -> Result<Value> {
        if input.name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be blank"));
        }
        let body = object([
            ("name", Some(json!(input.name.trim()))),
            ("desc", input.desc.map(Value::from)),
            ("defaultLists", input.default_lists.map(Value::from)),
            ("defaultLabels", input.default_labels.map(Value::from)),
            ("idOrganization", text(&input.id_organization)),
            ("prefs_permissionLevel", as_json(&input.prefs_permission_level)),
            ("prefs_background", as_json(&input.prefs_background)),
        ]);
        self.write("POST", "/boards", &body, "create the board").await
    }

    /// Rename a board, change its description or settings, or close it
    #[action(name = "Update Board", http(method = "PUT", endpoint = "/boards/{boardId}"))]
    async fn update_board(&self, input: UpdateBoardInput) -> Result<Value> {
        let path = format!("/boards/{}", segment("boardId", &input.board_id)?);
        // Trello names a board's settings `prefs/..` when they change (`prefs_..` at creation).
        let body = object([
            ("name", text(&input.name)),
            ("desc", input.desc.map(Value::from)),
            ("closed", input.closed.map(Value::from)),
            ("prefs/permissionLevel", as_json(&input.prefs_permission_level)),
            ("prefs/background", as_json(&input.prefs_background)),
        ]);
        self.write("PUT", &path, &body, "update the board").await
    }

    /// Get a board, with its lists and members if asked
    #[action(name = "Get Board", http(method = "GET", endpoint = "/boards/{boardId}"))]
    async fn get_board(&self, input: GetBoardInput) -> Result<Value> {
        let path = format!("/boards/{}", segment("boardId", &input.board_id)?);
        let choice = |v: Value| v.as_str().unwrap_or("none").to_owned();
        let query = [
            ("fields", filled(&input.fields).unwrap_or("all").to_owned()),
            ("lists", as_json(&input.lists).map_or("none".to_owned(), choice)),
            ("members", as_json(&input.members).map_or("none".to_owned(), choice)),
        ];
        self.read(&path, &query, "get the board").await
    }

    /// List the boards of the connected member
    #[action(name = "Get Boards", http(method = "GET", endpoint = "/members/me/boards"))]
    async fn get_boards(&self, input: GetBoardsInput) -> Result<Value> {
        let query = [
            ("filter", as_json(&input.filter).and_then(|v| v.as_str().map(str::to_owned)).unwrap_or("open".into())),
            ("fields", filled(&input.fields).unwrap_or("name,desc,url,closed,dateLastActivity").to_owned()),
        ];
        self.read("/members/me/boards", &query, "list the boards").await
    }

    /// Delete a board for good
    #[action(name = "Delete Board", http(method = "DELETE", endpoint = "/boards/{boardId}"))]
    async fn delete_board(&self, input: DeleteBoardInput) -> Result<Value> {
        let path = format!("/boards/{}", segment("boardId", &input.board_id)?);
        self.remove(&path, "delete the board").await?;
        Ok(json!({ "deleted": true, "boardId": input.board_id.trim() }))
    }

    /// Create a list on a board
    #[action(name = "Create List", http(method = "POST", endpoint = "/lists"))]
    async fn create_list(&self, input: CreateListInput) -> Result<Value> {
        segment("boardId", &input.board_id)?;
        if input.name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be blank"));
        }
        let body = object([
            ("name", Some(json!(input.name.trim()))),
            ("idBoard", Some(json!(input.board_id.trim()))),
            ("pos", as_json(&input.pos)),
        ]);
        self.write("POST", "/lists", &body, "create the list").await
    }

    /// Rename a list, move it (to another board too) or archive it
    #[action(name = "Update List", http(method = "PUT", endpoint = "/lists/{listId}"))]
    async fn update_list(&self, input: UpdateListInput) -> Result<Value> {
        let path = format!("/lists/{}", segment("listId", &input.list_id)?);
        let body = object([
            ("name", text(&input.name)),
            ("closed", input.closed.map(Value::from)),
            ("pos", text(&input.pos)),
            ("idBoard", text(&input.id_board)),
        ]);
        self.write("PUT", &path, &body, "update the list").await
    }

    /// Archive a list (or, with `value` false, bring it back)
    #[action(name = "Archive List", http(method = "PUT", endpoint = "/lists/{listId}/closed"))]
    async fn archive_list(&self, input: ArchiveListInput) -> Result<Value> {
        let path = format!("/lists/{}/closed", segment("listId", &input.list_id)?);
        self.write("PUT", &path, &json!({ "value": input.value.unwrap_or(true) }), "archive the list").await
    }

    /// List the lists of a board
    #[action(name = "Get Lists", http(method = "GET", endpoint = "/boards/{boardId}/lists"))]
    async fn get_lists(&self, input: GetListsInput) -> Result<Value> {
        let path = format!("/boards/{}/lists", segment("boardId", &input.board_id)?);
        let filter = as_json(&input.filter).and_then(|v| v.as_str().map(str::to_owned)).unwrap_or("open".into());
        self.read(&path, &[("filter", filter)], "list the board's lists").await
    }

    /// Move every card of a list to another list (`idList`, on board `idBoard`)
    #[action(name = "Move All Cards", http(method = "POST", endpoint = "/lists/{listId}/moveAllCards"))]
    async fn move_all_cards(&self, input: MoveAllCardsInput) -> Result<Value> {
        let path = format!("/lists/{}/moveAllCards", segment("listId", &input.list_id)?);
        segment("idBoard", &input.id_board)?;
        segment("idList", &input.id_list)?;
        let body = json!({ "idBoard": input.id_board.trim(), "idList": input.id_list.trim() });
        self.write("POST", &path, &body, "move the list's cards").await
    }

    /// Archive every card of a list
    #[action(name = "Archive All Cards", http(method = "POST", endpoint = "/lists/{listId}/archiveAllCards"))]
    async fn archive_all_cards(&self, input: ArchiveAllCardsInput) -> Result<Value> {
        let path = format!("/lists/{}/archiveAllCards", segment("listId", &input.list_id)?);
        self.write("POST", &path, &json!({}), "archive the list's cards").await
    }

    /// Get a member (`me`: the connected one)
    #[action(name = "Get Member", http(method = "GET", endpoint = "/members/{memberId}"))]
    async fn get_member(&self, input: GetMemberInput) -> Result<Value> {
        let path = format!("/members/{}", segment("memberId", &input.member_id)?);
        let fields = filled(&input.fields).unwrap_or("fullName,username,email,avatarUrl").to_owned();
        self.read(&path, &[("fields", fields)], "get the member").await
    }

    /// List the members of a board
    #[action(name = "Get Board Members", http(method = "GET", endpoint = "/boards/{boardId}/members"))]
    async fn get_board_members(&self, input: GetBoardMembersInput) -> Result<Value> {
        let path = format!("/boards/{}/members", segment("boardId", &input.board_id)?);
        self.read(&path, &[], "list the board's members").await
    }

    /// Add a member to a board, as a normal member, an admin or an observer
    #[action(name = "Add Member to Board", http(method = "PUT", endpoint = "/boards/{boardId}/members/{memberId}"))]
    async fn add_member_to_board(&self, input: AddMemberToBoardInput) -> Result<Value> {
        let path = format!(
            "/boards/{}/members/{}",
            segment("boardId", &input.board_id)?,
            segment("memberId", &input.member_id)?
        );
        let kind = as_json(&input.r#type).unwrap_or(json!("normal"));
        self.write("PUT", &path, &json!({ "type": kind }), "add the member to the board").await
    }

    /// Remove a member from a board
    #[action(
        name = "Remove Member from Board",
        http(method = "DELETE", endpoint = "/boards/{boardId}/members/{memberId}")
    )]
    async fn remove_member_from_board(&self, input: RemoveMemberFromBoardInput) -> Result<Value> {
        let path = format!(
            "/boards/{}/members/{}",
            segment("boardId", &input.board_id)?,
            segment("memberId", &input.member_id)?
        );
        self.remove(&path, "remove the member from the board").await
    }

    /// Search cards, boards and more by text
    #[action(name = "Search", http(method = "GET", endpoint = "/search"))]
    async fn search(&self, input: SearchInput) -> Result<Value> {
        if input.query.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`query` cannot be blank"));
        }
        let mut query = vec![
            ("query", input.query.trim().to_owned()),
            ("modelTypes", filled(&input.model_types).unwrap_or("cards,boards").to_owned()),
            ("cards_limit", count(input.cards_limit, "cards_limit", 10, PAGE_SIZE)?.to_string()),
            ("boards_limit", count(input.boards_limit, "boards_limit", 10, PAGE_SIZE)?.to_string()),
            ("partial", input.partial.unwrap_or(true).to_string()),
        ];
        if let Some(boards) = filled(&input.id_boards) {
            query.push(("idBoards", boards.to_owned()));
        }
        self.read("/search", &query, "search").await
    }

    /// A card was created on the board (created, copied, converted from a checklist item or
    /// emailed in)
    #[trigger(name = "Card Created", webhook)]
    async fn card_created(&self, _config: CardCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery(&request, |a| of_type(a, &["createCard", "copyCard", "convertToCardFromCheckItem", "emailCard"]))
    }

    /// A card of the board was changed (any change: name, description, list, due date, archive)
    #[trigger(name = "Card Updated", webhook)]
    async fn card_updated(&self, _config: CardUpdatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery(&request, |a| of_type(a, &["updateCard"]))
    }

    /// A card moved to another list of the board; with `listId`, only into that list
    #[trigger(name = "Card Moved", webhook)]
    async fn card_moved(&self, config: CardMovedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        let list = filled(&config.list_id).map(str::to_owned);
        delivery(&request, |a| {
            let moved = of_type(a, &["updateCard"])
                && a["data"]["listBefore"].is_object()
                && a["data"]["listAfter"].is_object();
            moved && list.as_deref().is_none_or(|l| a["data"]["listAfter"]["id"].as_str() == Some(l))
        })
    }

    /// A card of the board was archived
    #[trigger(name = "Card Archived", webhook)]
    async fn card_archived(&self, _config: CardArchivedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery(&request, |a| {
            of_type(a, &["updateCard"])
                && a["data"]["card"]["closed"] == json!(true)
                && a["data"]["old"]["closed"] == json!(false)
        })
    }

    /// Someone commented on a card of the board
    #[trigger(name = "Comment Added", webhook)]
    async fn comment_added(&self, _config: CommentAddedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery(&request, |a| of_type(a, &["commentCard"]))
    }

    /// A member was added to a card of the board
    #[trigger(name = "Member Added to Card", webhook)]
    async fn member_added_to_card(
        &self,
        _config: MemberAddedToCardConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        delivery(&request, |a| of_type(a, &["addMemberToCard"]))
    }

    /// A member was removed from a card of the board
    #[trigger(name = "Member Removed from Card", webhook)]
    async fn member_removed_from_card(
        &self,
        _config: MemberRemovedFromCardConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        delivery(&request, |a| of_type(a, &["removeMemberFromCard"]))
    }

    /// A label was put on a card of the board; with `labelId`, only that label
    #[trigger(name = "Label Added to Card", webhook)]
    async fn label_added_to_card(&self, config: LabelAddedToCardConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        let label = filled(&config.label_id).map(str::to_owned);
        delivery(&request, |a| {
            of_type(a, &["addLabelToCard"])
                && label.as_deref().is_none_or(|l| a["data"]["label"]["id"].as_str() == Some(l))
        })
    }

    /// Every item of a checklist of the board is now checked
    ///
    /// Trello sends one `updateCheckItemStateOnCard` per item checked; the trigger reads that
    /// item's checklist and emits the delivery (with the checklist as `checklist`) only when no
    /// item is left unchecked, so a checklist completes once per completion.
    #[trigger(name = "Checklist Completed", webhook)]
    async fn checklist_completed(
        &self,
        _config: ChecklistCompletedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        let checked = delivery(&request, |a| {
            of_type(a, &["updateCheckItemStateOnCard"]) && a["data"]["checkItem"]["state"] == json!("complete")
        })?;
        let Some(mut event) = checked.into_iter().next() else { return Ok(vec![]) };
        let Some(checklist_id) = event["action"]["data"]["checklist"]["id"].as_str() else {
            return Ok(vec![]);
        };
        let path = format!("/checklists/{}", segment("checklist id", checklist_id)?);
        let query = [("checkItems", "all".to_owned()), ("fields", "name,idCard,idBoard,pos".to_owned())];
        let checklist = self.read(&path, &query, "read the checklist").await?;
        let items = checklist["checkItems"].as_array().map(Vec::as_slice).unwrap_or_default();
        if items.is_empty() || items.iter().any(|i| i["state"] != json!("complete")) {
            return Ok(vec![]);
        }
        event["checklist"] = checklist;
        Ok(vec![event])
    }

    /// A card of the board is due within `hoursBeforeDue` hours
    ///
    /// Polls the board's open cards; each card is emitted once per due date (a new due date
    /// makes it due again), oldest due first. Cards already due within the window when the
    /// trigger starts are recorded, not emitted; done (`dueComplete`) and past-due cards never are.
    #[trigger(name = "Due Date Approaching", polling)]
    async fn due_date_approaching(
        &self,
        config: DueDateApproachingConfig,
        cursor: Option<Value>,
    ) -> Result<Polled<Value>> {
        let hours = config.hours_before_due.unwrap_or(24.0);
        if !hours.is_finite() || hours <= 0.0 {
            return Err(ConnectorError::invalid_input("`hoursBeforeDue` must be a positive number of hours"));
        }
        let path = format!("/boards/{}/cards", segment("boardId", &config.board_id)?);
        let cards = self.read(&path, &[("filter", "open".to_owned())], "list the board's cards").await?;
        let now = chrono::Utc::now();
        let until = now + chrono::Duration::seconds((hours * 3600.0) as i64);
        let mut due_soon: Vec<(chrono::DateTime<chrono::Utc>, String, Value)> = Vec::new();
        for card in cards.as_array().into_iter().flatten() {
            let (Some(id), Some(due)) = (card["id"].as_str(), card["due"].as_str()) else { continue };
            if card["dueComplete"] == json!(true) || card["closed"] == json!(true) {
                continue;
            }
            let Ok(at) = chrono::DateTime::parse_from_rfc3339(due) else { continue };
            let at = at.with_timezone(&chrono::Utc);
            if at >= now && at <= until {
                due_soon.push((at, format!("{id}@{due}"), card.clone()));
            }
        }
        due_soon.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let first = cursor.is_none();
        let mut state: DueCursor = cursor.and_then(|c| serde_json::from_value(c).ok()).unwrap_or_default();
        // A pair whose card is no longer due soon (passed, done, moved) is forgotten.
        state.emitted.retain(|key| due_soon.iter().any(|(_, k, _)| k == key));
        let mut events = Vec::new();
        for (_, key, card) in due_soon {
            if state.emitted.contains(&key) {
                continue;
            }
            state.emitted.push(key);
            if !first {
                events.push(card);
            }
        }
        Ok(Polled { events, cursor: Some(json!(state)) })
    }

    /// A file or link was attached to a card of the board
    #[trigger(name = "Attachment Added", webhook)]
    async fn attachment_added(&self, _config: AttachmentAddedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery(&request, |a| of_type(a, &["addAttachmentToCard"]))
    }

    /// A list was created on the board
    #[trigger(name = "List Created", webhook)]
    async fn list_created(&self, _config: ListCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery(&request, |a| of_type(a, &["createList"]))
    }

    /// The board itself was changed (name, description, settings, closed)
    #[trigger(name = "Board Updated", webhook)]
    async fn board_updated(&self, _config: BoardUpdatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery(&request, |a| of_type(a, &["updateBoard"]))
    }

    /// Registers the board's webhook at the trigger's URL (reusing one already there).
    async fn add_webhook<C: BoardWatch>(&self, config: C, context: SubscribeContext) -> Result<Subscription> {
        self.ensure_webhook(&config, context).await
    }

    /// Deletes the subscription's webhook; one Trello no longer has (404) is already gone.
    async fn delete_webhook<C>(&self, _config: C, subscription: Subscription) -> Result<()> {
        let path = format!("/webhooks/{}", segment("webhook id", &subscription.upstream_id)?);
        match self.http.delete(&path).send().await {
            Ok(_) => Ok(()),
            Err(error) if error.code == ErrorCode::NotFound => Ok(()),
            Err(error) => Err(refused("delete the webhook", error)),
        }
    }

    /// Reads the connected member (`GET /members/me`): proves the key and the token work
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.read("/members/me", &[("fields", "id".to_owned())], "read the connected member").await.map(drop)
    }
}
