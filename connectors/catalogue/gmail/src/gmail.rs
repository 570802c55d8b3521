use base64::Engine;
use fluxturn_core::http::path_segment;
use fluxturn_core::prelude::*;
use futures_util::{stream, StreamExt};
use serde_json::{json, Map, Value};

use connectors_google as google;

pub mod html;
pub mod incoming;
pub mod outgoing;
mod poll;

use incoming::{Email, Message};
use outgoing::{Attachment, Composed, Thread};

/// Send, search, read, label and draft email in a Gmail mailbox, and react to mail received or sent
#[connector(
    name = "gmail",
    display_name = "Gmail",
    category = "communication",
    base_url = "https://gmail.googleapis.com",
    rate_limit(requests_per_second = 25),
    icon = "icons/gmail.svg",
    // `gmail.modify` is the one scope that reads, sends, drafts, labels and trashes mail
    // (FluxTurn asks for `gmail.send` and `gmail.readonly` beside it, which it contains).
    auth = [oauth2(
        provider = "google",
        scopes = ["https://www.googleapis.com/auth/gmail.modify"],
    )],
    credentials = connectors_google::GoogleCredentials,
    test_endpoint = "/gmail/v1/users/me/profile",
)]
pub struct Gmail {
    http: Http,
}

/// The signed-in user's messages.
const MESSAGES: &str = "/gmail/v1/users/me/messages";
/// How many messages are read from Gmail at once.
const FETCH_CONCURRENCY: usize = 5;
/// The most messages one search returns (each is read in full).
const MAX_SEARCH_RESULTS: u32 = 500;
/// Gmail's system labels, whose IDs are their names.
const SYSTEM_LABELS: &[&str] = &["INBOX", "SPAM", "TRASH", "UNREAD", "STARRED", "IMPORTANT", "SENT", "DRAFT", "CHAT"];

fn yes() -> bool {
    true
}

fn ten() -> u32 {
    10
}

/// The input of `send_email`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct SendEmail {
    /// Recipients, separated by commas: `jane@example.com` or `Jane Doe <jane@example.com>`
    #[field(label = "To", placeholder = "jane@example.com, Joe <joe@example.com>")]
    #[serde(deserialize_with = "addresses")]
    pub to: String,
    /// The subject line
    #[field(label = "Subject")]
    pub subject: String,
    /// The message. HTML (what the editor writes) is sent with a plain-text version for mail
    /// programs that show no HTML; plain text is sent as it is.
    #[field(label = "Body", input_type = "richtext")]
    pub body: String,
    /// Copy recipients, separated by commas
    #[field(label = "CC")]
    #[serde(default, deserialize_with = "optional_addresses")]
    pub cc: Option<String>,
    /// Blind-copy recipients, separated by commas (the others do not see them)
    #[field(label = "BCC")]
    #[serde(default, deserialize_with = "optional_addresses")]
    pub bcc: Option<String>,
    /// Files to attach, each `{"filename": "report.pdf", "content": "<base64>", "mimeType": "application/pdf"}`
    #[field(label = "Attachments")]
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// Send as a reply to this message (its Gmail ID): in its conversation, referring to it.
    ///
    /// Gmail keeps a reply in the conversation when the subject is the same (a leading `Re:` aside).
    #[field(label = "Reply to Message ID")]
    pub reply_to_message_id: Option<String>,
}

/// The input of `create_draft`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateDraft {
    /// Recipients, separated by commas: `jane@example.com` or `Jane Doe <jane@example.com>`
    #[field(label = "To", placeholder = "jane@example.com, Joe <joe@example.com>")]
    #[serde(deserialize_with = "addresses")]
    pub to: String,
    /// The subject line
    #[field(label = "Subject")]
    pub subject: String,
    /// The message: HTML (with a plain-text version) or plain text
    #[field(label = "Body", input_type = "richtext")]
    pub body: String,
    /// Draft a reply to this message (its Gmail ID), in its conversation
    #[field(label = "Reply to Message ID")]
    pub reply_to_message_id: Option<String>,
}

