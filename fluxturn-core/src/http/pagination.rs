//! Pagination helpers for the common styles: a cursor in the body, a page number, or a `Link`
//! header (RFC 8288) with `rel="next"`.

use crate::Result;
use std::future::Future;

/// One page: its items and where the next one starts (`None`: this was the last).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The cursor, page number or URL of the next page.
    pub next: Option<String>,
}

/// Fetches pages until one has no `next`, `max_items` are collected, or `max_pages` are fetched.
/// `fetch` gets `None` for the first page, then each page's `next`.
///
/// ```
/// use fluxturn_core::http::{collect_pages, Page};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// // Page-number style: pages 1..=3 hold two items each.
/// let items = collect_pages(10, 100, |page| async move {
///     let n: u32 = page.as_deref().unwrap_or("1").parse().unwrap();
///     Ok(Page { items: vec![n * 10, n * 10 + 1], next: (n < 3).then(|| (n + 1).to_string()) })
/// })
/// .await
/// .unwrap();
/// assert_eq!(items, [10, 11, 20, 21, 30, 31]);
/// # });
/// ```
pub async fn collect_pages<T, F, Fut>(max_pages: usize, max_items: usize, mut fetch: F) -> Result<Vec<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    let mut items = Vec::new();
    let mut next = None;
    for _ in 0..max_pages {
        let page = fetch(next.take()).await?;
        items.extend(page.items);
        if items.len() >= max_items {
            items.truncate(max_items);
            break;
        }
        match page.next {
            Some(cursor) if !cursor.is_empty() => next = Some(cursor),
            _ => break,
        }
    }
    Ok(items)
}

/// The `rel="next"` target of a `Link` header value.
///
/// ```
/// let link = r#"<https://api.github.com/repos?page=2>; rel="next", <https://api.github.com/repos?page=5>; rel="last""#;
/// assert_eq!(fluxturn_core::http::next_link(link).as_deref(), Some("https://api.github.com/repos?page=2"));
/// ```
pub fn next_link(link_header: &str) -> Option<String> {
    link_header.split(',').find_map(|link| {
        let mut parts = link.split(';');
        let target = parts.next()?.trim().strip_prefix('<')?.strip_suffix('>')?;
        let is_next = parts.any(|param| {
            let param = param.trim();
            param.strip_prefix("rel=").is_some_and(|rel| rel.trim_matches('"').split_whitespace().any(|r| r == "next"))
        });
        is_next.then(|| target.to_owned())
    })
}
