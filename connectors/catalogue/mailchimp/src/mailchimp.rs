//! Mailchimp: audiences (lists), their members and tags, campaigns, and webhooks Mailchimp calls
//! when a list changes, through the Marketing API v3.
//!
//! Every request goes to the data center of the API key (`…-us21` is
//! `https://us21.api.mailchimp.com/3.0`), with the key sent as `Authorization: apikey <key>`.
//! Mailchimp reports errors as problem JSON (`{"type", "title", "status", "detail",
//! "instance", "errors"}`); [`refine`] puts its title, detail and field errors in the message.

use fluxturn_core::http::path_segment;
use fluxturn_core::prelude::*;
use md5::{Digest, Md5};
use serde_json::{json, Map, Value};

/// Mailchimp's largest page (`count`) for its list endpoints.
const PAGE_SIZE: usize = 1000;

/// The most pages a list follows (1000 items each): 100,000 items.
const MAX_PAGES: usize = 100;

/// Manage Mailchimp audiences, members, tags and campaigns, and react to list events
///
/// Connects with an API key (Profile > Extras > API keys); the key's suffix (`-us21`) names
/// the data center its account lives in.
#[connector(
    name = "mailchimp",
    display_name = "Mailchimp",
    category = "marketing",
    base_url = "https://api.mailchimp.com/3.0",
    icon = "icons/mailchimp.svg",
    rate_limit(requests_per_second = 10),
    auth = api_key(header = "Authorization", prefix = "apikey ", field = "apiKey"),
    credentials = MailchimpCredentials,
)]
pub struct Mailchimp {
    http: PreparedHttp<DataCenter>,
}

/// What the user enters in the "Add Mailchimp" form.
#[derive(Credentials)]
pub struct MailchimpCredentials {
    /// An API key from Profile > Extras > API keys in Mailchimp; it ends with the account's data
    /// center, such as `-us21`
    #[field(
        key = "apiKey",
        label = "API Key",
        placeholder = "0123456789abcdef0123456789abcdef-us21",
        help_url = "https://mailchimp.com/help/about-api-keys/",
        secret
    )]
    pub api_key: Secret<String>,
}

/// The data center of an API key: the part after its last `-` (`us21` in `…-us21`). A key
/// without one, or whose suffix is not a plain name of letters and digits, is refused, so the key
/// only ever goes to a `*.api.mailchimp.com` host.
pub fn data_center(api_key: &str) -> Result<String> {
    let suffix = api_key.trim().rsplit_once('-').map(|(_, dc)| dc);
    match suffix {
        Some(dc) if !dc.is_empty() && dc.len() <= 16 && dc.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            Ok(dc.to_ascii_lowercase())
        }
        _ => Err(ConnectorError::invalid_credentials(
            "mailchimp: the API key has no data-center suffix; a Mailchimp key ends with its data center, \
             such as `-us21` (copy the whole key from Profile > Extras > API keys)",
        )),
    }
}

/// The base URL the connector declares: Mailchimp serves the API only on the data center's own
/// host, which [`DataCenter`] puts in its place.
const DECLARED_BASE_URL: &str = "https://api.mailchimp.com/3.0";

/// The API's base URL in data center `dc`.
pub fn base_url_for(dc: &str) -> String {
    format!("https://{dc}.api.mailchimp.com/3.0")
}

/// The connection's host: the data center the API key names.
pub enum DataCenter {}

impl PrepareHttp for DataCenter {
    /// Reads the data center from `apiKey` and sends every request to its host; a base URL set
    /// for the connection (a mock server in tests) is kept.
    fn prepare(ctx: ConnectContext) -> Result<ConnectContext> {
        let dc = data_center(&ctx.credential("apiKey").unwrap_or_default())?;
        if ctx.http_config()?.base_url.trim_end_matches('/') == DECLARED_BASE_URL {
            return Ok(ctx.with_base_url(base_url_for(&dc)));
        }
        Ok(ctx)
    }
}

/// A Mailchimp error with the problem JSON's words: `mailchimp answered 404 Resource Not Found:
/// The requested resource could not be found.`, with the field errors of a 400 after it. The code
/// stays the one the status gives (401 unauthorized, 404 not found, 400 invalid input, ...).
pub fn refine(mut error: ConnectorError) -> ConnectorError {
    let body = error.details["upstream_body"].as_str().and_then(|b| serde_json::from_str::<Value>(b).ok());
    let Some(problem) = body.filter(|b| b.get("title").is_some() || b.get("detail").is_some()) else {
        return error;
    };
    let title = problem["title"].as_str().unwrap_or("error");
    let status = problem["status"].as_u64().unwrap_or(u64::from(error.status));
    let mut message = format!("mailchimp answered {status} {title}");
    if let Some(detail) = problem["detail"].as_str().filter(|d| !d.is_empty()) {
        message.push_str(": ");
        message.push_str(detail);
    }
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
    error.message = message;
    error
}

