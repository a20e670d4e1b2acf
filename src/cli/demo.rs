//! `diplograph demo`: the main job on the bundled sample documents.
//!
//! Cost: an ingest, a query and an export of the bundled samples.

use super::documents::document_rows;
use super::ingest::{exit_code, ingest_with_progress, summarize_ingest};
use super::{load_pipeline, Cli, Ui};
use crate::map::mapping::DEFAULT_BASE;
use crate::publish::export::export;
use crate::query::table::write_table;
use crate::query::{self, ResultFormat};
use crate::rdf::formats::GraphFormat;
use crate::store::ingest::{IngestOptions, Input};
use crate::store::GraphStore;
use anyhow::{Context as _, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder for the demo's store and export
    #[arg(long, default_value = "diplograph-demo", value_name = "DIR")]
    pub dir: PathBuf,
}

pub(super) fn run_demo(cli: &Cli, ui: &Ui, args: &DemoArgs) -> Result<ExitCode> {
    let store_path = cli.store.clone().unwrap_or_else(|| args.dir.join("store"));
    let export_path = args.dir.join("diplograph-demo.ttl");
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create the demo folder `{}`", args.dir.display()))?;
    let pipeline = load_pipeline(cli, DEFAULT_BASE)?;
    let mut store = GraphStore::open_for_writing(&store_path)?;
    let inputs: Vec<Input> = crate::cli::samples::SAMPLES
        .iter()
        .map(|(name, bytes)| Input::Bytes {
            name: (*name).to_owned(),
            bytes,
        })
        .collect();
    ui.say(format_args!(
        "diplograph demo: the {} bundled sample files",
        inputs.len()
    ));
    let report =
        ingest_with_progress(ui, &mut store, &pipeline, &inputs, IngestOptions::default())?;
    summarize_ingest(ui, &store, &report, &[])?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "\nDocuments in the store:")?;
    let headers = ["id", "title", "kind", "date", "source file", "triples"].map(String::from);
    write_table(&mut stdout, &headers, &document_rows(&store)?)?;
    writeln!(
        stdout,
        "\nWhich entities do several documents name? (diplograph query shared-entities)"
    )?;
    let shared = query::find_bundled("shared-entities")?;
    let results = query::run(
        &store.store,
        &shared,
        "the bundled query `shared-entities`",
        &[],
    )?;
    query::write_results(results, ResultFormat::Table, &mut stdout)?;
    let file = std::fs::File::create(&export_path)
        .with_context(|| format!("cannot create `{}`", export_path.display()))?;
    let summary = export(
        &store,
        GraphFormat::TURTLE,
        None,
        std::io::BufWriter::new(file),
    )?;
    writeln!(
        stdout,
        "\nTurtle export: {} ({} triples). Store: {}",
        export_path.display(),
        summary.statements,
        store.path.display()
    )?;
    writeln!(
        stdout,
        "Next: diplograph query documents --store {}",
        store.path.display()
    )?;
    stdout.flush()?;
    Ok(exit_code(&report, &[]))
}
