use fluxturn_core::http::{collect_pages, path_segment, Page};
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Shopify's largest page for list endpoints.
const PAGE_SIZE: usize = 250;

/// The most pages a "return all" list follows (250 items each): 50,000 items.
const MAX_PAGES: usize = 200;

/// Manage the orders and products of a Shopify store through its Admin API
///
/// Each connection is one shop: requests go to `https://<shop>.myshopify.com/admin/api/2025-01`
/// with the Admin API access token of a custom app installed in that shop.
#[connector(
    name = "shopify",
    display_name = "Shopify",
    category = "ecommerce",
    base_url = "https://{shopSubdomain}.myshopify.com/admin/api/2025-01",
    icon = "icons/shopify.svg",
    rate_limit(requests_per_second = 2),
    auth = api_key(header = "X-Shopify-Access-Token", field = "accessToken"),
    credentials = ShopifyCredentials,
)]
pub struct Shopify {
    http: PreparedHttp<Shop>,
}

/// How the connection authenticates.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum ShopifyAuthType {
    /// Admin API access token of a custom app
    #[serde(rename = "bearer_token")]
    AccessToken,
}

/// What the user enters in the "Add Shopify" form.
#[derive(Credentials)]
pub struct ShopifyCredentials {
    /// How the connection authenticates: the Admin API access token of a custom app installed in
    /// the shop
    #[field(key = "authType", label = "Authentication Type", default = "bearer_token")]
    pub auth_type: ShopifyAuthType,
    /// The shop's name, as in `your-shop.myshopify.com` (`your-shop` or the whole domain)
    #[field(key = "shopSubdomain", label = "Shop Subdomain", placeholder = "your-shop")]
    pub shop_subdomain: String,
    /// The Admin API access token of a custom app installed in the shop (Settings > Apps and
    /// sales channels > Develop apps > API credentials)
    #[field(
        key = "accessToken",
        label = "Access Token",
        placeholder = "shpat_...",
        help_url = "https://help.shopify.com/en/manual/apps/app-types/custom-apps"
    )]
    pub access_token: Secret<String>,
    /// The app's API secret key; kept with the connection for verifying Shopify's webhook
    /// signatures, the actions do not use it
    #[field(key = "appSecretKey", label = "App Secret Key", placeholder = "shpss_...")]
    pub app_secret_key: Option<Secret<String>>,
}

/// The shop's name from what the user typed: `name` or `name.myshopify.com` (any case, trimmed).
/// Anything else is refused, so the access token can only ever be sent to a shop.
pub fn shop_name(typed: &str) -> Result<String> {
    let typed = typed.trim().to_ascii_lowercase();
    let name = typed.strip_suffix(".myshopify.com").unwrap_or(&typed);
    let valid = !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if valid {
        Ok(name.to_owned())
    } else {
        Err(ConnectorError::invalid_credentials(
            "shopify: `shopSubdomain` must be the shop's name (`your-shop`) or its myshopify.com domain \
             (`your-shop.myshopify.com`); other hosts are refused so the access token only goes to a shop",
        ))
    }
}

/// The connection's host: the shop the checked `shopSubdomain` names (its bare name fills the
/// base URL).
pub enum Shop {}

