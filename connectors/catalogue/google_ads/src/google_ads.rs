//! The Google Ads connector: campaigns, ad groups and keywords read with GAQL queries
//! (`googleAds:search`, built from checked pieces in [`gaql`]) and written with the mutate
//! services, through the Google Ads API's REST interface.

pub mod gaql;

use connectors_google::{self as google, GoogleAuthType};
use fluxturn_core::http::{collect_pages, Page};
use fluxturn_core::prelude::*;
use fluxturn_core::Request;
use gaql::{FieldName, Query};
use serde_json::{json, Value};

/// The API version every path starts with (one place to upgrade; each version lives about a year).
pub const API_VERSION: &str = "v26";

/// Most result pages one search reads (a safety stop).
const MAX_PAGES: usize = 1000;

/// Most metrics one report asks for.
const MAX_METRICS: usize = 50;

/// What campaign reads return when no fields are named.
const CAMPAIGN_FIELDS: &[&str] = &[
    "campaign.resource_name",
    "campaign.id",
    "campaign.name",
    "campaign.status",
    "campaign.serving_status",
    "campaign.advertising_channel_type",
    "campaign.bidding_strategy_type",
    "campaign.start_date_time",
    "campaign.end_date_time",
    "campaign.campaign_budget",
    "campaign_budget.amount_micros",
];

/// What ad group listings return.
const AD_GROUP_FIELDS: &[&str] = &[
    "ad_group.resource_name",
    "ad_group.id",
    "ad_group.name",
    "ad_group.status",
    "ad_group.type",
    "ad_group.cpc_bid_micros",
    "campaign.id",
    "campaign.name",
];

/// What keyword listings return.
const KEYWORD_FIELDS: &[&str] = &[
    "ad_group_criterion.resource_name",
    "ad_group_criterion.criterion_id",
    "ad_group_criterion.keyword.text",
    "ad_group_criterion.keyword.match_type",
    "ad_group_criterion.status",
    "ad_group_criterion.negative",
    "ad_group_criterion.cpc_bid_micros",
    "ad_group.id",
    "ad_group.name",
    "campaign.id",
];

/// The metrics of a performance report when none are named.
const DEFAULT_METRICS: &[&str] = &["impressions", "clicks", "ctr", "average_cpc", "cost_micros", "conversions"];

/// Manage Google Ads campaigns, ad groups and keywords, and report on campaign performance
#[connector(
    name = "google_ads",
    display_name = "Google Ads",
    category = "marketing",
    base_url = "https://googleads.googleapis.com",
    icon = "icons/google_ads.svg",
    auth = [oauth2(
        provider = "google",
        scopes = ["https://www.googleapis.com/auth/adwords"],
    )],
    credentials = GoogleAdsCredentials,
)]
pub struct GoogleAds {
    http: Http,
    credentials: GoogleAdsCredentials,
}

/// The "Add Google Ads" form: OAuth2 (the server's Google app, or your own client), the developer
/// token every Google Ads API call needs, and the accounts to act on.
#[derive(Credentials)]
pub struct GoogleAdsCredentials {
    /// How the connection signs in
    #[field(label = "Authentication", default = "oauth2")]
    pub auth_type: GoogleAuthType,
    /// Client ID of your own Google OAuth client (blank: the server's Google app)
    #[field(
        label = "Client ID",
        placeholder = "1234567890-abc.apps.googleusercontent.com",
        help_url = "https://console.cloud.google.com/apis/credentials",
        show(authType = ["oauth2"])
    )]
    pub client_id: Option<String>,
    /// Client secret of your own Google OAuth client
    #[field(label = "Client Secret", secret, show(authType = ["oauth2"]))]
    pub client_secret: Option<Secret<String>>,
    /// The developer token of your Google Ads manager account (API Center), sent with every request
    #[field(
        label = "Developer Token",
        secret,
        help_url = "https://developers.google.com/google-ads/api/docs/get-started/dev-token"
    )]
    pub developer_token: Secret<String>,
    /// The account actions use when their Customer ID is left blank (dashes allowed)
    #[field(label = "Customer ID", placeholder = "123-456-7890")]
    pub customer_id: Option<String>,
    /// The manager account you reach the customer accounts through, when access comes from one
    #[field(label = "Login Customer ID (Manager Account)", placeholder = "123-456-7890")]
    pub login_customer_id: Option<String>,
}

