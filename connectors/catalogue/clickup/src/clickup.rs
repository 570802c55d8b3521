use fluxturn_core::http::{collect_pages, path_segment, Page};
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

/// Manage ClickUp tasks, lists, folders, goals, comments and time entries, and react to changes
///
/// Requests go to ClickUp's REST API v2, `https://api.clickup.com/api/v2`, authenticated with a
/// personal API token (`pk_...`) or an OAuth2 access token, both sent as ClickUp asks:
/// `Authorization: <token>`, without a `Bearer` prefix. The triggers register a webhook in the
/// workspace (`POST /team/{team_id}/webhook`) and check each delivery's `X-Signature` with the
/// secret ClickUp returned for it.
#[connector(
    name = "clickup",
    display_name = "ClickUp",
    category = "project_management",
    base_url = "https://api.clickup.com/api/v2",
    icon = "icons/clickup.svg",
    rate_limit(requests_per_minute = 100),
    auth = [
        api_key(header = "Authorization", field = "accessToken"),
        oauth2(
            authorization_url = "https://app.clickup.com/api",
            token_url = "https://api.clickup.com/api/v2/oauth/token",
            scopes = [],
        ),
    ],
    credentials = ClickupCredentials,
)]
pub struct Clickup {
    http: Http,
}

/// How a ClickUp connection signs in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ClickupAuthMode {
    /// One-click OAuth2 through the server's ClickUp app
    #[default]
    #[serde(rename = "oneclick")]
    OneClick,
    /// OAuth2 through your own ClickUp app (its client id and secret below)
    #[serde(rename = "manual")]
    Manual,
    /// A personal API token (`pk_...`)
    #[serde(rename = "token")]
    Token,
}

/// What the user enters in the "Add ClickUp" form.
#[derive(Credentials)]
pub struct ClickupCredentials {
    /// OAuth2 through the server's ClickUp app or your own, or a personal API token
    #[field(key = "authMode", label = "Authentication Mode", default = "oneclick")]
    pub auth_mode: ClickupAuthMode,
    /// A personal API token: ClickUp > Settings > Apps > API Token (it starts with `pk_`). With
    /// OAuth2 the server stores the token it obtains here.
    #[field(
        key = "accessToken",
        label = "Personal API Token",
        placeholder = "pk_...",
        secret,
        required,
        help_url = "https://developer.clickup.com/docs/authentication#personal-token",
        show(authMode = ["token"])
    )]
    pub access_token: Option<Secret<String>>,
    /// The client id of your own ClickUp app (Settings > Apps > Create new app)
    #[field(
        key = "clientId",
        label = "Client ID",
        help_url = "https://developer.clickup.com/docs/authentication#oauth-flow",
        show(authMode = ["manual"])
    )]
    pub client_id: Option<String>,
    /// The client secret of your own ClickUp app
    #[field(key = "clientSecret", label = "Client Secret", secret, show(authMode = ["manual"]))]
    pub client_secret: Option<Secret<String>>,
    /// The redirect URL your ClickUp app lists: it must be this server's OAuth2 callback
    #[field(key = "redirectUrl", label = "OAuth Redirect URL", show(authMode = ["manual"]))]
    pub redirect_url: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Priority
// ---------------------------------------------------------------------------------------------

/// A task's priority, as ClickUp numbers it: 1 urgent, 2 high, 3 normal, 4 low.
///
/// Taken as the number, the number as text (`"3"`, what a template expression gives) or the
/// name (`"urgent"`); sent as the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "u8")]
pub struct Priority(u8);

impl Priority {
    const ALL: [(u8, &'static str); 4] = [(1, "Urgent"), (2, "High"), (3, "Normal"), (4, "Low")];
}

impl From<Priority> for u8 {
    fn from(priority: Priority) -> u8 {
        priority.0
    }
}

impl<'de> Deserialize<'de> for Priority {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let number = match &value {
            Value::Number(n) => n.as_u64().filter(|n| (1..=4).contains(n)),
            Value::String(text) => {
                let text = text.trim();
                text.parse::<u64>().ok().filter(|n| (1..=4).contains(n)).or_else(|| {
                    Self::ALL.iter().find(|(_, name)| name.eq_ignore_ascii_case(text)).map(|(n, _)| u64::from(*n))
                })
            }
            _ => None,
        };
        number.map(|n| Priority(n as u8)).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "priority {value} is not one of ClickUp's: 1 (urgent), 2 (high), 3 (normal), 4 (low)"
            ))
        })
    }
}

