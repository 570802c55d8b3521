use fluxturn_core::http::path_segment;
use fluxturn_core::http::{collect_pages, Page};
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};

/// Create, find, update and delete records in the tables of an Airtable base
#[connector(
    name = "airtable",
    display_name = "Airtable",
    category = "crm",
    base_url = "https://api.airtable.com/v0",
    rate_limit(requests_per_second = 5, requests_per_minute = 300, requests_per_hour = 18000),
    icon = "icons/airtable.svg",
    auth = bearer_token(field = "apiKey"),
    credentials = AirtableCredentials,
    webhook_support = true,
)]
pub struct Airtable {
    http: Http,
    credentials: AirtableCredentials,
}

/// How FluxTurn signs in to Airtable, and which base it works on.
#[derive(Credentials)]
pub struct AirtableCredentials {
    /// A personal access token with the data.records:read, data.records:write and
    /// schema.bases:read scopes, and access to the base
    #[field(
        label = "Personal Access Token",
        placeholder = "pat...",
        secret,
        help_url = "https://airtable.com/create/tokens"
    )]
    pub api_key: Secret<String>,
    /// The base the record actions work on: the `app...` part of its URL
    #[field(label = "Base ID", placeholder = "appXXXXXXXXXXXXXX")]
    pub base_id: String,
}

/// How many records one list page holds at most.
const MAX_PAGE_SIZE: u32 = 100;
/// How many records one write request may carry.
const MAX_BATCH: usize = 10;
/// How many list pages one listing follows at most.
const MAX_PAGES: usize = 10_000;

fn yes() -> bool {
    true
}

fn hundred() -> u32 {
    100
}

fn id_column() -> Vec<String> {
    vec!["id".to_owned()]
}

/// A record of a table.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    /// Airtable's ID of the record (`rec...`)
    pub id: String,
    /// When the record was created (ISO 8601)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// Cell values by field name (empty cells are left out)
    #[serde(default)]
    pub fields: Map<String, Value>,
}

/// The answer to a deletion.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct DeletedRecord {
    /// The ID of the deleted record
    pub id: String,
    /// Always true
    pub deleted: bool,
}

/// What an upsert did.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpsertResult {
    /// The records as they are now
    #[serde(default)]
    pub records: Vec<Record>,
    /// IDs of the records created
    #[serde(default)]
    pub created_records: Vec<String>,
    /// IDs of the records updated
    #[serde(default)]
    pub updated_records: Vec<String>,
}

/// A base the token can access.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Base {
    /// Airtable's ID of the base (`app...`)
    pub id: String,
    /// Name of the base
    pub name: String,
    /// The token's access: none, read, comment, edit or create
    pub permission_level: Option<String>,
}

/// The input of `create_record`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateRecord {
    /// The base (default: the connection's), to reach another base the token can access
    #[field(label = "Base ID", placeholder = "appXXXXXXXXXXXXXX")]
    pub base_id: Option<String>,
    /// The table: its name or its ID (`tbl...`)
    #[field(label = "Table", placeholder = "Contacts", aliases = ["tableId"])]
    pub table_name: String,
    /// Cell values by field name, e.g. {"Name": "Ada", "Score": 3}
    #[field(label = "Fields", input_type = "json")]
    #[serde(deserialize_with = "json_or_text")]
    pub fields: Map<String, Value>,
    /// Let Airtable convert values to the fields' types (e.g. create missing select options)
    #[field(label = "Typecast", default = false)]
    #[serde(default)]
    pub typecast: bool,
    /// Write the fields into this existing record instead of adding one (FluxTurn's templates
    /// use `create_record` this way; `update_record` says it more plainly)
    #[field(label = "Record ID", placeholder = "recXXXXXXXXXXXXXX")]
    pub record_id: Option<String>,
}

