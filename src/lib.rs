//! `apsc`: an embedded SQLite knowledge base of section VI of the white paper
//! "China's Policies on Asia-Pacific Security Cooperation" (January 2017), with
//! the seeder that builds it and the commands that query and export it.
//!
//! The layout follows the data: `migrations/` defines the tables, `seed/` holds
//! the curated facts, [`seed`] loads them, [`db`] opens and guards the file,
//! [`cmd`] holds one module per subcommand and [`output`] prints any rows.

pub mod citation;
pub mod cli;
pub mod cmd;
pub mod codebook;
pub mod dates;
pub mod db;
pub mod error;
pub mod export;
pub mod facts;
pub mod guard;
pub mod lookup;
pub mod mentions;
pub mod output;
pub mod params;
pub mod progress;
pub mod reports;
pub mod seed;
