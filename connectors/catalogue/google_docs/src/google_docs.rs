use connectors_google as google;
use fluxturn_core::http::path_segment;
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

/// Create, read and edit Google Docs documents, and react to documents created or changed in Drive
///
/// Documents are read and written through the Docs API; the triggers list documents through the
/// Drive API. Every document input takes the document's id or its link.
#[connector(
    name = "google_docs",
    display_name = "Google Docs",
    category = "storage",
    base_url = "https://docs.googleapis.com/v1",
    // Google's per-user quota for reads; writes (60 a minute) above it are answered 429, and retried.
    rate_limit(requests_per_minute = 300),
    icon = "icons/google_docs.svg",
    auth = [oauth2(
        provider = "google",
        // Documents: read and write them; Drive metadata: list them for the triggers.
        scopes = [
            "https://www.googleapis.com/auth/documents",
            "https://www.googleapis.com/auth/drive.metadata.readonly",
        ],
    )],
    credentials = connectors_google::GoogleCredentials,
)]
pub struct GoogleDocs {
    http: Http,
}

/// The MIME type Drive gives Google Docs documents.
const DOCUMENT_MIME_TYPE: &str = "application/vnd.google-apps.document";
/// Where Drive's API lives when the connector talks to Google itself.
const DRIVE_ROOT: &str = "https://www.googleapis.com";
/// The Drive file fields a trigger reads and reports.
const FILE_FIELDS: &str =
    "id,name,mimeType,createdTime,modifiedTime,webViewLink,parents,lastModifyingUser(displayName,emailAddress)";
/// The largest page of Drive's files list.
const DRIVE_PAGE_SIZE: u32 = 1000;
/// How far before the newest timestamp seen each poll looks again: Drive's search lists a file
/// a little after it changed, so one listed late is still caught (and none is reported twice).
const LATE_LISTING_WINDOW: Duration = Duration::from_secs(5 * 60);
/// The longest image URL the Docs API takes (2 kB).
const MAX_IMAGE_URL_BYTES: usize = 2048;
/// The longest name of a named range, in UTF-16 code units.
const MAX_RANGE_NAME_UNITS: usize = 256;

/// The input of `create_document`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateDocument {
    /// Title of the new document
    #[field(label = "Title", placeholder = "Meeting notes")]
    pub title: String,
}

/// How suggested changes appear in a document that is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SuggestionsViewMode {
    /// Suggestions shown inline, as suggested insertions and deletions
    SuggestionsInline,
    /// The document as if every suggestion were accepted
    PreviewSuggestionsAccepted,
    /// The document as if every suggestion were rejected
    PreviewWithoutSuggestions,
}

/// The input of `get_document`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetDocument {
    /// The document: its id or its link
    #[field(label = "Document", placeholder = "https://docs.google.com/document/d/.../edit")]
    pub document_id: String,
    /// How suggested changes appear (default: the most your access allows)
    #[field(label = "Suggestions")]
    pub suggestions_view_mode: Option<SuggestionsViewMode>,
}

/// The input of `append_text`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct AppendText {
    /// The document: its id or its link
    #[field(label = "Document", placeholder = "https://docs.google.com/document/d/.../edit")]
    pub document_id: String,
    /// Text to add at the end of the document's body (start it with a line break for a new paragraph)
    #[field(label = "Text", input_type = "textarea")]
    pub text: String,
}

/// The input of `insert_text`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct InsertText {
    /// The document: its id or its link
    #[field(label = "Document", placeholder = "https://docs.google.com/document/d/.../edit")]
    pub document_id: String,
    /// Text to insert
    #[field(label = "Text", input_type = "textarea")]
    pub text: String,
    /// Where to insert, in UTF-16 code units from the start of the body: 1 is before the first character
    #[field(label = "Index", min = 1)]
    pub index: u32,
}

