use connectors_google as google;
use fluxturn_core::http::{collect_pages, path_segment, Page};
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};
use std::time::SystemTime;

/// Report on Google Analytics 4 properties and look up a user's activity
///
/// Reports come from the GA4 Data API; the user activity search from the Reporting API v4, which
/// serves Universal Analytics views.
#[connector(
    name = "google_analytics",
    display_name = "Google Analytics",
    category = "analytics",
    base_url = "https://analyticsdata.googleapis.com/v1beta",
    rate_limit(requests_per_second = 10),
    icon = "icons/google_analytics.svg",
    auth = oauth2(
        provider = "google",
        // Both actions only read.
        scopes = ["https://www.googleapis.com/auth/analytics.readonly"],
    ),
    credentials = GoogleAnalyticsCredentials,
)]
pub struct GoogleAnalytics {
    http: Http,
}

/// The "Add Google Analytics" form: OAuth2 through the server's Google app, or through your own
/// OAuth client. The server stores the tokens it obtains.
#[derive(Credentials)]
pub struct GoogleAnalyticsCredentials {
    /// Sign in through your own Google OAuth client instead of the server's Google app
    #[field(key = "use_manual_oauth", label = "Use My Own OAuth Client", default = false)]
    pub use_manual_oauth: Option<bool>,
    /// Client ID of your own Google OAuth client
    #[field(
        key = "client_id",
        label = "Client ID",
        placeholder = "1234567890-abc.apps.googleusercontent.com",
        help_url = "https://console.cloud.google.com/apis/credentials",
        show(use_manual_oauth = [true])
    )]
    pub client_id: Option<String>,
    /// Client secret of your own Google OAuth client
    #[field(key = "client_secret", label = "Client Secret", secret, show(use_manual_oauth = [true]))]
    pub client_secret: Option<Secret<String>>,
    /// The redirect URI registered on your own client: this server's OAuth2 callback (blank: the
    /// server's default)
    #[field(key = "redirect_uri", label = "Redirect URI", show(use_manual_oauth = [true]))]
    pub redirect_uri: Option<String>,
}

/// Where the Reporting API v4 lives when the connector talks to Google itself.
const REPORTING_ROOT: &str = "https://analyticsreporting.googleapis.com";
/// Where the Admin API lives when the connector talks to Google itself.
const ADMIN_ROOT: &str = "https://analyticsadmin.googleapis.com";
/// The most rows one runReport request returns.
const MAX_REPORT_ROWS: u32 = 250_000;
/// The rows asked for per request when every row is wanted.
const REPORT_PAGE_ROWS: u32 = 100_000;
/// The sessions asked for per user-activity page (the API's default page).
const ACTIVITY_PAGE_SIZE: u32 = 1000;
/// How many pages one listing follows at most.
const MAX_PAGES: usize = 10_000;

fn yes() -> bool {
    true
}

fn hundred() -> u32 {
    100
}

fn default_dimensions() -> Vec<String> {
    vec!["date".to_owned()]
}

/// The period a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum DateRange {
    /// Today so far
    #[serde(rename = "today")]
    Today,
    /// Yesterday
    #[serde(rename = "yesterday")]
    Yesterday,
    /// The 7 days before today
    #[serde(rename = "last7days")]
    Last7Days,
    /// The 30 days before today
    #[serde(rename = "last30days")]
    Last30Days,
    /// The 90 days before today
    #[serde(rename = "last90days")]
    Last90Days,
    /// This calendar month so far
    #[serde(rename = "thisMonth")]
    ThisMonth,
    /// The previous calendar month
    #[serde(rename = "lastMonth")]
    LastMonth,
    /// This calendar year so far
    #[serde(rename = "thisYear")]
    ThisYear,
    /// The previous calendar year
    #[serde(rename = "lastYear")]
    LastYear,
    /// From the start date to the end date given
    #[serde(rename = "custom")]
    Custom,
}

