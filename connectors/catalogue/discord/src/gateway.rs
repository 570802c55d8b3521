//! A Discord Gateway client (API v10, JSON encoding): the WebSocket over which Discord sends the
//! message, reaction and member events behind the `new_message`, `reaction_added`,
//! `member_joined` and `member_left` triggers of [`super`] (the Discord connector).
//!
//! [`Gateway::spawn`] starts a tokio task that holds the connection and hands back a
//! [`GatewayHandle`] (stop it with [`GatewayHandle::shutdown`] or by dropping it) and an
//! `mpsc::Receiver<GatewayEvent>`. The task:
//!
//! - on HELLO (op 10) heartbeats every `heartbeat_interval` ms (op 1 with the last sequence number,
//!   the first beat after `interval × jitter`), then IDENTIFIES (op 2) or RESUMES (op 6);
//! - keeps the `session_id` and `resume_gateway_url` of READY and the last sequence number `s`;
//! - delivers every other dispatch (op 0) as [`GatewayEvent::Dispatch`], in order, each once
//!   (a dispatch replayed with a sequence number already delivered is skipped);
//! - answers a HEARTBEAT request (op 1) at once; a heartbeat falling due while the previous one
//!   was never acknowledged (op 11) marks the connection a zombie: it closes it and resumes;
//! - on RECONNECT (op 7), a dropped connection or a resumable close code, reconnects to the
//!   `resume_gateway_url` and RESUMES; on INVALID_SESSION (op 9) resumes when `d` is `true`,
//!   else waits [`GatewayConfig::invalid_session_wait`] (× 1–5) and IDENTIFIES afresh;
//! - retries a connection that cannot be (re-)established with exponential backoff;
//! - stops on the close codes that forbid reconnecting (4004, 4010–4014), sending
//!   [`GatewayEvent::Failed`] with an error that says what is wrong.
//!
//! The token is never logged and never appears in an error.
//!
//! ```no_run
//! use connector_discord::gateway::{Gateway, GatewayConfig, GatewayEvent, intents};
//! # async fn run() {
//! let config = GatewayConfig::new(
//!     "wss://gateway.discord.gg",
//!     "bot-token",
//!     intents::GUILD_MESSAGES | intents::MESSAGE_CONTENT,
//! );
//! let (handle, mut events) = Gateway::spawn(config);
//! while let Some(event) = events.recv().await {
//!     match event {
//!         GatewayEvent::Dispatch { event, data, sequence } => println!("{sequence} {event} {data}"),
//!         GatewayEvent::Failed(error) => eprintln!("{error}"),
//!         GatewayEvent::Ready { .. } | GatewayEvent::Resumed => {}
//!     }
//! }
//! handle.shutdown().await;
//! # }
//! ```

use fluxturn_core::gateway::{GatewayConnection, GatewayMessage};
use fluxturn_core::{ConnectorError, ErrorCode, Secret, WebhookRequest};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::{sleep, sleep_until, timeout, Instant};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

/// Gateway intents (bit flags for [`GatewayConfig::intents`]) used by the Discord triggers.
pub mod intents {
    /// `GUILDS`: guild create/update/delete.
    pub const GUILDS: u64 = 1 << 0;
    /// `GUILD_MEMBERS` (privileged: "Server Members"): `GUILD_MEMBER_ADD` and `_REMOVE`.
    pub const GUILD_MEMBERS: u64 = 1 << 1;
    /// `GUILD_MESSAGES`: `MESSAGE_CREATE` in servers.
    pub const GUILD_MESSAGES: u64 = 1 << 9;
    /// `GUILD_MESSAGE_REACTIONS`: `MESSAGE_REACTION_ADD` in servers.
    pub const GUILD_MESSAGE_REACTIONS: u64 = 1 << 10;
    /// `DIRECT_MESSAGES`: `MESSAGE_CREATE` in direct messages.
    pub const DIRECT_MESSAGES: u64 = 1 << 12;
    /// `MESSAGE_CONTENT` (privileged): the `content` of messages.
    pub const MESSAGE_CONTENT: u64 = 1 << 15;
}

