//! Google Drive through the Drive API v3: files are listed, read, created (uploads in one
//! `multipart/related` request, or a resumable session above 5 MB), trashed or deleted, and shared.
//! Every call supports shared drives (`supportsAllDrives`); every file or folder ID may be given
//! as the link the browser shows.

pub mod upload;

use base64::Engine;
use connectors_google as google;
use fluxturn_core::http::path_segment;
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

/// Upload, download, search, share and delete files and folders in Google Drive, and react to new files
#[connector(
    name = "google_drive",
    display_name = "Google Drive",
    category = "storage",
    base_url = "https://www.googleapis.com",
    rate_limit(requests_per_second = 20, requests_per_minute = 1000),
    icon = "icons/google_drive.svg",
    auth = [oauth2(
        provider = "google",
        // Searching, downloading, sharing and deleting files the app did not create need the
        // full Drive scope (`drive.file` reaches only the app's own files).
        scopes = ["https://www.googleapis.com/auth/drive"],
    )],
    credentials = connectors_google::GoogleCredentials,
    test_endpoint = "/drive/v3/about?fields=user",
)]
pub struct GoogleDrive {
    http: Http,
}

/// The fields of a file that every answer carries.
const FILE_FIELDS: &str =
    "id,name,mimeType,parents,webViewLink,webContentLink,size,createdTime,modifiedTime,description,driveId,trashed,folderColorRgb";
/// The MIME type of a folder.
const FOLDER: &str = "application/vnd.google-apps.folder";
/// The prefix of Google's own file types (Docs, Sheets, Slides, ...), which are exported, not downloaded.
const GOOGLE_APPS: &str = "application/vnd.google-apps.";
/// The largest upload sent in one `multipart/related` request; larger ones use a resumable session.
const MULTIPART_LIMIT: usize = 5 * 1024 * 1024;
/// The largest file `download_file` passes on (it travels through the workflow as Base64).
const MAX_DOWNLOAD_BYTES: usize = 25 * 1024 * 1024;
/// The largest page Drive lists.
const MAX_PAGE_SIZE: u32 = 1000;
/// How far back `file_created` looks again, for files Drive's search lists late.
const LOOKBACK: Duration = Duration::from_secs(5 * 60);

/// Where `upload_file` takes the file from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InputSource {
    /// Text typed or mapped into Content
    #[default]
    Direct,
    /// Base64 data or a binary object in Content
    Binary,
}

/// What a Google Docs file becomes when downloaded converted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ConversionFormat {
    /// PDF
    #[default]
    #[serde(rename = "application/pdf")]
    Pdf,
    /// Word (docx)
    #[serde(rename = "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    Docx,
    /// Excel (xlsx)
    #[serde(rename = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    Xlsx,
    /// PowerPoint (pptx)
    #[serde(rename = "application/vnd.openxmlformats-officedocument.presentationml.presentation")]
    Pptx,
    /// HTML
    #[serde(rename = "text/html")]
    Html,
    /// Plain text
    #[serde(rename = "text/plain")]
    Text,
}

impl ConversionFormat {
    fn mime_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => DOCX,
            Self::Xlsx => XLSX,
            Self::Pptx => PPTX,
            Self::Html => "text/html",
            Self::Text => "text/plain",
        }
    }
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PPTX: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

/// Which files `list_files` returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FileType {
    /// All files and folders
    #[default]
    All,
    /// Folders
    Folder,
    /// Google Docs
    Document,
    /// Google Sheets
    Spreadsheet,
    /// Google Slides
    Presentation,
    /// Images
    Image,
    /// Videos
    Video,
    /// PDFs
    Pdf,
}

impl FileType {
    /// The query clause selecting this type.
    fn clause(self) -> Option<String> {
        let exact = |mime: &str| Some(format!("mimeType = '{mime}'"));
        match self {
            Self::All => None,
            Self::Folder => exact(FOLDER),
            Self::Document => exact("application/vnd.google-apps.document"),
            Self::Spreadsheet => exact("application/vnd.google-apps.spreadsheet"),
            Self::Presentation => exact("application/vnd.google-apps.presentation"),
            Self::Image => Some("mimeType contains 'image/'".to_owned()),
            Self::Video => Some("mimeType contains 'video/'".to_owned()),
            Self::Pdf => exact("application/pdf"),
        }
    }
}

