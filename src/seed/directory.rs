//! A seed's files, by name: compiled into the binary or read from a
//! directory, and the digest that pins each.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::Context;
use sha2::{Digest, Sha256};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_seed.rs"));
}

/// The files of a seed directory, by name.
pub struct SeedDir {
    /// Where the files came from, for messages: `built-in seed` or a path.
    pub origin: String,
    files: BTreeMap<String, Cow<'static, [u8]>>,
}

impl SeedDir {
    /// The seed compiled into the binary.
    pub fn embedded() -> SeedDir {
        SeedDir {
            origin: "built-in seed".to_string(),
            files: embedded::EMBEDDED
                .iter()
                .map(|(name, bytes)| (name.to_string(), Cow::Borrowed(*bytes)))
                .collect(),
        }
    }

    /// Every regular, non-hidden file directly inside `dir`.
    pub fn read(dir: &Path) -> anyhow::Result<SeedDir> {
        let origin = format!("seed directory {}", dir.display());
        let mut files = BTreeMap::new();
        for entry in fs::read_dir(dir).with_context(|| format!("reading {origin}"))? {
            let entry = entry.with_context(|| format!("reading {origin}"))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with('.') || !path.is_file() {
                continue;
            }
            let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            files.insert(name, Cow::Owned(bytes));
        }
        Ok(SeedDir { origin, files })
    }

    /// A file's contents, if the directory has it.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files.get(name).map(|bytes| bytes.as_ref())
    }

    /// The names of all files, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_hex_is_the_lower_case_digest() {
        // FIPS 180-2, appendix B.1: the digest of "abc".
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
