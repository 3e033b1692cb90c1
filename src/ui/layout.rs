//! Where each part of the screen is. Drawing and the mouse both ask here, so a click lands on
//! what was drawn under it.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::Pane;

/// Below this width the pane in use takes most of the room: a name, one value and a whole id
/// need about 45 columns.
pub const NARROW: u16 = 120;
/// From this width the other side has room for its columns too.
pub const WIDE: u16 = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    pub status: Rect,
    /// The four panes together (the journal view covers them and the log).
    pub body: Rect,
    /// The focused record's fields, at 160 columns or more (see `app::preview`).
    pub preview: Option<Rect>,
    pub modules: Rect,
    pub records: Rect,
    pub lists: Rect,
    pub related: Rect,
    pub log: Rect,
    pub footer: Rect,
}

impl Areas {
    pub fn pane(&self, p: Pane) -> Rect {
        match p {
            Pane::Modules => self.modules,
            Pane::Records => self.records,
            Pane::RelatedLists => self.lists,
            Pane::Related => self.related,
            Pane::Log => self.log,
        }
    }

    /// Where `p` draws its rows: inside its borders, below the column header of the record
    /// panes.
    pub fn rows(&self, p: Pane) -> Rect {
        rows_area(self.pane(p), matches!(p, Pane::Records | Pane::Related))
    }

    /// The pane under a point, if any.
    pub fn pane_at(&self, x: u16, y: u16) -> Option<Pane> {
        let p = ratatui::layout::Position::new(x, y);
        Pane::ORDER
            .into_iter()
            .find(|&pane| self.pane(pane).contains(p))
    }
}

/// The screen's parts for a terminal of `area` with `focus` on a pane (the focused side widens),
/// with the side panel when `preview` (it shows from 160 columns).
pub fn areas(area: Rect, focus: Pane, preview: bool) -> Areas {
    let log_height = crate::app::layers::log_height(area.height);
    let [status, body, log, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(log_height),
        Constraint::Length(1),
    ])
    .areas(area);
    let (panes, preview) = if preview && area.width >= crate::app::preview::PREVIEW_MIN_WIDTH {
        let w = (body.width * 3 / 10).clamp(48, 72);
        let [panes, preview] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(w)]).areas(body);
        (panes, Some(preview))
    } else {
        (body, None)
    };
    let right_focused = matches!(focus, Pane::RelatedLists | Pane::Related);
    let (records_share, right_share) = match (panes.width, right_focused) {
        (w, true) if w < NARROW => (1, 2),
        (w, false) if w < NARROW => (3, 1),
        (w, true) if w < WIDE => (1, 2),
        (w, false) if w < WIDE => (2, 1),
        (_, true) => (1, 1),
        _ => (2, 1),
    };
    let modules_width = if panes.width < NARROW { 16 } else { 18 };
    let [modules, records, right] = Layout::horizontal([
        Constraint::Length(modules_width),
        Constraint::Fill(records_share),
        Constraint::Fill(right_share),
    ])
    .areas(panes);
    let [lists, related] =
        Layout::vertical([Constraint::Percentage(40), Constraint::Fill(1)]).areas(right);
    Areas {
        status,
        body,
        preview,
        modules,
        records,
        lists,
        related,
        log,
        footer,
    }
}

/// Inside a pane's borders: the rows' area, below the column header when there is one.
pub fn rows_area(pane: Rect, header: bool) -> Rect {
    let inner = Rect {
        x: pane.x.saturating_add(1),
        y: pane.y.saturating_add(1),
        width: pane.width.saturating_sub(2),
        height: pane.height.saturating_sub(2),
    };
    if header && inner.height > 1 {
        Rect {
            y: inner.y + 1,
            height: inner.height - 1,
            ..inner
        }
    } else {
        inner
    }
}