/// The input of `campaign_get`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetCampaign {
    /// The Google Ads account (dashes allowed; blank: the connection's)
    #[field(label = "Customer ID", placeholder = "123-456-7890")]
    pub customer_id: String,
    /// The campaign's numeric ID
    #[field(label = "Campaign ID")]
    pub campaign_id: String,
}

/// The input of `campaign_get_all`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ListCampaigns {
    /// The Google Ads account (dashes allowed; blank: the connection's)
    #[field(label = "Customer ID", placeholder = "123-456-7890")]
    pub customer_id: String,
    /// Return every campaign, not only the first `limit`
    #[field(label = "Return All", default = false)]
    #[serde(default)]
    pub return_all: bool,
    /// How many campaigns to return
    #[field(label = "Limit", default = 100, min = 1, hide(returnAll = [true]))]
    #[serde(default = "one_hundred")]
    pub limit: u32,
    /// The fields to return, e.g. `campaign.name`, `name` or `metrics.clicks` (default: ID, name,
    /// status, type, bidding, dates and budget)
    #[field(label = "Fields")]
    pub fields: Option<Vec<String>>,
}

/// A campaign's advertising channel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChannelType {
    /// Search
    #[default]
    Search,
    /// Display
    Display,
    /// Shopping
    Shopping,
    /// Video
    Video,
    /// Multi-channel (app campaigns)
    MultiChannel,
}

/// The status of a new campaign, ad group or keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// Enabled
    Enabled,
    /// Paused
    Paused,
}

/// A campaign's new status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CampaignStatus {
    /// Enabled
    Enabled,
    /// Paused
    Paused,
    /// Removed (for good)
    Removed,
}

/// How a new campaign bids.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BiddingStrategy {
    /// Manual CPC
    #[default]
    ManualCpc,
    /// Maximize Clicks
    MaximizeClicks,
    /// Maximize Conversions
    MaximizeConversions,
    /// Target CPA
    TargetCpa,
    /// Target ROAS
    TargetRoas,
}

fn paused() -> Status {
    Status::Paused
}

fn enabled() -> Status {
    Status::Enabled
}

/// The input of `campaign_create`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateCampaign {
    /// The Google Ads account (dashes allowed; blank: the connection's)
    #[field(label = "Customer ID", placeholder = "123-456-7890")]
    pub customer_id: String,
    /// The campaign's name (unique in the account)
    #[field(label = "Campaign Name")]
    pub name: String,
    /// Where the ads run
    #[field(label = "Advertising Channel Type", default = "SEARCH")]
    pub advertising_channel_type: ChannelType,
    /// Whether the campaign serves once created
    #[field(label = "Status", default = "PAUSED")]
    #[serde(default = "paused")]
    pub status: Status,
    /// The numeric ID of the campaign budget it spends
    #[field(label = "Budget ID")]
    pub budget_id: String,
    /// How it bids: you set the bids (Manual CPC), or Google does for the most clicks or conversions
    /// within the budget, or at a target cost per acquisition (Target CPA) or return on ad spend
    /// (Target ROAS), whose target is then required
    #[field(label = "Bidding Strategy", default = "MANUAL_CPC")]
    #[serde(default)]
    pub bidding_strategy_type: BiddingStrategy,
    /// The target cost per acquisition in micros (1,000,000 = one unit of the account's currency),
    /// for Target CPA
    #[field(label = "Target CPA (micros)", min = 1, show(biddingStrategyType = ["TARGET_CPA"]))]
    pub target_cpa_micros: Option<i64>,
    /// The target return on ad spend, as a ratio (3.5 = 350%), for Target ROAS
    #[field(label = "Target ROAS", min = 0.01, step = 0.1, show(biddingStrategyType = ["TARGET_ROAS"]))]
    pub target_roas: Option<f64>,
    /// The first day it serves, YYYY-MM-DD (default: today)
    #[field(label = "Start Date", placeholder = "2025-01-31")]
    pub start_date: Option<String>,
    /// The last day it serves, YYYY-MM-DD (default: no end)
    #[field(label = "End Date", placeholder = "2025-12-31")]
    pub end_date: Option<String>,
    /// Your declaration of whether the campaign holds political advertising aimed at the European
    /// Union, which Google requires of every new campaign
    #[field(label = "Contains EU Political Advertising", default = false)]
    #[serde(default)]
    pub contains_eu_political_advertising: bool,
}

