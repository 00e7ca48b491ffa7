//! Joining the Japanese and English records of one JVN iPedia id.

use tplc_advisory::{Advisory, LocalizedText};

use crate::common::{push_reference, push_severity, push_unique};

/// One advisory from the Japanese and the English record of the same JVN iPedia id: the
/// English title and overview as summary and details, the Japanese ones as
/// [`Advisory::ja`]; aliases, CWEs, references and severities united (Japanese first); the
/// CPE configurations and dates of the Japanese record, or of the English one where the
/// Japanese has none.
///
/// The records are not checked to share an id; the Japanese record's id is kept.
#[must_use]
pub fn merge_jvn_languages(ja: Advisory, en: Advisory) -> Advisory {
    let mut merged = ja;
    let japanese_text = merged.ja.take().or_else(|| {
        (merged.summary.is_some() || merged.details.is_some()).then(|| LocalizedText {
            title: merged.summary.clone(),
            description: merged.details.clone(),
        })
    });
    merged.ja = japanese_text.or(en.ja);
    merged.summary = en.summary;
    merged.details = en.details;
    merged.source = merged.source.or(en.source);
    for alias in en.aliases {
        push_unique(&mut merged.aliases, alias);
    }
    for related in en.related {
        push_unique(&mut merged.related, related);
    }
    for cwe in en.cwes {
        push_unique(&mut merged.cwes, cwe);
    }
    for reference in en.references {
        push_reference(&mut merged.references, &reference.kind, &reference.url);
    }
    for severity in en.severity {
        push_severity(&mut merged.severity, severity);
    }
    if merged.cpe_configurations.is_empty() {
        merged.cpe_configurations = en.cpe_configurations;
    }
    if merged.affected.is_empty() {
        merged.affected = en.affected;
    }
    merged.published = merged.published.or(en.published);
    merged.modified = merged.modified.or(en.modified);
    merged.withdrawn = merged.withdrawn.or(en.withdrawn);
    merged
}
