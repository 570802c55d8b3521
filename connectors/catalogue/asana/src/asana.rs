use fluxturn_core::http::path_segment;
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::HashSet;

/// Manage Asana tasks, projects, sections, comments and tags, and react to changes
///
/// Requests go to Asana's REST API, `https://app.asana.com/api/1.0`, authenticated with a
/// personal access token sent as a bearer token. Asana wraps every body in `{"data": ...}`: the
/// actions send and return what is inside. The triggers register a webhook (`POST /webhooks`) on
/// the project or workspace they watch; Asana hands the signing secret over in a handshake the
/// server answers, then signs each delivery with `X-Hook-Signature`.
#[connector(
    name = "asana",
    display_name = "Asana",
    category = "project_management",
    base_url = "https://app.asana.com/api/1.0",
    icon = "icons/asana.svg",
    rate_limit(requests_per_minute = 1500, requests_per_hour = 100000),
    auth = bearer_token(field = "accessToken"),
    credentials = AsanaCredentials,
)]
pub struct Asana {
    http: Http,
}

/// What the user enters in the "Add Asana" form.
#[derive(Credentials)]
pub struct AsanaCredentials {
    /// A personal access token: Asana > My Settings > Apps > Developer apps > Personal access tokens
    #[field(
        key = "accessToken",
        label = "Access Token",
        placeholder = "2/1200000000000000/1200000000000001:...",
        help_url = "https://developers.asana.com/docs/personal-access-token",
        secret
    )]
    pub access_token: Secret<String>,
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// The input of `create_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateTaskInput {
    /// The user to assign the task to: a user gid, an email address or `me`
    #[field(label = "Assignee Id")]
    #[serde(rename = "assigneeId")]
    pub assignee_id: Option<String>,
    /// The task's notes (plain text)
    #[field(label = "Description", input_type = "textarea", aliases = ["notes"])]
    pub description: Option<String>,
    /// When it is due: a date (`2024-05-31`, sent as `due_on`) or a date and time (RFC 3339, sent as `due_at`)
    #[field(label = "Due Date", aliases = ["due_on"])]
    #[serde(rename = "dueDate")]
    pub due_date: Option<String>,
    /// The project to put the task in (default: no project, in the only workspace the token sees)
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
    /// The task's name
    #[field(label = "Title", aliases = ["name"])]
    pub title: String,
}

/// The input of `update_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateTaskInput {
    /// The task to update (its gid)
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
    /// The fields to change, by Asana's names (`name`, `notes`, `completed`, `due_on`, `assignee`,
    /// ...) or FluxTurn's (`title`, `description`, `assigneeId`, `dueDate`, `status`:
    /// `Completed` or `In Progress`)
    #[field(label = "Updates")]
    pub updates: Map<String, Value>,
}

/// The input of `create_project`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateProjectInput {
    /// The project's notes (plain text)
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// The project's name
    #[field(label = "Name")]
    pub name: String,
    /// The team to create it in (required in an organization's workspace)
    #[field(label = "Team Id")]
    #[serde(rename = "teamId")]
    pub team_id: Option<String>,
    /// The workspace to create it in (default: the team's, else the only one the token sees)
    #[field(label = "Workspace Id")]
    #[serde(rename = "workspaceId")]
    pub workspace_id: Option<String>,
}

/// The input of `add_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddCommentInput {
    /// The comment (plain text)
    #[field(label = "Content", input_type = "textarea")]
    pub content: String,
    /// The task to comment on (its gid)
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `create_section`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateSectionInput {
    /// The section's name
    #[field(label = "Name")]
    pub name: String,
    /// The project to add the section to (its gid)
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: String,
}

