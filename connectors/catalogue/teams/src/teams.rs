use fluxturn_core::prelude::*;
use serde_json::Value;

/// Microsoft Teams: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/teams.json`.
#[connector(
    name = "teams",
    display_name = "Microsoft Teams",
    category = "communication",
    base_url = "https://graph.microsoft.com",
    icon = "icons/teams.svg",
    auth = oauth2(authorization_url = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize", token_url = "https://login.microsoftonline.com/common/oauth2/v2.0/token", scopes = ["Channel.ReadBasic.All", "ChannelMessage.Read.All", "ChannelMessage.Send", "Chat.Read", "Chat.ReadWrite", "ChatMessage.Read", "ChatMessage.Send", "Group.Read.All", "Group.ReadWrite.All", "offline_access", "Team.ReadBasic.All", "TeamMember.Read.All", "User.Read.All"]),
    credentials = TeamsCredentials,
)]
pub struct Teams {
    http: Http,
}

/// What the user enters in the "Add Microsoft Teams" form.
#[derive(Credentials)]
pub struct TeamsCredentials {
    /// Auth Type (FluxTurn's form has a select here: give it an enum of its choices)
    #[field(key = "authType", label = "Auth Type")]
    pub auth_type: String,
    /// Tenant Id
    #[field(key = "tenantId", label = "Tenant Id")]
    pub tenant_id: String,
    /// Client Id
    #[field(key = "clientId", label = "Client Id")]
    pub client_id: String,
    /// Client Secret
    #[field(key = "clientSecret", label = "Client Secret", secret)]
    pub client_secret: Secret<String>,
}

/// The choices of `membershipType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateChannelInputMembershipType {
    /// standard
    #[serde(rename = "standard")]
    Standard,
    /// private
    #[serde(rename = "private")]
    Private,
}

/// The input of `create_channel`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateChannelInput {
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Display Name
    #[field(label = "Display Name")]
    #[serde(rename = "displayName")]
    pub display_name: String,
    /// Membership Type
    #[field(label = "Membership Type", default = "standard")]
    #[serde(rename = "membershipType")]
    pub membership_type: Option<CreateChannelInputMembershipType>,
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// The input of `get_channel`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetChannelInput {
    /// Channel Id
    #[field(label = "Channel Id")]
    #[serde(rename = "channelId")]
    pub channel_id: String,
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// The input of `list_channels`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListChannelsInput {
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// The input of `update_channel`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateChannelInput {
    /// Channel Id
    #[field(label = "Channel Id")]
    #[serde(rename = "channelId")]
    pub channel_id: String,
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Display Name
    #[field(label = "Display Name")]
    #[serde(rename = "displayName")]
    pub display_name: Option<String>,
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// The input of `delete_channel`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteChannelInput {
    /// Channel Id
    #[field(label = "Channel Id")]
    #[serde(rename = "channelId")]
    pub channel_id: String,
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// The choices of `contentType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum SendChannelMessageInputContentType {
    /// text
    #[serde(rename = "text")]
    Text,
    /// html
    #[serde(rename = "html")]
    Html,
}

/// The input of `send_channel_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendChannelMessageInput {
    /// Channel Id
    #[field(label = "Channel Id")]
    #[serde(rename = "channelId")]
    pub channel_id: String,
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: String,
    /// Content Type
    #[field(label = "Content Type", default = "text")]
    #[serde(rename = "contentType")]
    pub content_type: Option<SendChannelMessageInputContentType>,
    /// Reply To Id
    #[field(label = "Reply To Id")]
    #[serde(rename = "replyToId")]
    pub reply_to_id: Option<String>,
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// The input of `list_channel_messages`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListChannelMessagesInput {
    /// Channel Id
    #[field(label = "Channel Id")]
    #[serde(rename = "channelId")]
    pub channel_id: String,
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "teamId")]
    pub team_id: String,
    /// Top
    #[field(label = "Top", default = 50)]
    pub top: Option<f64>,
}

/// The choices of `contentType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum SendChatMessageInputContentType {
    /// text
    #[serde(rename = "text")]
    Text,
    /// html
    #[serde(rename = "html")]
    Html,
}

/// The input of `send_chat_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendChatMessageInput {
    /// Chat Id
    #[field(label = "Chat Id")]
    #[serde(rename = "chatId")]
    pub chat_id: String,
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: String,
    /// Content Type
    #[field(label = "Content Type", default = "text")]
    #[serde(rename = "contentType")]
    pub content_type: Option<SendChatMessageInputContentType>,
}

/// The input of `get_chat_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetChatMessageInput {
    /// Chat Id
    #[field(label = "Chat Id")]
    #[serde(rename = "chatId")]
    pub chat_id: String,
    /// Message Id
    #[field(label = "Message Id")]
    #[serde(rename = "messageId")]
    pub message_id: String,
}

/// The input of `list_chat_messages`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListChatMessagesInput {
    /// Chat Id
    #[field(label = "Chat Id")]
    #[serde(rename = "chatId")]
    pub chat_id: String,
    /// Top
    #[field(label = "Top", default = 50)]
    pub top: Option<f64>,
}

/// The input of `create_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateTaskInput {
    /// Assigned To
    #[field(label = "Assigned To")]
    #[serde(rename = "assignedTo")]
    pub assigned_to: Option<String>,
    /// Bucket Id
    #[field(label = "Bucket Id")]
    #[serde(rename = "bucketId")]
    pub bucket_id: String,
    /// Due Date Time
    #[field(label = "Due Date Time")]
    #[serde(rename = "dueDateTime")]
    pub due_date_time: Option<String>,
    /// Percent Complete
    #[field(label = "Percent Complete", default = 0)]
    #[serde(rename = "percentComplete")]
    pub percent_complete: Option<f64>,
    /// Plan Id
    #[field(label = "Plan Id")]
    #[serde(rename = "planId")]
    pub plan_id: String,
    /// Title
    #[field(label = "Title")]
    pub title: String,
}

