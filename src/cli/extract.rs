//! `diplograph extract`: the records of files without a store, as JSON lines, RDF or the text
//! their spans count into.
//!
//! Cost: linear in the text read. JSON lines, N-Quads and text are written as each file is done;
//! Turtle is held until the end (sorted, to merge the graphs).

use super::{
    find_files, little_understood_message, load_pipeline, output, read_options, Cli, ReadArgs, Ui,
};
use crate::extract::Record;
use crate::rdf::formats::GraphFormat;
use crate::text::input::read_source;
use anyhow::Result;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExtractFormat {
    /// One JSON object a line: a `document` line, then its records
    Jsonl,
    /// Turtle (graphs merged)
    Turtle,
    /// N-Quads, one named graph per document
    Nquads,
    /// The text read from each file, which spans (`start`, `end`) count into: a text file as
    /// decoded, the document of a web page as read from it, a PDF's pages joined by form feeds
    Text,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// Output format
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExtractFormat,

    /// Write to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub(super) fn run_extract(cli: &Cli, ui: &Ui, args: &ExtractArgs) -> Result<ExitCode> {
    let options = read_options(&args.read)?;
    let pipeline = load_pipeline(cli, &args.read.base_iri)?;
    let (files, missing) = find_files(ui, &args.read.paths);
    let mut failures: Vec<String> = missing.iter().map(ToString::to_string).collect();
    let mut out = output(args.output.as_deref())?;
    let mut turtle_triples = Vec::new();
    let mut documents = 0;
    for file in &files {
        let source = match read_source(
            file,
            options.encoding,
            options.max_file_megabytes,
            &pipeline.readers,
        ) {
            Ok(source) => source,
            Err(error) => {
                failures.push(error.to_string());
                continue;
            }
        };
        ui.detail(format_args!(
            "{}: read as {}",
            file.path.display(),
            source.read_as()
        ));
        if let ExtractFormat::Text = args.format {
            if files.len() > 1 {
                writeln!(out, "==> {} <==", file.name)?;
            }
            out.write_all(source.text.as_bytes())?;
            continue;
        }
        let extracted = match pipeline.process_or_fault(source, options.reading()) {
            Ok(extracted) => extracted,
            Err(fault) => {
                failures.push(fault);
                continue;
            }
        };
        for extracted in extracted {
            documents += 1;
            let missing = crate::extract::little_understood(&extracted.records);
            if !missing.is_empty() {
                ui.warn(little_understood_message(
                    &extracted.document.id,
                    &extracted.document.source.file_name,
                    &missing,
                ));
            }
            match args.format {
                ExtractFormat::Jsonl => {
                    let document = &extracted.document;
                    let line = serde_json::json!({
                        "type": "document",
                        "document": document.id,
                        "iri": pipeline.iris.document(&document.id).as_str(),
                        "source": document.source.file_name,
                        "encoding": document.source.encoding,
                        "start": document.span.start,
                        "end": document.span.end,
                        "parts": document.parts,
                    });
                    writeln!(out, "{line}")?;
                    for record in &extracted.records {
                        writeln!(out, "{}", record_json(&document.id, record))?;
                    }
                }
                ExtractFormat::Turtle => turtle_triples.extend(
                    extracted
                        .graph
                        .triples()
                        .map(oxigraph::model::TripleRef::into_owned),
                ),
                ExtractFormat::Nquads => {
                    // N-Quads has no prefixes or state: each document's lines go out as it is done.
                    let mut serializer = GraphFormat::NQUADS.serializer().for_writer(&mut out);
                    for quad in extracted.graph.quads() {
                        serializer.serialize_quad(quad)?;
                    }
                    serializer.finish()?;
                }
                ExtractFormat::Text => {}
            }
        }
    }
    if matches!(args.format, ExtractFormat::Turtle) {
        turtle_triples.sort_by_cached_key(ToString::to_string);
        turtle_triples.dedup();
        let serializer = GraphFormat::TURTLE.serializer();
        let mut writer = serializer.for_writer(&mut out);
        for triple in &turtle_triples {
            writer.serialize_triple(triple)?;
        }
        writer.finish()?;
    }
    out.flush()?;
    for failure in &failures {
        ui.error(failure);
    }
    ui.detail(format_args!(
        "extracted {documents} document(s) from {} file(s)",
        files.len()
    ));
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub(super) fn record_json(document: &str, record: &Record) -> serde_json::Value {
    let mut value = serde_json::to_value(record).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("document".to_owned(), document.into());
    }
    value
}
