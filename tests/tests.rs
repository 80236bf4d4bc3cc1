//! The integration tests: one crate, so the binary is linked once; each topic
//! is a module, and every test runs the real `apsc` in a directory of its own
//! (most from a copy of one database that `apsc seed` built for the run),
//! except the properties, which call the library in-process so that each can
//! try hundreds of generated inputs.

mod util;

mod browser;
mod cite;
mod cli;
mod codebook;
mod codings;
mod commands;
mod comparative;
mod crash;
mod curated;
mod curation;
mod damaged;
mod export;
mod export_tools;
mod facts;
mod facts_long;
mod figures;
mod form;
mod guard;
mod html;
mod notes;
mod output;
mod progress;
mod properties;
mod recovery;
mod report_contents;
mod reports;
mod schema;
mod search;
mod seed;
mod seed_problems;
mod show;
mod sql;
mod text;
mod tidy;
mod vocabulary;
