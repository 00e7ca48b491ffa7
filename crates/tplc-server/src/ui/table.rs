//! Server-side sorting and paging of the UI's tables.

/// Rows per page of the long lists.
pub(crate) const PER_PAGE: usize = 25;

/// A sort order from the query string (`sort=key&dir=asc|desc`), the key restricted to the
/// columns a table allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sort {
    /// The column.
    pub(crate) key: &'static str,
    /// Descending.
    pub(crate) desc: bool,
}

impl Sort {
    /// The requested sort if `key` is one of `allowed`, else `default` ascending or descending.
    pub(crate) fn parse(
        key: Option<&str>,
        dir: Option<&str>,
        allowed: &[&'static str],
        default: (&'static str, bool),
    ) -> Self {
        match key.and_then(|k| allowed.iter().find(|a| **a == k)) {
            Some(found) => Self {
                key: found,
                desc: dir == Some("desc"),
            },
            None => Self {
                key: default.0,
                desc: match dir {
                    Some("asc") if key.is_none() => false,
                    Some("desc") if key.is_none() => true,
                    _ => default.1,
                },
            },
        }
    }

    /// `asc` or `desc`.
    pub(crate) const fn dir(&self) -> &'static str {
        if self.desc { "desc" } else { "asc" }
    }

    /// Sorts `rows` by `cmp` in this order (stable).
    pub(crate) fn apply<T>(&self, rows: &mut [T], cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
        rows.sort_by(|a, b| {
            let o = cmp(a, b);
            if self.desc { o.reverse() } else { o }
        });
    }
}

/// Where a page is in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Pager {
    /// The page, from 1.
    pub(crate) page: usize,
    /// How many pages (at least 1).
    pub(crate) pages: usize,
    /// How many rows in all.
    pub(crate) total: usize,
}

impl Pager {
    /// The pager for `total` rows at the requested page (clamped into range; unparsable is 1).
    pub(crate) fn new(total: usize, requested: Option<&str>, per_page: usize) -> Self {
        let per_page = per_page.max(1);
        let pages = total.div_ceil(per_page).max(1);
        let page = requested
            .and_then(|p| p.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, pages);
        Self { page, pages, total }
    }

    /// The index range of this page's rows.
    pub(crate) fn range(&self, per_page: usize) -> std::ops::Range<usize> {
        let start = (self.page - 1).saturating_mul(per_page).min(self.total);
        start..start.saturating_add(per_page).min(self.total)
    }
}

/// Compares optional values with the missing ones last.
pub(crate) fn none_last<T: PartialOrd>(a: Option<&T>, b: Option<&T>) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (Some(x), Some(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sort_keys_are_whitelisted() {
        let s = Sort::parse(Some("name"), Some("desc"), &["name", "id"], ("id", false));
        assert_eq!((s.key, s.desc, s.dir()), ("name", true, "desc"));
        let s = Sort::parse(Some("drop table"), Some("desc"), &["name"], ("id", true));
        assert_eq!((s.key, s.desc), ("id", true));
        let s = Sort::parse(None, None, &["name"], ("name", false));
        assert_eq!((s.key, s.desc), ("name", false));
        let mut v = vec![3, 1, 2];
        Sort::parse(Some("n"), Some("desc"), &["n"], ("n", false)).apply(&mut v, Ord::cmp);
        assert_eq!(v, [3, 2, 1]);
    }

    #[test]
    fn pages_clamp() {
        let p = Pager::new(51, Some("9"), 25);
        assert_eq!((p.page, p.pages), (3, 3));
        assert_eq!(p.range(25), 50..51);
        let p = Pager::new(0, Some("x"), 25);
        assert_eq!((p.page, p.pages, p.range(25)), (1, 1, 0..0));
        let p = Pager::new(10, Some("0"), 25);
        assert_eq!(p.page, 1);
    }

    #[test]
    fn missing_values_sort_last() {
        let mut v = vec![None, Some(2.0), Some(1.0)];
        v.sort_by(|a, b| none_last(a.as_ref(), b.as_ref()));
        assert_eq!(v, [Some(1.0), Some(2.0), None]);
    }

    proptest! {
        #[test]
        fn pages_cover_every_row_exactly_once(total in 0usize..500, per in 1usize..60) {
            let pages = Pager::new(total, None, per).pages;
            let mut seen = 0;
            for page in 1..=pages {
                let r = Pager::new(total, Some(&page.to_string()), per).range(per);
                prop_assert_eq!(r.start, seen);
                prop_assert!(r.len() <= per);
                seen = r.end;
            }
            prop_assert_eq!(seen, total);
        }
    }
}
