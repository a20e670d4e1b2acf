//! Ingest: extract each source and write its documents into the store, and record the run.
//!
//! Files are read and extracted in parallel, one worker per core, and handed to a single writer
//! through a bounded channel, so at most a few files' facts wait in memory at once; and no more
//! than [`IN_FLIGHT_TEXT_BYTES`] of text is extracted or waits at once (see `budget`), so that
//! files near the size limit go one at a time.
//!
//! The writer keeps every document whole:
//! - Documents new to the store are gathered into batches of about [`BATCH_QUADS`] quads and
//!   written with oxigraph's bulk loader, which sorts each batch into files and adds them to the
//!   store in one atomic step, without the write-ahead log. A batch holds whole documents only
//!   (a large file's documents may be spread over several), so a crash leaves each of them stored
//!   whole or absent, and the next run stores the absent ones.
//! - A file stored before (a document of the same source name or graph exists, or one of
//!   version 0.1 under its bare file name: see [`legacy_documents`]) is written in one
//!   transaction that replaces its documents' graphs and removes graphs of documents it no longer
//!   yields: a crash leaves the old version or the new one. The transaction writes only the
//!   quads that changed (and the change to the summary's tallies), so ingesting the same files
//!   again reads their graphs, writes nothing but the run's record, and gives the same graphs
//!   and triple counts.
//! - Each bulk load and each replacing transaction also carries its change to the tallies of the
//!   summary graph (see `summary`); a run that left few of them merges them at its end.
//!
//! A file that cannot be read or decoded, or whose extraction faults, is reported and skipped;
//! the others are still written. A file is refused, never merged, when its documents would take
//! an ID that another file of the run or of the store holds (two names that differ only in their
//! extension, or the same file name given twice from two folders).
//!
//! At the end of a run the versions graph is rebuilt (see `versions`): which documents of the
//! store are versions of one work in several languages.
//!
//! The ontology and reference data are written to their own graphs on every run. The run itself
//! (tool version, start and end time, files, documents) is recorded with PROV-O in the runs graph,
//! under an IRI derived from the tool version and the files, so running the same ingest again
//! replaces its record instead of adding one: the store's triple count does not change. The
//! record's lists of files and documents are bulk-loaded in batches too (see [`record_run`]).
//!
//! Cost: extraction is linear in the input and spread over the cores; each file costs one index
//! lookup for its earlier documents; bulk loading sorts each batch (n log n in the batch size,
//! linear in the corpus); replacing a document reads its graph and writes the difference (linear
//! in the old and new graphs); tallying is linear in the quads written (and in those of replaced
//! documents), folding linear in the summary graph; a run that wrote a quarter or more of a large
//! store advises compaction ([`should_compact`]), which is linear in the store and left to
//! `diplograph compact`; a store of at most [`COMPACTED_AT_INGEST`] bytes of data files is
//! compacted at the end of every run, a fraction of a second. Memory holds one batch (and the
//! bulk loader's sorted copy of it) and the text in flight, whatever the size of the corpus or of
//! its files; beside them, what grows with the run is small: a line of the report for each
//! document (a few hundred bytes) and, when the same files were ingested before, their earlier
//! record.

use crate::error::StoreError;
use crate::map::mapping::{ONTOLOGY_GRAPH, REFERENCE_GRAPH};
use crate::map::pipeline::ExtractedDocument;
use crate::map::pipeline::Pipeline;
use crate::rdf::graph::Graph;
use crate::rdf::run_record::{date_time, fnv1a, TOOL_VERSION};
use crate::rdf::subjects::Subjects;
use crate::rdf::vocab::{dcterms, dg, prov, rdf, rdfs};
use crate::store::budget::TextBudget;
use crate::store::summary::{self, Tallies};
use crate::store::{GraphRewrite, GraphStore};
use crate::text::document::Split;
use crate::text::input::{
    read_source, size_limit_bytes, EncodingChoice, InputFile, SourceText,
    DEFAULT_MAX_FILE_MEGABYTES,
};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, QuadRef, Term};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Instant, SystemTime};

