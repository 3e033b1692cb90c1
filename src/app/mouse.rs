//! The mouse: a click focuses a pane and moves its cursor to the row under it, the wheel scrolls
//! what is under it. Both go through the same geometry as drawing (`ui::layout`), so a click
//! lands on what was drawn there. Nothing is ever confirmed by a click (see
//! `ConfirmDialog::click`).

use ratatui::layout::{Position, Rect};

use crate::action::Action;
use crate::api_task::ApiCommand;
use crate::ui::layout::areas;

use super::confirm::Outcome;
use super::layers::Layer;
use super::{App, Top};

/// Rows a wheel notch scrolls.
const WHEEL_ROWS: isize = 3;

impl App {
    fn screen(&self) -> Option<Rect> {
        let (w, h) = self.layers.size()?;
        Some(Rect::new(0, 0, w, h))
    }

    /// A click or the wheel, with no layer open or with the top one taken off the stack.
    pub(super) fn mouse(&mut self, action: Action) -> Vec<ApiCommand> {
        let Some(screen) = self.screen() else {
            return Vec::new();
        };
        match (self.top(), action) {
            (Top::TooSmall { .. }, _) => Vec::new(),
            (Top::Layer(Layer::Confirm(_)), Action::Click { x, y }) => {
                self.click_dialog(screen, x, y)
            }
            // Scrolling lists and popups: as their arrow keys.
            (Top::Layer(_), Action::Wheel { down, .. }) => {
                let key = if down { Action::Down } else { Action::Up };
                (0..WHEEL_ROWS)
                    .flat_map(|_| self.update(key.clone()))
                    .collect()
            }
            (Top::Layer(_), _) => Vec::new(),
            (Top::Panes, Action::Click { x, y }) => self.click_panes(screen, x, y),
            (Top::Panes, Action::Wheel { x, y, down }) => {
                let at = areas(screen, self.focus, self.preview_shown());
                match at.pane_at(x, y) {
                    Some(p) if self.filter_input.is_none() => {
                        self.focus = p;
                        self.move_cursor(if down { WHEEL_ROWS } else { -WHEEL_ROWS })
                    }
                    _ => Vec::new(),
                }
            }
            (Top::Panes, _) => Vec::new(),
        }
    }

    fn click_dialog(&mut self, screen: Rect, x: u16, y: u16) -> Vec<ApiCommand> {
        let Some(Layer::Confirm(mut d)) = self.layers.pop() else {
            return Vec::new();
        };
        let at = crate::ui::confirm::dialog_areas(self, &d, screen);
        let p = Position::new(x, y);
        let outcome = if at.cancel.contains(p) {
            d.click(true)
        } else if at.action.contains(p) {
            d.click(false)
        } else {
            Outcome::Open
        };
        match outcome {
            Outcome::Cancelled => self.message = Some("Cancelled: nothing was sent".into()),
            // A click never confirms; should that change, the dialog still stays.
            Outcome::Open | Outcome::Confirmed | Outcome::Plan => {
                self.layers.push(Layer::Confirm(d))
            }
        }
        Vec::new()
    }

    fn click_panes(&mut self, screen: Rect, x: u16, y: u16) -> Vec<ApiCommand> {
        if self.filter_input.is_some() {
            // The filter being typed keeps the keys; Enter or Esc ends it first.
            return Vec::new();
        }
        // Where the rows were drawn: with the focus as it was.
        let at = areas(screen, self.focus, self.preview_shown());
        let Some(pane) = at.pane_at(x, y) else {
            return Vec::new();
        };
        self.focus = pane;
        let Some(t) = self.panes.table(pane) else {
            return Vec::new();
        };
        let rows = at.rows(pane);
        if !rows.contains(Position::new(x, y)) {
            return Vec::new();
        }
        let first = crate::ui::window_start(t.cursor, usize::from(rows.height));
        let row = first + usize::from(y - rows.y);
        if row >= t.visible_len() {
            return Vec::new();
        }
        let delta = row as isize - t.cursor as isize;
        self.move_cursor(delta)
    }
}
