//! Dropbox through its API v2. RPC calls (JSON in, JSON out) go to `api.dropboxapi.com`;
//! uploads and downloads go to `content.dropboxapi.com`, with their arguments as JSON in the
//! `Dropbox-API-Arg` header (non-ASCII characters escaped as `\uXXXX`, as Dropbox requires).
//! Dropbox's errors (409 with an `error_summary` such as `path/not_found/..`) become errors of
//! the matching class with the summary in the message. The triggers follow a `list_folder`
//! cursor, so each change is reported once.

use base64::Engine;
use fluxturn_core::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::fmt::Write as _;

/// Dropbox's RPC endpoints: the base URL.
const RPC_URL: &str = "https://api.dropboxapi.com/2";
/// Dropbox's content endpoints (uploads and downloads).
const CONTENT_URL: &str = "https://content.dropboxapi.com/2";
/// The largest file `/files/upload` takes in one request.
const MAX_UPLOAD_BYTES: usize = 150 * 1024 * 1024;
/// The largest file `file_download` passes on (it travels through the workflow as Base64).
const MAX_DOWNLOAD_BYTES: usize = 25 * 1024 * 1024;
/// The most pages an action or a poll follows.
const MAX_PAGES: usize = 100;
/// The largest page `list_folder` returns.
const MAX_LIST_PAGE: u32 = 2000;
/// The most results one `search_v2` request returns.
const MAX_SEARCH_PAGE: u32 = 1000;

/// Upload, download, list, search, copy, move and delete files and folders in Dropbox, and react to files added or changed
#[connector(
    name = "dropbox",
    display_name = "Dropbox",
    category = "storage",
    base_url = "https://api.dropboxapi.com/2",
    rate_limit(requests_per_second = 5, requests_per_minute = 300),
    icon = "icons/dropbox.svg",
    auth = [
        bearer_token(field = "accessToken"),
        // The shared `dropbox` provider: PKCE S256 and `token_access_type=offline`, so Dropbox
        // issues a refresh token and the server renews the four-hour access tokens.
        oauth2(
            provider = "dropbox",
            scopes = [
                "files.metadata.write",
                "files.metadata.read",
                "files.content.write",
                "files.content.read",
                "sharing.write",
                "sharing.read",
                "account_info.read",
            ],
        ),
    ],
    credentials = DropboxCredentials,
)]
pub struct Dropbox {
    http: Http,
}

/// How the connection signs in to Dropbox.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum DropboxAuthMode {
    /// Access token
    #[default]
    #[serde(rename = "accessToken")]
    AccessToken,
    /// OAuth2
    #[serde(rename = "oauth2")]
    OAuth2,
}

/// Which Dropbox a token reaches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum DropboxAccessType {
    /// Full Dropbox
    #[default]
    #[serde(rename = "full")]
    Full,
    /// App folder
    #[serde(rename = "folder")]
    Folder,
}

/// The "Add Dropbox" form: a pasted access token, or OAuth2.
#[derive(Credentials)]
pub struct DropboxCredentials {
    /// Paste an access token, or sign in with OAuth2
    #[field(label = "Authentication", default = "accessToken")]
    pub auth_mode: DropboxAuthMode,
    /// An access token from the App Console (Settings > Generated access token); with OAuth2 the
    /// server stores the token it obtains here
    #[field(
        label = "Access Token",
        secret,
        required,
        help_url = "https://www.dropbox.com/developers/apps",
        show(authMode = ["accessToken"])
    )]
    pub access_token: Option<Secret<String>>,
    /// The access type of the app that issued the token: with an app folder (Apps/<app name>),
    /// every path starts in that folder. Dropbox decides it from the token; this is a reminder
    #[field(label = "Access Type", default = "full", show(authMode = ["accessToken"]))]
    pub access_type: Option<DropboxAccessType>,
    /// The app key of your own Dropbox app (blank: the server's Dropbox app)
    #[field(label = "Client ID", show(authMode = ["oauth2"]))]
    pub client_id: Option<String>,
    /// The app secret of your own Dropbox app
    #[field(label = "Client Secret", secret, show(authMode = ["oauth2"]))]
    pub client_secret: Option<Secret<String>>,
}

/// What `file_upload` does when a file is already at the path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum WriteMode {
    /// Add: keep the existing file (with Autorename, the upload gets a new name; without, it fails)
    #[default]
    #[serde(rename = "add")]
    Add,
    /// Overwrite: replace the existing file
    #[serde(rename = "overwrite")]
    Overwrite,
    /// Update: replace the existing file, which must exist and not change meanwhile
    #[serde(rename = "update")]
    Update,
}

