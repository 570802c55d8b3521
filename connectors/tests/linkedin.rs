//! LinkedIn against a local mock of its REST API.

use connectors::social::linkedin::{Linkedin, LINKEDIN_VERSION};
use fluxturn_core::testing::{self, matchers, Mock, MockServer, ResponseTemplate};
use fluxturn_core::{ConnectContext, Connector, ErrorCode, HttpOptions, RetryPolicy};
use serde_json::{json, Value};

const TOKEN: &str = "li-test-token-0123456789";

/// A connection authorized through OAuth2: the server stores the token under `accessToken`.
fn credentials() -> Value {
    json!({"authType": "oauth2", "accessToken": TOKEN})
}

fn with(extra: Value) -> Value {
    let mut credentials = credentials();
    credentials.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    credentials
}

/// A mock of `method path` that checks the token and LinkedIn's versioning headers are sent.
fn upstream(method: &str, path: &str) -> testing::wiremock::MockBuilder {
    Mock::given(matchers::method(method))
        .and(matchers::path(path.to_owned()))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(matchers::header("linkedin-version", LINKEDIN_VERSION))
        .and(matchers::header("x-restli-protocol-version", "2.0.0"))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// LinkedIn's error body.
fn li_error(status: u16, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"status": status, "serviceErrorCode": 65600, "code": code, "message": message}))
}

/// `/v2/userinfo` answering for member `abc123`.
async fn mount_userinfo(server: &MockServer) {
    upstream("GET", "/v2/userinfo")
        .respond_with(ok(json!({
            "sub": "abc123", "name": "Ada Lovelace", "given_name": "Ada", "family_name": "Lovelace",
            "email": "ada@example.com", "email_verified": true,
        })))
        .mount(server)
        .await;
}

/// `POST /rest/posts` answering 201 with the new post's URN in `x-restli-id`.
async fn mount_post_created(server: &MockServer, body: Value) {
    upstream("POST", "/rest/posts")
        .and(matchers::body_json(body))
        .respond_with(ResponseTemplate::new(201).insert_header("x-restli-id", "urn:li:share:7001"))
        .expect(1)
        .mount(server)
        .await;
}

fn post_body(author: &str, commentary: &str, visibility: &str) -> Value {
    json!({
        "author": author,
        "commentary": commentary,
        "visibility": visibility,
        "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": false,
    })
}

async fn run(server: &MockServer, action: &str, input: Value) -> fluxturn_core::Result<Value> {
    testing::execute::<Linkedin>(server, credentials(), action, input).await
}

/// The connector against the mock without retries, so a 429 comes back at once.
fn without_retries(server: &MockServer) -> Linkedin {
    ConnectContext::new(credentials().as_object().cloned().unwrap())
        .with_base_url(server.uri())
        .with_http_options(HttpOptions { retry: RetryPolicy::NONE, ..Default::default() })
        .connect::<Linkedin>()
        .unwrap()
}

#[test]
fn the_definition_lists_every_action_and_trigger() {
    let definition = connectors::registry().definition("linkedin").expect("registered");
    let actions: Vec<&str> = definition.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        ["create_post", "get_profile", "get_person_urn", "get_organizations", "get_company_updates", "get_post"]
            as [&str; 6]
    );
    let triggers: Vec<&str> = definition.supported_triggers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(triggers, ["new_connection", "new_post_published", "new_comment_on_post", "profile_view"] as [&str; 4]);
    assert!(definition.supported_triggers.iter().all(|t| !t.webhook_required));
    let oauth = definition.oauth_config.as_ref().expect("oauth2");
    assert_eq!(oauth.authorization_url, "https://www.linkedin.com/oauth/v2/authorization");
    assert_eq!(oauth.token_url, "https://www.linkedin.com/oauth/v2/accessToken");
    assert_eq!(oauth.scopes, ["openid", "profile", "email", "w_member_social"]);
}