/// The input of `replace_text`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ReplaceText {
    /// The document: its id or its link
    #[field(label = "Document", placeholder = "https://docs.google.com/document/d/.../edit")]
    pub document_id: String,
    /// Text to look for (every occurrence is replaced)
    #[field(label = "Find", placeholder = "{{customer_name}}")]
    pub find_text: String,
    /// Text to put in its place (empty: delete it)
    #[field(label = "Replace With")]
    pub replace_text: String,
    /// Whether upper and lower case must match
    #[field(label = "Match Case", default = false)]
    #[serde(default)]
    pub match_case: bool,
}

/// The input of `delete_content`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DeleteContent {
    /// The document: its id or its link
    #[field(label = "Document", placeholder = "https://docs.google.com/document/d/.../edit")]
    pub document_id: String,
    /// First position to delete (1 is the body's first character)
    #[field(label = "Start Index", min = 1)]
    pub start_index: u32,
    /// Position after the last one to delete
    #[field(label = "End Index", min = 2)]
    pub end_index: u32,
}

/// The input of `format_text`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct FormatText {
    /// The document: its id or its link
    #[field(label = "Document", placeholder = "https://docs.google.com/document/d/.../edit")]
    pub document_id: String,
    /// First position to format (1 is the body's first character)
    #[field(label = "Start Index", min = 1)]
    pub start_index: u32,
    /// Position after the last one to format
    #[field(label = "End Index", min = 2)]
    pub end_index: u32,
    /// Bold on or off (blank: unchanged)
    #[field(label = "Bold")]
    pub bold: Option<bool>,
    /// Italic on or off (blank: unchanged)
    #[field(label = "Italic")]
    pub italic: Option<bool>,
    /// Underline on or off (blank: unchanged)
    #[field(label = "Underline")]
    pub underline: Option<bool>,
    /// Font size in points (blank: unchanged)
    #[field(label = "Font Size (pt)", min = 1)]
    pub font_size: Option<f64>,
    /// Text colour as hex, e.g. #1a73e8 (blank: unchanged)
    #[field(label = "Text Color", placeholder = "#1a73e8")]
    pub foreground_color: Option<String>,
    /// Highlight colour as hex, e.g. #fff475 (blank: unchanged)
    #[field(label = "Highlight Color", placeholder = "#fff475")]
    pub background_color: Option<String>,
}

/// The input of `insert_table`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct InsertTable {
    /// The document: its id or its link
    #[field(label = "Document", placeholder = "https://docs.google.com/document/d/.../edit")]
    pub document_id: String,
    /// Where to insert the table (1 is the start of the body); Docs puts a line break before it
    #[field(label = "Index", min = 1)]
    pub index: u32,
    /// Number of rows
    #[field(label = "Rows", min = 1)]
    pub rows: u32,
    /// Number of columns
    #[field(label = "Columns", min = 1)]
    pub columns: u32,
}

/// The input of `insert_image`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct InsertImage {
    /// The document: its id or its link
    #[field(label = "Document", placeholder = "https://docs.google.com/document/d/.../edit")]
    pub document_id: String,
    /// Public link to a PNG, JPEG or GIF image (under 50 MB)
    #[field(label = "Image URL", placeholder = "https://example.com/chart.png")]
    pub image_url: String,
    /// Where to insert the image (1 is the start of the body)
    #[field(label = "Index", min = 1)]
    pub index: u32,
    /// Width in points (blank: from the image, keeping its proportions)
    #[field(label = "Width (pt)", min = 1)]
    pub width: Option<f64>,
    /// Height in points (blank: from the image, keeping its proportions)
    #[field(label = "Height (pt)", min = 1)]
    pub height: Option<f64>,
}

/// The input of `create_named_range`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateNamedRange {
    /// The document: its id or its link
    #[field(label = "Document", placeholder = "https://docs.google.com/document/d/.../edit")]
    pub document_id: String,
    /// Name of the range (several ranges may share one)
    #[field(label = "Name", max_length = 256)]
    pub name: String,
    /// First position of the range (1 is the body's first character)
    #[field(label = "Start Index", min = 1)]
    pub start_index: u32,
    /// Position after the last one of the range
    #[field(label = "End Index", min = 2)]
    pub end_index: u32,
}

fn root_folder() -> String {
    "root".to_owned()
}

