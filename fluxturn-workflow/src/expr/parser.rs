//! A recursive-descent parser with JavaScript precedence. Recursion is bounded twice: the parser
//! counts nesting ([`MAX_DEPTH`]) before it recurses, and every node records the depth of the tree
//! below it ([`MAX_AST_DEPTH`]), so neither parsing, evaluating nor dropping a tree can overflow
//! the stack.

use serde_json::Value;

use super::lexer::{lex, TmplPart, Tok, T};
use super::{shorten, ExprError, MAX_AST_DEPTH, MAX_DEPTH, NO_STATEMENTS};

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
    "while", "for", "do", "if", "else", "function", "return", "let", "const", "var", "class", "switch",
    "case", "try", "catch", "finally", "throw", "break", "continue", "import", "export", "async",
    "await", "yield", "delete", "with", "debugger", "typeof", "instanceof", "in", "of", "void",
];

/// Parses a whole expression body.
pub(crate) fn parse(src: &str) -> Result<Node, ExprError> {
    let mut p = Parser::new(src, 0, src.len(), 0)?;
    let node = p.expr()?;
    p.expect_eof()?;
    Ok(node)
}

struct Parser<'s> {
    src: &'s str,
    toks: Vec<Tok>,
    i: usize,
    depth: usize,
}

impl<'s> Parser<'s> {
    fn new(src: &'s str, start: usize, end: usize, depth: usize) -> Result<Self, ExprError> {
        let toks = lex(src, start, end).map_err(|(pos, message)| syntax(src, pos, message))?;
        Ok(Parser { src, toks, i: 0, depth })
    }

