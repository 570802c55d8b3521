use fluxturn_core::http::{collect_pages, path_segment, Page};
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};

/// Manage HubSpot CRM companies, contacts, deals, tickets, engagements and lists, and react to
/// their changes
///
/// Requests go to `https://api.hubapi.com` (CRM v3 objects and search), authenticated with a
/// private app's access token, or with OAuth2 through HubSpot's own endpoints (HubSpot does not
/// take PKCE). The triggers receive the webhook deliveries of a HubSpot app, signed with
/// `X-HubSpot-Signature-v3` and the app's client secret; HubSpot keeps an app's webhook
/// subscriptions in the app's settings (its API needs the developer account's key and the app
/// id), so the trigger's webhook URL is pasted there.
#[connector(
    name = "hubspot",
    display_name = "HubSpot",
    category = "crm",
    base_url = "https://api.hubapi.com",
    icon = "icons/hubspot.svg",
    rate_limit(requests_per_second = 10),
    auth = [
        bearer_token(field = "appToken"),
        bearer_token(field = "apiKey"),
        oauth2(
            authorization_url = "https://app.hubspot.com/oauth/authorize",
            token_url = "https://api.hubapi.com/oauth/v1/token",
            scopes = ["crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.companies.write", "crm.objects.deals.read", "crm.objects.deals.write", "crm.schemas.contacts.read", "crm.schemas.companies.read", "crm.schemas.deals.read", "crm.lists.read", "crm.lists.write", "tickets"],
        ),
    ],
    credentials = HubspotCredentials,
)]
pub struct Hubspot {
    http: Http,
}

/// How the connection authenticates.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum HubspotAuthType {
    /// OAuth2 (Recommended)
    #[serde(rename = "oauth2")]
    OAuth2,
    /// App Token
    #[serde(rename = "appToken")]
    AppToken,
    /// API Key (Legacy)
    #[serde(rename = "apiKey")]
    ApiKey,
}

/// What the user enters in the "Add HubSpot" form.
#[derive(Credentials)]
pub struct HubspotCredentials {
    /// OAuth2, a private app's access token, or a legacy key
    #[field(key = "authType", label = "Authentication Type", default = "oauth2")]
    pub auth_type: HubspotAuthType,
    /// HubSpot retired account API keys in 2022: paste a private app's access token (sent as a
    /// bearer token, as an App Token is)
    #[field(
        key = "apiKey",
        label = "API Key",
        secret,
        required,
        show(authType = ["apiKey"]),
        help_url = "https://developers.hubspot.com/docs/api/migrate-an-api-key-integration-to-a-private-app"
    )]
    pub api_key: Option<Secret<String>>,
    /// The access token of a private app (Settings > Integrations > Private Apps), `pat-...`
    #[field(
        key = "appToken",
        label = "App Token",
        placeholder = "pat-na1-...",
        secret,
        required,
        show(authType = ["appToken"]),
        help_url = "https://developers.hubspot.com/docs/api/private-apps"
    )]
    pub app_token: Option<Secret<String>>,
    /// The client secret of the HubSpot app whose webhooks call FluxTurn (Auth tab of the app):
    /// only the triggers need it, to check each delivery's signature
    #[field(key = "clientSecret", label = "Client Secret (for triggers)", secret)]
    pub client_secret: Option<Secret<String>>,
}

/// The input of `create_company`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCompanyInput {
    /// Additional Fields
    #[field(label = "Additional Fields")]
    #[serde(rename = "additionalFields")]
    pub additional_fields: Option<Map<String, Value>>,
    /// City
    #[field(label = "City")]
    pub city: Option<String>,
    /// Domain
    #[field(label = "Domain")]
    pub domain: Option<String>,
    /// Industry
    #[field(label = "Industry")]
    pub industry: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Phone
    #[field(label = "Phone")]
    pub phone: Option<String>,
    /// State
    #[field(label = "State")]
    pub state: Option<String>,
}

/// The input of `update_company`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateCompanyInput {
    /// Additional Fields
    #[field(label = "Additional Fields")]
    #[serde(rename = "additionalFields")]
    pub additional_fields: Option<Map<String, Value>>,
    /// Company Id
    #[field(label = "Company Id")]
    #[serde(rename = "companyId")]
    pub company_id: String,
    /// Domain
    #[field(label = "Domain")]
    pub domain: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
}

/// The input of `get_company`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCompanyInput {
    /// Company Id
    #[field(label = "Company Id")]
    #[serde(rename = "companyId")]
    pub company_id: String,
    /// Properties
    #[field(label = "Properties")]
    pub properties: Option<String>,
}

/// The input of `delete_company`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteCompanyInput {
    /// Company Id
    #[field(label = "Company Id")]
    #[serde(rename = "companyId")]
    pub company_id: String,
}

/// The input of `search_companies`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SearchCompaniesInput {
    /// Domain
    #[field(label = "Domain")]
    pub domain: Option<String>,
    /// Limit
    #[field(label = "Limit", default = 10)]
    pub limit: Option<f64>,
    /// Properties
    #[field(label = "Properties")]
    pub properties: Option<String>,
}

