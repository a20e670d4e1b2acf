//! The English lexicon (`ontology/en/lexicon.tsv`): names, stance verbs, offices, months, kinds and
//! the head words of instruments and events, loaded and checked at start. An unknown category, a
//! missing or unknown value is an error that names the file and line.
//!
//! Cost: parsing is linear in the file; lookups are linear in the words of a category (tens).

use crate::error::DataError;
use crate::lang::data_file::{data_lines, line_error};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad};
use std::collections::{BTreeMap, BTreeSet};

/// A category of the lexicon; see the head of `ontology/en/lexicon.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Name,
    NotName,
    Stance,
    Negation,
    Modal,
    Collective,
    Office,
    Month,
    Kind,
    Instrument,
    Event,
    Visit,
    Signing,
    SubjectWord,
    Demonym,
    /// An office only one state has (`Taoiseach`): a person it names stands for that state.
    StateOffice,
    VisitVerb,
    CommitmentVerb,
    Currency,
    CountUnit,
    Scale,
    NumberWord,
    /// A day of the month as an ordinal word (`thirty-first`), as a treaty's closing line writes
    /// it (`this Thirty-first day of December 1988`).
    DayWord,
    EventUndated,
    /// A word spelled two ways in names (`Organisation`, `Organization`): a name holding one is
    /// also found with the other.
    Spelling,
    /// A word whose `of` names who invites (`at the invitation of the President of X`): the
    /// host, not an official who takes part.
    Invitation,
    /// A small word that may stand inside a name written in capitals (`of`, `and`).
    NameConnector,
    /// A word that may open what follows a name's head word (`Treaty on …`, `Agreement
    /// between …`).
    NameTail,
    /// A small word after which a year says when a named thing was made, and is no part of its
    /// name (`the Declaration on Strategic Partnership in 2001`).
    YearLead,
    /// A word that opens the subject, in small letters, of an instrument between parties
    /// (`… and the Government of Y on the establishment of …`).
    NameClause,
    /// A word that ends such a subject (`signed`, `which`).
    NameClauseEnd,
    /// A particle that may stand in small letters inside a person's name (`bin`, `van`).
    NameParticle,
    /// A word that may open what a promise is of, and is left out of it (`in`, `for`).
    PromiseLead,
    /// A word that ends what a promise is of (`from` before the giver, `which`).
    PromiseEnd,
    /// A word that opens a period before a number (`by 2030`, `between 2022 and 2024`).
    PeriodWord,
    /// An auxiliary verb between a subject and its verb (`will`, `has`).
    Auxiliary,
    /// A verb that tells of a meeting without naming it (`met`): the meeting is `meeting`.
    MeetingVerb,
    /// The first word of a stance phrase that is written in one form only (`will`, `remain`).
    FixedForm,
    /// What may join two items of a list of names (`and`, `, and`, `or`).
    ListJoint,
}

/// What a category's value is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    None,
    /// A term of the ontology (`dg:`).
    Term,
    /// An entity of the reference data (`dgr:`).
    Entity,
    /// `parties` or `others`.
    Collective,
    /// A whole number.
    Number,
    /// A short text (a unit's label).
    Text,
}

