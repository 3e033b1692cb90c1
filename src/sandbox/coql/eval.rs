//! A parsed query compiled against the module's field types once, then run over the records
//! in one pass: constants are converted before the scan, each record's value once per test.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::DateTime;
use serde_json::{Map, Value};

use super::ast::{Expr, Lit, Op};

/// How a field's values compare, from its Zoho data type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Record ids: numbers too long for a float, compared by length then digits.
    Id,
    Num,
    DateTime,
    Date,
    Bool,
    Lookup,
    Text,
}

impl Kind {
    pub fn of_data_type(t: &str) -> Kind {
        match t {
            "integer" | "double" | "currency" | "bigint" | "percent" | "long" => Kind::Num,
            "datetime" => Kind::DateTime,
            "date" => Kind::Date,
            "boolean" => Kind::Bool,
            "lookup" | "ownerlookup" => Kind::Lookup,
            _ => Kind::Text,
        }
    }

    /// The comparators Zoho's COQL accepts for the type.
    fn allows(self, op: &Op) -> bool {
        match self {
            Kind::Id | Kind::Num | Kind::DateTime | Kind::Date => {
                !matches!(op, Op::Like | Op::NotLike)
            }
            Kind::Bool => matches!(op, Op::Eq | Op::Ne),
            Kind::Lookup => matches!(
                op,
                Op::Eq | Op::Ne | Op::In | Op::NotIn | Op::IsNull | Op::IsNotNull
            ),
            Kind::Text => !matches!(op, Op::Lt | Op::Gt | Op::Le | Op::Ge | Op::Between),
        }
    }
}

/// A value as it compares.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
pub enum Key {
    Null,
    Num(f64),
    /// Ids, and datetimes as seconds since the epoch.
    Int(i128),
    Text(String),
    Bool(bool),
}

impl Key {
    pub fn cmp_total(&self, other: &Key) -> Ordering {
        self.partial_cmp(other).unwrap_or(Ordering::Equal)
    }
}

/// Why a query cannot run against the module's fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Invalid {
    Column(String),
    Operator(String, &'static str),
    Value(String, String),
}

/// The field a name in a query reads: `Field`, or `Lookup.id` for a lookup's id.
pub fn resolve(kinds: &HashMap<String, Kind>, name: &str) -> Result<(String, Kind), Invalid> {
    if name == "id" {
        return Ok(("id".into(), Kind::Id));
    }
    if let Some((base, "id")) = name.split_once('.') {
        return match kinds.get(base) {
            Some(Kind::Lookup) => Ok((base.to_string(), Kind::Lookup)),
            _ => Err(Invalid::Column(name.to_string())),
        };
    }
    kinds
        .get(name)
        .map(|k| (name.to_string(), *k))
        .ok_or_else(|| Invalid::Column(name.to_string()))
}

/// A record's value of a field, as it compares.
pub fn key_of(rec: &Map<String, Value>, field: &str, kind: Kind) -> Key {
    let v = match rec.get(field) {
        None | Some(Value::Null) => return Key::Null,
        Some(v) => v,
    };
    match (kind, v) {
        (Kind::Id, Value::String(s)) => s.parse().map_or(Key::Null, Key::Int),
        (Kind::Num, Value::Number(n)) => n.as_f64().map_or(Key::Null, Key::Num),
        (Kind::DateTime, Value::String(s)) => DateTime::parse_from_rfc3339(s)
            .map_or(Key::Null, |t| Key::Int(i128::from(t.timestamp()))),
        (Kind::Bool, Value::Bool(b)) => Key::Bool(*b),
        (Kind::Lookup, Value::Object(o)) => o
            .get("id")
            .and_then(Value::as_str)
            .map_or(Key::Null, |s| Key::Text(s.to_string())),
        (_, Value::String(s)) => Key::Text(s.to_lowercase()),
        (_, Value::Array(a)) => Key::Text(
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(";")
                .to_lowercase(),
        ),
        (_, other) => Key::Text(other.to_string().to_lowercase()),
    }
}