/// The intents trigger `trigger` of the Discord connector needs (none for another id).
pub fn intents_for(trigger: &str) -> u64 {
    match trigger {
        "new_message" => intents::GUILD_MESSAGES | intents::DIRECT_MESSAGES | intents::MESSAGE_CONTENT,
        "reaction_added" => intents::GUILD_MESSAGE_REACTIONS,
        "member_joined" | "member_left" => intents::GUILD_MEMBERS,
        _ => 0,
    }
}

/// The client's events as the server reads them: READY and RESUMED mean connected, each other
/// dispatch becomes the request the triggers' handlers read (`{"op":0,"s","t","d"}`, as a
/// dispatch arrives), a fatal close the failure. The client stops when the connection is dropped.
pub fn connection(handle: GatewayHandle, mut events: mpsc::Receiver<GatewayEvent>) -> GatewayConnection {
    let (sender, connection) = GatewayConnection::channel(64, handle);
    tokio::spawn(async move {
        while let Some(event) = events.recv().await {
            let message = match event {
                GatewayEvent::Ready { .. } | GatewayEvent::Resumed => GatewayMessage::Connected,
                GatewayEvent::Dispatch { event, data, sequence } => {
                    let body = json!({ "op": op::DISPATCH, "s": sequence, "t": event, "d": data });
                    let mut request = WebhookRequest::post(body.to_string(), [("content-type", "application/json")]);
                    request.path = format!("gateway/{event}");
                    GatewayMessage::Event(request)
                }
                GatewayEvent::Failed(error) => GatewayMessage::Failed(error),
            };
            if sender.send(message).await.is_err() {
                break;
            }
        }
    });
    connection
}

/// Where and how to connect. Build it with [`GatewayConfig::new`] and adjust the timings.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// The Gateway URL (`wss://gateway.discord.gg`, from `GET /gateway/bot`). `v=10` and
    /// `encoding=json` are added when the URL carries no query.
    pub url: String,
    /// The bot token, sent in IDENTIFY and RESUME only.
    pub token: Secret<String>,
    /// The gateway intents (see [`intents`]).
    pub intents: u64,
    /// The first reconnect delay after a failed (re)connection; it doubles with each failure.
    pub backoff_base: Duration,
    /// The longest reconnect delay.
    pub backoff_cap: Duration,
    /// The shortest wait before a fresh IDENTIFY after INVALID_SESSION `false`; the wait is
    /// drawn in `[w, 5w)` (Discord asks for 1–5 s, the default `w` is 1 s).
    pub invalid_session_wait: Duration,
    /// How long opening the socket and waiting for HELLO may take.
    pub connect_timeout: Duration,
    /// The capacity of the event channel. A full channel holds up the connection.
    pub channel_capacity: usize,
}

impl GatewayConfig {
    /// A configuration with Discord's timings: backoff 1 s doubling up to 60 s, INVALID_SESSION
    /// wait 1–5 s, 30 s to connect, 256 buffered events.
    pub fn new(url: impl Into<String>, token: impl Into<String>, intents: u64) -> Self {
        Self {
            url: url.into(),
            token: Secret::new(token.into()),
            intents,
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(60),
            invalid_session_wait: Duration::from_secs(1),
            connect_timeout: Duration::from_secs(30),
            channel_capacity: 256,
        }
    }
}

/// What the client reports through its channel.
#[derive(Debug, Clone, PartialEq)]
pub enum GatewayEvent {
    /// READY: a new session began (after IDENTIFY). `data` is READY's whole `d` (the bot `user`,
    /// its `guilds`, ...). Not a trigger event.
    Ready {
        /// The session id, used to resume.
        session_id: String,
        /// READY's `d`.
        data: Value,
    },
    /// RESUMED: the session survived a reconnection; the missed dispatches follow. Not a trigger
    /// event.
    Resumed,
    /// Any other dispatch (op 0): a trigger event such as `MESSAGE_CREATE`.
    Dispatch {
        /// The event name (`t`), e.g. `MESSAGE_CREATE`.
        event: String,
        /// The event data (`d`).
        data: Value,
        /// The sequence number (`s`), increasing within a session.
        sequence: u64,
    },
    /// The client stopped for good: the token or the intents are wrong. The last event sent.
    Failed(ConnectorError),
}