/// The input of `assign_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AssignTaskInput {
    /// The user to assign the task to: a user gid, an email address or `me`
    #[field(label = "Assignee Id")]
    #[serde(rename = "assigneeId")]
    pub assignee_id: String,
    /// The task to assign (its gid)
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `add_tag`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddTagInput {
    /// The tag to add (its gid)
    #[field(label = "Tag Id")]
    #[serde(rename = "tagId")]
    pub tag_id: String,
    /// The task to tag (its gid)
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `delete_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteTaskInput {
    /// The task to delete (its gid)
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `get_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetTaskInput {
    /// The task to read (its gid)
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The choices of `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum GetTasksInputStatus {
    /// Any
    #[serde(rename = "")]
    Empty,
    /// Completed
    #[serde(rename = "Completed")]
    Completed,
    /// In Progress
    #[serde(rename = "In Progress")]
    InProgress,
}

/// The input of `get_tasks`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetTasksInput {
    /// Only tasks assigned to this user (a gid, an email address or `me`)
    #[field(label = "Assignee Id")]
    #[serde(rename = "assigneeId")]
    pub assignee_id: Option<String>,
    /// Most tasks to return (Asana pages them by 100)
    #[field(label = "Limit", default = 100)]
    pub limit: Option<f64>,
    /// The project whose tasks to read; without it, `assigneeId` is required and the tasks are
    /// read from the only workspace the token sees
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
    /// Only completed tasks, or only those still in progress (default: both)
    #[field(label = "Status")]
    pub status: Option<GetTasksInputStatus>,
}

/// The input of `create_subtask`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateSubtaskInput {
    /// The user to assign the subtask to: a user gid, an email address or `me`
    #[field(label = "Assignee Id")]
    #[serde(rename = "assigneeId")]
    pub assignee_id: Option<String>,
    /// The subtask's notes (plain text)
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// When it is due: a date (`2024-05-31`) or a date and time (RFC 3339)
    #[field(label = "Due Date")]
    #[serde(rename = "dueDate")]
    pub due_date: Option<String>,
    /// The task to add the subtask to (its gid)
    #[field(label = "Parent Task Id")]
    #[serde(rename = "parentTaskId")]
    pub parent_task_id: String,
    /// The subtask's name
    #[field(label = "Title")]
    pub title: String,
}

/// The input of `get_subtasks`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetSubtasksInput {
    /// The task whose subtasks to read (its gid)
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `search_tasks`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SearchTasksInput {
    /// Only tasks assigned to this user (a gid, or `me`)
    #[field(label = "Assignee Id")]
    #[serde(rename = "assigneeId")]
    pub assignee_id: Option<String>,
    /// Only completed tasks (`true`) or only incomplete ones (`false`)
    #[field(label = "Completed")]
    pub completed: Option<bool>,
    /// Only tasks of this project (its gid)
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
    /// Text to look for in the tasks' names and notes
    #[field(label = "Query")]
    pub query: Option<String>,
    /// The workspace to search (its gid). Asana's search needs a premium workspace.
    #[field(label = "Workspace Id")]
    #[serde(rename = "workspaceId")]
    pub workspace_id: String,
}

/// The configuration of `task_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskCreatedConfig {
    /// The project to watch (its gid). Required: Asana sends task events only from a project's
    /// webhook, never from a workspace's.
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
}

/// The configuration of `task_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskUpdatedConfig {
    /// The project to watch (its gid). Required: Asana sends task events only from a project's
    /// webhook, never from a workspace's.
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
}

/// The configuration of `task_completed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskCompletedConfig {
    /// The project to watch (its gid). Required: Asana sends task events only from a project's
    /// webhook, never from a workspace's.
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
}

/// The configuration of `project_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ProjectCreatedConfig {
    /// The workspace to watch (its gid; default: the only one the token sees)
    #[field(label = "Workspace Id")]
    #[serde(rename = "workspaceId")]
    pub workspace_id: Option<String>,
}

/// The configuration of `comment_added`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentAddedConfig {
    /// The project whose tasks' comments to watch (its gid). Required: Asana sends story events
    /// only from a project's webhook, never from a workspace's.
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
}

/// Which project a task trigger's webhook watches.
pub trait WatchedProject {
    /// The project named in the configuration.
    fn project_id(&self) -> Option<&str>;
}

impl WatchedProject for TaskCreatedConfig {
    fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }
}

impl WatchedProject for TaskUpdatedConfig {
    fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }
}

impl WatchedProject for TaskCompletedConfig {
    fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }
}

