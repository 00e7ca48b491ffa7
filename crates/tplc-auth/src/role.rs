//! Roles, permissions and the authorisation decision.
//!
//! Roles are per organization and nested: a [`Role::Viewer`] reads, a [`Role::Editor`] also
//! changes the record (products, versions, SBOMs, analyses, jobs, regulatory evidence), a [`Role::Admin`] also
//! deletes, manages members, roles and tokens, reads the audit log and imports advisories.
//! Which role each [`Permission`] needs is written once, in [`Permission::minimum_role`];
//! everything else derives from it. A new permission must be placed there and gets no role by
//! accident: the `match` has no wildcard arm.
//!
//! | route group (issue 4) | read | change |
//! | --- | --- | --- |
//! | organizations | [`Permission::ReadOrganization`] (viewer) | [`Permission::ManageOrganization`] (admin) |
//! | products, versions, components | [`Permission::ReadProducts`] (viewer) | [`Permission::WriteProducts`] (editor); deletion [`Permission::DeleteData`] (admin) |
//! | SBOM documents | [`Permission::DownloadSbom`] (viewer) | [`Permission::UploadSbom`] (editor); deletion [`Permission::DeleteData`] (admin) |
//! | findings, analyses | [`Permission::ReadFindings`] (viewer) | [`Permission::WriteAnalysis`] (editor) |
//! | advisories | [`Permission::ReadAdvisories`] (viewer) | [`Permission::ImportAdvisories`] (admin) |
//! | jobs | [`Permission::ReadJobs`] (viewer) | [`Permission::ManageJobs`] (editor) |
//! | audit events | [`Permission::ReadAuditLog`] (admin) | none: append-only |
//! | regulatory evidence (issue 5): catalogs' items, evidence links, Annex F, scope and diagrams, lifecycle disclosures, attachment, evidence pack, MDS2 | [`Permission::ReadCompliance`] (viewer) | [`Permission::WriteCompliance`] (editor) |
//! | users, memberships, roles | [`Permission::ManageMembers`] (admin) | [`Permission::ManageMembers`] (admin) |
//! | API tokens | [`Permission::ManageTokens`] (admin) | [`Permission::ManageTokens`] (admin) |
//!
//! [`authorize`] turns a caller's role in the object's organization into the response: no
//! role (not a member, or the object belongs to another organization) is 404, so the
//! existence of other organizations' objects is not revealed; a role without the permission
//! is 403.

use std::fmt;
use std::str::FromStr;

use crate::error::AuthError;

/// A member's role in one organization. Ordered by privilege: `Viewer < Editor < Admin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads the organization's record.
    Viewer,
    /// Also changes it: products, versions, SBOM uploads, analyses, jobs, regulatory evidence.
    Editor,
    /// Everything: also deletion, members, roles, tokens, the audit log, advisory imports.
    Admin,
}

impl Role {
    /// All roles, least privileged first.
    pub const ALL: [Self; 3] = [Self::Viewer, Self::Editor, Self::Admin];

    /// `viewer`, `editor` or `admin`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Editor => "editor",
            Self::Admin => "admin",
        }
    }

    /// Whether this role grants `permission`.
    pub fn allows(self, permission: Permission) -> bool {
        self >= permission.minimum_role()
    }

    /// The permissions this role grants, in [`Permission::ALL`] order.
    pub fn permissions(self) -> impl Iterator<Item = Permission> {
        Permission::ALL.into_iter().filter(move |p| self.allows(*p))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = AuthError;

    /// `admin`, `editor` or `viewer`, in any case, surrounding spaces ignored.
    fn from_str(s: &str) -> Result<Self, AuthError> {
        let t = s.trim();
        Self::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| AuthError::UnknownRole(s.to_owned()))
    }
}

/// What a request wants to do. Covers every route group of issues 4 and 5 (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Permission {
    /// See the organization (name, kind).
    ReadOrganization,
    /// Change the organization's settings.
    ManageOrganization,
    /// See products, versions and components.
    ReadProducts,
    /// Create and edit products and versions.
    WriteProducts,
    /// Delete products, versions or SBOM documents from the record.
    DeleteData,
    /// Download SBOM documents, original or converted.
    DownloadSbom,
    /// Upload SBOM documents.
    UploadSbom,
    /// See findings and analyses with their history.
    ReadFindings,
    /// Record analyses (state, justification, response, detail, environmental vector).
    WriteAnalysis,
    /// See advisories.
    ReadAdvisories,
    /// Import vulnerability data (which rematches every stored version).
    ImportAdvisories,
    /// See jobs and their progress.
    ReadJobs,
    /// Start, retry or cancel jobs (rematch, ingestion).
    ManageJobs,
    /// Read the audit log.
    ReadAuditLog,
    /// List, add and remove members, change roles, create local accounts.
    ManageMembers,
    /// List, create and revoke the organization's API tokens.
    ManageTokens,
    /// See the regulatory evidence of products and versions: conformity status and gaps,
    /// evidence links, Annex F records, scope decisions, diagrams, lifecycle disclosures, MDS2
    /// answers; download the application attachment and the evidence pack.
    ReadCompliance,
    /// Change that evidence: link documents, record Annex F, scope decisions, diagrams,
    /// lifecycle disclosures and MDS2 answers.
    WriteCompliance,
}

