//! `diplograph serve`: the store as a read-only SPARQL 1.1 Protocol endpoint, and a page of the
//! bundled questions.
//!
//! - `GET /sparql?query=…`, `POST /sparql` (form `query=…`, or an `application/sparql-query`
//!   body): SPARQL queries over the union of all graphs. Results in the format the `Accept` header
//!   asks for: SPARQL JSON (the default), XML, CSV or TSV for `SELECT` and `ASK`; Turtle (the
//!   default), N-Triples, N-Quads, RDF/XML or JSON-LD for `CONSTRUCT` and `DESCRIBE`.
//! - `GET /query/NAME?PARAMETER=VALUE…`: a bundled query, its parameters bound as terms (never
//!   pasted into the text).
//! - `GET /`: a page that lists the bundled questions; each runs its query and shows the answer
//!   as a table.
//!
//! Updates are refused (403): the endpoint is read-only, and opens the store read-only, so that
//! `diplograph ingest` can run beside it (the endpoint answers from the store as it was when it
//! started). Every answer allows any origin (CORS). A query that runs longer than the timeout is
//! cancelled and answered with 503.
//!
//! Cost: one thread per worker; each answer is built in memory before it is sent, so that an
//! evaluation error can still be reported with its status.

use crate::query::{self, QueryInfo};
use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};
use oxigraph::store::Store;
use std::io::Read;
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, Server};

/// Largest request body read (a query sent by POST).
const LARGEST_BODY: u64 = 1 << 20;

/// How the endpoint runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Time allowed for one query.
    pub timeout: Duration,
    /// Threads answering requests.
    pub workers: usize,
}

/// Serves `store` on `server` until the process ends.
pub fn serve(server: Server, store: Store, options: &ServeOptions) {
    let server = Arc::new(server);
    let page = Arc::new(index_page());
    let mut handles = Vec::new();
    for _ in 0..options.workers.max(1) {
        let server = server.clone();
        let store = store.clone();
        let page = page.clone();
        let timeout = options.timeout;
        handles.push(std::thread::spawn(move || {
            for mut request in server.incoming_requests() {
                let answer = answer(&store, &page, timeout, &mut request);
                let _ = request.respond(answer);
            }
        }));
    }
    for handle in handles {
        let _ = handle.join();
    }
}

type Answer = Response<std::io::Cursor<Vec<u8>>>;

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// A response with CORS headers.
fn respond(status: u16, content_type: &str, body: Vec<u8>) -> Answer {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Access-Control-Allow-Origin", "*"))
        .with_header(header("Vary", "Accept"))
}

fn text(status: u16, message: &str) -> Answer {
    respond(
        status,
        "text/plain; charset=utf-8",
        format!("{message}\n").into_bytes(),
    )
}

fn answer(store: &Store, page: &str, timeout: Duration, request: &mut Request) -> Answer {
    let url = request.url().to_owned();
    let (path, query_string) = url.split_once('?').unwrap_or((&url, ""));
    let parameters = parse_form(query_string);
    match (request.method(), path) {
        (Method::Options, _) => respond(204, "text/plain", Vec::new())
            .with_header(header("Access-Control-Allow-Methods", "GET, POST, OPTIONS"))
            .with_header(header(
                "Access-Control-Allow-Headers",
                "Content-Type, Accept, Authorization",
            ))
            .with_header(header("Access-Control-Max-Age", "86400")),
        (Method::Get | Method::Head, "/") => respond(
            200,
            "text/html; charset=utf-8",
            page.as_bytes().to_vec(),
        ),
        (Method::Get | Method::Head, "/sparql") => sparql(store, timeout, request, &parameters),
        (Method::Post, "/sparql") => {
            let mut body = Vec::new();
            if request
                .as_reader()
                .take(LARGEST_BODY)
                .read_to_end(&mut body)
                .is_err()
            {
                return text(400, "the request body could not be read");
            }
            let content_type = header_value(request, "Content-Type").unwrap_or_default();
            let media_type = content_type
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            match media_type.as_str() {
                "application/sparql-query" => {
                    let mut parameters = parameters;
                    parameters.push(("query".to_owned(), String::from_utf8_lossy(&body).into()));
                    sparql(store, timeout, request, &parameters)
                }
                "application/x-www-form-urlencoded" => {
                    let mut form = parse_form(&String::from_utf8_lossy(&body));
                    form.extend(parameters);
                    sparql(store, timeout, request, &form)
                }
                "application/sparql-update" => read_only(),
                _ => text(
                    415,
                    "send the query as application/sparql-query or as the form field `query` (application/x-www-form-urlencoded)",
                ),
            }
        }
        (Method::Get | Method::Head, path) if path.starts_with("/query/") => {
            bundled(store, timeout, request, &path["/query/".len()..], &parameters)
        }
        (Method::Get | Method::Head | Method::Post, _) => text(
            404,
            "not found: the endpoint is /sparql, the bundled queries are /query/NAME, the page is /",
        ),
        _ => text(405, "only GET, POST and OPTIONS are answered"),
    }
}