/// The input of `campaign_update`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCampaign {
    /// The Google Ads account (dashes allowed; blank: the connection's)
    #[field(label = "Customer ID", placeholder = "123-456-7890")]
    pub customer_id: String,
    /// The campaign's numeric ID
    #[field(label = "Campaign ID")]
    pub campaign_id: String,
    /// The new name
    #[field(label = "Campaign Name")]
    pub name: Option<String>,
    /// The new status (Removed removes the campaign for good)
    #[field(label = "Status")]
    pub status: Option<CampaignStatus>,
}

/// The input of `ad_group_create`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateAdGroup {
    /// The Google Ads account (dashes allowed; blank: the connection's)
    #[field(label = "Customer ID", placeholder = "123-456-7890")]
    pub customer_id: String,
    /// The numeric ID of the campaign it belongs to
    #[field(label = "Campaign ID")]
    pub campaign_id: String,
    /// The ad group's name (unique in the campaign)
    #[field(label = "Ad Group Name")]
    pub name: String,
    /// Whether it serves once created
    #[field(label = "Status", default = "ENABLED")]
    #[serde(default = "enabled")]
    pub status: Status,
    /// The default maximum cost per click, in micros (1,000,000 = one unit of the account's currency)
    #[field(label = "CPC Bid (micros)", min = 0)]
    pub cpc_bid_micros: Option<i64>,
}

/// The input of `ad_group_get_all`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ListAdGroups {
    /// The Google Ads account (dashes allowed; blank: the connection's)
    #[field(label = "Customer ID", placeholder = "123-456-7890")]
    pub customer_id: String,
    /// Only the ad groups of this campaign (numeric ID)
    #[field(label = "Campaign ID")]
    pub campaign_id: Option<String>,
}

/// How a keyword matches searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MatchType {
    /// Exact
    Exact,
    /// Phrase
    Phrase,
    /// Broad
    Broad,
}

/// The input of `keyword_create`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateKeyword {
    /// The Google Ads account (dashes allowed; blank: the connection's)
    #[field(label = "Customer ID", placeholder = "123-456-7890")]
    pub customer_id: String,
    /// The numeric ID of the ad group it belongs to
    #[field(label = "Ad Group ID")]
    pub ad_group_id: String,
    /// The keyword text
    #[field(label = "Keyword", placeholder = "running shoes")]
    pub keyword: String,
    /// How it matches searches: with the same meaning (Exact), including its meaning (Phrase), or
    /// related to it (Broad)
    #[field(label = "Match Type", default = "EXACT")]
    pub match_type: MatchType,
    /// Whether it serves once created
    #[field(label = "Status", default = "ENABLED")]
    #[serde(default = "enabled")]
    pub status: Status,
    /// Its maximum cost per click, in micros (default: the ad group's)
    #[field(label = "CPC Bid (micros)", min = 0)]
    pub cpc_bid_micros: Option<i64>,
}

/// The input of `keyword_get_all`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ListKeywords {
    /// The Google Ads account (dashes allowed; blank: the connection's)
    #[field(label = "Customer ID", placeholder = "123-456-7890")]
    pub customer_id: String,
    /// Only the keywords of this ad group (numeric ID)
    #[field(label = "Ad Group ID")]
    pub ad_group_id: Option<String>,
}

/// The days a report covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DateRange {
    /// Today
    Today,
    /// Yesterday
    Yesterday,
    /// Last 7 days (today excluded)
    #[serde(rename = "LAST_7_DAYS")]
    Last7Days,
    /// Last 30 days (today excluded)
    #[default]
    #[serde(rename = "LAST_30_DAYS")]
    Last30Days,
    /// This month
    ThisMonth,
    /// Last month
    LastMonth,
    /// Custom (start and end dates)
    CustomDate,
}

impl DateRange {
    /// GAQL's name of the range; `None` for the custom one.
    fn gaql(self) -> Option<&'static str> {
        Some(match self {
            Self::Today => "TODAY",
            Self::Yesterday => "YESTERDAY",
            Self::Last7Days => "LAST_7_DAYS",
            Self::Last30Days => "LAST_30_DAYS",
            Self::ThisMonth => "THIS_MONTH",
            Self::LastMonth => "LAST_MONTH",
            Self::CustomDate => return None,
        })
    }
}

