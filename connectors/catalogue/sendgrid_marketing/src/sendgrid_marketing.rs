use fluxturn_core::prelude::*;
use serde_json::{Map, Value};

/// SendGrid (Marketing): its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/sendgrid_marketing.json`.
#[connector(
    name = "sendgrid_marketing",
    display_name = "SendGrid (Marketing)",
    category = "marketing",
    base_url = "https://api.sendgrid.com/v3",
    icon = "icons/sendgrid_marketing.svg",
    // Where the key goes: a header (with a prefix), `query = "key"`, or `url` for a base_url placeholder.
    auth = api_key(header = "Authorization", prefix = "Bearer ", field = "apiKey"),
    credentials = SendgridMarketingCredentials,
)]
pub struct SendgridMarketing {
    http: Http,
}

/// What the user enters in the "Add SendGrid (Marketing)" form.
#[derive(Credentials)]
pub struct SendgridMarketingCredentials {
    /// Api Key
    #[field(key = "apiKey", label = "Api Key", secret)]
    pub api_key: Secret<String>,
}

/// The input of `send_email`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendEmailInput {
    /// Bcc
    #[field(label = "Bcc", input_type = "email")]
    pub bcc: Option<String>,
    /// Categories
    #[field(label = "Categories")]
    pub categories: Option<String>,
    /// Cc
    #[field(label = "Cc", input_type = "email")]
    pub cc: Option<String>,
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: String,
    /// From
    #[field(label = "From", input_type = "email")]
    pub from: String,
    /// Html
    #[field(label = "Html", input_type = "textarea")]
    pub html: Option<String>,
    /// Reply To
    #[field(label = "Reply To", input_type = "email")]
    #[serde(rename = "replyTo")]
    pub reply_to: Option<String>,
    /// Subject
    #[field(label = "Subject")]
    pub subject: String,
    /// Template Data
    #[field(label = "Template Data")]
    #[serde(rename = "templateData")]
    pub template_data: Option<Map<String, Value>>,
    /// Template Id
    #[field(label = "Template Id")]
    #[serde(rename = "templateId")]
    pub template_id: Option<String>,
    /// To
    #[field(label = "To", input_type = "email")]
    pub to: String,
}

/// The input of `create_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateContactInput {
    /// Address Line1
    #[field(label = "Address Line1")]
    #[serde(rename = "addressLine1")]
    pub address_line1: Option<String>,
    /// Address Line2
    #[field(label = "Address Line2")]
    #[serde(rename = "addressLine2")]
    pub address_line2: Option<String>,
    /// City
    #[field(label = "City")]
    pub city: Option<String>,
    /// Country
    #[field(label = "Country")]
    pub country: Option<String>,
    /// Custom Fields
    #[field(label = "Custom Fields")]
    #[serde(rename = "customFields")]
    pub custom_fields: Option<Map<String, Value>>,
    /// Email
    #[field(label = "Email", input_type = "email")]
    pub email: String,
    /// First Name
    #[field(label = "First Name")]
    #[serde(rename = "firstName")]
    pub first_name: Option<String>,
    /// Last Name
    #[field(label = "Last Name")]
    #[serde(rename = "lastName")]
    pub last_name: Option<String>,
    /// List Ids
    #[field(label = "List Ids")]
    #[serde(rename = "listIds")]
    pub list_ids: Option<String>,
    /// Phone
    #[field(label = "Phone")]
    pub phone: Option<String>,
    /// Postal Code
    #[field(label = "Postal Code")]
    #[serde(rename = "postalCode")]
    pub postal_code: Option<String>,
    /// State
    #[field(label = "State")]
    pub state: Option<String>,
}

/// The input of `update_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateContactInput {
    /// Address Line1
    #[field(label = "Address Line1")]
    #[serde(rename = "addressLine1")]
    pub address_line1: Option<String>,
    /// Address Line2
    #[field(label = "Address Line2")]
    #[serde(rename = "addressLine2")]
    pub address_line2: Option<String>,
    /// City
    #[field(label = "City")]
    pub city: Option<String>,
    /// Country
    #[field(label = "Country")]
    pub country: Option<String>,
    /// Custom Fields
    #[field(label = "Custom Fields")]
    #[serde(rename = "customFields")]
    pub custom_fields: Option<Map<String, Value>>,
    /// Email
    #[field(label = "Email", input_type = "email")]
    pub email: String,
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
    /// Postal Code
    #[field(label = "Postal Code")]
    #[serde(rename = "postalCode")]
    pub postal_code: Option<String>,
    /// State
    #[field(label = "State")]
    pub state: Option<String>,
}

