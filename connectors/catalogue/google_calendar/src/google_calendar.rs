use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use connectors_google::{format_timestamp, parse_timestamp, GoogleCredentials, MAX_PAGES};
use fluxturn_core::http::path_segment;
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};

/// Create, read, update and delete the events of a Google calendar, check when people are free,
/// and follow events as they are created, changed, cancelled, start and end
#[connector(
    name = "google_calendar",
    display_name = "Google Calendar",
    category = "communication",
    base_url = "https://www.googleapis.com/calendar/v3",
    rate_limit(requests_per_second = 10, requests_per_minute = 600),
    icon = "icons/google_calendar.svg",
    auth = [oauth2(
        provider = "google",
        scopes = [
            "https://www.googleapis.com/auth/calendar.events",
            "https://www.googleapis.com/auth/calendar.freebusy",
        ],
    )],
    credentials = GoogleCredentials,
)]
pub struct GoogleCalendar {
    http: Http,
}

/// The largest page of events Google returns.
const MAX_PAGE_SIZE: usize = 2500;
/// Most events one start/end poll reads.
const MAX_WINDOW_EVENTS: usize = 10_000;

fn yes() -> bool {
    true
}

fn ten() -> u32 {
    10
}

fn utc() -> String {
    "UTC".to_owned()
}

/// Whom Google emails about a change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum SendUpdates {
    /// Every guest
    #[serde(rename = "all")]
    All,
    /// Only guests who do not use Google Calendar
    #[serde(rename = "externalOnly")]
    ExternalOnly,
    /// Nobody
    #[default]
    #[serde(rename = "none")]
    Nobody,
}

impl SendUpdates {
    fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::ExternalOnly => "externalOnly",
            Self::Nobody => "none",
        }
    }
}

/// The order of listed events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum OrderBy {
    /// By start time (needs recurring events expanded)
    StartTime,
    /// By last modification
    Updated,
}

impl OrderBy {
    fn as_str(self) -> &'static str {
        match self {
            Self::StartTime => "startTime",
            Self::Updated => "updated",
        }
    }
}

/// The input of `check_availability`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CheckAvailability {
    /// The calendar to check: `primary`, a calendar ID (often an email address), or several
    /// separated by commas
    #[field(label = "Calendar ID", default = "primary", placeholder = "primary")]
    pub calendar_id: String,
    /// Start of the period: RFC 3339 (2024-05-01T09:00:00+02:00), or a date or local time read in
    /// the time zone below
    #[field(label = "From", placeholder = "2024-05-01T09:00:00Z")]
    pub time_min: String,
    /// End of the period, written like its start
    #[field(label = "To", placeholder = "2024-05-01T17:00:00Z")]
    pub time_max: String,
    /// IANA time zone of the answer and of times given without an offset (default: UTC)
    #[field(label = "Time Zone", placeholder = "Europe/Berlin")]
    pub time_zone: Option<String>,
}

/// One busy period of a calendar.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BusyPeriod {
    /// The calendar that is busy
    pub calendar_id: String,
    /// When the period starts (RFC 3339)
    pub start: String,
    /// When it ends (RFC 3339)
    pub end: String,
}

/// The answer of `check_availability`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Availability {
    /// Whether no calendar checked has a busy period in the range
    pub available: bool,
    /// The busy periods of every calendar checked, by start time
    pub busy: Vec<BusyPeriod>,
    /// Start of the range checked
    pub time_min: String,
    /// End of the range checked
    pub time_max: String,
    /// Google's answer by calendar ID: `{"busy": [{"start", "end"}]}`
    pub calendars: Map<String, Value>,
}

/// The input of `create_event`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateEvent {
    /// The calendar: `primary` or a calendar ID
    #[field(label = "Calendar ID", default = "primary", placeholder = "primary")]
    pub calendar_id: String,
    /// When the event starts: a local time (2024-05-01T10:00, read in the time zone below), an
    /// RFC 3339 time with offset, or a date (2024-05-01) for an all-day event
    #[field(label = "Start", input_type = "datetime-local", aliases = ["start"])]
    pub start_date_time: String,
    /// When it ends, written like the start; for an all-day event, its last day
    #[field(label = "End", input_type = "datetime-local", aliases = ["end"])]
    pub end_date_time: String,
    /// Remind guests as the calendar's default reminders say (off: no reminders)
    #[field(label = "Use Default Reminders", default = true)]
    #[serde(default = "yes")]
    pub use_default_reminders: bool,
    /// Title of the event
    #[field(label = "Title")]
    pub summary: Option<String>,
    /// Notes shown with the event
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Where it takes place
    #[field(label = "Location")]
    pub location: Option<String>,
    /// IANA time zone of the event (e.g. Europe/Berlin)
    #[field(label = "Time Zone", default = "UTC", placeholder = "Europe/Berlin")]
    #[serde(default = "utc")]
    pub time_zone: String,
}

