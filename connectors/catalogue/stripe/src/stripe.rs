use fluxturn_core::http::path_segment;
use fluxturn_core::prelude::*;
use fluxturn_core::NoInput;
use std::collections::BTreeMap;

/// Take payments and manage customers, cards and charges with Stripe
#[connector(
    name = "stripe",
    display_name = "Stripe",
    category = "ecommerce",
    base_url = "https://api.stripe.com",
    rate_limit(requests_per_second = 100),
    icon = "icons/stripe.svg",
    auth = api_key(header = "Authorization", prefix = "Bearer ", field = "secretKey"),
    credentials = StripeCredentials,
    webhook_support = true,
    test_endpoint = "/v1/balance",
)]
pub struct Stripe {
    http: Http,
}

/// The secret key of a Stripe account.
#[derive(Credentials)]
pub struct StripeCredentials {
    /// Your secret API key, from the Stripe Dashboard under Developers > API keys
    #[field(
        label = "Secret Key",
        placeholder = "sk_live_...",
        secret,
        help_url = "https://dashboard.stripe.com/apikeys"
    )]
    pub secret_key: Secret<String>,
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// A postal address, as Stripe stores it on customers.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct Address {
    /// Street address, first line
    pub line1: Option<String>,
    /// Street address, second line (apartment, suite...)
    pub line2: Option<String>,
    /// City or locality
    pub city: Option<String>,
    /// State, county, province or region
    pub state: Option<String>,
    /// ZIP or postal code
    pub postal_code: Option<String>,
    /// Two-letter country code (ISO 3166-1 alpha-2)
    pub country: Option<String>,
}

/// The input of `customer_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct CreateCustomer {
    /// The customer's full name or business name
    #[field(label = "Name", placeholder = "Jenny Rosen")]
    pub name: String,
    /// The customer's email address
    #[field(label = "Email", placeholder = "jenny@example.com", input_type = "email")]
    pub email: Option<String>,
    /// The customer's phone number
    #[field(label = "Phone", placeholder = "+15555550123")]
    pub phone: Option<String>,
    /// An arbitrary note shown in the Dashboard
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// The customer's postal address
    #[field(label = "Address")]
    pub address: Option<Address>,
}

/// The input of actions that name one customer.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomerRef {
    /// The id of the customer (`cus_...`)
    #[field(label = "Customer ID", placeholder = "cus_...")]
    pub customer_id: String,
}

/// The input of `customer_getAll`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct ListCustomers {
    /// How many customers to return (1 to 100)
    #[field(label = "Limit", default = 10, min = 1, max = 100)]
    pub limit: Option<u32>,
    /// Only customers with exactly this email address
    #[field(label = "Email", input_type = "email")]
    pub email: Option<String>,
}

/// The input of `customer_update`: only the fields given are changed.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCustomer {
    /// The id of the customer to update (`cus_...`)
    #[field(label = "Customer ID", placeholder = "cus_...")]
    pub customer_id: String,
    /// The new name
    #[field(label = "Name")]
    pub name: Option<String>,
    /// The new email address
    #[field(label = "Email", input_type = "email")]
    pub email: Option<String>,
    /// The new phone number
    #[field(label = "Phone")]
    pub phone: Option<String>,
    /// The new description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
}

/// A currency Stripe charges in.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Currency {
    /// US Dollar
    Usd,
    /// Euro
    Eur,
    /// British Pound
    Gbp,
    /// Canadian Dollar
    Cad,
    /// Australian Dollar
    Aud,
    /// Japanese Yen
    Jpy,
}

