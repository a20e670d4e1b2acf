//! SPARQL queries: the bundled ones of `queries/`, files and inline text; safe parameters; output
//! for people (aligned tables) and programs (the SPARQL results formats, RDF for graphs).
//!
//! Each bundled query starts with a header of `# key: value` comment lines: `title`, `answers`
//! (one line shown by `diplograph queries`), `parameters` (`NAME (required|optional): what`, or
//! `NAME (required, name): what` for a parameter that takes a name, separated by `;`, or `none`)
//! and `columns`; optionally `partition: NAME`, which promises that every solution binds `?NAME`
//! to a stored document, so that the query may be evaluated document by document on several
//! threads ([`crate::query::partition`]; a name that is not a variable's is ignored), and with it
//! `partition domain: PATTERN`, a group pattern that binds `?NAME` (in the query's prefixes and
//! parameters) to every document a solution may belong to, so that only the documents it finds
//! are evaluated (with a domain, `?NAME` may hold something else than a document, such as an
//! event: the promise is then that every solution binds it to one of those the domain finds).
//! Queries are standard SPARQL 1.1 and run over the union of all graphs as the default graph, so
//! the same `.rq` files run unchanged on an export in another engine, where the header is a
//! comment.
//!
//! Parameters are bound as RDF terms in the parsed query (`--param NAME=VALUE` binds `?NAME` in the
//! query's outer group, see [`bind_parameters`]), never pasted into the query text: no value can
//! change what a query does. A value written `<…>` or starting with `http://`, `https://` or
//! `urn:` is an IRI; anything else is a plain literal. A literal given to a parameter declared
//! `name` is bound to several rows: the plain literal and the same text in each of
//! [`LABEL_LANGUAGES`], so that a query can look the name up directly
//! (`?entity ^skos:prefLabel ?thing`) in the store's index, whatever language it is labelled in.
//! (A name computed in the query, `STRLANG(?entity, "zh")`, would be bound too late for the store
//! to use its index, and the lookup would compare every label.)
//!
//! Before a query is evaluated, its outer `ORDER BY` is taken out to be done on the decoded
//! solutions ([`crate::query::order`]), and its stars of patterns in the summary graph are read
//! property by property ([`crate::query::summary_scan`]).

pub mod algebra;
pub mod order;
pub mod partition;
pub mod summary_scan;
pub mod table;

use crate::error::QueryError;
use crate::query::algebra::{bind_parameters, map_pattern, prepare, split_order};
use crate::query::partition::Partition;
use crate::query::summary_scan::read_stars_by_property;
use crate::query::table::write_table;
use crate::rdf::formats::GraphFormat;
use crate::rdf::vocab::{LABEL_LANGUAGES, PREFIXES};
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;
use std::io::Write;

include!(concat!(env!("OUT_DIR"), "/bundled_queries.rs"));

/// A declared parameter of a bundled query.
#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub required: bool,
    /// Declared `name`: a value that is not an IRI is a name in any of the label languages.
    pub takes_name: bool,
    pub description: String,
}

/// A query with what its header says.
#[derive(Debug, Clone)]
pub struct QueryInfo {
    pub name: String,
    pub title: String,
    pub answers: String,
    pub parameters: Vec<Parameter>,
    pub columns: Vec<String>,
    pub text: String,
    /// True for the queries of `queries/`, whose parameters are checked.
    pub bundled: bool,
    /// The variable that holds the document each solution belongs to, when the header declares
    /// `partition: NAME`: the query may then be evaluated document by document
    /// ([`crate::query::partition`]).
    pub partition: Option<Variable>,
    /// `partition domain: PATTERN`: a group pattern (SPARQL, in the query's prefixes) that binds
    /// the partition's variable to every document that may have solutions; only those are
    /// evaluated.
    pub partition_domain: Option<String>,
}