/// A folder's color in Drive's palette.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum FolderColor {
    /// Default
    #[default]
    #[serde(rename = "")]
    Default,
    /// Chocolate ice cream
    #[serde(rename = "#ac725e")]
    Chocolate,
    /// Old brick red
    #[serde(rename = "#d06b64")]
    BrickRed,
    /// Cardinal
    #[serde(rename = "#f83a22")]
    Cardinal,
    /// Spearmint
    #[serde(rename = "#16a765")]
    Spearmint,
    /// Asparagus
    #[serde(rename = "#42d692")]
    Asparagus,
    /// Denim
    #[serde(rename = "#4986e7")]
    Denim,
    /// Periwinkle
    #[serde(rename = "#9a9cff")]
    Periwinkle,
    /// Lavender
    #[serde(rename = "#b99aff")]
    Lavender,
    /// Mouse
    #[serde(rename = "#8f8f8f")]
    Mouse,
}

impl FolderColor {
    fn rgb(self) -> Option<&'static str> {
        Some(match self {
            Self::Default => return None,
            Self::Chocolate => "#ac725e",
            Self::BrickRed => "#d06b64",
            Self::Cardinal => "#f83a22",
            Self::Spearmint => "#16a765",
            Self::Asparagus => "#42d692",
            Self::Denim => "#4986e7",
            Self::Periwinkle => "#9a9cff",
            Self::Lavender => "#b99aff",
            Self::Mouse => "#8f8f8f",
        })
    }
}

/// Who a file is shared with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PermissionType {
    /// Anyone with the link
    #[default]
    Anyone,
    /// One person (by email address)
    User,
    /// A Google group (by email address)
    Group,
    /// Everyone in a Google Workspace domain
    Domain,
}

/// What those it is shared with may do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// View
    #[default]
    Reader,
    /// Comment
    Commenter,
    /// Edit
    Writer,
}

/// Minutes between two polls of `file_created`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum FilePollInterval {
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
}

fn root() -> String {
    "root".to_owned()
}

fn data() -> String {
    "data".to_owned()
}

fn yes() -> bool {
    true
}

fn hundred() -> u32 {
    100
}

/// The input of `upload_file`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UploadFile {
    /// The drive: `root` (My Drive) or a shared drive's ID; the file goes to its top folder
    /// unless a folder is given
    #[field(label = "Drive", default = "root")]
    #[serde(default = "root")]
    pub drive_id: String,
    /// The folder to put the file in: its ID or its link
    #[field(label = "Folder", placeholder = "https://drive.google.com/drive/folders/...")]
    pub folder_id: Option<String>,
    /// Where the content comes from: text, or Base64 data (a binary)
    #[field(label = "Input Source", default = "direct")]
    #[serde(default)]
    pub input_source: InputSource,
    /// Name of the new file (default: the binary's file name, else Drive's "Untitled")
    #[field(label = "File Name", placeholder = "report.csv")]
    pub file_name: Option<String>,
    /// The content: text; or, with the input source `binary`, Base64 data, a `data:` URL, or a
    /// binary object ({"data": "<Base64>", "mimeType": "...", "fileName": "..."}, as Download File gives)
    #[field(label = "Content", field_type = "string", input_type = "textarea")]
    pub content: Value,
    /// With the input source `binary`: the binary to take when Content holds several by name
    #[field(label = "Binary Property", default = "data", show(inputSource = ["binary"]))]
    #[serde(default = "data")]
    pub binary_property_name: String,
    /// The file's MIME type (default: the binary's, else text/plain); a Google type such as
    /// application/vnd.google-apps.document converts the upload into that type
    #[field(label = "MIME Type", placeholder = "text/csv")]
    pub mime_type: Option<String>,
    /// A description of the file
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
}

/// The input of `download_file`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DownloadFile {
    /// The file: its ID or its link
    #[field(label = "File", placeholder = "https://drive.google.com/file/d/...")]
    pub file_id: String,
    /// Export Google Docs, Sheets and Slides files to the format below (otherwise they are
    /// exported to their Office counterpart: docx, xlsx, pptx)
    #[field(label = "Convert Google Docs", default = false)]
    #[serde(default)]
    pub convert_google_docs: bool,
    /// The format Google files are exported to
    #[field(label = "Convert To", default = "application/pdf", show(convertGoogleDocs = [true]))]
    #[serde(default)]
    pub conversion_format: ConversionFormat,
}