impl Category {
    fn parse(name: &str) -> Option<(Self, ValueKind)> {
        Some(match name {
            "name" => (Self::Name, ValueKind::Entity),
            "not-name" => (Self::NotName, ValueKind::None),
            "stance" => (Self::Stance, ValueKind::Term),
            "negation" => (Self::Negation, ValueKind::None),
            "modal" => (Self::Modal, ValueKind::None),
            "collective" => (Self::Collective, ValueKind::Collective),
            "office" => (Self::Office, ValueKind::None),
            "month" => (Self::Month, ValueKind::Number),
            "kind" => (Self::Kind, ValueKind::Term),
            "instrument" => (Self::Instrument, ValueKind::Term),
            "event" => (Self::Event, ValueKind::Term),
            "visit" => (Self::Visit, ValueKind::None),
            "signing" => (Self::Signing, ValueKind::None),
            "subject-word" => (Self::SubjectWord, ValueKind::None),
            "demonym" => (Self::Demonym, ValueKind::Entity),
            "state-office" => (Self::StateOffice, ValueKind::Entity),
            "visit-verb" => (Self::VisitVerb, ValueKind::None),
            "commitment-verb" => (Self::CommitmentVerb, ValueKind::None),
            "currency" => (Self::Currency, ValueKind::Text),
            "count-unit" => (Self::CountUnit, ValueKind::Text),
            "scale" => (Self::Scale, ValueKind::Number),
            "number-word" => (Self::NumberWord, ValueKind::Number),
            "day-word" => (Self::DayWord, ValueKind::Number),
            "event-undated" => (Self::EventUndated, ValueKind::None),
            "spelling" => (Self::Spelling, ValueKind::Text),
            "invitation" => (Self::Invitation, ValueKind::None),
            "name-connector" => (Self::NameConnector, ValueKind::None),
            "name-tail" => (Self::NameTail, ValueKind::None),
            "year-lead" => (Self::YearLead, ValueKind::None),
            "name-clause" => (Self::NameClause, ValueKind::None),
            "name-clause-end" => (Self::NameClauseEnd, ValueKind::None),
            "name-particle" => (Self::NameParticle, ValueKind::None),
            "promise-lead" => (Self::PromiseLead, ValueKind::None),
            "promise-end" => (Self::PromiseEnd, ValueKind::None),
            "period-word" => (Self::PeriodWord, ValueKind::None),
            "auxiliary" => (Self::Auxiliary, ValueKind::None),
            "meeting-verb" => (Self::MeetingVerb, ValueKind::None),
            "fixed-form" => (Self::FixedForm, ValueKind::None),
            "list-joint" => (Self::ListJoint, ValueKind::None),
            _ => return None,
        })
    }
}

/// One phrase of the lexicon with its value.
#[derive(Debug, Clone)]
pub struct Entry {
    pub phrase: String,
    /// A `dg:` term or `dgr:` entity, where the category takes one.
    pub iri: Option<NamedNode>,
    /// `true` for a collective that stands for the document's parties.
    pub parties: bool,
    /// A number, where the category takes one (a month's, a scale's).
    pub number: u64,
    /// A text, where the category takes one (the unit a currency is counted in).
    pub text: String,
}

/// The loaded lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    by_category: BTreeMap<Category, Vec<Entry>>,
}

