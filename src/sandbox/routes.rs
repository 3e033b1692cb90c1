//! The `/crm/{version}/...` route table: which path is which API, which methods it takes, which
//! scope and permission it needs. Handlers live in `remove`, `browse` and `undo`.

use axum::http::Method;

use super::auth::{Need, Op, TokenInfo, scopes_cover};
use super::call::{Call, split_ids};
use super::reply::{ApiError, ApiResult};
use super::state::OrgState;
use super::{browse, coql, custom_views, remove, search, settings, undo, update};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Modules,
    ModuleOne(String),
    RelatedLists,
    Fields,
    RecycleBin,
    RecycleBinOne(String),
    RestoreMany,
    RestoreOne(String),
    Org,
    Users,
    Roles,
    Role(String),
    Records(String),
    Search(String),
    Count(String),
    Deleted(String),
    Record(String, String),
    Related(String, String, String),
    RelatedOne(String, String, String, String),
    Coql,
    CustomViews,
    CustomView(String),
}

/// `v2`..`v8` (and `v2.1`); anything else is not an API path.
pub fn parse_version(seg: &str) -> Option<u32> {
    let n = seg.strip_prefix('v')?;
    let n = n.strip_suffix(".1").unwrap_or(n);
    let v: u32 = n.parse().ok()?;
    (2..=8).contains(&v).then_some(v)
}

/// Segments after `/crm/{version}/`, already percent-decoded.
pub fn parse(segs: &[String], version: u32) -> Option<Route> {
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    let route = match s.as_slice() {
        ["settings", "modules"] => Route::Modules,
        ["settings", "modules", m] => Route::ModuleOne(m.to_string()),
        ["settings", "related_lists"] => Route::RelatedLists,
        ["settings", "fields"] => Route::Fields,
        ["settings", "recycle_bin"] => Route::RecycleBin,
        ["settings", "recycle_bin", id] => Route::RecycleBinOne(id.to_string()),
        // Restoring from the bin through the API is new in v8.
        ["settings", "recycle_bin", "actions", "restore"] if version >= 8 => Route::RestoreMany,
        ["settings", "recycle_bin", id, "actions", "restore"] if version >= 8 => {
            Route::RestoreOne(id.to_string())
        }
        ["settings", "custom_views"] => Route::CustomViews,
        ["settings", "custom_views", id] => Route::CustomView(id.to_string()),
        ["settings", ..] => return None,
        ["coql"] => Route::Coql,
        ["org"] => Route::Org,
        ["users"] => Route::Users,
        [m, "roles"] if m.eq_ignore_ascii_case("Contacts") => Route::Roles,
        [m, "roles", id] if m.eq_ignore_ascii_case("Contacts") => Route::Role(id.to_string()),
        [m] => Route::Records(m.to_string()),
        [m, "search"] => Route::Search(m.to_string()),
        [m, "actions", "count"] => Route::Count(m.to_string()),
        [m, "deleted"] => Route::Deleted(m.to_string()),
        [m, id] => Route::Record(m.to_string(), id.to_string()),
        [m, id, rl] => Route::Related(m.to_string(), id.to_string(), rl.to_string()),
        [m, id, rl, rid] => Route::RelatedOne(
            m.to_string(),
            id.to_string(),
            rl.to_string(),
            rid.to_string(),
        ),
        _ => return None,
    };
    if s.iter().any(|x| x.is_empty()) {
        return None;
    }
    Some(route)
}

/// How many ids a call carries: those in `?ids=`, 1 for a path naming one target, else 0.
pub fn ids_carried(route: Option<&Route>, ids_param: Option<&str>) -> usize {
    if let Some(ids) = ids_param {
        return split_ids(ids).len();
    }
    match route {
        Some(Route::Record(..) | Route::RelatedOne(..) | Route::Role(_) | Route::RestoreOne(_)) => {
            1
        }
        _ => 0,
    }
}

impl Route {
    fn methods(&self) -> &'static [Method] {
        match self {
            Route::Modules
            | Route::ModuleOne(_)
            | Route::RelatedLists
            | Route::Fields
            | Route::Org
            | Route::Users
            | Route::Search(_)
            | Route::Count(_)
            | Route::Deleted(_)
            | Route::CustomViews
            | Route::CustomView(_) => &[Method::GET],
            Route::RestoreMany | Route::RestoreOne(_) | Route::Coql => &[Method::POST],
            Route::Records(_) | Route::Record(..) => &[Method::GET, Method::DELETE, Method::PUT],
            Route::RecycleBin | Route::RecycleBinOne(_) | Route::Roles | Route::Role(_) => {
                &[Method::GET, Method::DELETE]
            }
            Route::Related(..) | Route::RelatedOne(..) => {
                &[Method::GET, Method::DELETE, Method::PUT]
            }
        }
    }

    fn module(&self) -> Option<&str> {
        match self {
            Route::Records(m)
            | Route::Search(m)
            | Route::Count(m)
            | Route::Deleted(m)
            | Route::Record(m, _)
            | Route::Related(m, ..)
            | Route::RelatedOne(m, ..) => Some(m),
            _ => None,
        }
    }
}

