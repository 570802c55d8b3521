//! From a fetched message to the event `new_email` emits, in the configured format.

use super::{EmailAddress, EmailAddresses, EmailAttachment, EmailEvent, EmailShape};
use base64::Engine;
use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders, PartType};
use serde_json::{Map, Value};

/// How events are shaped (from the trigger's configuration).
pub(super) struct Shape {
    /// Simple, resolved or raw.
    pub format: EmailShape,
    /// Whether attachments carry their content.
    pub download_attachments: bool,
    /// The prefix of each attachment's key.
    pub prefix: String,
}

/// Where a message sits.
pub(super) struct Identity<'a> {
    pub uid: u32,
    pub uid_validity: u32,
    pub mailbox: &'a str,
    pub flags: Vec<String>,
}

/// The event of the message `raw`. A message mail-parser cannot read still yields an event
/// (with the fields it could not read left out).
pub(super) fn event(raw: &[u8], id: Identity<'_>, shape: &Shape) -> EmailEvent {
    let mut event = EmailEvent {
        id: format!("{}:{}", id.uid_validity, id.uid),
        uid: id.uid,
        uid_validity: id.uid_validity,
        mailbox: id.mailbox.to_owned(),
        flags: id.flags,
        message_id: None,
        from: None,
        to: None,
        cc: None,
        reply_to: None,
        subject: None,
        date: None,
        text: None,
        html: None,
        attachments: Vec::new(),
        headers: None,
        addresses: None,
        raw: None,
    };
    let message = MessageParser::default().parse(raw);
    event.message_id = message.as_ref().and_then(|m| m.message_id()).map(str::to_owned);
    if shape.format == EmailShape::Raw {
        event.raw = Some(base64::engine::general_purpose::URL_SAFE.encode(raw));
        return event;
    }
    let Some(message) = message else {
        return event;
    };
    event.from = message.from().map(display);
    event.to = message.to().map(display);
    event.cc = message.cc().map(display);
    event.reply_to = message.reply_to().map(display);
    event.subject = message.subject().map(str::to_owned);
    event.date = message.date().map(|d| d.to_rfc3339());
    event.text = message.body_text(0).map(|t| t.into_owned());
    // mail-parser turns a text part into HTML when there is no HTML part: keep only a real one.
    event.html = message
        .html_part(0)
        .filter(|part| matches!(part.body, PartType::Html(_)))
        .and_then(|part| part.text_contents())
        .map(str::to_owned);
    event.attachments = message
        .attachments()
        .enumerate()
        .map(|(index, part)| EmailAttachment {
            key: format!("{}{index}", shape.prefix),
            filename: part.attachment_name().map(str::to_owned),
            content_type: part
                .content_type()
                .map(|t| match t.subtype() {
                    Some(subtype) => format!("{}/{subtype}", t.ctype()),
                    None => t.ctype().to_owned(),
                })
                .unwrap_or_else(|| "application/octet-stream".to_owned()),
            size: part.contents().len(),
            data: shape.download_attachments.then(|| base64::engine::general_purpose::STANDARD.encode(part.contents())),
        })
        .collect();
    if shape.format == EmailShape::Resolved {
        let addresses = |address: Option<&Address<'_>>| -> Vec<EmailAddress> {
            address
                .map(|a| {
                    a.iter()
                        .map(|addr| EmailAddress {
                            name: addr.name().map(str::to_owned),
                            address: addr.address().map(str::to_owned),
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        event.addresses = Some(EmailAddresses {
            from: addresses(message.from()),
            to: addresses(message.to()),
            cc: addresses(message.cc()),
            bcc: addresses(message.bcc()),
            reply_to: addresses(message.reply_to()),
        });
        let mut headers = Map::new();
        for header in message.headers() {
            let name = header.name().to_ascii_lowercase();
            let value = Value::String(
                header_text(header.value())
                    .unwrap_or_else(|| raw_header(raw, header.offset_start() as usize, header.offset_end() as usize)),
            );
            match headers.get_mut(&name) {
                Some(Value::Array(values)) => values.push(value),
                Some(first) => *first = Value::Array(vec![first.take(), value]),
                None => {
                    headers.insert(name, value);
                }
            }
        }
        event.headers = Some(headers);
    }
    event
}

/// "Ada Lovelace <ada@example.com>, bob@example.com".
fn display(address: &Address<'_>) -> String {
    address
        .iter()
        .map(|addr| match (addr.name(), addr.address()) {
            (Some(name), Some(address)) => format!("{name} <{address}>"),
            (None, Some(address)) => address.to_owned(),
            (Some(name), None) => name.to_owned(),
            (None, None) => String::new(),
        })
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A decoded header value as text; `None` for the kinds better read raw.
fn header_text(value: &HeaderValue<'_>) -> Option<String> {
    match value {
        HeaderValue::Text(text) => Some(text.to_string()),
        HeaderValue::TextList(list) => Some(list.join(", ")),
        HeaderValue::Address(address) => Some(display(address)),
        HeaderValue::DateTime(date) => Some(date.to_rfc3339()),
        HeaderValue::ContentType(content_type) => Some(match content_type.subtype() {
            Some(subtype) => format!("{}/{subtype}", content_type.ctype()),
            None => content_type.ctype().to_owned(),
        }),
        _ => None,
    }
}

/// A header's value as written, unfolded.
fn raw_header(raw: &[u8], start: usize, end: usize) -> String {
    let bytes = raw.get(start..end.min(raw.len())).unwrap_or_default();
    String::from_utf8_lossy(bytes).split_whitespace().collect::<Vec<_>>().join(" ")
}
