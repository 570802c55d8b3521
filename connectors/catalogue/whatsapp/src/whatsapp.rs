use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use fluxturn_core::http::{path_segment, Part};
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};

/// Send WhatsApp messages, templates and media through the WhatsApp Cloud API, and react to
/// messages and account events
///
/// Each connection is one business phone number of the Cloud API on Meta's Graph API
/// (`https://graph.facebook.com/v18.0/<phone-number-id>`), called with a system-user or user
/// access token as a Bearer token. Webhook deliveries are signed by Meta with the app secret
/// (`X-Hub-Signature-256`); Meta checks the callback URL first with a GET carrying the verify
/// token. The callback URL and verify token are set in the Meta app's dashboard (WhatsApp >
/// Configuration), where the webhook fields are subscribed.
#[connector(
    name = "whatsapp",
    display_name = "WhatsApp Business",
    category = "communication",
    base_url = "https://graph.facebook.com/v18.0/{phoneNumberId}",
    icon = "icons/whatsapp.svg",
    rate_limit(requests_per_second = 80),
    auth = api_key(header = "Authorization", prefix = "Bearer ", field = "accessToken"),
    credentials = WhatsappCredentials,
)]
pub struct Whatsapp {
    http: PreparedHttp<PhoneNumber>,
}

/// What the user enters in the "Add WhatsApp Business" form.
#[derive(Credentials)]
pub struct WhatsappCredentials {
    /// A system-user (or user) access token with `whatsapp_business_messaging`
    #[field(
        key = "accessToken",
        label = "Access Token",
        secret,
        help_url = "https://developers.facebook.com/docs/whatsapp/cloud-api/get-started"
    )]
    pub access_token: Secret<String>,
    /// The Phone Number ID of WhatsApp > API Setup (a number, not the phone number itself)
    #[field(key = "phoneNumberId", label = "Phone Number Id", placeholder = "106540352242922")]
    pub phone_number_id: String,
    /// The WhatsApp Business Account ID of WhatsApp > API Setup
    #[field(key = "businessAccountId", label = "Business Account Id")]
    pub business_account_id: Option<String>,
    /// The App Secret of your Meta app (App settings > Basic): the triggers check each delivery's signature with it
    #[field(key = "appSecret", label = "App Secret", secret)]
    pub app_secret: Option<Secret<String>>,
}

/// The connection's phone number id, checked before it fills the base URL's path.
pub enum PhoneNumber {}

impl PrepareHttp for PhoneNumber {
    fn prepare(ctx: ConnectContext) -> Result<ConnectContext> {
        ctx.map_credential("phoneNumberId", |typed| {
            let id = typed.trim();
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ConnectorError::invalid_credentials(
                    "whatsapp: `phoneNumberId` must be the numeric Phone Number ID of WhatsApp > API Setup, \
                     not the phone number",
                ));
            }
            Ok(id.to_owned())
        })
    }
}

/// A Graph API failure in Meta's words: `{error: {message, type, code, error_subcode,
/// error_data: {details}, fbtrace_id}}`, with its code mapped (190 an expired or invalid token,
/// 4/80007/130429/131056 rate limits, 100 with subcode 33 a missing object).
pub fn refine(mut error: ConnectorError) -> ConnectorError {
    let body = error.details["upstream_body"].as_str().and_then(|b| serde_json::from_str::<Value>(b).ok());
    let Some(problem) = body.as_ref().and_then(|b| b.get("error")).filter(|e| e.is_object()) else {
        return error;
    };
    let code = problem["code"].as_i64().unwrap_or_default();
    let subcode = problem["error_subcode"].as_i64();
    let mut message = format!("WhatsApp answered: {}", problem["message"].as_str().unwrap_or("an error"));
    if let Some(details) = problem["error_data"]["details"].as_str().filter(|d| !d.is_empty()) {
        message.push_str(&format!(" ({details})"));
    }
    message.push_str(&format!(" [code {code}"));
    if let Some(subcode) = subcode {
        message.push_str(&format!(", subcode {subcode}"));
    }
    if let Some(trace) = problem["fbtrace_id"].as_str() {
        message.push_str(&format!(", fbtrace_id {trace}"));
    }
    message.push(']');
    let mapped = match (code, subcode) {
        (190 | 102, _) => Some((ErrorCode::Unauthorized, 401)),
        (4 | 17 | 32 | 613 | 80007 | 130429 | 131056, _) => Some((ErrorCode::RateLimited, 429)),
        (100, Some(33)) => Some((ErrorCode::NotFound, 404)),
        (10 | 200..=299, _) => Some((ErrorCode::Forbidden, 403)),
        _ => None,
    };
    if let Some((code, status)) = mapped {
        error.retryable = code == ErrorCode::RateLimited;
        error.code = code;
        error.status = status;
    }
    error.message = message;
    error
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
    /// The Verify Token you typed beside the callback URL in your Meta app's WhatsApp > Configuration page
    #[field(label = "Verify Token")]
    #[serde(rename = "verifyToken")]
    pub verify_token: String,
    /// Message Type
    #[field(label = "Message Type", default = "all")]
    #[serde(rename = "messageType")]
    pub message_type: Option<OnMessageConfigMessageType>,
}

