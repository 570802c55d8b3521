//! The YouTube connector: channels, videos, playlists and playlist items through the YouTube Data
//! API v3, video uploads through its resumable upload protocol ([`upload`]), and new uploads of a
//! channel as a polling trigger ([`new_videos`]).

pub mod new_videos;
pub mod upload;

use connectors_google as google;
use fluxturn_core::prelude::*;
use fluxturn_core::Request;
use new_videos::{NewVideo, UploadsCursor};
use serde_json::{json, Map, Value};

/// Where the YouTube Data API v3 lives under the base URL.
const API: &str = "/youtube/v3";

/// The most items YouTube returns in one page.
const MAX_PAGE_SIZE: u32 = 50;

/// Manage the channels, videos, playlists and playlist items of a YouTube account, and upload videos
#[connector(
    name = "youtube",
    display_name = "YouTube",
    category = "social",
    base_url = "https://www.googleapis.com",
    icon = "icons/youtube.svg",
    auth = [oauth2(
        provider = "google",
        // Manage the account: read, upload, update, rate and delete. Every action needs no more.
        scopes = ["https://www.googleapis.com/auth/youtube"],
    )],
    credentials = YouTubeCredentials,
)]
pub struct YouTube {
    http: Http,
}

/// How a YouTube connection signs in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum YouTubeAuthMode {
    /// OAuth2: sign in with Google (the server's Google app, or your own client)
    #[default]
    #[serde(rename = "oauth2")]
    OAuth2,
}

/// The "Add YouTube" form: OAuth2 through the server's Google app, or through your own OAuth client
/// when its id and secret are given. The server stores the tokens it obtains.
#[derive(Credentials)]
pub struct YouTubeCredentials {
    /// How the connection signs in
    #[field(label = "Authentication", default = "oauth2")]
    pub auth_mode: YouTubeAuthMode,
    /// Client ID of your own Google OAuth client (blank: the server's Google app)
    #[field(
        label = "Client ID",
        placeholder = "1234567890-abc.apps.googleusercontent.com",
        help_url = "https://console.cloud.google.com/apis/credentials",
        show(authMode = ["oauth2"])
    )]
    pub client_id: Option<String>,
    /// Client secret of your own Google OAuth client
    #[field(label = "Client Secret", secret, show(authMode = ["oauth2"]))]
    pub client_secret: Option<Secret<String>>,
    /// The redirect URL you registered with your own client, for your records: the sign-in always
    /// returns to the server's OAuth callback, which is the URL to register
    #[field(label = "Redirect URL", show(authMode = ["oauth2"]))]
    pub redirect_url: Option<String>,
}

/// The parts of a resource an action reads: `*` is every part listed after it.
trait Parts: Copy + PartialEq {
    /// Every part but `*`, by its API name.
    const EACH: &'static [&'static str];

    /// The API name of the part; `None` for `*`.
    fn name(self) -> Option<&'static str>;
}

/// An enum of the parts of one resource, `*` first.
macro_rules! parts {
    ($(#[$meta:meta])* $name:ident { $($(#[$doc:meta])* $variant:ident = $value:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
        pub enum $name {
            /// Every part
            #[serde(rename = "*")]
            All,
            $($(#[$doc])* #[serde(rename = $value)] $variant,)*
        }

        impl Parts for $name {
            const EACH: &'static [&'static str] = &[$($value),*];

            fn name(self) -> Option<&'static str> {
                match self {
                    Self::All => None,
                    $(Self::$variant => Some($value),)*
                }
            }
        }
    };
}

parts! {
    /// A part of a playlist.
    PlaylistPart {
        /// Content details
        ContentDetails = "contentDetails",
        /// ID
        Id = "id",
        /// Localizations
        Localizations = "localizations",
        /// Player
        Player = "player",
        /// Snippet
        Snippet = "snippet",
        /// Status
        Status = "status",
    }
}

parts! {
    /// A part of a video.
    VideoPart {
        /// Content details
        ContentDetails = "contentDetails",
        /// ID
        Id = "id",
        /// Live streaming details
        LiveStreamingDetails = "liveStreamingDetails",
        /// Localizations
        Localizations = "localizations",
        /// Player
        Player = "player",
        /// Recording details
        RecordingDetails = "recordingDetails",
        /// Snippet
        Snippet = "snippet",
        /// Statistics
        Statistics = "statistics",
        /// Status
        Status = "status",
        /// Topic details
        TopicDetails = "topicDetails",
    }
}

parts! {
    /// A part of a channel.
    ChannelPart {
        /// Branding settings
        BrandingSettings = "brandingSettings",
        /// Content details
        ContentDetails = "contentDetails",
        /// Content owner details
        ContentOwnerDetails = "contentOwnerDetails",
        /// ID
        Id = "id",
        /// Localizations
        Localizations = "localizations",
        /// Snippet
        Snippet = "snippet",
        /// Statistics
        Statistics = "statistics",
        /// Status
        Status = "status",
        /// Topic details
        TopicDetails = "topicDetails",
    }
}

parts! {
    /// A part of a playlist item.
    PlaylistItemPart {
        /// Content details
        ContentDetails = "contentDetails",
        /// ID
        Id = "id",
        /// Snippet
        Snippet = "snippet",
        /// Status
        Status = "status",
    }
}

/// The `part` parameter for `parts`: `*` stands for every part.
fn part_param<P: Parts>(parts: &[P]) -> Result<String> {
    if parts.is_empty() {
        return Err(ConnectorError::invalid_input("choose at least one part to return (`*` for every part)"));
    }
    if parts.iter().any(|p| p.name().is_none()) {
        return Ok(P::EACH.join(","));
    }
    let mut names: Vec<&str> = Vec::with_capacity(parts.len());
    for name in parts.iter().filter_map(|p| p.name()) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    Ok(names.join(","))
}

/// Who can see a playlist or a video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PrivacyStatus {
    /// Private
    Private,
    /// Public
    Public,
    /// Unlisted (whoever has the link)
    Unlisted,
}