/// Configuration of `document_created`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DocumentCreatedWatch {
    /// The Drive folder to watch, by id or link: `root` is the top of My Drive, blank is every
    /// document you can see
    #[field(label = "Folder", default = "root", placeholder = "https://drive.google.com/drive/folders/...")]
    #[serde(default = "root_folder")]
    pub folder_id: String,
    /// Minutes between two polls
    #[field(label = "Poll Interval (minutes)", default = 5, min = 1)]
    pub poll_interval: Option<u32>,
}

/// Configuration of `document_updated`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DocumentUpdatedWatch {
    /// One document to watch, by id or link (given, the folder is not consulted)
    #[field(label = "Document", placeholder = "https://docs.google.com/document/d/.../edit")]
    pub document_id: Option<String>,
    /// The Drive folder whose documents to watch, by id or link (blank: every document you can see)
    #[field(label = "Folder", placeholder = "https://drive.google.com/drive/folders/...")]
    pub folder_id: Option<String>,
    /// Minutes between two polls
    #[field(label = "Poll Interval (minutes)", default = 5, min = 1)]
    pub poll_interval: Option<u32>,
}

/// A Drive user, as a file's last modifier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DriveUser {
    /// The user's name
    pub display_name: Option<String>,
    /// The user's email address
    pub email_address: Option<String>,
}

/// A document, as Drive lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentEvent {
    /// The document's id (for every document input)
    pub id: String,
    /// The document's title
    #[serde(default)]
    pub name: String,
    /// Drive's MIME type of the file (`application/vnd.google-apps.document`)
    #[serde(default)]
    pub mime_type: String,
    /// When the document was created (RFC 3339)
    pub created_time: Option<String>,
    /// When the document was last changed (RFC 3339)
    pub modified_time: Option<String>,
    /// Link to open the document
    pub web_view_link: Option<String>,
    /// Ids of the folders holding the document
    #[serde(default)]
    pub parents: Vec<String>,
    /// Who changed the document last
    pub last_modifying_user: Option<DriveUser>,
}

/// Where a trigger's polling stands: the newest timestamp seen, and every document reported (or
/// found on the first poll) with a timestamp in the window before it, each with that timestamp.
#[derive(Debug, Default, Serialize, Deserialize)]
struct PollCursor {
    since: String,
    seen: BTreeMap<String, String>,
}

/// Which timestamp a trigger follows.
#[derive(Debug, Clone, Copy)]
enum Watch {
    Created,
    Modified,
}

impl Watch {
    /// Drive's name of the timestamp (a file field, a query term and an `orderBy` key).
    fn field(self) -> &'static str {
        match self {
            Self::Created => "createdTime",
            Self::Modified => "modifiedTime",
        }
    }

    fn stamp(self, file: &DocumentEvent) -> Result<SystemTime> {
        let text = match self {
            Self::Created => file.created_time.as_deref(),
            Self::Modified => file.modified_time.as_deref(),
        };
        text.and_then(instant).ok_or_else(|| {
            ConnectorError::new(
                ErrorCode::InvalidResponse,
                format!("Drive listed document `{}` without a valid `{}`", file.id, self.field()),
            )
        })
    }
}

