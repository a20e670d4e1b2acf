//! Evaluation: precision and recall of the extractors per fact type, against expected facts
//! written by hand (`tests/expected/facts/`, one file per document, see its README).
//!
//! Each extracted record becomes a line of the same form as the expected files (type and fields,
//! entities by their Chinese name); the two sets are compared per document and the counts summed
//! per fact type. Both sides are compared as [`comparable`] writes them: punctuation in its
//! full-width form, a statement's snippet without the full stop that ends its sentence, a
//! meeting of one day with its last day filled in. Documents without an expected file are not
//! scored. Statements, their topics and mentions are written for some documents only: a
//! document's statements (topics, mentions) are scored when its expected file has some
//! ([`WRITTEN_FOR_SOME`]).
//!
//! Cost: linear in the number of records.

use crate::error::DataError;
use crate::extract::{Fact, Record};
use crate::lang::data_file::{data_lines, line_error};
use crate::lang::reference::Reference;
use crate::text::document::Document;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// The fact types that are scored.
pub const SCORED: &[&str] = &[
    "title",
    "kind",
    "date",
    "place",
    "issued-by",
    "party",
    "instrument",
    "event",
    "proposal",
    "signature",
    "commitment",
    "body",
    "visit",
    "office",
    "invitation",
    "mechanism",
    "statement",
    "person",
    "mention",
    "topic",
];

/// Fact types whose expected lines are written for some documents only: in the others, what is
/// extracted of them is not scored.
pub const WRITTEN_FOR_SOME: &[&str] = &["statement", "mention", "topic"];

/// The expected facts of the documents, by document identifier.
pub type Expected = BTreeMap<String, BTreeSet<String>>;

/// Reads `DOCUMENT-ID.tsv` files from a folder.
pub fn load_expected(folder: &Path) -> Result<Expected, DataError> {
    let mut expected = Expected::new();
    let entries = std::fs::read_dir(folder).map_err(|error| DataError::Invalid {
        file: folder.display().to_string(),
        message: error.to_string(),
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(id) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".tsv"))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path).map_err(|error| DataError::Invalid {
            file: path.display().to_string(),
            message: error.to_string(),
        })?;
        let mut facts = BTreeSet::new();
        for (number, line) in data_lines(&text) {
            let fact_type = line.split('\t').next().unwrap_or_default();
            if !SCORED.contains(&fact_type) {
                return Err(line_error(
                    &path.display().to_string(),
                    number,
                    format!(
                        "unknown fact type `{fact_type}`; known: {}",
                        SCORED.join(", ")
                    ),
                ));
            }
            facts.insert(comparable(line));
        }
        expected.insert(id.to_owned(), facts);
    }
    Ok(expected)
}

/// Turns records into lines of the expected-file form.
pub struct Keys<'a> {
    labels: HashMap<&'a str, &'a str>,
    /// English labels, for the lines of English documents.
    labels_en: HashMap<&'a str, &'a str>,
    /// A Chinese label → the English label of the same entity or kind (the first one's, where
    /// two share a Chinese label).
    english_of_chinese: HashMap<&'a str, &'a str>,
}

impl<'a> Keys<'a> {
    pub fn new(reference: &'a Reference) -> Self {
        let mut keys = Self {
            labels: reference
                .entities
                .iter()
                .map(|entity| (entity.iri.as_str(), entity.label_zh.as_str()))
                .chain(
                    reference
                        .kinds
                        .iter()
                        .map(|kind| (kind.iri.as_str(), kind.label_zh.as_str())),
                )
                .collect(),
            labels_en: reference
                .entities
                .iter()
                .filter_map(|entity| Some((entity.iri.as_str(), entity.label_en.as_deref()?)))
                .chain(
                    reference
                        .kinds
                        .iter()
                        .filter_map(|kind| Some((kind.iri.as_str(), kind.label_en.as_deref()?))),
                )
                .collect(),
            english_of_chinese: HashMap::new(),
        };
        let pairs = reference
            .entities
            .iter()
            .map(|entity| (entity.label_zh.as_str(), entity.label_en.as_deref()))
            .chain(
                reference
                    .kinds
                    .iter()
                    .map(|kind| (kind.label_zh.as_str(), kind.label_en.as_deref())),
            );
        for (chinese, english) in pairs {
            if let Some(english) = english {
                keys.english_of_chinese.entry(chinese).or_insert(english);
            }
        }
        keys
    }

