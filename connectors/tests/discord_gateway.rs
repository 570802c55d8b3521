//! The Discord Gateway client against a local WebSocket server that plays Discord's part.

use connectors::communication::discord::gateway::{Gateway, GatewayConfig, GatewayEvent, GatewayHandle};
use fluxturn_core::ErrorCode;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::time::{timeout, Instant};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{accept_async, WebSocketStream};

const TOKEN: &str = "test-token-xyz";
const INTENTS: u64 = (1 << 9) | (1 << 15);
/// The bound on every wait: nothing in these tests should take this long.
const LIMIT: Duration = Duration::from_secs(5);

/// The fake Discord: a listener on 127.0.0.1.
struct Server {
    listener: TcpListener,
    url: String,
}

impl Server {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("ws://{}", listener.local_addr().expect("address"));
        Self { listener, url }
    }

    /// Accepts the client's next connection and sends HELLO with `interval_ms`.
    async fn accept(&self, interval_ms: u64) -> Conn {
        let (stream, _) = timeout(LIMIT, self.listener.accept()).await.expect("the client connects").expect("accept");
        let ws = accept_async(stream).await.expect("websocket handshake");
        let mut conn = Conn { ws };
        conn.send(json!({ "op": 10, "d": { "heartbeat_interval": interval_ms } })).await;
        conn
    }

    /// Whether the client connects again within `wait`.
    async fn reconnects_within(&self, wait: Duration) -> bool {
        timeout(wait, self.listener.accept()).await.is_ok()
    }

    fn ready(&self, session_id: &str, s: u64) -> Value {
        let d = json!({ "v": 10, "session_id": session_id, "resume_gateway_url": self.url, "user": { "id": "1" } });
        json!({ "op": 0, "s": s, "t": "READY", "d": d })
    }
}

/// One server-side connection.
struct Conn {
    ws: WebSocketStream<TcpStream>,
}

impl Conn {
    async fn send(&mut self, payload: Value) {
        self.ws.send(Message::text(payload.to_string())).await.expect("send");
    }

    async fn dispatch(&mut self, s: u64, t: &str, d: Value) {
        self.send(json!({ "op": 0, "s": s, "t": t, "d": d })).await;
    }

    /// The next frame from the client: a JSON payload, or `Err` with the close code.
    async fn frame(&mut self) -> Result<Value, Option<u16>> {
        loop {
            let message = timeout(LIMIT, self.ws.next()).await.expect("the client speaks in time");
            match message {
                Some(Ok(Message::Text(text))) => return Ok(serde_json::from_str(text.as_str()).expect("JSON")),
                Some(Ok(Message::Close(frame))) => return Err(frame.map(|f| u16::from(f.code))),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return Err(None),
            }
        }
    }

    /// The next payload that is not a heartbeat, acknowledging heartbeats on the way.
    async fn payload(&mut self) -> Value {
        loop {
            let payload = self.frame().await.expect("a payload, not a close");
            if payload["op"] != 1 {
                return payload;
            }
            self.send(json!({ "op": 11 })).await;
        }
    }

    async fn close(&mut self, code: u16) {
        let frame = CloseFrame { code: CloseCode::from(code), reason: "".into() };
        let _ = self.ws.close(Some(frame)).await;
    }
}

fn config(url: &str) -> GatewayConfig {
    let mut config = GatewayConfig::new(url, TOKEN, INTENTS);
    config.backoff_base = Duration::from_millis(5);
    config.backoff_cap = Duration::from_millis(50);
    config.invalid_session_wait = Duration::from_millis(20);
    config.connect_timeout = Duration::from_secs(2);
    config
}

async fn next_event(events: &mut mpsc::Receiver<GatewayEvent>) -> GatewayEvent {
    timeout(LIMIT, events.recv()).await.expect("an event in time").expect("the client is running")
}

fn dispatch(event: &str, sequence: u64) -> impl Fn(&GatewayEvent) -> bool + '_ {
    move |e| matches!(e, GatewayEvent::Dispatch { event: t, sequence: s, .. } if t == event && *s == sequence)
}

/// Stops the client and gives the events it had not yet delivered.
async fn stop(handle: GatewayHandle, mut events: mpsc::Receiver<GatewayEvent>) -> Vec<GatewayEvent> {
    timeout(LIMIT, handle.shutdown()).await.expect("the client stops in time");
    let mut rest = vec![];
    while let Some(event) = events.recv().await {
        rest.push(event);
    }
    rest
}

