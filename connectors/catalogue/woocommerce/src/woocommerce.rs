use fluxturn_core::http::{https_site_address, path_segment};
use fluxturn_core::prelude::*;
use serde_json::{json, Map, Value};

/// Manage the orders, products, customers and coupons of a WooCommerce store
///
/// Each connection is one store: requests go to its REST API v3, `https://<store>/wp-json/wc/v3`,
/// authenticated with a REST API key (consumer key and consumer secret, sent as HTTP basic auth,
/// which WooCommerce accepts over HTTPS only). The triggers register a webhook in the store and
/// check each delivery's `X-WC-Webhook-Signature`.
#[connector(
    name = "woocommerce",
    display_name = "WooCommerce",
    category = "ecommerce",
    base_url = "https://{domain}/wp-json/wc/v3",
    icon = "icons/woocommerce.svg",
    rate_limit(requests_per_minute = 60),
    auth = basic_auth(username = "username", password = "password"),
    credentials = WoocommerceCredentials,
)]
pub struct Woocommerce {
    http: PreparedHttp<Store>,
}

/// What the user enters in the "Add WooCommerce" form.
#[derive(Credentials)]
pub struct WoocommerceCredentials {
    /// The consumer key of a REST API key (WooCommerce > Settings > Advanced > REST API), `ck_...`
    #[field(
        key = "username",
        label = "Consumer Key",
        placeholder = "ck_...",
        help_url = "https://woocommerce.com/document/woocommerce-rest-api/"
    )]
    pub username: String,
    /// The consumer secret of that key, `cs_...`
    #[field(key = "password", label = "Consumer Secret", placeholder = "cs_...", secret)]
    pub password: Secret<String>,
    /// The store's address, such as `shop.example.com` or `https://example.com/store` (HTTPS)
    #[field(key = "domain", label = "Store URL", placeholder = "https://shop.example.com")]
    pub domain: String,
}

/// The store's address from what the user typed, as the base URL takes it: the host (and port,
/// and the path of a store installed in a sub-folder) without the scheme or a trailing slash.
///
/// `https://` is assumed when no scheme is given; `http://` is refused, because WooCommerce only
/// accepts a consumer key and secret as basic auth over HTTPS and they would travel in clear
/// text; a pasted `/wp-json/wc/v3` is dropped.
pub fn store_address(typed: &str) -> Result<String> {
    let invalid = |why: &str| {
        ConnectorError::invalid_credentials(format!(
            "woocommerce: `domain` must be the store's address, such as `shop.example.com` or \
             `https://example.com/store`: {why}"
        ))
    };
    https_site_address(typed, &["/wp-json/wc/v3", "/wp-json"]).map_err(|why| invalid(&why))
}

/// The connection's host: the store that the checked `domain` names (its normalised address
/// fills the base URL).
pub enum Store {}

impl PrepareHttp for Store {
    fn prepare(ctx: ConnectContext) -> Result<ConnectContext> {
        ctx.map_credential("domain", store_address)
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// The input of `get_order`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetOrderInput {
    /// The order's numeric id
    #[field(label = "Order ID", placeholder = "727")]
    #[serde(rename = "orderId")]
    pub order_id: String,
}

/// The input of `create_product`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateProductInput {
    /// The product category: its numeric id, or its name (looked up among the store's categories)
    #[field(label = "Category", placeholder = "Clothing or 9")]
    pub category: Option<String>,
    /// The product's description (HTML allowed)
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Images: image URLs, or WooCommerce image objects such as `{"src": "https://..."}` or
    /// `{"id": 42}` (a media library item)
    #[field(label = "Images")]
    pub images: Option<Vec<Value>>,
    /// Units in stock; given, WooCommerce manages the product's stock
    #[field(label = "Inventory", min = 0)]
    pub inventory: Option<f64>,
    /// The product's name
    #[field(label = "Name")]
    pub name: String,
    /// The regular price, in the store's currency
    #[field(label = "Price", min = 0)]
    pub price: Option<f64>,
    /// The stock keeping unit, unique in the store
    #[field(label = "SKU")]
    pub sku: Option<String>,
}

