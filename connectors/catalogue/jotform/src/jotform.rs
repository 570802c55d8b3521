//! Jotform: read forms, their questions and submissions, write submissions, and react to new
//! submissions through a webhook Jotform calls.
//!
//! Every request goes to the API domain of the account's region (`api.jotform.com`,
//! `eu-api.jotform.com` or `hipaa-api.jotform.com`), with the key in the `APIKEY` header. Jotform
//! wraps every answer as `{"responseCode": .., "message": .., "content": .., "resultSet": ..}`
//! and sometimes reports an error inside an HTTP 200: [`unwrap_content`] maps both.

use fluxturn_core::http::path_segment;
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Jotform's largest page for its list endpoints.
const PAGE_SIZE: usize = 1000;

/// The most pages a list follows (1000 items each): 100,000 items.
const MAX_PAGES: usize = 100;

/// Build forms and collect their submissions with Jotform
///
/// Connects with an API key (My Account > API) of an account on Jotform's US, EU or HIPAA
/// servers.
#[connector(
    name = "jotform",
    display_name = "Jotform",
    category = "forms",
    base_url = "https://{apiDomain}",
    icon = "icons/jotform.svg",
    auth = api_key(header = "APIKEY", field = "apiKey"),
    credentials = JotformCredentials,
)]
pub struct Jotform {
    http: PreparedHttp<JotformHost>,
}

/// The API domain of the account's region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ApiDomain {
    /// api.jotform.com (standard accounts)
    #[serde(rename = "api.jotform.com")]
    Us,
    /// eu-api.jotform.com (accounts whose data is kept in the EU)
    #[serde(rename = "eu-api.jotform.com")]
    Eu,
    /// hipaa-api.jotform.com (HIPAA-compliant accounts)
    #[serde(rename = "hipaa-api.jotform.com")]
    Hipaa,
}

/// What the user enters in the "Add Jotform" form.
#[derive(Credentials)]
pub struct JotformCredentials {
    /// An API key from My Account > API in Jotform, with full access for the write actions
    #[field(key = "apiKey", label = "API Key", help_url = "https://www.jotform.com/myaccount/api")]
    pub api_key: Secret<String>,
    /// Where the account lives: api.jotform.com, eu-api.jotform.com (EU) or
    /// hipaa-api.jotform.com (HIPAA)
    #[field(key = "apiDomain", label = "API Domain", default = "api.jotform.com")]
    pub api_domain: ApiDomain,
}

/// The API host from what the connection holds (a bare host, or the host with `https://` and a
/// trailing `/`). Anything but Jotform's three API hosts is refused, so the key only goes to Jotform.
pub fn api_host(typed: &str) -> Result<&'static str> {
    let typed = typed.trim().to_ascii_lowercase();
    let host = typed.strip_prefix("https://").unwrap_or(&typed).trim_end_matches('/');
    match host {
        "api.jotform.com" => Ok("api.jotform.com"),
        "eu-api.jotform.com" => Ok("eu-api.jotform.com"),
        "hipaa-api.jotform.com" => Ok("hipaa-api.jotform.com"),
        _ => Err(ConnectorError::invalid_credentials(
            "jotform: `apiDomain` must be api.jotform.com, eu-api.jotform.com or hipaa-api.jotform.com; \
             other hosts are refused so the API key only goes to Jotform",
        )),
    }
}

/// The connection's host: the checked `apiDomain`.
pub enum JotformHost {}

impl PrepareHttp for JotformHost {
    fn prepare(ctx: ConnectContext) -> Result<ConnectContext> {
        ctx.map_credential("apiDomain", |typed| api_host(typed).map(str::to_owned))
    }
}

/// The `content` of a Jotform answer; a `responseCode` other than 2xx (which Jotform may send
/// with HTTP 200) is an error with Jotform's own message.
pub fn unwrap_content(answer: Value) -> Result<Value> {
    let (content, _) = unwrap_answer(answer)?;
    Ok(content)
}

