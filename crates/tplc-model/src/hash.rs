//! Cryptographic hashes of a component (CycloneDX `hashes[]`, SPDX `checksums[]`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::UnknownValue;

/// A hash algorithm known to CycloneDX 1.6 or SPDX 2.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum HashAlgorithm {
    /// MD2 (SPDX only).
    Md2,
    /// MD4 (SPDX only).
    Md4,
    /// MD5.
    Md5,
    /// MD6 (SPDX only).
    Md6,
    /// SHA-1.
    Sha1,
    /// SHA-224 (SPDX only).
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// SHA3-256.
    Sha3_256,
    /// SHA3-384.
    Sha3_384,
    /// SHA3-512.
    Sha3_512,
    /// BLAKE2b-256.
    Blake2b256,
    /// BLAKE2b-384.
    Blake2b384,
    /// BLAKE2b-512.
    Blake2b512,
    /// BLAKE3.
    Blake3,
    /// Adler-32 (SPDX only).
    Adler32,
}

impl HashAlgorithm {
    /// Every algorithm.
    pub const ALL: &'static [Self] = &[
        Self::Md2,
        Self::Md4,
        Self::Md5,
        Self::Md6,
        Self::Sha1,
        Self::Sha224,
        Self::Sha256,
        Self::Sha384,
        Self::Sha512,
        Self::Sha3_256,
        Self::Sha3_384,
        Self::Sha3_512,
        Self::Blake2b256,
        Self::Blake2b384,
        Self::Blake2b512,
        Self::Blake3,
        Self::Adler32,
    ];

    /// The name CycloneDX uses (`hash-alg`), or `None` when CycloneDX cannot carry it.
    #[must_use]
    pub const fn cyclonedx_name(self) -> Option<&'static str> {
        Some(match self {
            Self::Md5 => "MD5",
            Self::Sha1 => "SHA-1",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
            Self::Sha3_256 => "SHA3-256",
            Self::Sha3_384 => "SHA3-384",
            Self::Sha3_512 => "SHA3-512",
            Self::Blake2b256 => "BLAKE2b-256",
            Self::Blake2b384 => "BLAKE2b-384",
            Self::Blake2b512 => "BLAKE2b-512",
            Self::Blake3 => "BLAKE3",
            Self::Md2 | Self::Md4 | Self::Md6 | Self::Sha224 | Self::Adler32 => return None,
        })
    }

    /// The name SPDX 2.3 uses (`checksums[].algorithm`).
    #[must_use]
    pub const fn spdx_name(self) -> &'static str {
        match self {
            Self::Md2 => "MD2",
            Self::Md4 => "MD4",
            Self::Md5 => "MD5",
            Self::Md6 => "MD6",
            Self::Sha1 => "SHA1",
            Self::Sha224 => "SHA224",
            Self::Sha256 => "SHA256",
            Self::Sha384 => "SHA384",
            Self::Sha512 => "SHA512",
            Self::Sha3_256 => "SHA3-256",
            Self::Sha3_384 => "SHA3-384",
            Self::Sha3_512 => "SHA3-512",
            Self::Blake2b256 => "BLAKE2b-256",
            Self::Blake2b384 => "BLAKE2b-384",
            Self::Blake2b512 => "BLAKE2b-512",
            Self::Blake3 => "BLAKE3",
            Self::Adler32 => "ADLER32",
        }
    }

    /// The number of hexadecimal digits of a digest, when the algorithm fixes it.
    #[must_use]
    pub const fn hex_length(self) -> Option<usize> {
        match self {
            Self::Md2 | Self::Md4 | Self::Md5 => Some(32),
            Self::Sha1 => Some(40),
            Self::Sha224 => Some(56),
            Self::Sha256 | Self::Sha3_256 | Self::Blake2b256 => Some(64),
            Self::Sha384 | Self::Sha3_384 | Self::Blake2b384 => Some(96),
            Self::Sha512 | Self::Sha3_512 | Self::Blake2b512 => Some(128),
            Self::Adler32 => Some(8),
            Self::Md6 | Self::Blake3 => None,
        }
    }
}

impl FromStr for HashAlgorithm {
    type Err = UnknownValue;

    /// Accepts both the CycloneDX and the SPDX spelling.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|algorithm| {
                algorithm.spdx_name() == value || algorithm.cyclonedx_name() == Some(value)
            })
            .ok_or_else(|| UnknownValue {
                vocabulary: "hash algorithm",
                value: value.to_owned(),
            })
    }
}

impl TryFrom<String> for HashAlgorithm {
    type Error = UnknownValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<HashAlgorithm> for String {
    fn from(value: HashAlgorithm) -> Self {
        value.to_string()
    }
}

impl fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cyclonedx_name().unwrap_or(self.spdx_name()))
    }
}

/// One digest of a component.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Hash {
    /// The algorithm.
    pub algorithm: HashAlgorithm,
    /// The digest, in lowercase or uppercase hexadecimal as the source wrote it.
    pub value: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_parse_to_the_same_algorithm() {
        assert_eq!("SHA-256".parse(), Ok(HashAlgorithm::Sha256));
        assert_eq!("SHA256".parse(), Ok(HashAlgorithm::Sha256));
        assert_eq!("SHA1".parse(), Ok(HashAlgorithm::Sha1));
        assert!("SHA-999".parse::<HashAlgorithm>().is_err());
    }

    #[test]
    fn spdx_only_algorithms_have_no_cyclonedx_name() {
        assert_eq!(HashAlgorithm::Sha224.cyclonedx_name(), None);
        assert_eq!(HashAlgorithm::Sha224.to_string(), "SHA224");
    }
}