/// The choices of `lifecyclestage`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateContactInputLifecyclestage {
    /// subscriber
    #[serde(rename = "subscriber")]
    Subscriber,
    /// lead
    #[serde(rename = "lead")]
    Lead,
    /// marketingqualifiedlead
    #[serde(rename = "marketingqualifiedlead")]
    Marketingqualifiedlead,
    /// salesqualifiedlead
    #[serde(rename = "salesqualifiedlead")]
    Salesqualifiedlead,
    /// opportunity
    #[serde(rename = "opportunity")]
    Opportunity,
    /// customer
    #[serde(rename = "customer")]
    Customer,
    /// evangelist
    #[serde(rename = "evangelist")]
    Evangelist,
    /// other
    #[serde(rename = "other")]
    Other,
}

/// The input of `create_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateContactInput {
    /// Additional Fields
    #[field(label = "Additional Fields")]
    #[serde(rename = "additionalFields")]
    pub additional_fields: Option<Map<String, Value>>,
    /// Company
    #[field(label = "Company")]
    pub company: Option<String>,
    /// Email
    #[field(label = "Email", input_type = "email")]
    pub email: String,
    /// Firstname
    #[field(label = "Firstname")]
    pub firstname: Option<String>,
    /// Lastname
    #[field(label = "Lastname")]
    pub lastname: Option<String>,
    /// Lifecyclestage
    #[field(label = "Lifecyclestage")]
    pub lifecyclestage: Option<CreateContactInputLifecyclestage>,
    /// Phone
    #[field(label = "Phone")]
    pub phone: Option<String>,
    /// Website
    #[field(label = "Website", input_type = "url")]
    pub website: Option<String>,
}

/// The input of `update_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateContactInput {
    /// Additional Fields
    #[field(label = "Additional Fields")]
    #[serde(rename = "additionalFields")]
    pub additional_fields: Option<Map<String, Value>>,
    /// Contact Id
    #[field(label = "Contact Id")]
    #[serde(rename = "contactId")]
    pub contact_id: String,
    /// Email
    #[field(label = "Email", input_type = "email")]
    pub email: Option<String>,
    /// Firstname
    #[field(label = "Firstname")]
    pub firstname: Option<String>,
    /// Lastname
    #[field(label = "Lastname")]
    pub lastname: Option<String>,
}

/// The input of `get_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetContactInput {
    /// Contact Id
    #[field(label = "Contact Id")]
    #[serde(rename = "contactId")]
    pub contact_id: String,
    /// Properties
    #[field(label = "Properties")]
    pub properties: Option<String>,
}

/// The input of `delete_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteContactInput {
    /// Contact Id
    #[field(label = "Contact Id")]
    #[serde(rename = "contactId")]
    pub contact_id: String,
}

/// The input of `search_contacts`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SearchContactsInput {
    /// Email
    #[field(label = "Email", input_type = "email")]
    pub email: Option<String>,
    /// Limit
    #[field(label = "Limit", default = 10)]
    pub limit: Option<f64>,
}

/// The input of `create_deal`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateDealInput {
    /// Additional Fields
    #[field(label = "Additional Fields")]
    #[serde(rename = "additionalFields")]
    pub additional_fields: Option<Map<String, Value>>,
    /// Amount
    #[field(label = "Amount")]
    pub amount: Option<f64>,
    /// Associated Company Ids
    #[field(label = "Associated Company Ids")]
    #[serde(rename = "associatedCompanyIds")]
    pub associated_company_ids: Option<Vec<Value>>,
    /// Associated Contact Ids
    #[field(label = "Associated Contact Ids")]
    #[serde(rename = "associatedContactIds")]
    pub associated_contact_ids: Option<Vec<Value>>,
    /// Closedate
    #[field(label = "Closedate")]
    pub closedate: Option<String>,
    /// Dealname
    #[field(label = "Dealname")]
    pub dealname: String,
    /// Dealstage
    #[field(label = "Dealstage")]
    pub dealstage: String,
    /// Pipeline
    #[field(label = "Pipeline")]
    pub pipeline: Option<String>,
}

/// The input of `update_deal`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateDealInput {
    /// Additional Fields
    #[field(label = "Additional Fields")]
    #[serde(rename = "additionalFields")]
    pub additional_fields: Option<Map<String, Value>>,
    /// Amount
    #[field(label = "Amount")]
    pub amount: Option<f64>,
    /// Deal Id
    #[field(label = "Deal Id")]
    #[serde(rename = "dealId")]
    pub deal_id: String,
    /// Dealname
    #[field(label = "Dealname")]
    pub dealname: Option<String>,
    /// Dealstage
    #[field(label = "Dealstage")]
    pub dealstage: Option<String>,
}

/// The input of `get_deal`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetDealInput {
    /// Deal Id
    #[field(label = "Deal Id")]
    #[serde(rename = "dealId")]
    pub deal_id: String,
    /// Properties
    #[field(label = "Properties")]
    pub properties: Option<String>,
}

/// The input of `delete_deal`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteDealInput {
    /// Deal Id
    #[field(label = "Deal Id")]
    #[serde(rename = "dealId")]
    pub deal_id: String,
}

/// The input of `search_deals`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SearchDealsInput {
    /// Limit
    #[field(label = "Limit", default = 10)]
    pub limit: Option<f64>,
}

/// The choices of `hs_ticket_priority`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateTicketInputHsTicketPriority {
    /// LOW
    #[serde(rename = "LOW")]
    Low,
    /// MEDIUM
    #[serde(rename = "MEDIUM")]
    Medium,
    /// HIGH
    #[serde(rename = "HIGH")]
    High,
}

