//! Every error code the seed pages document, and the errors a call can end with.

use serde_json::Value;

/// Zoho's `code` values. Each documented code has a variant with its HTTP status and a hint.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    InvalidModule,
    InvalidUrlPattern,
    OauthScopeMismatch,
    NoPermission,
    InternalError,
    InvalidRequestMethod,
    AuthorizationFailed,
    InvalidData,
    UnableToParseDataType,
    RequiredParamMissing,
    RecordLocked,
    NotApproved,
    LimitExceeded,
    InvalidToken,
    AuthenticationFailure,
    TooManyRequests,
    LowerLimitReached,
    DiscretePaginationLimitExceeded,
    /// A code we do not know; kept verbatim.
    Other(String),
}

/// Codes the client itself gives to ids whose fate it could not read from a reply.
/// They never come from Zoho; they travel in `IdOutcome::Failed::code`.
pub mod client_codes {
    /// The reply carried no result for this id.
    pub const MISSING_RESULT: &str = "MISSING_RESULT";
    /// Connection refused, reset or timed out.
    pub const NETWORK: &str = "NETWORK";
    /// The reply could not be read (not JSON, wrong shape, truncated).
    pub const MALFORMED_REPLY: &str = "MALFORMED_REPLY";
    /// The accounts server refused to hand out an access token.
    pub const OAUTH_REFUSED: &str = "OAUTH_REFUSED";
    /// The call may have been carried out (a 5xx, a dropped connection, a cut-short answer) and
    /// neither its retries nor a check against the API could tell whether it was.
    pub const UNKNOWN_OUTCOME: &str = "UNKNOWN_OUTCOME";
    /// Applying a plan: the record's `Modified_Time` differs from the plan's; it was not sent.
    pub const CHANGED_SINCE_PLAN: &str = "CHANGED_SINCE_PLAN";
    /// Applying a plan: the record no longer exists (or is no longer visible); it was not sent.
    pub const GONE_SINCE_PLAN: &str = "GONE_SINCE_PLAN";
}

/// Every documented code, for tables and tests.
pub const ALL_CODES: [ErrorCode; 18] = [
    ErrorCode::InvalidModule,
    ErrorCode::InvalidUrlPattern,
    ErrorCode::OauthScopeMismatch,
    ErrorCode::NoPermission,
    ErrorCode::InternalError,
    ErrorCode::InvalidRequestMethod,
    ErrorCode::AuthorizationFailed,
    ErrorCode::InvalidData,
    ErrorCode::UnableToParseDataType,
    ErrorCode::RequiredParamMissing,
    ErrorCode::RecordLocked,
    ErrorCode::NotApproved,
    ErrorCode::LimitExceeded,
    ErrorCode::InvalidToken,
    ErrorCode::AuthenticationFailure,
    ErrorCode::TooManyRequests,
    ErrorCode::LowerLimitReached,
    ErrorCode::DiscretePaginationLimitExceeded,
];

impl ErrorCode {
    /// Parse Zoho's `code` string. Exact match: Zoho spells its codes in upper case.
    pub fn parse(code: &str) -> Self {
        match code {
            "INVALID_MODULE" => Self::InvalidModule,
            "INVALID_URL_PATTERN" => Self::InvalidUrlPattern,
            "OAUTH_SCOPE_MISMATCH" => Self::OauthScopeMismatch,
            "NO_PERMISSION" => Self::NoPermission,
            "INTERNAL_ERROR" => Self::InternalError,
            "INVALID_REQUEST_METHOD" => Self::InvalidRequestMethod,
            "AUTHORIZATION_FAILED" => Self::AuthorizationFailed,
            "INVALID_DATA" => Self::InvalidData,
            "UNABLE_TO_PARSE_DATA_TYPE" => Self::UnableToParseDataType,
            "REQUIRED_PARAM_MISSING" => Self::RequiredParamMissing,
            "RECORD_LOCKED" => Self::RecordLocked,
            "NOT_APPROVED" => Self::NotApproved,
            "LIMIT_EXCEEDED" => Self::LimitExceeded,
            "INVALID_TOKEN" => Self::InvalidToken,
            "AUTHENTICATION_FAILURE" => Self::AuthenticationFailure,
            "TOO_MANY_REQUESTS" => Self::TooManyRequests,
            "LOWER_LIMIT_REACHED" => Self::LowerLimitReached,
            "DISCRETE_PAGINATION_LIMIT_EXCEEDED" => Self::DiscretePaginationLimitExceeded,
            other => Self::Other(other.to_string()),
        }
    }

