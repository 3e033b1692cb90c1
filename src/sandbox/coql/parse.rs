//! COQL's grammar, the subset the sandbox answers:
//! `select f, ... | COUNT(id) from Module [where expr] [order by f [asc|desc], ...]
//! [limit n [offset m] | limit m, n]`, where `expr := term [(and|or) term]` and
//! `term := '(' expr ')' | field op value`: more than two criteria need brackets, as Zoho's
//! limitations page requires (`(A and (B and C))`).

use super::ast::{Expr, Lit, Op, Query};
use super::lexer::{Tok, Token, lex};

/// Zoho's SYNTAX_ERROR details: the clause, and where the parser stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub clause: &'static str,
    pub line: usize,
    pub column: usize,
    pub near: String,
}

struct Parser {
    toks: Vec<Token>,
    i: usize,
    clause: &'static str,
    /// Where the text ends, for an error at its end.
    end: (usize, usize),
}

type Res<T> = Result<T, SyntaxError>;
/// The select list: fields, or `COUNT(field)` with its answer's key.
type Selected = (Vec<String>, Option<(String, String)>);

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.i)
    }

    fn err(&self) -> SyntaxError {
        match self.peek() {
            Some(t) => SyntaxError {
                clause: self.clause,
                line: t.line,
                column: t.column,
                near: t.text(),
            },
            None => SyntaxError {
                clause: self.clause,
                line: self.end.0,
                column: self.end.1,
                near: String::new(),
            },
        }
    }

    fn kw(&mut self, kw: &str) -> bool {
        let hit = self.peek().is_some_and(|t| t.is_kw(kw));
        if hit {
            self.i += 1;
        }
        hit
    }

    fn expect_kw(&mut self, kw: &str) -> Res<()> {
        if self.kw(kw) { Ok(()) } else { Err(self.err()) }
    }

    fn sym(&mut self, s: &str) -> bool {
        let hit = matches!(self.peek(), Some(Token { tok: Tok::Sym(x), .. }) if *x == s);
        if hit {
            self.i += 1;
        }
        hit
    }

    fn expect_sym(&mut self, s: &str) -> Res<()> {
        if self.sym(s) { Ok(()) } else { Err(self.err()) }
    }

    /// A field or module name (not a keyword of the clause that follows).
    fn name(&mut self) -> Res<String> {
        const RESERVED: &[&str] = &[
            "select", "from", "where", "order", "by", "limit", "offset", "and", "or", "not", "in",
            "like", "is", "null", "between", "asc", "desc",
        ];
        match self.peek() {
            Some(Token {
                tok: Tok::Word(w), ..
            }) if !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(w)) => {
                let w = w.clone();
                self.i += 1;
                Ok(w)
            }
            _ => Err(self.err()),
        }
    }

    fn number(&mut self) -> Res<usize> {
        match self.peek() {
            Some(Token {
                tok: Tok::Num(n), ..
            }) => {
                let n = n.parse().map_err(|_| self.err())?;
                self.i += 1;
                Ok(n)
            }
            _ => Err(self.err()),
        }
    }

    fn literal(&mut self) -> Res<Lit> {
        let lit = match self.peek().map(|t| &t.tok) {
            Some(Tok::Str(s)) => Lit::Text(s.clone()),
            Some(Tok::Num(n)) => Lit::Num(n.clone()),
            Some(Tok::Word(w))
                if !w.eq_ignore_ascii_case("and") && !w.eq_ignore_ascii_case("or") =>
            {
                Lit::Text(w.clone())
            }
            _ => return Err(self.err()),
        };
        self.i += 1;
        Ok(lit)
    }

    fn select(&mut self) -> Res<Selected> {
        self.clause = "select";
        self.expect_kw("select")?;
        if self.peek().is_some_and(|t| t.is_kw("count"))
            && matches!(
                self.toks.get(self.i + 1),
                Some(Token {
                    tok: Tok::Sym("("),
                    ..
                })
            )
        {
            let word = self.peek().map(Token::text).unwrap_or_default();
            self.i += 2;
            let field = self.name()?;
            self.expect_sym(")")?;
            return Ok((
                Vec::new(),
                Some((field.clone(), format!("{word}({field})"))),
            ));
        }
        let mut fields = vec![self.name()?];
        while self.sym(",") {
            fields.push(self.name()?);
        }
        Ok((fields, None))
    }

    fn expr(&mut self) -> Res<Expr> {
        let left = self.term()?;
        let and = if self.kw("and") {
            true
        } else if self.kw("or") {
            false
        } else {
            return Ok(left);
        };
        let right = self.term()?;
        // A third criterion without brackets is ambiguous: Zoho refuses it.
        if self.peek().is_some_and(|t| t.is_kw("and") || t.is_kw("or")) {
            return Err(self.err());
        }
        let (l, r) = (Box::new(left), Box::new(right));
        Ok(if and { Expr::And(l, r) } else { Expr::Or(l, r) })
    }

    fn term(&mut self) -> Res<Expr> {
        if self.sym("(") {
            let e = self.expr()?;
            self.expect_sym(")")?;
            return Ok(e);
        }
        let field = self.name()?;
        let (op, values) = self.condition()?;
        Ok(Expr::Cond { field, op, values })
    }

    fn list(&mut self) -> Res<Vec<Lit>> {
        self.expect_sym("(")?;
        let mut v = vec![self.literal()?];
        while self.sym(",") {
            v.push(self.literal()?);
        }
        self.expect_sym(")")?;
        Ok(v)
    }

    fn condition(&mut self) -> Res<(Op, Vec<Lit>)> {
        for (s, op) in [
            ("=", Op::Eq),
            ("!=", Op::Ne),
            ("<=", Op::Le),
            (">=", Op::Ge),
            ("<", Op::Lt),
            (">", Op::Gt),
        ] {
            if self.sym(s) {
                return Ok((op, vec![self.literal()?]));
            }
        }
        if self.kw("is") {
            let not = self.kw("not");
            self.expect_kw("null")?;
            return Ok((if not { Op::IsNotNull } else { Op::IsNull }, Vec::new()));
        }
        if self.kw("between") {
            let a = self.literal()?;
            self.expect_kw("and")?;
            return Ok((Op::Between, vec![a, self.literal()?]));
        }
        let not = self.kw("not");
        if self.kw("like") {
            return Ok((
                if not { Op::NotLike } else { Op::Like },
                vec![self.literal()?],
            ));
        }
        if self.kw("in") {
            return Ok((if not { Op::NotIn } else { Op::In }, self.list()?));
        }
        Err(self.err())
    }

    fn order(&mut self) -> Res<Vec<(String, bool)>> {
        self.clause = "order by";
        self.expect_kw("by")?;
        let mut out = Vec::new();
        loop {
            let f = self.name()?;
            let desc = if self.kw("desc") {
                true
            } else {
                self.kw("asc");
                false
            };
            out.push((f, desc));
            if !self.sym(",") {
                return Ok(out);
            }
        }
    }

    /// `limit n`, `limit offset, n`, `limit n offset m`, and a trailing `offset m`.
    fn limit(&mut self, q: &mut Query) -> Res<()> {
        if self.kw("limit") {
            self.clause = "limit";
            let first = self.number()?;
            if self.sym(",") {
                q.offset = Some(first);
                q.limit = Some(self.number()?);
            } else {
                q.limit = Some(first);
            }
        }
        if q.offset.is_none() && self.kw("offset") {
            self.clause = "offset";
            q.offset = Some(self.number()?);
        }
        Ok(())
    }
}

