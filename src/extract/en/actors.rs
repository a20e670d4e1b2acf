//! Who acts in an English document: the title, the persons introduced with their office and
//! state, the parties, and the actors a subject stands for.
//!
//! A subject resolves to actors when it is made only of names of states and organisations, persons
//! (a person of the reference data, or one the document introduced as `OFFICE NAME of STATE` or
//! `OFFICE of STATE, NAME`: `person.apposition`; a word of a known person's name counts only at
//! the end of the name written, so `Sir Julius Chan` is not Julius Nyerere),
//! collectives (`we`, `the two sides`: the parties) and the lexicon's `subject-word`s (`the`,
//! `and`, `government`); any other word means the subject is not an actor (`the partnership`).
//!
//! Cost: linear in the document's length.

use super::lexicon::{starts_with_phrase, Category, Lexicon};
use super::English;
use crate::lang::reference::Reference;
use crate::rdf::vocab::dg;
use crate::text::document::Document;
use std::collections::HashMap;
use std::ops::Range;

/// The title: the first paragraph, when it reads as a title, and the line that continues it (see
/// [`crate::text::document::english_document`]).
pub fn title_range(document: &Document) -> Option<Range<usize>> {
    let mut title = document.paragraphs().take(document.title_paragraphs);
    let first = title.next()?;
    let end = title.last().map_or(first.end, |last| last.end);
    Some(first.start..end)
}

/// A text in capitals (`JOINT LEADERS’ STATEMENT: … VIETNAM`, also behind a record's field label:
/// `[Title] STATEMENT OF …`; a few small letters, one in twenty, aside: a catalogue's tag)
/// with each word's letters after the first in lower case, so that names
/// and kinds written in capitals are found (`COMMUNIQUÉ` too); other text as it is. Only letters
/// whose lower case is as long in UTF-8 change: byte offsets hold.
pub fn title_cased(text: &str) -> std::borrow::Cow<'_, str> {
    let label_end = if text.starts_with('[') {
        text.find(']').map_or(0, |end| end + 1)
    } else {
        0
    };
    // In capitals: all its letters but a few (a catalogue's tag after it: `… [1973] INTSer 5`).
    let letters = text[label_end..].chars().filter(|c| c.is_alphabetic());
    let lower = letters.clone().filter(|c| c.is_lowercase()).count();
    if lower * 20 > letters.count() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut word_start = true;
    text.chars()
        .map(|c| {
            let out = if word_start {
                c
            } else {
                super::lexicon::same_length_lower(c)
            };
            word_start = !c.is_alphanumeric() && c != '’' && c != '\'';
            out
        })
        .collect::<String>()
        .into()
}

/// Whether the entity is an actor that can be a party: a state or an organisation.
pub fn is_party_class(reference: &Reference, entity: usize) -> bool {
    let class = reference.entities[entity].class.as_ref();
    class == dg::STATE || class == dg::INTERNATIONAL_ORGANISATION
}

/// The actor a name stands for: states and organisations for themselves, persons and bodies for
/// their state.
pub fn actor_of(reference: &Reference, english: &English, entity: usize) -> Option<usize> {
    if is_party_class(reference, entity) {
        return Some(entity);
    }
    let class = reference.entities[entity].class.as_ref();
    if class == dg::PERSON || class == dg::GOVERNMENT_BODY {
        return english.names.country_of(entity);
    }
    None
}

