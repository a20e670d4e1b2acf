//! The command line: flags as documented types (their doc comments are the `--help`), and one
//! file per command, each a thin layer over the library: its arguments and its runner. This file
//! holds what they share: the command enum, the flags every command reads, the talk on stderr
//! (`--quiet` silences it, `--verbose` adds detail) and the opening of the language data. Data
//! goes to stdout, talk (progress, summaries, warnings) to stderr.

mod demo;
mod documents;
mod evaluate;
mod export;
mod extract;
mod ingest;
mod link;
mod push;
mod query;
pub mod samples;
mod serve;
mod validate;

pub use demo::DemoArgs;
pub use documents::document_rows;
pub use evaluate::EvaluateArgs;
pub use export::ExportArgs;
pub use extract::{ExtractArgs, ExtractFormat};
pub use ingest::IngestArgs;
pub use link::{LinkArgs, DEFAULT_DECISIONS};
pub use push::PushArgs;
pub use query::QueryArgs;
pub use serve::ServeArgs;
pub use validate::{ValidateArgs, ValidateFormat};

use demo::run_demo;
use documents::run_documents;
use evaluate::run_evaluate;
use export::run_export;
use extract::run_extract;
use ingest::{run_compact, run_ingest};
use link::run_link;
use push::run_push;
use query::{run_queries, run_query};
use serve::{run_serve, run_serve_answer};
use validate::run_validate;

use crate::error::InputError;
use crate::map::mapping::{Iris, DEFAULT_BASE};
use crate::map::pipeline::{DataFiles, Pipeline};
use crate::store::ingest::IngestOptions;
use crate::text::document::Split;
use crate::text::input::{collect_files, EncodingChoice, InputFile};
use anyhow::{Context as _, Result};
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The store folder used when neither `--store` nor `DIPLOGRAPH_STORE` is given.
pub const DEFAULT_STORE: &str = "diplograph-store";

/// diplograph turns diplomatic documents (joint statements, communiqués, declarations) into a
/// knowledge graph: an oxigraph store with one named graph per document, every fact traceable to
/// its place in the source text, queryable with SPARQL and exportable as standard RDF.
#[derive(Debug, Parser)]
#[command(
    name = "diplograph",
    version,
    max_term_width = 100,
    after_help = "Examples:
  diplograph demo                          # the whole path on the bundled sample documents
  diplograph ingest statements/            # extract every .txt file below statements/
  diplograph query shared-entities         # a bundled cross-document question
  diplograph export --output graph.ttl     # everything as Turtle"
)]
pub struct Cli {
    /// Store folder [default: ./diplograph-store]
    #[arg(long, global = true, env = "DIPLOGRAPH_STORE", value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// Load the ontology, reference data and patterns from this folder instead of the built-in
    /// copy (a folder laid out like the project's `ontology/`)
    #[arg(long, global = true, env = "DIPLOGRAPH_ONTOLOGY", value_name = "DIR")]
    pub ontology: Option<PathBuf>,

    /// Print nothing but data and errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more about what is done
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract documents from files or folders and store them, one named graph per document
    #[command(after_help = "Examples:
  diplograph ingest statement.txt
  diplograph ingest --store ~/graphs/asia corpus/zh/
  diplograph ingest --encoding gbk --whole-file old-communique.txt

  diplograph ingest communique.en.txt --version-of communique.zh

Folders are read recursively for files ending in .txt, .text, .html, .htm or .pdf. Ingesting a
file again replaces its documents. A file that cannot be read is reported and skipped; the exit
status is then 1.

Documents in different languages whose date, parties, entities and kind agree are recorded as
versions of one work, their numbered paragraphs aligned (`diplograph query versions` shows them
side by side). `--version-of` and `--versions` declare versions that detection would miss.")]
    Ingest(IngestArgs),

