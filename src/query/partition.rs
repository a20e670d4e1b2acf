//! A query evaluated document by document, on several threads at once.
//!
//! oxigraph evaluates a query on one thread, and each lookup waits for the one before. The listings
//! of many rows for each document (`proposals`, `signatories`) make about one lookup per row in a
//! store of hash-ordered subjects: with the store in the page cache they are bound by one core, and
//! from disk by the disk's latency, one small read at a time (about 54,000 reads for `proposals`
//! at 100 MB of text, most of them one for each proposal's statements).
//!
//! A query whose every solution belongs to one document declares it in its header, naming the
//! variable that holds the document (`# partition: document`, for `?document`, the IRI that also
//! names the document's graph). Such a query is then evaluated once for each run of up to
//! [`DOCUMENTS_PER_EVALUATION`] stored documents, with that variable bound to them from the start
//! (in one `VALUES` table with the query's parameters, joined where `query` joins parameters), by
//! several threads that take runs in turn as the calling thread reads the documents from the index:
//! the cores share the work, and the disk serves several reads at once.
//!
//! A query that finds its rows through an index, in a few documents of many (`mentions`), also
//! declares its domain: a group pattern that binds the variable to every document that may have
//! solutions (`# partition domain: GRAPH ?document { ?mention dg:mentions ?target }`, with the
//! query's prefixes and parameters). Only the documents it finds are then evaluated, instead of
//! every stored document. With a domain, the variable need not hold a document: `meetings`, whose
//! rows are events each counted over many documents, is partitioned on `?meeting`, its domain the
//! events and visits; the runs then bind events, inside the subquery that counts them (see
//! [`crate::query`] for where a table is joined). Below, "documents" stands for whatever the
//! variable holds.
//!
//! The solutions are the same: the union of the evaluations for every document is the query's
//! solutions whenever each of those binds the variable to a stored document (or to one its domain
//! finds), which is what the declaration promises. Only the pattern under the outer `ORDER BY` is
//! evaluated this way; the order, `DISTINCT` and slice are applied afterwards to the union
//! ([`crate::query::order`]), so a partitioned query is only run so when it has an outer order
//! (otherwise it runs whole, as any other query). Solutions come back in the order of the documents
//! (the store's index order, or the order the domain found them in), each document's in the order
//! the store gave them (oxigraph reads the store once for each row of the table, in order), so that
//! equal sort keys keep one order from run to run.
//!
//! Cost: one read of the index of documents and one evaluation per run of documents, linear in the
//! number of documents; memory for all the solutions, which the sort that follows holds anyway. The
//! list costs a read of each document's name, so the workers start on the first documents while
//! it is read. Each evaluation has a fixed cost whatever it finds (its plan, a snapshot of the
//! store, and whatever the query reads once for all its rows, such as a table of labels from the
//! reference data), which is why documents go in runs rather than one at a time. Over every stored
//! document, a query that finds its rows through an index would pay that cost for the documents
//! without any: its domain spares them. Each evaluation
//! reads its own snapshot: a reader that shared its store with a writer (diplograph's commands do
//! not) could see documents of different moments.

use crate::query::algebra::{bind_parameters, prepare};
use crate::rdf::vocab::{dg, rdf};
use crate::store::each_graph_saying_of_itself;
use oxigraph::model::{NamedNode, Term, Variable};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, QuerySolution, QuerySolutionIter,
};
use oxigraph::store::Store;
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};

/// Threads per core: from disk the threads mostly wait for reads, and the disk serves several
/// reads in flight in little more time than one (`benches/RESULTS.md`).
const THREADS_PER_CORE: usize = 4;

/// Documents bound at once in one evaluation: enough that the cost of each evaluation is shared by
/// many documents, few enough that the runs keep every thread busy to the end.
pub const DOCUMENTS_PER_EVALUATION: usize = 32;

/// How a query that declares a partition is evaluated.
#[derive(Debug, Clone)]
pub struct Partition {
    /// The variable that holds the document.
    pub variable: Variable,
    /// How many threads evaluate documents at once.
    pub threads: usize,
    /// How many documents each evaluation binds at most.
    pub documents_per_evaluation: usize,
    /// A query whose solutions bind the variable to the documents to evaluate; all stored
    /// documents without it.
    pub domain: Option<spargebra::Query>,
}

