use fluxturn_core::prelude::*;
use fluxturn_core::Request;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Chat, text completion, image generation, moderation and embeddings with OpenAI's models
#[connector(
    name = "openai",
    display_name = "OpenAI",
    category = "ai",
    base_url = "https://api.openai.com/v1",
    rate_limit(requests_per_minute = 60),
    icon = "icons/openai.svg",
    auth = api_key(header = "Authorization", prefix = "Bearer ", field = "apiKey"),
    credentials = OpenAiCredentials,
)]
pub struct OpenAi {
    http: Http,
    credentials: OpenAiCredentials,
}

/// How FluxTurn signs in to OpenAI.
#[derive(Credentials)]
pub struct OpenAiCredentials {
    /// A secret key from the API keys page of the OpenAI platform
    #[field(label = "API Key", placeholder = "sk-...", secret, help_url = "https://platform.openai.com/api-keys")]
    pub api_key: Secret<String>,
    /// The organization the requests are billed to, when the key belongs to several
    #[field(label = "Organization ID", placeholder = "org-...")]
    pub organization: Option<String>,
    /// An OpenAI-compatible endpoint. Not applied yet: the server's base URL setting points the
    /// connector elsewhere
    #[field(label = "Base URL", placeholder = "https://api.openai.com/v1")]
    pub base_url: Option<String>,
}

/// A chat model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ChatModel {
    /// GPT-4 Turbo (preview)
    #[serde(rename = "gpt-4-turbo-preview")]
    Gpt4TurboPreview,
    /// GPT-4
    #[serde(rename = "gpt-4")]
    Gpt4,
    /// GPT-3.5 Turbo
    #[serde(rename = "gpt-3.5-turbo")]
    Gpt35Turbo,
    /// GPT-3.5 Turbo 16k
    #[serde(rename = "gpt-3.5-turbo-16k")]
    Gpt35Turbo16k,
}

/// Who wrote a chat message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// System (instructions)
    System,
    /// User
    User,
    /// Assistant
    Assistant,
}

/// One message of a conversation.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct ChatMessage {
    /// Who wrote it
    pub role: Role,
    /// What it says
    pub content: String,
}

/// The input of `chat_complete`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ChatComplete {
    /// The model that answers
    #[field(label = "Model", default = "gpt-3.5-turbo")]
    pub model: ChatModel,
    /// The conversation so far, oldest first
    #[field(label = "Messages")]
    pub messages: Vec<ChatMessage>,
    /// Sampling temperature: higher is more random
    #[field(label = "Temperature", default = 1, min = 0, max = 2, step = 0.1)]
    pub temperature: Option<f64>,
    /// Most tokens to generate (default: as many as the model allows)
    #[field(label = "Maximum Tokens", default = 16, min = 1)]
    pub max_tokens: Option<u32>,
    /// Nucleus sampling: only the tokens of this top probability mass
    #[field(label = "Top P", default = 1, min = 0, max = 1, step = 0.1)]
    pub top_p: Option<f64>,
    /// Penalise tokens by how often they already appear
    #[field(label = "Frequency Penalty", default = 0, min = -2, max = 2, step = 0.1)]
    pub frequency_penalty: Option<f64>,
    /// Penalise tokens that already appear at all
    #[field(label = "Presence Penalty", default = 0, min = -2, max = 2, step = 0.1)]
    pub presence_penalty: Option<f64>,
    /// How many answers to generate
    #[field(label = "Number of Answers", default = 1, min = 1)]
    pub n: Option<u32>,
}

/// Token counts of a request.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct Usage {
    /// Tokens of the input
    pub prompt_tokens: u64,
    /// Tokens generated
    #[serde(default)]
    pub completion_tokens: u64,
    /// Both together
    pub total_tokens: u64,
}

/// A message the model wrote.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct AnswerMessage {
    /// Always `assistant`
    pub role: String,
    /// The text of the answer
    pub content: Option<String>,
}

