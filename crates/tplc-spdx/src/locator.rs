//! What SPDX 2.3 and its reference validator (spdx-tools) accept as package locators: download
//! locations (clause 7.7), homepages (7.11) and external reference locators (7.21, Annex F),
//! and how the writer makes the model's values fit.

use tplc_cpe::{Cpe, Part};
use tplc_purl::Purl;

/// Schemes the spdx-tools URL pattern names (`http://www.` is covered by `http://`).
const URL_SCHEMES: &[&str] = &[
    "http://", "https://", "ssh://", "git://", "svn://", "sftp://", "ftp://",
];

/// The version-control tools a download location may name before `+` (clause 7.7).
const VCS_TOOLS: &[&str] = &["git+", "hg+", "svn+", "bzr+"];

/// Characters of the user information the spdx-tools URL pattern allows before `@`.
fn is_user_character(character: char) -> bool {
    character.is_alphanumeric() || "_-.!~*'()%;:&=+$,".contains(character)
}

/// The length of the host (`[a-z0-9]+([-.][a-z0-9]+)*\.[a-z]{2,5}`, case ignored) at the
/// start of the text, up to the end of its last label, or `None` when there is none. The
/// shortest top-level label that fits is enough for the prefix match spdx-tools makes; the
/// full host is given for the anchored match.
fn host(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let run = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|byte| byte.is_ascii_alphanumeric())
            .count()
    };
    let mut end = run(0);
    if end == 0 {
        return None;
    }
    let mut shortest = None;
    let mut full = None;
    while end < bytes.len() && matches!(bytes[end], b'-' | b'.') {
        let next = run(end + 1);
        if next == 0 {
            break;
        }
        let label = &bytes[end + 1..end + 1 + next];
        if bytes[end] == b'.' && label.len() >= 2 && label[..2].iter().all(u8::is_ascii_alphabetic)
        {
            shortest.get_or_insert(end + 3);
            if label.len() <= 5 && label.iter().all(u8::is_ascii_alphabetic) {
                full = Some(end + 1 + next);
            }
        }
        end += 1 + next;
    }
    Some((shortest?, full.unwrap_or(0)))
}

/// The text after an optional `user@` the URL pattern allows, both ways of reading it.
fn after_user(text: &str) -> impl Iterator<Item = &str> {
    let with_user = text.find('@').and_then(|at| {
        let user = &text[..at];
        (!user.is_empty() && user.chars().all(is_user_character)).then(|| &text[at + 1..])
    });
    std::iter::once(text).chain(with_user)
}

/// Whether spdx-tools' URL check (`validate_url`, a prefix match ignoring case) accepts the
/// text, and the text names a scheme (`scheme://`), as a uniform resource locator does.
pub(crate) fn is_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    URL_SCHEMES.iter().any(|scheme| {
        lower
            .strip_prefix(scheme)
            .is_some_and(|rest| after_user(rest).any(|rest| host(rest).is_some()))
    })
}

/// Whether the whole text is `[scheme://][user@]host[:port][/path]` by the spdx-tools pattern.
fn is_whole_url(text: &str) -> bool {
    if text.contains('\n') {
        return false;
    }
    let rest = URL_SCHEMES
        .iter()
        .find_map(|scheme| text.strip_prefix(scheme))
        .unwrap_or(text);
    after_user(rest).any(|rest| {
        let Some((_, end)) = host(rest).filter(|(_, end)| *end > 0) else {
            return false;
        };
        let mut tail = &rest[end..];
        if let Some(port) = tail.strip_prefix(':') {
            let digits = port.bytes().take_while(u8::is_ascii_digit).count();
            if !(1..=5).contains(&digits) {
                return false;
            }
            tail = &port[digits..];
        }
        tail.is_empty() || tail.starts_with('/')
    })
}

