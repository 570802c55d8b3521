use fluxturn_core::prelude::*;
use serde_json::Value;

/// Shopify: its actions and triggers
///
/// Started with `fluxturn new connector --from-compat /work/shared/reference/fluxturn-compat/shopify.json`.
#[connector(
    name = "shopify",
    display_name = "Shopify",
    category = "ecommerce",
    // The API's base URL: replace this example.
    base_url = "https://api.shopify.example",
    icon = "icons/shopify.svg",
    // Where the key goes: a header (with a prefix), `query = "key"`, or `url` for a base_url placeholder.
    auth = api_key(header = "Authorization", prefix = "Bearer ", field = "accessToken"),
    credentials = ShopifyCredentials,
)]
pub struct Shopify {
    http: Http,
}

/// What the user enters in the "Add Shopify" form.
#[derive(Credentials)]
pub struct ShopifyCredentials {
    /// Auth Type (FluxTurn's form has a select here: give it an enum of its choices)
    #[field(key = "authType", label = "Auth Type")]
    pub auth_type: String,
    /// Shop Subdomain
    #[field(key = "shopSubdomain", label = "Shop Subdomain")]
    pub shop_subdomain: String,
    /// Access Token
    #[field(key = "accessToken", label = "Access Token", secret)]
    pub access_token: Secret<String>,
    /// App Secret Key
    #[field(key = "appSecretKey", label = "App Secret Key", secret)]
    pub app_secret_key: Secret<String>,
}

/// The choices of `publishedStatus`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllProductsInputPublishedStatus {
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
pub struct GetAllProductsInput {
    /// Collection Id
    #[field(label = "Collection Id")]
    #[serde(rename = "collectionId")]
    pub collection_id: Option<String>,
    /// Created At Max
    #[field(label = "Created At Max")]
    #[serde(rename = "createdAtMax")]
    pub created_at_max: Option<String>,
    /// Created At Min
    #[field(label = "Created At Min")]
    #[serde(rename = "createdAtMin")]
    pub created_at_min: Option<String>,
    /// Fields
    #[field(label = "Fields")]
    pub fields: Option<String>,
    /// Handle
    #[field(label = "Handle")]
    pub handle: Option<String>,
    /// Ids
    #[field(label = "Ids")]
    pub ids: Option<String>,
    /// Limit
    #[field(label = "Limit", default = 50)]
    pub limit: Option<f64>,
    /// Product Type
    #[field(label = "Product Type")]
    #[serde(rename = "productType")]
    pub product_type: Option<String>,
    /// Published Status
    #[field(label = "Published Status", default = "any")]
    #[serde(rename = "publishedStatus")]
    pub published_status: Option<GetAllProductsInputPublishedStatus>,
    /// Return All
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
    /// Title
    #[field(label = "Title")]
    pub title: Option<String>,
    /// Vendor
    #[field(label = "Vendor")]
    pub vendor: Option<String>,
}

/// The choices of `financialStatus`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum CreateOrderInputFinancialStatus {
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
pub struct CreateOrderInput {
    /// Email
    #[field(label = "Email")]
    pub email: Option<String>,
    /// Financial Status
    #[field(label = "Financial Status")]
    #[serde(rename = "financialStatus")]
    pub financial_status: Option<CreateOrderInputFinancialStatus>,
    /// Line Items
    #[field(label = "Line Items")]
    #[serde(rename = "lineItems")]
    pub line_items: Vec<Value>,
    /// Note
    #[field(label = "Note")]
    pub note: Option<String>,
    /// Send Receipt
    #[field(label = "Send Receipt", default = false)]
    #[serde(rename = "sendReceipt")]
    pub send_receipt: Option<bool>,
}

/// The input of `get_order`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetOrderInput {
    /// Fields
    #[field(label = "Fields")]
    pub fields: Option<String>,
    /// Order Id
    #[field(label = "Order Id")]
    #[serde(rename = "orderId")]
    pub order_id: String,
}

/// The choices of `financialStatus`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllOrdersInputFinancialStatus {
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

/// The choices of `fulfillmentStatus`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllOrdersInputFulfillmentStatus {
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

/// The choices of `status`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub enum GetAllOrdersInputStatus {
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

/// The input of `get_all_orders`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetAllOrdersInput {
    /// Financial Status
    #[field(label = "Financial Status")]
    #[serde(rename = "financialStatus")]
    pub financial_status: Option<GetAllOrdersInputFinancialStatus>,
    /// Fulfillment Status
    #[field(label = "Fulfillment Status")]
    #[serde(rename = "fulfillmentStatus")]
    pub fulfillment_status: Option<GetAllOrdersInputFulfillmentStatus>,
    /// Limit
    #[field(label = "Limit", default = 50)]
    pub limit: Option<f64>,
    /// Return All
    #[field(label = "Return All", default = false)]
    #[serde(rename = "returnAll")]
    pub return_all: Option<bool>,
    /// Status
    #[field(label = "Status")]
    pub status: Option<GetAllOrdersInputStatus>,
}

