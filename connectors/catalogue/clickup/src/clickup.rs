use fluxturn_core::prelude::*;
use serde_json::Value;

/// ClickUp: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/clickup.json`.
#[connector(
    name = "clickup",
    display_name = "ClickUp",
    category = "project_management",
    base_url = "https://api.clickup.com/api/v2",
    icon = "icons/clickup.svg",
    auth = oauth2(authorization_url = "https://app.clickup.com/api", token_url = "https://api.clickup.com/api/v2/oauth/token", scopes = []),
    credentials = ClickupCredentials,
)]
pub struct Clickup {
    http: Http,
}

/// What the user enters in the "Add ClickUp" form.
#[derive(Credentials)]
pub struct ClickupCredentials {
    /// Auth Mode (FluxTurn's form has a select here: give it an enum of its choices)
    #[field(key = "authMode", label = "Auth Mode")]
    pub auth_mode: String,
    /// Client Id
    #[field(key = "clientId", label = "Client Id")]
    pub client_id: Option<String>,
    /// Client Secret
    #[field(key = "clientSecret", label = "Client Secret", secret)]
    pub client_secret: Option<Secret<String>>,
    /// Redirect Url
    #[field(key = "redirectUrl", label = "Redirect Url")]
    pub redirect_url: Option<String>,
}

/// The input of `task_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskCreateInput {
    /// Assignees
    #[field(label = "Assignees")]
    pub assignees: Option<Vec<Value>>,
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Due Date
    #[field(label = "Due Date")]
    #[serde(rename = "dueDate")]
    pub due_date: Option<f64>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "list_id")]
    pub list_id_2: String,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Priority
    #[field(label = "Priority")]
    pub priority: Option<String>,
    /// Start Date
    #[field(label = "Start Date")]
    #[serde(rename = "startDate")]
    pub start_date: Option<f64>,
    /// Status
    #[field(label = "Status")]
    pub status: Option<String>,
    /// Tags
    #[field(label = "Tags")]
    pub tags: Option<Vec<Value>>,
}

/// The input of `task_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskUpdateInput {
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Priority
    #[field(label = "Priority")]
    pub priority: Option<String>,
    /// Status
    #[field(label = "Status")]
    pub status: Option<String>,
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "task_id")]
    pub task_id_2: String,
}

/// The input of `task_get`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskGetInput {
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "task_id")]
    pub task_id_2: String,
}

/// The input of `task_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskDeleteInput {
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "task_id")]
    pub task_id_2: String,
}

/// The input of `task_get_all`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskGetAllInput {
    /// Archived
    #[field(label = "Archived", default = false)]
    pub archived: Option<bool>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "list_id")]
    pub list_id_2: String,
    /// Subtasks
    #[field(label = "Subtasks", default = false)]
    pub subtasks: Option<bool>,
}

/// The input of `list_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListCreateInput {
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
    /// Folder Id
    #[field(label = "Folder Id")]
    #[serde(rename = "folderId")]
    pub folder_id: String,
    /// Folder Id
    #[field(label = "Folder Id")]
    #[serde(rename = "folder_id")]
    pub folder_id_2: String,
    /// Name
    #[field(label = "Name")]
    pub name: String,
}

/// The input of `list_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListUpdateInput {
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "list_id")]
    pub list_id_2: String,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
}

/// The input of `list_get`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListGetInput {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "list_id")]
    pub list_id_2: String,
}

/// The input of `list_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListDeleteInput {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "list_id")]
    pub list_id_2: String,
}

/// The input of `folder_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct FolderCreateInput {
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Space Id
    #[field(label = "Space Id")]
    #[serde(rename = "spaceId")]
    pub space_id: String,
    /// Space Id
    #[field(label = "Space Id")]
    #[serde(rename = "space_id")]
    pub space_id_2: String,
}

/// The input of `folder_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct FolderUpdateInput {
    /// Folder Id
    #[field(label = "Folder Id")]
    #[serde(rename = "folderId")]
    pub folder_id: String,
    /// Folder Id
    #[field(label = "Folder Id")]
    #[serde(rename = "folder_id")]
    pub folder_id_2: String,
    /// Name
    #[field(label = "Name")]
    pub name: String,
}

