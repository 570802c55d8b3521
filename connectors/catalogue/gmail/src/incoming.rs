//! A message as Gmail's API returns it, and the simple [`Email`] actions and triggers give back:
//! its headers by name, its text and HTML bodies decoded (base64url parts, the part's charset),
//! its attachments listed.

use super::{decode_base64, html};
use fluxturn_core::prelude::*;
use std::collections::BTreeMap;
use std::time::{Duration, UNIX_EPOCH};

/// A message resource of Gmail's API (the fields read here; every one may be missing, as with
/// `format=minimal`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Message {
    pub id: String,
    pub thread_id: String,
    pub label_ids: Vec<String>,
    pub snippet: String,
    pub history_id: Option<String>,
    /// When Gmail received the message: Unix milliseconds, as text.
    pub internal_date: Option<String>,
    pub payload: Option<Part>,
    pub raw: Option<String>,
}

/// One MIME part of a message (the payload is the top one).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Part {
    pub part_id: Option<String>,
    pub mime_type: String,
    pub filename: String,
    pub headers: Vec<HeaderField>,
    pub body: PartBody,
    pub parts: Vec<Part>,
}

/// A header as Gmail gives it: already unfolded and decoded from RFC 2047.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct HeaderField {
    pub name: String,
    pub value: String,
}

/// The content of a part: inline `data` (base64url), or an `attachmentId` to fetch it by.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct PartBody {
    pub attachment_id: Option<String>,
    pub size: u64,
    pub data: Option<String>,
}

/// An email, simplified: who, what and when, its text and HTML, its attachments.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Email {
    /// Gmail's ID of the message
    pub id: String,
    /// Gmail's ID of its conversation
    pub thread_id: String,
    /// Its labels: `INBOX`, `UNREAD`, `IMPORTANT`, a label of yours as `Label_...`
    pub label_ids: Vec<String>,
    /// The start of its text, as Gmail's message list shows it
    pub snippet: String,
    /// When Gmail received it (RFC 3339, UTC)
    pub received_at: Option<String>,
    /// The sender (`From` header), e.g. `Jane Doe <jane@example.com>`
    pub from: Option<String>,
    /// The `To` header
    pub to: Option<String>,
    /// The `Cc` header
    pub cc: Option<String>,
    /// The `Bcc` header (only on messages you sent)
    pub bcc: Option<String>,
    /// The `Reply-To` header
    pub reply_to: Option<String>,
    /// The subject
    pub subject: Option<String>,
    /// The `Date` header, as the sender wrote it
    pub date: Option<String>,
    /// The `Message-ID` header: what a reply refers to
    pub message_id: Option<String>,
    /// Its text: the plain-text part, or else the HTML part as text (empty with formats `metadata`,
    /// `minimal` and `raw`)
    pub body: String,
    /// Its HTML part, if it has one
    pub html: Option<String>,
    /// Its attached files (Gmail serves their content by `attachmentId`)
    pub attachments: Vec<AttachmentInfo>,
    /// Every header by lower-case name (the first of a repeated one, e.g. `received`)
    pub headers: BTreeMap<String, String>,
    /// With format `raw`: the whole message in RFC 5322 form, base64url-encoded, as Gmail gives it
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

/// A file attached to an email.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentInfo {
    /// Its file name (empty for an unnamed inline part)
    pub filename: String,
    /// Its media type, e.g. `application/pdf`
    pub mime_type: String,
    /// Its size in bytes
    pub size: u64,
    /// The ID to fetch its content by (`users.messages.attachments.get`)
    pub attachment_id: Option<String>,
    /// The MIME part it is, e.g. `1` or `0.2`
    pub part_id: Option<String>,
}

impl Message {
    /// The first top-level header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.payload.as_ref().and_then(|payload| header(&payload.headers, name))
    }

    /// When Gmail received the message, in Unix milliseconds.
    pub fn received_ms(&self) -> Option<u64> {
        self.internal_date.as_deref().and_then(|ms| ms.trim().parse().ok())
    }

    /// The message as an [`Email`].
    pub fn simple(&self) -> Email {
        let mut bodies = Bodies::default();
        if let Some(payload) = &self.payload {
            bodies.walk(payload);
        }
        let html = (!bodies.html.is_empty()).then(|| bodies.html.join("\n"));
        let body = match (&html, bodies.text.is_empty()) {
            (Some(html), true) => html::to_text(html),
            _ => bodies.text.join("\n"),
        };
        let mut headers = BTreeMap::new();
        for field in self.payload.iter().flat_map(|payload| &payload.headers) {
            headers.entry(field.name.to_ascii_lowercase()).or_insert_with(|| field.value.clone());
        }
        let text = |name: &str| self.header(name).map(str::to_owned);
        Email {
            id: self.id.clone(),
            thread_id: self.thread_id.clone(),
            label_ids: self.label_ids.clone(),
            snippet: html::decode_entities(&self.snippet).replace('\u{a0}', " "),
            received_at: self
                .received_ms()
                .map(|ms| humantime::format_rfc3339_millis(UNIX_EPOCH + Duration::from_millis(ms)).to_string()),
            from: text("From"),
            to: text("To"),
            cc: text("Cc"),
            bcc: text("Bcc"),
            reply_to: text("Reply-To"),
            subject: text("Subject"),
            date: text("Date"),
            message_id: text("Message-ID"),
            body,
            html,
            attachments: bodies.files,
            headers,
            raw: self.raw.clone(),
        }
    }
}