/// The input of `delete_event`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DeleteEvent {
    /// The calendar: `primary` or a calendar ID
    #[field(label = "Calendar ID", default = "primary", placeholder = "primary")]
    pub calendar_id: String,
    /// The event's ID
    #[field(label = "Event ID")]
    pub event_id: String,
    /// Whom Google tells that the event is cancelled
    #[field(label = "Notify Guests", default = "none")]
    #[serde(default)]
    pub send_updates: SendUpdates,
}

/// The input of `get_event`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetEvent {
    /// The calendar: `primary` or a calendar ID
    #[field(label = "Calendar ID", default = "primary", placeholder = "primary")]
    pub calendar_id: String,
    /// The event's ID
    #[field(label = "Event ID")]
    pub event_id: String,
}

/// The input of `get_many_events`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetManyEvents {
    /// The calendar: `primary` or a calendar ID
    #[field(label = "Calendar ID", default = "primary", placeholder = "primary")]
    pub calendar_id: String,
    /// Only events ending after this time (RFC 3339; without an offset, UTC)
    #[field(label = "After", placeholder = "2024-05-01T00:00:00Z")]
    pub time_min: Option<String>,
    /// Only events starting before this time (RFC 3339; without an offset, UTC)
    #[field(label = "Before", placeholder = "2024-06-01T00:00:00Z")]
    pub time_max: Option<String>,
    /// How many events to return at most
    #[field(label = "Max Results", default = 10, min = 1)]
    #[serde(default = "ten")]
    pub max_results: u32,
    /// Where to continue: the `nextPageToken` of an earlier call
    #[field(label = "Page Token")]
    pub page_token: Option<String>,
    /// Only events with this text in their title, description, location or guests
    #[field(label = "Search")]
    pub q: Option<String>,
    /// The order of the events (Google's own order when empty)
    #[field(label = "Order By")]
    pub order_by: Option<OrderBy>,
    /// Return each occurrence of a recurring event instead of the series
    #[field(label = "Expand Recurring Events", default = true)]
    #[serde(default = "yes")]
    pub single_events: bool,
}

/// A page of events.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventPage {
    /// The events, as Google returns them
    pub items: Vec<Value>,
    /// Give it as `pageToken` to read the events after these; absent after the last
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
}

/// The input of `update_event`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpdateEvent {
    /// The calendar: `primary` or a calendar ID
    #[field(label = "Calendar ID", default = "primary", placeholder = "primary")]
    pub calendar_id: String,
    /// The event's ID
    #[field(label = "Event ID")]
    pub event_id: String,
    /// New title
    #[field(label = "Title")]
    pub summary: Option<String>,
    /// New notes
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// New place
    #[field(label = "Location")]
    pub location: Option<String>,
    /// New start: a local time (read in the time zone below), an RFC 3339 time with offset, or
    /// a date for an all-day event
    #[field(label = "Start")]
    pub start_date_time: Option<String>,
    /// New end, written like the start; for an all-day event, its last day
    #[field(label = "End")]
    pub end_date_time: Option<String>,
    /// IANA time zone of the new start and end (needed for local times)
    #[field(label = "Time Zone", placeholder = "Europe/Berlin")]
    pub time_zone: Option<String>,
    /// The new guest list, replacing the old one: email addresses (a list, or text separated
    /// by commas), or Google's attendee objects
    #[field(label = "Guests", placeholder = "ada@example.com, alan@example.com")]
    #[schemars(with = "Option<Vec<String>>")]
    pub attendees: Option<Value>,
    /// Whom Google tells about the change
    #[field(label = "Notify Guests", default = "none")]
    #[serde(default)]
    pub send_updates: SendUpdates,
}

/// The deletion of an event.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeletedEvent {
    /// The calendar the event was on
    pub calendar_id: String,
    /// The deleted event's ID
    pub event_id: String,
    /// Always true
    pub deleted: bool,
}

/// Configuration of the change triggers: created, updated, cancelled.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CalendarWatch {
    /// The calendar to watch: `primary` or a calendar ID
    #[field(label = "Calendar ID", default = "primary", placeholder = "primary")]
    pub calendar_id: String,
    /// Minutes between two polls
    #[field(label = "Poll Interval (minutes)", default = 5, min = 1)]
    pub poll_interval: Option<u32>,
}

/// Configuration of `event_started`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct EventStartWatch {
    /// The calendar to watch: `primary` or a calendar ID
    #[field(label = "Calendar ID", default = "primary", placeholder = "primary")]
    pub calendar_id: String,
    /// Minutes between two polls
    #[field(label = "Poll Interval (minutes)", default = 1, min = 1)]
    pub poll_interval: Option<u32>,
    /// Report each event this many minutes before it starts (0: when it starts)
    #[field(label = "Minutes Before Start", default = 0, min = 0)]
    #[serde(default)]
    pub reminder_minutes: u32,
}