/// A request sent, its JSON answer decoded, a failure refined.
async fn call(request: fluxturn_core::http::Request) -> Result<Value> {
    request.send_json().await.map_err(refine)
}

/// A request sent whose answer has no body (Mailchimp's `204 No Content`).
async fn call_empty(request: fluxturn_core::http::Request) -> Result<()> {
    request.send().await.map(drop).map_err(refine)
}

/// Mailchimp's id of a list member: the hex MD5 of the lower-cased email address.
pub fn subscriber_hash(email: &str) -> String {
    let digest = Md5::digest(email.trim().to_lowercase().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The path of a list's member.
fn member_path(list_id: &str, email: &str) -> Result<String> {
    if email.trim().is_empty() {
        return Err(ConnectorError::invalid_input("`email` is empty"));
    }
    Ok(format!("/lists/{}/members/{}", path_segment(list_id), subscriber_hash(email)))
}

/// A whole non-negative number from a `number` input.
fn count(value: Option<f64>, name: &str, default: usize) -> Result<usize> {
    match value {
        None => Ok(default),
        Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 => Ok(n as usize),
        Some(n) => Err(ConnectorError::invalid_input(format!("`{name}` must be a whole number of 0 or more, not {n}"))),
    }
}

/// The names of a comma-separated tag list, trimmed, empty ones dropped.
fn tag_names(tags: &str) -> Vec<String> {
    tags.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// Inserts `value` under `key` when it is `Some`.
fn put(body: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(value) = value {
        body.insert(key.to_owned(), value.into());
    }
}

/// A select's value as sent (`None` for the empty choice).
fn choice<T: Serialize>(value: &Option<T>) -> Option<String> {
    value
        .as_ref()
        .and_then(|v| serde_json::to_value(v).ok())
        .and_then(|v| v.as_str().map(str::to_owned))
        .filter(|v| !v.is_empty())
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// The choices of `emailType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum EmailType {
    /// html
    #[serde(rename = "html")]
    Html,
    /// text
    #[serde(rename = "text")]
    Text,
}

/// The choices of `status` for a new member.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum NewMemberStatus {
    /// subscribed
    #[serde(rename = "subscribed")]
    Subscribed,
    /// unsubscribed
    #[serde(rename = "unsubscribed")]
    Unsubscribed,
    /// cleaned
    #[serde(rename = "cleaned")]
    Cleaned,
    /// pending (Mailchimp sends a confirmation email)
    #[serde(rename = "pending")]
    Pending,
    /// transactional
    #[serde(rename = "transactional")]
    Transactional,
}

/// The input of `create_member`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateMemberInput {
    /// The audience (list) to add the member to
    #[field(label = "List ID")]
    pub list_id: String,
    /// The member's email address
    #[field(label = "Email", placeholder = "name@example.com")]
    pub email: String,
    /// The member's subscription status
    #[field(label = "Status", default = "subscribed")]
    pub status: NewMemberStatus,
    /// The kind of email the member prefers
    #[field(label = "Email Type", default = "html")]
    pub email_type: Option<EmailType>,
    /// The member's language, as a code such as `en` or `fr`
    #[field(label = "Language")]
    pub language: Option<String>,
    /// Mark the member as VIP
    #[field(label = "VIP", default = false)]
    pub vip: Option<bool>,
    /// Tags to give the member, comma-separated
    #[field(label = "Tags", placeholder = "customer, newsletter")]
    pub tags: Option<String>,
    /// The `FNAME` merge field
    #[field(label = "First Name")]
    pub first_name: Option<String>,
    /// The `LNAME` merge field
    #[field(label = "Last Name")]
    pub last_name: Option<String>,
    /// The `BIRTHDAY` merge field, as `MM/DD`
    #[field(label = "Birthday", placeholder = "12/31")]
    pub birthday: Option<String>,
    /// The member's latitude
    #[field(label = "Latitude")]
    pub latitude: Option<f64>,
    /// The member's longitude
    #[field(label = "Longitude")]
    pub longitude: Option<f64>,
    /// The IP address the member signed up from
    #[field(label = "IP Signup")]
    pub ip_signup: Option<String>,
    /// The IP address the member confirmed their opt-in from
    #[field(label = "IP Opt In")]
    pub ip_opt_in: Option<String>,
    /// When the member signed up (ISO 8601)
    #[field(label = "Timestamp Signup")]
    pub timestamp_signup: Option<String>,
    /// When the member confirmed their opt-in (ISO 8601)
    #[field(label = "Timestamp Opt In")]
    pub timestamp_opt_in: Option<String>,
}

/// The input of `get_member` and `delete_member`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct MemberInput {
    /// The audience (list) the member belongs to
    #[field(label = "List ID")]
    pub list_id: String,
    /// The member's email address
    #[field(label = "Email")]
    pub email: String,
}