/// The license of a video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum VideoLicense {
    /// Standard YouTube license
    #[serde(rename = "youtube")]
    YouTube,
    /// Creative Commons
    #[serde(rename = "creativeCommon")]
    CreativeCommon,
}

/// Tags: a list, or one text of comma-separated tags.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Tags {
    /// One tag per entry
    List(Vec<String>),
    /// Comma-separated tags
    Text(String),
}

impl Tags {
    /// The tags, trimmed, blanks left out.
    fn list(&self) -> Vec<String> {
        let tags: Vec<&str> = match self {
            Self::List(tags) => tags.iter().map(String::as_str).collect(),
            Self::Text(text) => text.split(',').collect(),
        };
        tags.into_iter().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
    }
}

/// Acting for a content owner (YouTube partners only).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OwnerOptions {
    /// The content owner the request is made for (YouTube content partners only)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_behalf_of_content_owner: Option<String>,
}

/// Acting for a content owner and one of its channels (YouTube partners only).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OwnerChannelOptions {
    /// The content owner the request is made for (YouTube content partners only)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_behalf_of_content_owner: Option<String>,
    /// The channel of that content owner the request is made for
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_behalf_of_content_owner_channel: Option<String>,
}

/// The input of `playlist_get`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetPlaylist {
    /// The playlist's ID (`PL...`)
    #[field(label = "Playlist ID", placeholder = "PLxxxxxxxxxxxxxxxx")]
    pub playlist_id: String,
    /// Which parts of the playlist to return
    #[field(label = "Fields")]
    #[schemars(extend("default" = ["*"]))]
    pub part: Vec<PlaylistPart>,
    /// Content owner
    #[field(label = "Options")]
    #[serde(default)]
    pub options: OwnerChannelOptions,
}

/// Extra settings of a new playlist.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatePlaylistOptions {
    /// The playlist's description
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who can see it (YouTube's default: public)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privacy_status: Option<PrivacyStatus>,
    /// Keyword tags
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// The language of the title and description (`en`, `fr`, ...)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_language: Option<String>,
    /// The content owner the request is made for (YouTube content partners only)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_behalf_of_content_owner: Option<String>,
    /// The channel of that content owner the playlist is added to
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_behalf_of_content_owner_channel: Option<String>,
}

/// The input of `playlist_create`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreatePlaylist {
    /// The playlist's title
    #[field(label = "Title")]
    pub title: String,
    /// Description, privacy, tags, language
    #[field(label = "Options")]
    #[serde(default)]
    pub options: CreatePlaylistOptions,
}

/// Which playlists to list (default: your own).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlaylistFilters {
    /// The playlists of this channel
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    /// These playlists: comma-separated IDs
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// Language and content owner of a playlist listing.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListPlaylistsOptions {
    /// The language to return localized titles and descriptions in (`en`, `fr`, ...)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hl: Option<String>,
    /// The content owner the request is made for (YouTube content partners only)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_behalf_of_content_owner: Option<String>,
    /// The channel of that content owner the request is made for
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_behalf_of_content_owner_channel: Option<String>,
}

/// The input of `playlist_getAll`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ListPlaylists {
    /// Which parts of each playlist to return
    #[field(label = "Fields")]
    #[schemars(extend("default" = ["*"]))]
    pub part: Vec<PlaylistPart>,
    /// Return every playlist, not only the first `limit`
    #[field(label = "Return All", default = false)]
    #[serde(default)]
    pub return_all: bool,
    /// How many playlists to return
    #[field(label = "Limit", default = 25, min = 1, hide(returnAll = [true]))]
    #[serde(default = "twenty_five")]
    pub limit: u32,
    /// A channel or IDs (default: your own playlists)
    #[field(label = "Filters")]
    #[serde(default)]
    pub filters: PlaylistFilters,
    /// Language and content owner
    #[field(label = "Options")]
    #[serde(default)]
    pub options: ListPlaylistsOptions,
}

/// The input of `playlist_delete`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DeletePlaylist {
    /// The playlist's ID
    #[field(label = "Playlist ID")]
    pub playlist_id: String,
    /// Content owner
    #[field(label = "Options")]
    #[serde(default)]
    pub options: OwnerOptions,
}

/// The fields of a playlist to change; the others keep their values.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlaylistUpdateFields {
    /// The new description
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who can see it
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privacy_status: Option<PrivacyStatus>,
    /// The new tags (they replace the old ones)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// The language of the title and description
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_language: Option<String>,
}

/// The input of `playlist_update`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePlaylist {
    /// The playlist's ID
    #[field(label = "Playlist ID")]
    pub playlist_id: String,
    /// The playlist's title
    #[field(label = "Title")]
    pub title: String,
    /// Description, privacy, tags, language: only those given change
    #[field(label = "Update Fields")]
    #[serde(default)]
    pub update_fields: PlaylistUpdateFields,
}

/// The input of `video_get`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetVideo {
    /// The video's ID (what follows `v=` in its URL)
    #[field(label = "Video ID", placeholder = "dQw4w9WgXcQ")]
    pub video_id: String,
    /// Which parts of the video to return
    #[field(label = "Fields")]
    #[schemars(extend("default" = ["*"]))]
    pub part: Vec<VideoPart>,
    /// Content owner
    #[field(label = "Options")]
    #[serde(default)]
    pub options: OwnerOptions,
}