#[actions]
impl GoogleDocs {
    /// Create an empty document with a title
    #[action(
        name = "Create Document",
        category = "Documents",
        icon = "file-plus",
        http(method = "POST", endpoint = "/documents")
    )]
    async fn create_document(&self, input: CreateDocument) -> Result<Value> {
        self.http.post("/documents").json(&json!({ "title": input.title })).send_json().await
    }

    /// Read a document: its structure and content, plus its body as plain text
    ///
    /// The answer is the Docs API's document, with `text` added: the body's text, tables
    /// included, as one string.
    #[action(
        name = "Get Document",
        category = "Documents",
        icon = "file-text",
        idempotent,
        http(method = "GET", endpoint = "/documents/{documentId}")
    )]
    async fn get_document(&self, input: GetDocument) -> Result<Value> {
        let id = document_id(&input.document_id)?;
        let mut request = self.http.get(&format!("/documents/{}", path_segment(&id)));
        if let Some(mode) = input.suggestions_view_mode {
            request = request.query(&json!({ "suggestionsViewMode": mode }));
        }
        let mut document: Value = request.send_json().await?;
        let text = plain_text(&document["body"]["content"]);
        if let Some(fields) = document.as_object_mut() {
            fields.insert("text".into(), text.into());
        }
        Ok(document)
    }

    /// Add text at the end of a document's body
    #[action(
        name = "Append Text",
        category = "Text",
        icon = "text",
        http(method = "POST", endpoint = "/documents/{documentId}:batchUpdate")
    )]
    async fn append_text(&self, input: AppendText) -> Result<Value> {
        non_empty("text", &input.text)?;
        let request = json!({ "insertText": { "text": input.text, "endOfSegmentLocation": {} } });
        self.batch_update(&input.document_id, request).await
    }

    /// Insert text at a position of a document's body
    #[action(
        name = "Insert Text",
        category = "Text",
        icon = "text-cursor",
        http(method = "POST", endpoint = "/documents/{documentId}:batchUpdate")
    )]
    async fn insert_text(&self, input: InsertText) -> Result<Value> {
        non_empty("text", &input.text)?;
        position("index", input.index)?;
        let request = json!({ "insertText": { "text": input.text, "location": { "index": input.index } } });
        self.batch_update(&input.document_id, request).await
    }

    /// Replace every occurrence of a text in a document
    ///
    /// The answer is the Docs API's, with `occurrencesChanged` added: how many were replaced.
    #[action(
        name = "Replace Text",
        category = "Text",
        icon = "replace",
        http(method = "POST", endpoint = "/documents/{documentId}:batchUpdate")
    )]
    async fn replace_text(&self, input: ReplaceText) -> Result<Value> {
        non_empty("findText", &input.find_text)?;
        let request = json!({
            "replaceAllText": {
                "containsText": { "text": input.find_text, "matchCase": input.match_case },
                "replaceText": input.replace_text,
            }
        });
        let mut answer = self.batch_update(&input.document_id, request).await?;
        // Google leaves out a count of zero.
        let changed = answer.pointer("/replies/0/replaceAllText/occurrencesChanged").cloned().unwrap_or(json!(0));
        if let Some(fields) = answer.as_object_mut() {
            fields.insert("occurrencesChanged".into(), changed);
        }
        Ok(answer)
    }

    /// Delete the content between two positions of a document's body
    #[action(
        name = "Delete Content",
        category = "Text",
        icon = "trash",
        http(method = "POST", endpoint = "/documents/{documentId}:batchUpdate")
    )]
    async fn delete_content(&self, input: DeleteContent) -> Result<Value> {
        let range = range(input.start_index, input.end_index)?;
        self.batch_update(&input.document_id, json!({ "deleteContentRange": { "range": range } })).await
    }

    /// Set bold, italic, underline, size or colours of the text between two positions
    #[action(
        name = "Format Text",
        category = "Text",
        icon = "bold",
        http(method = "POST", endpoint = "/documents/{documentId}:batchUpdate")
    )]
    async fn format_text(&self, input: FormatText) -> Result<Value> {
        let range = range(input.start_index, input.end_index)?;
        let mut style = Map::new();
        for (key, value) in [("bold", input.bold), ("italic", input.italic), ("underline", input.underline)] {
            if let Some(value) = value {
                style.insert(key.into(), value.into());
            }
        }
        if let Some(size) = input.font_size {
            if !(size.is_finite() && size > 0.0) {
                return Err(ConnectorError::invalid_input(format!(
                    "`fontSize` must be more than 0 points, not {size}"
                )));
            }
            style.insert("fontSize".into(), json!({ "magnitude": size, "unit": "PT" }));
        }
        for (key, value) in [("foregroundColor", &input.foreground_color), ("backgroundColor", &input.background_color)]
        {
            if let Some(hex) = value.as_deref().map(str::trim).filter(|hex| !hex.is_empty()) {
                style.insert(key.into(), json!({ "color": { "rgbColor": rgb_color(key, hex)? } }));
            }
        }
        if style.is_empty() {
            return Err(ConnectorError::invalid_input(
                "nothing to format: give at least one of bold, italic, underline, fontSize, foregroundColor, backgroundColor",
            ));
        }
        // Only the styles given change; the others keep what the text has.
        let fields = style.keys().cloned().collect::<Vec<_>>().join(",");
        let request = json!({ "updateTextStyle": { "range": range, "textStyle": style, "fields": fields } });
        self.batch_update(&input.document_id, request).await
    }

    /// Insert an empty table at a position of a document's body
    #[action(
        name = "Insert Table",
        category = "Content",
        icon = "table",
        http(method = "POST", endpoint = "/documents/{documentId}:batchUpdate")
    )]
    async fn insert_table(&self, input: InsertTable) -> Result<Value> {
        position("index", input.index)?;
        if input.rows == 0 || input.columns == 0 {
            return Err(ConnectorError::invalid_input("a table needs at least one row and one column"));
        }
        let request = json!({
            "insertTable": { "rows": input.rows, "columns": input.columns, "location": { "index": input.index } }
        });
        self.batch_update(&input.document_id, request).await
    }

    /// Insert an image from a public link at a position of a document's body
    ///
    /// The new image's id is `replies[0].insertInlineImage.objectId` of the answer.
    #[action(
        name = "Insert Image",
        category = "Content",
        icon = "image",
        http(method = "POST", endpoint = "/documents/{documentId}:batchUpdate")
    )]
    async fn insert_image(&self, input: InsertImage) -> Result<Value> {
        position("index", input.index)?;
        let url = input.image_url.trim();
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
            return Err(ConnectorError::invalid_input(format!(
                "`imageUrl` must be a public http(s) link to the image, not `{url}`"
            )));
        }
        if url.len() > MAX_IMAGE_URL_BYTES {
            return Err(ConnectorError::invalid_input(format!(
                "`imageUrl` is {} bytes long; Google Docs takes links of at most {MAX_IMAGE_URL_BYTES}",
                url.len()
            )));
        }
        let mut image = json!({ "uri": url, "location": { "index": input.index } });
        let mut size = Map::new();
        for (key, value) in [("width", input.width), ("height", input.height)] {
            if let Some(points) = value {
                if !(points.is_finite() && points > 0.0) {
                    return Err(ConnectorError::invalid_input(format!(
                        "`{key}` must be more than 0 points, not {points}"
                    )));
                }
                size.insert(key.into(), json!({ "magnitude": points, "unit": "PT" }));
            }
        }
        if !size.is_empty() {
            image["objectSize"] = Value::Object(size);
        }
        self.batch_update(&input.document_id, json!({ "insertInlineImage": image })).await
    }

    /// Name a range of a document's body, so later steps can find it
    ///
    /// The new range's id is `replies[0].createNamedRange.namedRangeId` of the answer.
    #[action(
        name = "Create Named Range",
        category = "Content",
        icon = "bookmark",
        http(method = "POST", endpoint = "/documents/{documentId}:batchUpdate")
    )]
    async fn create_named_range(&self, input: CreateNamedRange) -> Result<Value> {
        non_empty("name", &input.name)?;
        let units = input.name.encode_utf16().count();
        if units > MAX_RANGE_NAME_UNITS {
            return Err(ConnectorError::invalid_input(format!(
                "`name` is {units} characters long; a named range's name has at most {MAX_RANGE_NAME_UNITS}"
            )));
        }
        let range = range(input.start_index, input.end_index)?;
        self.batch_update(&input.document_id, json!({ "createNamedRange": { "name": input.name, "range": range } }))
            .await
    }

    /// A document was created in a Drive folder
    ///
    /// The first poll only records the documents already there; each later one reports the
    /// documents created since, oldest first.
    #[trigger(name = "Document Created", event_type = "document.created", polling, event_id = "/id")]
    async fn document_created(
        &self,
        config: DocumentCreatedWatch,
        cursor: Option<Value>,
    ) -> Result<Polled<DocumentEvent>> {
        let folder = Some(config.folder_id.as_str()).filter(|f| !f.trim().is_empty());
        self.poll_list(&search_query(folder)?, Watch::Created, cursor).await
    }

    /// A document was changed (new documents included)
    ///
    /// Watches one document, the documents of a folder, or every document you can see. The first
    /// poll only records where they stand; each later one reports every change since, oldest
    /// first, once per change time.
    #[trigger(name = "Document Updated", event_type = "document.updated", polling)]
    async fn document_updated(
        &self,
        config: DocumentUpdatedWatch,
        cursor: Option<Value>,
    ) -> Result<Polled<DocumentEvent>> {
        if let Some(document) = config.document_id.as_deref().filter(|d| !d.trim().is_empty()) {
            return self.poll_document(document, cursor).await;
        }
        let folder = config.folder_id.as_deref().filter(|f| !f.trim().is_empty());
        self.poll_list(&search_query(folder)?, Watch::Modified, cursor).await
    }

    /// Reads who the token belongs to from Drive: proves the token works.
    #[test_connection]
    async fn about(&self) -> Result<()> {
        let url = format!("{}/drive/v3/about", self.drive_root());
        self.http.get(&url).query(&json!({ "fields": "user(displayName,emailAddress)" })).send().await.map(drop)
    }
}

