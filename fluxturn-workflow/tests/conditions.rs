//! FluxTurn's condition format for IF_CONDITION, FILTER and SWITCH, value by value.

use fluxturn_workflow::conditions::{filter_keeps, holds, switch_output_count, switch_outputs, ConditionError};
use serde_json::{json, Value};

/// IF params with one condition; case ignored and typing loose unless `extra` says otherwise.
fn one(kind: &str, operation: &str, left: Value, right: Value, extra: Value) -> Value {
    let mut params = json!({
        "conditions": {
            "combinator": "and",
            "conditions": [{ "leftValue": left, "rightValue": right, "operator": { "type": kind, "operation": operation } }]
        }
    });
    if let Value::Object(extra) = extra {
        params.as_object_mut().unwrap().extend(extra);
    }
    params
}

fn check(kind: &str, operation: &str, left: Value, right: Value) -> bool {
    holds(&one(kind, operation, left, right, json!({}))).unwrap_or_else(|e| panic!("{kind} {operation}: {e}"))
}

fn strict(kind: &str, operation: &str, left: Value, right: Value) -> Result<bool, ConditionError> {
    holds(&one(kind, operation, left, right, json!({ "looseTypeValidation": false, "ignoreCase": false })))
}

#[test]
fn string_operations() {
    let cases: &[(&str, &str, &str, bool)] = &[
        ("equals", "abc", "abc", true),
        ("equals", "abc", "abd", false),
        ("notEquals", "abc", "abd", true),
        ("notEquals", "abc", "abc", false),
        ("contains", "hello world", "lo w", true),
        ("contains", "hello", "xyz", false),
        ("notContains", "hello", "xyz", true),
        ("notContains", "hello", "ell", false),
        ("startsWith", "invoice-7", "invoice", true),
        ("startsWith", "invoice-7", "7", false),
        ("notStartsWith", "invoice-7", "order", true),
        ("notStartsWith", "invoice-7", "inv", false),
        ("endsWith", "report.pdf", ".pdf", true),
        ("endsWith", "report.pdf", ".doc", false),
        ("notEndsWith", "report.pdf", ".doc", true),
        ("notEndsWith", "report.pdf", "pdf", false),
        ("regex", "order-1234", "^order-\\d+$", true),
        ("regex", "order-x", "^order-\\d+$", false),
        ("notRegex", "order-x", "^order-\\d+$", true),
        ("notRegex", "order-12", "^order-\\d+$", false),
        ("regex", "ABC", "/^abc$/i", true),
    ];
    for (op, left, right, want) in cases {
        assert_eq!(check("string", op, json!(left), json!(right)), *want, "{left} {op} {right}");
    }
    for (op, left, want) in [
        ("exists", json!(""), true),
        ("exists", Value::Null, false),
        ("notExists", Value::Null, true),
        ("notExists", json!("x"), false),
        ("empty", json!(""), true),
        ("isEmpty", Value::Null, true),
        ("empty", json!("x"), false),
        ("notEmpty", json!("x"), true),
        ("isNotEmpty", json!(""), false),
    ] {
        assert_eq!(check("string", op, left.clone(), Value::Null), want, "{left} {op}");
    }
}

#[test]
fn string_orderings_compare_as_numbers_as_fluxturn_does() {
    assert!(check("string", "gt", json!("10"), json!("9")));
    assert!(!check("string", "lt", json!("10"), json!("9")));
    assert!(!check("string", "gt", json!("ten"), json!("9")));
}

