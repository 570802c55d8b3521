use fluxturn_core::prelude::*;
use std::collections::BTreeMap;

/// Send SMS and WhatsApp messages, place voice calls and look up phone numbers with Twilio
#[connector(
    name = "twilio",
    display_name = "Twilio",
    category = "communication",
    base_url = "https://api.twilio.com/2010-04-01/Accounts/{accountSid}",
    rate_limit(requests_per_second = 10),
    icon = "icons/twilio.svg",
    auth = basic_auth(username = "accountSid", password = "authToken"),
    credentials = TwilioCredentials,
    webhook_support = true,
)]
pub struct Twilio {
    http: Http,
}

/// The Account SID and Auth Token from the Twilio Console.
#[derive(Credentials)]
pub struct TwilioCredentials {
    /// Your Account SID, on the Twilio Console dashboard
    #[field(label = "Account SID", placeholder = "AC...", help_url = "https://console.twilio.com")]
    pub account_sid: String,
    /// Your Auth Token, next to the Account SID
    #[field(label = "Auth Token", secret)]
    pub auth_token: Secret<String>,
}

/// Where the Lookup API lives: on its own host, not under the account.
const LOOKUP_HOST: &str = "https://lookups.twilio.com";
/// The origin of the account REST API.
const REST_HOST: &str = "https://api.twilio.com";

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// The input of `send_sms`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendSms {
    /// A Twilio phone number of yours, in E.164 format, or a messaging service SID
    #[field(label = "From", placeholder = "+15557122661")]
    pub from: String,
    /// The recipient, in E.164 format
    #[field(label = "To", placeholder = "+15558675310")]
    pub to: String,
    /// The text of the message (up to 1,600 characters)
    #[field(label = "Message", input_type = "textarea", max_length = 1600)]
    pub body: String,
    /// A public URL of an image or other media to send along (MMS)
    #[field(label = "Media URL", placeholder = "https://example.com/image.jpg")]
    pub media_url: Option<String>,
    /// A URL Twilio posts the message's status changes to
    #[field(label = "Status Callback URL")]
    pub status_callback: Option<String>,
}

/// The input of `send_whatsapp`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendWhatsApp {
    /// Your WhatsApp-enabled Twilio number (the `whatsapp:` prefix is added when missing)
    #[field(label = "From", placeholder = "+14155238886")]
    pub from: String,
    /// The recipient's WhatsApp number (the `whatsapp:` prefix is added when missing)
    #[field(label = "To", placeholder = "+15558675310")]
    pub to: String,
    /// The text of the message
    #[field(label = "Message", input_type = "textarea")]
    pub body: String,
    /// A public URL of an image or other media to send along
    #[field(label = "Media URL")]
    pub media_url: Option<String>,
}

/// The input of `make_call`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MakeCall {
    /// A Twilio phone number of yours, in E.164 format
    #[field(label = "From", placeholder = "+15557122661")]
    pub from: String,
    /// The number to call, in E.164 format
    #[field(label = "To", placeholder = "+15558675310")]
    pub to: String,
    /// The text read to the callee; TwiML instructions when "Use TwiML" is on
    #[field(label = "Message", input_type = "textarea", placeholder = "Hello from FluxTurn!")]
    pub message: String,
    /// Send the message as TwiML (`<Response>...</Response>`) instead of text to read aloud
    #[field(label = "Use TwiML", default = false)]
    #[serde(default)]
    pub use_twiml: bool,
    /// A URL Twilio posts the call's status changes to
    #[field(label = "Status Callback URL")]
    pub status_callback: Option<String>,
}

/// Extra data the Lookup API can add to a phone number (some are paid).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LookupFields {
    /// None: format and validity only
    #[default]
    #[serde(rename = "")]
    Basic,
    /// Caller name (CNAM)
    CallerName,
    /// Line type and carrier
    LineTypeIntelligence,
    /// Last SIM swap
    SimSwap,
}

/// The input of `lookup_phone`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LookupPhone {
    /// The phone number to look up, in E.164 or national format
    #[field(label = "Phone Number", placeholder = "+15108675310")]
    pub phone_number: String,
    /// Extra data to fetch along with the number's format
    #[field(label = "Fields", default = "")]
    #[serde(default)]
    pub fields: LookupFields,
}

