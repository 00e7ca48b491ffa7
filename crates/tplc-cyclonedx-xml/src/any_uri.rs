//! `xs:anyURI` as the XSD validators check it, and the repair the writer makes.
//!
//! XML Schema 1.0 leaves `xs:anyURI` loose; libxml2 (`xmllint --schema`, the validator the
//! CycloneDX XML output is checked with) collapses white space, maps the characters an IRI may
//! hold but a URI may not (controls, non-ASCII text, space, `<>"{}|\^` and `` ` ``, `'`) to
//! `_`, and then requires an RFC 3986 URI reference. The rules here are that check: a
//! `scheme:` URI or a relative reference, with authority, path, query and fragment made of
//! their RFC 3986 characters and complete percent-encodings (libxml2 also allows `[` and `]`
//! in the fragment).

/// Whether a validator accepts the text as an `xs:anyURI`.
pub(crate) fn is_any_uri(text: &str) -> bool {
    let bytes: Vec<u8> = text.trim().bytes().map(mapped).collect();
    is_absolute(&bytes) || is_relative(&bytes)
}

/// The text made an `xs:anyURI` by percent-encoding what breaks RFC 3986: a `%` that starts
/// no escape, `[` and `]` outside the host, a second `#`, and a `:` in the first segment of a
/// relative reference (`git@github.com:x/y.git` → `git@github.com%3Ax/y.git`). `None` when it
/// is already valid or cannot be made valid this way (a broken authority).
pub(crate) fn repaired(text: &str) -> Option<String> {
    if is_any_uri(text) {
        return None;
    }
    let text = text.trim();
    let bytes = text.as_bytes();
    let has_scheme = scheme_end(&bytes.iter().copied().map(mapped).collect::<Vec<_>>()).is_some();
    let authority = authority_span(text, has_scheme);
    let first_segment_end = if has_scheme || text.starts_with('/') {
        0
    } else {
        text.find(['/', '?', '#']).unwrap_or(text.len())
    };
    let mut out = String::with_capacity(text.len() + 8);
    let mut seen_hash = false;
    for (index, character) in text.char_indices() {
        let in_authority = authority.is_some_and(|(start, end)| (start..end).contains(&index));
        let encode = match character {
            '%' => !is_escape(bytes, index),
            '[' | ']' => !in_authority && !seen_hash,
            '#' => std::mem::replace(&mut seen_hash, true),
            ':' => index < first_segment_end,
            _ => false,
        };
        if encode {
            out.push_str(&format!("%{:02X}", u32::from(character)));
        } else {
            out.push(character);
        }
    }
    is_any_uri(&out).then_some(out)
}

/// libxml2's mapping of characters it lets through to `_`.
const fn mapped(byte: u8) -> u8 {
    match byte {
        0..=31
        | 127..=255
        | b' '
        | b'<'
        | b'>'
        | b'"'
        | b'{'
        | b'}'
        | b'|'
        | b'\\'
        | b'^'
        | b'`'
        | b'\'' => b'_',
        other => other,
    }
}

fn is_escape(bytes: &[u8], index: usize) -> bool {
    bytes.get(index + 1).is_some_and(u8::is_ascii_hexdigit)
        && bytes.get(index + 2).is_some_and(u8::is_ascii_hexdigit)
}

const fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

const fn is_sub_delim(byte: u8) -> bool {
    matches!(
        byte,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

/// Whether every byte is one of `allowed` or starts a complete percent-encoding.
fn all(bytes: &[u8], allowed: impl Fn(u8) -> bool) -> bool {
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            if !is_escape(bytes, index) {
                return false;
            }
            index += 3;
        } else if allowed(bytes[index]) {
            index += 1;
        } else {
            return false;
        }
    }
    true
}

fn is_pchar(byte: u8) -> bool {
    is_unreserved(byte) || is_sub_delim(byte) || matches!(byte, b':' | b'@')
}

/// The position of the `:` ending a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`).
fn scheme_end(bytes: &[u8]) -> Option<usize> {
    let colon = bytes.iter().position(|byte| *byte == b':')?;
    let scheme = &bytes[..colon];
    (scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'-' | b'.')))
    .then_some(colon)
}

/// Splits off `?query#fragment` and checks it.
fn split_tail(bytes: &[u8]) -> Option<&[u8]> {
    let end = bytes
        .iter()
        .position(|byte| matches!(byte, b'?' | b'#'))
        .unwrap_or(bytes.len());
    let (head, tail) = bytes.split_at(end);
    let (query, fragment) = match tail.iter().position(|byte| *byte == b'#') {
        Some(hash) => (&tail[..hash], Some(&tail[hash + 1..])),
        None => (tail, None),
    };
    let query_ok = all(query.get(1..).unwrap_or_default(), |byte| {
        is_pchar(byte) || matches!(byte, b'/' | b'?')
    });
    let fragment_ok = fragment.is_none_or(|fragment| {
        all(fragment, |byte| {
            is_pchar(byte) || matches!(byte, b'/' | b'?' | b'[' | b']')
        })
    });
    (query_ok && fragment_ok).then_some(head)
}

