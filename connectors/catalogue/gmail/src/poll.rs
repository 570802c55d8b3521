//! The polling of the mail triggers, over Gmail's history of the mailbox (`users.history.list`).
//!
//! Every change to a mailbox gets a history record with a growing ID. The first poll only
//! records the mailbox's current history ID (`users.getProfile`); each later poll reads the
//! records after the cursor, in order, and reports the messages they add. Two messages that
//! arrive together are two records (or one record with both), so both are reported; the cursor
//! moves to the last record read, so none is reported twice. Its `seen` list (the messages of
//! that last record) keeps a record that Gmail returned again from being reported again.
//!
//! The events of a poll and its cursor are stored together, so the cursor describes exactly the
//! records whose messages were reported: a poll that stops early (too many messages for one
//! poll, or a message too new for Gmail's search, see [`SEARCH_SETTLE`]) leaves its cursor on
//! the last record it finished, and the next poll goes on from there.
//!
//! Gmail keeps history for about a week (sometimes only hours). When the cursor has expired,
//! Gmail answers 404: the trigger then starts again from the mailbox's current history ID, as a
//! first poll does, and logs a warning; mail that arrived between the last poll and that moment
//! is not reported.

use super::incoming::Message;
use super::{EmailReceived, Gmail, MessageFormat, ReadStatus};
use connectors_google as google;
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::HashSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Most history pages one poll reads (500 records each).
const MAX_HISTORY_PAGES: usize = 20;
/// Most messages one poll reads; the rest waits for the next poll.
const MAX_MESSAGES_PER_POLL: usize = 100;
/// How long Gmail's search may take to index a new message. With a search query, a message
/// younger than this waits for the next poll, so that the search does not miss it.
pub(super) const SEARCH_SETTLE: Duration = Duration::from_secs(60);
/// Most messages one search-query check lists.
const MAX_SEARCH_IDS: usize = 5000;

/// Where a mail trigger's polling stands.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Cursor {
    /// The last history record read (at first, the mailbox's history ID).
    history_id: String,
    /// The messages of record `history_id` that were already handled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    seen: Vec<String>,
}

/// Which messages a trigger reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Messages that arrive (neither drafts nor sent by the account, unless also in the inbox).
    Received,
    /// Messages the account sent.
    Sent,
}

/// What a mail trigger watches for, its filters resolved.
#[derive(Debug, Clone)]
pub(super) struct Watch {
    kind: Kind,
    read_status: ReadStatus,
    /// Lower case.
    sender: Option<String>,
    label_ids: Vec<String>,
    search_query: Option<String>,
    include_spam_trash: bool,
    simple: bool,
}

impl Watch {
    /// `email_received` with its configuration, the labels given as IDs.
    pub(super) fn received(config: &EmailReceived, label_ids: Vec<String>) -> Self {
        let text = |t: &Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        Self {
            kind: Kind::Received,
            read_status: config.read_status,
            sender: text(&config.sender).map(|s| s.to_lowercase()),
            label_ids,
            search_query: text(&config.search_query),
            include_spam_trash: config.include_spam_trash,
            simple: config.simple,
        }
    }

    /// `email_sent`.
    pub(super) fn sent() -> Self {
        Self {
            kind: Kind::Sent,
            read_status: ReadStatus::All,
            sender: None,
            label_ids: Vec::new(),
            search_query: None,
            include_spam_trash: true,
            simple: true,
        }
    }

    /// The history records to read: additions, and for sent mail the `SENT` label being added
    /// (a draft that is sent keeps its message and gains the label).
    fn history_query(&self) -> Map<String, Value> {
        let query = match self.kind {
            Kind::Received => json!({ "historyTypes": "messageAdded" }),
            Kind::Sent => json!({ "historyTypes": ["messageAdded", "labelAdded"], "labelId": "SENT" }),
        };
        query.as_object().cloned().unwrap_or_default()
    }

