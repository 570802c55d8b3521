//! The RFC 5322 message behind `send_email` and `create_draft`: recipients parsed and checked
//! before anything is sent, headers encoded when they are not ASCII (RFC 2047 words, RFC 2231
//! file names, by `mail-builder`), an HTML body sent with its plain-text alternative, files
//! attached, and a reply tied to the message it answers (`In-Reply-To`, `References`).
//!
//! No `From`, `Date` or `Message-ID` is written: Gmail sets them for the signed-in account.

use super::{decode_base64, html};
use fluxturn_core::prelude::*;
use mail_builder::headers::address::Address;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::text::Text;
use mail_builder::headers::{Header, HeaderType};
use mail_builder::MessageBuilder;

/// A file to attach to an email.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// The file name recipients see, e.g. `report.pdf`
    #[serde(alias = "name", alias = "fileName")]
    pub filename: String,
    /// The file's bytes in base64 (standard or URL-safe), or a `data:` URL
    #[serde(alias = "data")]
    pub content: String,
    /// The media type, e.g. `application/pdf`; guessed from the file name when left out
    #[serde(default, alias = "contentType", alias = "type")]
    pub mime_type: Option<String>,
}

/// One mailbox of an address list: `jane@example.com` or `Jane Doe <jane@example.com>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// The display name, if one was given.
    pub name: Option<String>,
    /// The address.
    pub email: String,
}

/// The conversation a reply joins: Gmail's thread, and the headers that tie the reply to the
/// message it answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thread {
    /// Gmail's ID of the thread.
    pub thread_id: String,
    /// The `Message-ID` of the message answered, without angle brackets.
    pub in_reply_to: Option<String>,
    /// The answered message's `References` followed by its `Message-ID`.
    pub references: Vec<String>,
}

impl Thread {
    /// The thread of a message with these `Message-ID` and `References` headers.
    pub fn answering(thread_id: String, message_id: Option<&str>, references: Option<&str>) -> Self {
        let in_reply_to = message_id.and_then(|id| message_ids(id).into_iter().next());
        let mut references = references.map(message_ids).unwrap_or_default();
        if let Some(id) = in_reply_to.as_ref().filter(|id| !references.contains(id)) {
            references.push(id.clone());
        }
        Self { thread_id, in_reply_to, references }
    }
}

/// An email whose input was checked, ready to be written as many times as needed.
#[derive(Debug, Clone)]
pub struct Composed {
    to: Vec<Mailbox>,
    cc: Vec<Mailbox>,
    bcc: Vec<Mailbox>,
    subject: String,
    text: String,
    html: Option<String>,
    files: Vec<File>,
}

/// An attachment decoded.
#[derive(Debug, Clone)]
struct File {
    filename: String,
    mime_type: String,
    bytes: Vec<u8>,
}

impl Composed {
    /// Checks an email's input: at least one recipient in `to`, every address well formed,
    /// every attachment named and decodable. A `body` in HTML (what the rich-text editor writes)
    /// is sent as HTML with its text as the plain alternative; other text as plain text.
    pub fn new(
        to: &str,
        cc: Option<&str>,
        bcc: Option<&str>,
        subject: &str,
        body: &str,
        attachments: &[Attachment],
    ) -> Result<Self> {
        let to = parse_addresses("to", to)?;
        if to.is_empty() {
            return Err(ConnectorError::invalid_input("`to` needs at least one email address"));
        }
        let (text, html) = if html::looks_like_html(body) {
            (html::to_text(body), Some(body.to_owned()))
        } else {
            (body.to_owned(), None)
        };
        Ok(Self {
            to,
            cc: parse_addresses("cc", cc.unwrap_or_default())?,
            bcc: parse_addresses("bcc", bcc.unwrap_or_default())?,
            // A subject is one line: a line break in it would end the header.
            subject: subject.split(['\r', '\n']).filter(|line| !line.is_empty()).collect::<Vec<_>>().join(" "),
            text,
            html,
            files: attachments.iter().map(decode_attachment).collect::<Result<_>>()?,
        })
    }