/// The input of `folder_get`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct FolderGetInput {
    /// Folder Id
    #[field(label = "Folder Id")]
    #[serde(rename = "folderId")]
    pub folder_id: String,
    /// Folder Id
    #[field(label = "Folder Id")]
    #[serde(rename = "folder_id")]
    pub folder_id_2: String,
}

/// The input of `folder_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct FolderDeleteInput {
    /// Folder Id
    #[field(label = "Folder Id")]
    #[serde(rename = "folderId")]
    pub folder_id: String,
    /// Folder Id
    #[field(label = "Folder Id")]
    #[serde(rename = "folder_id")]
    pub folder_id_2: String,
}

/// The input of `comment_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentCreateInput {
    /// Comment Text
    #[field(label = "Comment Text", input_type = "textarea")]
    #[serde(rename = "commentText")]
    pub comment_text: String,
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "task_id")]
    pub task_id_2: String,
}

/// The input of `goal_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GoalCreateInput {
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Due Date
    #[field(label = "Due Date")]
    #[serde(rename = "dueDate")]
    pub due_date: Option<f64>,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "teamId")]
    pub team_id: String,
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "team_id")]
    pub team_id_2: String,
}

/// The input of `goal_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GoalUpdateInput {
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Goal Id
    #[field(label = "Goal Id")]
    #[serde(rename = "goalId")]
    pub goal_id: String,
    /// Goal Id
    #[field(label = "Goal Id")]
    #[serde(rename = "goal_id")]
    pub goal_id_2: String,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
}

/// The input of `goal_get`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GoalGetInput {
    /// Goal Id
    #[field(label = "Goal Id")]
    #[serde(rename = "goalId")]
    pub goal_id: String,
    /// Goal Id
    #[field(label = "Goal Id")]
    #[serde(rename = "goal_id")]
    pub goal_id_2: String,
}

/// The input of `goal_delete`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GoalDeleteInput {
    /// Goal Id
    #[field(label = "Goal Id")]
    #[serde(rename = "goalId")]
    pub goal_id: String,
    /// Goal Id
    #[field(label = "Goal Id")]
    #[serde(rename = "goal_id")]
    pub goal_id_2: String,
}

/// The input of `time_entry_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TimeEntryCreateInput {
    /// Duration
    #[field(label = "Duration")]
    pub duration: Option<f64>,
    /// Start
    #[field(label = "Start")]
    pub start: Option<f64>,
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: Option<String>,
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "teamId")]
    pub team_id: String,
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "team_id")]
    pub team_id_2: String,
}

/// The configuration of `task_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskCreatedConfig {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: Option<String>,
}

/// The configuration of `task_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskUpdatedConfig {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: Option<String>,
}

/// The configuration of `task_deleted`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskDeletedConfig {}

/// The configuration of `task_status_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskStatusUpdatedConfig {}

/// The configuration of `task_priority_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskPriorityUpdatedConfig {}

/// The configuration of `task_assignee_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskAssigneeUpdatedConfig {}

/// The configuration of `task_comment_posted`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskCommentPostedConfig {}

/// The configuration of `list_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListCreatedConfig {}

/// The configuration of `goal_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GoalCreatedConfig {}

/// The configuration of `goal_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GoalUpdatedConfig {}

#[actions]
impl Clickup {
    /// Create Task
    #[action(name = "Create Task", http(method = "POST", endpoint = "/list/{list_id}/task"))]
    async fn task_create(&self, input: TaskCreateInput) -> Result<Value>;

    /// Update Task
    #[action(name = "Update Task", http(method = "PUT", endpoint = "/task/{task_id}"))]
    async fn task_update(&self, input: TaskUpdateInput) -> Result<Value>;

    /// Get Task
    #[action(name = "Get Task", http(method = "GET", endpoint = "/task/{task_id}"))]
    async fn task_get(&self, input: TaskGetInput) -> Result<Value>;

    /// Delete Task
    #[action(name = "Delete Task", http(method = "DELETE", endpoint = "/task/{task_id}"))]
    async fn task_delete(&self, input: TaskDeleteInput) -> Result<Value>;

    /// Get All Tasks
    #[action(name = "Get All Tasks", http(method = "GET", endpoint = "/list/{list_id}/task"))]
    async fn task_get_all(&self, input: TaskGetAllInput) -> Result<Value>;

    /// Create List
    #[action(name = "Create List", http(method = "POST", endpoint = "/folder/{folder_id}/list"))]
    async fn list_create(&self, input: ListCreateInput) -> Result<Value>;