impl GoogleDocs {
    /// Drive's API root for this client (Google's, or the mock's in tests).
    fn drive_root(&self) -> String {
        google::api_root(self.http.base_url(), DRIVE_ROOT)
    }

    /// Sends one request of the Docs batchUpdate to the document named by `document`.
    async fn batch_update(&self, document: &str, request: Value) -> Result<Value> {
        let id = document_id(document)?;
        let path = format!("/documents/{}:batchUpdate", path_segment(&id));
        self.http.post(&path).json(&json!({ "requests": [request] })).send_json().await
    }

    /// One poll of a trigger over the documents matching the Drive search `query`.
    async fn poll_list(&self, query: &str, watch: Watch, cursor: Option<Value>) -> Result<Polled<DocumentEvent>> {
        let url = format!("{}/drive/v3/files", self.drive_root());
        let field = watch.field();
        let mut params = Map::new();
        params.insert("fields".into(), format!("nextPageToken,files({FILE_FIELDS})").into());
        params.insert("pageSize".into(), DRIVE_PAGE_SIZE.into());
        params.insert("supportsAllDrives".into(), true.into());
        params.insert("includeItemsFromAllDrives".into(), true.into());
        let Some(mut cursor) = cursor.and_then(|c| serde_json::from_value::<PollCursor>(c).ok()) else {
            // The first poll: the newest documents say where things stand.
            params.insert("q".into(), query.into());
            params.insert("orderBy".into(), format!("{field} desc").into());
            let files: Vec<DocumentEvent> = self.http.get(&url).query(&params).send_json::<FileList>().await?.files;
            return Ok(Polled { events: Vec::new(), cursor: Some(json!(baseline(&files, watch)?)) });
        };
        let since = instant(&cursor.since).unwrap_or(SystemTime::UNIX_EPOCH);
        let from = rfc3339(window_start(since));
        params.insert("q".into(), format!("{query} and {field} >= '{from}'").into());
        params.insert("orderBy".into(), field.into());
        let files: Vec<DocumentEvent> = google::list_all(&self.http, &url, &params, "files", usize::MAX).await?;
        let events = take_new(&mut cursor, files, watch)?;
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }

