//! [`PreparedHttp`]: an [`Http`] client built after the connector checked or rewrote its
//! connection, for services whose host comes from what the user typed (a shop's name, a store's
//! address, an API key's data center).

use crate::{ConnectContext, FromContext, Http, Result};
use std::marker::PhantomData;

/// What a connector checks or rewrites in its connection before its [`Http`] client is built:
/// a credential that fills the base URL (so a token is only ever sent to the service's own
/// hosts), or the base URL itself.
pub trait PrepareHttp: 'static {
    /// The context the client is built from: `ctx` with its credentials checked and normalised
    /// (see [`ConnectContext::map_credential`]) or pointed at another host. An error here is the
    /// connection's error, so it says which field is wrong and what it must look like.
    fn prepare(ctx: ConnectContext) -> Result<ConnectContext>;
}

/// An [`Http`] client built from the context [`P::prepare`](PrepareHttp::prepare) returns; it
/// derefs to [`Http`], so a connector field of this type is used like `Http`.
///
/// ```
/// use fluxturn_core::prelude::*;
///
/// /// Refuses any host but a shop's own.
/// pub enum Shop {}
///
/// impl PrepareHttp for Shop {
///     fn prepare(ctx: ConnectContext) -> Result<ConnectContext> {
///         ctx.map_credential("shop", |typed| {
///             let name = typed.trim().to_ascii_lowercase();
///             if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !name.is_empty() {
///                 Ok(name)
///             } else {
///                 Err(ConnectorError::invalid_credentials("`shop` must be the shop's name"))
///             }
///         })
///     }
/// }
///
/// #[derive(Credentials)]
/// pub struct ShopCredentials {
///     #[field(key = "shop", label = "Shop")]
///     pub shop: String,
/// }
///
/// /// A shop.
/// #[connector(name = "shop", category = "ecommerce", base_url = "https://{shop}.shops.example",
///             credentials = ShopCredentials)]
/// pub struct ShopConnector { http: PreparedHttp<Shop> }
///
/// #[actions]
/// impl ShopConnector {}
///
/// let mut values = serde_json::Map::new();
/// values.insert("shop".into(), " My-Shop ".into());
/// let shop: ShopConnector = ConnectContext::new(values.clone()).connect().unwrap();
/// assert_eq!(shop.http_client().unwrap().base_url(), "https://my-shop.shops.example");
///
/// values.insert("shop".into(), "evil.example/x?".into());
/// let refused = ConnectContext::new(values).connect::<ShopConnector>().err().unwrap();
/// assert_eq!(refused.code, ErrorCode::InvalidCredentials);
/// ```
pub struct PreparedHttp<P> {
    http: Http,
    prepared_by: PhantomData<fn() -> P>,
}

impl<P: PrepareHttp> FromContext for PreparedHttp<P> {
    /// Runs [`P::prepare`](PrepareHttp::prepare) on a copy of the context, then builds the client.
    fn from_context(ctx: &ConnectContext) -> Result<Self> {
        let http = Http::from_context(&P::prepare(ctx.clone())?)?;
        Ok(Self { http, prepared_by: PhantomData })
    }
}

impl<P> std::ops::Deref for PreparedHttp<P> {
    type Target = Http;
    fn deref(&self) -> &Http {
        &self.http
    }
}

impl<P> AsRef<Http> for PreparedHttp<P> {
    fn as_ref(&self) -> &Http {
        &self.http
    }
}
