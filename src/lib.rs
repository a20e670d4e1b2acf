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
//! [`pipeline::Pipeline`] ties the stages together; [`ingest`] writes to the store; the
//! command line (`src/main.rs`, [`cli`]) is a thin layer over both.

pub mod algebra;
pub mod budget;
pub mod cli;
pub mod data_file;
pub mod document;
pub mod error;
pub mod evaluate;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod input;
pub mod lang;
pub mod link;
pub mod mapping;
pub mod normalize;
pub mod numerals;
pub mod order;
pub mod partition;
pub mod pipeline;
pub mod push;
pub mod query;
pub mod reference;
pub mod rules;
pub mod run_record;
pub mod samples;
pub mod serve;
pub mod span;
pub mod store;
pub mod subjects;
pub mod summary;
pub mod summary_scan;
pub mod table;
pub mod traditional;
pub mod triggers;
pub mod validate;
pub mod versions;
pub mod vocab;
pub mod wikidata;
pub mod wikidata_classes;
