//! The `customEmailConfig` rules (a JSON list, in the form node-imap takes) as IMAP search keys
//! (RFC 3501, 6.4.4), each value checked and quoted so that nothing can end the command.

use fluxturn_core::{ConnectorError, Result};
use serde_json::Value;

/// Keys that stand alone.
const FLAGS: [&str; 14] = [
    "ALL",
    "ANSWERED",
    "DELETED",
    "DRAFT",
    "FLAGGED",
    "NEW",
    "OLD",
    "RECENT",
    "SEEN",
    "UNANSWERED",
    "UNDELETED",
    "UNDRAFT",
    "UNFLAGGED",
    "UNSEEN",
];
/// Keys followed by a text.
const TEXT_KEYS: [&str; 7] = ["BCC", "BODY", "CC", "FROM", "SUBJECT", "TEXT", "TO"];
/// Keys followed by a date.
const DATE_KEYS: [&str; 6] = ["BEFORE", "ON", "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The search keys of `config` joined by spaces (all of them must match); "" for an empty
/// config. E.g. `["UNSEEN", ["FROM", "a@example.com"]]` → `UNSEEN FROM "a@example.com"`.
pub(super) fn criteria(config: &str) -> Result<String> {
    let text = config.trim();
    if text.is_empty() {
        return Ok(String::new());
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        invalid(format!("is not JSON ({e}); write a list such as [\"UNSEEN\", [\"FROM\", \"a@example.com\"]]"))
    })?;
    let Value::Array(rules) = value else {
        return Err(invalid("must be a JSON list such as [\"UNSEEN\"]"));
    };
    Ok(rules.iter().map(rule).collect::<Result<Vec<_>>>()?.join(" "))
}

/// One rule: a key alone ("UNSEEN", "!FLAGGED") or a key and its values (["FROM", "x"]).
fn rule(rule: &Value) -> Result<String> {
    match rule {
        Value::String(name) => {
            let (negated, key) = negation(name);
            if FLAGS.contains(&key.as_str()) {
                Ok(negate(negated, key))
            } else if known(&key) {
                Err(invalid(format!("`{key}` needs a value: write it as a list, e.g. [\"{key}\", ...]")))
            } else {
                Err(unknown(&key))
            }
        }
        Value::Array(parts) => {
            let Some(Value::String(head)) = parts.first() else {
                return Err(invalid(format!("the rule {rule} does not start with a key such as \"FROM\"")));
            };
            let (negated, key) = negation(head);
            let values = &parts[1..];
            let arity = |n: usize| {
                if values.len() == n {
                    Ok(())
                } else {
                    Err(invalid(format!("`{key}` takes {n} value(s), the rule {rule} gives {}", values.len())))
                }
            };
            let written = match key.as_str() {
                "OR" => {
                    arity(2)?;
                    format!("OR {} {}", group(&values[0])?, group(&values[1])?)
                }
                flag if FLAGS.contains(&flag) => {
                    arity(0)?;
                    key.clone()
                }
                text if TEXT_KEYS.contains(&text) => {
                    arity(1)?;
                    format!("{key} {}", quoted(&key, &values[0])?)
                }
                "HEADER" => {
                    arity(2)?;
                    format!("HEADER {} {}", quoted(&key, &values[0])?, quoted(&key, &values[1])?)
                }
                "KEYWORD" | "UNKEYWORD" => {
                    arity(1)?;
                    format!("{key} {}", keyword(&values[0])?)
                }
                date if DATE_KEYS.contains(&date) => {
                    arity(1)?;
                    format!("{key} {}", imap_date(&key, &values[0])?)
                }
                "LARGER" | "SMALLER" => {
                    arity(1)?;
                    format!("{key} {}", size(&key, &values[0])?)
                }
                "UID" => {
                    arity(1)?;
                    format!("UID {}", uid_set(&values[0])?)
                }
                _ => return Err(unknown(&key)),
            };
            Ok(negate(negated, written))
        }
        other => Err(invalid(format!("the rule {other} is neither a key (\"UNSEEN\") nor a list ([\"FROM\", \"x\"])"))),
    }
}