fn header<'a>(headers: &'a [HeaderField], name: &str) -> Option<&'a str> {
    headers.iter().find(|field| field.name.eq_ignore_ascii_case(name)).map(|field| field.value.as_str())
}

/// The texts, HTML texts and files of a message, in the order of its parts.
#[derive(Default)]
struct Bodies {
    text: Vec<String>,
    html: Vec<String>,
    files: Vec<AttachmentInfo>,
}

impl Bodies {
    fn walk(&mut self, part: &Part) {
        if !part.parts.is_empty() {
            for child in &part.parts {
                self.walk(child);
            }
            return;
        }
        let disposition = header(&part.headers, "Content-Disposition").unwrap_or_default();
        let attached = !part.filename.is_empty()
            || part.body.attachment_id.is_some()
            || disposition.trim_start().to_ascii_lowercase().starts_with("attachment");
        let mime_type = part.mime_type.to_ascii_lowercase();
        if attached {
            self.files.push(AttachmentInfo {
                filename: part.filename.clone(),
                mime_type: part.mime_type.clone(),
                size: part.body.size,
                attachment_id: part.body.attachment_id.clone(),
                part_id: part.part_id.clone(),
            });
        } else if mime_type == "text/plain" {
            self.text.extend(part_text(part));
        } else if mime_type == "text/html" {
            self.html.extend(part_text(part));
        }
    }
}

/// The decoded text of a leaf part, in its declared charset.
fn part_text(part: &Part) -> Option<String> {
    let bytes = decode_base64(part.body.data.as_deref()?)?;
    let content_type = header(&part.headers, "Content-Type").unwrap_or_default();
    Some(decode_text(bytes, charset(content_type).as_deref()))
}

/// The `charset` parameter of a `Content-Type` value, lower case.
fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches('"').to_ascii_lowercase())
    })
}

/// Text of `bytes` in `charset`: UTF-8 (or ASCII) and the Western single-byte charsets are read;
/// bytes that are not UTF-8 in another charset are read as Windows-1252 (their likeliest origin).
fn decode_text(bytes: Vec<u8>, charset: Option<&str>) -> String {
    match charset {
        Some("iso-8859-1" | "iso8859-1" | "latin1" | "l1" | "windows-1252" | "cp1252" | "iso-8859-15") => {
            windows_1252(&bytes)
        }
        _ => String::from_utf8(bytes).unwrap_or_else(|error| windows_1252(error.as_bytes())),
    }
}

/// Windows-1252, a superset of ISO-8859-1 in its printable characters (as browsers read both).
fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    bytes.iter().map(|&b| if (0x80..0xa0).contains(&b) { HIGH[usize::from(b - 0x80)] } else { char::from(b) }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use serde_json::json;

    fn data(text: &[u8]) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
    }

    #[test]
    fn nested_parts_give_text_html_and_files() {
        let message: Message = serde_json::from_value(json!({
            "id": "m1", "threadId": "t1", "labelIds": ["INBOX"], "snippet": "Hi &amp; bye", "internalDate": "1700000000123",
            "payload": {
                "mimeType": "multipart/mixed",
                "headers": [{ "name": "Subject", "value": "Héllo" }, { "name": "received", "value": "a" }, { "name": "Received", "value": "b" }],
                "parts": [
                    { "partId": "0", "mimeType": "multipart/alternative", "parts": [
                        { "partId": "0.0", "mimeType": "text/plain", "headers": [{ "name": "Content-Type", "value": "text/plain; charset=\"ISO-8859-1\"" }], "body": { "size": 3, "data": data(b"caf\xe9") } },
                        { "partId": "0.1", "mimeType": "text/html", "body": { "size": 9, "data": data("<p>café</p>".as_bytes()) } },
                    ]},
                    { "partId": "1", "mimeType": "application/pdf", "filename": "a.pdf", "body": { "size": 10, "attachmentId": "att1" } },
                ],
            },
        }))
        .unwrap();
        let email = message.simple();
        assert_eq!(email.subject.as_deref(), Some("Héllo"));
        assert_eq!(email.body, "café");
        assert_eq!(email.html.as_deref(), Some("<p>café</p>"));
        assert_eq!(email.snippet, "Hi & bye");
        assert_eq!(email.received_at.as_deref(), Some("2023-11-14T22:13:20.123Z"));
        assert_eq!(email.headers["received"], "a");
        assert_eq!(email.attachments.len(), 1);
        assert_eq!(email.attachments[0].attachment_id.as_deref(), Some("att1"));
    }

    #[test]
    fn an_html_only_message_has_its_text_as_body() {
        let message: Message = serde_json::from_value(json!({
            "id": "m", "payload": { "mimeType": "text/html", "body": { "data": data(b"<div>One</div><div>Two</div>") } }
        }))
        .unwrap();
        assert_eq!(message.simple().body, "One\nTwo");
    }

    #[test]
    fn charsets() {
        assert_eq!(charset("text/plain; format=flowed; CHARSET=UTF-8"), Some("utf-8".into()));
        assert_eq!(decode_text(b"\x93quoted\x94 \x80".to_vec(), Some("windows-1252")), "“quoted” €");
        assert_eq!(decode_text("naïve".as_bytes().to_vec(), None), "naïve");
        assert_eq!(decode_text(b"na\xefve".to_vec(), Some("utf-8")), "naïve");
    }
}
