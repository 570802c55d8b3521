//! The `new_video` trigger's bookkeeping: which items of a channel's uploads playlist a poll
//! reports, and the cursor that says exactly what has been reported.
//!
//! A poll reads the newest page of the uploads playlist (newest first). An item is new when it was
//! added at or after the newest time the previous poll saw and is not one of the items that poll
//! saw: two uploads that arrive together are both reported, none twice, and an older upload that
//! slides into the page (when a newer one is deleted) is not taken for a new one.

use fluxturn_core::prelude::*;
use serde_json::Value;
use std::time::SystemTime;

/// A video added to a channel's uploads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewVideo {
    /// The video's ID
    pub video_id: String,
    /// Its title
    pub title: String,
    /// Its description
    pub description: String,
    /// When it was added to the channel's uploads (RFC 3339)
    pub published_at: String,
    /// When it was published, if it is public yet (RFC 3339)
    pub video_published_at: Option<String>,
    /// Who can see it (`public`, `unlisted`, `private`), when YouTube says
    pub privacy_status: Option<String>,
    /// The channel's ID
    pub channel_id: String,
    /// The channel's title
    pub channel_title: String,
    /// The video's page
    pub url: String,
    /// Its largest thumbnail
    pub thumbnail_url: Option<String>,
}

/// Where the uploads of a channel stand after a poll.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadsCursor {
    /// The channel watched: its ID, or `mine` for the connection's own.
    pub channel: String,
    /// Its uploads playlist (read once per channel).
    pub playlist: String,
    /// When the newest item seen was added (RFC 3339); empty before any.
    pub since: String,
    /// The video IDs of the items the poll saw.
    pub seen: Vec<String>,
}

/// The video of one playlist item, and when it was added; `None` for an item without them.
fn video_of(item: &Value) -> Option<(NewVideo, SystemTime)> {
    let snippet = &item["snippet"];
    let text = |value: &Value| value.as_str().map(str::to_owned);
    let video_id = text(&snippet["resourceId"]["videoId"]).or_else(|| text(&item["contentDetails"]["videoId"]))?;
    let published_at = text(&snippet["publishedAt"])?;
    let added = humantime::parse_rfc3339_weak(&published_at).ok()?;
    let thumbnail_url = ["maxres", "standard", "high", "medium", "default"]
        .iter()
        .find_map(|size| text(&snippet["thumbnails"][size]["url"]));
    let video = NewVideo {
        url: format!("https://www.youtube.com/watch?v={video_id}"),
        video_id,
        title: text(&snippet["title"]).unwrap_or_default(),
        description: text(&snippet["description"]).unwrap_or_default(),
        published_at,
        video_published_at: text(&item["contentDetails"]["videoPublishedAt"]),
        privacy_status: text(&item["status"]["privacyStatus"]),
        channel_id: text(&snippet["videoOwnerChannelId"]).or_else(|| text(&snippet["channelId"])).unwrap_or_default(),
        channel_title: text(&snippet["videoOwnerChannelTitle"])
            .or_else(|| text(&snippet["channelTitle"]))
            .unwrap_or_default(),
        thumbnail_url,
    };
    Some((video, added))
}