/// The Gateway client. See the module documentation.
pub struct Gateway;

impl Gateway {
    /// Starts the client task: it connects to `config.url` and runs until
    /// [`GatewayHandle::shutdown`], the handle or the receiver is dropped, or a fatal close code.
    pub fn spawn(config: GatewayConfig) -> (GatewayHandle, mpsc::Receiver<GatewayEvent>) {
        let (events, receiver) = mpsc::channel(config.channel_capacity.max(1));
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(Client::new(config, events, stopped).run());
        (GatewayHandle { stop, task: Some(task) }, receiver)
    }
}

/// Stops the client: [`GatewayHandle::shutdown`] closes the socket (close code 1000) and waits
/// for the task; dropping the handle asks the same without waiting.
#[derive(Debug)]
pub struct GatewayHandle {
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl GatewayHandle {
    /// Closes the connection cleanly and waits until the client task has ended.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Whether the client task has ended (shut down or failed).
    pub fn is_finished(&self) -> bool {
        self.task.as_ref().is_none_or(JoinHandle::is_finished)
    }
}

impl Drop for GatewayHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// Gateway opcodes.
mod op {
    pub const DISPATCH: u8 = 0;
    pub const HEARTBEAT: u8 = 1;
    pub const IDENTIFY: u8 = 2;
    pub const RESUME: u8 = 6;
    pub const RECONNECT: u8 = 7;
    pub const INVALID_SESSION: u8 = 9;
    pub const HELLO: u8 = 10;
    pub const HEARTBEAT_ACK: u8 = 11;
}

/// A Gateway payload as received.
#[derive(Deserialize)]
struct Payload {
    op: u8,
    #[serde(default)]
    d: Value,
    s: Option<u64>,
    t: Option<String>,
}

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A session that may be resumed.
struct Session {
    id: String,
    resume_url: Option<String>,
}

/// How one connection ended, and so what to do next.
enum End {
    /// Shut down on request (or nobody listens any more).
    Stop,
    /// Reconnect and resume; `healthy` when the connection had reached READY/RESUMED.
    Resume { healthy: bool },
    /// Forget the session, wait `wait`, reconnect and identify.
    Identify { wait: Duration },
    /// Stop and report.
    Fatal(ConnectorError),
}

/// The heartbeat state of one connection.
struct Heartbeat {
    interval: Duration,
    due: Instant,
    acked: bool,
}

/// The client task's state across connections.
struct Client {
    config: GatewayConfig,
    events: mpsc::Sender<GatewayEvent>,
    stopped: watch::Receiver<bool>,
    session: Option<Session>,
    sequence: Option<u64>,
}

impl Client {
    fn new(config: GatewayConfig, events: mpsc::Sender<GatewayEvent>, stopped: watch::Receiver<bool>) -> Self {
        Self { config, events, stopped, session: None, sequence: None }
    }

    /// Connects again and again until told to stop or a fatal close code.
    async fn run(mut self) {
        let mut failures = 0u32;
        let mut wait = Duration::ZERO;
        loop {
            if !wait.is_zero() && !self.pause(wait).await {
                return;
            }
            match self.connection().await {
                End::Stop => return,
                End::Fatal(error) => {
                    tracing::warn!(%error, "discord gateway: stopping");
                    let _ = self.events.send(GatewayEvent::Failed(error)).await;
                    return;
                }
                End::Resume { healthy: true } => failures = 0,
                End::Resume { healthy: false } => failures += 1,
                End::Identify { wait: pause } => {
                    self.session = None;
                    self.sequence = None;
                    wait = pause;
                    continue;
                }
            }
            wait = backoff(self.config.backoff_base, self.config.backoff_cap, failures);
        }
    }