/// Persons the document introduces with an office and a state (`President Gustavo Petro of
/// Colombia`, `Colombia’s President Petro`, `Colombian President Petro`, `the Prime Minister of
/// X, the Honourable Sir Y Z`: `person.apposition`), or with an office only one state has
/// (`Taoiseach Micheál Martin`): each word of the name → the state.
pub fn introduced_persons(
    document: &Document,
    english: &English,
    reference: &Reference,
) -> HashMap<String, usize> {
    let text = document.text();
    let names = english.names.find(text);
    let apposition = english.patterns.get("person.apposition");
    let mut people = HashMap::new();
    for (at, _) in text.char_indices() {
        if at > 0
            && text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let Some(office) = english.lexicon.prefix(Category::Office, &text[at..]) else {
            continue;
        };
        let after = at + office.phrase.len();
        let (words, end) = capitalized_words(text, after, &english.lexicon);
        if words.is_empty() {
            // `the Prime Minister of X, the Honourable Sir Y Z`: the name in apposition.
            let Some(state) = text[after..]
                .strip_prefix(" of ")
                .and_then(|_| names.iter().find(|found| found.range.start == after + 4))
                .filter(|found| is_party_class(reference, found.entity))
            else {
                continue;
            };
            if let Some(name) = apposition
                .captures(&text[state.range.end..])
                .and_then(|found| found.name("name"))
            {
                let name_at = state.range.end + name.start();
                let (words, name_end) = capitalized_words(text, name_at, &english.lexicon);
                // Not a name: another office (`…, the President of Chile paid`). Not this
                // person's: a name with an office of its own after it (`…, Ms. Y Z, Prime
                // Minister of W`), or one a verb follows (`At the invitation of the President of
                // X, Mr Y, paid a visit`: the sentence's subject).
                let after_comma = text[name_end..].strip_prefix(',').map(str::trim_start);
                let other = english
                    .lexicon
                    .prefix(Category::Office, &text[name_at..])
                    .is_some()
                    || after_comma.is_some_and(|rest| {
                        english.lexicon.prefix(Category::Office, rest).is_some()
                            || rest.starts_with(char::is_lowercase)
                    });
                if !other {
                    for word in words {
                        people.insert(word.to_owned(), state.entity);
                    }
                }
            }
            continue;
        }
        // `… of STATE` right after the name, or `STATE’s OFFICE` right before the office.
        let rest = &text[end..];
        let state = rest
            .strip_prefix(" of ")
            .and_then(|_| names.iter().find(|found| found.range.start == end + 4))
            .or_else(|| {
                names.iter().find(|found| {
                    if found.range.end > at {
                        return false;
                    }
                    let between = &text[found.range.end..at];
                    matches!(between, "’s " | "'s " | " ")
                })
            })
            .map(|found| found.entity)
            .or_else(|| english.names.demonym_before(&text[..at]))
            .or_else(|| english.names.state_of_office(&office.phrase))
            .filter(|&entity| is_party_class(reference, entity));
        if let Some(state) = state {
            for word in words {
                people.insert(word.to_owned(), state);
                // `Al-Kadhimi` is also `Kadhimi`.
                if let Some((_, last)) = word.rsplit_once('-') {
                    people.insert(last.to_owned(), state);
                }
            }
        }
    }
    people
}

/// The capitalized words from `at` (after spaces), up to five, as a person's name; and where
/// they end. Initials (`J.`) and the lexicon's `name-particle`s inside a name (`bin`, `al`) are
/// kept.
pub fn capitalized_words<'t>(text: &'t str, at: usize, lexicon: &Lexicon) -> (Vec<&'t str>, usize) {
    capitalized_words_up_to(text, at, 5, lexicon)
}

/// [`capitalized_words`], up to `most` words (a line that is a name alone may hold more:
/// `HH Sheikh Tamim bin Hamad Al Thani`).
pub fn capitalized_words_up_to<'t>(
    text: &'t str,
    at: usize,
    most: usize,
    lexicon: &Lexicon,
) -> (Vec<&'t str>, usize) {
    let mut words = Vec::new();
    let mut end = at;
    let mut position = at;
    while words.len() < most {
        let rest = &text[position..];
        let trimmed = rest.trim_start_matches(' ');
        if trimmed.len() == rest.len() && position != at {
            break;
        }
        let start = position + (rest.len() - trimmed.len());
        let length = trimmed
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '\'' | '’')))
            .unwrap_or(trimmed.len());
        let word = trimmed[..length].trim_end_matches(['.', '\'', '’']);
        // A particle alone inside a name (`bin`), or joined to a capitalized word (`el-Sisi`).
        let particle = |word: &str| lexicon.has(Category::NameParticle, word);
        let is_name_word = word.chars().next().is_some_and(char::is_uppercase)
            || (particle(word) && !words.is_empty())
            || word.split_once('-').is_some_and(|(head, tail)| {
                particle(head) && tail.chars().next().is_some_and(char::is_uppercase)
            });
        if word.is_empty() || !is_name_word {
            break;
        }
        // A name does not run on into a sentence's next word (`Biden Jr.` is fine, `of` is not).
        words.push(word);
        end = start + word.len();
        position = start + length;
    }
    (words, end)
}