    fn err(&self, pos: usize, message: impl Into<String>) -> ExprError {
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

    fn expect(&mut self, p: &str, what: &str) -> Result<Tok, ExprError> {
        if self.is_p(p) {
            Ok(self.next())
        } else {
            let t = self.peek();
            Err(self.err(t.pos, format!("expected `{p}` {what}, found {}", describe(&t.t))))
        }
    }

    fn expect_eof(&mut self) -> Result<(), ExprError> {
        let t = self.peek();
        match &t.t {
            T::Eof => Ok(()),
            T::P("{") => Err(self.err(t.pos, format!("unexpected `{{`: {NO_STATEMENTS}"))),
            other => Err(self.err(
                t.pos,
                format!(
                    "unexpected {} after the end of the expression (an expression is a single value; \
                     join several with operators such as `+` or `&&`)",
                    describe(other)
                ),
            )),
        }
    }

    fn enter(&mut self, pos: usize) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError::Limit {
                expr: shorten(self.src),
                message: format!(
                    "the expression nests more than {MAX_DEPTH} levels deep (at position {pos}); \
                     simplify it or split it across nodes"
                ),
            });
        }
        Ok(())
    }

    fn node(&self, kind: Kind, start: usize, end: usize) -> Result<Node, ExprError> {
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
            return Err(ExprError::Limit {
                expr: shorten(self.src),
                message: format!(
                    "the expression is too long a chain (more than {MAX_AST_DEPTH} operators or \
                     property accesses in a row, near position {start}); split it across nodes"
                ),
            });
        }
        Ok(Node { kind, start, end, depth })
    }

    /// expression := conditional (counts one nesting level)
    fn expr(&mut self) -> Result<Node, ExprError> {
        let pos = self.peek().pos;
        self.enter(pos)?;
        let n = self.conditional();
        self.depth -= 1;
        n
    }

    fn conditional(&mut self) -> Result<Node, ExprError> {
        let c = self.binary(0)?;
        if !self.eat("?") {
            return Ok(c);
        }
        let a = self.expr()?;
        self.expect(":", "in a conditional `c ? a : b`")?;
        let b = self.expr()?;
        let (start, end) = (c.start, b.end);
        self.node(Kind::Cond(Box::new(c), Box::new(a), Box::new(b)), start, end)
    }

    /// Binary operators by precedence level (loosest first).
    fn binary(&mut self, level: usize) -> Result<Node, ExprError> {
        const LEVELS: &[&[(&str, BinOp)]] = &[
            &[("||", BinOp::Or), ("??", BinOp::Nullish)],
            &[("&&", BinOp::And)],
            &[
                ("===", BinOp::StrictEq),
                ("!==", BinOp::StrictNe),
                ("==", BinOp::Eq),
                ("!=", BinOp::Ne),
            ],
            &[("<=", BinOp::Le), (">=", BinOp::Ge), ("<", BinOp::Lt), (">", BinOp::Gt)],
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            &[("*", BinOp::Mul), ("/", BinOp::Div), ("%", BinOp::Rem)],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        loop {
            let op = match &self.peek().t {
                T::P(p) => LEVELS[level].iter().find(|(s, _)| s == p).map(|(_, op)| *op),
                _ => None,
            };
            let Some(op) = op else { return Ok(left) };
            self.next();
            let right = self.binary(level + 1)?;
            let (start, end) = (left.start, right.end);
            left = self.node(Kind::Binary(op, Box::new(left), Box::new(right)), start, end)?;
        }
    }

    fn unary(&mut self) -> Result<Node, ExprError> {
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
        self.node(Kind::Unary(op, Box::new(operand)), start, end)
    }

    fn postfix(&mut self) -> Result<Node, ExprError> {
        let mut n = self.primary()?;
        loop {
            let start = n.start;
            if self.eat(".") {
                let t = self.next();
                let T::Ident(prop) = t.t else {
                    return Err(self.err(t.pos, format!("expected a property name after `.`, found {}", describe(&t.t))));
                };
                n = self.node(Kind::Member { obj: Box::new(n), prop, optional: false }, start, t.end)?;
            } else if self.eat("?.") {
                let t = self.peek().clone();
                match t.t {
                    T::Ident(prop) => {
                        self.next();
                        n = self.node(Kind::Member { obj: Box::new(n), prop, optional: true }, start, t.end)?;
                    }
                    T::P("[") => {
                        self.next();
                        let index = self.expr()?;
                        let close = self.expect("]", "to close the index")?;
                        n = self.node(
                            Kind::Index { obj: Box::new(n), index: Box::new(index), optional: true },
                            start,
                            close.end,
                        )?;
                    }
                    T::P("(") => {
                        self.next();
                        let (args, end) = self.args()?;
                        n = self.node(Kind::Call { callee: Box::new(n), args }, start, end)?;
                    }
                    other => {
                        return Err(self.err(t.pos, format!("expected a property name, `[` or `(` after `?.`, found {}", describe(&other))));
                    }
                }
            } else if self.eat("[") {
                let index = self.expr()?;
                let close = self.expect("]", "to close the index")?;
                n = self.node(
                    Kind::Index { obj: Box::new(n), index: Box::new(index), optional: false },
                    start,
                    close.end,
                )?;
            } else if self.eat("(") {
                let (args, end) = self.args()?;
                n = self.node(Kind::Call { callee: Box::new(n), args }, start, end)?;
            } else {
                return Ok(n);
            }
        }
    }

    /// Arguments after an opening `(`; returns them and the end of the closing `)`.
    fn args(&mut self) -> Result<(Vec<Node>, usize), ExprError> {
        let mut args = Vec::new();
        loop {
            if self.is_p(")") {
                return Ok((args, self.next().end));
            }
            args.push(self.expr()?);
            if !self.eat(",") {
                let close = self.expect(")", "to close the argument list")?;
                return Ok((args, close.end));
            }
        }
    }

    fn primary(&mut self) -> Result<Node, ExprError> {
        let t = self.next();
        let (start, end) = (t.pos, t.end);
        match t.t {
            T::Num(v) => self.node(Kind::Lit(v), start, end),
            T::Str(s) => self.node(Kind::Lit(Value::String(s)), start, end),
            T::Tmpl(parts) => {
                let mut nodes = Vec::with_capacity(parts.len());
                for part in parts {
                    nodes.push(match part {
                        TmplPart::Lit(s) => TmplNode::Lit(s),
                        TmplPart::Expr(a, b) => {
                            self.enter(a)?;
                            let mut sub = Parser::new(self.src, a, b, self.depth)?;
                            let n = sub.expr()?;
                            sub.expect_eof()?;
                            self.depth -= 1;
                            TmplNode::Expr(n)
                        }
                    });
                }
                self.node(Kind::Tmpl(nodes), start, end)
            }
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
            T::P("(") => {
                let inner = self.expr()?;
                let close = self.expect(")", "to close the parenthesis")?;
                if self.is_p("=>") {
                    return Err(self.err(close.end, NO_STATEMENTS));
                }
                // Keep the parenthesised span so warnings quote what the user wrote.
                Ok(Node { start, end: close.end, ..inner })
            }
            T::P("[") => {
                self.enter(start)?;
                let mut items = Vec::new();
                let end = loop {
                    if self.is_p("]") {
                        break self.next().end;
                    }
                    items.push(self.expr()?);
                    if !self.eat(",") {
                        break self.expect("]", "to close the array")?.end;
                    }
                };
                self.depth -= 1;
                self.node(Kind::Array(items), start, end)
            }
            T::P("{") => {
                self.enter(start)?;
                let mut items = Vec::new();
                let end = loop {
                    if self.is_p("}") {
                        break self.next().end;
                    }
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
                    items.push((key, self.expr()?));
                    if !self.eat(",") {
                        break self.expect("}", "to close the object")?.end;
                    }
                };
                self.depth -= 1;
                self.node(Kind::Object(items), start, end)
            }
            T::Eof => Err(self.err(start, "the expression ends too early: an operand is missing")),
            T::P(p) => Err(self.err(start, format!("unexpected `{p}`: a value was expected here"))),
        }
    }
}

fn syntax(src: &str, pos: usize, message: String) -> ExprError {
    ExprError::Syntax { expr: shorten(src), pos, message }
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
