use chrono::{DateTime, Duration, SecondsFormat, Utc};
use fluxturn_core::auth::OAUTH2_TOKEN_FIELDS;
use fluxturn_core::http::path_segment;
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};

/// Manage Salesforce accounts, contacts, leads, opportunities, cases, tasks and custom objects,
/// run SOQL and SOSL, and react to records created, updated, deleted, converted or escalated
///
/// Requests go to the REST API (v59.0) of the org's own instance: Salesforce names it in the
/// token response (`instance_url`), which the server keeps with the tokens; the connection only
/// ever sends its token to a Salesforce host. Sign-in is OAuth2 (PKCE) through the production or
/// sandbox login host, with the server's connected app or the user's own. The triggers poll
/// with SOQL (and the `deleted` resource for deletions).
#[connector(
    name = "salesforce",
    display_name = "Salesforce",
    category = "crm",
    // Replaced by the org's instance (see `Instance`): Salesforce names it at sign-in.
    base_url = "https://login.salesforce.com/services/data/v59.0",
    icon = "icons/salesforce.svg",
    auth = oauth2(
        authorization_url = "https://{instanceUrl}/services/oauth2/authorize",
        token_url = "https://{instanceUrl}/services/oauth2/token",
        scopes = ["api", "refresh_token", "full", "chatter_api"],
        pkce,
    ),
    credentials = SalesforceCredentials,
)]
pub struct Salesforce {
    http: PreparedHttp<Instance>,
}

/// The REST API version every request uses.
pub const API_VERSION: &str = "v59.0";

/// How the connection signs in.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum SalesforceAuthType {
    /// OAuth2 with FluxTurn's connected app (one click)
    #[serde(rename = "oauth2")]
    OAuth2,
    /// OAuth2 with your own connected app (its consumer key and secret)
    #[serde(rename = "manual")]
    Manual,
}

/// Where the connection signs in.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum SalesforceLoginHost {
    /// Production (https://login.salesforce.com)
    #[serde(rename = "https://login.salesforce.com")]
    Production,
    /// Sandbox (https://test.salesforce.com)
    #[serde(rename = "https://test.salesforce.com")]
    Sandbox,
}

/// What the user enters in the "Add Salesforce" form.
#[derive(Credentials)]
pub struct SalesforceCredentials {
    /// FluxTurn's connected app, or your own
    #[field(key = "authType", label = "Authentication Type", default = "oauth2")]
    pub auth_type: SalesforceAuthType,
    /// The login host: production or a sandbox (the API host comes from Salesforce at sign-in)
    #[field(key = "instanceUrl", label = "Instance URL", default = "https://login.salesforce.com")]
    pub instance_url: SalesforceLoginHost,
    /// The Consumer Key of your connected app (Setup > App Manager)
    #[field(
        key = "clientId",
        label = "Client ID (Consumer Key)",
        placeholder = "3MVG9...",
        required,
        show(authType = ["manual"]),
        help_url = "https://help.salesforce.com/s/articleView?id=sf.connected_app_create.htm"
    )]
    pub client_id: Option<String>,
    /// The Consumer Secret of that app
    #[field(key = "clientSecret", label = "Client Secret (Consumer Secret)", secret, required, show(authType = ["manual"]))]
    pub client_secret: Option<Secret<String>>,
}

/// The credential the prepared connection keeps the instance's host in: the checked host of the
/// token response's `instance_url`.
pub const INSTANCE_HOST: &str = "instanceHost";

/// The declared base URL, which [`Instance`] replaces with the instance's.
const DECLARED_BASE_URL: &str = "https://login.salesforce.com/services/data/v59.0";

/// Points the client at the org's instance, as Salesforce named it when the account was
/// connected, once it is checked to be a Salesforce host; a base URL set for the connection (a
/// mock server in tests) is kept. (A base URL placeholder must name a declared credential field,
/// so the derived `instanceHost` cannot be one: the base URL is set here instead.)
pub enum Instance {}

impl PrepareHttp for Instance {
    fn prepare(mut ctx: ConnectContext) -> Result<ConnectContext> {
        let fields = match ctx.credentials.get(OAUTH2_TOKEN_FIELDS) {
            Some(Value::Object(fields)) => Some(fields.clone()),
            Some(Value::String(text)) => serde_json::from_str::<Map<String, Value>>(text).ok(),
            _ => None,
        };
        // Before the sign-in there is no instance (and no token): the connection must still be
        // storable, so the declared base (Salesforce's login host) stays until Salesforce names one.
        let Some(url) = fields.as_ref().and_then(|f| f.get("instance_url")).and_then(Value::as_str) else {
            return Ok(ctx);
        };
        let host = instance_host(url).map_err(|reason| {
            ConnectorError::invalid_credentials(format!(
                "salesforce: the instance URL `{url}` from the sign-in is refused ({reason}): connect the account again"
            ))
        })?;
        ctx.credentials.insert(INSTANCE_HOST.to_owned(), Value::String(host.clone()));
        if ctx.http_config()?.base_url.trim_end_matches('/') == DECLARED_BASE_URL {
            return Ok(ctx.with_base_url(format!("https://{host}/services/data/{API_VERSION}")));
        }
        Ok(ctx)
    }
}

/// The domains a Salesforce instance answers on.
const SALESFORCE_DOMAINS: &[&str] =
    &["salesforce.com", "force.com", "salesforce.mil", "cloudforce.com", "salesforce-setup.com"];

/// The host of an instance URL (`https://acme.my.salesforce.com`), lower-cased, if it is an
/// HTTPS URL of a Salesforce host with nothing else (no port, path, user, query); the reason why
/// not otherwise.
pub fn instance_host(url: &str) -> std::result::Result<String, String> {
    let url = url.trim();
    let Some(rest) = url.get(..8).filter(|s| s.eq_ignore_ascii_case("https://")).map(|_| &url[8..]) else {
        return Err("it is not an https:// URL".into());
    };
    let host = rest.trim_end_matches('/').to_ascii_lowercase();
    if host.is_empty() || !host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.') {
        return Err("it must be a bare host, without a port, path, user or query".into());
    }
    if host.split('.').any(|label| label.is_empty() || label.starts_with('-') || label.ends_with('-')) {
        return Err("its host is malformed".into());
    }
    let salesforce = SALESFORCE_DOMAINS.iter().any(|domain| host.ends_with(&format!(".{domain}")));
    if !salesforce {
        return Err("it is not a Salesforce host".into());
    }
    Ok(host)
}

/// The choices of `industry`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateAccountInputIndustry {
    /// Technology
    #[serde(rename = "Technology")]
    Technology,
    /// Healthcare
    #[serde(rename = "Healthcare")]
    Healthcare,
    /// Finance
    #[serde(rename = "Finance")]
    Finance,
    /// Manufacturing
    #[serde(rename = "Manufacturing")]
    Manufacturing,
    /// Retail
    #[serde(rename = "Retail")]
    Retail,
    /// Other
    #[serde(rename = "Other")]
    Other,
}

/// The choices of `type`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateAccountInputType {
    /// Prospect
    #[serde(rename = "Prospect")]
    Prospect,
    /// Customer
    #[serde(rename = "Customer")]
    Customer,
    /// Partner
    #[serde(rename = "Partner")]
    Partner,
}

/// The input of `create_account`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateAccountInput {
    /// Annual Revenue
    #[field(label = "Annual Revenue")]
    #[serde(rename = "annualRevenue")]
    pub annual_revenue: Option<f64>,
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Industry
    #[field(label = "Industry")]
    pub industry: Option<CreateAccountInputIndustry>,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Number Of Employees
    #[field(label = "Number Of Employees")]
    #[serde(rename = "numberOfEmployees")]
    pub number_of_employees: Option<f64>,
    /// Phone
    #[field(label = "Phone")]
    pub phone: Option<String>,
    /// Type
    #[field(label = "Type")]
    pub r#type: Option<CreateAccountInputType>,
    /// Website
    #[field(label = "Website", input_type = "url")]
    pub website: Option<String>,
}

