use fluxturn_core::prelude::*;
use serde_json::{Map, Value};

/// Salesforce: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/salesforce.json`.
#[connector(
    name = "salesforce",
    display_name = "Salesforce",
    category = "crm",
    // The API's base URL: replace this example.
    base_url = "https://api.salesforce.example",
    icon = "icons/salesforce.svg",
    auth = oauth2(authorization_url = "https://login.salesforce.com/services/oauth2/authorize", token_url = "https://login.salesforce.com/services/oauth2/token", scopes = ["api", "refresh_token", "full", "chatter_api"]),
    credentials = SalesforceCredentials,
)]
pub struct Salesforce {
    http: Http,
}

/// What the user enters in the "Add Salesforce" form.
#[derive(Credentials)]
pub struct SalesforceCredentials {
    /// Auth Type (FluxTurn's form has a select here: give it an enum of its choices)
    #[field(key = "authType", label = "Auth Type")]
    pub auth_type: String,
    /// Instance Url (FluxTurn's form has a select here: give it an enum of its choices)
    #[field(key = "instanceUrl", label = "Instance Url")]
    pub instance_url: String,
    /// Client Id
    #[field(key = "clientId", label = "Client Id")]
    pub client_id: String,
    /// Client Secret
    #[field(key = "clientSecret", label = "Client Secret", secret)]
    pub client_secret: Secret<String>,
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
    #[field(label = "Email", input_type = "email")]
    pub email: Option<String>,
    /// First Name
    #[field(label = "First Name")]
    #[serde(rename = "firstName")]
    pub first_name: Option<String>,
    /// Last Name
    #[field(label = "Last Name")]
    #[serde(rename = "lastName")]
    pub last_name: String,
    /// Phone
    #[field(label = "Phone")]
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
    #[field(label = "Company")]
    pub company: String,
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
    pub last_name: String,
    /// Lead Source
    #[field(label = "Lead Source")]
    #[serde(rename = "leadSource")]
    pub lead_source: Option<CreateLeadInputLeadSource>,
    /// Phone
    #[field(label = "Phone")]
    pub phone: Option<String>,
    /// Status
    #[field(label = "Status", default = "Open")]
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
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Priority
    #[field(label = "Priority", default = "Normal")]
    pub priority: Option<CreateTaskInputPriority>,
    /// Status
    #[field(label = "Status", default = "Not Started")]
    pub status: Option<CreateTaskInputStatus>,
    /// Subject
    #[field(label = "Subject")]
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

#[actions]
impl Salesforce {
    /// Create Account
    #[action(name = "Create Account")]
    async fn create_account(&self, _input: CreateAccountInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_account` is not written yet"))
    }

    /// Update Account
    #[action(name = "Update Account")]
    async fn update_account(&self, _input: UpdateAccountInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`update_account` is not written yet"))
    }

    /// Get Account
    #[action(name = "Get Account")]
    async fn get_account(&self, _input: GetAccountInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_account` is not written yet"))
    }

    /// Get All Accounts
    #[action(name = "Get All Accounts")]
    async fn get_all_accounts(&self, _input: GetAllAccountsInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_all_accounts` is not written yet"))
    }

    /// Create Contact
    #[action(name = "Create Contact")]
    async fn create_contact(&self, _input: CreateContactInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_contact` is not written yet"))
    }

    /// Update Contact
    #[action(name = "Update Contact")]
    async fn update_contact(&self, _input: UpdateContactInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`update_contact` is not written yet"))
    }

    /// Get Contact
    #[action(name = "Get Contact")]
    async fn get_contact(&self, _input: GetContactInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_contact` is not written yet"))
    }

    /// Get All Contacts
    #[action(name = "Get All Contacts")]
    async fn get_all_contacts(&self, _input: GetAllContactsInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_all_contacts` is not written yet"))
    }

    /// Delete Contact
    #[action(name = "Delete Contact")]
    async fn delete_contact(&self, _input: DeleteContactInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`delete_contact` is not written yet"))
    }

    /// Create Lead
    #[action(name = "Create Lead")]
    async fn create_lead(&self, _input: CreateLeadInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_lead` is not written yet"))
    }

    /// Update Lead
    #[action(name = "Update Lead")]
    async fn update_lead(&self, _input: UpdateLeadInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`update_lead` is not written yet"))
    }

    /// Get Lead
    #[action(name = "Get Lead")]
    async fn get_lead(&self, _input: GetLeadInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_lead` is not written yet"))
    }

