//! `diplograph link`: link entities to Wikidata, with a decisions file and a cache.
//!
//! Cost: one request per entity not yet decided or cached ([`crate::link`]).

use super::{load_pipeline, progress_bar, seconds, Cli, Ui};
use crate::map::mapping::DEFAULT_BASE;
use crate::store::GraphStore;
use anyhow::{bail, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The MediaWiki API of Wikidata, a mirror, or a server that stands in for it
    #[arg(long, env = "DIPLOGRAPH_WIKIDATA_API", default_value = crate::link::wikidata::DEFAULT_API, value_name = "URL")]
    pub wikidata_api: String,

    /// The SPARQL endpoint used to check types through subclasses, or `none` to check direct
    /// types (P31) only
    #[arg(long, env = "DIPLOGRAPH_WIKIDATA_SPARQL", default_value = crate::link::wikidata::DEFAULT_SPARQL, value_name = "URL")]
    pub wikidata_sparql: String,

    /// Make no network call: use the cache, the reference data and the decisions file only
    #[arg(long)]
    pub offline: bool,

    /// Contact details (an e-mail address or a web page) put in the User-Agent, as Wikimedia asks
    #[arg(long, env = "DIPLOGRAPH_CONTACT", value_name = "CONTACT")]
    pub contact: Option<String>,

    /// The whole User-Agent header, instead of the one built with `--contact`
    #[arg(long, env = "DIPLOGRAPH_USER_AGENT", value_name = "TEXT")]
    pub user_agent: Option<String>,

    /// Seconds allowed for one request
    #[arg(long, default_value = "30", value_name = "SECONDS")]
    pub timeout: f64,

    /// Retries of a request that timed out, was dropped, or got HTTP 429 or 5xx
    #[arg(long, default_value = "4", value_name = "N")]
    pub retries: u32,

    /// Seconds of the first wait before a retry; doubled at each retry (429 answers wait as long
    /// as their Retry-After says)
    #[arg(long, default_value = "1", value_name = "SECONDS")]
    pub backoff: f64,

    /// Folder of cached answers [default: $XDG_CACHE_HOME/diplograph/wikidata, or
    /// ~/.cache/diplograph/wikidata]
    #[arg(
        long,
        env = "DIPLOGRAPH_CACHE",
        value_name = "DIR",
        conflicts_with = "no_cache"
    )]
    pub cache: Option<PathBuf>,

    /// Do not read or write the cache
    #[arg(long)]
    pub no_cache: bool,

    /// The file of your decisions (accept or reject a link) [default: ./diplograph-links.tsv when
    /// it exists]
    #[arg(long, env = "DIPLOGRAPH_LINK_DECISIONS", value_name = "FILE")]
    pub decisions: Option<PathBuf>,
}

/// The default decisions file, read when it exists.
pub const DEFAULT_DECISIONS: &str = "diplograph-links.tsv";

pub(super) fn default_cache() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("diplograph").join("wikidata"))
}

pub(super) fn run_link(cli: &Cli, ui: &Ui, store_path: &Path, args: &LinkArgs) -> Result<ExitCode> {
    use crate::link::wikidata::{default_user_agent, ClientOptions, WikidataClient};
    use crate::link::{link, LinkProgress, Outcome, UserDecisions};
    let pipeline = load_pipeline(cli, DEFAULT_BASE)?;
    let decisions_path = match &args.decisions {
        Some(path) if !path.exists() => bail!(
            "the decisions file `{}` does not exist\nhint: create it (see `diplograph link --help` for its lines) or leave out `--decisions`",
            path.display()
        ),
        Some(path) => Some(path.clone()),
        None => Some(PathBuf::from(DEFAULT_DECISIONS)).filter(|path| path.exists()),
    };
    let user = match &decisions_path {
        Some(path) => UserDecisions::read(path)?,
        None => UserDecisions::default(),
    };
    let sparql = Some(args.wikidata_sparql.clone()).filter(|url| !url.is_empty() && url != "none");
    let options = ClientOptions {
        api: args.wikidata_api.clone(),
        sparql,
        user_agent: args
            .user_agent
            .clone()
            .unwrap_or_else(|| default_user_agent(args.contact.as_deref())),
        timeout: seconds(args.timeout, "--timeout")?,
        retries: args.retries,
        backoff: seconds(args.backoff, "--backoff")?,
        cache: if args.no_cache {
            None
        } else {
            args.cache.clone().or_else(default_cache)
        },
        offline: args.offline,
    };
    let store = GraphStore::open_for_writing(store_path)?;
    let mut client = WikidataClient::new(options)?;
    let bar = progress_bar(ui, "linking", "entities");
    let report = link(
        &store,
        &mut client,
        &pipeline.wikidata_classes,
        &user,
        &mut |event| match event {
            LinkProgress::Started { entities } => bar.set_length(entities as u64),
            LinkProgress::Entity { name } => {
                bar.set_message(name.to_owned());
                bar.inc(1);
            }
        },
    )?;
    bar.finish_and_clear();
    for key in &report.unused_user_decisions {
        ui.warn(format_args!(
            "the decisions file names `{key}`, which no document of the store mentions"
        ));
    }
    for decision in &report.decisions {
        ui.detail(format_args!(
            "{}: {} ({}, {}{})",
            decision.name,
            decision.outcome.word(),
            decision.method,
            decision.score,
            decision
                .chosen
                .as_ref()
                .map(|item| format!(", {item}"))
                .unwrap_or_default()
        ));
    }
    let reference = report
        .decisions
        .iter()
        .filter(|decision| decision.method == crate::link::METHOD_REFERENCE)
        .count();
    let stats = client.stats();
    ui.say(format_args!(
        "{} entities decided: {} linked ({reference} by the reference data), {} ambiguous, {} no match, {} rejected; {} request(s), {} cached answer(s), {} retr{}",
        report.decisions.len(),
        report.count(Outcome::Linked),
        report.count(Outcome::Ambiguous),
        report.count(Outcome::NoMatch),
        report.count(Outcome::Rejected),
        stats.requests,
        stats.cached,
        stats.retries,
        if stats.retries == 1 { "y" } else { "ies" },
    ));
    for decision in report
        .decisions
        .iter()
        .filter(|decision| decision.outcome == Outcome::Ambiguous)
    {
        let tied: Vec<&str> = decision.candidates.iter().map(String::as_str).collect();
        ui.say(format_args!(
            "ambiguous: {} ({}): to choose, add a line \"{}<TAB>accept<TAB>Q…\" to {}",
            decision.name,
            tied.join(", "),
            crate::query::compact_iri(decision.entity.as_str()),
            decisions_path
                .as_deref()
                .unwrap_or(Path::new(DEFAULT_DECISIONS))
                .display()
        ));
    }
    if !report.not_cached.is_empty() {
        ui.say(format_args!(
            "{} entit{} not decided: no cached answer and `--offline` allows no request",
            report.not_cached.len(),
            if report.not_cached.len() == 1 {
                "y"
            } else {
                "ies"
            }
        ));
    }
    if let Some(error) = report.error {
        let kept = match report.decisions.len() {
            0 => "the store was not changed".to_owned(),
            count => format!("the {count} decision(s) made before were stored whole"),
        };
        return Err(anyhow::Error::new(error).context(format!("linking stopped early; {kept}")));
    }
    Ok(ExitCode::SUCCESS)
}
