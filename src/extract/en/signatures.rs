//! Signature blocks of English documents: a name line and an office line `OFFICE of STATE`
//! (`Prime Minister of Malaysia`), one under the other, or names in a row above their offices
//! (two columns, read across: the normalizer gives each cell a paragraph); or the office, its
//! state and the name on one line (`President of the United States Joe Biden`), or the name
//! before them (`Susana Malcorra Foreign Minister of Argentina`, a block's lines joined, maybe
//! after the mark of a signed copy and an envoy's rank: `(Signed) Ambassador Carlos GUTIERREZ
//! Permanent Representative of Costa Rica to the United Nations`).
//!
//! Rule `en-signatures.block`, over the last twenty paragraphs: a run of name lines followed by as
//! many office lines pairs them in order; or a party's line (`signature.for-party`: `For the State
//! of Eritrea`) gives the state of the signatories under it, each with office and name on one line
//! (`President Isaias Afwerki`, a form of address such as `Dr.` left out:
//! `signature.name-honorific`), the name over the office, or the name before the office on one line
//! (`Goh Keng Swee Minister for Finance`). An office alone over the state's own name is an office
//! line of that state (`Foreign Secretary` over `Republic of India`); under a row of names, a row
//! of cells that are no offices, each joined with the cell under it, is their row of offices
//! (`Prime Minister of the Islamic` over `Republic of Pakistan`). A name line is two to six
//! words in capitals (initials
//! and `bin`, `al` allowed), maybe after the mark of a signed copy (`signature.signed-mark`:
//! `(Signed)`), with no stance verb or full stop at its end; an office line matches
//! `signature.office` (an office of a state, maybe accredited to another: `Ambassador of X to Y`)
//! and its state is known to the reference data.
//!
//! Cost: linear in the paragraphs of the document's end.

use super::actors::{actor_of, capitalized_words, capitalized_words_up_to};
use crate::extract::{Context, Extractor, Fact, Record};
use crate::text::document::Document;
use std::ops::Range;

/// See the module documentation.
pub struct SignatureExtractor;

enum Line {
    /// An office, its state and the name on one line (`President of the Arab Republic of Egypt
    /// Abdel Fattah el-Sisi`, or the name first): the name's range, the name, the office, the
    /// state.
    Both(Range<usize>, String, String, String),
    Name(Range<usize>, String),
    /// An office and its state (IRI).
    Office(String, String),
    /// `For the State of Eritrea`: the state (IRI) whose signatory the next lines give.
    For(String),
    Other,
}

