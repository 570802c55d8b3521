//! Names in the generated code: identifiers made from compat keys and ids.

/// Rust's keywords, which a field named after a compat key must not be.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "gen",
];

/// `idList` → `id_list`, `Content-Type` → `content_type`, `2fa` → `f_2fa`.
pub fn snake(text: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    let out = out.trim_matches('_').to_owned();
    match out.chars().next() {
        None => "field".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("f_{out}"),
        _ => out,
    }
}

/// A snake_case field identifier for `key`, raw (`r#type`) when it is a keyword.
pub fn field_ident(key: &str) -> String {
    let name = snake(key);
    if KEYWORDS.contains(&name.as_str()) {
        if matches!(name.as_str(), "self" | "Self" | "super" | "crate") {
            format!("{name}_")
        } else {
            format!("r#{name}")
        }
    } else {
        name
    }
}

/// `google_sheets` → `GoogleSheets`, `top-left` → `TopLeft`, `1h` → `F1h`.
pub fn pascal(text: &str) -> String {
    let out: String = snake(text)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect();
    match out.chars().next() {
        _ if out == "Self" => "SelfValue".to_owned(),
        Some(c) if c.is_ascii_alphabetic() => out,
        _ => format!("V{out}"),
    }
}

/// `create_card` → `Create Card`, `idList` → `Id List`.
pub fn title(text: &str) -> String {
    snake(text)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `name` is a connector name: snake_case ASCII starting with a letter.
pub fn is_connector_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.ends_with('_')
        && !name.contains("__")
}

/// `text` as a Rust string literal.
pub fn lit(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_compat_keys() {
        assert_eq!(snake("idList"), "id_list");
        assert_eq!(snake("Content-Type"), "content_type");
        assert_eq!(snake("user_id"), "user_id");
        assert_eq!(snake("2fa"), "f_2fa");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(pascal("google_sheets"), "GoogleSheets");
        assert_eq!(pascal("top-left"), "TopLeft");
        assert_eq!(pascal("1h"), "F1h");
        assert_eq!(title("create_card"), "Create Card");
        assert!(is_connector_name("google_sheets") && !is_connector_name("Google") && !is_connector_name("a-b"));
    }
}
