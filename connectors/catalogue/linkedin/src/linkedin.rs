//! The LinkedIn connector: post as a member or an organization (text, image, video or article)
//! through the versioned Posts API (`/rest/posts`), read posts, a page's posts, the member's
//! profile and person URN and the organizations they administer, and poll the member's new
//! connections.
//!
//! Every request carries `LinkedIn-Version` and `X-Restli-Protocol-Version: 2.0.0`, which the
//! versioned (`/rest`) endpoints require and the `/v2` ones ignore. URNs in a path are
//! percent-encoded (`urn%3Ali%3Ashare%3A1`), as Rest.li 2.0 wants them. LinkedIn has no webhooks
//! for ordinary apps, so the triggers poll.

use fluxturn_core::http::{collect_pages, path_segment, Page};
use fluxturn_core::prelude::*;
use fluxturn_core::{FromContext, HttpConfig};
use serde_json::{json, Value};

/// The versioned API's release this connector is written against (`LinkedIn-Version`).
pub const LINKEDIN_VERSION: &str = "202510";

/// The longest commentary LinkedIn takes.
const MAX_TEXT: usize = 3_000;

/// The most items one page of a versioned finder returns.
const MAX_PAGE: usize = 100;

/// The most pages an action or a poll reads.
const MAX_PAGES: usize = 50;

/// LinkedIn's limit on an image, and on a video uploaded through the API.
const MAX_IMAGE_BYTES: usize = 36_152_320;
const MAX_VIDEO_BYTES: usize = 200 * 1024 * 1024;

/// Post and read on LinkedIn as a member or an organization, and follow new connections
#[connector(
    name = "linkedin",
    display_name = "LinkedIn",
    category = "social",
    base_url = "https://api.linkedin.com",
    icon = "icons/linkedin.svg",
    rate_limit(requests_per_minute = 60),
    // OAuth2 through LinkedIn's own endpoints. No PKCE: LinkedIn takes PKCE only from "native"
    // apps it enables one by one; a web app (the server's or the user's own) authenticates the
    // code exchange with its client secret. A pasted token (LinkedIn's token generator, or a
    // token with more scopes than the server asks for) goes in `access_token`.
    auth = [
        oauth2(
            authorization_url = "https://www.linkedin.com/oauth/v2/authorization",
            token_url = "https://www.linkedin.com/oauth/v2/accessToken",
            scopes = ["openid", "profile", "email", "w_member_social"],
        ),
        bearer_token(field = "access_token"),
    ],
    credentials = LinkedinCredentials,
    headers(LinkedIn_Version = "202510", X_Restli_Protocol_Version = "2.0.0"),
)]
pub struct Linkedin {
    http: Http,
    credentials: LinkedinCredentials,
    media_source: MediaSource,
}

/// A client without the connection's token, to download the media a post names: the token only
/// ever goes to LinkedIn.
struct MediaSource(Http);

impl FromContext for MediaSource {
    fn from_context(ctx: &ConnectContext) -> Result<Self> {
        Http::new(HttpConfig { auth: None, ..ctx.http_config()? }).map(Self)
    }
}

/// Which LinkedIn app the connection signs in through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum LinkedinAuthType {
    /// OAuth2 with the server's LinkedIn app (recommended)
    #[default]
    #[serde(rename = "oauth2")]
    OAuth2,
    /// OAuth2 with your own LinkedIn app (its client id and secret below)
    #[serde(rename = "manual")]
    Manual,
}

/// The "Add LinkedIn" form: sign in with OAuth2, through the server's LinkedIn app or your own.
#[derive(Credentials)]
pub struct LinkedinCredentials {
    /// The server's LinkedIn app, or your own
    #[field(key = "authType", label = "Authentication Type", default = "oauth2")]
    pub auth_type: LinkedinAuthType,
    /// The Client ID of your own LinkedIn app (Developer Portal > your app > Auth)
    #[field(
        key = "clientId",
        label = "Client ID",
        required,
        placeholder = "86abcdefgh123456",
        help_url = "https://www.linkedin.com/developers/apps",
        show(authType = ["manual"])
    )]
    pub client_id: Option<String>,
    /// The Client Secret of your own LinkedIn app
    #[field(key = "clientSecret", label = "Client Secret", secret, required, show(authType = ["manual"]))]
    pub client_secret: Option<Secret<String>>,
    /// You may post as an organization: its token needs `w_organization_social` (LinkedIn's
    /// Community Management API product)
    #[field(key = "organization_support", label = "Organization Support", default = false)]
    pub organization_support: Option<bool>,
    /// An app made before August 2023 (no "Sign In with LinkedIn using OpenID Connect"): the
    /// profile is read from `/v2/me` instead of `/v2/userinfo`
    #[field(key = "legacy", label = "Legacy", default = false)]
    pub legacy: Option<bool>,
    /// An access token you paste instead of authorizing (LinkedIn's token generator); with OAuth2
    /// the server keeps its own token
    #[field(key = "access_token", label = "Access Token")]
    pub access_token: Option<Secret<String>>,
    /// Kept for FluxTurn's form: with OAuth2 the server keeps and uses its own refresh token
    #[field(key = "refresh_token", label = "Refresh Token")]
    pub refresh_token: Option<Secret<String>>,
    /// Kept for FluxTurn's form: when the pasted token expires
    #[field(key = "expires_at", label = "Token Expires At")]
    pub expires_at: Option<String>,
    /// The organization posts go out as, and whose posts are read, when an action names none
    /// (`12345678` or `urn:li:organization:12345678`)
    #[field(key = "company_id", label = "Company ID", placeholder = "12345678")]
    pub company_id: Option<String>,
}