/// The input of `create_ticket`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateTicketInput {
    /// Additional Fields
    #[field(label = "Additional Fields")]
    #[serde(rename = "additionalFields")]
    pub additional_fields: Option<Map<String, Value>>,
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: String,
    /// Hs Pipeline
    #[field(label = "Hs Pipeline")]
    pub hs_pipeline: Option<String>,
    /// Hs Pipeline Stage
    #[field(label = "Hs Pipeline Stage")]
    pub hs_pipeline_stage: Option<String>,
    /// Hs Ticket Priority
    #[field(label = "Hs Ticket Priority")]
    pub hs_ticket_priority: Option<CreateTicketInputHsTicketPriority>,
    /// Subject
    #[field(label = "Subject")]
    pub subject: String,
}

/// The input of `update_ticket`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateTicketInput {
    /// Additional Fields
    #[field(label = "Additional Fields")]
    #[serde(rename = "additionalFields")]
    pub additional_fields: Option<Map<String, Value>>,
    /// Hs Pipeline Stage
    #[field(label = "Hs Pipeline Stage")]
    pub hs_pipeline_stage: Option<String>,
    /// Subject
    #[field(label = "Subject")]
    pub subject: Option<String>,
    /// Ticket Id
    #[field(label = "Ticket Id")]
    #[serde(rename = "ticketId")]
    pub ticket_id: String,
}

/// The input of `get_ticket`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetTicketInput {
    /// Ticket Id
    #[field(label = "Ticket Id")]
    #[serde(rename = "ticketId")]
    pub ticket_id: String,
}

/// The input of `delete_ticket`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteTicketInput {
    /// Ticket Id
    #[field(label = "Ticket Id")]
    #[serde(rename = "ticketId")]
    pub ticket_id: String,
}

/// The choices of `type`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateEngagementInputType {
    /// CALL
    #[serde(rename = "CALL")]
    Call,
    /// EMAIL
    #[serde(rename = "EMAIL")]
    Email,
    /// MEETING
    #[serde(rename = "MEETING")]
    Meeting,
    /// TASK
    #[serde(rename = "TASK")]
    Task,
    /// NOTE
    #[serde(rename = "NOTE")]
    Note,
}

/// The input of `create_engagement`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateEngagementInput {
    /// Associated Company Ids
    #[field(label = "Associated Company Ids")]
    #[serde(rename = "associatedCompanyIds")]
    pub associated_company_ids: Option<Vec<Value>>,
    /// Associated Contact Ids
    #[field(label = "Associated Contact Ids")]
    #[serde(rename = "associatedContactIds")]
    pub associated_contact_ids: Option<Vec<Value>>,
    /// Associated Deal Ids
    #[field(label = "Associated Deal Ids")]
    #[serde(rename = "associatedDealIds")]
    pub associated_deal_ids: Option<Vec<Value>>,
    /// Body
    #[field(label = "Body", input_type = "textarea")]
    pub body: Option<String>,
    /// Owner Id
    #[field(label = "Owner Id")]
    #[serde(rename = "ownerId")]
    pub owner_id: Option<String>,
    /// Subject
    #[field(label = "Subject")]
    pub subject: Option<String>,
    /// Timestamp
    #[field(label = "Timestamp")]
    pub timestamp: Option<String>,
    /// Type
    #[field(label = "Type")]
    pub r#type: CreateEngagementInputType,
}

/// The input of `add_contact_to_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddContactToListInput {
    /// Contact Ids
    #[field(label = "Contact Ids")]
    #[serde(rename = "contactIds")]
    pub contact_ids: Option<Vec<Value>>,
    /// Emails
    #[field(label = "Emails")]
    pub emails: Option<Vec<Value>>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The input of `remove_contact_from_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RemoveContactFromListInput {
    /// Contact Ids
    #[field(label = "Contact Ids")]
    #[serde(rename = "contactIds")]
    pub contact_ids: Option<Vec<Value>>,
    /// Emails
    #[field(label = "Emails")]
    pub emails: Option<Vec<Value>>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The configuration of `company_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CompanyCreatedConfig {
    /// Subscription Details
    #[field(label = "Subscription Details")]
    #[serde(rename = "subscriptionDetails")]
    pub subscription_details: Option<Map<String, Value>>,
}

/// The configuration of `company_deleted`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CompanyDeletedConfig {}

/// The configuration of `company_property_changed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CompanyPropertyChangedConfig {
    /// Property Name
    #[field(label = "Property Name")]
    #[serde(rename = "propertyName")]
    pub property_name: Option<String>,
}

/// The configuration of `contact_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ContactCreatedConfig {}

/// The configuration of `contact_deleted`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ContactDeletedConfig {}

/// The configuration of `contact_property_changed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ContactPropertyChangedConfig {
    /// Property Name
    #[field(label = "Property Name")]
    #[serde(rename = "propertyName")]
    pub property_name: Option<String>,
}

/// The configuration of `deal_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DealCreatedConfig {}

/// The configuration of `deal_deleted`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DealDeletedConfig {}

/// The configuration of `deal_property_changed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DealPropertyChangedConfig {
    /// Property Name
    #[field(label = "Property Name")]
    #[serde(rename = "propertyName")]
    pub property_name: Option<String>,
}

/// The configuration of `ticket_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TicketCreatedConfig {}