/// The input of `search_emails`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct SearchEmails {
    /// What to look for, in Gmail's search syntax, e.g. `from:jane@example.com is:unread newer_than:2d`
    #[field(
        label = "Search Query",
        placeholder = "from:jane@example.com has:attachment",
        help_url = "https://support.google.com/mail/answer/7190"
    )]
    pub query: String,
    /// How many emails to return at most (newest first; up to 500)
    #[field(label = "Max Results", default = 10, min = 1, max = 500)]
    #[serde(default = "ten")]
    pub max_results: u32,
    /// Only emails with all of these labels: IDs (`INBOX`, `Label_12`) or names
    #[field(label = "Label IDs")]
    #[serde(default, deserialize_with = "text_list")]
    pub label_ids: Vec<String>,
}

/// How much of a message Gmail returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MessageFormat {
    /// Everything: headers, text, HTML, attachment list
    #[default]
    Full,
    /// Headers only
    Metadata,
    /// IDs, labels and snippet only
    Minimal,
    /// The whole message in RFC 5322 form (base64url), in `raw`
    Raw,
}

impl MessageFormat {
    fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Metadata => "metadata",
            Self::Minimal => "minimal",
            Self::Raw => "raw",
        }
    }
}

/// The input of `get_email`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetEmail {
    /// Gmail's ID of the message
    #[field(label = "Message ID")]
    pub message_id: String,
    /// How much of the message to read
    #[field(label = "Format", default = "full")]
    #[serde(default)]
    pub format: MessageFormat,
}

/// The input of `delete_email`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DeleteEmail {
    /// Gmail's ID of the message
    #[field(label = "Message ID")]
    pub message_id: String,
}

/// The input of `add_label`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct AddLabel {
    /// Gmail's ID of the message
    #[field(label = "Message ID")]
    pub message_id: String,
    /// Labels to add: IDs (`STARRED`, `Label_12`) or names
    #[field(label = "Label IDs")]
    #[serde(deserialize_with = "text_list")]
    pub add_label_ids: Vec<String>,
}

/// The input of `remove_label`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct RemoveLabel {
    /// Gmail's ID of the message
    #[field(label = "Message ID")]
    pub message_id: String,
    /// Labels to remove: IDs (`UNREAD`, `INBOX`, `Label_12`) or names
    #[field(label = "Label IDs")]
    #[serde(deserialize_with = "text_list")]
    pub remove_label_ids: Vec<String>,
}

/// Which received emails a trigger reports, by whether they were read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReadStatus {
    /// Read or not
    #[default]
    All,
    /// Unread only
    Unread,
    /// Read only
    Read,
}

/// Minutes between two checks for new mail.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum PollingInterval {
    /// Every minute
    #[serde(rename = "1")]
    One,
    /// Every 5 minutes
    #[default]
    #[serde(rename = "5")]
    Five,
    /// Every 15 minutes
    #[serde(rename = "15")]
    Fifteen,
    /// Every 30 minutes
    #[serde(rename = "30")]
    Thirty,
    /// Every hour
    #[serde(rename = "60")]
    Sixty,
}

/// Minutes between two checks for sent mail.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum SentPollingInterval {
    /// Every 5 minutes
    #[default]
    #[serde(rename = "5")]
    Five,
    /// Every 15 minutes
    #[serde(rename = "15")]
    Fifteen,
    /// Every 30 minutes
    #[serde(rename = "30")]
    Thirty,
    /// Every hour
    #[serde(rename = "60")]
    Sixty,
}

/// Configuration of `email_received`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct EmailReceived {
    /// Report read emails, unread ones, or both
    #[field(label = "Read Status", default = "all")]
    #[serde(default)]
    pub read_status: ReadStatus,
    /// Only emails whose sender (`From`) contains this text: an address, a domain or a name
    #[field(label = "Sender", placeholder = "jane@example.com")]
    pub sender: Option<String>,
    /// Only emails with all of these labels: IDs (`INBOX`, `IMPORTANT`, `Label_12`) or names
    #[field(label = "Label IDs")]
    #[serde(default, deserialize_with = "text_list")]
    pub label_ids: Vec<String>,
    /// Only emails that also match this Gmail search, e.g. `has:attachment subject:invoice`
    #[field(label = "Search Query", help_url = "https://support.google.com/mail/answer/7190")]
    pub search_query: Option<String>,
    /// Also report emails that land in Spam or Trash
    #[field(label = "Include Spam and Trash", default = false)]
    #[serde(default)]
    pub include_spam_trash: bool,
    /// How often to check, in minutes
    #[field(label = "Polling Interval", default = "5")]
    #[serde(default)]
    pub polling_interval: PollingInterval,
    /// Report each email in the simple form (headers by name, decoded text and HTML) rather than
    /// Gmail's message resource
    #[field(label = "Simplify", default = true)]
    #[serde(default = "yes")]
    pub simple: bool,
}