    /// Update List
    #[action(name = "Update List", http(method = "PUT", endpoint = "/list/{list_id}"))]
    async fn list_update(&self, input: ListUpdateInput) -> Result<Value>;

    /// Get List
    #[action(name = "Get List", http(method = "GET", endpoint = "/list/{list_id}"))]
    async fn list_get(&self, input: ListGetInput) -> Result<Value>;

    /// Delete List
    #[action(name = "Delete List", http(method = "DELETE", endpoint = "/list/{list_id}"))]
    async fn list_delete(&self, input: ListDeleteInput) -> Result<Value>;

    /// Create Folder
    #[action(name = "Create Folder", http(method = "POST", endpoint = "/space/{space_id}/folder"))]
    async fn folder_create(&self, input: FolderCreateInput) -> Result<Value>;

    /// Update Folder
    #[action(name = "Update Folder", http(method = "PUT", endpoint = "/folder/{folder_id}"))]
    async fn folder_update(&self, input: FolderUpdateInput) -> Result<Value>;

    /// Get Folder
    #[action(name = "Get Folder", http(method = "GET", endpoint = "/folder/{folder_id}"))]
    async fn folder_get(&self, input: FolderGetInput) -> Result<Value>;

    /// Delete Folder
    #[action(name = "Delete Folder", http(method = "DELETE", endpoint = "/folder/{folder_id}"))]
    async fn folder_delete(&self, input: FolderDeleteInput) -> Result<Value>;

    /// Create Comment
    #[action(name = "Create Comment", http(method = "POST", endpoint = "/task/{task_id}/comment"))]
    async fn comment_create(&self, input: CommentCreateInput) -> Result<Value>;

    /// Create Goal
    #[action(name = "Create Goal", http(method = "POST", endpoint = "/team/{team_id}/goal"))]
    async fn goal_create(&self, input: GoalCreateInput) -> Result<Value>;

    /// Update Goal
    #[action(name = "Update Goal", http(method = "PUT", endpoint = "/goal/{goal_id}"))]
    async fn goal_update(&self, input: GoalUpdateInput) -> Result<Value>;

    /// Get Goal
    #[action(name = "Get Goal", http(method = "GET", endpoint = "/goal/{goal_id}"))]
    async fn goal_get(&self, input: GoalGetInput) -> Result<Value>;

    /// Delete Goal
    #[action(name = "Delete Goal", http(method = "DELETE", endpoint = "/goal/{goal_id}"))]
    async fn goal_delete(&self, input: GoalDeleteInput) -> Result<Value>;

    /// Create Time Entry
    #[action(name = "Create Time Entry", http(method = "POST", endpoint = "/team/{team_id}/time_entries"))]
    async fn time_entry_create(&self, input: TimeEntryCreateInput) -> Result<Value>;

    /// Task Created
    #[trigger(name = "Task Created", webhook)]
    async fn task_created(&self, _config: TaskCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Task Updated
    #[trigger(name = "Task Updated", webhook)]
    async fn task_updated(&self, _config: TaskUpdatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Task Deleted
    #[trigger(name = "Task Deleted", webhook)]
    async fn task_deleted(&self, _config: TaskDeletedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Task Status Updated
    #[trigger(name = "Task Status Updated", webhook)]
    async fn task_status_updated(
        &self,
        _config: TaskStatusUpdatedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Task Priority Updated
    #[trigger(name = "Task Priority Updated", webhook)]
    async fn task_priority_updated(
        &self,
        _config: TaskPriorityUpdatedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Task Assignee Updated
    #[trigger(name = "Task Assignee Updated", webhook)]
    async fn task_assignee_updated(
        &self,
        _config: TaskAssigneeUpdatedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Task Comment Posted
    #[trigger(name = "Task Comment Posted", webhook)]
    async fn task_comment_posted(
        &self,
        _config: TaskCommentPostedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// List Created
    #[trigger(name = "List Created", webhook)]
    async fn list_created(&self, _config: ListCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Goal Created
    #[trigger(name = "Goal Created", webhook)]
    async fn goal_created(&self, _config: GoalCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Goal Updated
    #[trigger(name = "Goal Updated", webhook)]
    async fn goal_updated(&self, _config: GoalUpdatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// A cheap call that proves the credentials work (replace `/me` with such an endpoint of the API)
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/me").send().await.map(drop)
    }
}
