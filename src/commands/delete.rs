//! `zcrm-tui delete MODULE ...`: by ids, or every record a query selects; `--plan` writes the
//! removal to a file instead of running it.

use crate::cli::{ConnectArgs, DeleteArgs};
use crate::journal::Selection;
use crate::zoho::query::Selector;

use super::exit::{CliError, SUCCESS};
use super::operation::Operation;
use super::removal::{self, Chosen, Ready};
use super::{connect, dry_run, ids, plan_file, select};

pub async fn run(args: DeleteArgs, outer: &ConnectArgs) -> Result<u8, CliError> {
    let module = super::module_name(&args.module)?;
    let op = Operation::Delete {
        module: module.clone(),
        wf_trigger: args.wf_trigger,
    };
    let connect = args.connect.clone().merged_over(outer);
    if let Some(sel) = select::selector(&args.query)? {
        return by_query(args, op, sel, connect).await;
    }
    let given = &args.ids;
    if given.ids.is_none() && given.ids_file.is_none() && given.stdin.is_none() {
        return Err(CliError::usage(
            "no ids given (nor a query); nothing was sent",
            Some(
                "Give ids (--ids a,b, --ids-file FILE or `-` for standard input) or a query \
                 (--where CLAUSE, --criteria CRITERIA or --cvid ID)."
                    .to_string(),
            ),
        ));
    }
    let (ids, ids_from_stdin) = ids::from_args(given)?;
    if let Some(path) = &args.plan.plan {
        let conn = connect::target(&connect)?.connect().await?;
        let result =
            plan_file::from_ids(&conn, &op, &ids, path, args.plan.force, args.flags.json).await;
        conn.close().await;
        return result;
    }
    removal::run(removal::Request {
        op,
        ids,
        ids_from_stdin,
        flags: args.flags,
        connect,
    })
    .await
}

/// The records a query selects: counted and sampled (dry run), written to a plan, or read
/// whole and removed once confirmed.
async fn by_query(
    args: DeleteArgs,
    op: Operation,
    sel: Selector,
    connect: ConnectArgs,
) -> Result<u8, CliError> {
    let module = args.module.trim().to_string();
    // Configuration problems are reported before anything is sent.
    let conn = connect::target(&connect)?.connect().await?;
    if args.flags.dry_run {
        let result = dry_run::query::resolve(&conn.client, &module, &sel).await;
        conn.close().await;
        let dry = result?;
        removal::print_stdout(&if args.flags.json {
            dry_run::query::json(&op, &dry)
        } else {
            dry_run::query::human(&op, &dry)
        });
        return Ok(SUCCESS);
    }
    let fields = crate::plan::plan_fields(&module);
    let (matched, records) = match select::read_all(&conn.client, &module, &sel, &fields).await {
        Ok(r) => r,
        Err(e) => {
            conn.close().await;
            return Err(e);
        }
    };
    if let Some(path) = &args.plan.plan {
        let result = plan_file::write_records(
            &conn,
            &op,
            (Some(sel), Some(matched)),
            &records,
            path,
            args.plan.force,
            args.flags.json,
        )
        .await;
        conn.close().await;
        return result;
    }
    if records.is_empty() {
        conn.close().await;
        removal::print_stdout(&if args.flags.json {
            let none = crate::zoho::RemovalReport {
                outcomes: Vec::new(),
                calls: 0,
            };
            super::output::json_report(&op, &none, None)
        } else {
            format!("No {module} {}; nothing was sent.\n", select::phrase(&sel))
        });
        return Ok(SUCCESS);
    }
    let described = select::phrase(&sel);
    removal::confirm_and_execute(
        removal::Request {
            op,
            ids: records.into_iter().map(|r| r.id).collect(),
            ids_from_stdin: false,
            flags: args.flags,
            connect,
        },
        Ready::Connected(conn),
        Chosen {
            selection: Some(Selection {
                query: Some(sel),
                matched: Some(matched),
                plan: None,
            }),
            described: Some(described),
            ..Chosen::default()
        },
    )
    .await
}