#[test]
fn number_operations() {
    let cases = [
        ("equals", json!(5), json!(5.0), true),
        ("equals", json!(5), json!(6), false),
        ("notEquals", json!(5), json!(6), true),
        ("notEquals", json!(5), json!(5), false),
        ("gt", json!(6), json!(5), true),
        ("gt", json!(5), json!(5), false),
        ("gte", json!(5), json!(5), true),
        ("gte", json!(4), json!(5), false),
        ("lt", json!(4), json!(5), true),
        ("lt", json!(5), json!(5), false),
        ("lte", json!(5), json!(5), true),
        ("lte", json!(6), json!(5), false),
        ("greaterThan", json!(6), json!(5), true),
        ("lessThanOrEqual", json!(6), json!(5), false),
        ("exists", json!(0), Value::Null, true),
        ("exists", Value::Null, Value::Null, false),
        ("notExists", Value::Null, Value::Null, true),
        ("empty", Value::Null, Value::Null, true),
        ("empty", json!(0), Value::Null, false),
        ("notEmpty", json!(0), Value::Null, true),
        ("isNotEmpty", json!(""), Value::Null, false),
    ];
    for (op, left, right, want) in cases {
        assert_eq!(check("number", op, left.clone(), right.clone()), want, "{left} {op} {right}");
    }
}

#[test]
fn boolean_operations() {
    let cases = [
        ("true", json!(true), Value::Null, true),
        ("true", json!(false), Value::Null, false),
        ("false", json!(false), Value::Null, true),
        ("false", json!(true), Value::Null, false),
        ("equals", json!(true), json!(true), true),
        ("equals", json!(true), json!(false), false),
        ("notEquals", json!(true), json!(false), true),
        ("notEquals", json!(false), json!(false), false),
        ("exists", json!(false), Value::Null, true),
        ("notExists", json!(false), Value::Null, false),
        ("empty", Value::Null, Value::Null, true),
        ("notEmpty", json!(false), Value::Null, true),
    ];
    for (op, left, right, want) in cases {
        assert_eq!(check("boolean", op, left.clone(), right.clone()), want, "{left} {op} {right}");
    }
}

#[test]
fn date_time_operations() {
    let earlier = json!("2024-03-01T10:00:00Z");
    let later = json!("2024-03-01T12:30:00+02:00"); // 10:30 UTC
    let earlier_ms = json!(1_709_287_200_000_i64);
    for kind in ["dateTime", "date"] {
        assert!(check(kind, "after", later.clone(), earlier.clone()));
        assert!(!check(kind, "after", earlier.clone(), later.clone()));
        assert!(check(kind, "before", earlier.clone(), later.clone()));
        assert!(!check(kind, "before", later.clone(), earlier.clone()));
        assert!(check(kind, "afterOrEquals", earlier.clone(), earlier_ms.clone()));
        assert!(!check(kind, "afterOrEquals", earlier.clone(), later.clone()));
        assert!(check(kind, "beforeOrEquals", earlier_ms.clone(), earlier.clone()));
        assert!(!check(kind, "beforeOrEquals", later.clone(), earlier.clone()));
        assert!(check(kind, "equals", earlier.clone(), earlier_ms.clone()));
        assert!(!check(kind, "equals", earlier.clone(), later.clone()));
        assert!(check(kind, "notEquals", earlier.clone(), later.clone()));
        assert!(!check(kind, "notEquals", earlier.clone(), earlier_ms.clone()));
        assert!(check(kind, "after", json!("2024-03-02"), earlier.clone()));
        assert!(check(kind, "exists", earlier.clone(), Value::Null));
        assert!(check(kind, "empty", json!(""), Value::Null));
        assert!(check(kind, "notEmpty", earlier.clone(), Value::Null));
    }
    // Loose: an instant that cannot be read makes the comparison false.
    assert!(!check("dateTime", "before", json!("someday"), earlier.clone()));
    assert!(!check("dateTime", "notEquals", json!("someday"), earlier.clone()));
    // Strict: it is an error naming the text.
    let err = strict("dateTime", "before", json!("someday"), earlier).unwrap_err();
    assert!(matches!(err, ConditionError::InvalidDate { .. }), "{err}");
    assert!(err.to_string().contains("someday"), "{err}");
}