/// The choices of `postAs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum CreatePostInputPostAs {
    /// The signed-in member
    #[serde(rename = "person")]
    Person,
    /// An organization the member administers
    #[serde(rename = "organization")]
    Organization,
}

/// The choices of `visibility`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum CreatePostInputVisibility {
    /// Anyone on or off LinkedIn
    #[serde(rename = "PUBLIC")]
    Public,
    /// The member's connections only (not for an organization)
    #[serde(rename = "CONNECTIONS")]
    Connections,
}

/// The choices of `shareMediaCategory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ShareMediaCategory {
    /// Text only
    #[serde(rename = "NONE")]
    None,
    /// An image
    #[serde(rename = "IMAGE")]
    Image,
    /// A video
    #[serde(rename = "VIDEO")]
    Video,
    /// An article link
    #[serde(rename = "ARTICLE")]
    Article,
}

/// The configuration of `new_post_published`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewPostPublishedConfig {
    /// The organization whose posts to follow (`12345678` or `urn:li:organization:12345678`);
    /// blank follows the signed-in member's own posts
    #[field(label = "Organization")]
    pub organization: Option<String>,
}

/// The configuration of `new_comment_on_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewCommentOnPostConfig {
    /// The post to follow (`urn:li:share:123`, `urn:li:ugcPost:123` or `urn:li:activity:123`)
    #[field(label = "Post URN")]
    #[serde(rename = "postId")]
    pub post_id: String,
}

/// Where a created-time poll stands: the newest creation time seen (ms), and the ids seen then.
#[derive(Debug, Default, Deserialize, Serialize)]
struct CreatedCursor {
    since: u64,
    seen: Vec<String>,
}

/// The input of `create_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreatePostInput {
    /// The article's description shown under its title
    #[field(label = "Article Description", input_type = "textarea")]
    #[serde(rename = "articleDescription")]
    pub article_description: Option<String>,
    /// The article's title (LinkedIn does not read it from the page)
    #[field(label = "Article Title")]
    #[serde(rename = "articleTitle")]
    pub article_title: Option<String>,
    /// A link to share as an article
    #[field(label = "Article Url", input_type = "url")]
    #[serde(rename = "articleUrl")]
    pub article_url: Option<String>,
    /// An image to post: an http(s) URL (downloaded and uploaded to LinkedIn) or a LinkedIn image
    /// URN (`urn:li:image:...`)
    #[field(label = "Image Url")]
    #[serde(rename = "imageUrl")]
    pub image_url: Option<String>,
    /// The organization to post as (`12345678` or `urn:li:organization:12345678`); blank uses the
    /// connection's Company ID
    #[field(label = "Organization Urn")]
    #[serde(rename = "organizationUrn")]
    pub organization_urn: Option<String>,
    /// Post as the signed-in member or as an organization
    #[field(label = "Post As", default = "person")]
    #[serde(rename = "postAs")]
    pub post_as: Option<CreatePostInputPostAs>,
    /// The post's text (at most 3,000 characters); LinkedIn's reserved characters are escaped
    #[field(label = "Text", input_type = "textarea")]
    pub text: String,
    /// Kept for FluxTurn's workflows: the media is chosen from the URLs given (an image, else a
    /// video, else an article); `NONE` posts the text alone whatever URLs are given
    #[field(label = "Share Media Category")]
    #[serde(rename = "shareMediaCategory")]
    pub share_media_category: Option<ShareMediaCategory>,
    /// The image's type when its host does not say (`image/jpeg`)
    #[field(label = "Binary Mime Type")]
    #[serde(rename = "binaryMimeType")]
    pub binary_mime_type: Option<String>,
    /// A video to post: an http(s) URL (downloaded and uploaded to LinkedIn) or a LinkedIn video
    /// URN (`urn:li:video:...`)
    #[field(label = "Video Url")]
    #[serde(rename = "videoUrl")]
    pub video_url: Option<String>,
    /// Who may see the post
    #[field(label = "Visibility", default = "PUBLIC")]
    pub visibility: Option<CreatePostInputVisibility>,
}

/// The input of `get_profile`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetProfileInput {
    /// Fields to read, comma-separated (`id,localizedFirstName`): only for a legacy app or another
    /// member, whose profiles take a projection
    #[field(label = "Fields")]
    pub fields: Option<String>,
    /// Another member's id (needs LinkedIn's partner-only profile permission); blank reads the
    /// signed-in member
    #[field(label = "User Id")]
    pub user_id: Option<String>,
}

/// The input of `get_company_updates`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCompanyUpdatesInput {
    /// The organization (`12345678` or `urn:li:organization:12345678`)
    #[field(label = "Company Id")]
    pub company_id: String,
    /// How many posts to return, newest first (pages of 100 are followed)
    #[field(label = "Count", default = 20)]
    pub count: Option<f64>,
}

/// The input of `get_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetPostInput {
    /// The post's URN (`urn:li:share:123` or `urn:li:ugcPost:123`) or its number
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: String,
}

