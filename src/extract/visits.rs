//! Visits: `…于2019年7月21日至23日对中国进行国事访问`, `阮富仲总书记对中国的正式访问`.
//!
//! Rule `visits.phrase` (pattern `visit.phrase`): `对 HOST 进行|的 KIND访问`, optionally preceded
//! by `于 DATE`; the host must be a state of the reference data. The visitor is the last person
//! the clause names before the phrase, else the first state it names.
//!
//! Cost: linear in the length of each sentence.

use super::mentions::{names_within, resolved_names};
use super::text::clause_start;
use super::{Context, Date, Extractor, Fact, Record};
use crate::document::{Document, PartKind};
use crate::vocab::dg;

/// See the module documentation.
pub struct VisitExtractor;

const RULE: &str = "visits.phrase";

impl Extractor for VisitExtractor {
    fn name(&self) -> &'static str {
        "visits"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["visit"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let names = resolved_names(document, context);
        let pattern = context.patterns.get("visit.phrase");
        let mut records = Vec::new();
        for (_, sentence) in document.parts_of(PartKind::Sentence) {
            let base = sentence.range.start;
            let text = document.slice(sentence.range.clone());
            for captures in pattern.captures_iter(text) {
                let whole = captures.get(0).expect("a match has group 0");
                let Some(host) = context.reference.entity_named(&captures["host"]) else {
                    continue;
                };
                if context.reference.entities[host].class.as_ref() != dg::STATE {
                    continue;
                }
                let clause = clause_start(text, whole.start());
                let before: Vec<usize> = names_within(names, base + clause..base + whole.start())
                    .map(|(_, entity, _)| *entity)
                    .collect();
                let class = |entity: &usize| context.reference.entities[*entity].class.as_ref();
                let visitor = before
                    .iter()
                    .rev()
                    .find(|entity| class(entity) == dg::PERSON)
                    .or_else(|| {
                        before
                            .iter()
                            .find(|entity| class(entity) == dg::STATE && **entity != host)
                    })
                    .map(|entity| context.reference.entities[*entity].iri.as_str().to_owned());
                let number = |name: &str| {
                    captures
                        .name(name)
                        .and_then(|m| m.as_str().parse::<u32>().ok())
                };
                let start = match (
                    number("start_year"),
                    number("start_month"),
                    number("start_day"),
                ) {
                    (Some(y), Some(m), Some(d)) => Date::from_parts(y as i32, m, d),
                    _ => None,
                };
                let end = match (start, number("end_day")) {
                    (Some(start), Some(day)) => {
                        Date::from_parts(start.year, u32::from(start.month.unwrap_or(1)), day)
                    }
                    _ => None,
                };
                let range = base + whole.start()..base + whole.end();
                records.push(Record::new(
                    document,
                    range,
                    RULE,
                    Fact::Visit {
                        visitor,
                        host: context.reference.entities[host].iri.as_str().to_owned(),
                        kind: captures["kind"].to_owned(),
                        start: start.map(|d| d.iso()),
                        end: end.map(|d| d.iso()),
                    },
                ));
            }
        }
        records
    }
}
