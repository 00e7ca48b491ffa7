//! The readers never panic, whatever the bytes.

use proptest::prelude::*;

fn all_readers(bytes: &[u8]) {
    let _ = tplc_feeds::read_nvd_json(bytes, "x", |_| {}, |_| {});
    let _ = tplc_feeds::read_kev_json(bytes, "x", |_| {}, |_| {});
    let _ = tplc_feeds::read_epss_csv(bytes, "x", |_| {}, |_| {});
    let _ = tplc_feeds::read_jvn_vuldef(bytes, "x", None, |_| {}, |_| {});
    let _ = tplc_feeds::read_myjvn_json(bytes, "x", None, |_| {}, |_| {});
}

/// Fixtures cut or corrupted at a point.
fn mutated(name: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let bytes = crate::fixture_bytes(name);
    let length = bytes.len();
    (0..length, any::<u8>(), any::<bool>()).prop_map(move |(at, byte, cut)| {
        let mut bytes = bytes.clone();
        if cut {
            bytes.truncate(at);
        } else if let Some(slot) = bytes.get_mut(at) {
            *slot = byte;
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        all_readers(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(text in r#"\{"(vulnerabilities|document|objects|status)":[\[\]\{\}",:0-9a-zA-Z \-]{0,200}"#) {
        all_readers(text.as_bytes());
    }

    #[test]
    fn corrupted_nvd_fixtures_never_panic(bytes in mutated("nvdcve-2.0-sample.json")) {
        all_readers(&bytes);
    }

    #[test]
    fn corrupted_vuldef_fixtures_never_panic(bytes in mutated("jvndb_detail_sample_ja.rdf")) {
        all_readers(&bytes);
    }

    #[test]
    fn corrupted_myjvn_fixtures_never_panic(bytes in mutated("myjvn-oka-JVNDB-2025-000003.json")) {
        all_readers(&bytes);
    }

    #[test]
    fn corrupted_epss_and_kev_fixtures_never_panic(
        epss in mutated("epss_scores-2026-11-30.csv"),
        kev in mutated("known_exploited_vulnerabilities.json"),
    ) {
        all_readers(&epss);
        all_readers(&kev);
    }
}