/// The input of `get_ga4_report`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetReport {
    /// The GA4 property: its numeric id (Admin > Property details), or `properties/<id>`
    #[field(label = "Property ID", placeholder = "123456789")]
    pub property_id: String,
    /// The period to report on (months and years are calendar ones, in UTC)
    #[field(label = "Date Range", default = "last7days")]
    pub date_range: DateRange,
    /// First day of a custom range: YYYY-MM-DD, `today`, `yesterday` or `NdaysAgo`
    #[field(label = "Start Date", placeholder = "2024-01-31", show(dateRange = ["custom"]))]
    pub start_date: Option<String>,
    /// Last day of a custom range: YYYY-MM-DD, `today`, `yesterday` or `NdaysAgo`
    #[field(label = "End Date", placeholder = "today", show(dateRange = ["custom"]))]
    pub end_date: Option<String>,
    /// Metrics to report, by API name (a list, or names separated by commas), e.g. activeUsers,
    /// sessions, screenPageViews, conversions
    #[field(
        label = "Metrics",
        help_url = "https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema"
    )]
    #[serde(deserialize_with = "names")]
    #[schemars(extend("default" = ["activeUsers", "sessions"]))]
    pub metrics: Vec<String>,
    /// Dimensions to break the metrics down by, by API name, e.g. date, country, pagePath
    #[field(
        label = "Dimensions",
        help_url = "https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema"
    )]
    #[serde(default = "default_dimensions", deserialize_with = "names")]
    pub dimensions: Vec<String>,
    /// Fetch every row, not only the first `limit`
    #[field(label = "Return All", default = false)]
    #[serde(default)]
    pub return_all: bool,
    /// How many rows to return
    #[field(label = "Limit", default = 100, min = 1, max = 250000, hide(returnAll = [true]))]
    #[serde(default = "hundred")]
    pub limit: u32,
    /// Return each row as an object of dimension and metric names instead of the API's report
    #[field(label = "Simplify", default = true)]
    #[serde(default = "yes")]
    pub simple: bool,
    /// Currency of money metrics, as an ISO 4217 code (blank: the property's)
    #[field(label = "Currency Code", placeholder = "EUR", pattern = "^[A-Za-z]{3}$")]
    pub currency_code: Option<String>,
}

/// A kind of user activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ActivityType {
    /// Page views
    #[serde(rename = "PAGEVIEW")]
    Pageview,
    /// Events
    #[serde(rename = "EVENT")]
    Event,
    /// E-commerce transactions
    #[serde(rename = "ECOMMERCE")]
    Ecommerce,
    /// Goal completions
    #[serde(rename = "GOAL")]
    Goal,
    /// App screen views
    #[serde(rename = "SCREENVIEW")]
    Screenview,
}

/// The input of `search_user_activity`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct SearchUserActivity {
    /// The Universal Analytics view: its numeric id, or `ga:<id>`
    #[field(label = "View ID", placeholder = "123456789")]
    pub view_id: String,
    /// The user's client ID (the `_ga` cookie's id)
    #[field(label = "User ID", placeholder = "1234567890.1234567890")]
    pub user_id: String,
    /// Fetch every session, not only the first `limit`
    #[field(label = "Return All", default = false)]
    #[serde(default)]
    pub return_all: bool,
    /// How many sessions to return
    #[field(label = "Limit", default = 100, min = 1, hide(returnAll = [true]))]
    #[serde(default = "hundred")]
    pub limit: u32,
    /// The kinds of activity to include (none: every kind)
    #[field(label = "Activity Types")]
    #[serde(default)]
    pub activity_types: Vec<ActivityType>,
}

