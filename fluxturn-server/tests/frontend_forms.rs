//! What FluxTurn's node dialog reads from a definition: fields in the input struct's declaration
//! order (as served, and as `order`), and scalar arrays as `items: {type}` so the dialog offers a
//! list input instead of a text box.

mod common;

use common::TestServer;
use fluxturn_core::ConnectorDefinition;

/// The served definition of `connector`, read in document order (`FieldMap` keeps it).
async fn served(server: &TestServer, connector: &str) -> ConnectorDefinition {
    let url = server.url(&format!("/api/v1/connectors/definitions/{connector}"));
    let text = reqwest::get(url).await.unwrap().text().await.unwrap();
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn input_fields_are_served_in_declaration_order_with_their_order() {
    let server = TestServer::start().await;
    let acme = served(&server, "acme").await;
    let send = acme.supported_actions.iter().find(|a| a.id == "send_message").unwrap();
    let fields: Vec<(&str, Option<usize>)> = send.input_schema.iter().map(|(n, f)| (n.as_str(), f.order)).collect();
    assert_eq!(fields, [("channel", Some(0)), ("text", Some(1))], "the form shows Channel before Message");
    // Not alphabetical: GitHub's new issue asks for the repository before the title.
    let github = served(&server, "github").await;
    let issue = github.supported_actions.iter().find(|a| a.input_schema.contains_key("labels")).unwrap();
    let names: Vec<&str> = issue.input_schema.keys().map(String::as_str).collect();
    assert_eq!(&names[..5], ["owner", "repository", "title", "body", "labels"]);
    let orders: Vec<Option<usize>> = issue.input_schema.values().map(|f| f.order).collect();
    assert_eq!(orders, (0..names.len()).map(Some).collect::<Vec<_>>());
}

#[tokio::test]
async fn scalar_arrays_carry_their_item_type() {
    let server = TestServer::start().await;
    let github = served(&server, "github").await;
    let labels = github
        .supported_actions
        .iter()
        .find_map(|a| a.input_schema.get("labels").filter(|f| f.field_type == "array"))
        .expect("an action with a `labels` list");
    assert_eq!(labels.items, Some(serde_json::json!({"type": "string"})));
    assert_eq!(labels.item_schema, None, "itemSchema is for arrays of objects");
}
