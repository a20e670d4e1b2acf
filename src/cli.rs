//! The command line: flags as documented types (their doc comments are the `--help`), and one
//! function per command over the library. Data goes to stdout, talk (progress, summaries,
//! warnings) to stderr; `--quiet` silences the talk, `--verbose` adds detail.

use crate::document::Split;
use crate::error::InputError;
use crate::export::{export, ExportFormat};
use crate::extract::Record;
use crate::ingest::{ingest, IngestOptions, IngestReport, Input, Progress};
use crate::input::{collect_files, read_source, EncodingChoice, InputFile};
use crate::mapping::{Iris, DEFAULT_BASE};
use crate::pipeline::{DataFiles, Pipeline};
use crate::query::{self, QueryInfo, ResultFormat};
use crate::store::GraphStore;
use crate::table::write_table;
use crate::vocab::{dcterms, dg};
use anyhow::{bail, Context as _, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
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

    /// Refuse files larger than this many megabytes (extraction needs about 200 times a file's
    /// size in memory)
    #[arg(long, default_value_t = crate::input::DEFAULT_MAX_FILE_MEGABYTES, value_name = "MB")]
    pub max_file_size: u64,

    /// Base IRI of documents and their parts (ends with `/` or `#`)
    #[arg(long, default_value = DEFAULT_BASE, value_name = "IRI")]
    pub base_iri: String,
}

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
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "turtle")]
    pub format: ExportFormat,

    /// Export only this document (its identifier, as `diplograph documents` shows, or its IRI)
    #[arg(long, value_name = "ID")]
    pub document: Option<String>,

    /// Write to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// How `validate` writes its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ValidateFormat {
    /// One line a result: `FILE [START–END]: SEVERITY: MESSAGE`, with the document, shape and value.
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

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// Folder of expected facts, one `DOCUMENT-ID.tsv` file per document
    #[arg(long, value_name = "DIR")]
    pub expected: PathBuf,
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The MediaWiki API of Wikidata, a mirror, or a server that stands in for it
    #[arg(long, env = "DIPLOGRAPH_WIKIDATA_API", default_value = crate::wikidata::DEFAULT_API, value_name = "URL")]
    pub wikidata_api: String,

    /// The SPARQL endpoint used to check types through subclasses, or `none` to check direct
    /// types (P31) only
    #[arg(long, env = "DIPLOGRAPH_WIKIDATA_SPARQL", default_value = crate::wikidata::DEFAULT_SPARQL, value_name = "URL")]
    pub wikidata_sparql: String,

    /// Make no network call: use the cache, the reference data and the decisions file only
    #[arg(long)]
    pub offline: bool,

    /// Contact details (an e-mail address or a web page) put in the User-Agent, as Wikimedia asks
    #[arg(long, env = "DIPLOGRAPH_CONTACT", value_name = "CONTACT")]
    pub contact: Option<String>,

    /// The whole User-Agent header, instead of the one built with `--contact`
    #[arg(long, env = "DIPLOGRAPH_USER_AGENT", value_name = "TEXT")]
    pub user_agent: Option<String>,

    /// Seconds allowed for one request
    #[arg(long, default_value = "30", value_name = "SECONDS")]
    pub timeout: f64,

    /// Retries of a request that timed out, was dropped, or got HTTP 429 or 5xx
    #[arg(long, default_value = "4", value_name = "N")]
    pub retries: u32,

    /// Seconds of the first wait before a retry; doubled at each retry (429 answers wait as long
    /// as their Retry-After says)
    #[arg(long, default_value = "1", value_name = "SECONDS")]
    pub backoff: f64,

    /// Folder of cached answers [default: $XDG_CACHE_HOME/diplograph/wikidata, or
    /// ~/.cache/diplograph/wikidata]
    #[arg(
        long,
        env = "DIPLOGRAPH_CACHE",
        value_name = "DIR",
        conflicts_with = "no_cache"
    )]
    pub cache: Option<PathBuf>,

    /// Do not read or write the cache
    #[arg(long)]
    pub no_cache: bool,

    /// The file of your decisions (accept or reject a link) [default: ./diplograph-links.tsv when
    /// it exists]
    #[arg(long, env = "DIPLOGRAPH_LINK_DECISIONS", value_name = "FILE")]
    pub decisions: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one)
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "HOST:PORT")]
    pub bind: String,

    /// Seconds a query may run before it is stopped (answered with 503)
    #[arg(long, default_value = "30", value_name = "SECONDS")]
    pub timeout: f64,

    /// Queries answered at the same time (each in a process of its own)
    #[arg(long, default_value = "4", value_name = "N")]
    pub workers: usize,

    /// Megabytes an answer may have; a larger one is refused with 503
    #[arg(long, default_value = "64", value_name = "MB")]
    pub max_answer: u64,

    /// Megabytes of memory a query may take; one that takes more is stopped with 503
    #[arg(long, default_value = "1024", value_name = "MB")]
    pub max_query_memory: u64,

    /// Let web pages of this origin read answers (`https://example.org`, or `*` for any);
    /// repeatable. Without it, no cross-origin read is allowed
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Vec<String>,

    /// A host name requests may be addressed to, beside localhost and IP addresses (the name
    /// under which others reach this machine); repeatable
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// The remote store's Graph Store Protocol endpoint
    #[arg(
        long,
        env = "DIPLOGRAPH_PUSH_ENDPOINT",
        value_name = "URL",
        hide_env_values = true
    )]
    pub endpoint: String,

    /// Basic authentication, as USER:PASSWORD
    #[arg(
        long,
        env = "DIPLOGRAPH_PUSH_USER",
        value_name = "USER:PASSWORD",
        conflicts_with = "token",
        hide_env_values = true
    )]
    pub user: Option<String>,

    /// A bearer token
    #[arg(
        long,
        env = "DIPLOGRAPH_PUSH_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,

    /// The store's SPARQL query endpoint, with which each graph's triples are counted once sent
    /// (found beside the endpoint for Virtuoso, oxigraph, Fuseki and GraphDB; else each graph is
    /// read back)
    #[arg(long, env = "DIPLOGRAPH_PUSH_QUERY_ENDPOINT", value_name = "URL")]
    pub query_endpoint: Option<String>,

    /// Seconds allowed for sending one graph
    #[arg(long, default_value = "300", value_name = "SECONDS")]
    pub timeout: f64,

    /// Retries of a graph that failed (timeout, refused connection, 5xx, 408, 429)
    #[arg(long, default_value = "3", value_name = "N")]
    pub retries: u32,

    /// Seconds of the first wait before a retry; doubled at each retry
    #[arg(long, default_value = "1", value_name = "SECONDS")]
    pub backoff: f64,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder for the demo's store and export
    #[arg(long, default_value = "diplograph-demo", value_name = "DIR")]
    pub dir: PathBuf,
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
        language: crate::lang::LanguageChoice::from_label(&args.lang)
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