fn op_of(route: &Route, method: &Method) -> Op {
    match *method {
        Method::DELETE => Op::Delete,
        // COQL "posts" a query that only reads.
        _ if *route == Route::Coql => Op::Read,
        Method::PUT if matches!(route, Route::Records(_) | Route::Record(..)) => Op::Update,
        Method::PUT | Method::POST => Op::Write,
        _ => Op::Read,
    }
}

/// The scope a call needs; `module_scope` is the module's name in scopes, for module routes.
fn scope_needed<'a>(
    route: &Route,
    module_scope: Option<&'a str>,
    op: Op,
) -> Result<Need<'a>, ApiError> {
    Ok(match (route, module_scope) {
        (_, Some(scope)) => {
            // Delink and relink are writes on the relation, not deletes of records; removing a
            // deal's contact roles asks for DELETE itself.
            let op = match (route, op) {
                (Route::Related(..) | Route::RelatedOne(..), Op::Delete)
                    if !deal_contact_roles(route) =>
                {
                    Op::Write
                }
                _ => op,
            };
            Need::Module(scope, op)
        }
        (Route::Modules | Route::ModuleOne(_), _) => Need::Settings("modules", Op::Read),
        (Route::RelatedLists, _) => Need::Settings("related_lists", Op::Read),
        (Route::Fields, _) => Need::Settings("fields", Op::Read),
        (Route::RecycleBin | Route::RecycleBinOne(_), _) => Need::Settings("recycle_bin", op),
        (Route::RestoreMany | Route::RestoreOne(_), _) => Need::Settings("recycle_bin", Op::Write),
        (Route::Org, _) => Need::Top("org", Op::Read),
        (Route::Coql, _) => Need::Top("coql", Op::Read),
        (Route::CustomViews | Route::CustomView(_), _) => Need::Settings("custom_views", Op::Read),
        (Route::Users, _) => Need::Top("users", Op::Read),
        // Contact roles: the seed page asks for ZohoCRM.modules.contacts.{ALL|DELETE}.
        (Route::Roles | Route::Role(_), _) => Need::Module("contacts", op),
        (_, None) => return Err(ApiError::url_pattern()),
    })
}

/// `/Deals/{id}/Contact_Roles[/{contact_id}]`: its pages ask for the contacts scope as well as
/// the deals one.
fn deal_contact_roles(route: &Route) -> bool {
    match route {
        Route::Related(m, _, rl) | Route::RelatedOne(m, _, rl, _) => {
            m.eq_ignore_ascii_case("Deals") && rl.eq_ignore_ascii_case("Contact_Roles")
        }
        _ => false,
    }
}

/// NO_PERMISSION for a user whose profile may only read, naming the missing permission.
fn refusal(route: &Route, module: &str, op: Op) -> ApiError {
    let (perm, msg) = match (route, op) {
        (
            Route::RestoreMany | Route::RestoreOne(_) | Route::RecycleBin | Route::RecycleBinOne(_),
            _,
        ) => ("Crm_Implied_Recycle_Bin".to_string(), "permission denied"),
        (Route::Roles | Route::Role(_), _) => (
            "Crm_Implied_Manage_Contact_Roles".to_string(),
            "Permission denied to delete records",
        ),
        (_, Op::Update) => (
            format!("Crm_Implied_Edit_{module}"),
            "Permission denied to update records",
        ),
        (Route::Related(..) | Route::RelatedOne(..), Op::Write) => (
            format!("Crm_Implied_Edit_{module}"),
            "Permission denied to update records",
        ),
        (Route::Related(..) | Route::RelatedOne(..), _) => (
            format!("Crm_Implied_Edit_{module}"),
            "Permission denied to delete records",
        ),
        _ => (
            format!("Crm_Implied_Delete_{module}"),
            "Permission denied to delete",
        ),
    };
    ApiError::no_permission(perm, msg)
}