    /// Get All Leads
    #[action(name = "Get All Leads")]
    async fn get_all_leads(&self, _input: GetAllLeadsInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_all_leads` is not written yet"))
    }

    /// Delete Lead
    #[action(name = "Delete Lead")]
    async fn delete_lead(&self, _input: DeleteLeadInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`delete_lead` is not written yet"))
    }

    /// Create Opportunity
    #[action(name = "Create Opportunity")]
    async fn create_opportunity(&self, _input: CreateOpportunityInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_opportunity` is not written yet"))
    }

    /// Update Opportunity
    #[action(name = "Update Opportunity")]
    async fn update_opportunity(&self, _input: UpdateOpportunityInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`update_opportunity` is not written yet"))
    }

    /// Get Opportunity
    #[action(name = "Get Opportunity")]
    async fn get_opportunity(&self, _input: GetOpportunityInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_opportunity` is not written yet"))
    }

    /// Get All Opportunities
    #[action(name = "Get All Opportunities")]
    async fn get_all_opportunities(&self, _input: GetAllOpportunitiesInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_all_opportunities` is not written yet"))
    }

    /// Delete Opportunity
    #[action(name = "Delete Opportunity")]
    async fn delete_opportunity(&self, _input: DeleteOpportunityInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`delete_opportunity` is not written yet"))
    }

    /// Create Case
    #[action(name = "Create Case")]
    async fn create_case(&self, _input: CreateCaseInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_case` is not written yet"))
    }

    /// Update Case
    #[action(name = "Update Case")]
    async fn update_case(&self, _input: UpdateCaseInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`update_case` is not written yet"))
    }

    /// Get Case
    #[action(name = "Get Case")]
    async fn get_case(&self, _input: GetCaseInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_case` is not written yet"))
    }

    /// Get All Cases
    #[action(name = "Get All Cases")]
    async fn get_all_cases(&self, _input: GetAllCasesInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_all_cases` is not written yet"))
    }

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

    /// Get Task
    #[action(name = "Get Task")]
    async fn get_task(&self, _input: GetTaskInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_task` is not written yet"))
    }

    /// Get All Tasks
    #[action(name = "Get All Tasks")]
    async fn get_all_tasks(&self, _input: GetAllTasksInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_all_tasks` is not written yet"))
    }

    /// Delete Task
    #[action(name = "Delete Task")]
    async fn delete_task(&self, _input: DeleteTaskInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`delete_task` is not written yet"))
    }

    /// Search Records
    #[action(name = "Search Records")]
    async fn search_records(&self, _input: SearchRecordsInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`search_records` is not written yet"))
    }

    /// Execute SOQL Query
    #[action(name = "Execute SOQL Query")]
    async fn execute_soql(&self, _input: ExecuteSoqlInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`execute_soql` is not written yet"))
    }

    /// Create Custom Object Record
    #[action(name = "Create Custom Object Record")]
    async fn create_custom_object(&self, _input: CreateCustomObjectInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_custom_object` is not written yet"))
    }

    /// Update Custom Object Record
    #[action(name = "Update Custom Object Record")]
    async fn update_custom_object(&self, _input: UpdateCustomObjectInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`update_custom_object` is not written yet"))
    }

    /// Get Custom Object Record
    #[action(name = "Get Custom Object Record")]
    async fn get_custom_object(&self, _input: GetCustomObjectInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_custom_object` is not written yet"))
    }

    /// Record Created
    #[trigger(name = "Record Created", polling)]
    async fn record_created(&self, _config: RecordCreatedConfig, _cursor: Option<Value>) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`record_created` is not written yet"))
    }

    /// Record Updated
    #[trigger(name = "Record Updated", polling)]
    async fn record_updated(&self, _config: RecordUpdatedConfig, _cursor: Option<Value>) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`record_updated` is not written yet"))
    }

    /// Record Deleted
    #[trigger(name = "Record Deleted", polling)]
    async fn record_deleted(&self, _config: RecordDeletedConfig, _cursor: Option<Value>) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`record_deleted` is not written yet"))
    }

    /// Opportunity Stage Changed
    #[trigger(name = "Opportunity Stage Changed", polling)]
    async fn opportunity_stage_changed(
        &self,
        _config: OpportunityStageChangedConfig,
        _cursor: Option<Value>,
    ) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`opportunity_stage_changed` is not written yet"))
    }

    /// Lead Converted
    #[trigger(name = "Lead Converted", polling)]
    async fn lead_converted(&self, _config: LeadConvertedConfig, _cursor: Option<Value>) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`lead_converted` is not written yet"))
    }

    /// Case Escalated
    #[trigger(name = "Case Escalated", polling)]
    async fn case_escalated(&self, _config: CaseEscalatedConfig, _cursor: Option<Value>) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`case_escalated` is not written yet"))
    }

    /// A cheap call that proves the credentials work (replace `/me` with such an endpoint of the API)
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/me").send().await.map(drop)
    }
}