#[actions]
impl GoogleAnalytics {
    /// Run a report on a GA4 property: metrics by dimensions over a period
    ///
    /// Simplified, each row is an object of dimension values (text) and metric values (numbers);
    /// otherwise the answer is the Data API's report with every row fetched.
    #[action(
        name = "Get GA4 Report",
        category = "Reports",
        icon = "bar-chart",
        idempotent,
        http(method = "POST", endpoint = "/properties/{propertyId}:runReport")
    )]
    async fn get_ga4_report(&self, input: GetReport) -> Result<Value> {
        let property = property_id(&input.property_id)?;
        if input.metrics.is_empty() {
            return Err(ConnectorError::invalid_input("`metrics` is empty: a report needs at least one metric"));
        }
        let (start, end) = match input.date_range {
            DateRange::Custom => (
                report_date("startDate", input.start_date.as_deref())?,
                report_date("endDate", input.end_date.as_deref())?,
            ),
            preset => preset_dates(preset, today()),
        };
        let mut body = json!({
            "dateRanges": [{ "startDate": start, "endDate": end }],
            "dimensions": input.dimensions.iter().map(|name| json!({ "name": name })).collect::<Vec<_>>(),
            "metrics": input.metrics.iter().map(|name| json!({ "name": name })).collect::<Vec<_>>(),
        });
        if let Some(code) = input.currency_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            if !(code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic())) {
                return Err(ConnectorError::invalid_input(format!(
                    "`currencyCode` must be a three-letter ISO 4217 code like USD, not `{code}`"
                )));
            }
            body["currencyCode"] = code.to_ascii_uppercase().into();
        }
        let path = format!("/properties/{}:runReport", path_segment(&property));
        let (max_rows, page_rows) = if input.return_all {
            (usize::MAX, REPORT_PAGE_ROWS)
        } else {
            let limit = input.limit.clamp(1, MAX_REPORT_ROWS);
            (limit as usize, limit)
        };
        let mut report = Value::Null;
        let mut rows: Vec<Value> = Vec::new();
        for _ in 0..MAX_PAGES {
            body["limit"] = page_rows.into();
            if !rows.is_empty() {
                body["offset"] = rows.len().into();
            }
            let mut page: Value = self.http.post(&path).json(&body).idempotent().send_json().await?;
            let page_rows = match page.get_mut("rows").map(Value::take) {
                Some(Value::Array(page_rows)) => page_rows,
                _ => Vec::new(),
            };
            let total = page["rowCount"].as_u64().unwrap_or(0);
            if report.is_null() {
                report = page;
            }
            let empty = page_rows.is_empty();
            rows.extend(page_rows);
            if empty || rows.len() >= max_rows || rows.len() as u64 >= total {
                break;
            }
        }
        rows.truncate(max_rows);
        if input.simple {
            return Ok(Value::Array(rows.iter().map(|row| simple_row(&report, row)).collect()));
        }
        report["rows"] = Value::Array(rows);
        Ok(report)
    }

    /// List a user's sessions and their activity in a Universal Analytics view
    ///
    /// Uses the Reporting API v4's `userActivity:search`, which serves Universal Analytics views
    /// only (Google stopped processing their data in July 2024); GA4 properties offer no such
    /// search. The answer is the list of sessions, newest first.
    #[action(
        name = "Search User Activity",
        category = "Users",
        icon = "user-search",
        idempotent,
        http(method = "POST", endpoint = "/v4/userActivity:search")
    )]
    async fn search_user_activity(&self, input: SearchUserActivity) -> Result<Vec<Value>> {
        let view = view_id(&input.view_id)?;
        let user = input.user_id.trim();
        if user.is_empty() {
            return Err(ConnectorError::invalid_input("`userId` is empty"));
        }
        let (max_items, page_size) = if input.return_all {
            (usize::MAX, ACTIVITY_PAGE_SIZE)
        } else {
            let limit = input.limit.max(1);
            (limit as usize, limit.min(ACTIVITY_PAGE_SIZE))
        };
        let mut body = json!({ "viewId": view, "user": { "userId": user }, "pageSize": page_size });
        if !input.activity_types.is_empty() {
            body["activityTypes"] = json!(input.activity_types);
        }
        let url = format!("{}/v4/userActivity:search", google::api_root(self.http.base_url(), REPORTING_ROOT));
        let (http, url, body) = (&self.http, &url, &body);
        collect_pages(MAX_PAGES, max_items, |token| async move {
            let mut body = body.clone();
            if let Some(token) = token {
                body["pageToken"] = token.into();
            }
            let page: Value = http.post(url).json(&body).idempotent().send_json().await?;
            let items = page["sessions"].as_array().cloned().unwrap_or_default();
            let next = page["nextPageToken"].as_str().filter(|t| !t.is_empty()).map(str::to_owned);
            Ok(Page { items, next })
        })
        .await
    }

    /// Lists one account summary through the Admin API: proves the token reads Analytics.
    #[test_connection]
    async fn account_summaries(&self) -> Result<()> {
        let url = format!("{}/v1beta/accountSummaries", google::api_root(self.http.base_url(), ADMIN_ROOT));
        self.http.get(&url).query(&json!({ "pageSize": 1 })).send().await.map(drop)
    }
}