impl JsonSchema for Priority {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Priority".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let options: Vec<schemars::Schema> =
            Self::ALL.iter().map(|(n, label)| schemars::json_schema!({ "const": n, "title": label })).collect();
        schemars::json_schema!({ "oneOf": options })
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// The input of `task_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskCreateInput {
    /// The list to create the task in
    #[field(label = "List ID", placeholder = "901234567")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// The task's name
    #[field(label = "Name")]
    pub name: String,
    /// The task's description (plain text)
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// A status of the list, such as `to do` (default: the list's first status)
    #[field(label = "Status")]
    pub status: Option<String>,
    /// 1 urgent, 2 high, 3 normal, 4 low
    #[field(label = "Priority")]
    pub priority: Option<Priority>,
    /// When it is due, in Unix milliseconds
    #[field(label = "Due Date")]
    #[serde(rename = "dueDate")]
    pub due_date: Option<f64>,
    /// When work starts, in Unix milliseconds
    #[field(label = "Start Date")]
    #[serde(rename = "startDate")]
    pub start_date: Option<f64>,
    /// The ids of the users to assign (numbers)
    #[field(label = "Assignees")]
    pub assignees: Option<Vec<Value>>,
    /// Tag names to put on the task
    #[field(label = "Tags")]
    pub tags: Option<Vec<Value>>,
}

/// The input of `task_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskUpdateInput {
    /// The task to update
    #[field(label = "Task ID", placeholder = "86a1b2c3d")]
    #[serde(rename = "taskId")]
    pub task_id: String,
    /// Its new name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Its new description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Its new status, one of the list's
    #[field(label = "Status")]
    pub status: Option<String>,
    /// Its new priority: 1 urgent, 2 high, 3 normal, 4 low
    #[field(label = "Priority")]
    pub priority: Option<Priority>,
}

/// The input of `task_get` and `task_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskRef {
    /// The task's id
    #[field(label = "Task ID", placeholder = "86a1b2c3d")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `task_get_all`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskGetAllInput {
    /// The list whose tasks to read
    #[field(label = "List ID", placeholder = "901234567")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Read the archived tasks instead of the others
    #[field(label = "Archived", default = false)]
    pub archived: Option<bool>,
    /// Include subtasks
    #[field(label = "Subtasks", default = false)]
    pub subtasks: Option<bool>,
}

/// The input of `list_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListCreateInput {
    /// The folder to create the list in
    #[field(label = "Folder ID", placeholder = "90123456")]
    #[serde(rename = "folderId")]
    pub folder_id: String,
    /// The list's name
    #[field(label = "Name")]
    pub name: String,
    /// The list's description
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
}

/// The input of `list_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListUpdateInput {
    /// The list to update
    #[field(label = "List ID", placeholder = "901234567")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Its new name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Its new description
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
}

/// The input of `list_get` and `list_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListRef {
    /// The list's id
    #[field(label = "List ID", placeholder = "901234567")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The input of `folder_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct FolderCreateInput {
    /// The space to create the folder in
    #[field(label = "Space ID", placeholder = "90120000")]
    #[serde(rename = "spaceId")]
    pub space_id: String,
    /// The folder's name
    #[field(label = "Name")]
    pub name: String,
}

/// The input of `folder_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct FolderUpdateInput {
    /// The folder to rename
    #[field(label = "Folder ID", placeholder = "90123456")]
    #[serde(rename = "folderId")]
    pub folder_id: String,
    /// Its new name
    #[field(label = "Name")]
    pub name: String,
}

/// The input of `folder_get` and `folder_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct FolderRef {
    /// The folder's id
    #[field(label = "Folder ID", placeholder = "90123456")]
    #[serde(rename = "folderId")]
    pub folder_id: String,
}

/// The input of `comment_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentCreateInput {
    /// The task to comment on
    #[field(label = "Task ID", placeholder = "86a1b2c3d")]
    #[serde(rename = "taskId")]
    pub task_id: String,
    /// The comment
    #[field(label = "Comment Text", input_type = "textarea")]
    #[serde(rename = "commentText")]
    pub comment_text: String,
}

/// The input of `goal_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GoalCreateInput {
    /// The workspace (team) to create the goal in
    #[field(label = "Team ID", placeholder = "9012345678")]
    #[serde(rename = "teamId")]
    pub team_id: String,
    /// The goal's name
    #[field(label = "Name")]
    pub name: String,
    /// What the goal is about
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// When it is due, in Unix milliseconds
    #[field(label = "Due Date")]
    #[serde(rename = "dueDate")]
    pub due_date: Option<f64>,
}

/// The input of `goal_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GoalUpdateInput {
    /// The goal to update (a UUID)
    #[field(label = "Goal ID", placeholder = "e53a033c-900e-462d-a849-4a216b06d930")]
    #[serde(rename = "goalId")]
    pub goal_id: String,
    /// Its new name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Its new description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
}

/// The input of `goal_get` and `goal_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GoalRef {
    /// The goal's id (a UUID)
    #[field(label = "Goal ID", placeholder = "e53a033c-900e-462d-a849-4a216b06d930")]
    #[serde(rename = "goalId")]
    pub goal_id: String,
}

/// The input of `time_entry_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TimeEntryCreateInput {
    /// The workspace (team) to record the time in
    #[field(label = "Team ID", placeholder = "9012345678")]
    #[serde(rename = "teamId")]
    pub team_id: String,
    /// The task the time was spent on
    #[field(label = "Task ID", placeholder = "86a1b2c3d")]
    #[serde(rename = "taskId")]
    pub task_id: Option<String>,
    /// When the work started, in Unix milliseconds (default: `duration` before now)
    #[field(label = "Start")]
    pub start: Option<f64>,
    /// How long it lasted, in milliseconds (required by ClickUp)
    #[field(label = "Duration")]
    pub duration: Option<f64>,
}

