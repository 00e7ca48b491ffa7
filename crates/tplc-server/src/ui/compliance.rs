//! The conformity page of a product version (`/versions/{id}/conformity?catalog=…`): the gap list
//! on top, the item table (number, clause, statement in the page's language, state badge, the
//! documents with the "inherited from" marker), the form to link a document, edit and remove
//! forms, the Annex F record (with "needs review" when its rationale is bound to another
//! version), and the downloads: the application attachment as DOCX or HTML in Japanese or English
//! and the evidence pack.
//!
//! Every state comes from the shared service layer ([`crate::compliance::status`]), so the page,
//! the API and `tplc compliance status` agree. Reading needs `read_compliance`, changing
//! `write_compliance`; every change appends its audit event in the same transaction.

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::Serialize;
use tplc_auth::Permission;
use tplc_compliance::{
    AnnexFRecord, AnnexFValidity, Catalog, EvidenceStatus, F2_LETTERS, F2Activity, Item,
    JP_MHLW_0523, Lang as DocLang, check_item,
};
use tplc_store::{EvidenceKind, EvidenceLinkId, NewEvidenceLink, OrganizationId, ProductVersionId};

use super::portfolio::parse_id;
use super::{Ctx, encode, field, see_other};
use crate::compliance::{ComplianceStatus, EvidenceEntry, ItemStatus};
use crate::{ApiError, AppState};

type Params = Query<Vec<(String, String)>>;
type FormData = Form<Vec<(String, String)>>;

/// The media type of a DOCX file.
const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// At most this many characters of a statement in the item select.
const OPTION_TEXT: usize = 60;

/// What a refused form leaves on the page.
enum Rejected {
    /// Nothing: the page as stored.
    None,
    /// The link form, with its values and the message.
    Link(LinkForm, String),
    /// The Annex F form, with the record as submitted and the message.
    AnnexF(Box<AnnexFRecord>, String),
    /// An edit or removal refused: the message on top.
    Flash(String),
}

/// The link form's values (as the edit forms and the evidence rows name them).
#[derive(Debug, Clone, Default, Serialize)]
struct LinkForm {
    item_id: String,
    number: String,
    title: String,
    version: String,
    location: String,
    owner: String,
    status: String,
    note: String,
}

impl LinkForm {
    fn read(form: &[(String, String)]) -> Self {
        let text = |name: &str| field(form, name).unwrap_or("").trim().to_owned();
        Self {
            item_id: text("item_id"),
            number: text("document_number"),
            title: text("title"),
            version: text("document_version"),
            location: text("location"),
            owner: text("owner"),
            status: text("status"),
            note: field(form, "note").unwrap_or("").to_owned(),
        }
    }

    /// The link to store for an item of `catalog`, or the message in the page's language.
    fn to_new(&self, ctx: &Ctx, catalog: &Catalog) -> Result<NewEvidenceLink, String> {
        check_item(catalog, &self.item_id)
            .map_err(|e| e.message().get(ctx.lang.compliance()).to_owned())?;
        let status = self
            .status
            .parse::<EvidenceStatus>()
            .ok()
            .and_then(|s| s.as_str().parse::<tplc_store::EvidenceStatus>().ok())
            .ok_or_else(|| ctx.t("conformity.error_status"))?;
        if self.number.is_empty() && self.title.is_empty() {
            return Err(ctx.t("conformity.error_document"));
        }
        let mut new = NewEvidenceLink::new(
            catalog.id.clone(),
            self.item_id.clone(),
            EvidenceKind::Document,
            status,
            ctx.caller.actor(),
        );
        new.document_number.clone_from(&self.number);
        new.title.clone_from(&self.title);
        new.document_version.clone_from(&self.version);
        new.location.clone_from(&self.location);
        new.owner.clone_from(&self.owner);
        new.note.clone_from(&self.note);
        Ok(new)
    }
}

/// The catalog a request names (`catalog`), the notice's by default.
fn catalog_param(pairs: &[(String, String)]) -> &str {
    field(pairs, "catalog").unwrap_or(JP_MHLW_0523)
}