/// The input of `list_files`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ListFiles {
    /// Search one shared drive only: its ID (blank: everything the user can see)
    #[field(label = "Drive")]
    pub drive_id: Option<String>,
    /// List only what is directly in this folder: its ID or its link
    #[field(label = "Folder", placeholder = "https://drive.google.com/drive/folders/...")]
    pub folder_id: Option<String>,
    /// Text the file names contain
    #[field(label = "Name Contains", placeholder = "invoice")]
    pub search_query: Option<String>,
    /// Which files to return
    #[field(label = "File Type", default = "all")]
    #[serde(default)]
    pub file_types: FileType,
    /// Return files in the trash too
    #[field(label = "Include Trashed", default = false)]
    #[serde(default)]
    pub include_trashed: bool,
    /// How many files to return at most
    #[field(label = "Limit", default = 100, min = 1)]
    #[serde(default = "hundred")]
    pub limit: u32,
}

/// The input of `delete_file`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DeleteFile {
    /// The file or folder: its ID or its link
    #[field(label = "File", placeholder = "https://drive.google.com/file/d/...")]
    pub file_id: String,
    /// Delete it for good instead of moving it to the trash (a folder's content goes with it)
    #[field(label = "Delete Permanently", default = false)]
    #[serde(default)]
    pub permanent_delete: bool,
}

/// The input of `create_directory`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateFolder {
    /// The drive: `root` (My Drive) or a shared drive's ID
    #[field(label = "Drive", default = "root")]
    pub drive_id: String,
    /// The folder to create it in: its ID or its link (blank: the drive's top folder)
    #[field(label = "Parent Folder", placeholder = "https://drive.google.com/drive/folders/...")]
    pub parent_folder_id: Option<String>,
    /// Name of the new folder
    #[field(label = "Folder Name", placeholder = "Invoices 2024")]
    pub folder_name: String,
    /// Its color
    #[field(label = "Folder Color", default = "")]
    #[serde(default)]
    pub folder_color: FolderColor,
}

/// The input of `share_file`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ShareFile {
    /// The file or folder: its ID or its link
    #[field(label = "File", placeholder = "https://drive.google.com/file/d/...")]
    pub file_id: String,
    /// Who gets access
    #[field(label = "Share With", default = "anyone")]
    pub permission_type: PermissionType,
    /// What they may do
    #[field(label = "Role", default = "reader")]
    pub role: Role,
    /// The person's or group's email address
    #[field(label = "Email Address", placeholder = "ada@example.com", show(permissionType = ["user", "group"]))]
    pub email_address: Option<String>,
    /// The Google Workspace domain
    #[field(label = "Domain", placeholder = "example.com", show(permissionType = ["domain"]))]
    pub domain: Option<String>,
    /// Email the person or group about it
    #[field(label = "Send Notification Email", default = true, show(permissionType = ["user", "group"]))]
    #[serde(default = "yes")]
    pub send_notification_email: bool,
    /// A message for that email
    #[field(label = "Email Message", input_type = "textarea", show(permissionType = ["user", "group"]))]
    pub email_message: Option<String>,
}

/// The input of `get_file_metadata`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetFileMetadata {
    /// The file or folder: its ID or its link
    #[field(label = "File", placeholder = "https://drive.google.com/file/d/...")]
    pub file_id: String,
}

/// Configuration of `file_created`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct FileWatch {
    /// Watch only this folder (files directly in it): its ID or its link; blank: every file
    /// the user can see
    #[field(label = "Folder", placeholder = "https://drive.google.com/drive/folders/...")]
    pub folder_id: Option<String>,
    /// How often to look for new files
    #[field(label = "Polling Interval (minutes)", default = "5")]
    #[serde(default)]
    pub polling_interval: FilePollInterval,
}

/// A file or folder.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DriveFile {
    /// Drive's ID of the file
    pub id: String,
    /// Its name
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its MIME type (application/vnd.google-apps.folder for a folder)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// The folders it is in
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<String>,
    /// Its link in Drive
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_view_link: Option<String>,
    /// Its download link (files only)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_content_link: Option<String>,
    /// Its size in bytes, as text (files only)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// When it was created (RFC 3339)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// When it was last changed (RFC 3339)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_time: Option<String>,
    /// Its description
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The shared drive it is in
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drive_id: Option<String>,
    /// Whether it is in the trash
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trashed: Option<bool>,
    /// A folder's color
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder_color_rgb: Option<String>,
}

/// The answer to `list_files`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct FileList {
    /// The files found
    pub files: Vec<DriveFile>,
    /// How many
    pub count: usize,
}

