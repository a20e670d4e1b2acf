//! `ORDER BY` of a `SELECT` done on decoded solutions, after the store has evaluated the rest.
//!
//! oxigraph sorts solutions by decoding the compared terms from its dictionary at every
//! comparison: n log n dictionary reads, which for a few thousand rows is most of a query's time
//! (`benches/RESULTS.md` has the figures, `--plan store-order` against the default). Here the sort
//! keys become extra projected variables that the store computes once per solution;
//! [`SolutionOrder::apply`] then sorts the decoded solutions in memory and removes duplicates and
//! slices, in the order of the SPARQL algebra (order, project, distinct, slice). A sort key that is
//! a projected variable is read from its column, so the store decodes it once, not twice. Cost: n
//! log n comparisons of decoded terms and memory for all solutions, as the store's own sort needs.
//!
//! Terms compare as in oxigraph's `ORDER BY` ([`compare_terms`]): unbound, then blank nodes,
//! IRIs and literals; literals by value where SPARQL's `<` compares them (strings, numbers of any
//! type, dates, times, durations and the Gregorian calendar types), else by lexical form, datatype
//! and language. So a query gives the same rows either way.

use oxigraph::model::{Literal, Term, Variable};
use oxigraph::sparql::{QueryEvaluationError, QuerySolutionIter};
use oxsdatatypes::{
    Date, DateTime, DayTimeDuration, Decimal, Double, Duration, Float, GDay, GMonth, GMonthDay,
    GYear, GYearMonth, Integer, Time, YearMonthDuration,
};
use spargebra::algebra::{Expression, GraphPattern, OrderExpression};
use std::cmp::Ordering;
use std::collections::HashSet;
use std::str::FromStr;
use std::sync::Arc;

/// What was taken out of a `SELECT`'s algebra, to be done on its decoded solutions.
#[derive(Debug, Clone)]
pub struct SolutionOrder {
    /// The variables the query projects, in their order; in each evaluated solution the sort keys
    /// that are not among them follow them.
    variables: Vec<Variable>,
    /// The sort keys, in their order.
    keys: Vec<SortKey>,
    distinct: bool,
    start: usize,
    length: Option<usize>,
}

/// One sort key: where its value is in an evaluated solution, and which way it sorts.
#[derive(Debug, Clone, Copy)]
struct SortKey {
    column: usize,
    descending: bool,
}

/// Prefix of the variables that carry sort keys; no query of this project uses it.
const KEY_PREFIX: &str = "diplographSortKey";

impl SolutionOrder {
    /// Takes the outer `ORDER BY` (and the `DISTINCT`, `REDUCED`, `LIMIT` and `OFFSET` above it)
    /// out of a `SELECT` pattern. Returns the pattern to evaluate, which projects the query's
    /// variables then one variable per sort key, and the order to apply to its solutions; or the
    /// pattern unchanged and `None` when its outer modifiers are not of that shape.
    pub fn split(pattern: GraphPattern) -> (GraphPattern, Option<Self>) {
        if !Self::has_outer_order(&pattern) {
            return (pattern, None);
        }
        let (pattern, start, length) = match pattern {
            GraphPattern::Slice {
                inner,
                start,
                length,
            } => (*inner, start, length),
            other => (other, 0, None),
        };
        let (pattern, distinct) = match pattern {
            GraphPattern::Distinct { inner } => (*inner, true),
            // REDUCED allows duplicates to be removed or kept: they are kept.
            GraphPattern::Reduced { inner } => (*inner, false),
            other => (other, false),
        };
        let GraphPattern::Project { inner, variables } = pattern else {
            unreachable!("checked by has_outer_order")
        };
        let GraphPattern::OrderBy { inner, expression } = *inner else {
            unreachable!("checked by has_outer_order")
        };
        let mut evaluated = *inner;
        let mut projected = variables.clone();
        let mut keys = Vec::with_capacity(expression.len());
        for (index, order) in expression.into_iter().enumerate() {
            let (expression, descending) = match order {
                OrderExpression::Asc(expression) => (expression, false),
                OrderExpression::Desc(expression) => (expression, true),
            };
            // `ORDER BY ?v` with ?v projected sorts on the value the solution already carries.
            let column = match &expression {
                Expression::Variable(variable) => variables.iter().position(|v| v == variable),
                _ => None,
            };
            let column = column.unwrap_or_else(|| {
                let key = Variable::new_unchecked(format!("{KEY_PREFIX}{index}"));
                evaluated = GraphPattern::Extend {
                    inner: Box::new(std::mem::take(&mut evaluated)),
                    variable: key.clone(),
                    expression,
                };
                projected.push(key);
                projected.len() - 1
            });
            keys.push(SortKey { column, descending });
        }
        let evaluated = GraphPattern::Project {
            inner: Box::new(evaluated),
            variables: projected,
        };
        let order = Self {
            variables,
            keys,
            distinct,
            start,
            length,
        };
        (evaluated, Some(order))
    }