impl QueryInfo {
    /// True when the text names the summary graph (by its IRI or as the bundled queries do,
    /// `dgg:summary`): its answer then depends on the store's tallies being of this build.
    pub fn reads_summary(&self) -> bool {
        self.text.contains(crate::store::summary::SUMMARY_GRAPH)
            || self.text.contains("dgg:summary")
    }

    /// Reads the header of a query text.
    pub fn parse(name: &str, text: &str, bundled: bool) -> Self {
        let mut info = Self {
            name: name.to_owned(),
            title: String::new(),
            answers: String::new(),
            parameters: Vec::new(),
            columns: Vec::new(),
            text: text.to_owned(),
            bundled,
            partition: None,
            partition_domain: None,
        };
        for line in text.lines().take_while(|line| line.starts_with('#')) {
            let Some((key, value)) = line.trim_start_matches('#').split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim() {
                "title" => info.title = value.to_owned(),
                "answers" => info.answers = value.to_owned(),
                "columns" => info.columns = value.split(',').map(|c| c.trim().to_owned()).collect(),
                "partition" => info.partition = Variable::new(value.trim_start_matches('?')).ok(),
                "partition domain" => info.partition_domain = Some(value.to_owned()),
                "parameters" if value != "none" => {
                    for declaration in value.split(';') {
                        let (head, description) =
                            declaration.split_once(':').unwrap_or((declaration, ""));
                        let head = head.trim();
                        let (name, flags) = match head.split_once('(') {
                            Some((name, rest)) => (name.trim(), rest.trim_end_matches(')')),
                            None => (head, ""),
                        };
                        let flags: Vec<&str> = flags.split(',').map(str::trim).collect();
                        info.parameters.push(Parameter {
                            name: name.to_owned(),
                            required: flags.contains(&"required"),
                            takes_name: flags.contains(&"name"),
                            description: description.trim().to_owned(),
                        });
                    }
                }
                _ => {}
            }
        }
        info
    }
}

/// The bundled queries, sorted by name.
pub fn bundled() -> Vec<QueryInfo> {
    BUNDLED
        .iter()
        .map(|(name, text)| QueryInfo::parse(name, text, true))
        .collect()
}

/// A bundled query by name.
pub fn find_bundled(name: &str) -> Result<QueryInfo, QueryError> {
    BUNDLED
        .iter()
        .find(|(candidate, _)| *candidate == name)
        .map(|(name, text)| QueryInfo::parse(name, text, true))
        .ok_or_else(|| QueryError::UnknownQuery {
            name: name.to_owned(),
        })
}

/// Parses `NAME=VALUE`.
pub fn parse_parameter(text: &str) -> Result<(String, String), QueryError> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.to_owned()))
        }
        _ => Err(QueryError::BadParameter {
            text: text.to_owned(),
        }),
    }
}

/// The RDF term a parameter value stands for.
pub fn parameter_term(value: &str) -> Term {
    let iri = value
        .strip_prefix('<')
        .and_then(|rest| rest.strip_suffix('>'))
        .or_else(|| {
            ["http://", "https://", "urn:"]
                .iter()
                .any(|scheme| value.starts_with(scheme))
                .then_some(value)
        });
    match iri.map(NamedNode::new) {
        Some(Ok(node)) => node.into(),
        _ => Literal::new_simple_literal(value).into(),
    }
}

/// Runs a query on the store with its parameters bound.
pub fn run<'a>(
    store: &Store,
    query: &QueryInfo,
    origin: &str,
    parameters: &[(String, String)],
) -> Result<QueryResults<'a>, QueryError> {
    run_cancellable(store, query, origin, parameters, None)
}

/// Runs a query like [`run`]; cancelling `token` stops its evaluation (results not yet read end
/// with [`QueryEvaluationError::Cancelled`](oxigraph::sparql::QueryEvaluationError::Cancelled)).
pub fn run_cancellable<'a>(
    store: &Store,
    query: &QueryInfo,
    origin: &str,
    parameters: &[(String, String)],
    token: Option<oxigraph::sparql::CancellationToken>,
) -> Result<QueryResults<'a>, QueryError> {
    run_planned(store, query, origin, parameters, token, Plan::Fast)
}

