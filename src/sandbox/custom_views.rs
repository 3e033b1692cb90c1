//! Custom views: `GET /settings/custom_views?module=` and `/settings/custom_views/{id}?module=`,
//! and the records a `cvid` selects (`GET /{module}?cvid=`, `actions/count?cvid=`). Each module
//! has its "All {plural}" view (`search::all_view_id`); the seeded ones with criteria are in
//! `assets/sandbox/custom_views.json`, in Zoho's criteria shape, and are run through COQL's
//! evaluator.

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use super::call::Call;
use super::coql::{self, Compiled, Expr, Lit, Op};
use super::field_meta::field_id;
use super::reply::{self, ApiError, ApiResult};
use super::search::all_view_id;
use super::seed::ModuleMeta;
use super::settings::module_param;
use super::state::OrgState;

const VIEWS: &str = include_str!("../../assets/sandbox/custom_views.json");

/// The seeded views per module: (name, criteria).
fn seeded() -> &'static Map<String, Value> {
    static PARSED: OnceLock<Map<String, Value>> = OnceLock::new();
    PARSED.get_or_init(|| {
        serde_json::from_str::<Map<String, Value>>(VIEWS).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "the seeded custom views do not parse");
            Map::new()
        })
    })
}

/// One view of a module.
pub struct View {
    pub id: String,
    pub name: String,
    pub all: bool,
    pub criteria: Option<Value>,
}

pub fn views(m: &ModuleMeta) -> Vec<View> {
    let mut out = vec![View {
        id: all_view_id(&m.id),
        name: format!("All {}", m.plural_label),
        all: true,
        criteria: None,
    }];
    let list = seeded().get(&m.api_name).and_then(Value::as_array);
    for v in list.into_iter().flatten() {
        let Some(name) = v.get("name").and_then(Value::as_str) else {
            continue;
        };
        out.push(View {
            id: field_id(&m.id, &format!("$view|{name}")),
            name: name.to_string(),
            all: false,
            criteria: v.get("criteria").cloned(),
        });
    }
    out
}

/// The view `cvid` names in the module, if any.
pub fn find(state: &OrgState, module: &str, cvid: &str) -> Option<View> {
    let m = state.module(module)?;
    views(m).into_iter().find(|v| v.id == cvid)
}

fn lit(v: &Value) -> Lit {
    match v {
        Value::String(s) => Lit::Text(s.clone()),
        other => Lit::Num(other.to_string()),
    }
}

/// Zoho's custom-view criteria (`{comparator, field: {api_name}, value}` or `{group_operator,
/// group}`) as a COQL expression.
fn expr_of(c: &Value) -> Option<Expr> {
    if let Some(group) = c.get("group").and_then(Value::as_array) {
        let or = c
            .get("group_operator")
            .and_then(Value::as_str)
            .is_some_and(|o| o.eq_ignore_ascii_case("or"));
        let mut parts = group.iter().map(expr_of);
        let first = parts.next()??;
        return parts.try_fold(first, |acc, e| {
            let (a, b) = (Box::new(acc), Box::new(e?));
            Some(if or { Expr::Or(a, b) } else { Expr::And(a, b) })
        });
    }
    let field = c.get("field")?.get("api_name")?.as_str()?.to_string();
    let value = c.get("value").unwrap_or(&Value::Null);
    let empty = value.as_str() == Some("${EMPTY}");
    let text = value.as_str().unwrap_or_default();
    let list = || match value {
        Value::Array(a) => a.iter().map(lit).collect(),
        v => vec![lit(v)],
    };
    let (op, values) = match c.get("comparator")?.as_str()? {
        "equal" if empty => (Op::IsNull, Vec::new()),
        "not_equal" if empty => (Op::IsNotNull, Vec::new()),
        "equal" => (Op::Eq, list()),
        "not_equal" => (Op::Ne, list()),
        "less_than" => (Op::Lt, list()),
        "greater_than" => (Op::Gt, list()),
        "less_equal" => (Op::Le, list()),
        "greater_equal" => (Op::Ge, list()),
        "between" => (Op::Between, list()),
        "in" => (Op::In, list()),
        "not_in" => (Op::NotIn, list()),
        "starts_with" => (Op::Like, vec![Lit::Text(format!("{text}%"))]),
        "ends_with" => (Op::Like, vec![Lit::Text(format!("%{text}"))]),
        "contains" => (Op::Like, vec![Lit::Text(format!("%{text}%"))]),
        "not_contains" => (Op::NotLike, vec![Lit::Text(format!("%{text}%"))]),
        _ => return None,
    };
    Some(Expr::Cond { field, op, values })
}

