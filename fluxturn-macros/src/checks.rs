//! Checks shared by several attributes: names, URLs, placeholders.

/// Whether `s` is snake_case: lower-case ASCII letters, digits and single underscores,
/// starting with a letter.
pub fn is_snake_case(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !s.contains("__")
        && !s.ends_with('_')
}

/// `SendMessage` / `send-message` / `sendMessage` → `send_message`.
pub fn to_snake_case(s: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            previous_lower = true;
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
            previous_lower = false;
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// `api_key` → `apiKey`.
pub fn to_camel_case(s: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in s.trim_start_matches("r#").chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `send_message` → `Send Message`.
pub fn title_case(s: &str) -> String {
    s.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `{name}` placeholders of a template, in order.
pub fn placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        names.push(rest[start + 1..start + len].to_owned());
        rest = &rest[start + len + 1..];
    }
    names
}

/// Why `text` is not an absolute http(s) URL, if it is not (placeholders allowed).
pub fn url_problem(text: &str) -> Option<String> {
    let filled = placeholders(text).iter().fold(text.to_owned(), |t, p| t.replace(&format!("{{{p}}}"), "x"));
    match url::Url::parse(&filled) {
        Err(e) => Some(format!("it is not an absolute URL ({e})")),
        Ok(url) if !matches!(url.scheme(), "http" | "https") => {
            Some(format!("its scheme is `{}`, not http or https", url.scheme()))
        }
        Ok(url) if url.host_str().is_none_or(str::is_empty) => Some("it has no host".to_owned()),
        Ok(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_snake_case("send_message"));
        assert!(!is_snake_case("SendMessage"));
        assert!(!is_snake_case("send__message"));
        assert_eq!(to_snake_case("SendMessage"), "send_message");
        assert_eq!(to_snake_case("send-message"), "send_message");
        assert_eq!(to_camel_case("api_key"), "apiKey");
        assert_eq!(title_case("send_message"), "Send Message");
    }

    #[test]
    fn urls() {
        assert_eq!(url_problem("https://api.telegram.org/bot{botToken}"), None);
        assert!(url_problem("/v1").is_some());
        assert!(url_problem("ftp://x.com").is_some());
    }

    #[test]
    fn placeholders_in_order() {
        assert_eq!(placeholders("/a/{x}/b/{y}"), vec!["x", "y"]);
    }
}
