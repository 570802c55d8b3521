//! A local IMAP server (RFC 3501) for the `imap` connector's tests: CAPABILITY, NOOP, LOGOUT,
//! STARTTLS, LOGIN, SELECT and EXAMINE (with UIDVALIDITY and UIDNEXT), UID SEARCH, UID FETCH
//! and UID STORE, over mailboxes whose state the test scripts ([`ImapServer::deliver`],
//! [`ImapServer::renumber`]). Every command is logged (LOGIN without its password).

use super::{tls, Io, LineConn};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::sync::broadcast;

/// The user the server accepts by default.
pub const USER: &str = "reader@example.com";
/// The password the server accepts by default.
pub const PASSWORD: &str = "imap-Passw0rd\"quoted\\";

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct ImapConfig {
    /// TLS from the first byte (IMAPS).
    pub implicit_tls: bool,
    /// Offer STARTTLS on a plain connection.
    pub offer_starttls: bool,
    /// List the capabilities in the greeting.
    pub capability_in_greeting: bool,
    /// Send UIDNEXT when a mailbox is opened (RFC 3501 requires it; some servers do not).
    pub send_uid_next: bool,
    /// Refuse every STORE (as a mailbox shared without the right to change flags).
    pub refuse_store: bool,
    /// The user and password accepted.
    pub user: String,
    /// See `user`.
    pub password: String,
}

impl Default for ImapConfig {
    fn default() -> Self {
        Self {
            implicit_tls: true,
            offer_starttls: true,
            capability_in_greeting: true,
            send_uid_next: true,
            refuse_store: false,
            user: USER.to_owned(),
            password: PASSWORD.to_owned(),
        }
    }
}

/// A message in a mailbox.
#[derive(Debug, Clone)]
pub struct Message {
    /// Its UID.
    pub uid: u32,
    /// Its flags, e.g. `\Seen`.
    pub flags: Vec<String>,
    /// The message as stored.
    pub raw: Vec<u8>,
}

/// A mailbox.
#[derive(Debug, Clone)]
pub struct Mailbox {
    /// Its UIDVALIDITY.
    pub uid_validity: u32,
    /// The UID the next message gets.
    pub uid_next: u32,
    /// Its messages, in order (sequence number = position + 1).
    pub messages: Vec<Message>,
}

/// What the server holds and saw.
#[derive(Debug, Default)]
struct State {
    mailboxes: BTreeMap<String, Mailbox>,
    commands: Vec<String>,
    connections: usize,
    /// For each successful LOGIN: whether the connection was encrypted.
    logins: Vec<bool>,
}

/// A running server on 127.0.0.1.
pub struct ImapServer {
    /// The port it listens on.
    pub port: u16,
    config: ImapConfig,
    state: Arc<Mutex<State>>,
    disconnect: broadcast::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ImapServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ImapServer {
    /// Starts a server behaving as `config` says, with an empty INBOX (UIDVALIDITY 1000).
    pub async fn start(config: ImapConfig) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let mut state = State::default();
        state.mailboxes.insert("INBOX".into(), Mailbox { uid_validity: 1000, uid_next: 1, messages: Vec::new() });
        let state = Arc::new(Mutex::new(state));
        let (disconnect, _) = broadcast::channel(4);
        let acceptor = tls::acceptor();
        let task = tokio::spawn({
            let (config, state, disconnect) = (config.clone(), state.clone(), disconnect.clone());
            async move {
                while let Ok((tcp, _)) = listener.accept().await {
                    let (config, state, acceptor) = (config.clone(), state.clone(), acceptor.clone());
                    let stop = disconnect.subscribe();
                    tokio::spawn(async move {
                        state.lock().unwrap().connections += 1;
                        let conn = if config.implicit_tls {
                            match tokio::time::timeout(super::LIMIT, acceptor.accept(tcp)).await {
                                Ok(Ok(tls)) => LineConn::new(Box::new(tls) as Box<dyn Io>, true),
                                _ => return,
                            }
                        } else {
                            LineConn::new(Box::new(tcp), false)
                        };
                        serve(conn, &config, &acceptor, &state, stop).await;
                    });
                }
            }
        });
        Self { port, config, state, disconnect, task }
    }