    /// The messages of `record` this trigger may report, by their labels in the record.
    fn candidates<'a>(&self, record: &'a HistoryRecord) -> Vec<&'a str> {
        let added = record.messages_added.iter().map(|change| &change.message);
        let mut ids: Vec<&str> = match self.kind {
            Kind::Received => added.filter(|m| is_received(&m.label_ids)).map(|m| m.id.as_str()).collect(),
            Kind::Sent => added
                .filter(|m| has(&m.label_ids, "SENT") && !has(&m.label_ids, "DRAFT"))
                .chain(record.labels_added.iter().filter(|c| has(&c.label_ids, "SENT")).map(|c| &c.message))
                .map(|m| m.id.as_str())
                .collect(),
        };
        let mut unique = HashSet::new();
        ids.retain(|id| !id.is_empty() && unique.insert(*id));
        ids
    }

    /// Whether a message, as it is now, is one to report.
    fn matches(&self, message: &Message) -> bool {
        let labels = &message.label_ids;
        match self.kind {
            Kind::Sent => has(labels, "SENT") && !has(labels, "DRAFT"),
            Kind::Received => {
                let unread = has(labels, "UNREAD");
                is_received(labels)
                    && (self.include_spam_trash || !(has(labels, "SPAM") || has(labels, "TRASH")))
                    && match self.read_status {
                        ReadStatus::All => true,
                        ReadStatus::Unread => unread,
                        ReadStatus::Read => !unread,
                    }
                    && self.label_ids.iter().all(|label| has(labels, label))
                    && self.sender.as_ref().is_none_or(|sender| {
                        message.header("From").is_some_and(|from| from.to_lowercase().contains(sender))
                    })
            }
        }
    }

    fn event(&self, message: &Message, resource: Value) -> Result<Value> {
        if !self.simple {
            return Ok(resource);
        }
        serde_json::to_value(message.simple()).map_err(|e| ConnectorError::internal(e.to_string()))
    }
}

fn has(labels: &[String], label: &str) -> bool {
    labels.iter().any(|l| l == label)
}

/// Mail that arrived: not a draft, and not sent by the account unless it also came in (to itself).
fn is_received(labels: &[String]) -> bool {
    !has(labels, "DRAFT") && (!has(labels, "SENT") || has(labels, "INBOX"))
}