/// How a query is evaluated. Every plan gives the same solutions; [`Plan::Fast`] is what the
/// commands use, the others are what it is tested and measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Plan {
    /// The outer `ORDER BY` done on decoded solutions ([`order`]), summary stars read property by
    /// property ([`summary_scan`]), and evaluation document by document where the header allows
    /// ([`partition`], which merges through the decoded order).
    #[default]
    Fast,
    /// As `Fast`, but the store sorts (and so no query is partitioned): what [`order`] saves.
    StoreOrder,
    /// The parsed query with its parameters bound, evaluated by oxigraph alone.
    Plain,
}

/// Runs a query like [`run_cancellable`], evaluated as `plan` says.
pub fn run_planned<'a>(
    store: &Store,
    query: &QueryInfo,
    origin: &str,
    parameters: &[(String, String)],
    token: Option<oxigraph::sparql::CancellationToken>,
    plan: Plan,
) -> Result<QueryResults<'a>, QueryError> {
    if query.bundled {
        let known = || {
            if query.parameters.is_empty() {
                "none".to_owned()
            } else {
                query
                    .parameters
                    .iter()
                    .map(|p| p.name.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        for (name, _) in parameters {
            if !query.parameters.iter().any(|p| &p.name == name) {
                return Err(QueryError::UnknownParameter {
                    query: query.name.clone(),
                    name: name.clone(),
                    known: known(),
                });
            }
        }
        for parameter in query.parameters.iter().filter(|p| p.required) {
            if !parameters.iter().any(|(name, _)| name == &parameter.name) {
                return Err(QueryError::MissingParameter {
                    query: query.name.clone(),
                    name: parameter.name.clone(),
                });
            }
        }
    }
    let parsed = spargebra::SparqlParser::new()
        .parse_query(&query.text)
        .map_err(|error| QueryError::Syntax {
            origin: origin.to_owned(),
            message: error.to_string(),
        })?;
    let mut bindings = Vec::new();
    for (name, value) in parameters {
        let variable = Variable::new(name).map_err(|_| QueryError::BadParameter {
            text: format!("{name}={value}"),
        })?;
        let takes_name = query
            .parameters
            .iter()
            .any(|p| &p.name == name && p.takes_name);
        let terms = match parameter_term(value) {
            Term::NamedNode(node) => vec![GroundTerm::NamedNode(node)],
            Term::Literal(literal) if takes_name => {
                let text = literal.value();
                std::iter::once(Literal::new_simple_literal(text))
                    .chain(LABEL_LANGUAGES.iter().map(|language| {
                        Literal::new_language_tagged_literal_unchecked(text, *language)
                    }))
                    .map(GroundTerm::Literal)
                    .collect()
            }
            Term::Literal(literal) => vec![GroundTerm::Literal(literal)],
            _ => unreachable!("parameters are IRIs or literals"),
        };
        bindings.push((variable, terms));
    }
    let (unbound, order) = match plan {
        Plan::Fast => split_order(parsed),
        Plan::StoreOrder => (parsed, None),
        Plan::Plain => {
            return Ok(prepare(bind_parameters(parsed, &bindings), token)
                .on_store(store)
                .execute()?);
        }
    };
    // Variables bound from outside: their stars are looked up, not read whole.
    let bound: Vec<Variable> = bindings
        .iter()
        .map(|(variable, _)| variable.clone())
        .chain(query.partition.clone())
        .collect();
    let unbound = map_pattern(unbound, |pattern| read_stars_by_property(pattern, &bound));
    if let (Some(variable), Some(order)) = (&query.partition, &order) {
        if !Partition::selects(&unbound, variable) {
            return Err(QueryError::PartitionNotSelected {
                origin: origin.to_owned(),
                variable: variable.as_str().to_owned(),
            });
        }
        let mut partition = Partition::new(variable.clone());
        if let Some(pattern) = &query.partition_domain {
            let domain = domain_query(query, variable, pattern, origin)?;
            partition = partition.among(bind_parameters(domain, &bindings));
        }
        // The parameters are bound in each evaluation, in one table with its documents.
        let solutions = partition.evaluate(store, unbound, bindings, token);
        return Ok(QueryResults::Solutions(order.clone().apply(solutions)));
    }
    let results = prepare(bind_parameters(unbound, &bindings), token)
        .on_store(store)
        .execute()?;
    Ok(match (results, order) {
        (QueryResults::Solutions(solutions), Some(order)) => {
            QueryResults::Solutions(order.apply(solutions))
        }
        (results, _) => results,
    })
}

/// The query that lists the documents of a partition: `SELECT DISTINCT ?NAME WHERE { PATTERN }`
/// under the query's own `PREFIX` and `BASE` lines.
fn domain_query(
    query: &QueryInfo,
    variable: &Variable,
    pattern: &str,
    origin: &str,
) -> Result<spargebra::Query, QueryError> {
    let prologue: Vec<&str> = query
        .text
        .lines()
        .filter(|line| {
            let line = line.trim_start().to_ascii_uppercase();
            line.starts_with("PREFIX") || line.starts_with("BASE")
        })
        .collect();
    let text = format!(
        "{}\nSELECT DISTINCT {variable} WHERE {{ {pattern} }}",
        prologue.join("\n")
    );
    let domain = spargebra::SparqlParser::new()
        .parse_query(&text)
        .map_err(|error| QueryError::Syntax {
            origin: format!("the `partition domain` header of {origin}"),
            message: error.to_string(),
        })?;
    // The pattern under the `SELECT DISTINCT` must bind the variable, or it would find nothing.
    let mut binds = false;
    if let spargebra::Query::Select {
        pattern: GraphPattern::Distinct { inner },
        ..
    } = &domain
    {
        if let GraphPattern::Project { inner, .. } = inner.as_ref() {
            inner.on_in_scope_variable(|found| binds |= found == variable);
        }
    }
    if !binds {
        return Err(QueryError::PartitionDomainUnbound {
            origin: origin.to_owned(),
            variable: variable.as_str().to_owned(),
        });
    }
    Ok(domain)
}

/// How to print results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultFormat {
    /// Aligned table for people (graphs as Turtle).
    Table,
    /// SPARQL 1.1 CSV results.
    Csv,
    /// SPARQL 1.1 TSV results.
    Tsv,
    /// SPARQL 1.1 JSON results.
    Json,
    /// SPARQL 1.1 XML results.
    Xml,
    /// Turtle, for CONSTRUCT and DESCRIBE.
    Turtle,
    /// N-Triples, for CONSTRUCT and DESCRIBE.
    Ntriples,
}

/// Errors while writing results.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("cannot write the results: {0}")]
    Write(#[from] std::io::Error),
    #[error("`--format {format}` does not fit a {kind} query\nhint: use {hint}")]
    FormatMismatch {
        format: String,
        kind: &'static str,
        hint: &'static str,
    },
}

impl From<oxigraph::sparql::QueryEvaluationError> for OutputError {
    fn from(error: oxigraph::sparql::QueryEvaluationError) -> Self {
        Self::Query(QueryError::Evaluation(error))
    }
}

/// Compact form of a term for tables: prefixed IRIs, bare literal values.
pub fn display_term(term: &Term) -> String {
    match term {
        Term::NamedNode(node) => compact_iri(node.as_str()),
        Term::Literal(literal) => literal.value().to_owned(),
        other => other.to_string(),
    }
}

/// `dgr:China` for a reference IRI, `doc:ID` for a document, the IRI in `<>` otherwise.
pub fn compact_iri(iri: &str) -> String {
    for (prefix, namespace) in PREFIXES {
        if let Some(local) = iri.strip_prefix(namespace) {
            if !local.is_empty() && !local.contains(['/', '#']) {
                return format!("{prefix}:{local}");
            }
        }
    }
    if let Some(at) = iri.rfind("/document/") {
        return format!("doc:{}", &iri[at + 10..]);
    }
    format!("<{iri}>")
}

/// Writes results; returns the number of rows (or triples).
pub fn write_results(
    results: QueryResults<'_>,
    format: ResultFormat,
    mut out: impl Write,
) -> Result<usize, OutputError> {
    match results {
        QueryResults::Solutions(solutions) => {
            let variables: Vec<Variable> = solutions.variables().to_vec();
            let serializer_format = match format {
                ResultFormat::Table => None,
                ResultFormat::Csv => Some(QueryResultsFormat::Csv),
                ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
                ResultFormat::Json => Some(QueryResultsFormat::Json),
                ResultFormat::Xml => Some(QueryResultsFormat::Xml),
                ResultFormat::Turtle | ResultFormat::Ntriples => {
                    return Err(OutputError::FormatMismatch {
                        format: format!("{format:?}").to_lowercase(),
                        kind: "SELECT",
                        hint: "`table`, `csv`, `tsv`, `json` or `xml`",
                    })
                }
            };
            let mut count = 0;
            match serializer_format {
                None => {
                    let mut rows = Vec::new();
                    for solution in solutions {
                        let solution = solution?;
                        rows.push(
                            variables
                                .iter()
                                .map(|variable| {
                                    solution.get(variable).map(display_term).unwrap_or_default()
                                })
                                .collect(),
                        );
                    }
                    count = rows.len();
                    let headers: Vec<String> =
                        variables.iter().map(|v| v.as_str().to_owned()).collect();
                    write_table(&mut out, &headers, &rows)?;
                }
                Some(results_format) => {
                    let mut serializer = QueryResultsSerializer::from_format(results_format)
                        .serialize_solutions_to_writer(&mut out, variables)?;
                    for solution in solutions {
                        let solution = solution?;
                        serializer.serialize(&solution)?;
                        count += 1;
                    }
                    serializer.finish()?;
                }
            }
            Ok(count)
        }
        QueryResults::Boolean(value) => {
            match format {
                ResultFormat::Table => writeln!(out, "{value}")?,
                ResultFormat::Csv | ResultFormat::Tsv | ResultFormat::Json | ResultFormat::Xml => {
                    let results_format = match format {
                        ResultFormat::Csv => QueryResultsFormat::Csv,
                        ResultFormat::Tsv => QueryResultsFormat::Tsv,
                        ResultFormat::Json => QueryResultsFormat::Json,
                        _ => QueryResultsFormat::Xml,
                    };
                    QueryResultsSerializer::from_format(results_format)
                        .serialize_boolean_to_writer(&mut out, value)?;
                }
                _ => {
                    return Err(OutputError::FormatMismatch {
                        format: format!("{format:?}").to_lowercase(),
                        kind: "ASK",
                        hint: "`table`, `csv`, `tsv`, `json` or `xml`",
                    })
                }
            }
            Ok(1)
        }
        QueryResults::Graph(triples) => {
            let graph_format = match format {
                ResultFormat::Table | ResultFormat::Turtle => GraphFormat::TURTLE,
                ResultFormat::Ntriples => GraphFormat::NTRIPLES,
                _ => {
                    return Err(OutputError::FormatMismatch {
                        format: format!("{format:?}").to_lowercase(),
                        kind: "CONSTRUCT or DESCRIBE",
                        hint: "`turtle` or `ntriples`",
                    })
                }
            };
            let serializer = graph_format.serializer();
            let mut writer = serializer.for_writer(&mut out);
            let mut count = 0;
            for triple in triples {
                writer.serialize_triple(&triple?)?;
                count += 1;
            }
            writer.finish()?;
            Ok(count)
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Two things of class `ex:T`, one with the value `ex:a` and one without, and a third thing
    /// with the value `ex:b`.
    const DATA: &str = r"
        @prefix ex: <http://example.org/> .
        ex:g { ex:s1 a ex:T ; ex:p ex:a . ex:s2 a ex:T . ex:s3 ex:p ex:b . }
    ";

    /// A store in a temporary folder holding the quads of `trig`.
    pub(crate) fn store_of(trig: &str) -> (tempfile::TempDir, Store) {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let store = Store::open(folder.path()).expect("a store");
        store
            .load_from_slice(oxigraph::io::RdfFormat::TriG, trig)
            .expect("the test data");
        (folder, store)
    }

    fn store() -> (tempfile::TempDir, Store) {
        store_of(DATA)
    }

    /// The rows of solutions, each value written out by `write`.
    pub(crate) fn written_rows(
        results: QueryResults<'_>,
        write: impl Fn(&Term) -> String,
    ) -> Vec<Vec<String>> {
        let QueryResults::Solutions(solutions) = results else {
            panic!("a SELECT gives solutions")
        };
        solutions
            .map(|solution| {
                let solution = solution.expect("a solution");
                solution
                    .values()
                    .iter()
                    .map(|value| value.as_ref().map_or_else(String::new, &write))
                    .collect()
            })
            .collect()
    }

    /// The rows of `query` with `parameters` bound, in the order it gives them, each value
    /// written out.
    fn rows_in_order(
        store: &Store,
        query: &str,
        parameters: &[(String, String)],
    ) -> Vec<Vec<String>> {
        let info = QueryInfo::parse(
            "test",
            &format!("PREFIX ex: <http://example.org/>\n{query}"),
            false,
        );
        let results = run(store, &info, "`test`", parameters).expect("results");
        written_rows(results, display_term)
    }

    /// The rows of `query` with `?x` bound to `value`, each value written out, sorted.
    fn rows_with_x(store: &Store, query: &str, value: &str) -> Vec<Vec<String>> {
        let mut rows = rows_in_order(store, query, &[("x".to_owned(), value.to_owned())]);
        rows.sort();
        rows
    }

    /// The query with `?x` bound to `ex:a`, written out as SPARQL.
    fn bound_text(query: &str) -> String {
        let parsed = spargebra::SparqlParser::new()
            .parse_query(&format!("PREFIX ex: <http://example.org/>\n{query}"))
            .expect("a query");
        let a = GroundTerm::NamedNode(NamedNode::new_unchecked("http://example.org/a"));
        let bindings = [(Variable::new_unchecked("x"), vec![a])];
        bind_parameters(parsed, &bindings).to_string()
    }

    #[test]
    fn sort_keys_projected_or_not_order_the_solutions() {
        let (_folder, store) = store();
        let s1 = "<http://example.org/s1>";
        let s3 = "<http://example.org/s3>";
        let a = "<http://example.org/a>";
        let b = "<http://example.org/b>";
        // A key that is projected, descending.
        assert_eq!(
            rows_in_order(
                &store,
                "SELECT ?s ?x WHERE { ?s ex:p ?x } ORDER BY DESC(?x)",
                &[]
            ),
            [[s3, b], [s1, a]]
        );
        // A key that is not projected, then one that is.
        assert_eq!(
            rows_in_order(
                &store,
                "SELECT ?s WHERE { ?s ex:p ?x } ORDER BY DESC(?x) ?s",
                &[]
            ),
            [[s3], [s1]]
        );
        // A key computed from a projected variable, after one that is the same for both rows.
        assert_eq!(
            rows_in_order(
                &store,
                "SELECT ?s ?x WHERE { ?s ex:p ?x } ORDER BY ?missing DESC(STR(?s))",
                &[]
            ),
            [[s3, b], [s1, a]]
        );
    }

    #[test]
    fn a_parameter_is_bound_inside_a_subquery_that_always_binds_it() {
        let grouped = "SELECT ?x ?n WHERE { { SELECT ?x (COUNT(*) AS ?n) WHERE { ?s ex:p ?x } \
                       GROUP BY ?x } }";
        let text = bound_text(grouped);
        let subquery = text.find("SELECT ?x (").expect("the subquery");
        assert!(
            text[subquery..].contains("VALUES"),
            "the table is joined inside the subquery: {text}"
        );
        let (_folder, store) = store();
        assert_eq!(
            rows_with_x(&store, grouped, "http://example.org/a"),
            [["<http://example.org/a>", "1"]]
        );
    }

    #[test]
    fn a_parameter_a_subquery_selects_but_only_reads_is_bound_inside_it() {
        // Joined outside, the filter would compare with an unbound ?x and keep nothing.
        let reading = "SELECT ?s WHERE { { SELECT ?s ?x WHERE { ?s ex:p ?o FILTER(?o = ?x) } } }";
        let text = bound_text(reading);
        let subquery = text.find("SELECT ?s ?x").expect("the subquery");
        assert!(text[subquery..].contains("VALUES"), "{text}");
        let (_folder, store) = store();
        assert_eq!(
            rows_with_x(&store, reading, "http://example.org/a"),
            [["<http://example.org/s1>"]]
        );
        // Not selected, the subquery's ?x is its own: unbound, and nothing passes its filter.
        let own = "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ex:p ?o FILTER(?o = ?x) } } }";
        assert!(rows_with_x(&store, own, "http://example.org/a").is_empty());
    }

    #[test]
    fn a_parameter_is_bound_in_each_branch_of_a_union() {
        let union = "SELECT ?s ?x WHERE { { ?s ex:p ?x } UNION { ?s a ex:T . ?s ex:p ?x } }";
        let text = bound_text(union);
        assert_eq!(text.matches("VALUES").count(), 2, "{text}");
        let (_folder, store) = store();
        assert_eq!(
            rows_with_x(&store, union, "http://example.org/a"),
            [
                ["<http://example.org/s1>", "<http://example.org/a>"],
                ["<http://example.org/s1>", "<http://example.org/a>"]
            ]
        );
    }

    #[test]
    fn a_subquery_with_a_limit_keeps_its_own_solutions() {
        // The first value in order is ex:a: bound outside, ex:b finds nothing.
        let limited = "SELECT ?x WHERE { { SELECT ?x WHERE { ?s ex:p ?x } ORDER BY ?x LIMIT 1 } }";
        let (_folder, store) = store();
        assert!(rows_with_x(&store, limited, "http://example.org/b").is_empty());
        assert_eq!(
            rows_with_x(&store, limited, "http://example.org/a"),
            [["<http://example.org/a>"]]
        );
    }

    #[test]
    fn a_subquery_that_may_leave_the_parameter_unbound_is_joined_whole() {
        // ex:s2 has no value: its group (?x unbound) is joined with ?x = ex:a outside the
        // subquery, a row of its own; bound inside, it would have been counted with ex:s1.
        let optional = "SELECT ?x ?n WHERE { { SELECT ?x (COUNT(*) AS ?n) WHERE { ?s a ex:T \
                        OPTIONAL { ?s ex:p ?x } } GROUP BY ?x } }";
        let text = bound_text(optional);
        let subquery = text.find("SELECT ?x (").expect("the subquery");
        assert!(!text[subquery..].contains("VALUES"), "{text}");
        let (_folder, store) = store();
        assert_eq!(
            rows_with_x(&store, optional, "http://example.org/a"),
            [
                ["<http://example.org/a>", "1"],
                ["<http://example.org/a>", "1"]
            ]
        );
    }
}
