//! Embeds the bundled SPARQL queries of `queries/*.rq` into the binary, so `diplograph query NAME`
//! works from anywhere and adding a query is adding a file; and, on Linux, has the linker keep the
//! binary lean.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // On Linux the linker compresses the binary's debug information (the line tables that name
    // Rust lines in a backtrace, and the standard library's), which backtraces still read, and
    // leaves out the local symbols, whose names backtraces take from that information.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-Wl,--compress-debug-sections=zlib");
        println!("cargo:rustc-link-arg-bins=-Wl,--discard-all");
    }
    // Read at run time, not with `env!`: a build script compiled for one checkout may be run for
    // another that shares the target folder.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let folder = Path::new(&manifest_dir).join("queries");
    println!("cargo:rerun-if-changed={}", folder.display());
    let mut names: Vec<_> = std::fs::read_dir(&folder)
        .expect("the queries/ folder exists")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "rq"))
        .collect();
    names.sort();
    let mut code = String::from("/// The bundled queries: (name, text), sorted by name.\npub static BUNDLED: &[(&str, &str)] = &[\n");
    for path in names {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_stem().unwrap().to_string_lossy();
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled_queries.rs");
    std::fs::write(out, code).unwrap();
}
