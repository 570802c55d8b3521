//! FluxTurn's conditions, as its IF_CONDITION, FILTER and SWITCH nodes carry them in the node's
//! `data` (or `data.config`), evaluated for one item.
//!
//! The engine resolves the expressions in a node's parameters for the item first, so the left and
//! right values arrive here as plain JSON values.
//!
//! # Condition blocks
//!
//! A block is `{combinator, conditions: [..], options?}`. `combinator` is `and` (the default) or
//! `or`. Each condition is `{leftValue, rightValue, operator: {type, operation, singleValue?}}`;
//! types are `string`, `number`, `boolean`, `dateTime` (FluxTurn writes `date`), `array` and
//! `object`. FluxTurn's older shape, a bare list of `{field, operator: "<operation>", value}` with
//! `combineOperation` beside it, is read too (the type then follows from the operation).
//!
//! # Options
//!
//! Case: `ignoreCase` (on the node or in its `options`) wins; else the block's
//! `options.caseSensitive`; else case is ignored, FluxTurn's default. Typing: `looseTypeValidation`
//! (on the node or in its `options`) or a node-level `typeValidation` wins; else the block's
//! `options.typeValidation` (`"strict"` / `"loose"`); else loose, as FluxTurn always compares.
//! Loose validation converts (`"5"` equals `5`, `"true"` is true, `'x'` is the text `x`) and a
//! value that cannot be converted makes the condition false; strict validation makes a value of
//! the wrong type an error naming both types. Null or missing values are never a type error.

mod date;
mod ops;

use serde_json::{Map, Value};

use ops::{closest, Condition, Kind, Mode};

/// What went wrong reading or evaluating a node's conditions.
#[derive(Debug, thiserror::Error)]
pub enum ConditionError {
    /// `operator.type` names no operator type.
    #[error("{at}: unknown operator type `{found}`{}", hint(.did_you_mean))]
    UnknownType {
        /// Where the condition sits in the params, e.g. `conditions.conditions[1]`.
        at: String,
        /// The type as written.
        found: String,
        /// The closest known type, if one is close.
        did_you_mean: Option<String>,
    },
    /// `operator.operation` is no operation of its type.
    #[error("{at}: unknown {kind} operation `{found}`{}", hint_text(.hint))]
    UnknownOperation {
        /// Where the condition sits in the params.
        at: String,
        /// The operator type the operation was looked up in.
        kind: String,
        /// The operation as written.
        found: String,
        /// "did you mean `x`?", or which types do have an operation so called.
        hint: Option<String>,
    },
    /// A field of the params is missing or has the wrong shape.
    #[error("malformed params: `{field}`: expected {expected}, found {found}")]
    Malformed {
        /// The field, as a path into the params (`rules.values[2].conditions`).
        field: String,
        /// What the field should hold.
        expected: String,
        /// What it holds (its JSON type, or its value when short).
        found: String,
    },
    /// Under strict type validation, a value whose type the operation cannot compare.
    #[error(
        "{at}: {operation} needs a {expected} {side} value, but it is a {found} \
         (strict type validation; enable loose type validation to convert)"
    )]
    TypeMismatch {
        /// Where the condition sits in the params.
        at: String,
        /// The operator type and operation, e.g. `number gt`.
        operation: String,
        /// `left` or `right`.
        side: &'static str,
        /// The type the operation needs.
        expected: &'static str,
        /// The JSON type the value has.
        found: &'static str,
    },
    /// Under strict type validation, text that is no RFC 3339 date-time.
    #[error("{at}: the {side} value `{value}` is not an RFC 3339 date-time (e.g. 2024-03-01T10:00:00Z)")]
    InvalidDate {
        /// Where the condition sits in the params.
        at: String,
        /// `left` or `right`.
        side: &'static str,
        /// The text.
        value: String,
    },
    /// A `regex` / `notRegex` pattern that does not compile (or compiles too large).
    #[error("{at}: invalid regular expression `{pattern}`: {reason}")]
    InvalidRegex {
        /// Where the condition sits in the params.
        at: String,
        /// The pattern as written.
        pattern: String,
        /// Why it was refused.
        reason: String,
    },
}

fn hint(did_you_mean: &Option<String>) -> String {
    did_you_mean.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default()
}