    /// The message in RFC 5322 form, CRLF line ends, as the reply in `thread` when given.
    pub fn to_rfc5322(&self, thread: Option<&Thread>) -> Vec<u8> {
        let mut headers: Vec<(&str, HeaderType<'_>)> = vec![("To", address_list(&self.to))];
        if !self.cc.is_empty() {
            headers.push(("Cc", address_list(&self.cc)));
        }
        // Gmail delivers to the Bcc recipients and removes the header from what others receive.
        if !self.bcc.is_empty() {
            headers.push(("Bcc", address_list(&self.bcc)));
        }
        headers.push(("Subject", Text::new(self.subject.as_str()).into()));
        if let Some(thread) = thread {
            if let Some(id) = &thread.in_reply_to {
                headers.push(("In-Reply-To", MessageId::new(id.as_str()).into()));
            }
            if !thread.references.is_empty() {
                let ids: Vec<&str> = thread.references.iter().map(String::as_str).collect();
                headers.push(("References", MessageId::from(ids).into()));
            }
        }
        let mut message = Vec::new();
        for (name, value) in &headers {
            message.extend_from_slice(name.as_bytes());
            message.extend_from_slice(b": ");
            value.write_header(&mut message, name.len() + 2);
        }
        message.extend_from_slice(b"MIME-Version: 1.0\r\n");
        let mut body = MessageBuilder::new().text_body(crlf(&self.text));
        if let Some(html) = &self.html {
            body = body.html_body(crlf(html));
        }
        for file in &self.files {
            body = body.attachment(file.mime_type.as_str(), file.filename.as_str(), file.bytes.as_slice());
        }
        body.serialize_body(&mut message);
        message
    }
}

/// `text` with every line ending as CRLF.
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n")
}

fn address_list(mailboxes: &[Mailbox]) -> HeaderType<'_> {
    let addresses =
        mailboxes.iter().map(|m| Address::new_address(m.name.as_deref(), m.email.as_str())).collect::<Vec<_>>();
    Address::new_list(addresses).into()
}

/// The mailboxes of an address list, separated by commas, semicolons or line breaks (none inside
/// a quoted name or angle brackets). `field` names the input in errors.
///
/// ```
/// use connector_gmail::outgoing::parse_addresses;
/// let list = parse_addresses("to", "jane@example.com; \"Doe, Joe\" <joe@example.com>").unwrap();
/// assert_eq!(list[1].name.as_deref(), Some("Doe, Joe"));
/// assert_eq!(list[1].email, "joe@example.com");
/// assert!(parse_addresses("cc", "jane at example.com").is_err());
/// ```
pub fn parse_addresses(field: &str, text: &str) -> Result<Vec<Mailbox>> {
    split_list(text)
        .into_iter()
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            parse_mailbox(item).ok_or_else(|| {
                ConnectorError::invalid_input(format!(
                    "`{field}`: `{item}` is not an email address (write `jane@example.com` or `Jane Doe <jane@example.com>`)"
                ))
            })
        })
        .collect()
}

fn split_list(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut start, mut quoted, mut angle, mut escaped) = (0, false, false, false);
    for (at, c) in text.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if quoted => escaped = true,
            '"' if !angle => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' | ';' | '\n' | '\r' if !quoted && !angle => {
                items.push(&text[start..at]);
                start = at + c.len_utf8();
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}

fn parse_mailbox(item: &str) -> Option<Mailbox> {
    let (name, email) = match item.rfind('<') {
        Some(open) if item.ends_with('>') => (unquote(item[..open].trim()), item[open + 1..item.len() - 1].trim()),
        Some(_) => return None,
        None => (None, item),
    };
    is_address(email).then(|| Mailbox { name, email: email.to_owned() })
}

/// A display name without its quotes and escapes; `None` when empty.
fn unquote(name: &str) -> Option<String> {
    let inner = name.strip_prefix('"').and_then(|n| n.strip_suffix('"'));
    let name = match inner {
        Some(quoted) => {
            let mut out = String::with_capacity(quoted.len());
            let mut chars = quoted.chars();
            while let Some(c) = chars.next() {
                out.push(if c == '\\' { chars.next().unwrap_or('\\') } else { c });
            }
            out
        }
        None => name.to_owned(),
    };
    (!name.trim().is_empty()).then(|| name.trim().to_owned())
}

