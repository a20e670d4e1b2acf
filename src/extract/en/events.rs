//! Meetings, summits and visits in English, with their dates and places.
//!
//! Rules (patterns in `ontology/en/patterns.tsv`, head words in `ontology/en/lexicon.tsv`):
//! - `en-events.named`: a name in capitals that ends in an `event` head word (`G20 Summit`,
//!   `APEC Economic Leaders’ Meeting`, `Summit for Democracy`), with the date or range written in
//!   its sentence after it (`in Bali on November 15–16, 2022`) and the place after `in`/`at` (a
//!   city at the end of the name is its place: `Summit of … in Prague`; before the name, one the
//!   sentence brings people to for it: `gathered in X, Thailand, for the 14th ASEAN Summit`,
//!   `event.place-before`, a state only after `in` (not `a State Visit to India for the Annual
//!   Summit`); right after the verb, a
//!   place the reference data does not know, as written: `was held in Koror, Republic of Palau,
//!   from …`, `event.place-end`). A name counts when
//!   dated, numbered, or headed by a meeting word (`event-undated`), and not where a capitalized
//!   word follows its head on the line (`G20 Ministerial Symposium`); an undated name that is
//!   another's, dated, or ends another (`EU-China Summit` after `21st EU-China Summit`) is that
//!   one named again, as is a dated one that ends another of the same day.
//! - `en-events.held`: a dated meeting told by its verb or noun (`met in Geneva on May 10–11,
//!   2025`, `held talks in Stockholm on July 28–29`, `at its 534th meeting held on 17 August
//!   2015`, `the 2nd meeting of the … Committee which was held in Lima on 29 and 30 October`),
//!   named by the meeting the title names, else by its noun with its ordinal and the body
//!   whose meeting it is (`534th meeting`, `5270th meeting of the Security Council`; `meeting`
//!   for `met`); the
//!   place is the one after the verb, else the first known one after `in` before the clause ends.
//!   Such a meeting on the day of a named one is that one; one named `meeting` where the document
//!   names exactly one meeting without a date is that one, dated.
//! - `en-events.visit`: `state visit to X`, `visit of X to Y`, `X’s official visit to Y`, `X paid a
//!   state visit to Y` (`paid an official friendly visit`), with the visitor (a person stands for
//!   their state unless the reference data knows them) and dates. Where the subject of the verb
//!   names no one (`…, with his delegation, held an official visit`), the visitor is the first
//!   state the sentence names before the verb other than the host. A host in a long form the
//!   reference data lacks is the state that ends it (`the Democratic Republic of Yemen`). The
//!   visitor may be the host's guest (`visit.hosted`: `X hosted Y on an Official Visit to Z`); a
//!   guest no table knows, hosted in one of the document's two parties, stands for the other. Told
//!   by its verb (`visit.verb`: `Prime Minister X of Y visited the Republic of Z at the invitation
//!   of … from D to D`), a visit counts where a date follows the host at once or after the
//!   invitation (`visit.verb-date`).
//!
//! A visit told again without its visitor or dates, to the host of one whose visitor is named, or
//! without dates, by the visitor of a dated one to the same host, or by a state where a person of
//! that state visits the same host on the same day, is that one and left out. A date
//! without a year takes the year of the nearest full date of the document before it. A meeting the
//! title names takes the date and place written alone under the title, or a dateline's there
//! (`United Nations, New York, 3 May 2024`). A one-day meeting or visit
//! ends the day it starts.
//!
//! Cost: linear in the document's length times the number of head words.

use super::actors::{actor_of, introduced_persons, parties, resolve_subject};
use super::dates::{dates_with_years, full_dates, FoundDate};
use super::instruments::name_around;
use super::lexicon::{self, Category};
use super::English;
use crate::extract::{Context, Extractor, Fact, Place, Record};
use crate::lang::reference::Reference;
use crate::rdf::vocab::dg;
use crate::text::document::{Document, PartKind};
use std::collections::BTreeSet;

/// See the module documentation.
pub struct EventExtractor;

/// The name of a meeting told only by its verb (`met`).
const GENERIC_MEETING: &str = "meeting";

