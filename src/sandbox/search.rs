//! The search API's matchers: `word`, `email`, `phone` and a subset of Zoho's `criteria`
//! syntax: `(Field:op:value)` joined with `and`/`or`, nested in parentheses; ops `equals`,
//! `not_equal`, `starts_with`, `in`; `\(`, `\)` and `\,` escape those characters in values.

use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use super::call::Call;
use super::reply::{self, ApiError, ApiResult};
use super::state::OrgState;

/// The search API answers at most this many records, however it is paged.
pub const SEARCH_LIMIT: usize = 2000;

/// A search page past `SEARCH_LIMIT`, as Zoho answers it.
pub fn search_limit_reached() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "LIMIT_REACHED",
        "maximum response iteration limit reached",
    )
    .with(json!({ "limit": SEARCH_LIMIT.to_string() }))
}

/// The call's search parameter, in Zoho's order of preference: `criteria`, `email`, `phone`,
/// `word`; `None` when it has none.
pub fn search_matcher(call: &Call<'_>) -> Result<Option<Matcher>, ApiError> {
    Ok(Some(if let Some(c) = call.param("criteria") {
        Matcher::criteria(&c).map_err(|reason| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "INVALID_QUERY",
                "invalid query formed",
            )
            .with(json!({ "param_name": "criteria", "reason": reason }))
        })?
    } else if let Some(e) = call.param("email") {
        Matcher::Email(e)
    } else if let Some(p) = call.param("phone") {
        Matcher::Phone(p)
    } else if let Some(w) = call.param("word") {
        Matcher::Word(w)
    } else {
        return Ok(None);
    }))
}

/// The one custom view the sandbox has per module, "All {plural}": its id is derived from the
/// module's, as field ids are.
pub fn all_view_id(module_id: &str) -> String {
    super::field_meta::field_id(module_id, "$all_view")
}

/// `GET /{module}/actions/count[?criteria=|email=|phone=|word=|cvid=]`: `{"count": N}` of the
/// live records matching, all of them without a parameter.
pub fn count(state: &OrgState, call: &Call<'_>, module: &str) -> ApiResult {
    let matcher = search_matcher(call)?;
    if call.param("cvid").is_some() && matcher.is_some() {
        let given: Vec<Value> = ["criteria", "email", "phone", "word"]
            .iter()
            .filter(|p| call.param(p).is_some())
            .chain(std::iter::once(&"cvid"))
            .map(|p| json!({ "param_name": p }))
            .collect();
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "AMBIGUITY_DURING_PROCESSING",
            "Please use either Cvid or Search Params. Combination of both the params is not allowed",
        )
        .with(json!({ "ambiguity_due_to": given })));
    }
    let view =
        match call.param("cvid") {
            None => None,
            Some(cvid) => Some(super::custom_views::find(state, module, &cvid).ok_or_else(
                || ApiError::invalid_data("invalid data", json!({ "param_name": "cvid" })),
            )?),
        };
    let in_view = view
        .as_ref()
        .and_then(|v| super::custom_views::filter(state, module, v));
    let n = state
        .live_records(module)
        .into_iter()
        .filter(|r| matcher.as_ref().is_none_or(|m| m.matches(r)))
        .filter(|r| super::custom_views::keeps(&in_view, r))
        .count();
    Ok(reply::ok(json!({ "count": n })))
}

#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    Word(String),
    Email(String),
    Phone(String),
    Cond {
        field: String,
        op: String,
        values: Vec<String>,
    },
    And(Box<Matcher>, Box<Matcher>),
    Or(Box<Matcher>, Box<Matcher>),
}