    /// One poll of `document_updated` watching a single document.
    async fn poll_document(&self, document: &str, cursor: Option<Value>) -> Result<Polled<DocumentEvent>> {
        let id = document_id(document)?;
        let url = format!("{}/drive/v3/files/{}", self.drive_root(), path_segment(&id));
        let params = json!({ "fields": FILE_FIELDS, "supportsAllDrives": true });
        let file: DocumentEvent = self.http.get(&url).query(&params).send_json().await?;
        if file.mime_type != DOCUMENT_MIME_TYPE {
            return Err(ConnectorError::invalid_input(format!(
                "`{id}` is a Drive file of type `{}`, not a Google Docs document",
                file.mime_type
            )));
        }
        let Some(mut cursor) = cursor.and_then(|c| serde_json::from_value::<PollCursor>(c).ok()) else {
            return Ok(Polled { events: Vec::new(), cursor: Some(json!(baseline(&[file], Watch::Modified)?)) });
        };
        let events = take_new(&mut cursor, vec![file], Watch::Modified)?;
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }
}

/// One page of Drive's files list.
#[derive(Deserialize)]
struct FileList {
    #[serde(default)]
    files: Vec<DocumentEvent>,
}

/// The cursor of a first poll: the newest timestamp among `files`, and every file within the
/// window before it. No documents: everything that appears later is new.
fn baseline(files: &[DocumentEvent], watch: Watch) -> Result<PollCursor> {
    let stamps = files.iter().map(|file| Ok((file, watch.stamp(file)?))).collect::<Result<Vec<_>>>()?;
    let Some(newest) = stamps.iter().map(|(_, stamp)| *stamp).max() else {
        return Ok(PollCursor { since: rfc3339(SystemTime::UNIX_EPOCH), seen: BTreeMap::new() });
    };
    let mut cursor = PollCursor { since: rfc3339(newest), seen: BTreeMap::new() };
    for (file, stamp) in stamps {
        cursor.seen.insert(file.id.clone(), rfc3339(stamp));
    }
    prune(&mut cursor, newest);
    Ok(cursor)
}