/// The place written after `in` or `at` at the start of `text` (after `held`, `convened`…: the
/// pattern `event.place-lead`, or after the date: `on Saturday, April 28, 2018, in Singapore`),
/// when the reference data knows it, or the city after the building (`event.place-venue`); right
/// after the verb, also one it does not know.
fn place_after(text: &str, english: &English, reference: &Reference) -> Option<Place> {
    let lead = english
        .patterns
        .get("event.place-lead")
        .find(text)
        .map_or(0, |lead| lead.end());
    // Whether a verb stands before the place (`was held`, `took place`).
    let after_verb = text[..lead].chars().any(char::is_lowercase);
    let mut text = &text[lead..];
    // `… Summit on Saturday, April 28, 2018, in Singapore`: the place after the date.
    if let Some(on) = text.trim_start().strip_prefix("on ") {
        let date = without_weekday(on, english);
        if let Some(end) = opening_date(date, english) {
            text = date[end..].trim_start_matches([',', ' ']);
        }
    }
    let mut rest = text
        .trim_start()
        .strip_prefix("in ")
        .or_else(|| text.trim_start().strip_prefix("at "))?;
    // The building before its city (`at the United Nations Headquarters in New York`).
    if let Some(venue) = english.patterns.get("event.place-venue").find(rest) {
        let city = &rest[venue.end()..];
        let at_city = |found: &super::names::Found| {
            found.range.start == 0 && reference.entities[found.entity].class.as_ref() == dg::CITY
        };
        if english.names.find(city).first().is_some_and(at_city) {
            rest = city;
        }
    }
    let found = english.names.find(rest);
    if let Some(first) = found.first().filter(|found| found.range.start == 0) {
        return Some(Place {
            name: rest[first.range.clone()].to_owned(),
            entity: Some(reference.entities[first.entity].iri.as_str().to_owned()),
        });
    }
    // A place the reference data does not know, right after the verb (`was held in Koror,
    // Republic of Palau, from …`): as written, where capitalized words that are no month end
    // where the clause goes on (`event.place-end`).
    if !after_verb {
        return None;
    }
    let (words, end) = super::actors::capitalized_words_up_to(rest, 0, 3, &english.lexicon);
    let month = words
        .iter()
        .any(|word| english.lexicon.month(word).is_some());
    let ends = english
        .patterns
        .get("event.place-end")
        .is_match(&rest[end..]);
    (!words.is_empty() && !month && ends).then(|| Place {
        name: rest[..end].to_owned(),
        entity: None,
    })
}

/// The place written before a meeting's name in its sentence, where the sentence brings people
/// there for it (`gathered in Cha-am Hua Hin, Thailand, for … the 14th ASEAN Summit`, `welcomed …
/// to Canberra for their first annual … Leaders’ Meeting`): a known place after `in` or `to` (a
/// state only after `in`), or one written before its state; `before` is the sentence up to the
/// name.
fn place_before(before: &str, english: &English, reference: &Reference) -> Option<Place> {
    let lead = english.patterns.get("event.place-before");
    let captures = lead.captures_iter(before).last()?;
    let place = captures.name("place")?;
    let written = place.as_str();
    let found = english.names.find(written);
    if let Some(first) = found.first().filter(|found| found.range.start == 0) {
        // A state the sentence brings people to (`a State Visit to India for the Annual Summit`)
        // is the host of a visit, not where the meeting is held; one they are in is
        // (`gathered in Singapore for …`).
        let class = reference.entities[first.entity].class.as_ref();
        let into = captures.name("into").is_some();
        return (class == dg::CITY || (class == dg::STATE && !into)).then(|| Place {
            name: written[first.range.clone()].to_owned(),
            entity: Some(reference.entities[first.entity].iri.as_str().to_owned()),
        });
    }
    // A place the reference data does not know, before its state (`Cha-am Hua Hin, Thailand`):
    // as written.
    let (city, state) = written.rsplit_once(',')?;
    let state = state.trim();
    found
        .iter()
        .any(|found| {
            &written[found.range.clone()] == state
                && reference.entities[found.entity].class.as_ref() == dg::STATE
        })
        .then(|| Place {
            name: city.trim().to_owned(),
            entity: None,
        })
}

/// `text` without the day of the week it opens with (`date.weekday`: `Saturday, `).
fn without_weekday<'t>(text: &'t str, english: &English) -> &'t str {
    let weekday = english.patterns.get("date.weekday");
    &text[weekday.find(text).map_or(0, |day| day.end())..]
}

/// Where the full date that opens `text` ends (`28 February - 1 March 2009, in …`), looked for in
/// its first 40 bytes.
fn opening_date(text: &str, english: &English) -> Option<usize> {
    full_dates(super::dates::head(text, 40), english)
        .first()
        .filter(|date| date.range.start == 0)
        .map(|date| date.range.end)
}

/// What the visits of a document need to resolve visitors and hosts.
struct Visitors<'a> {
    english: &'a English,
    reference: &'a Reference,
    people: &'a std::collections::HashMap<String, usize>,
    parties: &'a [usize],
}

