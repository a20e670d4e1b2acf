//! `diplograph push`: send the store's graphs to a triple store with the SPARQL 1.1 Graph Store
//! HTTP Protocol, and check that each arrived whole.
//!
//! Each named graph (every document, and the ontology, reference, links and runs graphs) is sent
//! with `PUT ENDPOINT?graph=IRI`, which replaces that graph on the remote store: pushing twice
//! leaves the remote store as one push does. Bodies are N-Triples, written from the store to a
//! temporary file first and sent with their length (`Content-Length`): some stores (Virtuoso 7)
//! answer 2xx to a chunked body and store nothing. After each PUT the graph is read back with
//! counted, with a SPARQL query to the store's query endpoint (given, or found beside the Graph
//! Store Protocol endpoint, see [`query_endpoint_for`]) or else by reading it back with
//! `GET ENDPOINT?graph=IRI`: a store that holds fewer (or more) than were sent is a failure,
//! reported with both counts. A graph that fails (refused, timed out, a server
//! error, short) is retried with exponential backoff; if it still fails it is reported and the
//! others still go. A server's message is reported as text, its HTML tags removed. Basic
//! authentication and bearer tokens are supported.
//!
//! Cost: per attempt, one pass over the graph to write it, the transfer, and the transfer and
//! parse of what the store sends back; memory holds one quad at a time, and the temporary file
//! one graph.

use crate::error::PushError;
use crate::store::GraphStore;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, TripleRef};
use std::io::{Seek, Write};
use std::time::Duration;

/// How to reach the remote store.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The Graph Store Protocol endpoint (`…/store` for oxigraph, `…/DATASET/data` for Fuseki).
    pub endpoint: String,
    /// User and password for basic authentication.
    pub basic: Option<(String, String)>,
    /// A bearer token.
    pub bearer: Option<String>,
    /// The SPARQL query endpoint that counts what arrived (see [`query_endpoint_for`]); `None`
    /// reads each graph back with the Graph Store Protocol instead.
    pub query_endpoint: Option<String>,
    /// Time allowed for one graph.
    pub timeout: Duration,
    /// Retries of a graph that failed.
    pub retries: u32,
    /// The first backoff wait; doubled at each retry.
    pub backoff: Duration,
}

/// What became of one graph.
#[derive(Debug, Clone)]
pub struct Pushed {
    pub graph: NamedNode,
    /// Triples read from the store for the last attempt.
    pub triples: usize,
    /// Triples the remote store held after the last attempt, when it could be read back.
    pub stored: Option<usize>,
    /// The HTTP status of the last attempt, if an answer came.
    pub status: Option<u16>,
    /// Why it was not sent, if it was not.
    pub failure: Option<String>,
    pub attempts: u32,
}

/// Progress events, for a progress bar.
pub enum PushProgress<'a> {
    Started { graphs: usize },
    Graph { graph: &'a str },
}