/// The input of `update_account`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateAccountInput {
    /// Account Id
    #[field(label = "Account Id")]
    #[serde(rename = "accountId")]
    pub account_id: String,
    /// Annual Revenue
    #[field(label = "Annual Revenue")]
    #[serde(rename = "annualRevenue")]
    pub annual_revenue: Option<f64>,
    /// Industry
    #[field(label = "Industry")]
    pub industry: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Number Of Employees
    #[field(label = "Number Of Employees")]
    #[serde(rename = "numberOfEmployees")]
    pub number_of_employees: Option<f64>,
    /// Phone
    #[field(label = "Phone")]
    pub phone: Option<String>,
    /// Type
    #[field(label = "Type")]
    pub r#type: Option<String>,
    /// Website
    #[field(label = "Website", input_type = "url")]
    pub website: Option<String>,
}

/// The input of `get_account`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAccountInput {
    /// Account Id
    #[field(label = "Account Id")]
    #[serde(rename = "accountId")]
    pub account_id: String,
}

/// The input of `get_all_accounts`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllAccountsInput {
    /// Conditions
    #[field(label = "Conditions")]
    pub conditions: Option<String>,
    /// Limit
    #[field(label = "Limit", default = 100)]
    pub limit: Option<f64>,
}

/// The input of `create_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateContactInput {
    /// Account Id
    #[field(label = "Account Id")]
    #[serde(rename = "accountId")]
    pub account_id: Option<String>,
    /// Department
    #[field(label = "Department")]
    pub department: Option<String>,
    /// Email
    #[field(label = "Email", aliases = ["Email"], input_type = "email")]
    pub email: Option<String>,
    /// First Name
    #[field(label = "First Name", aliases = ["FirstName"])]
    #[serde(rename = "firstName")]
    pub first_name: Option<String>,
    /// Last Name
    #[field(label = "Last Name", aliases = ["LastName"])]
    #[serde(rename = "lastName")]
    pub last_name: String,
    /// Phone
    #[field(label = "Phone", aliases = ["Phone"])]
    pub phone: Option<String>,
    /// Title
    #[field(label = "Title")]
    pub title: Option<String>,
}

/// The input of `update_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateContactInput {
    /// Contact Id
    #[field(label = "Contact Id")]
    #[serde(rename = "contactId")]
    pub contact_id: String,
    /// Department
    #[field(label = "Department")]
    pub department: Option<String>,
    /// Email
    #[field(label = "Email", input_type = "email")]
    pub email: Option<String>,
    /// First Name
    #[field(label = "First Name")]
    #[serde(rename = "firstName")]
    pub first_name: Option<String>,
    /// Last Name
    #[field(label = "Last Name")]
    #[serde(rename = "lastName")]
    pub last_name: Option<String>,
    /// Phone
    #[field(label = "Phone")]
    pub phone: Option<String>,
    /// Title
    #[field(label = "Title")]
    pub title: Option<String>,
}

/// The input of `get_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetContactInput {
    /// Contact Id
    #[field(label = "Contact Id")]
    #[serde(rename = "contactId")]
    pub contact_id: String,
}

/// The input of `get_all_contacts`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllContactsInput {
    /// Conditions
    #[field(label = "Conditions")]
    pub conditions: Option<String>,
    /// Limit
    #[field(label = "Limit", default = 100)]
    pub limit: Option<f64>,
}

/// The input of `delete_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteContactInput {
    /// Contact Id
    #[field(label = "Contact Id")]
    #[serde(rename = "contactId")]
    pub contact_id: String,
}

/// The choices of `leadSource`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateLeadInputLeadSource {
    /// Web
    #[serde(rename = "Web")]
    Web,
    /// Phone Inquiry
    #[serde(rename = "Phone Inquiry")]
    PhoneInquiry,
    /// Partner Referral
    #[serde(rename = "Partner Referral")]
    PartnerReferral,
    /// Purchased List
    #[serde(rename = "Purchased List")]
    PurchasedList,
    /// Other
    #[serde(rename = "Other")]
    Other,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateLeadInputStatus {
    /// Open
    #[serde(rename = "Open")]
    Open,
    /// Contacted
    #[serde(rename = "Contacted")]
    Contacted,
    /// Qualified
    #[serde(rename = "Qualified")]
    Qualified,
    /// Unqualified
    #[serde(rename = "Unqualified")]
    Unqualified,
}

/// The input of `create_lead`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateLeadInput {
    /// Company
    #[field(label = "Company", aliases = ["Company"])]
    pub company: String,
    /// Email
    #[field(label = "Email", aliases = ["Email"], input_type = "email")]
    pub email: Option<String>,
    /// First Name
    #[field(label = "First Name", aliases = ["FirstName"])]
    #[serde(rename = "firstName")]
    pub first_name: Option<String>,
    /// Last Name
    #[field(label = "Last Name", aliases = ["LastName"])]
    #[serde(rename = "lastName")]
    pub last_name: String,
    /// Lead Source
    #[field(label = "Lead Source", aliases = ["LeadSource"])]
    #[serde(rename = "leadSource")]
    pub lead_source: Option<CreateLeadInputLeadSource>,
    /// Phone
    #[field(label = "Phone", aliases = ["Phone"])]
    pub phone: Option<String>,
    /// Status
    #[field(label = "Status", aliases = ["Status"], default = "Open")]
    pub status: Option<CreateLeadInputStatus>,
}

/// The input of `update_lead`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateLeadInput {
    /// Company
    #[field(label = "Company")]
    pub company: Option<String>,
    /// Email
    #[field(label = "Email", input_type = "email")]
    pub email: Option<String>,
    /// First Name
    #[field(label = "First Name")]
    #[serde(rename = "firstName")]
    pub first_name: Option<String>,
    /// Last Name
    #[field(label = "Last Name")]
    #[serde(rename = "lastName")]
    pub last_name: Option<String>,
    /// Lead Id
    #[field(label = "Lead Id")]
    #[serde(rename = "leadId")]
    pub lead_id: String,
    /// Phone
    #[field(label = "Phone")]
    pub phone: Option<String>,
    /// Status
    #[field(label = "Status")]
    pub status: Option<String>,
}

/// The input of `get_lead`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetLeadInput {
    /// Lead Id
    #[field(label = "Lead Id")]
    #[serde(rename = "leadId")]
    pub lead_id: String,
}

/// The input of `get_all_leads`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllLeadsInput {
    /// Conditions
    #[field(label = "Conditions")]
    pub conditions: Option<String>,
    /// Limit
    #[field(label = "Limit", default = 100)]
    pub limit: Option<f64>,
}

/// The input of `delete_lead`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteLeadInput {
    /// Lead Id
    #[field(label = "Lead Id")]
    #[serde(rename = "leadId")]
    pub lead_id: String,
}

/// The choices of `stageName`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateOpportunityInputStageName {
    /// Prospecting
    #[serde(rename = "Prospecting")]
    Prospecting,
    /// Qualification
    #[serde(rename = "Qualification")]
    Qualification,
    /// Needs Analysis
    #[serde(rename = "Needs Analysis")]
    NeedsAnalysis,
    /// Proposal/Price Quote
    #[serde(rename = "Proposal/Price Quote")]
    ProposalPriceQuote,
    /// Negotiation/Review
    #[serde(rename = "Negotiation/Review")]
    NegotiationReview,
    /// Closed Won
    #[serde(rename = "Closed Won")]
    ClosedWon,
    /// Closed Lost
    #[serde(rename = "Closed Lost")]
    ClosedLost,
}

/// The choices of `type`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateOpportunityInputType {
    /// New Business
    #[serde(rename = "New Business")]
    NewBusiness,
    /// Existing Business
    #[serde(rename = "Existing Business")]
    ExistingBusiness,
}

/// The input of `create_opportunity`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateOpportunityInput {
    /// Account Id
    #[field(label = "Account Id")]
    #[serde(rename = "accountId")]
    pub account_id: Option<String>,
    /// Amount
    #[field(label = "Amount")]
    pub amount: Option<f64>,
    /// Close Date
    #[field(label = "Close Date")]
    #[serde(rename = "closeDate")]
    pub close_date: String,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Probability
    #[field(label = "Probability")]
    pub probability: Option<f64>,
    /// Stage Name
    #[field(label = "Stage Name", default = "Prospecting")]
    #[serde(rename = "stageName")]
    pub stage_name: CreateOpportunityInputStageName,
    /// Type
    #[field(label = "Type")]
    pub r#type: Option<CreateOpportunityInputType>,
}

