//! A small HTTP server on 127.0.0.1 that stands in for Wikidata in the tests of `diplograph link`.
//!
//! It answers `wbsearchentities`, `wbgetentities` and SPARQL `ASK` requests from the files of
//! `tests/fixtures/wikidata/`, and can be told to misbehave the ways a real server does: HTTP 429
//! with `Retry-After`, HTTP 500, replies slower than the client's timeout, malformed JSON, answers
//! too large to read, and connections dropped without an answer. It records every request it gets.

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the server misbehaves.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answers every request.
    None,
    /// The first N requests get HTTP 429 with `Retry-After: 1`.
    TooManyRequestsFirst(usize),
    /// Requests whose decoded URL contains the text get HTTP 500; the others are answered.
    ServerErrorWhen(String),
    /// Every request gets HTTP 500.
    ServerError,
    /// Every answer comes after this delay.
    Slow(Duration),
    /// Every answer is cut-off JSON.
    Malformed,
    /// Every answer is valid JSON of 20 MB, far larger than any search or lookup.
    Oversized,
    /// Every connection is closed without an answer.
    Drop,
}

/// One request the server got.
#[derive(Debug, Clone)]
pub struct Request {
    /// The path and query, percent-decoded.
    pub target: String,
    pub user_agent: String,
}

/// The running server. It stops with the test process.
pub struct WikidataServer {
    pub port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
    fault: Arc<Mutex<Fault>>,
}

struct Answers {
    search: Map<String, Value>,
    entities: Map<String, Value>,
    subclasses: BTreeSet<(String, String)>,
}

impl WikidataServer {
    /// Starts a server with this fault.
    pub fn start(fault: Fault) -> Self {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wikidata");
        let read = |name: &str| -> Value {
            serde_json::from_str(&std::fs::read_to_string(folder.join(name)).unwrap()).unwrap()
        };
        let subclasses = std::fs::read_to_string(folder.join("subclasses.tsv"))
            .unwrap()
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(|line| {
                let (item, class) = line.split_once('\t').unwrap();
                (item.to_owned(), class.trim().to_owned())
            })
            .collect();
        let answers = Arc::new(Answers {
            search: read("search.json").as_object().unwrap().clone(),
            entities: read("entities.json").as_object().unwrap().clone(),
            subclasses,
        });
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        let fault = Arc::new(Mutex::new(fault));
        let current = fault.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let answers = answers.clone();
                let seen = seen.clone();
                let fault = current.lock().unwrap().clone();
                std::thread::spawn(move || serve(stream, &answers, &seen, &fault));
            }
        });
        Self {
            port,
            requests,
            fault,
        }
    }

    /// Changes how the server behaves from the next connection on.
    pub fn set_fault(&self, fault: Fault) {
        *self.fault.lock().unwrap() = fault;
    }

    /// The API URL to give `--wikidata-api`.
    pub fn api(&self) -> String {
        format!("http://127.0.0.1:{}/w/api.php", self.port)
    }

    /// The SPARQL URL to give `--wikidata-sparql`.
    pub fn sparql(&self) -> String {
        format!("http://127.0.0.1:{}/sparql", self.port)
    }

    /// The requests so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, answers: &Answers, seen: &Mutex<Vec<Request>>, fault: &Fault) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut user_agent = String::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("user-agent") {
                user_agent = value.trim().to_owned();
            }
        }
    }
    let raw_target = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    let target = percent_decode(&raw_target);
    let number = {
        let mut seen = seen.lock().unwrap();
        seen.push(Request {
            target: target.clone(),
            user_agent,
        });
        seen.len()
    };
    let mut stream = stream;
    let (status, headers, body): (&str, Vec<(&str, &str)>, String) = match fault {
        Fault::Drop => return,
        Fault::TooManyRequestsFirst(count) if number <= *count => (
            "429 Too Many Requests",
            vec![("Retry-After", "1")],
            "{\"error\":\"too many requests\"}".to_owned(),
        ),
        Fault::ServerError => ("500 Internal Server Error", vec![], "oops".to_owned()),
        Fault::ServerErrorWhen(text) if target.contains(text.as_str()) => {
            ("500 Internal Server Error", vec![], "oops".to_owned())
        }
        Fault::Malformed => ("200 OK", vec![], "{\"search\": [{\"id\": \"Q1".to_owned()),
        Fault::Oversized => (
            "200 OK",
            vec![],
            format!(
                "{{\"search\": [], \"padding\": \"{}\"}}",
                "x".repeat(20_000_000)
            ),
        ),
        Fault::Slow(delay) => {
            std::thread::sleep(*delay);
            ("200 OK", vec![], answer(&raw_target, answers).to_string())
        }
        _ => ("200 OK", vec![], answer(&raw_target, answers).to_string()),
    };
    let mut response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(&body);
    let _ = stream.write_all(response.as_bytes());
}

/// The answer to a request, from the fixtures.
fn answer(raw_target: &str, answers: &Answers) -> Value {
    let (path, query) = raw_target.split_once('?').unwrap_or((raw_target, ""));
    let parameters: BTreeMap<String, String> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (percent_decode(key), percent_decode(value)))
        .collect();
    if path == "/sparql" {
        let query = parameters.get("query").cloned().unwrap_or_default();
        let item = between(&query, "} wd:", " wdt:P31");
        let classes = between(&query, "VALUES ?class {", "}");
        let truth = classes
            .split_whitespace()
            .map(|class| class.trim_start_matches("wd:").to_owned())
            .any(|class| answers.subclasses.contains(&(item.clone(), class)));
        return json!({ "head": {}, "boolean": truth });
    }
    match parameters.get("action").map(String::as_str) {
        Some("wbsearchentities") => {
            let search = parameters.get("search").cloned().unwrap_or_default();
            let hits = answers
                .search
                .get(&search)
                .cloned()
                .unwrap_or_else(|| json!([]));
            json!({ "searchinfo": { "search": search }, "search": hits, "success": 1 })
        }
        Some("wbgetentities") => {
            let mut entities = Map::new();
            for id in parameters
                .get("ids")
                .map(String::as_str)
                .unwrap_or("")
                .split('|')
            {
                let entity = answers
                    .entities
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| json!({ "id": id }));
                entities.insert(id.to_owned(), entity);
            }
            json!({ "entities": entities, "success": 1 })
        }
        _ => json!({ "error": { "code": "badvalue", "info": "unknown action" } }),
    }
}

fn between(text: &str, start: &str, end: &str) -> String {
    text.split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(inside, _)| inside.trim().to_owned())
        .unwrap_or_default()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        index += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        index += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                index += 1;
            }
            byte => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
