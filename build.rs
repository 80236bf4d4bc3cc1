//! Build script: reruns the build when a migration or a seed file changes, and
//! writes the list of seed files that the binary carries.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() {
    // refinery's embed_migrations! reads migrations/ at compile time but does not
    // notice a new file on its own.
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=seed");

    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let seed = Path::new(&manifest).join("seed");
    let mut names: Vec<String> = fs::read_dir(&seed)
        .expect("the seed/ directory is part of the crate")
        .map(|entry| entry.expect("reading seed/").file_name())
        .map(|name| name.into_string().expect("seed file names are UTF-8"))
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();

    let mut out =
        String::from("/// The seed directory compiled into the binary: (file name, contents).\n");
    out.push_str("pub static EMBEDDED: &[(&str, &[u8])] = &[\n");
    for name in &names {
        let path = seed.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            out,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_seed.rs");
    fs::write(dest, out).expect("writing embedded_seed.rs");
}
