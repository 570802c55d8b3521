use fluxturn_core::prelude::*;
use serde_json::Value;

/// Trello: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/trello.json`.
#[connector(
    name = "trello",
    display_name = "Trello",
    category = "project_management",
    base_url = "https://api.trello.com/1",
    icon = "icons/trello.svg",
    // Where the key goes: a header (with a prefix), `query = "key"`, or `url` for a base_url placeholder.
    auth = api_key(header = "Authorization", prefix = "Bearer ", field = "accessToken"),
    credentials = TrelloCredentials,
)]
pub struct Trello {
    http: Http,
}

/// What the user enters in the "Add Trello" form.
#[derive(Credentials)]
pub struct TrelloCredentials {
    /// Api Key
    #[field(key = "apiKey", label = "Api Key")]
    pub api_key: String,
    /// Access Token
    #[field(key = "accessToken", label = "Access Token", secret)]
    pub access_token: Secret<String>,
}

/// The choices of `pos`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateCardInputPos {
    /// top
    #[serde(rename = "top")]
    Top,
    /// bottom
    #[serde(rename = "bottom")]
    Bottom,
}

/// The input of `create_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCardInput {
    /// Desc
    #[field(label = "Desc", input_type = "textarea")]
    pub desc: Option<String>,
    /// Due
    #[field(label = "Due")]
    pub due: Option<String>,
    /// Due Complete
    #[field(label = "Due Complete", default = false)]
    #[serde(rename = "dueComplete")]
    pub due_complete: Option<bool>,
    /// Id Card Source
    #[field(label = "Id Card Source")]
    #[serde(rename = "idCardSource")]
    pub id_card_source: Option<String>,
    /// Id Labels
    #[field(label = "Id Labels")]
    #[serde(rename = "idLabels")]
    pub id_labels: Option<String>,
    /// Id List
    #[field(label = "Id List")]
    #[serde(rename = "idList")]
    pub id_list: String,
    /// Id Members
    #[field(label = "Id Members")]
    #[serde(rename = "idMembers")]
    pub id_members: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Pos
    #[field(label = "Pos", default = "bottom")]
    pub pos: Option<CreateCardInputPos>,
    /// Url Source
    #[field(label = "Url Source")]
    #[serde(rename = "urlSource")]
    pub url_source: Option<String>,
}

/// The input of `update_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateCardInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Closed
    #[field(label = "Closed", default = false)]
    pub closed: Option<bool>,
    /// Desc
    #[field(label = "Desc", input_type = "textarea")]
    pub desc: Option<String>,
    /// Due
    #[field(label = "Due")]
    pub due: Option<String>,
    /// Due Complete
    #[field(label = "Due Complete")]
    #[serde(rename = "dueComplete")]
    pub due_complete: Option<bool>,
    /// Id Board
    #[field(label = "Id Board")]
    #[serde(rename = "idBoard")]
    pub id_board: Option<String>,
    /// Id Labels
    #[field(label = "Id Labels")]
    #[serde(rename = "idLabels")]
    pub id_labels: Option<String>,
    /// Id List
    #[field(label = "Id List")]
    #[serde(rename = "idList")]
    pub id_list: Option<String>,
    /// Id Members
    #[field(label = "Id Members")]
    #[serde(rename = "idMembers")]
    pub id_members: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Pos
    #[field(label = "Pos")]
    pub pos: Option<String>,
}

/// The choices of `checklists`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetCardInputChecklists {
    /// none
    #[serde(rename = "none")]
    None,
    /// all
    #[serde(rename = "all")]
    All,
}

/// The input of `get_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCardInput {
    /// Attachments
    #[field(label = "Attachments", default = false)]
    pub attachments: Option<bool>,
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Checklists
    #[field(label = "Checklists", default = "none")]
    pub checklists: Option<GetCardInputChecklists>,
    /// Fields
    #[field(label = "Fields", default = "all")]
    pub fields: Option<String>,
    /// Labels
    #[field(label = "Labels", default = true)]
    pub labels: Option<bool>,
    /// Members
    #[field(label = "Members", default = true)]
    pub members: Option<bool>,
}

/// The choices of `filter`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetCardsInputFilter {
    /// all
    #[serde(rename = "all")]
    All,
    /// visible
    #[serde(rename = "visible")]
    Visible,
    /// open
    #[serde(rename = "open")]
    Open,
    /// closed
    #[serde(rename = "closed")]
    Closed,
}

