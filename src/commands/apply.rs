//! `zcrm-tui apply FILE`: a reviewed plan, run. The plan is read and checked before anything
//! is sent, refused for any org but its own, summarised and confirmed as any removal; then,
//! just before each call, its records' `Modified_Time` is read again and those that changed
//! or vanished since the plan are refused (`CHANGED_SINCE_PLAN`, `GONE_SINCE_PLAN`), never
//! removed.

use std::sync::Arc;

use serde_json::Value;

use crate::cli::{ApplyArgs, ConnectArgs, RemovalFlags};
use crate::journal::Selection;
use crate::plan::{self, Plan, PlanOperation, drift::PlanGate};
use crate::text::strip_controls as clean;
use crate::zoho::{IdOutcome, RemovalReport, client_codes};

use super::connect::{self, Connection};
use super::exit::CliError;
use super::operation::Operation;
use super::removal::{self, Chosen, Ready};

/// How many of the first and last records the summary names.
const SHOWN: usize = 3;

pub async fn run(args: ApplyArgs, outer: &ConnectArgs) -> Result<u8, CliError> {
    let plan = plan::read(&args.file)
        .map_err(|e| CliError::usage(format!("{e}; nothing was sent"), Some(e.hint())))?;
    let connect = args.connect.merged_over(outer);
    let conn = connect::target(&connect)?.connect().await?;
    if let Err(e) = same_org(&conn, &plan).await {
        conn.close().await;
        return Err(e);
    }
    eprint!("{}", summary(&plan));
    let PlanOperation::Delete { module, wf_trigger } = plan.operation.clone();
    let req = removal::Request {
        op: Operation::Delete { module, wf_trigger },
        ids: plan.ids(),
        ids_from_stdin: false,
        flags: RemovalFlags {
            dry_run: false,
            yes: args.yes,
            json: args.json,
        },
        connect,
    };
    let gate = Arc::new(PlanGate::new(conn.client.clone(), &plan));
    let chosen = Chosen {
        selection: Some(Selection {
            query: plan.query.clone(),
            matched: plan.matched.or(Some(plan.count as u64)),
            plan: Some(plan.plan_id.clone()),
        }),
        gate: Some(gate),
        described: Some(format!("from plan {}", plan.plan_id)),
        plan_id: Some(plan.plan_id.clone()),
    };
    removal::confirm_and_execute(req, Ready::Connected(conn), chosen).await
}

/// The plan was made against this connection's org: the same API domain (as the journal
/// tells orgs apart), and the same org id when both sides know it.
async fn same_org(conn: &Connection, plan: &Plan) -> Result<(), CliError> {
    let here = &conn.client.config().endpoints.api_domain;
    let there = &plan.org.api_domain;
    let hint = || {
        Some(
            "Apply a plan with a profile of the org it was made for (the plan names its API \
             domain), or make a new plan against this org."
                .to_string(),
        )
    };
    if crate::journal::same_org(&plan.plan_id, &plan.profile, there, here).is_err() {
        return Err(CliError::usage(
            format!(
                "plan {} was made for the org at {} (profile {}), but this connection goes to \
                 {}; nothing was sent",
                plan.plan_id,
                clean(there),
                clean(&plan.profile),
                clean(here)
            ),
            hint(),
        ));
    }
    if let Some(planned) = &plan.org.org_id {
        let live = conn
            .client
            .org_identity()
            .await
            .map_err(|e| {
                let mut c = CliError::from(e);
                c.message = format!(
                    "the org could not be identified: {}; nothing was sent",
                    c.message
                );
                c
            })?
            .id;
        if let Some(live) = live
            && &live != planned
        {
            return Err(CliError::usage(
                format!(
                    "plan {} was made for org {} but this connection reaches org {}; nothing \
                     was sent",
                    plan.plan_id,
                    clean(planned),
                    clean(&live)
                ),
                hint(),
            ));
        }
    }
    Ok(())
}

