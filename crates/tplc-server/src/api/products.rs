//! Products (device models) and their versions.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tplc_auth::Permission;
use tplc_store::{
    LifecyclePhase, NewProduct, NewProductVersion, OrganizationId, Product, ProductId,
    ProductVersion, ProductVersionId,
};
use utoipa::ToSchema;

use super::{audit, pick, time};
use crate::auth::Caller;
use crate::{ApiError, AppState, JsonBody, PathParams};

/// A product (a medical-device model).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductView {
    /// The key.
    pub id: i64,
    /// The organization.
    pub organization: i64,
    /// The name, unique in the organization.
    pub name: String,
    /// 一般的名称 (the Japanese generic name).
    pub generic_name: Option<String>,
    /// The device class.
    pub device_class: Option<String>,
    /// 承認番号 / 認証番号.
    pub approval_number: Option<String>,
    /// The security contact point.
    pub security_contact: Option<String>,
    /// When it was created.
    pub created_at: String,
}

pub(crate) fn product_view(p: &Product) -> ProductView {
    ProductView {
        id: p.id.get(),
        organization: p.organization.get(),
        name: p.name.clone(),
        generic_name: p.generic_name.clone(),
        device_class: p.device_class.clone(),
        approval_number: p.approval_number.clone(),
        security_contact: p.security_contact.clone(),
        created_at: time(p.created_at),
    }
}

/// The fields of a product.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductRequest {
    /// The name, unique in the organization.
    pub name: String,
    /// 一般的名称.
    #[serde(default)]
    pub generic_name: Option<String>,
    /// The device class.
    #[serde(default)]
    pub device_class: Option<String>,
    /// 承認番号 / 認証番号.
    #[serde(default)]
    pub approval_number: Option<String>,
    /// The security contact point.
    #[serde(default)]
    pub security_contact: Option<String>,
}

impl ProductRequest {
    fn into_new(self) -> Result<NewProduct, ApiError> {
        let name = self.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(ApiError::invalid("name: 1 to 200 characters").at("/name"));
        }
        Ok(NewProduct {
            name,
            generic_name: self.generic_name,
            device_class: self.device_class,
            approval_number: self.approval_number,
            security_contact: self.security_contact,
        })
    }
}

/// A product version.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionView {
    /// The key.
    pub id: i64,
    /// The product.
    pub product: i64,
    /// The version label.
    pub version: String,
    /// Release date, `YYYY-MM-DD`.
    pub release_date: Option<String>,
    /// End of life.
    pub eol_date: Option<String>,
    /// End of support.
    pub eos_date: Option<String>,
    /// `development`, `support`, `limited_support` or `end_of_support`.
    pub lifecycle_phase: String,
    /// The plan for the limited-support period between EOL and EOS (QA2 Q10).
    pub limited_support_plan: String,
    /// A legacy device (cannot reasonably be protected against current threats).
    pub legacy: bool,
    /// Why it is legacy.
    pub legacy_reason: String,
    /// When it was created.
    pub created_at: String,
}

pub(crate) fn version_view(v: &ProductVersion) -> VersionView {
    VersionView {
        id: v.id.get(),
        product: v.product.get(),
        version: v.version.clone(),
        release_date: v.release_date.clone(),
        eol_date: v.eol_date.clone(),
        eos_date: v.eos_date.clone(),
        lifecycle_phase: v.lifecycle_phase.as_str().into(),
        limited_support_plan: v.limited_support_plan.clone(),
        legacy: v.legacy,
        legacy_reason: v.legacy_reason.clone(),
        created_at: time(v.created_at),
    }
}

/// The fields of a product version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionRequest {
    /// The version label, unique in the product.
    pub version: String,
    /// Release date, `YYYY-MM-DD`.
    #[serde(default)]
    pub release_date: Option<String>,
    /// End of life, `YYYY-MM-DD`.
    #[serde(default)]
    pub eol_date: Option<String>,
    /// End of support, `YYYY-MM-DD` (after EOL).
    #[serde(default)]
    pub eos_date: Option<String>,
    /// `development` (default), `support`, `limited_support` or `end_of_support`.
    #[serde(default)]
    pub lifecycle_phase: Option<String>,
    /// The plan for the limited-support period between EOL and EOS, as shown to healthcare
    /// providers in advance (QA2 Q10).
    #[serde(default)]
    pub limited_support_plan: String,
    /// A legacy device.
    #[serde(default)]
    pub legacy: bool,
    /// Why it is legacy (required when `legacy`).
    #[serde(default)]
    pub legacy_reason: String,
}