/// The configuration of `task_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskCreatedConfig {
    /// Only tasks of this list (default: every list of the workspace)
    #[field(label = "List ID", placeholder = "901234567")]
    #[serde(rename = "listId")]
    pub list_id: Option<String>,
    /// The workspace (team) to watch (default: the only one the connection can see)
    #[field(label = "Team ID", placeholder = "9012345678")]
    #[serde(rename = "teamId")]
    pub team_id: Option<String>,
}

/// The configuration of `task_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskUpdatedConfig {
    /// Only tasks of this list (default: every list of the workspace)
    #[field(label = "List ID", placeholder = "901234567")]
    #[serde(rename = "listId")]
    pub list_id: Option<String>,
    /// The workspace (team) to watch (default: the only one the connection can see)
    #[field(label = "Team ID", placeholder = "9012345678")]
    #[serde(rename = "teamId")]
    pub team_id: Option<String>,
}

/// The configuration of a trigger on the whole workspace.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct WorkspaceConfig {
    /// The workspace (team) to watch (default: the only one the connection can see)
    #[field(label = "Team ID", placeholder = "9012345678")]
    #[serde(rename = "teamId")]
    pub team_id: Option<String>,
}

/// Where a trigger's webhook listens: its workspace, and the list it is narrowed to.
pub trait HookScope {
    /// The workspace named in the configuration.
    fn team_id(&self) -> Option<&str>;
    /// The list named in the configuration.
    fn list_id(&self) -> Option<&str> {
        None
    }
}

impl HookScope for TaskCreatedConfig {
    fn team_id(&self) -> Option<&str> {
        self.team_id.as_deref()
    }
    fn list_id(&self) -> Option<&str> {
        self.list_id.as_deref()
    }
}

impl HookScope for TaskUpdatedConfig {
    fn team_id(&self) -> Option<&str> {
        self.team_id.as_deref()
    }
    fn list_id(&self) -> Option<&str> {
        self.list_id.as_deref()
    }
}