/// The input of `update_record`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpdateRecord {
    /// The base (default: the connection's), to reach another base the token can access
    #[field(label = "Base ID", placeholder = "appXXXXXXXXXXXXXX")]
    pub base_id: Option<String>,
    /// The table: its name or its ID (`tbl...`)
    #[field(label = "Table", placeholder = "Contacts")]
    pub table_name: String,
    /// The record to update, when matching on `id` (else `fields.id` is used)
    #[field(label = "Record ID", placeholder = "recXXXXXXXXXXXXXX")]
    pub record_id: Option<String>,
    /// Fields whose values in `fields` pick the records to update; ["id"] (the default) updates
    /// the record `recordId`
    #[field(label = "Columns to Match On")]
    #[serde(default = "id_column")]
    pub matching_columns: Vec<String>,
    /// Cell values to write, by field name (the matching columns' values included)
    #[field(label = "Fields", input_type = "json")]
    #[serde(deserialize_with = "json_or_text")]
    pub fields: Map<String, Value>,
    /// Let Airtable convert values to the fields' types
    #[field(label = "Typecast", default = false)]
    #[serde(default)]
    pub typecast: bool,
    /// Update every matching record, not only the first
    #[field(label = "Update All Matches", default = false)]
    #[serde(default)]
    pub update_all_matches: bool,
}

/// The input of `upsert_record`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpsertRecord {
    /// The base (default: the connection's), to reach another base the token can access
    #[field(label = "Base ID", placeholder = "appXXXXXXXXXXXXXX")]
    pub base_id: Option<String>,
    /// The table: its name or its ID (`tbl...`)
    #[field(label = "Table", placeholder = "Contacts")]
    pub table_name: String,
    /// Fields (one to three) whose values identify the record to update
    #[field(label = "Fields to Merge On")]
    pub fields_to_merge_on: Vec<String>,
    /// Cell values to write, by field name
    #[field(label = "Fields", input_type = "json")]
    #[serde(deserialize_with = "json_or_text")]
    pub fields: Map<String, Value>,
    /// Let Airtable convert values to the fields' types
    #[field(label = "Typecast", default = false)]
    #[serde(default)]
    pub typecast: bool,
    /// Update every matching record; without it more than one match is an error
    #[field(label = "Update All Matches", default = false)]
    #[serde(default)]
    pub update_all_matches: bool,
}

/// The input of `get_record` and `delete_record`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct RecordRef {
    /// The base (default: the connection's), to reach another base the token can access
    #[field(label = "Base ID", placeholder = "appXXXXXXXXXXXXXX")]
    pub base_id: Option<String>,
    /// The table: its name or its ID (`tbl...`)
    #[field(label = "Table", placeholder = "Contacts")]
    pub table_name: String,
    /// The record
    #[field(label = "Record ID", placeholder = "recXXXXXXXXXXXXXX")]
    pub record_id: String,
}

/// Sort order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Ascending
    #[default]
    Asc,
    /// Descending
    Desc,
}

/// One sort key.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct SortField {
    /// Field name
    pub field: String,
    /// Order
    #[serde(default)]
    pub direction: Direction,
}

/// The input of `search_records`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct SearchRecords {
    /// The base (default: the connection's), to reach another base the token can access
    #[field(label = "Base ID", placeholder = "appXXXXXXXXXXXXXX")]
    pub base_id: Option<String>,
    /// The table: its name or its ID (`tbl...`)
    #[field(label = "Table", placeholder = "Contacts")]
    pub table_name: String,
    /// Only records for which this formula is true
    #[field(label = "Filter By Formula", input_type = "textarea", placeholder = "AND({Status} = 'Done', {Score} > 2)")]
    pub filter_by_formula: Option<String>,
    /// Fetch every matching record, not only the first `limit`
    #[field(label = "Return All", default = true)]
    #[serde(default = "yes")]
    pub return_all: bool,
    /// How many records to return
    #[field(label = "Limit", default = 100, min = 1, show(returnAll = [false]))]
    #[serde(default = "hundred")]
    pub limit: u32,
    /// Sort keys, first one first
    #[field(label = "Sort")]
    pub sort: Option<Vec<SortField>>,
    /// Only records of this view, in its order
    #[field(label = "View", placeholder = "Grid view")]
    pub view: Option<String>,
    /// Only these fields of each record
    #[field(label = "Fields")]
    pub fields: Option<Vec<String>>,
}

/// The input of `get_base_schema`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct BaseRef {
    /// The base (default: the one of the credentials)
    #[field(label = "Base ID", placeholder = "appXXXXXXXXXXXXXX")]
    pub base_id: Option<String>,
}

/// Configuration of the record triggers.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct TableWatch {
    /// The table to watch: its name or its ID (`tbl...`)
    #[field(label = "Table", placeholder = "Contacts", aliases = ["tableId"])]
    pub table_name: String,
}