/// The `content` and `resultSet` of a Jotform answer, or its error.
fn unwrap_answer(mut answer: Value) -> Result<(Value, Value)> {
    let code = match &answer["responseCode"] {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    };
    match code {
        Some(200..=299) | None if answer.get("content").is_some() => {
            Ok((answer["content"].take(), answer["resultSet"].take()))
        }
        Some(200..=299) | None => {
            Err(ConnectorError::new(ErrorCode::InvalidResponse, "jotform answered without a `content`"))
        }
        Some(code) => {
            let message = answer["message"].as_str().unwrap_or("no message").to_owned();
            let error_code = match code {
                400 | 409 | 422 => ErrorCode::InvalidInput,
                401 => ErrorCode::Unauthorized,
                403 => ErrorCode::Forbidden,
                404 => ErrorCode::NotFound,
                429 => ErrorCode::RateLimited,
                _ => ErrorCode::Upstream,
            };
            Err(ConnectorError::new(error_code, format!("jotform answered {code}: {message}"))
                .with_details(json!({ "responseCode": code, "message": message })))
        }
    }
}

/// A request sent and its Jotform envelope unwrapped.
async fn call(request: fluxturn_core::http::Request) -> Result<Value> {
    unwrap_content(request.send_json().await?)
}

// ---------------------------------------------------------------------------------------------
// Inputs and outputs
// ---------------------------------------------------------------------------------------------

/// The input of the actions on one form.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct FormIdInput {
    /// The form's id (the number in its URL, `https://form.jotform.com/<id>`)
    #[field(label = "Form ID")]
    #[serde(rename = "formId")]
    pub form_id: String,
}

/// The input of the actions on one submission.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SubmissionIdInput {
    /// The submission's id
    #[field(label = "Submission ID")]
    #[serde(rename = "submissionId")]
    pub submission_id: String,
}

/// The choices of `orderBy` for forms.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum FormOrder {
    /// Creation date
    #[serde(rename = "created_at")]
    CreatedAt,
    /// Last update
    #[serde(rename = "updated_at")]
    UpdatedAt,
    /// Title
    #[serde(rename = "title")]
    Title,
    /// Number of submissions
    #[serde(rename = "count")]
    Count,
}

impl FormOrder {
    fn as_str(self) -> &'static str {
        match self {
            Self::CreatedAt => "created_at",
            Self::UpdatedAt => "updated_at",
            Self::Title => "title",
            Self::Count => "count",
        }
    }
}

/// The input of `list_forms`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListFormsInput {
    /// A Jotform filter as JSON, such as `{"status": "ENABLED"}` or
    /// `{"created_at:gt": "2024-01-01 00:00:00"}`
    #[field(label = "Filter")]
    pub filter: Option<String>,
    /// How many forms to return (more than 1000 follows several pages)
    #[field(label = "Limit", default = 20, min = 1)]
    pub limit: Option<f64>,
    /// How many forms to skip first
    #[field(label = "Offset", default = 0, min = 0)]
    pub offset: Option<f64>,
    /// The order of the forms
    #[field(label = "Order By", default = "created_at")]
    #[serde(rename = "orderBy")]
    pub order_by: Option<FormOrder>,
    /// Return every form, whatever the limit
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
}

/// The choices of `orderBy` for submissions.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum SubmissionOrder {
    /// Creation date
    #[serde(rename = "created_at")]
    CreatedAt,
    /// Last update
    #[serde(rename = "updated_at")]
    UpdatedAt,
    /// Submission id
    #[serde(rename = "id")]
    Id,
}

impl SubmissionOrder {
    fn as_str(self) -> &'static str {
        match self {
            Self::CreatedAt => "created_at",
            Self::UpdatedAt => "updated_at",
            Self::Id => "id",
        }
    }
}

/// The input of `get_form_submissions`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetFormSubmissionsInput {
    /// The form's id
    #[field(label = "Form ID")]
    #[serde(rename = "formId")]
    pub form_id: String,
    /// A Jotform filter as JSON, such as `{"created_at:gt": "2024-01-01 00:00:00"}`
    #[field(label = "Filter")]
    pub filter: Option<String>,
    /// How many submissions to return (more than 1000 follows several pages)
    #[field(label = "Limit", default = 20, min = 1)]
    pub limit: Option<f64>,
    /// How many submissions to skip first
    #[field(label = "Offset", default = 0, min = 0)]
    pub offset: Option<f64>,
    /// The order of the submissions
    #[field(label = "Order By", default = "created_at")]
    #[serde(rename = "orderBy")]
    pub order_by: Option<SubmissionOrder>,
    /// Return every submission, whatever the limit
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
}

/// The input of `create_submission`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateSubmissionInput {
    /// The form to submit to
    #[field(label = "Form ID")]
    #[serde(rename = "formId")]
    pub form_id: String,
    /// The answers by question id: `{"3": "Ada", "4": {"first": "Ada", "last": "Lovelace"}}`
    /// (a question with several parts takes an object, or keys such as `"4_first"`)
    #[field(label = "Submission Data", input_type = "json")]
    #[serde(rename = "submissionData")]
    pub submission_data: Map<String, Value>,
}

