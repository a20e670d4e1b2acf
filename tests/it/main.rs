//! End-to-end tests: the real `diplograph` binary on the sample documents, in temporary stores
//! (the tests that only read share one, [`shared_sample_store`]).
//! One test binary (fast to link), one module per area.

mod architecture;
mod cli;
mod evaluation;
mod export;
mod faults;
mod link;
mod ontology;
mod pdf_files;
mod push;
mod queries;
mod reliability;
mod robustness;
mod serve;
mod store;
mod summary;
mod versions;
mod web_pages;
mod wikidata_server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The sample files of the project.
pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zh")
}

pub const UAE: &str =
    "2019-07-23_china-uae-comprehensive-strategic-partnership-joint-statement.zh.txt";
pub const PRINTED: &str =
    "2022-11_china-vietnam-joint-statement+sco-heads-of-government-communique.pdf-text.zh.txt";

/// The binary with `args`, with the store in `store`, untouched by the caller's environment.
pub fn command(store: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_diplograph"));
    command
        .arg("--store")
        .arg(store)
        .args(args)
        .env_remove("DIPLOGRAPH_STORE")
        .env_remove("DIPLOGRAPH_ONTOLOGY");
    command
}

/// Runs the binary with `args`, with the store in `store`.
pub fn diplograph(store: &Path, args: &[&str]) -> Output {
    command(store, args).output().expect("the binary runs")
}

/// Runs and expects success; returns stdout.
pub fn ok(store: &Path, args: &[&str]) -> String {
    let output = diplograph(store, args);
    assert!(
        output.status.success(),
        "diplograph {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// Runs an inline SPARQL query on the store; returns its results as SPARQL CSV.
pub fn sparql_csv(store: &Path, query: &str) -> String {
    ok(store, &["query", "--format", "csv", "--sparql", query])
}

/// A folder `corpus` in `dir` with `copies` copies of both sample files under distinct names
/// (three documents a copy).
pub fn corpus(dir: &Path, copies: usize) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for copy in 0..copies {
        for name in [UAE, PRINTED] {
            std::fs::copy(
                samples().join(name),
                corpus.join(format!("copy-{copy:03}-{name}")),
            )
            .unwrap();
        }
    }
    corpus
}

/// A temporary folder with a store that holds both sample files.
pub fn sample_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let samples = samples();
    ok(&store, &["ingest", samples.to_str().unwrap()]);
    (dir, store)
}

/// The store of both sample files, ingested once per test run, for the tests that only read it
/// (queries, the endpoint, push); a test that writes to its store makes one with
/// [`sample_store`]. It lives under the target's temporary folder, one per test process; those of
/// processes that have ended are removed when the next run makes its own.
pub fn shared_sample_store() -> PathBuf {
    static STORE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    STORE
        .get_or_init(|| {
            let parent = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shared-sample-store");
            if Path::new("/proc/self").exists() {
                for entry in std::fs::read_dir(&parent).into_iter().flatten().flatten() {
                    if !Path::new("/proc").join(entry.file_name()).exists() {
                        let _ = std::fs::remove_dir_all(entry.path());
                    }
                }
            }
            let store = parent.join(std::process::id().to_string());
            let _ = std::fs::remove_dir_all(&store);
            ok(&store, &["ingest", samples().to_str().unwrap()]);
            store
        })
        .clone()
}

/// Number of quads in a store, read with oxigraph directly.
pub fn store_len(store: &Path) -> usize {
    oxigraph::store::Store::open_read_only(store)
        .unwrap()
        .len()
        .unwrap()
}

/// The quads of a store's document graphs, read with oxigraph directly.
pub fn document_quads(store: &Path) -> Vec<oxigraph::model::Quad> {
    let store = oxigraph::store::Store::open_read_only(store).expect("the store opens");
    store
        .iter()
        .map(|quad| quad.expect("every quad reads"))
        .filter(|quad| {
            matches!(&quad.graph_name, oxigraph::model::GraphName::NamedNode(graph)
                if graph.as_str().starts_with("https://w3id.org/diplograph/document/"))
        })
        .collect()
}

/// True when `DIPLOGRAPH_SKIP_EXTERNAL_TOOLS` is set: the tests that need programs beyond Rust
/// (rapper, rdflib, Chromium, the oxigraph server; `scripts/setup.sh` installs them all) then
/// skip, saying so. CI never sets it.
pub fn external_tools_skipped() -> bool {
    let skipped = std::env::var_os("DIPLOGRAPH_SKIP_EXTERNAL_TOOLS").is_some();
    if skipped {
        eprintln!("skipped: DIPLOGRAPH_SKIP_EXTERNAL_TOOLS is set");
    }
    skipped
}