    fn label(&self, iri: &str) -> String {
        self.labels
            .get(iri)
            .map_or_else(|| iri.to_owned(), |label| (*label).to_owned())
    }

    /// The line for a record of `document`, `None` for types that are not scored. Entities are
    /// written by their name in the document's language (Chinese, or English where the reference
    /// data has one).
    pub fn key(&self, record: &Record, document: &Document) -> Option<String> {
        let line = self.key_zh(record, document)?;
        if document.language != crate::text::language::Language::English {
            return Some(line);
        }
        // The same line with English names, and three words after a statement's verb.
        if let Fact::Statement {
            speakers,
            stance,
            negated,
            verb_end,
            ..
        } = &record.fact
        {
            let mut speakers: Vec<String> = speakers.iter().map(|iri| self.label_en(iri)).collect();
            speakers.sort();
            let stance = stance
                .rsplit_once('#')
                .map_or(stance.as_str(), |(_, name)| name);
            let after = words_after_verb(record, *verb_end, document);
            return Some(format!(
                "statement\t{}\t{stance}\t{negated}\t{after}",
                speakers.join("、")
            ));
        }
        // English expected commitments have no period field.
        let line = match line.strip_prefix("commitment\t") {
            Some(_) => line.trim_end_matches('\t').to_owned(),
            None => line,
        };
        Some(
            line.split('\t')
                .map(|field| self.english_of_chinese.get(field).copied().unwrap_or(field))
                .collect::<Vec<_>>()
                .join("\t"),
        )
    }

    fn label_en(&self, iri: &str) -> String {
        self.labels_en
            .get(iri)
            .map_or_else(|| self.label(iri), |label| (*label).to_owned())
    }

