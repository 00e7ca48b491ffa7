//! SPDX 2.x tag-value → the SPDX JSON shape (SPDX 2.3 clause 5 and annex "tag-value").
//!
//! The text is turned into the same JSON value the JSON encoding of the document would be,
//! so that one conversion reads both encodings into the model. Errors found while converting
//! that value point into it; [`Parsed::relocate`] turns them back into the line of the tag.

use serde_json::{Map, Value, json};

use crate::error::{ReadError, child};
use crate::json::Object;
use crate::reader::check_version;

/// A tag-value document as an SPDX JSON value, with the line of every field it came from.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// The document in SPDX JSON shape.
    pub(crate) value: Value,
    /// JSON pointer of a field or element → the line it came from.
    lines: Vec<(String, usize)>,
}

impl Parsed {
    /// Turns an error pointing into the JSON value into one naming the tag-value line.
    pub(crate) fn relocate(&self, error: ReadError) -> ReadError {
        let crate::error::Location::Pointer(pointer) = error.location() else {
            return error;
        };
        let line = self
            .lines
            .iter()
            .filter(|(prefix, _)| {
                pointer == prefix
                    || (pointer.starts_with(prefix.as_str())
                        && pointer[prefix.len()..].starts_with('/'))
            })
            .max_by_key(|(prefix, _)| prefix.len())
            .map_or(1, |(_, line)| *line);
        ReadError::at_line(line, error.message())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Document,
    Package(usize),
    File(usize),
    Snippet(usize),
    License(usize),
}

#[derive(Debug, Default)]
struct Snippet {
    object: Object,
    byte_range: Option<(u64, u64)>,
    line_range: Option<(u64, u64)>,
}

#[derive(Debug)]
struct Annotation {
    object: Object,
    target: Option<String>,
    line: usize,
}

#[derive(Debug)]
struct Builder {
    document: Object,
    creation: Object,
    packages: Vec<(Object, Vec<Value>)>,
    files: Vec<Object>,
    snippets: Vec<Snippet>,
    licenses: Vec<Object>,
    relationships: Vec<Object>,
    annotations: Vec<Annotation>,
    section: Section,
    /// The package that files read now belong to (files following a package).
    owner: Option<usize>,
    lines: Vec<(String, usize)>,
}

/// Parses tag-value text.
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed, ReadError> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let line = bytes[..error.valid_up_to()]
            .iter()
            .filter(|byte| **byte == b'\n')
            .count()
            + 1;
        ReadError::at_line(line, "invalid UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut builder = Builder {
        document: Map::new(),
        creation: Map::new(),
        packages: Vec::new(),
        files: Vec::new(),
        snippets: Vec::new(),
        licenses: Vec::new(),
        relationships: Vec::new(),
        annotations: Vec::new(),
        section: Section::Document,
        owner: None,
        lines: Vec::new(),
    };
    let mut lines = text.lines().enumerate();
    let mut seen_version = false;
    while let Some((index, line)) = lines.next() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((tag, rest)) = line.split_once(':') else {
            return Err(ReadError::at_line(number, "expected \"Tag: value\""));
        };
        let tag = tag.trim();
        let rest = rest.trim_start();
        let value = if let Some(after) = rest.strip_prefix("<text>") {
            read_text(after, number, &mut lines)?
        } else {
            rest.trim_end().to_owned()
        };
        if !seen_version {
            if tag != "SPDXVersion" {
                return Err(ReadError::at_line(
                    number,
                    "expected \"SPDXVersion\" as the first tag",
                ));
            }
            check_version(&value, "")
                .map_err(|error| ReadError::at_line(number, error.message()))?;
            seen_version = true;
        }
        builder.apply(tag, value, number)?;
    }
    if !seen_version {
        return Err(ReadError::at_line(
            1,
            "empty document: no \"SPDXVersion\" tag",
        ));
    }
    builder.finish()
}

