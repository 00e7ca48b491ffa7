//! MyJVN API `getVulnDetailInfo` responses of feed `oka` (JSON): the CSAF-based document
//! (`ft=jvncsaf`, the default) and the STIX bundle wrapping the same documents
//! (`ft=jvnstix`, and the bulk `jvndb_detail` JSON feed).

use std::io::Read;

use serde_json::Value;
use tplc_advisory::{
    Advisory, AdvisorySource, CpeConfiguration, CpeMatch, CpeNode, LocalizedText, Operator,
    RecordError, Severity,
};
use tplc_cpe::{Attribute, AttributeValue, Cpe, ValueString};

use crate::common::{
    cvss_kind, is_cve_id, is_cwe_id, push_reference, push_severity, push_unique, rfc3339,
};
use crate::json::{Field, Obj, Pointer, json_error, record_error};
use crate::nvd::configuration_of;
use crate::{FeedError, JvnLanguage, ReadSummary, input};

/// The CVSS members of a MyJVN metric's `content`.
const CVSS_MEMBERS: [&str; 3] = ["cvss_v4", "cvss_v3", "cvss_v2"];

/// Reads a MyJVN OKA `getVulnDetailInfo` JSON response (plain or gzip): one CSAF-based
/// document (`document`, `product_tree`, `vulnerabilities`, `jvn_extension`), or a STIX
/// bundle whose `jvn-jp-sdo` objects hold such documents (directly, or as a
/// `VULDEF-Document` array).
///
/// Each document becomes an [`Advisory`] (source [`AdvisorySource::Jvn`]): `tracking.id` →
/// id; title and `description` note → [`Advisory::ja`] or summary/details by `lang` (or
/// `language`); `vulnerabilities[].cve` → aliases, `.cwes[].id` → cwes, `.metrics[].content`
/// CVSS v2/v3/v4 → severity (rated by `source`); `document.references` → references;
/// release dates → published/modified. Affected platforms come from
/// `jvn_extension.cpeApplicability` (NVD-style nodes; `jvnpid:` criteria are resolved to the
/// CPE of that product in `product_tree`), or, when it is absent, from
/// `jvn_extension.affected[].versions[]`: `version` with `lessThan` →
/// `versionStartIncluding`/`versionEndExcluding`, with `lessThanOrEqual` →
/// `versionStartIncluding`/`versionEndIncluding`, alone → that exact version, each on the
/// product's CPE from `product_tree`.
///
/// The response is one document per call (the API returns one id), so it is read whole.
/// A document without an id is given to `on_error` and skipped; a criterion or product
/// that cannot be resolved to a CPE is reported and left out of a document still delivered.
///
/// # Errors
///
/// [`FeedError`] when the input cannot be read, is not JSON, is neither a CSAF-based
/// document nor a STIX bundle, or is a MyJVN error response (`status.retCd` 1).
pub fn read_myjvn_json<R: Read>(
    input: R,
    location: &str,
    language: Option<JvnLanguage>,
    mut on_advisory: impl FnMut(Advisory),
    mut on_error: impl FnMut(RecordError),
) -> Result<ReadSummary, FeedError> {
    let reader = input::decompressed(input).map_err(|error| FeedError::io(location, error))?;
    let value: Value =
        serde_json::from_reader(reader).map_err(|error| json_error(location, &error))?;
    let Value::Object(top) = &value else {
        return Err(FeedError::format(
            location,
            "expected a JSON object (a MyJVN response)",
        ));
    };
    check_status(top.get("status"), location)?;
    let mut documents = Vec::new();
    if top.contains_key("document") {
        documents.push((&value, Pointer::root()));
    } else if let Some(Value::Array(objects)) = top.get("objects") {
        let base = Pointer::root().key("objects");
        for (index, object) in objects.iter().enumerate() {
            if object.get("type").and_then(Value::as_str) != Some("jvn-jp-sdo") {
                continue;
            }
            let pointer = base.index(index);
            match object.get("VULDEF-Document") {
                Some(Value::Array(inner)) => {
                    let inner_base = pointer.key("VULDEF-Document");
                    documents.extend(
                        inner
                            .iter()
                            .enumerate()
                            .map(|(index, document)| (document, inner_base.index(index))),
                    );
                }
                _ if object.get("document").is_some() => documents.push((object, pointer)),
                _ => {}
            }
        }
    } else {
        return Err(FeedError::format(
            location,
            "not a MyJVN getVulnDetailInfo response: no \"document\" and no STIX \"objects\"",
        ));
    }
    let mut summary = ReadSummary::default();
    for (document, pointer) in documents {
        match convert(document, &pointer, location, language, &mut on_error) {
            Ok(advisory) => {
                summary.read += 1;
                on_advisory(advisory);
            }
            Err(error) => {
                summary.skipped += 1;
                on_error(error);
            }
        }
    }
    Ok(summary)
}

