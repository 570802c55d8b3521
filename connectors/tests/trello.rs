//! Trello against a local mock of its API.

use connectors::project_management::trello::Trello;
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::webhook::Rejection;
use fluxturn_core::{Connector, ErrorCode, SignatureScheme, SubscribeContext, Subscription, WebhookRequest};
use serde_json::{json, Value};

const KEY: &str = "testkey0123456789";
const TOKEN: &str = "ATTAtesttoken0123456789abcdef";
const SECRET: &str = "testonlyapisecret0123";
/// What every request carries: the key and the token in one OAuth header.
const AUTHORIZATION: &str =
    "OAuth oauth_consumer_key=\"testkey0123456789\", oauth_token=\"ATTAtesttoken0123456789abcdef\"";
const BOARD: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";

fn credentials() -> Value {
    json!({"apiKey": KEY, "accessToken": TOKEN, "apiSecret": SECRET})
}

/// A mock of `method path` that checks the credentials are sent in the header, never the URL.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        // wiremock's `header` matcher splits values at commas, as the OAuth header has them.
        .and(|request: &testing::wiremock::Request| {
            request.headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(AUTHORIZATION)
        })
        .and(matchers::query_param_is_missing("key"))
        .and(matchers::query_param_is_missing("token"))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Runs `action` with `input` against a mock expecting exactly one `method path` with these
/// query parameters and this JSON body (checked exactly), answering `answer`; returns the output.
async fn runs(
    action: &str,
    input: Value,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
    answer: Value,
) -> Value {
    let server = MockServer::start().await;
    let mut mock = upstream(method, path);
    for (name, value) in query {
        mock = mock.and(matchers::query_param(*name, *value));
    }
    if let Some(body) = body {
        mock = mock.and(matchers::body_json(body));
    }
    mock.respond_with(ok(answer)).expect(1).mount(&server).await;
    let output = testing::execute::<Trello>(&server, credentials(), action, input).await;
    output.unwrap_or_else(|e| panic!("{action}: {e}"))
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("trello").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_card",
            "update_card",
            "get_card",
            "get_cards",
            "delete_card",
            "archive_card",
            "move_card",
            "copy_card",
            "set_due_date",
            "complete_due_date",
            "add_member",
            "remove_member_from_card",
            "get_card_members",
            "add_label_to_card",
            "remove_label_from_card",
            "create_label",
            "update_label",
            "delete_label",
            "get_board_labels",
            "add_comment",
            "update_comment",
            "delete_comment",
            "get_card_comments",
            "create_checklist",
            "update_checklist",
            "delete_checklist",
            "get_checklists",
            "add_checklist_item",
            "update_checklist_item",
            "delete_checklist_item",
            "add_attachment",
            "get_attachments",
            "delete_attachment",
            "create_board",
            "update_board",
            "get_board",
            "get_boards",
            "delete_board",
            "create_list",
            "update_list",
            "archive_list",
            "get_lists",
            "move_all_cards",
            "archive_all_cards",
            "get_member",
            "get_board_members",
            "add_member_to_board",
            "remove_member_from_board",
            "search"
        ] as [&str; 49]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        triggers,
        [
            "card_created",
            "card_updated",
            "card_moved",
            "card_archived",
            "comment_added",
            "member_added_to_card",
            "member_removed_from_card",
            "label_added_to_card",
            "checklist_completed",
            "due_date_approaching",
            "attachment_added",
            "list_created",
            "board_updated"
        ] as [&str; 13]
    );
}

// ---------------------------------------------------------------------------------------------
// Cards
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_card_posts_the_card_with_id_lists_as_arrays() {
    let card = json!({"id": "c1", "name": "Ship it", "idList": "l1", "url": "https://trello.com/c/abc"});
    let input = json!({"idList": "l1", "name": "Ship it", "desc": "notes", "pos": "top", "due": "2030-01-01T10:00:00.000Z",
        "dueComplete": false, "idMembers": "m1, m2", "idLabels": "lb1", "urlSource": "https://example.com/x"});
    let body = json!({"name": "Ship it", "idList": "l1", "desc": "notes", "pos": "top", "due": "2030-01-01T10:00:00.000Z",
        "dueComplete": false, "idMembers": ["m1", "m2"], "idLabels": ["lb1"], "urlSource": "https://example.com/x"});
    let output = runs("create_card", input, "POST", "/cards", &[], Some(body), card.clone()).await;
    assert_eq!(output, card);
}

#[test]
fn create_card_answers_to_the_template_names_card_add_and_list_id() {
    // FluxTurn's shopify-order-to-trello-card template calls `card_add`; its other Trello
    // templates give the list as `listId`. The workflow loader resolves both through these.
    let definition = connectors::registry().definition("trello").expect("registered");
    let action = definition.find_action("card_add").expect("an alias");
    assert_eq!(action.id, "create_card");
    assert_eq!(action.input_schema["idList"].aliases, ["listId"]);
}

#[tokio::test]
async fn update_card_puts_only_what_is_given() {
    let card = json!({"id": "c1", "name": "Renamed", "closed": false});
    let input = json!({"cardId": "c1", "name": "Renamed", "idLabels": "a,b", "dueComplete": true});
    let body = json!({"name": "Renamed", "idLabels": ["a", "b"], "dueComplete": true});
    assert_eq!(runs("update_card", input, "PUT", "/cards/c1", &[], Some(body), card.clone()).await, card);
}

#[tokio::test]
async fn get_card_reads_the_card_with_what_was_asked() {
    let card = json!({"id": "c1", "name": "A", "labels": [{"id": "lb1"}], "members": []});
    let query = [("fields", "all"), ("members", "true"), ("checklists", "all"), ("attachments", "false")];
    let output =
        runs("get_card", json!({"cardId": "c1", "checklists": "all"}), "GET", "/cards/c1", &query, None, card.clone())
            .await;
    assert_eq!(output, card);
}

#[tokio::test]
async fn get_card_without_labels_leaves_them_out() {
    let card = json!({"id": "c1", "name": "A", "labels": [{"id": "lb1"}]});
    let query = [("fields", "name,due"), ("members", "false")];
    let input = json!({"cardId": "c1", "fields": "name,due", "labels": false, "members": false});
    let output = runs("get_card", input, "GET", "/cards/c1", &query, None, card).await;
    assert_eq!(output, json!({"id": "c1", "name": "A"}));
}