/// The rest of a `<text>` value, possibly over several lines, up to `</text>`.
fn read_text<'a>(
    after: &str,
    start: usize,
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
) -> Result<String, ReadError> {
    let mut buffer = String::new();
    let mut current = after.to_owned();
    let mut current_number = start;
    loop {
        if let Some(end) = current.find("</text>") {
            buffer.push_str(&current[..end]);
            if !current[end + "</text>".len()..].trim().is_empty() {
                return Err(ReadError::at_line(
                    current_number,
                    "unexpected text after </text>",
                ));
            }
            return Ok(buffer);
        }
        buffer.push_str(&current);
        let Some((index, next)) = lines.next() else {
            return Err(ReadError::at_line(start, "<text> is not closed by </text>"));
        };
        buffer.push('\n');
        current = next.to_owned();
        current_number = index + 1;
    }
}

fn push(object: &mut Object, key: &str, value: Value) {
    match object
        .entry(key.to_owned())
        .or_insert_with(|| Value::Array(Vec::new()))
    {
        Value::Array(items) => items.push(value),
        other => *other = Value::Array(vec![value]),
    }
}

fn checksum(value: &str, line: usize) -> Result<Value, ReadError> {
    let (algorithm, digest) = value.split_once(':').ok_or_else(|| {
        ReadError::at_line(
            line,
            format!("expected \"ALGORITHM: value\", found {value:?}"),
        )
    })?;
    Ok(json!({ "algorithm": algorithm.trim(), "checksumValue": digest.trim() }))
}

fn range(value: &str, line: usize) -> Result<(u64, u64), ReadError> {
    let parse = |text: &str| text.trim().parse::<u64>().ok();
    value
        .split_once(':')
        .and_then(|(start, end)| Some((parse(start)?, parse(end)?)))
        .ok_or_else(|| ReadError::at_line(line, format!("expected \"start:end\", found {value:?}")))
}

/// `d6a7…(./package.spdx)` or `d6a7… (excludes: ./a, ./b)`.
fn verification_code(value: &str) -> Value {
    let (code, excluded) = match value.split_once('(') {
        Some((code, rest)) => {
            let inside = rest.trim_end().trim_end_matches(')');
            let inside = inside.trim().strip_prefix("excludes:").unwrap_or(inside);
            let files: Vec<Value> = inside
                .split(',')
                .map(str::trim)
                .filter(|file| !file.is_empty())
                .map(|file| json!(file))
                .collect();
            (code.trim(), files)
        }
        None => (value.trim(), Vec::new()),
    };
    let mut object = Map::new();
    object.insert("packageVerificationCodeValue".into(), json!(code));
    if !excluded.is_empty() {
        object.insert(
            "packageVerificationCodeExcludedFiles".into(),
            Value::Array(excluded),
        );
    }
    Value::Object(object)
}

impl Builder {
    fn record(&mut self, pointer: String, line: usize) {
        self.lines.push((pointer, line));
    }

    fn outside(tag: &str, section: &str, line: usize) -> ReadError {
        ReadError::at_line(line, format!("{tag} outside a {section} section"))
    }

    fn package(&mut self, tag: &str, line: usize) -> Result<(usize, &mut Object), ReadError> {
        match self.section {
            Section::Package(index) => Ok((index, &mut self.packages[index].0)),
            _ => Err(Self::outside(tag, "package", line)),
        }
    }

    fn file(&mut self, tag: &str, line: usize) -> Result<(usize, &mut Object), ReadError> {
        match self.section {
            Section::File(index) => Ok((index, &mut self.files[index])),
            _ => Err(Self::outside(tag, "file", line)),
        }
    }

    fn snippet(&mut self, tag: &str, line: usize) -> Result<(usize, &mut Snippet), ReadError> {
        match self.section {
            Section::Snippet(index) => Ok((index, &mut self.snippets[index])),
            _ => Err(Self::outside(tag, "snippet", line)),
        }
    }

