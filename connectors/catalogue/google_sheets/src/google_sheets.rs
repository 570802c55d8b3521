//! Google Sheets through the Sheets API v4 (`spreadsheets` and `spreadsheets.values`).
//!
//! Every action takes a spreadsheet's ID or its whole URL as pasted from the browser, and a
//! sheet (tab) name that is always quoted in the A1 ranges sent ([`a1`]), so that names with
//! spaces or apostrophes, or that look like a cell (`Q3`), mean the sheet. Values are written
//! with `valueInputOption=USER_ENTERED` unless `RAW` is chosen: what a person typing them would
//! get (formulas run, `2024-05-01` becomes a date). A row given as an object is matched to the
//! names in the sheet's header row (row 1), which gains a column for a name it lacks ([`rows`]).

pub mod a1;
pub mod rows;

use connectors_google as google;
use fluxturn_core::http::path_segment;
use fluxturn_core::prelude::*;
use rows::RowInput;
use serde_json::{json, Map, Value};

/// Read, append, update and clear rows of Google Sheets spreadsheets, and react to new rows
#[connector(
    name = "google_sheets",
    display_name = "Google Sheets",
    category = "storage",
    base_url = "https://sheets.googleapis.com/v4",
    // Google's quota: 60 reads and 60 writes per minute per user and project.
    rate_limit(requests_per_second = 10, requests_per_minute = 60),
    icon = "icons/google_sheets.svg",
    auth = [oauth2(
        provider = "google",
        // Read and write every spreadsheet the user can open; creating one needs no more.
        scopes = ["https://www.googleapis.com/auth/spreadsheets"],
    )],
    credentials = connectors_google::GoogleCredentials,
)]
pub struct GoogleSheets {
    http: Http,
}

/// A spreadsheet ID that cannot exist, read by "Test connection": Google answers 404 to a
/// token that may use the Sheets API, 401 or 403 (with the reason) to one that may not.
const PROBE_SPREADSHEET: &str = "fluxturn-connection-test-0000000000000000000";

/// How Google reads the values written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ValueInputOption {
    /// User entered (formulas run, numbers and dates are recognised)
    #[default]
    #[serde(rename = "USER_ENTERED")]
    UserEntered,
    /// Raw (stored exactly as given)
    #[serde(rename = "RAW")]
    Raw,
}

impl ValueInputOption {
    fn as_str(self) -> &'static str {
        match self {
            Self::UserEntered => "USER_ENTERED",
            Self::Raw => "RAW",
        }
    }
}

/// Minutes between two polls of `row_added`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum RowPollInterval {
    /// Every minute
    #[serde(rename = "1")]
    One,
    /// Every 5 minutes
    #[default]
    #[serde(rename = "5")]
    Five,
    /// Every 15 minutes
    #[serde(rename = "15")]
    Fifteen,
    /// Every 30 minutes
    #[serde(rename = "30")]
    Thirty,
    /// Every hour
    #[serde(rename = "60")]
    Sixty,
}

/// The input of `append_row`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct AppendRow {
    /// The spreadsheet: its ID or its URL
    #[field(label = "Spreadsheet", placeholder = "https://docs.google.com/spreadsheets/d/...")]
    pub spreadsheet_id: String,
    /// The sheet (tab) to append to; blank: the spreadsheet's first sheet
    #[field(label = "Sheet Name", placeholder = "Sheet1")]
    pub sheet_name: Option<String>,
    /// The row: its cells (["Ada", 36]), or values by header name ({"Name": "Ada"}); or several
    /// rows as a list of these
    #[field(label = "Values", field_type = "array", input_type = "json")]
    pub values: Value,
    /// How Google reads the values
    #[field(label = "Value Input Option", default = "USER_ENTERED")]
    #[serde(default)]
    pub value_input_option: ValueInputOption,
}

/// The input of `update_row`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpdateRow {
    /// The spreadsheet: its ID or its URL
    #[field(label = "Spreadsheet", placeholder = "https://docs.google.com/spreadsheets/d/...")]
    pub spreadsheet_id: String,
    /// The sheet (tab)
    #[field(label = "Sheet Name", placeholder = "Sheet1")]
    pub sheet_name: String,
    /// Where to write: a row number (5), the first cell (A5) or a range (A5:C5)
    #[field(label = "Range", placeholder = "A5:C5")]
    pub range: String,
    /// The row: its cells (["Ada", 36]), or values by header name ({"Name": "Ada"}, other cells
    /// left as they are); or several rows as a list of these
    #[field(label = "Values", field_type = "array", input_type = "json")]
    pub values: Value,
}

