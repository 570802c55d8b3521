use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::*;

struct Fixture {
    json: Value,
    trigger: Value,
    nodes: BTreeMap<String, Vec<Value>>,
    workflow: Value,
    execution: Value,
    env: BTreeMap<String, String>,
}

fn fixture() -> Fixture {
    let mut nodes = BTreeMap::new();
    nodes.insert("Send Message".to_string(), vec![json!({"ts": "1700000000.1"})]);
    nodes.insert(
        "Chat Completion".to_string(),
        vec![
            json!({"choices": [{"message": {"content": "Hi there"}}]}),
            json!({"choices": [{"message": {"content": "second"}}]}),
        ],
    );
    nodes.insert("node_1".to_string(), vec![json!({"id": 11, "message": {"text": "from node 1"}})]);
    nodes.insert("node_2".to_string(), vec![json!({"text": "from node 2", "output": "literal output key"})]);
    Fixture {
        json: json!({
            "user": {"name": "Ada", "age": 36, "tags": ["a", "b", "c"]},
            "count": 41,
            "price": 2.5,
            "numstr": "42",
            "empty": "",
            "nothing": null,
            "flag": true,
            "constructor": "data, not code",
        }),
        trigger: json!({"message": {"text": "hello bot"}, "x": 7}),
        nodes,
        workflow: json!({"id": "wf_1", "name": "Demo", "active": true}),
        execution: json!({"id": "ex_9", "mode": "manual"}),
        env: BTreeMap::from([("API_BASE".to_string(), "https://api.example.com".to_string())]),
    }
}

impl Fixture {
    fn ctx(&self) -> Context<'_> {
        Context {
            json: &self.json,
            trigger: &self.trigger,
            nodes: &self.nodes,
            workflow: &self.workflow,
            execution: &self.execution,
            now: "2026-03-04T05:06:07Z",
            env: &self.env,
            item_index: 3,
        }
    }
}

fn r(template: &str) -> Rendered {
    let f = fixture();
    render(template, &f.ctx()).unwrap_or_else(|e| panic!("{template}: {e}"))
}

fn v(template: &str) -> Value {
    r(template).value
}

fn err(template: &str) -> ExprError {
    let f = fixture();
    match render(template, &f.ctx()) {
        Ok(ok) => panic!("{template} rendered {ok:?}, expected an error"),
        Err(e) => e,
    }
}

// ----- templates -----------------------------------------------------------------------------

#[test]
fn whole_string_expression_keeps_its_type() {
    assert_eq!(v("{{ $json.count }}"), json!(41));
    assert_eq!(v("{{ $json.user }}"), json!({"name": "Ada", "age": 36, "tags": ["a", "b", "c"]}));
    assert_eq!(v("{{ $json.user.tags }}"), json!(["a", "b", "c"]));
    assert_eq!(v("{{ $json.flag }}"), json!(true));
    assert_eq!(v("{{ $json.nothing }}"), Value::Null);
    assert_eq!(v("  {{ $json.price }}  "), json!(2.5));
    assert_eq!(v("{{$trigger.message.text}}"), json!("hello bot"));
}

#[test]
fn equals_prefix_forms() {
    assert_eq!(v("={{ $json.count + 1 }}"), json!(42));
    assert_eq!(v("= {{ $json.count }} "), json!(41));
    assert_eq!(v("=Hi {{ $json.user.name }}"), json!("Hi Ada"));
    // n8n's `=text`: the rest is literal.
    assert_eq!(v("=plain"), json!("plain"));
}