/// Configuration of `event_ended`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct EventEndWatch {
    /// The calendar to watch: `primary` or a calendar ID
    #[field(label = "Calendar ID", default = "primary", placeholder = "primary")]
    pub calendar_id: String,
    /// Minutes between two polls
    #[field(label = "Poll Interval (minutes)", default = 1, min = 1)]
    pub poll_interval: Option<u32>,
}

/// Where a change trigger stands: Google's sync token of the last poll, and the calendar's
/// modification time at that poll (what separates new events from changed ones).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SyncCursor {
    sync_token: String,
    since: String,
}

/// Where a start or end trigger stands: every event whose moment is at or before `until` has
/// been reported (or was past when the trigger began).
#[derive(Debug, Serialize, Deserialize)]
struct WindowCursor {
    until: String,
}

/// Which changes a change trigger reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Events created after the previous poll.
    Created,
    /// Events that existed at the previous poll and changed since, not cancelled.
    Updated,
    /// Events cancelled (deleted) since the previous poll.
    Cancelled,
}

impl Change {
    /// Whether a changed event is one this trigger reports; `since` is the calendar's
    /// modification time at the previous poll.
    fn reports(self, event: &Value, since: DateTime<Utc>) -> bool {
        let cancelled = event["status"] == "cancelled";
        let new = event["created"].as_str().and_then(parse_timestamp).is_some_and(|created| created > since);
        match self {
            Self::Created => new && !cancelled,
            Self::Updated => !new && !cancelled,
            Self::Cancelled => cancelled,
        }
    }
}

/// Which moment of an event a time trigger follows.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// Its start, `lead` ahead.
    Start { lead: TimeDelta },
    /// Its end.
    End,
}

/// The events of one listing and what Google says about the calendar beside them.
#[derive(Debug, Default)]
struct Listing {
    items: Vec<Value>,
    /// Where an incremental sync continues (on the last page of a sync listing).
    next_sync_token: Option<String>,
    /// The calendar's last modification (RFC 3339).
    updated: Option<String>,
    /// The calendar's time zone (what all-day events are in).
    time_zone: Option<String>,
}