/// The configuration of `new_connection`: none, it follows the signed-in member.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewConnectionConfig {}

/// The configuration of `profile_view`: none.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ProfileViewConfig {}

/// A post just created.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct CreatedPost {
    /// The post's URN (`urn:li:share:…` or `urn:li:ugcPost:…`)
    pub urn: String,
    /// The same URN, as FluxTurn's workflows read it
    pub id: String,
    /// Who posted it (`urn:li:person:…` or `urn:li:organization:…`)
    pub author: String,
    /// Its media, when it has one (`urn:li:image:…` or `urn:li:video:…`)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<String>,
    /// Where it can be seen
    pub url: String,
}

/// The signed-in member and their person URN.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonUrn {
    /// The member's id
    pub id: String,
    /// Full name
    pub name: String,
    /// First name
    pub first_name: String,
    /// Last name
    pub last_name: String,
    /// `urn:li:person:<id>`
    pub urn: String,
}

/// An organization the member administers.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// Its id
    pub id: String,
    /// Its name (when LinkedIn lets the token read it)
    pub name: Option<String>,
    /// Its vanity name (linkedin.com/company/<vanityName>)
    pub vanity_name: Option<String>,
    /// `urn:li:organization:<id>`
    pub urn: String,
    /// The member's role (`ADMINISTRATOR`)
    pub role: Option<String>,
}

/// The organizations the member administers.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Organizations {
    /// Each organization
    pub organizations: Vec<Organization>,
    /// How many
    pub count: usize,
}

/// A new first-degree connection.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// The connection's profile URL, which identifies them
    pub id: String,
    /// First name
    pub first_name: String,
    /// Last name
    pub last_name: String,
    /// Profile URL
    pub profile_url: String,
    /// Email address, when they share it with connections
    pub email_address: Option<String>,
    /// Current company
    pub company: Option<String>,
    /// Current position
    pub position: Option<String>,
    /// The day you connected (`YYYY-MM-DD`)
    pub connected_on: String,
}

/// A profile view (never emitted: LinkedIn has no API for them).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct ProfileView {
    /// The viewer
    pub viewer_id: String,
    /// When
    pub timestamp: String,
}

/// Where `new_connection` stands: the newest connection day seen, and who connected that day.
#[derive(Debug, Default, Deserialize, Serialize)]
struct ConnectionCursor {
    since: String,
    seen: Vec<String>,
}

/// A LinkedIn error in LinkedIn's words: `LinkedIn answered 422 (UNPROCESSABLE_ENTITY): … (commentary:
/// …)`. The code stays the one the status gives (401 unauthorized, 404 not found, 422 invalid
/// input, 429 rate limited, ...).
pub fn refine(mut error: ConnectorError) -> ConnectorError {
    let body = match &error.details["upstream_body"] {
        Value::String(text) => serde_json::from_str::<Value>(text).ok(),
        Value::Object(_) => Some(error.details["upstream_body"].clone()),
        _ => None,
    };
    let Some(problem) = body.filter(|b| b.get("message").is_some() || b.get("error_description").is_some()) else {
        return error;
    };
    let status = problem["status"].as_u64().unwrap_or(u64::from(error.status));
    let text = problem["message"].as_str().or(problem["error_description"].as_str()).unwrap_or_default();
    let mut message = format!("LinkedIn answered {status}");
    if let Some(code) = problem["code"].as_str().or(problem["error"].as_str()).filter(|c| !c.is_empty()) {
        message.push_str(&format!(" ({code})"));
    }
    if !text.is_empty() {
        message.push_str(": ");
        message.push_str(text);
    }
    let inputs: Vec<String> = problem
        .pointer("/errorDetails/inputErrors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let description = e["description"].as_str()?;
            Some(match e.pointer("/input/inputPath/fieldPath").and_then(Value::as_str) {
                Some(field) if !field.is_empty() => format!("{field}: {description}"),
                _ => description.to_owned(),
            })
        })
        .collect();
    if !inputs.is_empty() {
        message.push_str(&format!(" ({})", inputs.join("; ")));
    }
    error.message = message;
    error
}

/// Says what the connector was doing when LinkedIn refused.
fn refused(what: &str, error: ConnectorError) -> ConnectorError {
    let mut error = refine(error);
    error.message = format!("could not {what}: {}", error.message);
    error
}

/// Adds a hint to a 403 about the permission the call needs.
fn needs(permission: &str, mut error: ConnectorError) -> ConnectorError {
    if error.code == ErrorCode::Forbidden {
        error.message = format!("{} (this needs {permission})", error.message);
    }
    error
}

/// A trimmed, non-blank text.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty() && *v != "null")
}

/// An organization URN from `12345678` or `urn:li:organization:12345678`.
fn organization_urn(field: &str, value: &str) -> Result<String> {
    let value = value.trim();
    let id = value.strip_prefix("urn:li:organization:").unwrap_or(value);
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return Err(ConnectorError::invalid_input(format!(
            "`{field}` must be an organization id (12345678) or URN (urn:li:organization:12345678), not `{value}`"
        )));
    }
    Ok(format!("urn:li:organization:{id}"))
}

