//! One module per subcommand: its flags (the `///` comments are the help
//! text) and its `run`.

pub mod check;
pub mod cite;
pub mod codebook;
pub mod completions;
pub mod export;
pub mod html;
pub mod manpage;
pub mod report;
pub mod reports;
pub mod schema;
pub mod search;
pub mod seed;
pub mod show;
pub mod sql;