#[tokio::test]
async fn create_post_posts_text_as_the_member_with_reserved_characters_escaped() {
    let server = MockServer::start().await;
    mount_userinfo(&server).await;
    mount_post_created(&server, post_body("urn:li:person:abc123", r"Hello \(world\) \@team #rust", "PUBLIC")).await;
    let output = run(&server, "create_post", json!({"text": "Hello (world) @team #rust"})).await.unwrap();
    assert_eq!(
        output,
        json!({
            "urn": "urn:li:share:7001", "id": "urn:li:share:7001", "author": "urn:li:person:abc123",
            "url": "https://www.linkedin.com/feed/update/urn:li:share:7001/",
        })
    );
}

#[tokio::test]
async fn create_post_shares_an_article_as_an_organization() {
    let server = MockServer::start().await;
    let mut body = post_body("urn:li:organization:2414183", "Our news", "PUBLIC");
    body["content"] = json!({"article": {
        "source": "https://example.com/news", "title": "News", "description": "What happened",
    }});
    mount_post_created(&server, body).await;
    let input = json!({
        "text": "Our news", "postAs": "organization", "organizationUrn": "urn:li:organization:2414183",
        "articleUrl": "https://example.com/news", "articleTitle": "News", "articleDescription": "What happened",
    });
    let output = run(&server, "create_post", input).await.unwrap();
    assert_eq!(output["author"], "urn:li:organization:2414183");
    // No member lookup for an organization's post.
    assert!(server.received_requests().await.unwrap().iter().all(|r| r.url.path() != "/v2/userinfo"));
}

#[tokio::test]
async fn create_post_as_an_organization_falls_back_to_the_company_id() {
    let server = MockServer::start().await;
    mount_post_created(&server, post_body("urn:li:organization:777", "Hi", "PUBLIC")).await;
    let linkedin = testing::connect::<Linkedin>(&server, with(json!({"company_id": "777"})));
    let output = linkedin.execute("create_post", json!({"text": "Hi", "postAs": "organization"})).await.unwrap();
    assert_eq!(output["author"], "urn:li:organization:777");
}

