//! The algebra of a query before it is evaluated: parameters bound as a `VALUES` table joined
//! where the store can use it, the outer `ORDER BY` taken out to be done on decoded solutions
//! ([`crate::query::order`]), and the evaluator set up as diplograph runs every query (the union of
//! all graphs as the default graph, a cancellation token).
//!
//! [`crate::query`] and [`crate::query::partition`] both rewrite queries through this module; it
//! reads no store and knows nothing of bundled queries. Each rewrite walks the pattern tree once:
//! O(n) in the size of the algebra (times the rows of the `VALUES` table it joins).

use crate::query::order::SolutionOrder;
use oxigraph::sparql::{PreparedSparqlQuery, SparqlEvaluator};
use spargebra::algebra::GraphPattern;
use spargebra::term::{GroundTerm, NamedNodePattern, TermPattern, Variable};

/// A query ready to run as diplograph runs every query: over the union of all graphs as the
/// default graph, stopped when `token` is cancelled.
pub fn prepare(
    query: spargebra::Query,
    token: Option<oxigraph::sparql::CancellationToken>,
) -> PreparedSparqlQuery {
    let mut evaluator = SparqlEvaluator::new();
    if let Some(token) = token {
        evaluator = evaluator.with_cancellation_token(token);
    }
    let mut prepared = evaluator.for_query(query);
    prepared.dataset_mut().set_default_graph_as_union();
    prepared
}

/// Takes a `SELECT`'s outer `ORDER BY` out of the algebra, to be done on decoded solutions
/// (see [`crate::query::order`]).
pub(crate) fn split_order(query: spargebra::Query) -> (spargebra::Query, Option<SolutionOrder>) {
    match query {
        spargebra::Query::Select {
            dataset,
            pattern,
            base_iri,
        } => {
            let (pattern, order) = SolutionOrder::split(pattern);
            let query = spargebra::Query::Select {
                dataset,
                pattern,
                base_iri,
            };
            (query, order)
        }
        other => (other, None),
    }
}

/// The query with `change` applied to its pattern, whatever its form.
pub(crate) fn map_pattern(
    query: spargebra::Query,
    change: impl FnOnce(GraphPattern) -> GraphPattern,
) -> spargebra::Query {
    use spargebra::Query;
    match query {
        Query::Select {
            dataset,
            pattern,
            base_iri,
        } => Query::Select {
            dataset,
            pattern: change(pattern),
            base_iri,
        },
        Query::Construct {
            template,
            dataset,
            pattern,
            base_iri,
        } => Query::Construct {
            template,
            dataset,
            pattern: change(pattern),
            base_iri,
        },
        Query::Describe {
            dataset,
            pattern,
            base_iri,
        } => Query::Describe {
            dataset,
            pattern: change(pattern),
            base_iri,
        },
        Query::Ask {
            dataset,
            pattern,
            base_iri,
        } => Query::Ask {
            dataset,
            pattern: change(pattern),
            base_iri,
        },
    }
}

/// Binds each parameter variable to its terms by joining a `VALUES` table at the start of the
/// query's outer group (one row, unless a name is bound in several languages): below the solution
/// modifiers, grouping, `HAVING`, `FILTER` and `BIND`, and on the left of its joins and
/// `OPTIONAL`s, so that every expression of the group, those of its `OPTIONAL`s included, sees the
/// value (as if the query began `WHERE { VALUES (?a ?b) { (A B) } …`), and inside a `GRAPH`
/// block, a `UNION` or a subquery that starts the group, beside the patterns that use the value,
/// wherever that keeps the same solutions ([`join_in_group`]): there oxigraph reads the store once
/// for each row of the table instead of reading the whole block and joining. The query text is
/// never edited. A partitioned query binds its documents the same way.
pub fn bind_parameters(
    query: spargebra::Query,
    bindings: &[(Variable, Vec<GroundTerm>)],
) -> spargebra::Query {
    if bindings.is_empty() {
        return query;
    }
    // One row per combination of the parameters' terms (most parameters have one).
    let mut rows: Vec<Vec<Option<GroundTerm>>> = vec![Vec::new()];
    for (_, terms) in bindings {
        rows = rows
            .into_iter()
            .flat_map(|row| {
                terms.iter().map(move |term| {
                    let mut row = row.clone();
                    row.push(Some(term.clone()));
                    row
                })
            })
            .collect();
    }
    let values = GraphPattern::Values {
        variables: bindings
            .iter()
            .map(|(variable, _)| variable.clone())
            .collect(),
        bindings: rows,
    };
    map_pattern(query, |pattern| join_values(pattern, &values))
}

