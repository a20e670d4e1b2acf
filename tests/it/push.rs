//! `diplograph push` against a real oxigraph server (`oxigraph serve`, from `oxigraph-cli`) and a
//! real Virtuoso 7 (Debian's `virtuoso-opensource`), both of which `scripts/setup.sh` installs,
//! against a server that refuses and one that keeps nothing; and the path past one machine:
//! N-Quads extracted in parts and loaded together equal the whole corpus ingested at once.

use crate::{diplograph, ok, samples, shared_sample_store, sparql_csv, PRINTED, UAE};
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
        let port = free_port();
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

/// A free port on 127.0.0.1.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running Virtuoso 7 (`virtuoso-t`, from Debian's `virtuoso-opensource`, which
/// `scripts/setup.sh` installs) with a database of its own in a temporary folder, on free ports,
/// stopped when dropped. The anonymous SPARQL user is given the update grant through `isql-vt`,
/// as a team's administrator would for a push.
struct Virtuoso {
    child: Child,
    base: String,
    _folder: tempfile::TempDir,
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Virtuoso {
    fn start() -> Self {
        let folder = tempfile::tempdir().unwrap();
        let (sql, http) = (free_port(), free_port());
        let shipped = std::fs::read_to_string("/etc/virtuoso-opensource-7/virtuoso.ini")
            .expect("Virtuoso is needed: run scripts/setup.sh (it installs virtuoso-opensource)");
        let database = folder.path().display().to_string();
        let mut ini = String::new();
        let mut section = String::new();
        for line in shipped.lines() {
            if line.starts_with('[') {
                section = line.to_owned();
            }
            let line = line.replace("/var/lib/virtuoso-opensource-7/db", &database);
            let key = line.split('=').next().unwrap_or_default().trim().to_owned();
            ini.push_str(&match (section.as_str(), key.as_str()) {
                ("[Parameters]", "ServerPort") => format!("ServerPort = {sql}"),
                ("[HTTPServer]", "ServerPort") => format!("ServerPort = {http}"),
                _ => line,
            });
            ini.push('\n');
        }
        let ini_path = folder.path().join("virtuoso.ini");
        std::fs::write(&ini_path, ini).unwrap();
        let child = Command::new("virtuoso-t")
            .arg("-c")
            .arg(&ini_path)
            .arg("+foreground")
            .current_dir(folder.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("virtuoso-t starts");
        let virtuoso = Self {
            child,
            base: format!("http://127.0.0.1:{http}"),
            _folder: folder,
        };
        let started = Instant::now();
        loop {
            let granted = Command::new("isql-vt")
                .arg(sql.to_string())
                .args(["dba", "dba"])
                .arg(
                    "exec=GRANT SPARQL_UPDATE TO \"SPARQL\"; \
                     DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);",
                )
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|status| status.success());
            if granted && TcpStream::connect(("127.0.0.1", http)).is_ok() {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "Virtuoso did not start"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
        virtuoso
    }

    /// The triples of a graph, counted by Virtuoso's own SPARQL endpoint.
    fn count(&self, graph: &str) -> usize {
        let answer: serde_json::Value = reqwest::blocking::Client::new()
            .post(format!("{}/sparql", self.base))
            .header("Accept", "application/sparql-results+json")
            .form(&[(
                "query",
                format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"),
            )])
            .send()
            .unwrap()
            .json()
            .unwrap();
        answer["results"]["bindings"][0]["n"]["value"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    }
}

#[test]
fn push_stores_every_triple_in_virtuoso() {
    if crate::external_tools_skipped() {
        return;
    }
    let store = shared_sample_store();
    let virtuoso = Virtuoso::start();
    let endpoint = format!("{}/sparql-graph-crud", virtuoso.base);
    let output = diplograph(&store, &["push", "--endpoint", &endpoint]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // Every graph holds on Virtuoso what it holds here, the reference graph of over 10,000
    // triples (more than Virtuoso sends back for a graph read) included.
    let local = local_query(&store, GRAPH_COUNTS);
    assert!(local.len() > 3);
    let holds_every_graph_whole = || {
        for line in local.iter().skip(1) {
            let (graph, count) = line.rsplit_once(',').unwrap();
            assert_eq!(
                virtuoso.count(graph),
                count.trim().parse::<usize>().unwrap(),
                "{graph}"
            );
        }
    };
    holds_every_graph_whole();
    // Pushing again changes nothing.
    ok(&store, &["push", "--endpoint", &endpoint]);
    holds_every_graph_whole();

    // The bundled queries run unchanged on Virtuoso and give the rows they give here, in the same
    // order.
    let queries = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut names: Vec<String> = std::fs::read_dir(&queries)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".rq").map(str::to_owned))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{names:?}");
    let rows = |csv: &str| -> Vec<String> {
        csv.lines()
            .map(|line| line.trim_end_matches('\r').replace('"', ""))
            .collect()
    };
    for name in &names {
        let text = std::fs::read_to_string(queries.join(format!("{name}.rq"))).unwrap();
        let answer = reqwest::blocking::Client::new()
            .post(format!("{}/sparql", virtuoso.base))
            .header("Accept", "text/csv")
            .form(&[("query", text.as_str())])
            .send()
            .unwrap();
        assert!(answer.status().is_success(), "{name} fails on Virtuoso");
        let remote = rows(&answer.text().unwrap());
        let here = rows(&sparql_csv(&store, &text));
        assert_eq!(remote, here, "{name} differs on Virtuoso");
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
    let store = shared_sample_store();
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
    let store = shared_sample_store();
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

/// A server that answers every PUT with 201 and keeps nothing (as Virtuoso 7 does with a chunked
/// body), counts 0 triples when asked by query, and sends an empty graph when asked for one; it
/// records the head of each PUT.
fn forgetful_server() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
                head.push_str(&line);
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let mut stream = stream;
            if head.starts_with("POST") {
                // A count query: none of the triples is there.
                let count = r#"{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"0"}}]}}"#;
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{count}",
                    count.len()
                );
            } else if head.starts_with("PUT") {
                record.lock().unwrap().push(head);
                let _ = write!(
                    stream,
                    "HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            } else {
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/turtle\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        }
    });
    (format!("http://127.0.0.1:{port}/store"), seen)
}

#[test]
fn a_store_that_keeps_nothing_is_a_failure_and_bodies_carry_their_length() {
    let store = shared_sample_store();
    let (endpoint, seen) = forgetful_server();
    // Counted by a query to `…/query`, found beside `…/store`; then, for an endpoint of no known
    // store, by reading each graph back.
    for endpoint in [endpoint.clone(), endpoint.replace("/store", "/graphs")] {
        let output = diplograph(&store, &["push", "--endpoint", &endpoint, "--retries", "0"]);
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("HTTP 201 but holds 0 of the"), "{stderr}");
        assert!(stderr.contains("pushed 0 of "), "{stderr}");
    }
    let seen = seen.lock().unwrap().clone();
    assert!(!seen.is_empty());
    for head in &seen {
        let lower = head.to_ascii_lowercase();
        assert!(lower.contains("content-length:"), "{head}");
        assert!(!lower.contains("transfer-encoding"), "{head}");
    }
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