/// The choices of `status` when listing members (empty: any).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum MemberStatusFilter {
    /// Any status
    #[serde(rename = "")]
    Any,
    /// subscribed
    #[serde(rename = "subscribed")]
    Subscribed,
    /// unsubscribed
    #[serde(rename = "unsubscribed")]
    Unsubscribed,
    /// cleaned
    #[serde(rename = "cleaned")]
    Cleaned,
    /// pending
    #[serde(rename = "pending")]
    Pending,
    /// transactional
    #[serde(rename = "transactional")]
    Transactional,
}

/// The choices of `emailType` when listing members (empty: any).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum EmailTypeFilter {
    /// Any type
    #[serde(rename = "")]
    Any,
    /// html
    #[serde(rename = "html")]
    Html,
    /// text
    #[serde(rename = "text")]
    Text,
}

/// The input of `get_all_members`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetAllMembersInput {
    /// The audience (list) whose members to return
    #[field(label = "List ID")]
    pub list_id: String,
    /// Return every member, following the pages (up to 100,000)
    #[field(label = "Return All", default = false)]
    pub return_all: Option<bool>,
    /// How many members to return when not returning all
    #[field(label = "Limit", default = 100, min = 1)]
    pub limit: Option<f64>,
    /// Only members with this status
    #[field(label = "Status")]
    pub status: Option<MemberStatusFilter>,
    /// Only members who prefer this kind of email
    #[field(label = "Email Type")]
    pub email_type: Option<EmailTypeFilter>,
    /// Only members changed after this time (ISO 8601)
    #[field(label = "Since Last Changed", placeholder = "2025-01-01T00:00:00+00:00")]
    pub since_last_changed: Option<String>,
    /// Only members changed before this time (ISO 8601)
    #[field(label = "Before Last Changed", placeholder = "2025-12-31T23:59:59+00:00")]
    pub before_last_changed: Option<String>,
}

/// The choices of `status` when updating a member.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum MemberStatus {
    /// subscribed
    #[serde(rename = "subscribed")]
    Subscribed,
    /// unsubscribed
    #[serde(rename = "unsubscribed")]
    Unsubscribed,
    /// cleaned
    #[serde(rename = "cleaned")]
    Cleaned,
    /// pending
    #[serde(rename = "pending")]
    Pending,
}

/// The input of `update_member`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpdateMemberInput {
    /// The audience (list) the member belongs to
    #[field(label = "List ID")]
    pub list_id: String,
    /// The member's email address
    #[field(label = "Email")]
    pub email: String,
    /// A new subscription status
    #[field(label = "Status")]
    pub status: Option<MemberStatus>,
    /// The kind of email the member prefers
    #[field(label = "Email Type")]
    pub email_type: Option<EmailType>,
    /// The member's language, as a code such as `en`
    #[field(label = "Language")]
    pub language: Option<String>,
    /// Mark or unmark the member as VIP
    #[field(label = "VIP")]
    pub vip: Option<bool>,
    /// A new `FNAME` merge field
    #[field(label = "First Name")]
    pub first_name: Option<String>,
    /// A new `LNAME` merge field
    #[field(label = "Last Name")]
    pub last_name: Option<String>,
    /// Accept the change even when required merge fields are missing
    #[field(label = "Skip Merge Validation", default = false)]
    pub skip_merge_validation: Option<bool>,
}

/// The input of `add_member_tags` and `remove_member_tags`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct MemberTagsInput {
    /// The audience (list) the member belongs to
    #[field(label = "List ID")]
    pub list_id: String,
    /// The member's email address
    #[field(label = "Email")]
    pub email: String,
    /// The tags, comma-separated
    #[field(label = "Tags", placeholder = "customer, newsletter")]
    pub tags: String,
    /// Do not start automations that the tag change would otherwise trigger
    #[field(label = "Is Syncing", default = false)]
    pub is_syncing: Option<bool>,
}

/// The input of the actions on one campaign.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CampaignInput {
    /// The campaign's id
    #[field(label = "Campaign ID")]
    pub campaign_id: String,
}

/// The choices of `status` when listing campaigns (empty: any).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CampaignStatusFilter {
    /// Any status
    #[serde(rename = "")]
    Any,
    /// save (drafts)
    #[serde(rename = "save")]
    Save,
    /// sending
    #[serde(rename = "sending")]
    Sending,
    /// sent
    #[serde(rename = "sent")]
    Sent,
    /// schedule (scheduled)
    #[serde(rename = "schedule")]
    Schedule,
}

/// The choices of `sortField`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CampaignSortField {
    /// create_time
    #[serde(rename = "create_time")]
    CreateTime,
    /// send_time
    #[serde(rename = "send_time")]
    SendTime,
}

/// The choices of `sortDirection`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum SortDirection {
    /// ASC
    #[serde(rename = "ASC")]
    Asc,
    /// DESC
    #[serde(rename = "DESC")]
    Desc,
}