/// The configuration of every trigger but `on_message`: the token Meta's URL check brings.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct VerifyTokenConfig {
    /// The Verify Token you typed beside the callback URL in your Meta app's WhatsApp > Configuration page
    #[field(label = "Verify Token")]
    #[serde(rename = "verifyToken")]
    pub verify_token: String,
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

impl Whatsapp {
    /// The Graph API root (`.../v18.0`): media ids live there, not under the phone number.
    fn graph_root(&self) -> &str {
        let base = self.http.base_url().trim_end_matches('/');
        base.rsplit_once('/').map_or(base, |(root, _)| root)
    }

    /// The connection's phone number id (the base URL's last segment).
    fn phone_number_id(&self) -> &str {
        let base = self.http.base_url().trim_end_matches('/');
        base.rsplit_once('/').map_or("", |(_, id)| id)
    }

    /// `POST /{phone-number-id}/messages` with `message` (`messaging_product` added).
    async fn send(&self, to: &str, kind: &str, message: Map<String, Value>) -> Result<Value> {
        let to = to.trim().trim_start_matches('+').replace([' ', '-', '(', ')'], "");
        if to.is_empty() {
            return Err(ConnectorError::invalid_input(
                "`to` must be the recipient's phone number with its country code",
            ));
        }
        let mut body = json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": kind});
        body.as_object_mut().expect("an object").extend(message);
        self.http.post("/messages").json(&body).send_json().await.map_err(refine)
    }
}

fn required<'a>(value: &'a Option<String>, field: &str, kind: &str) -> Result<&'a str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ConnectorError::invalid_input(format!("a {kind} message needs `{field}`")))
}

/// The media object of an image, video, audio or document message: an uploaded media id or a link.
fn media_object(input: &SendMessageInput, kind: &str) -> Result<Value> {
    let mut media = Map::new();
    match (input.media_id.as_deref().filter(|v| !v.trim().is_empty()), input.media_url.as_deref()) {
        (Some(id), _) => media.insert("id".into(), json!(id.trim())),
        (None, Some(url)) if url.trim().starts_with("https://") || url.trim().starts_with("http://") => {
            media.insert("link".into(), json!(url.trim()))
        }
        _ => {
            return Err(ConnectorError::invalid_input(format!(
                "a {kind} message needs `mediaId` (from upload_media) or `mediaUrl` (a public http(s) link)"
            )))
        }
    };
    if kind != "audio" {
        if let Some(caption) = input.caption.as_deref().filter(|c| !c.is_empty()) {
            media.insert("caption".into(), json!(caption));
        }
    }
    if kind == "document" {
        if let Some(name) = input.filename.as_deref().filter(|c| !c.is_empty()) {
            media.insert("filename".into(), json!(name));
        }
    }
    Ok(Value::Object(media))
}

/// A template parameter: a string or number is a `text` parameter; an object is sent as given
/// (`{"type": "currency", ...}`).
fn template_parameter(value: &Value) -> Value {
    match value {
        Value::Object(_) => value.clone(),
        Value::String(text) => json!({"type": "text", "text": text}),
        other => json!({"type": "text", "text": other.to_string()}),
    }
}

