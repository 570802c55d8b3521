//! Gateway triggers through the server: Discord's message and member triggers registered on one
//! bot connection share one Gateway connection (the union of their intents), their events are
//! filtered and stored, a RECONNECT resumes the session, a restart identifies again and stores
//! no replayed message twice, removing a registration reconnects with fewer intents and removing
//! the last closes the connection, and a rejected token shows on the registrations.

mod common;

use common::TestServer;
use fluxturn_server::triggers::gateway;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{accept_async, WebSocketStream};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "bot-token-secret-123";
/// Every wait is bounded by this; a reconnect takes about a second (the client's first backoff).
const LIMIT: Duration = Duration::from_secs(10);
const GUILD_MESSAGES: u64 = 1 << 9;
const DIRECT_MESSAGES: u64 = 1 << 12;
const MESSAGE_CONTENT: u64 = 1 << 15;
const GUILD_MEMBERS: u64 = 1 << 1;

/// Discord: its REST API (`GET /gateway/bot`) on wiremock, its Gateway on a WebSocket listener.
struct Discord {
    api: MockServer,
    gateway: TcpListener,
    url: String,
}

impl Discord {
    async fn start() -> Self {
        let gateway = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("ws://{}", gateway.local_addr().unwrap());
        let api = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/gateway/bot"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"url": url, "shards": 1})))
            .mount(&api)
            .await;
        Self { api, gateway, url }
    }

    /// The next connection, greeted with HELLO (heartbeats far apart: this test is not about them).
    async fn accept(&self) -> Conn {
        let (stream, _) = timeout(LIMIT, self.gateway.accept()).await.expect("the server connects").unwrap();
        let mut conn = Conn { ws: accept_async(stream).await.expect("websocket handshake") };
        conn.send(json!({"op": 10, "d": {"heartbeat_interval": 45_000}})).await;
        conn
    }

    /// Accepts a connection, expects IDENTIFY and answers READY; returns the IDENTIFY payload.
    async fn identified(&self, session: &str) -> (Conn, Value) {
        let mut conn = self.accept().await;
        let identify = conn.payload().await;
        assert_eq!(identify["op"], 2, "{identify}");
        let ready = json!({"v": 10, "session_id": session, "resume_gateway_url": self.url, "user": {"id": "bot"}});
        conn.send(json!({"op": 0, "s": 1, "t": "READY", "d": ready})).await;
        (conn, identify)
    }
}

struct Conn {
    ws: WebSocketStream<TcpStream>,
}

impl Conn {
    async fn send(&mut self, payload: Value) {
        self.ws.send(Message::text(payload.to_string())).await.expect("send");
    }

    async fn dispatch(&mut self, s: u64, t: &str, d: Value) {
        self.send(json!({"op": 0, "s": s, "t": t, "d": d})).await;
    }