/// The input of `get_cards`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCardsInput {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: Option<String>,
    /// Fields
    #[field(label = "Fields", default = "all")]
    pub fields: Option<String>,
    /// Filter
    #[field(label = "Filter", default = "visible")]
    pub filter: Option<GetCardsInputFilter>,
    /// Limit
    #[field(label = "Limit", default = 100)]
    pub limit: Option<f64>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: Option<String>,
}

/// The input of `delete_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteCardInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
}

/// The input of `archive_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ArchiveCardInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Closed
    #[field(label = "Closed", default = true)]
    pub closed: Option<bool>,
}

/// The choices of `pos`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum MoveCardInputPos {
    /// top
    #[serde(rename = "top")]
    Top,
    /// bottom
    #[serde(rename = "bottom")]
    Bottom,
}

/// The input of `move_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct MoveCardInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Id Board
    #[field(label = "Id Board")]
    #[serde(rename = "idBoard")]
    pub id_board: Option<String>,
    /// Id List
    #[field(label = "Id List")]
    #[serde(rename = "idList")]
    pub id_list: String,
    /// Pos
    #[field(label = "Pos", default = "bottom")]
    pub pos: Option<MoveCardInputPos>,
}

/// The input of `copy_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CopyCardInput {
    /// Id Card Source
    #[field(label = "Id Card Source")]
    #[serde(rename = "idCardSource")]
    pub id_card_source: String,
    /// Id List
    #[field(label = "Id List")]
    #[serde(rename = "idList")]
    pub id_list: String,
    /// Keep From Source
    #[field(label = "Keep From Source", default = "all")]
    #[serde(rename = "keepFromSource")]
    pub keep_from_source: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
}

/// The input of `set_due_date`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SetDueDateInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Due
    #[field(label = "Due")]
    pub due: String,
    /// Due Reminder
    #[field(label = "Due Reminder")]
    #[serde(rename = "dueReminder")]
    pub due_reminder: Option<String>,
}

/// The input of `complete_due_date`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CompleteDueDateInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Due Complete
    #[field(label = "Due Complete", default = true)]
    #[serde(rename = "dueComplete")]
    pub due_complete: bool,
}

/// The input of `add_member`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddMemberInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Member Id
    #[field(label = "Member Id")]
    #[serde(rename = "memberId")]
    pub member_id: String,
}

/// The input of `remove_member_from_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RemoveMemberFromCardInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Member Id
    #[field(label = "Member Id")]
    #[serde(rename = "memberId")]
    pub member_id: String,
}

/// The input of `get_card_members`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCardMembersInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
}

/// The input of `add_label_to_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddLabelToCardInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Value
    #[field(label = "Value")]
    pub value: String,
}

/// The input of `remove_label_from_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RemoveLabelFromCardInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Label Id
    #[field(label = "Label Id")]
    #[serde(rename = "labelId")]
    pub label_id: String,
}

/// The input of `create_label`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateLabelInput {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Color
    #[field(label = "Color")]
    pub color: String,
    /// Name
    #[field(label = "Name")]
    pub name: String,
}

/// The input of `update_label`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateLabelInput {
    /// Color
    #[field(label = "Color")]
    pub color: Option<String>,
    /// Label Id
    #[field(label = "Label Id")]
    #[serde(rename = "labelId")]
    pub label_id: String,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
}

/// The input of `delete_label`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteLabelInput {
    /// Label Id
    #[field(label = "Label Id")]
    #[serde(rename = "labelId")]
    pub label_id: String,
}

/// The input of `get_board_labels`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetBoardLabelsInput {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Limit
    #[field(label = "Limit", default = 50)]
    pub limit: Option<f64>,
}

/// The input of `add_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddCommentInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Text
    #[field(label = "Text", input_type = "textarea")]
    pub text: String,
}

/// The input of `update_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateCommentInput {
    /// Comment Id
    #[field(label = "Comment Id")]
    #[serde(rename = "commentId")]
    pub comment_id: String,
    /// Text
    #[field(label = "Text", input_type = "textarea")]
    pub text: String,
}

/// The input of `delete_comment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteCommentInput {
    /// Comment Id
    #[field(label = "Comment Id")]
    #[serde(rename = "commentId")]
    pub comment_id: String,
}

/// The input of `get_card_comments`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetCardCommentsInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Limit
    #[field(label = "Limit", default = 50)]
    pub limit: Option<f64>,
}

/// The choices of `pos`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateChecklistInputPos {
    /// top
    #[serde(rename = "top")]
    Top,
    /// bottom
    #[serde(rename = "bottom")]
    Bottom,
}