impl PrepareHttp for Shop {
    fn prepare(ctx: ConnectContext) -> Result<ConnectContext> {
        ctx.map_credential("shopSubdomain", shop_name)
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// The choices of `publishedStatus`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum PublishedStatus {
    /// any
    #[serde(rename = "any")]
    Any,
    /// published
    #[serde(rename = "published")]
    Published,
    /// unpublished
    #[serde(rename = "unpublished")]
    Unpublished,
}

/// The input of `get_all_products`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetAllProductsInput {
    /// Return every matching product, following the pages (up to 50,000)
    #[field(label = "Return All", default = false)]
    pub return_all: Option<bool>,
    /// How many products to return when not returning all
    #[field(label = "Limit", default = 50, min = 1)]
    pub limit: Option<u32>,
    /// Only products in this collection (its numeric id)
    #[field(label = "Collection ID")]
    pub collection_id: Option<String>,
    /// Only products created at or after this time (ISO 8601)
    #[field(label = "Created At Min", placeholder = "2025-01-01T00:00:00Z")]
    pub created_at_min: Option<String>,
    /// Only products created at or before this time (ISO 8601)
    #[field(label = "Created At Max", placeholder = "2025-12-31T23:59:59Z")]
    pub created_at_max: Option<String>,
    /// Only these fields of each product, comma-separated
    #[field(label = "Fields", placeholder = "id,title,handle")]
    pub fields: Option<String>,
    /// Only the product with this handle
    #[field(label = "Handle")]
    pub handle: Option<String>,
    /// Only these products: ids, comma-separated
    #[field(label = "IDs", placeholder = "632910392,921728736")]
    pub ids: Option<String>,
    /// Only products of this type
    #[field(label = "Product Type")]
    pub product_type: Option<String>,
    /// Published, unpublished or any
    #[field(label = "Published Status", default = "any")]
    pub published_status: Option<PublishedStatus>,
    /// Only products with this title
    #[field(label = "Title")]
    pub title: Option<String>,
    /// Only products of this vendor
    #[field(label = "Vendor")]
    pub vendor: Option<String>,
}

/// The choices of `financialStatus` for a new order.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum NewOrderFinancialStatus {
    /// pending
    #[serde(rename = "pending")]
    Pending,
    /// authorized
    #[serde(rename = "authorized")]
    Authorized,
    /// paid
    #[serde(rename = "paid")]
    Paid,
}

/// The input of `create_order`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateOrderInput {
    /// The order's line items, as Shopify takes them: `{"variant_id": 447654529, "quantity": 1}`,
    /// or a custom item `{"title": "Gift wrap", "price": "5.00", "quantity": 1}`
    #[field(label = "Line Items")]
    pub line_items: Vec<Value>,
    /// The customer's email address
    #[field(label = "Email", input_type = "email")]
    pub email: Option<String>,
    /// The order's payment status
    #[field(label = "Financial Status")]
    pub financial_status: Option<NewOrderFinancialStatus>,
    /// Email the customer an order confirmation
    #[field(label = "Send Receipt", default = false)]
    pub send_receipt: Option<bool>,
    /// A note on the order
    #[field(label = "Note", input_type = "textarea")]
    pub note: Option<String>,
}

/// The input of `get_order`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetOrderInput {
    /// The order's numeric id (or its `gid://shopify/Order/...` id)
    #[field(label = "Order ID", placeholder = "450789469")]
    pub order_id: String,
    /// Only these fields of the order, comma-separated
    #[field(label = "Fields", placeholder = "id,name,total_price")]
    pub fields: Option<String>,
}

/// The choices of `status` when listing orders.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum OrderStatus {
    /// any
    #[serde(rename = "any")]
    Any,
    /// open
    #[serde(rename = "open")]
    Open,
    /// closed
    #[serde(rename = "closed")]
    Closed,
    /// cancelled
    #[serde(rename = "cancelled")]
    Cancelled,
}

/// The choices of `financialStatus` when listing orders.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum OrderFinancialStatus {
    /// any
    #[serde(rename = "any")]
    Any,
    /// authorized
    #[serde(rename = "authorized")]
    Authorized,
    /// pending
    #[serde(rename = "pending")]
    Pending,
    /// paid
    #[serde(rename = "paid")]
    Paid,
    /// partially_paid
    #[serde(rename = "partially_paid")]
    PartiallyPaid,
    /// refunded
    #[serde(rename = "refunded")]
    Refunded,
    /// voided
    #[serde(rename = "voided")]
    Voided,
}

/// The choices of `fulfillmentStatus` when listing orders.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum OrderFulfillmentStatus {
    /// any
    #[serde(rename = "any")]
    Any,
    /// shipped
    #[serde(rename = "shipped")]
    Shipped,
    /// partial
    #[serde(rename = "partial")]
    Partial,
    /// unshipped
    #[serde(rename = "unshipped")]
    Unshipped,
}

