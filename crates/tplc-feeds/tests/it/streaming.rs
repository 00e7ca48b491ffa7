//! The large readers stream: the first record arrives long before the input ends.

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

/// An input made on the fly: a head, `count` copies of a record, a tail; it counts the bytes
/// handed out.
struct Generated {
    parts: Vec<u8>,
    record: Vec<u8>,
    tail: Vec<u8>,
    remaining: usize,
    position: usize,
    served: Rc<Cell<usize>>,
}

impl Generated {
    fn new(head: &str, record: &str, tail: &str, count: usize, served: Rc<Cell<usize>>) -> Self {
        Self {
            parts: head.as_bytes().to_vec(),
            record: record.as_bytes().to_vec(),
            tail: tail.as_bytes().to_vec(),
            remaining: count,
            position: 0,
            served,
        }
    }
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.position == self.parts.len() {
            self.position = 0;
            self.parts = match self.remaining {
                0 => std::mem::take(&mut self.tail),
                _ => {
                    self.remaining -= 1;
                    let separator = if self.remaining == 0 { "" } else { "," };
                    [self.record.as_slice(), separator.as_bytes()].concat()
                }
            };
            if self.parts.is_empty() {
                return Ok(0);
            }
        }
        let available = &self.parts[self.position..];
        let count = available.len().min(buf.len());
        buf[..count].copy_from_slice(&available[..count]);
        self.position += count;
        self.served.set(self.served.get() + count);
        Ok(count)
    }
}

#[test]
fn nvd_records_arrive_while_the_input_is_still_being_read() {
    let served = Rc::new(Cell::new(0));
    let record = r#"{"cve":{"id":"CVE-2021-44228","vulnStatus":"Analyzed","descriptions":[{"lang":"en","value":"Apache Log4j2 JNDI features do not protect against attacker controlled LDAP and other JNDI related endpoints."}],"configurations":[{"nodes":[{"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":true,"criteria":"cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*","versionStartIncluding":"2.13.0","versionEndExcluding":"2.15.0"}]}]}]}}"#;
    let count = 20_000;
    let input = Generated::new(
        r#"{"resultsPerPage":20000,"format":"NVD_CVE","version":"2.0","vulnerabilities":["#,
        record,
        "]}",
        count,
        Rc::clone(&served),
    );
    let first_at = Cell::new(None);
    let mut read = 0;
    let summary = tplc_feeds::read_nvd_json(
        input,
        "generated.json",
        |_| {
            read += 1;
            if first_at.get().is_none() {
                first_at.set(Some(served.get()));
            }
        },
        |_| {},
    );
    assert_eq!(summary.ok().map(|summary| summary.read), Some(count));
    assert_eq!(read, count);
    let total = served.get();
    assert!(total > 7_000_000, "{total}");
    assert!(
        first_at.get().is_some_and(|at| at < total / 50),
        "first at {:?} of {total}",
        first_at.get()
    );
}

#[test]
fn vuldef_records_arrive_while_the_input_is_still_being_read() {
    let served = Rc::new(Cell::new(0));
    let record = "<Vulinfo><VulinfoID>JVNDB-2025-000003</VulinfoID><VulinfoData><Title>FortiWebにおけるSQLインジェクションの脆弱性</Title><Affected><AffectedItem><Cpe version=\"2.2\">cpe:/a:fortinet:fortiweb</Cpe><VersionNumber>7.6.2より前のバージョン</VersionNumber></AffectedItem></Affected></VulinfoData></Vulinfo>\n";
    let count = 10_000;
    let input = Generated::new(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VULDEF-Document version=\"3.2\" xmlns=\"http://jvn.jp/vuldef/\" xml:lang=\"ja\">\n",
        record,
        "</VULDEF-Document>\n",
        count,
        Rc::clone(&served),
    );
    let first_at = Cell::new(None);
    let mut last = None;
    let summary = tplc_feeds::read_jvn_vuldef(
        input,
        "generated.rdf",
        None,
        |advisory| {
            if first_at.get().is_none() {
                first_at.set(Some(served.get()));
            }
            last = Some(advisory);
        },
        |_| {},
    );
    // The generator puts a comma between records: stray text inside the root element, which
    // the reader passes over.
    assert_eq!(summary.ok().map(|summary| summary.read), Some(count));
    let total = served.get();
    assert!(
        first_at.get().is_some_and(|at| at < total / 50),
        "first at {:?} of {total}",
        first_at.get()
    );
    let last = last.expect("records");
    assert_eq!(
        last.cpe_configurations[0].nodes[0].matches[0]
            .version_end_excluding
            .as_deref(),
        Some("7.6.2")
    );
}