/// The input of `create_checklist`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateChecklistInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Id Checklist Source
    #[field(label = "Id Checklist Source")]
    #[serde(rename = "idChecklistSource")]
    pub id_checklist_source: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Pos
    #[field(label = "Pos", default = "bottom")]
    pub pos: Option<CreateChecklistInputPos>,
}

/// The input of `update_checklist`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateChecklistInput {
    /// Checklist Id
    #[field(label = "Checklist Id")]
    #[serde(rename = "checklistId")]
    pub checklist_id: String,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Pos
    #[field(label = "Pos")]
    pub pos: Option<String>,
}

/// The input of `delete_checklist`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteChecklistInput {
    /// Checklist Id
    #[field(label = "Checklist Id")]
    #[serde(rename = "checklistId")]
    pub checklist_id: String,
}

/// The input of `get_checklists`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetChecklistsInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
}

/// The choices of `pos`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum AddChecklistItemInputPos {
    /// top
    #[serde(rename = "top")]
    Top,
    /// bottom
    #[serde(rename = "bottom")]
    Bottom,
}

/// The input of `add_checklist_item`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddChecklistItemInput {
    /// Checked
    #[field(label = "Checked", default = false)]
    pub checked: Option<bool>,
    /// Checklist Id
    #[field(label = "Checklist Id")]
    #[serde(rename = "checklistId")]
    pub checklist_id: String,
    /// Due
    #[field(label = "Due")]
    pub due: Option<String>,
    /// Id Member
    #[field(label = "Id Member")]
    #[serde(rename = "idMember")]
    pub id_member: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Pos
    #[field(label = "Pos", default = "bottom")]
    pub pos: Option<AddChecklistItemInputPos>,
}

/// The choices of `state`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UpdateChecklistItemInputState {
    /// complete
    #[serde(rename = "complete")]
    Complete,
    /// incomplete
    #[serde(rename = "incomplete")]
    Incomplete,
}

/// The input of `update_checklist_item`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateChecklistItemInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Check Item Id
    #[field(label = "Check Item Id")]
    #[serde(rename = "checkItemId")]
    pub check_item_id: String,
    /// Due
    #[field(label = "Due")]
    pub due: Option<String>,
    /// Id Member
    #[field(label = "Id Member")]
    #[serde(rename = "idMember")]
    pub id_member: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Pos
    #[field(label = "Pos")]
    pub pos: Option<String>,
    /// State
    #[field(label = "State")]
    pub state: Option<UpdateChecklistItemInputState>,
}

/// The input of `delete_checklist_item`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteChecklistItemInput {
    /// Check Item Id
    #[field(label = "Check Item Id")]
    #[serde(rename = "checkItemId")]
    pub check_item_id: String,
    /// Checklist Id
    #[field(label = "Checklist Id")]
    #[serde(rename = "checklistId")]
    pub checklist_id: String,
}

/// The input of `add_attachment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddAttachmentInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
    /// Mime Type
    #[field(label = "Mime Type")]
    #[serde(rename = "mimeType")]
    pub mime_type: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Set Cover
    #[field(label = "Set Cover", default = false)]
    #[serde(rename = "setCover")]
    pub set_cover: Option<bool>,
    /// Url
    #[field(label = "Url")]
    pub url: String,
}

/// The input of `get_attachments`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAttachmentsInput {
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
}

/// The input of `delete_attachment`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteAttachmentInput {
    /// Attachment Id
    #[field(label = "Attachment Id")]
    #[serde(rename = "attachmentId")]
    pub attachment_id: String,
    /// Card Id
    #[field(label = "Card Id")]
    #[serde(rename = "cardId")]
    pub card_id: String,
}

/// The choices of `prefs_background`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateBoardInputPrefsBackground {
    /// blue
    #[serde(rename = "blue")]
    Blue,
    /// orange
    #[serde(rename = "orange")]
    Orange,
    /// green
    #[serde(rename = "green")]
    Green,
    /// red
    #[serde(rename = "red")]
    Red,
    /// purple
    #[serde(rename = "purple")]
    Purple,
    /// pink
    #[serde(rename = "pink")]
    Pink,
    /// lime
    #[serde(rename = "lime")]
    Lime,
    /// sky
    #[serde(rename = "sky")]
    Sky,
    /// grey
    #[serde(rename = "grey")]
    Grey,
}