/// The new videos among `items` (one page of the uploads playlist), oldest first, and the cursor
/// after them. Without a `before` cursor (the first poll) nothing is new: the cursor records
/// where the uploads stand.
pub fn select(
    items: &[Value],
    before: Option<&UploadsCursor>,
    channel: &str,
    playlist: &str,
) -> (Vec<NewVideo>, UploadsCursor) {
    let videos: Vec<(NewVideo, SystemTime)> = items.iter().filter_map(video_of).collect();
    let since_before = before.and_then(|c| humantime::parse_rfc3339_weak(&c.since).ok());
    let mut new: Vec<(NewVideo, SystemTime)> = match before {
        None => Vec::new(),
        Some(before) => videos
            .iter()
            .filter(|(video, added)| {
                since_before.is_none_or(|since| *added >= since) && !before.seen.contains(&video.video_id)
            })
            .cloned()
            .collect(),
    };
    new.sort_by_key(|(_, added)| *added);
    let newest = videos.iter().max_by_key(|(_, added)| *added);
    let since = match (newest, before) {
        (Some((video, added)), _) if since_before.is_none_or(|since| *added >= since) => video.published_at.clone(),
        (_, Some(before)) => before.since.clone(),
        (_, None) => String::new(),
    };
    let cursor = UploadsCursor {
        channel: channel.to_owned(),
        playlist: playlist.to_owned(),
        since,
        seen: videos.into_iter().map(|(video, _)| video.video_id).collect(),
    };
    (new.into_iter().map(|(video, _)| video).collect(), cursor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(id: &str, added: &str) -> Value {
        json!({
            "snippet": {
                "publishedAt": added, "title": format!("Video {id}"), "channelId": "UC1", "channelTitle": "Me",
                "resourceId": { "kind": "youtube#video", "videoId": id },
                "thumbnails": {
                    "default": { "url": "https://i.ytimg.com/d.jpg" },
                    "high": { "url": "https://i.ytimg.com/h.jpg" },
                },
            },
            "contentDetails": { "videoId": id, "videoPublishedAt": added },
            "status": { "privacyStatus": "public" },
        })
    }

    fn ids(videos: &[NewVideo]) -> Vec<&str> {
        videos.iter().map(|v| v.video_id.as_str()).collect()
    }

    #[test]
    fn the_first_poll_reports_nothing_and_records_where_the_uploads_stand() {
        let items = [item("b", "2024-05-02T00:00:00Z"), item("a", "2024-05-01T00:00:00Z")];
        let (new, cursor) = select(&items, None, "mine", "UU1");
        assert!(new.is_empty());
        assert_eq!(cursor.since, "2024-05-02T00:00:00Z");
        assert_eq!(cursor.seen, ["b", "a"]);
        assert_eq!((cursor.channel.as_str(), cursor.playlist.as_str()), ("mine", "UU1"));
    }

    #[test]
    fn uploads_arriving_together_are_all_reported_once_oldest_first() {
        let first = [item("a", "2024-05-01T00:00:00Z")];
        let (_, cursor) = select(&first, None, "mine", "UU1");
        let second =
            [item("c", "2024-05-03T00:00:00Z"), item("b", "2024-05-03T00:00:00Z"), item("a", "2024-05-01T00:00:00Z")];
        let (new, cursor) = select(&second, Some(&cursor), "mine", "UU1");
        assert_eq!(ids(&new), ["c", "b"]);
        assert_eq!(new[0].url, "https://www.youtube.com/watch?v=c");
        assert_eq!(new[0].thumbnail_url.as_deref(), Some("https://i.ytimg.com/h.jpg"));
        let (again, cursor) = select(&second, Some(&cursor), "mine", "UU1");
        assert!(again.is_empty());
        // A third upload in the same second as the last two is still new.
        let third = [item("d", "2024-05-03T00:00:00Z"), item("c", "2024-05-03T00:00:00Z")];
        let (new, _) = select(&third, Some(&cursor), "mine", "UU1");
        assert_eq!(ids(&new), ["d"]);
    }

    #[test]
    fn an_older_upload_sliding_into_the_page_is_not_new() {
        let (_, cursor) = select(&[item("b", "2024-05-02T00:00:00Z")], None, "mine", "UU1");
        // `b` was deleted; `a`, older, now shows on the page.
        let (new, cursor) = select(&[item("a", "2024-05-01T00:00:00Z")], Some(&cursor), "mine", "UU1");
        assert!(new.is_empty());
        assert_eq!(cursor.since, "2024-05-02T00:00:00Z");
        let (none, kept) = select(&[], Some(&cursor), "mine", "UU1");
        assert!(none.is_empty());
        assert_eq!(kept.since, "2024-05-02T00:00:00Z");
    }
}