/// Options of an ingest.
#[derive(Debug, Clone, Copy)]
pub struct IngestOptions {
    pub split: Split,
    pub encoding: EncodingChoice,
    /// The language to read files in, or the guess per file.
    pub language: crate::text::language::LanguageChoice,
    /// Files over this many megabytes are refused.
    pub max_file_megabytes: u64,
    /// How many files are read and extracted at once; 0 for as many as the cores available.
    pub jobs: usize,
}

impl IngestOptions {
    /// How each source is read.
    pub fn reading(&self) -> crate::map::pipeline::Reading {
        crate::map::pipeline::Reading {
            split: self.split,
            language: self.language,
        }
    }
}

impl Default for IngestOptions {
    fn default() -> Self {
        Self {
            split: Split::default(),
            encoding: EncodingChoice::default(),
            language: crate::text::language::LanguageChoice::default(),
            max_file_megabytes: DEFAULT_MAX_FILE_MEGABYTES,
            jobs: 0,
        }
    }
}

/// One stored document.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub id: String,
    pub iri: NamedNode,
    pub file_name: String,
    pub triples: usize,
    /// The position of its input in the list given to [`ingest`].
    pub input: usize,
    /// What the extractors found none of, of what every diplomatic document has
    /// ([`crate::extract::little_understood`]).
    pub missing: Vec<&'static str>,
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
    /// The run wrote a quarter or more of a large store, or left many tallies of the summary to
    /// merge: compacting it (which merges them too) would speed up queries.
    pub compaction_advised: bool,
    /// The store was small enough that the run compacted it.
    pub compacted: bool,
    /// The works of the store with versions in several languages, after the run.
    pub works: Vec<crate::store::versions::Work>,
}

impl IngestReport {
    /// Triples in the document graphs written.
    pub fn triples(&self) -> usize {
        self.documents.iter().map(|d| d.triples).sum()
    }
}

/// Where ingest input comes from: files on disk or bytes already in memory.
pub enum Input {
    Path(InputFile),
    Bytes { name: String, bytes: &'static [u8] },
}

/// Progress events, for a progress bar.
pub enum Progress<'a> {
    Started {
        files: usize,
    },
    /// A file is written: its name, and how it was read when it could be.
    File {
        name: &'a str,
        reader: Option<&'a str>,
    },
}

