//! The tree-walking evaluator. Values are borrowed from the [`Context`] wherever possible
//! (`Cow`), every node evaluated counts a step, and every value built or copied is charged to a
//! byte budget, so an evaluation is bounded in time and memory.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::parser::{BinOp, Kind, Node, TmplNode, UnOp};
use super::{
    shorten, Context, ExprError, Warnings, MAX_ARRAY_LEN, MAX_COPY_BYTES, MAX_STACK_BYTES, MAX_STEPS, MAX_STRING_BYTES,
};

/// Errors travel boxed, so that the recursive functions' frames stay small.
type R<T> = Result<T, Box<ExprError>>;

/// What an expression evaluates to: JSON, or one of the roots that only make sense when followed
/// by a property or a call.
enum Val<'a> {
    J(Cow<'a, Value>),
    /// Undefined, already reported (or silenced by `?.`): further accesses stay quiet.
    Undef,
    /// `$env`
    Env,
    /// `$node`
    NodeMap,
    /// `$node["Label"]`
    NodeSel(String),
    /// `$('Label')`
    NodeRef(String),
    /// `$input`
    Input,
    /// `node_2` (FluxTurn style): its JSON, with `.output` right after it skipped.
    FluxNode(Value),
    /// `JSON`, `Math`, `Object`, `Array`
    Ns(&'static str),
}

const NAMESPACES: &[&str] = &["JSON", "Math", "Object", "Array"];
const GLOBAL_FNS: &[&str] =
    &["String", "Number", "Boolean", "parseInt", "parseFloat", "encodeURIComponent", "isNaN", "$"];
const NS_FNS: &[&str] = &[
    "JSON.stringify",
    "JSON.parse",
    "Math.round",
    "Math.floor",
    "Math.ceil",
    "Math.abs",
    "Math.min",
    "Math.max",
    "Math.pow",
    "Math.sqrt",
    "Object.keys",
    "Object.values",
    "Object.entries",
    "Array.isArray",
];
const STRING_METHODS: &[&str] = &[
    "toLowerCase",
    "toUpperCase",
    "trim",
    "trimStart",
    "trimEnd",
    "includes",
    "startsWith",
    "endsWith",
    "indexOf",
    "split",
    "replace",
    "replaceAll",
    "slice",
    "substring",
    "padStart",
    "padEnd",
    "charAt",
    "concat",
    "toString",
    "toISOString",
];
const ARRAY_METHODS: &[&str] =
    &["join", "includes", "indexOf", "slice", "concat", "first", "last", "reverse", "toString"];
const NUMBER_METHODS: &[&str] = &["toFixed", "toString"];
const ITEM_METHODS: &[&str] = &["first", "last", "all"];

/// Evaluates a parsed expression to an owned JSON value.
pub(crate) fn evaluate(ast: &Node, src: &str, ctx: &Context, warnings: &mut Warnings) -> Result<Value, ExprError> {
    let mut ev = Eval { ctx, src, steps: 0, copied: 0, warnings, stack: StackGuard::new() };
    let v = ev.value(ast).map_err(|e| *e)?;
    ev.own(v).map_err(|e| *e)
}

struct Eval<'c, 'a> {
    ctx: &'c Context<'a>,
    src: &'c str,
    steps: usize,
    copied: usize,
    warnings: &'c mut Warnings,
    stack: StackGuard,
}

/// A last line of defence under the depth limits: how much stack the evaluation has used,
/// measured from the address of a local (the stack may grow either way). Frames are much
/// bigger in debug builds than in release, and this keeps both from overflowing.
#[derive(Clone, Copy)]
pub(crate) struct StackGuard {
    base: usize,
}

impl StackGuard {
    #[inline(never)]
    pub(crate) fn new() -> Self {
        let marker = 0u8;
        StackGuard { base: std::hint::black_box(&marker) as *const u8 as usize }
    }

    #[inline(never)]
    pub(crate) fn exceeded(&self) -> bool {
        let marker = 0u8;
        let here = std::hint::black_box(&marker) as *const u8 as usize;
        here.abs_diff(self.base) > MAX_STACK_BYTES
    }
}

impl<'a> Eval<'_, 'a> {
    // ----- errors, warnings, budgets -------------------------------------------------------

    fn text(&self, n: &Node) -> String {
        shorten(&self.src[n.start..n.end])
    }

    fn warn(&mut self, w: String) {
        self.warnings.push(w);
    }

    fn type_err(&self, message: String) -> Box<ExprError> {
        Box::new(ExprError::Type { expr: shorten(self.src), message })
    }

    fn limit(&self, message: String) -> Box<ExprError> {
        Box::new(ExprError::Limit { expr: shorten(self.src), message })
    }

    fn unknown_fn(&self, name: &str, candidates: &[&str], available: &str) -> Box<ExprError> {
        let short = name.rsplit('.').next().unwrap_or(name);
        // Rank the candidates by similarity (case-insensitive), and keep the best few.
        let short = short.to_lowercase();
        let mut scored: Vec<(f64, &str)> = candidates
            .iter()
            .map(|c| {
                let c_short = c.rsplit('.').next().unwrap_or(c).to_lowercase();
                let close = strsim::levenshtein(&short, &c_short) <= 2;
                let score = strsim::jaro_winkler(&short, &c_short);
                (if close { score.max(0.85) } else { score }, *c)
            })
            .filter(|(score, _)| *score >= 0.85)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let best = scored.first().map_or(0.0, |(s, _)| *s);
        let mut similar: Vec<&str> =
            scored.iter().filter(|(s, _)| *s >= best - 0.03).map(|(_, c)| *c).take(3).collect();
        similar.dedup();
        let hint = if similar.is_empty() {
            format!("it is not available in expressions ({available}: {})", candidates.join(", "))
        } else {
            let list: Vec<String> = similar.iter().map(|s| format!("`{s}`")).collect();
            format!("did you mean {}?", list.join(" or "))
        };
        Box::new(ExprError::UnknownFunction { expr: shorten(self.src), name: name.to_string(), hint })
    }

    fn step(&mut self) -> R<()> {
        if self.stack.exceeded() {
            return Err(self.limit(format!(
                "the expression is nested too deeply for the evaluator (more than {MAX_STACK_BYTES} \
                 bytes of stack); simplify it"
            )));
        }
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(self.limit(format!("evaluation took more than {MAX_STEPS} steps; simplify the expression")));
        }
        Ok(())
    }

    fn charge(&mut self, bytes: usize) -> R<()> {
        self.copied = self.copied.saturating_add(bytes);
        if self.copied > MAX_COPY_BYTES {
            return Err(self.limit(format!(
                "the expression built or copied more than {MAX_COPY_BYTES} bytes of values; \
                 reference big values fewer times"
            )));
        }
        Ok(())
    }

    fn charge_value(&mut self, v: &Value) -> R<()> {
        let left = MAX_COPY_BYTES.saturating_sub(self.copied);
        let size = approx_size(v, left + 1);
        self.charge(size)
    }

    /// Takes ownership of a value, charging the copy if it was borrowed.
    fn own(&mut self, v: Cow<'a, Value>) -> R<Value> {
        match v {
            Cow::Owned(v) => Ok(v),
            Cow::Borrowed(v) => {
                self.charge_value(v)?;
                Ok(v.clone())
            }
        }
    }

    fn string(&mut self, s: String) -> R<Value> {
        if s.len() > MAX_STRING_BYTES {
            return Err(self.limit(format!(
                "the expression would build a string of {} bytes, more than {MAX_STRING_BYTES}",
                s.len()
            )));
        }
        self.charge(s.len())?;
        Ok(Value::String(s))
    }

    fn array(&mut self, items: Vec<Value>) -> R<Value> {
        self.check_len(items.len())?;
        self.charge(items.len() * 16)?;
        Ok(Value::Array(items))
    }

    fn check_len(&self, len: usize) -> R<()> {
        if len > MAX_ARRAY_LEN {
            return Err(
                self.limit(format!("the expression would build an array of {len} elements, more than {MAX_ARRAY_LEN}"))
            );
        }
        Ok(())
    }

    /// A number result; NaN and infinities are not JSON, so they become null with a warning.
    fn number(&mut self, f: f64, n: &Node) -> Value {
        match num_value(f) {
            Some(v) => v,
            None => {
                let what = if f.is_nan() { "not a number (NaN)" } else { "infinite" };
                self.warn(format!("`{}` is {what}, so it is null", self.text(n)));
                Value::Null
            }
        }
    }

    // ----- evaluation ----------------------------------------------------------------------

    /// Evaluates to JSON (undefined → null).
    fn value(&mut self, n: &Node) -> R<Cow<'a, Value>> {
        let v = self.eval(n)?;
        self.json_of(v, n)
    }

    fn json_of(&mut self, v: Val<'a>, n: &Node) -> R<Cow<'a, Value>> {
        match v {
            Val::J(v) => Ok(v),
            Val::Undef => Ok(Cow::Owned(Value::Null)),
            Val::FluxNode(v) => Ok(Cow::Owned(v)),
            other => self.special_json(other, n),
        }
    }

    /// The roots that are not values: `$env` is its (allow-listed) object, the others are errors.
    #[inline(never)]
    fn special_json(&mut self, v: Val<'a>, n: &Node) -> R<Cow<'a, Value>> {
        let text = self.text(n);
        Ok(match v {
            Val::J(_) | Val::Undef | Val::FluxNode(_) => unreachable!("handled by json_of"),
            Val::Env => {
                let map: Map<String, Value> =
                    self.ctx.env.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
                let v = Value::Object(map);
                self.charge_value(&v)?;
                Cow::Owned(v)
            }
            Val::NodeMap => {
                return Err(
                    self.type_err(format!("`{text}` needs a node: write $node[\"Label\"].json or $node.node_1.json"))
                )
            }
            Val::NodeSel(name) => {
                return Err(self.type_err(format!(
                    "`{text}` is a node, not a value: write `{text}.json` for the output of `{name}`"
                )))
            }
            Val::NodeRef(name) => {
                return Err(self.type_err(format!(
                    "`{text}` is a node, not a value: write `{text}.item.json` (or `.first().json`, \
                     `.all()`) for the output of `{name}`"
                )))
            }
            Val::Input => {
                return Err(self.type_err(format!(
                    "`{text}` is not a value: write `$input.item.json`, `$input.first().json` or `$input.all()`"
                )))
            }
            Val::Ns(ns) => {
                return Err(self.type_err(format!(
                    "`{ns}` is not a value: call one of its functions ({})",
                    NS_FNS.iter().filter(|f| f.starts_with(ns)).copied().collect::<Vec<_>>().join(", ")
                )))
            }
        })
    }

    // The functions on the recursive path (value, eval, eval_member, binary, call, …) keep few
    // locals and hand the work to `#[inline(never)]` helpers, so that a level of the tree costs
    // little stack even in debug builds.

    fn eval(&mut self, n: &Node) -> R<Val<'a>> {
        self.step()?;
        match &n.kind {
            Kind::Lit(v) => Ok(Val::J(Cow::Owned(v.clone()))),
            Kind::Array(items) => self.eval_array(items),
            Kind::Object(items) => self.eval_object(items),
            Kind::Tmpl(parts) => self.eval_template(parts),
            Kind::Ident(name) => self.ident(name, n),
            Kind::Member { obj, prop, optional } => {
                let base = self.eval(obj)?;
                self.member(base, Key::Name(prop), *optional, obj, n)
            }
            Kind::Index { obj, index, optional } => self.eval_index(obj, index, *optional, n),
            Kind::Call { callee, args } => self.call(callee, args, n),
            Kind::Unary(op, operand) => {
                let v = self.value(operand)?;
                self.unary(*op, v, n)
            }
            Kind::Binary(op, l, r) => self.binary(*op, l, r, n),
            Kind::Cond(c, a, b) => {
                let c = self.value(c)?;
                if truthy(&c) {
                    self.eval(a)
                } else {
                    self.eval(b)
                }
            }
        }
    }

    #[inline(never)]
    fn eval_array(&mut self, items: &[Node]) -> R<Val<'a>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let v = self.value(item)?;
            out.push(self.own(v)?);
        }
        Ok(Val::J(Cow::Owned(self.array(out)?)))
    }

    #[inline(never)]
    fn eval_object(&mut self, items: &[(String, Node)]) -> R<Val<'a>> {
        let mut out = Map::new();
        for (k, item) in items {
            let v = self.value(item)?;
            let v = self.own(v)?;
            out.insert(k.clone(), v);
        }
        Ok(Val::J(Cow::Owned(Value::Object(out))))
    }

    #[inline(never)]
    fn eval_template(&mut self, parts: &[TmplNode]) -> R<Val<'a>> {
        let mut s = String::new();
        for part in parts {
            match part {
                TmplNode::Lit(t) => s.push_str(t),
                TmplNode::Expr(e) => {
                    let v = self.value(e)?;
                    s.push_str(&js_string(&v));
                }
            }
            if s.len() > MAX_STRING_BYTES {
                break;
            }
        }
        Ok(Val::J(Cow::Owned(self.string(s)?)))
    }

    #[inline(never)]
    fn eval_index(&mut self, obj: &Node, index: &Node, optional: bool, n: &Node) -> R<Val<'a>> {
        let base = self.eval(obj)?;
        let key = self.value(index)?;
        let name;
        let key = match key.as_ref() {
            Value::String(s) => Key::Name(s),
            Value::Number(num) if num.as_u64().is_some() => Key::Index(num.as_u64().expect("checked")),
            other => {
                name = js_string(other);
                Key::Name(&name)
            }
        };
        self.member(base, key, optional, obj, n)
    }

    #[inline(never)]
    fn unary(&mut self, op: UnOp, v: Cow<'a, Value>, n: &Node) -> R<Val<'a>> {
        Ok(Val::J(Cow::Owned(match op {
            UnOp::Not => Value::Bool(!truthy(&v)),
            UnOp::Neg => {
                if let Some(i) = v.as_i64().filter(|i| *i != i64::MIN && *i != 0) {
                    Value::from(-i)
                } else {
                    self.number(-to_number(&v), n)
                }
            }
            UnOp::Plus => self.number(to_number(&v), n),
        })))
    }

    fn ident(&mut self, name: &str, n: &Node) -> R<Val<'a>> {
        let ctx = self.ctx;
        Ok(match name {
            "$json" => Val::J(Cow::Borrowed(ctx.json)),
            "$trigger" | "trigger" => Val::J(Cow::Borrowed(ctx.trigger)),
            "$workflow" => Val::J(Cow::Borrowed(ctx.workflow)),
            "$execution" => Val::J(Cow::Borrowed(ctx.execution)),
            "$now" => Val::J(Cow::Owned(Value::String(ctx.now.to_string()))),
            "$today" => {
                let date = ctx.now.split('T').next().unwrap_or(ctx.now);
                Val::J(Cow::Owned(Value::String(date.to_string())))
            }
            "$itemIndex" => Val::J(Cow::Owned(Value::from(ctx.item_index))),
            "$env" => Val::Env,
            "$node" => Val::NodeMap,
            "$input" => Val::Input,
            ns if NAMESPACES.contains(&ns) => Val::Ns(NAMESPACES.iter().find(|s| **s == ns).expect("listed")),
            _ => match ctx.nodes.json(name) {
                Some(v) => {
                    self.charge_value(&v)?;
                    Val::FluxNode(v)
                }
                None => {
                    let looks_like_node = name
                        .strip_prefix("node_")
                        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
                    if looks_like_node {
                        self.warn(format!(
                            "`{}`: node `{name}` has not run or does not exist, so it is null",
                            self.text(n)
                        ));
                    } else {
                        self.warn(format!(
                            "`{name}` is not defined, so it is null (use $json, $trigger, $node[\"Label\"].json, \
                             $('Label').item.json, $env, $workflow, $execution, $now, or a node id like node_1)"
                        ));
                    }
                    Val::Undef
                }
            },
        })
    }

    fn node_json(&mut self, name: &str, n: &Node) -> R<Val<'a>> {
        match self.ctx.nodes.json(name) {
            Some(v) => {
                self.charge_value(&v)?;
                Ok(Val::J(Cow::Owned(v)))
            }
            None => {
                self.warn(format!("`{}`: node `{name}` has not run or does not exist, so it is null", self.text(n)));
                Ok(Val::Undef)
            }
        }
    }

    /// `{json: <node output>}` for `$('Label').item` / `.first()` / `.last()`.
    fn node_item(&mut self, name: &str, n: &Node) -> R<Val<'a>> {
        Ok(match self.node_json(name, n)? {
            Val::J(v) => Val::J(Cow::Owned(wrap_json(v.into_owned()))),
            other => other,
        })
    }

    fn member(&mut self, base: Val<'a>, key: Key<'_>, optional: bool, obj: &Node, n: &Node) -> R<Val<'a>> {
        let key_text = match key {
            Key::Name(s) => s.to_string(),
            Key::Index(i) => i.to_string(),
        };
        match base {
            Val::Undef => Ok(Val::Undef),
            Val::Env => match self.ctx.env.get(&key_text) {
                Some(v) => Ok(Val::J(Cow::Owned(Value::String(v.clone())))),
                None => {
                    self.warn(format!(
                        "`$env.{key_text}` is not allow-listed, so it is null: only the environment variables \
                         the operator allow-lists are visible to expressions"
                    ));
                    Ok(Val::Undef)
                }
            },
            Val::NodeMap => Ok(Val::NodeSel(key_text)),
            Val::NodeSel(name) => match key_text.as_str() {
                "json" | "data" => self.node_json(&name, n),
                _ => {
                    self.warn(format!(
                        "`{}` is undefined: a node has `.json` (its first output item), not `.{key_text}`",
                        self.text(n)
                    ));
                    Ok(Val::Undef)
                }
            },
            Val::NodeRef(name) => match key_text.as_str() {
                "item" => self.node_item(&name, n),
                _ => {
                    self.warn(format!(
                        "`{}` is undefined: write `.item.json`, `.first().json` or `.all()`",
                        self.text(n)
                    ));
                    Ok(Val::Undef)
                }
            },
            Val::Input => match key_text.as_str() {
                "item" => {
                    self.charge_value(self.ctx.json)?;
                    Ok(Val::J(Cow::Owned(wrap_json(self.ctx.json.clone()))))
                }
                _ => {
                    self.warn(format!(
                        "`{}` is undefined: write `$input.item.json`, `$input.first().json` or `$input.all()`",
                        self.text(n)
                    ));
                    Ok(Val::Undef)
                }
            },
            Val::FluxNode(v) if key_text == "output" => Ok(Val::J(Cow::Owned(v))),
            Val::FluxNode(v) => self.json_member(Cow::Owned(v), key, &key_text, optional, obj, n),
            Val::Ns(ns) => {
                self.warn(format!("`{}` is undefined: `{ns}` only has functions", self.text(n)));
                Ok(Val::Undef)
            }
            Val::J(v) => self.json_member(v, key, &key_text, optional, obj, n),
        }
    }

    fn json_member(
        &mut self,
        v: Cow<'a, Value>,
        key: Key<'_>,
        key_text: &str,
        optional: bool,
        obj: &Node,
        n: &Node,
    ) -> R<Val<'a>> {
        if key_text == "length" {
            match v.as_ref() {
                Value::String(s) => return Ok(Val::J(Cow::Owned(Value::from(s.chars().count())))),
                Value::Array(a) => return Ok(Val::J(Cow::Owned(Value::from(a.len())))),
                _ => {}
            }
        }
        let found: Option<Cow<'a, Value>> = match (v, key) {
            (Cow::Borrowed(Value::Object(m)), _) => m.get(key_text).map(Cow::Borrowed),
            (Cow::Owned(Value::Object(mut m)), _) => m.remove(key_text).map(Cow::Owned),
            (Cow::Borrowed(Value::Array(a)), k) => index_of(k, key_text).and_then(|i| a.get(i)).map(Cow::Borrowed),
            (Cow::Owned(Value::Array(mut a)), k) => {
                index_of(k, key_text).filter(|i| *i < a.len()).map(|i| Cow::Owned(a.swap_remove(i)))
            }
            (s, k) if s.is_string() && index_of(k, key_text).is_some() => index_of(k, key_text)
                .and_then(|i| s.as_str().and_then(|s| s.chars().nth(i)))
                .map(|c| Cow::Owned(Value::String(c.to_string()))),
            (other, _) => {
                if !optional {
                    let (what, hint) = if other.is_null() {
                        ("null".to_string(), "; use `?.` if that is expected")
                    } else {
                        (format!("a {}", type_name(&other)), "")
                    };

                    self.warn(format!("`{}` is undefined (`{}` is {what}){hint}", self.text(n), self.text(obj)));
                }
                return Ok(Val::Undef);
            }
        };
        match found {
            Some(v) => Ok(Val::J(v)),
            None => {
                let why = match key {
                    Key::Index(i) => format!("no element {i}"),
                    Key::Name(_) => format!("no key `{key_text}`"),
                };
                self.warn(format!("`{}` is undefined ({why})", self.text(n)));
                Ok(Val::Undef)
            }
        }
    }

    fn binary(&mut self, op: BinOp, l: &Node, r: &Node, n: &Node) -> R<Val<'a>> {
        match op {
            BinOp::And | BinOp::Or => {
                let a = self.value(l)?;
                if truthy(&a) == (op == BinOp::And) {
                    self.eval(r)
                } else {
                    Ok(Val::J(a))
                }
            }
            BinOp::Nullish => {
                let a = self.eval(l)?;
                match self.nullish(a, l)? {
                    Some(a) => Ok(Val::J(a)),
                    None => self.eval(r),
                }
            }
            _ => {
                let a = self.value(l)?;
                let b = self.value(r)?;
                self.combine(op, &a, &b, n)
            }
        }
    }

    /// The left side of `??` if it is neither undefined nor null.
    #[inline(never)]
    fn nullish(&mut self, a: Val<'a>, l: &Node) -> R<Option<Cow<'a, Value>>> {
        Ok(match a {
            Val::Undef => None,
            other => Some(self.json_of(other, l)?).filter(|v| !v.is_null()),
        })
    }

    #[inline(never)]
    fn combine(&mut self, op: BinOp, a: &Value, b: &Value, n: &Node) -> R<Val<'a>> {
        let out = match op {
            BinOp::Add => {
                let stringy = |v: &Value| matches!(v, Value::String(_) | Value::Array(_) | Value::Object(_));
                if stringy(a) || stringy(b) {
                    let (sa, sb) = (js_string(a), js_string(b));
                    if sa.len() + sb.len() > MAX_STRING_BYTES {
                        return Err(self.limit(format!(
                            "`{}` would build a string of {} bytes, more than {MAX_STRING_BYTES}",
                            self.text(n),
                            sa.len() + sb.len()
                        )));
                    }
                    self.string(sa + &sb)?
                } else {
                    self.arith(op, a, b, n)
                }
            }
            BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => self.arith(op, a, b, n),
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let ord = match (a, b) {
                    (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
                    _ => to_number(a).partial_cmp(&to_number(b)),
                };
                Value::Bool(match ord {
                    None => false,
                    Some(o) => match op {
                        BinOp::Lt => o.is_lt(),
                        BinOp::Le => o.is_le(),
                        BinOp::Gt => o.is_gt(),
                        _ => o.is_ge(),
                    },
                })
            }
            BinOp::Eq => Value::Bool(loose_eq(a, b)),
            BinOp::Ne => Value::Bool(!loose_eq(a, b)),
            BinOp::StrictEq => Value::Bool(strict_eq(a, b)),
            BinOp::StrictNe => Value::Bool(!strict_eq(a, b)),
            BinOp::And | BinOp::Or | BinOp::Nullish => unreachable!("handled above"),
        };
        Ok(Val::J(Cow::Owned(out)))
    }

    fn arith(&mut self, op: BinOp, a: &Value, b: &Value, n: &Node) -> Value {
        if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
            let exact = match op {
                BinOp::Add => x.checked_add(y),
                BinOp::Sub => x.checked_sub(y),
                BinOp::Mul => x.checked_mul(y),
                BinOp::Div => x.checked_rem(y).filter(|r| *r == 0).and_then(|_| x.checked_div(y)),
                BinOp::Rem => x.checked_rem(y).filter(|r| !(*r == 0 && x < 0)),
                _ => None,
            };
            if let Some(v) = exact {
                return Value::from(v);
            }
        }
        let (x, y) = (to_number(a), to_number(b));
        let f = match op {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => x * y,
            BinOp::Div => x / y,
            _ => x % y,
        };
        self.number(f, n)
    }

    // ----- calls ---------------------------------------------------------------------------

    fn args(&mut self, args: &[Node]) -> R<Vec<Cow<'a, Value>>> {
        args.iter().map(|a| self.value(a)).collect()
    }

    fn call(&mut self, callee: &Node, args: &[Node], n: &Node) -> R<Val<'a>> {
        match &callee.kind {
            Kind::Ident(name) => self.call_global(name, args, n),
            Kind::Member { obj, prop, optional } => {
                if let Kind::Ident(ns) = &obj.kind {
                    if NAMESPACES.contains(&ns.as_str()) {
                        return self.call_ns(ns, prop, args, n);
                    }
                }
                let recv = self.eval(obj)?;
                let vals = self.args(args)?;
                self.call_method(recv, prop, vals, *optional, obj, n)
            }
            _ => Err(self.type_err(format!(
                "`{}` cannot be called: only the allowed functions and methods can (e.g. `$json.name.toUpperCase()`)",
                self.text(callee)
            ))),
        }
    }

    #[inline(never)]
    fn call_global(&mut self, name: &str, args: &[Node], n: &Node) -> R<Val<'a>> {
        if !GLOBAL_FNS.contains(&name) {
            let mut all: Vec<&str> = GLOBAL_FNS.to_vec();
            all.extend_from_slice(NS_FNS);
            return Err(self.unknown_fn(name, &all, "the functions are"));
        }
        let vals = self.args(args)?;
        self.global_fn(name, vals, n)
    }

    #[inline(never)]
    fn global_fn(&mut self, name: &str, vals: Vec<Cow<'a, Value>>, n: &Node) -> R<Val<'a>> {
        let arg = |i: usize| vals.get(i).map(|v| v.as_ref()).unwrap_or(&Value::Null);
        let out = match name {
            "$" => match arg(0) {
                Value::String(s) => return Ok(Val::NodeRef(s.clone())),
                other => {
                    return Err(self.type_err(format!(
                        "$() takes a node label as a string, like $('Send Message'), not a {}",
                        type_name(other)
                    )))
                }
            },
            "String" => {
                let s = if vals.is_empty() { String::new() } else { js_string(arg(0)) };
                self.string(s)?
            }
            "Number" => {
                let f = if vals.is_empty() { 0.0 } else { to_number(arg(0)) };
                self.number(f, n)
            }
            "Boolean" => Value::Bool(truthy(arg(0))),
            "parseInt" => {
                let radix = match arg(1) {
                    Value::Null => 0,
                    r => to_number(r) as u32,
                };
                let f = parse_int(&js_string(arg(0)), radix);
                self.number(f, n)
            }
            "parseFloat" => {
                let f = parse_float(&js_string(arg(0)));
                self.number(f, n)
            }
            "encodeURIComponent" => {
                let s = encode_uri_component(&js_string(arg(0)));
                self.string(s)?
            }
            // NaN is not JSON: it becomes null, so isNaN treats null as NaN.
            "isNaN" => Value::Bool(arg(0).is_null() || to_number(arg(0)).is_nan()),
            _ => unreachable!("listed in GLOBAL_FNS"),
        };
        Ok(Val::J(Cow::Owned(out)))
    }

    #[inline(never)]
    fn call_ns(&mut self, ns: &str, f: &str, args: &[Node], n: &Node) -> R<Val<'a>> {
        let full = format!("{ns}.{f}");
        if !NS_FNS.contains(&full.as_str()) {
            let same_ns: Vec<&str> = NS_FNS.iter().copied().filter(|c| c.starts_with(ns)).collect();
            return Err(self.unknown_fn(&full, &same_ns, &format!("{ns} has")));
        }
        let vals = self.args(args)?;
        self.ns_fn(&full, f, vals, n)
    }

    #[inline(never)]
    fn ns_fn(&mut self, full: &str, f: &str, vals: Vec<Cow<'a, Value>>, n: &Node) -> R<Val<'a>> {
        let arg = |i: usize| vals.get(i).map(|v| v.as_ref()).unwrap_or(&Value::Null);
        let nums = || vals.iter().map(|v| to_number(v)).collect::<Vec<f64>>();
        let out = match full {
            "JSON.stringify" => {
                let pretty = to_number(arg(2)) > 0.0 || matches!(arg(2), Value::String(s) if !s.is_empty());
                let s = if pretty { serde_json::to_string_pretty(arg(0)) } else { serde_json::to_string(arg(0)) }
                    .map_err(|e| self.type_err(format!("JSON.stringify failed: {e}")))?;
                self.string(s)?
            }
            "JSON.parse" => {
                let Value::String(s) = arg(0) else {
                    return Err(self.type_err(format!(
                        "JSON.parse needs a string, but got a {}; it is already JSON, use it directly",
                        type_name(arg(0))
                    )));
                };
                let v: Value = serde_json::from_str(s).map_err(|e| {
                    self.type_err(format!("JSON.parse: the text is not valid JSON ({e}); check the input"))
                })?;
                self.check_arrays(&v)?;
                self.charge_value(&v)?;
                v
            }
            "Math.round" => self.number((to_number(arg(0)) + 0.5).floor(), n),
            "Math.floor" => self.number(to_number(arg(0)).floor(), n),
            "Math.ceil" => self.number(to_number(arg(0)).ceil(), n),
            "Math.abs" => self.number(to_number(arg(0)).abs(), n),
            "Math.sqrt" => self.number(to_number(arg(0)).sqrt(), n),
            "Math.pow" => self.number(to_number(arg(0)).powf(to_number(arg(1))), n),
            "Math.min" => {
                let f =
                    nums()
                        .into_iter()
                        .fold(f64::INFINITY, |m, x| if x.is_nan() || m.is_nan() { f64::NAN } else { m.min(x) });
                self.number(f, n)
            }
            "Math.max" => {
                let f = nums().into_iter().fold(f64::NEG_INFINITY, |m, x| {
                    if x.is_nan() || m.is_nan() {
                        f64::NAN
                    } else {
                        m.max(x)
                    }
                });
                self.number(f, n)
            }
            "Object.keys" | "Object.values" | "Object.entries" => {
                let items: Vec<Value> = match arg(0) {
                    Value::Object(m) => match f {
                        "keys" => m.keys().map(|k| Value::String(k.clone())).collect(),
                        "values" => m.values().cloned().collect(),
                        _ => m.iter().map(|(k, v)| Value::Array(vec![Value::String(k.clone()), v.clone()])).collect(),
                    },
                    Value::Array(a) => match f {
                        "keys" => (0..a.len()).map(|i| Value::String(i.to_string())).collect(),
                        "values" => a.clone(),
                        _ => a
                            .iter()
                            .enumerate()
                            .map(|(i, v)| Value::Array(vec![Value::String(i.to_string()), v.clone()]))
                            .collect(),
                    },
                    Value::Null => {
                        return Err(self.type_err(format!(
                            "{full} needs an object, but its argument is null; check the path (or use `?? {{}}`)"
                        )))
                    }
                    _ => Vec::new(),
                };
                let v = Value::Array(items);
                self.charge_value(&v)?;
                let Value::Array(items) = v else { unreachable!() };
                self.array(items)?
            }
            "Array.isArray" => Value::Bool(arg(0).is_array()),
            _ => unreachable!("listed in NS_FNS"),
        };
        Ok(Val::J(Cow::Owned(out)))
    }

    fn check_arrays(&self, v: &Value) -> R<()> {
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(a) => {
                    self.check_len(a.len())?;
                    stack.extend(a.iter());
                }
                Value::Object(m) => stack.extend(m.values()),
                _ => {}
            }
        }
        Ok(())
    }

    #[inline(never)]
    fn call_method(
        &mut self,
        recv: Val<'a>,
        name: &str,
        vals: Vec<Cow<'a, Value>>,
        optional: bool,
        obj: &Node,
        n: &Node,
    ) -> R<Val<'a>> {
        // Node and input selectors.
        match &recv {
            Val::NodeRef(_) | Val::Input => {
                if !ITEM_METHODS.contains(&name) {
                    return Err(self.unknown_fn(name, ITEM_METHODS, "a node selector has"));
                }
                let text = self.text(obj);
                return match (recv, name) {
                    (Val::NodeRef(node), "all") => match self.ctx.nodes.all(&node) {
                        Some(items) => {
                            self.check_len(items.len())?;
                            let v = Value::Array(items.into_iter().map(wrap_json).collect());
                            self.charge_value(&v)?;
                            Ok(Val::J(Cow::Owned(v)))
                        }
                        None => {
                            self.warn(format!("`{text}`: node `{node}` has not run or does not exist, so it is null"));
                            Ok(Val::Undef)
                        }
                    },
                    (Val::NodeRef(node), _) => {
                        if name == "last" {
                            if let Some(items) = self.ctx.nodes.all(&node) {
                                let v = wrap_json(items.into_iter().last().unwrap_or(Value::Null));
                                self.charge_value(&v)?;
                                return Ok(Val::J(Cow::Owned(v)));
                            }
                        }
                        self.node_item(&node, n)
                    }
                    (_, "all") => {
                        self.charge_value(self.ctx.json)?;
                        Ok(Val::J(Cow::Owned(Value::Array(vec![wrap_json(self.ctx.json.clone())]))))
                    }
                    _ => {
                        self.charge_value(self.ctx.json)?;
                        Ok(Val::J(Cow::Owned(wrap_json(self.ctx.json.clone()))))
                    }
                };
            }
            Val::NodeMap | Val::NodeSel(_) | Val::Env | Val::Ns(_) => {
                let text = self.text(obj);
                return Err(self.unknown_fn(&format!("{text}.{name}"), &[], "no methods here; the functions are"));
            }
            _ => {}
        }
        let known = STRING_METHODS.contains(&name) || ARRAY_METHODS.contains(&name) || NUMBER_METHODS.contains(&name);
        if !known {
            let mut all: Vec<&str> = STRING_METHODS.to_vec();
            all.extend(ARRAY_METHODS.iter().filter(|m| !STRING_METHODS.contains(m)));
            all.extend(NUMBER_METHODS.iter().filter(|m| !STRING_METHODS.contains(m)));
            return Err(self.unknown_fn(name, &all, "the methods are"));
        }
        let v = match recv {
            Val::Undef => return Ok(Val::Undef),
            other => self.json_of(other, obj)?,
        };
        if v.is_null() {
            if !optional {
                self.warn(format!(
                    "`{}` is undefined (`{}` is null, so `.{name}()` was not called); use `?.` if that is expected",
                    self.text(n),
                    self.text(obj)
                ));
            }
            return Ok(Val::Undef);
        }
        let out = match v.as_ref() {
            Value::String(s) if STRING_METHODS.contains(&name) => self.string_method(s, name, &vals, n)?,
            Value::Array(a) if ARRAY_METHODS.contains(&name) => self.array_method(a, name, &vals)?,
            Value::Number(_) if NUMBER_METHODS.contains(&name) => {
                let x = to_number(&v);
                if name == "toFixed" {
                    let digits = vals.first().map(|d| to_number(d)).unwrap_or(0.0);
                    if !(0.0..=100.0).contains(&digits) {
                        return Err(self.type_err(format!("toFixed takes 0 to 100 digits, not {digits}")));
                    }
                    self.string(format!("{x:.*}", digits as usize))?
                } else {
                    self.string(js_string(&v))?
                }
            }
            other if name == "toString" => {
                let s = js_string(other);
                self.string(s)?
            }
            other => {
                let kinds: Vec<&str> =
                    [(STRING_METHODS, "string"), (ARRAY_METHODS, "array"), (NUMBER_METHODS, "number")]
                        .iter()
                        .filter(|(list, _)| list.contains(&name))
                        .map(|(_, k)| *k)
                        .collect();
                return Err(self.type_err(format!(
                    "`.{name}()` is a {} method, but `{}` is a {}; convert it first (e.g. String(x) or Number(x))",
                    kinds.join(" and "),
                    self.text(obj),
                    type_name(other)
                )));
            }
        };
        Ok(Val::J(Cow::Owned(out)))
    }

    fn string_method(&mut self, s: &str, name: &str, args: &[Cow<'a, Value>], n: &Node) -> R<Value> {
        let arg = |i: usize| args.get(i).map(|v| v.as_ref()).unwrap_or(&Value::Null);
        let sarg = |i: usize| js_string(arg(i));
        let len = s.chars().count();
        let int_arg = |i: usize, default: i64| int_argument(arg(i), default);
        Ok(match name {
            "toLowerCase" => self.string(s.to_lowercase())?,
            "toUpperCase" => self.string(s.to_uppercase())?,
            "trim" => self.string(s.trim().to_string())?,
            "trimStart" => self.string(s.trim_start().to_string())?,
            "trimEnd" => self.string(s.trim_end().to_string())?,
            "toString" | "toISOString" => self.string(s.to_string())?,
            "includes" => Value::Bool(s.contains(&sarg(0))),
            "startsWith" => Value::Bool(s.starts_with(&sarg(0))),
            "endsWith" => Value::Bool(s.ends_with(&sarg(0))),
            "indexOf" => {
                let from = int_arg(1, 0).clamp(0, len as i64) as usize;
                let start = byte_at(s, from);
                match s[start..].find(&sarg(0)) {
                    Some(b) => Value::from((from + s[start..start + b].chars().count()) as i64),
                    None => Value::from(-1),
                }
            }
            "charAt" => {
                let i = int_arg(0, 0);
                let c = if i < 0 { None } else { s.chars().nth(i as usize) };
                self.string(c.map(String::from).unwrap_or_default())?
            }
            "slice" => {
                let (a, b) = (rel_index(int_arg(0, 0), len), rel_index(int_arg(1, len as i64), len));
                let sub: String = if a < b { s.chars().skip(a).take(b - a).collect() } else { String::new() };
                self.string(sub)?
            }
            "substring" => {
                let a = int_arg(0, 0).clamp(0, len as i64) as usize;
                let b = int_arg(1, len as i64).clamp(0, len as i64) as usize;
                let (a, b) = (a.min(b), a.max(b));
                self.string(s.chars().skip(a).take(b - a).collect())?
            }
            "padStart" | "padEnd" => {
                let target = to_number(arg(0));
                let fill = match arg(1) {
                    Value::Null => " ".to_string(),
                    v => js_string(v),
                };
                if target.is_nan() || target <= len as f64 || fill.is_empty() {
                    return self.string(s.to_string());
                }
                if target > MAX_STRING_BYTES as f64 {
                    return Err(self.limit(format!(
                        "`{}` would build a string of {target} characters, more than {MAX_STRING_BYTES} bytes",
                        self.text(n)
                    )));
                }
                let need = target as usize - len;
                let pad: String = fill.chars().cycle().take(need).collect();
                let out = if name == "padStart" { pad + s } else { s.to_string() + &pad };
                self.string(out)?
            }
            "concat" => {
                let mut out = s.to_string();
                for a in args {
                    out.push_str(&js_string(a));
                    if out.len() > MAX_STRING_BYTES {
                        break;
                    }
                }
                self.string(out)?
            }
            "replace" | "replaceAll" => {
                let (from, to) = (sarg(0), sarg(1));
                if name == "replace" {
                    self.string(s.replacen(&from, &to, 1))?
                } else {
                    let count = if from.is_empty() { len + 1 } else { s.matches(&from).count() };
                    let size = s.len() + count.saturating_mul(to.len());
                    if size > MAX_STRING_BYTES {
                        return Err(self.limit(format!(
                            "`{}` would build a string of about {size} bytes, more than {MAX_STRING_BYTES}",
                            self.text(n)
                        )));
                    }
                    self.string(s.replace(&from, &to))?
                }
            }
            "split" => {
                let parts: Vec<Value> = match arg(0) {
                    Value::Null => vec![Value::String(s.to_string())],
                    sep => {
                        let sep = js_string(sep);
                        let count = if sep.is_empty() { len } else { s.matches(&sep).count() + 1 };
                        self.check_len(count)?;
                        if sep.is_empty() {
                            s.chars().map(|c| Value::String(c.to_string())).collect()
                        } else {
                            s.split(&sep).map(|p| Value::String(p.to_string())).collect()
                        }
                    }
                };
                let parts = match arg(1) {
                    Value::Null => parts,
                    l => parts.into_iter().take(to_number(l).max(0.0) as usize).collect(),
                };
                self.charge(s.len())?;
                self.array(parts)?
            }
            _ => unreachable!("listed in STRING_METHODS"),
        })
    }

    fn array_method(&mut self, a: &[Value], name: &str, args: &[Cow<'a, Value>]) -> R<Value> {
        let arg = |i: usize| args.get(i).map(|v| v.as_ref()).unwrap_or(&Value::Null);
        let len = a.len();
        let int_arg = |i: usize, default: i64| int_argument(arg(i), default);
        Ok(match name {
            "join" | "toString" => {
                let sep = match arg(0) {
                    Value::Null => ",".to_string(),
                    v if name == "join" => js_string(v),
                    _ => ",".to_string(),
                };
                let mut out = String::new();
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        out.push_str(&sep);
                    }
                    if !v.is_null() {
                        out.push_str(&js_string(v));
                    }
                    if out.len() > MAX_STRING_BYTES {
                        break;
                    }
                }
                self.string(out)?
            }
            "includes" => Value::Bool(a.iter().any(|v| strict_eq(v, arg(0)))),
            "indexOf" => Value::from(a.iter().position(|v| strict_eq(v, arg(0))).map_or(-1, |i| i as i64)),
            "first" | "last" => {
                let v = if name == "first" { a.first() } else { a.last() };
                let v = v.cloned().unwrap_or(Value::Null);
                self.charge_value(&v)?;
                v
            }
            "slice" => {
                let (s, e) = (rel_index(int_arg(0, 0), len), rel_index(int_arg(1, len as i64), len));
                let items: Vec<Value> = if s < e { a[s..e].to_vec() } else { Vec::new() };
                let v = Value::Array(items);
                self.charge_value(&v)?;
                let Value::Array(items) = v else { unreachable!() };
                self.array(items)?
            }
            "reverse" => {
                let v = Value::Array(a.iter().rev().cloned().collect());
                self.charge_value(&v)?;
                v
            }
            "concat" => {
                let mut total = len;
                for x in args {
                    total += match x.as_ref() {
                        Value::Array(b) => b.len(),
                        _ => 1,
                    };
                }
                self.check_len(total)?;
                let mut items = a.to_vec();
                for x in args {
                    match x.as_ref() {
                        Value::Array(b) => items.extend(b.iter().cloned()),
                        other => items.push(other.clone()),
                    }
                }
                let v = Value::Array(items);
                self.charge_value(&v)?;
                let Value::Array(items) = v else { unreachable!() };
                self.array(items)?
            }
            _ => unreachable!("listed in ARRAY_METHODS"),
        })
    }
}