/// The input of `update_opportunity`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateOpportunityInput {
    /// Amount
    #[field(label = "Amount")]
    pub amount: Option<f64>,
    /// Close Date
    #[field(label = "Close Date")]
    #[serde(rename = "closeDate")]
    pub close_date: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Opportunity Id
    #[field(label = "Opportunity Id")]
    #[serde(rename = "opportunityId")]
    pub opportunity_id: String,
    /// Probability
    #[field(label = "Probability")]
    pub probability: Option<f64>,
    /// Stage Name
    #[field(label = "Stage Name")]
    #[serde(rename = "stageName")]
    pub stage_name: Option<String>,
}

/// The input of `get_opportunity`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetOpportunityInput {
    /// Opportunity Id
    #[field(label = "Opportunity Id")]
    #[serde(rename = "opportunityId")]
    pub opportunity_id: String,
}

/// The input of `get_all_opportunities`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllOpportunitiesInput {
    /// Conditions
    #[field(label = "Conditions")]
    pub conditions: Option<String>,
    /// Limit
    #[field(label = "Limit", default = 100)]
    pub limit: Option<f64>,
}

/// The input of `delete_opportunity`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteOpportunityInput {
    /// Opportunity Id
    #[field(label = "Opportunity Id")]
    #[serde(rename = "opportunityId")]
    pub opportunity_id: String,
}

/// The choices of `origin`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateCaseInputOrigin {
    /// Email
    #[serde(rename = "Email")]
    Email,
    /// Phone
    #[serde(rename = "Phone")]
    Phone,
    /// Web
    #[serde(rename = "Web")]
    Web,
}

/// The choices of `priority`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateCaseInputPriority {
    /// High
    #[serde(rename = "High")]
    High,
    /// Medium
    #[serde(rename = "Medium")]
    Medium,
    /// Low
    #[serde(rename = "Low")]
    Low,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateCaseInputStatus {
    /// New
    #[serde(rename = "New")]
    New,
    /// Working
    #[serde(rename = "Working")]
    Working,
    /// Escalated
    #[serde(rename = "Escalated")]
    Escalated,
    /// Closed
    #[serde(rename = "Closed")]
    Closed,
}

/// The input of `create_case`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCaseInput {
    /// Account Id
    #[field(label = "Account Id")]
    #[serde(rename = "accountId")]
    pub account_id: Option<String>,
    /// Contact Id
    #[field(label = "Contact Id")]
    #[serde(rename = "contactId")]
    pub contact_id: Option<String>,
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Origin
    #[field(label = "Origin")]
    pub origin: Option<CreateCaseInputOrigin>,
    /// Priority
    #[field(label = "Priority", default = "Medium")]
    pub priority: Option<CreateCaseInputPriority>,
    /// Status
    #[field(label = "Status", default = "New")]
    pub status: Option<CreateCaseInputStatus>,
    /// Subject
    #[field(label = "Subject")]
    pub subject: String,
}

/// The input of `update_case`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateCaseInput {
    /// Case Id
    #[field(label = "Case Id")]
    #[serde(rename = "caseId")]
    pub case_id: String,
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Priority
    #[field(label = "Priority")]
    pub priority: Option<String>,
    /// Status
    #[field(label = "Status")]
    pub status: Option<String>,
    /// Subject
    #[field(label = "Subject")]
    pub subject: Option<String>,
}

/// The input of `get_case`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCaseInput {
    /// Case Id
    #[field(label = "Case Id")]
    #[serde(rename = "caseId")]
    pub case_id: String,
}

/// The input of `get_all_cases`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllCasesInput {
    /// Conditions
    #[field(label = "Conditions")]
    pub conditions: Option<String>,
    /// Limit
    #[field(label = "Limit", default = 100)]
    pub limit: Option<f64>,
}

/// The choices of `priority`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateTaskInputPriority {
    /// High
    #[serde(rename = "High")]
    High,
    /// Normal
    #[serde(rename = "Normal")]
    Normal,
    /// Low
    #[serde(rename = "Low")]
    Low,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateTaskInputStatus {
    /// Not Started
    #[serde(rename = "Not Started")]
    NotStarted,
    /// In Progress
    #[serde(rename = "In Progress")]
    InProgress,
    /// Completed
    #[serde(rename = "Completed")]
    Completed,
    /// Waiting
    #[serde(rename = "Waiting")]
    Waiting,
    /// Deferred
    #[serde(rename = "Deferred")]
    Deferred,
}

/// The input of `create_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateTaskInput {
    /// Activity Date
    #[field(label = "Activity Date")]
    #[serde(rename = "activityDate")]
    pub activity_date: Option<String>,
    /// Description
    #[field(label = "Description", aliases = ["Description"], input_type = "textarea")]
    pub description: Option<String>,
    /// Priority
    #[field(label = "Priority", default = "Normal")]
    pub priority: Option<CreateTaskInputPriority>,
    /// Status
    #[field(label = "Status", aliases = ["Status"], default = "Not Started")]
    pub status: Option<CreateTaskInputStatus>,
    /// Subject
    #[field(label = "Subject", aliases = ["Subject"])]
    pub subject: String,
    /// What Id
    #[field(label = "What Id")]
    #[serde(rename = "whatId")]
    pub what_id: Option<String>,
    /// Who Id
    #[field(label = "Who Id")]
    #[serde(rename = "whoId")]
    pub who_id: Option<String>,
}

/// The input of `update_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateTaskInput {
    /// Activity Date
    #[field(label = "Activity Date")]
    #[serde(rename = "activityDate")]
    pub activity_date: Option<String>,
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Priority
    #[field(label = "Priority")]
    pub priority: Option<String>,
    /// Status
    #[field(label = "Status")]
    pub status: Option<String>,
    /// Subject
    #[field(label = "Subject")]
    pub subject: Option<String>,
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

/// The input of `get_all_tasks`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllTasksInput {
    /// Conditions
    #[field(label = "Conditions")]
    pub conditions: Option<String>,
    /// Limit
    #[field(label = "Limit", default = 100)]
    pub limit: Option<f64>,
}

/// The input of `delete_task`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteTaskInput {
    /// Task Id
    #[field(label = "Task Id")]
    #[serde(rename = "taskId")]
    pub task_id: String,
}

/// The input of `search_records`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SearchRecordsInput {
    /// Object Types
    #[field(label = "Object Types")]
    #[serde(rename = "objectTypes")]
    pub object_types: Option<Vec<Value>>,
    /// Search Term
    #[field(label = "Search Term")]
    #[serde(rename = "searchTerm")]
    pub search_term: String,
}

/// The input of `execute_soql`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ExecuteSoqlInput {
    /// Query
    #[field(label = "Query", input_type = "textarea")]
    pub query: String,
}

/// The input of `create_custom_object`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCustomObjectInput {
    /// Fields
    #[field(label = "Fields", input_type = "json")]
    pub fields: Map<String, Value>,
    /// Object Name
    #[field(label = "Object Name")]
    #[serde(rename = "objectName")]
    pub object_name: String,
}

/// The input of `update_custom_object`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateCustomObjectInput {
    /// Fields
    #[field(label = "Fields", input_type = "json")]
    pub fields: Map<String, Value>,
    /// Object Name
    #[field(label = "Object Name")]
    #[serde(rename = "objectName")]
    pub object_name: String,
    /// Record Id
    #[field(label = "Record Id")]
    #[serde(rename = "recordId")]
    pub record_id: String,
}

/// The input of `get_custom_object`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCustomObjectInput {
    /// Object Name
    #[field(label = "Object Name")]
    #[serde(rename = "objectName")]
    pub object_name: String,
    /// Record Id
    #[field(label = "Record Id")]
    #[serde(rename = "recordId")]
    pub record_id: String,
}

