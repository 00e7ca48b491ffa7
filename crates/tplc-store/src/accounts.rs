//! Organizations, users, memberships with roles, and API tokens.

use std::fmt;

use crate::db::{Conn, RowExt, found, id_type, on, reads, text_enum};
use crate::{Result, Timestamp, Tx};

id_type!(
    /// The key of an [`Organization`].
    OrganizationId
);
id_type!(
    /// The key of a [`User`].
    UserId
);
id_type!(
    /// The key of a [`Membership`].
    MembershipId
);
id_type!(
    /// The key of an [`ApiToken`].
    ApiTokenId
);

text_enum!(
    /// What kind of organization it is.
    pub enum OrganizationKind {
        /// A medical-device manufacturer (製造販売業者).
        Manufacturer = "manufacturer",
        /// A hospital or other healthcare provider (医療機関).
        HealthcareProvider = "healthcare_provider",
    }
);

text_enum!(
    /// A role in an organization.
    pub enum Role {
        /// Everything, including members and tokens.
        Admin = "admin",
        /// Create and change products, SBOMs and analyses.
        Editor = "editor",
        /// Read only.
        Viewer = "viewer",
    }
);

/// An organization: a manufacturer or a healthcare provider; every object belongs to one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// The key.
    pub id: OrganizationId,
    /// Manufacturer or healthcare provider.
    pub kind: OrganizationKind,
    /// The name, unique.
    pub name: String,
    /// When it was created.
    pub created_at: Timestamp,
}

/// A local account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The key.
    pub id: UserId,
    /// The login name, unique.
    pub username: String,
    /// The name shown in the UI and the audit log.
    pub display_name: String,
    /// When it was created.
    pub created_at: Timestamp,
}

/// A password hash in PHC string form, made elsewhere (argon2id). Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a PHC string (`$argon2id$v=19$…`).
    #[must_use]
    pub fn new(phc: impl Into<String>) -> Self {
        Self(phc.into())
    }

    /// The PHC string, to verify a password against.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

/// A user's role in an organization (one per user and organization).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    /// The key.
    pub id: MembershipId,
    /// The organization.
    pub organization: OrganizationId,
    /// The user.
    pub user: UserId,
    /// The role.
    pub role: Role,
    /// When it was granted.
    pub created_at: Timestamp,
}

/// An API token: scoped to one organization and one role; only its hash is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// The key.
    pub id: ApiTokenId,
    /// The organization it acts in.
    pub organization: OrganizationId,
    /// The user it acts for.
    pub user: UserId,
    /// The role it acts with.
    pub role: Role,
    /// A name the user chose (`ci`, `jenkins`).
    pub name: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was last used.
    pub last_used_at: Option<Timestamp>,
    /// When it was revoked; a revoked token authenticates nothing.
    pub revoked_at: Option<Timestamp>,
}

/// A token to create; `token_hash` is a hash of the secret (the secret itself is shown once and
/// never stored).
#[derive(Clone, PartialEq, Eq)]
pub struct NewApiToken {
    /// The organization it acts in.
    pub organization: OrganizationId,
    /// The user it acts for (must be a member of the organization).
    pub user: UserId,
    /// The role it acts with.
    pub role: Role,
    /// A name the user chose.
    pub name: String,
    /// The hash of the secret, unique.
    pub token_hash: String,
}

impl fmt::Debug for NewApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewApiToken")
            .field("organization", &self.organization)
            .field("user", &self.user)
            .field("role", &self.role)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

const ORG_COLS: &str = "id, kind, name, created_at";
const USER_COLS: &str = "id, username, display_name, created_at";
const MEMBER_COLS: &str = "id, organization_id, user_id, role, created_at";
const TOKEN_COLS: &str =
    "id, organization_id, user_id, role, name, created_at, last_used_at, revoked_at";

fn organization_from(row: &impl RowExt) -> Result<Organization> {
    Ok(Organization {
        id: OrganizationId::new(row.col("id")?),
        kind: row.parsed("kind")?,
        name: row.col("name")?,
        created_at: row.time("created_at")?,
    })
}

fn user_from(row: &impl RowExt) -> Result<User> {
    Ok(User {
        id: UserId::new(row.col("id")?),
        username: row.col("username")?,
        display_name: row.col("display_name")?,
        created_at: row.time("created_at")?,
    })
}

fn membership_from(row: &impl RowExt) -> Result<Membership> {
    Ok(Membership {
        id: MembershipId::new(row.col("id")?),
        organization: OrganizationId::new(row.col("organization_id")?),
        user: UserId::new(row.col("user_id")?),
        role: row.parsed("role")?,
        created_at: row.time("created_at")?,
    })
}

