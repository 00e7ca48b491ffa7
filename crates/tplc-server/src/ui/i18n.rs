//! The UI's languages and message catalogs (`messages/en.toml`, `messages/ja.toml`), and how a
//! request's language is chosen: the `tplc_lang` cookie, else `Accept-Language`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::http::{HeaderMap, header};

/// The cookie that holds the chosen language (`en` or `ja`).
pub(crate) const LANG_COOKIE: &str = "tplc_lang";

/// A language of the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    /// English.
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Both languages.
    #[cfg(test)]
    pub(crate) const ALL: [Self; 2] = [Self::En, Self::Ja];

    /// The ISO 639-1 code.
    pub(crate) const fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ja => "ja",
        }
    }

    /// The language of a code (`en`, `ja`), `None` for any other text.
    pub(crate) fn from_code(code: &str) -> Option<Self> {
        match code.trim() {
            "en" => Some(Self::En),
            "ja" => Some(Self::Ja),
            _ => None,
        }
    }

    /// The language of tplc-sbom's message catalog.
    pub(crate) const fn sbom(self) -> tplc_sbom::Language {
        match self {
            Self::En => tplc_sbom::Language::English,
            Self::Ja => tplc_sbom::Language::Japanese,
        }
    }

    /// The language of tplc-compliance's texts (catalog statements, rule messages).
    pub(crate) const fn compliance(self) -> tplc_compliance::Lang {
        match self {
            Self::En => tplc_compliance::Lang::En,
            Self::Ja => tplc_compliance::Lang::Ja,
        }
    }

    /// The language of tplc-mds2's texts (questions, section titles).
    pub(crate) const fn mds2(self) -> tplc_mds2::Lang {
        match self {
            Self::En => tplc_mds2::Lang::En,
            Self::Ja => tplc_mds2::Lang::Ja,
        }
    }

    /// The request's language: the `tplc_lang` cookie when it names one, else the first of
    /// English and Japanese in the `Accept-Language` preference order, else English.
    pub(crate) fn of_request(headers: &HeaderMap) -> Self {
        let cookie = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|h| h.split(';'))
            .find_map(|pair| {
                let (k, v) = pair.trim().split_once('=')?;
                (k.trim() == LANG_COOKIE).then(|| Self::from_code(v))?
            });
        cookie.unwrap_or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map_or(Self::En, Self::of_accept_language)
        })
    }

    /// The preferred of English and Japanese in an `Accept-Language` value (`ja,en;q=0.8`):
    /// the tag with the highest quality whose primary subtag is `ja` or `en` (earlier wins a
    /// tie); English when neither is acceptable.
    pub(crate) fn of_accept_language(value: &str) -> Self {
        let mut best: Option<(u16, Self)> = None;
        for item in value.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let primary = tag.split('-').next().unwrap_or("");
            let Some(lang) = Self::from_code(primary) else {
                continue;
            };
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1000, parse_quality);
            if quality > 0 && best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map_or(Self::En, |(_, lang)| lang)
    }
}

/// A quality value (`0.8`) in thousandths; unparsable values count as 0 (not acceptable).
fn parse_quality(text: &str) -> u16 {
    let text = text.trim();
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let int: u16 = match int {
        "1" => 1,
        "0" => 0,
        _ => return 0,
    };
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let digits = format!("{frac:0<3}");
    let frac: u16 = digits.parse().unwrap_or(0);
    (int * 1000 + frac).min(1000)
}

/// The message catalogs of both languages, flattened to `section.key` → text.
#[derive(Debug)]
pub(crate) struct Catalog {
    en: BTreeMap<String, String>,
    ja: BTreeMap<String, String>,
}

/// What a template shows for a key the catalog lacks (the tests look for it).
pub(crate) const MISSING_MARKER: &str = "⟦missing:";

impl Catalog {
    /// The built-in catalogs (parsed once).
    pub(crate) fn get() -> &'static Self {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| Self {
            en: parse(include_str!("../../messages/en.toml")).unwrap_or_default(),
            ja: parse(include_str!("../../messages/ja.toml")).unwrap_or_default(),
        })
    }

    /// The messages of one language.
    pub(crate) fn messages(&self, lang: Lang) -> &BTreeMap<String, String> {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }

    /// The text of `key`, or a visible missing-key marker.
    pub(crate) fn text(&self, lang: Lang, key: &str) -> String {
        self.messages(lang)
            .get(key)
            .cloned()
            .unwrap_or_else(|| format!("{MISSING_MARKER}{key}⟧"))
    }

    /// The text of `key` with `{name}` placeholders filled.
    pub(crate) fn format(&self, lang: Lang, key: &str, values: &[(&str, &str)]) -> String {
        values
            .iter()
            .fold(self.text(lang, key), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    }
}

/// Parses a catalog: TOML tables of strings, flattened to dotted keys.
pub(crate) fn parse(text: &str) -> Result<BTreeMap<String, String>, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out = BTreeMap::new();
    flatten("", &table, &mut out)?;
    Ok(out)
}

