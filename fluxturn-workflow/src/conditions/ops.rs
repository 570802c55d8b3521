//! One condition: its operator type and operation, the value coercions loose type validation
//! allows, and the comparison itself.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::{date::parse_datetime_ms, ConditionError};

/// Compiled regular expressions are capped at this many bytes so that a pattern from a workflow
/// cannot make the engine allocate without bound (matching itself is linear-time in `regex`).
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// The operator types a condition may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Number,
    Boolean,
    DateTime,
    Array,
    Object,
}

impl Kind {
    /// The type names accepted in `operator.type` (compared without regard to case).
    const NAMES: [(&'static str, Kind); 7] = [
        ("string", Kind::String),
        ("number", Kind::Number),
        ("boolean", Kind::Boolean),
        ("dateTime", Kind::DateTime),
        ("date", Kind::DateTime),
        ("array", Kind::Array),
        ("object", Kind::Object),
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::DateTime => "dateTime",
            Kind::Array => "array",
            Kind::Object => "object",
        }
    }

    pub(crate) fn parse(name: &str) -> Option<Kind> {
        Self::NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name.trim())).map(|(_, k)| *k)
    }

    /// Every type name, for "did you mean".
    pub(crate) fn all_names() -> impl Iterator<Item = &'static str> {
        Self::NAMES.iter().map(|(n, _)| *n)
    }

    /// The operations of this type, with the alternative spellings FluxTurn's panels, its AI
    /// generator's prompt and n8n's filter format use.
    fn operations(self) -> &'static [(&'static str, Op)] {
        use Op::*;
        match self {
            Kind::String => &[
                ("exists", Exists),
                ("notExists", NotExists),
                ("empty", Empty),
                ("isEmpty", Empty),
                ("notEmpty", NotEmpty),
                ("isNotEmpty", NotEmpty),
                ("equals", Equals),
                ("notEquals", NotEquals),
                ("contains", Contains),
                ("notContains", NotContains),
                ("startsWith", StartsWith),
                ("notStartsWith", NotStartsWith),
                ("endsWith", EndsWith),
                ("notEndsWith", NotEndsWith),
                ("regex", Regex),
                ("notRegex", NotRegex),
                // FluxTurn's string panel offers the orderings and compares them as numbers.
                ("gt", Gt),
                ("greaterThan", Gt),
                ("gte", Gte),
                ("greaterThanOrEqual", Gte),
                ("lt", Lt),
                ("lessThan", Lt),
                ("lte", Lte),
                ("lessThanOrEqual", Lte),
            ],
            Kind::Number => &[
                ("exists", Exists),
                ("notExists", NotExists),
                ("empty", Empty),
                ("isEmpty", Empty),
                ("notEmpty", NotEmpty),
                ("isNotEmpty", NotEmpty),
                ("equals", Equals),
                ("notEquals", NotEquals),
                ("gt", Gt),
                ("greaterThan", Gt),
                ("gte", Gte),
                ("greaterThanOrEqual", Gte),
                ("lt", Lt),
                ("lessThan", Lt),
                ("lte", Lte),
                ("lessThanOrEqual", Lte),
            ],
            Kind::Boolean => &[
                ("exists", Exists),
                ("notExists", NotExists),
                ("empty", Empty),
                ("isEmpty", Empty),
                ("notEmpty", NotEmpty),
                ("isNotEmpty", NotEmpty),
                ("true", True),
                ("isTrue", True),
                ("false", False),
                ("isFalse", False),
                ("equals", Equals),
                ("notEquals", NotEquals),
            ],
            Kind::DateTime => &[
                ("exists", Exists),
                ("notExists", NotExists),
                ("empty", Empty),
                ("isEmpty", Empty),
                ("notEmpty", NotEmpty),
                ("isNotEmpty", NotEmpty),
                ("equals", Equals),
                ("notEquals", NotEquals),
                ("after", Gt),
                ("before", Lt),
                ("afterOrEquals", Gte),
                ("beforeOrEquals", Lte),
            ],
            Kind::Array => &[
                ("exists", Exists),
                ("notExists", NotExists),
                ("empty", Empty),
                ("isEmpty", Empty),
                ("notEmpty", NotEmpty),
                ("isNotEmpty", NotEmpty),
                ("contains", Contains),
                ("notContains", NotContains),
                ("lengthEquals", LengthEquals),
                ("lengthNotEquals", LengthNotEquals),
                ("lengthGt", LengthGt),
                ("lengthGte", LengthGte),
                ("lengthLt", LengthLt),
                ("lengthLte", LengthLte),
            ],
            Kind::Object => &[
                ("exists", Exists),
                ("notExists", NotExists),
                ("empty", Empty),
                ("isEmpty", Empty),
                ("notEmpty", NotEmpty),
                ("isNotEmpty", NotEmpty),
            ],
        }
    }

    /// The operation called `name` (compared without regard to case), if this type has it.
    pub(crate) fn operation(self, name: &str) -> Option<Op> {
        self.operations().iter().find(|(n, _)| n.eq_ignore_ascii_case(name.trim())).map(|(_, op)| *op)
    }

    /// A hint for an operation this type lacks: the closest name it has, or else the other types
    /// that do have an operation so called.
    pub(crate) fn hint_for(self, name: &str) -> Option<String> {
        if let Some(close) = closest(name, self.operations().iter().map(|(n, _)| *n)) {
            return Some(format!("did you mean `{close}`?"));
        }
        let owners: Vec<&str> =
            Self::NAMES.iter().filter(|(_, k)| *k != self && k.operation(name).is_some()).map(|(n, _)| *n).collect();
        (!owners.is_empty()).then(|| format!("`{name}` is an operation of type {}", owners.join(", ")))
    }

    /// The type an operator written as a bare name (FluxTurn's older `{field, operator, value}`
    /// conditions) belongs to: the first of string, number, boolean, dateTime, array that has it.
    pub(crate) fn infer(operation: &str) -> Option<(Kind, Op)> {
        [Kind::String, Kind::Number, Kind::Boolean, Kind::DateTime, Kind::Array]
            .into_iter()
            .find_map(|k| k.operation(operation).map(|op| (k, op)))
    }
}