    /// Sleeps `wait` unless told to stop first; `false` when told to stop.
    async fn pause(&mut self, wait: Duration) -> bool {
        tokio::select! {
            _ = sleep(wait) => true,
            _ = stop_requested(&mut self.stopped, &self.events) => false,
        }
    }

    /// One connection, from opening the socket to its end.
    async fn connection(&mut self) -> End {
        let url = gateway_url(self.session.as_ref().and_then(|s| s.resume_url.as_deref()).unwrap_or(&self.config.url));
        let opened = tokio::select! {
            opened = timeout(self.config.connect_timeout, open(&url)) => opened,
            _ = stop_requested(&mut self.stopped, &self.events) => return End::Stop,
        };
        let (mut socket, interval) = match opened {
            Ok(Ok(opened)) => opened,
            Ok(Err(error)) => {
                tracing::warn!(%error, "discord gateway: cannot connect");
                return End::Resume { healthy: false };
            }
            Err(_) => {
                tracing::warn!("discord gateway: no HELLO in time");
                return End::Resume { healthy: false };
            }
        };
        let hello = match &self.session {
            Some(session) => self.resume_payload(session),
            None => self.identify_payload(),
        };
        if socket.send(hello).await.is_err() {
            return End::Resume { healthy: false };
        }
        let end = self.serve(&mut socket, interval).await;
        close(&mut socket, &end).await;
        end
    }

    /// Reads the socket, heartbeats and handles payloads until the connection ends.
    async fn serve(&mut self, socket: &mut Socket, interval: Duration) -> End {
        let mut heartbeat = Heartbeat { interval, due: Instant::now() + interval.mul_f64(jitter()), acked: true };
        let mut healthy = false;
        loop {
            let message = tokio::select! {
                _ = stop_requested(&mut self.stopped, &self.events) => return End::Stop,
                _ = sleep_until(heartbeat.due) => {
                    if !heartbeat.acked {
                        tracing::warn!("discord gateway: heartbeat not acknowledged, reconnecting");
                        return End::Resume { healthy };
                    }
                    if socket.send(self.heartbeat_payload()).await.is_err() {
                        return End::Resume { healthy };
                    }
                    heartbeat.acked = false;
                    heartbeat.due += heartbeat.interval;
                    continue;
                }
                message = socket.next() => message,
            };
            let payload = match message {
                Some(Ok(Message::Text(text))) => match serde_json::from_str::<Payload>(text.as_str()) {
                    Ok(payload) => payload,
                    Err(error) => {
                        tracing::warn!(%error, "discord gateway: ignoring a payload that is not JSON");
                        continue;
                    }
                },
                Some(Ok(Message::Close(frame))) => return closed(frame.map(|f| u16::from(f.code)), healthy),
                Some(Ok(_)) => continue,
                Some(Err(error)) => {
                    tracing::warn!(%error, "discord gateway: connection lost");
                    return End::Resume { healthy };
                }
                None => return End::Resume { healthy },
            };
            match self.handle(socket, payload, &mut heartbeat, &mut healthy).await {
                Some(end) => return end,
                None => continue,
            }
        }
    }

    /// Handles one payload; `Some` when it ends the connection.
    async fn handle(
        &mut self,
        socket: &mut Socket,
        payload: Payload,
        heartbeat: &mut Heartbeat,
        healthy: &mut bool,
    ) -> Option<End> {
        match payload.op {
            op::DISPATCH => {
                let ready = matches!(payload.t.as_deref(), Some("READY" | "RESUMED"));
                *healthy |= ready;
                self.dispatch(payload).await
            }
            op::HEARTBEAT => {
                socket.send(self.heartbeat_payload()).await.err().map(|_| End::Resume { healthy: *healthy })
            }
            op::HEARTBEAT_ACK => {
                heartbeat.acked = true;
                None
            }
            op::RECONNECT => Some(End::Resume { healthy: true }),
            op::INVALID_SESSION if payload.d.as_bool() == Some(true) && self.session.is_some() => {
                Some(End::Resume { healthy: *healthy })
            }
            op::INVALID_SESSION => {
                let wait = self.config.invalid_session_wait.mul_f64(1.0 + 4.0 * jitter());
                Some(End::Identify { wait })
            }
            _ => None,
        }
    }