impl Partition {
    /// A partition on `variable`, with as many threads as suit this machine.
    pub fn new(variable: Variable) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::with_threads(variable, cores * THREADS_PER_CORE)
    }

    /// A partition on `variable` evaluated by `threads` threads (at least one).
    pub fn with_threads(variable: Variable, threads: usize) -> Self {
        Self {
            variable,
            threads: threads.max(1),
            documents_per_evaluation: DOCUMENTS_PER_EVALUATION,
            domain: None,
        }
    }

    /// The same partition with at most `documents` documents bound in each evaluation (at least
    /// one).
    pub fn in_runs_of(self, documents: usize) -> Self {
        Self {
            documents_per_evaluation: documents.max(1),
            ..self
        }
    }

    /// The same partition over the documents that `domain` binds to the variable, instead of all
    /// stored documents. Every solution's document must be among them, and each must come once
    /// (a `SELECT DISTINCT`), or its solutions would come twice.
    pub fn among(self, domain: spargebra::Query) -> Self {
        Self {
            domain: Some(domain),
            ..self
        }
    }

    /// Whether a `SELECT` query's outer projection has `variable`, as evaluating it document by
    /// document needs.
    pub fn selects(query: &spargebra::Query, variable: &Variable) -> bool {
        Self::projected(query).contains(variable)
    }

    /// The variables of a `SELECT` query's outer projection (none for another shape).
    fn projected(query: &spargebra::Query) -> Vec<Variable> {
        match query {
            spargebra::Query::Select {
                pattern: GraphPattern::Project { variables, .. },
                ..
            } => variables.clone(),
            _ => Vec::new(),
        }
    }

    /// The solutions of a `SELECT` query (whose pattern is a projection) evaluated once per run of
    /// stored documents, or of documents of the domain, with its parameters bound to their terms
    /// (each variable to one of its terms, as `query` binds them). As with the store's own
    /// evaluation, the work happens when the first solution is read, and errors (a cancelled query
    /// among them) come out of the iterator.
    pub fn evaluate(
        self,
        store: &Store,
        query: spargebra::Query,
        parameters: Vec<(Variable, Vec<GroundTerm>)>,
        token: Option<CancellationToken>,
    ) -> QuerySolutionIter<'static> {
        let variables: Arc<[Variable]> = Self::projected(&query).into();
        let store = store.clone();
        let mut pending = Some(query);
        let solutions = std::iter::once(()).flat_map(move |()| {
            let query = pending.take().expect("the evaluation runs once");
            match self.evaluate_all(&store, &query, &parameters, token.as_ref()) {
                Ok(solutions) => solutions.into_iter().map(Ok).collect::<Vec<_>>(),
                Err(error) => vec![Err(error)],
            }
        });
        QuerySolutionIter::new(variables, solutions)
    }

    /// Every document's solutions, in the order of the documents. This thread reads the index of
    /// documents and hands each run of them to the workers as soon as it is read, so that from
    /// disk the reads of the list and those of the evaluations overlap.
    fn evaluate_all(
        &self,
        store: &Store,
        query: &spargebra::Query,
        parameters: &[(Variable, Vec<GroundTerm>)],
        token: Option<&CancellationToken>,
    ) -> Result<Vec<QuerySolution>, QueryEvaluationError> {
        // A parameter that names the partition's own variable keeps those of its documents; the
        // others are bound in each evaluation.
        let chosen = parameters
            .iter()
            .find(|(variable, _)| *variable == self.variable)
            .map(|(_, terms)| terms);
        let kept = |document: &NamedNode| {
            chosen.is_none_or(|terms| {
                terms
                    .iter()
                    .any(|term| matches!(term, GroundTerm::NamedNode(chosen) if chosen == document))
            })
        };
        let parameters: Vec<(Variable, Vec<GroundTerm>)> = parameters
            .iter()
            .filter(|(variable, _)| *variable != self.variable)
            .cloned()
            .collect();
        // Unbounded: the list is a few hundred bytes per document, and the workers drain it to
        // the end whatever happens, so the reader never waits for a worker that stopped.
        let (sender, receiver) = mpsc::channel::<(usize, Vec<NamedNode>)>();
        let receiver = Mutex::new(receiver);
        let failed = AtomicBool::new(false);
        let first_error = Mutex::new(None);
        let fail = |error: QueryEvaluationError| {
            failed.store(true, Ordering::Relaxed);
            first_error
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .get_or_insert(error);
        };
        let mut found: Vec<(usize, Vec<QuerySolution>)> = Vec::new();
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..self.threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let next = receiver
                                .lock()
                                .unwrap_or_else(|poisoned| poisoned.into_inner())
                                .recv();
                            let Ok((index, documents)) = next else {
                                break;
                            };
                            if failed.load(Ordering::Relaxed) {
                                continue;
                            }
                            match self.evaluate_run(store, query, &parameters, documents, token) {
                                Ok(solutions) => done.push((index, solutions)),
                                Err(error) => fail(error),
                            }
                        }
                        done
                    })
                })
                .collect();
            let documents: Box<dyn Iterator<Item = _>> = match &self.domain {
                Some(domain) => self.documents_among(store, domain, token),
                None => Box::new(stored_documents(store)),
            };
            // The receiver lives as long as this function: sending cannot fail.
            let send = |index, run| {
                sender
                    .send((index, run))
                    .expect("the receiver outlives the list")
            };
            let mut run = Vec::new();
            let mut runs = 0;
            for document in documents {
                if failed.load(Ordering::Relaxed) {
                    break;
                }
                match document {
                    Ok(document) if kept(&document) => run.push(document),
                    Ok(_) => {}
                    Err(error) => fail(error),
                }
                if run.len() == self.documents_per_evaluation {
                    send(runs, std::mem::take(&mut run));
                    runs += 1;
                }
            }
            if !run.is_empty() {
                send(runs, run);
            }
            drop(sender);
            for worker in workers {
                match worker.join() {
                    Ok(done) => found.extend(done),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        });
        if let Some(error) = first_error
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
        {
            return Err(error);
        }
        found.sort_unstable_by_key(|(index, _)| *index);
        Ok(found
            .into_iter()
            .flat_map(|(_, solutions)| solutions)
            .collect())
    }

    /// The documents that `domain` binds to the variable, each as soon as it is found.
    fn documents_among<'a>(
        &'a self,
        store: &'a Store,
        domain: &spargebra::Query,
        token: Option<&CancellationToken>,
    ) -> Box<dyn Iterator<Item = Result<NamedNode, QueryEvaluationError>> + 'a> {
        let solutions = match prepare(domain.clone(), token.cloned())
            .on_store(store)
            .execute()
        {
            Ok(QueryResults::Solutions(solutions)) => solutions,
            Ok(_) => {
                let error = QueryEvaluationError::Unexpected(
                    "a partition's domain must be a SELECT".into(),
                );
                return Box::new(std::iter::once(Err(error)));
            }
            Err(error) => return Box::new(std::iter::once(Err(error))),
        };
        Box::new(solutions.filter_map(|solution| match solution {
            Ok(solution) => match solution.get(&self.variable) {
                Some(Term::NamedNode(document)) => Some(Ok(document.clone())),
                _ => None,
            },
            Err(error) => Some(Err(error)),
        }))
    }

    /// The solutions of a run of documents, each document's after those of the one before, with
    /// the parameters other than the partition's own variable. The documents and the parameters
    /// share one table, the documents first: oxigraph starts from the smallest table, and a table
    /// of parameters alone (a name in its four forms, say) would lead it to find the rows of every
    /// document before joining the run's.
    fn evaluate_run(
        &self,
        store: &Store,
        query: &spargebra::Query,
        parameters: &[(Variable, Vec<GroundTerm>)],
        documents: Vec<NamedNode>,
        token: Option<&CancellationToken>,
    ) -> Result<Vec<QuerySolution>, QueryEvaluationError> {
        let documents = documents.into_iter().map(GroundTerm::NamedNode).collect();
        let mut bindings = vec![(self.variable.clone(), documents)];
        bindings.extend_from_slice(parameters);
        let bound = bind_parameters(query.clone(), &bindings);
        let results = prepare(bound, token.cloned()).on_store(store).execute()?;
        match results {
            QueryResults::Solutions(solutions) => solutions.collect(),
            _ => Ok(Vec::new()),
        }
    }
}

