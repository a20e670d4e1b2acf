//! The RDF foundation every stage shares: the ontology's terms, a graph held in memory with each
//! term once, the statements of a graph held by subject, and what every run record carries.
//! Nothing here knows a language or a store.

pub mod formats;
pub mod graph;
pub mod run_record;
pub mod subjects;
pub mod vocab;