impl Lexicon {
    /// Parses the lexicon; `known` holds the IRIs of the ontology and the reference data, which
    /// the values must name.
    pub fn parse(file: &str, text: &str, known: &[&[Quad]]) -> Result<Self, DataError> {
        let known: BTreeSet<&str> = known
            .iter()
            .flat_map(|quads| quads.iter())
            .filter_map(|quad| match &quad.subject {
                NamedOrBlankNode::NamedNode(node) => Some(node.as_str()),
                _ => None,
            })
            .collect();
        let mut by_category: BTreeMap<Category, Vec<Entry>> = BTreeMap::new();
        for (number, line) in data_lines(text) {
            let error = |message: String| line_error(file, number, message);
            let fields: Vec<&str> = line.split('\t').collect();
            let (category, value_kind) = Category::parse(fields[0])
                .ok_or_else(|| error(format!("unknown category `{}`", fields[0])))?;
            let phrase = fields
                .get(1)
                .filter(|phrase| !phrase.trim().is_empty())
                .ok_or_else(|| error("expected `CATEGORY<TAB>PHRASE`".to_owned()))?;
            let value = fields.get(2).copied();
            let mut entry = Entry {
                phrase: (*phrase).to_owned(),
                iri: None,
                parties: false,
                number: 0,
                text: String::new(),
            };
            match (value_kind, value) {
                (ValueKind::None, None) => {}
                (ValueKind::None, Some(value)) => {
                    return Err(error(format!(
                        "category `{}` takes no value, found `{value}`",
                        fields[0]
                    )))
                }
                (_, None) => return Err(error(format!("category `{}` needs a value", fields[0]))),
                (ValueKind::Term | ValueKind::Entity, Some(value)) => {
                    let (prefix, namespace) = if value_kind == ValueKind::Term {
                        ("dg:", crate::rdf::vocab::dg::NAMESPACE)
                    } else {
                        ("dgr:", crate::rdf::vocab::dgr::NAMESPACE)
                    };
                    let iri = value
                        .strip_prefix(prefix)
                        .map(|local| format!("{namespace}{local}"))
                        .ok_or_else(|| {
                            error(format!("the value `{value}` must be a `{prefix}` term"))
                        })?;
                    if !known.contains(iri.as_str()) {
                        return Err(error(format!(
                            "`{value}` is not defined in the ontology or the reference data"
                        )));
                    }
                    entry.iri = Some(NamedNode::new_unchecked(iri));
                }
                (ValueKind::Collective, Some(value)) => {
                    entry.parties = match value {
                        "parties" => true,
                        "others" => false,
                        _ => {
                            return Err(error(format!(
                                "a collective stands for `parties` or `others`, not `{value}`"
                            )))
                        }
                    }
                }
                (ValueKind::Text, Some(value)) => entry.text = value.to_owned(),
                (ValueKind::Number, Some(value)) => {
                    entry.number = value
                        .parse()
                        .map_err(|_| error(format!("`{value}` is not a whole number")))?;
                }
            }
            by_category.entry(category).or_default().push(entry);
        }
        for entries in by_category.values_mut() {
            // Longest first, so that the first match of a scan is the longest.
            entries.sort_by(|a, b| {
                b.phrase
                    .len()
                    .cmp(&a.phrase.len())
                    .then(a.phrase.cmp(&b.phrase))
            });
        }
        for category in [
            Category::Stance,
            Category::Month,
            Category::Kind,
            Category::Office,
        ] {
            if !by_category.contains_key(&category) {
                return Err(DataError::Invalid {
                    file: file.to_owned(),
                    message: format!("no `{category:?}` entries; the English extractors need them"),
                });
            }
        }
        Ok(Self { by_category })
    }

    /// The entries of a category, longest phrase first.
    pub fn entries(&self, category: Category) -> &[Entry] {
        self.by_category.get(&category).map_or(&[], Vec::as_slice)
    }

    /// The month names as a regex alternation (longest first, escaped), for `MONTH` in patterns:
    /// each as the lexicon writes it and in capitals (`27 OCTOBER 2021` in a heading), never in
    /// lower case (`may`).
    pub fn month_alternation(&self) -> String {
        self.entries(Category::Month)
            .iter()
            .flat_map(|entry| [entry.phrase.clone(), entry.phrase.to_uppercase()])
            .map(|phrase| regex::escape(&phrase))
            .collect::<Vec<_>>()
            .join("|")
    }

    /// The phrases of `category` as a regex alternation (longest first, escaped): `MONTH`,
    /// `CURRENCY`, `SCALE`, `COUNT_UNIT` and `NUMBER_WORD` in patterns.
    pub fn alternation(&self, category: Category) -> String {
        self.entries(category)
            .iter()
            .map(|entry| regex::escape(&entry.phrase))
            .collect::<Vec<_>>()
            .join("|")
    }

    /// The day of the month an ordinal word gives (`Thirty-first` → 31), the case of its letters
    /// aside.
    pub fn day_word(&self, word: &str) -> Option<u32> {
        self.number_of(Category::DayWord, word)
    }

    /// The number of the month named `name`.
    pub fn month(&self, name: &str) -> Option<u32> {
        self.number_of(Category::Month, name)
    }

    /// The number of the entry of `category` written `word`, the case of its letters aside.
    fn number_of(&self, category: Category, word: &str) -> Option<u32> {
        self.entries(category)
            .iter()
            .find(|entry| entry.phrase.eq_ignore_ascii_case(word))
            .map(|entry| entry.number as u32)
    }

