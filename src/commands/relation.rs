//! Before a delink is asked about or sent: does the related list exist, and can the API delink
//! its relations? Read from the related-list metadata, as the TUI does, and refused in the TUI's
//! words (`zoho::cannot_delink_why`), with nothing sent.

use crate::zoho::{RelatedListInfo, ZohoClient, cannot_delink_why};

use super::exit::CliError;

/// The related list `related_list` of `module`, when the API can delink its relations; else
/// a usage error (exit 2). A metadata read that fails is an error too: without it nothing
/// proves the delink can work, and nothing has been sent yet.
pub async fn delinkable(
    client: &ZohoClient,
    module: &str,
    related_list: &str,
) -> Result<RelatedListInfo, CliError> {
    let lists = client.related_lists(module).await.map_err(|e| {
        let mut c = CliError::from(e);
        c.message = format!(
            "cannot read the related lists of {module} to check the delink; nothing was sent: {}",
            c.message
        );
        c
    })?;
    let Some(list) = lists
        .iter()
        .find(|l| l.api_name.eq_ignore_ascii_case(related_list))
        .cloned()
    else {
        let names: Vec<&str> = lists.iter().map(|l| l.api_name.as_str()).collect();
        return Err(CliError::usage(
            format!("{module} has no related list `{related_list}`; nothing was sent"),
            Some(if names.is_empty() {
                format!("{module} has no related lists at all.")
            } else {
                format!("Its related lists: {}.", names.join(", "))
            }),
        ));
    };
    if list.can_delink {
        return Ok(list);
    }
    let plural = plural_label(client, module).await;
    let can: Vec<&str> = lists
        .iter()
        .filter(|l| l.can_delink)
        .map(|l| l.api_name.as_str())
        .collect();
    Err(CliError::usage(
        format!(
            "{}; nothing was sent",
            cannot_delink_why(module, &list.api_name, &list.display_label, &plural)
        ),
        Some(if can.is_empty() {
            format!("No related list of {module} can be delinked through the API.")
        } else {
            format!(
                "Related lists of {module} that can be delinked: {}.",
                can.join(", ")
            )
        }),
    ))
}

/// The module's plural label ("Price Books"), or its API name when the modules cannot be read.
async fn plural_label(client: &ZohoClient, module: &str) -> String {
    match client.list_modules().await {
        Ok(mods) => mods
            .into_iter()
            .find(|m| m.api_name.eq_ignore_ascii_case(module))
            .map(|m| m.plural_label)
            .unwrap_or_else(|| module.to_string()),
        Err(e) => {
            tracing::debug!("modules unavailable for the delink refusal: {e}");
            module.to_string()
        }
    }
}
