use fluxturn_core::prelude::*;
use serde_json::Value;

/// Mailchimp: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/mailchimp.json`.
#[connector(
    name = "mailchimp",
    display_name = "Mailchimp",
    category = "marketing",
    // The API's base URL: replace this example.
    base_url = "https://api.mailchimp.example",
    icon = "icons/mailchimp.svg",
    // Where the key goes: a header (with a prefix), `query = "key"`, or `url` for a base_url placeholder.
    auth = api_key(header = "Authorization", prefix = "Bearer ", field = "apiKey"),
    credentials = MailchimpCredentials,
)]
pub struct Mailchimp {
    http: Http,
}

/// What the user enters in the "Add Mailchimp" form.
#[derive(Credentials)]
pub struct MailchimpCredentials {
    /// Api Key
    #[field(key = "apiKey", label = "Api Key", secret)]
    pub api_key: Secret<String>,
}

/// The choices of `emailType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateMemberInputEmailType {
    /// html
    #[serde(rename = "html")]
    Html,
    /// text
    #[serde(rename = "text")]
    Text,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateMemberInputStatus {
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

/// The input of `create_member`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateMemberInput {
    /// Birthday
    #[field(label = "Birthday")]
    pub birthday: Option<String>,
    /// Email
    #[field(label = "Email")]
    pub email: String,
    /// Email Type
    #[field(label = "Email Type", default = "html")]
    #[serde(rename = "emailType")]
    pub email_type: Option<CreateMemberInputEmailType>,
    /// First Name
    #[field(label = "First Name")]
    #[serde(rename = "firstName")]
    pub first_name: Option<String>,
    /// Ip Opt In
    #[field(label = "Ip Opt In")]
    #[serde(rename = "ipOptIn")]
    pub ip_opt_in: Option<String>,
    /// Ip Signup
    #[field(label = "Ip Signup")]
    #[serde(rename = "ipSignup")]
    pub ip_signup: Option<String>,
    /// Language
    #[field(label = "Language")]
    pub language: Option<String>,
    /// Last Name
    #[field(label = "Last Name")]
    #[serde(rename = "lastName")]
    pub last_name: Option<String>,
    /// Latitude
    #[field(label = "Latitude")]
    pub latitude: Option<f64>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Longitude
    #[field(label = "Longitude")]
    pub longitude: Option<f64>,
    /// Status
    #[field(label = "Status", default = "subscribed")]
    pub status: CreateMemberInputStatus,
    /// Tags
    #[field(label = "Tags")]
    pub tags: Option<String>,
    /// Timestamp Opt In
    #[field(label = "Timestamp Opt In")]
    #[serde(rename = "timestampOptIn")]
    pub timestamp_opt_in: Option<String>,
    /// Timestamp Signup
    #[field(label = "Timestamp Signup")]
    #[serde(rename = "timestampSignup")]
    pub timestamp_signup: Option<String>,
    /// Vip
    #[field(label = "Vip", default = false)]
    pub vip: Option<bool>,
}

/// The input of `get_member`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetMemberInput {
    /// Email
    #[field(label = "Email")]
    pub email: String,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Subscriber Hash
    #[field(label = "Subscriber Hash")]
    #[serde(rename = "subscriberHash")]
    pub subscriber_hash: String,
}

/// The choices of `emailType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllMembersInputEmailType {
    ///
    #[serde(rename = "")]
    Empty,
    /// html
    #[serde(rename = "html")]
    Html,
    /// text
    #[serde(rename = "text")]
    Text,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllMembersInputStatus {
    ///
    #[serde(rename = "")]
    Empty,
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

/// The input of `get_all_members`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllMembersInput {
    /// Before Last Changed
    #[field(label = "Before Last Changed")]
    #[serde(rename = "beforeLastChanged")]
    pub before_last_changed: Option<String>,
    /// Email Type
    #[field(label = "Email Type")]
    #[serde(rename = "emailType")]
    pub email_type: Option<GetAllMembersInputEmailType>,
    /// Limit
    #[field(label = "Limit", default = 100)]
    pub limit: Option<f64>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Return All
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
    /// Since Last Changed
    #[field(label = "Since Last Changed")]
    #[serde(rename = "sinceLastChanged")]
    pub since_last_changed: Option<String>,
    /// Status
    #[field(label = "Status")]
    pub status: Option<GetAllMembersInputStatus>,
}