/// Configuration of `email_sent`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct EmailSent {
    /// How often to check, in minutes
    #[field(label = "Polling Interval", default = "5")]
    #[serde(default)]
    pub polling_interval: SentPollingInterval,
}

/// A message as Gmail answers a send, a label change or a trash: its IDs and labels.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageRef {
    /// Gmail's ID of the message
    pub id: String,
    /// Gmail's ID of its conversation
    #[serde(default)]
    pub thread_id: String,
    /// Its labels after the change
    #[serde(default)]
    pub label_ids: Vec<String>,
}

/// A draft Gmail saved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Draft {
    /// Gmail's ID of the draft
    pub id: String,
    /// The message it holds
    #[serde(default)]
    pub message: MessageRef,
}

/// A label of the mailbox, as `users.labels.list` lists it.
#[derive(Debug, Deserialize)]
struct Label {
    id: String,
    #[serde(default)]
    name: String,
}

#[actions]
impl Gmail {
    /// Send an email from the connected account: HTML or plain text, with copies, blind copies,
    /// attachments, and as a reply in a conversation
    #[action(
        name = "Send Email",
        category = "Messages",
        icon = "send",
        http(method = "POST", endpoint = "/gmail/v1/users/me/messages/send")
    )]
    async fn send_email(&self, input: SendEmail) -> Result<MessageRef> {
        let email = Composed::new(
            &input.to,
            input.cc.as_deref(),
            input.bcc.as_deref(),
            &input.subject,
            &input.body,
            &input.attachments,
        )?;
        let thread = self.thread_of(input.reply_to_message_id.as_deref()).await?;
        let message = message_body(&email, thread.as_ref());
        self.http.post(&format!("{MESSAGES}/send")).json(&message).send_json().await
    }

    /// Search the mailbox with Gmail's search syntax and read each email found
    #[action(
        name = "Search Emails",
        category = "Messages",
        icon = "search",
        idempotent,
        http(method = "GET", endpoint = "/gmail/v1/users/me/messages")
    )]
    async fn search_emails(&self, input: SearchEmails) -> Result<Vec<Email>> {
        let max = input.max_results.clamp(1, MAX_SEARCH_RESULTS);
        let mut query = Map::new();
        if !input.query.trim().is_empty() {
            query.insert("q".into(), input.query.trim().into());
        }
        query.insert("maxResults".into(), max.into());
        let labels = self.label_ids(&input.label_ids).await?;
        if !labels.is_empty() {
            query.insert("labelIds".into(), labels.into());
        }
        let found: Vec<MessageRef> = google::list_all(&self.http, MESSAGES, &query, "messages", max as usize).await?;
        let messages = self.fetch_messages(found.into_iter().map(|m| m.id).collect(), MessageFormat::Full).await?;
        Ok(messages.iter().map(|(message, _)| message.simple()).collect())
    }

    /// Read one email: its headers, text, HTML and attachment list
    #[action(
        name = "Get Email",
        category = "Messages",
        icon = "mail",
        idempotent,
        http(method = "GET", endpoint = "/gmail/v1/users/me/messages/{messageId}")
    )]
    async fn get_email(&self, input: GetEmail) -> Result<Email> {
        let message: Message = self
            .http
            .get(&message_path(&input.message_id)?)
            .query(&json!({ "format": input.format.as_str() }))
            .send_json()
            .await?;
        Ok(message.simple())
    }

    /// Move an email to the Trash, where Gmail deletes it for good after 30 days
    ///
    /// Trashing is what Gmail's own Delete does, and it needs no more than the `gmail.modify`
    /// scope; deleting at once would need full access to the mailbox.
    #[action(
        name = "Delete Email",
        category = "Messages",
        icon = "trash",
        idempotent,
        http(method = "POST", endpoint = "/gmail/v1/users/me/messages/{messageId}/trash")
    )]
    async fn delete_email(&self, input: DeleteEmail) -> Result<MessageRef> {
        let path = format!("{}/trash", message_path(&input.message_id)?);
        self.http.post(&path).idempotent().send_json().await
    }

    /// Add labels to an email (star it, mark it important or unread, file it under a label of yours)
    #[action(
        name = "Add Label to Email",
        category = "Labels",
        icon = "tag",
        idempotent,
        http(method = "POST", endpoint = "/gmail/v1/users/me/messages/{messageId}/modify")
    )]
    async fn add_label(&self, input: AddLabel) -> Result<MessageRef> {
        self.modify_labels(&input.message_id, "addLabelIds", &input.add_label_ids).await
    }

    /// Remove labels from an email (mark it read by removing `UNREAD`, archive it by removing `INBOX`)
    #[action(
        name = "Remove Label from Email",
        category = "Labels",
        icon = "tag",
        idempotent,
        http(method = "POST", endpoint = "/gmail/v1/users/me/messages/{messageId}/modify")
    )]
    async fn remove_label(&self, input: RemoveLabel) -> Result<MessageRef> {
        self.modify_labels(&input.message_id, "removeLabelIds", &input.remove_label_ids).await
    }

    /// Save an email as a draft, to review and send from Gmail
    #[action(
        name = "Create Draft",
        category = "Drafts",
        icon = "file",
        http(method = "POST", endpoint = "/gmail/v1/users/me/drafts")
    )]
    async fn create_draft(&self, input: CreateDraft) -> Result<Draft> {
        let email = Composed::new(&input.to, None, None, &input.subject, &input.body, &[])?;
        let thread = self.thread_of(input.reply_to_message_id.as_deref()).await?;
        let draft = json!({ "message": message_body(&email, thread.as_ref()) });
        self.http.post("/gmail/v1/users/me/drafts").json(&draft).send_json().await
    }

    /// An email arrived in the mailbox (not one you sent yourself, nor a draft)
    ///
    /// Polls Gmail's history of the mailbox: every arrival is reported once, in order, however
    /// many arrive together. The first check only notes where the mailbox stands.
    #[trigger(
        name = "Email Received",
        event_type = "email.received",
        polling,
        event_id = "/id",
        aliases = ["new_email"]
    )]
    async fn email_received(&self, config: EmailReceived, cursor: Option<Value>) -> Result<Polled<Value>> {
        let labels = self.label_ids(&config.label_ids).await?;
        poll::poll(self, &poll::Watch::received(&config, labels), cursor).await
    }

    /// You sent an email (from Gmail, another mail program or the API)
    ///
    /// Polls Gmail's history of the mailbox for messages that gain the `SENT` label.
    #[trigger(name = "Email Sent", event_type = "email.sent", polling, event_id = "/id")]
    async fn email_sent(&self, _config: EmailSent, cursor: Option<Value>) -> Result<Polled<Value>> {
        poll::poll(self, &poll::Watch::sent(), cursor).await
    }
}