    /// The code as Zoho spells it (`INVALID_DATA`).
    pub fn as_str(&self) -> &str {
        match self {
            Self::InvalidModule => "INVALID_MODULE",
            Self::InvalidUrlPattern => "INVALID_URL_PATTERN",
            Self::OauthScopeMismatch => "OAUTH_SCOPE_MISMATCH",
            Self::NoPermission => "NO_PERMISSION",
            Self::InternalError => "INTERNAL_ERROR",
            Self::InvalidRequestMethod => "INVALID_REQUEST_METHOD",
            Self::AuthorizationFailed => "AUTHORIZATION_FAILED",
            Self::InvalidData => "INVALID_DATA",
            Self::UnableToParseDataType => "UNABLE_TO_PARSE_DATA_TYPE",
            Self::RequiredParamMissing => "REQUIRED_PARAM_MISSING",
            Self::RecordLocked => "RECORD_LOCKED",
            Self::NotApproved => "NOT_APPROVED",
            Self::LimitExceeded => "LIMIT_EXCEEDED",
            Self::InvalidToken => "INVALID_TOKEN",
            Self::AuthenticationFailure => "AUTHENTICATION_FAILURE",
            Self::TooManyRequests => "TOO_MANY_REQUESTS",
            Self::LowerLimitReached => "LOWER_LIMIT_REACHED",
            Self::DiscretePaginationLimitExceeded => "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
            Self::Other(s) => s,
        }
    }

    /// The HTTP status the documentation gives for this code (400 for codes we do not know).
    pub fn http_status(&self) -> u16 {
        match self {
            Self::InvalidUrlPattern => 404,
            Self::OauthScopeMismatch | Self::InvalidToken | Self::AuthenticationFailure => 401,
            Self::NoPermission => 403,
            Self::InternalError => 500,
            Self::TooManyRequests => 429,
            Self::InvalidModule
            | Self::InvalidRequestMethod
            | Self::AuthorizationFailed
            | Self::InvalidData
            | Self::UnableToParseDataType
            | Self::RequiredParamMissing
            | Self::RecordLocked
            | Self::NotApproved
            | Self::LimitExceeded
            | Self::LowerLimitReached
            | Self::DiscretePaginationLimitExceeded
            | Self::Other(_) => 400,
        }
    }

