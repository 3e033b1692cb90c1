//! Turning the connection flags into a client: a real org (profile, environment, flags) or a
//! sandbox started in this process (`--demo`).

use crate::cli::ConnectArgs;
use crate::config::{self, DEFAULT_CONCURRENCY, EnvOverrides};
use crate::sandbox::{Sandbox, SandboxOptions};
use crate::zoho::{ClientConfig, DEFAULT_API_VERSION, ZohoClient};

use super::exit::CliError;

/// A client, what the status line says about it, and the demo sandbox it may depend on.
pub struct Connection {
    pub client: ZohoClient,
    pub profile: String,
    pub data_center: String,
    pub api_version: u8,
    /// The profile is marked `production = true`.
    pub production: bool,
    /// The client refuses every change (`read_only = true` or `--read-only`).
    pub read_only: bool,
    /// The config's `[columns]`.
    pub columns: crate::app::columns::ColumnConfig,
    /// Kept alive for as long as the client talks to it.
    sandbox: Option<Sandbox>,
}

/// Resolves the settings without connecting: configuration errors surface before anything else.
pub enum Target {
    Demo {
        api_version: u8,
        concurrency: usize,
        concurrency_pinned: bool,
        read_only: bool,
        columns: crate::app::columns::ColumnConfig,
        /// The demo sandbox's org (`--generate`, `--edition`, `--org`).
        sandbox: Box<SandboxOptions>,
    },
    Org(config::Settings),
}

pub fn target(args: &ConnectArgs) -> Result<Target, CliError> {
    if args.demo {
        // The demo needs no profile; the file, if any, may still choose the columns. A file
        // that cannot be used keeps the demo going with the default columns.
        let columns = config::demo_columns(args).unwrap_or_else(|e| {
            tracing::warn!(error = %e.message, "config file not used for the demo's columns");
            Default::default()
        });
        return Ok(Target::Demo {
            sandbox: Box::default(),
            columns,
            read_only: args.read_only,
            api_version: args.api_version.unwrap_or(DEFAULT_API_VERSION),
            concurrency_pinned: args.concurrency.is_some(),
            concurrency: args
                .concurrency
                .map(usize::from)
                .unwrap_or(DEFAULT_CONCURRENCY),
        });
    }
    Ok(Target::Org(config::resolve(
        args,
        &EnvOverrides::from_process(),
    )?))
}

impl Target {
    pub async fn connect(self) -> Result<Connection, CliError> {
        match self {
            Target::Demo {
                api_version,
                concurrency,
                concurrency_pinned,
                read_only,
                columns,
                sandbox,
            } => {
                let sandbox = Sandbox::start(*sandbox)
                    .await
                    .map_err(|e| super::sandbox::start_error(&e, 0))?;
                let client = ZohoClient::new(ClientConfig {
                    endpoints: sandbox.endpoints(),
                    api_version,
                    credentials: sandbox.credentials(),
                    concurrency,
                })?;
                if !concurrency_pinned {
                    client.concurrency_from_edition();
                }
                if read_only {
                    client.set_read_only();
                }
                Ok(Connection {
                    client,
                    profile: "demo".to_string(),
                    data_center: "sandbox".to_string(),
                    api_version,
                    production: false,
                    read_only,
                    columns,
                    sandbox: Some(sandbox),
                })
            }
            Target::Org(settings) => {
                tracing::info!(
                    profile = %settings.profile,
                    data_center = %settings.data_center,
                    api_version = settings.client.api_version,
                    "connecting"
                );
                let api_version = settings.client.api_version;
                let client = ZohoClient::new(settings.client)?;
                if !settings.concurrency_pinned {
                    client.concurrency_from_edition();
                }
                if settings.read_only {
                    client.set_read_only();
                }
                Ok(Connection {
                    client,
                    production: settings.production,
                    read_only: settings.read_only,
                    columns: settings.columns,
                    profile: settings.profile,
                    data_center: settings.data_center,
                    api_version,
                    sandbox: None,
                })
            }
        }
    }
}

impl Connection {
    /// Stops the demo sandbox, if any, cleanly.
    pub async fn close(self) {
        if let Some(sb) = self.sandbox {
            sb.shutdown().await;
        }
    }
}