/// The operations FluxTurn's upload form lists; this action performs `upload`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum FileOperation {
    /// Upload
    #[default]
    #[serde(rename = "upload")]
    Upload,
    /// Download (the Download File action)
    #[serde(rename = "download")]
    Download,
    /// Delete (the Delete File/Folder action)
    #[serde(rename = "delete")]
    Delete,
    /// Copy (the Copy File action)
    #[serde(rename = "copy")]
    Copy,
    /// Move (the Move File action)
    #[serde(rename = "move")]
    Move,
    /// Search (the Search Files action)
    #[serde(rename = "search")]
    Search,
}

impl FileOperation {
    /// The action that performs this operation.
    fn action(self) -> &'static str {
        match self {
            Self::Upload => "file_upload",
            Self::Download => "file_download",
            Self::Delete => "file_delete",
            Self::Copy => "file_copy",
            Self::Move => "file_move",
            Self::Search => "file_search",
        }
    }
}

/// What FluxTurn's upload form works on; uploads are files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum FileResource {
    /// File
    #[default]
    #[serde(rename = "file")]
    File,
    /// Folder (the Create Folder and List Folder Contents actions)
    #[serde(rename = "folder")]
    Folder,
}

/// The operations FluxTurn's folder form lists; this action performs `create`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum FolderOperation {
    /// Create
    #[default]
    #[serde(rename = "create")]
    Create,
    /// List (the List Folder Contents action)
    #[serde(rename = "list")]
    List,
}

fn yes() -> bool {
    true
}

fn hundred() -> u32 {
    100
}

fn five() -> u32 {
    5
}

/// The input of `file_upload`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct FileUploadInput {
    /// Must be `file`: folders are made with Create Folder
    #[field(label = "Resource", default = "file")]
    pub resource: FileResource,
    /// Must be `upload`: each other operation is its own action
    #[field(label = "Operation", default = "upload")]
    pub operation: FileOperation,
    /// On: a binary object in Content ({"data": "<Base64>", ...}, as Download File gives) or a
    /// Base64 `data:` URL is decoded, and other text is uploaded as it is. Off: Content is
    /// always uploaded as text
    #[field(label = "Binary Data", default = true)]
    #[serde(default = "yes")]
    pub binary_data: bool,
    /// Where the file goes, with its name: /Reports/q1.csv
    #[field(label = "Path", placeholder = "/Reports/q1.csv", aliases = ["filePath"])]
    pub path: String,
    /// What to upload: text, or (with Binary Data on) a binary object or a Base64 `data:` URL
    #[field(label = "Content", field_type = "string", input_type = "textarea", aliases = ["contents"])]
    pub content: Value,
    /// What happens when a file is already at the path
    #[field(label = "Mode", default = "add")]
    #[serde(default)]
    pub mode: WriteMode,
    /// On a conflict, give the upload a new name (q1 (1).csv) instead of failing
    #[field(label = "Autorename", default = false)]
    #[serde(default)]
    pub autorename: bool,
}

/// The input of `file_download`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct FileDownloadInput {
    /// The file: its path (/Reports/q1.csv) or its id (id:...)
    #[field(label = "Path", placeholder = "/Reports/q1.csv", aliases = ["filePath"])]
    pub path: String,
}

/// The input of `file_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct FileDeleteInput {
    /// The file or folder (a folder is deleted with everything in it): its path or id
    #[field(label = "Path", placeholder = "/Reports/q1.csv", aliases = ["filePath"])]
    pub path: String,
}

/// The input of `file_copy` and `file_move`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct FileTransferInput {
    /// The file or folder to copy or move: its path or id
    #[field(label = "From Path", placeholder = "/Reports/q1.csv")]
    pub from_path: String,
    /// Where it goes, with its name: /Archive/q1.csv
    #[field(label = "To Path", placeholder = "/Archive/q1.csv")]
    pub to_path: String,
    /// When something is already at To Path, give this one a new name instead of failing
    #[field(label = "Autorename", default = false)]
    #[serde(default)]
    pub autorename: bool,
}

/// The input of `file_search`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct FileSearchInput {
    /// The words to look for (in names, and in contents unless Filename Only)
    #[field(label = "Query")]
    pub query: String,
    /// Search only in this folder (blank: the whole Dropbox)
    #[field(label = "Path", default = "", placeholder = "/Reports")]
    #[serde(default)]
    pub path: String,
    /// Most results to return
    #[field(label = "Max Results", default = 100, min = 1, max = 10000)]
    #[serde(default = "hundred")]
    pub max_results: u32,
    /// Match file and folder names only, not contents
    #[field(label = "Filename Only", default = false)]
    #[serde(default)]
    pub filename_only: bool,
}

