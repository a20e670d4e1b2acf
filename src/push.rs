//! `diplograph push`: send the store's graphs to a triple store with the SPARQL 1.1 Graph Store
//! HTTP Protocol.
//!
//! Each named graph (every document, and the ontology, reference, links and runs graphs) is sent
//! with `PUT ENDPOINT?graph=IRI`, which replaces that graph on the remote store: pushing twice
//! leaves the remote store as one push does. Bodies are N-Triples, streamed from the store as they
//! are sent (chunked), never built in memory. A graph that fails (refused, timed out, a server
//! error) is retried with exponential backoff; if it still fails it is reported and the others
//! still go. Basic authentication and bearer tokens are supported.
//!
//! Cost: one pass over each graph per attempt (the triples are counted as they are sent); memory
//! holds one quad at a time.

use crate::error::PushError;
use crate::store::GraphStore;
use oxigraph::model::{GraphNameRef, NamedNode, TripleRef};
use oxigraph::store::QuadIter;
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
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
        let sent = Arc::new(AtomicUsize::new(0));
        let body = NTriples {
            quads: store.store.quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(graph.as_ref())),
            ),
            line: Vec::new(),
            position: 0,
            sent: sent.clone(),
        };
        let mut request = client
            .put(&url)
            .header(reqwest::header::CONTENT_TYPE, "application/n-triples")
            .body(reqwest::blocking::Body::new(body));
        if let Some((user, password)) = &options.basic {
            request = request.basic_auth(user, Some(password));
        }
        if let Some(token) = &options.bearer {
            request = request.bearer_auth(token);
        }
        let (status, failure, retry) = match request.send() {
            Ok(response) if response.status().is_success() => {
                (Some(response.status().as_u16()), None, false)
            }
            Ok(response) => {
                let status = response.status();
                let detail = response.text().unwrap_or_default();
                let detail = detail.trim();
                let hint = match status.as_u16() {
                    401 | 403 => "; check the credentials (`--user`, `--token`)",
                    404 => "; check that the endpoint is the store's Graph Store Protocol URL",
                    _ => "",
                };
                (
                    Some(status.as_u16()),
                    Some(format!(
                        "refused (HTTP {}){}{hint}",
                        status.as_u16(),
                        if detail.is_empty() {
                            String::new()
                        } else {
                            format!(": {}", detail.chars().take(200).collect::<String>())
                        }
                    )),
                    status.is_server_error() || status.as_u16() == 408 || status.as_u16() == 429,
                )
            }
            Err(error) => (
                None,
                Some(if error.is_timeout() {
                    "no answer within the timeout".to_owned()
                } else if error.is_connect() {
                    "the connection could not be made".to_owned()
                } else {
                    // The URL is left out: it can hold credentials.
                    format!("the transfer failed: {}", error.without_url())
                }),
                true,
            ),
        };
        if failure.is_none() || !retry || attempt > options.retries {
            return Pushed {
                graph,
                triples: sent.load(Ordering::Relaxed),
                status,
                failure,
                attempts: attempt,
            };
        }
        std::thread::sleep(options.backoff * 2u32.saturating_pow(attempt - 1));
    }
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
    url.push_str(&crate::mapping::percent_encode(graph));
    url
}

/// A graph's triples as N-Triples, produced as they are read; counts the triples it produced.
struct NTriples {
    quads: QuadIter<'static>,
    line: Vec<u8>,
    position: usize,
    sent: Arc<AtomicUsize>,
}

impl Read for NTriples {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        while self.position == self.line.len() {
            match self.quads.next() {
                None => return Ok(0),
                Some(Err(error)) => return Err(std::io::Error::other(error)),
                Some(Ok(quad)) => {
                    self.line.clear();
                    self.position = 0;
                    let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
                    self.line
                        .extend_from_slice(format!("{triple} .\n").as_bytes());
                    self.sent.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        let count = buffer.len().min(self.line.len() - self.position);
        buffer[..count].copy_from_slice(&self.line[self.position..self.position + count]);
        self.position += count;
        Ok(count)
    }
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