#[derive(Clone, Copy)]
enum Key<'k> {
    Name(&'k str),
    Index(u64),
}

fn index_of(k: Key<'_>, text: &str) -> Option<usize> {
    match k {
        Key::Index(i) => usize::try_from(i).ok(),
        Key::Name(_) => {
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) || (text.len() > 1 && text.starts_with('0'))
            {
                None
            } else {
                text.parse().ok()
            }
        }
    }
}

fn wrap_json(v: Value) -> Value {
    let mut m = Map::new();
    m.insert("json".into(), v);
    Value::Object(m)
}

/// A JavaScript-style relative index (negative counts from the end), clamped to `0..=len`.
fn rel_index(i: i64, len: usize) -> usize {
    if i < 0 {
        len.saturating_sub(i.unsigned_abs() as usize)
    } else {
        (i as usize).min(len)
    }
}

/// The byte offset of the `chars`-th character (or the end).
fn byte_at(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(b, _)| b)
}

/// Approximately how many bytes a value occupies, counting no further than `cap`.
fn approx_size(v: &Value, cap: usize) -> usize {
    let mut total = 0usize;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        total += 16;
        match v {
            Value::String(s) => total += s.len(),
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(m) => {
                for (k, v) in m {
                    total += k.len() + 16;
                    stack.push(v);
                }
            }
            _ => {}
        }
        if total > cap {
            return total;
        }
    }
    total
}

pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A finite number as JSON: an integer when it is one exactly; `None` for NaN and infinities.
pub(crate) fn num_value(f: f64) -> Option<Value> {
    if !f.is_finite() {
        return None;
    }
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        // -0 prints as 0, as in JavaScript.
        return Some(Value::from(f as i64));
    }
    serde_json::Number::from_f64(f).map(Value::Number)
}

/// JavaScript truthiness: `""`, `0`, `null`, `false` are falsy; `[]` and `{}` are truthy.
pub(crate) fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// JavaScript's `Number(v)`; arrays and objects are NaN.
pub(crate) fn to_number(v: &Value) -> f64 {
    match v {
        Value::Null => 0.0,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                return 0.0;
            }
            if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                return i64::from_str_radix(hex, 16).map_or(f64::NAN, |i| i as f64);
            }
            let body = t.strip_prefix(['+', '-']).unwrap_or(t);
            if body == "Infinity" {
                return if t.starts_with('-') { f64::NEG_INFINITY } else { f64::INFINITY };
            }
            if body.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) {
                t.parse().unwrap_or(f64::NAN)
            } else {
                f64::NAN
            }
        }
        Value::Array(_) | Value::Object(_) => f64::NAN,
    }
}

/// How JavaScript prints a number (integers without `.0`).
fn fmt_number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    if f.fract() == 0.0 && f.abs() < 1e21 {
        format!("{f:.0}")
    } else {
        format!("{f}")
    }
}

