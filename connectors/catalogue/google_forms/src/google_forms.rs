use chrono::{DateTime, TimeDelta, Utc};
use connectors_google::{format_timestamp, list_all, parse_timestamp};
use fluxturn_core::http::path_segment;
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};

/// Create and edit Google Forms, read their responses, manage Pub/Sub watches, and follow new
/// responses and changes to a form
#[connector(
    name = "google_forms",
    display_name = "Google Forms",
    category = "forms",
    base_url = "https://forms.googleapis.com/v1",
    rate_limit(requests_per_minute = 375),
    icon = "icons/google_forms.svg",
    auth = [oauth2(
        provider = "google",
        scopes = [
            "https://www.googleapis.com/auth/forms.body",
            "https://www.googleapis.com/auth/forms.responses.readonly",
        ],
    )],
    credentials = GoogleFormsCredentials,
)]
pub struct GoogleForms {
    http: Http,
}

/// The "Add Google Forms" form: OAuth2 through the server's Google app, or through your own
/// OAuth client. The server stores the tokens it obtains.
#[derive(Credentials)]
pub struct GoogleFormsCredentials {
    /// Sign in through your own Google OAuth client instead of the server's Google app
    #[field(key = "use_manual_oauth", label = "Use Your Own OAuth Client", default = false)]
    pub use_manual_oauth: Option<bool>,
    /// Client ID of your own Google OAuth client
    #[field(
        key = "client_id",
        label = "Client ID",
        placeholder = "1234567890-abc.apps.googleusercontent.com",
        help_url = "https://console.cloud.google.com/apis/credentials",
        show(use_manual_oauth = [true])
    )]
    pub client_id: Option<String>,
    /// Client secret of your own Google OAuth client
    #[field(key = "client_secret", label = "Client Secret", secret, show(use_manual_oauth = [true]))]
    pub client_secret: Option<Secret<String>>,
    /// The redirect URI registered with your OAuth client (blank: the server's callback)
    #[field(key = "redirect_uri", label = "Redirect URI", show(use_manual_oauth = [true]))]
    pub redirect_uri: Option<String>,
}

/// The largest page of responses Google returns.
const MAX_PAGE_SIZE: u32 = 5000;
/// How far back the first poll of `response_received` looks for the latest response.
const BASELINE_LOOKBACK_HOURS: i64 = 1;
/// Most responses one poll reads.
const MAX_POLLED_RESPONSES: usize = 50_000;

fn hundred() -> u32 {
    100
}

/// The kind of a new question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum QuestionType {
    /// Multiple choice: one of the options
    #[default]
    Radio,
    /// Checkboxes: any of the options
    Checkbox,
    /// Drop-down: one of the options
    DropDown,
    /// Short answer text
    ShortAnswer,
    /// Paragraph text
    Paragraph,
    /// Linear scale (options: low and high, default 1 and 5)
    Scale,
    /// Multiple-choice grid (options: rows and columns)
    Grid,
    /// Checkbox grid (options: rows and columns)
    CheckboxGrid,
    /// Date
    Date,
    /// Time of day
    Time,
}

/// What a watch reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WatchEventType {
    /// A response was submitted
    #[default]
    Responses,
    /// The form's questions or settings changed
    Schema,
}

impl WatchEventType {
    fn as_str(self) -> &'static str {
        match self {
            Self::Responses => "RESPONSES",
            Self::Schema => "SCHEMA",
        }
    }
}

/// The input of `form_create`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateForm {
    /// Title of the form, shown to respondents and as the file name in Drive
    #[field(label = "Title")]
    pub title: String,
}

/// The input of `form_get`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetForm {
    /// The form: its ID or its edit link
    #[field(label = "Form ID", placeholder = "https://docs.google.com/forms/d/.../edit")]
    pub form_id: String,
}