    /// Extract without a store: JSON lines of records, or RDF
    #[command(after_help = "Examples:
  diplograph extract statement.txt                     # one JSON object a line
  diplograph extract --format nquads corpus/ > part.nq # for bulk loading elsewhere
  diplograph extract --format text statement.html      # the text its spans count into

Web pages (.html, .htm) are read for the document they carry: navigation, scripts and other page
furniture are left out. PDF files are read for the text layer of their pages, running heads and
page numbers left out. Spans of both count the characters of the text read, which `--format text`
prints (a PDF's pages joined by form feeds).")]
    Extract(ExtractArgs),

    /// Run a bundled query by name, a query file, or inline SPARQL
    #[command(after_help = "Examples:
  diplograph query documents
  diplograph query entities --format csv --output entities.csv
  diplograph query my-question.rq
  diplograph query --sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'

Queries run over the union of all graphs. `--param NAME=VALUE` binds the variable ?NAME to an
IRI (`<…>`, or a value starting with http://, https:// or urn:) or else a plain literal.")]
    Query(QueryArgs),

    /// List the bundled queries and what each answers
    #[command(after_help = "Example:
  diplograph queries")]
    Queries,

    /// Export the store (or one document) as Turtle, TriG, N-Quads, N-Triples, RDF/XML or JSON-LD
    #[command(after_help = "Examples:
  diplograph export --output graph.ttl
  diplograph export --format trig --output graph.trig
  diplograph export --document 2019-07-23_china-uae-comprehensive-strategic-partnership-joint-statement.zh

The same store always gives the same bytes, so exports can be compared with diff.")]
    Export(ExportArgs),

    /// Check the store's documents against SHACL shapes, each result pointing at its text
    #[command(after_help = "Examples:
  diplograph validate
  diplograph validate --format tsv --output results.tsv
  diplograph validate --shapes my-rules.ttl

Each result names its document, the shape and property it breaks, and the characters of the source
file the node was read from (its dg:start and dg:end). The bundled shapes (ontology/shapes.ttl)
hold violations, rules no extraction may break, and warnings, what a reader would find and
extraction did not (a document without a date or parties). The exit status is 1 when there is a
violation, 0 when there are warnings only.")]
    Validate(ValidateArgs),

    /// Merge the store's data files into one sorted run, for faster queries after a large ingest
    #[command(after_help = "Example:
  diplograph compact --store ~/graphs/asia

Ingest loads large batches as files of their own, and says when a run has written enough of the
store that compacting pays. Compaction first rebuilds the summary graph if an earlier version of
diplograph kept it, and merges the tallies that a large run left in parts, then rewrites the whole
store; interrupting it loses nothing.")]
    Compact,

    /// List what the store holds: id, title, kind, date, source file, triples
    #[command(after_help = "Example:
  diplograph documents --store ~/graphs/asia")]
    Documents,

    /// Measure the extractors: precision and recall per fact type against expected facts
    #[command(after_help = "Example:
  diplograph evaluate --expected tests/expected/facts samples/zh

The expected folder holds one DOCUMENT-ID.tsv file per document, written by reading the documents
(see tests/expected/facts/README.md). `--verbose` lists every missed and every unexpected fact.")]
    Evaluate(EvaluateArgs),

    /// Link the entities of the store to Wikidata, with the provenance of every decision
    #[command(after_help = "Examples:
  diplograph link --contact you@example.org       # ask Wikidata, politely
  diplograph link --offline                       # only what is cached and decided already
  diplograph link --wikidata-api http://127.0.0.1:8080/w/api.php --wikidata-sparql none

Entities the reference data links already (checked identifiers) need no request. The others are
searched for by their Chinese names, and each candidate is checked for its label and its type.
Every decision (linked, ambiguous, no match) is kept in the links graph with its method, score,
candidates and date; `diplograph query links` lists them.

The decisions file (--decisions, default ./diplograph-links.tsv when it exists) is yours and is
read on every run: one line per decision, tab-separated,
  dgr:Kunming     accept  Q123    the city, not the prefecture
  阿布扎比          reject  Q456
  dgr:Khiva       reject  *       never link
Answers are cached (--cache), so running again asks nothing already asked.")]
    Link(LinkArgs),

    /// Serve the store as a read-only SPARQL endpoint, with a page of the bundled questions
    #[command(after_help = "Examples:
  diplograph serve                                  # http://127.0.0.1:7878/
  diplograph serve --bind 0.0.0.0:8080 --timeout 10
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
       http://127.0.0.1:7878/sparql

SPARQL 1.1 Protocol at /sparql (GET or POST); results by the Accept header; the bundled queries
at /query/NAME?PARAMETER=VALUE; the page of questions at /. Updates are refused. Each query runs
in a process of its own that opens the store read-only, so `diplograph ingest` can run beside the
server and each query sees the store as it is; a query past --timeout, --max-query-memory or
--max-answer is stopped and answered with 503. Requests must be addressed to localhost, an IP
address or a name given with --allow-host; web pages of other origins may read answers only when
--cors names them.")]
    Serve(ServeArgs),

    /// Send every graph to a triple store with the SPARQL 1.1 Graph Store Protocol
    #[command(after_help = "Examples:
  diplograph push --endpoint http://localhost:7878/store                   # oxigraph server
  diplograph push --endpoint http://localhost:3030/diplomacy/data --user admin:secret   # Fuseki
  diplograph push --endpoint https://graphdb.example.org/repositories/dg/rdf-graphs/service --token T

Each named graph (the documents, the ontology, the reference data, the links, the runs) is sent
with PUT ENDPOINT?graph=IRI, which replaces it: pushing twice leaves the remote store as one push
does. A graph that fails is retried with backoff and reported; the others still go. The exit
status is 0 only when every graph went.")]
    Push(PushArgs),

    /// Answer one query for `serve`, in a process of its own (not for direct use)
    #[command(hide = true)]
    ServeAnswer,

    /// Run the main job on the bundled sample documents
    #[command(after_help = "Example:
  diplograph demo

Ingests the bundled Chinese sample documents into ./diplograph-demo/store (or --store), prints a
summary and the entities that several documents share, and writes the Turtle export to
./diplograph-demo/diplograph-demo.ttl.")]
    Demo(DemoArgs),
}

/// Options shared by the commands that read documents.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Files or folders to read
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Encoding of the input: `auto` (byte-order mark, else UTF-8, else GB18030) or a label such
    /// as `utf-8`, `utf-16le`, `gb18030`, `gbk`, `big5`
    #[arg(long, default_value = "auto", value_name = "LABEL")]
    pub encoding: String,

    /// Treat each file as one document instead of finding document boundaries in it
    #[arg(long)]
    pub whole_file: bool,

    /// Language of the input: `auto` (told per file from its letters), `zh` or `en`
    #[arg(long, default_value = "auto", value_name = "LANG")]
    pub lang: String,

    /// Refuse files larger than this many megabytes (ingest needs up to about 130 times a file's
    /// size in memory)
    #[arg(long, default_value_t = crate::text::input::DEFAULT_MAX_FILE_MEGABYTES, value_name = "MB")]
    pub max_file_size: u64,

    /// Base IRI of documents and their parts (ends with `/` or `#`)
    #[arg(long, default_value = DEFAULT_BASE, value_name = "IRI")]
    pub base_iri: String,
}

/// How chatty to be on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Talk {
    Quiet,
    Normal,
    Verbose,
}

