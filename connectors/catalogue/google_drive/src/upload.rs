//! What `upload_file` sends: the file's bytes from a workflow's text or Base64, and Drive's
//! `multipart/related` body (the metadata as JSON, then the media) for an upload in one request.

use base64::Engine;
use fluxturn_core::{ConnectorError, Result};
use serde_json::Value;

/// A file to upload: its bytes, and the type and name its source gave, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileContent {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The MIME type the source gave (a data URL's, a binary object's `mimeType`).
    pub mime_type: Option<String>,
    /// The file name the source gave (a binary object's `fileName`).
    pub file_name: Option<String>,
}

/// Text content: a string as UTF-8; any other JSON value as its JSON text.
///
/// ```
/// use connector_google_drive::upload::text_content;
/// assert_eq!(text_content(&serde_json::json!("hi")).unwrap().bytes, b"hi");
/// assert_eq!(text_content(&serde_json::json!({"a": 1})).unwrap().mime_type.as_deref(), Some("application/json"));
/// ```
pub fn text_content(content: &Value) -> Result<FileContent> {
    match content {
        Value::Null => Err(ConnectorError::invalid_input("`content` is empty: give the file's content")),
        Value::String(text) => Ok(FileContent { bytes: text.clone().into_bytes(), mime_type: None, file_name: None }),
        other => Ok(FileContent {
            bytes: other.to_string().into_bytes(),
            mime_type: Some("application/json".to_owned()),
            file_name: None,
        }),
    }
}

/// Binary content: Base64 text, a `data:` URL, or a binary object (`{"data": "<Base64>",
/// "mimeType": .., "fileName": ..}`, as `download_file` returns one), alone or under
/// `property` of an object holding several (an item's binaries by name).
///
/// ```
/// use connector_google_drive::upload::binary_content;
/// use serde_json::json;
/// let file = binary_content(&json!({"data": {"data": "aGk=", "mimeType": "text/plain", "fileName": "a.txt"}}), "data").unwrap();
/// assert_eq!((file.bytes.as_slice(), file.file_name.as_deref()), (&b"hi"[..], Some("a.txt")));
/// assert_eq!(binary_content(&json!("data:image/png;base64,aGk="), "data").unwrap().mime_type.as_deref(), Some("image/png"));
/// ```
pub fn binary_content(content: &Value, property: &str) -> Result<FileContent> {
    match content {
        Value::String(text) => {
            if let Some(rest) = text.trim_start().strip_prefix("data:") {
                let (header, data) = rest.split_once(',').ok_or_else(|| {
                    ConnectorError::invalid_input("`content` is a data URL without data (no `,` after its type)")
                })?;
                let Some(mime) = header.strip_suffix(";base64") else {
                    return Err(ConnectorError::invalid_input(
                        "`content` is a data URL that is not Base64 (`data:<type>;base64,...`)",
                    ));
                };
                let mime = Some(mime.to_owned()).filter(|m| !m.is_empty());
                return Ok(FileContent { bytes: decode_base64(data)?, mime_type: mime, file_name: None });
            }
            Ok(FileContent { bytes: decode_base64(text)?, mime_type: None, file_name: None })
        }
        Value::Object(object) => {
            if let Some(inner @ Value::Object(_)) = object.get(property) {
                return binary_content(inner, property);
            }
            let Some(Value::String(data)) = object.get("data") else {
                return Err(ConnectorError::invalid_input(format!(
                    "`content` is an object without Base64 `data` (nor a binary under `{property}`)"
                )));
            };
            let text = |key: &str| object.get(key).and_then(Value::as_str).filter(|t| !t.is_empty()).map(str::to_owned);
            Ok(FileContent { bytes: decode_base64(data)?, mime_type: text("mimeType"), file_name: text("fileName") })
        }
        Value::Null => Err(ConnectorError::invalid_input("`content` is empty: give the file's data in Base64")),
        other => {
            Err(ConnectorError::invalid_input(format!("`content` must be Base64 text or a binary object, not {other}")))
        }
    }
}

/// Base64 in its standard or URL-safe alphabet, padded or not, whitespace ignored.
fn decode_base64(text: &str) -> Result<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(&compact).ok())
        .ok_or_else(|| {
            ConnectorError::invalid_input(
                "`content` is not Base64: with the input source `binary` it holds the file's bytes in Base64 \
                 (or a binary object with Base64 `data`)",
            )
        })
}

/// A `multipart/related` body of Drive's one-request upload: the metadata part, then the media
/// part of type `mime_type`. Returns the body and its `Content-Type` (with the boundary, chosen
/// so that it occurs in neither part).
///
/// ```
/// let (body, content_type) = connector_google_drive::upload::multipart_related(b"{}", "text/plain", b"hi");
/// let boundary = content_type.strip_prefix("multipart/related; boundary=").unwrap();
/// let text = String::from_utf8(body).unwrap();
/// assert!(text.starts_with(&format!("--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{{}}\r\n")));
/// assert!(text.ends_with(&format!("Content-Type: text/plain\r\n\r\nhi\r\n--{boundary}--\r\n")));
/// ```
pub fn multipart_related(metadata: &[u8], mime_type: &str, media: &[u8]) -> (Vec<u8>, String) {
    let mut boundary = "fluxturn-drive-upload".to_owned();
    let mut attempt = 0u32;
    while contains(metadata, boundary.as_bytes()) || contains(media, boundary.as_bytes()) {
        attempt += 1;
        boundary = format!("fluxturn-drive-upload-{attempt}");
    }
    let mut body = Vec::with_capacity(metadata.len() + media.len() + 256);
    body.extend_from_slice(format!("--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n").as_bytes());
    body.extend_from_slice(metadata);
    body.extend_from_slice(format!("\r\n--{boundary}\r\nContent-Type: {mime_type}\r\n\r\n").as_bytes());
    body.extend_from_slice(media);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (body, format!("multipart/related; boundary={boundary}"))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_boundary_never_occurs_in_the_content() {
        let media = b"--fluxturn-drive-upload and fluxturn-drive-upload-1";
        let (body, content_type) = multipart_related(b"{}", "text/plain", media);
        assert_eq!(content_type, "multipart/related; boundary=fluxturn-drive-upload-2");
        assert!(String::from_utf8(body).unwrap().contains("--fluxturn-drive-upload-2--"));
    }

    #[test]
    fn base64_in_every_common_form() {
        for text in ["aGk/Pz8=", "aGk/Pz8", "aGk_Pz8=", "aGk_Pz8", " aGk/\nPz8= "] {
            assert_eq!(decode_base64(text).unwrap(), b"hi???", "{text}");
        }
        assert_eq!(decode_base64("not base64!").unwrap_err().code, fluxturn_core::ErrorCode::InvalidInput);
    }

    #[test]
    fn binary_objects_and_their_mistakes() {
        assert!(binary_content(&json!({"file": {"data": "aGk="}}), "data")
            .unwrap_err()
            .message
            .contains("under `data`"));
        let file = binary_content(&json!({"file": {"data": "aGk="}}), "file").unwrap();
        assert_eq!(file.bytes, b"hi");
        assert!(binary_content(&json!("data:text/plain,hi"), "data").is_err());
        assert!(binary_content(&json!(3), "data").is_err());
        assert!(text_content(&Value::Null).is_err());
    }
}