/// The input of `form_update`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpdateForm {
    /// The form: its ID or its edit link
    #[field(label = "Form ID", placeholder = "https://docs.google.com/forms/d/.../edit")]
    pub form_id: String,
    /// New title shown to respondents
    #[field(label = "Title")]
    pub title: Option<String>,
    /// New description shown under the title
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
}

/// The input of `question_create`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateQuestion {
    /// The form: its ID or its edit link
    #[field(label = "Form ID", placeholder = "https://docs.google.com/forms/d/.../edit")]
    pub form_id: String,
    /// The question
    #[field(label = "Question")]
    pub question_title: String,
    /// The kind of answer
    #[field(label = "Question Type", default = "RADIO")]
    pub question_type: QuestionType,
    /// Whether respondents must answer it
    #[field(label = "Required", default = false)]
    #[serde(default)]
    pub required: bool,
    /// The choices (multiple choice, checkboxes, drop-down): a list, or text separated by
    /// commas or lines. A scale: its low and high ends, e.g. [1, 5]. A grid: {"rows": [...],
    /// "columns": [...]}
    #[field(label = "Options", placeholder = "Red, Green, Blue")]
    #[schemars(with = "Option<Vec<String>>")]
    pub options: Option<Value>,
    /// Help text shown under the question
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
}

/// The input of `responses_list`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ListResponses {
    /// The form: its ID or its edit link
    #[field(label = "Form ID", placeholder = "https://docs.google.com/forms/d/.../edit")]
    pub form_id: String,
    /// Return every response, not only the first `limit`
    #[field(label = "Return All", default = false)]
    #[serde(default)]
    pub return_all: bool,
    /// How many responses to return
    #[field(label = "Limit", default = 100, min = 1, hide(returnAll = [true]))]
    #[serde(default = "hundred")]
    pub limit: u32,
    /// Google's response filter: `timestamp > 2024-05-01T00:00:00Z` or `timestamp >= ...`
    #[field(label = "Filter", placeholder = "timestamp >= 2024-05-01T00:00:00Z")]
    pub filter: Option<String>,
}

/// The input of `response_get`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetResponse {
    /// The form: its ID or its edit link
    #[field(label = "Form ID", placeholder = "https://docs.google.com/forms/d/.../edit")]
    pub form_id: String,
    /// The response's ID
    #[field(label = "Response ID")]
    pub response_id: String,
}

/// The input of `watch_create`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateWatch {
    /// The form: its ID or its edit link
    #[field(label = "Form ID", placeholder = "https://docs.google.com/forms/d/.../edit")]
    pub form_id: String,
    /// What the watch reports
    #[field(label = "Event Type", default = "RESPONSES")]
    pub event_type: WatchEventType,
    /// The Cloud Pub/Sub topic Google publishes to; Google Forms must be allowed to publish
    /// to it (forms-notifications@system.gserviceaccount.com as publisher)
    #[field(label = "Pub/Sub Topic", placeholder = "projects/my-project/topics/form-events")]
    pub topic_name: String,
}

/// The input of `watch_renew` and `watch_delete`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct WatchRef {
    /// The form: its ID or its edit link
    #[field(label = "Form ID", placeholder = "https://docs.google.com/forms/d/.../edit")]
    pub form_id: String,
    /// The watch's ID
    #[field(label = "Watch ID")]
    pub watch_id: String,
}

/// Configuration of the form triggers.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct FormWatch {
    /// The form to watch: its ID or its edit link
    #[field(label = "Form ID", placeholder = "https://docs.google.com/forms/d/.../edit")]
    pub form_id: String,
}

/// The question added by `question_create`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedQuestion {
    /// The form
    pub form_id: String,
    /// The new item's ID
    pub item_id: String,
    /// The IDs of its questions (one per row of a grid), which responses' answers are keyed by
    pub question_ids: Vec<String>,
    /// Its position in the form, from 0
    pub index: usize,
}

