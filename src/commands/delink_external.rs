//! `zcrm-tui delink-external MODULE EXT_FIELD EXT_VALUE RELATED_LIST RELATED_EXT_VALUE`

use crate::cli::{ConnectArgs, DelinkExternalArgs};
use crate::zoho::ExternalDelink;

use super::exit::CliError;
use super::operation::Operation;
use super::removal;

pub async fn run(args: DelinkExternalArgs, outer: &ConnectArgs) -> Result<u8, CliError> {
    let module = super::module_name(&args.module)?;
    let external_field = super::module_name(&args.ext_field)?;
    let related_list = super::module_name(&args.related_list)?;
    for (name, v) in [
        ("EXT_VALUE", &args.ext_value),
        ("RELATED_EXT_VALUE", &args.related_ext_value),
    ] {
        if v.trim().is_empty() {
            return Err(CliError::usage(format!("{name} is empty"), None));
        }
    }
    removal::run(removal::Request {
        op: Operation::DelinkExternal(ExternalDelink {
            module,
            external_field,
            external_value: args.ext_value.clone(),
            related_list,
            related_external_value: args.related_ext_value.clone(),
        }),
        ids: vec![args.related_ext_value],
        ids_from_stdin: false,
        flags: args.flags,
        connect: args.connect.merged_over(outer),
    })
    .await
}