    fn key_zh(&self, record: &Record, document: &Document) -> Option<String> {
        let place = |place: &Option<crate::extract::Place>| {
            place.as_ref().map(|p| p.name.clone()).unwrap_or_default()
        };
        Some(match &record.fact {
            Fact::Title { title } => format!("title\t{title}"),
            Fact::Date { date } => format!("date\t{date}"),
            Fact::Place { place } => format!("place\t{}", self.label(place)),
            Fact::IssuedBy { agency } => format!("issued-by\t{}", self.label(agency)),
            Fact::Party { state } => format!("party\t{}", self.label(state)),
            Fact::Instrument {
                title,
                date,
                place: where_,
                ..
            } => {
                format!(
                    "instrument\t{title}\t{}\t{}",
                    date.clone().unwrap_or_default(),
                    place(where_)
                )
            }
            Fact::Event {
                name,
                start,
                end,
                place: where_,
                online,
                ..
            } => format!(
                "event\t{name}\t{}\t{}\t{}",
                start.clone().unwrap_or_default(),
                end.clone().unwrap_or_default(),
                if *online {
                    "online".to_owned()
                } else {
                    place(where_)
                }
            ),
            Fact::Proposal {
                proposer, content, ..
            } => format!("proposal\t{}\t{content}", self.label(proposer)),
            Fact::Signature {
                name,
                office,
                country,
                ..
            } => {
                format!("signature\t{name}\t{office}\t{}", self.label(country))
            }
            Fact::Commitment {
                giver,
                amount,
                unit,
                what,
                period,
                ..
            } => format!(
                "commitment\t{}\t{amount}\t{unit}\t{what}\t{}",
                giver.as_deref().map(|g| self.label(g)).unwrap_or_default(),
                period.clone().unwrap_or_default()
            ),
            Fact::Body { label, .. } => format!("body\t{label}"),
            Fact::Office { person, office } => format!("office\t{}\t{office}", self.label(person)),
            Fact::Invitation {
                inviter,
                invitee,
                host,
                accepted,
                ..
            } => {
                let label = |iri: &Option<String>| {
                    iri.as_deref()
                        .map(|iri| self.label(iri))
                        .unwrap_or_default()
                };
                format!(
                    "invitation\t{}\t{}\t{}\t{accepted}",
                    label(inviter),
                    label(invitee),
                    label(host)
                )
            }
            Fact::Visit {
                visitor,
                host,
                kind,
                start,
                end,
            } => format!(
                "visit\t{}\t{}\t{kind}\t{}\t{}",
                visitor
                    .as_deref()
                    .map(|v| self.label(v))
                    .unwrap_or_default(),
                self.label(host),
                start.clone().unwrap_or_default(),
                end.clone().unwrap_or_default()
            ),
            Fact::Mechanism { name } => format!("mechanism\t{name}"),
            Fact::Person {
                name,
                country,
                offices,
            } => format!(
                "person\t{name}\t{}\t{}",
                country
                    .as_deref()
                    .map(|c| self.label(c))
                    .unwrap_or_default(),
                offices.join("、")
            ),
            Fact::Statement {
                speakers,
                delegations,
                persons,
                stance,
                verb_end,
                negated,
                ..
            } => {
                let mut speakers: Vec<String> = speakers
                    .iter()
                    .map(|speaker| self.label(speaker))
                    .chain(
                        delegations
                            .iter()
                            .map(|state| format!("{}代表团", self.label(state))),
                    )
                    .chain(persons.iter().cloned())
                    .collect();
                speakers.sort();
                let stance = stance
                    .rsplit_once('#')
                    .map_or(stance.as_str(), |(_, name)| name);
                let after = after_verb(record, *verb_end, document);
                format!(
                    "statement\t{}\t{stance}\t{negated}\t{after}",
                    speakers.join("、")
                )
            }
            Fact::Mention { entity } => {
                // The name as written, its entity, and the four characters after it (line breaks
                // left out).
                let after: String = document
                    .slice(record.at.end..document.range.end)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .take(4)
                    .collect();
                format!("mention\t{}\t{}\t{after}", record.text, self.label(entity))
            }
            Fact::Kind { kind } => format!("kind\t{}", self.label(kind)),
        })
    }
}

/// The topic lines of a statement record: `topic`, the six characters after its verb (as in its
/// `statement` line), and the topic's local name (`Trade`).
fn topic_lines(record: &Record, document: &Document) -> Vec<String> {
    let Fact::Statement {
        topics, verb_end, ..
    } = &record.fact
    else {
        return Vec::new();
    };
    let after = after_verb(record, *verb_end, document);
    topics
        .iter()
        .map(|topic| {
            let name = topic
                .rsplit_once("#Topic")
                .map_or(topic.as_str(), |(_, name)| name);
            format!("topic\t{after}\t{name}")
        })
        .collect()
}

/// Six characters after a statement's verb as the file writes them (`自一九七二年`, where the
/// text read has `自1972年`), line breaks left out, or fewer up to the end of its sentence (a
/// paragraph's end ends it too).
fn after_verb(record: &Record, verb_end: usize, document: &Document) -> String {
    let start = record.at.start + verb_end;
    let rest = document.slice(start..document.range.end);
    // Six characters of the text read, or fewer to the end of the sentence or paragraph: the
    // original of that range holds the six characters as written (normalization keeps a
    // character's count or shortens it: `一九七二`, `三十一`).
    let mut end = rest.len();
    for (count, (at, c)) in rest.char_indices().enumerate() {
        if count == 6 || c == '\n' {
            end = at;
            break;
        }
        if c == '。' {
            end = at + c.len_utf8();
            break;
        }
    }
    document
        .original(start..start + end)
        .chars()
        .filter(|c| !matches!(c, '\n' | '\r'))
        .take(6)
        .collect()
}

