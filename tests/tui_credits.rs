//! Credits left, from Zoho's `X-API-CREDITS-REMAINING` (sent once half the day's credits are
//! spent), in the status line and the confirm dialog, through the real app and sandbox.

use zcrm_tui::action::Action;
use zcrm_tui::app::Layer;
use zcrm_tui::sandbox::SandboxOptions;

use crate::tui_support;
use tui_support::*;

#[tokio::test]
async fn credits_left_show_once_zoho_sends_them_and_the_dialog_says_them() {
    let (sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    // Under half the budget spent: Zoho says nothing, nor does the app.
    let (used, _) = sb.control().credits().unwrap_or((0, 0));
    sb.control().set_credit_budget(Some(used * 2 + 1_000));
    for _ in 0..6 {
        act(&mut r, &[Action::Reload]).await;
    }
    assert!(r.app.info.credits_left.is_none());
    assert!(!r.screen_text().contains("credits"), "{}", r.screen_text());
    // Past half with the next call: that answer carries the header.
    let (used, _) = sb.control().credits().unwrap();
    assert!(used >= 6);
    sb.control().set_credit_budget(Some(used * 2));
    act(&mut r, &[Action::Reload]).await;
    let (used, budget) = sb.control().credits().unwrap();
    let left = budget - used;
    assert_eq!(r.app.info.credits_left, Some(left));
    let s = r.screen_text();
    assert!(s.contains(&format!("credits {left} left")), "{s}");
    act(&mut r, &[Action::Remove]).await;
    let Some(Layer::Confirm(_)) = r.app.top_layer() else {
        panic!("{}", r.screen_text())
    };
    assert!(
        r.screen_text()
            .contains(&format!("1 API call ({left} credits left)")),
        "{}",
        r.screen_text()
    );
    act(&mut r, &[Action::Esc]).await;
    assert!(writes(&sb).is_empty());
}