/// The choices of `emailType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UpdateMemberInputEmailType {
    /// html
    #[serde(rename = "html")]
    Html,
    /// text
    #[serde(rename = "text")]
    Text,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UpdateMemberInputStatus {
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
pub struct UpdateMemberInput {
    /// Email
    #[field(label = "Email")]
    pub email: String,
    /// Email Type
    #[field(label = "Email Type")]
    #[serde(rename = "emailType")]
    pub email_type: Option<UpdateMemberInputEmailType>,
    /// First Name
    #[field(label = "First Name")]
    #[serde(rename = "firstName")]
    pub first_name: Option<String>,
    /// Language
    #[field(label = "Language")]
    pub language: Option<String>,
    /// Last Name
    #[field(label = "Last Name")]
    #[serde(rename = "lastName")]
    pub last_name: Option<String>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Skip Merge Validation
    #[field(label = "Skip Merge Validation", default = false)]
    #[serde(rename = "skipMergeValidation")]
    pub skip_merge_validation: Option<bool>,
    /// Status
    #[field(label = "Status")]
    pub status: Option<UpdateMemberInputStatus>,
    /// Subscriber Hash
    #[field(label = "Subscriber Hash")]
    #[serde(rename = "subscriberHash")]
    pub subscriber_hash: String,
    /// Vip
    #[field(label = "Vip")]
    pub vip: Option<bool>,
}

/// The input of `delete_member`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteMemberInput {
    /// Email
    #[field(label = "Email")]
    pub email: String,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Subscriber Hash
    #[field(label = "Subscriber Hash")]
    #[serde(rename = "subscriberHash")]
    pub subscriber_hash: String,
}

/// The input of `add_member_tags`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddMemberTagsInput {
    /// Email
    #[field(label = "Email")]
    pub email: String,
    /// Is Syncing
    #[field(label = "Is Syncing", default = false)]
    #[serde(rename = "isSyncing")]
    pub is_syncing: Option<bool>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Subscriber Hash
    #[field(label = "Subscriber Hash")]
    #[serde(rename = "subscriberHash")]
    pub subscriber_hash: String,
    /// Tags
    #[field(label = "Tags")]
    pub tags: String,
}

/// The input of `remove_member_tags`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RemoveMemberTagsInput {
    /// Email
    #[field(label = "Email")]
    pub email: String,
    /// Is Syncing
    #[field(label = "Is Syncing", default = false)]
    #[serde(rename = "isSyncing")]
    pub is_syncing: Option<bool>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Subscriber Hash
    #[field(label = "Subscriber Hash")]
    #[serde(rename = "subscriberHash")]
    pub subscriber_hash: String,
    /// Tags
    #[field(label = "Tags")]
    pub tags: String,
}

/// The input of `get_campaign`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCampaignInput {
    /// Campaign Id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
}

/// The choices of `sortDirection`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllCampaignsInputSortDirection {
    /// ASC
    #[serde(rename = "ASC")]
    Asc,
    /// DESC
    #[serde(rename = "DESC")]
    Desc,
}

/// The choices of `sortField`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllCampaignsInputSortField {
    /// create_time
    #[serde(rename = "create_time")]
    CreateTime,
    /// send_time
    #[serde(rename = "send_time")]
    SendTime,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllCampaignsInputStatus {
    ///
    #[serde(rename = "")]
    Empty,
    /// save
    #[serde(rename = "save")]
    Save,
    /// sending
    #[serde(rename = "sending")]
    Sending,
    /// sent
    #[serde(rename = "sent")]
    Sent,
    /// schedule
    #[serde(rename = "schedule")]
    Schedule,
}

/// The input of `get_all_campaigns`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllCampaignsInput {
    /// Before Create Time
    #[field(label = "Before Create Time")]
    #[serde(rename = "beforeCreateTime")]
    pub before_create_time: Option<String>,
    /// Before Send Time
    #[field(label = "Before Send Time")]
    #[serde(rename = "beforeSendTime")]
    pub before_send_time: Option<String>,
    /// Limit
    #[field(label = "Limit", default = 10)]
    pub limit: Option<f64>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: Option<String>,
    /// Return All
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
    /// Since Create Time
    #[field(label = "Since Create Time")]
    #[serde(rename = "sinceCreateTime")]
    pub since_create_time: Option<String>,
    /// Since Send Time
    #[field(label = "Since Send Time")]
    #[serde(rename = "sinceSendTime")]
    pub since_send_time: Option<String>,
    /// Sort Direction
    #[field(label = "Sort Direction", default = "DESC")]
    #[serde(rename = "sortDirection")]
    pub sort_direction: Option<GetAllCampaignsInputSortDirection>,
    /// Sort Field
    #[field(label = "Sort Field", default = "create_time")]
    #[serde(rename = "sortField")]
    pub sort_field: Option<GetAllCampaignsInputSortField>,
    /// Status
    #[field(label = "Status")]
    pub status: Option<GetAllCampaignsInputStatus>,
}