/// The input of `create_customer`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCustomerInput {
    /// The customer's email address (their login)
    #[field(label = "Email", input_type = "email")]
    pub email: String,
    /// The customer's first name
    #[field(label = "First Name")]
    #[serde(rename = "firstName")]
    pub first_name: Option<String>,
    /// The customer's last name
    #[field(label = "Last Name")]
    #[serde(rename = "lastName")]
    pub last_name: Option<String>,
    /// The customer's phone number (stored as the billing phone)
    #[field(label = "Phone")]
    pub phone: Option<String>,
}

/// The input of `create_order`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateOrderInput {
    /// The customer's numeric id; empty or `0` for a guest order
    #[field(label = "Customer ID")]
    #[serde(rename = "customerId")]
    pub customer_id: Option<String>,
    /// The line items: `{"product_id": 93, "quantity": 2}` (or `productId`, `variationId`), with
    /// any other WooCommerce line item field
    #[field(label = "Items")]
    pub items: Vec<Value>,
}

/// The choices of `operation`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum UpdateStockInputOperation {
    /// Set the stock to the quantity
    #[serde(rename = "set")]
    Set,
    /// Add the quantity to the stock
    #[serde(rename = "increment")]
    Increment,
    /// Take the quantity from the stock
    #[serde(rename = "decrement")]
    Decrement,
}

/// The input of `update_stock`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateStockInput {
    /// Set the stock to the quantity, or add it to or take it from the current stock
    #[field(label = "Operation", default = "set")]
    pub operation: Option<UpdateStockInputOperation>,
    /// The product's numeric id
    #[field(label = "Product ID")]
    #[serde(rename = "productId")]
    pub product_id: String,
    /// A whole number of units
    #[field(label = "Quantity", min = 0)]
    pub quantity: f64,
}

/// The choices of `type`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum CreateCouponInputType {
    /// A percentage off the cart
    #[serde(rename = "percentage")]
    Percentage,
    /// A fixed amount off the cart
    #[serde(rename = "fixed_amount")]
    FixedAmount,
}

/// The input of `create_coupon`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCouponInput {
    /// The code customers enter
    #[field(label = "Code")]
    pub code: String,
    /// A note about the coupon, for the shop's staff
    #[field(label = "Description")]
    pub description: Option<String>,
    /// A percentage or a fixed amount off the cart
    #[field(label = "Type")]
    pub r#type: CreateCouponInputType,
    /// The percentage (0 to 100) or the amount, in the store's currency
    #[field(label = "Value", min = 0)]
    pub value: f64,
}

/// The input of `create_category`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCategoryInput {
    /// A description of the category
    #[field(label = "Description")]
    pub description: Option<String>,
    /// The category's name
    #[field(label = "Name")]
    pub name: String,
    /// The numeric id of the parent category, for a sub-category
    #[field(label = "Parent ID")]
    #[serde(rename = "parentId")]
    pub parent_id: Option<String>,
}

/// The configuration of `order_created`: none, the webhook covers the whole store.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OrderCreatedConfig {}

/// The configuration of `order_updated`: none, the webhook covers the whole store.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OrderUpdatedConfig {}

/// The configuration of `product_created`: none, the webhook covers the whole store.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ProductCreatedConfig {}

/// The configuration of `customer_created`: none, the webhook covers the whole store.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CustomerCreatedConfig {}

/// The configuration of `coupon_created`: none, the webhook covers the whole store.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CouponCreatedConfig {}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// `error`, its message prefixed with what WooCommerce refused to do (the code and status are
/// kept: 404 not found, 401 unauthorized, 400 invalid input with WooCommerce's own message).
fn refused(what: &str, mut error: ConnectorError) -> ConnectorError {
    error.message = format!("WooCommerce refused to {what}: {}", error.message);
    error
}

