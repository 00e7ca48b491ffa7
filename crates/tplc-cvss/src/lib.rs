//! CVSS vector strings: parse, validate and score CVSS v2.0, v3.0, v3.1 and v4.0 vectors.
//! No I/O.
//!
//! ```
//! use tplc_cvss::{CvssVersion, Severity, score};
//!
//! let scores = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P")?;
//! assert_eq!(scores.version, CvssVersion::V3_1);
//! assert_eq!((scores.base_score, scores.base_severity), (9.8, Severity::Critical));
//! assert_eq!(scores.temporal_score, Some(9.3));
//! assert_eq!(scores.environmental_score, None);
//!
//! let v4 = score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U")?;
//! assert_eq!((v4.base_score, v4.threat_score), (9.3, Some(8.1)));
//!
//! let v2 = score("(AV:N/AC:L/Au:N/C:P/I:P/A:P)")?;
//! assert_eq!((v2.base_score, v2.base_severity.as_str()), (7.5, "HIGH"));
//! # Ok::<(), tplc_cvss::CvssError>(())
//! ```
//!
//! # Versions and equations
//!
//! - v2.0 (FIRST's guide, §3.2): base, temporal and environmental equations, computed in
//!   exact decimal arithmetic and rounded half up, as the guide defines.
//! - v3.0 and v3.1: base, temporal and environmental equations of each specification: v3.1's
//!   integer `Roundup` (Appendix A) and its environmental modified impact
//!   `7.52 × (MISS − 0.029) − 3.25 × (MISS × 0.9731 − 0.02)^13` for a changed scope; v3.0's
//!   `Roundup` (the smallest one-decimal number not below the value) and `… (MISS − 0.02)^15`.
//! - v4.0: the MacroVector lookup and severity-distance interpolation of FIRST's reference
//!   calculator, reproduced operation for operation. The score of a v4.0 vector depends on
//!   which metric groups it defines; [`Scores`] gives CVSS-B as the base score, CVSS-BT as the
//!   threat score and CVSS-BE/-BTE as the environmental score.
//!
//! Severity ratings ([`Severity`]): None 0.0, Low 0.1–3.9, Medium 4.0–6.9, High 7.0–8.9,
//! Critical 9.0–10.0 for v3.x and v4.0; Low 0.0–3.9, Medium 4.0–6.9, High 7.0–10.0 for v2.0.
//!
//! # Errors
//!
//! A vector that is not valid gives a [`CvssError`] whose one-line message names the column
//! (characters, from 1) or the metric: `invalid CVSS vector "CVSS:3.1/AV:N/AV:L/…": column 15:
//! metric AV given twice`. [`ErrorKind`] tells the kinds apart.

mod decimal;
mod error;
mod metrics;
mod severity;
mod v2;
mod v3;
mod v4;
mod v4_lookup;
mod vector;

pub use error::{CvssError, ErrorKind};
pub use severity::{CvssVersion, Severity};
pub use vector::{Scores, Vector};

/// Parses a vector string of any supported version and computes its scores.
///
/// The version comes from the prefix (`CVSS:3.0/`, `CVSS:3.1/`, `CVSS:4.0/`); a vector without
/// prefix, bare or in parentheses, is CVSS v2.0.
///
/// # Errors
///
/// A [`CvssError`] when the text is not a valid vector of its version.
pub fn score(vector: &str) -> Result<Scores, CvssError> {
    Vector::parse(vector).map(|vector| vector.scores())
}
