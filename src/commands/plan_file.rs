//! `delete ... --plan FILE`: the records read with their names and `Modified_Time`, written as
//! a plan (see `crate::plan`); nothing is removed.

use std::collections::HashSet;
use std::path::Path;

use serde_json::json;

use crate::plan::{self, Plan, PlanOperation};
use crate::text::json_line;
use crate::zoho::Record;
use crate::zoho::query::Selector;

use super::connect::Connection;
use super::exit::{CliError, FAILURES, SUCCESS};
use super::operation::Operation;
use super::removal::print_stdout;

/// A plan of the given ids: those that exist go in it; the others are named on stderr (exit 1).
pub async fn from_ids(
    conn: &Connection,
    op: &Operation,
    ids: &[String],
    path: &Path,
    force: bool,
    json: bool,
) -> Result<u8, CliError> {
    let module = plan_operation(op)?.module().to_string();
    let records = conn
        .client
        .records_by_ids(&module, ids, &plan::plan_fields(&module))
        .await
        .map_err(|e| {
            let mut c = CliError::from(e);
            c.message = format!(
                "the records could not be read: {}; no plan was written",
                c.message
            );
            c
        })?;
    let found: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !found.contains(id.as_str()))
        .collect();
    for id in &missing {
        eprintln!("not in the plan: {id} (not found)");
    }
    // `records_by_ids` answers in the order the admin gave the ids.
    if records.is_empty() {
        return Err(CliError::failed(
            "none of the ids was found; no plan was written",
            Some("Check the module and the ids, e.g. with --dry-run.".to_string()),
        ));
    }
    let status = write_records(conn, op, (None, None), &records, path, force, json).await?;
    Ok(if missing.is_empty() { status } else { FAILURES })
}

/// Writes the plan of `records` to `path` and says so (text or one JSON object).
pub async fn write_records(
    conn: &Connection,
    op: &Operation,
    (query, matched): (Option<Selector>, Option<u64>),
    records: &[Record],
    path: &Path,
    force: bool,
    json: bool,
) -> Result<u8, CliError> {
    if records.is_empty() {
        return Err(CliError::failed(
            format!(
                "no {} {}; no plan was written",
                op.items(0),
                query
                    .as_ref()
                    .map(super::select::phrase)
                    .unwrap_or_default()
            ),
            None,
        ));
    }
    let plan = Plan::of_client(
        &conn.client,
        &conn.profile,
        plan_operation(op)?,
        (query, matched),
        records,
    )
    .await;
    plan::write(path, &plan, force).map_err(|e| CliError::usage(e.to_string(), Some(e.hint())))?;
    let text = if json {
        let mut v = json!({
            "plan_id": plan.plan_id, "file": path.display().to_string(), "count": plan.count,
            "module": plan.operation.module(), "profile": plan.profile,
        });
        if let (Some(q), Some(m)) = (&plan.query, v.as_object_mut()) {
            m.insert("query".into(), json!(q));
            m.insert("matched".into(), json!(plan.matched));
        }
        format!("{}\n", json_line(&json!({ "plan": v })))
    } else {
        let what = op.describe(plan.count);
        let query = plan
            .query
            .as_ref()
            .map(|q| format!(" {}", super::select::phrase(q)))
            .unwrap_or_default();
        format!(
            "Plan {} written to {}: {what}{query}. Nothing was removed.\n\
             Review it, then: zcrm-tui apply {}\n",
            plan.plan_id,
            path.display(),
            path.display()
        )
    };
    print_stdout(&text);
    Ok(SUCCESS)
}

fn plan_operation(op: &Operation) -> Result<PlanOperation, CliError> {
    match op {
        Operation::Delete { module, wf_trigger } => Ok(PlanOperation::Delete {
            module: module.clone(),
            wf_trigger: *wf_trigger,
        }),
        _ => Err(CliError::usage("only deletes can be planned", None)),
    }
}