/// The answer to `download_file`: the content, and what it is.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DownloadedFile {
    /// Drive's ID of the file
    pub id: String,
    /// The file's name (with the extension of the format a Google file was exported to)
    pub file_name: String,
    /// The content's MIME type
    pub mime_type: String,
    /// The content's size in bytes
    pub file_size: usize,
    /// The content in Base64 (Upload File takes this object as binary content)
    pub data: String,
    /// The content as text, when it is text
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Whether a Google file was exported (converted) rather than downloaded
    pub exported: bool,
}

/// The answer to `delete_file`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct DeletedFile {
    /// Drive's ID of the file
    pub id: String,
    /// Whether it was deleted for good (else it is in the trash)
    pub permanent: bool,
}

/// The answer to `share_file`: the access granted.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SharedFile {
    /// Drive's ID of the file
    #[serde(default)]
    pub file_id: String,
    /// Drive's ID of the permission
    pub id: String,
    /// Who it is for: anyone, user, group or domain
    #[serde(rename = "type")]
    pub kind: String,
    /// What they may do: reader, commenter or writer
    pub role: String,
    /// The person's or group's address
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    /// The domain
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
}

/// Where `file_created` stands: the latest creation time seen, and the files seen created
/// within [`LOOKBACK`] of it (ID → creation time), which the next poll looks at again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct FileCursor {
    since: String,
    seen: BTreeMap<String, String>,
}

impl FileCursor {
    /// Records `files` (oldest first) and returns those not seen before.
    fn advance(&mut self, files: Vec<DriveFile>) -> Vec<DriveFile> {
        let mut new = Vec::new();
        for file in files {
            let Some(created) = file.created_time.clone().filter(|t| humantime::parse_rfc3339(t).is_ok()) else {
                continue;
            };
            if self.seen.contains_key(&file.id) {
                continue;
            }
            if later(&created, &self.since) {
                self.since = created.clone();
            }
            self.seen.insert(file.id.clone(), created);
            new.push(file);
        }
        let horizon = window_start(&self.since);
        self.seen.retain(|_, created| !later(&horizon, created));
        new
    }
}

/// Whether RFC 3339 time `a` is after `b` (an unreadable time is before every other).
fn later(a: &str, b: &str) -> bool {
    match (humantime::parse_rfc3339(a), humantime::parse_rfc3339(b)) {
        (Ok(a), Ok(b)) => a > b,
        (Ok(_), Err(_)) => true,
        _ => false,
    }
}

/// [`LOOKBACK`] before `since`, as Drive's queries write times.
fn window_start(since: &str) -> String {
    let since = humantime::parse_rfc3339(since).unwrap_or(SystemTime::UNIX_EPOCH);
    let start = since.checked_sub(LOOKBACK).filter(|t| *t > SystemTime::UNIX_EPOCH).unwrap_or(SystemTime::UNIX_EPOCH);
    humantime::format_rfc3339_millis(start).to_string()
}

