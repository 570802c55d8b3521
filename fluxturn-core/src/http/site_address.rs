//! [`https_site_address`]: a self-hosted site's address (a WordPress blog, a WooCommerce store)
//! from what the user typed, checked before it becomes the host credentials are sent to.

/// The address as a base URL takes it after `https://`: the lower-case host, the port if any,
/// and the path of a site installed in a sub-folder, without a trailing slash; any of
/// `api_suffixes` the user pasted (`/wp-json/wc/v3`, `/wp-json`) is dropped.
///
/// `https://` is assumed when no scheme is given; `http://` is refused, because the site's
/// credentials (basic auth, API keys) would travel in clear text. The error is the reason, for
/// the connector to put in a message naming its field.
///
/// ```
/// use fluxturn_core::http::https_site_address;
///
/// assert_eq!(https_site_address(" https://Example.com/blog/wp-json/ ", &["/wp-json"]).unwrap(), "example.com/blog");
/// assert!(https_site_address("http://example.com", &[]).unwrap_err().contains("HTTPS"));
/// ```
pub fn https_site_address(typed: &str, api_suffixes: &[&str]) -> Result<String, String> {
    let typed = typed.trim();
    let lower = typed.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &typed["https://".len()..]
    } else if lower.starts_with("http://") {
        return Err("plain `http://` is refused: the credentials are only sent over HTTPS, never in clear text".into());
    } else if lower.contains("://") {
        return Err("the only scheme accepted is `https://`".into());
    } else {
        typed
    };
    let mut address = rest.trim_end_matches('/');
    for suffix in api_suffixes {
        if address.to_ascii_lowercase().ends_with(&suffix.to_ascii_lowercase()) {
            address = address[..address.len() - suffix.len()].trim_end_matches('/');
        }
    }
    if address.is_empty() {
        return Err("it is empty".into());
    }
    if address.chars().any(|c| c.is_whitespace() || matches!(c, '?' | '#' | '@' | '{' | '}' | '\\')) {
        return Err("it holds a space, `?`, `#`, `@`, `\\` or a brace".into());
    }
    let parsed = reqwest::Url::parse(&format!("https://{address}")).map_err(|e| e.to_string())?;
    let Some(host) = parsed.host_str().filter(|h| !h.is_empty()) else {
        return Err("it has no host".into());
    };
    let mut normalised = host.to_ascii_lowercase();
    if let Some(port) = parsed.port() {
        normalised.push_str(&format!(":{port}"));
    }
    normalised.push_str(parsed.path().trim_end_matches('/'));
    Ok(normalised)
}