/// The input of `send_campaign`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendCampaignInput {
    /// Campaign Id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
}

/// The input of `delete_campaign`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteCampaignInput {
    /// Campaign Id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
}

/// The input of `replicate_campaign`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ReplicateCampaignInput {
    /// Campaign Id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
}

/// The input of `resend_campaign`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ResendCampaignInput {
    /// Campaign Id
    #[field(label = "Campaign Id")]
    #[serde(rename = "campaignId")]
    pub campaign_id: String,
}

/// The input of `get_list_groups`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetListGroupsInput {
    /// Category Id
    #[field(label = "Category Id")]
    #[serde(rename = "categoryId")]
    pub category_id: String,
    /// Limit
    #[field(label = "Limit", default = 100)]
    pub limit: Option<f64>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Return All
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
}

/// The input of `get_lists`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetListsInput {
    /// Limit
    #[field(label = "Limit", default = 100)]
    pub limit: Option<f64>,
    /// Return All
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
}

/// The choices of `sources`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum SubscriberAddedConfigSources {
    /// all
    #[serde(rename = "all")]
    All,
    /// user
    #[serde(rename = "user")]
    User,
    /// admin
    #[serde(rename = "admin")]
    Admin,
    /// api
    #[serde(rename = "api")]
    Api,
}

/// The configuration of `subscriber_added`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SubscriberAddedConfig {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Sources
    #[field(label = "Sources", default = "all")]
    pub sources: Option<SubscriberAddedConfigSources>,
}

/// The choices of `sources`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum SubscriberRemovedConfigSources {
    /// all
    #[serde(rename = "all")]
    All,
    /// user
    #[serde(rename = "user")]
    User,
    /// admin
    #[serde(rename = "admin")]
    Admin,
    /// api
    #[serde(rename = "api")]
    Api,
}

/// The configuration of `subscriber_removed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SubscriberRemovedConfig {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Sources
    #[field(label = "Sources", default = "all")]
    pub sources: Option<SubscriberRemovedConfigSources>,
}

/// The choices of `sources`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum SubscriberCleanedConfigSources {
    /// all
    #[serde(rename = "all")]
    All,
    /// user
    #[serde(rename = "user")]
    User,
    /// admin
    #[serde(rename = "admin")]
    Admin,
    /// api
    #[serde(rename = "api")]
    Api,
}

/// The configuration of `subscriber_cleaned`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SubscriberCleanedConfig {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Sources
    #[field(label = "Sources", default = "all")]
    pub sources: Option<SubscriberCleanedConfigSources>,
}

/// The choices of `sources`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum SubscriberProfileUpdatedConfigSources {
    /// all
    #[serde(rename = "all")]
    All,
    /// user
    #[serde(rename = "user")]
    User,
    /// admin
    #[serde(rename = "admin")]
    Admin,
    /// api
    #[serde(rename = "api")]
    Api,
}

/// The configuration of `subscriber_profile_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SubscriberProfileUpdatedConfig {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Sources
    #[field(label = "Sources", default = "all")]
    pub sources: Option<SubscriberProfileUpdatedConfigSources>,
}

/// The choices of `sources`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum SubscriberEmailChangedConfigSources {
    /// all
    #[serde(rename = "all")]
    All,
    /// user
    #[serde(rename = "user")]
    User,
    /// admin
    #[serde(rename = "admin")]
    Admin,
    /// api
    #[serde(rename = "api")]
    Api,
}

/// The configuration of `subscriber_email_changed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SubscriberEmailChangedConfig {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Sources
    #[field(label = "Sources", default = "all")]
    pub sources: Option<SubscriberEmailChangedConfigSources>,
}

/// The choices of `sources`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CampaignSentConfigSources {
    /// all
    #[serde(rename = "all")]
    All,
    /// user
    #[serde(rename = "user")]
    User,
    /// admin
    #[serde(rename = "admin")]
    Admin,
    /// api
    #[serde(rename = "api")]
    Api,
}

/// The configuration of `campaign_sent`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CampaignSentConfig {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Sources
    #[field(label = "Sources", default = "all")]
    pub sources: Option<CampaignSentConfigSources>,
}

#[actions]
impl Mailchimp {
    /// Create Member
    #[action(name = "Create Member", http(method = "POST", endpoint = "/lists/{listId}/members"))]
    async fn create_member(&self, input: CreateMemberInput) -> Result<Value>;

