//! `diplograph export`: the store, or one document, in a standard RDF format.
//!
//! Cost: one pass over the store, in fixed order ([`crate::publish::export`]).

use super::{output, plural, Ui};
use crate::publish::export::export;
use crate::rdf::formats::GraphFormat;
use crate::store::GraphStore;
use anyhow::Result;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "turtle")]
    pub format: GraphFormat,

    /// Export only this document (its identifier, as `diplograph documents` shows, or its IRI)
    #[arg(long, value_name = "ID")]
    pub document: Option<String>,

    /// Write to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub(super) fn run_export(ui: &Ui, store_path: &Path, args: &ExportArgs) -> Result<ExitCode> {
    let store = GraphStore::open_for_reading(store_path)?;
    let out = output(args.output.as_deref())?;
    let summary = export(&store, args.format, args.document.as_deref(), out)?;
    if let Some(path) = &args.output {
        ui.say(format_args!(
            "wrote {} statements from {} graph{} to {}",
            summary.statements,
            summary.graphs,
            plural(summary.graphs),
            path.display()
        ));
    }
    Ok(ExitCode::SUCCESS)
}