/// The actors a subject stands for (indices of the reference data, in the order written), or
/// `None` when the subject is not made of actors. See the module documentation.
pub fn resolve_subject(
    subject: &str,
    english: &English,
    reference: &Reference,
    people: &HashMap<String, usize>,
    parties: &[usize],
) -> Option<Vec<usize>> {
    let names = english.names.find(subject);
    let mut actors = Vec::new();
    let mut at = 0;
    let mut any = false;
    // Whether the word before was a demonym, which places an office after it.
    let mut after_demonym = false;
    while at < subject.len() {
        let rest = &subject[at..];
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            break;
        }
        at += rest.len() - trimmed.len();
        if let Some(found) = names.iter().find(|found| found.range.start == at) {
            let actor = actor_of(reference, english, found.entity)?;
            actors.push(actor);
            any = true;
            at = found.range.end + gloss_after(&subject[found.range.end..]);
            continue;
        }
        if let Some(collective) = english.lexicon.prefix(Category::Collective, trimmed) {
            if !collective.parties || parties.is_empty() {
                return None;
            }
            actors.extend_from_slice(parties);
            any = true;
            at += collective.phrase.len();
            continue;
        }
        // `the Chinese side`, `Kenyan President Ruto`: the demonym's state.
        if let Some((length, state)) = english.names.demonym_at(trimmed) {
            actors.push(state);
            any = true;
            at += length;
            after_demonym = true;
            continue;
        }
        let placed = std::mem::take(&mut after_demonym);
        if let Some(office) = english.lexicon.prefix(Category::Office, trimmed) {
            let after = at + office.phrase.len();
            let (words, end) = capitalized_words(subject, after, &english.lexicon);
            // `President Biden`: the person by a word of the name; `the President of X`: X.
            let person = words.iter().enumerate().find_map(|(index, word)| {
                people.get(*word).copied().or_else(|| {
                    english
                        .names
                        .person_by_word(word, words.get(index + 1).copied())
                        .and_then(|person| actor_of(reference, english, person))
                })
            });
            match person {
                Some(state) => {
                    actors.push(state);
                    any = true;
                    at = end;
                }
                None if words.is_empty() && subject[after..].starts_with(" of ") => {
                    at = after + 4;
                }
                // The person is the demonym's (`Kenyan President William Ruto`).
                None if placed => at = end.max(after),
                None => return None,
            }
            continue;
        }
        if let Some(word) = english.lexicon.prefix(Category::SubjectWord, trimmed) {
            at += word.phrase.len();
            continue;
        }
        // A comma between actors, or the marker of a list item the subject opens.
        if let Some(mark) = trimmed
            .chars()
            .next()
            .filter(|c| matches!(c, ',' | '-' | '*' | '•'))
        {
            at += mark.len_utf8();
            continue;
        }
        return None;
    }
    if !any {
        return None;
    }
    let mut seen = std::collections::HashSet::new();
    actors.retain(|actor| seen.insert(*actor));
    Some(actors)
}