    /// Whether the pattern is `[Slice] [Distinct|Reduced] Project OrderBy …`.
    fn has_outer_order(pattern: &GraphPattern) -> bool {
        let mut pattern = pattern;
        if let GraphPattern::Slice { inner, .. } = pattern {
            pattern = inner;
        }
        if let GraphPattern::Distinct { inner } | GraphPattern::Reduced { inner } = pattern {
            pattern = inner;
        }
        matches!(
            pattern,
            GraphPattern::Project { inner, .. } if matches!(**inner, GraphPattern::OrderBy { .. })
        )
    }

    /// The solutions of the pattern [`split`](Self::split) returned, ordered, without duplicates
    /// if the query asked, sliced, and with the query's own variables only. The work happens
    /// when the first solution is read, so evaluation errors (a cancelled query among them) come
    /// out of the iterator as they would from the store.
    pub fn apply<'a>(self, solutions: QuerySolutionIter<'a>) -> QuerySolutionIter<'a> {
        let variables: Arc<[Variable]> = self.variables.clone().into();
        let mut source = Some(solutions);
        let rows = std::iter::once(()).flat_map(move |()| {
            let solutions = source.take().expect("the sort runs once");
            self.sorted(solutions)
        });
        QuerySolutionIter::from_tuples(variables, rows)
    }

    fn sorted(
        &self,
        solutions: QuerySolutionIter<'_>,
    ) -> Vec<Result<Vec<Option<Term>>, QueryEvaluationError>> {
        let width = self.variables.len();
        let mut rows = Vec::new();
        for solution in solutions {
            match solution {
                Ok(solution) => rows.push(solution.values().to_vec()),
                Err(error) => return vec![Err(error)],
            }
        }
        rows.sort_by(|a, b| {
            for key in &self.keys {
                let ordering = compare_terms(a[key.column].as_ref(), b[key.column].as_ref());
                let ordering = if key.descending {
                    ordering.reverse()
                } else {
                    ordering
                };
                if ordering != Ordering::Equal {
                    return ordering;
                }
            }
            Ordering::Equal
        });
        let mut seen = HashSet::new();
        rows.into_iter()
            .map(|mut row| {
                row.truncate(width);
                row
            })
            .filter(|row| !self.distinct || seen.insert(row.clone()))
            .skip(self.start)
            .take(self.length.unwrap_or(usize::MAX))
            .map(Ok)
            .collect()
    }
}

/// The order of two values of a sort key: unbound first, then blank nodes, IRIs and literals.
pub fn compare_terms(a: Option<&Term>, b: Option<&Term>) -> Ordering {
    let (a, b) = match (a, b) {
        (None, None) => return Ordering::Equal,
        (None, Some(_)) => return Ordering::Less,
        (Some(_), None) => return Ordering::Greater,
        (Some(a), Some(b)) => (a, b),
    };
    match (a, b) {
        (Term::BlankNode(a), Term::BlankNode(b)) => a.as_str().cmp(b.as_str()),
        (Term::BlankNode(_), _) => Ordering::Less,
        (Term::NamedNode(_), Term::BlankNode(_)) => Ordering::Greater,
        (Term::NamedNode(a), Term::NamedNode(b)) => a.as_str().cmp(b.as_str()),
        (Term::NamedNode(_), _) => Ordering::Less,
        (Term::Literal(_), Term::BlankNode(_) | Term::NamedNode(_)) => Ordering::Greater,
        (Term::Literal(a), Term::Literal(b)) => compare_literals(a, b),
        // Quoted triples (RDF 1.2) come after literals.
        #[allow(unreachable_patterns)]
        (Term::Literal(_), _) => Ordering::Less,
        #[allow(unreachable_patterns)]
        _ => Ordering::Greater,
    }
}

/// SPARQL's order of two literals (its `<` and `=`): numbers by value, strings, strings of one
/// language, and each date, time and duration type with its own kind; `None` where SPARQL cannot
/// compare them (a day and a month, a number and a date, a value its datatype does not accept).
pub fn sparql_compare(a: &Literal, b: &Literal) -> Option<Ordering> {
    Value::of(a).partial_cmp(&Value::of(b))
}