/// The choices of `prefs_permissionLevel`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateBoardInputPrefsPermissionLevel {
    /// private
    #[serde(rename = "private")]
    Private,
    /// org
    #[serde(rename = "org")]
    Org,
    /// public
    #[serde(rename = "public")]
    Public,
}

/// The input of `create_board`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateBoardInput {
    /// Default Labels
    #[field(label = "Default Labels", default = true)]
    #[serde(rename = "defaultLabels")]
    pub default_labels: Option<bool>,
    /// Default Lists
    #[field(label = "Default Lists", default = true)]
    #[serde(rename = "defaultLists")]
    pub default_lists: Option<bool>,
    /// Desc
    #[field(label = "Desc", input_type = "textarea")]
    pub desc: Option<String>,
    /// Id Organization
    #[field(label = "Id Organization")]
    #[serde(rename = "idOrganization")]
    pub id_organization: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Prefs Background
    #[field(label = "Prefs Background", default = "blue")]
    pub prefs_background: Option<CreateBoardInputPrefsBackground>,
    /// Prefs Permission Level
    #[field(label = "Prefs Permission Level", default = "private")]
    #[serde(rename = "prefs_permissionLevel")]
    pub prefs_permission_level: Option<CreateBoardInputPrefsPermissionLevel>,
}

/// The choices of `prefs_background`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UpdateBoardInputPrefsBackground {
    /// blue
    #[serde(rename = "blue")]
    Blue,
    /// orange
    #[serde(rename = "orange")]
    Orange,
    /// green
    #[serde(rename = "green")]
    Green,
    /// red
    #[serde(rename = "red")]
    Red,
    /// purple
    #[serde(rename = "purple")]
    Purple,
    /// pink
    #[serde(rename = "pink")]
    Pink,
    /// lime
    #[serde(rename = "lime")]
    Lime,
    /// sky
    #[serde(rename = "sky")]
    Sky,
    /// grey
    #[serde(rename = "grey")]
    Grey,
}

/// The choices of `prefs_permissionLevel`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UpdateBoardInputPrefsPermissionLevel {
    /// private
    #[serde(rename = "private")]
    Private,
    /// org
    #[serde(rename = "org")]
    Org,
    /// public
    #[serde(rename = "public")]
    Public,
}

/// The input of `update_board`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateBoardInput {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Closed
    #[field(label = "Closed")]
    pub closed: Option<bool>,
    /// Desc
    #[field(label = "Desc", input_type = "textarea")]
    pub desc: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Prefs Background
    #[field(label = "Prefs Background")]
    pub prefs_background: Option<UpdateBoardInputPrefsBackground>,
    /// Prefs Permission Level
    #[field(label = "Prefs Permission Level")]
    #[serde(rename = "prefs_permissionLevel")]
    pub prefs_permission_level: Option<UpdateBoardInputPrefsPermissionLevel>,
}

/// The choices of `lists`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetBoardInputLists {
    /// none
    #[serde(rename = "none")]
    None,
    /// open
    #[serde(rename = "open")]
    Open,
    /// closed
    #[serde(rename = "closed")]
    Closed,
    /// all
    #[serde(rename = "all")]
    All,
}

/// The choices of `members`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetBoardInputMembers {
    /// none
    #[serde(rename = "none")]
    None,
    /// all
    #[serde(rename = "all")]
    All,
}

/// The input of `get_board`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetBoardInput {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Fields
    #[field(label = "Fields", default = "all")]
    pub fields: Option<String>,
    /// Lists
    #[field(label = "Lists", default = "none")]
    pub lists: Option<GetBoardInputLists>,
    /// Members
    #[field(label = "Members", default = "none")]
    pub members: Option<GetBoardInputMembers>,
}

/// The choices of `filter`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetBoardsInputFilter {
    /// all
    #[serde(rename = "all")]
    All,
    /// open
    #[serde(rename = "open")]
    Open,
    /// closed
    #[serde(rename = "closed")]
    Closed,
    /// starred
    #[serde(rename = "starred")]
    Starred,
}

/// The input of `get_boards`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetBoardsInput {
    /// Fields
    #[field(label = "Fields", default = "name,desc,url,closed,dateLastActivity")]
    pub fields: Option<String>,
    /// Filter
    #[field(label = "Filter", default = "open")]
    pub filter: Option<GetBoardsInputFilter>,
}

/// The input of `delete_board`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteBoardInput {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The choices of `pos`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateListInputPos {
    /// top
    #[serde(rename = "top")]
    Top,
    /// bottom
    #[serde(rename = "bottom")]
    Bottom,
}