/// The input of `append_or_update_row`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct AppendOrUpdateRow {
    /// The spreadsheet: its ID or its URL
    #[field(label = "Spreadsheet", placeholder = "https://docs.google.com/spreadsheets/d/...")]
    pub spreadsheet_id: String,
    /// The sheet (tab)
    #[field(label = "Sheet Name", placeholder = "Sheet1")]
    pub sheet_name: String,
    /// Values by header name, and the columns that identify the row:
    /// {"value": {"Email": "ada@example.com", "Score": 3}, "matchingColumns": ["Email"]}. Without
    /// matchingColumns (or given the values alone) the row is matched on the sheet's first column
    #[field(label = "Columns", field_type = "resourceMapper")]
    pub columns: Value,
}

/// The input of `get_rows`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetRows {
    /// The spreadsheet: its ID or its URL
    #[field(label = "Spreadsheet", placeholder = "https://docs.google.com/spreadsheets/d/...")]
    pub spreadsheet_id: String,
    /// The sheet (tab)
    #[field(label = "Sheet Name", placeholder = "Sheet1")]
    pub sheet_name: String,
    /// The cells to read (A1:D50, B:B, 2:20); blank: the whole sheet
    #[field(label = "Range", placeholder = "A1:D50", input_type = "rangeSelector")]
    pub range: Option<String>,
    /// Add a link to the sheet to the output
    #[field(label = "Return Link to Sheet", default = false)]
    #[serde(default)]
    pub return_link_to_sheet: bool,
}

/// The input of `clear`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ClearRange {
    /// The spreadsheet: its ID or its URL
    #[field(label = "Spreadsheet", placeholder = "https://docs.google.com/spreadsheets/d/...")]
    pub spreadsheet_id: String,
    /// The sheet (tab)
    #[field(label = "Sheet Name", placeholder = "Sheet1")]
    pub sheet_name: String,
    /// The cells to empty (A2:D50, 2:2, C:C); their formatting stays
    #[field(label = "Range", placeholder = "A2:D50")]
    pub range: String,
}

fn sheet1() -> String {
    "Sheet1".to_owned()
}

/// The input of `create_spreadsheet`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateSpreadsheet {
    /// Name of the new spreadsheet
    #[field(label = "Title", placeholder = "Leads")]
    pub title: String,
    /// Name of its first sheet (tab)
    #[field(label = "Sheet Title", default = "Sheet1")]
    #[serde(default = "sheet1")]
    pub sheet_title: String,
}

/// Configuration of `row_added`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct RowWatch {
    /// The spreadsheet: its ID or its URL
    #[field(label = "Spreadsheet", placeholder = "https://docs.google.com/spreadsheets/d/...")]
    pub spreadsheet_id: String,
    /// The sheet (tab) to watch; its first row is the header
    #[field(label = "Sheet Name", placeholder = "Sheet1")]
    pub sheet_name: String,
    /// How often to look for new rows
    #[field(label = "Polling Interval (minutes)", default = "5")]
    #[serde(default)]
    pub polling_interval: RowPollInterval,
}

/// What a write changed, as Google reports it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdatedValues {
    /// The spreadsheet's ID
    #[serde(default)]
    pub spreadsheet_id: String,
    /// The cells written, in A1 notation
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_range: Option<String>,
    /// How many rows were written
    #[serde(default)]
    pub updated_rows: u64,
    /// How many columns were written
    #[serde(default)]
    pub updated_columns: u64,
    /// How many cells were written
    #[serde(default)]
    pub updated_cells: u64,
}

/// The answer to `append_row`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppendedRows {
    /// The spreadsheet's ID
    #[serde(default)]
    pub spreadsheet_id: String,
    /// The table the rows were appended to, before they were
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_range: Option<String>,
    /// What was written
    #[serde(default)]
    pub updates: UpdatedValues,
}

/// Whether `append_or_update_row` changed a row or added one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum UpsertOperation {
    /// An existing row matched and was updated
    Updated,
    /// No row matched; one was appended
    Appended,
}

/// The answer to `append_or_update_row`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpsertedRow {
    /// What was done
    pub operation: UpsertOperation,
    /// The row written (1-based)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row_number: Option<u64>,
    /// What was written
    pub updates: UpdatedValues,
}

/// One row read, by header name.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SheetRow {
    /// The row's number in the sheet (1-based)
    pub row_number: u64,
    /// Its cells by header name (a column's letter where the header has no name)
    pub fields: Map<String, Value>,
}

/// The answer to `get_rows`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReadRows {
    /// The range read, in A1 notation
    pub range: String,
    /// Always ROWS: each inner list is a row
    pub major_dimension: String,
    /// The cells as Sheets shows them, row by row (trailing empty cells and rows left out); the
    /// header row first when the range starts at row 1
    pub values: Vec<Vec<Value>>,
    /// The rows below the header, each by header name
    pub rows: Vec<SheetRow>,
    /// A link to the sheet, when asked for
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spreadsheet_url: Option<String>,
}

