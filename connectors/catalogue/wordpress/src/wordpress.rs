use fluxturn_core::prelude::*;
use serde_json::Value;

/// WordPress: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/wordpress.json`.
#[connector(
    name = "wordpress",
    display_name = "WordPress",
    category = "cms",
    // The API's base URL: replace this example.
    base_url = "https://api.wordpress.example",
    icon = "icons/wordpress.svg",
    auth = basic_auth(username = "domain", password = "password"),
    credentials = WordpressCredentials,
)]
pub struct Wordpress {
    http: Http,
}

/// What the user enters in the "Add WordPress" form.
#[derive(Credentials)]
pub struct WordpressCredentials {
    /// Domain
    #[field(key = "domain", label = "Domain")]
    pub domain: String,
    /// Username
    #[field(key = "username", label = "Username")]
    pub username: String,
    /// Password
    #[field(key = "password", label = "Password", secret)]
    pub password: Secret<String>,
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
    /// Author
    #[field(label = "Author")]
    pub author: Option<f64>,
    /// Categories
    #[field(label = "Categories")]
    pub categories: Option<String>,
    /// Comment Status
    #[field(label = "Comment Status", default = "open")]
    pub comment_status: Option<CreatePostInputCommentStatus>,
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
    /// Excerpt
    #[field(label = "Excerpt", input_type = "textarea")]
    pub excerpt: Option<String>,
    /// Featured Media
    #[field(label = "Featured Media")]
    pub featured_media: Option<f64>,
    /// Format
    #[field(label = "Format", default = "standard")]
    pub format: Option<CreatePostInputFormat>,
    /// Ping Status
    #[field(label = "Ping Status", default = "open")]
    pub ping_status: Option<CreatePostInputPingStatus>,
    /// Status
    #[field(label = "Status", default = "draft")]
    pub status: Option<CreatePostInputStatus>,
    /// Sticky
    #[field(label = "Sticky", default = false)]
    pub sticky: Option<bool>,
    /// Tags
    #[field(label = "Tags")]
    pub tags: Option<String>,
    /// Title
    #[field(label = "Title")]
    pub title: String,
}

/// The input of `get_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetPostInput {
    /// Post Id
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
    /// Author
    #[field(label = "Author")]
    pub author: Option<f64>,
    /// Categories
    #[field(label = "Categories")]
    pub categories: Option<String>,
    /// Order
    #[field(label = "Order", default = "desc")]
    pub order: Option<GetAllPostsInputOrder>,
    /// Orderby
    #[field(label = "Orderby", default = "date")]
    pub orderby: Option<GetAllPostsInputOrderby>,
    /// Page
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// Per Page
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// Search
    #[field(label = "Search")]
    pub search: Option<String>,
    /// Status
    #[field(label = "Status", default = "publish")]
    pub status: Option<GetAllPostsInputStatus>,
    /// Tags
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
    /// Categories
    #[field(label = "Categories")]
    pub categories: Option<String>,
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
    /// Excerpt
    #[field(label = "Excerpt", input_type = "textarea")]
    pub excerpt: Option<String>,
    /// Post Id
    #[field(label = "Post Id")]
    #[serde(rename = "postId")]
    pub post_id: f64,
    /// Status
    #[field(label = "Status")]
    pub status: Option<UpdatePostInputStatus>,
    /// Tags
    #[field(label = "Tags")]
    pub tags: Option<String>,
    /// Title
    #[field(label = "Title")]
    pub title: Option<String>,
}

/// The input of `delete_post`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeletePostInput {
    /// Force
    #[field(label = "Force", default = false)]
    pub force: Option<bool>,
    /// Post Id
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
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
    /// Featured Media
    #[field(label = "Featured Media")]
    pub featured_media: Option<f64>,
    /// Menu Order
    #[field(label = "Menu Order", default = 0)]
    pub menu_order: Option<f64>,
    /// Parent
    #[field(label = "Parent")]
    pub parent: Option<f64>,
    /// Status
    #[field(label = "Status", default = "draft")]
    pub status: Option<CreatePageInputStatus>,
    /// Template
    #[field(label = "Template")]
    pub template: Option<String>,
    /// Title
    #[field(label = "Title")]
    pub title: String,
}

