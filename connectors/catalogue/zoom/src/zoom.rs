use fluxturn_core::http::{collect_pages, path_segment, Page};
use fluxturn_core::prelude::*;
use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::Sha256;
use std::sync::Mutex;

/// Schedule and manage Zoom meetings, webinars and registrants, and react to meeting events
///
/// Requests go to Zoom's REST API v2 (`https://api.zoom.us/v2`) with an OAuth access token of a
/// Zoom OAuth app (authorization code flow with PKCE). The triggers receive the Event Subscription
/// deliveries of a Zoom app, signed with the app's Secret Token (`x-zm-signature`).
#[connector(
    name = "zoom",
    display_name = "Zoom",
    category = "video",
    base_url = "https://api.zoom.us/v2",
    icon = "icons/zoom.svg",
    rate_limit(requests_per_second = 10),
    auth = oauth2(
        authorization_url = "https://zoom.us/oauth/authorize",
        token_url = "https://zoom.us/oauth/token",
        scopes = ["meeting:read", "meeting:write", "webinar:read", "webinar:write", "user:read", "recording:read"],
        pkce,
    ),
    credentials = ZoomCredentials,
)]
pub struct Zoom {
    http: Http,
}

/// What the user enters in the "Add Zoom" form: the OAuth app made in the Zoom App Marketplace.
#[derive(Credentials)]
pub struct ZoomCredentials {
    /// The Client ID of your Zoom OAuth app (App Marketplace > Develop > your app > App Credentials)
    #[field(key = "clientId", label = "Client ID", help_url = "https://developers.zoom.us/docs/integrations/create/")]
    pub client_id: String,
    /// The Client Secret of that app
    #[field(key = "clientSecret", label = "Client Secret", secret)]
    pub client_secret: Secret<String>,
    /// The OAuth redirect URL, exactly as it is registered in the app's settings
    #[field(key = "redirect_uri", label = "Redirect URL")]
    pub redirect_uri: String,
}

// ---------------------------------------------------------------------------------------------
// Numeric selects: Zoom's meeting, webinar and approval types are numbers
// ---------------------------------------------------------------------------------------------

/// A number or its text, as a select or an expression may give it.
#[derive(Deserialize)]
#[serde(untagged)]
enum NumberOrText {
    Number(u64),
    Text(String),
}

/// A select whose values are Zoom's numbers, with a label each.
macro_rules! numeric_select {
    ($(#[$doc:meta])* $name:ident, $field:literal, [$(($variant:ident, $number:literal, $label:literal)),+ $(,)?]) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(try_from = "NumberOrText", into = "u8")]
        pub enum $name {
            $(
                #[doc = $label]
                $variant,
            )+
        }

        impl $name {
            const ALL: &'static [($name, u8, &'static str)] = &[$(($name::$variant, $number, $label)),+];
        }

        impl From<$name> for u8 {
            fn from(choice: $name) -> u8 {
                $name::ALL.iter().find(|(c, _, _)| *c == choice).map_or(0, |(_, n, _)| *n)
            }
        }

        impl TryFrom<NumberOrText> for $name {
            type Error = String;

            fn try_from(given: NumberOrText) -> std::result::Result<Self, String> {
                let number = match &given {
                    NumberOrText::Number(n) => Some(*n),
                    NumberOrText::Text(t) => t.trim().parse().ok(),
                };
                $name::ALL
                    .iter()
                    .find(|(_, n, _)| Some(u64::from(*n)) == number)
                    .map(|(c, _, _)| *c)
                    .ok_or_else(|| {
                        let allowed: Vec<String> = $name::ALL.iter().map(|(_, n, l)| format!("{n} ({l})")).collect();
                        let shown = match given {
                            NumberOrText::Number(n) => n.to_string(),
                            NumberOrText::Text(t) => t,
                        };
                        format!("`{}` must be one of {}, not `{shown}`", $field, allowed.join(", "))
                    })
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let options: Vec<schemars::Schema> = $name::ALL
                    .iter()
                    .map(|(_, n, label)| schemars::json_schema!({ "const": n, "title": label }))
                    .collect();
                schemars::json_schema!({ "oneOf": options })
            }
        }
    };
}

numeric_select!(
    /// The kind of meeting, as Zoom numbers them.
    MeetingType,
    "type",
    [
        (Instant, 1, "Instant meeting"),
        (Scheduled, 2, "Scheduled meeting"),
        (RecurringNoFixedTime, 3, "Recurring meeting with no fixed time"),
        (RecurringFixedTime, 8, "Recurring meeting with a fixed time"),
    ]
);

numeric_select!(
    /// The kind of webinar, as Zoom numbers them.
    WebinarType,
    "type",
    [
        (Webinar, 5, "Webinar"),
        (RecurringNoFixedTime, 6, "Recurring webinar with no fixed time"),
        (RecurringFixedTime, 9, "Recurring webinar with a fixed time"),
    ]
);

numeric_select!(
    /// How registrants of a webinar are approved.
    ApprovalType,
    "approvalType",
    [
        (Automatic, 0, "Automatically approve"),
        (Manual, 1, "Manually approve"),
        (NoRegistration, 2, "No registration required"),
    ]
);

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// The choices of `autoRecording`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum CreateMeetingInputAutoRecording {
    /// Do not record
    #[serde(rename = "none")]
    None,
    /// Record on the host's computer
    #[serde(rename = "local")]
    Local,
    /// Record to the Zoom cloud
    #[serde(rename = "cloud")]
    Cloud,
}

impl CreateMeetingInputAutoRecording {
    fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Local => "local",
            Self::Cloud => "cloud",
        }
    }
}