/// The parties of the document: the states and organisations its title names (a person named
/// there stands for their state; a place after `in` is not a party); else, or where the title
/// names only a group, the actors named before the verb of the first sentence that names two or
/// more (for a group, the states its first sentence names will do) (`The United States, France
/// and the United Kingdom released…`, `As leaders of Australia, the United Kingdom, and the
/// United States, we…`).
/// `people` are the persons the document introduces ([`introduced_persons`]).
pub fn parties(
    document: &Document,
    english: &English,
    reference: &Reference,
    people: &HashMap<String, usize>,
) -> Vec<usize> {
    let mut parties = Vec::new();
    if let Some(title) = title_range(document) {
        let written = document.slice(title);
        let title = title_cased(written);
        // A title in capitals is read in title case (`STATEMENT OF THE UNITED STATES` as `…
        // United States`), its acronyms as written (`ASEAN`, not `Asean`).
        let mut names = english.names.find(&title);
        if matches!(title, std::borrow::Cow::Owned(_)) {
            for acronym in english.names.find(written) {
                let text = &written[acronym.range.clone()];
                let overlaps = names.iter().any(|name| {
                    name.range.start < acronym.range.end && acronym.range.start < name.range.end
                });
                if text.len() >= 2 && text.chars().all(|c| c.is_ascii_uppercase()) && !overlaps {
                    names.push(acronym);
                }
            }
            names.sort_by_key(|name| name.range.start);
        }
        for found in names {
            // A place the title names (`… meeting in Kuala Lumpur, Malaysia`) is not a party; a
            // title in title case capitalizes the preposition (`… Restoring Peace In Vietnam`).
            let before = title[..found.range.start].trim_end_matches([' ', ',']);
            // `… Attack in the Philippines`.
            let before = before.strip_suffix(" the").unwrap_or(before);
            let lower = before.to_lowercase();
            let lower = lower.strip_suffix(" the").unwrap_or(&lower);
            let after_in = lower.ends_with(" in")
                || before.rfind(" in ").is_some_and(|index| {
                    !before[index + 4..].contains(|c: char| c.is_lowercase() || c == ':')
                        && title[..found.range.start].trim_end().ends_with(',')
                });
            // A state the title is about (`Press Statement on Afghanistan Terror Attack`); an
            // organisation there names its meeting (`Chair's Statement on the APEC … Meeting`).
            let topic = lower.ends_with(" on")
                && reference.entities[found.entity].class.as_ref() == dg::STATE;
            if after_in || topic {
                continue;
            }
            if let Some(actor) = actor_of(reference, english, found.entity) {
                if !parties.contains(&actor) {
                    parties.push(actor);
                }
            }
        }
    }
    if let Some(title) = title_range(document) {
        // Persons the title names by office (`President Biden and Iraqi Prime Minister Kadhimi`).
        let title = document.slice(title);
        for (at, _) in title.char_indices() {
            if at > 0
                && title[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let Some(office) = english.lexicon.prefix(Category::Office, &title[at..]) else {
                continue;
            };
            let (words, _) = capitalized_words(title, at + office.phrase.len(), &english.lexicon);
            let state = words.iter().enumerate().find_map(|(index, word)| {
                people.get(*word).copied().or_else(|| {
                    english
                        .names
                        .person_by_word(word, words.get(index + 1).copied())
                        .and_then(|person| actor_of(reference, english, person))
                })
            });
            if let Some(state) = state.filter(|state| !parties.contains(state)) {
                parties.push(state);
            }
        }
    }
    if parties.len() >= 2 {
        return parties;
    }
    // A list of who attended, one delegation an entry: its states, with those of the title (a
    // group the title names is these members).
    let attending = attendance_list(document, english, reference);
    if attending.len() >= 2 {
        parties.retain(|&party| reference.entities[party].class.as_ref() == dg::STATE);
        for state in attending {
            if !parties.contains(&state) {
                parties.push(state);
            }
        }
        return parties;
    }
    // One party or none from the title: the opening sentence, where it names more.
    let from_title = parties;
    let opening = opening_actors(document, english, reference, people);
    // A group the title names (`Quad Leaders’ Joint Statement`) is its members where the opening
    // names them (`We, the Leaders of Australia, India, Japan, and the United States`).
    let only_groups = !from_title.is_empty()
        && from_title
            .iter()
            .all(|&party| reference.entities[party].class.as_ref() != dg::STATE);
    let opening_states = opening
        .iter()
        .filter(|&&actor| reference.entities[actor].class.as_ref() == dg::STATE)
        .count();
    if opening.len() > from_title.len()
        && (from_title.iter().all(|party| opening.contains(party))
            || (only_groups && opening_states >= 2))
    {
        return opening;
    }
    if only_groups {
        // `We have convened to reaffirm … cooperation between Australia, India, Japan, and the
        // United States.`: the states of the first sentence, where it names two or more.
        let body_sentences = document
            .parts_of(crate::text::document::PartKind::Sentence)
            .filter(|(_, part)| {
                title_range(document).is_none_or(|title| part.range.start >= title.end)
            })
            // A paragraph's number (`1.`) is not its first sentence.
            .filter(|(_, part)| part.range.len() > 4);
        if let Some((_, part)) = body_sentences.into_iter().next() {
            let mut states: Vec<usize> = Vec::new();
            for found in english.names.find(document.slice(part.range.clone())) {
                if reference.entities[found.entity].class.as_ref() == dg::STATE
                    && !states.contains(&found.entity)
                {
                    states.push(found.entity);
                }
            }
            if states.len() >= 2 {
                return states;
            }
        }
        // A group of `ontology/memberships.tsv` speaking for members it does not name
        // (`Statement of the ASEAN Foreign Ministers …`): its members on the latest date the
        // document writes (today's, where it writes none).
        let date = super::dates::full_dates(document.text(), english)
            .into_iter()
            .map(|date| date.end.unwrap_or(date.start).iso())
            .max();
        let members: Vec<usize> = from_title
            .iter()
            .filter_map(|&group| reference.memberships.members_on(group, date.as_deref()))
            .flatten()
            .collect();
        if members.len() >= 2 {
            return members;
        }
    }
    // The states an opening sentence names by their officials, a visit or a pair after
    // `between`.
    let mut parties = from_title;
    let officials = officials(document, english, reference);
    if officials.len() >= 2 {
        for state in officials {
            if !parties.contains(&state) {
                parties.push(state);
            }
        }
    }
    if parties.is_empty() {
        parties.extend(sole_issuer(document, english, reference));
    }
    parties
}

/// The one actor the subject of the first sentence under the title is, where nothing else
/// names a party: a body that issues the document alone (`The Peace and Security Council of the
/// African Union (AU), at its 469th meeting …, adopted the following decision`). A line of a
/// heading, a date or a place (no sentence end, few words) is passed over.
fn sole_issuer(document: &Document, english: &English, reference: &Reference) -> Option<usize> {
    let part = body_sentences(document).next()?;
    let sentence = document.slice(part.range.clone());
    let actors = actors_named(
        &sentence[..subject_end(sentence, english)],
        english,
        reference,
    );
    (actors.len() == 1).then(|| actors[0])
}

/// The sentences under the title, in order; a line of a heading, a date or a place there (no
/// sentence end, few words) is none.
fn body_sentences(document: &Document) -> impl Iterator<Item = &crate::text::document::Part> + '_ {
    let title_end = title_range(document).map_or(0, |title| title.end);
    document
        .parts_of(crate::text::document::PartKind::Sentence)
        .map(|(_, part)| part)
        .filter(move |part| part.range.start >= title_end)
        .filter(|part| {
            let sentence = document.slice(part.range.clone()).trim_end();
            sentence.ends_with(['.', '!', '?', ';', ':'])
                || sentence.split_whitespace().count() >= HEADING_WORDS
        })
}