fn read_only() -> Answer {
    text(
        403,
        "this endpoint is read-only: updates are not accepted (change the store with `diplograph ingest`)",
    )
}

fn header_value(request: &Request, name: &'static str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|header| header.field.equiv(name))
        .map(|header| header.value.as_str().to_owned())
}

fn sparql(
    store: &Store,
    timeout: Duration,
    request: &Request,
    parameters: &[(String, String)],
) -> Answer {
    if parameters.iter().any(|(name, _)| name == "update") {
        return read_only();
    }
    if parameters
        .iter()
        .any(|(name, _)| name == "default-graph-uri" || name == "named-graph-uri")
    {
        return text(
            400,
            "default-graph-uri and named-graph-uri are not supported: queries run over the union of all graphs; use GRAPH in the query",
        );
    }
    let Some((_, text_of_query)) = parameters.iter().find(|(name, _)| name == "query") else {
        return text(400, "give the query as the parameter `query`");
    };
    let info = QueryInfo::parse("request", text_of_query, false);
    run(store, timeout, request, &info, &[])
}

fn bundled(
    store: &Store,
    timeout: Duration,
    request: &Request,
    name: &str,
    parameters: &[(String, String)],
) -> Answer {
    let info = match query::find_bundled(name) {
        Ok(info) => info,
        Err(error) => return text(404, &error.to_string()),
    };
    run(store, timeout, request, &info, parameters)
}

fn run(
    store: &Store,
    timeout: Duration,
    request: &Request,
    info: &QueryInfo,
    parameters: &[(String, String)],
) -> Answer {
    let accept = header_value(request, "Accept").unwrap_or_default();
    let token = CancellationToken::new();
    let watchdog = {
        let token = token.clone();
        let (done, finished) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if finished.recv_timeout(timeout).is_err() {
                token.cancel();
            }
        });
        done
    };
    let results = match query::run_cancellable(store, info, "the request", parameters, Some(token))
    {
        Ok(results) => results,
        Err(error) => return text(400, &error.to_string()),
    };
    let answer = serialize(results, &accept);
    let _ = watchdog.send(());
    match answer {
        Ok((content_type, body)) => respond(200, &content_type, body),
        Err(Failure::NotAcceptable(offered)) => text(
            406,
            &format!("none of the formats of the Accept header can be given; this answer can be {offered}"),
        ),
        Err(Failure::Evaluation(QueryEvaluationError::Cancelled)) => text(
            503,
            &format!(
                "the query ran longer than {} s and was stopped (`diplograph serve --timeout` sets the limit)",
                timeout.as_secs_f64()
            ),
        ),
        Err(Failure::Evaluation(error)) => text(500, &format!("query failed: {error}")),
        Err(Failure::Write(error)) => text(500, &format!("the answer could not be written: {error}")),
    }
}

enum Failure {
    NotAcceptable(&'static str),
    Evaluation(QueryEvaluationError),
    Write(std::io::Error),
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Self::Write(error)
    }
}

impl From<QueryEvaluationError> for Failure {
    fn from(error: QueryEvaluationError) -> Self {
        Self::Evaluation(error)
    }
}

/// Media types of an `Accept` header, best first (by `q`, then by order).
fn accepted(accept: &str) -> Vec<String> {
    let mut types: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(index, part)| {
            let mut pieces = part.split(';');
            let media_type = pieces.next()?.trim().to_ascii_lowercase();
            let quality = pieces
                .filter_map(|piece| piece.trim().strip_prefix("q="))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            (!media_type.is_empty() && quality > 0.0).then_some((quality, index, media_type))
        })
        .collect();
    types.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    types
        .into_iter()
        .map(|(_, _, media_type)| media_type)
        .collect()
}

/// The first acceptable format among `offered` (the first of which is the default).
fn choose<T: Copy>(accept: &str, offered: &[(T, &[&str])]) -> Option<T> {
    let types = accepted(accept);
    if types.is_empty() {
        return offered.first().map(|(format, _)| *format);
    }
    for media_type in types {
        if media_type == "*/*" || media_type == "application/*" || media_type == "text/*" {
            return offered.first().map(|(format, _)| *format);
        }
        if let Some((format, _)) = offered
            .iter()
            .find(|(_, names)| names.contains(&media_type.as_str()))
        {
            return Some(*format);
        }
    }
    None
}

const RESULT_FORMATS: &[(QueryResultsFormat, &[&str])] = &[
    (
        QueryResultsFormat::Json,
        &["application/sparql-results+json", "application/json"],
    ),
    (
        QueryResultsFormat::Xml,
        &[
            "application/sparql-results+xml",
            "application/xml",
            "text/xml",
        ],
    ),
    (QueryResultsFormat::Csv, &["text/csv"]),
    (QueryResultsFormat::Tsv, &["text/tab-separated-values"]),
];