/// Literals by value where SPARQL compares them, else by lexical form, datatype and language.
fn compare_literals(a: &Literal, b: &Literal) -> Ordering {
    sparql_compare(a, b).unwrap_or_else(|| {
        (a.value(), a.datatype(), a.language()).cmp(&(b.value(), b.datatype(), b.language()))
    })
}

/// The value of a literal, for the types SPARQL orders by value.
#[derive(Debug, PartialEq)]
enum Value<'a> {
    String(&'a str),
    LanguageString(&'a str, &'a str),
    Integer(Integer),
    Decimal(Decimal),
    Float(Float),
    Double(Double),
    DateTime(DateTime),
    Date(Date),
    Time(Time),
    GYearMonth(GYearMonth),
    GYear(GYear),
    GMonthDay(GMonthDay),
    GDay(GDay),
    GMonth(GMonth),
    Duration(Duration),
    YearMonthDuration(YearMonthDuration),
    DayTimeDuration(DayTimeDuration),
    /// Any other datatype, or a lexical form its datatype does not accept.
    Other,
}

impl<'a> Value<'a> {
    fn of(literal: &'a Literal) -> Self {
        use oxigraph::model::vocab::xsd;
        if let Some(language) = literal.language() {
            return Self::LanguageString(literal.value(), language);
        }
        let text = literal.value();
        let datatype = literal.datatype();
        fn parsed<'v, T: FromStr>(text: &str, wrap: fn(T) -> Value<'v>) -> Value<'v> {
            T::from_str(text).map_or(Value::Other, wrap)
        }
        if datatype == xsd::STRING {
            Self::String(text)
        } else if datatype == xsd::INTEGER
            || datatype == xsd::INT
            || datatype == xsd::LONG
            || datatype == xsd::SHORT
            || datatype == xsd::BYTE
            || datatype == xsd::NON_NEGATIVE_INTEGER
            || datatype == xsd::POSITIVE_INTEGER
            || datatype == xsd::NON_POSITIVE_INTEGER
            || datatype == xsd::NEGATIVE_INTEGER
            || datatype == xsd::UNSIGNED_LONG
            || datatype == xsd::UNSIGNED_INT
            || datatype == xsd::UNSIGNED_SHORT
            || datatype == xsd::UNSIGNED_BYTE
        {
            parsed(text, Self::Integer)
        } else if datatype == xsd::DECIMAL {
            parsed(text, Self::Decimal)
        } else if datatype == xsd::FLOAT {
            parsed(text, Self::Float)
        } else if datatype == xsd::DOUBLE {
            parsed(text, Self::Double)
        } else if datatype == xsd::DATE_TIME {
            parsed(text, Self::DateTime)
        } else if datatype == xsd::DATE {
            parsed(text, Self::Date)
        } else if datatype == xsd::TIME {
            parsed(text, Self::Time)
        } else if datatype == xsd::G_YEAR_MONTH {
            parsed(text, Self::GYearMonth)
        } else if datatype == xsd::G_YEAR {
            parsed(text, Self::GYear)
        } else if datatype == xsd::G_MONTH_DAY {
            parsed(text, Self::GMonthDay)
        } else if datatype == xsd::G_DAY {
            parsed(text, Self::GDay)
        } else if datatype == xsd::G_MONTH {
            parsed(text, Self::GMonth)
        } else if datatype == xsd::DURATION {
            parsed(text, Self::Duration)
        } else if datatype == xsd::YEAR_MONTH_DURATION {
            parsed(text, Self::YearMonthDuration)
        } else if datatype == xsd::DAY_TIME_DURATION {
            parsed(text, Self::DayTimeDuration)
        } else {
            Self::Other
        }
    }
}