impl VersionRequest {
    fn into_new(self) -> Result<NewProductVersion, ApiError> {
        let mut new = NewProductVersion::new(self.version.trim());
        if new.version.is_empty() || new.version.chars().count() > 100 {
            return Err(ApiError::invalid("version: 1 to 100 characters").at("/version"));
        }
        new.release_date = self.release_date;
        new.eol_date = self.eol_date;
        new.eos_date = self.eos_date;
        if let Some(phase) = &self.lifecycle_phase {
            new.lifecycle_phase = pick(
                LifecyclePhase::ALL,
                |v| v.as_str(),
                phase,
                "/lifecycle_phase",
            )?;
        }
        new.limited_support_plan = self.limited_support_plan;
        new.legacy = self.legacy;
        new.legacy_reason = self.legacy_reason;
        check_lifecycle(&new)?;
        Ok(new)
    }
}

/// The lifecycle rules of a version, checked before anything is written: dates `YYYY-MM-DD`,
/// EOS after EOL (422 citing QA2 Q10 at `/eos_date`), a reason when legacy (at
/// `/legacy_reason`).
fn check_lifecycle(new: &NewProductVersion) -> Result<(), ApiError> {
    let date = |text: &Option<String>, field: &str| match text.as_deref() {
        None => Ok(None),
        Some(text) => tplc_compliance::parse_date(text)
            .map(Some)
            .map_err(|message| {
                ApiError::invalid(format!("{field}: {message}")).at(format!("/{field}"))
            }),
    };
    let plan = tplc_compliance::LifecyclePlan {
        eol: date(&new.eol_date, "eol_date")?,
        eos: date(&new.eos_date, "eos_date")?,
        limited_support_plan: new.limited_support_plan.clone(),
        legacy: new.legacy,
        legacy_reason: new.legacy_reason.clone(),
        ..tplc_compliance::LifecyclePlan::default()
    };
    plan.check().map_err(|error| {
        let pointer = match error {
            tplc_compliance::LifecycleError::EosNotAfterEol { .. } => "/eos_date",
            _ => "/legacy_reason",
        };
        ApiError::invalid(error.to_string()).at(pointer)
    })
}

/// A store `Invalid` error about a named date field, pointed at that field.
fn point_invalid(e: tplc_store::Error) -> ApiError {
    let api: ApiError = e.into();
    if api.code != "invalid" {
        return api;
    }
    for field in [
        "release_date",
        "eos_date",
        "eol_date",
        "legacy_reason",
        "limited_support_plan",
        "version",
        "name",
    ] {
        if api.message.contains(field) {
            return api.clone().at(format!("/{field}"));
        }
    }
    api
}

/// The organization's products, by name.
#[utoipa::path(get, path = "/organizations/{org}/products", tag = "products",
    params(("org" = i64, Path)),
    responses((status = 200, body = Vec<ProductView>), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(org): PathParams<i64>,
) -> Result<Json<Vec<ProductView>>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadProducts)?;
    let list = state.store.products(org).await?;
    Ok(Json(list.iter().map(product_view).collect()))
}

/// Create a product (editor).
#[utoipa::path(post, path = "/organizations/{org}/products", tag = "products",
    params(("org" = i64, Path)), request_body = ProductRequest,
    responses((status = 201, body = ProductView), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody), (status = 409, body = crate::ErrorBody),
        (status = 422, body = crate::ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(org): PathParams<i64>,
    JsonBody(body): JsonBody<ProductRequest>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteProducts)?;
    let new = body.into_new()?;
    let mut tx = state.store.begin().await?;
    let p = tx.create_product(org, &new).await.map_err(point_invalid)?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "product.create",
        "product",
        p.id.get(),
        None,
        Some(serde_json::to_value(product_view(&p)).unwrap_or_default()),
    ))
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(product_view(&p))).into_response())
}

/// One product.
#[utoipa::path(get, path = "/organizations/{org}/products/{product}", tag = "products",
    params(("org" = i64, Path), ("product" = i64, Path)),
    responses((status = 200, body = ProductView), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, product)): PathParams<(i64, i64)>,
) -> Result<Json<ProductView>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadProducts)?;
    let p = state.store.product(org, ProductId::new(product)).await?;
    Ok(Json(product_view(&p)))
}