/// The answer to `clear`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClearedRange {
    /// The spreadsheet's ID
    pub spreadsheet_id: String,
    /// The cells emptied, in A1 notation
    pub cleared_range: String,
}

/// A sheet (tab) of a spreadsheet.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SheetInfo {
    /// Its ID (the `gid` in links)
    pub sheet_id: u64,
    /// Its name
    pub title: String,
}

/// The answer to `create_spreadsheet`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedSpreadsheet {
    /// The new spreadsheet's ID
    pub spreadsheet_id: String,
    /// Its link
    pub spreadsheet_url: String,
    /// Its name
    pub title: String,
    /// Its sheets
    pub sheets: Vec<SheetInfo>,
}

/// A row added to a watched sheet.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RowAdded {
    /// The spreadsheet's ID
    pub spreadsheet_id: String,
    /// The sheet's name
    pub sheet_name: String,
    /// The row's number (1-based)
    pub row_number: u64,
    /// Its cells as Sheets shows them, from column A
    pub values: Vec<Value>,
    /// Its cells by header name (a column's letter where the header has no name)
    pub fields: Map<String, Value>,
}

/// Where `row_added` stands: how many rows the sheet had (its last non-empty row), the
/// fingerprint of that last row, and the wrapping sum of every row's fingerprint (which a
/// re-sort leaves unchanged). Fingerprints are hex, so the cursor stays plain JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RowCursor {
    rows: usize,
    last: Option<String>,
    sum: String,
}

impl RowCursor {
    fn of(values: &[Vec<Value>]) -> Self {
        Self {
            rows: values.len(),
            last: values.last().map(|row| hex(rows::fingerprint(row))),
            sum: hex(sum_of(values)),
        }
    }
}

fn hex(fingerprint: u64) -> String {
    format!("{fingerprint:016x}")
}

fn sum_of(values: &[Vec<Value>]) -> u64 {
    values.iter().fold(0u64, |sum, row| sum.wrapping_add(rows::fingerprint(row)))
}

/// A range of values as the API reads and writes them.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ValueRange {
    #[serde(default)]
    range: String,
    #[serde(default)]
    values: Vec<Vec<Value>>,
}