    /// The connector's credentials for this server: the default user and password, `secure`
    /// matching the server, certificates not checked; `extra` overrides or adds keys.
    pub fn credentials(&self, extra: Value) -> Value {
        let mut credentials = json!({
            "host": "127.0.0.1",
            "port": self.port,
            "secure": self.config.implicit_tls,
            "user": self.config.user,
            "password": self.config.password,
            "allowUnauthorizedCerts": true,
        });
        for (key, value) in extra.as_object().cloned().unwrap_or_default() {
            credentials[key] = value;
        }
        credentials
    }

    /// Adds a mailbox.
    pub fn create(&self, name: &str, uid_validity: u32) {
        let mailbox = Mailbox { uid_validity, uid_next: 1, messages: Vec::new() };
        self.state.lock().unwrap().mailboxes.insert(name.to_owned(), mailbox);
    }

    /// Delivers `raw` to `mailbox`; returns its UID.
    pub fn deliver(&self, mailbox: &str, raw: &str) -> u32 {
        self.deliver_flagged(mailbox, raw, &[])
    }

    /// Delivers `raw` to `mailbox` with `flags` already set; returns its UID.
    pub fn deliver_flagged(&self, mailbox: &str, raw: &str, flags: &[&str]) -> u32 {
        let mut state = self.state.lock().unwrap();
        let mailbox = state.mailboxes.get_mut(mailbox).expect("the mailbox exists");
        let uid = mailbox.uid_next;
        mailbox.uid_next += 1;
        let flags = flags.iter().map(|f| (*f).to_owned()).collect();
        mailbox.messages.push(Message { uid, flags, raw: raw.as_bytes().to_vec() });
        uid
    }

    /// Removes the message `uid` of `mailbox` (as EXPUNGE would).
    pub fn expunge(&self, mailbox: &str, uid: u32) {
        let mut state = self.state.lock().unwrap();
        state.mailboxes.get_mut(mailbox).expect("the mailbox exists").messages.retain(|m| m.uid != uid);
    }

    /// Renumbers `mailbox` as a server does after recreating it: a new UIDVALIDITY and the
    /// messages' UIDs from 1.
    pub fn renumber(&self, mailbox: &str, uid_validity: u32) {
        let mut state = self.state.lock().unwrap();
        let mailbox = state.mailboxes.get_mut(mailbox).expect("the mailbox exists");
        mailbox.uid_validity = uid_validity;
        for (index, message) in mailbox.messages.iter_mut().enumerate() {
            message.uid = index as u32 + 1;
        }
        mailbox.uid_next = mailbox.messages.len() as u32 + 1;
    }

    /// The flags of message `uid` in `mailbox`.
    pub fn flags(&self, mailbox: &str, uid: u32) -> Vec<String> {
        let state = self.state.lock().unwrap();
        let mailbox = &state.mailboxes[mailbox];
        mailbox.messages.iter().find(|m| m.uid == uid).map(|m| m.flags.clone()).expect("the message exists")
    }

    /// Every command so far (tag left out, LOGIN without its password).
    pub fn commands(&self) -> Vec<String> {
        self.state.lock().unwrap().commands.clone()
    }

    /// Forgets the commands so far.
    pub fn clear_commands(&self) {
        self.state.lock().unwrap().commands.clear();
    }

    /// The commands so far that start with `verb`.
    pub fn commands_starting(&self, verb: &str) -> Vec<String> {
        self.commands().into_iter().filter(|c| c.starts_with(verb)).collect()
    }