/// Change a product (editor).
#[utoipa::path(put, path = "/organizations/{org}/products/{product}", tag = "products",
    params(("org" = i64, Path), ("product" = i64, Path)), request_body = ProductRequest,
    responses((status = 200, body = ProductView), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody), (status = 409, body = crate::ErrorBody)))]
pub(crate) async fn update(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, product)): PathParams<(i64, i64)>,
    JsonBody(body): JsonBody<ProductRequest>,
) -> Result<Json<ProductView>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteProducts)?;
    let new = body.into_new()?;
    let id = ProductId::new(product);
    let mut tx = state.store.begin().await?;
    let before = tx.product(org, id).await?;
    let p = tx
        .update_product(org, id, &new)
        .await
        .map_err(point_invalid)?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "product.update",
        "product",
        p.id.get(),
        Some(serde_json::to_value(product_view(&before)).unwrap_or_default()),
        Some(serde_json::to_value(product_view(&p)).unwrap_or_default()),
    ))
    .await?;
    tx.commit().await?;
    Ok(Json(product_view(&p)))
}

/// The versions of a product, in creation order.
#[utoipa::path(get, path = "/organizations/{org}/products/{product}/versions", tag = "products",
    params(("org" = i64, Path), ("product" = i64, Path)),
    responses((status = 200, body = Vec<VersionView>), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn versions(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, product)): PathParams<(i64, i64)>,
) -> Result<Json<Vec<VersionView>>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadProducts)?;
    let list = state
        .store
        .product_versions(org, ProductId::new(product))
        .await?;
    Ok(Json(list.iter().map(version_view).collect()))
}

/// Create a version of a product (editor).
#[utoipa::path(post, path = "/organizations/{org}/products/{product}/versions", tag = "products",
    params(("org" = i64, Path), ("product" = i64, Path)), request_body = VersionRequest,
    responses((status = 201, body = VersionView), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody), (status = 409, body = crate::ErrorBody),
        (status = 422, body = crate::ErrorBody)))]
pub(crate) async fn create_version(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, product)): PathParams<(i64, i64)>,
    JsonBody(body): JsonBody<VersionRequest>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteProducts)?;
    let new = body.into_new()?;
    let mut tx = state.store.begin().await?;
    let v = tx
        .create_product_version(org, ProductId::new(product), &new)
        .await
        .map_err(point_invalid)?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "version.create",
        "product_version",
        v.id.get(),
        None,
        Some(serde_json::to_value(version_view(&v)).unwrap_or_default()),
    ))
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(version_view(&v))).into_response())
}

/// One product version.
#[utoipa::path(get, path = "/organizations/{org}/versions/{version}", tag = "products",
    params(("org" = i64, Path), ("version" = i64, Path)),
    responses((status = 200, body = VersionView), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn get_version(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
) -> Result<Json<VersionView>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadProducts)?;
    let v = state
        .store
        .product_version(org, ProductVersionId::new(version))
        .await?;
    Ok(Json(version_view(&v)))
}

/// Change a product version (editor): label, dates, lifecycle phase, limited-support plan,
/// legacy flag and reason. EOS on or before EOL is 422 at `/eos_date` citing QA2 Q10 (a
/// limited-support period between EOL and EOS is required); legacy without a reason is 422 at
/// `/legacy_reason`; nothing is saved then.
#[utoipa::path(put, path = "/organizations/{org}/versions/{version}", tag = "products",
    params(("org" = i64, Path), ("version" = i64, Path)), request_body = VersionRequest,
    responses((status = 200, body = VersionView), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody)))]
pub(crate) async fn update_version(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
    JsonBody(body): JsonBody<VersionRequest>,
) -> Result<Json<VersionView>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteProducts)?;
    let new = body.into_new()?;
    let id = ProductVersionId::new(version);
    let mut tx = state.store.begin().await?;
    let before = tx.product_version(org, id).await?;
    let v = tx
        .update_product_version(org, id, &new)
        .await
        .map_err(point_invalid)?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "version.update",
        "product_version",
        v.id.get(),
        Some(serde_json::to_value(version_view(&before)).unwrap_or_default()),
        Some(serde_json::to_value(version_view(&v)).unwrap_or_default()),
    ))
    .await?;
    tx.commit().await?;
    Ok(Json(version_view(&v)))
}
