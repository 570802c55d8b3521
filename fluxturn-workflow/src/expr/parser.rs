//! A recursive-descent parser with JavaScript precedence. Recursion is bounded twice: the parser
//! counts nesting ([`MAX_DEPTH`]) before it recurses, and every node records the depth of the tree
//! below it ([`MAX_AST_DEPTH`]), so neither parsing, evaluating nor dropping a tree can overflow
//! the stack.

use serde_json::Value;

use super::eval::StackGuard;
use super::lexer::{lex, TmplPart, Tok, T};
use super::{shorten, ExprError, MAX_AST_DEPTH, MAX_DEPTH, MAX_STACK_BYTES, NO_STATEMENTS};

/// Errors and nodes travel boxed, so that the recursive functions' frames stay small.
type E = Box<ExprError>;
type PR = Result<Box<Node>, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnOp {
    Not,
    Neg,
    Plus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    StrictEq,
    StrictNe,
    And,
    Or,
    Nullish,
}

#[derive(Debug)]
pub(crate) enum TmplNode {
    Lit(String),
    Expr(Node),
}

#[derive(Debug)]
pub(crate) enum Kind {
    Lit(Value),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
    Tmpl(Vec<TmplNode>),
    Ident(String),
    Member { obj: Box<Node>, prop: String, optional: bool },
    Index { obj: Box<Node>, index: Box<Node>, optional: bool },
    Call { callee: Box<Node>, args: Vec<Node> },
    Unary(UnOp, Box<Node>),
    Binary(BinOp, Box<Node>, Box<Node>),
    Cond(Box<Node>, Box<Node>, Box<Node>),
}

/// A node of the syntax tree, with its byte span in the expression and the height of its subtree.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) start: usize,
    pub(crate) end: usize,
    depth: usize,
}

/// Words that start statements or declarations in JavaScript: never valid in an expression.
const STATEMENT_WORDS: &[&str] = &[
    "while",
    "for",
    "do",
    "if",
    "else",
    "function",
    "return",
    "let",
    "const",
    "var",
    "class",
    "switch",
    "case",
    "try",
    "catch",
    "finally",
    "throw",
    "break",
    "continue",
    "import",
    "export",
    "async",
    "await",
    "yield",
    "delete",
    "with",
    "debugger",
    "typeof",
    "instanceof",
    "in",
    "of",
    "void",
];

/// Parses a whole expression body.
pub(crate) fn parse(src: &str) -> Result<Node, ExprError> {
    let mut p = Parser::new(src, 0, src.len(), 0, StackGuard::new()).map_err(|e| *e)?;
    let node = p.expr().map_err(|e| *e)?;
    p.expect_eof().map_err(|e| *e)?;
    Ok(*node)
}

struct Parser<'s> {
    src: &'s str,
    toks: Vec<Tok>,
    i: usize,
    depth: usize,
    stack: StackGuard,
}

impl<'s> Parser<'s> {
    fn new(src: &'s str, start: usize, end: usize, depth: usize, stack: StackGuard) -> Result<Self, E> {
        let toks = lex(src, start, end).map_err(|(pos, message)| syntax(src, pos, message))?;
        Ok(Parser { src, toks, i: 0, depth, stack })
    }

    fn err(&self, pos: usize, message: impl Into<String>) -> E {
        syntax(self.src, pos, message.into())
    }

    fn peek(&self) -> &Tok {
        &self.toks[self.i]
    }

    fn next(&mut self) -> Tok {
        let t = self.toks[self.i].clone();
        if self.i + 1 < self.toks.len() {
            self.i += 1;
        }
        t
    }

    fn is_p(&self, p: &str) -> bool {
        matches!(self.peek().t, T::P(q) if q == p)
    }