pub fn parse(src: &str) -> Res<Query> {
    let lines: Vec<&str> = src.split('\n').collect();
    let end = (
        lines.len(),
        lines.last().map_or(1, |l| l.chars().count() + 1),
    );
    let toks = lex(src).map_err(|e| SyntaxError {
        clause: "select",
        line: e.line,
        column: e.column,
        near: e.near,
    })?;
    let mut p = Parser {
        toks,
        i: 0,
        clause: "select",
        end,
    };
    let (select, count) = p.select()?;
    p.clause = "from";
    p.expect_kw("from")?;
    let module = p.name()?;
    let mut q = Query {
        select,
        count,
        module,
        filter: None,
        order: Vec::new(),
        limit: None,
        offset: None,
    };
    if p.kw("where") {
        p.clause = "where";
        q.filter = Some(p.expr()?);
    }
    if p.kw("order") {
        q.order = p.order()?;
    }
    p.limit(&mut q)?;
    if p.peek().is_some() {
        return Err(p.err());
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(field: &str, op: Op, v: &[&str]) -> Expr {
        Expr::Cond {
            field: field.into(),
            op,
            values: v.iter().map(|s| Lit::Text(s.to_string())).collect(),
        }
    }

    #[test]
    fn zohos_sample_query_parses() {
        // The sample of Zoho's "Get Records through a COQL Query" page.
        let q = parse("select Last_Name, First_Name, Full_Name, Lead_Source, Languages_Known from Contacts where (((Last_Name = 'Boyle') and (Lead_Source = Advertisement)) and Languages_Known = 'English;German') limit 2").unwrap();
        assert_eq!(q.module, "Contacts");
        assert_eq!(q.select.len(), 5);
        assert_eq!(q.limit, Some(2));
        let want = Expr::And(
            Box::new(Expr::And(
                Box::new(cond("Last_Name", Op::Eq, &["Boyle"])),
                Box::new(cond("Lead_Source", Op::Eq, &["Advertisement"])),
            )),
            Box::new(cond("Languages_Known", Op::Eq, &["English;German"])),
        );
        assert_eq!(q.filter, Some(want));
    }

    #[test]
    fn operators_order_and_limits() {
        let q = parse("SELECT id FROM Leads WHERE (Email is not null and Company not like '%x') ORDER BY Created_Time desc, id LIMIT 400, 2000").unwrap();
        assert_eq!(
            q.order,
            vec![("Created_Time".into(), true), ("id".into(), false)]
        );
        assert_eq!((q.offset, q.limit), (Some(400), Some(2000)));
        let q =
            parse("select id from Leads where Amount between 1 and 5 limit 10 offset 20").unwrap();
        assert_eq!((q.offset, q.limit), (Some(20), Some(10)));
        let q = parse("select COUNT(id) from Leads where Lead_Status not in ('a','b')").unwrap();
        assert_eq!(q.count, Some(("id".into(), "COUNT(id)".into())));
        assert!(
            matches!(q.filter, Some(Expr::Cond { op: Op::NotIn, ref values, .. }) if values.len() == 2)
        );
    }

    #[test]
    fn three_criteria_need_brackets() {
        let e = parse("select id from Leads where a = 1 and b = 2 and c = 3").unwrap_err();
        assert_eq!((e.clause, e.near.as_str(), e.column), ("where", "and", 44));
        assert!(parse("select id from Leads where (a = 1 and b = 2) and c = 3").is_ok());
        assert!(parse("select id from Leads where a = 1 and (b = 2 or c = 3)").is_ok());
    }

    #[test]
    fn syntax_errors_name_clause_and_place() {
        let e = parse("select from Leads").unwrap_err();
        assert_eq!((e.clause, e.line, e.column), ("select", 1, 8));
        let e = parse("select id Leads").unwrap_err();
        assert_eq!((e.clause, e.near.as_str()), ("from", "Leads"));
        let e = parse("select id from Leads where").unwrap_err();
        assert_eq!((e.clause, e.near.as_str(), e.column), ("where", "", 27));
        let e = parse("select id from Leads limit x").unwrap_err();
        assert_eq!(e.clause, "limit");
        assert!(parse("select id from Leads where a = 1 garbage").is_err());
    }
}
