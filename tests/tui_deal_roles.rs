//! Deals > a deal > Contact Roles in the real app against the sandbox: each contact shows with
//! its role, `d` removes the selected one through the dialog, and `u` re-adds it with its role.

use zcrm_tui::action::Action;
use zcrm_tui::app::Pane;
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::zoho::{ClientConfig, ZohoClient};

use crate::tui_support;
use tui_support::*;

fn client(sb: &Sandbox) -> ZohoClient {
    ZohoClient::new(ClientConfig {
        endpoints: sb.endpoints(),
        api_version: 8,
        credentials: sb.credentials(),
        concurrency: 2,
    })
    .unwrap()
}

#[tokio::test]
async fn a_contact_role_removed_from_a_deal_is_re_added_with_its_role_by_u() {
    let (sb, mut r, _journal) = start(160, 40, SandboxOptions::default()).await;
    let ctl = sb.control();
    let deal = ctl
        .record_ids("Deals")
        .into_iter()
        .find(|d| !ctl.related_ids("Deals", d, "Contact_Roles").is_empty())
        .expect("the seed gives some deal contact roles");
    let http = client(&sb);
    let roles_before = http.deal_contact_roles(&deal).await.unwrap();

    goto(&mut r, "Deals");
    act(&mut r, &[Action::Enter]).await;
    goto_id(&mut r, &deal);
    let deal_name = r.app.panes.records.table.focused().unwrap().name.clone();
    act(&mut r, &[Action::Enter]).await;
    goto(&mut r, "Contact Roles");
    act(&mut r, &[Action::Enter]).await;
    let contact = r.app.panes.related.table.focused().unwrap().id.clone();
    let role = roles_before
        .iter()
        .find(|c| c.id == contact)
        .and_then(|c| c.fields.get("Contact_Role").cloned())
        .expect("the contact has a role on the deal");
    let role_name = role["name"].as_str().unwrap().to_string();
    // Each contact is listed with its role.
    let s = r.screen_text();
    assert!(s.contains("Contact Role"), "the role column: {s}");
    assert!(s.contains(&role_name), "{role_name}: {s}");

    let before = writes(&sb).len();
    act(&mut r, &[Action::Remove]).await;
    let s = r.screen_text();
    assert!(
        s.contains(&format!("Remove 1 contact role from Deal '{deal_name}'")),
        "{s}"
    );
    assert!(s.contains("u re-adds them with their roles"), "{s}");
    act(&mut r, &[Action::Yes]).await;
    let sent: Vec<_> = writes(&sb).into_iter().skip(before).collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].method, "DELETE");
    assert_eq!(
        sent[0].path,
        format!("/crm/v8/Deals/{deal}/Contact_Roles/{contact}")
    );
    assert!(!ctl.is_related("Deals", &deal, "Contact_Roles", &contact));
    assert!(ctl.record_exists("Contacts", &contact), "the contact stays");

    // u on the log line: the same dialog, then one PUT with the contact's role.
    r.app.focus = Pane::Log;
    act(&mut r, &[Action::Undo]).await;
    let s = r.screen_text();
    assert!(
        s.contains(&format!("Re-add 1 contact role to Deal '{deal_name}'")),
        "{s}"
    );
    let before = writes(&sb).len();
    act(&mut r, &[Action::Yes]).await;
    let sent: Vec<_> = writes(&sb).into_iter().skip(before).collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].method, "PUT");
    assert!(ctl.is_related("Deals", &deal, "Contact_Roles", &contact));
    let after = http.deal_contact_roles(&deal).await.unwrap();
    let back = after
        .iter()
        .find(|c| c.id == contact)
        .and_then(|c| c.fields.get("Contact_Role").cloned());
    assert_eq!(back, Some(role), "re-added with its role");
    // The pane was read again: the contact and its role are shown.
    let s = r.screen_text();
    assert!(s.contains(&role_name), "{s}");
}