    /// One line, in our own words, telling the admin what to do.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::InvalidModule => {
                "Check the module's API name (Settings > Developer Hub > APIs); the module may be \
                 unsupported by the API, removed, or hidden from your profile."
            }
            Self::InvalidUrlPattern => {
                "The address was not recognised: check the module, related list and API version \
                 (a newer version may be needed)."
            }
            Self::OauthScopeMismatch => {
                "The self-client lacks a scope: regenerate the refresh token with \
                 ZohoCRM.modules.ALL (or ZohoCRM.modules.<module>.DELETE) plus the \
                 ZohoCRM.settings.* READ scopes."
            }
            Self::NoPermission => {
                "Your CRM profile may not do this: ask an administrator for the module's delete \
                 permission (Setup > Security Control > Profiles)."
            }
            Self::InternalError => {
                "Zoho failed on its side: check the recycle bin for what landed, wait a minute \
                 and retry; contact Zoho support if it persists."
            }
            Self::InvalidRequestMethod => {
                "This call is not allowed with that HTTP method here: the API version or the \
                 endpoint may not support it."
            }
            Self::AuthorizationFailed => {
                "Your user lacks the privilege for this removal: ask an administrator to grant \
                 it to your profile or role."
            }
            Self::InvalidData => {
                "The id is unknown, already removed, or not related: reload the list and check \
                 the recycle bin."
            }
            Self::UnableToParseDataType => {
                "A value was sent in the wrong format: ids must be plain numbers; report this \
                 as a bug if they were."
            }
            Self::RequiredParamMissing => {
                "A required parameter (such as ids or fields) was missing: report this as a bug."
            }
            Self::RecordLocked => {
                "The record is locked (approval, merge or Zia process in progress): wait until \
                 it finishes or unlock it in the CRM, then retry."
            }
            Self::NotApproved => {
                "The record awaits approval (e.g. Zia image validation): have a reviewer approve \
                 or reject it, then retry."
            }
            Self::LimitExceeded => {
                "Too many ids in one call (at most 100): report this as a bug; the client splits \
                 calls itself."
            }
            Self::InvalidToken | Self::AuthenticationFailure => {
                "The access token was refused even after a refresh: check the data center and \
                 that the refresh token has not been revoked."
            }
            Self::TooManyRequests => {
                "Zoho's concurrency or credit limit was hit: wait a minute, lower the \
                 concurrency setting and retry."
            }
            Self::LowerLimitReached => {
                "Zoho keeps a minimum number of these items: create or keep another before \
                 removing this one."
            }
            Self::DiscretePaginationLimitExceeded => {
                "Past 2,000 records pages must be fetched with page_token: report this as a bug."
            }
            // Codes of Zoho's other pages (restore, search) that a removal or an undo can meet.
            Self::Other(code) if code == "CANNOT_RESTORE_WITHOUT_PARENT" => {
                "The record's parent (e.g. its Account) is still in the Recycle Bin: restore the \
                 parent first (undo its delete), then undo this one again."
            }
            Self::Other(code) if code == "LIMIT_REACHED" => {
                "Zoho's search returns at most 2,000 records: narrow the search, or list the \
                 module without one (paged with page_token)."
            }
            Self::Other(_) => {
                "Zoho answered a code this tool does not know: read the message and check Zoho's \
                 API documentation."
            }
        }
    }

    /// Whether a fresh access token cannot fix this answer, so further calls are pointless.
    pub fn is_unfixable_auth(&self) -> bool {
        matches!(
            self,
            Self::OauthScopeMismatch
                | Self::NoPermission
                | Self::AuthorizationFailed
                | Self::InvalidToken
                | Self::AuthenticationFailure
        )
    }

    /// Whether the access token is stale and a refresh may fix it.
    pub fn is_token_error(&self) -> bool {
        matches!(self, Self::InvalidToken | Self::AuthenticationFailure)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The hint for a code as found in an `IdOutcome::Failed` (Zoho's or the client's own).
pub fn hint_for_code(code: &str) -> String {
    match code {
        client_codes::MISSING_RESULT => "Zoho's reply said nothing about this id: reload the \
             list to see whether it is gone, then retry the rest."
            .to_string(),
        client_codes::NETWORK => "The connection failed: the removal may or may not have \
             landed; reload the list to check before retrying."
            .to_string(),
        client_codes::MALFORMED_REPLY => "Zoho's reply could not be read: reload the list to \
             see what was removed before retrying."
            .to_string(),
        client_codes::OAUTH_REFUSED => oauth_hint().to_string(),
        client_codes::UNKNOWN_OUTCOME => "Check the record in Zoho; the journal marks it \
             unknown. The call may have landed and could not be confirmed either way."
            .to_string(),
        client_codes::CHANGED_SINCE_PLAN => "Someone changed the record after the plan was \
             made, so it was kept: review it, then make a new plan if it should still go."
            .to_string(),
        client_codes::GONE_SINCE_PLAN => "The record was deleted (or hidden from this user) \
             after the plan was made; nothing was sent for it."
            .to_string(),
        other => ErrorCode::parse(other).hint().to_string(),
    }
}

fn oauth_hint() -> &'static str {
    "The accounts server refused the refresh token: check client id, secret, refresh token and \
     data center, or wait if refreshes were throttled (at most 10 per 10 minutes)."
}

