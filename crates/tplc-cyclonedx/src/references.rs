//! The set of `bom-ref`s seen while reading, kept back to back in one buffer.
//!
//! A document names each of its components, services and licences by `bom-ref`, and every
//! dependency target is looked up among them. A `HashSet<String>` would copy each reference
//! into an allocation of its own (freed again when the read ends), rehash them all as it grows,
//! and chase a pointer per comparison. Here the text sits in one buffer and each entry carries
//! its keyed hash, so growing needs no rehashing and lookups touch little memory.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

/// A set of strings.
#[derive(Debug, Default)]
pub(crate) struct References {
    /// The strings, back to back.
    text: String,
    /// Where each string lies in `text`, and the next string of the same hash, if any.
    entries: Vec<Entry>,
    /// The first entry of each hash.
    heads: HashMap<u64, usize, BuildHasherDefault<Prehashed>>,
    /// The keyed hash of the strings (random per set, so inputs cannot aim at collisions).
    state: RandomState,
}

#[derive(Debug)]
struct Entry {
    start: usize,
    end: usize,
    next: Option<usize>,
}

impl References {
    /// Adds `text`; false when it was already there.
    pub(crate) fn insert(&mut self, text: &str) -> bool {
        let hash = self.state.hash_one(text);
        let head = self.heads.get(&hash).copied();
        if self.find(head, text) {
            return false;
        }
        let start = self.text.len();
        self.text.push_str(text);
        self.entries.push(Entry {
            start,
            end: self.text.len(),
            next: head,
        });
        self.heads.insert(hash, self.entries.len() - 1);
        true
    }

    /// Whether `text` is in the set.
    pub(crate) fn contains(&self, text: &str) -> bool {
        let hash = self.state.hash_one(text);
        self.find(self.heads.get(&hash).copied(), text)
    }

    /// The strings, in the order they were added.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .map(|entry| self.text.get(entry.start..entry.end).unwrap_or_default())
    }

    /// Whether `text` is on the chain of entries starting at `entry`.
    fn find(&self, mut entry: Option<usize>, text: &str) -> bool {
        while let Some(index) = entry {
            let Some(found) = self.entries.get(index) else {
                return false;
            };
            if self.text.get(found.start..found.end) == Some(text) {
                return true;
            }
            entry = found.next;
        }
        false
    }
}

/// Hashes a key that is already a keyed hash: the `u64` itself.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_found_once_added_and_only_then() {
        let mut set = References::default();
        assert!(!set.contains("a"));
        assert!(set.insert("a"));
        assert!(set.insert(""));
        assert!(set.insert("pkg:npm/a@1"));
        assert!(!set.insert("a"));
        assert!(!set.insert(""));
        assert!(set.contains("a") && set.contains("") && set.contains("pkg:npm/a@1"));
        assert!(!set.contains("pkg:npm/a@2") && !set.contains("ab"));
        assert_eq!(set.iter().collect::<Vec<_>>(), ["a", "", "pkg:npm/a@1"]);
    }

    #[test]
    fn many_strings_stay_distinct() {
        let mut set = References::default();
        for index in 0..10_000 {
            assert!(set.insert(&format!("ref-{index}")));
        }
        for index in 0..10_000 {
            assert!(set.contains(&format!("ref-{index}")));
            assert!(!set.insert(&format!("ref-{index}")));
        }
        assert!(!set.contains("ref-10000"));
    }

    #[test]
    fn strings_of_one_hash_are_chained() {
        let mut set = References::default();
        // Two entries forced onto one chain, as a hash collision would put them.
        assert!(set.insert("x"));
        set.text.push('y');
        set.entries.push(Entry {
            start: 1,
            end: 2,
            next: Some(0),
        });
        let hash = set.state.hash_one("x");
        set.heads.insert(hash, 1);
        assert!(set.find(Some(1), "x"));
        assert!(set.find(Some(1), "y"));
        assert!(!set.find(Some(1), "z"));
    }
}