/// Escapes the characters LinkedIn's "little text" format reserves, so they show as typed
/// (`#` is left alone: a `#word` becomes a hashtag, as people expect).
fn little_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '|' | '{' | '}' | '@' | '[' | ']' | '(' | ')' | '<' | '>' | '*' | '_' | '~') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// `05 Nov 2024` (the snapshot's `Connected On`) as `2024-11-05`; other shapes as they are.
fn iso_day(text: &str) -> String {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let parts: Vec<&str> = text.split_whitespace().collect();
    if let [day, month, year] = parts[..] {
        let month = month.get(..3).map(str::to_ascii_lowercase).unwrap_or_default();
        if let (Ok(day), Some(index), Ok(year)) =
            (day.parse::<u32>(), MONTHS.iter().position(|m| *m == month), year.parse::<u32>())
        {
            return format!("{year:04}-{:02}-{day:02}", index + 1);
        }
    }
    text.trim().to_owned()
}

/// A text of a snapshot row.
fn cell(row: &Value, key: &str) -> Option<String> {
    row[key].as_str().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// The `start` of a paging's `next` link, if it has one.
fn next_start(paging: &Value) -> Option<String> {
    let links = paging["links"].as_array()?;
    let href = links.iter().find(|l| l["rel"] == "next")?["href"].as_str()?;
    let query = href.split_once('?')?.1;
    query.split('&').find_map(|pair| pair.strip_prefix("start=")).map(str::to_owned)
}

/// The elements of a page created after the cursor (or at its instant and not seen), oldest
/// first, each with an `id`; the first poll (no cursor) only records where things stand.
fn poll_created(page: Value, cursor: Option<Value>, created: impl Fn(&Value) -> Option<u64>) -> Polled<Value> {
    let mut items: Vec<(u64, String, Value)> = page["elements"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| {
            let id = ["id", "commentUrn", "$URN"].iter().find_map(|k| item[*k].as_str())?.to_owned();
            let mut item = item.clone();
            item["id"] = json!(id);
            Some((created(&item).unwrap_or(0), id, item))
        })
        .collect();
    items.sort_by_key(|(time, _, _)| *time);
    let Some(cursor) = cursor else {
        let since = items.last().map_or(0, |(time, _, _)| *time);
        let seen = items.iter().filter(|(time, _, _)| *time == since).map(|(_, id, _)| id.clone()).collect();
        return Polled { events: vec![], cursor: Some(json!(CreatedCursor { since, seen })) };
    };
    let mut cursor: CreatedCursor = serde_json::from_value(cursor).unwrap_or_default();
    let mut events = Vec::new();
    for (time, id, item) in items {
        if time < cursor.since || cursor.seen.contains(&id) {
            continue;
        }
        if time > cursor.since {
            cursor.since = time;
            cursor.seen.clear();
        }
        cursor.seen.push(id);
        events.push(item);
    }
    Polled { events, cursor: Some(json!(cursor)) }
}

/// What a downloaded medium is: its bytes and content type.
struct Download {
    bytes: Vec<u8>,
    mime: String,
}

#[actions]
impl Linkedin {
    /// Create a post as the signed-in member or an organization: text, with an image, a video or
    /// an article link (the first of those given)
    ///
    /// An image or video URL is downloaded and uploaded to LinkedIn first (Images and Videos
    /// APIs); a LinkedIn media URN is attached as it is. Returns the new post's URN, from
    /// LinkedIn's `x-restli-id` answer header.
    #[action(
        name = "Create Post",
        category = "Posts",
        icon = "file-plus",
        http(method = "POST", endpoint = "/rest/posts")
    )]
    async fn create_post(&self, input: CreatePostInput) -> Result<CreatedPost> {
        if input.text.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`text` cannot be blank"));
        }
        if input.text.chars().count() > MAX_TEXT {
            return Err(ConnectorError::invalid_input(format!(
                "`text` has {} characters; LinkedIn takes at most {MAX_TEXT}",
                input.text.chars().count()
            )));
        }
        let visibility = input.visibility.unwrap_or(CreatePostInputVisibility::Public);
        let author = match input.post_as.unwrap_or(CreatePostInputPostAs::Person) {
            CreatePostInputPostAs::Person => format!("urn:li:person:{}", self.person().await?.id),
            CreatePostInputPostAs::Organization => {
                if visibility == CreatePostInputVisibility::Connections {
                    return Err(ConnectorError::invalid_input(
                        "an organization's post is PUBLIC: LinkedIn has no CONNECTIONS visibility for organizations",
                    ));
                }
                match (given(&input.organization_urn), given(&self.credentials.company_id)) {
                    (Some(urn), _) => organization_urn("organizationUrn", urn)?,
                    (None, Some(company)) => organization_urn("company_id", company)?,
                    (None, None) => {
                        return Err(ConnectorError::invalid_input(
                            "posting as an organization needs `organizationUrn` (or the connection's Company ID)",
                        ))
                    }
                }
            }
        };
        let mut body = json!({
            "author": author,
            "commentary": little_text(&input.text),
            "visibility": visibility,
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": false,
        });
        let mut media = None;
        let text_only = input.share_media_category == Some(ShareMediaCategory::None);
        let media_url = |url: &Option<String>| given(url).filter(|_| !text_only).map(str::to_owned);
        if let Some(image) = media_url(&input.image_url) {
            let image = image.as_str();
            let id = self.image(image, &author, given(&input.binary_mime_type)).await?;
            body["content"] = json!({"media": {"id": id}});
            media = Some(id);
        } else if let Some(video) = media_url(&input.video_url) {
            let video = video.as_str();
            let id = self.video(video, &author).await?;
            body["content"] = json!({"media": {"id": id}});
            media = Some(id);
        } else if let Some(source) = media_url(&input.article_url) {
            let source = source.as_str();
            if !(source.starts_with("https://") || source.starts_with("http://")) {
                return Err(ConnectorError::invalid_input(format!(
                    "`articleUrl` must be an http(s) URL, not `{source}`"
                )));
            }
            let mut article = json!({"source": source});
            if let Some(title) = given(&input.article_title) {
                article["title"] = json!(title);
            }
            if let Some(description) = given(&input.article_description) {
                article["description"] = json!(description);
            }
            body["content"] = json!({"article": article});
        }
        let response =
            self.http.post("/rest/posts").json(&body).send().await.map_err(|e| refused("create the post", e)).map_err(
                |e| {
                    if author.starts_with("urn:li:organization:") {
                        needs("w_organization_social and the admin role on the organization's page", e)
                    } else {
                        needs("w_member_social", e)
                    }
                },
            )?;
        let urn = response
            .headers
            .get("x-restli-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .or_else(|| response.json::<Value>().ok().and_then(|b| b["id"].as_str().map(str::to_owned)))
            .ok_or_else(|| {
                ConnectorError::new(ErrorCode::InvalidResponse, "LinkedIn created the post but did not say its URN")
            })?;
        Ok(CreatedPost {
            url: format!("https://www.linkedin.com/feed/update/{urn}/"),
            id: urn.clone(),
            urn,
            author,
            media,
        })
    }

    /// Get the signed-in member's profile (OpenID Connect `userinfo`), or a legacy app's or
    /// another member's profile with the fields asked for
    #[action(
        name = "Get Profile",
        category = "Profile",
        icon = "user",
        http(method = "GET", endpoint = "/v2/userinfo")
    )]
    async fn get_profile(&self, input: GetProfileInput) -> Result<Value> {
        let projection = given(&input.fields).map(|f| format!("({})", f.replace(' ', "")));
        let request = match given(&input.user_id) {
            Some(user) => self.http.get(&format!("/v2/people/{}", path_segment(&format!("(id:{user})")))),
            None if self.legacy() => self.http.get("/v2/me"),
            None => return self.http.get("/v2/userinfo").send_json().await.map_err(|e| refused("read the profile", e)),
        };
        let request = match &projection {
            Some(projection) => request.query(&[("projection", projection.as_str())]),
            None => request,
        };
        request.send_json().await.map_err(|e| refused("read the profile", e))
    }

    /// Get the signed-in member's id, name and person URN (`urn:li:person:…`)
    #[action(
        name = "Get Person URN",
        category = "Profile",
        icon = "user",
        http(method = "GET", endpoint = "/v2/userinfo")
    )]
    async fn get_person_urn(&self) -> Result<PersonUrn> {
        self.person().await
    }

    /// Get the organizations whose pages the signed-in member administers
    #[action(
        name = "Get Organizations",
        category = "Organizations",
        icon = "building",
        http(method = "GET", endpoint = "/rest/organizationAcls")
    )]
    async fn get_organizations(&self) -> Result<Organizations> {
        let acls: Vec<Value> = collect_pages(MAX_PAGES, MAX_PAGES * MAX_PAGE, |start| async move {
            let start: usize = start.and_then(|s| s.parse().ok()).unwrap_or(0);
            let query = [
                ("q", "roleAssignee".to_owned()),
                ("role", "ADMINISTRATOR".to_owned()),
                ("state", "APPROVED".to_owned()),
                ("start", start.to_string()),
                ("count", MAX_PAGE.to_string()),
            ];
            let page: Value = self.http.get("/rest/organizationAcls").query(&query).send_json().await.map_err(|e| {
                needs("rw_organization_admin or r_organization_social", refused("list your organizations", e))
            })?;
            let items = page["elements"].as_array().cloned().unwrap_or_default();
            let total = page.pointer("/paging/total").and_then(Value::as_u64).map(|t| t as usize);
            let end = start + items.len();
            let more = !items.is_empty() && total.map_or(items.len() == MAX_PAGE, |t| end < t);
            Ok(Page { items, next: more.then(|| end.to_string()) })
        })
        .await?;
        let mut organizations = Vec::new();
        for acl in acls {
            let Some(urn) = acl["organization"].as_str().map(str::to_owned) else { continue };
            let id = urn.rsplit(':').next().unwrap_or_default().to_owned();
            // Names need the organization lookup; a token that may not read it still lists ids.
            let about: Value =
                match self.http.get(&format!("/rest/organizations/{}", path_segment(&id))).send_json().await {
                    Ok(about) => about,
                    Err(e) if matches!(e.code, ErrorCode::Forbidden | ErrorCode::NotFound) => Value::Null,
                    Err(e) => return Err(refused("read an organization", e)),
                };
            organizations.push(Organization {
                name: about["localizedName"].as_str().map(str::to_owned),
                vanity_name: about["vanityName"].as_str().map(str::to_owned),
                role: acl["role"].as_str().map(str::to_owned),
                id,
                urn,
            });
        }
        Ok(Organizations { count: organizations.len(), organizations })
    }

    /// Get an organization's posts, newest first, up to the count
    #[action(
        name = "Get Company Updates",
        category = "Organizations",
        icon = "list",
        http(method = "GET", endpoint = "/rest/posts")
    )]
    async fn get_company_updates(&self, input: GetCompanyUpdatesInput) -> Result<Value> {
        let author = organization_urn("company_id", &input.company_id)?;
        let count = input.count.unwrap_or(20.0);
        if !(count.is_finite() && count >= 1.0) {
            return Err(ConnectorError::invalid_input("`count` must be a number from 1"));
        }
        let count = count as usize;
        let author = author.as_str();
        let items: Vec<Value> = collect_pages(MAX_PAGES, count, |start| async move {
            let start: usize = start.and_then(|s| s.parse().ok()).unwrap_or(0);
            let query = [
                ("q", "author".to_owned()),
                ("author", author.to_owned()),
                ("sortBy", "LAST_MODIFIED".to_owned()),
                ("start", start.to_string()),
                ("count", count.min(MAX_PAGE).to_string()),
            ];
            let page: Value = self
                .http
                .get("/rest/posts")
                .query(&query)
                .send_json()
                .await
                .map_err(|e| needs("r_organization_social", refused("list the organization's posts", e)))?;
            let items = page["elements"].as_array().cloned().unwrap_or_default();
            let total = page.pointer("/paging/total").and_then(Value::as_u64).map(|t| t as usize);
            let end = start + items.len();
            let more = !items.is_empty() && total.map_or(items.len() >= count.min(MAX_PAGE), |t| end < t);
            Ok(Page { items, next: more.then(|| end.to_string()) })
        })
        .await?;
        Ok(json!({"items": items, "pagination": {"start": 0, "count": items.len()}}))
    }

    /// Get a post by its URN or number (a number is tried as a share, then as a ugcPost)
    #[action(
        name = "Get Post",
        category = "Posts",
        icon = "file",
        http(method = "GET", endpoint = "/rest/posts/{postId}")
    )]
    async fn get_post(&self, input: GetPostInput) -> Result<Value> {
        let id = input.post_id.trim();
        if id.is_empty() {
            return Err(ConnectorError::invalid_input("`postId` cannot be blank"));
        }
        let read = |urn: String| async move {
            self.http.get(&format!("/rest/posts/{}", path_segment(&urn))).send_json::<Value>().await
        };
        let answer = if id.starts_with("urn:li:") {
            read(id.to_owned()).await
        } else if id.chars().all(|c| c.is_ascii_digit()) {
            match read(format!("urn:li:share:{id}")).await {
                Err(e) if e.code == ErrorCode::NotFound => read(format!("urn:li:ugcPost:{id}")).await,
                other => other,
            }
        } else {
            return Err(ConnectorError::invalid_input(format!(
                "`postId` must be a post URN (urn:li:share:123, urn:li:ugcPost:123) or its number, not `{id}`"
            )));
        };
        answer.map_err(|e| refused("read the post", e))
    }

    /// A new first-degree connection of the signed-in member, oldest first
    ///
    /// Read from LinkedIn's Member Data Portability API (the `CONNECTIONS` snapshot): LinkedIn
    /// serves it only to apps with that product, for members in the EEA and Switzerland, with the
    /// `r_dma_portability_3rd_party` scope (a pasted token). LinkedIn dates a connection by day,
    /// so each poll emits those of a newer day, and those of the newest day not emitted yet.
    #[trigger(name = "New Connection", polling, event_id = "/id")]
    async fn new_connection(&self, _config: NewConnectionConfig, cursor: Option<Value>) -> Result<Polled<Connection>> {
        let mut connections = self.connections().await?;
        connections.sort_by(|a, b| a.connected_on.cmp(&b.connected_on));
        let Some(cursor) = cursor else {
            let since = connections.last().map(|c| c.connected_on.clone()).unwrap_or_default();
            let seen = connections.iter().filter(|c| c.connected_on == since).map(|c| c.id.clone()).collect();
            return Ok(Polled { events: vec![], cursor: Some(json!(ConnectionCursor { since, seen })) });
        };
        let mut cursor: ConnectionCursor = serde_json::from_value(cursor).unwrap_or_default();
        let mut events = Vec::new();
        for connection in connections {
            if connection.connected_on < cursor.since || cursor.seen.contains(&connection.id) {
                continue;
            }
            if connection.connected_on > cursor.since {
                cursor.since = connection.connected_on.clone();
                cursor.seen.clear();
            }
            cursor.seen.push(connection.id.clone());
            events.push(connection);
        }
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }

    /// A new post by the signed-in member or an organization, oldest first
    ///
    /// Reads the author's posts newest first (`/rest/posts?q=author`): an organization's need
    /// `r_organization_social`, the member's own `r_member_social`, which LinkedIn grants only to
    /// approved partners.
    #[trigger(name = "New Post Published", polling, event_id = "/id")]
    async fn new_post_published(&self, config: NewPostPublishedConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let author = match given(&config.organization) {
            Some(organization) => organization_urn("organization", organization)?,
            None => self.person().await?.urn,
        };
        let query = [
            ("q", "author".to_owned()),
            ("author", author),
            ("sortBy", "CREATED".to_owned()),
            ("count", MAX_PAGE.to_string()),
        ];
        let page: Value = self.http.get("/rest/posts").query(&query).send_json().await.map_err(|e| {
            needs(
                "r_organization_social (an organization) or r_member_social (your own posts)",
                refused("list the posts", e),
            )
        })?;
        Ok(poll_created(page, cursor, |post| post["createdAt"].as_u64()))
    }

    /// A new comment on a post, oldest first
    ///
    /// Reads the post's comments (`/rest/socialActions/{post}/comments`), which needs
    /// `r_organization_social` for an organization's post or `r_member_social` for a member's.
    #[trigger(name = "New Comment on Post", polling, event_id = "/id")]
    async fn new_comment_on_post(
        &self,
        config: NewCommentOnPostConfig,
        cursor: Option<Value>,
    ) -> Result<Polled<Value>> {
        let post = config.post_id.trim();
        if !post.starts_with("urn:li:") {
            return Err(ConnectorError::invalid_input(format!(
                "`postId` must be a post URN (urn:li:share:123, urn:li:ugcPost:123), not `{post}`"
            )));
        }
        let path = format!("/rest/socialActions/{}/comments", path_segment(post));
        let page: Value =
            self.http.get(&path).query(&[("count", MAX_PAGE.to_string())]).send_json().await.map_err(|e| {
                needs("r_organization_social or r_member_social", refused("list the post's comments", e))
            })?;
        Ok(poll_created(page, cursor, |comment| comment.pointer("/created/time").and_then(Value::as_u64)))
    }

    /// Someone viewed the member's profile: not available, LinkedIn gives apps no profile views
    #[trigger(name = "Profile View", polling, event_id = "/viewer_id")]
    async fn profile_view(&self, _config: ProfileViewConfig, _cursor: Option<Value>) -> Result<Polled<ProfileView>> {
        Err(ConnectorError::new(
            ErrorCode::NotSupported,
            "LinkedIn's API gives apps no profile views (\"Who viewed your profile\" is only on linkedin.com) and \
             there is no replacement endpoint; LinkedIn's notification emails, read with an email trigger, are the \
             nearest substitute",
        ))
    }

    /// Reads the signed-in member, which proves the token works
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.person().await.map(drop)
    }
}