/// The view's criteria, ready to run over the module's records; `None` for a view of all
/// records. A view whose criteria the records' fields cannot answer selects nothing.
pub fn filter(state: &OrgState, module: &str, view: &View) -> Option<Option<Compiled>> {
    let c = view.criteria.as_ref()?;
    let kinds = coql::kinds(state, module);
    Some(expr_of(c).and_then(|e| coql::compile(&e, &kinds).ok()))
}

/// Whether a record is in the view (`filter`'s answer).
pub fn keeps(f: &Option<Option<Compiled>>, rec: &Map<String, Value>) -> bool {
    match f {
        None => true,
        Some(None) => false,
        Some(Some(c)) => c.matches(rec),
    }
}

/// Criteria as Zoho answers them: each field with its id.
fn with_field_ids(c: &Value, module_id: &str) -> Value {
    let mut c = c.clone();
    if let Some(group) = c.get_mut("group").and_then(Value::as_array_mut) {
        for g in group.iter_mut() {
            *g = with_field_ids(g, module_id);
        }
    } else if let Some(f) = c.get_mut("field").and_then(Value::as_object_mut) {
        let name = f
            .get("api_name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        f.insert("id".into(), json!(field_id(module_id, &name)));
    }
    c
}

fn view_json(v: &View, m: &ModuleMeta, call: &Call<'_>) -> Value {
    json!({
        "display_value": v.name,
        "created_time": Value::Null,
        "access_type": "public",
        "system_name": if v.all { json!("ALLVIEWS") } else { Value::Null },
        "sort_by": Value::Null,
        "created_by": if v.all { Value::Null } else { call.user_json() },
        "shared_to": Value::Null,
        "default": v.all,
        "modified_time": Value::Null,
        "name": v.name,
        "system_defined": v.all,
        "modified_by": Value::Null,
        "id": v.id,
        "sort_order": Value::Null,
        "category": if v.all { "public_views" } else { "created_by_me" },
        "favorite": Value::Null,
        "last_accessed_time": Value::Null,
        "locked": false,
        "module": { "api_name": m.api_name, "id": m.id },
    })
}

/// `GET /settings/custom_views?module=X`.
pub fn list(state: &OrgState, call: &Call<'_>) -> ApiResult {
    let m = module_param(state, call)?;
    let views = views(m);
    let list: Vec<Value> = views.iter().map(|v| view_json(v, m, call)).collect();
    Ok(reply::ok(json!({
        "custom_views": list,
        "info": {
            "per_page": 200,
            "default": all_view_id(&m.id),
            "count": list.len(),
            "page": 1,
            "more_records": false,
        },
    })))
}

/// `GET /settings/custom_views/{id}?module=X`: the view with its criteria and columns.
pub fn one(state: &OrgState, call: &Call<'_>, id: &str) -> ApiResult {
    let m = module_param(state, call)?;
    let Some(v) = views(m).into_iter().find(|v| v.id == id) else {
        return Err(ApiError::invalid_data(
            "the id given seems to be invalid",
            json!({ "resource_path_index": 2 }),
        ));
    };
    let mut j = view_json(&v, m, call);
    j["criteria"] = v
        .criteria
        .as_ref()
        .map_or(Value::Null, |c| with_field_ids(c, &m.id));
    let fields: Vec<Value> = state
        .field_samples(&m.api_name)
        .into_iter()
        .take(8)
        .map(|(name, _)| json!({ "api_name": name, "id": field_id(&m.id, &name) }))
        .collect();
    j["fields"] = Value::Array(fields);
    Ok(reply::ok(json!({ "custom_views": [j] })))
}

/// `GET /{module}[?cvid=]`: the view's records when `cvid` names one of the module's seeded
/// views; otherwise the listing as without it.
pub fn records(state: &OrgState, call: &Call<'_>, module: &str) -> ApiResult {
    let view = call.param("cvid").and_then(|c| find(state, module, &c));
    let f = view.as_ref().and_then(|v| filter(state, module, v));
    super::browse::list_where(state, call, module, |r| keeps(&f, r))
}