fn hint_text(hint: &Option<String>) -> String {
    hint.as_ref().map(|s| format!(" ({s})")).unwrap_or_default()
}

/// Whether the conditions of an IF_CONDITION or FILTER node hold for the item they were resolved
/// for. `params` is the node's `data` (or an object whose `config` holds the node's settings).
///
/// Accepted: `conditions` as a block `{combinator, conditions: [{leftValue, rightValue,
/// operator: {type, operation}}], options?}`, or as a bare list (FluxTurn's older
/// `[{field, operator, value}]`, combined by a sibling `combinator` / `combineOperation`);
/// `ignoreCase`, `looseTypeValidation`, `typeValidation` beside it or in `options`.
///
/// No `conditions` at all is false, as FluxTurn routes every item of an unconfigured IF to its
/// false output (see [`filter_keeps`] for FILTER, which keeps them); an empty list holds.
///
/// ```
/// use fluxturn_workflow::conditions::holds;
/// use serde_json::json;
///
/// let params = json!({
///     "conditions": {
///         "combinator": "and",
///         "conditions": [
///             { "leftValue": "Shipped", "rightValue": "shipped",
///               "operator": { "type": "string", "operation": "equals" } },
///             { "leftValue": "42", "rightValue": 40,
///               "operator": { "type": "number", "operation": "gt" } }
///         ]
///     },
///     "ignoreCase": true
/// });
/// assert!(holds(&params).unwrap());
/// ```
pub fn holds(params: &Value) -> Result<bool, ConditionError> {
    let root = root(params)?;
    match root.get("conditions") {
        None | Some(Value::Null) => Ok(false),
        Some(conditions) => evaluate(conditions, "conditions", root, node_settings(root)?),
    }
}

/// Whether a FILTER node keeps the item: [`holds`], except that a FILTER without `conditions`
/// keeps every item, as FluxTurn passes them all through.
pub fn filter_keeps(params: &Value) -> Result<bool, ConditionError> {
    let root = root(params)?;
    match root.get("conditions") {
        None | Some(Value::Null) => Ok(true),
        Some(_) => holds(params),
    }
}

/// The outputs of a SWITCH node the item goes to, in ascending order.
///
/// Rules mode (`mode: "rules"`, the default): `rules: {values: [{conditions: <block>,
/// renameOutput?, outputKey?}]}` (or `rules` as the list itself); rule `i` feeds output `i`
/// (the canvas handle `output-i`). Rules are tried in order and only the first match is taken,
/// unless `allMatchingOutputs` (beside `rules` or in `options`) is true, when every matching rule
/// is. An item no rule matches goes to the fallback: `fallbackOutput: "extra"` is one more
/// output after the rules' (the canvas handle `output-fallback`), a number sends it to that
/// rule's output (n8n's form), and `"none"` (the default) drops it. A SWITCH with neither `rules`
/// nor `expression` passes every item to output 0.
///
/// Expression mode (`mode: "expression"`): `expression` (or n8n's `output`), already resolved,
/// is the output index; `numberOutputs` outputs exist (2 when absent or 0). An index that is not
/// a whole number below that count drops the item; an empty expression means output 0.
pub fn switch_outputs(params: &Value) -> Result<Vec<usize>, ConditionError> {
    let root = root(params)?;
    match switch_mode(root)? {
        SwitchMode::Expression => {
            let count = number_outputs(root);
            let value = root.get("expression").or_else(|| root.get("output")).unwrap_or(&Value::Null);
            Ok(expression_index(value).filter(|i| *i < count).into_iter().collect())
        }
        SwitchMode::Rules => {
            let Some(rules) = rules(root)? else { return Ok(vec![0]) };
            let settings = node_settings(root)?;
            let all = flag(root, "allMatchingOutputs")?.unwrap_or(false);
            let fallback = fallback(root, rules.len())?;
            let mut outputs = Vec::new();
            for (i, rule) in rules.iter().enumerate() {
                let at = format!("rules.values[{i}]");
                let rule = rule.as_object().ok_or_else(|| malformed(&at, "a rule object {conditions, ...}", rule))?;
                let at = format!("{at}.conditions");
                let conditions = match rule.get("conditions") {
                    None | Some(Value::Null) => {
                        return Err(malformed(&at, "a condition block {combinator, conditions}", &Value::Null))
                    }
                    Some(c) => c,
                };
                if evaluate(conditions, &at, rule, settings)? {
                    outputs.push(i);
                    if !all {
                        break;
                    }
                }
            }
            if outputs.is_empty() {
                match fallback {
                    Fallback::None => {}
                    Fallback::Extra => outputs.push(rules.len()),
                    Fallback::Output(i) => outputs.push(i),
                }
            }
            Ok(outputs)
        }
    }
}