impl HookScope for WorkspaceConfig {
    fn team_id(&self) -> Option<&str> {
        self.team_id.as_deref()
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Most pages `task_get_all` reads: ClickUp pages tasks by 100, so up to 10,000 tasks.
const MAX_TASK_PAGES: usize = 100;

/// `error` in ClickUp's words: its `{"err": "...", "ECODE": "..."}` body becomes the message,
/// prefixed with what ClickUp refused to do. The code and status are kept (401 unauthorized, 404
/// not found, 400 invalid input, 429 rate limited), and so are the details.
pub fn refused(what: &str, mut error: ConnectorError) -> ConnectorError {
    let body = error.details["upstream_body"].as_str().and_then(|b| serde_json::from_str::<Value>(b).ok());
    let said = body.as_ref().and_then(|b| b["err"].as_str().filter(|e| !e.is_empty())).map(|err| {
        match body.as_ref().and_then(|b| b["ECODE"].as_str()).filter(|c| !c.is_empty()) {
            Some(code) => format!("ClickUp answered {}: {err} ({code})", error.status),
            None => format!("ClickUp answered {}: {err}", error.status),
        }
    });
    let said = said.unwrap_or_else(|| error.message.clone());
    error.message = format!("ClickUp refused to {what}: {said}");
    error
}

/// An id typed in `field`, trimmed, as one path segment; a blank one is refused before any request.
fn segment(field: &str, id: &str) -> Result<String> {
    let id = id.trim();
    if id.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` cannot be blank")));
    }
    Ok(path_segment(id))
}

/// A whole number of milliseconds from a number field; `field` names it in the error.
fn millis(field: &str, value: f64) -> Result<i64> {
    if !(0.0..=9.0e15).contains(&value) {
        return Err(ConnectorError::invalid_input(format!(
            "`{field}` must be a positive number of milliseconds, not {value}"
        )));
    }
    Ok(value.round() as i64)
}

/// The text of an optional field, `None` when blank.
fn filled(text: Option<&String>) -> Option<&str> {
    text.map(|t| t.trim()).filter(|t| !t.is_empty())
}

/// ClickUp's user ids are numbers: `123` and `"123"` are taken; anything else is refused.
fn user_ids(values: &[Value]) -> Result<Vec<Value>> {
    values
        .iter()
        .filter(|v| !v.is_null() && v.as_str().is_none_or(|s| !s.trim().is_empty()))
        .map(|value| match value {
            Value::Number(n) if n.is_u64() => Ok(value.clone()),
            Value::String(s) if s.trim().parse::<u64>().is_ok() => Ok(json!(s.trim().parse::<u64>().unwrap_or(0))),
            other => {
                Err(ConnectorError::invalid_input(format!("`assignees` holds ClickUp user ids (numbers), not {other}")))
            }
        })
        .collect()
}

/// Tag names: text as it is, numbers as text; empty ones are dropped.
fn tag_names(values: &[Value]) -> Result<Vec<String>> {
    values
        .iter()
        .filter_map(|value| match value {
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(Ok(s.trim().to_owned())),
            Value::Number(n) => Some(Ok(n.to_string())),
            Value::Null => None,
            other => Some(Err(ConnectorError::invalid_input(format!("`tags` holds tag names, not {other}")))),
        })
        .collect()
}

/// `fields` as a JSON object, the `None`s left out.
fn object(fields: impl IntoIterator<Item = (&'static str, Option<Value>)>) -> Value {
    let map: Map<String, Value> =
        fields.into_iter().filter_map(|(key, value)| Some((key.to_owned(), value?))).collect();
    Value::Object(map)
}

/// Now, in Unix milliseconds.
fn now_millis() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

/// One page of `GET /list/{list_id}/task`.
#[derive(Deserialize)]
struct TaskPage {
    #[serde(default)]
    tasks: Vec<Value>,
    #[serde(default)]
    last_page: Option<bool>,
}

/// A workspace in `GET /team`.
#[derive(Deserialize)]
struct Team {
    id: Value,
    #[serde(default)]
    name: Option<String>,
}

/// `GET /team`.
#[derive(Deserialize)]
struct Teams {
    #[serde(default)]
    teams: Vec<Team>,
}

/// A webhook as `GET /team/{team_id}/webhook` lists it.
#[derive(Deserialize)]
struct Webhook {
    id: String,
    #[serde(default)]
    endpoint: String,
    #[serde(default)]
    secret: Option<String>,
}

/// `GET /team/{team_id}/webhook`.
#[derive(Deserialize)]
struct Webhooks {
    #[serde(default)]
    webhooks: Vec<Webhook>,
}

/// What `POST /team/{team_id}/webhook` and `PUT /webhook/{webhook_id}` answer.
#[derive(Deserialize)]
struct SavedWebhook {
    id: String,
    #[serde(default)]
    webhook: Option<SavedDetail>,
}

/// The `webhook` of a [`SavedWebhook`].
#[derive(Deserialize)]
struct SavedDetail {
    #[serde(default)]
    secret: Option<String>,
}

/// A ClickUp id as text (ClickUp sends some as numbers, some as strings).
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The events of one delivery for a trigger on ClickUp's `event`: the payload ClickUp sent, with
/// `eventId` added. A delivery of another event gives none.
///
/// `eventId` is the id of the delivery's first history item: ClickUp records each change as a
/// history item with its own id and repeats the payload as it was when it retries a delivery, so a
/// redelivery has the same id and two changes never do (`webhook_id` + `event` + `task_id` would
/// be the same for every update of one task). Goal events carry no history items: for them it is
/// the SHA-256 of the body, which a retry repeats byte for byte.
fn delivery(event: &str, request: &WebhookRequest) -> Result<Vec<Value>> {
    let mut payload: Value = request.json()?;
    if !payload.is_object() {
        return Err(ConnectorError::invalid_input("a ClickUp delivery is a JSON object"));
    }
    if payload["event"].as_str() != Some(event) {
        return Ok(vec![]);
    }
    let id = match payload.pointer("/history_items/0/id").and_then(id_text) {
        Some(id) => id,
        None => format!("{:x}", Sha256::digest(request.text()?.as_bytes())),
    };
    payload["eventId"] = json!(id);
    Ok(vec![payload])
}

impl Clickup {
    /// The workspace a trigger watches: the configured one, else the only one the connection sees.
    async fn team_for(&self, configured: Option<&str>) -> Result<String> {
        if let Some(team) = configured.map(str::trim).filter(|t| !t.is_empty()) {
            return Ok(team.to_owned());
        }
        let listed: Teams = self.http.get("/team").send_json().await.map_err(|e| refused("list the workspaces", e))?;
        match listed.teams.as_slice() {
            [only] => id_text(&only.id)
                .ok_or_else(|| ConnectorError::invalid_input("ClickUp listed a workspace without an id")),
            [] => Err(ConnectorError::invalid_input(
                "this ClickUp connection can see no workspace: authorize one, or set `teamId`",
            )),
            many => {
                let names: Vec<String> = many
                    .iter()
                    .map(|t| {
                        format!("{} ({})", t.name.as_deref().unwrap_or("unnamed"), id_text(&t.id).unwrap_or_default())
                    })
                    .collect();
                Err(ConnectorError::invalid_input(format!(
                    "this ClickUp connection can see {} workspaces ({}): set `teamId` to the one to watch",
                    many.len(),
                    names.join(", ")
                )))
            }
        }
    }

    /// The webhook sending `event` to the context's URL, with the secret ClickUp gave it. One
    /// already registered for that URL is reused (reactivated, its events set), so subscribing
    /// again adds no second webhook; one listed without its secret is replaced.
    async fn ensure_webhook<C: HookScope>(
        &self,
        event: &str,
        config: &C,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        let team = self.team_for(config.team_id()).await?;
        let hooks = format!("/team/{}/webhook", segment("teamId", &team)?);
        let listed: Webhooks = self.http.get(&hooks).send_json().await.map_err(|e| refused("list the webhooks", e))?;
        let existing = listed.webhooks.into_iter().find(|w| w.endpoint == context.webhook_url);
        if let Some(found) = existing {
            let path = format!("/webhook/{}", path_segment(&found.id));
            match found.secret.filter(|s| !s.is_empty()) {
                Some(secret) => {
                    let body = json!({"endpoint": context.webhook_url, "events": [event], "status": "active"});
                    self.http.put(&path).json(&body).send().await.map_err(|e| refused("update the webhook", e))?;
                    return Ok(Subscription { secret: Some(secret), ..Subscription::new(found.id) });
                }
                None => {
                    self.http.delete(&path).send().await.map_err(|e| refused("replace the webhook", e))?;
                }
            }
        }
        // ClickUp's list ids are numbers; one that is not is sent as typed, for ClickUp to refuse.
        let list = config
            .list_id()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|list| list.parse::<u64>().map(|n| json!(n)).unwrap_or_else(|_| json!(list)));
        let body = object([
            ("endpoint", Some(json!(context.webhook_url))),
            ("events", Some(json!([event]))),
            ("list_id", list),
        ]);
        let saved: SavedWebhook =
            self.http.post(&hooks).json(&body).send_json().await.map_err(|e| refused("create the webhook", e))?;
        let secret = saved.webhook.and_then(|w| w.secret).filter(|s| !s.is_empty()).ok_or_else(|| {
            ConnectorError::new(ErrorCode::InvalidResponse, "ClickUp created the webhook but returned no secret")
        })?;
        Ok(Subscription { secret: Some(secret), ..Subscription::new(saved.id) })
    }

    /// `GET path`, in ClickUp's words when refused.
    async fn read(&self, path: &str, what: &str) -> Result<Value> {
        self.http.get(path).send_json().await.map_err(|e| refused(what, e))
    }

    /// `DELETE path`: ClickUp answers `{}`, so the answer says what was deleted.
    async fn remove(&self, path: &str, what: &str, key: &str, id: &str) -> Result<Value> {
        self.http.delete(path).send().await.map_err(|e| refused(what, e))?;
        Ok(json!({ "deleted": true, key: id.trim() }))
    }

    /// `method path` with `body`, in ClickUp's words when refused.
    async fn write(&self, method: &str, path: &str, body: &Value, what: &str) -> Result<Value> {
        let request = match method {
            "POST" => self.http.post(path),
            _ => self.http.put(path),
        };
        request.json(body).send_json().await.map_err(|e| refused(what, e))
    }
}

#[actions(webhooks(verify = "clickup", secret = "generated", event_id = "/eventId", unsubscribe = delete_webhook))]
impl Clickup {
    /// Create a task in a list
    #[action(name = "Create Task", category = "Tasks", icon = "plus", aliases = ["create_task"], http(method = "POST", endpoint = "/list/{listId}/task"))]
    async fn task_create(&self, input: TaskCreateInput) -> Result<Value> {
        let path = format!("/list/{}/task", segment("listId", &input.list_id)?);
        if input.name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be blank"));
        }
        let body = object([
            ("name", Some(json!(input.name.trim()))),
            ("description", input.description.map(Value::from)),
            ("status", filled(input.status.as_ref()).map(Value::from)),
            ("priority", input.priority.map(|p| json!(p))),
            ("due_date", input.due_date.map(|d| millis("dueDate", d)).transpose()?.map(Value::from)),
            ("start_date", input.start_date.map(|d| millis("startDate", d)).transpose()?.map(Value::from)),
            ("assignees", input.assignees.as_deref().map(user_ids).transpose()?.map(Value::from)),
            ("tags", input.tags.as_deref().map(tag_names).transpose()?.map(Value::from)),
        ]);
        self.write("POST", &path, &body, "create the task").await
    }

    /// Update a task's name, description, status or priority
    #[action(
        name = "Update Task",
        category = "Tasks",
        icon = "edit",
        idempotent,
        http(method = "PUT", endpoint = "/task/{taskId}")
    )]
    async fn task_update(&self, input: TaskUpdateInput) -> Result<Value> {
        let path = format!("/task/{}", segment("taskId", &input.task_id)?);
        let body = object([
            ("name", filled(input.name.as_ref()).map(Value::from)),
            ("description", input.description.map(Value::from)),
            ("status", filled(input.status.as_ref()).map(Value::from)),
            ("priority", input.priority.map(|p| json!(p))),
        ]);
        self.write("PUT", &path, &body, "update the task").await
    }

    /// Get a task by its id
    #[action(
        name = "Get Task",
        category = "Tasks",
        icon = "file",
        idempotent,
        http(method = "GET", endpoint = "/task/{taskId}")
    )]
    async fn task_get(&self, input: TaskRef) -> Result<Value> {
        self.read(&format!("/task/{}", segment("taskId", &input.task_id)?), "get the task").await
    }

    /// Delete a task
    #[action(
        name = "Delete Task",
        category = "Tasks",
        icon = "trash",
        http(method = "DELETE", endpoint = "/task/{taskId}")
    )]
    async fn task_delete(&self, input: TaskRef) -> Result<Value> {
        let path = format!("/task/{}", segment("taskId", &input.task_id)?);
        self.remove(&path, "delete the task", "taskId", &input.task_id).await
    }

    /// Get every task of a list, following ClickUp's pages (100 tasks each, up to 10,000)
    #[action(
        name = "Get All Tasks",
        category = "Tasks",
        icon = "list",
        idempotent,
        http(method = "GET", endpoint = "/list/{listId}/task")
    )]
    async fn task_get_all(&self, input: TaskGetAllInput) -> Result<Vec<Value>> {
        let path = format!("/list/{}/task", segment("listId", &input.list_id)?);
        let (archived, subtasks) = (input.archived.unwrap_or(false), input.subtasks.unwrap_or(false));
        let path = &path;
        collect_pages(MAX_TASK_PAGES, usize::MAX, |page| async move {
            let number: u64 = page.as_deref().and_then(|p| p.parse().ok()).unwrap_or(0);
            let query =
                [("archived", archived.to_string()), ("subtasks", subtasks.to_string()), ("page", number.to_string())];
            let listed: TaskPage =
                self.http.get(path).query(&query).send_json().await.map_err(|e| refused("list the tasks", e))?;
            let more = !listed.tasks.is_empty() && listed.last_page != Some(true);
            Ok(Page { items: listed.tasks, next: more.then(|| (number + 1).to_string()) })
        })
        .await
    }

    /// Create a list in a folder
    #[action(
        name = "Create List",
        category = "Lists",
        icon = "plus",
        http(method = "POST", endpoint = "/folder/{folderId}/list")
    )]
    async fn list_create(&self, input: ListCreateInput) -> Result<Value> {
        let path = format!("/folder/{}/list", segment("folderId", &input.folder_id)?);
        if input.name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be blank"));
        }
        let body = object([("name", Some(json!(input.name.trim()))), ("content", input.content.map(Value::from))]);
        self.write("POST", &path, &body, "create the list").await
    }

    /// Rename a list or change its description
    #[action(
        name = "Update List",
        category = "Lists",
        icon = "edit",
        idempotent,
        http(method = "PUT", endpoint = "/list/{listId}")
    )]
    async fn list_update(&self, input: ListUpdateInput) -> Result<Value> {
        let path = format!("/list/{}", segment("listId", &input.list_id)?);
        let body = object([
            ("name", filled(input.name.as_ref()).map(Value::from)),
            ("content", input.content.map(Value::from)),
        ]);
        self.write("PUT", &path, &body, "update the list").await
    }

    /// Get a list by its id
    #[action(
        name = "Get List",
        category = "Lists",
        icon = "file",
        idempotent,
        http(method = "GET", endpoint = "/list/{listId}")
    )]
    async fn list_get(&self, input: ListRef) -> Result<Value> {
        self.read(&format!("/list/{}", segment("listId", &input.list_id)?), "get the list").await
    }

    /// Delete a list and its tasks
    #[action(
        name = "Delete List",
        category = "Lists",
        icon = "trash",
        http(method = "DELETE", endpoint = "/list/{listId}")
    )]
    async fn list_delete(&self, input: ListRef) -> Result<Value> {
        let path = format!("/list/{}", segment("listId", &input.list_id)?);
        self.remove(&path, "delete the list", "listId", &input.list_id).await
    }

    /// Create a folder in a space
    #[action(
        name = "Create Folder",
        category = "Folders",
        icon = "plus",
        http(method = "POST", endpoint = "/space/{spaceId}/folder")
    )]
    async fn folder_create(&self, input: FolderCreateInput) -> Result<Value> {
        let path = format!("/space/{}/folder", segment("spaceId", &input.space_id)?);
        if input.name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be blank"));
        }
        self.write("POST", &path, &json!({ "name": input.name.trim() }), "create the folder").await
    }

    /// Rename a folder
    #[action(
        name = "Update Folder",
        category = "Folders",
        icon = "edit",
        idempotent,
        http(method = "PUT", endpoint = "/folder/{folderId}")
    )]
    async fn folder_update(&self, input: FolderUpdateInput) -> Result<Value> {
        let path = format!("/folder/{}", segment("folderId", &input.folder_id)?);
        if input.name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be blank"));
        }
        self.write("PUT", &path, &json!({ "name": input.name.trim() }), "update the folder").await
    }

    /// Get a folder by its id, with its lists
    #[action(
        name = "Get Folder",
        category = "Folders",
        icon = "file",
        idempotent,
        http(method = "GET", endpoint = "/folder/{folderId}")
    )]
    async fn folder_get(&self, input: FolderRef) -> Result<Value> {
        self.read(&format!("/folder/{}", segment("folderId", &input.folder_id)?), "get the folder").await
    }

    /// Delete a folder and its lists
    #[action(
        name = "Delete Folder",
        category = "Folders",
        icon = "trash",
        http(method = "DELETE", endpoint = "/folder/{folderId}")
    )]
    async fn folder_delete(&self, input: FolderRef) -> Result<Value> {
        let path = format!("/folder/{}", segment("folderId", &input.folder_id)?);
        self.remove(&path, "delete the folder", "folderId", &input.folder_id).await
    }

    /// Comment on a task
    #[action(
        name = "Create Comment",
        category = "Comments",
        icon = "message",
        http(method = "POST", endpoint = "/task/{taskId}/comment")
    )]
    async fn comment_create(&self, input: CommentCreateInput) -> Result<Value> {
        let path = format!("/task/{}/comment", segment("taskId", &input.task_id)?);
        if input.comment_text.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`commentText` cannot be blank"));
        }
        let body = json!({ "comment_text": input.comment_text, "notify_all": false });
        self.write("POST", &path, &body, "comment on the task").await
    }

    /// Create a goal in a workspace
    #[action(
        name = "Create Goal",
        category = "Goals",
        icon = "target",
        http(method = "POST", endpoint = "/team/{teamId}/goal")
    )]
    async fn goal_create(&self, input: GoalCreateInput) -> Result<Value> {
        let path = format!("/team/{}/goal", segment("teamId", &input.team_id)?);
        if input.name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be blank"));
        }
        let body = object([
            ("name", Some(json!(input.name.trim()))),
            ("due_date", input.due_date.map(|d| millis("dueDate", d)).transpose()?.map(Value::from)),
            ("description", Some(json!(input.description.unwrap_or_default()))),
            ("multiple_owners", Some(json!(true))),
            ("owners", Some(json!([]))),
        ]);
        let created = self.write("POST", &path, &body, "create the goal").await?;
        Ok(unwrap_goal(created))
    }

    /// Rename a goal or change its description
    #[action(
        name = "Update Goal",
        category = "Goals",
        icon = "edit",
        idempotent,
        http(method = "PUT", endpoint = "/goal/{goalId}")
    )]
    async fn goal_update(&self, input: GoalUpdateInput) -> Result<Value> {
        let path = format!("/goal/{}", segment("goalId", &input.goal_id)?);
        let body = object([
            ("name", filled(input.name.as_ref()).map(Value::from)),
            ("description", input.description.map(Value::from)),
        ]);
        Ok(unwrap_goal(self.write("PUT", &path, &body, "update the goal").await?))
    }

    /// Get a goal by its id, with its targets
    #[action(
        name = "Get Goal",
        category = "Goals",
        icon = "file",
        idempotent,
        http(method = "GET", endpoint = "/goal/{goalId}")
    )]
    async fn goal_get(&self, input: GoalRef) -> Result<Value> {
        let path = format!("/goal/{}", segment("goalId", &input.goal_id)?);
        Ok(unwrap_goal(self.read(&path, "get the goal").await?))
    }

    /// Delete a goal
    #[action(
        name = "Delete Goal",
        category = "Goals",
        icon = "trash",
        http(method = "DELETE", endpoint = "/goal/{goalId}")
    )]
    async fn goal_delete(&self, input: GoalRef) -> Result<Value> {
        let path = format!("/goal/{}", segment("goalId", &input.goal_id)?);
        self.remove(&path, "delete the goal", "goalId", &input.goal_id).await
    }

    /// Record time spent, on a task or on none
    #[action(
        name = "Create Time Entry",
        category = "Time Tracking",
        icon = "clock",
        http(method = "POST", endpoint = "/team/{teamId}/time_entries")
    )]
    async fn time_entry_create(&self, input: TimeEntryCreateInput) -> Result<Value> {
        let path = format!("/team/{}/time_entries", segment("teamId", &input.team_id)?);
        let Some(duration) = input.duration else {
            return Err(ConnectorError::invalid_input(
                "`duration` is required: ClickUp records a time entry's length in milliseconds",
            ));
        };
        let duration = millis("duration", duration)?;
        let start = match input.start {
            Some(start) => millis("start", start)?,
            None => now_millis() - duration,
        };
        let body = object([
            ("start", Some(json!(start))),
            ("duration", Some(json!(duration))),
            ("tid", filled(input.task_id.as_ref()).map(Value::from)),
        ]);
        let created = self.write("POST", &path, &body, "record the time entry").await?;
        Ok(match created.get("data") {
            Some(data) => data.clone(),
            None => created,
        })
    }

    /// A task was created
    #[trigger(name = "Task Created", webhook, subscribe = subscribe_task_created)]
    async fn task_created(&self, _config: TaskCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery("taskCreated", &request)
    }

    /// A task was changed
    #[trigger(name = "Task Updated", webhook, subscribe = subscribe_task_updated)]
    async fn task_updated(&self, _config: TaskUpdatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery("taskUpdated", &request)
    }

    /// A task was deleted
    #[trigger(name = "Task Deleted", webhook, subscribe = subscribe_task_deleted)]
    async fn task_deleted(&self, _config: WorkspaceConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery("taskDeleted", &request)
    }

    /// A task's status changed
    #[trigger(name = "Task Status Updated", webhook, subscribe = subscribe_task_status_updated)]
    async fn task_status_updated(&self, _config: WorkspaceConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery("taskStatusUpdated", &request)
    }

    /// A task's priority changed
    #[trigger(name = "Task Priority Updated", webhook, subscribe = subscribe_task_priority_updated)]
    async fn task_priority_updated(&self, _config: WorkspaceConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery("taskPriorityUpdated", &request)
    }

    /// Someone was assigned to a task, or unassigned
    #[trigger(name = "Task Assignee Updated", webhook, subscribe = subscribe_task_assignee_updated)]
    async fn task_assignee_updated(&self, _config: WorkspaceConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery("taskAssigneeUpdated", &request)
    }

    /// A comment was posted on a task
    #[trigger(name = "Task Comment Posted", webhook, subscribe = subscribe_task_comment_posted)]
    async fn task_comment_posted(&self, _config: WorkspaceConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery("taskCommentPosted", &request)
    }

    /// A list was created
    #[trigger(name = "List Created", webhook, subscribe = subscribe_list_created)]
    async fn list_created(&self, _config: WorkspaceConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery("listCreated", &request)
    }

    /// A goal was created
    #[trigger(name = "Goal Created", webhook, subscribe = subscribe_goal_created)]
    async fn goal_created(&self, _config: WorkspaceConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery("goalCreated", &request)
    }

    /// A goal was changed
    #[trigger(name = "Goal Updated", webhook, subscribe = subscribe_goal_updated)]
    async fn goal_updated(&self, _config: WorkspaceConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        delivery("goalUpdated", &request)
    }

    /// Registers the `taskCreated` webhook of `task_created`.
    async fn subscribe_task_created(
        &self,
        config: TaskCreatedConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("taskCreated", &config, context).await
    }

    /// Registers the `taskUpdated` webhook of `task_updated`.
    async fn subscribe_task_updated(
        &self,
        config: TaskUpdatedConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("taskUpdated", &config, context).await
    }

    /// Registers the `taskDeleted` webhook of `task_deleted`.
    async fn subscribe_task_deleted(&self, config: WorkspaceConfig, context: SubscribeContext) -> Result<Subscription> {
        self.ensure_webhook("taskDeleted", &config, context).await
    }

    /// Registers the `taskStatusUpdated` webhook of `task_status_updated`.
    async fn subscribe_task_status_updated(
        &self,
        config: WorkspaceConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("taskStatusUpdated", &config, context).await
    }

    /// Registers the `taskPriorityUpdated` webhook of `task_priority_updated`.
    async fn subscribe_task_priority_updated(
        &self,
        config: WorkspaceConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("taskPriorityUpdated", &config, context).await
    }

    /// Registers the `taskAssigneeUpdated` webhook of `task_assignee_updated`.
    async fn subscribe_task_assignee_updated(
        &self,
        config: WorkspaceConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("taskAssigneeUpdated", &config, context).await
    }

    /// Registers the `taskCommentPosted` webhook of `task_comment_posted`.
    async fn subscribe_task_comment_posted(
        &self,
        config: WorkspaceConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("taskCommentPosted", &config, context).await
    }

    /// Registers the `listCreated` webhook of `list_created`.
    async fn subscribe_list_created(&self, config: WorkspaceConfig, context: SubscribeContext) -> Result<Subscription> {
        self.ensure_webhook("listCreated", &config, context).await
    }

    /// Registers the `goalCreated` webhook of `goal_created`.
    async fn subscribe_goal_created(&self, config: WorkspaceConfig, context: SubscribeContext) -> Result<Subscription> {
        self.ensure_webhook("goalCreated", &config, context).await
    }

    /// Registers the `goalUpdated` webhook of `goal_updated`.
    async fn subscribe_goal_updated(&self, config: WorkspaceConfig, context: SubscribeContext) -> Result<Subscription> {
        self.ensure_webhook("goalUpdated", &config, context).await
    }

    /// Deletes a subscription's webhook; one ClickUp no longer has (404) is already gone.
    async fn delete_webhook<C>(&self, _config: C, subscription: Subscription) -> Result<()> {
        let path = format!("/webhook/{}", path_segment(&subscription.upstream_id));
        match self.http.delete(&path).send().await {
            Ok(_) => Ok(()),
            Err(error) if error.code == ErrorCode::NotFound => Ok(()),
            Err(error) => Err(refused("delete the webhook", error)),
        }
    }

    /// Reads the token's user (`GET /user`): proves the token works.
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/user").send().await.map(drop).map_err(|e| refused("read the token's user", e))
    }
}

/// ClickUp wraps a goal as `{"goal": {...}}`: the goal itself.
fn unwrap_goal(answer: Value) -> Value {
    match answer.get("goal") {
        Some(goal) => goal.clone(),
        None => answer,
    }
}
