//! The confirm dialog (k9s style): what, how many, which records, workflow setting; Cancel first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{centered, fit, theme};
use crate::app::App;
use crate::app::confirm::{ConfirmDialog, what_happens};
use crate::numbers::thousands;

/// What it is, where it goes, what follows from it, and what will fail: before the records.
fn head(app: &App, d: &ConfirmDialog) -> Vec<Line<'static>> {
    let mut head = vec![
        Line::from(Span::styled(
            format!("{}?", d.title),
            Style::new().add_modifier(Modifier::BOLD),
        )),
        Line::from(vec![
            Span::raw("In "),
            Span::styled(
                super::status::profile_label(app),
                if app.info.production {
                    theme::production(app)
                } else {
                    Style::new()
                },
            ),
            Span::raw(format!(
                " @ {} · {}{}",
                super::host(&app.org),
                calls_text(d),
                app.info.credits_left.map_or(String::new(), |n| format!(
                    " ({} credits left)",
                    super::status::thousands(n)
                ))
            )),
        ]),
    ];
    head.extend(matching_lines(d));
    let mut info = Vec::new();
    if let Some(wf) = d.wf_trigger {
        info.push(if wf {
            "Workflow triggers: ON (workflow rules will run; w toggles before d)".to_string()
        } else {
            "Workflow triggers: OFF (no workflow rules will run)".to_string()
        });
    }
    if d.hidden > 0 {
        info.push(format!(
            "⚠ {} of them currently hidden by the filter",
            d.hidden
        ));
    }
    info.extend(lock_warnings(d.locked, d.awaiting));
    head.extend(
        what_happens(&d.work, app.info.api_version)
            .into_iter()
            .map(|s| Line::from(Span::styled(s, theme::dim(app)))),
    );
    head.extend(
        info.into_iter()
            .map(|s| Line::from(Span::styled(s, theme::warn(app)))),
    );
    head
}

/// Where the dialog's parts are: drawing and the mouse both ask here.
pub struct DialogAreas {
    pub rect: Rect,
    head: Rect,
    list: Rect,
    prompt: Rect,
    buttons: Rect,
    pub cancel: Rect,
    pub action: Rect,
}