/// The deletion of a watch.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeletedWatch {
    /// The form
    pub form_id: String,
    /// The deleted watch's ID
    pub watch_id: String,
    /// Always true
    pub deleted: bool,
}

/// Where `response_received` stands: the latest submission time seen, and the responses seen
/// with exactly that time (two responses may share it).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ResponseCursor {
    since: String,
    seen: Vec<String>,
}

/// Where `form_schema_changed` stands: the form's revision at the last poll.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RevisionCursor {
    revision_id: String,
}

#[actions]
impl GoogleForms {
    /// Create an empty form with a title
    #[action(name = "Create Form", category = "Forms", icon = "plus", http(method = "POST", endpoint = "/forms"))]
    async fn form_create(&self, input: CreateForm) -> Result<Value> {
        let title = input.title.trim();
        if title.is_empty() {
            return Err(ConnectorError::invalid_input("`title` is empty"));
        }
        // Google takes only the title at creation; the document title names the file in Drive.
        let body = json!({ "info": { "title": title, "documentTitle": title } });
        self.http.post("/forms").json(&body).send_json().await
    }

    /// Get a form: its settings and every item
    #[action(
        name = "Get Form",
        category = "Forms",
        icon = "file",
        idempotent,
        http(method = "GET", endpoint = "/forms/{formId}")
    )]
    async fn form_get(&self, input: GetForm) -> Result<Value> {
        self.http.get(&form_path(&input.form_id)?).send_json().await
    }

    /// Change a form's title or description; answers with the updated form
    #[action(
        name = "Update Form",
        category = "Forms",
        icon = "edit",
        http(method = "POST", endpoint = "/forms/{formId}:batchUpdate")
    )]
    async fn form_update(&self, input: UpdateForm) -> Result<Value> {
        let path = form_path(&input.form_id)?;
        let (mut info, mut mask) = (Map::new(), Vec::new());
        for (key, value) in [("title", input.title), ("description", input.description)] {
            if let Some(value) = value {
                info.insert(key.into(), value.into());
                mask.push(key);
            }
        }
        if info.is_empty() {
            return Err(ConnectorError::invalid_input("nothing to update: give a `title` or a `description`"));
        }
        let mask = mask.join(",");
        let body = json!({
            "includeFormInResponse": true,
            "requests": [{ "updateFormInfo": { "info": info, "updateMask": mask } }],
        });
        // Setting the same values again changes nothing: safe to repeat.
        let mut answer: Value =
            self.http.post(&format!("{path}:batchUpdate")).json(&body).idempotent().send_json().await?;
        Ok(match answer.get_mut("form").map(Value::take) {
            Some(form) if form.is_object() => form,
            _ => answer,
        })
    }

    /// Add a question at the end of a form
    #[action(
        name = "Add Question",
        category = "Questions",
        icon = "plus-circle",
        http(method = "POST", endpoint = "/forms/{formId}:batchUpdate")
    )]
    async fn question_create(&self, input: CreateQuestion) -> Result<CreatedQuestion> {
        let form_id = form_id(&input.form_id)?;
        let path = form_path(&form_id)?;
        let title = input.question_title.trim();
        if title.is_empty() {
            return Err(ConnectorError::invalid_input("`questionTitle` is empty"));
        }
        let mut item = question_item(input.question_type, input.required, input.options.as_ref())?;
        item.insert("title".into(), title.into());
        if let Some(description) = input.description.filter(|d| !d.trim().is_empty()) {
            item.insert("description".into(), description.into());
        }
        // The end of the form is its item count; the revision makes Google refuse the request
        // if someone changed the form in between, instead of inserting at a wrong place.
        let form: Value =
            self.http.get(&path).query(&json!({ "fields": "revisionId,items(itemId)" })).send_json().await?;
        let index = form["items"].as_array().map_or(0, Vec::len);
        let mut body = json!({ "requests": [{ "createItem": { "item": item, "location": { "index": index } } }] });
        if let Some(revision) = form["revisionId"].as_str() {
            body["writeControl"] = json!({ "requiredRevisionId": revision });
        }
        let answer: Value = self.http.post(&format!("{path}:batchUpdate")).json(&body).send_json().await?;
        let created = &answer["replies"][0]["createItem"];
        let item_id = created["itemId"].as_str().ok_or_else(|| {
            ConnectorError::new(ErrorCode::InvalidResponse, "Google's answer names no created item")
                .with_details(json!({ "upstream_body": answer }))
        })?;
        let question_ids =
            created["questionId"].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned);
        Ok(CreatedQuestion { form_id, item_id: item_id.to_owned(), question_ids: question_ids.collect(), index })
    }

    /// List a form's responses, optionally filtered by submission time
    #[action(
        name = "List Responses",
        category = "Responses",
        icon = "list",
        idempotent,
        http(method = "GET", endpoint = "/forms/{formId}/responses")
    )]
    async fn responses_list(&self, input: ListResponses) -> Result<Vec<Value>> {
        let path = format!("{}/responses", form_path(&input.form_id)?);
        let max_items = if input.return_all { usize::MAX } else { input.limit.max(1) as usize };
        let page_size = if input.return_all { MAX_PAGE_SIZE } else { input.limit.clamp(1, MAX_PAGE_SIZE) };
        let mut query = Map::new();
        query.insert("pageSize".into(), page_size.into());
        if let Some(filter) = input.filter.filter(|f| !f.trim().is_empty()) {
            query.insert("filter".into(), filter.trim().into());
        }
        list_all(&self.http, &path, &query, "responses", max_items).await
    }

    /// Get one response with its answers
    #[action(
        name = "Get Response",
        category = "Responses",
        icon = "file-text",
        idempotent,
        http(method = "GET", endpoint = "/forms/{formId}/responses/{responseId}")
    )]
    async fn response_get(&self, input: GetResponse) -> Result<Value> {
        let response = input.response_id.trim();
        if response.is_empty() {
            return Err(ConnectorError::invalid_input("`responseId` is empty"));
        }
        self.http.get(&format!("{}/responses/{}", form_path(&input.form_id)?, path_segment(response))).send_json().await
    }

    /// Have Google publish a form's responses or changes to a Cloud Pub/Sub topic for seven days
    #[action(
        name = "Create Watch",
        category = "Watches",
        icon = "eye",
        http(method = "POST", endpoint = "/forms/{formId}/watches")
    )]
    async fn watch_create(&self, input: CreateWatch) -> Result<Value> {
        let path = format!("{}/watches", form_path(&input.form_id)?);
        let topic = input.topic_name.trim();
        let parts: Vec<&str> = topic.split('/').collect();
        if !matches!(parts.as_slice(), ["projects", project, "topics", name] if !project.is_empty() && !name.is_empty())
        {
            return Err(ConnectorError::invalid_input(format!(
                "`topicName` is the topic's full name, projects/<project>/topics/<topic>, not `{topic}`"
            )));
        }
        let body = json!({ "watch": { "target": { "topic": { "topicName": topic } }, "eventType": input.event_type.as_str() } });
        self.http.post(&path).json(&body).send_json().await
    }

    /// Extend a watch by seven days from now
    #[action(
        name = "Renew Watch",
        category = "Watches",
        icon = "refresh",
        idempotent,
        http(method = "POST", endpoint = "/forms/{formId}/watches/{watchId}:renew")
    )]
    async fn watch_renew(&self, input: WatchRef) -> Result<Value> {
        let path = format!("{}:renew", watch_path(&input)?);
        self.http.post(&path).json(&json!({})).idempotent().send_json().await
    }

    /// Stop a watch
    #[action(
        name = "Delete Watch",
        category = "Watches",
        icon = "trash",
        http(method = "DELETE", endpoint = "/forms/{formId}/watches/{watchId}")
    )]
    async fn watch_delete(&self, input: WatchRef) -> Result<DeletedWatch> {
        self.http.delete(&watch_path(&input)?).send().await?;
        Ok(DeletedWatch {
            form_id: form_id(&input.form_id)?,
            watch_id: input.watch_id.trim().to_owned(),
            deleted: true,
        })
    }

    /// A response was submitted to the form.
    ///
    /// Polls the form's responses submitted since the previous poll (the first poll only notes
    /// where the form stands). Each response is reported once: an edited response is not new.
    #[trigger(
        name = "New Response Received",
        event_type = "response.received",
        icon = "inbox",
        polling,
        event_id = "/responseId",
        aliases = ["new_response"]
    )]
    async fn response_received(&self, config: FormWatch, cursor: Option<Value>) -> Result<Polled<Value>> {
        let path = format!("{}/responses", form_path(&config.form_id)?);
        let previous = cursor.and_then(|c| serde_json::from_value::<ResponseCursor>(c).ok());
        let previous_since = previous.as_ref().and_then(|c| parse_timestamp(&c.since).map(|at| (c, at)));
        let Some((previous, since)) = previous_since else {
            // Google lists responses in no particular order: the latest submission among the
            // last hour's is where the form stands (the hour covers clocks that disagree).
            let from = Utc::now() - TimeDelta::hours(BASELINE_LOOKBACK_HOURS);
            let responses = self.responses_since(&path, from).await?;
            let start = advance(ResponseCursor { since: format_timestamp(from), seen: Vec::new() }, &responses);
            return Ok(Polled { events: Vec::new(), cursor: Some(json!(start)) });
        };
        let responses = self.responses_since(&path, since).await?;
        let events: Vec<Value> = responses
            .iter()
            .filter(|response| {
                let id = response["responseId"].as_str().unwrap_or_default();
                // New: created at or after the previous boundary and not one already seen there.
                let created = response["createTime"].as_str().or(response["lastSubmittedTime"].as_str());
                created.and_then(parse_timestamp).is_some_and(|at| at >= since)
                    && !previous.seen.iter().any(|s| s == id)
            })
            .cloned()
            .collect();
        let next = advance(previous.clone(), &responses);
        Ok(Polled { events, cursor: Some(json!(next)) })
    }

    /// The form's questions or settings changed (any new revision of the form). The event is
    /// the form as it now stands.
    #[trigger(
        name = "Form Schema Changed",
        event_type = "form.schema_changed",
        icon = "edit",
        polling,
        event_id = "/revisionId"
    )]
    async fn form_schema_changed(&self, config: FormWatch, cursor: Option<Value>) -> Result<Polled<Value>> {
        let form: Value = self.http.get(&form_path(&config.form_id)?).send_json().await?;
        let revision_id = form["revisionId"]
            .as_str()
            .ok_or_else(|| ConnectorError::new(ErrorCode::InvalidResponse, "Google's form has no revisionId"))?
            .to_owned();
        let previous = cursor.and_then(|c| serde_json::from_value::<RevisionCursor>(c).ok());
        let events = match previous {
            Some(previous) if previous.revision_id != revision_id => vec![form],
            _ => Vec::new(),
        };
        Ok(Polled { events, cursor: Some(json!(RevisionCursor { revision_id })) })
    }

    /// Google Forms has no endpoint about the signed-in user: asks for a form that does not
    /// exist. Google checks the token first, so "not found" proves the token works, while a
    /// rejected token or a missing API permission fails.
    #[test_connection]
    async fn token_is_accepted(&self) -> Result<()> {
        match self.http.get("/forms/fluxturn-connection-check").send().await {
            Ok(_) => Ok(()),
            Err(error) if error.code == ErrorCode::NotFound => Ok(()),
            Err(error) => Err(error),
        }
    }
}

