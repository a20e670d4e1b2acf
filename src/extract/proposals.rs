//! Proposals: who proposed what, and the document's stance on it.
//! `注意到乌兹别克斯坦共和国关于成立上合组织气候理事会的建议`, `中方提出的全球安全倡议`.
//!
//! Rule `proposals.proposal`: a proposal ends with a `proposal-head` word (`建议`, `倡议`) after
//! `的`, or is a named initiative after `提出的`. Within its clause:
//! - with `提出的`, the proposer is the last actor (state, organisation, party, body or person)
//!   named before it;
//! - else with an actor named right before `关于`, that actor;
//! - else the actor named at the start of the clause (after its stance verb); words up to a
//!   following `关于` are dropped from the content;
//! - else, for a clause that only continues a list (`以及…的建议`), the proposer of the previous
//!   proposal in the sentence.
//!
//! Rule `proposals.proposal-verb`: an actor right before a `proposal-verb` word (`X提议…`,
//! `中方建议，…`), not after `的`: what follows the verb up to the end of the sentence is the
//! content.
//!
//! Proposals without a proposer are left out. The stance is the last stance verb before the
//! proposer in the sentence (or the previous proposal's).
//!
//! Cost: linear in the length of each sentence.

use super::mentions::{names_within, resolved_names};
use super::text::clause_start;
use super::{Context, Extractor, Fact, Record};
use crate::lang::triggers::Category;
use crate::text::document::{Document, PartKind};

/// See the module documentation.
pub struct ProposalExtractor;

const RULE: &str = "proposals.proposal";
const VERB_RULE: &str = "proposals.proposal-verb";

impl Extractor for ProposalExtractor {
    fn name(&self) -> &'static str {
        "proposals"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["proposal"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let names = resolved_names(document, context);
        let mut records = Vec::new();
        for (_, sentence) in document.parts_of(PartKind::Sentence) {
            let base = sentence.range.start;
            let text = document.slice(sentence.range.clone());
            // Actors named in this sentence: (start, end, entity) in sentence offsets.
            let actors: Vec<(usize, usize, usize)> = names_within(names, sentence.range.clone())
                .filter(|(_, entity, _)| context.reference.is_actor(*entity))
                .map(|(range, entity, _)| (range.start - base, range.end - base, *entity))
                .collect();
            for trigger in context.triggers.words(Category::ProposalVerb) {
                for (start, word) in text.match_indices(trigger.word.as_str()) {
                    let Some((actor_start, _, proposer)) =
                        actors.iter().find(|(_, end, _)| *end == start)
                    else {
                        continue;
                    };
                    let after = start + word.len();
                    let rest = &text[after..];
                    let skipped =
                        rest.len() - rest.trim_start_matches(['，', '：', ',', ':']).len();
                    let content_start = after + skipped;
                    let content_end = content_start
                        + text[content_start..]
                            .trim_end_matches(|c: char| {
                                crate::text::normalize::is_sentence_end(c)
                                    || crate::text::normalize::is_closing_mark(c)
                            })
                            .len();
                    if content_start >= content_end {
                        continue;
                    }
                    let stance = context
                        .triggers
                        .last(Category::Stance, &text[..*actor_start])
                        .and_then(|(_, trigger)| trigger.value.as_ref())
                        .map(|value| value.as_str().to_owned());
                    records.push(Record::new(
                        document,
                        base + actor_start..base + content_end,
                        VERB_RULE,
                        Fact::Proposal {
                            proposer: context.reference.entities[*proposer]
                                .iri
                                .as_str()
                                .to_owned(),
                            content: text[content_start..content_end].to_owned(),
                            stance,
                        },
                    ));
                }
            }
            let mut previous: Option<(usize, Option<String>)> = None;
            let mut heads: Vec<(usize, usize)> = Vec::new();
            for trigger in context.triggers.words(Category::ProposalHead) {
                for (start, word) in text.match_indices(trigger.word.as_str()) {
                    heads.push((start, start + word.len()));
                }
            }
            heads.sort_unstable();
            for (head_start, head_end) in heads {
                let clause = clause_start(text, head_start);
                let region = &text[clause..head_start];
                let after_de = region.ends_with('的');
                let offered = region.find("提出的").map(|at| clause + at);
                // `…的建议`: the content ends before `的`; `提出的…倡议`: the initiative's name
                // is the content.
                let content_end = match (after_de, offered) {
                    (true, _) => head_start - '的'.len_utf8(),
                    (false, Some(_)) => head_end,
                    (false, None) => continue,
                };
                let stance_start = context
                    .triggers
                    .words(Category::Stance)
                    .iter()
                    .filter_map(|t| {
                        text[clause..head_start]
                            .find(t.word.as_str())
                            .map(|at| clause + at + t.word.len())
                    })
                    .min()
                    .unwrap_or(clause);
                let found = if let Some(offered) = offered {
                    actors
                        .iter()
                        .rfind(|(start, end, _)| *start >= stance_start && *end <= offered)
                        .map(|(start, _, entity)| (*start, *entity, offered + "提出的".len()))
                } else if let Some(actor) = actors.iter().find(|(start, end, _)| {
                    *start >= stance_start && *end < content_end && text[*end..].starts_with("关于")
                }) {
                    Some((actor.0, actor.2, actor.1 + "关于".len()))
                } else {
                    let mut start = stance_start;
                    if let Some(conjunction) = context
                        .triggers
                        .prefix(Category::Conjunction, &text[start..])
                    {
                        start += conjunction.word.len();
                    }
                    actors
                        .iter()
                        .find(|(actor_start, _, _)| *actor_start == start)
                        .map(|actor| {
                            let mut content_start = actor.1;
                            if let Some(at) = text[content_start..content_end].find("关于") {
                                if text[content_start..content_start + at].chars().count() <= 4 {
                                    content_start += at + "关于".len();
                                }
                            }
                            (actor.0, actor.2, content_start)
                        })
                };
                let (proposer_start, proposer, content_start, stance) = match found {
                    Some((proposer_start, proposer, content_start)) => {
                        let stance = context
                            .triggers
                            .last(Category::Stance, &text[..proposer_start])
                            .and_then(|(_, trigger)| trigger.value.as_ref())
                            .map(|value| value.as_str().to_owned());
                        (proposer_start, proposer, content_start, stance)
                    }
                    None => {
                        // A clause that continues a list of proposals.
                        let continues = context
                            .triggers
                            .prefix(Category::Conjunction, &text[clause..])
                            .is_some();
                        match (&previous, continues) {
                            (Some((proposer, stance)), true) => {
                                let conjunction = context
                                    .triggers
                                    .prefix(Category::Conjunction, &text[clause..])
                                    .map_or(0, |c| c.word.len());
                                (clause, *proposer, clause + conjunction, stance.clone())
                            }
                            _ => continue,
                        }
                    }
                };
                if content_start >= content_end {
                    continue;
                }
                let content = &text[content_start..content_end];
                previous = Some((proposer, stance.clone()));
                let range = base + proposer_start..base + head_end;
                records.push(Record::new(
                    document,
                    range,
                    RULE,
                    Fact::Proposal {
                        proposer: context.reference.entities[proposer].iri.as_str().to_owned(),
                        content: content.to_owned(),
                        stance,
                    },
                ));
            }
        }
        records
    }
}
