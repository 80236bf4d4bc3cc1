//! Build script: reruns the build when a migration, seed file or report
//! changes, and writes the lists of seed files and reports the binary
//! carries.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// The sorted names of the files in `dir` that `keep` accepts.
fn files(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("reading a directory entry").file_name())
        .map(|name| name.into_string().expect("file names are UTF-8"))
        .filter(|name| !name.starts_with('.') && keep(name))
        .collect();
    names.sort();
    names
}

fn main() {
    // refinery's embed_migrations! reads migrations/ at compile time but does not
    // notice a new file on its own.
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=seed");
    println!("cargo:rerun-if-changed=reports");

    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");

    let seed = Path::new(&manifest).join("seed");
    let mut out =
        String::from("/// The seed directory compiled into the binary: (file name, contents).\n");
    out.push_str("pub static EMBEDDED: &[(&str, &[u8])] = &[\n");
    for name in files(&seed, |_| true) {
        let path = seed.join(&name);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            out,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    fs::write(Path::new(&out_dir).join("embedded_seed.rs"), out).expect("writing embedded_seed.rs");

    let reports = Path::new(&manifest).join("reports");
    let mut out =
        String::from("/// The canned reports compiled into the binary: (name, SQL file).\n");
    out.push_str("pub static EMBEDDED: &[(&str, &str)] = &[\n");
    for name in files(&reports, |name| name.ends_with(".sql")) {
        let path = reports.join(&name);
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = name.trim_end_matches(".sql");
        writeln!(
            out,
            "    ({stem:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    fs::write(Path::new(&out_dir).join("embedded_reports.rs"), out)
        .expect("writing embedded_reports.rs");
}