/// What `upload_media`'s `file` holds: a `data:<mime>;base64,<data>` URL or bare base64.
fn decode_file(file: &str, fallback_mime: &str) -> Result<(String, Vec<u8>)> {
    let file = file.trim();
    let (mime, data) = match file.strip_prefix("data:").and_then(|rest| rest.split_once(',')) {
        Some((meta, data)) => {
            let mime = meta.trim_end_matches(";base64").split(';').next().unwrap_or_default();
            (if mime.is_empty() { fallback_mime } else { mime }.to_owned(), data)
        }
        None => (fallback_mime.to_owned(), file),
    };
    let bytes = BASE64.decode(data.split_whitespace().collect::<String>()).map_err(|_| {
        ConnectorError::invalid_input("`file` must be the file's content in base64, or a data: URL holding it")
    })?;
    if bytes.is_empty() {
        return Err(ConnectorError::invalid_input("`file` is empty"));
    }
    Ok((mime, bytes))
}

/// The origin (`scheme://host[:port]`) of an absolute URL.
fn origin(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).map_or(url.len(), |i| url.len() - rest.len() + i);
    Some(&url[..end])
}

/// Meta's URL check (`GET ?hub.mode=subscribe&hub.verify_token=..&hub.challenge=..`): the bare
/// challenge when the token matches, 403 otherwise. `None` for a POST, which is an event delivery.
fn url_check<E>(request: &WebhookRequest, verify_token: &str) -> Option<WebhookReply<E>> {
    if request.method.eq_ignore_ascii_case("POST") {
        return None;
    }
    let matches = request.query_param("hub.mode") == Some("subscribe")
        && !verify_token.is_empty()
        && request.query_param("hub.verify_token") == Some(verify_token);
    Some(WebhookReply::respond(if matches {
        WebhookResponse::text(request.query_param("hub.challenge").unwrap_or_default())
    } else {
        WebhookResponse::text("").with_status(403)
    }))
}

/// Each `entry[].changes[]` of a delivery whose `field` is `field`, as (WABA id, value).
fn changes(request: &WebhookRequest, field: &str) -> Result<Vec<(String, Value)>> {
    let body: Value = request.json()?;
    let mut found = Vec::new();
    for entry in body["entry"].as_array().into_iter().flatten() {
        let waba = entry["id"].as_str().unwrap_or_default().to_owned();
        for change in entry["changes"].as_array().into_iter().flatten() {
            if change["field"] == field {
                found.push((waba.clone(), change["value"].clone()));
            }
        }
    }
    Ok(found)
}

/// One event per `field` change of a business-account delivery: the change's value with the
/// WABA id, the field and an `eventId` made of them (Meta gives these changes no id of their own).
fn account_events(request: &WebhookRequest, verify_token: &str, field: &str) -> Result<WebhookReply<Value>> {
    if let Some(reply) = url_check(request, verify_token) {
        return Ok(reply);
    }
    let events = changes(request, field)?
        .into_iter()
        .map(|(waba, value)| {
            let event_id = format!("{waba}:{field}:{value}");
            let mut event = match value {
                Value::Object(map) => map,
                other => Map::from_iter([("value".to_owned(), other)]),
            };
            event.insert("field".into(), json!(field));
            event.insert("businessAccountId".into(), json!(waba));
            event.insert("eventId".into(), json!(event_id));
            Value::Object(event)
        })
        .collect();
    Ok(WebhookReply::events(events))
}

fn message_type_name(kind: &OnMessageConfigMessageType) -> &'static str {
    match kind {
        OnMessageConfigMessageType::All => "all",
        OnMessageConfigMessageType::Text => "text",
        OnMessageConfigMessageType::Image => "image",
        OnMessageConfigMessageType::Audio => "audio",
        OnMessageConfigMessageType::Video => "video",
        OnMessageConfigMessageType::Document => "document",
        OnMessageConfigMessageType::Location => "location",
        OnMessageConfigMessageType::Contacts => "contacts",
    }
}

// ---------------------------------------------------------------------------------------------
// Actions and triggers
// ---------------------------------------------------------------------------------------------

