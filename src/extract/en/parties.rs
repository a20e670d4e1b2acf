//! The parties of an English document, and where the reference data's entities are named.
//!
//! Rules:
//! - `en-parties.title`: the states and organisations the title names (`U.S.-ROK Leaders’ Joint
//!   Statement`; a person named there stands for their state: `Biden-Duque`), but for a place
//!   (`… in X`) or what it is about (`… on X`).
//! - `en-parties.opening`: where the title names fewer than two, the states of a list of who
//!   attended (`parties.attendance-lead`: `The Summit was attended by:` over `Angola : H.E. …`,
//!   with those the paragraph after it says were represented: `Swaziland was represented by …`),
//!   a group the title names standing for them; else the actors of the first sentence whose
//!   subject is two actors or more (`The United States, France and the United Kingdom released…`);
//!   where the title names only a group and the opening no states, the group's members on the
//!   document's latest date (`ontology/memberships.tsv`: `Statement of the ASEAN Foreign
//!   Ministers`); else, with the title's, the states of the first of four body sentences that
//!   names two by their officials (`the President of the Republic of Chile`), as the state a
//!   visit goes to, or as a pair after `between`, a host who invites left out (`at the invitation
//!   of President … of X`); where none of these names a party, the one actor that is the subject
//!   of the first sentence under the title (`The Peace and Security Council of the African Union
//!   (AU), at its 469th meeting …, adopted …`).
//! - `en-parties.mention`: every name of an entity of the reference data, as a mention.
//!
//! See [`super::actors::parties`]. Cost: linear in the document's length.

use super::actors::{introduced_persons, parties, title_range};
use crate::extract::{Context, Extractor, Fact, Record};
use crate::text::document::Document;

/// See the module documentation.
pub struct PartyExtractor;

impl Extractor for PartyExtractor {
    fn name(&self) -> &'static str {
        "en-parties"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["party", "mention"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let english = context.english;
        let reference = context.reference;
        let text = document.text();
        let offset = document.range.start;
        let found = english.names.find(text);
        let mut records: Vec<Record> = found
            .iter()
            .map(|name| {
                Record::new(
                    document,
                    offset + name.range.start..offset + name.range.end,
                    "en-parties.mention",
                    Fact::Mention {
                        entity: reference.entities[name.entity].iri.as_str().to_owned(),
                    },
                )
            })
            .collect();
        let title = title_range(document);
        let people = introduced_persons(document, english, reference);
        for party in parties(document, english, reference, &people) {
            let iri = reference.entities[party].iri.as_str().to_owned();
            // The record points at the party's first name in the text.
            let first = found.iter().find(|name| {
                name.entity == party
                    || super::actors::actor_of(reference, english, name.entity) == Some(party)
            });
            let (range, rule) = match (first, &title) {
                (Some(name), Some(title)) if offset + name.range.start < title.end => (
                    offset + name.range.start..offset + name.range.end,
                    "en-parties.title",
                ),
                (Some(name), _) => (
                    offset + name.range.start..offset + name.range.end,
                    "en-parties.opening",
                ),
                // A party the text never names (a member of the group the title names): the
                // title.
                (None, Some(title)) => (title.clone(), "en-parties.title"),
                (None, None) => (document.range.clone(), "en-parties.opening"),
            };
            records.push(Record::new(
                document,
                range,
                rule,
                Fact::Party { state: iri },
            ));
        }
        records
    }
}
