//! Metric tables and the generic `METRIC:VALUE/…` parser shared by every version.

use crate::error::ErrorKind;

/// The group a metric belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Group {
    /// Mandatory base metrics.
    Base,
    /// v2/v3 temporal metrics, v4 threat metrics.
    Temporal,
    /// Environmental metrics (security requirements and modified base metrics).
    Environmental,
    /// v4 supplemental metrics: carried, never scored.
    Supplemental,
}

/// One metric: its abbreviation, group and values, in the specification's order.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct MetricDef {
    pub(crate) name: &'static str,
    pub(crate) group: Group,
    pub(crate) values: &'static [&'static str],
}

/// Shorthand for the tables.
pub(crate) const fn metric(
    name: &'static str,
    group: Group,
    values: &'static [&'static str],
) -> MetricDef {
    MetricDef {
        name,
        group,
        values,
    }
}

/// The metrics a vector gives: for each metric of the version's table, the value, if given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Values {
    defs: &'static [MetricDef],
    given: Vec<Option<&'static str>>,
}

impl Values {
    /// The value given for the metric at `index` of the table.
    pub(crate) fn given(&self, index: usize) -> Option<&'static str> {
        self.given.get(index).copied().flatten()
    }

    /// The value given for the metric at `index`, else `default`.
    pub(crate) fn get(&self, index: usize, default: &'static str) -> &'static str {
        self.given(index).unwrap_or(default)
    }

    /// The value given for the metric named `name`.
    pub(crate) fn by_name(&self, name: &str) -> Option<&'static str> {
        let index = self.defs.iter().position(|def| def.name == name)?;
        self.given(index)
    }

    /// Whether a metric of `group` is given a value other than `not_defined`.
    pub(crate) fn defines(&self, group: Group, not_defined: &str) -> bool {
        self.defs
            .iter()
            .zip(&self.given)
            .any(|(def, value)| def.group == group && value.is_some_and(|v| v != not_defined))
    }

    /// `(metric, value)` for every metric given, in the table's order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.defs
            .iter()
            .zip(&self.given)
            .filter_map(|(def, value)| value.map(|v| (def.name, v)))
    }
}

/// Parses `body`, the `/`-separated metrics, which starts at character column `first_column`
/// (1-based) of the input. `version` names the version in messages.
pub(crate) fn parse(
    body: &str,
    first_column: usize,
    defs: &'static [MetricDef],
    version: &'static str,
) -> Result<Values, ErrorKind> {
    let mut given: Vec<Option<&'static str>> = vec![None; defs.len()];
    let mut column = first_column;
    for part in body.split('/') {
        let width = part.chars().count();
        if part.is_empty() {
            return Err(ErrorKind::EmptyMetric { column });
        }
        let Some((name, value)) = part.split_once(':') else {
            return Err(ErrorKind::NotMetric {
                column,
                text: part.to_owned(),
            });
        };
        let Some(index) = defs.iter().position(|def| def.name == name) else {
            return Err(ErrorKind::UnknownMetric {
                column,
                metric: name.to_owned(),
                version,
            });
        };
        let def = &defs[index];
        let Some(value) = def.values.iter().find(|known| **known == value) else {
            return Err(ErrorKind::UnknownValue {
                column: column + name.chars().count() + 1,
                metric: def.name,
                value: value.to_owned(),
                expected: def.values.join(", "),
            });
        };
        let slot = &mut given[index];
        if slot.is_some() {
            return Err(ErrorKind::DuplicateMetric {
                column,
                metric: def.name,
            });
        }
        *slot = Some(value);
        column += width + 1;
    }
    if let Some((def, _)) = defs
        .iter()
        .zip(&given)
        .find(|(def, value)| def.group == Group::Base && value.is_none())
    {
        return Err(ErrorKind::MissingMetric { metric: def.name });
    }
    Ok(Values { defs, given })
}

#[cfg(test)]
mod tests {
    use super::*;

    static DEFS: [MetricDef; 3] = [
        metric("A", Group::Base, &["X", "Y"]),
        metric("B", Group::Base, &["1"]),
        metric("C", Group::Temporal, &["ND", "Z"]),
    ];

    #[test]
    fn parses_any_order_and_reports_columns() {
        let values = parse("B:1/A:Y", 1, &DEFS, "t").unwrap();
        assert_eq!(values.iter().collect::<Vec<_>>(), [("A", "Y"), ("B", "1")]);
        assert!(!values.defines(Group::Temporal, "ND"));
        let values = parse("B:1/A:Y/C:ND", 1, &DEFS, "t").unwrap();
        assert!(!values.defines(Group::Temporal, "ND"));
        assert_eq!(values.by_name("C"), Some("ND"));
        let values = parse("B:1/A:Y/C:Z", 1, &DEFS, "t").unwrap();
        assert!(values.defines(Group::Temporal, "ND"));
        assert_eq!(
            parse("A:X/A:Y", 10, &DEFS, "t"),
            Err(ErrorKind::DuplicateMetric {
                column: 14,
                metric: "A"
            })
        );
        assert_eq!(
            parse("A:X/B:2", 1, &DEFS, "t"),
            Err(ErrorKind::UnknownValue {
                column: 7,
                metric: "B",
                value: "2".into(),
                expected: "1".into()
            })
        );
        assert_eq!(
            parse("A:X", 1, &DEFS, "t"),
            Err(ErrorKind::MissingMetric { metric: "B" })
        );
        assert_eq!(
            parse("A:X/", 1, &DEFS, "t"),
            Err(ErrorKind::EmptyMetric { column: 5 })
        );
        assert_eq!(
            parse("A:X/é/B:1", 1, &DEFS, "t"),
            Err(ErrorKind::NotMetric {
                column: 5,
                text: "é".into()
            })
        );
    }
}