impl Permission {
    /// Every permission.
    pub const ALL: [Self; 18] = [
        Self::ReadOrganization,
        Self::ManageOrganization,
        Self::ReadProducts,
        Self::WriteProducts,
        Self::DeleteData,
        Self::DownloadSbom,
        Self::UploadSbom,
        Self::ReadFindings,
        Self::WriteAnalysis,
        Self::ReadAdvisories,
        Self::ImportAdvisories,
        Self::ReadJobs,
        Self::ManageJobs,
        Self::ReadAuditLog,
        Self::ManageMembers,
        Self::ManageTokens,
        Self::ReadCompliance,
        Self::WriteCompliance,
    ];

    /// The least privileged role that grants this permission: **the** authorisation table.
    pub const fn minimum_role(self) -> Role {
        match self {
            Self::ReadOrganization
            | Self::ReadProducts
            | Self::DownloadSbom
            | Self::ReadFindings
            | Self::ReadAdvisories
            | Self::ReadJobs
            | Self::ReadCompliance => Role::Viewer,
            Self::WriteProducts
            | Self::UploadSbom
            | Self::WriteAnalysis
            | Self::ManageJobs
            | Self::WriteCompliance => Role::Editor,
            Self::ManageOrganization
            | Self::DeleteData
            | Self::ImportAdvisories
            | Self::ReadAuditLog
            | Self::ManageMembers
            | Self::ManageTokens => Role::Admin,
        }
    }

    /// The permission's name in snake case (`upload_sbom`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ReadOrganization => "read_organization",
            Self::ManageOrganization => "manage_organization",
            Self::ReadProducts => "read_products",
            Self::WriteProducts => "write_products",
            Self::DeleteData => "delete_data",
            Self::DownloadSbom => "download_sbom",
            Self::UploadSbom => "upload_sbom",
            Self::ReadFindings => "read_findings",
            Self::WriteAnalysis => "write_analysis",
            Self::ReadAdvisories => "read_advisories",
            Self::ImportAdvisories => "import_advisories",
            Self::ReadJobs => "read_jobs",
            Self::ManageJobs => "manage_jobs",
            Self::ReadAuditLog => "read_audit_log",
            Self::ManageMembers => "manage_members",
            Self::ManageTokens => "manage_tokens",
            Self::ReadCompliance => "read_compliance",
            Self::WriteCompliance => "write_compliance",
        }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Permission {
    type Err = AuthError;

    fn from_str(s: &str) -> Result<Self, AuthError> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == s.trim())
            .ok_or_else(|| AuthError::UnknownPermission(s.to_owned()))
    }
}

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccessDenied {
    /// The caller has no role in the object's organization: answer 404, as if the object did
    /// not exist.
    #[error("not found")]
    NotFound,
    /// The caller's role does not grant the permission: answer 403.
    #[error("the {role} role does not allow {permission}")]
    Forbidden {
        /// The caller's role.
        role: Role,
        /// What was asked for.
        permission: Permission,
    },
}

impl AccessDenied {
    /// The HTTP status to answer with: 404 or 403.
    pub const fn status(self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::Forbidden { .. } => 403,
        }
    }
}

/// The authorisation decision for one request: `role` is the caller's effective role in the
/// organization that owns the object (see [`effective_role`]), `None` when there is none.
pub fn authorize(role: Option<Role>, permission: Permission) -> Result<(), AccessDenied> {
    match role {
        None => Err(AccessDenied::NotFound),
        Some(r) if r.allows(permission) => Ok(()),
        Some(role) => Err(AccessDenied::Forbidden { role, permission }),
    }
}

