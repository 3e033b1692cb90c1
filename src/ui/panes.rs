//! The four browsing panes: Modules, Records, Related lists, Related records.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::columns::{header, layout, line, state_text};
use super::layout::Areas;
use super::{fit, theme, window_start};
use crate::app::columns::Column;
use crate::app::sort::Sort;
use crate::app::table::Table;
use crate::app::{App, Pane, Source};
use crate::numbers::thousands;

/// A record pane's columns and order.
type Cols<'a> = Option<(&'a [Column], Option<&'a Sort>)>;

pub fn render(app: &App, f: &mut Frame, at: &Areas) {
    let Areas {
        modules,
        records,
        lists,
        related,
        ..
    } = *at;
    pane(
        app,
        f,
        modules,
        Pane::Modules,
        "Modules".into(),
        &app.panes.modules.table,
        None,
    );
    let records_title = match &app.panes.records.source {
        Some(Source::Module(m)) => m.plural_label.clone(),
        Some(Source::ContactRoles) => "Contact Roles".into(),
        None => "Records".into(),
    };
    pane(
        app,
        f,
        records,
        Pane::Records,
        records_title,
        &app.panes.records.table,
        Some((&app.panes.records.columns, app.panes.records.sort.as_ref())),
    );
    let lists_title = match &app.panes.lists.of {
        Some(r) => format!("Related to {}", r.name),
        None => "Related lists".into(),
    };
    pane(
        app,
        f,
        lists,
        Pane::RelatedLists,
        lists_title,
        &app.panes.lists.table,
        None,
    );
    let related_title = match &app.panes.related.of {
        Some((_, l)) => l.display_label.clone(),
        None => "Related records".into(),
    };
    pane(
        app,
        f,
        related,
        Pane::Related,
        related_title,
        &app.panes.related.table,
        Some((&app.panes.related.columns, app.panes.related.sort.as_ref())),
    );
}

/// "(400)" when complete, "(200+)" while the server has more; with the cursor's position in
/// the record panes ("(200/400)"), so `G` shows where it landed.
fn count(t: &Table, position: bool) -> String {
    let n = t.visible_len();
    let more = match (t.next.is_some(), t.capped) {
        (true, _) => "+",
        (false, Some(_)) => " first: search stops at 2,000",
        (false, None) => "",
    };
    if position && n > 0 {
        format!("{}/{n}{more}", t.cursor + 1)
    } else {
        format!("{n}{more}")
    }
}