/// The input of `get_page`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetPageInput {
    /// Page Id
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
    /// Page
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// Parent
    #[field(label = "Parent")]
    pub parent: Option<f64>,
    /// Per Page
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// Search
    #[field(label = "Search")]
    pub search: Option<String>,
    /// Status
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
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: Option<String>,
    /// Menu Order
    #[field(label = "Menu Order")]
    pub menu_order: Option<f64>,
    /// Page Id
    #[field(label = "Page Id")]
    #[serde(rename = "pageId")]
    pub page_id: f64,
    /// Parent
    #[field(label = "Parent")]
    pub parent: Option<f64>,
    /// Status
    #[field(label = "Status")]
    pub status: Option<UpdatePageInputStatus>,
    /// Title
    #[field(label = "Title")]
    pub title: Option<String>,
}

/// The input of `delete_page`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeletePageInput {
    /// Force
    #[field(label = "Force", default = false)]
    pub force: Option<bool>,
    /// Page Id
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
    /// Password
    #[field(label = "Password", input_type = "password")]
    pub password: String,
    /// Roles
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
    /// User Id
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
    ///
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
    /// Page
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// Per Page
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// Roles
    #[field(label = "Roles")]
    pub roles: Option<GetAllUsersInputRoles>,
    /// Search
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
    /// Roles
    #[field(label = "Roles")]
    pub roles: Option<UpdateUserInputRoles>,
    /// Url
    #[field(label = "Url")]
    pub url: Option<String>,
    /// User Id
    #[field(label = "User Id")]
    #[serde(rename = "userId")]
    pub user_id: f64,
}

/// The input of `delete_user`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteUserInput {
    /// Force
    #[field(label = "Force", default = true)]
    pub force: Option<bool>,
    /// Reassign
    #[field(label = "Reassign")]
    pub reassign: f64,
    /// User Id
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
    /// Parent
    #[field(label = "Parent")]
    pub parent: Option<f64>,
    /// Slug
    #[field(label = "Slug")]
    pub slug: Option<String>,
}

/// The input of `get_all_categories`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllCategoriesInput {
    /// Hide Empty
    #[field(label = "Hide Empty", default = false)]
    pub hide_empty: Option<bool>,
    /// Page
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// Parent
    #[field(label = "Parent")]
    pub parent: Option<f64>,
    /// Per Page
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// Search
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
    /// Hide Empty
    #[field(label = "Hide Empty", default = false)]
    pub hide_empty: Option<bool>,
    /// Page
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// Per Page
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// Search
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
    /// File Url
    #[field(label = "File Url")]
    pub file_url: String,
    /// Title
    #[field(label = "Title")]
    pub title: Option<String>,
}

/// The choices of `media_type`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllMediaInputMediaType {
    ///
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
    /// Page
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// Per Page
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// Search
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
    /// Content
    #[field(label = "Content", input_type = "textarea")]
    pub content: String,
    /// Parent
    #[field(label = "Parent")]
    pub parent: Option<f64>,
    /// Post
    #[field(label = "Post")]
    pub post: f64,
    /// Status
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
    ///
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
    /// Page
    #[field(label = "Page", default = 1)]
    pub page: Option<f64>,
    /// Per Page
    #[field(label = "Per Page", default = 10)]
    pub per_page: Option<f64>,
    /// Post
    #[field(label = "Post")]
    pub post: Option<f64>,
    /// Status
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
    /// Categories
    #[field(label = "Categories")]
    pub categories: Option<String>,
    /// Status
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
    /// Status
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
    ///
    #[serde(rename = "")]
    Empty,
}

/// The configuration of `new_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct NewCommentConfig {
    /// Post
    #[field(label = "Post")]
    pub post: Option<f64>,
    /// Status
    #[field(label = "Status", default = "approve")]
    pub status: Option<NewCommentConfigStatus>,
}

/// The choices of `roles`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum NewUserConfigRoles {
    ///
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
    /// Roles
    #[field(label = "Roles")]
    pub roles: Option<NewUserConfigRoles>,
}

#[actions]
impl Wordpress {
    /// Create Post
    #[action(name = "Create Post", http(method = "POST", endpoint = "/posts"))]
    async fn create_post(&self, input: CreatePostInput) -> Result<Value>;

    /// Get Post
    #[action(name = "Get Post", http(method = "GET", endpoint = "/posts/{postId}"))]
    async fn get_post(&self, input: GetPostInput) -> Result<Value>;

    /// Get All Posts
    #[action(name = "Get All Posts", http(method = "GET", endpoint = "/posts"))]
    async fn get_all_posts(&self, input: GetAllPostsInput) -> Result<Value>;

    /// Update Post
    #[action(name = "Update Post", http(method = "POST", endpoint = "/posts/{postId}"))]
    async fn update_post(&self, input: UpdatePostInput) -> Result<Value>;