#[test]
fn array_operations() {
    let list = json!(["red", "Green", 3]);
    let cases = [
        ("contains", json!("green"), true),
        ("contains", json!("blue"), false),
        ("contains", json!("3"), true),
        ("notContains", json!("blue"), true),
        ("notContains", json!("red"), false),
        ("lengthEquals", json!(3), true),
        ("lengthEquals", json!(2), false),
        ("lengthNotEquals", json!(2), true),
        ("lengthNotEquals", json!(3), false),
        ("lengthGt", json!(2), true),
        ("lengthGt", json!(3), false),
        ("lengthGte", json!(3), true),
        ("lengthGte", json!(4), false),
        ("lengthLt", json!(4), true),
        ("lengthLt", json!(3), false),
        ("lengthLte", json!("3"), true),
        ("lengthLte", json!(2), false),
        ("empty", Value::Null, false),
        ("notEmpty", Value::Null, true),
        ("exists", Value::Null, true),
        ("notExists", Value::Null, false),
    ];
    for (op, right, want) in cases {
        assert_eq!(check("array", op, list.clone(), right.clone()), want, "{op} {right}");
    }
    assert!(check("array", "empty", json!([]), Value::Null));
    assert!(check("array", "isEmpty", Value::Null, Value::Null));
    assert!(!check("array", "isNotEmpty", json!([]), Value::Null));
    // Loose: a JSON array written as text is an array; anything else satisfies nothing.
    assert!(check("array", "contains", json!("[1, 2]"), json!(2)));
    assert!(!check("array", "notContains", json!(5), json!(2)));
}

#[test]
fn object_operations() {
    assert!(check("object", "empty", json!({}), Value::Null));
    assert!(!check("object", "empty", json!({"a": 1}), Value::Null));
    assert!(check("object", "notEmpty", json!({"a": 1}), Value::Null));
    assert!(!check("object", "isNotEmpty", json!({}), Value::Null));
    assert!(check("object", "exists", json!({}), Value::Null));
    assert!(!check("object", "exists", Value::Null, Value::Null));
    assert!(check("object", "notExists", Value::Null, Value::Null));
}

fn two(combinator: &str, first: bool, second: bool) -> Value {
    let c =
        |b: bool| json!({ "leftValue": b, "rightValue": null, "operator": { "type": "boolean", "operation": "true" } });
    json!({ "conditions": { "combinator": combinator, "conditions": [c(first), c(second)] } })
}

#[test]
fn and_or() {
    assert!(holds(&two("and", true, true)).unwrap());
    assert!(!holds(&two("and", true, false)).unwrap());
    assert!(holds(&two("or", false, true)).unwrap());
    assert!(!holds(&two("or", false, false)).unwrap());
    let err = holds(&two("xor", true, true)).unwrap_err();
    assert!(err.to_string().contains("conditions.combinator"), "{err}");
}

#[test]
fn case_sensitivity() {
    let params = |extra: Value| one("string", "equals", json!("Shipped"), json!("shipped"), extra);
    // FluxTurn ignores case unless told not to.
    assert!(holds(&params(json!({}))).unwrap());
    assert!(holds(&params(json!({ "ignoreCase": true }))).unwrap());
    assert!(!holds(&params(json!({ "ignoreCase": false }))).unwrap());
    assert!(!holds(&params(json!({ "options": { "ignoreCase": false } }))).unwrap());
    // n8n's block option.
    let mut n8n = params(json!({}));
    n8n["conditions"]["options"] = json!({ "caseSensitive": true, "typeValidation": "strict" });
    assert!(!holds(&n8n).unwrap());
    n8n["conditions"]["options"]["caseSensitive"] = json!(false);
    assert!(holds(&n8n).unwrap());
    let regex = |extra| one("string", "regex", json!("HELLO"), json!("^hello$"), extra);
    assert!(holds(&regex(json!({}))).unwrap());
    assert!(!holds(&regex(json!({ "ignoreCase": false }))).unwrap());
    let contains = |extra| one("string", "contains", json!("Big Order"), json!("ORDER"), extra);
    assert!(holds(&contains(json!({}))).unwrap());
    assert!(!holds(&contains(json!({ "ignoreCase": false }))).unwrap());
}

