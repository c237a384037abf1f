//! JSONPath (RFC 9535), the subset overlay targets need.
//!
//! Supported: the root `$`; child segments `.name`, `['name']` / `["name"]`
//! (with the RFC's escapes), `.*` / `[*]`, `[n]` (negative counts from the
//! end) and comma-separated lists of those in one bracket; descendant
//! segments `..name`, `..*`, `..[…]`; filter selectors `[?…]` with existence
//! tests (`@.a`, `$.a`, also non-singular ones such as `@.*`), comparisons
//! `== != < <= > >=` between singular queries and literals (strings, numbers,
//! `true`, `false`, `null`), `&&`, `||`, `!` and parentheses.
//!
//! Not supported, and reported as an error rather than misread: array slices
//! (`[1:3]`) and function extensions (`length()`, `count()`, `match()`,
//! `search()`, `value()`). Parsing never panics; nesting is bounded.

use std::cmp::Ordering;
use std::fmt;

use serde_json::Value;

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    segments: Vec<Segment>,
}

/// A syntax error, or syntax this implementation does not support.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// 1-based character position in the query text.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at column {})", self.message, self.column)
    }
}

impl std::error::Error for PathError {}

/// One step from a node to its child.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

impl PartialOrd for Step {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Step {
    /// Indexes numerically, keys by text; an index sorts before a key (the
    /// two never meet under one parent).
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Step::Index(a), Step::Index(b)) => a.cmp(b),
            (Step::Key(a), Step::Key(b)) => a.cmp(b),
            (Step::Index(_), Step::Key(_)) => Ordering::Less,
            (Step::Key(_), Step::Index(_)) => Ordering::Greater,
        }
    }
}

/// Where a selected node is: the steps from the root.
pub type Location = Vec<Step>;