/// `[ userinfo "@" ] host [ ":" port ]`.
fn is_authority(bytes: &[u8]) -> bool {
    let user_end = bytes.iter().position(|byte| *byte == b'@');
    let host = match user_end {
        Some(at)
            if all(&bytes[..at], |byte| {
                is_unreserved(byte) || is_sub_delim(byte) || byte == b':'
            }) =>
        {
            &bytes[at + 1..]
        }
        _ => bytes,
    };
    let port = if host.first() == Some(&b'[') {
        match host.iter().position(|byte| *byte == b']') {
            Some(close) => &host[close + 1..],
            None => return false,
        }
    } else {
        let colon = host
            .iter()
            .position(|byte| *byte == b':')
            .unwrap_or(host.len());
        let (name, port) = host.split_at(colon);
        if !all(name, |byte| is_unreserved(byte) || is_sub_delim(byte)) {
            return false;
        }
        port
    };
    port.is_empty()
        || (port.len() > 1 && port[0] == b':' && port[1..].iter().all(u8::is_ascii_digit))
}

/// `"//" authority path-abempty`, or a path of segments (the first one without `:` when
/// `first_without_colon`).
fn is_hierarchical(bytes: &[u8], first_without_colon: bool) -> bool {
    if let Some(rest) = bytes.strip_prefix(b"//") {
        let end = rest
            .iter()
            .position(|byte| *byte == b'/')
            .unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        return is_authority(authority) && all(path, |byte| is_pchar(byte) || byte == b'/');
    }
    if first_without_colon && !bytes.starts_with(b"/") {
        let end = bytes
            .iter()
            .position(|byte| *byte == b'/')
            .unwrap_or(bytes.len());
        if bytes[..end].contains(&b':') {
            return false;
        }
    }
    all(bytes, |byte| is_pchar(byte) || byte == b'/')
}

fn is_absolute(bytes: &[u8]) -> bool {
    scheme_end(bytes).is_some_and(|colon| {
        split_tail(&bytes[colon + 1..]).is_some_and(|head| is_hierarchical(head, false))
    })
}

fn is_relative(bytes: &[u8]) -> bool {
    split_tail(bytes).is_some_and(|head| is_hierarchical(head, true))
}

/// The byte span of the authority, if the text has one.
fn authority_span(text: &str, has_scheme: bool) -> Option<(usize, usize)> {
    let start = if has_scheme { text.find(':')? + 1 } else { 0 };
    let rest = text.get(start..)?;
    let after = rest.strip_prefix("//")?;
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    Some((start + 2, start + 2 + end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_uris_as_libxml2_checks_them() {
        for valid in [
            "https://github.com/x/y",
            "https://example.com/a b{c}",
            "http://[::1]:8080/x?y=1#z[0]",
            "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#comp",
            "pkg:npm/%40scope/x@1.0",
            "mailto:someone@example.com",
            "relative/path",
            "",
            "https://example.com/é",
            "http://:80/",
            "//host/path",
            "a:b:c",
            "file:///C:/x",
            "x?a#b?c/d",
        ] {
            assert!(is_any_uri(valid), "{valid}");
        }
        for invalid in [
            "git@github.com:chaijs/assertion-error.git",
            "https://example.com/100%",
            "https://example.com/a#b#c",
            "http://example.com:port/",
            "http://a@b@c/",
            "https://example.com/[x]",
            "http://example.com:/x",
            "1abc:x",
            "http://example.com/?q=[1]",
            "http://x/%zz",
            "http://[::1/",
        ] {
            assert!(!is_any_uri(invalid), "{invalid}");
        }
    }

    #[test]
    fn repairs_percent_encode_the_offending_characters() {
        assert_eq!(
            repaired("git@github.com:chaijs/assertion-error.git").as_deref(),
            Some("git@github.com%3Achaijs/assertion-error.git")
        );
        assert_eq!(
            repaired("https://example.com/100%").as_deref(),
            Some("https://example.com/100%25")
        );
        assert_eq!(
            repaired("https://example.com/a#b#c").as_deref(),
            Some("https://example.com/a#b%23c")
        );
        assert_eq!(
            repaired("https://example.com/[x]").as_deref(),
            Some("https://example.com/%5Bx%5D")
        );
        assert_eq!(repaired("http://example.com:port/"), None);
        assert_eq!(repaired("https://example.com/"), None);
    }
}
