use base64::Engine;
use fluxturn_core::http::path_segment;
use fluxturn_core::http::{collect_pages, Page};
use fluxturn_core::prelude::*;
use serde_json::{json, Value};

/// Manage repositories, issues, pull requests and files on GitHub, and react to repository events
#[connector(
    name = "github",
    display_name = "GitHub",
    category = "development",
    base_url = "https://api.github.com",
    headers(Accept = "application/vnd.github+json", X_GitHub_Api_Version = "2022-11-28"),
    rate_limit(requests_per_minute = 100, requests_per_hour = 5000),
    icon = "icons/github.svg",
    auth = [
        bearer_token(field = "accessToken"),
        oauth2(
            authorization_url = "https://github.com/login/oauth/authorize",
            token_url = "https://github.com/login/oauth/access_token",
            scopes = ["repo", "user"],
            // GitHub supports S256 for OAuth apps (since July 2025) and recommends it.
            pkce,
        ),
    ],
    credentials = GitHubCredentials,
    webhook_support = true,
    test_endpoint = "/user",
)]
pub struct GitHub {
    http: Http,
}

/// How the connection authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum GitHubAuthType {
    /// Personal access token
    #[serde(rename = "accessToken")]
    AccessToken,
    /// OAuth2
    #[serde(rename = "oauth2")]
    OAuth2,
}

/// What the user enters in the "Add GitHub" form.
#[derive(Credentials)]
pub struct GitHubCredentials {
    /// A personal access token, or OAuth2 through a GitHub OAuth app
    #[field(label = "Authentication", default = "accessToken")]
    pub auth_type: GitHubAuthType,
    /// A personal access token (classic or fine-grained); with OAuth2 the server stores the token it obtains
    #[field(
        label = "Access Token",
        secret,
        required,
        placeholder = "ghp_...",
        help_url = "https://github.com/settings/tokens",
        show(authType = ["accessToken"])
    )]
    pub access_token: Option<Secret<String>>,
    /// The client id of your GitHub OAuth app
    #[field(label = "Client ID", show(authType = ["oauth2"]))]
    pub client_id: Option<String>,
    /// The client secret of your GitHub OAuth app
    #[field(label = "Client Secret", secret, show(authType = ["oauth2"]))]
    pub client_secret: Option<Secret<String>>,
}

/// The input of `create_repository`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct CreateRepository {
    /// The repository name
    #[field(label = "Name", placeholder = "my-project")]
    pub name: String,
    /// A short description
    #[field(label = "Description")]
    pub description: Option<String>,
    /// Whether only you (and collaborators) can see it
    #[field(label = "Private", default = false)]
    pub private: Option<bool>,
    /// Create an initial commit with an empty README
    #[field(label = "Initialize with README", default = false)]
    pub auto_init: Option<bool>,
    /// A .gitignore template to apply, such as `Rust` or `Node`
    #[field(label = ".gitignore Template", placeholder = "Rust")]
    pub gitignore_template: Option<String>,
    /// A license template keyword, such as `mit` or `apache-2.0`
    #[field(label = "License Template", placeholder = "mit")]
    pub license_template: Option<String>,
}

/// The input of `get_repository`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct RepositoryRef {
    /// The account (user or organization) that owns the repository
    #[field(label = "Owner", placeholder = "octocat")]
    pub owner: String,
    /// The repository name
    #[field(label = "Repository", placeholder = "hello-world")]
    pub repository: String,
}

/// Which repositories of the user to list.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RepositoryType {
    /// All
    #[default]
    All,
    /// Owned
    Owner,
    /// Public
    Public,
    /// Private
    Private,
    /// Member of
    Member,
}

/// How to sort listed repositories.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RepositorySort {
    /// Created
    Created,
    /// Updated
    #[default]
    Updated,
    /// Pushed
    Pushed,
    /// Full name
    FullName,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortDirection {
    /// Ascending
    Asc,
    /// Descending
    #[default]
    Desc,
}

/// The input of `list_repositories`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct ListRepositories {
    /// Which repositories to list
    #[serde(rename = "type", default)]
    #[field(label = "Type", default = "all")]
    pub repository_type: RepositoryType,
    /// Sort field
    #[serde(default)]
    #[field(label = "Sort", default = "updated")]
    pub sort: RepositorySort,
    /// Sort direction
    #[serde(default)]
    #[field(label = "Direction", default = "desc")]
    pub direction: SortDirection,
    /// Repositories per page (1-100); every page is fetched, up to 1000 repositories
    #[serde(default)]
    #[field(label = "Per Page", default = 30, min = 1, max = 100)]
    pub per_page: Option<u32>,
}

/// The input of `create_issue`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct CreateIssue {
    /// The account that owns the repository
    #[field(label = "Owner")]
    pub owner: String,
    /// The repository name
    #[field(label = "Repository")]
    pub repository: String,
    /// The issue title
    #[field(label = "Title")]
    pub title: String,
    /// The issue text (Markdown)
    #[field(label = "Body", input_type = "textarea")]
    pub body: Option<String>,
    /// Label names to add
    #[field(label = "Labels")]
    pub labels: Option<Vec<String>>,
    /// Logins of the users to assign
    #[field(label = "Assignees")]
    pub assignees: Option<Vec<String>>,
    /// The number of the milestone to add the issue to
    #[field(label = "Milestone", min = 1)]
    pub milestone: Option<u64>,
}