/// Descends through the outer query's solution modifiers to its group, then joins there.
fn join_values(pattern: GraphPattern, values: &GraphPattern) -> GraphPattern {
    let inner = |pattern: Box<GraphPattern>| Box::new(join_values(*pattern, values));
    match pattern {
        GraphPattern::Slice {
            inner: pattern,
            start,
            length,
        } => GraphPattern::Slice {
            inner: inner(pattern),
            start,
            length,
        },
        GraphPattern::Distinct { inner: pattern } => GraphPattern::Distinct {
            inner: inner(pattern),
        },
        GraphPattern::Reduced { inner: pattern } => GraphPattern::Reduced {
            inner: inner(pattern),
        },
        // The query's own projection: a projection below it is a subquery.
        GraphPattern::Project {
            inner: pattern,
            variables,
        } => GraphPattern::Project {
            inner: Box::new(join_below_projection(*pattern, values)),
            variables,
        },
        other => join_below_projection(other, values),
    }
}

/// Descends through what a query's projection is made of (its order, the expressions it selects,
/// its `HAVING` and grouping) to its group, then joins there.
fn join_below_projection(pattern: GraphPattern, values: &GraphPattern) -> GraphPattern {
    let inner = |pattern: Box<GraphPattern>| Box::new(join_below_projection(*pattern, values));
    match pattern {
        GraphPattern::OrderBy {
            inner: pattern,
            expression,
        } => GraphPattern::OrderBy {
            inner: inner(pattern),
            expression,
        },
        GraphPattern::Group {
            inner: pattern,
            variables,
            aggregates,
        } => GraphPattern::Group {
            inner: inner(pattern),
            variables,
            aggregates,
        },
        GraphPattern::Filter {
            expr,
            inner: pattern,
        } => GraphPattern::Filter {
            expr,
            inner: inner(pattern),
        },
        GraphPattern::Extend {
            inner: pattern,
            variable,
            expression,
        } => GraphPattern::Extend {
            inner: inner(pattern),
            variable,
            expression,
        },
        group => join_in_group(group, values),
    }
}

/// Joins the values at the start of a group: on the left of its joins and `OPTIONAL`s, inside its
/// filters, binds and `GRAPH` blocks (which open no scope of their own), into each branch of a
/// `UNION` (a join distributes over a union), and into a subquery that starts the group when the
/// subquery takes every variable of the table:
/// - it binds the variable in each of its solutions (then joining the table inside it keeps the
///   same solutions: its grouping keys, `DISTINCT` and projection only see rows whose values
///   match, and those rows are the same either way);
/// - or it projects the variable but binds it nowhere, only reading it in expressions: a
///   parameter passed down, which the subquery then reads as if its value were written there (a
///   query that sorts labels of the language `?lang` in a subquery selects `?lang` for this).
///
/// A subquery with `LIMIT` or `OFFSET`, or one that may leave a variable unbound, keeps its own
/// variables and is joined as a whole. Inside, oxigraph reads the store once for each row of the
/// table, where joined outside it evaluates the whole subquery first.
fn join_in_group(pattern: GraphPattern, values: &GraphPattern) -> GraphPattern {
    let inner = |pattern: Box<GraphPattern>| Box::new(join_in_group(*pattern, values));
    match pattern {
        GraphPattern::Project { .. }
        | GraphPattern::Distinct { .. }
        | GraphPattern::Reduced { .. }
            if takes_every_variable_of(&pattern, values) =>
        {
            join_values(pattern, values)
        }
        GraphPattern::Union { left, right } => GraphPattern::Union {
            left: inner(left),
            right: inner(right),
        },
        GraphPattern::Graph {
            name,
            inner: pattern,
        } => GraphPattern::Graph {
            name,
            inner: inner(pattern),
        },
        GraphPattern::Filter {
            expr,
            inner: pattern,
        } => GraphPattern::Filter {
            expr,
            inner: inner(pattern),
        },
        GraphPattern::Extend {
            inner: pattern,
            variable,
            expression,
        } => GraphPattern::Extend {
            inner: inner(pattern),
            variable,
            expression,
        },
        GraphPattern::Join { left, right } => GraphPattern::Join {
            left: inner(left),
            right,
        },
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => GraphPattern::LeftJoin {
            left: inner(left),
            right,
            expression,
        },
        GraphPattern::Minus { left, right } => GraphPattern::Minus {
            left: inner(left),
            right,
        },
        other => GraphPattern::Join {
            left: Box::new(values.clone()),
            right: Box::new(other),
        },
    }
}