impl Linkedin {
    fn legacy(&self) -> bool {
        self.credentials.legacy.unwrap_or(false)
    }

    /// The signed-in member: `/v2/userinfo` (OpenID Connect), or `/v2/me` for a legacy app.
    async fn person(&self) -> Result<PersonUrn> {
        let legacy = self.legacy();
        let path = if legacy { "/v2/me" } else { "/v2/userinfo" };
        let me: Value = self.http.get(path).send_json().await.map_err(|e| refused("read the signed-in member", e))?;
        let text = |key: &str| me[key].as_str().unwrap_or_default().to_owned();
        let (id, first_name, last_name) = if legacy {
            (text("id"), text("localizedFirstName"), text("localizedLastName"))
        } else {
            (text("sub"), text("given_name"), text("family_name"))
        };
        if id.is_empty() {
            return Err(ConnectorError::new(
                ErrorCode::InvalidResponse,
                "LinkedIn did not say which member is signed in",
            ));
        }
        let name = match (legacy, me["name"].as_str()) {
            (false, Some(name)) if !name.is_empty() => name.to_owned(),
            _ => format!("{first_name} {last_name}").trim().to_owned(),
        };
        Ok(PersonUrn { urn: format!("urn:li:person:{id}"), id, name, first_name, last_name })
    }

