//! Organizations, members and API tokens.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tplc_auth::Permission;
use tplc_store::{
    ApiToken, ApiTokenId, Membership, NewApiToken, Organization, OrganizationId, OrganizationKind,
    PasswordHash, User, UserId,
};
use utoipa::ToSchema;

use super::{audit, pick, time};
use crate::auth::{Caller, Role, role_of, store_role};
use crate::{ApiError, AppState, JsonBody, PathParams};

/// An organization.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationView {
    /// The key.
    pub id: i64,
    /// `manufacturer` or `healthcare_provider`.
    pub kind: String,
    /// The name.
    pub name: String,
    /// When it was created.
    pub created_at: String,
    /// The caller's effective role in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl OrganizationView {
    fn of(o: &Organization, role: Option<Role>) -> Self {
        Self {
            id: o.id.get(),
            kind: o.kind.as_str().into(),
            name: o.name.clone(),
            created_at: time(o.created_at),
            role: role.map(|r| r.as_str().into()),
        }
    }
}

/// A new organization.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganization {
    /// The name, unique.
    pub name: String,
    /// `manufacturer` (default) or `healthcare_provider`.
    #[serde(default)]
    pub kind: Option<String>,
}

/// A member of an organization.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    /// The user's key.
    pub user_id: i64,
    /// The login name.
    pub username: String,
    /// The name shown.
    pub display_name: String,
    /// `admin`, `editor` or `viewer`.
    pub role: String,
    /// When the role was granted.
    pub created_at: String,
}

fn member_view(m: &Membership, u: &User) -> MemberView {
    MemberView {
        user_id: u.id.get(),
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: m.role.as_str().into(),
        created_at: time(m.created_at),
    }
}

/// A member to add: an existing account by name, or a new local account when `password` is
/// given (checked against the password policy).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddMember {
    /// The login name.
    pub username: String,
    /// `admin`, `editor` or `viewer`.
    pub role: String,
    /// For a new account: the name shown (default: the login name).
    #[serde(default)]
    pub display_name: Option<String>,
    /// For a new account: its password (never logged).
    #[serde(default)]
    #[schema(format = Password)]
    pub password: Option<String>,
}

impl std::fmt::Debug for AddMember {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AddMember")
            .field("username", &self.username)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// A role change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeRole {
    /// `admin`, `editor` or `viewer`.
    pub role: String,
}

/// An API token (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    /// The key.
    pub id: i64,
    /// The name.
    pub name: String,
    /// The role it acts with (never more than its user's current role).
    pub role: String,
    /// The user it acts for.
    pub user_id: i64,
    /// When it was created.
    pub created_at: String,
    /// When it was last used.
    pub last_used_at: Option<String>,
    /// When it was revoked.
    pub revoked_at: Option<String>,
}

fn token_view(t: &ApiToken) -> TokenView {
    TokenView {
        id: t.id.get(),
        name: t.name.clone(),
        role: t.role.as_str().into(),
        user_id: t.user.get(),
        created_at: time(t.created_at),
        last_used_at: t.last_used_at.map(time),
        revoked_at: t.revoked_at.map(time),
    }
}

/// A new token for the caller's own account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    /// A name (`ci`, `jenkins`).
    pub name: String,
    /// `admin`, `editor` or `viewer`.
    pub role: String,
}

/// A token just created: the plaintext is shown this once.
#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    /// The token.
    pub token: TokenView,
    /// The secret, `tplc_…`: send it as `Authorization: Bearer …`. Not shown again.
    pub plaintext: String,
}

fn parse_role(value: &str, pointer: &str) -> Result<Role, ApiError> {
    value
        .parse::<Role>()
        .map_err(|e| ApiError::invalid(e.to_string()).at(pointer))
}

/// The organizations the caller may act in.
#[utoipa::path(get, path = "/organizations", tag = "organizations",
    responses((status = 200, body = Vec<OrganizationView>), (status = 401, body = crate::ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<OrganizationView>>, ApiError> {
    let mut out = Vec::new();
    for (org, role) in caller.organizations() {
        let o = state.store.organization(*org).await?;
        out.push(OrganizationView::of(&o, Some(*role)));
    }
    Ok(Json(out))
}

/// Create an organization (server administrators only); the caller becomes its admin.
#[utoipa::path(post, path = "/organizations", tag = "organizations",
    request_body = CreateOrganization,
    responses((status = 201, body = OrganizationView), (status = 403, body = crate::ErrorBody),
        (status = 409, body = crate::ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<CreateOrganization>,
) -> Result<Response, ApiError> {
    if !caller.server_admin {
        return Err(ApiError::forbidden(
            "only the server administrator creates organizations",
        ));
    }
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::invalid("name: 1 to 200 characters").at("/name"));
    }
    let kind = match body.kind.as_deref() {
        None => OrganizationKind::Manufacturer,
        Some(k) => pick(OrganizationKind::ALL, |v| v.as_str(), k, "/kind")?,
    };
    let mut tx = state.store.begin().await?;
    let org = tx.create_organization(kind, name).await?;
    tx.add_membership(org.id, caller.user.id, tplc_store::Role::Admin)
        .await?;
    tx.append_audit(&audit(
        Some(org.id),
        &caller,
        "organization.create",
        "organization",
        org.id.get(),
        None,
        Some(serde_json::json!({"name": org.name, "kind": org.kind.as_str()})),
    ))
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(OrganizationView::of(&org, Some(Role::Admin))),
    )
        .into_response())
}