/// The input of `get_all_campaigns`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetAllCampaignsInput {
    /// Return every campaign, following the pages (up to 100,000)
    #[field(label = "Return All", default = false)]
    pub return_all: Option<bool>,
    /// How many campaigns to return when not returning all
    #[field(label = "Limit", default = 10, min = 1)]
    pub limit: Option<f64>,
    /// Only campaigns with this status
    #[field(label = "Status")]
    pub status: Option<CampaignStatusFilter>,
    /// Only campaigns sent to this audience (list)
    #[field(label = "List ID")]
    pub list_id: Option<String>,
    /// Only campaigns created after this time (ISO 8601)
    #[field(label = "Since Create Time")]
    pub since_create_time: Option<String>,
    /// Only campaigns created before this time (ISO 8601)
    #[field(label = "Before Create Time")]
    pub before_create_time: Option<String>,
    /// Only campaigns sent after this time (ISO 8601)
    #[field(label = "Since Send Time")]
    pub since_send_time: Option<String>,
    /// Only campaigns sent before this time (ISO 8601)
    #[field(label = "Before Send Time")]
    pub before_send_time: Option<String>,
    /// The field to sort by
    #[field(label = "Sort Field", default = "create_time")]
    pub sort_field: Option<CampaignSortField>,
    /// The sort order
    #[field(label = "Sort Direction", default = "DESC")]
    pub sort_direction: Option<SortDirection>,
}

/// The input of `get_list_groups`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetListGroupsInput {
    /// The audience (list)
    #[field(label = "List ID")]
    pub list_id: String,
    /// The interest category (group title) whose groups to return
    #[field(label = "Category ID")]
    pub category_id: String,
    /// Return every group, following the pages
    #[field(label = "Return All", default = false)]
    pub return_all: Option<bool>,
    /// How many groups to return when not returning all
    #[field(label = "Limit", default = 100, min = 1)]
    pub limit: Option<f64>,
}

/// The input of `get_lists`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetListsInput {
    /// Return every audience, following the pages
    #[field(label = "Return All", default = false)]
    pub return_all: Option<bool>,
    /// How many audiences to return when not returning all
    #[field(label = "Limit", default = 100, min = 1)]
    pub limit: Option<f64>,
}

/// The choices of `sources`: which changes Mailchimp reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum Sources {
    /// All: by the subscriber, by an account user and through the API
    #[serde(rename = "all")]
    All,
    /// Changes the subscriber made
    #[serde(rename = "user")]
    User,
    /// Changes an account user made in Mailchimp
    #[serde(rename = "admin")]
    Admin,
    /// Changes made through the API
    #[serde(rename = "api")]
    Api,
}

/// The configuration of every trigger: the list to watch and the sources of the changes.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ListWebhookConfig {
    /// The audience (list) to watch
    #[field(label = "List ID")]
    pub list_id: String,
    /// Which changes start the workflow: by the subscriber, an account user, the API, or all
    #[field(label = "Sources", default = "all")]
    pub sources: Option<Sources>,
}

/// One event Mailchimp posted, its `data[...]` fields nested as JSON.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct ListEvent {
    /// Mailchimp's event type: `subscribe`, `unsubscribe`, `cleaned`, `profile`, `upemail` or
    /// `campaign`
    #[serde(rename = "type")]
    pub kind: String,
    /// When Mailchimp fired it, as `YYYY-MM-DD HH:MM:SS` (UTC)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fired_at: Option<String>,
    /// The event's data: `email`, `list_id`, `id`, `merges` (`FNAME`, ...), `reason`,
    /// `new_email`, `subject`, ... as Mailchimp sent it
    pub data: Map<String, Value>,
}

// ---------------------------------------------------------------------------------------------
// Webhook deliveries
// ---------------------------------------------------------------------------------------------

/// The path of a bracketed form key: `data[merges][FNAME]` is `["data", "merges", "FNAME"]`.
fn key_path(key: &str) -> Vec<&str> {
    let Some(open) = key.find('[') else { return vec![key] };
    let mut path = vec![&key[..open]];
    let mut rest = &key[open..];
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else { break };
        path.push(&inner[..close]);
        rest = &inner[close + 1..];
    }
    path
}

