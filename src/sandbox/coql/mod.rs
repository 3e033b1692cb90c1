//! `POST /crm/{v}/coql` with `{"select_query": "..."}`: Zoho's COQL, the subset in `parse`,
//! run by `eval` over the live records. Answers `{"data": [...], "info": {"count",
//! "more_records"}}`, 204 when nothing matches; errors as SYNTAX_ERROR, INVALID_QUERY and
//! LIMIT_EXCEEDED.

mod ast;
mod eval;
mod lexer;
mod parse;

use std::collections::HashMap;

use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use super::auth::{Need, Op as ScopeOp, scopes_cover};
use super::call::Call;
use super::field_meta::data_type;
use super::reply::{self, ApiError, ApiResult};
use super::state::OrgState;

pub use ast::{Expr, Lit, Op};
pub use eval::{Compiled, Invalid, Kind, compile};

/// Rows a call may ask for, and how deep `offset + limit` may reach (v7 and later).
pub const MAX_LIMIT: usize = 2000;
pub const MAX_REACH: usize = 100_000;
pub const DEFAULT_LIMIT: usize = 200;
/// Values an `in (...)` may list.
pub const MAX_IN_VALUES: usize = 100;

/// Each field the module's records carry, with how its values compare.
pub fn kinds(state: &OrgState, module: &str) -> HashMap<String, Kind> {
    state
        .field_samples(module)
        .into_iter()
        .map(|(name, sample)| {
            let kind = Kind::of_data_type(data_type(&name, &sample));
            (name, kind)
        })
        .collect()
}

fn syntax_error(e: parse::SyntaxError) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "SYNTAX_ERROR",
        "error occured while parsing the query",
    )
    .with(json!({ "clause": e.clause, "line": e.line, "column": e.column, "near": e.near }))
}

fn invalid(why: Invalid) -> ApiError {
    let (message, details) = match why {
        Invalid::Column(c) => ("invalid column given", json!({ "column_name": c })),
        Invalid::Operator(c, op) => (
            "invalid operator found",
            json!({ "column_name": c, "operator": op }),
        ),
        Invalid::Value(c, v) => (
            "invalid value given",
            json!({ "column_name": c, "value": v }),
        ),
    };
    ApiError::new(StatusCode::BAD_REQUEST, "INVALID_QUERY", message).with(details)
}

fn limit_exceeded(clause: &str, limit: usize) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "LIMIT_EXCEEDED", "limit exceeded")
        .with(json!({ "clause": clause, "limit": limit }))
}

fn count_in_values(e: &Expr) -> Option<(String, usize)> {
    match e {
        Expr::And(a, b) | Expr::Or(a, b) => count_in_values(a).or_else(|| count_in_values(b)),
        Expr::Cond { field, op, values }
            if matches!(op, Op::In | Op::NotIn) && values.len() > MAX_IN_VALUES =>
        {
            Some((field.clone(), values.len()))
        }
        Expr::Cond { .. } => None,
    }
}

/// A record's value as COQL answers it: a lookup as its id only.
fn shown(rec: &Map<String, Value>, name: &str, kinds: &HashMap<String, Kind>) -> Value {
    if let Some((base, "id")) = name.split_once('.') {
        return rec
            .get(base)
            .and_then(|o| o.get("id"))
            .cloned()
            .unwrap_or(Value::Null);
    }
    match (rec.get(name), kinds.get(name)) {
        (Some(Value::Object(o)), Some(Kind::Lookup)) => {
            json!({ "id": o.get("id").cloned().unwrap_or(Value::Null) })
        }
        (Some(v), _) => v.clone(),
        (None, _) => Value::Null,
    }
}