/// The number an item is known by: section and number (`1(2)`), else its id (a clause).
fn item_label(item: &Item) -> String {
    if item.number.is_empty() {
        item.id.clone()
    } else {
        format!("{}{}", item.section, item.number)
    }
}

/// Where an item comes from: notice, section, item and the QA numbers.
fn citation(item: &Item) -> String {
    let s = &item.source;
    let head: Vec<&str> = [s.notice.as_str(), s.section.as_str(), s.item.as_str()]
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut parts = vec![head.join(" ")];
    if !s.qa.is_empty() {
        parts.push(s.qa.join(", "));
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" · ")
}

fn evidence_value(e: &EvidenceEntry) -> Value {
    context! {
        id => e.id,
        number => e.document_number.clone(),
        title => e.title.clone(),
        version => e.document_version.clone(),
        location => e.location.clone(),
        owner => e.owner.clone(),
        status => e.status.clone(),
        note => e.note.clone(),
        inherited_from => e.inherited_from.as_ref().map(|f| f.label.clone()),
    }
}

fn item_value(i: &ItemStatus, lang: DocLang) -> Value {
    context! {
        id => i.item.id.clone(),
        label => item_label(&i.item),
        clause => i.item.clause.clone(),
        text => i.item.text().get(lang).to_owned(),
        source => citation(&i.item),
        state => i.state.as_str(),
        evidence => i.evidence.iter().map(evidence_value).collect::<Vec<_>>(),
        auto => i.auto.map(|a| context! { kind => a.kind.as_str(), available => a.available }),
    }
}

/// The Annex F part of the page: the record (as stored, or as submitted when refused), its
/// validity for this version and the F.2 activities with their titles.
fn annex_f_value(
    state: &AppState,
    status: &ComplianceStatus,
    submitted: Option<&AnnexFRecord>,
    lang: DocLang,
) -> Value {
    let stored = status.annex_f.as_ref();
    let record = submitted
        .cloned()
        .or_else(|| stored.map(|s| s.record.clone()))
        .unwrap_or_default();
    let (validity, recorded_for) = match stored.map(|s| &s.validity) {
        Some(AnnexFValidity::Current) => ("current", None),
        Some(AnnexFValidity::NeedsReview { recorded_for }) => {
            ("needs_review", recorded_for.clone())
        }
        _ => ("not_applied", None),
    };
    let guide = state.catalogs.annex_f();
    let activities: Vec<Value> = record
        .activities
        .iter()
        .map(|a| {
            context! {
                letter => a.letter.to_string(),
                title => guide.activity(a.letter).map(|g| g.title.get(lang).to_owned()).unwrap_or_default(),
                done => a.done,
                evidence => a.evidence.clone(),
            }
        })
        .collect();
    context! {
        validity => validity,
        recorded_for => recorded_for,
        inherited_from => stored.and_then(|s| s.inherited_from.as_ref()).map(|f| f.label.clone()),
        record => Value::from_serialize(&record),
        activities => activities,
    }
}

/// `GET /versions/{id}/conformity?catalog=…`: the conformity page.
pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(params): Params,
) -> Response {
    let flash = ctx.flash(field(&params, "flash"));
    let catalog = catalog_param(&params).to_owned();
    conformity_page(&state, &ctx, &id, &catalog, flash, Rejected::None).await
}