#[actions]
impl GoogleSheets {
    /// Append rows after the last row of a sheet's table
    ///
    /// Rows are inserted (INSERT_ROWS), so nothing below the table is overwritten. A row given by
    /// header name fills the matching columns; a name the header lacks becomes a new header column.
    #[action(
        name = "Append Row",
        category = "Rows",
        icon = "plus",
        http(method = "POST", endpoint = "/spreadsheets/{spreadsheetId}/values/{sheetName}:append")
    )]
    async fn append_row(&self, input: AppendRow) -> Result<AppendedRows> {
        let spreadsheet = spreadsheet_id(&input.spreadsheet_id)?;
        let sheet = input.sheet_name.as_deref();
        let rows = rows::rows_of(input.values)?;
        let header = self.header_for(&spreadsheet, sheet, &rows).await?;
        let values: Vec<Vec<Value>> = rows.iter().map(|row| rows::cells(&header, row)).collect();
        self.append(&spreadsheet, sheet, values, input.value_input_option).await
    }

    /// Write values over a row or range of a sheet
    ///
    /// Cells given as null, and header columns a row given by name does not mention, are left as
    /// they are; an empty text empties a cell.
    #[action(
        name = "Update Row",
        category = "Rows",
        icon = "edit",
        idempotent,
        http(method = "PUT", endpoint = "/spreadsheets/{spreadsheetId}/values/{range}")
    )]
    async fn update_row(&self, input: UpdateRow) -> Result<UpdatedValues> {
        let spreadsheet = spreadsheet_id(&input.spreadsheet_id)?;
        if input.range.trim().is_empty() {
            return Err(ConnectorError::invalid_input(
                "`range` is empty: give the row number (5), its first cell (A5) or a range (A5:C5)",
            ));
        }
        let range = sheet_range(&input.sheet_name, Some(&input.range))?;
        let rows = rows::rows_of(input.values)?;
        if rows.iter().any(|r| matches!(r, RowInput::Record(_))) {
            let cells = a1::split(&range).map(|(_, cells)| cells.to_owned()).unwrap_or_else(|| range.clone());
            let column = a1::start(&cells).map(|(column, _)| column);
            if column != Some(0) {
                return Err(ConnectorError::invalid_input(format!(
                    "a row given by header name is written from column A, but the range `{}` starts elsewhere; \
                     give a row number (5) or a range from column A (A5)",
                    input.range
                )));
            }
        }
        // The header of the sheet written to, which the range may name itself.
        let sheet = a1::split(&range).map(|(sheet, _)| sheet).unwrap_or_else(|| input.sheet_name.clone());
        let header = self.header_for(&spreadsheet, Some(&sheet), &rows).await?;
        let values: Vec<Vec<Value>> = rows.iter().map(|row| rows::cells(&header, row)).collect();
        let request = self
            .http
            .put(&values_path(&spreadsheet, &range, ""))
            .query(&json!({ "valueInputOption": ValueInputOption::UserEntered.as_str() }))
            .json(&json!({ "majorDimension": "ROWS", "values": values }));
        google::send_json(request).await
    }

    /// Update the row whose matching columns hold the given values, or append one if none does
    ///
    /// Reads the sheet, finds the first row below the header whose matching columns equal the
    /// given values (as text, or as numbers), and writes the values by header name into it; other
    /// cells stay as they are.
    #[action(
        name = "Append or Update Row",
        category = "Rows",
        icon = "upload",
        idempotent,
        http(method = "POST", endpoint = "/spreadsheets/{spreadsheetId}/values:batchUpdate")
    )]
    async fn append_or_update_row(&self, input: AppendOrUpdateRow) -> Result<UpsertedRow> {
        let spreadsheet = spreadsheet_id(&input.spreadsheet_id)?;
        let sheet = input.sheet_name.trim();
        if sheet.is_empty() {
            return Err(blank_sheet());
        }
        let MappedColumns { values: record, matching } = mapped_columns(input.columns)?;
        let sheet_values = self.read(&spreadsheet, &a1::range(Some(sheet), None)).await?.values;
        let header = sheet_values.first().map(|row| rows::header_names(row)).unwrap_or_default();
        let matching = match matching {
            Some(columns) => columns,
            None => {
                let first = header.first().filter(|name| !name.is_empty()).or_else(|| record.keys().next());
                first.cloned().into_iter().collect()
            }
        };
        for column in &matching {
            if !record.contains_key(column) {
                return Err(ConnectorError::invalid_input(format!(
                    "the matching column `{column}` has no value in `columns`: give it the value to look for"
                )));
            }
            if !header.is_empty() && !header.contains(column) {
                return Err(ConnectorError::invalid_input(format!(
                    "the matching column `{column}` is not in the header row of `{sheet}` ({})",
                    header.iter().filter(|name| !name.is_empty()).cloned().collect::<Vec<_>>().join(", ")
                )));
            }
        }
        let found = (1..sheet_values.len()).find(|&index| {
            matching.iter().all(|column| match header.iter().position(|name| name == column) {
                Some(position) => {
                    rows::same_value(sheet_values[index].get(position).unwrap_or(&Value::Null), &record[column])
                }
                None => false,
            })
        });
        let rows = [RowInput::Record(record)];
        let header = self.extend_header(&spreadsheet, Some(sheet), header, &rows).await?;
        let values = vec![rows::cells(&header, &rows[0])];
        let Some(index) = found else {
            let appended = self.append(&spreadsheet, Some(sheet), values, ValueInputOption::UserEntered).await?;
            let row_number = appended.updates.updated_range.as_deref().and_then(first_row);
            return Ok(UpsertedRow { operation: UpsertOperation::Appended, row_number, updates: appended.updates });
        };
        let row_number = index as u64 + 1;
        let body = json!({
            "valueInputOption": ValueInputOption::UserEntered.as_str(),
            "data": [{ "range": a1::range(Some(sheet), Some(&format!("A{row_number}"))), "majorDimension": "ROWS", "values": values }],
        });
        let path = format!("/spreadsheets/{}/values:batchUpdate", path_segment(&spreadsheet));
        let answer: Value = google::send_json(self.http.post(&path).json(&body).idempotent()).await?;
        let updates = answer
            .pointer("/responses/0")
            .cloned()
            .and_then(|r| serde_json::from_value::<UpdatedValues>(r).ok())
            .unwrap_or_else(|| UpdatedValues { spreadsheet_id: spreadsheet.clone(), ..UpdatedValues::default() });
        Ok(UpsertedRow { operation: UpsertOperation::Updated, row_number: Some(row_number), updates })
    }

    /// Read the rows of a sheet, or of a range of it
    ///
    /// `values` is what Google returns; `rows` holds each row below the header by header name.
    #[action(
        name = "Get Rows",
        category = "Rows",
        icon = "list",
        idempotent,
        http(method = "GET", endpoint = "/spreadsheets/{spreadsheetId}/values/{range}")
    )]
    async fn get_rows(&self, input: GetRows) -> Result<ReadRows> {
        let spreadsheet = spreadsheet_id(&input.spreadsheet_id)?;
        let range = sheet_range(&input.sheet_name, input.range.as_deref())?;
        let read = self.read(&spreadsheet, &range).await?;
        let (read_sheet, cells) =
            a1::split(&read.range).map(|(sheet, cells)| (sheet, cells.to_owned())).unwrap_or_else(|| {
                let sheet = a1::split(&range).map(|(sheet, _)| sheet).unwrap_or_else(|| input.sheet_name.clone());
                (sheet, read.range.clone())
            });
        let (first_column, first_row) = a1::start(&cells).unwrap_or((0, 1));
        let (header, data, data_row) = if first_row == 1 {
            let header = read.values.first().map(|row| rows::header_names(row)).unwrap_or_default();
            (header, read.values.get(1..).unwrap_or_default(), 2)
        } else {
            let header_range = a1::range(Some(&read_sheet), Some("1"));
            let header_row =
                self.read(&spreadsheet, &header_range).await?.values.into_iter().next().unwrap_or_default();
            let header = rows::header_names(header_row.get(first_column..).unwrap_or_default());
            (header, &read.values[..], first_row)
        };
        let width = data.iter().map(Vec::len).max().unwrap_or(0);
        let names = rows::field_names(&header, first_column, width);
        let rows = data
            .iter()
            .enumerate()
            .filter(|(_, row)| !rows::is_blank(row))
            .map(|(index, row)| SheetRow { row_number: data_row + index as u64, fields: rows::fields(&names, row) })
            .collect();
        let spreadsheet_url = match input.return_link_to_sheet {
            true => Some(self.sheet_link(&spreadsheet, &read_sheet).await?),
            false => None,
        };
        Ok(ReadRows {
            range: read.range,
            major_dimension: "ROWS".to_owned(),
            values: read.values,
            rows,
            spreadsheet_url,
        })
    }

    /// Empty the cells of a range (their formatting stays)
    #[action(
        name = "Clear Range",
        category = "Rows",
        icon = "trash",
        idempotent,
        http(method = "POST", endpoint = "/spreadsheets/{spreadsheetId}/values/{range}:clear")
    )]
    async fn clear(&self, input: ClearRange) -> Result<ClearedRange> {
        let spreadsheet = spreadsheet_id(&input.spreadsheet_id)?;
        if input.range.trim().is_empty() {
            return Err(ConnectorError::invalid_input(
                "`range` is empty: name the cells to clear (A2:D50, 2:2, or the sheet's whole extent A:Z)",
            ));
        }
        let range = sheet_range(&input.sheet_name, Some(&input.range))?;
        let request = self.http.post(&values_path(&spreadsheet, &range, ":clear")).json(&json!({})).idempotent();
        google::send_json(request).await
    }

    /// Create a spreadsheet with one sheet
    #[action(
        name = "Create Spreadsheet",
        category = "Spreadsheets",
        icon = "file-plus",
        http(method = "POST", endpoint = "/spreadsheets")
    )]
    async fn create_spreadsheet(&self, input: CreateSpreadsheet) -> Result<CreatedSpreadsheet> {
        let title = input.title.trim();
        if title.is_empty() {
            return Err(ConnectorError::invalid_input("`title` is empty: name the new spreadsheet"));
        }
        let sheet_title = match input.sheet_title.trim() {
            "" => "Sheet1",
            other => other,
        };
        let body = json!({
            "properties": { "title": title },
            "sheets": [{ "properties": { "title": sheet_title } }],
        });
        let request = self
            .http
            .post("/spreadsheets")
            .query(
                &json!({ "fields": "spreadsheetId,spreadsheetUrl,properties.title,sheets.properties(sheetId,title)" }),
            )
            .json(&body);
        let created: Value = google::send_json(request).await?;
        let text = |pointer: &str| created.pointer(pointer).and_then(Value::as_str).unwrap_or_default().to_owned();
        let sheets = created["sheets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|sheet| serde_json::from_value(sheet["properties"].clone()).ok())
            .collect();
        Ok(CreatedSpreadsheet {
            spreadsheet_id: text("/spreadsheetId"),
            spreadsheet_url: text("/spreadsheetUrl"),
            title: text("/properties/title"),
            sheets,
        })
    }

    /// A row was added to a sheet
    ///
    /// Row 1 is the header: it names each event's fields and is never reported itself. A row is
    /// new when it lies below the last row already reported; the first poll only records where
    /// the sheet stands. Each poll reads the sheet and compares it with the cursor (the row count,
    /// the last row's fingerprint and an order-independent fingerprint of all rows), so rows
    /// appended together are all reported, each once, and a crash between poll and commit
    /// repeats the poll with the same cursor. Rows that are still empty are not reported.
    ///
    /// When rows are deleted: rows removed above the last reported row move it up, and the
    /// trigger finds it by its fingerprint, so only rows below it are reported. When the last
    /// reported row itself is deleted or edited, rows beyond the previous row count are new: a
    /// row appended in the same interval as the last one was deleted takes its place and is not
    /// reported. Re-sorting the sheet reports nothing; edits and deletions alone report nothing.
    #[trigger(name = "Row Added", event_type = "row.added", polling)]
    async fn row_added(&self, config: RowWatch, cursor: Option<Value>) -> Result<Polled<RowAdded>> {
        let spreadsheet = spreadsheet_id(&config.spreadsheet_id)?;
        if config.sheet_name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`sheetName` is empty: name the sheet (tab) to watch"));
        }
        let values = self.read(&spreadsheet, &a1::range(Some(&config.sheet_name), None)).await?.values;
        let next = RowCursor::of(&values);
        let Some(previous) = cursor.and_then(|c| serde_json::from_value::<RowCursor>(c).ok()) else {
            return Ok(Polled { events: Vec::new(), cursor: Some(json!(next)) });
        };
        let start = first_new_row(&previous, &values);
        let header = values.first().map(|row| rows::header_names(row)).unwrap_or_default();
        let width = values.iter().map(Vec::len).max().unwrap_or(0);
        let names = rows::field_names(&header, 0, width);
        let events = values
            .iter()
            .enumerate()
            .skip(start.max(1))
            .filter(|(_, row)| !rows::is_blank(row))
            .map(|(index, row)| RowAdded {
                spreadsheet_id: spreadsheet.clone(),
                sheet_name: config.sheet_name.trim().to_owned(),
                row_number: index as u64 + 1,
                values: row.clone(),
                fields: rows::fields(&names, row),
            })
            .collect();
        Ok(Polled { events, cursor: Some(json!(next)) })
    }

    /// Reads a spreadsheet that cannot exist: Google's 404 proves the token may use the
    /// Sheets API (the spreadsheets scope covers no listing to read instead).
    #[test_connection]
    async fn probe(&self) -> Result<()> {
        let path = format!("/spreadsheets/{PROBE_SPREADSHEET}");
        match google::send_json::<Value>(self.http.get(&path).query(&json!({ "fields": "spreadsheetId" }))).await {
            Ok(_) => Ok(()),
            Err(error) if error.code == ErrorCode::NotFound => Ok(()),
            Err(error) => Err(error),
        }
    }
}

