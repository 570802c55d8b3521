use fluxturn_core::http::{collect_pages, https_site_address, Page};
use fluxturn_core::prelude::*;
use fluxturn_core::{FromContext, HttpConfig, Part, Request, Response};
use serde_json::{json, Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};

/// Manage the posts, pages, users, categories, tags, media and comments of a WordPress site
///
/// Each connection is one self-hosted or WordPress.com Business site: requests go to its REST API,
/// `https://<site>/wp-json/wp/v2`, authenticated with a username and an application password
/// (Users > Profile > Application Passwords), sent as HTTP basic auth over HTTPS only. WordPress
/// core has no webhooks, so the triggers poll the site.
#[connector(
    name = "wordpress",
    display_name = "WordPress",
    category = "cms",
    base_url = "https://{domain}/wp-json/wp/v2",
    icon = "icons/wordpress.svg",
    rate_limit(requests_per_second = 5, requests_per_minute = 60),
    auth = basic_auth(username = "username", password = "password"),
    credentials = WordpressCredentials,
)]
pub struct Wordpress {
    http: PreparedHttp<Site>,
    downloads: Downloads,
}

/// What the user enters in the "Add WordPress" form.
#[derive(Credentials)]
pub struct WordpressCredentials {
    /// The site's address, such as `blog.example.com` or `https://example.com/blog` (HTTPS)
    #[field(key = "domain", label = "Domain", placeholder = "https://blog.example.com")]
    pub domain: String,
    /// The WordPress username the application password belongs to
    #[field(key = "username", label = "Username")]
    pub username: String,
    /// An application password (Users > Profile > Application Passwords), not the login password
    #[field(
        key = "password",
        label = "Password",
        placeholder = "abcd efgh ijkl mnop qrst uvwx",
        help_url = "https://make.wordpress.org/core/2020/11/05/application-passwords-integration-guide/",
        secret
    )]
    pub password: Secret<String>,
}

/// The site's address from what the user typed, as the base URL takes it: the host (and port,
/// and the path of a site installed in a sub-folder) without the scheme or a trailing slash.
///
/// `https://` is assumed when no scheme is given; `http://` is refused, because the username and
/// application password would travel in clear text; a pasted `/wp-json/wp/v2` is dropped.
pub fn site_address(typed: &str) -> Result<String> {
    https_site_address(typed, &["/wp-json/wp/v2", "/wp-json"]).map_err(|why| {
        ConnectorError::invalid_credentials(format!(
            "wordpress: `domain` must be the site's address, such as `blog.example.com` or \
             `https://example.com/blog`: {why}"
        ))
    })
}

/// The connection's host: the site that the checked `domain` names (its normalised address
/// fills the base URL).
pub enum Site {}

impl PrepareHttp for Site {
    fn prepare(ctx: ConnectContext) -> Result<ConnectContext> {
        ctx.map_credential("domain", site_address)
    }
}

/// A client without the connection's credentials, to download the file `upload_media` names:
/// the application password only ever goes to the site.
struct Downloads(Http);

impl FromContext for Downloads {
    fn from_context(ctx: &ConnectContext) -> Result<Self> {
        Http::new(HttpConfig { auth: None, ..ctx.http_config()? }).map(Self)
    }
}

/// The choices of `comment_status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreatePostInputCommentStatus {
    /// open
    #[serde(rename = "open")]
    Open,
    /// closed
    #[serde(rename = "closed")]
    Closed,
}

/// The choices of `format`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreatePostInputFormat {
    /// standard
    #[serde(rename = "standard")]
    Standard,
    /// aside
    #[serde(rename = "aside")]
    Aside,
    /// chat
    #[serde(rename = "chat")]
    Chat,
    /// gallery
    #[serde(rename = "gallery")]
    Gallery,
    /// link
    #[serde(rename = "link")]
    Link,
    /// image
    #[serde(rename = "image")]
    Image,
    /// quote
    #[serde(rename = "quote")]
    Quote,
    /// status
    #[serde(rename = "status")]
    Status,
    /// video
    #[serde(rename = "video")]
    Video,
    /// audio
    #[serde(rename = "audio")]
    Audio,
}

/// The choices of `ping_status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreatePostInputPingStatus {
    /// open
    #[serde(rename = "open")]
    Open,
    /// closed
    #[serde(rename = "closed")]
    Closed,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreatePostInputStatus {
    /// draft
    #[serde(rename = "draft")]
    Draft,
    /// publish
    #[serde(rename = "publish")]
    Publish,
    /// pending
    #[serde(rename = "pending")]
    Pending,
    /// private
    #[serde(rename = "private")]
    Private,
    /// future
    #[serde(rename = "future")]
    Future,
}

/// The input of `create_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreatePostInput {
    /// The author's user id
    #[field(label = "Author")]
    pub author: Option<f64>,
    /// Categories: comma-separated ids or names, such as `3, News` (names are looked up on the site)
    #[field(label = "Categories")]
    pub categories: Option<String>,
    /// Comment Status
    #[field(label = "Comment Status", default = "open")]
    pub comment_status: Option<CreatePostInputCommentStatus>,
    /// The content, as HTML
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
    /// Excerpt
    #[field(label = "Excerpt", input_type = "textarea")]
    pub excerpt: Option<String>,
    /// The id of the media library item shown as the featured image
    #[field(label = "Featured Media")]
    pub featured_media: Option<f64>,
    /// Format
    #[field(label = "Format", default = "standard")]
    pub format: Option<CreatePostInputFormat>,
    /// Ping Status
    #[field(label = "Ping Status", default = "open")]
    pub ping_status: Option<CreatePostInputPingStatus>,
    /// The status
    #[field(label = "Status", default = "draft")]
    pub status: Option<CreatePostInputStatus>,
    /// Sticky
    #[field(label = "Sticky", default = false)]
    pub sticky: Option<bool>,
    /// Tags: comma-separated ids or names, such as `8, rust` (names are looked up on the site)
    #[field(label = "Tags")]
    pub tags: Option<String>,
    /// Title
    #[field(label = "Title")]
    pub title: String,
}

/// The input of `get_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetPostInput {
    /// The post's numeric id
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: f64,
}

/// The choices of `order`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllPostsInputOrder {
    /// desc
    #[serde(rename = "desc")]
    Desc,
    /// asc
    #[serde(rename = "asc")]
    Asc,
}

/// The choices of `orderby`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllPostsInputOrderby {
    /// date
    #[serde(rename = "date")]
    Date,
    /// id
    #[serde(rename = "id")]
    Id,
    /// title
    #[serde(rename = "title")]
    Title,
    /// slug
    #[serde(rename = "slug")]
    Slug,
    /// modified
    #[serde(rename = "modified")]
    Modified,
    /// author
    #[serde(rename = "author")]
    Author,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllPostsInputStatus {
    /// any
    #[serde(rename = "any")]
    Any,
    /// publish
    #[serde(rename = "publish")]
    Publish,
    /// draft
    #[serde(rename = "draft")]
    Draft,
    /// pending
    #[serde(rename = "pending")]
    Pending,
    /// private
    #[serde(rename = "private")]
    Private,
    /// future
    #[serde(rename = "future")]
    Future,
    /// trash
    #[serde(rename = "trash")]
    Trash,
}

/// The input of `get_all_posts`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllPostsInput {
    /// The author's user id
    #[field(label = "Author")]
    pub author: Option<f64>,
    /// Categories: comma-separated ids or names, such as `3, News` (names are looked up on the site)
    #[field(label = "Categories")]
    pub categories: Option<String>,
    /// Order
    #[field(label = "Order", default = "desc")]
    pub order: Option<GetAllPostsInputOrder>,
    /// Orderby
    #[field(label = "Orderby", default = "date")]
    pub orderby: Option<GetAllPostsInputOrderby>,
    /// Which page of results, from 1
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// Results per page, 1 to 1000 (WordPress serves 100 at a time; more are read in turns)
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// Only results matching this text
    #[field(label = "Search")]
    pub search: Option<String>,
    /// The status
    #[field(label = "Status", default = "publish")]
    pub status: Option<GetAllPostsInputStatus>,
    /// Tags: comma-separated ids or names, such as `8, rust` (names are looked up on the site)
    #[field(label = "Tags")]
    pub tags: Option<String>,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UpdatePostInputStatus {
    /// draft
    #[serde(rename = "draft")]
    Draft,
    /// publish
    #[serde(rename = "publish")]
    Publish,
    /// pending
    #[serde(rename = "pending")]
    Pending,
    /// private
    #[serde(rename = "private")]
    Private,
    /// future
    #[serde(rename = "future")]
    Future,
}