/// The input of `get_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetContactInput {
    /// Contact Id
    #[field(label = "Contact Id")]
    #[serde(rename = "contactId")]
    pub contact_id: String,
}

/// The input of `get_contacts`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetContactsInput {
    /// Page Size
    #[field(label = "Page Size", default = 50)]
    #[serde(rename = "pageSize")]
    pub page_size: Option<f64>,
    /// Page Token
    #[field(label = "Page Token")]
    #[serde(rename = "pageToken")]
    pub page_token: Option<String>,
}

/// The input of `search_contacts`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SearchContactsInput {
    /// Query
    #[field(label = "Query")]
    pub query: String,
}

/// The input of `delete_contact`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteContactInput {
    /// Contact Id
    #[field(label = "Contact Id")]
    #[serde(rename = "contactId")]
    pub contact_id: String,
}

/// The input of `bulk_import_contacts`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct BulkImportContactsInput {
    /// Contacts
    #[field(label = "Contacts")]
    pub contacts: Vec<Value>,
    /// List Ids
    #[field(label = "List Ids")]
    #[serde(rename = "listIds")]
    pub list_ids: Option<String>,
}

/// The input of `create_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateListInput {
    /// Name
    #[field(label = "Name")]
    pub name: String,
}

/// The input of `update_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateListInput {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Name
    #[field(label = "Name")]
    pub name: String,
}

/// The input of `get_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetListInput {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The input of `get_lists`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetListsInput {
    /// Page Size
    #[field(label = "Page Size", default = 50)]
    #[serde(rename = "pageSize")]
    pub page_size: Option<f64>,
}

/// The input of `delete_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteListInput {
    /// Delete Contacts
    #[field(label = "Delete Contacts", default = false)]
    #[serde(rename = "deleteContacts")]
    pub delete_contacts: Option<bool>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The input of `add_contact_to_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddContactToListInput {
    /// Contact Id
    #[field(label = "Contact Id")]
    #[serde(rename = "contactId")]
    pub contact_id: String,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The input of `remove_contact_from_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RemoveContactFromListInput {
    /// Contact Id
    #[field(label = "Contact Id")]
    #[serde(rename = "contactId")]
    pub contact_id: String,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The input of `create_segment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateSegmentInput {
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Parent List Id
    #[field(label = "Parent List Id")]
    #[serde(rename = "parentListId")]
    pub parent_list_id: String,
    /// Query Dsl
    #[field(label = "Query Dsl", input_type = "textarea")]
    #[serde(rename = "queryDsl")]
    pub query_dsl: String,
}

/// The input of `update_segment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateSegmentInput {
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Query Dsl
    #[field(label = "Query Dsl", input_type = "textarea")]
    #[serde(rename = "queryDsl")]
    pub query_dsl: Option<String>,
    /// Segment Id
    #[field(label = "Segment Id")]
    #[serde(rename = "segmentId")]
    pub segment_id: String,
}

/// The input of `get_segment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetSegmentInput {
    /// Segment Id
    #[field(label = "Segment Id")]
    #[serde(rename = "segmentId")]
    pub segment_id: String,
}

/// The input of `get_segments`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetSegmentsInput {
    /// Parent List Id
    #[field(label = "Parent List Id")]
    #[serde(rename = "parentListId")]
    pub parent_list_id: Option<String>,
}

/// The input of `delete_segment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteSegmentInput {
    /// Segment Id
    #[field(label = "Segment Id")]
    #[serde(rename = "segmentId")]
    pub segment_id: String,
}

/// The input of `create_campaign`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCampaignInput {
    /// Categories
    #[field(label = "Categories")]
    pub categories: Option<String>,
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: String,
    /// List Ids
    #[field(label = "List Ids")]
    #[serde(rename = "listIds")]
    pub list_ids: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Plain Content
    #[field(label = "Plain Content", input_type = "textarea")]
    #[serde(rename = "plainContent")]
    pub plain_content: Option<String>,
    /// Segment Ids
    #[field(label = "Segment Ids")]
    #[serde(rename = "segmentIds")]
    pub segment_ids: Option<String>,
    /// Sender Id
    #[field(label = "Sender Id")]
    #[serde(rename = "senderId")]
    pub sender_id: Option<f64>,
    /// Subject
    #[field(label = "Subject")]
    pub subject: String,
    /// Suppression Group Id
    #[field(label = "Suppression Group Id")]
    #[serde(rename = "suppressionGroupId")]
    pub suppression_group_id: Option<f64>,
}

