//! YouTube against a local mock of the YouTube Data API v3, through the test kit.

use connectors::social::youtube::YouTube;
use fluxturn_core::testing::{self, matchers, MockServer, ResponseTemplate};
use fluxturn_core::{Connector, ConnectorError, ErrorCode};
use serde_json::{json, Value};

mod google_mock;
use google_mock::{google as youtube, google_error_because, ok, TOKEN};

fn creds() -> Value {
    json!({ "authMode": "oauth2", "accessToken": TOKEN })
}

async fn run(server: &MockServer, action: &str, input: Value) -> Value {
    google_mock::run::<YouTube>(server, creds(), action, input).await
}

async fn fail(server: &MockServer, action: &str, input: Value) -> ConnectorError {
    google_mock::fail::<YouTube>(server, creds(), action, input).await
}

const PLAYLIST_PARTS: &str = "contentDetails,id,localizations,player,snippet,status";

fn playlist(id: &str, title: &str) -> Value {
    json!({
        "kind": "youtube#playlist",
        "id": id,
        "snippet": { "title": title, "description": "Old description", "tags": ["a"], "channelId": "UC1" },
        "status": { "privacyStatus": "private", "podcastStatus": "disabled" },
    })
}

#[tokio::test]
async fn playlist_get_asks_for_every_part_with_star_and_returns_the_playlist() {
    let server = MockServer::start().await;
    youtube("GET", "/youtube/v3/playlists")
        .and(matchers::query_param("part", PLAYLIST_PARTS))
        .and(matchers::query_param("id", "PL1"))
        .and(matchers::query_param("onBehalfOfContentOwner", "owner1"))
        .respond_with(ok(json!({ "items": [playlist("PL1", "Mix")] })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "playlist_get",
        json!({ "playlistId": " PL1 ", "part": ["*"], "options": { "onBehalfOfContentOwner": "owner1" } }),
    )
    .await;
    assert_eq!(output, playlist("PL1", "Mix"));
}

#[tokio::test]
async fn playlist_get_of_an_unknown_playlist_is_not_found() {
    let server = MockServer::start().await;
    youtube("GET", "/youtube/v3/playlists")
        .and(matchers::query_param("part", "snippet,status"))
        .respond_with(ok(json!({ "kind": "youtube#playlistListResponse", "items": [] })))
        .mount(&server)
        .await;
    let error =
        fail(&server, "playlist_get", json!({ "playlistId": "PL9", "part": ["snippet", "status", "snippet"] })).await;
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("`PL9`"), "{}", error.message);
    let error = fail(&server, "playlist_get", json!({ "playlistId": "PL1,PL2", "part": ["id"] })).await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn playlist_create_sends_the_snippet_and_the_privacy() {
    let server = MockServer::start().await;
    youtube("POST", "/youtube/v3/playlists")
        .and(matchers::query_param("part", "snippet,status"))
        .and(matchers::body_json(json!({
            "snippet": {
                "title": "Road trip", "description": "Songs", "tags": ["car", "summer"], "defaultLanguage": "en"
            },
            "status": { "privacyStatus": "unlisted" },
        })))
        .respond_with(ok(playlist("PL2", "Road trip")))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "playlist_create",
        json!({ "title": "Road trip", "options": {
            "description": "Songs", "privacyStatus": "unlisted", "tags": "car, summer", "defaultLanguage": "en"
        }}),
    )
    .await;
    assert_eq!(output["id"], "PL2");
}