/// A line as it is compared: ASCII punctuation in its full-width form (a copy of a page may have
/// either), a statement's snippet without the full stop that ends its sentence, and a meeting of
/// one day with that day as its last.
pub fn comparable(line: &str) -> String {
    let mut folded: String = line
        .chars()
        .map(|c| match c {
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '(' => '（',
            ')' => '）',
            '!' => '！',
            '?' => '？',
            other => other,
        })
        .collect();
    if folded.starts_with("statement\t") && folded.ends_with('。') {
        folded.pop();
    }
    // A meeting of one day ends on the day it starts, whether or not the line says so.
    if folded.starts_with("event\t") {
        let mut fields: Vec<&str> = folded.split('\t').collect();
        if fields.len() >= 4 && fields[3].is_empty() && fields[2].len() == "YYYY-MM-DD".len() {
            fields[3] = fields[2];
            return fields.join("\t");
        }
    }
    folded
}

/// Three words after a statement's verb in an English document, punctuation left out, or fewer
/// up to the end of its sentence.
fn words_after_verb(record: &Record, verb_end: usize, document: &Document) -> String {
    let verb_end = record.at.start + verb_end;
    let end = record.at.end.max(verb_end);
    document
        .slice(verb_end..end)
        .split(|c: char| c.is_whitespace() || c == '—' || c == '–')
        // Punctuation around a word goes (`cooperation,`, `“I2U2”`, `critical-`); inside it stays
        // (`U.S.-Brazil`, `nations’`), as does a closing apostrophe (`countries’`).
        .map(|word| {
            word.trim_start_matches(|c: char| !c.is_alphanumeric())
                .trim_end_matches(|c: char| !(c.is_alphanumeric() || matches!(c, '’' | '\'')))
                .to_owned()
        })
        .filter(|word| !word.is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Counts for one fact type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Score {
    pub expected: usize,
    pub extracted: usize,
    pub correct: usize,
}

impl Score {
    /// Share of extracted facts that are expected (1 when nothing was extracted).
    pub fn precision(&self) -> f64 {
        if self.extracted == 0 {
            1.0
        } else {
            self.correct as f64 / self.extracted as f64
        }
    }

    /// Share of expected facts that were extracted (1 when nothing was expected).
    pub fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.correct as f64 / self.expected as f64
        }
    }
}

/// The outcome of an evaluation.
#[derive(Debug, Default)]
pub struct Evaluation {
    /// Scores by fact type.
    pub scores: BTreeMap<String, Score>,
    /// Expected facts that were not extracted: (document, line).
    pub missed: Vec<(String, String)>,
    /// Extracted facts that were not expected: (document, line).
    pub spurious: Vec<(String, String)>,
    /// Documents scored.
    pub documents: usize,
}

impl Evaluation {
    /// Adds one document's extracted lines.
    pub fn add(
        &mut self,
        document: &str,
        extracted: &BTreeSet<String>,
        expected: &BTreeSet<String>,
    ) {
        self.documents += 1;
        let fact_type = |line: &str| line.split('\t').next().unwrap_or_default().to_owned();
        let written: BTreeSet<String> = expected.iter().map(|line| fact_type(line)).collect();
        let extracted: BTreeSet<&String> = extracted
            .iter()
            .filter(|line| {
                let kind = fact_type(line);
                !WRITTEN_FOR_SOME.contains(&kind.as_str()) || written.contains(&kind)
            })
            .collect();
        for line in expected {
            let score = self.scores.entry(fact_type(line)).or_default();
            score.expected += 1;
            if extracted.contains(line) {
                score.correct += 1;
            } else {
                self.missed.push((document.to_owned(), line.clone()));
            }
        }
        for line in extracted {
            self.scores.entry(fact_type(line)).or_default().extracted += 1;
            if !expected.contains(line) {
                self.spurious.push((document.to_owned(), (*line).clone()));
            }
        }
    }
}

/// The extracted lines of a document's records.
pub fn extracted_lines(
    keys: &Keys<'_>,
    document: &Document,
    records: &[Record],
) -> BTreeSet<String> {
    records
        .iter()
        .filter_map(|record| keys.key(record, document))
        .chain(
            records
                .iter()
                .flat_map(|record| topic_lines(record, document)),
        )
        .map(|line| comparable(&line))
        .collect()
}
