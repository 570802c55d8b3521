//! Procedural macros of the FluxTurn connector framework. Use them through `fluxturn_core`
//! (`use fluxturn_core::prelude::*;`); each macro documents its keys below.
//!
//! Each macro is a small compiler: `parse` reads the attributes into the resolved `model`
//! (one key table per attribute, slots that reject repeats, enums for fixed sets, every default
//! settled), `validate` records the mistakes that relate several keys or items, each on its
//! token, and `expand` writes thin code calling `fluxturn_core`. After an error, placeholder
//! impls (`expand::dummy`) keep one mistake to one message.

mod attr;
mod checks;
mod doc;
mod errors;
mod expand;
mod model;
mod parse;
mod validate;

use errors::Errors;
use expand::Paths;
use proc_macro::TokenStream;

/// Declares a connector on its struct and implements `ConnectorSpec` (definition, connect).
///
/// The struct's fields are built from the connection: an `Http` field is the framework's
/// client (base URL, auth, retries, rate limits), a credentials type is read from the stored
/// credentials. The doc comment's first paragraph is the description, the rest the long one (kept in
/// `META.long_description`: FluxTurn's definition has no key for it).
///
/// | key | value | default |
/// |---|---|---|
/// | `name` | snake_case connector name, e.g. `"acme"` | required |
/// | `display_name` | name shown to users | the title-cased name |
/// | `category` | one of FluxTurn's 20: `ai`, `analytics`, `cms`, `communication`, `crm`, `data_processing`, `database`, `development`, `ecommerce`, `finance`, `forms`, `infrastructure`, `marketing`, `productivity`, `project_management`, `social`, `storage`, `support`, `utility`, `video` | required |
/// | `description` | one sentence | the doc comment's first paragraph |
/// | `base_url` | absolute http(s) URL; `{credentialKey}` placeholders are filled from the credentials | none |
/// | `icon` | SVG path relative to the crate root, embedded at compile time | none |
/// | `rate_limit(...)` | `requests_per_second`, `requests_per_minute`, `requests_per_hour` = positive integers | none |
/// | `auth` | `none`; `api_key(header = "..", prefix = "..")`, `api_key(query = "..")` or `api_key(url)`, each with `field = ".."` (default `apiKey`); `bearer_token(field = "..")` (default `token`); `basic_auth(username = "..", password = "..")` (defaults `username`, `password`); `oauth2(authorization_url = "..", token_url = "..", scopes = [..], pkce)`, or `oauth2(provider = "google", scopes = [..])` for a shared provider of `fluxturn_core::auth::providers` (its endpoints, PKCE and authorization parameters, one OAuth app for all its connectors); `custom` (the connector signs in itself with its credential fields, over a protocol of its own: SMTP, IMAP); several as `[bearer_token, oauth2(..)]` | `none` |
/// | `credentials` | the type deriving `Credentials` | `NoCredentials` |
/// | `webhook_support` | `true`/`false` | whether a trigger is a webhook |
/// | `test_endpoint` | a path GET by "Test connection" when no method is `#[test_connection]` | none |
/// | `headers(...)` | `Header_Name = "value"` sent with every request (`_` becomes `-`) | none |
/// | `crate` | path of `fluxturn_core` when the dependency is renamed | `::fluxturn_core` |
///
/// ```
/// use fluxturn_core::prelude::*;
///
/// /// Send messages through Acme.
/// #[connector(
///     name = "acme",
///     category = "communication",
///     base_url = "https://api.acme.example/v1",
///     rate_limit(requests_per_minute = 60),
///     auth = api_key(header = "Authorization", prefix = "Bearer "),
///     credentials = AcmeCredentials,
/// )]
/// pub struct Acme {
///     http: Http,
/// }
///
/// #[derive(Credentials)]
/// pub struct AcmeCredentials {
///     /// Settings > API in your Acme dashboard.
///     #[field(label = "API Key", secret)]
///     api_key: Secret<String>,
/// }
///
/// #[actions]
/// impl Acme {}
///
/// let definition = Acme::definition();
/// assert_eq!(definition.display_name, "Acme");
/// assert_eq!(definition.auth_fields[0].key, "apiKey");
/// ```
#[proc_macro_attribute]
pub fn connector(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let original: proc_macro2::TokenStream = item.clone().into();
    let model = match parse::connector::parse(args.into(), item.into(), &mut errors) {
        Ok(model) => model,
        Err(error) => {
            errors.push(error);
            let dummy = syn::parse2::<syn::ItemStruct>(original.clone())
                .map(|s| expand::dummy::connector_spec(&Paths::new(None), &s.ident))
                .ok();
            return with_errors(quote::quote!(#original #dummy), &errors);
        }
    };
    validate::connector(&model, &mut errors);
    if !errors.is_empty() {
        let item = &model.item;
        let dummy = expand::dummy::connector_spec(&Paths::new(model.krate.as_ref()), &item.ident);
        return with_errors(quote::quote!(#item #dummy), &errors);
    }
    expand::connector::expand(&model).into()
}

/// Collects a connector's `#[action]`, `#[trigger]` and `#[test_connection]` methods and
/// implements `Connector` (the dispatch) and the action and trigger definitions.
///
/// Every method is `async fn name(&self, ...)`. A method's doc comment is its description
/// (first paragraph) and long description (the rest). `#[actions(crate = "...")]` names
/// `fluxturn_core` when the dependency is renamed.
///
/// `#[action(...)]` on `async fn m(&self, input: In) -> Result<Out>` (`In` derives
/// `Deserialize`, `JsonSchema`, `Input`; `Out` derives `Serialize`, `JsonSchema`; the input may
/// be left out):
///
/// | key | value | default |
/// |---|---|---|
/// | `id` | snake_case id | the method name |
/// | `legacy_id` | an id existing workflows use, kept verbatim (exempt from snake_case) | none |
/// | `aliases` | `["old_id", "oldId"]`: other ids existing workflows (FluxTurn's templates) call the action by, kept verbatim. The definition lists them (`aliases`), `ConnectorDefinition::find_action` finds the action by them, and a workflow node naming one runs this action. Each names this action only: not its own id, not another action's id, not listed twice in the block | none |
/// | `name` | name shown to users | the title-cased id |
/// | `description` | what it does | the doc comment's first paragraph |
/// | `category`, `icon` | group and icon in the action picker | none |
/// | `idempotent` | flag: repeating the action cannot repeat its effect | not idempotent |
/// | `http(...)` | a declarative action without a body: `method = "GET"` (`POST`, `PUT`, `PATCH`, `DELETE`), `endpoint = "/x/{inputField}"`, `headers(Name = "..")`, `param_mapping(field = "upstreamName")`, `body = "json"` (`"form"`, `"query"`) | none |
///
/// `#[trigger(...)]`: `id`, `aliases` (checked against the block's triggers; found by
/// `find_trigger`), `name`, `description`, `icon` as above; `event_type` (default the
/// id); exactly one kind: `webhook` (`async fn m(&self, config: C, request: WebhookRequest) ->
/// Result<Vec<Event>>`, or `Result<WebhookReply<Event>>` to answer the provider), `polling`
/// (`async fn m(&self, config: C, cursor: Option<serde_json::Value>) -> Result<Polled<Event>>`)
/// or `gateway = open` (a handler shaped like a webhook's, fed each message of the long-lived
/// connection that `async fn open(&self, triggers: &[&str]) -> Result<GatewayConnection>` opens;
/// the server opens one per connection for all registered triggers naming the same method, see
/// `fluxturn_core::gateway`). A gateway trigger may declare `event_id` as `"body:/<pointer>"` or
/// `"/<pointer>"`; nothing else below applies to it. A webhook trigger may also declare:
///
/// | key | value |
/// |---|---|
/// | `verify` | the provider's signature scheme, checked over the raw body before the method runs: `"slack_v0"`, `"stripe"`, `"github"`, `"twilio"`, `"telegram"`, `"discord_ed25519"`, `"airtable"`, `"url_token"` (the secret travels as the webhook URL's `token` query parameter, for providers that sign nothing), `"shopify"`, `"woocommerce"`, `"clickup"`, `"zoom_v0"`, `"hubspot_v3"`, `"meta"`, `"asana"` (the secret comes in the handshake Asana makes while the webhook is created), `"trello"`, `"sendgrid"` (ECDSA, the secret is the verification key) (needs `secret`) |
/// | `secret` | where the scheme's secret is: `"config.<field>"` (a field of `C`, checked at compile time), `"credentials.<key>"` (a credential key, checked too) or `"generated"` (made or returned at subscription) |
/// | `event_id` | what identifies a redelivery: `"header:<name>"`, `"body:/<json pointer>"`, `"form:<parameter>"` (one id per delivery) or `"/<json pointer>"` into each event (the only form a polling trigger takes) |
/// | `subscribe` | a method of the same block, `async fn s(&self, config: C, context: SubscribeContext) -> Result<Subscription>`, that registers the webhook at the provider (needs `unsubscribe`) |
/// | `unsubscribe` | `async fn u(&self, config: C, subscription: Subscription) -> Result<()>`, that removes it |
/// | `refresh` | `async fn r(&self, config: C, subscription: Subscription) -> Result<Subscription>`, that renews a subscription before its `expires_at` (needs `subscribe`) |
/// | `endpoint` | `"registration"` (the default: each registration has its own URL) or `"connection"`: the provider keeps one webhook URL per connection (a Telegram bot, a Slack app, a Discord application), so the connection's registrations share one URL (`/api/v1/webhooks/{connector}/{connection id}`), one subscription and one secret, and every delivery reaches each of them |
///
/// `#[actions(webhooks(...))]` takes the same seven keys once for the whole block: every webhook
/// trigger of the block that does not give a key itself takes it from there (one provider signs
/// every delivery the same way), e.g. `#[actions(webhooks(verify = "stripe", secret = "generated",
/// event_id = "body:/id", unsubscribe = delete_endpoint))]`.
///
/// `#[test_connection]` (no keys) on `async fn m(&self) -> Result<T>`: the "Test connection"
/// call; without one, "Test connection" GETs `test_endpoint`, and answers `not_supported` when
/// the connector declares none.
///
/// ```
/// use fluxturn_core::prelude::*;
///
/// /// Greets people.
/// #[connector(name = "greeter", category = "utility", base_url = "https://greet.example")]
/// pub struct Greeter {
///     http: Http,
/// }
///
/// #[derive(Deserialize, Serialize, JsonSchema, Input)]
/// pub struct Greet {
///     /// Who to greet
///     name: String,
/// }
///
/// #[derive(Serialize, Deserialize, JsonSchema)]
/// pub struct Greeting {
///     text: String,
/// }
///
/// #[actions]
/// impl Greeter {
///     /// Greets someone, here.
///     ///
///     /// The greeting is built locally; nothing is sent.
///     #[action]
///     async fn greet(&self, input: Greet) -> Result<Greeting> {
///         Ok(Greeting { text: format!("Hello, {}!", input.name) })
///     }
///
///     /// Greets someone through the API.
///     #[action(http(method = "POST", endpoint = "/greetings"), idempotent)]
///     async fn send_greeting(&self, input: Greet) -> Result<Greeting>;
/// }
///
/// let actions = Greeter::definition().supported_actions;
/// assert_eq!((actions[0].id.as_str(), actions[0].name.as_str()), ("greet", "Greet"));
/// assert_eq!(actions[0].long_description.as_deref(), Some("The greeting is built locally; nothing is sent."));
/// assert_eq!(actions[1].api.as_ref().unwrap().endpoint, "/greetings");
/// ```
#[proc_macro_attribute]
pub fn actions(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let original: proc_macro2::TokenStream = item.clone().into();
    let model = match parse::actions::parse(args.into(), item.into(), &mut errors) {
        Ok(model) => model,
        Err(error) => {
            errors.push(error);
            let dummy = syn::parse2::<syn::ItemImpl>(original.clone())
                .map(|i| expand::dummy::actions(&Paths::new(None), &i.self_ty))
                .ok();
            return with_errors(quote::quote!(#dummy), &errors);
        }
    };
    validate::actions(&model, &mut errors);
    if !errors.is_empty() {
        // The impl block without our attributes, and placeholder impls, so the errors above
        // are the only ones.
        let item = &model.item;
        let dummy = expand::dummy::actions(&Paths::new(model.krate.as_ref()), &item.self_ty);
        return with_errors(quote::quote!(#item #dummy), &errors);
    }
    expand::actions::expand(&model).into()
}

/// Derives `fluxturn_core::Input` for an action's input (or a trigger's configuration): each
/// field's serialized name (after serde's `rename_all`/`rename`) and its `#[field(...)]` hints,
/// which become the form in the definition's `inputSchema`.
///
/// A field's doc comment is its description (first paragraph) and help text (the rest).
///
/// | `#[field(...)]` key | value |
/// |---|---|
/// | `label`, `placeholder`, `description`, `help_url`, `help_text` | text shown in the form |
/// | `aliases` | `["channel", "chat_id"]`: other names existing workflows give the field, kept verbatim; listed as the field's `aliases` in `inputSchema`, and a workflow's parameter under one is read as this field (`fluxturn_core::FieldAliases`; the field's own name wins). Not another field's name, nor listed twice |
/// | `default` | a literal (`"text"`, `1`, `-1.5`, `true`) |
/// | `input_type` | the widget, e.g. `"textarea"` |
/// | `field_type` | overrides the type derived from the Rust type, e.g. `"url"` |
/// | `min`, `max`, `step` | numbers |
/// | `min_length`, `max_length` | integers |
/// | `pattern` | a regular expression |
/// | `show(field = [values])`, `hide(field = [values])` | conditional display |
///
/// `#[fluxturn(crate = "...")]` on the struct names `fluxturn_core` when it is renamed.
///
/// ```
/// use fluxturn_core::prelude::*;
///
/// #[derive(Deserialize, JsonSchema, Input)]
/// #[serde(rename_all = "camelCase")]
/// pub struct SendMessage {
///     /// Where to post
///     #[field(label = "Channel", placeholder = "#general")]
///     channel_id: String,
///     /// The message.
///     ///
///     /// Markdown is allowed.
///     #[field(input_type = "textarea", max_length = 4000)]
///     text: String,
/// }
///
/// use fluxturn_core::Input;
/// assert_eq!(SendMessage::FIELDS, &["channelId", "text"]);
/// let text = &SendMessage::hints()[1];
/// assert_eq!((text.description, text.help_text), (Some("The message."), Some("Markdown is allowed.")));
/// ```
#[proc_macro_derive(Input, attributes(field, fluxturn))]
pub fn derive_input(item: TokenStream) -> TokenStream {
    derive_fields(item, parse::fields::Derive::Input)
}

/// Derives `fluxturn_core::Credentials` for a connector's credentials: the auth fields of its
/// "Add connection" form (keys camelCase unless `key = ".."`) and the reading of each stored
/// value. A field is required unless its type is `Option<_>` or it is marked `optional`.
///
/// A field that belongs to one auth method is shown only when the method is chosen:
/// `show(authType = ["oauth2"])` becomes its `displayOptions` (`{"authType": ["oauth2"]}`). Such a
/// field may be absent, so its type is an `Option<_>`; mark it `required` to require it whenever
/// it is shown. Credentials that choose another method need no value for it.
///
/// | `#[field(...)]` key | value |
/// |---|---|
/// | `key` | the stored key (default: the field name in camelCase) |
/// | `label`, `placeholder`, `description`, `help_url`, `help_text` | text shown in the form |
/// | `default` | a literal |
/// | `field_type` | e.g. `"url"`, `"select"` |
/// | `pattern` | a regular expression |
/// | `secret` | flag: a password field, encrypted and masked (`Secret<_>` implies it) |
/// | `optional` | flag: not required |
/// | `show(field = [values])` | shown (and, if `required`, required) only when each field holds one of its values |
/// | `required` | flag, on an `Option<_>` field with `show(...)`: required whenever it is shown |
///
/// ```
/// use fluxturn_core::prelude::*;
///
/// #[derive(Credentials)]
/// pub struct ShopCredentials {
///     /// Your shop's domain, e.g. `acme.myshop.example`.
///     #[field(label = "Shop domain")]
///     shop_domain: String,
///     #[field(label = "Access token", secret)]
///     access_token: Secret<String>,
/// }
///
/// assert_eq!(<ShopCredentials as fluxturn_core::Credentials>::KEYS, &["shopDomain", "accessToken"]);
///
/// /// How the user signs in.
/// #[derive(Deserialize, JsonSchema)]
/// pub enum SignIn {
///     /// A personal token
///     #[serde(rename = "token")]
///     Token,
///     /// OAuth2
///     #[serde(rename = "oauth2")]
///     OAuth2,
/// }
///
/// #[derive(Credentials)]
/// pub struct HubCredentials {
///     #[field(label = "Sign in with")]
///     auth_type: SignIn,
///     /// With OAuth2, the server stores the token it obtains.
///     #[field(label = "Token", secret, required, show(authType = ["token"]))]
///     access_token: Option<Secret<String>>,
/// }
///
/// use fluxturn_core::Credentials as _;
/// let values = |v: serde_json::Value| v.as_object().cloned().unwrap();
/// assert!(HubCredentials::from_values(&values(serde_json::json!({"authType": "oauth2"}))).is_ok());
/// let error = HubCredentials::from_values(&values(serde_json::json!({"authType": "token"}))).err().unwrap();
/// assert_eq!(error.message, "missing required credential field `accessToken`");
/// ```
#[proc_macro_derive(Credentials, attributes(field, fluxturn))]
pub fn derive_credentials(item: TokenStream) -> TokenStream {
    derive_fields(item, parse::fields::Derive::Credentials)
}

fn derive_fields(item: TokenStream, derive: parse::fields::Derive) -> TokenStream {
    let mut errors = Errors::default();
    let input = match syn::parse::<syn::DeriveInput>(item) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error().into(),
    };
    let dummy = |krate: Option<&syn::Path>, input: &syn::DeriveInput| match derive {
        parse::fields::Derive::Input => expand::dummy::input(&Paths::new(krate), input),
        parse::fields::Derive::Credentials => expand::dummy::credentials(&Paths::new(krate), input),
    };
    let model = match parse::fields::parse(input.clone(), derive, &mut errors) {
        Ok(model) => model,
        Err(error) => {
            errors.push(error);
            return with_errors(dummy(None, &input), &errors);
        }
    };
    let what = if derive == parse::fields::Derive::Input { "input field" } else { "auth field" };
    validate::fields(&model, what, &mut errors);
    if derive == parse::fields::Derive::Credentials {
        validate::credential_fields(&model, &mut errors);
    }
    if !errors.is_empty() {
        let dummy = (!model.serde_broken).then(|| dummy(model.krate.as_ref(), &input));
        return with_errors(quote::quote!(#dummy), &errors);
    }
    match derive {
        parse::fields::Derive::Input => expand::fields::expand_input(&model).into(),
        parse::fields::Derive::Credentials => expand::fields::expand_credentials(&model).into(),
    }
}

/// The one list of connectors (in `connectors/src/lib.rs`): generates the `ConnectorType`
/// enum, the `registry()`, `CONNECTOR_FILES` (each entry's module path as a file,
/// `category/file.rs`) and a compile-time check that no two connectors share a name. Each entry is
/// `category::file::Type`: `category` a module beside the list, `file` a module of it (or a
/// connector crate re-exported there, as in `connectors/src/lib.rs`), in plain Rust, so rustfmt,
/// clippy and rust-analyzer see every connector file. An optional
/// leading `crate = "...";` names `fluxturn_core` when it is renamed.
///
/// ```ignore
/// pub mod communication {
///     pub mod acme;
/// }
///
/// fluxturn_core::connectors! {
///     communication::acme::Acme,
/// }
/// ```
/// (`connectors/src/lib.rs` is the compiled example.)
#[proc_macro]
pub fn connectors(input: TokenStream) -> TokenStream {
    match syn::parse::<parse::list::ConnectorList>(input) {
        Ok(list) => expand::list::expand(&list).into(),
        Err(error) => error.to_compile_error().into(),
    }
}

fn with_errors(item: proc_macro2::TokenStream, errors: &Errors) -> TokenStream {
    let errors = errors.to_compile_errors();
    quote::quote!(#item #errors).into()
}