/// How many outputs a SWITCH node with these params has: one per rule, plus one for an
/// `"extra"` fallback (at least one); in expression mode `numberOutputs` (2 when absent or 0).
/// Params too malformed to tell give 1.
pub fn switch_output_count(params: &Value) -> usize {
    let Ok(root) = root(params) else { return 1 };
    match switch_mode(root) {
        Ok(SwitchMode::Expression) => number_outputs(root),
        Ok(SwitchMode::Rules) => match rules(root) {
            Ok(Some(rules)) => {
                let extra = matches!(fallback(root, rules.len()), Ok(Fallback::Extra));
                (rules.len() + usize::from(extra)).max(1)
            }
            _ => 1,
        },
        Err(_) => 1,
    }
}

/// The object holding the node's settings: `params`, or its `config` (or `parameters`) when the
/// settings live there.
fn root(params: &Value) -> Result<&Map<String, Value>, ConditionError> {
    const KEYS: [&str; 5] = ["conditions", "rules", "expression", "mode", "output"];
    let obj = params.as_object().ok_or_else(|| malformed("params", "an object (the node's data)", params))?;
    if KEYS.iter().any(|k| obj.contains_key(*k)) {
        return Ok(obj);
    }
    for nested in ["config", "parameters"] {
        if let Some(Value::Object(inner)) = obj.get(nested) {
            if KEYS.iter().any(|k| inner.contains_key(*k)) {
                return Ok(inner);
            }
        }
    }
    Ok(obj)
}

/// The node-level settings: each `None` when the node leaves it to the block or the default.
#[derive(Clone, Copy)]
struct Settings {
    ignore_case: Option<bool>,
    loose: Option<bool>,
}

fn node_settings(root: &Map<String, Value>) -> Result<Settings, ConditionError> {
    let loose = match flag(root, "looseTypeValidation")? {
        Some(b) => Some(b),
        None => type_validation(root.get("typeValidation"), "typeValidation")?,
    };
    Ok(Settings { ignore_case: flag(root, "ignoreCase")?, loose })
}

/// A boolean setting beside the node's conditions or in its `options`.
fn flag(root: &Map<String, Value>, name: &str) -> Result<Option<bool>, ConditionError> {
    let options = root.get("options").and_then(Value::as_object);
    for (value, field) in
        [(root.get(name), name.to_owned()), (options.and_then(|o| o.get(name)), format!("options.{name}"))]
    {
        match value {
            None | Some(Value::Null) => {}
            Some(Value::Bool(b)) => return Ok(Some(*b)),
            Some(other) => return Err(malformed(&field, "true or false", other)),
        }
    }
    Ok(None)
}

/// `"strict"` / `"loose"` as `Some(false)` / `Some(true)`.
fn type_validation(value: Option<&Value>, field: &str) -> Result<Option<bool>, ConditionError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("strict") => Ok(Some(false)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("loose") => Ok(Some(true)),
        Some(other) => Err(malformed(field, "\"strict\" or \"loose\"", other)),
    }
}