/// Ingests `inputs` into `store`.
pub fn ingest(
    store: &mut GraphStore,
    pipeline: &Pipeline,
    inputs: &[Input],
    options: IngestOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<IngestReport, StoreError> {
    let started = Instant::now();
    let started_at = SystemTime::now();
    let size_before = store.data_size();
    store.replace_graph(
        NamedNodeRef::new_unchecked(ONTOLOGY_GRAPH),
        &pipeline.ontology_quads,
    )?;
    store.replace_graph(
        NamedNodeRef::new_unchecked(REFERENCE_GRAPH),
        &pipeline.reference_quads,
    )?;
    summary::bring_up_to_date(store)?;
    // Two files of this run whose names give one ID: the later in input order is refused before
    // it is read, so that which one is stored does not depend on the order extraction ends in.
    let mut refused = Vec::new();
    let mut first_of_id: HashMap<String, &Path> = HashMap::new();
    let kept: Vec<(usize, &Input)> = inputs
        .iter()
        .enumerate()
        .filter(|(_, input)| {
            let Input::Path(file) = input else {
                return true;
            };
            let id = crate::text::document::document_id(&file.name);
            let Some(first) = first_of_id.get(&id) else {
                first_of_id.insert(id, &file.path);
                return true;
            };
            refused.push((
                file.path.clone(),
                format!(
                    "`{}` was skipped: its documents would take the ID `{id}`, which `{}` gives \
                     too\nhint: rename one of the two files, so that their names differ before \
                     the extension",
                    file.path.display(),
                    first.display()
                ),
            ));
            false
        })
        .collect();
    let inputs = kept.as_slice();
    progress(Progress::Started {
        files: inputs.len(),
    });
    let workers = match options.jobs {
        0 => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        jobs => jobs,
    }
    .clamp(1, inputs.len().max(1));
    let next_input = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let budget = TextBudget::new(IN_FLIGHT_TEXT_BYTES);
    let (mut report, folded) = std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<ExtractedFile>(2 * workers);
        for _ in 0..workers {
            let sender = sender.clone();
            let (next_input, stop, budget) = (&next_input, &stop, &budget);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let Some(&(index, input)) =
                        inputs.get(next_input.fetch_add(1, Ordering::Relaxed))
                    else {
                        break;
                    };
                    let text_bytes = text_bytes(input, options);
                    if !budget.take(text_bytes) {
                        break;
                    }
                    let file = extract_input(pipeline, index, input, options, text_bytes);
                    if sender.send(file).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut writer = Writer::new(store, pipeline, started_at);
        let result = (|| {
            for file in receiver {
                progress(Progress::File {
                    name: &file.name,
                    reader: file.reader.as_deref(),
                });
                let text_bytes = file.text_bytes;
                writer.write(file)?;
                budget.give_back(text_bytes);
            }
            writer.finish()?;
            summary::fold(writer.store, Some(FOLD_AT_INGEST))
        })();
        // On an error, the workers stop after the file each has in hand.
        stop.store(true, Ordering::Relaxed);
        budget.close();
        result.map(|folded| (writer.report, folded))
    })?;
    report.documents.sort_by_key(|document| document.input);
    report.failures.extend(refused);
    report.failures.sort();
    record_run(store, pipeline, &report, started_at)?;
    report.works = crate::store::versions::refresh(store, &pipeline.iris)?;
    // What the run wrote in transactions is written out of the log, so that readers do not read
    // it again at each opening.
    store.reopen()?;
    let size_after = store.data_size();
    if size_after <= COMPACTED_AT_INGEST {
        compact(store)?;
        report.compacted = true;
    } else {
        report.compaction_advised = should_compact(size_before, size_after)
            || matches!(folded, summary::Folded::Postponed(_));
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Data files up to which ingest compacts the store itself at the end of a run: a fraction of a
/// second of work, for queries that then read one sorted run instead of the files each batch and
/// transaction added.
pub const COMPACTED_AT_INGEST: u64 = 16 * 1_000_000;

/// Merges the store's data files into one sorted run (`diplograph compact`, and ingest into a
/// small store): the summary is brought up to date and its tallies merged first, and the store
/// opened again to write the merge out of the write-ahead log, so that the compaction rewrites it
/// with the rest. Linear in the size of the store.
pub fn compact(store: &mut GraphStore) -> Result<(), StoreError> {
    summary::bring_up_to_date(store)?;
    summary::fold(store, None)?;
    store.reopen()?;
    store.compact()
}

/// Whether a run that took the store's data from `before` to `after` bytes calls for compaction
/// (`diplograph compact`).
///
/// Bulk loading adds each batch as files of its own, so after a large ingest a lookup visits many
/// files: compacting them into one sorted run makes the bundled queries about twice as fast, for
/// about half the ingest's time again (`benches/RESULTS.md`). Compaction rewrites the
/// whole store, so it is advised when the run wrote at least a quarter of the store's data: the
/// work of all compactions then stays within a few times the size of the store, and adding a few
/// documents to a large store does not call for it.
fn should_compact(before: u64, after: u64) -> bool {
    const SMALL_STORE: u64 = 64 * 1_000_000;
    after > SMALL_STORE && after.saturating_sub(before) >= after / 4
}

/// One input file, read and extracted by a worker.
struct ExtractedFile {
    /// The position of the input in the list, to report documents in input order.
    input: usize,
    name: String,
    /// How the file was read (`web page (UTF-8)`), when it could be.
    reader: Option<String>,
    /// The file's documents, or why it could not be read.
    documents: Result<ReadDocuments, String>,
    /// What the file took from the budget of text in flight, given back once it is written.
    text_bytes: u64,
}

/// What a worker made of a file it could read.
struct ReadDocuments {
    file_name: String,
    bytes: u64,
    documents: Vec<ReadDocument>,
    /// What each document adds to the summary, in the same order (computed by the worker,
    /// beside the extraction).
    tallies: Vec<Tallies>,
}

/// A document as the writer needs it: the worker keeps its graph and what it lacks, and drops its
/// records, so that a file waiting for the writer holds no more than its graphs.
struct ReadDocument {
    id: String,
    graph: Graph,
    missing: Vec<&'static str>,
}

impl From<ExtractedDocument> for ReadDocument {
    fn from(document: ExtractedDocument) -> Self {
        Self {
            missing: crate::extract::little_understood(&document.records),
            id: document.document.id,
            graph: document.graph,
        }
    }
}

/// Reads and extracts one input; `text_bytes` is what it took from the budget of text in flight.
fn extract_input(
    pipeline: &Pipeline,
    input_index: usize,
    input: &Input,
    options: IngestOptions,
    text_bytes: u64,
) -> ExtractedFile {
    let (name, source) = match input {
        Input::Path(file) => (
            file.path.display().to_string(),
            read_source(
                file,
                options.encoding,
                options.max_file_megabytes,
                &pipeline.readers,
            ),
        ),
        Input::Bytes { name, bytes } => (
            name.clone(),
            crate::text::input::decode_source(
                name.as_ref(),
                name.clone(),
                bytes,
                options.encoding,
                &pipeline.readers,
            ),
        ),
    };
    let reader = source.as_ref().ok().map(SourceText::read_as);
    let documents = source
        .map_err(|error| error.to_string())
        .and_then(|source: SourceText| {
            let file_name = source.file_name.clone();
            let bytes = source.text.len() as u64;
            let documents = pipeline.process_or_fault(source, options.reading())?;
            let tallies = documents
                .iter()
                .map(|document| {
                    let mut tallies = Tallies::new();
                    let graph = &document.graph;
                    tallies.add_document(graph.name().as_ref(), &graph.subjects(), 1);
                    tallies
                })
                .collect();
            Ok(ReadDocuments {
                file_name,
                bytes,
                documents: documents.into_iter().map(ReadDocument::from).collect(),
                tallies,
            })
        });
    ExtractedFile {
        input: input_index,
        name,
        reader,
        documents,
        text_bytes,
    }
}

/// What ingesting `input` takes from the budget of text in flight: its size, or nothing for a
/// file refused unread (over the size limit, or gone).
fn text_bytes(input: &Input, options: IngestOptions) -> u64 {
    match input {
        Input::Path(file) => std::fs::metadata(&file.path)
            .map(|metadata| metadata.len())
            .ok()
            .filter(|&size| size <= size_limit_bytes(options.max_file_megabytes))
            .unwrap_or(0),
        Input::Bytes { bytes, .. } => bytes.len() as u64,
    }
}

/// Bytes of source text that may be extracted or wait to be written at once (see `budget`): one
/// file at the default size limit, so that files near it go one at a time. With extraction at a
/// few hundred bytes of memory for each byte of text, this keeps the files in flight within a few
/// hundred megabytes however large they are; files of tens of kilobytes never wait for it.
const IN_FLIGHT_TEXT_BYTES: u64 = size_limit_bytes(DEFAULT_MAX_FILE_MEGABYTES);

/// At the end of a run, the summary's contributions are merged when at most this many nodes are
/// to be merged (a run of some thousands of documents): more would take long at the end of a
/// run, and are left to `diplograph compact`, which ingest then advises.
const FOLD_AT_INGEST: usize = summary::FOLD_NODES_PER_OPENING;

/// Quads replaced in transactions between two openings of the store that write its write
/// buffers out (see [`GraphStore::reopen`]).
const REOPEN_QUADS: usize = 250_000;

/// Quads gathered for one bulk load: large enough that loading is fast, small enough that the
/// batch and the bulk loader's work on it stay far below the memory target: larger batches were
/// no faster and took more memory (`benches/RESULTS.md`).
const BATCH_QUADS: usize = 100_000;

/// Writes extracted files to the store: new documents in bulk, documents already stored in
/// transactions that replace them.
struct Writer<'a> {
    store: &'a mut GraphStore,
    pipeline: &'a Pipeline,
    /// Graphs of new documents waiting for the next bulk load, and how many triples they hold.
    batch: Vec<Graph>,
    batch_triples: usize,
    batch_documents: Vec<StoredDocument>,
    /// The graphs of the waiting documents, with the source name of their file.
    batch_graphs: HashMap<NamedNode, String>,
    /// The tallies of the waiting documents, written to the summary with them.
    batch_tallies: Tallies,
    /// Names this run's contributions to the summary: the run's start and a sequence number.
    run_stamp: u128,
    contributions: usize,
    /// Quads written in transactions since the store was last opened again.
    quads_since_reopen: usize,
    /// Source names written in this run, with their file's path: a second file of the same name
    /// is refused, not taken for a new version of the first.
    files_seen: HashMap<String, String>,
    /// What was written so far (documents once they are in the store).
    report: IngestReport,
}

impl<'a> Writer<'a> {
    fn new(store: &'a mut GraphStore, pipeline: &'a Pipeline, started_at: SystemTime) -> Self {
        Self {
            store,
            pipeline,
            batch: Vec::new(),
            batch_triples: 0,
            batch_documents: Vec::new(),
            batch_graphs: HashMap::new(),
            batch_tallies: Tallies::new(),
            run_stamp: started_at
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |duration| duration.as_nanos()),
            contributions: 0,
            quads_since_reopen: 0,
            files_seen: HashMap::new(),
            report: IngestReport::default(),
        }
    }

    fn write(&mut self, file: ExtractedFile) -> Result<(), StoreError> {
        let ReadDocuments {
            file_name,
            bytes,
            documents: extracted,
            tallies,
        } = match file.documents {
            Ok(documents) => documents,
            Err(error) => {
                self.report
                    .failures
                    .push((PathBuf::from(&file.name), error));
                return Ok(());
            }
        };
        if let Some(other) = self.files_seen.get(&file_name) {
            let refusal = format!(
                "`{}` has the same name, `{file_name}`, as `{other}` in this run, so it was \
                 skipped: its documents would have replaced the other's\nhint: ingest the folder \
                 that holds both, so that each name keeps its folders, or rename one of them",
                file.name
            );
            self.report
                .failures
                .push((PathBuf::from(&file.name), refusal));
            return Ok(());
        }
        let graphs: Vec<NamedNode> = extracted
            .iter()
            .map(|document| document.graph.name().clone())
            .collect();
        let mut replaces = false;
        for (graph, document) in graphs.iter().zip(&extracted) {
            let owner = match self.batch_graphs.get(graph) {
                Some(owner) => Some(owner.clone()),
                None => self.store.source_file_of(graph)?,
            };
            match owner {
                Some(owner) if owner != file_name => {
                    let refusal = format!(
                        "`{}` was skipped: its document ID `{}` is held by the documents of \
                         `{owner}`\nhint: rename one of the two files, so that their names differ \
                         before the extension",
                        file.name, document.id
                    );
                    self.report
                        .failures
                        .push((PathBuf::from(&file.name), refusal));
                    return Ok(());
                }
                Some(_) => replaces = true,
                None => {}
            }
        }
        self.files_seen.insert(file_name.clone(), file.name.clone());
        self.report.files += 1;
        self.report.bytes += bytes;
        let mut previous = documents_of_file(self.store, &file_name)?;
        previous.extend(legacy_documents(self.store, self.pipeline, &file_name)?);
        replaces = replaces || !previous.is_empty();
        let stored = extracted
            .iter()
            .zip(&graphs)
            .map(|(document, graph)| StoredDocument {
                id: document.id.clone(),
                iri: graph.clone(),
                file_name: file_name.clone(),
                triples: document.graph.len(),
                input: file.input,
                missing: document.missing.clone(),
            })
            .collect::<Vec<_>>();
        if replaces {
            self.load_batch()?;
            let mut file_tallies = Tallies::new();
            for document_tallies in tallies {
                file_tallies.merge(document_tallies);
            }
            self.replace(&previous, &extracted, &graphs, file_tallies)?;
            self.report.documents.extend(stored);
        } else {
            // Document by document, so that a batch stays near its size whatever the size of the
            // file: a large file's documents may be spread over several batches, each whole in one.
            let documents = extracted.into_iter().zip(graphs).zip(tallies).zip(stored);
            for (((document, graph), document_tallies), stored) in documents {
                self.batch_triples += document.graph.len();
                self.batch.push(document.graph);
                self.batch_graphs.insert(graph, file_name.clone());
                self.batch_tallies.merge(document_tallies);
                self.batch_documents.push(stored);
                if self.batch_triples >= BATCH_QUADS {
                    self.load_batch()?;
                }
            }
        }
        Ok(())
    }

    /// Bulk-loads the waiting documents. The load is one atomic ingestion of sorted files: after a
    /// crash every document of the batch is stored whole or not at all.
    fn load_batch(&mut self) -> Result<(), StoreError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let tallies = std::mem::take(&mut self.batch_tallies);
        let contribution = self.next_contribution();
        let mut summary = tallies.contribution_quads(&contribution);
        summary.extend(summary::marker_quads());
        let graphs = std::mem::take(&mut self.batch);
        let count = std::mem::take(&mut self.batch_triples) + summary.len();
        let quads = graphs
            .iter()
            .flat_map(Graph::quads)
            .map(QuadRef::into_owned)
            .chain(summary);
        self.store.bulk_load(quads, count)?;
        self.report.documents.append(&mut self.batch_documents);
        self.batch_graphs.clear();
        Ok(())
    }

    /// A name for the next contribution to the summary, unique in the store.
    fn next_contribution(&mut self) -> String {
        self.contributions += 1;
        format!("{:x}-{}", self.run_stamp, self.contributions)
    }

    /// Replaces the documents of a file stored before in one transaction, removing the graphs of
    /// documents the file no longer yields; the summary takes the old documents' tallies away and
    /// adds the new ones' in the same transaction. Only what changed in each graph is written.
    fn replace(
        &mut self,
        previous: &[NamedNode],
        extracted: &[ReadDocument],
        graphs: &[NamedNode],
        mut tallies: Tallies,
    ) -> Result<(), StoreError> {
        let stale: Vec<NamedNode> = previous
            .iter()
            .filter(|old| !graphs.contains(old))
            .cloned()
            .collect();
        let mut held = Vec::with_capacity(graphs.len());
        for old in graphs.iter().chain(&stale) {
            let quads: Vec<Quad> = self
                .store
                .graph_quads(GraphNameRef::NamedNode(old.as_ref()))
                .collect::<Result<_, _>>()?;
            tallies.add_document(old.as_ref(), &Subjects::new(&quads), -1);
            held.push(quads);
        }
        let mut summary = tallies.contribution_quads(&self.next_contribution());
        if !summary.is_empty() {
            summary.extend(summary::marker_quads());
        }
        // The graphs of documents the file no longer yields are to hold nothing.
        let wanted = extracted
            .iter()
            .map(|document| document.graph.triples().collect())
            .chain(std::iter::repeat_with(HashSet::new).take(stale.len()));
        let rewrites = graphs.iter().chain(&stale).zip(wanted).zip(&held);
        let written = self.store.replace_graphs(
            rewrites.map(|((graph, wanted), held)| GraphRewrite {
                graph: graph.as_ref(),
                held,
                wanted,
            }),
            &summary,
        )?;
        self.report.removed += stale.len();
        // A transaction's writes stay in RocksDB's write buffers (up to 128 MB for each of the
        // store's eleven indexes) until they are written out: opening the store again every
        // few hundred thousand quads keeps the memory of a run that replaces many documents
        // bounded (a fifth of a 100 MB corpus ingested again: 2.3 GB without, 0.5 GB with).
        self.quads_since_reopen += written;
        if self.quads_since_reopen >= REOPEN_QUADS {
            self.store.reopen()?;
            self.quads_since_reopen = 0;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), StoreError> {
        self.load_batch()
    }
}

