//! Single-operator mode's routes, in FluxTurn's shapes: login with the API token as the password,
//! refresh, who am I, sign out, and the one organization and project the shell asks for.

use super::auth::{token_digest, Caller};
use super::error::ApiError;
use super::json::ApiJson;
use super::openapi::failures::{failures, BODY, STORAGE, TOKEN};
use super::openapi::{params, public};
use crate::app::AppState;
use crate::error::ApiCode;
use crate::operator::{Listing, Me, MenuData, Organization, Project, SessionTokens, DEFAULT_EMAIL};
use aide::transform::TransformOperation;
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use schemars::JsonSchema;
use serde::Deserialize;
use std::sync::Arc;

/// The tag of the sign-in operations.
const AUTH: &str = "operator";

/// `POST /auth/login`'s body, as FluxTurn's login form sends it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    /// Shown as the operator's email; not checked (there is one operator).
    #[serde(default)]
    pub email: String,
    /// The server's API token.
    pub password: String,
}

/// `POST /auth/refresh`'s body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Refresh {
    /// The refresh token of the last login or refresh.
    pub refresh_token: String,
}

/// `POST /api/v1/auth/login`.
pub async fn login(
    State(state): State<Arc<AppState>>,
    ApiJson(body): ApiJson<Login>,
) -> Result<Json<SessionTokens>, ApiError> {
    if token_digest(body.password.trim()) != state.api_token_digest {
        return Err(ApiError::new(
            ApiCode::Unauthorized,
            "Unauthorized: wrong password. This server runs in single-operator mode: the password is its API token \
             (FLUXTURN_API_TOKEN, or the token printed on first start and kept in <data dir>/api-token)",
        ));
    }
    Ok(Json(state.operator.open_session(&body.email).await?))
}

/// The docs of [`login`].
pub fn login_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = public(op).id("auth_login").tag(AUTH).summary(
        "Sign in (single-operator mode): the password is the API token; answers an access token (12 h) and a refresh token (30 days)",
    );
    failures(op, [BODY, TOKEN, STORAGE].concat())
}

/// `POST /api/v1/auth/refresh`.
pub async fn refresh(
    State(state): State<Arc<AppState>>,
    ApiJson(body): ApiJson<Refresh>,
) -> Result<Json<SessionTokens>, ApiError> {
    Ok(Json(state.operator.refresh(&body.refresh_token).await?))
}

/// The docs of [`refresh`].
pub fn refresh_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = public(op)
        .id("auth_refresh")
        .tag(AUTH)
        .summary("New tokens for a refresh token; the old refresh token stops working");
    failures(op, [BODY, TOKEN, STORAGE].concat())
}

/// The email of a caller.
fn email(caller: &Caller) -> &str {
    match caller {
        Caller::ApiToken => DEFAULT_EMAIL,
        Caller::Session { email, .. } => email,
    }
}

/// `GET /api/v1/auth/me`.
pub async fn me(State(state): State<Arc<AppState>>, Extension(caller): Extension<Caller>) -> Json<Me> {
    Json(Me { user: state.operator.user(email(&caller)) })
}

/// The docs of [`me`].
pub fn me_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    failures(op.id("auth_me").tag(AUTH).summary("Who is signed in: the operator"), [TOKEN, STORAGE].concat())
}

/// `POST /api/v1/auth/logout`: ends the session of the access token sent (the API token stays valid).
pub async fn logout(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
) -> Result<StatusCode, ApiError> {
    if let Caller::Session { token, .. } = &caller {
        state.operator.close_session(token).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The docs of [`logout`].
pub fn logout_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op
        .id("auth_logout")
        .tag(AUTH)
        .summary("End the session of the access token sent")
        .response_with::<204, (), _>(|r| r.description("Signed out (nothing to do for the API token)"));
    failures(op, [TOKEN, STORAGE].concat())
}

/// The header FluxTurn's frontend sends with the selected organization (ignored: there is one).
fn organization_header(op: TransformOperation<'_>) -> TransformOperation<'_> {
    params::header(op, "x-organization-id", "The selected organization (there is one; any value answers it)")
}

/// `GET /api/v1/organization/user/list`.
pub async fn organizations(State(state): State<Arc<AppState>>) -> Json<Listing<Organization>> {
    Json(Listing { data: vec![state.operator.organization()], total: 1 })
}

/// The docs of [`organizations`].
pub fn organizations_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op.id("organization_list").tag(AUTH).summary("The operator's organizations: the one organization");
    failures(op, [TOKEN, STORAGE].concat())
}

/// `GET /api/v1/organization/projects`.
pub async fn projects(State(state): State<Arc<AppState>>) -> Json<Listing<Project>> {
    Json(Listing { data: vec![state.operator.project()], total: 1 })
}

/// The docs of [`projects`].
pub fn projects_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = organization_header(
        op.id("organization_projects").tag(AUTH).summary("The organization's projects: the one project"),
    );
    failures(op, [TOKEN, STORAGE].concat())
}

/// `GET /api/v1/navigation/menu-data`.
pub async fn menu(State(state): State<Arc<AppState>>) -> Json<MenuData> {
    Json(state.operator.menu())
}

/// The docs of [`menu`].
pub fn menu_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = op.id("navigation_menu").tag(AUTH).summary("The shell's organization and project switcher");
    let op = params::query(op, "organizationId", false, "The selected organization (ignored: there is one)");
    let op = params::query(op, "projectId", false, "The selected project (ignored: there is one)");
    let op = params::query(op, "appId", false, "The selected app (ignored: there are none)");
    failures(op, [TOKEN, STORAGE].concat())
}
