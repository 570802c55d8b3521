//! Safe expressions for workflow node parameters: `"Hello {{ $json.user.name }}!"`,
//! `"={{ $json.count + 1 }}"`, `"{{ $node[\"Send Message\"].json.ts }}"`, `"{{node_2.output.text}}"`.
//!
//! There is no JavaScript engine: a small parser and a tree-walking evaluator over
//! [`serde_json::Value`]. An expression sees only its [`Context`]: it cannot read
//! the process environment (`$env` holds only what the caller allow-lists), the file system, the
//! network or the clock, and every resource it can use is bounded by the limits below.
//!
//! # Templates
//!
//! * A string that is exactly one `{{ … }}` (optionally `={{ … }}`, surrounding whitespace allowed)
//!   renders to the expression's JSON value, keeping its type.
//! * Otherwise each `{{ … }}` is evaluated and interpolated as text: strings as they are, numbers
//!   and booleans as JavaScript prints them, objects and arrays as compact JSON, `null` (and
//!   anything undefined) as the empty string.
//! * A string without `{{` is returned unchanged; a leading `=` without any `{{` (n8n's `=text`)
//!   means the rest is literal text.
//! * A `{{` with no closing `}}` is kept as literal text, with a warning (templates may well hold
//!   literal braces, such as Handlebars or code samples).
//! * An empty `{{ }}` renders as `null` (or the empty string inside text), with a warning.
//!
//! Mistakes that are likely to be unfilled data (a missing key, an unknown identifier such as
//! `{{messages}}`, a node that has not run, a `$env` variable that is not allow-listed) render as
//! `null` with a warning in [`Rendered::warnings`]. Mistakes in the expression itself (syntax, an
//! unknown function or method, a type error, a limit) are an [`ExprError`].
//!
//! # Limits
//!
//! Each `{{ … }}` is evaluated on its own, with these bounds: [`MAX_SOURCE_BYTES`],
//! [`MAX_DEPTH`], [`MAX_AST_DEPTH`], [`MAX_STRING_BYTES`], [`MAX_ARRAY_LEN`], [`MAX_STEPS`] and
//! [`MAX_COPY_BYTES`], with [`MAX_STACK_BYTES`] as a backstop against stack overflow.

use std::collections::BTreeMap;

use serde_json::Value;

pub(crate) mod eval;
pub(crate) mod lexer;
pub(crate) mod parser;
#[cfg(test)]
mod tests;

/// The longest expression body (the text between `{{` and `}}`), in bytes.
pub const MAX_SOURCE_BYTES: usize = 10_000;
/// How deeply parentheses, brackets, braces, unary operators and conditionals may nest.
pub const MAX_DEPTH: usize = 64;
/// The height of the syntax tree: how many operators or property accesses may be chained
/// (`a + b + c …`, `$json.a.b.c …`). Bounds the evaluator's recursion.
pub const MAX_AST_DEPTH: usize = 128;
/// The longest string an expression may produce (by `+`, `padStart`, `join`, `JSON.stringify`…),
/// and the longest text a template may render to, in bytes (1 MiB).
pub const MAX_STRING_BYTES: usize = 1 << 20;
/// The most elements an array an expression produces may hold.
pub const MAX_ARRAY_LEN: usize = 100_000;
/// The most syntax-tree nodes one evaluation may evaluate.
pub const MAX_STEPS: usize = 100_000;
/// The most bytes (approximately) of values one evaluation may build or copy in total, so that
/// repeating a big value (`[$json, $json, …]`) cannot allocate without bound (16 MiB).
pub const MAX_COPY_BYTES: usize = 16 << 20;
/// How much stack (approximately) parsing or evaluating one expression may use; a backstop
/// under [`MAX_DEPTH`] and [`MAX_AST_DEPTH`], whose cost per level differs between debug and
/// release builds. Callers' threads need this much stack to spare (Tokio's and Rust's default
/// thread stacks are 2 MiB).
pub const MAX_STACK_BYTES: usize = 512 << 10;
/// The most warnings one render keeps (further ones are counted in a last warning).
pub const MAX_WARNINGS: usize = 100;

pub(crate) const NO_STATEMENTS: &str =
    "expressions are single expressions: no statements or loops; use a RUN_CODE node for code";