#[actions]
impl GoogleCalendar {
    /// Check whether calendars have anything booked between two times
    #[action(
        name = "Check Availability",
        category = "Calendars",
        icon = "clock",
        idempotent,
        http(method = "POST", endpoint = "/freeBusy")
    )]
    async fn check_availability(&self, input: CheckAvailability) -> Result<Availability> {
        let zone = input
            .time_zone
            .as_deref()
            .filter(|z| !z.trim().is_empty())
            .map(|z| time_zone("timeZone", z))
            .transpose()?;
        let time_min = instant("timeMin", &input.time_min, zone.unwrap_or(Tz::UTC))?;
        let time_max = instant("timeMax", &input.time_max, zone.unwrap_or(Tz::UTC))?;
        if time_max <= time_min {
            return Err(ConnectorError::invalid_input("`timeMax` must be after `timeMin`"));
        }
        let calendars: Vec<&str> = input.calendar_id.split(',').map(str::trim).filter(|c| !c.is_empty()).collect();
        if calendars.is_empty() {
            return Err(ConnectorError::invalid_input("`calendarId` names no calendar"));
        }
        let mut body = json!({
            "timeMin": format_timestamp(time_min),
            "timeMax": format_timestamp(time_max),
            "items": calendars.iter().map(|id| json!({ "id": id })).collect::<Vec<_>>(),
        });
        if let Some(zone) = zone {
            body["timeZone"] = zone.name().into();
        }
        // A query reads and changes nothing: safe to repeat.
        let answer: Value = self.http.post("/freeBusy").json(&body).idempotent().send_json().await?;
        availability(answer, &body)
    }

    /// Create an event: timed (in a time zone) or all-day
    #[action(
        name = "Create Event",
        category = "Events",
        icon = "calendar-plus",
        http(method = "POST", endpoint = "/calendars/{calendarId}/events")
    )]
    async fn create_event(&self, input: CreateEvent) -> Result<Value> {
        let zone = match input.time_zone.trim() {
            "" => Tz::UTC,
            name => time_zone("timeZone", name)?,
        };
        let (start, end) = event_times(
            &When::parse("startDateTime", &input.start_date_time)?,
            &When::parse("endDateTime", &input.end_date_time)?,
            Some(zone),
        )?;
        let mut body = Map::new();
        put_text(&mut body, "summary", input.summary);
        put_text(&mut body, "description", input.description);
        put_text(&mut body, "location", input.location);
        body.insert("start".into(), start);
        body.insert("end".into(), end);
        body.insert("reminders".into(), json!({ "useDefault": input.use_default_reminders }));
        self.http.post(&events_path(&input.calendar_id)?).json(&body).send_json().await
    }

    /// Delete an event, telling its guests or not
    #[action(
        name = "Delete Event",
        category = "Events",
        icon = "trash",
        http(method = "DELETE", endpoint = "/calendars/{calendarId}/events/{eventId}")
    )]
    async fn delete_event(&self, input: DeleteEvent) -> Result<DeletedEvent> {
        let path = event_path(&input.calendar_id, &input.event_id)?;
        let query = json!({ "sendUpdates": input.send_updates.as_str() });
        match self.http.delete(&path).query(&query).send().await {
            Ok(_) => Ok(DeletedEvent {
                calendar_id: input.calendar_id.trim().to_owned(),
                event_id: input.event_id.trim().to_owned(),
                deleted: true,
            }),
            // Google answers 410 Gone for an event deleted before.
            Err(error) if error.status == 410 => Err(ConnectorError::new(ErrorCode::NotFound, error.message)
                .with_status(410)
                .with_details(error.details)),
            Err(error) => Err(error),
        }
    }

    /// Get one event by its ID
    #[action(
        name = "Get Event",
        category = "Events",
        icon = "calendar",
        idempotent,
        http(method = "GET", endpoint = "/calendars/{calendarId}/events/{eventId}")
    )]
    async fn get_event(&self, input: GetEvent) -> Result<Value> {
        self.http.get(&event_path(&input.calendar_id, &input.event_id)?).send_json().await
    }

    /// List the events of a calendar, filtered by time or text, a page at a time
    #[action(
        name = "Get Many Events",
        category = "Events",
        icon = "list",
        idempotent,
        http(method = "GET", endpoint = "/calendars/{calendarId}/events")
    )]
    async fn get_many_events(&self, input: GetManyEvents) -> Result<EventPage> {
        if input.order_by == Some(OrderBy::StartTime) && !input.single_events {
            return Err(ConnectorError::invalid_input(
                "ordering by start time needs `singleEvents`: a recurring series has no one start time",
            ));
        }
        let path = events_path(&input.calendar_id)?;
        let mut query = Map::new();
        query.insert("singleEvents".into(), input.single_events.into());
        for (key, value) in [("timeMin", &input.time_min), ("timeMax", &input.time_max)] {
            if let Some(text) = value.as_deref().filter(|t| !t.trim().is_empty()) {
                query.insert(key.into(), format_timestamp(instant(key, text, Tz::UTC)?).into());
            }
        }
        if let Some(q) = input.q.filter(|q| !q.trim().is_empty()) {
            query.insert("q".into(), q.into());
        }
        if let Some(order) = input.order_by {
            query.insert("orderBy".into(), order.as_str().into());
        }
        let wanted = input.max_results.max(1) as usize;
        let mut token = input.page_token.filter(|t| !t.trim().is_empty());
        let mut items = Vec::new();
        for _ in 0..MAX_PAGES {
            // Each page asks for exactly what is missing, so the next token starts right after
            // the last event returned.
            let mut page_query = query.clone();
            page_query.insert("maxResults".into(), (wanted - items.len()).min(MAX_PAGE_SIZE).into());
            if let Some(token) = &token {
                page_query.insert("pageToken".into(), token.clone().into());
            }
            let page: Value = self.http.get(&path).query(&page_query).send_json().await?;
            items.extend(page["items"].as_array().cloned().unwrap_or_default());
            token = page["nextPageToken"].as_str().filter(|t| !t.is_empty()).map(str::to_owned);
            if token.is_none() || items.len() >= wanted {
                break;
            }
        }
        Ok(EventPage { items, next_page_token: token })
    }

    /// Change an event: only the fields given are written
    #[action(
        name = "Update Event",
        category = "Events",
        icon = "edit",
        http(method = "PATCH", endpoint = "/calendars/{calendarId}/events/{eventId}")
    )]
    async fn update_event(&self, input: UpdateEvent) -> Result<Value> {
        let path = event_path(&input.calendar_id, &input.event_id)?;
        let mut body = Map::new();
        put_text(&mut body, "summary", input.summary);
        put_text(&mut body, "description", input.description);
        put_text(&mut body, "location", input.location);
        let zone_name = input.time_zone.filter(|z| !z.trim().is_empty());
        let start = input.start_date_time.filter(|t| !t.trim().is_empty());
        let end = input.end_date_time.filter(|t| !t.trim().is_empty());
        if start.is_some() || end.is_some() {
            let start = start.map(|t| When::parse("startDateTime", &t)).transpose()?;
            let end = end.map(|t| When::parse("endDateTime", &t)).transpose()?;
            let zone = match &zone_name {
                Some(name) => Some(time_zone("timeZone", name)?),
                None if [&start, &end].into_iter().flatten().any(|w| matches!(w, When::Local(_))) => {
                    return Err(ConnectorError::invalid_input(
                        "a start or end without an offset needs `timeZone` (or write the offset, e.g. +02:00)",
                    ));
                }
                None => None,
            };
            match (&start, &end) {
                (Some(start), Some(end)) => {
                    let (start, end) = event_times(start, end, zone)?;
                    body.insert("start".into(), start);
                    body.insert("end".into(), end);
                }
                (Some(start), None) => {
                    body.insert("start".into(), event_time(start, zone, false));
                }
                (None, Some(end)) => {
                    body.insert("end".into(), event_time(end, zone, true));
                }
                (None, None) => {}
            }
        } else if zone_name.is_some() {
            return Err(ConnectorError::invalid_input(
                "`timeZone` applies to a new start or end: give `startDateTime` or `endDateTime` with it",
            ));
        }
        if let Some(attendees) = input.attendees.filter(|a| !a.is_null()) {
            body.insert("attendees".into(), Value::Array(attendee_list(&attendees)?));
        }
        if body.is_empty() {
            return Err(ConnectorError::invalid_input("nothing to update: give at least one field to change"));
        }
        let query = json!({ "sendUpdates": input.send_updates.as_str() });
        self.http.patch(&path).query(&query).json(&body).send_json().await
    }

    /// An event was added to the calendar.
    ///
    /// Follows Google's incremental sync: each poll reads only what changed since the previous
    /// one (the first poll only takes the sync token). An event counts as new when it was
    /// created after the previous poll; an invitation to an older event counts as an update.
    #[trigger(name = "Event Created", event_type = "event.created", icon = "calendar-plus", polling, event_id = "/id")]
    async fn event_created(&self, config: CalendarWatch, cursor: Option<Value>) -> Result<Polled<Value>> {
        self.poll_changes(&config.calendar_id, cursor, Change::Created).await
    }

    /// An event of the calendar was changed (new and cancelled events are not reported here).
    #[trigger(name = "Event Updated", event_type = "event.updated", icon = "edit", polling, event_id = "/etag")]
    async fn event_updated(&self, config: CalendarWatch, cursor: Option<Value>) -> Result<Polled<Value>> {
        self.poll_changes(&config.calendar_id, cursor, Change::Updated).await
    }

    /// An event was cancelled or deleted. Google may report a deleted event with little more
    /// than its ID and status.
    #[trigger(name = "Event Cancelled", event_type = "event.cancelled", icon = "trash", polling, event_id = "/etag")]
    async fn event_cancelled(&self, config: CalendarWatch, cursor: Option<Value>) -> Result<Polled<Value>> {
        self.poll_changes(&config.calendar_id, cursor, Change::Cancelled).await
    }

    /// An event started (or is about to: the minutes before start configured). Each occurrence
    /// of a recurring event is reported once; events that started before the trigger was turned
    /// on are not. All-day events start at midnight in the calendar's time zone.
    #[trigger(name = "Event Started", event_type = "event.started", icon = "play", polling, event_id = "/id")]
    async fn event_started(&self, config: EventStartWatch, cursor: Option<Value>) -> Result<Polled<Value>> {
        let lead = TimeDelta::try_minutes(i64::from(config.reminder_minutes))
            .ok_or_else(|| ConnectorError::invalid_input("`reminderMinutes` is too large"))?;
        self.poll_moments(&config.calendar_id, cursor, Moment::Start { lead }).await
    }

    /// An event ended. Each occurrence of a recurring event is reported once; events that ended
    /// before the trigger was turned on are not.
    #[trigger(name = "Event Ended", event_type = "event.ended", icon = "stop", polling, event_id = "/id")]
    async fn event_ended(&self, config: EventEndWatch, cursor: Option<Value>) -> Result<Polled<Value>> {
        self.poll_moments(&config.calendar_id, cursor, Moment::End).await
    }

    /// Reads one event of the primary calendar: proves the token works and has the events scope.
    #[test_connection]
    async fn can_read_events(&self) -> Result<()> {
        self.http.get("/calendars/primary/events").query(&json!({ "maxResults": 1 })).send().await.map(drop)
    }
}

