//! The schedule trigger's time arithmetic: when a `SCHEDULE_TRIGGER` node fires.
//!
//! Pure: no clock is read, nothing sleeps, nothing is stored. The caller keeps each trigger's
//! `next_run` and asks [`Schedule::due`] what to do at `now`.
//!
//! # Accepted configurations
//!
//! [`Schedule::from_config`] takes the trigger node's `data` object, in the shapes FluxTurn
//! workflows hold:
//!
//! - the schedule object FluxTurn's editor writes:
//!   `{"schedule": {"mode", "interval", "hour", "minute", "dayOfWeek", "dayOfMonth", "cronExpression"}, "timezone"}`;
//! - the same fields without the `schedule` wrapper: `{"mode": "days", "interval": 1, "hour": 9, ...}`;
//! - a plain cron string: `{"cron": "0 9 * * 1-5", "timezone": "Europe/Berlin"}` (`cronExpression`
//!   is read the same way when there is neither `schedule`, `mode` nor `cron`);
//! - any of the above one level down in `config` (`{"config": {"cron": "0 9 * * *"}}`, as some of
//!   FluxTurn's bundled templates store it).
//!
//! As in FluxTurn, a `schedule` object wins over a `cron` string. `timezone` is an IANA name
//! (`"Europe/Berlin"`); missing, `null` or `""` means UTC. Numbers may be JSON numbers or numeric
//! strings (`5` or `"5"`); a `null` or `""` field counts as missing. Only the fields the mode uses
//! are read and checked: the editor keeps e.g. `hour` and `dayOfWeek` around in `minutes` mode.
//!
//! # Mapping to cron (FluxTurn's, so imported workflows fire at the same times)
//!
//! | mode      | fields used (default)                                     | cron                        |
//! |-----------|-----------------------------------------------------------|-----------------------------|
//! | `minutes` | `interval` 1–59                                           | `*/N * * * *`               |
//! | `hours`   | `interval` 1–23, `minute` (0)                             | `M */N * * *`               |
//! | `days`    | `interval` 1–31, `hour` (0), `minute` (0)                 | `M H * * *`, or `M H */N * *` for N > 1 |
//! | `weeks`   | `dayOfWeek` 0–6 (0 = Sunday, at least one), `hour`, `minute` | `M H * * D,D,...`        |
//! | `months`  | `interval` 1–12, `dayOfMonth` 1–31 (1), `hour`, `minute`  | `M H D * *`, or `M H D */N *` for N > 1 |
//! | `cron`    | `cronExpression`                                          | as given                    |
//!
//! Consequences of that mapping, kept on purpose:
//! - steps restart at each hour, day, month or year: every 7 minutes is :00, :07, … :56, then :00;
//!   every 5 hours is 00:00, 05:00, … 20:00, then 00:00; every 10 days is the 1st, 11th, 21st and
//!   31st of each month; every 5 months is January, June and November;
//! - `weeks` fires every week on the chosen days: FluxTurn does not apply `interval` there (it is
//!   still checked to be 1–52 when given), and [`Schedule::describe`] says so;
//! - `months` on a day a month lacks (31 in April, 30 in February) skips that month, as cron
//!   does; it does not move to the month's last day.
//!
//! Where this module is stricter than FluxTurn (which turns these into every-5-minutes or into a
//! failed activation): an unknown or missing `mode`, a missing `interval`, an empty `dayOfWeek`
//! in `weeks` mode (FluxTurn would fire every day) and an empty `cronExpression` are errors, and
//! `days` takes an interval up to 31 where FluxTurn's editor offers up to 365 (a day-of-month
//! step past 31 only ever matches the 1st, so "every 40 days" would silently be monthly).
//!
//! # Cron dialect
//!
//! Five fields (minute hour day-of-month month day-of-week) or six with a leading seconds field,
//! as FluxTurn's cron library takes; no year field. Names (`MON`, `JAN`), ranges, lists, steps
//! (also `0/10`), `@daily`-style nicknames, `L`, `W` and `#` are accepted (croner's dialect).
//! Weekdays are 0–7 with 0 and 7 both Sunday. When both day-of-month and day-of-week are
//! restricted, a day matching either fires (Vixie cron). A pattern that can never fire
//! (`0 0 30 2 *`) is an error.
//!
//! # Time zones and daylight saving time
//!
//! Patterns are read on the wall clock of the schedule's time zone.
//! - A time of day that does not exist (02:30 in Europe/Berlin on the spring-forward day) is
//!   **shifted** to the first instant after the gap (03:00 CEST) for schedules with one fixed
//!   time of day (`days`, `weeks`, `months`, and crons with single second, minute and hour);
//!   schedules that step through the clock (`minutes`, `hours`, crons with `*`, lists or steps in
//!   those fields) simply have no firings inside the gap.
//! - A time of day that occurs twice (02:30 on the fall-back day) fires **once**, on its first
//!   occurrence, for fixed-time schedules; stepping schedules keep their cadence in real time and
//!   fire in both passes of the repeated hour.
//!
//! # Missed runs
//!
//! [`Schedule::due`] fires at most one run after downtime: a server that was down across many
//! slots fires once and then waits for the first slot after `now`.

use chrono::{DateTime, SubsecRound, TimeZone, Utc};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds, Year};
use croner::Cron;
use serde_json::{Map, Value};
use std::fmt::Write as _;
use std::ops::RangeInclusive;

/// When a schedule trigger fires: a cron pattern read in an IANA time zone, built from a
/// `SCHEDULE_TRIGGER` node's configuration by [`Schedule::from_config`].
#[derive(Debug, Clone)]
pub struct Schedule {
    rule: Rule,
    cron: Cron,
    cron_expression: String,
    timezone: Tz,
}