    fn license(&mut self, tag: &str, line: usize) -> Result<(usize, &mut Object), ReadError> {
        match self.section {
            Section::License(index) => Ok((index, &mut self.licenses[index])),
            _ => Err(Self::outside(tag, "licence", line)),
        }
    }

    fn annotation(&mut self, tag: &str, line: usize) -> Result<&mut Annotation, ReadError> {
        self.annotations
            .last_mut()
            .ok_or_else(|| ReadError::at_line(line, format!("{tag} before any Annotator")))
    }

    fn set_package(
        &mut self,
        tag: &str,
        key: &str,
        value: Value,
        line: usize,
    ) -> Result<(), ReadError> {
        let (index, package) = self.package(tag, line)?;
        package.insert(key.to_owned(), value);
        self.record(child(&child("/packages", index), key), line);
        Ok(())
    }

    fn push_package(
        &mut self,
        tag: &str,
        key: &str,
        value: Value,
        line: usize,
    ) -> Result<(), ReadError> {
        let (index, package) = self.package(tag, line)?;
        push(package, key, value);
        self.record(child(&child("/packages", index), key), line);
        Ok(())
    }

    fn set_file(
        &mut self,
        tag: &str,
        key: &str,
        value: Value,
        line: usize,
        many: bool,
    ) -> Result<(), ReadError> {
        let (index, file) = self.file(tag, line)?;
        if many {
            push(file, key, value);
        } else {
            file.insert(key.to_owned(), value);
        }
        self.record(child(&child("/files", index), key), line);
        Ok(())
    }

    fn set_snippet(
        &mut self,
        tag: &str,
        key: &str,
        value: Value,
        line: usize,
        many: bool,
    ) -> Result<(), ReadError> {
        let (index, snippet) = self.snippet(tag, line)?;
        if many {
            push(&mut snippet.object, key, value);
        } else {
            snippet.object.insert(key.to_owned(), value);
        }
        self.record(child(&child("/snippets", index), key), line);
        Ok(())
    }

    fn set_document(&mut self, key: &str, value: Value, line: usize) {
        self.document.insert(key.to_owned(), value);
        self.record(child("", key), line);
    }

