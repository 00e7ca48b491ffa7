//! A small deterministic stand-in for the fuzz target: mutated test documents never make the
//! reader panic, and what it accepts round-trips whenever the writer reports no omission.

use tplc_cyclonedx_xml::{read_xml, write_xml};

use crate::support::{name, valid_spec_tests};

/// A linear congruential generator, enough to pick mutation sites reproducibly.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap() % bound.max(1)
    }
}

const SNIPPETS: &[&[u8]] = &[
    b"<",
    b">",
    b"&",
    b"\"",
    b"<!DOCTYPE x>",
    b"<![CDATA[",
    b"]]>",
    b"bom-ref=\"x\" ",
    b"</component>",
    b"<component type=\"library\"><name>n</name></component>",
    b"&#1;",
    b"xmlns:a=\"urn:a\" ",
    b"\xff",
];

#[test]
fn mutated_documents_never_panic_and_round_trip() {
    let Some(files) = valid_spec_tests() else {
        return;
    };
    let mut random = Random(0x5eed);
    let (mut accepted, mut total) = (0, 0);
    for path in &files {
        let original = std::fs::read(path).unwrap();
        for _ in 0..60 {
            let mut bytes = original.clone();
            for _ in 0..1 + random.below(3) {
                let at = random.below(bytes.len());
                match random.below(3) {
                    0 => {
                        let end = (at + random.below(40)).min(bytes.len());
                        bytes.drain(at..end);
                    }
                    1 => {
                        let snippet = SNIPPETS[random.below(SNIPPETS.len())];
                        bytes.splice(at..at, snippet.iter().copied());
                    }
                    _ => {
                        if let Some(byte) = bytes.get_mut(at) {
                            *byte ^= 1 << random.below(8);
                        }
                    }
                }
            }
            total += 1;
            let Ok(document) = read_xml(&bytes) else {
                continue;
            };
            accepted += 1;
            let written = write_xml(&document);
            if !written.omissions.is_empty() {
                continue;
            }
            let mut again = read_xml(&written.bytes).unwrap_or_else(|error| {
                panic!(
                    "{}: mutated document written unreadably: {error}",
                    name(path)
                )
            });
            again.spec_version.clone_from(&document.spec_version);
            assert_eq!(
                again,
                document,
                "{}: mutated document changed on round trip",
                name(path)
            );
        }
    }
    println!("mutations: {accepted}/{total} accepted, all round-tripped");
}