fn token_from(row: &impl RowExt) -> Result<ApiToken> {
    Ok(ApiToken {
        id: ApiTokenId::new(row.col("id")?),
        organization: OrganizationId::new(row.col("organization_id")?),
        user: UserId::new(row.col("user_id")?),
        role: row.parsed("role")?,
        name: row.col("name")?,
        created_at: row.time("created_at")?,
        last_used_at: row.time_opt("last_used_at")?,
        revoked_at: row.time_opt("revoked_at")?,
    })
}

async fn organization(conn: &mut Conn<'_>, id: OrganizationId) -> Result<Organization> {
    let sql = format!("SELECT {ORG_COLS} FROM organizations WHERE id = $1");
    let org = on!(conn, c => sqlx::query(&sql).bind(id.get()).fetch_optional(&mut *c).await?
        .map(|row| organization_from(&row)).transpose()?);
    found(org, "organization")
}

async fn organization_by_name(conn: &mut Conn<'_>, name: &str) -> Result<Organization> {
    let sql = format!("SELECT {ORG_COLS} FROM organizations WHERE name = $1");
    let org = on!(conn, c => sqlx::query(&sql).bind(name).fetch_optional(&mut *c).await?
        .map(|row| organization_from(&row)).transpose()?);
    found(org, "organization")
}

async fn organizations(conn: &mut Conn<'_>) -> Result<Vec<Organization>> {
    let sql = format!("SELECT {ORG_COLS} FROM organizations ORDER BY name");
    on!(conn, c => sqlx::query(&sql).fetch_all(&mut *c).await?
        .iter().map(organization_from).collect())
}

async fn user(conn: &mut Conn<'_>, id: UserId) -> Result<User> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE id = $1");
    let user = on!(conn, c => sqlx::query(&sql).bind(id.get()).fetch_optional(&mut *c).await?
        .map(|row| user_from(&row)).transpose()?);
    found(user, "user")
}

async fn user_by_username(conn: &mut Conn<'_>, username: &str) -> Result<User> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE username = $1");
    let user = on!(conn, c => sqlx::query(&sql).bind(username).fetch_optional(&mut *c).await?
        .map(|row| user_from(&row)).transpose()?);
    found(user, "user")
}

async fn credentials(conn: &mut Conn<'_>, username: &str) -> Result<(User, PasswordHash)> {
    let sql = format!("SELECT {USER_COLS}, password_hash FROM users WHERE username = $1");
    let pair = on!(conn, c => sqlx::query(&sql).bind(username).fetch_optional(&mut *c).await?
        .map(|row| Ok::<_, crate::Error>((user_from(&row)?, PasswordHash(row.col("password_hash")?))))
        .transpose()?);
    found(pair, "user")
}

async fn membership(
    conn: &mut Conn<'_>,
    organization: OrganizationId,
    user: UserId,
) -> Result<Membership> {
    let sql = format!(
        "SELECT {MEMBER_COLS} FROM memberships WHERE organization_id = $1 AND user_id = $2"
    );
    let m = on!(conn, c => sqlx::query(&sql).bind(organization.get()).bind(user.get())
        .fetch_optional(&mut *c).await?.map(|row| membership_from(&row)).transpose()?);
    found(m, "membership")
}

async fn members(conn: &mut Conn<'_>, organization: OrganizationId) -> Result<Vec<Membership>> {
    let sql =
        format!("SELECT {MEMBER_COLS} FROM memberships WHERE organization_id = $1 ORDER BY id");
    on!(conn, c => sqlx::query(&sql).bind(organization.get()).fetch_all(&mut *c).await?
        .iter().map(membership_from).collect())
}

async fn memberships_of(conn: &mut Conn<'_>, user: UserId) -> Result<Vec<Membership>> {
    let sql = format!("SELECT {MEMBER_COLS} FROM memberships WHERE user_id = $1 ORDER BY id");
    on!(conn, c => sqlx::query(&sql).bind(user.get()).fetch_all(&mut *c).await?
        .iter().map(membership_from).collect())
}

async fn api_token_by_hash(conn: &mut Conn<'_>, token_hash: &str) -> Result<ApiToken> {
    let sql = format!("SELECT {TOKEN_COLS} FROM api_tokens WHERE token_hash = $1");
    let t = on!(conn, c => sqlx::query(&sql).bind(token_hash).fetch_optional(&mut *c).await?
        .map(|row| token_from(&row)).transpose()?);
    found(t, "API token")
}