/// The input of `create_pull_request`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct CreatePullRequest {
    /// The account that owns the repository
    #[field(label = "Owner")]
    pub owner: String,
    /// The repository name
    #[field(label = "Repository")]
    pub repository: String,
    /// The pull request title
    #[field(label = "Title")]
    pub title: String,
    /// The branch with the changes (`user:branch` for a fork)
    #[field(label = "Head Branch", placeholder = "feature/login")]
    pub head: String,
    /// The branch to merge into
    #[field(label = "Base Branch", placeholder = "main")]
    pub base: String,
    /// The description (Markdown)
    #[field(label = "Body", input_type = "textarea")]
    pub body: Option<String>,
    /// Open it as a draft
    #[field(label = "Draft", default = false)]
    pub draft: Option<bool>,
}

/// The input of `get_file_content`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct GetFileContent {
    /// The account that owns the repository
    #[field(label = "Owner")]
    pub owner: String,
    /// The repository name
    #[field(label = "Repository")]
    pub repository: String,
    /// The file path in the repository
    #[field(label = "File Path", placeholder = "docs/README.md")]
    pub path: String,
    /// A branch, tag or commit (default: the default branch)
    #[serde(rename = "ref")]
    #[field(label = "Reference", placeholder = "main")]
    pub reference: Option<String>,
}

/// The input of `create_file`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct CreateFile {
    /// The account that owns the repository
    #[field(label = "Owner")]
    pub owner: String,
    /// The repository name
    #[field(label = "Repository")]
    pub repository: String,
    /// The path of the new file
    #[field(label = "File Path", placeholder = "docs/README.md")]
    pub path: String,
    /// The commit message
    #[field(label = "Commit Message")]
    pub message: String,
    /// The file content, as text (it is Base64-encoded for GitHub)
    #[field(label = "Content", input_type = "textarea")]
    pub content: String,
    /// The branch to commit to (default: the default branch)
    #[field(label = "Branch")]
    pub branch: Option<String>,
}

/// The input of `update_file`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct UpdateFile {
    /// The account that owns the repository
    #[field(label = "Owner")]
    pub owner: String,
    /// The repository name
    #[field(label = "Repository")]
    pub repository: String,
    /// The path of the file
    #[field(label = "File Path")]
    pub path: String,
    /// The commit message
    #[field(label = "Commit Message")]
    pub message: String,
    /// The new file content, as text (it is Base64-encoded for GitHub)
    #[field(label = "Content", input_type = "textarea")]
    pub content: String,
    /// The blob SHA of the file being replaced (from Get File Content)
    #[field(label = "File SHA")]
    pub sha: String,
    /// The branch to commit to (default: the default branch)
    #[field(label = "Branch")]
    pub branch: Option<String>,
}

/// The input of `delete_file`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct DeleteFile {
    /// The account that owns the repository
    #[field(label = "Owner")]
    pub owner: String,
    /// The repository name
    #[field(label = "Repository")]
    pub repository: String,
    /// The path of the file
    #[field(label = "File Path")]
    pub path: String,
    /// The commit message
    #[field(label = "Commit Message")]
    pub message: String,
    /// The blob SHA of the file being deleted (from Get File Content)
    #[field(label = "File SHA")]
    pub sha: String,
    /// The branch to commit to (default: the default branch)
    #[field(label = "Branch")]
    pub branch: Option<String>,
}

/// A GitHub user or organization.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Account {
    /// Login name
    pub login: String,
    /// Numeric id
    pub id: Option<u64>,
    /// Profile page
    pub html_url: Option<String>,
}

/// A repository.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Repository {
    /// Numeric id
    pub id: u64,
    /// Name
    pub name: String,
    /// `owner/name`
    pub full_name: String,
    /// Owner
    pub owner: Option<Account>,
    /// Whether it is private
    #[serde(default)]
    pub private: bool,
    /// Web page
    pub html_url: String,
    /// Description
    pub description: Option<String>,
    /// Whether it is a fork
    #[serde(default)]
    pub fork: bool,
    /// Default branch
    pub default_branch: Option<String>,
    /// HTTPS clone URL
    pub clone_url: Option<String>,
    /// SSH clone URL
    pub ssh_url: Option<String>,
    /// Visibility (`public`, `private`, `internal`)
    pub visibility: Option<String>,
    /// Main language
    pub language: Option<String>,
    /// Number of stars
    pub stargazers_count: Option<u64>,
    /// Number of open issues
    pub open_issues_count: Option<u64>,
    /// Creation time (ISO 8601)
    pub created_at: Option<String>,
    /// Last update time (ISO 8601)
    pub updated_at: Option<String>,
    /// Last push time (ISO 8601)
    pub pushed_at: Option<String>,
}