impl Gmail {
    /// `POST .../modify` with the labels (IDs or names) under `key`.
    async fn modify_labels(&self, message_id: &str, key: &str, labels: &[String]) -> Result<MessageRef> {
        let path = format!("{}/modify", message_path(message_id)?);
        let labels = self.label_ids(labels).await?;
        if labels.is_empty() {
            return Err(ConnectorError::invalid_input(format!("`{key}` needs at least one label")));
        }
        self.http.post(&path).json(&json!({ key: labels })).idempotent().send_json().await
    }

    /// The IDs of labels given by ID or by name (any case). Gmail's system labels and `Label_...`
    /// IDs are taken as they are; any other asks Gmail for the mailbox's labels once.
    async fn label_ids(&self, wanted: &[String]) -> Result<Vec<String>> {
        let wanted: Vec<&str> = wanted.iter().map(|w| w.trim()).filter(|w| !w.is_empty()).collect();
        if wanted.iter().all(|w| is_label_id(w)) {
            return Ok(wanted.into_iter().map(str::to_owned).collect());
        }
        let labels: Vec<Label> = {
            let mut answer: Value = self.http.get("/gmail/v1/users/me/labels").send_json().await?;
            serde_json::from_value(answer["labels"].take()).unwrap_or_default()
        };
        wanted
            .into_iter()
            .map(|wanted| {
                let found = labels
                    .iter()
                    .find(|l| l.id == wanted)
                    .or_else(|| labels.iter().find(|l| l.name.eq_ignore_ascii_case(wanted)))
                    .or_else(|| labels.iter().find(|l| l.id.eq_ignore_ascii_case(wanted)));
                found.map(|l| l.id.clone()).ok_or_else(|| {
                    let names: Vec<&str> = labels.iter().map(|l| l.name.as_str()).take(50).collect();
                    ConnectorError::invalid_input(format!(
                        "no Gmail label has the name or ID `{wanted}`; the mailbox's labels: {}",
                        names.join(", ")
                    ))
                })
            })
            .collect()
    }