/// The input of `create_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateListInput {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Pos
    #[field(label = "Pos", default = "bottom")]
    pub pos: Option<CreateListInputPos>,
}

/// The input of `update_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateListInput {
    /// Closed
    #[field(label = "Closed")]
    pub closed: Option<bool>,
    /// Id Board
    #[field(label = "Id Board")]
    #[serde(rename = "idBoard")]
    pub id_board: Option<String>,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// Pos
    #[field(label = "Pos")]
    pub pos: Option<String>,
}

/// The input of `archive_list`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ArchiveListInput {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
    /// Value
    #[field(label = "Value", default = true)]
    pub value: Option<bool>,
}

/// The choices of `filter`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetListsInputFilter {
    /// all
    #[serde(rename = "all")]
    All,
    /// open
    #[serde(rename = "open")]
    Open,
    /// closed
    #[serde(rename = "closed")]
    Closed,
}

/// The input of `get_lists`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetListsInput {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Filter
    #[field(label = "Filter", default = "open")]
    pub filter: Option<GetListsInputFilter>,
}

/// The input of `move_all_cards`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct MoveAllCardsInput {
    /// Id Board
    #[field(label = "Id Board")]
    #[serde(rename = "idBoard")]
    pub id_board: String,
    /// Id List
    #[field(label = "Id List")]
    #[serde(rename = "idList")]
    pub id_list: String,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The input of `archive_all_cards`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ArchiveAllCardsInput {
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: String,
}

/// The input of `get_member`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetMemberInput {
    /// Fields
    #[field(label = "Fields", default = "fullName,username,email,avatarUrl")]
    pub fields: Option<String>,
    /// Member Id
    #[field(label = "Member Id", default = "me")]
    #[serde(rename = "memberId")]
    pub member_id: String,
}

/// The input of `get_board_members`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetBoardMembersInput {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The choices of `type`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum AddMemberToBoardInputType {
    /// normal
    #[serde(rename = "normal")]
    Normal,
    /// admin
    #[serde(rename = "admin")]
    Admin,
    /// observer
    #[serde(rename = "observer")]
    Observer,
}

/// The input of `add_member_to_board`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AddMemberToBoardInput {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Member Id
    #[field(label = "Member Id")]
    #[serde(rename = "memberId")]
    pub member_id: String,
    /// Type
    #[field(label = "Type", default = "normal")]
    pub r#type: Option<AddMemberToBoardInputType>,
}

/// The input of `remove_member_from_board`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct RemoveMemberFromBoardInput {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Member Id
    #[field(label = "Member Id")]
    #[serde(rename = "memberId")]
    pub member_id: String,
}

/// The input of `search`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct SearchInput {
    /// Boards Limit
    #[field(label = "Boards Limit", default = 10)]
    pub boards_limit: Option<f64>,
    /// Cards Limit
    #[field(label = "Cards Limit", default = 10)]
    pub cards_limit: Option<f64>,
    /// Id Boards
    #[field(label = "Id Boards")]
    #[serde(rename = "idBoards")]
    pub id_boards: Option<String>,
    /// Model Types
    #[field(label = "Model Types", default = "cards,boards")]
    #[serde(rename = "modelTypes")]
    pub model_types: Option<String>,
    /// Partial
    #[field(label = "Partial", default = true)]
    pub partial: Option<bool>,
    /// Query
    #[field(label = "Query")]
    pub query: String,
}

/// The configuration of `card_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CardCreatedConfig {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `card_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CardUpdatedConfig {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `card_moved`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CardMovedConfig {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// List Id
    #[field(label = "List Id")]
    #[serde(rename = "listId")]
    pub list_id: Option<String>,
}

/// The configuration of `card_archived`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CardArchivedConfig {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `comment_added`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CommentAddedConfig {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `member_added_to_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct MemberAddedToCardConfig {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `member_removed_from_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct MemberRemovedFromCardConfig {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `label_added_to_card`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct LabelAddedToCardConfig {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Label Id
    #[field(label = "Label Id")]
    #[serde(rename = "labelId")]
    pub label_id: Option<String>,
}

/// The configuration of `checklist_completed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ChecklistCompletedConfig {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `due_date_approaching`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DueDateApproachingConfig {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
    /// Hours Before Due
    #[field(label = "Hours Before Due", default = 24)]
    #[serde(rename = "hoursBeforeDue")]
    pub hours_before_due: Option<f64>,
}

/// The configuration of `attachment_added`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct AttachmentAddedConfig {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `list_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ListCreatedConfig {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

