//! Ingest: extract each source and write its documents into the store, and record the run.
//!
//! Each source file is written in one transaction: the graphs of the documents it yields are
//! replaced, and graphs of documents the same file yielded before but no longer does are removed.
//! A crash leaves every document as it was before or as it is now. A file that cannot be read or
//! decoded is reported and skipped; the others are still written.
//!
//! The ontology and reference data are written to their own graphs on every run. The run itself
//! (tool version, start and end time, files, documents) is recorded with PROV-O in the runs graph,
//! under an IRI derived from the tool version and the files, so running the same ingest again
//! replaces its record instead of adding one: the store's triple count does not change.
//!
//! Cost: linear in the input; memory holds one file's quads at a time.

use crate::document::Split;
use crate::error::StoreError;
use crate::input::{read_source, EncodingChoice, SourceText};
use crate::mapping::{ONTOLOGY_GRAPH, REFERENCE_GRAPH};
use crate::pipeline::Pipeline;
use crate::store::GraphStore;
use crate::vocab::{dcterms, dg, prov, rdf, rdfs, xsd};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef,
    Term,
};
use std::path::PathBuf;
use std::time::{Instant, SystemTime};

/// The version recorded in runs.
pub const TOOL_VERSION: &str = concat!("diplograph ", env!("CARGO_PKG_VERSION"));

/// Options of an ingest.
#[derive(Debug, Clone, Copy, Default)]
pub struct IngestOptions {
    pub split: Split,
    pub encoding: EncodingChoice,
}

/// One stored document.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub id: String,
    pub iri: NamedNode,
    pub file_name: String,
    pub triples: usize,
}

/// What an ingest did.
#[derive(Debug, Default)]
pub struct IngestReport {
    pub files: usize,
    pub bytes: u64,
    pub documents: Vec<StoredDocument>,
    /// Files that failed, with the error.
    pub failures: Vec<(PathBuf, String)>,
    /// Graphs of documents that a re-ingested file no longer yields, removed.
    pub removed: usize,
    pub seconds: f64,
}

impl IngestReport {
    /// Triples in the document graphs written.
    pub fn triples(&self) -> usize {
        self.documents.iter().map(|d| d.triples).sum()
    }
}