/// The input of `update_campaign`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateCampaignInput {
    /// Campaign Id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
    /// List Ids
    #[field(label = "List Ids")]
    #[serde(rename = "listIds")]
    pub list_ids: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Plain Content
    #[field(label = "Plain Content", input_type = "textarea")]
    #[serde(rename = "plainContent")]
    pub plain_content: Option<String>,
    /// Segment Ids
    #[field(label = "Segment Ids")]
    #[serde(rename = "segmentIds")]
    pub segment_ids: Option<String>,
    /// Subject
    #[field(label = "Subject")]
    pub subject: Option<String>,
}

/// The input of `get_campaign`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCampaignInput {
    /// Campaign Id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetCampaignsInputStatus {
    ///
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

/// The input of `get_campaigns`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCampaignsInput {
    /// Page Size
    #[field(label = "Page Size", default = 50)]
    #[serde(rename = "pageSize")]
    pub page_size: Option<f64>,
    /// Status
    #[field(label = "Status")]
    pub status: Option<GetCampaignsInputStatus>,
}

/// The input of `delete_campaign`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteCampaignInput {
    /// Campaign Id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
}

/// The input of `send_campaign`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendCampaignInput {
    /// Campaign Id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
    /// Send At
    #[field(label = "Send At")]
    #[serde(rename = "sendAt")]
    pub send_at: Option<String>,
}

/// The input of `pause_campaign`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct PauseCampaignInput {
    /// Campaign Id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
}

/// The input of `get_campaign_stats`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCampaignStatsInput {
    /// Campaign Id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
}

/// The choices of `generation`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
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
    /// Generation
    #[field(label = "Generation", default = "dynamic")]
    pub generation: Option<CreateTemplateInputGeneration>,
    /// Html Content
    #[field(label = "Html Content", input_type = "textarea")]
    #[serde(rename = "htmlContent")]
    pub html_content: String,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Plain Content
    #[field(label = "Plain Content", input_type = "textarea")]
    #[serde(rename = "plainContent")]
    pub plain_content: Option<String>,
    /// Subject
    #[field(label = "Subject")]
    pub subject: Option<String>,
}

/// The input of `update_template`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateTemplateInput {
    /// Html Content
    #[field(label = "Html Content", input_type = "textarea")]
    #[serde(rename = "htmlContent")]
    pub html_content: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Plain Content
    #[field(label = "Plain Content", input_type = "textarea")]
    #[serde(rename = "plainContent")]
    pub plain_content: Option<String>,
    /// Subject
    #[field(label = "Subject")]
    pub subject: Option<String>,
    /// Template Id
    #[field(label = "Template Id")]
    #[serde(rename = "templateId")]
    pub template_id: String,
}

/// The input of `get_template`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetTemplateInput {
    /// Template Id
    #[field(label = "Template Id")]
    #[serde(rename = "templateId")]
    pub template_id: String,
}

/// The choices of `generations`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
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
    /// Generations
    #[field(label = "Generations", default = "dynamic")]
    pub generations: Option<GetTemplatesInputGenerations>,
    /// Page Size
    #[field(label = "Page Size", default = 50)]
    #[serde(rename = "pageSize")]
    pub page_size: Option<f64>,
}

/// The input of `delete_template`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteTemplateInput {
    /// Template Id
    #[field(label = "Template Id")]
    #[serde(rename = "templateId")]
    pub template_id: String,
}

/// The configuration of `email_delivered`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct EmailDeliveredConfig {}

/// The configuration of `email_opened`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct EmailOpenedConfig {}

/// The configuration of `email_clicked`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct EmailClickedConfig {}

/// The configuration of `email_bounced`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct EmailBouncedConfig {}

/// The configuration of `email_dropped`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct EmailDroppedConfig {}

/// The configuration of `email_unsubscribed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct EmailUnsubscribedConfig {}

/// The configuration of `spam_report`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SpamReportConfig {}

/// The configuration of `group_unsubscribed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GroupUnsubscribedConfig {}

/// The configuration of `group_resubscribed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GroupResubscribedConfig {}

