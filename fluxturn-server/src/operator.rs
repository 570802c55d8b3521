//! Single-operator mode: FluxTurn's frontend signs in, and the one person running this server
//! is its only user. `POST /auth/login` takes the API token as the password and opens a session
//! (an access token for 12 hours, a refresh token for 30 days, both random and stored as
//! digests); the organization and project routes answer one fixed organization and project.
//! This is not multi-tenancy: every session sees everything the API token sees.

use crate::error::ServiceError;
use crate::storage::Db;
use base64::Engine;
use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long an access token lives.
pub const ACCESS_LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);
/// How long a refresh token lives (it is replaced by every refresh).
pub const REFRESH_LIFETIME: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// The operator's id.
pub const USER_ID: &str = "00000000-0000-4000-8000-000000000001";
/// The one organization's id (FluxTurn's frontend puts it in URLs: hex digits and dashes).
pub const ORGANIZATION_ID: &str = "00000000-0000-4000-8000-000000000002";
/// The one project's id.
pub const PROJECT_ID: &str = "00000000-0000-4000-8000-000000000003";
/// The operator's email when a request carries the API token itself, or a login gave none.
pub const DEFAULT_EMAIL: &str = "operator@localhost";

/// The operator, as FluxTurn's `/auth/me` describes a user.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OperatorUser {
    /// Always [`USER_ID`].
    pub id: String,
    /// The email given at login ([`DEFAULT_EMAIL`] without one).
    pub email: String,
    /// The email's local part.
    pub username: String,
    /// `Operator`.
    pub first_name: String,
    /// Empty.
    pub last_name: String,
    /// `Operator`.
    pub full_name: String,
    /// `Operator`.
    pub name: String,
    /// `owner`: the operator may do everything.
    pub role: String,
    /// `active`.
    pub status: String,
    /// Always [`ORGANIZATION_ID`].
    pub organization_id: String,
    /// Always [`PROJECT_ID`].
    pub project_id: String,
}

/// `GET /auth/me`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Me {
    /// Who is signed in.
    pub user: OperatorUser,
}

/// What login and refresh answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionTokens {
    /// Send as `Authorization: Bearer <accessToken>`.
    pub access_token: String,
    /// Exchange at `POST /auth/refresh` for new tokens (single use).
    pub refresh_token: String,
    /// Seconds the access token lives.
    pub expires_in: u64,
    /// Who signed in.
    pub user: OperatorUser,
}

/// Counts FluxTurn shows beside an organization.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OrganizationCount {
    /// Always 1.
    pub projects: u32,
    /// Always 1.
    pub members: u32,
}

/// The one organization.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// Always [`ORGANIZATION_ID`].
    pub id: String,
    /// `FluxTurn`.
    pub name: String,
    /// Says that this is single-operator mode.
    pub description: String,
    /// `active`.
    pub status: String,
    /// Always 1 (what FluxTurn's organization list sums).
    pub project_count: u32,
    /// Always 1.
    pub member_count: u32,
    /// When the database was created (RFC 3339).
    pub created_at: String,
    /// The same.
    pub updated_at: String,
    /// Its counts.
    #[serde(rename = "_count")]
    pub count: OrganizationCount,
}

/// Counts FluxTurn shows beside a project.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProjectCount {
    /// Always 0.
    pub apps: u32,
    /// Always 1.
    pub members: u32,
}

/// The one project.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    /// Always [`PROJECT_ID`].
    pub id: String,
    /// `Default`.
    pub name: String,
    /// Says that this is single-operator mode.
    pub description: String,
    /// Always [`ORGANIZATION_ID`].
    pub organization_id: String,
    /// `active`.
    pub status: String,
    /// `private`.
    pub visibility: String,
    /// When the database was created (RFC 3339).
    pub created_at: String,
    /// The same.
    pub updated_at: String,
    /// Its counts.
    #[serde(rename = "_count")]
    pub count: ProjectCount,
}

/// FluxTurn's list answer: `{data, total}`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Listing<T> {
    /// The items.
    pub data: Vec<T>,
    /// How many.
    pub total: usize,
}

/// `GET /navigation/menu-data`: what the shell's switcher shows.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MenuData {
    /// The one organization.
    pub organizations: Vec<Organization>,
    /// The same.
    pub selected_organization: Organization,
    /// The one project.
    pub projects: Vec<Project>,
    /// The same.
    pub selected_project: Project,
    /// None: FluxTurn's apps are not part of this server.
    pub apps: Vec<serde_json::Value>,
    /// None.
    pub selected_app: Option<serde_json::Value>,
}