/// `local@domain.tld`: no spaces, controls or delimiters; a domain of labels between dots.
fn is_address(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else { return false };
    let forbidden = |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"@".contains(c);
    !local.is_empty()
        && !local.chars().any(forbidden)
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// The ids of a `Message-ID`, `In-Reply-To` or `References` header, without angle brackets.
fn message_ids(header: &str) -> Vec<String> {
    let bracketed: Vec<String> = header
        .split('<')
        .skip(1)
        .filter_map(|part| part.split_once('>').map(|(id, _)| id.trim().to_owned()))
        .filter(|id| !id.is_empty())
        .collect();
    if bracketed.is_empty() && !header.trim().is_empty() {
        return header.split_whitespace().map(str::to_owned).collect();
    }
    bracketed
}

fn decode_attachment(attachment: &Attachment) -> Result<File> {
    let filename = attachment.filename.trim();
    if filename.is_empty() {
        return Err(ConnectorError::invalid_input("every attachment needs a `filename`"));
    }
    let invalid = |what: &str| ConnectorError::invalid_input(format!("attachment `{filename}`: {what}"));
    let content = attachment.content.trim();
    let (data_url_type, data) = match content.strip_prefix("data:") {
        Some(url) => {
            let (meta, data) = url.split_once(',').ok_or_else(|| invalid("the data URL has no `,` before its data"))?;
            let media_type = meta
                .strip_suffix(";base64")
                .ok_or_else(|| invalid("only base64 data URLs (`data:<type>;base64,...`) are read"))?;
            let media_type = media_type.split(';').next().unwrap_or_default();
            ((!media_type.is_empty()).then(|| media_type.to_owned()), data)
        }
        None => (None, content),
    };
    let bytes = decode_base64(data).ok_or_else(|| invalid("`content` is not base64"))?;
    let mime_type = attachment
        .mime_type
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .or(data_url_type)
        .unwrap_or_else(|| guess_mime_type(filename).to_owned());
    if !is_media_type(&mime_type) {
        return Err(invalid(&format!("`{mime_type}` is not a media type like `application/pdf`")));
    }
    Ok(File { filename: filename.to_owned(), mime_type: mime_type.to_ascii_lowercase(), bytes })
}

/// `type/subtype` of token characters.
fn is_media_type(text: &str) -> bool {
    let token =
        |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c));
    text.split_once('/').is_some_and(|(kind, sub)| token(kind) && token(sub))
}

/// The media type of a file name's extension, `application/octet-stream` when unknown.
fn guess_mime_type(filename: &str) -> &'static str {
    let extension = filename.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "pdf" => "application/pdf",
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "htm" | "html" => "text/html",
        "ics" => "text/calendar",
        "json" => "application/json",
        "xml" => "application/xml",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "mp4" => "video/mp4",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "eml" => "message/rfc822",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_take_names_quotes_and_several_separators() {
        let list = parse_addresses("to", "a@x.io,\n \"Z\\\"q\" <b@y.io> ; Ünïcode Name <c@z.io>,").unwrap();
        let pairs: Vec<(Option<&str>, &str)> = list.iter().map(|m| (m.name.as_deref(), m.email.as_str())).collect();
        assert_eq!(pairs, [(None, "a@x.io"), (Some("Z\"q"), "b@y.io"), (Some("Ünïcode Name"), "c@z.io")]);
    }

    #[test]
    fn malformed_addresses_are_named_in_the_error() {
        for bad in ["jane", "jane@", "@x.io", "jane@x", "jane@x..io", "Jane <jane@x.io", "ja ne@x.io", "j@-x.io"] {
            let error = parse_addresses("cc", bad).unwrap_err();
            assert_eq!(error.code, fluxturn_core::ErrorCode::InvalidInput, "{bad}");
            assert!(error.message.starts_with("`cc`: `"), "{}", error.message);
        }
    }

    #[test]
    fn a_reply_references_the_answered_message_after_its_references() {
        let thread = Thread::answering("t1".into(), Some("<m2@x.io>"), Some("<m0@x.io>\r\n <m1@x.io>"));
        assert_eq!(thread.in_reply_to.as_deref(), Some("m2@x.io"));
        assert_eq!(thread.references, ["m0@x.io", "m1@x.io", "m2@x.io"]);
        assert_eq!(Thread::answering("t".into(), None, None).references, Vec::<String>::new());
    }

    #[test]
    fn media_types_come_from_the_input_the_data_url_or_the_name() {
        let file = |content: &str, mime_type: Option<&str>| {
            decode_attachment(&Attachment {
                filename: "a.PDF".into(),
                content: content.into(),
                mime_type: mime_type.map(str::to_owned),
            })
        };
        assert_eq!(file("aGk=", None).unwrap().mime_type, "application/pdf");
        assert_eq!(file("data:image/png;base64,aGk", None).unwrap().mime_type, "image/png");
        assert_eq!(file("aGk", Some("Text/Plain")).unwrap().bytes, b"hi");
        assert!(file("aGk=", Some("pdf")).unwrap_err().message.contains("`pdf` is not a media type"));
        assert!(file("not base64!", None).unwrap_err().message.contains("is not base64"));
        assert!(file("data:text/plain,hi", None).unwrap_err().message.contains("only base64 data URLs"));
    }
}