/// The configuration of `board_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct BoardUpdatedConfig {
    /// Board Id
    #[field(label = "Board Id")]
    #[serde(rename = "boardId")]
    pub board_id: String,
}

#[actions]
impl Trello {
    /// Create Card
    #[action(name = "Create Card", http(method = "POST", endpoint = "/cards"))]
    async fn create_card(&self, input: CreateCardInput) -> Result<Value>;

    /// Update Card
    #[action(name = "Update Card", http(method = "PUT", endpoint = "/cards/{cardId}"))]
    async fn update_card(&self, input: UpdateCardInput) -> Result<Value>;

    /// Get Card
    #[action(name = "Get Card", http(method = "GET", endpoint = "/cards/{cardId}"))]
    async fn get_card(&self, input: GetCardInput) -> Result<Value>;

    /// Get Cards
    #[action(name = "Get Cards", http(method = "GET", endpoint = "/boards/{boardId}/cards"))]
    async fn get_cards(&self, input: GetCardsInput) -> Result<Value>;

    /// Delete Card
    #[action(name = "Delete Card", http(method = "DELETE", endpoint = "/cards/{cardId}"))]
    async fn delete_card(&self, input: DeleteCardInput) -> Result<Value>;

    /// Archive Card
    #[action(name = "Archive Card", http(method = "PUT", endpoint = "/cards/{cardId}"))]
    async fn archive_card(&self, input: ArchiveCardInput) -> Result<Value>;

    /// Move Card
    #[action(name = "Move Card", http(method = "PUT", endpoint = "/cards/{cardId}"))]
    async fn move_card(&self, input: MoveCardInput) -> Result<Value>;

    /// Copy Card
    #[action(name = "Copy Card", http(method = "POST", endpoint = "/cards"))]
    async fn copy_card(&self, input: CopyCardInput) -> Result<Value>;

    /// Set Due Date
    #[action(name = "Set Due Date", http(method = "PUT", endpoint = "/cards/{cardId}"))]
    async fn set_due_date(&self, input: SetDueDateInput) -> Result<Value>;

    /// Complete Due Date
    #[action(name = "Complete Due Date", http(method = "PUT", endpoint = "/cards/{cardId}"))]
    async fn complete_due_date(&self, input: CompleteDueDateInput) -> Result<Value>;

    /// Add Member to Card
    #[action(name = "Add Member to Card", http(method = "POST", endpoint = "/cards/{cardId}/idMembers"))]
    async fn add_member(&self, input: AddMemberInput) -> Result<Value>;