/// The graphs of documents whose source file has this name (a document names its file in its own
/// graph: `<doc> dg:sourceFile "name"` in graph `<doc>`).
fn documents_of_file(store: &GraphStore, file_name: &str) -> Result<Vec<NamedNode>, StoreError> {
    let file = Literal::new_simple_literal(file_name);
    store.graphs_saying_of_themselves(dg::SOURCE_FILE, file.as_ref().into())
}

/// Documents that diplograph 0.1 stored for the file of this source name, when they are not
/// under the name's ID today, to be replaced by its documents.
///
/// Version 0.1 named a file's documents after its file name alone, without its folders, and
/// made the name an IRI segment by turning every other character into `-` (`2019/a b.txt` gave
/// `a-b`). A file whose documents are found under its bare file name, under that old ID (or
/// `ID.docN`), and that no later version's run generated, is such a file stored before: its old
/// documents are removed in the same step as its new ones are written, so re-ingesting an
/// archive migrates it. (A file at the top of the folder given, with a name that needs no
/// encoding, has the same ID in both schemes and is replaced as usual.)
fn legacy_documents(
    store: &GraphStore,
    pipeline: &Pipeline,
    name: &str,
) -> Result<Vec<NamedNode>, StoreError> {
    let bare = name.rsplit('/').next().unwrap_or(name);
    let old_id = legacy_id(bare);
    let old_iri = pipeline.iris.document(&old_id);
    let new_iri = pipeline
        .iris
        .document(&crate::text::document::document_id(name));
    if old_iri == new_iri {
        return Ok(Vec::new());
    }
    let split_prefix = format!("{}.doc", old_iri.as_str());
    let mut found = Vec::new();
    for graph in documents_of_file(store, bare)? {
        let under_old_id = graph == old_iri
            || graph
                .as_str()
                .strip_prefix(&split_prefix)
                .is_some_and(|ordinal| ordinal.bytes().all(|b| b.is_ascii_digit()));
        if under_old_id && generated_by_version_0_1_only(store, pipeline, &graph)? {
            found.push(graph);
        }
    }
    Ok(found)
}