/// The files of a later poll that were not reported yet at their timestamp, oldest first; the
/// cursor moves to describe exactly what has been reported.
fn take_new(cursor: &mut PollCursor, files: Vec<DocumentEvent>, watch: Watch) -> Result<Vec<DocumentEvent>> {
    let mut newest = instant(&cursor.since).unwrap_or(SystemTime::UNIX_EPOCH);
    let mut stamped = files.into_iter().map(|file| Ok((watch.stamp(&file)?, file))).collect::<Result<Vec<_>>>()?;
    stamped.sort_by_key(|(stamp, _)| *stamp);
    let mut events = Vec::new();
    for (stamp, file) in stamped {
        let reported = cursor.seen.get(&file.id).and_then(|s| instant(s));
        if reported.is_some_and(|reported| reported >= stamp) {
            continue;
        }
        cursor.seen.insert(file.id.clone(), rfc3339(stamp));
        newest = newest.max(stamp);
        events.push(file);
    }
    cursor.since = rfc3339(newest);
    prune(cursor, newest);
    Ok(events)
}

/// Forgets the documents whose timestamp fell out of the window: no search lists them again.
fn prune(cursor: &mut PollCursor, newest: SystemTime) {
    let from = window_start(newest);
    cursor.seen.retain(|_, stamp| instant(stamp).is_some_and(|stamp| stamp >= from));
}