/// The configuration of `ticket_deleted`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TicketDeletedConfig {}

/// The configuration of `ticket_property_changed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct TicketPropertyChangedConfig {
    /// Property Name
    #[field(label = "Property Name")]
    #[serde(rename = "propertyName")]
    pub property_name: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The most records one search page returns (HubSpot's limit is 200).
const SEARCH_PAGE: usize = 100;
/// HubSpot's search stops at 10,000 results.
const SEARCH_MAX: usize = 10_000;

/// A HubSpot error (`{status, message, category, correlationId, errors: [...]}`) in its own words.
pub fn refine(mut error: ConnectorError) -> ConnectorError {
    let body = error.details["upstream_body"].as_str().and_then(|b| serde_json::from_str::<Value>(b).ok());
    let Some(problem) = body.filter(|b| b.get("message").is_some()) else {
        return error;
    };
    let text = problem["message"].as_str().unwrap_or("error");
    let mut message = format!("hubspot answered {}", error.status);
    if let Some(category) = problem["category"].as_str() {
        message.push_str(&format!(" {category}"));
    }
    message.push_str(&format!(": {text}"));
    let details: Vec<&str> = problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["message"].as_str())
        .filter(|m| *m != text)
        .collect();
    if !details.is_empty() {
        message.push_str(&format!(" ({})", details.join("; ")));
    }
    if let Some(id) = problem["correlationId"].as_str() {
        message.push_str(&format!(" [correlationId {id}]"));
    }
    error.message = message;
    error
}

/// A property value as HubSpot stores it: text (numbers without a needless `.0`).
fn property_text(value: &Value) -> Value {
    match value {
        Value::String(_) => value.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => Value::String(format!("{}", f as i64)),
            _ => Value::String(n.to_string()),
        },
        Value::Bool(b) => Value::String(b.to_string()),
        other => other.clone(),
    }
}

/// The CRM `properties` of an input: its fields (named as HubSpot's properties) less `skip`,
/// nulls left out, then `additionalFields` for any property the form has no field for.
fn properties<T: Serialize>(input: &T, skip: &[&str]) -> Map<String, Value> {
    let Ok(Value::Object(fields)) = serde_json::to_value(input) else { return Map::new() };
    let mut properties = Map::new();
    for (key, value) in &fields {
        if value.is_null() || key == "additionalFields" || skip.contains(&key.as_str()) {
            continue;
        }
        properties.insert(key.clone(), property_text(value));
    }
    if let Some(Value::Object(extra)) = fields.get("additionalFields") {
        for (key, value) in extra {
            if !value.is_null() {
                properties.entry(key.clone()).or_insert_with(|| property_text(value));
            }
        }
    }
    properties
}

/// Ids given as numbers or text, as text.
fn id_texts(ids: Option<&Vec<Value>>) -> Vec<String> {
    ids.into_iter()
        .flatten()
        .filter_map(|id| match id {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .collect()
}

/// Ids as numbers where they are numeric (the v1 APIs take numbers).
fn id_numbers(ids: Option<&Vec<Value>>) -> Vec<Value> {
    id_texts(ids).into_iter().map(|id| id.parse::<u64>().map_or(Value::String(id), Value::from)).collect()
}

/// The `properties` query of a read: HubSpot takes a comma-separated list.
fn property_query(properties: Option<&str>) -> Vec<(&'static str, String)> {
    properties
        .map(|p| p.split(',').map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(","))
        .filter(|p| !p.is_empty())
        .map(|p| vec![("properties", p)])
        .unwrap_or_default()
}

/// The limit a user gave, at least 1, at most what search can return.
fn search_limit(limit: Option<f64>) -> Result<usize> {
    let limit = limit.unwrap_or(10.0);
    if limit.is_nan() || limit < 1.0 {
        return Err(ConnectorError::invalid_input("`limit` must be at least 1"));
    }
    Ok((limit as usize).min(SEARCH_MAX))
}

/// Milliseconds since the epoch from a timestamp the user gave: milliseconds as they are, or an
/// RFC 3339 date-time; now when none is given.
fn epoch_millis(timestamp: Option<&str>) -> Result<i64> {
    let Some(text) = timestamp.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)));
    };
    if let Ok(millis) = text.parse::<i64>() {
        return Ok(millis);
    }
    rfc3339_millis(text).ok_or_else(|| {
        ConnectorError::invalid_input(format!(
            "`timestamp` must be milliseconds since 1970 or a date-time such as 2026-01-31T09:30:00Z, not `{text}`"
        ))
    })
}

/// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` as milliseconds since the epoch.
fn rfc3339_millis(text: &str) -> Option<i64> {
    let number = |s: &str| s.parse::<i64>().ok();
    let (date, time) = text.split_once(['T', ' '])?;
    let mut d = date.split('-');
    let (y, m, day) = (number(d.next()?)?, number(d.next()?)?, number(d.next()?)?);
    let (clock, offset) = if let Some(c) = time.strip_suffix('Z') {
        (c, 0)
    } else {
        let at = time.rfind(['+', '-'])?;
        let (c, o) = time.split_at(at);
        let (oh, om) = o[1..].split_once(':')?;
        let minutes = number(oh)? * 60 + number(om)?;
        (c, if o.starts_with('-') { -minutes } else { minutes })
    };
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let mut t = hms.split(':');
    let (h, mi, s) = (number(t.next()?)?, number(t.next()?)?, number(t.next()?)?);
    let millis = number(&format!("{fraction:0<3}")[..3])?;
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 86_400 + h * 3600 + mi * 60 + s - offset * 60) * 1000) + millis)
}

