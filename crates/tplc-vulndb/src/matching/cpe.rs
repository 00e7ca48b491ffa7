//! CPE 2.3 matching against NVD-style configurations.
//!
//! Exact vendor and product only, no fuzzy name guessing. A vulnerable criterion whose version
//! is ANY or NA matches only through a version range: `cpe:2.3:a:openssl:openssl:*:…` alone says
//! nothing about which versions are affected. AND configurations ("running on/with") hold only
//! when every node is satisfied by some component of the same SBOM; the finding goes to the
//! component that satisfies a vulnerable criterion.

use tplc_advisory::{CpeConfiguration, CpeMatch, CpeNode, Operator};
use tplc_cpe::{Attribute, AttributeValue, Cpe};
use tplc_version::Scheme;

/// A component's CPE, read once.
#[derive(Debug, Clone)]
pub(crate) struct ComponentCpe {
    pub(crate) cpe: Cpe,
    /// The version to compare: the CPE's own, else the component's.
    pub(crate) version: Option<String>,
}

/// Reads a CPE 2.3 formatted string or a CPE 2.2 URI.
pub(crate) fn parse_cpe(text: &str) -> Option<Cpe> {
    let text = text.trim();
    if text.starts_with("cpe:2.3:") {
        Cpe::parse_formatted(text).ok()
    } else if text.starts_with("cpe:/") {
        Cpe::parse_uri(text).ok()
    } else {
        None
    }
}

fn value_text(value: &AttributeValue) -> Option<String> {
    match value {
        AttributeValue::Value(value) => Some(value.unquoted().to_lowercase()),
        AttributeValue::Any | AttributeValue::NotApplicable => None,
    }
}

/// The index key of a CPE: `vendor:product`, lower case, unquoted.
#[must_use]
pub fn cpe_key(text: &str) -> Option<String> {
    let cpe = parse_cpe(text)?;
    key_of(&cpe)
}

pub(crate) fn key_of(cpe: &Cpe) -> Option<String> {
    let vendor = value_text(cpe.vendor())?;
    let product = value_text(&cpe.get(Attribute::Product))?;
    Some(format!("{vendor}:{product}"))
}

impl ComponentCpe {
    pub(crate) fn new(text: &str, component_version: Option<&str>) -> Option<Self> {
        let cpe = parse_cpe(text)?;
        let version = value_text(&cpe.get(Attribute::Version))
            .or_else(|| component_version.map(str::to_owned))
            .filter(|version| !version.trim().is_empty());
        Some(Self { cpe, version })
    }
}

fn generic_cmp(a: &str, b: &str) -> Option<std::cmp::Ordering> {
    Scheme::Generic.compare(a, b).ok()
}

/// Whether every attribute but the version agrees: the criterion's ANY matches anything,
/// otherwise the values must be equal (a component's ANY does not satisfy a specific value).
fn attributes_agree(criterion: &Cpe, component: &Cpe) -> bool {
    Attribute::ALL.iter().all(|attribute| {
        if *attribute == Attribute::Version {
            return true;
        }
        match criterion.get(*attribute) {
            AttributeValue::Any => true,
            wanted => {
                let have = component.get(*attribute);
                match (&wanted, &have) {
                    (AttributeValue::Value(a), AttributeValue::Value(b)) => {
                        a.unquoted().eq_ignore_ascii_case(&b.unquoted())
                    }
                    _ => wanted == have,
                }
            }
        }
    })
}

/// Whether a component satisfies one criterion, and if so which version text matched.
pub(crate) fn satisfies(criterion: &CpeMatch, component: &ComponentCpe) -> bool {
    let Some(wanted) = parse_cpe(&criterion.criteria) else {
        return false;
    };
    if !attributes_agree(&wanted, &component.cpe) {
        return false;
    }
    let has_range = criterion.version_start_including.is_some()
        || criterion.version_start_excluding.is_some()
        || criterion.version_end_including.is_some()
        || criterion.version_end_excluding.is_some();
    let wanted_version = value_text(&wanted.get(Attribute::Version));
    if !has_range && wanted_version.is_none() {
        // ANY or NA version without a range: only a platform condition may match this way.
        return !criterion.vulnerable;
    }
    let Some(version) = component.version.as_deref() else {
        return false;
    };
    if let Some(exact) = wanted_version {
        return exact.eq_ignore_ascii_case(version)
            || generic_cmp(&exact, version) == Some(std::cmp::Ordering::Equal);
    }
    let check = |bound: &Option<String>, accept: &dyn Fn(std::cmp::Ordering) -> bool| {
        bound
            .as_deref()
            .is_none_or(|bound| generic_cmp(version, bound).is_some_and(accept))
    };
    check(&criterion.version_start_including, &|order| order.is_ge())
        && check(&criterion.version_start_excluding, &|order| order.is_gt())
        && check(&criterion.version_end_including, &|order| order.is_le())
        && check(&criterion.version_end_excluding, &|order| order.is_lt())
}

/// A short text for a finding's reason.
pub(crate) fn describe(criterion: &CpeMatch) -> String {
    let mut text = criterion.criteria.clone();
    let bounds = [
        (">=", &criterion.version_start_including),
        (">", &criterion.version_start_excluding),
        ("<=", &criterion.version_end_including),
        ("<", &criterion.version_end_excluding),
    ];
    let written: Vec<String> = bounds
        .iter()
        .filter_map(|(symbol, bound)| bound.as_ref().map(|bound| format!("{symbol}{bound}")))
        .collect();
    if !written.is_empty() {
        text.push_str(" versions ");
        text.push_str(&written.join(" "));
    }
    text
}