/// The input of `get_all_orders`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetAllOrdersInput {
    /// Return every matching order, following the pages (up to 50,000)
    #[field(label = "Return All", default = false)]
    pub return_all: Option<bool>,
    /// How many orders to return when not returning all
    #[field(label = "Limit", default = 50, min = 1)]
    pub limit: Option<u32>,
    /// Open, closed, cancelled or any (Shopify lists only open orders when not given)
    #[field(label = "Status")]
    pub status: Option<OrderStatus>,
    /// Only orders with this payment status
    #[field(label = "Financial Status")]
    pub financial_status: Option<OrderFinancialStatus>,
    /// Only orders with this fulfillment status
    #[field(label = "Fulfillment Status")]
    pub fulfillment_status: Option<OrderFulfillmentStatus>,
}

/// The input of `update_order`: only the fields given are changed.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpdateOrderInput {
    /// The order's numeric id (or its `gid://shopify/Order/...` id)
    #[field(label = "Order ID", placeholder = "450789469")]
    pub order_id: String,
    /// The new email address of the order
    #[field(label = "Email", input_type = "email")]
    pub email: Option<String>,
    /// The new note
    #[field(label = "Note", input_type = "textarea")]
    pub note: Option<String>,
    /// The new tags, comma-separated (they replace the order's tags)
    #[field(label = "Tags", placeholder = "vip, wholesale")]
    pub tags: Option<String>,
}

/// The input of `delete_order`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DeleteOrderInput {
    /// The order's numeric id (or its `gid://shopify/Order/...` id); Shopify deletes only
    /// cancelled orders, and orders created through the API
    #[field(label = "Order ID", placeholder = "450789469")]
    pub order_id: String,
}

/// The input of `create_product`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct CreateProductInput {
    /// The product's title
    #[field(label = "Title")]
    pub title: String,
    /// The description, in HTML
    #[field(label = "Body HTML", input_type = "textarea")]
    pub body_html: Option<String>,
    /// The vendor's name
    #[field(label = "Vendor")]
    pub vendor: Option<String>,
    /// The product type, for filtering and search
    #[field(label = "Product Type")]
    pub product_type: Option<String>,
    /// Tags, comma-separated
    #[field(label = "Tags", placeholder = "summer, cotton")]
    pub tags: Option<String>,
}

/// The input of `get_product`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct GetProductInput {
    /// The product's numeric id (or its `gid://shopify/Product/...` id)
    #[field(label = "Product ID", placeholder = "632910392")]
    pub product_id: String,
    /// Only these fields of the product, comma-separated
    #[field(label = "Fields", placeholder = "id,title,variants")]
    pub fields: Option<String>,
}

/// The input of `update_product`: only the fields given are changed.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct UpdateProductInput {
    /// The product's numeric id (or its `gid://shopify/Product/...` id)
    #[field(label = "Product ID", placeholder = "632910392")]
    pub product_id: String,
    /// The new title
    #[field(label = "Title")]
    pub title: Option<String>,
    /// The new description, in HTML
    #[field(label = "Body HTML", input_type = "textarea")]
    pub body_html: Option<String>,
    /// The new vendor
    #[field(label = "Vendor")]
    pub vendor: Option<String>,
    /// The new product type
    #[field(label = "Product Type")]
    pub product_type: Option<String>,
    /// The new tags, comma-separated (they replace the product's tags)
    #[field(label = "Tags", placeholder = "summer, cotton")]
    pub tags: Option<String>,
}

/// The input of `delete_product`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct DeleteProductInput {
    /// The product's numeric id (or its `gid://shopify/Product/...` id)
    #[field(label = "Product ID", placeholder = "632910392")]
    pub product_id: String,
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

