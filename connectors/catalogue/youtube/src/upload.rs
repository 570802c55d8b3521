//! Uploading a video: the file as a workflow item carries it (n8n's binary shape,
//! `{"data": base64, "mimeType": .., "fileName": ..}` under a property name), and YouTube's
//! resumable upload protocol: a POST with the metadata opens a session, whose URL comes back in
//! `Location`; a PUT of the bytes to that URL creates the video.

use base64::Engine;
use connectors_google as google;
use fluxturn_core::prelude::*;
use serde_json::{Map, Value};
use std::time::Duration;

/// How long the PUT of the bytes may take (the client's overall timeout still bounds it).
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(600);

/// What YouTube is told when the file names no media type.
const DEFAULT_MIME_TYPE: &str = "application/octet-stream";

/// A video file to upload.
#[derive(Debug)]
pub struct VideoFile {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its media type (`video/mp4`, ...).
    pub mime_type: String,
}

impl VideoFile {
    /// The file under `property` of an item's files (`binary`): its base64 `data` decoded, its
    /// `mimeType`. A missing property, missing or undecodable data, or an empty file is invalid
    /// input.
    pub fn from_binary(binary: Option<&Map<String, Value>>, property: &str) -> Result<Self> {
        let property = property.trim();
        if property.is_empty() {
            return Err(ConnectorError::invalid_input("`binaryProperty` is empty: name the item's file property"));
        }
        let Some(file) = binary.and_then(|files| files.get(property)) else {
            let known: Vec<&str> = binary.into_iter().flat_map(|files| files.keys().map(String::as_str)).collect();
            return Err(ConnectorError::invalid_input(format!(
                "the item has no file `{property}` to upload (its files: {}); \
                 give `binary.{property}` as {{\"data\": base64, \"mimeType\": \"video/mp4\"}}",
                if known.is_empty() { "none".to_owned() } else { known.join(", ") }
            )));
        };
        let Some(data) = file.get("data").and_then(Value::as_str) else {
            return Err(ConnectorError::invalid_input(format!(
                "the file `{property}` has no `data`: give its bytes in base64"
            )));
        };
        let compact: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        // Padded or not: the padding carries nothing.
        let bytes =
            base64::engine::general_purpose::STANDARD_NO_PAD.decode(compact.trim_end_matches('=')).map_err(|e| {
                ConnectorError::invalid_input(format!("the `data` of the file `{property}` is not base64: {e}"))
            })?;
        if bytes.is_empty() {
            return Err(ConnectorError::invalid_input(format!("the file `{property}` is empty")));
        }
        let mime_type = file
            .get("mimeType")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .unwrap_or(DEFAULT_MIME_TYPE)
            .to_owned();
        Ok(Self { bytes, mime_type })
    }
}

/// Uploads `file` as a new video described by `metadata` (its `snippet`, `status`, ...), with
/// the query parameters `query` (`uploadType=resumable`, `part`, ...): opens the session, then
/// sends the bytes to it. The answer is the new video resource.
pub async fn resumable(http: &Http, query: &Value, metadata: &Value, file: VideoFile) -> Result<Value> {
    let opened = http
        .post("/upload/youtube/v3/videos")
        .query(query)
        .header("X-Upload-Content-Length", file.bytes.len().to_string())
        .header("X-Upload-Content-Type", file.mime_type.clone())
        .json(metadata)
        // Opening a session creates nothing until bytes arrive: safe to repeat.
        .idempotent();
    let opened = google::send(opened).await?;
    let location = opened.headers.get("location").and_then(|v| v.to_str().ok()).ok_or_else(|| {
        ConnectorError::new(ErrorCode::InvalidResponse, "YouTube opened no upload session: its answer has no Location")
    })?;
    let session = session_url(http.base_url(), location)?;
    let sent = http.put(&session).header("Content-Type", file.mime_type).raw(file.bytes).timeout(UPLOAD_TIMEOUT);
    google::send_json(sent).await
}

/// The upload session's URL from `Location`: a path is joined to the base URL; an absolute URL
/// must be on the base URL's origin, since the access token goes with the bytes.
fn session_url(base_url: &str, location: &str) -> Result<String> {
    let origin = origin(base_url);
    if location.starts_with('/') {
        return Ok(format!("{origin}{location}"));
    }
    match location.strip_prefix(origin) {
        Some(rest) if rest.starts_with('/') || rest.starts_with('?') => Ok(location.to_owned()),
        _ => Err(ConnectorError::new(
            ErrorCode::InvalidResponse,
            format!("YouTube's upload session is on another host than {origin}; not sending the video there"),
        )),
    }
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find(['/', '?', '#']) {
        Some(end) => &url[..after_scheme + end],
        None => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn files(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn the_named_file_is_decoded_with_its_media_type() {
        let binary = files(json!({ "data": { "data": "aGVsbG8=", "mimeType": "video/mp4", "fileName": "a.mp4" } }));
        let file = VideoFile::from_binary(Some(&binary), "data").unwrap();
        assert_eq!((file.bytes.as_slice(), file.mime_type.as_str()), (&b"hello"[..], "video/mp4"));
        let unpadded = files(json!({ "clip": { "data": "aGVsbG8\n" } }));
        let file = VideoFile::from_binary(Some(&unpadded), "clip").unwrap();
        assert_eq!((file.bytes.as_slice(), file.mime_type.as_str()), (&b"hello"[..], DEFAULT_MIME_TYPE));
    }

    #[test]
    fn a_missing_empty_or_undecodable_file_is_invalid_input() {
        let message = |binary: Option<Value>, property: &str| {
            let binary = binary.map(files);
            VideoFile::from_binary(binary.as_ref(), property).unwrap_err().message
        };
        assert!(message(None, "data").contains("no file `data`"));
        assert!(message(Some(json!({ "other": {} })), "data").contains("its files: other"));
        assert!(message(Some(json!({ "data": {} })), "data").contains("has no `data`"));
        assert!(message(Some(json!({ "data": { "data": "!!" } })), "data").contains("not base64"));
        assert!(message(Some(json!({ "data": { "data": "" } })), "data").contains("is empty"));
    }

    #[test]
    fn the_session_must_stay_on_the_base_urls_origin() {
        let base = "https://www.googleapis.com";
        let session = "https://www.googleapis.com/upload/youtube/v3/videos?uploadType=resumable&upload_id=x";
        assert_eq!(session_url(base, session).unwrap(), session);
        assert_eq!(session_url("http://127.0.0.1:9/api", "/up?id=1").unwrap(), "http://127.0.0.1:9/up?id=1");
        assert!(session_url(base, "https://evil.example/upload").is_err());
        assert!(session_url(base, "https://www.googleapis.com.evil.example/upload").is_err());
    }
}