/// One organization.
#[utoipa::path(get, path = "/organizations/{org}", tag = "organizations",
    params(("org" = i64, Path, description = "organization key")),
    responses((status = 200, body = OrganizationView), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(org): PathParams<i64>,
) -> Result<Json<OrganizationView>, ApiError> {
    let org = OrganizationId::new(org);
    let role = caller.require(org, Permission::ReadOrganization)?;
    let o = state.store.organization(org).await?;
    Ok(Json(OrganizationView::of(&o, Some(role))))
}

/// The members of an organization (admin).
#[utoipa::path(get, path = "/organizations/{org}/members", tag = "organizations",
    params(("org" = i64, Path)),
    responses((status = 200, body = Vec<MemberView>), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn members(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(org): PathParams<i64>,
) -> Result<Json<Vec<MemberView>>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ManageMembers)?;
    let mut out = Vec::new();
    for m in state.store.members(org).await? {
        let u = state.store.user(m.user).await?;
        out.push(member_view(&m, &u));
    }
    Ok(Json(out))
}

/// Add a member (admin): an existing account, or a new local account with a password.
#[utoipa::path(post, path = "/organizations/{org}/members", tag = "organizations",
    params(("org" = i64, Path)), request_body = AddMember,
    responses((status = 201, body = MemberView), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody), (status = 409, body = crate::ErrorBody),
        (status = 422, body = crate::ErrorBody)))]
pub(crate) async fn add_member(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(org): PathParams<i64>,
    JsonBody(body): JsonBody<AddMember>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ManageMembers)?;
    let role = parse_role(&body.role, "/role")?;
    let username = body.username.trim();
    if username.is_empty() || username.chars().count() > 128 {
        return Err(ApiError::invalid("username: 1 to 128 characters").at("/username"));
    }
    let existing = match state.store.user_by_username(username).await {
        Ok(u) => Some(u),
        Err(e) if e.is_not_found() => None,
        Err(e) => return Err(e.into()),
    };
    let new_hash = match (&existing, &body.password) {
        (Some(_), Some(_)) => {
            return Err(ApiError::conflict("the account exists; omit the password").at("/password"));
        }
        (None, None) => return Err(ApiError::not_found("user")),
        (None, Some(password)) => {
            let hasher = state.hasher;
            let password = password.clone();
            let context = username.to_owned();
            let hash = tokio::task::spawn_blocking(move || {
                hasher.hash_new_password(
                    &password,
                    &tplc_auth::PasswordPolicy::default(),
                    &[context.as_str()],
                )
            })
            .await
            .map_err(|e| ApiError::internal(&e))?
            .map_err(|e| match e {
                tplc_auth::AuthError::Policy(v) => ApiError::invalid(v.to_string()).at("/password"),
                other => ApiError::internal(&other),
            })?;
            Some(hash)
        }
        (Some(_), None) => None,
    };
    let mut tx = state.store.begin().await?;
    let user = match (existing, new_hash) {
        (Some(u), _) => u,
        (None, Some(hash)) => {
            let display = body.display_name.as_deref().unwrap_or(username);
            tx.create_user(username, display, &PasswordHash::new(hash.into_string()))
                .await?
        }
        (None, None) => return Err(ApiError::not_found("user")),
    };
    let m = tx.add_membership(org, user.id, store_role(role)).await?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "membership.add",
        "membership",
        m.id.get(),
        None,
        Some(serde_json::json!({"user": user.username, "role": role.as_str()})),
    ))
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(member_view(&m, &user))).into_response())
}

/// Refuses a change that would leave the organization without an admin.
async fn keep_an_admin(
    tx: &mut tplc_store::Tx,
    org: OrganizationId,
    user: UserId,
) -> Result<(), ApiError> {
    let admins = tx
        .members(org)
        .await?
        .into_iter()
        .filter(|m| m.role == tplc_store::Role::Admin && m.user != user)
        .count();
    if admins == 0 {
        return Err(ApiError::conflict(
            "the organization would have no admin left",
        ));
    }
    Ok(())
}