/// A label of an issue.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Label {
    /// Name
    pub name: String,
    /// Colour (hex, without `#`)
    pub color: Option<String>,
}

/// An issue.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Issue {
    /// Numeric id
    pub id: u64,
    /// Number in the repository
    pub number: u64,
    /// Title
    pub title: String,
    /// `open` or `closed`
    pub state: String,
    /// Web page
    pub html_url: String,
    /// Text
    pub body: Option<String>,
    /// Author
    pub user: Option<Account>,
    /// Labels
    #[serde(default)]
    pub labels: Vec<Label>,
    /// Assignees
    #[serde(default)]
    pub assignees: Vec<Account>,
    /// Creation time (ISO 8601)
    pub created_at: Option<String>,
}

/// One side of a pull request.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct PullRequestBranch {
    /// Branch name
    #[serde(rename = "ref")]
    pub branch: String,
    /// `owner:branch`
    pub label: Option<String>,
    /// Commit SHA
    pub sha: String,
}

/// A pull request.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct PullRequest {
    /// Numeric id
    pub id: u64,
    /// Number in the repository
    pub number: u64,
    /// Title
    pub title: String,
    /// `open` or `closed`
    pub state: String,
    /// Web page
    pub html_url: String,
    /// Description
    pub body: Option<String>,
    /// Whether it is a draft
    #[serde(default)]
    pub draft: bool,
    /// The branch with the changes
    pub head: PullRequestBranch,
    /// The branch to merge into
    pub base: PullRequestBranch,
    /// Author
    pub user: Option<Account>,
    /// Creation time (ISO 8601)
    pub created_at: Option<String>,
}

/// A file of a repository, with its content.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct FileContent {
    /// File name
    pub name: String,
    /// Path in the repository
    pub path: String,
    /// Blob SHA (needed to update or delete the file)
    pub sha: String,
    /// Size in bytes
    pub size: u64,
    /// `utf-8` when `content` is the text, `base64` when the file is binary (or too large to be returned)
    pub encoding: String,
    /// The content: text, or Base64 for binary files
    pub content: String,
    /// Web page
    pub html_url: Option<String>,
    /// Raw download URL
    pub download_url: Option<String>,
}

/// What GitHub answers for `GET /contents/{path}`, before decoding.
#[derive(Deserialize)]
struct RawContent {
    #[serde(rename = "type")]
    kind: String,
    name: String,
    path: String,
    sha: String,
    #[serde(default)]
    size: u64,
    encoding: Option<String>,
    content: Option<String>,
    html_url: Option<String>,
    download_url: Option<String>,
}

/// A file after a commit.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct FileInfo {
    /// File name
    pub name: String,
    /// Path in the repository
    pub path: String,
    /// The new blob SHA
    pub sha: String,
    /// Size in bytes
    pub size: Option<u64>,
    /// Web page
    pub html_url: Option<String>,
    /// Raw download URL
    pub download_url: Option<String>,
}

/// A commit made by a file action.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct CommitInfo {
    /// Commit SHA
    pub sha: String,
    /// Commit message
    pub message: Option<String>,
    /// Web page
    pub html_url: Option<String>,
}

/// The answer of a file creation, update or deletion.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct FileCommit {
    /// The file as it is now (none after a deletion)
    pub content: Option<FileInfo>,
    /// The commit
    pub commit: CommitInfo,
}

/// The JSON body of the contents API.
#[derive(Serialize)]
struct ContentsBody<'a> {
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    branch: Option<&'a str>,
}

/// The query of `GET /user/repos`.
#[derive(Serialize)]
struct ListQuery {
    #[serde(rename = "type")]
    repository_type: RepositoryType,
    sort: RepositorySort,
    direction: SortDirection,
    per_page: u32,
}

/// The query of `GET /contents/{path}`.
#[derive(Serialize)]
struct RefQuery<'a> {
    #[serde(rename = "ref")]
    reference: Option<&'a str>,
}

/// Most repositories `list_repositories` returns.
const MAX_REPOSITORIES: usize = 1000;

/// A filter of the `on_create` and `on_delete` triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefTypeFilter {
    /// Branches and tags
    #[default]
    All,
    /// Branches only
    Branch,
    /// Tags only
    Tag,
}

/// Configuration of the `on_commit_comment` trigger.
#[derive(Debug, Deserialize, JsonSchema, Input)]
pub struct RepositoryFilter {
    /// The account that owns the repository
    #[field(label = "Owner")]
    pub owner: String,
    /// The repository name
    #[field(label = "Repository")]
    pub repository: String,
}

/// Configuration of the `pr_open_for_24_hours` trigger.
#[derive(Debug, Deserialize, JsonSchema, Input)]
pub struct StalePullRequests {
    /// The account that owns the repository
    #[field(label = "Owner")]
    pub owner: String,
    /// The repository name
    #[field(label = "Repository")]
    pub repository: String,
    /// How long a pull request stays open before it is reported
    #[field(label = "Hours Open", default = 24, min = 1)]
    #[serde(default = "a_day")]
    pub hours: u32,
}

