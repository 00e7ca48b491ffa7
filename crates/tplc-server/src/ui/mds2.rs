//! The MDS2 page of a product version (`/versions/{id}/mds2`): the header block and the answers
//! of the form (ANSI/NEMA HN 1-2019) by section, a select per choice question (Yes, No, N/A,
//! See Note) and a note each; answers tplc pre-fills from what it holds
//! ([`crate::compliance::mds2_facts`]) are marked. The workbook downloads laid out like the
//! published form and imports back (another layout is refused with the sheet and cell).
//!
//! Reading needs `read_compliance`, changing `write_compliance`; every change appends its audit
//! event in the same transaction. The import is sent as the raw request body by the page's upload
//! script (`assets/tplc.js`, the CSRF token in `X-CSRF-Token`), at most
//! [`ServerConfig::MAX_XLSX_BYTES`](crate::ServerConfig::MAX_XLSX_BYTES).

use std::collections::BTreeSet;

use axum::Json;
use axum::body::Body;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use tplc_auth::Permission;
use tplc_mds2::{
    Answer, Mds2Document, Mds2Form, Mds2Meta, QuestionKind, prefill_detailed, read_xlsx,
    write_xlsx_in,
};
use tplc_store::{Mds2Row, OrganizationId, ProductVersionId};

use super::compliance::{download, file_name_part};
use super::portfolio::parse_id;
use super::{Ctx, field, see_other, when};
use crate::{ApiError, AppState, ServerConfig};

type Params = Query<Vec<(String, String)>>;
type FormData = Form<Vec<(String, String)>>;

/// The media type of an XLSX workbook.
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The words the answer selects send, in the form's order of choices.
pub(crate) const CHOICES: [&str; 4] = ["yes", "no", "not_applicable", "see_note"];

/// The form value of an answer: a choice word, the text, or empty.
fn answer_value(answer: &Answer) -> String {
    match answer {
        Answer::Yes => CHOICES[0].to_owned(),
        Answer::No => CHOICES[1].to_owned(),
        Answer::NotApplicable => CHOICES[2].to_owned(),
        Answer::SeeNote => CHOICES[3].to_owned(),
        Answer::Text(text) => text.clone(),
        Answer::Unanswered => String::new(),
    }
}

/// The answer of a choice select's value.
fn choice(value: &str) -> Option<Answer> {
    match value {
        "yes" => Some(Answer::Yes),
        "no" => Some(Answer::No),
        "not_applicable" => Some(Answer::NotApplicable),
        "see_note" => Some(Answer::SeeNote),
        _ => None,
    }
}

/// The document the page starts from: the stored one, else the pre-filled one; and the ids
/// whose answer is what tplc pre-fills.
struct Current {
    stored: Option<Mds2Row>,
    document: Mds2Document,
    prefilled: BTreeSet<String>,
}

async fn current(
    state: &AppState,
    ctx: &Ctx,
    org: OrganizationId,
    version: ProductVersionId,
) -> Result<Current, ApiError> {
    let form = Mds2Form::hn_1_2019();
    let stored = state.store.mds2(org, version).await?;
    let facts = crate::compliance::mds2_facts(
        &state.store,
        org,
        version,
        Some(&state.vulndb_dir),
        ctx.lang.compliance(),
    )
    .await?;
    let filled = prefill_detailed(form, &facts);
    let document = match &stored {
        Some(row) => serde_json::from_value::<Mds2Document>(row.document.clone()).map_err(|e| {
            ApiError::internal(&format!("the stored MDS2 document cannot be read: {e}"))
        })?,
        None => filled.document.clone(),
    };
    let prefilled = filled
        .prefilled
        .iter()
        .filter(|id| document.answers.get(*id) == filled.document.answers.get(*id))
        .cloned()
        .collect();
    Ok(Current {
        stored,
        document,
        prefilled,
    })
}

fn version_of(
    ctx: &Ctx,
    id: &str,
    permission: Permission,
) -> Result<(OrganizationId, ProductVersionId), Response> {
    let org = ctx.require(permission)?;
    let version = parse_id(id)
        .map(ProductVersionId::new)
        .ok_or_else(|| ctx.error(&ApiError::not_found("product version")))?;
    Ok((org, version))
}

/// `GET /versions/{id}/mds2`: the page.
pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(params): Params,
) -> Response {
    let flash = ctx.flash(field(&params, "flash"));
    mds2_page(&state, &ctx, &id, flash, None).await
}

