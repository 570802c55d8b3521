use fluxturn_core::http::path_segment;
use fluxturn_core::http::{collect_pages, Page};
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};

/// Create, read, update and search pages and database entries in a Notion workspace
#[connector(
    name = "notion",
    display_name = "Notion",
    category = "project_management",
    base_url = "https://api.notion.com/v1",
    headers(Notion_Version = "2022-06-28"),
    rate_limit(requests_per_second = 3),
    icon = "icons/notion.svg",
    // No `pkce`: Notion documents its public-integration OAuth without PKCE.
    auth = oauth2(
        authorization_url = "https://api.notion.com/v1/oauth/authorize",
        token_url = "https://api.notion.com/v1/oauth/token",
    ),
    credentials = NotionCredentials,
)]
pub struct Notion {
    http: Http,
}

/// How FluxTurn signs in to Notion.
#[derive(Credentials)]
pub struct NotionCredentials {
    /// Filled in by the OAuth flow; an internal integration's secret can be pasted here instead.
    /// Share each page or database with the integration before using it.
    #[field(
        label = "Access Token",
        placeholder = "ntn_...",
        secret,
        help_url = "https://developers.notion.com/docs/authorization"
    )]
    pub access_token: Option<Secret<String>>,
}

/// The largest page Notion returns.
const MAX_PAGE_SIZE: u32 = 100;
/// How many pages one listing follows at most.
const MAX_PAGES: usize = 10_000;
/// The longest text one rich-text object may hold.
const MAX_TEXT_CHARS: usize = 2000;

/// Whether a paginated query's POSTs may be sent again after a timeout or a 5xx.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeat {
    /// Yes: the query of an action declared `idempotent`.
    Idempotent,
    /// Only when the upstream did not process it, as for any POST (a trigger's poll).
    NotIdempotent,
}

fn yes() -> bool {
    true
}

fn fifty() -> u32 {
    50
}

/// The type of a database property to set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PropertyType {
    /// Title
    Title,
    /// Text
    RichText,
    /// Number
    Number,
    /// Checkbox
    Checkbox,
    /// Select
    Select,
    /// Multi-select
    MultiSelect,
    /// Status
    Status,
    /// Date
    Date,
    /// URL
    Url,
    /// Email
    Email,
    /// Phone number
    PhoneNumber,
    /// People (user IDs)
    People,
    /// Relation (page IDs)
    Relation,
}

/// One property value to write.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct PropertyValue {
    /// Name of the property, as shown in the database
    pub key: String,
    /// Type of the property
    #[serde(rename = "type")]
    pub kind: PropertyType,
    /// The value: text, a number, true/false, an option name, a list (or comma-separated
    /// text) of names or IDs, or a date (ISO 8601 text or `{"start": .., "end": ..}`)
    pub value: Value,
}

/// Property values of a page.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PropertiesUi {
    /// The properties to set
    #[serde(default)]
    pub property_values: Vec<PropertyValue>,
}

/// The kind of a content block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BlockType {
    /// Paragraph
    Paragraph,
    /// Heading 1
    #[serde(rename = "heading_1")]
    Heading1,
    /// Heading 2
    #[serde(rename = "heading_2")]
    Heading2,
    /// Heading 3
    #[serde(rename = "heading_3")]
    Heading3,
    /// Bulleted list item
    BulletedListItem,
    /// Numbered list item
    NumberedListItem,
    /// To-do
    ToDo,
    /// Quote
    Quote,
    /// Toggle
    Toggle,
}

impl BlockType {
    fn as_str(self) -> &'static str {
        match self {
            Self::Paragraph => "paragraph",
            Self::Heading1 => "heading_1",
            Self::Heading2 => "heading_2",
            Self::Heading3 => "heading_3",
            Self::BulletedListItem => "bulleted_list_item",
            Self::NumberedListItem => "numbered_list_item",
            Self::ToDo => "to_do",
            Self::Quote => "quote",
            Self::Toggle => "toggle",
        }
    }
}