/// The actors a text names, in the order written, each once; a parenthesis that abbreviates a
/// name (`the African Union (AU)`) is no other actor.
fn actors_named(text: &str, english: &English, reference: &Reference) -> Vec<usize> {
    let mut actors: Vec<usize> = Vec::new();
    let mut gloss = 0..0;
    for found in english.names.find(text) {
        if gloss.contains(&found.range.start) {
            continue;
        }
        gloss = found.range.end..found.range.end + gloss_after(&text[found.range.end..]);
        if let Some(actor) = actor_of(reference, english, found.entity) {
            if !actors.contains(&actor) {
                actors.push(actor);
            }
        }
    }
    actors
}

/// The states of the first body sentence that names two or more by their officials (`the President
/// of the Republic of Chile`, `King Hussein of the Hashemite Kingdom of Jordan`, `the President of
/// the Council of State of the Republic of Cuba`), as the state a visit goes to (`paid an official
/// visit to the Socialist Federal Republic of Yugoslavia`), or as a pair after `between` (`the
/// close, friendly relations between Japan and the United States`); a list goes on after a state so
/// named (`the Ministers of Foreign Affairs of Denmark, Estonia, … and Sweden`). An official after
/// an `invitation` word's `of` is the host who invites and is left out (`at the invitation of
/// President Clinton of the United States`); states named otherwise are not counted.
fn officials(document: &Document, english: &English, reference: &Reference) -> Vec<usize> {
    for part in body_sentences(document).take(OFFICIALS_SEARCH) {
        let sentence = document.slice(part.range.clone());
        let mut states: Vec<usize> = Vec::new();
        // A state named after `between` (where its name ends), whose pair may follow `and`.
        let mut between: Option<(usize, usize)> = None;
        // Where the last state counted ends: a list goes on after it (`the Ministers of Foreign
        // Affairs of Denmark, Estonia, … and Sweden`).
        let mut listed_until: Option<usize> = None;
        for found in english.names.find(sentence) {
            let Some(state) = actor_of(reference, english, found.entity)
                .filter(|&actor| reference.entities[actor].class.as_ref() == dg::STATE)
            else {
                continue;
            };
            let before = &sentence[..found.range.start];
            let bare = before.trim_end();
            let bare = bare.strip_suffix(" the").unwrap_or(bare);
            // What stands between two items of a list, an article after the joint aside.
            let joint = |end: usize| {
                let joint = sentence[end..found.range.start].trim();
                let joint = joint.strip_suffix(" the").unwrap_or(joint);
                joint == "," || english.lexicon.has(Category::ListJoint, joint)
            };
            let pair = between
                .filter(|(end, _)| {
                    let between = sentence[*end..found.range.start].trim();
                    between != "," && joint(*end)
                })
                .map(|(_, first)| first);
            between = bare
                .ends_with(" between")
                .then_some((found.range.end, state));
            let in_list = listed_until
                .is_some_and(|end| sentence[end..found.range.start].trim() == "the" || joint(end));
            let counted = official_of(before, english) || visit_to(before, english) || in_list;
            listed_until = counted.then_some(found.range.end);
            if (counted || pair.is_some()) && !states.contains(&state) {
                if let Some(first) = pair.filter(|first| !states.contains(first)) {
                    states.push(first);
                }
                states.push(state);
            }
        }
        if states.len() >= 2 {
            return states;
        }
    }
    Vec::new()
}

