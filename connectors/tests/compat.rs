//! Each connector's exported definition against FluxTurn's compat file: the same action ids,
//! trigger ids, input field names, types, required flags, select options, defaults and input
//! types, so existing workflows and the
//! frontend keep working. Deliberate differences are listed below, each with its reason.

use fluxturn_core::ConnectorDefinition;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Connectors of ours that FluxTurn does not have (no compat file to compare with).
const OURS_ONLY: &[&str] = &["acme"];

/// (connector, action or trigger id, field, reason): differences we chose.
const DIFFERENCES: &[(&str, &str, &str, &str)] = &[
    ("discord", "auth_fields", "webhookUrl", "a password field: the webhook URL carries the webhook's token, so it is encrypted and masked"),
    ("notion", "database_page_create", "blockUi", "FluxTurn's fixedCollection is our documented object {blockValues: [...]}, defaulting to an empty list"),
    ("notion", "database_page_create", "propertiesUi", "FluxTurn's fixedCollection is our documented object {propertyValues: [...]}"),
    ("notion", "database_page_update", "propertiesUi", "same as database_page_create.propertiesUi"),
    ("notion", "page_create", "blockUi", "same as database_page_create.blockUi"),
    ("notion", "page_search", "options", "FluxTurn's collection is our object {object, sortDirection} with object defaulting to page"),
    ("discord", "interaction_received", "*", "added: Discord's only HTTP endpoint is the Interactions endpoint (slash commands, buttons, modals), signed with Ed25519; FluxTurn's four triggers are Gateway events"),
    ("discord", "message_send", "channelId", "required: the endpoint is /channels/{channelId}/messages; it cannot be called without one"),
    ("notion", "database_page_create", "databaseId", "a text field taking an id or URL: FluxTurn's select lists no options and options cannot be loaded from the API yet"),
    ("notion", "database_page_get_all", "databaseId", "same as database_page_create"),
    ("notion", "database_page_created", "databaseId", "same as database_page_create"),
    ("notion", "database_page_updated", "databaseId", "same as database_page_create"),
    ("airtable", "create_record", "recordId", "added: FluxTurn's templates call create_record with a record id to update it (\"Update Score\"); given, the fields are written into that record"),
    ("airtable", "create_record", "baseId", "added, optional: the base defaults to the connection's; FluxTurn's templates name one per node"),
    ("airtable", "update_record", "baseId", "same as create_record.baseId"),
    ("airtable", "upsert_record", "baseId", "same as create_record.baseId"),
    ("airtable", "get_record", "baseId", "same as create_record.baseId"),
    ("airtable", "search_records", "baseId", "same as create_record.baseId"),
    ("airtable", "delete_record", "baseId", "same as create_record.baseId"),
    ("github", "new_tag_created", "*", "added: FluxTurn's templates use it (deployment notifications); on_create with refType tag, as its own trigger"),
    ("github", "pr_open_for_24_hours", "*", "added: FluxTurn's templates use it (code review reminders); a polling trigger on open pull requests' age"),
    ("postgresql", "insert_rows", "columnMappings", "optional: `columns` with `values` may give the row instead, as FluxTurn's template does; one of the two is required"),
    ("postgresql", "insert_rows", "columns", "added: FluxTurn's template (Shopify orders to PostgreSQL) inserts with the parallel lists `columns` and `values`"),
    ("postgresql", "insert_rows", "values", "same as insert_rows.columns"),
    ("mysql", "new_row", "*", "FluxTurn's trigger declares no inputs; polling a table needs the table and an increasing column, so it takes postgresql.new_row's"),
    ("google_sheets", "auth_fields", "serviceAccountKey", "not yet: a service account needs a JWT-grant token source in the framework; OAuth2 covers the same API"),
    ("dropbox", "file_upload", "content", "FluxTurn's upload form has no field for the file's content (its code read an undeclared `content`): ours declares it; text is uploaded as it is and, with Binary Data on, a binary object or a Base64 data: URL is decoded"),
    ("dropbox", "connector", "base_url", "our base URL is the RPC host api.dropboxapi.com/2, where most calls go; uploads and downloads go to content.dropboxapi.com/2, which FluxTurn gives as the base URL"),
    ("dropbox", "connector", "webhook_support", "not declared: both triggers poll a list_folder cursor; Dropbox's webhooks only say that an account changed, so they would need the same cursor read anyway"),
    ("dropbox", "share_link", "*", "added: FluxTurn's Dropbox code shares files by link, but its definition does not list the action"),
    ("google_drive", "auth_fields", "serviceAccountKey", "not yet: a service account needs a JWT-grant token source in the framework; OAuth2 covers the same API"),
    ("google_sheets", "append_row", "sheetName", "optional: FluxTurn's templates append without naming a sheet (36-youtube-analytics-dashboard); blank appends to the spreadsheet's first sheet"),
    ("gmail", "auth_fields", "serviceAccountKey", "not yet: a service account needs a JWT-grant token source in the framework; OAuth2 covers the same API"),
    ("gmail", "auth_fields", "delegatedEmail", "not yet: a service account needs a JWT-grant token source in the framework; OAuth2 covers the same API"),
    ("gmail", "send_email", "replyToMessageId", "added, optional: a reply in the conversation of a message (threadId, In-Reply-To, References), which FluxTurn's form cannot send"),
    ("gmail", "create_draft", "replyToMessageId", "same as send_email.replyToMessageId"),
    ("google_calendar", "auth_fields", "serviceAccountKey", "not yet: a service account needs a JWT-grant token source in the framework; OAuth2 covers the same API"),
    ("google_calendar", "auth_fields", "delegatedEmail", "not yet: a service account needs a JWT-grant token source in the framework; OAuth2 covers the same API"),
    ("google_forms", "response_received", "pubsubTopic", "not needed: the trigger polls responses.list; a Pub/Sub topic reaches the server only through a push subscription the user would set up in Cloud (watch_create still takes a topic)"),
    ("google_forms", "form_schema_changed", "pubsubTopic", "same as response_received: the trigger polls the form's revision"),
    ("google_docs", "auth_fields", "serviceAccountKey", "not yet: a service account needs a JWT-grant token source in the framework; OAuth2 covers the same API"),
    ("google_analytics", "search_user_activity", "activityTypes", "a list whose items are PAGEVIEW, EVENT, ECOMMERCE, GOAL or SCREENVIEW, checked on input; the definition cannot carry an array's options yet (its items show as a select)"),
    ("youtube", "new_video", "*", "added: FluxTurn's templates use it (cross-posting new uploads); a polling trigger on a channel's uploads playlist"),
    ("youtube", "video_upload", "binary", "added: the workflow engine hands actions no item files yet, so the item's files come as an input, n8n's {property: {data: base64, mimeType}}, and binaryProperty names the video among them"),
    ("google_ads", "campaign_create", "containsEuPoliticalAdvertising", "added: Google rejects a new campaign without this self-declaration (FieldError.REQUIRED); false by default, the user's to change"),
    ("google_ads", "campaign_create", "targetCpaMicros", "added: Target CPA bidding needs its target; shown only for TARGET_CPA"),
    ("google_ads", "campaign_create", "targetRoas", "added: Target ROAS bidding needs its target; shown only for TARGET_ROAS"),
    ("twitter", "new_mention", "properties", "no configuration: the compat file flattens a JSON schema whose properties are a fixed event name and a polling interval, which the server's polling schedule owns; the trigger always watches the connected account's mentions"),
    ("twitter", "new_tweet", "properties", "same as new_mention: it always watches the connected account's own tweets"),
    ("shopify", "auth_fields", "authType", "one choice, the Admin API access token: Shopify's OAuth authorize and token URLs are on each shop's own domain, and the server's OAuth flow takes one fixed URL per connector, with no credential placeholders"),
    ("shopify", "auth_fields", "appSecretKey", "optional: only a webhook's HMAC check needs the app secret, and there are no triggers; the Admin API calls use the access token alone"),
    ("reddit", "connector", "auth_type", "oauth2, not multiple: FluxTurn's two choices (the server's Reddit app, or your own app's client id and secret) are both OAuth2 through the same endpoints; the authType select stays, and shows the client fields only for `manual`"),
    ("reddit", "connector", "oauth_scopes", "adds privatemessages: user_mention reads the inbox's username mentions, which Reddit serves only with that scope"),
    ("reddit", "connector", "rate_limits", "not declared: a 60-a-minute limiter would pace every paged read at one request a second; Reddit answers 429 with its reset time, which the client honours"),
    ("reddit", "post_create", "image", "an image post is submitted as a link to the image URL, which Reddit shows as an image: Reddit's own image posts need the file uploaded to its media storage first (a media lease and an upload), which the form has no file field for"),
    ("clickup", "task_created", "teamId", "added, optional: ClickUp registers webhooks per workspace (POST /team/{team_id}/webhook) and FluxTurn's trigger read an undeclared teamId; blank uses the only workspace the connection sees"),
    ("clickup", "task_updated", "teamId", "same as task_created.teamId"),
    ("clickup", "task_deleted", "teamId", "same as task_created.teamId"),
    ("clickup", "task_status_updated", "teamId", "same as task_created.teamId"),
    ("clickup", "task_priority_updated", "teamId", "same as task_created.teamId"),
    ("clickup", "task_assignee_updated", "teamId", "same as task_created.teamId"),
    ("clickup", "task_comment_posted", "teamId", "same as task_created.teamId"),
    ("clickup", "list_created", "teamId", "same as task_created.teamId"),
    ("clickup", "goal_created", "teamId", "same as task_created.teamId"),
    ("clickup", "goal_updated", "teamId", "same as task_created.teamId"),
    ("asana", "project_created", "workspaceId", "added, optional: Asana reports new projects only to a webhook on their workspace (POST /webhooks with the workspace as resource), and FluxTurn's trigger read an undeclared workspaceId; blank uses the only workspace the token sees"),
    ("clickup", "auth_fields", "accessToken", "added: a personal API token (pk_...), which ClickUp offers beside OAuth2; authMode gains the choice `token`"),
    ("zoom", "meeting_started", "secretToken", "added: Zoom signs each Event Subscription delivery, and its URL validation, with the app's Secret Token, which only the user can copy from the app's settings; a password field, required to verify"),
    ("zoom", "meeting_ended", "secretToken", "same as meeting_started"),
    ("zoom", "participant_joined", "secretToken", "same as meeting_started"),
    ("zoom", "recording_completed", "secretToken", "same as meeting_started"),
    ("zoom", "meeting_created", "*", "added: FluxTurn's templates use it (meeting to calendar event); Zoom's meeting.created event, set up and verified as the other triggers"),
    ("linkedin", "new_connection", "*", "polls instead of a webhook: LinkedIn sends ordinary apps no webhooks and closed its connections API in 2015; the trigger reads the Member Data Portability CONNECTIONS snapshot (EEA and Swiss members, r_dma_portability_3rd_party)"),
    ("linkedin", "new_post_published", "*", "added: FluxTurn's templates use it (linkedin-engagement-logger); polls the author's posts by creation time"),
    ("linkedin", "new_comment_on_post", "*", "added: FluxTurn's templates use it (social-media-engagement-follow-up); polls a post's comments by creation time"),
    ("linkedin", "create_post", "shareMediaCategory", "added: FluxTurn's templates send it (NONE); its code picks the media from the URLs, and NONE posts the text alone"),
    ("linkedin", "create_post", "binaryMimeType", "added: FluxTurn's templates send it; the image's type when its host does not say"),
    ("linkedin", "profile_view", "*", "kept so workflows load, but it fails with not_supported: LinkedIn has never offered profile views to apps, by webhook or otherwise"),
    ("linkedin", "connector", "oauth_scopes", "FluxTurn's scope_template (w_organization_social when organization_support is on) cannot be followed: the server asks one fixed scope list per connector, so organization posting needs a pasted token with that scope"),
    ("linkedin", "connector", "rate_limits", "only the 60 a minute is declared: the framework has no per-day limit, and LinkedIn answers 429 when its daily quota is spent"),
    ("whatsapp", "on_message", "verifyToken", "added: Meta checks the callback URL with a GET whose hub.verify_token must equal the token typed in the app dashboard; the trigger answers the challenge only then (a handler sees its configuration, not the connection's credentials)"),
    ("whatsapp", "on_account_update", "verifyToken", "same as on_message.verifyToken"),
    ("whatsapp", "on_phone_number_name_update", "verifyToken", "same as on_message.verifyToken"),
    ("whatsapp", "on_phone_number_quality_update", "verifyToken", "same as on_message.verifyToken"),
    ("whatsapp", "on_account_review_update", "verifyToken", "same as on_message.verifyToken"),
    ("whatsapp", "on_business_capability_update", "verifyToken", "same as on_message.verifyToken"),
    ("whatsapp", "on_message_template_quality_update", "verifyToken", "same as on_message.verifyToken"),
    ("whatsapp", "on_message_template_status_update", "verifyToken", "same as on_message.verifyToken"),
    ("whatsapp", "on_template_category_update", "verifyToken", "same as on_message.verifyToken"),
    ("whatsapp", "on_security", "verifyToken", "same as on_message.verifyToken"),
    ("facebook_graph", "page_post_published", "verifyToken", "added: Meta checks the callback URL with a GET whose hub.verify_token must equal the token typed in the app's Webhooks settings; the trigger answers the challenge only then"),
    ("facebook_graph", "page_comment_received", "verifyToken", "same as page_post_published.verifyToken"),
    ("facebook_graph", "page_message_received", "verifyToken", "same as page_post_published.verifyToken"),
    ("facebook_graph", "instagram_comment", "verifyToken", "same as page_post_published.verifyToken"),
    ("facebook_graph", "instagram_mention", "verifyToken", "same as page_post_published.verifyToken"),
    ("facebook_graph", "instagram_story_mention", "verifyToken", "same as page_post_published.verifyToken"),
    ("facebook_graph", "instagram_media_published", "verifyToken", "same as page_post_published.verifyToken"),
    ("facebook_graph", "lead_created", "*", "added: FluxTurn's template 16 (Facebook Lead Ads to CRM) starts on facebook_graph.lead_created, which its definition does not list; a Page `leadgen` webhook change, signed like the others"),
    ("sendgrid_marketing", "send_email", "content", "optional: one of content, html or templateId is needed, as SendGrid takes a dynamic template or an HTML-only body; FluxTurn's templates send html alone (jotform-to-sendgrid-email, shopify-order-confirmation-sendgrid)"),
    ("teams", "new_channel", "teamId", "added: the Graph subscription needs a team to watch (/teams/{id}/channels); left empty it watches every team (/teams/getAllChannels), which Graph grants only to apps with application permissions"),
    ("teams", "new_chat_message", "chatId", "added: the Graph subscription needs a chat to watch (/chats/{id}/messages); left empty it watches every chat (/chats/getAllMessages), which Graph grants only to apps with application permissions and meters"),
    ("trello", "auth_fields", "apiSecret", "added, optional: Trello signs each webhook delivery with the API key's Secret (HMAC-SHA1 over the body and the callback URL); the webhook triggers verify with it, the actions never send it"),
    ("trello", "set_due_date", "dueReminder", "FluxTurn's null choice (no reminder) is the field left empty: a select's options cannot hold null, so ours lists the eight minute counts"),
    ("trello", "create_label", "color", "FluxTurn's null choice (a label without color) is `null` given as the value: a select's options cannot hold null, so ours lists the ten colors and takes null too"),
    ("trello", "update_label", "color", "same as create_label.color; left out, the color is unchanged"),
    ("trello", "connector", "rate_limits", "only 10 a second is declared: Trello allows 100 requests per 10 seconds per token (300 per key) and answers 429 beyond, which the client honours; FluxTurn's 1000 an hour would throttle a busy board's workflows far below Trello's own limit"),
];