#[test]
fn loose_typing_converts() {
    assert!(check("number", "equals", json!("5"), json!(5)));
    assert!(check("number", "gt", json!(" 7.5 "), json!("7")));
    assert!(check("boolean", "true", json!("true"), Value::Null));
    assert!(check("boolean", "false", json!("FALSE"), Value::Null));
    assert!(check("boolean", "equals", json!(true), json!("true")));
    assert!(check("string", "equals", json!(5), json!("5")));
    // FluxTurn's right-hand literals: trimmed, one pair of quotes removed.
    assert!(check("string", "equals", json!("active"), json!(" 'active' ")));
    // What does not convert matches nothing.
    assert!(!check("number", "equals", json!("five"), json!(5)));
    assert!(!check("boolean", "true", json!("maybe"), Value::Null));
    // The n8n switch is honoured too.
    let params = one("number", "equals", json!("5"), json!(5), json!({ "looseTypeValidation": true }));
    assert!(holds(&params).unwrap());
}

#[test]
fn strict_typing_rejects_mismatches_naming_both_types() {
    let err = strict("number", "equals", json!("5"), json!(5)).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, ConditionError::TypeMismatch { expected: "number", found: "string", side: "left", .. }));
    assert!(text.contains("number") && text.contains("string"), "{text}");
    let err = strict("string", "equals", json!("x"), json!(5)).unwrap_err();
    assert!(matches!(err, ConditionError::TypeMismatch { expected: "string", found: "number", side: "right", .. }));
    let err = strict("boolean", "true", json!("true"), Value::Null).unwrap_err();
    assert!(matches!(err, ConditionError::TypeMismatch { expected: "boolean", found: "string", .. }));
    let err = strict("array", "contains", json!("[1]"), json!(1)).unwrap_err();
    assert!(matches!(err, ConditionError::TypeMismatch { expected: "array", found: "string", .. }));
    // Matching types and missing values are fine.
    assert!(strict("number", "equals", json!(5), json!(5)).unwrap());
    assert!(!strict("number", "gt", Value::Null, json!(5)).unwrap());
    assert!(strict("string", "empty", Value::Null, Value::Null).unwrap());
    // n8n's block option selects strict typing; the node's looseTypeValidation overrides it.
    let mut params = one("number", "equals", json!("5"), json!(5), json!({}));
    params["conditions"]["options"] = json!({ "typeValidation": "strict" });
    assert!(holds(&params).is_err());
    params["looseTypeValidation"] = json!(true);
    assert!(holds(&params).unwrap());
}

#[test]
fn invalid_regex_is_an_error() {
    let err = holds(&one("string", "regex", json!("abc"), json!("(unclosed"), json!({}))).unwrap_err();
    assert!(matches!(err, ConditionError::InvalidRegex { ref pattern, .. } if pattern == "(unclosed"), "{err}");
    assert!(err.to_string().contains("conditions.conditions[0]"), "{err}");
    // A pattern whose compiled form is too large is refused, not built.
    let err = holds(&one("string", "regex", json!("a"), json!("\\w{1000}{1000}"), json!({}))).unwrap_err();
    assert!(matches!(err, ConditionError::InvalidRegex { .. }), "{err}");
}

#[test]
fn unknown_names_suggest_the_closest() {
    let err = holds(&one("string", "equal", json!("a"), json!("a"), json!({}))).unwrap_err();
    assert!(matches!(err, ConditionError::UnknownOperation { .. }), "{err}");
    assert!(err.to_string().contains("did you mean `equals`?"), "{err}");
    let err = holds(&one("string", "after", json!("a"), json!("a"), json!({}))).unwrap_err();
    assert!(err.to_string().contains("dateTime"), "{err}");
    let err = holds(&one("nubmer", "equals", json!(1), json!(1), json!({}))).unwrap_err();
    assert!(matches!(err, ConditionError::UnknownType { did_you_mean: Some(ref s), .. } if s == "number"), "{err}");
    assert!(err.to_string().contains("did you mean `number`?"), "{err}");
}