/// The input of `report_campaign_performance`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CampaignPerformance {
    /// The Google Ads account (dashes allowed; blank: the connection's)
    #[field(label = "Customer ID", placeholder = "123-456-7890")]
    pub customer_id: String,
    /// The days the report covers
    #[field(label = "Date Range", default = "LAST_30_DAYS")]
    pub date_range: DateRange,
    /// The first day, YYYY-MM-DD (with a custom range)
    #[field(label = "Start Date", placeholder = "2025-01-01", show(dateRange = ["CUSTOM_DATE"]))]
    pub start_date: Option<String>,
    /// The last day, YYYY-MM-DD (with a custom range)
    #[field(label = "End Date", placeholder = "2025-01-31", show(dateRange = ["CUSTOM_DATE"]))]
    pub end_date: Option<String>,
    /// The metrics, e.g. `clicks` or `metrics.cost_micros` (default: impressions, clicks, CTR,
    /// average CPC, cost and conversions)
    #[field(label = "Metrics")]
    pub metrics: Option<Vec<String>>,
}

/// What a mutate did: the resource's name and ID, and the resource as it now is.
pub type Mutated = Value;

/// The accounts the signed-in user reaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccessibleCustomers {
    /// Their customer IDs
    pub customer_ids: Vec<String>,
}

fn one_hundred() -> u32 {
    100
}