/// A literal converted to the field's type.
fn constant(field: &str, kind: Kind, lit: &Lit) -> Result<Key, Invalid> {
    let s = lit.as_str();
    let bad = || Invalid::Value(field.to_string(), s.to_string());
    Ok(match kind {
        Kind::Id => Key::Int(s.parse().map_err(|_| bad())?),
        Kind::Num => Key::Num(s.parse().map_err(|_| bad())?),
        Kind::DateTime => Key::Int(i128::from(
            DateTime::parse_from_rfc3339(s)
                .map_err(|_| bad())?
                .timestamp(),
        )),
        Kind::Date => {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad())?;
            Key::Text(s.to_string())
        }
        Kind::Bool => match s.to_ascii_lowercase().as_str() {
            "true" => Key::Bool(true),
            "false" => Key::Bool(false),
            _ => return Err(bad()),
        },
        Kind::Lookup => Key::Text(s.to_string()),
        Kind::Text => Key::Text(s.to_lowercase()),
    })
}

#[derive(Debug)]
pub enum Like {
    Contains(String),
    Starts(String),
    Ends(String),
    Exact(String),
}

impl Like {
    fn new(pattern: &str) -> Like {
        let p = pattern.to_lowercase();
        match (p.strip_prefix('%'), p.strip_suffix('%')) {
            (Some(rest), Some(_)) if rest.ends_with('%') => {
                Like::Contains(rest.trim_end_matches('%').to_string())
            }
            (Some(rest), _) => Like::Ends(rest.to_string()),
            (None, Some(head)) => Like::Starts(head.to_string()),
            (None, None) => Like::Exact(p),
        }
    }

    fn matches(&self, s: &str) -> bool {
        match self {
            Like::Contains(x) => s.contains(x.as_str()),
            Like::Starts(x) => s.starts_with(x.as_str()),
            Like::Ends(x) => s.ends_with(x.as_str()),
            Like::Exact(x) => s == x,
        }
    }
}

#[derive(Debug)]
pub enum Test {
    Cmp(Ordering, bool),
    Range(Key, Key),
    Set(Vec<Key>, bool),
    Like(Like, bool),
    Null(bool),
}

/// An expression ready to run: fields resolved, constants typed.
#[derive(Debug)]
pub enum Compiled {
    Cond {
        field: String,
        kind: Kind,
        test: Test,
        value: Key,
    },
    And(Box<Compiled>, Box<Compiled>),
    Or(Box<Compiled>, Box<Compiled>),
}

pub fn compile(e: &Expr, kinds: &HashMap<String, Kind>) -> Result<Compiled, Invalid> {
    let (field, op, values) = match e {
        Expr::And(a, b) => {
            return Ok(Compiled::And(
                Box::new(compile(a, kinds)?),
                Box::new(compile(b, kinds)?),
            ));
        }
        Expr::Or(a, b) => {
            return Ok(Compiled::Or(
                Box::new(compile(a, kinds)?),
                Box::new(compile(b, kinds)?),
            ));
        }
        Expr::Cond { field, op, values } => (field, op, values),
    };
    let (name, kind) = resolve(kinds, field)?;
    if !kind.allows(op) {
        return Err(Invalid::Operator(field.clone(), op.name()));
    }
    let one = |i: usize| -> Result<Key, Invalid> {
        let lit = values
            .get(i)
            .ok_or_else(|| Invalid::Value(field.clone(), String::new()))?;
        constant(field, kind, lit)
    };
    let (test, value) = match op {
        Op::Eq => (Test::Cmp(Ordering::Equal, true), one(0)?),
        Op::Ne => (Test::Cmp(Ordering::Equal, false), one(0)?),
        Op::Lt => (Test::Cmp(Ordering::Less, true), one(0)?),
        Op::Gt => (Test::Cmp(Ordering::Greater, true), one(0)?),
        // `<=` is "not greater", `>=` "not less".
        Op::Le => (Test::Cmp(Ordering::Greater, false), one(0)?),
        Op::Ge => (Test::Cmp(Ordering::Less, false), one(0)?),
        Op::Between => (Test::Range(one(0)?, one(1)?), Key::Null),
        Op::In | Op::NotIn => {
            let set = values
                .iter()
                .map(|l| constant(field, kind, l))
                .collect::<Result<Vec<_>, _>>()?;
            (Test::Set(set, *op == Op::In), Key::Null)
        }
        Op::Like | Op::NotLike => {
            let p = values.first().map(Lit::as_str).unwrap_or_default();
            (Test::Like(Like::new(p), *op == Op::Like), Key::Null)
        }
        Op::IsNull => (Test::Null(true), Key::Null),
        Op::IsNotNull => (Test::Null(false), Key::Null),
    };
    Ok(Compiled::Cond {
        field: name,
        kind,
        test,
        value,
    })
}