/// Where FluxTurn's compat files are read from: `FLUXTURN_COMPAT_DIR`, else the shared reference
/// folder beside the checkout (or at `/work/shared`), else this crate's fixtures of the first nine.
fn compat_dirs() -> Vec<PathBuf> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fluxturn-compat");
    match std::env::var("FLUXTURN_COMPAT_DIR") {
        Ok(dir) => vec![PathBuf::from(dir), fixtures],
        Err(_) => vec![
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/fluxturn-compat"),
            PathBuf::from("/work/shared/reference/fluxturn-compat"),
            fixtures,
        ],
    }
}

/// FluxTurn's compat file of connector `name`, from the first folder that has it.
fn compat(name: &str) -> Option<Value> {
    compat_dirs().iter().find_map(|dir| {
        let path = dir.join(format!("{name}.json"));
        let text = std::fs::read_to_string(&path).ok()?;
        Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
    })
}

fn allowed(connector: &str, item: &str, field: &str) -> bool {
    DIFFERENCES.iter().any(|(c, i, f, _)| *c == connector && *i == item && (*f == field || *f == "*"))
}

/// FluxTurn's `fixedCollection`/`collection` are our objects or arrays of objects.
fn same_type(ours: &str, theirs: &str) -> bool {
    ours == theirs || (matches!(theirs, "fixedCollection" | "collection") && matches!(ours, "object" | "array"))
}

