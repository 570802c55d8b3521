//! From a `send_email` input to the bytes of a MIME message and its envelope.

use super::{EmailFormat, SendEmail};
use base64::Engine;
use fluxturn_core::{ConnectorError, Result};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Mailbox, Mailboxes, MultiPart, SinglePart};
use lettre::{Address, Message};
use serde::Deserialize;

/// An email ready to go: its bytes and envelope.
pub(super) struct Outgoing {
    /// The Message-ID header, angle brackets included.
    pub message_id: String,
    /// MAIL FROM.
    pub sender: Address,
    /// RCPT TO: To, Cc and Bcc, each address once, in that order.
    pub recipients: Vec<Address>,
    /// The message as sent after DATA (Bcc header left out).
    pub bytes: Vec<u8>,
}

/// One file to attach, as the `attachments` field lists it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AttachmentSpec {
    filename: String,
    content: String,
    content_type: Option<String>,
    #[serde(default)]
    encoding: ContentEncoding,
}

/// How an attachment's `content` is written.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum ContentEncoding {
    /// Base64 (line breaks allowed).
    #[default]
    Base64,
    /// The text itself.
    #[serde(alias = "utf-8", alias = "text")]
    Utf8,
}

/// Builds the message of `input`; a malformed address, a missing body or an unreadable
/// attachment is an `invalid_input` error naming the field.
pub(super) fn compose(input: &SendEmail) -> Result<Outgoing> {
    let from: Mailbox =
        input.from_email.trim().parse().map_err(|e| {
            invalid("fromEmail", format!("`{}` is not an email address ({e})", input.from_email.trim()))
        })?;
    let to = mailboxes("toEmail", Some(&input.to_email))?;
    if to.is_empty() {
        return Err(invalid("toEmail", "names no recipient"));
    }
    let cc = mailboxes("ccEmail", input.cc_email.as_deref())?;
    let bcc = mailboxes("bccEmail", input.bcc_email.as_deref())?;
    let reply_to = mailboxes("replyTo", input.reply_to.as_deref())?;
    let message_id = format!("<{}@{}>", uuid::Uuid::new_v4(), from.email.domain());

    let mut builder =
        Message::builder().from(from.clone()).subject(input.subject.clone()).message_id(Some(message_id.clone()));
    for mailbox in &to {
        builder = builder.to(mailbox.clone());
    }
    for mailbox in &cc {
        builder = builder.cc(mailbox.clone());
    }
    for mailbox in &bcc {
        builder = builder.bcc(mailbox.clone());
    }
    for mailbox in &reply_to {
        builder = builder.reply_to(mailbox.clone());
    }

    let attachments = attachments(input.attachments.as_deref())?;
    let message = match (bodies(input)?, attachments.is_empty()) {
        (Bodies::Single(part), true) => builder.singlepart(part),
        (Bodies::Alternative(parts), true) => builder.multipart(parts),
        (bodies, false) => {
            let mixed = match bodies {
                Bodies::Single(part) => MultiPart::mixed().singlepart(part),
                Bodies::Alternative(parts) => MultiPart::mixed().multipart(parts),
            };
            builder.multipart(attachments.into_iter().fold(mixed, MultiPart::singlepart))
        }
    }
    .map_err(|e| ConnectorError::invalid_input(format!("the email cannot be built: {e}")))?;

    let mut recipients: Vec<Address> = Vec::new();
    for mailbox in to.iter().chain(&cc).chain(&bcc) {
        if !recipients.contains(&mailbox.email) {
            recipients.push(mailbox.email.clone());
        }
    }
    Ok(Outgoing { message_id, sender: from.email, recipients, bytes: message.formatted() })
}

/// The body parts the format asks for.
enum Bodies {
    Single(SinglePart),
    Alternative(MultiPart),
}