/// One content block to add.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct BlockValue {
    /// Kind of block
    #[serde(rename = "type")]
    pub kind: BlockType,
    /// Text of the block
    #[serde(default)]
    pub text: String,
    /// Whether a to-do block is ticked
    pub checked: Option<bool>,
}

/// Content blocks of a page body.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BlockUi {
    /// The blocks, in order
    #[serde(default)]
    pub block_values: Vec<BlockValue>,
}

/// The input of `database_page_create`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateDatabasePage {
    /// The database to add the page to: its ID or its URL
    #[field(label = "Database", placeholder = "https://www.notion.so/...")]
    pub database_id: String,
    /// Value of the database's title property
    #[field(label = "Title")]
    pub title: Option<String>,
    /// Return property names mapped to plain values instead of Notion's raw page object
    #[field(label = "Simplify", default = true)]
    #[serde(default = "yes")]
    pub simple: bool,
    /// Property values to set
    #[field(label = "Properties")]
    #[serde(default)]
    pub properties_ui: PropertiesUi,
    /// Content blocks of the new page
    #[field(label = "Blocks")]
    #[serde(default)]
    pub block_ui: BlockUi,
}

/// The input of `database_page_get`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetDatabasePage {
    /// The page: its ID or its URL
    #[field(label = "Page", placeholder = "https://www.notion.so/...")]
    pub page_id: String,
    /// Return property names mapped to plain values instead of Notion's raw page object
    #[field(label = "Simplify", default = true)]
    #[serde(default = "yes")]
    pub simple: bool,
}

/// How the pages of a database are filtered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FilterType {
    /// No filter
    #[default]
    None,
    /// One property condition
    Manual,
    /// A full filter object (and/or groups)
    Json,
}

/// The input of `database_page_get_all`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetManyDatabasePages {
    /// The database to query: its ID or its URL
    #[field(label = "Database", placeholder = "https://www.notion.so/...")]
    pub database_id: String,
    /// Fetch every matching page, not only the first `limit`
    #[field(label = "Return All", default = false)]
    #[serde(default)]
    pub return_all: bool,
    /// How many pages to return
    #[field(label = "Limit", default = 50, min = 1, hide(returnAll = [true]))]
    #[serde(default = "fifty")]
    pub limit: u32,
    /// Return property names mapped to plain values instead of Notion's raw page objects
    #[field(label = "Simplify", default = true)]
    #[serde(default = "yes")]
    pub simple: bool,
    /// Whether and how the pages are filtered
    #[field(label = "Filter", default = "none")]
    #[serde(default)]
    pub filter_type: FilterType,
    /// A Notion filter object, e.g. {"property": "Status", "status": {"equals": "Done"}}
    #[field(label = "Filter Object", input_type = "textarea", show(filterType = ["manual", "json"]))]
    #[serde(default, deserialize_with = "json_or_text")]
    pub filter: Option<Map<String, Value>>,
    /// One sort ({"property": "Name", "direction": "ascending"}) or a list of them
    #[field(label = "Sort", input_type = "textarea")]
    #[serde(default, deserialize_with = "json_or_text")]
    pub sort: Option<Value>,
}

/// The input of `database_page_update`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpdateDatabasePage {
    /// The page to update: its ID or its URL
    #[field(label = "Page", placeholder = "https://www.notion.so/...")]
    pub page_id: String,
    /// Property values to set
    #[field(label = "Properties")]
    #[serde(default)]
    pub properties_ui: PropertiesUi,
    /// Return property names mapped to plain values instead of Notion's raw page object
    #[field(label = "Simplify", default = true)]
    #[serde(default = "yes")]
    pub simple: bool,
}

/// The input of `page_create`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreatePage {
    /// The parent page: its ID or its URL
    #[field(label = "Parent Page", placeholder = "https://www.notion.so/...")]
    pub page_id: String,
    /// Title of the new page
    #[field(label = "Title")]
    pub title: String,
    /// Content blocks of the new page
    #[field(label = "Blocks")]
    #[serde(default)]
    pub block_ui: BlockUi,
    /// Return property names mapped to plain values instead of Notion's raw page object
    #[field(label = "Simplify", default = true)]
    #[serde(default = "yes")]
    pub simple: bool,
}