/// A product, as Shopify returns it (fields not named here are kept as they come).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Product {
    /// The product's numeric id
    pub id: Option<u64>,
    /// Its title
    pub title: Option<String>,
    /// Its URL handle
    pub handle: Option<String>,
    /// Its description, in HTML
    pub body_html: Option<String>,
    /// Its vendor
    pub vendor: Option<String>,
    /// Its product type
    pub product_type: Option<String>,
    /// `active`, `archived` or `draft`
    pub status: Option<String>,
    /// Its tags, comma-separated
    pub tags: Option<String>,
    /// Its variants (price, SKU, inventory...)
    pub variants: Option<Vec<Value>>,
    /// When it was created (ISO 8601)
    pub created_at: Option<String>,
    /// When it was last changed (ISO 8601)
    pub updated_at: Option<String>,
    /// Every other field Shopify returned
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// An order, as Shopify returns it (fields not named here are kept as they come).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Order {
    /// The order's numeric id
    pub id: Option<u64>,
    /// Its name as shown to the shop and the customer (`#1001`)
    pub name: Option<String>,
    /// Its number in the shop's sequence
    pub order_number: Option<u64>,
    /// The customer's email address
    pub email: Option<String>,
    /// Its payment status
    pub financial_status: Option<String>,
    /// Its fulfillment status (`null` when nothing is fulfilled)
    pub fulfillment_status: Option<String>,
    /// The total, in the shop's currency, as a decimal string
    pub total_price: Option<String>,
    /// The currency (ISO 4217)
    pub currency: Option<String>,
    /// Its note
    pub note: Option<String>,
    /// Its tags, comma-separated
    pub tags: Option<String>,
    /// Its line items
    pub line_items: Option<Vec<Value>>,
    /// The customer, when there is one
    pub customer: Option<Value>,
    /// When it was created (ISO 8601)
    pub created_at: Option<String>,
    /// Every other field Shopify returned
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// What a delete returns.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Deleted {
    /// Always `true`: Shopify deleted it
    pub deleted: bool,
    /// The id of what was deleted
    pub id: String,
}

/// `{"product": {...}}`.
#[derive(Deserialize)]
struct OneProduct {
    product: Product,
}

/// `{"products": [...]}`.
#[derive(Deserialize)]
struct Products {
    products: Vec<Product>,
}

/// `{"order": {...}}`.
#[derive(Deserialize)]
struct OneOrder {
    order: Order,
}

/// `{"orders": [...]}`.
#[derive(Deserialize)]
struct Orders {
    orders: Vec<Order>,
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The numeric id of a resource from its number or its `gid://shopify/<Kind>/<number>` id.
fn numeric_id(field: &str, kind: &str, given: &str) -> Result<String> {
    let given = given.trim();
    let prefix = format!("gid://shopify/{kind}/");
    let number = given.strip_prefix(&prefix).unwrap_or(given);
    if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
        Ok(number.to_owned())
    } else {
        Err(ConnectorError::invalid_input(format!(
            "`{field}` must be a {kind} id: a number such as 450789469, or gid://shopify/{kind}/450789469"
        )))
    }
}

/// An object of the given fields, without the empty ones.
fn fields(pairs: impl IntoIterator<Item = (&'static str, Option<Value>)>) -> Map<String, Value> {
    pairs
        .into_iter()
        .filter_map(|(key, value)| match value {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(value) => Some((key.to_owned(), value)),
        })
        .collect()
}

/// A text field as an optional JSON value.
fn text(value: &Option<String>) -> Option<Value> {
    value.clone().map(Value::String)
}

/// An enum field as an optional JSON value (its serialized name).
fn choice<T: Serialize>(value: &Option<T>) -> Option<Value> {
    value.as_ref().and_then(|v| serde_json::to_value(v).ok())
}

/// The `page_info` of the `rel="next"` link: only the cursor is kept, and the next request is
/// built on our own base URL, so the token never follows a URL from a response header.
fn page_info(next_link: &str) -> Option<String> {
    let query = next_link.split_once('?')?.1;
    query.split('&').find_map(|pair| pair.strip_prefix("page_info=")).map(percent_decode)
}

/// `%XX` escapes decoded (page_info cursors are URL-safe, but a server may escape them).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How many items a list action returns, and how many it asks for per page.
fn list_size(return_all: Option<bool>, limit: Option<u32>) -> Result<(usize, usize)> {
    if return_all == Some(true) {
        return Ok((PAGE_SIZE * MAX_PAGES, PAGE_SIZE));
    }
    match limit.unwrap_or(50) {
        0 => Err(ConnectorError::invalid_input("`limit` must be at least 1")),
        limit => {
            let limit = limit as usize;
            Ok((limit, limit.min(PAGE_SIZE)))
        }
    }
}

/// Shopify's own words from an error body: `{"errors": "text"}`,
/// `{"errors": {"field": ["message", ...]}}`, `{"errors": ["message"]}` or `{"error": "text"}`.
fn shopify_message(body: &Value) -> Option<String> {
    let errors = body.get("errors").or_else(|| body.get("error"))?;
    let line = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned)).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    };
    let message = match errors {
        Value::Object(fields) => {
            fields.iter().map(|(field, messages)| format!("{field} {}", line(messages))).collect::<Vec<_>>().join("; ")
        }
        other => line(other),
    };
    (!message.trim().is_empty()).then_some(message)
}

