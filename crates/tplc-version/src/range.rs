//! OSV `ranges[]` entries of type `SEMVER` and `ECOSYSTEM`.

use std::cmp::Ordering;

use crate::{Scheme, Version, VersionError};

/// OSV range events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    /// `introduced`: affected from this version on (`"0"`: from the beginning).
    Introduced,
    /// `fixed`: not affected from this version on.
    Fixed,
    /// `last_affected`: the last affected version (inclusive).
    LastAffected,
    /// `limit`: an upper bound on the whole range (`"*"`: unbounded).
    Limit,
}

impl EventKind {
    /// The OSV field name (`introduced`, `fixed`, `last_affected`, `limit`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Introduced => "introduced",
            Self::Fixed => "fixed",
            Self::LastAffected => "last_affected",
            Self::Limit => "limit",
        }
    }

    /// The event kind for an OSV field name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "introduced" => Some(Self::Introduced),
            "fixed" => Some(Self::Fixed),
            "last_affected" => Some(Self::LastAffected),
            "limit" => Some(Self::Limit),
            _ => None,
        }
    }
}

/// Where an event sits: before every version (`introduced: "0"`), at a version, or after every
/// version (`limit: "*"`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Point {
    Start,
    At(Version),
    End,
}

impl Point {
    fn cmp_version(&self, version: &Version) -> Ordering {
        match self {
            Self::Start => Ordering::Less,
            Self::At(at) => at.cmp(version),
            Self::End => Ordering::Greater,
        }
    }
}

/// An OSV `ranges[]` entry of type `SEMVER` or `ECOSYSTEM`, prepared for fast evaluation.
///
/// For an `ECOSYSTEM` range use the ecosystem's scheme ([`Scheme::from_osv_ecosystem`]); a
/// `SEMVER` range is SemVer whatever the ecosystem ([`Scheme::Semver`], or [`Scheme::Go`] for
/// Go, whose versions carry a `v`). Event versions are parsed once, in [`EventRange::new`].
///
/// ```
/// use tplc_version::{EventKind, EventRange, Scheme};
///
/// let range = EventRange::new(
///     Scheme::Pep440,
///     [(EventKind::Introduced, "0"), (EventKind::Fixed, "1.0")],
/// )?;
/// assert!(range.contains(&Scheme::Pep440.parse("1.0rc1")?));
/// assert!(!range.contains(&Scheme::Pep440.parse("1.0")?));
/// # Ok::<(), tplc_version::VersionError>(())
/// ```
#[derive(Debug, Clone)]
pub struct EventRange {
    scheme: Scheme,
    /// The `introduced`, `fixed` and `last_affected` events, sorted by point (ties:
    /// introduced, then last_affected, then fixed).
    events: Vec<(Point, EventKind)>,
    /// The `limit` events (empty: no limit).
    limits: Vec<Point>,
}

impl EventRange {
    /// Parses every event version under `scheme` (`"0"` as introduced means from the
    /// beginning, `"*"` as limit means no limit).
    ///
    /// # Errors
    ///
    /// An unparsable event version is an error naming it.
    pub fn new<'a>(
        scheme: Scheme,
        events: impl IntoIterator<Item = (EventKind, &'a str)>,
    ) -> Result<Self, VersionError> {
        let mut parsed = Vec::new();
        let mut limits = Vec::new();
        for (kind, text) in events {
            let point = match (kind, text) {
                (EventKind::Introduced, "0") => Point::Start,
                (EventKind::Limit, "*") => Point::End,
                _ => Point::At(scheme.parse(text).map_err(|err| {
                    VersionError::range(
                        Some(scheme),
                        text,
                        format!("{} event: {}", kind.name(), err.reason()),
                    )
                })?),
            };
            if kind == EventKind::Limit {
                limits.push(point);
            } else {
                parsed.push((point, kind));
            }
        }
        parsed.sort_by(|(a, ka), (b, kb)| a.cmp(b).then_with(|| tie_rank(*ka).cmp(&tie_rank(*kb))));
        Ok(Self {
            scheme,
            events: parsed,
            limits,
        })
    }

    /// The scheme the event versions were parsed under.
    #[must_use]
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Whether `version` is affected, following the OSV schema's evaluation algorithm
    /// (<https://ossf.github.io/osv-schema/#evaluation>): the events are sorted by version and
    /// walked in order; an `introduced` at or below the version sets "affected", a `fixed` at or
    /// below it or a `last_affected` below it clears it, so one range may hold several
    /// introduced/fixed pairs. When the range has `limit` events, the version must also be
    /// below at least one of them. A version of another scheme is never contained.
    #[must_use]
    pub fn contains(&self, version: &Version) -> bool {
        if version.scheme() != self.scheme {
            return false;
        }
        if !self.limits.is_empty()
            && !self
                .limits
                .iter()
                .any(|limit| limit.cmp_version(version) == Ordering::Greater)
        {
            return false;
        }
        let mut affected = false;
        for (point, kind) in &self.events {
            let order = point.cmp_version(version);
            match kind {
                EventKind::Introduced if order != Ordering::Greater => affected = true,
                EventKind::Fixed if order != Ordering::Greater => affected = false,
                EventKind::LastAffected if order == Ordering::Less => affected = false,
                _ => {}
            }
        }
        affected
    }
}

/// The order of events at the same version: introduced first, so that a `fixed` or
/// `last_affected` at the same version decides.
fn tie_rank(kind: EventKind) -> u8 {
    match kind {
        EventKind::Introduced => 0,
        EventKind::LastAffected => 1,
        EventKind::Fixed | EventKind::Limit => 2,
    }
}