/// The input of `video_delete`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DeleteVideo {
    /// The video's ID
    #[field(label = "Video ID")]
    pub video_id: String,
    /// Content owner
    #[field(label = "Options")]
    #[serde(default)]
    pub options: OwnerOptions,
}

/// What kind of videos a search returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum VideoType {
    /// Any video
    Any,
    /// Episodes of shows
    Episode,
    /// Movies
    Movie,
}

/// Which videos to find (default: your own uploads).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VideoFilters {
    /// Only the videos of this channel
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    /// Only the videos uploaded through this app's developer project
    #[serde(skip_serializing_if = "Option::is_none")]
    pub for_developer: Option<bool>,
    /// Only videos published at or after this time (RFC 3339, e.g. `2024-01-01T00:00:00Z`)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_after: Option<String>,
    /// Only videos published before this time (RFC 3339)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_before: Option<String>,
    /// Search text (`|` for OR, `-` to exclude a word)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Videos viewable in this country (ISO 3166-1 alpha-2, e.g. `US`)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_code: Option<String>,
    /// Only videos of this category
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_category_id: Option<String>,
    /// Only videos that can be played outside youtube.com
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_syndicated: Option<bool>,
    /// Only episodes or only movies
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_type: Option<VideoType>,
}

/// How search results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum SearchOrder {
    /// Newest first
    #[serde(rename = "date")]
    Date,
    /// Highest rated first
    #[serde(rename = "rating")]
    Rating,
    /// Most relevant first
    #[serde(rename = "relevance")]
    Relevance,
    /// By title
    #[serde(rename = "title")]
    Title,
    /// Most viewed first
    #[serde(rename = "viewCount")]
    ViewCount,
}

/// How restricted content is filtered out of search results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SafeSearch {
    /// Moderate (YouTube's default)
    Moderate,
    /// None
    None,
    /// Strict
    Strict,
}

/// Order and safe search of a video search.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VideoSearchOptions {
    /// How the results are ordered
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<SearchOrder>,
    /// How restricted content is filtered
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safe_search: Option<SafeSearch>,
}

/// The input of `video_getAll`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ListVideos {
    /// Return every video found, not only the first `limit`
    #[field(label = "Return All", default = false)]
    #[serde(default)]
    pub return_all: bool,
    /// How many videos to return
    #[field(label = "Limit", default = 25, min = 1, hide(returnAll = [true]))]
    #[serde(default = "twenty_five")]
    pub limit: u32,
    /// Channel, text, dates, region, category (without a channel or text: your own uploads)
    #[field(label = "Filters")]
    #[serde(default)]
    pub filters: VideoFilters,
    /// Order and safe search
    #[field(label = "Options")]
    #[serde(default)]
    pub options: VideoSearchOptions,
}

/// The input of `channel_get`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetChannel {
    /// The channel's ID (`UC...`)
    #[field(label = "Channel ID", placeholder = "UCxxxxxxxxxxxxxxxxxxxxxx")]
    pub channel_id: String,
    /// Which parts of the channel to return
    #[field(label = "Fields")]
    #[schemars(extend("default" = ["*"]))]
    pub part: Vec<ChannelPart>,
}

/// Which channels to list (default: your own).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelFilters {
    /// The channel with this handle (`@name`)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub for_handle: Option<String>,
    /// The channel of this legacy YouTube username
    #[serde(skip_serializing_if = "Option::is_none")]
    pub for_username: Option<String>,
    /// These channels: comma-separated IDs
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The channels your content owner account manages (YouTube content partners only)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_by_me: Option<bool>,
}

/// Language and content owner of a channel listing.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListChannelsOptions {
    /// The language to return localized titles and descriptions in (`en`, `fr`, ...)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hl: Option<String>,
    /// The content owner the request is made for (YouTube content partners only)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_behalf_of_content_owner: Option<String>,
}

/// The input of `channel_getAll`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ListChannels {
    /// Which parts of each channel to return
    #[field(label = "Fields")]
    #[schemars(extend("default" = ["*"]))]
    pub part: Vec<ChannelPart>,
    /// Return every channel, not only the first `limit`
    #[field(label = "Return All", default = false)]
    #[serde(default)]
    pub return_all: bool,
    /// How many channels to return
    #[field(label = "Limit", default = 25, min = 1, hide(returnAll = [true]))]
    #[serde(default = "twenty_five")]
    pub limit: u32,
    /// A handle, username or IDs (default: your own channel)
    #[field(label = "Filters")]
    #[serde(default)]
    pub filters: ChannelFilters,
    /// Language and content owner
    #[field(label = "Options")]
    #[serde(default)]
    pub options: ListChannelsOptions,
}

/// Where and how a video goes into a playlist.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AddPlaylistItemOptions {
    /// Its position in the playlist, from 0 (default: at the end)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    /// A note about the video, shown with it in the playlist
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The content owner the request is made for (YouTube content partners only)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_behalf_of_content_owner: Option<String>,
}

/// The input of `playlistItem_add`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct AddPlaylistItem {
    /// The playlist to add the video to
    #[field(label = "Playlist ID")]
    pub playlist_id: String,
    /// The video to add
    #[field(label = "Video ID")]
    pub video_id: String,
    /// Position, note, content owner
    #[field(label = "Options")]
    #[serde(default)]
    pub options: AddPlaylistItemOptions,
}

/// The input of `playlistItem_delete`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DeletePlaylistItem {
    /// The playlist item's ID (not the video's)
    #[field(label = "Playlist Item ID")]
    pub playlist_item_id: String,
    /// Content owner
    #[field(label = "Options")]
    #[serde(default)]
    pub options: OwnerOptions,
}