/// The input of `charge_create`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCharge {
    /// The amount in the smallest currency unit (cents for USD: 1000 is $10.00; yen for JPY)
    #[field(label = "Amount", placeholder = "1000", min = 1)]
    pub amount: u64,
    /// The currency of the amount
    #[field(label = "Currency", default = "usd")]
    pub currency: Currency,
    /// The customer to charge (`cus_...`); their default source is used unless one is given
    #[field(label = "Customer ID", placeholder = "cus_...")]
    pub customer: Option<String>,
    /// A payment source to charge: a card or token id (`card_...`, `tok_...`)
    #[field(label = "Source", placeholder = "tok_visa")]
    pub source: Option<String>,
    /// An arbitrary note shown in the Dashboard
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// Where Stripe sends the receipt
    #[field(label = "Receipt Email", input_type = "email")]
    pub receipt_email: Option<String>,
}

/// The input of `charge_get`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChargeRef {
    /// The id of the charge (`ch_...`)
    #[field(label = "Charge ID", placeholder = "ch_...")]
    pub charge_id: String,
}

/// The input of `charge_getAll`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(deny_unknown_fields)]
pub struct ListCharges {
    /// How many charges to return (1 to 100)
    #[field(label = "Limit", default = 10, min = 1, max = 100)]
    pub limit: Option<u32>,
    /// Only the charges of this customer (`cus_...`)
    #[field(label = "Customer ID", placeholder = "cus_...")]
    pub customer: Option<String>,
}

/// The input of `charge_update`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCharge {
    /// The id of the charge to update (`ch_...`)
    #[field(label = "Charge ID", placeholder = "ch_...")]
    pub charge_id: String,
    /// The new description
    #[field(label = "Description", input_type = "textarea")]
    pub description: Option<String>,
    /// The new receipt address; setting it sends a receipt
    #[field(label = "Receipt Email", input_type = "email")]
    pub receipt_email: Option<String>,
}

/// The input of `card_add`.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddCard {
    /// The customer who gets the card (`cus_...`)
    #[field(label = "Customer ID", placeholder = "cus_...")]
    pub customer_id: String,
    /// A card token made by Stripe.js or `token_create` (`tok_...`)
    #[field(label = "Card Token", placeholder = "tok_...")]
    pub token: String,
}

/// The input of actions that name one card of a customer.
#[derive(Debug, Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CardRef {
    /// The customer who owns the card (`cus_...`)
    #[field(label = "Customer ID", placeholder = "cus_...")]
    pub customer_id: String,
    /// The id of the card (`card_...`)
    #[field(label = "Card ID", placeholder = "card_...")]
    pub card_id: String,
}

/// The input of `token_create`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateToken {
    /// The card number, without spaces
    #[field(label = "Card Number", placeholder = "4242424242424242")]
    pub card_number: String,
    /// The expiry month (1 to 12)
    #[field(label = "Expiry Month", min = 1, max = 12)]
    pub exp_month: u8,
    /// The expiry year (four digits)
    #[field(label = "Expiry Year", placeholder = "2030")]
    pub exp_year: u16,
    /// The card security code
    #[field(label = "CVC", placeholder = "123")]
    pub cvc: String,
}

/// The form body of `POST /v1/tokens`: the card's fields nest under `card[...]`.
#[derive(Serialize)]
struct TokenForm<'a> {
    card: CardForm<'a>,
}

/// The `card[...]` part of [`TokenForm`].
#[derive(Serialize)]
struct CardForm<'a> {
    number: &'a str,
    exp_month: u8,
    exp_year: u16,
    cvc: &'a str,
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

/// A page of a Stripe list.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct StripeList<T> {
    /// Always `list`.
    pub object: String,
    /// The items of the page, newest first.
    pub data: Vec<T>,
    /// Whether more items follow this page.
    pub has_more: bool,
    /// The path of the list.
    pub url: Option<String>,
}

