//! One module per subcommand: its flags (the `///` comments are the help
//! text) and its `run`.

pub mod check;
pub mod seed;
pub mod sql;