fn bodies(input: &SendEmail) -> Result<Bodies> {
    let needs = |field: &str, value: &Option<String>| {
        value.clone().ok_or_else(|| {
            let format = serde_json::to_value(input.email_format).unwrap_or_default();
            invalid(field, format!("is required when emailFormat is {format}"))
        })
    };
    Ok(match input.email_format {
        EmailFormat::Text => Bodies::Single(SinglePart::plain(needs("text", &input.text)?)),
        EmailFormat::Html => Bodies::Single(SinglePart::html(needs("html", &input.html)?)),
        EmailFormat::Both => Bodies::Alternative(MultiPart::alternative_plain_html(
            needs("text", &input.text)?,
            needs("html", &input.html)?,
        )),
    })
}

/// A comma-separated list of addresses (each `a@b.c` or `Name <a@b.c>`); blank is none.
fn mailboxes(field: &str, value: Option<&str>) -> Result<Vec<Mailbox>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(Vec::new());
    };
    let list: Mailboxes =
        value.parse().map_err(|e| invalid(field, format!("`{value}` is not a list of email addresses ({e})")))?;
    Ok(list.into_iter().collect())
}

/// The attachments of the `attachments` field: a JSON list of objects, or one object.
fn attachments(value: Option<&str>) -> Result<Vec<SinglePart>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(Vec::new());
    };
    let json: serde_json::Value = serde_json::from_str(value).map_err(|e| {
        invalid("attachments", format!("is not JSON ({e}): give a list of {{\"filename\", \"content\"}} objects"))
    })?;
    let items = match json {
        serde_json::Value::Array(items) => items,
        object @ serde_json::Value::Object(_) => vec![object],
        _ => return Err(invalid("attachments", "must be a list of {\"filename\", \"content\"} objects")),
    };
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let field = format!("attachments[{index}]");
            let spec: AttachmentSpec = serde_json::from_value(item).map_err(|e| invalid(&field, e.to_string()))?;
            attachment(&field, spec)
        })
        .collect()
}

fn attachment(field: &str, spec: AttachmentSpec) -> Result<SinglePart> {
    let filename = spec.filename.trim().to_owned();
    if filename.is_empty() {
        return Err(invalid(field, "has an empty filename"));
    }
    let content = match spec.encoding {
        ContentEncoding::Utf8 => spec.content.into_bytes(),
        ContentEncoding::Base64 => {
            let compact: String = spec.content.split_whitespace().collect();
            base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()).map_err(|e| {
                invalid(field, format!("content is not base64 ({e}); set \"encoding\": \"utf8\" for text"))
            })?
        }
    };
    let content_type = match spec.content_type.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => {
            ContentType::parse(text).map_err(|_| invalid(field, format!("`{text}` is not a content type")))?
        }
        None => ContentType::parse(guess_content_type(&filename)).expect("the guesses are valid content types"),
    };
    // Base64 keeps the bytes as they are (7bit would let line endings change on the way).
    let body = lettre::message::Body::new_with_encoding(content, ContentTransferEncoding::Base64)
        .map_err(|_| ConnectorError::internal("base64 takes any content"))?;
    Ok(Attachment::new(filename).body(body, content_type))
}

/// A content type from a file name's extension; `application/octet-stream` when unknown.
fn guess_content_type(filename: &str) -> &'static str {
    let extension = filename.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "htm" | "html" => "text/html",
        "json" => "application/json",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "ics" => "text/calendar",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

fn invalid(field: &str, problem: impl std::fmt::Display) -> ConnectorError {
    ConnectorError::invalid_input(format!("invalid input for `send_email`: {field} {problem}"))
        .with_details(serde_json::json!({ "errors": [{ "field": field, "message": problem.to_string() }] }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_are_guessed_from_the_extension() {
        assert_eq!(guess_content_type("Report.PDF"), "application/pdf");
        assert_eq!(guess_content_type("data.csv"), "text/csv");
        assert_eq!(guess_content_type("noextension"), "application/octet-stream");
    }

    #[test]
    fn address_lists_split_on_commas_and_keep_names() {
        let list = mailboxes("toEmail", Some("a@example.com, \"Doe, Jane\" <jane@example.com>")).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].name.as_deref(), Some("Doe, Jane"));
        assert!(mailboxes("toEmail", Some("not an address")).is_err());
        assert!(mailboxes("ccEmail", Some("  ")).unwrap().is_empty());
    }
}
