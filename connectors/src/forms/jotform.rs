use fluxturn_core::prelude::*;
use serde_json::{Map, Value};

/// Jotform: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/jotform.json`.
#[connector(
    name = "jotform",
    display_name = "Jotform",
    category = "forms",
    base_url = "https://{apiDomain}",
    icon = "icons/jotform.svg",
    // Where the key goes: a header (with a prefix), `query = "key"`, or `url` for a base_url placeholder.
    auth = api_key(header = "Authorization", prefix = "Bearer ", field = "apiKey"),
    credentials = JotformCredentials,
)]
pub struct Jotform {
    http: Http,
}

/// What the user enters in the "Add Jotform" form.
#[derive(Credentials)]
pub struct JotformCredentials {
    /// Api Key
    #[field(key = "apiKey", label = "Api Key", secret)]
    pub api_key: Secret<String>,
    /// Api Domain (FluxTurn's form has a select here: give it an enum of its choices)
    #[field(key = "apiDomain", label = "Api Domain")]
    pub api_domain: String,
}

/// The input of `get_form`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetFormInput {
    /// Form Id
    #[field(label = "Form Id")]
    #[serde(rename = "formID")]
    pub form_id: String,
    /// Form Id
    #[field(label = "Form Id")]
    #[serde(rename = "formId")]
    pub form_id_2: String,
}

/// The choices of `orderBy`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum ListFormsInputOrderBy {
    /// created_at
    #[serde(rename = "created_at")]
    CreatedAt,
    /// updated_at
    #[serde(rename = "updated_at")]
    UpdatedAt,
    /// title
    #[serde(rename = "title")]
    Title,
    /// count
    #[serde(rename = "count")]
    Count,
}

/// The input of `list_forms`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListFormsInput {
    /// Filter
    #[field(label = "Filter")]
    pub filter: Option<String>,
    /// Limit
    #[field(label = "Limit", default = 20)]
    pub limit: Option<f64>,
    /// Offset
    #[field(label = "Offset", default = 0)]
    pub offset: Option<f64>,
    /// Order By
    #[field(label = "Order By", default = "created_at")]
    #[serde(rename = "orderBy")]
    pub order_by: Option<ListFormsInputOrderBy>,
    /// Return All
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
}

/// The input of `get_form_questions`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetFormQuestionsInput {
    /// Form Id
    #[field(label = "Form Id")]
    #[serde(rename = "formID")]
    pub form_id: String,
    /// Form Id
    #[field(label = "Form Id")]
    #[serde(rename = "formId")]
    pub form_id_2: String,
}

/// The choices of `orderBy`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetFormSubmissionsInputOrderBy {
    /// created_at
    #[serde(rename = "created_at")]
    CreatedAt,
    /// updated_at
    #[serde(rename = "updated_at")]
    UpdatedAt,
    /// id
    #[serde(rename = "id")]
    Id,
}

/// The input of `get_form_submissions`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetFormSubmissionsInput {
    /// Filter
    #[field(label = "Filter")]
    pub filter: Option<String>,
    /// Form Id
    #[field(label = "Form Id")]
    #[serde(rename = "formID")]
    pub form_id: String,
    /// Form Id
    #[field(label = "Form Id")]
    #[serde(rename = "formId")]
    pub form_id_2: String,
    /// Limit
    #[field(label = "Limit", default = 20)]
    pub limit: Option<f64>,
    /// Offset
    #[field(label = "Offset", default = 0)]
    pub offset: Option<f64>,
    /// Order By
    #[field(label = "Order By", default = "created_at")]
    #[serde(rename = "orderBy")]
    pub order_by: Option<GetFormSubmissionsInputOrderBy>,
    /// Return All
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
}

/// The input of `delete_form`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteFormInput {
    /// Form Id
    #[field(label = "Form Id")]
    #[serde(rename = "formID")]
    pub form_id: String,
    /// Form Id
    #[field(label = "Form Id")]
    #[serde(rename = "formId")]
    pub form_id_2: String,
}

/// The input of `get_submission`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetSubmissionInput {
    /// Submission Id
    #[field(label = "Submission Id")]
    #[serde(rename = "submissionID")]
    pub submission_id: String,
    /// Submission Id
    #[field(label = "Submission Id")]
    #[serde(rename = "submissionId")]
    pub submission_id_2: String,
}

