//! One poll of a mailbox by UID: where the mailbox stands (UIDVALIDITY, UIDNEXT), the new
//! UIDs that match the criteria, their messages, the marking as read, and the next cursor.

use super::email::{self, Shape};
use super::session::Lease;
use super::{mailbox_name, EmailEvent, MailboxCursor};
use async_imap::types::Flag;
use fluxturn_core::{ErrorCode, Result};
use futures_util::TryStreamExt;
use std::collections::HashMap;

/// The most emails one poll emits; the rest follow in the next polls.
const MAX_PER_POLL: usize = 100;

/// What a poll watches.
pub(super) struct Watch<'a> {
    /// The mailbox, as the user named it.
    pub mailbox: &'a str,
    /// Whether emitted emails are marked as read (else the mailbox is opened read-only).
    pub mark_read: bool,
    /// IMAP search keys the new emails must also match ("" for all).
    pub criteria: &'a str,
    /// How each email is emitted.
    pub shape: &'a Shape,
}

/// One poll: the new emails, oldest first, and the cursor to poll from next.
///
/// Without a cursor, or with one of another UIDVALIDITY, nothing is emitted and the cursor
/// records the mailbox as it stands. Otherwise the UIDs above the cursor's that match the
/// criteria are fetched (at most [`MAX_PER_POLL`]); the cursor then moves past every UID below
/// the mailbox's UIDNEXT when all were fetched, else past the last one fetched.
pub(super) async fn poll(
    lease: &mut Lease<'_>,
    watch: &Watch<'_>,
    cursor: Option<MailboxCursor>,
) -> Result<(Vec<EmailEvent>, MailboxCursor)> {
    let client = lease.client();
    let session = &mut lease.session;
    let name = mailbox_name::encode(watch.mailbox);
    let opening = format!("opening mailbox `{}`", watch.mailbox);
    // EXAMINE opens the mailbox read-only: with nothing to mark, nothing can change.
    let mailbox = if watch.mark_read {
        client.step(&opening, session.select(&name)).await?
    } else {
        client.step(&opening, session.examine(&name)).await?
    };
    // A server that leaves UIDVALIDITY out never renumbers as far as we can tell.
    let uid_validity = mailbox.uid_validity.unwrap_or(0);
    let uid_next = mailbox.uid_next;
    let last_uid = match cursor {
        Some(cursor) if cursor.uid_validity == uid_validity => cursor.last_uid,
        _ => {
            let top = match uid_next {
                Some(next) => next.saturating_sub(1),
                None => client
                    .step("listing the mailbox's UIDs", session.uid_search("ALL"))
                    .await?
                    .into_iter()
                    .max()
                    .unwrap_or(0),
            };
            return Ok((Vec::new(), MailboxCursor { uid_validity, last_uid: top }));
        }
    };
    if uid_next.is_some_and(|next| next <= last_uid.saturating_add(1)) || last_uid == u32::MAX {
        return Ok((Vec::new(), MailboxCursor { uid_validity, last_uid }));
    }
    let query = format!("UID {}:* {}", last_uid + 1, watch.criteria);
    let found = client.step("searching for new emails", session.uid_search(query.trim_end())).await?;
    // `n:*` always includes the highest UID, even below n: only the UIDs above the cursor count.
    let mut uids: Vec<u32> = found.into_iter().filter(|uid| *uid > last_uid).collect();
    uids.sort_unstable();
    let complete = uids.len() <= MAX_PER_POLL;
    uids.truncate(MAX_PER_POLL);

    let mut events = Vec::new();
    if !uids.is_empty() {
        let set = uid_set(&uids);
        // BODY.PEEK leaves \Seen alone: an email is marked only once it has been read whole.
        let fetches = client
            .step("fetching the new emails", async {
                session.uid_fetch(&set, "(UID FLAGS BODY.PEEK[])").await?.try_collect::<Vec<_>>().await
            })
            .await?;
        let mut messages = HashMap::new();
        for fetch in &fetches {
            if let (Some(uid), Some(body)) = (fetch.uid, fetch.body()) {
                messages.insert(uid, (fetch.flags().map(|f| flag_name(&f)).collect::<Vec<_>>(), body));
            }
        }
        for uid in &uids {
            // An email deleted between the search and the fetch is simply gone.
            if let Some((flags, body)) = messages.get(uid) {
                let id = email::Identity { uid: *uid, uid_validity, mailbox: watch.mailbox, flags: flags.clone() };
                events.push(email::event(body, id, watch.shape));
            }
        }
        if watch.mark_read && !events.is_empty() {
            let marked = uid_set(&events.iter().map(|e| e.uid).collect::<Vec<_>>());
            let marking = client
                .step("marking the emails as read", async {
                    session.uid_store(&marked, "+FLAGS.SILENT (\\Seen)").await?.try_collect::<Vec<_>>().await
                })
                .await;
            match marking {
                Ok(_) => {}
                // The server refused (a read-only mailbox, a missing right): the cursor already
                // keeps the emails from coming back, so they are emitted unmarked rather than
                // held back for good.
                Err(error) if error.code == ErrorCode::Upstream => {
                    tracing::warn!(%error, "imap: the emails are emitted without being marked as read");
                }
                Err(error) => return Err(error),
            }
        }
    }
    let highest = uids.last().copied().unwrap_or(last_uid).max(last_uid);
    let last_uid = match (complete, uid_next) {
        // Every UID below UIDNEXT (at opening) was looked at; later arrivals are above it.
        (true, Some(next)) => highest.max(next.saturating_sub(1)),
        _ => highest,
    };
    Ok((events, MailboxCursor { uid_validity, last_uid }))
}

/// An IMAP sequence set of sorted UIDs, runs folded: `3:5,9`.
fn uid_set(uids: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run: Option<(u32, u32)> = None;
    for &uid in uids {
        run = match run {
            Some((start, end)) if end.checked_add(1) == Some(uid) => Some((start, uid)),
            Some(done) => {
                parts.push(range(done));
                Some((uid, uid))
            }
            None => Some((uid, uid)),
        };
    }
    parts.extend(run.map(range));
    parts.join(",")
}

fn range((start, end): (u32, u32)) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start}:{end}")
    }
}

/// A flag as IMAP writes it: `\Seen`, or a keyword.
fn flag_name(flag: &Flag<'_>) -> String {
    match flag {
        Flag::Seen => "\\Seen".to_owned(),
        Flag::Answered => "\\Answered".to_owned(),
        Flag::Flagged => "\\Flagged".to_owned(),
        Flag::Deleted => "\\Deleted".to_owned(),
        Flag::Draft => "\\Draft".to_owned(),
        Flag::Recent => "\\Recent".to_owned(),
        Flag::MayCreate => "\\*".to_owned(),
        Flag::Custom(name) => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::uid_set;

    #[test]
    fn uid_sets_fold_runs() {
        assert_eq!(uid_set(&[3, 4, 5, 9, 11, 12]), "3:5,9,11:12");
        assert_eq!(uid_set(&[7]), "7");
        assert_eq!(uid_set(&[]), "");
    }
}