/// Which objects a search returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SearchObject {
    /// Pages only
    #[default]
    Page,
    /// Databases only
    Database,
    /// Pages and databases
    All,
}

/// Order of search results by last edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortDirection {
    /// Oldest edit first
    Ascending,
    /// Latest edit first
    Descending,
}

/// Extra options of `page_search`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchOptions {
    /// Which objects to return (default: pages)
    #[serde(default)]
    pub object: SearchObject,
    /// Order by last edit time (default: Notion's relevance order)
    pub sort_direction: Option<SortDirection>,
}

/// The input of `page_search`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct SearchPages {
    /// Text to look for in titles (empty: everything shared with the integration)
    #[field(label = "Search Text")]
    pub text: Option<String>,
    /// Fetch every match, not only the first `limit`
    #[field(label = "Return All", default = false)]
    #[serde(default)]
    pub return_all: bool,
    /// How many results to return
    #[field(label = "Limit", default = 50, min = 1, hide(returnAll = [true]))]
    #[serde(default = "fifty")]
    pub limit: u32,
    /// Return property names mapped to plain values instead of Notion's raw objects
    #[field(label = "Simplify", default = true)]
    #[serde(default = "yes")]
    pub simple: bool,
    /// Object type and order
    #[field(label = "Options")]
    #[serde(default)]
    pub options: SearchOptions,
}

/// Configuration of the database polling triggers.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseWatch {
    /// The database to watch: its ID or its URL
    #[field(label = "Database", placeholder = "https://www.notion.so/...")]
    pub database_id: String,
    /// Minutes between two polls
    #[field(label = "Poll Interval (minutes)", default = 5, min = 1)]
    pub poll_interval: Option<u32>,
}

/// A page of a watched database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PageEvent {
    /// Notion's ID of the page
    pub id: String,
    /// Link to the page
    pub url: Option<String>,
    /// When the page was created (ISO 8601)
    pub created_time: Option<String>,
    /// When the page was last edited (ISO 8601)
    pub last_edited_time: Option<String>,
    /// Property names mapped to plain values
    pub properties: Map<String, Value>,
}

/// Where a database poll stopped: the latest timestamp seen, and the pages already reported
/// at that timestamp (Notion rounds timestamps to the minute).
#[derive(Debug, Default, Serialize, Deserialize)]
struct PollCursor {
    since: String,
    seen: Vec<String>,
}

/// Which timestamp a database trigger follows.
#[derive(Clone, Copy)]
enum Watch {
    Created,
    Edited,
}

impl Watch {
    fn field(self) -> &'static str {
        match self {
            Self::Created => "created_time",
            Self::Edited => "last_edited_time",
        }
    }

    /// What identifies one report: the page for creations, the page at that edit for edits.
    fn key(self, page: &Value) -> String {
        let id = page["id"].as_str().unwrap_or_default();
        match self {
            Self::Created => id.to_owned(),
            Self::Edited => format!("{id}@{}", page["last_edited_time"].as_str().unwrap_or_default()),
        }
    }
}

