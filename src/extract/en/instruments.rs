//! Instruments an English document names: treaties, agreements, conventions, declarations,
//! resolutions, named in capitals and ending in (or opening with) an `instrument` head word of the
//! lexicon.
//!
//! Rules:
//! - `en-instruments.name`: a head word written with a capital (`Treaty`, `Agreement`), the
//!   capitalized words before it (`Strategic Framework Agreement`, `2016 Peace Agreement`) and the
//!   `of`/`on`/`for`/`between` phrase after it (`Treaty on the Non-Proliferation of Nuclear
//!   Weapons`, with a list of capitalized words: `for Security, Public Health, and Safe
//!   Communities`), a number after `Resolution` (numbers after `Resolutions`: `242 and 338`); a
//!   closing quote ends a name quoted in the text, and a field's label before a colon is no part of
//!   one (`Reference: …`). A name between parties goes on with its subject in small letters after a
//!   `name-clause` word, to the end of the clause (`Agreement between the Government of X and the
//!   Government of Y on the establishment of a Bi-National Commission`). A head word alone (`the
//!   Agreement`), or one after `this` (the document itself), is not a name, nor is a count before a
//!   head word (`33 Agreements`); a list's number before a name is not part of it (`1. This
//!   Memorandum`).
//! - The date and place of adoption where written right after the name (`signed in Paris on 12
//!   December 2015`, `of 26 October 2025`), but for the date of its entry into force
//!   (`instrument.not-adoption-lead`); a full date written before it (`the 19 September 2005
//!   Joint Statement`) is its date, not part of its name (a year alone stays: `2016 Peace
//!   Agreement`), and one after `on` ends the name (`the ASEAN Charter on 15 December 2008`), as
//!   does a year after a `year-lead` word of the lexicon (`… Strategic Partnership in 2001`).
//! - Not names: the document's own title or the start of it (`a Treaty of Peace and Friendship`
//!   in the treaty of that title, or the title a news lead names: `en-metadata.lead-title`), or
//!   the title and a year (`Indus Waters Treaty 1960` under `Indus Waters Treaty`), a
//!   name that opens one of the heading lines under the title (a page's full title under its short
//!   one, the title again with its place and date), a theme in quotes, and the treaty the
//!   preamble decides to conclude, the document itself (`instrument.not-name-lead`: `Have
//!   decided to conclude an Agreement for …`), and the text a news lead in the first two
//!   paragraphs under the title says was issued, where its head word is in the title
//!   (`instrument.self-lead`: `… issued a Joint Statement on …`, `the full text of the …`).
//!
//! - `en-instruments.numbered-resolution`: the resolutions the United Nations write in small
//!   letters by number and year, one by one in a list (`its resolutions 242 (1967), 338 (1973)
//!   and 1397 (2002)`), each named `resolution 242 (1967)` and dated by its year.
//!
//! Cost: linear in the document's length times the number of head words.

use super::dates::{full_dates, head};
use super::lexicon::{Category, Lexicon};
use super::English;
use crate::extract::{Context, Extractor, Fact, Place, Record};
use crate::rdf::vocab::dg;
use crate::text::document::Document;
use std::collections::HashSet;

/// See the module documentation.
pub struct InstrumentExtractor;