struct Ui {
    talk: Talk,
}

impl Ui {
    fn say(&self, message: impl std::fmt::Display) {
        if self.talk >= Talk::Normal {
            eprintln!("{}", terminal_safe(&message.to_string()));
        }
    }

    fn detail(&self, message: impl std::fmt::Display) {
        if self.talk >= Talk::Verbose {
            eprintln!("{}", terminal_safe(&message.to_string()));
        }
    }

    fn warn(&self, message: impl std::fmt::Display) {
        eprintln!("warning: {}", terminal_safe(&message.to_string()));
    }

    fn error(&self, message: impl std::fmt::Display) {
        eprintln!("error: {}", terminal_safe(&message.to_string()));
    }
}

/// Text for the terminal: control characters other than line feed and tab (which a file name
/// can hold, and which would move the cursor or change colours) are written as `\u{…}`.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            safe.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            safe.push(c);
        }
    }
    std::borrow::Cow::Owned(safe)
}

/// The files named by `paths` (see [`collect_files`]), with a note for each link or special file
/// passed over in a folder.
fn find_files(ui: &Ui, paths: &[PathBuf]) -> (Vec<InputFile>, Vec<InputError>) {
    let found = collect_files(paths);
    for skipped in &found.skipped {
        ui.say(format_args!(
            "note: skipped `{}`: {}",
            skipped.path.display(),
            skipped.reason
        ));
    }
    (found.files, found.errors)
}