/// What [`Schedule::due`] decided for one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// Whether the workflow runs now (once, however many slots were missed).
    pub fire: bool,
    /// The `next_run` to keep: unchanged when nothing fires, else the first slot after `now`
    /// ([`DateTime::<Utc>::MAX_UTC`] if the schedule has no later slot).
    pub next_run: DateTime<Utc>,
}

/// A schedule configuration that cannot be used: names the offending field (`schedule.interval`,
/// `timezone`, `cron`, ...) and says what is allowed. Displays as `field: problem`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct ScheduleError {
    field: String,
    problem: String,
}

impl ScheduleError {
    fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Self { field: field.into(), problem: problem.into() }
    }

    /// The path of the offending field in the configuration, e.g. `schedule.interval`.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong with the field and what it allows.
    pub fn problem(&self) -> &str {
        &self.problem
    }
}

/// The schedule as configured, kept for [`Schedule::describe`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rule {
    Minutes { interval: u32 },
    Hours { interval: u32, minute: u32 },
    Days { interval: u32, at: TimeOfDay },
    Weeks { ignored_interval: u32, weekdays: Vec<u32>, at: TimeOfDay },
    Months { interval: u32, day_of_month: u32, at: TimeOfDay },
    Cron,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TimeOfDay {
    hour: u32,
    minute: u32,
}

impl std::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

const MODES: &str = "one of \"minutes\", \"hours\", \"days\", \"weeks\", \"months\", \"cron\"";
const CRON_SHAPE: &str = "expected 5 fields (minute hour day-of-month month day-of-week), e.g. \"0 9 * * 1-5\", \
     or 6 with a leading seconds field";
const WEEKDAY_NAMES: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const SCHEDULE_KEYS: [&str; 4] = ["schedule", "mode", "cron", "cronExpression"];

impl Schedule {
    /// Reads a `SCHEDULE_TRIGGER` node's configuration (its `data` object): FluxTurn's
    /// `schedule` object, the same fields at the top level, or a plain `cron` string, each with
    /// an optional `timezone` (default UTC). The module documentation lists the shapes and how
    /// each mode maps to cron.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use fluxturn_server::schedule::Schedule;
    /// use serde_json::json;
    ///
    /// let schedule = Schedule::from_config(&json!({
    ///     "schedule": {"mode": "days", "interval": 1, "hour": 9, "minute": "30"},
    ///     "timezone": "Europe/Berlin"
    /// }))?;
    /// assert_eq!(schedule.describe(), "Every day at 09:30 (Europe/Berlin)");
    ///
    /// let after = Utc.with_ymd_and_hms(2024, 1, 15, 12, 0, 0).unwrap();
    /// // 09:30 in Berlin is 08:30 UTC in winter.
    /// let next = Utc.with_ymd_and_hms(2024, 1, 16, 8, 30, 0).unwrap();
    /// assert_eq!(schedule.next_after(after), Some(next));
    ///
    /// assert!(Schedule::from_config(&json!({"cron": "0 9 * * 1-5"})).is_ok());
    /// let error = Schedule::from_config(&json!({"schedule": {"mode": "minutes", "interval": 0}})).unwrap_err();
    /// assert_eq!(error.field(), "schedule.interval");
    /// # Ok::<(), fluxturn_server::schedule::ScheduleError>(())
    /// ```
    pub fn from_config(config: &Value) -> Result<Schedule, ScheduleError> {
        let (container, prefix) = locate_container(config)?;
        let timezone = read_timezone(container, &prefix)?;
        let (rule, cron_expression, cron_field) = read_rule(container, &prefix)?;
        let cron = parse_cron(&cron_expression, &cron_field)?;
        ensure_fires(&cron, timezone, &cron_expression, &cron_field)?;
        Ok(Schedule { rule, cron, cron_expression, timezone })
    }

    /// The first firing strictly after `after`, found on the wall clock of the schedule's time
    /// zone (see the module documentation for daylight saving time). `None` only when the
    /// pattern has no later firing within the years the cron library searches.
    pub fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        // Firings fall on whole seconds: one strictly after the whole second holding `after` is
        // strictly after `after` too.
        let start = after.trunc_subsecs(0).with_timezone(&self.timezone);
        let next = self.cron.find_next_occurrence(&start, false).ok()?;
        Some(next.with_timezone(&Utc))
    }

    /// Whether a trigger whose stored next firing is `next_run` fires at `now`. When
    /// `now >= next_run` it fires once, and the new `next_run` is the first slot strictly after
    /// `now`: missed slots in between are not fired one by one. Otherwise nothing fires and
    /// `next_run` is kept.
    pub fn due(&self, next_run: DateTime<Utc>, now: DateTime<Utc>) -> Due {
        if now < next_run {
            return Due { fire: false, next_run };
        }
        Due { fire: true, next_run: self.next_after(now).unwrap_or(DateTime::<Utc>::MAX_UTC) }
    }

    /// A sentence for people: "Every 15 minutes", "Every day at 09:30 (Europe/Berlin)",
    /// "Cron \"0 9 * * 1-5\" (UTC)". Times of day are 24-hour, in the named time zone.
    pub fn describe(&self) -> String {
        let zone = self.timezone.name();
        match &self.rule {
            Rule::Minutes { interval } => describe_minutes(*interval),
            Rule::Hours { interval, minute } => describe_hours(*interval, *minute, zone),
            Rule::Days { interval, at } => describe_days(*interval, *at, zone),
            Rule::Weeks { ignored_interval, weekdays, at } => describe_weeks(*ignored_interval, weekdays, *at, zone),
            Rule::Months { interval, day_of_month, at } => describe_months(*interval, *day_of_month, *at, zone),
            Rule::Cron => format!("Cron \"{}\" ({zone})", self.cron_expression),
        }
    }

    /// The cron pattern the schedule runs on (FluxTurn's mapping for the friendly modes).
    pub fn cron_expression(&self) -> &str {
        &self.cron_expression
    }

    /// The IANA time zone the pattern is read in.
    pub fn timezone(&self) -> Tz {
        self.timezone
    }
}

