//! The orderings, one module per scheme, behind the [`VersionOrder`] trait.
//!
//! Each scheme parses a version into a *key*: a normalised form whose derived equality and
//! hash agree with its ordering (two versions the scheme calls equal have equal keys).

use std::cmp::Ordering;
use std::fmt::Debug;
use std::hash::Hash;

use crate::Scheme;

mod apk;
mod composer;
mod dpkg;
mod generic;
mod maven;
pub(crate) mod num;
mod pep440;
mod rpm;
mod rubygems;
mod semver;

/// One version ordering scheme.
pub(crate) trait VersionOrder {
    /// The parsed, normalised form; `Eq` and `Hash` must agree with `Ord`.
    type Key: Ord + Eq + Hash + Clone + Debug;

    /// Parses a version, or says why it is not one (one line, without the input).
    fn parse(text: &str) -> Result<Self::Key, String>;
}

macro_rules! keys {
    ($($variant:ident => $order:ty),* $(,)?) => {
        /// The key of a version of any scheme.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub(crate) enum Key {
            $(
                #[doc = concat!("A ", stringify!($variant), " key.")]
                $variant(<$order as VersionOrder>::Key),
            )*
        }

        impl Key {
            /// Parses `text` under `scheme`.
            pub(crate) fn parse(scheme: Scheme, text: &str) -> Result<Self, String> {
                match scheme {
                    $(Scheme::$variant => <$order as VersionOrder>::parse(text).map(Self::$variant),)*
                }
            }

            /// The rank of the variant, for keys of different schemes (never met through
            /// [`crate::Version`], which compares schemes first).
            fn rank(&self) -> usize {
                let mut rank = 0;
                $(
                    if matches!(self, Self::$variant(_)) {
                        return rank;
                    }
                    rank += 1;
                )*
                rank
            }
        }

        impl PartialOrd for Key {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for Key {
            fn cmp(&self, other: &Self) -> Ordering {
                match (self, other) {
                    $((Self::$variant(a), Self::$variant(b)) => a.cmp(b),)*
                    _ => self.rank().cmp(&other.rank()),
                }
            }
        }
    };
}

keys! {
    Semver => semver::Semver,
    Go => semver::Go,
    Pep440 => pep440::Pep440,
    Maven => maven::Maven,
    RubyGems => rubygems::RubyGems,
    NuGet => semver::NuGet,
    Composer => composer::Composer,
    Dpkg => dpkg::Dpkg,
    Rpm => rpm::Rpm,
    Apk => apk::Apk,
    Generic => generic::Generic,
}