/// Inserts `value` at `path` into `object`, making objects on the way (a scalar in the way is
/// replaced by an object).
fn insert_at(object: &mut Map<String, Value>, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut node = object;
    for key in parents {
        let entry = node.entry((*key).to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        node = entry.as_object_mut().expect("an object was just put here");
    }
    node.insert((*last).to_owned(), value);
}

/// A urlencoded Mailchimp delivery as JSON: `type=subscribe&data[merges][FNAME]=Ada` is
/// `{"type": "subscribe", "data": {"merges": {"FNAME": "Ada"}}}`.
pub fn form_to_json(pairs: &[(String, String)]) -> Map<String, Value> {
    let mut object = Map::new();
    for (key, value) in pairs {
        insert_at(&mut object, &key_path(key), Value::String(value.clone()));
    }
    object
}

/// The events of a delivery for a trigger of Mailchimp type `kind` on `config`'s list. A `GET`
/// (Mailchimp checks the URL answers before it saves a webhook) is no event; an event of another
/// type or another list is dropped.
fn list_events(kind: &str, config: &ListWebhookConfig, request: &WebhookRequest) -> Result<Vec<ListEvent>> {
    if request.method.eq_ignore_ascii_case("GET") || request.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(vec![]);
    }
    let mut posted = form_to_json(&request.form_pairs());
    let Some(Value::String(event_type)) = posted.remove("type") else {
        return Err(ConnectorError::invalid_input("the webhook has no `type`: not a Mailchimp list event"));
    };
    if event_type != kind {
        return Ok(vec![]);
    }
    let fired_at = match posted.remove("fired_at") {
        Some(Value::String(at)) => Some(at),
        _ => None,
    };
    let data = match posted.remove("data") {
        Some(Value::Object(data)) => data,
        _ => Map::new(),
    };
    if data.get("list_id").and_then(Value::as_str).is_some_and(|list| list != config.list_id) {
        return Ok(vec![]);
    }
    Ok(vec![ListEvent { kind: event_type, fired_at, data }])
}

