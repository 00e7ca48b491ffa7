//! The server's settings.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// How `tplc serve` runs. [`ServerConfig::default`] is the laptop set-up: 127.0.0.1:8080,
/// SQLite `tplc.sqlite3` in the default data directory, two workers, 64 MiB uploads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// The address to listen on.
    pub listen: SocketAddr,
    /// The data directory: the SQLite file `tplc.sqlite3` (unless `database_url` is set) and the
    /// vulnerability database `vulndb/`.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; `None` is the SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// Seed the demo portfolio at start (when it is not there yet).
    pub demo: bool,
    /// Background workers to run in this process.
    pub workers: usize,
    /// Mark the session cookie `Secure` (and name it `__Host-tplc_session`): set it when the
    /// server is reached over TLS (a reverse proxy).
    pub secure_cookies: bool,
    /// The largest request body accepted for an SBOM upload, in bytes (other bodies are limited
    /// to [`ServerConfig::MAX_JSON_BYTES`]).
    pub max_upload_bytes: u64,
    /// A directory of extra requirement catalogs (`*.toml`, as `tplc-compliance`'s built-in
    /// ones) loaded at start with the built-in ones; a bad file refuses to start.
    pub catalog_dir: Option<PathBuf>,
}

impl ServerConfig {
    /// The largest body of any request but an SBOM upload, a diagram or an MDS2 workbook: 1 MiB.
    pub const MAX_JSON_BYTES: usize = 1024 * 1024;

    /// The largest configuration diagram accepted (item 2(2)): 16 MiB.
    pub const MAX_DIAGRAM_BYTES: usize = 16 * 1024 * 1024;

    /// The largest MDS2 workbook accepted for import: 8 MiB.
    pub const MAX_XLSX_BYTES: usize = 8 * 1024 * 1024;

    /// The vulnerability database directory: `<data_dir>/vulndb`.
    pub fn vulndb_dir(&self) -> PathBuf {
        self.data_dir.join("vulndb")
    }

    /// The database URL in use: `database_url`, else the SQLite file in `data_dir`.
    pub fn effective_database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("tplc.sqlite3").display()
            )
        })
    }

    /// The upload limit as a `usize` (saturating on 32-bit targets).
    pub fn upload_limit(&self) -> usize {
        usize::try_from(self.max_upload_bytes).unwrap_or(usize::MAX)
    }
}

/// `$XDG_DATA_HOME/tplc`, else `~/.local/share/tplc`, else `./tplc-data`.
pub fn default_data_dir() -> PathBuf {
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(xdg).join("tplc");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(home).join(".local/share/tplc");
    }
    PathBuf::from("tplc-data")
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 8080)),
            data_dir: default_data_dir(),
            database_url: None,
            demo: false,
            workers: 2,
            secure_cookies: false,
            max_upload_bytes: 64 * 1024 * 1024,
            catalog_dir: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = ServerConfig::default();
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.workers, 2);
        assert_eq!(c.max_upload_bytes, 64 << 20);
        assert!(c.vulndb_dir().ends_with("tplc/vulndb") || c.vulndb_dir().ends_with("vulndb"));
        assert!(c.effective_database_url().starts_with("sqlite://"));
        assert!(
            c.effective_database_url()
                .ends_with("tplc.sqlite3?mode=rwc")
        );
    }
}
