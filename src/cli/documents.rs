//! `diplograph documents`: one row per stored document.
//!
//! Cost: one query over the documents' metadata, linear in the number of documents.

use crate::query;
use crate::query::table::write_table;
use crate::rdf::vocab::{dcterms, dg};
use crate::store::GraphStore;
use anyhow::{bail, Result};
use oxigraph::model::{GraphNameRef, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::path::Path;
use std::process::ExitCode;

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

pub(super) fn run_documents(store_path: &Path) -> Result<ExitCode> {
    let store = GraphStore::open_for_reading(store_path)?;
    let rows = document_rows(&store)?;
    let headers = ["id", "title", "kind", "date", "source file", "triples"].map(String::from);
    write_table(std::io::stdout().lock(), &headers, &rows)?;
    Ok(ExitCode::SUCCESS)
}