/// The input of `update_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdatePostInput {
    /// Categories: comma-separated ids or names, such as `3, News` (names are looked up on the site)
    #[field(label = "Categories")]
    pub categories: Option<String>,
    /// The content, as HTML
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
    /// Excerpt
    #[field(label = "Excerpt", input_type = "textarea")]
    pub excerpt: Option<String>,
    /// The post's numeric id
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: f64,
    /// The status
    #[field(label = "Status")]
    pub status: Option<UpdatePostInputStatus>,
    /// Tags: comma-separated ids or names, such as `8, rust` (names are looked up on the site)
    #[field(label = "Tags")]
    pub tags: Option<String>,
    /// Title
    #[field(label = "Title")]
    pub title: Option<String>,
}

/// The input of `delete_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeletePostInput {
    /// Delete for good instead of moving to the trash (users cannot be trashed: keep it on)
    #[field(label = "Force", default = false)]
    pub force: Option<bool>,
    /// The post's numeric id
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: f64,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreatePageInputStatus {
    /// draft
    #[serde(rename = "draft")]
    Draft,
    /// publish
    #[serde(rename = "publish")]
    Publish,
    /// pending
    #[serde(rename = "pending")]
    Pending,
    /// private
    #[serde(rename = "private")]
    Private,
}

/// The input of `create_page`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreatePageInput {
    /// The content, as HTML
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
    /// The id of the media library item shown as the featured image
    #[field(label = "Featured Media")]
    pub featured_media: Option<f64>,
    /// The page's position among its siblings in menus
    #[field(label = "Menu Order", default = 0)]
    pub menu_order: Option<f64>,
    /// The parent's id (0: top level)
    #[field(label = "Parent")]
    pub parent: Option<f64>,
    /// The status
    #[field(label = "Status", default = "draft")]
    pub status: Option<CreatePageInputStatus>,
    /// The theme's page template file, such as `templates/full-width.php`
    #[field(label = "Template")]
    pub template: Option<String>,
    /// Title
    #[field(label = "Title")]
    pub title: String,
}

/// The input of `get_page`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetPageInput {
    /// The page's numeric id
    #[field(label = "Page Id")]
    #[serde(rename = "pageId")]
    pub page_id: f64,
}

/// The choices of `order`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllPagesInputOrder {
    /// desc
    #[serde(rename = "desc")]
    Desc,
    /// asc
    #[serde(rename = "asc")]
    Asc,
}

/// The choices of `orderby`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllPagesInputOrderby {
    /// date
    #[serde(rename = "date")]
    Date,
    /// id
    #[serde(rename = "id")]
    Id,
    /// title
    #[serde(rename = "title")]
    Title,
    /// menu_order
    #[serde(rename = "menu_order")]
    MenuOrder,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllPagesInputStatus {
    /// any
    #[serde(rename = "any")]
    Any,
    /// publish
    #[serde(rename = "publish")]
    Publish,
    /// draft
    #[serde(rename = "draft")]
    Draft,
    /// pending
    #[serde(rename = "pending")]
    Pending,
    /// private
    #[serde(rename = "private")]
    Private,
}

/// The input of `get_all_pages`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllPagesInput {
    /// Order
    #[field(label = "Order", default = "desc")]
    pub order: Option<GetAllPagesInputOrder>,
    /// Orderby
    #[field(label = "Orderby", default = "date")]
    pub orderby: Option<GetAllPagesInputOrderby>,
    /// Which page of results, from 1
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// The parent's id (0: top level)
    #[field(label = "Parent")]
    pub parent: Option<f64>,
    /// Results per page, 1 to 1000 (WordPress serves 100 at a time; more are read in turns)
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// Only results matching this text
    #[field(label = "Search")]
    pub search: Option<String>,
    /// The status
    #[field(label = "Status", default = "publish")]
    pub status: Option<GetAllPagesInputStatus>,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UpdatePageInputStatus {
    /// draft
    #[serde(rename = "draft")]
    Draft,
    /// publish
    #[serde(rename = "publish")]
    Publish,
    /// pending
    #[serde(rename = "pending")]
    Pending,
    /// private
    #[serde(rename = "private")]
    Private,
}

/// The input of `update_page`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdatePageInput {
    /// The content, as HTML
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
    /// The page's position among its siblings in menus
    #[field(label = "Menu Order")]
    pub menu_order: Option<f64>,
    /// The page's numeric id
    #[field(label = "Page Id")]
    #[serde(rename = "pageId")]
    pub page_id: f64,
    /// The parent's id (0: top level)
    #[field(label = "Parent")]
    pub parent: Option<f64>,
    /// The status
    #[field(label = "Status")]
    pub status: Option<UpdatePageInputStatus>,
    /// Title
    #[field(label = "Title")]
    pub title: Option<String>,
}

/// The input of `delete_page`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeletePageInput {
    /// Delete for good instead of moving to the trash (users cannot be trashed: keep it on)
    #[field(label = "Force", default = false)]
    pub force: Option<bool>,
    /// The page's numeric id
    #[field(label = "Page Id")]
    #[serde(rename = "pageId")]
    pub page_id: f64,
}

/// The choices of `roles`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateUserInputRoles {
    /// administrator
    #[serde(rename = "administrator")]
    Administrator,
    /// editor
    #[serde(rename = "editor")]
    Editor,
    /// author
    #[serde(rename = "author")]
    Author,
    /// contributor
    #[serde(rename = "contributor")]
    Contributor,
    /// subscriber
    #[serde(rename = "subscriber")]
    Subscriber,
}

/// The input of `create_user`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateUserInput {
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Email
    #[field(label = "Email", input_type = "email")]
    pub email: String,
    /// First Name
    #[field(label = "First Name")]
    pub first_name: Option<String>,
    /// Last Name
    #[field(label = "Last Name")]
    pub last_name: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Nickname
    #[field(label = "Nickname")]
    pub nickname: Option<String>,
    /// The new user's login password
    #[field(label = "Password", input_type = "password")]
    pub password: String,
    /// The user's role
    #[field(label = "Roles", default = "subscriber")]
    pub roles: Option<CreateUserInputRoles>,
    /// Url
    #[field(label = "Url")]
    pub url: Option<String>,
    /// Username
    #[field(label = "Username")]
    pub username: String,
}

/// The input of `get_user`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetUserInput {
    /// The user's numeric id
    #[field(label = "User Id")]
    #[serde(rename = "userId")]
    pub user_id: f64,
}

/// The choices of `order`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllUsersInputOrder {
    /// asc
    #[serde(rename = "asc")]
    Asc,
    /// desc
    #[serde(rename = "desc")]
    Desc,
}

/// The choices of `orderby`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllUsersInputOrderby {
    /// name
    #[serde(rename = "name")]
    Name,
    /// id
    #[serde(rename = "id")]
    Id,
    /// email
    #[serde(rename = "email")]
    Email,
    /// registered_date
    #[serde(rename = "registered_date")]
    RegisteredDate,
}

/// The choices of `roles`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllUsersInputRoles {
    /// Any role
    #[serde(rename = "")]
    Empty,
    /// administrator
    #[serde(rename = "administrator")]
    Administrator,
    /// editor
    #[serde(rename = "editor")]
    Editor,
    /// author
    #[serde(rename = "author")]
    Author,
    /// contributor
    #[serde(rename = "contributor")]
    Contributor,
    /// subscriber
    #[serde(rename = "subscriber")]
    Subscriber,
}

