//! `zcrm-tui delete-roles ...`

use crate::cli::{ConnectArgs, DeleteRolesArgs};

use super::exit::CliError;
use super::operation::Operation;
use super::{ids, removal};

pub async fn run(args: DeleteRolesArgs, outer: &ConnectArgs) -> Result<u8, CliError> {
    let (ids, ids_from_stdin) = ids::from_args(&args.ids)?;
    removal::run(removal::Request {
        op: Operation::DeleteRoles,
        ids,
        ids_from_stdin,
        flags: args.flags,
        connect: args.connect.merged_over(outer),
    })
    .await
}