fn check_status(status: Option<&Value>, location: &str) -> Result<(), FeedError> {
    let Some(Value::Object(status)) = status else {
        return Ok(());
    };
    let failed = match status.get("retCd") {
        Some(Value::Number(code)) => code.as_i64() == Some(1),
        Some(Value::String(code)) => code.trim() == "1",
        _ => false,
    };
    if failed {
        let text = |key: &str| {
            status
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        return Err(FeedError::format(
            format!("{location}#/status"),
            format!("MyJVN error response {}: {}", text("errCd"), text("errMsg")),
        ));
    }
    Ok(())
}

/// A product of the product tree.
#[derive(Debug, Clone)]
struct Product {
    id: String,
    name: String,
    vendor: Option<String>,
    cpe: Option<String>,
}

fn convert(
    value: &Value,
    pointer: &Pointer,
    location: &str,
    language: Option<JvnLanguage>,
    on_error: &mut dyn FnMut(RecordError),
) -> Field<Advisory> {
    let top = Obj::new(value, pointer, location)?;
    let (document, document_pointer) = top
        .opt_obj("document")?
        .ok_or_else(|| top.missing("document"))?;
    let document = Obj::new(document, &document_pointer, location)?;
    let extension = top.opt_obj("jvn_extension")?;
    let extension_obj = match &extension {
        Some((value, pointer)) => Some(Obj::new(value, pointer, location)?),
        None => None,
    };
    let tracking = document.opt_obj("tracking")?;
    let tracking_obj = match &tracking {
        Some((value, pointer)) => Some(Obj::new(value, pointer, location)?),
        None => None,
    };
    let id = match tracking_obj
        .map(|tracking| tracking.opt_str("id"))
        .transpose()?
        .flatten()
    {
        Some(id) if !id.trim().is_empty() => id.trim(),
        _ => extension_obj
            .map(|extension| extension.opt_str("vulnid"))
            .transpose()?
            .flatten()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| {
                record_error(
                    location,
                    &document_pointer.key("tracking").key("id"),
                    "missing the document id (tracking.id)",
                )
            })?,
    };
    let mut advisory = Advisory {
        id: id.to_owned(),
        source: Some(AdvisorySource::Jvn),
        ..Advisory::default()
    };
    if let Some(tracking) = tracking_obj {
        advisory.published = tracking
            .opt_str("initial_release_date")?
            .filter(|text| !text.is_empty())
            .map(rfc3339);
        advisory.modified = tracking
            .opt_str("current_release_date")?
            .filter(|text| !text.is_empty())
            .map(rfc3339);
    }
    let language = language
        .or_else(|| {
            document
                .get("lang")
                .and_then(Value::as_str)
                .and_then(JvnLanguage::from_tag)
        })
        .unwrap_or(JvnLanguage::Japanese);
    let title = document
        .opt_str("title")?
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned);
    let mut description = None;
    for (note, pointer) in document.array("notes")? {
        let note = Obj::new(note, &pointer, location)?;
        if description.is_none() && note.opt_str("category")? == Some("description") {
            description = note
                .opt_str("text")?
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .map(str::to_owned);
        }
    }
    match language {
        JvnLanguage::Japanese => advisory.ja = Some(LocalizedText { title, description }),
        JvnLanguage::English => {
            advisory.summary = title;
            advisory.details = description;
        }
    }
    for (reference, pointer) in document.array("references")? {
        let reference = Obj::new(reference, &pointer, location)?;
        let Some(url) = reference.opt_str("url")? else {
            continue;
        };
        let kind = match reference.opt_str("type")? {
            Some("vendor" | "advisory") => "ADVISORY",
            _ => "WEB",
        };
        push_reference(&mut advisory.references, kind, &url.replace("&amp;", "&"));
    }
    for (vulnerability, pointer) in top.array("vulnerabilities")? {
        vulnerability_of(&mut advisory, Obj::new(vulnerability, &pointer, location)?)?;
    }
    let mut products = Vec::new();
    if let Some((tree, pointer)) = top.opt_obj("product_tree")? {
        products_of(Obj::new(tree, &pointer, location)?, None, &mut products, 0)?;
    }
    if let Some(extension) = extension_obj {
        advisory.cpe_configurations = applicability(extension, &products, on_error)?;
        if advisory.cpe_configurations.is_empty() {
            advisory.cpe_configurations = affected(extension, &products, on_error)?;
        }
    }
    Ok(advisory)
}