/// The input of `create_meeting`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateMeetingInput {
    /// The meeting's description (up to 2,000 characters)
    #[field(label = "Agenda", input_type = "textarea")]
    pub agenda: Option<String>,
    /// Record the meeting automatically: not at all, on the host's computer, or in the cloud
    #[field(label = "Auto Recording", default = "none")]
    #[serde(rename = "autoRecording")]
    pub auto_recording: Option<CreateMeetingInputAutoRecording>,
    /// The planned length, in whole minutes
    #[field(label = "Duration (minutes)", default = 60, min = 1)]
    pub duration: Option<f64>,
    /// Let participants join before the host arrives
    #[field(label = "Join Before Host", default = false)]
    #[serde(rename = "joinBeforeHost")]
    pub join_before_host: Option<bool>,
    /// Mute participants when they join
    #[field(label = "Mute Upon Entry", default = false)]
    #[serde(rename = "muteUponEntry")]
    pub mute_upon_entry: Option<bool>,
    /// The meeting passcode (up to 10 characters: letters, digits, `@ - _ *`); empty for Zoom's
    /// account default
    #[field(label = "Passcode", input_type = "password")]
    pub password: Option<String>,
    /// When it starts, such as `2026-05-01T14:30`, in the time zone below (or ending with `Z` for
    /// UTC); for scheduled and fixed-time recurring meetings
    #[field(label = "Start Time", input_type = "datetime-local")]
    #[serde(rename = "startTime")]
    pub start_time: Option<String>,
    /// The time zone of the start time, such as `Europe/Paris`
    #[field(label = "Timezone", default = "UTC")]
    pub timezone: Option<String>,
    /// The meeting's title
    #[field(label = "Topic")]
    pub topic: String,
    /// Instant, scheduled, or recurring (a fixed-time recurring meeting also needs a recurrence,
    /// which Zoom then asks for)
    #[field(label = "Type", default = 2)]
    pub r#type: Option<MeetingType>,
    /// The host: `me` (the connected user), or a user's ID or email address in the account
    #[field(label = "User ID", default = "me")]
    #[serde(rename = "userId")]
    pub user_id: String,
    /// Hold participants in a waiting room until the host admits them
    #[field(label = "Waiting Room", default = true)]
    #[serde(rename = "waitingRoom")]
    pub waiting_room: Option<bool>,
}

/// The input of `get_meeting`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetMeetingInput {
    /// The meeting's ID, such as `85746065432` (spaces are ignored)
    #[field(label = "Meeting ID", placeholder = "85746065432")]
    #[serde(rename = "meetingId")]
    pub meeting_id: String,
    /// One occurrence of a recurring meeting
    #[field(label = "Occurrence ID")]
    #[serde(rename = "occurrenceId")]
    pub occurrence_id: Option<String>,
    /// Include the occurrences of a recurring meeting that have already happened
    #[field(label = "Show Previous Occurrences", default = false)]
    #[serde(rename = "showPreviousOccurrences")]
    pub show_previous_occurrences: Option<bool>,
}

/// The choices of `type`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum ListMeetingsInputType {
    /// Scheduled meetings (not yet ended)
    #[serde(rename = "scheduled")]
    Scheduled,
    /// Meetings in progress
    #[serde(rename = "live")]
    Live,
    /// Upcoming meetings
    #[serde(rename = "upcoming")]
    Upcoming,
    /// Meetings that have ended
    #[serde(rename = "previous_meetings")]
    PreviousMeetings,
}

impl ListMeetingsInputType {
    fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Live => "live",
            Self::Upcoming => "upcoming",
            Self::PreviousMeetings => "previous_meetings",
        }
    }
}

/// The input of `list_meetings`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListMeetingsInput {
    /// The most meetings to return
    #[field(label = "Limit", default = 30, min = 1)]
    pub limit: Option<f64>,
    /// Return every meeting, whatever the limit
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
    /// Which meetings
    #[field(label = "Type", default = "scheduled")]
    pub r#type: Option<ListMeetingsInputType>,
    /// Whose meetings: `me`, or a user's ID or email address
    #[field(label = "User ID", default = "me")]
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// The input of `update_meeting`: only the fields given change.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateMeetingInput {
    /// The new description
    #[field(label = "Agenda", input_type = "textarea")]
    pub agenda: Option<String>,
    /// The new length, in whole minutes
    #[field(label = "Duration (minutes)", min = 1)]
    pub duration: Option<f64>,
    /// The meeting's ID (spaces are ignored)
    #[field(label = "Meeting ID", placeholder = "85746065432")]
    #[serde(rename = "meetingId")]
    pub meeting_id: String,
    /// The new passcode
    #[field(label = "Passcode", input_type = "password")]
    pub password: Option<String>,
    /// The new start, such as `2026-05-01T14:30`, in the meeting's time zone (or ending with `Z`)
    #[field(label = "Start Time", input_type = "datetime-local")]
    #[serde(rename = "startTime")]
    pub start_time: Option<String>,
    /// The new title
    #[field(label = "Topic")]
    pub topic: Option<String>,
}

/// The input of `delete_meeting`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteMeetingInput {
    /// The meeting's ID (spaces are ignored)
    #[field(label = "Meeting ID", placeholder = "85746065432")]
    #[serde(rename = "meetingId")]
    pub meeting_id: String,
    /// Delete only this occurrence of a recurring meeting
    #[field(label = "Occurrence ID")]
    #[serde(rename = "occurrenceId")]
    pub occurrence_id: Option<String>,
    /// Email the host and alternative hosts about the cancellation
    #[field(label = "Notify Hosts", default = true)]
    #[serde(rename = "scheduleReminder")]
    pub schedule_reminder: Option<bool>,
}

