//! Fuzzes the MDS2 workbook reader (an uploaded XLSX) on arbitrary bytes: no input may panic,
//! and whatever reads back checks against the form and writes again.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tplc_mds2::{Mds2Form, read_xlsx, write_xlsx};

fuzz_target!(|data: &[u8]| {
    let form = Mds2Form::hn_1_2019();
    if let Ok(document) = read_xlsx(form, data) {
        let _ = write_xlsx(form, &document);
    }
});
