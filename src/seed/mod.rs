//! The seed: the curated CSV files and source texts that the database is built
//! from, either compiled into the binary or read from a directory, and the
//! loader that checks every row and writes them all in one transaction.

mod directory;
pub mod files;
mod load;
mod stored;
pub mod text;

pub use directory::{SeedDir, sha256_hex};
pub use load::{Summary, load};
pub use stored::{Correction, Document, corrections, documents};

pub use crate::error::{Problem, Problems};
