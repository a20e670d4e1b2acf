//! Commitments with quantities: `宣布未来5年向越方提供不少于1000个中国政府奖学金名额`,
//! `每年1000亿美元`.
//!
//! Rule `commitments.quantity`: a quantity with a unit (pattern `commitment.quantity`: qualifier,
//! amount, scale `万`/`亿`, unit) in a sentence where a commitment verb (`提供`, `承诺`…) comes
//! before it. What is promised is the name after the unit (after its last `的`); the period is
//! the nearest `commitment.period` before the quantity in the sentence (`未来5年`, `每年`). The
//! giver is the first actor the sentence names outside brackets and not after `向`; the recipient
//! the actor right after `向`. Both may be unknown.
//!
//! Cost: linear in the length of each sentence.

use super::mentions::{names_within, resolved_names};
use super::text::inside_brackets;
use super::{Context, Extractor, Fact, Record};
use crate::lang::triggers::Category;
use crate::text::document::{Document, PartKind};

/// See the module documentation.
pub struct CommitmentExtractor;

const RULE: &str = "commitments.quantity";

impl Extractor for CommitmentExtractor {
    fn name(&self) -> &'static str {
        "commitments"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["commitment"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let names = resolved_names(document, context);
        let quantity = context.patterns.get("commitment.quantity");
        let period = context.patterns.get("commitment.period");
        let mut records = Vec::new();
        for (_, sentence) in document.parts_of(PartKind::Sentence) {
            let base = sentence.range.start;
            let text = document.slice(sentence.range.clone());
            let verb = context
                .triggers
                .words(Category::CommitmentVerb)
                .iter()
                .filter_map(|verb| text.find(verb.word.as_str()))
                .min();
            let Some(verb) = verb else {
                continue;
            };
            let inside = inside_brackets(text, &[('《', '》'), ('（', '）')]);
            let actors: Vec<(usize, usize, usize)> = names_within(names, base..sentence.range.end)
                .filter(|(_, entity, _)| context.reference.is_actor(*entity))
                .map(|(range, entity, _)| (range.start - base, range.end - base, *entity))
                .filter(|(start, _, _)| !inside[*start])
                .collect();
            let giver = actors
                .iter()
                .find(|(start, _, _)| !text[..*start].ends_with('向'))
                .map(|(_, _, entity)| *entity);
            let recipient = actors
                .iter()
                .find(|(start, _, _)| text[..*start].ends_with('向'))
                .map(|(_, _, entity)| *entity);
            for captures in quantity.captures_iter(text) {
                let whole = captures.get(0).expect("a match has group 0");
                if whole.start() < verb || inside[whole.start()] {
                    continue;
                }
                let Ok(mut amount) = captures["amount"].parse::<f64>() else {
                    continue;
                };
                amount *= match captures.name("scale").map(|m| m.as_str()) {
                    Some("万") => 1e4,
                    Some("亿") => 1e8,
                    _ => 1.0,
                };
                let what = captures.name("what").map_or("", |m| m.as_str());
                let what = what
                    .rsplit('的')
                    .next()
                    .unwrap_or(what)
                    .trim_matches(['“', '”']);
                if what.chars().count() < 2 {
                    continue;
                }
                let promised_period = period
                    .find_iter(&text[..whole.start()])
                    .last()
                    .map(|m| m.as_str().to_owned());
                let range = base + whole.start()..base + whole.end();
                let iri =
                    |entity: usize| context.reference.entities[entity].iri.as_str().to_owned();
                records.push(Record::new(
                    document,
                    range,
                    RULE,
                    Fact::Commitment {
                        giver: giver.map(iri),
                        recipient: recipient.map(iri),
                        qualifier: captures.name("qualifier").map(|m| m.as_str().to_owned()),
                        amount: super::format_amount(amount),
                        unit: captures["unit"].to_owned(),
                        what: what.to_owned(),
                        period: promised_period,
                    },
                ));
            }
        }
        records
    }
}
