//! `diplograph validate`: check the stored graphs against SHACL shapes and report each result
//! with its place in the source file.
//!
//! Cost: that of [`crate::publish::validate`], one pass over each document graph.

use super::{output, plural, Ui};
use crate::store::GraphStore;
use anyhow::{Context as _, Result};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How `validate` writes its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ValidateFormat {
    /// One line a result: `FILE [START–END]: SEVERITY: MESSAGE`, with the document, shape and
    /// value.
    Text,
    /// Tab-separated values with a header line.
    Tsv,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A Turtle file of SHACL shapes instead of the bundled ones
    #[arg(long, value_name = "FILE")]
    pub shapes: Option<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: ValidateFormat,

    /// Write to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub(super) fn run_validate(ui: &Ui, store_path: &Path, args: &ValidateArgs) -> Result<ExitCode> {
    use crate::publish::validate::{validate, Severity, Shapes};
    let shapes = match &args.shapes {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| {
                    format!(
                        "cannot read the shapes file `{}`\nhint: name a Turtle file of SHACL shapes, or leave out --shapes to check against the bundled ones",
                        path.display()
                    )
                })?;
            Shapes::parse(&path.display().to_string(), &text)?
        }
        None => Shapes::bundled()?,
    };
    let store = GraphStore::open_for_reading(store_path)?;
    let report = validate(&store, &shapes)?;
    let mut out = output(args.output.as_deref())?;
    match args.format {
        ValidateFormat::Text => {
            for result in &report.results {
                let place = result.source_file.as_deref().unwrap_or(&result.document);
                let span = result
                    .span
                    .map(|(start, end)| format!(" [{start}–{end}]"))
                    .unwrap_or_default();
                let value = result
                    .value
                    .as_ref()
                    .map(|value| format!(", value {value}"))
                    .unwrap_or_default();
                // The node within its document (`commitment-1`), or nothing for the document.
                let document_node = format!("doc:{}", result.document);
                let node = match result.focus.strip_prefix(&document_node) {
                    Some("") => String::new(),
                    Some(rest) => format!(" of {}", rest.trim_start_matches('/')),
                    None => format!(" of {}", result.focus),
                };
                writeln!(
                    out,
                    "{place}{span}: {}: {} ({}, {}, {}{node}{value})",
                    result.severity.word(),
                    result.message,
                    result.document,
                    result.shape,
                    result.path,
                )?;
            }
        }
        ValidateFormat::Tsv => {
            writeln!(
                out,
                "document\tsource file\tstart\tend\tseverity\tshape\tpath\tfocus\tvalue\tmessage\tdetail"
            )?;
            for result in &report.results {
                let (start, end) = result
                    .span
                    .map(|(start, end)| (start.to_string(), end.to_string()))
                    .unwrap_or_default();
                let fields = [
                    result.document.as_str(),
                    result.source_file.as_deref().unwrap_or(""),
                    &start,
                    &end,
                    result.severity.word(),
                    &result.shape,
                    &result.path,
                    &result.focus,
                    result.value.as_deref().unwrap_or(""),
                    &result.message,
                    &result.detail,
                ]
                .map(|field| field.replace(['\t', '\n'], " "));
                writeln!(out, "{}", fields.join("\t"))?;
            }
        }
    }
    out.flush()?;
    let violations = report.count(Severity::Violation);
    let warnings = report.count(Severity::Warning);
    ui.say(format_args!(
        "checked {} document{} against {} shapes: {violations} violation{}, {warnings} warning{}",
        report.documents,
        plural(report.documents),
        shapes.len(),
        plural(violations),
        plural(warnings),
    ));
    Ok(if report.conforms() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