/// The text of a value as `+` and interpolation use it: strings as they are, numbers as
/// JavaScript prints them, `null` as `null`, objects and arrays as compact JSON.
pub(crate) fn js_string(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => fmt_number(n),
        Value::String(s) => s.clone(),
        Value::Array(_) | Value::Object(_) => v.to_string(),
    }
}

/// `===`: same type and value (numbers compared numerically; arrays and objects by content).
pub(crate) fn strict_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// `==`: like `===`, but numbers equal numeric strings and booleans compare as 0/1.
pub(crate) fn loose_eq(a: &Value, b: &Value) -> bool {
    use Value::{Bool, Null, Number, String};
    match (a, b) {
        (Null, Null) => true,
        (Null, _) | (_, Null) => false,
        (Number(_), String(_)) | (String(_), Number(_)) => to_number(a) == to_number(b),
        (Bool(_), Number(_) | String(_)) | (Number(_) | String(_), Bool(_)) => to_number(a) == to_number(b),
        _ => strict_eq(a, b),
    }
}

fn parse_int(s: &str, radix: u32) -> f64 {
    let t = s.trim_start();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (radix, t) = if (radix == 16 || radix == 0) && (t.starts_with("0x") || t.starts_with("0X")) {
        (16, &t[2..])
    } else if radix == 0 {
        (10, t)
    } else {
        (radix, t)
    };
    if !(2..=36).contains(&radix) {
        return f64::NAN;
    }
    let digits: String = t.chars().take_while(|c| c.is_digit(radix)).collect();
    if digits.is_empty() {
        return f64::NAN;
    }
    let mut f = 0.0f64;
    for c in digits.chars() {
        f = f * radix as f64 + c.to_digit(radix).unwrap_or(0) as f64;
    }
    if neg {
        -f
    } else {
        f
    }
}