/// Evaluates `conditions`: a block object, or a bare list combined by `parent`'s combinator.
fn evaluate(
    conditions: &Value,
    at: &str,
    parent: &Map<String, Value>,
    settings: Settings,
) -> Result<bool, ConditionError> {
    match conditions {
        Value::Object(block) => {
            let mut ignore_case = settings.ignore_case;
            let mut loose = settings.loose;
            match block.get("options") {
                None | Some(Value::Null) => {}
                Some(Value::Object(options)) => {
                    if ignore_case.is_none() {
                        ignore_case = match options.get("caseSensitive") {
                            None | Some(Value::Null) => None,
                            Some(Value::Bool(b)) => Some(!b),
                            Some(other) => {
                                return Err(malformed(&format!("{at}.options.caseSensitive"), "true or false", other))
                            }
                        };
                    }
                    if loose.is_none() {
                        loose =
                            type_validation(options.get("typeValidation"), &format!("{at}.options.typeValidation"))?;
                    }
                }
                Some(other) => return Err(malformed(&format!("{at}.options"), "an object", other)),
            }
            let mode = Mode { ignore_case: ignore_case.unwrap_or(true), loose: loose.unwrap_or(true) };
            let and = combinator(block, at)?;
            match block.get("conditions") {
                // As FluxTurn: a block without conditions holds.
                None | Some(Value::Null) => Ok(true),
                Some(Value::Array(list)) => combine(list, &format!("{at}.conditions"), and, mode),
                Some(other) => Err(malformed(&format!("{at}.conditions"), "a list of conditions", other)),
            }
        }
        Value::Array(list) => {
            let mode =
                Mode { ignore_case: settings.ignore_case.unwrap_or(true), loose: settings.loose.unwrap_or(true) };
            combine(list, at, combinator(parent, "")?, mode)
        }
        other => Err(malformed(at, "a condition block {combinator, conditions: [...]}", other)),
    }
}

/// Whether the combinator (`combinator`, or FluxTurn's older `combineOperation`) is `and`.
fn combinator(obj: &Map<String, Value>, at: &str) -> Result<bool, ConditionError> {
    let prefix = if at.is_empty() { String::new() } else { format!("{at}.") };
    for key in ["combinator", "combineOperation"] {
        match obj.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("and") => return Ok(true),
            Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("or") => return Ok(false),
            Some(other) => {
                let expected = match other.as_str().and_then(|s| closest(s, ["and", "or"].into_iter())) {
                    Some(close) => format!("\"and\" or \"or\" (did you mean \"{close}\"?)"),
                    None => "\"and\" or \"or\"".to_owned(),
                };
                return Err(malformed(&format!("{prefix}{key}"), &expected, other));
            }
        }
    }
    Ok(true)
}

/// Every condition is evaluated (so a broken one is reported whatever its place), then combined.
fn combine(list: &[Value], at: &str, and: bool, mode: Mode) -> Result<bool, ConditionError> {
    let mut results = Vec::with_capacity(list.len());
    for (i, condition) in list.iter().enumerate() {
        results.push(condition_holds(condition, &format!("{at}[{i}]"), mode)?);
    }
    Ok(if and { results.iter().all(|r| *r) } else { results.is_empty() || results.iter().any(|r| *r) })
}

fn condition_holds(condition: &Value, at: &str, mode: Mode) -> Result<bool, ConditionError> {
    let obj = condition
        .as_object()
        .ok_or_else(|| malformed(at, "a condition {leftValue, operator: {type, operation}, rightValue}", condition))?;
    let left = obj.get("leftValue").or_else(|| obj.get("field")).unwrap_or(&Value::Null);
    let right = obj.get("rightValue").or_else(|| obj.get("value")).unwrap_or(&Value::Null);
    let (kind, op, op_name) = match obj.get("operator") {
        Some(Value::Object(operator)) => {
            let kind = match operator.get("type") {
                None | Some(Value::Null) => Kind::String,
                Some(Value::String(name)) => Kind::parse(name).ok_or_else(|| ConditionError::UnknownType {
                    at: at.to_owned(),
                    found: name.clone(),
                    did_you_mean: closest(name, Kind::all_names()).map(str::to_owned),
                })?,
                Some(other) => return Err(malformed(&format!("{at}.operator.type"), "a type name", other)),
            };
            let name = match operator.get("operation") {
                Some(Value::String(name)) if !name.trim().is_empty() => name.as_str(),
                other => {
                    return Err(malformed(
                        &format!("{at}.operator.operation"),
                        "an operation name such as \"equals\"",
                        other.unwrap_or(&Value::Null),
                    ))
                }
            };
            let op = kind.operation(name).ok_or_else(|| ConditionError::UnknownOperation {
                at: at.to_owned(),
                kind: kind.name().to_owned(),
                found: name.to_owned(),
                hint: kind.hint_for(name),
            })?;
            (kind, op, name)
        }
        // FluxTurn's older conditions name the operation alone.
        Some(Value::String(name)) if !name.trim().is_empty() => {
            let (kind, op) = Kind::infer(name).ok_or_else(|| ConditionError::UnknownOperation {
                at: at.to_owned(),
                kind: "string".to_owned(),
                found: name.clone(),
                hint: Kind::String.hint_for(name),
            })?;
            (kind, op, name.as_str())
        }
        other => {
            return Err(malformed(
                &format!("{at}.operator"),
                "an operator {type, operation}",
                other.unwrap_or(&Value::Null),
            ))
        }
    };
    Condition { at, kind, op, op_name, left, right }.eval(mode)
}