/// The input of `create_webinar`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateWebinarInput {
    /// The webinar's description
    #[field(label = "Agenda", input_type = "textarea")]
    pub agenda: Option<String>,
    /// How registrants are approved
    #[field(label = "Approval Type", default = 2)]
    #[serde(rename = "approvalType")]
    pub approval_type: Option<ApprovalType>,
    /// The planned length, in whole minutes
    #[field(label = "Duration (minutes)", default = 60, min = 1)]
    pub duration: f64,
    /// Start with the host's video on
    #[field(label = "Host Video", default = true)]
    #[serde(rename = "hostVideo")]
    pub host_video: Option<bool>,
    /// Start with the panelists' video on
    #[field(label = "Panelists Video", default = true)]
    #[serde(rename = "panelistsVideo")]
    pub panelists_video: Option<bool>,
    /// The webinar passcode
    #[field(label = "Passcode", input_type = "password")]
    pub password: Option<String>,
    /// Open a practice session for panelists before the start
    #[field(label = "Practice Session", default = false)]
    #[serde(rename = "practiceSession")]
    pub practice_session: Option<bool>,
    /// When it starts, such as `2026-05-01T14:30`, in the time zone below (or ending with `Z`)
    #[field(label = "Start Time", input_type = "datetime-local")]
    #[serde(rename = "startTime")]
    pub start_time: String,
    /// The time zone of the start time, such as `America/New_York`
    #[field(label = "Timezone", default = "UTC")]
    pub timezone: Option<String>,
    /// The webinar's title
    #[field(label = "Topic")]
    pub topic: String,
    /// A single webinar, or a recurring one
    #[field(label = "Type", default = 5)]
    pub r#type: Option<WebinarType>,
    /// The host: `me`, or a user's ID or email address (the host needs a webinar licence)
    #[field(label = "User ID", default = "me")]
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// The input of `get_webinar`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetWebinarInput {
    /// One occurrence of a recurring webinar
    #[field(label = "Occurrence ID")]
    #[serde(rename = "occurrenceId")]
    pub occurrence_id: Option<String>,
    /// The webinar's ID (spaces are ignored)
    #[field(label = "Webinar ID", placeholder = "95746065432")]
    #[serde(rename = "webinarId")]
    pub webinar_id: String,
}

/// The input of `list_webinars`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListWebinarsInput {
    /// The most webinars to return
    #[field(label = "Limit", default = 30, min = 1)]
    pub limit: Option<f64>,
    /// Return every webinar, whatever the limit
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
    /// Whose webinars: `me`, or a user's ID or email address
    #[field(label = "User ID", default = "me")]
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// The input of `update_webinar`: only the fields given change.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateWebinarInput {
    /// The new description
    #[field(label = "Agenda", input_type = "textarea")]
    pub agenda: Option<String>,
    /// The new length, in whole minutes
    #[field(label = "Duration (minutes)", min = 1)]
    pub duration: Option<f64>,
    /// The new start, such as `2026-05-01T14:30`, in the webinar's time zone (or ending with `Z`)
    #[field(label = "Start Time", input_type = "datetime-local")]
    #[serde(rename = "startTime")]
    pub start_time: Option<String>,
    /// The new title
    #[field(label = "Topic")]
    pub topic: Option<String>,
    /// The webinar's ID (spaces are ignored)
    #[field(label = "Webinar ID", placeholder = "95746065432")]
    #[serde(rename = "webinarId")]
    pub webinar_id: String,
}

/// The input of `delete_webinar`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteWebinarInput {
    /// Delete only this occurrence of a recurring webinar
    #[field(label = "Occurrence ID")]
    #[serde(rename = "occurrenceId")]
    pub occurrence_id: Option<String>,
    /// The webinar's ID (spaces are ignored)
    #[field(label = "Webinar ID", placeholder = "95746065432")]
    #[serde(rename = "webinarId")]
    pub webinar_id: String,
}

/// The input of `add_meeting_registrant`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddMeetingRegistrantInput {
    /// Street address
    #[field(label = "Address")]
    pub address: Option<String>,
    /// City
    #[field(label = "City")]
    pub city: Option<String>,
    /// Country, as a two-letter code such as `US`
    #[field(label = "Country")]
    pub country: Option<String>,
    /// The registrant's email address
    #[field(label = "Email", input_type = "email")]
    pub email: String,
    /// The registrant's first name
    #[field(label = "First Name")]
    #[serde(rename = "firstName")]
    pub first_name: String,
    /// Job title
    #[field(label = "Job Title")]
    #[serde(rename = "jobTitle")]
    pub job_title: Option<String>,
    /// The registrant's last name
    #[field(label = "Last Name")]
    #[serde(rename = "lastName")]
    pub last_name: Option<String>,
    /// The meeting's ID; its registration must be turned on
    #[field(label = "Meeting ID", placeholder = "85746065432")]
    #[serde(rename = "meetingId")]
    pub meeting_id: String,
    /// Organization
    #[field(label = "Organization")]
    pub organization: Option<String>,
    /// Phone number
    #[field(label = "Phone")]
    pub phone: Option<String>,
    /// State or province
    #[field(label = "State")]
    pub state: Option<String>,
    /// ZIP or postal code
    #[field(label = "Zip")]
    pub zip: Option<String>,
}

/// The choices of `status`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum ListMeetingRegistrantsInputStatus {
    /// Waiting for approval
    #[serde(rename = "pending")]
    Pending,
    /// Approved
    #[serde(rename = "approved")]
    Approved,
    /// Denied
    #[serde(rename = "denied")]
    Denied,
}

impl ListMeetingRegistrantsInputStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Denied => "denied",
        }
    }
}

/// The input of `list_meeting_registrants`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListMeetingRegistrantsInput {
    /// The most registrants to return
    #[field(label = "Limit", default = 30, min = 1)]
    pub limit: Option<f64>,
    /// The meeting's ID
    #[field(label = "Meeting ID", placeholder = "85746065432")]
    #[serde(rename = "meetingId")]
    pub meeting_id: String,
    /// Return every registrant, whatever the limit
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
    /// Registrants of this status
    #[field(label = "Status", default = "approved")]
    pub status: Option<ListMeetingRegistrantsInputStatus>,
}

