//! Persons with their office: `国家主席习近平`, `中共中央总书记、国家主席习近平`, `阮富仲总书记`;
//! and persons the reference data does not know, named in full the way foreign names are written
//! in Chinese (`阿拉伯联合酋长国阿布扎比王储、武装部队副总司令穆罕默德·本·扎耶德·阿勒纳哈扬殿下`).
//!
//! Rule `persons.office`: before a person of the reference data, the offices that end right there,
//! each ending with an `office-title` word (`总书记`, `主席`…) and joined by `、`; an office starts
//! at the state, party or organisation it names (`中华人民共和国主席`), or is the title word alone.
//! Rule `persons.title-after`: an `office-title` word right after the name (`习近平主席`).
//!
//! Rule `persons.transliterated`: a name whose parts are joined by `·` (the pattern of
//! `ontology/patterns.tsv`: parts after the first of at most ten characters) right after an
//! `office-title` word, or at the start of a clause, and ending before an `honorific`
//! (`殿下`, `先生`, `博士`), a title or a `person-name-end` word (`…阿勒纳哈扬殿下于`); its
//! offices are read as for `persons.office`, and its country is the state they name.
//!
//! Rule `persons.short-form`: elsewhere in the same document, the first or last part of such a
//! name (`穆罕默德`, `普京`) followed by a title word of its offices (`穆罕默德王储`), or preceded
//! by one of its offices and followed by an `honorific` (`副总司令穆罕默德殿下`). Another title or
//! office (`迪拜酋长穆罕默德殿下`) may belong to someone else with the same first name, and is not
//! read as this person.
//!
//! Cost: linear in the number of person mentions times the names of their clause; for the short
//! forms, in the length of the document times the number of title words and of full names found.

use super::mentions::{resolved_names, ResolvedName};
use super::text::clause_start;
use super::{Context, Extractor, Fact, Record};
use crate::lang::triggers::Category;
use crate::rdf::vocab::dg;
use crate::text::document::Document;

/// See the module documentation.
pub struct PersonExtractor;

const BEFORE: &str = "persons.office";
const AFTER: &str = "persons.title-after";
const TRANSLITERATED: &str = "persons.transliterated";
const SHORT_FORM: &str = "persons.short-form";

impl Extractor for PersonExtractor {
    fn name(&self) -> &'static str {
        "persons"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["office", "person"]
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
            let start = offices_start(document, context, names, range.start, Some(*entity));
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
        records.extend(transliterated_persons(document, context).iter().cloned());
        records
    }
}

/// Where the offices written right before a name (at `name_start`) begin: offices joined by `、`,
/// each ending with a title word and starting at the last actor it names (other than the person);
/// without one, right after a `、` that follows another office, or at the title word.
/// `name_start` itself when no office stands there.
fn offices_start(
    document: &Document,
    context: &Context<'_>,
    names: &[ResolvedName],
    name_start: usize,
    person: Option<usize>,
) -> usize {
    let full = &document.normalized.text;
    // The clause, within the name's paragraph: an office never runs on from the line before.
    let clause =
        document.range.start + clause_start(document.text(), name_start - document.range.start);
    let clause = full[clause..name_start]
        .rfind('\n')
        .map_or(clause, |at| clause + at + 1);
    let first = names.partition_point(|(range, _, _)| range.start < clause);
    let in_clause = &names[first..];
    let mut start = name_start;
    loop {
        let before = &full[clause..start];
        let Some(title) = context.triggers.suffix(Category::OfficeTitle, before) else {
            break;
        };
        let title_start = start - title.word.len();
        // The office starts at the last actor named inside it, or is the title alone.
        let before_title = in_clause.partition_point(|(other, _, _)| other.start < title_start);
        let office_start = in_clause[..before_title]
            .iter()
            .filter(|(other, other_entity, _)| {
                other.end <= title_start
                    && Some(*other_entity) != person
                    && context.reference.is_actor(*other_entity)
            })
            .map(|(other, _, _)| other.start)
            .rfind(|other_start| !full[*other_start..title_start].contains(['，', '、', '。']))
            .or_else(|| {
                // No actor: an office after `、` that follows another office is all the text
                // between them (`王储、武装部队副总司令`).
                let after_mark = full[clause..title_start].rfind('、')? + clause + '、'.len_utf8();
                let between = &full[after_mark..title_start];
                let follows_office = context
                    .triggers
                    .suffix(
                        Category::OfficeTitle,
                        &full[clause..after_mark - '、'.len_utf8()],
                    )
                    .is_some();
                (follows_office && !between.contains(['，', '。'])).then_some(after_mark)
            })
            .unwrap_or(title_start);
        start = office_start;
        if full[clause..start].ends_with('、') {
            start -= '、'.len_utf8();
        } else {
            break;
        }
    }
    if full[start..name_start].starts_with('、') {
        start += '、'.len_utf8();
    }
    start
}

/// Full transliterated names with their offices and country, then their short forms (records of
/// rules `persons.transliterated` and `persons.short-form`). Found by the first extractor that
/// asks and kept in the document's [`super::Annotations`] for the others.
pub fn transliterated_persons<'c>(document: &Document, context: &Context<'c>) -> &'c [Record] {
    context
        .annotations
        .persons
        .get_or_init(|| find_transliterated_persons(document, context))
}