/// The input of `get_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetTaskInput {
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `list_tasks`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListTasksInput {
    /// Plan Id
    #[field(label = "Plan Id")]
    #[serde(rename = "planId")]
    pub plan_id: String,
}

/// The input of `update_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateTaskInput {
    /// Due Date Time
    #[field(label = "Due Date Time")]
    #[serde(rename = "dueDateTime")]
    pub due_date_time: Option<String>,
    /// Percent Complete
    #[field(label = "Percent Complete")]
    #[serde(rename = "percentComplete")]
    pub percent_complete: Option<f64>,
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
    /// Title
    #[field(label = "Title")]
    pub title: Option<String>,
}

/// The input of `delete_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteTaskInput {
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The configuration of `new_channel`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewChannelConfig {}

/// The configuration of `new_channel_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewChannelMessageConfig {
    /// Channel Id
    #[field(label = "Channel Id")]
    #[serde(rename = "channelId")]
    pub channel_id: Option<String>,
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

/// The configuration of `new_chat_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewChatMessageConfig {}

/// The configuration of `new_team_member`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewTeamMemberConfig {
    /// Team Id
    #[field(label = "Team Id")]
    #[serde(rename = "teamId")]
    pub team_id: String,
}

#[actions]
impl Teams {
    /// Create Channel
    #[action(name = "Create Channel", http(method = "POST", endpoint = "/v1.0/teams/{teamId}/channels"))]
    async fn create_channel(&self, input: CreateChannelInput) -> Result<Value>;

    /// Get Channel
    #[action(name = "Get Channel", http(method = "GET", endpoint = "/v1.0/teams/{teamId}/channels/{channelId}"))]
    async fn get_channel(&self, input: GetChannelInput) -> Result<Value>;

    /// List Channels
    #[action(name = "List Channels", http(method = "GET", endpoint = "/v1.0/teams/{teamId}/channels"))]
    async fn list_channels(&self, input: ListChannelsInput) -> Result<Value>;

    /// Update Channel
    #[action(name = "Update Channel", http(method = "PATCH", endpoint = "/v1.0/teams/{teamId}/channels/{channelId}"))]
    async fn update_channel(&self, input: UpdateChannelInput) -> Result<Value>;

    /// Delete Channel
    #[action(name = "Delete Channel", http(method = "DELETE", endpoint = "/v1.0/teams/{teamId}/channels/{channelId}"))]
    async fn delete_channel(&self, input: DeleteChannelInput) -> Result<Value>;

    /// Send Channel Message
    #[action(
        name = "Send Channel Message",
        http(method = "POST", endpoint = "/beta/teams/{teamId}/channels/{channelId}/messages")
    )]
    async fn send_channel_message(&self, input: SendChannelMessageInput) -> Result<Value>;

    /// List Channel Messages
    #[action(
        name = "List Channel Messages",
        http(method = "GET", endpoint = "/beta/teams/{teamId}/channels/{channelId}/messages")
    )]
    async fn list_channel_messages(&self, input: ListChannelMessagesInput) -> Result<Value>;

    /// Send Chat Message
    #[action(name = "Send Chat Message", http(method = "POST", endpoint = "/v1.0/chats/{chatId}/messages"))]
    async fn send_chat_message(&self, input: SendChatMessageInput) -> Result<Value>;

    /// Get Chat Message
    #[action(name = "Get Chat Message", http(method = "GET", endpoint = "/v1.0/chats/{chatId}/messages/{messageId}"))]
    async fn get_chat_message(&self, input: GetChatMessageInput) -> Result<Value>;

    /// List Chat Messages
    #[action(name = "List Chat Messages", http(method = "GET", endpoint = "/v1.0/chats/{chatId}/messages"))]
    async fn list_chat_messages(&self, input: ListChatMessagesInput) -> Result<Value>;

    /// Create Task
    #[action(name = "Create Task", http(method = "POST", endpoint = "/v1.0/planner/tasks"))]
    async fn create_task(&self, input: CreateTaskInput) -> Result<Value>;

    /// Get Task
    #[action(name = "Get Task", http(method = "GET", endpoint = "/v1.0/planner/tasks/{taskId}"))]
    async fn get_task(&self, input: GetTaskInput) -> Result<Value>;

    /// List Tasks
    #[action(name = "List Tasks", http(method = "GET", endpoint = "/v1.0/planner/plans/{planId}/tasks"))]
    async fn list_tasks(&self, input: ListTasksInput) -> Result<Value>;

    /// Update Task
    #[action(name = "Update Task", http(method = "PATCH", endpoint = "/v1.0/planner/tasks/{taskId}"))]
    async fn update_task(&self, input: UpdateTaskInput) -> Result<Value>;

    /// Delete Task
    #[action(name = "Delete Task", http(method = "DELETE", endpoint = "/v1.0/planner/tasks/{taskId}"))]
    async fn delete_task(&self, input: DeleteTaskInput) -> Result<Value>;

    /// New Channel
    #[trigger(name = "New Channel", webhook)]
    async fn new_channel(&self, _config: NewChannelConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// New Channel Message
    #[trigger(name = "New Channel Message", webhook)]
    async fn new_channel_message(
        &self,
        _config: NewChannelMessageConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// New Chat Message
    #[trigger(name = "New Chat Message", webhook)]
    async fn new_chat_message(&self, _config: NewChatMessageConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// New Team Member
    #[trigger(name = "New Team Member", webhook)]
    async fn new_team_member(&self, _config: NewTeamMemberConfig, request: WebhookRequest) -> Result<Vec<Value>> {
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