impl GoogleCalendar {
    /// Every page of an events listing with `query`, up to `max_items` events, and what the
    /// last page says about the calendar.
    async fn listing(&self, path: &str, query: &Map<String, Value>, max_items: usize) -> Result<Listing> {
        let mut listing = Listing::default();
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut page_query = query.clone();
            if let Some(token) = &token {
                page_query.insert("pageToken".into(), token.clone().into());
            }
            let page: Value = self.http.get(path).query(&page_query).send_json().await?;
            listing.items.extend(page["items"].as_array().cloned().unwrap_or_default());
            let text = |key: &str| page[key].as_str().filter(|t| !t.is_empty()).map(str::to_owned);
            listing.next_sync_token = text("nextSyncToken").or(listing.next_sync_token);
            listing.updated = text("updated").or(listing.updated);
            listing.time_zone = text("timeZone").or(listing.time_zone);
            token = text("nextPageToken");
            if token.is_none() || listing.items.len() >= max_items {
                break;
            }
        }
        Ok(listing)
    }

    /// A full sync that keeps no events: the sync token of the calendar as it stands, and its
    /// modification time.
    async fn full_sync(&self, path: &str) -> Result<SyncCursor> {
        let query = object(json!({ "maxResults": MAX_PAGE_SIZE, "fields": "nextPageToken,nextSyncToken,updated" }));
        let listing = self.listing(path, &query, usize::MAX).await?;
        let sync_token = listing.next_sync_token.ok_or_else(|| {
            ConnectorError::new(ErrorCode::InvalidResponse, "Google's event listing ended without a sync token")
        })?;
        let since = listing.updated.as_deref().and_then(parse_timestamp).unwrap_or_else(Utc::now);
        Ok(SyncCursor { sync_token, since: format_timestamp_precise(since) })
    }

    /// One poll of a change trigger.
    ///
    /// The cursor is Google's sync token. When Google no longer accepts it (410 Gone: tokens
    /// expire, and some changes to a calendar's sharing invalidate them), the poll starts over
    /// with a full sync for a new token, and reports what was modified between the previous
    /// poll and that full sync from a listing by modification time, so nothing in between is
    /// lost.
    async fn poll_changes(&self, calendar: &str, cursor: Option<Value>, change: Change) -> Result<Polled<Value>> {
        let path = events_path(calendar)?;
        let previous = cursor.and_then(|c| serde_json::from_value::<SyncCursor>(c).ok());
        let Some(previous) = previous else {
            let start = self.full_sync(&path).await?;
            return Ok(Polled { events: Vec::new(), cursor: Some(json!(start)) });
        };
        let since = parse_timestamp(&previous.since).unwrap_or_default();
        let query = object(json!({ "syncToken": previous.sync_token, "maxResults": MAX_PAGE_SIZE }));
        let (changed, next) = match self.listing(&path, &query, usize::MAX).await {
            Ok(listing) => {
                let latest = listing
                    .items
                    .iter()
                    .filter_map(|e| e["updated"].as_str().and_then(parse_timestamp))
                    .chain(listing.updated.as_deref().and_then(parse_timestamp))
                    .fold(since, std::cmp::max);
                let sync_token = listing.next_sync_token.ok_or_else(|| {
                    ConnectorError::new(ErrorCode::InvalidResponse, "Google's event changes ended without a sync token")
                })?;
                (listing.items, SyncCursor { sync_token, since: format_timestamp_precise(latest) })
            }
            Err(error) if error.status == 410 => {
                tracing::info!(calendar, "the sync token expired; starting over with a full sync");
                let next = self.full_sync(&path).await?;
                let until = parse_timestamp(&next.since).unwrap_or_else(Utc::now);
                let query = object(json!({
                    "updatedMin": format_timestamp(since),
                    "showDeleted": true,
                    "maxResults": MAX_PAGE_SIZE,
                }));
                let listing = self.listing(&path, &query, usize::MAX).await?;
                // What changed after the full sync comes with the next incremental poll.
                let changed = listing
                    .items
                    .into_iter()
                    .filter(|e| {
                        e["updated"].as_str().and_then(parse_timestamp).is_none_or(|at| at > since && at <= until)
                    })
                    .collect();
                (changed, next)
            }
            Err(error) => return Err(error),
        };
        let events = changed.into_iter().filter(|event| change.reports(event, since)).collect();
        Ok(Polled { events, cursor: Some(json!(next)) })
    }

    /// One poll of a start or end trigger: the events whose moment falls after the previous
    /// poll's `until` and at or before now, by moment. The first poll only records now.
    async fn poll_moments(&self, calendar: &str, cursor: Option<Value>, moment: Moment) -> Result<Polled<Value>> {
        let path = events_path(calendar)?;
        let now = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap_or_default();
        let from =
            cursor.and_then(|c| serde_json::from_value::<WindowCursor>(c).ok()).and_then(|c| parse_timestamp(&c.until));
        let Some(from) = from else {
            return Ok(Polled {
                events: Vec::new(),
                cursor: Some(json!(WindowCursor { until: format_timestamp(now) })),
            });
        };
        if now <= from {
            return Ok(Polled::default());
        }
        let lead = match moment {
            Moment::Start { lead } => lead,
            Moment::End => TimeDelta::zero(),
        };
        // Google's timeMin bounds an event's end, timeMax its start (both exclusive).
        let (time_min, time_max) = match moment {
            Moment::Start { lead } => (from + lead, now + lead + TimeDelta::seconds(1)),
            Moment::End => (from, now + TimeDelta::seconds(1)),
        };
        let query = object(json!({
            "singleEvents": true,
            "orderBy": "startTime",
            "timeMin": format_timestamp(time_min),
            "timeMax": format_timestamp(time_max),
            "maxResults": MAX_PAGE_SIZE,
        }));
        let listing = self.listing(&path, &query, MAX_WINDOW_EVENTS).await?;
        let zone = listing.time_zone.as_deref().and_then(|z| z.parse::<Tz>().ok()).unwrap_or(Tz::UTC);
        let key = match moment {
            Moment::Start { .. } => "start",
            Moment::End => "end",
        };
        let mut due: Vec<(DateTime<Utc>, Value)> = listing
            .items
            .into_iter()
            .filter_map(|event| {
                let at = event_moment(&event[key], zone)? - lead;
                (at > from && at <= now).then_some((at, event))
            })
            .collect();
        due.sort_by_key(|(at, _)| *at);
        let events = due.into_iter().map(|(_, event)| event).collect();
        Ok(Polled { events, cursor: Some(json!(WindowCursor { until: format_timestamp(now) })) })
    }
}

