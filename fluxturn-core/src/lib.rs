//! # fluxturn-core
//!
//! The FluxTurn connector framework. A connector author writes one annotated file; the macros
//! re-exported here generate its definition (the JSON the frontend reads), its input schemas,
//! its dispatch and its registration.
//!
//! ```
//! use fluxturn_core::prelude::*;
//!
//! /// Says hello.
//! #[connector(name = "hello", category = "utility")]
//! pub struct Hello;
//!
//! #[derive(Deserialize, Serialize, JsonSchema, Input)]
//! pub struct Greet {
//!     /// Who to greet
//!     #[field(label = "Name", placeholder = "World")]
//!     name: String,
//! }
//!
//! #[derive(Serialize, JsonSchema)]
//! pub struct Greeting {
//!     text: String,
//! }
//!
//! #[actions]
//! impl Hello {
//!     /// Greets someone
//!     #[action(id = "greet")]
//!     async fn greet(&self, input: Greet) -> Result<Greeting> {
//!         Ok(Greeting { text: format!("Hello, {}!", input.name) })
//!     }
//! }
//!
//! let definition = Hello::definition();
//! assert_eq!(definition.supported_actions[0].id, "greet");
//! assert_eq!(definition.supported_actions[0].input_schema["name"].label.as_deref(), Some("Name"));
//! # let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let hello = ConnectContext::new(Default::default()).connect::<Hello>().unwrap();
//! let out = rt.block_on(hello.execute("greet", serde_json::json!({"name": "Ada"}))).unwrap();
//! assert_eq!(out["text"], "Hello, Ada!");
//! ```

pub mod auth;
pub mod category;
pub mod connect;
pub mod connector;
pub mod declared;
pub mod definition;
pub mod error;
pub mod fields;
pub mod gateway;
pub mod http;
pub mod meta;
pub mod prepared_http;
pub mod registry;
pub mod runtime;
pub mod schema;
mod secret;
#[cfg(feature = "testing")]
pub mod testing;
pub mod webhook;

/// The connector authoring guide, `docs/authoring.md`: every Rust block in it is compiled and run
/// as a doctest of this crate (`cargo test -p fluxturn-core --doc`).
#[cfg(doctest)]
#[doc = include_str!("../../docs/authoring.md")]
pub mod authoring_guide {}

pub use auth::{AuthMethod, KeyPlacement};
pub use category::ConnectorCategory;
pub use connect::ConnectContext;
pub use connector::{Connector, ConnectorSpec, Polled};
pub use definition::*;
pub use error::{ConnectorError, ErrorCode, Result};
pub use fields::{Credentials, FieldHints, FromContext, Input, NoCredentials, NoInput};
pub use fluxturn_macros::{actions, connector, connectors, Credentials, Input};
pub use http::{Http, HttpConfig, HttpOptions, Part, Request, Response, RetryPolicy, TokenRefresher};
pub use prepared_http::{PrepareHttp, PreparedHttp};
pub use registry::{ConnectorEntry, Registry};
pub use runtime::{decode_json, FieldError};
pub use secret::Secret;
pub use webhook::{
    EventId, SecretSource, SignatureScheme, SubscribeContext, Subscription, WebhookReply, WebhookRequest,
    WebhookResponse,
};

/// A boxed, sendable future: what the object-safe [`Connector`] methods and a
/// [`TokenRefresher`] return.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// What a connector file imports: `use fluxturn_core::prelude::*;`.
pub mod prelude {
    pub use crate::{
        actions, connector, gateway::GatewayConnection, ConnectContext, Connector, ConnectorError, ConnectorSpec,
        Credentials, ErrorCode, Http, Input, Polled, PrepareHttp, PreparedHttp, Result, Secret, SubscribeContext,
        Subscription, WebhookReply, WebhookRequest, WebhookResponse,
    };
    pub use schemars::JsonSchema;
    pub use serde::{Deserialize, Serialize};
}

/// Paths the generated code uses, so connector crates need not depend on serde_json or schemars.
#[doc(hidden)]
pub mod __private {
    pub use crate::declared::{run_declared, HasHttp};
    pub use crate::fields::{FieldHints, Literal};
    pub use crate::meta::{
        action_definition, build_definition, trigger_definition, ActionMeta, ApiMeta, ConnectorMeta, RateLimitMeta,
        TriggerMeta,
    };
    pub use crate::runtime::*;
    pub use schemars;
    pub use serde;
    pub use serde_json;
    pub use std::boxed::Box;
    pub use std::option::Option::{self, None, Some};
    pub use std::result::Result::{Err, Ok};
    pub use std::string::String;
    pub use std::vec::Vec;

    /// Reads one credential field: a missing or blank field that these values require (see
    /// [`AuthField::is_required_for`](crate::AuthField::is_required_for)) names its key.
    pub fn credential_field<T: serde::de::DeserializeOwned>(
        values: &serde_json::Map<String, serde_json::Value>,
        field: &crate::AuthField,
    ) -> crate::Result<T> {
        let key = field.key.as_str();
        let value = match values.get(key) {
            Some(serde_json::Value::String(s)) if s.trim().is_empty() => serde_json::Value::Null,
            Some(value) => value.clone(),
            None => serde_json::Value::Null,
        };
        if value.is_null() && field.is_required_for(values) {
            return Err(crate::ConnectorError::invalid_credentials(format!(
                "missing required credential field `{key}`"
            ))
            .with_details(serde_json::json!({ "field": key })));
        }
        serde_json::from_value(value).map_err(|e| {
            // serde's message may quote the value, which may be a secret: keep only its class.
            let class = if e.is_data() { "has the wrong type" } else { "is malformed" };
            crate::ConnectorError::invalid_credentials(format!("credential field `{key}` {class}"))
                .with_details(serde_json::json!({ "field": key }))
        })
    }

    /// One auth field of the credentials form, from the field's type and hints.
    pub fn auth_field<T: schemars::JsonSchema>(hints: &FieldHints, required: bool) -> crate::AuthField {
        let schema = crate::schema::json_schema_for::<T>(crate::schema::Direction::Deserialize, &[]);
        let field = crate::schema::input_field(hints.name, &schema, required);
        let secret = hints.secret || schema.get("writeOnly") == Some(&serde_json::Value::Bool(true));
        crate::AuthField {
            key: hints.name.to_owned(),
            label: hints.label.map(str::to_owned).or(field.label).unwrap_or_default(),
            field_type: if secret {
                "password".into()
            } else {
                hints.field_type.map(str::to_owned).unwrap_or(field.field_type)
            },
            required,
            placeholder: hints.placeholder.map(str::to_owned),
            description: hints.description.map(str::to_owned).or(field.description),
            help_url: hints.help_url.map(str::to_owned),
            help_text: hints.help_text.map(str::to_owned),
            default: hints.default.map(Literal::to_json),
            options: field.options,
            display_options: crate::schema::show_conditions(hints),
        }
    }
}