/// The fewest words of a line under the title without a sentence end that count as a sentence
/// where the parties are looked for; shorter ones are a heading's, a date's or a place's lines.
const HEADING_WORDS: usize = 12;

/// How many body sentences may hold the one that names the parties by their officials.
const OFFICIALS_SEARCH: usize = 4;

/// Whether `before` ends with an office and its `of` (`the Prime Minister of`, `King Hussein of
/// the`, `President of the Council of State of the`; in small letters too: `the foreign ministers
/// of the`), with only capitalized words, the
/// lexicon's `name-connector`s and commas between, and no `invitation` word's `of` before the
/// office.
fn official_of(before: &str, english: &English) -> bool {
    let before = before.trim_end();
    let before = before.strip_suffix(" the").unwrap_or(before);
    let Some(head) = before.strip_suffix(" of") else {
        return false;
    };
    let mut end = head.len();
    while end > 0 {
        let start = head[..end].rfind(' ').map_or(0, |space| space + 1);
        let word = head[start..end].trim_end_matches(',');
        if english
            .lexicon
            .prefix_any_case(Category::Office, &head[start..])
            .is_some()
        {
            // The office's whole phrase (`Prime Minister`), then what stands before it.
            let mut office = start;
            while let Some(previous) = head[..office.saturating_sub(1)].rfind(' ') {
                let previous = previous + 1;
                match english
                    .lexicon
                    .prefix_any_case(Category::Office, &head[previous..])
                {
                    Some(entry) if previous + entry.phrase.len() > office => office = previous,
                    _ => break,
                }
            }
            let lead = head[..office].trim_end();
            let lead = lead.strip_suffix(" the").unwrap_or(lead);
            let invited = lead.strip_suffix(" of").is_some_and(|lead| {
                let word = lead.rsplit(' ').next().unwrap_or(lead);
                english.lexicon.prefix(Category::Invitation, word).is_some()
            });
            return !invited;
        }
        let allowed = word.is_empty()
            || word.starts_with(|c: char| c.is_uppercase())
            || english.lexicon.has(Category::NameConnector, word);
        if !allowed || start == 0 {
            return false;
        }
        end = start - 1;
    }
    false
}