/// Pushes every named graph of `store`; each result says whether the graph went.
pub fn push(
    store: &GraphStore,
    options: &PushOptions,
    progress: &mut dyn FnMut(PushProgress<'_>),
) -> Result<Vec<Pushed>, PushError> {
    let graphs = store.graphs()?;
    progress(PushProgress::Started {
        graphs: graphs.len(),
    });
    let client = reqwest::blocking::Client::builder()
        .user_agent(concat!("diplograph/", env!("CARGO_PKG_VERSION")))
        .timeout(options.timeout)
        .build()
        .map_err(|error| PushError::Client {
            message: error.to_string(),
        })?;
    let mut results = Vec::with_capacity(graphs.len());
    for graph in graphs {
        progress(PushProgress::Graph {
            graph: graph.as_str(),
        });
        results.push(push_graph(&client, store, options, graph));
    }
    Ok(results)
}

fn push_graph(
    client: &reqwest::blocking::Client,
    store: &GraphStore,
    options: &PushOptions,
    graph: NamedNode,
) -> Pushed {
    let url = graph_url(&options.endpoint, graph.as_str());
    let mut attempt = 0;
    loop {
        attempt += 1;
        let (status, stored, triples, failure, retry) =
            match send_graph(client, store, options, &graph, &url) {
                Ok(Sent {
                    status,
                    triples,
                    stored,
                }) if stored == triples => (Some(status), Some(stored), triples, None, false),
                Ok(Sent {
                    status,
                    triples,
                    stored,
                }) => (
                    Some(status),
                    Some(stored),
                    triples,
                    Some(format!(
                    "the store answered HTTP {status} but holds {stored} of the {triples} triples \
                     sent; check that ENDPOINT is its Graph Store Protocol URL and that the user \
                     may write"
                )),
                    true,
                ),
                Err(Failed {
                    status,
                    triples,
                    message,
                    retry,
                }) => (status, None, triples, Some(message), retry),
            };
        if failure.is_none() || !retry || attempt > options.retries {
            return Pushed {
                graph,
                triples,
                stored,
                status,
                failure,
                attempts: attempt,
            };
        }
        std::thread::sleep(options.backoff * 2u32.saturating_pow(attempt - 1));
    }
}

/// A graph the store took: its answer, the triples sent and those it holds now.
struct Sent {
    status: u16,
    triples: usize,
    stored: usize,
}

/// A graph that did not go: the answer if one came, why, and whether trying again may help.
struct Failed {
    status: Option<u16>,
    triples: usize,
    message: String,
    retry: bool,
}

fn send_graph(
    client: &reqwest::blocking::Client,
    store: &GraphStore,
    options: &PushOptions,
    graph: &NamedNode,
    url: &str,
) -> Result<Sent, Failed> {
    let local = |message: String| Failed {
        status: None,
        triples: 0,
        message,
        retry: false,
    };
    // The body, with its length: written to a temporary file, removed when it is dropped.
    let mut body = tempfile::tempfile()
        .map_err(|error| local(format!("no temporary file for the graph: {error}")))?;
    let mut triples = 0;
    {
        let mut writer = std::io::BufWriter::new(&mut body);
        for quad in store.store.quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        ) {
            let quad =
                quad.map_err(|error| local(format!("the store could not be read: {error}")))?;
            let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
            writeln!(writer, "{triple} .").map_err(|error| {
                local(format!("the temporary file could not be written: {error}"))
            })?;
            triples += 1;
        }
        writer
            .flush()
            .map_err(|error| local(format!("the temporary file could not be written: {error}")))?;
    }
    let length = body
        .stream_position()
        .and_then(|length| body.rewind().map(|()| length))
        .map_err(|error| local(format!("the temporary file could not be read: {error}")))?;
    let authorize = |request: reqwest::blocking::RequestBuilder| {
        let request = match &options.basic {
            Some((user, password)) => request.basic_auth(user, Some(password)),
            None => request,
        };
        match &options.bearer {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    };
    let request = authorize(
        client
            .put(url)
            .header(reqwest::header::CONTENT_TYPE, "application/n-triples")
            .body(reqwest::blocking::Body::sized(body, length)),
    );
    let response = request.send().map_err(|error| Failed {
        status: None,
        triples,
        message: transport_failure(&error),
        retry: true,
    })?;
    let status = response.status();
    if !status.is_success() {
        return Err(Failed {
            status: Some(status.as_u16()),
            triples,
            message: refusal(status.as_u16(), response),
            retry: status.is_server_error() || status.as_u16() == 408 || status.as_u16() == 429,
        });
    }
    let counted = match &options.query_endpoint {
        Some(endpoint) => count_by_query(client, endpoint, graph, &authorize),
        None => count_remote(client, url, &authorize),
    };
    let stored = counted.map_err(|message| Failed {
        status: Some(status.as_u16()),
        triples,
        message: format!("the store answered HTTP {} but {message}", status.as_u16()),
        retry: true,
    })?;
    Ok(Sent {
        status: status.as_u16(),
        triples,
        stored,
    })
}

/// The SPARQL query endpoint beside a Graph Store Protocol endpoint, for the stores whose URLs
/// are known: Virtuoso (`…/sparql-graph-crud[-auth]` → `…/sparql`), the oxigraph server
/// (`…/store` → `…/query`), Fuseki (`…/DATASET/data` → `…/DATASET/sparql`) and GraphDB
/// (`…/repositories/ID/rdf-graphs/service` → `…/repositories/ID`). Counting with a query is
/// preferred to reading the graph back: Virtuoso cuts a graph read back at its `ResultSetMaxRows`
/// (10,000 by default).
pub fn query_endpoint_for(endpoint: &str) -> Option<String> {
    let (base, query) = match endpoint.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (endpoint, None),
    };
    let base = base.trim_end_matches('/');
    let derived = if let Some(root) = base
        .strip_suffix("/sparql-graph-crud-auth")
        .or_else(|| base.strip_suffix("/sparql-graph-crud"))
    {
        format!("{root}/sparql")
    } else if let Some(root) = base.strip_suffix("/store") {
        format!("{root}/query")
    } else if let Some(root) = base.strip_suffix("/rdf-graphs/service") {
        root.to_owned()
    } else if let Some(root) = base.strip_suffix("/data") {
        format!("{root}/sparql")
    } else {
        return None;
    };
    Some(match query {
        Some(query) => format!("{derived}?{query}"),
        None => derived,
    })
}