    /// Handles a dispatch: READY and RESUMED update the session, the rest go to the channel.
    async fn dispatch(&mut self, payload: Payload) -> Option<End> {
        let Payload { d, s, t, .. } = payload;
        if let (Some(s), Some(last)) = (s, self.sequence) {
            if s <= last {
                tracing::debug!(sequence = s, "discord gateway: skipping a dispatch already delivered");
                return None;
            }
        }
        if s.is_some() {
            self.sequence = s;
        }
        let event = match t.as_deref() {
            Some("READY") => self.ready(d)?,
            Some("RESUMED") => GatewayEvent::Resumed,
            Some(_) | None => {
                let (Some(event), Some(sequence)) = (t, s) else {
                    tracing::warn!("discord gateway: ignoring a dispatch without `t` or `s`");
                    return None;
                };
                GatewayEvent::Dispatch { event, data: d, sequence }
            }
        };
        self.events.send(event).await.err().map(|_| End::Stop)
    }

    /// Keeps READY's session; `None` (after a warning) when READY has no `session_id`.
    fn ready(&mut self, data: Value) -> Option<GatewayEvent> {
        let Some(session_id) = data.get("session_id").and_then(Value::as_str).map(str::to_owned) else {
            tracing::warn!("discord gateway: READY without a session_id");
            return None;
        };
        let resume_url = data.get("resume_gateway_url").and_then(Value::as_str).map(str::to_owned);
        self.session = Some(Session { id: session_id.clone(), resume_url });
        Some(GatewayEvent::Ready { session_id, data })
    }

    fn heartbeat_payload(&self) -> Message {
        text(json!({ "op": op::HEARTBEAT, "d": self.sequence }))
    }

    fn identify_payload(&self) -> Message {
        text(json!({
            "op": op::IDENTIFY,
            "d": {
                "token": self.config.token.expose(),
                "intents": self.config.intents,
                "properties": { "os": std::env::consts::OS, "browser": "fluxturn", "device": "fluxturn" },
            },
        }))
    }