/// A record change reported by an Airtable webhook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecordEvent {
    /// The record (`rec...`)
    pub record_id: String,
    /// The table (`tbl...`)
    pub table_id: String,
    /// When Airtable recorded the change (ISO 8601)
    pub timestamp: Option<String>,
    /// Cell values by field ID after the change (none for a deletion)
    pub fields: Option<Map<String, Value>>,
    /// Changed cell values by field ID before the change (updates only)
    pub previous_fields: Option<Map<String, Value>>,
    /// Identifies the change, the same each time its payload is read:
    /// `{baseTransactionNumber}:{recordId}:{created|updated|deleted}`
    pub change_id: Option<String>,
}

/// Which change a record trigger reports.
#[derive(Clone, Copy)]
enum Change {
    Created,
    Updated,
    Deleted,
}

impl Change {
    /// The change's name in [`RecordEvent::change_id`].
    fn name(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Deleted => "deleted",
        }
    }
}

#[actions(webhooks(verify = "airtable", secret = "generated", event_id = "/changeId", subscribe = create_webhook, unsubscribe = delete_webhook, refresh = renew_webhook))]
impl Airtable {
    /// Add a record to a table
    #[action(category = "Records", icon = "plus")]
    async fn create_record(&self, input: CreateRecord) -> Result<Record> {
        let path = self.table_path(&input.base_id, &input.table_name);
        let body = json!({ "fields": input.fields, "typecast": input.typecast });
        match input.record_id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
            Some(id) => self.http.patch(&format!("{path}/{}", path_segment(id))).json(&body).send_json().await,
            None => self.http.post(&path).json(&body).send_json().await,
        }
    }

    /// Change cell values of a record picked by ID, or of the records matching some columns
    #[action(category = "Records", icon = "edit")]
    async fn update_record(&self, input: UpdateRecord) -> Result<Vec<Record>> {
        let mut fields = input.fields;
        let columns: Vec<String> = input.matching_columns.into_iter().filter(|c| !c.trim().is_empty()).collect();
        if input.record_id.is_some() || columns.is_empty() || columns == ["id"] {
            let from_fields = fields.remove("id").and_then(|id| id.as_str().map(str::to_owned));
            let id = input.record_id.or(from_fields).ok_or_else(|| {
                ConnectorError::invalid_input("update_record matches on `id`: give `recordId` (or `id` in `fields`)")
            })?;
            let updates = vec![json!({ "id": id, "fields": fields })];
            return self.patch_records(&input.base_id, &input.table_name, updates, input.typecast).await;
        }
        let formula = match_formula(&columns, &fields)?;
        let matches =
            self.list_records(&input.base_id, &input.table_name, &[("filterByFormula", formula)], None).await?;
        if matches.is_empty() {
            return Err(ConnectorError::new(
                ErrorCode::NotFound,
                format!("no record of `{}` matches the columns {}", input.table_name, columns.join(", ")),
            ));
        }
        let take = if input.update_all_matches { matches.len() } else { 1 };
        let updates = matches.iter().take(take).map(|r| json!({ "id": r.id, "fields": fields })).collect();
        self.patch_records(&input.base_id, &input.table_name, updates, input.typecast).await
    }

    /// Update the record whose merge fields match, or create it when none does
    #[action(name = "Create or Update Record", category = "Records", icon = "refresh")]
    async fn upsert_record(&self, input: UpsertRecord) -> Result<UpsertResult> {
        let path = self.table_path(&input.base_id, &input.table_name);
        if !input.update_all_matches {
            let body = json!({
                "performUpsert": { "fieldsToMergeOn": input.fields_to_merge_on },
                "records": [{ "fields": input.fields }],
                "typecast": input.typecast,
            });
            return self.http.patch(&path).json(&body).send_json().await;
        }
        let formula = match_formula(&input.fields_to_merge_on, &input.fields)?;
        let matches =
            self.list_records(&input.base_id, &input.table_name, &[("filterByFormula", formula)], None).await?;
        if matches.is_empty() {
            let body = json!({ "fields": input.fields, "typecast": input.typecast });
            let record: Record = self.http.post(&path).json(&body).send_json().await?;
            return Ok(UpsertResult {
                created_records: vec![record.id.clone()],
                records: vec![record],
                ..Default::default()
            });
        }
        let updates = matches.iter().map(|r| json!({ "id": r.id, "fields": input.fields })).collect();
        let records = self.patch_records(&input.base_id, &input.table_name, updates, input.typecast).await?;
        let updated_records = records.iter().map(|r| r.id.clone()).collect();
        Ok(UpsertResult { records, updated_records, ..Default::default() })
    }

    /// Get one record by its ID
    #[action(category = "Records", icon = "file", idempotent)]
    async fn get_record(&self, input: RecordRef) -> Result<Record> {
        let path = format!("{}/{}", self.table_path(&input.base_id, &input.table_name), path_segment(&input.record_id));
        self.http.get(&path).send_json().await
    }

    /// List the records of a table, optionally filtered by a formula, sorted, from a view
    #[action(category = "Records", icon = "search", idempotent)]
    async fn search_records(&self, input: SearchRecords) -> Result<Vec<Record>> {
        let mut params: Vec<(&str, String)> = Vec::new();
        if let Some(formula) = input.filter_by_formula.filter(|f| !f.trim().is_empty()) {
            params.push(("filterByFormula", formula));
        }
        if let Some(view) = input.view.filter(|v| !v.trim().is_empty()) {
            params.push(("view", view));
        }
        let mut sort_params = Vec::new();
        for (i, sort) in input.sort.unwrap_or_default().iter().enumerate() {
            let direction = if sort.direction == Direction::Desc { "desc" } else { "asc" };
            sort_params.push((format!("sort[{i}][field]"), sort.field.clone()));
            sort_params.push((format!("sort[{i}][direction]"), direction.to_owned()));
        }
        params.extend(sort_params.iter().map(|(k, v)| (k.as_str(), v.clone())));
        for field in input.fields.unwrap_or_default() {
            params.push(("fields[]", field));
        }
        let limit = (!input.return_all).then_some(input.limit.max(1));
        self.list_records(&input.base_id, &input.table_name, &params, limit).await
    }

    /// Delete a record
    #[action(category = "Records", icon = "trash")]
    async fn delete_record(&self, input: RecordRef) -> Result<DeletedRecord> {
        let path = format!("{}/{}", self.table_path(&input.base_id, &input.table_name), path_segment(&input.record_id));
        self.http.delete(&path).send_json().await
    }

    /// List the bases the token can access
    #[action(category = "Bases", icon = "database", idempotent, http(method = "GET", endpoint = "/meta/bases"))]
    async fn get_many_bases(&self) -> Result<Vec<Base>> {
        collect_pages(MAX_PAGES, usize::MAX, |offset| {
            let request = self.http.get("/meta/bases").query(&json!({ "offset": offset }));
            async move {
                let page: Value = request.send_json().await?;
                Ok(Page { items: items_of(&page, "bases")?, next: page["offset"].as_str().map(str::to_owned) })
            }
        })
        .await
    }

    /// Get the tables of a base with their fields and views
    #[action(
        category = "Bases",
        icon = "table",
        idempotent,
        http(method = "GET", endpoint = "/meta/bases/{baseId}/tables")
    )]
    async fn get_base_schema(&self, input: BaseRef) -> Result<Value> {
        let path = format!("/meta/bases/{}/tables", path_segment(self.base(&input.base_id)));
        self.http.get(&path).send_json().await
    }

    // A notification ping only says that something changed (`base`, `webhook`, `timestamp`); the
    // changes are read from the webhook's payload list, from the cursor the last ping left (kept
    // by the server with the events). Each event is identified by its change (`/changeId`), not by
    // the ping: a payload read again (after a crash before the commit) is stored once.

    /// A record was created in a table
    #[trigger(event_type = "record.created", webhook)]
    async fn record_created(&self, config: TableWatch, request: WebhookRequest) -> Result<WebhookReply<RecordEvent>> {
        self.record_events(&config.table_name, &request, Change::Created).await
    }

    /// A record of a table was changed
    #[trigger(event_type = "record.updated", webhook)]
    async fn record_updated(&self, config: TableWatch, request: WebhookRequest) -> Result<WebhookReply<RecordEvent>> {
        self.record_events(&config.table_name, &request, Change::Updated).await
    }

    /// A record was deleted from a table
    #[trigger(event_type = "record.deleted", webhook)]
    async fn record_deleted(&self, config: TableWatch, request: WebhookRequest) -> Result<WebhookReply<RecordEvent>> {
        self.record_events(&config.table_name, &request, Change::Deleted).await
    }

    /// Creates a webhook on the credentials' base for the data of the watched table. Airtable
    /// chooses the signing secret (`macSecretBase64`, shown only now) and lets the webhook expire
    /// after 7 days unless [`Airtable::refresh_webhook`] extends it.
    async fn create_webhook(&self, config: TableWatch, context: SubscribeContext) -> Result<Subscription> {
        let table_id = self.table_id(&config.table_name).await?;
        let base = self.credentials.base_id.trim().to_owned();
        let body = json!({
            "notificationUrl": context.webhook_url,
            "specification": {"options": {"filters": {"dataTypes": ["tableData"], "recordChangeScope": table_id}}},
        });
        let path = format!("/bases/{}/webhooks", path_segment(&base));
        let answer: CreatedWebhook =
            self.http.post(&path).json(&body).send_json().await.map_err(|e| refused("create the webhook", e))?;
        Ok(Subscription {
            upstream_id: answer.id,
            secret: Some(answer.mac_secret_base64),
            state: json!({ "baseId": base }),
            expires_at: answer.expiration_time.as_deref().and_then(unix_seconds),
        })
    }

    /// Renews the webhook before Airtable lets it expire (the server calls it a day ahead).
    async fn renew_webhook(&self, _config: TableWatch, subscription: Subscription) -> Result<Subscription> {
        self.refresh_webhook(subscription).await
    }

    /// Deletes the webhook of a subscription; one Airtable no longer has (404) is already gone.
    async fn delete_webhook(&self, _config: TableWatch, subscription: Subscription) -> Result<()> {
        let path = self.webhook_path(&subscription)?;
        match self.http.delete(&path).send().await {
            Ok(_) => Ok(()),
            Err(error) if error.code == ErrorCode::NotFound => Ok(()),
            Err(error) => Err(refused("delete the webhook", error)),
        }
    }

    /// Reads the token's user: proves the token works.
    #[test_connection]
    async fn whoami(&self) -> Result<()> {
        self.http.get("/meta/whoami").send().await.map(drop)
    }
}