/// A report row as an object: each dimension's value as text, each metric's as a number of the
/// metric's type (as text when it is not one).
fn simple_row(report: &Value, row: &Value) -> Value {
    let mut out = Map::new();
    let headers = |key: &str| report[key].as_array().cloned().unwrap_or_default();
    let values = |key: &str| row[key].as_array().cloned().unwrap_or_default();
    for (header, value) in headers("dimensionHeaders").iter().zip(values("dimensionValues")) {
        if let Some(name) = header["name"].as_str() {
            out.insert(name.to_owned(), value["value"].clone());
        }
    }
    for (header, value) in headers("metricHeaders").iter().zip(values("metricValues")) {
        let Some(name) = header["name"].as_str() else { continue };
        let text = value["value"].as_str().unwrap_or_default();
        let number = if header["type"] == "TYPE_INTEGER" {
            text.parse::<i64>().ok().map(Value::from)
        } else {
            text.parse::<f64>().ok().filter(|n| n.is_finite()).map(Value::from)
        };
        out.insert(name.to_owned(), number.unwrap_or_else(|| value["value"].clone()));
    }
    Value::Object(out)
}

/// The numeric id of a property given as `123` or `properties/123`.
fn property_id(text: &str) -> Result<String> {
    let id = text.trim();
    let id = id.strip_prefix("properties/").unwrap_or(id);
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return Err(ConnectorError::invalid_input(format!(
            "`propertyId` must be a GA4 property's numeric id (e.g. 123456789), not `{text}`"
        )));
    }
    Ok(id.to_owned())
}

/// The numeric id of a view given as `123` or `ga:123`.
fn view_id(text: &str) -> Result<String> {
    let id = text.trim();
    let id = id.strip_prefix("ga:").unwrap_or(id);
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return Err(ConnectorError::invalid_input(format!(
            "`viewId` must be a Universal Analytics view's numeric id (e.g. 123456789), not `{text}`"
        )));
    }
    Ok(id.to_owned())
}

