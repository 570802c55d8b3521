//! The engine on canvases written in FluxTurn's format, with a mock in place of the connectors:
//! what each action is called with, what each node outputs, and how errors, retries, timeouts
//! and skips show in the run data.

use fluxturn_workflow::canvas::Canvas;
use fluxturn_workflow::engine::{run, ActionCall, Actions, Answer, BoxFuture, NodeStatus, Settings, Status, StepError};
use fluxturn_workflow::graph::plan;
use fluxturn_workflow::item::{items_from, Item};
use serde_json::{json, Value};
use std::sync::Mutex;
use std::time::Duration;

/// Answers every call with `{"echo": input}`, except the scripted failures; records each call.
#[derive(Default)]
struct Mock {
    calls: Mutex<Vec<(String, String, Value)>>,
    /// Per action: how many calls fail before it succeeds.
    failures: Mutex<Vec<(String, usize)>>,
    /// Per action: how long each call takes.
    delays: Vec<(String, Duration)>,
}

impl Mock {
    fn failing(action: &str, times: usize) -> Self {
        Self { failures: Mutex::new(vec![(action.into(), times)]), ..Self::default() }
    }

    fn calls(&self) -> Vec<(String, String, Value)> {
        self.calls.lock().unwrap().clone()
    }
}

impl Actions for Mock {
    fn run<'a>(&'a self, call: ActionCall<'a>) -> BoxFuture<'a, Result<Answer, StepError>> {
        Box::pin(async move {
            self.calls.lock().unwrap().push((call.connector.into(), call.action.into(), call.input.clone()));
            if let Some((_, delay)) = self.delays.iter().find(|(a, _)| a == call.action) {
                tokio::time::sleep(*delay).await;
            }
            let mut failures = self.failures.lock().unwrap();
            if let Some((_, left)) = failures.iter_mut().find(|(a, left)| a == call.action && *left > 0) {
                *left -= 1;
                return Err(StepError::new(format!("{} is down", call.connector)));
            }
            Ok(json!({"echo": call.input}).into())
        })
    }
}

fn canvas(nodes: Value, edges: Value) -> Canvas {
    Canvas::find(&json!({"canvas": {"nodes": nodes, "edges": edges}})).unwrap()
}

fn manual() -> Value {
    json!({"id": "node_1", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}})
}

fn action(id: &str, label: &str, connector: &str, action: &str, params: Value) -> Value {
    json!({"id": id, "type": "CONNECTOR_ACTION",
           "data": {"label": label, "connectorType": connector, "actionId": action, "actionParams": params}})
}

fn edge(source: &str, target: &str) -> Value {
    json!({"id": format!("{source}-{target}"), "source": source, "target": target})
}

async fn execute(canvas: &Canvas, input: Value, mock: &Mock) -> fluxturn_workflow::engine::Execution {
    let plan = plan(canvas, None).unwrap();
    run(&plan, items_from(input), mock, &Settings::default()).await
}

#[tokio::test]
async fn actions_run_per_item_in_order_and_output_fluxturns_shape() {
    let canvas = canvas(
        json!([
            manual(),
            action("node_2", "Chat Completion", "openai", "chat_complete", json!({"prompt": "Say {{ $json.text }}"})),
            action(
                "node_3",
                "Send Message",
                "slack",
                "send_message",
                json!({"channel": "{{ $trigger.channel }}", "text": "{{ $json.echo.prompt }} / {{ $node[\"Chat Completion\"].json.connector }}"})
            ),
        ]),
        json!([edge("node_1", "node_2"), edge("node_2", "node_3")]),
    );
    let mock = Mock::default();
    let execution =
        execute(&canvas, json!([{"text": "hi", "channel": "C1"}, {"text": "yo", "channel": "C2"}]), &mock).await;
    assert_eq!(execution.status, Status::Completed, "{execution:?}");
    let calls = mock.calls();
    assert_eq!(calls.len(), 4, "two items through two actions: {calls:?}");
    assert_eq!(calls[0], ("openai".into(), "chat_complete".into(), json!({"prompt": "Say hi"})));
    assert_eq!(calls[1].2, json!({"prompt": "Say yo"}));
    assert_eq!(calls[2].2, json!({"channel": "C1", "text": "Say hi / openai"}));
    let sent = &execution.node("node_3").unwrap().output[0][0].json;
    assert_eq!(
        (sent["success"].as_bool(), sent["connector"].as_str(), sent["action"].as_str()),
        (Some(true), Some("slack"), Some("send_message"))
    );
    assert!(sent["executedAt"].as_str().unwrap().ends_with('Z'), "{sent}");
    assert_eq!(sent["echo"]["channel"], "C1", "the answer's fields are spread into the item");
}