    /// Remove Member from Card
    #[action(
        name = "Remove Member from Card",
        http(method = "DELETE", endpoint = "/cards/{cardId}/idMembers/{memberId}")
    )]
    async fn remove_member_from_card(&self, input: RemoveMemberFromCardInput) -> Result<Value>;

    /// Get Card Members
    #[action(name = "Get Card Members", http(method = "GET", endpoint = "/cards/{cardId}/members"))]
    async fn get_card_members(&self, input: GetCardMembersInput) -> Result<Value>;

    /// Add Label to Card
    #[action(name = "Add Label to Card", http(method = "POST", endpoint = "/cards/{cardId}/idLabels"))]
    async fn add_label_to_card(&self, input: AddLabelToCardInput) -> Result<Value>;

    /// Remove Label from Card
    #[action(name = "Remove Label from Card", http(method = "DELETE", endpoint = "/cards/{cardId}/idLabels/{labelId}"))]
    async fn remove_label_from_card(&self, input: RemoveLabelFromCardInput) -> Result<Value>;

    /// Create Label
    #[action(name = "Create Label", http(method = "POST", endpoint = "/boards/{boardId}/labels"))]
    async fn create_label(&self, input: CreateLabelInput) -> Result<Value>;

    /// Update Label
    #[action(name = "Update Label", http(method = "PUT", endpoint = "/labels/{labelId}"))]
    async fn update_label(&self, input: UpdateLabelInput) -> Result<Value>;

    /// Delete Label
    #[action(name = "Delete Label", http(method = "DELETE", endpoint = "/labels/{labelId}"))]
    async fn delete_label(&self, input: DeleteLabelInput) -> Result<Value>;

    /// Get Board Labels
    #[action(name = "Get Board Labels", http(method = "GET", endpoint = "/boards/{boardId}/labels"))]
    async fn get_board_labels(&self, input: GetBoardLabelsInput) -> Result<Value>;

    /// Add Comment
    #[action(name = "Add Comment", http(method = "POST", endpoint = "/cards/{cardId}/actions/comments"))]
    async fn add_comment(&self, input: AddCommentInput) -> Result<Value>;

    /// Update Comment
    #[action(name = "Update Comment", http(method = "PUT", endpoint = "/actions/{commentId}"))]
    async fn update_comment(&self, input: UpdateCommentInput) -> Result<Value>;

    /// Delete Comment
    #[action(name = "Delete Comment", http(method = "DELETE", endpoint = "/actions/{commentId}"))]
    async fn delete_comment(&self, input: DeleteCommentInput) -> Result<Value>;

    /// Get Card Comments
    #[action(name = "Get Card Comments", http(method = "GET", endpoint = "/cards/{cardId}/actions"))]
    async fn get_card_comments(&self, input: GetCardCommentsInput) -> Result<Value>;

    /// Create Checklist
    #[action(name = "Create Checklist", http(method = "POST", endpoint = "/checklists"))]
    async fn create_checklist(&self, input: CreateChecklistInput) -> Result<Value>;

    /// Update Checklist
    #[action(name = "Update Checklist", http(method = "PUT", endpoint = "/checklists/{checklistId}"))]
    async fn update_checklist(&self, input: UpdateChecklistInput) -> Result<Value>;

    /// Delete Checklist
    #[action(name = "Delete Checklist", http(method = "DELETE", endpoint = "/checklists/{checklistId}"))]
    async fn delete_checklist(&self, input: DeleteChecklistInput) -> Result<Value>;

    /// Get Checklists
    #[action(name = "Get Checklists", http(method = "GET", endpoint = "/cards/{cardId}/checklists"))]
    async fn get_checklists(&self, input: GetChecklistsInput) -> Result<Value>;

    /// Add Checklist Item
    #[action(name = "Add Checklist Item", http(method = "POST", endpoint = "/checklists/{checklistId}/checkItems"))]
    async fn add_checklist_item(&self, input: AddChecklistItemInput) -> Result<Value>;

    /// Update Checklist Item
    #[action(
        name = "Update Checklist Item",
        http(method = "PUT", endpoint = "/cards/{cardId}/checkItem/{checkItemId}")
    )]
    async fn update_checklist_item(&self, input: UpdateChecklistItemInput) -> Result<Value>;

    /// Delete Checklist Item
    #[action(
        name = "Delete Checklist Item",
        http(method = "DELETE", endpoint = "/checklists/{checklistId}/checkItems/{checkItemId}")
    )]
    async fn delete_checklist_item(&self, input: DeleteChecklistItemInput) -> Result<Value>;

    /// Add Attachment
    #[action(name = "Add Attachment", http(method = "POST", endpoint = "/cards/{cardId}/attachments"))]
    async fn add_attachment(&self, input: AddAttachmentInput) -> Result<Value>;

    /// Get Attachments
    #[action(name = "Get Attachments", http(method = "GET", endpoint = "/cards/{cardId}/attachments"))]
    async fn get_attachments(&self, input: GetAttachmentsInput) -> Result<Value>;

    /// Delete Attachment
    #[action(
        name = "Delete Attachment",
        http(method = "DELETE", endpoint = "/cards/{cardId}/attachments/{attachmentId}")
    )]
    async fn delete_attachment(&self, input: DeleteAttachmentInput) -> Result<Value>;

    /// Create Board
    #[action(name = "Create Board", http(method = "POST", endpoint = "/boards"))]
    async fn create_board(&self, input: CreateBoardInput) -> Result<Value>;

    /// Update Board
    #[action(name = "Update Board", http(method = "PUT", endpoint = "/boards/{boardId}"))]
    async fn update_board(&self, input: UpdateBoardInput) -> Result<Value>;

    /// Get Board
    #[action(name = "Get Board", http(method = "GET", endpoint = "/boards/{boardId}"))]
    async fn get_board(&self, input: GetBoardInput) -> Result<Value>;

    /// Get Boards
    #[action(name = "Get Boards", http(method = "GET", endpoint = "/members/me/boards"))]
    async fn get_boards(&self, input: GetBoardsInput) -> Result<Value>;

    /// Delete Board
    #[action(name = "Delete Board", http(method = "DELETE", endpoint = "/boards/{boardId}"))]
    async fn delete_board(&self, input: DeleteBoardInput) -> Result<Value>;

    /// Create List
    #[action(name = "Create List", http(method = "POST", endpoint = "/lists"))]
    async fn create_list(&self, input: CreateListInput) -> Result<Value>;

    /// Update List
    #[action(name = "Update List", http(method = "PUT", endpoint = "/lists/{listId}"))]
    async fn update_list(&self, input: UpdateListInput) -> Result<Value>;

    /// Archive List
    #[action(name = "Archive List", http(method = "PUT", endpoint = "/lists/{listId}/closed"))]
    async fn archive_list(&self, input: ArchiveListInput) -> Result<Value>;

    /// Get Lists
    #[action(name = "Get Lists", http(method = "GET", endpoint = "/boards/{boardId}/lists"))]
    async fn get_lists(&self, input: GetListsInput) -> Result<Value>;

    /// Move All Cards
    #[action(name = "Move All Cards", http(method = "POST", endpoint = "/lists/{listId}/moveAllCards"))]
    async fn move_all_cards(&self, input: MoveAllCardsInput) -> Result<Value>;

    /// Archive All Cards
    #[action(name = "Archive All Cards", http(method = "POST", endpoint = "/lists/{listId}/archiveAllCards"))]
    async fn archive_all_cards(&self, input: ArchiveAllCardsInput) -> Result<Value>;

    /// Get Member
    #[action(name = "Get Member", http(method = "GET", endpoint = "/members/{memberId}"))]
    async fn get_member(&self, input: GetMemberInput) -> Result<Value>;

    /// Get Board Members
    #[action(name = "Get Board Members", http(method = "GET", endpoint = "/boards/{boardId}/members"))]
    async fn get_board_members(&self, input: GetBoardMembersInput) -> Result<Value>;

    /// Add Member to Board
    #[action(name = "Add Member to Board", http(method = "PUT", endpoint = "/boards/{boardId}/members/{memberId}"))]
    async fn add_member_to_board(&self, input: AddMemberToBoardInput) -> Result<Value>;

    /// Remove Member from Board
    #[action(
        name = "Remove Member from Board",
        http(method = "DELETE", endpoint = "/boards/{boardId}/members/{memberId}")
    )]
    async fn remove_member_from_board(&self, input: RemoveMemberFromBoardInput) -> Result<Value>;

    /// Search
    #[action(name = "Search", http(method = "GET", endpoint = "/search"))]
    async fn search(&self, input: SearchInput) -> Result<Value>;

    /// Card Created
    #[trigger(name = "Card Created", webhook)]
    async fn card_created(&self, _config: CardCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Card Updated
    #[trigger(name = "Card Updated", webhook)]
    async fn card_updated(&self, _config: CardUpdatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Card Moved
    #[trigger(name = "Card Moved", webhook)]
    async fn card_moved(&self, _config: CardMovedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Card Archived
    #[trigger(name = "Card Archived", webhook)]
    async fn card_archived(&self, _config: CardArchivedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Comment Added
    #[trigger(name = "Comment Added", webhook)]
    async fn comment_added(&self, _config: CommentAddedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Member Added to Card
    #[trigger(name = "Member Added to Card", webhook)]
    async fn member_added_to_card(
        &self,
        _config: MemberAddedToCardConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Member Removed from Card
    #[trigger(name = "Member Removed from Card", webhook)]
    async fn member_removed_from_card(
        &self,
        _config: MemberRemovedFromCardConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Label Added to Card
    #[trigger(name = "Label Added to Card", webhook)]
    async fn label_added_to_card(
        &self,
        _config: LabelAddedToCardConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Checklist Completed
    #[trigger(name = "Checklist Completed", webhook)]
    async fn checklist_completed(
        &self,
        _config: ChecklistCompletedConfig,
        request: WebhookRequest,
    ) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Due Date Approaching
    #[trigger(name = "Due Date Approaching", polling)]
    async fn due_date_approaching(
        &self,
        _config: DueDateApproachingConfig,
        _cursor: Option<Value>,
    ) -> Result<Polled<Value>> {
        // Read what is new since the cursor and return it with the next cursor. The first poll (no cursor)
        // only records where things stand; two items that arrive together are both returned; none twice.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`due_date_approaching` is not written yet"))
    }

    /// Attachment Added
    #[trigger(name = "Attachment Added", webhook)]
    async fn attachment_added(&self, _config: AttachmentAddedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// List Created
    #[trigger(name = "List Created", webhook)]
    async fn list_created(&self, _config: ListCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Board Updated
    #[trigger(name = "Board Updated", webhook)]
    async fn board_updated(&self, _config: BoardUpdatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// A cheap call that proves the credentials work (replace `/me` with such an endpoint of the API)
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/me").send().await.map(drop)
    }
}
