use fluxturn_core::prelude::*;
use serde_json::Value;

/// Zoom: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/zoom.json`.
#[connector(
    name = "zoom",
    display_name = "Zoom",
    category = "video",
    base_url = "https://api.zoom.us/v2",
    icon = "icons/zoom.svg",
    auth = oauth2(authorization_url = "https://zoom.us/oauth/authorize", token_url = "https://zoom.us/oauth/token", scopes = ["meeting:read", "meeting:write", "webinar:read", "webinar:write", "user:read", "recording:read"]),
    credentials = ZoomCredentials,
)]
pub struct Zoom {
    http: Http,
}

/// What the user enters in the "Add Zoom" form.
#[derive(Credentials)]
pub struct ZoomCredentials {
    /// Client Id
    #[field(key = "clientId", label = "Client Id")]
    pub client_id: String,
    /// Client Secret
    #[field(key = "clientSecret", label = "Client Secret", secret)]
    pub client_secret: Secret<String>,
    /// Redirect Uri
    #[field(key = "redirect_uri", label = "Redirect Uri")]
    pub redirect_uri: String,
}

/// The choices of `autoRecording`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateMeetingInputAutoRecording {
    /// none
    #[serde(rename = "none")]
    None,
    /// local
    #[serde(rename = "local")]
    Local,
    /// cloud
    #[serde(rename = "cloud")]
    Cloud,
}

/// The input of `create_meeting`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateMeetingInput {
    /// Agenda
    #[field(label = "Agenda", input_type = "textarea")]
    pub agenda: Option<String>,
    /// Auto Recording
    #[field(label = "Auto Recording", default = "none")]
    #[serde(rename = "autoRecording")]
    pub auto_recording: Option<CreateMeetingInputAutoRecording>,
    /// Duration
    #[field(label = "Duration", default = 60)]
    pub duration: Option<f64>,
    /// Join Before Host
    #[field(label = "Join Before Host", default = false)]
    #[serde(rename = "joinBeforeHost")]
    pub join_before_host: Option<bool>,
    /// Mute Upon Entry
    #[field(label = "Mute Upon Entry", default = false)]
    #[serde(rename = "muteUponEntry")]
    pub mute_upon_entry: Option<bool>,
    /// Password
    #[field(label = "Password", input_type = "password")]
    pub password: Option<String>,
    /// Start Time
    #[field(label = "Start Time", input_type = "datetime-local")]
    #[serde(rename = "startTime")]
    pub start_time: Option<String>,
    /// Timezone
    #[field(label = "Timezone", default = "UTC")]
    pub timezone: Option<String>,
    /// Topic
    #[field(label = "Topic")]
    pub topic: String,
    /// Type
    #[field(label = "Type")]
    pub r#type: Option<String>,
    /// User Id
    #[field(label = "User Id", default = "me")]
    #[serde(rename = "userId")]
    pub user_id: String,
    /// Waiting Room
    #[field(label = "Waiting Room", default = true)]
    #[serde(rename = "waitingRoom")]
    pub waiting_room: Option<bool>,
}

/// The input of `get_meeting`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetMeetingInput {
    /// Meeting Id
    #[field(label = "Meeting Id")]
    #[serde(rename = "meetingId")]
    pub meeting_id: String,
    /// Occurrence Id
    #[field(label = "Occurrence Id")]
    #[serde(rename = "occurrenceId")]
    pub occurrence_id: Option<String>,
    /// Show Previous Occurrences
    #[field(label = "Show Previous Occurrences", default = false)]
    #[serde(rename = "showPreviousOccurrences")]
    pub show_previous_occurrences: Option<bool>,
}

/// The choices of `type`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum ListMeetingsInputType {
    /// scheduled
    #[serde(rename = "scheduled")]
    Scheduled,
    /// live
    #[serde(rename = "live")]
    Live,
    /// upcoming
    #[serde(rename = "upcoming")]
    Upcoming,
    /// previous_meetings
    #[serde(rename = "previous_meetings")]
    PreviousMeetings,
}