/// The name around a head word at `head` (its byte range) in `text`: its range, or `None` when
/// it is the head word alone. Small words inside a name are the lexicon's `name-connector`s, and
/// a `name-tail` word opens the words after the head.
pub fn name_around(
    text: &str,
    head: std::ops::Range<usize>,
    lexicon: &Lexicon,
) -> Option<std::ops::Range<usize>> {
    let is_name_word = |word: &str| {
        word.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    // Left: capitalized words, digits and connectors; a name starts at a name word.
    let mut start = head.start;
    let mut cursor = head.start;
    loop {
        let before = text[..cursor].trim_end_matches(' ');
        if before.len() == cursor {
            break;
        }
        let word_start = before
            .rfind([' ', '\n', '“', '"', ',', ';', ':', '：'])
            .map_or(0, |index| {
                index + text[index..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &before[word_start..];
        // A parenthesis opened before the name, or closed before it (`(Presse 386) 2nd Brazil -
        // European Union Summit`), bounds it.
        let closed = word.ends_with([')', '）']) && !word.contains(['(', '（']);
        if word.is_empty() || (word.starts_with('(') && !word.ends_with(')')) || closed {
            break;
        }
        // An acronym in parentheses closes the name before it (`Strategic Partnership Agreement
        // (SPA) and Economic Partnership Agreement`).
        let acronym = word
            .strip_prefix('(')
            .and_then(|word| word.strip_suffix(')'))
            .is_some_and(|inner| inner.len() >= 2 && inner.chars().all(|c| c.is_ascii_uppercase()));
        // A list's number (`2. Summit observed…`) is no word of a name.
        let list_number = word
            .strip_suffix('.')
            .is_some_and(|digits| !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()));
        if acronym || list_number {
            break;
        }
        let bare = word.trim_start_matches('(');
        if is_name_word(bare) && !word.eq_ignore_ascii_case("the") {
            start = word_start;
            cursor = word_start;
        } else if lexicon.has(Category::NameConnector, word) && word != "the" {
            cursor = word_start;
        } else {
            break;
        }
    }
    // Right: a number after the head (`Resolution 2231`), or `of|on|for|between` and name words.
    let mut end = head.end;
    // `Resolution No. ES-11/1`: the number after `No.`.
    if let Some(number) = text[end..].strip_prefix(" No. ") {
        let length = number
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.')))
            .unwrap_or(number.len());
        let length = number[..length].trim_end_matches('.').len();
        if length > 0 {
            return Some(start..end + 5 + length);
        }
    }
    let rest = &text[end..];
    let digits: usize = rest
        .strip_prefix(' ')
        .map(|r| {
            r.find(|c: char| !(c.is_ascii_digit() || c == '/'))
                .unwrap_or(r.len())
        })
        .unwrap_or(0);
    if digits > 0 {
        end += 1 + digits;
        // `Resolutions 242 and 338`: a plural head names a list of numbers.
        if text[head.clone()].ends_with('s') {
            loop {
                let rest = &text[end..];
                let joint = [", and ", " and ", ", "]
                    .iter()
                    .find(|joint| rest.starts_with(**joint))
                    .map_or(0, |joint| joint.len());
                let more = rest[joint..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len() - joint);
                if joint == 0 || more == 0 {
                    break;
                }
                end += joint + more;
            }
        }
    } else {
        let mut cursor = end;
        let mut first = true;
        // Whether the tail holds a list of capitalized words, whose last may follow `, and`.
        let mut listed = false;
        loop {
            let rest = &text[cursor..];
            let Some(after_space) = rest.strip_prefix(' ') else {
                break;
            };
            let length = after_space
                .char_indices()
                .find(|&(index, c)| {
                    matches!(c, ' ' | '\n' | ',' | ';' | ')' | ':')
                        || (c == '.'
                            && after_space[index + 1..]
                                .chars()
                                .next()
                                .is_none_or(char::is_whitespace))
                })
                .map_or(after_space.len(), |(index, _)| index);
            let word = &after_space[..length];
            if word.is_empty() {
                break;
            }
            if first && !lexicon.has(Category::NameTail, word) {
                break;
            }
            first = false;
            // A closing quote ends a name quoted in the text (`"Declaration on … Cooperation" of
            // the Bandung Conference`).
            let unquoted = word.trim_end_matches(['"', '”']);
            if unquoted.len() < word.len() {
                if is_name_word(unquoted) {
                    end = cursor + 1 + unquoted.len();
                }
                break;
            }
            // A year after `in` is when the thing named was made (`… Partnership in 2001`).
            let year_after = || {
                let next = after_space[length..].strip_prefix(' ').unwrap_or_default();
                let digits = next
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(next.len());
                digits == 4
            };
            if is_name_word(word) {
                end = cursor + 1 + length;
            } else if !lexicon.has(Category::NameConnector, word)
                || (lexicon.has(Category::YearLead, word) && year_after())
            {
                break;
            }
            cursor += 1 + length;
            // A comma inside a list of capitalized words (`Peace, Freedom and Neutrality`), and
            // the serial comma before its last (`Security, Public Health, and Safe Communities`).
            if let Some(after) = text[cursor..].strip_prefix(", ") {
                let serial = after.split_once(' ').and_then(|(joint, last)| {
                    lexicon.has(Category::ListJoint, joint).then_some(last)
                });
                let next = match serial {
                    Some(last) if listed => last,
                    Some(_) => "",
                    None => after,
                };
                if next.chars().next().is_some_and(char::is_uppercase) {
                    listed = true;
                    cursor += 1;
                }
            }
        }
    }
    (start < head.start || end > head.end).then_some(start..end)
}

/// The most bytes the subject of an instrument between parties may take.
const MAX_SUBJECT: usize = 200;

/// Where the subject after an instrument's parties ends, for a name that ends at `end`: after a
/// `name-clause` word (`on`, `concerning`), up to the end of its clause (a comma, a semicolon, a
/// colon, a bracket, a line break, a full stop, or a `name-clause-end` word: `signed`, `and the`
/// before the next noun phrase); `end` itself where no subject follows, or a date does (`on 12
/// May 2015`).
fn subject_end(text: &str, end: usize, english: &English) -> usize {
    let lexicon = &english.lexicon;
    let Some(after) = text[end..].strip_prefix(' ') else {
        return end;
    };
    let Some(opener) = lexicon.prefix(Category::NameClause, after) else {
        return end;
    };
    let subject = after[opener.phrase.len()..].trim_start();
    if subject.starts_with(|c: char| c.is_ascii_digit())
        || english
            .lexicon
            .month(subject.split(' ').next().unwrap_or(""))
            .is_some()
        || full_dates(head(subject, 40), english)
            .first()
            .is_some_and(|date| date.range.start == 0)
    {
        return end;
    }
    let from = end + 1 + opener.phrase.len();
    let mut last = from;
    let mut at = from;
    while at < text.len() && at - from < MAX_SUBJECT {
        let rest = &text[at..];
        let Some(c) = rest.chars().next() else { break };
        if matches!(c, ',' | ';' | ':' | '(' | ')' | '\n')
            || (c == '.' && rest[1..].chars().next().is_none_or(char::is_whitespace))
        {
            break;
        }
        if c == ' ' {
            let word = &rest[1..];
            if lexicon.prefix(Category::NameClauseEnd, word).is_some() {
                break;
            }
        } else {
            last = at + c.len_utf8();
        }
        at += c.len_utf8();
    }
    if last > from {
        last
    } else {
        end
    }
}

impl Extractor for InstrumentExtractor {
    fn name(&self) -> &'static str {
        "en-instruments"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["instrument"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let english = context.english;
        let title = super::actors::title_range(document);
        let text = document.text();
        let offset = document.range.start;
        let mut seen = HashSet::new();
        let mut records = Vec::new();
        let mut taken_until = 0;
        let not_name_lead = english.patterns.get("instrument.not-name-lead");
        let not_adoption_lead = english.patterns.get("instrument.not-adoption-lead");
        // The title without a site's breadcrumb before it, or the title a news lead names.
        let own_title = title
            .as_ref()
            .map(|title| {
                let text = document.slice(title.clone());
                let crumbs = english.patterns.get("metadata.title-breadcrumb");
                let start = crumbs.find(text).map_or(0, |found| found.end());
                text[start..].trim().to_owned()
            })
            .or_else(|| {
                super::metadata::lead_title_range(document, context)
                    .map(|(title, _, _)| document.slice(title).to_owned())
            });
        // The heading lines under the title, up to the first that reads as prose (ends with a
        // full stop, a semicolon or a colon, or is long): a page's full title under its short
        // one, or the title again with its place and date.
        let headings: Vec<usize> = document
            .paragraphs()
            .skip(document.title_paragraphs)
            .take(4)
            .take_while(|range| {
                let line = document.slice(range.clone()).trim_end();
                !line.ends_with(['.', ';', ':']) && line.chars().count() <= 200
            })
            .map(|range| range.start - offset)
            .collect();
        // The end of the second paragraph under the title: where a news lead names the text it
        // carries (`instrument.self-lead`).
        let lead_end = document
            .paragraphs()
            .skip(document.title_paragraphs)
            .take(2)
            .last()
            .map_or(0, |range| range.end - offset);
        let self_lead = english.patterns.get("instrument.self-lead");
        let heads = english.lexicon.occurrences(Category::Instrument, text);
        for (at, entry) in heads {
            if at < taken_until {
                continue;
            }
            let head = at..at + entry.phrase.len();
            let Some(mut name) = name_around(text, head.clone(), &english.lexicon) else {
                continue;
            };
            // `Agreement between the Government of X and the Government of Y on the
            // establishment of a Bi-National Commission`: the subject in small letters.
            if text[head.end.min(name.end)..name.end].contains(" between ") {
                name.end = subject_end(text, name.end, english);
            }
            // A list's number before the name is not part of it (`1. This Memorandum …`); a
            // count is no name (`the existing 33 Agreements`), a year is (`2016 Peace Agreement`).
            if let Some(first) = text[name.clone()].split(' ').next() {
                let number = first.trim_end_matches(['.', ')']);
                let is_number = !number.is_empty()
                    && number.len() < 4
                    && number.chars().all(|c| c.is_ascii_digit());
                let next = name.start + first.len() + 1;
                if is_number && number.len() < first.len() {
                    name.start = next.min(name.end);
                } else if is_number && next == head.start {
                    continue;
                }
            }
            // `Signed at Karachi on 19 September 1960 Protocol …`: a date after `on` or `at`
            // right before the head closes a clause; the name starts after it, and a head left
            // alone is none.
            let before_head = &text[name.start..head.start.max(name.start)];
            if let Some(found) = full_dates(before_head, english).into_iter().find(|found| {
                found.range.start > 0 && before_head[found.range.end..].trim().is_empty()
            }) {
                let lead = before_head[..found.range.start].trim_end();
                if lead.ends_with(" on") || lead.ends_with(" at") {
                    name.start = head.start.max(name.start);
                    if name == head {
                        continue;
                    }
                }
            }
            // `19 September 2005 Joint Statement of …`: a full date before the name is its date.
            let mut leading_date = None;
            if let Some(found) = full_dates(&text[name.clone()], english)
                .into_iter()
                .find(|found| found.range.start == 0)
            {
                let rest = &text[name.start + found.range.end..name.end];
                let trimmed = rest.trim_start();
                if !trimmed.is_empty() && trimmed.len() < rest.len() {
                    leading_date = Some(found.start.iso());
                    name.start = name.end - trimmed.len();
                }
            }
            // `… Convention on Climate Change and the Paris Agreement`, `… Declaration on … and the
            // ASEM Cooperation Programme on …`: two instruments, when what follows `and the` holds
            // a head of its own, written with a capital.
            if let Some(joint) = text[head.end.min(name.end)..name.end]
                .find(" and the ")
                .map(|index| head.end.min(name.end) + index)
            {
                let tail = &text[joint + 9..name.end];
                let holds_head = english
                    .lexicon
                    .occurrences(Category::Instrument, tail)
                    .into_iter()
                    .any(|(at, _)| tail[at..].starts_with(char::is_uppercase));
                if holds_head {
                    name.end = joint;
                }
            }
            // `the ASEAN Charter on 15 December 2008`: a date after `on`/`of` ends the name.
            if let Some(found) = full_dates(&text[name.clone()], english)
                .into_iter()
                .find(|found| name.start + found.range.end == name.end)
            {
                let before = text[name.start..name.start + found.range.start].trim_end();
                if let Some(bare) = before
                    .strip_suffix(" on")
                    .or_else(|| before.strip_suffix(" of"))
                    .filter(|bare| bare.len() >= head.end - name.start)
                {
                    name.end = name.start + bare.len();
                }
            }
            taken_until = name.end;
            let absolute = offset + name.start..offset + name.end;
            if title
                .as_ref()
                .is_some_and(|title| absolute.start < title.end)
            {
                continue;
            }
            // A name that opens a heading line under the title is the document's own.
            if headings.contains(&name.start) {
                continue;
            }
            let before = text[..name.start].trim_end();
            // `this Agreement`, and `This Agreement` opening a sentence: the document itself.
            if before.ends_with("this")
                || before.ends_with("This")
                || text[name.clone()].starts_with("This ")
            {
                continue;
            }
            let lead = window_before(text, name.start);
            if not_name_lead.is_match(lead) {
                continue;
            }
            // A news lead's name of a text of the title's kind (`… issued a Joint Statement on
            // …` over `Joint Statement on …`): the document itself.
            if name.start < lead_end
                && self_lead.is_match(lead)
                && own_title
                    .as_deref()
                    .is_some_and(|own| own.contains(&text[head.clone()]))
            {
                continue;
            }
            let written = text[name.clone()].to_owned();
            // The document's own title, or the start of it (`… resolved to conclude a Treaty of
            // Peace and Friendship` under `Treaty of Peace and Friendship between …`): the
            // document itself.
            // So is the title with a year after it (`Indus Waters Treaty 1960` under the title
            // `Indus Waters Treaty`), as catalogues write a work's name.
            let own = own_title.as_deref().is_some_and(|own| {
                own.strip_prefix(written.as_str())
                    .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
                    || written.strip_prefix(own).is_some_and(|rest| {
                        let year = rest.trim().trim_start_matches('(').trim_end_matches(')');
                        year.len() == 4 && year.chars().all(|c| c.is_ascii_digit())
                    })
            });
            if own {
                continue;
            }
            // A name of one capitalized word and the head is often a generic phrase
            // (`Joint Statement`, `Framework Agreement`) unless it names a place, a year or a
            // party.
            if !seen.insert(written.clone()) {
                continue;
            }
            // Date and place right after the name.
            let after_end = (name.end + 60).min(text.len());
            let after_end = (0..=after_end - name.end)
                .rev()
                .map(|len| name.end + len)
                .find(|end| text.is_char_boundary(*end))
                .unwrap_or(name.end);
            let after = &text[name.end..after_end];
            let date = full_dates(after, english)
                .into_iter()
                .find(|date| {
                    let lead = &after[..date.range.start];
                    date.range.start <= 40
                        && !lead.contains(['.', ';'])
                        && (lead.trim_start().starts_with(',')
                            || lead.contains(" on ")
                            || lead.contains(" of ")
                            || lead.trim().starts_with("of")
                            || lead.trim().starts_with("on")
                            || lead.contains("signed")
                            || lead.contains("adopted")
                            || lead.contains("dated")
                            || lead.trim().starts_with('('))
                })
                .filter(|_| !not_adoption_lead.is_match(lead))
                .map(|date| date.start.iso())
                .or(leading_date);
            let place = date.as_ref().and_then(|_| {
                let lead = after.split([';', '.']).next().unwrap_or_default();
                let index = lead.find(" in ")?;
                let found = english.names.find(&lead[index + 4..]);
                let first = found.first().filter(|f| f.range.start == 0)?;
                let place_text = &lead[index + 4..][first.range.clone()];
                Some(Place {
                    name: place_text.to_owned(),
                    entity: Some(
                        context.reference.entities[first.entity]
                            .iri
                            .as_str()
                            .to_owned(),
                    ),
                })
            });
            // The reference entity when the whole name is one of its names (`Charter of the
            // United Nations`), an instrument or an initiative.
            let entity = english
                .names
                .find(&written)
                .into_iter()
                .find(|found| found.range == (0..written.len()))
                .map(|found| &context.reference.entities[found.entity])
                .filter(|entity| {
                    let class = entity.class.as_ref();
                    class == dg::INSTRUMENT || class == dg::INITIATIVE
                })
                .map(|entity| entity.iri.as_str().to_owned());
            records.push(Record::new(
                document,
                absolute,
                "en-instruments.name",
                Fact::Instrument {
                    entity,
                    title: written,
                    kind: entry.iri.as_ref().map(|iri| iri.as_str().to_owned()),
                    date,
                    place,
                    period: None,
                    status: None,
                    bodies: Vec::new(),
                },
            ));
        }
        records.extend(numbered_resolutions(document, context));
        // A name inside a longer one (`United Nations Framework` in `United Nations Framework
        // Convention on Climate Change`) is part of it.
        let spans: Vec<std::ops::Range<usize>> =
            records.iter().map(|record| record.at.clone()).collect();
        let mut index = 0;
        records.retain(|record| {
            let inside = spans.iter().enumerate().any(|(other, span)| {
                other != index
                    && span.start <= record.at.start
                    && record.at.end <= span.end
                    && span.len() > record.at.len()
            });
            index += 1;
            !inside
        });
        records
    }
}

/// The at most 60 bytes of `text` before `at` (on a character boundary): where what leads a name
/// is looked for.
/// The resolutions the United Nations write in small letters by number and year, one by one in
/// a list (`instrument.numbered-resolutions`, `instrument.resolution-item`: `its resolutions 242
/// (1967), 338 (1973) and 1397 (2002)`), each named `resolution 242 (1967)` and dated by its year.
fn numbered_resolutions(document: &Document, context: &Context<'_>) -> Vec<Record> {
    let english = context.english;
    let text = document.text();
    let offset = document.range.start;
    let list = english.patterns.get("instrument.numbered-resolutions");
    let item = english.patterns.get("instrument.resolution-item");
    let mut records = Vec::new();
    for found in list.captures_iter(text) {
        // The kind of the head word written in capitals as the lexicon has it (`Resolution`).
        let head = found.name("head").expect("checked group").as_str();
        let capitalized: String = head
            .chars()
            .take(1)
            .flat_map(char::to_uppercase)
            .chain(head.chars().skip(1))
            .collect();
        let kind = english
            .lexicon
            .entries(Category::Instrument)
            .iter()
            .find(|entry| entry.phrase == capitalized)
            .and_then(|entry| entry.iri.as_ref())
            .map(|iri| iri.as_str().to_owned());
        let items = found.name("items").expect("checked group");
        for written in item.captures_iter(items.as_str()) {
            let whole = written.get(0).expect("group 0");
            let at = offset + items.start() + whole.start()..offset + items.start() + whole.end();
            records.push(Record::new(
                document,
                at,
                "en-instruments.numbered-resolution",
                Fact::Instrument {
                    entity: None,
                    title: format!("resolution {}", whole.as_str()),
                    kind: kind.clone(),
                    date: Some(written["year"].to_owned()),
                    place: None,
                    period: None,
                    status: None,
                    bodies: Vec::new(),
                },
            ));
        }
    }
    records
}

fn window_before(text: &str, at: usize) -> &str {
    let mut start = at.saturating_sub(60);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..at]
}

#[cfg(test)]
mod tests {
    use super::name_around;
    use crate::map::mapping::{Iris, DEFAULT_BASE};
    use crate::map::pipeline::{DataFiles, Pipeline};

    fn name(text: &str, head: &str) -> Option<String> {
        let pipeline =
            Pipeline::load(&DataFiles::embedded(), Iris::new(DEFAULT_BASE).unwrap()).unwrap();
        let at = text.find(head).unwrap();
        name_around(text, at..at + head.len(), &pipeline.english.lexicon)
            .map(|range| text[range].to_owned())
    }

    #[test]
    fn names_around_head_words() {
        assert_eq!(
            name(
                "under the Treaty on the Non-Proliferation of Nuclear Weapons, we",
                "Treaty"
            )
            .as_deref(),
            Some("Treaty on the Non-Proliferation of Nuclear Weapons")
        );
        assert_eq!(
            name("implement the 2016 Peace Agreement, which", "Agreement").as_deref(),
            Some("2016 Peace Agreement")
        );
        assert_eq!(
            name("UN Security Council Resolution 2231 and", "Resolution").as_deref(),
            Some("UN Security Council Resolution 2231")
        );
        assert_eq!(
            name(
                "Security Council Resolutions 242 and 338 and",
                "Resolutions"
            )
            .as_deref(),
            Some("Security Council Resolutions 242 and 338")
        );
        assert_eq!(
            name(
                "Security Council Resolutions 242, 338 and 1397.",
                "Resolutions"
            )
            .as_deref(),
            Some("Security Council Resolutions 242, 338 and 1397")
        );
        assert_eq!(name("under the Agreement, the sides", "Agreement"), None);
        assert_eq!(name("the agreement of the sides", "agreement"), None);
        // A name stays in its paragraph.
        assert_eq!(
            name(
                "(Photo: Internet)\nThe Paris Agreement on Climate Change",
                "Agreement"
            )
            .as_deref(),
            Some("Paris Agreement on Climate Change")
        );
        assert_eq!(
            name("the Paris Agreement\nOf Other Matters", "Agreement").as_deref(),
            Some("Paris Agreement")
        );
    }
}