/// The role a request acts with in an organization: the user's current membership role
/// there, lowered to the token's role when the request is authenticated by an API token
/// (`token_role` is `None` for a browser session). A token never grants more than its user
/// currently holds, so demoting or removing a member demotes or disables their tokens at
/// once. A token scoped to another organization must give `membership = None` here.
pub fn effective_role(membership: Option<Role>, token_role: Option<Role>) -> Option<Role> {
    let m = membership?;
    Some(token_role.map_or(m, |t| t.min(m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole matrix, written out by hand: V = viewer, E = editor, A = admin.
    const EXPECTED: &str = "\
permission            viewer editor admin
read_organization     yes    yes    yes
manage_organization   -      -      yes
read_products         yes    yes    yes
write_products        -      yes    yes
delete_data           -      -      yes
download_sbom         yes    yes    yes
upload_sbom           -      yes    yes
read_findings         yes    yes    yes
write_analysis        -      yes    yes
read_advisories       yes    yes    yes
import_advisories     -      -      yes
read_jobs             yes    yes    yes
manage_jobs           -      yes    yes
read_audit_log        -      -      yes
manage_members        -      -      yes
manage_tokens         -      -      yes
read_compliance       yes    yes    yes
write_compliance      -      yes    yes
";

    fn matrix() -> String {
        let mut s = String::from("permission            viewer editor admin\n");
        for p in Permission::ALL {
            s.push_str(&format!("{:<22}", p.as_str()));
            for r in Role::ALL {
                let cell = if r.allows(p) { "yes" } else { "-" };
                s.push_str(&format!("{cell:<7}"));
            }
            s = s.trim_end().to_owned();
            s.push('\n');
        }
        s
    }

    #[test]
    fn authorisation_matrix() {
        let m = matrix();
        println!("{m}");
        assert_eq!(m, EXPECTED);
        // Every cell, also through `authorize`.
        for (line, p) in EXPECTED.lines().skip(1).zip(Permission::ALL) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(cols[0], p.as_str());
            for (i, r) in Role::ALL.into_iter().enumerate() {
                let want = cols[i + 1] == "yes";
                assert_eq!(r.allows(p), want, "{r} × {p}");
                assert_eq!(authorize(Some(r), p).is_ok(), want, "{r} × {p}");
                if !want {
                    assert_eq!(authorize(Some(r), p).unwrap_err().status(), 403);
                }
            }
            assert_eq!(authorize(None, p), Err(AccessDenied::NotFound));
        }
    }

    #[test]
    fn least_privilege_properties() {
        // Viewer is read-only: no permission it holds changes anything.
        for p in Role::Viewer.permissions() {
            let name = p.as_str();
            assert!(
                name.starts_with("read_") || name == "download_sbom",
                "{name}"
            );
        }
        // Editors never touch members, tokens, roles, deletion or the audit log.
        for p in [
            Permission::ManageMembers,
            Permission::ManageTokens,
            Permission::DeleteData,
            Permission::ReadAuditLog,
            Permission::ManageOrganization,
        ] {
            assert!(!Role::Editor.allows(p), "{p}");
        }
        // Admin holds everything; privileges nest.
        assert_eq!(Role::Admin.permissions().count(), Permission::ALL.len());
        for p in Permission::ALL {
            assert!(!Role::Viewer.allows(p) || Role::Editor.allows(p));
            assert!(!Role::Editor.allows(p) || Role::Admin.allows(p));
        }
    }

    #[test]
    fn role_names_and_order() {
        assert!(Role::Viewer < Role::Editor && Role::Editor < Role::Admin);
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
            assert_eq!(r.to_string(), r.as_str());
        }
        assert_eq!(" Admin ".parse::<Role>().unwrap(), Role::Admin);
        let e = "owner".parse::<Role>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown role \"owner\": expected admin, editor or viewer"
        );
        assert!("".parse::<Role>().is_err());
    }

    #[test]
    fn permission_names_round_trip() {
        let mut names: Vec<&str> = Permission::ALL.iter().map(|p| p.as_str()).collect();
        for p in Permission::ALL {
            assert_eq!(p.as_str().parse::<Permission>().unwrap(), p);
            assert_eq!(p.to_string(), p.as_str());
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Permission::ALL.len());
        assert!("root".parse::<Permission>().is_err());
    }

    #[test]
    fn forbidden_message_and_status() {
        let e = authorize(Some(Role::Editor), Permission::ManageTokens).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the editor role does not allow manage_tokens"
        );
        assert_eq!(e.status(), 403);
        assert_eq!(AccessDenied::NotFound.status(), 404);
    }

    #[test]
    fn tokens_never_exceed_membership() {
        use Role::*;
        assert_eq!(effective_role(Some(Admin), None), Some(Admin));
        assert_eq!(effective_role(Some(Admin), Some(Viewer)), Some(Viewer));
        assert_eq!(effective_role(Some(Viewer), Some(Admin)), Some(Viewer));
        assert_eq!(effective_role(Some(Editor), Some(Editor)), Some(Editor));
        assert_eq!(effective_role(None, Some(Admin)), None);
        assert_eq!(effective_role(None, None), None);
        for m in Role::ALL {
            for t in Role::ALL {
                let e = effective_role(Some(m), Some(t)).unwrap();
                assert!(e <= m && e <= t);
            }
        }
    }
}