fn areas(d: &ConfirmDialog, head_rows: usize, area: Rect) -> DialogAreas {
    let width = area.width.saturating_sub(4).min(76);
    let list_rows = d.items.len().min(10) as u16;
    let rect = centered(area, width, list_rows + head_rows as u16 + 6);
    let inner = Block::bordered().inner(rect);
    let [head, list, prompt, buttons] = Layout::vertical([
        Constraint::Length(head_rows as u16),
        Constraint::Fill(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    // "   " + " Cancel " + "   " + " {verb} ", as `render` draws them.
    let verb_w = super::width(&d.operation) as u16 + 2;
    let cancel = Rect {
        x: buttons.x.saturating_add(3),
        width: 8,
        ..buttons
    }
    .intersection(buttons);
    let action = Rect {
        x: buttons.x.saturating_add(14),
        width: verb_w,
        ..buttons
    }
    .intersection(buttons);
    DialogAreas {
        rect,
        head,
        list,
        prompt,
        buttons,
        cancel,
        action,
    }
}

/// The dialog's areas on a screen of `area`, for the mouse.
pub fn dialog_areas(app: &App, d: &ConfirmDialog, area: Rect) -> DialogAreas {
    areas(d, head(app, d).len(), area)
}

pub fn render(app: &App, d: &ConfirmDialog, f: &mut Frame, area: Rect) {
    let head = head(app, d);
    let at = areas(d, head.len(), area);
    let (rect, head_area, list_area, prompt_area, buttons_area) =
        (at.rect, at.head, at.list, at.prompt, at.buttons);
    f.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(format!(" {} ", d.title))
        .border_style(theme::warn(app));
    f.render_widget(block, rect);
    f.render_widget(Paragraph::new(head), head_area);

    let w = list_area.width as usize;
    let h = list_area.height as usize;
    // A list longer than the area gives its last line to where it stands, so the rows shown
    // are one fewer: none hides under that line (the last id is reached by scrolling).
    let overflow = d.items.len() > h && h > 1;
    let rows = if overflow { h - 1 } else { h };
    let start = d.scroll.min(d.items.len().saturating_sub(rows.max(1)));
    // Ids are never cut: the name gives way. The widths were measured as the list was built:
    // a frame touches only the rows it shows.
    let idw = d.items.id_width();
    let rest = w.saturating_sub(idw + 3);
    // The distinguishing values take up to a third of what the ids leave, in one column.
    let dw = if rest < 24 {
        0
    } else {
        d.items.detail_width().min(rest / 3)
    };
    let name_w = rest.saturating_sub(if dw > 0 { dw + 1 } else { 0 });
    let mut lines: Vec<Line> = (start..d.items.len().min(start + rows))
        .filter_map(|i| d.items.get(i))
        .map(|(id, name, detail)| {
            let middle = if dw > 0 {
                format!(" {}", fit(detail, dw))
            } else {
                String::new()
            };
            Line::from(format!(
                "  {}{middle} {}",
                fit(name, name_w),
                fit(id, idw.max(super::width(id)))
            ))
        })
        .collect();
    if overflow {
        let shown = format!(
            " {}-{} of {} (↑↓ scroll)",
            start + 1,
            (start + rows).min(d.items.len()),
            d.items.len()
        );
        lines.push(Line::from(Span::styled(shown, theme::dim(app))));
    }
    f.render_widget(Paragraph::new(lines), list_area);

    let mut prompt = Vec::new();
    if d.needs_typed_count() {
        let field = if d.typing_wrong() {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        prompt.push(Line::from(vec![
            Span::raw(format!("Type {} to confirm, then Enter: ", d.count())),
            Span::styled(format!("[{:<6}]", d.typed.value()), field),
            Span::raw(if d.plannable() { " · P plan" } else { "" }),
        ]));
    } else if d.error.is_none() {
        prompt.push(Line::from(if d.plannable() {
            "y confirms · n or Esc cancels · ←→ switch · Enter presses · P plan"
        } else {
            "y confirms · n or Esc cancels · ←→ switch · Enter presses"
        }));
    }
    if let Some(err) = &d.error {
        prompt.push(Line::from(Span::styled(err.clone(), theme::failed(app))));
    }
    f.render_widget(
        Paragraph::new(prompt).wrap(Wrap { trim: true }),
        prompt_area,
    );
    if d.needs_typed_count() {
        let x = prompt_area.x
            + format!("Type {} to confirm, then Enter: [", d.count()).len() as u16
            + d.typed.visual_cursor() as u16;
        f.set_cursor_position(Position::new(
            x.min(prompt_area.right().saturating_sub(1)),
            prompt_area.y,
        ));
    }

    let on = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
    let off = Style::new();
    let verb = d.operation.clone();
    let buttons = Line::from(vec![
        Span::raw("   "),
        Span::styled(
            " Cancel ",
            if d.focus_confirm || d.typing_wrong() {
                off
            } else {
                on
            },
        ),
        Span::raw("   "),
        Span::styled(format!(" {verb} "), if d.focus_confirm { on } else { off }),
    ]);
    f.render_widget(Paragraph::new(buttons), buttons_area);
}

/// "6 API calls", and for every match of a query, how many of them only read.
fn calls_text(d: &ConfirmDialog) -> String {
    let all = crate::app::panes::plural(d.work.calls(), "API call", "API calls");
    match d.work.read_calls() {
        0 => all,
        reads => format!(
            "{all}: {reads} to read, {} to delete",
            d.work.calls() - reads
        ),
    }
}

/// For every match of a query: the query, and what the sample is (the last ones shown are
/// the last matches only when every match is loaded; the dialog says which).
fn matching_lines(d: &ConfirmDialog) -> Vec<Line<'static>> {
    let Some(m) = &d.matching else {
        return Vec::new();
    };
    let count = d.count();
    let last = d.items.len() - m.first.min(d.items.len());
    let n = thousands(count as u64);
    let mut lines = vec![format!("Every record that matches {}", m.query)];
    lines.push(match (m.loaded == count, last) {
        (true, 0) => format!("All {} shown.", m.first),
        (true, _) => format!("Sample: the first {} and the last {last} of {n}.", m.first),
        (false, 0) => format!("Sample: the first {} of {n}.", m.first),
        (false, _) => format!(
            "Sample: the first {}, then the last {last} loaded (to row {}).",
            m.first,
            thousands(m.loaded as u64)
        ),
    });
    if m.loaded < count {
        lines.push(format!(
            "The other {} are not loaded: they are read once you confirm.",
            thousands((count - m.loaded) as u64)
        ));
    }
    lines.into_iter().map(Line::from).collect()
}

/// "⚠ 2 of them are locked and will fail (RECORD_LOCKED)", a line per kind.
fn lock_warnings(locked: usize, awaiting: usize) -> Vec<String> {
    let them = |n: usize, what: &str, code: &str| {
        let verb = if n == 1 { "is" } else { "are" };
        format!("⚠ {n} of them {verb} {what} and will fail ({code})")
    };
    let mut lines = Vec::new();
    if locked > 0 {
        lines.push(them(locked, "locked", "RECORD_LOCKED"));
    }
    if awaiting > 0 {
        lines.push(them(awaiting, "awaiting approval", "NOT_APPROVED"));
    }
    lines
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::app::confirm::{Listed, Origin};
    use crate::zoho::Removal;

    fn lines(t: &Terminal<TestBackend>) -> Vec<String> {
        let b = t.backend().buffer();
        (0..b.area.height)
            .map(|y| {
                (0..b.area.width)
                    .map(|x| b[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect()
    }

    /// A frame of a 10,000-row dialog measures the rows it shows, yet lays them out by the
    /// widest id and value of all (measured once, as the list was built), far from the screen.
    #[test]
    fn a_frame_measures_only_the_rows_it_shows() {
        let app = crate::app::tests::demo_app();
        let n = 10_000;
        let mut items = Listed::default();
        let mut ids = Vec::new();
        for i in 0..n {
            let (id, detail) = match i {
                5_000 => ("9".repeat(19), "Wide Detail Value".to_string()),
                _ => (format!("{}", 1000 + i), format!("d{i}")),
            };
            items.push(&id, &format!("Name {i}"), &detail);
            ids.push(id);
        }
        let d = ConfirmDialog::new(
            Removal::DeleteContactRoles { ids },
            "Delete",
            "10000 contact roles".into(),
            items,
            0,
            Origin::None,
        );
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        crate::ui::MEASURED.with(|m| m.set(0));
        t.draw(|f| render(&app, &d, f, f.area())).unwrap();
        let measured = crate::ui::MEASURED.with(|m| m.get());
        assert!(measured < 200, "a frame measured {measured} strings");
        let screen = lines(&t);
        let first = screen
            .iter()
            .find(|l| l.contains("Name 0 "))
            .expect("the first row shows");
        // The ids' column is as wide as the widest id (19), right after the values' (17).
        assert!(
            first.contains(&format!("{:<17} {:<19}", "d0", "1000")),
            "{first}"
        );
        assert!(
            screen
                .iter()
                .any(|l| l.contains("1-10 of 10000 (↑↓ scroll)")),
            "{screen:#?}"
        );
    }

    /// Scrolled to its end, a long list shows its last id: the line saying where the list
    /// stands takes a line of its own, never a row's.
    #[test]
    fn the_last_id_of_a_long_list_is_reached_and_the_count_is_exact() {
        let app = crate::app::tests::demo_app();
        let mut items = Listed::default();
        let ids: Vec<String> = (0..25).map(|i| format!("{}", 7000 + i)).collect();
        for (i, id) in ids.iter().enumerate() {
            items.push(id, &format!("Name {i}"), "");
        }
        let mut d = ConfirmDialog::new(
            Removal::DeleteContactRoles { ids: ids.clone() },
            "Delete",
            "25 contact roles".into(),
            items,
            0,
            Origin::None,
        );
        let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
        t.draw(|f| render(&app, &d, f, f.area())).unwrap();
        let screen = lines(&t);
        let shown = |screen: &[String], id: &str| screen.iter().any(|l| l.contains(id));
        let rows = (0..25).filter(|i| shown(&screen, &ids[*i])).count();
        assert!(
            screen
                .iter()
                .any(|l| l.contains(&format!("1-{rows} of 25 (↑↓ scroll)"))),
            "{rows} rows: {screen:#?}"
        );
        d.scroll = usize::MAX / 2;
        t.draw(|f| render(&app, &d, f, f.area())).unwrap();
        let screen = lines(&t);
        assert!(shown(&screen, "7024"), "the last id: {screen:#?}");
        assert!(
            screen
                .iter()
                .any(|l| l.contains(&format!("{}-25 of 25", 26 - rows))),
            "{screen:#?}"
        );
    }
}