/// The JSON pointer (RFC 6901) of a location.
pub fn pointer(location: &[Step]) -> String {
    let mut out = String::new();
    for step in location {
        match step {
            Step::Key(k) => out = crate::diag::child(&out, k),
            Step::Index(i) => out = format!("{out}/{i}"),
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Child(Vec<Selector>),
    Descendant(Vec<Selector>),
}

#[derive(Debug, Clone, PartialEq)]
enum Selector {
    Name(String),
    Wildcard,
    Index(i64),
    Filter(Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    /// True when the query selects at least one node.
    Exists(SubQuery),
    Compare(Comparable, CmpOp, Comparable),
}

/// A query inside a filter: relative to the current node (`@`) or the root (`$`).
#[derive(Debug, Clone, PartialEq)]
struct SubQuery {
    from_root: bool,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq)]
enum Comparable {
    Literal(Value),
    /// A singular query: at most one node.
    Query(SubQuery),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Largest magnitude of an index (RFC 9535: the I-JSON integer range).
const MAX_INDEX: i64 = (1 << 53) - 1;
/// Deepest nesting of filters and parentheses accepted.
const MAX_DEPTH: usize = 32;

impl Query {
    /// Parse a query; the text must start with `$`.
    pub fn parse(text: &str) -> Result<Query, PathError> {
        let mut p = Parser { chars: text.chars().collect(), pos: 0, depth: 0 };
        if !p.eat('$') {
            return Err(p.error("a query starts with `$`"));
        }
        let segments = p.segments()?;
        p.blank();
        if let Some(c) = p.peek() {
            return Err(p.error(format!("unexpected `{c}`")));
        }
        if p.chars.last().is_some_and(|c| c.is_whitespace()) {
            return Err(p.error("blank space at the end of a query"));
        }
        Ok(Query { segments })
    }

    /// Every selected node with its location, in the order RFC 9535 defines
    /// (document order for wildcards and descendants). A node may appear more
    /// than once when several selectors pick it.
    pub fn select<'a>(&self, root: &'a Value) -> Vec<(Location, &'a Value)> {
        let mut nodes = vec![(Vec::new(), root)];
        for segment in &self.segments {
            let mut next = Vec::new();
            for (location, value) in &nodes {
                let mut path = location.clone();
                apply_segment(segment, &mut path, value, root, &mut |path, v| next.push((path.to_vec(), v)));
            }
            nodes = next;
        }
        nodes
    }
}

/// Apply one segment to one node, calling `out` for each selected child.
fn apply_segment<'a>(
    segment: &Segment,
    path: &mut Location,
    value: &'a Value,
    root: &'a Value,
    out: &mut dyn FnMut(&[Step], &'a Value),
) {
    match segment {
        Segment::Child(selectors) => {
            for selector in selectors {
                select_children(selector, path, value, root, out);
            }
        }
        Segment::Descendant(selectors) => {
            for selector in selectors {
                select_children(selector, path, value, root, out);
            }
            match value {
                Value::Object(map) => {
                    for (key, child) in map {
                        path.push(Step::Key(key.clone()));
                        apply_segment(segment, path, child, root, out);
                        path.pop();
                    }
                }
                Value::Array(items) => {
                    for (i, child) in items.iter().enumerate() {
                        path.push(Step::Index(i));
                        apply_segment(segment, path, child, root, out);
                        path.pop();
                    }
                }
                _ => {}
            }
        }
    }
}

fn select_children<'a>(
    selector: &Selector,
    path: &mut Location,
    value: &'a Value,
    root: &'a Value,
    out: &mut dyn FnMut(&[Step], &'a Value),
) {
    let mut emit = |path: &mut Location, step: Step, child: &'a Value| {
        path.push(step);
        out(path, child);
        path.pop();
    };
    match (selector, value) {
        (Selector::Name(name), Value::Object(map)) => {
            if let Some(child) = map.get(name) {
                emit(path, Step::Key(name.clone()), child);
            }
        }
        (Selector::Index(index), Value::Array(items)) => {
            let len = items.len() as i64;
            let i = if *index < 0 { len + index } else { *index };
            if (0..len).contains(&i) {
                emit(path, Step::Index(i as usize), &items[i as usize]);
            }
        }
        (Selector::Wildcard, Value::Object(map)) => {
            for (key, child) in map {
                emit(path, Step::Key(key.clone()), child);
            }
        }
        (Selector::Wildcard, Value::Array(items)) => {
            for (i, child) in items.iter().enumerate() {
                emit(path, Step::Index(i), child);
            }
        }
        (Selector::Filter(expr), Value::Object(map)) => {
            for (key, child) in map {
                if holds(expr, child, root) {
                    emit(path, Step::Key(key.clone()), child);
                }
            }
        }
        (Selector::Filter(expr), Value::Array(items)) => {
            for (i, child) in items.iter().enumerate() {
                if holds(expr, child, root) {
                    emit(path, Step::Index(i), child);
                }
            }
        }
        _ => {}
    }
}

/// The nodes a filter's query selects, without locations.
fn sub_select<'a>(query: &SubQuery, current: &'a Value, root: &'a Value) -> Vec<&'a Value> {
    let mut nodes = vec![if query.from_root { root } else { current }];
    for segment in &query.segments {
        let mut next = Vec::new();
        for value in &nodes {
            apply_segment(segment, &mut Vec::new(), value, root, &mut |_, v| next.push(v));
        }
        nodes = next;
    }
    nodes
}

fn holds<'a>(expr: &'a Expr, current: &'a Value, root: &'a Value) -> bool {
    match expr {
        Expr::Or(parts) => parts.iter().any(|e| holds(e, current, root)),
        Expr::And(parts) => parts.iter().all(|e| holds(e, current, root)),
        Expr::Not(inner) => !holds(inner, current, root),
        Expr::Exists(query) => !sub_select(query, current, root).is_empty(),
        Expr::Compare(left, op, right) => {
            let value = |c: &'a Comparable| -> Option<&'a Value> {
                match c {
                    Comparable::Literal(v) => Some(v),
                    Comparable::Query(q) => sub_select(q, current, root).first().copied(),
                }
            };
            compare(value(left), *op, value(right))
        }
    }
}

/// RFC 9535 comparison; `None` is "Nothing" (an empty singular query).
fn compare(a: Option<&Value>, op: CmpOp, b: Option<&Value>) -> bool {
    match op {
        CmpOp::Eq => equal(a, b),
        CmpOp::Ne => !equal(a, b),
        CmpOp::Lt => less(a, b),
        CmpOp::Le => less(a, b) || equal(a, b),
        CmpOp::Gt => less(b, a),
        CmpOp::Ge => less(b, a) || equal(a, b),
    }
}