/// The sessions and the fixed organization; cheap to clone.
#[derive(Clone)]
pub struct Operator {
    pool: Db,
    /// When the database was created: the organization's and project's `createdAt`.
    created_at: String,
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    aes_gcm::aead::rand_core::RngCore::fill_bytes(&mut aes_gcm::aead::OsRng, &mut bytes);
    format!("{prefix}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

fn not_signed_in(reason: &str) -> ServiceError {
    ServiceError::NotSignedIn { reason: reason.to_owned() }
}

impl Operator {
    /// The operator over the server's database.
    pub async fn load(pool: Db) -> anyhow::Result<Self> {
        let first_migration = match crate::storage::dialect(&pool) {
            crate::storage::Dialect::Sqlite => {
                "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', MIN(installed_on)) FROM _sqlx_migrations"
            }
            crate::storage::Dialect::Postgres => {
                "SELECT to_char(MIN(installed_on) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM _sqlx_migrations"
            }
        };
        let installed: Option<String> = sqlx::query_scalar(first_migration).fetch_one(&pool).await?;
        Ok(Self { pool, created_at: installed.unwrap_or_else(crate::storage::now) })
    }

    /// The operator as a user, signed in as `email`.
    pub fn user(&self, email: &str) -> OperatorUser {
        let email = if email.trim().is_empty() { DEFAULT_EMAIL } else { email.trim() };
        OperatorUser {
            id: USER_ID.into(),
            email: email.into(),
            username: email.split('@').next().unwrap_or(email).into(),
            first_name: "Operator".into(),
            last_name: String::new(),
            full_name: "Operator".into(),
            name: "Operator".into(),
            role: "owner".into(),
            status: "active".into(),
            organization_id: ORGANIZATION_ID.into(),
            project_id: PROJECT_ID.into(),
        }
    }

    /// The one organization.
    pub fn organization(&self) -> Organization {
        Organization {
            id: ORGANIZATION_ID.into(),
            name: "FluxTurn".into(),
            description: "Single-operator mode: this server's one organization".into(),
            status: "active".into(),
            project_count: 1,
            member_count: 1,
            created_at: self.created_at.clone(),
            updated_at: self.created_at.clone(),
            count: OrganizationCount { projects: 1, members: 1 },
        }
    }

    /// The one project.
    pub fn project(&self) -> Project {
        Project {
            id: PROJECT_ID.into(),
            name: "Default".into(),
            description: "Single-operator mode: this server's one project".into(),
            organization_id: ORGANIZATION_ID.into(),
            status: "active".into(),
            visibility: "private".into(),
            created_at: self.created_at.clone(),
            updated_at: self.created_at.clone(),
            count: ProjectCount { apps: 0, members: 1 },
        }
    }

    /// The shell's menu.
    pub fn menu(&self) -> MenuData {
        MenuData {
            organizations: vec![self.organization()],
            selected_organization: self.organization(),
            projects: vec![self.project()],
            selected_project: self.project(),
            apps: Vec::new(),
            selected_app: None,
        }
    }

    /// Opens a session for `email` (the caller checked the password). Expired sessions are
    /// pruned on the way.
    pub async fn open_session(&self, email: &str) -> Result<SessionTokens, ServiceError> {
        sqlx::query("DELETE FROM operator_sessions WHERE refresh_expires_at < $1")
            .bind(unix_now() as i64)
            .execute(&self.pool)
            .await?;
        let (access, refresh) = (random_token("fts_"), random_token("ftr_"));
        sqlx::query(
            "INSERT INTO operator_sessions (id, email, access_hash, access_expires_at, refresh_hash, refresh_expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(email.trim())
        .bind(digest(&access))
        .bind((unix_now() + ACCESS_LIFETIME.as_secs()) as i64)
        .bind(digest(&refresh))
        .bind((unix_now() + REFRESH_LIFETIME.as_secs()) as i64)
        .bind(crate::storage::now())
        .execute(&self.pool)
        .await?;
        Ok(self.tokens(access, refresh, email))
    }

    fn tokens(&self, access_token: String, refresh_token: String, email: &str) -> SessionTokens {
        SessionTokens { access_token, refresh_token, expires_in: ACCESS_LIFETIME.as_secs(), user: self.user(email) }
    }

    /// Replaces both tokens of the session `refresh_token` belongs to; the old ones stop working.
    pub async fn refresh(&self, refresh_token: &str) -> Result<SessionTokens, ServiceError> {
        let (access, refresh) = (random_token("fts_"), random_token("ftr_"));
        let email: Option<String> = sqlx::query_scalar(
            "UPDATE operator_sessions SET access_hash = $1, access_expires_at = $2, refresh_hash = $3, refresh_expires_at = $4 \
             WHERE refresh_hash = $5 AND refresh_expires_at >= $6 RETURNING email",
        )
        .bind(digest(&access))
        .bind((unix_now() + ACCESS_LIFETIME.as_secs()) as i64)
        .bind(digest(&refresh))
        .bind((unix_now() + REFRESH_LIFETIME.as_secs()) as i64)
        .bind(digest(refresh_token))
        .bind(unix_now() as i64)
        .fetch_optional(&self.pool)
        .await?;
        let email = email.ok_or_else(|| {
            not_signed_in("the refresh token is unknown, already used or expired; sign in again with the API token")
        })?;
        Ok(self.tokens(access, refresh, &email))
    }

    /// The email of the live session whose access token is `token`, if there is one.
    pub async fn session_email(&self, token: &str) -> Result<Option<String>, ServiceError> {
        let row = sqlx::query("SELECT email FROM operator_sessions WHERE access_hash = $1 AND access_expires_at >= $2")
            .bind(digest(token))
            .bind(unix_now() as i64)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| row.get("email")))
    }

    /// Ends the session of access token `token` (nothing when it is the API token).
    pub async fn close_session(&self, token: &str) -> Result<(), ServiceError> {
        sqlx::query("DELETE FROM operator_sessions WHERE access_hash = $1")
            .bind(digest(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