/// The input of `playlistItem_get`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetPlaylistItem {
    /// The playlist item's ID (not the video's)
    #[field(label = "Playlist Item ID")]
    pub playlist_item_id: String,
    /// Which parts of the playlist item to return
    #[field(label = "Fields")]
    #[schemars(extend("default" = ["*"]))]
    pub part: Vec<PlaylistItemPart>,
    /// Content owner
    #[field(label = "Options")]
    #[serde(default)]
    pub options: OwnerOptions,
}

/// The input of `playlistItem_getAll`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ListPlaylistItems {
    /// The playlist whose items to list
    #[field(label = "Playlist ID")]
    pub playlist_id: String,
    /// Which parts of each item to return
    #[field(label = "Fields")]
    #[schemars(extend("default" = ["*"]))]
    pub part: Vec<PlaylistItemPart>,
    /// Return every item, not only the first `limit`
    #[field(label = "Return All", default = false)]
    #[serde(default)]
    pub return_all: bool,
    /// How many items to return
    #[field(label = "Limit", default = 25, min = 1, hide(returnAll = [true]))]
    #[serde(default = "twenty_five")]
    pub limit: u32,
    /// Content owner
    #[field(label = "Options")]
    #[serde(default)]
    pub options: OwnerOptions,
}

/// A rating of a video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    /// Like
    Like,
    /// Dislike
    Dislike,
    /// None (remove your rating)
    None,
}

impl Rating {
    fn as_str(self) -> &'static str {
        match self {
            Self::Like => "like",
            Self::Dislike => "dislike",
            Self::None => "none",
        }
    }
}

/// The input of `video_rate`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct RateVideo {
    /// The video to rate
    #[field(label = "Video ID")]
    pub video_id: String,
    /// Like, dislike, or remove your rating
    #[field(label = "Rating")]
    pub rating: Rating,
}

/// Settings of a video beyond its title and category; on an update only those given change.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VideoFields {
    /// The description
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Keyword tags (they replace the old ones)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// The language of the title and description (`en`, `fr`, ...)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_language: Option<String>,
    /// Who can see the video
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privacy_status: Option<PrivacyStatus>,
    /// When a private video becomes public (RFC 3339); needs privacy `private`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish_at: Option<String>,
    /// Whether other sites may embed it
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embeddable: Option<bool>,
    /// Its license
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<VideoLicense>,
    /// Whether its statistics are public
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_stats_viewable: Option<bool>,
    /// Whether it is made for kids (COPPA)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_declared_made_for_kids: Option<bool>,
    /// Whether it holds realistic altered or synthetic content
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contains_synthetic_media: Option<bool>,
    /// When it was recorded (RFC 3339)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_date: Option<String>,
}

/// The input of `video_update`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpdateVideo {
    /// The video's ID
    #[field(label = "Video ID")]
    pub video_id: String,
    /// The video's title
    #[field(label = "Title")]
    pub title: String,
    /// The video's category ID (e.g. `22` People & Blogs; see videoCategories)
    #[field(label = "Category ID", placeholder = "22")]
    pub category_id: String,
    /// Description, tags, privacy, license, ...: only those given change
    #[field(label = "Update Fields")]
    #[serde(default)]
    pub update_fields: VideoFields,
}

/// Settings of a new video.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadOptions {
    /// Description, tags, privacy, license, ...
    #[serde(flatten)]
    pub fields: VideoFields,
    /// Whether subscribers are notified (YouTube's default: yes)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_subscribers: Option<bool>,
}

/// The input of `video_upload`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UploadVideo {
    /// The video's title
    #[field(label = "Title")]
    pub title: String,
    /// The video's category ID (e.g. `22` People & Blogs)
    #[field(label = "Category ID", placeholder = "22")]
    pub category_id: String,
    /// The name of the item's file property that holds the video
    #[field(label = "Input Binary Field", default = "data")]
    pub binary_property: String,
    /// The item's files by property name, each `{"data": base64, "mimeType": "video/mp4", "fileName": ...}`
    /// (n8n's shape): the video is the one named by `binaryProperty`
    #[field(label = "Binary Data")]
    pub binary: Option<Map<String, Value>>,
    /// Description, tags, privacy, license, notification, ...
    #[field(label = "Options")]
    #[serde(default)]
    pub options: UploadOptions,
}

/// What a delete removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Deleted {
    /// The ID of what was deleted
    pub id: String,
    /// Always true
    pub deleted: bool,
}

/// A rating given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rated {
    /// The rated video
    pub video_id: String,
    /// The rating now in place
    pub rating: Rating,
}

/// The channel a connection acts as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OwnChannel {
    /// Its ID
    pub channel_id: String,
}

/// Configuration of the `new_video` trigger.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct WatchUploads {
    /// The channel whose uploads to watch (blank: your own)
    #[field(label = "Channel ID", placeholder = "UCxxxxxxxxxxxxxxxxxxxxxx")]
    pub channel_id: Option<String>,
}

fn twenty_five() -> u32 {
    25
}