#[tokio::test]
async fn playlist_get_all_lists_your_playlists_page_after_page() {
    let server = MockServer::start().await;
    youtube("GET", "/youtube/v3/playlists")
        .and(matchers::query_param("mine", "true"))
        .and(matchers::query_param("maxResults", "50"))
        .and(matchers::query_param("part", "snippet"))
        .and(matchers::query_param("hl", "fr"))
        .and(matchers::query_param_is_missing("pageToken"))
        .respond_with(ok(json!({ "items": [{ "id": "PL1" }, { "id": "PL2" }], "nextPageToken": "next" })))
        .expect(1)
        .mount(&server)
        .await;
    youtube("GET", "/youtube/v3/playlists")
        .and(matchers::query_param("pageToken", "next"))
        .and(matchers::query_param("mine", "true"))
        .respond_with(ok(json!({ "items": [{ "id": "PL3" }] })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "playlist_getAll",
        json!({ "part": ["snippet"], "returnAll": true, "options": { "hl": "fr", "onBehalfOfContentOwner": " " } }),
    )
    .await;
    assert_eq!(output, json!([{ "id": "PL1" }, { "id": "PL2" }, { "id": "PL3" }]));
}

#[tokio::test]
async fn playlist_get_all_of_a_channel_stops_at_the_limit() {
    let server = MockServer::start().await;
    youtube("GET", "/youtube/v3/playlists")
        .and(matchers::query_param("channelId", "UC9"))
        .and(matchers::query_param_is_missing("mine"))
        .and(matchers::query_param("maxResults", "2"))
        .respond_with(ok(json!({ "items": [{ "id": "PL1" }, { "id": "PL2" }], "nextPageToken": "more" })))
        .expect(1)
        .mount(&server)
        .await;
    let output =
        run(&server, "playlist_getAll", json!({ "part": ["id"], "limit": 2, "filters": { "channelId": "UC9" } })).await;
    assert_eq!(output, json!([{ "id": "PL1" }, { "id": "PL2" }]));
}

#[tokio::test]
async fn playlist_delete_deletes_by_id() {
    let server = MockServer::start().await;
    youtube("DELETE", "/youtube/v3/playlists")
        .and(matchers::query_param("id", "PL1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "playlist_delete", json!({ "playlistId": "PL1" })).await;
    assert_eq!(output, json!({ "id": "PL1", "deleted": true }));
}

#[tokio::test]
async fn playlist_delete_of_a_missing_playlist_carries_googles_message() {
    let server = MockServer::start().await;
    youtube("DELETE", "/youtube/v3/playlists")
        .respond_with(google_error_because(
            404,
            "NOT_FOUND",
            "The playlist identified with the request's id cannot be found.",
            "playlistNotFound",
        ))
        .mount(&server)
        .await;
    let error = fail(&server, "playlist_delete", json!({ "playlistId": "PL404" })).await;
    assert_eq!((error.code, error.status), (ErrorCode::NotFound, 404));
    assert!(error.message.contains("cannot be found"), "{}", error.message);
}

#[tokio::test]
async fn playlist_update_keeps_what_it_is_not_told_to_change() {
    let server = MockServer::start().await;
    youtube("GET", "/youtube/v3/playlists")
        .and(matchers::query_param("id", "PL1"))
        .and(matchers::query_param("part", "snippet,status"))
        .respond_with(ok(json!({ "items": [playlist("PL1", "Old")] })))
        .expect(1)
        .mount(&server)
        .await;
    youtube("PUT", "/youtube/v3/playlists")
        .and(matchers::query_param("part", "snippet,status"))
        .and(matchers::body_json(json!({
            "id": "PL1",
            "snippet": { "title": "New", "description": "Old description", "tags": ["x"] },
            "status": { "privacyStatus": "public", "podcastStatus": "disabled" },
        })))
        .respond_with(ok(playlist("PL1", "New")))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "playlist_update",
        json!({ "playlistId": "PL1", "title": "New", "updateFields": { "tags": ["x"], "privacyStatus": "public" } }),
    )
    .await;
    assert_eq!(output["snippet"]["title"], "New");
}

#[tokio::test]
async fn video_get_and_delete() {
    let server = MockServer::start().await;
    let video = json!({ "id": "vid1", "snippet": { "title": "Hello" }, "statistics": { "viewCount": "7" } });
    youtube("GET", "/youtube/v3/videos")
        .and(matchers::query_param("id", "vid1"))
        .and(matchers::query_param("part", "snippet,statistics"))
        .respond_with(ok(json!({ "items": [video.clone()] })))
        .expect(1)
        .mount(&server)
        .await;
    youtube("DELETE", "/youtube/v3/videos")
        .and(matchers::query_param("id", "vid1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "video_get", json!({ "videoId": "vid1", "part": ["snippet", "statistics"] })).await, video);
    assert_eq!(
        run(&server, "video_delete", json!({ "videoId": "vid1" })).await,
        json!({ "id": "vid1", "deleted": true })
    );
}

#[tokio::test]
async fn video_get_all_searches_your_uploads_without_a_channel_or_text() {
    let server = MockServer::start().await;
    youtube("GET", "/youtube/v3/search")
        .and(matchers::query_param("part", "snippet"))
        .and(matchers::query_param("type", "video"))
        .and(matchers::query_param("forMine", "true"))
        .and(matchers::query_param("order", "date"))
        .and(matchers::query_param("maxResults", "25"))
        .and(matchers::query_param("publishedAfter", "2024-01-01T00:00:00Z"))
        .respond_with(ok(json!({ "items": [{ "id": { "kind": "youtube#video", "videoId": "v1" } }] })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "video_getAll",
        json!({ "filters": { "publishedAfter": "2024-01-01T00:00:00Z" }, "options": { "order": "date" } }),
    )
    .await;
    assert_eq!(output[0]["id"]["videoId"], "v1");
}

#[tokio::test]
async fn video_get_all_of_a_channel_by_text_is_not_limited_to_yours() {
    let server = MockServer::start().await;
    youtube("GET", "/youtube/v3/search")
        .and(matchers::query_param("channelId", "UC9"))
        .and(matchers::query_param("q", "rust"))
        .and(matchers::query_param("videoSyndicated", "true"))
        .and(matchers::query_param("safeSearch", "strict"))
        .and(matchers::query_param_is_missing("forMine"))
        .respond_with(ok(json!({ "items": [{ "id": { "videoId": "v2" } }] })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "video_getAll",
        json!({
            "limit": 5,
            "filters": { "channelId": "UC9", "q": "rust", "videoSyndicated": true },
            "options": { "safeSearch": "strict" },
        }),
    )
    .await;
    assert_eq!(output, json!([{ "id": { "videoId": "v2" } }]));
}

#[tokio::test]
async fn video_get_all_of_your_uploads_refuses_the_filters_youtube_refuses_there() {
    let server = MockServer::start().await;
    let error = fail(&server, "video_getAll", json!({ "filters": { "videoType": "movie" } })).await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("`videoType` needs a channel or search text"), "{}", error.message);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn channel_get_and_get_all() {
    let server = MockServer::start().await;
    youtube("GET", "/youtube/v3/channels")
        .and(matchers::query_param("id", "UC1"))
        .and(matchers::query_param(
            "part",
            "brandingSettings,contentDetails,contentOwnerDetails,id,localizations,\
             snippet,statistics,status,topicDetails",
        ))
        .respond_with(ok(json!({ "items": [{ "id": "UC1", "snippet": { "title": "Mine" } }] })))
        .expect(1)
        .mount(&server)
        .await;
    youtube("GET", "/youtube/v3/channels")
        .and(matchers::query_param("mine", "true"))
        .and(matchers::query_param("part", "statistics"))
        .respond_with(ok(json!({ "items": [{ "id": "UC1" }] })))
        .expect(1)
        .mount(&server)
        .await;
    youtube("GET", "/youtube/v3/channels")
        .and(matchers::query_param("forHandle", "@rustlang"))
        .and(matchers::query_param_is_missing("mine"))
        .and(matchers::query_param_is_missing("managedByMe"))
        .respond_with(ok(json!({ "items": [{ "id": "UC2" }] })))
        .expect(1)
        .mount(&server)
        .await;
    let channel = run(&server, "channel_get", json!({ "channelId": "UC1", "part": ["*"] })).await;
    assert_eq!(channel["snippet"]["title"], "Mine");
    let mine =
        run(&server, "channel_getAll", json!({ "part": ["statistics"], "filters": { "managedByMe": false } })).await;
    assert_eq!(mine, json!([{ "id": "UC1" }]));
    let handle =
        run(&server, "channel_getAll", json!({ "part": ["id"], "filters": { "forHandle": "@rustlang" } })).await;
    assert_eq!(handle, json!([{ "id": "UC2" }]));
}

#[tokio::test]
async fn playlist_items_are_added_read_listed_and_deleted() {
    let server = MockServer::start().await;
    let item =
        json!({ "id": "PLI1", "snippet": { "playlistId": "PL1", "position": 0, "resourceId": { "videoId": "v1" } } });
    youtube("POST", "/youtube/v3/playlistItems")
        .and(matchers::query_param("part", "snippet,contentDetails"))
        .and(matchers::body_json(json!({
            "snippet": {
                "playlistId": "PL1", "resourceId": { "kind": "youtube#video", "videoId": "v1" }, "position": 0
            },
            "contentDetails": { "note": "Opening track" },
        })))
        .respond_with(ok(item.clone()))
        .expect(1)
        .mount(&server)
        .await;
    youtube("GET", "/youtube/v3/playlistItems")
        .and(matchers::query_param("id", "PLI1"))
        .and(matchers::query_param("part", "contentDetails,id,snippet,status"))
        .respond_with(ok(json!({ "items": [item.clone()] })))
        .expect(1)
        .mount(&server)
        .await;
    youtube("GET", "/youtube/v3/playlistItems")
        .and(matchers::query_param("playlistId", "PL1"))
        .and(matchers::query_param("part", "snippet"))
        .and(matchers::query_param("maxResults", "25"))
        .respond_with(ok(json!({ "items": [item.clone()] })))
        .expect(1)
        .mount(&server)
        .await;
    youtube("DELETE", "/youtube/v3/playlistItems")
        .and(matchers::query_param("id", "PLI1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let added = run(
        &server,
        "playlistItem_add",
        json!({ "playlistId": "PL1", "videoId": "v1", "options": { "position": 0, "note": "Opening track" } }),
    )
    .await;
    assert_eq!(added, item);
    assert_eq!(run(&server, "playlistItem_get", json!({ "playlistItemId": "PLI1", "part": ["*"] })).await, item);
    let listed = run(&server, "playlistItem_getAll", json!({ "playlistId": "PL1", "part": ["snippet"] })).await;
    assert_eq!(listed, json!([item]));
    let deleted = run(&server, "playlistItem_delete", json!({ "playlistItemId": "PLI1" })).await;
    assert_eq!(deleted, json!({ "id": "PLI1", "deleted": true }));
}

#[tokio::test]
async fn video_rate_posts_the_rating_without_a_body() {
    let server = MockServer::start().await;
    youtube("POST", "/youtube/v3/videos/rate")
        .and(matchers::query_param("id", "vid1"))
        .and(matchers::query_param("rating", "like"))
        .and(matchers::header("content-length", "0"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "video_rate", json!({ "videoId": "vid1", "rating": "like" })).await;
    assert_eq!(output, json!({ "videoId": "vid1", "rating": "like" }));
}

#[tokio::test]
async fn video_rate_beyond_the_daily_quota_is_rate_limited() {
    let server = MockServer::start().await;
    youtube("POST", "/youtube/v3/videos/rate")
        .respond_with(google_error_because(
            403,
            "PERMISSION_DENIED",
            "The request cannot be completed because you have exceeded your quota.",
            "quotaExceeded",
        ))
        .mount(&server)
        .await;
    let error = fail(&server, "video_rate", json!({ "videoId": "vid1", "rating": "dislike" })).await;
    assert_eq!((error.code, error.retryable), (ErrorCode::RateLimited, false));
    assert!(error.message.contains("exceeded your quota"), "{}", error.message);
}

#[tokio::test]
async fn video_update_reads_the_video_and_keeps_its_other_settings() {
    let server = MockServer::start().await;
    let current = json!({
        "id": "vid1",
        "snippet": {
            "title": "Old", "description": "Keep me", "tags": ["old"], "categoryId": "10",
            "channelId": "UC1", "publishedAt": "2024-01-01T00:00:00Z", "defaultAudioLanguage": "en"
        },
        "status": { "privacyStatus": "private", "embeddable": true, "license": "youtube", "uploadStatus": "processed" },
    });
    youtube("GET", "/youtube/v3/videos")
        .and(matchers::query_param("id", "vid1"))
        .and(matchers::query_param("part", "snippet,status,recordingDetails"))
        .respond_with(ok(json!({ "items": [current] })))
        .expect(1)
        .mount(&server)
        .await;
    youtube("PUT", "/youtube/v3/videos")
        .and(matchers::query_param("part", "snippet,status,recordingDetails"))
        .and(matchers::body_json(json!({
            "id": "vid1",
            "snippet": {
                "title": "New", "categoryId": "22", "description": "Keep me", "tags": ["a", "b"],
                "defaultAudioLanguage": "en"
            },
            "status": { "privacyStatus": "public", "embeddable": false, "license": "youtube" },
            "recordingDetails": { "recordingDate": "2024-05-01T00:00:00Z" },
        })))
        .respond_with(ok(json!({ "id": "vid1", "snippet": { "title": "New" } })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "video_update",
        json!({ "videoId": "vid1", "title": "New", "categoryId": "22", "updateFields": {
            "tags": ["a", "b"], "privacyStatus": "public", "embeddable": false, "recordingDate": "2024-05-01T00:00:00Z"
        }}),
    )
    .await;
    assert_eq!(output["snippet"]["title"], "New");
}

/// The base64 of the test "video".
const VIDEO_BASE64: &str = "AAECAwQFBgc="; // bytes 0..=7

#[tokio::test]
async fn video_upload_opens_a_resumable_session_then_puts_the_bytes_there() {
    let server = MockServer::start().await;
    let session = format!("{}/upload/youtube/v3/videos?uploadType=resumable&upload_id=xyz", server.uri());
    youtube("POST", "/upload/youtube/v3/videos")
        .and(matchers::query_param("uploadType", "resumable"))
        .and(matchers::query_param("part", "snippet,status"))
        .and(matchers::query_param("notifySubscribers", "false"))
        .and(matchers::header("x-upload-content-length", "8"))
        .and(matchers::header("x-upload-content-type", "video/mp4"))
        .and(matchers::body_json(json!({
            "snippet": { "title": "Demo", "categoryId": "22", "description": "First", "tags": ["demo"] },
            "status": { "privacyStatus": "unlisted", "selfDeclaredMadeForKids": false },
        })))
        .respond_with(ResponseTemplate::new(200).insert_header("Location", session.as_str()))
        .expect(1)
        .mount(&server)
        .await;
    youtube("PUT", "/upload/youtube/v3/videos")
        .and(matchers::query_param("upload_id", "xyz"))
        .and(matchers::header("content-type", "video/mp4"))
        .and(matchers::body_bytes((0u8..8).collect::<Vec<u8>>()))
        .respond_with(ok(json!({ "kind": "youtube#video", "id": "new1", "status": { "uploadStatus": "uploaded" } })))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        "video_upload",
        json!({
            "title": "Demo",
            "categoryId": "22",
            "binaryProperty": "video",
            "binary": { "video": { "data": VIDEO_BASE64, "mimeType": "video/mp4", "fileName": "demo.mp4" } },
            "options": {
                "description": "First", "tags": "demo", "privacyStatus": "unlisted",
                "selfDeclaredMadeForKids": false, "notifySubscribers": false
            },
        }),
    )
    .await;
    assert_eq!(output["id"], "new1");
}

#[tokio::test]
async fn video_upload_without_the_named_file_sends_nothing() {
    let server = MockServer::start().await;
    let error = fail(
        &server,
        "video_upload",
        json!({
            "title": "Demo", "categoryId": "22", "binaryProperty": "data",
            "binary": { "other": { "data": VIDEO_BASE64 } },
        }),
    )
    .await;
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("no file `data`") && error.message.contains("other"), "{}", error.message);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn video_upload_never_sends_the_video_to_a_session_on_another_host() {
    let server = MockServer::start().await;
    youtube("POST", "/upload/youtube/v3/videos")
        .respond_with(
            ResponseTemplate::new(200).insert_header("Location", "https://uploads.evil.example/upload?upload_id=xyz"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let error = fail(
        &server,
        "video_upload",
        json!({
            "title": "Demo", "categoryId": "22", "binaryProperty": "data",
            "binary": { "data": { "data": VIDEO_BASE64 } },
        }),
    )
    .await;
    assert_eq!(error.code, ErrorCode::InvalidResponse);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn test_connection_reads_your_channel() {
    let server = MockServer::start().await;
    youtube("GET", "/youtube/v3/channels")
        .and(matchers::query_param("part", "id"))
        .and(matchers::query_param("mine", "true"))
        .respond_with(ok(json!({ "items": [{ "id": "UC1" }] })))
        .expect(1)
        .mount(&server)
        .await;
    testing::connect::<YouTube>(&server, creds()).test_connection().await.unwrap();
}

#[tokio::test]
async fn test_connection_of_an_account_without_a_channel_says_so() {
    let server = MockServer::start().await;
    youtube("GET", "/youtube/v3/channels").respond_with(ok(json!({ "items": [] }))).mount(&server).await;
    let error = testing::connect::<YouTube>(&server, creds()).test_connection().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("no YouTube channel"), "{}", error.message);
}

#[tokio::test]
async fn a_rejected_token_is_unauthorized_with_googles_message() {
    let server = MockServer::start().await;
    youtube("GET", "/youtube/v3/videos")
        .respond_with(google_error_because(
            401,
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials.",
            "authError",
        ))
        .mount(&server)
        .await;
    let error = fail(&server, "video_get", json!({ "videoId": "vid1", "part": ["id"] })).await;
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(error.message.contains("invalid authentication credentials"), "{}", error.message);
    assert!(!error.message.contains(TOKEN));
}

/// An item of an uploads playlist.
fn upload(id: &str, added: &str) -> Value {
    json!({
        "id": format!("item-{id}"),
        "snippet": {
            "publishedAt": added, "title": format!("Video {id}"), "description": "", "channelId": "UC1",
            "channelTitle": "Me", "resourceId": { "kind": "youtube#video", "videoId": id },
        },
        "contentDetails": { "videoId": id, "videoPublishedAt": added },
        "status": { "privacyStatus": "public" },
    })
}

#[tokio::test]
async fn new_video_records_the_uploads_then_reports_each_new_one_once() {
    let server = MockServer::start().await;
    youtube("GET", "/youtube/v3/channels")
        .and(matchers::query_param("part", "contentDetails"))
        .and(matchers::query_param("mine", "true"))
        .respond_with(ok(
            json!({ "items": [{ "id": "UC1", "contentDetails": { "relatedPlaylists": { "uploads": "UU1" } } }] }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let uploads = || {
        youtube("GET", "/youtube/v3/playlistItems")
            .and(matchers::query_param("playlistId", "UU1"))
            .and(matchers::query_param("part", "snippet,contentDetails,status"))
            .and(matchers::query_param("maxResults", "50"))
    };
    uploads()
        .respond_with(ok(json!({ "items": [upload("a", "2024-05-01T10:00:00Z")] })))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    let later = json!({ "items": [
        upload("c", "2024-05-02T10:00:00Z"), upload("b", "2024-05-02T09:00:00Z"), upload("a", "2024-05-01T10:00:00Z"),
    ]});
    uploads().respond_with(ok(later)).expect(2).mount(&server).await;

    let youtube = testing::connect::<YouTube>(&server, creds());
    let first = youtube.poll("new_video", json!({}), None).await.unwrap();
    assert!(first.events.is_empty());
    let second = youtube.poll("new_video", json!({ "channelId": " " }), first.cursor).await.unwrap();
    let reported: Vec<&str> = second.events.iter().map(|e| e["videoId"].as_str().unwrap()).collect();
    assert_eq!(reported, ["b", "c"]);
    assert_eq!(second.events[1]["url"], "https://www.youtube.com/watch?v=c");
    assert_eq!(second.events[1]["title"], "Video c");
    let third = youtube.poll("new_video", json!({}), second.cursor).await.unwrap();
    assert!(third.events.is_empty());
}

#[tokio::test]
async fn new_video_of_a_named_channel_that_does_not_exist_is_not_found() {
    let server = MockServer::start().await;
    youtube("GET", "/youtube/v3/channels")
        .and(matchers::query_param("id", "UC404"))
        .respond_with(ok(json!({ "items": [] })))
        .expect(1)
        .mount(&server)
        .await;
    let youtube = testing::connect::<YouTube>(&server, creds());
    let error = youtube.poll("new_video", json!({ "channelId": "UC404" }), None).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("UC404"), "{}", error.message);
}