/// A numeric WooCommerce id from a text field; `field` names it in the error.
fn numeric_id(field: &str, text: &str) -> Result<u64> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ConnectorError::invalid_input(format!("`{field}` cannot be empty")));
    }
    trimmed.parse().map_err(|_| {
        ConnectorError::invalid_input(format!("`{field}` must be a numeric WooCommerce id, not `{trimmed}`"))
    })
}

/// A whole, finite number of units from a number field.
fn whole(field: &str, value: f64) -> Result<i64> {
    if !value.is_finite() || value.fract() != 0.0 || value.abs() > 1e12 {
        return Err(ConnectorError::invalid_input(format!("`{field}` must be a whole number, not {value}")));
    }
    Ok(value as i64)
}

/// An amount as WooCommerce writes prices: a decimal string.
fn amount(field: &str, value: f64) -> Result<String> {
    if !value.is_finite() || value < 0.0 {
        return Err(ConnectorError::invalid_input(format!("`{field}` must be a number of 0 or more, not {value}")));
    }
    Ok(format!("{value}"))
}

/// Text that is not blank, trimmed.
fn filled(text: Option<&String>) -> Option<&str> {
    text.map(|t| t.trim()).filter(|t| !t.is_empty())
}

/// One image of `create_product`: a URL becomes `{"src": url}`; an object is sent as it is.
fn image(value: &Value) -> Result<Value> {
    match value {
        Value::String(src) if !src.trim().is_empty() => Ok(json!({ "src": src.trim() })),
        Value::Object(_) => Ok(value.clone()),
        other => Err(ConnectorError::invalid_input(format!(
            "each of `images` must be an image URL or an object such as {{\"src\": \"https://...\"}}, not {other}"
        ))),
    }
}

/// One line item of `create_order`: camelCase keys renamed to WooCommerce's, numeric strings of
/// the ids and quantity made numbers; it must name a product.
fn line_item(index: usize, value: &Value) -> Result<Value> {
    let Value::Object(given) = value else {
        return Err(ConnectorError::invalid_input(format!(
            "`items[{index}]` must be an object such as {{\"product_id\": 93, \"quantity\": 2}}, not {value}"
        )));
    };
    let mut item = Map::new();
    for (key, value) in given {
        let key = match key.as_str() {
            "productId" => "product_id",
            "variationId" => "variation_id",
            "taxClass" => "tax_class",
            other => other,
        };
        let value = match (key, value) {
            ("product_id" | "variation_id" | "quantity", Value::String(text)) => {
                json!(numeric_id(&format!("items[{index}].{key}"), text)?)
            }
            _ => value.clone(),
        };
        item.insert(key.to_owned(), value);
    }
    if !item.contains_key("product_id") && !item.contains_key("name") {
        return Err(ConnectorError::invalid_input(format!(
            "`items[{index}]` names no product: give `product_id` (or a `name` for a custom item)"
        )));
    }
    Ok(Value::Object(item))
}

/// A category as `GET /products/categories` lists it.
#[derive(Deserialize)]
struct Category {
    id: u64,
    name: String,
}

/// A webhook as `/webhooks` returns it.
#[derive(Deserialize)]
struct Webhook {
    id: u64,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    delivery_url: String,
}

/// The most webhooks read when looking for one already delivering to our URL.
const WEBHOOK_PAGE: u32 = 100;

impl Woocommerce {
    /// The `categories` of a new product: a numeric id as it is, a name looked up (exactly, any
    /// case) among the store's categories.
    async fn category_ref(&self, category: &str) -> Result<Value> {
        if let Ok(id) = category.parse::<u64>() {
            return Ok(json!([{ "id": id }]));
        }
        let query = [("search", category.to_owned()), ("per_page", "100".to_owned())];
        let found: Vec<Category> = self
            .http
            .get("/products/categories")
            .query(&query)
            .send_json()
            .await
            .map_err(|e| refused("list the product categories", e))?;
        let wanted = category.to_lowercase();
        match found.into_iter().find(|c| c.name.to_lowercase() == wanted) {
            Some(found) => Ok(json!([{ "id": found.id }])),
            None => Err(ConnectorError::invalid_input(format!(
                "the store has no product category named `{category}`: give its numeric id or create it first"
            ))),
        }
    }

