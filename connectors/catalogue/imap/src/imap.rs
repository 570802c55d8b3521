use fluxturn_core::prelude::*;
use serde_json::{Map, Value};
use std::time::Duration;

mod email;
mod mailbox_name;
mod poll;
mod search;
mod session;

use session::ImapClient;

/// Start workflows from the emails that arrive in an IMAP mailbox
///
/// Each poll signs in over TLS (from the start, or upgraded with STARTTLS when the server offers
/// it), looks at the mailbox by message UID and emits the emails that arrived since the poll
/// before.
#[connector(
    name = "imap",
    display_name = "IMAP (Email Trigger)",
    category = "communication",
    rate_limit(requests_per_minute = 60),
    icon = "icons/imap.svg",
    auth = custom,
    credentials = ImapCredentials,
)]
pub struct Imap {
    client: ImapClient,
}

/// Where the IMAP server is and how FluxTurn signs in to it.
#[derive(Credentials)]
pub struct ImapCredentials {
    /// The user to sign in as, often the email address
    #[field(label = "User", placeholder = "me@example.com")]
    pub user: String,
    /// The user's password (or app password)
    #[field(label = "Password", secret)]
    pub password: Secret<String>,
    /// The IMAP server's host name (or IP address)
    #[field(label = "Host", placeholder = "imap.example.com")]
    pub host: String,
    /// 993 for SSL/TLS from the start, 143 for STARTTLS
    #[field(label = "Port", placeholder = "993")]
    pub port: u16,
    /// Speak TLS from the first byte (IMAPS). Off, the connection is upgraded with STARTTLS when
    /// the server offers it, and stays unencrypted when it does not.
    ///
    /// Left unset, it is on for port 993 only.
    #[field(label = "SSL/TLS")]
    pub secure: Option<bool>,
    /// Accept a certificate no public authority vouches for (self-signed, expired, for another
    /// name). Only for servers you control: the connection can then be intercepted.
    #[field(label = "Ignore SSL Issues", default = false)]
    pub allow_unauthorized_certs: Option<bool>,
}

/// What happens to an email once it has been emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PostProcessAction {
    /// Mark as read
    Read,
    /// Nothing (the mailbox is only read, never changed)
    Nothing,
}

/// The shape of each emitted email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EmailShape {
    /// Simple: sender, recipients, subject, date, text and HTML bodies, attachment list
    Simple,
    /// Resolved: Simple, plus every header and each address split into name and address
    Resolved,
    /// Raw: the whole message, base64url-encoded, in `raw`
    Raw,
}

fn inbox() -> String {
    "INBOX".to_owned()
}

fn attachment_prefix() -> String {
    "attachment_".to_owned()
}

fn unseen() -> String {
    r#"["UNSEEN"]"#.to_owned()
}

fn sixty() -> u32 {
    60
}

/// The configuration of `new_email`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewEmailConfig {
    /// The mailbox (folder) to watch
    #[field(label = "Mailbox Name", default = "INBOX", placeholder = "INBOX")]
    #[serde(default = "inbox")]
    pub mailbox: String,
    /// What to do with an email once emitted: mark it as read, or leave the mailbox untouched
    #[field(label = "Action", default = "read")]
    pub post_process_action: PostProcessAction,
    /// The shape of each emitted email
    #[field(label = "Format", default = "simple")]
    pub format: EmailShape,
    /// Put each attachment's content (base64) into the email, under `attachments[].data`
    #[field(label = "Download Attachments", default = false, hide(format = ["raw"]))]
    #[serde(default)]
    pub download_attachments: bool,
    /// The name each downloaded attachment is known by: this prefix and its position
    /// (attachment_0, attachment_1, ...)
    #[field(label = "Property Prefix Name", default = "attachment_", show(downloadAttachments = [true]))]
    #[serde(default = "attachment_prefix")]
    pub data_property_attachments_prefix_name: String,
    /// Which new emails count, as IMAP search criteria: a JSON list such as
    /// ["UNSEEN", ["FROM", "billing@example.com"], ["SINCE", "2024-05-01"]]; empty for every new email.
    ///
    /// Flags (UNSEEN, FLAGGED, ...) stand alone; keys with a value are lists (FROM, TO, CC, BCC,
    /// SUBJECT, BODY, TEXT, KEYWORD, UNKEYWORD, HEADER with a name and a value, SINCE, BEFORE,
    /// ON, SENTSINCE, SENTBEFORE, SENTON with a date, LARGER and SMALLER with a size in bytes);
    /// a leading "!" negates a key and ["OR", a, b] matches either.
    #[field(label = "Custom Email Rules", default = "[\"UNSEEN\"]", input_type = "textarea")]
    #[serde(default = "unseen")]
    pub custom_email_config: String,
    /// Minutes one signed-in connection is reused for before FluxTurn signs in afresh (0: a new
    /// connection for every poll)
    #[field(label = "Force Reconnect Every Minutes", default = 60, min = 0)]
    #[serde(default = "sixty")]
    pub force_reconnect: u32,
    /// Seconds between two polls
    #[field(label = "Poll Interval (seconds)", default = 60, min = 1)]
    #[serde(default = "sixty")]
    pub poll_interval: u32,
}

