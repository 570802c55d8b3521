//! SendGrid (Twilio SendGrid): transactional email (`/mail/send`) and the Marketing Campaigns API
//! (contacts, lists, segments, Single Sends, their stats), dynamic templates and senders, and the
//! Event Webhook as triggers.
//!
//! Every request goes to `https://api.sendgrid.com/v3` with the API key as
//! `Authorization: Bearer <key>`. SendGrid reports errors as
//! `{"errors": [{"field": "...", "message": "..."}]}`; [`refused`] puts every field and message
//! in the error's message. Lists, Single Sends and templates are paged with `page_size` and
//! `page_token`, the next page's URL in `_metadata.next`; the actions follow the pages.
//!
//! The triggers register one Event Webhook per trigger (SendGrid's multiple-webhook API,
//! `/user/webhooks/event/settings`) with only the trigger's event turned on, and enable its
//! signature: SendGrid then signs every delivery with ECDSA P-256 and returns the verification
//! key, which is what checks the deliveries.

use fluxturn_core::http::{collect_pages, path_segment, Page};
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};

/// The most pages a "get all" action follows.
const MAX_PAGES: usize = 50;

/// The most contacts one `PUT /marketing/contacts` takes.
const MAX_CONTACTS: usize = 30_000;

/// Send email and manage SendGrid Marketing Campaigns contacts, lists, segments, Single Sends and
/// templates, and react to email events
///
/// Connects with an API key (Settings > API Keys in SendGrid) with the scopes of what the
/// workflows do: Mail Send, Marketing, Templates, and Event Webhook settings for the triggers.
#[connector(
    name = "sendgrid_marketing",
    display_name = "SendGrid (Marketing)",
    category = "marketing",
    base_url = "https://api.sendgrid.com/v3",
    icon = "icons/sendgrid_marketing.svg",
    rate_limit(requests_per_second = 5, requests_per_minute = 300),
    auth = api_key(header = "Authorization", prefix = "Bearer ", field = "apiKey"),
    credentials = SendgridMarketingCredentials,
)]
pub struct SendgridMarketing {
    http: Http,
}

/// What the user enters in the "Add SendGrid (Marketing)" form.
#[derive(Credentials)]
pub struct SendgridMarketingCredentials {
    /// An API key from Settings > API Keys in SendGrid (it starts with `SG.`)
    #[field(
        key = "apiKey",
        label = "Api Key",
        placeholder = "SG.xxxxxxxx",
        help_url = "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys",
        secret
    )]
    pub api_key: Secret<String>,
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// The input of `send_email`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendEmailInput {
    /// Blind-copy recipients: addresses separated by commas, each `a@example.com` or
    /// `Name <a@example.com>`
    #[field(label = "Bcc", input_type = "email")]
    pub bcc: Option<String>,
    /// Categories to tag the message with, separated by commas (up to 10)
    #[field(label = "Categories")]
    pub categories: Option<String>,
    /// Copy recipients: addresses separated by commas
    #[field(label = "Cc", input_type = "email")]
    pub cc: Option<String>,
    /// The plain-text body. One of `content`, `html` or `templateId` is needed
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
    /// The sender: a verified sender's address, or `Name <address>`
    #[field(label = "From", input_type = "email")]
    pub from: String,
    /// The HTML body
    #[field(label = "Html", input_type = "textarea")]
    pub html: Option<String>,
    /// Where replies go
    #[field(label = "Reply To", input_type = "email")]
    #[serde(rename = "replyTo")]
    pub reply_to: Option<String>,
    /// The subject (a dynamic template's own subject wins over it)
    #[field(label = "Subject")]
    pub subject: String,
    /// The data a dynamic template's `{{handlebars}}` are filled with
    #[field(label = "Template Data")]
    #[serde(rename = "templateData")]
    pub template_data: Option<Map<String, Value>>,
    /// A template's id (`d-...` for a dynamic template) whose content is sent
    #[field(label = "Template Id")]
    #[serde(rename = "templateId")]
    pub template_id: Option<String>,
    /// The recipients: addresses separated by commas, each `a@example.com` or `Name <a@example.com>`
    #[field(label = "To", input_type = "email")]
    pub to: String,
}

/// The input of `create_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateContactInput {
    /// The first line of the postal address
    #[field(label = "Address Line1")]
    #[serde(rename = "addressLine1")]
    pub address_line1: Option<String>,
    /// The second line of the postal address
    #[field(label = "Address Line2")]
    #[serde(rename = "addressLine2")]
    pub address_line2: Option<String>,
    /// City
    #[field(label = "City")]
    pub city: Option<String>,
    /// Country
    #[field(label = "Country")]
    pub country: Option<String>,
    /// Custom field values by custom field id (such as `{"e1_T": "gold"}`)
    #[field(label = "Custom Fields")]
    #[serde(rename = "customFields")]
    pub custom_fields: Option<Map<String, Value>>,
    /// The contact's email address: SendGrid adds the contact, or updates the one with this address
    #[field(label = "Email", input_type = "email")]
    pub email: String,
    /// First name
    #[field(label = "First Name")]
    #[serde(rename = "firstName")]
    pub first_name: Option<String>,
    /// Last name
    #[field(label = "Last Name")]
    #[serde(rename = "lastName")]
    pub last_name: Option<String>,
    /// Ids of the lists to add the contact to, separated by commas
    #[field(label = "List Ids")]
    #[serde(rename = "listIds")]
    pub list_ids: Option<String>,
    /// Phone number
    #[field(label = "Phone")]
    pub phone: Option<String>,
    /// Postal code
    #[field(label = "Postal Code")]
    #[serde(rename = "postalCode")]
    pub postal_code: Option<String>,
    /// State, province or region
    #[field(label = "State")]
    pub state: Option<String>,
}

/// The input of `update_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateContactInput {
    /// The first line of the postal address
    #[field(label = "Address Line1")]
    #[serde(rename = "addressLine1")]
    pub address_line1: Option<String>,
    /// The second line of the postal address
    #[field(label = "Address Line2")]
    #[serde(rename = "addressLine2")]
    pub address_line2: Option<String>,
    /// City
    #[field(label = "City")]
    pub city: Option<String>,
    /// Country
    #[field(label = "Country")]
    pub country: Option<String>,
    /// Custom field values by custom field id (such as `{"e1_T": "gold"}`)
    #[field(label = "Custom Fields")]
    #[serde(rename = "customFields")]
    pub custom_fields: Option<Map<String, Value>>,
    /// The email address of the contact to update; only the fields given change
    #[field(label = "Email", input_type = "email")]
    pub email: String,
    /// First name
    #[field(label = "First Name")]
    #[serde(rename = "firstName")]
    pub first_name: Option<String>,
    /// Last name
    #[field(label = "Last Name")]
    #[serde(rename = "lastName")]
    pub last_name: Option<String>,
    /// Phone number
    #[field(label = "Phone")]
    pub phone: Option<String>,
    /// Postal code
    #[field(label = "Postal Code")]
    #[serde(rename = "postalCode")]
    pub postal_code: Option<String>,
    /// State, province or region
    #[field(label = "State")]
    pub state: Option<String>,
}

/// The input of `get_contact` and `delete_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ContactRef {
    /// The contact's id (several, separated by commas, for `delete_contact`)
    #[field(label = "Contact Id")]
    #[serde(rename = "contactId")]
    pub contact_id: String,
}

/// The input of `get_contacts`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetContactsInput {
    /// The most contacts to return (SendGrid returns up to 50, its most recent)
    #[field(label = "Page Size", default = 50)]
    #[serde(rename = "pageSize")]
    pub page_size: Option<f64>,
    /// Not supported any more: SendGrid no longer pages its contacts (use Search Contacts)
    #[field(label = "Page Token")]
    #[serde(rename = "pageToken")]
    pub page_token: Option<String>,
}

