//! Google Sheets against a local mock of the Sheets API v4, through the test kit.

use connectors::storage::google_sheets::GoogleSheets;
use fluxturn_core::testing::{self, matchers, Mock, MockServer};
use fluxturn_core::{Connector, ErrorCode};
use serde_json::{json, Value};

mod google_mock;
use google_mock::{google as sheets, google_error, oauth2_credentials as creds, ok, TOKEN};

async fn run(server: &MockServer, action: &str, input: Value) -> Value {
    google_mock::run::<GoogleSheets>(server, creds(), action, input).await
}

const ID: &str = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";

/// The path of a range of the spreadsheet, the range as the connector escapes it.
fn values(range: &str) -> String {
    format!("/spreadsheets/{ID}/values/{range}")
}

fn updates(range: &str, rows: u64, columns: u64) -> Value {
    json!({
        "spreadsheetId": ID,
        "updatedRange": range,
        "updatedRows": rows,
        "updatedColumns": columns,
        "updatedCells": rows * columns,
    })
}

#[tokio::test]
async fn append_row_takes_a_pasted_link_quotes_the_sheet_and_enters_values_as_typed() {
    let server = MockServer::start().await;
    // `Bob's Q3` quoted as 'Bob''s Q3', then escaped as one path segment.
    sheets("POST", &values("%27Bob%27%27s%20Q3%27:append"))
        .and(matchers::query_param("valueInputOption", "USER_ENTERED"))
        .and(matchers::query_param("insertDataOption", "INSERT_ROWS"))
        .and(matchers::body_json(
            json!({ "majorDimension": "ROWS", "values": [["1846", "Ada", 36, true, "{\"x\":1}"]] }),
        ))
        .respond_with(ok(json!({
            "spreadsheetId": ID,
            "tableRange": "'Bob''s Q3'!A1:E4",
            "updates": updates("'Bob''s Q3'!A5:E5", 1, 5),
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "append_row",
        json!({
            "spreadsheetId": format!("https://docs.google.com/spreadsheets/d/{ID}/edit#gid=0"),
            "sheetName": "Bob's Q3",
            // One row given as its cells (what most templates send).
            "values": ["1846", "Ada", 36, true, { "x": 1 }],
        }),
    )
    .await;
    assert_eq!(
        output,
        json!({
            "spreadsheetId": ID,
            "tableRange": "'Bob''s Q3'!A1:E4",
            "updates": updates("'Bob''s Q3'!A5:E5", 1, 5),
        })
    );
}

#[tokio::test]
async fn append_row_writes_several_rows_raw_and_without_a_sheet_appends_to_the_first() {
    let server = MockServer::start().await;
    sheets("POST", &values("A1:append"))
        .and(matchers::query_param("valueInputOption", "RAW"))
        .and(matchers::body_json(json!({ "majorDimension": "ROWS", "values": [["=1+1"], ["b", 2]] })))
        .respond_with(ok(json!({ "spreadsheetId": ID, "updates": updates("Sheet1!A2:B3", 2, 2) })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "append_row",
        json!({ "spreadsheetId": ID, "values": "[[\"=1+1\"], [\"b\", 2]]", "valueInputOption": "RAW" }),
    )
    .await;
    assert_eq!(output["updates"]["updatedRows"], 2);
}

#[tokio::test]
async fn append_row_maps_objects_onto_the_header_and_adds_the_columns_it_lacks() {
    let server = MockServer::start().await;
    sheets("GET", &values("%27Leads%27%211%3A1"))
        .respond_with(ok(
            json!({ "range": "Leads!A1:Z1", "majorDimension": "ROWS", "values": [["Name", "Email", "Score"]] }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    sheets("PUT", &values("%27Leads%27%21D1"))
        .and(matchers::query_param("valueInputOption", "RAW"))
        .and(matchers::body_json(json!({ "majorDimension": "ROWS", "values": [["Source"]] })))
        .respond_with(ok(updates("Leads!D1", 1, 1)))
        .expect(1)
        .mount(&server)
        .await;
    sheets("POST", &values("%27Leads%27:append"))
        .and(matchers::body_json(json!({
            "majorDimension": "ROWS",
            "values": [["Ada", "ada@example.com", 3], ["Bob", null, null, "ads"]],
        })))
        .respond_with(ok(json!({ "spreadsheetId": ID, "updates": updates("Leads!A8:D9", 2, 4) })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "append_row",
        json!({
            "spreadsheetId": ID,
            "sheetName": "Leads",
            "values": [
                { "Score": 3, "Email": "ada@example.com", "Name": "Ada" },
                { "Name": "Bob", "Source": "ads" },
            ],
        }),
    )
    .await;
    assert_eq!(output["updates"]["updatedRange"], "Leads!A8:D9");
}

#[tokio::test]
async fn update_row_writes_a_row_number_as_the_whole_row() {
    let server = MockServer::start().await;
    sheets("PUT", &values("%27Sheet1%27%215%3A5"))
        .and(matchers::query_param("valueInputOption", "USER_ENTERED"))
        .and(matchers::body_json(json!({ "majorDimension": "ROWS", "values": [["Title", "", null]] })))
        .respond_with(ok(updates("Sheet1!A5:B5", 1, 2)))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "update_row",
        json!({ "spreadsheetId": ID, "sheetName": "Sheet1", "range": "5", "values": ["Title", "", null] }),
    )
    .await;
    assert_eq!(output, updates("Sheet1!A5:B5", 1, 2));
}

#[tokio::test]
async fn update_row_keeps_a_range_naming_its_own_sheet() {
    let server = MockServer::start().await;
    sheets("PUT", &values("%27Other%20tab%27%21B2%3AC2"))
        .and(matchers::body_json(json!({ "majorDimension": "ROWS", "values": [["x", "y"]] })))
        .respond_with(ok(updates("'Other tab'!B2:C2", 1, 2)))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "update_row",
        json!({ "spreadsheetId": ID, "sheetName": "Sheet1", "range": "Other tab!B2:C2", "values": [["x", "y"]] }),
    )
    .await;
    assert_eq!(output["updatedCells"], 2);
}

#[tokio::test]
async fn update_row_refuses_an_object_row_from_another_column_than_a() {
    let server = MockServer::start().await;
    let error = testing::execute::<GoogleSheets>(
        &server,
        creds(),
        "update_row",
        json!({ "spreadsheetId": ID, "sheetName": "Sheet1", "range": "C5", "values": { "Name": "Ada" } }),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("from column A"), "{}", error.message);
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// The sheet `append_or_update_row` reads.
async fn mount_contacts(server: &MockServer) {
    sheets("GET", &values("%27Contacts%27"))
        .and(matchers::query_param("majorDimension", "ROWS"))
        .respond_with(ok(json!({
            "range": "Contacts!A1:Z1000",
            "majorDimension": "ROWS",
            "values": [["Email", "Name", "Score"], ["bob@example.com", "Bob", "1"], ["ada@example.com", "Ada", "2"]],
        })))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn append_or_update_row_updates_the_matching_row_through_batch_update() {
    let server = MockServer::start().await;
    mount_contacts(&server).await;
    sheets("POST", &format!("/spreadsheets/{ID}/values:batchUpdate"))
        .and(matchers::body_json(json!({
            "valueInputOption": "USER_ENTERED",
            "data": [{ "range": "'Contacts'!A3", "majorDimension": "ROWS", "values": [[null, "Ada", 5]] }],
        })))
        .respond_with(ok(json!({
            "spreadsheetId": ID,
            "totalUpdatedCells": 1,
            "responses": [updates("Contacts!A3:C3", 1, 3)],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "append_or_update_row",
        json!({
            "spreadsheetId": ID,
            "sheetName": "Contacts",
            "columns": {
                "mappingMode": "defineBelow",
                "value": { "Name": "Ada", "Score": 5 },
                "matchingColumns": ["Name"],
            },
        }),
    )
    .await;
    // Row 3 holds Ada: her Score is written, her Email (not given) left as it is.
    assert_eq!(output, json!({ "operation": "updated", "rowNumber": 3, "updates": updates("Contacts!A3:C3", 1, 3) }));
}

#[tokio::test]
async fn append_or_update_row_matches_numbers_on_the_first_column_and_appends_when_none_matches() {
    let server = MockServer::start().await;
    mount_contacts(&server).await;
    sheets("POST", &values("%27Contacts%27:append"))
        .and(matchers::body_json(json!({ "majorDimension": "ROWS", "values": [["eve@example.com", null, 7]] })))
        .respond_with(ok(json!({ "spreadsheetId": ID, "updates": updates("Contacts!A4:C4", 1, 3) })))
        .expect(1)
        .mount(&server)
        .await;
    // No matchingColumns: the first column (Email) identifies the row.
    let output = run(
        &server,
        "append_or_update_row",
        json!({ "spreadsheetId": ID, "sheetName": "Contacts", "columns": { "Email": "eve@example.com", "Score": 7 } }),
    )
    .await;
    assert_eq!(output, json!({ "operation": "appended", "rowNumber": 4, "updates": updates("Contacts!A4:C4", 1, 3) }));
}

#[tokio::test]
async fn append_or_update_row_needs_a_value_for_each_matching_column() {
    let server = MockServer::start().await;
    mount_contacts(&server).await;
    let error = testing::execute::<GoogleSheets>(
        &server,
        creds(),
        "append_or_update_row",
        json!({ "spreadsheetId": ID, "sheetName": "Contacts", "columns": { "value": { "Score": 1 }, "matchingColumns": "Email" } }),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`Email`"), "{}", error.message);
}

#[tokio::test]
async fn append_or_update_row_refuses_a_matching_column_the_header_lacks() {
    let server = MockServer::start().await;
    mount_contacts(&server).await;
    let error = testing::execute::<GoogleSheets>(
        &server,
        creds(),
        "append_or_update_row",
        json!({ "spreadsheetId": ID, "sheetName": "Contacts", "columns": { "value": { "Mail": "a@x" }, "matchingColumns": ["Mail"] } }),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.message, "the matching column `Mail` is not in the header row of `Contacts` (Email, Name, Score)");
    // Nothing was written.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_blank_sheet_name_is_refused_unless_the_range_names_the_sheet() {
    let server = MockServer::start().await;
    let error = testing::execute::<GoogleSheets>(
        &server,
        creds(),
        "get_rows",
        json!({ "spreadsheetId": ID, "sheetName": " " }),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (error.code, error.message.as_str()),
        (ErrorCode::InvalidInput, "`sheetName` is empty: name the sheet (tab), e.g. Sheet1")
    );
    assert!(server.received_requests().await.unwrap().is_empty());
    sheets("POST", &values("%27Sheet2%27%21A1%3AB2:clear"))
        .respond_with(ok(json!({ "spreadsheetId": ID, "clearedRange": "Sheet2!A1:B2" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "clear", json!({ "spreadsheetId": ID, "sheetName": "", "range": "Sheet2!A1:B2" })).await;
    assert_eq!(output["clearedRange"], "Sheet2!A1:B2");
}

#[tokio::test]
async fn get_rows_returns_googles_values_rows_by_header_and_the_link_to_the_sheet() {
    let server = MockServer::start().await;
    sheets("GET", &values("%27Tweets%27"))
        .respond_with(ok(json!({
            "range": "Tweets!A1:Z1000",
            "majorDimension": "ROWS",
            "values": [["id", "text", ""], ["17", "hello"], [], ["18", "bye", "x"]],
        })))
        .expect(1)
        .mount(&server)
        .await;
    sheets("GET", &format!("/spreadsheets/{ID}"))
        .and(matchers::query_param("fields", "spreadsheetUrl,sheets.properties(sheetId,title)"))
        .respond_with(ok(json!({
            "spreadsheetUrl": format!("https://docs.google.com/spreadsheets/d/{ID}/edit"),
            "sheets": [
                { "properties": { "sheetId": 0, "title": "Sheet1" } },
                { "properties": { "sheetId": 93, "title": "Tweets" } },
            ],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "get_rows", json!({ "spreadsheetId": ID, "sheetName": "Tweets", "returnLinkToSheet": true }))
            .await;
    assert_eq!(
        output,
        json!({
            "range": "Tweets!A1:Z1000",
            "majorDimension": "ROWS",
            "values": [["id", "text", ""], ["17", "hello"], [], ["18", "bye", "x"]],
            "rows": [
                { "rowNumber": 2, "fields": { "id": "17", "text": "hello", "C": "" } },
                { "rowNumber": 4, "fields": { "id": "18", "text": "bye", "C": "x" } },
            ],
            "spreadsheetUrl": format!("https://docs.google.com/spreadsheets/d/{ID}/edit#gid=93"),
        })
    );
    // What a template reads: `{{node.output.values[0][0]}}`.
    assert_eq!(output["values"][1][0], "17");
}

#[tokio::test]
async fn get_rows_of_a_range_below_the_header_reads_the_header_of_its_columns() {
    let server = MockServer::start().await;
    sheets("GET", &values("%27My%20Sheet%27%21B5%3AC6"))
        .respond_with(ok(
            json!({ "range": "'My Sheet'!B5:C6", "majorDimension": "ROWS", "values": [["b5", "c5"], ["b6"]] }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    sheets("GET", &values("%27My%20Sheet%27%211%3A1"))
        .respond_with(ok(
            json!({ "range": "'My Sheet'!A1:Z1", "majorDimension": "ROWS", "values": [["A", "Bee", "Cee"]] }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "get_rows", json!({ "spreadsheetId": ID, "sheetName": "My Sheet", "range": "B5:C6" })).await;
    assert_eq!(
        output["rows"],
        json!([
            { "rowNumber": 5, "fields": { "Bee": "b5", "Cee": "c5" } },
            { "rowNumber": 6, "fields": { "Bee": "b6", "Cee": "" } },
        ])
    );
    assert!(output.get("spreadsheetUrl").is_none());
}

#[tokio::test]
async fn clear_empties_the_range() {
    let server = MockServer::start().await;
    sheets("POST", &values("%27Sheet1%27%21A2%3AD50:clear"))
        .and(matchers::body_json(json!({})))
        .respond_with(ok(json!({ "spreadsheetId": ID, "clearedRange": "Sheet1!A2:D50" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "clear", json!({ "spreadsheetId": ID, "sheetName": "Sheet1", "range": "A2:D50" })).await;
    assert_eq!(output, json!({ "spreadsheetId": ID, "clearedRange": "Sheet1!A2:D50" }));
}

#[tokio::test]
async fn create_spreadsheet_names_it_and_its_first_sheet() {
    let server = MockServer::start().await;
    sheets("POST", "/spreadsheets")
        .and(matchers::body_json(json!({
            "properties": { "title": "Leads" },
            "sheets": [{ "properties": { "title": "Sheet1" } }],
        })))
        .respond_with(ok(json!({
            "spreadsheetId": "new1",
            "spreadsheetUrl": "https://docs.google.com/spreadsheets/d/new1/edit",
            "properties": { "title": "Leads" },
            "sheets": [{ "properties": { "sheetId": 0, "title": "Sheet1" } }],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "create_spreadsheet", json!({ "title": "Leads" })).await;
    assert_eq!(
        output,
        json!({
            "spreadsheetId": "new1",
            "spreadsheetUrl": "https://docs.google.com/spreadsheets/d/new1/edit",
            "title": "Leads",
            "sheets": [{ "sheetId": 0, "title": "Sheet1" }],
        })
    );
}

#[tokio::test]
async fn a_spreadsheet_google_cannot_find_is_not_found_with_googles_message() {
    let server = MockServer::start().await;
    sheets("GET", &values("%27Sheet1%27"))
        .respond_with(google_error(404, "NOT_FOUND", "Requested entity was not found."))
        .expect(1)
        .mount(&server)
        .await;
    let error = testing::execute::<GoogleSheets>(
        &server,
        creds(),
        "get_rows",
        json!({ "spreadsheetId": ID, "sheetName": "Sheet1" }),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(error.message, "the upstream answered 404: Requested entity was not found.");
}

#[tokio::test]
async fn a_bad_range_is_invalid_input_and_a_spent_quota_is_rate_limited() {
    let server = MockServer::start().await;
    sheets("POST", &values("%27Nope%27%21A1:clear"))
        .respond_with(google_error(400, "INVALID_ARGUMENT", "Unable to parse range: 'Nope'!A1"))
        .mount(&server)
        .await;
    sheets("POST", &values("%27Busy%27%21A1:clear"))
        .respond_with(google_error(
            403,
            "RESOURCE_EXHAUSTED",
            "Quota exceeded for quota metric 'Write requests' of service 'sheets.googleapis.com'",
        ))
        .mount(&server)
        .await;
    let clear = |sheet: &str| json!({ "spreadsheetId": ID, "sheetName": sheet, "range": "A1" });
    let error = testing::execute::<GoogleSheets>(&server, creds(), "clear", clear("Nope")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.message, "the upstream answered 400: Unable to parse range: 'Nope'!A1");
    let error = testing::execute::<GoogleSheets>(&server, creds(), "clear", clear("Busy")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited);
    assert!(error.retryable);
    assert!(error.message.contains("Quota exceeded"), "{}", error.message);
}

#[tokio::test]
async fn text_that_is_not_a_spreadsheet_id_never_reaches_google() {
    let server = MockServer::start().await;
    let error = testing::execute::<GoogleSheets>(
        &server,
        creds(),
        "append_row",
        json!({ "spreadsheetId": "my budget", "sheetName": "Sheet1", "values": ["a"] }),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    let error = testing::execute::<GoogleSheets>(
        &server,
        creds(),
        "append_row",
        json!({ "spreadsheetId": ID, "sheetName": "Sheet1", "values": [] }),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// Serves the sheet `Log` as `rows` (once).
async fn serve_log(server: &MockServer, rows: Value) {
    server.reset().await;
    sheets("GET", &values("%27Log%27"))
        .respond_with(ok(json!({ "range": "Log!A1:Z1000", "majorDimension": "ROWS", "values": rows })))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn row_added_reports_rows_appended_together_each_once() {
    let server = MockServer::start().await;
    let sheets_connector = testing::connect::<GoogleSheets>(&server, creds());
    let config =
        json!({ "spreadsheetId": format!("https://docs.google.com/spreadsheets/d/{ID}/edit"), "sheetName": "Log" });

    serve_log(&server, json!([["Day", "Habit"], ["Mon", "run"]])).await;
    let first = sheets_connector.poll("row_added", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty(), "the first poll only records where the sheet stands");

    // Two rows appended together (and an empty one between them).
    serve_log(&server, json!([["Day", "Habit"], ["Mon", "run"], ["Tue", "read"], [], ["Wed"]])).await;
    let second = sheets_connector.poll("row_added", config.clone(), first.cursor.clone()).await.unwrap();
    assert_eq!(
        second.events,
        [
            json!({ "spreadsheetId": ID, "sheetName": "Log", "rowNumber": 3, "values": ["Tue", "read"], "fields": { "Day": "Tue", "Habit": "read" } }),
            json!({ "spreadsheetId": ID, "sheetName": "Log", "rowNumber": 5, "values": ["Wed"], "fields": { "Day": "Wed", "Habit": "" } }),
        ]
    );

    // Nothing new: nothing reported twice.
    serve_log(&server, json!([["Day", "Habit"], ["Mon", "run"], ["Tue", "read"], [], ["Wed"]])).await;
    let third = sheets_connector.poll("row_added", config.clone(), second.cursor.clone()).await.unwrap();
    assert!(third.events.is_empty());

    // A crash before the second cursor was committed: the first one again gives the same events.
    serve_log(&server, json!([["Day", "Habit"], ["Mon", "run"], ["Tue", "read"], [], ["Wed"]])).await;
    let replay = sheets_connector.poll("row_added", config, first.cursor).await.unwrap();
    assert_eq!(replay.events, second.events);
    assert_eq!(replay.cursor, second.cursor);
}

#[tokio::test]
async fn row_added_after_deletions_reports_only_rows_below_the_last_one_reported() {
    let server = MockServer::start().await;
    let sheets_connector = testing::connect::<GoogleSheets>(&server, creds());
    let config = json!({ "spreadsheetId": ID, "sheetName": "Log" });
    serve_log(&server, json!([["Day"], ["Mon"], ["Tue"], ["Wed"]])).await;
    let first = sheets_connector.poll("row_added", config.clone(), None).await.unwrap();

    // `Mon` deleted, `Thu` appended: the row count is unchanged, yet `Thu` is new.
    serve_log(&server, json!([["Day"], ["Tue"], ["Wed"], ["Thu"]])).await;
    let second = sheets_connector.poll("row_added", config.clone(), first.cursor).await.unwrap();
    assert_eq!(second.events.len(), 1);
    assert_eq!(second.events[0]["fields"], json!({ "Day": "Thu" }));
    assert_eq!(second.events[0]["rowNumber"], 4);

    // Re-sorted: nothing is new.
    serve_log(&server, json!([["Day"], ["Wed"], ["Thu"], ["Tue"]])).await;
    let third = sheets_connector.poll("row_added", config, second.cursor).await.unwrap();
    assert!(third.events.is_empty());
}

#[tokio::test]
async fn row_added_on_an_empty_sheet_never_reports_the_header() {
    let server = MockServer::start().await;
    let sheets_connector = testing::connect::<GoogleSheets>(&server, creds());
    let config = json!({ "spreadsheetId": ID, "sheetName": "Log" });
    serve_log(&server, json!([])).await;
    let first = sheets_connector.poll("row_added", config.clone(), None).await.unwrap();
    serve_log(&server, json!([["Day"], ["Mon"]])).await;
    let second = sheets_connector.poll("row_added", config, first.cursor).await.unwrap();
    assert_eq!(second.events.len(), 1);
    assert_eq!(second.events[0]["rowNumber"], 2);
}

#[tokio::test]
async fn test_connection_takes_googles_404_for_a_working_token_and_reports_a_rejected_one() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path_regex("^/spreadsheets/fluxturn-connection-test-[0-9]+$"))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(google_error(404, "NOT_FOUND", "Requested entity was not found."))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<GoogleSheets>(&server, creds()).test_connection().await.unwrap();

    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .respond_with(google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."))
        .mount(&server)
        .await;
    let error = testing::connect::<GoogleSheets>(&server, creds()).test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
}
