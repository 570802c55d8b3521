//! Several `fluxturn serve` on one PostgreSQL: webhook deliveries spread over three instances
//! (with redeliveries) start exactly one execution each, and every execution runs once, on
//! whichever instance's worker claimed it. Runs whichever engine the rest of the suite uses; skips
//! with the reason where there is no PostgreSQL (fails instead under `FLUXTURN_REQUIRE_SERVICES`).

mod common;

use common::TestServer;
use fluxturn_server::workflows::runner;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A Telegram echo bot: one webhook trigger (deduplicated by `update_id`), one action.
fn echo_bot() -> Value {
    json!({
        "name": "Echo",
        "nodes": [
            {"id": "in", "type": "CONNECTOR_TRIGGER", "position": {"x": 0, "y": 0},
             "data": {"label": "Incoming", "connectorType": "telegram", "triggerId": "new_message", "triggerConfig": {}}},
            {"id": "out", "type": "CONNECTOR_ACTION", "position": {"x": 250, "y": 0},
             "data": {"label": "Reply", "connectorType": "telegram", "actionId": "send_message",
                      "actionParams": {"chatId": "42", "text": "{{$json.telegramEvent.message.text}}"}}}
        ],
        "edges": [{"id": "e1", "source": "in", "target": "out"}]
    })
}

fn update(n: u64) -> Value {
    json!({"update_id": n, "message": {"message_id": n, "date": 1712, "text": format!("message {n}"),
           "chat": {"id": 42, "type": "private"}, "from": {"id": 7, "is_bot": false, "first_name": "Ada"}}})
}