/// The input of `search_contacts`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SearchContactsInput {
    /// An SGQL condition, such as `email LIKE 'ann%' AND CONTAINS(list_ids, '<list id>')`
    #[field(
        label = "Query",
        help_url = "https://www.twilio.com/docs/sendgrid/for-developers/sending-email/marketing-campaigns-v2-segmentation-query-reference"
    )]
    pub query: String,
}

/// The input of `bulk_import_contacts`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct BulkImportContactsInput {
    /// The contacts (up to 30,000): objects with `email` and SendGrid's fields (`first_name` or
    /// `firstName`, ...), or bare email addresses
    #[field(label = "Contacts")]
    pub contacts: Vec<Value>,
    /// Ids of the lists to add them to, separated by commas
    #[field(label = "List Ids")]
    #[serde(rename = "listIds")]
    pub list_ids: Option<String>,
}

/// The input of `create_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateListInput {
    /// The list's name
    #[field(label = "Name")]
    pub name: String,
}

/// The input of `update_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateListInput {
    /// The list's id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Its new name
    #[field(label = "Name")]
    pub name: String,
}

/// The input of `get_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetListInput {
    /// The list's id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The input of `get_lists`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetListsInput {
    /// How many lists each request reads (1 to 1000); every page is followed
    #[field(label = "Page Size", default = 50)]
    #[serde(rename = "pageSize")]
    pub page_size: Option<f64>,
}

/// The input of `delete_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteListInput {
    /// Also delete the list's contacts from the account
    #[field(label = "Delete Contacts", default = false)]
    #[serde(rename = "deleteContacts")]
    pub delete_contacts: Option<bool>,
    /// The list's id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The input of `add_contact_to_list` and `remove_contact_from_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListMembership {
    /// The contact's id (or, to add, its email address)
    #[field(label = "Contact Id")]
    #[serde(rename = "contactId")]
    pub contact_id: String,
    /// The list's id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The input of `create_segment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateSegmentInput {
    /// The segment's name
    #[field(label = "Name")]
    pub name: String,
    /// The list whose contacts the segment selects from (blank: every contact)
    #[field(label = "Parent List Id")]
    #[serde(rename = "parentListId")]
    pub parent_list_id: String,
    /// The SGQL query selecting the contacts, such as `SELECT contact_id, updated_at FROM contact_data WHERE country = 'NL'`
    #[field(label = "Query Dsl", input_type = "textarea")]
    #[serde(rename = "queryDsl")]
    pub query_dsl: String,
}

/// The input of `update_segment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateSegmentInput {
    /// A new name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// A new SGQL query
    #[field(label = "Query Dsl", input_type = "textarea")]
    #[serde(rename = "queryDsl")]
    pub query_dsl: Option<String>,
    /// The segment's id
    #[field(label = "Segment Id")]
    #[serde(rename = "segmentId")]
    pub segment_id: String,
}

/// The input of `get_segment` and `delete_segment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SegmentRef {
    /// The segment's id
    #[field(label = "Segment Id")]
    #[serde(rename = "segmentId")]
    pub segment_id: String,
}

/// The input of `get_segments`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetSegmentsInput {
    /// Only the segments of this list (blank: all)
    #[field(label = "Parent List Id")]
    #[serde(rename = "parentListId")]
    pub parent_list_id: Option<String>,
}

/// The input of `create_campaign`: a Single Send.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCampaignInput {
    /// Categories, separated by commas
    #[field(label = "Categories")]
    pub categories: Option<String>,
    /// The HTML content
    #[field(label = "Content", input_type = "textarea")]
    pub content: String,
    /// Ids of the lists to send to, separated by commas
    #[field(label = "List Ids")]
    #[serde(rename = "listIds")]
    pub list_ids: Option<String>,
    /// The Single Send's name
    #[field(label = "Name")]
    pub name: String,
    /// The plain-text content (blank: made from the HTML)
    #[field(label = "Plain Content", input_type = "textarea")]
    #[serde(rename = "plainContent")]
    pub plain_content: Option<String>,
    /// Ids of the segments to send to, separated by commas
    #[field(label = "Segment Ids")]
    #[serde(rename = "segmentIds")]
    pub segment_ids: Option<String>,
    /// The verified sender's id (see Get Sender Identities)
    #[field(label = "Sender Id")]
    #[serde(rename = "senderId")]
    pub sender_id: Option<f64>,
    /// The subject
    #[field(label = "Subject")]
    pub subject: String,
    /// The unsubscribe group's id
    #[field(label = "Suppression Group Id")]
    #[serde(rename = "suppressionGroupId")]
    pub suppression_group_id: Option<f64>,
}

/// The input of `update_campaign`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateCampaignInput {
    /// The Single Send's id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
    /// New HTML content
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
    /// New list ids, separated by commas (they replace the lists)
    #[field(label = "List Ids")]
    #[serde(rename = "listIds")]
    pub list_ids: Option<String>,
    /// A new name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// New plain-text content
    #[field(label = "Plain Content", input_type = "textarea")]
    #[serde(rename = "plainContent")]
    pub plain_content: Option<String>,
    /// New segment ids, separated by commas (they replace the segments)
    #[field(label = "Segment Ids")]
    #[serde(rename = "segmentIds")]
    pub segment_ids: Option<String>,
    /// A new subject
    #[field(label = "Subject")]
    pub subject: Option<String>,
}

/// The input of the actions on one Single Send.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CampaignRef {
    /// The Single Send's id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
}

/// The choices of `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum GetCampaignsInputStatus {
    /// Any status
    #[serde(rename = "")]
    Empty,
    /// draft
    #[serde(rename = "draft")]
    Draft,
    /// scheduled
    #[serde(rename = "scheduled")]
    Scheduled,
    /// in_progress
    #[serde(rename = "in_progress")]
    InProgress,
    /// sent
    #[serde(rename = "sent")]
    Sent,
    /// paused
    #[serde(rename = "paused")]
    Paused,
    /// canceled
    #[serde(rename = "canceled")]
    Canceled,
}

impl GetCampaignsInputStatus {
    /// SendGrid's name of the status; `None` for any.
    fn name(self) -> Option<&'static str> {
        Some(match self {
            Self::Empty => return None,
            Self::Draft => "draft",
            Self::Scheduled => "scheduled",
            Self::InProgress => "in_progress",
            Self::Sent => "sent",
            Self::Paused => "paused",
            Self::Canceled => "canceled",
        })
    }
}

/// The input of `get_campaigns`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCampaignsInput {
    /// How many Single Sends each request reads (1 to 100); every page is followed
    #[field(label = "Page Size", default = 50)]
    #[serde(rename = "pageSize")]
    pub page_size: Option<f64>,
    /// Only the Single Sends with this status
    #[field(label = "Status")]
    pub status: Option<GetCampaignsInputStatus>,
}

/// The input of `send_campaign`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendCampaignInput {
    /// The Single Send's id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
    /// When to send, as an ISO 8601 time such as `2026-12-01T09:00:00Z` (blank: now)
    #[field(label = "Send At")]
    #[serde(rename = "sendAt")]
    pub send_at: Option<String>,
}

/// The choices of `generation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum CreateTemplateInputGeneration {
    /// dynamic
    #[serde(rename = "dynamic")]
    Dynamic,
    /// legacy
    #[serde(rename = "legacy")]
    Legacy,
}

/// The input of `create_template`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateTemplateInput {
    /// Dynamic (handlebars) or legacy (`<%body%>`) template
    #[field(label = "Generation", default = "dynamic")]
    pub generation: Option<CreateTemplateInputGeneration>,
    /// The HTML content of its first, active version
    #[field(label = "Html Content", input_type = "textarea")]
    #[serde(rename = "htmlContent")]
    pub html_content: String,
    /// The template's name
    #[field(label = "Name")]
    pub name: String,
    /// The plain-text content (blank: made from the HTML)
    #[field(label = "Plain Content", input_type = "textarea")]
    #[serde(rename = "plainContent")]
    pub plain_content: Option<String>,
    /// The subject (blank: `{{subject}}`, filled from the template data)
    #[field(label = "Subject")]
    pub subject: Option<String>,
}