    fn eat(&mut self, p: &str) -> bool {
        if self.is_p(p) {
            self.next();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, p: &str, what: &str) -> Result<Tok, E> {
        if self.is_p(p) {
            Ok(self.next())
        } else {
            let t = self.peek();
            Err(self.err(t.pos, format!("expected `{p}` {what}, found {}", describe(&t.t))))
        }
    }

    fn expect_eof(&mut self) -> Result<(), E> {
        let t = self.peek();
        match &t.t {
            T::Eof => Ok(()),
            T::P("{") => Err(self.err(t.pos, format!("unexpected `{{`: {NO_STATEMENTS}"))),
            other => Err(self.err(
                t.pos,
                format!(
                    "found {} after the end of the expression (an expression is a single value; \
                     join several with operators such as `+` or `&&`)",
                    describe(other)
                ),
            )),
        }
    }

    fn enter(&mut self, pos: usize) -> Result<(), E> {
        self.depth += 1;
        if self.depth > MAX_DEPTH || self.stack.exceeded() {
            return Err(Box::new(ExprError::Limit {
                expr: shorten(self.src),
                message: format!(
                    "the expression nests too deeply (more than {MAX_DEPTH} levels, or more than \
                     {MAX_STACK_BYTES} bytes of parser stack, at position {pos}); simplify it or \
                     split it across nodes"
                ),
            }));
        }
        Ok(())
    }

    fn node(&self, kind: Kind, start: usize, end: usize) -> PR {
        let child = match &kind {
            Kind::Lit(_) | Kind::Ident(_) => 0,
            Kind::Array(items) => items.iter().map(|n| n.depth).max().unwrap_or(0),
            Kind::Object(items) => items.iter().map(|(_, n)| n.depth).max().unwrap_or(0),
            Kind::Tmpl(parts) => parts
                .iter()
                .map(|p| match p {
                    TmplNode::Lit(_) => 0,
                    TmplNode::Expr(n) => n.depth,
                })
                .max()
                .unwrap_or(0),
            Kind::Member { obj, .. } => obj.depth,
            Kind::Index { obj, index, .. } => obj.depth.max(index.depth),
            Kind::Call { callee, args } => args.iter().map(|n| n.depth).max().unwrap_or(0).max(callee.depth),
            Kind::Unary(_, a) => a.depth,
            Kind::Binary(_, a, b) => a.depth.max(b.depth),
            Kind::Cond(a, b, c) => a.depth.max(b.depth).max(c.depth),
        };
        let depth = child + 1;
        if depth > MAX_AST_DEPTH {
            return Err(Box::new(ExprError::Limit {
                expr: shorten(self.src),
                message: format!(
                    "the expression is too long a chain (more than {MAX_AST_DEPTH} operators or \
                     property accesses in a row, near position {start}); split it across nodes"
                ),
            }));
        }
        Ok(Box::new(Node { kind, start, end, depth }))
    }

    /// expression := conditional (counts one nesting level)
    fn expr(&mut self) -> PR {
        let pos = self.peek().pos;
        self.enter(pos)?;
        let n = self.conditional();
        self.depth -= 1;
        n
    }

    fn conditional(&mut self) -> PR {
        let c = self.binary()?;
        if !self.eat("?") {
            return Ok(c);
        }
        let a = self.expr()?;
        self.expect(":", "in a conditional `c ? a : b`")?;
        let b = self.expr()?;
        let (start, end) = (c.start, b.end);
        self.node(Kind::Cond(c, a, b), start, end)
    }

    /// Binary operators, by precedence climbing over explicit stacks (no recursion per level).
    fn binary(&mut self) -> PR {
        let mut operands: Vec<Box<Node>> = vec![self.unary()?];
        let mut ops: Vec<(BinOp, u8)> = Vec::new();
        while let Some((op, prec)) = self.peek_binop() {
            self.next();
            while ops.last().is_some_and(|(_, top)| *top >= prec) {
                self.reduce(&mut operands, &mut ops)?;
            }
            ops.push((op, prec));
            operands.push(self.unary()?);
        }
        while !ops.is_empty() {
            self.reduce(&mut operands, &mut ops)?;
        }
        Ok(operands.pop().expect("one operand left"))
    }

    // The operands stay boxed: they move on into the boxed fields of `Kind::Binary`.
    #[allow(clippy::vec_box)]
    fn reduce(&self, operands: &mut Vec<Box<Node>>, ops: &mut Vec<(BinOp, u8)>) -> Result<(), E> {
        let (op, _) = ops.pop().expect("an operator");
        let right = operands.pop().expect("right operand");
        let left = operands.pop().expect("left operand");
        let (start, end) = (left.start, right.end);
        operands.push(self.node(Kind::Binary(op, left, right), start, end)?);
        Ok(())
    }

    /// The binary operator at the cursor and its precedence (JavaScript's, tighter is higher).
    fn peek_binop(&self) -> Option<(BinOp, u8)> {
        let T::P(p) = self.peek().t else { return None };
        Some(match p {
            "||" => (BinOp::Or, 1),
            "??" => (BinOp::Nullish, 1),
            "&&" => (BinOp::And, 2),
            "===" => (BinOp::StrictEq, 3),
            "!==" => (BinOp::StrictNe, 3),
            "==" => (BinOp::Eq, 3),
            "!=" => (BinOp::Ne, 3),
            "<=" => (BinOp::Le, 4),
            ">=" => (BinOp::Ge, 4),
            "<" => (BinOp::Lt, 4),
            ">" => (BinOp::Gt, 4),
            "+" => (BinOp::Add, 5),
            "-" => (BinOp::Sub, 5),
            "*" => (BinOp::Mul, 6),
            "/" => (BinOp::Div, 6),
            "%" => (BinOp::Rem, 6),
            _ => return None,
        })
    }

    fn unary(&mut self) -> PR {
        let op = match self.peek().t {
            T::P("!") => UnOp::Not,
            T::P("-") => UnOp::Neg,
            T::P("+") => UnOp::Plus,
            _ => return self.postfix(),
        };
        let start = self.next().pos;
        self.enter(start)?;
        let operand = self.unary();
        self.depth -= 1;
        let operand = operand?;
        let end = operand.end;
        self.node(Kind::Unary(op, operand), start, end)
    }

    // The functions on the recursive path (expr, conditional, binary, unary, postfix, primary)
    // keep few locals and hand everything else to `#[inline(never)]` helpers, so that a nesting
    // level costs little stack even in debug builds.

    fn postfix(&mut self) -> PR {
        let mut n = self.primary()?;
        loop {
            n = match self.peek().t {
                T::P(".") => self.dot(n)?,
                T::P("?.") => self.optional(n)?,
                T::P("[") => self.index(n, false)?,
                T::P("(") => self.call(n)?,
                _ => return Ok(n),
            };
        }
    }

    #[inline(never)]
    fn dot(&mut self, obj: Box<Node>) -> PR {
        self.next();
        let t = self.next();
        let T::Ident(prop) = t.t else {
            return Err(self.err(t.pos, format!("expected a property name after `.`, found {}", describe(&t.t))));
        };
        let start = obj.start;
        self.node(Kind::Member { obj, prop, optional: false }, start, t.end)
    }

    #[inline(never)]
    fn optional(&mut self, obj: Box<Node>) -> PR {
        self.next();
        let t = self.peek().clone();
        match t.t {
            T::Ident(prop) => {
                self.next();
                let start = obj.start;
                self.node(Kind::Member { obj, prop, optional: true }, start, t.end)
            }
            T::P("[") => self.index(obj, true),
            T::P("(") => self.call(obj),
            other => {
                Err(self
                    .err(t.pos, format!("expected a property name, `[` or `(` after `?.`, found {}", describe(&other))))
            }
        }
    }

    #[inline(never)]
    fn index(&mut self, obj: Box<Node>, optional: bool) -> PR {
        self.next();
        let index = self.expr()?;
        let close = self.expect("]", "to close the index")?;
        let start = obj.start;
        self.node(Kind::Index { obj, index, optional }, start, close.end)
    }

    #[inline(never)]
    fn call(&mut self, callee: Box<Node>) -> PR {
        self.next();
        let mut args = Vec::new();
        let end = loop {
            if self.is_p(")") {
                break self.next().end;
            }
            args.push(*self.expr()?);
            if !self.eat(",") {
                break self.expect(")", "to close the argument list")?.end;
            }
        };
        let start = callee.start;
        self.node(Kind::Call { callee, args }, start, end)
    }

    fn primary(&mut self) -> PR {
        match self.peek().t {
            T::P("(") => self.paren(),
            T::P("[") => self.array(),
            T::P("{") => self.object(),
            _ => self.atom(),
        }
    }

    #[inline(never)]
    fn paren(&mut self) -> PR {
        let start = self.next().pos;
        let inner = self.expr()?;
        let close = self.expect(")", "to close the parenthesis")?;
        // Keep the parenthesised span so warnings quote what the user wrote.
        Ok(Box::new(Node { start, end: close.end, ..*inner }))
    }

    #[inline(never)]
    fn array(&mut self) -> PR {
        let start = self.next().pos;
        let mut items = Vec::new();
        let end = loop {
            if self.is_p("]") {
                break self.next().end;
            }
            items.push(*self.expr()?);
            if !self.eat(",") {
                break self.expect("]", "to close the array")?.end;
            }
        };
        self.node(Kind::Array(items), start, end)
    }

    #[inline(never)]
    fn object(&mut self) -> PR {
        let start = self.next().pos;
        let mut items = Vec::new();
        let end = loop {
            if self.is_p("}") {
                break self.next().end;
            }
            let key = self.object_key()?;
            items.push((key, *self.expr()?));
            if !self.eat(",") {
                break self.expect("}", "to close the object")?.end;
            }
        };
        self.node(Kind::Object(items), start, end)
    }

    #[inline(never)]
    fn object_key(&mut self) -> Result<String, E> {
        let k = self.next();
        let key = match k.t {
            T::Ident(s) | T::Str(s) => s,
            T::Num(v) => v.to_string(),
            other => {
                return Err(self.err(
                    k.pos,
                    format!("expected a key in the object literal, found {}: {NO_STATEMENTS}", describe(&other)),
                ))
            }
        };
        self.expect(":", "after the key in the object literal (write `{key: value}`)")?;
        Ok(key)
    }

    #[inline(never)]
    fn template(&mut self, parts: Vec<TmplPart>, start: usize, end: usize) -> PR {
        let mut nodes = Vec::with_capacity(parts.len());
        for part in parts {
            nodes.push(match part {
                TmplPart::Lit(s) => TmplNode::Lit(s),
                TmplPart::Expr(a, b) => {
                    let mut sub = Parser::new(self.src, a, b, self.depth, self.stack)?;
                    let n = sub.expr()?;
                    sub.expect_eof()?;
                    TmplNode::Expr(*n)
                }
            });
        }
        self.node(Kind::Tmpl(nodes), start, end)
    }

    /// Literals and identifiers (and the errors for everything else).
    #[inline(never)]
    fn atom(&mut self) -> PR {
        let t = self.next();
        let (start, end) = (t.pos, t.end);
        match t.t {
            T::Num(v) => self.node(Kind::Lit(v), start, end),
            T::Str(s) => self.node(Kind::Lit(Value::String(s)), start, end),
            T::Tmpl(parts) => self.template(parts, start, end),
            T::Ident(name) => match name.as_str() {
                "true" => self.node(Kind::Lit(Value::Bool(true)), start, end),
                "false" => self.node(Kind::Lit(Value::Bool(false)), start, end),
                "null" | "undefined" => self.node(Kind::Lit(Value::Null), start, end),
                "new" => Err(self.err(
                    start,
                    "`new` is not supported (there are no constructors): for the current time use \
                     `$now` (an RFC 3339 string) or `$today`",
                )),
                w if STATEMENT_WORDS.contains(&w) => {
                    Err(self.err(start, format!("`{w}` is not supported: {NO_STATEMENTS}")))
                }
                _ => self.node(Kind::Ident(name), start, end),
            },
            T::Eof => Err(self.err(start, "the expression ends too early: an operand is missing")),
            T::P(p) => Err(self.err(start, format!("unexpected `{p}`: a value was expected here"))),
        }
    }
}

fn syntax(src: &str, pos: usize, message: String) -> E {
    Box::new(ExprError::Syntax { expr: shorten(src), pos, message })
}

fn describe(t: &T) -> String {
    match t {
        T::Num(v) => format!("the number {v}"),
        T::Str(_) => "a string".into(),
        T::Tmpl(_) => "a template literal".into(),
        T::Ident(s) => format!("`{s}`"),
        T::P(p) => format!("`{p}`"),
        T::Eof => "the end of the expression".into(),
    }
}