/// Why a call (or a whole operation) failed before per-id results could be read.
#[derive(Debug, thiserror::Error)]
pub enum ZohoError {
    /// Bad input caught before anything was sent (invalid ids, empty list, bad module name...).
    #[error("{0}")]
    InvalidInput(String),
    /// A request-level error answered by the API (`{"code","details","message","status":"error"}`).
    #[error("{code} (HTTP {status}): {message}")]
    Api {
        status: u16,
        code: ErrorCode,
        message: String,
        details: Value,
    },
    /// The accounts server refused the refresh token or throttled us.
    #[error("OAuth refused: {0}")]
    OAuth(String),
    /// The server answered something we cannot read (not JSON, wrong shape, truncated).
    #[error("malformed reply (HTTP {status}): {reason}")]
    Malformed { status: u16, reason: String },
    /// Connection refused, reset, timed out.
    #[error("network: {0}")]
    Network(String),
    /// A call that changes data, refused because the profile is read-only (the call is named).
    #[error("read-only profile: {0} refused; nothing was sent")]
    ReadOnly(String),
    /// The journal could not record the operation before it was sent (a full disk, a quota).
    #[error("the journal cannot be written ({0}); nothing was sent")]
    Journal(String),
}

impl ZohoError {
    /// One line, in our own words, telling the admin what to do.
    pub fn hint(&self) -> String {
        match self {
            ZohoError::InvalidInput(_) => {
                "Correct the input and try again; nothing was sent.".to_string()
            }
            ZohoError::Api { code, .. } => code.hint().to_string(),
            ZohoError::OAuth(_) => oauth_hint().to_string(),
            ZohoError::Malformed { .. } => hint_for_code(client_codes::MALFORMED_REPLY),
            ZohoError::Network(_) => "Check the network and the data center's domain, then \
                 retry (reload first if a removal was in flight)."
                .to_string(),
            ZohoError::ReadOnly(_) => "This profile only browses: drop --read-only, or remove \
                 `read_only = true` from the profile, to change data."
                .to_string(),
            ZohoError::Journal(_) => "Free some space, or set ZCRM_DATA_DIR to a writable \
                 directory, then try again."
                .to_string(),
        }
    }

    /// The code an id gets when the call carrying it ended with this error.
    pub fn code_str(&self) -> String {
        match self {
            ZohoError::Api { code, .. } => code.as_str().to_string(),
            ZohoError::OAuth(_) => client_codes::OAUTH_REFUSED.to_string(),
            ZohoError::Malformed { .. } => client_codes::MALFORMED_REPLY.to_string(),
            ZohoError::Network(_) => client_codes::NETWORK.to_string(),
            ZohoError::InvalidInput(_) => "INVALID_INPUT".to_string(),
            ZohoError::ReadOnly(_) => "READ_ONLY".to_string(),
            ZohoError::Journal(_) => "JOURNAL_UNWRITABLE".to_string(),
        }
    }

    /// The typed Zoho code, when the server answered one.
    pub fn api_code(&self) -> Option<&ErrorCode> {
        match self {
            ZohoError::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Whether no later call can succeed either (the token or the user lacks the right).
    pub fn stops_operation(&self) -> bool {
        match self {
            ZohoError::OAuth(_) => true,
            ZohoError::Api { code, .. } => code.is_unfixable_auth(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests;
