//! RUN_CODE through the engine: what the code sees, what its return makes, and the sandbox's
//! limits (time, memory, stack, output; no files, network, environment or processes).

use fluxturn_workflow::canvas::Canvas;
use fluxturn_workflow::engine::{
    run, ActionCall, Actions, Answer, BoxFuture, Execution, NodeRun, NodeStatus, Settings, Status, StepError,
};
use fluxturn_workflow::graph::plan;
use fluxturn_workflow::item::items_from;
use fluxturn_workflow::validate::{validate, Catalogue};
use serde_json::{json, Map, Value};
use std::time::{Duration, Instant};

/// No connector is called in these workflows.
struct NoActions;

impl Actions for NoActions {
    fn run<'a>(&'a self, call: ActionCall<'a>) -> BoxFuture<'a, Result<Answer, StepError>> {
        Box::pin(async move { Err(StepError::new(format!("unexpected call of {}", call.action))) })
    }
}

fn manual() -> Value {
    json!({"id": "node_1", "type": "MANUAL_TRIGGER", "data": {"label": "Start"}})
}

fn code_node(id: &str, data: Value) -> Value {
    json!({"id": id, "type": "RUN_CODE", "data": data})
}

fn edge(source: &str, target: &str) -> Value {
    json!({"id": format!("{source}-{target}"), "source": source, "target": target})
}

fn canvas(nodes: Value, edges: Value) -> Canvas {
    Canvas::find(&json!({"canvas": {"nodes": nodes, "edges": edges}})).unwrap()
}

async fn execute(canvas: &Canvas, input: Value) -> Execution {
    let plan = plan(canvas, None).unwrap();
    run(&plan, items_from(input), &NoActions, &Settings::default()).await
}

/// Runs a trigger → RUN_CODE (`config.code` = `code`) on `input`; the code node's run data.
async fn run_code(code: &str, input: Value) -> NodeRun {
    run_code_with(json!({"label": "Code", "config": {"code": code}}), input).await
}

async fn run_code_with(data: Value, input: Value) -> NodeRun {
    let canvas = canvas(json!([manual(), code_node("code", data)]), json!([edge("node_1", "code")]));
    execute(&canvas, input).await.node("code").unwrap().clone()
}

fn jsons(run: &NodeRun) -> Vec<Value> {
    run.output.first().map(|items| items.iter().map(|i| i.json.clone()).collect()).unwrap_or_default()
}

fn error(run: &NodeRun) -> String {
    assert_eq!(run.status, NodeStatus::Failed, "{run:?}");
    run.error.clone().unwrap()
}

#[tokio::test]
async fn the_lead_score_template_scores_a_ceo_at_a_large_company() {
    // FluxTurn's "Calculate Score" template node, as stored.
    let data = json!({"label": "Calculate Score", "config": {"code": "let score = 0; if ($json.fields.JobTitle?.includes(\"CEO\")) score += 30; if ($json.fields.CompanySize > 50) score += 20; return { score };"}});
    let run = run_code_with(data, json!({"fields": {"JobTitle": "CEO & Founder", "CompanySize": 100}})).await;
    assert_eq!(run.status, NodeStatus::Success, "{run:?}");
    assert_eq!(jsons(&run), [json!({"score": 50})]);
}

#[tokio::test]
async fn code_in_data_and_fluxturns_data_name_work_too() {
    let run = run_code_with(
        json!({"label": "Code", "code": "return { doubled: data.n * 2, same: data === $json };"}),
        json!({"n": 21}),
    )
    .await;
    assert_eq!(jsons(&run), [json!({"doubled": 42, "same": true})]);
}

#[tokio::test]
async fn it_runs_once_per_item_with_n8ns_names_in_scope() {
    let code = "return { i: $itemIndex, n: $json.n, item: $input.item.json.n, count: items.length, all: $input.all().map(x => x.json.n), first: $input.first().json.n, last: $input.last().json.n, ctx: context.$json.n };";
    let run = run_code(code, json!([{"n": 1}, {"n": 2}])).await;
    assert_eq!(
        jsons(&run),
        [
            json!({"i": 0, "n": 1, "item": 1, "count": 2, "all": [1, 2], "first": 1, "last": 2, "ctx": 1}),
            json!({"i": 1, "n": 2, "item": 2, "count": 2, "all": [1, 2], "first": 1, "last": 2, "ctx": 2})
        ]
    );
}

#[tokio::test]
async fn n8ns_run_once_for_all_items_mode_runs_once() {
    let data = json!({"label": "Code", "mode": "runOnceForAllItems",
                      "code": "return items.map(i => ({ json: { n: i.json.n * 10, first: $json.n } }));"});
    let run = run_code_with(data, json!([{"n": 1}, {"n": 2}, {"n": 3}])).await;
    assert_eq!(jsons(&run), [json!({"n": 10, "first": 1}), json!({"n": 20, "first": 1}), json!({"n": 30, "first": 1})]);
}

