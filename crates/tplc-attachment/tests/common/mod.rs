//! Helpers shared by the integration tests: reading zips and the text of WordprocessingML.

#![allow(dead_code, unreachable_pub)]

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

/// The entries of a zip, in order, as (name, content).
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    (0..archive.len())
        .map(|index| {
            let mut entry = archive.by_index(index).expect("an entry");
            let mut content = Vec::new();
            entry.read_to_end(&mut content).expect("entry content");
            (entry.name().to_owned(), content)
        })
        .collect()
}

/// The content of one entry as UTF-8 text.
pub fn entry(bytes: &[u8], name: &str) -> String {
    let (_, content) = unzip(bytes)
        .into_iter()
        .find(|(entry, _)| entry == name)
        .unwrap_or_else(|| panic!("no entry {name}"));
    String::from_utf8(content).expect("UTF-8")
}

/// Parses `xml` completely (panics when it is not well-formed) and returns the text of every
/// `w:p` paragraph, with `w:tab` as a tab and `w:br` as a line feed.
pub fn paragraphs(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_text = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(element) => match element.name().as_ref() {
                b"w:p" => current = Some(String::new()),
                b"w:t" => in_text = true,
                _ => {}
            },
            Event::Empty(element) => match element.name().as_ref() {
                b"w:p" => out.push(String::new()),
                b"w:tab" => current.get_or_insert_with(String::new).push('\t'),
                b"w:br" => current.get_or_insert_with(String::new).push('\n'),
                _ => {}
            },
            Event::Text(text) if in_text => {
                let text = text.unescape().expect("valid escapes");
                current.get_or_insert_with(String::new).push_str(&text);
            }
            Event::End(element) => match element.name().as_ref() {
                b"w:p" => out.extend(current.take()),
                b"w:t" => in_text = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Parses `xml` completely; panics when it is not well-formed.
pub fn assert_well_formed(xml: &str) {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("not well-formed at {}: {error}", reader.buffer_position()),
        }
    }
}