/// What an expression can see. The engine builds one per item.
pub struct Context<'a> {
    /// `$json` (and `$input.item.json`): the current input item's JSON.
    pub json: &'a Value,
    /// `$trigger` and `trigger`: the trigger node's first output item JSON.
    pub trigger: &'a Value,
    /// The outputs of nodes that already ran.
    pub nodes: &'a dyn Nodes,
    /// `$workflow` (e.g. {"id","name","active"}).
    pub workflow: &'a Value,
    /// `$execution` (e.g. {"id","mode"}).
    pub execution: &'a Value,
    /// `$now`, an RFC 3339 string supplied by the caller (the evaluator never reads the clock).
    pub now: &'a str,
    /// `$env.X`: ONLY the variables the operator allow-listed, given here by the caller (never std::env).
    pub env: &'a BTreeMap<String, String>,
    /// `$itemIndex` (the index of the current item).
    pub item_index: usize,
}

/// How expressions find other nodes' outputs.
pub trait Nodes {
    /// The first output item's JSON of the node whose id OR label is `name` (`$node["Label"].json`,
    /// `$node.node_1.json`, `$('Label').item.json`, `node_2.output`, `node_1.x`); None if it has not run / does not exist.
    fn json(&self, name: &str) -> Option<Value>;
    /// All output items' JSON of that node (`$('Label').all()`), None if unknown.
    fn all(&self, name: &str) -> Option<Vec<Value>>;
}

/// Node outputs as a map from node id (or label) to its output items: handy for tests and for
/// callers that have already collected outputs. A node with no items has `null` as its JSON.
impl Nodes for BTreeMap<String, Vec<Value>> {
    fn json(&self, name: &str) -> Option<Value> {
        self.get(name).map(|items| items.first().cloned().unwrap_or(Value::Null))
    }
    fn all(&self, name: &str) -> Option<Vec<Value>> {
        self.get(name).cloned()
    }
}

/// The result of rendering: the value, and what looked wrong but was not an error (a missing
/// key, an unknown identifier, a node that has not run, a `$env` variable not allow-listed…).
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The rendered JSON value.
    pub value: Value,
    /// Human-readable warnings, each naming the path it is about.
    pub warnings: Vec<String>,
}

/// Why an expression could not be evaluated. Every message says what is wrong and how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum ExprError {
    /// The expression is not valid syntax (or uses a construct the language leaves out on purpose,
    /// such as statements, loops, assignments, `=>` or `new`).
    #[error("syntax error in expression `{expr}` at position {pos}: {message}")]
    Syntax {
        /// The expression text (shortened if long).
        expr: String,
        /// The byte offset of the error in the expression.
        pos: usize,
        /// What is wrong, and what to write instead.
        message: String,
    },
    /// A call to a function or method that is not on the allow-list.
    #[error("unknown function `{name}` in expression `{expr}`: {hint}")]
    UnknownFunction {
        /// The expression text (shortened if long).
        expr: String,
        /// The function or method called, as written (`require`, `Math.foo`, `.toLowercase`).
        name: String,
        /// Similar names, or the list of what is available.
        hint: String,
    },
    /// An operation on a value of the wrong type (a string method on a number, `JSON.parse` of
    /// text that is not JSON…).
    #[error("type error in expression `{expr}`: {message}")]
    Type {
        /// The expression text (shortened if long).
        expr: String,
        /// What is wrong, and how to fix it.
        message: String,
    },
    /// The expression or its evaluation went over one of the module's limits.
    #[error("limit exceeded in expression `{expr}`: {message}")]
    Limit {
        /// The expression text (shortened if long).
        expr: String,
        /// Which limit, and what to do instead.
        message: String,
    },
}

/// The expression text for an error message: at most 200 characters.
pub(crate) fn shorten(src: &str) -> String {
    let src = src.trim();
    match src.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &src[..i]),
        None => src.to_string(),
    }
}

/// Collects warnings, keeping at most [`MAX_WARNINGS`].
#[derive(Default)]
pub(crate) struct Warnings {
    list: Vec<String>,
    dropped: usize,
}