#[actions]
impl GoogleAds {
    /// Get one campaign with its status, type, bidding, dates and budget
    #[action(
        name = "Get Campaign",
        category = "Campaigns",
        icon = "file",
        idempotent,
        http(method = "POST", endpoint = "/v26/customers/{customerId}/googleAds:search")
    )]
    async fn campaign_get(&self, input: GetCampaign) -> Result<Value> {
        let customer = self.customer(&input.customer_id)?;
        let campaign = gaql::numeric_id("campaignId", &input.campaign_id)?;
        let query = Query::select(known(CAMPAIGN_FIELDS), "campaign").where_id("campaign.id", &campaign);
        let mut rows = self.search(&customer, &query, 1).await?;
        rows.pop().ok_or_else(|| {
            ConnectorError::new(ErrorCode::NotFound, format!("customer {customer} has no campaign {campaign}"))
        })
    }

    /// List the campaigns of an account, with the fields you choose
    #[action(
        name = "Get All Campaigns",
        category = "Campaigns",
        icon = "list",
        idempotent,
        http(method = "POST", endpoint = "/v26/customers/{customerId}/googleAds:search")
    )]
    async fn campaign_get_all(&self, input: ListCampaigns) -> Result<Vec<Value>> {
        let customer = self.customer(&input.customer_id)?;
        let mut fields = match input.fields.as_deref().filter(|f| f.iter().any(|name| !name.trim().is_empty())) {
            None => known(CAMPAIGN_FIELDS),
            Some(names) => names
                .iter()
                .filter(|name| !name.trim().is_empty())
                .map(|name| gaql::field_name("campaign", name))
                .collect::<Result<Vec<_>>>()?,
        };
        if !fields.iter().any(|f| f.as_str() == "campaign.id") {
            fields.insert(0, FieldName::known("campaign.id"));
        }
        let mut query = Query::select(fields, "campaign").order_by("campaign.id");
        let max_items = if input.return_all { usize::MAX } else { input.limit.max(1) as usize };
        if !input.return_all {
            query = query.limit(input.limit.max(1));
        }
        self.search(&customer, &query, max_items).await
    }

    /// Create a campaign spending an existing budget
    #[action(
        name = "Create Campaign",
        category = "Campaigns",
        icon = "plus",
        http(method = "POST", endpoint = "/v26/customers/{customerId}/campaigns:mutate")
    )]
    async fn campaign_create(&self, input: CreateCampaign) -> Result<Mutated> {
        let customer = self.customer(&input.customer_id)?;
        let budget = gaql::numeric_id("budgetId", &input.budget_id)?;
        let declaration = if input.contains_eu_political_advertising {
            "CONTAINS_EU_POLITICAL_ADVERTISING"
        } else {
            "DOES_NOT_CONTAIN_EU_POLITICAL_ADVERTISING"
        };
        let mut campaign = json!({
            "name": non_blank("name", &input.name)?,
            "advertisingChannelType": input.advertising_channel_type,
            "status": input.status,
            "campaignBudget": format!("customers/{customer}/campaignBudgets/{budget}"),
            "containsEuPoliticalAdvertising": declaration,
        });
        let (scheme, settings) = bidding(&input)?;
        campaign[scheme] = settings;
        if let Some(start) = given(&input.start_date) {
            campaign["startDateTime"] = format!("{} 00:00:00", gaql::date("startDate", start)?).into();
        }
        if let Some(end) = given(&input.end_date) {
            campaign["endDateTime"] = format!("{} 23:59:59", gaql::date("endDate", end)?).into();
        }
        self.mutate(&customer, "campaigns", json!({ "create": campaign })).await
    }

    /// Rename a campaign or change its status (Removed removes it for good)
    #[action(
        name = "Update Campaign",
        category = "Campaigns",
        icon = "edit",
        idempotent,
        http(method = "POST", endpoint = "/v26/customers/{customerId}/campaigns:mutate")
    )]
    async fn campaign_update(&self, input: UpdateCampaign) -> Result<Mutated> {
        let customer = self.customer(&input.customer_id)?;
        let campaign = gaql::numeric_id("campaignId", &input.campaign_id)?;
        let resource_name = format!("customers/{customer}/campaigns/{campaign}");
        let name = given(&input.name);
        if input.status == Some(CampaignStatus::Removed) {
            if name.is_some() {
                return Err(ConnectorError::invalid_input(
                    "a campaign being removed cannot be renamed: give either a name or the status Removed",
                ));
            }
            // A campaign is removed by a remove operation, not by setting its status.
            return self.mutate(&customer, "campaigns", json!({ "remove": resource_name })).await;
        }
        let mut update = json!({ "resourceName": resource_name });
        let mut mask = Vec::new();
        if let Some(name) = name {
            update["name"] = name.into();
            mask.push("name");
        }
        if let Some(status) = input.status {
            update["status"] = json!(status);
            mask.push("status");
        }
        if mask.is_empty() {
            return Err(ConnectorError::invalid_input("nothing to update: give a name or a status"));
        }
        self.mutate(&customer, "campaigns", json!({ "update": update, "updateMask": mask.join(",") })).await
    }

    /// Create an ad group in a campaign
    #[action(
        name = "Create Ad Group",
        category = "Ad Groups",
        icon = "plus",
        http(method = "POST", endpoint = "/v26/customers/{customerId}/adGroups:mutate")
    )]
    async fn ad_group_create(&self, input: CreateAdGroup) -> Result<Mutated> {
        let customer = self.customer(&input.customer_id)?;
        let campaign = gaql::numeric_id("campaignId", &input.campaign_id)?;
        let mut ad_group = json!({
            "name": non_blank("name", &input.name)?,
            "campaign": format!("customers/{customer}/campaigns/{campaign}"),
            "status": input.status,
        });
        if let Some(bid) = input.cpc_bid_micros {
            ad_group["cpcBidMicros"] = micros("cpcBidMicros", bid)?;
        }
        self.mutate(&customer, "adGroups", json!({ "create": ad_group })).await
    }

    /// List the ad groups of an account, or of one campaign
    #[action(
        name = "Get All Ad Groups",
        category = "Ad Groups",
        icon = "list",
        idempotent,
        http(method = "POST", endpoint = "/v26/customers/{customerId}/googleAds:search")
    )]
    async fn ad_group_get_all(&self, input: ListAdGroups) -> Result<Vec<Value>> {
        let customer = self.customer(&input.customer_id)?;
        let mut query = Query::select(known(AD_GROUP_FIELDS), "ad_group").order_by("ad_group.id");
        if let Some(campaign) = given(&input.campaign_id) {
            query = query.where_id("campaign.id", &gaql::numeric_id("campaignId", campaign)?);
        }
        self.search(&customer, &query, usize::MAX).await
    }

    /// Add a keyword to an ad group
    #[action(
        name = "Add Keyword",
        category = "Keywords",
        icon = "plus",
        http(method = "POST", endpoint = "/v26/customers/{customerId}/adGroupCriteria:mutate")
    )]
    async fn keyword_create(&self, input: CreateKeyword) -> Result<Mutated> {
        let customer = self.customer(&input.customer_id)?;
        let ad_group = gaql::numeric_id("adGroupId", &input.ad_group_id)?;
        let mut criterion = json!({
            "adGroup": format!("customers/{customer}/adGroups/{ad_group}"),
            "status": input.status,
            "keyword": { "text": non_blank("keyword", &input.keyword)?, "matchType": input.match_type },
        });
        if let Some(bid) = input.cpc_bid_micros {
            criterion["cpcBidMicros"] = micros("cpcBidMicros", bid)?;
        }
        self.mutate(&customer, "adGroupCriteria", json!({ "create": criterion })).await
    }

    /// List the keywords of an account, or of one ad group
    #[action(
        name = "Get All Keywords",
        category = "Keywords",
        icon = "list",
        idempotent,
        http(method = "POST", endpoint = "/v26/customers/{customerId}/googleAds:search")
    )]
    async fn keyword_get_all(&self, input: ListKeywords) -> Result<Vec<Value>> {
        let customer = self.customer(&input.customer_id)?;
        let mut query = Query::select(known(KEYWORD_FIELDS), "ad_group_criterion")
            .where_enum("ad_group_criterion.type", "KEYWORD")
            .order_by("ad_group_criterion.criterion_id");
        if let Some(ad_group) = given(&input.ad_group_id) {
            query = query.where_id("ad_group.id", &gaql::numeric_id("adGroupId", ad_group)?);
        }
        self.search(&customer, &query, usize::MAX).await
    }

    /// Each campaign's metrics over a date range: impressions, clicks, cost, conversions, ...
    #[action(
        name = "Get Campaign Performance Report",
        category = "Reports",
        icon = "bar-chart",
        idempotent,
        http(method = "POST", endpoint = "/v26/customers/{customerId}/googleAds:search")
    )]
    async fn report_campaign_performance(&self, input: CampaignPerformance) -> Result<Vec<Value>> {
        let customer = self.customer(&input.customer_id)?;
        let mut fields = known(&["campaign.id", "campaign.name", "campaign.status"]);
        let named: Vec<&String> = input.metrics.iter().flatten().filter(|m| !m.trim().is_empty()).collect();
        if named.len() > MAX_METRICS {
            return Err(ConnectorError::invalid_input(format!("at most {MAX_METRICS} metrics, not {}", named.len())));
        }
        if named.is_empty() {
            fields.extend(DEFAULT_METRICS.iter().map(|m| gaql::field_name("metrics", m)).collect::<Result<Vec<_>>>()?);
        }
        for name in named {
            let field = gaql::field_name("metrics", name)?;
            if !field.as_str().starts_with("metrics.") {
                return Err(ConnectorError::invalid_input(format!("`{name}` is not a metric (metrics.<name>)")));
            }
            fields.push(field);
        }
        let query = Query::select(fields, "campaign").order_by("campaign.id");
        let query = match input.date_range.gaql() {
            Some(range) => query.during(range),
            None => {
                let (Some(start), Some(end)) = (given(&input.start_date), given(&input.end_date)) else {
                    return Err(ConnectorError::invalid_input(
                        "a custom date range needs a start date and an end date",
                    ));
                };
                let (start, end) = (gaql::date("startDate", start)?, gaql::date("endDate", end)?);
                if start > end {
                    return Err(ConnectorError::invalid_input(format!(
                        "the start date {start} is after the end date {end}"
                    )));
                }
                query.between(&start, &end)
            }
        };
        self.search(&customer, &query, usize::MAX).await
    }

    /// Lists the accounts the signed-in user reaches: proves the token and the developer token.
    #[test_connection]
    async fn accessible_customers(&self) -> Result<AccessibleCustomers> {
        let answer: Value = google::send_json(self.ads("GET", "customers:listAccessibleCustomers")?).await?;
        let customer_ids = answer["resourceNames"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|name| name.as_str()?.strip_prefix("customers/").map(str::to_owned))
            .collect();
        Ok(AccessibleCustomers { customer_ids })
    }
}