#[actions]
impl SendgridMarketing {
    /// Send Email
    #[action(name = "Send Email", http(method = "POST", endpoint = "/mail/send"))]
    async fn send_email(&self, input: SendEmailInput) -> Result<Value>;

    /// Create Contact
    #[action(name = "Create Contact", http(method = "PUT", endpoint = "/marketing/contacts"))]
    async fn create_contact(&self, input: CreateContactInput) -> Result<Value>;

    /// Update Contact
    #[action(name = "Update Contact", http(method = "PUT", endpoint = "/marketing/contacts"))]
    async fn update_contact(&self, input: UpdateContactInput) -> Result<Value>;

    /// Get Contact
    #[action(name = "Get Contact", http(method = "GET", endpoint = "/marketing/contacts/{contactId}"))]
    async fn get_contact(&self, input: GetContactInput) -> Result<Value>;

    /// Get All Contacts
    #[action(name = "Get All Contacts", http(method = "GET", endpoint = "/marketing/contacts"))]
    async fn get_contacts(&self, input: GetContactsInput) -> Result<Value>;

    /// Search Contacts
    #[action(name = "Search Contacts", http(method = "POST", endpoint = "/marketing/contacts/search"))]
    async fn search_contacts(&self, input: SearchContactsInput) -> Result<Value>;

    /// Delete Contact
    #[action(name = "Delete Contact", http(method = "DELETE", endpoint = "/marketing/contacts"))]
    async fn delete_contact(&self, input: DeleteContactInput) -> Result<Value>;

    /// Bulk Import Contacts
    #[action(name = "Bulk Import Contacts", http(method = "PUT", endpoint = "/marketing/contacts"))]
    async fn bulk_import_contacts(&self, input: BulkImportContactsInput) -> Result<Value>;

    /// Create List
    #[action(name = "Create List", http(method = "POST", endpoint = "/marketing/lists"))]
    async fn create_list(&self, input: CreateListInput) -> Result<Value>;

    /// Update List
    #[action(name = "Update List", http(method = "PATCH", endpoint = "/marketing/lists/{listId}"))]
    async fn update_list(&self, input: UpdateListInput) -> Result<Value>;

    /// Get List
    #[action(name = "Get List", http(method = "GET", endpoint = "/marketing/lists/{listId}"))]
    async fn get_list(&self, input: GetListInput) -> Result<Value>;

    /// Get All Lists
    #[action(name = "Get All Lists", http(method = "GET", endpoint = "/marketing/lists"))]
    async fn get_lists(&self, input: GetListsInput) -> Result<Value>;

    /// Delete List
    #[action(name = "Delete List", http(method = "DELETE", endpoint = "/marketing/lists/{listId}"))]
    async fn delete_list(&self, input: DeleteListInput) -> Result<Value>;

    /// Add Contact to List
    #[action(name = "Add Contact to List", http(method = "PUT", endpoint = "/marketing/lists/{listId}/contacts"))]
    async fn add_contact_to_list(&self, input: AddContactToListInput) -> Result<Value>;

