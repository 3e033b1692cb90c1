//! Styles, with and without colour (`NO_COLOR`: bold, reverse and underline only).

use ratatui::style::{Color, Modifier, Style};

use crate::app::App;

pub fn border(app: &App, focused: bool) -> Style {
    match (focused, app.color) {
        (true, true) => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        (true, false) => Style::new().add_modifier(Modifier::BOLD),
        (false, true) => Style::new().fg(Color::DarkGray),
        (false, false) => Style::new(),
    }
}

pub fn cursor(app: &App, focused: bool) -> Style {
    if focused {
        Style::new().add_modifier(Modifier::REVERSED)
    } else if app.color {
        Style::new().bg(Color::DarkGray)
    } else {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
}

pub fn selected(app: &App) -> Style {
    if app.color {
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    }
}

pub fn failed(app: &App) -> Style {
    if app.color {
        Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
}

pub fn ok(app: &App) -> Style {
    if app.color {
        Style::new().fg(Color::Green)
    } else {
        Style::new()
    }
}

pub fn dim(app: &App) -> Style {
    if app.color {
        Style::new().fg(Color::DarkGray)
    } else {
        Style::new()
    }
}

pub fn bar(app: &App) -> Style {
    if app.color {
        Style::new().bg(Color::Blue).fg(Color::White)
    } else {
        Style::new().add_modifier(Modifier::REVERSED)
    }
}

pub fn key(app: &App) -> Style {
    if app.color {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    }
}

pub fn warn(app: &App) -> Style {
    if app.color {
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    }
}

/// A profile marked `production = true`: never mistaken for a test org.
pub fn production(app: &App) -> Style {
    if app.color {
        Style::new()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }
}