/// The triples the remote store holds in a graph, counted with a SPARQL query.
fn count_by_query(
    client: &reqwest::blocking::Client,
    endpoint: &str,
    graph: &NamedNode,
    authorize: &dyn Fn(reqwest::blocking::RequestBuilder) -> reqwest::blocking::RequestBuilder,
) -> Result<usize, String> {
    let query = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}");
    let response = authorize(
        client
            .post(endpoint)
            .header(reqwest::header::ACCEPT, "application/sparql-results+json")
            .form(&[("query", query.as_str())]),
    )
    .send()
    .map_err(|error| {
        format!(
            "the count of the graph could not be asked: {}",
            transport_failure(&error)
        )
    })?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!(
            "counting the graph with a query was refused: {} (name the query endpoint with \
             `--query-endpoint`)",
            refusal(status.as_u16(), response)
        ));
    }
    let answer: serde_json::Value = response
        .json()
        .map_err(|error| format!("the count of the graph is not SPARQL JSON: {error}"))?;
    answer["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .and_then(|count| count.parse().ok())
        .ok_or_else(|| "the count of the graph has no number".to_owned())
}

/// The triples the remote store holds in a graph, read back with the Graph Store Protocol.
fn count_remote(
    client: &reqwest::blocking::Client,
    url: &str,
    authorize: &dyn Fn(reqwest::blocking::RequestBuilder) -> reqwest::blocking::RequestBuilder,
) -> Result<usize, String> {
    let response = authorize(client.get(url).header(
        reqwest::header::ACCEPT,
        "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5",
    ))
    .send()
    .map_err(|error| {
        format!(
            "the graph could not be read back to check it: {}",
            transport_failure(&error)
        )
    })?;
    let status = response.status();
    if status.as_u16() == 404 {
        // The store says it has no such graph: none of the triples arrived.
        return Ok(0);
    }
    if !status.is_success() {
        return Err(format!(
            "reading the graph back to check it was refused: {}",
            refusal(status.as_u16(), response)
        ));
    }
    let media_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("application/n-triples")
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let format = RdfFormat::from_media_type(&media_type).unwrap_or(RdfFormat::NTriples);
    let mut count = 0;
    for triple in RdfParser::from_format(format).for_reader(response) {
        triple.map_err(|error| {
            format!(
                "what it sends back for the graph is not {}: {error}",
                format.name()
            )
        })?;
        count += 1;
    }
    Ok(count)
}

/// A short account of a transport error, without the URL (it can hold credentials).
fn transport_failure(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "no answer within the timeout".to_owned()
    } else if error.is_connect() {
        "the connection could not be made".to_owned()
    } else {
        format!("the transfer failed: {}", error_chain(error))
    }
}

/// An error and its causes, on one line, without the URL that reqwest's own message carries.
fn error_chain(error: &reqwest::Error) -> String {
    let mut text = String::from(if error.is_body() {
        "the body could not be sent"
    } else if error.is_decode() {
        "the answer could not be read"
    } else {
        "the request failed"
    });
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The message of a refusal: its status, the server's words as text, and a hint.
fn refusal(status: u16, response: reqwest::blocking::Response) -> String {
    let detail = plain_text(&response.text().unwrap_or_default());
    let hint = match status {
        401 | 403 => "; check the credentials (`--user`, `--token`)",
        404 => "; check that the endpoint is the store's Graph Store Protocol URL",
        _ => "",
    };
    format!(
        "refused (HTTP {status}){}{hint}",
        if detail.is_empty() {
            String::new()
        } else {
            format!(": {}", detail.chars().take(200).collect::<String>())
        }
    )
}

/// A server's message as text: HTML tags, scripts and styles removed, entities for `<`, `>`,
/// `&` and quotes read, white space collapsed.
pub fn plain_text(message: &str) -> String {
    let mut text = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        let after = &rest[open..];
        let lower = after.get(..8).unwrap_or(after).to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") {
            after
                .to_ascii_lowercase()
                .find("</script>")
                .map(|at| at + 9)
        } else if lower.starts_with("<style") {
            after.to_ascii_lowercase().find("</style>").map(|at| at + 8)
        } else {
            after.find('>').map(|at| at + 1)
        };
        match skip_to {
            Some(end) => rest = &after[end..],
            None => {
                // A `<` that opens no tag is text.
                text.pop();
                text.push_str(after);
                rest = "";
                break;
            }
        }
    }
    text.push_str(rest);
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The endpoint as it may be shown: a user name and password in it are replaced by `***`.
pub fn redacted(endpoint: &str) -> String {
    match reqwest::Url::parse(endpoint) {
        Ok(mut url) if !url.username().is_empty() || url.password().is_some() => {
            let _ = url.set_username("***");
            let _ = url.set_password(None);
            url.to_string()
        }
        Ok(_) => endpoint.to_owned(),
        Err(_) => "(the endpoint given)".to_owned(),
    }
}

