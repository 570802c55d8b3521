use fluxturn_core::prelude::*;
use serde_json::{Map, Value};

/// HubSpot: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/hubspot.json`.
#[connector(
    name = "hubspot",
    display_name = "HubSpot",
    category = "crm",
    base_url = "https://api.hubapi.com",
    icon = "icons/hubspot.svg",
    auth = oauth2(authorization_url = "https://app.hubspot.com/oauth/authorize", token_url = "https://api.hubapi.com/oauth/v1/token", scopes = ["crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.companies.write", "crm.objects.deals.read", "crm.objects.deals.write", "crm.schemas.contacts.read", "crm.schemas.companies.read", "crm.schemas.deals.read", "crm.lists.read", "crm.lists.write", "tickets"]),
    credentials = HubspotCredentials,
)]
pub struct Hubspot {
    http: Http,
}

/// What the user enters in the "Add HubSpot" form.
#[derive(Credentials)]
pub struct HubspotCredentials {
    /// Auth Type (FluxTurn's form has a select here: give it an enum of its choices)
    #[field(key = "authType", label = "Auth Type")]
    pub auth_type: String,
    /// Api Key
    #[field(key = "apiKey", label = "Api Key", secret)]
    pub api_key: Secret<String>,
    /// App Token
    #[field(key = "appToken", label = "App Token", secret)]
    pub app_token: Secret<String>,
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

#[actions]
impl Hubspot {
    /// Create Company
    #[action(name = "Create Company", http(method = "POST", endpoint = "/crm/v3/objects/companies"))]
    async fn create_company(&self, input: CreateCompanyInput) -> Result<Value>;

    /// Update Company
    #[action(name = "Update Company", http(method = "PATCH", endpoint = "/crm/v3/objects/companies/{companyId}"))]
    async fn update_company(&self, input: UpdateCompanyInput) -> Result<Value>;

    /// Get Company
    #[action(name = "Get Company", http(method = "GET", endpoint = "/crm/v3/objects/companies/{companyId}"))]
    async fn get_company(&self, input: GetCompanyInput) -> Result<Value>;

    /// Delete Company
    #[action(name = "Delete Company", http(method = "DELETE", endpoint = "/crm/v3/objects/companies/{companyId}"))]
    async fn delete_company(&self, input: DeleteCompanyInput) -> Result<Value>;

    /// Search Companies
    #[action(name = "Search Companies", http(method = "POST", endpoint = "/crm/v3/objects/companies/search"))]
    async fn search_companies(&self, input: SearchCompaniesInput) -> Result<Value>;

    /// Create Contact
    #[action(name = "Create Contact", http(method = "POST", endpoint = "/crm/v3/objects/contacts"))]
    async fn create_contact(&self, input: CreateContactInput) -> Result<Value>;

    /// Update Contact
    #[action(name = "Update Contact", http(method = "PATCH", endpoint = "/crm/v3/objects/contacts/{contactId}"))]
    async fn update_contact(&self, input: UpdateContactInput) -> Result<Value>;

    /// Get Contact
    #[action(name = "Get Contact", http(method = "GET", endpoint = "/crm/v3/objects/contacts/{contactId}"))]
    async fn get_contact(&self, input: GetContactInput) -> Result<Value>;

    /// Delete Contact
    #[action(name = "Delete Contact", http(method = "DELETE", endpoint = "/crm/v3/objects/contacts/{contactId}"))]
    async fn delete_contact(&self, input: DeleteContactInput) -> Result<Value>;

    /// Search Contacts
    #[action(name = "Search Contacts", http(method = "POST", endpoint = "/crm/v3/objects/contacts/search"))]
    async fn search_contacts(&self, input: SearchContactsInput) -> Result<Value>;

    /// Create Deal
    #[action(name = "Create Deal", http(method = "POST", endpoint = "/crm/v3/objects/deals"))]
    async fn create_deal(&self, input: CreateDealInput) -> Result<Value>;

    /// Update Deal
    #[action(name = "Update Deal", http(method = "PATCH", endpoint = "/crm/v3/objects/deals/{dealId}"))]
    async fn update_deal(&self, input: UpdateDealInput) -> Result<Value>;