/// The object holding the schedule fields, and the path prefix naming it in errors: the node
/// data itself, or its `config` member when only that holds them.
fn locate_container(config: &Value) -> Result<(&Map<String, Value>, String), ScheduleError> {
    let Some(root) = config.as_object() else {
        return Err(ScheduleError::new(
            "schedule",
            format!("the trigger configuration must be a JSON object, got {}", json_kind(config)),
        ));
    };
    if holds_schedule(root) {
        return Ok((root, String::new()));
    }
    if let Some(nested) = root.get("config").and_then(Value::as_object).filter(|nested| holds_schedule(nested)) {
        return Ok((nested, "config.".to_owned()));
    }
    Err(ScheduleError::new(
        "schedule",
        "missing: give a `schedule` object ({\"mode\": \"minutes\", \"interval\": 5, ...}) or a `cron` string",
    ))
}

fn holds_schedule(object: &Map<String, Value>) -> bool {
    SCHEDULE_KEYS.iter().any(|key| object.get(*key).is_some_and(|value| !is_blank(value)))
}

fn read_timezone(container: &Map<String, Value>, prefix: &str) -> Result<Tz, ScheduleError> {
    let field = format!("{prefix}timezone");
    match container.get("timezone") {
        None | Some(Value::Null) => Ok(Tz::UTC),
        Some(Value::String(name)) if name.trim().is_empty() => Ok(Tz::UTC),
        Some(Value::String(name)) => name.trim().parse::<Tz>().map_err(|_| {
            ScheduleError::new(
                field,
                format!("unknown time zone \"{name}\"; use an IANA name such as \"UTC\" or \"Europe/Berlin\""),
            )
        }),
        Some(other) => Err(ScheduleError::new(
            field,
            format!("must be an IANA time zone name such as \"Europe/Berlin\", got {}", json_kind(other)),
        )),
    }
}

/// The configured rule, its cron pattern, and the field a bad pattern is blamed on.
fn read_rule(container: &Map<String, Value>, prefix: &str) -> Result<(Rule, String, String), ScheduleError> {
    if let Some(schedule) = container.get("schedule").and_then(Value::as_object) {
        return read_friendly(&Fields { map: schedule, prefix: format!("{prefix}schedule.") });
    }
    if container.get("mode").is_some_and(|mode| !is_blank(mode)) {
        return read_friendly(&Fields { map: container, prefix: prefix.to_owned() });
    }
    let fields = Fields { map: container, prefix: prefix.to_owned() };
    let key = if container.get("cron").is_some_and(|cron| !is_blank(cron)) { "cron" } else { "cronExpression" };
    let expression = fields.required_text(key, CRON_SHAPE)?;
    Ok((Rule::Cron, expression, fields.path(key)))
}

/// A FluxTurn schedule object (`mode` and the fields it uses) and FluxTurn's cron for it.
fn read_friendly(fields: &Fields) -> Result<(Rule, String, String), ScheduleError> {
    let mode = fields.required_text("mode", MODES)?;
    let rule = match mode.to_ascii_lowercase().as_str() {
        "minutes" => Rule::Minutes { interval: fields.interval("minutes", 1..=59)? },
        "hours" => Rule::Hours { interval: fields.interval("hours", 1..=23)?, minute: fields.minute()? },
        "days" => Rule::Days { interval: fields.interval("days", 1..=31)?, at: fields.time_of_day()? },
        "weeks" => Rule::Weeks {
            ignored_interval: fields.optional_number("interval", 1..=52, 1, "for mode \"weeks\"")?,
            weekdays: fields.weekdays()?,
            at: fields.time_of_day()?,
        },
        "months" => Rule::Months {
            interval: fields.interval("months", 1..=12)?,
            day_of_month: fields.optional_number("dayOfMonth", 1..=31, 1, "as the day of the month")?,
            at: fields.time_of_day()?,
        },
        "cron" => {
            let expression = fields.required_text("cronExpression", CRON_SHAPE)?;
            return Ok((Rule::Cron, expression, fields.path("cronExpression")));
        }
        _ => return Err(ScheduleError::new(fields.path("mode"), format!("unknown mode \"{mode}\"; {MODES}"))),
    };
    let cron_expression = cron_for(&rule);
    Ok((rule, cron_expression, fields.path("mode")))
}

/// FluxTurn's cron pattern for a friendly rule (`scheduleToCron`).
fn cron_for(rule: &Rule) -> String {
    match rule {
        Rule::Minutes { interval } => format!("*/{interval} * * * *"),
        Rule::Hours { interval, minute } => format!("{minute} */{interval} * * *"),
        Rule::Days { interval: 1, at } => format!("{} {} * * *", at.minute, at.hour),
        Rule::Days { interval, at } => format!("{} {} */{interval} * *", at.minute, at.hour),
        Rule::Weeks { weekdays, at, .. } => format!("{} {} * * {}", at.minute, at.hour, join_numbers(weekdays)),
        Rule::Months { interval: 1, day_of_month, at } => format!("{} {} {day_of_month} * *", at.minute, at.hour),
        Rule::Months { interval, day_of_month, at } => {
            format!("{} {} {day_of_month} */{interval} *", at.minute, at.hour)
        }
        // A `cron` rule carries its own pattern; `read_friendly` never maps one.
        Rule::Cron => String::new(),
    }
}