/// Where the window of late listings before `newest` starts (never before 1970).
fn window_start(newest: SystemTime) -> SystemTime {
    newest
        .checked_sub(LATE_LISTING_WINDOW)
        .filter(|from| *from > SystemTime::UNIX_EPOCH)
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// The Drive search of the Docs documents not in the bin, in `folder` when one is given.
fn search_query(folder: Option<&str>) -> Result<String> {
    let mut query = format!("mimeType = '{DOCUMENT_MIME_TYPE}' and trashed = false");
    if let Some(folder) = folder {
        let folder = google::file_id(folder, "folder")?;
        query.push_str(&format!(" and {} in parents", google::drive_query_literal(&folder)));
    }
    Ok(query)
}

/// An RFC 3339 timestamp as Drive writes it (`2024-05-01T10:00:00.000Z`).
fn instant(text: &str) -> Option<SystemTime> {
    humantime::parse_rfc3339(text).ok()
}

fn rfc3339(time: SystemTime) -> String {
    humantime::format_rfc3339_millis(time).to_string()
}

/// The document id in a document input (an id or a link).
fn document_id(text: &str) -> Result<String> {
    google::file_id(text, "document")
}

fn non_empty(field: &str, text: &str) -> Result<()> {
    if text.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` is empty")));
    }
    Ok(())
}

/// A position in the body: 1 is before its first character (0 is the section break before it).
fn position(field: &str, index: u32) -> Result<()> {
    if index == 0 {
        return Err(ConnectorError::invalid_input(format!(
            "`{field}` starts at 1 (before the body's first character); 0 is not a position text can go"
        )));
    }
    Ok(())
}

/// A `Range` of the body, from `start` up to (not including) `end`.
fn range(start: u32, end: u32) -> Result<Value> {
    position("startIndex", start)?;
    if end <= start {
        return Err(ConnectorError::invalid_input(format!(
            "`endIndex` ({end}) must be after `startIndex` ({start}): the range ends before the character at endIndex"
        )));
    }
    Ok(json!({ "startIndex": start, "endIndex": end }))
}

/// `#rgb` or `#rrggbb` (the `#` optional) as a Docs `RgbColor`, each part from 0 to 1.
fn rgb_color(field: &str, hex: &str) -> Result<Value> {
    let digits = hex.strip_prefix('#').unwrap_or(hex);
    let expanded: String = match digits.len() {
        3 => digits.chars().flat_map(|c| [c, c]).collect(),
        6 => digits.to_owned(),
        _ => String::new(),
    };
    let parts: Option<Vec<f64>> = (0..3)
        .map(|i| expanded.get(i * 2..i * 2 + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok()))
        .map(|part| part.map(|p| f64::from(p) / 255.0))
        .collect();
    match parts {
        Some(parts) if expanded.len() == 6 => Ok(json!({ "red": parts[0], "green": parts[1], "blue": parts[2] })),
        _ => Err(ConnectorError::invalid_input(format!("`{field}` must be a hex colour like #1a73e8, not `{hex}`"))),
    }
}

/// The text of a list of structural elements: paragraphs, tables (cell by cell) and tables of
/// contents.
fn plain_text(content: &Value) -> String {
    let mut text = String::new();
    for element in content.as_array().into_iter().flatten() {
        if let Some(elements) = element.pointer("/paragraph/elements").and_then(Value::as_array) {
            text.extend(elements.iter().filter_map(|e| e.pointer("/textRun/content").and_then(Value::as_str)));
        } else if let Some(rows) = element.pointer("/table/tableRows").and_then(Value::as_array) {
            for cell in rows.iter().filter_map(|row| row["tableCells"].as_array()).flatten() {
                text.push_str(&plain_text(&cell["content"]));
            }
        } else if let Some(inner) = element.pointer("/tableOfContents/content") {
            text.push_str(&plain_text(inner));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_hex_in_three_or_six_digits() {
        assert_eq!(rgb_color("c", "#ff0000").unwrap(), json!({ "red": 1.0, "green": 0.0, "blue": 0.0 }));
        assert_eq!(rgb_color("c", "0f0").unwrap(), json!({ "red": 0.0, "green": 1.0, "blue": 0.0 }));
        for bad in ["red", "#12345", "#gg0000", "#ff00001"] {
            assert_eq!(rgb_color("c", bad).unwrap_err().code, ErrorCode::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn timestamps_read_and_write_as_drive_does() {
        let stamp = instant("2024-05-01T10:00:00.123Z").unwrap();
        assert_eq!(rfc3339(stamp), "2024-05-01T10:00:00.123Z");
        assert!(instant("2024-05-01T10:00:00Z").unwrap() < stamp);
        assert!(instant("yesterday").is_none());
    }

    #[test]
    fn plain_text_reads_paragraphs_and_tables() {
        let content = json!([
            { "sectionBreak": {} },
            { "paragraph": { "elements": [{ "textRun": { "content": "Hello " } }, { "textRun": { "content": "world\n" } }] } },
            { "table": { "tableRows": [{ "tableCells": [
                { "content": [{ "paragraph": { "elements": [{ "textRun": { "content": "a\n" } }] } }] },
                { "content": [{ "paragraph": { "elements": [{ "textRun": { "content": "b\n" } }] } }] },
            ] }] } },
        ]);
        assert_eq!(plain_text(&content), "Hello world\na\nb\n");
    }
}