/// What the admin confirms: the operation, the query, the count, who made it when, and the
/// first and last records.
pub fn summary(plan: &Plan) -> String {
    let PlanOperation::Delete { module, wf_trigger } = &plan.operation;
    let mut out = format!(
        "Plan {}: delete {} {module} (workflow rules {})\n",
        plan.plan_id,
        crate::numbers::thousands(plan.count as u64),
        if *wf_trigger { "run" } else { "skipped" }
    );
    if let Some(q) = &plan.query {
        let matched = plan
            .matched
            .map(|m| format!(" ({} matched)", crate::numbers::thousands(m)))
            .unwrap_or_default();
        out.push_str(&format!("Query: {}{matched}\n", clean(&q.describe())));
    }
    out.push_str(&format!(
        "Made {} by profile {} for {}{}\n",
        plan.made(),
        clean(&plan.profile),
        clean(&plan.org.api_domain),
        plan.org
            .org_id
            .as_ref()
            .map(|id| format!(" (org {})", clean(id)))
            .unwrap_or_default()
    ));
    let n = plan.records.len();
    let row = |r: &plan::PlanRecord| format!("  {}  {}\n", r.id, clean(&r.name));
    if n <= 2 * SHOWN {
        plan.records.iter().for_each(|r| out.push_str(&row(r)));
    } else {
        plan.records[..SHOWN]
            .iter()
            .for_each(|r| out.push_str(&row(r)));
        out.push_str(&format!("  ... {} more ...\n", n - 2 * SHOWN));
        plan.records[n - SHOWN..]
            .iter()
            .for_each(|r| out.push_str(&row(r)));
    }
    out.push_str(
        "Records changed or deleted since the plan will be kept (each is re-read just before \
         its call).\n",
    );
    out
}

/// Refused since the plan: (changed, gone).
fn refused(report: &RemovalReport) -> (usize, usize) {
    let count = |code: &str| {
        report
            .outcomes
            .iter()
            .filter(|o| matches!(o, IdOutcome::Failed { code: c, .. } if c == code))
            .count()
    };
    (
        count(client_codes::CHANGED_SINCE_PLAN),
        count(client_codes::GONE_SINCE_PLAN),
    )
}

/// "Kept since the plan: 2 changed (CHANGED_SINCE_PLAN), 1 gone (GONE_SINCE_PLAN)".
pub fn refused_line(report: &RemovalReport) -> String {
    let (changed, gone) = refused(report);
    if changed + gone == 0 {
        return "No record changed since the plan.\n".to_string();
    }
    format!(
        "Kept since the plan: {changed} changed ({}), {gone} gone ({})\n",
        client_codes::CHANGED_SINCE_PLAN,
        client_codes::GONE_SINCE_PLAN
    )
}

/// The JSON report with the plan's id and its refusals in the summary (the last line).
pub fn json_noting(text: String, report: &RemovalReport, plan: &str) -> String {
    let (changed, gone) = refused(report);
    let mut lines: Vec<&str> = text.lines().collect();
    let Some(last) = lines.pop() else {
        return text;
    };
    let Ok(mut v) = serde_json::from_str::<Value>(last) else {
        return text;
    };
    if let Some(s) = v.get_mut("summary").and_then(Value::as_object_mut) {
        s.insert("plan_id".into(), plan.into());
        s.insert("changed_since_plan".into(), changed.into());
        s.insert("gone_since_plan".into(), gone.into());
    }
    let mut out: String = lines.iter().map(|l| format!("{l}\n")).collect();
    out.push_str(&crate::text::json_line(&v));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{PlanOrg, PlanRecord};

    fn plan(n: usize) -> Plan {
        let records: Vec<PlanRecord> = (1..=n)
            .map(|i| PlanRecord {
                id: format!("{i}"),
                name: format!("Lead {i}\u{1b}[2J"),
                modified_time: None,
            })
            .collect();
        Plan {
            format: plan::FORMAT,
            plan_id: "plan-x".into(),
            created_at: "2026-12-01T15:40:27Z".into(),
            profile: "prod".into(),
            org: PlanOrg {
                api_domain: "https://www.zohoapis.eu".into(),
                org_id: Some("57".into()),
                ..PlanOrg::default()
            },
            operation: PlanOperation::Delete {
                module: "Leads".into(),
                wf_trigger: false,
            },
            query: Some(crate::zoho::query::Selector::Where("a is null".into())),
            matched: Some(n as u64),
            count: n,
            records,
        }
    }

    #[test]
    fn the_summary_names_the_first_and_last_records_without_control_characters() {
        let s = summary(&plan(8));
        assert!(
            s.starts_with("Plan plan-x: delete 8 Leads (workflow rules skipped)\n"),
            "{s}"
        );
        assert!(s.contains("Query: where a is null (8 matched)\n"), "{s}");
        assert!(
            s.contains(
                "Made 2026-12-01 15:40 UTC by profile prod for https://www.zohoapis.eu (org 57)\n"
            ),
            "{s}"
        );
        assert!(
            s.contains("  3  Lead 3[2J\n  ... 2 more ...\n  6  Lead 6[2J\n"),
            "{s}"
        );
        assert!(!s.contains('\u{1b}'));
        let short = summary(&plan(2));
        assert!(
            short.contains("  1  Lead 1[2J\n  2  Lead 2[2J\n"),
            "{short}"
        );
    }
}