/// The input of `update_submission`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateSubmissionInput {
    /// The submission to change
    #[field(label = "Submission ID")]
    #[serde(rename = "submissionId")]
    pub submission_id: String,
    /// The answers to change by question id, as for `create_submission`
    #[field(label = "Submission Data", input_type = "json")]
    #[serde(rename = "submissionData")]
    pub submission_data: Map<String, Value>,
}

/// One page (or several followed) of a Jotform list.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct ListPage {
    /// The forms or submissions, as Jotform returns them
    pub items: Vec<Value>,
    /// The offset the list started at
    pub offset: usize,
    /// How many items were returned
    pub count: usize,
    /// Whether Jotform may have more after these: the last page read was full (a further call
    /// with `offset` + `count` reads them)
    #[serde(rename = "hasMore")]
    pub has_more: bool,
}

/// The configuration of `form_submission`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct FormSubmissionConfig {
    /// The form whose submissions start the workflow
    #[field(label = "Form ID")]
    #[serde(rename = "formId")]
    pub form_id: String,
    /// Name the answers by their question's text (`"Your Email"`) instead of Jotform's field
    /// names (`"q4_yourEmail"`); costs one API call per submission
    #[field(label = "Resolve Data", default = true)]
    #[serde(rename = "resolveData")]
    pub resolve_data: Option<bool>,
    /// Give only the answers; when off, the event also has every other field Jotform posted
    /// (`pretty`, `ip`, `username`, ...) under `request`
    #[field(label = "Only Answers", default = true)]
    #[serde(rename = "onlyAnswers")]
    pub only_answers: Option<bool>,
}

/// A submission as the webhook reports it.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct SubmissionEvent {
    /// The submission's id
    #[serde(rename = "submissionId")]
    pub submission_id: String,
    /// The form's id
    #[serde(rename = "formId")]
    pub form_id: String,
    /// The form's title, when Jotform sent it
    #[serde(rename = "formTitle", skip_serializing_if = "Option::is_none")]
    pub form_title: Option<String>,
    /// The answers: Jotform's `rawRequest`, keyed by question text when `resolveData` is on
    pub answers: Map<String, Value>,
    /// The other fields Jotform posted, when `onlyAnswers` is off
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<Map<String, Value>>,
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A whole non-negative number from a `number` input.
fn count(value: Option<f64>, name: &str, default: usize) -> Result<usize> {
    match value {
        None => Ok(default),
        Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 => Ok(n as usize),
        Some(n) => Err(ConnectorError::invalid_input(format!("`{name}` must be a whole number of 0 or more, not {n}"))),
    }
}

/// `submissionData` as Jotform's form body: `{"submission": {"3": .., "4_first": ..}}`, sent as
/// `submission[3]=..&submission[4_first]=..`. A question with several parts may be given as an
/// object (`{"4": {"first": ..}}`) or by its part keys; a `submission[..]` key is taken as it is.
fn submission_form(data: &Map<String, Value>) -> Result<Value> {
    if data.is_empty() {
        return Err(ConnectorError::invalid_input("`submissionData` has no answers"));
    }
    let mut answers = Map::new();
    for (key, value) in data {
        let key = key.strip_prefix("submission[").and_then(|inner| inner.strip_suffix(']')).unwrap_or(key);
        match value {
            Value::Object(parts) => {
                for (part, value) in parts {
                    answers.insert(format!("{key}_{part}"), Value::String(scalar(value)));
                }
            }
            Value::Null => {}
            value => {
                answers.insert(key.to_owned(), Value::String(scalar(value)));
            }
        }
    }
    Ok(json!({ "submission": answers }))
}

/// A JSON value as one form value: strings as they are, arrays joined by newlines, others printed.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join("\n"),
        other => other.to_string(),
    }
}

/// The boundary of a `multipart/form-data` content type.
fn boundary(content_type: &str) -> Option<&str> {
    content_type.split(';').map(str::trim).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim().eq_ignore_ascii_case("boundary").then(|| value.trim().trim_matches('"'))
    })
}

