//! zcrm-tui: find and remove Zoho CRM data safely, from a terminal.

pub mod action;
pub mod api_task;
pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod hash;
pub mod journal;
pub mod numbers;
pub mod plan;
pub mod sandbox;
pub mod text;
pub mod tui;
pub mod ui;
pub mod zoho;