/// The choices of `objectType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum RecordCreatedConfigObjectType {
    /// Account
    #[serde(rename = "Account")]
    Account,
    /// Contact
    #[serde(rename = "Contact")]
    Contact,
    /// Lead
    #[serde(rename = "Lead")]
    Lead,
    /// Opportunity
    #[serde(rename = "Opportunity")]
    Opportunity,
    /// Case
    #[serde(rename = "Case")]
    Case,
    /// Task
    #[serde(rename = "Task")]
    Task,
}

/// The configuration of `record_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RecordCreatedConfig {
    /// Object Type
    #[field(label = "Object Type")]
    #[serde(rename = "objectType")]
    pub object_type: RecordCreatedConfigObjectType,
}

/// The choices of `objectType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum RecordUpdatedConfigObjectType {
    /// Account
    #[serde(rename = "Account")]
    Account,
    /// Contact
    #[serde(rename = "Contact")]
    Contact,
    /// Lead
    #[serde(rename = "Lead")]
    Lead,
    /// Opportunity
    #[serde(rename = "Opportunity")]
    Opportunity,
    /// Case
    #[serde(rename = "Case")]
    Case,
    /// Task
    #[serde(rename = "Task")]
    Task,
}

/// The configuration of `record_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RecordUpdatedConfig {
    /// Object Type
    #[field(label = "Object Type")]
    #[serde(rename = "objectType")]
    pub object_type: RecordUpdatedConfigObjectType,
}

/// The choices of `objectType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum RecordDeletedConfigObjectType {
    /// Account
    #[serde(rename = "Account")]
    Account,
    /// Contact
    #[serde(rename = "Contact")]
    Contact,
    /// Lead
    #[serde(rename = "Lead")]
    Lead,
    /// Opportunity
    #[serde(rename = "Opportunity")]
    Opportunity,
    /// Case
    #[serde(rename = "Case")]
    Case,
    /// Task
    #[serde(rename = "Task")]
    Task,
}

/// The configuration of `record_deleted`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RecordDeletedConfig {
    /// Object Type
    #[field(label = "Object Type")]
    #[serde(rename = "objectType")]
    pub object_type: RecordDeletedConfigObjectType,
}

/// The configuration of `opportunity_stage_changed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OpportunityStageChangedConfig {}

/// The configuration of `lead_converted`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct LeadConvertedConfig {}

/// The configuration of `case_escalated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CaseEscalatedConfig {}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The most records a "Get All" action returns.
const MAX_RECORDS: usize = 10_000;
/// The most query pages one call follows (Salesforce returns up to 2,000 records a page).
const MAX_PAGES: usize = 50;
/// The most records one poll reads: later ones are read by the next poll.
const POLL_MAX: usize = 2_000;
/// The stages `opportunity_stage_changed` remembers at most.
const STAGES_KEPT: usize = 2_000;
/// The escalated cases `case_escalated` remembers at most.
const ESCALATED_KEPT: usize = 2_000;
/// The condition of `case_escalated`.
const ESCALATED: &str = "IsEscalated = true";

/// The fields the "Get All" actions and the triggers read, by sObject.
fn soql_fields(object: &str) -> &'static str {
    match object {
        "Account" => {
            "Id, Name, Website, Phone, Industry, Type, NumberOfEmployees, AnnualRevenue, Description, CreatedDate, LastModifiedDate"
        }
        "Contact" => {
            "Id, FirstName, LastName, Name, Email, Phone, Title, Department, AccountId, CreatedDate, LastModifiedDate"
        }
        "Lead" => {
            "Id, FirstName, LastName, Name, Company, Email, Phone, Status, LeadSource, IsConverted, ConvertedDate, \
             ConvertedAccountId, ConvertedContactId, ConvertedOpportunityId, CreatedDate, LastModifiedDate"
        }
        "Opportunity" => {
            "Id, Name, AccountId, Amount, StageName, CloseDate, Probability, Type, IsClosed, IsWon, CreatedDate, LastModifiedDate"
        }
        "Case" => {
            "Id, CaseNumber, Subject, Description, Status, Priority, Origin, AccountId, ContactId, IsEscalated, CreatedDate, LastModifiedDate"
        }
        "Task" => "Id, Subject, Description, ActivityDate, Priority, Status, WhoId, WhatId, CreatedDate, LastModifiedDate",
        _ => "Id, CreatedDate, LastModifiedDate",
    }
}

/// A Salesforce error (`[{"message", "errorCode", "fields"}]`) in its own words, with the code
/// that fits its `errorCode`.
pub fn refine(mut error: ConnectorError) -> ConnectorError {
    let body = error.details["upstream_body"].as_str().and_then(|b| serde_json::from_str::<Value>(b).ok());
    let first = match &body {
        Some(Value::Array(errors)) => errors.first().cloned(),
        Some(object @ Value::Object(_)) => Some(object.clone()),
        _ => None,
    };
    let Some(problem) = first else { return error };
    let Some(code) = problem["errorCode"].as_str().or(problem["error"].as_str()) else { return error };
    let text = problem["message"].as_str().or(problem["error_description"].as_str()).unwrap_or("error");
    let mut message = format!("salesforce answered {} {code}: {text}", error.status);
    let fields: Vec<&str> = problem["fields"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    if !fields.is_empty() {
        message.push_str(&format!(" (fields: {})", fields.join(", ")));
    }
    let (new_code, retryable) = match code {
        "INVALID_SESSION_ID" | "invalid_grant" => (Some(ErrorCode::Unauthorized), false),
        "NOT_FOUND" | "ENTITY_IS_DELETED" | "NOT_FOUND_OR_NO_ACCESS" => (Some(ErrorCode::NotFound), false),
        "REQUEST_LIMIT_EXCEEDED" | "TOO_MANY_REQUESTS" => (Some(ErrorCode::RateLimited), true),
        "MALFORMED_QUERY"
        | "INVALID_FIELD"
        | "INVALID_TYPE"
        | "MALFORMED_ID"
        | "INVALID_ID_FIELD"
        | "REQUIRED_FIELD_MISSING"
        | "INVALID_QUERY_FILTER_OPERATOR"
        | "JSON_PARSER_ERROR"
        | "FIELD_CUSTOM_VALIDATION_EXCEPTION"
        | "STRING_TOO_LONG"
        | "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
        | "INVALID_SEARCH"
        | "INVALID_FIELD_FOR_INSERT_UPDATE"
        | "DUPLICATES_DETECTED" => (Some(ErrorCode::InvalidInput), false),
        _ => (None, error.retryable),
    };
    if let Some(new_code) = new_code {
        let status = error.status;
        error = ConnectorError::new(new_code, String::new()).with_status(status).with_details(error.details);
        error.status = match new_code {
            ErrorCode::Unauthorized => 401,
            ErrorCode::NotFound => 404,
            ErrorCode::RateLimited => 429,
            _ => status,
        };
    }
    error.retryable = retryable;
    error.message = message;
    error
}

/// A record id checked to be a Salesforce id (15 or 18 letters and digits), named by its field.
fn record_id(field: &str, value: &str) -> Result<String> {
    let id = value.trim();
    if (id.len() == 15 || id.len() == 18) && id.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(id.to_owned())
    } else {
        Err(ConnectorError::invalid_input(format!(
            "`{field}` must be a Salesforce record id (15 or 18 letters and digits), got `{value}`"
        )))
    }
}

/// A custom object's API name checked: letters, digits and underscores, starting with a letter
/// and ending with `__c` (`Invoice__c`, `ns__Invoice__c`).
fn custom_object(name: &str) -> Result<String> {
    let name = name.trim();
    let well_formed = name.len() > 3
        && name.ends_with("__c")
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if well_formed {
        Ok(name.to_owned())
    } else {
        Err(ConnectorError::invalid_input(format!(
            "`objectName` must be a custom object's API name: letters, digits and underscores ending with `__c` \
             (such as `Invoice__c`), got `{name}`"
        )))
    }
}

/// An sObject name for SOSL's `RETURNING`: letters, digits and underscores, starting with a letter.
fn sobject_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        Ok(name.to_owned())
    } else {
        Err(ConnectorError::invalid_input(format!(
            "`objectTypes` must list sObject API names (such as `Contact` or `Invoice__c`), got `{name}`"
        )))
    }
}