/// The input of `get_all_users`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllUsersInput {
    /// Order
    #[field(label = "Order", default = "asc")]
    pub order: Option<GetAllUsersInputOrder>,
    /// Orderby
    #[field(label = "Orderby", default = "name")]
    pub orderby: Option<GetAllUsersInputOrderby>,
    /// Which page of results, from 1
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// Results per page, 1 to 1000 (WordPress serves 100 at a time; more are read in turns)
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// The user's role
    #[field(label = "Roles")]
    pub roles: Option<GetAllUsersInputRoles>,
    /// Only results matching this text
    #[field(label = "Search")]
    pub search: Option<String>,
}

/// The choices of `roles`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UpdateUserInputRoles {
    /// administrator
    #[serde(rename = "administrator")]
    Administrator,
    /// editor
    #[serde(rename = "editor")]
    Editor,
    /// author
    #[serde(rename = "author")]
    Author,
    /// contributor
    #[serde(rename = "contributor")]
    Contributor,
    /// subscriber
    #[serde(rename = "subscriber")]
    Subscriber,
}

/// The input of `update_user`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateUserInput {
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Email
    #[field(label = "Email", input_type = "email")]
    pub email: Option<String>,
    /// First Name
    #[field(label = "First Name")]
    pub first_name: Option<String>,
    /// Last Name
    #[field(label = "Last Name")]
    pub last_name: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// The user's role
    #[field(label = "Roles")]
    pub roles: Option<UpdateUserInputRoles>,
    /// Url
    #[field(label = "Url")]
    pub url: Option<String>,
    /// The user's numeric id
    #[field(label = "User Id")]
    #[serde(rename = "userId")]
    pub user_id: f64,
}

/// The input of `delete_user`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteUserInput {
    /// Delete for good instead of moving to the trash (users cannot be trashed: keep it on)
    #[field(label = "Force", default = true)]
    pub force: Option<bool>,
    /// The id of the user who receives the deleted user's posts and links
    #[field(label = "Reassign")]
    pub reassign: f64,
    /// The user's numeric id
    #[field(label = "User Id")]
    #[serde(rename = "userId")]
    pub user_id: f64,
}

/// The input of `create_category`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCategoryInput {
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// The parent's id (0: top level)
    #[field(label = "Parent")]
    pub parent: Option<f64>,
    /// Slug
    #[field(label = "Slug")]
    pub slug: Option<String>,
}

/// The input of `get_all_categories`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllCategoriesInput {
    /// Leave out terms no post uses
    #[field(label = "Hide Empty", default = false)]
    pub hide_empty: Option<bool>,
    /// Which page of results, from 1
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// The parent's id (0: top level)
    #[field(label = "Parent")]
    pub parent: Option<f64>,
    /// Results per page, 1 to 1000 (WordPress serves 100 at a time; more are read in turns)
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// Only results matching this text
    #[field(label = "Search")]
    pub search: Option<String>,
}

/// The input of `create_tag`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateTagInput {
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Slug
    #[field(label = "Slug")]
    pub slug: Option<String>,
}

/// The input of `get_all_tags`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllTagsInput {
    /// Leave out terms no post uses
    #[field(label = "Hide Empty", default = false)]
    pub hide_empty: Option<bool>,
    /// Which page of results, from 1
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// Results per page, 1 to 1000 (WordPress serves 100 at a time; more are read in turns)
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// Only results matching this text
    #[field(label = "Search")]
    pub search: Option<String>,
}

/// The input of `upload_media`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UploadMediaInput {
    /// Alt Text
    #[field(label = "Alt Text")]
    pub alt_text: Option<String>,
    /// Caption
    #[field(label = "Caption", input_type = "textarea")]
    pub caption: Option<String>,
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// The public http(s) URL of the file to upload; it is downloaded without the site's credentials
    #[field(label = "File Url")]
    pub file_url: String,
    /// Title
    #[field(label = "Title")]
    pub title: Option<String>,
}

/// The choices of `media_type`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllMediaInputMediaType {
    /// Any type
    #[serde(rename = "")]
    Empty,
    /// image
    #[serde(rename = "image")]
    Image,
    /// video
    #[serde(rename = "video")]
    Video,
    /// audio
    #[serde(rename = "audio")]
    Audio,
    /// application
    #[serde(rename = "application")]
    Application,
}

/// The input of `get_all_media`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllMediaInput {
    /// Media Type
    #[field(label = "Media Type")]
    pub media_type: Option<GetAllMediaInputMediaType>,
    /// Which page of results, from 1
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// Results per page, 1 to 1000 (WordPress serves 100 at a time; more are read in turns)
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// Only results matching this text
    #[field(label = "Search")]
    pub search: Option<String>,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateCommentInputStatus {
    /// approved
    #[serde(rename = "approved")]
    Approved,
    /// hold
    #[serde(rename = "hold")]
    Hold,
    /// spam
    #[serde(rename = "spam")]
    Spam,
    /// trash
    #[serde(rename = "trash")]
    Trash,
}

/// The input of `create_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCommentInput {
    /// Author Email
    #[field(label = "Author Email", input_type = "email")]
    pub author_email: Option<String>,
    /// Author Name
    #[field(label = "Author Name")]
    pub author_name: Option<String>,
    /// The content, as HTML
    #[field(label = "Content", input_type = "textarea")]
    pub content: String,
    /// The parent's id (0: top level)
    #[field(label = "Parent")]
    pub parent: Option<f64>,
    /// The post's numeric id
    #[field(label = "Post")]
    pub post: f64,
    /// The status
    #[field(label = "Status", default = "approved")]
    pub status: Option<CreateCommentInputStatus>,
}

/// The choices of `order`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllCommentsInputOrder {
    /// desc
    #[serde(rename = "desc")]
    Desc,
    /// asc
    #[serde(rename = "asc")]
    Asc,
}

/// The choices of `orderby`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllCommentsInputOrderby {
    /// date_gmt
    #[serde(rename = "date_gmt")]
    DateGmt,
    /// id
    #[serde(rename = "id")]
    Id,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllCommentsInputStatus {
    /// Any status but spam and trash
    #[serde(rename = "")]
    Empty,
    /// approve
    #[serde(rename = "approve")]
    Approve,
    /// hold
    #[serde(rename = "hold")]
    Hold,
    /// spam
    #[serde(rename = "spam")]
    Spam,
    /// trash
    #[serde(rename = "trash")]
    Trash,
}

/// The input of `get_all_comments`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllCommentsInput {
    /// Order
    #[field(label = "Order", default = "desc")]
    pub order: Option<GetAllCommentsInputOrder>,
    /// Orderby
    #[field(label = "Orderby", default = "date_gmt")]
    pub orderby: Option<GetAllCommentsInputOrderby>,
    /// Which page of results, from 1
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// Results per page, 1 to 1000 (WordPress serves 100 at a time; more are read in turns)
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// The post's numeric id
    #[field(label = "Post")]
    pub post: Option<f64>,
    /// The status
    #[field(label = "Status", default = "approve")]
    pub status: Option<GetAllCommentsInputStatus>,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum NewPostConfigStatus {
    /// publish
    #[serde(rename = "publish")]
    Publish,
    /// draft
    #[serde(rename = "draft")]
    Draft,
    /// any
    #[serde(rename = "any")]
    Any,
}

/// The configuration of `new_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewPostConfig {
    /// Categories: comma-separated ids or names, such as `3, News` (names are looked up on the site)
    #[field(label = "Categories")]
    pub categories: Option<String>,
    /// The status
    #[field(label = "Status", default = "publish")]
    pub status: Option<NewPostConfigStatus>,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum NewPageConfigStatus {
    /// publish
    #[serde(rename = "publish")]
    Publish,
    /// draft
    #[serde(rename = "draft")]
    Draft,
    /// any
    #[serde(rename = "any")]
    Any,
}

/// The configuration of `new_page`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewPageConfig {
    /// The status
    #[field(label = "Status", default = "publish")]
    pub status: Option<NewPageConfigStatus>,
}

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum NewCommentConfigStatus {
    /// approve
    #[serde(rename = "approve")]
    Approve,
    /// hold
    #[serde(rename = "hold")]
    Hold,
    /// Approved or held
    #[serde(rename = "")]
    Empty,
}