#[test]
fn malformed_params_say_which_field() {
    let err = holds(&json!({ "conditions": { "combinator": "and", "conditions": "x" } })).unwrap_err();
    assert!(err.to_string().contains("`conditions.conditions`"), "{err}");
    let err = holds(&json!({ "conditions": { "conditions": [{ "leftValue": 1, "operator": { "type": "number" } }] } }))
        .unwrap_err();
    assert!(err.to_string().contains("conditions.conditions[0].operator.operation"), "{err}");
    let err = holds(&one("string", "equals", json!("a"), json!("a"), json!({ "ignoreCase": "yes" }))).unwrap_err();
    assert!(err.to_string().contains("`ignoreCase`: expected true or false"), "{err}");
    assert!(holds(&json!([1])).is_err());
}

#[test]
fn missing_or_empty_conditions() {
    // IF without conditions routes to false; FILTER without conditions keeps the item.
    assert!(!holds(&json!({ "label": "If" })).unwrap());
    assert!(filter_keeps(&json!({ "label": "Filter" })).unwrap());
    // An empty list holds, for either.
    let empty = json!({ "conditions": { "combinator": "and", "conditions": [] } });
    assert!(holds(&empty).unwrap());
    assert!(filter_keeps(&empty).unwrap());
}

#[test]
fn settings_under_config_and_the_older_shape() {
    let params = json!({
        "label": "If",
        "config": one("number", "lt", json!(3), json!(4), json!({}))
    });
    assert!(holds(&params).unwrap());
    // FluxTurn's older builtin schema: a bare list of {field, operator, value}.
    let older = json!({
        "conditions": [
            { "field": 12, "operator": "greaterThan", "value": "10" },
            { "field": "gold", "operator": "equals", "value": "Gold" }
        ],
        "combineOperation": "and"
    });
    assert!(holds(&older).unwrap());
}

/// The shape of a FluxTurn template's IF node `data` (an `isNotEmpty` check with a right value the
/// panel leaves behind), with fixture values of our own.
#[test]
fn template_shaped_if_node() {
    let data = |left: Value| {
        json!({
            "icon": "I",
            "label": "If",
            "category": "control",
            "controlType": "if",
            "description": "Branch on the attachment",
            "conditions": {
                "combinator": "and",
                "conditions": [
                    { "operator": { "type": "string", "operation": "isNotEmpty" }, "leftValue": left, "rightValue": "null" }
                ]
            },
            "ignoreCase": true
        })
    };
    assert!(holds(&data(json!("https://example.test/cover.png"))).unwrap());
    assert!(!holds(&data(json!(""))).unwrap());
    assert!(!holds(&data(Value::Null)).unwrap());
}

fn rule(status: &str) -> Value {
    json!({
        "conditions": {
            "combinator": "and",
            "conditions": [{ "leftValue": status, "rightValue": "urgent", "operator": { "type": "string", "operation": "contains" } }]
        },
        "renameOutput": false,
        "outputKey": "0"
    })
}

fn switch(values: Vec<Value>, extra: Value) -> Value {
    let mut params =
        json!({ "label": "Switch", "controlType": "switch", "mode": "rules", "rules": { "values": values } });
    if let Value::Object(extra) = extra {
        params.as_object_mut().unwrap().extend(extra);
    }
    params
}

#[test]
fn switch_takes_the_first_match_unless_all_are_asked_for() {
    let rules = vec![rule("calm"), rule("urgent: disk"), rule("URGENT")];
    assert_eq!(switch_outputs(&switch(rules.clone(), json!({}))).unwrap(), vec![1]);
    assert_eq!(switch_outputs(&switch(rules.clone(), json!({ "allMatchingOutputs": true }))).unwrap(), vec![1, 2]);
    assert_eq!(
        switch_outputs(&switch(rules.clone(), json!({ "options": { "allMatchingOutputs": true } }))).unwrap(),
        vec![1, 2]
    );
    // Case is ignored by default, as FluxTurn does; not when the node says so.
    assert_eq!(
        switch_outputs(&switch(rules, json!({ "allMatchingOutputs": true, "ignoreCase": false }))).unwrap(),
        vec![1]
    );
}