/// One answer of a chat completion.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct ChatChoice {
    /// Position among the answers
    pub index: u32,
    /// The answer
    pub message: AnswerMessage,
    /// Why generation stopped: stop, length, content_filter...
    pub finish_reason: Option<String>,
}

/// The answer to a chat completion request.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct ChatCompletion {
    /// OpenAI's ID of the completion
    pub id: String,
    /// The model that answered
    pub model: String,
    /// When it was created (Unix seconds)
    pub created: i64,
    /// The answers
    pub choices: Vec<ChatChoice>,
    /// Tokens used
    pub usage: Option<Usage>,
}

/// An image model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ImageModel {
    /// DALL·E 3
    #[serde(rename = "dall-e-3")]
    DallE3,
    /// DALL·E 2
    #[serde(rename = "dall-e-2")]
    DallE2,
}

/// Image dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ImageSize {
    /// 256×256 (DALL·E 2)
    #[serde(rename = "256x256")]
    Square256,
    /// 512×512 (DALL·E 2)
    #[serde(rename = "512x512")]
    Square512,
    /// 1024×1024
    #[serde(rename = "1024x1024")]
    Square1024,
    /// 1792×1024 (DALL·E 3)
    #[serde(rename = "1792x1024")]
    Landscape,
    /// 1024×1792 (DALL·E 3)
    #[serde(rename = "1024x1792")]
    Portrait,
}

/// Image quality (DALL·E 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Quality {
    /// Standard
    Standard,
    /// HD: finer details
    Hd,
}

/// Image style (DALL·E 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// Vivid: hyper-real and dramatic
    Vivid,
    /// Natural: less hyper-real
    Natural,
}

/// How generated images are returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ResponseFormat {
    /// A URL, valid for an hour
    #[serde(rename = "url")]
    Url,
    /// The image itself, base64-encoded
    #[serde(rename = "b64_json")]
    B64Json,
}

/// The input of `image_create`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ImageCreate {
    /// What the image shows
    #[field(label = "Prompt", input_type = "textarea", placeholder = "A watercolour fox in the snow")]
    pub prompt: String,
    /// The model that draws
    #[field(label = "Model", default = "dall-e-2")]
    pub model: ImageModel,
    /// Dimensions of the images
    #[field(label = "Size", default = "1024x1024")]
    pub size: Option<ImageSize>,
    /// Quality of the images
    #[field(label = "Quality", default = "standard", show(model = ["dall-e-3"]))]
    pub quality: Option<Quality>,
    /// Style of the images
    #[field(label = "Style", default = "vivid", show(model = ["dall-e-3"]))]
    pub style: Option<Style>,
    /// How many images (DALL·E 3 draws one per request)
    #[field(label = "Number of Images", default = 1, min = 1, max = 10)]
    pub n: Option<u32>,
    /// How the images are returned
    #[field(label = "Response Format", default = "url")]
    pub response_format: Option<ResponseFormat>,
}

/// One generated image.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct Image {
    /// Where to download it (response format `url`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The image, base64-encoded (response format `b64_json`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b64_json: Option<String>,
    /// The prompt DALL·E 3 actually drew from
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revised_prompt: Option<String>,
}

/// The generated images.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct Images {
    /// When they were created (Unix seconds)
    pub created: i64,
    /// The images
    pub data: Vec<Image>,
}

/// A text completion model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum TextModel {
    /// GPT-3.5 Turbo Instruct
    #[serde(rename = "gpt-3.5-turbo-instruct")]
    Gpt35TurboInstruct,
    /// text-davinci-003 (retired by OpenAI)
    #[serde(rename = "text-davinci-003")]
    TextDavinci003,
    /// text-davinci-002 (retired by OpenAI)
    #[serde(rename = "text-davinci-002")]
    TextDavinci002,
}

