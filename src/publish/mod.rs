//! What leaves the store: RDF exports in the standard formats (`export`), the check of the graphs
//! against SHACL shapes (`validate`), the read-only SPARQL endpoint (`serve`), and pushing graphs
//! to a team's triple store over the Graph Store Protocol (`push`).

pub mod export;
pub mod push;
pub mod serve;
pub mod validate;