/// The input of `update_template`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateTemplateInput {
    /// New HTML content of the active version
    #[field(label = "Html Content", input_type = "textarea")]
    #[serde(rename = "htmlContent")]
    pub html_content: Option<String>,
    /// A new name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// New plain-text content of the active version
    #[field(label = "Plain Content", input_type = "textarea")]
    #[serde(rename = "plainContent")]
    pub plain_content: Option<String>,
    /// A new subject of the active version
    #[field(label = "Subject")]
    pub subject: Option<String>,
    /// The template's id
    #[field(label = "Template Id")]
    #[serde(rename = "templateId")]
    pub template_id: String,
}

/// The input of `get_template` and `delete_template`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TemplateRef {
    /// The template's id
    #[field(label = "Template Id")]
    #[serde(rename = "templateId")]
    pub template_id: String,
}

/// The choices of `generations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum GetTemplatesInputGenerations {
    /// dynamic
    #[serde(rename = "dynamic")]
    Dynamic,
    /// legacy
    #[serde(rename = "legacy")]
    Legacy,
}

/// The input of `get_templates`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetTemplatesInput {
    /// Which templates: dynamic or legacy
    #[field(label = "Generations", default = "dynamic")]
    pub generations: Option<GetTemplatesInputGenerations>,
    /// How many templates each request reads (1 to 200); every page is followed
    #[field(label = "Page Size", default = 50)]
    #[serde(rename = "pageSize")]
    pub page_size: Option<f64>,
}

/// The configuration of the Event Webhook triggers: none, each trigger registers its own webhook.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct EventWebhookConfig {}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// `error` in SendGrid's words: every `{"field", "message"}` of its `errors` body goes in the
/// message (`` `email`: invalid email ``), prefixed with what SendGrid refused to do. The code,
/// status and details are kept (400 invalid input, 401 unauthorized, 403 forbidden, 404 not
/// found, 429 rate limited).
pub fn refused(what: &str, mut error: ConnectorError) -> ConnectorError {
    let body = error.details["upstream_body"].as_str().and_then(|b| serde_json::from_str::<Value>(b).ok());
    let said: Vec<String> = body
        .as_ref()
        .and_then(|b| b["errors"].as_array())
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let message = e["message"].as_str().map(str::trim).filter(|m| !m.is_empty())?;
            Some(match e["field"].as_str().map(str::trim).filter(|f| !f.is_empty()) {
                Some(field) => format!("`{field}`: {message}"),
                None => message.to_owned(),
            })
        })
        .collect();
    error.message = if said.is_empty() {
        format!("SendGrid refused to {what}: {}", error.message)
    } else {
        format!("SendGrid refused to {what}: SendGrid answered {}: {}", error.status, said.join("; "))
    };
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

/// Text that must not be blank, trimmed.
fn required<'a>(field: &str, text: &'a str) -> Result<&'a str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` cannot be blank")));
    }
    Ok(text)
}

/// The text of an optional field, `None` when blank.
fn filled(text: Option<&String>) -> Option<&str> {
    text.map(|t| t.trim()).filter(|t| !t.is_empty())
}

/// A comma-separated list of ids or names, blanks dropped.
fn split(text: Option<&String>) -> Vec<String> {
    filled(text)
        .map(|t| t.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// `fields` as a JSON object, the `None`s left out.
fn object(fields: impl IntoIterator<Item = (&'static str, Option<Value>)>) -> Value {
    let map: Map<String, Value> =
        fields.into_iter().filter_map(|(key, value)| Some((key.to_owned(), value?))).collect();
    Value::Object(map)
}

/// An optional text field as a JSON string, `None` when blank.
fn text(value: Option<&String>) -> Option<Value> {
    filled(value).map(|t| json!(t))
}

/// A whole, positive id from a number field.
fn whole(field: &str, value: Option<f64>) -> Result<Option<Value>> {
    match value {
        None => Ok(None),
        Some(v) if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v < 9.0e15 => Ok(Some(json!(v as u64))),
        Some(v) => Err(ConnectorError::invalid_input(format!("`{field}` must be a whole number, not {v}"))),
    }
}

/// A page size between 1 and `max`, `default` when not given.
fn page_size(value: Option<f64>, max: u32, default: u32) -> Result<u32> {
    match value {
        None => Ok(default),
        Some(v) if v.is_finite() && v >= 1.0 && v.fract() == 0.0 && v <= f64::from(max) => Ok(v as u32),
        Some(v) => {
            Err(ConnectorError::invalid_input(format!("`pageSize` must be a whole number from 1 to {max}, not {v}")))
        }
    }
}

/// An email address, as SendGrid takes it: `a@example.com` or `Name <a@example.com>` becomes
/// `{"email", "name"}`.
fn address(field: &str, text: &str) -> Result<Value> {
    let text = text.trim();
    let (name, email) = match (text.rfind('<'), text.strip_suffix('>')) {
        (Some(open), Some(inner)) => (Some(text[..open].trim().trim_matches('"').trim()), inner[open + 1..].trim()),
        _ => (None, text),
    };
    if email.is_empty() || !email.contains('@') || email.contains(char::is_whitespace) {
        return Err(ConnectorError::invalid_input(format!(
            "`{field}` holds `{text}`, which is not an email address (write `a@example.com` or `Name <a@example.com>`)"
        )));
    }
    Ok(match name.filter(|n| !n.is_empty()) {
        Some(name) => json!({"email": email, "name": name}),
        None => json!({"email": email}),
    })
}

/// The comma-separated addresses of `field`, each as [`address`].
fn addresses(field: &str, text: Option<&String>) -> Result<Vec<Value>> {
    filled(text)
        .map(|t| t.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|a| address(field, a)).collect())
        .unwrap_or_else(|| Ok(vec![]))
}

/// A contact as `PUT /marketing/contacts` takes it, from the fields FluxTurn's forms name.
#[allow(clippy::too_many_arguments)]
fn contact(
    email: &str,
    first_name: Option<&String>,
    last_name: Option<&String>,
    phone: Option<&String>,
    address_line1: Option<&String>,
    address_line2: Option<&String>,
    city: Option<&String>,
    state: Option<&String>,
    postal_code: Option<&String>,
    country: Option<&String>,
    custom_fields: Option<&Map<String, Value>>,
) -> Result<Value> {
    let email = required("email", email)?;
    Ok(object([
        ("email", Some(json!(email))),
        ("first_name", text(first_name)),
        ("last_name", text(last_name)),
        ("phone_number", text(phone)),
        ("address_line_1", text(address_line1)),
        ("address_line_2", text(address_line2)),
        ("city", text(city)),
        ("state_province_region", text(state)),
        ("postal_code", text(postal_code)),
        ("country", text(country)),
        ("custom_fields", custom_fields.filter(|c| !c.is_empty()).map(|c| Value::Object(c.clone()))),
    ]))
}

/// FluxTurn's camelCase contact keys and SendGrid's names for them.
const CONTACT_KEYS: [(&str, &str); 10] = [
    ("firstName", "first_name"),
    ("lastName", "last_name"),
    ("phone", "phone_number"),
    ("phoneNumber", "phone_number"),
    ("addressLine1", "address_line_1"),
    ("addressLine2", "address_line_2"),
    ("state", "state_province_region"),
    ("postalCode", "postal_code"),
    ("customFields", "custom_fields"),
    ("alternateEmails", "alternate_emails"),
];

/// One contact of `bulk_import_contacts`: an object, its camelCase keys renamed to SendGrid's, or
/// a bare email address.
fn import_contact(index: usize, value: &Value) -> Result<Value> {
    let mut contact = match value {
        Value::String(email) => json!({"email": email.trim()}),
        Value::Object(fields) => {
            let renamed: Map<String, Value> = fields
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(key, v)| {
                    let key =
                        CONTACT_KEYS.iter().find(|(ours, _)| ours == key).map_or(key.as_str(), |(_, theirs)| theirs);
                    (key.to_owned(), v.clone())
                })
                .collect();
            Value::Object(renamed)
        }
        other => {
            return Err(ConnectorError::invalid_input(format!(
                "`contacts[{index}]` is {other}: give a contact object with `email`, or an email address"
            )))
        }
    };
    let email = contact["email"].as_str().map(str::trim).unwrap_or_default().to_owned();
    if email.is_empty() && contact.get("external_id").is_none() && contact.get("phone_number_id").is_none() {
        return Err(ConnectorError::invalid_input(format!("`contacts[{index}]` has no `email`")));
    }
    if !email.is_empty() {
        contact["email"] = json!(email);
    }
    Ok(contact)
}

/// The `page_token` of a page's `_metadata.next` URL.
fn next_token(page: &Value) -> Option<String> {
    let next = page.pointer("/_metadata/next")?.as_str()?;
    let (_, query) = next.split_once('?')?;
    form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == "page_token").map(|(_, v)| v.into_owned())
}