/// The form body of `POST /Messages.json` and `POST /Calls.json`, in Twilio's parameter names.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct TwilioForm<'a> {
    to: String,
    from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    media_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    twiml: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_callback: Option<&'a str>,
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

/// A message resource.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Message {
    /// The message SID (`SM...` or `MM...`).
    pub sid: String,
    /// The account that sent it.
    pub account_sid: Option<String>,
    /// The sender.
    pub from: Option<String>,
    /// The recipient.
    pub to: Option<String>,
    /// The text.
    pub body: Option<String>,
    /// `queued`, `sending`, `sent`, `delivered`, `undelivered`, `failed`...
    pub status: Option<String>,
    /// `outbound-api`, `inbound`...
    pub direction: Option<String>,
    /// How many media files are attached.
    pub num_media: Option<String>,
    /// How many segments the text was split into.
    pub num_segments: Option<String>,
    /// The messaging service used, if any.
    pub messaging_service_sid: Option<String>,
    /// What it cost, once known (negative).
    pub price: Option<String>,
    /// The currency of `price`.
    pub price_unit: Option<String>,
    /// The error code, when it failed.
    pub error_code: Option<i64>,
    /// The error, in words.
    pub error_message: Option<String>,
    /// Creation time (RFC 2822).
    pub date_created: Option<String>,
    /// When it was sent (RFC 2822).
    pub date_sent: Option<String>,
    /// The resource's path.
    pub uri: Option<String>,
}

/// A call resource.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Call {
    /// The call SID (`CA...`).
    pub sid: String,
    /// The account that placed it.
    pub account_sid: Option<String>,
    /// The caller.
    pub from: Option<String>,
    /// The callee.
    pub to: Option<String>,
    /// `queued`, `ringing`, `in-progress`, `completed`, `busy`, `failed`, `no-answer`...
    pub status: Option<String>,
    /// `outbound-api`, `inbound`...
    pub direction: Option<String>,
    /// How long it lasted, in seconds, once over.
    pub duration: Option<String>,
    /// When it started (RFC 2822).
    pub start_time: Option<String>,
    /// When it ended (RFC 2822).
    pub end_time: Option<String>,
    /// What it cost, once known (negative).
    pub price: Option<String>,
    /// The currency of `price`.
    pub price_unit: Option<String>,
    /// Creation time (RFC 2822).
    pub date_created: Option<String>,
    /// The resource's path.
    pub uri: Option<String>,
}

/// Caller name (CNAM) data of a number.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct CallerName {
    /// The registered name.
    pub caller_name: Option<String>,
    /// `CONSUMER` or `BUSINESS`.
    pub caller_type: Option<String>,
    /// Why the data is missing, if it is.
    pub error_code: Option<i64>,
}

/// Line type and carrier of a number.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct LineTypeIntelligence {
    /// `mobile`, `landline`, `fixedVoip`, `nonFixedVoip`, `tollFree`...
    #[serde(rename = "type")]
    pub line_type: Option<String>,
    /// The carrier's name.
    pub carrier_name: Option<String>,
    /// Mobile country code.
    pub mobile_country_code: Option<String>,
    /// Mobile network code.
    pub mobile_network_code: Option<String>,
    /// Why the data is missing, if it is.
    pub error_code: Option<i64>,
}

/// When the number's SIM card last changed.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct LastSimSwap {
    /// The date of the last swap, if the carrier tells it.
    pub last_sim_swap_date: Option<String>,
    /// The period checked (`PT24H`...).
    pub swapped_period: Option<String>,
    /// Whether the SIM changed in that period.
    pub swapped_in_period: Option<bool>,
}

/// SIM swap data of a number.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct SimSwap {
    /// The last swap.
    pub last_sim_swap: Option<LastSimSwap>,
    /// The carrier's name.
    pub carrier_name: Option<String>,
    /// Why the data is missing, if it is.
    pub error_code: Option<i64>,
}

