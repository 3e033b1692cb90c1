//! Exit statuses and the error every command ends with: a sentence, a hint, a status.

use std::fmt;
use std::process::ExitCode;

use crate::config::ConfigError;
use crate::zoho::{ErrorCode, ZohoError};

use super::ids::IdsError;

/// 0: every id succeeded (or a dry run / read-only command completed).
pub const SUCCESS: u8 = 0;
/// 1: the operation ran and at least one id failed (or the API failed the whole operation).
pub const FAILURES: u8 = 1;
/// 2: bad usage or configuration; nothing was sent.
pub const USAGE: u8 = 2;

/// How a command ended badly, in words for the admin.
#[derive(Debug)]
pub struct CliError {
    pub status: u8,
    pub message: String,
    pub hint: Option<String>,
}

impl CliError {
    pub fn usage(message: impl Into<String>, hint: impl Into<Option<String>>) -> Self {
        Self {
            status: USAGE,
            message: message.into(),
            hint: hint.into(),
        }
    }
    pub fn failed(message: impl Into<String>, hint: impl Into<Option<String>>) -> Self {
        Self {
            status: FAILURES,
            message: message.into(),
            hint: hint.into(),
        }
    }
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.status)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\nhint: {h}")?;
        }
        Ok(())
    }
}

impl From<ConfigError> for CliError {
    fn from(e: ConfigError) -> Self {
        CliError::usage(e.message, Some(e.hint))
    }
}

impl From<IdsError> for CliError {
    fn from(e: IdsError) -> Self {
        CliError::usage(e.to_string(), Some(e.hint()))
    }
}

impl From<ZohoError> for CliError {
    fn from(e: ZohoError) -> Self {
        // What the admin can fix in the command or the configuration is a usage error (2);
        // anything the server or the network did is an operational failure (1).
        let status = match &e {
            // A read-only profile is configuration, an unwritable journal the data directory's:
            // nothing was sent.
            ZohoError::InvalidInput(_)
            | ZohoError::OAuth(_)
            | ZohoError::ReadOnly(_)
            | ZohoError::Journal(_) => USAGE,
            ZohoError::Api { code, .. } => match code {
                ErrorCode::InvalidModule
                | ErrorCode::InvalidUrlPattern
                | ErrorCode::RequiredParamMissing
                | ErrorCode::InvalidToken
                | ErrorCode::AuthenticationFailure
                | ErrorCode::OauthScopeMismatch => USAGE,
                _ => FAILURES,
            },
            ZohoError::Malformed { .. } | ZohoError::Network(_) => FAILURES,
        };
        let message = match &e {
            // The library's Display shows the code's Debug form; the admin reads Zoho's spelling.
            ZohoError::Api {
                status,
                code,
                message,
                ..
            } => format!(
                "the API answered {} (HTTP {status}): {message}",
                code.as_str()
            ),
            other => other.to_string(),
        };
        let hint = e.hint();
        CliError {
            status,
            message,
            hint: (!hint.is_empty()).then_some(hint),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixable_problems_are_usage_errors_and_server_trouble_is_a_failure() {
        let e: CliError = ZohoError::OAuth("invalid_code".into()).into();
        assert_eq!(e.status, USAGE);
        assert!(e.hint.is_some());
        let e: CliError = ZohoError::Api {
            status: 400,
            code: ErrorCode::InvalidModule,
            message: "the module name given seems to be invalid".into(),
            details: serde_json::json!({}),
        }
        .into();
        assert_eq!(e.status, USAGE);
        assert!(
            e.message.contains("INVALID_MODULE (HTTP 400)"),
            "{}",
            e.message
        );
        let e: CliError = ZohoError::Network("connection refused".into()).into();
        assert_eq!(e.status, FAILURES);
    }

    #[test]
    fn display_is_a_sentence_and_a_hint() {
        let e = CliError::usage("no ids given", Some("Give --ids.".to_string()));
        assert_eq!(e.to_string(), "error: no ids given\nhint: Give --ids.");
    }
}