/// A day of a custom range, in a form the Data API takes: `YYYY-MM-DD`, `today`, `yesterday`
/// or `NdaysAgo`.
fn report_date(field: &str, text: Option<&str>) -> Result<String> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Err(ConnectorError::invalid_input(format!("a custom date range needs `{field}`")));
    };
    let relative = text == "today"
        || text == "yesterday"
        || text.strip_suffix("daysAgo").is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if relative || Date::parse(text).is_some() {
        return Ok(text.to_owned());
    }
    Err(ConnectorError::invalid_input(format!(
        "`{field}` must be a date as YYYY-MM-DD, `today`, `yesterday` or `NdaysAgo`, not `{text}`"
    )))
}

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// `YYYY-MM-DD`, a day that exists.
    fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        let date = Self { year: year.parse().ok()?, month: month.parse().ok()?, day: day.parse().ok()? };
        ((1..=12).contains(&date.month) && (1..=days_in_month(date.year, date.month)).contains(&date.day))
            .then_some(date)
    }

    fn ymd(year: i32, month: u32, day: u32) -> String {
        format!("{year:04}-{month:02}-{day:02}")
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Today in UTC.
fn today() -> Date {
    let now = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    Date::parse(&now[..10]).unwrap_or(Date { year: 1970, month: 1, day: 1 })
}

/// The start and end dates of a preset range. Relative days are left to the Data API, which reads
/// them in the property's time zone; calendar months and years start from `today` (UTC).
fn preset_dates(range: DateRange, today: Date) -> (String, String) {
    let relative = |start: &str, end: &str| (start.to_owned(), end.to_owned());
    match range {
        DateRange::Today | DateRange::Custom => relative("today", "today"),
        DateRange::Yesterday => relative("yesterday", "yesterday"),
        DateRange::Last7Days => relative("7daysAgo", "yesterday"),
        DateRange::Last30Days => relative("30daysAgo", "yesterday"),
        DateRange::Last90Days => relative("90daysAgo", "yesterday"),
        DateRange::ThisMonth => (Date::ymd(today.year, today.month, 1), "today".to_owned()),
        DateRange::LastMonth => {
            let (year, month) = if today.month == 1 { (today.year - 1, 12) } else { (today.year, today.month - 1) };
            (Date::ymd(year, month, 1), Date::ymd(year, month, days_in_month(year, month)))
        }
        DateRange::ThisYear => (Date::ymd(today.year, 1, 1), "today".to_owned()),
        DateRange::LastYear => (Date::ymd(today.year - 1, 1, 1), Date::ymd(today.year - 1, 12, 31)),
    }
}

/// A list of API names: a JSON list of names (or of `{"name": ..}` objects), or names separated
/// by commas (what a text box sends).
fn names<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Vec<String>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let name = |item: &Value| -> std::result::Result<String, D::Error> {
        match item {
            Value::String(name) => Ok(name.trim().to_owned()),
            Value::Object(fields) => match fields.get("name") {
                Some(Value::String(name)) => Ok(name.trim().to_owned()),
                _ => Err(serde::de::Error::custom("each item needs a `name`")),
            },
            other => Err(serde::de::Error::custom(format!("expected a name, found {other}"))),
        }
    };
    let names = match &value {
        Value::Null => Vec::new(),
        Value::String(text) => text.split(',').map(|name| name.trim().to_owned()).collect(),
        Value::Array(items) => items.iter().map(name).collect::<std::result::Result<_, _>>()?,
        other => return Err(serde::de::Error::custom(format!("expected a list of names, found {other}"))),
    };
    Ok(names.into_iter().filter(|name| !name.is_empty()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    fn dates(range: DateRange, today: Date) -> (String, String) {
        preset_dates(range, today)
    }

    #[test]
    fn calendar_ranges_start_and_end_on_the_right_days() {
        let march = day(2024, 3, 15);
        assert_eq!(dates(DateRange::ThisMonth, march), ("2024-03-01".into(), "today".into()));
        assert_eq!(dates(DateRange::LastMonth, march), ("2024-02-01".into(), "2024-02-29".into()));
        assert_eq!(dates(DateRange::LastMonth, day(2023, 3, 1)), ("2023-02-01".into(), "2023-02-28".into()));
        assert_eq!(dates(DateRange::LastMonth, day(2024, 1, 9)), ("2023-12-01".into(), "2023-12-31".into()));
        assert_eq!(dates(DateRange::ThisYear, march), ("2024-01-01".into(), "today".into()));
        assert_eq!(dates(DateRange::LastYear, march), ("2023-01-01".into(), "2023-12-31".into()));
        assert_eq!(dates(DateRange::Last30Days, march), ("30daysAgo".into(), "yesterday".into()));
    }

    #[test]
    fn dates_must_exist() {
        assert_eq!(Date::parse("2024-02-29"), Some(day(2024, 2, 29)));
        for bad in ["2023-02-29", "2024-13-01", "2024-1-01", "24-01-01", "2024-01-01-01"] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(report_date("startDate", Some("28daysAgo")).unwrap(), "28daysAgo");
        assert_eq!(report_date("startDate", Some("lastweek")).unwrap_err().code, ErrorCode::InvalidInput);
    }
}