/// A Stripe customer.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Customer {
    /// The customer id (`cus_...`).
    pub id: String,
    /// Always `customer`.
    pub object: String,
    /// Full name or business name.
    pub name: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Free-form description.
    pub description: Option<String>,
    /// Postal address.
    pub address: Option<Address>,
    /// Balance in the smallest unit of `currency` (negative: credit).
    pub balance: Option<i64>,
    /// The default currency, once the customer has been charged.
    pub currency: Option<String>,
    /// The id of the default payment source.
    pub default_source: Option<String>,
    /// Whether the latest invoice is past due.
    pub delinquent: Option<bool>,
    /// Creation time, Unix seconds.
    pub created: Option<i64>,
    /// Whether this is live (not test) data.
    pub livemode: Option<bool>,
    /// Key-value pairs attached to the customer.
    pub metadata: Option<BTreeMap<String, String>>,
}

/// A charge of a card or other payment source.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Charge {
    /// The charge id (`ch_...`, or `py_...`).
    pub id: String,
    /// Always `charge`.
    pub object: String,
    /// The amount in the smallest currency unit.
    pub amount: i64,
    /// The amount captured so far.
    pub amount_captured: Option<i64>,
    /// The amount refunded so far.
    pub amount_refunded: Option<i64>,
    /// Three-letter currency code, lower case.
    pub currency: String,
    /// The customer charged, if any.
    pub customer: Option<String>,
    /// Free-form description.
    pub description: Option<String>,
    /// Where the receipt was sent.
    pub receipt_email: Option<String>,
    /// The receipt's web page.
    pub receipt_url: Option<String>,
    /// `succeeded`, `pending` or `failed`.
    pub status: Option<String>,
    /// Whether the charge succeeded or was authorized.
    pub paid: Option<bool>,
    /// Whether the charge was captured.
    pub captured: Option<bool>,
    /// Whether the charge was fully refunded.
    pub refunded: Option<bool>,
    /// Why the charge failed, as a code (`card_declined`...).
    pub failure_code: Option<String>,
    /// Why the charge failed, in words.
    pub failure_message: Option<String>,
    /// The payment intent the charge belongs to.
    pub payment_intent: Option<String>,
    /// The payment method charged.
    pub payment_method: Option<String>,
    /// Creation time, Unix seconds.
    pub created: Option<i64>,
    /// Whether this is live (not test) data.
    pub livemode: Option<bool>,
    /// Key-value pairs attached to the charge.
    pub metadata: Option<BTreeMap<String, String>>,
}

/// A card saved on a customer, or inside a token.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Card {
    /// The card id (`card_...`).
    pub id: String,
    /// Always `card`.
    pub object: String,
    /// `Visa`, `MasterCard`, `American Express`...
    pub brand: Option<String>,
    /// The last four digits.
    pub last4: Option<String>,
    /// Expiry month.
    pub exp_month: Option<u8>,
    /// Expiry year.
    pub exp_year: Option<u16>,
    /// `credit`, `debit`, `prepaid` or `unknown`.
    pub funding: Option<String>,
    /// Two-letter country code of the issuer.
    pub country: Option<String>,
    /// Cardholder name.
    pub name: Option<String>,
    /// The customer owning the card.
    pub customer: Option<String>,
    /// Identifies the card number across customers.
    pub fingerprint: Option<String>,
    /// Result of the CVC check: `pass`, `fail`, `unavailable` or `unchecked`.
    pub cvc_check: Option<String>,
}

/// A single-use token standing for a card.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Token {
    /// The token id (`tok_...`), to pass as `source` or card `token`.
    pub id: String,
    /// Always `token`.
    pub object: String,
    /// What the token stands for: `card`, `bank_account`...
    #[serde(rename = "type")]
    pub token_type: Option<String>,
    /// The card, for card tokens.
    pub card: Option<Card>,
    /// Whether the token was already used.
    pub used: Option<bool>,
    /// Creation time, Unix seconds.
    pub created: Option<i64>,
    /// Whether this is live (not test) data.
    pub livemode: Option<bool>,
}

/// What Stripe answers when it deletes an object.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Deleted {
    /// The id of the deleted object.
    pub id: String,
    /// Its type: `customer`, `card`...
    pub object: Option<String>,
    /// Always `true`.
    pub deleted: bool,
}