/// The input of `update_order`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateOrderInput {
    /// Email
    #[field(label = "Email")]
    pub email: Option<String>,
    /// Note
    #[field(label = "Note")]
    pub note: Option<String>,
    /// Order Id
    #[field(label = "Order Id")]
    #[serde(rename = "orderId")]
    pub order_id: String,
    /// Tags
    #[field(label = "Tags")]
    pub tags: Option<String>,
}

/// The input of `delete_order`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteOrderInput {
    /// Order Id
    #[field(label = "Order Id")]
    #[serde(rename = "orderId")]
    pub order_id: String,
}

/// The input of `create_product`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct CreateProductInput {
    /// Body Html
    #[field(label = "Body Html")]
    #[serde(rename = "bodyHtml")]
    pub body_html: Option<String>,
    /// Product Type
    #[field(label = "Product Type")]
    #[serde(rename = "productType")]
    pub product_type: Option<String>,
    /// Tags
    #[field(label = "Tags")]
    pub tags: Option<String>,
    /// Title
    #[field(label = "Title")]
    pub title: String,
    /// Vendor
    #[field(label = "Vendor")]
    pub vendor: Option<String>,
}

/// The input of `get_product`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct GetProductInput {
    /// Fields
    #[field(label = "Fields")]
    pub fields: Option<String>,
    /// Product Id
    #[field(label = "Product Id")]
    #[serde(rename = "productId")]
    pub product_id: String,
}

/// The input of `update_product`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct UpdateProductInput {
    /// Body Html
    #[field(label = "Body Html")]
    #[serde(rename = "bodyHtml")]
    pub body_html: Option<String>,
    /// Product Id
    #[field(label = "Product Id")]
    #[serde(rename = "productId")]
    pub product_id: String,
    /// Product Type
    #[field(label = "Product Type")]
    #[serde(rename = "productType")]
    pub product_type: Option<String>,
    /// Tags
    #[field(label = "Tags")]
    pub tags: Option<String>,
    /// Title
    #[field(label = "Title")]
    pub title: Option<String>,
    /// Vendor
    #[field(label = "Vendor")]
    pub vendor: Option<String>,
}

/// The input of `delete_product`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
pub struct DeleteProductInput {
    /// Product Id
    #[field(label = "Product Id")]
    #[serde(rename = "productId")]
    pub product_id: String,
}

#[actions]
impl Shopify {
    /// Get All Products
    #[action(name = "Get All Products")]
    async fn get_all_products(&self, _input: GetAllProductsInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_all_products` is not written yet"))
    }

    /// Create Order
    #[action(name = "Create Order")]
    async fn create_order(&self, _input: CreateOrderInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_order` is not written yet"))
    }

    /// Get Order
    #[action(name = "Get Order")]
    async fn get_order(&self, _input: GetOrderInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_order` is not written yet"))
    }

    /// Get All Orders
    #[action(name = "Get All Orders")]
    async fn get_all_orders(&self, _input: GetAllOrdersInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_all_orders` is not written yet"))
    }

    /// Update Order
    #[action(name = "Update Order")]
    async fn update_order(&self, _input: UpdateOrderInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`update_order` is not written yet"))
    }

    /// Delete Order
    #[action(name = "Delete Order")]
    async fn delete_order(&self, _input: DeleteOrderInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`delete_order` is not written yet"))
    }

    /// Create Product
    #[action(name = "Create Product")]
    async fn create_product(&self, _input: CreateProductInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`create_product` is not written yet"))
    }

    /// Get Product
    #[action(name = "Get Product")]
    async fn get_product(&self, _input: GetProductInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`get_product` is not written yet"))
    }

    /// Update Product
    #[action(name = "Update Product")]
    async fn update_product(&self, _input: UpdateProductInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`update_product` is not written yet"))
    }

    /// Delete Product
    #[action(name = "Delete Product")]
    async fn delete_product(&self, _input: DeleteProductInput) -> Result<Value> {
        // The compat file gives no usable method and endpoint: call the API here with `self.http`.
        Err(ConnectorError::new(ErrorCode::NotSupported, "`delete_product` is not written yet"))
    }

    /// A cheap call that proves the credentials work (replace `/me` with such an endpoint of the API)
    #[test_connection]
    async fn check_credentials(&self) -> Result<()> {
        self.http.get("/me").send().await.map(drop)
    }
}