fn cron_parser() -> CronParser {
    CronParser::builder().seconds(Seconds::Optional).year(Year::Disallowed).sloppy_ranges(true).build()
}

fn parse_cron(expression: &str, field: &str) -> Result<Cron, ScheduleError> {
    cron_parser().parse(expression).map_err(|error| {
        ScheduleError::new(field, format!("\"{expression}\" is not a valid cron pattern ({error}); {CRON_SHAPE}"))
    })
}

/// Rejects a pattern that matches no date at all (`0 0 30 2 *`). Without a year field a
/// pattern that fires once fires again, so one search from a fixed instant decides it.
fn ensure_fires(cron: &Cron, timezone: Tz, expression: &str, field: &str) -> Result<(), ScheduleError> {
    let reference = timezone.from_utc_datetime(&DateTime::<Utc>::UNIX_EPOCH.naive_utc());
    match cron.find_next_occurrence(&reference, false) {
        Ok(_) => Ok(()),
        Err(_) => Err(ScheduleError::new(
            field,
            format!("\"{expression}\" never fires: no date matches it (like February 30)"),
        )),
    }
}

/// One object of schedule fields and the path prefix naming them in errors.
struct Fields<'a> {
    map: &'a Map<String, Value>,
    prefix: String,
}

impl Fields<'_> {
    fn path(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// A field's value, with `null` and `""` counted as missing.
    fn present(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|value| !is_blank(value))
    }

    fn required_text(&self, key: &str, allowed: &str) -> Result<String, ScheduleError> {
        match self.present(key) {
            Some(Value::String(text)) => Ok(text.trim().to_owned()),
            Some(other) => Err(ScheduleError::new(
                self.path(key),
                format!("must be a string, got {}; {allowed}", json_kind(other)),
            )),
            None => Err(ScheduleError::new(self.path(key), format!("missing; {allowed}"))),
        }
    }

    /// `interval`, required by the modes that step by it.
    fn interval(&self, mode: &str, allowed: RangeInclusive<u32>) -> Result<u32, ScheduleError> {
        let context = format!("for mode \"{mode}\"");
        match self.present("interval") {
            Some(value) => self.number_in(value, "interval", &allowed, &context),
            None => Err(ScheduleError::new(
                self.path("interval"),
                format!("missing; {context} it must be a whole number from {} to {}", allowed.start(), allowed.end()),
            )),
        }
    }

    fn optional_number(
        &self,
        key: &str,
        allowed: RangeInclusive<u32>,
        default: u32,
        context: &str,
    ) -> Result<u32, ScheduleError> {
        match self.present(key) {
            Some(value) => self.number_in(value, key, &allowed, context),
            None => Ok(default),
        }
    }

    fn minute(&self) -> Result<u32, ScheduleError> {
        self.optional_number("minute", 0..=59, 0, "as the minute of the hour")
    }

    fn time_of_day(&self) -> Result<TimeOfDay, ScheduleError> {
        let hour = self.optional_number("hour", 0..=23, 0, "as the hour of the day (24-hour clock)")?;
        Ok(TimeOfDay { hour, minute: self.minute()? })
    }

    /// `dayOfWeek` for `weeks` mode: at least one of 0–6 (0 = Sunday), sorted, duplicates dropped.
    fn weekdays(&self) -> Result<Vec<u32>, ScheduleError> {
        const ALLOWED: &str = "a list of weekdays from 0 to 6 (0 = Sunday), at least one, e.g. [1, 3, 5]";
        let field = self.path("dayOfWeek");
        let Some(value) = self.present("dayOfWeek") else {
            return Err(ScheduleError::new(field, format!("missing; for mode \"weeks\" give {ALLOWED}")));
        };
        let Some(items) = value.as_array() else {
            return Err(ScheduleError::new(field, format!("must be {ALLOWED}, got {}", json_kind(value))));
        };
        if items.is_empty() {
            return Err(ScheduleError::new(field, format!("no weekday selected; give {ALLOWED}")));
        }
        let mut weekdays = items
            .iter()
            .map(|item| self.number_in(item, "dayOfWeek", &(0..=6), "as a weekday (0 = Sunday)"))
            .collect::<Result<Vec<u32>, ScheduleError>>()?;
        weekdays.sort_unstable();
        weekdays.dedup();
        Ok(weekdays)
    }

    /// A whole number given as a JSON number or a numeric string, within `allowed`.
    fn number_in(
        &self,
        value: &Value,
        key: &str,
        allowed: &RangeInclusive<u32>,
        context: &str,
    ) -> Result<u32, ScheduleError> {
        let expected = format!("{context} it must be a whole number from {} to {}", allowed.start(), allowed.end());
        let Some(number) = whole_number(value) else {
            return Err(ScheduleError::new(self.path(key), format!("{value} is not a whole number; {expected}")));
        };
        u32::try_from(number)
            .ok()
            .filter(|number| allowed.contains(number))
            .ok_or_else(|| ScheduleError::new(self.path(key), format!("{number} is out of range; {expected}")))
    }
}

