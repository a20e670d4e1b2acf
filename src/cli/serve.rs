//! `diplograph serve`: the read-only SPARQL endpoint, and the hidden `serve-answer` that answers
//! one query in a process of its own.
//!
//! Cost: the server's own ([`crate::publish::serve`]): a process per query.

use super::{seconds, Ui};
use crate::store::GraphStore;
use anyhow::{Context as _, Result};
use clap::Args;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one)
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "HOST:PORT")]
    pub bind: String,

    /// Seconds a query may run before it is stopped (answered with 503)
    #[arg(long, default_value = "30", value_name = "SECONDS")]
    pub timeout: f64,

    /// Queries answered at the same time (each in a process of its own)
    #[arg(long, default_value = "4", value_name = "N")]
    pub workers: usize,

    /// Megabytes an answer may have; a larger one is refused with 503
    #[arg(long, default_value = "64", value_name = "MB")]
    pub max_answer: u64,

    /// Megabytes of memory a query may take; one that takes more is stopped with 503
    #[arg(long, default_value = "1024", value_name = "MB")]
    pub max_query_memory: u64,

    /// Let web pages of this origin read answers (`https://example.org`, or `*` for any);
    /// repeatable. Without it, no cross-origin read is allowed
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Vec<String>,

    /// A host name requests may be addressed to, beside localhost and IP addresses (the name
    /// under which others reach this machine); repeatable
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
}

pub(super) fn run_serve(ui: &Ui, store_path: &Path, args: &ServeArgs) -> Result<ExitCode> {
    // Opened once to check that it is a store; each query opens it again.
    let store = GraphStore::open_for_reading(store_path)?;
    let listener = std::net::TcpListener::bind(&args.bind).map_err(|error| {
        anyhow::anyhow!(
            "cannot listen on {}: {error}\nhint: another program may use that port; choose another with `--bind HOST:PORT`",
            args.bind
        )
    })?;
    let address = listener
        .local_addr()
        .map_or_else(|_| args.bind.clone(), |address| address.to_string());
    let options = crate::publish::serve::ServeOptions {
        store: store.path.clone(),
        program: std::env::current_exe()
            .context("cannot find the diplograph program, which answers each query")?,
        timeout: seconds(args.timeout, "--timeout")?,
        workers: args.workers,
        max_answer: args.max_answer.saturating_mul(1_000_000),
        max_query_memory: args.max_query_memory.saturating_mul(1_000_000),
        cors: args.cors.clone(),
        allowed_hosts: args.allow_host.clone(),
    };
    drop(store);
    ui.say(format_args!(
        "serving {} at http://{address}/ (SPARQL endpoint: http://{address}/sparql); Ctrl-C stops",
        options.store.display()
    ));
    crate::publish::serve::serve(listener, options).context("the server stopped")?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run_serve_answer(store_path: &Path) -> Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    crate::publish::serve::answer_job(store_path, &mut std::io::stdin().lock(), &mut out)
        .map_err(anyhow::Error::msg)?;
    Ok(ExitCode::SUCCESS)
}