async fn conformity_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    catalog_id: &str,
    flash: Option<String>,
    rejected: Rejected,
) -> Response {
    let org = match ctx.require(Permission::ReadCompliance) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Some(version) = parse_id(id).map(ProductVersionId::new) else {
        return ctx.error(&ApiError::not_found("product version"));
    };
    let status = match crate::compliance::status(
        &state.store,
        &state.catalogs,
        org,
        version,
        catalog_id,
        Some(&state.vulndb_dir),
    )
    .await
    {
        Ok(s) => s,
        Err(e) => return ctx.error(&ApiError::from(e)),
    };
    let lang = ctx.lang.compliance();
    let texts: std::collections::HashMap<&str, &ItemStatus> = status
        .items
        .iter()
        .map(|i| (i.item.id.as_str(), i))
        .collect();
    let gaps: Vec<Value> = status
        .gap_list
        .iter()
        .map(|g| {
            let item = texts.get(g.item_id.as_str());
            context! {
                id => g.item_id.clone(),
                label => item.map_or_else(|| g.number.clone(), |i| item_label(&i.item)),
                text => item.map(|i| i.item.text().get(lang).to_owned()).unwrap_or_default(),
                state => g.reason.as_str(),
            }
        })
        .collect();
    let item_options: Vec<Value> = status
        .items
        .iter()
        .map(|i| {
            let text: String = i.item.text().get(lang).chars().take(OPTION_TEXT).collect();
            context! {
                id => i.item.id.clone(),
                label => format!("{} {} — {text}", item_label(&i.item), i.item.id),
            }
        })
        .collect();
    // The notice's catalog first, then the others in their order.
    let mut listed: Vec<&Catalog> = state
        .catalogs
        .iter()
        .filter(|c| !c.items.is_empty())
        .collect();
    listed.sort_by_key(|c| c.id != JP_MHLW_0523);
    let catalogs: Vec<Value> = listed
        .iter()
        .map(|c| context! { id => c.id.clone(), title => c.title.get(lang).to_owned() })
        .collect();
    let (link_form, link_error, annex_submitted, annex_error, flash, flash_kind) = match rejected {
        Rejected::None => (None, None, None, None, flash, "ok"),
        Rejected::Link(form, message) => (Some(form), Some(message), None, None, None, "ok"),
        Rejected::AnnexF(record, message) => (None, None, Some(record), Some(message), None, "ok"),
        Rejected::Flash(message) => (None, None, None, None, Some(message), "error"),
    };
    let refused = link_error.is_some() || annex_error.is_some() || flash_kind == "error";
    let form = link_form.unwrap_or_else(|| LinkForm {
        status: EvidenceStatus::Approved.as_str().to_owned(),
        ..LinkForm::default()
    });
    let annex_f = status
        .catalog
        .annex_f_sentence
        .is_some()
        .then(|| annex_f_value(state, &status, annex_submitted.as_deref(), lang));
    ctx.page(
        if refused {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        "conformity.html",
        "products",
        context! {
            product => context! { id => status.product.id, name => status.product.name.clone() },
            version => context! { id => status.version.id, version => status.version.label.clone() },
            catalog => context! {
                id => status.catalog.id.clone(),
                title => status.catalog.title.get(lang).to_owned(),
                has_attachment => status.catalog.attachment.is_some(),
            },
            catalogs => catalogs,
            gaps => gaps,
            gap_count => status.gaps,
            items => status.items.iter().map(|i| item_value(i, lang)).collect::<Vec<_>>(),
            item_options => item_options,
            statuses => EvidenceStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            form => form,
            form_error => link_error,
            annex_f => annex_f,
            annex_f_error => annex_error,
            can_write => ctx.allows(Permission::WriteCompliance),
            flash => flash,
            flash_kind => flash_kind,
        },
    )
}

/// The page to go back to after a change, with its flash and the item's row.
fn back(version: ProductVersionId, catalog: &str, flash: &str, anchor: &str) -> Response {
    see_other(&format!(
        "/versions/{version}/conformity?catalog={}&flash={flash}#{anchor}",
        encode(catalog)
    ))
}

/// The organization and version of a change, or the page that refuses it.
fn target(ctx: &Ctx, id: &str) -> Result<(OrganizationId, ProductVersionId), Response> {
    let org = ctx.require(Permission::WriteCompliance)?;
    let version = parse_id(id)
        .map(ProductVersionId::new)
        .ok_or_else(|| ctx.error(&ApiError::not_found("product version")))?;
    Ok((org, version))
}

/// `POST /versions/{id}/conformity/evidence`: links a document to an item (editor), with its
/// audit event; an unknown item, a missing number and title or a bad status shows the form again
/// with the message, nothing saved.
pub(crate) async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): FormData,
) -> Response {
    let (org, version) = match target(&ctx, &id) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let catalog_id = catalog_param(&form).to_owned();
    let Some(catalog) = state.catalogs.get(&catalog_id) else {
        return ctx.error(&ApiError::not_found(&format!("catalog `{catalog_id}`")));
    };
    let values = LinkForm::read(&form);
    let new = match values.to_new(&ctx, catalog) {
        Ok(new) => new,
        Err(message) => {
            let rejected = Rejected::Link(values, message);
            return conformity_page(&state, &ctx, &id, &catalog_id, None, rejected).await;
        }
    };
    let result = async {
        let mut tx = state.store.begin().await?;
        let link = tx.add_evidence(org, version, &new).await?;
        tx.append_audit(&ctx.audit(
            org,
            "evidence.add",
            "evidence_link",
            link.id.to_string(),
            None,
            Some(link.audit_summary()),
        ))
        .await?;
        tx.commit().await?;
        Ok::<_, tplc_store::Error>(link)
    }
    .await;
    match result {
        Ok(link) => back(
            version,
            &catalog_id,
            "evidence_linked",
            &format!("item-{}", link.item_id),
        ),
        Err(tplc_store::Error::Invalid(message)) => {
            let rejected = Rejected::Link(values, message);
            conformity_page(&state, &ctx, &id, &catalog_id, None, rejected).await
        }
        Err(e) => ctx.error(&ApiError::from(e)),
    }
}