/// The SOSL search term with its reserved characters escaped, so it is searched as typed.
pub fn sosl_escape(term: &str) -> String {
    let mut escaped = String::with_capacity(term.len());
    for c in term.chars() {
        if matches!(
            c,
            '?' | '&'
                | '|'
                | '!'
                | '{'
                | '}'
                | '['
                | ']'
                | '('
                | ')'
                | '^'
                | '~'
                | '*'
                | ':'
                | '\\'
                | '"'
                | '\''
                | '+'
                | '-'
        ) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// A number as Salesforce's integer fields take it: without a needless `.0`.
fn plain_number(value: Value) -> Value {
    match value.as_f64() {
        Some(f) if value.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => json!(f as i64),
        _ => value,
    }
}

/// The record fields of an input: each field but `skip`, nulls left out, named as Salesforce's
/// API names (`lastName` is `LastName`).
fn sobject_fields<T: Serialize>(input: &T, skip: &[&str]) -> Map<String, Value> {
    let Ok(Value::Object(fields)) = serde_json::to_value(input) else { return Map::new() };
    let mut record = Map::new();
    for (key, value) in fields {
        if value.is_null() || skip.contains(&key.as_str()) {
            continue;
        }
        let mut chars = key.chars();
        let name: String = chars.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(chars).collect();
        record.insert(name, plain_number(value));
    }
    record
}

/// The SOQL of a "Get All" action: the object's fields, the user's conditions, newest first.
fn list_soql(object: &str, conditions: Option<&str>, limit: usize) -> String {
    let mut soql = format!("SELECT {} FROM {object}", soql_fields(object));
    let conditions = conditions.map(str::trim).unwrap_or_default();
    let conditions = match conditions.get(..6) {
        Some(head) if head.eq_ignore_ascii_case("where ") => conditions[6..].trim(),
        _ => conditions,
    };
    if !conditions.is_empty() {
        soql.push_str(&format!(" WHERE {conditions}"));
    }
    soql.push_str(&format!(" ORDER BY CreatedDate DESC LIMIT {limit}"));
    soql
}

/// The limit of a "Get All" action: 100 by default, at least 1, at most [`MAX_RECORDS`].
fn limit_of(limit: Option<f64>) -> Result<usize> {
    match limit {
        None => Ok(100),
        Some(l) if l.is_finite() && l >= 1.0 => Ok((l as usize).min(MAX_RECORDS)),
        Some(l) => Err(ConnectorError::invalid_input(format!("`limit` must be at least 1, got {l}"))),
    }
}

/// A SOQL datetime literal (`2024-05-01T10:00:00Z`, whole seconds, UTC) of a Salesforce
/// datetime (`2024-05-01T10:00:00.000+0000`).
fn soql_second(stamp: &str) -> Option<String> {
    let parsed = DateTime::parse_from_str(stamp, "%Y-%m-%dT%H:%M:%S%.f%z")
        .or_else(|_| DateTime::parse_from_rfc3339(stamp))
        .ok()?;
    Some(parsed.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// Where a SOQL polling trigger stands: the newest second seen (a SOQL literal), and the ids
/// emitted at that second, so records sharing it are each emitted once.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
struct StampCursor {
    since: String,
    #[serde(default)]
    seen: Vec<String>,
}

impl StampCursor {
    /// Where a trigger starts: at the newest of `newest` (newest first), or at the epoch when
    /// there is none.
    fn at_newest(newest: &[Value], field: &str) -> Self {
        let since = newest.first().and_then(|r| r[field].as_str()).and_then(soql_second);
        let mut cursor = Self { since: since.unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned()), seen: vec![] };
        for record in newest.iter().rev() {
            cursor.advance(record, field);
        }
        cursor
    }

    /// Whether `record` (stamped by `field`) is new, moving the cursor past it if so.
    fn advance(&mut self, record: &Value, field: &str) -> bool {
        let Some(id) = record["Id"].as_str() else { return false };
        let Some(second) = record[field].as_str().and_then(soql_second) else { return false };
        if second < self.since || (second == self.since && self.seen.iter().any(|s| s == id)) {
            return false;
        }
        if second > self.since {
            self.since = second;
            self.seen.clear();
        }
        self.seen.push(id.to_owned());
        true
    }
}

/// Where `opportunity_stage_changed` stands: its [`StampCursor`] and the last stage seen of
/// recently modified opportunities (newest last).
#[derive(Debug, Default, Deserialize, Serialize)]
struct StageCursor {
    #[serde(flatten)]
    stamp: StampCursor,
    #[serde(default)]
    stages: Vec<(String, String)>,
}

impl StageCursor {
    fn stage_of(&self, id: &str) -> Option<&str> {
        self.stages.iter().find(|(i, _)| i == id).map(|(_, s)| s.as_str())
    }

    fn remember(&mut self, id: &str, stage: &str) {
        self.stages.retain(|(i, _)| i != id);
        self.stages.push((id.to_owned(), stage.to_owned()));
        let excess = self.stages.len().saturating_sub(STAGES_KEPT);
        self.stages.drain(..excess);
    }
}

/// Where `case_escalated` stands: its [`StampCursor`] and the escalated cases already seen
/// (newest last), so a case is emitted when it is escalated, not at each later edit.
#[derive(Debug, Default, Deserialize, Serialize)]
struct EscalatedCursor {
    #[serde(flatten)]
    stamp: StampCursor,
    #[serde(default)]
    escalated: Vec<String>,
}

/// Where `record_deleted` stands: the end of the window already read (Salesforce's
/// `latestDateCovered`), and the ids read in the last window.
#[derive(Debug, Default, Deserialize, Serialize)]
struct DeletedCursor {
    since: String,
    #[serde(default)]
    seen: Vec<String>,
}

/// One page of `/query`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryPage {
    #[serde(default)]
    total_size: u64,
    #[serde(default)]
    done: bool,
    #[serde(default)]
    records: Vec<Value>,
    next_records_url: Option<String>,
}

/// The answer of `/sobjects/{Type}/deleted/`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeletedPage {
    #[serde(default)]
    deleted_records: Vec<Value>,
    latest_date_covered: Option<String>,
}

/// The path, relative to the API's base URL, of a `nextRecordsUrl`
/// (`/services/data/v59.0/query/01gD0000002HU6KIAW-2000`): only ever a query locator of this
/// instance and version, never another host or path.
fn next_page_path(url: &str) -> Result<String> {
    let prefix = format!("/services/data/{API_VERSION}/");
    let rest = url.strip_prefix(&prefix).unwrap_or_default();
    let (kind, locator) = rest.split_once('/').unwrap_or_default();
    let locator_ok = !locator.is_empty() && locator.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if matches!(kind, "query" | "queryAll") && locator_ok {
        Ok(format!("/{kind}/{locator}"))
    } else {
        Err(ConnectorError::new(
            ErrorCode::InvalidResponse,
            format!("salesforce gave an unexpected next page address `{url}`"),
        ))
    }
}

impl Salesforce {
    /// Runs `soql`, following `nextRecordsUrl` until `limit` records are read: the records,
    /// Salesforce's `totalSize`, and whether every record was read.
    async fn query(&self, soql: &str, limit: usize) -> Result<(Vec<Value>, u64, bool)> {
        let mut page: QueryPage = self.http.get("/query").query(&[("q", soql)]).send_json().await.map_err(refine)?;
        let total = page.total_size;
        let mut records = Vec::new();
        let mut pages = 1;
        loop {
            records.append(&mut page.records);
            let next = match page.next_records_url.as_deref() {
                Some(next) if !page.done && records.len() < limit && pages < MAX_PAGES => next_page_path(next)?,
                _ => break,
            };
            page = self.http.get(&next).send_json().await.map_err(refine)?;
            pages += 1;
        }
        let done = page.done && records.len() <= limit;
        records.truncate(limit);
        Ok((records, total, done))
    }

    /// A "Get All" action's answer.
    async fn list(&self, object: &str, conditions: Option<&str>, limit: Option<f64>) -> Result<Value> {
        let limit = limit_of(limit)?;
        let (records, total, done) = self.query(&list_soql(object, conditions, limit), limit).await?;
        Ok(json!({"totalSize": total, "done": done, "records": records}))
    }

    /// `POST /sobjects/{object}`: Salesforce's `{id, success, errors}`.
    async fn create(&self, object: &str, record: Map<String, Value>) -> Result<Value> {
        let path = format!("/sobjects/{}", path_segment(object));
        self.http.post(&path).json(&record).send_json().await.map_err(refine)
    }

    /// `PATCH /sobjects/{object}/{id}` (204): `{id, success}`.
    async fn update(&self, object: &str, id: &str, record: Map<String, Value>) -> Result<Value> {
        if record.is_empty() {
            return Err(ConnectorError::invalid_input("give at least one field to update"));
        }
        let path = format!("/sobjects/{}/{}", path_segment(object), path_segment(id));
        self.http.patch(&path).json(&record).send().await.map_err(refine)?;
        Ok(json!({"id": id, "success": true}))
    }

    /// `GET /sobjects/{object}/{id}`: the record.
    async fn retrieve(&self, object: &str, id: &str) -> Result<Value> {
        let path = format!("/sobjects/{}/{}", path_segment(object), path_segment(id));
        self.http.get(&path).send_json().await.map_err(refine)
    }

    /// `DELETE /sobjects/{object}/{id}` (204): `{id, success}`.
    async fn remove(&self, object: &str, id: &str) -> Result<Value> {
        let path = format!("/sobjects/{}/{}", path_segment(object), path_segment(id));
        self.http.delete(&path).send().await.map_err(refine)?;
        Ok(json!({"id": id, "success": true, "deleted": true}))
    }

    /// The records of `object` stamped by `field` since the cursor (matching `filter`, a SOQL
    /// condition), oldest first, and the cursor moved past them. The first poll (no cursor) only
    /// records the newest stamp.
    async fn poll_stamped(
        &self,
        object: &str,
        field: &str,
        filter: Option<&str>,
        cursor: Option<StampCursor>,
    ) -> Result<(Vec<Value>, StampCursor)> {
        let fields = soql_fields(object);
        let and_filter = filter.map(|f| format!("{f} AND ")).unwrap_or_default();
        let Some(mut cursor) = cursor.filter(|c| !c.since.is_empty()) else {
            let where_filter = filter.map(|f| format!(" WHERE {f}")).unwrap_or_default();
            let soql =
                format!("SELECT Id, {field} FROM {object}{where_filter} ORDER BY {field} DESC, Id DESC LIMIT 200");
            let (newest, _, _) = self.query(&soql, 200).await?;
            return Ok((vec![], StampCursor::at_newest(&newest, field)));
        };
        let soql =
            format!("SELECT {fields} FROM {object} WHERE {and_filter}{field} >= {} ORDER BY {field}, Id", cursor.since);
        let (records, _, _) = self.query(&soql, POLL_MAX).await?;
        let events = records.into_iter().filter(|record| cursor.advance(record, field)).collect();
        Ok((events, cursor))
    }
}

/// The cursor a poll was given, as `T` (a cursor of another shape starts afresh).
fn cursor_as<T: serde::de::DeserializeOwned>(cursor: Option<Value>) -> Option<T> {
    cursor.and_then(|c| serde_json::from_value(c).ok())
}

/// A select's value as Salesforce names it (`Account`).
fn select_value<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

#[actions]
impl Salesforce {
    /// Create an account (a company)
    #[action(name = "Create Account", category = "Account")]
    async fn create_account(&self, input: CreateAccountInput) -> Result<Value> {
        self.create("Account", sobject_fields(&input, &[])).await
    }

    /// Update the given fields of an account
    #[action(name = "Update Account", category = "Account", idempotent)]
    async fn update_account(&self, input: UpdateAccountInput) -> Result<Value> {
        let id = record_id("accountId", &input.account_id)?;
        self.update("Account", &id, sobject_fields(&input, &["accountId"])).await
    }

    /// Get an account by id
    #[action(name = "Get Account", category = "Account", idempotent)]
    async fn get_account(&self, input: GetAccountInput) -> Result<Value> {
        self.retrieve("Account", &record_id("accountId", &input.account_id)?).await
    }

    /// List accounts, newest first, optionally filtered by a SOQL condition
    #[action(name = "Get All Accounts", category = "Account", idempotent)]
    async fn get_all_accounts(&self, input: GetAllAccountsInput) -> Result<Value> {
        self.list("Account", input.conditions.as_deref(), input.limit).await
    }

    /// Create a contact
    #[action(name = "Create Contact", category = "Contact")]
    async fn create_contact(&self, input: CreateContactInput) -> Result<Value> {
        self.create("Contact", sobject_fields(&input, &[])).await
    }

    /// Update the given fields of a contact
    #[action(name = "Update Contact", category = "Contact", idempotent)]
    async fn update_contact(&self, input: UpdateContactInput) -> Result<Value> {
        let id = record_id("contactId", &input.contact_id)?;
        self.update("Contact", &id, sobject_fields(&input, &["contactId"])).await
    }

    /// Get a contact by id
    #[action(name = "Get Contact", category = "Contact", idempotent)]
    async fn get_contact(&self, input: GetContactInput) -> Result<Value> {
        self.retrieve("Contact", &record_id("contactId", &input.contact_id)?).await
    }

    /// List contacts, newest first, optionally filtered by a SOQL condition
    #[action(name = "Get All Contacts", category = "Contact", idempotent)]
    async fn get_all_contacts(&self, input: GetAllContactsInput) -> Result<Value> {
        self.list("Contact", input.conditions.as_deref(), input.limit).await
    }

    /// Delete a contact
    #[action(name = "Delete Contact", category = "Contact", idempotent)]
    async fn delete_contact(&self, input: DeleteContactInput) -> Result<Value> {
        self.remove("Contact", &record_id("contactId", &input.contact_id)?).await
    }

    /// Create a lead
    #[action(name = "Create Lead", category = "Lead")]
    async fn create_lead(&self, input: CreateLeadInput) -> Result<Value> {
        self.create("Lead", sobject_fields(&input, &[])).await
    }

    /// Update the given fields of a lead
    #[action(name = "Update Lead", category = "Lead", idempotent)]
    async fn update_lead(&self, input: UpdateLeadInput) -> Result<Value> {
        let id = record_id("leadId", &input.lead_id)?;
        self.update("Lead", &id, sobject_fields(&input, &["leadId"])).await
    }

    /// Get a lead by id
    #[action(name = "Get Lead", category = "Lead", idempotent)]
    async fn get_lead(&self, input: GetLeadInput) -> Result<Value> {
        self.retrieve("Lead", &record_id("leadId", &input.lead_id)?).await
    }

    /// List leads, newest first, optionally filtered by a SOQL condition
    #[action(name = "Get All Leads", category = "Lead", idempotent)]
    async fn get_all_leads(&self, input: GetAllLeadsInput) -> Result<Value> {
        self.list("Lead", input.conditions.as_deref(), input.limit).await
    }

    /// Delete a lead
    #[action(name = "Delete Lead", category = "Lead", idempotent)]
    async fn delete_lead(&self, input: DeleteLeadInput) -> Result<Value> {
        self.remove("Lead", &record_id("leadId", &input.lead_id)?).await
    }

    /// Create an opportunity (a deal)
    #[action(name = "Create Opportunity", category = "Opportunity")]
    async fn create_opportunity(&self, input: CreateOpportunityInput) -> Result<Value> {
        self.create("Opportunity", sobject_fields(&input, &[])).await
    }

    /// Update the given fields of an opportunity
    #[action(name = "Update Opportunity", category = "Opportunity", idempotent)]
    async fn update_opportunity(&self, input: UpdateOpportunityInput) -> Result<Value> {
        let id = record_id("opportunityId", &input.opportunity_id)?;
        self.update("Opportunity", &id, sobject_fields(&input, &["opportunityId"])).await
    }

    /// Get an opportunity by id
    #[action(name = "Get Opportunity", category = "Opportunity", idempotent)]
    async fn get_opportunity(&self, input: GetOpportunityInput) -> Result<Value> {
        self.retrieve("Opportunity", &record_id("opportunityId", &input.opportunity_id)?).await
    }

    /// List opportunities, newest first, optionally filtered by a SOQL condition
    #[action(name = "Get All Opportunities", category = "Opportunity", idempotent)]
    async fn get_all_opportunities(&self, input: GetAllOpportunitiesInput) -> Result<Value> {
        self.list("Opportunity", input.conditions.as_deref(), input.limit).await
    }

    /// Delete an opportunity
    #[action(name = "Delete Opportunity", category = "Opportunity", idempotent)]
    async fn delete_opportunity(&self, input: DeleteOpportunityInput) -> Result<Value> {
        self.remove("Opportunity", &record_id("opportunityId", &input.opportunity_id)?).await
    }

    /// Create a case
    #[action(name = "Create Case", category = "Case")]
    async fn create_case(&self, input: CreateCaseInput) -> Result<Value> {
        self.create("Case", sobject_fields(&input, &[])).await
    }

    /// Update the given fields of a case
    #[action(name = "Update Case", category = "Case", idempotent)]
    async fn update_case(&self, input: UpdateCaseInput) -> Result<Value> {
        let id = record_id("caseId", &input.case_id)?;
        self.update("Case", &id, sobject_fields(&input, &["caseId"])).await
    }

    /// Get a case by id
    #[action(name = "Get Case", category = "Case", idempotent)]
    async fn get_case(&self, input: GetCaseInput) -> Result<Value> {
        self.retrieve("Case", &record_id("caseId", &input.case_id)?).await
    }

    /// List cases, newest first, optionally filtered by a SOQL condition
    #[action(name = "Get All Cases", category = "Case", idempotent)]
    async fn get_all_cases(&self, input: GetAllCasesInput) -> Result<Value> {
        self.list("Case", input.conditions.as_deref(), input.limit).await
    }

    /// Create a task (an activity), linked to a contact or lead (`whoId`) and a record (`whatId`)
    #[action(name = "Create Task", category = "Task")]
    async fn create_task(&self, input: CreateTaskInput) -> Result<Value> {
        self.create("Task", sobject_fields(&input, &[])).await
    }

    /// Update the given fields of a task
    #[action(name = "Update Task", category = "Task", idempotent)]
    async fn update_task(&self, input: UpdateTaskInput) -> Result<Value> {
        let id = record_id("taskId", &input.task_id)?;
        self.update("Task", &id, sobject_fields(&input, &["taskId"])).await
    }

    /// Get a task by id
    #[action(name = "Get Task", category = "Task", idempotent)]
    async fn get_task(&self, input: GetTaskInput) -> Result<Value> {
        self.retrieve("Task", &record_id("taskId", &input.task_id)?).await
    }

    /// List tasks, newest first, optionally filtered by a SOQL condition
    #[action(name = "Get All Tasks", category = "Task", idempotent)]
    async fn get_all_tasks(&self, input: GetAllTasksInput) -> Result<Value> {
        self.list("Task", input.conditions.as_deref(), input.limit).await
    }

    /// Delete a task
    #[action(name = "Delete Task", category = "Task", idempotent)]
    async fn delete_task(&self, input: DeleteTaskInput) -> Result<Value> {
        self.remove("Task", &record_id("taskId", &input.task_id)?).await
    }

    /// Search every field of the given objects (SOSL `FIND`) for a term, searched as typed
    #[action(name = "Search Records", category = "Search", idempotent)]
    async fn search_records(&self, input: SearchRecordsInput) -> Result<Value> {
        let term = input.search_term.trim();
        if term.is_empty() {
            return Err(ConnectorError::invalid_input("`searchTerm` cannot be blank"));
        }
        let mut objects = Vec::new();
        for object in input.object_types.iter().flatten() {
            let Some(name) = object.as_str() else {
                return Err(ConnectorError::invalid_input("`objectTypes` must list sObject names as text"));
            };
            objects.push(sobject_name(name)?);
        }
        if objects.is_empty() {
            objects = ["Contact", "Account", "Opportunity", "Lead"].map(str::to_owned).to_vec();
        }
        let sosl = format!("FIND {{{}}} IN ALL FIELDS RETURNING {}", sosl_escape(term), objects.join(", "));
        self.http.get("/search").query(&[("q", sosl)]).send_json().await.map_err(refine)
    }

    /// Run a SOQL query, reading up to 10,000 records
    #[action(name = "Execute SOQL Query", category = "Search", idempotent)]
    async fn execute_soql(&self, input: ExecuteSoqlInput) -> Result<Value> {
        let soql = input.query.trim();
        if soql.is_empty() {
            return Err(ConnectorError::invalid_input("`query` cannot be blank"));
        }
        let (records, total, done) = self.query(soql, MAX_RECORDS).await?;
        Ok(json!({"totalSize": total, "done": done, "records": records}))
    }

    /// Create a record of a custom object (`Invoice__c`), its fields named by their API names
    #[action(name = "Create Custom Object Record", category = "Custom Object")]
    async fn create_custom_object(&self, input: CreateCustomObjectInput) -> Result<Value> {
        let object = custom_object(&input.object_name)?;
        self.create(&object, input.fields).await
    }

    /// Update the given fields of a custom object's record
    #[action(name = "Update Custom Object Record", category = "Custom Object", idempotent)]
    async fn update_custom_object(&self, input: UpdateCustomObjectInput) -> Result<Value> {
        let object = custom_object(&input.object_name)?;
        let id = record_id("recordId", &input.record_id)?;
        self.update(&object, &id, input.fields).await
    }

    /// Get a custom object's record by id
    #[action(name = "Get Custom Object Record", category = "Custom Object", idempotent)]
    async fn get_custom_object(&self, input: GetCustomObjectInput) -> Result<Value> {
        let object = custom_object(&input.object_name)?;
        self.retrieve(&object, &record_id("recordId", &input.record_id)?).await
    }

    /// A record of the chosen object was created (polled with SOQL on `CreatedDate`)
    #[trigger(name = "Record Created", polling, event_id = "/Id")]
    async fn record_created(&self, config: RecordCreatedConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let object = select_value(&config.object_type);
        let (events, cursor) = self.poll_stamped(&object, "CreatedDate", None, cursor_as(cursor)).await?;
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }

    /// A record of the chosen object was changed (polled with SOQL on `LastModifiedDate`; a
    /// record changed several times in one second is emitted once)
    #[trigger(name = "Record Updated", polling)]
    async fn record_updated(&self, config: RecordUpdatedConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let object = select_value(&config.object_type);
        let (events, cursor) = self.poll_stamped(&object, "LastModifiedDate", None, cursor_as(cursor)).await?;
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }

    /// A record of the chosen object was deleted (polled with the `deleted` resource, which keeps
    /// 30 days): each event is `{id, deletedDate, objectType}`
    #[trigger(name = "Record Deleted", polling, event_id = "/id")]
    async fn record_deleted(&self, config: RecordDeletedConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let object = select_value(&config.object_type);
        let path = format!("/sobjects/{}/deleted/", path_segment(&object));
        let now = Utc::now();
        let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
        let oldest = now - Duration::days(29);
        let cursor: Option<DeletedCursor> = cursor_as(cursor);
        let first = cursor.is_none();
        let mut cursor = cursor.unwrap_or_default();
        let start = DateTime::parse_from_rfc3339(&cursor.since)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(now - Duration::minutes(5))
            .max(oldest)
            .min(now - Duration::minutes(1));
        let query = [("start", stamp(start)), ("end", stamp(now))];
        let page: DeletedPage = self.http.get(&path).query(&query).send_json().await.map_err(refine)?;
        let mut events = Vec::new();
        let mut seen = Vec::new();
        for record in page.deleted_records {
            let Some(id) = record["id"].as_str().map(str::to_owned) else { continue };
            if !first && !cursor.seen.contains(&id) {
                let mut event = record.clone();
                event["objectType"] = json!(object);
                events.push(event);
            }
            seen.push(id);
        }
        let covered = page.latest_date_covered.as_deref().and_then(soql_second);
        cursor.since = covered.unwrap_or_else(|| stamp(start));
        cursor.seen = seen;
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }

    /// An opportunity's stage changed: each event is the opportunity with `previousStageName`.
    /// Opportunities modified since the last poll are compared with the stage remembered for
    /// them (the 1,000 most recently modified are remembered when the trigger starts); one first
    /// seen is remembered, not emitted
    #[trigger(name = "Opportunity Stage Changed", polling, aliases = ["opportunity_stage_updated"])]
    async fn opportunity_stage_changed(
        &self,
        _config: OpportunityStageChangedConfig,
        cursor: Option<Value>,
    ) -> Result<Polled<Value>> {
        let Some(mut cursor) = cursor_as::<StageCursor>(cursor).filter(|c| !c.stamp.since.is_empty()) else {
            let soql = "SELECT Id, StageName, LastModifiedDate FROM Opportunity ORDER BY LastModifiedDate DESC, Id DESC LIMIT 1000";
            let (newest, _, _) = self.query(soql, 1_000).await?;
            let mut cursor = StageCursor { stamp: StampCursor::at_newest(&newest, "LastModifiedDate"), stages: vec![] };
            for record in newest.iter().rev() {
                if let (Some(id), Some(stage)) = (record["Id"].as_str(), record["StageName"].as_str()) {
                    cursor.remember(id, stage);
                }
            }
            return Ok(Polled { events: vec![], cursor: Some(json!(cursor)) });
        };
        let (records, stamp) =
            self.poll_stamped("Opportunity", "LastModifiedDate", None, Some(cursor.stamp.clone())).await?;
        cursor.stamp = stamp;
        let mut events = Vec::new();
        for mut record in records {
            let (Some(id), Some(stage)) =
                (record["Id"].as_str().map(str::to_owned), record["StageName"].as_str().map(str::to_owned))
            else {
                continue;
            };
            if let Some(previous) = cursor.stage_of(&id).filter(|p| *p != stage).map(str::to_owned) {
                record["previousStageName"] = json!(previous);
                events.push(record);
            }
            cursor.remember(&id, &stage);
        }
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }

    /// A lead was converted (polled with SOQL: `IsConverted = true`, on `LastModifiedDate`)
    #[trigger(name = "Lead Converted", polling, event_id = "/Id")]
    async fn lead_converted(&self, _config: LeadConvertedConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let (events, cursor) =
            self.poll_stamped("Lead", "LastModifiedDate", Some("IsConverted = true"), cursor_as(cursor)).await?;
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }

    /// A case was escalated (polled with SOQL: `IsEscalated = true`, on `LastModifiedDate`); a
    /// case is emitted the first time it is seen escalated (the 2,000 most recent are
    /// remembered, those escalated when the trigger starts included), not at each later edit
    #[trigger(name = "Case Escalated", polling)]
    async fn case_escalated(&self, _config: CaseEscalatedConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let Some(mut cursor) = cursor_as::<EscalatedCursor>(cursor).filter(|c| !c.stamp.since.is_empty()) else {
            // The cases escalated now are known: a later edit of one is no new escalation.
            let soql = format!(
                "SELECT Id, LastModifiedDate FROM Case WHERE {ESCALATED} ORDER BY LastModifiedDate DESC, Id DESC LIMIT {ESCALATED_KEPT}"
            );
            let (newest, _, _) = self.query(&soql, ESCALATED_KEPT).await?;
            let escalated = newest.iter().rev().filter_map(|r| r["Id"].as_str().map(str::to_owned)).collect();
            let cursor = EscalatedCursor { stamp: StampCursor::at_newest(&newest, "LastModifiedDate"), escalated };
            return Ok(Polled { events: vec![], cursor: Some(json!(cursor)) });
        };
        let (records, stamp) =
            self.poll_stamped("Case", "LastModifiedDate", Some(ESCALATED), Some(cursor.stamp.clone())).await?;
        cursor.stamp = stamp;
        let mut events = Vec::new();
        for record in records {
            let Some(id) = record["Id"].as_str().map(str::to_owned) else { continue };
            if cursor.escalated.contains(&id) {
                continue;
            }
            cursor.escalated.push(id);
            events.push(record);
        }
        let excess = cursor.escalated.len().saturating_sub(ESCALATED_KEPT);
        cursor.escalated.drain(..excess);
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }

    /// Reads the org's API limits: a cheap call that proves the token and the instance work
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/limits").send().await.map(drop).map_err(refine)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_hosts_are_salesforce_hosts_over_https_only() {
        assert_eq!(instance_host("https://Acme.my.salesforce.com/").unwrap(), "acme.my.salesforce.com");
        assert_eq!(instance_host("https://na1.salesforce.com").unwrap(), "na1.salesforce.com");
        assert_eq!(
            instance_host("https://acme--dev.sandbox.my.salesforce.com").unwrap(),
            "acme--dev.sandbox.my.salesforce.com"
        );
        assert!(instance_host("https://acme.my.site.force.com").is_ok());
        for refused in [
            "https://evil.example",
            "http://acme.my.salesforce.com",
            "https://x.salesforce.com.evil.example",
            "https://salesforce.com",
            "https://evilsalesforce.com",
            "https://acme.my.salesforce.com:8443",
            "https://user@acme.my.salesforce.com",
            "https://acme.my.salesforce.com/services",
            "https://acme.my.salesforce.com?x=1",
            "acme.my.salesforce.com",
            "ftp://acme.my.salesforce.com",
            "https://acme..salesforce.com",
        ] {
            assert!(instance_host(refused).is_err(), "{refused} should be refused");
        }
    }

    fn connect(token_fields: Value) -> Result<Salesforce> {
        let credentials = json!({
            "authType": "oauth2",
            "instanceUrl": "https://login.salesforce.com",
            "accessToken": "token",
            "oauthTokenFields": token_fields,
        });
        ConnectContext::new(credentials.as_object().cloned().unwrap_or_default()).connect()
    }

    #[test]
    fn the_connection_calls_the_instance_salesforce_named_at_sign_in() {
        let salesforce = connect(json!({"instance_url": "https://acme.my.salesforce.com", "id": "x"})).unwrap();
        assert_eq!(salesforce.http_client().unwrap().base_url(), "https://acme.my.salesforce.com/services/data/v59.0");
        // As text too (a store that keeps the object serialized).
        let salesforce = connect(json!("{\"instance_url\": \"https://eu5.salesforce.com/\"}")).unwrap();
        assert_eq!(salesforce.http_client().unwrap().base_url(), "https://eu5.salesforce.com/services/data/v59.0");
    }

    #[test]
    fn an_instance_that_is_not_salesforces_is_refused_and_none_yet_is_storable() {
        for fields in [
            json!({"instance_url": "https://evil.example"}),
            json!({"instance_url": "http://acme.my.salesforce.com"}),
            json!({"instance_url": "https://x.salesforce.com.evil.example"}),
        ] {
            let error = connect(fields.clone()).err().unwrap();
            assert_eq!(error.code, ErrorCode::InvalidCredentials, "{fields}");
            assert!(error.message.contains("refused"), "{error}");
        }
        // Not signed in yet: storable, and pointed at nothing but Salesforce's own login host.
        let unsigned = connect(Value::Null).expect("a connection not yet signed in is storable");
        assert_eq!(unsigned.http_client().unwrap().base_url(), DECLARED_BASE_URL);
    }

    #[test]
    fn sosl_reserved_characters_are_escaped() {
        assert_eq!(sosl_escape("a-b} OR {c"), "a\\-b\\} OR \\{c");
        assert_eq!(sosl_escape("o'neil?"), "o\\'neil\\?");
    }

    #[test]
    fn next_pages_stay_on_the_instance() {
        assert_eq!(
            next_page_path("/services/data/v59.0/query/01gD0000002HU6KIAW-2000").unwrap(),
            "/query/01gD0000002HU6KIAW-2000"
        );
        for refused in [
            "https://evil.example/services/data/v59.0/query/x-1",
            "/services/data/v59.0/query/../sobjects",
            "/services/data/v59.0/sobjects/Account",
            "//evil.example/services/data/v59.0/query/x",
        ] {
            assert!(next_page_path(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn salesforce_datetimes_become_soql_literals() {
        assert_eq!(soql_second("2024-05-01T10:00:00.000+0000").unwrap(), "2024-05-01T10:00:00Z");
        assert_eq!(soql_second("2024-05-01T12:00:00.000+0200").unwrap(), "2024-05-01T10:00:00Z");
        assert_eq!(soql_second("2024-05-01T10:00:00Z").unwrap(), "2024-05-01T10:00:00Z");
    }
}