#[actions]
impl YouTube {
    /// Get a playlist by its ID
    #[action(
        name = "Get a Playlist",
        category = "Playlists",
        icon = "list",
        idempotent,
        http(method = "GET", endpoint = "/youtube/v3/playlists")
    )]
    async fn playlist_get(&self, input: GetPlaylist) -> Result<Value> {
        let id = one_id("playlistId", &input.playlist_id)?;
        self.get_one("playlists", "playlist", id, part_param(&input.part)?, &input.options).await
    }

    /// Create a playlist on your channel
    #[action(
        name = "Create Playlist",
        category = "Playlists",
        icon = "plus",
        http(method = "POST", endpoint = "/youtube/v3/playlists")
    )]
    async fn playlist_create(&self, input: CreatePlaylist) -> Result<Value> {
        let options = input.options;
        let mut snippet = json!({ "title": non_blank("title", &input.title)? });
        put_text(&mut snippet, "description", options.description.as_deref());
        put_text(&mut snippet, "defaultLanguage", options.default_language.as_deref());
        if let Some(tags) = &options.tags {
            snippet["tags"] = json!(tags.list());
        }
        let mut body = json!({ "snippet": snippet });
        let mut parts = vec!["snippet"];
        if let Some(privacy) = options.privacy_status {
            body["status"] = json!({ "privacyStatus": privacy });
            parts.push("status");
        }
        let owner = OwnerChannelOptions {
            on_behalf_of_content_owner: options.on_behalf_of_content_owner,
            on_behalf_of_content_owner_channel: options.on_behalf_of_content_owner_channel,
        };
        let request = self.api("POST", "playlists").query(&json!({ "part": parts.join(",") })).query(&owner);
        google::send_json(request.json(&body)).await
    }

    /// List playlists: yours, a channel's, or given ones
    #[action(
        legacy_id = "playlist_getAll",
        name = "Get Many Playlists",
        category = "Playlists",
        icon = "list",
        idempotent,
        http(method = "GET", endpoint = "/youtube/v3/playlists")
    )]
    async fn playlist_get_all(&self, input: ListPlaylists) -> Result<Vec<Value>> {
        let mut query = Map::new();
        query.insert("part".into(), part_param(&input.part)?.into());
        let filters = object_of(&input.filters)?;
        if filters.is_empty() {
            query.insert("mine".into(), true.into());
        }
        query.extend(filters);
        query.extend(object_of(&input.options)?);
        self.list("playlists", query, input.return_all, input.limit).await
    }

    /// Delete a playlist (its videos stay)
    #[action(
        name = "Delete Playlist",
        category = "Playlists",
        icon = "trash",
        idempotent,
        http(method = "DELETE", endpoint = "/youtube/v3/playlists")
    )]
    async fn playlist_delete(&self, input: DeletePlaylist) -> Result<Deleted> {
        let id = one_id("playlistId", &input.playlist_id)?;
        self.delete("playlists", id, &input.options).await
    }

    /// Get a video by its ID
    #[action(
        name = "Get a Video",
        category = "Videos",
        icon = "video",
        idempotent,
        http(method = "GET", endpoint = "/youtube/v3/videos")
    )]
    async fn video_get(&self, input: GetVideo) -> Result<Value> {
        let id = one_id("videoId", &input.video_id)?;
        self.get_one("videos", "video", id, part_param(&input.part)?, &input.options).await
    }

    /// Delete one of your videos
    #[action(
        name = "Delete a Video",
        category = "Videos",
        icon = "trash",
        idempotent,
        http(method = "DELETE", endpoint = "/youtube/v3/videos")
    )]
    async fn video_delete(&self, input: DeleteVideo) -> Result<Deleted> {
        let id = one_id("videoId", &input.video_id)?;
        self.delete("videos", id, &input.options).await
    }

    /// Search videos: your own uploads, or a channel's, or by text
    ///
    /// Without a channel or search text, the search covers the videos you uploaded (where YouTube
    /// takes no video type or syndication filter).
    #[action(
        legacy_id = "video_getAll",
        name = "Get Many Videos",
        category = "Videos",
        icon = "search",
        idempotent,
        http(method = "GET", endpoint = "/youtube/v3/search")
    )]
    async fn video_get_all(&self, input: ListVideos) -> Result<Vec<Value>> {
        let mut query = Map::new();
        query.insert("part".into(), "snippet".into());
        query.insert("type".into(), "video".into());
        let mut filters = object_of(&input.filters)?;
        if let Some(syndicated) = filters.remove("videoSyndicated") {
            if syndicated == true {
                filters.insert("videoSyndicated".into(), "true".into());
            }
        }
        if !filters.contains_key("channelId") && !filters.contains_key("q") {
            // YouTube refuses these filters on a search of your own uploads.
            if let Some(filter) = ["videoType", "videoSyndicated"].into_iter().find(|f| filters.contains_key(*f)) {
                return Err(ConnectorError::invalid_input(format!(
                    "`{filter}` needs a channel or search text: YouTube does not apply it to your own uploads"
                )));
            }
            query.insert("forMine".into(), true.into());
        }
        query.extend(filters);
        query.extend(object_of(&input.options)?);
        self.list("search", query, input.return_all, input.limit).await
    }

    /// Get a channel by its ID
    #[action(
        name = "Get a Channel",
        category = "Channels",
        icon = "tv",
        idempotent,
        http(method = "GET", endpoint = "/youtube/v3/channels")
    )]
    async fn channel_get(&self, input: GetChannel) -> Result<Value> {
        let id = one_id("channelId", &input.channel_id)?;
        self.get_one("channels", "channel", id, part_param(&input.part)?, &OwnerOptions::default()).await
    }

    /// List channels: yours, or by handle, username or IDs
    #[action(
        legacy_id = "channel_getAll",
        name = "Get Many Channels",
        category = "Channels",
        icon = "list",
        idempotent,
        http(method = "GET", endpoint = "/youtube/v3/channels")
    )]
    async fn channel_get_all(&self, input: ListChannels) -> Result<Vec<Value>> {
        let mut query = Map::new();
        query.insert("part".into(), part_param(&input.part)?.into());
        let mut filters = object_of(&input.filters)?;
        if filters.get("managedByMe") == Some(&Value::Bool(false)) {
            filters.remove("managedByMe");
        }
        if filters.is_empty() {
            query.insert("mine".into(), true.into());
        }
        query.extend(filters);
        query.extend(object_of(&input.options)?);
        self.list("channels", query, input.return_all, input.limit).await
    }

    /// Change a playlist's title, and its description, privacy, tags or language
    ///
    /// The playlist is read first, so the fields not given keep their values (YouTube replaces
    /// a whole part on update).
    #[action(
        name = "Update Playlist",
        category = "Playlists",
        icon = "edit",
        idempotent,
        http(method = "PUT", endpoint = "/youtube/v3/playlists")
    )]
    async fn playlist_update(&self, input: UpdatePlaylist) -> Result<Value> {
        let id = one_id("playlistId", &input.playlist_id)?;
        let fields = input.update_fields;
        let read = if fields.privacy_status.is_some() { "snippet,status" } else { "snippet" };
        let current = self.get_one("playlists", "playlist", id, read.into(), &OwnerOptions::default()).await?;
        let mut snippet = writable(&current["snippet"], &["description", "tags", "defaultLanguage"]);
        snippet.insert("title".into(), non_blank("title", &input.title)?.into());
        let mut snippet = Value::Object(snippet);
        put_text(&mut snippet, "description", fields.description.as_deref());
        put_text(&mut snippet, "defaultLanguage", fields.default_language.as_deref());
        if let Some(tags) = &fields.tags {
            snippet["tags"] = json!(tags.list());
        }
        let mut body = json!({ "id": id, "snippet": snippet });
        if let Some(privacy) = fields.privacy_status {
            let mut status = writable(&current["status"], &["podcastStatus"]);
            status.insert("privacyStatus".into(), json!(privacy));
            body["status"] = Value::Object(status);
        }
        let request = self.api("PUT", "playlists").query(&json!({ "part": read }));
        google::send_json(request.json(&body)).await
    }

    /// Add a video to a playlist
    #[action(
        legacy_id = "playlistItem_add",
        name = "Add Playlist Item",
        category = "Playlist Items",
        icon = "plus",
        http(method = "POST", endpoint = "/youtube/v3/playlistItems")
    )]
    async fn playlist_item_add(&self, input: AddPlaylistItem) -> Result<Value> {
        let options = input.options;
        let mut snippet = json!({
            "playlistId": one_id("playlistId", &input.playlist_id)?,
            "resourceId": { "kind": "youtube#video", "videoId": one_id("videoId", &input.video_id)? },
        });
        if let Some(position) = options.position {
            snippet["position"] = position.into();
        }
        let mut body = json!({ "snippet": snippet });
        let mut parts = vec!["snippet"];
        if let Some(note) = options.note.as_deref().filter(|n| !n.trim().is_empty()) {
            body["contentDetails"] = json!({ "note": note });
            parts.push("contentDetails");
        }
        let owner = OwnerOptions { on_behalf_of_content_owner: options.on_behalf_of_content_owner };
        let request = self.api("POST", "playlistItems").query(&json!({ "part": parts.join(",") })).query(&owner);
        google::send_json(request.json(&body)).await
    }

    /// Remove an item from a playlist
    #[action(
        legacy_id = "playlistItem_delete",
        name = "Delete Playlist Item",
        category = "Playlist Items",
        icon = "trash",
        idempotent,
        http(method = "DELETE", endpoint = "/youtube/v3/playlistItems")
    )]
    async fn playlist_item_delete(&self, input: DeletePlaylistItem) -> Result<Deleted> {
        let id = one_id("playlistItemId", &input.playlist_item_id)?;
        self.delete("playlistItems", id, &input.options).await
    }

    /// Get a playlist item by its ID
    #[action(
        legacy_id = "playlistItem_get",
        name = "Get a Playlist Item",
        category = "Playlist Items",
        icon = "file",
        idempotent,
        http(method = "GET", endpoint = "/youtube/v3/playlistItems")
    )]
    async fn playlist_item_get(&self, input: GetPlaylistItem) -> Result<Value> {
        let id = one_id("playlistItemId", &input.playlist_item_id)?;
        self.get_one("playlistItems", "playlist item", id, part_param(&input.part)?, &input.options).await
    }

    /// List the items of a playlist, in playlist order
    #[action(
        legacy_id = "playlistItem_getAll",
        name = "Get Many Playlist Items",
        category = "Playlist Items",
        icon = "list",
        idempotent,
        http(method = "GET", endpoint = "/youtube/v3/playlistItems")
    )]
    async fn playlist_item_get_all(&self, input: ListPlaylistItems) -> Result<Vec<Value>> {
        let mut query = Map::new();
        query.insert("part".into(), part_param(&input.part)?.into());
        query.insert("playlistId".into(), one_id("playlistId", &input.playlist_id)?.into());
        query.extend(object_of(&input.options)?);
        self.list("playlistItems", query, input.return_all, input.limit).await
    }

    /// Like or dislike a video, or remove your rating
    #[action(
        name = "Rate a Video",
        category = "Videos",
        icon = "thumbs-up",
        idempotent,
        http(method = "POST", endpoint = "/youtube/v3/videos/rate")
    )]
    async fn video_rate(&self, input: RateVideo) -> Result<Rated> {
        let id = one_id("videoId", &input.video_id)?;
        let request = self.api("POST", "videos/rate").query(&json!({ "id": id, "rating": input.rating.as_str() }));
        // Google answers a POST without a length with 411, and an empty body is sent without one.
        google::send(request.header("Content-Length", "0").idempotent()).await?;
        Ok(Rated { video_id: id.to_owned(), rating: input.rating })
    }

    /// Change a video's title and category, and its description, tags, privacy or other settings
    ///
    /// The video is read first, so the settings not given keep their values (YouTube replaces a
    /// whole part on update).
    #[action(
        name = "Update a Video",
        category = "Videos",
        icon = "edit",
        idempotent,
        http(method = "PUT", endpoint = "/youtube/v3/videos")
    )]
    async fn video_update(&self, input: UpdateVideo) -> Result<Value> {
        let id = one_id("videoId", &input.video_id)?;
        let fields = &input.update_fields;
        let changes_status = !status_of(fields).is_empty();
        let changes_recording = fields.recording_date.is_some();
        let mut read = vec!["snippet"];
        read.extend(changes_status.then_some("status"));
        read.extend(changes_recording.then_some("recordingDetails"));
        let current = self.get_one("videos", "video", id, read.join(","), &OwnerOptions::default()).await?;
        let keep = ["description", "tags", "defaultLanguage", "defaultAudioLanguage"];
        let mut snippet = writable(&current["snippet"], &keep);
        snippet.extend(snippet_of(&input.title, &input.category_id, fields)?);
        let mut body = json!({ "id": id, "snippet": snippet });
        if changes_status {
            let keep = [
                "privacyStatus",
                "publishAt",
                "embeddable",
                "license",
                "publicStatsViewable",
                "selfDeclaredMadeForKids",
                "containsSyntheticMedia",
            ];
            let mut status = writable(&current["status"], &keep);
            status.extend(status_of(fields));
            body["status"] = Value::Object(status);
        }
        if let Some(date) = &fields.recording_date {
            body["recordingDetails"] = json!({ "recordingDate": date });
        }
        let request = self.api("PUT", "videos").query(&json!({ "part": read.join(",") }));
        google::send_json(request.json(&body)).await
    }

    /// Upload a video from the item's file, with its title, category and settings
    ///
    /// Sent with YouTube's resumable upload protocol: a first request opens an upload session
    /// with the video's metadata, a second sends the bytes to it.
    #[action(
        name = "Upload a Video",
        category = "Videos",
        icon = "upload",
        http(method = "POST", endpoint = "/upload/youtube/v3/videos")
    )]
    async fn video_upload(&self, input: UploadVideo) -> Result<Value> {
        let file = upload::VideoFile::from_binary(input.binary.as_ref(), &input.binary_property)?;
        let fields = &input.options.fields;
        let mut metadata = json!({ "snippet": snippet_of(&input.title, &input.category_id, fields)? });
        let mut parts = vec!["snippet"];
        let status = status_of(fields);
        if !status.is_empty() {
            metadata["status"] = Value::Object(status);
            parts.push("status");
        }
        if let Some(date) = &fields.recording_date {
            metadata["recordingDetails"] = json!({ "recordingDate": date });
            parts.push("recordingDetails");
        }
        let mut query = json!({ "uploadType": "resumable", "part": parts.join(",") });
        if let Some(notify) = input.options.notify_subscribers {
            query["notifySubscribers"] = notify.into();
        }
        upload::resumable(&self.http, &query, &metadata, file).await
    }

    /// A video was added to a channel's uploads (your own channel unless one is named)
    ///
    /// Polls the newest page of the channel's uploads playlist; the first poll only records where
    /// the uploads stand. Videos you upload are reported as they are added, private ones included.
    #[trigger(name = "New Video", event_type = "video.uploaded", icon = "video", polling, event_id = "/videoId")]
    async fn new_video(&self, config: WatchUploads, cursor: Option<Value>) -> Result<Polled<NewVideo>> {
        let channel = config.channel_id.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let watched = channel.unwrap_or("mine");
        // A cursor of another channel (the configuration changed) starts over.
        let before = cursor
            .and_then(|c| serde_json::from_value::<UploadsCursor>(c).ok())
            .filter(|c| c.channel == watched && !c.playlist.is_empty());
        let playlist = match &before {
            Some(before) => before.playlist.clone(),
            None => self.uploads_playlist(channel).await?,
        };
        let query =
            json!({ "part": "snippet,contentDetails,status", "playlistId": playlist, "maxResults": MAX_PAGE_SIZE });
        let page: Value = google::send_json(self.api("GET", "playlistItems").query(&query)).await?;
        let items = page["items"].as_array().map(Vec::as_slice).unwrap_or_default();
        let (events, cursor) = new_videos::select(items, before.as_ref(), watched, &playlist);
        Ok(Polled { events, cursor: Some(json!(cursor)) })
    }

    /// Reads the connection's own channel: proves the token works and the account has a channel.
    #[test_connection]
    async fn own_channel(&self) -> Result<OwnChannel> {
        let request = self.api("GET", "channels").query(&json!({ "part": "id", "mine": true }));
        let page: Value = google::send_json(request).await?;
        let channel_id = page["items"][0]["id"].as_str().ok_or_else(|| {
            ConnectorError::new(ErrorCode::NotFound, "this Google account has no YouTube channel: create one first")
        })?;
        Ok(OwnChannel { channel_id: channel_id.to_owned() })
    }
}