async fn mds2_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    flash: Option<String>,
    refused: Option<(Mds2Document, String)>,
) -> Response {
    let (org, version) = match version_of(ctx, id, Permission::ReadCompliance) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let store = &state.store;
    let v = match store.product_version(org, version).await {
        Ok(v) => v,
        Err(e) => return ctx.error(&ApiError::from(e)),
    };
    let product = match store.product(org, v.product).await {
        Ok(p) => p,
        Err(e) => return ctx.error(&ApiError::from(e)),
    };
    let mut now = match current(state, ctx, org, version).await {
        Ok(c) => c,
        Err(e) => return ctx.error(&e),
    };
    let (status, form_error) = match refused {
        Some((document, message)) => {
            now.document = document;
            (StatusCode::UNPROCESSABLE_ENTITY, Some(message))
        }
        None => (StatusCode::OK, None),
    };
    let form = Mds2Form::hn_1_2019();
    let lang = ctx.lang.mds2();
    let doc = &now.document;
    let sections: Vec<Value> = form
        .sections()
        .iter()
        .map(|s| {
            let questions: Vec<Value> = form
                .questions_in(&s.code)
                .map(|q| {
                    context! {
                        id => q.id.clone(),
                        text => q.text.get(lang).to_owned(),
                        kind => q.kind.as_str(),
                        answer => answer_value(doc.answer(&q.id)),
                        note => doc.note(&q.id).to_owned(),
                        prefilled => now.prefilled.contains(&q.id),
                    }
                })
                .collect();
            let answered = form
                .questions_in(&s.code)
                .filter(|q| *doc.answer(&q.id) != Answer::Unanswered)
                .count();
            context! {
                code => s.code.clone(),
                title => s.title.get(lang).to_owned(),
                questions => questions,
                answered => answered,
            }
        })
        .collect();
    let meta: Vec<Value> = doc
        .meta
        .fields()
        .iter()
        .map(|(key, value)| context! { key => *key, value => (*value).to_owned() })
        .collect();
    let answered = doc
        .answers
        .values()
        .filter(|e| e.answer != Answer::Unanswered)
        .count();
    ctx.page(
        status,
        "mds2.html",
        "products",
        context! {
            product => context! { id => product.id.get(), name => product.name.clone() },
            version => context! { id => v.id.get(), version => v.version.clone() },
            form_title => format!("{} — {}", form.standard(), form.title().get(lang)),
            stored => now.stored.as_ref().map(|r| context! { updated => when(r.updated_at), by => r.updated_by.clone() }),
            answered => answered,
            total => form.questions().len(),
            sections => sections,
            meta => meta,
            choices => CHOICES.to_vec(),
            form_error => form_error,
            can_write => ctx.allows(Permission::WriteCompliance),
            flash => flash,
        },
    )
}

/// The document of the form (every question of the MDS2 form; other fields are ignored), or the
/// message of an answer that is no choice.
fn read_form(form: &[(String, String)]) -> (Mds2Document, Option<String>) {
    let text = |name: &str| field(form, name).unwrap_or("").trim().to_owned();
    let mut document = Mds2Document::new(Mds2Meta {
        manufacturer: text("meta_manufacturer"),
        device: text("meta_device"),
        model: text("meta_model"),
        version: text("meta_version"),
        document_id: text("meta_document_id"),
        date: text("meta_date"),
    });
    let mut problem = None;
    for q in Mds2Form::hn_1_2019().questions() {
        let value = text(&format!("answer:{}", q.id));
        let note = field(form, &format!("note:{}", q.id))
            .unwrap_or("")
            .trim()
            .to_owned();
        let answer = match (q.kind, value.as_str()) {
            (_, "") => Answer::Unanswered,
            (QuestionKind::Text, _) => Answer::Text(value.clone()),
            (_, v) => match choice(v) {
                Some(a) => a,
                None => {
                    problem.get_or_insert_with(|| {
                        format!("{}: {v:?} is not Yes, No, N/A or See Note", q.id)
                    });
                    Answer::Unanswered
                }
            },
        };
        document.set(q.id.clone(), answer, note);
    }
    (document, problem)
}