/// A new session: IDENTIFY is answered with READY (sequence 1).
async fn identified(server: &Server, conn: &mut Conn, session_id: &str) {
    let identify = conn.payload().await;
    assert_eq!(identify["op"], 2, "{identify}");
    conn.send(server.ready(session_id, 1)).await;
}

#[tokio::test]
async fn identifies_then_heartbeats_with_the_last_sequence() {
    let server = Server::start().await;
    let (handle, mut events) = Gateway::spawn(config(&server.url));
    let mut conn = server.accept(50).await;

    let identify = conn.payload().await;
    assert_eq!(identify["op"], 2);
    assert_eq!(identify["d"]["token"], TOKEN);
    assert_eq!(identify["d"]["intents"], INTENTS);
    for property in ["os", "browser", "device"] {
        assert!(identify["d"]["properties"][property].is_string(), "{identify}");
    }
    conn.send(server.ready("sess-1", 1)).await;
    conn.dispatch(2, "MESSAGE_CREATE", json!({ "id": "m2" })).await;
    assert!(matches!(next_event(&mut events).await, GatewayEvent::Ready { session_id, .. } if session_id == "sess-1"));
    assert!(dispatch("MESSAGE_CREATE", 2)(&next_event(&mut events).await));

    // Heartbeats carry the last sequence (2) and come every ~50 ms.
    let mut beats = vec![];
    while beats.len() < 3 {
        let beat = conn.frame().await.expect("a heartbeat");
        assert_eq!(beat["op"], 1, "{beat}");
        conn.send(json!({ "op": 11 })).await;
        if beat["d"] == 2 {
            beats.push(Instant::now());
        }
    }
    for pair in beats.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(30) && gap < Duration::from_millis(500), "{gap:?}");
    }
    assert!(stop(handle, events).await.is_empty());
}

#[tokio::test]
async fn a_heartbeat_request_is_answered_at_once() {
    let server = Server::start().await;
    let (handle, mut events) = Gateway::spawn(config(&server.url));
    let mut conn = server.accept(60_000).await;
    identified(&server, &mut conn, "sess-1").await;
    next_event(&mut events).await;

    conn.send(json!({ "op": 1, "d": null })).await;
    let beat = timeout(Duration::from_secs(1), conn.frame()).await.expect("a prompt heartbeat").expect("a heartbeat");
    assert_eq!(beat, json!({ "op": 1, "d": 1 }));
    stop(handle, events).await;
}

#[tokio::test]
async fn dispatches_arrive_in_order_with_their_sequence() {
    let server = Server::start().await;
    let (handle, mut events) = Gateway::spawn(config(&server.url));
    let mut conn = server.accept(60_000).await;
    identified(&server, &mut conn, "sess-1").await;
    let sent =
        [(2, "MESSAGE_CREATE"), (3, "MESSAGE_REACTION_ADD"), (4, "GUILD_MEMBER_ADD"), (5, "GUILD_MEMBER_REMOVE")];
    for (s, t) in sent {
        conn.dispatch(s, t, json!({ "n": s })).await;
    }

    assert!(matches!(next_event(&mut events).await, GatewayEvent::Ready { .. }));
    for (s, t) in sent {
        let event = next_event(&mut events).await;
        assert_eq!(event, GatewayEvent::Dispatch { event: t.to_owned(), data: json!({ "n": s }), sequence: s });
    }
    assert!(stop(handle, events).await.is_empty());
}