/// Whether `before` ends with `to` (or `to the`) after a `visit` word of its sentence: the state
/// visited.
fn visit_to(before: &str, english: &English) -> bool {
    let trimmed = before.trim_end();
    let trimmed = trimmed.strip_suffix(" the").unwrap_or(trimmed);
    trimmed.ends_with(" to")
        && !english
            .lexicon
            .occurrences(Category::Visit, trimmed)
            .is_empty()
}

/// The states of a list of who attended, in the first paragraphs: after `attended by:`, `… attended
/// the Summit:`, `in the presence of …:`, `attending this session were:` or `participated in the
/// Conference:` (`parties.attendance-lead`; entries run on after it apart by semicolons are read
/// one by one), each entry that opens with a state before a colon or a dash
/// (`parties.attendance-entry`: `Angola : H.E. Mr. …, President Botswana : …`, the lines of the
/// list joined or not), up to the first that does not; or, where no such entries follow it, the
/// states each following paragraph names (`- H. E. Mr. …, President of the Republic of Benin`; the
/// lead's own line may hold the first), up to one that names none; and the states of the paragraph
/// right after the list where it says who was represented by whom (`parties.represented`:
/// `Swaziland was represented by Hon. …, Lesotho by …`).
fn attendance_list(document: &Document, english: &English, reference: &Reference) -> Vec<usize> {
    let lead = english.patterns.get("parties.attendance-lead");
    let entry = english.patterns.get("parties.attendance-entry");
    let represented = english.patterns.get("parties.represented");
    let paragraphs: Vec<&str> = document
        .paragraphs()
        .take(ATTENDANCE_SEARCH)
        .map(|range| document.slice(range))
        .collect();
    let Some((at, list)) = paragraphs
        .iter()
        .take(ATTENDANCE_LEAD)
        .enumerate()
        .find_map(|(at, text)| lead.find(text).map(|found| (at, &text[found.end()..])))
    else {
        return Vec::new();
    };
    let is_state = |actor: &usize| reference.entities[*actor].class.as_ref() == dg::STATE;
    let mut states = Vec::new();
    for separator in entry.find_iter(list) {
        // The state whose name ends right before the separator.
        let before = &list[..separator.start()];
        let state = english
            .names
            .find(before)
            .into_iter()
            .filter(|found| found.range.end == before.len())
            .find_map(|found| actor_of(reference, english, found.entity))
            .filter(is_state);
        let Some(state) = state else {
            break;
        };
        if !states.contains(&state) {
            states.push(state);
        }
    }
    // A list one entry a paragraph (or a few run together), the first perhaps on the lead's own
    // line: the states each entry names (`- H. E. Mr. …, President of the Republic of Benin`), up
    // to the first entry that names none or opens a numbered paragraph.
    let mut next = at + 1;
    if states.len() < 2 {
        states.clear();
        let entry_states = |text: &str| {
            let numbered = text.split_once('.').is_some_and(|(number, _)| {
                !number.is_empty() && number.chars().all(|c| c.is_ascii_digit())
            });
            if text.chars().count() > ATTENDANCE_ENTRY {
                return Vec::new();
            }
            let names = english.names.find(text);
            // A numbered entry is one only where it is nothing but numbered names (`1. Afghanistan
            // 13. Liberia`, a list in two columns); else it is the text's next paragraph.
            let only_names = || {
                let mut rest = text.to_owned();
                for found in names.iter().rev() {
                    rest.replace_range(found.range.clone(), "");
                }
                !rest.chars().any(char::is_alphabetic)
            };
            if numbered && !only_names() {
                return Vec::new();
            }
            names
                .iter()
                .filter_map(|found| actor_of(reference, english, found.entity))
                .filter(is_state)
                .collect()
        };
        let rest = list.trim();
        let mut found = Vec::new();
        if !rest.is_empty() {
            // Entries run on after the lead, apart by semicolons (`For Belgium, the Minister …;
            // for Canada, …`): the states of each, up to one that names none.
            if rest.contains(';') {
                for entry in rest.split(';') {
                    let named = entry_states(entry);
                    if named.is_empty() {
                        break;
                    }
                    found.extend(named);
                }
            } else {
                found = entry_states(rest);
            }
            if found.is_empty() {
                return Vec::new();
            }
        }
        while let Some(named) = paragraphs
            .get(next)
            .map(|text| entry_states(text))
            .filter(|named| !named.is_empty())
        {
            found.extend(named);
            next += 1;
        }
        for state in found {
            if !states.contains(&state) {
                states.push(state);
            }
        }
    }
    if let Some(text) = paragraphs
        .get(next)
        .filter(|text| states.len() >= 2 && represented.is_match(text))
    {
        for found in english.names.find(text) {
            if let Some(actor) = actor_of(reference, english, found.entity).filter(is_state) {
                if !states.contains(&actor) {
                    states.push(actor);
                }
            }
        }
    }
    states
}

