//! A polite Wikidata client: the three calls `diplograph link` needs, over HTTP with reqwest.
//!
//! - [`WikidataClient::search`]: candidates for a name (`wbsearchentities`);
//! - [`WikidataClient::entities`]: labels, aliases, types and coordinates of items
//!   (`wbgetentities`, up to 50 items a request);
//! - [`WikidataClient::is_instance_of`]: whether an item is an instance of a class through
//!   subclasses, with a SPARQL `ASK` (`P31/P279*`).
//!
//! Wikimedia asks API clients to behave, and this client does: a descriptive User-Agent with
//! contact details; one request at a time (the client is blocking and never shared across
//! threads); `maxlag=5` on API calls; HTTP 429 and `maxlag` answers honoured by waiting
//! `Retry-After` seconds; timeouts, connection failures and server errors retried with exponential
//! backoff; and an on-disk cache, so that asking again what was asked before makes no request.
//! With [`ClientOptions::offline`] the client makes no network call at all and answers from the
//! cache alone.
//!
//! Endpoints are options, so a mirror, a local copy or a test server can stand in.

use crate::error::WikidataError;
pub use crate::lang::wikidata_classes::is_item_id;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// The public Wikidata API.
pub const DEFAULT_API: &str = "https://www.wikidata.org/w/api.php";
/// The public Wikidata Query Service.
pub const DEFAULT_SPARQL: &str = "https://query.wikidata.org/sparql";
/// The IRI prefix of Wikidata items.
pub const ENTITY_PREFIX: &str = "http://www.wikidata.org/entity/";
/// Longest wait a `Retry-After` may ask for; a longer one ends the run with a clear message.
const LONGEST_RETRY_AFTER: Duration = Duration::from_secs(300);
/// The wait after a 429 answer that names none, as Wikimedia suggests.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(60);
/// Items per `wbgetentities` request (the API's limit).
pub const ENTITIES_PER_REQUEST: usize = 50;

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// The MediaWiki API endpoint (`…/w/api.php`).
    pub api: String,
    /// The SPARQL endpoint, or none to check types by direct `P31` only.
    pub sparql: Option<String>,
    /// The User-Agent header, with contact details.
    pub user_agent: String,
    /// Time allowed for one request, connection to last byte.
    pub timeout: Duration,
    /// Retries after a failed request (timeouts, dropped connections, 5xx, 429).
    pub retries: u32,
    /// The first backoff wait; doubled at each retry.
    pub backoff: Duration,
    /// Folder of cached answers, or none for no cache.
    pub cache: Option<PathBuf>,
    /// Make no network call; answer from the cache only.
    pub offline: bool,
}

/// The User-Agent sent when none is configured: names the tool, its version, its home page and,
/// when given, the user's contact.
pub fn default_user_agent(contact: Option<&str>) -> String {
    let contact = contact
        .map(|contact| format!("; {contact}"))
        .unwrap_or_default();
    format!(
        "diplograph/{} ({}{contact}) reqwest/0.12",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_HOMEPAGE"),
    )
}

/// A search hit of `wbsearchentities`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    /// The item identifier (`Q…`).
    pub id: String,
    /// What matched: `label`, `alias` or `entityId`.
    pub match_type: String,
    /// The text that matched.
    pub match_text: String,
}

/// What `wbgetentities` says of one item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemData {
    /// The item identifier (`Q…`).
    pub id: String,
    /// Labels by language.
    pub labels: BTreeMap<String, String>,
    /// Aliases by language.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// The classes it is an instance of (`P31`).
    pub instance_of: Vec<String>,
    /// Its coordinates (`P625`): latitude, longitude.
    pub coordinates: Option<(f64, f64)>,
}

/// Counts of what the client did, for the summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientStats {
    /// Requests sent over the network (retries included).
    pub requests: usize,
    /// Answers taken from the cache.
    pub cached: usize,
    /// Retries after 429, maxlag, timeouts, dropped connections or server errors.
    pub retries: usize,
}