fn link_id(text: &str) -> Option<EvidenceLinkId> {
    parse_id(text).map(EvidenceLinkId::new)
}

/// `POST /versions/{id}/conformity/evidence/{link}`: changes a document link (editor); an
/// inherited link is copied into the version first (copy-on-write), the earlier version keeps
/// its own.
pub(crate) async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, link)): Path<(String, String)>,
    Form(form): FormData,
) -> Response {
    let (org, version) = match target(&ctx, &id) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let Some(link) = link_id(&link) else {
        return ctx.error(&ApiError::not_found("evidence link"));
    };
    let current = match state.store.evidence_link(org, version, link).await {
        Ok(c) => c,
        Err(e) => return ctx.error(&ApiError::from(e)),
    };
    let catalog_id = current.link.catalog_id.clone();
    let Some(catalog) = state.catalogs.get(&catalog_id) else {
        return ctx.error(&ApiError::not_found(&format!("catalog `{catalog_id}`")));
    };
    let mut values = LinkForm::read(&form);
    values.item_id.clone_from(&current.link.item_id);
    let new = match values.to_new(&ctx, catalog) {
        Ok(new) => new,
        Err(message) => {
            let rejected = Rejected::Flash(message);
            return conformity_page(&state, &ctx, &id, &catalog_id, None, rejected).await;
        }
    };
    let result = async {
        let mut tx = state.store.begin().await?;
        let before = tx.evidence_link(org, version, link).await?;
        let changed = tx.update_evidence(org, version, link, &new).await?;
        tx.append_audit(&ctx.audit(
            org,
            "evidence.update",
            "evidence_link",
            changed.id.to_string(),
            Some(before.audit_summary()),
            Some(changed.audit_summary()),
        ))
        .await?;
        tx.commit().await?;
        Ok::<_, tplc_store::Error>(changed)
    }
    .await;
    match result {
        Ok(changed) => back(
            version,
            &catalog_id,
            "evidence_updated",
            &format!("item-{}", changed.item_id),
        ),
        Err(tplc_store::Error::Invalid(message)) => {
            let rejected = Rejected::Flash(message);
            conformity_page(&state, &ctx, &id, &catalog_id, None, rejected).await
        }
        Err(e) => ctx.error(&ApiError::from(e)),
    }
}