fn vulnerability_of(advisory: &mut Advisory, vulnerability: Obj<'_>) -> Field<()> {
    if let Some(cve) = vulnerability.opt_str("cve")?.map(str::trim)
        && is_cve_id(cve)
    {
        push_unique(&mut advisory.aliases, cve.to_owned());
    }
    for (cwe, pointer) in vulnerability.array("cwes")? {
        let cwe = Obj::new(cwe, &pointer, vulnerability.location)?;
        if let Some(id) = cwe.opt_str("id")?.map(str::trim)
            && is_cwe_id(id)
        {
            push_unique(&mut advisory.cwes, id.to_owned());
        }
    }
    for (metric, pointer) in vulnerability.array("metrics")? {
        let metric = Obj::new(metric, &pointer, vulnerability.location)?;
        let Some((content, pointer)) = metric.opt_obj("content")? else {
            continue;
        };
        let content = Obj::new(content, &pointer, vulnerability.location)?;
        let rated_by = content
            .opt_str("source")?
            .map(str::trim)
            .filter(|text| !text.is_empty());
        for member in CVSS_MEMBERS {
            let Some((cvss, pointer)) = content.opt_obj(member)? else {
                continue;
            };
            let cvss = Obj::new(cvss, &pointer, vulnerability.location)?;
            let Some(vector) = cvss
                .opt_str("vectorString")?
                .map(str::trim)
                .filter(|text| !text.is_empty())
            else {
                continue;
            };
            push_severity(
                &mut advisory.severity,
                Severity {
                    kind: cvss_kind(cvss.opt_str("version")?.unwrap_or_default(), vector),
                    score: vector.to_owned(),
                    base_score: cvss.opt_f64("baseScore")?,
                    rated_by: rated_by.map(str::to_owned),
                },
            );
        }
    }
    Ok(())
}

/// The products of a CSAF product tree (branches, recursively, and `full_product_names`).
fn products_of(
    node: Obj<'_>,
    vendor: Option<&str>,
    products: &mut Vec<Product>,
    depth: usize,
) -> Field<()> {
    if depth > 32 {
        return Err(record_error(
            node.location,
            node.pointer,
            "product tree nested deeper than 32",
        ));
    }
    let vendor = if node.opt_str("category")? == Some("vendor") {
        node.opt_str("name")?.or(vendor)
    } else {
        vendor
    };
    if let Some((product, pointer)) = node.opt_obj("product")? {
        products.push(product_of(
            Obj::new(product, &pointer, node.location)?,
            vendor,
        )?);
    }
    for (product, pointer) in node.array("full_product_names")? {
        products.push(product_of(
            Obj::new(product, &pointer, node.location)?,
            vendor,
        )?);
    }
    for (branch, pointer) in node.array("branches")? {
        products_of(
            Obj::new(branch, &pointer, node.location)?,
            vendor,
            products,
            depth + 1,
        )?;
    }
    Ok(())
}

fn product_of(product: Obj<'_>, vendor: Option<&str>) -> Field<Product> {
    let cpe = match product.opt_obj("product_identification_helper")? {
        Some((helper, pointer)) => Obj::new(helper, &pointer, product.location)?
            .opt_str("cpe")?
            .map(str::to_owned),
        None => None,
    };
    Ok(Product {
        id: product
            .opt_str("product_id")?
            .unwrap_or_default()
            .to_owned(),
        name: product.opt_str("name")?.unwrap_or_default().to_owned(),
        vendor: vendor.map(str::to_owned),
        cpe,
    })
}

/// A CPE 2.3 formatted string for a criterion: a CPE in either binding, or a `jvnpid:` id
/// resolved through the product tree.
fn resolve_criteria(criteria: &str, products: &[Product]) -> Result<String, String> {
    let criteria = criteria.trim();
    if criteria.starts_with("jvnpid:") {
        let product = products
            .iter()
            .find(|product| product.id == criteria)
            .ok_or_else(|| format!("product {criteria:?} is not in the product tree"))?;
        let cpe = product
            .cpe
            .as_deref()
            .ok_or_else(|| format!("product {criteria:?} has no CPE in the product tree"))?;
        return resolve_criteria(cpe, &[]);
    }
    Cpe::parse_formatted(criteria)
        .or_else(|_| criteria.parse::<Cpe>())
        .or_else(|_| Cpe::repair(criteria))
        .map(|cpe| cpe.to_string())
        .map_err(|error| error.to_string())
}

