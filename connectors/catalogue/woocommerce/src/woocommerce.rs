use fluxturn_core::prelude::*;
use serde_json::Value;

/// WooCommerce: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/woocommerce.json`.
#[connector(
    name = "woocommerce",
    display_name = "WooCommerce",
    category = "ecommerce",
    // The API's base URL: replace this example.
    base_url = "https://api.woocommerce.example",
    icon = "icons/woocommerce.svg",
    auth = basic_auth(username = "username", password = "password"),
    credentials = WoocommerceCredentials,
)]
pub struct Woocommerce {
    http: Http,
}

/// What the user enters in the "Add WooCommerce" form.
#[derive(Credentials)]
pub struct WoocommerceCredentials {
    /// Username
    #[field(key = "username", label = "Username")]
    pub username: String,
    /// Password
    #[field(key = "password", label = "Password", secret)]
    pub password: Secret<String>,
    /// Domain
    #[field(key = "domain", label = "Domain")]
    pub domain: String,
}

/// The input of `get_order`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetOrderInput {
    /// Order Id
    #[field(label = "Order Id")]
    #[serde(rename = "orderId")]
    pub order_id: String,
}

/// The input of `create_product`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateProductInput {
    /// Category
    #[field(label = "Category")]
    pub category: Option<String>,
    /// Description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Images
    #[field(label = "Images")]
    pub images: Option<Vec<Value>>,
    /// Inventory
    #[field(label = "Inventory")]
    pub inventory: Option<f64>,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Price
    #[field(label = "Price")]
    pub price: Option<f64>,
    /// Sku
    #[field(label = "Sku")]
    pub sku: Option<String>,
}

/// The input of `create_customer`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCustomerInput {
    /// Email
    #[field(label = "Email", input_type = "email")]
    pub email: String,
    /// First Name
    #[field(label = "First Name")]
    #[serde(rename = "firstName")]
    pub first_name: Option<String>,
    /// Last Name
    #[field(label = "Last Name")]
    #[serde(rename = "lastName")]
    pub last_name: Option<String>,
    /// Phone
    #[field(label = "Phone")]
    pub phone: Option<String>,
}

/// The input of `create_order`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateOrderInput {
    /// Customer Id
    #[field(label = "Customer Id")]
    #[serde(rename = "customerId")]
    pub customer_id: Option<String>,
    /// Items
    #[field(label = "Items")]
    pub items: Vec<Value>,
}

/// The choices of `operation`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum UpdateStockInputOperation {
    /// set
    #[serde(rename = "set")]
    Set,
    /// increment
    #[serde(rename = "increment")]
    Increment,
    /// decrement
    #[serde(rename = "decrement")]
    Decrement,
}

/// The input of `update_stock`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateStockInput {
    /// Operation
    #[field(label = "Operation", default = "set")]
    pub operation: Option<UpdateStockInputOperation>,
    /// Product Id
    #[field(label = "Product Id")]
    #[serde(rename = "productId")]
    pub product_id: String,
    /// Quantity
    #[field(label = "Quantity")]
    pub quantity: f64,
}

/// The choices of `type`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateCouponInputType {
    /// percentage
    #[serde(rename = "percentage")]
    Percentage,
    /// fixed_amount
    #[serde(rename = "fixed_amount")]
    FixedAmount,
}

/// The input of `create_coupon`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCouponInput {
    /// Code
    #[field(label = "Code")]
    pub code: String,
    /// Description
    #[field(label = "Description")]
    pub description: Option<String>,
    /// Type
    #[field(label = "Type")]
    pub r#type: CreateCouponInputType,
    /// Value
    #[field(label = "Value")]
    pub value: f64,
}

/// The input of `create_category`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateCategoryInput {
    /// Description
    #[field(label = "Description")]
    pub description: Option<String>,
    /// Name
    #[field(label = "Name")]
    pub name: String,
    /// Parent Id
    #[field(label = "Parent Id")]
    #[serde(rename = "parentId")]
    pub parent_id: Option<String>,
}

/// The configuration of `order_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OrderCreatedConfig {}

/// The configuration of `order_updated`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct OrderUpdatedConfig {}

/// The configuration of `product_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct ProductCreatedConfig {}

/// The configuration of `customer_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CustomerCreatedConfig {}

/// The configuration of `coupon_created`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CouponCreatedConfig {}

#[actions]
impl Woocommerce {
    /// Get Order
    #[action(name = "Get Order")]
    async fn get_order(&self, _input: GetOrderInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_order` is not written yet"))
    }

    /// Create Product
    #[action(name = "Create Product")]
    async fn create_product(&self, _input: CreateProductInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_product` is not written yet"))
    }

    /// Create Customer
    #[action(name = "Create Customer")]
    async fn create_customer(&self, _input: CreateCustomerInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_customer` is not written yet"))
    }

    /// Create Order
    #[action(name = "Create Order")]
    async fn create_order(&self, _input: CreateOrderInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_order` is not written yet"))
    }

    /// Update Stock
    #[action(name = "Update Stock")]
    async fn update_stock(&self, _input: UpdateStockInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`update_stock` is not written yet"))
    }

    /// Create Coupon
    #[action(name = "Create Coupon")]
    async fn create_coupon(&self, _input: CreateCouponInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_coupon` is not written yet"))
    }

    /// Create Category
    #[action(name = "Create Category")]
    async fn create_category(&self, _input: CreateCategoryInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_category` is not written yet"))
    }

    /// Order Created
    #[trigger(name = "Order Created", webhook)]
    async fn order_created(&self, _config: OrderCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Order Updated
    #[trigger(name = "Order Updated", webhook)]
    async fn order_updated(&self, _config: OrderUpdatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Product Created
    #[trigger(name = "Product Created", webhook)]
    async fn product_created(&self, _config: ProductCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Customer Created
    #[trigger(name = "Customer Created", webhook)]
    async fn customer_created(&self, _config: CustomerCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
        // Each delivery is one event, as sent. Filter it by the configuration and shape it here, and
        // declare how deliveries are verified (`verify = "...", secret = ...` in #[trigger]).
        Ok(vec![request.json()?])
    }

    /// Coupon Created
    #[trigger(name = "Coupon Created", webhook)]
    async fn coupon_created(&self, _config: CouponCreatedConfig, request: WebhookRequest) -> Result<Vec<Value>> {
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
