//! `diplograph serve`: the real binary listening on 127.0.0.1, asked over HTTP like curl would, and
//! its page rendered in headless Chromium.

use crate::{ok, shared_sample_store, sparql_csv};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running `diplograph serve`, stopped when dropped.
struct Served {
    child: Child,
    base: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(store: &Path, extra: &[&str]) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_diplograph"))
        .arg("--store")
        .arg(store)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(extra)
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_owned();
    Served { child, base }
}

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::new()
}

#[test]
fn the_endpoint_answers_sparql_by_get_and_post_in_the_format_asked() {
    let store = shared_sample_store();
    let served = serve(&store, &[]);
    let endpoint = format!("{}/sparql", served.base);
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let local = sparql_csv(&store, count).replace("\r\n", "\n");

    let get = client()
        .get(&endpoint)
        .query(&[("query", count)])
        .header("Accept", "text/csv")
        .send()
        .unwrap();
    assert_eq!(get.status(), 200);
    assert!(get.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert_eq!(get.text().unwrap().replace("\r\n", "\n"), local);

    let form = client()
        .post(&endpoint)
        .form(&[("query", count)])
        .header("Accept", "application/sparql-results+json")
        .send()
        .unwrap();
    assert_eq!(form.status(), 200);
    let json: serde_json::Value = form.json().unwrap();
    assert_eq!(json["head"]["vars"][0], "n");

    let direct = client()
        .post(&endpoint)
        .header("Content-Type", "application/sparql-query")
        .header("Accept", "application/sparql-results+xml")
        .body("ASK { ?s a <https://w3id.org/diplograph/ontology#Document> }")
        .send()
        .unwrap();
    assert_eq!(direct.status(), 200);
    assert!(direct.text().unwrap().contains("<boolean>true</boolean>"));

    let construct = client()
        .get(&endpoint)
        .query(&[("query", "CONSTRUCT { ?d a ?t } WHERE { ?d a ?t } LIMIT 2")])
        .header("Accept", "application/n-triples")
        .send()
        .unwrap();
    assert_eq!(construct.status(), 200);
    assert_eq!(construct.text().unwrap().lines().count(), 2);

    let unacceptable = client()
        .get(&endpoint)
        .query(&[("query", count)])
        .header("Accept", "image/png")
        .send()
        .unwrap();
    assert_eq!(unacceptable.status(), 406);
}

#[test]
fn bundled_queries_give_what_the_command_line_gives() {
    let store = shared_sample_store();
    let served = serve(&store, &[]);
    let local = ok(
        &store,
        &[
            "query",
            "places",
            "--param",
            "place=塔什干",
            "--format",
            "csv",
        ],
    )
    .replace("\r\n", "\n");
    let remote = client()
        .get(format!("{}/query/places", served.base))
        .query(&[("place", "塔什干")])
        .header("Accept", "text/csv")
        .send()
        .unwrap();
    assert_eq!(remote.status(), 200);
    assert_eq!(remote.text().unwrap().replace("\r\n", "\n"), local);
    let unknown = client()
        .get(format!("{}/query/no-such-query", served.base))
        .send()
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[test]
fn updates_are_refused_and_the_store_is_unchanged() {
    let store = shared_sample_store();
    let before = crate::store_len(&store);
    let served = serve(&store, &[]);
    let endpoint = format!("{}/sparql", served.base);
    let by_body = client()
        .post(&endpoint)
        .header("Content-Type", "application/sparql-update")
        .body("DROP ALL")
        .send()
        .unwrap();
    assert_eq!(by_body.status(), 403);
    let by_form = client()
        .post(&endpoint)
        .form(&[("update", "DROP ALL")])
        .send()
        .unwrap();
    assert_eq!(by_form.status(), 403);
    let as_query = client()
        .get(&endpoint)
        .query(&[("query", "DROP ALL")])
        .send()
        .unwrap();
    assert_eq!(as_query.status(), 400);
    assert!(as_query.text().unwrap().contains("invalid SPARQL"));
    drop(served);
    assert_eq!(crate::store_len(&store), before);
}

#[test]
fn cross_origin_reads_are_off_unless_an_origin_is_named() {
    let store = shared_sample_store();
    let ask = |served: &Served, origin: &str| {
        client()
            .get(format!("{}/sparql", served.base))
            .query(&[("query", "ASK { ?s ?p ?o }")])
            .header("Origin", origin)
            .send()
            .unwrap()
    };
    let closed = serve(&store, &[]);
    let answer = ask(&closed, "https://example.org");
    assert_eq!(answer.status(), 200);
    assert!(answer
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    drop(closed);

    let open = serve(&store, &["--cors", "https://example.org"]);
    let answer = ask(&open, "https://example.org");
    assert_eq!(
        answer.headers()["access-control-allow-origin"],
        "https://example.org"
    );
    assert!(ask(&open, "https://evil.example")
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    let preflight = client()
        .request(reqwest::Method::OPTIONS, format!("{}/sparql", open.base))
        .header("Origin", "https://example.org")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "https://example.org"
    );
    assert!(preflight.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
}

/// Sends `request` as raw bytes and returns the whole answer (the server closes after it).
fn raw(base: &str, request: &[u8]) -> String {
    use std::io::{Read, Write};
    let address = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn raw_utf8_in_the_request_line_is_read() {
    let store = shared_sample_store();
    let served = serve(&store, &[]);
    let address = served.base.trim_start_matches("http://").to_owned();
    let answer = raw(
        &served.base,
        format!(
            "GET /query/places?place=塔什干 HTTP/1.1\r\nHost: {address}\r\nAccept: text/csv\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("塔什干"), "{answer}");
}

#[test]
fn requests_addressed_to_other_names_are_refused() {
    let store = shared_sample_store();
    let served = serve(&store, &["--allow-host", "graphs.example.org"]);
    let port = served.base.rsplit(':').next().unwrap().to_owned();
    let with_host = |host: &str| {
        raw(
            &served.base,
            format!(
                "GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
            )
            .as_bytes(),
        )
    };
    assert!(with_host(&format!("rebound.example:{port}")).starts_with("HTTP/1.1 403"));
    assert!(with_host(&format!("localhost:{port}")).starts_with("HTTP/1.1 200"));
    assert!(with_host(&format!("127.0.0.1:{port}")).starts_with("HTTP/1.1 200"));
    assert!(with_host(&format!("graphs.example.org:{port}")).starts_with("HTTP/1.1 200"));
}

#[test]
fn queries_past_their_limits_are_stopped_and_the_server_goes_on() {
    let store = shared_sample_store();
    let served = serve(&store, &["--timeout", "2", "--max-answer", "1"]);
    let get = |query: &str| {
        let started = std::time::Instant::now();
        let answer = client()
            .get(format!("{}/sparql", served.base))
            .query(&[("query", query)])
            .header("Accept", "text/csv")
            .send()
            .unwrap();
        (
            answer.status().as_u16(),
            answer.text().unwrap(),
            started.elapsed(),
        )
    };
    // Every triple of triples: no check inside the evaluation stops the count, the end of the
    // query's process does.
    for heavy in [
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    ] {
        let (status, text, took) = get(heavy);
        assert_eq!(status, 503, "{heavy}: {text}");
        assert!(
            text.contains("--timeout") || text.contains("--max-answer"),
            "{text}"
        );
        assert!(
            took < std::time::Duration::from_secs(20),
            "{heavy} took {took:?}"
        );
    }
    let (status, text, _) = get("SELECT * WHERE { ?s ?p ?o }");
    assert_eq!(status, 503, "{text}");
    assert!(text.contains("--max-answer"), "{text}");
    let (status, text, _) = get("ASK { ?s ?p ?o }");
    assert_eq!((status, text.trim()), (200, "true"));
}

#[test]
fn a_query_that_takes_too_much_memory_is_stopped() {
    let store = shared_sample_store();
    let served = serve(&store, &["--timeout", "60", "--max-query-memory", "200"]);
    // Sorting every pair of triples holds them all in memory.
    let answer = client()
        .get(format!("{}/sparql", served.base))
        .query(&[(
            "query",
            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
        )])
        .send()
        .unwrap();
    assert_eq!(answer.status(), 503);
    assert!(answer.text().unwrap().contains("--max-query-memory"));
}

#[cfg(target_os = "linux")]
#[test]
fn idle_connections_hold_no_thread_and_big_bodies_are_refused() {
    let store = shared_sample_store();
    let served = serve(&store, &[]);
    let address = served.base.trim_start_matches("http://").to_owned();
    // Connections that never send a request.
    let idle: Vec<std::net::TcpStream> = (0..200)
        .map(|_| std::net::TcpStream::connect(&address).unwrap())
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let status = std::fs::read_to_string(format!("/proc/{}/status", served.child.id())).unwrap();
    let threads: usize = status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|count| count.trim().parse().ok())
        .unwrap();
    assert!(threads < 16, "{threads} threads for 200 idle connections");
    let answer = client()
        .get(format!("{}/sparql", served.base))
        .query(&[("query", "ASK { ?s ?p ?o }")])
        .send()
        .unwrap();
    assert_eq!(answer.status(), 200, "the server still answers");
    drop(idle);
    let big = client()
        .post(format!("{}/sparql", served.base))
        .header("Content-Type", "application/sparql-query")
        .body(format!("ASK {{ }} #{}", "x".repeat(2 << 20)))
        .send()
        .unwrap();
    assert_eq!(big.status(), 413);
}

/// Runs headless Chromium on `url` and returns the DOM after its scripts ran.
fn rendered(url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .output()
        .expect("chromium runs (scripts/setup.sh installs it)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_page_lists_the_questions_and_shows_answers_in_chromium() {
    if crate::external_tools_skipped() {
        return;
    }
    // Chinese is drawn with a real font, not boxes: one is installed (scripts/setup.sh).
    let fonts = Command::new("fc-list")
        .arg(":lang=zh")
        .output()
        .expect("fc-list runs");
    assert!(
        !String::from_utf8_lossy(&fonts.stdout).trim().is_empty(),
        "no font for Chinese: run scripts/setup.sh (it installs fonts-noto-cjk)"
    );
    let store = shared_sample_store();
    let served = serve(&store, &[]);
    let index = rendered(&format!("{}/", served.base));
    for line in ok(&store, &["queries"]).lines().skip(2) {
        let name = line.split_whitespace().next().unwrap();
        assert!(
            index.contains(&format!("href=\"#{name}\"")),
            "{name} is not listed"
        );
    }
    let page = rendered(&format!("{}/#places?place=塔什干", served.base));
    assert!(page.contains("data-state=\"done\""), "{page}");
    assert!(
        page.contains("<td>dgr:Tashkent</td><td>塔什干</td>"),
        "{page}"
    );
    assert!(page.contains("上合组织成员国科技部长会议 (2022-04-08)"));
    let missing = rendered(&format!("{}/#mentions", served.base));
    assert!(missing.contains("data-state=\"waiting\""), "{missing}");
    assert!(missing.contains("Enter entity, then Run."));
}
