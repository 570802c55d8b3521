//! Single-operator mode, as FluxTurn's frontend uses it: login with the API token as the
//! password, the session's tokens on every call, refresh, and the organization, project and
//! navigation shapes its shell reads.

mod common;

use common::{TestServer, TOKEN};
use serde_json::{json, Value};

async fn post_public(server: &TestServer, path: &str, body: &Value) -> (u16, Value) {
    let response = server.client.post(server.url(path)).json(body).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

async fn get_as(server: &TestServer, token: &str, path: &str) -> (u16, Value) {
    let response = server.client.get(server.url(path)).bearer_auth(token).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

async fn login(server: &TestServer) -> Value {
    let (status, body) =
        post_public(server, "/api/v1/auth/login", &json!({"email": "ada@example.com", "password": TOKEN})).await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn login_with_the_api_token_answers_fluxturns_session_and_the_token_works_everywhere() {
    let server = TestServer::start().await;
    let session = login(&server).await;
    let access = session["accessToken"].as_str().unwrap();
    assert!(session["refreshToken"].as_str().is_some_and(|t| t.len() > 40), "{session}");
    assert_ne!(access, TOKEN, "the session has its own token, not the API token");
    assert_eq!(session["user"]["email"], "ada@example.com");
    assert_eq!(session["user"]["organizationId"], fluxturn_server::operator::ORGANIZATION_ID);

    // FluxTurn's AuthContext reads `/auth/me` as `{user: {id, email, ...}}`.
    let (status, me) = get_as(&server, access, "/api/v1/auth/me").await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(
        (me["user"]["id"].as_str(), me["user"]["email"].as_str()),
        (Some(session["user"]["id"].as_str().unwrap()), Some("ada@example.com"))
    );
    // ... and the credentials list with the session token.
    let (status, list) = get_as(&server, access, "/api/v1/connectors").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["total"], 0);
    // The API token keeps working beside it.
    assert_eq!(get_as(&server, TOKEN, "/api/v1/auth/me").await.1["user"]["email"], "operator@localhost");
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_a_message_the_login_form_shows() {
    let server = TestServer::start().await;
    let (status, body) =
        post_public(&server, "/api/v1/auth/login", &json!({"email": "ada@example.com", "password": "guess"})).await;
    assert_eq!(status, 401, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("API token") && message.starts_with("Unauthorized"), "{message}");
    assert!(!message.contains(TOKEN) && !message.contains("guess"), "no secret in the message: {message}");
    let (status, body) = post_public(&server, "/api/v1/auth/login", &json!({"email": "ada@example.com"})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (422, Some("validation_failed")), "{body}");
}

#[tokio::test]
async fn refresh_rotates_both_tokens_and_the_old_ones_stop_working() {
    let server = TestServer::start().await;
    let session = login(&server).await;
    let (old_access, old_refresh) =
        (session["accessToken"].as_str().unwrap(), session["refreshToken"].as_str().unwrap());
    let (status, renewed) = post_public(&server, "/api/v1/auth/refresh", &json!({"refreshToken": old_refresh})).await;
    assert_eq!(status, 200, "{renewed}");
    assert_eq!(renewed["user"]["email"], "ada@example.com");
    let new_access = renewed["accessToken"].as_str().unwrap();
    assert_eq!(get_as(&server, new_access, "/api/v1/auth/me").await.0, 200);
    let (status, refused) = get_as(&server, old_access, "/api/v1/auth/me").await;
    assert_eq!(status, 401, "the replaced access token is refused: {refused}");
    // FluxTurn's AuthContext refreshes when a message says "Unauthorized".
    assert!(refused["message"].as_str().unwrap().contains("Unauthorized"), "{refused}");
    let (status, reused) = post_public(&server, "/api/v1/auth/refresh", &json!({"refreshToken": old_refresh})).await;
    assert_eq!((status, reused["error"]["code"].as_str()), (401, Some("unauthorized")), "{reused}");
}

#[tokio::test]
async fn logout_ends_the_session_but_not_the_api_token() {
    let server = TestServer::start().await;
    let session = login(&server).await;
    let access = session["accessToken"].as_str().unwrap();
    let response = server.client.post(server.url("/api/v1/auth/logout")).bearer_auth(access).send().await.unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(get_as(&server, access, "/api/v1/connectors").await.0, 401);
    assert_eq!(get_as(&server, TOKEN, "/api/v1/connectors").await.0, 200);
}

#[tokio::test]
async fn an_expired_session_is_refused() {
    let server = TestServer::start().await;
    let session = login(&server).await;
    sqlx::query("UPDATE operator_sessions SET access_expires_at = 0").execute(&server.state.pool).await.unwrap();
    let (status, body) = get_as(&server, session["accessToken"].as_str().unwrap(), "/api/v1/auth/me").await;
    assert_eq!(status, 401, "{body}");
}

#[tokio::test]
async fn the_shell_gets_one_organization_and_one_project_in_fluxturns_shapes() {
    let server = TestServer::start().await;
    let session = login(&server).await;
    let access = session["accessToken"].as_str().unwrap();
    let (status, organizations) = get_as(&server, access, "/api/v1/organization/user/list").await;
    assert_eq!(status, 200);
    assert_eq!(organizations["total"], 1);
    let organization = &organizations["data"][0];
    // FluxTurn's frontend puts these ids in URLs matched by /org/([a-f0-9-]+)/.
    let id = organization["id"].as_str().unwrap();
    assert!(id.chars().all(|c| c.is_ascii_hexdigit() || c == '-'), "{id}");
    for key in ["name", "createdAt", "updatedAt"] {
        assert!(organization[key].is_string(), "{key} in {organization}");
    }
    let (status, projects) = get_as(&server, access, "/api/v1/organization/projects").await;
    assert_eq!(status, 200);
    let project = &projects["data"][0];
    assert_eq!((project["organizationId"].as_str(), projects["total"].as_u64()), (Some(id), Some(1)));
    assert_eq!(project["status"], "active");
    let (status, menu) = get_as(&server, access, "/api/v1/navigation/menu-data?organizationId=x").await;
    assert_eq!(status, 200);
    assert_eq!(menu["selectedOrganization"]["id"], id);
    assert_eq!(menu["selectedProject"]["id"], project["id"]);
    assert_eq!((menu["apps"].as_array().map(Vec::len), &menu["selectedApp"]), (Some(0), &Value::Null));
    // Without a token: 401, like every other route.
    let response = server.client.get(server.url("/api/v1/organization/user/list")).send().await.unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn sessions_survive_a_restart_and_tokens_are_not_stored_in_clear() {
    let dir = common::tempdir();
    let config = common::config(dir.path().join("data"));
    let access = {
        let server = TestServer::start_in(config.clone()).await;
        let session = login(&server).await;
        session["accessToken"].as_str().unwrap().to_owned()
    };
    let server = TestServer::start_in(config).await;
    assert_eq!(get_as(&server, &access, "/api/v1/auth/me").await.0, 200);
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT access_hash FROM operator_sessions").fetch_all(&server.state.pool).await.unwrap();
    assert!(!stored.is_empty() && stored.iter().all(|hash| hash != &access), "the access token is stored in clear");
    if common::postgres_server().is_none() {
        let bytes = std::fs::read(dir.path().join("data/fluxturn.db")).unwrap();
        assert!(!bytes.windows(access.len()).any(|w| w == access.as_bytes()), "the access token is on disk in clear");
    }
}

#[tokio::test]
async fn cors_lets_the_frontend_send_its_organization_headers() {
    let dir = common::tempdir();
    let mut config = common::config(dir.path().join("data"));
    config.frontend_url = Some("http://127.0.0.1:5185".into());
    let server = TestServer::start_in(config).await;
    let response = server
        .client
        .request(reqwest::Method::OPTIONS, server.url("/api/v1/organization/projects"))
        .header("Origin", "http://127.0.0.1:5185")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization,content-type,x-organization-id,x-project-id")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    let allowed = response.headers()["access-control-allow-headers"].to_str().unwrap().to_owned();
    for header in ["x-organization-id", "x-project-id", "x-app-id"] {
        assert!(allowed.contains(header), "{header} not in {allowed}");
    }
}
