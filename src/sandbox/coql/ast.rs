//! What a COQL query says, once parsed: the select list, the module, the criteria, the order
//! and the page.

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Like,
    NotLike,
    In,
    NotIn,
    Between,
    IsNull,
    IsNotNull,
}

impl Op {
    pub fn name(&self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Ge => ">=",
            Op::Like => "like",
            Op::NotLike => "not like",
            Op::In => "in",
            Op::NotIn => "not in",
            Op::Between => "between",
            Op::IsNull => "is null",
            Op::IsNotNull => "is not null",
        }
    }
}

/// A literal as written: quoted text, a bare number, or a bare word (`Lead_Source = Advertisement`
/// in Zoho's own sample), `true`/`false`, or `null`.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    Text(String),
    Num(String),
}

impl Lit {
    pub fn as_str(&self) -> &str {
        match self {
            Lit::Text(s) | Lit::Num(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Cond {
        field: String,
        op: Op,
        values: Vec<Lit>,
    },
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Field API names as written; empty for `COUNT(...)`.
    pub select: Vec<String>,
    /// `COUNT(field)`: the field, and the key Zoho names the answer by.
    pub count: Option<(String, String)>,
    pub module: String,
    pub filter: Option<Expr>,
    /// (field, descending)
    pub order: Vec<(String, bool)>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}
