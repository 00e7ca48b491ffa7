//! What the readers share: CWE and CVE id checks, timestamps, CVSS versions, de-duplication.

use tplc_advisory::{Reference, Severity, SeverityKind};

/// Whether the text is a CWE id proper (`CWE-79`), not a placeholder (`NVD-CWE-noinfo`,
/// `CWE-Other`).
pub(crate) fn is_cwe_id(text: &str) -> bool {
    text.strip_prefix("CWE-").is_some_and(|digits| {
        !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit())
    })
}

/// Whether the text is a CVE id (`CVE-2021-44228`).
pub(crate) fn is_cve_id(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("CVE-") else {
        return false;
    };
    let Some((year, serial)) = rest.split_once('-') else {
        return false;
    };
    year.len() == 4
        && year.bytes().all(|byte| byte.is_ascii_digit())
        && serial.len() >= 4
        && serial.bytes().all(|byte| byte.is_ascii_digit())
}

/// A timestamp as RFC 3339: NVD writes UTC times without an offset
/// (`2021-12-10T10:15:09.143`), which get a `Z`; times with an offset are kept as written.
pub(crate) fn rfc3339(text: &str) -> String {
    let text = text.trim();
    let Some((date, time)) = text.split_once('T') else {
        return text.to_owned();
    };
    let has_offset = time.ends_with('Z')
        || time.ends_with('z')
        || time.contains('+')
        || time.get(2..).is_some_and(|tail| tail.contains('-'));
    if has_offset || date.len() != 10 {
        text.to_owned()
    } else {
        format!("{text}Z")
    }
}

/// The severity kind of a CVSS version (`2.0`, `3.0`, `3.1`, `4.0`), or of a vector's prefix.
pub(crate) fn cvss_kind(version: &str, vector: &str) -> SeverityKind {
    let version = if version.is_empty() {
        vector
            .strip_prefix("CVSS:")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("2.0")
    } else {
        version
    };
    match version.trim() {
        "2" | "2.0" => SeverityKind::CvssV2,
        "3" | "3.0" | "3.1" => SeverityKind::CvssV3,
        "4" | "4.0" => SeverityKind::CvssV4,
        other => SeverityKind::Other(format!("CVSS {other}")),
    }
}

/// Appends a value unless it is already there.
pub(crate) fn push_unique<T: PartialEq>(items: &mut Vec<T>, item: T) {
    if !items.contains(&item) {
        items.push(item);
    }
}

/// Appends a reference unless one with the same URL is already there.
pub(crate) fn push_reference(references: &mut Vec<Reference>, kind: &str, url: &str) {
    let url = url.trim();
    if url.is_empty() || references.iter().any(|reference| reference.url == url) {
        return;
    }
    references.push(Reference {
        kind: kind.to_owned(),
        url: url.to_owned(),
    });
}

/// Appends a severity unless the same vector of the same rater is already there.
pub(crate) fn push_severity(severity: &mut Vec<Severity>, entry: Severity) {
    if !severity.iter().any(|known| {
        known.kind == entry.kind && known.score == entry.score && known.rated_by == entry.rated_by
    }) {
        severity.push(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_cwe_id("CWE-502"));
        assert!(!is_cwe_id("NVD-CWE-noinfo"));
        assert!(!is_cwe_id("CWE-Other"));
        assert!(!is_cwe_id("CWE-"));
        assert!(is_cve_id("CVE-2021-44228"));
        assert!(is_cve_id("CVE-2014-0160"));
        assert!(!is_cve_id("CVE-2014-016"));
        assert!(!is_cve_id("JVN#57428125"));
    }

    #[test]
    fn timestamps() {
        assert_eq!(
            rfc3339("2021-12-10T10:15:09.143"),
            "2021-12-10T10:15:09.143Z"
        );
        assert_eq!(
            rfc3339("2025-01-08T12:16:23+09:00"),
            "2025-01-08T12:16:23+09:00"
        );
        assert_eq!(
            rfc3339("2025-01-08T12:16:23-05:00"),
            "2025-01-08T12:16:23-05:00"
        );
        assert_eq!(rfc3339("2025-01-08T12:16:23Z"), "2025-01-08T12:16:23Z");
        assert_eq!(rfc3339("2025-01-08"), "2025-01-08");
    }

    #[test]
    fn kinds() {
        assert_eq!(cvss_kind("3.1", ""), SeverityKind::CvssV3);
        assert_eq!(cvss_kind("", "CVSS:4.0/AV:N"), SeverityKind::CvssV4);
        assert_eq!(
            cvss_kind("", "AV:N/AC:L/Au:N/C:C/I:C/A:C"),
            SeverityKind::CvssV2
        );
        assert_eq!(
            cvss_kind("5.0", ""),
            SeverityKind::Other("CVSS 5.0".to_owned())
        );
    }
}
