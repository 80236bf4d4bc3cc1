//! Exports for other tools: the partner network as a graph, the workbook,
//! the Frictionless data package, and the tables worth exporting.

pub mod datapackage;
pub mod datasette;
pub mod folder;
pub mod graph;
mod relation;
pub mod workbook;