/// `pr_open_for_24_hours`' default.
fn a_day() -> u32 {
    24
}

/// Where `pr_open_for_24_hours` stands: the open pull requests (by id) already reported.
#[derive(Debug, Default, Deserialize, Serialize)]
struct StaleCursor {
    reported: Vec<u64>,
}

/// The query of `GET /repos/{owner}/{repository}/pulls` listing open pull requests, oldest first.
#[derive(Serialize)]
struct OpenPulls {
    state: &'static str,
    sort: &'static str,
    direction: &'static str,
    per_page: u32,
}

/// Most open pull requests `pr_open_for_24_hours` reads per poll.
const MAX_OPEN_PULLS: usize = 1000;

/// Configuration of the `on_push` trigger.
#[derive(Debug, Deserialize, JsonSchema, Input)]
pub struct PushFilter {
    /// The account that owns the repository
    #[field(label = "Owner")]
    pub owner: String,
    /// The repository name
    #[field(label = "Repository")]
    pub repository: String,
    /// Only pushes to this branch (default: every branch and tag)
    #[field(label = "Branch", placeholder = "main")]
    pub branch: Option<String>,
}

/// Configuration of the `on_create` and `on_delete` triggers.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct RefFilter {
    /// The account that owns the repository
    #[field(label = "Owner")]
    pub owner: String,
    /// The repository name
    #[field(label = "Repository")]
    pub repository: String,
    /// Branches, tags, or both
    #[serde(default)]
    #[field(label = "Ref Type", default = "all")]
    pub ref_type: RefTypeFilter,
}

/// Configuration of the `on_repository` trigger.
#[derive(Debug, Deserialize, JsonSchema, Input)]
pub struct RepositoryEventFilter {
    /// The account (user or organization) whose repositories to watch
    #[field(label = "Owner")]
    pub owner: String,
    /// Only these actions, such as `created`, `deleted`, `archived`, `renamed` (default: all)
    #[field(label = "Actions")]
    pub actions: Option<Vec<String>>,
}

/// The repository of a webhook event.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct EventRepository {
    /// Numeric id
    pub id: u64,
    /// Name
    pub name: String,
    /// `owner/name`
    pub full_name: String,
    /// Owner
    pub owner: Option<Account>,
    /// Whether it is private
    #[serde(default)]
    pub private: bool,
    /// Web page
    pub html_url: String,
}

/// The author of a pushed commit.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct CommitAuthor {
    /// Name
    pub name: String,
    /// Email
    pub email: Option<String>,
    /// GitHub login, when known
    pub username: Option<String>,
}

/// A pushed commit.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct PushedCommit {
    /// Commit SHA
    pub id: String,
    /// Message
    pub message: String,
    /// Time (ISO 8601)
    pub timestamp: Option<String>,
    /// Web page
    pub url: Option<String>,
    /// Author
    pub author: Option<CommitAuthor>,
}

/// Who pushed.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Pusher {
    /// Name
    pub name: String,
    /// Email
    pub email: Option<String>,
}

/// A push to a branch or tag.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct PushEvent {
    /// The full ref pushed (`refs/heads/main`)
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// SHA before the push
    pub before: String,
    /// SHA after the push
    pub after: String,
    /// Whether the push created the ref
    #[serde(default)]
    pub created: bool,
    /// Whether the push deleted the ref
    #[serde(default)]
    pub deleted: bool,
    /// Whether it was a force push
    #[serde(default)]
    pub forced: bool,
    /// Comparison page of the change
    pub compare: Option<String>,
    /// Pushed commits (up to 20)
    #[serde(default)]
    pub commits: Vec<PushedCommit>,
    /// The most recent commit after the push
    pub head_commit: Option<PushedCommit>,
    /// The repository
    pub repository: EventRepository,
    /// Who pushed
    pub pusher: Option<Pusher>,
    /// The GitHub account that triggered the event
    pub sender: Option<Account>,
}

/// A branch or tag created or deleted.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct RefEvent {
    /// Branch or tag name
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// `branch` or `tag`
    pub ref_type: String,
    /// The repository
    pub repository: EventRepository,
    /// The GitHub account that triggered the event
    pub sender: Option<Account>,
}

/// A comment on a commit.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct CommitComment {
    /// Numeric id
    pub id: u64,
    /// Text
    pub body: String,
    /// The commented commit
    pub commit_id: String,
    /// File commented on, if any
    pub path: Option<String>,
    /// Line commented on, if any
    pub line: Option<u64>,
    /// Web page
    pub html_url: String,
    /// Author
    pub user: Option<Account>,
    /// Creation time (ISO 8601)
    pub created_at: Option<String>,
}

/// A commit comment created.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct CommitCommentEvent {
    /// `created`
    pub action: Option<String>,
    /// The comment
    pub comment: CommitComment,
    /// The repository
    pub repository: EventRepository,
    /// The GitHub account that triggered the event
    pub sender: Option<Account>,
}