fn pane(app: &App, f: &mut Frame, area: Rect, which: Pane, title: String, t: &Table, cols: Cols) {
    let focused = app.focus == which;
    let marks = cols.is_some();
    let mut spans = vec![Span::raw(format!(" {title} ({}) ", count(t, marks)))];
    if !t.filter.is_empty() {
        let how = if t.server_filter { "search" } else { "filter" };
        spans.push(Span::styled(
            format!("{how}: {} ", t.filter),
            theme::warn(app),
        ));
    }
    if let Some((_, Some(sort))) = cols {
        spans.push(Span::styled(
            format!("sort {} ", sort.describe()),
            theme::dim(app),
        ));
    }
    let by_query = (which == Pane::Records)
        .then_some(app.panes.records.query.as_ref())
        .flatten();
    let all = by_query.is_some_and(|q| q.all);
    if let Some(q) = by_query {
        spans.push(if q.all {
            Span::styled(
                format!("{} selected (by query) ", thousands(q.count)),
                theme::selected(app),
            )
        } else {
            Span::styled(format!("{} match ", thousands(q.count)), theme::warn(app))
        });
        spans.push(Span::raw(format!("{} ", q.label)));
    }
    if !t.selected.is_empty() && !all {
        spans.push(Span::styled(
            format!("{} sel ", t.selected.len()),
            theme::selected(app),
        ));
    }
    if !t.removing.is_empty() {
        spans.push(Span::styled(
            format!("{} removing ", t.removing.len()),
            theme::dim(app),
        ));
    }
    let Some(inner) = super::framed(
        app,
        f,
        area,
        spans,
        t.loading.is_some(),
        focused,
        t.error.as_deref(),
    ) else {
        return;
    };
    let vis = t.visible();
    if vis.is_empty() {
        let msg = empty_text(app, which, t);
        f.render_widget(
            Paragraph::new(msg)
                .style(theme::dim(app))
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let mark_w = if marks { 2 } else { 0 };
    let w = inner.width as usize;
    let mut h = inner.height as usize;
    let mut area = inner;
    let mut lay = None;
    if let Some((columns, sort)) = cols
        && !columns.is_empty()
        && h > 1
    {
        // The header takes a line; the rows below it scroll.
        h -= 1;
        let start = window_start(t.cursor, h);
        let window: Vec<usize> = vis.iter().skip(start).take(h).copied().collect();
        let sorted = sort.map(|s| (s.column, s.descending));
        let l = layout(
            columns,
            t,
            &window,
            w.saturating_sub(mark_w),
            sorted.map(|s| s.0),
        );
        let text = format!("{}{}", " ".repeat(mark_w), header(columns, &l, sorted));
        let head = Rect { height: 1, ..inner };
        f.render_widget(
            Paragraph::new(Line::from(fit(&text, w))).style(theme::dim(app)),
            head,
        );
        area = Rect {
            y: inner.y + 1,
            height: inner.height - 1,
            ..inner
        };
        lay = Some((columns, l));
    }
    let start = window_start(t.cursor, h);
    let lines: Vec<Line> = vis
        .iter()
        .enumerate()
        .skip(start)
        .take(h)
        .map(|(pos, &i)| {
            let row = &t.rows[i];
            let sel = all || t.selected.contains_key(&row.id);
            let removing = t.removing.contains(&row.id);
            let failed = t.failed.get(&row.id);
            let mark: String = match (marks, removing, sel) {
                (false, _, _) => String::new(),
                (true, true, _) => {
                    format!("{} ", super::SPINNER[app.spinner % super::SPINNER.len()])
                }
                (true, false, true) => "● ".into(),
                (true, false, false) => "  ".into(),
            };
            let rest = w.saturating_sub(mark_w);
            let text = match &lay {
                Some((columns, l)) => fit(&line(columns, l, row, &state_text(t, row)), rest),
                None => fit(&row.name, rest),
            };
            let mut style = ratatui::style::Style::new();
            if sel {
                style = theme::selected(app);
            }
            if failed.is_some() {
                style = theme::failed(app);
            } else if row.lock.is_some() {
                style = style.patch(theme::warn(app));
            }
            if removing {
                style = theme::dim(app);
            }
            if pos == t.cursor {
                style = style.patch(theme::cursor(app, focused));
            }
            Line::from(vec![Span::raw(mark), Span::raw(text)]).style(style)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}

/// What an empty pane says: what is empty, or why, and what to do.
fn empty_text(app: &App, which: Pane, t: &Table) -> String {
    if t.loading.is_some() {
        return "loading… (Esc abandons)".into();
    }
    if t.abandoned {
        return "Load abandoned: r reloads".into();
    }
    if !t.filter.is_empty() {
        return format!("Nothing matches '{}' (Esc clears)", t.filter);
    }
    let p = &app.panes;
    match which {
        Pane::Modules => "No module the API can delete from".into(),
        Pane::Records => match &p.records.source {
            None => "Enter on a module".into(),
            Some(Source::Module(m)) => match &p.records.query {
                Some(q) => format!(
                    "No {} match {} (Esc: every record)",
                    m.plural_label, q.label
                ),
                None => format!("No {} in this org", m.plural_label),
            },
            Some(Source::ContactRoles) => "No contact roles in this org".into(),
        },
        Pane::RelatedLists => match &p.lists.of {
            None => "Enter on a record".into(),
            Some(r) => format!("{} has no related lists", r.name),
        },
        Pane::Related => match &p.related.of {
            None => "Enter on a related list".into(),
            Some((r, l)) => format!("No {} related to {}", l.display_label, r.name),
        },
        Pane::Log => String::new(),
    }
}
