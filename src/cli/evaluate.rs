//! `diplograph evaluate`: score the extractors against expected facts written by reading.
//!
//! Cost: extraction of every file (linear in the text), then a set comparison per document.

use super::{find_files, load_pipeline, read_options, Cli, ReadArgs, Ui};
use crate::query::table::write_table;
use crate::text::input::read_source;
use anyhow::{bail, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// Folder of expected facts, one `DOCUMENT-ID.tsv` file per document
    #[arg(long, value_name = "DIR")]
    pub expected: PathBuf,
}

pub(super) fn run_evaluate(cli: &Cli, ui: &Ui, args: &EvaluateArgs) -> Result<ExitCode> {
    use crate::extract::evaluate::{extracted_lines, load_expected, Evaluation, Keys};
    let options = read_options(&args.read)?;
    let pipeline = load_pipeline(cli, &args.read.base_iri)?;
    let expected = load_expected(&args.expected)?;
    let keys = Keys::new(&pipeline.reference);
    let (files, missing) = find_files(ui, &args.read.paths);
    if let Some(error) = missing.first() {
        bail!("{error}");
    }
    let mut evaluation = Evaluation::default();
    for file in &files {
        let source = read_source(
            file,
            options.encoding,
            options.max_file_megabytes,
            &pipeline.readers,
        )?;
        let extracted = pipeline
            .process_or_fault(source, options.reading())
            .map_err(anyhow::Error::msg)?;
        for extracted in extracted {
            let Some(expected) = expected.get(&extracted.document.id) else {
                ui.detail(format_args!(
                    "not scored (no expected file): {}",
                    extracted.document.id
                ));
                continue;
            };
            evaluation.add(
                &extracted.document.id,
                &extracted_lines(&keys, &extracted.document, &extracted.records),
                expected,
            );
        }
    }
    let rows: Vec<Vec<String>> = evaluation
        .scores
        .iter()
        .map(|(fact_type, score)| {
            vec![
                fact_type.clone(),
                score.expected.to_string(),
                score.extracted.to_string(),
                score.correct.to_string(),
                format!("{:.3}", score.precision()),
                format!("{:.3}", score.recall()),
            ]
        })
        .collect();
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{} document(s) scored against {}",
        evaluation.documents,
        args.expected.display()
    )?;
    let headers = [
        "fact type",
        "expected",
        "extracted",
        "correct",
        "precision",
        "recall",
    ]
    .map(String::from);
    write_table(&mut stdout, &headers, &rows)?;
    if cli.verbose {
        for (document, line) in &evaluation.missed {
            writeln!(stdout, "missed      {document}\t{line}")?;
        }
        for (document, line) in &evaluation.spurious {
            writeln!(stdout, "unexpected  {document}\t{line}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