#[test]
fn mixed_text_interpolates() {
    assert_eq!(v("Hello {{ $json.user.name }}!"), json!("Hello Ada!"));
    assert_eq!(v("{{ $json.count }} items"), json!("41 items"));
    assert_eq!(v("n={{ $json.nothing }};"), json!("n=;"));
    assert_eq!(v("tags: {{ $json.user.tags }}"), json!(r#"tags: ["a","b","c"]"#));
    assert_eq!(v("{{ $json.flag }}/{{ $json.price }}"), json!("true/2.5"));
    assert_eq!(v("{{ 1 }}{{ 2 }}"), json!("12"));
}

#[test]
fn strings_without_expressions_are_unchanged() {
    assert_eq!(v("just text"), json!("just text"));
    assert_eq!(v(""), json!(""));
    assert_eq!(v("a } b }}"), json!("a } b }}"));
}

#[test]
fn unclosed_braces_are_literal_with_a_warning() {
    let out = r("Hello {{ name");
    assert_eq!(out.value, json!("Hello {{ name"));
    assert!(out.warnings[0].contains("never closed"), "{:?}", out.warnings);
    assert!(!is_expression("Hello {{ name"));
}

#[test]
fn braces_inside_expressions() {
    assert_eq!(v("{{ {a: {b: 1}} }}"), json!({"a": {"b": 1}}));
    assert_eq!(v("{{ '}}' + 'x' }}"), json!("}}x"));
    assert_eq!(v("{{ $json[\"user\"].name }}"), json!("Ada"));
}

#[test]
fn empty_expression_is_null_with_a_warning() {
    let out = r("{{ }}");
    assert_eq!(out.value, Value::Null);
    assert_eq!(out.warnings.len(), 1);
}

#[test]
fn expressions_and_is_expression() {
    assert_eq!(expressions("{{messages}} and {{ $json.a }}"), vec!["messages", "$json.a"]);
    assert!(is_expression("x {{ y }}"));
    assert!(!is_expression("x { y }"));
}

#[test]
fn render_value_recurses_and_keeps_keys() {
    let f = fixture();
    let params = json!({
        "{{ key }}": "{{ $json.count }}",
        "list": ["a {{ $json.user.name }}", 1, null, {"deep": "={{ $json.flag }}"}],
    });
    let out = render_value(&params, &f.ctx()).unwrap();
    assert_eq!(out.value, json!({"{{ key }}": 41, "list": ["a Ada", 1, null, {"deep": true}]}));
    assert!(out.warnings.is_empty());
}

// ----- roots ---------------------------------------------------------------------------------

#[test]
fn every_root_form() {
    assert_eq!(v("{{ $json.user.name }}"), json!("Ada"));
    assert_eq!(v("{{ $input.item.json.user.name }}"), json!("Ada"));
    assert_eq!(v("{{ $input.first().json.count }}"), json!(41));
    assert_eq!(v("{{ $input.all()[0].json.count }}"), json!(41));
    assert_eq!(v("{{ $trigger.x }}"), json!(7));
    assert_eq!(v("{{ trigger.x }}"), json!(7));
    assert_eq!(v("{{ $node[\"Send Message\"].json.ts }}"), json!("1700000000.1"));
    assert_eq!(v("{{ $node['Send Message'].json.ts }}"), json!("1700000000.1"));
    assert_eq!(v("{{ $node[\"Send Message\"].data.ts }}"), json!("1700000000.1"));
    assert_eq!(v("{{ $node.node_1.json.id }}"), json!(11));
    assert_eq!(v("{{ $('Chat Completion').item.json.choices[0].message.content }}"), json!("Hi there"));
    assert_eq!(v("{{ $('Chat Completion').first().json.choices[0].message.content }}"), json!("Hi there"));
    assert_eq!(v("{{ $('Chat Completion').last().json.choices[0].message.content }}"), json!("second"));
    assert_eq!(v("{{ $('Chat Completion').all().length }}"), json!(2));
    assert_eq!(v("{{ $('Chat Completion').all()[1].json.choices[0].message.content }}"), json!("second"));
    assert_eq!(v("{{node_2.output.text}}"), json!("from node 2"));
    assert_eq!(v("{{ node_2.text }}"), json!("from node 2"));
    assert_eq!(v("{{ node_1.message.text }}"), json!("from node 1"));
    assert_eq!(v("{{ node_1.output.message.text }}"), json!("from node 1"));
    assert_eq!(v("{{ $workflow.name }}"), json!("Demo"));
    assert_eq!(v("{{ $execution.mode }}"), json!("manual"));
    assert_eq!(v("{{ $now }}"), json!("2026-03-04T05:06:07Z"));
    assert_eq!(v("{{ $now.toISOString() }}"), json!("2026-03-04T05:06:07Z"));
    assert_eq!(v("{{ $today }}"), json!("2026-03-04"));
    assert_eq!(v("{{ $env.API_BASE }}/v1"), json!("https://api.example.com/v1"));
    assert_eq!(v("{{ $itemIndex }}"), json!(3));
}

#[test]
fn nodes_that_have_not_run_are_null_with_a_warning() {
    let out = r("{{ $node[\"Nope\"].json.x }}");
    assert_eq!(out.value, Value::Null);
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(out.warnings[0].contains("Nope"));
    let out = r("{{ node_9.output.text }}");
    assert_eq!(out.value, Value::Null);
    assert!(out.warnings[0].contains("node_9"), "{:?}", out.warnings);
    let out = r("{{ $('Nope').item.json.x }}");
    assert!(out.warnings[0].contains("Nope"));
}

#[test]
fn unknown_identifiers_are_null_with_a_warning() {
    let out = r("{{messages}}");
    assert_eq!(out.value, Value::Null);
    assert!(out.warnings[0].contains("`messages` is not defined"), "{:?}", out.warnings);
    assert_eq!(v("Prompt: {{messages}}."), json!("Prompt: ."));
}

// ----- paths ---------------------------------------------------------------------------------

#[test]
fn missing_path_is_null_with_a_warning_naming_it() {
    let out = r("{{ $json.user.nmae }}");
    assert_eq!(out.value, Value::Null);
    assert_eq!(out.warnings, vec!["`$json.user.nmae` is undefined (no key `nmae`)".to_string()]);
    // Only the first missing step is reported.
    let out = r("{{ $json.a.b.c }}");
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(out.warnings[0].contains("`$json.a`"));
    let out = r("{{ $json.user.tags[5] }}");
    assert!(out.warnings[0].contains("`$json.user.tags[5]`"), "{:?}", out.warnings);
    // Through a real null.
    let out = r("{{ $json.nothing.x }}");
    assert!(out.warnings[0].contains("`$json.nothing` is null"), "{:?}", out.warnings);
}

#[test]
fn optional_chaining_is_quiet() {
    let out = r("{{ $json.nothing?.x }}");
    assert_eq!(out.value, Value::Null);
    assert!(out.warnings.is_empty());
    let out = r("{{ $json.nothing?.[0] }}");
    assert!(out.warnings.is_empty());
    assert_eq!(v("{{ $json.user?.name }}"), json!("Ada"));
}

#[test]
fn indexes_and_lengths() {
    assert_eq!(v("{{ $json.user.tags[1] }}"), json!("b"));
    assert_eq!(v("{{ $json.user['tags'][2] }}"), json!("c"));
    assert_eq!(v("{{ $json.user.tags.length }}"), json!(3));
    assert_eq!(v("{{ $json.user.name.length }}"), json!(3));
    assert_eq!(v("{{ 'héllo'.length }}"), json!(5));
    assert_eq!(v("{{ $json.user.name[0] }}"), json!("A"));
}

// ----- operators -----------------------------------------------------------------------------

#[test]
fn arithmetic_and_precedence() {
    assert_eq!(v("{{ 1 + 2 * 3 }}"), json!(7));
    assert_eq!(v("{{ (1 + 2) * 3 }}"), json!(9));
    assert_eq!(v("{{ 10 - 4 - 3 }}"), json!(3));
    assert_eq!(v("{{ 7 / 2 }}"), json!(3.5));
    assert_eq!(v("{{ 8 / 2 }}"), json!(4));
    assert_eq!(v("{{ 7 % 3 }}"), json!(1));
    assert_eq!(v("{{ -$json.count }}"), json!(-41));
    assert_eq!(v("{{ +$json.numstr }}"), json!(42));
    assert_eq!(v("{{ $json.price * 2 }}"), json!(5));
    assert_eq!(v("{{ 0.1 + 0.2 }}"), json!(0.30000000000000004));
    assert_eq!(v("{{ 2 * 3 > 5 && 1 < 2 }}"), json!(true));
    let out = r("{{ 1 / 0 }}");
    assert_eq!(out.value, Value::Null);
    assert!(out.warnings[0].contains("infinite"));
}

#[test]
fn string_concatenation() {
    assert_eq!(v("{{ 'n=' + 1 }}"), json!("n=1"));
    assert_eq!(v("{{ 1 + 2 + 'x' }}"), json!("3x"));
    assert_eq!(v("{{ 'x' + 1 + 2 }}"), json!("x12"));
    assert_eq!(v("{{ 'p' + 2.5 }}"), json!("p2.5"));
    assert_eq!(v("{{ 'p' + 2.0 }}"), json!("p2"));
    assert_eq!(v("{{ $json.user.name + ' (' + $json.user.age + ')' }}"), json!("Ada (36)"));
    assert_eq!(v("{{ `tmpl ${$json.user.name} ${1 + 1}` }}"), json!("tmpl Ada 2"));
    assert_eq!(v("{{ `no interpolation` }}"), json!("no interpolation"));
    assert_eq!(v("{{ `a${`b${1}`}` }}"), json!("ab1"));
}

#[test]
fn comparisons_and_equality() {
    assert_eq!(v("{{ $json.numstr == 42 }}"), json!(true));
    assert_eq!(v("{{ $json.numstr === 42 }}"), json!(false));
    assert_eq!(v("{{ $json.numstr !== '42' }}"), json!(false));
    assert_eq!(v("{{ $json.numstr != 42 }}"), json!(false));
    assert_eq!(v("{{ null == undefined }}"), json!(true));
    assert_eq!(v("{{ 0 == null }}"), json!(false));
    assert_eq!(v("{{ 1 === 1.0 }}"), json!(true));
    assert_eq!(v("{{ 'b' > 'a' }}"), json!(true));
    assert_eq!(v("{{ '10' < 9 }}"), json!(false));
    assert_eq!(v("{{ $json.count >= 41 }}"), json!(true));
}

#[test]
fn logical_operators_return_operands() {
    assert_eq!(v("{{ $json.empty || 'default' }}"), json!("default"));
    assert_eq!(v("{{ $json.user.name || 'default' }}"), json!("Ada"));
    assert_eq!(v("{{ $json.count && 'yes' }}"), json!("yes"));
    assert_eq!(v("{{ 0 && 'yes' }}"), json!(0));
    assert_eq!(v("{{ [] && 'arrays are truthy' }}"), json!("arrays are truthy"));
    assert_eq!(v("{{ !{} }}"), json!(false));
    assert_eq!(v("{{ !'' }}"), json!(true));
}

#[test]
fn nullish_and_ternary() {
    assert_eq!(v("{{ $json.nothing ?? 'fallback' }}"), json!("fallback"));
    assert_eq!(v("{{ $json.empty ?? 'fallback' }}"), json!(""));
    assert_eq!(v("{{ $json.count ?? 0 }}"), json!(41));
    // A missing key with ?? is the expected case: no warning needed beyond the path's.
    assert_eq!(v("{{ $json.missing ?? 'x' }}"), json!("x"));
    assert_eq!(v("{{ $json.count > 40 ? 'big' : 'small' }}"), json!("big"));
    assert_eq!(v("{{ $json.count > 50 ? 'big' : $json.count > 40 ? 'medium' : 'small' }}"), json!("medium"));
    assert_eq!(v("{{ $json.flag ? 1 : 2 }}"), json!(1));
}

#[test]
fn literals() {
    assert_eq!(v("{{ [1, 'two', true, null, undefined] }}"), json!([1, "two", true, null, null]));
    assert_eq!(v("{{ {a: 1, \"b\": 2, 'c': [3],} }}"), json!({"a": 1, "b": 2, "c": [3]}));
    assert_eq!(v("{{ \"it's\" }}"), json!("it's"));
    assert_eq!(v("{{ 'line\\nbreak' }}"), json!("line\nbreak"));
    assert_eq!(v("{{ 1e3 }}"), json!(1000));
    assert_eq!(v("{{ 9007199254740993 }}"), json!(9007199254740993i64));
}

// ----- functions and methods -----------------------------------------------------------------

#[test]
fn string_methods() {
    assert_eq!(v("{{ $json.user.name.toLowerCase() }}"), json!("ada"));
    assert_eq!(v("{{ $json.user.name.toUpperCase() }}"), json!("ADA"));
    assert_eq!(v("{{ '  x '.trim() + '|' + '  x '.trimStart() + '|' + '  x '.trimEnd() }}"), json!("x|x |  x"));
    assert_eq!(v("{{ 'hello'.includes('ell') }}"), json!(true));
    assert_eq!(v("{{ 'hello'.startsWith('he') && 'hello'.endsWith('lo') }}"), json!(true));
    assert_eq!(v("{{ 'hello'.indexOf('l') }}"), json!(2));
    assert_eq!(v("{{ 'hello'.indexOf('z') }}"), json!(-1));
    assert_eq!(v("{{ 'a,b,c'.split(',') }}"), json!(["a", "b", "c"]));
    assert_eq!(v("{{ 'abc'.split('') }}"), json!(["a", "b", "c"]));
    assert_eq!(v("{{ 'a-a'.replace('a', 'b') }}"), json!("b-a"));
    assert_eq!(v("{{ 'a-a'.replaceAll('a', 'b') }}"), json!("b-b"));
    assert_eq!(v("{{ 'hello'.slice(1, 3) + 'hello'.slice(-2) }}"), json!("ello"));
    assert_eq!(v("{{ 'hello'.substring(3, 1) }}"), json!("el"));
    assert_eq!(v("{{ '5'.padStart(3, '0') + '5'.padEnd(2) }}"), json!("0055 "));
    assert_eq!(v("{{ 'abc'.charAt(1) }}"), json!("b"));
    assert_eq!(v("{{ 'a'.concat('b', 1) }}"), json!("ab1"));
    assert_eq!(v("{{ 'x'.toString() }}"), json!("x"));
}

#[test]
fn array_number_object_methods() {
    assert_eq!(v("{{ $json.user.tags.join('-') }}"), json!("a-b-c"));
    assert_eq!(v("{{ $json.user.tags.join() }}"), json!("a,b,c"));
    assert_eq!(v("{{ $json.user.tags.includes('b') }}"), json!(true));
    assert_eq!(v("{{ $json.user.tags.indexOf('c') }}"), json!(2));
    assert_eq!(v("{{ $json.user.tags.slice(1) }}"), json!(["b", "c"]));
    assert_eq!(v("{{ $json.user.tags.concat(['d'], 'e') }}"), json!(["a", "b", "c", "d", "e"]));
    assert_eq!(v("{{ $json.user.tags.first() + $json.user.tags.last() }}"), json!("ac"));
    assert_eq!(v("{{ $json.user.tags.reverse() }}"), json!(["c", "b", "a"]));
    assert_eq!(v("{{ $json.price.toFixed(2) }}"), json!("2.50"));
    assert_eq!(v("{{ $json.count.toString() }}"), json!("41"));
    assert_eq!(v("{{ Object.keys($trigger) }}"), json!(["message", "x"]));
    assert_eq!(v("{{ Object.values({a: 1, b: 2}) }}"), json!([1, 2]));
    assert_eq!(v("{{ Object.entries({a: 1}) }}"), json!([["a", 1]]));
}

#[test]
fn global_functions() {
    assert_eq!(v("{{ JSON.stringify($json.user.tags) }}"), json!(r#"["a","b","c"]"#));
    assert_eq!(v("{{ JSON.parse('{\"a\": [1, 2]}').a[1] }}"), json!(2));
    assert_eq!(v("{{ Math.round(2.5) + Math.floor(2.7) + Math.ceil(2.1) + Math.abs(-1) }}"), json!(9));
    assert_eq!(v("{{ Math.min(3, 1, 2) + Math.max(3, 1, 2) }}"), json!(4));
    assert_eq!(v("{{ Math.pow(2, 10) + Math.sqrt(16) }}"), json!(1028));
    assert_eq!(v("{{ String(12) + Number('3') }}"), json!("123"));
    assert_eq!(v("{{ Boolean('') || Boolean('x') }}"), json!(true));
    assert_eq!(v("{{ parseInt('42px') + parseFloat('1.5e1abc') }}"), json!(57));
    assert_eq!(v("{{ parseInt('0x1F') }}"), json!(31));
    assert_eq!(v("{{ encodeURIComponent('a b&c/é') }}"), json!("a%20b%26c%2F%C3%A9"));
    assert_eq!(v("{{ isNaN('abc') }}"), json!(true));
    assert_eq!(v("{{ isNaN('12') }}"), json!(false));
    assert_eq!(v("{{ isNaN(parseInt('abc')) }}"), json!(true));
    assert_eq!(v("{{ Array.isArray($json.user.tags) }}"), json!(true));
}

#[test]
fn unknown_methods_suggest_similar_names() {
    let e = err("{{ $json.user.name.toLowercase() }}");
    assert!(matches!(e, ExprError::UnknownFunction { .. }), "{e}");
    assert!(e.to_string().contains("did you mean `toLowerCase`"), "{e}");
    let e = err("{{ Math.rnd(1) }}");
    assert!(e.to_string().contains("Math.round"), "{e}");
}

#[test]
fn type_errors_say_how_to_fix() {
    let e = err("{{ $json.count.toUpperCase() }}");
    assert!(matches!(e, ExprError::Type { .. }), "{e}");
    assert!(e.to_string().contains("String(x)"), "{e}");
    let e = err("{{ JSON.parse('{oops') }}");
    assert!(matches!(e, ExprError::Type { .. }), "{e}");
}

#[test]
fn method_on_missing_value_is_null_with_a_warning() {
    let out = r("{{ $json.missing.toLowerCase() }}");
    assert_eq!(out.value, Value::Null);
    assert_eq!(out.warnings.len(), 1);
    let out = r("{{ $json.nothing.toLowerCase() }}");
    assert_eq!(out.value, Value::Null);
    assert!(out.warnings[0].contains("null"), "{:?}", out.warnings);
    assert!(r("{{ $json.nothing?.toLowerCase() }}").warnings.is_empty());
}

// ----- security ------------------------------------------------------------------------------

#[test]
fn env_is_only_the_allow_list() {
    // HOME (or PATH) is set in the process, but not allow-listed.
    assert!(std::env::var_os("HOME").is_some() || std::env::var_os("PATH").is_some());
    let f = fixture();
    let env = BTreeMap::new();
    let ctx = Context { env: &env, ..f.ctx() };
    for name in ["HOME", "PATH"] {
        let out = render(&format!("{{{{ $env.{name} }}}}"), &ctx).unwrap();
        assert_eq!(out.value, Value::Null);
        assert!(out.warnings[0].contains(&format!("`$env.{name}` is not allow-listed")), "{:?}", out.warnings);
    }
    let out = render("{{ $env['HOME'] }}", &ctx).unwrap();
    assert_eq!(out.value, Value::Null);
    assert_eq!(render("{{ $env }}", &ctx).unwrap().value, json!({}));
}

#[test]
fn process_and_globals_give_nothing() {
    for src in [
        "{{ process.env.HOME }}",
        "{{ globalThis }}",
        "{{ window.location }}",
        "{{ this }}",
        "{{ $json.__proto__ }}",
        "{{ $json.user.constructor }}",
        "{{ constructor }}",
        "{{ $json.user.name.constructor }}",
        "{{ ''['constructor'] }}",
    ] {
        assert_eq!(v(src), Value::Null, "{src}");
    }
    // A key that is data stays data.
    assert_eq!(v("{{ $json.constructor }}"), json!("data, not code"));
}

#[test]
fn calling_anything_unknown_is_an_error() {
    for src in [
        "{{ require('fs') }}",
        "{{ fetch('http://x') }}",
        "{{ eval('1') }}",
        "{{ Function('return 1') }}",
        "{{ setTimeout(1) }}",
        "{{ process.exit(1) }}",
        "{{ $json.constructor.constructor('return process')() }}",
        "{{ globalThis.fetch('http://x') }}",
    ] {
        let e = err(src);
        assert!(matches!(e, ExprError::UnknownFunction { .. } | ExprError::Type { .. }), "{src}: {e}");
    }
    assert!(matches!(err("{{ require('fs') }}"), ExprError::UnknownFunction { ref name, .. } if name == "require"));
    assert!(matches!(err("{{ fetch('http://x') }}"), ExprError::UnknownFunction { .. }));
}

#[test]
fn statements_and_functions_are_syntax_errors() {
    for src in [
        "{{ while(true){} }}",
        "{{ for (;;) {} }}",
        "{{ x => x }}",
        "{{ (x) => x }}",
        "{{ function() { return 1 } }}",
        "{{ a = 1 }}",
        "{{ a += 1 }}",
        "{{ 1; 2 }}",
        "{{ let a = 1 }}",
        "{{ $json.count++ }}",
        "{{ new Date() }}",
        "{{ 1 2 }}",
        "{{ 'unterminated }}",
        "{{ (1 + 2 }}",
    ] {
        let e = err(src);
        assert!(matches!(e, ExprError::Syntax { .. }), "{src}: {e}");
    }
    let e = err("{{ while(true){} }}");
    assert!(e.to_string().contains("no statements or loops; use a RUN_CODE node"), "{e}");
    let e = err("{{ x => x }}");
    assert!(e.to_string().contains("RUN_CODE"), "{e}");
    let e = err("{{ new Date() }}");
    assert!(e.to_string().contains("$now"), "{e}");
    let ExprError::Syntax { pos, expr, .. } = err("{{ 1 + }}") else { panic!() };
    assert_eq!(expr, "1 +");
    assert_eq!(pos, 3);
}

#[test]
fn deep_nesting_is_a_limit_error_not_a_stack_overflow() {
    let deep = format!("{{{{ {}1{} }}}}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(matches!(err(&deep), ExprError::Limit { .. } | ExprError::Syntax { .. }));
    let parens = format!("{{{{ {}1{} }}}}", "(".repeat(4_000), ")".repeat(4_000));
    assert!(matches!(err(&parens), ExprError::Limit { .. }));
    let nots = format!("{{{{ {}1 }}}}", "!".repeat(5_000));
    assert!(matches!(err(&nots), ExprError::Limit { .. }));
    let arrays = format!("{{{{ {}1{} }}}}", "[".repeat(4_000), "]".repeat(4_000));
    assert!(matches!(err(&arrays), ExprError::Limit { .. }));
    let chain = format!("{{{{ 1{} }}}}", " + 1".repeat(1_500));
    assert!(matches!(err(&chain), ExprError::Limit { .. }));
    // Within the limits, nesting works.
    let ok = format!("{{{{ {}1{} }}}}", "(".repeat(50), ")".repeat(50));
    assert_eq!(v(&ok), json!(1));
    let ok = format!("{{{{ 0{} }}}}", " + 1".repeat(120));
    assert_eq!(v(&ok), json!(120));
    let ok = format!("{{{{ {}1{} }}}}", "[".repeat(60), "]".repeat(60));
    assert!(v(&ok).is_array());
}

#[test]
fn the_source_length_is_bounded() {
    let long = format!("{{{{ '{}' }}}}", "a".repeat(MAX_SOURCE_BYTES));
    assert!(matches!(err(&long), ExprError::Limit { .. }));
}

#[test]
fn big_strings_and_arrays_are_limit_errors() {
    assert!(matches!(err("{{ 'a'.padStart(1e9) }}"), ExprError::Limit { .. }));
    assert!(matches!(err("{{ 'a'.padEnd(1e9, 'xy') }}"), ExprError::Limit { .. }));
    assert!(matches!(err("{{ 'a'.padStart(1000000, 'a').split('') }}"), ExprError::Limit { .. }));
    assert!(matches!(err("{{ 'ab'.padStart(600000, 'ab') + 'ab'.padStart(600000, 'ab') }}"), ExprError::Limit { .. }));
    assert!(matches!(
        err("{{ 'x'.padStart(1000, 'x').replaceAll('x', 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'.padStart(2000, 'y')) }}"),
        ExprError::Limit { .. }
    ));
}

#[test]
fn copying_big_values_is_bounded() {
    let f = fixture();
    let big = json!({"blob": "x".repeat(1 << 20)});
    let ctx = Context { json: &big, ..f.ctx() };
    let many = format!("{{{{ [{}] }}}}", vec!["$json"; 40].join(", "));
    assert!(matches!(render(&many, &ctx), Err(ExprError::Limit { .. })));
    // But using it once is fine.
    assert_eq!(render("{{ $json.blob.length }}", &ctx).unwrap().value, json!(1 << 20));
}

#[test]
fn stringify_of_a_big_object_is_fine() {
    let f = fixture();
    let big: serde_json::Map<String, Value> =
        (0..10_000).map(|i| (format!("key{i}"), json!({"n": i, "s": "value"}))).collect();
    let big = Value::Object(big);
    let ctx = Context { json: &big, ..f.ctx() };
    let out = render("{{ JSON.stringify($json) }}", &ctx).unwrap();
    let s = out.value.as_str().unwrap();
    assert_eq!(serde_json::from_str::<Value>(s).unwrap(), big);
    // And a whole-string `{{ $json }}` returns it as JSON.
    assert_eq!(render("{{ $json }}", &ctx).unwrap().value, big);
}

#[test]
fn interpolated_text_is_bounded() {
    let f = fixture();
    let big = json!({"blob": "x".repeat(600_000)});
    let ctx = Context { json: &big, ..f.ctx() };
    assert!(matches!(render("{{ $json.blob }} and {{ $json.blob }}", &ctx), Err(ExprError::Limit { .. })));
}

#[test]
fn warnings_are_capped() {
    let template = "{{ a }}".repeat(500);
    let out = r(&template);
    assert_eq!(out.warnings.len(), MAX_WARNINGS + 1);
    assert!(out.warnings.last().unwrap().contains("400 more"));
}

#[test]
fn deepest_allowed_expressions_fit_a_small_stack() {
    // The limits (and the stack guard behind them) keep parsing and evaluation well inside a
    // 1 MiB thread stack, even in debug builds whose frames are much bigger than release ones.
    let cases = vec![
        format!("{{{{ {}1{} }}}}", "(".repeat(MAX_DEPTH - 1), ")".repeat(MAX_DEPTH - 1)),
        format!("{{{{ {}1{} }}}}", "[-(".repeat(21), ")]".repeat(21)),
        format!("{{{{ {}1{} }}}}", "String(".repeat(MAX_DEPTH - 1), ")".repeat(MAX_DEPTH - 1)),
        format!("{{{{ 0{} }}}}", " + 1".repeat(MAX_AST_DEPTH - 2)),
        format!("{{{{ $json{} }}}}", ".a".repeat(MAX_AST_DEPTH - 2)),
        format!("{{{{ 'a'{} }}}}", ".trim()".repeat(MAX_AST_DEPTH / 2 - 1)),
        format!("{{{{ `${{{}1{}}}` }}}}", "`${".repeat(30), "}`".repeat(30)),
        format!("{{{{ {}1 }}}}", "!".repeat(5_000)),
        format!("{{{{ {}1{} }}}}", "(".repeat(4_000), ")".repeat(4_000)),
    ];
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let f = fixture();
            for (i, src) in cases.iter().enumerate() {
                let out = render(src, &f.ctx());
                assert_eq!(out.is_ok(), i < 7, "case {i}: {:?}", out.map(|r| r.value));
            }
        })
        .unwrap()
        .join()
        .unwrap();
}