// Mailchimp sends no delivery or event id, and `fired_at` has one-second resolution (two members
// subscribing in the same second share it), so nothing in a delivery identifies it: the triggers
// declare no `event_id`, and a redelivery is a second event.
#[actions(webhooks(verify = "url_token", secret = "generated", unsubscribe = remove_webhook))]
impl Mailchimp {
    /// Add a member to an audience
    #[action(name = "Create Member", http(method = "POST", endpoint = "/lists/{listId}/members"))]
    async fn create_member(&self, input: CreateMemberInput) -> Result<Value> {
        if input.email.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`email` is empty"));
        }
        let mut body = Map::new();
        body.insert("email_address".into(), input.email.trim().into());
        put(&mut body, "status", choice(&Some(input.status)));
        put(&mut body, "email_type", choice(&input.email_type));
        put(&mut body, "language", input.language.filter(|l| !l.is_empty()));
        put(&mut body, "vip", input.vip);
        put(&mut body, "ip_signup", input.ip_signup.filter(|v| !v.is_empty()));
        put(&mut body, "ip_opt", input.ip_opt_in.filter(|v| !v.is_empty()));
        put(&mut body, "timestamp_signup", input.timestamp_signup.filter(|v| !v.is_empty()));
        put(&mut body, "timestamp_opt", input.timestamp_opt_in.filter(|v| !v.is_empty()));
        if let Some(tags) = input.tags.as_deref().map(tag_names).filter(|t| !t.is_empty()) {
            body.insert("tags".into(), json!(tags));
        }
        let mut merges = Map::new();
        put(&mut merges, "FNAME", input.first_name.filter(|v| !v.is_empty()));
        put(&mut merges, "LNAME", input.last_name.filter(|v| !v.is_empty()));
        put(&mut merges, "BIRTHDAY", input.birthday.filter(|v| !v.is_empty()));
        if !merges.is_empty() {
            body.insert("merge_fields".into(), Value::Object(merges));
        }
        match (input.latitude, input.longitude) {
            (Some(latitude), Some(longitude)) => {
                body.insert("location".into(), json!({ "latitude": latitude, "longitude": longitude }));
            }
            (None, None) => {}
            _ => return Err(ConnectorError::invalid_input("give both `latitude` and `longitude`, or neither")),
        }
        let path = format!("/lists/{}/members", path_segment(&input.list_id));
        call(self.http.post(&path).json(&body)).await
    }

    /// Get a member of an audience by email address
    #[action(name = "Get Member", idempotent)]
    async fn get_member(&self, input: MemberInput) -> Result<Value> {
        call(self.http.get(&member_path(&input.list_id, &input.email)?)).await
    }

    /// List the members of an audience
    #[action(name = "Get All Members", idempotent, http(method = "GET", endpoint = "/lists/{listId}/members"))]
    async fn get_all_members(&self, input: GetAllMembersInput) -> Result<Vec<Value>> {
        let mut query = Vec::new();
        if let Some(status) = choice(&input.status) {
            query.push(("status", status));
        }
        if let Some(email_type) = choice(&input.email_type) {
            query.push(("email_type", email_type));
        }
        if let Some(since) = input.since_last_changed.filter(|v| !v.is_empty()) {
            query.push(("since_last_changed", since));
        }
        if let Some(before) = input.before_last_changed.filter(|v| !v.is_empty()) {
            query.push(("before_last_changed", before));
        }
        let path = format!("/lists/{}/members", path_segment(&input.list_id));
        self.list(&path, "members", query, input.return_all, input.limit, 100).await
    }

    /// Change a member of an audience
    #[action(name = "Update Member")]
    async fn update_member(&self, input: UpdateMemberInput) -> Result<Value> {
        let path = member_path(&input.list_id, &input.email)?;
        let mut body = Map::new();
        put(&mut body, "status", choice(&input.status));
        put(&mut body, "email_type", choice(&input.email_type));
        put(&mut body, "language", input.language.filter(|l| !l.is_empty()));
        put(&mut body, "vip", input.vip);
        let mut merges = Map::new();
        put(&mut merges, "FNAME", input.first_name);
        put(&mut merges, "LNAME", input.last_name);
        if !merges.is_empty() {
            body.insert("merge_fields".into(), Value::Object(merges));
        }
        if body.is_empty() {
            return Err(ConnectorError::invalid_input("nothing to change: give at least one field to update"));
        }
        let skip = input.skip_merge_validation.unwrap_or(false).to_string();
        call(self.http.patch(&path).query(&[("skip_merge_validation", skip)]).json(&body)).await
    }

    /// Archive a member of an audience (Mailchimp keeps the contact's history; it no longer
    /// counts towards the audience)
    #[action(name = "Delete Member")]
    async fn delete_member(&self, input: MemberInput) -> Result<Value> {
        let path = member_path(&input.list_id, &input.email)?;
        call_empty(self.http.delete(&path)).await?;
        Ok(json!({ "success": true, "email": input.email, "subscriberHash": subscriber_hash(&input.email) }))
    }

    /// Give a member tags
    #[action(name = "Add Tags to Member")]
    async fn add_member_tags(&self, input: MemberTagsInput) -> Result<Value> {
        self.set_tags(input, "active").await
    }

    /// Take tags off a member
    #[action(name = "Remove Tags from Member")]
    async fn remove_member_tags(&self, input: MemberTagsInput) -> Result<Value> {
        self.set_tags(input, "inactive").await
    }

    /// Get a campaign
    #[action(name = "Get Campaign", idempotent, http(method = "GET", endpoint = "/campaigns/{campaignId}"))]
    async fn get_campaign(&self, input: CampaignInput) -> Result<Value> {
        call(self.http.get(&format!("/campaigns/{}", path_segment(&input.campaign_id)))).await
    }

    /// List campaigns
    #[action(name = "Get All Campaigns", idempotent, http(method = "GET", endpoint = "/campaigns"))]
    async fn get_all_campaigns(&self, input: GetAllCampaignsInput) -> Result<Vec<Value>> {
        let mut query = Vec::new();
        if let Some(status) = choice(&input.status) {
            query.push(("status", status));
        }
        let optional = [
            ("list_id", input.list_id),
            ("since_create_time", input.since_create_time),
            ("before_create_time", input.before_create_time),
            ("since_send_time", input.since_send_time),
            ("before_send_time", input.before_send_time),
        ];
        for (name, value) in optional {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                query.push((name, value));
            }
        }
        query.push(("sort_field", choice(&input.sort_field).unwrap_or_else(|| "create_time".into())));
        query.push(("sort_dir", choice(&input.sort_direction).unwrap_or_else(|| "DESC".into())));
        self.list("/campaigns", "campaigns", query, input.return_all, input.limit, 10).await
    }

    /// Send a campaign now
    #[action(name = "Send Campaign", http(method = "POST", endpoint = "/campaigns/{campaignId}/actions/send"))]
    async fn send_campaign(&self, input: CampaignInput) -> Result<Value> {
        let path = format!("/campaigns/{}/actions/send", path_segment(&input.campaign_id));
        call_empty(self.http.post(&path)).await?;
        Ok(json!({ "success": true, "campaignId": input.campaign_id }))
    }

    /// Delete a campaign
    #[action(name = "Delete Campaign", http(method = "DELETE", endpoint = "/campaigns/{campaignId}"))]
    async fn delete_campaign(&self, input: CampaignInput) -> Result<Value> {
        call_empty(self.http.delete(&format!("/campaigns/{}", path_segment(&input.campaign_id)))).await?;
        Ok(json!({ "success": true, "campaignId": input.campaign_id }))
    }

    /// Copy a campaign; returns the new campaign
    #[action(
        name = "Replicate Campaign",
        http(method = "POST", endpoint = "/campaigns/{campaignId}/actions/replicate")
    )]
    async fn replicate_campaign(&self, input: CampaignInput) -> Result<Value> {
        call(self.http.post(&format!("/campaigns/{}/actions/replicate", path_segment(&input.campaign_id)))).await
    }

    /// Create a resend of a sent campaign (to the members who did not open it); returns the new
    /// campaign
    #[action(
        name = "Resend Campaign",
        http(method = "POST", endpoint = "/campaigns/{campaignId}/actions/create-resend")
    )]
    async fn resend_campaign(&self, input: CampaignInput) -> Result<Value> {
        let path = format!("/campaigns/{}/actions/create-resend", path_segment(&input.campaign_id));
        call(self.http.post(&path)).await
    }

    /// List the groups (interests) of an interest category of an audience
    #[action(
        name = "Get List Groups",
        idempotent,
        http(method = "GET", endpoint = "/lists/{listId}/interest-categories/{categoryId}/interests")
    )]
    async fn get_list_groups(&self, input: GetListGroupsInput) -> Result<Vec<Value>> {
        let path = format!(
            "/lists/{}/interest-categories/{}/interests",
            path_segment(&input.list_id),
            path_segment(&input.category_id)
        );
        self.list(&path, "interests", Vec::new(), input.return_all, input.limit, 100).await
    }

    /// List the audiences (lists) of the account
    #[action(name = "Get Lists", idempotent, http(method = "GET", endpoint = "/lists"))]
    async fn get_lists(&self, input: GetListsInput) -> Result<Vec<Value>> {
        self.list("/lists", "lists", Vec::new(), input.return_all, input.limit, 100).await
    }

    /// Someone subscribed to the list
    ///
    /// Mailchimp posts each change as a urlencoded form (`type=subscribe&fired_at=…&data[email]=…`);
    /// the event is that form as JSON. Mailchimp signs nothing, so the URL it is given carries a
    /// token the server generates (`url_token`) and a delivery without it is refused.
    #[trigger(name = "Subscriber Added", webhook, subscribe = watch_subscribe)]
    async fn subscriber_added(&self, config: ListWebhookConfig, request: WebhookRequest) -> Result<Vec<ListEvent>> {
        list_events("subscribe", &config, &request)
    }

    /// Someone unsubscribed from the list
    #[trigger(name = "Subscriber Unsubscribed", webhook, subscribe = watch_unsubscribe)]
    async fn subscriber_removed(&self, config: ListWebhookConfig, request: WebhookRequest) -> Result<Vec<ListEvent>> {
        list_events("unsubscribe", &config, &request)
    }

    /// An address of the list was cleaned (it bounced or was reported as abuse)
    #[trigger(name = "Subscriber Cleaned", webhook, subscribe = watch_cleaned)]
    async fn subscriber_cleaned(&self, config: ListWebhookConfig, request: WebhookRequest) -> Result<Vec<ListEvent>> {
        list_events("cleaned", &config, &request)
    }

    /// A subscriber's profile (merge fields, preferences) changed
    #[trigger(name = "Subscriber Profile Updated", webhook, subscribe = watch_profile)]
    async fn subscriber_profile_updated(
        &self,
        config: ListWebhookConfig,
        request: WebhookRequest,
    ) -> Result<Vec<ListEvent>> {
        list_events("profile", &config, &request)
    }

    /// A subscriber's email address changed
    #[trigger(name = "Subscriber Email Changed", webhook, subscribe = watch_upemail)]
    async fn subscriber_email_changed(
        &self,
        config: ListWebhookConfig,
        request: WebhookRequest,
    ) -> Result<Vec<ListEvent>> {
        list_events("upemail", &config, &request)
    }

    /// A campaign was sent to the list
    #[trigger(name = "Campaign Sent", webhook, subscribe = watch_campaign)]
    async fn campaign_sent(&self, config: ListWebhookConfig, request: WebhookRequest) -> Result<Vec<ListEvent>> {
        list_events("campaign", &config, &request)
    }

    /// Registers a webhook on the list for `subscribe` events.
    async fn watch_subscribe(&self, config: ListWebhookConfig, context: SubscribeContext) -> Result<Subscription> {
        self.add_webhook(config, context, "subscribe").await
    }

    /// Registers a webhook on the list for `unsubscribe` events.
    async fn watch_unsubscribe(&self, config: ListWebhookConfig, context: SubscribeContext) -> Result<Subscription> {
        self.add_webhook(config, context, "unsubscribe").await
    }

    /// Registers a webhook on the list for `cleaned` events.
    async fn watch_cleaned(&self, config: ListWebhookConfig, context: SubscribeContext) -> Result<Subscription> {
        self.add_webhook(config, context, "cleaned").await
    }

    /// Registers a webhook on the list for `profile` events.
    async fn watch_profile(&self, config: ListWebhookConfig, context: SubscribeContext) -> Result<Subscription> {
        self.add_webhook(config, context, "profile").await
    }

    /// Registers a webhook on the list for `upemail` events.
    async fn watch_upemail(&self, config: ListWebhookConfig, context: SubscribeContext) -> Result<Subscription> {
        self.add_webhook(config, context, "upemail").await
    }

    /// Registers a webhook on the list for `campaign` events.
    async fn watch_campaign(&self, config: ListWebhookConfig, context: SubscribeContext) -> Result<Subscription> {
        self.add_webhook(config, context, "campaign").await
    }

    /// Removes the list's webhook; one already gone is fine.
    async fn remove_webhook(&self, config: ListWebhookConfig, subscription: Subscription) -> Result<()> {
        let list_id = subscription.state["listId"].as_str().unwrap_or(&config.list_id).to_owned();
        let path = format!("/lists/{}/webhooks/{}", path_segment(&list_id), path_segment(&subscription.upstream_id));
        match call_empty(self.http.delete(&path)).await {
            Err(error) if error.code != ErrorCode::NotFound => Err(error),
            _ => Ok(()),
        }
    }

    /// Pings the API, a cheap call that proves the key works
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        call(self.http.get("/ping")).await.map(drop)
    }
}

