//! The flow nodes: IF_CONDITION and FILTER (matching items on output 0, the rest on output 1),
//! SWITCH (each item to the outputs whose rules match) and MERGE (the items of several parents).

use crate::canvas::Node;
use crate::conditions;
use crate::engine::{Scope, StepError};
use crate::item::{Item, Outputs};
use serde_json::{Map, Value};

fn condition_error(node: &Node, error: impl std::fmt::Display) -> StepError {
    StepError::new(format!("the conditions of `{}` cannot be checked: {error}", node.label()))
}

/// IF_CONDITION and FILTER (which, unlike IF, keeps every item when it has no conditions).
pub(crate) fn split_by_condition(
    node: &Node,
    items: &[Item],
    scope: &Scope<'_>,
    warnings: &mut Vec<String>,
) -> Result<Outputs, StepError> {
    let mut output = vec![Vec::new(), Vec::new()];
    let filter = node.node_type == crate::canvas::node_type::FILTER;
    for (index, item) in items.iter().enumerate() {
        let params = Value::Object(with_bare_fields(node.params(), &item.json));
        let params = scope.render(node, &params, item, index, warnings)?;
        let holds = if filter { conditions::filter_keeps(&params) } else { conditions::holds(&params) };
        let holds = holds.map_err(|e| condition_error(node, e))?;
        output[usize::from(!holds)].push(item.clone());
    }
    Ok(output)
}

/// FluxTurn reads a condition's left value written without `{{ }}` (`status`, `user.name`) as
/// a field of the item when the item has that field: such values are replaced by the field's.
fn with_bare_fields(mut params: Map<String, Value>, item: &Value) -> Map<String, Value> {
    fn field<'v>(item: &'v Value, path: &str) -> Option<&'v Value> {
        let plain = !path.is_empty() && path.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.');
        if !plain {
            return None;
        }
        path.split('.').try_fold(item, |value, key| value.get(key))
    }
    fn visit(value: &mut Value, item: &Value) {
        match value {
            Value::Object(map) => {
                for key in ["leftValue", "field"] {
                    if let Some(Value::String(text)) = map.get(key) {
                        if let Some(found) = field(item, text.trim()) {
                            map.insert(key.to_owned(), found.clone());
                        }
                    }
                }
                for (key, child) in map.iter_mut() {
                    if key != "leftValue" && key != "field" {
                        visit(child, item);
                    }
                }
            }
            Value::Array(values) => values.iter_mut().for_each(|v| visit(v, item)),
            _ => {}
        }
    }
    for key in ["conditions", "rules"] {
        if let Some(value) = params.get_mut(key) {
            visit(value, item);
        }
    }
    params
}

/// SWITCH.
pub(crate) fn switch(
    node: &Node,
    items: &[Item],
    scope: &Scope<'_>,
    warnings: &mut Vec<String>,
) -> Result<Outputs, StepError> {
    let mut output: Outputs = vec![Vec::new(); conditions::switch_output_count(&Value::Object(node.params())).max(1)];
    for (index, item) in items.iter().enumerate() {
        let params = Value::Object(with_bare_fields(node.params(), &item.json));
        let params = scope.render(node, &params, item, index, warnings)?;
        for target in conditions::switch_outputs(&params).map_err(|e| condition_error(node, e))? {
            if output.len() <= target {
                output.resize(target + 1, Vec::new());
            }
            output[target].push(item.clone());
        }
    }
    Ok(output)
}

/// MERGE, with FluxTurn's modes: `append` (default: every parent's items, in edge order),
/// `combine` by `combineByPosition` (the n-th items of the first two inputs merged; on a clash
/// input 2 wins unless `clashHandling` is `preferInput1`), `combineByFields` (items whose
/// `fieldsToMatchString` fields are equal, `joinMode` keepMatches, keepEverything, enrichInput1
/// or enrichInput2) or `combineAll` (every pair), and `chooseBranch` (`output`: `input1`, the
/// default, or `input2`).
pub(crate) fn merge(node: &Node, inputs: &[Vec<Item>]) -> Result<Vec<Item>, StepError> {
    let params = node.params();
    let text = |key: &str, default: &'static str| -> String {
        params.get(key).and_then(Value::as_str).filter(|s| !s.is_empty()).unwrap_or(default).to_owned()
    };
    let empty = Vec::new();
    let (first, second) = (inputs.first().unwrap_or(&empty), inputs.get(1).unwrap_or(&empty));
    let prefer_first = text("clashHandling", "preferInput2") == "preferInput1";
    let join = |a: &Item, b: &Item| -> Item {
        let (base, over) = if prefer_first { (b, a) } else { (a, b) };
        let mut json = object(&base.json);
        json.extend(object(&over.json));
        Item { json: Value::Object(json), binary: a.binary.clone().or_else(|| b.binary.clone()) }
    };
    match text("mode", "append").as_str() {
        "append" => Ok(inputs.concat()),
        "chooseBranch" => Ok(if text("output", "input1") == "input2" { second.clone() } else { first.clone() }),
        "combine" => match text("combineBy", "combineByPosition").as_str() {
            "combineByPosition" => Ok(first.iter().zip(second).map(|(a, b)| join(a, b)).collect()),
            "combineAll" => Ok(first.iter().flat_map(|a| second.iter().map(|b| join(a, b))).collect()),
            "combineByFields" => {
                let fields: Vec<String> = text("fieldsToMatchString", "")
                    .split(',')
                    .map(|f| f.trim().to_owned())
                    .filter(|f| !f.is_empty())
                    .collect();
                if fields.is_empty() {
                    return Err(StepError::new(format!(
                        "`{}` combines by fields but names none: set `fieldsToMatchString` (e.g. `id` or `id, email`)",
                        node.label()
                    )));
                }
                let same = |a: &Item, b: &Item| {
                    fields.iter().all(|f| a.json.get(f).is_some() && a.json.get(f) == b.json.get(f))
                };
                let mode = text("joinMode", "keepMatches");
                let mut merged = Vec::new();
                for a in first {
                    let matches: Vec<&Item> = second.iter().filter(|b| same(a, b)).collect();
                    merged.extend(matches.iter().map(|b| join(a, b)));
                    if matches.is_empty() && matches!(mode.as_str(), "keepEverything" | "enrichInput1") {
                        merged.push(a.clone());
                    }
                }
                if matches!(mode.as_str(), "keepEverything" | "enrichInput2") {
                    merged.extend(second.iter().filter(|b| !first.iter().any(|a| same(a, b))).cloned());
                }
                Ok(merged)
            }
            other => Err(StepError::new(format!(
                "`{}` has an unknown `combineBy` `{other}`: use combineByPosition, combineByFields or combineAll",
                node.label()
            ))),
        },
        other => Err(StepError::new(format!(
            "`{}` has an unknown merge `mode` `{other}`: use append, combine or chooseBranch",
            node.label()
        ))),
    }
}

fn object(value: &Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map.clone(),
        Value::Null => Map::new(),
        other => Map::from_iter([("value".to_owned(), other.clone())]),
    }
}