/// What the Lookup API knows of a phone number.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct PhoneLookup {
    /// The number in E.164 format.
    pub phone_number: String,
    /// The number in national format.
    pub national_format: Option<String>,
    /// Two-letter country code.
    pub country_code: Option<String>,
    /// The country calling code (`1`, `44`...).
    pub calling_country_code: Option<String>,
    /// Whether the number is valid.
    pub valid: Option<bool>,
    /// Why it is not (`TOO_SHORT`...).
    pub validation_errors: Option<Vec<String>>,
    /// Caller name, when asked for.
    pub caller_name: Option<CallerName>,
    /// Line type and carrier, when asked for.
    pub line_type_intelligence: Option<LineTypeIntelligence>,
    /// SIM swap data, when asked for.
    pub sim_swap: Option<SimSwap>,
}

// ---------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------

/// The configuration of the incoming message and call triggers.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NumberFilter {
    /// Only what is sent to this number of yours (any format); empty for all
    #[field(label = "Phone Number", placeholder = "+15557122661")]
    pub phone_number: Option<String>,
}

/// Which delivery statuses `message_status_updated` reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StatusFilter {
    /// Every status change
    #[default]
    All,
    /// Delivered
    Delivered,
    /// Failed
    Failed,
    /// Undelivered
    Undelivered,
}

/// The configuration of `message_status_updated`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusConfig {
    /// Which statuses to report
    #[field(label = "Status", default = "all")]
    #[serde(default)]
    pub status_filter: StatusFilter,
}

/// An SMS, MMS or WhatsApp message sent to one of your numbers.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IncomingMessage {
    /// The message SID.
    pub message_sid: String,
    /// Your account.
    pub account_sid: Option<String>,
    /// The sender (`whatsapp:+...` for WhatsApp).
    pub from: String,
    /// Your number it was sent to.
    pub to: String,
    /// The text.
    pub body: String,
    /// The URLs of the attached media.
    pub media_urls: Vec<String>,
    /// The sender's WhatsApp profile name, for WhatsApp.
    pub profile_name: Option<String>,
}

/// A call to one of your numbers.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IncomingCall {
    /// The call SID.
    pub call_sid: String,
    /// Your account.
    pub account_sid: Option<String>,
    /// The caller.
    pub from: String,
    /// Your number that was called.
    pub to: String,
    /// `ringing`, `in-progress`...
    pub call_status: Option<String>,
    /// The caller's name, when caller name lookup is on.
    pub caller_name: Option<String>,
    /// The caller's country.
    pub from_country: Option<String>,
}

/// A status change of a message you sent.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageStatusUpdate {
    /// The message SID.
    pub message_sid: String,
    /// Your account.
    pub account_sid: Option<String>,
    /// The new status: `sent`, `delivered`, `undelivered`, `failed`, `read`...
    pub status: String,
    /// The sender.
    pub from: Option<String>,
    /// The recipient.
    pub to: Option<String>,
    /// The error code, when undelivered or failed.
    pub error_code: Option<String>,
}

/// The parameters Twilio posts to a webhook (`application/x-www-form-urlencoded`).
struct Params(BTreeMap<String, String>);

impl Params {
    fn of(request: &WebhookRequest) -> Self {
        Self(request.form())
    }

    fn get(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }

    fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default()
    }

    /// Whether the request was for `wanted` (a number of yours), when a filter is set.
    fn sent_to(&self, wanted: Option<&str>) -> bool {
        wanted.is_none_or(|number| {
            normalize_number(number).is_empty() || normalize_number(&self.text("To")) == normalize_number(number)
        })
    }
}

/// A phone number reduced to `+` and digits, without the `whatsapp:` prefix, for comparison.
fn normalize_number(number: &str) -> String {
    let number = number.trim();
    let number = number.strip_prefix("whatsapp:").unwrap_or(number);
    number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
}

/// A number with the `whatsapp:` channel prefix, added when missing.
fn whatsapp(number: &str) -> String {
    let number = number.trim();
    if number.starts_with("whatsapp:") {
        number.to_owned()
    } else {
        format!("whatsapp:{number}")
    }
}

