//! The lifecycle plan file (`tplc lifecycle check --file`): versions with their EOL, EOS,
//! phase, limited-support plan and legacy flag, so CI can check a plan without a server.
//!
//! ```toml
//! [[version]]
//! label = "SP-200 2.0"          # required, unique in the file
//! eol = 2027-03-31              # a TOML date or "YYYY-MM-DD"; optional
//! eos = 2029-03-31              # optional
//! phase = "support"             # development | support | limited_support | end_of_support
//! limited_support_plan = "…"    # optional, as shown to hospitals
//! legacy = false                # optional
//! legacy_reason = ""            # required in substance when legacy = true
//! shown_to = 2                  # hospitals shown the limited-support plan; optional, 0
//! ```
//!
//! Unknown keys, wrong types, bad dates or phases, an empty or duplicate label are errors
//! `FILE:LINE:COL: MESSAGE`; what the plan says (EOS on or before EOL, …) is for the check.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use time::Date;
use toml::Spanned;

use crate::{LifecyclePhase, LifecyclePlan, LineCol, parse_date};

/// A plan file that cannot be read as one: `FILE[:LINE:COL]: MESSAGE`, one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PlanFileError(String);

/// A calendar date written as a TOML local date or as a `"YYYY-MM-DD"` string.
#[derive(Debug, Clone, Copy)]
struct DateValue(Date);

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;

        impl<'de> Visitor<'de> for DateVisitor {
            type Value = DateValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<DateValue, E> {
                parse_date(text).map(DateValue).map_err(E::custom)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DateValue, A::Error> {
                let datetime =
                    toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                self.visit_str(&datetime.to_string())
            }
        }

        deserializer.deserialize_any(DateVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    version: Vec<RawVersion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersion {
    label: Spanned<String>,
    #[serde(default)]
    eol: Option<DateValue>,
    #[serde(default)]
    eos: Option<DateValue>,
    phase: LifecyclePhase,
    #[serde(default)]
    limited_support_plan: String,
    #[serde(default)]
    legacy: bool,
    #[serde(default)]
    legacy_reason: String,
    #[serde(default)]
    shown_to: usize,
}

/// One version of a plan file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVersion {
    /// Its label.
    pub label: String,
    /// Where its label is: `FILE:LINE:COL`.
    pub at: String,
    /// Its plan.
    pub plan: LifecyclePlan,
    /// To how many hospitals the limited-support plan was shown.
    pub shown_to: usize,
}

/// Parses and checks a plan file's text; `name` names it in errors.
///
/// # Errors
/// [`PlanFileError`] for bad TOML, unknown keys, wrong types, bad dates or phases, no
/// versions, an empty or a duplicate label.
pub fn parse_plan_file(name: &str, text: &str) -> Result<Vec<PlanVersion>, PlanFileError> {
    let raw: RawFile = toml::from_str(text).map_err(|error| {
        let at = error
            .span()
            .map(|span| format!(":{}", LineCol::of_offset(text, span.start)))
            .unwrap_or_default();
        let message = error.message().split_whitespace().collect::<Vec<_>>();
        PlanFileError(format!("{name}{at}: {}", message.join(" ")))
    })?;
    if raw.version.is_empty() {
        return Err(PlanFileError(format!(
            "{name}: lists no versions (give one [[version]] table per version)"
        )));
    }
    let mut versions: Vec<PlanVersion> = Vec::with_capacity(raw.version.len());
    for entry in raw.version {
        let at = format!(
            "{name}:{}",
            LineCol::of_offset(text, entry.label.span().start)
        );
        let label = entry.label.into_inner();
        if label.trim().is_empty() {
            return Err(PlanFileError(format!("{at}: label is empty")));
        }
        if let Some(first) = versions.iter().find(|version| version.label == label) {
            return Err(PlanFileError(format!(
                "{at}: duplicate label {label:?} (first at {})",
                first.at
            )));
        }
        versions.push(PlanVersion {
            label,
            at,
            plan: LifecyclePlan {
                eol: entry.eol.map(|date| date.0),
                eos: entry.eos.map(|date| date.0),
                phase: entry.phase,
                limited_support_plan: entry.limited_support_plan,
                legacy: entry.legacy,
                legacy_reason: entry.legacy_reason,
            },
            shown_to: entry.shown_to,
        });
    }
    Ok(versions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn error(text: &str) -> String {
        match parse_plan_file("plan.toml", text) {
            Ok(versions) => panic!("expected an error, got {versions:?}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn dates_are_toml_dates_or_strings() {
        let text = "[[version]]\nlabel = \"A 1\"\neol = 2030-03-31\neos = \"2031-03-31\"\n\
                    phase = \"support\"\nshown_to = 2\n";
        let versions = parse_plan_file("plan.toml", text).unwrap();
        assert_eq!(versions.len(), 1);
        let version = &versions[0];
        assert_eq!(version.label, "A 1");
        assert_eq!(version.at, "plan.toml:2:9");
        assert_eq!(version.plan.eol, Some(date!(2030 - 03 - 31)));
        assert_eq!(version.plan.eos, Some(date!(2031 - 03 - 31)));
        assert_eq!(version.plan.phase, LifecyclePhase::Support);
        assert_eq!(version.shown_to, 2);
        assert!(!version.plan.legacy);
    }

    #[test]
    fn unknown_keys_are_located() {
        let text = "[[version]]\nlabel = \"A 1\"\nphase = \"support\"\neoss = 2030-01-01\n";
        let message = error(text);
        assert!(
            message.starts_with("plan.toml:4:1: unknown field `eoss`"),
            "{message}"
        );
        assert!(!message.contains('\n'), "{message}");
    }

    #[test]
    fn bad_values_are_located() {
        let bad_date =
            error("[[version]]\nlabel = \"A\"\nphase = \"support\"\neol = \"2030-02-30\"\n");
        assert!(bad_date.starts_with("plan.toml:4:7: "), "{bad_date}");
        assert!(bad_date.contains("invalid date `2030-02-30`"), "{bad_date}");
        let datetime =
            error("[[version]]\nlabel = \"A\"\nphase = \"support\"\neol = 2030-02-01T10:00:00\n");
        assert!(datetime.starts_with("plan.toml:4:7: "), "{datetime}");
        let phase = error("[[version]]\nlabel = \"A\"\nphase = \"retired\"\n");
        assert!(
            phase.starts_with("plan.toml:3:9: unknown variant `retired`"),
            "{phase}"
        );
        let missing = error("[[version]]\nlabel = \"A\"\n");
        assert!(missing.contains("missing field `phase`"), "{missing}");
        let negative = error("[[version]]\nlabel = \"A\"\nphase = \"support\"\nshown_to = -1\n");
        assert!(negative.starts_with("plan.toml:4:12: "), "{negative}");
    }

    #[test]
    fn labels_are_required_and_unique() {
        let empty = error("[[version]]\nlabel = \" \"\nphase = \"support\"\n");
        assert_eq!(empty, "plan.toml:2:9: label is empty");
        let duplicate = error(
            "[[version]]\nlabel = \"A\"\nphase = \"support\"\n\n\
             [[version]]\nlabel = \"A\"\nphase = \"development\"\n",
        );
        assert_eq!(
            duplicate,
            "plan.toml:6:9: duplicate label \"A\" (first at plan.toml:2:9)"
        );
        let none = error("# nothing yet\n");
        assert!(none.starts_with("plan.toml: lists no versions"), "{none}");
    }
}