/// A time as an input gives it.
#[derive(Debug, Clone, PartialEq)]
enum When {
    /// A day: an all-day event.
    Date(NaiveDate),
    /// A wall-clock time, read in the event's time zone.
    Local(NaiveDateTime),
    /// An instant, with its offset.
    Instant(DateTime<FixedOffset>),
}

impl When {
    /// Reads `text`, the value of input `field`.
    fn parse(field: &str, text: &str) -> Result<Self> {
        let text = text.trim();
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(Self::Date(date));
        }
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return Ok(Self::Instant(at));
        }
        // An instant without seconds: 2024-05-01T10:00Z, 2024-05-01T10:00+02:00.
        let zulu = text.strip_suffix(['Z', 'z']).map(|t| format!("{t}+00:00"));
        if let Ok(at) = DateTime::parse_from_str(zulu.as_deref().unwrap_or(text), "%Y-%m-%dT%H:%M%:z") {
            return Ok(Self::Instant(at));
        }
        for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"] {
            if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
                return Ok(Self::Local(local));
            }
        }
        Err(ConnectorError::invalid_input(format!(
            "`{field}` is not a date or time: `{text}`; write 2024-05-01, 2024-05-01T10:00 or 2024-05-01T10:00:00+02:00"
        )))
    }

    /// The instant it names, a day meaning its midnight, in `zone` unless it has an offset.
    fn instant(&self, zone: Tz) -> DateTime<Utc> {
        match self {
            Self::Date(date) => local_instant(zone, date.and_time(chrono::NaiveTime::MIN)),
            Self::Local(local) => local_instant(zone, *local),
            Self::Instant(at) => at.with_timezone(&Utc),
        }
    }
}