/// Mailchimp's event types, in the order of its `events` object.
const EVENT_TYPES: [&str; 6] = ["subscribe", "unsubscribe", "profile", "cleaned", "upemail", "campaign"];

impl Mailchimp {
    /// The base URL this connection sends its requests to: the API on the key's data center.
    pub fn api_base_url(&self) -> &str {
        self.http.base_url()
    }

    /// A list endpoint read with `count`/`offset`, page by page, up to `limit` items (all with
    /// `return_all`, until `total_items`, a short page or [`MAX_PAGES`]); the items are the
    /// answer's `key` array.
    async fn list(
        &self,
        path: &str,
        key: &str,
        query: Vec<(&str, String)>,
        return_all: Option<bool>,
        limit: Option<f64>,
        default_limit: usize,
    ) -> Result<Vec<Value>> {
        let wanted =
            if return_all.unwrap_or(false) { usize::MAX } else { count(limit, "limit", default_limit)?.max(1) };
        let mut items = Vec::new();
        for _ in 0..MAX_PAGES {
            let size = (wanted - items.len()).min(PAGE_SIZE);
            let mut page_query = query.clone();
            page_query.push(("count", size.to_string()));
            page_query.push(("offset", items.len().to_string()));
            let mut answer = call(self.http.get(path).query(&page_query)).await?;
            let total = answer["total_items"].as_u64().map(|t| t as usize);
            let page = match answer[key].take() {
                Value::Array(page) => page,
                Value::Null => Vec::new(),
                _ => {
                    return Err(ConnectorError::new(
                        ErrorCode::InvalidResponse,
                        format!("mailchimp's `{key}` is not an array"),
                    ))
                }
            };
            let got = page.len();
            items.extend(page);
            let exhausted = got < size || total.is_some_and(|total| items.len() >= total);
            if exhausted || items.len() >= wanted {
                break;
            }
        }
        Ok(items)
    }