/// The text fields of a `multipart/form-data` body (files are skipped).
fn multipart_fields(body: &[u8], boundary: &str) -> Result<BTreeMap<String, String>> {
    let body = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let mut fields = BTreeMap::new();
    for part in body.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix("\r\n").or_else(|| part.strip_prefix('\n')).unwrap_or(part);
        let (head, value) = part
            .split_once("\r\n\r\n")
            .or_else(|| part.split_once("\n\n"))
            .ok_or_else(|| ConnectorError::invalid_input("a multipart part of the webhook has no headers"))?;
        let value = value.strip_suffix("\r\n").or_else(|| value.strip_suffix('\n')).unwrap_or(value);
        let disposition =
            head.lines().find(|line| line.to_ascii_lowercase().starts_with("content-disposition:")).unwrap_or_default();
        if disposition.contains("filename=") {
            continue;
        }
        let name = disposition.split(';').map(str::trim).find_map(|param| {
            let (key, value) = param.split_once('=')?;
            (key.trim() == "name").then(|| value.trim().trim_matches('"').to_owned())
        });
        if let Some(name) = name {
            fields.insert(name, value.to_owned());
        }
    }
    Ok(fields)
}

/// The fields Jotform posted: a multipart body, or a urlencoded one.
fn posted_fields(request: &WebhookRequest) -> Result<BTreeMap<String, String>> {
    let content_type = request.header("content-type").unwrap_or_default();
    if content_type.to_ascii_lowercase().starts_with("multipart/form-data") {
        let boundary = boundary(content_type)
            .filter(|b| !b.is_empty())
            .ok_or_else(|| ConnectorError::invalid_input("the webhook's multipart body has no boundary"))?;
        multipart_fields(&request.body, boundary)
    } else {
        Ok(request.form())
    }
}

/// The question id in a `rawRequest` key: `q4_yourEmail` is question 4.
fn question_id(key: &str) -> Option<&str> {
    let rest = key.strip_prefix('q')?;
    let (id, _) = rest.split_once('_')?;
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then_some(id)
}

#[actions]
impl Jotform {
    /// Get a form's properties (title, status, URL, submission count)
    #[action(name = "Get Form", idempotent, http(method = "GET", endpoint = "/form/{formId}"))]
    async fn get_form(&self, input: FormIdInput) -> Result<Value> {
        call(self.http.get(&format!("/form/{}", path_segment(&input.form_id)))).await
    }

    /// List the forms of the account
    #[action(name = "List Forms", idempotent, http(method = "GET", endpoint = "/user/forms"))]
    async fn list_forms(&self, input: ListFormsInput) -> Result<ListPage> {
        let order = input.order_by.unwrap_or(FormOrder::CreatedAt).as_str();
        self.list("/user/forms", input.filter, order, input.limit, input.offset, input.return_all).await
    }

    /// Get the questions of a form, by question id
    #[action(name = "Get Form Questions", idempotent, http(method = "GET", endpoint = "/form/{formId}/questions"))]
    async fn get_form_questions(&self, input: FormIdInput) -> Result<Value> {
        call(self.http.get(&format!("/form/{}/questions", path_segment(&input.form_id)))).await
    }

    /// List the submissions of a form
    #[action(name = "Get Form Submissions", idempotent, http(method = "GET", endpoint = "/form/{formId}/submissions"))]
    async fn get_form_submissions(&self, input: GetFormSubmissionsInput) -> Result<ListPage> {
        let path = format!("/form/{}/submissions", path_segment(&input.form_id));
        let order = input.order_by.unwrap_or(SubmissionOrder::CreatedAt).as_str();
        self.list(&path, input.filter, order, input.limit, input.offset, input.return_all).await
    }

    /// Delete a form (Jotform moves it to the trash); returns the form
    #[action(name = "Delete Form", http(method = "DELETE", endpoint = "/form/{formId}"))]
    async fn delete_form(&self, input: FormIdInput) -> Result<Value> {
        call(self.http.delete(&format!("/form/{}", path_segment(&input.form_id)))).await
    }

    /// Get one submission with its answers
    #[action(name = "Get Submission", idempotent, http(method = "GET", endpoint = "/submission/{submissionId}"))]
    async fn get_submission(&self, input: SubmissionIdInput) -> Result<Value> {
        call(self.http.get(&format!("/submission/{}", path_segment(&input.submission_id)))).await
    }

    /// Submit answers to a form; returns the new submission's id and URL
    #[action(name = "Create Submission", http(method = "POST", endpoint = "/form/{formId}/submissions"))]
    async fn create_submission(&self, input: CreateSubmissionInput) -> Result<Value> {
        let form = submission_form(&input.submission_data)?;
        let path = format!("/form/{}/submissions", path_segment(&input.form_id));
        call(self.http.post(&path).form(&form)).await
    }

