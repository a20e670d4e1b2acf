//! `diplograph query` and `diplograph queries`: run a bundled query, a query file or inline
//! SPARQL; list the bundled queries.
//!
//! Cost: that of the query ([`crate::query`]); the table format holds every row to align them.

use super::{output, Ui};
use crate::query::table::write_table;
use crate::query::{self, Plan, QueryInfo, ResultFormat};
use crate::store::GraphStore;
use anyhow::{bail, Context as _, Result};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// A bundled query name (see `diplograph queries`) or a file ending in `.rq`
    #[arg(
        value_name = "NAME|FILE.rq",
        required_unless_present = "sparql",
        conflicts_with = "sparql"
    )]
    pub query: Option<String>,

    /// The query text itself
    #[arg(long, value_name = "TEXT")]
    pub sparql: Option<String>,

    /// Bind a query parameter: NAME=VALUE (repeatable)
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,

    /// Prefer labels in this language where known (`en`); Chinese otherwise
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: ResultFormat,

    /// Write to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// How to evaluate: `fast`, `store-order` (the store sorts) or `plain` (oxigraph alone);
    /// every plan gives the same rows, the others are for tests and benchmarks
    #[arg(long, value_enum, default_value = "fast", hide = true)]
    pub plan: Plan,
}

pub(super) fn run_query(ui: &Ui, store_path: &Path, args: &QueryArgs) -> Result<ExitCode> {
    let (info, origin) = match (&args.query, &args.sparql) {
        (_, Some(text)) => (
            QueryInfo::parse("inline", text, false),
            "the `--sparql` text".to_owned(),
        ),
        // A bundled name is never shadowed by a file of that name in the current folder: a
        // file is read when its name ends in `.rq` or holds a folder, or names no bundled query.
        (Some(name), None)
            if name.ends_with(".rq")
                || name.contains(std::path::MAIN_SEPARATOR)
                || name.contains('/')
                || (query::find_bundled(name).is_err() && Path::new(name).is_file()) =>
        {
            let text = std::fs::read_to_string(name)
                .with_context(|| format!("cannot read the query file `{name}`"))?;
            (QueryInfo::parse(name, &text, false), format!("`{name}`"))
        }
        (Some(name), None) => (
            query::find_bundled(name)?,
            format!("the bundled query `{name}`"),
        ),
        (None, None) => bail!("name a query, a `.rq` file, or give `--sparql TEXT`"),
    };
    let mut parameters = args
        .params
        .iter()
        .map(|text| query::parse_parameter(text))
        .collect::<Result<Vec<_>, _>>()?;
    // `--lang` is the `lang` parameter of the queries that take one.
    if let Some(lang) = &args.lang {
        if !info.bundled || info.parameters.iter().any(|p| p.name == "lang") {
            parameters.push(("lang".to_owned(), lang.clone()));
        }
    }
    let store = GraphStore::open_for_reading(store_path)?;
    if info.reads_summary() && crate::store::summary::is_outdated(&store)? {
        ui.warn(format_args!(
            "the summary graph of `{}` is missing or was kept by an earlier version of \
             diplograph, and lacks tallies {origin} reads, so its answer is incomplete: run \
             `diplograph compact` (or the next `diplograph ingest`) to rebuild the summary",
            store.path.display()
        ));
    }
    let results = query::run_planned(&store.store, &info, &origin, &parameters, None, args.plan)?;
    let mut out = output(args.output.as_deref())?;
    query::write_results(results, args.format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run_queries() -> Result<ExitCode> {
    let rows: Vec<Vec<String>> = query::bundled()
        .into_iter()
        .map(|info| {
            let parameters = info
                .parameters
                .iter()
                .map(|p| {
                    if p.required {
                        p.name.clone()
                    } else {
                        format!("[{}]", p.name)
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            vec![info.name, info.answers, parameters]
        })
        .collect();
    let headers = ["name", "answers", "parameters"].map(String::from);
    write_table(std::io::stdout().lock(), &headers, &rows)?;
    Ok(ExitCode::SUCCESS)
}
