//! Tallies of the summary graph read property by property, then joined in memory.
//!
//! A tally is a node with a few properties: its class, the terms it counts for and the count
//! (see [`crate::store::summary`]). A query reads every tally of a kind with a star of patterns on
//! one node, `GRAPH dgg:summary { ?tally a dg:EntityTypeTally ; dg:tallyEntity ?entity ;
//! dg:tallyType ?type ; dg:tally ?count }`. oxigraph evaluates a star by reading its first pattern,
//! then looking up every other property of every node found, one lookup at a time, each of which
//! opens an iterator on the store's index: ten lookups a row for `entities`. Here each pattern of
//! such a star becomes a subquery of its own (`{ SELECT * WHERE { GRAPH dgg:summary { ?tally
//! dg:tallyType ?type } } }`), which oxigraph reads in one pass over its index and joins to the
//! others by hashing: the same solutions, from one iterator for each property.
//!
//! Only stars of `GRAPH <summary>` change, because the summary graph holds tallies and nothing
//! else, each of which has every property of its kind, and grows with what the corpus names, not
//! with what it says (most tallies are one for each document's date and each dated meeting). A
//! pattern on a document graph may be one
//! of millions in a large store, where looking up the few nodes found first is the faster way. A
//! star stays as it is when a variable of it is bound from outside (a parameter or the variable of
//! a partition: its lookups are few), when it has a blank node (whose scope is the whole star), a
//! path or a variable predicate, or when it lies where it is evaluated once for each row of
//! something else (inside `EXISTS`, on the right of a `LATERAL`, in a `SERVICE`).
//!
//! Cost: one pass over the nodes that have each property of the star, linear in the summary graph,
//! instead of a lookup per node and property; memory for the hash tables, which hold the tallies
//! the aggregate above them holds anyway. A property that every tally has (`dg:tally`) is read
//! whole even for a kind with few tallies, which still costs less than a lookup per node
//! (`benches/RESULTS.md`).

use crate::store::summary::summary_graph;
use oxigraph::model::Variable;
use spargebra::algebra::GraphPattern;
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern};

/// `pattern` with every star of the summary graph read property by property, except those with a
/// variable of `bound`.
pub fn read_stars_by_property(pattern: GraphPattern, bound: &[Variable]) -> GraphPattern {
    rewrite(pattern, bound, false)
}

/// Rewrites the stars below `pattern`; `in_summary` says whether its active graph is the summary.
fn rewrite(pattern: GraphPattern, bound: &[Variable], in_summary: bool) -> GraphPattern {
    let child = |inner: Box<GraphPattern>| Box::new(rewrite(*inner, bound, in_summary));
    match pattern {
        GraphPattern::Bgp { patterns } if in_summary && is_star(&patterns, bound) => {
            by_property(patterns)
        }
        GraphPattern::Graph { name, inner } => {
            let is_summary = match &name {
                NamedNodePattern::NamedNode(node) => node.as_ref() == summary_graph(),
                NamedNodePattern::Variable(_) => false,
            };
            GraphPattern::Graph {
                inner: Box::new(rewrite(*inner, bound, is_summary)),
                name,
            }
        }
        GraphPattern::Join { left, right } => GraphPattern::Join {
            left: child(left),
            right: child(right),
        },
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => GraphPattern::LeftJoin {
            left: child(left),
            right: child(right),
            expression,
        },
        // The right of a LATERAL is evaluated once for each row of the left.
        GraphPattern::Lateral { left, right } => GraphPattern::Lateral {
            left: child(left),
            right,
        },
        GraphPattern::Filter { expr, inner } => GraphPattern::Filter {
            expr,
            inner: child(inner),
        },
        GraphPattern::Union { left, right } => GraphPattern::Union {
            left: child(left),
            right: child(right),
        },
        GraphPattern::Extend {
            inner,
            variable,
            expression,
        } => GraphPattern::Extend {
            inner: child(inner),
            variable,
            expression,
        },
        GraphPattern::Minus { left, right } => GraphPattern::Minus {
            left: child(left),
            right: child(right),
        },
        GraphPattern::OrderBy { inner, expression } => GraphPattern::OrderBy {
            inner: child(inner),
            expression,
        },
        GraphPattern::Project { inner, variables } => GraphPattern::Project {
            inner: child(inner),
            variables,
        },
        GraphPattern::Distinct { inner } => GraphPattern::Distinct {
            inner: child(inner),
        },
        GraphPattern::Reduced { inner } => GraphPattern::Reduced {
            inner: child(inner),
        },
        GraphPattern::Slice {
            inner,
            start,
            length,
        } => GraphPattern::Slice {
            inner: child(inner),
            start,
            length,
        },
        GraphPattern::Group {
            inner,
            variables,
            aggregates,
        } => GraphPattern::Group {
            inner: child(inner),
            variables,
            aggregates,
        },
        // Triple patterns, paths, VALUES tables and SERVICE calls stay as they are.
        other => other,
    }
}