/// The input of `list_meetings`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListMeetingsInput {
    /// Limit
    #[field(label = "Limit", default = 30)]
    pub limit: Option<f64>,
    /// Return All
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
    /// Type
    #[field(label = "Type", default = "scheduled")]
    pub r#type: Option<ListMeetingsInputType>,
    /// User Id
    #[field(label = "User Id", default = "me")]
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// The input of `update_meeting`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateMeetingInput {
    /// Agenda
    #[field(label = "Agenda", input_type = "textarea")]
    pub agenda: Option<String>,
    /// Duration
    #[field(label = "Duration")]
    pub duration: Option<f64>,
    /// Meeting Id
    #[field(label = "Meeting Id")]
    #[serde(rename = "meetingId")]
    pub meeting_id: String,
    /// Password
    #[field(label = "Password", input_type = "password")]
    pub password: Option<String>,
    /// Start Time
    #[field(label = "Start Time", input_type = "datetime-local")]
    #[serde(rename = "startTime")]
    pub start_time: Option<String>,
    /// Topic
    #[field(label = "Topic")]
    pub topic: Option<String>,
}

/// The input of `delete_meeting`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteMeetingInput {
    /// Meeting Id
    #[field(label = "Meeting Id")]
    #[serde(rename = "meetingId")]
    pub meeting_id: String,
    /// Occurrence Id
    #[field(label = "Occurrence Id")]
    #[serde(rename = "occurrenceId")]
    pub occurrence_id: Option<String>,
    /// Schedule Reminder
    #[field(label = "Schedule Reminder", default = true)]
    #[serde(rename = "scheduleReminder")]
    pub schedule_reminder: Option<bool>,
}

/// The input of `create_webinar`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateWebinarInput {
    /// Agenda
    #[field(label = "Agenda", input_type = "textarea")]
    pub agenda: Option<String>,
    /// Approval Type
    #[field(label = "Approval Type")]
    #[serde(rename = "approvalType")]
    pub approval_type: Option<String>,
    /// Duration
    #[field(label = "Duration", default = 60)]
    pub duration: f64,
    /// Host Video
    #[field(label = "Host Video", default = true)]
    #[serde(rename = "hostVideo")]
    pub host_video: Option<bool>,
    /// Panelists Video
    #[field(label = "Panelists Video", default = true)]
    #[serde(rename = "panelistsVideo")]
    pub panelists_video: Option<bool>,
    /// Password
    #[field(label = "Password", input_type = "password")]
    pub password: Option<String>,
    /// Practice Session
    #[field(label = "Practice Session", default = false)]
    #[serde(rename = "practiceSession")]
    pub practice_session: Option<bool>,
    /// Start Time
    #[field(label = "Start Time", input_type = "datetime-local")]
    #[serde(rename = "startTime")]
    pub start_time: String,
    /// Timezone
    #[field(label = "Timezone", default = "UTC")]
    pub timezone: Option<String>,
    /// Topic
    #[field(label = "Topic")]
    pub topic: String,
    /// Type
    #[field(label = "Type")]
    pub r#type: Option<String>,
    /// User Id
    #[field(label = "User Id", default = "me")]
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// The input of `get_webinar`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetWebinarInput {
    /// Occurrence Id
    #[field(label = "Occurrence Id")]
    #[serde(rename = "occurrenceId")]
    pub occurrence_id: Option<String>,
    /// Webinar Id
    #[field(label = "Webinar Id")]
    #[serde(rename = "webinarId")]
    pub webinar_id: String,
}