/// Whether the text is a download location SPDX 2.3 (clause 7.7) and spdx-tools both accept:
/// `NONE`, `NOASSERTION`, a URL with a scheme, a VCS location `<tool>+<transport>://…`, or the
/// forms `git+git@host:path` and `bzr+lp:project`.
pub(crate) fn is_download_location(text: &str) -> bool {
    if matches!(text, "NONE" | "NOASSERTION") {
        return true;
    }
    let lower = text.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("git+git@") {
        return rest.split_once(':').is_some_and(|(host, path)| {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-'))
                && !path.is_empty()
                && path.bytes().all(|byte| {
                    byte.is_ascii_alphanumeric()
                        || matches!(byte, b'/' | b'\\' | b'.' | b'@' | b'-')
                })
        });
    }
    if let Some(project) = lower.strip_prefix("bzr+lp:") {
        return !project.is_empty()
            && project
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-'));
    }
    if !lower.contains("://") {
        return false;
    }
    let unversioned = VCS_TOOLS
        .iter()
        .find_map(|tool| lower.strip_prefix(tool))
        .unwrap_or(&lower);
    is_url(&lower) || is_whole_url(unversioned)
}

/// Whether the text fits spdx-tools' purl pattern `^pkg:.+(/.+)?/.+…$`: `pkg:`, then text with
/// a `/` that has a character on each side, on one line.
fn fits_purl_pattern(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("pkg:") else {
        return false;
    };
    let line = rest.strip_suffix('\n').unwrap_or(rest);
    !line.contains('\n')
        && line
            .char_indices()
            .any(|(index, character)| character == '/' && index > 0 && index + 1 < line.len())
}