#[tokio::test]
async fn a_dropped_connection_is_resumed_and_replayed_events_arrive_once() {
    let server = Server::start().await;
    let (handle, mut events) = Gateway::spawn(config(&server.url));
    let mut conn = server.accept(60_000).await;
    identified(&server, &mut conn, "sess-1").await;
    conn.dispatch(2, "MESSAGE_CREATE", json!({ "id": "m2" })).await;
    assert!(matches!(next_event(&mut events).await, GatewayEvent::Ready { .. }));
    assert!(dispatch("MESSAGE_CREATE", 2)(&next_event(&mut events).await));
    drop(conn); // no close frame: the TCP connection just ends

    let mut conn = server.accept(60_000).await;
    let resume = conn.payload().await;
    assert_eq!(resume, json!({ "op": 6, "d": { "token": TOKEN, "session_id": "sess-1", "seq": 2 } }));
    conn.send(json!({ "op": 0, "s": null, "t": "RESUMED", "d": null })).await;
    // Replays what the client may have missed, including one it already has.
    conn.dispatch(2, "MESSAGE_CREATE", json!({ "id": "m2" })).await;
    conn.dispatch(3, "MESSAGE_CREATE", json!({ "id": "m3" })).await;

    assert_eq!(next_event(&mut events).await, GatewayEvent::Resumed);
    assert!(dispatch("MESSAGE_CREATE", 3)(&next_event(&mut events).await));
    // Heartbeats on the resumed session carry sequence 3.
    conn.send(json!({ "op": 1 })).await;
    assert_eq!(conn.frame().await, Ok(json!({ "op": 1, "d": 3 })));
    assert!(stop(handle, events).await.is_empty(), "sequence 2 was delivered once");
}

#[tokio::test]
async fn reconnect_request_resumes() {
    let server = Server::start().await;
    let (handle, mut events) = Gateway::spawn(config(&server.url));
    let mut conn = server.accept(60_000).await;
    identified(&server, &mut conn, "sess-1").await;
    conn.send(json!({ "op": 7, "d": null })).await;
    assert_eq!(conn.frame().await, Err(Some(4000)), "closed with a code that keeps the session");

    let mut conn = server.accept(60_000).await;
    let resume = conn.payload().await;
    assert_eq!(resume["op"], 6);
    assert_eq!(resume["d"]["seq"], 1);
    assert!(matches!(next_event(&mut events).await, GatewayEvent::Ready { .. }));
    stop(handle, events).await;
}

#[tokio::test]
async fn invalid_session_false_identifies_afresh_after_a_wait() {
    let server = Server::start().await;
    let (handle, mut events) = Gateway::spawn(config(&server.url));
    let mut conn = server.accept(60_000).await;
    identified(&server, &mut conn, "sess-1").await;
    assert!(matches!(next_event(&mut events).await, GatewayEvent::Ready { .. }));
    conn.send(json!({ "op": 9, "d": false })).await;
    let invalidated = Instant::now();

    let mut conn = server.accept(60_000).await;
    assert!(invalidated.elapsed() >= Duration::from_millis(20), "waited before identifying again");
    let identify = conn.payload().await;
    assert_eq!(identify["op"], 2, "a fresh IDENTIFY, not a RESUME: {identify}");
    assert_eq!(identify["d"]["token"], TOKEN);
    conn.send(server.ready("sess-2", 1)).await;
    conn.dispatch(2, "GUILD_MEMBER_ADD", json!({})).await;
    assert!(matches!(next_event(&mut events).await, GatewayEvent::Ready { session_id, .. } if session_id == "sess-2"));
    assert!(dispatch("GUILD_MEMBER_ADD", 2)(&next_event(&mut events).await), "the new session's sequence starts over");
    stop(handle, events).await;
}

#[tokio::test]
async fn invalid_session_true_resumes() {
    let server = Server::start().await;
    let (handle, mut events) = Gateway::spawn(config(&server.url));
    let mut conn = server.accept(60_000).await;
    identified(&server, &mut conn, "sess-1").await;
    assert!(matches!(next_event(&mut events).await, GatewayEvent::Ready { .. }));
    conn.send(json!({ "op": 9, "d": true })).await;

    let mut conn = server.accept(60_000).await;
    let resume = conn.payload().await;
    assert_eq!(resume["op"], 6);
    assert_eq!(resume["d"]["session_id"], "sess-1");
    stop(handle, events).await;
}

#[tokio::test]
async fn authentication_failed_is_fatal_without_reconnecting() {
    let server = Server::start().await;
    let (handle, mut events) = Gateway::spawn(config(&server.url));
    let mut conn = server.accept(60_000).await;
    assert_eq!(conn.payload().await["op"], 2);
    conn.close(4004).await;

    let GatewayEvent::Failed(error) = next_event(&mut events).await else { panic!("a failure") };
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(error.message.contains("4004") && error.message.contains("token"), "{error}");
    assert!(!format!("{error:?}").contains(TOKEN), "the error never shows the token");
    assert!(timeout(LIMIT, events.recv()).await.expect("the channel closes").is_none());
    assert!(!server.reconnects_within(Duration::from_millis(200)).await, "no reconnect loop");
    assert!(handle.is_finished());
}