/// Whether a password would cross the network in clear: basic authentication (by `--user` or
/// in the URL) to an `http:` endpoint.
pub fn sends_password_in_clear(endpoint: &str, basic: bool) -> bool {
    reqwest::Url::parse(endpoint)
        .is_ok_and(|url| url.scheme() == "http" && (basic || url.password().is_some()))
}

/// `ENDPOINT?graph=IRI`, the IRI percent-encoded.
pub fn graph_url(endpoint: &str, graph: &str) -> String {
    let mut url = String::from(endpoint);
    url.push(if endpoint.contains('?') { '&' } else { '?' });
    url.push_str("graph=");
    url.push_str(&crate::map::mapping::percent_encode(graph));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_an_endpoint_are_not_shown() {
        let shown = redacted("http://admin:s3cret@127.0.0.1:3030/ds/data?x=1");
        assert!(
            !shown.contains("s3cret") && !shown.contains("admin"),
            "{shown}"
        );
        assert!(shown.contains("127.0.0.1:3030/ds/data"), "{shown}");
        assert_eq!(redacted("http://127.0.0.1/store"), "http://127.0.0.1/store");
        assert!(!redacted("not a url s3cret").contains("s3cret"));
    }

    #[test]
    fn query_endpoints_are_found_beside_known_graph_store_endpoints() {
        for (store, query) in [
            (
                "http://h:8890/sparql-graph-crud-auth",
                Some("http://h:8890/sparql"),
            ),
            (
                "http://h:8890/sparql-graph-crud",
                Some("http://h:8890/sparql"),
            ),
            ("http://h:7878/store", Some("http://h:7878/query")),
            ("http://h:3030/ds/data", Some("http://h:3030/ds/sparql")),
            (
                "https://g/repositories/dg/rdf-graphs/service",
                Some("https://g/repositories/dg"),
            ),
            ("http://h/store?key=1", Some("http://h/query?key=1")),
            ("http://h/graphs", None),
        ] {
            assert_eq!(query_endpoint_for(store).as_deref(), query, "{store}");
        }
    }

    #[test]
    fn server_messages_are_read_as_text() {
        assert_eq!(
            plain_text(
                "<html><head><style>h3 {}</style><script>x()</script></head><body><h3>Error \
                 42000</h3><p>SPARQL &amp; SQL: access\n denied</p></body></html>"
            ),
            "Error 42000 SPARQL & SQL: access denied"
        );
        assert_eq!(plain_text("no such graph"), "no such graph");
        assert_eq!(plain_text("a < b"), "a < b");
    }

    #[test]
    fn basic_authentication_over_http_is_noticed() {
        assert!(sends_password_in_clear("http://example.org/store", true));
        assert!(sends_password_in_clear(
            "http://a:b@example.org/store",
            false
        ));
        assert!(!sends_password_in_clear("https://example.org/store", true));
        assert!(!sends_password_in_clear("http://example.org/store", false));
    }

    #[test]
    fn graph_iris_are_encoded_in_the_url() {
        assert_eq!(
            graph_url("http://h/store", "https://w3id.org/d/document/a.zh"),
            "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fd%2Fdocument%2Fa.zh"
        );
        assert_eq!(
            graph_url("http://h/data?x=1", "urn:g"),
            "http://h/data?x=1&graph=urn%3Ag"
        );
    }
}