impl Airtable {
    /// Extends the life of a subscription's webhook (Airtable lets one expire 7 days after it was
    /// created or last refreshed) and returns the subscription with its new `expires_at`. The
    /// server calls it before `expires_at`; a webhook already expired answers 404 (`NotFound`)
    /// and must be subscribed again.
    pub async fn refresh_webhook(&self, subscription: Subscription) -> Result<Subscription> {
        let path = format!("{}/refresh", self.webhook_path(&subscription)?);
        let answer: RefreshedWebhook =
            self.http.post(&path).send_json().await.map_err(|e| refused("refresh the webhook", e))?;
        let expires_at = answer.expiration_time.as_deref().and_then(unix_seconds);
        Ok(Subscription { expires_at, ..subscription })
    }

    /// `/bases/{baseId}/webhooks/{id}` of a subscription, the base read from its state.
    fn webhook_path(&self, subscription: &Subscription) -> Result<String> {
        let base = subscription.state.get("baseId").and_then(Value::as_str).ok_or_else(|| {
            ConnectorError::internal("an Airtable subscription must keep its webhook's `baseId` in its state")
        })?;
        Ok(format!("/bases/{}/webhooks/{}", path_segment(base), path_segment(&subscription.upstream_id)))
    }

    /// The base an input names, else the connection's.
    fn base<'a>(&'a self, given: &'a Option<String>) -> &'a str {
        given.as_deref().map(str::trim).filter(|b| !b.is_empty()).unwrap_or(&self.credentials.base_id)
    }

