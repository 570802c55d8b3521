//! Turns an expression body into tokens. Positions are byte offsets into the whole body, so a
//! template literal's `${…}` parts can be lexed in place and still report true positions.

use serde_json::Value;

use super::NO_STATEMENTS;

/// A piece of a template literal: literal text, or the byte range of a `${…}` expression.
#[derive(Debug, Clone)]
pub(crate) enum TmplPart {
    Lit(String),
    Expr(usize, usize),
}

#[derive(Debug, Clone)]
pub(crate) enum T {
    Num(Value),
    Str(String),
    Tmpl(Vec<TmplPart>),
    Ident(String),
    P(&'static str),
    Eof,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub(crate) t: T,
    pub(crate) pos: usize,
    pub(crate) end: usize,
}

/// A lexing error: position and message (the caller adds the expression text).
pub(crate) type LexError = (usize, String);

const PUNCTS: &[&str] = &[
    "===", "!==", "?.", "??", "==", "!=", "<=", ">=", "&&", "||", "(", ")", "[", "]", "{", "}", ",", ":", "?", ".",
    "!", "+", "-", "*", "/", "%", "<", ">",
];

/// Tokenizes `src[start..end]`.
pub(crate) fn lex(src: &str, start: usize, end: usize) -> Result<Vec<Tok>, LexError> {
    let bytes = src.as_bytes();
    let mut toks = Vec::new();
    let mut i = start;
    while i < end {
        let c = src[i..end].chars().next().expect("in range");
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let pos = i;
        if c.is_ascii_digit() || (c == '.' && i + 1 < end && bytes[i + 1].is_ascii_digit()) {
            let (v, j) = number(src, i, end)?;
            toks.push(Tok { t: T::Num(v), pos, end: j });
            i = j;
            continue;
        }
        if c == '_' || c == '$' || c.is_alphabetic() {
            let mut j = i;
            for ch in src[i..end].chars() {
                if ch == '_' || ch == '$' || ch.is_alphanumeric() {
                    j += ch.len_utf8();
                } else {
                    break;
                }
            }
            toks.push(Tok { t: T::Ident(src[i..j].to_string()), pos, end: j });
            i = j;
            continue;
        }
        if c == '\'' || c == '"' {
            let (s, j) = string(src, i, end, c)?;
            toks.push(Tok { t: T::Str(s), pos, end: j });
            i = j;
            continue;
        }
        if c == '`' {
            let (parts, j) = template(src, i, end)?;
            toks.push(Tok { t: T::Tmpl(parts), pos, end: j });
            i = j;
            continue;
        }
        let rest = &src[i..end];
        // Forbidden constructs get a message that says what to do instead.
        if rest.starts_with("=>") {
            return Err((pos, format!("arrow functions (`=>`) are not supported: {NO_STATEMENTS}")));
        }
        if rest.starts_with(';') {
            return Err((pos, format!("`;` is not allowed: {NO_STATEMENTS}")));
        }
        if rest.starts_with("**") {
            return Err((pos, "`**` is not supported: use Math.pow(a, b)".into()));
        }
        if rest.starts_with("++") || rest.starts_with("--") {
            return Err((pos, format!("`{}` (increment/decrement) is not supported: {NO_STATEMENTS}", &rest[..2])));
        }
        if ["+=", "-=", "*=", "/=", "%=", "&&=", "||=", "??="].iter().any(|p| rest.starts_with(p))
            || (rest.starts_with('=') && !rest.starts_with("=="))
        {
            return Err((pos, format!("assignment is not supported (to compare, use `===` or `==`): {NO_STATEMENTS}")));
        }
        if let Some(p) = PUNCTS.iter().find(|p| rest.starts_with(**p)) {
            // `?.` followed by a digit is a ternary with a number (`a?.5:1`).
            if *p == "?." && rest[2..].starts_with(|ch: char| ch.is_ascii_digit()) {
                toks.push(Tok { t: T::P("?"), pos, end: pos + 1 });
                i += 1;
                continue;
            }
            toks.push(Tok { t: T::P(p), pos, end: pos + p.len() });
            i += p.len();
            continue;
        }
        let msg = match c {
            '&' | '|' | '^' | '~' => format!("bitwise operator `{c}` is not supported: use `&&` or `||`"),
            _ => format!("unexpected character `{c}`"),
        };
        return Err((pos, msg));
    }
    toks.push(Tok { t: T::Eof, pos: end, end });
    Ok(toks)
}

fn number(src: &str, start: usize, end: usize) -> Result<(Value, usize), LexError> {
    let b = src.as_bytes();
    let mut j = start;
    if src[start..end].starts_with("0x") || src[start..end].starts_with("0X") {
        j += 2;
        while j < end && b[j].is_ascii_hexdigit() {
            j += 1;
        }
        return match i64::from_str_radix(&src[start + 2..j], 16) {
            Ok(n) => Ok((Value::from(n), j)),
            Err(_) => Err((start, format!("invalid hexadecimal number `{}`", &src[start..j]))),
        };
    }
    let mut is_int = true;
    while j < end && b[j].is_ascii_digit() {
        j += 1;
    }
    if j < end && b[j] == b'.' {
        is_int = false;
        j += 1;
        while j < end && b[j].is_ascii_digit() {
            j += 1;
        }
    }
    if j < end && (b[j] == b'e' || b[j] == b'E') {
        let mut k = j + 1;
        if k < end && (b[k] == b'+' || b[k] == b'-') {
            k += 1;
        }
        if k < end && b[k].is_ascii_digit() {
            is_int = false;
            while k < end && b[k].is_ascii_digit() {
                k += 1;
            }
            j = k;
        }
    }
    if j < end && (b[j].is_ascii_alphabetic() || b[j] == b'_' || b[j] == b'$') {
        return Err((start, format!("invalid number `{}`", &src[start..=j])));
    }
    let text = &src[start..j];
    if is_int {
        if let Ok(n) = text.parse::<i64>() {
            return Ok((Value::from(n), j));
        }
    }
    match text.parse::<f64>() {
        Ok(f) => Ok((super::eval::num_value(f).unwrap_or(Value::Null), j)),
        Err(_) => Err((start, format!("invalid number `{text}`"))),
    }
}

/// Reads one escape after a backslash at `i` (pointing at the backslash); returns the text and the next index.
fn escape(src: &str, i: usize, end: usize) -> Result<(String, usize), LexError> {
    let rest = &src[i + 1..end];
    let Some(c) = rest.chars().next() else {
        return Err((i, "unfinished escape sequence at the end of the string".into()));
    };
    let simple = match c {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'v' => Some('\u{b}'),
        '0' => Some('\0'),
        _ => None,
    };
    if let Some(s) = simple {
        return Ok((s.to_string(), i + 2));
    }
    if c == 'u' || c == 'x' {
        let (hex, len) = if c == 'x' {
            (rest.get(1..3), 3)
        } else if rest[1..].starts_with('{') {
            match rest.find('}') {
                Some(close) => (rest.get(2..close), close + 1),
                None => (None, 0),
            }
        } else {
            (rest.get(1..5), 5)
        };
        let ch = hex.and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32);
        return match ch {
            Some(ch) => Ok((ch.to_string(), i + 1 + len)),
            None => Err((i, format!("invalid escape `\\{c}…`: use \\uXXXX with 4 hex digits"))),
        };
    }
    Ok((c.to_string(), i + 1 + c.len_utf8()))
}