/// The answer of a request SendGrid answers without a body (204): what was done, else the answer.
fn done(response: &fluxturn_core::http::Response, fields: Value) -> Result<Value> {
    let answer: Value = response.json()?;
    Ok(match answer {
        Value::Null => fields,
        Value::Object(mut map) => {
            if let Value::Object(extra) = fields {
                for (key, value) in extra {
                    map.entry(key).or_insert(value);
                }
            }
            Value::Object(map)
        }
        other => other,
    })
}

/// Each trigger, the Event Webhook setting that turns its events on, and the `event` its
/// deliveries carry.
pub const EVENTS: [(&str, &str, &str); 9] = [
    ("email_delivered", "delivered", "delivered"),
    ("email_opened", "open", "open"),
    ("email_clicked", "click", "click"),
    ("email_bounced", "bounce", "bounce"),
    ("email_dropped", "dropped", "dropped"),
    ("email_unsubscribed", "unsubscribe", "unsubscribe"),
    ("spam_report", "spam_report", "spamreport"),
    ("group_unsubscribed", "group_unsubscribe", "group_unsubscribe"),
    ("group_resubscribed", "group_resubscribe", "group_resubscribe"),
];

/// Every event setting of an Event Webhook: a new webhook turns on only its trigger's.
const EVENT_SETTINGS: [&str; 11] = [
    "processed",
    "deferred",
    "delivered",
    "open",
    "click",
    "bounce",
    "dropped",
    "unsubscribe",
    "spam_report",
    "group_unsubscribe",
    "group_resubscribe",
];

/// The events of `event` in one Event Webhook delivery: SendGrid posts a JSON array of events of
/// every kind the webhook is set for; those of another kind are left out.
fn events_of(request: &WebhookRequest, event: &str) -> Result<Vec<Value>> {
    let events = match request.json()? {
        Value::Array(events) => events,
        single @ Value::Object(_) => vec![single],
        _ => return Err(ConnectorError::invalid_input("a SendGrid Event Webhook delivery is a JSON array of events")),
    };
    Ok(events.into_iter().filter(|e| e["event"].as_str() == Some(event)).collect())
}

/// An Event Webhook as `GET /user/webhooks/event/settings/all` lists it.
#[derive(Deserialize)]
struct EventWebhook {
    id: String,
    #[serde(default)]
    url: String,
}

/// `GET /user/webhooks/event/settings/all`.
#[derive(Deserialize)]
struct EventWebhooks {
    #[serde(default)]
    webhooks: Vec<EventWebhook>,
}

/// What `PATCH /user/webhooks/event/settings/signed/{id}` answers.
#[derive(Deserialize)]
struct Signing {
    #[serde(default)]
    public_key: Option<String>,
}

impl SendgridMarketing {
    /// `GET path` with `query`, in SendGrid's words when refused.
    async fn read(&self, path: &str, query: &[(&str, String)], what: &str) -> Result<Value> {
        self.http.get(path).query(query).send_json().await.map_err(|e| refused(what, e))
    }

    /// `method path` with the JSON `body`, in SendGrid's words when refused.
    async fn write(&self, method: &str, path: &str, body: &Value, what: &str) -> Result<Value> {
        let response = self.http.request(method, path).json(body).send().await.map_err(|e| refused(what, e))?;
        response.json()
    }

    /// `DELETE path` with `query`; an empty answer becomes `fields`.
    async fn remove(&self, path: &str, query: &[(&str, String)], what: &str, fields: Value) -> Result<Value> {
        let response = self.http.delete(path).query(query).send().await.map_err(|e| refused(what, e))?;
        done(&response, fields)
    }

    /// Every item of a paged list: `fetch(token)` reads one page, whose items are under `key`.
    async fn all_pages(
        &self,
        method: &str,
        path: &str,
        query: Vec<(&str, String)>,
        body: Option<Value>,
        what: &str,
    ) -> Result<Value> {
        let items = collect_pages(MAX_PAGES, usize::MAX, |token: Option<String>| {
            let mut query = query.clone();
            let body = body.clone();
            async move {
                query.extend(token.map(|t| ("page_token", t)));
                let mut request = self.http.request(method, path).query(&query);
                if let Some(body) = &body {
                    request = request.json(body);
                }
                let page: Value = request.send_json().await.map_err(|e| refused(what, e))?;
                let items = page["result"].as_array().cloned().unwrap_or_default();
                Ok(Page { next: next_token(&page).filter(|_| !items.is_empty()), items })
            }
        })
        .await?;
        Ok(json!({ "result": items }))
    }

    /// Upserts `contacts` (with `list_ids` when given): SendGrid queues the job and answers its id.
    async fn upsert(&self, contacts: Vec<Value>, list_ids: Vec<String>, what: &str) -> Result<Value> {
        if contacts.len() > MAX_CONTACTS {
            return Err(ConnectorError::invalid_input(format!(
                "SendGrid takes up to {MAX_CONTACTS} contacts a request, not {}",
                contacts.len()
            )));
        }
        let body = object([
            ("list_ids", (!list_ids.is_empty()).then(|| json!(list_ids))),
            ("contacts", Some(json!(contacts))),
        ]);
        self.write("PUT", "/marketing/contacts", &body, what).await
    }

    /// The Event Webhook sending `setting`'s events to the context's URL, signed, and its
    /// verification key. A webhook already registered for that URL is updated rather than
    /// doubled, so subscribing again leaves one.
    async fn ensure_webhook(&self, trigger: &str, setting: &str, context: SubscribeContext) -> Result<Subscription> {
        let mut body = json!({
            "enabled": true,
            "url": context.webhook_url,
            "friendly_name": format!("FluxTurn {trigger}"),
        });
        for name in EVENT_SETTINGS {
            body[name] = json!(name == setting);
        }
        let listed: EventWebhooks = self
            .http
            .get("/user/webhooks/event/settings/all")
            .send_json()
            .await
            .map_err(|e| refused("list the Event Webhooks", e))?;
        let id = match listed.webhooks.into_iter().find(|w| w.url == context.webhook_url) {
            Some(found) => {
                let path = format!("/user/webhooks/event/settings/{}", path_segment(&found.id));
                self.write("PATCH", &path, &body, "update the Event Webhook").await?;
                found.id
            }
            None => {
                let saved =
                    self.write("POST", "/user/webhooks/event/settings", &body, "create the Event Webhook").await?;
                saved["id"].as_str().filter(|id| !id.is_empty()).map(str::to_owned).ok_or_else(|| {
                    ConnectorError::new(
                        ErrorCode::InvalidResponse,
                        "SendGrid created the Event Webhook but returned no id",
                    )
                })?
            }
        };
        let path = format!("/user/webhooks/event/settings/signed/{}", path_segment(&id));
        let signing: Signing = self
            .http
            .patch(&path)
            .json(&json!({"enabled": true}))
            .send_json()
            .await
            .map_err(|e| refused("enable the Event Webhook's signature", e))?;
        let key = signing.public_key.filter(|k| !k.trim().is_empty()).ok_or_else(|| {
            ConnectorError::new(
                ErrorCode::InvalidResponse,
                "SendGrid enabled the Event Webhook's signature but returned no verification key",
            )
        })?;
        Ok(Subscription { secret: Some(key), ..Subscription::new(id) })
    }
}