impl PartialOrd for Value<'_> {
    /// SPARQL's `<`: defined within strings, strings of one language, numbers (promoted to the
    /// wider type), and each date, time and duration type.
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        use Value::*;
        match (self, other) {
            (String(a), String(b)) => a.partial_cmp(b),
            (LanguageString(a, la), LanguageString(b, lb)) if la == lb => a.partial_cmp(b),
            (Integer(a), Integer(b)) => a.partial_cmp(b),
            (Integer(a), Decimal(b)) => oxsdatatypes::Decimal::from(*a).partial_cmp(b),
            (Integer(a), Float(b)) => oxsdatatypes::Float::from(*a).partial_cmp(b),
            (Integer(a), Double(b)) => oxsdatatypes::Double::from(*a).partial_cmp(b),
            (Decimal(a), Integer(b)) => a.partial_cmp(&oxsdatatypes::Decimal::from(*b)),
            (Decimal(a), Decimal(b)) => a.partial_cmp(b),
            (Decimal(a), Float(b)) => oxsdatatypes::Float::from(*a).partial_cmp(b),
            (Decimal(a), Double(b)) => oxsdatatypes::Double::from(*a).partial_cmp(b),
            (Float(a), Integer(b)) => a.partial_cmp(&oxsdatatypes::Float::from(*b)),
            (Float(a), Decimal(b)) => a.partial_cmp(&oxsdatatypes::Float::from(*b)),
            (Float(a), Float(b)) => a.partial_cmp(b),
            (Float(a), Double(b)) => oxsdatatypes::Double::from(*a).partial_cmp(b),
            (Double(a), Integer(b)) => a.partial_cmp(&oxsdatatypes::Double::from(*b)),
            (Double(a), Decimal(b)) => a.partial_cmp(&oxsdatatypes::Double::from(*b)),
            (Double(a), Float(b)) => a.partial_cmp(&oxsdatatypes::Double::from(*b)),
            (Double(a), Double(b)) => a.partial_cmp(b),
            (DateTime(a), DateTime(b)) => a.partial_cmp(b),
            (Date(a), Date(b)) => a.partial_cmp(b),
            (Time(a), Time(b)) => a.partial_cmp(b),
            (GYearMonth(a), GYearMonth(b)) => a.partial_cmp(b),
            (GYear(a), GYear(b)) => a.partial_cmp(b),
            (GMonthDay(a), GMonthDay(b)) => a.partial_cmp(b),
            (GDay(a), GDay(b)) => a.partial_cmp(b),
            (GMonth(a), GMonth(b)) => a.partial_cmp(b),
            (Duration(a), Duration(b)) => a.partial_cmp(b),
            (Duration(a), YearMonthDuration(b)) => a.partial_cmp(b),
            (Duration(a), DayTimeDuration(b)) => a.partial_cmp(b),
            (YearMonthDuration(a), Duration(b)) => a.partial_cmp(b),
            (YearMonthDuration(a), YearMonthDuration(b)) => a.partial_cmp(b),
            (YearMonthDuration(a), DayTimeDuration(b)) => a.partial_cmp(b),
            (DayTimeDuration(a), Duration(b)) => a.partial_cmp(b),
            (DayTimeDuration(a), YearMonthDuration(b)) => a.partial_cmp(b),
            (DayTimeDuration(a), DayTimeDuration(b)) => a.partial_cmp(b),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::vocab::xsd;
    use oxigraph::model::{BlankNode, NamedNode};

    fn typed(value: &str, datatype: oxigraph::model::NamedNodeRef<'_>) -> Term {
        Literal::new_typed_literal(value, datatype).into()
    }

    /// The order of two bound values.
    fn order(a: &Term, b: &Term) -> Ordering {
        compare_terms(Some(a), Some(b))
    }

    #[test]
    fn kinds_of_term_come_in_sparql_order() {
        let blank: Term = BlankNode::new_unchecked("b").into();
        let iri: Term = NamedNode::new_unchecked("http://example.com/a").into();
        let literal: Term = Literal::new_simple_literal("a").into();
        assert_eq!(compare_terms(None, Some(&blank)), Ordering::Less);
        assert_eq!(order(&blank, &iri), Ordering::Less);
        assert_eq!(order(&iri, &literal), Ordering::Less);
        assert_eq!(order(&literal, &blank), Ordering::Greater);
    }

    #[test]
    fn numbers_compare_by_value_across_types() {
        let nine = typed("9", xsd::INTEGER);
        let ten = typed("10", xsd::INTEGER);
        let nine_and_a_half = typed("9.5", xsd::DECIMAL);
        let ten_double = typed("1.0E1", xsd::DOUBLE);
        assert_eq!(order(&nine, &ten), Ordering::Less);
        assert_eq!(order(&nine_and_a_half, &ten), Ordering::Less);
        assert_eq!(order(&nine, &nine_and_a_half), Ordering::Less);
        assert_eq!(order(&ten_double, &ten), Ordering::Equal);
    }

    #[test]
    fn dates_compare_by_value_and_other_literals_by_text() {
        let earlier = typed("2022-09-16", xsd::DATE);
        let later = typed("2022-11-01", xsd::DATE);
        assert_eq!(order(&earlier, &later), Ordering::Less);
        // A date and a string are not comparable in SPARQL: lexical form decides.
        let text: Term = Literal::new_simple_literal("2022-10-01").into();
        assert_eq!(order(&earlier, &text), Ordering::Less);
        let chinese: Term = Literal::new_language_tagged_literal_unchecked("北京", "zh").into();
        let english: Term = Literal::new_language_tagged_literal_unchecked("Beijing", "en").into();
        assert_eq!(order(&english, &chinese), Ordering::Less);
    }
}