    /// The conversation a reply to message `id` joins (none without an ID).
    async fn thread_of(&self, id: Option<&str>) -> Result<Option<Thread>> {
        let Some(id) = id.map(str::trim).filter(|id| !id.is_empty()) else {
            return Ok(None);
        };
        let query = json!({ "format": "metadata", "metadataHeaders": ["Message-ID", "References"] });
        let request = google::with_query(self.http.get(&message_path(id)?), query.as_object().unwrap_or(&Map::new()));
        let message: Message = request.send_json().await.map_err(|mut error| {
            error.message = format!("the message to reply to (`{id}`): {}", error.message);
            error
        })?;
        let thread =
            Thread::answering(message.thread_id.clone(), message.header("Message-ID"), message.header("References"));
        Ok(Some(thread))
    }

    /// Messages by ID in `format`, in the order given, each parsed and as Gmail returned it; a
    /// message deleted since its ID was listed is left out.
    async fn fetch_messages(&self, ids: Vec<String>, format: MessageFormat) -> Result<Vec<(Message, Value)>> {
        let answers: Vec<Result<Option<Value>>> =
            stream::iter(ids).map(|id| self.fetch_message(id, format)).buffered(FETCH_CONCURRENCY).collect().await;
        let mut messages = Vec::with_capacity(answers.len());
        for answer in answers {
            if let Some(value) = answer? {
                let message = serde_json::from_value(value.clone()).map_err(|e| {
                    ConnectorError::new(
                        ErrorCode::InvalidResponse,
                        format!("Gmail's message is not what was expected: {e}"),
                    )
                })?;
                messages.push((message, value));
            }
        }
        Ok(messages)
    }

    async fn fetch_message(&self, id: String, format: MessageFormat) -> Result<Option<Value>> {
        let answer = self.http.get(&message_path(&id)?).query(&json!({ "format": format.as_str() })).send_json().await;
        match answer {
            Ok(message) => Ok(Some(message)),
            Err(error) if error.code == ErrorCode::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// The path of message `id`; an empty ID is an input error.
fn message_path(id: &str) -> Result<String> {
    let id = id.trim();
    if id.is_empty() {
        return Err(ConnectorError::invalid_input("`messageId` is empty"));
    }
    Ok(format!("{MESSAGES}/{}", path_segment(id)))
}

/// Whether `label` is a label ID as it is (a system label, a category, `Label_...`).
fn is_label_id(label: &str) -> bool {
    SYSTEM_LABELS.contains(&label) || label.starts_with("CATEGORY_") || label.starts_with("Label_")
}

/// The message resource Gmail sends or drafts: the RFC 5322 message in base64url, in `thread`.
fn message_body(email: &Composed, thread: Option<&Thread>) -> Value {
    let raw = base64::engine::general_purpose::URL_SAFE.encode(email.to_rfc5322(thread));
    let mut message = json!({ "raw": raw });
    if let Some(thread) = thread {
        message["threadId"] = thread.thread_id.clone().into();
    }
    message
}

/// Base64 in either alphabet, padded or not, whitespace ignored (what Gmail and people send).
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let url_safe: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            other => other,
        })
        .collect();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(url_safe).ok()
}

/// A list of texts: a JSON array, or one text of items separated by commas.
fn text_list<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Vec<String>, D::Error> {
    let items = match Value::deserialize(deserializer)? {
        Value::Null => Vec::new(),
        Value::Array(items) => items.iter().map(text_of).collect(),
        Value::String(text) => text.split(',').map(str::to_owned).collect(),
        other => vec![text_of(&other)],
    };
    Ok(items.into_iter().map(|item| item.trim().to_owned()).filter(|item| !item.is_empty()).collect())
}

/// Recipients as text: one text, or a JSON array of addresses (joined with commas).
fn addresses<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<String, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(", "),
        other => text_of(&other),
    })
}

fn optional_addresses<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<String>, D::Error> {
    addresses(deserializer).map(|text| (!text.trim().is_empty()).then_some(text))
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