#[actions(webhooks(verify = "sendgrid", secret = "generated", event_id = "/sg_event_id", unsubscribe = delete_webhook))]
impl SendgridMarketing {
    /// Send an email: plain text, HTML or a dynamic template with its data
    #[action(name = "Send Email", category = "Email", icon = "send", http(method = "POST", endpoint = "/mail/send"))]
    async fn send_email(&self, input: SendEmailInput) -> Result<Value> {
        let to = addresses("to", Some(&input.to))?;
        if to.is_empty() {
            return Err(ConnectorError::invalid_input("`to` cannot be blank"));
        }
        let mut personalization = json!({ "to": to });
        for (field, value) in [("cc", &input.cc), ("bcc", &input.bcc)] {
            let list = addresses(field, value.as_ref())?;
            if !list.is_empty() {
                personalization[field] = json!(list);
            }
        }
        if let Some(data) = input.template_data.filter(|d| !d.is_empty()) {
            personalization["dynamic_template_data"] = Value::Object(data);
        }
        // SendGrid wants the plain text first, then the HTML.
        let mut content = Vec::new();
        if let Some(text) = filled(input.content.as_ref()) {
            content.push(json!({"type": "text/plain", "value": text}));
        }
        if let Some(html) = filled(input.html.as_ref()) {
            content.push(json!({"type": "text/html", "value": html}));
        }
        let template_id = filled(input.template_id.as_ref());
        if content.is_empty() && template_id.is_none() {
            return Err(ConnectorError::invalid_input("give the email's `content`, `html` or a `templateId`"));
        }
        let categories = split(input.categories.as_ref());
        let body = object([
            ("personalizations", Some(json!([personalization]))),
            ("from", Some(address("from", &input.from)?)),
            ("reply_to", filled(input.reply_to.as_ref()).map(|r| address("replyTo", r)).transpose()?),
            ("subject", Some(json!(required("subject", &input.subject)?))),
            ("content", (!content.is_empty()).then(|| json!(content))),
            ("template_id", template_id.map(|t| json!(t))),
            ("categories", (!categories.is_empty()).then(|| json!(categories))),
        ]);
        let response =
            self.http.post("/mail/send").json(&body).send().await.map_err(|e| refused("send the email", e))?;
        let message_id = response.headers.get("x-message-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
        Ok(json!({"success": true, "accepted": true, "status": response.status, "messageId": message_id}))
    }

    /// Add a contact, or update the one with its email address (SendGrid queues the change and
    /// answers the job's id)
    #[action(
        name = "Create Contact",
        category = "Contacts",
        icon = "user-plus",
        http(method = "PUT", endpoint = "/marketing/contacts")
    )]
    async fn create_contact(&self, input: CreateContactInput) -> Result<Value> {
        let contact = contact(
            &input.email,
            input.first_name.as_ref(),
            input.last_name.as_ref(),
            input.phone.as_ref(),
            input.address_line1.as_ref(),
            input.address_line2.as_ref(),
            input.city.as_ref(),
            input.state.as_ref(),
            input.postal_code.as_ref(),
            input.country.as_ref(),
            input.custom_fields.as_ref(),
        )?;
        self.upsert(vec![contact], split(input.list_ids.as_ref()), "add the contact").await
    }

    /// Update the contact with an email address: only the fields given change
    #[action(
        name = "Update Contact",
        category = "Contacts",
        icon = "user",
        http(method = "PUT", endpoint = "/marketing/contacts")
    )]
    async fn update_contact(&self, input: UpdateContactInput) -> Result<Value> {
        let contact = contact(
            &input.email,
            input.first_name.as_ref(),
            input.last_name.as_ref(),
            input.phone.as_ref(),
            input.address_line1.as_ref(),
            input.address_line2.as_ref(),
            input.city.as_ref(),
            input.state.as_ref(),
            input.postal_code.as_ref(),
            input.country.as_ref(),
            input.custom_fields.as_ref(),
        )?;
        self.upsert(vec![contact], vec![], "update the contact").await
    }

    /// Get a contact by its id
    #[action(
        name = "Get Contact",
        category = "Contacts",
        icon = "user",
        http(method = "GET", endpoint = "/marketing/contacts/{contactId}")
    )]
    async fn get_contact(&self, input: ContactRef) -> Result<Value> {
        let path = format!("/marketing/contacts/{}", segment("contactId", &input.contact_id)?);
        self.read(&path, &[], "read the contact").await
    }

    /// Get the most recent contacts (up to 50) and the number of contacts
    #[action(
        name = "Get All Contacts",
        category = "Contacts",
        icon = "users",
        http(method = "GET", endpoint = "/marketing/contacts")
    )]
    async fn get_contacts(&self, input: GetContactsInput) -> Result<Value> {
        if filled(input.page_token.as_ref()).is_some() {
            return Err(ConnectorError::new(
                ErrorCode::NotSupported,
                "SendGrid no longer pages its contacts (`pageToken`): it returns its 50 most recent; use Search Contacts to find others",
            ));
        }
        let limit = page_size(input.page_size, 50, 50)? as usize;
        let mut answer = self.read("/marketing/contacts", &[], "list the contacts").await?;
        if let Some(result) = answer.get_mut("result").and_then(Value::as_array_mut) {
            result.truncate(limit);
        }
        Ok(answer)
    }

    /// Find contacts with an SGQL query
    #[action(
        name = "Search Contacts",
        category = "Contacts",
        icon = "search",
        http(method = "POST", endpoint = "/marketing/contacts/search")
    )]
    async fn search_contacts(&self, input: SearchContactsInput) -> Result<Value> {
        let body = json!({"query": required("query", &input.query)?});
        self.write("POST", "/marketing/contacts/search", &body, "search the contacts").await
    }

    /// Delete contacts by their ids (SendGrid queues the deletion and answers the job's id)
    #[action(
        name = "Delete Contact",
        category = "Contacts",
        icon = "trash",
        http(method = "DELETE", endpoint = "/marketing/contacts")
    )]
    async fn delete_contact(&self, input: ContactRef) -> Result<Value> {
        let ids = split(Some(&input.contact_id));
        if ids.is_empty() {
            return Err(ConnectorError::invalid_input("`contactId` cannot be blank"));
        }
        let query = [("ids", ids.join(","))];
        self.remove(
            "/marketing/contacts",
            &query,
            "delete the contact",
            json!({"deleted": true, "contactId": ids.join(",")}),
        )
        .await
    }

    /// Add or update many contacts at once (up to 30,000), optionally into lists
    #[action(
        name = "Bulk Import Contacts",
        category = "Contacts",
        icon = "upload",
        http(method = "PUT", endpoint = "/marketing/contacts")
    )]
    async fn bulk_import_contacts(&self, input: BulkImportContactsInput) -> Result<Value> {
        if input.contacts.is_empty() {
            return Err(ConnectorError::invalid_input("`contacts` cannot be empty"));
        }
        let contacts =
            input.contacts.iter().enumerate().map(|(i, c)| import_contact(i, c)).collect::<Result<Vec<_>>>()?;
        self.upsert(contacts, split(input.list_ids.as_ref()), "import the contacts").await
    }

    /// Create a contact list
    #[action(
        name = "Create List",
        category = "Lists",
        icon = "plus",
        http(method = "POST", endpoint = "/marketing/lists")
    )]
    async fn create_list(&self, input: CreateListInput) -> Result<Value> {
        let body = json!({"name": required("name", &input.name)?});
        self.write("POST", "/marketing/lists", &body, "create the list").await
    }

    /// Rename a contact list
    #[action(
        name = "Update List",
        category = "Lists",
        icon = "edit",
        http(method = "PATCH", endpoint = "/marketing/lists/{listId}")
    )]
    async fn update_list(&self, input: UpdateListInput) -> Result<Value> {
        let path = format!("/marketing/lists/{}", segment("listId", &input.list_id)?);
        let body = json!({"name": required("name", &input.name)?});
        self.write("PATCH", &path, &body, "rename the list").await
    }

    /// Get a contact list with its contact count
    #[action(
        name = "Get List",
        category = "Lists",
        icon = "list",
        http(method = "GET", endpoint = "/marketing/lists/{listId}")
    )]
    async fn get_list(&self, input: GetListInput) -> Result<Value> {
        let path = format!("/marketing/lists/{}", segment("listId", &input.list_id)?);
        self.read(&path, &[], "read the list").await
    }

    /// Get every contact list, following the pages
    #[action(
        name = "Get All Lists",
        category = "Lists",
        icon = "list",
        http(method = "GET", endpoint = "/marketing/lists")
    )]
    async fn get_lists(&self, input: GetListsInput) -> Result<Value> {
        let size = page_size(input.page_size, 1000, 50)?;
        self.all_pages("GET", "/marketing/lists", vec![("page_size", size.to_string())], None, "list the lists").await
    }

    /// Delete a contact list, and its contacts if asked
    #[action(
        name = "Delete List",
        category = "Lists",
        icon = "trash",
        http(method = "DELETE", endpoint = "/marketing/lists/{listId}")
    )]
    async fn delete_list(&self, input: DeleteListInput) -> Result<Value> {
        let path = format!("/marketing/lists/{}", segment("listId", &input.list_id)?);
        let query = [("delete_contacts", input.delete_contacts.unwrap_or(false).to_string())];
        self.remove(&path, &query, "delete the list", json!({"deleted": true, "listId": input.list_id.trim()})).await
    }

    /// Add a contact to a list: SendGrid adds contacts to lists by their email address, so a
    /// contact id is first read for it
    #[action(
        name = "Add Contact to List",
        category = "Lists",
        icon = "user-plus",
        http(method = "PUT", endpoint = "/marketing/contacts")
    )]
    async fn add_contact_to_list(&self, input: ListMembership) -> Result<Value> {
        let list = required("listId", &input.list_id)?.to_owned();
        let contact = required("contactId", &input.contact_id)?;
        let email = if contact.contains('@') {
            contact.to_owned()
        } else {
            let path = format!("/marketing/contacts/{}", path_segment(contact));
            let found = self.read(&path, &[], "read the contact").await?;
            found["email"].as_str().filter(|e| !e.is_empty()).map(str::to_owned).ok_or_else(|| {
                ConnectorError::new(
                    ErrorCode::InvalidResponse,
                    "SendGrid returned the contact without its email address",
                )
            })?
        };
        self.upsert(vec![json!({ "email": email })], vec![list], "add the contact to the list").await
    }

    /// Remove a contact from a list (the contact stays in the account)
    #[action(
        name = "Remove Contact from List",
        category = "Lists",
        icon = "user-minus",
        http(method = "DELETE", endpoint = "/marketing/lists/{listId}/contacts")
    )]
    async fn remove_contact_from_list(&self, input: ListMembership) -> Result<Value> {
        let path = format!("/marketing/lists/{}/contacts", segment("listId", &input.list_id)?);
        let ids = split(Some(&input.contact_id));
        if ids.is_empty() {
            return Err(ConnectorError::invalid_input("`contactId` cannot be blank"));
        }
        let query = [("contact_ids", ids.join(","))];
        self.remove(&path, &query, "remove the contact from the list", json!({"removed": true})).await
    }

    /// Create a segment: the contacts an SGQL query selects
    #[action(
        name = "Create Segment",
        category = "Segments",
        icon = "plus",
        http(method = "POST", endpoint = "/marketing/segments/2.0")
    )]
    async fn create_segment(&self, input: CreateSegmentInput) -> Result<Value> {
        let parent = filled(Some(&input.parent_list_id)).map(|id| json!([id]));
        let body = object([
            ("name", Some(json!(required("name", &input.name)?))),
            ("query_dsl", Some(json!(required("queryDsl", &input.query_dsl)?))),
            ("parent_list_ids", parent),
        ]);
        self.write("POST", "/marketing/segments/2.0", &body, "create the segment").await
    }

    /// Rename a segment or change its query
    #[action(
        name = "Update Segment",
        category = "Segments",
        icon = "edit",
        http(method = "PATCH", endpoint = "/marketing/segments/2.0/{segmentId}")
    )]
    async fn update_segment(&self, input: UpdateSegmentInput) -> Result<Value> {
        let path = format!("/marketing/segments/2.0/{}", segment("segmentId", &input.segment_id)?);
        let body = object([("name", text(input.name.as_ref())), ("query_dsl", text(input.query_dsl.as_ref()))]);
        if body.as_object().is_some_and(Map::is_empty) {
            return Err(ConnectorError::invalid_input("give a new `name` or `queryDsl`"));
        }
        self.write("PATCH", &path, &body, "update the segment").await
    }

    /// Get a segment with its query and contact count
    #[action(
        name = "Get Segment",
        category = "Segments",
        icon = "filter",
        http(method = "GET", endpoint = "/marketing/segments/2.0/{segmentId}")
    )]
    async fn get_segment(&self, input: SegmentRef) -> Result<Value> {
        let path = format!("/marketing/segments/2.0/{}", segment("segmentId", &input.segment_id)?);
        self.read(&path, &[], "read the segment").await
    }

    /// Get every segment, or those of one list
    #[action(
        name = "Get All Segments",
        category = "Segments",
        icon = "filter",
        http(method = "GET", endpoint = "/marketing/segments/2.0")
    )]
    async fn get_segments(&self, input: GetSegmentsInput) -> Result<Value> {
        let query: Vec<(&str, String)> =
            filled(input.parent_list_id.as_ref()).map(|id| ("parent_list_ids", id.to_owned())).into_iter().collect();
        self.read("/marketing/segments/2.0", &query, "list the segments").await
    }

    /// Delete a segment (its contacts stay)
    #[action(
        name = "Delete Segment",
        category = "Segments",
        icon = "trash",
        http(method = "DELETE", endpoint = "/marketing/segments/2.0/{segmentId}")
    )]
    async fn delete_segment(&self, input: SegmentRef) -> Result<Value> {
        let path = format!("/marketing/segments/2.0/{}", segment("segmentId", &input.segment_id)?);
        self.remove(&path, &[], "delete the segment", json!({"deleted": true, "segmentId": input.segment_id.trim()}))
            .await
    }

    /// Create a Single Send (a marketing campaign) as a draft
    #[action(
        name = "Create Campaign",
        category = "Campaigns",
        icon = "plus",
        http(method = "POST", endpoint = "/marketing/singlesends")
    )]
    async fn create_campaign(&self, input: CreateCampaignInput) -> Result<Value> {
        let (lists, segments) = (split(input.list_ids.as_ref()), split(input.segment_ids.as_ref()));
        let plain = text(input.plain_content.as_ref());
        let email_config = object([
            ("subject", Some(json!(required("subject", &input.subject)?))),
            ("html_content", Some(json!(required("content", &input.content)?))),
            ("generate_plain_content", Some(json!(plain.is_none()))),
            ("plain_content", plain),
            ("editor", Some(json!("code"))),
            ("sender_id", whole("senderId", input.sender_id)?),
            ("suppression_group_id", whole("suppressionGroupId", input.suppression_group_id)?),
        ]);
        let categories = split(input.categories.as_ref());
        let body = object([
            ("name", Some(json!(required("name", &input.name)?))),
            ("categories", (!categories.is_empty()).then(|| json!(categories))),
            ("send_to", Some(json!({"list_ids": lists, "segment_ids": segments}))),
            ("email_config", Some(email_config)),
        ]);
        self.write("POST", "/marketing/singlesends", &body, "create the Single Send").await
    }

    /// Change a Single Send's name, subject, content or recipients; the rest of its settings stay
    #[action(
        name = "Update Campaign",
        category = "Campaigns",
        icon = "edit",
        http(method = "PATCH", endpoint = "/marketing/singlesends/{campaignId}")
    )]
    async fn update_campaign(&self, input: UpdateCampaignInput) -> Result<Value> {
        let path = format!("/marketing/singlesends/{}", segment("campaignId", &input.campaign_id)?);
        let changes = object([
            ("subject", text(input.subject.as_ref())),
            ("html_content", text(input.content.as_ref())),
            ("plain_content", text(input.plain_content.as_ref())),
        ]);
        let recipients = object([
            ("list_ids", filled(input.list_ids.as_ref()).map(|_| json!(split(input.list_ids.as_ref())))),
            ("segment_ids", filled(input.segment_ids.as_ref()).map(|_| json!(split(input.segment_ids.as_ref())))),
        ]);
        let mut body = object([("name", text(input.name.as_ref()))]);
        let (changes, recipients) =
            (changes.as_object().cloned().unwrap_or_default(), recipients.as_object().cloned().unwrap_or_default());
        if !changes.is_empty() || !recipients.is_empty() {
            // SendGrid replaces `email_config` and `send_to` whole: merge the changes into the current ones.
            let current = self.read(&path, &[], "read the Single Send").await?;
            for (key, overlay) in [("email_config", changes), ("send_to", recipients)] {
                if overlay.is_empty() {
                    continue;
                }
                let mut merged = current[key].as_object().cloned().unwrap_or_default();
                merged.extend(overlay);
                if key == "email_config"
                    && merged.get("plain_content").is_some_and(|p| !p.is_null())
                    && input.plain_content.is_some()
                {
                    merged.insert("generate_plain_content".into(), json!(false));
                }
                body[key] = Value::Object(merged);
            }
        }
        if body.as_object().is_some_and(Map::is_empty) {
            return Err(ConnectorError::invalid_input(
                "give something to change: `name`, `subject`, `content`, `plainContent`, `listIds` or `segmentIds`",
            ));
        }
        self.write("PATCH", &path, &body, "update the Single Send").await
    }

    /// Get a Single Send
    #[action(
        name = "Get Campaign",
        category = "Campaigns",
        icon = "mail",
        http(method = "GET", endpoint = "/marketing/singlesends/{campaignId}")
    )]
    async fn get_campaign(&self, input: CampaignRef) -> Result<Value> {
        let path = format!("/marketing/singlesends/{}", segment("campaignId", &input.campaign_id)?);
        self.read(&path, &[], "read the Single Send").await
    }

    /// Get every Single Send, or those with one status, following the pages
    #[action(
        name = "Get All Campaigns",
        category = "Campaigns",
        icon = "mail",
        http(method = "GET", endpoint = "/marketing/singlesends")
    )]
    async fn get_campaigns(&self, input: GetCampaignsInput) -> Result<Value> {
        let query = vec![("page_size", page_size(input.page_size, 100, 50)?.to_string())];
        match input.status.and_then(GetCampaignsInputStatus::name) {
            Some(status) => {
                let body = json!({ "status": [status] });
                self.all_pages("POST", "/marketing/singlesends/search", query, Some(body), "search the Single Sends")
                    .await
            }
            None => self.all_pages("GET", "/marketing/singlesends", query, None, "list the Single Sends").await,
        }
    }

    /// Delete a Single Send
    #[action(
        name = "Delete Campaign",
        category = "Campaigns",
        icon = "trash",
        http(method = "DELETE", endpoint = "/marketing/singlesends/{campaignId}")
    )]
    async fn delete_campaign(&self, input: CampaignRef) -> Result<Value> {
        let path = format!("/marketing/singlesends/{}", segment("campaignId", &input.campaign_id)?);
        self.remove(
            &path,
            &[],
            "delete the Single Send",
            json!({"deleted": true, "campaignId": input.campaign_id.trim()}),
        )
        .await
    }

    /// Send a Single Send now, or schedule it
    #[action(
        name = "Send Campaign",
        category = "Campaigns",
        icon = "send",
        http(method = "PUT", endpoint = "/marketing/singlesends/{campaignId}/schedule")
    )]
    async fn send_campaign(&self, input: SendCampaignInput) -> Result<Value> {
        let path = format!("/marketing/singlesends/{}/schedule", segment("campaignId", &input.campaign_id)?);
        let send_at = filled(input.send_at.as_ref()).unwrap_or("now");
        self.write("PUT", &path, &json!({ "send_at": send_at }), "schedule the Single Send").await
    }

    /// Stop a scheduled Single Send: its schedule is cancelled and it returns to draft
    #[action(
        name = "Pause Campaign",
        category = "Campaigns",
        icon = "pause",
        http(method = "DELETE", endpoint = "/marketing/singlesends/{campaignId}/schedule")
    )]
    async fn pause_campaign(&self, input: CampaignRef) -> Result<Value> {
        let path = format!("/marketing/singlesends/{}/schedule", segment("campaignId", &input.campaign_id)?);
        self.remove(
            &path,
            &[],
            "cancel the Single Send's schedule",
            json!({"campaignId": input.campaign_id.trim(), "status": "draft"}),
        )
        .await
    }

    /// Get a Single Send's statistics: requests, deliveries, opens, clicks, bounces, ...
    #[action(
        name = "Get Campaign Stats",
        category = "Campaigns",
        icon = "bar-chart",
        http(method = "GET", endpoint = "/marketing/stats/singlesends/{campaignId}")
    )]
    async fn get_campaign_stats(&self, input: CampaignRef) -> Result<Value> {
        let path = format!("/marketing/stats/singlesends/{}", segment("campaignId", &input.campaign_id)?);
        self.read(&path, &[], "read the Single Send's statistics").await
    }

    /// Create a template with its first, active version
    #[action(
        name = "Create Template",
        category = "Templates",
        icon = "plus",
        http(method = "POST", endpoint = "/templates")
    )]
    async fn create_template(&self, input: CreateTemplateInput) -> Result<Value> {
        let name = required("name", &input.name)?;
        let html = required("htmlContent", &input.html_content)?;
        let generation = input.generation.unwrap_or(CreateTemplateInputGeneration::Dynamic);
        let (generation, default_subject) = match generation {
            CreateTemplateInputGeneration::Dynamic => ("dynamic", "{{subject}}"),
            CreateTemplateInputGeneration::Legacy => ("legacy", "<%subject%>"),
        };
        let mut template = self
            .write("POST", "/templates", &json!({"name": name, "generation": generation}), "create the template")
            .await?;
        let id = template["id"].as_str().filter(|id| !id.is_empty()).map(str::to_owned).ok_or_else(|| {
            ConnectorError::new(ErrorCode::InvalidResponse, "SendGrid created the template but returned no id")
        })?;
        let plain = text(input.plain_content.as_ref());
        let version = object([
            ("name", Some(json!(name))),
            ("subject", Some(json!(filled(input.subject.as_ref()).unwrap_or(default_subject)))),
            ("html_content", Some(json!(html))),
            ("generate_plain_content", Some(json!(plain.is_none()))),
            ("plain_content", plain),
            ("active", Some(json!(1))),
        ]);
        let path = format!("/templates/{}/versions", path_segment(&id));
        let version = self.write("POST", &path, &version, "create the template's version").await?;
        template["versions"] = json!([version]);
        Ok(template)
    }

    /// Rename a template, or change the subject or content of its active version
    #[action(
        name = "Update Template",
        category = "Templates",
        icon = "edit",
        http(method = "PATCH", endpoint = "/templates/{templateId}")
    )]
    async fn update_template(&self, input: UpdateTemplateInput) -> Result<Value> {
        let path = format!("/templates/{}", segment("templateId", &input.template_id)?);
        let changes = object([
            ("subject", text(input.subject.as_ref())),
            ("html_content", text(input.html_content.as_ref())),
            ("plain_content", text(input.plain_content.as_ref())),
        ]);
        let name = filled(input.name.as_ref());
        let has_changes = changes.as_object().is_some_and(|c| !c.is_empty());
        if name.is_none() && !has_changes {
            return Err(ConnectorError::invalid_input(
                "give something to change: `name`, `subject`, `htmlContent` or `plainContent`",
            ));
        }
        let mut template = match name {
            Some(name) => self.write("PATCH", &path, &json!({ "name": name }), "rename the template").await?,
            None => self.read(&path, &[], "read the template").await?,
        };
        if has_changes {
            let versions = match template["versions"].as_array() {
                Some(versions) => versions.clone(),
                None => self.read(&path, &[], "read the template").await?["versions"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            };
            let active =
                versions.iter().find(|v| v["active"] == json!(1)).and_then(|v| v["id"].as_str()).ok_or_else(|| {
                    ConnectorError::new(
                        ErrorCode::NotFound,
                        "the template has no active version to change: create one in SendGrid first",
                    )
                })?;
            let version_path = format!("{path}/versions/{}", path_segment(active));
            let version = self.write("PATCH", &version_path, &changes, "update the template's active version").await?;
            let others = versions.into_iter().filter(|v| v["id"] != version["id"]);
            template["versions"] = json!(std::iter::once(version.clone()).chain(others).collect::<Vec<_>>());
        }
        Ok(template)
    }

    /// Get a template with its versions
    #[action(
        name = "Get Template",
        category = "Templates",
        icon = "file",
        http(method = "GET", endpoint = "/templates/{templateId}")
    )]
    async fn get_template(&self, input: TemplateRef) -> Result<Value> {
        let path = format!("/templates/{}", segment("templateId", &input.template_id)?);
        self.read(&path, &[], "read the template").await
    }

    /// Get every dynamic (or legacy) template, following the pages
    #[action(
        name = "Get All Templates",
        category = "Templates",
        icon = "file",
        http(method = "GET", endpoint = "/templates")
    )]
    async fn get_templates(&self, input: GetTemplatesInput) -> Result<Value> {
        let generations = match input.generations.unwrap_or(GetTemplatesInputGenerations::Dynamic) {
            GetTemplatesInputGenerations::Dynamic => "dynamic",
            GetTemplatesInputGenerations::Legacy => "legacy",
        };
        let query = vec![
            ("generations", generations.to_owned()),
            ("page_size", page_size(input.page_size, 200, 50)?.to_string()),
        ];
        self.all_pages("GET", "/templates", query, None, "list the templates").await
    }

    /// Delete a template and its versions
    #[action(
        name = "Delete Template",
        category = "Templates",
        icon = "trash",
        http(method = "DELETE", endpoint = "/templates/{templateId}")
    )]
    async fn delete_template(&self, input: TemplateRef) -> Result<Value> {
        let path = format!("/templates/{}", segment("templateId", &input.template_id)?);
        self.remove(&path, &[], "delete the template", json!({"deleted": true, "templateId": input.template_id.trim()}))
            .await
    }

    /// Get the account's senders, whose ids Single Sends send from
    #[action(
        name = "Get Sender Identities",
        category = "Senders",
        icon = "user-check",
        http(method = "GET", endpoint = "/marketing/senders")
    )]
    async fn get_senders(&self) -> Result<Value> {
        self.read("/marketing/senders", &[], "list the senders").await
    }

    /// An email was delivered to the recipient's server
    #[trigger(name = "Email Delivered", webhook, subscribe = subscribe_delivered)]
    async fn email_delivered(&self, _config: EventWebhookConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        events_of(&request, "delivered")
    }

    /// A recipient opened an email (open tracking on)
    #[trigger(name = "Email Opened", webhook, subscribe = subscribe_open)]
    async fn email_opened(&self, _config: EventWebhookConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        events_of(&request, "open")
    }

    /// A recipient clicked a link in an email (click tracking on)
    #[trigger(name = "Link Clicked", webhook, subscribe = subscribe_click)]
    async fn email_clicked(&self, _config: EventWebhookConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        events_of(&request, "click")
    }

    /// The recipient's server refused an email for good
    #[trigger(name = "Email Bounced", webhook, subscribe = subscribe_bounce)]
    async fn email_bounced(&self, _config: EventWebhookConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        events_of(&request, "bounce")
    }

    /// SendGrid dropped an email without sending it (a suppressed or invalid address)
    #[trigger(name = "Email Dropped", webhook, subscribe = subscribe_dropped)]
    async fn email_dropped(&self, _config: EventWebhookConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        events_of(&request, "dropped")
    }

    /// A recipient unsubscribed from every email
    #[trigger(name = "Unsubscribed", webhook, subscribe = subscribe_unsubscribe)]
    async fn email_unsubscribed(&self, _config: EventWebhookConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        events_of(&request, "unsubscribe")
    }

    /// A recipient marked an email as spam
    #[trigger(name = "Spam Report", webhook, subscribe = subscribe_spam_report)]
    async fn spam_report(&self, _config: EventWebhookConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        events_of(&request, "spamreport")
    }

    /// A recipient unsubscribed from an unsubscribe group
    #[trigger(name = "Group Unsubscribed", webhook, subscribe = subscribe_group_unsubscribe)]
    async fn group_unsubscribed(&self, _config: EventWebhookConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        events_of(&request, "group_unsubscribe")
    }

    /// A recipient subscribed to an unsubscribe group again
    #[trigger(name = "Group Resubscribed", webhook, subscribe = subscribe_group_resubscribe)]
    async fn group_resubscribed(&self, _config: EventWebhookConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        events_of(&request, "group_resubscribe")
    }

    /// Registers the signed Event Webhook of `email_delivered`.
    async fn subscribe_delivered(
        &self,
        _config: EventWebhookConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("email_delivered", "delivered", context).await
    }

    /// Registers the signed Event Webhook of `email_opened`.
    async fn subscribe_open(&self, _config: EventWebhookConfig, context: SubscribeContext) -> Result<Subscription> {
        self.ensure_webhook("email_opened", "open", context).await
    }

    /// Registers the signed Event Webhook of `email_clicked`.
    async fn subscribe_click(&self, _config: EventWebhookConfig, context: SubscribeContext) -> Result<Subscription> {
        self.ensure_webhook("email_clicked", "click", context).await
    }

    /// Registers the signed Event Webhook of `email_bounced`.
    async fn subscribe_bounce(&self, _config: EventWebhookConfig, context: SubscribeContext) -> Result<Subscription> {
        self.ensure_webhook("email_bounced", "bounce", context).await
    }

    /// Registers the signed Event Webhook of `email_dropped`.
    async fn subscribe_dropped(&self, _config: EventWebhookConfig, context: SubscribeContext) -> Result<Subscription> {
        self.ensure_webhook("email_dropped", "dropped", context).await
    }

    /// Registers the signed Event Webhook of `email_unsubscribed`.
    async fn subscribe_unsubscribe(
        &self,
        _config: EventWebhookConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("email_unsubscribed", "unsubscribe", context).await
    }

    /// Registers the signed Event Webhook of `spam_report`.
    async fn subscribe_spam_report(
        &self,
        _config: EventWebhookConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("spam_report", "spam_report", context).await
    }

    /// Registers the signed Event Webhook of `group_unsubscribed`.
    async fn subscribe_group_unsubscribe(
        &self,
        _config: EventWebhookConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("group_unsubscribed", "group_unsubscribe", context).await
    }

    /// Registers the signed Event Webhook of `group_resubscribed`.
    async fn subscribe_group_resubscribe(
        &self,
        _config: EventWebhookConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("group_resubscribed", "group_resubscribe", context).await
    }

    /// Deletes a subscription's Event Webhook; one SendGrid no longer has (404) is already gone.
    async fn delete_webhook<C>(&self, _config: C, subscription: Subscription) -> Result<()> {
        let path = format!("/user/webhooks/event/settings/{}", path_segment(&subscription.upstream_id));
        match self.http.delete(&path).send().await {
            Ok(_) => Ok(()),
            Err(error) if error.code == ErrorCode::NotFound => Ok(()),
            Err(error) => Err(refused("delete the Event Webhook", error)),
        }
    }

    /// Reads the API key's scopes (`GET /scopes`): proves the key works, whatever it may do.
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/scopes").send().await.map(drop).map_err(|e| refused("read the API key's scopes", e))
    }
}