/// `gitoid:(blob|tree|commit|tag):(sha1:<40 hex>|sha256:<64 hex>)`.
fn is_gitoid(text: &str) -> bool {
    let mut parts = text.split(':');
    let (Some("gitoid"), Some(kind), Some(algorithm), Some(digest), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    let length = match algorithm {
        "sha1" => 40,
        "sha256" => 64,
        _ => return false,
    };
    matches!(kind, "blob" | "tree" | "commit" | "tag")
        && digest.len() == length
        && digest.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// `swh:1:(snp|rel|rev|dir|cnt):<40 hex>`, without qualifiers.
fn is_swhid(text: &str) -> bool {
    let mut parts = text.split(':');
    let (Some("swh"), Some("1"), Some(kind), Some(digest), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    matches!(kind, "snp" | "rel" | "rev" | "dir" | "cnt")
        && digest.len() == 40
        && digest.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// An external reference as it is written: category, type and locator, and what was changed
/// to make it valid (for the omissions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checked {
    /// `SECURITY`, `PACKAGE-MANAGER`, `PERSISTENT-ID` or `OTHER`.
    pub(crate) category: String,
    /// The reference type.
    pub(crate) kind: String,
    /// The locator.
    pub(crate) locator: String,
    /// What was changed, when something was.
    pub(crate) note: Option<String>,
}

impl Checked {
    fn other(kind: &str, locator: &str, why: String) -> Self {
        let encoded = encode_white_space(locator);
        Self {
            category: "OTHER".to_owned(),
            kind: kind.to_owned(),
            locator: encoded,
            note: Some(format!("{why}; written as an OTHER reference")),
        }
    }
}

/// White space percent-encoded: spdx-tools rejects `OTHER` locators with spaces.
fn encode_white_space(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_whitespace() {
            let mut buffer = [0; 4];
            for byte in character.encode_utf8(&mut buffer).bytes() {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        } else {
            encoded.push(character);
        }
    }
    encoded
}

/// The reference that can be written for a category, type and locator: the same when valid;
/// a purl in canonical form, a repaired CPE (typed `cpe23Type` or `cpe22Type` by its binding);
/// otherwise an `OTHER` reference of the same type, white space percent-encoded.
pub(crate) fn check_reference(category: &str, kind: &str, locator: &str) -> Checked {
    let same = |note: Option<String>| Checked {
        category: category.to_owned(),
        kind: kind.to_owned(),
        locator: locator.to_owned(),
        note,
    };
    match (category, kind) {
        ("PACKAGE-MANAGER", "purl") => match Purl::parse_strict(locator) {
            Ok(_) if fits_purl_pattern(locator) => same(None),
            _ => match Purl::parse(locator) {
                Ok(purl) if fits_purl_pattern(&purl.to_string()) => {
                    let canonical = purl.to_string();
                    Checked {
                        note: Some(format!(
                            "purl {locator:?} written in canonical form {canonical:?}"
                        )),
                        locator: canonical,
                        ..same(None)
                    }
                }
                Ok(_) => Checked::other(
                    kind,
                    locator,
                    format!("purl {locator:?} does not fit the SPDX purl pattern"),
                ),
                Err(error) => Checked::other(
                    kind,
                    locator,
                    format!("purl {locator:?} is not valid ({error})"),
                ),
            },
        },
        ("SECURITY", "cpe23Type" | "cpe22Type") => check_cpe(kind, locator),
        ("SECURITY", "advisory" | "fix" | "url") if !is_url(locator) => Checked::other(
            kind,
            locator,
            format!("{kind} locator {locator:?} is not a URL"),
        ),
        ("PERSISTENT-ID", "gitoid") if !is_gitoid(locator) => Checked::other(
            kind,
            locator,
            format!("gitoid {locator:?} does not fit the SPDX gitoid pattern"),
        ),
        ("PERSISTENT-ID", "swh") if !is_swhid(locator) => Checked::other(
            kind,
            locator,
            format!("swhid {locator:?} does not fit the SPDX swh pattern (no qualifiers)"),
        ),
        ("OTHER", _) if locator.contains(char::is_whitespace) => {
            let encoded = encode_white_space(locator);
            Checked {
                note: Some(format!(
                    "white space in locator {locator:?} percent-encoded"
                )),
                locator: encoded,
                ..same(None)
            }
        }
        _ => same(None),
    }
}

fn check_cpe(kind: &str, locator: &str) -> Checked {
    let typed = |cpe: &str| {
        if cpe.starts_with("cpe:2.3:") {
            "cpe23Type"
        } else {
            "cpe22Type"
        }
    };
    if locator.parse::<Cpe>().is_ok() {
        let written = typed(locator);
        return Checked {
            category: "SECURITY".to_owned(),
            kind: written.to_owned(),
            locator: locator.to_owned(),
            note: (written != kind).then(|| format!("cpe {locator:?} written as {written}")),
        };
    }
    match Cpe::repair(locator) {
        Ok(cpe) => {
            let is_uri = locator
                .trim()
                .get(..5)
                .is_some_and(|head| head.eq_ignore_ascii_case("cpe:/"));
            let repaired = if is_uri && cpe.part() != Part::NotApplicable {
                cpe.to_uri()
            } else {
                cpe.to_string()
            };
            Checked {
                category: "SECURITY".to_owned(),
                kind: typed(&repaired).to_owned(),
                note: Some(format!("cpe {locator:?} repaired as {repaired:?}")),
                locator: repaired,
            }
        }
        Err(error) => Checked::other("cpe", locator, error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_as_spdx_tools_accepts_them() {
        for url in [
            "https://github.com/actions/virtual-environments",
            "http://www.example.com",
            "https://user:pw@example.co.uk:8080/x?y#z",
            "ftp://ftp.gnu.org/gnu/",
            "https://example.organization/",
        ] {
            assert!(is_url(url), "{url}");
        }
        for url in [
            "github.com/x",
            "https://localhost:8080/",
            "https://192.168.0.1/x",
            "git@github.com:chaijs/assertion-error.git",
            "",
            "https://",
        ] {
            assert!(!is_url(url), "{url}");
        }
    }

    #[test]
    fn download_locations_follow_clause_7_7() {
        for location in [
            "NONE",
            "NOASSERTION",
            "https://github.com/x/y/archive/v1.tar.gz",
            "git+https://git.myproject.org/MyProject.git@v1.0#sub/dir",
            "git+ssh://git@github.com/x/y.git",
            "hg+https://hg.myproject.org/MyProject",
            "svn+svn://svn.myproject.org/svn/MyProject/trunk",
            "git+git@git.myproject.org:MyProject",
            "bzr+lp:MyProject",
        ] {
            assert!(is_download_location(location), "{location}");
        }
        for location in [
            "",
            "noassertion",
            "github.com/x/y",
            "git+https://localhost/x",
            "git@github.com:x/y.git",
            "pkg:npm/x@1",
            "git+https://github.com@v1",
        ] {
            assert!(!is_download_location(location), "{location}");
        }
    }

    #[test]
    fn references_are_made_valid() {
        let check = |category: &str, kind: &str, locator: &str| {
            let checked = check_reference(category, kind, locator);
            (
                checked.category,
                checked.kind,
                checked.locator,
                checked.note.is_some(),
            )
        };
        assert_eq!(
            check("PACKAGE-MANAGER", "purl", "pkg:npm/x@1"),
            (
                "PACKAGE-MANAGER".into(),
                "purl".into(),
                "pkg:npm/x@1".into(),
                false
            )
        );
        assert_eq!(
            check("PACKAGE-MANAGER", "purl", "pkg:npm/x@1?Arch=x"),
            (
                "PACKAGE-MANAGER".into(),
                "purl".into(),
                "pkg:npm/x@1?arch=x".into(),
                true
            )
        );
        assert_eq!(
            check(
                "PACKAGE-MANAGER",
                "purl",
                "https://github.com/actions/virtual-environments"
            ),
            (
                "OTHER".into(),
                "purl".into(),
                "https://github.com/actions/virtual-environments".into(),
                true
            )
        );
        assert_eq!(
            check(
                "SECURITY",
                "cpe23Type",
                "cpe:2.3:a:Azure:go:v57.0.0+incompatible:*:*:*:*:*:*:*"
            ),
            (
                "SECURITY".into(),
                "cpe23Type".into(),
                r"cpe:2.3:a:Azure:go:v57.0.0\+incompatible:*:*:*:*:*:*:*".into(),
                true
            )
        );
        assert_eq!(
            check("SECURITY", "cpe23Type", "cpe:/a:x:y:1"),
            (
                "SECURITY".into(),
                "cpe22Type".into(),
                "cpe:/a:x:y:1".into(),
                true
            )
        );
        assert_eq!(
            check("SECURITY", "cpe22Type", "cpe:/a:x:y z"),
            (
                "SECURITY".into(),
                "cpe22Type".into(),
                "cpe:/a:x:y_z".into(),
                true
            )
        );
        assert_eq!(
            check("SECURITY", "cpe23Type", "not a cpe"),
            ("OTHER".into(), "cpe".into(), "not%20a%20cpe".into(), true)
        );
        assert_eq!(
            check("SECURITY", "advisory", "see the website"),
            (
                "OTHER".into(),
                "advisory".into(),
                "see%20the%20website".into(),
                true
            )
        );
        assert_eq!(
            check(
                "PERSISTENT-ID",
                "swh",
                "swh:1:cnt:94a9ed024d3859793618152ea559a168bbcbb5e2;origin=x"
            ),
            (
                "OTHER".into(),
                "swh".into(),
                "swh:1:cnt:94a9ed024d3859793618152ea559a168bbcbb5e2;origin=x".into(),
                true
            )
        );
        assert!(
            !check(
                "PERSISTENT-ID",
                "gitoid",
                "gitoid:blob:sha1:261eeb9e9f8b2b4b0d119366dda99c6fd7d35c64"
            )
            .3
        );
    }
}
