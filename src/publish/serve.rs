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
//! Updates are refused (403). The server is built on hyper, with a fixed number of threads
//! whatever the number of connections. Limits keep one client from taking it down:
//! - Each query is answered by a process of its own (`diplograph serve-answer`), which opens the
//!   store read-only, so that `diplograph ingest` can run beside the server and each query sees
//!   the store as it is. A query that passes the time limit (`--timeout`), the memory limit
//!   (`--max-query-memory`) or the answer limit (`--max-answer`) is stopped by ending its process,
//!   whatever it is doing, and answered with 503. At most `--workers` queries run at once; others
//!   wait for a turn within the time limit.
//! - At most [`MAX_CONNECTIONS`] connections are open at once (more are closed unanswered); a
//!   connection that sends no complete request head within [`HEAD_TIMEOUT`], or stays open longer
//!   than the time limit and [`CONNECTION_GRACE`], is closed. A request body over
//!   [`LARGEST_BODY`] bytes is refused with 413.
//! - The `Host` header must name this machine (`localhost`, an IP address) or a name given with
//!   `--allow-host`: a web page whose name was made to point at 127.0.0.1 (DNS rebinding) is
//!   refused.
//! - Cross-origin reads are off: no `Access-Control-Allow-Origin` is sent unless `--cors ORIGIN`
//!   names the page's origin (or `*`).
//!
//! Cost: a query costs the start of a process and the opening of the store (some tens of
//! milliseconds) beside its evaluation; the server holds at most the answer limit in memory for
//! each query running.

use crate::query::{self, QueryInfo};
use crate::rdf::formats::{graph_format_names, GraphFormat, RESULT_FORMATS, RESULT_FORMAT_NAMES};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, ACCEPT, CONTENT_TYPE, HOST, ORIGIN};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{QueryEvaluationError, QueryResults};
use std::convert::Infallible;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Semaphore;

/// Largest request body read (a query sent by POST).
pub const LARGEST_BODY: usize = 1 << 20;

/// Connections open at once; more are closed as they come.
pub const MAX_CONNECTIONS: usize = 256;

/// Time a client has to send a request's head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Time a connection may stay open beyond the time limit of a query.
pub const CONNECTION_GRACE: Duration = Duration::from_secs(60);

/// How often the memory of a query's process is read.
const MEMORY_CHECK: Duration = Duration::from_millis(50);

/// How the endpoint runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The store, opened read-only by each query's process.
    pub store: PathBuf,
    /// The `diplograph` program that answers a query (`serve-answer`).
    pub program: PathBuf,
    /// Time allowed for one query, waiting for its turn included.
    pub timeout: Duration,
    /// Queries answered at the same time.
    pub workers: usize,
    /// Largest answer, in bytes.
    pub max_answer: u64,
    /// Most memory a query's process may hold (resident), in bytes.
    pub max_query_memory: u64,
    /// Origins allowed to read answers from a web page (`*` for any); none by default.
    pub cors: Vec<String>,
    /// Host names, beside `localhost` and IP addresses, that requests may be addressed to.
    pub allowed_hosts: Vec<String>,
}

/// What a request asks a query's process to answer: a query text or a bundled query's name,
/// its parameters, and the `Accept` header. Sent as one line of JSON on the process's input.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Job {
    /// `sparql` (the text is a query) or `bundled` (the text is a name).
    pub kind: String,
    pub text: String,
    pub parameters: Vec<(String, String)>,
    pub accept: String,
}

/// Serves on `listener` until the process ends.
pub fn serve(listener: std::net::TcpListener, options: ServeOptions) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(accept_loop(listener, options))
}

struct State {
    options: ServeOptions,
    page: String,
    queries: Semaphore,
}

async fn accept_loop(
    listener: std::net::TcpListener,
    options: ServeOptions,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let state = Arc::new(State {
        queries: Semaphore::new(options.workers.max(1)),
        page: index_page(),
        options,
    });
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let lifetime = state.options.timeout + CONNECTION_GRACE;
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors or a connection reset before it was accepted: go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let state = state.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let state = state.clone();
                async move { Ok::<_, Infallible>(handle(&state, request).await) }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(lifetime, connection).await;
            drop(permit);
        });
    }
}