    fn resume_payload(&self, session: &Session) -> Message {
        text(json!({
            "op": op::RESUME,
            "d": { "token": self.config.token.expose(), "session_id": session.id, "seq": self.sequence },
        }))
    }
}

/// Opens the socket and waits for HELLO; gives the heartbeat interval.
async fn open(url: &str) -> Result<(Socket, Duration), String> {
    let (mut socket, _) = connect_async(url).await.map_err(|e| e.to_string())?;
    while let Some(message) = socket.next().await {
        let Message::Text(text) = message.map_err(|e| e.to_string())? else { continue };
        let Ok(payload) = serde_json::from_str::<Payload>(text.as_str()) else { continue };
        if payload.op != op::HELLO {
            continue;
        }
        let interval = payload.d.get("heartbeat_interval").and_then(Value::as_u64).filter(|ms| *ms > 0);
        return match interval {
            Some(ms) => Ok((socket, Duration::from_millis(ms))),
            None => Err("HELLO without a heartbeat_interval".to_owned()),
        };
    }
    Err("the connection closed before HELLO".to_owned())
}

/// Closes the socket the way `end` calls for: 1000 on shutdown (Discord then ends the session),
/// 4000 when the session should stay resumable.
async fn close(socket: &mut Socket, end: &End) {
    let code = match end {
        End::Stop | End::Fatal(_) | End::Identify { .. } => CloseCode::Normal,
        End::Resume { .. } => CloseCode::from(4000),
    };
    let frame = CloseFrame { code, reason: "".into() };
    let _ = timeout(Duration::from_secs(1), socket.close(Some(frame))).await;
}

/// What a close code from Discord means.
fn closed(code: Option<u16>, healthy: bool) -> End {
    let Some(code) = code else { return End::Resume { healthy } };
    let (class, message) = match code {
        4004 => (ErrorCode::Unauthorized, "authentication failed: the bot token is wrong or was reset"),
        4010 => (ErrorCode::InvalidInput, "invalid shard"),
        4011 => (ErrorCode::InvalidInput, "sharding required: the bot is in too many servers for one connection"),
        4012 => (ErrorCode::Internal, "invalid API version"),
        4013 => (ErrorCode::InvalidInput, "invalid intents: the intents value is not a valid bit set"),
        4014 => (
            ErrorCode::Forbidden,
            "disallowed intents: enable the privileged intents (Server Members, Message Content, Presence) \
             for the bot in the Developer Portal, or stop asking for them",
        ),
        4007 | 4009 => return End::Identify { wait: Duration::ZERO },
        _ => return End::Resume { healthy },
    };
    let error = ConnectorError::new(class, format!("discord gateway: {message} (close code {code})"));
    End::Fatal(error.with_details(json!({ "closeCode": code })))
}

/// Resolves once a stop is requested, or the handle or the receiver is gone; pends otherwise.
async fn stop_requested(stopped: &mut watch::Receiver<bool>, events: &mpsc::Sender<GatewayEvent>) {
    tokio::select! {
        _ = stopped.wait_for(|stop| *stop) => {}
        _ = events.closed() => {}
    }
}

/// `url` with `v=10&encoding=json` when it carries no query.
fn gateway_url(url: &str) -> String {
    if url.contains('?') {
        url.to_owned()
    } else {
        format!("{}/?v=10&encoding=json", url.trim_end_matches('/'))
    }
}

/// The delay before the next connection after `failures` failed ones in a row: none after a
/// healthy connection, then `base`, `2 × base`, ... up to `cap`.
fn backoff(base: Duration, cap: Duration, failures: u32) -> Duration {
    match failures {
        0 => Duration::ZERO,
        n => base.saturating_mul(1u32 << (n - 1).min(20)).min(cap),
    }
}

/// A number in `[0, 1)`, random enough for jitter.
fn jitter() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(Instant::now().elapsed().as_nanos());
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

fn text(value: Value) -> Message {
    Message::text(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let (base, cap) = (Duration::from_millis(10), Duration::from_millis(50));
        let delays: Vec<_> = (0..5).map(|n| backoff(base, cap, n).as_millis()).collect();
        assert_eq!(delays, [0, 10, 20, 40, 50]);
        assert_eq!(backoff(base, cap, u32::MAX), cap);
    }

    #[test]
    fn the_gateway_url_gets_version_and_encoding() {
        assert_eq!(gateway_url("wss://gateway.discord.gg"), "wss://gateway.discord.gg/?v=10&encoding=json");
        assert_eq!(gateway_url("wss://g.discord.gg/?v=10&encoding=json"), "wss://g.discord.gg/?v=10&encoding=json");
    }

    #[test]
    fn jitter_stays_in_range() {
        assert!((0..100).map(|_| jitter()).all(|j| (0.0..1.0).contains(&j)));
    }

    #[test]
    fn fatal_close_codes_stop_and_others_reconnect() {
        for code in [4004, 4010, 4011, 4012, 4013, 4014] {
            assert!(matches!(closed(Some(code), true), End::Fatal(_)), "{code}");
        }
        assert!(matches!(closed(Some(4009), true), End::Identify { .. }));
        assert!(matches!(closed(Some(4000), true), End::Resume { healthy: true }));
        assert!(matches!(closed(None, false), End::Resume { healthy: false }));
    }

    #[test]
    fn the_config_never_shows_the_token() {
        let config = GatewayConfig::new("wss://gateway.discord.gg", "secret-token", intents::GUILDS);
        assert!(!format!("{config:?}").contains("secret-token"));
    }
}
