//! `diplograph push` against a real oxigraph server (`oxigraph serve`, from `oxigraph-cli`, which
//! `scripts/setup.sh` installs), and against a server that refuses; and the path past one machine:
//! N-Quads extracted in parts and loaded together equal the whole corpus ingested at once.

use crate::{diplograph, ok, sample_store, samples, sparql_csv, PRINTED, UAE};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The oxigraph server binary: on the PATH, or where `cargo install` puts it.
fn oxigraph_binary() -> PathBuf {
    let on_path = Command::new("oxigraph")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if on_path {
        return PathBuf::from("oxigraph");
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo"));
    let installed = cargo_home.join("bin/oxigraph");
    assert!(
        installed.exists(),
        "the oxigraph server is needed: run scripts/setup.sh (it runs `cargo install oxigraph-cli`)"
    );
    installed
}

/// A running in-memory oxigraph server, stopped when dropped.
struct Oxigraph {
    child: Child,
    base: String,
}

impl Drop for Oxigraph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Oxigraph {
    fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(oxigraph_binary())
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .arg("--union-default-graph")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("oxigraph serve starts");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "oxigraph serve did not listen"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    /// Runs a query on the server; the CSV lines of the answer, sorted.
    fn query(&self, query: &str) -> BTreeSet<String> {
        let answer = reqwest::blocking::Client::new()
            .post(format!("{}/query", self.base))
            .header("Content-Type", "application/sparql-query")
            .header("Accept", "text/csv")
            .body(query.to_owned())
            .send()
            .unwrap();
        assert!(answer.status().is_success(), "{:?}", answer.text());
        answer.text().unwrap().lines().map(str::to_owned).collect()
    }
}

const GRAPH_COUNTS: &str = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";

fn local_query(store: &Path, query: &str) -> BTreeSet<String> {
    sparql_csv(store, query)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn push_fills_an_oxigraph_server_with_exactly_the_local_graphs_twice_without_change() {
    if crate::external_tools_skipped() {
        return;
    }
    let (_dir, store) = sample_store();
    let server = Oxigraph::start();
    let endpoint = format!("{}/store", server.base);
    let output = diplograph(&store, &["push", "--endpoint", &endpoint]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let local = local_query(&store, GRAPH_COUNTS);
    assert!(local.len() > 5, "{local:?}");
    assert_eq!(server.query(GRAPH_COUNTS), local);

    // A bundled query gives the same answer on the server.
    let shared = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/shared-entities.rq"),
    )
    .unwrap();
    let here: BTreeSet<String> = ok(&store, &["query", "shared-entities", "--format", "csv"])
        .lines()
        .map(str::to_owned)
        .collect();
    assert!(here.len() > 3);
    assert_eq!(server.query(&shared), here);

    // Pushing again replaces each graph: nothing changes.
    let again = diplograph(&store, &["push", "--endpoint", &endpoint]);
    assert!(again.status.success());
    assert_eq!(server.query(GRAPH_COUNTS), local);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains(&format!("pushed {n} of {n} graphs", n = local.len() - 1)),
        "{stderr}"
    );
}

/// A server that answers every request with `status` and records the Authorization headers.
fn refusing_server(status: &'static str) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut authorization = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("authorization") {
                        authorization = value.trim().to_owned();
                    }
                }
            }
            record.lock().unwrap().push(authorization);
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno"
            );
            // Read what the client still sends, so that it sees the answer, not a reset.
            let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
            let _ = reader.read_to_end(&mut Vec::new());
        }
    });
    (format!("http://127.0.0.1:{port}/store"), seen)
}

#[test]
fn refused_graphs_are_reported_with_credentials_sent_and_a_non_zero_exit() {
    let (_dir, store) = sample_store();
    let (endpoint, seen) = refusing_server("401 Unauthorized");
    let output = diplograph(
        &store,
        &["push", "--endpoint", &endpoint, "--user", "user:secret"],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("refused (HTTP 401)"), "{stderr}");
    assert!(stderr.contains("check the credentials"), "{stderr}");
    assert!(stderr.contains("pushed 0 of "), "{stderr}");
    let seen = seen.lock().unwrap().clone();
    assert!(!seen.is_empty());
    // 401 is not retried: one request a graph, each with the credentials.
    assert!(
        seen.iter().all(|header| header == "Basic dXNlcjpzZWNyZXQ="),
        "{seen:?}"
    );

    let (endpoint, seen) = refusing_server("503 Service Unavailable");
    let output = diplograph(
        &store,
        &[
            "push",
            "--endpoint",
            &endpoint,
            "--token",
            "t0ken",
            "--retries",
            "1",
            "--backoff",
            "0.01",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let seen = seen.lock().unwrap().clone();
    let graphs = local_query(&store, GRAPH_COUNTS).len() - 1;
    // A server error is retried once: two requests a graph, and every graph was tried.
    assert_eq!(seen.len(), 2 * graphs, "{seen:?}");
    assert!(seen.iter().all(|header| header == "Bearer t0ken"));
}

#[test]
fn nquads_of_two_halves_loaded_together_equal_the_whole_corpus() {
    let dir = tempfile::tempdir().unwrap();
    // The whole corpus, ingested at once.
    let store = dir.path().join("store");
    ok(&store, &["ingest", samples().to_str().unwrap()]);
    // Each half extracted on its own "machine", as N-Quads.
    let loaded = oxigraph::store::Store::new().unwrap();
    for half in [UAE, PRINTED] {
        let path = samples().join(half);
        let nquads = ok(
            &store,
            &["extract", "--format", "nquads", path.to_str().unwrap()],
        );
        let mut loader = loaded.bulk_loader();
        loader
            .load_from_slice(oxigraph::io::RdfFormat::NQuads, nquads.as_bytes())
            .unwrap();
        loader.commit().unwrap();
    }
    let documents = |store: &oxigraph::store::Store| -> BTreeSet<String> {
        store
            .iter()
            .map(Result::unwrap)
            .filter(|quad| {
                quad.graph_name
                    .to_string()
                    .starts_with("<https://w3id.org/diplograph/document/")
            })
            .map(|quad| quad.to_string())
            .collect()
    };
    let whole = oxigraph::store::Store::open_read_only(&store).unwrap();
    let expected = documents(&whole);
    assert!(expected.len() > 10_000);
    assert_eq!(documents(&loaded), expected);
}