impl GoogleForms {
    /// Every response whose last submission is at or after `since` (the filter is sent in
    /// whole seconds, so a few earlier ones of the same second may come too).
    async fn responses_since(&self, path: &str, since: DateTime<Utc>) -> Result<Vec<Value>> {
        let mut query = Map::new();
        query.insert("pageSize".into(), MAX_PAGE_SIZE.into());
        query.insert("filter".into(), format!("timestamp >= {}", format_timestamp(since)).into());
        list_all(&self.http, path, &query, "responses", MAX_POLLED_RESPONSES).await
    }
}

/// The cursor after `responses`: their latest submission time, if later, with the responses
/// submitted exactly then.
fn advance(mut cursor: ResponseCursor, responses: &[Value]) -> ResponseCursor {
    let mut since = parse_timestamp(&cursor.since).unwrap_or_default();
    for response in responses {
        let (Some(id), Some(text)) = (response["responseId"].as_str(), response["lastSubmittedTime"].as_str()) else {
            continue;
        };
        let Some(at) = parse_timestamp(text) else { continue };
        if at > since {
            since = at;
            cursor.since = text.to_owned();
            cursor.seen.clear();
        }
        if at == since && !cursor.seen.iter().any(|s| s == id) {
            cursor.seen.push(id.to_owned());
        }
    }
    cursor
}

