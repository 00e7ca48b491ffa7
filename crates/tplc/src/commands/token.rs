//! `tplc token create`.

use anyhow::{Context, bail};
use tplc_store::{NewApiToken, NewAuditEvent, OrganizationId, Role};

use crate::Outcome;
use crate::cli::{RoleArg, StoreLocation};
use crate::commands::admin::{open_store, runtime};
use crate::output;

pub(crate) fn create(
    username: &str,
    role: RoleArg,
    org: &str,
    name: &str,
    location: &StoreLocation,
) -> anyhow::Result<Outcome> {
    let role = match role {
        RoleArg::Admin => Role::Admin,
        RoleArg::Editor => Role::Editor,
        RoleArg::Viewer => Role::Viewer,
    };
    runtime()?.block_on(async {
        let store = open_store(location).await?;
        let user = match store.user_by_username(username).await {
            Ok(user) => user,
            Err(error) if error.is_not_found() => bail!("no user {username:?}"),
            Err(error) => return Err(error.into()),
        };
        let by_name = store.organization_by_name(org).await;
        let organization = match (by_name, org.parse::<i64>()) {
            (Ok(organization), _) => organization,
            (Err(error), Ok(id)) if error.is_not_found() => {
                match store.organization(OrganizationId::new(id)).await {
                    Ok(organization) => organization,
                    Err(error) if error.is_not_found() => bail!("no organization {org:?}"),
                    Err(error) => return Err(error.into()),
                }
            }
            (Err(error), _) if error.is_not_found() => bail!("no organization {org:?}"),
            (Err(error), _) => return Err(error.into()),
        };
        if let Err(error) = store.membership(organization.id, user.id).await {
            if error.is_not_found() {
                bail!(
                    "{username:?} is not a member of {:?}: add the membership first",
                    organization.name
                );
            }
            return Err(error.into());
        }
        let (plaintext, hash) = tplc_auth::generate_token().context("cannot make a token")?;
        let mut tx = store.begin().await?;
        let token = tx
            .create_api_token(&NewApiToken {
                organization: organization.id,
                user: user.id,
                role,
                name: name.to_owned(),
                token_hash: hash.to_hex(),
            })
            .await?;
        tx.append_audit(&NewAuditEvent {
            organization: Some(organization.id),
            actor: "cli".into(),
            action: "token.create".into(),
            object_type: "api_token".into(),
            object_id: token.id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "user": user.username,
                "role": role.as_str(),
                "name": name,
            })),
        })
        .await?;
        tx.commit().await?;
        store.close().await;
        output::print(&format!("{}\n", plaintext.expose()))?;
        #[expect(
            clippy::print_stderr,
            reason = "a note beside the secret, kept off standard output"
        )]
        {
            eprintln!(
                "note: API token {} ({}) for {:?} in {:?}; it is shown only this once",
                token.id,
                role.as_str(),
                user.username,
                organization.name
            );
        }
        Ok(Outcome::Success)
    })
}