fn equal(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => values_equal(a, b),
        _ => false,
    }
}

/// Deep equality in which numbers compare by value (`1 == 1.0`).
fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => number_cmp(x, y) == Some(Ordering::Equal),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| values_equal(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| values_equal(v, w)))
        }
        _ => a == b,
    }
}

fn less(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => number_cmp(x, y) == Some(Ordering::Less),
        // Rust compares UTF-8 strings by code point, as the RFC asks.
        (Some(Value::String(x)), Some(Value::String(y))) => x < y,
        _ => false,
    }
}

fn number_cmp(x: &serde_json::Number, y: &serde_json::Number) -> Option<Ordering> {
    if let (Some(a), Some(b)) = (x.as_i64(), y.as_i64()) {
        return Some(a.cmp(&b));
    }
    if let (Some(a), Some(b)) = (x.as_u64(), y.as_u64()) {
        return Some(a.cmp(&b));
    }
    x.as_f64()?.partial_cmp(&y.as_f64()?)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn error(&self, message: impl Into<String>) -> PathError {
        PathError { column: self.pos + 1, message: message.into() }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        if self.chars.len() >= self.pos + n && self.chars[self.pos..self.pos + n].iter().copied().eq(s.chars()) {
            self.pos += n;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char, what: &str) -> Result<(), PathError> {
        if self.eat(c) { Ok(()) } else { Err(self.error(format!("expected {what}"))) }
    }

    fn blank(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.pos += 1;
        }
    }

    /// `*(S segment)`: blanks before a segment belong to it; trailing blanks
    /// are left for the caller.
    fn segments(&mut self) -> Result<Vec<Segment>, PathError> {
        let mut out = Vec::new();
        loop {
            let before = self.pos;
            self.blank();
            match self.peek() {
                Some('[') => out.push(Segment::Child(self.bracket()?)),
                Some('.') if self.peek_at(1) == Some('.') => {
                    self.pos += 2;
                    let selectors = match self.peek() {
                        Some('[') => self.bracket()?,
                        Some('*') => {
                            self.pos += 1;
                            vec![Selector::Wildcard]
                        }
                        _ => vec![Selector::Name(self.shorthand_name()?)],
                    };
                    out.push(Segment::Descendant(selectors));
                }
                Some('.') => {
                    self.pos += 1;
                    if self.eat('*') {
                        out.push(Segment::Child(vec![Selector::Wildcard]));
                    } else {
                        out.push(Segment::Child(vec![Selector::Name(self.shorthand_name()?)]));
                    }
                }
                _ => {
                    self.pos = before;
                    return Ok(out);
                }
            }
        }
    }

    fn shorthand_name(&mut self) -> Result<String, PathError> {
        let first = |c: char| c.is_ascii_alphabetic() || c == '_' || !c.is_ascii();
        let start = self.pos;
        match self.peek() {
            Some(c) if first(c) => self.pos += 1,
            Some(c) => {
                return Err(
                    self.error(format!("`{c}` cannot start a name after `.`; write it in brackets, e.g. ['{c}…']"))
                );
            }
            None => return Err(self.error("expected a name, `*` or `[` after `.`")),
        }
        while matches!(self.peek(), Some(c) if first(c) || c.is_ascii_digit()) {
            self.pos += 1;
        }
        Ok(self.chars[start..self.pos].iter().collect())
    }

    /// `[ selector, … ]`
    fn bracket(&mut self) -> Result<Vec<Selector>, PathError> {
        self.expect('[', "`[`")?;
        let mut selectors = Vec::new();
        loop {
            self.blank();
            selectors.push(self.selector()?);
            self.blank();
            if self.eat(']') {
                return Ok(selectors);
            }
            if !self.eat(',') {
                return Err(self.error("expected `,` or `]` in a bracketed selection"));
            }
        }
    }

    fn selector(&mut self) -> Result<Selector, PathError> {
        match self.peek() {
            Some('\'' | '"') => Ok(Selector::Name(self.string_literal()?)),
            Some('*') => {
                self.pos += 1;
                Ok(Selector::Wildcard)
            }
            Some('?') => {
                self.pos += 1;
                self.blank();
                Ok(Selector::Filter(Box::new(self.logical_or()?)))
            }
            Some(c) if c == '-' || c.is_ascii_digit() => {
                let index = self.integer()?;
                self.blank();
                if self.peek() == Some(':') {
                    return Err(self.error("array slices (`[start:end:step]`) are not supported"));
                }
                Ok(Selector::Index(index))
            }
            Some(':') => Err(self.error("array slices (`[start:end:step]`) are not supported")),
            Some(c) => {
                Err(self.error(format!("unexpected `{c}` in brackets; expected a quoted name, an index, `*` or `?`")))
            }
            None => Err(self.error("unterminated `[`")),
        }
    }

    fn integer(&mut self) -> Result<i64, PathError> {
        let start = self.pos;
        let negative = self.eat('-');
        let digits_start = self.pos;
        while matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits: String = self.chars[digits_start..self.pos].iter().collect();
        if digits.is_empty() {
            return Err(self.error("expected digits"));
        }
        if (digits.len() > 1 && digits.starts_with('0')) || (negative && digits == "0") {
            self.pos = start;
            return Err(self.error("an index has no leading zeros and is not `-0`"));
        }
        let value: i64 = digits.parse().ok().filter(|v| *v <= MAX_INDEX).ok_or_else(|| {
            let mut e = self.error("index out of range");
            e.column = start + 1;
            e
        })?;
        Ok(if negative { -value } else { value })
    }

    fn string_literal(&mut self) -> Result<String, PathError> {
        let quote = self.peek().ok_or_else(|| self.error("expected a string"))?;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error("unterminated string"));
            };
            self.pos += 1;
            match c {
                c if c == quote => return Ok(out),
                '\\' => out.push(self.escape(quote)?),
                c if (c as u32) < 0x20 => {
                    self.pos -= 1;
                    return Err(self.error("control characters must be escaped in a string"));
                }
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self, quote: char) -> Result<char, PathError> {
        let Some(c) = self.peek() else {
            return Err(self.error("unterminated escape"));
        };
        self.pos += 1;
        Ok(match c {
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '/' => '/',
            '\\' => '\\',
            c if c == quote => c,
            'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) {
                    if !self.eat_str("\\u") {
                        return Err(self.error("a high surrogate must be followed by `\\u` and a low surrogate"));
                    }
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error("expected a low surrogate"));
                    }
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    char::from_u32(code).ok_or_else(|| self.error("invalid code point"))?
                } else {
                    char::from_u32(high).ok_or_else(|| self.error("a lone low surrogate is not a character"))?
                }
            }
            other => {
                self.pos -= 1;
                return Err(self.error(format!("unknown escape `\\{other}`")));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, PathError> {
        let mut value = 0;
        for _ in 0..4 {
            let digit =
                self.peek().and_then(|c| c.to_digit(16)).ok_or_else(|| self.error("expected four hex digits"))?;
            self.pos += 1;
            value = value * 16 + digit;
        }
        Ok(value)
    }

    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, PathError>) -> Result<T, PathError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("filter expression nested too deeply"));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    fn logical_or(&mut self) -> Result<Expr, PathError> {
        self.nested(|p| {
            let mut parts = vec![p.logical_and()?];
            loop {
                let before = p.pos;
                p.blank();
                if p.eat_str("||") {
                    p.blank();
                    parts.push(p.logical_and()?);
                } else {
                    p.pos = before;
                    break;
                }
            }
            Ok(if parts.len() == 1 { parts.remove(0) } else { Expr::Or(parts) })
        })
    }

    fn logical_and(&mut self) -> Result<Expr, PathError> {
        let mut parts = vec![self.basic()?];
        loop {
            let before = self.pos;
            self.blank();
            if self.eat_str("&&") {
                self.blank();
                parts.push(self.basic()?);
            } else {
                self.pos = before;
                break;
            }
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Expr::And(parts) })
    }

    fn basic(&mut self) -> Result<Expr, PathError> {
        if self.eat('!') {
            self.blank();
            if self.peek() == Some('(') {
                return Ok(Expr::Not(Box::new(self.parenthesized()?)));
            }
            let query = self.filter_query()?;
            if self.comparison_follows() {
                return Err(self.error(
                    "`!` applies to an existence test or a parenthesized expression; write `!(a == b)` or `a != b`",
                ));
            }
            return Ok(Expr::Not(Box::new(Expr::Exists(query))));
        }
        if self.peek() == Some('(') {
            return self.parenthesized();
        }
        let left = self.comparable()?;
        if let Some(op) = self.comparison_op() {
            self.blank();
            let right = self.comparable()?;
            for side in [&left, &right] {
                if let Comparable::Query(q) = side
                    && !q.is_singular()
                {
                    return Err(
                        self.error("a comparison needs singular queries (only `.name`, `['name']` and `[n]` segments)")
                    );
                }
            }
            return Ok(Expr::Compare(left, op, right));
        }
        match left {
            Comparable::Query(q) => Ok(Expr::Exists(q)),
            Comparable::Literal(_) => {
                Err(self.error("a literal on its own is not a test; compare it with `==`, `!=`, `<`, …"))
            }
        }
    }

    fn parenthesized(&mut self) -> Result<Expr, PathError> {
        self.expect('(', "`(`")?;
        self.blank();
        let inner = self.logical_or()?;
        self.blank();
        self.expect(')', "`)`")?;
        Ok(inner)
    }

    fn comparison_follows(&mut self) -> bool {
        let before = self.pos;
        self.blank();
        let found = self.comparison_op().is_some();
        self.pos = before;
        found
    }

    /// Consumes blanks and an operator when one follows; otherwise nothing.
    fn comparison_op(&mut self) -> Option<CmpOp> {
        let before = self.pos;
        self.blank();
        let op = if self.eat_str("==") {
            CmpOp::Eq
        } else if self.eat_str("!=") {
            CmpOp::Ne
        } else if self.eat_str("<=") {
            CmpOp::Le
        } else if self.eat_str(">=") {
            CmpOp::Ge
        } else if self.eat('<') {
            CmpOp::Lt
        } else if self.eat('>') {
            CmpOp::Gt
        } else {
            self.pos = before;
            return None;
        };
        Some(op)
    }

    fn filter_query(&mut self) -> Result<SubQuery, PathError> {
        let from_root = match self.peek() {
            Some('@') => false,
            Some('$') => true,
            _ => return Err(self.error("expected a query starting with `@` or `$`")),
        };
        self.pos += 1;
        let segments = self.nested(|p| p.segments())?;
        Ok(SubQuery { from_root, segments })
    }

    fn comparable(&mut self) -> Result<Comparable, PathError> {
        match self.peek() {
            Some('@' | '$') => Ok(Comparable::Query(self.filter_query()?)),
            Some('\'' | '"') => Ok(Comparable::Literal(Value::String(self.string_literal()?))),
            Some(c) if c == '-' || c.is_ascii_digit() => Ok(Comparable::Literal(self.number()?)),
            Some(c) if c.is_ascii_alphabetic() => {
                let start = self.pos;
                while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == '_') {
                    self.pos += 1;
                }
                let word: String = self.chars[start..self.pos].iter().collect();
                if self.peek() == Some('(') {
                    self.pos = start;
                    return Err(self.error(format!("function extensions such as `{word}()` are not supported")));
                }
                match word.as_str() {
                    "true" => Ok(Comparable::Literal(Value::Bool(true))),
                    "false" => Ok(Comparable::Literal(Value::Bool(false))),
                    "null" => Ok(Comparable::Literal(Value::Null)),
                    _ => {
                        self.pos = start;
                        Err(self.error(format!("unexpected `{word}`; strings are quoted, e.g. '{word}'")))
                    }
                }
            }
            Some(c) => Err(self.error(format!("unexpected `{c}` in a filter"))),
            None => Err(self.error("unterminated filter")),
        }
    }

    /// `(int / "-0") [frac] [exp]`, read as JSON.
    fn number(&mut self) -> Result<Value, PathError> {
        let start = self.pos;
        self.eat('-');
        let digits = |p: &mut Parser| {
            let s = p.pos;
            while matches!(p.peek(), Some(c) if c.is_ascii_digit()) {
                p.pos += 1;
            }
            p.pos - s
        };
        let int_start = self.pos;
        let n = digits(self);
        if n == 0 || n > 1 && self.chars[int_start] == '0' {
            self.pos = start;
            return Err(self.error("invalid number"));
        }
        if self.peek() == Some('.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.error("expected digits after `.`"));
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.pos += 1;
            if !self.eat('+') {
                self.eat('-');
            }
            if digits(self) == 0 {
                return Err(self.error("expected digits in the exponent"));
            }
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        serde_json::from_str(&text).map_err(|_| {
            let mut e = self.error("number out of range");
            e.column = start + 1;
            e
        })
    }
}

