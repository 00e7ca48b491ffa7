//! [`Catalogs`]: the built-in catalogs plus any loaded from a directory, checked together.

use std::path::Path;

use crate::annex_f_guide::AnnexFGuide;
use crate::catalog::Catalog;
use crate::error::{CatalogError, CatalogErrorKind};
use crate::parse::parse_catalog;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_catalogs.rs"));
}

/// Every `catalogs/*.toml` file of this crate, embedded at build time: (`catalogs/<name>`, text).
#[must_use]
pub fn builtin_sources() -> &'static [(&'static str, &'static str)] {
    builtin::BUILTIN_CATALOGS
}

/// A set of catalogs with distinct ids whose cross references (`clauses_from`) resolve, and the
/// Annex F activity data.
#[derive(Debug, Clone)]
pub struct Catalogs {
    /// In load order: built-in catalogs by file name, then each added directory by file name.
    catalogs: Vec<Catalog>,
    annex_f: AnnexFGuide,
}

impl Catalogs {
    /// The catalogs embedded in the crate (`jp-mhlw-0523`, `jis-t-81001-5-1`, …).
    ///
    /// # Errors
    /// A [`CatalogError`] if an embedded file is invalid (the crate's tests prevent that).
    pub fn builtin() -> Result<Self, CatalogError> {
        Self::from_sources(builtin_sources())
    }

    /// The built-in catalogs plus every `*.toml` file of `dir` (for `--catalog-dir`).
    ///
    /// # Errors
    /// As [`Catalogs::with_dir`].
    pub fn load_dir(dir: &Path) -> Result<Self, CatalogError> {
        Self::builtin()?.with_dir(dir)
    }

    /// Exactly the given files (name, TOML text), checked together, with the built-in Annex F
    /// activity data.
    ///
    /// # Errors
    /// A [`CatalogError`] naming the file, line and column of the first problem.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Self, CatalogError> {
        let set = Self {
            catalogs: Vec::new(),
            annex_f: AnnexFGuide::builtin()?,
        };
        set.with_sources(sources)
    }

    /// These catalogs plus the given files (name, TOML text), checked together.
    ///
    /// # Errors
    /// As [`Catalogs::with_dir`].
    pub fn with_sources(self, sources: &[(&str, &str)]) -> Result<Self, CatalogError> {
        let mut added = Vec::with_capacity(sources.len());
        for (name, text) in sources {
            added.push(parse_catalog(name, text)?);
        }
        self.extended(added)
    }

    /// These catalogs plus every `*.toml` file directly in `dir` (sorted by name; other files
    /// and sub-directories are ignored).
    ///
    /// # Errors
    /// A [`CatalogError`] for an unreadable directory or file, an invalid file, a catalog id
    /// already loaded, or a `clauses_from` reference that does not resolve.
    pub fn with_dir(self, dir: &Path) -> Result<Self, CatalogError> {
        let dir_name = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|error| {
            CatalogError::new(&dir_name, None, CatalogErrorKind::Io(error.to_string()))
        })?;
        let mut paths = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|error| {
                CatalogError::new(&dir_name, None, CatalogErrorKind::Io(error.to_string()))
            })?;
            let path = entry.path();
            if path.is_file()
                && path
                    .extension()
                    .is_some_and(|extension| extension == "toml")
            {
                paths.push(path);
            }
        }
        paths.sort();
        let mut added = Vec::with_capacity(paths.len());
        for path in paths {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|error| {
                CatalogError::new(&name, None, CatalogErrorKind::Io(error.to_string()))
            })?;
            added.push(parse_catalog(&name, &text)?);
        }
        self.extended(added)
    }

    /// Adds parsed catalogs and checks the whole set.
    fn extended(mut self, added: Vec<Catalog>) -> Result<Self, CatalogError> {
        for catalog in added {
            if let Some(first) = self
                .catalogs
                .iter()
                .find(|existing| existing.id == catalog.id)
            {
                return Err(CatalogError::new(
                    catalog.file(),
                    catalog.origin.id_at,
                    CatalogErrorKind::DuplicateCatalog {
                        id: catalog.id.clone(),
                        first: first.file().to_owned(),
                    },
                ));
            }
            self.catalogs.push(catalog);
        }
        for catalog in &self.catalogs {
            self.check_references(catalog)?;
        }
        self.annex_f.check_clauses(&self)?;
        Ok(self)
    }

    /// `clauses_from` names a loaded catalog holding every clause the items and rows name.
    fn check_references(&self, catalog: &Catalog) -> Result<(), CatalogError> {
        let Some(from) = &catalog.clauses_from else {
            return Ok(());
        };
        let Some(target) = self.get(from) else {
            return Err(CatalogError::new(
                catalog.file(),
                catalog.origin.clauses_from_at,
                CatalogErrorKind::UnknownClausesFrom {
                    catalog: from.clone(),
                },
            ));
        };
        for (position, item) in catalog.items.iter().enumerate() {
            if target.item(&item.clause).is_none() {
                return Err(CatalogError::new(
                    catalog.file(),
                    catalog
                        .origin
                        .item_clause_at
                        .get(position)
                        .copied()
                        .flatten(),
                    CatalogErrorKind::UnknownClause {
                        item: item.id.clone(),
                        clause: item.clause.clone(),
                        catalog: from.clone(),
                    },
                ));
            }
        }
        let rows = catalog
            .attachment
            .iter()
            .flat_map(|layout| layout.rows.iter());
        for (position, row) in rows.enumerate() {
            if target.item(&row.clause).is_none() {
                return Err(CatalogError::new(
                    catalog.file(),
                    catalog
                        .origin
                        .row_clause_at
                        .get(position)
                        .copied()
                        .flatten(),
                    CatalogErrorKind::UnknownRowClause {
                        clause: row.clause.clone(),
                        catalog: from.clone(),
                    },
                ));
            }
        }
        Ok(())
    }

    /// The catalog with this id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Catalog> {
        self.catalogs.iter().find(|catalog| catalog.id == id)
    }

    /// The catalogs in load order.
    pub fn iter(&self) -> std::slice::Iter<'_, Catalog> {
        self.catalogs.iter()
    }

    /// The Annex F activity data (F.2 a–f titles, gap-analysis clauses).
    #[must_use]
    pub fn annex_f(&self) -> &AnnexFGuide {
        &self.annex_f
    }
}

impl<'a> IntoIterator for &'a Catalogs {
    type Item = &'a Catalog;
    type IntoIter = std::slice::Iter<'a, Catalog>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}