    /// Every row of the member's `CONNECTIONS` snapshot.
    async fn connections(&self) -> Result<Vec<Connection>> {
        let rows: Vec<Value> = collect_pages(MAX_PAGES, usize::MAX, |start| async move {
            let mut query = vec![("q", "criteria".to_owned()), ("domain", "CONNECTIONS".to_owned())];
            if let Some(start) = start {
                query.push(("start", start));
            }
            let page: Value =
                self.http.get("/rest/memberSnapshotData").query(&query).send_json().await.map_err(|e| {
                    needs(
                        "LinkedIn's Member Data Portability (3rd party) product and the r_dma_portability_3rd_party \
                     scope, for a member in the EEA or Switzerland",
                        refused("read your connections", e),
                    )
                })?;
            let mut items = Vec::new();
            for element in page["elements"].as_array().into_iter().flatten() {
                match &element["snapshotData"] {
                    Value::Array(rows) => items.extend(rows.iter().cloned()),
                    row @ Value::Object(_) => items.push(row.clone()),
                    _ => {}
                }
            }
            Ok(Page { items, next: next_start(&page["paging"]) })
        })
        .await?;
        Ok(rows
            .iter()
            .filter_map(|row| {
                let profile_url = cell(row, "URL")?;
                Some(Connection {
                    id: profile_url.clone(),
                    first_name: cell(row, "First Name").unwrap_or_default(),
                    last_name: cell(row, "Last Name").unwrap_or_default(),
                    profile_url,
                    email_address: cell(row, "Email Address"),
                    company: cell(row, "Company"),
                    position: cell(row, "Position"),
                    connected_on: iso_day(&cell(row, "Connected On").unwrap_or_default()),
                })
            })
            .collect())
    }