fn find_transliterated_persons(document: &Document, context: &Context<'_>) -> Vec<Record> {
    let names = resolved_names(document, context);
    let text = document.text();
    let base = document.range.start;
    let mut records = Vec::new();
    // (short forms of the name, its fact, where it is written in full) for the short forms.
    let mut people: Vec<(Vec<String>, Fact, Vec<std::ops::Range<usize>>)> = Vec::new();
    for found in context
        .patterns
        .get(TRANSLITERATED)
        .captures_iter(text)
        .filter_map(|captures| captures.name("name"))
    {
        // The first part may carry the office title written before the name.
        let first_end = found
            .as_str()
            .find(['·', '・'])
            .map_or(found.end(), |at| found.start() + at);
        let head = &text[found.start()..first_end];
        // Where the offices end, and the name starts: an honorific may stand between the title
        // and the name (`总统阁下格洛丽亚·…`).
        let (offices_end, start) = match context.triggers.last(Category::OfficeTitle, head) {
            Some((title, _)) => {
                let after = found.start() + title.end;
                let honorific = context
                    .triggers
                    .prefix(Category::Honorific, &text[after..first_end])
                    .map_or(0, |honorific| honorific.word.len());
                (after, after + honorific)
            }
            None if clause_start(text, found.start()) == found.start() => {
                (found.start(), found.start())
            }
            None => continue,
        };
        if start == first_end {
            continue;
        }
        // The last part ends before an honorific, a title or a `person-name-end` word.
        let last_part = found.as_str().rfind(['·', '・']).map_or(start, |at| {
            found.start()
                + at
                + found.as_str()[at..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8)
        });
        let name_end = text[last_part..found.end()]
            .char_indices()
            .skip(1)
            .map(|(index, _)| last_part + index)
            .find(|at| {
                [
                    Category::Honorific,
                    Category::OfficeTitle,
                    Category::PersonNameEnd,
                ]
                .iter()
                .any(|category| context.triggers.prefix(*category, &text[*at..]).is_some())
            })
            .unwrap_or(found.end());
        let name = &text[start..name_end];
        let offices_from = offices_start(document, context, names, base + offices_end, None);
        let offices: Vec<String> = if offices_from < base + offices_end {
            vec![document.slice(offices_from..base + offices_end).to_owned()]
        } else {
            Vec::new()
        };
        // The country: the state the offices name.
        let first = names.partition_point(|(range, _, _)| range.start < offices_from);
        let country = names[first..]
            .iter()
            .take_while(|(range, _, _)| range.start < base + offices_end)
            .filter(|(range, _, _)| range.end <= base + offices_end)
            .map(|(_, entity, _)| &context.reference.entities[*entity])
            .find(|entity| entity.class.as_ref() == dg::STATE)
            .map(|entity| entity.iri.as_str().to_owned());
        let mut end = name_end;
        if let Some(honorific) = context.triggers.prefix(Category::Honorific, &text[end..]) {
            end += honorific.word.len();
        }
        let fact = Fact::Person {
            name: name.to_owned(),
            country,
            offices,
        };
        records.push(Record::new(
            document,
            offices_from.min(base + start)..base + end,
            TRANSLITERATED,
            fact.clone(),
        ));
        // A short form is the first part (穆罕默德·本·扎耶德: 穆罕默德) or the last (…·普京: 普京).
        let parts: Vec<&str> = name.split(['·', '・']).collect();
        let mut short_forms = vec![parts[0].to_owned(), parts[parts.len() - 1].to_owned()];
        short_forms.dedup();
        let written = base + start..base + name_end;
        match people.iter_mut().find(|(_, known, _)| known == &fact) {
            Some((_, _, spans)) => spans.push(written),
            None => people.push((short_forms, fact, vec![written])),
        }
    }
    // Short forms stand right before a title or an honorific: look at each such word once, and
    // at the short forms that end there.
    let longest = people
        .iter()
        .flat_map(|(short_forms, _, _)| short_forms.iter().map(|short| short.chars().count()))
        .max()
        .unwrap_or(0);
    let mut by_short: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (index, (short_forms, _, _)) in people.iter().enumerate() {
        for short in short_forms {
            by_short.entry(short.as_str()).or_default().push(index);
        }
    }
    for (at, _) in text.char_indices() {
        let title = context.triggers.prefix(Category::OfficeTitle, &text[at..]);
        let honorific = context.triggers.prefix(Category::Honorific, &text[at..]);
        if title.is_none() && honorific.is_none() {
            continue;
        }
        let mut start = at;
        for _ in 0..longest {
            let Some(character) = text[..start].chars().next_back() else {
                break;
            };
            start -= character.len_utf8();
            let short = &text[start..at];
            let (begin, end) = (base + start, base + at);
            for index in by_short.get(short).into_iter().flatten() {
                let (_, fact, full_names) = &people[*index];
                // Inside the full name itself (its spans are in text order and disjoint).
                let after = full_names.partition_point(|span| span.start <= begin);
                if after
                    .checked_sub(1)
                    .is_some_and(|last| end <= full_names[last].end)
                {
                    continue;
                }
                let Fact::Person { offices, .. } = fact else {
                    continue;
                };
                let office_text = offices.join("、");
                // A title word of the person's own offices right after the short form.
                let own_title = title.filter(|title| office_text.contains(title.word.as_str()));
                // Or one of the person's offices right before it, and an honorific after.
                let own_office = context
                    .triggers
                    .suffix(Category::OfficeTitle, &text[..start])
                    .filter(|title| office_text.ends_with(title.word.as_str()))
                    .and(honorific);
                let Some(word) = own_title.or(own_office) else {
                    continue;
                };
                records.push(Record::new(
                    document,
                    begin..end + word.word.len(),
                    SHORT_FORM,
                    fact.clone(),
                ));
            }
        }
    }
    records
}