/// The closest of `candidates` to `name`, if it is close enough to be what was meant.
pub(crate) fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = name.trim().to_ascii_lowercase();
    candidates
        .map(|c| (strsim::jaro_winkler(&wanted, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// An operation, whatever its type; `Gt`…`Lte` are also `after`…`beforeOrEquals` for dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Exists,
    NotExists,
    Empty,
    NotEmpty,
    Equals,
    NotEquals,
    Contains,
    NotContains,
    StartsWith,
    NotStartsWith,
    EndsWith,
    NotEndsWith,
    Regex,
    NotRegex,
    Gt,
    Gte,
    Lt,
    Lte,
    True,
    False,
    LengthEquals,
    LengthNotEquals,
    LengthGt,
    LengthGte,
    LengthLt,
    LengthLte,
}

/// How values are compared: the node's (or condition block's) options.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mode {
    pub(crate) ignore_case: bool,
    pub(crate) loose: bool,
}

/// One condition, ready to evaluate.
pub(crate) struct Condition<'a> {
    /// Where it sits in the params, for messages (`conditions.conditions[0]`).
    pub(crate) at: &'a str,
    pub(crate) kind: Kind,
    pub(crate) op: Op,
    /// The operation as written, for messages.
    pub(crate) op_name: &'a str,
    pub(crate) left: &'a Value,
    pub(crate) right: &'a Value,
}

/// Which side of a condition a value is on, for messages.
#[derive(Clone, Copy)]
enum Side {
    Left,
    Right,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

/// The JSON type of a value, as messages name it.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl Condition<'_> {
    fn mismatch(&self, side: Side, expected: &'static str, value: &Value) -> ConditionError {
        ConditionError::TypeMismatch {
            at: self.at.to_owned(),
            operation: format!("{} {}", self.kind.name(), self.op_name),
            side: side.name(),
            expected,
            found: type_name(value),
        }
    }

