//! `diplograph push`: send every graph to a triple store over the Graph Store Protocol, counted
//! on the remote side.
//!
//! Cost: one pass over each graph, spooled to a temporary file, and a count on the remote store.

use super::{progress_bar, seconds, Ui};
use crate::store::GraphStore;
use anyhow::{bail, Result};
use clap::Args;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct PushArgs {
    /// The remote store's Graph Store Protocol endpoint
    #[arg(
        long,
        env = "DIPLOGRAPH_PUSH_ENDPOINT",
        value_name = "URL",
        hide_env_values = true
    )]
    pub endpoint: String,

    /// Basic authentication, as USER:PASSWORD
    #[arg(
        long,
        env = "DIPLOGRAPH_PUSH_USER",
        value_name = "USER:PASSWORD",
        conflicts_with = "token",
        hide_env_values = true
    )]
    pub user: Option<String>,

    /// A bearer token
    #[arg(
        long,
        env = "DIPLOGRAPH_PUSH_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,

    /// The store's SPARQL query endpoint, with which each graph's triples are counted once sent
    /// (found beside the endpoint for Virtuoso, oxigraph, Fuseki and GraphDB; else each graph is
    /// read back)
    #[arg(long, env = "DIPLOGRAPH_PUSH_QUERY_ENDPOINT", value_name = "URL")]
    pub query_endpoint: Option<String>,

    /// Seconds allowed for sending one graph
    #[arg(long, default_value = "300", value_name = "SECONDS")]
    pub timeout: f64,

    /// Retries of a graph that failed (timeout, refused connection, 5xx, 408, 429)
    #[arg(long, default_value = "3", value_name = "N")]
    pub retries: u32,

    /// Seconds of the first wait before a retry; doubled at each retry
    #[arg(long, default_value = "1", value_name = "SECONDS")]
    pub backoff: f64,
}

pub(super) fn run_push(ui: &Ui, store_path: &Path, args: &PushArgs) -> Result<ExitCode> {
    use crate::publish::push::{
        push, redacted, sends_password_in_clear, PushOptions, PushProgress,
    };
    let basic = match &args.user {
        Some(user) => match user.split_once(':') {
            Some((name, password)) => Some((name.to_owned(), password.to_owned())),
            // The value is not repeated: it may be the password alone.
            None => bail!("`--user` (or DIPLOGRAPH_PUSH_USER) is not of the form USER:PASSWORD"),
        },
        None => None,
    };
    let shown_endpoint = redacted(&args.endpoint);
    if sends_password_in_clear(&args.endpoint, basic.is_some()) {
        ui.warn(format_args!(
            "{shown_endpoint} is plain http: the password of basic authentication crosses the \
             network readable; use https, or a token"
        ));
    }
    let options = PushOptions {
        endpoint: args.endpoint.clone(),
        basic,
        bearer: args.token.clone(),
        query_endpoint: args
            .query_endpoint
            .clone()
            .or_else(|| crate::publish::push::query_endpoint_for(&args.endpoint)),
        timeout: seconds(args.timeout, "--timeout")?,
        retries: args.retries,
        backoff: seconds(args.backoff, "--backoff")?,
    };
    let store = GraphStore::open_for_reading(store_path)?;
    let started = std::time::Instant::now();
    let bar = progress_bar(ui, "pushing", "graphs");
    let results = push(&store, &options, &mut |event| match event {
        PushProgress::Started { graphs } => bar.set_length(graphs as u64),
        PushProgress::Graph { graph } => {
            bar.set_message(crate::query::compact_iri(graph));
            bar.inc(1);
        }
    })?;
    bar.finish_and_clear();
    let (sent, failed): (Vec<_>, Vec<_>) =
        results.iter().partition(|pushed| pushed.failure.is_none());
    for pushed in &sent {
        ui.detail(format_args!(
            "sent {} ({} triples, HTTP {})",
            pushed.graph.as_str(),
            pushed.triples,
            pushed.status.unwrap_or_default()
        ));
    }
    for pushed in &failed {
        ui.error(format_args!(
            "{} was not sent after {} attempt(s): {}",
            pushed.graph.as_str(),
            pushed.attempts,
            pushed.failure.as_deref().unwrap_or_default()
        ));
    }
    ui.say(format_args!(
        "pushed {} of {} graphs ({} triples) to {} in {:.2} s{}",
        sent.len(),
        results.len(),
        sent.iter().map(|pushed| pushed.triples).sum::<usize>(),
        shown_endpoint,
        started.elapsed().as_secs_f64(),
        if failed.is_empty() {
            String::new()
        } else {
            format!(
                "; {} not sent (see above); run `diplograph push` again to send them",
                failed.len()
            )
        }
    ));
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