    /// An image's URN: a LinkedIn URN as it is, a URL downloaded and uploaded for `owner`.
    async fn image(&self, image: &str, owner: &str, mime: Option<&str>) -> Result<String> {
        if image.starts_with("urn:li:") {
            return Ok(image.to_owned());
        }
        let mut download = self.download(image, "imageUrl", MAX_IMAGE_BYTES).await?;
        if let Some(mime) = mime.filter(|_| download.mime == "application/octet-stream") {
            download.mime = mime.to_owned();
        }
        let body = json!({"initializeUploadRequest": {"owner": owner}});
        let answer: Value = self
            .http
            .post("/rest/images")
            .query(&[("action", "initializeUpload")])
            .json(&body)
            .send_json()
            .await
            .map_err(|e| refused("start the image upload", e))?;
        let (Some(upload_url), Some(urn)) = (answer.pointer("/value/uploadUrl"), answer.pointer("/value/image")) else {
            return Err(ConnectorError::new(
                ErrorCode::InvalidResponse,
                "LinkedIn's image upload answer has no upload URL",
            ));
        };
        let (upload_url, urn) = (upload_url.as_str().unwrap_or_default(), urn.as_str().unwrap_or_default().to_owned());
        self.upload(upload_url, download.bytes, &download.mime).await.map_err(|e| refused("upload the image", e))?;
        Ok(urn)
    }