impl Visitors<'_> {
    /// The state a host's name opens with (a city stands for its state), or that ends a state's
    /// long form the reference data lacks (`Democratic Republic of Yemen`).
    fn host(&self, written: &str) -> Option<usize> {
        let (english, reference) = (self.english, self.reference);
        let found = english.names.find(written);
        found
            .first()
            .filter(|found| found.range.start == 0)
            .or_else(|| {
                found.iter().find(|found| {
                    // Capitalized words and `of` before it.
                    written[..found.range.start].split_whitespace().all(|word| {
                        word == "of" || word.chars().next().is_some_and(char::is_uppercase)
                    }) && reference.entities[found.entity].class.as_ref() == dg::STATE
                })
            })
            .and_then(|found| {
                actor_of(reference, english, found.entity)
                    .or_else(|| english.names.country_of(found.entity))
            })
    }

    /// The first state that `text` (what a sentence says before `paid a visit`) names, a person
    /// standing for theirs, other than the host (`By invitation of the President of Argentina,
    /// …, the President of Chile, …, paid a visit to Argentina` → Chile).
    fn first_state_but(&self, text: &str, host: usize) -> Option<String> {
        let (english, reference) = (self.english, self.reference);
        english
            .names
            .find(text)
            .iter()
            .filter_map(|found| actor_of(reference, english, found.entity))
            .find(|&actor| actor != host && reference.entities[actor].class.as_ref() == dg::STATE)
            .map(|actor| reference.entities[actor].iri.as_str().to_owned())
    }

    /// The visitor written as `written`: a person of the reference data (by their name, or by a
    /// word of it: `President Biden`), or one the document introduced (their state), else the
    /// one actor the shortest tail of its words stands
    /// for (`President Lula` → Brazil, where the reference data does not know Lula).
    fn visitor(&self, written: &str) -> Option<String> {
        let (english, reference) = (self.english, self.reference);
        let found = english.names.find(written);
        if let Some(person) = found
            .iter()
            .find(|found| reference.entities[found.entity].class.as_ref() == dg::PERSON)
        {
            return Some(reference.entities[person.entity].iri.as_str().to_owned());
        }
        let words: Vec<&str> = written.split_whitespace().collect();
        // `President Biden`: a person of the reference data by a word of their name.
        if let Some(person) = english.names.person_in_words(&words) {
            return Some(reference.entities[person].iri.as_str().to_owned());
        }
        // `Sir Julius Chan`: a person the document introduced, for their state.
        if let Some(&state) = words.iter().rev().find_map(|word| self.people.get(*word)) {
            return Some(reference.entities[state].iri.as_str().to_owned());
        }
        (0..words.len()).rev().find_map(|from| {
            resolve_subject(
                &words[from..].join(" "),
                english,
                reference,
                self.people,
                self.parties,
            )
            .filter(|actors| actors.len() == 1)
            .map(|actors| reference.entities[actors[0]].iri.as_str().to_owned())
        })
    }
}

/// The subject of `X paid a state visit`: the clause before a `visit-verb` and an article, from
/// the last comma (`At the invitation of …, President X of Y paid a`), or the apposition that
/// closes it (`…, Mr X, President of Y, paid a`), or a name and the office after it (`…, Prince
/// X, Crown Prince of Y paid a`); with what the sentence says before the verb.
/// Up to two words may stand between the article and the kind (`paid an official friendly`,
/// `paid a four-day`).
fn visiting_subject<'a>(before: &'a str, english: &English) -> Option<(String, &'a str)> {
    let mut before = before.trim_end();
    for _ in 0..3 {
        let stripped = before
            .strip_suffix(" a")
            .or_else(|| before.strip_suffix(" an"))
            .or_else(|| before.strip_suffix(" his"))
            .or_else(|| before.strip_suffix(" her"))
            .or_else(|| before.strip_suffix(" their"));
        if let Some(stripped) = stripped {
            before = stripped;
            break;
        }
        // A word in small letters between the article and the kind, or a length (`four-day`,
        // `3-day`).
        let (rest, word) = before.rsplit_once(' ')?;
        if !word.chars().any(char::is_lowercase)
            || !word
                .chars()
                .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return None;
        }
        before = rest;
    }
    // The longest verb phrase, with its auxiliary (`is paying`).
    let verb = english
        .lexicon
        .entries(Category::VisitVerb)
        .iter()
        .filter(|verb| {
            before.ends_with(verb.phrase.as_str())
                && lexicon::is_whole_word(before, before.len() - verb.phrase.len()..before.len())
        })
        .max_by_key(|verb| verb.phrase.len())?;
    // An apposition before the verb ends with a comma (`Mr X, President of Y, paid a`).
    let subject = before[..before.len() - verb.phrase.len()]
        .trim_end()
        .trim_end_matches(',');
    let region = &before[..before.len() - verb.phrase.len()];
    let mut start = subject.rfind([',', ';', '(']).map_or(0, |index| index + 1);
    // An office alone after the name, not closed by a comma (`…, Prince X, Crown Prince and
    // Prime Minister of Y paid a`; not `…, Prime Minister X of Y`): the name before it, a
    // name without `of` (not `At the invitation of …`), is the subject's too.
    let office_alone = |text: &str| {
        let mut rest = text.trim_start();
        rest = rest.strip_prefix("the ").unwrap_or(rest);
        let mut offices = 0;
        while let Some(office) = english.lexicon.prefix_any_case(Category::Office, rest) {
            offices += 1;
            rest = rest[office.phrase.len()..].trim_start();
            match rest.strip_prefix("and ") {
                Some(after) => rest = after,
                None => break,
            }
        }
        offices > 0 && rest.starts_with("of ")
    };
    if start > 0 && office_alone(&subject[start..]) {
        let name_start = subject[..start - 1]
            .rfind([',', ';', '('])
            .map_or(0, |index| index + 1);
        let name = &subject[name_start..start - 1];
        if !name.contains(" of ") && name.trim_end().ends_with(char::is_alphabetic) {
            start = name_start;
        }
    }
    let subject = subject[start..].trim();
    (!subject.is_empty()).then(|| (subject.to_owned(), region))
}