/// The client. One request at a time: it is used from one thread.
pub struct WikidataClient {
    options: ClientOptions,
    http: Option<reqwest::blocking::Client>,
    stats: ClientStats,
}

impl WikidataClient {
    /// A client with these options.
    pub fn new(options: ClientOptions) -> Result<Self, WikidataError> {
        let http = if options.offline {
            None
        } else {
            Some(
                reqwest::blocking::Client::builder()
                    .user_agent(options.user_agent.clone())
                    .timeout(options.timeout)
                    .connect_timeout(options.timeout)
                    .build()
                    .map_err(|error| WikidataError::Client {
                        message: error.to_string(),
                    })?,
            )
        };
        if let Some(cache) = &options.cache {
            std::fs::create_dir_all(cache).map_err(|source| WikidataError::Cache {
                path: cache.clone(),
                source,
            })?;
        }
        Ok(Self {
            options,
            http,
            stats: ClientStats::default(),
        })
    }

    /// What the client did so far.
    pub fn stats(&self) -> ClientStats {
        self.stats
    }

    /// The API endpoint asked.
    pub fn api(&self) -> &str {
        &self.options.api
    }

    /// Whether types can be checked through subclasses.
    pub fn has_sparql(&self) -> bool {
        self.options.sparql.is_some()
    }

    /// Candidates for `name` in `language`, in Wikidata's order.
    pub fn search(&mut self, name: &str, language: &str) -> Result<Vec<SearchHit>, WikidataError> {
        let url = api_url(
            &self.options.api,
            &[
                ("action", "wbsearchentities"),
                ("search", name),
                ("language", language),
                ("uselang", language),
                ("strictlanguage", "1"),
                ("type", "item"),
                ("limit", "10"),
                ("format", "json"),
                ("maxlag", "5"),
            ],
        );
        let answer = self.get_json(&url)?;
        let malformed = |message: &str| WikidataError::Malformed {
            url: url.clone(),
            message: message.to_owned(),
        };
        let hits = answer
            .get("search")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed("no `search` array"))?;
        hits.iter()
            .map(|hit| {
                let id = hit
                    .get("id")
                    .and_then(Value::as_str)
                    .filter(|id| is_item_id(id))
                    .ok_or_else(|| malformed("a search hit without an item `id`"))?;
                let matched = hit.get("match");
                let field = |name: &str| {
                    matched
                        .and_then(|matched| matched.get(name))
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                Ok(SearchHit {
                    id: id.to_owned(),
                    match_type: field("type"),
                    match_text: field("text"),
                })
            })
            .collect()
    }

    /// Labels, aliases (in `languages`), types and coordinates of `ids`; items that do not exist
    /// are left out.
    pub fn entities(
        &mut self,
        ids: &[String],
        languages: &[&str],
    ) -> Result<BTreeMap<String, ItemData>, WikidataError> {
        let mut items = BTreeMap::new();
        let languages = languages.join("|");
        for chunk in ids.chunks(ENTITIES_PER_REQUEST) {
            let ids = chunk.join("|");
            let url = api_url(
                &self.options.api,
                &[
                    ("action", "wbgetentities"),
                    ("ids", &ids),
                    ("props", "labels|aliases|claims"),
                    ("languages", &languages),
                    ("format", "json"),
                    ("maxlag", "5"),
                ],
            );
            let answer = self.get_json(&url)?;
            let entities = answer
                .get("entities")
                .and_then(Value::as_object)
                .ok_or_else(|| WikidataError::Malformed {
                    url: url.clone(),
                    message: "no `entities` object".to_owned(),
                })?;
            for (id, entity) in entities {
                if entity.get("missing").is_some() || !is_item_id(id) {
                    continue;
                }
                items.insert(id.clone(), item_data(id, entity));
            }
        }
        Ok(items)
    }

