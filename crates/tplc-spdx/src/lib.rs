//! SPDX 2.2 / 2.3 for tplc: read JSON and tag-value into the SBOM model, write SPDX 2.3 JSON.
//!
//! ```
//! let text = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n\
//!             DocumentName: demo\nDocumentNamespace: https://example.com/demo\n\
//!             Creator: Tool: demo-1.0\nCreated: 2024-01-01T00:00:00Z\n\
//!             PackageName: zlib\nSPDXID: SPDXRef-zlib\nPackageVersion: 1.3\n\
//!             PackageDownloadLocation: NOASSERTION\n\
//!             ExternalRef: PACKAGE-MANAGER purl pkg:generic/zlib@1.3\n\
//!             Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-zlib\n";
//! let document = tplc_spdx::read_tag_value(text.as_bytes())?;
//! let zlib = document.metadata.component.as_deref().expect("the described package");
//! assert_eq!(zlib.purl.as_deref(), Some("pkg:generic/zlib@1.3"));
//!
//! let written = tplc_spdx::write_json(&document);
//! let again = tplc_spdx::read_json(&written.bytes)?;
//! assert_eq!(again.metadata.component, document.metadata.component);
//! # Ok::<(), tplc_spdx::ReadError>(())
//! ```
//!
//! Both encodings are read through one path: the tag-value reader turns the text into the
//! SPDX JSON shape (the value the JSON encoding of the same document would be), and one
//! conversion reads that value into the model. The two encodings of one document therefore
//! give the same model. JSON is read straight into that shape in one pass (packages and
//! relationships into typed slots, strings borrowed from the input; see the `json` module),
//! without a `serde_json::Value` of the whole document. SPDX 3 (JSON-LD) is rejected with
//! `SPDX 3 is not supported`.
//!
//! # Mapping
//!
//! | SPDX 2.x | model | notes |
//! | --- | --- | --- |
//! | `spdxVersion` | `spec_version` | `SPDX-2.x` only; written as `SPDX-2.3` |
//! | `name`, `documentNamespace`, `dataLicense` | `name`, `namespace`, `data_license` | written: the name, else the described component's name and version, else `sbom`; a missing namespace becomes `https://spdx.org/spdxdocs/<name>-<uuid>` (the uuid of a CycloneDX `urn:uuid:` serial number when there is one); `dataLicense` is always `CC0-1.0` |
//! | `creationInfo.created` | `metadata.timestamp` | written in the SPDX form `YYYY-MM-DDThh:mm:ssZ` (UTC, whole seconds); the time of writing when absent |
//! | creator `Person: name (email)` | `metadata.authors` | `name <email>` is read as name and e-mail too, and so is an actor without its `Person:` prefix that ends with `<email>` (grype's originators) |
//! | creator `Organization: name (email)` | `metadata.author_organizations` | the e-mail is the organisation's only contact; `metadata.manufacturer` is written as an `Organization:` creator |
//! | creator `Tool: name-version` | `metadata.tools` | split at the last `-` when what follows starts with a digit or `v` and a digit; `Tool: tplc-<version>` is added on writing |
//! | `creationInfo.comment` | `metadata.comment` | |
//! | `creationInfo.licenseListVersion`, `comment`, `externalDocumentRefs`, `hasExtractedLicensingInfos`, other document fields | `raw["spdx:<field>"]` | written back |
//! | document annotations | `metadata.properties` when the comment is `cdx:<name>=<value>` (any annotator) or the annotator is `Tool: tplc`; otherwise `raw["spdx:annotations"]` | metadata properties are written as `OTHER` annotations `name=value` by `Tool: tplc` |
//! | `files`, `snippets` | `raw["spdx:files"]`, `raw["spdx:snippets"]` (verbatim SPDX JSON) | files and snippets are not components |
//! | package `SPDXID` | `bom_ref` | written: a valid bom-ref is kept, another is sanitised to `SPDXRef-[A-Za-z0-9.-]+`, made unique, and every reference to it is remapped; components without one get `SPDXRef-Package-<name>` |
//! | `name`, `versionInfo` | `name`, `version` | |
//! | `supplier` | `supplier` | `Organization: X (email)` → organisation X whose only contact has the e-mail; `Person: X (email)` → organisation X whose only contact is X (written back as `Person:`); `NOASSERTION` → none. Written from `supplier`, else `publisher` |
//! | `originator` | `authors` (`Person:`) or `manufacturer` (`Organization:`) | written from the first author, else the manufacturer, else the free-text `author` |
//! | `checksums` | `hashes` | every model algorithm exists in SPDX 2.3; digests of the wrong length are omissions |
//! | `externalRefs` `PACKAGE-MANAGER`/`PACKAGE_MANAGER` `purl` | `purl` | the first; further ones are kept raw. Written only when `tplc-purl` reads it (in canonical form when only the lenient parser does); otherwise as an `OTHER` reference of type `purl` |
//! | `externalRefs` `SECURITY` `cpe23Type`/`cpe22Type` | `cpe` | the first; further ones are kept raw; written as `cpe23Type` or `cpe22Type` by binding when `tplc-cpe` reads it, repaired by `tplc_cpe::Cpe::repair` (`v1.0+incompatible` → `v1.0\+incompatible`), else as an `OTHER` reference of type `cpe` |
//! | `externalRefs` `SECURITY` `swid` | `swid` (tag id, without `swid:`) | |
//! | `externalRefs` `PERSISTENT-ID` `gitoid` / `swh` | `omnibor_ids` / `swhids` | |
//! | `externalRefs` `SECURITY` `advisory` | external reference `advisories` | |
//! | `externalRefs` `OTHER` whose type is a CycloneDX reference kind (`vcs`, `website`, …) | external reference of that kind | how the writer carries CycloneDX references |
//! | other `externalRefs` (`fix`, `url`, `maven-central`, `npm`, `LocationRef-…`, …) | `raw["spdx:externalRefs"]` | written back; a reference type `<namespace>#LocationRef-x` is read as `LocationRef-x` |
//! | `homepage` | external reference `website` | the first `website` reference that is a URL (as spdx-tools checks it) is written as `homepage`, others as `OTHER` references |
//! | `downloadLocation` | external reference `distribution` | `NOASSERTION` → none, `NONE` kept raw; written as `NOASSERTION` when unknown. Only a download location of clause 7.7 (a URL with a scheme, `<vcs>+<transport>://…`, `git+git@host:path`, `bzr+lp:…`) is written as one; another is an `OTHER` reference `distribution` |
//! | `licenseConcluded`, `licenseDeclared` | `licenses` with acknowledgement concluded / declared | one listed SPDX id → `Id`; a lone `LicenseRef-…` whose `hasExtractedLicensingInfos` entry has a name → `Name` (that name); a valid expression → `Expression`; other text (`GPLv3+`) → `Name`; `NOASSERTION` → none, `NONE` kept raw. Written: licences without acknowledgement count as declared; several are joined with `AND`; a name becomes the `LicenseRef-…` the document already declares for it, else `LicenseRef-<sanitised name>` with a new `hasExtractedLicensingInfos` entry (name, the licence text or else the name, URL); an id or expression that is not valid SPDX is written the same way; the deprecated ids `GPL-2.0-with-classpath-exception` and the other `GPL-x-with-…-exception` are written as `GPL-x-only WITH <exception>` |
//! | `copyrightText` | `copyright` | `NOASSERTION`/`NONE` kept raw |
//! | `description`, `summary` | `description` | `summary` when there is no description; otherwise `summary` is kept raw |
//! | `primaryPackagePurpose` | `component_type` | `APPLICATION`, `FRAMEWORK`, `LIBRARY`, `CONTAINER`, `OPERATING_SYSTEM` (tag-value `OPERATING-SYSTEM`), `DEVICE`, `FIRMWARE`, `FILE` one to one; `SOURCE` and `ARCHIVE` → file, `INSTALL` → application, `OTHER` → library, with the original kept raw. Written: `device-driver` → `LIBRARY`, `platform`, `machine-learning-model`, `data`, `cryptographic-asset` → `OTHER` (omissions) |
//! | `validUntilDate` | property `cdx:fda:end-of-support-date` (the date) | the full value is kept raw unless it is midnight UTC |
//! | package annotations `cdx:<name>=<value>` (or any by `Tool: tplc`) | `properties` | every property is written as an `OTHER` annotation `name=value` by `Tool: tplc` (this is how tplc carries the FDA level of support in SPDX); other annotations are kept raw |
//! | `hasFiles` | relationships `CONTAINS` (package → file) | in tag-value, a file that follows a package belongs to it |
//! | other package fields (`filesAnalyzed`, `packageVerificationCode`, `sourceInfo`, `attributionTexts`, `releaseDate`, `builtDate`, `packageFileName`, `licenseInfoFromFiles`, `licenseComments`, `comment`, …) | `raw["spdx:<field>"]` | written back; an absent `filesAnalyzed` is read as `true` (its SPDX default) and kept; `false` is not kept (it is what the writer writes when the model says nothing) |
//! | `DESCRIBES` from the document (or `documentDescribes`, or `DESCRIBED_BY` the document) | `metadata.component` when exactly one package is described; otherwise relationships `Describes` | the described component is written first with `SPDXRef-DOCUMENT DESCRIBES` it; with nothing described, the top-level packages are written as described (clause 6.1; spdx-tools requires a `DESCRIBES`); a document with no component at all gets a package for its subject (named after the document or its serial number, `NOASSERTION` fields), described, with an omission |
//! | `DEPENDS_ON`; `DEPENDENCY_OF`, `RUNTIME_DEPENDENCY_OF` (reversed) | `dependencies` | `X DEPENDS_ON NONE` ↔ a node with no dependencies. A comment or `RUNTIME_DEPENDENCY_OF` also keeps the relationship, and the writer does not repeat the edge |
//! | `CONTAINS`, `CONTAINED_BY` (reversed) | relationship `Contains` | nested components are written as packages with `CONTAINS` from their parent |
//! | `DESCRIBED_BY` (reversed), other types (`STATIC_LINK`, `GENERATED_FROM`, …) | relationship `Describes`, `Other("<TYPE>")` | comments kept |
//!
//! # Writing from other formats
//!
//! Whatever SPDX 2.3 cannot carry is listed in [`Written::omissions`](tplc_model::Written)
//! with its location: CycloneDX raw fragments (pedigree, evidence, services,
//! vulnerabilities, compositions, …), scope, group, mime type, tags, the `modified` flag,
//! extra authors, `provides`, document version, lifecycles, tool vendors, SWID details,
//! licence texts and URLs of listed licences, hashes of external references. Values that
//! SPDX 2.3 and spdx-tools would reject are repaired or moved to `OTHER` references, with an
//! omission each (see the mapping above). The writer also
//! makes documents read from SPDX 2.2 valid SPDX 2.3 and says so in the omissions: dates are
//! normalised, files without the SHA1 checksum SPDX 2.3 requires are left out (with the
//! relationships naming them), absolute file names are made relative (`./…`), and
//! `filesAnalyzed` becomes `true` for packages that list files.
//!
//! # Tag-value
//!
//! Every tag of SPDX 2.3 (and the deprecated `Reviewer`, `FileDependency`, `ArtifactOf…`
//! tags) is read; `<text>…</text>` values may span lines; lines starting with `#` and blank
//! lines are skipped. An unknown tag is an error naming its line: SPDX 2 is complete, and a
//! misspelt tag silently dropped would lose data.

