//! Escaping of text for XML (WordprocessingML) and HTML.

/// Whether `c` may not appear in an XML 1.0 document (control characters other than tab, line
/// feed and carriage return, and the non-characters U+FFFE and U+FFFF).
pub(crate) fn is_forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Whether `c` should not be written into HTML text (the XML set plus DEL and the C1 controls).
fn is_forbidden_in_html(c: char) -> bool {
    is_forbidden_in_xml(c) || matches!(c, '\u{7f}'..='\u{9f}')
}

/// Escapes text for XML character data and attribute values (`&`, `<`, `>`, `"`, `'`);
/// characters XML forbids become U+FFFD so the output stays well-formed.
pub(crate) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_forbidden_in_xml(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML text and quoted attribute values; control characters become U+FFFD.
pub(crate) fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_forbidden_in_html(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML and turns line breaks (`\n`, `\r\n`, `\r`) into `<br>`.
pub(crate) fn html_lines(text: &str) -> String {
    lines(text)
        .iter()
        .map(|line| html(line))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Splits text into lines at `\n`, `\r\n` and `\r`.
pub(crate) fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(index) = rest.find(['\r', '\n']) {
        out.push(&rest[..index]);
        let skip = if rest[index..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[index + skip..];
    }
    out.push(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_replaces_forbidden_characters() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>\u{7}\u{fffe}\t"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{fffd}\u{fffd}\t"
        );
    }

    #[test]
    fn html_escapes_markup_and_controls() {
        assert_eq!(
            html("<script>alert('x')</script>\u{85}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\u{fffd}"
        );
        assert_eq!(html_lines("a&b\r\nc\rd\ne"), "a&amp;b<br>c<br>d<br>e");
    }

    #[test]
    fn lines_split_on_every_line_break_style() {
        assert_eq!(lines("one"), vec!["one"]);
        assert_eq!(lines("a\r\nb\nc\r"), vec!["a", "b", "c", ""]);
    }
}