/// The ID of a form given by ID or edit link (`https://docs.google.com/forms/d/<id>/edit`).
pub fn form_id(text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ConnectorError::invalid_input("`formId` is empty"));
    }
    if !text.contains('/') {
        return Ok(text.to_owned());
    }
    let path = text.split(['?', '#']).next().unwrap_or(text);
    let mut segments = path.split('/').skip_while(|s| *s != "d").skip(1);
    match segments.next() {
        // The responder link (`/forms/d/e/<id>/viewform`) carries another ID than the form's.
        Some("e") => Err(ConnectorError::invalid_input(
            "that is the form's responder link; give its edit link (…/forms/d/<id>/edit) or its ID",
        )),
        Some(id) if !id.is_empty() => Ok(id.to_owned()),
        _ => Err(ConnectorError::invalid_input(format!("`{text}` is neither a form ID nor a form's edit link"))),
    }
}

/// `/forms/{formId}`.
fn form_path(form: &str) -> Result<String> {
    Ok(format!("/forms/{}", path_segment(&form_id(form)?)))
}

/// `/forms/{formId}/watches/{watchId}`.
fn watch_path(input: &WatchRef) -> Result<String> {
    let watch = input.watch_id.trim();
    if watch.is_empty() {
        return Err(ConnectorError::invalid_input("`watchId` is empty"));
    }
    Ok(format!("{}/watches/{}", form_path(&input.form_id)?, path_segment(watch)))
}

