//! The static assets (`assets/`), embedded in the binary and served at `/assets/{file}` with
//! cache headers and an `ETag`.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// (file name, content type, bytes).
const FILES: [(&str, &str, &[u8]); 4] = [
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/htmx.min.js"),
    ),
    (
        "tplc.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/tplc.js"),
    ),
    (
        "tplc.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/tplc.css"),
    ),
    (
        "htmx.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../assets/htmx.LICENSE"),
    ),
];

/// FNV-1a 64 of the bytes: a stable validator for the `ETag`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn etags() -> &'static [String; 4] {
    static TAGS: OnceLock<[String; 4]> = OnceLock::new();
    TAGS.get_or_init(|| FILES.map(|(_, _, bytes)| format!("\"{:016x}\"", fnv1a(bytes))))
}

/// `GET /assets/{file}`: the file with `Cache-Control: public, max-age=86400` and its `ETag`
/// (304 for a matching `If-None-Match`); 404 for any other name.
pub(crate) async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some(index) = FILES.iter().position(|(name, _, _)| *name == file) else {
        return (StatusCode::NOT_FOUND, "no such asset").into_response();
    };
    let (_, content_type, bytes) = FILES[index];
    let etag = &etags()[index];
    let cached = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut response = if cached {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (StatusCode::OK, bytes).into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    if let Ok(value) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn htmx_keeps_its_licence_header() {
        let htmx = std::str::from_utf8(FILES[0].2).unwrap();
        assert!(htmx.starts_with("/*! htmx 2."));
        assert!(htmx.lines().next().unwrap().contains("0BSD"));
        assert!(htmx.contains("var htmx="));
    }

    #[test]
    fn etags_differ_per_file() {
        let t = etags();
        assert_ne!(t[0], t[1]);
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    }
}
