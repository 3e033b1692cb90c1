//! `zcrm-tui delete-roles ...`: role definitions (`Contacts/roles`), or with `--deal` the
//! contacts' roles on one deal (`Deals/{id}/Contact_Roles`, a removal on the deal's related
//! list, so it is checked, journaled and undone as a delink is).

use crate::cli::{ConnectArgs, DeleteRolesArgs};
use crate::zoho::CONTACT_ROLES;

use super::exit::CliError;
use super::operation::Operation;
use super::{ids, removal};

pub async fn run(args: DeleteRolesArgs, outer: &ConnectArgs) -> Result<u8, CliError> {
    let (op, (ids, ids_from_stdin)) = match &args.deal {
        None => (Operation::DeleteRoles, ids::from_args(&args.ids)?),
        Some(deal) => {
            let record_id = ids::parse_list(deal)
                .ok()
                .filter(|v| v.len() == 1)
                .and_then(|v| v.into_iter().next())
                .ok_or_else(|| {
                    CliError::usage(
                        format!("--deal `{deal}` is not a deal id"),
                        Some("Deal ids are numeric, e.g. 4150868000003384003.".to_string()),
                    )
                })?;
            let ids = match &args.contacts {
                Some(list) => (ids::parse_list(list)?, false),
                None => ids::from_args(&args.ids)?,
            };
            let op = Operation::Delink {
                module: "Deals".into(),
                record_id,
                related_list: CONTACT_ROLES.into(),
            };
            (op, ids)
        }
    };
    removal::run(removal::Request {
        op,
        ids,
        ids_from_stdin,
        flags: args.flags,
        connect: args.connect.merged_over(outer),
    })
    .await
}
