//! `tplc version cmp` and `tplc version in`: compare versions and test range membership under
//! an ecosystem's ordering, one at a time or in batch from standard input.

use std::cmp::Ordering;
use std::fmt::Write as _;
use std::io::BufRead as _;

use anyhow::{Context, anyhow, bail};
use tplc_version::{Scheme, VersRange};

use crate::Outcome;
use crate::output;

/// The scheme for an ecosystem as a user writes it.
fn scheme(ecosystem: &str) -> anyhow::Result<Scheme> {
    Scheme::from_name(ecosystem).ok_or_else(|| {
        anyhow!(
            "unknown ecosystem {ecosystem:?} (give an OSV ecosystem, a purl type or a scheme name)"
        )
    })
}

fn symbol(order: Ordering) -> &'static str {
    match order {
        Ordering::Less => "<",
        Ordering::Equal => "=",
        Ordering::Greater => ">",
    }
}

/// `<`, `=` or `>` for `a` against `b`.
fn compare(ecosystem: &str, a: &str, b: &str) -> anyhow::Result<&'static str> {
    Ok(symbol(scheme(ecosystem)?.compare(a, b)?))
}

/// Whether `version` is in the `vers:` range.
fn contains(ecosystem: &str, version: &str, range: &str) -> anyhow::Result<bool> {
    let scheme = scheme(ecosystem)?;
    let range = VersRange::parse(range)?;
    if range.scheme() != scheme {
        bail!(
            "the range {range} is ordered as {}, the ecosystem {ecosystem:?} as {}",
            range.scheme(),
            scheme
        );
    }
    Ok(range.contains(&scheme.parse(version)?))
}

/// `tplc version cmp ECOSYSTEM A B`.
pub(crate) fn cmp(ecosystem: &str, a: &str, b: &str) -> anyhow::Result<Outcome> {
    output::print(&format!("{}\n", compare(ecosystem, a, b)?))?;
    Ok(Outcome::Success)
}

/// `tplc version in ECOSYSTEM VERSION RANGE`.
pub(crate) fn contained(ecosystem: &str, version: &str, range: &str) -> anyhow::Result<Outcome> {
    output::print(&format!("{}\n", contains(ecosystem, version, range)?))?;
    Ok(Outcome::Success)
}

/// Splits a batch line into the ecosystem (which may contain spaces, as "Red Hat") and its
/// last two whitespace-separated fields; with tabs, the fields are tab-separated.
fn fields(line: &str) -> Option<(&str, &str, &str)> {
    if line.contains('\t') {
        let mut parts = line.split('\t').map(str::trim);
        let (Some(e), Some(x), Some(y), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        return Some((e, x, y));
    }
    let line = line.trim();
    let (rest, y) = line.rsplit_once(char::is_whitespace)?;
    let rest = rest.trim_end();
    let (e, x) = rest.rsplit_once(char::is_whitespace)?;
    let e = e.trim_end();
    (!e.is_empty()).then_some((e, x, y))
}

/// Batch mode: one `ECOSYSTEM A B` line in, one result line out (`<`, `=`, `>`, or
/// `true`/`false` for `in`, or `error: REASON`); blank lines are skipped. Exit status 2 when
/// any line failed.
pub(crate) fn batch(membership: bool) -> anyhow::Result<Outcome> {
    let stdin = std::io::stdin().lock();
    let mut out = String::new();
    let mut failed = 0usize;
    for (number, line) in stdin.lines().enumerate() {
        let line = line.with_context(|| format!("standard input line {}", number + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let result = match fields(&line) {
            None => Err(anyhow!(
                "line {}: expected \"ECOSYSTEM {}\"",
                number + 1,
                if membership { "VERSION RANGE" } else { "A B" }
            )),
            Some((ecosystem, x, y)) if membership => {
                contains(ecosystem, x, y).map(|inside| inside.to_string())
            }
            Some((ecosystem, x, y)) => compare(ecosystem, x, y).map(str::to_owned),
        };
        match result {
            Ok(text) => out.push_str(&text),
            Err(error) => {
                failed += 1;
                let message = error
                    .chain()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(": ");
                let _ = write!(out, "error: {}", message.replace('\n', " "));
            }
        }
        out.push('\n');
        if out.len() > 1 << 16 {
            output::print(&out)?;
            out.clear();
        }
    }
    output::print(&out)?;
    if failed > 0 {
        bail!("{failed} input line(s) could not be evaluated");
    }
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::fields;

    #[test]
    fn batch_fields() {
        assert_eq!(fields("npm 1.0.0 2.0.0"), Some(("npm", "1.0.0", "2.0.0")));
        assert_eq!(
            fields("Red Hat  1.0-1 1.0-2"),
            Some(("Red Hat", "1.0-1", "1.0-2"))
        );
        assert_eq!(
            fields("Red Hat\t1.0-1\t1.0-2"),
            Some(("Red Hat", "1.0-1", "1.0-2"))
        );
        assert_eq!(fields("1.0 2.0"), None);
        assert_eq!(fields("npm\t1.0"), None);
    }
}