mod actor;
mod date;
mod error;
mod ids;
mod json;
mod license;
mod locator;
mod package;
mod package_references;
mod package_writer;
mod reader;
mod relationship_writer;
mod tag_value;
mod verbatim;
mod writer;

pub use error::{Location, ReadError};
use tplc_model::{SbomDocument, SourceFormat, Written};

/// Reads an SPDX 2.2 or 2.3 JSON document.
///
/// # Errors
///
/// When the bytes are not JSON, are SPDX 3 or another version, or a field has the wrong type
/// or a required field is missing; the error names the JSON pointer of the field (or the line
/// and column of malformed JSON).
pub fn read_json(bytes: &[u8]) -> Result<SbomDocument, ReadError> {
    let document = serde_json::from_slice(bytes).map_err(|error| {
        let message = error.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        ReadError::at_position(error.line(), error.column(), message)
    })?;
    reader::read_document(document, SourceFormat::SpdxJson)
}

/// Reads an SPDX 2.2 or 2.3 tag-value document.
///
/// # Errors
///
/// When the text is not tag-value, uses an unknown tag or a tag outside its section, is
/// SPDX 3 or another version, or misses a required field; the error names the line.
pub fn read_tag_value(bytes: &[u8]) -> Result<SbomDocument, ReadError> {
    let parsed = tag_value::parse(bytes)?;
    reader::read_value(&parsed.value, SourceFormat::SpdxTagValue)
        .map_err(|error| parsed.relocate(error))
}

/// Writes a document as pretty-printed SPDX 2.3 JSON, with what SPDX could not carry.
#[must_use]
pub fn write_json(document: &SbomDocument) -> Written {
    writer::write(document)
}