fn run_ingest(cli: &Cli, ui: &Ui, store_path: &Path, args: &IngestArgs) -> Result<ExitCode> {
    let options = IngestOptions {
        jobs: args.jobs,
        ..read_options(&args.read)?
    };
    let pipeline = load_pipeline(cli, &args.read.base_iri)?;
    let (files, missing) = find_files(ui, &args.read.paths);
    // A table that cannot be read is refused before anything is stored.
    let mut declared = match &args.versions {
        Some(path) => crate::versions::read_table(path)?,
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
        let declaring = crate::versions::declare(&store, &pipeline.iris, &declared);
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

fn ingest_with_progress(
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

fn summarize_ingest(
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
            crate::ingest::COMPACTED_AT_INGEST / 1_000_000
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

fn run_compact(ui: &Ui, store_path: &Path) -> Result<ExitCode> {
    let mut store = GraphStore::open_for_writing(store_path)?;
    let before = store.data_size();
    ui.say(format_args!(
        "compacting {} ({} MB of data files); this rewrites the whole store…",
        store.path.display(),
        before / 1_000_000
    ));
    let started = std::time::Instant::now();
    crate::ingest::compact(&mut store)?;
    ui.say(format_args!(
        "compacted {} in {:.2} s: {} MB of data files",
        store.path.display(),
        started.elapsed().as_secs_f64(),
        store.data_size() / 1_000_000
    ));
    Ok(ExitCode::SUCCESS)
}

fn exit_code(report: &IngestReport, missing: &[InputError]) -> ExitCode {
    if report.failures.is_empty() && missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
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

fn run_extract(cli: &Cli, ui: &Ui, args: &ExtractArgs) -> Result<ExitCode> {
    let options = read_options(&args.read)?;
    let pipeline = load_pipeline(cli, &args.read.base_iri)?;
    let (files, missing) = find_files(ui, &args.read.paths);
    let mut failures: Vec<String> = missing.iter().map(ToString::to_string).collect();
    let mut out = output(args.output.as_deref())?;
    let mut turtle_triples = Vec::new();
    let mut nquads = match args.format {
        ExtractFormat::Nquads => {
            Some(RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new()))
        }
        _ => None,
    };
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
                        .quads
                        .into_iter()
                        .map(oxigraph::model::Triple::from),
                ),
                ExtractFormat::Nquads => {
                    if let Some(serializer) = nquads.as_mut() {
                        for quad in &extracted.quads {
                            serializer.serialize_quad(quad)?;
                        }
                    }
                }
                ExtractFormat::Text => {}
            }
        }
    }
    if let Some(serializer) = nquads {
        out.write_all(&serializer.finish()?)?;
    }
    if matches!(args.format, ExtractFormat::Turtle) {
        turtle_triples.sort_by_cached_key(ToString::to_string);
        turtle_triples.dedup();
        let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
        for (name, iri) in crate::vocab::PREFIXES {
            serializer = serializer.with_prefix(*name, *iri)?;
        }
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

fn record_json(document: &str, record: &Record) -> serde_json::Value {
    let mut value = serde_json::to_value(record).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("document".to_owned(), document.into());
    }
    value
}

fn run_query(ui: &Ui, store_path: &Path, args: &QueryArgs) -> Result<ExitCode> {
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
    if info.reads_summary() && crate::summary::is_outdated(&store)? {
        ui.warn(format_args!(
            "the summary graph of `{}` is missing or was kept by an earlier version of \
             diplograph, and lacks tallies {origin} reads, so its answer is incomplete: run \
             `diplograph compact` (or the next `diplograph ingest`) to rebuild the summary",
            store.path.display()
        ));
    }
    let results = query::run(&store.store, &info, &origin, &parameters)?;
    let mut out = output(args.output.as_deref())?;
    query::write_results(results, args.format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_queries() -> Result<ExitCode> {
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

fn run_export(ui: &Ui, store_path: &Path, args: &ExportArgs) -> Result<ExitCode> {
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

fn run_validate(ui: &Ui, store_path: &Path, args: &ValidateArgs) -> Result<ExitCode> {
    use crate::validate::{validate, Severity, Shapes};
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

/// Rows of `diplograph documents`: id, title, kind, date, source file, triples.
pub fn document_rows(store: &GraphStore) -> Result<Vec<Vec<String>>> {
    let text = format!(
        "SELECT ?document ?id ?title ?kind ?date ?file WHERE {{
           GRAPH ?document {{
             ?document a <{document}> ; <{identifier}> ?id ; <{source}> ?file .
             OPTIONAL {{ ?document <{title}> ?title }}
             OPTIONAL {{ ?document <{kind}> ?kind }}
             OPTIONAL {{ ?document <{date}> ?date }}
           }}
         }} ORDER BY ?file ?id",
        document = dg::DOCUMENT.as_str(),
        identifier = dcterms::IDENTIFIER.as_str(),
        title = dcterms::TITLE.as_str(),
        source = dg::SOURCE_FILE.as_str(),
        kind = dg::KIND.as_str(),
        date = dcterms::DATE.as_str(),
    );
    let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
        .parse_query(&text)?
        .on_store(&store.store)
        .execute()?
    else {
        bail!("unexpected result kind");
    };
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution?;
        let cell = |name: &str| {
            solution
                .get(name)
                .map(query::display_term)
                .unwrap_or_default()
        };
        let triples = match solution.get("document") {
            Some(Term::NamedNode(graph)) => {
                store.graph_len(GraphNameRef::NamedNode(graph.as_ref()))?
            }
            _ => 0,
        };
        rows.push(vec![
            cell("id"),
            cell("title"),
            cell("kind"),
            cell("date"),
            cell("file"),
            triples.to_string(),
        ]);
    }
    Ok(rows)
}

fn run_documents(store_path: &Path) -> Result<ExitCode> {
    let store = GraphStore::open_for_reading(store_path)?;
    let rows = document_rows(&store)?;
    let headers = ["id", "title", "kind", "date", "source file", "triples"].map(String::from);
    write_table(std::io::stdout().lock(), &headers, &rows)?;
    Ok(ExitCode::SUCCESS)
}

fn run_evaluate(cli: &Cli, ui: &Ui, args: &EvaluateArgs) -> Result<ExitCode> {
    use crate::evaluate::{extracted_lines, load_expected, Evaluation, Keys};
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

fn run_serve(ui: &Ui, store_path: &Path, args: &ServeArgs) -> Result<ExitCode> {
    // Opened once to check that it is a store; each query opens it again.
    let store = GraphStore::open_for_reading(store_path)?;
    let listener = std::net::TcpListener::bind(&args.bind).map_err(|error| {
        anyhow::anyhow!(
            "cannot listen on {}: {error}\nhint: another program may use that port; choose another with `--bind HOST:PORT`",
            args.bind
        )
    })?;
    let address = listener
        .local_addr()
        .map_or_else(|_| args.bind.clone(), |address| address.to_string());
    let options = crate::serve::ServeOptions {
        store: store.path.clone(),
        program: std::env::current_exe()
            .context("cannot find the diplograph program, which answers each query")?,
        timeout: seconds(args.timeout, "--timeout")?,
        workers: args.workers,
        max_answer: args.max_answer.saturating_mul(1_000_000),
        max_query_memory: args.max_query_memory.saturating_mul(1_000_000),
        cors: args.cors.clone(),
        allowed_hosts: args.allow_host.clone(),
    };
    drop(store);
    ui.say(format_args!(
        "serving {} at http://{address}/ (SPARQL endpoint: http://{address}/sparql); Ctrl-C stops",
        options.store.display()
    ));
    crate::serve::serve(listener, options).context("the server stopped")?;
    Ok(ExitCode::SUCCESS)
}

fn run_serve_answer(store_path: &Path) -> Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    crate::serve::answer_job(store_path, &mut std::io::stdin().lock(), &mut out)
        .map_err(anyhow::Error::msg)?;
    Ok(ExitCode::SUCCESS)
}

fn run_push(ui: &Ui, store_path: &Path, args: &PushArgs) -> Result<ExitCode> {
    use crate::push::{push, redacted, sends_password_in_clear, PushOptions, PushProgress};
    let basic = match &args.user {
        Some(user) => match user.split_once(':') {
            Some((name, password)) => Some((name.to_owned(), password.to_owned())),
            // The value is not repeated: it may be the password alone.
            None => bail!("`--user` (or DIPLOGRAPH_PUSH_USER) is not of the form USER:PASSWORD"),
        },
        None => None,
    };
    let shown_endpoint = redacted(&args.endpoint);
    if sends_password_in_clear(&args.endpoint, basic.is_some()) {
        ui.warn(format_args!(
            "{shown_endpoint} is plain http: the password of basic authentication crosses the \
             network readable; use https, or a token"
        ));
    }
    let options = PushOptions {
        endpoint: args.endpoint.clone(),
        basic,
        bearer: args.token.clone(),
        query_endpoint: args
            .query_endpoint
            .clone()
            .or_else(|| crate::push::query_endpoint_for(&args.endpoint)),
        timeout: seconds(args.timeout, "--timeout")?,
        retries: args.retries,
        backoff: seconds(args.backoff, "--backoff")?,
    };
    let store = GraphStore::open_for_reading(store_path)?;
    let started = std::time::Instant::now();
    let bar = progress_bar(ui, "pushing", "graphs");
    let results = push(&store, &options, &mut |event| match event {
        PushProgress::Started { graphs } => bar.set_length(graphs as u64),
        PushProgress::Graph { graph } => {
            bar.set_message(crate::query::compact_iri(graph));
            bar.inc(1);
        }
    })?;
    bar.finish_and_clear();
    let (sent, failed): (Vec<_>, Vec<_>) =
        results.iter().partition(|pushed| pushed.failure.is_none());
    for pushed in &sent {
        ui.detail(format_args!(
            "sent {} ({} triples, HTTP {})",
            pushed.graph.as_str(),
            pushed.triples,
            pushed.status.unwrap_or_default()
        ));
    }
    for pushed in &failed {
        ui.error(format_args!(
            "{} was not sent after {} attempt(s): {}",
            pushed.graph.as_str(),
            pushed.attempts,
            pushed.failure.as_deref().unwrap_or_default()
        ));
    }
    ui.say(format_args!(
        "pushed {} of {} graphs ({} triples) to {} in {:.2} s{}",
        sent.len(),
        results.len(),
        sent.iter().map(|pushed| pushed.triples).sum::<usize>(),
        shown_endpoint,
        started.elapsed().as_secs_f64(),
        if failed.is_empty() {
            String::new()
        } else {
            format!(
                "; {} not sent (see above); run `diplograph push` again to send them",
                failed.len()
            )
        }
    ));
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The default decisions file, read when it exists.
pub const DEFAULT_DECISIONS: &str = "diplograph-links.tsv";

fn default_cache() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("diplograph").join("wikidata"))
}

fn seconds(value: f64, flag: &str) -> Result<std::time::Duration> {
    std::time::Duration::try_from_secs_f64(value)
        .map_err(|_| anyhow::anyhow!("`{flag} {value}` is not a number of seconds"))
}

fn run_link(cli: &Cli, ui: &Ui, store_path: &Path, args: &LinkArgs) -> Result<ExitCode> {
    use crate::link::{link, LinkProgress, Outcome, UserDecisions};
    use crate::wikidata::{default_user_agent, ClientOptions, WikidataClient};
    let pipeline = load_pipeline(cli, DEFAULT_BASE)?;
    let decisions_path = match &args.decisions {
        Some(path) if !path.exists() => bail!(
            "the decisions file `{}` does not exist\nhint: create it (see `diplograph link --help` for its lines) or leave out `--decisions`",
            path.display()
        ),
        Some(path) => Some(path.clone()),
        None => Some(PathBuf::from(DEFAULT_DECISIONS)).filter(|path| path.exists()),
    };
    let user = match &decisions_path {
        Some(path) => UserDecisions::read(path)?,
        None => UserDecisions::default(),
    };
    let sparql = Some(args.wikidata_sparql.clone()).filter(|url| !url.is_empty() && url != "none");
    let options = ClientOptions {
        api: args.wikidata_api.clone(),
        sparql,
        user_agent: args
            .user_agent
            .clone()
            .unwrap_or_else(|| default_user_agent(args.contact.as_deref())),
        timeout: seconds(args.timeout, "--timeout")?,
        retries: args.retries,
        backoff: seconds(args.backoff, "--backoff")?,
        cache: if args.no_cache {
            None
        } else {
            args.cache.clone().or_else(default_cache)
        },
        offline: args.offline,
    };
    let store = GraphStore::open_for_writing(store_path)?;
    let mut client = WikidataClient::new(options)?;
    let bar = progress_bar(ui, "linking", "entities");
    let report = link(
        &store,
        &mut client,
        &pipeline.wikidata_classes,
        &user,
        &mut |event| match event {
            LinkProgress::Started { entities } => bar.set_length(entities as u64),
            LinkProgress::Entity { name } => {
                bar.set_message(name.to_owned());
                bar.inc(1);
            }
        },
    )?;
    bar.finish_and_clear();
    for key in &report.unused_user_decisions {
        ui.warn(format_args!(
            "the decisions file names `{key}`, which no document of the store mentions"
        ));
    }
    for decision in &report.decisions {
        ui.detail(format_args!(
            "{}: {} ({}, {}{})",
            decision.name,
            decision.outcome.word(),
            decision.method,
            decision.score,
            decision
                .chosen
                .as_ref()
                .map(|item| format!(", {item}"))
                .unwrap_or_default()
        ));
    }
    let reference = report
        .decisions
        .iter()
        .filter(|decision| decision.method == crate::link::METHOD_REFERENCE)
        .count();
    let stats = client.stats();
    ui.say(format_args!(
        "{} entities decided: {} linked ({reference} by the reference data), {} ambiguous, {} no match, {} rejected; {} request(s), {} cached answer(s), {} retr{}",
        report.decisions.len(),
        report.count(Outcome::Linked),
        report.count(Outcome::Ambiguous),
        report.count(Outcome::NoMatch),
        report.count(Outcome::Rejected),
        stats.requests,
        stats.cached,
        stats.retries,
        if stats.retries == 1 { "y" } else { "ies" },
    ));
    for decision in report
        .decisions
        .iter()
        .filter(|decision| decision.outcome == Outcome::Ambiguous)
    {
        let tied: Vec<&str> = decision.candidates.iter().map(String::as_str).collect();
        ui.say(format_args!(
            "ambiguous: {} ({}): to choose, add a line \"{}<TAB>accept<TAB>Q…\" to {}",
            decision.name,
            tied.join(", "),
            crate::query::compact_iri(decision.entity.as_str()),
            decisions_path
                .as_deref()
                .unwrap_or(Path::new(DEFAULT_DECISIONS))
                .display()
        ));
    }
    if !report.not_cached.is_empty() {
        ui.say(format_args!(
            "{} entit{} not decided: no cached answer and `--offline` allows no request",
            report.not_cached.len(),
            if report.not_cached.len() == 1 {
                "y"
            } else {
                "ies"
            }
        ));
    }
    if let Some(error) = report.error {
        let kept = match report.decisions.len() {
            0 => "the store was not changed".to_owned(),
            count => format!("the {count} decision(s) made before were stored whole"),
        };
        return Err(anyhow::Error::new(error).context(format!("linking stopped early; {kept}")));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_demo(cli: &Cli, ui: &Ui, args: &DemoArgs) -> Result<ExitCode> {
    let store_path = cli.store.clone().unwrap_or_else(|| args.dir.join("store"));
    let export_path = args.dir.join("diplograph-demo.ttl");
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create the demo folder `{}`", args.dir.display()))?;
    let pipeline = load_pipeline(cli, DEFAULT_BASE)?;
    let mut store = GraphStore::open_for_writing(&store_path)?;
    let inputs: Vec<Input> = crate::samples::SAMPLES
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
        ExportFormat::Turtle,
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