    /// Change answers of a submission
    #[action(name = "Update Submission", http(method = "POST", endpoint = "/submission/{submissionId}"))]
    async fn update_submission(&self, input: UpdateSubmissionInput) -> Result<Value> {
        let form = submission_form(&input.submission_data)?;
        let path = format!("/submission/{}", path_segment(&input.submission_id));
        call(self.http.post(&path).form(&form)).await
    }

    /// Delete a submission
    #[action(name = "Delete Submission", http(method = "DELETE", endpoint = "/submission/{submissionId}"))]
    async fn delete_submission(&self, input: SubmissionIdInput) -> Result<Value> {
        call(self.http.delete(&format!("/submission/{}", path_segment(&input.submission_id)))).await
    }

    /// Get the account's details (name, email, plan)
    #[action(name = "Get User Info", idempotent, http(method = "GET", endpoint = "/user"))]
    async fn get_user_info(&self) -> Result<Value> {
        call(self.http.get("/user")).await
    }

    /// Get the account's usage this month (submissions, uploads, API calls)
    #[action(name = "Get API Usage", idempotent, http(method = "GET", endpoint = "/user/usage"))]
    async fn get_user_usage(&self) -> Result<Value> {
        call(self.http.get("/user/usage")).await
    }

    /// A form was submitted
    ///
    /// Jotform posts each submission as `multipart/form-data` (`formID`, `submissionID`,
    /// `rawRequest`, `pretty`, ...); the event carries the parsed `rawRequest` as `answers`, and
    /// a redelivery of the same submission is stored once (its id is `submissionId`).
    ///
    /// Jotform signs nothing and lets the subscriber set no secret header, so the URL it is given
    /// carries a random token the server generates (`url_token`), and a delivery without it is
    /// refused before this method runs. The token proves the sender knows the URL, not that the
    /// body is Jotform's own; a workflow that must trust a submission can re-read it with
    /// `get_submission`.
    #[trigger(
        name = "Form Submission",
        webhook,
        verify = "url_token",
        secret = "generated",
        event_id = "/submissionId",
        subscribe = add_webhook,
        unsubscribe = remove_webhook
    )]
    async fn form_submission(
        &self,
        config: FormSubmissionConfig,
        request: WebhookRequest,
    ) -> Result<Vec<SubmissionEvent>> {
        let mut fields = posted_fields(&request)?;
        let field = |fields: &mut BTreeMap<String, String>, names: &[&str]| {
            names.iter().find_map(|name| fields.remove(*name)).filter(|v| !v.is_empty())
        };
        let Some(submission_id) = field(&mut fields, &["submissionID", "submission_id"]) else {
            return Err(ConnectorError::invalid_input("the webhook has no `submissionID`: not a Jotform submission"));
        };
        let form_id = field(&mut fields, &["formID", "formId"]).unwrap_or_else(|| config.form_id.clone());
        if form_id != config.form_id {
            return Ok(vec![]);
        }
        let form_title = field(&mut fields, &["formTitle"]);
        let mut answers = match field(&mut fields, &["rawRequest"]) {
            Some(raw) => match serde_json::from_str::<Value>(&raw) {
                Ok(Value::Object(answers)) => answers,
                _ => return Err(ConnectorError::invalid_input("the webhook's `rawRequest` is not a JSON object")),
            },
            None => Map::new(),
        };
        if config.resolve_data.unwrap_or(true) {
            answers = self.resolve(&form_id, answers).await?;
        }
        let request = (!config.only_answers.unwrap_or(true))
            .then(|| fields.into_iter().map(|(name, value)| (name, Value::String(value))).collect());
        Ok(vec![SubmissionEvent { submission_id, form_id, form_title, answers, request }])
    }

    /// Registers the webhook URL on the form, unless it already is there.
    async fn add_webhook(&self, config: FormSubmissionConfig, context: SubscribeContext) -> Result<Subscription> {
        let hooks = self.webhooks(&config.form_id).await?;
        let id = match hook_id(&hooks, &context.webhook_url) {
            Some(id) => id,
            None => {
                let form = json!({ "webhookURL": context.webhook_url });
                let path = format!("/form/{}/webhooks", path_segment(&config.form_id));
                let hooks = call(self.http.post(&path).form(&form)).await?;
                hook_id(&hooks, &context.webhook_url).ok_or_else(|| {
                    ConnectorError::new(ErrorCode::InvalidResponse, "jotform did not list the webhook it was given")
                })?
            }
        };
        let mut subscription = Subscription::new(id);
        subscription.state = json!({ "formId": config.form_id, "webhookUrl": context.webhook_url });
        Ok(subscription)
    }

    /// Removes the webhook: found again by its URL, since Jotform's ids are positions that
    /// shift when another hook of the form is removed. One already gone is fine.
    async fn remove_webhook(&self, config: FormSubmissionConfig, subscription: Subscription) -> Result<()> {
        let form_id = subscription.state["formId"].as_str().unwrap_or(&config.form_id).to_owned();
        let id = match subscription.state["webhookUrl"].as_str() {
            Some(url) => match self.webhooks(&form_id).await {
                Ok(hooks) => hook_id(&hooks, url),
                Err(error) if error.code == ErrorCode::NotFound => return Ok(()),
                Err(error) => return Err(error),
            },
            None => Some(subscription.upstream_id.clone()),
        };
        let Some(id) = id else { return Ok(()) };
        let path = format!("/form/{}/webhooks/{}", path_segment(&form_id), path_segment(&id));
        match call(self.http.delete(&path)).await {
            Ok(_) => Ok(()),
            Err(error) if error.code == ErrorCode::NotFound => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Asks for the account, a cheap call that proves the key works
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        call(self.http.get("/user")).await.map(drop)
    }
}

