//! Building the sandbox's answers in Zoho's shapes: request-level errors, per-id results, lists.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A request-level answer: `{"code","details","message","status":"error"}` with its HTTP status.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Value,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: json!({}),
        }
    }

    pub fn with(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    pub fn invalid_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "INVALID_TOKEN",
            "invalid oauth token",
        )
    }

    pub fn scope_mismatch() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "OAUTH_SCOPE_MISMATCH",
            "invalid oauth scope to access this URL",
        )
    }

    pub fn no_permission(permission: String, message: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, "NO_PERMISSION", message)
            .with(json!({ "permissions": [permission] }))
    }

    pub fn url_pattern() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "INVALID_URL_PATTERN",
            "Please check if the URL trying to access is a correct one",
        )
    }

    pub fn method() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST_METHOD",
            "The http request method type is not a valid one",
        )
    }

    /// `index` counts the path segments after `/crm/{version}/`, from 0.
    pub fn invalid_module(index: usize) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "INVALID_MODULE",
            "the module name given seems to be invalid",
        )
        .with(json!({ "resource_path_index": index }))
    }

    pub fn unsupported_module(index: usize) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "INVALID_MODULE",
            "The given module is not supported in API",
        )
        .with(json!({ "resource_path_index": index }))
    }

    pub fn param_missing(param: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "REQUIRED_PARAM_MISSING",
            "One of the expected parameter is missing",
        )
        .with(json!({ "param_name": param }))
    }

    pub fn ids_limit(limit: usize) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "LIMIT_EXCEEDED",
            format!("Limit Exceeded, You cannot give more than {limit} record ids"),
        )
        .with(json!({ "limit": limit.to_string(), "param_name": "ids" }))
    }

    pub fn unparsable(param: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "UNABLE_TO_PARSE_DATA_TYPE",
            "either the request body or parameters is in wrong format",
        )
        .with(json!({ "param_name": param, "expected_data_type": "long" }))
    }

    pub fn invalid_data(message: &str, details: Value) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "INVALID_DATA", message).with(details)
    }

    /// The user may not touch this data (record-level access, not the profile).
    pub fn authorization_failed(what: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "AUTHORIZATION_FAILED",
            format!("User does not have sufficient privilege to delete {what}"),
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            "Internal Server Error",
        )
    }

    pub fn too_many_requests() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "TOO_MANY_REQUESTS",
            "too many requests continuously",
        )
    }

    pub fn body(&self) -> Value {
        json!({
            "code": self.code,
            "details": self.details,
            "message": self.message,
            "status": "error",
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = (self.status, axum::Json(self.body())).into_response();
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        resp
    }
}

/// One id's result in a removal, relink or restore.
#[derive(Debug, Clone)]
pub struct Item {
    pub ok: bool,
    pub code: &'static str,
    pub message: String,
    pub details: Value,
}

impl Item {
    pub fn success(id: &str, message: &str) -> Self {
        Self {
            ok: true,
            code: "SUCCESS",
            message: message.to_string(),
            details: json!({ "id": id }),
        }
    }

    pub fn error(code: &'static str, id: &str, message: &str) -> Self {
        Self {
            ok: false,
            code,
            message: message.to_string(),
            details: json!({ "id": id }),
        }
    }

    /// Adds keys to `details` (which always holds the id).
    pub fn detail(mut self, key: &str, value: Value) -> Self {
        if let Value::Object(map) = &mut self.details {
            map.insert(key.to_string(), value);
        }
        self
    }

    fn body(&self) -> Value {
        json!({
            "code": self.code,
            "details": self.details,
            "message": self.message,
            "status": if self.ok { "success" } else { "error" },
        })
    }
}

/// Per-id results under `key` (`data`, `contact_roles`, `recycle_bin`): 200 when every id
/// succeeded, 400 when every id failed, 207 when mixed.
pub fn items(key: &str, items: &[Item]) -> Response {
    let ok = items.iter().filter(|i| i.ok).count();
    let status = if ok == items.len() {
        StatusCode::OK
    } else if ok == 0 {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::MULTI_STATUS
    };
    let list: Vec<Value> = items.iter().map(Item::body).collect();
    (status, axum::Json(json!({ key: list }))).into_response()
}

/// A 200 JSON answer.
pub fn ok(body: Value) -> Response {
    (StatusCode::OK, axum::Json(body)).into_response()
}

/// Zoho answers an empty list with 204 and no body.
pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

pub type ApiResult = Result<Response, ApiError>;