/// The input of `create_submission`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateSubmissionInput {
    /// Form Id
    #[field(label = "Form Id")]
    #[serde(rename = "formID")]
    pub form_id: String,
    /// Form Id
    #[field(label = "Form Id")]
    #[serde(rename = "formId")]
    pub form_id_2: String,
    /// Submission Data
    #[field(label = "Submission Data", input_type = "json")]
    #[serde(rename = "submissionData")]
    pub submission_data: Map<String, Value>,
}

/// The input of `update_submission`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateSubmissionInput {
    /// Submission Data
    #[field(label = "Submission Data", input_type = "json")]
    #[serde(rename = "submissionData")]
    pub submission_data: Map<String, Value>,
    /// Submission Id
    #[field(label = "Submission Id")]
    #[serde(rename = "submissionID")]
    pub submission_id: String,
    /// Submission Id
    #[field(label = "Submission Id")]
    #[serde(rename = "submissionId")]
    pub submission_id_2: String,
}

/// The input of `delete_submission`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteSubmissionInput {
    /// Submission Id
    #[field(label = "Submission Id")]
    #[serde(rename = "submissionID")]
    pub submission_id: String,
    /// Submission Id
    #[field(label = "Submission Id")]
    #[serde(rename = "submissionId")]
    pub submission_id_2: String,
}

/// The configuration of `form_submission`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct FormSubmissionConfig {
    /// Form Id
    #[field(label = "Form Id")]
    #[serde(rename = "formId")]
    pub form_id: String,
    /// Only Answers
    #[field(label = "Only Answers", default = true)]
    #[serde(rename = "onlyAnswers")]
    pub only_answers: Option<bool>,
    /// Resolve Data
    #[field(label = "Resolve Data", default = true)]
    #[serde(rename = "resolveData")]
    pub resolve_data: Option<bool>,
}

#[actions]
impl Jotform {
    /// Get Form
    #[action(name = "Get Form", http(method = "GET", endpoint = "/form/{formID}"))]
    async fn get_form(&self, input: GetFormInput) -> Result<Value>;

    /// List Forms
    #[action(name = "List Forms", http(method = "GET", endpoint = "/user/forms"))]
    async fn list_forms(&self, input: ListFormsInput) -> Result<Value>;

    /// Get Form Questions
    #[action(name = "Get Form Questions", http(method = "GET", endpoint = "/form/{formID}/questions"))]
    async fn get_form_questions(&self, input: GetFormQuestionsInput) -> Result<Value>;

    /// Get Form Submissions
    #[action(name = "Get Form Submissions", http(method = "GET", endpoint = "/form/{formID}/submissions"))]
    async fn get_form_submissions(&self, input: GetFormSubmissionsInput) -> Result<Value>;

    /// Delete Form
    #[action(name = "Delete Form", http(method = "DELETE", endpoint = "/form/{formID}"))]
    async fn delete_form(&self, input: DeleteFormInput) -> Result<Value>;

    /// Get Submission
    #[action(name = "Get Submission", http(method = "GET", endpoint = "/submission/{submissionID}"))]
    async fn get_submission(&self, input: GetSubmissionInput) -> Result<Value>;

    /// Create Submission
    #[action(name = "Create Submission", http(method = "POST", endpoint = "/form/{formID}/submissions"))]
    async fn create_submission(&self, input: CreateSubmissionInput) -> Result<Value>;

    /// Update Submission
    #[action(name = "Update Submission", http(method = "POST", endpoint = "/submission/{submissionID}"))]
    async fn update_submission(&self, input: UpdateSubmissionInput) -> Result<Value>;

    /// Delete Submission
    #[action(name = "Delete Submission", http(method = "DELETE", endpoint = "/submission/{submissionID}"))]
    async fn delete_submission(&self, input: DeleteSubmissionInput) -> Result<Value>;

    /// Get User Info
    #[action(name = "Get User Info", http(method = "GET", endpoint = "/user"))]
    async fn get_user_info(&self) -> Result<Value>;

    /// Get API Usage
    #[action(name = "Get API Usage", http(method = "GET", endpoint = "/user/usage"))]
    async fn get_user_usage(&self) -> Result<Value>;

    /// Form Submission
    #[trigger(name = "Form Submission", webhook)]
    async fn form_submission(&self, _config: FormSubmissionConfig, request: WebhookRequest) -> Result<Vec<Value>> {
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
