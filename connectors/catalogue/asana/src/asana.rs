use fluxturn_core::prelude::*;
use serde_json::{Map, Value};

/// Asana: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/asana.json`.
#[connector(
    name = "asana",
    display_name = "Asana",
    category = "project_management",
    // The API's base URL: replace this example.
    base_url = "https://api.asana.example",
    icon = "icons/asana.svg",
    auth = bearer_token(field = "accessToken"),
    credentials = AsanaCredentials,
)]
pub struct Asana {
    http: Http,
}

/// What the user enters in the "Add Asana" form.
#[derive(Credentials)]
pub struct AsanaCredentials {
    /// Access Token
    #[field(key = "accessToken", label = "Access Token", secret)]
    pub access_token: Secret<String>,
}

/// The input of `create_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateTaskInput {
    /// Assignee Id
    #[field(label = "Assignee Id")]
    #[serde(rename = "assigneeId")]
    pub assignee_id: Option<String>,
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Due Date
    #[field(label = "Due Date")]
    #[serde(rename = "dueDate")]
    pub due_date: Option<String>,
    /// Project Id
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
    /// Title
    #[field(label = "Title")]
    pub title: String,
}

/// The input of `update_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateTaskInput {
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
    /// Updates
    #[field(label = "Updates")]
    pub updates: Map<String, Value>,
}

/// The input of `create_project`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateProjectInput {
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "teamId")]
    pub team_id: Option<String>,
    /// Workspace Id
    #[field(label = "Workspace Id")]
    #[serde(rename = "workspaceId")]
    pub workspace_id: Option<String>,
}

/// The input of `add_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddCommentInput {
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: String,
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `create_section`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateSectionInput {
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Project Id
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: String,
}

/// The input of `assign_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AssignTaskInput {
    /// Assignee Id
    #[field(label = "Assignee Id")]
    #[serde(rename = "assigneeId")]
    pub assignee_id: String,
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `add_tag`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddTagInput {
    /// Tag Id
    #[field(label = "Tag Id")]
    #[serde(rename = "tagId")]
    pub tag_id: String,
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `delete_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteTaskInput {
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `get_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetTaskInput {
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetTasksInputStatus {
    ///
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
    /// Assignee Id
    #[field(label = "Assignee Id")]
    #[serde(rename = "assigneeId")]
    pub assignee_id: Option<String>,
    /// Limit
    #[field(label = "Limit", default = 100)]
    pub limit: Option<f64>,
    /// Project Id
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
    /// Status
    #[field(label = "Status")]
    pub status: Option<GetTasksInputStatus>,
}

/// The input of `create_subtask`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateSubtaskInput {
    /// Assignee Id
    #[field(label = "Assignee Id")]
    #[serde(rename = "assigneeId")]
    pub assignee_id: Option<String>,
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Due Date
    #[field(label = "Due Date")]
    #[serde(rename = "dueDate")]
    pub due_date: Option<String>,
    /// Parent Task Id
    #[field(label = "Parent Task Id")]
    #[serde(rename = "parentTaskId")]
    pub parent_task_id: String,
    /// Title
    #[field(label = "Title")]
    pub title: String,
}

/// The input of `get_subtasks`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetSubtasksInput {
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `search_tasks`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SearchTasksInput {
    /// Assignee Id
    #[field(label = "Assignee Id")]
    #[serde(rename = "assigneeId")]
    pub assignee_id: Option<String>,
    /// Completed
    #[field(label = "Completed")]
    pub completed: Option<bool>,
    /// Project Id
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
    /// Query
    #[field(label = "Query")]
    pub query: Option<String>,
    /// Workspace Id
    #[field(label = "Workspace Id")]
    #[serde(rename = "workspaceId")]
    pub workspace_id: String,
}

/// The configuration of `task_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskCreatedConfig {
    /// Project Id
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
}

/// The configuration of `task_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskUpdatedConfig {
    /// Project Id
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
}

/// The configuration of `task_completed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TaskCompletedConfig {
    /// Project Id
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
}

/// The configuration of `project_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ProjectCreatedConfig {}

/// The configuration of `comment_added`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentAddedConfig {
    /// Project Id
    #[field(label = "Project Id")]
    #[serde(rename = "projectId")]
    pub project_id: Option<String>,
}

#[actions]
impl Asana {
    /// Create Task
    #[action(name = "Create Task")]
    async fn create_task(&self, _input: CreateTaskInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_task` is not written yet"))
    }

    /// Update Task
    #[action(name = "Update Task")]
    async fn update_task(&self, _input: UpdateTaskInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`update_task` is not written yet"))
    }

    /// Create Project
    #[action(name = "Create Project")]
    async fn create_project(&self, _input: CreateProjectInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_project` is not written yet"))
    }

    /// Add Comment
    #[action(name = "Add Comment")]
    async fn add_comment(&self, _input: AddCommentInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`add_comment` is not written yet"))
    }

    /// Create Section
    #[action(name = "Create Section")]
    async fn create_section(&self, _input: CreateSectionInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_section` is not written yet"))
    }

    /// Assign Task
    #[action(name = "Assign Task")]
    async fn assign_task(&self, _input: AssignTaskInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`assign_task` is not written yet"))
    }

    /// Add Tag
    #[action(name = "Add Tag")]
    async fn add_tag(&self, _input: AddTagInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`add_tag` is not written yet"))
    }

    /// Delete Task
    #[action(name = "Delete Task")]
    async fn delete_task(&self, _input: DeleteTaskInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`delete_task` is not written yet"))
    }

    /// Get Task
    #[action(name = "Get Task")]
    async fn get_task(&self, _input: GetTaskInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_task` is not written yet"))
    }

    /// Get Tasks
    #[action(name = "Get Tasks")]
    async fn get_tasks(&self, _input: GetTasksInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_tasks` is not written yet"))
    }

    /// Create Subtask
    #[action(name = "Create Subtask")]
    async fn create_subtask(&self, _input: CreateSubtaskInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_subtask` is not written yet"))
    }

    /// Get Subtasks
    #[action(name = "Get Subtasks")]
    async fn get_subtasks(&self, _input: GetSubtasksInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_subtasks` is not written yet"))
    }

    /// Search Tasks
    #[action(name = "Search Tasks")]
    async fn search_tasks(&self, _input: SearchTasksInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`search_tasks` is not written yet"))
    }

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

    /// Task Completed
    #[trigger(name = "Task Completed", webhook)]
    async fn task_completed(&self, _config: TaskCompletedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Project Created
    #[trigger(name = "Project Created", webhook)]
    async fn project_created(&self, _config: ProjectCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Comment Added
    #[trigger(name = "Comment Added", webhook)]
    async fn comment_added(&self, _config: CommentAddedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
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