#[actions]
impl GoogleDrive {
    /// Upload a file: text, or Base64 data
    ///
    /// Files up to 5 MB go in one multipart request; larger ones through a resumable upload session.
    #[action(name = "Upload File", category = "Files", icon = "upload")]
    async fn upload_file(&self, input: UploadFile) -> Result<DriveFile> {
        let content = match input.input_source {
            InputSource::Direct => upload::text_content(&input.content)?,
            InputSource::Binary => upload::binary_content(&input.content, &input.binary_property_name)?,
        };
        let given_type = input.mime_type.as_deref().map(str::trim).filter(|t| !t.is_empty());
        // A Google type asks Drive to convert: the media keeps the content's own type.
        let (convert_to, given_type) = match given_type {
            Some(t) if t.starts_with(GOOGLE_APPS) => (Some(t), None),
            other => (None, other),
        };
        let media_type = given_type.or(content.mime_type.as_deref()).unwrap_or("text/plain").to_owned();
        let mut metadata = Map::new();
        if let Some(name) = non_blank(input.file_name.as_deref()).or(content.file_name.as_deref()) {
            metadata.insert("name".into(), name.into());
        }
        if let Some(parent) = parent(input.folder_id.as_deref(), Some(&input.drive_id)) {
            metadata.insert("parents".into(), json!([parent]));
        }
        if let Some(description) = non_blank(input.description.as_deref()) {
            metadata.insert("description".into(), description.into());
        }
        metadata.insert("mimeType".into(), convert_to.unwrap_or(&media_type).into());
        let query = json!({ "supportsAllDrives": true, "fields": FILE_FIELDS });
        if content.bytes.len() <= MULTIPART_LIMIT {
            let metadata = serde_json::to_vec(&metadata).unwrap_or_default();
            let (body, content_type) = upload::multipart_related(&metadata, &media_type, &content.bytes);
            let request = self
                .http
                .post("/upload/drive/v3/files")
                .query(&json!({ "uploadType": "multipart" }))
                .query(&query)
                .header("content-type", content_type)
                .raw(body);
            return google::send_json(request).await;
        }
        let session = self
            .http
            .post("/upload/drive/v3/files")
            .query(&json!({ "uploadType": "resumable" }))
            .query(&query)
            .header("x-upload-content-type", media_type.clone())
            .header("x-upload-content-length", content.bytes.len().to_string())
            .json(&metadata)
            .send()
            .await
            .map_err(google::refine_error)?;
        let location = session.headers.get("location").and_then(|l| l.to_str().ok()).unwrap_or_default();
        // The session URL carries the upload's authority: follow it only to Google's API host.
        if !location.starts_with(&format!("{}/", self.http.base_url())) {
            return Err(ConnectorError::new(
                ErrorCode::InvalidResponse,
                "Drive opened an upload session without a usable Location to upload to",
            ));
        }
        let request = self.http.put(location).header("content-type", media_type).raw(content.bytes);
        google::send_json(request).await
    }

    /// Download a file's content (Google Docs, Sheets and Slides files are exported)
    #[action(name = "Download File", category = "Files", icon = "download", idempotent)]
    async fn download_file(&self, input: DownloadFile) -> Result<DownloadedFile> {
        let id = file_id(&input.file_id, "fileId")?;
        let request = self
            .http
            .get(&file_path(&id))
            .query(&json!({ "supportsAllDrives": true, "fields": "id,name,mimeType,size" }));
        let file: DriveFile = google::send_json(request).await?;
        let mime = file.mime_type.clone().unwrap_or_default();
        let name = file.name.clone().unwrap_or_else(|| id.clone());
        if mime == FOLDER {
            return Err(ConnectorError::invalid_input(format!("`{name}` is a folder: only files have content")));
        }
        let (bytes, mime, name, exported) = if let Some(kind) = mime.strip_prefix(GOOGLE_APPS) {
            let export = match input.convert_google_docs {
                true => Some(input.conversion_format.mime_type()),
                false => office_counterpart(kind),
            };
            let Some(export) = export else {
                return Err(ConnectorError::new(
                    ErrorCode::NotSupported,
                    format!("`{name}` is a Google {kind} file, which Drive cannot export"),
                ));
            };
            let request = self.http.get(&format!("{}/export", file_path(&id))).query(&json!({ "mimeType": export }));
            let response = request.send().await.map_err(google::refine_error)?;
            (response.body, export.to_owned(), with_extension(&name, export), true)
        } else {
            let size = file.size.as_deref().and_then(|s| s.parse::<usize>().ok()).unwrap_or(0);
            if size > MAX_DOWNLOAD_BYTES {
                return Err(too_large(&name, size));
            }
            let request = self.http.get(&file_path(&id)).query(&json!({ "alt": "media", "supportsAllDrives": true }));
            let response = request.send().await.map_err(google::refine_error)?;
            (response.body, mime, name, false)
        };
        if bytes.len() > MAX_DOWNLOAD_BYTES {
            return Err(too_large(&name, bytes.len()));
        }
        let text = is_text(&mime).then(|| String::from_utf8(bytes.clone()).ok()).flatten();
        Ok(DownloadedFile {
            id,
            file_name: name,
            mime_type: if mime.is_empty() { "application/octet-stream".to_owned() } else { mime },
            file_size: bytes.len(),
            data: base64::engine::general_purpose::STANDARD.encode(&bytes),
            text,
            exported,
        })
    }