impl YouTube {
    /// A request of `method` to a resource of the Data API (`videos`, `playlists`, ...).
    fn api(&self, method: &str, resource: &str) -> Request {
        self.http.request(method, &format!("{API}/{resource}"))
    }

    /// The one `resource` with this ID, with the parts `part`; not found when YouTube lists none.
    async fn get_one(
        &self,
        resource: &str,
        what: &str,
        id: &str,
        part: String,
        options: &impl Serialize,
    ) -> Result<Value> {
        let request = self.api("GET", resource).query(&json!({ "part": part, "id": id })).query(options);
        let page: Value = google::send_json(request).await?;
        match page["items"].as_array().and_then(|items| items.first()) {
            Some(item) => Ok(item.clone()),
            None => Err(ConnectorError::new(
                ErrorCode::NotFound,
                format!("YouTube has no {what} `{id}` that this account can see"),
            )),
        }
    }

    /// Every item of a `resource` listing with `query`, or the first `limit`.
    async fn list(&self, resource: &str, mut query: Map<String, Value>, all: bool, limit: u32) -> Result<Vec<Value>> {
        let max_items = if all { usize::MAX } else { limit.max(1) as usize };
        let page_size = if all { MAX_PAGE_SIZE } else { limit.clamp(1, MAX_PAGE_SIZE) };
        query.insert("maxResults".into(), page_size.into());
        let path = format!("{API}/{resource}");
        google::list_all(&self.http, &path, &query, "items", max_items).await.map_err(google::refine_error)
    }