    /// Get Member
    #[action(name = "Get Member", http(method = "GET", endpoint = "/lists/{listId}/members/{subscriberHash}"))]
    async fn get_member(&self, input: GetMemberInput) -> Result<Value>;

    /// Get All Members
    #[action(name = "Get All Members", http(method = "GET", endpoint = "/lists/{listId}/members"))]
    async fn get_all_members(&self, input: GetAllMembersInput) -> Result<Value>;

    /// Update Member
    #[action(name = "Update Member", http(method = "PATCH", endpoint = "/lists/{listId}/members/{subscriberHash}"))]
    async fn update_member(&self, input: UpdateMemberInput) -> Result<Value>;

    /// Delete Member
    #[action(name = "Delete Member", http(method = "DELETE", endpoint = "/lists/{listId}/members/{subscriberHash}"))]
    async fn delete_member(&self, input: DeleteMemberInput) -> Result<Value>;

    /// Add Tags to Member
    #[action(
        name = "Add Tags to Member",
        http(method = "POST", endpoint = "/lists/{listId}/members/{subscriberHash}/tags")
    )]
    async fn add_member_tags(&self, input: AddMemberTagsInput) -> Result<Value>;

    /// Remove Tags from Member
    #[action(
        name = "Remove Tags from Member",
        http(method = "POST", endpoint = "/lists/{listId}/members/{subscriberHash}/tags")
    )]
    async fn remove_member_tags(&self, input: RemoveMemberTagsInput) -> Result<Value>;

    /// Get Campaign
    #[action(name = "Get Campaign", http(method = "GET", endpoint = "/campaigns/{campaignId}"))]
    async fn get_campaign(&self, input: GetCampaignInput) -> Result<Value>;

    /// Get All Campaigns
    #[action(name = "Get All Campaigns", http(method = "GET", endpoint = "/campaigns"))]
    async fn get_all_campaigns(&self, input: GetAllCampaignsInput) -> Result<Value>;

    /// Send Campaign
    #[action(name = "Send Campaign", http(method = "POST", endpoint = "/campaigns/{campaignId}/actions/send"))]
    async fn send_campaign(&self, input: SendCampaignInput) -> Result<Value>;

    /// Delete Campaign
    #[action(name = "Delete Campaign", http(method = "DELETE", endpoint = "/campaigns/{campaignId}"))]
    async fn delete_campaign(&self, input: DeleteCampaignInput) -> Result<Value>;

    /// Replicate Campaign
    #[action(
        name = "Replicate Campaign",
        http(method = "POST", endpoint = "/campaigns/{campaignId}/actions/replicate")
    )]
    async fn replicate_campaign(&self, input: ReplicateCampaignInput) -> Result<Value>;

    /// Resend Campaign
    #[action(
        name = "Resend Campaign",
        http(method = "POST", endpoint = "/campaigns/{campaignId}/actions/create-resend")
    )]
    async fn resend_campaign(&self, input: ResendCampaignInput) -> Result<Value>;

    /// Get List Groups
    #[action(
        name = "Get List Groups",
        http(method = "GET", endpoint = "/lists/{listId}/interest-categories/{categoryId}/interests")
    )]
    async fn get_list_groups(&self, input: GetListGroupsInput) -> Result<Value>;

    /// Get Lists
    #[action(name = "Get Lists", http(method = "GET", endpoint = "/lists"))]
    async fn get_lists(&self, input: GetListsInput) -> Result<Value>;

    /// Subscriber Added
    #[trigger(name = "Subscriber Added", webhook)]
    async fn subscriber_added(&self, _config: SubscriberAddedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Subscriber Unsubscribed
    #[trigger(name = "Subscriber Unsubscribed", webhook)]
    async fn subscriber_removed(
        &self,
        _config: SubscriberRemovedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Subscriber Cleaned
    #[trigger(name = "Subscriber Cleaned", webhook)]
    async fn subscriber_cleaned(
        &self,
        _config: SubscriberCleanedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Subscriber Profile Updated
    #[trigger(name = "Subscriber Profile Updated", webhook)]
    async fn subscriber_profile_updated(
        &self,
        _config: SubscriberProfileUpdatedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Subscriber Email Changed
    #[trigger(name = "Subscriber Email Changed", webhook)]
    async fn subscriber_email_changed(
        &self,
        _config: SubscriberEmailChangedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Campaign Sent
    #[trigger(name = "Campaign Sent", webhook)]
    async fn campaign_sent(&self, _config: CampaignSentConfig, request: WebhookRequest) -> Result<Vec<Value>> {
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