#[tokio::test]
async fn create_post_uploads_an_image_downloaded_without_the_token() {
    let server = MockServer::start().await;
    mount_userinfo(&server).await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/pictures/cat.png"))
        .respond_with(
            ResponseTemplate::new(200).insert_header("content-type", "image/png").set_body_bytes(b"PNGDATA".to_vec()),
        )
        .expect(1)
        .mount(&server)
        .await;
    upstream("POST", "/rest/images")
        .and(matchers::query_param("action", "initializeUpload"))
        .and(matchers::body_json(json!({"initializeUploadRequest": {"owner": "urn:li:person:abc123"}})))
        .respond_with(ok(json!({"value": {
            "uploadUrlExpiresAt": 1_700_000_000_000_u64,
            "uploadUrl": format!("{}/dms-uploads/img-1", server.uri()),
            "image": "urn:li:image:C4E1",
        }})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(matchers::method("PUT"))
        .and(matchers::path("/dms-uploads/img-1"))
        .and(matchers::header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(matchers::header("content-type", "image/png"))
        .and(matchers::body_bytes(b"PNGDATA".to_vec()))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    let mut body = post_body("urn:li:person:abc123", "A cat", "CONNECTIONS");
    body["content"] = json!({"media": {"id": "urn:li:image:C4E1"}});
    mount_post_created(&server, body).await;
    let input =
        json!({"text": "A cat", "visibility": "CONNECTIONS", "imageUrl": format!("{}/pictures/cat.png", server.uri())});
    let output = run(&server, "create_post", input).await.unwrap();
    assert_eq!(output["media"], "urn:li:image:C4E1");
    let received = server.received_requests().await.unwrap();
    let download = received.iter().find(|r| r.url.path() == "/pictures/cat.png").unwrap();
    assert!(download.headers.get("authorization").is_none(), "the token went to the image's host");
}

#[tokio::test]
async fn create_post_uploads_a_video_in_parts_and_finalizes_it() {
    let server = MockServer::start().await;
    mount_userinfo(&server).await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/clips/demo.mp4"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "video/mp4")
                .set_body_bytes(b"0123456789".to_vec()),
        )
        .mount(&server)
        .await;
    upstream("POST", "/rest/videos")
        .and(matchers::query_param("action", "initializeUpload"))
        .and(matchers::body_json(json!({"initializeUploadRequest": {
            "owner": "urn:li:person:abc123", "fileSizeBytes": 10, "uploadCaptions": false, "uploadThumbnail": false,
        }})))
        .respond_with(ok(json!({"value": {
            "video": "urn:li:video:V1",
            "uploadToken": "tok",
            "uploadInstructions": [
                {"uploadUrl": format!("{}/uploads/part-1", server.uri()), "firstByte": 0, "lastByte": 5},
                {"uploadUrl": format!("{}/uploads/part-2", server.uri()), "firstByte": 6, "lastByte": 9},
            ],
        }})))
        .expect(1)
        .mount(&server)
        .await;
    for (path, bytes, etag) in [("/uploads/part-1", &b"012345"[..], "e-1"), ("/uploads/part-2", &b"6789"[..], "e-2")] {
        Mock::given(matchers::method("PUT"))
            .and(matchers::path(path))
            .and(matchers::body_bytes(bytes.to_vec()))
            .respond_with(ResponseTemplate::new(200).insert_header("etag", etag))
            .expect(1)
            .mount(&server)
            .await;
    }
    upstream("POST", "/rest/videos")
        .and(matchers::query_param("action", "finalizeUpload"))
        .and(matchers::body_json(json!({"finalizeUploadRequest": {
            "video": "urn:li:video:V1", "uploadToken": "tok", "uploadedPartIds": ["e-1", "e-2"],
        }})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let mut body = post_body("urn:li:person:abc123", "Watch", "PUBLIC");
    body["content"] = json!({"media": {"id": "urn:li:video:V1"}});
    mount_post_created(&server, body).await;
    let input = json!({"text": "Watch", "videoUrl": format!("{}/clips/demo.mp4", server.uri())});
    assert_eq!(run(&server, "create_post", input).await.unwrap()["media"], "urn:li:video:V1");
}

#[tokio::test]
async fn create_post_attaches_a_media_urn_as_it_is() {
    let server = MockServer::start().await;
    mount_userinfo(&server).await;
    let mut body = post_body("urn:li:person:abc123", "Again", "PUBLIC");
    body["content"] = json!({"media": {"id": "urn:li:video:V9"}});
    mount_post_created(&server, body).await;
    let output = run(&server, "create_post", json!({"text": "Again", "videoUrl": "urn:li:video:V9"})).await.unwrap();
    assert_eq!(output["media"], "urn:li:video:V9");
}

#[tokio::test]
async fn an_upload_url_off_linkedin_gets_nothing() {
    let server = MockServer::start().await;
    mount_userinfo(&server).await;
    Mock::given(matchers::path("/pictures/cat.png"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"PNG".to_vec()))
        .mount(&server)
        .await;
    upstream("POST", "/rest/images")
        .respond_with(ok(json!({"value": {"uploadUrl": "https://attacker.example/upload", "image": "urn:li:image:X"}})))
        .mount(&server)
        .await;
    let input = json!({"text": "x", "imageUrl": format!("{}/pictures/cat.png", server.uri())});
    let error = run(&server, "create_post", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidResponse, "{error}");
    assert!(error.message.contains("not on linkedin.com"), "{error}");
    assert!(server.received_requests().await.unwrap().iter().all(|r| r.url.path() != "/rest/posts"));
}

#[tokio::test]
async fn bad_post_input_never_reaches_linkedin() {
    let server = MockServer::start().await;
    for (input, words) in [
        (json!({"text": "  "}), "`text` cannot be blank"),
        (json!({"text": "x".repeat(3001)}), "at most 3000"),
        (json!({"text": "x", "postAs": "organization"}), "needs `organizationUrn`"),
        (json!({"text": "x", "postAs": "organization", "organizationUrn": "acme"}), "must be an organization id"),
        (
            json!({"text": "x", "postAs": "organization", "organizationUrn": "1", "visibility": "CONNECTIONS"}),
            "is PUBLIC",
        ),
    ] {
        let error = run(&server, "create_post", input).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput, "{error}");
        assert!(error.message.contains(words), "{error}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_pasted_access_token_is_sent_when_there_is_no_oauth_token() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/v2/userinfo"))
        .and(matchers::header("authorization", "Bearer pasted-token"))
        .respond_with(ok(json!({"sub": "p1", "given_name": "Pat", "family_name": "Doe"})))
        .expect(1)
        .mount(&server)
        .await;
    let linkedin = testing::connect::<Linkedin>(&server, json!({"authType": "oauth2", "access_token": "pasted-token"}));
    let output = linkedin.execute("get_person_urn", json!({})).await.unwrap();
    assert_eq!(output["urn"], "urn:li:person:p1");
}

#[tokio::test]
async fn get_profile_reads_userinfo() {
    let server = MockServer::start().await;
    mount_userinfo(&server).await;
    let output = run(&server, "get_profile", json!({})).await.unwrap();
    assert_eq!(output["sub"], "abc123");
    assert_eq!(output["email"], "ada@example.com");
}

#[tokio::test]
async fn get_profile_of_a_legacy_app_reads_me_with_the_fields_asked() {
    let server = MockServer::start().await;
    upstream("GET", "/v2/me")
        .and(matchers::query_param("projection", "(id,localizedFirstName)"))
        .respond_with(ok(json!({"id": "L1", "localizedFirstName": "Ada"})))
        .expect(1)
        .mount(&server)
        .await;
    let linkedin = testing::connect::<Linkedin>(&server, with(json!({"legacy": true})));
    let output = linkedin.execute("get_profile", json!({"fields": "id, localizedFirstName"})).await.unwrap();
    assert_eq!(output, json!({"id": "L1", "localizedFirstName": "Ada"}));
}

#[tokio::test]
async fn get_profile_of_another_member_reads_people() {
    let server = MockServer::start().await;
    upstream("GET", "/v2/people/%28id%3Ayrh7%29")
        .respond_with(ok(json!({"id": "yrh7"})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(run(&server, "get_profile", json!({"user_id": "yrh7"})).await.unwrap(), json!({"id": "yrh7"}));
}

#[tokio::test]
async fn get_person_urn_names_the_member() {
    let server = MockServer::start().await;
    mount_userinfo(&server).await;
    let output = run(&server, "get_person_urn", json!({})).await.unwrap();
    assert_eq!(
        output,
        json!({"id": "abc123", "name": "Ada Lovelace", "firstName": "Ada", "lastName": "Lovelace", "urn": "urn:li:person:abc123"})
    );
}

#[tokio::test]
async fn get_person_urn_of_a_legacy_app_reads_me() {
    let server = MockServer::start().await;
    upstream("GET", "/v2/me")
        .respond_with(ok(json!({"id": "L1", "localizedFirstName": "Ada", "localizedLastName": "King"})))
        .expect(1)
        .mount(&server)
        .await;
    let linkedin = testing::connect::<Linkedin>(&server, with(json!({"legacy": true})));
    let output = linkedin.execute("get_person_urn", json!({})).await.unwrap();
    assert_eq!(output["name"], "Ada King");
    assert_eq!(output["urn"], "urn:li:person:L1");
}

#[tokio::test]
async fn get_organizations_lists_the_administered_pages_with_their_names() {
    let server = MockServer::start().await;
    upstream("GET", "/rest/organizationAcls")
        .and(matchers::query_param("q", "roleAssignee"))
        .and(matchers::query_param("role", "ADMINISTRATOR"))
        .and(matchers::query_param("state", "APPROVED"))
        .and(matchers::query_param("start", "0"))
        .respond_with(ok(json!({
            "paging": {"start": 0, "count": 100, "total": 2},
            "elements": [
                {"organization": "urn:li:organization:11", "role": "ADMINISTRATOR", "state": "APPROVED"},
                {"organization": "urn:li:organization:22", "role": "ADMINISTRATOR", "state": "APPROVED"},
            ],
        })))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/rest/organizations/11")
        .respond_with(ok(json!({"id": 11, "localizedName": "Acme", "vanityName": "acme"})))
        .mount(&server)
        .await;
    upstream("GET", "/rest/organizations/22")
        .respond_with(li_error(403, "ACCESS_DENIED", "Not enough permissions"))
        .mount(&server)
        .await;
    let output = run(&server, "get_organizations", json!({})).await.unwrap();
    assert_eq!(
        output,
        json!({"count": 2, "organizations": [
            {"id": "11", "name": "Acme", "vanityName": "acme", "urn": "urn:li:organization:11", "role": "ADMINISTRATOR"},
            {"id": "22", "name": null, "vanityName": null, "urn": "urn:li:organization:22", "role": "ADMINISTRATOR"},
        ]})
    );
}

#[tokio::test]
async fn get_organizations_without_the_permission_says_which_it_needs() {
    let server = MockServer::start().await;
    upstream("GET", "/rest/organizationAcls")
        .respond_with(li_error(403, "ACCESS_DENIED", "Not enough permissions to access: organizationAcls"))
        .mount(&server)
        .await;
    let error = run(&server, "get_organizations", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert_eq!(
        error.message,
        "could not list your organizations: LinkedIn answered 403 (ACCESS_DENIED): Not enough permissions to access: \
         organizationAcls (this needs rw_organization_admin or r_organization_social)"
    );
}

#[tokio::test]
async fn get_company_updates_follows_pages_up_to_the_count() {
    let server = MockServer::start().await;
    let posts = |from: usize, n: usize| {
        (from..from + n).map(|i| json!({"id": format!("urn:li:share:{i}")})).collect::<Vec<_>>()
    };
    upstream("GET", "/rest/posts")
        .and(matchers::query_param("q", "author"))
        .and(matchers::query_param("author", "urn:li:organization:5"))
        .and(matchers::query_param("sortBy", "LAST_MODIFIED"))
        .and(matchers::query_param("start", "0"))
        .and(matchers::query_param("count", "100"))
        .respond_with(ok(json!({"paging": {"start": 0, "count": 100, "total": 130}, "elements": posts(0, 100)})))
        .expect(1)
        .mount(&server)
        .await;
    upstream("GET", "/rest/posts")
        .and(matchers::query_param("start", "100"))
        .respond_with(ok(json!({"paging": {"start": 100, "count": 100, "total": 130}, "elements": posts(100, 30)})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_company_updates", json!({"company_id": "5", "count": 120})).await.unwrap();
    let items = output["items"].as_array().unwrap();
    assert_eq!(items.len(), 120);
    assert_eq!(items[119]["id"], "urn:li:share:119");
    assert_eq!(output["pagination"], json!({"start": 0, "count": 120}));
}

#[tokio::test]
async fn get_company_updates_defaults_to_twenty() {
    let server = MockServer::start().await;
    upstream("GET", "/rest/posts")
        .and(matchers::query_param("count", "20"))
        .respond_with(ok(
            json!({"paging": {"start": 0, "count": 20, "total": 1}, "elements": [{"id": "urn:li:share:1"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(&server, "get_company_updates", json!({"company_id": "urn:li:organization:5"})).await.unwrap();
    assert_eq!(output["items"], json!([{"id": "urn:li:share:1"}]));
}

#[tokio::test]
async fn get_post_reads_a_urn_escaped_in_the_path() {
    let server = MockServer::start().await;
    let post = json!({"id": "urn:li:share:7", "author": "urn:li:person:abc123", "commentary": "Hi", "lifecycleState": "PUBLISHED"});
    upstream("GET", "/rest/posts/urn%3Ali%3Ashare%3A7").respond_with(ok(post.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_post", json!({"postId": "urn:li:share:7"})).await.unwrap(), post);
}

#[tokio::test]
async fn get_post_by_number_tries_a_share_then_a_ugc_post() {
    let server = MockServer::start().await;
    upstream("GET", "/rest/posts/urn%3Ali%3Ashare%3A9")
        .respond_with(li_error(404, "NOT_FOUND", "Not Found"))
        .expect(1)
        .mount(&server)
        .await;
    let post = json!({"id": "urn:li:ugcPost:9"});
    upstream("GET", "/rest/posts/urn%3Ali%3AugcPost%3A9").respond_with(ok(post.clone())).expect(1).mount(&server).await;
    assert_eq!(run(&server, "get_post", json!({"postId": "9"})).await.unwrap(), post);
}

#[tokio::test]
async fn a_missing_post_is_not_found_in_linkedins_words() {
    let server = MockServer::start().await;
    upstream("GET", "/rest/posts/urn%3Ali%3AugcPost%3A4")
        .respond_with(li_error(404, "NOT_FOUND", "Post urn:li:ugcPost:4 does not exist"))
        .mount(&server)
        .await;
    let error = run(&server, "get_post", json!({"postId": "urn:li:ugcPost:4"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(
        error.message,
        "could not read the post: LinkedIn answered 404 (NOT_FOUND): Post urn:li:ugcPost:4 does not exist"
    );
}

#[tokio::test]
async fn a_refused_token_is_unauthorized_and_never_shown() {
    let server = MockServer::start().await;
    upstream("GET", "/v2/userinfo")
        .respond_with(li_error(401, "INVALID_ACCESS_TOKEN", "Invalid access token"))
        .mount(&server)
        .await;
    let error = run(&server, "get_person_urn", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert_eq!(
        error.message,
        "could not read the signed-in member: LinkedIn answered 401 (INVALID_ACCESS_TOKEN): Invalid access token"
    );
    assert!(!format!("{error} {}", error.details).contains(TOKEN));
}

#[tokio::test]
async fn a_422_names_the_fields_linkedin_refused() {
    let server = MockServer::start().await;
    mount_userinfo(&server).await;
    upstream("POST", "/rest/posts")
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "status": 422,
            "message": "ERROR :: /commentary :: is too long",
            "errorDetails": {"inputErrors": [{
                "description": "Text exceeds the maximum length",
                "input": {"inputPath": {"fieldPath": "/commentary"}},
                "code": "FIELD_VALUE_TOO_LONG",
            }]},
        })))
        .mount(&server)
        .await;
    let error = run(&server, "create_post", json!({"text": "x"})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(
        error.message,
        "could not create the post: LinkedIn answered 422: ERROR :: /commentary :: is too long \
         (/commentary: Text exceeds the maximum length)"
    );
}

#[tokio::test]
async fn a_forbidden_organization_post_says_which_permission_it_needs() {
    let server = MockServer::start().await;
    upstream("POST", "/rest/posts")
        .respond_with(li_error(403, "ACCESS_DENIED", "Unpermitted fields present in REQUEST_BODY"))
        .mount(&server)
        .await;
    let input = json!({"text": "x", "postAs": "organization", "organizationUrn": "42"});
    let error = run(&server, "create_post", input).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert!(
        error.message.ends_with("(this needs w_organization_social and the admin role on the organization's page)"),
        "{error}"
    );
}

#[tokio::test]
async fn a_throttled_call_is_rate_limited() {
    let server = MockServer::start().await;
    upstream("GET", "/v2/userinfo")
        .respond_with(li_error(
            429,
            "TOO_MANY_REQUESTS",
            "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
        ))
        .mount(&server)
        .await;
    let error = without_retries(&server).execute("get_profile", json!({})).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited);
    assert!(error.message.contains("LinkedIn answered 429 (TOO_MANY_REQUESTS): Resource level throttle"), "{error}");
}

/// One page of the member's `CONNECTIONS` snapshot.
fn snapshot(rows: Value, next: Option<usize>) -> ResponseTemplate {
    let links = match next {
        Some(start) => {
            json!([{"type": "application/json", "rel": "next", "href": format!("/rest/memberSnapshotData?q=criteria&start={start}&domain=CONNECTIONS")}])
        }
        None => json!([]),
    };
    ok(json!({
        "paging": {"start": 0, "count": 10, "links": links},
        "elements": [{"snapshotDomain": "CONNECTIONS", "snapshotData": rows}],
    }))
}

fn row(first: &str, url: &str, on: &str) -> Value {
    json!({
        "First Name": first, "Last Name": "Doe", "URL": url, "Email Address": "",
        "Company": "Acme", "Position": "Engineer", "Connected On": on,
    })
}

#[tokio::test]
async fn new_connection_emits_connections_of_a_newer_day_and_the_rest_of_the_newest_day() {
    let server = MockServer::start().await;
    // First poll: two pages, the newest day 05 Nov 2024 with Ann.
    upstream("GET", "/rest/memberSnapshotData")
        .and(matchers::query_param("q", "criteria"))
        .and(matchers::query_param("domain", "CONNECTIONS"))
        .and(matchers::query_param_is_missing("start"))
        .respond_with(snapshot(json!([row("Ann", "https://www.linkedin.com/in/ann", "05 Nov 2024")]), Some(1)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    upstream("GET", "/rest/memberSnapshotData")
        .and(matchers::query_param("start", "1"))
        .respond_with(snapshot(json!([row("Old", "https://www.linkedin.com/in/old", "01 Jan 2020")]), None))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let linkedin = testing::connect::<Linkedin>(&server, credentials());
    let first = linkedin.poll("new_connection", json!({}), None).await.unwrap();
    assert!(first.events.is_empty());

    // Second poll: Bob connected the same day as Ann, Cy the next day.
    upstream("GET", "/rest/memberSnapshotData")
        .respond_with(snapshot(
            json!([
                row("Cy", "https://www.linkedin.com/in/cy", "06 Nov 2024"),
                row("Bob", "https://www.linkedin.com/in/bob", "05 Nov 2024"),
                row("Ann", "https://www.linkedin.com/in/ann", "05 Nov 2024"),
                row("Old", "https://www.linkedin.com/in/old", "01 Jan 2020"),
            ]),
            None,
        ))
        .mount(&server)
        .await;
    let second = linkedin.poll("new_connection", json!({}), first.cursor).await.unwrap();
    assert_eq!(
        second.events,
        [
            json!({
                "id": "https://www.linkedin.com/in/bob", "firstName": "Bob", "lastName": "Doe",
                "profileUrl": "https://www.linkedin.com/in/bob", "emailAddress": null, "company": "Acme",
                "position": "Engineer", "connectedOn": "2024-11-05",
            }),
            json!({
                "id": "https://www.linkedin.com/in/cy", "firstName": "Cy", "lastName": "Doe",
                "profileUrl": "https://www.linkedin.com/in/cy", "emailAddress": null, "company": "Acme",
                "position": "Engineer", "connectedOn": "2024-11-06",
            }),
        ]
    );
    // A third poll over the same snapshot emits nothing again.
    let third = linkedin.poll("new_connection", json!({}), second.cursor).await.unwrap();
    assert!(third.events.is_empty());
}

#[tokio::test]
async fn new_connection_without_the_portability_product_says_what_it_needs() {
    let server = MockServer::start().await;
    upstream("GET", "/rest/memberSnapshotData")
        .respond_with(li_error(
            403,
            "ACCESS_DENIED",
            "Not enough permissions to access: memberSnapshotData.FINDER-criteria",
        ))
        .mount(&server)
        .await;
    let linkedin = testing::connect::<Linkedin>(&server, credentials());
    let error = linkedin.poll("new_connection", json!({}), None).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert!(error.message.contains("r_dma_portability_3rd_party"), "{error}");
}

#[tokio::test]
async fn profile_view_is_not_supported_and_asks_nothing_of_linkedin() {
    let server = MockServer::start().await;
    let linkedin = testing::connect::<Linkedin>(&server, credentials());
    let error = linkedin.poll("profile_view", json!({}), None).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotSupported);
    assert!(error.message.contains("no profile views"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn test_connection_reads_the_signed_in_member() {
    let server = MockServer::start().await;
    upstream("GET", "/v2/userinfo").respond_with(ok(json!({"sub": "abc123"}))).expect(1).mount(&server).await;
    testing::connect::<Linkedin>(&server, credentials()).test_connection().await.unwrap();
}

#[tokio::test]
async fn create_post_with_no_media_category_posts_the_text_alone() {
    let server = MockServer::start().await;
    mount_userinfo(&server).await;
    mount_post_created(&server, post_body("urn:li:person:abc123", "Plain", "PUBLIC")).await;
    let input = json!({"text": "Plain", "shareMediaCategory": "NONE", "binaryMimeType": "image/jpeg", "imageUrl": "urn:li:image:1"});
    let output = run(&server, "create_post", input).await.unwrap();
    assert_eq!(output.get("media"), None);
}

#[tokio::test]
async fn new_post_published_emits_an_organizations_new_posts() {
    let server = MockServer::start().await;
    let posts = |ids: &[(u64, &str)]| json!({"elements": ids.iter().map(|(t, id)| json!({"id": id, "createdAt": t, "commentary": "x"})).collect::<Vec<_>>()});
    upstream("GET", "/rest/posts")
        .and(matchers::query_param("q", "author"))
        .and(matchers::query_param("author", "urn:li:organization:5"))
        .and(matchers::query_param("sortBy", "CREATED"))
        .respond_with(ok(posts(&[(100, "urn:li:share:1")])))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    upstream("GET", "/rest/posts")
        .respond_with(ok(posts(&[(200, "urn:li:share:3"), (100, "urn:li:share:2"), (100, "urn:li:share:1")])))
        .mount(&server)
        .await;
    let linkedin = testing::connect::<Linkedin>(&server, credentials());
    let config = json!({"organization": "5"});
    let first = linkedin.poll("new_post_published", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    let second = linkedin.poll("new_post_published", config.clone(), first.cursor).await.unwrap();
    let ids: Vec<&Value> = second.events.iter().map(|e| &e["id"]).collect();
    assert_eq!(ids, [&json!("urn:li:share:2"), &json!("urn:li:share:3")]);
    let third = linkedin.poll("new_post_published", config, second.cursor).await.unwrap();
    assert!(third.events.is_empty());
}

#[tokio::test]
async fn new_comment_on_post_emits_new_comments() {
    let server = MockServer::start().await;
    let comment = |id: &str, t: u64| json!({"id": id, "created": {"time": t}, "message": {"text": "hi"}});
    upstream("GET", "/rest/socialActions/urn%3Ali%3Ashare%3A7/comments")
        .respond_with(ok(json!({"elements": [comment("c1", 10)]})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    upstream("GET", "/rest/socialActions/urn%3Ali%3Ashare%3A7/comments")
        .respond_with(ok(json!({"elements": [comment("c1", 10), comment("c2", 20)]})))
        .mount(&server)
        .await;
    let linkedin = testing::connect::<Linkedin>(&server, credentials());
    let config = json!({"postId": "urn:li:share:7"});
    let first = linkedin.poll("new_comment_on_post", config.clone(), None).await.unwrap();
    assert!(first.events.is_empty());
    let second = linkedin.poll("new_comment_on_post", config, first.cursor).await.unwrap();
    assert_eq!(second.events, [comment("c2", 20)]);
}