impl SubQuery {
    fn is_singular(&self) -> bool {
        self.segments.iter().all(|s| {
            matches!(s, Segment::Child(sel) if sel.len() == 1 && matches!(sel[0], Selector::Name(_) | Selector::Index(_)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pointers(query: &str, doc: &Value) -> Vec<String> {
        let q = Query::parse(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        q.select(doc).iter().map(|(loc, _)| pointer(loc)).collect()
    }

    fn values(query: &str, doc: &Value) -> Vec<Value> {
        Query::parse(query).unwrap().select(doc).into_iter().map(|(_, v)| v.clone()).collect()
    }

    fn store() -> Value {
        json!({"store": {
            "book": [
                {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
                {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
                {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8.99},
                {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord", "isbn": "0-395", "price": 22.99}
            ],
            "bicycle": {"color": "red", "price": 399}
        }})
    }

    #[test]
    fn root_names_and_indexes() {
        let doc = store();
        assert_eq!(pointers("$", &doc), [""]);
        assert_eq!(values("$.store.bicycle.color", &doc), [json!("red")]);
        assert_eq!(values("$['store']['bicycle'][\"price\"]", &doc), [json!(399)]);
        assert_eq!(pointers("$.store.book[0]", &doc), ["/store/book/0"]);
        assert_eq!(pointers("$.store.book[-1]", &doc), ["/store/book/3"]);
        assert!(pointers("$.store.book[4]", &doc).is_empty());
        assert!(pointers("$.store.book[-5]", &doc).is_empty());
        assert!(pointers("$.store.missing.deeper", &doc).is_empty());
        assert!(pointers("$.store[0]", &doc).is_empty(), "an index on an object selects nothing");
        assert!(pointers("$.store.book.title", &doc).is_empty(), "a name on an array selects nothing");
        assert_eq!(pointers("$.store.book[0, -1]", &doc), ["/store/book/0", "/store/book/3"]);
        assert_eq!(pointers("$ .store [ 'bicycle' ]", &doc), ["/store/bicycle"], "blanks between segments");
    }

    #[test]
    fn quoted_names_with_escapes() {
        let doc = json!({"/crm/v3/objects": 1, "a'b": 2, "tab\there": 3, "é": 4, "$ref": 5, "*/*": 6, "😀": 7});
        assert_eq!(values("$['/crm/v3/objects']", &doc), [json!(1)]);
        assert_eq!(values(r"$['a\'b']", &doc), [json!(2)]);
        assert_eq!(values(r#"$["a'b"]"#, &doc), [json!(2)]);
        assert_eq!(values(r"$['tab\there']", &doc), [json!(3)]);
        assert_eq!(values(r"$['\u00e9']", &doc), [json!(4)]);
        assert_eq!(values("$.é", &doc), [json!(4)]);
        assert_eq!(values("$['$ref']", &doc), [json!(5)]);
        assert_eq!(values("$['*/*']", &doc), [json!(6)]);
        assert_eq!(values(r"$['\ud83d\ude00']", &doc), [json!(7)]);
        assert_eq!(pointers("$['*/*']", &doc), ["/*~1*"]);
    }

    #[test]
    fn wildcards_in_document_order() {
        let doc = store();
        assert_eq!(pointers("$.store.book[*].price", &doc).len(), 4);
        assert_eq!(pointers("$.store.bicycle.*", &doc), ["/store/bicycle/color", "/store/bicycle/price"]);
        assert_eq!(pointers("$.store.book.*", &doc), pointers("$.store.book[*]", &doc));
        assert!(pointers("$.store.bicycle.color.*", &doc).is_empty(), "a wildcard on a string selects nothing");
    }

    #[test]
    fn descendant_segments() {
        let doc = store();
        assert_eq!(pointers("$..price", &doc).len(), 5);
        assert_eq!(pointers("$..book[2].author", &doc), ["/store/book/2/author"]);
        assert_eq!(pointers("$.store..isbn", &doc), ["/store/book/2/isbn", "/store/book/3/isbn"]);
        // `..*` is every descendant; the root itself is not one.
        let all = pointers("$..*", &json!({"a": [1, {"b": 2}]}));
        assert_eq!(all, ["/a", "/a/0", "/a/1", "/a/1/b"]);
        assert_eq!(pointers("$..[0]", &json!({"a": [[5], 6]})), ["/a/0", "/a/0/0"]);
    }

    #[test]
    fn filters_compare_strings_numbers_bools_and_null() {
        let doc = store();
        assert_eq!(pointers("$.store.book[?@.isbn]", &doc), ["/store/book/2", "/store/book/3"]);
        assert_eq!(pointers("$.store.book[?!@.isbn]", &doc), ["/store/book/0", "/store/book/1"]);
        assert_eq!(pointers("$.store.book[?@.category == 'reference']", &doc), ["/store/book/0"]);
        assert_eq!(pointers("$.store.book[?@.category != 'fiction'].title", &doc), ["/store/book/0/title"]);
        assert_eq!(pointers("$.store.book[?@.price < 10]", &doc).len(), 2);
        assert_eq!(pointers("$.store.book[?@.price >= 12.99]", &doc).len(), 2);
        assert_eq!(
            pointers("$.store.book[?@.price <= 8.95 || @.price > 20]", &doc),
            ["/store/book/0", "/store/book/3"]
        );
        assert_eq!(pointers("$.store.book[?@.category == 'fiction' && @.price < 10]", &doc), ["/store/book/2"]);
        assert_eq!(pointers("$.store.book[?(@.price < 9 || @.price > 20) && !@.isbn]", &doc), ["/store/book/0"]);
        assert_eq!(pointers("$.store.book[?!(@.price < 10)]", &doc).len(), 2);
        assert_eq!(pointers("$..*[?@.price == 399]", &doc), ["/store/bicycle"]);
        assert_eq!(pointers("$.store[?@.color == \"red\"]", &doc), ["/store/bicycle"]);
        assert_eq!(pointers("$.store.book[?@.title == $.store.book[2].title]", &doc), ["/store/book/2"]);

        let flags = json!([{"on": true}, {"on": false}, {"on": null}, {}, {"on": 1}, {"on": 1.0}, {"on": "x"}]);
        assert_eq!(pointers("$[?@.on == true]", &flags), ["/0"]);
        assert_eq!(pointers("$[?@.on == false]", &flags), ["/1"]);
        assert_eq!(pointers("$[?@.on == null]", &flags), ["/2"], "null is a value; a missing member is not");
        assert_eq!(pointers("$[?@.on]", &flags).len(), 6, "existence, not truthiness");
        assert_eq!(pointers("$[?@.on == 1]", &flags), ["/4", "/5"], "numbers compare by value");
        assert_eq!(pointers("$[?@.on < 'y']", &flags), ["/6"], "ordering only within strings and numbers");
        assert_eq!(pointers("$[?@.on == 1e0]", &flags), ["/4", "/5"]);
        assert_eq!(pointers("$[?@.on > -1]", &flags).len(), 2);
        // Comparing two missing members: Nothing == Nothing.
        assert_eq!(pointers("$[?@.off == @.gone]", &flags).len(), 7);
        // Objects and arrays compare deeply.
        let docs = json!([{"a": {"b": [1, 2]}}, {"a": {"b": [2, 1]}}]);
        assert_eq!(pointers("$[?@.a == $[0].a]", &docs), ["/0"]);
    }

    #[test]
    fn filters_on_objects_select_members() {
        // The overlay idiom: a responses map whose 200 has a given schema and no 207.
        let op = json!({"responses": {"200": {"schema": "A"}}, "tags": ["x"]});
        let doc =
            json!({"paths": {"/a": {"post": op}, "/b": {"post": {"responses": {"200": {"schema": "A"}, "207": {}}}}}});
        let q = "$.paths.*.post[?@['200'].schema == 'A' && !@['207']]";
        assert_eq!(pointers(q, &doc), ["/paths/~1a/post/responses"]);
        assert_eq!(pointers("$.paths[?@.post.responses['207']]", &doc), ["/paths/~1b"]);
        // Non-singular existence tests are allowed.
        assert_eq!(pointers("$.paths[?@..schema]", &doc).len(), 2);
    }

    #[test]
    fn unsupported_and_invalid_syntax_is_an_error_not_a_panic() {
        let cases = [
            ("", "starts with `$`"),
            ("store", "starts with `$`"),
            ("$.", "expected a name"),
            ("$.1a", "cannot start a name"),
            ("$[", "unterminated"),
            ("$['a'", "expected `,` or `]`"),
            ("$['a]", "unterminated string"),
            ("$[1:2]", "slices"),
            ("$[:2]", "slices"),
            ("$[01]", "leading zeros"),
            ("$[-0]", "leading zeros"),
            ("$[99999999999999999999]", "out of range"),
            ("$[?length(@.a) > 1]", "function extensions"),
            ("$[?match(@.a, 'x')]", "function extensions"),
            ("$[?@.* == 1]", "singular"),
            ("$[?@..a == 1]", "singular"),
            ("$[?@.a == nope]", "unexpected `nope`"),
            ("$[?1]", "not a test"),
            ("$[?!@.a == 1]", "`!` applies"),
            ("$[?@.a == 1", "expected `,` or `]`"),
            ("$[?(@.a]", "expected `)`"),
            ("$['\\q']", "unknown escape"),
            ("$['\\ud800']", "low surrogate"),
            ("$.a b", "unexpected `b`"),
            ("$[?@.a == 01]", "invalid number"),
            ("$[?@.a == 1.]", "digits after"),
            ("$[?@.a ~ 1]", "expected `,` or `]`"),
        ];
        for (query, expected) in cases {
            let err = Query::parse(query).expect_err(query);
            assert!(err.message.contains(expected), "{query}: {err}");
        }
        let deep = format!("$[?{}@.a{}]", "(".repeat(100), ")".repeat(100));
        assert!(Query::parse(&deep).unwrap_err().message.contains("too deeply"));
        let deep_query = format!("${}{}", "[?@".repeat(100), "]".repeat(100));
        assert!(Query::parse(&deep_query).unwrap_err().message.contains("too deeply"));
    }

    #[test]
    fn every_prefix_of_a_query_parses_or_fails_cleanly() {
        let queries = [
            r#"$.paths.*.post[?(@['200'].content["application/json"].schema['$ref'] == '#/x' || @.a >= -1.5e3) && !@['207']]"#,
            r"$..book[0, -1]['a\u00e9\'b'][?@.x != null && $.y == true || (@.z < 'q')]",
        ];
        for query in queries {
            Query::parse(query).unwrap_or_else(|e| panic!("{query}: {e}"));
            let chars: Vec<char> = query.chars().collect();
            for end in 0..chars.len() {
                let prefix: String = chars[..end].iter().collect();
                let _ = Query::parse(&prefix);
                let mangled: String = chars.iter().enumerate().filter(|(i, _)| *i != end).map(|(_, c)| c).collect();
                let _ = Query::parse(&mangled);
            }
        }
    }

    #[test]
    fn error_columns_point_at_the_problem() {
        let err = Query::parse("$.a[1:2]").unwrap_err();
        assert_eq!(err.column, 6);
        assert_eq!(err.to_string(), "array slices (`[start:end:step]`) are not supported (at column 6)");
    }
}
