//! Versions and qualitative severity ratings.

use std::fmt;

/// A CVSS version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CvssVersion {
    /// CVSS v2.0: vectors without prefix, `AV:N/AC:L/Au:N/C:P/I:P/A:P`.
    V2,
    /// CVSS v3.0: `CVSS:3.0/…`.
    V3_0,
    /// CVSS v3.1: `CVSS:3.1/…`.
    V3_1,
    /// CVSS v4.0: `CVSS:4.0/…`.
    V4_0,
}

impl CvssVersion {
    /// The version number: `"2.0"`, `"3.0"`, `"3.1"` or `"4.0"` (as CVSS JSON writes it).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V2 => "2.0",
            Self::V3_0 => "3.0",
            Self::V3_1 => "3.1",
            Self::V4_0 => "4.0",
        }
    }

    /// The vector prefix, `"CVSS:3.1/"`; empty for v2.0.
    #[must_use]
    pub const fn prefix(self) -> &'static str {
        match self {
            Self::V2 => "",
            Self::V3_0 => "CVSS:3.0/",
            Self::V3_1 => "CVSS:3.1/",
            Self::V4_0 => "CVSS:4.0/",
        }
    }
}

impl fmt::Display for CvssVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A qualitative severity rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// 0.0 (v3.x, v4.0).
    None,
    /// v3.x/v4.0: 0.1–3.9; v2.0: 0.0–3.9.
    Low,
    /// 4.0–6.9.
    Medium,
    /// v3.x/v4.0: 7.0–8.9; v2.0: 7.0–10.0.
    High,
    /// 9.0–10.0 (v3.x, v4.0).
    Critical,
}

impl Severity {
    /// The rating of a score in `version`: v3.x and v4.0 use the five ratings of their
    /// specifications; v2.0 the three of NVD (Low 0.0–3.9, Medium 4.0–6.9, High 7.0–10.0).
    #[must_use]
    pub fn of(version: CvssVersion, score: f64) -> Self {
        match version {
            CvssVersion::V2 if score < 4.0 => Self::Low,
            CvssVersion::V2 if score < 7.0 => Self::Medium,
            CvssVersion::V2 => Self::High,
            _ if score <= 0.0 => Self::None,
            _ if score < 4.0 => Self::Low,
            _ if score < 7.0 => Self::Medium,
            _ if score < 9.0 => Self::High,
            _ => Self::Critical,
        }
    }

    /// The rating as CVSS JSON writes it: `"NONE"`, `"LOW"`, `"MEDIUM"`, `"HIGH"`, `"CRITICAL"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::None => "NONE",
            Self::Low => "LOW",
            Self::Medium => "MEDIUM",
            Self::High => "HIGH",
            Self::Critical => "CRITICAL",
        }
    }

    /// The rating as the specifications name it: `"None"`, `"Low"`, …
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::None => "None",
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
            Self::Critical => "Critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_each_version() {
        let v3 = |score| Severity::of(CvssVersion::V3_1, score);
        assert_eq!(v3(0.0), Severity::None);
        assert_eq!(v3(0.1), Severity::Low);
        assert_eq!(v3(3.9), Severity::Low);
        assert_eq!(v3(4.0), Severity::Medium);
        assert_eq!(v3(6.9), Severity::Medium);
        assert_eq!(v3(7.0), Severity::High);
        assert_eq!(v3(8.9), Severity::High);
        assert_eq!(v3(9.0), Severity::Critical);
        assert_eq!(v3(10.0), Severity::Critical);
        assert_eq!(Severity::of(CvssVersion::V4_0, 0.0), Severity::None);
        let v2 = |score| Severity::of(CvssVersion::V2, score);
        assert_eq!(v2(0.0), Severity::Low);
        assert_eq!(v2(3.9), Severity::Low);
        assert_eq!(v2(4.0), Severity::Medium);
        assert_eq!(v2(7.0), Severity::High);
        assert_eq!(v2(10.0), Severity::High);
        assert_eq!(Severity::Critical.as_str(), "CRITICAL");
        assert_eq!(Severity::Medium.label(), "Medium");
        assert_eq!(CvssVersion::V3_1.to_string(), "3.1");
        assert_eq!(CvssVersion::V4_0.prefix(), "CVSS:4.0/");
    }
}