    /// Adds or removes (`status` `active` or `inactive`) the member's tags; Mailchimp answers 204.
    async fn set_tags(&self, input: MemberTagsInput, status: &str) -> Result<Value> {
        let names = tag_names(&input.tags);
        if names.is_empty() {
            return Err(ConnectorError::invalid_input("`tags` has no tag names"));
        }
        let path = format!("{}/tags", member_path(&input.list_id, &input.email)?);
        let tags: Vec<Value> = names.iter().map(|name| json!({ "name": name, "status": status })).collect();
        let body = json!({ "tags": tags, "is_syncing": input.is_syncing.unwrap_or(false) });
        call_empty(self.http.post(&path).json(&body)).await?;
        Ok(json!({ "success": true, "email": input.email, "tags": names }))
    }

    /// Registers the webhook URL on the list for the events of type `kind` from the configured
    /// sources, unless a webhook with that URL is already there (then it is reused).
    async fn add_webhook(
        &self,
        config: ListWebhookConfig,
        context: SubscribeContext,
        kind: &str,
    ) -> Result<Subscription> {
        let path = format!("/lists/{}/webhooks", path_segment(&config.list_id));
        let existing = call(self.http.get(&path)).await?;
        let found = existing["webhooks"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|hook| hook["url"].as_str() == Some(context.webhook_url.as_str()))
            .and_then(|hook| hook["id"].as_str().map(str::to_owned));
        let id = match found {
            Some(id) => id,
            None => {
                let events: Map<String, Value> =
                    EVENT_TYPES.iter().map(|event| ((*event).to_owned(), Value::Bool(*event == kind))).collect();
                let sources = config.sources.unwrap_or(Sources::All);
                let source = |wanted: Sources| sources == Sources::All || sources == wanted;
                let body = json!({
                    "url": context.webhook_url,
                    "events": events,
                    "sources": {
                        "user": source(Sources::User),
                        "admin": source(Sources::Admin),
                        "api": source(Sources::Api),
                    },
                });
                let created = call(self.http.post(&path).json(&body)).await?;
                created["id"].as_str().map(str::to_owned).ok_or_else(|| {
                    ConnectorError::new(ErrorCode::InvalidResponse, "mailchimp did not return the webhook's id")
                })?
            }
        };
        let mut subscription = Subscription::new(id);
        subscription.state = json!({ "listId": config.list_id });
        Ok(subscription)
    }
}