/// The first date in `text` (relative to `offset` in the document), within `reach` bytes of its
/// start and before a full stop.
fn date_soon(
    text: &str,
    offset: usize,
    english: &English,
    context_dates: &[FoundDate],
    reach: usize,
) -> Option<FoundDate> {
    dates_with_years(text, offset, english, context_dates)
        .into_iter()
        .next()
        .filter(|date| date.range.start <= reach && !text[..date.range.start].contains(['.', ';']))
}

/// The date (a day or range) and place written alone on the lines under the title.
fn title_meeting(document: &Document, context: &Context<'_>) -> (Option<FoundDate>, Option<Place>) {
    let english = context.english;
    let mut date = None;
    let mut place = None;
    for range in document
        .paragraphs()
        .skip(document.title_paragraphs.max(1))
        .take(3)
    {
        let text = document.slice(range);
        if let Some(at) = super::metadata::place_line(text, context) {
            place = english
                .names
                .find(&text[at.clone()])
                .first()
                .map(|found| Place {
                    name: text[at.clone()].to_owned(),
                    entity: Some(
                        context.reference.entities[found.entity]
                            .iri
                            .as_str()
                            .to_owned(),
                    ),
                });
        }
        if let Some(alone) = super::metadata::date_alone(text, english) {
            date = Some(alone);
        } else if let Some((dated, at)) = super::metadata::dateline_alone(text, context) {
            // A dateline alone on its line (`United Nations, New York, 3 May 2024`).
            let known = english.names.find(&text[at.clone()]).first().map(|found| {
                context.reference.entities[found.entity]
                    .iri
                    .as_str()
                    .to_owned()
            });
            if let Some(entity) = known {
                place = Some(Place {
                    name: text[at].to_owned(),
                    entity: Some(entity),
                });
            }
            date = Some(dated);
        }
    }
    (date, place)
}

