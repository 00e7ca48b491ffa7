//! `tplc admin create`, and opening the server's store from the command line.

use std::io::BufRead as _;
use std::path::PathBuf;

use anyhow::{Context, anyhow, bail};
use tplc_store::{NewAuditEvent, OrganizationKind, PasswordHash, Role, Store};

use crate::Outcome;
use crate::cli::StoreLocation;
use crate::output;

/// The default data directory: `$XDG_DATA_HOME/tplc`, else `~/.local/share/tplc`, else
/// `./tplc-data` (the server's default).
pub(crate) fn default_data_dir() -> PathBuf {
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(xdg).join("tplc");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(home).join(".local/share/tplc");
    }
    PathBuf::from("tplc-data")
}

/// The data directory chosen, or the default.
pub(crate) fn data_dir(location: &StoreLocation) -> PathBuf {
    location.data_dir.clone().unwrap_or_else(default_data_dir)
}

/// A runtime for the store's asynchronous API.
pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Connects to the database of `location` (migrations applied).
pub(crate) async fn open_store(location: &StoreLocation) -> anyhow::Result<Store> {
    match &location.database_url {
        Some(url) => Store::connect(url)
            .await
            .with_context(|| format!("cannot open the database {}", redact(url))),
        None => {
            let dir = data_dir(location);
            Store::open_default(&dir)
                .await
                .with_context(|| format!("cannot open the database in {}", dir.display()))
        }
    }
}

/// A database URL without its password.
pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Reads the password: the first line of standard input, without its line ending.
fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        bail!("no password on standard input (give it on the first line)");
    }
    Ok(password.to_owned())
}

pub(crate) fn create(
    username: &str,
    org: Option<&str>,
    location: &StoreLocation,
) -> anyhow::Result<Outcome> {
    let username = username.trim();
    if username.is_empty() || username.chars().any(char::is_whitespace) {
        bail!("--username: give a login name without spaces");
    }
    let password = read_password()?;
    tplc_auth::PasswordPolicy::default()
        .check(&password, &[username])
        .map_err(|violation| anyhow!("password refused: {violation}"))?;
    let hash = tplc_auth::hash_password(&password).context("cannot hash the password")?;
    runtime()?.block_on(async {
        let store = open_store(location).await?;
        let mut tx = store.begin().await?;
        let user = match tx
            .create_user(username, username, &PasswordHash::new(hash.into_string()))
            .await
        {
            Ok(user) => user,
            Err(error) if error.is_conflict() => bail!("the user name {username:?} is taken"),
            Err(error) => return Err(error.into()),
        };
        tx.set_server_admin(user.id, true).await?;
        tx.append_audit(&NewAuditEvent {
            organization: None,
            actor: "cli".into(),
            action: "user.create".into(),
            object_type: "user".into(),
            object_id: user.id.to_string(),
            before: None,
            after: Some(serde_json::json!({"username": user.username, "server_admin": true})),
        })
        .await?;
        let mut member_of = None;
        if let Some(name) = org {
            let organization = match tx.organization_by_name(name).await {
                Ok(organization) => organization,
                Err(error) if error.is_not_found() => {
                    let organization = tx
                        .create_organization(OrganizationKind::Manufacturer, name)
                        .await?;
                    tx.append_audit(&NewAuditEvent {
                        organization: Some(organization.id),
                        actor: "cli".into(),
                        action: "organization.create".into(),
                        object_type: "organization".into(),
                        object_id: organization.id.to_string(),
                        before: None,
                        after: Some(serde_json::json!({"name": name, "kind": "manufacturer"})),
                    })
                    .await?;
                    organization
                }
                Err(error) => return Err(error.into()),
            };
            let membership = tx
                .add_membership(organization.id, user.id, Role::Admin)
                .await?;
            tx.append_audit(&NewAuditEvent {
                organization: Some(organization.id),
                actor: "cli".into(),
                action: "membership.add".into(),
                object_type: "membership".into(),
                object_id: membership.id.to_string(),
                before: None,
                after: Some(serde_json::json!({"user": user.username, "role": "admin"})),
            })
            .await?;
            member_of = Some(organization.name);
        }
        tx.commit().await?;
        store.close().await;
        let mut text = format!("created administrator {:?}", user.username);
        if let Some(name) = member_of {
            text.push_str(&format!(" (admin of {name:?})"));
        }
        text.push('\n');
        output::print(&text)?;
        Ok(Outcome::Success)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_their_password() {
        assert_eq!(
            redact("postgres://tplc:secret@db:5432/tplc"),
            "postgres://tplc:***@db:5432/tplc"
        );
        assert_eq!(redact("postgres://db/tplc"), "postgres://db/tplc");
        assert_eq!(redact("sqlite:///x.db"), "sqlite:///x.db");
    }
}