#[actions]
impl Notion {
    /// Create a page in a database, with property values and content blocks
    #[action(
        name = "Create Database Page",
        category = "Database Pages",
        icon = "plus",
        http(method = "POST", endpoint = "/pages")
    )]
    async fn database_page_create(&self, input: CreateDatabasePage) -> Result<Value> {
        let database_id = notion_id(&input.database_id);
        let mut properties = properties_body(&input.properties_ui)?;
        let sets_title = input.properties_ui.property_values.iter().any(|p| p.kind == PropertyType::Title);
        if let (Some(title), false) = (&input.title, sets_title) {
            // The title property has a name of the database's choosing: ask the database.
            let database: Value =
                self.http.get(&format!("/databases/{}", path_segment(&database_id))).send_json().await?;
            let name = database["properties"]
                .as_object()
                .and_then(|props| props.iter().find(|(_, p)| p["type"] == "title").map(|(name, _)| name.clone()))
                .unwrap_or_else(|| "title".to_owned());
            properties.insert(name, json!({ "title": rich_text(title) }));
        }
        let mut body = json!({ "parent": { "database_id": database_id }, "properties": properties });
        if !input.block_ui.block_values.is_empty() {
            body["children"] = blocks_body(&input.block_ui);
        }
        let page: Value = self.http.post("/pages").json(&body).send_json().await?;
        Ok(shape(page, input.simple))
    }

    /// Get one page with its property values
    #[action(
        name = "Get a Database Page",
        category = "Database Pages",
        icon = "file",
        idempotent,
        http(method = "GET", endpoint = "/pages/{pageId}")
    )]
    async fn database_page_get(&self, input: GetDatabasePage) -> Result<Value> {
        let path = format!("/pages/{}", path_segment(&notion_id(&input.page_id)));
        let page: Value = self.http.get(&path).send_json().await?;
        Ok(shape(page, input.simple))
    }

    /// Query the pages of a database, optionally filtered and sorted
    #[action(
        name = "Get Many Database Pages",
        category = "Database Pages",
        icon = "list",
        idempotent,
        http(method = "POST", endpoint = "/databases/{databaseId}/query")
    )]
    async fn database_page_get_all(&self, input: GetManyDatabasePages) -> Result<Vec<Value>> {
        let path = format!("/databases/{}/query", path_segment(&notion_id(&input.database_id)));
        let mut body = Map::new();
        if let (Some(filter), false) = (input.filter, input.filter_type == FilterType::None) {
            body.insert("filter".into(), Value::Object(filter));
        }
        match input.sort {
            Some(Value::Array(sorts)) => {
                body.insert("sorts".into(), Value::Array(sorts));
            }
            Some(sort @ Value::Object(_)) => {
                body.insert("sorts".into(), json!([sort]));
            }
            _ => {}
        }
        let pages = self.paginate(&path, body, input.return_all, input.limit, Repeat::Idempotent).await?;
        Ok(pages.into_iter().map(|page| shape(page, input.simple)).collect())
    }

    /// Change property values of a page
    #[action(
        name = "Update Database Page",
        category = "Database Pages",
        icon = "edit",
        http(method = "PATCH", endpoint = "/pages/{pageId}")
    )]
    async fn database_page_update(&self, input: UpdateDatabasePage) -> Result<Value> {
        let path = format!("/pages/{}", path_segment(&notion_id(&input.page_id)));
        let body = json!({ "properties": properties_body(&input.properties_ui)? });
        let page: Value = self.http.patch(&path).json(&body).send_json().await?;
        Ok(shape(page, input.simple))
    }

    /// Create a page inside another page
    #[action(name = "Create Page", category = "Pages", icon = "plus", http(method = "POST", endpoint = "/pages"))]
    async fn page_create(&self, input: CreatePage) -> Result<Value> {
        let mut body = json!({
            "parent": { "page_id": notion_id(&input.page_id) },
            "properties": { "title": { "title": rich_text(&input.title) } },
        });
        if !input.block_ui.block_values.is_empty() {
            body["children"] = blocks_body(&input.block_ui);
        }
        let page: Value = self.http.post("/pages").json(&body).send_json().await?;
        Ok(shape(page, input.simple))
    }

    /// Search the pages (or databases) shared with the integration by title
    #[action(
        name = "Search Pages",
        category = "Pages",
        icon = "search",
        idempotent,
        http(method = "POST", endpoint = "/search")
    )]
    async fn page_search(&self, input: SearchPages) -> Result<Vec<Value>> {
        let mut body = Map::new();
        if let Some(text) = input.text.filter(|t| !t.trim().is_empty()) {
            body.insert("query".into(), text.into());
        }
        let object = match input.options.object {
            SearchObject::Page => Some("page"),
            SearchObject::Database => Some("database"),
            SearchObject::All => None,
        };
        if let Some(object) = object {
            body.insert("filter".into(), json!({ "property": "object", "value": object }));
        }
        if let Some(direction) = input.options.sort_direction {
            let direction = match direction {
                SortDirection::Ascending => "ascending",
                SortDirection::Descending => "descending",
            };
            body.insert("sort".into(), json!({ "direction": direction, "timestamp": "last_edited_time" }));
        }
        let results = self.paginate("/search", body, input.return_all, input.limit, Repeat::Idempotent).await?;
        Ok(results.into_iter().map(|item| shape(item, input.simple)).collect())
    }

    /// A page was added to a database
    #[trigger(name = "On Page Added to Database", event_type = "page.created", polling, event_id = "/id")]
    async fn database_page_created(&self, config: DatabaseWatch, cursor: Option<Value>) -> Result<Polled<PageEvent>> {
        self.poll_database(&config.database_id, cursor, Watch::Created).await
    }

    /// A page of a database was edited (new pages included)
    #[trigger(name = "On Page Updated in Database", event_type = "page.updated", polling)]
    async fn database_page_updated(&self, config: DatabaseWatch, cursor: Option<Value>) -> Result<Polled<PageEvent>> {
        self.poll_database(&config.database_id, cursor, Watch::Edited).await
    }

    /// Reads the integration's own bot user: proves the token works.
    #[test_connection]
    async fn me(&self) -> Result<()> {
        self.http.get("/users/me").send().await.map(drop)
    }
}