/// The stored documents: the named graphs that say of themselves, in themselves, that they are a
/// document (as [`crate::store::summary::document_graphs`] lists them), in the store's index order,
/// each as soon as it is read.
fn stored_documents(
    store: &Store,
) -> impl Iterator<Item = Result<NamedNode, QueryEvaluationError>> + '_ {
    each_graph_saying_of_itself(store, rdf::TYPE, dg::DOCUMENT.into())
        .map(|graph| graph.map_err(|error| QueryEvaluationError::Dataset(Box::new(error))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::QueryError;
    use crate::query::{self, QueryInfo};
    use oxigraph::model::Term;

    /// Three documents (one with two proposals, one with none), a graph that is not a document,
    /// and a document named in a graph other than its own.
    const DATA: &str = r#"
        @prefix dg: <https://w3id.org/diplograph/ontology#> .
        @prefix d: <https://w3id.org/diplograph/document/> .
        d:a { d:a a dg:Document . d:a-p1 dg:proposer d:x . d:a-p2 dg:proposer d:y . }
        d:b { d:b a dg:Document . d:b-p1 dg:proposer d:x . }
        d:c { d:c a dg:Document . }
        d:elsewhere { d:a a dg:Document . d:e-p1 dg:proposer d:x . }
        <https://w3id.org/diplograph/graph/reference> { d:r-p1 dg:proposer d:z . }
    "#;

    const QUERY: &str = "PREFIX dg: <https://w3id.org/diplograph/ontology#>
        SELECT ?document ?node ?proposer WHERE {
          GRAPH ?document { ?document a dg:Document . ?node dg:proposer ?proposer }
        } ORDER BY DESC(?node)";

    fn store() -> (tempfile::TempDir, Store) {
        query::tests::store_of(DATA)
    }

    /// The rows of a query's solutions, each value written out.
    fn rows(results: QueryResults<'_>) -> Vec<Vec<String>> {
        query::tests::written_rows(results, Term::to_string)
    }

    fn run(store: &Store, header: &str) -> Result<Vec<Vec<String>>, QueryError> {
        run_with(store, header, &[])
    }

    fn run_with(
        store: &Store,
        header: &str,
        parameters: &[(&str, &str)],
    ) -> Result<Vec<Vec<String>>, QueryError> {
        let info = QueryInfo::parse("test", &format!("{header}\n{QUERY}"), false);
        let parameters: Vec<(String, String)> = parameters
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        query::run(store, &info, "`test`", &parameters).map(rows)
    }

    /// The second column (the proposal) of each row, by its last path segment.
    fn proposal_names(rows: &[Vec<String>]) -> Vec<String> {
        rows.iter()
            .map(|row| {
                let node = row[1].trim_end_matches('>');
                node.rsplit('/').next().unwrap_or(node).to_owned()
            })
            .collect()
    }

    #[test]
    fn a_partitioned_query_gives_the_solutions_and_order_of_the_whole_query() {
        let (_folder, store) = store();
        let whole = run(&store, "# title: whole").expect("the whole query");
        let partitioned = run(&store, "# partition: document").expect("the partitioned query");
        let document = |name: &str| format!("<https://w3id.org/diplograph/document/{name}>");
        let nodes: Vec<String> = partitioned.iter().map(|row| row[1].clone()).collect();
        assert_eq!(
            nodes,
            ["b-p1", "a-p2", "a-p1"].map(document),
            "the proposals of the documents, in the query's order, and nothing from graphs \
             that are not documents"
        );
        assert_eq!(partitioned, whole);
    }

    #[test]
    fn a_domain_that_finds_every_document_with_solutions_gives_the_whole_query() {
        let (_folder, store) = store();
        let whole = run(&store, "# title: whole").expect("the whole query");
        let partitioned = run(
            &store,
            "# partition: document\n# partition domain: GRAPH ?document { ?node dg:proposer ?anyone }",
        )
        .expect("the partitioned query");
        assert_eq!(partitioned, whole);
    }

    #[test]
    fn only_the_documents_of_the_domain_are_evaluated() {
        let (_folder, store) = store();
        // A domain that breaks the header's promise on purpose: b has a solution but is left out.
        let partitioned = run(
            &store,
            "# partition: document\n# partition domain: GRAPH ?document { ?node dg:proposer \
             <https://w3id.org/diplograph/document/y> }",
        )
        .expect("the partitioned query");
        assert_eq!(proposal_names(&partitioned), ["a-p2", "a-p1"]);
    }

    #[test]
    fn the_parameters_of_the_query_are_bound_in_its_domain() {
        let (_folder, store) = store();
        let header = "# partition: document\n# partition domain: \
                      GRAPH ?document { ?document a dg:Document } FILTER(BOUND(?chosen))";
        let bound = run_with(
            &store,
            header,
            &[("chosen", "https://w3id.org/diplograph/document/x")],
        )
        .expect("the query with its parameter");
        assert_eq!(proposal_names(&bound), ["b-p1", "a-p2", "a-p1"]);
        let unbound = run(&store, header).expect("the query without it");
        assert!(unbound.is_empty(), "{unbound:?}");
    }

    #[test]
    fn parameters_are_bound_with_each_run_of_documents() {
        let (_folder, store) = store();
        let x = [("proposer", "https://w3id.org/diplograph/document/x")];
        let whole = run_with(&store, "# title: whole", &x).expect("the whole query");
        let partitioned =
            run_with(&store, "# partition: document", &x).expect("the partitioned query");
        assert_eq!(proposal_names(&partitioned), ["b-p1", "a-p1"]);
        assert_eq!(partitioned, whole);
    }

    #[test]
    fn a_parameter_that_names_the_partition_keeps_its_documents() {
        let (_folder, store) = store();
        let a = [("document", "https://w3id.org/diplograph/document/a")];
        let partitioned =
            run_with(&store, "# partition: document", &a).expect("the partitioned query");
        assert_eq!(proposal_names(&partitioned), ["a-p2", "a-p1"]);
        let elsewhere = [("document", "https://w3id.org/diplograph/document/elsewhere")];
        let none = run_with(&store, "# partition: document", &elsewhere).expect("the query");
        assert!(none.is_empty(), "a graph that is not a document: {none:?}");
    }

    #[test]
    fn a_domain_that_is_not_sparql_or_does_not_bind_the_document_is_refused() {
        let (_folder, store) = store();
        for (domain, message) in [
            (
                "GRAPH ?document {",
                "invalid SPARQL in the `partition domain` header",
            ),
            (
                "GRAPH ?graph { ?node dg:proposer ?anyone }",
                "does not bind ?document",
            ),
        ] {
            let header = format!("# partition: document\n# partition domain: {domain}");
            let Err(error) = run(&store, &header) else {
                panic!("{domain}: refused")
            };
            assert!(error.to_string().contains(message), "{domain}: {error}");
        }
    }

    #[test]
    fn the_documents_are_the_graphs_that_say_they_are_one() {
        let (_folder, store) = store();
        let mut documents: Vec<String> = stored_documents(&store)
            .map(|document| {
                let document = document.expect("a document");
                document
                    .as_str()
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_owned()
            })
            .collect();
        documents.sort();
        assert_eq!(documents, ["a", "b", "c"]);
    }

    #[test]
    fn any_number_of_threads_and_documents_per_evaluation_gives_the_same_solutions() {
        let (_folder, store) = store();
        let parsed = spargebra::SparqlParser::new()
            .parse_query("SELECT ?document ?node WHERE { GRAPH ?document { ?document a <https://w3id.org/diplograph/ontology#Document> . OPTIONAL { ?node ?p ?o FILTER(?node != ?document) } } }")
            .expect("a query");
        let document = Variable::new_unchecked("document");
        let evaluate = |threads, documents| {
            let solutions = Partition::with_threads(document.clone(), threads)
                .in_runs_of(documents)
                .evaluate(&store, parsed.clone(), Vec::new(), None);
            rows(QueryResults::Solutions(solutions))
        };
        let one = evaluate(1, 1);
        assert_eq!(
            one.len(),
            4,
            "two proposals of a, one of b, none of c: {one:?}"
        );
        for threads in [1, 2, 3, 64] {
            for documents in [1, 2, 3, DOCUMENTS_PER_EVALUATION] {
                assert_eq!(
                    evaluate(threads, documents),
                    one,
                    "{threads} threads, {documents} documents per evaluation"
                );
            }
        }
    }

    #[test]
    fn a_query_that_does_not_select_its_partition_is_refused() {
        let (_folder, store) = store();
        let info = QueryInfo::parse(
            "test",
            "# partition: document\nSELECT ?node WHERE { GRAPH ?document { ?node ?p ?o } } ORDER BY ?node",
            false,
        );
        let Err(error) = query::run(&store, &info, "`test`", &[]) else {
            panic!("refused")
        };
        assert!(
            error.to_string().contains("does not select ?document"),
            "{error}"
        );
    }

    #[test]
    fn a_cancelled_partitioned_query_ends_with_an_error() {
        let (_folder, store) = store();
        let info = QueryInfo::parse("test", &format!("# partition: document\n{QUERY}"), false);
        let token = CancellationToken::new();
        token.cancel();
        let Ok(QueryResults::Solutions(mut solutions)) =
            query::run_cancellable(&store, &info, "`test`", &[], Some(token))
        else {
            panic!("the evaluation starts when its solutions are read")
        };
        assert!(matches!(
            solutions.next(),
            Some(Err(QueryEvaluationError::Cancelled))
        ));
        assert!(solutions.next().is_none());
    }
}