    /// Whether `item` is an instance of one of `classes` through subclasses (`P31/P279*`), asked
    /// of the SPARQL endpoint. Without one, false.
    pub fn is_instance_of(
        &mut self,
        item: &str,
        classes: &[String],
    ) -> Result<bool, WikidataError> {
        let Some(endpoint) = self.options.sparql.clone() else {
            return Ok(false);
        };
        if !is_item_id(item) || !classes.iter().all(|class| is_item_id(class)) {
            return Ok(false);
        }
        let values: Vec<String> = classes.iter().map(|class| format!("wd:{class}")).collect();
        let query = format!(
            "PREFIX wd: <http://www.wikidata.org/entity/> PREFIX wdt: <http://www.wikidata.org/prop/direct/> ASK {{ VALUES ?class {{ {} }} wd:{item} wdt:P31/wdt:P279* ?class }}",
            values.join(" ")
        );
        let url = api_url(&endpoint, &[("query", &query), ("format", "json")]);
        let answer = self.get_json(&url)?;
        answer
            .get("boolean")
            .and_then(Value::as_bool)
            .ok_or_else(|| WikidataError::Malformed {
                url,
                message: "an ASK answer without `boolean`".to_owned(),
            })
    }

    /// The JSON answer of `url`: from the cache, or fetched (with retries) and cached.
    fn get_json(&mut self, url: &str) -> Result<Value, WikidataError> {
        if let Some(value) = self.cached(url) {
            self.stats.cached += 1;
            return Ok(value);
        }
        let Some(http) = self.http.clone() else {
            return Err(WikidataError::NotCached {
                url: url.to_owned(),
            });
        };
        let mut attempt = 0;
        loop {
            self.stats.requests += 1;
            let wait = match fetch(&http, url) {
                Ok(Fetched::Json(value)) => {
                    if let Some(wait) = maxlag_wait(&value) {
                        Retry::After(wait, "the API is lagging (maxlag)".to_owned())
                    } else if let Some(error) = value.get("error") {
                        return Err(WikidataError::Api {
                            url: url.to_owned(),
                            code: error
                                .get("code")
                                .and_then(Value::as_str)
                                .unwrap_or("unknown")
                                .to_owned(),
                            info: error
                                .get("info")
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_owned(),
                        });
                    } else {
                        self.store_in_cache(url, &value)?;
                        return Ok(value);
                    }
                }
                Ok(Fetched::Retry(retry)) => retry,
                Err(error) => return Err(error.for_url(url)),
            };
            if attempt >= self.options.retries {
                return Err(match wait {
                    Retry::After(_, reason) | Retry::Backoff(reason) => WikidataError::GaveUp {
                        url: url.to_owned(),
                        attempts: attempt + 1,
                        reason,
                    },
                });
            }
            let duration = match wait {
                Retry::After(duration, _) => duration,
                Retry::Backoff(_) => self.options.backoff * 2u32.saturating_pow(attempt),
            };
            if duration > LONGEST_RETRY_AFTER {
                return Err(WikidataError::GaveUp {
                    url: url.to_owned(),
                    attempts: attempt + 1,
                    reason: format!(
                        "the server asked to wait {} s before asking again",
                        duration.as_secs()
                    ),
                });
            }
            std::thread::sleep(duration);
            attempt += 1;
            self.stats.retries += 1;
        }
    }

    fn cache_path(&self, url: &str) -> Option<PathBuf> {
        let folder = self.options.cache.as_ref()?;
        Some(folder.join(format!(
            "{:016x}.json",
            crate::rdf::run_record::fnv1a(url.as_bytes())
        )))
    }

    /// A cached answer for exactly this URL (a file that names another URL, or cannot be read, is
    /// a miss).
    fn cached(&self, url: &str) -> Option<Value> {
        let text = std::fs::read_to_string(self.cache_path(url)?).ok()?;
        let entry: Value = serde_json::from_str(&text).ok()?;
        if entry.get("url").and_then(Value::as_str) != Some(url) {
            return None;
        }
        entry.get("answer").cloned()
    }