impl Notion {
    /// POSTs `body` to a cursor-paginated endpoint (`start_cursor`, `has_more`, `next_cursor`).
    async fn paginate(
        &self,
        path: &str,
        body: Map<String, Value>,
        all: bool,
        limit: u32,
        repeat: Repeat,
    ) -> Result<Vec<Value>> {
        let max_items = if all { usize::MAX } else { limit.max(1) as usize };
        let page_size = if all { MAX_PAGE_SIZE } else { limit.clamp(1, MAX_PAGE_SIZE) };
        collect_pages(MAX_PAGES, max_items, |cursor| {
            let mut body = body.clone();
            body.insert("page_size".into(), page_size.into());
            if let Some(cursor) = cursor {
                body.insert("start_cursor".into(), cursor.into());
            }
            let mut request = self.http.post(path).json(&body);
            if repeat == Repeat::Idempotent {
                request = request.idempotent();
            }
            async move {
                let page: Value = request.send_json().await?;
                Ok(results_page(page))
            }
        })
        .await
    }

    /// One poll of a database trigger. The first poll only records where the database stands.
    async fn poll_database(&self, database: &str, cursor: Option<Value>, watch: Watch) -> Result<Polled<PageEvent>> {
        let path = format!("/databases/{}/query", path_segment(&notion_id(database)));
        let field = watch.field();
        let cursor = cursor.and_then(|c| serde_json::from_value::<PollCursor>(c).ok());
        let Some(mut cursor) = cursor else {
            let body =
                json!({ "sorts": [{ "timestamp": field, "direction": "descending" }], "page_size": MAX_PAGE_SIZE });
            let page: Value = self.http.post(&path).json(&body).send_json().await?;
            let pages = results_page(page).items;
            // An empty database: everything that appears later is new.
            let since = pages.first().and_then(|p| p[field].as_str()).unwrap_or("1970-01-01T00:00:00.000Z").to_owned();
            let seen =
                pages.iter().filter(|p| p[field].as_str() == Some(since.as_str())).map(|p| watch.key(p)).collect();
            return Ok(Polled { events: Vec::new(), cursor: Some(json!(PollCursor { since, seen })) });
        };
        let body = json!({
            "filter": { "timestamp": field, field: { "on_or_after": cursor.since } },
            "sorts": [{ "timestamp": field, "direction": "ascending" }],
        });
        let body = body.as_object().cloned().unwrap_or_default();
        let pages = self.paginate(&path, body, true, 0, Repeat::NotIdempotent).await?;
        let mut events = Vec::new();
        for page in pages {
            let key = watch.key(&page);
            let stamp = page[field].as_str().unwrap_or_default().to_owned();
            if cursor.seen.contains(&key) {
                continue;
            }
            if stamp > cursor.since {
                cursor.since = stamp.clone();
                cursor.seen.clear();
            }
            if stamp == cursor.since {
                cursor.seen.push(key);
            }
            events.push(page_event(page));
        }
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }
}