/// The input of `list_webinars`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListWebinarsInput {
    /// Limit
    #[field(label = "Limit", default = 30)]
    pub limit: Option<f64>,
    /// Return All
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
    /// User Id
    #[field(label = "User Id", default = "me")]
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// The input of `update_webinar`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateWebinarInput {
    /// Agenda
    #[field(label = "Agenda", input_type = "textarea")]
    pub agenda: Option<String>,
    /// Duration
    #[field(label = "Duration")]
    pub duration: Option<f64>,
    /// Start Time
    #[field(label = "Start Time", input_type = "datetime-local")]
    #[serde(rename = "startTime")]
    pub start_time: Option<String>,
    /// Topic
    #[field(label = "Topic")]
    pub topic: Option<String>,
    /// Webinar Id
    #[field(label = "Webinar Id")]
    #[serde(rename = "webinarId")]
    pub webinar_id: String,
}

/// The input of `delete_webinar`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteWebinarInput {
    /// Occurrence Id
    #[field(label = "Occurrence Id")]
    #[serde(rename = "occurrenceId")]
    pub occurrence_id: Option<String>,
    /// Webinar Id
    #[field(label = "Webinar Id")]
    #[serde(rename = "webinarId")]
    pub webinar_id: String,
}

/// The input of `add_meeting_registrant`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddMeetingRegistrantInput {
    /// Address
    #[field(label = "Address")]
    pub address: Option<String>,
    /// City
    #[field(label = "City")]
    pub city: Option<String>,
    /// Country
    #[field(label = "Country")]
    pub country: Option<String>,
    /// Email
    #[field(label = "Email", input_type = "email")]
    pub email: String,
    /// First Name
    #[field(label = "First Name")]
    #[serde(rename = "firstName")]
    pub first_name: String,
    /// Job Title
    #[field(label = "Job Title")]
    #[serde(rename = "jobTitle")]
    pub job_title: Option<String>,
    /// Last Name
    #[field(label = "Last Name")]
    #[serde(rename = "lastName")]
    pub last_name: Option<String>,
    /// Meeting Id
    #[field(label = "Meeting Id")]
    #[serde(rename = "meetingId")]
    pub meeting_id: String,
    /// Organization
    #[field(label = "Organization")]
    pub organization: Option<String>,
    /// Phone
    #[field(label = "Phone")]
    pub phone: Option<String>,
    /// State
    #[field(label = "State")]
    pub state: Option<String>,
    /// Zip
    #[field(label = "Zip")]
    pub zip: Option<String>,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum ListMeetingRegistrantsInputStatus {
    /// pending
    #[serde(rename = "pending")]
    Pending,
    /// approved
    #[serde(rename = "approved")]
    Approved,
    /// denied
    #[serde(rename = "denied")]
    Denied,
}

/// The input of `list_meeting_registrants`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListMeetingRegistrantsInput {
    /// Limit
    #[field(label = "Limit", default = 30)]
    pub limit: Option<f64>,
    /// Meeting Id
    #[field(label = "Meeting Id")]
    #[serde(rename = "meetingId")]
    pub meeting_id: String,
    /// Return All
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
    /// Status
    #[field(label = "Status", default = "approved")]
    pub status: Option<ListMeetingRegistrantsInputStatus>,
}

/// The choices of `action`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UpdateRegistrantStatusInputAction {
    /// approve
    #[serde(rename = "approve")]
    Approve,
    /// deny
    #[serde(rename = "deny")]
    Deny,
    /// cancel
    #[serde(rename = "cancel")]
    Cancel,
}

/// The input of `update_registrant_status`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateRegistrantStatusInput {
    /// Action
    #[field(label = "Action")]
    pub action: UpdateRegistrantStatusInputAction,
    /// Meeting Id
    #[field(label = "Meeting Id")]
    #[serde(rename = "meetingId")]
    pub meeting_id: String,
    /// Registrants
    #[field(label = "Registrants", input_type = "json")]
    pub registrants: Vec<Value>,
}

/// The input of `get_user`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetUserInput {
    /// User Id
    #[field(label = "User Id", default = "me")]
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// The configuration of `meeting_started`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct MeetingStartedConfig {}

/// The configuration of `meeting_ended`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct MeetingEndedConfig {}

/// The configuration of `participant_joined`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ParticipantJoinedConfig {}