#[tokio::test]
async fn a_node_waits_for_all_its_parents_and_a_merge_appends_their_items() {
    let merge = json!({"id": "merge", "type": "MERGE", "data": {"label": "Merge", "mode": "append"}});
    let canvas = canvas(
        json!([
            merge,
            manual(),
            action("a", "A", "x", "a", json!({"n": 1})),
            action("b", "B", "x", "b", json!({"n": 2}))
        ]),
        json!([edge("node_1", "a"), edge("node_1", "b"), edge("a", "merge"), edge("b", "merge")]),
    );
    let mock = Mock::default();
    let execution = execute(&canvas, json!({}), &mock).await;
    let order: Vec<&str> = execution.nodes.iter().map(|n| n.node.as_str()).collect();
    assert_eq!(order, ["node_1", "a", "b", "merge"], "the merge runs once, after both");
    let merged = &execution.node("merge").unwrap().output[0];
    assert_eq!(merged.len(), 2);
    assert_eq!((merged[0].json["action"].as_str(), merged[1].json["action"].as_str()), (Some("a"), Some("b")));
}

#[tokio::test]
async fn merge_combines_by_position_and_by_fields() {
    let by = |mode: Value| {
        let mut data = json!({"label": "Merge", "mode": "combine"});
        data.as_object_mut().unwrap().extend(mode.as_object().unwrap().clone());
        canvas(
            json!([manual(), {"id": "s1", "type": "SET", "data": {"label": "One", "mode": "json", "jsonOutput": "{\"id\": 1, \"who\": \"one\"}"}},
                   {"id": "s2", "type": "SET", "data": {"label": "Two", "mode": "json", "jsonOutput": "{\"id\": 1, \"what\": \"two\"}"}},
                   {"id": "merge", "type": "MERGE", "data": data}]),
            json!([edge("node_1", "s1"), edge("node_1", "s2"), edge("s1", "merge"), edge("s2", "merge")]),
        )
    };
    let mock = Mock::default();
    for mode in [
        json!({"combineBy": "combineByPosition"}),
        json!({"combineBy": "combineByFields", "fieldsToMatchString": "id"}),
    ] {
        let execution = execute(&by(mode.clone()), json!({}), &mock).await;
        let merged = &execution.node("merge").unwrap().output[0];
        assert_eq!(merged.len(), 1, "{mode}: {execution:?}");
        assert_eq!(merged[0].json, json!({"id": 1, "who": "one", "what": "two"}), "{mode}");
    }
}

#[tokio::test]
async fn retry_on_fail_retries_and_the_run_data_counts_the_tries() {
    let mut flaky = action("node_2", "Flaky", "acme", "flaky", json!({}));
    flaky["data"]["retryOnFail"] = json!(true);
    flaky["data"]["maxTries"] = json!(3);
    flaky["data"]["waitBetweenTries"] = json!(0);
    let canvas = canvas(json!([manual(), flaky]), json!([edge("node_1", "node_2")]));
    let mock = Mock::failing("flaky", 2);
    let execution = execute(&canvas, json!({}), &mock).await;
    assert_eq!(execution.status, Status::Completed, "{execution:?}");
    let run = execution.node("node_2").unwrap();
    assert_eq!((run.status, run.tries), (NodeStatus::Success, 3));
    assert_eq!(mock.calls().len(), 3);
}

#[tokio::test]
async fn a_failure_stops_the_run_and_keeps_what_ran() {
    let canvas = canvas(
        json!([
            manual(),
            action("node_2", "Flaky", "acme", "flaky", json!({})),
            action("node_3", "After", "acme", "after", json!({}))
        ]),
        json!([edge("node_1", "node_2"), edge("node_2", "node_3")]),
    );
    let mock = Mock::failing("flaky", 5);
    let execution = execute(&canvas, json!({"a": 1}), &mock).await;
    assert_eq!(execution.status, Status::Failed);
    assert_eq!(execution.error.as_deref(), Some("node `Flaky` failed: acme is down"));
    let failed = execution.node("node_2").unwrap();
    assert_eq!((failed.status, failed.input[0].json.clone()), (NodeStatus::Failed, json!({"a": 1})));
    assert!(execution.node("node_3").is_none(), "nothing after the failure ran");
    assert_eq!(mock.calls().len(), 1, "no retries unless asked for");
}