/// A repository created, deleted, archived, renamed, ...
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct RepositoryEvent {
    /// What happened (`created`, `deleted`, `archived`, `unarchived`, `edited`, `renamed`, `transferred`, `publicized`, `privatized`)
    pub action: String,
    /// The repository
    pub repository: EventRepository,
    /// The organization, for organization repositories
    pub organization: Option<Account>,
    /// The GitHub account that triggered the event
    pub sender: Option<Account>,
}

/// The event GitHub names in `X-GitHub-Event`, parsed, when it is `wanted`.
fn github_event<T: serde::de::DeserializeOwned>(request: &WebhookRequest, wanted: &str) -> Result<Option<T>> {
    if request.header("x-github-event") != Some(wanted) {
        return Ok(None);
    }
    request.json().map(Some)
}

/// Whether the event's repository is `owner/repository` (GitHub names are case-insensitive).
fn same_repository(repository: &EventRepository, owner: &str, name: &str) -> bool {
    repository.full_name.eq_ignore_ascii_case(&format!("{}/{}", owner.trim(), name.trim()))
}

fn ref_type_matches(filter: RefTypeFilter, ref_type: &str) -> bool {
    match filter {
        RefTypeFilter::All => true,
        RefTypeFilter::Branch => ref_type == "branch",
        RefTypeFilter::Tag => ref_type == "tag",
    }
}

/// `/repos/{owner}/{repository}/contents/{path}`, each segment encoded, the slashes of the path kept.
fn contents_path(owner: &str, repository: &str, path: &str) -> Result<String> {
    let file: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(path_segment).collect();
    if file.is_empty() {
        return Err(ConnectorError::invalid_input("`path` must name a file"));
    }
    Ok(format!("/repos/{}/{}/contents/{}", path_segment(owner.trim()), path_segment(repository.trim()), file.join("/")))
}

/// Standard Base64 with padding (what the contents API takes).
fn base64_encode(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// Where a hook lives, kept as a subscription's `state`: a repository (`{owner, repo}`) or, with
/// no `repo`, an organization (`{owner}`).
#[derive(Debug, Serialize, Deserialize)]
struct HookOwner {
    owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    repo: Option<String>,
}

impl HookOwner {
    /// The hooks of a repository.
    fn repository(owner: &str, repo: &str) -> Self {
        Self { owner: owner.trim().to_owned(), repo: Some(repo.trim().to_owned()) }
    }

    /// The hooks of an organization.
    fn organization(owner: &str) -> Self {
        Self { owner: owner.trim().to_owned(), repo: None }
    }

    /// `/repos/{owner}/{repo}/hooks` or `/orgs/{owner}/hooks`.
    fn hooks_path(&self) -> String {
        match &self.repo {
            Some(repo) => format!("/repos/{}/{}/hooks", path_segment(&self.owner), path_segment(repo)),
            None => format!("/orgs/{}/hooks", path_segment(&self.owner)),
        }
    }
}

/// The body that creates or updates a hook.
#[derive(Debug, Serialize)]
struct HookBody<'a> {
    name: &'static str,
    active: bool,
    events: [&'a str; 1],
    config: HookConfig<'a>,
}

/// A hook's delivery settings.
#[derive(Debug, Serialize)]
struct HookConfig<'a> {
    url: &'a str,
    content_type: &'static str,
    secret: &'a str,
    insecure_ssl: &'static str,
}

/// A hook as GitHub lists or returns it (the parts read here).
#[derive(Debug, Deserialize)]
struct Hook {
    id: u64,
    #[serde(default)]
    config: ListedHookConfig,
}

/// A listed hook's delivery URL (GitHub never returns the secret).
#[derive(Debug, Default, Deserialize)]
struct ListedHookConfig {
    #[serde(default)]
    url: Option<String>,
}

/// `error`, its message prefixed with what GitHub refused to do.
fn refused(what: &str, mut error: ConnectorError) -> ConnectorError {
    error.message = format!("GitHub refused to {what}: {}", error.message);
    error
}

/// Decodes standard Base64, ignoring the line breaks GitHub inserts; `None` if malformed.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let symbols: String = text.split_whitespace().collect();
    base64::engine::general_purpose::STANDARD.decode(symbols).ok()
}

impl GitHub {
    /// The hook of `owner` that delivers `event` to the context's URL: the one already there for
    /// that URL is updated (a restart adds no second hook), else one is created.
    async fn ensure_hook(&self, owner: HookOwner, event: &str, context: SubscribeContext) -> Result<Subscription> {
        let hooks = owner.hooks_path();
        let body = HookBody {
            name: "web",
            active: true,
            events: [event],
            config: HookConfig {
                url: &context.webhook_url,
                content_type: "json",
                secret: &context.secret,
                insecure_ssl: "0",
            },
        };
        let existing = self.hook_for(&hooks, &context.webhook_url).await?;
        let request = match existing {
            Some(id) => self.http.patch(&format!("{hooks}/{id}")),
            None => self.http.post(&hooks),
        };
        let hook: Hook = request.json(&body).send_json().await.map_err(|e| refused("register the webhook", e))?;
        Ok(Subscription {
            upstream_id: hook.id.to_string(),
            state: serde_json::to_value(&owner).map_err(|e| ConnectorError::internal(e.to_string()))?,
            ..Subscription::default()
        })
    }