/// Runs the command line; the exit code is 0 when everything went, 1 when some input failed.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let ui = Ui {
        talk: if cli.quiet {
            Talk::Quiet
        } else if cli.verbose {
            Talk::Verbose
        } else {
            Talk::Normal
        },
    };
    let store_path = cli
        .store
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_STORE));
    match &cli.command {
        Command::Ingest(args) => run_ingest(&cli, &ui, &store_path, args),
        Command::Extract(args) => run_extract(&cli, &ui, args),
        Command::Query(args) => run_query(&ui, &store_path, args),
        Command::Queries => run_queries(),
        Command::Export(args) => run_export(&ui, &store_path, args),
        Command::Validate(args) => run_validate(&ui, &store_path, args),
        Command::Compact => run_compact(&ui, &store_path),
        Command::Documents => run_documents(&store_path),
        Command::Evaluate(args) => run_evaluate(&cli, &ui, args),
        Command::Link(args) => run_link(&cli, &ui, &store_path, args),
        Command::Serve(args) => run_serve(&ui, &store_path, args),
        Command::ServeAnswer => run_serve_answer(&store_path),
        Command::Push(args) => run_push(&ui, &store_path, args),
        Command::Demo(args) => run_demo(&cli, &ui, args),
    }
}

fn load_pipeline(cli: &Cli, base_iri: &str) -> Result<Pipeline> {
    let iris = Iris::new(base_iri).map_err(anyhow::Error::msg)?;
    let files = match &cli.ontology {
        Some(folder) => DataFiles::from_folder(folder)?,
        None => DataFiles::embedded(),
    };
    Pipeline::load(&files, iris).context("the language data could not be loaded")
}

fn read_options(args: &ReadArgs) -> Result<IngestOptions> {
    Ok(IngestOptions {
        split: if args.whole_file {
            Split::WholeFile
        } else {
            Split::Detect
        },
        encoding: EncodingChoice::from_label(&args.encoding)?,
        language: crate::text::language::LanguageChoice::from_label(&args.lang)
            .map_err(anyhow::Error::msg)?,
        max_file_megabytes: args.max_file_size,
        jobs: 0,
    })
}

fn progress_bar(ui: &Ui, verb: &str, unit: &str) -> indicatif::ProgressBar {
    if ui.talk == Talk::Quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{spinner}} {verb} [{{bar:30}}] {{pos}}/{{len}} {unit}  {{wide_msg}}"
        ))
        .expect("the template is valid")
        .progress_chars("=> "),
    );
    bar
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// Opens `--output FILE` or stdout.
fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create `{}`", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// The warning for a document of which the extractors found no parties, date or statements.
fn little_understood_message(id: &str, file: &str, missing: &[&str]) -> String {
    format!(
        "{id} (from {file}): found no {}; check that the file holds the document's own text \
         (`diplograph extract {file}` shows what was read)",
        missing.join(", no ")
    )
}

fn seconds(value: f64, flag: &str) -> Result<std::time::Duration> {
    std::time::Duration::try_from_secs_f64(value)
        .map_err(|_| anyhow::anyhow!("`{flag} {value}` is not a number of seconds"))
}
