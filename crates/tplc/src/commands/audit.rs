//! `tplc audit verify`.

use crate::Outcome;
use crate::cli::StoreLocation;
use crate::commands::admin::{open_store, runtime};
use crate::output;

pub(crate) fn verify(location: &StoreLocation) -> anyhow::Result<Outcome> {
    runtime()?.block_on(async {
        let store = open_store(location).await?;
        let verified = store.verify_audit_chain().await;
        store.close().await;
        match verified {
            Ok(count) => {
                output::print(&format!("audit chain verified: {count} events\n"))?;
                Ok(Outcome::Success)
            }
            Err(tplc_store::Error::BrokenChain(link)) => {
                output::print(&format!(
                    "audit chain broken at event {}: {}\n",
                    link.event_id, link.reason
                ))?;
                Ok(Outcome::Failed)
            }
            Err(error) => Err(error.into()),
        }
    })
}