/// A field's value as text; lookups (`{"name","id"}`) match on either.
fn texts(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Number(n)) => vec![n.to_string()],
        Some(Value::Bool(b)) => vec![b.to_string()],
        Some(Value::Object(o)) => ["name", "id"]
            .iter()
            .filter_map(|k| o.get(*k).and_then(Value::as_str).map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

impl Matcher {
    pub fn matches(&self, rec: &Map<String, Value>) -> bool {
        match self {
            Matcher::Word(w) => {
                let w = w.to_lowercase();
                rec.iter()
                    .filter(|(k, _)| !k.starts_with('$'))
                    .flat_map(|(_, v)| texts(Some(v)))
                    .any(|t| t.to_lowercase().contains(&w))
            }
            Matcher::Email(e) => ["Email", "Secondary_Email"]
                .iter()
                .flat_map(|k| texts(rec.get(*k)))
                .any(|t| t.eq_ignore_ascii_case(e.trim())),
            Matcher::Phone(p) => {
                let want = digits(p);
                !want.is_empty()
                    && ["Phone", "Mobile", "Home_Phone", "Other_Phone"]
                        .iter()
                        .flat_map(|k| texts(rec.get(*k)))
                        .any(|t| digits(&t).contains(&want))
            }
            Matcher::Cond { field, op, values } => {
                let have = texts(rec.get(field));
                let eq = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
                match op.as_str() {
                    "equals" => have.iter().any(|h| values.iter().any(|v| eq(h, v))),
                    "in" => have.iter().any(|h| values.iter().any(|v| eq(h, v))),
                    "not_equal" => !have.iter().any(|h| values.iter().any(|v| eq(h, v))),
                    "starts_with" => have.iter().any(|h| {
                        values
                            .iter()
                            .any(|v| h.to_lowercase().starts_with(&v.to_lowercase()))
                    }),
                    _ => false,
                }
            }
            Matcher::And(a, b) => a.matches(rec) && b.matches(rec),
            Matcher::Or(a, b) => a.matches(rec) || b.matches(rec),
        }
    }

    pub fn criteria(text: &str) -> Result<Matcher, String> {
        let chars: Vec<char> = text.trim().chars().collect();
        let mut p = Parser { s: &chars, i: 0 };
        let m = p.expr()?;
        p.ws();
        if p.i != chars.len() {
            return Err(format!("unexpected text at position {}", p.i));
        }
        Ok(m)
    }
}

struct Parser<'a> {
    s: &'a [char],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|c| c.is_whitespace()) {
            self.i += 1;
        }
    }

    fn keyword(&mut self, k: &str) -> bool {
        self.ws();
        let end = self.i + k.len();
        if end <= self.s.len() {
            let word: String = self.s[self.i..end].iter().collect();
            if word.eq_ignore_ascii_case(k) {
                self.i = end;
                return true;
            }
        }
        false
    }

    fn expr(&mut self) -> Result<Matcher, String> {
        let mut left = self.term()?;
        loop {
            if self.keyword("and") {
                left = Matcher::And(Box::new(left), Box::new(self.term()?));
            } else if self.keyword("or") {
                left = Matcher::Or(Box::new(left), Box::new(self.term()?));
            } else {
                return Ok(left);
            }
        }
    }

    fn term(&mut self) -> Result<Matcher, String> {
        self.ws();
        if self.s.get(self.i) != Some(&'(') {
            return Err(format!("expected '(' at position {}", self.i));
        }
        self.i += 1;
        self.ws();
        let m = if self.s.get(self.i) == Some(&'(') {
            self.expr()?
        } else {
            self.cond()?
        };
        self.ws();
        if self.s.get(self.i) != Some(&')') {
            return Err(format!("expected ')' at position {}", self.i));
        }
        self.i += 1;
        Ok(m)
    }

    /// `Field:op:value` up to the closing parenthesis.
    fn cond(&mut self) -> Result<Matcher, String> {
        let mut raw = String::new();
        let mut parts: Vec<String> = Vec::new();
        let mut values: Vec<String> = Vec::new();
        while let Some(&c) = self.s.get(self.i) {
            match c {
                '\\' => {
                    if let Some(&n) = self.s.get(self.i + 1) {
                        raw.push(n);
                        self.i += 2;
                        continue;
                    }
                    return Err("dangling escape".into());
                }
                ')' => break,
                ':' if parts.len() < 2 => {
                    parts.push(std::mem::take(&mut raw));
                }
                ',' if parts.len() == 2 => values.push(std::mem::take(&mut raw)),
                _ => raw.push(c),
            }
            self.i += 1;
        }
        values.push(raw);
        if parts.len() != 2 || parts[0].trim().is_empty() {
            return Err("a condition is (field:operator:value)".into());
        }
        let op = parts[1].trim().to_ascii_lowercase();
        if !["equals", "not_equal", "starts_with", "in"].contains(&op.as_str()) {
            return Err(format!("unsupported operator {op}"));
        }
        if op != "in" && values.len() > 1 {
            let joined = values.join(",");
            values = vec![joined];
        }
        Ok(Matcher::Cond {
            field: parts[0].trim().to_string(),
            op,
            values,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn criteria_parse_and_match() {
        let r = rec(
            json!({"id":"1","Last_Name":"O'Neil","First_Name":"Ana","Account_Name":{"name":"Acme (EU)","id":"9"}}),
        );
        assert!(
            Matcher::criteria("(Last_Name:equals:o'neil)")
                .unwrap()
                .matches(&r)
        );
        assert!(
            Matcher::criteria("((Last_Name:starts_with:O)and(First_Name:equals:Ana))")
                .unwrap()
                .matches(&r)
        );
        assert!(
            !Matcher::criteria("((Last_Name:starts_with:X)and(First_Name:equals:Ana))")
                .unwrap()
                .matches(&r)
        );
        assert!(
            Matcher::criteria("((Last_Name:starts_with:X)or(First_Name:in:Bob,Ana))")
                .unwrap()
                .matches(&r)
        );
        assert!(
            Matcher::criteria(r"(Account_Name:equals:Acme \(EU\))")
                .unwrap()
                .matches(&r)
        );
        assert!(Matcher::criteria("Last_Name:equals:x").is_err());
        assert!(Matcher::criteria("(Last_Name:like:x)").is_err());
        assert!(Matcher::criteria("(Last_Name:equals:x").is_err());
    }

    #[test]
    fn word_email_phone() {
        let r = rec(
            json!({"id":"1","Email":"A.B@x.example","Phone":"+1 555 123 4567","Company":"Lumen Solar"}),
        );
        assert!(Matcher::Word("lumen".into()).matches(&r));
        assert!(Matcher::Email("a.b@X.example".into()).matches(&r));
        assert!(Matcher::Phone("5551234567".into()).matches(&r));
        assert!(!Matcher::Phone("999".into()).matches(&r));
    }
}