#[tokio::test]
async fn an_array_gives_several_items_and_primitives_become_values() {
    let run = run_code("return $json.ideas.split('\\n').filter(i => i.trim());", json!({"ideas": "a\n\nb\nc"})).await;
    assert_eq!(jsons(&run), [json!({"value": "a"}), json!({"value": "b"}), json!({"value": "c"})]);
    let run = run_code("return [{ a: 1 }, { json: { b: 2 } }];", json!({})).await;
    assert_eq!(jsons(&run), [json!({"a": 1}), json!({"b": 2})]);
    let run = run_code("return 0;", json!({})).await;
    assert_eq!(jsons(&run), [json!({"value": 0})]);
}

#[tokio::test]
async fn nothing_returned_passes_the_item_on_and_an_empty_array_drops_it() {
    let run =
        run_code("if ($json.keep) return; return [];", json!([{"keep": true, "n": 1}, {"keep": false, "n": 2}])).await;
    assert_eq!(jsons(&run), [json!({"keep": true, "n": 1})], "FluxTurn's `result || data`; [] gives no item");
    let run = run_code("$json.touched = true; return null;", json!({"n": 1})).await;
    assert_eq!(jsons(&run), [json!({"n": 1})], "the input item, unchanged");
}

#[tokio::test]
async fn await_works_and_dates_cross_as_json() {
    let run = run_code("const v = await Promise.resolve(7); return { v, at: new Date(0) };", json!({})).await;
    assert_eq!(jsons(&run), [json!({"v": 7, "at": "1970-01-01T00:00:00.000Z"})]);
}

#[tokio::test]
async fn the_items_of_several_inputs_are_all_visible() {
    let set = |id: &str, n: u32| json!({"id": id, "type": "SET", "data": {"label": id, "mode": "json", "jsonOutput": format!("{{\"from\": {n}}}"), "include": "none"}});
    let code = code_node(
        "code",
        json!({"label": "Code", "code": "return { mine: $json.from, all: items.map(i => i.json.from) };"}),
    );
    let canvas = canvas(
        json!([manual(), set("a", 1), set("b", 2), code]),
        json!([edge("node_1", "a"), edge("node_1", "b"), edge("a", "code"), edge("b", "code")]),
    );
    let execution = execute(&canvas, json!({})).await;
    let run = execution.node("code").unwrap();
    assert_eq!(jsons(run), [json!({"mine": 1, "all": [1, 2]}), json!({"mine": 2, "all": [1, 2]})], "{execution:?}");
}

#[tokio::test]
async fn trigger_workflow_and_console_log_are_there() {
    let canvas = canvas(
        json!([manual(), {"id": "set", "type": "SET", "data": {"label": "S", "mode": "json", "jsonOutput": "{\"x\": 1}", "include": "none"}},
               code_node("code", json!({"label": "Code", "code": "console.log('seen', { t: $trigger.t }); return { t: $trigger.t, w: $workflow.id, c: context.$workflow.id };"}))]),
        json!([edge("node_1", "set"), edge("set", "code")]),
    );
    let plan = plan(&canvas, None).unwrap();
    let settings = Settings { workflow: json!({"id": "wf_1"}), ..Settings::default() };
    let execution = run(&plan, items_from(json!({"t": "go"})), &NoActions, &settings).await;
    let run = execution.node("code").unwrap();
    assert_eq!(jsons(run), [json!({"t": "go", "w": "wf_1", "c": "wf_1"})], "{run:?}");
    assert_eq!(run.warnings, ["console.log: seen {\"t\":\"go\"}"]);
}

#[tokio::test]
async fn a_thrown_error_is_the_nodes_error_with_its_line() {
    let run = run_code("const a = 1;\nthrow new Error('no lead for ' + $json.id);", json!({"id": 7})).await;
    assert_eq!(error(&run), "the code of `Code` threw Error: no lead for 7 (line 2)");
    let run = run_code("return $json.missing.deep;", json!({})).await;
    let message = error(&run);
    assert!(message.starts_with("the code of `Code` threw TypeError: ") && message.ends_with("(line 1)"), "{message}");
    let run = run_code("throw 'plain';", json!({})).await;
    assert_eq!(error(&run), "the code of `Code` threw \"plain\"");
}

#[tokio::test]
async fn a_syntax_error_is_reported() {
    let run = run_code("let x = ;", json!({})).await;
    let message = error(&run);
    assert!(message.starts_with("the code of `Code` threw SyntaxError"), "{message}");
}

