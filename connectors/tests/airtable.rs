//! Airtable against a local mock of its API, through the test kit.

use connectors::crm::airtable::Airtable;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::{Rejection, SignatureError};
use fluxturn_core::{
    Connector, ErrorCode, EventId, SecretSource, SignatureScheme, SubscribeContext, Subscription, WebhookReply,
    WebhookRequest,
};
use serde_json::{json, Value};

const TOKEN: &str = "pat_test";

fn creds() -> Value {
    json!({ "apiKey": TOKEN, "baseId": "appBase" })
}

/// A mock for `method path` that checks the bearer token.
fn airtable(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn run(server: &MockServer, action: &str, input: Value) -> Value {
    testing::execute::<Airtable>(server, creds(), action, input).await.unwrap_or_else(|e| panic!("{action}: {e}"))
}

fn record(id: &str, fields: Value) -> Value {
    json!({ "id": id, "createdTime": "2024-05-01T10:00:00.000Z", "fields": fields })
}

#[tokio::test]
async fn create_record_posts_fields_to_the_encoded_table_of_the_base() {
    let server = MockServer::start().await;
    airtable("POST", "/appBase/My%20Contacts")
        .and(matchers::body_json(json!({ "fields": { "Name": "Ada", "Score": 3 }, "typecast": true })))
        .respond_with(ok(record("rec1", json!({ "Name": "Ada", "Score": 3 }))))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "create_record",
        // A JSON editor may send text: it is parsed.
        json!({ "tableName": "My Contacts", "fields": "{\"Name\": \"Ada\", \"Score\": 3}", "typecast": true }),
    )
    .await;
    assert_eq!(output, record("rec1", json!({ "Name": "Ada", "Score": 3 })));
}

#[tokio::test]
async fn create_record_with_a_record_id_writes_into_that_record_of_another_base() {
    // FluxTurn's templates call `create_record` with `baseId` and with `recordId` ("Update Score").
    let server = MockServer::start().await;
    airtable("PATCH", "/appOther/Contacts/rec7")
        .and(matchers::body_json(json!({ "fields": { "LeadScore": 80 }, "typecast": false })))
        .respond_with(ok(record("rec7", json!({ "Name": "Ada", "LeadScore": 80 }))))
        .expect(1)
        .mount(&server)
        .await;
    let input =
        json!({ "baseId": "appOther", "tableName": "Contacts", "recordId": "rec7", "fields": { "LeadScore": 80 } });
    let output = run(&server, "create_record", input).await;
    assert_eq!(output["fields"]["LeadScore"], 80);
}

#[tokio::test]
async fn every_record_action_reaches_the_base_it_names_and_a_blank_one_means_the_connections() {
    let server = MockServer::start().await;
    airtable("GET", "/appOther/Contacts/rec1")
        .respond_with(ok(record("rec1", json!({}))))
        .expect(1)
        .mount(&server)
        .await;
    airtable("GET", "/appBase/Contacts/rec2")
        .respond_with(ok(record("rec2", json!({}))))
        .expect(1)
        .mount(&server)
        .await;
    airtable("GET", "/appOther/Contacts")
        .respond_with(ok(json!({ "records": [record("rec3", json!({}))] })))
        .expect(1)
        .mount(&server)
        .await;
    run(&server, "get_record", json!({ "baseId": "appOther", "tableName": "Contacts", "recordId": "rec1" })).await;
    run(&server, "get_record", json!({ "baseId": " ", "tableName": "Contacts", "recordId": "rec2" })).await;
    let found = run(&server, "search_records", json!({ "baseId": "appOther", "tableName": "Contacts" })).await;
    assert_eq!(found[0]["id"], "rec3");
}

#[tokio::test]
async fn update_record_by_id_patches_that_record() {
    let server = MockServer::start().await;
    airtable("PATCH", "/appBase/Contacts")
        .and(matchers::body_json(json!({ "records": [{ "id": "rec1", "fields": { "Score": 4 } }], "typecast": false })))
        .respond_with(ok(json!({ "records": [record("rec1", json!({ "Name": "Ada", "Score": 4 }))] })))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "update_record", json!({ "tableName": "Contacts", "recordId": "rec1", "fields": { "Score": 4 } }))
            .await;
    assert_eq!(output, json!([record("rec1", json!({ "Name": "Ada", "Score": 4 }))]));
}