/// The input of `folder_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct FolderCreateInput {
    /// Must be `create`: listing is List Folder Contents
    #[field(label = "Operation", default = "create")]
    pub operation: FolderOperation,
    /// The new folder: /Reports/2026
    #[field(label = "Path", placeholder = "/Reports/2026", aliases = ["folderPath"])]
    pub path: String,
    /// When something is already at the path, give the folder a new name instead of failing
    #[field(label = "Autorename", default = false)]
    #[serde(default)]
    pub autorename: bool,
}

/// The input of `folder_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct FolderListInput {
    /// The folder (blank: the root of the Dropbox)
    #[field(label = "Path", default = "", placeholder = "/Reports")]
    #[serde(default)]
    pub path: String,
    /// List the contents of subfolders too
    #[field(label = "Recursive", default = false)]
    #[serde(default)]
    pub recursive: bool,
    /// Include entries for deleted files and folders
    #[field(label = "Include Deleted", default = false)]
    #[serde(default)]
    pub include_deleted: bool,
    /// Most entries to return (pages are followed up to it)
    #[field(label = "Limit", default = 100, min = 1, max = 100000)]
    #[serde(default = "hundred")]
    pub limit: u32,
}

/// Who may open a shared link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkAudience {
    /// Anyone with the link
    #[default]
    Public,
    /// Members of your team
    Team,
    /// Only people who already have access to the file
    NoOne,
}

/// The input of `share_link`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ShareLinkInput {
    /// The file or folder to share: its path or id
    #[field(label = "Path", placeholder = "/Reports/q1.csv", aliases = ["filePath"])]
    pub path: String,
    /// Who may open the link (a new link; an existing link is returned as it is)
    #[field(label = "Audience", default = "public")]
    #[serde(default)]
    pub audience: LinkAudience,
    /// Whether the link lets people download the file
    #[field(label = "Allow Download", default = true)]
    #[serde(default = "yes")]
    pub allow_download: bool,
    /// When the link stops working (RFC 3339, UTC, such as 2026-12-31T23:59:59Z; paid plans only)
    #[field(label = "Expires", placeholder = "2026-12-31T23:59:59Z")]
    pub expires: Option<String>,
}

/// The configuration of `file_added` and `file_modified`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct FileWatch {
    /// The folder to watch (/ for the whole Dropbox)
    #[field(label = "Path", placeholder = "/Inbox")]
    pub path: String,
    /// Watch its subfolders too
    #[field(label = "Recursive", default = false)]
    #[serde(default)]
    pub recursive: bool,
    /// Seconds between polls (read by the scheduler)
    #[field(label = "Poll Interval", default = 5, min = 1)]
    #[serde(default = "five")]
    pub poll_interval: u32,
}

/// A file or folder as Dropbox describes it.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, JsonSchema)]
pub struct Metadata {
    /// What it is: `file`, `folder` or `deleted`
    #[serde(rename = ".tag", default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Its name
    pub name: String,
    /// Dropbox's id (id:...)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its path in lower case
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_lower: Option<String>,
    /// Its path as written
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_display: Option<String>,
    /// A file's revision
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<String>,
    /// A file's size in bytes
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// When a file was last modified on the client that wrote it (RFC 3339)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_modified: Option<String>,
    /// When a file last changed in Dropbox (RFC 3339)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_modified: Option<String>,
    /// A file's content hash (Dropbox's block SHA-256)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
}

impl Metadata {
    fn tagged(mut self, tag: &str) -> Self {
        self.tag.get_or_insert_with(|| tag.to_owned());
        self
    }
}

/// The answer to `file_download`: the file's content and what it is.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DownloadedFile {
    /// The file's name
    pub file_name: String,
    /// The content's MIME type, from the name's extension
    pub mime_type: String,
    /// The content's size in bytes
    pub file_size: usize,
    /// The content in Base64 (Upload File takes this object as binary content)
    pub data: String,
    /// The content as text, when it is UTF-8 text
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// What Dropbox says about the file
    pub metadata: Metadata,
}

/// The answer to `file_search`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// The files and folders found, best match first
    pub matches: Vec<Metadata>,
    /// How many
    pub count: usize,
    /// Whether Dropbox has more than Max Results
    pub has_more: bool,
}

/// The answer to `folder_list`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FolderListing {
    /// The files and folders
    pub entries: Vec<Metadata>,
    /// How many
    pub count: usize,
    /// Whether the folder holds more than Limit entries
    pub has_more: bool,
    /// Dropbox's cursor after the last page read (for `list_folder/continue`)
    pub cursor: String,
}