/// Where ingest input comes from: files on disk or bytes already in memory.
pub enum Input {
    Path(PathBuf),
    Bytes { name: String, bytes: &'static [u8] },
}

/// Progress events, for a progress bar.
pub enum Progress<'a> {
    Started { files: usize },
    File { name: &'a str },
}

/// Ingests `inputs` into `store`.
pub fn ingest(
    store: &GraphStore,
    pipeline: &Pipeline,
    inputs: &[Input],
    options: IngestOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<IngestReport, StoreError> {
    let started = Instant::now();
    let started_at = SystemTime::now();
    let mut report = IngestReport::default();
    store.replace_graph(
        NamedNodeRef::new_unchecked(ONTOLOGY_GRAPH),
        &pipeline.ontology_quads,
    )?;
    store.replace_graph(
        NamedNodeRef::new_unchecked(REFERENCE_GRAPH),
        &pipeline.reference_quads,
    )?;
    progress(Progress::Started {
        files: inputs.len(),
    });
    for input in inputs {
        let (name, source) = match input {
            Input::Path(path) => (
                path.display().to_string(),
                read_source(path, options.encoding),
            ),
            Input::Bytes { name, bytes } => (
                name.clone(),
                crate::input::decode_source(name.as_ref(), name.clone(), bytes, options.encoding),
            ),
        };
        progress(Progress::File { name: &name });
        let source: SourceText = match source {
            Ok(source) => source,
            Err(error) => {
                report
                    .failures
                    .push((PathBuf::from(&name), error.to_string()));
                continue;
            }
        };
        report.files += 1;
        report.bytes += source.text.len() as u64;
        let file_name = source.file_name.clone();
        let extracted = pipeline.process(source, options.split);
        let previous = documents_of_file(store, &file_name)?;
        let mut transaction = store
            .store
            .start_transaction()
            .map_err(|source| store.storage_error(source))?;
        for old in &previous {
            if !extracted
                .iter()
                .any(|d| &pipeline.iris.document(&d.document.id) == old)
            {
                transaction
                    .remove_named_graph(old.as_ref())
                    .map_err(|source| store.storage_error(source))?;
                report.removed += 1;
            }
        }
        for document in &extracted {
            let graph = pipeline.iris.document(&document.document.id);
            transaction
                .remove_named_graph(graph.as_ref())
                .map_err(|source| store.storage_error(source))?;
            for quad in &document.quads {
                transaction.insert(QuadRef::new(
                    &quad.subject,
                    &quad.predicate,
                    &quad.object,
                    graph.as_ref(),
                ));
            }
            report.documents.push(StoredDocument {
                id: document.document.id.clone(),
                iri: graph,
                file_name: file_name.clone(),
                triples: document.quads.len(),
            });
        }
        transaction
            .commit()
            .map_err(|source| store.storage_error(source))?;
    }
    record_run(store, pipeline, &report, started_at)?;
    // No manual flush of the memtables: committed transactions are already durable in the
    // write-ahead log, and RocksDB's manual flush was seen to wait forever after a large ingest.
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The graphs of documents whose source file has this name (a document names its file in its own
/// graph: `<doc> dg:sourceFile "name"` in graph `<doc>`).
fn documents_of_file(store: &GraphStore, file_name: &str) -> Result<Vec<NamedNode>, StoreError> {
    let file = Literal::new_simple_literal(file_name);
    let mut graphs = Vec::new();
    for quad in store.store.quads_for_pattern(
        None,
        Some(dg::SOURCE_FILE),
        Some(file.as_ref().into()),
        None,
    ) {
        let quad = quad.map_err(|source| store.storage_error(source))?;
        if let (NamedOrBlankNode::NamedNode(subject), GraphName::NamedNode(graph)) =
            (&quad.subject, &quad.graph_name)
        {
            if subject == graph {
                graphs.push(graph.clone());
            }
        }
    }
    Ok(graphs)
}

/// Records the run in the runs graph, replacing the record of an identical earlier run.
fn record_run(
    store: &GraphStore,
    pipeline: &Pipeline,
    report: &IngestReport,
    started_at: SystemTime,
) -> Result<(), StoreError> {
    let mut files: Vec<&str> = report
        .documents
        .iter()
        .map(|d| d.file_name.as_str())
        .collect();
    files.sort_unstable();
    files.dedup();
    let mut fingerprint = String::from(TOOL_VERSION);
    for file in &files {
        fingerprint.push('\n');
        fingerprint.push_str(file);
    }
    let run = pipeline
        .iris
        .run(&format!("{:016x}", fnv1a(fingerprint.as_bytes())));
    let graph = pipeline.iris.runs_graph();
    let mut transaction = store
        .store
        .start_transaction()
        .map_err(|source| store.storage_error(source))?;
    let old: Vec<Quad> = transaction
        .quads_for_pattern(
            Some(run.as_ref().into()),
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        )
        .collect::<Result<_, _>>()
        .map_err(|source| store.storage_error(source))?;
    for quad in &old {
        transaction.remove(quad);
    }
    let mut add = |predicate: NamedNodeRef<'_>, object: Term| {
        transaction.insert(QuadRef::new(
            run.as_ref(),
            predicate,
            object.as_ref(),
            graph.as_ref(),
        ));
    };
    add(rdf::TYPE, dg::INGEST_RUN.into_owned().into());
    add(rdf::TYPE, prov::ACTIVITY.into_owned().into());
    add(
        rdfs::LABEL,
        Literal::new_simple_literal(format!("{TOOL_VERSION} ingest")).into(),
    );
    add(
        dg::TOOL_VERSION,
        Literal::new_simple_literal(TOOL_VERSION).into(),
    );
    add(prov::STARTED_AT_TIME, date_time(started_at).into());
    add(prov::ENDED_AT_TIME, date_time(SystemTime::now()).into());
    for file in &files {
        add(dg::SOURCE_FILE, Literal::new_simple_literal(*file).into());
    }
    for document in &report.documents {
        add(prov::GENERATED, document.iri.clone().into());
    }
    add(
        dcterms::IDENTIFIER,
        Literal::new_simple_literal(run.as_str().rsplit('/').next().unwrap_or_default()).into(),
    );
    transaction
        .commit()
        .map_err(|source| store.storage_error(source))
}

/// 64-bit FNV-1a: a stable digest, the same on every platform and version.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// An `xsd:dateTime` literal in UTC, second precision.
pub(crate) fn date_time(time: SystemTime) -> Literal {
    let seconds = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |duration| duration.as_secs() as i64);
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Literal::new_typed_literal(
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            rest / 3600,
            rest % 3600 / 60,
            rest % 60
        ),
        xsd::DATE_TIME,
    )
}