type Answer = Response<Full<Bytes>>;

fn respond(status: u16, content_type: &str, body: impl Into<Bytes>) -> Answer {
    let mut answer = Response::new(Full::new(body.into()));
    *answer.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(value) = HeaderValue::from_str(content_type) {
        answer.headers_mut().insert(CONTENT_TYPE, value);
    }
    answer.headers_mut().insert(
        hyper::header::VARY,
        HeaderValue::from_static("Accept, Origin"),
    );
    answer
}

fn text(status: u16, message: &str) -> Answer {
    respond(status, "text/plain; charset=utf-8", format!("{message}\n"))
}

fn header_text(request: &Request<Incoming>, name: hyper::header::HeaderName) -> String {
    request
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Whether the `Host` header names this machine or a name allowed with `--allow-host`. A request
/// without one (HTTP/1.0) is let through: browsers always send it.
pub fn host_allowed(host: &str, allowed: &[String]) -> bool {
    if host.is_empty() {
        return true;
    }
    let name = if let Some(rest) = host.strip_prefix('[') {
        // An IPv6 address: `[::1]:7878`.
        return rest
            .split(']')
            .next()
            .is_some_and(|address| address.parse::<std::net::Ipv6Addr>().is_ok());
    } else {
        host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        })
    };
    name.parse::<std::net::Ipv4Addr>().is_ok()
        || name.eq_ignore_ascii_case("localhost")
        || allowed
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(name))
}

/// The `Access-Control-Allow-Origin` value for a request from `origin`, when `--cors` allows it.
pub fn allowed_origin(origin: &str, cors: &[String]) -> Option<String> {
    if cors.iter().any(|allowed| allowed == "*") {
        Some("*".to_owned())
    } else if !origin.is_empty() && cors.iter().any(|allowed| allowed == origin) {
        Some(origin.to_owned())
    } else {
        None
    }
}

