//! The workbook layout shared by the writer and the reader: sheet name, columns, header
//! texts and header-block labels.
//!
//! ```text
//!  row  A                        B                       C         D
//!   1   <form title>
//!   2   Form                     ANSI/NEMA HN 1-2019
//!   3   Manufacturer             <manufacturer>
//!   4   Device                   <device>
//!   5   Model                    <model>
//!   6   Software version         <version>
//!   7   Document ID              <document id>
//!   8   Date                     <date>
//!   9   <legend of the answer values>
//!  10   Question ID              Question                Answer    Note
//!  11   DOC                      Document information                          (section row)
//!  12   DOC-1                    <question text>         <answer>  <note>
//! ```

use crate::lang::Lang;

/// The name of the sheet holding the form.
pub(crate) const SHEET_NAME: &str = "MDS2";

/// Column of the question ids (A).
pub(crate) const COL_ID: u16 = 0;
/// Column of the question texts (B); the header block's values too.
pub(crate) const COL_QUESTION: u16 = 1;
/// Column of the answers (C).
pub(crate) const COL_ANSWER: u16 = 2;
/// Column of the notes (D).
pub(crate) const COL_NOTE: u16 = 3;

/// The header of column A that marks the question table, in every language.
pub(crate) const HEADER_ID: &str = "Question ID";

/// Header texts of columns B, C, D as written in `lang`.
pub(crate) fn column_headers(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::En => ["Question", "Answer", "Note"],
        Lang::Ja => ["質問", "回答", "備考"],
    }
}

/// Header texts accepted when reading, for columns B, C, D: (the English name used in
/// errors, every accepted spelling in lower case).
pub(crate) const ACCEPTED_HEADERS: [(&str, &[&str]); 3] = [
    ("Question", &["question", "質問"]),
    ("Answer", &["answer", "回答"]),
    ("Note", &["note", "notes", "備考"]),
];

/// A line of the header block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetaField {
    /// The form's standard name.
    Form,
    /// Manufacturer.
    Manufacturer,
    /// Device.
    Device,
    /// Model.
    Model,
    /// Software version.
    Version,
    /// Document id.
    DocumentId,
    /// Release date.
    Date,
}

impl MetaField {
    /// Every line, in header-block order.
    pub(crate) const ALL: [Self; 7] = [
        Self::Form,
        Self::Manufacturer,
        Self::Device,
        Self::Model,
        Self::Version,
        Self::DocumentId,
        Self::Date,
    ];

    /// The label in (English, Japanese).
    fn labels(self) -> (&'static str, &'static str) {
        match self {
            Self::Form => ("Form", "様式"),
            Self::Manufacturer => ("Manufacturer", "製造販売業者"),
            Self::Device => ("Device", "機器"),
            Self::Model => ("Model", "型式"),
            Self::Version => ("Software version", "ソフトウェアバージョン"),
            Self::DocumentId => ("Document ID", "文書番号"),
            Self::Date => ("Date", "発行日"),
        }
    }

    /// The label written in `lang`.
    pub(crate) fn label(self, lang: Lang) -> &'static str {
        let (en, ja) = self.labels();
        match lang {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }

    /// The line a label names, in either language, ignoring case, surrounding white space and
    /// a trailing colon.
    pub(crate) fn from_label(label: &str) -> Option<Self> {
        let label = label.trim().trim_end_matches([':', '：']).trim_end();
        Self::ALL.into_iter().find(|field| {
            let (en, ja) = field.labels();
            label.eq_ignore_ascii_case(en) || label == ja
        })
    }
}

/// The legend row under the header block.
pub(crate) fn legend(lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            "Answers: Yes, No, N/A (not applicable) or See Note (qualified in the Note column)."
        }
        Lang::Ja => {
            "回答：Yes（はい）、No（いいえ）、N/A（該当しない）、See Note（備考欄を参照）のいずれか。"
        }
    }
}

/// A1 name of a cell from 0-based row and column (`(13, 2)` → `C14`).
pub(crate) fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        letters.into_iter().collect::<String>(),
        u64::from(row) + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cells() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(13, 2), "C14");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(4, 26), "AA5");
        assert_eq!(cell_name(0, 16_383), "XFD1");
    }

    #[test]
    fn labels_read_back_in_both_languages() {
        for field in MetaField::ALL {
            assert_eq!(MetaField::from_label(field.label(Lang::En)), Some(field));
            assert_eq!(MetaField::from_label(field.label(Lang::Ja)), Some(field));
        }
        assert_eq!(
            MetaField::from_label(" document id: "),
            Some(MetaField::DocumentId)
        );
        assert_eq!(MetaField::from_label("発行日："), Some(MetaField::Date));
        assert_eq!(MetaField::from_label("Answers: Yes"), None);
    }
}