/// The item of a new question, without its title.
fn question_item(kind: QuestionType, required: bool, options: Option<&Value>) -> Result<Map<String, Value>> {
    let question = |detail: (&str, Value)| {
        let mut question = Map::new();
        question.insert("required".into(), required.into());
        question.insert(detail.0.into(), detail.1);
        json!({ "question": question })
    };
    let (key, value) = match kind {
        QuestionType::Radio | QuestionType::Checkbox | QuestionType::DropDown => {
            let choices = choices(options)?;
            if choices.is_empty() {
                return Err(ConnectorError::invalid_input("this question type needs `options`: the choices"));
            }
            let kind = match kind {
                QuestionType::Radio => "RADIO",
                QuestionType::Checkbox => "CHECKBOX",
                _ => "DROP_DOWN",
            };
            let options: Vec<Value> = choices.into_iter().map(|value| json!({ "value": value })).collect();
            ("questionItem", question(("choiceQuestion", json!({ "type": kind, "options": options }))))
        }
        QuestionType::ShortAnswer => ("questionItem", question(("textQuestion", json!({ "paragraph": false })))),
        QuestionType::Paragraph => ("questionItem", question(("textQuestion", json!({ "paragraph": true })))),
        QuestionType::Scale => {
            let (low, high) = scale(options)?;
            ("questionItem", question(("scaleQuestion", json!({ "low": low, "high": high }))))
        }
        QuestionType::Date => {
            ("questionItem", question(("dateQuestion", json!({ "includeTime": false, "includeYear": true }))))
        }
        QuestionType::Time => ("questionItem", question(("timeQuestion", json!({ "duration": false })))),
        QuestionType::Grid | QuestionType::CheckboxGrid => {
            let (rows, columns) = grid(options)?;
            let column_kind = if kind == QuestionType::Grid { "RADIO" } else { "CHECKBOX" };
            let questions: Vec<Value> =
                rows.into_iter().map(|row| json!({ "required": required, "rowQuestion": { "title": row } })).collect();
            let columns: Vec<Value> = columns.into_iter().map(|value| json!({ "value": value })).collect();
            let group =
                json!({ "questions": questions, "grid": { "columns": { "type": column_kind, "options": columns } } });
            ("questionGroupItem", group)
        }
    };
    let mut item = Map::new();
    item.insert(key.into(), value);
    Ok(item)
}