#[test]
fn switch_fallback() {
    let rules = vec![rule("calm"), rule("quiet")];
    assert_eq!(switch_outputs(&switch(rules.clone(), json!({}))).unwrap(), Vec::<usize>::new());
    assert_eq!(
        switch_outputs(&switch(rules.clone(), json!({ "fallbackOutput": "none" }))).unwrap(),
        Vec::<usize>::new()
    );
    assert_eq!(switch_outputs(&switch(rules.clone(), json!({ "fallbackOutput": "extra" }))).unwrap(), vec![2]);
    assert_eq!(switch_outputs(&switch(rules.clone(), json!({ "options": { "fallbackOutput": 1 } }))).unwrap(), vec![1]);
    // A matched item does not also go to the fallback.
    let matched = vec![rule("urgent"), rule("quiet")];
    assert_eq!(switch_outputs(&switch(matched, json!({ "fallbackOutput": "extra" }))).unwrap(), vec![0]);
    let err = switch_outputs(&switch(rules, json!({ "fallbackOutput": 5 }))).unwrap_err();
    assert!(err.to_string().contains("`fallbackOutput`"), "{err}");
}

#[test]
fn switch_output_counts() {
    let rules = vec![rule("a"), rule("b"), rule("c")];
    assert_eq!(switch_output_count(&switch(rules.clone(), json!({}))), 3);
    assert_eq!(switch_output_count(&switch(rules.clone(), json!({ "fallbackOutput": "extra" }))), 4);
    assert_eq!(switch_output_count(&switch(rules, json!({ "fallbackOutput": 0 }))), 3);
    assert_eq!(switch_output_count(&switch(vec![], json!({}))), 1);
    assert_eq!(switch_output_count(&json!({ "label": "Switch" })), 1);
    assert_eq!(switch_output_count(&json!({ "mode": "expression", "expression": 1 })), 2);
    assert_eq!(switch_output_count(&json!({ "mode": "expression", "expression": 1, "numberOutputs": 4 })), 4);
    assert_eq!(switch_output_count(&json!("nonsense")), 1);
}

#[test]
fn switch_expression_mode_and_pass_through() {
    let expr = |value: Value| json!({ "mode": "expression", "expression": value, "numberOutputs": 3 });
    assert_eq!(switch_outputs(&expr(json!(2))).unwrap(), vec![2]);
    assert_eq!(switch_outputs(&expr(json!("1"))).unwrap(), vec![1]);
    assert_eq!(switch_outputs(&expr(json!(""))).unwrap(), vec![0]);
    assert_eq!(switch_outputs(&expr(json!(3))).unwrap(), Vec::<usize>::new());
    assert_eq!(switch_outputs(&expr(json!("high"))).unwrap(), Vec::<usize>::new());
    assert_eq!(switch_outputs(&expr(json!(1.5))).unwrap(), Vec::<usize>::new());
    // n8n's name for the expression.
    assert_eq!(switch_outputs(&json!({ "mode": "expression", "output": 1 })).unwrap(), vec![1]);
    // No rules and no expression: everything to output 0.
    assert_eq!(switch_outputs(&json!({ "label": "Switch" })).unwrap(), vec![0]);
    let err = switch_outputs(&json!({ "mode": "rule", "rules": { "values": [] } })).unwrap_err();
    assert!(err.to_string().contains("did you mean \"rules\"?"), "{err}");
    let err = switch_outputs(&switch(vec![json!({ "outputKey": "a" })], json!({}))).unwrap_err();
    assert!(err.to_string().contains("rules.values[0].conditions"), "{err}");
}
