use fluxturn_core::prelude::*;
use serde_json::Value;

/// WhatsApp Business: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/whatsapp.json`.
#[connector(
    name = "whatsapp",
    display_name = "WhatsApp Business",
    category = "communication",
    base_url = "https://graph.facebook.com/v18.0/{phoneNumberId}",
    icon = "icons/whatsapp.svg",
    // Where the key goes: a header (with a prefix), `query = "key"`, or `url` for a base_url placeholder.
    auth = api_key(header = "Authorization", prefix = "Bearer ", field = "accessToken"),
    credentials = WhatsappCredentials,
)]
pub struct Whatsapp {
    http: Http,
}

/// What the user enters in the "Add WhatsApp Business" form.
#[derive(Credentials)]
pub struct WhatsappCredentials {
    /// Access Token
    #[field(key = "accessToken", label = "Access Token", secret)]
    pub access_token: Secret<String>,
    /// Phone Number Id
    #[field(key = "phoneNumberId", label = "Phone Number Id")]
    pub phone_number_id: String,
    /// Business Account Id
    #[field(key = "businessAccountId", label = "Business Account Id")]
    pub business_account_id: Option<String>,
}

/// The choices of `messageType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum SendMessageInputMessageType {
    /// text
    #[serde(rename = "text")]
    Text,
    /// image
    #[serde(rename = "image")]
    Image,
    /// video
    #[serde(rename = "video")]
    Video,
    /// audio
    #[serde(rename = "audio")]
    Audio,
    /// document
    #[serde(rename = "document")]
    Document,
    /// location
    #[serde(rename = "location")]
    Location,
    /// contacts
    #[serde(rename = "contacts")]
    Contacts,
}

/// The input of `send_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendMessageInput {
    /// Caption
    #[field(label = "Caption", input_type = "textarea")]
    pub caption: Option<String>,
    /// Filename
    #[field(label = "Filename")]
    pub filename: Option<String>,
    /// Latitude
    #[field(label = "Latitude")]
    pub latitude: Option<f64>,
    /// Location Address
    #[field(label = "Location Address")]
    #[serde(rename = "locationAddress")]
    pub location_address: Option<String>,
    /// Location Name
    #[field(label = "Location Name")]
    #[serde(rename = "locationName")]
    pub location_name: Option<String>,
    /// Longitude
    #[field(label = "Longitude")]
    pub longitude: Option<f64>,
    /// Media Id
    #[field(label = "Media Id")]
    #[serde(rename = "mediaId")]
    pub media_id: Option<String>,
    /// Media Url
    #[field(label = "Media Url")]
    #[serde(rename = "mediaUrl")]
    pub media_url: Option<String>,
    /// Message Type
    #[field(label = "Message Type", default = "text")]
    #[serde(rename = "messageType")]
    pub message_type: SendMessageInputMessageType,
    /// Preview Url
    #[field(label = "Preview Url", default = false)]
    #[serde(rename = "previewUrl")]
    pub preview_url: Option<bool>,
    /// Text
    #[field(label = "Text", input_type = "textarea")]
    pub text: Option<String>,
    /// To
    #[field(label = "To")]
    pub to: String,
}

/// The input of `send_message_and_wait`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendMessageAndWaitInput {
    /// Approve Button Label
    #[field(label = "Approve Button Label", default = "✓ Approve")]
    #[serde(rename = "approveButtonLabel")]
    pub approve_button_label: Option<String>,
    /// Disapprove Button Label
    #[field(label = "Disapprove Button Label", default = "✗ Decline")]
    #[serde(rename = "disapproveButtonLabel")]
    pub disapprove_button_label: Option<String>,
    /// Text
    #[field(label = "Text", input_type = "textarea")]
    pub text: String,
    /// Timeout Minutes
    #[field(label = "Timeout Minutes", default = 60)]
    #[serde(rename = "timeoutMinutes")]
    pub timeout_minutes: Option<f64>,
    /// To
    #[field(label = "To")]
    pub to: String,
    /// Wait For Response
    #[field(label = "Wait For Response", default = true)]
    #[serde(rename = "waitForResponse")]
    pub wait_for_response: Option<bool>,
}

/// The input of `send_template`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SendTemplateInput {
    /// Language Code
    #[field(label = "Language Code", default = "en")]
    #[serde(rename = "languageCode")]
    pub language_code: String,
    /// Template Name
    #[field(label = "Template Name")]
    #[serde(rename = "templateName")]
    pub template_name: String,
    /// Template Parameters
    #[field(label = "Template Parameters")]
    #[serde(rename = "templateParameters")]
    pub template_parameters: Option<Vec<Value>>,
    /// To
    #[field(label = "To")]
    pub to: String,
}

/// The choices of `mediaType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UploadMediaInputMediaType {
    /// image
    #[serde(rename = "image")]
    Image,
    /// video
    #[serde(rename = "video")]
    Video,
    /// audio
    #[serde(rename = "audio")]
    Audio,
    /// document
    #[serde(rename = "document")]
    Document,
    /// sticker
    #[serde(rename = "sticker")]
    Sticker,
}

/// The input of `upload_media`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UploadMediaInput {
    /// File
    #[field(label = "File", input_type = "file")]
    pub file: String,
    /// Filename
    #[field(label = "Filename")]
    pub filename: Option<String>,
    /// Media Type
    #[field(label = "Media Type", default = "image")]
    #[serde(rename = "mediaType")]
    pub media_type: UploadMediaInputMediaType,
}