impl GoogleAds {
    /// A request of `method` to `path` under the API version, with the developer token and, when
    /// the connection names a manager account, its ID.
    fn ads(&self, method: &str, path: &str) -> Result<Request> {
        let token = self.credentials.developer_token.expose().trim();
        let mut request = self.http.request(method, &format!("/{API_VERSION}/{path}")).header("developer-token", token);
        if let Some(login) = self.credentials.login_customer_id.as_deref().filter(|l| !l.trim().is_empty()) {
            let login = gaql::customer_id("loginCustomerId", login)
                .map_err(|e| ConnectorError::invalid_credentials(e.message))?;
            request = request.header("login-customer-id", login.as_str());
        }
        Ok(request)
    }

    /// The account an action acts on: its Customer ID, or the connection's when it is blank.
    fn customer(&self, given_id: &str) -> Result<gaql::Id> {
        if !given_id.trim().is_empty() {
            return gaql::customer_id("customerId", given_id);
        }
        match self.credentials.customer_id.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(id) => gaql::customer_id("customerId", id).map_err(|e| ConnectorError::invalid_credentials(e.message)),
            None => Err(ConnectorError::invalid_input(
                "`customerId` is empty and the connection names no Customer ID: give the account to act on",
            )),
        }
    }

    /// The rows of `query` on `customer`, following `nextPageToken`, up to `max_items`.
    async fn search(&self, customer: &gaql::Id, query: &Query, max_items: usize) -> Result<Vec<Value>> {
        let path = format!("customers/{customer}/googleAds:search");
        let query = query.to_string();
        collect_pages(MAX_PAGES, max_items, |token| {
            let mut body = json!({ "query": query });
            if let Some(token) = token {
                body["pageToken"] = token.into();
            }
            // A search changes nothing: safe to repeat.
            let request = self.ads("POST", &path).map(|r| r.json(&body).idempotent());
            async move {
                let page: Value = google::send_json(request?).await?;
                let items = page["results"].as_array().cloned().unwrap_or_default();
                let next = page["nextPageToken"].as_str().filter(|t| !t.is_empty()).map(str::to_owned);
                Ok(Page { items, next })
            }
        })
        .await
    }

    /// Applies one `operation` with the mutate method of `service` (`campaigns`, `adGroups`, ...):
    /// the result names the resource and carries it as it now is, with its `id`.
    async fn mutate(&self, customer: &gaql::Id, service: &str, operation: Value) -> Result<Mutated> {
        let body = json!({ "operations": [operation], "responseContentType": "MUTABLE_RESOURCE" });
        let request = self.ads("POST", &format!("customers/{customer}/{service}:mutate"))?.json(&body);
        let mut answer: Value = google::send_json(request).await?;
        let mut result = answer["results"][0].take();
        let Some(name) = result["resourceName"].as_str() else {
            return Err(ConnectorError::new(
                ErrorCode::InvalidResponse,
                "Google Ads answered the change without naming the resource it changed",
            ));
        };
        // `customers/1/campaigns/2` → 2; `customers/1/adGroupCriteria/3~4` → 4.
        let id = name.rsplit(['/', '~']).next().unwrap_or_default().to_owned();
        result["id"] = id.into();
        Ok(result)
    }
}