impl GoogleSheets {
    /// Reads a range (formatted values, row by row).
    async fn read(&self, spreadsheet: &str, range: &str) -> Result<ValueRange> {
        let request = self.http.get(&values_path(spreadsheet, range, "")).query(&json!({ "majorDimension": "ROWS" }));
        google::send_json(request).await
    }

    /// Appends rows of cells to the table of `sheet`.
    async fn append(
        &self,
        spreadsheet: &str,
        sheet: Option<&str>,
        values: Vec<Vec<Value>>,
        option: ValueInputOption,
    ) -> Result<AppendedRows> {
        let range = a1::range(sheet, None);
        let request = self
            .http
            .post(&values_path(spreadsheet, &range, ":append"))
            .query(&json!({ "valueInputOption": option.as_str(), "insertDataOption": "INSERT_ROWS" }))
            .json(&json!({ "majorDimension": "ROWS", "values": values }));
        google::send_json(request).await
    }

    /// The header of `sheet` when some row is given by header name (else none is needed),
    /// extended with the names it lacks.
    async fn header_for(&self, spreadsheet: &str, sheet: Option<&str>, rows: &[RowInput]) -> Result<Vec<String>> {
        if !rows.iter().any(|r| matches!(r, RowInput::Record(_))) {
            return Ok(Vec::new());
        }
        let header_row = self.read(spreadsheet, &a1::range(sheet, Some("1"))).await?.values.into_iter().next();
        let header = header_row.map(|row| rows::header_names(&row)).unwrap_or_default();
        self.extend_header(spreadsheet, sheet, header, rows).await
    }