/// A wall-clock time of `zone` as an instant; a time a clock change skips is read an hour later.
fn local_instant(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| zone.from_local_datetime(&(local + TimeDelta::hours(1))).earliest())
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| local.and_utc())
}

/// An instant input (`timeMin`, `timeMax`), a date or local time being read in `zone`.
fn instant(field: &str, text: &str, zone: Tz) -> Result<DateTime<Utc>> {
    When::parse(field, text).map(|when| when.instant(zone))
}

/// An IANA time zone name, checked.
fn time_zone(field: &str, name: &str) -> Result<Tz> {
    name.trim().parse::<Tz>().map_err(|_| {
        ConnectorError::invalid_input(format!(
            "`{field}` is not an IANA time zone name: `{}` (e.g. UTC, Europe/Berlin, America/New_York)",
            name.trim()
        ))
    })
}

/// Google's `start` and `end` of an event from the input's: both days (all-day, the end being
/// the last day) or both times, the end not before the start. Times without an offset are in
/// `zone` (the callers make sure there is one for them).
fn event_times(start: &When, end: &When, zone: Option<Tz>) -> Result<(Value, Value)> {
    let zone_or_utc = zone.unwrap_or(Tz::UTC);
    match (start, end) {
        (When::Date(first), When::Date(last)) if last < first => {
            return Err(ConnectorError::invalid_input("the end date is before the start date"));
        }
        (When::Date(_), When::Date(_)) => {}
        (When::Date(_), _) | (_, When::Date(_)) => {
            return Err(ConnectorError::invalid_input(
                "give both start and end as dates (an all-day event) or both as times",
            ));
        }
        _ if end.instant(zone_or_utc) < start.instant(zone_or_utc) => {
            return Err(ConnectorError::invalid_input("the end time is before the start time"));
        }
        _ => {}
    }
    Ok((event_time(start, zone, false), event_time(end, zone, true)))
}

/// One `start` or `end` in Google's form. A day is `{"date"}`; as an end it is the event's last
/// day, sent as the day after (Google's end date is exclusive).
fn event_time(when: &When, zone: Option<Tz>, end: bool) -> Value {
    let mut time = match when {
        When::Date(date) => {
            let date = if end { date.succ_opt().unwrap_or(*date) } else { *date };
            return json!({ "date": date.format("%Y-%m-%d").to_string() });
        }
        When::Local(local) => json!({ "dateTime": local.format("%Y-%m-%dT%H:%M:%S").to_string() }),
        When::Instant(at) => json!({ "dateTime": at.to_rfc3339_opts(SecondsFormat::AutoSi, true) }),
    };
    if let Some(zone) = zone {
        time["timeZone"] = zone.name().into();
    }
    time
}