/// The CRM objects the connector works with: path segment, event prefix and object type id.
#[derive(Clone, Copy)]
enum Object {
    Company,
    Contact,
    Deal,
    Ticket,
}

impl Object {
    fn path(self) -> &'static str {
        match self {
            Object::Company => "/crm/v3/objects/companies",
            Object::Contact => "/crm/v3/objects/contacts",
            Object::Deal => "/crm/v3/objects/deals",
            Object::Ticket => "/crm/v3/objects/tickets",
        }
    }

    /// The prefix of its legacy subscription types (`contact.creation`).
    fn event_prefix(self) -> &'static str {
        match self {
            Object::Company => "company",
            Object::Contact => "contact",
            Object::Deal => "deal",
            Object::Ticket => "ticket",
        }
    }

    /// Its `objectTypeId` in generic `object.*` deliveries.
    fn type_id(self) -> &'static str {
        match self {
            Object::Contact => "0-1",
            Object::Company => "0-2",
            Object::Deal => "0-3",
            Object::Ticket => "0-5",
        }
    }

    fn record(self, id: &str) -> Result<String> {
        if id.trim().is_empty() {
            return Err(ConnectorError::invalid_input("the record id cannot be blank"));
        }
        Ok(format!("{}/{}", self.path(), path_segment(id.trim())))
    }
}

/// What happened to a record, as HubSpot's subscription types name it.
#[derive(Clone, Copy)]
enum Change {
    Creation,
    Deletion,
    Property,
}

impl Change {
    fn name(self) -> &'static str {
        match self {
            Change::Creation => "creation",
            Change::Deletion => "deletion",
            Change::Property => "propertyChange",
        }
    }
}

/// The events of a delivery (a JSON array of events, each with its `eventId`) that are `change`
/// of `object`, and of `property` when one is given.
fn matching_events(
    request: &WebhookRequest,
    object: Object,
    change: Change,
    property: Option<&str>,
) -> Result<Vec<Value>> {
    let events = match request.json::<Value>()? {
        Value::Array(events) => events,
        single @ Value::Object(_) => vec![single],
        _ => return Err(ConnectorError::invalid_input("a HubSpot delivery is a JSON array of events")),
    };
    let legacy = format!("{}.{}", object.event_prefix(), change.name());
    let generic = format!("object.{}", change.name());
    let property = property.map(str::trim).filter(|p| !p.is_empty());
    Ok(events
        .into_iter()
        .filter(|event| {
            let kind = event["subscriptionType"].as_str().unwrap_or_default();
            kind == legacy || (kind == generic && event["objectTypeId"].as_str() == Some(object.type_id()))
        })
        .filter(|event| property.is_none_or(|p| event["propertyName"].as_str() == Some(p)))
        .collect())
}

impl Hubspot {
    async fn create(&self, object: Object, properties: Map<String, Value>, associations: Vec<Value>) -> Result<Value> {
        let mut body = json!({ "properties": properties });
        if !associations.is_empty() {
            body["associations"] = Value::Array(associations);
        }
        self.http.post(object.path()).json(&body).send_json().await.map_err(refine)
    }

    async fn update(&self, object: Object, id: &str, properties: Map<String, Value>) -> Result<Value> {
        let path = object.record(id)?;
        self.http.patch(&path).json(&json!({ "properties": properties })).send_json().await.map_err(refine)
    }

    async fn read(&self, object: Object, id: &str, properties: Option<&str>) -> Result<Value> {
        let path = object.record(id)?;
        self.http.get(&path).query(&property_query(properties)).send_json().await.map_err(refine)
    }

    async fn remove(&self, object: Object, id: &str) -> Result<Value> {
        let path = object.record(id)?;
        self.http.delete(&path).send().await.map_err(refine)?;
        Ok(json!({ "id": id.trim(), "deleted": true }))
    }

    /// `POST {object}/search` with `filters`, following `paging.next.after` up to `limit` records.
    async fn search(
        &self,
        object: Object,
        filters: Vec<Value>,
        properties: Option<&str>,
        limit: usize,
    ) -> Result<Value> {
        let path = format!("{}/search", object.path());
        let properties: Vec<&str> =
            properties.into_iter().flat_map(|p| p.split(',')).map(str::trim).filter(|p| !p.is_empty()).collect();
        let filter_groups = if filters.is_empty() { json!([]) } else { json!([{ "filters": filters }]) };
        let (path, filter_groups, properties) = (&path, &filter_groups, &properties);
        let results = collect_pages(SEARCH_MAX / SEARCH_PAGE, limit, |after| async move {
            let mut body = json!({ "filterGroups": filter_groups, "limit": limit.min(SEARCH_PAGE) });
            if !properties.is_empty() {
                body["properties"] = json!(properties);
            }
            if let Some(after) = after {
                body["after"] = Value::String(after);
            }
            let page: Value = self.http.post(path).json(&body).idempotent().send_json().await.map_err(refine)?;
            let items = page["results"].as_array().cloned().unwrap_or_default();
            let next = page["paging"]["next"]["after"].as_str().map(str::to_owned);
            Ok(Page { items, next })
        })
        .await?;
        Ok(json!({ "total": results.len(), "results": results }))
    }