    /// Writes the names the rows use and `header` lacks after its last column (as text), and
    /// returns the header with them.
    async fn extend_header(
        &self,
        spreadsheet: &str,
        sheet: Option<&str>,
        mut header: Vec<String>,
        rows: &[RowInput],
    ) -> Result<Vec<String>> {
        let records = rows.iter().filter_map(|r| match r {
            RowInput::Record(record) => Some(record),
            RowInput::Cells(_) => None,
        });
        let missing = rows::missing_columns(&header, records);
        if missing.is_empty() {
            return Ok(header);
        }
        while header.last().is_some_and(String::is_empty) {
            header.pop();
        }
        let range = a1::range(sheet, Some(&format!("{}1", a1::column(header.len()))));
        let request = self
            .http
            .put(&values_path(spreadsheet, &range, ""))
            .query(&json!({ "valueInputOption": ValueInputOption::Raw.as_str() }))
            .json(&json!({ "majorDimension": "ROWS", "values": [missing] }));
        google::send_json::<Value>(request).await?;
        header.extend(missing);
        Ok(header)
    }

    /// The link to one sheet of a spreadsheet (`...#gid=<sheetId>`).
    async fn sheet_link(&self, spreadsheet: &str, sheet: &str) -> Result<String> {
        let request = self
            .http
            .get(&format!("/spreadsheets/{}", path_segment(spreadsheet)))
            .query(&json!({ "fields": "spreadsheetUrl,sheets.properties(sheetId,title)" }));
        let info: Value = google::send_json(request).await?;
        let url = info["spreadsheetUrl"].as_str().map(str::to_owned).unwrap_or_else(|| spreadsheet_url(spreadsheet));
        let sheet_id = info["sheets"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s.pointer("/properties/title").and_then(Value::as_str) == Some(sheet))
            .and_then(|s| s.pointer("/properties/sheetId").and_then(Value::as_u64));
        Ok(match sheet_id {
            Some(id) => format!("{url}#gid={id}"),
            None => url,
        })
    }
}