    /// The webhook delivering `topic` to the context's URL, with the context's secret: the one
    /// already there is updated (a second subscription adds no second webhook), else one is made.
    /// Only the first 100 webhooks of the store are searched (WooCommerce's largest page).
    async fn ensure_webhook(&self, topic: &str, context: SubscribeContext) -> Result<Subscription> {
        let body = json!({
            "name": format!("FluxTurn: {topic}"),
            "topic": topic,
            "delivery_url": context.webhook_url,
            "secret": context.secret,
            "status": "active",
        });
        let listed: Vec<Webhook> = self
            .http
            .get("/webhooks")
            .query(&json!({ "per_page": WEBHOOK_PAGE }))
            .send_json()
            .await
            .map_err(|e| refused("list the webhooks", e))?;
        let existing = listed.into_iter().find(|w| w.delivery_url == context.webhook_url && w.topic == topic);
        let request = match existing {
            Some(found) => self.http.put(&format!("/webhooks/{}", found.id)),
            None => self.http.post("/webhooks"),
        };
        let webhook: Webhook = request.json(&body).send_json().await.map_err(|e| refused("register the webhook", e))?;
        Ok(Subscription::new(webhook.id.to_string()))
    }

    /// The events of one delivery of `topic`: the resource WooCommerce sent. A delivery of
    /// another topic is none, and so is a `webhook_id=N` ping body. WooCommerce's own ping of a
    /// new webhook carries no signature, so the framework answers it 401 before this runs; the
    /// REST API creates the webhook whatever the ping's answer, and real deliveries are signed.
    fn delivery(topic: &str, request: &WebhookRequest) -> Result<Vec<Value>> {
        if request.header("X-WC-Webhook-Topic").is_some_and(|sent| !sent.eq_ignore_ascii_case(topic)) {
            return Ok(vec![]);
        }
        let body = request.text()?.trim();
        if body.starts_with("webhook_id=") {
            return Ok(vec![]);
        }
        Ok(vec![request.json()?])
    }
}

#[actions(webhooks(
    verify = "woocommerce",
    secret = "generated",
    event_id = "header:X-WC-Webhook-Delivery-ID",
    unsubscribe = delete_webhook
))]
impl Woocommerce {
    /// Get an order by its id
    #[action(name = "Get Order", category = "Orders", icon = "file", idempotent)]
    async fn get_order(&self, input: GetOrderInput) -> Result<Value> {
        let id = numeric_id("orderId", &input.order_id)?;
        self.http.get(&format!("/orders/{id}")).send_json().await.map_err(|e| refused("get the order", e))
    }