/// The input of `text_complete`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct TextComplete {
    /// The model that continues the text
    #[field(label = "Model", default = "gpt-3.5-turbo-instruct")]
    pub model: TextModel,
    /// The text to continue
    #[field(label = "Prompt", input_type = "textarea")]
    pub prompt: String,
    /// Sampling temperature: higher is more random
    #[field(label = "Temperature", default = 1, min = 0, max = 2, step = 0.1)]
    pub temperature: Option<f64>,
    /// Most tokens to generate
    #[field(label = "Maximum Tokens", default = 16, min = 1)]
    pub max_tokens: Option<u32>,
    /// Nucleus sampling: only the tokens of this top probability mass
    #[field(label = "Top P", default = 1, min = 0, max = 1, step = 0.1)]
    pub top_p: Option<f64>,
    /// Penalise tokens by how often they already appear
    #[field(label = "Frequency Penalty", default = 0, min = -2, max = 2, step = 0.1)]
    pub frequency_penalty: Option<f64>,
    /// Penalise tokens that already appear at all
    #[field(label = "Presence Penalty", default = 0, min = -2, max = 2, step = 0.1)]
    pub presence_penalty: Option<f64>,
    /// How many completions to generate
    #[field(label = "Number of Completions", default = 1, min = 1)]
    pub n: Option<u32>,
    /// Repeat the prompt before the completion
    #[field(label = "Echo Prompt", default = false)]
    #[serde(default)]
    pub echo: bool,
}

/// One text completion.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct TextChoice {
    /// Position among the completions
    pub index: u32,
    /// The generated text
    pub text: String,
    /// Why generation stopped: stop or length
    pub finish_reason: Option<String>,
}

/// The answer to a text completion request.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct TextCompletion {
    /// OpenAI's ID of the completion
    pub id: String,
    /// The model that answered
    pub model: String,
    /// When it was created (Unix seconds)
    pub created: i64,
    /// The completions
    pub choices: Vec<TextChoice>,
    /// Tokens used
    pub usage: Option<Usage>,
}

/// A moderation model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ModerationModel {
    /// Latest (upgraded automatically)
    #[serde(rename = "text-moderation-latest")]
    Latest,
    /// Stable (upgraded with notice)
    #[serde(rename = "text-moderation-stable")]
    Stable,
}

/// The input of `text_moderate`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct TextModerate {
    /// The text to classify
    #[field(label = "Input", input_type = "textarea")]
    pub input: String,
    /// The moderation model
    #[field(label = "Model", default = "text-moderation-latest")]
    pub model: Option<ModerationModel>,
}

/// The verdict on one input.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct ModerationResult {
    /// Whether any category applies
    pub flagged: bool,
    /// Category name to whether it applies
    pub categories: BTreeMap<String, Value>,
    /// Category name to the model's confidence
    pub category_scores: BTreeMap<String, Value>,
}

/// The answer to a moderation request.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct Moderation {
    /// OpenAI's ID of the request
    pub id: String,
    /// The model that classified
    pub model: String,
    /// One verdict per input
    pub results: Vec<ModerationResult>,
}

/// An embedding model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum EmbeddingModel {
    /// text-embedding-ada-002
    #[serde(rename = "text-embedding-ada-002")]
    Ada002,
    /// text-embedding-3-small
    #[serde(rename = "text-embedding-3-small")]
    Small3,
    /// text-embedding-3-large
    #[serde(rename = "text-embedding-3-large")]
    Large3,
}

/// The input of `create_embeddings`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateEmbeddings {
    /// The text to embed
    #[field(label = "Input", input_type = "textarea")]
    pub input: String,
    /// The embedding model
    #[field(label = "Model", default = "text-embedding-ada-002")]
    pub model: EmbeddingModel,
}

/// One embedding vector.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct Embedding {
    /// Position of its input
    pub index: u32,
    /// The vector
    pub embedding: Vec<f64>,
}

/// The answer to an embeddings request.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct Embeddings {
    /// The model that embedded
    pub model: String,
    /// One vector per input
    pub data: Vec<Embedding>,
    /// Tokens used
    pub usage: Option<Usage>,
}