/// `POST /versions/{id}/conformity/evidence/{link}/remove`: removes a document link (editor);
/// an inherited one is removed from this version's copy of the set only.
pub(crate) async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, link)): Path<(String, String)>,
) -> Response {
    let (org, version) = match target(&ctx, &id) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let Some(link) = link_id(&link) else {
        return ctx.error(&ApiError::not_found("evidence link"));
    };
    let result = async {
        let mut tx = state.store.begin().await?;
        let removed = tx.remove_evidence(org, version, link).await?;
        tx.append_audit(&ctx.audit(
            org,
            "evidence.remove",
            "evidence_link",
            removed.link.id.to_string(),
            Some(removed.audit_summary()),
            None,
        ))
        .await?;
        tx.commit().await?;
        Ok::<_, tplc_store::Error>(removed)
    }
    .await;
    match result {
        Ok(removed) => back(
            version,
            &removed.link.catalog_id,
            "evidence_removed",
            &format!("item-{}", removed.link.item_id),
        ),
        Err(e) => ctx.error(&ApiError::from(e)),
    }
}

/// `yes` → true, `no` → false, anything else → not decided.
fn yes_no(value: Option<&str>) -> Option<bool> {
    match value {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    }
}

/// The Annex F record of the form.
fn read_annex_f(form: &[(String, String)]) -> AnnexFRecord {
    let text = |name: &str| field(form, name).unwrap_or("").trim().to_owned();
    let activities = F2_LETTERS.map(|letter| F2Activity {
        letter,
        done: field(form, &format!("f2_{letter}_done")) == Some("on"),
        evidence: text(&format!("f2_{letter}_evidence")),
    });
    AnnexFRecord {
        applied: field(form, "applied") == Some("on"),
        clause4_evidence: text("clause4_evidence"),
        gap_analysis: text("gap_analysis"),
        activities,
        rationale: text("rationale"),
        rationale_version: Some(text("rationale_version")).filter(|v| !v.is_empty()),
        transition_plan: text("transition_plan"),
        post_release_evidence: text("post_release_evidence"),
        residual_risk_acceptable: yes_no(field(form, "residual_risk_acceptable")),
        stop_use_advised: yes_no(field(form, "stop_use_advised")),
        stop_use_note: text("stop_use_note"),
    }
}

/// `POST /versions/{id}/annex-f`: writes the version's Annex F record (editor), with its audit
/// event; an inconsistent record (applied without rationale or its version, an unacceptable
/// risk without the stop-use decision, an activity done without evidence) shows the form again
/// with the message, nothing saved.
pub(crate) async fn annex_f(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): FormData,
) -> Response {
    let (org, version) = match target(&ctx, &id) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let catalog_id = catalog_param(&form).to_owned();
    let record = read_annex_f(&form);
    if let Err(e) = record.check() {
        let message = e.message().get(ctx.lang.compliance()).to_owned();
        let rejected = Rejected::AnnexF(Box::new(record), message);
        return conformity_page(&state, &ctx, &id, &catalog_id, None, rejected).await;
    }
    let json = match serde_json::to_value(&record) {
        Ok(j) => j,
        Err(e) => return ctx.error(&ApiError::internal(&e)),
    };
    let result = async {
        let mut tx = state.store.begin().await?;
        let before = tx.annex_f(org, version).await?;
        tx.put_annex_f(org, version, &json, &ctx.caller.actor())
            .await?;
        tx.append_audit(&ctx.audit(
            org,
            "annex_f.put",
            "annex_f_record",
            version.to_string(),
            before.map(|b| b.record),
            Some(json.clone()),
        ))
        .await?;
        tx.commit().await?;
        Ok::<_, tplc_store::Error>(())
    }
    .await;
    match result {
        Ok(()) => back(version, &catalog_id, "annex_f_saved", "annex-f"),
        Err(e) => ctx.error(&ApiError::from(e)),
    }
}