impl Extractor for SignatureExtractor {
    fn name(&self) -> &'static str {
        "en-signatures"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["signature"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let english = context.english;
        let reference = context.reference;
        let office_pattern = english.patterns.get("signature.office");
        let signed_mark = english.patterns.get("signature.signed-mark");
        // The IRI of the actor of an office line (`signature.office`) whose state ends the line;
        // a name after the state makes a line of both, read below.
        // The state is the pattern's, or else what ends the line after a later `of` (`Minister
        // of Foreign Affairs of the Republic of Peru`, where the pattern's shortest office leaves
        // `Foreign Affairs of the Republic of Peru`).
        let office_actor = |office: &str| {
            let captures = office_pattern.captures(office)?;
            let state = captures.name("state").expect("checked group");
            let actor_named = |state: &str| {
                let found = english.names.find(state);
                found
                    .first()
                    .filter(|found| found.range == (0..state.len()))
                    .and_then(|found| actor_of(reference, english, found.entity))
            };
            // Only where the pattern's state follows an `of` or `for` (not a name after the
            // office: `Foreign Affairs Minister Nanaia Mahuta of New Zealand`).
            let head = office[..state.start()].trim_end();
            let head = head.strip_suffix(" the").unwrap_or(head);
            let after_of = head.ends_with(" of") || head.ends_with(" for");
            let actor = actor_named(state.as_str()).or_else(|| {
                if !after_of {
                    return None;
                }
                let rest = &office[state.start()..];
                rest.match_indices(" of ").find_map(|(at, of)| {
                    let after = &rest[at + of.len()..];
                    actor_named(after.strip_prefix("the ").unwrap_or(after))
                })
            })?;
            Some(reference.entities[actor].iri.as_str().to_owned())
        };
        let for_party = english.patterns.get("signature.for-party");
        let honorific = english.patterns.get("signature.name-honorific");
        let paragraphs: Vec<Range<usize>> = document.paragraphs().collect();
        let from = paragraphs.len().saturating_sub(20);
        let lines: Vec<Line> = paragraphs[from..]
            .iter()
            .map(|range| {
                let text = document.slice(range.clone());
                // A second office after a semicolon (`…of the Republic of Korea; Chief delegate of
                // …`) is left out: the first places the signatory.
                let text = text.split_once("; ").map_or(text, |(first, _)| first);
                let text = text.trim_end_matches([':', ',', ';']);
                // A name, then the office and its state (`Susana Malcorra Foreign Minister of
                // Argentina`: a block's two lines joined, maybe after the mark of a signed copy
                // and a form of address: `(Signed) Ambassador Carlos GUTIERREZ Permanent
                // Representative of Costa Rica to the United Nations`): the office starts at the
                // first word that opens an office of the lexicon, after two words or more of which
                // none does.
                let lead = signed_mark.find(text).map_or(0, |mark| mark.end());
                let lead = if lead > 0 {
                    lead + honorific.find(&text[lead..]).map_or(0, |found| found.end())
                } else {
                    lead
                };
                let range = &(range.start + lead..range.end);
                let text = &text[lead..];
                let (words, _) = capitalized_words_up_to(text, 0, 9, &english.lexicon);
                let opens_office = |word: &&str| {
                    let at = word.as_ptr() as usize - text.as_ptr() as usize;
                    english
                        .lexicon
                        .prefix(super::lexicon::Category::Office, &text[at..])
                        .is_some()
                };
                let first_office = words.iter().position(opens_office);
                if let Some(split) = first_office.filter(|split| (2..=6).contains(split)) {
                    let at = words[split].as_ptr() as usize - text.as_ptr() as usize;
                    let office = &text[at..];
                    if let Some(actor) = office_actor(office) {
                        let name = text[..at].trim_end();
                        return Line::Both(
                            range.start..range.start + name.len(),
                            name.to_owned(),
                            office.to_owned(),
                            actor,
                        );
                    }
                }
                if let Some(actor) = office_actor(text) {
                    return Line::Office(text.to_owned(), actor);
                }
                if let Some(party) = for_party.captures(text).and_then(|c| c.name("party")) {
                    let found = english.names.find(party.as_str());
                    let state = found.iter().find_map(|found| {
                        Some((found.range.end, actor_of(reference, english, found.entity)?))
                    });
                    if let Some((state_end, actor)) = state {
                        let actor = reference.entities[actor].iri.as_str().to_owned();
                        // The signatory's line run on after the party's (`For the State of
                        // Eritrea President Isaias Afwerki`).
                        let after = party.start() + state_end;
                        let rest = text[after..]
                            .trim_start()
                            .trim_start_matches(':')
                            .trim_start();
                        let at = text.len() - rest.len();
                        if let Some((name, office)) = signatory_under_party(rest, None, english) {
                            return Line::Both(
                                range.start + at + name.start..range.start + at + name.end,
                                rest[name].to_owned(),
                                office,
                                actor,
                            );
                        }
                        return Line::For(actor);
                    }
                }
                if english
                    .lexicon
                    .prefix(super::lexicon::Category::Office, text)
                    .is_some()
                {
                    let states = english.names.find(text);
                    let both = states.iter().rev().find_map(|found| {
                        let actor = actor_of(reference, english, found.entity)?;
                        let name = text[found.range.end..].trim();
                        let (words, end) = capitalized_words_up_to(name, 0, 8, &english.lexicon);
                        ((2..=8).contains(&words.len()) && end == name.len()).then(|| {
                            Line::Both(
                                range.clone(),
                                name.to_owned(),
                                text[..found.range.end].to_owned(),
                                reference.entities[actor].iri.as_str().to_owned(),
                            )
                        })
                    });
                    if let Some(both) = both {
                        return both;
                    }
                }
                // A name alone (the mark of a signed copy before it is already left out:
                // `(Signed) Ma Tzu-ching`).
                let name = text;
                let (words, end) = capitalized_words(name, 0, &english.lexicon);
                let is_name = (2..=6).contains(&words.len())
                    && end == name.len()
                    && name.chars().count() <= 60
                    && english
                        .lexicon
                        .prefix(super::lexicon::Category::Signing, name)
                        .is_none();
                if is_name {
                    Line::Name(range.clone(), name.to_owned())
                } else {
                    Line::Other
                }
            })
            .collect();
        // An office alone over the state's own name (`Foreign Secretary` over `Islamic Republic of
        // Pakistan`, a record's lines one a paragraph) is an office line of that state.
        let mut lines = lines;
        for index in 0..lines.len().saturating_sub(1) {
            let text = |at: usize| document.slice(paragraphs[from + at].clone()).trim();
            let (office, state) = (text(index), text(index + 1));
            let office_alone = english
                .lexicon
                .prefix(super::lexicon::Category::Office, office)
                .is_some_and(|entry| entry.phrase.len() == office.len());
            if !office_alone || !matches!(lines[index], Line::Other | Line::Name(..)) {
                continue;
            }
            let actor = english
                .names
                .find(state)
                .first()
                .filter(|found| found.range == (0..state.len()))
                .and_then(|found| actor_of(reference, english, found.entity));
            if let Some(actor) = actor {
                let iri = reference.entities[actor].iri.as_str().to_owned();
                lines[index] = Line::Office(office.to_owned(), iri);
                lines[index + 1] = Line::Other;
            }
        }
        // A row of names over offices each wrapped onto a second row (`Prime Minister of the
        // Islamic` `Prime Minister of the` over `Republic of Pakistan` `Republic of India`, two
        // columns read across): each office is its cell and the one under it.
        let mut index = 0;
        while index < lines.len() {
            let names = lines[index..]
                .iter()
                .take_while(|line| matches!(line, Line::Name(..)))
                .count();
            let (first, second) = (index + names, index + 2 * names);
            if names < 2 || second + names > lines.len() || matches!(lines[first], Line::Office(..))
            {
                index += names.max(1);
                continue;
            }
            let text = |at: usize| document.slice(paragraphs[from + at].clone()).trim();
            let joined: Option<Vec<(String, String)>> = (0..names)
                .map(|column| {
                    let office = format!("{} {}", text(first + column), text(second + column));
                    let actor = office_actor(&office)?;
                    Some((office, actor))
                })
                .collect();
            if let Some(joined) = joined {
                for (column, (office, actor)) in joined.into_iter().enumerate() {
                    lines[first + column] = Line::Office(office, actor);
                    lines[second + column] = Line::Other;
                }
            }
            index += names;
        }
        let mut records = Vec::new();
        let mut index = 0;
        while index < lines.len() {
            if let Line::Both(range, name, office, state) = &lines[index] {
                records.push(signature(document, range, name, office, state));
                index += 1;
                // A party's line with its first signatory run on (`For the Government of
                // Singapore: Lee Kuan Yew Prime Minister`): the lines after it that are a name and
                // an office (`Goh Keng Swee Minister for Finance`) sign for the same party.
                let party_line = paragraphs[from..]
                    .get(index - 1)
                    .is_some_and(|range| for_party.is_match(document.slice(range.clone())));
                while party_line && index < lines.len() {
                    let Some(range) = paragraphs[from..].get(index) else {
                        break;
                    };
                    let Some((name, office)) =
                        name_then_office(document.slice(range.clone()), english)
                    else {
                        break;
                    };
                    records.push(signature_in(document, range, name, &office, state));
                    index += 1;
                }
                continue;
            }
            if let Line::For(state) = &lines[index] {
                // Every signatory under the party's line (a government signing by its Prime
                // Minister and its ministers, each name over its office), up to a line that is
                // none.
                let mut at_line = index + 1;
                while let Some(range) = paragraphs[from..].get(at_line) {
                    let line = document.slice(range.clone());
                    let next = paragraphs[from..]
                        .get(at_line + 1)
                        .map(|range| document.slice(range.clone()));
                    // The office before the name or on the line after it, or after the name on
                    // its line (`Goh Keng Swee Minister for Finance`).
                    let (name, office, lines_taken) =
                        match signatory_under_party(line, next, english) {
                            Some((name, office)) => {
                                let one_line = line.trim_start().starts_with(office.as_str());
                                (name, office, if one_line { 1 } else { 2 })
                            }
                            None => match name_then_office(line, english) {
                                Some((name, office)) => (name, office, 1),
                                None => break,
                            },
                        };
                    records.push(signature_in(document, range, name, &office, state));
                    at_line += lines_taken;
                }
                index = at_line.max(index + 1);
                continue;
            }
            let names: Vec<&Line> = lines[index..]
                .iter()
                .take_while(|line| matches!(line, Line::Name(..)))
                .collect();
            if names.is_empty() {
                index += 1;
                continue;
            }
            let offices: Vec<&Line> = lines[index + names.len()..]
                .iter()
                .take_while(|line| matches!(line, Line::Office(..)))
                .collect();
            // Names in a row above their offices; a name above a longer row of offices takes the
            // first of them only when it stands alone.
            let pairs = if offices.len() == names.len() {
                names.len()
            } else if names.len() > offices.len() && !offices.is_empty() {
                // A line in capitals above the names (a heading) is not a name: pair the last.
                let skip = names.len() - offices.len();
                for (name, office) in names[skip..].iter().zip(&offices) {
                    records.extend(pair(document, name, office));
                }
                index += names.len() + offices.len();
                continue;
            } else {
                0
            };
            for (name, office) in names.iter().zip(&offices).take(pairs) {
                records.extend(pair(document, name, office));
            }
            index += names.len() + offices.len().max(1);
        }
        records
    }
}

