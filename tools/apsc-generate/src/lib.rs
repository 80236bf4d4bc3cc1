//! `apsc-generate`: synthetic seed directories of N facts in exactly the
//! format of apsc's seed, for `scripts/bench.py` and for testing the seeder
//! at scale (apsc's crash tests use it as a library). The same options always
//! give the same bytes.
//!
//! [`generate`] lays out the directory; `plan` says what facts are made of,
//! `partners` invents the partners, `sentences` writes the text with the
//! facts that quote it, `phrases` words it, `rng` makes every choice and
//! `csv_out` writes each file in the seed `format`. It depends on
//! nothing of apsc, so apsc's tests can use it as a library.

mod csv_out;
mod format;
mod generate;
mod partners;
mod phrases;
mod plan;
mod rng;
mod sentences;
#[cfg(test)]
mod tests;

pub use generate::{Options, Stats, generate};