/// An attachment of an emitted email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailAttachment {
    /// The name the attachment is known by: the prefix and its position (attachment_0, ...)
    pub key: String,
    /// The file name, when the email gives one
    pub filename: Option<String>,
    /// Its content type, e.g. "application/pdf"
    pub content_type: String,
    /// Its size in bytes
    pub size: usize,
    /// Its content in base64, when attachments are downloaded
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

/// A name and an address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EmailAddress {
    /// The display name, when there is one
    pub name: Option<String>,
    /// The address
    pub address: Option<String>,
}

/// The addresses of an email, each split into name and address (the Resolved format).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailAddresses {
    /// From
    pub from: Vec<EmailAddress>,
    /// To
    pub to: Vec<EmailAddress>,
    /// Cc
    pub cc: Vec<EmailAddress>,
    /// Bcc (only on copies of sent emails)
    pub bcc: Vec<EmailAddress>,
    /// Reply-To
    pub reply_to: Vec<EmailAddress>,
}

/// An email that arrived in the watched mailbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailEvent {
    /// `<uidValidity>:<uid>`: names the email in its mailbox for good
    pub id: String,
    /// The email's UID in the mailbox
    pub uid: u32,
    /// The mailbox's UIDVALIDITY: UIDs are only comparable under the same one
    pub uid_validity: u32,
    /// The mailbox it arrived in
    pub mailbox: String,
    /// Its flags when it was read, before any marking (\Seen, \Flagged, ...)
    pub flags: Vec<String>,
    /// The Message-ID header, without angle brackets
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The sender(s), e.g. "Ada Lovelace <ada@example.com>"
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The recipients, separated by commas
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The copy recipients, separated by commas
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cc: Option<String>,
    /// Where replies should go
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// The subject line
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The Date header (ISO 8601)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The plain-text body (converted from the HTML when the email has no text part)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The HTML body, when the email has one
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// The attachments
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<EmailAttachment>,
    /// Every header, by lower-case name: a text, or a list when the header repeats (Resolved)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Map<String, Value>>,
    /// The addresses, each split into name and address (Resolved)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses: Option<EmailAddresses>,
    /// The whole message, base64url-encoded (Raw)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

/// Where a mailbox poll stopped: the mailbox's UIDVALIDITY and the highest UID looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MailboxCursor {
    uid_validity: u32,
    last_uid: u32,
}

#[actions]
impl Imap {
    /// Emits each email that arrives in the mailbox
    ///
    /// The first poll emits nothing and records where the mailbox stands; every later poll
    /// emits the emails that arrived since (with a UID above the last one looked at) and match
    /// the custom rules, oldest first, each once, at most 100 per poll (the rest follow in the
    /// next polls). The emails are then marked as read unless the action is "nothing" (where
    /// the server refuses the marking, they are emitted unmarked).
    ///
    /// When the mailbox's UIDVALIDITY changes (the server renumbered it, e.g. after the mailbox
    /// was recreated or restored), UIDs seen before mean nothing: that poll emits nothing and
    /// starts again from the mailbox as it then stands, like a first poll. Emails that arrived
    /// between the poll before and the change are not emitted, since they cannot be told apart
    /// from the old ones.
    #[trigger(name = "New Email", event_type = "email.received", polling, event_id = "/id")]
    async fn new_email(&self, config: NewEmailConfig, cursor: Option<Value>) -> Result<Polled<EmailEvent>> {
        let criteria = search::criteria(&config.custom_email_config)?;
        let mailbox = config.mailbox.trim();
        if mailbox.is_empty() {
            return Err(ConnectorError::invalid_input("invalid input for `new_email`: mailbox is empty"));
        }
        // An unreadable cursor (from another version, or edited) starts afresh rather than
        // stopping the trigger for good.
        let cursor = cursor.and_then(|value| match serde_json::from_value::<MailboxCursor>(value) {
            Ok(cursor) => Some(cursor),
            Err(error) => {
                tracing::warn!(%error, "imap: the stored cursor is unreadable; starting from the mailbox as it stands");
                None
            }
        });
        let shape = email::Shape {
            format: config.format,
            download_attachments: config.download_attachments,
            prefix: config.data_property_attachments_prefix_name.clone(),
        };
        let watch = poll::Watch {
            mailbox,
            mark_read: config.post_process_action == PostProcessAction::Read,
            criteria: &criteria,
            shape: &shape,
        };
        let reuse_for = Duration::from_secs(u64::from(config.force_reconnect) * 60);
        let mut lease = self.client.lease(reuse_for).await?;
        match poll::poll(&mut lease, &watch, cursor).await {
            Ok((events, cursor)) => {
                self.client.give_back(lease, reuse_for).await;
                let cursor = serde_json::to_value(cursor).map_err(|e| ConnectorError::internal(e.to_string()))?;
                Ok(Polled { events, cursor: Some(cursor) })
            }
            Err(error) => {
                lease.close().await;
                Err(error)
            }
        }
    }

    /// Connects, secures the connection as configured and signs in.
    #[test_connection]
    async fn sign_in(&self) -> Result<()> {
        self.client.check().await
    }
}