#[tokio::test]
async fn get_cards_reads_a_list_or_a_board() {
    let cards = json!([{"id": "c1"}, {"id": "c2"}]);
    let query = [("filter", "open"), ("fields", "name"), ("limit", "2")];
    let input = json!({"listId": "l1", "filter": "open", "fields": "name", "limit": 2});
    assert_eq!(runs("get_cards", input, "GET", "/lists/l1/cards", &query, None, cards.clone()).await, cards);
    let query = [("filter", "visible"), ("fields", "all"), ("limit", "100")];
    let output = runs(
        "get_cards",
        json!({"boardId": BOARD}),
        "GET",
        &format!("/boards/{BOARD}/cards"),
        &query,
        None,
        cards.clone(),
    )
    .await;
    assert_eq!(output, cards);
}

#[tokio::test]
async fn get_cards_follows_pages_before_the_last_card_beyond_a_thousand() {
    let server = MockServer::start().await;
    let page =
        |from: usize, n: usize| json!((from..from + n).map(|i| json!({"id": format!("c{i}")})).collect::<Vec<_>>());
    upstream("GET", "/boards/b1/cards")
        .and(matchers::query_param("limit", "1000"))
        .and(matchers::query_param_is_missing("before"))
        .respond_with(ok(page(0, 1000)))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/boards/b1/cards")
        .and(matchers::query_param("before", "c999"))
        .respond_with(ok(page(1000, 1000)))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        testing::execute::<Trello>(&server, credentials(), "get_cards", json!({"boardId": "b1", "limit": 1500}))
            .await
            .unwrap();
    let ids = output.as_array().unwrap();
    assert_eq!(ids.len(), 1500);
    assert_eq!((ids[0]["id"].as_str(), ids[1499]["id"].as_str()), (Some("c0"), Some("c1499")));
}