/// The index of the first row of `values` that `row_added` has not reported, given the cursor
/// of the previous poll (see the trigger's documentation).
fn first_new_row(previous: &RowCursor, values: &[Vec<Value>]) -> usize {
    let total = values.len();
    // Every row seen before is still within the first `rows` rows (in any order): only
    // appended rows are below.
    if total >= previous.rows && hex(sum_of(&values[..previous.rows])) == previous.sum {
        return previous.rows;
    }
    // Rows above the last reported one were deleted or inserted (or edited): it moved.
    if let Some(last) = &previous.last {
        let last_at = previous.rows.checked_sub(1).filter(|&i| i < total);
        if last_at.is_some_and(|i| hex(rows::fingerprint(&values[i])) == *last) {
            return previous.rows;
        }
        if let Some(index) = values.iter().rposition(|row| hex(rows::fingerprint(row)) == *last) {
            return index + 1;
        }
    }
    // The last reported row was deleted or edited: count rows.
    previous.rows.min(total)
}

/// The A1 range of `cells` in `sheet` (see [`a1::range`]), which must name a sheet, in `sheet` or
/// in the cells themselves (`Other!A1`).
fn sheet_range(sheet: &str, cells: Option<&str>) -> Result<String> {
    let names_own_sheet = cells.and_then(|c| a1::split(c.trim())).is_some();
    if sheet.trim().is_empty() && !names_own_sheet {
        return Err(blank_sheet());
    }
    Ok(a1::range(Some(sheet), cells))
}

fn blank_sheet() -> ConnectorError {
    ConnectorError::invalid_input("`sheetName` is empty: name the sheet (tab), e.g. Sheet1")
}

/// The spreadsheet ID in `text` (an ID, or a link to the spreadsheet).
fn spreadsheet_id(text: &str) -> Result<String> {
    let id = google::resource_id(text);
    if id.is_empty() {
        return Err(ConnectorError::invalid_input(
            "`spreadsheetId` is empty: give the spreadsheet's ID or paste its link",
        ));
    }
    if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(ConnectorError::invalid_input(format!(
            "`{id}` is not a spreadsheet ID: paste the spreadsheet's link (https://docs.google.com/spreadsheets/d/...) or the ID in it"
        )));
    }
    Ok(id)
}

/// The link Google gives a spreadsheet.
fn spreadsheet_url(spreadsheet: &str) -> String {
    format!("https://docs.google.com/spreadsheets/d/{spreadsheet}/edit")
}

/// `/spreadsheets/<id>/values/<range><suffix>`, the range escaped as one path segment.
fn values_path(spreadsheet: &str, range: &str, suffix: &str) -> String {
    format!("/spreadsheets/{}/values/{}{suffix}", path_segment(spreadsheet), path_segment(range))
}

/// The first row of an A1 reference (`'Sheet1'!A7:C7` → 7).
fn first_row(reference: &str) -> Option<u64> {
    let cells = a1::split(reference).map(|(_, cells)| cells).unwrap_or(reference);
    a1::start(cells).map(|(_, row)| row)
}

/// What `append_or_update_row` writes, and what identifies the row.
#[derive(Debug, PartialEq)]
struct MappedColumns {
    /// Values by header name.
    values: Map<String, Value>,
    /// The header names whose values identify the row (`None`: the sheet's first column).
    matching: Option<Vec<String>>,
}

