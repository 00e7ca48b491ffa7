//! Errors: [`ApiError`], the JSON error body of every refused request, and [`ServerError`],
//! why the server could not start or stopped.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// An error answered to a client: `{"status":404,"code":"not_found","message":"…","pointer":"/field"}`.
///
/// Bad input is always a 4xx with a `pointer` (a JSON pointer into the body, or the name of a
/// query parameter) when there is one place to point at; a 500 (`internal`) is only a failure of
/// the server itself and never carries the underlying detail (it is logged instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable machine-readable code (`not_found`, `forbidden`, `invalid`, …).
    pub code: &'static str,
    /// One line for a person.
    pub message: String,
    /// Where in the input the problem is.
    pub pointer: Option<String>,
    /// For 429: seconds until the next attempt is allowed (`Retry-After`).
    pub retry_after: Option<u64>,
}

/// The JSON body of an error response.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The HTTP status, repeated.
    pub status: u16,
    /// A stable machine-readable code.
    pub code: String,
    /// One line for a person.
    pub message: String,
    /// A JSON pointer into the request body (or a query parameter's name) for input errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

impl ApiError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            pointer: None,
            retry_after: None,
        }
    }

    /// The same error pointing at `pointer`.
    #[must_use]
    pub fn at(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// The same error with another code.
    #[must_use]
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    /// 400 `bad_request`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 422 `invalid`: well-formed input that breaks a rule.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
    }

    /// 401 `unauthenticated`.
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "log in or send an API token (Authorization: Bearer tplc_…)",
        )
    }

    /// 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404 `not_found`.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }

    /// 409 `conflict`.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 413 `too_large`.
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("the request body is larger than the limit of {limit} bytes"),
        )
    }

    /// 429 `rate_limited` with `Retry-After`.
    pub fn rate_limited(seconds: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many failed logins; retry after {seconds} s"),
        );
        e.retry_after = Some(seconds);
        e
    }

    /// 500 `internal`: the detail is logged, not answered.
    pub fn internal(detail: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal server error",
        )
    }

    /// The JSON body.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            status: self.status.as_u16(),
            code: self.code.to_owned(),
            message: self.message.clone(),
            pointer: self.pointer.clone(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry = self.retry_after;
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if let Some(seconds) = retry
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

impl From<tplc_store::Error> for ApiError {
    fn from(error: tplc_store::Error) -> Self {
        use tplc_store::Error as E;
        match error {
            E::NotFound { what } => Self::not_found(what),
            E::Conflict(message) => Self::conflict(message),
            E::Invalid(message) => Self::invalid(message),
            other => Self::internal(&other),
        }
    }
}

impl From<tplc_auth::AccessDenied> for ApiError {
    fn from(denied: tplc_auth::AccessDenied) -> Self {
        match denied {
            tplc_auth::AccessDenied::NotFound => Self::not_found("object"),
            forbidden @ tplc_auth::AccessDenied::Forbidden { .. } => {
                Self::forbidden(forbidden.to_string())
            }
        }
    }
}

/// Why [`serve`](crate::serve) failed.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store could not be opened or migrated, or a start-up write failed.
    #[error("database: {0}")]
    Store(#[from] tplc_store::Error),
    /// The listen address could not be bound, or serving failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A security primitive failed (no randomness from the OS).
    #[error("security: {0}")]
    Auth(#[from] tplc_auth::AuthError),
    /// A requirement catalog file (`--catalog-dir`) is not valid: the one-line
    /// `<file>:<line>:<col>: <message>`.
    #[error(transparent)]
    Catalog(#[from] tplc_compliance::CatalogError),
    /// Seeding the demo or running a worker failed.
    #[error("jobs: {0}")]
    Jobs(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_errors_map_to_statuses() {
        let e: ApiError = tplc_store::Error::NotFound { what: "product" }.into();
        assert_eq!(e.status, StatusCode::NOT_FOUND);
        assert_eq!(e.message, "product not found");
        let e: ApiError = tplc_store::Error::Conflict("name taken".into()).into();
        assert_eq!(e.status, StatusCode::CONFLICT);
        let e: ApiError = tplc_store::Error::Corrupt("secret detail".into()).into();
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!e.message.contains("secret"));
    }

    #[test]
    fn body_shape() {
        let e = ApiError::invalid("bad date").at("/release_date");
        let json = serde_json::to_value(e.body()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"status":422,"code":"invalid","message":"bad date","pointer":"/release_date"})
        );
        let json = serde_json::to_value(ApiError::not_found("x").body()).unwrap();
        assert!(json.get("pointer").is_none());
    }
}