/// The signatory under a `For STATE` line: the office and the name on one line (`President
/// Isaias Afwerki`, `Prime Minister Dr. Abiy Ahmed Ali`: the form of address left out), or the name
/// with the office on the line after it (`Jane Doe` over `Minister of Foreign Affairs`). Returns
/// the name's range in `line` and the office.
fn signatory_under_party(
    line: &str,
    next: Option<&str>,
    english: &super::English,
) -> Option<(Range<usize>, String)> {
    let honorific = english.patterns.get("signature.name-honorific");
    let office_word = |text: &str| {
        english
            .lexicon
            .prefix(super::lexicon::Category::Office, text)
            .map(|entry| entry.phrase.len())
    };
    let line = line.trim_end();
    let name_at = |start: usize| {
        let rest = &line[start..];
        let skip = honorific.find(rest).map_or(0, |found| found.end());
        let name = &rest[skip..];
        // A sentence run on after the name (`President Isaias Afwerki. According to …`) is no
        // part of it; an initial's full stop is (`K.P.S. Menon`).
        let name = match name.find(". ") {
            Some(at) if name[..at].chars().rev().take(2).all(char::is_lowercase) => &name[..at],
            _ => name,
        };
        let (words, end) = capitalized_words(name, 0, &english.lexicon);
        ((2..=6).contains(&words.len()) && end == name.len())
            .then(|| start + skip..start + skip + name.len())
    };
    if let Some(office_end) = office_word(line) {
        let office = line[..office_end].to_owned();
        let start = office_end + line[office_end..].len() - line[office_end..].trim_start().len();
        return name_at(start).map(|name| (name, office));
    }
    let name = name_at(0)?;
    let office = next
        .map(str::trim)
        .filter(|next| office_word(next).is_some() && next.split_whitespace().count() <= 8)?;
    Some((name, office.to_owned()))
}