#[tokio::test]
async fn on_error_continue_sends_the_error_on_and_error_output_routes_it() {
    for (on_error, output) in [("continueRegularOutput", 0), ("continueErrorOutput", 1)] {
        let mut flaky = action("node_2", "Flaky", "acme", "flaky", json!({}));
        flaky["data"]["onError"] = json!(on_error);
        let mut handler = action("node_3", "Handler", "acme", "handle", json!({"why": "{{ $json.error }}"}));
        handler["data"]["label"] = json!("Handler");
        let to_handler =
            json!({"source": "node_2", "target": "node_3", "sourceHandle": if output == 1 { "false" } else { "true" }});
        let canvas = canvas(json!([manual(), flaky, handler]), json!([edge("node_1", "node_2"), to_handler]));
        let mock = Mock::failing("flaky", 1);
        let execution = execute(&canvas, json!({"a": 1}), &mock).await;
        assert_eq!(execution.status, Status::Completed, "{on_error}: {execution:?}");
        let flaky = execution.node("node_2").unwrap();
        assert_eq!(flaky.status, NodeStatus::ContinuedOnError);
        assert_eq!(flaky.output[output][0].json, json!({"a": 1, "error": "acme is down"}), "{on_error}");
        assert_eq!(mock.calls().last().unwrap().2, json!({"why": "acme is down"}), "{on_error}");
    }
}

#[tokio::test]
async fn a_node_over_its_timeout_fails_with_a_clear_error() {
    let mut slow = action("node_2", "Slow", "acme", "slow", json!({}));
    slow["data"]["timeout"] = json!(50);
    let canvas = canvas(json!([manual(), slow]), json!([edge("node_1", "node_2")]));
    let mock = Mock { delays: vec![("slow".into(), Duration::from_secs(5))], ..Mock::default() };
    let execution = execute(&canvas, json!({}), &mock).await;
    assert_eq!(execution.status, Status::Failed);
    assert_eq!(execution.node("node_2").unwrap().error.as_deref(), Some("`Slow` took longer than 50 ms"));
}

#[tokio::test]
async fn the_execution_time_limit_ends_the_run_as_timeout() {
    let canvas = canvas(
        json!([manual(), action("node_2", "Slow", "acme", "slow", json!({}))]),
        json!([edge("node_1", "node_2")]),
    );
    let mock = Mock { delays: vec![("slow".into(), Duration::from_secs(5))], ..Mock::default() };
    let plan = plan(&canvas, None).unwrap();
    let settings = Settings { execution_timeout: Some(Duration::from_millis(50)), ..Settings::default() };
    let execution = run(&plan, items_from(json!({})), &mock, &settings).await;
    assert_eq!(execution.status, Status::Timeout, "{execution:?}");
}

#[tokio::test]
async fn empty_inputs_skip_a_node_and_the_skip_propagates() {
    let empty = json!({"id": "set", "type": "SET", "data": {"label": "Nothing"}});
    let canvas = canvas(
        json!([
            manual(),
            empty,
            action("node_3", "Never", "acme", "never", json!({})),
            action("node_4", "Later", "acme", "later", json!({}))
        ]),
        json!([edge("node_1", "set"), {"source": "set", "target": "node_3", "sourceHandle": "false"}, edge("node_3", "node_4")]),
    );
    let mock = Mock::default();
    let execution = execute(&canvas, json!({}), &mock).await;
    assert_eq!(execution.status, Status::Completed);
    assert_eq!(execution.node("node_3").unwrap().status, NodeStatus::Skipped, "SET has no output 1");
    assert_eq!(execution.node("node_4").unwrap().status, NodeStatus::Skipped, "and the skip propagates");
    assert!(mock.calls().is_empty());
}

#[tokio::test]
async fn set_takes_fluxturns_json_text_fields_with_types_and_dotted_names() {
    let fields = r#"[{"name": "top.query", "type": "string", "value": "{{$json.rising[0].query}}"},
                     {"name": "top.score", "type": "number", "value": "{{$json.rising[0].value}}"},
                     {"name": "flag", "type": "boolean", "value": "true"}]"#;
    let set = json!({"id": "set", "type": "SET", "data": {"label": "Edit Fields (Set)", "mode": "manual", "fields": fields, "include": "none"}});
    let canvas = canvas(json!([manual(), set]), json!([edge("node_1", "set")]));
    let execution =
        execute(&canvas, json!({"rising": [{"query": "coffee \"beans\"", "value": "42"}]}), &Mock::default()).await;
    let out = &execution.node("set").unwrap().output[0][0].json;
    assert_eq!(out, &json!({"top": {"query": "coffee \"beans\"", "score": 42}, "flag": true}), "{execution:?}");
}