impl Warnings {
    pub(crate) fn push(&mut self, w: String) {
        if self.list.len() < MAX_WARNINGS {
            self.list.push(w);
        } else {
            self.dropped += 1;
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.dropped > 0 {
            self.list.push(format!("… and {} more warnings", self.dropped));
        }
        self.list
    }
}

/// One piece of a template: literal text, or the body of a `{{ … }}`.
enum Segment<'t> {
    Text(&'t str),
    Expr(&'t str),
}

/// Splits a template into text and `{{ … }}` bodies. Returns the segments and, if a `{{` is never
/// closed, its byte offset (the rest of the template is then text).
fn segments(text: &str) -> (Vec<Segment<'_>>, Option<usize>) {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find("{{").map(|i| rest + i) {
        let body_start = open + 2;
        let Some(close) = find_close(text, body_start) else {
            if rest < text.len() {
                out.push(Segment::Text(&text[rest..]));
            }
            return (out, Some(open));
        };
        if open > rest {
            out.push(Segment::Text(&text[rest..open]));
        }
        out.push(Segment::Expr(&text[body_start..close]));
        rest = close + 2;
    }
    if rest < text.len() {
        out.push(Segment::Text(&text[rest..]));
    }
    (out, None)
}

/// The offset of the `}}` closing a body that starts at `from`: the first `}}` outside quotes
/// and outside object-literal braces (so `{{ {a: {b: 1}} }}` works); if quotes or braces do not
/// balance, simply the first `}}`.
fn find_close(text: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'}' if depth == 0 && b.get(i + 1) == Some(&b'}') => return Some(i),
            b'}' if depth > 0 => depth -= 1,
            b'{' => depth += 1,
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= b.len() {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    text[from..].find("}}").map(|i| from + i)
}

/// Whether a string holds an expression (`{{` … `}}`).
///
/// ```
/// use fluxturn_workflow::expr::is_expression;
/// assert!(is_expression("Hello {{ $json.name }}"));
/// assert!(!is_expression("Hello {{ name"));
/// assert!(!is_expression("plain text"));
/// ```
pub fn is_expression(text: &str) -> bool {
    !expressions(text).is_empty()
}

/// The `{{ … }}` bodies of a string, trimmed, for validators (e.g. to report unfilled
/// placeholders like `{{messages}}`).
///
/// ```
/// use fluxturn_workflow::expr::expressions;
/// assert_eq!(expressions("{{messages}} and {{ $json.a }}"), vec!["messages", "$json.a"]);
/// ```
pub fn expressions(text: &str) -> Vec<&str> {
    segments(text)
        .0
        .into_iter()
        .filter_map(|s| match s {
            Segment::Expr(body) => Some(body.trim()),
            Segment::Text(_) => None,
        })
        .collect()
}

/// Renders one string: a string that is exactly one `{{ … }}` (optionally prefixed with `=`, i.e.
/// `={{ … }}`, surrounding whitespace allowed) keeps the expression's JSON type (number, object,
/// bool…); otherwise every `{{ … }}` is evaluated and interpolated as text (objects/arrays as
/// compact JSON, null/undefined as empty string); a string with no `{{` is returned unchanged as a
/// JSON string. A leading `=` without `{{` (n8n style `=text`) means the rest is the literal text.
///
/// ```
/// use std::collections::BTreeMap;
/// use serde_json::{json, Value};
/// use fluxturn_workflow::expr::{render, Context};
///
/// let item = json!({"user": {"name": "Ada"}, "count": 41});
/// let nodes: BTreeMap<String, Vec<Value>> = BTreeMap::new();
/// let env = BTreeMap::new();
/// let ctx = Context {
///     json: &item,
///     trigger: &Value::Null,
///     nodes: &nodes,
///     workflow: &json!({"id": "wf_1", "name": "Demo", "active": true}),
///     execution: &json!({"id": "ex_1", "mode": "manual"}),
///     now: "2026-01-02T03:04:05Z",
///     env: &env,
///     item_index: 0,
/// };
///
/// // Text with expressions interpolates.
/// assert_eq!(render("Hello {{ $json.user.name }}!", &ctx)?.value, json!("Hello Ada!"));
/// // A whole-string expression keeps its JSON type.
/// assert_eq!(render("={{ $json.count + 1 }}", &ctx)?.value, json!(42));
/// // A missing key is null, with a warning naming the path.
/// let r = render("{{ $json.user.nmae }}", &ctx)?;
/// assert_eq!(r.value, Value::Null);
/// assert!(r.warnings[0].contains("$json.user.nmae"));
/// # Ok::<(), fluxturn_workflow::expr::ExprError>(())
/// ```
pub fn render(template: &str, ctx: &Context) -> Result<Rendered, ExprError> {
    let mut warnings = Warnings::default();
    let value = render_str(template, ctx, &mut warnings)?;
    Ok(Rendered { value, warnings: warnings.finish() })
}

/// Renders every string inside a JSON value (objects and arrays recursively, keys unchanged).
///
/// ```
/// use std::collections::BTreeMap;
/// use serde_json::{json, Value};
/// use fluxturn_workflow::expr::{render_value, Context};
///
/// let item = json!({"id": 7});
/// let nodes: BTreeMap<String, Vec<Value>> = BTreeMap::new();
/// let env = BTreeMap::new();
/// let ctx = Context {
///     json: &item, trigger: &Value::Null, nodes: &nodes, workflow: &Value::Null,
///     execution: &Value::Null, now: "2026-01-02T03:04:05Z", env: &env, item_index: 0,
/// };
/// let params = json!({"url": "/users/{{ $json.id }}", "body": {"id": "={{ $json.id }}"}, "n": 3});
/// let out = render_value(&params, &ctx)?.value;
/// assert_eq!(out, json!({"url": "/users/7", "body": {"id": 7}, "n": 3}));
/// # Ok::<(), fluxturn_workflow::expr::ExprError>(())
/// ```
pub fn render_value(value: &Value, ctx: &Context) -> Result<Rendered, ExprError> {
    let mut warnings = Warnings::default();
    let value = render_value_in(value, ctx, &mut warnings)?;
    Ok(Rendered { value, warnings: warnings.finish() })
}

fn render_value_in(value: &Value, ctx: &Context, warnings: &mut Warnings) -> Result<Value, ExprError> {
    Ok(match value {
        Value::String(s) => render_str(s, ctx, warnings)?,
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| render_value_in(v, ctx, warnings)).collect::<Result<_, _>>()?)
        }
        Value::Object(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (k, v) in map {
                out.insert(k.clone(), render_value_in(v, ctx, warnings)?);
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

fn render_str(template: &str, ctx: &Context, warnings: &mut Warnings) -> Result<Value, ExprError> {
    let (body, has_eq) = match template.strip_prefix('=') {
        Some(rest) => (rest, true),
        None => (template, false),
    };
    let (segs, unclosed) = segments(body);
    if let Some(at) = unclosed {
        let at = at + usize::from(has_eq);
        warnings.push(format!(
            "`{{{{` at position {at} is never closed, so it is kept as literal text; close it with `}}}}`"
        ));
    }
    let n_exprs = segs.iter().filter(|s| matches!(s, Segment::Expr(_))).count();
    if n_exprs == 0 {
        return Ok(Value::String(body.to_string()));
    }
    let whole = n_exprs == 1
        && segs.iter().all(|s| match s {
            Segment::Text(t) => t.trim().is_empty(),
            Segment::Expr(_) => true,
        });
    if whole {
        let expr = segs
            .iter()
            .find_map(|s| match s {
                Segment::Expr(e) => Some(*e),
                Segment::Text(_) => None,
            })
            .expect("one expression");
        return eval_one(expr, ctx, warnings);
    }
    let mut out = String::new();
    for seg in segs {
        match seg {
            Segment::Text(t) => out.push_str(t),
            Segment::Expr(e) => {
                let v = eval_one(e, ctx, warnings)?;
                if !v.is_null() {
                    out.push_str(&eval::js_string(&v));
                }
            }
        }
        if out.len() > MAX_STRING_BYTES {
            return Err(ExprError::Limit {
                expr: shorten(template),
                message: format!(
                    "the rendered text is longer than {MAX_STRING_BYTES} bytes; interpolate less \
                     (or pass the value as a whole-string `{{{{ … }}}}` to keep it as JSON)"
                ),
            });
        }
    }
    Ok(Value::String(out))
}

/// Parses and evaluates one `{{ … }}` body.
fn eval_one(body: &str, ctx: &Context, warnings: &mut Warnings) -> Result<Value, ExprError> {
    if body.len() > MAX_SOURCE_BYTES {
        return Err(ExprError::Limit {
            expr: shorten(body),
            message: format!(
                "the expression is {} bytes long, more than {MAX_SOURCE_BYTES}; move the logic to a RUN_CODE node",
                body.len()
            ),
        });
    }
    if body.trim().is_empty() {
        warnings.push("`{{ }}` is an empty expression; it renders as null".to_string());
        return Ok(Value::Null);
    }
    // Positions in errors count from the first non-blank character, as the message shows it.
    let body = body.trim();
    let ast = parser::parse(body)?;
    eval::evaluate(&ast, body, ctx, warnings)
}