/// One amount of a balance, in one currency.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct BalanceAmount {
    /// The amount in the smallest currency unit.
    pub amount: i64,
    /// Three-letter currency code, lower case.
    pub currency: String,
}

/// The account's balance.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Balance {
    /// Always `balance`.
    pub object: String,
    /// Funds available to pay out, per currency.
    pub available: Vec<BalanceAmount>,
    /// Funds not yet available, per currency.
    pub pending: Vec<BalanceAmount>,
    /// Whether this is the live (not test) balance.
    pub livemode: Option<bool>,
}

/// The last error of a payment intent.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct PaymentError {
    /// The error code (`card_declined`...).
    pub code: Option<String>,
    /// The issuer's decline code, for card declines.
    pub decline_code: Option<String>,
    /// What went wrong, in words.
    pub message: Option<String>,
    /// The error type (`card_error`...).
    #[serde(rename = "type")]
    pub error_type: Option<String>,
}

/// A payment intent: one payment through its whole life.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct PaymentIntent {
    /// The payment intent id (`pi_...`).
    pub id: String,
    /// Always `payment_intent`.
    pub object: String,
    /// The amount to collect, in the smallest currency unit.
    pub amount: i64,
    /// The amount collected.
    pub amount_received: Option<i64>,
    /// Three-letter currency code, lower case.
    pub currency: String,
    /// The paying customer, if any.
    pub customer: Option<String>,
    /// Free-form description.
    pub description: Option<String>,
    /// `succeeded`, `requires_payment_method`, `processing`...
    pub status: Option<String>,
    /// Where the receipt was sent.
    pub receipt_email: Option<String>,
    /// The payment method used or tried.
    pub payment_method: Option<String>,
    /// The latest charge made for it.
    pub latest_charge: Option<String>,
    /// Why the last attempt failed.
    pub last_payment_error: Option<PaymentError>,
    /// Creation time, Unix seconds.
    pub created: Option<i64>,
    /// Whether this is live (not test) data.
    pub livemode: Option<bool>,
    /// Key-value pairs attached to the payment intent.
    pub metadata: Option<BTreeMap<String, String>>,
}

// ---------------------------------------------------------------------------------------------
// Webhook events
// ---------------------------------------------------------------------------------------------

/// A Stripe event as posted to a webhook endpoint, with the object it is about.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct StripeEvent<T> {
    /// The event id (`evt_...`).
    pub id: String,
    /// The event type (`charge.succeeded`...).
    #[serde(rename = "type")]
    pub event_type: String,
    /// When the event happened, Unix seconds.
    pub created: Option<i64>,
    /// Whether it happened in live (not test) mode.
    pub livemode: Option<bool>,
    /// The API version the payload is rendered in.
    pub api_version: Option<String>,
    /// The object the event is about.
    pub data: EventData<T>,
}

/// The `data` of a [`StripeEvent`].
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct EventData<T> {
    /// The object as it is after the event.
    pub object: T,
}

/// Just the type of an event, read before decoding the object it carries.
#[derive(Deserialize)]
struct EventType {
    #[serde(rename = "type")]
    event_type: String,
}

/// The events of `request` whose type is `wanted`: Stripe posts one event per request, and an
/// endpoint subscribed to several types gets them all, so the others are skipped.
fn events_of_type<T: serde::de::DeserializeOwned>(
    request: &WebhookRequest,
    wanted: &str,
) -> Result<Vec<StripeEvent<T>>> {
    let EventType { event_type } = request.json()?;
    if event_type != wanted {
        return Ok(Vec::new());
    }
    Ok(vec![request.json()?])
}

// ---------------------------------------------------------------------------------------------
// Actions and triggers
// ---------------------------------------------------------------------------------------------