/// `append_or_update_row`'s `columns`: `{"value": {...}, "matchingColumns": [...]}` (a resource
/// mapper), the values alone, or either as JSON text.
fn mapped_columns(columns: Value) -> Result<MappedColumns> {
    let columns = match columns {
        Value::String(text) => serde_json::from_str(&text)
            .map_err(|e| ConnectorError::invalid_input(format!("`columns` is text that is not a JSON object: {e}")))?,
        other => other,
    };
    let Value::Object(mut columns) = columns else {
        return Err(ConnectorError::invalid_input(
            "`columns` must be an object: {\"value\": {\"Email\": \"ada@example.com\"}, \"matchingColumns\": [\"Email\"]}",
        ));
    };
    let mapper = columns.contains_key("value") || columns.contains_key("matchingColumns");
    if !mapper {
        return non_empty(columns).map(|values| MappedColumns { values, matching: None });
    }
    let record = match columns.remove("value") {
        Some(Value::Object(record)) => record,
        Some(Value::String(text)) => serde_json::from_str(&text)
            .map_err(|e| ConnectorError::invalid_input(format!("`columns.value` is not a JSON object: {e}")))?,
        _ => {
            return Err(ConnectorError::invalid_input(
                "`columns.value` must hold the values by header name, e.g. {\"Email\": \"ada@example.com\"}",
            ))
        }
    };
    let matching = match columns.remove("matchingColumns") {
        None | Some(Value::Null) => None,
        Some(Value::String(column)) => Some(vec![column]),
        Some(Value::Array(items)) => {
            Some(items.iter().map(rows::text).filter(|c| !c.is_empty()).collect::<Vec<_>>()).filter(|c| !c.is_empty())
        }
        Some(other) => {
            return Err(ConnectorError::invalid_input(format!(
                "`columns.matchingColumns` must be a list of header names, not {other}"
            )))
        }
    };
    non_empty(record).map(|values| MappedColumns { values, matching })
}

fn non_empty(record: Map<String, Value>) -> Result<Map<String, Value>> {
    if record.is_empty() {
        return Err(ConnectorError::invalid_input("`columns` holds no value to write"));
    }
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<Value> {
        cells.iter().map(|c| json!(c)).collect()
    }

    fn sheet(rows: &[&[&str]]) -> Vec<Vec<Value>> {
        rows.iter().map(|r| row(r)).collect()
    }

    #[test]
    fn appended_rows_are_new() {
        let before = RowCursor::of(&sheet(&[&["Name"], &["a"]]));
        assert_eq!(first_new_row(&before, &sheet(&[&["Name"], &["a"], &["b"], &["c"]])), 2);
    }

    #[test]
    fn a_resort_then_an_append_reports_only_the_appended_row() {
        let before = RowCursor::of(&sheet(&[&["Name"], &["b"], &["a"]]));
        assert_eq!(first_new_row(&before, &sheet(&[&["Name"], &["a"], &["b"]])), 3);
        assert_eq!(first_new_row(&before, &sheet(&[&["Name"], &["a"], &["b"], &["c"]])), 3);
    }

    #[test]
    fn rows_deleted_above_the_last_reported_one_move_it_up() {
        let before = RowCursor::of(&sheet(&[&["Name"], &["a"], &["b"], &["c"]]));
        // `a` deleted, `d` and `e` appended: the row count alone would miss `d`.
        assert_eq!(first_new_row(&before, &sheet(&[&["Name"], &["b"], &["c"], &["d"], &["e"]])), 3);
        // An edit above it: the last row is still in place.
        assert_eq!(first_new_row(&before, &sheet(&[&["Name"], &["A!"], &["b"], &["c"], &["d"]])), 4);
    }

    #[test]
    fn the_last_row_deleted_or_edited_falls_back_to_the_count() {
        let before = RowCursor::of(&sheet(&[&["Name"], &["a"], &["b"]]));
        assert_eq!(first_new_row(&before, &sheet(&[&["Name"], &["a"]])), 2);
        assert_eq!(first_new_row(&before, &sheet(&[&["Name"], &["a"], &["B!"], &["c"]])), 3);
    }

    #[test]
    fn an_empty_sheet_reports_everything_later() {
        let before = RowCursor::of(&[]);
        assert_eq!(first_new_row(&before, &sheet(&[&["Name"], &["a"]])), 0);
    }

    #[test]
    fn resource_mapper_columns_and_plain_objects() {
        let mapped = mapped_columns(
            json!({"mappingMode": "defineBelow", "value": {"Email": "a@x"}, "matchingColumns": ["Email"]}),
        )
        .unwrap();
        assert_eq!((mapped.values.len(), mapped.matching), (1, Some(vec!["Email".to_owned()])));
        let mapped = mapped_columns(json!("{\"Email\": \"a@x\", \"Score\": 1}")).unwrap();
        assert_eq!((mapped.values.len(), mapped.matching), (2, None));
        assert!(mapped_columns(json!({"value": null})).unwrap_err().message.contains("columns.value"));
        assert!(mapped_columns(json!([1])).is_err());
    }

    #[test]
    fn spreadsheet_ids_come_from_links() {
        let url = "https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit#gid=0";
        assert_eq!(spreadsheet_id(url).unwrap(), "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms");
        assert_eq!(spreadsheet_id(" ").unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(spreadsheet_id("my sheet").unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(first_row("'Sheet 1'!A7:C7"), Some(7));
    }
}