fn parse_float(s: &str) -> f64 {
    let t = s.trim_start();
    let b = t.as_bytes();
    let mut j = 0;
    if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
        j += 1;
    }
    if t[j..].starts_with("Infinity") {
        return if t.starts_with('-') { f64::NEG_INFINITY } else { f64::INFINITY };
    }
    let digits_start = j;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    if j < b.len() && b[j] == b'.' {
        j += 1;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
    }
    if j == digits_start || &t[digits_start..j] == "." {
        return f64::NAN;
    }
    if j < b.len() && (b[j] == b'e' || b[j] == b'E') {
        let mut k = j + 1;
        if k < b.len() && (b[k] == b'+' || b[k] == b'-') {
            k += 1;
        }
        if k < b.len() && b[k].is_ascii_digit() {
            while k < b.len() && b[k].is_ascii_digit() {
                k += 1;
            }
            j = k;
        }
    }
    t[..j].parse().unwrap_or(f64::NAN)
}

/// `encodeURIComponent`: percent-encodes UTF-8 bytes except `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
fn encode_uri_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A method's integer argument as JavaScript reads it: `default` when absent, 0 for what is not
/// a number, clamped to the safe integer range.
fn int_argument(value: &Value, default: i64) -> i64 {
    match value {
        Value::Null => default,
        v => {
            let f = to_number(v);
            if f.is_nan() {
                0
            } else {
                f.clamp(-9e15, 9e15) as i64
            }
        }
    }
}