fn string(src: &str, start: usize, end: usize, quote: char) -> Result<(String, usize), LexError> {
    let mut out = String::new();
    let mut i = start + 1;
    while i < end {
        let c = src[i..end].chars().next().expect("in range");
        if c == quote {
            return Ok((out, i + 1));
        }
        if c == '\\' {
            let (s, j) = escape(src, i, end)?;
            out.push_str(&s);
            i = j;
            continue;
        }
        out.push(c);
        i += c.len_utf8();
    }
    Err((start, format!("unterminated string: add the closing {quote}")))
}

fn template(src: &str, start: usize, end: usize) -> Result<(Vec<TmplPart>, usize), LexError> {
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut i = start + 1;
    while i < end {
        let c = src[i..end].chars().next().expect("in range");
        match c {
            '`' => {
                if !lit.is_empty() {
                    parts.push(TmplPart::Lit(lit));
                }
                return Ok((parts, i + 1));
            }
            '\\' => {
                let (s, j) = escape(src, i, end)?;
                lit.push_str(&s);
                i = j;
            }
            '$' if src[i..end].starts_with("${") => {
                if !lit.is_empty() {
                    parts.push(TmplPart::Lit(std::mem::take(&mut lit)));
                }
                let inner = i + 2;
                let close = matching_brace(src, inner, end)
                    .ok_or((i, "unterminated `${` in template literal: add the closing `}`".to_string()))?;
                parts.push(TmplPart::Expr(inner, close));
                i = close + 1;
            }
            _ => {
                lit.push(c);
                i += c.len_utf8();
            }
        }
    }
    Err((start, "unterminated template literal: add the closing `".into()))
}

/// The index of the `}` closing a `${` whose body starts at `from`, skipping quoted strings.
fn matching_brace(src: &str, from: usize, end: usize) -> Option<usize> {
    let b = src.as_bytes();
    let mut depth = 0usize;
    let mut i = from;
    while i < end {
        match b[i] {
            b'{' => depth += 1,
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < end && b[i] != q {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}