fn flatten(
    prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    for (key, value) in table {
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::String(text) => {
                out.insert(full, text.clone());
            }
            toml::Value::Table(inner) => flatten(&full, inner, out)?,
            _ => return Err(format!("{full}: a message must be a string")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn both_catalogs_parse_and_have_exactly_the_same_keys_and_no_empty_values() {
        let en = parse(include_str!("../../messages/en.toml")).unwrap();
        let ja = parse(include_str!("../../messages/ja.toml")).unwrap();
        assert!(en.len() > 100, "{} keys", en.len());
        let only_en: Vec<_> = en.keys().filter(|k| !ja.contains_key(*k)).collect();
        let only_ja: Vec<_> = ja.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(only_en.is_empty(), "only in en.toml: {only_en:?}");
        assert!(only_ja.is_empty(), "only in ja.toml: {only_ja:?}");
        for (lang, map) in [("en", &en), ("ja", &ja)] {
            for (k, v) in map {
                assert!(!v.trim().is_empty(), "{lang}: {k} is empty");
            }
        }
        // Placeholders agree between the languages.
        for (k, v) in &en {
            let names = |s: &str| {
                let mut n: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(a, _)| a.to_owned()))
                    .collect();
                n.sort();
                n
            };
            assert_eq!(names(v), names(&ja[k]), "placeholders of {k}");
        }
    }

    #[test]
    fn the_japanese_catalog_uses_the_seed_terms() {
        let ja = parse(include_str!("../../messages/ja.toml")).unwrap();
        for (key, term) in [
            ("nav.products", "製品"),
            ("product.generic_name", "一般的名称"),
            ("product.approval_number", "承認番号/認証番号"),
            ("finding.severity", "深刻度"),
            ("analysis.current", "分析"),
            ("nav.audit", "監査ログ"),
            ("nav.jobs", "ジョブ"),
            ("sbom.minimum_elements", "最小要素"),
            ("version.version", "バージョン"),
            ("nav.findings", "脆弱性"),
            ("conformity.evidence", "記載文書"),
            ("conformity.items", "確認項目"),
            ("conformity.inherited_from", "前版から継承"),
            ("annex_f.title", "トランジションヘルスソフトウェア"),
            ("lifecycle.plan", "限定的サポート期間"),
            ("lifecycle.title", "EOL/EOS予定"),
            ("lifecycle.legacy", "レガシー医療機器"),
            ("scope.decision", "第12条第3項"),
        ] {
            assert!(ja[key].contains(term), "{key}: {} lacks {term}", ja[key]);
        }
    }

    #[test]
    fn a_bad_catalog_is_an_error_not_a_panic() {
        assert!(parse("[a]\nb = 1").unwrap_err().contains("a.b"));
        assert!(parse("not toml =").is_err());
    }

    #[test]
    fn accept_language_prefers_the_best_quality() {
        assert_eq!(Lang::of_accept_language("ja,en;q=0.8"), Lang::Ja);
        assert_eq!(Lang::of_accept_language("ja-JP"), Lang::Ja);
        assert_eq!(
            Lang::of_accept_language("en-US,en;q=0.9,ja;q=0.8"),
            Lang::En
        );
        assert_eq!(Lang::of_accept_language("fr,ja;q=0.5"), Lang::Ja);
        assert_eq!(Lang::of_accept_language("en;q=0.2,ja;q=0.9"), Lang::Ja);
        assert_eq!(Lang::of_accept_language("ja;q=0"), Lang::En);
        assert_eq!(Lang::of_accept_language("fr, de"), Lang::En);
        assert_eq!(Lang::of_accept_language(""), Lang::En);
        assert_eq!(Lang::of_accept_language("ja;q=x"), Lang::En);
        assert_eq!(Lang::of_accept_language(";;,,=;q=1.5"), Lang::En);
    }

    #[test]
    fn the_cookie_wins_over_accept_language() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("ja"));
        assert_eq!(Lang::of_request(&headers), Lang::Ja);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; tplc_lang=en"),
        );
        assert_eq!(Lang::of_request(&headers), Lang::En);
        headers.insert(header::COOKIE, HeaderValue::from_static("tplc_lang=xx"));
        assert_eq!(Lang::of_request(&headers), Lang::Ja);
    }

    #[test]
    fn missing_keys_are_marked_and_placeholders_filled() {
        let c = Catalog::get();
        assert!(c.text(Lang::En, "no.such.key").starts_with(MISSING_MARKER));
        assert_eq!(
            c.format(Lang::En, "login.rate_limited", &[("seconds", "30")]),
            "Too many failed logins. Try again in 30 seconds."
        );
        assert!(
            c.format(Lang::Ja, "login.rate_limited", &[("seconds", "30")])
                .contains("30 秒")
        );
    }
}