fn node_holds(node: &CpeNode, platform: &[ComponentCpe]) -> bool {
    let any = |criterion: &CpeMatch| {
        platform
            .iter()
            .any(|component| satisfies(criterion, component))
    };
    let holds = match node.operator {
        Operator::Or => node.matches.iter().any(any),
        Operator::And => !node.matches.is_empty() && node.matches.iter().all(any),
    };
    holds != node.negate
}

fn configuration_holds(configuration: &CpeConfiguration, platform: &[ComponentCpe]) -> bool {
    let holds = match configuration.operator {
        Operator::Or => configuration
            .nodes
            .iter()
            .any(|node| node_holds(node, platform)),
        Operator::And => {
            !configuration.nodes.is_empty()
                && configuration
                    .nodes
                    .iter()
                    .all(|node| node_holds(node, platform))
        }
    };
    holds != configuration.negate
}

/// The vulnerable criteria that `component` satisfies in configurations that hold on the
/// SBOM's `platform` (every CPE-bearing component of the SBOM, `component` included).
pub(crate) fn vulnerable_matches<'a>(
    configurations: &'a [CpeConfiguration],
    component: &ComponentCpe,
    platform: &[ComponentCpe],
) -> Vec<&'a CpeMatch> {
    let mut found = Vec::new();
    for configuration in configurations {
        let mine: Vec<&CpeMatch> = configuration
            .nodes
            .iter()
            .filter(|node| !node.negate)
            .flat_map(|node| &node.matches)
            .filter(|criterion| criterion.vulnerable && satisfies(criterion, component))
            .collect();
        if !mine.is_empty() && configuration_holds(configuration, platform) {
            found.extend(mine);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criterion(criteria: &str, vulnerable: bool) -> CpeMatch {
        CpeMatch {
            vulnerable,
            criteria: criteria.into(),
            ..CpeMatch::default()
        }
    }

    fn component(cpe: &str, version: Option<&str>) -> ComponentCpe {
        ComponentCpe::new(cpe, version).unwrap()
    }

    #[test]
    fn any_version_without_range_never_matches_a_vulnerable_criterion() {
        let any = criterion("cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", true);
        assert!(!satisfies(
            &any,
            &component("cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*", None)
        ));
        let na = criterion("cpe:2.3:a:openssl:openssl:-:*:*:*:*:*:*:*", true);
        assert!(!satisfies(
            &na,
            &component("cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*", None)
        ));
    }

    #[test]
    fn ranges_and_exact_versions() {
        let mut heartbleed = criterion("cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", true);
        heartbleed.version_start_including = Some("1.0.1".into());
        heartbleed.version_end_excluding = Some("1.0.1g".into());
        assert!(satisfies(
            &heartbleed,
            &component("cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*", None)
        ));
        assert!(!satisfies(
            &heartbleed,
            &component("cpe:2.3:a:openssl:openssl:1.0.1g:*:*:*:*:*:*:*", None)
        ));
        assert!(!satisfies(
            &heartbleed,
            &component("cpe:2.3:a:openssl:openssl:1.0.0:*:*:*:*:*:*:*", None)
        ));
        assert!(satisfies(
            &heartbleed,
            &component("cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", Some("1.0.1c"))
        ));
        assert!(!satisfies(
            &heartbleed,
            &component("cpe:2.3:a:other:openssl:1.0.1f:*:*:*:*:*:*:*", None)
        ));
        let exact = criterion("cpe:2.3:o:vendor:firmware:2.1:*:*:*:*:*:*:*", true);
        assert!(satisfies(
            &exact,
            &component("cpe:2.3:o:vendor:firmware:2.1:*:*:*:*:*:*:*", None)
        ));
        assert!(!satisfies(
            &exact,
            &component("cpe:2.3:o:vendor:firmware:2.2:*:*:*:*:*:*:*", None)
        ));
    }

    #[test]
    fn and_configurations_need_the_platform() {
        let mut app = criterion("cpe:2.3:a:vendor:app:*:*:*:*:*:*:*:*", true);
        app.version_end_excluding = Some("3.0".into());
        let configuration = CpeConfiguration {
            operator: Operator::And,
            negate: false,
            nodes: vec![
                CpeNode {
                    operator: Operator::Or,
                    negate: false,
                    matches: vec![app],
                },
                CpeNode {
                    operator: Operator::Or,
                    negate: false,
                    matches: vec![criterion(
                        "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*",
                        false,
                    )],
                },
            ],
        };
        let configurations = [configuration];
        let app_component = component("cpe:2.3:a:vendor:app:2.0:*:*:*:*:*:*:*", None);
        let windows = component("cpe:2.3:o:microsoft:windows:10:*:*:*:*:*:*:*", None);
        assert!(
            vulnerable_matches(
                &configurations,
                &app_component,
                std::slice::from_ref(&app_component)
            )
            .is_empty()
        );
        assert_eq!(
            vulnerable_matches(
                &configurations,
                &app_component,
                &[app_component.clone(), windows.clone()]
            )
            .len(),
            1
        );
        assert!(
            vulnerable_matches(&configurations, &windows, &[app_component, windows.clone()])
                .is_empty()
        );
    }

    #[test]
    fn keys_are_vendor_and_product() {
        assert_eq!(
            cpe_key("cpe:2.3:a:OpenSSL:openssl:1.0:*:*:*:*:*:*:*").as_deref(),
            Some("openssl:openssl")
        );
        assert_eq!(
            cpe_key("cpe:/o:linux:linux_kernel:5.10").as_deref(),
            Some("linux:linux_kernel")
        );
        assert_eq!(cpe_key("not a cpe"), None);
    }
}
