//! `diplograph ingest` and `diplograph compact`: store documents, one named graph each, with
//! progress and a summary of what was stored and what was not.
//!
//! Cost: that of [`crate::store::ingest`], linear in the text read; the summary reads the
//! stored documents' metadata once.

use super::{
    find_files, little_understood_message, load_pipeline, plural, progress_bar, read_options, Cli,
    ReadArgs, Ui,
};
use crate::error::InputError;
use crate::map::pipeline::Pipeline;
use crate::store::ingest::{ingest, IngestOptions, IngestReport, Input, Progress};
use crate::store::GraphStore;
use anyhow::Result;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// Declare every document of this run a version, in another language, of the stored
    /// document with this ID (a declaration wins over detection)
    #[arg(long, value_name = "DOCUMENT")]
    pub version_of: Option<String>,

    /// Declare versions from a table: two document IDs a line, separated by a tab
    #[arg(long, value_name = "FILE")]
    pub versions: Option<PathBuf>,

    /// Read and extract this many files at once (0: as many as the cores available); one
    /// writer stores them
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub jobs: usize,
}

pub(super) fn run_ingest(
    cli: &Cli,
    ui: &Ui,
    store_path: &Path,
    args: &IngestArgs,
) -> Result<ExitCode> {
    let options = IngestOptions {
        jobs: args.jobs,
        ..read_options(&args.read)?
    };
    let pipeline = load_pipeline(cli, &args.read.base_iri)?;
    let (files, missing) = find_files(ui, &args.read.paths);
    // A table that cannot be read is refused before anything is stored.
    let mut declared = match &args.versions {
        Some(path) => crate::store::versions::read_table(path)?,
        None => Vec::new(),
    };
    let mut store = GraphStore::open_for_writing(store_path)?;
    let inputs: Vec<Input> = files.into_iter().map(Input::Path).collect();
    let mut report = ingest_with_progress(ui, &mut store, &pipeline, &inputs, options)?;
    if let Some(work) = &args.version_of {
        declared.extend(
            report
                .documents
                .iter()
                .filter(|document| &document.id != work)
                .map(|document| (document.id.clone(), work.clone())),
        );
    }
    if !declared.is_empty() {
        let declaring = crate::store::versions::declare(&store, &pipeline.iris, &declared);
        match declaring {
            Ok(works) => report.works = works,
            Err(error) => {
                summarize_ingest(ui, &store, &report, &missing)?;
                return Err(error.into());
            }
        }
    }
    summarize_ingest(ui, &store, &report, &missing)?;
    Ok(exit_code(&report, &missing))
}

pub(super) fn ingest_with_progress(
    ui: &Ui,
    store: &mut GraphStore,
    pipeline: &Pipeline,
    inputs: &[Input],
    options: IngestOptions,
) -> Result<IngestReport> {
    let bar = progress_bar(ui, "ingesting", "files");
    let report = ingest(store, pipeline, inputs, options, &mut |event| match event {
        Progress::Started { files } => bar.set_length(files as u64),
        Progress::File { name, reader } => {
            bar.set_message(name.to_owned());
            bar.inc(1);
            match reader {
                Some(reader) => ui.detail(format_args!("{name}: read as {reader}")),
                None => ui.detail(format_args!("{name}: not read")),
            }
        }
    });
    bar.finish_and_clear();
    Ok(report?)
}

pub(super) fn summarize_ingest(
    ui: &Ui,
    store: &GraphStore,
    report: &IngestReport,
    missing: &[InputError],
) -> Result<()> {
    for error in missing {
        ui.error(error);
    }
    for (path, error) in &report.failures {
        ui.error(error);
        ui.detail(format_args!("  (skipped {})", path.display()));
    }
    for document in &report.documents {
        ui.detail(format_args!(
            "stored {} ({} triples) from {}",
            document.id, document.triples, document.file_name
        ));
        if !document.missing.is_empty() {
            ui.warn(little_understood_message(
                &document.id,
                &document.file_name,
                &document.missing,
            ));
        }
    }
    if report.compacted {
        ui.detail(format_args!(
            "compacted the store (a store of up to {} MB of data files is compacted at every \
             ingest)",
            crate::store::ingest::COMPACTED_AT_INGEST / 1_000_000
        ));
    }
    let failed = report.failures.len() + missing.len();
    ui.say(format_args!(
        "ingested {} document{} from {} file{} into {}: {} triples in document graphs, {:.2} s{}{}",
        report.documents.len(),
        plural(report.documents.len()),
        report.files,
        plural(report.files),
        store.path.display(),
        report.triples(),
        report.seconds,
        if report.removed > 0 {
            format!("; {} stale document graph(s) removed", report.removed)
        } else {
            String::new()
        },
        if failed > 0 {
            format!("; {failed} file(s) failed")
        } else {
            String::new()
        },
    ));
    if report.documents.is_empty() && failed == 0 {
        ui.warn("no input files were found (folders are searched for .txt and .text files)");
    }
    let stored: std::collections::BTreeSet<&str> =
        report.documents.iter().map(|d| d.id.as_str()).collect();
    for work in &report.works {
        if !work.versions.iter().any(|id| stored.contains(id.as_str())) {
            continue;
        }
        ui.say(format_args!(
            "versions of one work ({}{}): {}; {} part(s) aligned",
            work.method.name(),
            work.score
                .map(|score| format!(", score {score:.2}"))
                .unwrap_or_default(),
            work.versions.join(" = "),
            work.aligned
        ));
    }
    if report.compaction_advised {
        ui.say(format_args!(
            "hint: this run wrote much of the store; `diplograph compact --store {}` merges its \
             files, which makes queries about twice as fast (it takes about half as long as this \
             ingest)",
            store.path.display()
        ));
    }
    Ok(())
}

pub(super) fn run_compact(ui: &Ui, store_path: &Path) -> Result<ExitCode> {
    let mut store = GraphStore::open_for_writing(store_path)?;
    let before = store.data_size();
    ui.say(format_args!(
        "compacting {} ({} MB of data files); this rewrites the whole store…",
        store.path.display(),
        before / 1_000_000
    ));
    let started = std::time::Instant::now();
    crate::store::ingest::compact(&mut store)?;
    ui.say(format_args!(
        "compacted {} in {:.2} s: {} MB of data files",
        store.path.display(),
        started.elapsed().as_secs_f64(),
        store.data_size() / 1_000_000
    ));
    Ok(ExitCode::SUCCESS)
}

pub(super) fn exit_code(report: &IngestReport, missing: &[InputError]) -> ExitCode {
    if report.failures.is_empty() && missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