/// An operand of OR: a rule, or a list of rules (all of which must match).
fn group(operand: &Value) -> Result<String> {
    match operand {
        Value::Array(items) if items.first().is_some_and(Value::is_array) => {
            Ok(format!("({})", items.iter().map(rule).collect::<Result<Vec<_>>>()?.join(" ")))
        }
        single => rule(single),
    }
}

/// `!KEY` → (true, "KEY"); the key in upper case.
fn negation(name: &str) -> (bool, String) {
    let name = name.trim();
    match name.strip_prefix('!') {
        Some(rest) => (true, rest.trim().to_ascii_uppercase()),
        None => (false, name.to_ascii_uppercase()),
    }
}

fn negate(negated: bool, key: String) -> String {
    if negated {
        format!("NOT {key}")
    } else {
        key
    }
}

fn known(key: &str) -> bool {
    TEXT_KEYS.contains(&key)
        || DATE_KEYS.contains(&key)
        || ["HEADER", "KEYWORD", "UNKEYWORD", "LARGER", "SMALLER", "UID", "OR"].contains(&key)
}

/// A text value as an IMAP quoted string (ASCII only: a quoted string cannot carry more).
fn quoted(key: &str, value: &Value) -> Result<String> {
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        other => return Err(invalid(format!("`{key}` takes a text, not {other}"))),
    };
    if text.chars().any(|c| !c.is_ascii() || c.is_ascii_control()) {
        return Err(invalid(format!(
            "the value {text:?} of `{key}` holds a line break or a non-ASCII character, which IMAP search cannot take here"
        )));
    }
    Ok(format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")))
}

/// A keyword (a flag name without `\`): an IMAP atom.
fn keyword(value: &Value) -> Result<String> {
    let Value::String(name) = value else {
        return Err(invalid(format!("KEYWORD takes a keyword name, not {value}")));
    };
    let atom = !name.is_empty() && name.chars().all(|c| c.is_ascii_graphic() && !"(){%*\"\\]".contains(c));
    if atom {
        Ok(name.clone())
    } else {
        Err(invalid(format!("{name:?} is not a keyword name (letters, digits and $ . - _)")))
    }
}

/// A size in bytes.
fn size(key: &str, value: &Value) -> Result<u64> {
    match value {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| invalid(format!("`{key}` takes a size in bytes, not {value}")))
}

/// A UID set: numbers, ranges (`3:7`) and `*`, separated by commas.
fn uid_set(value: &Value) -> Result<String> {
    let text = match value {
        Value::String(text) => text.trim().to_owned(),
        Value::Number(number) if number.is_u64() => number.to_string(),
        _ => String::new(),
    };
    let valid = !text.is_empty()
        && text.split(',').all(|part| {
            !part.is_empty()
                && part.split(':').count() <= 2
                && part.split(':').all(|n| n == "*" || n.parse::<u32>().is_ok())
        });
    if valid {
        Ok(text)
    } else {
        Err(invalid(format!("`UID` takes a UID set such as \"3:7,9\", not {value}")))
    }
}

/// A date as IMAP writes it (`1-Feb-2024`), from `2024-02-01` (or an ISO 8601 date-time),
/// `1-Feb-2024`, or `Feb 1, 2024`.
fn imap_date(key: &str, value: &Value) -> Result<String> {
    let Value::String(text) = value else {
        return Err(invalid(format!("`{key}` takes a date such as \"2024-02-01\", not {value}")));
    };
    parse_date(text.trim())
        .map(|(day, month, year)| format!("{day}-{}-{year}", MONTHS[month - 1]))
        .ok_or_else(|| invalid(format!("`{key}` takes a date such as \"2024-02-01\", not {text:?}")))
}