#[actions(webhooks(verify = "stripe", secret = "generated", event_id = "body:/id", unsubscribe = delete_endpoint))]
impl Stripe {
    /// Create a customer
    #[action(
        name = "Create Customer",
        category = "Customers",
        icon = "user-plus",
        http(method = "POST", endpoint = "/v1/customers", body = "form")
    )]
    async fn customer_create(&self, input: CreateCustomer) -> Result<Customer>;

    /// Get a customer by id
    #[action(
        name = "Get Customer",
        category = "Customers",
        icon = "user",
        http(method = "GET", endpoint = "/v1/customers/{customerId}")
    )]
    async fn customer_get(&self, input: CustomerRef) -> Result<Customer>;

    /// List customers, newest first
    #[action(
        legacy_id = "customer_getAll",
        name = "Get All Customers",
        category = "Customers",
        icon = "users",
        http(method = "GET", endpoint = "/v1/customers")
    )]
    async fn customer_get_all(&self, input: ListCustomers) -> Result<StripeList<Customer>>;

    /// Update a customer's details
    #[action(
        name = "Update Customer",
        category = "Customers",
        icon = "user-check",
        http(method = "POST", endpoint = "/v1/customers/{customerId}", body = "form")
    )]
    async fn customer_update(&self, input: UpdateCustomer) -> Result<Customer>;

    /// Delete a customer for good
    #[action(
        name = "Delete Customer",
        category = "Customers",
        icon = "user-x",
        http(method = "DELETE", endpoint = "/v1/customers/{customerId}")
    )]
    async fn customer_delete(&self, input: CustomerRef) -> Result<Deleted>;

    /// Charge a customer or a payment source
    #[action(
        name = "Create Charge",
        category = "Charges",
        icon = "credit-card",
        http(method = "POST", endpoint = "/v1/charges", body = "form", param_mapping(receiptEmail = "receipt_email"))
    )]
    async fn charge_create(&self, input: CreateCharge) -> Result<Charge>;

    /// Get a charge by id
    #[action(
        name = "Get Charge",
        category = "Charges",
        icon = "credit-card",
        http(method = "GET", endpoint = "/v1/charges/{chargeId}")
    )]
    async fn charge_get(&self, input: ChargeRef) -> Result<Charge>;

    /// List charges, newest first
    #[action(
        legacy_id = "charge_getAll",
        name = "Get All Charges",
        category = "Charges",
        icon = "list",
        http(method = "GET", endpoint = "/v1/charges")
    )]
    async fn charge_get_all(&self, input: ListCharges) -> Result<StripeList<Charge>>;

    /// Update a charge's description or receipt email
    #[action(
        name = "Update Charge",
        category = "Charges",
        icon = "edit",
        http(
            method = "POST",
            endpoint = "/v1/charges/{chargeId}",
            body = "form",
            param_mapping(receiptEmail = "receipt_email")
        )
    )]
    async fn charge_update(&self, input: UpdateCharge) -> Result<Charge>;

    /// Save a tokenized card on a customer
    #[action(
        name = "Add Card to Customer",
        category = "Cards",
        icon = "plus",
        http(
            method = "POST",
            endpoint = "/v1/customers/{customerId}/sources",
            body = "form",
            param_mapping(token = "source")
        )
    )]
    async fn card_add(&self, input: AddCard) -> Result<Card>;

    /// Get a card saved on a customer
    #[action(
        name = "Get Card",
        category = "Cards",
        icon = "credit-card",
        http(method = "GET", endpoint = "/v1/customers/{customerId}/sources/{cardId}")
    )]
    async fn card_get(&self, input: CardRef) -> Result<Card>;

    /// Remove a card from a customer
    #[action(
        name = "Remove Card",
        category = "Cards",
        icon = "trash",
        http(method = "DELETE", endpoint = "/v1/customers/{customerId}/sources/{cardId}")
    )]
    async fn card_remove(&self, input: CardRef) -> Result<Deleted>;

    /// Turn raw card details into a single-use token (needs raw card data access on the account)
    #[action(
        name = "Create Token",
        category = "Tokens",
        icon = "key",
        http(method = "POST", endpoint = "/v1/tokens", body = "form")
    )]
    async fn token_create(&self, input: CreateToken) -> Result<Token> {
        let form = TokenForm {
            card: CardForm {
                number: &input.card_number,
                exp_month: input.exp_month,
                exp_year: input.exp_year,
                cvc: &input.cvc,
            },
        };
        self.http.post("/v1/tokens").form(&form).send_json().await
    }

    /// Get the account's available and pending balance
    #[action(
        name = "Get Balance",
        category = "Balance",
        icon = "dollar-sign",
        http(method = "GET", endpoint = "/v1/balance")
    )]
    async fn balance_get(&self) -> Result<Balance>;

    /// A charge succeeded
    #[trigger(
        event_type = "charge.succeeded",
        icon = "check",
        webhook,
        subscribe = subscribe_charge_succeeded,
    )]
    async fn charge_succeeded(&self, _config: NoInput, request: WebhookRequest) -> Result<Vec<StripeEvent<Charge>>> {
        events_of_type(&request, "charge.succeeded")
    }

    /// A charge attempt failed
    #[trigger(
        event_type = "charge.failed",
        icon = "x",
        webhook,
        subscribe = subscribe_charge_failed,
    )]
    async fn charge_failed(&self, _config: NoInput, request: WebhookRequest) -> Result<Vec<StripeEvent<Charge>>> {
        events_of_type(&request, "charge.failed")
    }

    /// A customer was created
    #[trigger(
        event_type = "customer.created",
        icon = "user-plus",
        webhook,
        subscribe = subscribe_customer_created,
    )]
    async fn customer_created(&self, _config: NoInput, request: WebhookRequest) -> Result<Vec<StripeEvent<Customer>>> {
        events_of_type(&request, "customer.created")
    }

    /// A customer's details changed
    #[trigger(
        event_type = "customer.updated",
        icon = "user-check",
        webhook,
        subscribe = subscribe_customer_updated,
    )]
    async fn customer_updated(&self, _config: NoInput, request: WebhookRequest) -> Result<Vec<StripeEvent<Customer>>> {
        events_of_type(&request, "customer.updated")
    }

    /// A customer was deleted
    #[trigger(
        event_type = "customer.deleted",
        icon = "user-x",
        webhook,
        subscribe = subscribe_customer_deleted,
    )]
    async fn customer_deleted(&self, _config: NoInput, request: WebhookRequest) -> Result<Vec<StripeEvent<Customer>>> {
        events_of_type(&request, "customer.deleted")
    }

    /// A payment intent completed successfully
    #[trigger(
        event_type = "payment_intent.succeeded",
        icon = "check",
        webhook,
        subscribe = subscribe_payment_intent_succeeded,
    )]
    async fn payment_intent_succeeded(
        &self,
        _config: NoInput,
        request: WebhookRequest,
    ) -> Result<Vec<StripeEvent<PaymentIntent>>> {
        events_of_type(&request, "payment_intent.succeeded")
    }

    /// A payment attempt of a payment intent failed
    #[trigger(
        event_type = "payment_intent.payment_failed",
        icon = "x",
        webhook,
        subscribe = subscribe_payment_intent_failed,
    )]
    async fn payment_intent_failed(
        &self,
        _config: NoInput,
        request: WebhookRequest,
    ) -> Result<Vec<StripeEvent<PaymentIntent>>> {
        events_of_type(&request, "payment_intent.payment_failed")
    }

    /// Creates the webhook endpoint of `charge_succeeded`: the `charge.succeeded` event.
    async fn subscribe_charge_succeeded(&self, _config: NoInput, context: SubscribeContext) -> Result<Subscription> {
        self.create_endpoint(context, "charge.succeeded").await
    }

    /// Creates the webhook endpoint of `charge_failed`: the `charge.failed` event.
    async fn subscribe_charge_failed(&self, _config: NoInput, context: SubscribeContext) -> Result<Subscription> {
        self.create_endpoint(context, "charge.failed").await
    }

    /// Creates the webhook endpoint of `customer_created`: the `customer.created` event.
    async fn subscribe_customer_created(&self, _config: NoInput, context: SubscribeContext) -> Result<Subscription> {
        self.create_endpoint(context, "customer.created").await
    }

    /// Creates the webhook endpoint of `customer_updated`: the `customer.updated` event.
    async fn subscribe_customer_updated(&self, _config: NoInput, context: SubscribeContext) -> Result<Subscription> {
        self.create_endpoint(context, "customer.updated").await
    }

    /// Creates the webhook endpoint of `customer_deleted`: the `customer.deleted` event.
    async fn subscribe_customer_deleted(&self, _config: NoInput, context: SubscribeContext) -> Result<Subscription> {
        self.create_endpoint(context, "customer.deleted").await
    }

    /// Creates the webhook endpoint of `payment_intent_succeeded`: the `payment_intent.succeeded` event.
    async fn subscribe_payment_intent_succeeded(
        &self,
        _config: NoInput,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.create_endpoint(context, "payment_intent.succeeded").await
    }

    /// Creates the webhook endpoint of `payment_intent_failed`: the `payment_intent.payment_failed` event.
    async fn subscribe_payment_intent_failed(
        &self,
        _config: NoInput,
        context: SubscribeContext,
    ) -> Result<Subscription> {
        self.create_endpoint(context, "payment_intent.payment_failed").await
    }

    /// Deletes the webhook endpoint of a subscription; one Stripe no longer has (404) is already gone.
    async fn delete_endpoint(&self, _config: NoInput, subscription: Subscription) -> Result<()> {
        let path = format!("/v1/webhook_endpoints/{}", path_segment(&subscription.upstream_id));
        match self.http.delete(&path).send().await {
            Ok(_) => Ok(()),
            Err(error) if error.code == ErrorCode::NotFound => Ok(()),
            Err(error) => Err(refused("delete the webhook endpoint", error)),
        }
    }
}