    /// Where the entries of `category` stand in `text` as whole words: (byte offset, entry), by
    /// offset, the longest entry first at each offset. Case as written in the lexicon.
    pub fn occurrences<'a>(&'a self, category: Category, text: &str) -> Vec<(usize, &'a Entry)> {
        let mut found: Vec<(usize, &Entry)> = self
            .entries(category)
            .iter()
            .flat_map(|entry| {
                text.match_indices(entry.phrase.as_str())
                    .filter(|(at, _)| is_whole_word(text, *at..*at + entry.phrase.len()))
                    .map(move |(at, _)| (at, entry))
            })
            .collect();
        found.sort_by_key(|(at, entry)| (*at, std::cmp::Reverse(entry.phrase.len())));
        found
    }

    /// As [`Lexicon::occurrences`], in any case, where the text writes the first letter in
    /// capitals: a title in sentence case (`Joint statement of the …`) names its kind as one in
    /// title case does, while `the joint statement` of a sentence is passed over.
    pub fn occurrences_any_case<'a>(
        &'a self,
        category: Category,
        text: &str,
    ) -> Vec<(usize, &'a Entry)> {
        let folded = same_length_lowercase(text);
        let mut found: Vec<(usize, &Entry)> = self
            .entries(category)
            .iter()
            .flat_map(|entry| {
                let phrase = same_length_lowercase(&entry.phrase);
                folded
                    .match_indices(phrase.as_str())
                    .map(|(at, _)| at)
                    .filter(|at| {
                        is_whole_word(&folded, *at..*at + phrase.len())
                            && text[*at..].chars().next().is_some_and(char::is_uppercase)
                    })
                    .map(|at| (at, entry))
                    .collect::<Vec<_>>()
            })
            .collect();
        found.sort_by_key(|(at, entry)| (*at, std::cmp::Reverse(entry.phrase.len())));
        found
    }

    /// Whether `word` is an entry of `category` as written, case included.
    pub fn has(&self, category: Category, word: &str) -> bool {
        self.entries(category)
            .iter()
            .any(|entry| entry.phrase == word)
    }

    /// The longest entry of `category` that `text` starts with, at a word end; lower-case phrases
    /// match whatever the case of `text`.
    pub fn prefix(&self, category: Category, text: &str) -> Option<&Entry> {
        self.entries(category)
            .iter()
            .find(|entry| starts_with_phrase(text, &entry.phrase))
    }

    /// The first entry of `category` that `text` starts with as a whole phrase, the case of its
    /// letters aside (`foreign ministers of …` for `Foreign Ministers`).
    pub fn prefix_any_case(&self, category: Category, text: &str) -> Option<&Entry> {
        self.entries(category).iter().find(|entry| {
            text.get(..entry.phrase.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(&entry.phrase))
                && is_whole_word(text, 0..entry.phrase.len())
        })
    }
}

/// `text` with each letter in lower case where that is as long in UTF-8: offsets hold.
pub fn same_length_lowercase(text: &str) -> String {
    text.chars().map(same_length_lower).collect()
}

/// The lower case of a letter where it is one character as long in UTF-8 (`É` → `é`), else the
/// letter itself.
pub fn same_length_lower(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// Whether `range` of `text` is whole words: no letter or digit right before or after it.
pub fn is_whole_word(text: &str, range: std::ops::Range<usize>) -> bool {
    text[..range.start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
        && text[range.end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether `text` starts with `phrase` as whole words; a phrase in lower case matches any case.
pub fn starts_with_phrase(text: &str, phrase: &str) -> bool {
    let Some(head) = text.get(..phrase.len()) else {
        return false;
    };
    let same = if phrase.chars().any(char::is_uppercase) {
        head == phrase
    } else {
        head.eq_ignore_ascii_case(phrase)
    };
    same && text[phrase.len()..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
}