/// A shared link to a file or folder.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct SharedLink {
    /// The link
    pub url: String,
    /// The shared file's or folder's name
    pub name: String,
    /// Its Dropbox id
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its path in lower case
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_lower: Option<String>,
    /// When the link stops working
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// What `list_shared_links` answers.
#[derive(Deserialize)]
struct SharedLinks {
    links: Vec<SharedLink>,
}

/// A page of `list_folder` or `list_folder/continue`.
#[derive(Deserialize)]
struct ListPage {
    entries: Vec<Metadata>,
    cursor: String,
    has_more: bool,
}

/// A page of `search_v2` or `search/continue_v2`.
#[derive(Deserialize)]
struct SearchPage {
    matches: Vec<SearchMatch>,
    #[serde(default)]
    has_more: bool,
    cursor: Option<String>,
}

#[derive(Deserialize)]
struct SearchMatch {
    metadata: SearchMatchMetadata,
}

#[derive(Deserialize)]
struct SearchMatchMetadata {
    metadata: Option<Metadata>,
}

/// What `*_v2` calls answer: `{"metadata": {...}}`.
#[derive(Deserialize)]
struct MetadataResult {
    metadata: Metadata,
}

/// The triggers' cursor: Dropbox's `list_folder` cursor.
#[derive(Debug, Serialize, Deserialize)]
struct WatchCursor {
    cursor: String,
}

/// Which changes a trigger reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Added,
    Modified,
}

