//! diplograph turns diplomatic documents (joint statements, communiqués, declarations; Chinese
//! first) into an RDF knowledge graph stored in an embedded oxigraph store, one named graph per
//! document, every fact traceable to its place in the source text.
//!
//! The path of a document through the library:
//!
//! ```text
//! input ─► normalize ─► document ─► extract ─► mapping ─► store ─► query / export
//! (bytes)  (clean text,  (documents, (records:   (triples,  (oxigraph,
//!           offset map)   sections,   fact, span,  IRIs,      one graph
//!                         sentences)  rule)        evidence)  per document)
//! ```
//!
//! Each stage is a folder, and a folder imports only from the folders above it in this list
//! (`ARCHITECTURE.md` draws the house, and a test holds the rule):
//!
//! - [`error`], [`rdf`]: typed errors, the ontology's terms, statements by subject;
//! - [`lang`]: language data read from `ontology/` and checked at start;
//! - [`text`]: input formats and encodings, normalized text with its offset map, spans, documents;
//! - [`extract`]: the extractor contract, the extractors per language, and scoring;
//! - [`map`]: records to triples, and the [`map::pipeline::Pipeline`] that runs a file through;
//! - [`store`]: the oxigraph store, ingest, the corpus summary;
//! - [`query`]: bundled queries and the machinery that evaluates them fast;
//! - [`publish`], [`link`]: exports, validation, the endpoint, push, Wikidata links;
//! - [`cli`]: the commands (`src/main.rs` is the binary).

pub mod cli;
pub mod error;
pub mod extract;
pub mod lang;
pub mod link;
pub mod map;
pub mod publish;
pub mod query;
pub mod rdf;
pub mod store;
pub mod text;