    /// The uploads playlist of `channel` (`None`: the connection's own).
    async fn uploads_playlist(&self, channel: Option<&str>) -> Result<String> {
        let query = match channel {
            Some(id) => json!({ "part": "contentDetails", "id": one_id("channelId", id)? }),
            None => json!({ "part": "contentDetails", "mine": true }),
        };
        let page: Value = google::send_json(self.api("GET", "channels").query(&query)).await?;
        let uploads = page["items"][0]["contentDetails"]["relatedPlaylists"]["uploads"].as_str();
        uploads.filter(|p| !p.is_empty()).map(str::to_owned).ok_or_else(|| {
            let which = channel.map_or_else(
                || "this account has no YouTube channel".to_owned(),
                |id| format!("YouTube has no channel `{id}`"),
            );
            ConnectorError::new(ErrorCode::NotFound, format!("no uploads to watch: {which}"))
        })
    }

    /// Deletes the `resource` with this ID.
    async fn delete(&self, resource: &str, id: &str, options: &OwnerOptions) -> Result<Deleted> {
        let request = self.api("DELETE", resource).query(&json!({ "id": id })).query(options);
        google::send(request).await?;
        Ok(Deleted { id: id.to_owned(), deleted: true })
    }
}

/// `value` trimmed, or an invalid-input error naming `field` when it is blank.
fn non_blank<'a>(field: &str, value: &'a str) -> Result<&'a str> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` is empty")));
    }
    Ok(value)
}