    /// Create a simple product
    #[action(name = "Create Product", category = "Products", icon = "plus")]
    async fn create_product(&self, input: CreateProductInput) -> Result<Value> {
        let name = input.name.trim();
        if name.is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be empty"));
        }
        let mut body = Map::new();
        body.insert("name".into(), json!(name));
        body.insert("type".into(), json!("simple"));
        if let Some(description) = filled(input.description.as_ref()) {
            body.insert("description".into(), json!(description));
        }
        if let Some(price) = input.price {
            body.insert("regular_price".into(), json!(amount("price", price)?));
        }
        if let Some(sku) = filled(input.sku.as_ref()) {
            body.insert("sku".into(), json!(sku));
        }
        if let Some(inventory) = input.inventory {
            let units = whole("inventory", inventory)?;
            if units < 0 {
                return Err(ConnectorError::invalid_input("`inventory` cannot be negative"));
            }
            body.insert("manage_stock".into(), json!(true));
            body.insert("stock_quantity".into(), json!(units));
        }
        if let Some(images) = &input.images {
            let images: Vec<Value> = images.iter().map(image).collect::<Result<_>>()?;
            if !images.is_empty() {
                body.insert("images".into(), Value::Array(images));
            }
        }
        if let Some(category) = filled(input.category.as_ref()) {
            body.insert("categories".into(), self.category_ref(category).await?);
        }
        self.http.post("/products").json(&body).send_json().await.map_err(|e| refused("create the product", e))
    }

    /// Create a customer
    #[action(name = "Create Customer", category = "Customers", icon = "user-plus")]
    async fn create_customer(&self, input: CreateCustomerInput) -> Result<Value> {
        let email = input.email.trim();
        if email.is_empty() || !email.contains('@') {
            return Err(ConnectorError::invalid_input(format!("`email` must be an email address, not `{email}`")));
        }
        let mut body = Map::new();
        body.insert("email".into(), json!(email));
        if let Some(first) = filled(input.first_name.as_ref()) {
            body.insert("first_name".into(), json!(first));
        }
        if let Some(last) = filled(input.last_name.as_ref()) {
            body.insert("last_name".into(), json!(last));
        }
        if let Some(phone) = filled(input.phone.as_ref()) {
            body.insert("billing".into(), json!({ "phone": phone }));
        }
        self.http.post("/customers").json(&body).send_json().await.map_err(|e| refused("create the customer", e))
    }

    /// Create an order
    #[action(name = "Create Order", category = "Orders", icon = "shopping-cart")]
    async fn create_order(&self, input: CreateOrderInput) -> Result<Value> {
        if input.items.is_empty() {
            return Err(ConnectorError::invalid_input("`items` needs at least one line item"));
        }
        let items: Vec<Value> =
            input.items.iter().enumerate().map(|(i, item)| line_item(i, item)).collect::<Result<_>>()?;
        let mut body = Map::new();
        if let Some(customer) = filled(input.customer_id.as_ref()) {
            body.insert("customer_id".into(), json!(numeric_id("customerId", customer)?));
        }
        body.insert("line_items".into(), Value::Array(items));
        self.http.post("/orders").json(&body).send_json().await.map_err(|e| refused("create the order", e))
    }

    /// Set, increase or decrease a product's stock
    ///
    /// `increment` and `decrement` read the current stock, then write the new one: two updates of
    /// the same product at the same instant may overwrite each other. WooCommerce then manages the
    /// product's stock; a product whose stock was not managed counts from 0.
    #[action(name = "Update Stock", category = "Products", icon = "package")]
    async fn update_stock(&self, input: UpdateStockInput) -> Result<Value> {
        let id = numeric_id("productId", &input.product_id)?;
        let quantity = whole("quantity", input.quantity)?;
        if quantity < 0 {
            return Err(ConnectorError::invalid_input("`quantity` cannot be negative: choose `decrement` instead"));
        }
        let path = format!("/products/{id}");
        let operation = input.operation.unwrap_or(UpdateStockInputOperation::Set);
        let stock = match operation {
            UpdateStockInputOperation::Set => quantity,
            UpdateStockInputOperation::Increment | UpdateStockInputOperation::Decrement => {
                let product: Value =
                    self.http.get(&path).send_json().await.map_err(|e| refused("get the product", e))?;
                let current = product["stock_quantity"].as_f64().map_or(0, |q| q as i64);
                match operation {
                    UpdateStockInputOperation::Increment => current + quantity,
                    _ => current - quantity,
                }
            }
        };
        let body = json!({ "manage_stock": true, "stock_quantity": stock });
        self.http.put(&path).json(&body).send_json().await.map_err(|e| refused("update the stock", e))
    }

    /// Create a coupon
    #[action(name = "Create Coupon", category = "Coupons", icon = "tag")]
    async fn create_coupon(&self, input: CreateCouponInput) -> Result<Value> {
        let code = input.code.trim();
        if code.is_empty() {
            return Err(ConnectorError::invalid_input("`code` cannot be empty"));
        }
        let value = amount("value", input.value)?;
        let discount_type = match input.r#type {
            CreateCouponInputType::Percentage if input.value > 100.0 => {
                return Err(ConnectorError::invalid_input("a `percentage` coupon's `value` cannot exceed 100"));
            }
            CreateCouponInputType::Percentage => "percent",
            CreateCouponInputType::FixedAmount => "fixed_cart",
        };
        let mut body = json!({ "code": code, "discount_type": discount_type, "amount": value });
        if let Some(description) = filled(input.description.as_ref()) {
            body["description"] = json!(description);
        }
        self.http.post("/coupons").json(&body).send_json().await.map_err(|e| refused("create the coupon", e))
    }

    /// Create a product category
    #[action(name = "Create Category", category = "Products", icon = "folder-plus")]
    async fn create_category(&self, input: CreateCategoryInput) -> Result<Value> {
        let name = input.name.trim();
        if name.is_empty() {
            return Err(ConnectorError::invalid_input("`name` cannot be empty"));
        }
        let mut body = json!({ "name": name });
        if let Some(description) = filled(input.description.as_ref()) {
            body["description"] = json!(description);
        }
        if let Some(parent) = filled(input.parent_id.as_ref()) {
            body["parent"] = json!(numeric_id("parentId", parent)?);
        }
        self.http
            .post("/products/categories")
            .json(&body)
            .send_json()
            .await
            .map_err(|e| refused("create the category", e))
    }

    /// An order was placed
    #[trigger(name = "Order Created", webhook, subscribe = subscribe_order_created)]
    async fn order_created(&self, _config: OrderCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        Self::delivery("order.created", &request)
    }

    /// An order was changed (its status, items, addresses, ...)
    #[trigger(name = "Order Updated", webhook, subscribe = subscribe_order_updated)]
    async fn order_updated(&self, _config: OrderUpdatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        Self::delivery("order.updated", &request)
    }

    /// A product was created
    #[trigger(name = "Product Created", webhook, subscribe = subscribe_product_created)]
    async fn product_created(&self, _config: ProductCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        Self::delivery("product.created", &request)
    }

    /// A customer was created
    #[trigger(name = "Customer Created", webhook, subscribe = subscribe_customer_created)]
    async fn customer_created(&self, _config: CustomerCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        Self::delivery("customer.created", &request)
    }

    /// A coupon was created
    #[trigger(name = "Coupon Created", webhook, subscribe = subscribe_coupon_created)]
    async fn coupon_created(&self, _config: CouponCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        Self::delivery("coupon.created", &request)
    }

    /// Registers the `order.created` webhook of `order_created`.
    async fn subscribe_order_created(
        &self,
        _config: OrderCreatedConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("order.created", context).await
    }

    /// Registers the `order.updated` webhook of `order_updated`.
    async fn subscribe_order_updated(
        &self,
        _config: OrderUpdatedConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("order.updated", context).await
    }

    /// Registers the `product.created` webhook of `product_created`.
    async fn subscribe_product_created(
        &self,
        _config: ProductCreatedConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("product.created", context).await
    }

    /// Registers the `customer.created` webhook of `customer_created`.
    async fn subscribe_customer_created(
        &self,
        _config: CustomerCreatedConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("customer.created", context).await
    }

    /// Registers the `coupon.created` webhook of `coupon_created`.
    async fn subscribe_coupon_created(
        &self,
        _config: CouponCreatedConfig,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.ensure_webhook("coupon.created", context).await
    }

    /// Deletes a subscription's webhook for good; one the store no longer has (404) is already gone.
    async fn delete_webhook<C>(&self, _config: C, subscription: Subscription) -> Result<()> {
        let path = format!("/webhooks/{}", path_segment(&subscription.upstream_id));
        match self.http.delete(&path).query(&json!({ "force": true })).send().await {
            Ok(_) => Ok(()),
            Err(error) if error.code == ErrorCode::NotFound => Ok(()),
            Err(error) => Err(refused("delete the webhook", error)),
        }
    }

    /// Lists one order: proves the store answers and the key may read it.
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/orders").query(&json!({ "per_page": 1 })).send().await.map(drop)
    }
}