    /// Writes an answer to the cache: to a temporary file, then renamed, so that an interrupted
    /// run never leaves half a file.
    fn store_in_cache(&self, url: &str, answer: &Value) -> Result<(), WikidataError> {
        let Some(path) = self.cache_path(url) else {
            return Ok(());
        };
        let entry = serde_json::json!({ "url": url, "answer": answer });
        let temporary = path.with_extension("json.partial");
        std::fs::write(&temporary, entry.to_string())
            .and_then(|()| std::fs::rename(&temporary, &path))
            .map_err(|source| WikidataError::Cache { path, source })
    }
}

/// What one request gave.
enum Fetched {
    Json(Value),
    Retry(Retry),
}

/// Why and how long to wait before asking again.
enum Retry {
    /// As long as the server said.
    After(Duration, String),
    /// Exponential backoff.
    Backoff(String),
}

/// A failure of one request that is not worth retrying; the URL is added by the caller.
enum FetchError {
    Malformed(String),
    Status(u16),
}

impl FetchError {
    fn for_url(self, url: &str) -> WikidataError {
        match self {
            Self::Malformed(message) => WikidataError::Malformed {
                url: url.to_owned(),
                message,
            },
            Self::Status(status) => WikidataError::Status {
                url: url.to_owned(),
                status,
            },
        }
    }
}

/// The largest answer read from Wikidata or its stand-in, in bytes: a search or a lookup of
/// fifty entities answers in well under a megabyte.
const LARGEST_ANSWER_BYTES: u64 = 16 * 1_000_000;

fn fetch(http: &reqwest::blocking::Client, url: &str) -> Result<Fetched, FetchError> {
    let response = match http
        .get(url)
        .header(
            reqwest::header::ACCEPT,
            "application/json, application/sparql-results+json",
        )
        .send()
    {
        Ok(response) => response,
        Err(error) => return Ok(Fetched::Retry(Retry::Backoff(describe(&error)))),
    };
    let status = response.status();
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        let wait = retry_after(response.headers()).unwrap_or(DEFAULT_RETRY_AFTER);
        return Ok(Fetched::Retry(Retry::After(
            wait,
            "too many requests (HTTP 429)".to_owned(),
        )));
    }
    if status.is_server_error() {
        return Ok(Fetched::Retry(Retry::Backoff(format!(
            "server error (HTTP {})",
            status.as_u16()
        ))));
    }
    if !status.is_success() {
        return Err(FetchError::Status(status.as_u16()));
    }
    // At most the limit and one byte more is read: an answer larger than any the questions of
    // `link` get is refused, not held in memory.
    let mut body = Vec::new();
    if let Err(error) = std::io::Read::read_to_end(
        &mut std::io::Read::take(response, LARGEST_ANSWER_BYTES + 1),
        &mut body,
    ) {
        return Ok(Fetched::Retry(Retry::Backoff(format!(
            "the connection was dropped before the answer was complete ({error})"
        ))));
    }
    if body.len() as u64 > LARGEST_ANSWER_BYTES {
        return Err(FetchError::Malformed(format!(
            "the answer is over {} MB, far more than a search or a lookup of a few entities \
             gives",
            LARGEST_ANSWER_BYTES / 1_000_000
        )));
    }
    serde_json::from_slice(&body)
        .map(Fetched::Json)
        .map_err(|error| FetchError::Malformed(format!("the answer is not valid JSON ({error})")))
}

/// A short account of a transport error.
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "no answer within the timeout".to_owned()
    } else if error.is_connect() {
        "the connection could not be made".to_owned()
    } else {
        "the connection was dropped before the answer was complete".to_owned()
    }
}

/// The `Retry-After` header in seconds (an HTTP date is taken as the default wait).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    Some(
        value
            .trim()
            .parse::<u64>()
            .map_or(DEFAULT_RETRY_AFTER, Duration::from_secs),
    )
}

/// The wait asked by a `maxlag` error answer (Wikidata answers these with HTTP 200).
fn maxlag_wait(value: &Value) -> Option<Duration> {
    let error = value.get("error")?;
    if error.get("code").and_then(Value::as_str) != Some("maxlag") {
        return None;
    }
    let lag = error.get("lag").and_then(Value::as_f64).unwrap_or(5.0);
    Some(Duration::from_secs_f64(lag.clamp(1.0, 60.0)))
}

