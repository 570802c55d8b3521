//! Filling `{name}` placeholders in base URLs and endpoints, and escaping a value so that it
//! stays one path segment.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What a path segment escapes: everything but RFC 3986's unreserved characters.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Replaces each `{name}` with `value(name)`; `Err(name)` for the first one without a value.
///
/// ```
/// let token = |name: &str| (name == "token").then(|| "1:a".to_owned());
/// assert_eq!(fluxturn_core::http::fill_placeholders("/bot{token}/getMe", token).as_deref(), Ok("/bot1:a/getMe"));
/// ```
pub fn fill_placeholders(
    template: &str,
    mut value: impl FnMut(&str) -> Option<String>,
) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        let name = &rest[start + 1..start + len];
        out.push_str(&value(name).ok_or_else(|| name.to_owned())?);
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `text` escaped for use as one URL path segment (`a/b c` → `a%2Fb%20c`): what declarative
/// endpoints do with `{placeholders}`, for method bodies that build paths themselves.
///
/// ```
/// assert_eq!(fluxturn_core::http::path_segment("cus_1 a/b"), "cus_1%20a%2Fb");
/// ```
pub fn path_segment(text: &str) -> String {
    utf8_percent_encode(text, PATH_SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_from_values() {
        let filled = fill_placeholders("https://api.telegram.org/bot{botToken}", |k| {
            (k == "botToken").then(|| "123:abc".into())
        });
        assert_eq!(filled.unwrap(), "https://api.telegram.org/bot123:abc");
        assert_eq!(fill_placeholders("/x/{id}", |_| None), Err("id".to_owned()));
    }

    #[test]
    fn path_segments_keep_only_unreserved_characters() {
        assert_eq!(path_segment("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(path_segment("a/b c?d#e"), "a%2Fb%20c%3Fd%23e");
    }
}