    fn set_creation(&mut self, key: &str, value: Value, line: usize, many: bool) {
        if many {
            push(&mut self.creation, key, value);
        } else {
            self.creation.insert(key.to_owned(), value);
        }
        self.record(child("/creationInfo", key), line);
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one arm per tag of the SPDX 2.3 tag-value grammar"
    )]
    fn apply(&mut self, tag: &str, value: String, line: usize) -> Result<(), ReadError> {
        match tag {
            // Document creation information (SPDX 2.3 clause 6).
            "SPDXVersion" => self.set_document("spdxVersion", json!(value), line),
            "DataLicense" => self.set_document("dataLicense", json!(value), line),
            "DocumentName" => self.set_document("name", json!(value), line),
            "DocumentNamespace" => self.set_document("documentNamespace", json!(value), line),
            "DocumentComment" => self.set_document("comment", json!(value), line),
            "ExternalDocumentRef" => {
                let mut parts = value.split_whitespace();
                let (Some(id), Some(uri)) = (parts.next(), parts.next()) else {
                    return Err(ReadError::at_line(
                        line,
                        "expected \"DocumentRef-… URI ALGORITHM: value\"",
                    ));
                };
                let rest = parts.collect::<Vec<_>>().join(" ");
                let checksum = checksum(&rest, line)?;
                let index = self
                    .document
                    .get("externalDocumentRefs")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                push(
                    &mut self.document,
                    "externalDocumentRefs",
                    json!({ "externalDocumentId": id, "spdxDocument": uri, "checksum": checksum }),
                );
                self.record(child("/externalDocumentRefs", index), line);
            }
            "LicenseListVersion" => {
                self.set_creation("licenseListVersion", json!(value), line, false)
            }
            "Creator" => self.set_creation("creators", json!(value), line, true),
            "Created" => self.set_creation("created", json!(value), line, false),
            "CreatorComment" => self.set_creation("comment", json!(value), line, false),
            "SPDXID" => match self.section {
                Section::Document => self.set_document("SPDXID", json!(value), line),
                Section::Package(_) => self.set_package(tag, "SPDXID", json!(value), line)?,
                Section::File(_) => self.set_file(tag, "SPDXID", json!(value), line, false)?,
                Section::Snippet(_) | Section::License(_) => {
                    return Err(Self::outside(tag, "document, package or file", line));
                }
            },

            // Packages (clause 7).
            "PackageName" => {
                let index = self.packages.len();
                let mut package = Map::new();
                package.insert("name".into(), json!(value));
                self.packages.push((package, Vec::new()));
                self.section = Section::Package(index);
                self.owner = Some(index);
                self.record(child("/packages", index), line);
            }
            "PackageVersion" => self.set_package(tag, "versionInfo", json!(value), line)?,
            "PackageFileName" => self.set_package(tag, "packageFileName", json!(value), line)?,
            "PackageSupplier" => self.set_package(tag, "supplier", json!(value), line)?,
            "PackageOriginator" => self.set_package(tag, "originator", json!(value), line)?,
            "PackageDownloadLocation" => {
                self.set_package(tag, "downloadLocation", json!(value), line)?
            }
            "FilesAnalyzed" => {
                let analysed = match value.to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(ReadError::at_line(
                            line,
                            format!("expected true or false, found {value:?}"),
                        ));
                    }
                };
                self.set_package(tag, "filesAnalyzed", json!(analysed), line)?;
            }
            "PackageVerificationCode" => {
                self.set_package(
                    tag,
                    "packageVerificationCode",
                    verification_code(&value),
                    line,
                )?;
            }
            "PackageChecksum" => {
                self.push_package(tag, "checksums", checksum(&value, line)?, line)?
            }
            "PackageHomePage" => self.set_package(tag, "homepage", json!(value), line)?,
            "PackageSourceInfo" => self.set_package(tag, "sourceInfo", json!(value), line)?,
            "PackageLicenseConcluded" => {
                self.set_package(tag, "licenseConcluded", json!(value), line)?
            }
            "PackageLicenseInfoFromFiles" => {
                self.push_package(tag, "licenseInfoFromFiles", json!(value), line)?
            }
            "PackageLicenseDeclared" => {
                self.set_package(tag, "licenseDeclared", json!(value), line)?
            }
            "PackageLicenseComments" => {
                self.set_package(tag, "licenseComments", json!(value), line)?
            }
            "PackageCopyrightText" => self.set_package(tag, "copyrightText", json!(value), line)?,
            "PackageSummary" => self.set_package(tag, "summary", json!(value), line)?,
            "PackageDescription" => self.set_package(tag, "description", json!(value), line)?,
            "PackageComment" => self.set_package(tag, "comment", json!(value), line)?,
            "PackageAttributionText" => {
                self.push_package(tag, "attributionTexts", json!(value), line)?
            }
            "PrimaryPackagePurpose" => {
                self.set_package(tag, "primaryPackagePurpose", json!(value), line)?
            }
            "ReleaseDate" => self.set_package(tag, "releaseDate", json!(value), line)?,
            "BuiltDate" => self.set_package(tag, "builtDate", json!(value), line)?,
            "ValidUntilDate" => self.set_package(tag, "validUntilDate", json!(value), line)?,
            "ExternalRef" => {
                let mut parts = value.splitn(3, char::is_whitespace).map(str::trim);
                let (Some(category), Some(kind), Some(locator)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    return Err(ReadError::at_line(
                        line,
                        "expected \"CATEGORY TYPE LOCATOR\"",
                    ));
                };
                let reference = json!({
                    "referenceCategory": category,
                    "referenceType": kind,
                    "referenceLocator": locator,
                });
                self.push_package(tag, "externalRefs", reference, line)?;
            }
            "ExternalRefComment" => {
                let (_, package) = self.package(tag, line)?;
                let Some(Value::Object(last)) =
                    package.get_mut("externalRefs").and_then(|refs| match refs {
                        Value::Array(items) => items.last_mut(),
                        _ => None,
                    })
                else {
                    return Err(ReadError::at_line(
                        line,
                        "ExternalRefComment before any ExternalRef",
                    ));
                };
                last.insert("comment".into(), json!(value));
            }

            // Files (clause 8).
            "FileName" => {
                let index = self.files.len();
                let mut file = Map::new();
                file.insert("fileName".into(), json!(value));
                self.files.push(file);
                self.section = Section::File(index);
                self.record(child("/files", index), line);
            }
            "FileType" => self.set_file(tag, "fileTypes", json!(value), line, true)?,
            "FileChecksum" => {
                self.set_file(tag, "checksums", checksum(&value, line)?, line, true)?
            }
            "LicenseConcluded" => {
                self.set_file(tag, "licenseConcluded", json!(value), line, false)?
            }
            "LicenseInfoInFile" => {
                self.set_file(tag, "licenseInfoInFiles", json!(value), line, true)?
            }
            "LicenseComments" => {
                self.set_file(tag, "licenseComments", json!(value), line, false)?
            }
            "FileCopyrightText" => {
                self.set_file(tag, "copyrightText", json!(value), line, false)?
            }
            "FileComment" => self.set_file(tag, "comment", json!(value), line, false)?,
            "FileNotice" => self.set_file(tag, "noticeText", json!(value), line, false)?,
            "FileContributor" => {
                self.set_file(tag, "fileContributors", json!(value), line, true)?
            }
            "FileAttributionText" => {
                self.set_file(tag, "attributionTexts", json!(value), line, true)?
            }
            "FileDependency" => self.set_file(tag, "fileDependencies", json!(value), line, true)?,
            "ArtifactOfProjectName" => {
                self.set_file(tag, "artifactOfs", json!({ "name": value }), line, true)?
            }
            "ArtifactOfProjectHomePage" | "ArtifactOfProjectURI" => {
                let key = if tag == "ArtifactOfProjectURI" {
                    "projectUri"
                } else {
                    "homePage"
                };
                let (_, file) = self.file(tag, line)?;
                let Some(Value::Object(last)) =
                    file.get_mut("artifactOfs").and_then(|items| match items {
                        Value::Array(items) => items.last_mut(),
                        _ => None,
                    })
                else {
                    return Err(ReadError::at_line(
                        line,
                        format!("{tag} before any ArtifactOfProjectName"),
                    ));
                };
                last.insert(key.into(), json!(value));
            }

            // Snippets (clause 9).
            "SnippetSPDXID" => {
                let index = self.snippets.len();
                let mut snippet = Snippet::default();
                snippet.object.insert("SPDXID".into(), json!(value));
                self.snippets.push(snippet);
                self.section = Section::Snippet(index);
                self.record(child("/snippets", index), line);
            }
            "SnippetFromFileSPDXID" => {
                self.set_snippet(tag, "snippetFromFile", json!(value), line, false)?
            }
            "SnippetByteRange" => {
                let parsed = range(&value, line)?;
                self.snippet(tag, line)?.1.byte_range = Some(parsed);
            }
            "SnippetLineRange" => {
                let parsed = range(&value, line)?;
                self.snippet(tag, line)?.1.line_range = Some(parsed);
            }
            "SnippetLicenseConcluded" => {
                self.set_snippet(tag, "licenseConcluded", json!(value), line, false)?
            }
            "LicenseInfoInSnippet" => {
                self.set_snippet(tag, "licenseInfoInSnippets", json!(value), line, true)?
            }
            "SnippetLicenseComments" => {
                self.set_snippet(tag, "licenseComments", json!(value), line, false)?
            }
            "SnippetCopyrightText" => {
                self.set_snippet(tag, "copyrightText", json!(value), line, false)?
            }
            "SnippetComment" => self.set_snippet(tag, "comment", json!(value), line, false)?,
            "SnippetName" => self.set_snippet(tag, "name", json!(value), line, false)?,
            "SnippetAttributionText" => {
                self.set_snippet(tag, "attributionTexts", json!(value), line, true)?
            }

            // Other licensing information (clause 10).
            "LicenseID" => {
                let index = self.licenses.len();
                let mut license = Map::new();
                license.insert("licenseId".into(), json!(value));
                self.licenses.push(license);
                self.section = Section::License(index);
                self.record(child("/hasExtractedLicensingInfos", index), line);
            }
            "ExtractedText" | "LicenseName" | "LicenseComment" => {
                let key = match tag {
                    "ExtractedText" => "extractedText",
                    "LicenseName" => "name",
                    _ => "comment",
                };
                let (index, license) = self.license(tag, line)?;
                license.insert(key.into(), json!(value));
                self.record(
                    child(&child("/hasExtractedLicensingInfos", index), key),
                    line,
                );
            }
            "LicenseCrossReference" => {
                let (_, license) = self.license(tag, line)?;
                for url in value
                    .split(',')
                    .map(str::trim)
                    .filter(|url| !url.is_empty())
                {
                    push(license, "seeAlsos", json!(url));
                }
            }

            // Relationships (clause 11).
            "Relationship" => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                let [from, kind, to] = parts.as_slice() else {
                    return Err(ReadError::at_line(line, "expected \"SPDXID TYPE SPDXID\""));
                };
                let index = self.relationships.len();
                let mut relationship = Map::new();
                relationship.insert("spdxElementId".into(), json!(from));
                relationship.insert("relationshipType".into(), json!(kind));
                relationship.insert("relatedSpdxElement".into(), json!(to));
                self.relationships.push(relationship);
                self.record(child("/relationships", index), line);
            }
            "RelationshipComment" => {
                let last = self.relationships.last_mut().ok_or_else(|| {
                    ReadError::at_line(line, "RelationshipComment before any Relationship")
                })?;
                last.insert("comment".into(), json!(value));
            }

            // Annotations (clause 12) and reviews (SPDX 2.0, read as REVIEW annotations).
            "Annotator" | "Reviewer" => {
                let mut object = Map::new();
                object.insert("annotator".into(), json!(value));
                if tag == "Reviewer" {
                    object.insert("annotationType".into(), json!("REVIEW"));
                }
                self.annotations.push(Annotation {
                    object,
                    target: None,
                    line,
                });
            }
            "AnnotationDate" | "ReviewDate" => {
                self.annotation(tag, line)?
                    .object
                    .insert("annotationDate".into(), json!(value));
            }
            "AnnotationComment" | "ReviewComment" => {
                self.annotation(tag, line)?
                    .object
                    .insert("comment".into(), json!(value));
            }
            "AnnotationType" => {
                self.annotation(tag, line)?
                    .object
                    .insert("annotationType".into(), json!(value));
            }
            "SPDXREF" => self.annotation(tag, line)?.target = Some(value),

            _ => return Err(ReadError::at_line(line, format!("unknown tag {tag:?}"))),
        }
        if tag == "FileName"
            && let (Some(owner), Section::File(index)) = (self.owner, self.section)
        {
            // A file that follows a package belongs to it (tag-value order, SPDX 2.3 clause 5).
            self.packages[owner].1.push(json!(index));
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Parsed, ReadError> {
        // Files are listed by index while parsing; their SPDXIDs are known now.
        let file_ids: Vec<Option<String>> = self
            .files
            .iter()
            .map(|file| {
                file.get("SPDXID")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .collect();
        let mut document = self.document;
        if !self.creation.is_empty() {
            document.insert("creationInfo".into(), Value::Object(self.creation));
        }
        let document_id = document
            .get("SPDXID")
            .and_then(Value::as_str)
            .unwrap_or("SPDXRef-DOCUMENT")
            .to_owned();
        let mut packages: Vec<Object> = Vec::with_capacity(self.packages.len());
        for (mut package, files) in self.packages {
            let mut has_files: Vec<Value> = Vec::new();
            for index in files.iter().filter_map(Value::as_u64) {
                if let Some(Some(id)) = usize::try_from(index)
                    .ok()
                    .and_then(|index| file_ids.get(index))
                {
                    has_files.push(json!(id));
                }
            }
            if !has_files.is_empty() {
                package.insert("hasFiles".into(), Value::Array(has_files));
            }
            packages.push(package);
        }
        let mut files = self.files;
        let mut snippets: Vec<Object> = Vec::with_capacity(self.snippets.len());
        for snippet in self.snippets {
            let mut object = snippet.object;
            let reference = object
                .get("snippetFromFile")
                .cloned()
                .unwrap_or(Value::Null);
            let mut ranges = Vec::new();
            if let Some((start, end)) = snippet.byte_range {
                ranges.push(json!({
                    "startPointer": { "offset": start, "reference": reference },
                    "endPointer": { "offset": end, "reference": reference },
                }));
            }
            if let Some((start, end)) = snippet.line_range {
                ranges.push(json!({
                    "startPointer": { "lineNumber": start, "reference": reference },
                    "endPointer": { "lineNumber": end, "reference": reference },
                }));
            }
            if !ranges.is_empty() {
                object.insert("ranges".into(), Value::Array(ranges));
            }
            snippets.push(object);
        }
        let mut document_annotations = Vec::new();
        for annotation in self.annotations {
            let target = annotation.target.as_deref().unwrap_or(&document_id);
            let value = Value::Object(annotation.object);
            let has_id =
                |object: &Object| object.get("SPDXID").and_then(Value::as_str) == Some(target);
            let (pointer, list) = if target == document_id {
                ("/annotations".to_owned(), None)
            } else if let Some(index) = packages.iter().position(has_id) {
                (
                    child(&child("/packages", index), "annotations"),
                    Some(&mut packages[index]),
                )
            } else if let Some(index) = files.iter().position(has_id) {
                (
                    child(&child("/files", index), "annotations"),
                    Some(&mut files[index]),
                )
            } else if let Some(index) = snippets.iter().position(has_id) {
                (
                    child(&child("/snippets", index), "annotations"),
                    Some(&mut snippets[index]),
                )
            } else {
                return Err(ReadError::at_line(
                    annotation.line,
                    format!("annotation of unknown element {target:?}"),
                ));
            };
            let position = match list {
                Some(object) => {
                    push(object, "annotations", value);
                    object
                        .get("annotations")
                        .and_then(Value::as_array)
                        .map_or(0, Vec::len)
                        - 1
                }
                None => {
                    document_annotations.push(value);
                    document_annotations.len() - 1
                }
            };
            self.lines
                .push((child(&pointer, position), annotation.line));
        }
        let array =
            |items: Vec<Object>| Value::Array(items.into_iter().map(Value::Object).collect());
        for (key, items) in [
            ("packages", packages),
            ("files", files),
            ("snippets", snippets),
            ("hasExtractedLicensingInfos", self.licenses),
            ("relationships", self.relationships),
        ] {
            if !items.is_empty() {
                document.insert(key.into(), array(items));
            }
        }
        if !document_annotations.is_empty() {
            document.insert("annotations".into(), Value::Array(document_annotations));
        }
        Ok(Parsed {
            value: Value::Object(document),
            lines: self.lines,
        })
    }
}

#[cfg(test)]
mod tests;