#[tokio::test]
async fn an_unresolved_expression_is_null_with_a_warning_in_the_run_data() {
    let canvas = canvas(
        json!([
            manual(),
            action("node_2", "Send", "slack", "send_message", json!({"text": "{{ $json.missing.deep }}"}))
        ]),
        json!([edge("node_1", "node_2")]),
    );
    let mock = Mock::default();
    let execution = execute(&canvas, json!({}), &mock).await;
    assert_eq!(mock.calls()[0].2, json!({"text": null}));
    let warnings = &execution.node("node_2").unwrap().warnings;
    assert!(warnings.iter().any(|w| w.contains("missing")), "{warnings:?}");
}

#[test]
fn items_round_trip_as_n8n_shapes_them() {
    let item: Item = serde_json::from_value(json!({"json": {"a": 1}})).unwrap();
    assert_eq!(serde_json::to_value(&item).unwrap(), json!({"json": {"a": 1}}));
}

fn condition(left: &str, operation: &str, right: Value) -> Value {
    json!({"combinator": "and", "conditions": [
        {"leftValue": left, "rightValue": right, "operator": {"type": "number", "operation": operation}}
    ]})
}

#[tokio::test]
async fn an_if_routes_each_item_and_a_merge_fans_the_branches_back_in() {
    let check = json!({"id": "if", "type": "IF_CONDITION", "data": {"label": "Big?", "conditions": condition("{{ $json.amount }}", "gt", json!(100))}});
    let canvas = canvas(
        json!([manual(), check,
               action("big", "Alert", "slack", "send_message", json!({"text": "big {{ $json.amount }}"})),
               action("small", "Log", "sheets", "append", json!({"row": "{{ $json.amount }}"})),
               {"id": "merge", "type": "MERGE", "data": {"label": "All"}}]),
        json!([edge("node_1", "if"),
               {"source": "if", "target": "big", "sourceHandle": "true"},
               {"source": "if", "target": "small", "sourceHandle": "false"},
               edge("big", "merge"), edge("small", "merge")]),
    );
    let mock = Mock::default();
    let execution = execute(&canvas, json!([{"amount": 500}, {"amount": 5}, {"amount": 101}]), &mock).await;
    assert_eq!(execution.status, Status::Completed, "{execution:?}");
    let routed = &execution.node("if").unwrap().output;
    assert_eq!((routed[0].len(), routed[1].len()), (2, 1));
    let inputs: Vec<Value> = mock.calls().into_iter().map(|(_, _, input)| input).collect();
    assert_eq!(inputs, [json!({"text": "big 500"}), json!({"text": "big 101"}), json!({"row": 5})]);
    assert_eq!(execution.node("merge").unwrap().output[0].len(), 3, "the merge waits for both branches");
}

#[tokio::test]
async fn a_bare_left_value_names_a_field_of_the_item_as_in_fluxturn() {
    let check = json!({"id": "f", "type": "FILTER", "data": {"label": "Open only", "conditions": {"combinator": "and", "conditions": [
        {"leftValue": "issue.state", "rightValue": "open", "operator": {"type": "string", "operation": "equals"}}]}}});
    let canvas = canvas(json!([manual(), check]), json!([edge("node_1", "f")]));
    let execution =
        execute(&canvas, json!([{"issue": {"state": "open"}}, {"issue": {"state": "closed"}}]), &Mock::default()).await;
    let kept = &execution.node("f").unwrap().output;
    assert_eq!((kept[0].len(), kept[1].len()), (1, 1), "{execution:?}");
}

#[tokio::test]
async fn a_switch_sends_each_item_to_the_output_of_its_first_matching_rule() {
    let rule = |n: i64| json!({"conditions": condition("{{ $json.priority }}", "equals", json!(n))});
    let switch = json!({"id": "sw", "type": "SWITCH", "data": {"label": "Priority", "mode": "rules",
        "rules": {"values": [rule(1), rule(2)]}, "fallbackOutput": "extra"}});
    let canvas = canvas(
        json!([
            manual(),
            switch,
            action("p1", "Page", "x", "page", json!({})),
            action("other", "Later", "x", "later", json!({}))
        ]),
        json!([edge("node_1", "sw"), {"source": "sw", "target": "p1", "sourceHandle": "output-0"},
               {"source": "sw", "target": "other", "sourceHandle": "output-2"}]),
    );
    let mock = Mock::default();
    let execution = execute(&canvas, json!([{"priority": 1}, {"priority": 2}, {"priority": 9}]), &mock).await;
    let outputs: Vec<usize> = execution.node("sw").unwrap().output.iter().map(Vec::len).collect();
    assert_eq!(outputs, [1, 1, 1], "{execution:?}");
    let actions: Vec<String> = mock.calls().into_iter().map(|(_, action, _)| action).collect();
    assert_eq!(actions, ["page", "later"], "output 1 has no edge; the fallback (output 2) does");
}