/// The configuration of `recording_completed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RecordingCompletedConfig {}

#[actions]
impl Zoom {
    /// Create Meeting
    #[action(name = "Create Meeting", http(method = "POST", endpoint = "/users/{userId}/meetings"))]
    async fn create_meeting(&self, input: CreateMeetingInput) -> Result<Value>;

    /// Get Meeting
    #[action(name = "Get Meeting", http(method = "GET", endpoint = "/meetings/{meetingId}"))]
    async fn get_meeting(&self, input: GetMeetingInput) -> Result<Value>;

    /// List Meetings
    #[action(name = "List Meetings", http(method = "GET", endpoint = "/users/{userId}/meetings"))]
    async fn list_meetings(&self, input: ListMeetingsInput) -> Result<Value>;

    /// Update Meeting
    #[action(name = "Update Meeting", http(method = "PATCH", endpoint = "/meetings/{meetingId}"))]
    async fn update_meeting(&self, input: UpdateMeetingInput) -> Result<Value>;

    /// Delete Meeting
    #[action(name = "Delete Meeting", http(method = "DELETE", endpoint = "/meetings/{meetingId}"))]
    async fn delete_meeting(&self, input: DeleteMeetingInput) -> Result<Value>;

    /// Create Webinar
    #[action(name = "Create Webinar", http(method = "POST", endpoint = "/users/{userId}/webinars"))]
    async fn create_webinar(&self, input: CreateWebinarInput) -> Result<Value>;

    /// Get Webinar
    #[action(name = "Get Webinar", http(method = "GET", endpoint = "/webinars/{webinarId}"))]
    async fn get_webinar(&self, input: GetWebinarInput) -> Result<Value>;

    /// List Webinars
    #[action(name = "List Webinars", http(method = "GET", endpoint = "/users/{userId}/webinars"))]
    async fn list_webinars(&self, input: ListWebinarsInput) -> Result<Value>;

    /// Update Webinar
    #[action(name = "Update Webinar", http(method = "PATCH", endpoint = "/webinars/{webinarId}"))]
    async fn update_webinar(&self, input: UpdateWebinarInput) -> Result<Value>;

    /// Delete Webinar
    #[action(name = "Delete Webinar", http(method = "DELETE", endpoint = "/webinars/{webinarId}"))]
    async fn delete_webinar(&self, input: DeleteWebinarInput) -> Result<Value>;

    /// Add Meeting Registrant
    #[action(name = "Add Meeting Registrant", http(method = "POST", endpoint = "/meetings/{meetingId}/registrants"))]
    async fn add_meeting_registrant(&self, input: AddMeetingRegistrantInput) -> Result<Value>;

    /// List Meeting Registrants
    #[action(name = "List Meeting Registrants", http(method = "GET", endpoint = "/meetings/{meetingId}/registrants"))]
    async fn list_meeting_registrants(&self, input: ListMeetingRegistrantsInput) -> Result<Value>;

    /// Update Registrant Status
    #[action(
        name = "Update Registrant Status",
        http(method = "PUT", endpoint = "/meetings/{meetingId}/registrants/status")
    )]
    async fn update_registrant_status(&self, input: UpdateRegistrantStatusInput) -> Result<Value>;

    /// Get User
    #[action(name = "Get User", http(method = "GET", endpoint = "/users/{userId}"))]
    async fn get_user(&self, input: GetUserInput) -> Result<Value>;

    /// Meeting Started
    #[trigger(name = "Meeting Started", webhook)]
    async fn meeting_started(&self, _config: MeetingStartedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Meeting Ended
    #[trigger(name = "Meeting Ended", webhook)]
    async fn meeting_ended(&self, _config: MeetingEndedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Participant Joined
    #[trigger(name = "Participant Joined", webhook)]
    async fn participant_joined(
        &self,
        _config: ParticipantJoinedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Recording Completed
    #[trigger(name = "Recording Completed", webhook)]
    async fn recording_completed(
        &self,
        _config: RecordingCompletedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
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