#[tokio::test]
async fn an_endless_loop_stops_at_the_time_limit() {
    let started = Instant::now();
    let run = run_code_with(json!({"label": "Code", "code": "while (true) {}", "timeout": 300}), json!({})).await;
    let message = error(&run);
    // The script's own interrupt and the engine's timer both say so; either may win the race.
    assert!(message.contains("longer than 300 ms"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

#[tokio::test]
async fn an_endless_loop_stops_at_the_default_limit() {
    let started = Instant::now();
    let run = run_code("for (;;) {}", json!({})).await;
    assert_eq!(error(&run), "the code of `Code` ran longer than 5000 ms");
    assert!(started.elapsed() < Duration::from_secs(8), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_memory_bomb_fails_cleanly() {
    // A generous time limit: on a loaded machine the default 5 s may pass before 64 pushes do.
    let code = "let a = []; while (true) a.push('x'.repeat(1e6));";
    let run = run_code_with(json!({"label": "Code", "code": code, "timeout": 120_000}), json!({})).await;
    assert_eq!(error(&run), "the code of `Code` used more than 64 MiB of memory");
}

#[tokio::test]
async fn deep_recursion_fails_cleanly() {
    let run = run_code("function f(n) { return f(n + 1) + 1; }\nreturn f(0);", json!({})).await;
    let message = error(&run);
    assert!(message.contains("stack") || message.contains("Maximum call"), "{message}");
}

#[tokio::test]
async fn output_over_the_limit_fails() {
    let run = run_code("return { big: 'x'.repeat(11 * 1024 * 1024) };", json!({})).await;
    assert_eq!(error(&run), "the code of `Code` returned more than 10 MiB of JSON");
}

#[tokio::test]
async fn there_is_no_environment_file_network_or_process_access() {
    for (code, missing) in [
        ("return { home: process.env.HOME };", "process"),
        ("const fs = require('fs'); return { f: fs.readFileSync('/etc/passwd', 'utf8') };", "require"),
        ("const r = await fetch('http://x'); return { s: r.status };", "fetch"),
        ("return { d: Deno.env.get('HOME') };", "Deno"),
        ("return { s: std.getenv('HOME') };", "std"),
        ("return { o: os.exec(['ls']) };", "os"),
        ("return new XMLHttpRequest();", "XMLHttpRequest"),
    ] {
        let message = error(&run_code(code, json!({})).await);
        assert!(message.contains("ReferenceError") && message.contains(missing), "{code}: {message}");
    }
    // A dynamic import has no loader to find anything with.
    let message = error(&run_code("const fs = await import('fs'); return fs;", json!({})).await);
    assert!(message.contains("fs"), "{message}");
    // Nothing of that sort among the globals either.
    let run = run_code("return { names: Object.getOwnPropertyNames(globalThis) };", json!({})).await;
    let names = jsons(&run)[0]["names"].as_array().unwrap().clone();
    for name in ["process", "require", "fetch", "std", "os", "setTimeout", "Deno", "Bun"] {
        assert!(!names.contains(&json!(name)), "{name} in {names:?}");
    }
}

#[tokio::test]
async fn a_failing_code_node_stops_the_run() {
    let canvas = canvas(
        json!([
            manual(),
            code_node("code", json!({"label": "Bad", "code": "null.x"})),
            code_node("after", json!({"label": "After", "code": "return {}"}))
        ]),
        json!([edge("node_1", "code"), edge("code", "after")]),
    );
    let execution = execute(&canvas, json!({})).await;
    assert_eq!(execution.status, Status::Failed);
    assert!(
        execution.error.as_deref().unwrap().starts_with("node `Bad` failed: the code of `Bad` threw TypeError"),
        "{execution:?}"
    );
    assert!(execution.node("after").is_none());
}

#[tokio::test]
async fn the_validator_knows_run_code_and_wants_code() {
    struct None_;
    impl Catalogue for None_ {
        fn connectors(&self) -> Vec<String> {
            Vec::new()
        }
        fn actions(&self, _: &str) -> Option<Vec<String>> {
            None
        }
        fn triggers(&self, _: &str) -> Option<Vec<String>> {
            None
        }
        fn check_input(&self, _: &str, _: &str, _: &Map<String, Value>) -> Vec<(String, String)> {
            Vec::new()
        }
    }
    let good = canvas(
        json!([manual(), code_node("code", json!({"label": "C", "config": {"code": "return $json"}}))]),
        json!([edge("node_1", "code")]),
    );
    assert_eq!(validate(&good, &None_), []);
    let empty = canvas(
        json!([manual(), code_node("code", json!({"label": "C", "config": {"code": "  "}}))]),
        json!([edge("node_1", "code")]),
    );
    let problems = validate(&empty, &None_);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!((problems[0].field.as_deref(), problems[0].message.as_str()), (Some("code"), "write the code to run"));
}

/// Not a check: prints what a trivial script costs per item (run with `--nocapture`).
#[tokio::test]
async fn per_item_overhead_of_a_trivial_script() {
    let items: Vec<Value> = (0..1000).map(|n| json!({"n": n, "name": format!("lead {n}")})).collect();
    let started = Instant::now();
    let run = run_code("return { n: $json.n + 1 };", Value::Array(items)).await;
    let elapsed = started.elapsed();
    assert_eq!(jsons(&run).len(), 1000);
    let started = Instant::now();
    let one = run_code("return { n: 1 };", json!({})).await;
    let single = started.elapsed();
    assert_eq!(one.status, NodeStatus::Success);
    println!(
        "RUN_CODE: 1000 items in {elapsed:?} ({:?} per item); a 1-item run (runtime set-up included) {single:?}",
        elapsed / 1000
    );
}