    /// `/{baseId}/{table}`, both encoded, in the base `base` names (else the connection's).
    fn table_path(&self, base: &Option<String>, table: &str) -> String {
        format!("/{}/{}", path_segment(self.base(base)), path_segment(table))
    }

    /// Lists the records of a table, following `offset`, up to `limit` when given.
    async fn list_records(
        &self,
        base: &Option<String>,
        table: &str,
        params: &[(&str, String)],
        limit: Option<u32>,
    ) -> Result<Vec<Record>> {
        let path = self.table_path(base, table);
        let page_size = limit.map_or(MAX_PAGE_SIZE, |l| l.min(MAX_PAGE_SIZE));
        let max_items = limit.map_or(usize::MAX, |l| l as usize);
        collect_pages(MAX_PAGES, max_items, |offset| {
            let mut request = self.http.get(&path).query(&json!({ "pageSize": page_size, "offset": offset }));
            if let Some(limit) = limit {
                request = request.query(&json!({ "maxRecords": limit }));
            }
            // One call per pair: `fields[]` repeats.
            for (name, value) in params {
                request = request.query(&json!({ *name: value }));
            }
            async move {
                let page: Value = request.send_json().await?;
                Ok(Page { items: items_of(&page, "records")?, next: page["offset"].as_str().map(str::to_owned) })
            }
        })
        .await
    }