    /// For each successful LOGIN so far: whether it came over TLS.
    pub fn logins(&self) -> Vec<bool> {
        self.state.lock().unwrap().logins.clone()
    }

    /// How many connections were opened.
    pub fn connections(&self) -> usize {
        self.state.lock().unwrap().connections
    }

    /// Closes every open connection, as a server restarting does.
    pub fn disconnect_all(&self) {
        let _ = self.disconnect.send(());
    }
}

/// A token of a command line.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Atom(String),
    Quoted(String),
    Open,
    Close,
}

impl Token {
    fn text(&self) -> Option<&str> {
        match self {
            Token::Atom(text) | Token::Quoted(text) => Some(text),
            _ => None,
        }
    }
}

fn tokenize(line: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            ' ' => {
                chars.next();
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            '"' => {
                chars.next();
                let mut text = String::new();
                loop {
                    match chars.next() {
                        Some('\\') => text.push(chars.next().ok_or("unfinished escape")?),
                        Some('"') => break,
                        Some(c) => text.push(c),
                        None => return Err("unfinished quoted string".into()),
                    }
                }
                tokens.push(Token::Quoted(text));
            }
            '{' => return Err("literals are not expected from this client".into()),
            _ => {
                let mut text = String::new();
                while let Some(&c) = chars.peek() {
                    if c == ' ' || c == '(' || c == ')' {
                        break;
                    }
                    text.push(c);
                    chars.next();
                }
                tokens.push(Token::Atom(text));
            }
        }
    }
    Ok(tokens)
}

/// Whether `uid` is in the sequence set `set` (`*` is the highest UID of the mailbox; `a:b`
/// is the range between them, whichever is larger).
fn in_set(set: &str, uid: u32, highest: u32) -> bool {
    let number = |n: &str| if n == "*" { Some(highest) } else { n.parse::<u32>().ok() };
    set.split(',').any(|part| match part.split_once(':') {
        Some((a, b)) => match (number(a), number(b)) {
            (Some(a), Some(b)) => (a.min(b)..=a.max(b)).contains(&uid),
            _ => false,
        },
        None => number(part) == Some(uid),
    })
}