/// Whether `patterns` is a star worth reading by property: two patterns or more, all on one
/// subject variable with a fixed predicate, no blank node, and no variable of `bound`.
fn is_star(patterns: &[TriplePattern], bound: &[Variable]) -> bool {
    let Some(TermPattern::Variable(subject)) = patterns.first().map(|first| &first.subject) else {
        return false;
    };
    let free = |variable: &Variable| !bound.contains(variable);
    patterns.len() >= 2
        && free(subject)
        && patterns.iter().all(|pattern| {
            matches!(&pattern.subject, TermPattern::Variable(found) if found == subject)
                && matches!(pattern.predicate, NamedNodePattern::NamedNode(_))
                && match &pattern.object {
                    TermPattern::Variable(variable) => variable != subject && free(variable),
                    TermPattern::NamedNode(_) | TermPattern::Literal(_) => true,
                    // Blank nodes, and quoted triples where the build allows them.
                    #[allow(unreachable_patterns)]
                    _ => false,
                }
        })
}

/// The star as a join of one subquery for each pattern, each in the summary graph.
fn by_property(patterns: Vec<TriplePattern>) -> GraphPattern {
    let summary = NamedNodePattern::NamedNode(summary_graph().into_owned());
    patterns
        .into_iter()
        .map(|pattern| {
            let variables = [&pattern.subject, &pattern.object]
                .into_iter()
                .filter_map(|term| match term {
                    TermPattern::Variable(variable) => Some(variable.clone()),
                    _ => None,
                })
                .collect();
            GraphPattern::Project {
                inner: Box::new(GraphPattern::Graph {
                    name: summary.clone(),
                    inner: Box::new(GraphPattern::Bgp {
                        patterns: vec![pattern],
                    }),
                }),
                variables,
            }
        })
        .reduce(|left, right| GraphPattern::Join {
            left: Box::new(left),
            right: Box::new(right),
        })
        .expect("a star has patterns")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> GraphPattern {
        let query = spargebra::SparqlParser::new()
            .parse_query(&format!(
                "PREFIX dg: <https://w3id.org/diplograph/ontology#>\n\
                 PREFIX dgg: <https://w3id.org/diplograph/graph/>\n{text}"
            ))
            .unwrap();
        let spargebra::Query::Select { pattern, .. } = query else {
            panic!("a SELECT")
        };
        pattern
    }

    /// How many triple patterns each BGP of the pattern has, in the order they are met.
    fn bgp_sizes(pattern: &GraphPattern) -> Vec<usize> {
        let mut sizes = Vec::new();
        fn walk(pattern: &GraphPattern, sizes: &mut Vec<usize>) {
            match pattern {
                GraphPattern::Bgp { patterns } => sizes.push(patterns.len()),
                GraphPattern::Graph { inner, .. }
                | GraphPattern::Project { inner, .. }
                | GraphPattern::Filter { inner, .. }
                | GraphPattern::Group { inner, .. } => walk(inner, sizes),
                GraphPattern::Join { left, right }
                | GraphPattern::LeftJoin { left, right, .. }
                | GraphPattern::Lateral { left, right }
                | GraphPattern::Union { left, right }
                | GraphPattern::Minus { left, right } => {
                    walk(left, sizes);
                    walk(right, sizes);
                }
                _ => {}
            }
        }
        walk(pattern, &mut sizes);
        sizes
    }

    #[test]
    fn a_star_of_the_summary_becomes_one_pattern_per_subquery() {
        let pattern = parse(
            "SELECT ?entity ?count WHERE { GRAPH dgg:summary { \
             ?tally a dg:EntityTally ; dg:tallyEntity ?entity ; dg:tally ?count } }",
        );
        let rewritten = read_stars_by_property(pattern, &[]);
        assert_eq!(bgp_sizes(&rewritten), [1, 1, 1]);
    }

    #[test]
    fn stars_elsewhere_or_with_bound_variables_or_blank_nodes_stay() {
        let kept = [
            // Another graph, and the union of graphs.
            "SELECT * WHERE { GRAPH ?document { ?s dg:agent ?a ; dg:about ?b } }",
            "SELECT * WHERE { ?s dg:agent ?a ; dg:about ?b }",
            // Two subjects.
            "SELECT * WHERE { GRAPH dgg:summary { ?s dg:tally ?a . ?t dg:tally ?b } }",
            // A blank node.
            "SELECT * WHERE { GRAPH dgg:summary { ?s dg:tallyEntity [] ; dg:tally ?b } }",
            // A parameter.
            "SELECT * WHERE { GRAPH dgg:summary { ?s dg:tallyPlace ?place ; dg:tally ?b } }",
            // One pattern.
            "SELECT * WHERE { GRAPH dgg:summary { ?s dg:tally ?b } }",
        ];
        let place = Variable::new_unchecked("place");
        for text in kept {
            let pattern = parse(text);
            let sizes = bgp_sizes(&pattern);
            let rewritten = read_stars_by_property(pattern, std::slice::from_ref(&place));
            assert_eq!(bgp_sizes(&rewritten), sizes, "{text}");
        }
    }

    #[test]
    fn a_star_inside_exists_stays() {
        let pattern = parse(
            "SELECT * WHERE { ?e a dg:State FILTER EXISTS { GRAPH dgg:summary { \
             ?tally dg:tallyEntity ?e ; dg:tally ?count } } }",
        );
        let text = format!("{pattern:?}");
        let rewritten = read_stars_by_property(pattern, &[]);
        assert_eq!(format!("{rewritten:?}"), text);
    }
}