fn graph_formats() -> Vec<(RdfFormat, &'static [&'static str])> {
    vec![
        (RdfFormat::Turtle, &["text/turtle", "application/x-turtle"]),
        (
            RdfFormat::NTriples,
            &["application/n-triples", "text/plain"],
        ),
        (RdfFormat::NQuads, &["application/n-quads"]),
        (RdfFormat::RdfXml, &["application/rdf+xml"]),
        (
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
            &["application/ld+json"],
        ),
    ]
}

fn serialize(results: QueryResults<'_>, accept: &str) -> Result<(String, Vec<u8>), Failure> {
    let mut body = Vec::new();
    match results {
        QueryResults::Solutions(solutions) => {
            let format = choose(accept, RESULT_FORMATS).ok_or(Failure::NotAcceptable(
                "SPARQL JSON, SPARQL XML, CSV or TSV",
            ))?;
            let mut serializer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(&mut body, solutions.variables().to_vec())?;
            for solution in solutions {
                serializer.serialize(&solution?)?;
            }
            serializer.finish()?;
            Ok((content_type(format.media_type()), body))
        }
        QueryResults::Boolean(value) => {
            let format = choose(accept, RESULT_FORMATS).ok_or(Failure::NotAcceptable(
                "SPARQL JSON, SPARQL XML, CSV or TSV",
            ))?;
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(&mut body, value)?;
            Ok((content_type(format.media_type()), body))
        }
        QueryResults::Graph(triples) => {
            let formats = graph_formats();
            let format = choose(accept, &formats).ok_or(Failure::NotAcceptable(
                "Turtle, N-Triples, N-Quads, RDF/XML or JSON-LD",
            ))?;
            let mut serializer = oxigraph::io::RdfSerializer::from_format(format);
            if format == RdfFormat::Turtle {
                for (name, iri) in crate::vocab::PREFIXES {
                    if let Ok(with_prefix) = serializer.clone().with_prefix(*name, *iri) {
                        serializer = with_prefix;
                    }
                }
            }
            let mut writer = serializer.for_writer(&mut body);
            for triple in triples {
                writer.serialize_triple(&triple?)?;
            }
            writer.finish()?;
            Ok((content_type(format.media_type()), body))
        }
    }
}

fn content_type(media_type: &str) -> String {
    if media_type.contains("charset") {
        media_type.to_owned()
    } else {
        format!("{media_type}; charset=utf-8")
    }
}

/// `a=b&c=d` with percent- and `+`-decoding.
pub fn parse_form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (escaped, bytes[index]) {
            (Some(byte), _) => {
                out.push(byte);
                index += 3;
            }
            (None, b'+') => {
                out.push(b' ');
                index += 1;
            }
            (None, byte) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The page of the bundled questions: their list, and a script that runs one (`#NAME`, or
/// `#NAME?PARAMETER=VALUE`) through `/query/NAME` and shows its answer as a table.
fn index_page() -> String {
    let queries: Vec<serde_json::Value> = query::bundled()
        .into_iter()
        .map(|info| {
            serde_json::json!({
                "name": info.name,
                "title": info.title,
                "answers": info.answers,
                "parameters": info.parameters.iter().map(|parameter| serde_json::json!({
                    "name": parameter.name,
                    "required": parameter.required,
                    "description": parameter.description,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let prefixes: serde_json::Map<String, serde_json::Value> = crate::vocab::PREFIXES
        .iter()
        .map(|(name, iri)| ((*name).to_owned(), (*iri).into()))
        .collect();
    // `</` cannot end the script early: JSON escapes it.
    let data = serde_json::json!({ "queries": queries, "prefixes": prefixes })
        .to_string()
        .replace("</", "<\\/");
    include_str!("serve.html").replace("/*DATA*/null", &data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers_choose_by_quality_then_order() {
        assert_eq!(
            choose(
                "text/csv;q=0.5, application/sparql-results+xml",
                RESULT_FORMATS
            ),
            Some(QueryResultsFormat::Xml)
        );
        assert_eq!(choose("", RESULT_FORMATS), Some(QueryResultsFormat::Json));
        assert_eq!(
            choose("*/*", RESULT_FORMATS),
            Some(QueryResultsFormat::Json)
        );
        assert_eq!(choose("image/png", RESULT_FORMATS), None);
    }

    #[test]
    fn forms_are_decoded() {
        assert_eq!(
            parse_form("query=SELECT+%3Fs&place=%E5%A1%94%E4%BB%80%E5%B9%B2&bad=%4"),
            vec![
                ("query".to_owned(), "SELECT ?s".to_owned()),
                ("place".to_owned(), "塔什干".to_owned()),
                ("bad".to_owned(), "%4".to_owned()),
            ]
        );
    }

    #[test]
    fn the_page_carries_every_bundled_query() {
        let page = index_page();
        for info in query::bundled() {
            assert!(page.contains(&format!("\"name\":\"{}\"", info.name)));
        }
        assert!(!page.contains("/*DATA*/"));
    }
}