/// An API token with its user and the user's role in the token's organization, if any.
pub type TokenCaller = (ApiToken, User, Option<Role>);

async fn api_token_caller(conn: &mut Conn<'_>, token_hash: &str) -> Result<TokenCaller> {
    // One statement for the request path of every API call: the token, its user, and the
    // membership that bounds its role. Columns of `users` are aliased so `token_from` can read
    // the token's own columns by name.
    let sql = "SELECT t.id, t.organization_id, t.user_id, t.role, t.name, t.created_at, \
               t.last_used_at, t.revoked_at, u.username AS user_username, \
               u.display_name AS user_display_name, u.created_at AS user_created_at, \
               m.role AS member_role \
               FROM api_tokens t JOIN users u ON u.id = t.user_id \
               LEFT JOIN memberships m ON m.organization_id = t.organization_id \
               AND m.user_id = t.user_id WHERE t.token_hash = $1";
    let t = on!(conn, c => sqlx::query(sql).bind(token_hash).fetch_optional(&mut *c).await?
        .map(|row| {
            let token = token_from(&row)?;
            let user = User {
                id: token.user,
                username: row.col("user_username")?,
                display_name: row.col("user_display_name")?,
                created_at: row.time("user_created_at")?,
            };
            let role = row.parsed_opt("member_role")?;
            Ok::<_, crate::Error>((token, user, role))
        })
        .transpose()?);
    found(t, "API token")
}

async fn api_tokens(conn: &mut Conn<'_>, organization: OrganizationId) -> Result<Vec<ApiToken>> {
    let sql = format!("SELECT {TOKEN_COLS} FROM api_tokens WHERE organization_id = $1 ORDER BY id");
    on!(conn, c => sqlx::query(&sql).bind(organization.get()).fetch_all(&mut *c).await?
        .iter().map(token_from).collect())
}

reads! {
    /// The organization with this key.
    fn organization(id: OrganizationId) -> Organization = organization;
    /// The organization with this name.
    fn organization_by_name(name: &str) -> Organization = organization_by_name;
    /// Every organization, by name.
    fn organizations() -> Vec<Organization> = organizations;
    /// The user with this key.
    fn user(id: UserId) -> User = user;
    /// The user with this login name.
    fn user_by_username(username: &str) -> User = user_by_username;
    /// The user with this login name and the password hash to check a login against.
    fn credentials(username: &str) -> (User, PasswordHash) = credentials;
    /// The membership of `user` in `organization`.
    fn membership(organization: OrganizationId, user: UserId) -> Membership = membership;
    /// The memberships of an organization.
    fn members(organization: OrganizationId) -> Vec<Membership> = members;
    /// The memberships of a user.
    fn memberships_of(user: UserId) -> Vec<Membership> = memberships_of;
    /// The API token with this hash (revoked ones too: check [`ApiToken::revoked_at`]).
    fn api_token_by_hash(token_hash: &str) -> ApiToken = api_token_by_hash;
    /// The API token with this hash, its user and the user's role in the token's organization
    /// (`None` when the user is no longer a member), in one statement.
    fn api_token_caller(token_hash: &str) -> TokenCaller = api_token_caller;
    /// The API tokens of an organization.
    fn api_tokens(organization: OrganizationId) -> Vec<ApiToken> = api_tokens;
}

impl Tx {
    /// Creates an organization.
    ///
    /// # Errors
    /// [`Error::Conflict`](crate::Error::Conflict) when the name is taken.
    pub async fn create_organization(
        &mut self,
        kind: OrganizationKind,
        name: &str,
    ) -> Result<Organization> {
        let sql = format!(
            "INSERT INTO organizations (kind, name, created_at) VALUES ($1, $2, $3) RETURNING {ORG_COLS}"
        );
        let now = Timestamp::now().to_text();
        on!(&mut self.conn(), c => organization_from(&sqlx::query(&sql)
            .bind(kind.as_str()).bind(name).bind(&now).fetch_one(&mut *c).await?))
    }

    /// Creates a user.
    ///
    /// # Errors
    /// [`Error::Conflict`](crate::Error::Conflict) when the username is taken.
    pub async fn create_user(
        &mut self,
        username: &str,
        display_name: &str,
        password_hash: &PasswordHash,
    ) -> Result<User> {
        let sql = format!(
            "INSERT INTO users (username, display_name, password_hash, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING {USER_COLS}"
        );
        let now = Timestamp::now().to_text();
        on!(&mut self.conn(), c => user_from(&sqlx::query(&sql)
            .bind(username).bind(display_name).bind(password_hash.as_str()).bind(&now)
            .fetch_one(&mut *c).await?))
    }