    /// The contact ids of `ids` and of the contacts with `emails` (read by email in one batch).
    async fn contact_ids(&self, ids: Option<&Vec<Value>>, emails: Option<&Vec<Value>>) -> Result<Vec<String>> {
        let mut all = id_texts(ids);
        let emails = id_texts(emails);
        if !emails.is_empty() {
            let inputs: Vec<Value> = emails.iter().map(|e| json!({ "id": e })).collect();
            let body = json!({ "idProperty": "email", "inputs": inputs, "properties": ["email"] });
            let found: Value = self
                .http
                .post("/crm/v3/objects/contacts/batch/read")
                .json(&body)
                .idempotent()
                .send_json()
                .await
                .map_err(refine)?;
            let results = found["results"].as_array().cloned().unwrap_or_default();
            let known: Vec<String> =
                results.iter().filter_map(|c| c["properties"]["email"].as_str().map(str::to_lowercase)).collect();
            let missing: Vec<&String> = emails.iter().filter(|e| !known.contains(&e.to_lowercase())).collect();
            if !missing.is_empty() {
                let missing: Vec<&str> = missing.iter().map(|e| e.as_str()).collect();
                return Err(ConnectorError::new(
                    ErrorCode::NotFound,
                    format!("hubspot has no contact with the email {}", missing.join(", ")),
                ));
            }
            all.extend(results.iter().filter_map(|c| c["id"].as_str().map(str::to_owned)));
        }
        if all.is_empty() {
            return Err(ConnectorError::invalid_input("give `contactIds` or `emails`: the contacts to add or remove"));
        }
        Ok(all)
    }

    /// `PUT /crm/v3/lists/{listId}/memberships/{add|remove}` with the contacts' record ids.
    async fn memberships(&self, list_id: &str, change: &str, ids: Vec<String>) -> Result<Value> {
        if list_id.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`listId` cannot be blank"));
        }
        let path = format!("/crm/v3/lists/{}/memberships/{change}", path_segment(list_id.trim()));
        self.http.put(&path).json(&ids).send_json().await.map_err(refine)
    }
}

/// An association of a new deal (HubSpot-defined type ids: deal to contact 3, deal to company 5).
fn associations(ids: Option<&Vec<Value>>, type_id: u32) -> Vec<Value> {
    id_texts(ids)
        .into_iter()
        .map(|id| {
            json!({
                "to": { "id": id },
                "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id }],
            })
        })
        .collect()
}

#[actions(webhooks(verify = "hubspot_v3", secret = "credentials.clientSecret", event_id = "/eventId"))]
impl Hubspot {
    /// Create a company
    #[action(name = "Create Company", http(method = "POST", endpoint = "/crm/v3/objects/companies"))]
    async fn create_company(&self, input: CreateCompanyInput) -> Result<Value> {
        self.create(Object::Company, properties(&input, &[]), vec![]).await
    }

    /// Update a company's properties
    #[action(name = "Update Company", http(method = "PATCH", endpoint = "/crm/v3/objects/companies/{companyId}"))]
    async fn update_company(&self, input: UpdateCompanyInput) -> Result<Value> {
        self.update(Object::Company, &input.company_id, properties(&input, &["companyId"])).await
    }