    /// Updates records (`{"id", "fields"}` each), ten per request as Airtable allows.
    async fn patch_records(
        &self,
        base: &Option<String>,
        table: &str,
        updates: Vec<Value>,
        typecast: bool,
    ) -> Result<Vec<Record>> {
        let path = self.table_path(base, table);
        let mut records = Vec::with_capacity(updates.len());
        for batch in updates.chunks(MAX_BATCH) {
            let body = json!({ "records": batch, "typecast": typecast });
            let answer: Value = self.http.patch(&path).json(&body).send_json().await?;
            records.extend(items_of::<Record>(&answer, "records")?);
        }
        Ok(records)
    }

    /// The events of one webhook call for the table `table`. A ping reads the webhook's payload
    /// list from the cursor the last ping left (all retained payloads the first time) and leaves
    /// the cursor Airtable answered for the next one, so each ping reads only what is new.
    async fn record_events(
        &self,
        table: &str,
        request: &WebhookRequest,
        change: Change,
    ) -> Result<WebhookReply<RecordEvent>> {
        let body: Value = request.json()?;
        let (payloads, cursor) = if body.get("changedTablesById").is_some() {
            (vec![body], None)
        } else if let Some(Value::Array(payloads)) = body.get("payloads") {
            (payloads.clone(), None)
        } else if let (Some(base), Some(hook)) = (body.pointer("/base/id"), body.pointer("/webhook/id")) {
            // A notification ping: the changes wait in the webhook's payload list.
            let (base, hook) = (base.as_str().unwrap_or_default(), hook.as_str().unwrap_or_default());
            self.webhook_payloads(base, hook, request.cursor.clone()).await?
        } else {
            return Err(ConnectorError::invalid_input(
                "not an Airtable webhook notification: expected a ping (`base`, `webhook`) or payloads",
            ));
        };
        let reply = |events| match &cursor {
            Some(cursor) => WebhookReply::events(events).with_cursor(cursor.clone()),
            None => WebhookReply::events(events),
        };
        if payloads.iter().all(|p| p["changedTablesById"].as_object().is_none_or(Map::is_empty)) {
            return Ok(reply(Vec::new()));
        }
        let table_id = self.table_id(table).await?;
        let mut events = Vec::new();
        for payload in &payloads {
            let timestamp = payload["timestamp"].as_str().map(str::to_owned);
            // The base's transaction number orders and names a payload; an older payload format
            // without one is named by its timestamp.
            let transaction = match &payload["baseTransactionNumber"] {
                Value::Number(number) => Some(number.to_string()),
                _ => timestamp.clone(),
            };
            let Some(changes) = payload["changedTablesById"].get(&table_id) else {
                continue;
            };
            let event = |record_id: &str, fields: Option<&Value>, previous: Option<&Value>| RecordEvent {
                record_id: record_id.to_owned(),
                table_id: table_id.clone(),
                timestamp: timestamp.clone(),
                fields: fields.and_then(Value::as_object).cloned(),
                previous_fields: previous.and_then(Value::as_object).cloned(),
                change_id: transaction.as_ref().map(|t| format!("{t}:{record_id}:{}", change.name())),
            };
            match change {
                Change::Created => {
                    for (id, record) in changes["createdRecordsById"].as_object().into_iter().flatten() {
                        events.push(event(id, record.get("cellValuesByFieldId"), None));
                    }
                }
                Change::Updated => {
                    for (id, record) in changes["changedRecordsById"].as_object().into_iter().flatten() {
                        let current = record.pointer("/current/cellValuesByFieldId");
                        events.push(event(id, current, record.pointer("/previous/cellValuesByFieldId")));
                    }
                }
                Change::Deleted => {
                    for id in changes["destroyedRecordIds"].as_array().into_iter().flatten() {
                        events.push(event(id.as_str().unwrap_or_default(), None, None));
                    }
                }
            }
        }
        Ok(reply(events))
    }