/// Routing, method, module, scope and permission checks, then the handler.
pub fn handle(
    state: &mut OrgState,
    token: &TokenInfo,
    call: &Call<'_>,
    route: Option<Route>,
) -> ApiResult {
    let route = route.ok_or_else(ApiError::url_pattern)?;
    if !route.methods().contains(call.method) {
        return Err(ApiError::method());
    }
    let op = op_of(&route, call.method);
    // Module routes: canonical name, existence, API support.
    let module = match route.module() {
        Some(name) => {
            let meta = state
                .module(name)
                .ok_or_else(|| ApiError::invalid_module(0))?;
            if !meta.api_supported {
                return Err(ApiError::unsupported_module(0));
            }
            Some((meta.api_name.clone(), meta.scope_name.clone()))
        }
        None => None,
    };
    let need = scope_needed(&route, module.as_ref().map(|(_, s)| s.as_str()), op)?;
    let role_read_ok = matches!(route, Route::Roles | Route::Role(_))
        && op == Op::Read
        && scopes_cover(&token.scopes, Need::Settings("contact_roles", Op::Read));
    if !scopes_cover(&token.scopes, need) && !role_read_ok {
        return Err(ApiError::scope_mismatch());
    }
    if deal_contact_roles(&route) && !scopes_cover(&token.scopes, Need::Module("contacts", op)) {
        return Err(ApiError::scope_mismatch());
    }
    if op != Op::Read && !call.user.can_delete {
        let what = module.as_ref().map_or("Contacts", |(m, _)| m.as_str());
        return Err(refusal(&route, what, op));
    }
    let m = module.map(|(m, _)| m).unwrap_or_default();
    match (route, call.method.clone()) {
        (Route::Modules, _) => settings::modules(state),
        (Route::ModuleOne(name), _) => settings::module_one(state, &name),
        (Route::RelatedLists, _) => settings::related_lists(state, call),
        (Route::Fields, _) => settings::fields(state, call),
        (Route::RecycleBin, Method::GET) => browse::recycle_bin(state, call),
        (Route::RecycleBin, _) => undo::purge(state, call, None),
        (Route::RecycleBinOne(id), Method::GET) => undo::bin_one(state, &id),
        (Route::RecycleBinOne(id), _) => undo::purge(state, call, Some(id)),
        (Route::RestoreMany, _) => undo::restore_many(state, call),
        (Route::RestoreOne(id), _) => undo::restore_one(state, &id),
        (Route::Org, _) => settings::org(state),
        (Route::Coql, _) => coql::handle(state, call, &token.scopes),
        (Route::CustomViews, _) => custom_views::list(state, call),
        (Route::CustomView(id), _) => custom_views::one(state, call, &id),
        (Route::Users, _) => settings::users(state, call),
        (Route::Roles, Method::GET) => settings::roles(state),
        (Route::Role(id), Method::GET) => settings::role(state, &id),
        (Route::Roles, _) => remove::delete_roles(state, call, None),
        (Route::Role(id), _) => remove::delete_roles(state, call, Some(id)),
        (Route::Records(_), Method::GET) => custom_views::records(state, call, &m),
        (Route::Records(_), Method::PUT) => update::update(state, call, &m, None),
        (Route::Record(_, id), Method::PUT) => update::update(state, call, &m, Some(id)),
        (Route::Records(_), _) => remove::delete_records(state, call, &m, None),
        (Route::Search(_), _) => browse::search(state, call, &m),
        (Route::Count(_), _) => search::count(state, call, &m),
        (Route::Deleted(_), _) => browse::deleted(state, call, &m),
        (Route::Record(_, id), Method::GET) => browse::record(state, call, &m, &id),
        (Route::Record(_, id), _) => remove::delete_records(state, call, &m, Some(id)),
        (Route::Related(_, id, rl), Method::GET) => {
            browse::related(state, call, &m, &id, &rl, None)
        }
        (Route::RelatedOne(_, id, rl, rid), Method::GET) => {
            browse::related(state, call, &m, &id, &rl, Some(&rid))
        }
        (Route::Related(_, id, rl), Method::PUT) => undo::relink(state, call, &m, &id, &rl, None),
        (Route::RelatedOne(_, id, rl, rid), Method::PUT) => {
            undo::relink(state, call, &m, &id, &rl, Some(rid))
        }
        (Route::Related(_, id, rl), _) => remove::delink(state, call, &m, &id, &rl, None),
        (Route::RelatedOne(_, id, rl, rid), _) => {
            remove::delink(state, call, &m, &id, &rl, Some(rid))
        }
    }
}