impl Compiled {
    pub fn matches(&self, rec: &Map<String, Value>) -> bool {
        match self {
            Compiled::And(a, b) => a.matches(rec) && b.matches(rec),
            Compiled::Or(a, b) => a.matches(rec) || b.matches(rec),
            Compiled::Cond {
                field,
                kind,
                test,
                value,
            } => {
                let k = key_of(rec, field, *kind);
                if let Test::Null(want) = test {
                    return (k == Key::Null) == *want;
                }
                // As in SQL, a criterion on an empty field holds for none of its comparators
                // but `is null`.
                if k == Key::Null {
                    return false;
                }
                match test {
                    Test::Cmp(ord, want) => (k.cmp_total(value) == *ord) == *want,
                    Test::Range(lo, hi) => k.cmp_total(lo).is_ge() && k.cmp_total(hi).is_le(),
                    Test::Set(set, want) => set.contains(&k) == *want,
                    Test::Like(like, want) => match &k {
                        Key::Text(s) => like.matches(s) == *want,
                        _ => false,
                    },
                    Test::Null(_) => false,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;
    use serde_json::json;

    fn kinds() -> HashMap<String, Kind> {
        [
            ("Created_Time", Kind::DateTime),
            ("Amount", Kind::Num),
            ("Last_Name", Kind::Text),
            ("Owner", Kind::Lookup),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    fn run(where_: &str, rec: Value) -> Result<bool, Invalid> {
        let q = parse(&format!("select id from Leads where {where_}")).unwrap();
        let c = compile(q.filter.as_ref().unwrap(), &kinds())?;
        Ok(c.matches(rec.as_object().unwrap()))
    }

    #[test]
    fn values_compare_as_their_type() {
        let r = json!({"id":"10","Created_Time":"2024-01-01T05:00:00+05:00","Amount":900,
            "Last_Name":"O'Neil","Owner":{"id":"77","name":"A"}});
        // 05:00+05:00 is midnight UTC: not before it, equal to it.
        assert!(!run("Created_Time < '2024-01-01T00:00:00+00:00'", r.clone()).unwrap());
        assert!(run("Created_Time = '2024-01-01T00:00:00+00:00'", r.clone()).unwrap());
        assert!(run("Amount > 100", r.clone()).unwrap());
        assert!(!run("Amount > '1000'", r.clone()).unwrap());
        assert!(run("Amount between 900 and 901", r.clone()).unwrap());
        assert!(run("Last_Name like '%nei%'", r.clone()).unwrap());
        assert!(run("Last_Name not like '%x'", r.clone()).unwrap());
        assert!(run("Owner = '77'", r.clone()).unwrap());
        assert!(run("Owner.id in ('1','77')", r.clone()).unwrap());
        assert!(run("id >= 9", r.clone()).unwrap());
        assert!(run("Amount is not null", r.clone()).unwrap());
        assert!(!run("Last_Name != 'x'", json!({"id":"1"})).unwrap());
        assert!(run("Last_Name is null", json!({"id":"1"})).unwrap());
    }

    #[test]
    fn fields_operators_and_values_are_checked() {
        let r = json!({"id":"1"});
        assert_eq!(
            run("Nope = 1", r.clone()),
            Err(Invalid::Column("Nope".into()))
        );
        assert_eq!(
            run("Owner.name = 'x'", r.clone()),
            Err(Invalid::Column("Owner.name".into()))
        );
        assert_eq!(
            run("Created_Time like '%2024%'", r.clone()),
            Err(Invalid::Operator("Created_Time".into(), "like"))
        );
        assert_eq!(
            run("Created_Time > '2024-01-01'", r.clone()),
            Err(Invalid::Value("Created_Time".into(), "2024-01-01".into()))
        );
        assert!(matches!(
            run("Last_Name > 'a'", r),
            Err(Invalid::Operator(..))
        ));
    }
}