/// A Telegram Bot API that takes `setWebhook` and answers `sendMessage` after `delay`.
async fn telegram_mock(delay: Duration) -> MockServer {
    let telegram = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/botbot-token-1/setWebhook"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": true})))
        .mount(&telegram)
        .await;
    Mock::given(method("POST"))
        .and(path("/botbot-token-1/sendMessage"))
        .respond_with(ResponseTemplate::new(200).set_delay(delay).set_body_json(json!({"ok": true, "result": {
            "message_id": 1, "date": 1712, "chat": {"id": 42, "type": "private"}, "text": "ok"}})))
        .mount(&telegram)
        .await;
    telegram
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_run_each_delivery_once() {
    let Some(postgres) = common::required_postgres().await else { return };
    let telegram = telegram_mock(Duration::ZERO).await;

    // Three instances: their own data directories, one database, one encryption key.
    let dir = common::tempdir();
    let instances = common::instances_on(&postgres, &dir, 3).await;
    let workers: Vec<_> = instances.iter().map(|i| tokio::spawn(runner::run_forever(i.state.clone()))).collect();

    let first = &instances[0];
    first.connect("telegram", json!({"botToken": "bot-token-1"}), &format!("{}/bot{{botToken}}", telegram.uri())).await;
    let (status, imported) = first.post("/api/v1/workflow/import", &echo_bot()).await;
    assert_eq!(status, 201, "{imported}");
    let id = imported["id"].as_str().unwrap().to_owned();
    let (status, active) =
        first.send(reqwest::Method::PUT, &format!("/api/v1/workflow/{id}"), &json!({"status": "active"})).await;
    assert_eq!(status, 200, "{active}");
    let registered: Value = serde_json::from_slice(&telegram.received_requests().await.unwrap()[0].body).unwrap();
    let (url, token) = (registered["url"].as_str().unwrap(), registered["secret_token"].as_str().unwrap().to_owned());
    let webhook_path = url.strip_prefix(&first.state.public_url).unwrap().to_owned();

    // 900 updates and 100 redeliveries of some of them, round robin over the instances.
    let deliveries: Vec<u64> = (0..900).chain((0..100).map(|k| k * 9)).collect();
    let client = reqwest::Client::new();
    let mut sends = Vec::new();
    for (k, n) in deliveries.into_iter().enumerate() {
        let target = format!("{}{webhook_path}", instances[k % 3].base);
        let (client, token) = (client.clone(), token.clone());
        sends.push(async move {
            let sent = client
                .post(&target)
                .header("x-telegram-bot-api-secret-token", token)
                .json(&update(n))
                .send()
                .await
                .unwrap();
            sent.status().as_u16()
        });
    }
    let mut statuses = Vec::new();
    let mut pending = sends.into_iter();
    loop {
        let batch: Vec<_> = pending.by_ref().take(32).collect();
        if batch.is_empty() {
            break;
        }
        statuses.extend(futures_util::future::join_all(batch).await);
    }
    assert!(statuses.iter().all(|s| *s == 200), "every delivery answered 200");

    // Every instance's workers share the queue: 900 executions, each completed once.
    let deadline = Instant::now() + Duration::from_secs(180);
    let completed = loop {
        let (_, page) = first.get(&format!("/api/v1/workflow/{id}/executions?status=completed&limit=1")).await;
        let total = page["total"].as_i64().unwrap_or(0);
        if total >= 900 || Instant::now() > deadline {
            break total;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    for worker in &workers {
        worker.abort();
    }
    assert_eq!(completed, 900, "one execution per distinct update");
    let (_, all) = first.get(&format!("/api/v1/workflow/{id}/executions?limit=1")).await;
    assert_eq!(all["total"], 900, "no execution other than those: {all}");
    // Queued on three instances at once, they are still numbered 1 to 900, each number once.
    let mut numbers = Vec::new();
    for page in 1..=5 {
        let (_, listed) = first.get(&format!("/api/v1/workflow/{id}/executions?limit=200&page={page}")).await;
        numbers
            .extend(listed["executions"].as_array().unwrap().iter().map(|e| e["execution_number"].as_i64().unwrap()));
    }
    numbers.sort_unstable();
    let repeated: Vec<i64> = numbers.windows(2).filter(|pair| pair[0] == pair[1]).map(|pair| pair[0]).collect();
    assert!(repeated.is_empty(), "numbers given to two executions: {repeated:?}");
    assert_eq!((numbers.len(), numbers.first(), numbers.last()), (900, Some(&1), Some(&900)));
    let sent: Vec<String> = telegram
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().ends_with("/sendMessage"))
        .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap()["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(sent.len(), 900, "each execution called Telegram once");
    assert_eq!(sent.iter().collect::<HashSet<_>>().len(), 900, "and each update was answered once");
}

/// An instance in a runtime of its own, so that it can die the way a process does: every task
/// gone at once, mid-request.
struct Doomed {
    kill: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

fn start_doomed(config: fluxturn_server::config::ServerConfig) -> Doomed {
    let (ready_tx, ready) = std::sync::mpsc::channel();
    let (kill, killed) = std::sync::mpsc::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        runtime.block_on(async move {
            let server = TestServer::start_in(config).await;
            tokio::spawn(runner::run_forever(server.state.clone()));
            tokio::spawn(fluxturn_server::triggers::runner::run_forever(server.state.clone()));
            // Never dropped: it dies with the runtime, like a killed process.
            std::mem::forget(server);
        });
        ready_tx.send(()).unwrap();
        let _ = killed.recv();
        runtime.shutdown_background();
    });
    ready.recv().unwrap();
    Doomed { kill, thread }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn executions_of_an_instance_that_dies_are_taken_over_by_a_survivor() {
    let Some(postgres) = common::required_postgres().await else { return };
    // Slow enough that the doomed instance dies with executions in flight.
    let telegram = telegram_mock(Duration::from_millis(400)).await;

    let dir = common::tempdir();
    let database = common::postgres_database_in(&postgres, &dir.path().join("shared"));
    let config = |k: usize| common::instance_config(&database, &dir, k);
    // The survivor serves the API and takes deliveries; its workers start after the death.
    let survivor = TestServer::start_in(config(0)).await;
    survivor
        .connect("telegram", json!({"botToken": "bot-token-1"}), &format!("{}/bot{{botToken}}", telegram.uri()))
        .await;
    let mut workflow = echo_bot();
    workflow["settings"] = json!({"retryOnCrash": true});
    let (status, imported) = survivor.post("/api/v1/workflow/import", &workflow).await;
    assert_eq!(status, 201, "{imported}");
    assert_eq!(imported["settings"]["retryOnCrash"], true, "an import keeps its settings: {imported}");
    let id = imported["id"].as_str().unwrap().to_owned();
    let (status, active) =
        survivor.send(reqwest::Method::PUT, &format!("/api/v1/workflow/{id}"), &json!({"status": "active"})).await;
    assert_eq!(status, 200, "{active}");
    let registered: Value = serde_json::from_slice(&telegram.received_requests().await.unwrap()[0].body).unwrap();
    let token = registered["secret_token"].as_str().unwrap().to_owned();
    let webhook_path = registered["url"].as_str().unwrap().strip_prefix(&survivor.state.public_url).unwrap().to_owned();

    // 20 updates queued; only the doomed instance's workers run, and it dies mid-run.
    for n in 0..20 {
        let sent = survivor
            .client
            .post(format!("{}{webhook_path}", survivor.base))
            .header("x-telegram-bot-api-secret-token", &token)
            .json(&update(n))
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), 200);
    }
    let doomed = start_doomed(config(1));
    let running = async {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (_, page) = survivor.get(&format!("/api/v1/workflow/{id}/executions?status=running&limit=1")).await;
            if page["total"].as_i64().unwrap_or(0) > 0 || Instant::now() > deadline {
                return page["total"].as_i64().unwrap_or(0);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    assert!(running.await > 0, "the doomed instance took executions");
    doomed.kill.send(()).unwrap();
    doomed.thread.join().unwrap();
    // Its tasks are dropped in the background: let a claim in flight land (or not) first.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (_, page) = survivor.get(&format!("/api/v1/workflow/{id}/executions?status=running&limit=200")).await;
    let orphaned = page["total"].as_i64().unwrap();
    assert!(orphaned > 0, "it died with executions running: {page}");

    // The survivor's workers run what is still queued; the dead instance's leases are not
    // renewed, and once they run out (60 s later: asked here for that time) its executions are
    // crashed and, with retryOnCrash, queued again and run here.
    let workers = tokio::spawn(runner::run_forever(survivor.state.clone()));
    let wait_for_completed = |expected: i64| {
        let survivor = &survivor;
        let id = &id;
        async move {
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                let (_, page) =
                    survivor.get(&format!("/api/v1/workflow/{id}/executions?status=completed&limit=1")).await;
                let total = page["total"].as_i64().unwrap_or(0);
                if total >= expected || Instant::now() > deadline {
                    return total;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    assert_eq!(wait_for_completed(20 - orphaned).await, 20 - orphaned, "the queue went on without the dead instance");
    let lease_end = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
        + fluxturn_server::workflows::store::EXECUTION_LEASE_SECS
        + 1;
    assert_eq!(runner::recover_expired(&survivor.state, lease_end).await.unwrap() as i64, orphaned);
    runner::Executions::wake(&survivor.state.executions);
    let completed = wait_for_completed(20).await;
    if completed != 20 {
        let (_, page) = survivor.get(&format!("/api/v1/workflow/{id}/executions?limit=200")).await;
        let statuses: Vec<(String, String, String)> = page["executions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["status"].to_string(), e["mode"].to_string(), e["error"].to_string()))
            .collect();
        panic!("the crashed ones were retried here: {completed} completed, orphaned {orphaned}: {statuses:?}");
    }
    workers.abort();

    // Nothing lost, nothing doubled: each update has exactly one completed execution.
    let (_, page) = survivor.get(&format!("/api/v1/workflow/{id}/executions?limit=200")).await;
    let executions = page["executions"].as_array().unwrap();
    let completed: Vec<u64> = executions
        .iter()
        .filter(|e| e["status"] == "completed")
        .map(|e| {
            e["trigger_data"]["telegramEvent"]["update_id"]
                .as_u64()
                .or(e["trigger_data"]["update_id"].as_u64())
                .unwrap()
        })
        .collect();
    assert_eq!(completed.iter().collect::<HashSet<_>>().len(), 20, "every update completed once: {completed:?}");
    assert_eq!(completed.len(), 20);
    let crashed = executions.iter().filter(|e| e["status"] == "crashed").count() as i64;
    assert_eq!(crashed, orphaned, "the dead instance's executions show as crashed");
}

#[tokio::test]
async fn an_update_on_one_instance_is_seen_by_the_next_request_on_another() {
    let Some(postgres) = common::required_postgres().await else { return };
    let (old, new) = (MockServer::start().await, MockServer::start().await);
    for (mock, id) in [(&old, "from-old"), (&new, "from-new")] {
        Mock::given(method("POST"))
            .and(path("/messages"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": id, "channel": "c", "text": "t"})))
            .mount(mock)
            .await;
    }
    let dir = common::tempdir();
    let instances = common::instances_on(&postgres, &dir, 2).await;
    let (a, b) = (&instances[0], &instances[1]);
    let id = a.create_acme(&old.uri(), "ak_live_123456").await;
    let execute = json!({"action": "send_message", "parameters": {"channel": "c", "text": "t"}});
    let (status, first) = b.post(&format!("/api/v1/connectors/{id}/execute"), &execute).await;
    assert_eq!((status, first["data"]["id"].as_str()), (200, Some("from-old")), "{first}");
    let (status, updated) = a
        .send(reqwest::Method::PUT, &format!("/api/v1/connectors/{id}"), &json!({"config": {"base_url": new.uri()}}))
        .await;
    assert_eq!(status, 200, "{updated}");
    let (status, second) = b.post(&format!("/api/v1/connectors/{id}/execute"), &execute).await;
    assert_eq!((status, second["data"]["id"].as_str()), (200, Some("from-new")), "the other instance saw it: {second}");
}

#[tokio::test]
async fn a_cross_instance_lock_is_held_by_one_instance_at_a_time() {
    let Some(postgres) = common::required_postgres().await else { return };
    let dir = common::tempdir();
    let database = common::postgres_database_in(&postgres, &dir.path().join("shared"));
    let (one, two) = (
        fluxturn_server::storage::open(&database).await.unwrap(),
        fluxturn_server::storage::open(&database).await.unwrap(),
    );
    let held = fluxturn_server::storage::cross_instance_lock(&one, "oauth-refresh:c1").await.unwrap();
    assert!(held.is_some(), "PostgreSQL takes a lock");
    let waiting = tokio::time::timeout(
        Duration::from_millis(300),
        fluxturn_server::storage::cross_instance_lock(&two, "oauth-refresh:c1"),
    )
    .await;
    assert!(waiting.is_err(), "the second instance waits while the first holds it");
    let other = fluxturn_server::storage::cross_instance_lock(&two, "oauth-refresh:c2").await.unwrap();
    assert!(other.is_some(), "another key is not held");
    drop(other);
    drop(held);
    let taken = tokio::time::timeout(
        Duration::from_secs(5),
        fluxturn_server::storage::cross_instance_lock(&two, "oauth-refresh:c1"),
    )
    .await;
    assert!(matches!(taken, Ok(Ok(Some(_)))), "released with its holder");
}

#[tokio::test]
async fn a_lease_is_held_by_one_owner_until_it_runs_out_or_is_given_up() {
    let Some(postgres) = common::required_postgres().await else { return };
    let dir = common::tempdir();
    let database = common::postgres_database_in(&postgres, &dir.path().join("shared"));
    let pool = fluxturn_server::storage::open(&database).await.unwrap();
    use fluxturn_server::storage::{release_lease, try_lease};
    assert!(try_lease(&pool, "gateway:c1:discord", "a", 100, 130).await.unwrap(), "free: taken");
    assert!(!try_lease(&pool, "gateway:c1:discord", "b", 110, 140).await.unwrap(), "held by a");
    assert!(try_lease(&pool, "gateway:c1:discord", "a", 120, 150).await.unwrap(), "a renews");
    assert!(!try_lease(&pool, "gateway:c1:discord", "b", 149, 179).await.unwrap(), "still a's");
    assert!(
        try_lease(&pool, "gateway:c1:discord", "b", 150, 180).await.unwrap(),
        "a died: b takes it when it runs out"
    );
    assert!(!try_lease(&pool, "gateway:c1:discord", "a", 151, 181).await.unwrap(), "a, back, does not steal it");
    release_lease(&pool, "gateway:c1:discord", "a").await.unwrap();
    assert!(!try_lease(&pool, "gateway:c1:discord", "a", 152, 182).await.unwrap(), "only the holder gives it up");
    release_lease(&pool, "gateway:c1:discord", "b").await.unwrap();
    assert!(try_lease(&pool, "gateway:c1:discord", "a", 153, 183).await.unwrap(), "given up: free at once");
}

fn notion_page(id: &str, created: &str) -> Value {
    json!({"object": "page", "id": id, "url": format!("https://www.notion.so/{id}"), "created_time": created,
           "last_edited_time": created, "properties": {}})
}

async fn notion_answers(notion: &MockServer, pages: Vec<Value>, delay: Duration) {
    notion.reset().await;
    Mock::given(method("POST"))
        .and(path("/databases/0123456789abcdef0123456789abcdef/query"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(delay)
                .set_body_json(json!({"object": "list", "results": pages, "has_more": false, "next_cursor": null})),
        )
        .mount(notion)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poll_of_an_instance_that_dies_mid_poll_is_taken_over_by_a_survivor() {
    use fluxturn_server::triggers::{runner as triggers, store::RUN_LEASE_SECS};
    let Some(postgres) = common::required_postgres().await else { return };
    let notion = MockServer::start().await;
    // Slow enough that the doomed instance dies waiting for the answer.
    notion_answers(&notion, vec![notion_page("old", "2026-11-26T10:00:00.000Z")], Duration::from_secs(3)).await;
    let dir = common::tempdir();
    let database = common::postgres_database_in(&postgres, &dir.path().join("shared"));
    let config = |k: usize| common::instance_config(&database, &dir, k);
    let survivor = TestServer::start_in(config(0)).await;
    let (status, connection) = survivor
        .post(
            "/api/v1/connectors",
            &json!({"connector_type": "notion", "name": "Notion", "credentials": {"accessToken": "ntn_test"},
                    "config": {"base_url": notion.uri()}}),
        )
        .await;
    assert_eq!(status, 201, "{connection}");
    let (status, registration) = survivor
        .post(
            "/api/v1/triggers",
            &json!({"connector_id": connection["id"], "trigger": "database_page_created",
                    "config": {"databaseId": "0123456789abcdef0123456789abcdef"}, "poll_interval_secs": 30}),
        )
        .await;
    assert_eq!(status, 201, "{registration}");
    let id = registration["id"].as_str().unwrap().to_owned();

    // The doomed instance's runner takes the due poll and dies while Notion answers.
    let doomed = start_doomed(config(1));
    let deadline = Instant::now() + Duration::from_secs(20);
    while notion.received_requests().await.unwrap().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!notion.received_requests().await.unwrap().is_empty(), "the doomed instance polled");
    doomed.kill.send(()).unwrap();
    doomed.thread.join().unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Its lease keeps the poll from running twice at once; once it runs out, the survivor polls.
    notion_answers(&notion, vec![notion_page("old", "2026-11-26T10:00:00.000Z")], Duration::ZERO).await;
    let now = std::time::SystemTime::now();
    assert_eq!(triggers::run_due(&survivor.state, now).await.unwrap(), 0, "still leased to the dead instance");
    let after = now + Duration::from_secs(RUN_LEASE_SECS as u64 + 1);
    assert_eq!(triggers::run_due(&survivor.state, after).await.unwrap(), 1, "taken over");
    // Pages created afterwards are emitted once, by the survivor's next polls (the answers are
    // what Notion sends for each poll's filter).
    notion_answers(
        &notion,
        vec![
            notion_page("old", "2026-11-26T10:00:00.000Z"),
            notion_page("a", "2026-11-26T10:05:00.000Z"),
            notion_page("b", "2026-11-26T10:05:00.000Z"),
        ],
        Duration::ZERO,
    )
    .await;
    assert_eq!(triggers::run_due(&survivor.state, after + Duration::from_secs(60)).await.unwrap(), 1);
    // What Notion answers to the next poll's `on_or_after` 10:05 filter: nothing new.
    notion_answers(
        &notion,
        vec![notion_page("a", "2026-11-26T10:05:00.000Z"), notion_page("b", "2026-11-26T10:05:00.000Z")],
        Duration::ZERO,
    )
    .await;
    assert_eq!(triggers::run_due(&survivor.state, after + Duration::from_secs(120)).await.unwrap(), 1);
    let (_, events) = survivor.get(&format!("/api/v1/triggers/{id}/events")).await;
    let mut ids: Vec<&str> =
        events["events"].as_array().unwrap().iter().map(|e| e["event_id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["a", "b"], "nothing lost, nothing doubled: {events}");
}