/// When an event's `start` or `end` is: its `dateTime`, or the midnight of its `date` in the
/// calendar's time zone.
fn event_moment(time: &Value, zone: Tz) -> Option<DateTime<Utc>> {
    if let Some(at) = time["dateTime"].as_str().and_then(parse_timestamp) {
        return Some(at);
    }
    let date = NaiveDate::parse_from_str(time["date"].as_str()?, "%Y-%m-%d").ok()?;
    Some(local_instant(zone, date.and_time(chrono::NaiveTime::MIN)))
}

/// An instant with Google's millisecond precision, for cursors.
fn format_timestamp_precise(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Google's attendee list from the input: addresses (a list, or text separated by commas or
/// lines, or JSON text) or attendee objects with an `email`.
fn attendee_list(value: &Value) -> Result<Vec<Value>> {
    let mut attendees = Vec::new();
    match value {
        Value::String(text) if text.trim_start().starts_with('[') => {
            let parsed: Value = serde_json::from_str(text)
                .map_err(|e| ConnectorError::invalid_input(format!("`attendees` is not a valid JSON list: {e}")))?;
            return attendee_list(&parsed);
        }
        Value::String(text) => {
            for address in text.split([',', ';', '\n']).map(str::trim).filter(|a| !a.is_empty()) {
                attendees.push(json!({ "email": email(address)? }));
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::String(_) => attendees.extend(attendee_list(item)?),
                    Value::Object(attendee) => match attendee.get("email").and_then(Value::as_str) {
                        Some(address) => {
                            email(address)?;
                            attendees.push(item.clone());
                        }
                        None => return Err(ConnectorError::invalid_input("each attendee object needs an `email`")),
                    },
                    other => {
                        return Err(ConnectorError::invalid_input(format!(
                            "an attendee is an email address or an object with an `email`, not `{other}`"
                        )))
                    }
                }
            }
        }
        other => {
            return Err(ConnectorError::invalid_input(format!(
                "`attendees` is a list of email addresses, not `{other}`"
            )))
        }
    }
    Ok(attendees)
}

/// An email address, roughly checked (Google checks it for real).
fn email(address: &str) -> Result<&str> {
    let address = address.trim();
    match address.split_once('@') {
        Some((user, domain)) if !user.is_empty() && domain.contains('.') && !address.contains(' ') => Ok(address),
        _ => Err(ConnectorError::invalid_input(format!("`{address}` is not an email address"))),
    }
}

/// The map of a `json!({...})` object (a query).
fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Sets a text field of an event body when given.
fn put_text(body: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(value) = value {
        body.insert(key.to_owned(), value.into());
    }
}

/// `/calendars/{calendarId}/events`.
fn events_path(calendar: &str) -> Result<String> {
    let calendar = calendar.trim();
    if calendar.is_empty() {
        return Err(ConnectorError::invalid_input("`calendarId` is empty: use `primary` or a calendar ID"));
    }
    Ok(format!("/calendars/{}/events", path_segment(calendar)))
}

/// `/calendars/{calendarId}/events/{eventId}`.
fn event_path(calendar: &str, event: &str) -> Result<String> {
    let event = event.trim();
    if event.is_empty() {
        return Err(ConnectorError::invalid_input("`eventId` is empty"));
    }
    Ok(format!("{}/{}", events_path(calendar)?, path_segment(event)))
}

/// The availability in a free/busy answer; a calendar Google could not read is an error.
fn availability(answer: Value, query: &Value) -> Result<Availability> {
    let calendars = answer["calendars"].as_object().cloned().unwrap_or_default();
    let mut busy = Vec::new();
    for (calendar_id, calendar) in &calendars {
        if let Some(error) = calendar["errors"].as_array().and_then(|errors| errors.first()) {
            let reason = error["reason"].as_str().unwrap_or("unknown");
            let code = match reason {
                "notFound" => ErrorCode::NotFound,
                _ => ErrorCode::Upstream,
            };
            return Err(ConnectorError::new(code, format!("Google could not read calendar `{calendar_id}`: {reason}"))
                .with_details(json!({ "calendarId": calendar_id, "errors": calendar["errors"] })));
        }
        for period in calendar["busy"].as_array().into_iter().flatten() {
            busy.push(BusyPeriod {
                calendar_id: calendar_id.clone(),
                start: period["start"].as_str().unwrap_or_default().to_owned(),
                end: period["end"].as_str().unwrap_or_default().to_owned(),
            });
        }
    }
    busy.sort_by_key(|period| parse_timestamp(&period.start));
    let text = |key: &str| answer[key].as_str().or(query[key].as_str()).unwrap_or_default().to_owned();
    Ok(Availability {
        available: busy.is_empty(),
        busy,
        time_min: text("timeMin"),
        time_max: text("timeMax"),
        calendars,
    })
}
