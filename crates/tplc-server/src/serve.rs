//! `tplc serve`: open the store, make the first administrator, seed the demo, run the workers,
//! serve HTTP until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::time::Duration;

use base64::Engine as _;
use tplc_store::{NewAuditEvent, PasswordHash, Store, Timestamp, User};

use crate::{AppState, ServerConfig, ServerError, app};

/// Runs the server (see the [crate docs](crate)).
///
/// # Errors
/// [`ServerError`] when the store cannot be opened, the address cannot be bound or a start-up
/// step fails.
pub async fn serve(config: ServerConfig) -> Result<(), ServerError> {
    let store = match &config.database_url {
        Some(url) => Store::connect(url).await?,
        None => Store::open_default(&config.data_dir).await?,
    };
    let vulndb_dir = config.vulndb_dir();
    let state = AppState::load(store.clone(), config.clone())?;
    if let Some((user, password)) =
        create_first_admin(&store, &tplc_auth::PasswordHasher::default()).await?
    {
        eprintln!(
            "tplc: created the administrator account {:?} with the password {password}\n\
             tplc: it is shown only this once; log in and keep it safe",
            user.username
        );
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    if config.demo {
        let summary = tplc_jobs::demo::seed(&store, &vulndb_dir)
            .await
            .map_err(|e| ServerError::Jobs(e.to_string()))?;
        if !summary.already_present {
            if let Some(org) = summary.organization {
                demo_members(&store, org).await?;
            }
            eprintln!(
                "tplc: demo portfolio loaded: {} products, {} versions, {} SBOMs queued for ingestion",
                summary.products, summary.versions, summary.sboms
            );
        }
    }
    let mut tasks = Vec::new();
    tasks.push(tokio::spawn(sweep_sessions(state.clone(), stop_rx.clone())));
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "tplc".into());
    for n in 0..config.workers {
        let worker_id = format!("{host}:{}/{n}", std::process::id());
        let worker = tplc_jobs::Worker::new(store.clone(), vulndb_dir.clone(), worker_id);
        let mut stop = stop_rx.clone();
        tasks.push(tokio::spawn(worker.run(async move {
            let _ = stop.wait_for(|s| *s).await;
        })));
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServerError::Io {
            context: format!("cannot listen on {}", config.listen),
            source,
        })?;
    let local = listener.local_addr().map_err(|source| ServerError::Io {
        context: "listener address".into(),
        source,
    })?;
    eprintln!("tplc: serving on http://{local}/");
    let served = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    })
    .await;
    for task in tasks {
        let _ = task.await;
    }
    store.close().await;
    served.map_err(|source| ServerError::Io {
        context: "serving HTTP".into(),
        source,
    })
}

/// Makes the server administrators admins of the freshly seeded demo organization, so that
/// the first login sees it.
async fn demo_members(store: &Store, org: tplc_store::OrganizationId) -> Result<(), ServerError> {
    let mut tx = store.begin().await?;
    for user in tx.server_admins().await? {
        if tx.membership(org, user.id).await.is_ok() {
            continue;
        }
        let m = tx
            .add_membership(org, user.id, tplc_store::Role::Admin)
            .await?;
        tx.append_audit(&NewAuditEvent {
            organization: Some(org),
            actor: "system".into(),
            action: "membership.add".into(),
            object_type: "membership".into(),
            object_id: m.id.to_string(),
            before: None,
            after: Some(
                serde_json::json!({"user": user.username, "role": "admin", "reason": "demo"}),
            ),
        })
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Removes expired sessions every few minutes until told to stop.
async fn sweep_sessions(state: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        let now = Timestamp::now();
        let _ = state
            .store
            .delete_expired_sessions(
                now.minus(state.sessions.absolute),
                now.minus(state.sessions.idle),
            )
            .await;
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(300)) => {}
            _ = stop.changed() => return,
        }
    }
}

/// Resolves at Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// A random password of 24 base64url characters (144 bits).
fn random_password() -> Result<String, ServerError> {
    let mut bytes = [0u8; 18];
    getrandom::fill(&mut bytes)
        .map_err(|e| ServerError::Auth(tplc_auth::AuthError::Random(e.to_string())))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// When the store has no account yet: creates the user `admin` with a random password, flags
/// it server administrator, and returns it with the password (to be shown once). `None` when
/// accounts exist.
///
/// # Errors
/// [`ServerError`] when the store fails or the system's randomness does.
pub async fn create_first_admin(
    store: &Store,
    hasher: &tplc_auth::PasswordHasher,
) -> Result<Option<(User, String)>, ServerError> {
    if store.count_users().await? > 0 {
        return Ok(None);
    }
    let password = random_password()?;
    let hash = hasher.hash(&password)?;
    let mut tx = store.begin().await?;
    let user = match tx
        .create_user(
            "admin",
            "Administrator",
            &PasswordHash::new(hash.into_string()),
        )
        .await
    {
        Ok(user) => user,
        // Another instance created it at the same moment.
        Err(e) if e.is_conflict() => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    tx.set_server_admin(user.id, true).await?;
    tx.append_audit(&NewAuditEvent {
        organization: None,
        actor: "system".into(),
        action: "user.create".into(),
        object_type: "user".into(),
        object_id: user.id.to_string(),
        before: None,
        after: Some(serde_json::json!({"username": user.username, "server_admin": true})),
    })
    .await?;
    tx.commit().await?;
    Ok(Some((user, password)))
}