/// One ID: not blank, and not a comma-separated list (which YouTube would read as several).
fn one_id<'a>(field: &str, value: &'a str) -> Result<&'a str> {
    let value = non_blank(field, value)?;
    if value.contains(',') {
        return Err(ConnectorError::invalid_input(format!("`{field}` takes one ID, not a list: `{value}`")));
    }
    Ok(value)
}

/// Sets `object[key]` to `text` when it is given and not blank.
fn put_text(object: &mut Value, key: &str, text: Option<&str>) {
    if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
        object[key] = text.into();
    }
}

/// The filters or options given (blank texts left out), as query parameters.
fn object_of(value: &impl Serialize) -> Result<Map<String, Value>> {
    let Value::Object(mut map) = serde_json::to_value(value).map_err(|e| ConnectorError::internal(e.to_string()))?
    else {
        return Ok(Map::new());
    };
    map.retain(|_, v| !v.is_null() && v.as_str().is_none_or(|text| !text.trim().is_empty()));
    Ok(map)
}

/// The `keep` fields of a part as YouTube returned it: what an update sends back unchanged.
fn writable(part: &Value, keep: &[&str]) -> Map<String, Value> {
    keep.iter().filter_map(|key| part.get(*key).map(|value| ((*key).to_owned(), value.clone()))).collect()
}

/// A video's `snippet` from its title, category and the fields given.
fn snippet_of(title: &str, category_id: &str, fields: &VideoFields) -> Result<Map<String, Value>> {
    let mut snippet = json!({
        "title": non_blank("title", title)?,
        "categoryId": non_blank("categoryId", category_id)?,
    });
    put_text(&mut snippet, "description", fields.description.as_deref());
    put_text(&mut snippet, "defaultLanguage", fields.default_language.as_deref());
    if let Some(tags) = &fields.tags {
        snippet["tags"] = json!(tags.list());
    }
    Ok(snippet.as_object().cloned().unwrap_or_default())
}

/// The `status` settings given (privacy, schedule, embedding, license, ...).
fn status_of(fields: &VideoFields) -> Map<String, Value> {
    let mut status = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            status.insert(key.to_owned(), value);
        }
    };
    put("privacyStatus", fields.privacy_status.map(|p| json!(p)));
    put("publishAt", fields.publish_at.as_ref().filter(|t| !t.trim().is_empty()).map(|t| json!(t)));
    put("embeddable", fields.embeddable.map(Value::from));
    put("license", fields.license.map(|l| json!(l)));
    put("publicStatsViewable", fields.public_stats_viewable.map(Value::from));
    put("selfDeclaredMadeForKids", fields.self_declared_made_for_kids.map(Value::from));
    put("containsSyntheticMedia", fields.contains_synthetic_media.map(Value::from));
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_stands_for_each_part_and_repeats_are_dropped() {
        assert_eq!(part_param(&[PlaylistPart::All, PlaylistPart::Id]).unwrap(), PlaylistPart::EACH.join(","));
        assert_eq!(
            part_param(&[VideoPart::Snippet, VideoPart::Statistics, VideoPart::Snippet]).unwrap(),
            "snippet,statistics"
        );
        assert_eq!(part_param::<ChannelPart>(&[]).unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn tags_come_as_a_list_or_comma_separated_text() {
        assert_eq!(Tags::Text(" a, b ,,c".into()).list(), ["a", "b", "c"]);
        assert_eq!(Tags::List(vec!["x y".into(), " ".into()]).list(), ["x y"]);
    }

    #[test]
    fn one_id_rejects_blanks_and_lists() {
        assert_eq!(one_id("videoId", " abc ").unwrap(), "abc");
        assert!(one_id("videoId", "  ").unwrap_err().message.contains("`videoId` is empty"));
        assert!(one_id("videoId", "a,b").unwrap_err().message.contains("one ID"));
    }
}