/// The configuration of `new_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewCommentConfig {
    /// The post's numeric id
    #[field(label = "Post")]
    pub post: Option<f64>,
    /// The status
    #[field(label = "Status", default = "approve")]
    pub status: Option<NewCommentConfigStatus>,
}

/// The choices of `roles`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum NewUserConfigRoles {
    /// Any role
    #[serde(rename = "")]
    Empty,
    /// administrator
    #[serde(rename = "administrator")]
    Administrator,
    /// editor
    #[serde(rename = "editor")]
    Editor,
    /// author
    #[serde(rename = "author")]
    Author,
    /// contributor
    #[serde(rename = "contributor")]
    Contributor,
    /// subscriber
    #[serde(rename = "subscriber")]
    Subscriber,
}

/// The configuration of `new_user`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewUserConfig {
    /// The user's role
    #[field(label = "Roles")]
    pub roles: Option<NewUserConfigRoles>,
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// WordPress's largest page of a collection (`per_page` above 100 is refused).
const WP_PAGE: u64 = 100;
/// The most items a list action returns in one run (read 100 at a time).
const MAX_LIST: u64 = 1_000;
/// The most pages one poll reads before it stops (the rest waits for the next poll).
const MAX_POLL_PAGES: usize = 10;
/// How many emitted ids a date cursor remembers, so a draft whose date moves is not new again.
const MAX_REMEMBERED: usize = 200;
/// The largest file `upload_media` downloads.
const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

/// Text without HTML tags and with the common entities decoded: WordPress puts markup in some
/// error messages (`<strong>Error:</strong> ...`) and encodes `&` in names.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&#038;", "&")
        .replace("&quot;", "\"")
        .replace("&#039;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .trim()
        .to_owned()
}

/// A WordPress error in the site's own words: `WordPress answered 404 (rest_post_invalid_id):
/// Invalid post ID.`, with the per-field messages of a `rest_invalid_param` after it. The code
/// stays the one the status gives (401 unauthorized, 404 not found, 400 invalid input, 429 rate
/// limited), except 410 (already deleted), which is not found.
pub fn refine(mut error: ConnectorError) -> ConnectorError {
    if error.code == ErrorCode::InvalidResponse {
        error.message = format!(
            "the site did not answer with the WordPress REST API's JSON ({}): check that `domain` is the \
             WordPress site's address and that its REST API is reachable at /wp-json",
            error.message
        );
        return error;
    }
    let status = error.status;
    let body = error.details["upstream_body"].as_str().and_then(|b| serde_json::from_str::<Value>(b).ok());
    let Some(body) = body.filter(|b| b["code"].is_string() && b["message"].is_string()) else {
        if status == 429 {
            error.message = "WordPress (or its host) answered 429 Too Many Requests: wait before trying again".into();
        }
        return error;
    };
    let code = body["code"].as_str().unwrap_or_default();
    let mut message =
        format!("WordPress answered {status} ({code}): {}", plain(body["message"].as_str().unwrap_or("")));
    if let Some(params) = body.pointer("/data/params").and_then(Value::as_object) {
        let fields: Vec<String> = params
            .iter()
            .filter_map(|(field, why)| why.as_str().map(|why| format!("{field}: {}", plain(why))))
            .collect();
        if !fields.is_empty() {
            message.push_str(&format!(" ({})", fields.join("; ")));
        }
    }
    if status == 401 || matches!(code, "incorrect_password" | "invalid_username" | "invalid_email") {
        message.push_str(
            " - check the username and use an application password (Users > Profile > Application Passwords), \
             not the login password",
        );
    }
    if status == 410 {
        error.code = ErrorCode::NotFound;
    }
    error.message = message;
    error
}

/// A request sent, its JSON answer decoded, a failure refined.
async fn call(request: Request) -> Result<Value> {
    request.send_json().await.map_err(refine)
}

/// A request sent, a failure refined; the answer kept for its headers.
async fn send(request: Request) -> Result<Response> {
    request.send().await.map_err(refine)
}

/// A number header of a WordPress answer (`X-WP-Total`, `X-WP-TotalPages`).
fn count_header(response: &Response, name: &str) -> Option<u64> {
    response.headers.get(name).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok())
}

/// The items of a collection answer, which is a JSON array.
fn items_of(response: &Response) -> Result<Vec<Value>> {
    match response.json::<Value>().map_err(refine)? {
        Value::Array(items) => Ok(items),
        other => Err(ConnectorError::new(
            ErrorCode::InvalidResponse,
            format!("the site answered a list request with {} instead of a list", kind_of(&other)),
        )),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "an object",
        Value::String(_) => "text",
        Value::Null => "nothing",
        _ => "a single value",
    }
}

/// A WordPress id (post, page, user, media, term) from a number field: whole and positive.
fn id_of(field: &str, value: f64) -> Result<u64> {
    if !value.is_finite() || value.fract() != 0.0 || !(1.0..=9e15).contains(&value) {
        return Err(ConnectorError::invalid_input(format!(
            "`{field}` must be a WordPress id (a whole number of 1 or more), not {value}"
        )));
    }
    Ok(value as u64)
}

/// A whole number from a number field.
fn whole(field: &str, value: f64) -> Result<i64> {
    if !value.is_finite() || value.fract() != 0.0 || value.abs() > 9e15 {
        return Err(ConnectorError::invalid_input(format!("`{field}` must be a whole number, not {value}")));
    }
    Ok(value as i64)
}

/// The value of a select as WordPress spells it.
fn choice<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// Text that is not blank, trimmed.
fn filled(text: Option<&String>) -> Option<&str> {
    text.map(|t| t.trim()).filter(|t| !t.is_empty())
}

/// A JSON body built field by field, blank fields left out.
#[derive(Default)]
struct Body(Map<String, Value>);

impl Body {
    fn text(&mut self, key: &str, value: Option<&String>) -> &mut Self {
        if let Some(text) = value.filter(|t| !t.trim().is_empty()) {
            self.0.insert(key.into(), json!(text));
        }
        self
    }
    fn id(&mut self, key: &str, value: Option<f64>) -> Result<&mut Self> {
        if let Some(value) = value {
            self.0.insert(key.into(), json!(id_of(key, value)?));
        }
        Ok(self)
    }
    fn choice<T: Serialize>(&mut self, key: &str, value: Option<&T>) -> &mut Self {
        if let Some(value) = value.map(choice).filter(|v| !v.is_empty()) {
            self.0.insert(key.into(), json!(value));
        }
        self
    }
    fn set(&mut self, key: &str, value: Value) -> &mut Self {
        self.0.insert(key.into(), value);
        self
    }
}

/// The page and page size of a list action: `page` from 1, `per_page` from 1 to 1000.
fn window(page: Option<f64>, per_page: Option<f64>) -> Result<(u64, u64)> {
    let page = match page {
        Some(p) => whole("page", p)?,
        None => 1,
    };
    let per_page = match per_page {
        Some(n) => whole("per_page", n)?,
        None => 10,
    };
    if page < 1 {
        return Err(ConnectorError::invalid_input(format!("`page` starts at 1, not {page}")));
    }
    if per_page < 1 || per_page as u64 > MAX_LIST {
        return Err(ConnectorError::invalid_input(format!("`per_page` must be from 1 to {MAX_LIST}, not {per_page}")));
    }
    Ok((page as u64, per_page as u64))
}

/// Where a "new by date" trigger stands: the newest `date_gmt` emitted or recorded, the ids seen
/// at that instant (so two items of the same second are both emitted and none twice), and the
/// ids emitted lately (so a draft whose floating date moves on a save is not new again).
#[derive(Debug, Default, Serialize, Deserialize)]
struct DateCursor {
    since: String,
    at_since: Vec<u64>,
    #[serde(default)]
    recent: Vec<u64>,
}