/// The credits a COQL call costs, by its LIMIT (Zoho's COQL overview: 1 to 200 rows one
/// credit, 201 to 1,000 two, 1,001 to 2,000 three). A query that does not parse costs one.
pub fn credits(body: &[u8]) -> u64 {
    let limit = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|b| {
            b.get("select_query")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .and_then(|src| parse::parse(&src).ok())
        .map_or(DEFAULT_LIMIT, |q| q.limit.unwrap_or(DEFAULT_LIMIT));
    match limit {
        0..=200 => 1,
        201..=1000 => 2,
        _ => 3,
    }
}

pub fn handle(state: &OrgState, call: &Call<'_>, scopes: &[String]) -> ApiResult {
    let body = super::undo::body_json(call)?.unwrap_or(Value::Null);
    let src = body
        .get("select_query")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "REQUIRED_PARAM_MISSING",
                "One of the expected parameter is missing",
            )
            .with(json!({ "param_name": "select_query" }))
        })?;
    let q = parse::parse(src).map_err(syntax_error)?;
    let meta = state.module(&q.module).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_QUERY",
            "invalid module given",
        )
        .with(json!({ "module_name": q.module }))
    })?;
    if !meta.api_supported {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_QUERY",
            "invalid module given",
        )
        .with(json!({ "module_name": q.module })));
    }
    // "User must have the scopes required to access the base module."
    if !scopes_cover(scopes, Need::Module(&meta.scope_name, ScopeOp::Read)) {
        return Err(ApiError::scope_mismatch());
    }
    let module = meta.api_name.clone();
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    let offset = q.offset.unwrap_or(0);
    if limit > MAX_LIMIT {
        return Err(limit_exceeded("limit", MAX_LIMIT));
    }
    if offset.saturating_add(limit) > MAX_REACH {
        return Err(limit_exceeded("offset", MAX_REACH));
    }
    if let Some((_, _)) = q.filter.as_ref().and_then(count_in_values) {
        return Err(limit_exceeded("where", MAX_IN_VALUES));
    }
    // The limitations page: "Duplicate fields in the ORDER BY ... will result in a
    // DUPLICATE_DATA error".
    for (i, (f, _)) in q.order.iter().enumerate() {
        if q.order[..i].iter().any(|(g, _)| g == f) {
            return Err(
                ApiError::new(StatusCode::BAD_REQUEST, "DUPLICATE_DATA", "duplicate data")
                    .with(json!({ "clause": "order by", "column_name": f })),
            );
        }
    }
    let kinds = kinds(state, &module);
    for f in q.select.iter().chain(q.count.iter().map(|(f, _)| f)) {
        eval::resolve(&kinds, f).map_err(invalid)?;
    }
    let order: Vec<(String, Kind, bool)> = q
        .order
        .iter()
        .map(|(f, desc)| eval::resolve(&kinds, f).map(|(n, k)| (n, k, *desc)))
        .collect::<Result<_, _>>()
        .map_err(invalid)?;
    let filter = q
        .filter
        .as_ref()
        .map(|e| eval::compile(e, &kinds))
        .transpose()
        .map_err(invalid)?;
    let matching: Vec<&Map<String, Value>> = state
        .live_records(&module)
        .into_iter()
        .filter(|r| filter.as_ref().is_none_or(|f| f.matches(r)))
        .collect();
    if let Some((_, key)) = &q.count {
        return Ok(reply::ok(json!({
            "data": [{ key.as_str(): matching.len() }],
            "info": { "count": 1, "more_records": false },
        })));
    }
    let page = sorted_page(matching, &order, offset, limit);
    let (rows, more) = page;
    if rows.is_empty() {
        return Ok(reply::no_content());
    }
    let data: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut out = Map::new();
            for f in &q.select {
                out.insert(f.clone(), shown(r, f, &kinds));
            }
            out.insert("id".into(), r.get("id").cloned().unwrap_or(Value::Null));
            Value::Object(out)
        })
        .collect();
    Ok(reply::ok(json!({
        "data": data,
        "info": { "count": data.len(), "more_records": more },
    })))
}

/// One sort (by the order's fields, then by id, ascending by default) and the page's slice;
/// whether records remain after it.
fn sorted_page<'a>(
    mut recs: Vec<&'a Map<String, Value>>,
    order: &[(String, Kind, bool)],
    offset: usize,
    limit: usize,
) -> (Vec<&'a Map<String, Value>>, bool) {
    let total = recs.len();
    let key = |r: &&Map<String, Value>| -> Vec<eval::Key> {
        order
            .iter()
            .map(|(f, k, _)| eval::key_of(r, f, *k))
            .chain(std::iter::once(eval::key_of(r, "id", Kind::Id)))
            .collect()
    };
    let mut keyed: Vec<(Vec<eval::Key>, &Map<String, Value>)> =
        recs.drain(..).map(|r| (key(&r), r)).collect();
    keyed.sort_by(|(a, _), (b, _)| {
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            let desc = order.get(i).is_some_and(|o| o.2);
            let o = x.cmp_total(y);
            let o = if desc { o.reverse() } else { o };
            if o.is_ne() {
                return o;
            }
        }
        std::cmp::Ordering::Equal
    });
    let rows: Vec<_> = keyed
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|(_, r)| r)
        .collect();
    let more = offset + rows.len() < total;
    (rows, more)
}

#[cfg(test)]
mod credit_tests {
    #[test]
    fn a_call_costs_by_its_limit() {
        let q = |l: &str| {
            format!(r#"{{"select_query": "select Last_Name from Leads where id is not null{l}"}}"#)
        };
        assert_eq!(super::credits(q("").as_bytes()), 1);
        assert_eq!(super::credits(q(" limit 200").as_bytes()), 1);
        assert_eq!(super::credits(q(" limit 201").as_bytes()), 2);
        assert_eq!(super::credits(q(" limit 4000, 1000").as_bytes()), 2);
        assert_eq!(super::credits(q(" limit 2000").as_bytes()), 3);
        assert_eq!(super::credits(b"not json"), 1);
    }
}