/// The options as a list of texts: a JSON list (of texts, numbers or `{"value"}` objects), JSON
/// text holding one, or text separated by lines or commas.
fn choices(options: Option<&Value>) -> Result<Vec<String>> {
    let Some(options) = options else { return Ok(Vec::new()) };
    let texts = match options {
        Value::Null => Vec::new(),
        Value::String(text) if text.trim_start().starts_with(['[', '{']) => {
            let parsed: Value = serde_json::from_str(text)
                .map_err(|e| ConnectorError::invalid_input(format!("`options` is not valid JSON: {e}")))?;
            return choices(Some(&parsed));
        }
        Value::String(text) => {
            let separator = if text.contains('\n') { '\n' } else { ',' };
            text.split(separator).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
        }
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => Ok(text.trim().to_owned()),
                Value::Number(number) => Ok(number.to_string()),
                Value::Object(option) => option
                    .get("value")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| ConnectorError::invalid_input("an option object needs a text `value`")),
                other => Err(ConnectorError::invalid_input(format!("an option is a text, not `{other}`"))),
            })
            .filter(|text| text.as_ref().map_or(true, |t| !t.is_empty()))
            .collect::<Result<_>>()?,
        other => return Err(ConnectorError::invalid_input(format!("`options` is a list of choices, not `{other}`"))),
    };
    Ok(texts)
}

/// A scale's low and high ends from the options (default 1 to 5): low 0 or 1, high 2 to 10.
fn scale(options: Option<&Value>) -> Result<(u8, u8)> {
    let ends = choices(options)?;
    let (low, high) = match ends.as_slice() {
        [] => return Ok((1, 5)),
        [low, high] => (low.parse::<u8>().ok(), high.parse::<u8>().ok()),
        _ => (None, None),
    };
    match (low, high) {
        (Some(low @ 0..=1), Some(high @ 2..=10)) => Ok((low, high)),
        _ => Err(ConnectorError::invalid_input(
            "a scale's `options` are its low end (0 or 1) and high end (2 to 10), e.g. [1, 5]",
        )),
    }
}

/// A grid's rows and columns from the options: `{"rows": [...], "columns": [...]}` (or JSON
/// text holding it).
fn grid(options: Option<&Value>) -> Result<(Vec<String>, Vec<String>)> {
    let wrong = || ConnectorError::invalid_input("a grid's `options` are {\"rows\": [...], \"columns\": [...]}");
    let value = match options {
        Some(Value::String(text)) => serde_json::from_str(text).map_err(|_| wrong())?,
        Some(value) => value.clone(),
        None => return Err(wrong()),
    };
    let (rows, columns) = (choices(value.get("rows"))?, choices(value.get("columns"))?);
    if rows.is_empty() || columns.is_empty() {
        return Err(wrong());
    }
    Ok((rows, columns))
}
