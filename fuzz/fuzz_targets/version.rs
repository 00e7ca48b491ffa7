//! Fuzzes the version parsers and orderings: no input may panic under any scheme; a parsed
//! version keeps its text and parses back to an equal version; comparing two inputs is
//! antisymmetric, agrees with equality and hashing, and is transitive with a third; and
//! `vers:` ranges and OSV event ranges built from the inputs evaluate without panicking.

#![no_main]

use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use libfuzzer_sys::fuzz_target;
use tplc_version::{EventKind, EventRange, Scheme, VersRange, Version};

fn hash_of(version: &Version) -> u64 {
    let mut hasher = DefaultHasher::new();
    version.hash(&mut hasher);
    hasher.finish()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Up to three versions separated by newlines.
    let parts: Vec<&str> = text.splitn(3, '\n').collect();
    let _ = VersRange::parse(text);
    let _ = VersRange::parse_canonical(text);
    for scheme in Scheme::all() {
        let versions: Vec<Version> = parts.iter().filter_map(|p| scheme.parse(p).ok()).collect();
        for v in &versions {
            assert_eq!(v.scheme(), *scheme);
            let again = scheme.parse(v.as_str()).expect("a parsed version's text parses");
            assert_eq!(&again, v);
            assert_eq!(v.cmp(v), Ordering::Equal);
        }
        for a in &versions {
            for b in &versions {
                let ab = a.cmp(b);
                assert_eq!(ab, b.cmp(a).reverse(), "{scheme}: {a:?} vs {b:?}");
                assert_eq!(ab == Ordering::Equal, a == b);
                if a == b {
                    assert_eq!(hash_of(a), hash_of(b));
                }
                for c in &versions {
                    if a <= b && b <= c {
                        assert!(a <= c, "{scheme}: {a:?} <= {b:?} <= {c:?}");
                    }
                }
            }
        }
        if let [first, rest @ ..] = parts.as_slice() {
            let events = std::iter::once((EventKind::Introduced, *first))
                .chain(rest.iter().map(|p| (EventKind::Fixed, *p)));
            if let Ok(range) = EventRange::new(*scheme, events) {
                for v in &versions {
                    let _ = range.contains(v);
                }
            }
        }
    }
});