    /// Whether the condition holds.
    pub(crate) fn eval(&self, mode: Mode) -> Result<bool, ConditionError> {
        match self.op {
            Op::Exists => return Ok(!self.left.is_null()),
            Op::NotExists => return Ok(self.left.is_null()),
            _ => {}
        }
        // FluxTurn writes right-hand literals as text and reads `'x'`/`"x"` as the text inside
        // the quotes, with surrounding blanks trimmed; loose validation keeps that reading.
        let right = match self.right {
            Value::String(s) if mode.loose => Cow::Owned(Value::String(unquote(s).to_owned())),
            other => Cow::Borrowed(other),
        };
        let right = right.as_ref();
        match self.kind {
            Kind::String => self.eval_string(right, mode),
            Kind::Number => self.eval_number(right, mode.loose),
            Kind::Boolean => self.eval_boolean(right, mode.loose),
            Kind::DateTime => self.eval_date(right, mode.loose),
            Kind::Array => self.eval_array(right, mode),
            Kind::Object => self.eval_object(mode.loose),
        }
    }

    fn eval_string(&self, right: &Value, mode: Mode) -> Result<bool, ConditionError> {
        if matches!(self.op, Op::Gt | Op::Gte | Op::Lt | Op::Lte) {
            // As FluxTurn does: a string condition's ordering compares the values as numbers.
            return Ok(match (loose_number(self.left), loose_number(right)) {
                (Some(l), Some(r)) => order(self.op, l, r),
                _ => false,
            });
        }
        let left = self.string(self.left, Side::Left, mode.loose)?;
        match self.op {
            Op::Empty => return Ok(left.is_empty()),
            Op::NotEmpty => return Ok(!left.is_empty()),
            Op::Regex | Op::NotRegex => {
                let pattern = self.string(right, Side::Right, mode.loose)?;
                let matched = self.regex(&pattern, mode.ignore_case)?.is_match(&left);
                return Ok(matched == (self.op == Op::Regex));
            }
            _ => {}
        }
        let right = self.string(right, Side::Right, mode.loose)?;
        let (l, r) = if mode.ignore_case {
            (Cow::Owned(left.to_lowercase()), Cow::Owned(right.to_lowercase()))
        } else {
            (left, right)
        };
        Ok(match self.op {
            Op::Equals => l == r,
            Op::NotEquals => l != r,
            Op::Contains => l.contains(r.as_ref()),
            Op::NotContains => !l.contains(r.as_ref()),
            Op::StartsWith => l.starts_with(r.as_ref()),
            Op::NotStartsWith => !l.starts_with(r.as_ref()),
            Op::EndsWith => l.ends_with(r.as_ref()),
            Op::NotEndsWith => !l.ends_with(r.as_ref()),
            _ => unreachable!("string operations are all handled"),
        })
    }