/// `jvn_extension.cpeApplicability`: NVD-style configurations with resolved criteria.
fn applicability(
    extension: Obj<'_>,
    products: &[Product],
    on_error: &mut dyn FnMut(RecordError),
) -> Field<Vec<CpeConfiguration>> {
    let mut configurations = Vec::new();
    for (entry, pointer) in extension.array("cpeApplicability")? {
        let object = Obj::new(entry, &pointer, extension.location)?;
        if object.get("nodes").is_none() {
            continue; // `{"$comment": …}` placeholders
        }
        let mut configuration = configuration_of(object)?;
        for (node_index, node) in configuration.nodes.iter_mut().enumerate() {
            let mut kept = Vec::new();
            for (match_index, mut entry) in
                std::mem::take(&mut node.matches).into_iter().enumerate()
            {
                match resolve_criteria(&entry.criteria, products) {
                    Ok(criteria) => {
                        entry.criteria = criteria;
                        push_unique(&mut kept, entry);
                    }
                    Err(message) => on_error(record_error(
                        extension.location,
                        &pointer
                            .key("nodes")
                            .index(node_index)
                            .key("cpeMatch")
                            .index(match_index)
                            .key("criteria"),
                        format!("criterion left out: {message}"),
                    )),
                }
            }
            node.matches = kept;
        }
        configuration.nodes.retain(|node| !node.matches.is_empty());
        if !configuration.nodes.is_empty() {
            configurations.push(configuration);
        }
    }
    Ok(configurations)
}

/// `jvn_extension.affected`: version ranges on the products' CPEs.
fn affected(
    extension: Obj<'_>,
    products: &[Product],
    on_error: &mut dyn FnMut(RecordError),
) -> Field<Vec<CpeConfiguration>> {
    let mut matches = Vec::new();
    for (entry, pointer) in extension.array("affected")? {
        let entry = Obj::new(entry, &pointer, extension.location)?;
        let Some(product_name) = entry
            .opt_str("product")?
            .map(str::trim)
            .filter(|name| !name.is_empty())
        else {
            continue; // `{"$comment": …}` placeholders
        };
        let vendor = entry.opt_str("vendor")?.map(str::trim);
        let named = |product: &&Product| product.name == product_name && product.cpe.is_some();
        let product = products
            .iter()
            .filter(named)
            .find(|product| vendor.is_some() && product.vendor.as_deref() == vendor)
            .or_else(|| products.iter().find(named));
        let base = product
            .and_then(|product| product.cpe.as_deref())
            .ok_or_else(|| format!("product {product_name:?} has no CPE in the product tree"))
            .and_then(|cpe| resolve_criteria(cpe, &[]))
            .and_then(|cpe| cpe.parse::<Cpe>().map_err(|error| error.to_string()))
            .and_then(|cpe| {
                cpe.with(Attribute::Version, AttributeValue::Any)
                    .map_err(|error| error.to_string())
            });
        let base = match base {
            Ok(base) => base,
            Err(message) => {
                on_error(record_error(
                    extension.location,
                    &pointer,
                    format!("affected product left out: {message}"),
                ));
                continue;
            }
        };
        let mut found = Vec::new();
        for (version, pointer) in entry.array("versions")? {
            let version = Obj::new(version, &pointer, extension.location)?;
            if version
                .opt_str("status")?
                .is_some_and(|status| status != "affected")
            {
                continue;
            }
            let text = |key: &str| -> Field<Option<String>> {
                Ok(version
                    .opt_str(key)?
                    .map(str::trim)
                    .filter(|text| !text.is_empty())
                    .map(str::to_owned))
            };
            let (start, less, less_or_equal) = (
                text("version")?,
                text("lessThan")?,
                text("lessThanOrEqual")?,
            );
            let mut found_match = CpeMatch {
                vulnerable: true,
                criteria: base.to_string(),
                ..CpeMatch::default()
            };
            if less.is_some() || less_or_equal.is_some() {
                found_match.version_start_including = start;
                found_match.version_end_excluding = less;
                found_match.version_end_including = less_or_equal;
            } else if let Some(exact) = start {
                match ValueString::literal(&exact).and_then(|value| {
                    base.clone()
                        .with(Attribute::Version, AttributeValue::Value(value))
                }) {
                    Ok(cpe) => found_match.criteria = cpe.to_string(),
                    Err(_) => continue,
                }
            } else {
                continue; // only a description: no version to match
            }
            push_unique(&mut found, found_match);
        }
        if found.is_empty() {
            // The product is affected but no version can be read: every version.
            found.push(CpeMatch {
                vulnerable: true,
                criteria: base.to_string(),
                ..CpeMatch::default()
            });
        }
        for found_match in found {
            push_unique(&mut matches, found_match);
        }
    }
    if matches.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vec![CpeConfiguration {
        operator: Operator::Or,
        negate: false,
        nodes: vec![CpeNode {
            operator: Operator::Or,
            negate: false,
            matches,
        }],
    }])
}