/// An item's id and `date_gmt`.
fn id_and_date(item: &Value) -> (u64, String) {
    (item["id"].as_u64().unwrap_or_default(), item["date_gmt"].as_str().unwrap_or_default().to_owned())
}

impl DateCursor {
    /// The items new since this cursor, oldest first, moving the cursor past them.
    fn advance(&mut self, mut items: Vec<Value>) -> Vec<Value> {
        items.sort_by_key(id_and_date_key);
        let mut events = Vec::new();
        for item in items {
            let (id, at) = id_and_date(&item);
            if id == 0 || at.is_empty() || at < self.since {
                continue;
            }
            if (at == self.since && self.at_since.contains(&id)) || self.recent.contains(&id) {
                continue;
            }
            if at > self.since {
                self.since = at;
                self.at_since.clear();
            }
            self.at_since.push(id);
            self.recent.push(id);
            events.push(item);
        }
        let excess = self.recent.len().saturating_sub(MAX_REMEMBERED);
        self.recent.drain(..excess);
        events
    }
}

fn id_and_date_key(item: &Value) -> (String, u64) {
    let (id, at) = id_and_date(item);
    (at, id)
}

/// Where `new_user` stands: the highest user id seen (WordPress numbers users in order).
#[derive(Debug, Default, Serialize, Deserialize)]
struct IdCursor {
    last_id: u64,
}

/// A file name for an upload: the URL's last path segment, given an extension from the type
/// when it has none (WordPress decides what a file is by its extension).
fn file_name(url: &str, mime: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or_default();
    let last: String = last.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).collect();
    let base = if last.trim_matches('.').is_empty() { "upload".to_owned() } else { last };
    if base.contains('.') {
        return base;
    }
    let extension = match mime {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/svg+xml" => "svg",
        "application/pdf" => "pdf",
        "video/mp4" => "mp4",
        "audio/mpeg" => "mp3",
        "text/plain" => "txt",
        _ => return base,
    };
    format!("{base}.{extension}")
}