enum SwitchMode {
    Rules,
    Expression,
}

fn switch_mode(root: &Map<String, Value>) -> Result<SwitchMode, ConditionError> {
    match root.get("mode") {
        None | Some(Value::Null) => Ok(SwitchMode::Rules),
        Some(Value::String(s)) if s.trim().is_empty() || s.trim().eq_ignore_ascii_case("rules") => {
            Ok(SwitchMode::Rules)
        }
        Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("expression") => Ok(SwitchMode::Expression),
        Some(other) => {
            let expected = match other.as_str().and_then(|s| closest(s, ["rules", "expression"].into_iter())) {
                Some(close) => format!("\"rules\" or \"expression\" (did you mean \"{close}\"?)"),
                None => "\"rules\" or \"expression\"".to_owned(),
            };
            Err(malformed("mode", &expected, other))
        }
    }
}

/// The rules of a rules-mode SWITCH; `None` when it has neither rules nor an expression
/// (FluxTurn then passes items through to output 0).
fn rules(root: &Map<String, Value>) -> Result<Option<&Vec<Value>>, ConditionError> {
    match root.get("rules") {
        None | Some(Value::Null) => match root.get("expression") {
            None | Some(Value::Null) => Ok(None),
            Some(_) => Err(malformed("rules", "rules {values: [...]} in rules mode", &Value::Null)),
        },
        Some(Value::Array(list)) => Ok(Some(list)),
        Some(Value::Object(rules)) => match rules.get("values") {
            Some(Value::Array(list)) => Ok(Some(list)),
            other => Err(malformed("rules.values", "a list of rules", other.unwrap_or(&Value::Null))),
        },
        Some(other) => Err(malformed("rules", "rules {values: [...]}", other)),
    }
}

enum Fallback {
    None,
    Extra,
    Output(usize),
}

fn fallback(root: &Map<String, Value>, rule_count: usize) -> Result<Fallback, ConditionError> {
    let options = root.get("options").and_then(Value::as_object);
    let (value, field) = match root.get("fallbackOutput") {
        None | Some(Value::Null) => (options.and_then(|o| o.get("fallbackOutput")), "options.fallbackOutput"),
        some => (some, "fallbackOutput"),
    };
    let expected = || format!("\"none\", \"extra\" or an output index below {rule_count}");
    match value {
        None | Some(Value::Null) => Ok(Fallback::None),
        Some(Value::String(s)) if s.trim().is_empty() || s.trim().eq_ignore_ascii_case("none") => Ok(Fallback::None),
        Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("extra") => Ok(Fallback::Extra),
        Some(other) => match expression_index(other) {
            Some(i) if i < rule_count => Ok(Fallback::Output(i)),
            _ => Err(malformed(field, &expected(), other)),
        },
    }
}

/// `numberOutputs` of an expression-mode SWITCH: 2 when absent, 0 or unreadable.
fn number_outputs(root: &Map<String, Value>) -> usize {
    root.get("numberOutputs").and_then(expression_index).filter(|n| *n > 0).unwrap_or(2)
}

/// A whole, non-negative number (or text that reads as one) as an index; null and empty text
/// as 0, as FluxTurn reads an empty expression.
fn expression_index(value: &Value) -> Option<usize> {
    let n = match value {
        Value::Null => return Some(0),
        Value::Number(n) => n.as_f64()?,
        Value::String(s) if s.trim().is_empty() => return Some(0),
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    (n >= 0.0 && n.fract() == 0.0 && n < usize::MAX as f64).then_some(n as usize)
}

fn malformed(field: &str, expected: &str, found: &Value) -> ConditionError {
    let text = found.to_string();
    let found =
        if text.len() <= 40 { format!("{} {text}", ops::type_name(found)) } else { ops::type_name(found).to_owned() };
    ConditionError::Malformed { field: field.to_owned(), expected: expected.to_owned(), found }
}