/// Whether every run recorded as generating `graph` was one of diplograph 0.1 (and one was).
fn generated_by_version_0_1_only(
    store: &GraphStore,
    pipeline: &Pipeline,
    graph: &NamedNode,
) -> Result<bool, StoreError> {
    let runs_graph = pipeline.iris.runs_graph();
    let runs_graph = GraphNameRef::NamedNode(runs_graph.as_ref());
    let runs: Vec<Quad> = store
        .store
        .quads_for_pattern(
            None,
            Some(prov::GENERATED),
            Some(graph.as_ref().into()),
            Some(runs_graph),
        )
        .collect::<Result<_, _>>()
        .map_err(|source| store.storage_error(source))?;
    let mut any = false;
    for run in runs {
        for version in store.store.quads_for_pattern(
            Some(run.subject.as_ref()),
            Some(dg::TOOL_VERSION),
            None,
            Some(runs_graph),
        ) {
            let version = version.map_err(|source| store.storage_error(source))?;
            let Term::Literal(version) = version.object else {
                continue;
            };
            if !version.value().starts_with("diplograph 0.1.") {
                return Ok(false);
            }
            any = true;
        }
    }
    Ok(any)
}

/// The document ID diplograph 0.1 gave a file name: the name without its last extension, every
/// character but letters, digits, `-`, `_` and `.` turned into `-`, runs of `-` made one, `-` and
/// `.` trimmed at the ends.
fn legacy_id(file_name: &str) -> String {
    let stem = match file_name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file_name,
    };
    let mut slug = String::with_capacity(stem.len());
    for c in stem.chars() {
        let c = if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            c
        } else {
            '-'
        };
        if !(c == '-' && slug.ends_with('-')) {
            slug.push(c);
        }
    }
    let slug = slug.trim_matches(|c| c == '-' || c == '.');
    if slug.is_empty() {
        "document".to_owned()
    } else {
        slug.to_owned()
    }
}