#[actions]
impl Dropbox {
    /// Upload a file
    ///
    /// Up to 150 MB in one request; Mode and Autorename say what happens when a file is already
    /// at the path.
    #[action(name = "Upload File", aliases = ["upload_file"], category = "Files", icon = "upload")]
    async fn file_upload(&self, input: FileUploadInput) -> Result<Metadata> {
        if input.operation != FileOperation::Upload || input.resource != FileResource::File {
            let action =
                if input.resource == FileResource::Folder { "folder_create" } else { input.operation.action() };
            return Err(ConnectorError::invalid_input(format!(
                "Upload File uploads a file (resource `file`, operation `upload`); use the `{action}` action for that"
            )));
        }
        let path = file_path(&input.path, "path")?;
        let bytes = upload_bytes(&input.content, input.binary_data)?;
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(ConnectorError::invalid_input(format!(
                "the content is {} bytes; Dropbox takes up to {MAX_UPLOAD_BYTES} bytes in one upload",
                bytes.len()
            )));
        }
        let mode = match input.mode {
            WriteMode::Add => json!("add"),
            WriteMode::Overwrite => json!("overwrite"),
            WriteMode::Update => {
                // Dropbox updates a given revision: the file's current one, so it must exist.
                let current: Metadata =
                    self.rpc("/files/get_metadata", &json!({ "path": path }), true, "find the file to update").await?;
                let Some(rev) = current.rev.filter(|_| current.tag.as_deref() == Some("file")) else {
                    return Err(ConnectorError::invalid_input(format!("`{path}` is not a file: nothing to update")));
                };
                json!({ ".tag": "update", "update": rev })
            }
        };
        let arg = json!({ "path": path, "mode": mode, "autorename": input.autorename, "mute": false, "strict_conflict": false });
        let metadata: Metadata = self
            .http
            .post(&self.content_url("/files/upload"))
            .header("Dropbox-API-Arg", api_arg(&arg))
            .header("Content-Type", "application/octet-stream")
            .raw(bytes)
            .send_json()
            .await
            .map_err(|e| dropbox_error("upload the file", e))?;
        Ok(metadata.tagged("file"))
    }

    /// Download a file
    ///
    /// Its content comes back in Base64 (and as text when it is text), up to 25 MB.
    #[action(name = "Download File", aliases = ["download_file"], category = "Files", icon = "download", idempotent)]
    async fn file_download(&self, input: FileDownloadInput) -> Result<DownloadedFile> {
        let path = file_path(&input.path, "path")?;
        let response = self
            .http
            .post(&self.content_url("/files/download"))
            .header("Dropbox-API-Arg", api_arg(&json!({ "path": path })))
            .idempotent()
            .send()
            .await
            .map_err(|e| dropbox_error("download the file", e))?;
        let metadata: Metadata = response
            .headers
            .get("dropbox-api-result")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| serde_json::from_str(v).ok())
            .ok_or_else(|| {
                ConnectorError::new(
                    ErrorCode::InvalidResponse,
                    "Dropbox sent the file without its description (the Dropbox-API-Result header)",
                )
            })?;
        let bytes = response.body;
        if bytes.len() > MAX_DOWNLOAD_BYTES {
            return Err(ConnectorError::invalid_input(format!(
                "`{}` is {} bytes; Download File passes on files up to {MAX_DOWNLOAD_BYTES} bytes",
                metadata.name,
                bytes.len()
            )));
        }
        let mime_type = mime_type_of(&metadata.name).to_owned();
        let text = is_text(&mime_type).then(|| String::from_utf8(bytes.clone()).ok()).flatten();
        Ok(DownloadedFile {
            file_name: metadata.name.clone(),
            mime_type,
            file_size: bytes.len(),
            data: base64::engine::general_purpose::STANDARD.encode(&bytes),
            text,
            metadata: metadata.tagged("file"),
        })
    }

    /// Delete a file or folder
    ///
    /// A folder goes with everything in it; Dropbox keeps deleted files restorable for a while.
    #[action(name = "Delete File/Folder", aliases = ["delete_file"], category = "Files", icon = "trash")]
    async fn file_delete(&self, input: FileDeleteInput) -> Result<Metadata> {
        let path = file_path(&input.path, "path")?;
        let result: MetadataResult = self.rpc("/files/delete_v2", &json!({ "path": path }), false, "delete it").await?;
        Ok(result.metadata)
    }

    /// Copy a file or folder
    #[action(name = "Copy File", aliases = ["copy_file"], category = "Files", icon = "copy")]
    async fn file_copy(&self, input: FileTransferInput) -> Result<Metadata> {
        self.transfer("/files/copy_v2", &input, "copy it").await
    }

    /// Move or rename a file or folder
    #[action(name = "Move File", aliases = ["move_file"], category = "Files", icon = "move")]
    async fn file_move(&self, input: FileTransferInput) -> Result<Metadata> {
        self.transfer("/files/move_v2", &input, "move it").await
    }

    /// Search files and folders by name or content
    #[action(name = "Search Files", aliases = ["search_files"], category = "Files", icon = "search", idempotent)]
    async fn file_search(&self, input: FileSearchInput) -> Result<SearchResults> {
        let query = input.query.trim();
        if query.is_empty() {
            return Err(ConnectorError::invalid_input("`query` cannot be blank"));
        }
        let wanted = input.max_results.max(1) as usize;
        let mut options = json!({
            "max_results": input.max_results.clamp(1, MAX_SEARCH_PAGE),
            "filename_only": input.filename_only,
            "file_status": "active",
        });
        let folder = folder_path(&input.path);
        if !folder.is_empty() {
            options["path"] = json!(folder);
        }
        let mut page: SearchPage =
            self.rpc("/files/search_v2", &json!({ "query": query, "options": options }), true, "search").await?;
        let mut matches = Vec::new();
        for _ in 0..MAX_PAGES {
            matches.extend(page.matches.into_iter().filter_map(|m| m.metadata.metadata));
            let next = page.cursor.filter(|_| page.has_more);
            let (true, Some(cursor)) = (matches.len() < wanted, next.clone()) else {
                let has_more = matches.len() > wanted || next.is_some();
                matches.truncate(wanted);
                return Ok(SearchResults { count: matches.len(), matches, has_more });
            };
            page = self.rpc("/files/search/continue_v2", &json!({ "cursor": cursor }), true, "search").await?;
        }
        matches.truncate(wanted);
        Ok(SearchResults { count: matches.len(), matches, has_more: true })
    }

    /// Create a folder
    #[action(name = "Create Folder", aliases = ["create_folder"], category = "Folders", icon = "folder-plus")]
    async fn folder_create(&self, input: FolderCreateInput) -> Result<Metadata> {
        if input.operation != FolderOperation::Create {
            return Err(ConnectorError::invalid_input(
                "Create Folder creates a folder (operation `create`); use the `folder_list` action to list one",
            ));
        }
        let path = file_path(&input.path, "path")?;
        let body = json!({ "path": path, "autorename": input.autorename });
        let result: MetadataResult = self.rpc("/files/create_folder_v2", &body, false, "create the folder").await?;
        Ok(result.metadata.tagged("folder"))
    }

    /// List the files and folders in a folder
    ///
    /// Pages are followed up to Limit entries.
    #[action(name = "List Folder Contents", category = "Folders", icon = "list", idempotent)]
    async fn folder_list(&self, input: FolderListInput) -> Result<FolderListing> {
        let wanted = input.limit.max(1) as usize;
        let body = json!({
            "path": folder_path(&input.path),
            "recursive": input.recursive,
            "include_deleted": input.include_deleted,
            "limit": input.limit.clamp(1, MAX_LIST_PAGE),
        });
        let mut page: ListPage = self.rpc("/files/list_folder", &body, true, "list the folder").await?;
        let mut entries = Vec::new();
        for _ in 0..MAX_PAGES {
            entries.extend(page.entries);
            if !page.has_more || entries.len() >= wanted {
                let has_more = page.has_more || entries.len() > wanted;
                entries.truncate(wanted);
                return Ok(FolderListing { count: entries.len(), entries, has_more, cursor: page.cursor });
            }
            let cursor = json!({ "cursor": page.cursor });
            page = self.rpc("/files/list_folder/continue", &cursor, true, "list the folder").await?;
        }
        entries.truncate(wanted);
        Ok(FolderListing { count: entries.len(), entries, has_more: true, cursor: page.cursor })
    }

    /// Share a file or folder by link
    ///
    /// Creates a link with the given settings; when the file already has one, returns that link.
    #[action(name = "Create Shared Link", category = "Sharing", icon = "link")]
    async fn share_link(&self, input: ShareLinkInput) -> Result<SharedLink> {
        let path = file_path(&input.path, "path")?;
        let mut settings =
            json!({ "audience": input.audience, "access": "viewer", "allow_download": input.allow_download });
        if let Some(expires) = input.expires.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            settings["expires"] = json!(expires);
        }
        let body = json!({ "path": path, "settings": settings });
        match self.rpc("/sharing/create_shared_link_with_settings", &body, false, "share it").await {
            Err(error) if error.message.contains("shared_link_already_exists") => {
                let body = json!({ "path": path, "direct_only": true });
                let existing: SharedLinks =
                    self.rpc("/sharing/list_shared_links", &body, true, "read its link").await?;
                existing.links.into_iter().next().ok_or(error)
            }
            created => created,
        }
    }

    /// A file was added to a folder
    ///
    /// The first poll only records where the folder stands (Dropbox's latest cursor); each poll
    /// then reports the files that appeared since, each once, oldest change first. A file is
    /// added when its path has a single revision (a file moved or copied in counts as added).
    #[trigger(name = "On File Added", event_type = "file.added", polling, event_id = "/rev")]
    async fn file_added(&self, config: FileWatch, cursor: Option<Value>) -> Result<Polled<Metadata>> {
        self.watch(&config, cursor, Change::Added).await
    }

    /// A file in a folder was changed
    ///
    /// As On File Added, for files whose path already had an earlier revision: a new version
    /// uploaded, overwritten or edited.
    #[trigger(name = "On File Modified", event_type = "file.modified", polling, event_id = "/rev")]
    async fn file_modified(&self, config: FileWatch, cursor: Option<Value>) -> Result<Polled<Metadata>> {
        self.watch(&config, cursor, Change::Modified).await
    }

    /// Reads the connected account: proves the token works.
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http
            .post("/users/get_current_account")
            .json(&Value::Null)
            .idempotent()
            .send()
            .await
            .map(drop)
            .map_err(|e| dropbox_error("read the account", e))
    }
}