/// A file's type from its name, when the server that gave it said nothing useful.
fn mime_of_name(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    let extension = lower.rsplit('.').next().unwrap_or_default();
    match extension {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

/// What a delete answered, in one shape: `{deleted, trashed, previous}`. WordPress answers a
/// forced delete with `{deleted, previous}` and a move to the trash with the trashed item.
fn deleted(answer: Value, force: bool) -> Value {
    if force {
        let previous = answer.get("previous").cloned().unwrap_or(answer);
        json!({ "deleted": true, "trashed": false, "previous": previous })
    } else {
        json!({ "deleted": true, "trashed": true, "previous": answer })
    }
}

impl Wordpress {
    /// The term ids of `categories` or `tags`: comma-separated ids, or names (or slugs) looked
    /// up, exactly and in any case, among the site's terms of that taxonomy.
    async fn term_ids(&self, taxonomy: &str, field: &str, given: &str) -> Result<Vec<u64>> {
        let mut ids = Vec::new();
        for entry in given.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if let Ok(id) = entry.parse::<u64>() {
                ids.push(id);
                continue;
            }
            let found =
                call(self.http.get(&format!("/{taxonomy}")).query(&[("search", entry), ("per_page", "100")])).await?;
            let wanted = entry.to_lowercase();
            let id = found.as_array().into_iter().flatten().find_map(|term| {
                let name = plain(term["name"].as_str().unwrap_or_default()).to_lowercase();
                let slug = term["slug"].as_str().unwrap_or_default().to_lowercase();
                (name == wanted || slug == wanted).then(|| term["id"].as_u64()).flatten()
            });
            match id {
                Some(id) => ids.push(id),
                None => {
                    return Err(ConnectorError::invalid_input(format!(
                        "`{field}`: the site has no {} named `{entry}`; give its id or create it first",
                        if taxonomy == "tags" { "tag" } else { "category" }
                    )))
                }
            }
        }
        Ok(ids)
    }

    /// The `categories` and `tags` of a post body.
    async fn post_terms(&self, body: &mut Body, categories: Option<&String>, tags: Option<&String>) -> Result<()> {
        if let Some(categories) = filled(categories) {
            body.set("categories", json!(self.term_ids("categories", "categories", categories).await?));
        }
        if let Some(tags) = filled(tags) {
            body.set("tags", json!(self.term_ids("tags", "tags", tags).await?));
        }
        Ok(())
    }

    /// One page of a list action as `{<key>: [...], total, totalPages}`. A `per_page` above
    /// WordPress's 100 is read 100 at a time from the window's offset.
    async fn list(
        &self,
        path: &str,
        key: &str,
        query: Vec<(&'static str, String)>,
        page: Option<f64>,
        per_page: Option<f64>,
    ) -> Result<Value> {
        let (page, per_page) = window(page, per_page)?;
        if per_page <= WP_PAGE {
            let mut params = query;
            params.push(("page", page.to_string()));
            params.push(("per_page", per_page.to_string()));
            let response = send(self.http.get(path).query(&params)).await?;
            let items = items_of(&response)?;
            let total = count_header(&response, "x-wp-total").unwrap_or(items.len() as u64);
            let pages = count_header(&response, "x-wp-totalpages").unwrap_or_else(|| total.div_ceil(per_page));
            return Ok(json!({ key: items, "total": total, "totalPages": pages }));
        }
        let start = (page - 1) * per_page;
        let total = AtomicU64::new(u64::MAX);
        let query = &query;
        let total_ref = &total;
        let items = collect_pages(per_page.div_ceil(WP_PAGE) as usize, per_page as usize, |next| async move {
            let offset: u64 = next.and_then(|n| n.parse().ok()).unwrap_or(start);
            let mut params = query.clone();
            params.push(("offset", offset.to_string()));
            params.push(("per_page", WP_PAGE.to_string()));
            let response = send(self.http.get(path).query(&params)).await?;
            let items = items_of(&response)?;
            let all = count_header(&response, "x-wp-total");
            if let Some(all) = all {
                total_ref.store(all, Ordering::Relaxed);
            }
            let fetched = offset + items.len() as u64;
            let more = items.len() as u64 == WP_PAGE && all.is_none_or(|all| fetched < all);
            Ok(Page { items, next: more.then(|| fetched.to_string()) })
        })
        .await?;
        let total = match total.load(Ordering::Relaxed) {
            u64::MAX => start + items.len() as u64,
            known => known,
        };
        Ok(json!({ key: items, "total": total, "totalPages": total.div_ceil(per_page) }))
    }

    /// The items of `path` new since `cursor` by `date_gmt`, newest first page by page until a
    /// page reaches the cursor's instant. The first poll (no cursor) records where things stand.
    async fn poll_by_date(
        &self,
        path: &str,
        query: Vec<(&'static str, String)>,
        cursor: Option<Value>,
    ) -> Result<Polled<Value>> {
        let cursor = cursor.and_then(|c| serde_json::from_value::<DateCursor>(c).ok());
        let Some(mut cursor) = cursor else {
            let mut params = query;
            params.push(("page", "1".into()));
            params.push(("per_page", WP_PAGE.to_string()));
            let newest = items_of(&send(self.http.get(path).query(&params)).await?)?;
            let mut cursor = DateCursor::default();
            cursor.advance(newest);
            cursor.recent.clear();
            return Ok(Polled { events: vec![], cursor: Some(json!(cursor)) });
        };
        let since = cursor.since.clone();
        let (query, since) = (&query, &since);
        let items = collect_pages(MAX_POLL_PAGES, MAX_POLL_PAGES * WP_PAGE as usize, |next| async move {
            let page: u64 = next.and_then(|n| n.parse().ok()).unwrap_or(1);
            let mut params = query.clone();
            params.push(("page", page.to_string()));
            params.push(("per_page", WP_PAGE.to_string()));
            let response = send(self.http.get(path).query(&params)).await?;
            let items = items_of(&response)?;
            let pages = count_header(&response, "x-wp-totalpages").unwrap_or(page);
            let reached = items.last().is_none_or(|oldest| id_and_date(oldest).1 < *since);
            let next = (!reached && page < pages).then(|| (page + 1).to_string());
            Ok(Page { items, next })
        })
        .await?;
        let events = cursor.advance(items);
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }
}

#[actions]
impl Wordpress {
    /// Create a post
    #[action(name = "Create Post", category = "Posts", icon = "plus", http(method = "POST", endpoint = "/posts"))]
    async fn create_post(&self, input: CreatePostInput) -> Result<Value> {
        if input.title.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`title` cannot be empty"));
        }
        let mut body = Body::default();
        body.set("title", json!(input.title.trim()))
            .text("content", input.content.as_ref())
            .text("excerpt", input.excerpt.as_ref())
            .choice("status", input.status.as_ref())
            .choice("comment_status", input.comment_status.as_ref())
            .choice("ping_status", input.ping_status.as_ref())
            .choice("format", input.format.as_ref());
        body.id("author", input.author)?.id("featured_media", input.featured_media)?;
        if let Some(sticky) = input.sticky {
            body.set("sticky", json!(sticky));
        }
        self.post_terms(&mut body, input.categories.as_ref(), input.tags.as_ref()).await?;
        call(self.http.post("/posts").json(&body.0)).await
    }

    /// Get a post by its id
    #[action(
        name = "Get Post",
        category = "Posts",
        icon = "file",
        idempotent,
        http(method = "GET", endpoint = "/posts/{postId}")
    )]
    async fn get_post(&self, input: GetPostInput) -> Result<Value> {
        let id = id_of("postId", input.post_id)?;
        call(self.http.get(&format!("/posts/{id}"))).await
    }

    /// List posts, one page at a time
    ///
    /// Answers `{posts, total, totalPages}`: the page asked for, how many posts match, and how
    /// many pages of `per_page` they make.
    #[action(
        name = "Get All Posts",
        category = "Posts",
        icon = "list",
        idempotent,
        http(method = "GET", endpoint = "/posts")
    )]
    async fn get_all_posts(&self, input: GetAllPostsInput) -> Result<Value> {
        let mut query: Vec<(&'static str, String)> = Vec::new();
        if let Some(search) = filled(input.search.as_ref()) {
            query.push(("search", search.to_owned()));
        }
        for (key, value) in [
            ("status", input.status.as_ref().map(choice)),
            ("orderby", input.orderby.as_ref().map(choice)),
            ("order", input.order.as_ref().map(choice)),
        ] {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                query.push((key, value));
            }
        }
        if let Some(categories) = filled(input.categories.as_ref()) {
            let ids = self.term_ids("categories", "categories", categories).await?;
            query.push(("categories", ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",")));
        }
        if let Some(tags) = filled(input.tags.as_ref()) {
            let ids = self.term_ids("tags", "tags", tags).await?;
            query.push(("tags", ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",")));
        }
        if let Some(author) = input.author {
            query.push(("author", id_of("author", author)?.to_string()));
        }
        self.list("/posts", "posts", query, input.page, input.per_page).await
    }

    /// Update a post: only the fields given change
    #[action(
        name = "Update Post",
        category = "Posts",
        icon = "edit",
        idempotent,
        http(method = "POST", endpoint = "/posts/{postId}")
    )]
    async fn update_post(&self, input: UpdatePostInput) -> Result<Value> {
        let id = id_of("postId", input.post_id)?;
        let mut body = Body::default();
        body.text("title", input.title.as_ref())
            .text("content", input.content.as_ref())
            .text("excerpt", input.excerpt.as_ref())
            .choice("status", input.status.as_ref());
        self.post_terms(&mut body, input.categories.as_ref(), input.tags.as_ref()).await?;
        if body.0.is_empty() {
            return Err(ConnectorError::invalid_input(
                "nothing to update: give at least one of title, content, excerpt, status, categories or tags",
            ));
        }
        call(self.http.post(&format!("/posts/{id}")).json(&body.0)).await
    }

    /// Move a post to the trash, or delete it for good with `force`
    ///
    /// Answers `{deleted, trashed, previous}`, `previous` being the post as it was.
    #[action(
        name = "Delete Post",
        category = "Posts",
        icon = "trash",
        http(method = "DELETE", endpoint = "/posts/{postId}")
    )]
    async fn delete_post(&self, input: DeletePostInput) -> Result<Value> {
        let id = id_of("postId", input.post_id)?;
        let force = input.force.unwrap_or(false);
        let mut request = self.http.delete(&format!("/posts/{id}"));
        if force {
            request = request.query(&[("force", "true")]);
        }
        Ok(deleted(call(request).await?, force))
    }

    /// Create a page
    #[action(name = "Create Page", category = "Pages", icon = "plus", http(method = "POST", endpoint = "/pages"))]
    async fn create_page(&self, input: CreatePageInput) -> Result<Value> {
        if input.title.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`title` cannot be empty"));
        }
        let mut body = Body::default();
        body.set("title", json!(input.title.trim()))
            .text("content", input.content.as_ref())
            .choice("status", input.status.as_ref())
            .text("template", input.template.as_ref());
        body.id("parent", input.parent)?.id("featured_media", input.featured_media)?;
        if let Some(order) = input.menu_order {
            body.set("menu_order", json!(whole("menu_order", order)?));
        }
        call(self.http.post("/pages").json(&body.0)).await
    }

    /// Get a page by its id
    #[action(
        name = "Get Page",
        category = "Pages",
        icon = "file",
        idempotent,
        http(method = "GET", endpoint = "/pages/{pageId}")
    )]
    async fn get_page(&self, input: GetPageInput) -> Result<Value> {
        let id = id_of("pageId", input.page_id)?;
        call(self.http.get(&format!("/pages/{id}"))).await
    }

    /// List pages, one page of results at a time
    ///
    /// Answers `{pages, total, totalPages}`.
    #[action(
        name = "Get All Pages",
        category = "Pages",
        icon = "list",
        idempotent,
        http(method = "GET", endpoint = "/pages")
    )]
    async fn get_all_pages(&self, input: GetAllPagesInput) -> Result<Value> {
        let mut query: Vec<(&'static str, String)> = Vec::new();
        if let Some(search) = filled(input.search.as_ref()) {
            query.push(("search", search.to_owned()));
        }
        for (key, value) in [
            ("status", input.status.as_ref().map(choice)),
            ("orderby", input.orderby.as_ref().map(choice)),
            ("order", input.order.as_ref().map(choice)),
        ] {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                query.push((key, value));
            }
        }
        if let Some(parent) = input.parent {
            // 0 lists the top-level pages.
            query.push(("parent", whole("parent", parent)?.max(0).to_string()));
        }
        self.list("/pages", "pages", query, input.page, input.per_page).await
    }

    /// Update a page: only the fields given change
    #[action(
        name = "Update Page",
        category = "Pages",
        icon = "edit",
        idempotent,
        http(method = "POST", endpoint = "/pages/{pageId}")
    )]
    async fn update_page(&self, input: UpdatePageInput) -> Result<Value> {
        let id = id_of("pageId", input.page_id)?;
        let mut body = Body::default();
        body.text("title", input.title.as_ref())
            .text("content", input.content.as_ref())
            .choice("status", input.status.as_ref());
        if let Some(parent) = input.parent {
            // 0 makes it a top-level page.
            body.set("parent", json!(whole("parent", parent)?.max(0)));
        }
        if let Some(order) = input.menu_order {
            body.set("menu_order", json!(whole("menu_order", order)?));
        }
        if body.0.is_empty() {
            return Err(ConnectorError::invalid_input(
                "nothing to update: give at least one of title, content, status, parent or menu_order",
            ));
        }
        call(self.http.post(&format!("/pages/{id}")).json(&body.0)).await
    }

    /// Move a page to the trash, or delete it for good with `force`
    ///
    /// Answers `{deleted, trashed, previous}`, `previous` being the page as it was.
    #[action(
        name = "Delete Page",
        category = "Pages",
        icon = "trash",
        http(method = "DELETE", endpoint = "/pages/{pageId}")
    )]
    async fn delete_page(&self, input: DeletePageInput) -> Result<Value> {
        let id = id_of("pageId", input.page_id)?;
        let force = input.force.unwrap_or(false);
        let mut request = self.http.delete(&format!("/pages/{id}"));
        if force {
            request = request.query(&[("force", "true")]);
        }
        Ok(deleted(call(request).await?, force))
    }

    /// Create a user (needs an administrator's application password)
    #[action(name = "Create User", category = "Users", icon = "user-plus", http(method = "POST", endpoint = "/users"))]
    async fn create_user(&self, input: CreateUserInput) -> Result<Value> {
        let username = input.username.trim();
        if username.is_empty() {
            return Err(ConnectorError::invalid_input("`username` cannot be empty"));
        }
        let email = input.email.trim();
        if !email.contains('@') {
            return Err(ConnectorError::invalid_input(format!("`email` must be an email address, not `{email}`")));
        }
        if input.password.is_empty() {
            return Err(ConnectorError::invalid_input("`password` cannot be empty"));
        }
        let mut body = Body::default();
        body.set("username", json!(username))
            .set("email", json!(email))
            .set("password", json!(input.password))
            .text("first_name", input.first_name.as_ref())
            .text("last_name", input.last_name.as_ref())
            .text("name", input.name.as_ref())
            .text("nickname", input.nickname.as_ref())
            .text("description", input.description.as_ref())
            .text("url", input.url.as_ref());
        if let Some(role) = input.roles.as_ref().map(choice) {
            body.set("roles", json!([role]));
        }
        call(self.http.post("/users").json(&body.0)).await
    }

    /// Get a user by their id
    #[action(
        name = "Get User",
        category = "Users",
        icon = "user",
        idempotent,
        http(method = "GET", endpoint = "/users/{userId}")
    )]
    async fn get_user(&self, input: GetUserInput) -> Result<Value> {
        let id = id_of("userId", input.user_id)?;
        call(self.http.get(&format!("/users/{id}"))).await
    }

    /// List users, one page at a time
    ///
    /// Answers `{users, total, totalPages}`. Without the `list_users` capability WordPress only
    /// lists users who have published posts.
    #[action(
        name = "Get All Users",
        category = "Users",
        icon = "users",
        idempotent,
        http(method = "GET", endpoint = "/users")
    )]
    async fn get_all_users(&self, input: GetAllUsersInput) -> Result<Value> {
        let mut query: Vec<(&'static str, String)> = Vec::new();
        if let Some(search) = filled(input.search.as_ref()) {
            query.push(("search", search.to_owned()));
        }
        for (key, value) in [
            ("roles", input.roles.as_ref().map(choice)),
            ("orderby", input.orderby.as_ref().map(choice)),
            ("order", input.order.as_ref().map(choice)),
        ] {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                query.push((key, value));
            }
        }
        self.list("/users", "users", query, input.page, input.per_page).await
    }

    /// Update a user: only the fields given change
    #[action(
        name = "Update User",
        category = "Users",
        icon = "user-check",
        idempotent,
        http(method = "POST", endpoint = "/users/{userId}")
    )]
    async fn update_user(&self, input: UpdateUserInput) -> Result<Value> {
        let id = id_of("userId", input.user_id)?;
        let mut body = Body::default();
        body.text("email", input.email.as_ref())
            .text("first_name", input.first_name.as_ref())
            .text("last_name", input.last_name.as_ref())
            .text("name", input.name.as_ref())
            .text("description", input.description.as_ref())
            .text("url", input.url.as_ref());
        if let Some(role) = input.roles.as_ref().map(choice) {
            body.set("roles", json!([role]));
        }
        if body.0.is_empty() {
            return Err(ConnectorError::invalid_input(
                "nothing to update: give at least one of email, first_name, last_name, name, description, url or roles",
            ));
        }
        call(self.http.post(&format!("/users/{id}")).json(&body.0)).await
    }

    /// Delete a user for good, giving their posts and links to another user
    ///
    /// WordPress cannot put users in the trash, so `force` must stay on. Answers
    /// `{deleted, trashed, previous}`.
    #[action(
        name = "Delete User",
        category = "Users",
        icon = "user-minus",
        http(method = "DELETE", endpoint = "/users/{userId}")
    )]
    async fn delete_user(&self, input: DeleteUserInput) -> Result<Value> {
        let id = id_of("userId", input.user_id)?;
        let reassign = id_of("reassign", input.reassign)?;
        if input.force == Some(false) {
            return Err(ConnectorError::invalid_input(
                "WordPress cannot move users to the trash: a user is deleted for good, so `force` must be true",
            ));
        }
        if reassign == id {
            return Err(ConnectorError::invalid_input("`reassign` must name another user than the one deleted"));
        }
        let query = [("force", "true".to_owned()), ("reassign", reassign.to_string())];
        Ok(deleted(call(self.http.delete(&format!("/users/{id}")).query(&query)).await?, true))
    }

    /// Create a post category
    #[action(
        name = "Create Category",
        category = "Categories",
        icon = "folder-plus",
        http(method = "POST", endpoint = "/categories")
    )]
    async fn create_category(&self, input: CreateCategoryInput) -> Result<Value> {
        if input.name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be empty"));
        }
        let mut body = Body::default();
        body.set("name", json!(input.name.trim()))
            .text("description", input.description.as_ref())
            .text("slug", input.slug.as_ref());
        body.id("parent", input.parent)?;
        call(self.http.post("/categories").json(&body.0)).await
    }

    /// List post categories, one page at a time
    ///
    /// Answers `{categories, total, totalPages}`.
    #[action(
        name = "Get All Categories",
        category = "Categories",
        icon = "folder",
        idempotent,
        http(method = "GET", endpoint = "/categories")
    )]
    async fn get_all_categories(&self, input: GetAllCategoriesInput) -> Result<Value> {
        let mut query: Vec<(&'static str, String)> = Vec::new();
        if let Some(search) = filled(input.search.as_ref()) {
            query.push(("search", search.to_owned()));
        }
        if let Some(hide) = input.hide_empty {
            query.push(("hide_empty", hide.to_string()));
        }
        if let Some(parent) = input.parent {
            query.push(("parent", whole("parent", parent)?.max(0).to_string()));
        }
        self.list("/categories", "categories", query, input.page, input.per_page).await
    }

    /// Create a tag
    #[action(name = "Create Tag", category = "Tags", icon = "tag", http(method = "POST", endpoint = "/tags"))]
    async fn create_tag(&self, input: CreateTagInput) -> Result<Value> {
        if input.name.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be empty"));
        }
        let mut body = Body::default();
        body.set("name", json!(input.name.trim()))
            .text("description", input.description.as_ref())
            .text("slug", input.slug.as_ref());
        call(self.http.post("/tags").json(&body.0)).await
    }

    /// List tags, one page at a time
    ///
    /// Answers `{tags, total, totalPages}`.
    #[action(
        name = "Get All Tags",
        category = "Tags",
        icon = "tags",
        idempotent,
        http(method = "GET", endpoint = "/tags")
    )]
    async fn get_all_tags(&self, input: GetAllTagsInput) -> Result<Value> {
        let mut query: Vec<(&'static str, String)> = Vec::new();
        if let Some(search) = filled(input.search.as_ref()) {
            query.push(("search", search.to_owned()));
        }
        if let Some(hide) = input.hide_empty {
            query.push(("hide_empty", hide.to_string()));
        }
        self.list("/tags", "tags", query, input.page, input.per_page).await
    }

    /// Upload a file from a URL to the media library
    ///
    /// The file is downloaded (without the site's credentials) and sent to WordPress as a
    /// multipart upload with its title, alt text, caption and description. WordPress decides
    /// what the file is by its name's extension, which is taken from the URL or from its type.
    #[action(name = "Upload Media", category = "Media", icon = "upload", http(method = "POST", endpoint = "/media"))]
    async fn upload_media(&self, input: UploadMediaInput) -> Result<Value> {
        let url = input.file_url.trim();
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) {
            return Err(ConnectorError::invalid_input(format!("`file_url` must be an http(s) URL, not `{url}`")));
        }
        let file = self.downloads.0.get(url).send().await.map_err(|mut error| {
            error.message = format!("could not download the file at {url}: {}", error.message);
            error
        })?;
        if file.body.is_empty() {
            return Err(ConnectorError::invalid_input(format!("the file at {url} is empty")));
        }
        if file.body.len() > MAX_UPLOAD_BYTES {
            return Err(ConnectorError::invalid_input(format!(
                "the file at {url} is {} bytes; at most {MAX_UPLOAD_BYTES} are uploaded",
                file.body.len()
            )));
        }
        let sent_type = file
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty() && v != "application/octet-stream");
        let name = file_name(url, sent_type.as_deref().unwrap_or_default());
        let mime = sent_type.unwrap_or_else(|| mime_of_name(&name).to_owned());
        let mut parts = vec![Part::file("file", name, mime, file.body)];
        for (key, value) in [
            ("title", &input.title),
            ("alt_text", &input.alt_text),
            ("caption", &input.caption),
            ("description", &input.description),
        ] {
            if let Some(value) = filled(value.as_ref()) {
                parts.push(Part::text(key, value));
            }
        }
        call(self.http.post("/media").multipart(parts)).await
    }

    /// List the media library, one page at a time
    ///
    /// Answers `{media, total, totalPages}`.
    #[action(
        name = "Get All Media",
        category = "Media",
        icon = "image",
        idempotent,
        http(method = "GET", endpoint = "/media")
    )]
    async fn get_all_media(&self, input: GetAllMediaInput) -> Result<Value> {
        let mut query: Vec<(&'static str, String)> = Vec::new();
        if let Some(search) = filled(input.search.as_ref()) {
            query.push(("search", search.to_owned()));
        }
        if let Some(kind) = input.media_type.as_ref().map(choice).filter(|k| !k.is_empty()) {
            query.push(("media_type", kind));
        }
        self.list("/media", "media", query, input.page, input.per_page).await
    }

    /// Create a comment on a post
    #[action(
        name = "Create Comment",
        category = "Comments",
        icon = "message-square",
        http(method = "POST", endpoint = "/comments")
    )]
    async fn create_comment(&self, input: CreateCommentInput) -> Result<Value> {
        if input.content.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`content` cannot be empty"));
        }
        let mut body = Body::default();
        body.id("post", Some(input.post))?.id("parent", input.parent)?;
        body.set("content", json!(input.content))
            .text("author_name", input.author_name.as_ref())
            .text("author_email", input.author_email.as_ref())
            .choice("status", input.status.as_ref());
        call(self.http.post("/comments").json(&body.0)).await
    }

    /// List comments, one page at a time
    ///
    /// Answers `{comments, total, totalPages}`. An empty `status` lists every status but spam
    /// and trash (which needs a moderator's application password).
    #[action(
        name = "Get All Comments",
        category = "Comments",
        icon = "message-circle",
        idempotent,
        http(method = "GET", endpoint = "/comments")
    )]
    async fn get_all_comments(&self, input: GetAllCommentsInput) -> Result<Value> {
        let mut query: Vec<(&'static str, String)> = Vec::new();
        if let Some(post) = input.post {
            query.push(("post", id_of("post", post)?.to_string()));
        }
        // Left out, WordPress lists approved comments; the empty choice is every status.
        if let Some(status) = input.status.as_ref().map(choice) {
            query.push(("status", if status.is_empty() { "all".to_owned() } else { status }));
        }
        for (key, value) in
            [("orderby", input.orderby.as_ref().map(choice)), ("order", input.order.as_ref().map(choice))]
        {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                query.push((key, value));
            }
        }
        self.list("/comments", "comments", query, input.page, input.per_page).await
    }

    /// A post was published (or, with another status, created)
    ///
    /// Polls the newest posts by date: each post is emitted once, the first poll only records
    /// where things stand.
    #[trigger(name = "New Post", polling, event_id = "/id")]
    async fn new_post(&self, config: NewPostConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let status = config.status.as_ref().map(choice).unwrap_or_else(|| "publish".into());
        let mut query: Vec<(&'static str, String)> =
            vec![("status", status), ("orderby", "date".into()), ("order", "desc".into())];
        if let Some(categories) = filled(config.categories.as_ref()) {
            let ids = self.term_ids("categories", "categories", categories).await?;
            query.push(("categories", ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",")));
        }
        self.poll_by_date("/posts", query, cursor).await
    }

    /// A page was published (or, with another status, created)
    #[trigger(name = "New Page", polling, event_id = "/id")]
    async fn new_page(&self, config: NewPageConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let status = config.status.as_ref().map(choice).unwrap_or_else(|| "publish".into());
        let query = vec![("status", status), ("orderby", "date".into()), ("order", "desc".into())];
        self.poll_by_date("/pages", query, cursor).await
    }

    /// A comment was posted
    ///
    /// An empty `status` watches approved and held comments (a moderator's application
    /// password is needed for held ones).
    #[trigger(name = "New Comment", polling, event_id = "/id")]
    async fn new_comment(&self, config: NewCommentConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let status = config.status.as_ref().map(choice).unwrap_or_else(|| "approve".into());
        let status = if status.is_empty() { "all".to_owned() } else { status };
        let mut query: Vec<(&'static str, String)> =
            vec![("status", status), ("orderby", "date_gmt".into()), ("order", "desc".into())];
        if let Some(post) = config.post {
            query.push(("post", id_of("post", post)?.to_string()));
        }
        self.poll_by_date("/comments", query, cursor).await
    }

    /// A user was registered
    ///
    /// Polls the users by id, newest first (WordPress numbers users in order); listing every
    /// user needs an administrator's application password.
    #[trigger(name = "New User", polling, event_id = "/id")]
    async fn new_user(&self, config: NewUserConfig, cursor: Option<Value>) -> Result<Polled<Value>> {
        let mut query: Vec<(&'static str, String)> = vec![("orderby", "id".into()), ("order", "desc".into())];
        if let Some(role) = config.roles.as_ref().map(choice).filter(|r| !r.is_empty()) {
            query.push(("roles", role));
        }
        let cursor = cursor.and_then(|c| serde_json::from_value::<IdCursor>(c).ok());
        let Some(IdCursor { last_id }) = cursor else {
            query.push(("page", "1".into()));
            query.push(("per_page", "1".into()));
            let newest = items_of(&send(self.http.get("/users").query(&query)).await?)?;
            let last_id = newest.iter().filter_map(|u| u["id"].as_u64()).max().unwrap_or(0);
            return Ok(Polled { events: vec![], cursor: Some(json!(IdCursor { last_id })) });
        };
        let query = &query;
        let users = collect_pages(MAX_POLL_PAGES, MAX_POLL_PAGES * WP_PAGE as usize, |next| async move {
            let page: u64 = next.and_then(|n| n.parse().ok()).unwrap_or(1);
            let mut params = query.clone();
            params.push(("page", page.to_string()));
            params.push(("per_page", WP_PAGE.to_string()));
            let response = send(self.http.get("/users").query(&params)).await?;
            let items = items_of(&response)?;
            let pages = count_header(&response, "x-wp-totalpages").unwrap_or(page);
            let reached = items.last().is_none_or(|oldest| oldest["id"].as_u64().unwrap_or(0) <= last_id);
            Ok(Page { items, next: (!reached && page < pages).then(|| (page + 1).to_string()) })
        })
        .await?;
        let mut events: Vec<Value> = users.into_iter().filter(|u| u["id"].as_u64().unwrap_or(0) > last_id).collect();
        events.sort_by_key(|u| u["id"].as_u64().unwrap_or(0));
        events.dedup_by_key(|u| u["id"].as_u64().unwrap_or(0));
        let newest = events.last().and_then(|u| u["id"].as_u64()).unwrap_or(last_id);
        Ok(Polled { events, cursor: Some(json!(IdCursor { last_id: newest })) })
    }

    /// Reads the connection's own user: proves the site answers and the application password works.
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        send(self.http.get("/users/me")).await.map(drop)
    }
}