/// The id of the hook whose URL is `url`, in Jotform's `{id: url}` object (or a list).
fn hook_id(hooks: &Value, url: &str) -> Option<String> {
    match hooks {
        Value::Object(hooks) => hooks.iter().find(|(_, u)| u.as_str() == Some(url)).map(|(id, _)| id.clone()),
        Value::Array(hooks) => hooks.iter().position(|u| u.as_str() == Some(url)).map(|i| i.to_string()),
        _ => None,
    }
}

impl Jotform {
    /// The form's webhooks, `{id: url}`.
    async fn webhooks(&self, form_id: &str) -> Result<Value> {
        call(self.http.get(&format!("/form/{}/webhooks", path_segment(form_id)))).await
    }

    /// A list endpoint read from `offset`, page by page, up to `limit` items (all with `return_all`).
    async fn list(
        &self,
        path: &str,
        filter: Option<String>,
        order: &str,
        limit: Option<f64>,
        offset: Option<f64>,
        return_all: Option<bool>,
    ) -> Result<ListPage> {
        let start = count(offset, "offset", 0)?;
        let wanted = if return_all.unwrap_or(false) { usize::MAX } else { count(limit, "limit", 20)?.max(1) };
        if let Some(filter) = &filter {
            serde_json::from_str::<Value>(filter)
                .map_err(|e| ConnectorError::invalid_input(format!("`filter` is not JSON: {e}")))?;
        }
        let mut items = Vec::new();
        let mut has_more = false;
        for _ in 0..MAX_PAGES {
            let size = (wanted - items.len()).min(PAGE_SIZE);
            let mut query = vec![
                ("offset", (start + items.len()).to_string()),
                ("limit", size.to_string()),
                ("orderby", order.to_owned()),
            ];
            if let Some(filter) = &filter {
                query.push(("filter", filter.clone()));
            }
            let (content, _) = unwrap_answer(self.http.get(path).query(&query).send_json().await?)?;
            let page = match content {
                Value::Array(page) => page,
                Value::Null => Vec::new(),
                _ => return Err(ConnectorError::new(ErrorCode::InvalidResponse, "jotform's list is not an array")),
            };
            let got = page.len();
            items.extend(page);
            has_more = got == size;
            if !has_more || items.len() >= wanted {
                break;
            }
        }
        Ok(ListPage { offset: start, count: items.len(), items, has_more })
    }

    /// The answers keyed by their question's text (a key that names no question is kept as is).
    async fn resolve(&self, form_id: &str, answers: Map<String, Value>) -> Result<Map<String, Value>> {
        if answers.keys().all(|key| question_id(key).is_none()) {
            return Ok(answers);
        }
        let questions = call(self.http.get(&format!("/form/{}/questions", path_segment(form_id)))).await?;
        Ok(answers
            .into_iter()
            .map(|(key, value)| {
                let text = question_id(&key)
                    .and_then(|id| questions[id]["text"].as_str())
                    .filter(|text| !text.trim().is_empty());
                (text.map_or(key, |text| text.trim().to_owned()), value)
            })
            .collect())
    }
}