impl Dropbox {
    /// The URL of a content endpoint: Dropbox's content host when the connector talks to
    /// Dropbox, else the same base URL (a mock, a proxy), so the token never leaves them.
    fn content_url(&self, endpoint: &str) -> String {
        if self.http.base_url() == RPC_URL {
            format!("{CONTENT_URL}{endpoint}")
        } else {
            endpoint.to_owned()
        }
    }

    /// One RPC call: `body` as JSON, the answer decoded, a failure explained as failing to `what`.
    async fn rpc<T: DeserializeOwned>(&self, endpoint: &str, body: &Value, read_only: bool, what: &str) -> Result<T> {
        let mut request = self.http.post(endpoint).json(body);
        if read_only {
            request = request.idempotent();
        }
        request.send_json().await.map_err(|e| dropbox_error(what, e))
    }

    /// `copy_v2` or `move_v2`.
    async fn transfer(&self, endpoint: &str, input: &FileTransferInput, what: &str) -> Result<Metadata> {
        let body = json!({
            "from_path": file_path(&input.from_path, "fromPath")?,
            "to_path": file_path(&input.to_path, "toPath")?,
            "autorename": input.autorename,
            "allow_ownership_transfer": false,
        });
        let result: MetadataResult = self.rpc(endpoint, &body, false, what).await?;
        Ok(result.metadata)
    }