    /// Replaces a user's password hash.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) when there is no such user.
    pub async fn set_password_hash(&mut self, user: UserId, hash: &PasswordHash) -> Result<()> {
        let n = on!(&mut self.conn(), c => sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash.as_str()).bind(user.get()).execute(&mut *c).await?.rows_affected());
        found((n == 1).then_some(()), "user")
    }

    /// Grants `user` a role in `organization`.
    ///
    /// # Errors
    /// [`Error::Conflict`](crate::Error::Conflict) when the user already is a member;
    /// [`Error::NotFound`](crate::Error::NotFound) when the user or organization does not exist.
    pub async fn add_membership(
        &mut self,
        organization: OrganizationId,
        user: UserId,
        role: Role,
    ) -> Result<Membership> {
        self.mark_auth_changed();
        let sql = format!(
            "INSERT INTO memberships (organization_id, user_id, role, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING {MEMBER_COLS}"
        );
        let now = Timestamp::now().to_text();
        on!(&mut self.conn(), c => membership_from(&sqlx::query(&sql)
            .bind(organization.get()).bind(user.get()).bind(role.as_str()).bind(&now)
            .fetch_one(&mut *c).await?))
    }

    /// Changes a member's role.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) when the user is not a member.
    pub async fn set_role(
        &mut self,
        organization: OrganizationId,
        user: UserId,
        role: Role,
    ) -> Result<Membership> {
        self.mark_auth_changed();
        let sql = format!(
            "UPDATE memberships SET role = $1 WHERE organization_id = $2 AND user_id = $3 \
             RETURNING {MEMBER_COLS}"
        );
        let m = on!(&mut self.conn(), c => sqlx::query(&sql).bind(role.as_str())
            .bind(organization.get()).bind(user.get()).fetch_optional(&mut *c).await?
            .map(|row| membership_from(&row)).transpose()?);
        found(m, "membership")
    }

    /// Removes a member from an organization.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) when the user is not a member.
    pub async fn remove_membership(
        &mut self,
        organization: OrganizationId,
        user: UserId,
    ) -> Result<()> {
        self.mark_auth_changed();
        let n = on!(&mut self.conn(), c => sqlx::query(
            "DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2")
            .bind(organization.get()).bind(user.get()).execute(&mut *c).await?.rows_affected());
        found((n == 1).then_some(()), "membership")
    }

    /// Stores a new API token. The user must be a member of the organization.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) when the user is not a member;
    /// [`Error::Conflict`](crate::Error::Conflict) when the hash is already stored.
    pub async fn create_api_token(&mut self, token: &NewApiToken) -> Result<ApiToken> {
        membership(&mut self.conn(), token.organization, token.user).await?;
        let sql = format!(
            "INSERT INTO api_tokens (organization_id, user_id, role, name, token_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {TOKEN_COLS}"
        );
        let now = Timestamp::now().to_text();
        on!(&mut self.conn(), c => token_from(&sqlx::query(&sql)
            .bind(token.organization.get()).bind(token.user.get()).bind(token.role.as_str())
            .bind(&token.name).bind(&token.token_hash).bind(&now).fetch_one(&mut *c).await?))
    }

    /// Revokes a token of `organization` (idempotent: revoking again keeps the first time).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) when the organization has no such token.
    pub async fn revoke_api_token(
        &mut self,
        organization: OrganizationId,
        id: ApiTokenId,
    ) -> Result<ApiToken> {
        self.mark_auth_changed();
        let sql = format!(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) \
             WHERE id = $2 AND organization_id = $3 RETURNING {TOKEN_COLS}"
        );
        let now = Timestamp::now().to_text();
        let t = on!(&mut self.conn(), c => sqlx::query(&sql).bind(&now).bind(id.get())
            .bind(organization.get()).fetch_optional(&mut *c).await?
            .map(|row| token_from(&row)).transpose()?);
        found(t, "API token")
    }

    /// Records that a token was used now.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) when there is no such token.
    pub async fn touch_api_token(&mut self, id: ApiTokenId) -> Result<()> {
        let now = Timestamp::now().to_text();
        let n = on!(&mut self.conn(), c => sqlx::query(
            "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(&now).bind(id.get()).execute(&mut *c).await?.rows_affected());
        found((n == 1).then_some(()), "API token")
    }
}