/// Stores `document` for the version with its audit event (`action`).
async fn put(
    state: &AppState,
    ctx: &Ctx,
    org: OrganizationId,
    version: ProductVersionId,
    document: &Mds2Document,
    action: &str,
) -> Result<(), ApiError> {
    let json = serde_json::to_value(document).map_err(|e| ApiError::internal(&e))?;
    let form = Mds2Form::hn_1_2019();
    let mut tx = state.store.begin().await?;
    let before = tx.mds2(org, version).await?;
    tx.put_mds2(org, version, form.id(), &json, &ctx.caller.actor())
        .await?;
    tx.append_audit(&ctx.audit(
        org,
        action,
        "mds2_document",
        version.to_string(),
        before.map(|b| b.document),
        Some(json),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `POST /versions/{id}/mds2`: saves the answers (editor), with the audit event; an answer that
/// does not fit its question shows the form again with the message, nothing saved.
pub(crate) async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): FormData,
) -> Response {
    let (org, version) = match version_of(&ctx, &id, Permission::WriteCompliance) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let (document, problem) = read_form(&form);
    let problem = problem.or_else(|| {
        document
            .check(Mds2Form::hn_1_2019())
            .err()
            .map(|e| e.to_string())
    });
    if let Some(message) = problem {
        return mds2_page(&state, &ctx, &id, None, Some((document, message))).await;
    }
    match put(&state, &ctx, org, version, &document, "mds2.put").await {
        Ok(()) => see_other(&format!("/versions/{version}/mds2?flash=mds2_saved")),
        Err(e) => ctx.error(&e),
    }
}

/// `GET /versions/{id}/mds2.xlsx?lang=ja|en`: the answers (stored, else pre-filled) as a
/// workbook laid out like the published form, texts in the language asked for.
pub(crate) async fn download_xlsx(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(params): Params,
) -> Response {
    let (org, version) = match version_of(&ctx, &id, Permission::ReadCompliance) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let lang = match field(&params, "lang") {
        None => ctx.lang.mds2(),
        Some(code) => match code.parse::<tplc_mds2::Lang>() {
            Ok(l) => l,
            Err(e) => return ctx.error(&ApiError::bad_request(e.to_string()).at("lang")),
        },
    };
    let now = match current(&state, &ctx, org, version).await {
        Ok(c) => c,
        Err(e) => return ctx.error(&e),
    };
    let label = match state.store.product_version(org, version).await {
        Ok(v) => v.version,
        Err(e) => return ctx.error(&ApiError::from(e)),
    };
    let document = now.document;
    let written =
        tokio::task::spawn_blocking(move || write_xlsx_in(Mds2Form::hn_1_2019(), &document, lang))
            .await;
    match written {
        Ok(Ok(bytes)) => download(
            bytes,
            XLSX_TYPE,
            &format!("mds2-{}-{}.xlsx", file_name_part(&label), lang.as_str()),
        ),
        Ok(Err(e)) => ctx.error(&ApiError::invalid(e.to_string())),
        Err(e) => ctx.error(&ApiError::internal(&e)),
    }
}

/// `POST /versions/{id}/mds2.xlsx`: imports a workbook (editor): the body is the file, sent by
/// `assets/tplc.js`. The answers read replace the stored ones, with the audit event; answers
/// `201 {"location"}` (the MDS2 page), or the JSON error the page shows: a workbook of another
/// layout names the sheet and cell, and nothing is saved.
pub(crate) async fn import(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: Body,
) -> Response {
    let org = match ctx.org.as_ref().map(|o| {
        ctx.caller
            .require(o.key, Permission::WriteCompliance)
            .map(|_| o.key)
    }) {
        Some(Ok(o)) => o,
        Some(Err(e)) => return e.into_response(),
        None => return ApiError::not_found("organization").into_response(),
    };
    let Some(version) = parse_id(&id).map(ProductVersionId::new) else {
        return ApiError::not_found("product version").into_response();
    };
    if let Err(e) = state.store.product_version(org, version).await {
        return ApiError::from(e).into_response();
    }
    let Ok(bytes) = axum::body::to_bytes(body, ServerConfig::MAX_XLSX_BYTES).await else {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            ctx.t("upload.error_too_large"),
        )
        .into_response();
    };
    if bytes.is_empty() {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "empty",
            ctx.t("upload.error_empty"),
        )
        .into_response();
    }
    let read = tokio::task::spawn_blocking(move || read_xlsx(Mds2Form::hn_1_2019(), &bytes)).await;
    let document = match read {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => {
            let message = format!("{}: {e}", ctx.t("mds2.error_import"));
            return ApiError::invalid(message).into_response();
        }
        Err(e) => return ApiError::internal(&e).into_response(),
    };
    match put(&state, &ctx, org, version, &document, "mds2.import").await {
        Ok(()) => (
            StatusCode::CREATED,
            Json(serde_json::json!({
                "location": format!("/versions/{version}/mds2?flash=mds2_imported"),
            })),
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_go_to_the_form_and_back() {
        for a in [
            Answer::Yes,
            Answer::No,
            Answer::NotApplicable,
            Answer::SeeNote,
        ] {
            assert_eq!(choice(&answer_value(&a)), Some(a));
        }
        assert_eq!(answer_value(&Answer::Unanswered), "");
        assert_eq!(choice("maybe"), None);
    }

    #[test]
    fn the_form_reads_into_a_document_and_names_a_bad_answer() {
        let form: Vec<(String, String)> = [
            ("meta_manufacturer", "Demo Medical"),
            ("answer:DOC-1", "Demo Medical"),
            ("answer:SBOM-1", "yes"),
            ("note:SBOM-1", "CycloneDX 1.6"),
            ("answer:DOC-8", ""),
            ("answer:not-a-question", "yes"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let (doc, problem) = read_form(&form);
        assert_eq!(problem, None);
        assert_eq!(doc.meta.manufacturer, "Demo Medical");
        assert_eq!(doc.answer("DOC-1"), &Answer::Text("Demo Medical".into()));
        assert_eq!(doc.answer("SBOM-1"), &Answer::Yes);
        assert_eq!(doc.note("SBOM-1"), "CycloneDX 1.6");
        assert_eq!(doc.answer("DOC-8"), &Answer::Unanswered);
        assert!(!doc.answers.contains_key("not-a-question"));
        let bad: Vec<(String, String)> = vec![("answer:SBOM-1".into(), "Maybe".into())];
        let (_, problem) = read_form(&bad);
        assert!(problem.is_some_and(|p| p.starts_with("SBOM-1:")));
    }
}