/// The TwiML that asks Twilio to do nothing more: what every webhook answers, so Twilio logs no
/// "invalid response" error (it parses the answer of a message or call webhook as TwiML).
const EMPTY_TWIML: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Response></Response>"#;

/// `events`, answered with [`EMPTY_TWIML`].
fn twiml<E>(events: Vec<E>) -> WebhookReply<E> {
    WebhookReply::events(events).with_response(WebhookResponse::xml(EMPTY_TWIML))
}

/// Text read aloud by a call, as TwiML.
fn say_twiml(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;");
    format!("<Response><Say>{escaped}</Say></Response>")
}

/// The incoming message of a webhook request, if it is one and passes the filter.
fn incoming_message(params: &Params, whatsapp_channel: bool, config: &NumberFilter) -> Option<IncomingMessage> {
    let message_sid = params.get("MessageSid").or_else(|| params.get("SmsSid"))?;
    // Status callbacks carry a MessageSid too, but no Body.
    params.get("Body")?;
    let from = params.text("From");
    if from.starts_with("whatsapp:") != whatsapp_channel || !params.sent_to(config.phone_number.as_deref()) {
        return None;
    }
    let count: usize = params.text("NumMedia").parse().unwrap_or(0);
    Some(IncomingMessage {
        message_sid,
        account_sid: params.get("AccountSid"),
        from,
        to: params.text("To"),
        body: params.text("Body"),
        media_urls: (0..count).filter_map(|i| params.get(&format!("MediaUrl{i}"))).collect(),
        profile_name: params.get("ProfileName"),
    })
}

// ---------------------------------------------------------------------------------------------
// Actions and triggers
// ---------------------------------------------------------------------------------------------

