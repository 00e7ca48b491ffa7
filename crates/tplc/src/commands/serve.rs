//! `tplc serve`: the server of `tplc-server` on a tokio runtime.

use anyhow::Context;

use crate::Outcome;
use crate::cli::ServeArgs;
use crate::commands::admin::data_dir;

pub(crate) fn run(arguments: &ServeArgs) -> anyhow::Result<Outcome> {
    if arguments.workers > 64 {
        anyhow::bail!("--workers: at most 64");
    }
    let config = tplc_server::ServerConfig {
        listen: arguments.listen,
        data_dir: data_dir(&arguments.location),
        database_url: arguments.location.database_url.clone(),
        demo: arguments.demo,
        workers: arguments.workers,
        secure_cookies: arguments.secure_cookies,
        max_upload_bytes: arguments.max_upload_size.saturating_mul(1024 * 1024),
        catalog_dir: arguments.catalogs.catalog_dir.clone(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(tplc_server::serve(config))?;
    Ok(Outcome::Success)
}
