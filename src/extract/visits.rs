//! Visits: `…于2019年7月21日至23日对中国进行国事访问`, `阮富仲总书记对中国的正式访问`.
//!
//! Rule `visits.phrase` (pattern `visit.phrase`): `对|在 HOST 进行(了)|的 KIND访问`, optionally preceded by
//! `于 DATE`, or by the date alone right after the visitor (`胡锦涛2005年7月3日至4日对…`; a range may end in
//! another month); the host must be a state of the reference data; or (rule `visits.verb`), dated,
//! by the verb (`visit.verb`: `于2020年10月12日至13日访问马来西亚`). The visitor is the last person the clause
//! names before the phrase; else each person the sentence names before it outside the invitation
//! (`周恩来和陈毅，应…的邀请，于…在柬埔寨进行了国事访问`: two visits); else the first state the clause names; else the
//! first state the sentence names before it outside the invitation (`马来西亚总理…应…的邀请，于…访问了…`).
//! The host may be a state's one-character form (`对华进行正式访问`). An undated phrase takes the
//! last `于 DATE` of its sentence before it, or the last date opening a clause there
//! (`visit.date-before`: `…于2017年5月12日至16日应邀来华出席…，并对华进行正式访问`, `应…的邀请，1994年
//! 9月6日至8日…对智利进行了正式访问`). A visit dated by one day is one day long. An undated visit by a
//! visitor to a host that a dated one of that visitor goes to is that one, left out.
//!
//! Cost: linear in the length of each sentence.

use super::mentions::{names_within, resolved_names};
use super::text::clause_start;
use super::{Context, Date, Extractor, Fact, Record};
use crate::rdf::vocab::dg;
use crate::text::document::{Document, PartKind};

/// See the module documentation.
pub struct VisitExtractor;

const RULE: &str = "visits.phrase";
const VERB: &str = "visits.verb";

impl Extractor for VisitExtractor {
    fn name(&self) -> &'static str {
        "visits"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["visit"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let names = resolved_names(document, context);
        let patterns = [
            (RULE, context.patterns.get("visit.phrase")),
            (VERB, context.patterns.get("visit.verb")),
        ];
        let mut records = Vec::new();
        for (_, sentence) in document.parts_of(PartKind::Sentence) {
            let base = sentence.range.start;
            let text = document.slice(sentence.range.clone());
            let found = patterns.iter().flat_map(|(rule, pattern)| {
                pattern
                    .captures_iter(text)
                    .map(move |captures| (*rule, captures))
            });
            for (rule, captures) in found {
                let whole = captures.get(0).expect("a match has group 0");
                // A state by its one-character form (`对华进行正式访问`), where it has one state.
                let host_written = &captures["host"];
                let short = || match context.reference.short_forms.get(host_written) {
                    Some(states) if states.len() == 1 => Some(states[0]),
                    _ => None,
                };
                let Some(host) = context.reference.entity_named(host_written).or_else(short) else {
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
                // The persons the sentence names before the phrase, outside the invitation
                // (`周恩来和陈毅，应柬埔寨王国政府的邀请，于…在柬埔寨进行了国事访问`): the
                // visitors where the clause names no one.
                let invited_by = context
                    .patterns
                    .get("invitation.at")
                    .find(&text[..clause])
                    .map_or(0..0, |found| found.range());
                let outside_invitation = |range: &std::ops::Range<usize>| {
                    !(invited_by.start <= range.start - base && range.end - base <= invited_by.end)
                };
                let subjects: Vec<usize> = names_within(names, base..base + clause)
                    .filter(|(range, entity, _)| {
                        class(entity) == dg::PERSON && outside_invitation(range)
                    })
                    .map(|(_, entity, _)| *entity)
                    .collect();
                let in_clause = before
                    .iter()
                    .rev()
                    .find(|entity| class(entity) == dg::PERSON)
                    .map(|entity| vec![*entity]);
                // The first state the sentence names before the clause, outside the invitation
                // (`马来西亚总理…阁下应…的邀请，于…访问了中华人民共和国`): the visitor's, where
                // the sentence names no person the reference data knows.
                let sentence_state = || {
                    names_within(names, base..base + clause)
                        .find(|(range, entity, _)| {
                            class(entity) == dg::STATE
                                && *entity != host
                                && outside_invitation(range)
                        })
                        .map(|(_, entity, _)| vec![*entity])
                };
                let visitors: Vec<Option<usize>> = in_clause
                    .or_else(|| (!subjects.is_empty()).then_some(subjects))
                    .or_else(|| {
                        before
                            .iter()
                            .find(|entity| class(entity) == dg::STATE && **entity != host)
                            .map(|entity| vec![*entity])
                    })
                    .or_else(sentence_state)
                    .map_or(vec![None], |found| found.into_iter().map(Some).collect());
                // Undated, the phrase takes the last `于 DATE` of its sentence before it, or the
                // last date opening a clause (`…于2017年5月12日至16日应邀来华出席…论坛，并对华进行
                // 正式访问`).
                let dated_before = (captures.name("start_year").is_none())
                    .then(|| {
                        context
                            .patterns
                            .get("visit.date-before")
                            .captures_iter(&text[..whole.start()])
                            .last()
                    })
                    .flatten();
                let number = |name: &str| {
                    captures
                        .name(name)
                        .or_else(|| dated_before.as_ref().and_then(|before| before.name(name)))
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
                // A visit dated by one day (`于1991年7月14日对…进行正式访问`) ends that day.
                let end = match (start, number("end_day")) {
                    (Some(start), Some(day)) => Date::from_parts(
                        start.year,
                        number("end_month").unwrap_or(u32::from(start.month.unwrap_or(1))),
                        day,
                    ),
                    (start, None) => start,
                    _ => None,
                };
                let range = base + whole.start()..base + whole.end();
                for visitor in visitors {
                    records.push(Record::new(
                        document,
                        range.clone(),
                        rule,
                        Fact::Visit {
                            visitor: visitor.map(|entity| {
                                context.reference.entities[entity].iri.as_str().to_owned()
                            }),
                            host: context.reference.entities[host].iri.as_str().to_owned(),
                            kind: captures["kind"].to_owned(),
                            start: start.map(|d| d.iso()),
                            end: end.map(|d| d.iso()),
                        },
                    ));
                }
            }
        }
        // An undated visit by a visitor to a host that a dated one of that visitor goes to
        // (`这是…国家元首第一次对中国进行国事访问`) is that one.
        let dated = super::dated_visits(&records);
        records.retain(|record| match &record.fact {
            Fact::Visit {
                visitor,
                host,
                start: None,
                ..
            } => !dated.contains(&(visitor.clone(), host.clone())),
            _ => true,
        });
        records
    }
}