/// The input of `download_media`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DownloadMediaInput {
    /// Filename
    #[field(label = "Filename")]
    pub filename: Option<String>,
    /// Media Id
    #[field(label = "Media Id")]
    #[serde(rename = "mediaId")]
    pub media_id: String,
    /// Save To File
    #[field(label = "Save To File", default = false)]
    #[serde(rename = "saveToFile")]
    pub save_to_file: Option<bool>,
}

/// The input of `delete_media`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteMediaInput {
    /// Media Id
    #[field(label = "Media Id")]
    #[serde(rename = "mediaId")]
    pub media_id: String,
}

/// The choices of `messageType`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum OnMessageConfigMessageType {
    /// all
    #[serde(rename = "all")]
    All,
    /// text
    #[serde(rename = "text")]
    Text,
    /// image
    #[serde(rename = "image")]
    Image,
    /// audio
    #[serde(rename = "audio")]
    Audio,
    /// video
    #[serde(rename = "video")]
    Video,
    /// document
    #[serde(rename = "document")]
    Document,
    /// location
    #[serde(rename = "location")]
    Location,
    /// contacts
    #[serde(rename = "contacts")]
    Contacts,
}

/// The configuration of `on_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OnMessageConfig {
    /// Message Type
    #[field(label = "Message Type", default = "all")]
    #[serde(rename = "messageType")]
    pub message_type: Option<OnMessageConfigMessageType>,
}

/// The configuration of `on_account_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OnAccountUpdateConfig {}

/// The configuration of `on_phone_number_name_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OnPhoneNumberNameUpdateConfig {}

/// The configuration of `on_phone_number_quality_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OnPhoneNumberQualityUpdateConfig {}

/// The configuration of `on_account_review_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OnAccountReviewUpdateConfig {}

/// The configuration of `on_business_capability_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OnBusinessCapabilityUpdateConfig {}

/// The configuration of `on_message_template_quality_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OnMessageTemplateQualityUpdateConfig {}

/// The configuration of `on_message_template_status_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OnMessageTemplateStatusUpdateConfig {}

/// The configuration of `on_template_category_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OnTemplateCategoryUpdateConfig {}

/// The configuration of `on_security`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OnSecurityConfig {}

#[actions]
impl Whatsapp {
    /// Send Message
    #[action(name = "Send Message", http(method = "POST", endpoint = "/messages"))]
    async fn send_message(&self, input: SendMessageInput) -> Result<Value>;

    /// Send Message and Wait for Response
    #[action(name = "Send Message and Wait for Response", http(method = "POST", endpoint = "/messages"))]
    async fn send_message_and_wait(&self, input: SendMessageAndWaitInput) -> Result<Value>;

    /// Send Template
    #[action(name = "Send Template", http(method = "POST", endpoint = "/messages"))]
    async fn send_template(&self, input: SendTemplateInput) -> Result<Value>;

    /// Upload Media
    #[action(name = "Upload Media", http(method = "POST", endpoint = "/media"))]
    async fn upload_media(&self, input: UploadMediaInput) -> Result<Value>;

    /// Download Media
    #[action(name = "Download Media", http(method = "GET", endpoint = "/{mediaId}"))]
    async fn download_media(&self, input: DownloadMediaInput) -> Result<Value>;

    /// Delete Media
    #[action(name = "Delete Media", http(method = "DELETE", endpoint = "/{mediaId}"))]
    async fn delete_media(&self, input: DeleteMediaInput) -> Result<Value>;

    /// On Message
    #[trigger(name = "On Message", webhook)]
    async fn on_message(&self, _config: OnMessageConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// On Account Update
    #[trigger(name = "On Account Update", webhook)]
    async fn on_account_update(&self, _config: OnAccountUpdateConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// On Phone Number Name Update
    #[trigger(name = "On Phone Number Name Update", webhook)]
    async fn on_phone_number_name_update(
        &self,
        _config: OnPhoneNumberNameUpdateConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// On Phone Number Quality Update
    #[trigger(name = "On Phone Number Quality Update", webhook)]
    async fn on_phone_number_quality_update(
        &self,
        _config: OnPhoneNumberQualityUpdateConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// On Account Review Update
    #[trigger(name = "On Account Review Update", webhook)]
    async fn on_account_review_update(
        &self,
        _config: OnAccountReviewUpdateConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// On Business Capability Update
    #[trigger(name = "On Business Capability Update", webhook)]
    async fn on_business_capability_update(
        &self,
        _config: OnBusinessCapabilityUpdateConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// On Message Template Quality Update
    #[trigger(name = "On Message Template Quality Update", webhook)]
    async fn on_message_template_quality_update(
        &self,
        _config: OnMessageTemplateQualityUpdateConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// On Message Template Status Update
    #[trigger(name = "On Message Template Status Update", webhook)]
    async fn on_message_template_status_update(
        &self,
        _config: OnMessageTemplateStatusUpdateConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// On Template Category Update
    #[trigger(name = "On Template Category Update", webhook)]
    async fn on_template_category_update(
        &self,
        _config: OnTemplateCategoryUpdateConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// On Security Event
    #[trigger(name = "On Security Event", webhook)]
    async fn on_security(&self, _config: OnSecurityConfig, request: WebhookRequest) -> Result<Vec<Value>> {
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