/// An upstream error with Shopify's own words and what the connector was doing; other errors
/// (no answer, an answer that is not the expected JSON) are returned as they are.
fn refused(what: &str, mut error: ConnectorError) -> ConnectorError {
    let status = error.details.get("upstream_status").and_then(Value::as_u64);
    let Some(status) = status.filter(|s| *s >= 400) else {
        return error;
    };
    let body = error
        .details
        .get("upstream_body")
        .and_then(Value::as_str)
        .and_then(|text| serde_json::from_str::<Value>(text).ok());
    error.message = match body.as_ref().and_then(shopify_message) {
        Some(words) => format!("Shopify refused to {what} ({status}): {words}"),
        None => format!("Shopify refused to {what}: {}", error.message),
    };
    error
}

// ---------------------------------------------------------------------------------------------
// Actions
//
// Each action is written (Shopify wraps a created or changed resource in `{"order": {...}}` or
// `{"product": {...}}`, and lists page by `Link` header); its `http(...)` documents the request
// in the definition, where `param_mapping` names the upstream field, `order.x` being `x` inside
// the wrapping object.
// ---------------------------------------------------------------------------------------------

#[actions]
impl Shopify {
    /// List the shop's products, filtered, up to a limit or all of them
    #[action(
        name = "Get All Products",
        category = "Products",
        icon = "package",
        http(
            method = "GET",
            endpoint = "/products.json",
            param_mapping(
                collectionId = "collection_id",
                createdAtMin = "created_at_min",
                createdAtMax = "created_at_max",
                productType = "product_type",
                publishedStatus = "published_status",
            ),
        )
    )]
    async fn get_all_products(&self, input: GetAllProductsInput) -> Result<Vec<Product>> {
        let (max_items, per_page) = list_size(input.return_all, input.limit)?;
        let filters = fields([
            ("collection_id", text(&input.collection_id)),
            ("created_at_min", text(&input.created_at_min)),
            ("created_at_max", text(&input.created_at_max)),
            ("handle", text(&input.handle)),
            ("ids", text(&input.ids)),
            ("product_type", text(&input.product_type)),
            ("published_status", choice(&input.published_status)),
            ("title", text(&input.title)),
            ("vendor", text(&input.vendor)),
        ]);
        let fields = input.fields.filter(|f| !f.trim().is_empty());
        self.list("/products.json", "list the products", filters, fields, per_page, max_items, |p: Products| p.products)
            .await
    }

    /// Create an order from line items
    #[action(
        name = "Create Order",
        category = "Orders",
        icon = "shopping-cart",
        http(
            method = "POST",
            endpoint = "/orders.json",
            param_mapping(
                lineItems = "order.line_items",
                email = "order.email",
                financialStatus = "order.financial_status",
                sendReceipt = "order.send_receipt",
                note = "order.note"
            ),
        )
    )]
    async fn create_order(&self, input: CreateOrderInput) -> Result<Order> {
        if input.line_items.is_empty() {
            return Err(ConnectorError::invalid_input("`lineItems` needs at least one line item"));
        }
        if let Some(bad) = input.line_items.iter().position(|item| !item.is_object()) {
            return Err(ConnectorError::invalid_input(format!(
                "`lineItems[{bad}]` must be an object such as {{\"variant_id\": 447654529, \"quantity\": 1}}"
            )));
        }
        let order = fields([
            ("line_items", Some(Value::Array(input.line_items))),
            ("email", text(&input.email)),
            ("financial_status", choice(&input.financial_status)),
            ("send_receipt", input.send_receipt.map(Value::Bool)),
            ("note", text(&input.note)),
        ]);
        let created: OneOrder = self
            .http
            .post("/orders.json")
            .json(&json!({ "order": order }))
            .send_json()
            .await
            .map_err(|e| refused("create the order", e))?;
        Ok(created.order)
    }

    /// Get one order by its id
    #[action(
        name = "Get Order",
        category = "Orders",
        icon = "file-text",
        http(method = "GET", endpoint = "/orders/{orderId}.json")
    )]
    async fn get_order(&self, input: GetOrderInput) -> Result<Order> {
        let id = numeric_id("orderId", "Order", &input.order_id)?;
        let query = fields([("fields", text(&input.fields))]);
        let found: OneOrder = self
            .http
            .get(&format!("/orders/{}.json", path_segment(&id)))
            .query(&query)
            .send_json()
            .await
            .map_err(|e| refused("get the order", e))?;
        Ok(found.order)
    }

    /// List the shop's orders, filtered, up to a limit or all of them
    #[action(
        name = "Get All Orders",
        category = "Orders",
        icon = "list",
        http(
            method = "GET",
            endpoint = "/orders.json",
            param_mapping(financialStatus = "financial_status", fulfillmentStatus = "fulfillment_status"),
        )
    )]
    async fn get_all_orders(&self, input: GetAllOrdersInput) -> Result<Vec<Order>> {
        let (max_items, per_page) = list_size(input.return_all, input.limit)?;
        let filters = fields([
            ("status", choice(&input.status)),
            ("financial_status", choice(&input.financial_status)),
            ("fulfillment_status", choice(&input.fulfillment_status)),
        ]);
        self.list("/orders.json", "list the orders", filters, None, per_page, max_items, |o: Orders| o.orders).await
    }

    /// Change an order's email address, note or tags
    #[action(
        name = "Update Order",
        category = "Orders",
        icon = "edit",
        idempotent,
        http(
            method = "PUT",
            endpoint = "/orders/{orderId}.json",
            param_mapping(email = "order.email", note = "order.note", tags = "order.tags"),
        )
    )]
    async fn update_order(&self, input: UpdateOrderInput) -> Result<Order> {
        let id = numeric_id("orderId", "Order", &input.order_id)?;
        let changes = fields([("email", text(&input.email)), ("note", text(&input.note)), ("tags", text(&input.tags))]);
        if changes.is_empty() {
            return Err(ConnectorError::invalid_input("nothing to update: give `email`, `note` or `tags`"));
        }
        let mut order = changes;
        order.insert("id".into(), json!(id.parse::<u64>().unwrap_or_default()));
        let updated: OneOrder = self
            .http
            .put(&format!("/orders/{}.json", path_segment(&id)))
            .json(&json!({ "order": order }))
            .send_json()
            .await
            .map_err(|e| refused("update the order", e))?;
        Ok(updated.order)
    }

    /// Delete an order (Shopify deletes only cancelled orders and orders created through the API)
    #[action(
        name = "Delete Order",
        category = "Orders",
        icon = "trash",
        idempotent,
        http(method = "DELETE", endpoint = "/orders/{orderId}.json")
    )]
    async fn delete_order(&self, input: DeleteOrderInput) -> Result<Deleted> {
        let id = numeric_id("orderId", "Order", &input.order_id)?;
        self.http
            .delete(&format!("/orders/{}.json", path_segment(&id)))
            .send()
            .await
            .map_err(|e| refused("delete the order", e))?;
        Ok(Deleted { deleted: true, id })
    }

    /// Create a product
    #[action(
        name = "Create Product",
        category = "Products",
        icon = "plus",
        http(
            method = "POST",
            endpoint = "/products.json",
            param_mapping(
                title = "product.title",
                bodyHtml = "product.body_html",
                vendor = "product.vendor",
                productType = "product.product_type",
                tags = "product.tags"
            ),
        )
    )]
    async fn create_product(&self, input: CreateProductInput) -> Result<Product> {
        if input.title.trim().is_empty() {
            return Err(ConnectorError::invalid_input("`title` cannot be blank"));
        }
        let product = fields([
            ("title", Some(Value::String(input.title))),
            ("body_html", text(&input.body_html)),
            ("vendor", text(&input.vendor)),
            ("product_type", text(&input.product_type)),
            ("tags", text(&input.tags)),
        ]);
        let created: OneProduct = self
            .http
            .post("/products.json")
            .json(&json!({ "product": product }))
            .send_json()
            .await
            .map_err(|e| refused("create the product", e))?;
        Ok(created.product)
    }

    /// Get one product by its id
    #[action(
        name = "Get Product",
        category = "Products",
        icon = "package",
        http(method = "GET", endpoint = "/products/{productId}.json")
    )]
    async fn get_product(&self, input: GetProductInput) -> Result<Product> {
        let id = numeric_id("productId", "Product", &input.product_id)?;
        let query = fields([("fields", text(&input.fields))]);
        let found: OneProduct = self
            .http
            .get(&format!("/products/{}.json", path_segment(&id)))
            .query(&query)
            .send_json()
            .await
            .map_err(|e| refused("get the product", e))?;
        Ok(found.product)
    }

    /// Change a product's title, description, vendor, type or tags
    #[action(
        name = "Update Product",
        category = "Products",
        icon = "edit",
        idempotent,
        http(
            method = "PUT",
            endpoint = "/products/{productId}.json",
            param_mapping(
                title = "product.title",
                bodyHtml = "product.body_html",
                vendor = "product.vendor",
                productType = "product.product_type",
                tags = "product.tags"
            ),
        )
    )]
    async fn update_product(&self, input: UpdateProductInput) -> Result<Product> {
        let id = numeric_id("productId", "Product", &input.product_id)?;
        let mut product = fields([
            ("title", text(&input.title)),
            ("body_html", text(&input.body_html)),
            ("vendor", text(&input.vendor)),
            ("product_type", text(&input.product_type)),
            ("tags", text(&input.tags)),
        ]);
        if product.is_empty() {
            return Err(ConnectorError::invalid_input(
                "nothing to update: give `title`, `bodyHtml`, `vendor`, `productType` or `tags`",
            ));
        }
        product.insert("id".into(), json!(id.parse::<u64>().unwrap_or_default()));
        let updated: OneProduct = self
            .http
            .put(&format!("/products/{}.json", path_segment(&id)))
            .json(&json!({ "product": product }))
            .send_json()
            .await
            .map_err(|e| refused("update the product", e))?;
        Ok(updated.product)
    }

    /// Delete a product
    #[action(
        name = "Delete Product",
        category = "Products",
        icon = "trash",
        idempotent,
        http(method = "DELETE", endpoint = "/products/{productId}.json")
    )]
    async fn delete_product(&self, input: DeleteProductInput) -> Result<Deleted> {
        let id = numeric_id("productId", "Product", &input.product_id)?;
        self.http
            .delete(&format!("/products/{}.json", path_segment(&id)))
            .send()
            .await
            .map_err(|e| refused("delete the product", e))?;
        Ok(Deleted { deleted: true, id })
    }

    /// Reads the shop's settings: proves the domain and the token work.
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/shop.json").send().await.map(drop).map_err(|e| refused("read the shop", e))
    }

    /// Up to `max_items` of a list endpoint, `per_page` a page, following `Link: rel="next"`:
    /// the first page with the filters, the next ones with only `page_info` (Shopify refuses
    /// filters beside it) and `limit`/`fields`.
    #[allow(clippy::too_many_arguments)]
    async fn list<P, T>(
        &self,
        path: &str,
        what: &str,
        filters: Map<String, Value>,
        fields: Option<String>,
        per_page: usize,
        max_items: usize,
        items: impl Fn(P) -> Vec<T>,
    ) -> Result<Vec<T>>
    where
        P: serde::de::DeserializeOwned,
    {
        let (filters, fields, items) = (&filters, &fields, &items);
        collect_pages(MAX_PAGES, max_items, |cursor| async move {
            let mut query: BTreeMap<String, Value> = BTreeMap::new();
            query.insert("limit".into(), json!(per_page));
            if let Some(fields) = fields {
                query.insert("fields".into(), json!(fields));
            }
            match cursor {
                Some(page_info) => {
                    query.insert("page_info".into(), json!(page_info));
                }
                None => query.extend(filters.iter().map(|(k, v)| (k.clone(), v.clone()))),
            }
            let response = self.http.get(path).query(&query).send().await.map_err(|e| refused(what, e))?;
            let next = response.next_link().as_deref().and_then(page_info);
            Ok(Page { items: items(response.json::<P>()?), next })
        })
        .await
    }
}