/// Whether the subquery `pattern` takes each variable of the `VALUES` table `values`: binds it in
/// every solution, or projects it without binding it anywhere (see [`join_in_group`]).
fn takes_every_variable_of(pattern: &GraphPattern, values: &GraphPattern) -> bool {
    let GraphPattern::Values { variables, .. } = values else {
        return false;
    };
    variables
        .iter()
        .all(|variable| always_binds(pattern, variable) || only_reads(pattern, variable))
}

/// Whether the subquery `pattern` (a projection, under `DISTINCT` or `REDUCED` or not) selects
/// `variable` while no pattern below its projection binds it.
fn only_reads(pattern: &GraphPattern, variable: &Variable) -> bool {
    match pattern {
        GraphPattern::Distinct { inner } | GraphPattern::Reduced { inner } => {
            only_reads(inner, variable)
        }
        GraphPattern::Project { inner, variables } => {
            let mut bound = false;
            inner.on_in_scope_variable(|found| bound |= found == variable);
            variables.contains(variable) && !bound
        }
        _ => false,
    }
}

/// Whether every solution of `pattern` binds `variable`: it is in a triple or path pattern, on
/// both sides of a `UNION`, on the required side of an `OPTIONAL` or `MINUS`, a `GRAPH` block's
/// name, in every row of a `VALUES` table, or a grouping key or projected variable that the
/// pattern below binds. An expression's result may be an error, so `BIND` and aggregates never
/// count; nor does a `SERVICE`, whose solutions come from elsewhere.
fn always_binds(pattern: &GraphPattern, variable: &Variable) -> bool {
    let is_variable =
        |term: &TermPattern| matches!(term, TermPattern::Variable(found) if found == variable);
    match pattern {
        GraphPattern::Bgp { patterns } => patterns.iter().any(|triple| {
            is_variable(&triple.subject)
                || matches!(&triple.predicate, NamedNodePattern::Variable(found) if found == variable)
                || is_variable(&triple.object)
        }),
        GraphPattern::Path {
            subject, object, ..
        } => is_variable(subject) || is_variable(object),
        GraphPattern::Join { left, right } => {
            always_binds(left, variable) || always_binds(right, variable)
        }
        GraphPattern::Union { left, right } => {
            always_binds(left, variable) && always_binds(right, variable)
        }
        GraphPattern::Graph { name, inner } => {
            matches!(name, NamedNodePattern::Variable(found) if found == variable)
                || always_binds(inner, variable)
        }
        GraphPattern::Values {
            variables,
            bindings,
        } => variables
            .iter()
            .position(|found| found == variable)
            .is_some_and(|column| {
                bindings
                    .iter()
                    .all(|row| row.get(column).is_some_and(Option::is_some))
            }),
        GraphPattern::Project { inner, variables } => {
            variables.contains(variable) && always_binds(inner, variable)
        }
        GraphPattern::Group {
            inner, variables, ..
        } => variables.contains(variable) && always_binds(inner, variable),
        GraphPattern::LeftJoin { left: inner, .. }
        | GraphPattern::Minus { left: inner, .. }
        | GraphPattern::Filter { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => always_binds(inner, variable),
        GraphPattern::Lateral { left, right } => {
            always_binds(left, variable) || always_binds(right, variable)
        }
        GraphPattern::Service { .. } => false,
    }
}