/// The bidding scheme field of a new campaign and its settings.
fn bidding(input: &CreateCampaign) -> Result<(&'static str, Value)> {
    Ok(match input.bidding_strategy_type {
        BiddingStrategy::ManualCpc => ("manualCpc", json!({})),
        // Google Ads calls Maximize Clicks "target spend".
        BiddingStrategy::MaximizeClicks => ("targetSpend", json!({})),
        BiddingStrategy::MaximizeConversions => ("maximizeConversions", json!({})),
        BiddingStrategy::TargetCpa => {
            let target = input.target_cpa_micros.ok_or_else(|| {
                ConnectorError::invalid_input(
                    "Target CPA bidding needs `targetCpaMicros`, the target cost per acquisition",
                )
            })?;
            ("targetCpa", json!({ "targetCpaMicros": micros("targetCpaMicros", target)? }))
        }
        BiddingStrategy::TargetRoas => {
            let target = input.target_roas.filter(|t| t.is_finite() && *t > 0.0).ok_or_else(|| {
                ConnectorError::invalid_input("Target ROAS bidding needs `targetRoas`, a positive ratio (3.5 = 350%)")
            })?;
            ("targetRoas", json!({ "targetRoas": target }))
        }
    })
}

/// An amount in micros as the API's JSON writes 64-bit integers (text); negative is invalid.
fn micros(field: &str, amount: i64) -> Result<Value> {
    if amount < 0 {
        return Err(ConnectorError::invalid_input(format!("`{field}` cannot be negative: {amount}")));
    }
    Ok(Value::String(amount.to_string()))
}

/// The connector's own field names, as query fields.
fn known(names: &[&'static str]) -> Vec<FieldName> {
    names.iter().map(|name| FieldName::known(name)).collect()
}

/// An optional text that is given and not blank, trimmed.
fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// `value` trimmed, or an invalid-input error naming `field` when it is blank.
fn non_blank<'a>(field: &str, value: &'a str) -> Result<&'a str> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` is empty")));
    }
    Ok(value)
}