    /// The next payload that is not a heartbeat; `None` when the client closed the connection.
    async fn next_payload(&mut self) -> Option<Value> {
        loop {
            match timeout(LIMIT, self.ws.next()).await.expect("the client speaks in time") {
                Some(Ok(Message::Text(text))) => {
                    let payload: Value = serde_json::from_str(text.as_str()).unwrap();
                    if payload["op"] != 1 {
                        return Some(payload);
                    }
                    self.send(json!({"op": 11})).await;
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return None,
                Some(Ok(_)) => {}
            }
        }
    }

    async fn payload(&mut self) -> Value {
        self.next_payload().await.expect("a payload, not a close")
    }

    async fn close(&mut self, code: u16) {
        let _ = self.ws.close(Some(CloseFrame { code: CloseCode::from(code), reason: "".into() })).await;
    }
}

fn message(id: &str, channel: &str, content: &str) -> Value {
    json!({"id": id, "channel_id": channel, "guild_id": "g1", "content": content,
           "author": {"id": "u1", "username": "ada"}, "timestamp": "2026-11-26T10:00:00.000000+00:00"})
}

fn member(guild: &str, user: &str) -> Value {
    json!({"guild_id": guild, "user": {"id": user, "username": "grace"}, "joined_at": "2026-11-26T10:00:00.000000+00:00", "roles": []})
}

async fn bot_connection(server: &TestServer, discord: &Discord, token: &str) -> String {
    let body = json!({"connector_type": "discord", "name": "Bot",
                      "credentials": {"authType": "bot", "botToken": token},
                      "config": {"base_url": discord.api.uri()}});
    let (status, created) = server.post("/api/v1/connectors", &body).await;
    assert_eq!(status, 201, "{created}");
    created["id"].as_str().unwrap().to_owned()
}

/// Waits until registration `id` holds `count` events; returns them, newest first.
async fn events(server: &TestServer, id: &str, count: u64) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + LIMIT;
    loop {
        let (_, page) = server.get(&format!("/api/v1/triggers/{id}/events")).await;
        if page["total"] == count {
            return page["events"].as_array().unwrap().clone();
        }
        assert!(tokio::time::Instant::now() < deadline, "expected {count} events, have {page}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn sync(server: &TestServer) {
    gateway::sync(&server.state, SystemTime::now()).await.unwrap();
}

#[tokio::test]
async fn one_connection_carries_the_events_of_every_gateway_trigger_across_reconnects_and_restarts() {
    let discord = Discord::start().await;
    let dir = common::tempdir();
    let config = common::config(dir.path().join("data"));
    let server = TestServer::start_in(config.clone()).await;
    let connection = bot_connection(&server, &discord, TOKEN).await;
    let messages = server.register_trigger(&connection, "new_message", json!({"channelId": "c1"})).await;
    assert_eq!(messages["kind"], "gateway", "{messages}");
    assert_eq!(messages["webhook_url"], Value::Null, "nothing to paste anywhere: {messages}");
    let members = server.register_trigger(&connection, "member_joined", json!({"guildId": "g1"})).await;
    let (messages_id, members_id) = (messages["id"].as_str().unwrap(), members["id"].as_str().unwrap());

    sync(&server).await;
    let (mut conn, identify) = discord.identified("session-1").await;
    assert_eq!(identify["d"]["token"], TOKEN);
    let intents = identify["d"]["intents"].as_u64().unwrap();
    assert_eq!(
        intents,
        GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT | GUILD_MEMBERS,
        "the union of both triggers' intents"
    );
    sync(&server).await;
    assert_eq!(server.state.gateways.open().await, 1, "both triggers share one connection");

    conn.dispatch(2, "MESSAGE_CREATE", message("m1", "c1", "hello")).await;
    conn.dispatch(3, "MESSAGE_CREATE", message("m2", "c2", "elsewhere")).await;
    conn.dispatch(4, "GUILD_MEMBER_ADD", member("g1", "u7")).await;
    conn.dispatch(5, "GUILD_MEMBER_ADD", member("g2", "u8")).await;
    let stored = events(&server, messages_id, 1).await;
    assert_eq!(stored[0]["data"]["id"], "m1", "{stored:?}");
    assert_eq!(stored[0]["event_id"], "m1");
    let joined = events(&server, members_id, 1).await;
    assert_eq!(joined[0]["data"]["user"]["id"], "u7", "{joined:?}");
    let (_, view) = server.get(&format!("/api/v1/triggers/{messages_id}")).await;
    assert_eq!((view["status"].as_str(), view["last_error"].as_str()), (Some("active"), None), "{view}");

    // Discord asks for a reconnect: the client resumes the session and gets what it missed.
    conn.send(json!({"op": 7, "d": null})).await;
    conn.close(4000).await;
    let mut conn = discord.accept().await;
    let resume = conn.payload().await;
    assert_eq!(resume["op"], 6, "a RESUME, not a new IDENTIFY: {resume}");
    assert_eq!((resume["d"]["session_id"].as_str(), resume["d"]["seq"].as_u64()), (Some("session-1"), Some(5)));
    conn.dispatch(6, "MESSAGE_CREATE", message("m3", "c1", "missed while away")).await;
    conn.send(json!({"op": 0, "s": 7, "t": "RESUMED", "d": {}})).await;
    let stored = events(&server, messages_id, 2).await;
    assert_eq!(stored[0]["data"]["content"], "missed while away");

    // A restart: the new process opens the connection from the stored registrations alone.
    fluxturn_server::triggers::gateway::stop(&server.state).await;
    assert!(conn.next_payload().await.is_none(), "the old process's connection closes");
    drop(server);
    let server = TestServer::start_in(config).await;
    sync(&server).await;
    let (mut conn, identify) = discord.identified("session-2").await;
    assert_eq!(identify["d"]["intents"].as_u64(), Some(intents));
    conn.dispatch(2, "MESSAGE_CREATE", message("m3", "c1", "missed while away")).await;
    conn.dispatch(3, "MESSAGE_CREATE", message("m4", "c1", "after the restart")).await;
    let stored = events(&server, messages_id, 3).await;
    assert_eq!(stored[0]["data"]["id"], "m4", "m3 again is recognised by its id: {stored:?}");

    // Removing the message trigger reconnects with the member intents only…
    let (status, _) =
        server.send(reqwest::Method::DELETE, &format!("/api/v1/triggers/{messages_id}"), &Value::Null).await;
    assert_eq!(status, 204);
    sync(&server).await;
    assert!(conn.next_payload().await.is_none(), "the connection with the old intents closes");
    let (mut conn, identify) = discord.identified("session-3").await;
    assert_eq!(identify["d"]["intents"].as_u64(), Some(GUILD_MEMBERS));
    // …and removing the last one closes it.
    let (status, _) =
        server.send(reqwest::Method::DELETE, &format!("/api/v1/triggers/{members_id}"), &Value::Null).await;
    assert_eq!(status, 204);
    sync(&server).await;
    assert!(conn.next_payload().await.is_none(), "no registration, no connection");
    assert_eq!(server.state.gateways.open().await, 0);
}

#[tokio::test]
async fn a_rejected_token_shows_on_the_registration_without_the_token() {
    let discord = Discord::start().await;
    let server = TestServer::start().await;
    let connection = bot_connection(&server, &discord, TOKEN).await;
    let registration = server.register_trigger(&connection, "reaction_added", json!({})).await;
    let id = registration["id"].as_str().unwrap();
    sync(&server).await;
    let mut conn = discord.accept().await;
    assert_eq!(conn.payload().await["op"], 2);
    conn.close(4004).await;
    let deadline = tokio::time::Instant::now() + LIMIT;
    let view = loop {
        let (_, view) = server.get(&format!("/api/v1/triggers/{id}")).await;
        if view["status"] == "error" {
            break view;
        }
        assert!(tokio::time::Instant::now() < deadline, "the failure shows: {view}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let error = view["last_error"].as_str().unwrap();
    assert!(error.contains("token"), "{error}");
    assert!(!view.to_string().contains(TOKEN), "{view}");
    // It waits out its backoff rather than hammering Discord with a token it refused.
    sync(&server).await;
    assert_eq!(server.state.gateways.open().await, 0);
    assert!(timeout(Duration::from_millis(300), discord.gateway.accept()).await.is_err(), "no reconnect yet");
}

#[tokio::test]
async fn a_webhook_only_connection_cannot_open_the_gateway_and_says_why() {
    let discord = Discord::start().await;
    let server = TestServer::start().await;
    let body = json!({"connector_type": "discord", "name": "Hook",
                      "credentials": {"authType": "webhook", "webhookUrl": "https://discord.com/api/webhooks/1/abc"},
                      "config": {"base_url": discord.api.uri()}});
    let (status, created) = server.post("/api/v1/connectors", &body).await;
    assert_eq!(status, 201, "{created}");
    let registration =
        server.register_trigger(created["id"].as_str().unwrap(), "member_left", json!({"guildId": "g1"})).await;
    sync(&server).await;
    let deadline = tokio::time::Instant::now() + LIMIT;
    loop {
        let (_, view) = server.get(&format!("/api/v1/triggers/{}", registration["id"].as_str().unwrap())).await;
        if view["status"] == "error" {
            assert!(view["last_error"].as_str().unwrap().contains("needs a bot token"), "{view}");
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the failure shows: {view}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn with_several_instances_on_postgresql_one_of_them_holds_the_connection() {
    let Some(postgres) = common::required_postgres().await else { return };
    let discord = Discord::start().await;
    let dir = common::tempdir();
    let instances = common::instances_on(&postgres, &dir, 2).await;
    let (a, b) = (&instances[0], &instances[1]);
    let connection = bot_connection(a, &discord, TOKEN).await;
    a.register_trigger(&connection, "new_message", json!({"channelId": "c1"})).await;
    sync(a).await;
    let (_conn, _) = discord.identified("session-1").await;
    sync(b).await;
    sync(a).await;
    assert_eq!((a.state.gateways.open().await, b.state.gateways.open().await), (1, 0), "one connection in all");
    // The holder stops: the other instance opens it at its next sync.
    fluxturn_server::triggers::gateway::stop(&a.state).await;
    sync(b).await;
    let (_conn, identify) = discord.identified("session-2").await;
    assert_eq!(identify["d"]["token"], TOKEN);
    assert_eq!((a.state.gateways.open().await, b.state.gateways.open().await), (0, 1));
}
