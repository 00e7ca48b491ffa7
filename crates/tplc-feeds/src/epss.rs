//! FIRST's EPSS scores (`epss_scores-YYYY-MM-DD.csv(.gz)`).

use std::io::{BufRead, Read};

use tplc_advisory::{EpssScore, RecordError};

use crate::common::is_cve_id;
use crate::{FeedError, ReadSummary, input};

/// Reads an EPSS scores file (plain or gzip) line by line.
///
/// The optional first line `#model_version:v2025.03.14,score_date:2025-03-14T00:00:00Z`
/// gives every row its `score_date` (`YYYY-MM-DD`); the header `cve,epss,percentile` must
/// come next; each row `CVE-…,0.94358,0.99957` becomes an [`EpssScore`] given to `on_score`.
/// A bad row (not three fields, not a CVE id, a probability outside 0–1, not UTF-8) is given
/// to `on_error` with location `location:LINE` and skipped. Empty lines are ignored.
///
/// # Errors
///
/// [`FeedError`] when the input cannot be read or has no `cve,epss,percentile` header.
pub fn read_epss_csv<R: Read>(
    input: R,
    location: &str,
    mut on_score: impl FnMut(EpssScore),
    mut on_error: impl FnMut(RecordError),
) -> Result<ReadSummary, FeedError> {
    let mut reader = input::decompressed(input).map_err(|error| FeedError::io(location, error))?;
    let mut summary = ReadSummary::default();
    let mut score_date = None;
    let mut header_seen = false;
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        let read = reader
            .read_until(b'\n', &mut line)
            .map_err(|error| FeedError::io(location, error))?;
        if read == 0 {
            break;
        }
        number += 1;
        let here = format!("{location}:{number}");
        let Ok(text) = std::str::from_utf8(&line) else {
            if !header_seen {
                return Err(FeedError::format(here, "not a UTF-8 text file"));
            }
            summary.skipped += 1;
            on_error(RecordError {
                location: here,
                message: "the row is not UTF-8".to_owned(),
            });
            continue;
        };
        let text = text.trim_end_matches(['\n', '\r']);
        let text = if number == 1 {
            text.trim_start_matches('\u{feff}')
        } else {
            text
        };
        if text.trim().is_empty() {
            continue;
        }
        if !header_seen {
            if let Some(comment) = text.strip_prefix('#') {
                score_date = score_date_of(comment);
                continue;
            }
            let columns: Vec<&str> = text.split(',').map(str::trim).collect();
            if columns != ["cve", "epss", "percentile"] {
                return Err(FeedError::format(
                    here,
                    format!("expected the header \"cve,epss,percentile\", found {text:?}"),
                ));
            }
            header_seen = true;
            continue;
        }
        match row(text, score_date.as_deref()) {
            Ok(score) => {
                summary.read += 1;
                on_score(score);
            }
            Err(message) => {
                summary.skipped += 1;
                on_error(RecordError {
                    location: here,
                    message,
                });
            }
        }
    }
    if !header_seen {
        return Err(FeedError::format(
            location,
            "no \"cve,epss,percentile\" header: not an EPSS scores file",
        ));
    }
    Ok(summary)
}

/// The date of `score_date:2025-03-14T00:00:00Z` in the header comment.
fn score_date_of(comment: &str) -> Option<String> {
    comment.split(',').find_map(|part| {
        let value = part.trim().strip_prefix("score_date:")?;
        let date = value.get(..10)?;
        let bytes = date.as_bytes();
        let shaped = bytes.iter().enumerate().all(|(index, byte)| {
            if index == 4 || index == 7 {
                *byte == b'-'
            } else {
                byte.is_ascii_digit()
            }
        });
        shaped.then(|| date.to_owned())
    })
}

fn row(text: &str, score_date: Option<&str>) -> Result<EpssScore, String> {
    let fields: Vec<&str> = text.split(',').map(str::trim).collect();
    let [cve, epss, percentile] = fields.as_slice() else {
        return Err(format!(
            "expected 3 fields (cve,epss,percentile), found {}",
            fields.len()
        ));
    };
    if !is_cve_id(cve) {
        return Err(format!("{cve:?} is not a CVE id"));
    }
    let probability = |name: &str, text: &str| -> Result<f64, String> {
        match text.parse::<f64>() {
            Ok(value) if (0.0..=1.0).contains(&value) => Ok(value),
            Ok(_) => Err(format!("{name} {text:?} is outside 0–1")),
            Err(_) => Err(format!("{name} {text:?} is not a number")),
        }
    };
    Ok(EpssScore {
        cve: (*cve).to_owned(),
        epss: probability("epss", epss)?,
        percentile: probability("percentile", percentile)?,
        score_date: score_date.map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_score_date_comes_from_the_comment() {
        assert_eq!(
            score_date_of("model_version:v2025.03.14,score_date:2026-11-30T12:55:00Z").as_deref(),
            Some("2026-11-30")
        );
        assert_eq!(score_date_of("model_version:v2023.03.01"), None);
        assert_eq!(score_date_of("score_date:soon"), None);
    }

    #[test]
    fn rows_are_checked() {
        assert!(row("CVE-2021-44228,0.94358,0.99957", None).is_ok());
        assert_eq!(
            row("CVE-2021-44228,1.5,0.9", None).err().as_deref(),
            Some("epss \"1.5\" is outside 0–1")
        );
        assert_eq!(
            row("CVE-2021-44228,0.1", None).err().as_deref(),
            Some("expected 3 fields (cve,epss,percentile), found 2")
        );
        assert!(row("CVE-2021-44228,NaN,0.1", None).is_err());
    }
}