impl WatchedProject for CommentAddedConfig {
    fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

/// One event of an Asana webhook delivery, as Asana sends it (compact: the resource's gid and
/// type, not the resource itself), with a stable `eventId`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct AsanaEvent {
    /// A stable id for the event, made here because Asana's events carry none:
    /// `{resource gid}:{action}:{created_at}`, then `:{changed field}` for a change. A redelivery
    /// has the same id, so it is stored once.
    #[serde(rename = "eventId", default)]
    pub event_id: String,
    /// What happened: `added`, `changed`, `removed`, `deleted` or `undeleted`
    pub action: String,
    /// The resource it happened to: `gid`, `resource_type` (`task`, `project`, `story`, ...),
    /// `resource_subtype` and sometimes `name`
    pub resource: Value,
    /// Where it was added or removed (a project, a section, a task), when Asana says
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Value>,
    /// Who did it (`gid`, `resource_type`), when Asana says
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<Value>,
    /// When it happened (RFC 3339)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// For `changed`: the field that changed (`field`) and how (`action`); Asana sends no new value
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Value>,
    /// `task_completed` only: the task as Asana answered when it was checked (`gid`, `name`,
    /// `completed`, `completed_at`, `permalink_url`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<Value>,
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The task fields the task actions ask Asana for.
const TASK_FIELDS: &str = "name,notes,assignee,assignee.name,completed,completed_at,due_on,due_at,start_on,\
parent,parent.name,projects,projects.name,tags,tags.name,permalink_url,created_at,modified_at";

/// Most pages a list reads (Asana pages by 100): up to 10,000 items.
const MAX_PAGES: usize = 100;

/// Asana's page size limit.
const PAGE_SIZE: usize = 100;

/// `error` in Asana's words: the first message of its `{"errors": [{"message", "help"}]}` body
/// becomes the message, prefixed with what Asana refused to do. The code and status are kept (401
/// unauthorized, 403 forbidden, 404 not found, 400 invalid input, 429 rate limited), and so are the
/// details.
pub fn refused(what: &str, mut error: ConnectorError) -> ConnectorError {
    let body = error.details["upstream_body"].as_str().and_then(|b| serde_json::from_str::<Value>(b).ok());
    let said = body
        .as_ref()
        .and_then(|b| b.pointer("/errors/0/message"))
        .and_then(Value::as_str)
        .filter(|m| !m.trim().is_empty())
        .map(|m| format!("Asana answered {}: {}", error.status, m.trim()));
    let said = said.unwrap_or_else(|| error.message.clone());
    let hint = match error.code {
        ErrorCode::Unauthorized => " (check the personal access token: it may be revoked or mistyped)",
        ErrorCode::RateLimited => " (Asana limits requests per minute: try again after the wait it asks for)",
        _ => "",
    };
    error.message = format!("Asana refused to {what}: {said}{hint}");
    error
}

/// A gid typed in `field`, trimmed, as one path segment; a blank one is refused before any request.
fn segment(field: &str, id: &str) -> Result<String> {
    let id = id.trim();
    if id.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` cannot be blank")));
    }
    Ok(path_segment(id))
}

/// The text of an optional field, `None` when blank.
fn filled(text: Option<&String>) -> Option<&str> {
    text.map(|t| t.trim()).filter(|t| !t.is_empty())
}

/// A due date as Asana takes it: a bare date is `due_on`, a date and time `due_at`.
fn due(field: &str, value: &str) -> Result<(&'static str, String)> {
    let value = value.trim();
    let is_date = |d: &str| {
        let b = d.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && d.chars().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    };
    if is_date(value) {
        return Ok(("due_on", value.to_owned()));
    }
    if value.len() > 10 && is_date(&value[..10]) && value.as_bytes()[10] == b'T' {
        return Ok(("due_at", value.to_owned()));
    }
    Err(ConnectorError::invalid_input(format!(
        "`{field}` must be a date (2024-05-31) or a date and time (2024-05-31T17:00:00Z), not `{value}`"
    )))
}

/// `fields` as a JSON object, the `None`s left out.
fn object(fields: impl IntoIterator<Item = (&'static str, Option<Value>)>) -> Map<String, Value> {
    fields.into_iter().filter_map(|(key, value)| Some((key.to_owned(), value?))).collect()
}

/// Asana's `{"data": ...}` envelope.
#[derive(Deserialize)]
struct Data<T> {
    data: T,
}

/// One page of a list: `{"data": [...], "next_page": {"offset": ...} | null}`.
#[derive(Deserialize)]
struct ListPage {
    #[serde(default)]
    data: Vec<Value>,
    #[serde(default)]
    next_page: Option<NextPage>,
}

/// Where the next page starts.
#[derive(Deserialize)]
struct NextPage {
    #[serde(default)]
    offset: Option<String>,
}

/// A webhook delivery: heartbeats carry no events.
#[derive(Deserialize)]
struct Delivery {
    #[serde(default)]
    events: Vec<AsanaEvent>,
}

/// The events of `request` that `wanted` keeps, each with its `eventId`, each id once.
fn events(request: &WebhookRequest, wanted: impl Fn(&AsanaEvent) -> bool) -> Result<Vec<AsanaEvent>> {
    let delivery: Delivery = request.json()?;
    let mut seen = HashSet::new();
    Ok(delivery
        .events
        .into_iter()
        .filter(|e| wanted(e))
        .map(|mut event| {
            event.event_id = event_id(&event);
            event
        })
        // A task added to a project is also added to its section, at the same instant: one event.
        .filter(|event| seen.insert(event.event_id.clone()))
        .collect())
}

/// `{resource gid}:{action}:{created_at}`, then `:{changed field}`.
fn event_id(event: &AsanaEvent) -> String {
    let gid = event.resource["gid"].as_str().unwrap_or_default();
    let mut id = format!("{gid}:{}:{}", event.action, event.created_at.as_deref().unwrap_or_default());
    if let Some(field) = changed_field(event) {
        id.push(':');
        id.push_str(field);
    }
    id
}

/// Whether `event` is `action` on a resource of type `kind`.
fn is(event: &AsanaEvent, kind: &str, action: &str) -> bool {
    event.resource["resource_type"].as_str() == Some(kind) && event.action == action
}

/// The field a `changed` event names.
fn changed_field(event: &AsanaEvent) -> Option<&str> {
    event.change.as_ref().and_then(|c| c["field"].as_str())
}

impl Asana {
    /// `GET path` with `query`, inside Asana's envelope, in Asana's words when refused.
    async fn read(&self, path: &str, query: &[(&str, &str)], what: &str) -> Result<Value> {
        let answer: Data<Value> = self.http.get(path).query(query).send_json().await.map_err(|e| refused(what, e))?;
        Ok(answer.data)
    }

    /// `method path` with `{"data": body}`: what Asana answers inside its envelope.
    async fn write(&self, method: &str, path: &str, body: Map<String, Value>, what: &str) -> Result<Value> {
        let request = match method {
            "POST" => self.http.post(path),
            _ => self.http.put(path),
        };
        let answer: Data<Value> =
            request.json(&json!({ "data": body })).send_json().await.map_err(|e| refused(what, e))?;
        Ok(answer.data)
    }

    /// Every item of a list, following `next_page.offset`, up to `limit` items and [`MAX_PAGES`].
    async fn list(&self, path: &str, query: &[(&str, &str)], limit: usize, what: &str) -> Result<Vec<Value>> {
        let mut items = Vec::new();
        let mut offset: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page_size = (limit - items.len()).clamp(1, PAGE_SIZE).to_string();
            let mut request = self.http.get(path).query(query).query(&[("limit", page_size.as_str())]);
            if let Some(offset) = &offset {
                request = request.query(&[("offset", offset.as_str())]);
            }
            let page: ListPage = request.send_json().await.map_err(|e| refused(what, e))?;
            items.extend(page.data);
            offset = page.next_page.and_then(|n| n.offset).filter(|o| !o.is_empty());
            if items.len() >= limit || offset.is_none() {
                break;
            }
        }
        items.truncate(limit);
        Ok(items)
    }

    /// The workspace to use when none was named: the only one the token sees.
    async fn only_workspace(&self, field: &str) -> Result<String> {
        let listed = self.list("/workspaces", &[("opt_fields", "name")], 10, "list the workspaces").await?;
        match listed.as_slice() {
            [only] => only["gid"].as_str().map(str::to_owned).ok_or_else(|| {
                ConnectorError::new(ErrorCode::InvalidResponse, "Asana listed a workspace without a gid")
            }),
            [] => Err(ConnectorError::invalid_input(format!("this Asana token can see no workspace: set `{field}`"))),
            many => {
                let names: Vec<String> = many
                    .iter()
                    .map(|w| {
                        format!(
                            "{} ({})",
                            w["name"].as_str().unwrap_or("unnamed"),
                            w["gid"].as_str().unwrap_or_default()
                        )
                    })
                    .collect();
                Err(ConnectorError::invalid_input(format!(
                    "this Asana token can see {} workspaces ({}): set `{field}` to the one to use",
                    many.len(),
                    names.join(", ")
                )))
            }
        }
    }

    /// The body of a new task or subtask.
    fn task_body(
        title: &str,
        description: Option<String>,
        assignee: Option<&String>,
        due_date: Option<&String>,
    ) -> Result<Map<String, Value>> {
        if title.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`title` cannot be blank"));
        }
        let mut body = object([
            ("name", Some(json!(title.trim()))),
            ("notes", description.map(Value::from)),
            ("assignee", filled(assignee).map(Value::from)),
        ]);
        if let Some(date) = filled(due_date) {
            let (key, value) = due("dueDate", date)?;
            body.insert(key.to_owned(), json!(value));
        }
        Ok(body)
    }

    /// Registers the webhook of a trigger on `resource` (a project or workspace gid) with
    /// `filters`. A webhook Asana already has for this URL (a subscription retried) is deleted
    /// first, so one remains and Asana's handshake hands the server a fresh secret.
    async fn ensure_webhook(
        &self,
        resource: &str,
        workspace: &str,
        filters: Value,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        let query = [("workspace", workspace), ("resource", resource), ("opt_fields", "target")];
        let existing = self.list("/webhooks", &query, MAX_PAGES * PAGE_SIZE, "list the webhooks").await?;
        for hook in existing.iter().filter(|h| h["target"].as_str() == Some(context.webhook_url.as_str())) {
            if let Some(gid) = hook["gid"].as_str() {
                self.delete_webhook_gid(gid).await?;
            }
        }
        let body = object([
            ("resource", Some(json!(resource))),
            ("target", Some(json!(context.webhook_url))),
            ("filters", Some(filters)),
        ]);
        // Asana answers once the server has echoed the handshake it sends to `target`.
        let created = self.write("POST", "/webhooks", body, "create the webhook").await?;
        let gid = created["gid"].as_str().filter(|g| !g.is_empty()).ok_or_else(|| {
            ConnectorError::new(ErrorCode::InvalidResponse, "Asana created the webhook but returned no gid")
        })?;
        let mut subscription = Subscription::new(gid);
        subscription.state = json!({ "resource": resource, "workspace": workspace });
        Ok(subscription)
    }

    /// The webhook of a project trigger: the configured project and its workspace.
    async fn project_webhook<C: WatchedProject>(
        &self,
        config: &C,
        filters: Value,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        let Some(project) = config.project_id().map(str::trim).filter(|p| !p.is_empty()) else {
            return Err(ConnectorError::invalid_input(
                "`projectId` is required: Asana sends task and comment events only from a project's webhook",
            ));
        };
        let path = format!("/projects/{}", segment("projectId", project)?);
        let found = self.read(&path, &[("opt_fields", "workspace")], "read the project").await?;
        let workspace = found.pointer("/workspace/gid").and_then(Value::as_str).ok_or_else(|| {
            ConnectorError::new(ErrorCode::InvalidResponse, "Asana answered a project without its workspace")
        })?;
        self.ensure_webhook(project, workspace, filters, context).await
    }

    /// `DELETE /webhooks/{gid}`; one Asana no longer has (404) is already gone.
    async fn delete_webhook_gid(&self, gid: &str) -> Result<()> {
        let path = format!("/webhooks/{}", path_segment(gid));
        match self.http.delete(&path).send().await {
            Ok(_) => Ok(()),
            Err(error) if error.code == ErrorCode::NotFound => Ok(()),
            Err(error) => Err(refused("delete the webhook", error)),
        }
    }
}

#[actions(webhooks(verify = "asana", secret = "generated", event_id = "/eventId", unsubscribe = delete_webhook))]
impl Asana {
    /// Create a task, in a project or in the only workspace the token sees
    #[action(
        name = "Create Task",
        category = "Tasks",
        icon = "plus",
        aliases = ["task_create"],
        http(method = "POST", endpoint = "/tasks")
    )]
    async fn create_task(&self, input: CreateTaskInput) -> Result<Value> {
        let mut body =
            Self::task_body(&input.title, input.description, input.assignee_id.as_ref(), input.due_date.as_ref())?;
        match filled(input.project_id.as_ref()) {
            Some(project) => body.insert("projects".into(), json!([project])),
            None => body.insert("workspace".into(), json!(self.only_workspace("projectId").await?)),
        };
        self.write("POST", "/tasks", body, "create the task").await
    }

    /// Change a task's fields
    #[action(
        name = "Update Task",
        category = "Tasks",
        icon = "edit",
        idempotent,
        http(method = "PUT", endpoint = "/tasks/{taskId}")
    )]
    async fn update_task(&self, input: UpdateTaskInput) -> Result<Value> {
        let path = format!("/tasks/{}", segment("taskId", &input.task_id)?);
        let mut body = Map::new();
        for (key, value) in input.updates {
            match key.as_str() {
                "title" => {
                    body.insert("name".into(), value);
                }
                "description" => {
                    body.insert("notes".into(), value);
                }
                "assigneeId" => {
                    body.insert("assignee".into(), value);
                }
                "dueDate" => match value.as_str().filter(|d| !d.trim().is_empty()) {
                    Some(date) => {
                        let (key, date) = due("updates.dueDate", date)?;
                        body.insert(key.into(), json!(date));
                    }
                    None => {
                        body.insert("due_on".into(), Value::Null);
                    }
                },
                "status" => {
                    let completed = match value.as_str() {
                        Some("Completed") => true,
                        Some("In Progress") => false,
                        _ => {
                            return Err(ConnectorError::invalid_input(format!(
                                "`updates.status` is `Completed` or `In Progress`, not {value}"
                            )))
                        }
                    };
                    body.insert("completed".into(), json!(completed));
                }
                _ => {
                    body.insert(key, value);
                }
            }
        }
        if body.is_empty() {
            return Err(ConnectorError::invalid_input("`updates` names no field to change"));
        }
        self.write("PUT", &path, body, "update the task").await
    }

    /// Create a project in a team or workspace
    #[action(
        name = "Create Project",
        category = "Projects",
        icon = "folder-plus",
        http(method = "POST", endpoint = "/projects")
    )]
    async fn create_project(&self, input: CreateProjectInput) -> Result<Value> {
        if input.name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be blank"));
        }
        let mut body = object([
            ("name", Some(json!(input.name.trim()))),
            ("notes", input.description.map(Value::from)),
            ("team", filled(input.team_id.as_ref()).map(Value::from)),
            ("workspace", filled(input.workspace_id.as_ref()).map(Value::from)),
        ]);
        if !body.contains_key("team") && !body.contains_key("workspace") {
            body.insert("workspace".into(), json!(self.only_workspace("workspaceId").await?));
        }
        self.write("POST", "/projects", body, "create the project").await
    }

    /// Comment on a task
    #[action(
        name = "Add Comment",
        category = "Comments",
        icon = "message",
        http(method = "POST", endpoint = "/tasks/{taskId}/stories")
    )]
    async fn add_comment(&self, input: AddCommentInput) -> Result<Value> {
        let path = format!("/tasks/{}/stories", segment("taskId", &input.task_id)?);
        if input.content.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`content` cannot be blank"));
        }
        self.write("POST", &path, object([("text", Some(json!(input.content)))]), "comment on the task").await
    }

    /// Add a section to a project
    #[action(
        name = "Create Section",
        category = "Projects",
        icon = "columns",
        http(method = "POST", endpoint = "/projects/{projectId}/sections")
    )]
    async fn create_section(&self, input: CreateSectionInput) -> Result<Value> {
        let path = format!("/projects/{}/sections", segment("projectId", &input.project_id)?);
        if input.name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be blank"));
        }
        self.write("POST", &path, object([("name", Some(json!(input.name.trim())))]), "create the section").await
    }

    /// Assign a task to a user
    #[action(
        name = "Assign Task",
        category = "Tasks",
        icon = "user",
        idempotent,
        http(method = "PUT", endpoint = "/tasks/{taskId}")
    )]
    async fn assign_task(&self, input: AssignTaskInput) -> Result<Value> {
        let path = format!("/tasks/{}", segment("taskId", &input.task_id)?);
        let assignee = input.assignee_id.trim();
        if assignee.is_empty() {
            return Err(ConnectorError::invalid_input("`assigneeId` cannot be blank"));
        }
        self.write("PUT", &path, object([("assignee", Some(json!(assignee)))]), "assign the task").await
    }

    /// Add a tag to a task
    #[action(
        name = "Add Tag",
        category = "Tasks",
        icon = "tag",
        idempotent,
        http(method = "POST", endpoint = "/tasks/{taskId}/addTag")
    )]
    async fn add_tag(&self, input: AddTagInput) -> Result<Value> {
        let path = format!("/tasks/{}/addTag", segment("taskId", &input.task_id)?);
        let tag = input.tag_id.trim();
        if tag.is_empty() {
            return Err(ConnectorError::invalid_input("`tagId` cannot be blank"));
        }
        let body = json!({ "data": { "tag": tag } });
        self.http.post(&path).json(&body).idempotent().send().await.map_err(|e| refused("tag the task", e))?;
        Ok(json!({ "success": true, "taskId": input.task_id.trim(), "tagId": tag }))
    }

    /// Delete a task
    #[action(
        name = "Delete Task",
        category = "Tasks",
        icon = "trash",
        http(method = "DELETE", endpoint = "/tasks/{taskId}")
    )]
    async fn delete_task(&self, input: DeleteTaskInput) -> Result<Value> {
        let path = format!("/tasks/{}", segment("taskId", &input.task_id)?);
        self.http.delete(&path).send().await.map_err(|e| refused("delete the task", e))?;
        Ok(json!({ "deleted": true, "taskId": input.task_id.trim() }))
    }

    /// Get a task by its gid
    #[action(
        name = "Get Task",
        category = "Tasks",
        icon = "file",
        idempotent,
        http(method = "GET", endpoint = "/tasks/{taskId}")
    )]
    async fn get_task(&self, input: GetTaskInput) -> Result<Value> {
        let path = format!("/tasks/{}", segment("taskId", &input.task_id)?);
        self.read(&path, &[("opt_fields", TASK_FIELDS)], "get the task").await
    }

    /// Get the tasks of a project, or a user's tasks, following Asana's pages up to the limit
    #[action(
        name = "Get Tasks",
        category = "Tasks",
        icon = "list",
        idempotent,
        http(method = "GET", endpoint = "/tasks")
    )]
    async fn get_tasks(&self, input: GetTasksInput) -> Result<Vec<Value>> {
        let limit = match input.limit {
            None => 100,
            Some(n) if (1.0..=(MAX_PAGES * PAGE_SIZE) as f64).contains(&n) => n as usize,
            Some(n) => {
                return Err(ConnectorError::invalid_input(format!(
                    "`limit` must be between 1 and {}, not {n}",
                    MAX_PAGES * PAGE_SIZE
                )))
            }
        };
        let status = input.status.unwrap_or(GetTasksInputStatus::Empty);
        let project = filled(input.project_id.as_ref()).map(str::to_owned);
        let assignee = filled(input.assignee_id.as_ref()).map(str::to_owned);
        let mut query: Vec<(&str, &str)> = vec![("opt_fields", TASK_FIELDS)];
        let workspace;
        match (&project, &assignee) {
            (Some(project), _) => query.push(("project", project)),
            (None, Some(assignee)) => {
                workspace = self.only_workspace("projectId").await?;
                query.push(("assignee", assignee));
                query.push(("workspace", &workspace));
            }
            (None, None) => {
                return Err(ConnectorError::invalid_input(
                    "set `projectId`, or `assigneeId`: Asana lists the tasks of a project or of an assignee",
                ))
            }
        }
        if status == GetTasksInputStatus::InProgress {
            // Asana's way to list only incomplete tasks: those not completed since now.
            query.push(("completed_since", "now"));
        }
        // Asana takes a project or an assignee, not both: a project's tasks are narrowed here.
        let narrow = project.is_some() && assignee.is_some();
        let wanted = |task: &Value| {
            let assigned = !narrow
                || task.pointer("/assignee/gid").and_then(Value::as_str) == assignee.as_deref()
                || task.pointer("/assignee/email").and_then(Value::as_str) == assignee.as_deref();
            let completed = task["completed"].as_bool() == Some(true);
            assigned
                && match status {
                    GetTasksInputStatus::Completed => completed,
                    GetTasksInputStatus::InProgress => !completed,
                    GetTasksInputStatus::Empty => true,
                }
        };
        if !narrow && status != GetTasksInputStatus::Completed {
            return self.list("/tasks", &query, limit, "list the tasks").await;
        }
        // Filtered here: read pages until `limit` tasks pass the filter.
        let all = self.list("/tasks", &query, MAX_PAGES * PAGE_SIZE, "list the tasks").await?;
        Ok(all.into_iter().filter(wanted).take(limit).collect())
    }

    /// Add a subtask to a task
    #[action(
        name = "Create Subtask",
        category = "Tasks",
        icon = "plus",
        http(method = "POST", endpoint = "/tasks/{parentTaskId}/subtasks")
    )]
    async fn create_subtask(&self, input: CreateSubtaskInput) -> Result<Value> {
        let path = format!("/tasks/{}/subtasks", segment("parentTaskId", &input.parent_task_id)?);
        let body =
            Self::task_body(&input.title, input.description, input.assignee_id.as_ref(), input.due_date.as_ref())?;
        self.write("POST", &path, body, "create the subtask").await
    }

    /// Get every subtask of a task
    #[action(
        name = "Get Subtasks",
        category = "Tasks",
        icon = "list",
        idempotent,
        http(method = "GET", endpoint = "/tasks/{taskId}/subtasks")
    )]
    async fn get_subtasks(&self, input: GetSubtasksInput) -> Result<Vec<Value>> {
        let path = format!("/tasks/{}/subtasks", segment("taskId", &input.task_id)?);
        self.list(&path, &[("opt_fields", TASK_FIELDS)], MAX_PAGES * PAGE_SIZE, "list the subtasks").await
    }

    /// Search a workspace's tasks by text, project, assignee and completion (Asana premium)
    #[action(
        name = "Search Tasks",
        category = "Tasks",
        icon = "search",
        idempotent,
        http(method = "GET", endpoint = "/workspaces/{workspaceId}/tasks/search")
    )]
    async fn search_tasks(&self, input: SearchTasksInput) -> Result<Vec<Value>> {
        let path = format!("/workspaces/{}/tasks/search", segment("workspaceId", &input.workspace_id)?);
        let completed = input.completed.map(|c| c.to_string());
        let query = [
            ("opt_fields", Some(TASK_FIELDS)),
            ("text", filled(input.query.as_ref())),
            ("projects.any", filled(input.project_id.as_ref())),
            ("assignee.any", filled(input.assignee_id.as_ref())),
            ("completed", completed.as_deref()),
            ("limit", Some("100")),
        ];
        let answer: Data<Vec<Value>> =
            self.http.get(&path).query(&query).send_json().await.map_err(|e| refused("search the tasks", e))?;
        Ok(answer.data)
    }

    /// A task was added to the project (created in it, or moved or multi-homed into it)
    #[trigger(name = "Task Created", webhook, subscribe = subscribe_task_created)]
    async fn task_created(&self, _config: TaskCreatedConfig, request: WebhookRequest) -> Result<Vec<AsanaEvent>> {
        events(&request, |e| is(e, "task", "added"))
    }

    /// A task of the project changed (one event per changed field)
    #[trigger(name = "Task Updated", webhook, subscribe = subscribe_task_updated)]
    async fn task_updated(&self, _config: TaskUpdatedConfig, request: WebhookRequest) -> Result<Vec<AsanaEvent>> {
        events(&request, |e| is(e, "task", "changed"))
    }

    /// A task of the project was marked complete
    ///
    /// Asana's event only says that the `completed` field changed, not to what: unless the event
    /// carries `change.new_value`, the task is read (`GET /tasks/{gid}`) and the event is emitted
    /// only when the task is complete then, with the task as `task`. So a task marked incomplete
    /// gives nothing, and one deleted meanwhile (404) gives nothing either.
    #[trigger(name = "Task Completed", webhook, subscribe = subscribe_task_completed)]
    async fn task_completed(&self, _config: TaskCompletedConfig, request: WebhookRequest) -> Result<Vec<AsanaEvent>> {
        let candidates = events(&request, |e| is(e, "task", "changed") && changed_field(e) == Some("completed"))?;
        let mut completed = Vec::new();
        for mut event in candidates {
            match event.change.as_ref().and_then(|c| c["new_value"].as_bool()) {
                Some(true) => completed.push(event),
                Some(false) => {}
                None => {
                    let Some(gid) = event.resource["gid"].as_str() else { continue };
                    let path = format!("/tasks/{}", path_segment(gid));
                    let query = [("opt_fields", "name,completed,completed_at,permalink_url")];
                    match self.read(&path, &query, "read the changed task").await {
                        Ok(task) if task["completed"].as_bool() == Some(true) => {
                            event.task = Some(task);
                            completed.push(event);
                        }
                        Ok(_) => {}
                        Err(error) if error.code == ErrorCode::NotFound => {}
                        Err(error) => return Err(error),
                    }
                }
            }
        }
        Ok(completed)
    }

    /// A project was added to the workspace
    #[trigger(name = "Project Created", webhook, subscribe = subscribe_project_created)]
    async fn project_created(&self, _config: ProjectCreatedConfig, request: WebhookRequest) -> Result<Vec<AsanaEvent>> {
        events(&request, |e| is(e, "project", "added"))
    }

    /// Someone commented on a task of the project
    ///
    /// A comment is a story: the event is a story `added` whose `resource_subtype` is
    /// `comment_added` (a story without a subtype is kept too; other stories, such as "assigned"
    /// or "completed", are not comments). The task is the event's `parent`.
    #[trigger(name = "Comment Added", webhook, subscribe = subscribe_comment_added)]
    async fn comment_added(&self, _config: CommentAddedConfig, request: WebhookRequest) -> Result<Vec<AsanaEvent>> {
        events(&request, |e| {
            is(e, "story", "added")
                && e.resource.get("resource_subtype").and_then(Value::as_str).is_none_or(|s| s == "comment_added")
        })
    }

    /// Registers the project webhook of `task_created`.
    async fn subscribe_task_created(
        &self,
        config: TaskCreatedConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        let filters = json!([{"resource_type": "task", "action": "added"}]);
        self.project_webhook(&config, filters, context).await
    }

    /// Registers the project webhook of `task_updated`.
    async fn subscribe_task_updated(
        &self,
        config: TaskUpdatedConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        let filters = json!([{"resource_type": "task", "action": "changed"}]);
        self.project_webhook(&config, filters, context).await
    }

    /// Registers the project webhook of `task_completed`: changes of `completed` only.
    async fn subscribe_task_completed(
        &self,
        config: TaskCompletedConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        let filters = json!([{"resource_type": "task", "action": "changed", "fields": ["completed"]}]);
        self.project_webhook(&config, filters, context).await
    }

    /// Registers the workspace webhook of `project_created`.
    async fn subscribe_project_created(
        &self,
        config: ProjectCreatedConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        let workspace = match filled(config.workspace_id.as_ref()) {
            Some(workspace) => workspace.to_owned(),
            None => self.only_workspace("workspaceId").await?,
        };
        let filters = json!([{"resource_type": "project", "action": "added"}]);
        self.ensure_webhook(&workspace, &workspace, filters, context).await
    }

    /// Registers the project webhook of `comment_added`: comments only.
    async fn subscribe_comment_added(
        &self,
        config: CommentAddedConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        let filters = json!([{"resource_type": "story", "resource_subtype": "comment_added", "action": "added"}]);
        self.project_webhook(&config, filters, context).await
    }

    /// Deletes a subscription's webhook; one Asana no longer has (404) is already gone.
    async fn delete_webhook<C>(&self, _config: C, subscription: Subscription) -> Result<()> {
        self.delete_webhook_gid(&subscription.upstream_id).await
    }

    /// Reads the token's user (`GET /users/me`): proves the token works.
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/users/me").send().await.map(drop).map_err(|e| refused("read the token's user", e))
    }
}