    /// A value as text: strings as they are, null as empty; other types only when loose.
    fn string<'v>(&self, value: &'v Value, side: Side, loose: bool) -> Result<Cow<'v, str>, ConditionError> {
        match value {
            Value::String(s) => Ok(Cow::Borrowed(s)),
            Value::Null => Ok(Cow::Borrowed("")),
            other if loose => Ok(Cow::Owned(display(other))),
            other => Err(self.mismatch(side, "string", other)),
        }
    }

    fn regex(&self, pattern: &str, ignore_case: bool) -> Result<regex::Regex, ConditionError> {
        // n8n and FluxTurn users write JavaScript literals too: `/^ab+c$/i`.
        let (source, flags) = match pattern.rfind('/') {
            Some(end)
                if pattern.starts_with('/') && end > 0 && pattern[end + 1..].chars().all(|c| "dgimsuy".contains(c)) =>
            {
                (&pattern[1..end], &pattern[end + 1..])
            }
            _ => (pattern, ""),
        };
        regex::RegexBuilder::new(source)
            .case_insensitive(ignore_case || flags.contains('i'))
            .multi_line(flags.contains('m'))
            .dot_matches_new_line(flags.contains('s'))
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| ConditionError::InvalidRegex {
                at: self.at.to_owned(),
                pattern: pattern.to_owned(),
                reason: e.to_string(),
            })
    }

    /// `empty`/`notEmpty` of a typed left side: loose, blank as text would be; strict, the
    /// type's own reading (`absent` answers whether it holds no value, or the type error).
    fn emptiness(
        &self,
        loose: bool,
        absent: impl FnOnce() -> Result<bool, ConditionError>,
    ) -> Result<bool, ConditionError> {
        let blank = if loose { is_blank(self.left, true) } else { absent()? };
        Ok(blank == (self.op == Op::Empty))
    }

    /// A value as a number: `None` for null (and, when loose, for what does not read as one).
    fn number(&self, value: &Value, side: Side, loose: bool) -> Result<Option<f64>, ConditionError> {
        match value {
            Value::Number(n) => Ok(n.as_f64()),
            Value::Null => Ok(None),
            other if loose => Ok(loose_number(other)),
            other => Err(self.mismatch(side, "number", other)),
        }
    }

    fn eval_number(&self, right: &Value, loose: bool) -> Result<bool, ConditionError> {
        if matches!(self.op, Op::Empty | Op::NotEmpty) {
            return self.emptiness(loose, || Ok(self.number(self.left, Side::Left, false)?.is_none()));
        }
        let left = self.number(self.left, Side::Left, loose)?;
        let right = self.number(right, Side::Right, loose)?;
        Ok(match (left, right) {
            (Some(l), Some(r)) => order(self.op, l, r),
            // A left side that is no number matches nothing; a right side that is none differs from it.
            (Some(_), None) => self.op == Op::NotEquals,
            (None, _) => false,
        })
    }

    /// A value as a boolean: `None` for null when strict (when loose null is false, as
    /// FluxTurn reads a missing flag) and, when loose, for text that is no boolean.
    fn boolean(&self, value: &Value, side: Side, loose: bool) -> Result<Option<bool>, ConditionError> {
        match value {
            Value::Bool(b) => Ok(Some(*b)),
            Value::Null if loose => Ok(Some(false)),
            Value::Null => Ok(None),
            other if loose => Ok(loose_bool(other)),
            other => Err(self.mismatch(side, "boolean", other)),
        }
    }

    fn eval_boolean(&self, right: &Value, loose: bool) -> Result<bool, ConditionError> {
        if matches!(self.op, Op::Empty | Op::NotEmpty) {
            return self.emptiness(loose, || Ok(self.boolean(self.left, Side::Left, false)?.is_none()));
        }
        let left = self.boolean(self.left, Side::Left, loose)?;
        Ok(match self.op {
            Op::True => left == Some(true),
            Op::False => left == Some(false),
            Op::Equals | Op::NotEquals => match (left, self.boolean(right, Side::Right, loose)?) {
                (Some(l), Some(r)) => (l == r) == (self.op == Op::Equals),
                _ => false,
            },
            _ => unreachable!("boolean operations are all handled"),
        })
    }

    /// A value as epoch milliseconds: numbers are epoch milliseconds, strings RFC 3339.
    fn date(&self, value: &Value, side: Side, loose: bool) -> Result<Option<f64>, ConditionError> {
        const EXPECTED: &str = "dateTime (an RFC 3339 string or epoch milliseconds)";
        match value {
            Value::Null => Ok(None),
            Value::Number(n) => Ok(n.as_f64()),
            Value::String(s) => match parse_datetime_ms(s) {
                Some(ms) => Ok(Some(ms)),
                None if loose => Ok(s.trim().parse::<f64>().ok().filter(|f| f.is_finite())),
                None => {
                    Err(ConditionError::InvalidDate { at: self.at.to_owned(), side: side.name(), value: s.clone() })
                }
            },
            _ if loose => Ok(None),
            other => Err(self.mismatch(side, EXPECTED, other)),
        }
    }

    fn eval_date(&self, right: &Value, loose: bool) -> Result<bool, ConditionError> {
        if matches!(self.op, Op::Empty | Op::NotEmpty) {
            let blank = is_blank(self.left, true);
            if !blank && !loose {
                self.date(self.left, Side::Left, false)?; // strict: the value must be an instant
            }
            return Ok(blank == (self.op == Op::Empty));
        }
        let left = self.date(self.left, Side::Left, loose)?;
        let right = self.date(right, Side::Right, loose)?;
        Ok(match (left, right) {
            (Some(l), Some(r)) => order(self.op, l, r),
            // As FluxTurn: an instant that cannot be read makes every comparison false.
            _ => false,
        })
    }

    fn eval_array(&self, right: &Value, mode: Mode) -> Result<bool, ConditionError> {
        let items: Option<Cow<'_, Vec<Value>>> = match self.left {
            Value::Array(a) => Some(Cow::Borrowed(a)),
            Value::Null => Some(Cow::Owned(Vec::new())),
            Value::String(s) if mode.loose => serde_json::from_str::<Vec<Value>>(s).ok().map(Cow::Owned),
            _ if mode.loose => None,
            other => return Err(self.mismatch(Side::Left, "array", other)),
        };
        // As FluxTurn: a left side that is no array satisfies no array operation.
        let Some(items) = items else { return Ok(false) };
        let len = items.len() as f64;
        Ok(match self.op {
            Op::Empty => items.is_empty(),
            Op::NotEmpty => !items.is_empty(),
            Op::Contains => items.iter().any(|item| same(item, right, mode)),
            Op::NotContains => !items.iter().any(|item| same(item, right, mode)),
            _ => match self.number(right, Side::Right, mode.loose)? {
                None => false,
                Some(n) => match self.op {
                    Op::LengthEquals => len == n,
                    Op::LengthNotEquals => len != n,
                    Op::LengthGt => len > n,
                    Op::LengthGte => len >= n,
                    Op::LengthLt => len < n,
                    Op::LengthLte => len <= n,
                    _ => unreachable!("array operations are all handled"),
                },
            },
        })
    }

    fn eval_object(&self, loose: bool) -> Result<bool, ConditionError> {
        let fields: Option<Cow<'_, Map<String, Value>>> = match self.left {
            Value::Object(o) => Some(Cow::Borrowed(o)),
            Value::Null => Some(Cow::Owned(Map::new())),
            Value::String(s) if loose => serde_json::from_str::<Map<String, Value>>(s).ok().map(Cow::Owned),
            _ if loose => None,
            other => return Err(self.mismatch(Side::Left, "object", other)),
        };
        let Some(fields) = fields else { return Ok(false) };
        Ok(match self.op {
            Op::Empty => fields.is_empty(),
            Op::NotEmpty => !fields.is_empty(),
            _ => unreachable!("object operations are all handled"),
        })
    }
}