#[tokio::test]
async fn disallowed_intents_is_fatal() {
    let server = Server::start().await;
    let (_handle, mut events) = Gateway::spawn(config(&server.url));
    let mut conn = server.accept(60_000).await;
    conn.payload().await;
    conn.close(4014).await;

    let GatewayEvent::Failed(error) = next_event(&mut events).await else { panic!("a failure") };
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert!(error.message.contains("intents"), "{error}");
    assert!(!server.reconnects_within(Duration::from_millis(200)).await);
}

#[tokio::test]
async fn a_missing_heartbeat_ack_makes_a_zombie_that_is_resumed() {
    let server = Server::start().await;
    let (handle, mut events) = Gateway::spawn(config(&server.url));
    let mut conn = server.accept(30).await;
    let identify = conn.frame().await.expect("IDENTIFY");
    assert_eq!(identify["op"], 2);
    conn.send(server.ready("sess-1", 1)).await;

    // One heartbeat, never acknowledged; at the next the client gives up on the connection.
    let beat = conn.frame().await.expect("a heartbeat");
    assert_eq!(beat["op"], 1);
    assert_eq!(conn.frame().await, Err(Some(4000)), "closed, keeping the session resumable");

    let mut conn = server.accept(60_000).await;
    let resume = conn.payload().await;
    assert_eq!(resume["op"], 6);
    assert_eq!(resume["d"]["session_id"], "sess-1");
    assert!(matches!(next_event(&mut events).await, GatewayEvent::Ready { .. }));
    stop(handle, events).await;
}

#[tokio::test]
async fn a_gateway_that_cannot_be_reached_is_retried_with_backoff() {
    // A server that takes each TCP connection and drops it before the WebSocket handshake.
    let server = Server::start().await;
    let (handle, events) = Gateway::spawn(config(&server.url));
    let mut attempts = vec![];
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(300) {
        if let Ok(Ok((stream, _))) = timeout(Duration::from_millis(100), server.listener.accept()).await {
            attempts.push(started.elapsed());
            drop(stream);
        }
    }
    // Delays of 5, 10, 20, 40, 50, 50, ... ms: a handful of attempts, not hundreds.
    assert!((3..=15).contains(&attempts.len()), "{attempts:?}");
    let gaps: Vec<_> = attempts.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps.last().is_some_and(|gap| *gap >= Duration::from_millis(30)), "the delay grew: {gaps:?}");
    assert!(!handle.is_finished(), "still retrying");
    assert!(stop(handle, events).await.is_empty());
}

#[tokio::test]
async fn shutdown_closes_the_socket_cleanly() {
    let server = Server::start().await;
    let (handle, mut events) = Gateway::spawn(config(&server.url));
    let mut conn = server.accept(60_000).await;
    identified(&server, &mut conn, "sess-1").await;
    next_event(&mut events).await;

    let stopped = tokio::spawn(stop(handle, events));
    assert_eq!(conn.frame().await, Err(Some(1000)));
    drop(conn);
    timeout(LIMIT, stopped).await.expect("stops in time").expect("join");
    assert!(!server.reconnects_within(Duration::from_millis(100)).await);
}

#[tokio::test]
async fn dropping_the_handle_stops_the_client() {
    let server = Server::start().await;
    let (handle, mut events) = Gateway::spawn(config(&server.url));
    let mut conn = server.accept(60_000).await;
    identified(&server, &mut conn, "sess-1").await;
    next_event(&mut events).await;

    drop(handle);
    assert_eq!(conn.frame().await, Err(Some(1000)));
    assert!(timeout(LIMIT, events.recv()).await.expect("the channel closes").is_none());
}

#[tokio::test]
async fn dropping_the_receiver_stops_the_client() {
    let server = Server::start().await;
    let (handle, mut events) = Gateway::spawn(config(&server.url));
    let mut conn = server.accept(60_000).await;
    identified(&server, &mut conn, "sess-1").await;
    next_event(&mut events).await;

    drop(events);
    assert_eq!(conn.frame().await, Err(Some(1000)));
    drop(conn);
    timeout(LIMIT, handle.shutdown()).await.expect("the task has ended");
}