    /// Get a company, with the properties named (comma-separated) or HubSpot's default ones
    #[action(
        name = "Get Company",
        idempotent,
        http(method = "GET", endpoint = "/crm/v3/objects/companies/{companyId}")
    )]
    async fn get_company(&self, input: GetCompanyInput) -> Result<Value> {
        self.read(Object::Company, &input.company_id, input.properties.as_deref()).await
    }

    /// Archive a company (it stays restorable in HubSpot for 90 days)
    #[action(name = "Delete Company", http(method = "DELETE", endpoint = "/crm/v3/objects/companies/{companyId}"))]
    async fn delete_company(&self, input: DeleteCompanyInput) -> Result<Value> {
        self.remove(Object::Company, &input.company_id).await
    }

    /// Search companies, by domain when one is given, up to the limit
    #[action(name = "Search Companies", http(method = "POST", endpoint = "/crm/v3/objects/companies/search"))]
    async fn search_companies(&self, input: SearchCompaniesInput) -> Result<Value> {
        let filters = input
            .domain
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| vec![json!({ "propertyName": "domain", "operator": "EQ", "value": d })])
            .unwrap_or_default();
        self.search(Object::Company, filters, input.properties.as_deref(), search_limit(input.limit)?).await
    }

    /// Create a contact
    #[action(name = "Create Contact", http(method = "POST", endpoint = "/crm/v3/objects/contacts"))]
    async fn create_contact(&self, input: CreateContactInput) -> Result<Value> {
        self.create(Object::Contact, properties(&input, &[]), vec![]).await
    }

    /// Update a contact's properties
    #[action(name = "Update Contact", http(method = "PATCH", endpoint = "/crm/v3/objects/contacts/{contactId}"))]
    async fn update_contact(&self, input: UpdateContactInput) -> Result<Value> {
        self.update(Object::Contact, &input.contact_id, properties(&input, &["contactId"])).await
    }

    /// Get a contact, with the properties named (comma-separated) or HubSpot's default ones
    #[action(name = "Get Contact", idempotent, http(method = "GET", endpoint = "/crm/v3/objects/contacts/{contactId}"))]
    async fn get_contact(&self, input: GetContactInput) -> Result<Value> {
        self.read(Object::Contact, &input.contact_id, input.properties.as_deref()).await
    }

    /// Archive a contact
    #[action(name = "Delete Contact", http(method = "DELETE", endpoint = "/crm/v3/objects/contacts/{contactId}"))]
    async fn delete_contact(&self, input: DeleteContactInput) -> Result<Value> {
        self.remove(Object::Contact, &input.contact_id).await
    }

    /// Search contacts, by email when one is given, up to the limit
    #[action(name = "Search Contacts", http(method = "POST", endpoint = "/crm/v3/objects/contacts/search"))]
    async fn search_contacts(&self, input: SearchContactsInput) -> Result<Value> {
        let filters = input
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| vec![json!({ "propertyName": "email", "operator": "EQ", "value": e })])
            .unwrap_or_default();
        self.search(Object::Contact, filters, None, search_limit(input.limit)?).await
    }

    /// Create a deal, associated with the companies and contacts given
    #[action(name = "Create Deal", http(method = "POST", endpoint = "/crm/v3/objects/deals"))]
    async fn create_deal(&self, input: CreateDealInput) -> Result<Value> {
        let mut links = associations(input.associated_contact_ids.as_ref(), 3);
        links.extend(associations(input.associated_company_ids.as_ref(), 5));
        let properties = properties(&input, &["associatedCompanyIds", "associatedContactIds"]);
        self.create(Object::Deal, properties, links).await
    }

    /// Update a deal's properties
    #[action(name = "Update Deal", http(method = "PATCH", endpoint = "/crm/v3/objects/deals/{dealId}"))]
    async fn update_deal(&self, input: UpdateDealInput) -> Result<Value> {
        self.update(Object::Deal, &input.deal_id, properties(&input, &["dealId"])).await
    }

    /// Get a deal, with the properties named (comma-separated) or HubSpot's default ones
    #[action(name = "Get Deal", idempotent, http(method = "GET", endpoint = "/crm/v3/objects/deals/{dealId}"))]
    async fn get_deal(&self, input: GetDealInput) -> Result<Value> {
        self.read(Object::Deal, &input.deal_id, input.properties.as_deref()).await
    }

    /// Archive a deal
    #[action(name = "Delete Deal", http(method = "DELETE", endpoint = "/crm/v3/objects/deals/{dealId}"))]
    async fn delete_deal(&self, input: DeleteDealInput) -> Result<Value> {
        self.remove(Object::Deal, &input.deal_id).await
    }

    /// List deals through search, up to the limit
    #[action(name = "Search Deals", http(method = "POST", endpoint = "/crm/v3/objects/deals/search"))]
    async fn search_deals(&self, input: SearchDealsInput) -> Result<Value> {
        self.search(Object::Deal, vec![], None, search_limit(input.limit)?).await
    }

    /// Create a ticket; without a pipeline it goes to the default one (`0`), stage New (`1`)
    #[action(name = "Create Ticket", http(method = "POST", endpoint = "/crm/v3/objects/tickets"))]
    async fn create_ticket(&self, input: CreateTicketInput) -> Result<Value> {
        let mut properties = properties(&input, &[]);
        properties.entry("hs_pipeline").or_insert_with(|| json!("0"));
        properties.entry("hs_pipeline_stage").or_insert_with(|| json!("1"));
        self.create(Object::Ticket, properties, vec![]).await
    }

    /// Update a ticket's properties
    #[action(name = "Update Ticket", http(method = "PATCH", endpoint = "/crm/v3/objects/tickets/{ticketId}"))]
    async fn update_ticket(&self, input: UpdateTicketInput) -> Result<Value> {
        self.update(Object::Ticket, &input.ticket_id, properties(&input, &["ticketId"])).await
    }

    /// Get a ticket
    #[action(name = "Get Ticket", idempotent, http(method = "GET", endpoint = "/crm/v3/objects/tickets/{ticketId}"))]
    async fn get_ticket(&self, input: GetTicketInput) -> Result<Value> {
        self.read(Object::Ticket, &input.ticket_id, None).await
    }

    /// Archive a ticket
    #[action(name = "Delete Ticket", http(method = "DELETE", endpoint = "/crm/v3/objects/tickets/{ticketId}"))]
    async fn delete_ticket(&self, input: DeleteTicketInput) -> Result<Value> {
        self.remove(Object::Ticket, &input.ticket_id).await
    }

    /// Log a call, email, meeting, task or note, associated with contacts, companies and deals
    /// (`timestamp`: milliseconds or a date-time; default now)
    #[action(name = "Create Engagement", http(method = "POST", endpoint = "/engagements/v1/engagements"))]
    async fn create_engagement(&self, input: CreateEngagementInput) -> Result<Value> {
        let timestamp = epoch_millis(input.timestamp.as_deref())?;
        let kind = serde_json::to_value(&input.r#type).unwrap_or_default();
        let mut engagement = json!({ "active": true, "type": kind, "timestamp": timestamp });
        if let Some(owner) = input.owner_id.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            engagement["ownerId"] = owner.parse::<u64>().map_or(json!(owner), Value::from);
        }
        let body = input.body.clone().unwrap_or_default();
        let subject = input.subject.clone().unwrap_or_default();
        let metadata = match input.r#type {
            CreateEngagementInputType::Note => json!({ "body": body }),
            CreateEngagementInputType::Email => json!({ "subject": subject, "text": body }),
            CreateEngagementInputType::Task => json!({ "subject": subject, "body": body, "status": "NOT_STARTED" }),
            CreateEngagementInputType::Call => json!({ "title": subject, "body": body, "status": "COMPLETED" }),
            CreateEngagementInputType::Meeting => {
                json!({ "title": subject, "body": body, "startTime": timestamp, "endTime": timestamp + 3_600_000 })
            }
        };
        let request = json!({
            "engagement": engagement,
            "associations": {
                "contactIds": id_numbers(input.associated_contact_ids.as_ref()),
                "companyIds": id_numbers(input.associated_company_ids.as_ref()),
                "dealIds": id_numbers(input.associated_deal_ids.as_ref()),
            },
            "metadata": metadata,
        });
        self.http.post("/engagements/v1/engagements").json(&request).send_json().await.map_err(refine)
    }

    /// Add contacts, by id or by email, to a static list (the list's id in HubSpot's Lists API v3)
    #[action(name = "Add Contact to List", http(method = "PUT", endpoint = "/crm/v3/lists/{listId}/memberships/add"))]
    async fn add_contact_to_list(&self, input: AddContactToListInput) -> Result<Value> {
        let ids = self.contact_ids(input.contact_ids.as_ref(), input.emails.as_ref()).await?;
        self.memberships(&input.list_id, "add", ids).await
    }

    /// Remove contacts, by id or by email, from a static list (its id in the Lists API v3)
    #[action(
        name = "Remove Contact from List",
        http(method = "PUT", endpoint = "/crm/v3/lists/{listId}/memberships/remove")
    )]
    async fn remove_contact_from_list(&self, input: RemoveContactFromListInput) -> Result<Value> {
        let ids = self.contact_ids(input.contact_ids.as_ref(), input.emails.as_ref()).await?;
        self.memberships(&input.list_id, "remove", ids).await
    }

    /// A company was created (webhook subscription `company.creation`)
    #[trigger(name = "Company Created", webhook)]
    async fn company_created(&self, _config: CompanyCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        matching_events(&request, Object::Company, Change::Creation, None)
    }

    /// A company was deleted (`company.deletion`)
    #[trigger(name = "Company Deleted", webhook)]
    async fn company_deleted(&self, _config: CompanyDeletedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        matching_events(&request, Object::Company, Change::Deletion, None)
    }

    /// A company's property changed (`company.propertyChange`), only the one named if given
    #[trigger(name = "Company Property Changed", webhook)]
    async fn company_property_changed(
        &self,
        config: CompanyPropertyChangedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        matching_events(&request, Object::Company, Change::Property, config.property_name.as_deref())
    }

    /// A contact was created (`contact.creation`)
    #[trigger(name = "Contact Created", webhook)]
    async fn contact_created(&self, _config: ContactCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        matching_events(&request, Object::Contact, Change::Creation, None)
    }

    /// A contact was deleted (`contact.deletion`)
    #[trigger(name = "Contact Deleted", webhook)]
    async fn contact_deleted(&self, _config: ContactDeletedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        matching_events(&request, Object::Contact, Change::Deletion, None)
    }

    /// A contact's property changed (`contact.propertyChange`), only the one named if given
    #[trigger(name = "Contact Property Changed", webhook)]
    async fn contact_property_changed(
        &self,
        config: ContactPropertyChangedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        matching_events(&request, Object::Contact, Change::Property, config.property_name.as_deref())
    }

    /// A deal was created (`deal.creation`)
    #[trigger(name = "Deal Created", webhook)]
    async fn deal_created(&self, _config: DealCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        matching_events(&request, Object::Deal, Change::Creation, None)
    }

    /// A deal was deleted (`deal.deletion`)
    #[trigger(name = "Deal Deleted", webhook)]
    async fn deal_deleted(&self, _config: DealDeletedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        matching_events(&request, Object::Deal, Change::Deletion, None)
    }

    /// A deal's property changed (`deal.propertyChange`), only the one named if given
    #[trigger(name = "Deal Property Changed", webhook)]
    async fn deal_property_changed(
        &self,
        config: DealPropertyChangedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        matching_events(&request, Object::Deal, Change::Property, config.property_name.as_deref())
    }

    /// A ticket was created (`ticket.creation`)
    #[trigger(name = "Ticket Created", webhook)]
    async fn ticket_created(&self, _config: TicketCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        matching_events(&request, Object::Ticket, Change::Creation, None)
    }

    /// A ticket was deleted (`ticket.deletion`)
    #[trigger(name = "Ticket Deleted", webhook)]
    async fn ticket_deleted(&self, _config: TicketDeletedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        matching_events(&request, Object::Ticket, Change::Deletion, None)
    }

    /// A ticket's property changed (`ticket.propertyChange`), only the one named if given
    #[trigger(name = "Ticket Property Changed", webhook)]
    async fn ticket_property_changed(
        &self,
        config: TicketPropertyChangedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        matching_events(&request, Object::Ticket, Change::Property, config.property_name.as_deref())
    }

    /// Reads one contact: any valid token with the contacts scope may
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/crm/v3/objects/contacts").query(&[("limit", "1")]).send().await.map(drop).map_err(refine)
    }
}