/// One record of `users.history.list`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct HistoryRecord {
    id: String,
    messages_added: Vec<MessageChange>,
    labels_added: Vec<LabelChange>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MessageChange {
    message: ChangedMessage,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct LabelChange {
    message: ChangedMessage,
    label_ids: Vec<String>,
}

/// A message as a history record names it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ChangedMessage {
    id: String,
    label_ids: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct HistoryPage {
    history: Vec<HistoryRecord>,
    next_page_token: Option<String>,
    history_id: Option<Value>,
}

/// The records after a history ID, and the mailbox's history ID once every page was read
/// (`None` when the page limit stopped the reading).
struct History {
    records: Vec<HistoryRecord>,
    current: Option<String>,
}

/// One poll of a mail trigger (see the module's documentation).
pub(super) async fn poll(gmail: &Gmail, watch: &Watch, cursor: Option<Value>) -> Result<Polled<Value>> {
    let Some(cursor) = cursor.and_then(|c| serde_json::from_value::<Cursor>(c).ok()) else {
        return start(gmail).await;
    };
    let history = match read_history(gmail, &cursor.history_id, watch).await {
        Err(error) if error.code == ErrorCode::NotFound => {
            tracing::warn!(
                connector = "gmail",
                history_id = %cursor.history_id,
                "Gmail no longer has the history after the trigger's cursor; polling starts again from now, \
                 and mail that arrived since the last poll is not reported"
            );
            return start(gmail).await;
        }
        other => other?,
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis() as u64;
    let settle = SEARCH_SETTLE.as_millis() as u64;
    let mut handled: HashSet<String> = cursor.seen.iter().cloned().collect();
    let mut reported: Vec<(Message, Value)> = Vec::new();
    // The last record handled completely, and the messages it named.
    let mut finished: Option<(String, Vec<String>)> = None;
    let mut read = 0;
    let mut complete = true;
    for record in &history.records {
        let candidates = watch.candidates(record);
        let ids: Vec<String> =
            candidates.iter().filter(|id| !handled.contains(**id)).map(|id| (*id).to_owned()).collect();
        if read > 0 && read + ids.len() > MAX_MESSAGES_PER_POLL {
            complete = false;
            break;
        }
        let messages = gmail.fetch_messages(ids.clone(), MessageFormat::Full).await?;
        let too_new = |message: &Message| message.received_ms().is_some_and(|ms| ms + settle > now);
        if watch.search_query.is_some() && messages.iter().any(|(message, _)| too_new(message)) {
            complete = false;
            break;
        }
        read += ids.len();
        handled.extend(ids.iter().cloned());
        reported.extend(messages.into_iter().filter(|(message, _)| watch.matches(message)));
        // Every message of the record, those handled before included: the record may come again.
        finished = Some((record.id.clone(), candidates.into_iter().map(str::to_owned).collect()));
    }
    let next = match (complete, history.current) {
        (true, Some(current)) => {
            let seen = finished.filter(|(id, _)| *id == current).map(|(_, ids)| ids).unwrap_or_default();
            Some(Cursor { history_id: current, seen })
        }
        _ => finished.map(|(history_id, seen)| Cursor { history_id, seen }),
    };
    if let Some(query) = &watch.search_query {
        reported = matching_search(gmail, query, watch.include_spam_trash, reported).await?;
    }
    let events =
        reported.into_iter().map(|(message, resource)| watch.event(&message, resource)).collect::<Result<_>>()?;
    Ok(Polled { events, cursor: next.map(|cursor| json!(cursor)) })
}

/// The first poll (or one after the history expired): where the mailbox stands, nothing to report.
async fn start(gmail: &Gmail) -> Result<Polled<Value>> {
    let profile: Value = gmail.http.get("/gmail/v1/users/me/profile").send_json().await?;
    let history_id = history_id(&profile["historyId"]).ok_or_else(|| {
        ConnectorError::new(ErrorCode::InvalidResponse, "Gmail's profile of the mailbox has no `historyId`")
    })?;
    Ok(Polled { events: Vec::new(), cursor: Some(json!(Cursor { history_id, seen: Vec::new() })) })
}

/// A history ID as text (Gmail writes these 64-bit numbers as strings).
fn history_id(value: &Value) -> Option<String> {
    match value {
        Value::String(id) if !id.trim().is_empty() => Some(id.trim().to_owned()),
        Value::Number(id) => Some(id.to_string()),
        _ => None,
    }
}

/// Every history record after `start` that `watch` reads, page after page.
async fn read_history(gmail: &Gmail, start: &str, watch: &Watch) -> Result<History> {
    let mut records = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_HISTORY_PAGES {
        let mut query = watch.history_query();
        query.insert("startHistoryId".into(), start.into());
        query.insert("maxResults".into(), 500.into());
        if let Some(token) = &token {
            query.insert("pageToken".into(), token.clone().into());
        }
        let request = google::with_query(gmail.http.get("/gmail/v1/users/me/history"), &query);
        let page: HistoryPage = request.send_json().await?;
        records.extend(page.history);
        match page.next_page_token.filter(|t| !t.is_empty()) {
            Some(next) => token = Some(next),
            None => return Ok(History { records, current: page.history_id.as_ref().and_then(history_id) }),
        }
    }
    Ok(History { records, current: None })
}

/// The messages of `candidates` that Gmail's search for `query` finds, in their order.
async fn matching_search(
    gmail: &Gmail,
    query: &str,
    include_spam_trash: bool,
    candidates: Vec<(Message, Value)>,
) -> Result<Vec<(Message, Value)>> {
    if candidates.is_empty() {
        return Ok(candidates);
    }
    // Only mail from the oldest candidate on: a short listing however large the mailbox.
    let oldest = candidates.iter().map(|(message, _)| message.received_ms()).min().flatten();
    let q = match oldest {
        Some(ms) => format!("({query}) after:{}", (ms / 1000).saturating_sub(1)),
        None => query.to_owned(),
    };
    let mut search = Map::new();
    search.insert("q".into(), q.into());
    search.insert("maxResults".into(), 500.into());
    search.insert("includeSpamTrash".into(), include_spam_trash.into());
    let found: Vec<super::MessageRef> =
        google::list_all(&gmail.http, super::MESSAGES, &search, "messages", MAX_SEARCH_IDS).await?;
    let found: HashSet<String> = found.into_iter().map(|m| m.id).collect();
    Ok(candidates.into_iter().filter(|(message, _)| found.contains(&message.id)).collect())
}