#[tokio::test]
async fn update_record_by_columns_finds_the_matches_and_updates_them_all() {
    let server = MockServer::start().await;
    airtable("GET", "/appBase/Contacts")
        .and(matchers::query_param("filterByFormula", "AND({Email} = \"a@b.co\")"))
        .and(matchers::query_param("pageSize", "100"))
        .respond_with(ok(json!({ "records": [record("rec1", json!({})), record("rec2", json!({}))] })))
        .expect(1)
        .mount(&server)
        .await;
    let fields = json!({ "Email": "a@b.co", "Vip": true });
    airtable("PATCH", "/appBase/Contacts")
        .and(matchers::body_json(json!({
            "records": [{ "id": "rec1", "fields": fields }, { "id": "rec2", "fields": fields }],
            "typecast": false,
        })))
        .respond_with(ok(json!({ "records": [record("rec1", fields.clone()), record("rec2", fields.clone())] })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "update_record",
        json!({ "tableName": "Contacts", "matchingColumns": ["Email"], "fields": fields, "updateAllMatches": true }),
    )
    .await;
    assert_eq!(output.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn update_record_without_a_match_is_not_found() {
    let server = MockServer::start().await;
    airtable("GET", "/appBase/Contacts").respond_with(ok(json!({ "records": [] }))).expect(1).mount(&server).await;
    let error = testing::execute::<Airtable>(
        &server,
        creds(),
        "update_record",
        json!({ "tableName": "Contacts", "matchingColumns": ["Email"], "fields": { "Email": "x@y.z" } }),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn upsert_record_uses_airtables_perform_upsert() {
    let server = MockServer::start().await;
    airtable("PATCH", "/appBase/Contacts")
        .and(matchers::body_json(json!({
            "performUpsert": { "fieldsToMergeOn": ["Email"] },
            "records": [{ "fields": { "Email": "a@b.co", "Name": "Ada" } }],
            "typecast": false,
        })))
        .respond_with(ok(json!({
            "records": [record("rec1", json!({ "Email": "a@b.co", "Name": "Ada" }))],
            "createdRecords": [],
            "updatedRecords": ["rec1"],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "upsert_record",
        json!({ "tableName": "Contacts", "fieldsToMergeOn": ["Email"], "fields": { "Email": "a@b.co", "Name": "Ada" } }),
    )
    .await;
    assert_eq!(output["updatedRecords"], json!(["rec1"]));
    assert_eq!(output["records"][0]["id"], "rec1");
}

#[tokio::test]
async fn upsert_record_updating_all_matches_creates_when_nothing_matches() {
    let server = MockServer::start().await;
    airtable("GET", "/appBase/Contacts")
        .and(matchers::query_param("filterByFormula", "AND({Email} = \"a@b.co\", {Age} = 36)"))
        .respond_with(ok(json!({ "records": [] })))
        .expect(1)
        .mount(&server)
        .await;
    airtable("POST", "/appBase/Contacts")
        .and(matchers::body_json(json!({ "fields": { "Email": "a@b.co", "Age": 36 }, "typecast": false })))
        .respond_with(ok(record("recNew", json!({ "Email": "a@b.co", "Age": 36 }))))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "upsert_record",
        json!({
            "tableName": "Contacts",
            "fieldsToMergeOn": ["Email", "Age"],
            "fields": { "Email": "a@b.co", "Age": 36 },
            "updateAllMatches": true,
        }),
    )
    .await;
    assert_eq!(output["createdRecords"], json!(["recNew"]));
    assert_eq!(output["updatedRecords"], json!([]));
}

#[tokio::test]
async fn get_record_reads_one_record() {
    let server = MockServer::start().await;
    airtable("GET", "/appBase/Contacts/rec1")
        .respond_with(ok(record("rec1", json!({ "Name": "Ada" }))))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_record", json!({ "tableName": "Contacts", "recordId": "rec1" })).await;
    assert_eq!(output, record("rec1", json!({ "Name": "Ada" })));
}

#[tokio::test]
async fn search_records_sends_formula_sort_view_fields_and_follows_offsets() {
    let server = MockServer::start().await;
    airtable("GET", "/appBase/Contacts")
        .and(matchers::query_param("offset", "itr2"))
        .and(matchers::query_param("filterByFormula", "{Score} > 2"))
        .respond_with(ok(json!({ "records": [record("rec2", json!({}))] })))
        .expect(1)
        .mount(&server)
        .await;
    airtable("GET", "/appBase/Contacts")
        .and(matchers::query_param("filterByFormula", "{Score} > 2"))
        .and(matchers::query_param("view", "Grid view"))
        .and(matchers::query_param("sort[0][field]", "Score"))
        .and(matchers::query_param("sort[0][direction]", "desc"))
        .and(matchers::query_param("fields[]", "Name"))
        .and(matchers::query_param("fields[]", "Score"))
        .and(matchers::query_param("pageSize", "100"))
        .respond_with(ok(json!({ "records": [record("rec1", json!({}))], "offset": "itr2" })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "search_records",
        json!({
            "tableName": "Contacts",
            "filterByFormula": "{Score} > 2",
            "view": "Grid view",
            "sort": [{ "field": "Score", "direction": "desc" }],
            "fields": ["Name", "Score"],
        }),
    )
    .await;
    assert_eq!(output, json!([record("rec1", json!({})), record("rec2", json!({}))]));
}

#[tokio::test]
async fn search_records_with_a_limit_asks_for_that_many() {
    let server = MockServer::start().await;
    airtable("GET", "/appBase/Contacts")
        .and(matchers::query_param("pageSize", "2"))
        .and(matchers::query_param("maxRecords", "2"))
        .respond_with(ok(
            json!({ "records": [record("rec1", json!({})), record("rec2", json!({}))], "offset": "more" }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "search_records", json!({ "tableName": "Contacts", "returnAll": false, "limit": 2 })).await;
    assert_eq!(output.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn delete_record_deletes_it() {
    let server = MockServer::start().await;
    airtable("DELETE", "/appBase/Contacts/rec1")
        .respond_with(ok(json!({ "id": "rec1", "deleted": true })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "delete_record", json!({ "tableName": "Contacts", "recordId": "rec1" })).await;
    assert_eq!(output, json!({ "id": "rec1", "deleted": true }));
}

#[tokio::test]
async fn get_many_bases_follows_offsets() {
    let server = MockServer::start().await;
    airtable("GET", "/meta/bases")
        .and(matchers::query_param("offset", "o2"))
        .respond_with(ok(json!({ "bases": [{ "id": "app2", "name": "B", "permissionLevel": "read" }] })))
        .expect(1)
        .mount(&server)
        .await;
    airtable("GET", "/meta/bases")
        .respond_with(ok(
            json!({ "bases": [{ "id": "app1", "name": "A", "permissionLevel": "create" }], "offset": "o2" }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_many_bases", json!({})).await;
    assert_eq!(
        output,
        json!([
            { "id": "app1", "name": "A", "permissionLevel": "create" },
            { "id": "app2", "name": "B", "permissionLevel": "read" },
        ])
    );
}

#[tokio::test]
async fn get_base_schema_defaults_to_the_credentials_base() {
    let server = MockServer::start().await;
    let schema = json!({ "tables": [{ "id": "tblAAAAAAAAAAAAAA", "name": "Contacts", "fields": [], "views": [] }] });
    airtable("GET", "/meta/bases/appBase/tables").respond_with(ok(schema.clone())).expect(1).mount(&server).await;
    airtable("GET", "/meta/bases/appOther/tables")
        .respond_with(ok(json!({ "tables": [] })))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "get_base_schema", json!({})).await, schema);
    assert_eq!(run(&server, "get_base_schema", json!({ "baseId": "appOther" })).await, json!({ "tables": [] }));
}

#[tokio::test]
async fn an_invalid_value_is_an_invalid_input_error_with_airtables_message() {
    let server = MockServer::start().await;
    airtable("POST", "/appBase/Contacts")
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "error": { "type": "INVALID_VALUE_FOR_COLUMN", "message": "Field \"Score\" cannot accept the provided value" }
        })))
        .expect(1)
        .mount(&server)
        .await;
    let error = testing::execute::<Airtable>(
        &server,
        creds(),
        "create_record",
        json!({ "tableName": "Contacts", "fields": { "Score": "lots" } }),
    )
    .await
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.message, "the upstream answered 422: Field \"Score\" cannot accept the provided value");
}

#[tokio::test]
async fn connecting_without_the_base_id_names_it() {
    let server = MockServer::start().await;
    let Err(error) = testing::try_connect::<Airtable>(&server, json!({ "apiKey": TOKEN })) else {
        panic!("must fail without baseId")
    };
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("`baseId`"), "{error}");
}

// -------------------------------------------------------------------------------------------
// Webhook triggers: notifications signed with the webhook's MAC secret, run as the server does.
// -------------------------------------------------------------------------------------------

/// The `macSecretBase64` Airtable returns when FluxTurn creates the webhook.
const MAC_SECRET: &str = "dGVzdC1vbmx5LWFpcnRhYmxlLW1hYy1zZWNyZXQhISE=";

/// A notification spaced as no serializer would, signed as Airtable signs it.
fn webhook(body: Value) -> WebhookRequest {
    let headers = [("Content-Type", "application/json")];
    testing::signed(SignatureScheme::Airtable, testing::oddly_spaced(&body), headers, MAC_SECRET)
}

/// Delivers `request` to `trigger` as the server does, with the webhook's MAC secret.
async fn deliver(
    airtable: &Airtable,
    trigger: &str,
    config: Value,
    request: WebhookRequest,
) -> Result<WebhookReply<Value>, Rejection> {
    testing::deliver(airtable, trigger, config, creds(), Some(MAC_SECRET), request).await
}

/// The events of a delivery that must be accepted.
async fn events(airtable: &Airtable, trigger: &str, config: Value, request: WebhookRequest) -> Vec<Value> {
    deliver(airtable, trigger, config, request).await.expect("the delivery is accepted").events
}

/// A webhook payload touching two tables.
fn payload() -> Value {
    json!({
        "timestamp": "2024-05-01T10:00:00.000Z",
        "baseTransactionNumber": 4,
        "changedTablesById": {
            "tblAAAAAAAAAAAAAA": {
                "createdRecordsById": { "rec1": { "createdTime": "2024-05-01T10:00:00.000Z", "cellValuesByFieldId": { "fld1": "Ada" } } },
                "changedRecordsById": { "rec2": {
                    "current": { "cellValuesByFieldId": { "fld1": "Grace" } },
                    "previous": { "cellValuesByFieldId": { "fld1": "Grace H" } },
                }},
                "destroyedRecordIds": ["rec3"],
            },
            "tblBBBBBBBBBBBBBB": { "createdRecordsById": { "rec9": { "cellValuesByFieldId": {} } } },
        }
    })
}

/// The notification ping Airtable posts: no changes, just which webhook has new payloads.
fn ping() -> Value {
    json!({ "base": { "id": "appBase" }, "webhook": { "id": "achHook" }, "timestamp": "2024-05-01T10:00:01.000Z" })
}

#[test]
fn every_trigger_verifies_the_mac_with_the_generated_secret_and_dedupes_on_the_change() {
    let triggers = connectors::registry().get("airtable").expect("registered").triggers();
    assert_eq!(triggers.len(), 3);
    for trigger in triggers {
        assert_eq!(trigger.verify, Some(SignatureScheme::Airtable), "{}", trigger.id);
        assert_eq!(trigger.secret, Some(SecretSource::Generated), "{}", trigger.id);
        assert_eq!(trigger.event_id, Some(EventId::Event("/changeId")), "{}", trigger.id);
    }
}

#[tokio::test]
async fn a_delivered_payload_yields_the_events_of_the_watched_table() {
    let server = MockServer::start().await;
    let airtable = testing::connect::<Airtable>(&server, creds());
    let config = json!({ "tableName": "tblAAAAAAAAAAAAAA" });
    let created = events(&airtable, "record_created", config.clone(), webhook(payload())).await;
    assert_eq!(
        created,
        [json!({
            "recordId": "rec1",
            "tableId": "tblAAAAAAAAAAAAAA",
            "timestamp": "2024-05-01T10:00:00.000Z",
            "fields": { "fld1": "Ada" },
            "previousFields": null,
            "changeId": "4:rec1:created",
        })]
    );
    let updated = events(&airtable, "record_updated", config.clone(), webhook(payload())).await;
    assert_eq!(updated[0]["recordId"], "rec2");
    assert_eq!(updated[0]["previousFields"], json!({ "fld1": "Grace H" }));
    let deleted = events(&airtable, "record_deleted", config, webhook(payload())).await;
    assert_eq!(deleted[0]["recordId"], "rec3");
    assert_eq!(deleted[0]["fields"], Value::Null);
}

#[tokio::test]
async fn a_ping_reads_from_the_cursor_the_last_one_left_and_leaves_the_next() {
    let server = MockServer::start().await;
    // The first ping reads every retained payload, over two pages.
    airtable("GET", "/bases/appBase/webhooks/achHook/payloads")
        .and(matchers::query_param_is_missing("cursor"))
        .respond_with(ok(json!({ "payloads": [], "cursor": 3, "mightHaveMore": true })))
        .expect(1)
        .mount(&server)
        .await;
    airtable("GET", "/bases/appBase/webhooks/achHook/payloads")
        .and(matchers::query_param("cursor", "3"))
        .respond_with(ok(json!({ "payloads": [payload()], "cursor": 4, "mightHaveMore": false })))
        .expect(2)
        .mount(&server)
        .await;
    let airtable = testing::connect::<Airtable>(&server, creds());
    let config = json!({ "tableName": "tblAAAAAAAAAAAAAA" });
    let first = deliver(&airtable, "record_created", config.clone(), webhook(ping())).await.unwrap();
    assert_eq!((first.events.len(), first.cursor), (1, Some(json!(4))));
    // A ping the server hands the cursor it kept reads from there; nothing new leaves it as it was.
    airtable_at(&server, json!(4), json!({ "payloads": [], "cursor": 4, "mightHaveMore": false })).await;
    let next = deliver(&airtable, "record_created", config.clone(), webhook(ping()).with_cursor(json!(4))).await;
    assert_eq!(next.map(|reply| (reply.events.len(), reply.cursor)).unwrap(), (0, Some(json!(4))));
    // A retried read (the server crashed before keeping cursor 4) gives the same change ids.
    let again = deliver(&airtable, "record_created", config, webhook(ping()).with_cursor(json!(3))).await.unwrap();
    assert_eq!(again.events[0]["changeId"], first.events[0]["changeId"]);
}

/// Answers the payload list read from `cursor` with `page`.
async fn airtable_at(server: &MockServer, cursor: Value, page: Value) {
    airtable("GET", "/bases/appBase/webhooks/achHook/payloads")
        .and(matchers::query_param("cursor", cursor.to_string()))
        .respond_with(ok(page))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_ping_fetches_the_payloads_and_resolves_the_table_name() {
    let server = MockServer::start().await;
    airtable("GET", "/bases/appBase/webhooks/achHook/payloads")
        .respond_with(ok(json!({ "payloads": [payload()], "cursor": 2, "mightHaveMore": false })))
        .expect(1)
        .mount(&server)
        .await;
    airtable("GET", "/meta/bases/appBase/tables")
        .respond_with(ok(json!({ "tables": [{ "id": "tblBBBBBBBBBBBBBB", "name": "Leads" }] })))
        .expect(1)
        .mount(&server)
        .await;
    let airtable = testing::connect::<Airtable>(&server, creds());
    let found = events(&airtable, "record_created", json!({ "tableName": "Leads" }), webhook(ping())).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["recordId"], "rec9");
    assert_eq!(found[0]["tableId"], "tblBBBBBBBBBBBBBB");
}

#[tokio::test]
async fn a_tampered_body_or_a_wrong_secret_is_refused_before_any_call() {
    let server = MockServer::start().await;
    let airtable = testing::connect::<Airtable>(&server, creds());
    let config = json!({ "tableName": "Leads" });

    let mut tampered = webhook(ping());
    tampered.body = String::from_utf8_lossy(&tampered.body).replace("achHook", "achEvil").into_bytes().into();
    let refused = deliver(&airtable, "record_created", config.clone(), tampered).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");

    let headers = [("Content-Type", "application/json")];
    let wrong_key = "YW5vdGhlci10ZXN0LW9ubHktYWlydGFibGUta2V5ISE=";
    let wrong = testing::signed(SignatureScheme::Airtable, testing::oddly_spaced(&ping()), headers, wrong_key);
    let refused = deliver(&airtable, "record_created", config, wrong).await;
    assert!(matches!(refused, Err(Rejection::Unverified(SignatureError::Mismatch))), "{refused:?}");
    assert!(server.received_requests().await.unwrap_or_default().is_empty(), "no payload was fetched");
}

#[tokio::test]
async fn a_webhook_never_created_has_no_secret_and_accepts_nothing() {
    let server = MockServer::start().await;
    let airtable = testing::connect::<Airtable>(&server, creds());
    let config = json!({ "tableName": "Leads" });
    let refused = testing::deliver(&airtable, "record_created", config, creds(), None, webhook(ping())).await;
    assert!(matches!(refused, Err(Rejection::NoSecret(_))), "{refused:?}");
}

#[tokio::test]
async fn the_declared_event_id_names_each_change_the_same_whichever_ping_reads_it() {
    let server = MockServer::start().await;
    let airtable = testing::connect::<Airtable>(&server, creds());
    let meta = testing::trigger_meta::<Airtable>("record_updated").expect("declared");
    let request = webhook(payload());
    let found = events(&airtable, "record_updated", json!({ "tableName": "tblAAAAAAAAAAAAAA" }), request.clone()).await;
    let ids = meta.event_id.expect("declared").ids(Some(&request), &found);
    assert_eq!(ids, [Some("4:rec2:updated".to_owned())]);
}

#[tokio::test]
async fn test_connection_asks_who_the_token_is() {
    let server = MockServer::start().await;
    airtable("GET", "/meta/whoami").respond_with(ok(json!({ "id": "usr1" }))).expect(1).mount(&server).await;
    testing::connect::<Airtable>(&server, creds()).test_connection().await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Registering the webhook
// ---------------------------------------------------------------------------------------------

const HOOK_URL: &str = "https://flux.example/webhooks/airtable/abc";
const TABLE_ID: &str = "tblContacts000001";

fn connector(server: &MockServer) -> Airtable {
    testing::connect::<Airtable>(server, creds())
}

fn context() -> SubscribeContext {
    SubscribeContext { webhook_url: HOOK_URL.to_owned(), secret: "generated-but-unused".to_owned() }
}

fn webhook_spec(table_id: &str) -> Value {
    json!({
        "notificationUrl": HOOK_URL,
        "specification": {"options": {"filters": {"dataTypes": ["tableData"], "recordChangeScope": table_id}}}
    })
}

fn created_webhook() -> Value {
    json!({"id": "achW8ZGqPYDvMDR9X", "macSecretBase64": "c2VjcmV0LWZyb20tYWlydGFibGU=", "expirationTime": "2023-01-30T00:00:00.000Z"})
}

#[tokio::test]
async fn subscribe_creates_a_webhook_on_the_base_scoped_to_the_table_by_id() {
    let server = MockServer::start().await;
    airtable("POST", "/bases/appBase/webhooks")
        .and(matchers::body_json(webhook_spec("tblContacts00000X")))
        .respond_with(ok(created_webhook()))
        .expect(1)
        .mount(&server)
        .await;
    let config = json!({"tableName": "tblContacts00000X"});
    let subscription = connector(&server).subscribe("record_created", config, context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "achW8ZGqPYDvMDR9X");
    assert_eq!(subscription.secret.as_deref(), Some("c2VjcmV0LWZyb20tYWlydGFibGU="));
    assert_eq!(subscription.state, json!({"baseId": "appBase"}));
    assert_eq!(subscription.expires_at, Some(1_675_036_800));
}

#[tokio::test]
async fn subscribe_looks_up_the_id_of_a_table_given_by_name() {
    let server = MockServer::start().await;
    airtable("GET", "/meta/bases/appBase/tables")
        .respond_with(ok(
            json!({"tables": [{"id": "tblOther000000001", "name": "Other"}, {"id": TABLE_ID, "name": "Contacts"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    airtable("POST", "/bases/appBase/webhooks")
        .and(matchers::body_json(webhook_spec(TABLE_ID)))
        .respond_with(ok(created_webhook()))
        .expect(1)
        .mount(&server)
        .await;
    let config = json!({"tableName": "Contacts"});
    connector(&server).subscribe("record_updated", config, context()).await.unwrap().unwrap();
}

#[tokio::test]
async fn a_refused_webhook_names_airtables_answer() {
    let server = MockServer::start().await;
    airtable("POST", "/bases/appBase/webhooks")
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "error": {"type": "INVALID_REQUEST_UNKNOWN", "message": "Invalid request: notificationUrl must be https"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let config = json!({"tableName": "tblContacts00000X"});
    let error = connector(&server).subscribe("record_deleted", config, context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(
        error.message,
        "Airtable refused to create the webhook: the upstream answered 422: Invalid request: notificationUrl must be https"
    );
}

fn subscription() -> Subscription {
    Subscription {
        upstream_id: "achW8ZGqPYDvMDR9X".into(),
        secret: Some("c2VjcmV0LWZyb20tYWlydGFibGU=".into()),
        state: json!({"baseId": "appBase"}),
        expires_at: Some(1_675_036_800),
    }
}

#[tokio::test]
async fn unsubscribe_deletes_the_webhook_of_the_base_it_was_made_on() {
    let server = MockServer::start().await;
    airtable("DELETE", "/bases/appBase/webhooks/achW8ZGqPYDvMDR9X")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    connector(&server).unsubscribe("record_created", json!({"tableName": "Contacts"}), subscription()).await.unwrap();
}

#[tokio::test]
async fn unsubscribe_of_a_webhook_already_deleted_is_ok() {
    let server = MockServer::start().await;
    airtable("DELETE", "/bases/appBase/webhooks/achW8ZGqPYDvMDR9X")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": {"type": "NOT_FOUND"}})))
        .expect(1)
        .mount(&server)
        .await;
    connector(&server).unsubscribe("record_updated", json!({"tableName": "Contacts"}), subscription()).await.unwrap();
}

#[tokio::test]
async fn refresh_webhook_extends_the_expiry() {
    let server = MockServer::start().await;
    airtable("POST", "/bases/appBase/webhooks/achW8ZGqPYDvMDR9X/refresh")
        .respond_with(ok(json!({"expirationTime": "2023-02-06T00:00:00.000Z"})))
        .expect(1)
        .mount(&server)
        .await;
    let refreshed = connector(&server).refresh_webhook(subscription()).await.unwrap();
    assert_eq!(refreshed, Subscription { expires_at: Some(1_675_641_600), ..subscription() });
}

#[tokio::test]
async fn refreshing_an_expired_webhook_is_not_found() {
    let server = MockServer::start().await;
    airtable("POST", "/bases/appBase/webhooks/achW8ZGqPYDvMDR9X/refresh")
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"error": {"type": "NOT_FOUND", "message": "Could not find webhook"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let error = connector(&server).refresh_webhook(subscription()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(
        error.message,
        "Airtable refused to refresh the webhook: the upstream answered 404: Could not find webhook"
    );
}