/// (day, month 1–12, year).
fn parse_date(text: &str) -> Option<(u32, usize, u32)> {
    let month_of = |name: &str| {
        let name = name.get(..3)?;
        MONTHS.iter().position(|m| m.eq_ignore_ascii_case(name)).map(|i| i + 1)
    };
    let (day, month, year) = if text.len() >= 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-' {
        // 2024-02-01, 2024-02-01T10:00:00Z
        let rest = &text[10..];
        if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
            return None;
        }
        (text[8..10].parse().ok()?, text[5..7].parse::<usize>().ok()?, text[..4].parse().ok()?)
    } else if let [day, month, year] = text.split('-').collect::<Vec<_>>()[..] {
        // 1-Feb-2024
        (day.parse().ok()?, month_of(month)?, year.parse().ok()?)
    } else if let [month, day, year] = text.split([' ', ',']).filter(|p| !p.is_empty()).collect::<Vec<_>>()[..] {
        // Feb 1, 2024
        (day.parse().ok()?, month_of(month)?, year.parse().ok()?)
    } else {
        return None;
    };
    ((1..=31).contains(&day) && (1..=12).contains(&month) && (1000..=9999).contains(&year))
        .then_some((day, month, year))
}

fn unknown(key: &str) -> ConnectorError {
    invalid(format!(
        "`{key}` is not a search key this trigger knows (flags such as UNSEEN or FLAGGED; FROM, TO, CC, BCC, \
         SUBJECT, BODY, TEXT, HEADER, KEYWORD, SINCE, BEFORE, ON, SENTSINCE, SENTBEFORE, SENTON, LARGER, SMALLER, \
         UID; OR)"
    ))
}

fn invalid(problem: impl std::fmt::Display) -> ConnectorError {
    ConnectorError::invalid_input(format!("invalid input for `new_email`: customEmailConfig {problem}")).with_details(
        serde_json::json!({ "errors": [{ "field": "customEmailConfig", "message": problem.to_string() }] }),
    )
}

#[cfg(test)]
mod tests {
    use super::criteria;

    #[test]
    fn rules_become_search_keys() {
        assert_eq!(criteria(r#"["UNSEEN"]"#).unwrap(), "UNSEEN");
        assert_eq!(criteria("").unwrap(), "");
        assert_eq!(criteria("[]").unwrap(), "");
        assert_eq!(
            criteria(r#"["unseen", "!FLAGGED", ["FROM", "a@example.com"], ["SINCE", "2024-02-01"]]"#).unwrap(),
            r#"UNSEEN NOT FLAGGED FROM "a@example.com" SINCE 1-Feb-2024"#
        );
        assert_eq!(
            criteria(r#"[["OR", ["SUBJECT", "say \"hi\""], [["FROM", "b@x.org"], "SEEN"]], ["LARGER", 1024]]"#)
                .unwrap(),
            r#"OR SUBJECT "say \"hi\"" (FROM "b@x.org" SEEN) LARGER 1024"#
        );
        assert_eq!(
            criteria(r#"[["ON", "May 20, 2010"], ["BEFORE", "3-mar-2021"]]"#).unwrap(),
            "ON 20-May-2010 BEFORE 3-Mar-2021"
        );
        assert_eq!(
            criteria(r#"[["HEADER", "X-Priority", "1"], ["KEYWORD", "$Important"]]"#).unwrap(),
            r#"HEADER "X-Priority" "1" KEYWORD $Important"#
        );
    }

    #[test]
    fn bad_rules_are_refused_with_what_is_wrong() {
        let message = |config: &str| criteria(config).unwrap_err().message;
        assert!(message("UNSEEN").contains("is not JSON"), "{}", message("UNSEEN"));
        assert!(message(r#"["FROM"]"#).contains("`FROM` needs a value"));
        assert!(message(r#"["BOGUS"]"#).contains("`BOGUS` is not a search key"));
        assert!(message(r#"[["FROM", "a\r\nb"]]"#).contains("line break"));
        assert!(message(r#"[["FROM", "é@x.org"]]"#).contains("non-ASCII"));
        assert!(message(r#"[["SINCE", "yesterday"]]"#).contains("takes a date"));
        assert!(message(r#"[["OR", "SEEN"]]"#).contains("takes 2 value(s)"));
        assert!(message(r#"[["KEYWORD", "a b"]]"#).contains("not a keyword name"));
    }
}