/// Change a member's role (admin). The member's sessions end (they log in again).
#[utoipa::path(patch, path = "/organizations/{org}/members/{user}", tag = "organizations",
    params(("org" = i64, Path), ("user" = i64, Path, description = "user key")),
    request_body = ChangeRole,
    responses((status = 200, body = MemberView), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody), (status = 409, body = crate::ErrorBody)))]
pub(crate) async fn change_role(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, user)): PathParams<(i64, i64)>,
    JsonBody(body): JsonBody<ChangeRole>,
) -> Result<Json<MemberView>, ApiError> {
    let org = OrganizationId::new(org);
    let user = UserId::new(user);
    caller.require(org, Permission::ManageMembers)?;
    let role = parse_role(&body.role, "/role")?;
    let mut tx = state.store.begin().await?;
    let before = tx.membership(org, user).await?;
    if role != Role::Admin && before.role == tplc_store::Role::Admin {
        keep_an_admin(&mut tx, org, user).await?;
    }
    let m = tx.set_role(org, user, store_role(role)).await?;
    if role_of(before.role) != role && user != caller.user.id {
        tx.delete_user_sessions(user).await?;
    }
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "membership.role",
        "membership",
        m.id.get(),
        Some(serde_json::json!({"user": user.get(), "role": before.role.as_str()})),
        Some(serde_json::json!({"user": user.get(), "role": role.as_str()})),
    ))
    .await?;
    let u = tx.user(user).await?;
    tx.commit().await?;
    Ok(Json(member_view(&m, &u)))
}

/// Remove a member (admin).
#[utoipa::path(delete, path = "/organizations/{org}/members/{user}", tag = "organizations",
    params(("org" = i64, Path), ("user" = i64, Path)),
    responses((status = 204), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody), (status = 409, body = crate::ErrorBody)))]
pub(crate) async fn remove_member(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, user)): PathParams<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    let org = OrganizationId::new(org);
    let user = UserId::new(user);
    caller.require(org, Permission::ManageMembers)?;
    let mut tx = state.store.begin().await?;
    let before = tx.membership(org, user).await?;
    if before.role == tplc_store::Role::Admin {
        keep_an_admin(&mut tx, org, user).await?;
    }
    tx.remove_membership(org, user).await?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "membership.remove",
        "membership",
        before.id.get(),
        Some(serde_json::json!({"user": user.get(), "role": before.role.as_str()})),
        None,
    ))
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organization's API tokens (admin).
#[utoipa::path(get, path = "/organizations/{org}/tokens", tag = "organizations",
    params(("org" = i64, Path)),
    responses((status = 200, body = Vec<TokenView>), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn tokens(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(org): PathParams<i64>,
) -> Result<Json<Vec<TokenView>>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ManageTokens)?;
    let list = state.store.api_tokens(org).await?;
    Ok(Json(list.iter().map(token_view).collect()))
}

/// Create an API token for the caller's own account (admin); the plaintext is answered once.
#[utoipa::path(post, path = "/organizations/{org}/tokens", tag = "organizations",
    params(("org" = i64, Path)), request_body = CreateToken,
    responses((status = 201, body = CreatedToken), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(org): PathParams<i64>,
    JsonBody(body): JsonBody<CreateToken>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    let own = caller.require(org, Permission::ManageTokens)?;
    let role = parse_role(&body.role, "/role")?;
    if role > own {
        return Err(ApiError::forbidden("a token cannot have more than your role").at("/role"));
    }
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::invalid("name: 1 to 100 characters").at("/name"));
    }
    let (plaintext, hash) = tplc_auth::generate_token().map_err(|e| ApiError::internal(&e))?;
    let mut tx = state.store.begin().await?;
    let token = tx
        .create_api_token(&NewApiToken {
            organization: org,
            user: caller.user.id,
            role: store_role(role),
            name: name.to_owned(),
            token_hash: hash.to_hex(),
        })
        .await?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "token.create",
        "api_token",
        token.id.get(),
        None,
        Some(serde_json::json!({"name": token.name, "role": role.as_str(), "user": caller.user.id.get()})),
    ))
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            token: token_view(&token),
            plaintext: plaintext.into_inner(),
        }),
    )
        .into_response())
}

/// Revoke an API token (admin; idempotent).
#[utoipa::path(delete, path = "/organizations/{org}/tokens/{token}", tag = "organizations",
    params(("org" = i64, Path), ("token" = i64, Path, description = "token key")),
    responses((status = 200, body = TokenView), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, token)): PathParams<(i64, i64)>,
) -> Result<Json<TokenView>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ManageTokens)?;
    let mut tx = state.store.begin().await?;
    let t = tx.revoke_api_token(org, ApiTokenId::new(token)).await?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "token.revoke",
        "api_token",
        t.id.get(),
        None,
        Some(serde_json::json!({"name": t.name})),
    ))
    .await?;
    tx.commit().await?;
    Ok(Json(token_view(&t)))
}