/// A search key.
#[derive(Debug)]
enum Key {
    All,
    Flag(&'static str, bool),
    Uid(String),
    Header(String, String),
    Text(String),
    Larger(usize),
    Smaller(usize),
    Not(Box<Key>),
    Or(Box<Key>, Box<Key>),
    And(Vec<Key>),
}

fn parse_key(tokens: &[Token], at: &mut usize) -> Result<Key, String> {
    let token = tokens.get(*at).ok_or("a search key is missing")?.clone();
    *at += 1;
    let value = |at: &mut usize| -> Result<String, String> {
        let text = tokens.get(*at).and_then(Token::text).ok_or("a value is missing")?.to_owned();
        *at += 1;
        Ok(text)
    };
    let atom = match token {
        Token::Open => {
            let mut keys = Vec::new();
            while tokens.get(*at) != Some(&Token::Close) {
                keys.push(parse_key(tokens, at)?);
            }
            *at += 1;
            return Ok(Key::And(keys));
        }
        Token::Atom(atom) => atom.to_ascii_uppercase(),
        other => return Err(format!("unexpected {other:?}")),
    };
    let flag = |name: &'static str, set: bool| Ok(Key::Flag(name, set));
    match atom.as_str() {
        "ALL" => Ok(Key::All),
        "SEEN" => flag("\\Seen", true),
        "UNSEEN" => flag("\\Seen", false),
        "FLAGGED" => flag("\\Flagged", true),
        "UNFLAGGED" => flag("\\Flagged", false),
        "ANSWERED" => flag("\\Answered", true),
        "UNANSWERED" => flag("\\Answered", false),
        "DELETED" => flag("\\Deleted", true),
        "UNDELETED" => flag("\\Deleted", false),
        "DRAFT" => flag("\\Draft", true),
        "UNDRAFT" => flag("\\Draft", false),
        "UID" => Ok(Key::Uid(value(at)?)),
        "FROM" | "TO" | "CC" | "SUBJECT" => Ok(Key::Header(atom.clone(), value(at)?)),
        "HEADER" => Ok(Key::Header(value(at)?.to_ascii_uppercase(), value(at)?)),
        "BODY" | "TEXT" => Ok(Key::Text(value(at)?)),
        "LARGER" => Ok(Key::Larger(value(at)?.parse().map_err(|_| "LARGER takes a number")?)),
        "SMALLER" => Ok(Key::Smaller(value(at)?.parse().map_err(|_| "SMALLER takes a number")?)),
        "NOT" => Ok(Key::Not(Box::new(parse_key(tokens, at)?))),
        "OR" => Ok(Key::Or(Box::new(parse_key(tokens, at)?), Box::new(parse_key(tokens, at)?))),
        other => Err(format!("unsupported search key {other}")),
    }
}

/// The value of header `name` in `raw` (first occurrence, unfolded).
fn header(raw: &[u8], name: &str) -> String {
    let text = String::from_utf8_lossy(raw);
    let head = text.split("\r\n\r\n").next().unwrap_or_default().replace("\r\n ", " ").replace("\r\n\t", " ");
    head.lines()
        .find_map(|line| {
            let (field, value) = line.split_once(':')?;
            field.eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
        })
        .unwrap_or_default()
}

fn matches(key: &Key, message: &Message, highest: u32) -> bool {
    let contains = |haystack: &str, needle: &str| haystack.to_ascii_lowercase().contains(&needle.to_ascii_lowercase());
    match key {
        Key::All => true,
        Key::Flag(flag, set) => message.flags.iter().any(|f| f == flag) == *set,
        Key::Uid(set) => in_set(set, message.uid, highest),
        Key::Header(name, needle) => contains(&header(&message.raw, name), needle),
        Key::Text(needle) => contains(&String::from_utf8_lossy(&message.raw), needle),
        Key::Larger(size) => message.raw.len() > *size,
        Key::Smaller(size) => message.raw.len() < *size,
        Key::Not(key) => !matches(key, message, highest),
        Key::Or(a, b) => matches(a, message, highest) || matches(b, message, highest),
        Key::And(keys) => keys.iter().all(|k| matches(k, message, highest)),
    }
}

fn capabilities(config: &ImapConfig, tls: bool) -> String {
    let starttls = if config.offer_starttls && !tls { " STARTTLS" } else { "" };
    format!("IMAP4rev1{starttls} AUTH=PLAIN")
}

async fn serve(
    mut conn: LineConn,
    config: &ImapConfig,
    acceptor: &tokio_rustls::TlsAcceptor,
    state: &Mutex<State>,
    mut stop: broadcast::Receiver<()>,
) {
    let greeting = if config.capability_in_greeting {
        format!("* OK [CAPABILITY {}] mock IMAP ready", capabilities(config, conn.tls))
    } else {
        "* OK mock IMAP ready".to_owned()
    };
    conn.write_line(&greeting).await;
    let mut signed_in = false;
    // The open mailbox, and whether it is read-only (EXAMINE).
    let mut selected: Option<(String, bool)> = None;
    loop {
        let line = tokio::select! {
            line = conn.read_text_line() => match line { Some(line) => line, None => return },
            _ = stop.recv() => return,
        };
        let (tag, rest) = line.split_once(' ').unwrap_or((line.as_str(), ""));
        let tag = tag.to_owned();
        let tokens = match tokenize(rest) {
            Ok(tokens) => tokens,
            Err(problem) => {
                conn.write_line(&format!("{tag} BAD {problem}")).await;
                continue;
            }
        };
        let verb = tokens.first().and_then(Token::text).unwrap_or_default().to_ascii_uppercase();
        let logged = if verb == "LOGIN" {
            format!("LOGIN {}", tokens.get(1).and_then(Token::text).unwrap_or_default())
        } else {
            rest.to_owned()
        };
        state.lock().unwrap().commands.push(logged);
        match verb.as_str() {
            "CAPABILITY" => {
                conn.write_line(&format!("* CAPABILITY {}", capabilities(config, conn.tls))).await;
                conn.write_line(&format!("{tag} OK CAPABILITY completed")).await;
            }
            "NOOP" => conn.write_line(&format!("{tag} OK NOOP completed")).await,
            "LOGOUT" => {
                conn.write_line("* BYE logging out").await;
                conn.write_line(&format!("{tag} OK LOGOUT completed")).await;
                return;
            }
            "STARTTLS" if config.offer_starttls && !conn.tls && !signed_in => {
                conn.write_line(&format!("{tag} OK Begin TLS negotiation now")).await;
                conn = match conn.start_tls(acceptor).await {
                    Some(conn) => conn,
                    None => return,
                };
            }
            "STARTTLS" => conn.write_line(&format!("{tag} BAD STARTTLS not available")).await,
            "LOGIN" => {
                let user = tokens.get(1).and_then(Token::text).unwrap_or_default();
                let password = tokens.get(2).and_then(Token::text).unwrap_or_default();
                if user == config.user && password == config.password {
                    signed_in = true;
                    state.lock().unwrap().logins.push(conn.tls);
                    conn.write_line(&format!("{tag} OK [CAPABILITY IMAP4rev1] Logged in")).await;
                } else {
                    conn.write_line(&format!("{tag} NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)")).await;
                }
            }
            _ if !signed_in => conn.write_line(&format!("{tag} BAD Please sign in first")).await,
            "SELECT" | "EXAMINE" => {
                let name = tokens.get(1).and_then(Token::text).unwrap_or_default().to_owned();
                let mailbox = state.lock().unwrap().mailboxes.get(&name).cloned();
                let Some(mailbox) = mailbox else {
                    selected = None;
                    conn.write_line(&format!("{tag} NO [NONEXISTENT] Unknown Mailbox: {name} (Failure)")).await;
                    continue;
                };
                let read_only = verb == "EXAMINE";
                conn.write_line("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)").await;
                conn.write_line(&format!("* {} EXISTS", mailbox.messages.len())).await;
                conn.write_line("* 0 RECENT").await;
                conn.write_line(&format!("* OK [UIDVALIDITY {}] UIDs valid", mailbox.uid_validity)).await;
                if config.send_uid_next {
                    conn.write_line(&format!("* OK [UIDNEXT {}] Predicted next UID", mailbox.uid_next)).await;
                }
                let mode = if read_only { "READ-ONLY" } else { "READ-WRITE" };
                conn.write_line(&format!("{tag} OK [{mode}] {verb} completed")).await;
                selected = Some((name, read_only));
            }
            "UID" => {
                let Some((name, read_only)) = selected.clone() else {
                    conn.write_line(&format!("{tag} BAD No mailbox selected")).await;
                    continue;
                };
                let command = tokens.get(1).and_then(Token::text).unwrap_or_default().to_ascii_uppercase();
                let refused = command == "STORE" && config.refuse_store;
                let reply = if refused {
                    Err("NO [NOPERM] You may not change flags in this mailbox".to_owned())
                } else {
                    uid_command(state, &name, read_only, &command, &tokens[2..])
                };
                match reply {
                    Ok(untagged) => {
                        for part in untagged {
                            conn.write_raw(&part).await;
                        }
                        conn.write_line(&format!("{tag} OK UID {command} completed")).await;
                    }
                    Err(problem) => conn.write_line(&format!("{tag} {problem}")).await,
                }
            }
            _ => conn.write_line(&format!("{tag} BAD Unknown command")).await,
        }
    }
}

/// UID SEARCH, FETCH or STORE on the open mailbox: the untagged answers, or the tagged refusal.
fn uid_command(
    state: &Mutex<State>,
    name: &str,
    read_only: bool,
    command: &str,
    arguments: &[Token],
) -> Result<Vec<Vec<u8>>, String> {
    let mut state = state.lock().unwrap();
    let mailbox = state.mailboxes.get_mut(name).ok_or("NO Mailbox is gone")?;
    let highest = mailbox.messages.iter().map(|m| m.uid).max().unwrap_or(0);
    match command {
        "SEARCH" => {
            let mut at = 0;
            let mut keys = Vec::new();
            while at < arguments.len() {
                keys.push(parse_key(arguments, &mut at).map_err(|e| format!("BAD {e}"))?);
            }
            let key = Key::And(keys);
            let uids: Vec<String> =
                mailbox.messages.iter().filter(|m| matches(&key, m, highest)).map(|m| m.uid.to_string()).collect();
            let line =
                if uids.is_empty() { "* SEARCH\r\n".to_owned() } else { format!("* SEARCH {}\r\n", uids.join(" ")) };
            Ok(vec![line.into_bytes()])
        }
        "FETCH" => {
            let set = arguments.first().and_then(Token::text).ok_or("BAD A UID set is missing")?;
            let items: Vec<String> =
                arguments[1..].iter().filter_map(Token::text).map(str::to_ascii_uppercase).collect();
            let peek = !items.iter().any(|i| i == "BODY[]" || i == "RFC822");
            let with_body = items.iter().any(|i| i == "BODY[]" || i == "BODY.PEEK[]" || i == "RFC822");
            let mut answers = Vec::new();
            for (index, message) in mailbox.messages.iter_mut().enumerate() {
                if !in_set(set, message.uid, highest) {
                    continue;
                }
                if !peek && !read_only && !message.flags.iter().any(|f| f == "\\Seen") {
                    message.flags.push("\\Seen".to_owned());
                }
                let mut answer =
                    format!("* {} FETCH (UID {} FLAGS ({})", index + 1, message.uid, message.flags.join(" "))
                        .into_bytes();
                if with_body {
                    answer.extend_from_slice(format!(" BODY[] {{{}}}\r\n", message.raw.len()).as_bytes());
                    answer.extend_from_slice(&message.raw);
                }
                answer.extend_from_slice(b")\r\n");
                answers.push(answer);
            }
            Ok(answers)
        }
        "STORE" => {
            if read_only {
                return Err("NO [READ-ONLY] The mailbox is read-only".into());
            }
            let set = arguments.first().and_then(Token::text).ok_or("BAD A UID set is missing")?.to_owned();
            let operation =
                arguments.get(1).and_then(Token::text).ok_or("BAD The operation is missing")?.to_ascii_uppercase();
            let flags: Vec<String> = arguments[2..].iter().filter_map(Token::text).map(str::to_owned).collect();
            let mut answers = Vec::new();
            for (index, message) in mailbox.messages.iter_mut().enumerate() {
                if !in_set(&set, message.uid, highest) {
                    continue;
                }
                match operation.trim_end_matches(".SILENT") {
                    "+FLAGS" => flags.iter().for_each(|f| {
                        if !message.flags.contains(f) {
                            message.flags.push(f.clone());
                        }
                    }),
                    "-FLAGS" => message.flags.retain(|f| !flags.contains(f)),
                    "FLAGS" => message.flags = flags.clone(),
                    other => return Err(format!("BAD Unknown STORE operation {other}")),
                }
                if !operation.ends_with(".SILENT") {
                    answers.push(
                        format!("* {} FETCH (UID {} FLAGS ({}))\r\n", index + 1, message.uid, message.flags.join(" "))
                            .into_bytes(),
                    );
                }
            }
            Ok(answers)
        }
        other => Err(format!("BAD Unknown UID command {other}")),
    }
}
