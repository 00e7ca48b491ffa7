//! Fuzz target: the JVN iPedia VULDEF reader never panics, and every record it reports as
//! read reaches the callback.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (mut read, mut skipped) = (0, 0);
    if let Ok(summary) =
        tplc_feeds::read_jvn_vuldef(data, "fuzz.rdf", None, |_| read += 1, |_| skipped += 1)
    {
        assert_eq!(
            summary.read, read,
            "summary and callback disagree on records read"
        );
        assert!(
            summary.skipped <= skipped,
            "a skipped record was not reported"
        );
    }
});