    /// The payloads of a webhook from `cursor` on (all retained ones without a cursor), and the
    /// cursor Airtable answered for the next read.
    async fn webhook_payloads(
        &self,
        base: &str,
        hook: &str,
        cursor: Option<Value>,
    ) -> Result<(Vec<Value>, Option<Value>)> {
        let path = format!("/bases/{}/webhooks/{}/payloads", path_segment(base), path_segment(hook));
        let (mut payloads, mut cursor) = (Vec::new(), cursor.filter(|c| c.is_number() || c.is_string()));
        for _ in 0..MAX_PAGES {
            let page: Value = self.http.get(&path).query(&json!({ "cursor": cursor })).send_json().await?;
            payloads.extend(items_of::<Value>(&page, "payloads")?);
            if let Some(next) = page.get("cursor").filter(|c| c.is_number() || c.is_string()) {
                cursor = Some(next.clone());
            }
            if page["mightHaveMore"].as_bool() != Some(true) {
                break;
            }
        }
        Ok((payloads, cursor))
    }

    /// The ID of a table given by name or ID (webhook payloads are keyed by table ID).
    async fn table_id(&self, table: &str) -> Result<String> {
        if table.starts_with("tbl") && table.len() == 17 {
            return Ok(table.to_owned());
        }
        let path = format!("/meta/bases/{}/tables", path_segment(&self.credentials.base_id));
        let schema: Value = self.http.get(&path).send_json().await?;
        schema["tables"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|t| t["name"].as_str() == Some(table) || t["id"].as_str() == Some(table))
            .and_then(|t| t["id"].as_str().map(str::to_owned))
            .ok_or_else(|| ConnectorError::new(ErrorCode::NotFound, format!("the base has no table `{table}`")))
    }
}

/// Airtable's answer to the creation of a webhook.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreatedWebhook {
    id: String,
    mac_secret_base64: String,
    #[serde(default)]
    expiration_time: Option<String>,
}

/// Airtable's answer to the refresh of a webhook.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefreshedWebhook {
    #[serde(default)]
    expiration_time: Option<String>,
}

/// An ISO 8601 UTC time (`2023-01-30T00:00:00.000Z`) as Unix seconds; `None` if unreadable.
fn unix_seconds(time: &str) -> Option<u64> {
    let at = humantime::parse_rfc3339(time).or_else(|_| humantime::parse_rfc3339_weak(time)).ok()?;
    at.duration_since(std::time::UNIX_EPOCH).ok().map(|d| d.as_secs())
}

/// `error`, its message prefixed with what Airtable refused to do.
fn refused(what: &str, mut error: ConnectorError) -> ConnectorError {
    error.message = format!("Airtable refused to {what}: {}", error.message);
    error
}

/// The list `key` of an answer, decoded.
fn items_of<T: serde::de::DeserializeOwned>(answer: &Value, key: &str) -> Result<Vec<T>> {
    match answer.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(items) => serde_json::from_value(items.clone()).map_err(|e| {
            ConnectorError::new(ErrorCode::InvalidResponse, format!("Airtable's `{key}` is not what was expected: {e}"))
        }),
    }
}

/// `AND({a} = "x", {b} = 3)`: the records whose `columns` hold the values given in `fields`.
fn match_formula(columns: &[String], fields: &Map<String, Value>) -> Result<String> {
    let conditions = columns
        .iter()
        .map(|column| {
            let value = fields.get(column).ok_or_else(|| {
                ConnectorError::invalid_input(format!("`fields` has no value for the column to match on `{column}`"))
            })?;
            let value = match value {
                Value::Bool(true) => "TRUE()".to_owned(),
                Value::Bool(false) => "FALSE()".to_owned(),
                Value::Number(n) => n.to_string(),
                Value::String(s) => quote(s),
                Value::Null => "BLANK()".to_owned(),
                other => quote(&other.to_string()),
            };
            Ok(format!("{{{}}} = {value}", column.replace('}', "\\}")))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(format!("AND({})", conditions.join(", ")))
}

/// A formula string literal.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Accepts a JSON value, or text holding one (what a JSON editor may send).
fn json_or_text<'de, D, T>(deserializer: D) -> std::result::Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = match Value::deserialize(deserializer)? {
        Value::String(text) => serde_json::from_str(&text).map_err(serde::de::Error::custom)?,
        other => other,
    };
    serde_json::from_value(value).map_err(serde::de::Error::custom)
}