/// A file name for a download: ASCII letters, digits, `.`, `-` and `_` (anything else `_`).
pub(crate) fn file_name_part(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    let trimmed = cleaned.trim_matches(|c| c == '_' || c == '.');
    if trimmed.is_empty() {
        "x".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// A download: the bytes with their media type, as an attachment named `file_name`.
pub(crate) fn download(bytes: Vec<u8>, media_type: &str, file_name: &str) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(media_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        file_name_part(file_name),
        encode(file_name)
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The status a download is made from, with the language asked for (`lang=ja|en`, else the
/// page's).
async fn download_status(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    params: &[(String, String)],
) -> Result<(ComplianceStatus, DocLang), Response> {
    let org = ctx.require(Permission::ReadCompliance)?;
    let version = parse_id(id)
        .map(ProductVersionId::new)
        .ok_or_else(|| ctx.error(&ApiError::not_found("product version")))?;
    let lang = match field(params, "lang") {
        None => ctx.lang.compliance(),
        Some(code) => code
            .parse::<DocLang>()
            .map_err(|e| ctx.error(&ApiError::bad_request(e.to_string()).at("lang")))?,
    };
    let status = crate::compliance::status(
        &state.store,
        &state.catalogs,
        org,
        version,
        catalog_param(params),
        Some(&state.vulndb_dir),
    )
    .await
    .map_err(|e| ctx.error(&ApiError::from(e)))?;
    Ok((status, lang))
}

fn download_name(status: &ComplianceStatus, what: &str, lang: DocLang, ext: &str) -> String {
    format!(
        "{what}-{}-{}-{}.{ext}",
        status.product.name,
        status.version.label,
        lang.as_str()
    )
}

/// `GET /versions/{id}/attachment?catalog=…&format=docx|html&lang=ja|en`: the application
/// attachment 「(4) JIS T 81001-5-1の実施状況」 of the version (DOCX as a download, HTML as a page).
pub(crate) async fn attachment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(params): Params,
) -> Response {
    let (status, lang) = match download_status(&state, &ctx, &id, &params).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let format = field(&params, "format").unwrap_or("docx");
    if !matches!(format, "docx" | "html") {
        let message = format!("format: expected docx or html, not {format:?}");
        return ctx.error(&ApiError::bad_request(message).at("format"));
    }
    let table = match crate::compliance::attachment_table(&status, lang) {
        Ok(t) => t,
        Err(e) => return ctx.error(&ApiError::from(e)),
    };
    if format == "html" {
        let mut response = (StatusCode::OK, tplc_attachment::to_html(&table)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return response;
    }
    match tplc_attachment::to_docx(&table) {
        Ok(bytes) => download(
            bytes,
            DOCX_TYPE,
            &download_name(&status, "attachment", lang, "docx"),
        ),
        Err(e) => ctx.error(&ApiError::internal(&e)),
    }
}

/// `GET /versions/{id}/evidence-pack?catalog=…&lang=ja|en`: the evidence pack zip.
pub(crate) async fn evidence_pack(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(params): Params,
) -> Response {
    let (status, lang) = match download_status(&state, &ctx, &id, &params).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    match crate::compliance::evidence_pack(&state.store, &status, lang).await {
        Ok(bytes) => download(
            bytes,
            "application/zip",
            &download_name(&status, "evidence-pack", lang, "zip"),
        ),
        Err(e) => ctx.error(&ApiError::from(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_are_plain_ascii() {
        assert_eq!(
            file_name_part("attachment-SP 200-2.1-ja.docx"),
            "attachment-SP_200-2.1-ja.docx"
        );
        assert_eq!(file_name_part("輸液ポンプ"), "x");
        assert_eq!(file_name_part("../etc/passwd"), "etc_passwd");
    }

    #[test]
    fn the_annex_f_form_reads_into_a_record() {
        let form: Vec<(String, String)> = [
            ("applied", "on"),
            ("rationale", " used since 2015 "),
            ("rationale_version", "2.1"),
            ("f2_c_done", "on"),
            ("f2_c_evidence", "RA-7"),
            ("residual_risk_acceptable", "no"),
            ("stop_use_advised", ""),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let r = read_annex_f(&form);
        assert!(r.applied);
        assert_eq!(r.rationale, "used since 2015");
        assert_eq!(r.rationale_version.as_deref(), Some("2.1"));
        assert_eq!(r.activities[2].letter, 'c');
        assert!(r.activities[2].done && r.activities[2].evidence == "RA-7");
        assert!(!r.activities[0].done);
        assert_eq!(r.residual_risk_acceptable, Some(false));
        assert_eq!(r.stop_use_advised, None);
        assert!(
            r.check().is_err(),
            "an unacceptable risk needs the stop-use decision"
        );
    }
}