    /// Remove Contact from List
    #[action(
        name = "Remove Contact from List",
        http(method = "DELETE", endpoint = "/marketing/lists/{listId}/contacts")
    )]
    async fn remove_contact_from_list(&self, input: RemoveContactFromListInput) -> Result<Value>;

    /// Create Segment
    #[action(name = "Create Segment", http(method = "POST", endpoint = "/marketing/segments"))]
    async fn create_segment(&self, input: CreateSegmentInput) -> Result<Value>;

    /// Update Segment
    #[action(name = "Update Segment", http(method = "PATCH", endpoint = "/marketing/segments/{segmentId}"))]
    async fn update_segment(&self, input: UpdateSegmentInput) -> Result<Value>;

    /// Get Segment
    #[action(name = "Get Segment", http(method = "GET", endpoint = "/marketing/segments/{segmentId}"))]
    async fn get_segment(&self, input: GetSegmentInput) -> Result<Value>;

    /// Get All Segments
    #[action(name = "Get All Segments", http(method = "GET", endpoint = "/marketing/segments"))]
    async fn get_segments(&self, input: GetSegmentsInput) -> Result<Value>;

    /// Delete Segment
    #[action(name = "Delete Segment", http(method = "DELETE", endpoint = "/marketing/segments/{segmentId}"))]
    async fn delete_segment(&self, input: DeleteSegmentInput) -> Result<Value>;

    /// Create Campaign
    #[action(name = "Create Campaign", http(method = "POST", endpoint = "/marketing/singlesends"))]
    async fn create_campaign(&self, input: CreateCampaignInput) -> Result<Value>;

    /// Update Campaign
    #[action(name = "Update Campaign", http(method = "PATCH", endpoint = "/marketing/singlesends/{campaignId}"))]
    async fn update_campaign(&self, input: UpdateCampaignInput) -> Result<Value>;

    /// Get Campaign
    #[action(name = "Get Campaign", http(method = "GET", endpoint = "/marketing/singlesends/{campaignId}"))]
    async fn get_campaign(&self, input: GetCampaignInput) -> Result<Value>;

    /// Get All Campaigns
    #[action(name = "Get All Campaigns", http(method = "GET", endpoint = "/marketing/singlesends"))]
    async fn get_campaigns(&self, input: GetCampaignsInput) -> Result<Value>;

    /// Delete Campaign
    #[action(name = "Delete Campaign", http(method = "DELETE", endpoint = "/marketing/singlesends/{campaignId}"))]
    async fn delete_campaign(&self, input: DeleteCampaignInput) -> Result<Value>;

    /// Send Campaign
    #[action(name = "Send Campaign", http(method = "PUT", endpoint = "/marketing/singlesends/{campaignId}/schedule"))]
    async fn send_campaign(&self, input: SendCampaignInput) -> Result<Value>;

    /// Pause Campaign
    #[action(
        name = "Pause Campaign",
        http(method = "DELETE", endpoint = "/marketing/singlesends/{campaignId}/schedule")
    )]
    async fn pause_campaign(&self, input: PauseCampaignInput) -> Result<Value>;

    /// Get Campaign Stats
    #[action(name = "Get Campaign Stats", http(method = "GET", endpoint = "/marketing/singlesends/{campaignId}/stats"))]
    async fn get_campaign_stats(&self, input: GetCampaignStatsInput) -> Result<Value>;

    /// Create Template
    #[action(name = "Create Template", http(method = "POST", endpoint = "/templates"))]
    async fn create_template(&self, input: CreateTemplateInput) -> Result<Value>;

    /// Update Template
    #[action(name = "Update Template", http(method = "PATCH", endpoint = "/templates/{templateId}"))]
    async fn update_template(&self, input: UpdateTemplateInput) -> Result<Value>;

    /// Get Template
    #[action(name = "Get Template", http(method = "GET", endpoint = "/templates/{templateId}"))]
    async fn get_template(&self, input: GetTemplateInput) -> Result<Value>;

    /// Get All Templates
    #[action(name = "Get All Templates", http(method = "GET", endpoint = "/templates"))]
    async fn get_templates(&self, input: GetTemplatesInput) -> Result<Value>;

    /// Delete Template
    #[action(name = "Delete Template", http(method = "DELETE", endpoint = "/templates/{templateId}"))]
    async fn delete_template(&self, input: DeleteTemplateInput) -> Result<Value>;

    /// Get Sender Identities
    #[action(name = "Get Sender Identities", http(method = "GET", endpoint = "/verified_senders"))]
    async fn get_senders(&self) -> Result<Value>;

    /// Email Delivered
    #[trigger(name = "Email Delivered", webhook)]
    async fn email_delivered(&self, _config: EmailDeliveredConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Email Opened
    #[trigger(name = "Email Opened", webhook)]
    async fn email_opened(&self, _config: EmailOpenedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Link Clicked
    #[trigger(name = "Link Clicked", webhook)]
    async fn email_clicked(&self, _config: EmailClickedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Email Bounced
    #[trigger(name = "Email Bounced", webhook)]
    async fn email_bounced(&self, _config: EmailBouncedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Email Dropped
    #[trigger(name = "Email Dropped", webhook)]
    async fn email_dropped(&self, _config: EmailDroppedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Unsubscribed
    #[trigger(name = "Unsubscribed", webhook)]
    async fn email_unsubscribed(
        &self,
        _config: EmailUnsubscribedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Spam Report
    #[trigger(name = "Spam Report", webhook)]
    async fn spam_report(&self, _config: SpamReportConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Group Unsubscribed
    #[trigger(name = "Group Unsubscribed", webhook)]
    async fn group_unsubscribed(
        &self,
        _config: GroupUnsubscribedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Group Resubscribed
    #[trigger(name = "Group Resubscribed", webhook)]
    async fn group_resubscribed(
        &self,
        _config: GroupResubscribedConfig,
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