    /// Find files by name, type and folder
    #[action(name = "Search Files", category = "Files", icon = "search", idempotent)]
    async fn list_files(&self, input: ListFiles) -> Result<FileList> {
        if input.limit == 0 {
            return Err(ConnectorError::invalid_input("`limit` must be at least 1"));
        }
        let mut clauses = Vec::new();
        if let Some(folder) = non_blank(input.folder_id.as_deref()) {
            clauses.push(format!("{} in parents", quoted(&file_id(folder, "folderId")?)));
        }
        if let Some(text) = non_blank(input.search_query.as_deref()) {
            clauses.push(format!("name contains {}", quoted(text)));
        }
        clauses.extend(input.file_types.clause());
        if !input.include_trashed {
            clauses.push("trashed = false".to_owned());
        }
        let mut query = Map::new();
        if !clauses.is_empty() {
            query.insert("q".into(), clauses.join(" and ").into());
        }
        query.insert("pageSize".into(), input.limit.min(MAX_PAGE_SIZE).into());
        query.insert("fields".into(), format!("nextPageToken,files({FILE_FIELDS})").into());
        query.insert("supportsAllDrives".into(), true.into());
        query.insert("includeItemsFromAllDrives".into(), true.into());
        if let Some(drive) = shared_drive(input.drive_id.as_deref()) {
            query.insert("corpora".into(), "drive".into());
            query.insert("driveId".into(), drive.into());
        }
        let files: Vec<DriveFile> =
            google::list_all(&self.http, "/drive/v3/files", &query, "files", input.limit as usize).await?;
        Ok(FileList { count: files.len(), files })
    }

    /// Move a file or folder to the trash, or delete it for good
    #[action(name = "Delete File", category = "Files", icon = "trash", idempotent)]
    async fn delete_file(&self, input: DeleteFile) -> Result<DeletedFile> {
        let id = file_id(&input.file_id, "fileId")?;
        let query = json!({ "supportsAllDrives": true });
        if input.permanent_delete {
            self.http.delete(&file_path(&id)).query(&query).send().await.map_err(google::refine_error)?;
        } else {
            let request = self
                .http
                .patch(&file_path(&id))
                .query(&query)
                .query(&json!({ "fields": "id,trashed" }))
                .json(&json!({ "trashed": true }))
                .idempotent();
            google::send_json::<Value>(request).await?;
        }
        Ok(DeletedFile { id, permanent: input.permanent_delete })
    }

    /// Create a folder
    #[action(name = "Create Folder", category = "Folders", icon = "folder-plus")]
    async fn create_directory(&self, input: CreateFolder) -> Result<DriveFile> {
        let name = input.folder_name.trim();
        if name.is_empty() {
            return Err(ConnectorError::invalid_input("`folderName` is empty: name the new folder"));
        }
        let mut body = json!({ "name": name, "mimeType": FOLDER });
        if let Some(parent) = parent(input.parent_folder_id.as_deref(), Some(&input.drive_id)) {
            body["parents"] = json!([parent]);
        }
        if let Some(rgb) = input.folder_color.rgb() {
            body["folderColorRgb"] = rgb.into();
        }
        let request = self
            .http
            .post("/drive/v3/files")
            .query(&json!({ "supportsAllDrives": true, "fields": FILE_FIELDS }))
            .json(&body);
        google::send_json(request).await
    }

    /// Give a person, a group, a domain or anyone with the link access to a file or folder
    #[action(name = "Share File", category = "Files", icon = "share")]
    async fn share_file(&self, input: ShareFile) -> Result<SharedFile> {
        let id = file_id(&input.file_id, "fileId")?;
        let (kind, role) = (as_text(input.permission_type), as_text(input.role));
        let mut body = json!({ "type": kind, "role": role });
        let mut query = json!({ "supportsAllDrives": true, "fields": "id,type,role,emailAddress,domain" });
        match input.permission_type {
            PermissionType::User | PermissionType::Group => {
                let Some(email) = non_blank(input.email_address.as_deref()) else {
                    return Err(ConnectorError::invalid_input(format!(
                        "`emailAddress` is empty: sharing with a {kind} needs its email address"
                    )));
                };
                body["emailAddress"] = email.into();
                query["sendNotificationEmail"] = input.send_notification_email.into();
                if let (true, Some(message)) =
                    (input.send_notification_email, non_blank(input.email_message.as_deref()))
                {
                    query["emailMessage"] = message.into();
                }
            }
            PermissionType::Domain => {
                let Some(domain) = non_blank(input.domain.as_deref()) else {
                    return Err(ConnectorError::invalid_input(
                        "`domain` is empty: sharing with a domain needs its name (example.com)",
                    ));
                };
                body["domain"] = domain.into();
            }
            PermissionType::Anyone => {}
        }
        let request = self.http.post(&format!("{}/permissions", file_path(&id))).query(&query).json(&body);
        let mut shared: SharedFile = google::send_json(request).await?;
        shared.file_id = id;
        Ok(shared)
    }