#[actions]
impl OpenAi {
    /// Answer a conversation with a chat model
    #[action(
        name = "Chat Completion",
        aliases = ["chat_completion"],
        category = "Text",
        icon = "message",
        http(method = "POST", endpoint = "/chat/completions")
    )]
    async fn chat_complete(&self, input: ChatComplete) -> Result<ChatCompletion> {
        let body = json!({
            "model": input.model,
            "messages": input.messages,
            "temperature": input.temperature,
            "max_tokens": input.max_tokens,
            "top_p": input.top_p,
            "frequency_penalty": input.frequency_penalty,
            "presence_penalty": input.presence_penalty,
            "n": input.n,
        });
        self.post("/chat/completions", body).send_json().await
    }

    /// Draw images from a text prompt
    #[action(
        name = "Generate Image",
        category = "Images",
        icon = "image",
        http(method = "POST", endpoint = "/images/generations")
    )]
    async fn image_create(&self, input: ImageCreate) -> Result<Images> {
        // Quality and style exist for DALL·E 3 only.
        let dall_e_3 = input.model == ImageModel::DallE3;
        let body = json!({
            "prompt": input.prompt,
            "model": input.model,
            "size": input.size,
            "quality": input.quality.filter(|_| dall_e_3),
            "style": input.style.filter(|_| dall_e_3),
            "n": input.n,
            "response_format": input.response_format,
        });
        self.post("/images/generations", body).send_json().await
    }

    /// Continue a text with a completion model
    #[action(
        name = "Text Completion",
        category = "Text",
        icon = "edit",
        http(method = "POST", endpoint = "/completions")
    )]
    async fn text_complete(&self, input: TextComplete) -> Result<TextCompletion> {
        let body = json!({
            "model": input.model,
            "prompt": input.prompt,
            "temperature": input.temperature,
            "max_tokens": input.max_tokens,
            "top_p": input.top_p,
            "frequency_penalty": input.frequency_penalty,
            "presence_penalty": input.presence_penalty,
            "n": input.n,
            "echo": input.echo,
        });
        self.post("/completions", body).send_json().await
    }

    /// Check whether a text is harmful, by category
    #[action(
        name = "Moderate Text",
        category = "Text",
        icon = "shield",
        idempotent,
        http(method = "POST", endpoint = "/moderations")
    )]
    async fn text_moderate(&self, input: TextModerate) -> Result<Moderation> {
        let body = json!({ "input": input.input, "model": input.model });
        // Declared idempotent: a moderation has no effect, so a timeout or a 5xx is retried.
        self.post("/moderations", body).idempotent().send_json().await
    }

    /// Turn a text into a vector for search and clustering
    #[action(category = "Text", icon = "hash", idempotent, http(method = "POST", endpoint = "/embeddings"))]
    async fn create_embeddings(&self, input: CreateEmbeddings) -> Result<Embeddings> {
        let body = json!({ "input": input.input, "model": input.model });
        // Declared idempotent: an embedding has no effect, so a timeout or a 5xx is retried.
        self.post("/embeddings", body).idempotent().send_json().await
    }

    /// Lists the models the key can use: proves the key works.
    #[test_connection]
    async fn models(&self) -> Result<()> {
        self.with_organization(self.http.get("/models")).send().await.map(drop)
    }
}

impl OpenAi {
    /// A POST of `body` without its unset (null) parameters.
    fn post(&self, path: &str, body: Value) -> Request {
        let body: Map<String, Value> = match body {
            Value::Object(map) => map.into_iter().filter(|(_, v)| !v.is_null()).collect(),
            _ => Map::new(),
        };
        self.with_organization(self.http.post(path).json(&body))
    }

    /// Adds the `OpenAI-Organization` header when the credentials name an organization.
    fn with_organization(&self, request: Request) -> Request {
        match self.credentials.organization.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            Some(organization) => request.header("OpenAI-Organization", organization),
            None => request,
        }
    }
}