/// A signatory's name and office on one line, the name first (`Goh Keng Swee Minister for
/// Finance`): two to six capitalized words, then an office of the lexicon to the line's end.
/// Returns the name's range in `line` and the office.
fn name_then_office(line: &str, english: &super::English) -> Option<(Range<usize>, String)> {
    let line = line.trim_end();
    let starts = line.match_indices(' ').map(|(at, _)| at + 1).filter(|&at| {
        english
            .lexicon
            .prefix(super::lexicon::Category::Office, &line[at..])
            .is_some()
    });
    for office_at in starts {
        let name = line[..office_at].trim_end();
        let (words, end) = capitalized_words(name, 0, &english.lexicon);
        if (2..=6).contains(&words.len()) && end == name.len() {
            return Some((0..name.len(), line[office_at..].to_owned()));
        }
    }
    None
}

/// The record of a signatory whose name stands at `name` inside the paragraph at `paragraph`.
fn signature_in(
    document: &Document,
    paragraph: &Range<usize>,
    name: Range<usize>,
    office: &str,
    state: &str,
) -> Record {
    let at = paragraph.start + name.start..paragraph.start + name.end;
    signature(document, &at, document.slice(at.clone()), office, state)
}

fn pair(document: &Document, name: &Line, office: &Line) -> Option<Record> {
    let (Line::Name(range, name), Line::Office(office, state)) = (name, office) else {
        return None;
    };
    Some(signature(document, range, name, office, state))
}

/// The record of a signature whose name stands at `range`.
fn signature(
    document: &Document,
    range: &Range<usize>,
    name: &str,
    office: &str,
    state: &str,
) -> Record {
    Record::new(
        document,
        range.clone(),
        "en-signatures.block",
        Fact::Signature {
            name: name.to_owned(),
            person: None,
            office: office.to_owned(),
            country: state.to_owned(),
        },
    )
}