    /// Get every field Drive keeps about a file or folder
    #[action(name = "Get File Metadata", category = "Files", icon = "info", idempotent)]
    async fn get_file_metadata(&self, input: GetFileMetadata) -> Result<Value> {
        let id = file_id(&input.file_id, "fileId")?;
        let request = self.http.get(&file_path(&id)).query(&json!({ "supportsAllDrives": true, "fields": "*" }));
        google::send_json(request).await
    }

    /// A file was created (in a folder, or anywhere)
    ///
    /// Folders are not reported. The first poll only records the latest creation time. Each poll
    /// then lists the files created since [`LOOKBACK`] (five minutes) before it, oldest first, and
    /// reports those the cursor has not seen: files created together are all reported, each once,
    /// including one Drive's search lists a little late. A file whose creation time is older than
    /// that (an upload that keeps its original time, a file moved into the folder) is not new.
    #[trigger(name = "File Created", event_type = "file.created", polling, event_id = "/id")]
    async fn file_created(&self, config: FileWatch, cursor: Option<Value>) -> Result<Polled<DriveFile>> {
        let folder = non_blank(config.folder_id.as_deref()).map(|f| file_id(f, "folderId")).transpose()?;
        let mut clauses = vec!["trashed = false".to_owned(), format!("mimeType != '{FOLDER}'")];
        if let Some(folder) = &folder {
            clauses.push(format!("{} in parents", quoted(folder)));
        }
        let previous = cursor.and_then(|c| serde_json::from_value::<FileCursor>(c).ok());
        let Some(mut cursor) = previous else {
            let newest = self.created_files(&clauses, "createdTime desc", 1).await?;
            let since = newest.first().and_then(|f| f.created_time.clone());
            let mut cursor = FileCursor { since: since.clone().unwrap_or_else(epoch), seen: BTreeMap::new() };
            if since.is_some() {
                let recent = self.created_since(&clauses, &cursor.since).await?;
                cursor.advance(recent);
            }
            return Ok(Polled { events: Vec::new(), cursor: Some(json!(cursor)) });
        };
        let files = self.created_since(&clauses, &cursor.since).await?;
        let events = cursor.advance(files);
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }
}

impl GoogleDrive {
    /// Files matching `clauses` created from [`LOOKBACK`] before `since` on, oldest first.
    async fn created_since(&self, clauses: &[String], since: &str) -> Result<Vec<DriveFile>> {
        let mut clauses = clauses.to_vec();
        clauses.push(format!("createdTime >= '{}'", window_start(since)));
        self.created_files(&clauses, "createdTime", usize::MAX).await
    }

    /// Files matching `clauses` in `order`, up to `max`.
    async fn created_files(&self, clauses: &[String], order: &str, max: usize) -> Result<Vec<DriveFile>> {
        let mut query = Map::new();
        query.insert("q".into(), clauses.join(" and ").into());
        query.insert("orderBy".into(), order.into());
        query.insert("pageSize".into(), (max.min(MAX_PAGE_SIZE as usize) as u64).into());
        query.insert("fields".into(), format!("nextPageToken,files({FILE_FIELDS})").into());
        query.insert("supportsAllDrives".into(), true.into());
        query.insert("includeItemsFromAllDrives".into(), true.into());
        google::list_all(&self.http, "/drive/v3/files", &query, "files", max).await
    }
}

fn epoch() -> String {
    humantime::format_rfc3339_millis(SystemTime::UNIX_EPOCH).to_string()
}