/// `endpoint?key=value&…`, values percent-encoded.
fn api_url(endpoint: &str, parameters: &[(&str, &str)]) -> String {
    let mut url = String::from(endpoint);
    for (index, (key, value)) in parameters.iter().enumerate() {
        url.push(if index == 0 && !endpoint.contains('?') {
            '?'
        } else {
            '&'
        });
        url.push_str(key);
        url.push('=');
        url.push_str(&crate::map::mapping::percent_encode(value));
    }
    url
}

/// Reads one entity of a `wbgetentities` answer; fields it lacks are left empty.
fn item_data(id: &str, entity: &Value) -> ItemData {
    let mut item = ItemData {
        id: id.to_owned(),
        ..ItemData::default()
    };
    if let Some(labels) = entity.get("labels").and_then(Value::as_object) {
        for (language, label) in labels {
            if let Some(value) = label.get("value").and_then(Value::as_str) {
                item.labels.insert(language.clone(), value.to_owned());
            }
        }
    }
    if let Some(aliases) = entity.get("aliases").and_then(Value::as_object) {
        for (language, list) in aliases {
            let values = list
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|alias| alias.get("value").and_then(Value::as_str))
                .map(str::to_owned)
                .collect();
            item.aliases.insert(language.clone(), values);
        }
    }
    let claims = |property: &str| {
        entity
            .get("claims")
            .and_then(|claims| claims.get(property))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|claim| claim.get("mainsnak")?.get("datavalue")?.get("value"))
    };
    item.instance_of = claims("P31")
        .filter_map(|value| value.get("id").and_then(Value::as_str))
        .map(str::to_owned)
        .collect();
    item.coordinates = claims("P625").find_map(|value| {
        let latitude = value.get("latitude")?.as_f64()?;
        let longitude = value.get("longitude")?.as_f64()?;
        ((-90.0..=90.0).contains(&latitude) && (-180.0..=180.0).contains(&longitude))
            .then_some((latitude, longitude))
    });
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_ids_are_q_and_digits() {
        assert!(is_item_id("Q148"));
        assert!(!is_item_id("Q"));
        assert!(!is_item_id("P31"));
        assert!(!is_item_id("Q01"));
        assert!(!is_item_id("Q1>"));
    }

    #[test]
    fn urls_are_percent_encoded() {
        assert_eq!(
            api_url(
                "http://x/w/api.php",
                &[("search", "青岛"), ("ids", "Q1|Q2")]
            ),
            "http://x/w/api.php?search=%E9%9D%92%E5%B2%9B&ids=Q1%7CQ2"
        );
    }

    #[test]
    fn an_entity_is_read_with_its_types_and_coordinates() {
        let entity: Value = serde_json::from_str(
            r#"{"id":"Q1","labels":{"zh":{"language":"zh","value":"甲"}},
                "aliases":{"zh":[{"language":"zh","value":"乙"}]},
                "claims":{"P31":[{"mainsnak":{"datavalue":{"value":{"id":"Q515"}}}}],
                          "P625":[{"mainsnak":{"datavalue":{"value":{"latitude":41.3,"longitude":69.2}}}}]}}"#,
        )
        .unwrap();
        let item = item_data("Q1", &entity);
        assert_eq!(item.labels["zh"], "甲");
        assert_eq!(item.aliases["zh"], vec!["乙"]);
        assert_eq!(item.instance_of, vec!["Q515"]);
        assert_eq!(item.coordinates, Some((41.3, 69.2)));
    }

    #[test]
    fn maxlag_answers_ask_to_wait() {
        let answer: Value =
            serde_json::from_str(r#"{"error":{"code":"maxlag","info":"lagged","lag":7}}"#).unwrap();
        assert_eq!(maxlag_wait(&answer), Some(Duration::from_secs(7)));
        let other: Value = serde_json::from_str(r#"{"error":{"code":"badvalue"}}"#).unwrap();
        assert_eq!(maxlag_wait(&other), None);
    }
}