/// The choices of `action`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum UpdateRegistrantStatusInputAction {
    /// Approve
    #[serde(rename = "approve")]
    Approve,
    /// Deny
    #[serde(rename = "deny")]
    Deny,
    /// Cancel the registration
    #[serde(rename = "cancel")]
    Cancel,
}

impl UpdateRegistrantStatusInputAction {
    fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Deny => "deny",
            Self::Cancel => "cancel",
        }
    }
}

/// The input of `update_registrant_status`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateRegistrantStatusInput {
    /// What to do with the registrants
    #[field(label = "Action")]
    pub action: UpdateRegistrantStatusInputAction,
    /// The meeting's ID
    #[field(label = "Meeting ID", placeholder = "85746065432")]
    #[serde(rename = "meetingId")]
    pub meeting_id: String,
    /// The registrants: registrant IDs or email addresses, or objects such as
    /// `{"id": "...", "email": "..."}` (at most 30)
    #[field(label = "Registrants", input_type = "json")]
    pub registrants: Vec<Value>,
}

/// The input of `get_user`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetUserInput {
    /// `me` (the connected user), or a user's ID or email address
    #[field(label = "User ID", default = "me")]
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// The configuration of every trigger: the Zoom app whose event subscription delivers here.
#[derive(Debug, Deserialize, JsonSchema, Input)]
pub struct ZoomEventConfig {
    /// The Secret Token of your Zoom app (App Marketplace > your app > Features > Access > Secret
    /// Token): it checks that each delivery comes from Zoom, and answers Zoom's URL validation
    #[field(label = "Secret Token", input_type = "password")]
    #[serde(rename = "secretToken")]
    pub secret_token: Secret<String>,
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Zoom's largest page (`page_size`).
const MAX_PAGE_SIZE: usize = 300;
/// The most pages one list action reads: 30,000 items at the largest page size.
const MAX_PAGES: usize = 100;
/// The most registrants one status update takes (Zoom's limit).
const MAX_REGISTRANTS: usize = 30;

/// `error`, its message in Zoom's words with what was being done: Zoom answers failures as
/// `{"code": 3001, "message": "Meeting does not exist: 123."}`, a validation failure with
/// `errors: [{"field", "message"}]`. A token without a needed scope (Zoom's codes 4700 and 4711)
/// is made `Forbidden`, whatever the status Zoom chose.
pub fn refine(what: &str, mut error: ConnectorError) -> ConnectorError {
    let body = error.details["upstream_body"].as_str().and_then(|b| serde_json::from_str::<Value>(b).ok());
    let Some(problem) = body.filter(|b| b.get("message").and_then(Value::as_str).is_some()) else {
        error.message = format!("Zoom refused to {what}: {}", error.message);
        return error;
    };
    let zoom_code = problem["code"].as_i64();
    let mut message = format!("Zoom refused to {what} ({}", error.status);
    if let Some(code) = zoom_code {
        message.push_str(&format!(", Zoom error {code}"));
    }
    message.push_str("): ");
    message.push_str(problem["message"].as_str().unwrap_or_default());
    let fields: Vec<String> = problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let text = e["message"].as_str()?;
            Some(match e["field"].as_str().filter(|f| !f.is_empty()) {
                Some(field) => format!("{field}: {text}"),
                None => text.to_owned(),
            })
        })
        .collect();
    if !fields.is_empty() {
        message.push_str(&format!(" ({})", fields.join("; ")));
    }
    if matches!(zoom_code, Some(4700 | 4711)) {
        error.code = ErrorCode::Forbidden;
        message.push_str(" — reconnect Zoom and grant the scope this action needs");
    }
    error.message = message;
    error
}

