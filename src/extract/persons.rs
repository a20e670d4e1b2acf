//! Persons with their office: `国家主席习近平`, `中共中央总书记、国家主席习近平`, `阮富仲总书记`.
//!
//! Rule `persons.office`: before a person of the reference data, the offices that end right there,
//! each ending with an `office-title` word (`总书记`, `主席`…) and joined by `、`; an office starts
//! at the state, party or organisation it names (`中华人民共和国主席`), or is the title word alone.
//! Rule `persons.title-after`: an `office-title` word right after the name (`习近平主席`).
//!
//! Cost: linear in the number of person mentions times the length of their clause.

use super::mentions::resolved_names;
use super::text::clause_start;
use super::{Context, Extractor, Fact, Record};
use crate::document::Document;
use crate::triggers::Category;
use crate::vocab::dg;

/// See the module documentation.
pub struct PersonExtractor;

const BEFORE: &str = "persons.office";
const AFTER: &str = "persons.title-after";

impl Extractor for PersonExtractor {
    fn name(&self) -> &'static str {
        "persons"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["office"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let names = resolved_names(document, context);
        let full = &document.normalized.text;
        let class = |entity: usize| context.reference.entities[entity].class.as_ref();
        let mut records = Vec::new();
        for (range, entity, _) in names {
            if class(*entity) != dg::PERSON {
                continue;
            }
            let person = context.reference.entities[*entity].iri.as_str().to_owned();
            // Offices before the name, joined by `、`, each ending with a title word.
            let clause = document.range.start
                + clause_start(document.text(), range.start - document.range.start);
            let mut start = range.start;
            loop {
                let before = &full[clause..start];
                let Some(title) = context.triggers.suffix(Category::OfficeTitle, before) else {
                    break;
                };
                let title_start = start - title.word.len();
                // The office starts at the last actor named inside it, or is the title alone.
                let office_start = names
                    .iter()
                    .filter(|(other, other_entity, _)| {
                        other.start >= clause
                            && other.end <= title_start
                            && *other_entity != *entity
                            && context.reference.is_actor(*other_entity)
                    })
                    .map(|(other, _, _)| other.start)
                    .rfind(|other_start| {
                        !full[*other_start..title_start].contains(['，', '、', '。'])
                    })
                    .unwrap_or(title_start);
                start = office_start;
                if full[clause..start].ends_with('、') {
                    start -= '、'.len_utf8();
                } else {
                    break;
                }
            }
            if full[start..range.start].starts_with('、') {
                start += '、'.len_utf8();
            }
            if start < range.start {
                let office = full[start..range.start].to_owned();
                records.push(Record::new(
                    document,
                    start..range.end,
                    BEFORE,
                    Fact::Office {
                        person: person.clone(),
                        office,
                    },
                ));
            }
            // A title right after the name.
            if let Some(title) = context
                .triggers
                .prefix(Category::OfficeTitle, &full[range.end..document.range.end])
            {
                let end = range.end + title.word.len();
                let office = title.word.clone();
                records.push(Record::new(
                    document,
                    range.start..end,
                    AFTER,
                    Fact::Office { person, office },
                ));
            }
        }
        records
    }
}
