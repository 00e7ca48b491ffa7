//! CISA's Known Exploited Vulnerabilities catalog (`known_exploited_vulnerabilities.json`).

use std::io::Read;

use serde_json::Value;
use tplc_advisory::{KevEntry, RecordError};

use crate::common::is_cve_id;
use crate::json::{ElementSink, Field, Obj, Pointer, record_error, stream_array_member};
use crate::{FeedError, ReadSummary, input};

/// Reads the KEV catalog (plain or gzip), streaming its `vulnerabilities` array.
///
/// Each entry becomes a [`KevEntry`] given to `on_entry`; an entry without a valid `cveID`,
/// or with a member of the wrong type, is given to `on_error` (location
/// `location#/vulnerabilities/N/...`) and skipped. Missing text members are empty. The
/// catalog's `cwes` lists are not carried: [`KevEntry`] has no field for them.
///
/// # Errors
///
/// [`FeedError`] when the input cannot be read, is not JSON, or has no `vulnerabilities`
/// array.
pub fn read_kev_json<R: Read>(
    input: R,
    location: &str,
    mut on_entry: impl FnMut(KevEntry),
    mut on_error: impl FnMut(RecordError),
) -> Result<ReadSummary, FeedError> {
    let reader = input::decompressed(input).map_err(|error| FeedError::io(location, error))?;
    let mut sink = Sink {
        location,
        summary: ReadSummary::default(),
        on_entry: &mut on_entry,
        on_error: &mut on_error,
    };
    stream_array_member(reader, location, "vulnerabilities", &[], &mut sink)?;
    Ok(sink.summary)
}

struct Sink<'a> {
    location: &'a str,
    summary: ReadSummary,
    on_entry: &'a mut dyn FnMut(KevEntry),
    on_error: &'a mut dyn FnMut(RecordError),
}

impl ElementSink for Sink<'_> {
    fn element(&mut self, index: usize, value: Value) {
        let pointer = Pointer::root().key("vulnerabilities").index(index);
        match convert(&value, &pointer, self.location) {
            Ok(entry) => {
                self.summary.read += 1;
                (self.on_entry)(entry);
            }
            Err(error) => {
                self.summary.skipped += 1;
                (self.on_error)(error);
            }
        }
    }
}

fn convert(value: &Value, pointer: &Pointer, location: &str) -> Field<KevEntry> {
    let entry = Obj::new(value, pointer, location)?;
    let cve_id = entry.req_str("cveID")?.trim();
    if !is_cve_id(cve_id) {
        return Err(record_error(
            location,
            &pointer.key("cveID"),
            format!("{cve_id:?} is not a CVE id"),
        ));
    }
    let text =
        |key: &str| -> Field<String> { Ok(entry.opt_str(key)?.unwrap_or_default().to_owned()) };
    Ok(KevEntry {
        cve_id: cve_id.to_owned(),
        vendor_project: text("vendorProject")?,
        product: text("product")?,
        vulnerability_name: text("vulnerabilityName")?,
        date_added: text("dateAdded")?,
        short_description: text("shortDescription")?,
        required_action: text("requiredAction")?,
        due_date: text("dueDate")?,
        known_ransomware_campaign_use: text("knownRansomwareCampaignUse")?,
        notes: text("notes")?,
    })
}