    /// A video's URN: a LinkedIn URN as it is, a URL downloaded and uploaded for `owner` in the
    /// parts LinkedIn asks for, then finalized with the parts' ETags.
    async fn video(&self, video: &str, owner: &str) -> Result<String> {
        if video.starts_with("urn:li:") {
            return Ok(video.to_owned());
        }
        let download = self.download(video, "videoUrl", MAX_VIDEO_BYTES).await?;
        let size = download.bytes.len();
        let body = json!({"initializeUploadRequest": {
            "owner": owner, "fileSizeBytes": size, "uploadCaptions": false, "uploadThumbnail": false,
        }});
        let answer: Value = self
            .http
            .post("/rest/videos")
            .query(&[("action", "initializeUpload")])
            .json(&body)
            .send_json()
            .await
            .map_err(|e| refused("start the video upload", e))?;
        let value = &answer["value"];
        let urn = value["video"].as_str().unwrap_or_default().to_owned();
        let instructions = value["uploadInstructions"].as_array().cloned().unwrap_or_default();
        if urn.is_empty() || instructions.is_empty() {
            return Err(ConnectorError::new(
                ErrorCode::InvalidResponse,
                "LinkedIn's video upload answer has no upload URL",
            ));
        }
        let mut parts = Vec::new();
        for instruction in instructions {
            let first = instruction["firstByte"].as_u64().unwrap_or(0) as usize;
            let last = instruction["lastByte"].as_u64().map_or(size - 1, |l| l as usize).min(size.saturating_sub(1));
            let chunk = download.bytes.get(first..=last).unwrap_or_default().to_vec();
            let url = instruction["uploadUrl"].as_str().unwrap_or_default();
            let response = self
                .upload(url, chunk, "application/octet-stream")
                .await
                .map_err(|e| refused("upload the video", e))?;
            if let Some(etag) = response.headers.get("etag").and_then(|v| v.to_str().ok()) {
                parts.push(etag.to_owned());
            }
        }
        let finalize = json!({"finalizeUploadRequest": {
            "video": urn, "uploadToken": value["uploadToken"].as_str().unwrap_or_default(), "uploadedPartIds": parts,
        }});
        self.http
            .post("/rest/videos")
            .query(&[("action", "finalizeUpload")])
            .json(&finalize)
            .send()
            .await
            .map_err(|e| refused("finish the video upload", e))?;
        Ok(urn)
    }

    /// PUTs bytes to an upload URL LinkedIn gave, with the token as LinkedIn asks, once the URL
    /// is checked to be LinkedIn's (https on linkedin.com, or the API's own origin).
    async fn upload(&self, url: &str, bytes: Vec<u8>, mime: &str) -> Result<fluxturn_core::http::Response> {
        let base = self.http.base_url().trim_end_matches('/');
        let host = url.strip_prefix("https://").and_then(|rest| rest.split(['/', '?', ':']).next()).unwrap_or_default();
        let linkedin = host == "linkedin.com" || host.ends_with(".linkedin.com");
        let same_origin = url.strip_prefix(base).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        if !(linkedin || same_origin) {
            return Err(ConnectorError::new(
                ErrorCode::InvalidResponse,
                "LinkedIn's upload URL is not on linkedin.com; nothing was sent to it",
            ));
        }
        self.http.put(url).header("content-type", mime).raw(bytes).send().await
    }

    /// Downloads media from a public URL, without the connection's token.
    async fn download(&self, url: &str, field: &str, limit: usize) -> Result<Download> {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(ConnectorError::invalid_input(format!(
                "`{field}` must be an http(s) URL or a LinkedIn URN (urn:li:…), not `{url}`"
            )));
        }
        let response = self.media_source.0.get(url).send().await.map_err(|mut error| {
            error.message = format!("could not download the media at {url}: {}", error.message);
            error
        })?;
        if response.body.is_empty() || response.body.len() > limit {
            return Err(ConnectorError::invalid_input(format!(
                "the media at {url} is {} bytes; LinkedIn takes 1 to {limit}",
                response.body.len()
            )));
        }
        let mime = response
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        Ok(Download { bytes: response.body, mime })
    }
}