fn ids(items: &Value) -> BTreeSet<String> {
    items.as_array().map(|a| a.iter().filter_map(|i| i["id"].as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

fn check_inputs(connector: &str, id: &str, ours: &Value, theirs: &Value, problems: &mut Vec<String>) {
    let empty = serde_json::Map::new();
    let ours = ours.as_object().unwrap_or(&empty);
    let theirs = theirs.as_object().unwrap_or(&empty);
    for (field, expected) in theirs {
        if allowed(connector, id, field) {
            continue;
        }
        let Some(actual) = ours.get(field) else {
            problems.push(format!("{connector}.{id}: input `{field}` is missing"));
            continue;
        };
        let (our_type, their_type) =
            (actual["type"].as_str().unwrap_or_default(), expected["type"].as_str().unwrap_or_default());
        if !same_type(our_type, their_type) {
            problems.push(format!("{connector}.{id}.{field}: type `{our_type}`, FluxTurn has `{their_type}`"));
        }
        let (our_required, their_required) =
            (actual["required"].as_bool().unwrap_or(false), expected["required"].as_bool().unwrap_or(false));
        if our_required != their_required {
            problems.push(format!("{connector}.{id}.{field}: required {our_required}, FluxTurn has {their_required}"));
        }
        for key in ["default", "inputType"] {
            // `text` is the default widget: no inputType says the same.
            if let Some(wanted) = expected.get(key).filter(|v| !(v.is_null() || key == "inputType" && *v == "text")) {
                if &actual[key] != wanted {
                    problems.push(format!("{connector}.{id}.{field}: {key} {}, FluxTurn has {wanted}", actual[key]));
                }
            }
        }
        if let Some(Value::Array(wanted)) = expected.get("options") {
            let values: Vec<&Value> = actual["options"].as_array().into_iter().flatten().map(|o| &o["value"]).collect();
            if values != wanted.iter().collect::<Vec<_>>() {
                problems.push(format!("{connector}.{id}.{field}: options {values:?}, FluxTurn has {wanted:?}"));
            }
        }
    }
    for field in ours.keys().filter(|f| !theirs.contains_key(*f) && !allowed(connector, id, f)) {
        problems.push(format!("{connector}.{id}: input `{field}` is not in FluxTurn's"));
    }
}

#[test]
fn every_connector_matches_its_compat_file() {
    let mut problems = Vec::new();
    let mut compared = 0;
    for ours in connectors::registry().definitions() {
        let name = &ours.name;
        let Some(theirs) = compat(name) else {
            let ours_only = OURS_ONLY.contains(&name.as_str());
            if !ours_only && std::env::var("FLUXTURN_REQUIRE_TEMPLATES").is_ok() {
                problems.push(format!("{name}: no compat file in {:?}", compat_dirs()));
            } else if !ours_only {
                println!("skipped {name}: no compat file in {:?} (set FLUXTURN_COMPAT_DIR)", compat_dirs());
            }
            continue;
        };
        compared += 1;
        let ours: Value = serde_json::to_value::<&ConnectorDefinition>(ours).unwrap();
        for key in ["display_name", "category"] {
            if ours[key] != theirs[key] && !allowed(name, key, "*") {
                problems.push(format!("{name}: {key} {}, FluxTurn has {}", ours[key], theirs[key]));
            }
        }
        // Every auth field FluxTurn's form has, with its type (ours may add fields).
        for field in theirs["auth_fields"].as_array().into_iter().flatten() {
            let key = field["key"].as_str().unwrap_or_default();
            match ours["auth_fields"].as_array().and_then(|a| a.iter().find(|f| f["key"] == key)) {
                None if allowed(name, "auth_fields", key) => {}
                None => problems.push(format!("{name}: auth field `{key}` is missing")),
                Some(our_field) if our_field["type"] != field["type"] && !allowed(name, "auth_fields", key) => problems
                    .push(format!(
                        "{name}: auth field `{key}` has type {}, FluxTurn has {}",
                        our_field["type"], field["type"]
                    )),
                Some(_) => {}
            }
        }
        for (kind, our_key, their_key) in
            [("action", "supported_actions", "actions"), ("trigger", "supported_triggers", "triggers")]
        {
            let (our_ids, their_ids) = (ids(&ours[our_key]), ids(&theirs[their_key]));
            for missing in their_ids.difference(&our_ids).filter(|i| !allowed(name, i, "*")) {
                problems.push(format!("{name}: {kind} `{missing}` is missing"));
            }
            for extra in our_ids.difference(&their_ids).filter(|i| !allowed(name, i, "*")) {
                problems.push(format!("{name}: {kind} `{extra}` is not in FluxTurn's"));
            }
            for item in theirs[their_key].as_array().into_iter().flatten() {
                let id = item["id"].as_str().unwrap_or_default();
                if let Some(our_item) = ours[our_key].as_array().and_then(|a| a.iter().find(|i| i["id"] == id)) {
                    if our_item["name"] != item["name"] && !allowed(name, id, "name") {
                        problems.push(format!("{name}.{id}: name {}, FluxTurn has {}", our_item["name"], item["name"]));
                    }
                    check_inputs(name, id, &our_item["inputSchema"], &item["inputs"], &mut problems);
                }
            }
        }
    }
    println!("compared {compared} connectors with their compat files");
    assert!(compared >= 9, "only {compared} connectors were compared");
    assert!(
        problems.is_empty(),
        "{} differences from FluxTurn's definitions:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