/// Records the run in the runs graph, replacing the record of an identical earlier run.
///
/// The record names every file and document of the run: tens of thousands of statements for a
/// large corpus, too many to hold in one transaction (which holds every statement it writes in
/// memory). Only the difference with an earlier record is written: the
/// statements it lacks are bulk-loaded in batches of [`BATCH_QUADS`], and its stale statements
/// are removed in a last transaction with the run's times. A run killed in between leaves a new
/// record's lists without its type and times, or an earlier record with the earlier times; the
/// next run of the same files completes either. Memory holds the earlier record (none for a new
/// set of files).
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
    let statement = |predicate: NamedNodeRef<'_>, object: Term| {
        Quad::new(run.clone(), predicate, object, graph.clone())
    };
    let mut earlier: HashSet<Quad> = store
        .store
        .quads_for_pattern(
            Some(run.as_ref().into()),
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        )
        .collect::<Result<_, _>>()
        .map_err(|source| store.storage_error(source))?;
    let lists = files
        .iter()
        .map(|file| statement(dg::SOURCE_FILE, Literal::new_simple_literal(*file).into()))
        .chain(
            report
                .documents
                .iter()
                .map(|document| statement(prov::GENERATED, document.iri.clone().into())),
        );
    let mut batch = Vec::new();
    for quad in lists {
        // A statement the earlier record has is kept; what remains of that record is stale.
        if !earlier.remove(&quad) {
            batch.push(quad);
            if batch.len() >= BATCH_QUADS {
                let count = batch.len();
                store.bulk_load(std::mem::take(&mut batch), count)?;
            }
        }
    }
    let count = batch.len();
    store.bulk_load(batch, count)?;
    let header = [
        statement(rdf::TYPE, dg::INGEST_RUN.into_owned().into()),
        statement(rdf::TYPE, prov::ACTIVITY.into_owned().into()),
        statement(
            rdfs::LABEL,
            Literal::new_simple_literal(format!("{TOOL_VERSION} ingest")).into(),
        ),
        statement(
            dg::TOOL_VERSION,
            Literal::new_simple_literal(TOOL_VERSION).into(),
        ),
        statement(prov::STARTED_AT_TIME, date_time(started_at).into()),
        statement(prov::ENDED_AT_TIME, date_time(SystemTime::now()).into()),
        statement(
            dcterms::IDENTIFIER,
            Literal::new_simple_literal(run.as_str().rsplit('/').next().unwrap_or_default()).into(),
        ),
    ];
    let header: Vec<Quad> = header
        .into_iter()
        .filter(|quad| !earlier.remove(quad))
        .collect();
    store.remove_and_insert(&earlier, &header)
}

#[cfg(test)]
mod tests {
    use super::{legacy_id, should_compact};

    #[test]
    fn the_ids_of_version_0_1_are_known() {
        assert_eq!(legacy_id("a b+c.txt"), "a-b-c");
        assert_eq!(
            legacy_id("2019-07-23_china uae.zh.txt"),
            "2019-07-23_china-uae.zh"
        );
        assert_eq!(legacy_id("<>.txt"), "document");
    }

    #[test]
    fn compaction_is_advised_when_a_run_wrote_a_quarter_of_the_store() {
        const MB: u64 = 1_000_000;
        // A first large ingest, and one that doubles the store.
        assert!(should_compact(0, 8_000 * MB));
        assert!(should_compact(4_000 * MB, 8_000 * MB));
        // A few documents added to a large store.
        assert!(!should_compact(8_000 * MB, 8_010 * MB));
        // Small stores read few files anyway.
        assert!(!should_compact(0, 10 * MB));
    }
}