#[actions(webhooks(verify = "meta", secret = "credentials.appSecret", event_id = "/eventId"))]
impl Whatsapp {
    /// Send a text, media, location or contacts message
    ///
    /// A `contacts` message takes its contacts from `text`, as the Cloud API's JSON array of contacts.
    #[action(name = "Send Message", http(method = "POST", endpoint = "/messages"))]
    async fn send_message(&self, input: SendMessageInput) -> Result<Value> {
        use SendMessageInputMessageType as T;
        let (kind, payload) = match input.message_type {
            T::Text => {
                let body = required(&input.text, "text", "text")?;
                ("text", json!({"body": body, "preview_url": input.preview_url.unwrap_or(false)}))
            }
            T::Image => ("image", media_object(&input, "image")?),
            T::Video => ("video", media_object(&input, "video")?),
            T::Audio => ("audio", media_object(&input, "audio")?),
            T::Document => ("document", media_object(&input, "document")?),
            T::Location => {
                let (Some(latitude), Some(longitude)) = (input.latitude, input.longitude) else {
                    return Err(ConnectorError::invalid_input("a location message needs `latitude` and `longitude`"));
                };
                let mut location = json!({"latitude": latitude, "longitude": longitude});
                if let Some(name) = input.location_name.as_deref().filter(|v| !v.is_empty()) {
                    location["name"] = json!(name);
                }
                if let Some(address) = input.location_address.as_deref().filter(|v| !v.is_empty()) {
                    location["address"] = json!(address);
                }
                ("location", location)
            }
            T::Contacts => {
                let text = required(&input.text, "text", "contacts")?;
                let contacts: Value = serde_json::from_str(text).ok().filter(Value::is_array).ok_or_else(|| {
                    ConnectorError::invalid_input(
                        "a contacts message takes `text` as a JSON array of contacts, such as \
                         [{\"name\": {\"formatted_name\": \"Ann Lee\", \"first_name\": \"Ann\"}, \"phones\": [{\"phone\": \"+15551234567\"}]}]",
                    )
                })?;
                ("contacts", contacts)
            }
        };
        self.send(&input.to, kind, Map::from_iter([(kind.to_owned(), payload)])).await
    }