    /// The id of the hook of `hooks` (a hooks collection path) that posts to `url`, if any.
    /// One page of 100 is enough: GitHub allows 20 hooks per event on a repository or organization.
    async fn hook_for(&self, hooks: &str, url: &str) -> Result<Option<u64>> {
        let request = self.http.get(hooks).query(&serde_json::json!({ "per_page": 100 }));
        let listed: Vec<Hook> = request.send_json().await.map_err(|e| refused("list the webhooks", e))?;
        Ok(listed.into_iter().find(|hook| hook.config.url.as_deref() == Some(url)).map(|hook| hook.id))
    }

    /// Commits a new or replaced file through the contents API.
    async fn put_file(&self, path: String, body: ContentsBody<'_>) -> Result<FileCommit> {
        self.http.put(&path).json(&body).send_json().await
    }
}

#[actions(webhooks(verify = "github", secret = "generated", event_id = "header:X-GitHub-Delivery", unsubscribe = delete_hook))]
impl GitHub {
    /// Create a repository for the authenticated user
    #[action(category = "Repositories", icon = "plus", http(method = "POST", endpoint = "/user/repos"))]
    async fn create_repository(&self, input: CreateRepository) -> Result<Repository>;

    /// Get a repository
    #[action(category = "Repositories", icon = "book", http(method = "GET", endpoint = "/repos/{owner}/{repository}"))]
    async fn get_repository(&self, input: RepositoryRef) -> Result<Repository>;

    /// List the repositories the authenticated user can access, every page
    #[action(category = "Repositories", icon = "list", idempotent, http(method = "GET", endpoint = "/user/repos"))]
    async fn list_repositories(&self, input: ListRepositories) -> Result<Vec<Repository>> {
        let query = ListQuery {
            repository_type: input.repository_type,
            sort: input.sort,
            direction: input.direction,
            per_page: input.per_page.unwrap_or(30).clamp(1, 100),
        };
        let query = &query;
        collect_pages(MAX_REPOSITORIES, MAX_REPOSITORIES, |next| async move {
            // The `next` link already carries the query.
            let request = match &next {
                Some(url) => self.http.get(url),
                None => self.http.get("/user/repos").query(query),
            };
            let response = request.send().await?;
            Ok(Page { items: response.json()?, next: response.next_link() })
        })
        .await
    }