#[actions(webhooks(verify = "twilio", secret = "credentials.authToken"))]
impl Twilio {
    /// Send an SMS (or MMS, with a media URL)
    #[action(
        name = "Send SMS",
        category = "Messages",
        icon = "message-square",
        http(
            method = "POST",
            endpoint = "/Messages.json",
            body = "form",
            param_mapping(
                from = "From",
                to = "To",
                body = "Body",
                mediaUrl = "MediaUrl",
                statusCallback = "StatusCallback"
            )
        )
    )]
    async fn send_sms(&self, input: SendSms) -> Result<Message>;

    /// Send a WhatsApp message from a WhatsApp-enabled Twilio number
    #[action(
        name = "Send WhatsApp Message",
        category = "Messages",
        icon = "message-circle",
        http(
            method = "POST",
            endpoint = "/Messages.json",
            body = "form",
            param_mapping(from = "From", to = "To", body = "Body", mediaUrl = "MediaUrl")
        )
    )]
    async fn send_whatsapp(&self, input: SendWhatsApp) -> Result<Message> {
        let form = TwilioForm {
            to: whatsapp(&input.to),
            from: whatsapp(&input.from),
            body: Some(&input.body),
            media_url: input.media_url.as_deref(),
            twiml: None,
            status_callback: None,
        };
        self.http.post("/Messages.json").form(&form).send_json().await
    }

    /// Call a number and read a message aloud, or run TwiML instructions
    #[action(
        category = "Calls",
        icon = "phone",
        http(
            method = "POST",
            endpoint = "/Calls.json",
            body = "form",
            param_mapping(from = "From", to = "To", message = "Twiml", statusCallback = "StatusCallback")
        )
    )]
    async fn make_call(&self, input: MakeCall) -> Result<Call> {
        let twiml = if input.use_twiml { input.message.clone() } else { say_twiml(&input.message) };
        let form = TwilioForm {
            to: input.to,
            from: input.from,
            body: None,
            media_url: None,
            twiml: Some(twiml),
            status_callback: input.status_callback.as_deref(),
        };
        self.http.post("/Calls.json").form(&form).send_json().await
    }

    /// Look up a phone number: format, validity, and optionally caller name, line type or SIM swap
    #[action(name = "Lookup Phone Number", category = "Lookup", icon = "search", idempotent)]
    async fn lookup_phone(&self, input: LookupPhone) -> Result<PhoneLookup> {
        let base = self.http.base_url();
        // The Lookup API is on its own host; a base URL that is not Twilio's (a proxy, a test
        // server) serves it under its own origin.
        let origin = base.split("/2010-04-01").next().unwrap_or(base);
        let host = if origin == REST_HOST { LOOKUP_HOST } else { origin };
        let number: String =
            input
                .phone_number
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b == b'+' {
                        char::from(b).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
        let mut request = self.http.get(&format!("{host}/v2/PhoneNumbers/{number}"));
        if input.fields != LookupFields::Basic {
            request = request.query(&BTreeMap::from([("Fields", input.fields)]));
        }
        request.send_json().await
    }

    /// An SMS or MMS arrived at one of your numbers
    #[trigger(
        name = "SMS Received",
        event_type = "sms.received",
        icon = "message-square",
        webhook,
        event_id = "form:MessageSid"
    )]
    async fn sms_received(
        &self,
        config: NumberFilter,
        request: WebhookRequest,
    ) -> Result<WebhookReply<IncomingMessage>> {
        Ok(twiml(incoming_message(&Params::of(&request), false, &config).into_iter().collect()))
    }

    /// A call came in to one of your numbers
    #[trigger(event_type = "call.received", icon = "phone-incoming", webhook, event_id = "form:CallSid")]
    async fn call_received(&self, config: NumberFilter, request: WebhookRequest) -> Result<WebhookReply<IncomingCall>> {
        let params = Params::of(&request);
        let Some(call_sid) = params.get("CallSid") else { return Ok(twiml(Vec::new())) };
        if !params.sent_to(config.phone_number.as_deref()) {
            return Ok(twiml(Vec::new()));
        }
        Ok(twiml(vec![IncomingCall {
            call_sid,
            account_sid: params.get("AccountSid"),
            from: params.text("From"),
            to: params.text("To"),
            call_status: params.get("CallStatus"),
            caller_name: params.get("CallerName"),
            from_country: params.get("FromCountry"),
        }]))
    }

    /// A WhatsApp message arrived at one of your WhatsApp senders
    #[trigger(
        name = "WhatsApp Message Received",
        event_type = "whatsapp.received",
        icon = "message-circle",
        webhook,
        event_id = "form:MessageSid"
    )]
    async fn whatsapp_received(
        &self,
        config: NumberFilter,
        request: WebhookRequest,
    ) -> Result<WebhookReply<IncomingMessage>> {
        Ok(twiml(incoming_message(&Params::of(&request), true, &config).into_iter().collect()))
    }

    /// The delivery status of a message you sent changed (set its Status Callback URL to the webhook)
    // Every status change of a message carries the same MessageSid, so a callback is known by
    // Twilio's `I-Twilio-Idempotency-Token` header instead (one per callback, the same on retries).
    #[trigger(
        event_type = "message.status_updated",
        icon = "check-circle",
        webhook,
        event_id = "header:I-Twilio-Idempotency-Token"
    )]
    async fn message_status_updated(
        &self,
        config: StatusConfig,
        request: WebhookRequest,
    ) -> Result<WebhookReply<MessageStatusUpdate>> {
        let params = Params::of(&request);
        let (Some(message_sid), Some(status)) =
            (params.get("MessageSid"), params.get("MessageStatus").or_else(|| params.get("SmsStatus")))
        else {
            return Ok(twiml(Vec::new()));
        };
        let wanted = match config.status_filter {
            StatusFilter::All => true,
            StatusFilter::Delivered => status == "delivered",
            StatusFilter::Failed => status == "failed",
            StatusFilter::Undelivered => status == "undelivered",
        };
        if !wanted {
            return Ok(twiml(Vec::new()));
        }
        Ok(twiml(vec![MessageStatusUpdate {
            message_sid,
            account_sid: params.get("AccountSid"),
            status,
            from: params.get("From"),
            to: params.get("To"),
            error_code: params.get("ErrorCode"),
        }]))
    }

    /// Fetches the account itself: proves the SID and token work together.
    #[test_connection]
    async fn account(&self) -> Result<()> {
        self.http.get(&format!("{}.json", self.http.base_url())).send().await.map(drop)
    }
}
