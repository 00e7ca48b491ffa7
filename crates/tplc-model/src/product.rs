//! Products (device models), their versions, and the SBOM documents that describe them.
//!
//! These are kept apart from [`SbomDocument`](crate::SbomDocument): one product version may be
//! described by several SBOM documents over time (a corrected SBOM, a supplier's SBOM), and one
//! SBOM document never is a product.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(i64);

        impl $name {
            /// Wraps a database key.
            #[must_use]
            pub const fn new(value: i64) -> Self {
                Self(value)
            }

            /// The database key.
            #[must_use]
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// The key of a [`Product`].
    ProductId
);
id_type!(
    /// The key of a [`ProductVersion`].
    ProductVersionId
);
id_type!(
    /// The key of a stored SBOM document.
    SbomDocumentId
);

/// A medical-device model a manufacturer places on the market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// The key.
    pub id: ProductId,
    /// The product's name.
    pub name: String,
    /// The manufacturer's name.
    pub manufacturer: Option<String>,
}

/// One released (or planned) version of a [`Product`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductVersion {
    /// The key.
    pub id: ProductVersionId,
    /// The product it belongs to.
    pub product: ProductId,
    /// The version label, such as `2.1`.
    pub version: String,
    /// The SBOM documents describing this version, oldest first.
    pub sbom_documents: Vec<SbomDocumentId>,
}