impl Stripe {
    /// `POST /v1/webhook_endpoints` for `event` to the context's URL. Stripe chooses the signing
    /// secret (`whsec_...`) and shows it only in this answer: it becomes the subscription's secret.
    async fn create_endpoint(&self, context: SubscribeContext, event: &str) -> Result<Subscription> {
        let form = CreateEndpointForm { url: &context.webhook_url, enabled_event: event };
        let request = self.http.post("/v1/webhook_endpoints").form(&form);
        let endpoint: WebhookEndpoint =
            request.send_json().await.map_err(|e| refused("create the webhook endpoint", e))?;
        match endpoint.secret.filter(|s| !s.is_empty()) {
            Some(secret) => {
                Ok(Subscription { upstream_id: endpoint.id, secret: Some(secret), ..Subscription::default() })
            }
            None => {
                // Unusable without its secret: removed rather than left behind (best effort).
                let path = format!("/v1/webhook_endpoints/{}", path_segment(&endpoint.id));
                let _ = self.http.delete(&path).send().await;
                Err(ConnectorError::new(
                    ErrorCode::InvalidResponse,
                    format!("Stripe created webhook endpoint {} without its signing secret", endpoint.id),
                ))
            }
        }
    }
}

/// The form that creates a webhook endpoint for one event.
#[derive(Debug, Serialize)]
struct CreateEndpointForm<'a> {
    url: &'a str,
    #[serde(rename = "enabled_events[]")]
    enabled_event: &'a str,
}

/// A webhook endpoint as Stripe returns it on creation (the parts read here).
#[derive(Debug, Deserialize)]
struct WebhookEndpoint {
    id: String,
    #[serde(default)]
    secret: Option<String>,
}

/// `error`, its message prefixed with what Stripe refused to do.
fn refused(what: &str, mut error: ConnectorError) -> ConnectorError {
    error.message = format!("Stripe refused to {what}: {}", error.message);
    error
}