/// A meeting or webinar ID from a text field: Zoom's numeric ID, spaces (as Zoom shows it,
/// `857 4606 5432`) removed.
fn numeric_id(field: &str, text: &str) -> Result<String> {
    let id: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if id.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` cannot be empty")));
    }
    if !id.chars().all(|c| c.is_ascii_digit()) {
        return Err(ConnectorError::invalid_input(format!(
            "`{field}` must be Zoom's numeric ID, such as 85746065432, not `{}`",
            text.trim()
        )));
    }
    Ok(id)
}

/// The user a path names: `me` when blank, else the ID or email given, as one path segment.
fn user_segment(user_id: &str) -> String {
    match user_id.trim() {
        "" => "me".to_owned(),
        user => path_segment(user),
    }
}

/// Text that is not blank, trimmed.
fn filled(text: Option<&String>) -> Option<&str> {
    text.map(|t| t.trim()).filter(|t| !t.is_empty())
}

/// Whole minutes from a number field.
fn minutes(field: &str, value: f64) -> Result<u64> {
    if !value.is_finite() || value.fract() != 0.0 || !(1.0..=100_000.0).contains(&value) {
        return Err(ConnectorError::invalid_input(format!("`{field}` must be a whole number of minutes, not {value}")));
    }
    Ok(value as u64)
}

/// A start time as Zoom takes it: `yyyy-MM-ddTHH:mm:ss`, local to the time zone, or with a
/// trailing `Z` for UTC. A datetime-local value has no seconds (`2026-05-01T14:30`): `:00` is
/// added; a space between date and time is read as `T`.
fn start_time(field: &str, text: &str) -> Result<String> {
    let text = text.trim().replacen(' ', "T", 1);
    let (date, time) = text.split_once('T').unwrap_or((&text, ""));
    let digits = |part: &str, len: usize| part.len() == len && part.chars().all(|c| c.is_ascii_digit());
    let date_ok = {
        let parts: Vec<&str> = date.split('-').collect();
        parts.len() == 3 && digits(parts[0], 4) && digits(parts[1], 2) && digits(parts[2], 2)
    };
    let (clock, zulu) = match time.strip_suffix('Z') {
        Some(clock) => (clock, "Z"),
        None => (time, ""),
    };
    let clock = clock.split('.').next().unwrap_or_default();
    let parts: Vec<&str> = clock.split(':').collect();
    let clock_ok = matches!(parts.len(), 2 | 3) && parts.iter().all(|p| digits(p, 2));
    if !date_ok || !clock_ok {
        return Err(ConnectorError::invalid_input(format!(
            "`{field}` must be a date and time such as 2026-05-01T14:30 (or 2026-05-01T14:30:00Z for UTC), not `{text}`"
        )));
    }
    let seconds = if parts.len() == 2 { ":00" } else { "" };
    Ok(format!("{date}T{clock}{seconds}{zulu}"))
}

/// A limit from a number field: a whole number of 1 or more.
fn limit(value: Option<f64>, default: usize) -> Result<usize> {
    match value {
        None => Ok(default),
        Some(n) if n.is_finite() && n.fract() == 0.0 && n >= 1.0 => Ok(n.min(1e9) as usize),
        Some(n) => Err(ConnectorError::invalid_input(format!("`limit` must be a whole number of 1 or more, not {n}"))),
    }
}

/// One registrant of a status update: an ID or email as text, or Zoom's `{id, email}` object.
fn registrant(index: usize, value: &Value) -> Result<Value> {
    match value {
        Value::String(text) if text.contains('@') => Ok(json!({ "email": text.trim() })),
        Value::String(text) if !text.trim().is_empty() => Ok(json!({ "id": text.trim() })),
        Value::Object(object) if object.contains_key("id") || object.contains_key("email") => {
            let mut item = Map::new();
            for key in ["id", "email"] {
                if let Some(value) = object.get(key).filter(|v| !v.is_null()) {
                    item.insert(key.to_owned(), value.clone());
                }
            }
            Ok(Value::Object(item))
        }
        other => Err(ConnectorError::invalid_input(format!(
            "`registrants[{index}]` must be a registrant ID, an email address or an object such as \
             {{\"id\": \"...\", \"email\": \"...\"}}, not {other}"
        ))),
    }
}

/// Zoom's answer to its URL validation: the plain token and its hex HMAC-SHA256 with the app's
/// Secret Token.
fn url_validation(secret_token: &str, body: &Value) -> Result<WebhookReply<Value>> {
    let plain = body["payload"]["plainToken"].as_str().filter(|t| !t.is_empty()).ok_or_else(|| {
        ConnectorError::invalid_input("Zoom's `endpoint.url_validation` request has no `payload.plainToken`")
    })?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret_token.as_bytes())
        .map_err(|_| ConnectorError::invalid_input("the Secret Token cannot be used as an HMAC key"))?;
    mac.update(plain.as_bytes());
    let encrypted = hex::encode(mac.finalize().into_bytes());
    Ok(WebhookReply::respond(WebhookResponse::json(&json!({
        "plainToken": plain,
        "encryptedToken": encrypted,
    }))))
}

/// The text of a JSON scalar (ids come as numbers or strings).
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The events of one delivery for the trigger of Zoom event `wanted`. The URL validation is
/// answered and is no event; a delivery of another event is none.
///
/// An event is the delivery's `payload.object` (the meeting or recording: `id`, `uuid`, `topic`,
/// `host_id`, `start_time`, `share_url`, ...) with `event`, `event_ts`, `account_id`, and
/// `event_id`: `{event}:{event_ts}:{object id}` (and the participant for `participant_joined`).
/// Zoom retries a delivery with the same body (only the request timestamp and signature change)
/// and sends no delivery id, so what the body says happened, when, and to what identifies it.
fn delivery(wanted: &str, config: &ZoomEventConfig, request: &WebhookRequest) -> Result<WebhookReply<Value>> {
    let body: Value = request.json()?;
    let event = body["event"].as_str().unwrap_or_default();
    if event == "endpoint.url_validation" {
        return url_validation(config.secret_token.expose(), &body);
    }
    if event != wanted {
        return Ok(WebhookReply::events(vec![]));
    }
    let payload = &body["payload"];
    let object = payload["object"].as_object().cloned().unwrap_or_default();
    let object_id =
        object.get("id").and_then(scalar_text).or_else(|| object.get("uuid").and_then(scalar_text)).unwrap_or_default();
    let event_ts = body["event_ts"].clone();
    let mut event_id = format!("{event}:{}:{object_id}", scalar_text(&event_ts).unwrap_or_default());
    let mut out = Map::new();
    out.insert("event".into(), json!(event));
    out.insert("event_ts".into(), event_ts);
    out.insert("account_id".into(), payload["account_id"].clone());
    if let Some(participant) = object.get("participant").filter(|p| p.is_object()) {
        let who = ["participant_uuid", "user_id", "id", "email", "user_name"]
            .iter()
            .find_map(|key| participant.get(*key).and_then(scalar_text))
            .unwrap_or_default();
        event_id.push(':');
        event_id.push_str(&who);
        out.insert("participant_name".into(), participant["user_name"].clone());
        out.insert("participant_email".into(), participant["email"].clone());
        out.insert("participant_user_id".into(), participant["user_id"].clone());
        out.insert("join_time".into(), participant["join_time"].clone());
    }
    if let Some(token) = body.get("download_token").filter(|t| t.is_string()) {
        out.insert("download_token".into(), token.clone());
    }
    out.insert("event_id".into(), json!(event_id));
    for (key, value) in object {
        out.entry(key).or_insert(value);
    }
    Ok(WebhookReply::events(vec![Value::Object(out)]))
}

impl Zoom {
    /// A GET of Zoom's paged list at `path`: `key`'s items, following `next_page_token` up to
    /// `limit` (or all of them), with Zoom's `total_records`.
    async fn list(
        &self,
        what: &str,
        path: &str,
        key: &str,
        query: Vec<(&'static str, String)>,
        wanted: Option<f64>,
        return_all: Option<bool>,
    ) -> Result<Value> {
        let max_items = if return_all.unwrap_or(false) { usize::MAX } else { limit(wanted, 30)? };
        let page_size = max_items.min(MAX_PAGE_SIZE).to_string();
        let total = Mutex::new(None::<Value>);
        let items = collect_pages(MAX_PAGES, max_items, |token| {
            let (query, page_size, total) = (&query, &page_size, &total);
            async move {
                let mut params: Vec<(&str, String)> = query.clone();
                params.push(("page_size", page_size.clone()));
                if let Some(token) = token {
                    params.push(("next_page_token", token));
                }
                let page: Value = self
                    .http
                    .get(path)
                    .query(&params)
                    .send_json()
                    .await
                    .map_err(|e| refine(&format!("list the {what}"), e))?;
                if let Ok(mut total) = total.lock() {
                    total.get_or_insert_with(|| page["total_records"].clone());
                }
                let items = page[key].as_array().cloned().unwrap_or_default();
                let next = page["next_page_token"].as_str().map(str::to_owned);
                Ok(Page { items, next })
            }
        })
        .await?;
        let total = total.into_inner().ok().flatten().filter(|t| !t.is_null()).unwrap_or(json!(items.len()));
        Ok(json!({ key: items, "total_records": total }))
    }

    /// A request whose success has no body (Zoom's `204 No Content`), a failure refined.
    async fn no_content(&self, what: &str, request: fluxturn_core::http::Request) -> Result<()> {
        request.send().await.map(drop).map_err(|e| refine(what, e))
    }
}

#[actions(webhooks(verify = "zoom_v0", secret = "config.secretToken", event_id = "/event_id"))]
impl Zoom {
    /// Create Meeting
    #[action(name = "Create Meeting", http(method = "POST", endpoint = "/users/{userId}/meetings"))]
    async fn create_meeting(&self, input: CreateMeetingInput) -> Result<Value> {
        let topic = input.topic.trim();
        if topic.is_empty() {
            return Err(ConnectorError::invalid_input("`topic` cannot be empty"));
        }
        let mut body = json!({
            "topic": topic,
            "type": u8::from(input.r#type.unwrap_or(MeetingType::Scheduled)),
            "duration": minutes("duration", input.duration.unwrap_or(60.0))?,
            "timezone": filled(input.timezone.as_ref()).unwrap_or("UTC"),
            "settings": {
                "auto_recording": input.auto_recording.unwrap_or(CreateMeetingInputAutoRecording::None).as_str(),
                "waiting_room": input.waiting_room.unwrap_or(true),
                "join_before_host": input.join_before_host.unwrap_or(false),
                "mute_upon_entry": input.mute_upon_entry.unwrap_or(false),
            },
        });
        if let Some(start) = filled(input.start_time.as_ref()) {
            body["start_time"] = json!(start_time("startTime", start)?);
        }
        if let Some(password) = filled(input.password.as_ref()) {
            body["password"] = json!(password);
        }
        if let Some(agenda) = filled(input.agenda.as_ref()) {
            body["agenda"] = json!(agenda);
        }
        let path = format!("/users/{}/meetings", user_segment(&input.user_id));
        self.http.post(&path).json(&body).send_json().await.map_err(|e| refine("create the meeting", e))
    }

    /// Get Meeting
    #[action(name = "Get Meeting", http(method = "GET", endpoint = "/meetings/{meetingId}"))]
    async fn get_meeting(&self, input: GetMeetingInput) -> Result<Value> {
        let id = numeric_id("meetingId", &input.meeting_id)?;
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(occurrence) = filled(input.occurrence_id.as_ref()) {
            query.push(("occurrence_id", occurrence.to_owned()));
        }
        if input.show_previous_occurrences.unwrap_or(false) {
            query.push(("show_previous_occurrences", "true".to_owned()));
        }
        self.http
            .get(&format!("/meetings/{id}"))
            .query(&query)
            .send_json()
            .await
            .map_err(|e| refine(&format!("get meeting {id}"), e))
    }

    /// List Meetings
    #[action(name = "List Meetings", http(method = "GET", endpoint = "/users/{userId}/meetings"))]
    async fn list_meetings(&self, input: ListMeetingsInput) -> Result<Value> {
        let kind = input.r#type.unwrap_or(ListMeetingsInputType::Scheduled);
        let path = format!("/users/{}/meetings", user_segment(&input.user_id));
        let query = vec![("type", kind.as_str().to_owned())];
        self.list("meetings", &path, "meetings", query, input.limit, input.return_all).await
    }

    /// Update Meeting
    #[action(name = "Update Meeting", http(method = "PATCH", endpoint = "/meetings/{meetingId}"))]
    async fn update_meeting(&self, input: UpdateMeetingInput) -> Result<Value> {
        let id = numeric_id("meetingId", &input.meeting_id)?;
        let mut body = Map::new();
        if let Some(topic) = filled(input.topic.as_ref()) {
            body.insert("topic".into(), json!(topic));
        }
        if let Some(start) = filled(input.start_time.as_ref()) {
            body.insert("start_time".into(), json!(start_time("startTime", start)?));
        }
        if let Some(duration) = input.duration {
            body.insert("duration".into(), json!(minutes("duration", duration)?));
        }
        if let Some(password) = filled(input.password.as_ref()) {
            body.insert("password".into(), json!(password));
        }
        if let Some(agenda) = filled(input.agenda.as_ref()) {
            body.insert("agenda".into(), json!(agenda));
        }
        if body.is_empty() {
            return Err(ConnectorError::invalid_input(
                "nothing to change: give a topic, start time, duration, passcode or agenda",
            ));
        }
        let request = self.http.patch(&format!("/meetings/{id}")).json(&body);
        self.no_content(&format!("update meeting {id}"), request).await?;
        Ok(json!({ "id": id, "updated": true, "changed": body }))
    }

    /// Delete Meeting
    #[action(name = "Delete Meeting", http(method = "DELETE", endpoint = "/meetings/{meetingId}"))]
    async fn delete_meeting(&self, input: DeleteMeetingInput) -> Result<Value> {
        let id = numeric_id("meetingId", &input.meeting_id)?;
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(occurrence) = filled(input.occurrence_id.as_ref()) {
            query.push(("occurrence_id", occurrence.to_owned()));
        }
        query.push(("schedule_for_reminder", input.schedule_reminder.unwrap_or(true).to_string()));
        let request = self.http.delete(&format!("/meetings/{id}")).query(&query);
        self.no_content(&format!("delete meeting {id}"), request).await?;
        Ok(json!({ "id": id, "deleted": true, "occurrenceId": filled(input.occurrence_id.as_ref()) }))
    }

    /// Create Webinar
    #[action(name = "Create Webinar", http(method = "POST", endpoint = "/users/{userId}/webinars"))]
    async fn create_webinar(&self, input: CreateWebinarInput) -> Result<Value> {
        let topic = input.topic.trim();
        if topic.is_empty() {
            return Err(ConnectorError::invalid_input("`topic` cannot be empty"));
        }
        let mut body = json!({
            "topic": topic,
            "type": u8::from(input.r#type.unwrap_or(WebinarType::Webinar)),
            "start_time": start_time("startTime", &input.start_time)?,
            "duration": minutes("duration", input.duration)?,
            "timezone": filled(input.timezone.as_ref()).unwrap_or("UTC"),
            "settings": {
                "approval_type": u8::from(input.approval_type.unwrap_or(ApprovalType::NoRegistration)),
                "host_video": input.host_video.unwrap_or(true),
                "panelists_video": input.panelists_video.unwrap_or(true),
                "practice_session": input.practice_session.unwrap_or(false),
            },
        });
        if let Some(password) = filled(input.password.as_ref()) {
            body["password"] = json!(password);
        }
        if let Some(agenda) = filled(input.agenda.as_ref()) {
            body["agenda"] = json!(agenda);
        }
        let path = format!("/users/{}/webinars", user_segment(&input.user_id));
        self.http.post(&path).json(&body).send_json().await.map_err(|e| refine("create the webinar", e))
    }

    /// Get Webinar
    #[action(name = "Get Webinar", http(method = "GET", endpoint = "/webinars/{webinarId}"))]
    async fn get_webinar(&self, input: GetWebinarInput) -> Result<Value> {
        let id = numeric_id("webinarId", &input.webinar_id)?;
        let query: Vec<(&str, String)> =
            filled(input.occurrence_id.as_ref()).map(|o| ("occurrence_id", o.to_owned())).into_iter().collect();
        self.http
            .get(&format!("/webinars/{id}"))
            .query(&query)
            .send_json()
            .await
            .map_err(|e| refine(&format!("get webinar {id}"), e))
    }

    /// List Webinars
    #[action(name = "List Webinars", http(method = "GET", endpoint = "/users/{userId}/webinars"))]
    async fn list_webinars(&self, input: ListWebinarsInput) -> Result<Value> {
        let path = format!("/users/{}/webinars", user_segment(&input.user_id));
        self.list("webinars", &path, "webinars", Vec::new(), input.limit, input.return_all).await
    }

    /// Update Webinar
    #[action(name = "Update Webinar", http(method = "PATCH", endpoint = "/webinars/{webinarId}"))]
    async fn update_webinar(&self, input: UpdateWebinarInput) -> Result<Value> {
        let id = numeric_id("webinarId", &input.webinar_id)?;
        let mut body = Map::new();
        if let Some(topic) = filled(input.topic.as_ref()) {
            body.insert("topic".into(), json!(topic));
        }
        if let Some(start) = filled(input.start_time.as_ref()) {
            body.insert("start_time".into(), json!(start_time("startTime", start)?));
        }
        if let Some(duration) = input.duration {
            body.insert("duration".into(), json!(minutes("duration", duration)?));
        }
        if let Some(agenda) = filled(input.agenda.as_ref()) {
            body.insert("agenda".into(), json!(agenda));
        }
        if body.is_empty() {
            return Err(ConnectorError::invalid_input(
                "nothing to change: give a topic, start time, duration or agenda",
            ));
        }
        let request = self.http.patch(&format!("/webinars/{id}")).json(&body);
        self.no_content(&format!("update webinar {id}"), request).await?;
        Ok(json!({ "id": id, "updated": true, "changed": body }))
    }

    /// Delete Webinar
    #[action(name = "Delete Webinar", http(method = "DELETE", endpoint = "/webinars/{webinarId}"))]
    async fn delete_webinar(&self, input: DeleteWebinarInput) -> Result<Value> {
        let id = numeric_id("webinarId", &input.webinar_id)?;
        let query: Vec<(&str, String)> =
            filled(input.occurrence_id.as_ref()).map(|o| ("occurrence_id", o.to_owned())).into_iter().collect();
        let request = self.http.delete(&format!("/webinars/{id}")).query(&query);
        self.no_content(&format!("delete webinar {id}"), request).await?;
        Ok(json!({ "id": id, "deleted": true, "occurrenceId": filled(input.occurrence_id.as_ref()) }))
    }

    /// Add Meeting Registrant
    #[action(name = "Add Meeting Registrant", http(method = "POST", endpoint = "/meetings/{meetingId}/registrants"))]
    async fn add_meeting_registrant(&self, input: AddMeetingRegistrantInput) -> Result<Value> {
        let id = numeric_id("meetingId", &input.meeting_id)?;
        let email = input.email.trim();
        if !email.contains('@') {
            return Err(ConnectorError::invalid_input(format!("`email` must be an email address, not `{email}`")));
        }
        let first_name = input.first_name.trim();
        if first_name.is_empty() {
            return Err(ConnectorError::invalid_input("`firstName` cannot be empty"));
        }
        let mut body = Map::new();
        body.insert("email".into(), json!(email));
        body.insert("first_name".into(), json!(first_name));
        for (key, value) in [
            ("last_name", &input.last_name),
            ("org", &input.organization),
            ("job_title", &input.job_title),
            ("phone", &input.phone),
            ("address", &input.address),
            ("city", &input.city),
            ("state", &input.state),
            ("zip", &input.zip),
            ("country", &input.country),
        ] {
            if let Some(value) = filled(value.as_ref()) {
                body.insert(key.into(), json!(value));
            }
        }
        self.http
            .post(&format!("/meetings/{id}/registrants"))
            .json(&body)
            .send_json()
            .await
            .map_err(|e| refine(&format!("register {email} for meeting {id}"), e))
    }

    /// List Meeting Registrants
    #[action(name = "List Meeting Registrants", http(method = "GET", endpoint = "/meetings/{meetingId}/registrants"))]
    async fn list_meeting_registrants(&self, input: ListMeetingRegistrantsInput) -> Result<Value> {
        let id = numeric_id("meetingId", &input.meeting_id)?;
        let status = input.status.unwrap_or(ListMeetingRegistrantsInputStatus::Approved);
        let query = vec![("status", status.as_str().to_owned())];
        let path = format!("/meetings/{id}/registrants");
        self.list(&format!("registrants of meeting {id}"), &path, "registrants", query, input.limit, input.return_all)
            .await
    }

    /// Update Registrant Status
    #[action(
        name = "Update Registrant Status",
        http(method = "PUT", endpoint = "/meetings/{meetingId}/registrants/status")
    )]
    async fn update_registrant_status(&self, input: UpdateRegistrantStatusInput) -> Result<Value> {
        let id = numeric_id("meetingId", &input.meeting_id)?;
        if input.registrants.is_empty() {
            return Err(ConnectorError::invalid_input("`registrants` cannot be empty"));
        }
        if input.registrants.len() > MAX_REGISTRANTS {
            return Err(ConnectorError::invalid_input(format!(
                "`registrants` has {} entries; Zoom takes at most {MAX_REGISTRANTS} at a time",
                input.registrants.len()
            )));
        }
        let registrants =
            input.registrants.iter().enumerate().map(|(i, r)| registrant(i, r)).collect::<Result<Vec<Value>>>()?;
        let action = input.action.as_str();
        let body = json!({ "action": action, "registrants": registrants });
        let request = self.http.put(&format!("/meetings/{id}/registrants/status")).json(&body);
        self.no_content(&format!("{action} the registrants of meeting {id}"), request).await?;
        Ok(json!({ "meetingId": id, "action": action, "registrants": registrants, "updated": true }))
    }

    /// Get User
    #[action(name = "Get User", http(method = "GET", endpoint = "/users/{userId}"))]
    async fn get_user(&self, input: GetUserInput) -> Result<Value> {
        let path = format!("/users/{}", user_segment(&input.user_id));
        self.http.get(&path).send_json().await.map_err(|e| refine("get the user", e))
    }

    /// Meeting Started: a meeting of the account started (Zoom's `meeting.started`)
    ///
    /// Set up in your Zoom app (App Marketplace > your app > Features > Access > Event
    /// Subscription): add a subscription with this trigger's webhook URL as the endpoint and the
    /// Meeting > Start Meeting event. Zoom validates the URL with the Secret Token.
    #[trigger(name = "Meeting Started", event_type = "meeting.started", webhook)]
    async fn meeting_started(&self, config: ZoomEventConfig, request: WebhookRequest) -> Result<WebhookReply<Value>> {
        delivery("meeting.started", &config, &request)
    }

    /// Meeting Created: a meeting was scheduled (Zoom's `meeting.created`)
    ///
    /// Set up in your Zoom app's Event Subscription with this trigger's webhook URL and the
    /// Meeting > Meeting has been created event. The event carries the meeting's `topic`,
    /// `start_time`, `duration`, `timezone` and `join_url`.
    #[trigger(name = "Meeting Created", event_type = "meeting.created", webhook)]
    async fn meeting_created(&self, config: ZoomEventConfig, request: WebhookRequest) -> Result<WebhookReply<Value>> {
        delivery("meeting.created", &config, &request)
    }

    /// Meeting Ended: a meeting of the account ended (Zoom's `meeting.ended`)
    ///
    /// Set up in your Zoom app's Event Subscription with this trigger's webhook URL and the
    /// Meeting > End Meeting event.
    #[trigger(name = "Meeting Ended", event_type = "meeting.ended", webhook)]
    async fn meeting_ended(&self, config: ZoomEventConfig, request: WebhookRequest) -> Result<WebhookReply<Value>> {
        delivery("meeting.ended", &config, &request)
    }

    /// Participant Joined: someone joined a meeting (Zoom's `meeting.participant_joined`)
    ///
    /// Set up in your Zoom app's Event Subscription with this trigger's webhook URL and the
    /// Meeting > Participant/Host joined meeting event.
    #[trigger(name = "Participant Joined", event_type = "meeting.participant_joined", webhook)]
    async fn participant_joined(
        &self,
        config: ZoomEventConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        delivery("meeting.participant_joined", &config, &request)
    }

    /// Recording Completed: a cloud recording is ready (Zoom's `recording.completed`)
    ///
    /// Set up in your Zoom app's Event Subscription with this trigger's webhook URL and the
    /// Recording > All Recordings have completed event.
    #[trigger(name = "Recording Completed", event_type = "recording.completed", webhook)]
    async fn recording_completed(
        &self,
        config: ZoomEventConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        delivery("recording.completed", &config, &request)
    }

    /// Reads the connected user: proves the token works.
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/users/me").send().await.map(drop).map_err(|e| refine("read the connected user", e))
    }
}
