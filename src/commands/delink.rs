//! `zcrm-tui delink MODULE RECORD_ID RELATED_LIST ...`

use crate::cli::{ConnectArgs, DelinkArgs};

use super::exit::CliError;
use super::operation::Operation;
use super::{ids, removal};

pub async fn run(args: DelinkArgs, outer: &ConnectArgs) -> Result<u8, CliError> {
    let module = super::module_name(&args.module)?;
    let related_list = super::module_name(&args.related_list)?;
    let record_id = ids::parse_list(&args.record_id)
        .ok()
        .filter(|v| v.len() == 1)
        .and_then(|v| v.into_iter().next())
        .ok_or_else(|| {
            CliError::usage(
                format!("RECORD_ID `{}` is not a record id", args.record_id),
                Some("Record ids are numeric, e.g. 3652397000000327001.".to_string()),
            )
        })?;
    let (ids, ids_from_stdin) = ids::from_args(&args.ids)?;
    removal::run(removal::Request {
        op: Operation::Delink {
            module,
            record_id,
            related_list,
        },
        ids,
        ids_from_stdin,
        flags: args.flags,
        connect: args.connect.merged_over(outer),
    })
    .await
}