    /// Delete Post
    #[action(name = "Delete Post", http(method = "DELETE", endpoint = "/posts/{postId}"))]
    async fn delete_post(&self, input: DeletePostInput) -> Result<Value>;

    /// Create Page
    #[action(name = "Create Page", http(method = "POST", endpoint = "/pages"))]
    async fn create_page(&self, input: CreatePageInput) -> Result<Value>;

    /// Get Page
    #[action(name = "Get Page", http(method = "GET", endpoint = "/pages/{pageId}"))]
    async fn get_page(&self, input: GetPageInput) -> Result<Value>;

    /// Get All Pages
    #[action(name = "Get All Pages", http(method = "GET", endpoint = "/pages"))]
    async fn get_all_pages(&self, input: GetAllPagesInput) -> Result<Value>;

    /// Update Page
    #[action(name = "Update Page", http(method = "POST", endpoint = "/pages/{pageId}"))]
    async fn update_page(&self, input: UpdatePageInput) -> Result<Value>;

    /// Delete Page
    #[action(name = "Delete Page", http(method = "DELETE", endpoint = "/pages/{pageId}"))]
    async fn delete_page(&self, input: DeletePageInput) -> Result<Value>;

    /// Create User
    #[action(name = "Create User", http(method = "POST", endpoint = "/users"))]
    async fn create_user(&self, input: CreateUserInput) -> Result<Value>;

    /// Get User
    #[action(name = "Get User", http(method = "GET", endpoint = "/users/{userId}"))]
    async fn get_user(&self, input: GetUserInput) -> Result<Value>;

    /// Get All Users
    #[action(name = "Get All Users", http(method = "GET", endpoint = "/users"))]
    async fn get_all_users(&self, input: GetAllUsersInput) -> Result<Value>;

    /// Update User
    #[action(name = "Update User", http(method = "POST", endpoint = "/users/{userId}"))]
    async fn update_user(&self, input: UpdateUserInput) -> Result<Value>;

    /// Delete User
    #[action(name = "Delete User", http(method = "DELETE", endpoint = "/users/{userId}"))]
    async fn delete_user(&self, input: DeleteUserInput) -> Result<Value>;

    /// Create Category
    #[action(name = "Create Category", http(method = "POST", endpoint = "/categories"))]
    async fn create_category(&self, input: CreateCategoryInput) -> Result<Value>;

    /// Get All Categories
    #[action(name = "Get All Categories", http(method = "GET", endpoint = "/categories"))]
    async fn get_all_categories(&self, input: GetAllCategoriesInput) -> Result<Value>;

    /// Create Tag
    #[action(name = "Create Tag", http(method = "POST", endpoint = "/tags"))]
    async fn create_tag(&self, input: CreateTagInput) -> Result<Value>;

    /// Get All Tags
    #[action(name = "Get All Tags", http(method = "GET", endpoint = "/tags"))]
    async fn get_all_tags(&self, input: GetAllTagsInput) -> Result<Value>;

    /// Upload Media
    #[action(name = "Upload Media", http(method = "POST", endpoint = "/media"))]
    async fn upload_media(&self, input: UploadMediaInput) -> Result<Value>;

    /// Get All Media
    #[action(name = "Get All Media", http(method = "GET", endpoint = "/media"))]
    async fn get_all_media(&self, input: GetAllMediaInput) -> Result<Value>;

    /// Create Comment
    #[action(name = "Create Comment", http(method = "POST", endpoint = "/comments"))]
    async fn create_comment(&self, input: CreateCommentInput) -> Result<Value>;

    /// Get All Comments
    #[action(name = "Get All Comments", http(method = "GET", endpoint = "/comments"))]
    async fn get_all_comments(&self, input: GetAllCommentsInput) -> Result<Value>;

    /// New Post
    #[trigger(name = "New Post", polling)]
    async fn new_post(&self, _config: NewPostConfig, _cursor: Option<Value>) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`new_post` is not written yet"))
    }

    /// New Page
    #[trigger(name = "New Page", polling)]
    async fn new_page(&self, _config: NewPageConfig, _cursor: Option<Value>) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`new_page` is not written yet"))
    }

    /// New Comment
    #[trigger(name = "New Comment", polling)]
    async fn new_comment(&self, _config: NewCommentConfig, _cursor: Option<Value>) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`new_comment` is not written yet"))
    }

    /// New User
    #[trigger(name = "New User", polling)]
    async fn new_user(&self, _config: NewUserConfig, _cursor: Option<Value>) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`new_user` is not written yet"))
    }

    /// A cheap call that proves the credentials work (replace `/me` with such an endpoint of the API)
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/me").send().await.map(drop)
    }
}
