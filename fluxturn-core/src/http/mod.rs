//! `Http`: the one client every connector talks to its API through. The framework builds it
//! from the connector's declarations (base URL, auth method, rate limits) and the user's
//! credentials, so no connector writes an auth header, a retry loop or a rate limiter.
//!
//! A connection's client is `Http::new(ctx.http_config()?)`: the context side
//! ([`ConnectContext::http_config`](crate::ConnectContext::http_config)) resolves what the
//! connector declared into an [`HttpConfig`]; this module knows nothing of connectors.
//!
//! One concern per module:
//!
//! - `client`: the [`Http`] client of one instance and its construction;
//! - `config`: what it is built from ([`HttpConfig`], [`HttpOptions`]), everything resolved;
//! - `auth`: the [`WireAuth`] resolved from the declared auth method and the credentials, and
//!   the [`TokenRefresher`] that replaces a rejected OAuth2 token;
//! - `placeholders`: [`fill_placeholders`] and [`path_segment`] for URLs;
//! - `request`: the [`Request`] builder and its send/retry loop;
//! - `body`: JSON, form (bracket notation) and multipart ([`Part`]) bodies, query pairs;
//! - `response`: the successful [`Response`];
//! - `failure`: a failed attempt classified into a [`ConnectorError`](crate::ConnectorError);
//! - `retry`: [`RetryPolicy`] and which failures are retried;
//! - `site_address`: [`https_site_address`], a self-hosted site's address checked before it
//!   becomes a host;
//! - `rate_limit`, `redact`, `pagination`: client-side limits, secrets kept out of every
//!   message, and [`collect_pages`] for the common pagination styles.

mod auth;
mod body;
mod client;
mod config;
mod failure;
mod pagination;
mod placeholders;
mod rate_limit;
mod redact;
mod request;
mod response;
mod retry;
mod site_address;

pub use auth::{TokenRefresher, WireAuth};
pub use body::Part;
pub use client::Http;
pub use config::{HttpConfig, HttpOptions};
pub use pagination::{collect_pages, next_link, Page};
pub use placeholders::{fill_placeholders, path_segment};
pub use request::Request;
pub use response::Response;
pub use retry::RetryPolicy;
pub use site_address::https_site_address;
