//! Extractors that answer bad input with an [`ApiError`] naming the place: JSON bodies (with
//! the JSON pointer of the offending value), query strings and path parameters.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use crate::ApiError;

/// A JSON request body parsed into `T`. Request types deny unknown fields, so a misspelt field
/// is an error, not silently ignored.
///
/// * not `Content-Type: application/json`: 415 `unsupported_media_type`;
/// * over the body limit: 413 `too_large`;
/// * not JSON (syntax): 400 `malformed_json` with the line and column, pointer to the value
///   being read;
/// * JSON of the wrong shape (unknown field, missing field, wrong type, unknown enum value):
///   422 `invalid` with the JSON pointer of the field.
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

/// `/a/b/0`: the JSON pointer of a serde path (`~` and `/` escaped).
pub(crate) fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Segment::Enum { variant } => out.push_str(variant),
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

/// Parses JSON bytes into `T` with the error mapping of [`JsonBody`].
///
/// # Errors
/// 400 `malformed_json` or 422 `invalid`, with a pointer.
pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(v) => match de.end() {
            Ok(()) => Ok(v),
            Err(inner) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                format!("malformed JSON: {inner}"),
            )
            .at("")),
        },
        Err(e) => {
            let pointer = pointer_of(e.path());
            let inner = e.inner();
            if inner.is_syntax() || inner.is_eof() || inner.is_io() {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "malformed_json",
                    format!("malformed JSON: {inner}"),
                )
                .at(pointer));
            }
            let message = inner.to_string();
            let message = match message.split_once(" at line ") {
                Some((head, _)) => head.to_owned(),
                None => message,
            };
            Err(ApiError::invalid(message).at(pointer))
        }
    }
}

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| {
                let essence = c.split(';').next().unwrap_or("").trim();
                essence.eq_ignore_ascii_case("application/json")
            });
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "expected Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|e| body_error(&e))?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// The [`ApiError`] of a body that could not be read (413 when over the limit).
pub(crate) fn body_error(rejection: &axum::extract::rejection::BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "the request body is larger than the limit",
        )
    } else {
        ApiError::bad_request(format!("cannot read the request body: {rejection}"))
    }
}

/// A query string parsed into `T`; a bad parameter is 400 `bad_query` naming it.
#[derive(Debug, Clone)]
pub struct QueryParams<T>(pub T);

impl<S, T> FromRequestParts<S> for QueryParams<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(Self(v)),
            Err(e) => {
                let text = e.body_text();
                let detail = text
                    .strip_prefix("Failed to deserialize query string: ")
                    .unwrap_or(&text)
                    .to_owned();
                let pointer = detail
                    .split_once('`')
                    .and_then(|(_, rest)| rest.split_once('`'))
                    .map(|(field, _)| field.to_owned());
                let mut err = ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "bad_query",
                    format!("query: {detail}"),
                );
                err.pointer = pointer;
                Err(err)
            }
        }
    }
}

/// Path parameters parsed into `T`; a malformed one (a key that is not a number) is 404, as
/// no object has it.
#[derive(Debug, Clone)]
pub struct PathParams<T>(pub T);

impl<S, T> FromRequestParts<S> for PathParams<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(v)) => Ok(Self(v)),
            Err(_) => Err(ApiError::not_found("object")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        name: String,
        list: Vec<u8>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        inner: Inner,
    }

    #[test]
    fn pointers_name_the_place() {
        let e = parse_json::<Outer>(br#"{"inner":{"name":"x","list":[1,"a"]}}"#).unwrap_err();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.pointer.as_deref(), Some("/inner/list/1"));
        let e = parse_json::<Outer>(br#"{"inner":{"name":"x","list":[],"extra":1}}"#).unwrap_err();
        assert_eq!(e.pointer.as_deref(), Some("/inner/extra"));
        assert!(
            e.message.starts_with("unknown field `extra`"),
            "{}",
            e.message
        );
        let e = parse_json::<Outer>(br#"{"inner":{"name":"x","list":[1,}"#).unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert_eq!(e.code, "malformed_json");
        assert!(e.message.contains("line 1"), "{}", e.message);
        let e = parse_json::<Outer>(br#"{"inner":{"name":"x","list":[]}} x"#).unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        let e = parse_json::<Outer>(br#"{"inner":{"list":[]}}"#).unwrap_err();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(e.message.contains("missing field `name`"), "{}", e.message);
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_are_a_4xx_or_a_value(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            if let Err(e) = parse_json::<Outer>(&bytes) {
                proptest::prop_assert!(e.status.is_client_error());
                proptest::prop_assert!(e.pointer.is_some());
            }
        }

        #[test]
        fn json_like_text_is_a_4xx_or_a_value(text in r#"[{}\[\]",:a-z0-9 ]{0,80}"#) {
            if let Err(e) = parse_json::<Outer>(text.as_bytes()) {
                proptest::prop_assert!(e.status.is_client_error());
                proptest::prop_assert!(e.pointer.as_deref().is_some_and(|p| p.is_empty() || p.starts_with('/')));
            }
        }
    }
}