/// The file ID in `text` (an ID, or a link to the file or folder).
fn file_id(text: &str, field: &str) -> Result<String> {
    let id = google::resource_id(text);
    if id.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` is empty: give the ID or paste the link")));
    }
    if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(ConnectorError::invalid_input(format!(
            "`{id}` is not a Drive ID: paste the link (https://drive.google.com/...) or the ID in it"
        )));
    }
    Ok(id)
}

/// `/drive/v3/files/<id>`.
fn file_path(id: &str) -> String {
    format!("/drive/v3/files/{}", path_segment(id))
}

/// The folder a new file or folder goes in: the folder given, else a shared drive's top
/// folder (its ID), else none (the top of My Drive).
fn parent(folder: Option<&str>, drive: Option<&str>) -> Option<String> {
    match non_blank(folder) {
        Some(folder) => Some(google::resource_id(folder)),
        None => shared_drive(drive),
    }
}

/// A shared drive's ID; `None` for blank, `root` or `My Drive` (the user's own drive).
fn shared_drive(drive: Option<&str>) -> Option<String> {
    let drive = non_blank(drive)?;
    let mine = drive.eq_ignore_ascii_case("root") || drive.eq_ignore_ascii_case("my drive");
    (!mine).then(|| google::resource_id(drive))
}

fn non_blank(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// A string literal of Drive's query language.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// A unit enum's JSON name.
fn as_text<T: Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// What a Google file is exported to when no format is chosen; `None` for types Drive cannot export.
fn office_counterpart(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "document" => DOCX,
        "spreadsheet" => XLSX,
        "presentation" => PPTX,
        "drawing" => "image/png",
        "script" => "application/vnd.google-apps.script+json",
        _ => return None,
    })
}

/// `name` ending with the extension of `mime`, unless it already does.
fn with_extension(name: &str, mime: &str) -> String {
    let extension = match mime {
        "application/pdf" => "pdf",
        DOCX => "docx",
        XLSX => "xlsx",
        PPTX => "pptx",
        "text/html" => "html",
        "text/plain" => "txt",
        "image/png" => "png",
        "application/vnd.google-apps.script+json" => "json",
        _ => return name.to_owned(),
    };
    if name.to_ascii_lowercase().ends_with(&format!(".{extension}")) {
        name.to_owned()
    } else {
        format!("{name}.{extension}")
    }
}

fn is_text(mime: &str) -> bool {
    let mime = mime.split(';').next().unwrap_or(mime).trim();
    mime.starts_with("text/") || matches!(mime, "application/json" | "application/xml" | "application/javascript")
}

fn too_large(name: &str, size: usize) -> ConnectorError {
    ConnectorError::invalid_input(format!(
        "`{name}` is {size} bytes; Download File passes files up to {MAX_DOWNLOAD_BYTES} bytes through a workflow"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(id: &str, created: &str) -> DriveFile {
        DriveFile { id: id.into(), created_time: Some(created.into()), ..DriveFile::default() }
    }

    #[test]
    fn the_cursor_reports_each_file_once_even_when_listed_late() {
        let mut cursor = FileCursor { since: "2024-05-01T10:00:00.000Z".into(), seen: BTreeMap::new() };
        cursor.seen.insert("a".into(), "2024-05-01T10:00:00.000Z".into());
        let new = cursor.advance(vec![
            file("a", "2024-05-01T10:00:00.000Z"),
            file("b", "2024-05-01T10:00:00.000Z"),
            file("c", "2024-05-01T10:03:00.000Z"),
        ]);
        assert_eq!(new.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["b", "c"]);
        assert_eq!(cursor.since, "2024-05-01T10:03:00.000Z");
        // Listed late, created before the latest file: still new, and only once.
        let new = cursor.advance(vec![file("d", "2024-05-01T10:01:00.000Z"), file("c", "2024-05-01T10:03:00.000Z")]);
        assert_eq!(new.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["d"]);
        // Ten minutes on, the window has moved past a, b, c and d.
        cursor.advance(vec![file("e", "2024-05-01T10:13:00.000Z")]);
        assert_eq!(cursor.seen.keys().collect::<Vec<_>>(), ["e"]);
    }

    #[test]
    fn the_window_starts_five_minutes_before() {
        assert_eq!(window_start("2024-05-01T10:03:00.250Z"), "2024-05-01T09:58:00.250Z");
        assert_eq!(window_start("1970-01-01T00:01:00.000Z"), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn queries_quote_and_drives_resolve() {
        assert_eq!(quoted(r"it's a\b"), r"'it\'s a\\b'");
        assert_eq!(shared_drive(Some("root")), None);
        assert_eq!(shared_drive(Some(" My Drive ")), None);
        assert_eq!(shared_drive(Some("0AbcPVA")).as_deref(), Some("0AbcPVA"));
        assert_eq!(parent(Some("https://drive.google.com/drive/folders/1Fx"), Some("0Ab")).as_deref(), Some("1Fx"));
        assert_eq!(file_id("a b", "fileId").unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn exports_name_their_format() {
        assert_eq!(with_extension("Plan", DOCX), "Plan.docx");
        assert_eq!(with_extension("plan.PDF", "application/pdf"), "plan.PDF");
        assert_eq!(office_counterpart("form"), None);
        assert!(is_text("text/csv; charset=utf-8"));
    }
}