    /// Get Deal
    #[action(name = "Get Deal", http(method = "GET", endpoint = "/crm/v3/objects/deals/{dealId}"))]
    async fn get_deal(&self, input: GetDealInput) -> Result<Value>;

    /// Delete Deal
    #[action(name = "Delete Deal", http(method = "DELETE", endpoint = "/crm/v3/objects/deals/{dealId}"))]
    async fn delete_deal(&self, input: DeleteDealInput) -> Result<Value>;

    /// Search Deals
    #[action(name = "Search Deals", http(method = "POST", endpoint = "/crm/v3/objects/deals/search"))]
    async fn search_deals(&self, input: SearchDealsInput) -> Result<Value>;

    /// Create Ticket
    #[action(name = "Create Ticket", http(method = "POST", endpoint = "/crm/v3/objects/tickets"))]
    async fn create_ticket(&self, input: CreateTicketInput) -> Result<Value>;

    /// Update Ticket
    #[action(name = "Update Ticket", http(method = "PATCH", endpoint = "/crm/v3/objects/tickets/{ticketId}"))]
    async fn update_ticket(&self, input: UpdateTicketInput) -> Result<Value>;

    /// Get Ticket
    #[action(name = "Get Ticket", http(method = "GET", endpoint = "/crm/v3/objects/tickets/{ticketId}"))]
    async fn get_ticket(&self, input: GetTicketInput) -> Result<Value>;

    /// Delete Ticket
    #[action(name = "Delete Ticket", http(method = "DELETE", endpoint = "/crm/v3/objects/tickets/{ticketId}"))]
    async fn delete_ticket(&self, input: DeleteTicketInput) -> Result<Value>;

    /// Create Engagement
    #[action(name = "Create Engagement", http(method = "POST", endpoint = "/engagements/v1/engagements"))]
    async fn create_engagement(&self, input: CreateEngagementInput) -> Result<Value>;

    /// Add Contact to List
    #[action(name = "Add Contact to List", http(method = "POST", endpoint = "/contacts/v1/lists/{listId}/add"))]
    async fn add_contact_to_list(&self, input: AddContactToListInput) -> Result<Value>;

    /// Remove Contact from List
    #[action(name = "Remove Contact from List", http(method = "POST", endpoint = "/contacts/v1/lists/{listId}/remove"))]
    async fn remove_contact_from_list(&self, input: RemoveContactFromListInput) -> Result<Value>;

    /// Company Created
    #[trigger(name = "Company Created", webhook)]
    async fn company_created(&self, _config: CompanyCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Company Deleted
    #[trigger(name = "Company Deleted", webhook)]
    async fn company_deleted(&self, _config: CompanyDeletedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Company Property Changed
    #[trigger(name = "Company Property Changed", webhook)]
    async fn company_property_changed(
        &self,
        _config: CompanyPropertyChangedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Contact Created
    #[trigger(name = "Contact Created", webhook)]
    async fn contact_created(&self, _config: ContactCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Contact Deleted
    #[trigger(name = "Contact Deleted", webhook)]
    async fn contact_deleted(&self, _config: ContactDeletedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Contact Property Changed
    #[trigger(name = "Contact Property Changed", webhook)]
    async fn contact_property_changed(
        &self,
        _config: ContactPropertyChangedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Deal Created
    #[trigger(name = "Deal Created", webhook)]
    async fn deal_created(&self, _config: DealCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Deal Deleted
    #[trigger(name = "Deal Deleted", webhook)]
    async fn deal_deleted(&self, _config: DealDeletedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Deal Property Changed
    #[trigger(name = "Deal Property Changed", webhook)]
    async fn deal_property_changed(
        &self,
        _config: DealPropertyChangedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Ticket Created
    #[trigger(name = "Ticket Created", webhook)]
    async fn ticket_created(&self, _config: TicketCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Ticket Deleted
    #[trigger(name = "Ticket Deleted", webhook)]
    async fn ticket_deleted(&self, _config: TicketDeletedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Ticket Property Changed
    #[trigger(name = "Ticket Property Changed", webhook)]
    async fn ticket_property_changed(
        &self,
        _config: TicketPropertyChangedConfig,
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