    /// Send a message with Approve and Decline reply buttons
    ///
    /// The buttons' replies arrive through `on_message` as `interactive` messages whose
    /// `button_reply.id` is `approve` or `disapprove`, with `context.id` the id of this message.
    #[action(name = "Send Message and Wait for Response", http(method = "POST", endpoint = "/messages"))]
    async fn send_message_and_wait(&self, input: SendMessageAndWaitInput) -> Result<Value> {
        if input.text.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`text` cannot be blank"));
        }
        let label = |value: &Option<String>, default: &str| {
            let label = value.as_deref().map(str::trim).filter(|v| !v.is_empty()).unwrap_or(default);
            label.chars().take(20).collect::<String>()
        };
        let approve = label(&input.approve_button_label, "✓ Approve");
        let decline = label(&input.disapprove_button_label, "✗ Decline");
        let interactive = json!({
            "type": "button",
            "body": {"text": input.text},
            "action": {"buttons": [
                {"type": "reply", "reply": {"id": "approve", "title": approve}},
                {"type": "reply", "reply": {"id": "disapprove", "title": decline}},
            ]},
        });
        let mut answer =
            self.send(&input.to, "interactive", Map::from_iter([("interactive".into(), interactive)])).await?;
        if let Value::Object(map) = &mut answer {
            map.insert(
                "awaiting".into(),
                json!({
                    "waitForResponse": input.wait_for_response.unwrap_or(true),
                    "timeoutMinutes": input.timeout_minutes.unwrap_or(60.0),
                    "approveReplyId": "approve",
                    "disapproveReplyId": "disapprove",
                }),
            );
        }
        Ok(answer)
    }

    /// Send an approved message template
    #[action(name = "Send Template", http(method = "POST", endpoint = "/messages"))]
    async fn send_template(&self, input: SendTemplateInput) -> Result<Value> {
        if input.template_name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`templateName` cannot be blank"));
        }
        let code = Some(input.language_code.trim()).filter(|c| !c.is_empty()).unwrap_or("en");
        let mut template = json!({"name": input.template_name.trim(), "language": {"code": code}});
        let parameters: Vec<Value> = input.template_parameters.iter().flatten().map(template_parameter).collect();
        if !parameters.is_empty() {
            template["components"] = json!([{"type": "body", "parameters": parameters}]);
        }
        self.send(&input.to, "template", Map::from_iter([("template".into(), template)])).await
    }

    /// Upload a file (base64 or a data: URL) to send later by its media id
    #[action(name = "Upload Media", http(method = "POST", endpoint = "/media"))]
    async fn upload_media(&self, input: UploadMediaInput) -> Result<Value> {
        use UploadMediaInputMediaType as T;
        let (fallback, extension) = match input.media_type {
            T::Image => ("image/jpeg", "jpg"),
            T::Video => ("video/mp4", "mp4"),
            T::Audio => ("audio/mpeg", "mp3"),
            T::Document => ("application/pdf", "pdf"),
            T::Sticker => ("image/webp", "webp"),
        };
        let (mime, bytes) = decode_file(&input.file, fallback)?;
        let name = input.filename.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| format!("upload.{extension}"));
        let parts = vec![
            Part::text("messaging_product", "whatsapp"),
            Part::text("type", mime.clone()),
            Part::file("file", name, mime, bytes),
        ];
        self.http.post("/media").multipart(parts).send_json().await.map_err(refine)
    }

    /// Get a media's URL and details, and its content when `saveToFile` is on
    #[action(name = "Download Media", idempotent, http(method = "GET", endpoint = "/{mediaId}"))]
    async fn download_media(&self, input: DownloadMediaInput) -> Result<Value> {
        let id = input.media_id.trim();
        if id.is_empty() {
            return Err(ConnectorError::invalid_input("`mediaId` cannot be blank"));
        }
        let url = format!("{}/{}", self.graph_root(), path_segment(id));
        let query = [("phone_number_id", self.phone_number_id())];
        let mut media: Value = self.http.get(&url).query(&query).send_json().await.map_err(refine)?;
        if !input.save_to_file.unwrap_or(false) {
            return Ok(media);
        }
        let link = media["url"].as_str().unwrap_or_default().to_owned();
        // The access token goes with the download: only to Meta's media host or the API's own.
        let trusted = origin(&link)
            .is_some_and(|o| o == "https://lookaside.fbsbx.com" || Some(o) == origin(self.http.base_url()));
        if !trusted {
            return Err(ConnectorError::new(
                ErrorCode::InvalidResponse,
                "WhatsApp answered a media URL outside lookaside.fbsbx.com; the access token is not sent there",
            ));
        }
        let file = self.http.get(&link).send().await.map_err(refine)?;
        let extension = media["mime_type"].as_str().and_then(|m| m.split('/').nth(1)).unwrap_or("bin");
        let name = input.filename.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| format!("{id}.{extension}"));
        media["fileName"] = json!(name);
        media["data"] = json!(BASE64.encode(&file.body));
        Ok(media)
    }

    /// Delete an uploaded media
    #[action(name = "Delete Media", http(method = "DELETE", endpoint = "/{mediaId}"))]
    async fn delete_media(&self, input: DeleteMediaInput) -> Result<Value> {
        let id = input.media_id.trim();
        if id.is_empty() {
            return Err(ConnectorError::invalid_input("`mediaId` cannot be blank"));
        }
        let url = format!("{}/{}", self.graph_root(), path_segment(id));
        let query = [("phone_number_id", self.phone_number_id())];
        self.http.delete(&url).query(&query).send_json().await.map_err(refine)
    }

    /// A message arrived, or the status of a sent one changed (sent, delivered, read, failed)
    ///
    /// One event per message of `messages[]` (with the sender's profile and `eventId` its wamid)
    /// and, when the type is `all`, one per `statuses[]` (`eventId` the wamid and the status).
    #[trigger(name = "On Message", webhook)]
    async fn on_message(&self, config: OnMessageConfig, request: WebhookRequest) -> Result<WebhookReply<Value>> {
        if let Some(reply) = url_check(&request, &config.verify_token) {
            return Ok(reply);
        }
        let wanted = message_type_name(config.message_type.as_ref().unwrap_or(&OnMessageConfigMessageType::All));
        let mut events = Vec::new();
        for (waba, value) in changes(&request, "messages")? {
            let metadata = value["metadata"].clone();
            for message in value["messages"].as_array().into_iter().flatten() {
                if wanted != "all" && message["type"] != wanted {
                    continue;
                }
                let mut event = message.as_object().cloned().unwrap_or_default();
                let contact = value["contacts"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|c| c["wa_id"] == message["from"])
                    .cloned()
                    .unwrap_or(Value::Null);
                event.insert("event".into(), json!("message"));
                event.insert("eventId".into(), message["id"].clone());
                event.insert("contact".into(), contact);
                event.insert("metadata".into(), metadata.clone());
                event.insert("businessAccountId".into(), json!(waba));
                events.push(Value::Object(event));
            }
            if wanted != "all" {
                continue;
            }
            for status in value["statuses"].as_array().into_iter().flatten() {
                let mut event = status.as_object().cloned().unwrap_or_default();
                let id = format!(
                    "{}:{}",
                    status["id"].as_str().unwrap_or_default(),
                    status["status"].as_str().unwrap_or_default()
                );
                event.insert("event".into(), json!("status"));
                event.insert("eventId".into(), json!(id));
                event.insert("metadata".into(), metadata.clone());
                event.insert("businessAccountId".into(), json!(waba));
                events.push(Value::Object(event));
            }
        }
        Ok(WebhookReply::events(events))
    }

    /// The business account changed (`account_update`: bans, restrictions, offboarding...)
    #[trigger(name = "On Account Update", webhook)]
    async fn on_account_update(
        &self,
        config: VerifyTokenConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        account_events(&request, &config.verify_token, "account_update")
    }

    /// A phone number's display name was reviewed (`phone_number_name_update`)
    #[trigger(name = "On Phone Number Name Update", webhook)]
    async fn on_phone_number_name_update(
        &self,
        config: VerifyTokenConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        account_events(&request, &config.verify_token, "phone_number_name_update")
    }

    /// A phone number's quality rating or messaging limit changed (`phone_number_quality_update`)
    #[trigger(name = "On Phone Number Quality Update", webhook)]
    async fn on_phone_number_quality_update(
        &self,
        config: VerifyTokenConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        account_events(&request, &config.verify_token, "phone_number_quality_update")
    }

    /// The business account's review finished (`account_review_update`)
    #[trigger(name = "On Account Review Update", webhook)]
    async fn on_account_review_update(
        &self,
        config: VerifyTokenConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        account_events(&request, &config.verify_token, "account_review_update")
    }

    /// A capability of the business account changed, such as its messaging limit (`business_capability_update`)
    #[trigger(name = "On Business Capability Update", webhook)]
    async fn on_business_capability_update(
        &self,
        config: VerifyTokenConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        account_events(&request, &config.verify_token, "business_capability_update")
    }

    /// A template's quality score changed (`message_template_quality_update`)
    #[trigger(name = "On Message Template Quality Update", webhook)]
    async fn on_message_template_quality_update(
        &self,
        config: VerifyTokenConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        account_events(&request, &config.verify_token, "message_template_quality_update")
    }

    /// A template was approved, rejected, paused or disabled (`message_template_status_update`)
    #[trigger(name = "On Message Template Status Update", webhook)]
    async fn on_message_template_status_update(
        &self,
        config: VerifyTokenConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        account_events(&request, &config.verify_token, "message_template_status_update")
    }

    /// A template's category changed (`template_category_update`)
    #[trigger(name = "On Template Category Update", webhook)]
    async fn on_template_category_update(
        &self,
        config: VerifyTokenConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<Value>> {
        account_events(&request, &config.verify_token, "template_category_update")
    }

    /// A security setting of a phone number changed, such as its two-step PIN (`security`)
    #[trigger(name = "On Security Event", webhook)]
    async fn on_security(&self, config: VerifyTokenConfig, request: WebhookRequest) -> Result<WebhookReply<Value>> {
        account_events(&request, &config.verify_token, "security")
    }

    /// Reads the connection's phone number: proves the token and the phone number id together
    #[test_connection]
    async fn check_credentials(&self) -> Result<Value> {
        let query = [("fields", "display_phone_number,verified_name")];
        self.http.get(self.http.base_url()).query(&query).send_json().await.map_err(refine)
    }
}