/// The items and next cursor of one Notion list answer.
fn results_page(page: Value) -> Page<Value> {
    let next = match page["has_more"].as_bool() {
        Some(true) => page["next_cursor"].as_str().map(str::to_owned),
        _ => None,
    };
    let items = match page.get("results") {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    Page { items, next }
}

/// A page as a trigger event.
fn page_event(page: Value) -> PageEvent {
    let text = |key: &str| page[key].as_str().map(str::to_owned);
    PageEvent {
        id: text("id").unwrap_or_default(),
        url: text("url"),
        created_time: text("created_time"),
        last_edited_time: text("last_edited_time"),
        properties: simple_properties(&page["properties"]),
    }
}

/// The ID in a Notion URL (`https://www.notion.so/Title-<32 hex>?v=..`), or the text as given.
pub fn notion_id(text: &str) -> String {
    let text = text.trim();
    if !text.contains('/') {
        return text.to_owned();
    }
    let path = text.split(['?', '#']).next().unwrap_or(text);
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or(path);
    let hex: String = last.chars().filter(|c| *c != '-').collect();
    if hex.len() >= 32 && hex[hex.len() - 32..].chars().all(|c| c.is_ascii_hexdigit()) {
        hex[hex.len() - 32..].to_owned()
    } else {
        last.to_owned()
    }
}

/// Plain text as rich-text objects of at most 2000 characters each.
fn rich_text(text: &str) -> Value {
    let chars: Vec<char> = text.chars().collect();
    let parts: Vec<Value> = chars
        .chunks(MAX_TEXT_CHARS)
        .map(|chunk| json!({ "type": "text", "text": { "content": chunk.iter().collect::<String>() } }))
        .collect();
    Value::Array(parts)
}

/// A list value: a JSON array, or comma-separated text.
fn list(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().map(text_of).filter(|s| !s.is_empty()).collect(),
        Value::Null => Vec::new(),
        other => text_of(other).split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect(),
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The `properties` object of a create/update request.
fn properties_body(ui: &PropertiesUi) -> Result<Map<String, Value>> {
    ui.property_values.iter().map(|p| Ok((p.key.clone(), property_value(p)?))).collect()
}

/// One property in Notion's write format.
fn property_value(property: &PropertyValue) -> Result<Value> {
    let value = &property.value;
    let key = &property.key;
    let option = |value: &Value| if value.is_null() { Value::Null } else { json!({ "name": text_of(value) }) };
    let nullable_text = |value: &Value| if value.is_null() { Value::Null } else { text_of(value).into() };
    Ok(match property.kind {
        PropertyType::Title => json!({ "title": rich_text(&text_of(value)) }),
        PropertyType::RichText => json!({ "rich_text": rich_text(&text_of(value)) }),
        PropertyType::Number => {
            let number = match value {
                Value::Number(_) | Value::Null => value.clone(),
                other => match text_of(other).trim().parse::<f64>() {
                    Ok(n) => json!(n),
                    Err(_) => {
                        return Err(ConnectorError::invalid_input(format!("property `{key}` needs a number")));
                    }
                },
            };
            json!({ "number": number })
        }
        PropertyType::Checkbox => {
            let checked = match value {
                Value::Bool(b) => *b,
                other => matches!(text_of(other).trim().to_ascii_lowercase().as_str(), "true" | "yes" | "1"),
            };
            json!({ "checkbox": checked })
        }
        PropertyType::Select => json!({ "select": option(value) }),
        PropertyType::Status => json!({ "status": option(value) }),
        PropertyType::MultiSelect => {
            json!({ "multi_select": list(value).into_iter().map(|name| json!({ "name": name })).collect::<Vec<_>>() })
        }
        PropertyType::Date => match value {
            Value::Object(range) => json!({ "date": range }),
            Value::Null => json!({ "date": null }),
            other => json!({ "date": { "start": text_of(other) } }),
        },
        PropertyType::Url => json!({ "url": nullable_text(value) }),
        PropertyType::Email => json!({ "email": nullable_text(value) }),
        PropertyType::PhoneNumber => json!({ "phone_number": nullable_text(value) }),
        PropertyType::People => {
            json!({ "people": list(value).into_iter().map(|id| json!({ "object": "user", "id": id })).collect::<Vec<_>>() })
        }
        PropertyType::Relation => {
            json!({ "relation": list(value).into_iter().map(|id| json!({ "id": notion_id(&id) })).collect::<Vec<_>>() })
        }
    })
}

/// The `children` of a create request.
fn blocks_body(ui: &BlockUi) -> Value {
    let blocks = ui
        .block_values
        .iter()
        .map(|block| {
            let kind = block.kind.as_str();
            let mut content = json!({ "rich_text": rich_text(&block.text) });
            if block.kind == BlockType::ToDo {
                content["checked"] = block.checked.unwrap_or(false).into();
            }
            json!({ "object": "block", "type": kind, kind: content })
        })
        .collect();
    Value::Array(blocks)
}

/// The object as Notion returned it, or simplified.
fn shape(object: Value, simple: bool) -> Value {
    if simple {
        simplify(&object)
    } else {
        object
    }
}

/// A page (or database) as its ID, link, times and plain property values.
pub fn simplify(object: &Value) -> Value {
    let mut out = Map::new();
    for key in ["id", "object", "url", "created_time", "last_edited_time", "archived"] {
        if let Some(value) = object.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    if object["object"] == "database" {
        out.insert("title".into(), plain_text(&object["title"]).into());
    } else {
        out.insert("properties".into(), Value::Object(simple_properties(&object["properties"])));
    }
    Value::Object(out)
}

/// Property names mapped to plain values.
fn simple_properties(properties: &Value) -> Map<String, Value> {
    properties
        .as_object()
        .map(|props| props.iter().map(|(name, p)| (name.clone(), simple_property(p))).collect())
        .unwrap_or_default()
}

/// The concatenated text of a rich-text array.
fn plain_text(parts: &Value) -> String {
    parts.as_array().map(|parts| parts.iter().filter_map(|p| p["plain_text"].as_str()).collect()).unwrap_or_default()
}

/// One property value of a page, as a plain value.
fn simple_property(property: &Value) -> Value {
    let kind = property["type"].as_str().unwrap_or_default();
    let value = &property[kind];
    let ids = |items: &Value| -> Value {
        items.as_array().map(|items| items.iter().map(|i| i["id"].clone()).collect()).unwrap_or_default()
    };
    match kind {
        "title" | "rich_text" => plain_text(value).into(),
        "select" | "status" => value.get("name").cloned().unwrap_or(Value::Null),
        "multi_select" => {
            value.as_array().map(|items| items.iter().map(|i| i["name"].clone()).collect()).unwrap_or_default()
        }
        "people" | "relation" => ids(value),
        "created_by" | "last_edited_by" => value["id"].clone(),
        "date" => match value.get("end") {
            Some(end) if !end.is_null() => value.clone(),
            _ => value.get("start").cloned().unwrap_or(Value::Null),
        },
        "formula" | "rollup" => {
            let inner = value["type"].as_str().unwrap_or_default();
            value.get(inner).cloned().unwrap_or(Value::Null)
        }
        "files" => value
            .as_array()
            .map(|files| {
                files.iter().map(|f| json!(f["file"]["url"].as_str().or(f["external"]["url"].as_str()))).collect()
            })
            .unwrap_or_default(),
        "unique_id" => match value["prefix"].as_str() {
            Some(prefix) => format!("{prefix}-{}", value["number"]).into(),
            None => value["number"].clone(),
        },
        _ => value.clone(),
    }
}

/// Accepts a JSON value, or text holding one (what a textarea sends).
fn json_or_text<'de, D, T>(deserializer: D) -> std::result::Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    let value = match value {
        Value::String(text) if text.trim().is_empty() => return Ok(None),
        Value::String(text) => serde_json::from_str(&text).map_err(serde::de::Error::custom)?,
        Value::Null => return Ok(None),
        other => other,
    };
    serde_json::from_value(value).map(Some).map_err(serde::de::Error::custom)
}
