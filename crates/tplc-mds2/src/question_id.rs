//! Question identifiers of the form `<SECTION>-<n>[.<m>[.<k>…]]`, e.g. `DOC-11.4`, `AUDT-2.8.1`.

use std::cmp::Ordering;

/// A parsed question identifier: the section code and the numbers after the dash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuestionId<'a> {
    /// The section code before the dash (`AUDT`).
    pub(crate) section: &'a str,
    /// The numbers after the dash (`[2, 8, 1]`), at least one.
    pub(crate) numbers: Vec<u32>,
}

impl<'a> QuestionId<'a> {
    /// Parses an identifier; `None` when it is not of the form `CODE-n(.m)*` with a section
    /// code of upper-case ASCII letters and numbers without leading zeros.
    pub(crate) fn parse(text: &'a str) -> Option<Self> {
        let (section, rest) = text.split_once('-')?;
        if !is_section_code(section) {
            return None;
        }
        let numbers = rest
            .split('.')
            .map(|part| {
                let well_formed = !part.is_empty()
                    && part.bytes().all(|b| b.is_ascii_digit())
                    && !(part.len() > 1 && part.starts_with('0'));
                if well_formed { part.parse().ok() } else { None }
            })
            .collect::<Option<Vec<u32>>>()?;
        Some(Self { section, numbers })
    }

    /// The identifier of the parent question (`AUDT-2.8` for `AUDT-2.8.1`), `None` for a
    /// top-level question (`AUDT-2`).
    pub(crate) fn parent(&self) -> Option<String> {
        let (_, parent) = self.numbers.split_last()?;
        if parent.is_empty() {
            return None;
        }
        let numbers: Vec<String> = parent.iter().map(u32::to_string).collect();
        Some(format!("{}-{}", self.section, numbers.join(".")))
    }

    /// Form order of two identifiers of the same section: by their numbers, a parent before
    /// its children (`2` < `2.8` < `2.8.1` < `2.9` < `2.10`).
    pub(crate) fn order(&self, other: &Self) -> Ordering {
        self.numbers.cmp(&other.numbers)
    }
}

/// Whether `text` can be a section code: 2 to 8 upper-case ASCII letters.
pub(crate) fn is_section_code(text: &str) -> bool {
    (2..=8).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_uppercase())
}

/// Whether `text` looks like a question identifier of any form (`ABC-1`, `ABC-1.2`): used by
/// the reader to tell question rows from other rows.
pub(crate) fn looks_like_question_id(text: &str) -> bool {
    QuestionId::parse(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_section_numbers_and_parent() {
        let id = QuestionId::parse("AUDT-2.8.1").unwrap();
        assert_eq!(id.section, "AUDT");
        assert_eq!(id.numbers, vec![2, 8, 1]);
        assert_eq!(id.parent().as_deref(), Some("AUDT-2.8"));
        assert_eq!(QuestionId::parse("DOC-11").unwrap().parent(), None);
    }

    #[test]
    fn rejects_malformed_ids() {
        for bad in [
            "DOC", "DOC-", "doc-1", "DOC-1.", "DOC-.1", "DOC-01", "DOC-1a", "D-1", "-1", "DOC-1-2",
        ] {
            assert!(QuestionId::parse(bad).is_none(), "{bad}");
        }
        assert!(looks_like_question_id("SHAD-15"));
    }

    #[test]
    fn orders_as_the_form() {
        let ids = [
            "AUDT-2",
            "AUDT-2.8",
            "AUDT-2.8.1",
            "AUDT-2.9",
            "AUDT-2.10",
            "AUDT-3",
        ];
        for pair in ids.windows(2) {
            let (a, b) = (
                QuestionId::parse(pair[0]).unwrap(),
                QuestionId::parse(pair[1]).unwrap(),
            );
            assert_eq!(a.order(&b), Ordering::Less, "{} < {}", pair[0], pair[1]);
        }
    }
}