#[tokio::test]
async fn get_cards_needs_a_board_or_a_list() {
    let server = MockServer::start().await;
    let error = testing::execute::<Trello>(&server, credentials(), "get_cards", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn delete_card_deletes_it() {
    let output =
        runs("delete_card", json!({"cardId": "c1"}), "DELETE", "/cards/c1", &[], None, json!({"limits": {}})).await;
    assert_eq!(output, json!({"deleted": true, "cardId": "c1"}));
}

#[tokio::test]
async fn archive_card_closes_it() {
    let card = json!({"id": "c1", "closed": true});
    let output = runs(
        "archive_card",
        json!({"cardId": "c1"}),
        "PUT",
        "/cards/c1",
        &[],
        Some(json!({"closed": true})),
        card.clone(),
    )
    .await;
    assert_eq!(output, card);
}

#[tokio::test]
async fn move_card_puts_the_list_and_position() {
    let card = json!({"id": "c1", "idList": "l2"});
    let input = json!({"cardId": "c1", "idList": "l2", "idBoard": "b2"});
    let body = json!({"idList": "l2", "idBoard": "b2", "pos": "bottom"});
    assert_eq!(runs("move_card", input, "PUT", "/cards/c1", &[], Some(body), card.clone()).await, card);
}

#[tokio::test]
async fn copy_card_posts_the_source() {
    let card = json!({"id": "c3"});
    let input = json!({"idCardSource": "c1", "idList": "l2", "name": "Copy"});
    let body = json!({"idCardSource": "c1", "idList": "l2", "name": "Copy", "keepFromSource": "all"});
    assert_eq!(runs("copy_card", input, "POST", "/cards", &[], Some(body), card.clone()).await, card);
}

#[tokio::test]
async fn set_due_date_puts_the_date_and_reminder() {
    let card = json!({"id": "c1", "due": "2030-01-01T10:00:00.000Z", "dueReminder": 60});
    let input = json!({"cardId": "c1", "due": "2030-01-01T10:00:00.000Z", "dueReminder": 60});
    let body = json!({"due": "2030-01-01T10:00:00.000Z", "dueReminder": 60});
    assert_eq!(runs("set_due_date", input, "PUT", "/cards/c1", &[], Some(body), card.clone()).await, card);
}

#[tokio::test]
async fn set_due_date_refuses_a_reminder_trello_does_not_offer() {
    let server = MockServer::start().await;
    let input = json!({"cardId": "c1", "due": "2030-01-01", "dueReminder": 7});
    let error = testing::execute::<Trello>(&server, credentials(), "set_due_date", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("dueReminder"), "{error}");
}

#[tokio::test]
async fn complete_due_date_marks_it_done() {
    let card = json!({"id": "c1", "dueComplete": true});
    let input = json!({"cardId": "c1", "dueComplete": true});
    let output =
        runs("complete_due_date", input, "PUT", "/cards/c1", &[], Some(json!({"dueComplete": true})), card.clone())
            .await;
    assert_eq!(output, card);
}

#[tokio::test]
async fn add_member_posts_the_member_id() {
    let members = json!([{"id": "m1"}]);
    let input = json!({"cardId": "c1", "memberId": "m1"});
    let output =
        runs("add_member", input, "POST", "/cards/c1/idMembers", &[], Some(json!({"value": "m1"})), members.clone())
            .await;
    assert_eq!(output, members);
}

#[tokio::test]
async fn remove_member_from_card_deletes_it() {
    let input = json!({"cardId": "c1", "memberId": "m1"});
    let output = runs("remove_member_from_card", input, "DELETE", "/cards/c1/idMembers/m1", &[], None, json!([])).await;
    assert_eq!(output, json!([]));
}

#[tokio::test]
async fn get_card_members_lists_them() {
    let members = json!([{"id": "m1", "username": "ada"}]);
    let output =
        runs("get_card_members", json!({"cardId": "c1"}), "GET", "/cards/c1/members", &[], None, members.clone()).await;
    assert_eq!(output, members);
}

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn add_label_to_card_posts_the_label_id() {
    let input = json!({"cardId": "c1", "value": "lb1"});
    let output = runs(
        "add_label_to_card",
        input,
        "POST",
        "/cards/c1/idLabels",
        &[],
        Some(json!({"value": "lb1"})),
        json!(["lb1"]),
    )
    .await;
    assert_eq!(output, json!(["lb1"]));
}

#[tokio::test]
async fn remove_label_from_card_deletes_it() {
    let input = json!({"cardId": "c1", "labelId": "lb1"});
    let output =
        runs("remove_label_from_card", input, "DELETE", "/cards/c1/idLabels/lb1", &[], None, json!({"_value": null}))
            .await;
    assert_eq!(output, json!({"removed": true, "cardId": "c1", "labelId": "lb1"}));
}

#[tokio::test]
async fn create_label_posts_name_and_color_and_null_for_none() {
    let label = json!({"id": "lb1", "name": "Urgent", "color": "red"});
    let input = json!({"boardId": "b1", "name": "Urgent", "color": "red"});
    let body = json!({"name": "Urgent", "color": "red"});
    assert_eq!(runs("create_label", input, "POST", "/boards/b1/labels", &[], Some(body), label.clone()).await, label);
    let input = json!({"boardId": "b1", "name": "Plain", "color": null});
    let body = json!({"name": "Plain", "color": null});
    runs("create_label", input, "POST", "/boards/b1/labels", &[], Some(body), json!({"id": "lb2"})).await;
}

#[tokio::test]
async fn update_label_puts_what_changes() {
    let label = json!({"id": "lb1", "name": "Later", "color": null});
    let input = json!({"labelId": "lb1", "name": "Later", "color": null});
    let body = json!({"name": "Later", "color": null});
    assert_eq!(runs("update_label", input, "PUT", "/labels/lb1", &[], Some(body), label.clone()).await, label);
    let body = json!({"name": "Later"});
    runs("update_label", json!({"labelId": "lb1", "name": "Later"}), "PUT", "/labels/lb1", &[], Some(body), label)
        .await;
}

#[tokio::test]
async fn delete_label_deletes_it() {
    let output = runs("delete_label", json!({"labelId": "lb1"}), "DELETE", "/labels/lb1", &[], None, json!({})).await;
    assert_eq!(output, json!({"deleted": true, "labelId": "lb1"}));
}

#[tokio::test]
async fn get_board_labels_lists_them() {
    let labels = json!([{"id": "lb1"}]);
    let input = json!({"boardId": "b1", "limit": 20});
    let output =
        runs("get_board_labels", input, "GET", "/boards/b1/labels", &[("limit", "20")], None, labels.clone()).await;
    assert_eq!(output, labels);
}

// ---------------------------------------------------------------------------------------------
// Comments
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn add_comment_posts_the_text() {
    let action = json!({"id": "a1", "type": "commentCard", "data": {"text": "Done?"}});
    let input = json!({"cardId": "c1", "text": "Done?"});
    let output = runs(
        "add_comment",
        input,
        "POST",
        "/cards/c1/actions/comments",
        &[],
        Some(json!({"text": "Done?"})),
        action.clone(),
    )
    .await;
    assert_eq!(output, action);
}

#[tokio::test]
async fn update_comment_puts_the_text() {
    let action = json!({"id": "a1"});
    let input = json!({"commentId": "a1", "text": "Edited"});
    let output =
        runs("update_comment", input, "PUT", "/actions/a1", &[], Some(json!({"text": "Edited"})), action.clone()).await;
    assert_eq!(output, action);
}

#[tokio::test]
async fn delete_comment_deletes_it() {
    let output =
        runs("delete_comment", json!({"commentId": "a1"}), "DELETE", "/actions/a1", &[], None, json!({})).await;
    assert_eq!(output, json!({"deleted": true, "commentId": "a1"}));
}

#[tokio::test]
async fn get_card_comments_reads_the_comment_actions() {
    let comments = json!([{"id": "a2", "type": "commentCard"}, {"id": "a1", "type": "commentCard"}]);
    let query = [("filter", "commentCard"), ("limit", "5")];
    let input = json!({"cardId": "c1", "limit": 5});
    assert_eq!(
        runs("get_card_comments", input, "GET", "/cards/c1/actions", &query, None, comments.clone()).await,
        comments
    );
}

// ---------------------------------------------------------------------------------------------
// Checklists
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_checklist_posts_it_on_the_card() {
    let checklist = json!({"id": "k1", "name": "Launch"});
    let input = json!({"cardId": "c1", "name": "Launch", "pos": "top"});
    let body = json!({"idCard": "c1", "name": "Launch", "pos": "top"});
    assert_eq!(
        runs("create_checklist", input, "POST", "/checklists", &[], Some(body), checklist.clone()).await,
        checklist
    );
}

#[tokio::test]
async fn update_checklist_puts_the_name() {
    let checklist = json!({"id": "k1", "name": "Renamed"});
    let input = json!({"checklistId": "k1", "name": "Renamed"});
    let output = runs(
        "update_checklist",
        input,
        "PUT",
        "/checklists/k1",
        &[],
        Some(json!({"name": "Renamed"})),
        checklist.clone(),
    )
    .await;
    assert_eq!(output, checklist);
}

#[tokio::test]
async fn delete_checklist_deletes_it() {
    let output =
        runs("delete_checklist", json!({"checklistId": "k1"}), "DELETE", "/checklists/k1", &[], None, json!({})).await;
    assert_eq!(output, json!({"deleted": true, "checklistId": "k1"}));
}

#[tokio::test]
async fn get_checklists_lists_them_with_their_items() {
    let checklists = json!([{"id": "k1", "checkItems": []}]);
    let query = [("checkItems", "all")];
    let output = runs(
        "get_checklists",
        json!({"cardId": "c1"}),
        "GET",
        "/cards/c1/checklists",
        &query,
        None,
        checklists.clone(),
    )
    .await;
    assert_eq!(output, checklists);
}

#[tokio::test]
async fn add_checklist_item_posts_it() {
    let item = json!({"id": "i1", "name": "Test", "state": "incomplete"});
    let input = json!({"checklistId": "k1", "name": "Test", "checked": false, "idMember": "m1"});
    let body = json!({"name": "Test", "checked": false, "idMember": "m1"});
    let output =
        runs("add_checklist_item", input, "POST", "/checklists/k1/checkItems", &[], Some(body), item.clone()).await;
    assert_eq!(output, item);
}

#[tokio::test]
async fn update_checklist_item_puts_the_state() {
    let item = json!({"id": "i1", "state": "complete"});
    let input = json!({"cardId": "c1", "checkItemId": "i1", "state": "complete"});
    let output = runs(
        "update_checklist_item",
        input,
        "PUT",
        "/cards/c1/checkItem/i1",
        &[],
        Some(json!({"state": "complete"})),
        item.clone(),
    )
    .await;
    assert_eq!(output, item);
}

#[tokio::test]
async fn delete_checklist_item_deletes_it() {
    let input = json!({"checklistId": "k1", "checkItemId": "i1"});
    let output =
        runs("delete_checklist_item", input, "DELETE", "/checklists/k1/checkItems/i1", &[], None, json!({})).await;
    assert_eq!(output, json!({"deleted": true, "checkItemId": "i1"}));
}

// ---------------------------------------------------------------------------------------------
// Attachments
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn add_attachment_posts_the_url() {
    let attachment = json!({"id": "t1", "url": "https://example.com/spec.pdf"});
    let input = json!({"cardId": "c1", "url": "https://example.com/spec.pdf", "name": "Spec", "setCover": false});
    let body = json!({"url": "https://example.com/spec.pdf", "name": "Spec", "setCover": false});
    let output =
        runs("add_attachment", input, "POST", "/cards/c1/attachments", &[], Some(body), attachment.clone()).await;
    assert_eq!(output, attachment);
}

#[tokio::test]
async fn get_attachments_lists_them() {
    let attachments = json!([{"id": "t1"}]);
    let output = runs(
        "get_attachments",
        json!({"cardId": "c1"}),
        "GET",
        "/cards/c1/attachments",
        &[],
        None,
        attachments.clone(),
    )
    .await;
    assert_eq!(output, attachments);
}

#[tokio::test]
async fn delete_attachment_deletes_it() {
    let input = json!({"cardId": "c1", "attachmentId": "t1"});
    let output = runs("delete_attachment", input, "DELETE", "/cards/c1/attachments/t1", &[], None, json!({})).await;
    assert_eq!(output, json!({"deleted": true, "attachmentId": "t1"}));
}

// ---------------------------------------------------------------------------------------------
// Boards and lists
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_board_posts_its_settings() {
    let board = json!({"id": BOARD, "name": "Roadmap"});
    let input =
        json!({"name": "Roadmap", "defaultLists": false, "prefs_permissionLevel": "org", "prefs_background": "green"});
    let body =
        json!({"name": "Roadmap", "defaultLists": false, "prefs_permissionLevel": "org", "prefs_background": "green"});
    assert_eq!(runs("create_board", input, "POST", "/boards", &[], Some(body), board.clone()).await, board);
}

#[tokio::test]
async fn update_board_names_the_settings_as_trello_wants_them_on_change() {
    let board = json!({"id": "b1", "closed": true});
    let input = json!({"boardId": "b1", "closed": true, "prefs_permissionLevel": "public"});
    let body = json!({"closed": true, "prefs/permissionLevel": "public"});
    assert_eq!(runs("update_board", input, "PUT", "/boards/b1", &[], Some(body), board.clone()).await, board);
}

#[tokio::test]
async fn get_board_reads_it_with_lists() {
    let board = json!({"id": "b1", "lists": [{"id": "l1"}]});
    let query = [("fields", "all"), ("lists", "open"), ("members", "none")];
    let output =
        runs("get_board", json!({"boardId": "b1", "lists": "open"}), "GET", "/boards/b1", &query, None, board.clone())
            .await;
    assert_eq!(output, board);
}

#[tokio::test]
async fn get_boards_lists_the_members_boards() {
    let boards = json!([{"id": "b1", "name": "Roadmap"}]);
    let query = [("filter", "starred"), ("fields", "name,desc,url,closed,dateLastActivity")];
    let output =
        runs("get_boards", json!({"filter": "starred"}), "GET", "/members/me/boards", &query, None, boards.clone())
            .await;
    assert_eq!(output, boards);
}

#[tokio::test]
async fn delete_board_deletes_it() {
    let output = runs("delete_board", json!({"boardId": "b1"}), "DELETE", "/boards/b1", &[], None, json!({})).await;
    assert_eq!(output, json!({"deleted": true, "boardId": "b1"}));
}

#[tokio::test]
async fn create_list_posts_it_on_the_board() {
    let list = json!({"id": "l1", "name": "Doing"});
    let input = json!({"boardId": "b1", "name": "Doing"});
    let body = json!({"name": "Doing", "idBoard": "b1"});
    assert_eq!(runs("create_list", input, "POST", "/lists", &[], Some(body), list.clone()).await, list);
}

#[tokio::test]
async fn update_list_puts_what_changes() {
    let list = json!({"id": "l1", "name": "Done"});
    let input = json!({"listId": "l1", "name": "Done", "pos": "top"});
    let body = json!({"name": "Done", "pos": "top"});
    assert_eq!(runs("update_list", input, "PUT", "/lists/l1", &[], Some(body), list.clone()).await, list);
}

#[tokio::test]
async fn archive_list_puts_closed() {
    let list = json!({"id": "l1", "closed": true});
    let output = runs(
        "archive_list",
        json!({"listId": "l1"}),
        "PUT",
        "/lists/l1/closed",
        &[],
        Some(json!({"value": true})),
        list.clone(),
    )
    .await;
    assert_eq!(output, list);
}

#[tokio::test]
async fn get_lists_lists_the_boards_lists() {
    let lists = json!([{"id": "l1"}]);
    let output = runs(
        "get_lists",
        json!({"boardId": "b1", "filter": "all"}),
        "GET",
        "/boards/b1/lists",
        &[("filter", "all")],
        None,
        lists.clone(),
    )
    .await;
    assert_eq!(output, lists);
}

#[tokio::test]
async fn move_all_cards_posts_the_destination() {
    let cards = json!([{"id": "c1", "idList": "l2"}]);
    let input = json!({"listId": "l1", "idBoard": "b1", "idList": "l2"});
    let body = json!({"idBoard": "b1", "idList": "l2"});
    assert_eq!(
        runs("move_all_cards", input, "POST", "/lists/l1/moveAllCards", &[], Some(body), cards.clone()).await,
        cards
    );
}

#[tokio::test]
async fn archive_all_cards_posts_to_the_list() {
    let output = runs(
        "archive_all_cards",
        json!({"listId": "l1"}),
        "POST",
        "/lists/l1/archiveAllCards",
        &[],
        Some(json!({})),
        json!({}),
    )
    .await;
    assert_eq!(output, json!({}));
}

// ---------------------------------------------------------------------------------------------
// Members and search
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_member_reads_me_by_default_fields() {
    let member = json!({"id": "m1", "username": "ada"});
    let query = [("fields", "fullName,username,email,avatarUrl")];
    let output =
        runs("get_member", json!({"memberId": "me"}), "GET", "/members/me", &query, None, member.clone()).await;
    assert_eq!(output, member);
}

#[tokio::test]
async fn get_board_members_lists_them() {
    let members = json!([{"id": "m1"}]);
    let output =
        runs("get_board_members", json!({"boardId": "b1"}), "GET", "/boards/b1/members", &[], None, members.clone())
            .await;
    assert_eq!(output, members);
}

#[tokio::test]
async fn add_member_to_board_puts_the_type() {
    let board = json!({"id": "b1", "members": [{"id": "m1"}]});
    let input = json!({"boardId": "b1", "memberId": "m1", "type": "observer"});
    let output = runs(
        "add_member_to_board",
        input,
        "PUT",
        "/boards/b1/members/m1",
        &[],
        Some(json!({"type": "observer"})),
        board.clone(),
    )
    .await;
    assert_eq!(output, board);
}

#[tokio::test]
async fn remove_member_from_board_deletes_it() {
    let board = json!({"id": "b1", "members": []});
    let input = json!({"boardId": "b1", "memberId": "m1"});
    let output =
        runs("remove_member_from_board", input, "DELETE", "/boards/b1/members/m1", &[], None, board.clone()).await;
    assert_eq!(output, board);
}

#[tokio::test]
async fn search_sends_the_query_and_limits() {
    let found = json!({"cards": [{"id": "c1"}], "boards": []});
    let query = [
        ("query", "invoice"),
        ("modelTypes", "cards"),
        ("cards_limit", "5"),
        ("boards_limit", "10"),
        ("partial", "true"),
        ("idBoards", "b1"),
    ];
    let input = json!({"query": "invoice", "modelTypes": "cards", "cards_limit": 5, "idBoards": "b1"});
    assert_eq!(runs("search", input, "GET", "/search", &query, None, found.clone()).await, found);
}

#[tokio::test]
async fn test_connection_reads_the_connected_member() {
    let server = MockServer::start().await;
    upstream("GET", "/members/me").respond_with(ok(json!({"id": "m1"}))).expect(1).mount(&server).await;
    testing::connect::<Trello>(&server, credentials()).test_connection().await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Errors and credentials
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn trellos_plain_text_errors_are_mapped_with_their_words() {
    let server = MockServer::start().await;
    upstream("PUT", "/cards/c1")
        .respond_with(ResponseTemplate::new(401).set_body_string("invalid token"))
        .mount(&server)
        .await;
    let error =
        testing::execute::<Trello>(&server, credentials(), "archive_card", json!({"cardId": "c1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert_eq!(error.message, "Trello refused to archive the card: invalid token (HTTP 401)");

    let server = MockServer::start().await;
    upstream("GET", "/cards/nope")
        .respond_with(ResponseTemplate::new(404).set_body_string("model not found"))
        .mount(&server)
        .await;
    let error =
        testing::execute::<Trello>(&server, credentials(), "get_card", json!({"cardId": "nope"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("model not found"), "{error}");
}

#[tokio::test]
async fn trellos_json_errors_and_rate_limits_are_mapped() {
    let server = MockServer::start().await;
    upstream("POST", "/cards")
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({"message": "invalid value for idList", "error": "ERROR"})),
        )
        .mount(&server)
        .await;
    let error = testing::execute::<Trello>(&server, credentials(), "create_card", json!({"idList": "x", "name": "A"}))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("invalid value for idList"), "{error}");

    let server = MockServer::start().await;
    upstream("GET", "/boards/b1/members")
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({"message": "API_TOKEN_LIMIT_EXCEEDED"})))
        .mount(&server)
        .await;
    let connector = fluxturn_core::ConnectContext::new(credentials().as_object().cloned().unwrap())
        .with_base_url(server.uri())
        .with_http_options(fluxturn_core::HttpOptions { retry: fluxturn_core::RetryPolicy::NONE, ..Default::default() })
        .connect::<Trello>()
        .unwrap();
    let error = connector.execute("get_board_members", json!({"boardId": "b1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited);
    assert!(error.message.contains("API_TOKEN_LIMIT_EXCEEDED"), "{error}");
    assert!(!error.to_string().contains(TOKEN) && !format!("{:?}", error.details).contains(TOKEN));
}

#[tokio::test]
async fn a_key_or_token_that_could_break_the_header_is_refused_without_echoing_it() {
    let server = MockServer::start().await;
    let Err(error) = testing::try_connect::<Trello>(&server, json!({"apiKey": KEY, "accessToken": "abc\", x=\"y"}))
    else {
        panic!("a quote in the token must be refused")
    };
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert!(error.message.contains("accessToken") && !error.message.contains("abc"), "{error}");
    let Err(error) = testing::try_connect::<Trello>(&server, json!({"accessToken": TOKEN})) else {
        panic!("needs the key")
    };
    assert!(error.message.contains("apiKey"), "{error}");
}

#[tokio::test]
async fn a_path_like_id_never_reaches_trello() {
    let server = MockServer::start().await;
    let error =
        testing::execute::<Trello>(&server, credentials(), "delete_card", json!({"cardId": ".."})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Webhook triggers
// ---------------------------------------------------------------------------------------------

/// A Trello delivery of an action of `kind` with this `data`.
fn delivery_of(id: &str, kind: &str, data: Value) -> Value {
    json!({
        "action": {"id": id, "idMemberCreator": "m1", "type": kind, "date": "2030-01-01T10:00:00.000Z",
            "data": data, "memberCreator": {"id": "m1", "username": "ada"}},
        "model": {"id": BOARD, "name": "Roadmap"},
    })
}

/// `body` as Trello sends it to `testing::DELIVERY_URL`, signed with `secret`.
fn signed(body: &Value, secret: &str) -> WebhookRequest {
    testing::signed(
        SignatureScheme::Trello,
        testing::oddly_spaced(body),
        [("Content-Type", "application/json")],
        secret,
    )
}

async fn deliver(trigger: &str, config: Value, request: WebhookRequest) -> Result<Vec<Value>, Rejection> {
    let server = MockServer::start().await;
    let connector = testing::connect::<Trello>(&server, credentials());
    testing::deliver(&connector, trigger, config, credentials(), None, request).await.map(|reply| reply.events)
}

/// (trigger, a delivery it emits, a delivery it ignores).
fn cases() -> Vec<(&'static str, Value, Value)> {
    let card = json!({"card": {"id": "c1", "name": "A"}, "board": {"id": BOARD}});
    let moved =
        json!({"card": {"id": "c1"}, "listBefore": {"id": "l1"}, "listAfter": {"id": "l2"}, "old": {"idList": "l1"}});
    let renamed = json!({"card": {"id": "c1", "name": "B"}, "old": {"name": "A"}});
    let archived = json!({"card": {"id": "c1", "closed": true}, "old": {"closed": false}});
    vec![
        ("card_created", delivery_of("a1", "createCard", card.clone()), delivery_of("a2", "commentCard", card.clone())),
        (
            "card_updated",
            delivery_of("a1", "updateCard", renamed.clone()),
            delivery_of("a2", "createCard", card.clone()),
        ),
        (
            "card_moved",
            delivery_of("a1", "updateCard", moved.clone()),
            delivery_of("a2", "updateCard", renamed.clone()),
        ),
        ("card_archived", delivery_of("a1", "updateCard", archived), delivery_of("a2", "updateCard", renamed.clone())),
        (
            "comment_added",
            delivery_of("a1", "commentCard", json!({"text": "hi", "card": {"id": "c1"}})),
            delivery_of("a2", "updateCard", renamed.clone()),
        ),
        (
            "member_added_to_card",
            delivery_of("a1", "addMemberToCard", json!({"idMember": "m2"})),
            delivery_of("a2", "removeMemberFromCard", json!({})),
        ),
        (
            "member_removed_from_card",
            delivery_of("a1", "removeMemberFromCard", json!({"idMember": "m2"})),
            delivery_of("a2", "addMemberToCard", json!({})),
        ),
        (
            "label_added_to_card",
            delivery_of("a1", "addLabelToCard", json!({"label": {"id": "lb1"}})),
            delivery_of("a2", "removeLabelFromCard", json!({"label": {"id": "lb1"}})),
        ),
        (
            "attachment_added",
            delivery_of("a1", "addAttachmentToCard", json!({"attachment": {"id": "t1"}})),
            delivery_of("a2", "deleteAttachmentFromCard", json!({})),
        ),
        (
            "list_created",
            delivery_of("a1", "createList", json!({"list": {"id": "l3"}})),
            delivery_of("a2", "updateList", json!({})),
        ),
        (
            "board_updated",
            delivery_of(
                "a1",
                "updateBoard",
                json!({"board": {"id": BOARD, "name": "New"}, "old": {"name": "Roadmap"}}),
            ),
            delivery_of("a2", "createList", json!({})),
        ),
    ]
}

#[tokio::test]
async fn each_trigger_emits_its_signed_deliveries_and_ignores_other_actions() {
    for (trigger, wanted, other) in cases() {
        let config = json!({"boardId": BOARD});
        let request = signed(&wanted, SECRET);
        let meta = testing::trigger_meta::<Trello>(trigger).expect("declared");
        let events =
            deliver(trigger, config.clone(), request.clone()).await.unwrap_or_else(|e| panic!("{trigger}: {e}"));
        assert_eq!(events, std::slice::from_ref(&wanted), "{trigger}");
        let ids = meta.event_id.expect("an event id").ids(Some(&request), &events);
        assert_eq!(ids, [Some("a1".to_owned())], "{trigger}");
        let ignored = deliver(trigger, config, signed(&other, SECRET)).await.unwrap();
        assert!(ignored.is_empty(), "{trigger} emitted {ignored:?}");
    }
}

#[tokio::test]
async fn a_tampered_delivery_a_wrong_secret_and_no_signature_are_refused() {
    for (trigger, wanted, _) in cases() {
        let config = json!({"boardId": BOARD});
        let mut tampered = signed(&wanted, SECRET);
        tampered.body = testing::oddly_spaced(&delivery_of("a9", "createCard", json!({}))).into();
        assert!(matches!(deliver(trigger, config.clone(), tampered).await, Err(Rejection::Unverified(_))), "{trigger}");
        let forged = signed(&wanted, "another-secret");
        assert!(matches!(deliver(trigger, config.clone(), forged).await, Err(Rejection::Unverified(_))), "{trigger}");
        let mut unsigned = WebhookRequest::post(wanted.to_string(), [("Content-Type", "application/json")]);
        unsigned.url = testing::DELIVERY_URL.to_owned();
        assert!(matches!(deliver(trigger, config, unsigned).await, Err(Rejection::Unverified(_))), "{trigger}");
    }
}

#[tokio::test]
async fn the_delivery_url_is_signed_too() {
    let mut elsewhere = signed(&delivery_of("a1", "createCard", json!({})), SECRET);
    elsewhere.url = "https://flux.example.test/api/v1/webhooks/another".to_owned();
    let refused = deliver("card_created", json!({"boardId": BOARD}), elsewhere).await;
    assert!(matches!(refused, Err(Rejection::Unverified(_))));
}

#[tokio::test]
async fn trellos_unsigned_head_check_passes_with_no_event() {
    for (trigger, _, _) in cases() {
        let mut head = WebhookRequest::post("", []);
        head.method = "HEAD".to_owned();
        head.url = testing::DELIVERY_URL.to_owned();
        let events =
            deliver(trigger, json!({"boardId": BOARD}), head).await.unwrap_or_else(|e| panic!("{trigger}: {e}"));
        assert!(events.is_empty(), "{trigger}");
    }
}

#[tokio::test]
async fn without_the_api_secret_nothing_is_verified() {
    let server = MockServer::start().await;
    let connector = testing::connect::<Trello>(&server, credentials());
    let request = signed(&delivery_of("a1", "createCard", json!({})), SECRET);
    let no_secret = json!({"apiKey": KEY, "accessToken": TOKEN});
    let refused =
        testing::deliver(&connector, "card_created", json!({"boardId": BOARD}), no_secret, None, request).await;
    assert!(matches!(refused, Err(Rejection::NoSecret(_))));
}

#[tokio::test]
async fn card_moved_with_a_list_emits_only_moves_into_it() {
    let into =
        |list: &str| delivery_of("a1", "updateCard", json!({"listBefore": {"id": "l1"}, "listAfter": {"id": list}}));
    let config = json!({"boardId": BOARD, "listId": "l2"});
    assert_eq!(deliver("card_moved", config.clone(), signed(&into("l2"), SECRET)).await.unwrap().len(), 1);
    assert!(deliver("card_moved", config, signed(&into("l3"), SECRET)).await.unwrap().is_empty());
}

#[tokio::test]
async fn label_added_with_a_label_emits_only_that_label() {
    let added = |label: &str| delivery_of("a1", "addLabelToCard", json!({"label": {"id": label}}));
    let config = json!({"boardId": BOARD, "labelId": "lb1"});
    assert_eq!(deliver("label_added_to_card", config.clone(), signed(&added("lb1"), SECRET)).await.unwrap().len(), 1);
    assert!(deliver("label_added_to_card", config, signed(&added("lb2"), SECRET)).await.unwrap().is_empty());
}

#[tokio::test]
async fn checklist_completed_emits_when_the_last_item_is_checked() {
    let server = MockServer::start().await;
    let checked = |item: &str| {
        delivery_of(
            item,
            "updateCheckItemStateOnCard",
            json!({"checklist": {"id": "k1"}, "checkItem": {"id": item, "state": "complete"}}),
        )
    };
    let checklist = |states: [&str; 2]| {
        ok(
            json!({"id": "k1", "name": "Launch", "checkItems": [{"id": "i1", "state": states[0]}, {"id": "i2", "state": states[1]}]}),
        )
    };
    upstream("GET", "/checklists/k1")
        .and(matchers::query_param("checkItems", "all"))
        .respond_with(checklist(["complete", "incomplete"]))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/checklists/k1").respond_with(checklist(["complete", "complete"])).expect(1).mount(&server).await;
    let connector = testing::connect::<Trello>(&server, credentials());
    let config = json!({"boardId": BOARD});
    let first = testing::deliver(
        &connector,
        "checklist_completed",
        config.clone(),
        credentials(),
        None,
        signed(&checked("i1"), SECRET),
    )
    .await
    .unwrap();
    assert!(first.events.is_empty(), "one item left");
    let last = testing::deliver(
        &connector,
        "checklist_completed",
        config.clone(),
        credentials(),
        None,
        signed(&checked("i2"), SECRET),
    )
    .await
    .unwrap();
    assert_eq!(last.events.len(), 1);
    assert_eq!(last.events[0]["action"]["id"], "i2");
    assert_eq!(last.events[0]["checklist"]["name"], "Launch");
    let unchecked = delivery_of(
        "a3",
        "updateCheckItemStateOnCard",
        json!({"checklist": {"id": "k1"}, "checkItem": {"state": "incomplete"}}),
    );
    let none =
        testing::deliver(&connector, "checklist_completed", config, credentials(), None, signed(&unchecked, SECRET))
            .await
            .unwrap();
    assert!(none.events.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Registering the webhook
// ---------------------------------------------------------------------------------------------

const HOOK_URL: &str = "https://flux.example/api/v1/webhooks/trello/reg-1";

fn context() -> SubscribeContext {
    SubscribeContext { webhook_url: HOOK_URL.to_owned(), secret: "generated-but-unused".to_owned() }
}

#[tokio::test]
async fn subscribe_creates_the_boards_webhook_at_the_trigger_url() {
    for (trigger, _, _) in cases().into_iter().chain([("checklist_completed", json!({}), json!({}))]) {
        let server = MockServer::start().await;
        upstream("GET", &format!("/tokens/{TOKEN}/webhooks"))
            .respond_with(ok(
                json!([{"id": "w0", "callbackURL": "https://elsewhere.example/x", "idModel": BOARD, "active": true}]),
            ))
            .expect(1)
            .mount(&server)
            .await;
        upstream("POST", "/webhooks")
            .and(matchers::body_json(
                json!({"callbackURL": HOOK_URL, "idModel": BOARD, "description": format!("FluxTurn: board {BOARD}")}),
            ))
            .respond_with(ok(json!({"id": "w1", "callbackURL": HOOK_URL, "idModel": BOARD, "active": true})))
            .expect(1)
            .mount(&server)
            .await;
        let connector = testing::connect::<Trello>(&server, credentials());
        let subscription = connector.subscribe(trigger, json!({"boardId": BOARD}), context()).await.unwrap().unwrap();
        assert_eq!(subscription.upstream_id, "w1", "{trigger}");
        assert_eq!(subscription.state["idModel"], BOARD);
    }
}

#[tokio::test]
async fn subscribe_with_a_short_link_looks_the_board_up_and_reuses_a_webhook_already_there() {
    let server = MockServer::start().await;
    upstream("GET", "/boards/AbCd1234")
        .and(matchers::query_param("fields", "id"))
        .respond_with(ok(json!({"id": BOARD})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", &format!("/tokens/{TOKEN}/webhooks"))
        .respond_with(ok(json!([{"id": "w7", "callbackURL": HOOK_URL, "idModel": BOARD, "active": false}])))
        .expect(1)
        .mount(&server)
        .await;
    upstream("PUT", "/webhooks/w7")
        .and(matchers::body_json(json!({"active": true})))
        .respond_with(ok(json!({"id": "w7", "active": true})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/webhooks").respond_with(ok(json!({}))).expect(0).mount(&server).await;
    let connector = testing::connect::<Trello>(&server, credentials());
    let subscription =
        connector.subscribe("card_created", json!({"boardId": "AbCd1234"}), context()).await.unwrap().unwrap();
    assert_eq!(subscription.upstream_id, "w7");
}

#[tokio::test]
async fn a_refused_subscription_says_why_without_the_token() {
    let server = MockServer::start().await;
    upstream("GET", &format!("/tokens/{TOKEN}/webhooks")).respond_with(ok(json!([]))).mount(&server).await;
    upstream("POST", "/webhooks")
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_string("URL (https://flux.example/x) did not return 200 status code, got 401"),
        )
        .mount(&server)
        .await;
    let connector = testing::connect::<Trello>(&server, credentials());
    let error = connector.subscribe("list_created", json!({"boardId": BOARD}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.starts_with("Trello refused to create the webhook: URL"), "{error}");

    let server = MockServer::start().await;
    upstream("GET", &format!("/tokens/{TOKEN}/webhooks"))
        .respond_with(ResponseTemplate::new(401).set_body_string(format!("invalid token {TOKEN}")))
        .mount(&server)
        .await;
    let connector = testing::connect::<Trello>(&server, credentials());
    let error = connector.subscribe("list_created", json!({"boardId": BOARD}), context()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(!error.to_string().contains(TOKEN) && !error.details.to_string().contains(TOKEN), "{error:?}");
}

#[tokio::test]
async fn unsubscribe_deletes_the_webhook_and_a_gone_one_is_fine() {
    let server = MockServer::start().await;
    upstream("DELETE", "/webhooks/w1").respond_with(ok(json!({"_value": null}))).expect(1).mount(&server).await;
    upstream("DELETE", "/webhooks/w-gone")
        .respond_with(ResponseTemplate::new(404).set_body_string("model not found"))
        .mount(&server)
        .await;
    upstream("DELETE", "/webhooks/w-locked")
        .respond_with(ResponseTemplate::new(401).set_body_string("unauthorized permission requested"))
        .mount(&server)
        .await;
    let connector = testing::connect::<Trello>(&server, credentials());
    connector.unsubscribe("card_created", json!({"boardId": BOARD}), Subscription::new("w1")).await.unwrap();
    connector.unsubscribe("board_updated", json!({"boardId": BOARD}), Subscription::new("w-gone")).await.unwrap();
    let error = connector
        .unsubscribe("card_moved", json!({"boardId": BOARD}), Subscription::new("w-locked"))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(error.message.contains("unauthorized permission requested"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Due Date Approaching (polling)
// ---------------------------------------------------------------------------------------------

/// An RFC 3339 time `hours` from now, as Trello writes it.
fn in_hours(hours: f64) -> String {
    let at = chrono::Utc::now() + chrono::Duration::seconds((hours * 3600.0) as i64);
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn card(id: &str, due: Option<&str>) -> Value {
    json!({"id": id, "name": id, "due": due, "dueComplete": false, "closed": false, "idList": "l1"})
}

#[tokio::test]
async fn due_date_approaching_records_first_then_emits_each_card_entering_the_window_once() {
    let server = MockServer::start().await;
    let (already, soon, sooner, later, far) =
        (in_hours(2.0), in_hours(5.0), in_hours(3.0), in_hours(30.0), in_hours(200.0));
    let mut done = card("done", Some(&soon));
    done["dueComplete"] = json!(true);
    let first = json!([
        card("already", Some(&already)),
        card("far", Some(&far)),
        card("none", None),
        done,
        card("past", Some(&in_hours(-1.0)))
    ]);
    let second = json!([
        card("already", Some(&already)),
        card("soon", Some(&soon)),
        card("sooner", Some(&sooner)),
        card("far", Some(&far))
    ]);
    let third = json!([
        card("already", Some(&already)),
        card("soon", Some(&soon)),
        card("sooner", Some(&sooner)),
        card("later", Some(&later))
    ]);
    for (page, times) in [(first, 1), (second, 1), (third, 1)] {
        upstream("GET", "/boards/b1/cards")
            .and(matchers::query_param("filter", "open"))
            .respond_with(ok(page))
            .up_to_n_times(times)
            .expect(1)
            .mount(&server)
            .await;
    }
    let connector = testing::connect::<Trello>(&server, credentials());
    let config = json!({"boardId": "b1", "hoursBeforeDue": 24});

    let polled = connector.poll("due_date_approaching", config.clone(), None).await.unwrap();
    assert!(polled.events.is_empty(), "the first poll only records where things stand");
    let polled = connector.poll("due_date_approaching", config.clone(), polled.cursor).await.unwrap();
    let ids: Vec<&str> = polled.events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["sooner", "soon"], "oldest due first, the card already due at the start not replayed");
    let polled = connector.poll("due_date_approaching", config, polled.cursor).await.unwrap();
    assert!(polled.events.is_empty(), "nothing twice; `later` is still 30 hours away: {:?}", polled.events);
}

#[tokio::test]
async fn due_date_approaching_emits_a_card_again_when_its_due_date_changes() {
    let server = MockServer::start().await;
    let (before, after) = (in_hours(5.0), in_hours(6.0));
    for page in [json!([card("c1", Some(&before))]), json!([card("c1", Some(&after))])] {
        upstream("GET", "/boards/b1/cards").respond_with(ok(page)).up_to_n_times(1).expect(1).mount(&server).await;
    }
    let connector = testing::connect::<Trello>(&server, credentials());
    let config = json!({"boardId": "b1"});
    let cursor = json!({"emitted": []});
    let polled = connector.poll("due_date_approaching", config.clone(), Some(cursor)).await.unwrap();
    assert_eq!(polled.events.len(), 1);
    let polled = connector.poll("due_date_approaching", config, polled.cursor).await.unwrap();
    assert_eq!(polled.events.len(), 1, "a new due date is a new approach");
    assert_eq!(polled.events[0]["due"], json!(after));
}

#[tokio::test]
async fn no_answer_at_all_says_what_could_not_be_done() {
    let connector = fluxturn_core::ConnectContext::new(credentials().as_object().cloned().unwrap())
        .with_base_url("http://127.0.0.1:9")
        .with_http_options(fluxturn_core::HttpOptions { retry: fluxturn_core::RetryPolicy::NONE, ..Default::default() })
        .connect::<Trello>()
        .unwrap();
    let error = connector.execute("get_board", json!({"boardId": "b1"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Connection);
    assert!(error.message.starts_with("could not get the board on Trello: "), "{error}");
    assert!(!error.to_string().contains(TOKEN), "{error}");
}