/// An ordering or equality between two numbers (or instants).
fn order(op: Op, l: f64, r: f64) -> bool {
    match op {
        Op::Equals => l == r,
        Op::NotEquals => l != r,
        Op::Gt => l > r,
        Op::Gte => l >= r,
        Op::Lt => l < r,
        Op::Lte => l <= r,
        _ => false,
    }
}

/// Null, or (when loose) the empty string: what FluxTurn calls empty for numbers and booleans.
fn is_blank(value: &Value, loose: bool) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => loose && s.trim().is_empty(),
        _ => false,
    }
}

/// Text with surrounding blanks trimmed and one pair of matching quotes removed.
fn unquote(s: &str) -> &str {
    let t = s.trim();
    let b = t.as_bytes();
    if b.len() >= 2 && (b[0] == b'\'' || b[0] == b'"') && b[b.len() - 1] == b[0] {
        &t[1..t.len() - 1]
    } else {
        t
    }
}

/// A value as text the way a loose comparison reads it.
fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => f.to_string(),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// A number read loosely: numbers, numeric text, and booleans as 1 and 0.
fn loose_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        _ => None,
    }
}

/// A boolean read loosely: `true`/`false`/`1`/`0` as text (any case), numbers by being non-zero,
/// and the empty string as false.
fn loose_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Whether an array element is the value looked for: numbers by value, text without regard to
/// case when so asked, and (when loose) `5` the same as `"5"` and `true` the same as `"true"`.
fn same(item: &Value, wanted: &Value, mode: Mode) -> bool {
    match (item, wanted) {
        (Value::String(a), Value::String(b)) => {
            if mode.ignore_case {
                a.to_lowercase() == b.to_lowercase()
            } else {
                a == b
            }
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Number(_), Value::String(_)) | (Value::String(_), Value::Number(_)) if mode.loose => {
            matches!((loose_number(item), loose_number(wanted)), (Some(a), Some(b)) if a == b)
        }
        (Value::Bool(_), Value::String(_)) | (Value::String(_), Value::Bool(_)) if mode.loose => {
            matches!((loose_bool(item), loose_bool(wanted)), (Some(a), Some(b)) if a == b)
        }
        (a, b) => a == b,
    }
}