    /// Open an issue in a repository
    #[action(
        category = "Issues",
        icon = "alert-circle",
        http(method = "POST", endpoint = "/repos/{owner}/{repository}/issues")
    )]
    async fn create_issue(&self, input: CreateIssue) -> Result<Issue>;

    /// Open a pull request
    #[action(
        category = "Pull Requests",
        icon = "git-pull-request",
        http(method = "POST", endpoint = "/repos/{owner}/{repository}/pulls")
    )]
    async fn create_pull_request(&self, input: CreatePullRequest) -> Result<PullRequest>;

    /// Read a file of a repository, decoded to text when it is text
    #[action(
        category = "Files",
        icon = "file",
        http(method = "GET", endpoint = "/repos/{owner}/{repository}/contents/{path}")
    )]
    async fn get_file_content(&self, input: GetFileContent) -> Result<FileContent> {
        let path = contents_path(&input.owner, &input.repository, &input.path)?;
        let reference = input.reference.as_deref().map(str::trim).filter(|r| !r.is_empty());
        let response = self.http.get(&path).query(&RefQuery { reference }).send().await?;
        if response.body.first() == Some(&b'[') {
            return Err(ConnectorError::invalid_input(format!("`{}` is a directory, not a file", input.path)));
        }
        let raw: RawContent = response.json()?;
        if raw.kind != "file" {
            return Err(ConnectorError::invalid_input(format!("`{}` is a {}, not a file", input.path, raw.kind)));
        }
        let base64 = raw.content.unwrap_or_default();
        let text = (raw.encoding.as_deref() == Some("base64"))
            .then(|| base64_decode(&base64))
            .flatten()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        let (encoding, content) = match text {
            Some(text) => ("utf-8".to_owned(), text),
            None => ("base64".to_owned(), base64.split_whitespace().collect()),
        };
        Ok(FileContent {
            name: raw.name,
            path: raw.path,
            sha: raw.sha,
            size: raw.size,
            encoding,
            content,
            html_url: raw.html_url,
            download_url: raw.download_url,
        })
    }

    /// Commit a new file to a repository
    #[action(
        category = "Files",
        icon = "file-plus",
        http(method = "PUT", endpoint = "/repos/{owner}/{repository}/contents/{path}")
    )]
    async fn create_file(&self, input: CreateFile) -> Result<FileCommit> {
        let path = contents_path(&input.owner, &input.repository, &input.path)?;
        let body = ContentsBody {
            message: &input.message,
            content: Some(base64_encode(input.content.as_bytes())),
            sha: None,
            branch: input.branch.as_deref(),
        };
        self.put_file(path, body).await
    }

    /// Commit new content for an existing file
    #[action(
        category = "Files",
        icon = "edit",
        http(method = "PUT", endpoint = "/repos/{owner}/{repository}/contents/{path}")
    )]
    async fn update_file(&self, input: UpdateFile) -> Result<FileCommit> {
        let path = contents_path(&input.owner, &input.repository, &input.path)?;
        let body = ContentsBody {
            message: &input.message,
            content: Some(base64_encode(input.content.as_bytes())),
            sha: Some(&input.sha),
            branch: input.branch.as_deref(),
        };
        self.put_file(path, body).await
    }

    /// Delete a file in a commit
    #[action(
        category = "Files",
        icon = "trash",
        http(method = "DELETE", endpoint = "/repos/{owner}/{repository}/contents/{path}")
    )]
    async fn delete_file(&self, input: DeleteFile) -> Result<FileCommit> {
        let path = contents_path(&input.owner, &input.repository, &input.path)?;
        let body = ContentsBody {
            message: &input.message,
            content: None,
            sha: Some(&input.sha),
            branch: input.branch.as_deref(),
        };
        self.http.delete(&path).json(&body).send_json().await
    }

    /// Commits were pushed to the repository
    #[trigger(
        event_type = "push",
        icon = "git-commit",
        webhook,
        subscribe = subscribe_push,
    )]
    async fn on_push(&self, config: PushFilter, request: WebhookRequest) -> Result<Vec<PushEvent>> {
        let Some(event) = github_event::<PushEvent>(&request, "push")? else {
            return Ok(vec![]);
        };
        let branch_ok = match config.branch.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            None => true,
            Some(branch) => event.git_ref == branch || event.git_ref.strip_prefix("refs/heads/") == Some(branch),
        };
        let wanted = branch_ok && same_repository(&event.repository, &config.owner, &config.repository);
        Ok(if wanted { vec![event] } else { vec![] })
    }

    /// A branch or tag was created
    #[trigger(
        event_type = "create",
        icon = "git-branch",
        webhook,
        subscribe = subscribe_create,
    )]
    async fn on_create(&self, config: RefFilter, request: WebhookRequest) -> Result<Vec<RefEvent>> {
        let event = github_event::<RefEvent>(&request, "create")?;
        Ok(event
            .into_iter()
            .filter(|e| same_repository(&e.repository, &config.owner, &config.repository))
            .filter(|e| ref_type_matches(config.ref_type, &e.ref_type))
            .collect())
    }

    /// A branch or tag was deleted
    #[trigger(
        event_type = "delete",
        icon = "git-branch",
        webhook,
        subscribe = subscribe_delete,
    )]
    async fn on_delete(&self, config: RefFilter, request: WebhookRequest) -> Result<Vec<RefEvent>> {
        let event = github_event::<RefEvent>(&request, "delete")?;
        Ok(event
            .into_iter()
            .filter(|e| same_repository(&e.repository, &config.owner, &config.repository))
            .filter(|e| ref_type_matches(config.ref_type, &e.ref_type))
            .collect())
    }

    /// Someone commented on a commit
    #[trigger(
        event_type = "commit_comment",
        icon = "message",
        webhook,
        subscribe = subscribe_commit_comment,
    )]
    async fn on_commit_comment(
        &self,
        config: RepositoryFilter,
        request: WebhookRequest,
    ) -> Result<Vec<CommitCommentEvent>> {
        let event = github_event::<CommitCommentEvent>(&request, "commit_comment")?;
        Ok(event.into_iter().filter(|e| same_repository(&e.repository, &config.owner, &config.repository)).collect())
    }

    /// A repository was created, deleted, archived, renamed, transferred or made public/private
    #[trigger(
        event_type = "repository",
        icon = "book",
        webhook,
        subscribe = subscribe_repository,
    )]
    async fn on_repository(
        &self,
        config: RepositoryEventFilter,
        request: WebhookRequest,
    ) -> Result<Vec<RepositoryEvent>> {
        let event = github_event::<RepositoryEvent>(&request, "repository")?;
        let owner = config.owner.trim();
        let actions: Vec<&str> = config.actions.iter().flatten().map(|a| a.trim()).filter(|a| !a.is_empty()).collect();
        Ok(event
            .into_iter()
            .filter(|e| {
                let repo_owner = e.repository.owner.as_ref().or(e.organization.as_ref());
                repo_owner.is_some_and(|o| o.login.eq_ignore_ascii_case(owner))
            })
            .filter(|e| actions.is_empty() || actions.contains(&e.action.as_str()))
            .collect())
    }

    /// A tag was created
    #[trigger(
        event_type = "create",
        icon = "tag",
        webhook,
        subscribe = subscribe_tags,
    )]
    async fn new_tag_created(&self, config: RepositoryFilter, request: WebhookRequest) -> Result<Vec<RefEvent>> {
        let event = github_event::<RefEvent>(&request, "create")?;
        Ok(event
            .into_iter()
            .filter(|e| same_repository(&e.repository, &config.owner, &config.repository))
            .filter(|e| ref_type_matches(RefTypeFilter::Tag, &e.ref_type))
            .collect())
    }

    /// A pull request has been open for a day (or the hours configured). Polls the open pull
    /// requests; the first poll only records those already past the mark, so activating it does
    /// not report the whole backlog at once. A pull request is reported once while it stays open.
    #[trigger(
        name = "PR Open for 24 Hours",
        event_type = "pull_request.open_for_hours",
        icon = "clock",
        polling,
        event_id = "/id"
    )]
    async fn pr_open_for_24_hours(
        &self,
        config: StalePullRequests,
        cursor: Option<Value>,
    ) -> Result<Polled<PullRequest>> {
        let path =
            format!("/repos/{}/{}/pulls", path_segment(config.owner.trim()), path_segment(config.repository.trim()));
        let query = OpenPulls { state: "open", sort: "created", direction: "asc", per_page: 100 };
        let (path, query) = (&path, &query);
        let open: Vec<PullRequest> = collect_pages(MAX_OPEN_PULLS, MAX_OPEN_PULLS, |next| async move {
            let request = match &next {
                Some(url) => self.http.get(url),
                None => self.http.get(path).query(query),
            };
            let response = request.send().await?;
            Ok(Page { items: response.json()?, next: response.next_link() })
        })
        .await?;
        let first = cursor.is_none();
        let before: StaleCursor = cursor.and_then(|c| serde_json::from_value(c).ok()).unwrap_or_default();
        let mark = std::time::SystemTime::now()
            .checked_sub(std::time::Duration::from_secs(u64::from(config.hours.max(1)) * 3600))
            .unwrap_or(std::time::UNIX_EPOCH);
        let (mut reported, mut events) = (Vec::new(), Vec::new());
        for pull in open {
            let opened = pull.created_at.as_deref().and_then(|t| humantime::parse_rfc3339_weak(t).ok());
            if opened.is_none_or(|at| at > mark) {
                continue;
            }
            reported.push(pull.id);
            if !first && !before.reported.contains(&pull.id) {
                events.push(pull);
            }
        }
        Ok(Polled { events, cursor: Some(json!(StaleCursor { reported })) })
    }

    /// Registers (or updates) the repository hook of `new_tag_created`: the `create` event.
    async fn subscribe_tags(&self, config: RepositoryFilter, context: SubscribeContext) -> Result<Subscription> {
        self.ensure_hook(HookOwner::repository(&config.owner, &config.repository), "create", context).await
    }

    /// Registers (or updates) the repository hook of `on_push`: the `push` event.
    async fn subscribe_push(&self, config: PushFilter, context: SubscribeContext) -> Result<Subscription> {
        self.ensure_hook(HookOwner::repository(&config.owner, &config.repository), "push", context).await
    }

    /// Registers (or updates) the repository hook of `on_create`: the `create` event.
    async fn subscribe_create(&self, config: RefFilter, context: SubscribeContext) -> Result<Subscription> {
        self.ensure_hook(HookOwner::repository(&config.owner, &config.repository), "create", context).await
    }

    /// Registers (or updates) the repository hook of `on_delete`: the `delete` event.
    async fn subscribe_delete(&self, config: RefFilter, context: SubscribeContext) -> Result<Subscription> {
        self.ensure_hook(HookOwner::repository(&config.owner, &config.repository), "delete", context).await
    }

    /// Registers (or updates) the repository hook of `on_commit_comment`.
    async fn subscribe_commit_comment(
        &self,
        config: RepositoryFilter,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        let owner = HookOwner::repository(&config.owner, &config.repository);
        self.ensure_hook(owner, "commit_comment", context).await
    }

    /// Registers (or updates) the hook of `on_repository`. The config names an account, not a
    /// repository, and GitHub sends `repository` events of a whole account only to an
    /// organization hook: this is `/orgs/{owner}/hooks` (a personal account has none: GitHub
    /// answers 404, and the token needs the `admin:org_hook` scope).
    async fn subscribe_repository(
        &self,
        config: RepositoryEventFilter,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_hook(HookOwner::organization(&config.owner), "repository", context).await
    }

    /// Deletes the hook of a subscription; one GitHub no longer has (404) is already gone.
    async fn delete_hook<C>(&self, _config: C, subscription: Subscription) -> Result<()> {
        let owner: HookOwner = serde_json::from_value(subscription.state).map_err(|e| {
            ConnectorError::internal(format!("a GitHub subscription must keep its hook's owner and repository: {e}"))
        })?;
        let path = format!("{}/{}", owner.hooks_path(), path_segment(&subscription.upstream_id));
        match self.http.delete(&path).send().await {
            Ok(_) => Ok(()),
            Err(error) if error.code == ErrorCode::NotFound => Ok(()),
            Err(error) => Err(refused("delete the webhook", error)),
        }
    }
}