async fn handle(state: &State, request: Request<Incoming>) -> Answer {
    let host = header_text(&request, HOST);
    if !host_allowed(&host, &state.options.allowed_hosts) {
        return text(
            403,
            &format!(
                "this server does not answer requests addressed to `{host}`; start it with \
                 `--allow-host NAME` to serve a name other than localhost or an IP address"
            ),
        );
    }
    let origin = header_text(&request, ORIGIN);
    let cors = allowed_origin(&origin, &state.options.cors);
    let mut answer = route(state, request).await;
    if let Some(value) = cors.and_then(|value| HeaderValue::from_str(&value).ok()) {
        answer
            .headers_mut()
            .insert(hyper::header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    answer
}

async fn route(state: &State, request: Request<Incoming>) -> Answer {
    let path = request.uri().path().to_owned();
    let parameters = parse_form(request.uri().query().unwrap_or_default());
    let accept = header_text(&request, ACCEPT);
    let method = request.method().clone();
    match (&method, path.as_str()) {
        (&Method::OPTIONS, _) => {
            let mut answer = respond(204, "text/plain", Bytes::new());
            let headers = answer.headers_mut();
            headers.insert(
                hyper::header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, OPTIONS"),
            );
            headers.insert(
                hyper::header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("Content-Type, Accept"),
            );
            headers.insert(
                hyper::header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("86400"),
            );
            answer
        }
        (&Method::GET | &Method::HEAD, "/") => {
            respond(200, "text/html; charset=utf-8", state.page.clone())
        }
        (&Method::GET | &Method::HEAD, "/sparql") => sparql(state, &parameters, accept).await,
        (&Method::POST, "/sparql") => {
            let content_type = header_text(&request, CONTENT_TYPE);
            let body = match Limited::new(request.into_body(), LARGEST_BODY).collect().await {
                Ok(body) => body.to_bytes(),
                Err(error) if error.is::<http_body_util::LengthLimitError>() => {
                    return text(
                        413,
                        &format!(
                            "the request body is over {} KB, more than a query needs",
                            LARGEST_BODY / 1024
                        ),
                    )
                }
                Err(_) => return text(400, "the request body could not be read"),
            };
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
                    sparql(state, &parameters, accept).await
                }
                "application/x-www-form-urlencoded" => {
                    let mut form = parse_form(&String::from_utf8_lossy(&body));
                    form.extend(parameters);
                    sparql(state, &form, accept).await
                }
                "application/sparql-update" => read_only(),
                _ => text(
                    415,
                    "send the query as application/sparql-query or as the form field `query` (application/x-www-form-urlencoded)",
                ),
            }
        }
        (&Method::GET | &Method::HEAD, path) if path.starts_with("/query/") => {
            let name = decode(&path["/query/".len()..]);
            let job = Job {
                kind: "bundled".to_owned(),
                text: name,
                parameters,
                accept,
            };
            run(state, job).await
        }
        (&Method::GET | &Method::HEAD | &Method::POST, _) => text(
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

async fn sparql(state: &State, parameters: &[(String, String)], accept: String) -> Answer {
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
    let Some((_, query)) = parameters.iter().find(|(name, _)| name == "query") else {
        return text(400, "give the query as the parameter `query`");
    };
    let job = Job {
        kind: "sparql".to_owned(),
        text: query.clone(),
        parameters: Vec::new(),
        accept,
    };
    run(state, job).await
}

/// How a query's process ended.
enum Ended {
    /// It wrote its whole answer: the head line and the body, or failed with a message.
    Answered(std::process::ExitStatus, Vec<u8>, Vec<u8>),
    AnswerTooLarge,
    TooLong,
    TooMuchMemory,
    NotStarted(std::io::Error),
}

/// Answers `job` in a process of its own, within the limits of time, memory and answer size.
async fn run(state: &State, job: Job) -> Answer {
    let options = &state.options;
    let started = Instant::now();
    let too_long = || {
        text(
            503,
            &format!(
                "the query ran longer than {} s and was stopped (`diplograph serve --timeout` sets the limit)",
                options.timeout.as_secs_f64()
            ),
        )
    };
    let Ok(Ok(_turn)) = tokio::time::timeout(options.timeout, state.queries.acquire()).await else {
        return too_long();
    };
    let remaining = options.timeout.saturating_sub(started.elapsed());
    match answer_in_process(options, &job, remaining).await {
        Ended::Answered(status, out, err) => {
            if !status.success() {
                let message = String::from_utf8_lossy(&err);
                return text(500, message.trim());
            }
            let Some(newline) = out.iter().position(|&byte| byte == b'\n') else {
                return text(500, "the query's process gave no answer");
            };
            let head = String::from_utf8_lossy(&out[..newline]);
            let (code, content_type) = head.split_once(' ').unwrap_or(("500", "text/plain"));
            respond(
                code.parse().unwrap_or(500),
                content_type,
                Bytes::copy_from_slice(&out[newline + 1..]),
            )
        }
        Ended::TooLong => too_long(),
        Ended::AnswerTooLarge => text(
            503,
            &format!(
                "the answer is over {} MB and was not sent; narrow the query or add LIMIT \
                 (`diplograph serve --max-answer` sets the limit)",
                options.max_answer / 1_000_000
            ),
        ),
        Ended::TooMuchMemory => text(
            503,
            &format!(
                "the query needed more than {} MB of memory and was stopped; narrow the query \
                 (`diplograph serve --max-query-memory` sets the limit)",
                options.max_query_memory / 1_000_000
            ),
        ),
        Ended::NotStarted(error) => text(500, &format!("the query could not be started: {error}")),
    }
}

async fn answer_in_process(options: &ServeOptions, job: &Job, time: Duration) -> Ended {
    let mut child = match tokio::process::Command::new(&options.program)
        .arg("--store")
        .arg(&options.store)
        .args(["--quiet", "serve-answer"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
    {
        Ok(child) => child,
        Err(error) => return Ended::NotStarted(error),
    };
    let job_line = serde_json::to_vec(job).unwrap_or_default();
    let (Some(mut input), Some(output), Some(errors)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Ended::NotStarted(std::io::Error::other("no pipes to the query's process"));
    };
    let pid = child.id();
    let limit = options.max_answer;
    let work = async move {
        // The job is small: the process reads it whole before it writes.
        let _ = input.write_all(&job_line).await;
        drop(input);
        let errors = tokio::spawn(async move {
            let mut err = Vec::new();
            let _ = errors.take(64 * 1024).read_to_end(&mut err).await;
            err
        });
        let mut out = Vec::new();
        let read = output.take(limit + 1).read_to_end(&mut out).await;
        if out.len() as u64 > limit {
            // The process is ended below, which closes its error stream.
            return (read, out, Vec::new());
        }
        let err = errors.await.unwrap_or_default();
        (read, out, err)
    };
    let ended = tokio::select! {
        (read, out, err) = work => {
            if out.len() as u64 > limit {
                Ended::AnswerTooLarge
            } else if let Err(error) = read {
                Ended::NotStarted(error)
            } else {
                match tokio::time::timeout(time, child.wait()).await {
                    Ok(Ok(status)) => return Ended::Answered(status, out, err),
                    Ok(Err(error)) => Ended::NotStarted(error),
                    Err(_) => Ended::TooLong,
                }
            }
        }
        () = tokio::time::sleep(time) => Ended::TooLong,
        () = memory_exceeded(pid, options.max_query_memory) => Ended::TooMuchMemory,
    };
    let _ = child.kill().await;
    ended
}

/// Completes when the process `pid` holds more than `limit` bytes of resident memory (read from
/// `/proc`; where there is none, it never completes).
async fn memory_exceeded(pid: Option<u32>, limit: u64) {
    let Some(pid) = pid else {
        return std::future::pending().await;
    };
    // SAFETY: sysconf has no preconditions.
    let page = u64::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
    let statm = format!("/proc/{pid}/statm");
    loop {
        tokio::time::sleep(MEMORY_CHECK).await;
        let Ok(text) = tokio::fs::read_to_string(&statm).await else {
            return std::future::pending().await;
        };
        let resident: u64 = text
            .split_whitespace()
            .nth(1)
            .and_then(|pages| pages.parse().ok())
            .unwrap_or(0);
        if resident.saturating_mul(page) > limit {
            return;
        }
    }
}

/// The work of a query's process (`diplograph serve-answer`): reads a [`Job`] from `input`,
/// answers it from the store at `store`, and writes a head line (`STATUS CONTENT-TYPE`) and the
/// answer to `out`, streamed. A failure after the head line is returned as an error, for the
/// process to end with it (the server then answers 500).
pub fn answer_job(
    store: &std::path::Path,
    input: &mut impl std::io::Read,
    out: &mut impl Write,
) -> Result<(), String> {
    let mut line = String::new();
    input
        .read_to_string(&mut line)
        .map_err(|error| format!("the request could not be read: {error}"))?;
    let job: Job = serde_json::from_str(&line)
        .map_err(|error| format!("the request is not valid: {error}"))?;
    let store = match crate::store::GraphStore::open_for_reading(store) {
        Ok(store) => store,
        Err(error) => return refuse(out, 500, &error.to_string()),
    };
    let (info, parameters) = match job.kind.as_str() {
        "bundled" => match query::find_bundled(&job.text) {
            Ok(info) => (info, job.parameters.as_slice()),
            Err(error) => return refuse(out, 404, &error.to_string()),
        },
        _ => (QueryInfo::parse("request", &job.text, false), &[][..]),
    };
    let results = match query::run(&store.store, &info, "the request", parameters) {
        Ok(results) => results,
        Err(error) => return refuse(out, 400, &error.to_string()),
    };
    match write_answer(results, &job.accept, out) {
        Ok(()) => out.flush().map_err(|error| error.to_string()),
        Err(Failure::NotAcceptable(offered)) => refuse(
            out,
            406,
            &format!("none of the formats of the Accept header can be given; this answer can be {offered}"),
        ),
        Err(Failure::Evaluation(error)) => Err(format!("query failed: {error}")),
        Err(Failure::Write(error)) => Err(format!("the answer could not be written: {error}")),
    }
}

/// Writes a short answer with its status and message.
fn refuse(out: &mut impl Write, status: u16, message: &str) -> Result<(), String> {
    write_head(out, status, "text/plain; charset=utf-8")
        .and_then(|()| writeln!(out, "{message}"))
        .and_then(|()| out.flush())
        .map_err(|error| error.to_string())
}

fn write_head(out: &mut impl Write, status: u16, content_type: &str) -> std::io::Result<()> {
    writeln!(out, "{status} {content_type}")
}

enum Failure {
    NotAcceptable(String),
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

/// Writes the head line and the answer in the format the `Accept` header asks for, streamed as
/// the solutions come.
fn write_answer(
    results: QueryResults<'_>,
    accept: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    match results {
        QueryResults::Solutions(solutions) => {
            let format = choose(accept, RESULT_FORMATS)
                .ok_or_else(|| Failure::NotAcceptable(RESULT_FORMAT_NAMES.to_owned()))?;
            write_head(out, 200, &content_type(format.media_type()))?;
            let mut serializer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(&mut *out, solutions.variables().to_vec())?;
            for solution in solutions {
                serializer.serialize(&solution?)?;
            }
            serializer.finish()?;
        }
        QueryResults::Boolean(value) => {
            let format = choose(accept, RESULT_FORMATS)
                .ok_or_else(|| Failure::NotAcceptable(RESULT_FORMAT_NAMES.to_owned()))?;
            write_head(out, 200, &content_type(format.media_type()))?;
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(&mut *out, value)?;
        }
        QueryResults::Graph(triples) => {
            let formats: Vec<(GraphFormat, &[&str])> = GraphFormat::all()
                .map(|format| (format, format.media_types()))
                .collect();
            let format = choose(accept, &formats)
                .ok_or_else(|| Failure::NotAcceptable(graph_format_names()))?;
            write_head(out, 200, &content_type(format.rdf().media_type()))?;
            let serializer = format.serializer();
            let mut writer = serializer.for_writer(&mut *out);
            for triple in triples {
                writer.serialize_triple(&triple?)?;
            }
            writer.finish()?;
        }
    }
    Ok(())
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
    let prefixes: serde_json::Map<String, serde_json::Value> = crate::rdf::vocab::PREFIXES
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
    use oxigraph::sparql::results::QueryResultsFormat;

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
    fn only_this_machine_and_allowed_names_are_hosts() {
        let allowed = vec!["graphs.example.org".to_owned()];
        for host in [
            "127.0.0.1:7878",
            "localhost:7878",
            "LOCALHOST",
            "[::1]:7878",
            "10.0.0.5:80",
            "graphs.example.org:7878",
            "",
        ] {
            assert!(host_allowed(host, &allowed), "{host} is refused");
        }
        for host in [
            "evil.example:7878",
            "localhost.evil.example",
            "127.0.0.1.nip.io:7878",
        ] {
            assert!(!host_allowed(host, &allowed), "{host} is let through");
        }
    }

    #[test]
    fn cross_origin_reads_are_allowed_only_when_named() {
        assert_eq!(allowed_origin("https://example.org", &[]), None);
        let named = vec!["https://example.org".to_owned()];
        assert_eq!(
            allowed_origin("https://example.org", &named).as_deref(),
            Some("https://example.org")
        );
        assert_eq!(allowed_origin("https://evil.example", &named), None);
        assert_eq!(
            allowed_origin("https://any.example", &["*".to_owned()]).as_deref(),
            Some("*")
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