impl Extractor for EventExtractor {
    fn name(&self) -> &'static str {
        "en-events"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["event", "visit"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let english = context.english;
        let reference = context.reference;
        let text = document.text();
        let offset = document.range.start;
        let context_dates = full_dates(text, english);
        let title = super::actors::title_range(document);
        let mut records: Vec<Record> = Vec::new();
        let mut seen = BTreeSet::new();
        // Named events.
        let heads = english.lexicon.occurrences(Category::Event, text);
        for (at, entry) in heads {
            let Some(mut name) = name_around(text, at..at + entry.phrase.len(), &english.lexicon)
            else {
                continue;
            };
            // A head inside a longer name, the next word on its line capitalized (`G20
            // Ministerial Symposium`, `ASEAN-U.S. Dialogue Relations`), names no meeting.
            let head_end = at + entry.phrase.len();
            let next = text[head_end..].strip_prefix(' ');
            if name.end == head_end && next.is_some_and(|next| next.starts_with(char::is_uppercase))
            {
                continue;
            }
            // `Climate Leaders’ Summit on April 22nd`, `14th ASEAN Summit on 28 February - 1
            // March 2009`, `… on Saturday, April 28`: the date after `on` is not in the name.
            if let Some(on) = text[at..name.end].find(" on ") {
                let after = &text[at + on + 4..];
                let after = without_weekday(after, english);
                let dated = english.lexicon.prefix(Category::Month, after).is_some()
                    || opening_date(after, english).is_some();
                if dated {
                    name.end = at + on;
                }
            }
            // `Summit of the European Political Community in Prague`: a city after `in` or `at`
            // at the end of the name is where the meeting was held, not part of its name.
            if let Some(joint) = [" in ", " at "]
                .iter()
                .filter_map(|joint| text[at..name.end].rfind(joint))
                .max()
            {
                let place = &text[at + joint + 4..name.end];
                let city = english.names.find(place).first().is_some_and(|found| {
                    found.range == (0..place.len())
                        && reference.entities[found.entity].class.as_ref() == dg::CITY
                });
                if city {
                    name.end = at + joint;
                }
            }
            let in_title = title
                .as_ref()
                .is_some_and(|title| offset + name.start < title.end);
            let written = text[name.clone()].to_owned();
            // A name that holds an instrument's head is the instrument's (`Joint Statement on …
            // Meeting in Geneva`).
            let in_instrument = english
                .lexicon
                .entries(Category::Instrument)
                .iter()
                .chain(english.lexicon.entries(Category::Kind))
                .any(|head| written.contains(head.phrase.as_str()));
            if in_instrument {
                continue;
            }
            let sentence_end = text[name.end..]
                .find(". ")
                .map_or(text.len(), |index| name.end + index);
            let after = &text[name.end..sentence_end];
            let (date, place) = if in_title {
                // The meeting a title names (`Chair’s Statement on the … Meeting`) has the date
                // and place written alone under the title.
                title_meeting(document, context)
            } else {
                let sentence_start = text[..name.start].rfind(". ").map_or(0, |index| index + 2);
                (
                    date_soon(after, offset + name.end, english, &context_dates, 60),
                    place_after(after, english, reference).or_else(|| {
                        place_before(&text[sentence_start..name.start], english, reference)
                    }),
                )
            };
            if in_title && date.is_none() {
                continue;
            }
            // A standing body or a series (`ASEAN Regional Forum`, `Human Rights Dialogue`) is not
            // a meeting: a name counts with a date, or with a year or an ordinal in it (`10th …`),
            // or with an `event-undated` head (`Summit`).
            let numbered = written
                .split([' ', '-'])
                .any(|word| word.chars().next().is_some_and(|c| c.is_ascii_digit()));
            // A meeting's name of two words or more (`G20 Summit`) counts without a date.
            let one_meeting = english
                .lexicon
                .prefix(Category::EventUndated, entry.phrase.as_str())
                .is_some()
                && written.split(' ').count() >= 2;
            if date.is_none() && !numbered && !one_meeting {
                continue;
            }
            // A name is kept once per date (once when undated); a later mention may give the
            // place the first did not (the meeting a title names, held `in Lima` in the text).
            if !seen.insert((written.clone(), date.as_ref().map(|d| d.start))) {
                let start = date.as_ref().map(|d| d.start.iso());
                for record in records.iter_mut() {
                    if let Fact::Event {
                        name,
                        start: first_start,
                        place: first_place,
                        ..
                    } = &mut record.fact
                    {
                        if *name == written && *first_start == start && first_place.is_none() {
                            *first_place = place.clone();
                        }
                    }
                }
                continue;
            }
            let class = entry.iri.as_ref().map_or_else(
                || dg::MEETING.as_str().to_owned(),
                |iri| iri.as_str().to_owned(),
            );
            records.push(Record::new(
                document,
                offset + name.start..offset + name.end,
                "en-events.named",
                Fact::Event {
                    entity: None,
                    name: written,
                    class,
                    start: date.as_ref().map(|d| d.start.iso()),
                    end: date.as_ref().map(|d| d.end.unwrap_or(d.start).iso()),
                    place,
                    online: false,
                    ordinal: None,
                    organisers: Vec::new(),
                },
            ));
        }
        // A name inside a longer one (`East Asia Summit` in `East Asia Summit Foreign Ministers'
        // Meeting`) is part of it; a name that ends another one, undated or of the same day
        // (`EU-China Summit` after `21st EU-China Summit`), is that meeting named again.
        let spans: Vec<std::ops::Range<usize>> =
            records.iter().map(|record| record.at.clone()).collect();
        let names: Vec<(String, Option<String>)> = records
            .iter()
            .map(|record| match &record.fact {
                Fact::Event { name, start, .. } => (name.clone(), start.clone()),
                _ => (String::new(), None),
            })
            .collect();
        let dated: BTreeSet<String> = records
            .iter()
            .filter_map(|record| match &record.fact {
                Fact::Event {
                    name,
                    start: Some(_),
                    ..
                } => Some(name.clone()),
                _ => None,
            })
            .collect();
        let mut index = 0;
        records.retain(|record| {
            let inside = spans.iter().enumerate().any(|(other, span)| {
                other != index
                    && span.start <= record.at.start
                    && record.at.end <= span.end
                    && span.len() > record.at.len()
            });
            // A name that ends another of the same day, or of any day where it has none.
            let ends_another = |name: &str, start: &Option<String>| {
                names.iter().any(|(longer, longer_start)| {
                    longer.len() > name.len()
                        && (start.is_none() || start == longer_start)
                        && longer
                            .strip_suffix(name)
                            .is_some_and(|lead| lead.ends_with(' '))
                })
            };
            let named_again = match &record.fact {
                Fact::Event {
                    name, start: None, ..
                } => dated.contains(name) || ends_another(name, &None),
                Fact::Event { name, start, .. } => ends_another(name, start),
                _ => false,
            };
            index += 1;
            !(inside || named_again)
        });
        // The meeting a title names (`Ministerial Meeting of the G4 Countries … Joint Press
        // Statement`) names the first meeting told by its verb.
        let mut title_meeting_name = title.as_ref().and_then(|title| {
            let title_text = &text[title.start - offset..title.end - offset];
            english
                .lexicon
                .occurrences(Category::Event, title_text)
                .into_iter()
                .find_map(|(at, entry)| {
                    let name =
                        name_around(title_text, at..at + entry.phrase.len(), &english.lexicon)?;
                    let written = &title_text[name];
                    let names_kind = english
                        .lexicon
                        .entries(Category::Kind)
                        .iter()
                        .any(|kind| written.contains(kind.phrase.as_str()));
                    (!names_kind).then(|| written.to_owned())
                })
        });
        // Meetings told by their verb, dated after it or at the sentence's start (`On May 10, …`).
        let held = english.patterns.get("event.held");
        for (_, part) in document.parts_of(PartKind::Sentence) {
            let sentence = document.slice(part.range.clone());
            let at = part.range.start;
            let opening = sentence
                .strip_prefix("On ")
                .and_then(|rest| {
                    dates_with_years(rest, at + 3, english, &context_dates)
                        .into_iter()
                        .next()
                })
                .filter(|date| date.range.start == 0);
            for captures in held.captures_iter(sentence) {
                let verb = captures.name("verb").expect("checked group");
                let date = captures
                    .name("dates")
                    .and_then(|dates| {
                        date_soon(
                            dates.as_str(),
                            at + dates.start(),
                            english,
                            &context_dates,
                            0,
                        )
                    })
                    .or_else(|| opening.clone());
                let Some(date) = date else {
                    continue;
                };
                // The first meeting told by its verb is the one the title names, if any; else
                // its noun, with the body whose meeting it is (`5270th meeting of the Security
                // Council`).
                let body = captures.name("body").map_or("", |body| body.as_str());
                let noun = title_meeting_name
                    .take()
                    .or_else(|| {
                        let words: Vec<&str> = verb.as_str().split_whitespace().collect();
                        let noun = words
                            .last()
                            .filter(|word| !english.lexicon.has(Category::MeetingVerb, word))?;
                        // `its 246th meeting`: the noun keeps its ordinal.
                        let ordinal =
                            words
                                .len()
                                .checked_sub(2)
                                .map(|at| words[at])
                                .filter(|word| {
                                    let digits =
                                        word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                                    !digits.is_empty()
                                        && digits.chars().all(|c| c.is_ascii_digit())
                                        && matches!(
                                            &word[digits.len()..],
                                            "st" | "nd" | "rd" | "th"
                                        )
                                });
                        Some(match ordinal {
                            Some(ordinal) => format!("{ordinal} {noun}{body}"),
                            None => format!("{noun}{body}"),
                        })
                    })
                    .unwrap_or_else(|| GENERIC_MEETING.to_owned());
                let place = captures
                    .name("place")
                    .and_then(|place| {
                        let found = english.names.find(place.as_str());
                        found.first().map(|first| Place {
                            name: place.as_str()[first.range.clone()].to_owned(),
                            entity: Some(reference.entities[first.entity].iri.as_str().to_owned()),
                        })
                    })
                    .or_else(|| {
                        // `convened on 24 April 2021 at the ASEAN Secretariat in Jakarta`: the
                        // first known place after `in` in the rest of the clause, which ends at
                        // `;`, `.` or a comma before another verb (`held on 3 June 2016, adopted
                        // … the situation in Burundi`); `, in Jakarta` goes on.
                        let rest = &sentence[verb.end()..];
                        let continues = english.patterns.get("event.place-continues");
                        let end = rest
                            .match_indices([';', '.', ','])
                            .find(|&(index, mark)| {
                                mark != ","
                                    || rest[index + 1..]
                                        .trim_start()
                                        .starts_with(|c: char| c.is_lowercase())
                                        && !continues.is_match(rest[index + 1..].trim_start())
                            })
                            .map_or(rest.len(), |(index, _)| index);
                        let clause = &rest[..end];
                        clause.match_indices(" in ").find_map(|(index, _)| {
                            place_after(&clause[index..], english, reference)
                        })
                    });
                let whole = captures.get(0).expect("group 0");
                records.push(Record::new(
                    document,
                    at + whole.start()..at + whole.end(),
                    "en-events.held",
                    Fact::Event {
                        entity: None,
                        name: noun,
                        class: dg::MEETING.as_str().to_owned(),
                        start: Some(date.start.iso()),
                        end: Some(date.end.unwrap_or(date.start).iso()),
                        place,
                        online: false,
                        ordinal: None,
                        organisers: Vec::new(),
                    },
                ));
                // One meeting per sentence.
                break;
            }
        }
        // A meeting told by its verb on the day of a named event is that event: the name is
        // kept, with the place the verb gave where the name had none.
        let mut index = 0;
        while index < records.len() {
            let (Fact::Event { start, place, .. }, "en-events.held") =
                (&records[index].fact, records[index].rule)
            else {
                index += 1;
                continue;
            };
            let (start, place) = (start.clone(), place.clone());
            let named = records.iter().position(|record| {
                record.rule == "en-events.named"
                    && matches!(&record.fact, Fact::Event { start: named, .. } if *named == start)
            });
            if let Some(named) = named {
                if let Fact::Event {
                    place: named_place @ None,
                    ..
                } = &mut records[named].fact
                {
                    *named_place = place;
                }
                records.remove(index);
                continue;
            }
            // `We … met in Venice from 8 to 10 June` and, undated, the one meeting the document
            // names (`the sixth European Union – African Union Summit`): that meeting, dated.
            let generic =
                matches!(&records[index].fact, Fact::Event { name, .. } if name == GENERIC_MEETING);
            let undated: Vec<usize> = records
                .iter()
                .enumerate()
                .filter(|(_, record)| {
                    record.rule == "en-events.named"
                        && matches!(&record.fact, Fact::Event { start: None, class, .. }
                            if class.as_str() == dg::MEETING.as_str())
                })
                .map(|(position, _)| position)
                .collect();
            if let ([named], true) = (undated.as_slice(), generic) {
                let Fact::Event {
                    start, end, place, ..
                } = records[index].fact.clone()
                else {
                    unreachable!("checked above");
                };
                if let Fact::Event {
                    start: named_start,
                    end: named_end,
                    place: named_place,
                    ..
                } = &mut records[*named].fact
                {
                    *named_start = start;
                    *named_end = end;
                    if named_place.is_none() {
                        *named_place = place;
                    }
                }
                records.remove(index);
                continue;
            }
            index += 1;
        }
        // Visits.
        let people = introduced_persons(document, english, reference);
        let parties = parties(document, english, reference, &people);
        let visitors = Visitors {
            english,
            reference,
            people: &people,
            parties: &parties,
        };
        let visit = english.patterns.get("visit.phrase");
        let possessive = english.patterns.get("visit.possessive");
        let invited = english.patterns.get("visit.invited");
        let visited = english.patterns.get("visit.verb");
        let hosted = english.patterns.get("visit.hosted");
        let verb_date = english.patterns.get("visit.verb-date");
        for (_, part) in document.parts_of(PartKind::Sentence) {
            let sentence = document.slice(part.range.clone());
            let mut found = Vec::new();
            for captures in visit.captures_iter(sentence) {
                let kind = captures.name("kind").expect("checked group");
                // The visitor: `of X`, `X’s` right before the kind, or the subject of `X paid a`.
                let subject = visiting_subject(&sentence[..kind.start()], english);
                let visitor = captures
                    .name("visitor")
                    .map(|m| m.as_str().to_owned())
                    .or_else(|| {
                        possessive
                            .captures(&sentence[..kind.start()])
                            .and_then(|c| c.name("visitor"))
                            .map(|m| m.as_str().to_owned())
                    })
                    .or_else(|| subject.as_ref().map(|(subject, _)| subject.clone()));
                // Else the host's guest: `X hosted Y on an official visit to Z`.
                let guest = visitor
                    .is_none()
                    .then(|| hosted.captures(&sentence[..kind.start()]))
                    .flatten()
                    .and_then(|c| c.name("visitor"))
                    .map(|m| m.as_str().to_owned());
                let is_guest = guest.is_some();
                let visitor = visitor.or(guest);
                let dates = captures.name("dates").and_then(|dates| {
                    date_soon(
                        dates.as_str(),
                        part.range.start + dates.start(),
                        english,
                        &context_dates,
                        10,
                    )
                });
                let host = captures.name("host").expect("checked group").as_str();
                found.push((
                    captures.get(0).expect("group 0"),
                    kind.as_str(),
                    host,
                    visitor,
                    dates,
                    subject.map(|(_, region)| region),
                    is_guest,
                ));
            }
            // `X invited Y to visit Z`: a visit asked for.
            for captures in invited.captures_iter(sentence) {
                let kind = captures.name("kind").expect("checked group").as_str();
                let kind = kind.rsplit(" an ").next().unwrap_or(kind);
                let kind = kind.rsplit(" a ").next().unwrap_or(kind);
                found.push((
                    captures.get(0).expect("group 0"),
                    kind,
                    captures.name("host").expect("checked group").as_str(),
                    captures.name("visitor").map(|m| m.as_str().to_owned()),
                    None,
                    None,
                    false,
                ));
            }
            // `X visited Y … from D to D`: a visit told by its verb, where the clause dates it.
            for captures in visited.captures_iter(sentence) {
                let whole = captures.get(0).expect("group 0");
                let rest = &sentence[whole.end()..];
                let rest = &rest[..rest.find(['.', ';']).unwrap_or(rest.len())];
                let offset = part.range.start + whole.end();
                // The host by its own name (`the Republic of Peru`), not a place that ends with
                // one (`the National Museum of Peru`).
                let host = captures.name("host").expect("checked group").as_str();
                if english
                    .names
                    .find(host)
                    .first()
                    .is_none_or(|found| found.range.start > 0)
                {
                    continue;
                }
                let Some(dates) = dates_with_years(rest, offset, english, &context_dates)
                    .into_iter()
                    .next()
                    .filter(|date| verb_date.is_match(&rest[..date.range.start]))
                else {
                    continue;
                };
                let before = &sentence[..whole.start()];
                let subject = &before[before.rfind([',', ';', '(']).map_or(0, |at| at + 1)..];
                found.push((
                    whole,
                    captures.name("kind").expect("checked group").as_str(),
                    host,
                    Some(subject.trim().to_owned()),
                    Some(dates),
                    Some(before),
                    false,
                ));
            }
            for (whole, kind, host_text, visitor_text, dates, region, guest) in found {
                let Some(host) = visitors.host(host_text) else {
                    continue;
                };
                // Else the first state named before the verb that is not the host; else, for a
                // host's guest no table knows (`Prime Minister Rt Hon Christopher Luxon`) in one of
                // the document's two parties, the other.
                let visitor = visitor_text
                    .as_deref()
                    .and_then(|text| visitors.visitor(text))
                    .or_else(|| region.and_then(|region| visitors.first_state_but(region, host)))
                    .or_else(|| {
                        if !guest {
                            return None;
                        }
                        match parties[..] {
                            [one, other] if one == host => Some(other),
                            [one, other] if other == host => Some(one),
                            _ => None,
                        }
                        .map(|other| reference.entities[other].iri.as_str().to_owned())
                    });
                let host_iri = reference.entities[host].iri.as_str().to_owned();
                if visitor.as_deref() == Some(host_iri.as_str()) {
                    continue;
                }
                records.push(Record::new(
                    document,
                    part.range.start + whole.start()..part.range.start + whole.end(),
                    "en-events.visit",
                    Fact::Visit {
                        visitor,
                        host: host_iri,
                        kind: kind.trim().to_lowercase(),
                        start: dates.as_ref().map(|d| d.start.iso()),
                        // A visit dated by one day (`… paid a State visit to India on September
                        // 11, 2023`) ends that day.
                        end: dates.as_ref().map(|d| d.end.unwrap_or(d.start).iso()),
                    },
                ));
            }
        }
        // A visit told again without its visitor or dates (`the Prime Minister’s visit to
        // Jamaica`, a title's `Official Visit to Jamaica by …`) is the one whose visitor a
        // sentence names.
        let named_hosts: BTreeSet<String> = records
            .iter()
            .filter_map(|record| match &record.fact {
                Fact::Visit {
                    visitor: Some(_),
                    host,
                    ..
                } => Some(host.clone()),
                _ => None,
            })
            .collect();
        // One with its visitor but no dates, where a dated one of that visitor to that host is
        // told (`Sir Julius Chan's first official visit to Australia`), is that one too.
        let dated = crate::extract::dated_visits(&records);
        records.retain(|record| match &record.fact {
            Fact::Visit {
                visitor: None,
                host,
                start: None,
                ..
            } => !named_hosts.contains(host),
            Fact::Visit {
                visitor: Some(visitor),
                host,
                start: None,
                ..
            } => !dated.contains(&(Some(visitor.clone()), host.clone())),
            _ => true,
        });
        // One by a state, where a person of that state is told to visit that host on that day
        // (a title's `State Visit of HRH the Crown Prince … of Saudi Arabia to India on …` over
        // `Prince Mohammed bin Salman … paid a State visit to India on …`), is the person's.
        let visits = records
            .iter()
            .filter(|record| matches!(record.fact, Fact::Visit { .. }))
            .count();
        if visits < 2 {
            return records;
        }
        // The visitor's entity, found by a scan for each dated visit (few a document), not by
        // an index of every IRI built for each document.
        let person_index = |iri: &str| {
            reference
                .entities
                .iter()
                .position(|entity| entity.iri.as_str() == iri)
        };
        let by_person: BTreeSet<(String, String, String)> = records
            .iter()
            .filter_map(|record| match &record.fact {
                Fact::Visit {
                    visitor: Some(visitor),
                    host,
                    start: Some(start),
                    ..
                } => {
                    let person = person_index(visitor)?;
                    let state = english.names.country_of(person)?;
                    let state = reference.entities[state].iri.as_str().to_owned();
                    Some((state, host.clone(), start.clone()))
                }
                _ => None,
            })
            .collect();
        records.retain(|record| match &record.fact {
            Fact::Visit {
                visitor: Some(visitor),
                host,
                start: Some(start),
                ..
            } => !by_person.contains(&(visitor.clone(), host.clone(), start.clone())),
            _ => true,
        });
        records
    }
}
