//! Typed errors of the library.
//!
//! Each error names the thing that failed (a file, a store folder, a query) and, where the fix is
//! known, says what to do in a `hint:` line. The command line adds context at the edge with
//! `anyhow`; nothing inside the library prints.

use std::path::PathBuf;

/// Errors reading an input file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` looks like a binary file, not text\nhint: diplograph reads plain text, web pages (UTF-8, UTF-16, GB18030 or Big5) and PDF files; convert the file to one of these first")]
    Binary { path: PathBuf },
    #[error("`{path}` is not valid {tried}\nhint: name its encoding with `--encoding` (for example `--encoding gbk` or `--encoding big5`)")]
    Undecodable { path: PathBuf, tried: String },
    #[error("`{path}` is not UTF-8, and reads best as {guess}, not as Chinese in GB18030 or Big5; it was not read, so that no garbled text is stored\nhint: name its encoding with `--encoding` (for example `--encoding gb18030`, `--encoding big5` or `--encoding windows-1252`)")]
    UnsureEncoding { path: PathBuf, guess: &'static str },
    #[error("`{path}` is over the {limit} MB a file may have ({megabytes:.1} MB or more)\nhint: a diplomatic document is rarely over a few hundred kilobytes; split the file, or raise the limit with `--max-file-size` (ingest needs up to about 130 times the file's size in memory)")]
    TooLarge {
        path: PathBuf,
        megabytes: f64,
        limit: u64,
    },
    #[error("`{path}` is empty: there is no text to extract")]
    Empty { path: PathBuf },
    #[error("`{path}` is a web page with no document text in it (only scripts, navigation or an empty body)\nhint: save the page after it has loaded in a browser (\"Save as… Web page, complete\"), or copy its text into a `.txt` file")]
    NoPageText { path: PathBuf },
    #[error("`{path}` nests its elements more than {limit} deep, which no browser shows and no site serves; it was not read\nhint: save the page again from a browser, or copy its text into a `.txt` file")]
    PageTooDeep { path: PathBuf, limit: usize },
    #[error("`{path}` is a PDF file without a text layer (a scan, or pages printed as images): there is no text to read\nhint: run OCR on it first (for example `ocrmypdf --language chi_sim+eng IN.pdf OUT.pdf`), then read the result")]
    PdfScanned { path: PathBuf },
    #[error("`{path}` is a PDF file that needs a password to open\nhint: open it with its password and save a copy without one (for example `qpdf --password=PASSWORD --decrypt IN.pdf OUT.pdf`)")]
    PdfEncrypted { path: PathBuf },
    #[error("`{path}` is a damaged PDF file, or not one: {reason}\nhint: open it in a PDF reader to check it, and save or print it again as PDF")]
    PdfDamaged { path: PathBuf, reason: String },
    #[error("`{path}` has {pages} pages, more than the {limit} a document read at once may have\nhint: split it into its documents (for example `qpdf IN.pdf --pages . 1-20 -- OUT.pdf`)")]
    PdfTooLong {
        path: PathBuf,
        pages: usize,
        limit: usize,
    },
    #[error("unknown encoding `{label}`\nhint: use a WHATWG label such as `utf-8`, `utf-16le`, `gb18030`, `gbk` or `big5`")]
    UnknownEncoding { label: String },
    #[error("`{path}` does not exist")]
    Missing { path: PathBuf },
}

/// Errors of the on-disk store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("the store `{path}` is in use by another process (another `diplograph` command, or `oxigraph serve` on the same folder)\nhint: wait for that process to finish or stop it, or choose another folder with `--store`; `query`, `export` and `documents` can read the store while it is held")]
    Locked { path: PathBuf },
    #[error("there is no diplograph store at `{path}`\nhint: create one with `diplograph ingest FILE...`, or point `--store` (or `DIPLOGRAPH_STORE`) at an existing store")]
    NotFound { path: PathBuf },
    #[error("the store `{path}` cannot be written: {source}\nhint: check the folder's permissions and the free disk space; what was stored before is kept, each document whole")]
    NotWritable {
        path: PathBuf,
        #[source]
        source: oxigraph::store::StorageError,
    },
    #[error("`{path}` holds files that are not a diplograph store, so no store was made in it\nhint: name a new or empty folder with `--store` (or `DIPLOGRAPH_STORE`)")]
    NotAStore { path: PathBuf },
    #[error("store `{path}`: {source}")]
    Storage {
        path: PathBuf,
        #[source]
        source: oxigraph::store::StorageError,
    },
}

/// Errors in the data files of `ontology/` (reference data, patterns), found when they are loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error("{file}:{line}: {message}")]
    InvalidLine {
        file: String,
        line: usize,
        message: String,
    },
}

/// Errors preparing or running a SPARQL query.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    #[error("invalid SPARQL in {origin}: {message}")]
    Syntax { origin: String, message: String },
    #[error("there is no bundled query named `{name}`\nhint: `diplograph queries` lists them; a file must end in `.rq`")]
    UnknownQuery { name: String },
    #[error("query `{query}` has no parameter `{name}`\nhint: its parameters are: {known}")]
    UnknownParameter {
        query: String,
        name: String,
        known: String,
    },
    #[error("query `{query}` needs the parameter `{name}`\nhint: add `--param {name}=VALUE`")]
    MissingParameter { query: String, name: String },
    #[error("`--param {text}` is not of the form NAME=VALUE")]
    BadParameter { text: String },
    #[error("{origin} declares `partition: {variable}` but does not select ?{variable}\nhint: add ?{variable} to its SELECT, or remove the `# partition:` line")]
    PartitionNotSelected { origin: String, variable: String },
    #[error("the `partition domain` of {origin} does not bind ?{variable}\nhint: its pattern must find each document in ?{variable}, as in `GRAPH ?{variable} {{ … }}`")]
    PartitionDomainUnbound { origin: String, variable: String },
    #[error("query failed: {0}")]
    Evaluation(#[from] oxigraph::sparql::QueryEvaluationError),
}

/// Errors asking Wikidata (or the mirror or test server that stands in for it).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WikidataError {
    #[error("cannot set up the HTTP client: {message}")]
    Client { message: String },
    #[error("gave up on {url} after {attempts} attempt(s): {reason}\nhint: the answers received so far are cached; run `diplograph link` again later, or raise `--retries` and `--timeout`")]
    GaveUp {
        url: String,
        attempts: u32,
        reason: String,
    },
    #[error("{url} answered HTTP {status}\nhint: check `--wikidata-api` and `--wikidata-sparql`; they must name the MediaWiki API (…/w/api.php) and a SPARQL endpoint")]
    Status { url: String, status: u16 },
    #[error("{url} gave an answer diplograph cannot read: {message}\nhint: check that `--wikidata-api` names a MediaWiki API (…/w/api.php), and run again; nothing was cached from this answer")]
    Malformed { url: String, message: String },
    #[error("{url} answered with the API error `{code}`: {info}")]
    Api {
        url: String,
        code: String,
        info: String,
    },
    #[error("{url} is not in the cache and `--offline` allows no request")]
    NotCached { url: String },
    #[error("the Wikidata cache `{path}` cannot be used: {source}\nhint: choose another folder with `--cache`, or free disk space")]
    Cache {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Errors of `diplograph push` before any graph is sent (a graph that fails is reported in the
/// results instead).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PushError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot set up the HTTP client: {message}")]
    Client { message: String },
}

/// Errors of `diplograph validate`: shapes that cannot be read, or a store that cannot be.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ValidateError {
    #[error(transparent)]
    Shapes(#[from] DataError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
