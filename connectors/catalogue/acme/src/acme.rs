use fluxturn_core::prelude::*;

/// Send and receive messages through Acme
#[connector(
    name = "acme",
    display_name = "Acme",
    category = "communication",
    base_url = "https://api.acme.com/v1",
    rate_limit(requests_per_minute = 60),
    icon = "icons/acme.svg",
    auth = api_key(header = "Authorization", prefix = "Bearer "),
    credentials = AcmeCredentials,
)]
pub struct Acme {
    http: Http,
}

/// What the user types into the "Add Acme" form.
#[derive(Credentials)]
pub struct AcmeCredentials {
    /// Find this in your Acme dashboard under Settings > API
    #[field(label = "API Key", placeholder = "ak_...", secret)]
    pub api_key: Secret<String>,
}

/// The input of `send_message`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct SendMessage {
    #[field(label = "Channel")]
    pub channel: String,
    #[field(label = "Message", input_type = "textarea")]
    pub text: String,
}

/// A message as Acme returns it.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Message {
    /// Acme's id of the message.
    pub id: String,
    /// The channel it was posted to.
    pub channel: String,
    /// The text posted.
    pub text: String,
}

#[actions]
impl Acme {
    /// Send a message to a channel
    #[action(category = "Messages", icon = "send", http(method = "POST", endpoint = "/messages"))]
    async fn send_message(&self, input: SendMessage) -> Result<Message> {
        self.http.post("/messages").json(&input).send_json().await
    }

    /// Cheap call that proves the API key works.
    #[test_connection]
    async fn me(&self) -> Result<()> {
        self.http.get("/me").send().await.map(drop)
    }
}