    /// The triggers: Dropbox's latest cursor on the first poll, then the changes since.
    async fn watch(&self, config: &FileWatch, cursor: Option<Value>, change: Change) -> Result<Polled<Metadata>> {
        let previous = cursor.and_then(|c| serde_json::from_value::<WatchCursor>(c).ok());
        let Some(WatchCursor { cursor }) = previous else {
            return self.baseline(config).await;
        };
        let mut files = Vec::new();
        let mut cursor = cursor;
        for _ in 0..MAX_PAGES {
            let page: ListPage = match self
                .rpc("/files/list_folder/continue", &json!({ "cursor": cursor }), true, "read the folder's changes")
                .await
            {
                Ok(page) => page,
                // Dropbox asks for a new cursor now and then: start again from where the folder stands.
                Err(error) if error.message.contains(": reset/") => return self.baseline(config).await,
                Err(error) => return Err(error),
            };
            cursor = page.cursor;
            files.extend(page.entries.into_iter().filter(|e| e.tag.as_deref() == Some("file")));
            if !page.has_more {
                break;
            }
        }
        let mut events = Vec::new();
        for file in files {
            if self.change_of(&file).await? == change {
                events.push(file);
            }
        }
        Ok(Polled { events, cursor: Some(json!(WatchCursor { cursor })) })
    }

    /// No events, and the cursor where the watched folder stands now.
    async fn baseline(&self, config: &FileWatch) -> Result<Polled<Metadata>> {
        let body =
            json!({ "path": folder_path(&config.path), "recursive": config.recursive, "include_deleted": false });
        let latest: WatchCursor =
            self.rpc("/files/list_folder/get_latest_cursor", &body, true, "read where the folder stands").await?;
        Ok(Polled { events: Vec::new(), cursor: Some(json!(latest)) })
    }

    /// Whether a changed file is new at its path (one revision) or a new version of it.
    async fn change_of(&self, file: &Metadata) -> Result<Change> {
        let Some(path) = file.path_lower.as_deref().or(file.path_display.as_deref()) else {
            return Ok(Change::Added);
        };
        let body = json!({ "path": path, "mode": "path", "limit": 2 });
        let revisions: Value = match self.rpc("/files/list_revisions", &body, true, "read the file's revisions").await {
            Ok(revisions) => revisions,
            // Gone again since the change was listed: report it as it was listed.
            Err(error) if error.code == ErrorCode::NotFound => return Ok(Change::Added),
            Err(error) => return Err(error),
        };
        let count = revisions["entries"].as_array().map_or(0, Vec::len);
        Ok(if count > 1 { Change::Modified } else { Change::Added })
    }
}

/// A Dropbox failure as an error of the matching class, with Dropbox's `error_summary` (or, for
/// a 400, its plain-text explanation) in the message.
fn dropbox_error(what: &str, error: ConnectorError) -> ConnectorError {
    let body = error.details.get("upstream_body").and_then(Value::as_str).unwrap_or_default();
    let parsed = serde_json::from_str::<Value>(body).ok();
    let summary = match &parsed {
        Some(json) => json.get("error_summary").and_then(Value::as_str).map(str::to_owned),
        None if error.status == 400 && !body.trim().is_empty() => Some(body.trim().to_owned()),
        None => None,
    };
    let Some(summary) = summary else {
        return ConnectorError { message: format!("Dropbox could not {what}: {}", error.message), ..error };
    };
    let message = format!("Dropbox could not {what}: {summary} ({})", error.message);
    if error.status != 409 {
        return ConnectorError { message, ..error };
    }
    let code = if summary.contains("not_found") {
        ErrorCode::NotFound
    } else if ["no_write_permission", "access_denied", "no_permission", "restricted_content"]
        .iter()
        .any(|s| summary.contains(s))
    {
        ErrorCode::Forbidden
    } else if summary.contains("too_many_write_operations") || summary.contains("too_many_files") {
        ErrorCode::RateLimited
    } else {
        // Conflicts, malformed paths, no space left: what was asked cannot be done as given.
        ErrorCode::InvalidInput
    };
    ConnectorError::new(code, message).with_details(error.details)
}