/// `5`, `5.0` and `"5"` are 5; anything else is not a whole number.
fn whole_number(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64().or_else(|| {
            number.as_f64().filter(|float| float.fract() == 0.0 && float.abs() < 1e15).map(|float| float as i64)
        }),
        Value::String(text) => text.trim().parse::<i64>().ok(),
        _ => None,
    }
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.trim().is_empty(),
        _ => false,
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn join_numbers(numbers: &[u32]) -> String {
    numbers.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

/// "a", "a and b", "a, b and c".
fn join_words(words: &[&str]) -> String {
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn plural(count: u32, unit: &str) -> String {
    if count == 1 {
        format!("Every {unit}")
    } else {
        format!("Every {count} {unit}s")
    }
}

fn describe_minutes(interval: u32) -> String {
    let mut text = plural(interval, "minute");
    if 60 % interval != 0 {
        text.push_str(", counted from the top of each hour");
    }
    text
}

fn describe_hours(interval: u32, minute: u32, zone: &str) -> String {
    let mut text = format!("{} at minute {minute} ({zone})", plural(interval, "hour"));
    if 24 % interval != 0 {
        text.push_str(", counted from midnight");
    }
    text
}

fn describe_days(interval: u32, at: TimeOfDay, zone: &str) -> String {
    let mut text = format!("{} at {at} ({zone})", plural(interval, "day"));
    if interval > 1 {
        text.push_str(", counted from the 1st of each month");
    }
    text
}

fn describe_weeks(ignored_interval: u32, weekdays: &[u32], at: TimeOfDay, zone: &str) -> String {
    let names: Vec<&str> =
        weekdays.iter().filter_map(|day| WEEKDAY_NAMES.get(usize::try_from(*day).ok()?).copied()).collect();
    let mut text = String::from("Every week");
    if ignored_interval > 1 {
        let _ = write!(text, " (interval {ignored_interval} is not applied, as in FluxTurn)");
    }
    let _ = write!(text, " on {} at {at} ({zone})", join_words(&names));
    text
}

fn describe_months(interval: u32, day_of_month: u32, at: TimeOfDay, zone: &str) -> String {
    let mut text = plural(interval, "month");
    if interval > 1 {
        let months: Vec<&str> = MONTH_NAMES.iter().step_by(interval as usize).copied().collect();
        let _ = write!(text, " ({})", join_words(&months));
    }
    let _ = write!(text, " on day {day_of_month} at {at} ({zone})");
    if day_of_month > 28 {
        text.push_str(", skipping months without that day");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn utc(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(year, month, day, hour, minute, 0).single().expect("a valid UTC instant")
    }

    fn schedule(config: Value) -> Schedule {
        Schedule::from_config(&config).unwrap_or_else(|error| panic!("{config} should parse: {error}"))
    }

    fn error(config: Value) -> ScheduleError {
        match Schedule::from_config(&config) {
            Ok(schedule) => panic!("{config} should be rejected, got {schedule:?}"),
            Err(error) => error,
        }
    }

    /// The next `count` firings after `start`.
    fn firings(schedule: &Schedule, start: DateTime<Utc>, count: usize) -> Vec<DateTime<Utc>> {
        let mut found = Vec::new();
        let mut cursor = start;
        for _ in 0..count {
            cursor = schedule.next_after(cursor).expect("a next firing");
            found.push(cursor);
        }
        found
    }

    fn assert_error(config: Value, field: &str, mentions: &str) {
        let error = error(config);
        let message = error.to_string();
        assert_eq!(error.field(), field, "{message}");
        assert!(message.starts_with(&format!("{field}: ")), "{message}");
        assert!(message.contains(mentions), "{message} should mention {mentions}");
    }

    #[test]
    fn minutes_mode_steps_from_the_top_of_the_hour() {
        let every_15 = schedule(json!({"schedule": {"mode": "minutes", "interval": 15}}));
        assert_eq!(every_15.cron_expression(), "*/15 * * * *");
        let start = Utc.with_ymd_and_hms(2024, 1, 1, 9, 7, 30).single().expect("instant");
        assert_eq!(
            firings(&every_15, start, 4),
            [utc(2024, 1, 1, 9, 15), utc(2024, 1, 1, 9, 30), utc(2024, 1, 1, 9, 45), utc(2024, 1, 1, 10, 0)]
        );
        assert_eq!(every_15.describe(), "Every 15 minutes");
    }

    #[test]
    fn next_after_is_strictly_after() {
        let every_minute = schedule(json!({"schedule": {"mode": "minutes", "interval": 1}}));
        assert_eq!(every_minute.next_after(utc(2024, 1, 1, 9, 0)), Some(utc(2024, 1, 1, 9, 1)));
        let just_after = utc(2024, 1, 1, 9, 0) + chrono::Duration::milliseconds(500);
        assert_eq!(every_minute.next_after(just_after), Some(utc(2024, 1, 1, 9, 1)));
        let just_before = utc(2024, 1, 1, 9, 0) - chrono::Duration::milliseconds(500);
        assert_eq!(every_minute.next_after(just_before), Some(utc(2024, 1, 1, 9, 0)));
        assert_eq!(every_minute.describe(), "Every minute");
    }

    #[test]
    fn hours_mode_restarts_at_midnight() {
        let every_5_hours = schedule(json!({"schedule": {"mode": "hours", "interval": 5, "minute": 15}}));
        assert_eq!(every_5_hours.cron_expression(), "15 */5 * * *");
        assert_eq!(
            firings(&every_5_hours, utc(2024, 1, 1, 12, 0), 4),
            [utc(2024, 1, 1, 15, 15), utc(2024, 1, 1, 20, 15), utc(2024, 1, 2, 0, 15), utc(2024, 1, 2, 5, 15)]
        );
        assert_eq!(every_5_hours.describe(), "Every 5 hours at minute 15 (UTC), counted from midnight");
    }

    #[test]
    fn days_mode_daily_and_stepped_through_the_month() {
        let daily = schedule(json!({"schedule": {"mode": "days", "interval": 1, "hour": 9, "minute": 30}}));
        assert_eq!(daily.cron_expression(), "30 9 * * *");
        assert_eq!(firings(&daily, utc(2024, 1, 1, 10, 0), 2), [utc(2024, 1, 2, 9, 30), utc(2024, 1, 3, 9, 30)]);
        assert_eq!(daily.describe(), "Every day at 09:30 (UTC)");

        let every_10_days = schedule(json!({"schedule": {"mode": "days", "interval": 10, "hour": 9}}));
        assert_eq!(every_10_days.cron_expression(), "0 9 */10 * *");
        assert_eq!(
            firings(&every_10_days, utc(2024, 1, 21, 9, 0), 3),
            [utc(2024, 1, 31, 9, 0), utc(2024, 2, 1, 9, 0), utc(2024, 2, 11, 9, 0)]
        );
        assert_eq!(every_10_days.describe(), "Every 10 days at 09:00 (UTC), counted from the 1st of each month");
    }

    #[test]
    fn weeks_mode_fires_on_each_chosen_weekday() {
        let mon_wed_fri = schedule(json!({
            "schedule": {"mode": "weeks", "interval": 1, "hour": 9, "minute": 0, "dayOfWeek": [5, 1, 3, 1]},
            "timezone": "UTC"
        }));
        assert_eq!(mon_wed_fri.cron_expression(), "0 9 * * 1,3,5");
        // 2024-01-01 is a Monday.
        assert_eq!(
            firings(&mon_wed_fri, utc(2024, 1, 1, 9, 0), 4),
            [utc(2024, 1, 3, 9, 0), utc(2024, 1, 5, 9, 0), utc(2024, 1, 8, 9, 0), utc(2024, 1, 10, 9, 0)]
        );
        assert_eq!(mon_wed_fri.describe(), "Every week on Monday, Wednesday and Friday at 09:00 (UTC)");
    }

    #[test]
    fn weeks_mode_interval_is_not_applied_like_fluxturn() {
        let sundays = schedule(json!({"schedule": {"mode": "weeks", "interval": 2, "hour": 8, "dayOfWeek": [0]}}));
        assert_eq!(sundays.cron_expression(), "0 8 * * 0");
        // 2024-01-07 and 2024-01-14 are consecutive Sundays.
        assert_eq!(firings(&sundays, utc(2024, 1, 1, 0, 0), 2), [utc(2024, 1, 7, 8, 0), utc(2024, 1, 14, 8, 0)]);
        assert_eq!(
            sundays.describe(),
            "Every week (interval 2 is not applied, as in FluxTurn) on Sunday at 08:00 (UTC)"
        );
    }

    #[test]
    fn months_mode_on_day_31_skips_shorter_months() {
        let monthly_31 = schedule(json!({"schedule": {"mode": "months", "interval": 1, "dayOfMonth": 31, "hour": 9}}));
        assert_eq!(monthly_31.cron_expression(), "0 9 31 * *");
        // February (leap year 2024) and April have no 31st.
        assert_eq!(
            firings(&monthly_31, utc(2024, 1, 31, 9, 0), 3),
            [utc(2024, 3, 31, 9, 0), utc(2024, 5, 31, 9, 0), utc(2024, 7, 31, 9, 0)]
        );
        assert_eq!(monthly_31.describe(), "Every month on day 31 at 09:00 (UTC), skipping months without that day");

        let every_2_months =
            schedule(json!({"schedule": {"mode": "months", "interval": 2, "dayOfMonth": 31, "hour": 9}}));
        assert_eq!(every_2_months.cron_expression(), "0 9 31 */2 *");
        // Odd months; September and November have 30 days, so after July comes January.
        assert_eq!(every_2_months.next_after(utc(2024, 7, 31, 9, 0)), Some(utc(2025, 1, 31, 9, 0)));
    }

    #[test]
    fn months_mode_defaults_to_the_first_at_midnight() {
        let quarterly = schedule(json!({"schedule": {"mode": "months", "interval": 3}}));
        assert_eq!(quarterly.cron_expression(), "0 0 1 */3 *");
        assert_eq!(firings(&quarterly, utc(2024, 2, 1, 0, 0), 2), [utc(2024, 4, 1, 0, 0), utc(2024, 7, 1, 0, 0)]);
        assert_eq!(quarterly.describe(), "Every 3 months (January, April, July and October) on day 1 at 00:00 (UTC)");
    }

    #[test]
    fn cron_mode_and_plain_cron_in_a_time_zone() {
        let weekdays = schedule(json!({"cron": "0 9 * * 1-5", "timezone": "Europe/Berlin"}));
        // Friday 2024-01-05 09:00 CET is 08:00 UTC; the next firing is Monday.
        assert_eq!(weekdays.next_after(utc(2024, 1, 5, 8, 0)), Some(utc(2024, 1, 8, 8, 0)));
        // In summer 09:00 CEST is 07:00 UTC.
        assert_eq!(weekdays.next_after(utc(2024, 7, 1, 0, 0)), Some(utc(2024, 7, 1, 7, 0)));
        assert_eq!(weekdays.describe(), "Cron \"0 9 * * 1-5\" (Europe/Berlin)");

        let custom = schedule(json!({"schedule": {"mode": "cron", "cronExpression": "0 9 * * MON"}}));
        assert_eq!(custom.cron_expression(), "0 9 * * MON");
        assert_eq!(custom.next_after(utc(2024, 1, 2, 0, 0)), Some(utc(2024, 1, 8, 9, 0)));
    }

    #[test]
    fn six_field_cron_has_leading_seconds() {
        let with_seconds = schedule(json!({"cron": "30 0 9 * * *"}));
        let expected = Utc.with_ymd_and_hms(2024, 1, 1, 9, 0, 30).single().expect("instant");
        assert_eq!(with_seconds.next_after(utc(2024, 1, 1, 0, 0)), Some(expected));
    }

    #[test]
    fn dst_spring_forward_shifts_a_missing_time_past_the_gap() {
        let at_0230 = schedule(json!({
            "schedule": {"mode": "days", "interval": 1, "hour": 2, "minute": 30},
            "timezone": "Europe/Berlin"
        }));
        // 2024-03-31: Berlin's clocks jump from 02:00 CET to 03:00 CEST (01:00 UTC).
        assert_eq!(
            firings(&at_0230, utc(2024, 3, 29, 12, 0), 3),
            [
                utc(2024, 3, 30, 1, 30), // 02:30 CET
                utc(2024, 3, 31, 1, 0),  // 02:30 does not exist: 03:00 CEST
                utc(2024, 4, 1, 0, 30),  // 02:30 CEST
            ]
        );
    }

    #[test]
    fn dst_fall_back_fires_a_repeated_time_once() {
        let at_0230 = schedule(json!({
            "schedule": {"mode": "days", "interval": 1, "hour": 2, "minute": 30},
            "timezone": "Europe/Berlin"
        }));
        // 2024-10-27: Berlin's clocks go back from 03:00 CEST to 02:00 CET (01:00 UTC), so 02:30
        // happens at 00:30 UTC and again at 01:30 UTC. Only the first fires.
        assert_eq!(
            firings(&at_0230, utc(2024, 10, 26, 12, 0), 2),
            [utc(2024, 10, 27, 0, 30), utc(2024, 10, 28, 1, 30)]
        );
        // Between the two passes, and during the second one, the next firing is the next day.
        assert_eq!(at_0230.next_after(utc(2024, 10, 27, 0, 45)), Some(utc(2024, 10, 28, 1, 30)));
        assert_eq!(at_0230.next_after(utc(2024, 10, 27, 1, 15)), Some(utc(2024, 10, 28, 1, 30)));
    }

    #[test]
    fn dst_stepping_schedules_keep_real_time_cadence() {
        let every_30 = schedule(json!({"schedule": {"mode": "minutes", "interval": 30}, "timezone": "Europe/Berlin"}));
        // Through the repeated hour: 02:00, 02:30 CEST, then 02:00, 02:30 CET, 03:00 CET.
        assert_eq!(
            firings(&every_30, utc(2024, 10, 26, 23, 45), 5),
            [
                utc(2024, 10, 27, 0, 0),
                utc(2024, 10, 27, 0, 30),
                utc(2024, 10, 27, 1, 0),
                utc(2024, 10, 27, 1, 30),
                utc(2024, 10, 27, 2, 0)
            ]
        );
        // Through the gap: 01:30 CET, then 03:00 CEST.
        assert_eq!(firings(&every_30, utc(2024, 3, 31, 0, 15), 2), [utc(2024, 3, 31, 0, 30), utc(2024, 3, 31, 1, 0)]);
    }

    #[test]
    fn due_fires_once_after_a_long_downtime() {
        let daily = schedule(json!({"schedule": {"mode": "days", "interval": 1, "hour": 9}}));
        let missed = utc(2024, 1, 1, 9, 0);
        // Three days and an hour later: three slots were missed; one run fires.
        let now = utc(2024, 1, 4, 10, 0);
        assert_eq!(daily.due(missed, now), Due { fire: true, next_run: utc(2024, 1, 5, 9, 0) });
    }

    #[test]
    fn due_fires_at_the_slot_and_waits_before_it() {
        let daily = schedule(json!({"schedule": {"mode": "days", "interval": 1, "hour": 9}}));
        let next_run = utc(2024, 1, 1, 9, 0);
        assert_eq!(daily.due(next_run, utc(2024, 1, 1, 8, 59)), Due { fire: false, next_run });
        assert_eq!(daily.due(next_run, next_run), Due { fire: true, next_run: utc(2024, 1, 2, 9, 0) });
    }

    #[test]
    fn numeric_strings_are_numbers() {
        let from_strings = schedule(json!({"schedule": {
            "mode": "months", "interval": "2", "dayOfMonth": "15", "hour": "9", "minute": "05"
        }}));
        assert_eq!(from_strings.cron_expression(), "5 9 15 */2 *");
        let weekdays = schedule(json!({"schedule": {"mode": "weeks", "dayOfWeek": ["1", 3.0], "hour": 7}}));
        assert_eq!(weekdays.cron_expression(), "0 7 * * 1,3");
    }

    #[test]
    fn fields_at_the_top_level_and_in_config() {
        let top_level = schedule(json!({"mode": "hours", "interval": 2, "minute": 0, "timezone": "Asia/Tokyo"}));
        assert_eq!(top_level.cron_expression(), "0 */2 * * *");
        assert_eq!(top_level.timezone(), Tz::Asia__Tokyo);

        let nested = schedule(json!({"label": "Daily at 9 AM", "config": {"cron": "0 9 * * *"}}));
        assert_eq!(nested.cron_expression(), "0 9 * * *");
        assert_eq!(nested.timezone(), Tz::UTC);

        let legacy = schedule(json!({"cronExpression": "*/10 * * * *"}));
        assert_eq!(legacy.cron_expression(), "*/10 * * * *");
    }

    #[test]
    fn a_fluxturn_node_as_the_editor_saves_it() {
        // From FluxTurn's "get user data automatically" template: the editor keeps fields the
        // mode does not use, and a schedule object wins over any cron string.
        let node_data = json!({
            "label": "Schedule", "category": "trigger", "cron": "* * * * *",
            "schedule": {"hour": 9, "mode": "hours", "minute": 0, "interval": 2, "dayOfWeek": [1, 2, 3, 4, 5], "dayOfMonth": 1},
            "timezone": "UTC"
        });
        assert_eq!(schedule(node_data).cron_expression(), "0 */2 * * *");
    }

    #[test]
    fn interval_errors_name_the_field_and_the_range() {
        assert_error(json!({"schedule": {"mode": "minutes", "interval": 0}}), "schedule.interval", "from 1 to 59");
        assert_error(json!({"schedule": {"mode": "minutes", "interval": 60}}), "schedule.interval", "from 1 to 59");
        assert_error(json!({"schedule": {"mode": "hours", "interval": 24}}), "schedule.interval", "from 1 to 23");
        assert_error(json!({"schedule": {"mode": "days", "interval": 32}}), "schedule.interval", "from 1 to 31");
        assert_error(json!({"schedule": {"mode": "months", "interval": 13}}), "schedule.interval", "from 1 to 12");
        assert_error(json!({"schedule": {"mode": "minutes"}}), "schedule.interval", "missing");
        assert_error(json!({"schedule": {"mode": "minutes", "interval": null}}), "schedule.interval", "missing");
        assert_error(json!({"schedule": {"mode": "minutes", "interval": "five"}}), "schedule.interval", "whole number");
        assert_error(json!({"schedule": {"mode": "minutes", "interval": 2.5}}), "schedule.interval", "whole number");
        assert_error(json!({"mode": "hours", "interval": -1}), "interval", "from 1 to 23");
    }

    #[test]
    fn time_of_day_errors_name_the_field() {
        assert_error(json!({"schedule": {"mode": "days", "interval": 1, "hour": 24}}), "schedule.hour", "from 0 to 23");
        assert_error(
            json!({"schedule": {"mode": "days", "interval": 1, "minute": 60}}),
            "schedule.minute",
            "from 0 to 59",
        );
        assert_error(
            json!({"schedule": {"mode": "hours", "interval": 1, "minute": "x"}}),
            "schedule.minute",
            "from 0 to 59",
        );
        assert_error(
            json!({"schedule": {"mode": "months", "interval": 1, "dayOfMonth": 0}}),
            "schedule.dayOfMonth",
            "from 1 to 31",
        );
        assert_error(
            json!({"schedule": {"mode": "months", "interval": 1, "dayOfMonth": 32}}),
            "schedule.dayOfMonth",
            "from 1 to 31",
        );
    }

    #[test]
    fn weekday_errors_name_the_field() {
        let empty = json!({"schedule": {"mode": "weeks", "interval": 1, "dayOfWeek": []}});
        assert_error(empty, "schedule.dayOfWeek", "at least one");
        assert_error(json!({"schedule": {"mode": "weeks", "dayOfWeek": [1, 7]}}), "schedule.dayOfWeek", "from 0 to 6");
        assert_error(json!({"schedule": {"mode": "weeks"}}), "schedule.dayOfWeek", "missing");
        assert_error(json!({"schedule": {"mode": "weeks", "dayOfWeek": 1}}), "schedule.dayOfWeek", "a list");
        assert_error(
            json!({"schedule": {"mode": "weeks", "interval": 53, "dayOfWeek": [1]}}),
            "schedule.interval",
            "from 1 to 52",
        );
    }

    #[test]
    fn mode_errors_name_the_field() {
        assert_error(json!({"schedule": {"mode": "years", "interval": 1}}), "schedule.mode", "\"minutes\"");
        assert_error(json!({"schedule": {"interval": 1}}), "schedule.mode", "missing");
        assert_error(json!({"schedule": {"mode": "cron"}}), "schedule.cronExpression", "missing");
        assert_error(
            json!({"schedule": {"mode": "cron", "cronExpression": " "}}),
            "schedule.cronExpression",
            "missing",
        );
        assert_error(json!({"timezone": "UTC"}), "schedule", "`cron`");
        assert_error(json!("0 9 * * *"), "schedule", "JSON object");
    }

    #[test]
    fn timezone_errors_name_the_field() {
        assert_error(json!({"cron": "0 9 * * *", "timezone": "Mars/Olympus"}), "timezone", "IANA");
        assert_error(json!({"cron": "0 9 * * *", "timezone": 2}), "timezone", "IANA");
        assert_error(json!({"config": {"cron": "0 9 * * *", "timezone": "CEST"}}), "config.timezone", "IANA");
        assert_eq!(schedule(json!({"cron": "0 9 * * *", "timezone": ""})).timezone(), Tz::UTC);
    }

    #[test]
    fn cron_errors_name_the_field() {
        assert_error(json!({"cron": "0 9 * *"}), "cron", "5 fields");
        assert_error(json!({"cron": "61 9 * * *"}), "cron", "not a valid cron pattern");
        assert_error(json!({"cron": "every day"}), "cron", "not a valid cron pattern");
        assert_error(json!({"cron": "0 0 0 1 1 * 2030"}), "cron", "not a valid cron pattern");
        assert_error(json!({"cron": "0 0 30 2 *"}), "cron", "never fires");
        assert_error(json!({"cron": 5}), "cron", "must be a string");
        assert_error(
            json!({"schedule": {"mode": "cron", "cronExpression": "*/0 * * * *"}}),
            "schedule.cronExpression",
            "not a valid cron pattern",
        );
    }
}