/// How many opening paragraphs may hold the line that opens a list of who attended.
const ATTENDANCE_LEAD: usize = 12;

/// How many opening paragraphs may hold the list of who attended, one entry a paragraph.
const ATTENDANCE_SEARCH: usize = 40;

/// The most characters an entry of a list of who attended, one a paragraph, may hold.
const ATTENDANCE_ENTRY: usize = 240;

/// The actors named before the verb of the first sentence under the title that names two or more.
fn opening_actors(
    document: &Document,
    english: &English,
    reference: &Reference,
    people: &HashMap<String, usize>,
) -> Vec<usize> {
    // The title's names are read apart, a place or a topic there left out.
    let title_end = title_range(document).map_or(0, |title| title.end);
    for (_, part) in document
        .parts_of(crate::text::document::PartKind::Sentence)
        .take(OPENING_SEARCH)
        .filter(|(_, part)| part.range.start >= title_end)
    {
        let sentence = document.slice(part.range.clone());
        let opening = &sentence[..subject_end(sentence, english)];
        if let Some(actors) = resolve_subject(opening, english, reference, people, &[]) {
            if actors.len() >= 2 {
                return actors;
            }
        }
        // `The United States, France and the United Kingdom released…`, `As leaders of
        // Australia, the United Kingdom, and the United States, we…`.
        let actors = actors_named(opening, english, reference);
        if actors.len() >= 2 {
            return actors;
        }
    }
    Vec::new()
}

/// How many sentences from the document's start may hold the opening that names its parties.
const OPENING_SEARCH: usize = 10;

/// The length of a parenthesis right after a name, which abbreviates or glosses it (`the African
/// Union (AU)`, `Brazil, Russia, India and China (BRIC)`): not another actor. Zero when none.
fn gloss_after(text: &str) -> usize {
    let trimmed = text.trim_start_matches(' ');
    if !trimmed.starts_with('(') {
        return 0;
    }
    trimmed
        .find(')')
        .map_or(0, |close| text.len() - trimmed.len() + close + 1)
}

/// Where the subject of a sentence opening ends: before its first word in lower case that is not
/// a `subject-word` (the verb, usually).
pub fn subject_end(sentence: &str, english: &English) -> usize {
    let mut at = 0;
    for word in sentence.split_inclusive(' ') {
        let bare = word.trim_end();
        let lower = bare.chars().next().is_some_and(char::is_lowercase);
        let filler = english
            .lexicon
            .entries(Category::SubjectWord)
            .iter()
            .any(|entry| starts_with_phrase(bare, &entry.phrase));
        if lower && !filler {
            return at;
        }
        at += word.len();
    }
    sentence.len()
}