/// A path to a file or folder, as Dropbox takes it: `/a/b`, `id:...`, `rev:...` or `ns:...`.
fn file_path(path: &str, field: &str) -> Result<String> {
    let path = folder_path(path);
    if path.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` needs a path such as /Reports/q1.csv")));
    }
    Ok(path)
}

/// A folder's path as Dropbox takes it; the root is the empty string.
fn folder_path(path: &str) -> String {
    let path = path.trim();
    if ["id:", "rev:", "ns:"].iter().any(|p| path.starts_with(p)) {
        return path.to_owned();
    }
    let path = path.trim_matches('/');
    if path.is_empty() {
        String::new()
    } else {
        format!("/{path}")
    }
}

/// The `Dropbox-API-Arg` header: JSON with every non-ASCII character (and DEL) as `\uXXXX`.
fn api_arg(arg: &Value) -> String {
    let json = arg.to_string();
    let mut header = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() && c != '\u{7f}' {
            header.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(header, "\\u{unit:04x}");
            }
        }
    }
    header
}

/// The bytes to upload: text as it is; with `binary`, a binary object or a Base64 `data:` URL decoded.
fn upload_bytes(content: &Value, binary: bool) -> Result<Vec<u8>> {
    match content {
        Value::Null => Err(ConnectorError::invalid_input("`content` is required: the file's content")),
        Value::String(text) if binary && text.trim_start().starts_with("data:") => {
            match text.trim().split_once(',') {
                Some((header, data)) if header.ends_with(";base64") => decode_base64(data),
                _ => Err(ConnectorError::invalid_input(
                    "`content` is a `data:` URL without Base64 data (data:<type>;base64,<data>): turn Binary Data off to upload it as text",
                )),
            }
        }
        Value::String(text) => Ok(text.clone().into_bytes()),
        Value::Object(object) if binary && object.contains_key("data") => match &object["data"] {
            Value::String(data) => decode_base64(data),
            _ => Err(ConnectorError::invalid_input(
                "`content` is a binary object whose `data` is not Base64 text: {\"data\": \"<Base64>\"}",
            )),
        },
        other => Ok(other.to_string().into_bytes()),
    }
}

/// Base64, standard or URL-safe, padded or not, lines wrapped or not.
fn decode_base64(data: &str) -> Result<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let data: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(&data).ok())
        .ok_or_else(|| {
            ConnectorError::invalid_input(
                "the binary data in `content` is not Base64: turn Binary Data off to upload it as text",
            )
        })
}

/// The MIME type of a file name's extension.
fn mime_type_of(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "txt" | "log" => "text/plain",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "zip" => "application/zip",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    }
}

/// Whether content of this MIME type is text.
fn is_text(mime: &str) -> bool {
    mime.starts_with("text/") || matches!(mime, "application/json" | "application/xml" | "image/svg+xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_arg_header_escapes_every_non_ascii_character() {
        let header = api_arg(&json!({ "path": "/Café/😀.txt" }));
        assert_eq!(header, r#"{"path":"/Caf\u00e9/\ud83d\ude00.txt"}"#);
        assert!(header.is_ascii());
        let back: Value = serde_json::from_str(&header).unwrap();
        assert_eq!(back["path"], "/Café/😀.txt");
    }

    #[test]
    fn paths_take_dropbox_form() {
        assert_eq!(folder_path("/"), "");
        assert_eq!(folder_path(" Reports/q1/ "), "/Reports/q1");
        assert_eq!(folder_path("id:abc"), "id:abc");
        assert!(file_path("  /  ", "path").is_err());
    }

    #[test]
    fn content_is_text_or_base64_in_any_common_form() {
        assert_eq!(upload_bytes(&json!("héllo"), false).unwrap(), "héllo".as_bytes());
        assert_eq!(upload_bytes(&json!("aGk="), true).unwrap(), b"aGk=");
        assert_eq!(upload_bytes(&json!("data:text/plain;base64,aGk="), true).unwrap(), b"hi");
        assert_eq!(upload_bytes(&json!("data:text/plain;base64,aGk="), false).unwrap(), b"data:text/plain;base64,aGk=");
        assert_eq!(upload_bytes(&json!({ "data": "aG\nk" }), true).unwrap(), b"hi");
        assert_eq!(upload_bytes(&json!({ "data": "aGk" }), false).unwrap(), br#"{"data":"aGk"}"#);
        assert!(upload_bytes(&json!({ "data": "not base64!" }), true).is_err());
        assert!(upload_bytes(&json!("data:text/plain,hi"), true).is_err());
        assert!(upload_bytes(&Value::Null, false).is_err());
    }

    #[test]
    fn content_goes_to_dropboxs_content_host_and_everything_else_to_the_base_url() {
        let credentials = json!({ "authMode": "accessToken", "accessToken": "t" });
        let dropbox: Dropbox = ConnectContext::new(credentials.as_object().cloned().unwrap()).connect().unwrap();
        assert_eq!(dropbox.http.base_url(), RPC_URL);
        assert_eq!(dropbox.content_url("/files/upload"), "https://content.dropboxapi.com/2/files/upload");
        let mock: Dropbox = ConnectContext::new(credentials.as_object().cloned().unwrap())
            .with_base_url("http://127.0.0.1:9")
            .connect()
            .unwrap();
        assert_eq!(mock.content_url("/files/upload"), "/files/upload");
    }
}
