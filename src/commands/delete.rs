//! `zcrm-tui delete MODULE ...`

use crate::cli::{ConnectArgs, DeleteArgs};

use super::exit::CliError;
use super::operation::Operation;
use super::{ids, removal};

pub async fn run(args: DeleteArgs, outer: &ConnectArgs) -> Result<u8, CliError> {
    let module = super::module_name(&args.module)?;
    let (ids, ids_from_stdin) = ids::from_args(&args.ids)?;
    removal::run(removal::Request {
        op: Operation::Delete {
            module,
            wf_trigger: args.wf_trigger,
        },
        ids,
        ids_from_stdin,
        flags: args.flags,
        connect: args.connect.merged_over(outer),
    })
    .await
}
