//! Invitations and their acceptance: `郑重邀请…习近平早日再次访问越南` … `习近平…接受了邀请`, and
//! `应中华人民共和国主席习近平邀请，…对中国进行国事访问`.
//!
//! Rules:
//! - `invitations.invite` (pattern `invitation.invite`): `邀请 INVITEE … 访问 HOST`. The inviter is
//!   the person named at the start of the sentence, before any object marker (`对`), else the
//!   first actor named there; the invitee the person (else actor) named in INVITEE. It is accepted
//!   when a later sentence of the document names the invitee before an `acceptance` word.
//! - `invitations.at` (pattern `invitation.at`): `应 INVITER 邀请`, for the visit the same sentence
//!   reports (pattern `visit.phrase`); the visitor is the invitee, and the reported visit means the
//!   invitation was accepted.
//!
//! Cost: linear in the length of the document.

use super::mentions::{names_within, resolved_names};
use super::{Context, Extractor, Fact, Record};
use crate::lang::triggers::Category;
use crate::rdf::vocab::dg;
use crate::text::document::{Document, PartKind};

/// See the module documentation.
pub struct InvitationExtractor;

const INVITE: &str = "invitations.invite";
const AT: &str = "invitations.at";

impl Extractor for InvitationExtractor {
    fn name(&self) -> &'static str {
        "invitations"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["invitation"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let names = resolved_names(document, context);
        let class = |entity: usize| context.reference.entities[entity].class.as_ref();
        let iri = |entity: usize| context.reference.entities[entity].iri.as_str().to_owned();
        // The person named in a byte range, else the first actor.
        let pick = |start: usize, end: usize| {
            let inside: Vec<usize> = names_within(names, start..end)
                .filter(|(_, entity, _)| context.reference.is_actor(*entity))
                .map(|(_, entity, _)| *entity)
                .collect();
            inside
                .iter()
                .copied()
                .rfind(|entity| class(*entity) == dg::PERSON)
                .or(inside.first().copied())
        };
        let sentences: Vec<std::ops::Range<usize>> = document
            .parts_of(PartKind::Sentence)
            .map(|(_, part)| part.range.clone())
            .collect();
        let mut records = Vec::new();
        for (index, sentence) in sentences.iter().enumerate() {
            let base = sentence.start;
            let text = document.slice(sentence.clone());
            for captures in context
                .patterns
                .get("invitation.invite")
                .captures_iter(text)
            {
                let whole = captures.get(0).expect("a match has group 0");
                let invitee_text = captures.name("invitee").expect("checked at load");
                let subject_end = context
                    .triggers
                    .words(Category::ObjectMarker)
                    .iter()
                    .filter_map(|marker| text[..whole.start()].find(marker.word.as_str()))
                    .min()
                    .unwrap_or(whole.start());
                let inviter = pick(base, base + subject_end);
                let invitee = pick(base + invitee_text.start(), base + invitee_text.end());
                let host = context
                    .reference
                    .entity_named(&captures["host"])
                    .filter(|entity| class(*entity) == dg::STATE);
                let accepted = invitee.is_some_and(|invitee| {
                    sentences[index + 1..].iter().any(|later| {
                        let later_text = document.slice(later.clone());
                        context
                            .triggers
                            .words(Category::Acceptance)
                            .iter()
                            .filter_map(|word| later_text.find(word.word.as_str()))
                            .min()
                            .is_some_and(|at| {
                                names_within(names, later.start..later.start + at)
                                    .any(|(_, entity, _)| *entity == invitee)
                            })
                    })
                });
                records.push(Record::new(
                    document,
                    base + whole.start()..base + whole.end(),
                    INVITE,
                    Fact::Invitation {
                        inviter: inviter.map(iri),
                        invitee: invitee.map(iri),
                        purpose: captures["purpose"].to_owned(),
                        host: host.map(iri),
                        accepted,
                    },
                ));
            }
            if let Some(captures) = context.patterns.get("invitation.at").captures(text) {
                let at = captures.get(0).expect("a match has group 0");
                // The visit answers the invitation after it (`应…邀请，…对…进行…访问`); a visit
                // told before an invitation (`…进行访问，响应…的邀请`) is not read as one.
                let Some(visit) = context
                    .patterns
                    .get("visit.phrase")
                    .captures_at(text, at.end())
                else {
                    continue;
                };
                let inviter_text = captures.name("inviter").expect("checked at load");
                let phrase = visit.get(0).expect("a match has group 0");
                let inviter = pick(base + inviter_text.start(), base + inviter_text.end());
                let invitee = pick(base + at.end(), base + phrase.start());
                let host = context
                    .reference
                    .entity_named(&visit["host"])
                    .filter(|entity| class(*entity) == dg::STATE);
                let purpose = &text[phrase.start()..phrase.end()];
                let purpose = purpose
                    .find('对')
                    .map_or(purpose, |start| &purpose[start..]);
                records.push(Record::new(
                    document,
                    base + at.start()..base + phrase.end(),
                    AT,
                    Fact::Invitation {
                        inviter: inviter.map(iri),
                        invitee: invitee.map(iri),
                        purpose: purpose.to_owned(),
                        host: host.map(iri),
                        accepted: true,
                    },
                ));
            }
        }
        records
    }
}
