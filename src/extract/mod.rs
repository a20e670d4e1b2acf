//! The extractor contract: what an extractor reads, what it produces, and how overlaps are settled.
//!
//! An extractor reads one [`Document`] (its normalized text, structure and offset map) with the
//! shared [`Context`] (reference data and patterns), and returns [`Record`]s. Each record carries
//! the [`Fact`] it states, the [`Span`] of the original text it was read from, the surface text,
//! and the name of the rule that made it (`extractor.rule`). Extractors are pure: they neither
//! write RDF nor see each other's output. [`run_extractors`] runs them in order and is the one
//! place where records are ordered and duplicates dropped, and where facts of two extractors meet:
//! a meeting held the day its document was issued, with no place of its own, takes the
//! document's place ([`DOCUMENT_PLACE_RULE`]). [`crate::map::mapping`] turns records into
//! triples.
//!
//! Extractors in this module:
//! - [`metadata::MetadataExtractor`]: title, kind, closing date and place, dateline agency.
//! - [`mentions::MentionExtractor`]: mentions of the entities of the reference data.
//! - [`instruments::InstrumentExtractor`]: instruments named in `《》`, with date, place, status.
//! - [`events::EventExtractor`]: meetings and events with their dates and place.
//! - [`proposals::ProposalExtractor`]: who proposed what, and the document's stance.
//! - [`signatures::SignatureExtractor`]: signatories with office and country.
//! - [`parties::PartyExtractor`]: the parties of the document.
//! - [`statements::StatementExtractor`]: who takes which stance, about what.
//! - [`commitments::CommitmentExtractor`]: promises in numbers.
//! - [`bodies::BodyExtractor`]: government bodies named after their state.
//! - [`mechanisms::MechanismExtractor`]: named cooperation mechanisms.
//! - [`visits::VisitExtractor`]: state and official visits.
//! - [`persons::PersonExtractor`]: persons with their office.
//! - [`invitations::InvitationExtractor`]: invitations and their acceptance.

pub mod bodies;
pub mod commitments;
pub mod en;
pub mod evaluate;
pub mod events;
#[cfg(test)]
mod examples;
pub mod instruments;
pub mod invitations;
pub mod mechanisms;
pub mod mentions;
pub mod metadata;
pub mod parties;
pub mod persons;
pub mod proposals;
pub mod signatures;
pub mod statements;
pub mod text;
pub mod visits;

use crate::lang::reference::Reference;
use crate::lang::rules::Patterns;
use crate::lang::triggers::Triggers;
use crate::text::document::Document;
use crate::text::span::Span;
use serde::Serialize;

/// What every diplomatic document states and the extractors found none of: `parties`, `date`,
/// `statements` (stances or proposals), in that order. A user is told of each, so that a document
/// that was little understood is checked rather than trusted.
pub fn little_understood(records: &[Record]) -> Vec<&'static str> {
    let has = |test: fn(&Fact) -> bool| records.iter().any(|record| test(&record.fact));
    let mut missing = Vec::new();
    if !has(|fact| matches!(fact, Fact::Party { .. })) {
        missing.push("parties");
    }
    if !has(|fact| matches!(fact, Fact::Date { .. })) {
        missing.push("date");
    }
    if !has(|fact| matches!(fact, Fact::Statement { .. } | Fact::Proposal { .. })) {
        missing.push("statements");
    }
    missing
}

/// What an extractor may use besides the document.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub reference: &'a Reference,
    /// The English lexicon, patterns and names, for the extractors of [`en`].
    pub english: &'a en::English,
    pub patterns: &'a Patterns,
    pub triggers: &'a Triggers,
    /// What several extractors read of the document at hand, found once ([`run_extractors`]
    /// gives each document its own).
    pub annotations: &'a Annotations,
}

/// What several extractors read of one document, found by the first that asks and kept for the
/// others: the names of reference entities ([`mentions::resolved_names`]) and the persons the
/// reference data does not know ([`persons::transliterated_persons`]). It lives for one run of
/// the extractors over one document, so the document itself holds no extractor output.
#[derive(Debug, Default)]
pub struct Annotations {
    names: std::sync::OnceLock<Vec<mentions::ResolvedName>>,
    persons: std::sync::OnceLock<Vec<Record>>,
}

/// A calendar date as printed; month and day may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    /// A full date, checked against the calendar; `None` when it does not exist.
    pub fn from_parts(year: i32, month: u32, day: u32) -> Option<Self> {
        let month_u8 = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month_u8 {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let day_u8 = u8::try_from(day).ok().filter(|d| (1..=days).contains(d))?;
        Some(Self {
            year,
            month: Some(month_u8),
            day: Some(day_u8),
        })
    }

    /// ISO 8601 form (`2019-07-23`, `2019-07`, `2019`), as `xsd:date`, `xsd:gYearMonth` or
    /// `xsd:gYear`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(month), Some(day)) => format!("{:04}-{month:02}-{day:02}", self.year),
            (Some(month), None) => format!("{:04}-{month:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }
}

/// A fact an extractor states about a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Fact {
    /// The document's title.
    Title { title: String },
    /// The document's kind (a concept of `dg:DocumentKinds`).
    Kind { kind: String },
    /// The date the document was issued.
    Date { date: String },
    /// The place the document was issued (an entity IRI).
    Place { place: String },
    /// The agency that issued the document (an entity IRI).
    IssuedBy { agency: String },
    /// An entity of the reference data named in the text.
    Mention { entity: String },
    /// An instrument named in `《》` (or known to the reference data).
    Instrument {
        /// The reference entity's IRI when the reference data knows the instrument.
        entity: Option<String>,
        title: String,
        kind: Option<String>,
        date: Option<String>,
        place: Option<Place>,
        period: Option<String>,
        status: Option<String>,
        /// Government bodies the title names as its parties (label, body, country).
        bodies: Vec<(String, String, String)>,
    },
    /// A meeting or other event.
    Event {
        /// The reference entity's IRI when the reference data knows the event.
        entity: Option<String>,
        name: String,
        class: String,
        #[serde(rename = "start_date")]
        start: Option<String>,
        #[serde(rename = "end_date")]
        end: Option<String>,
        place: Option<Place>,
        online: bool,
        ordinal: Option<u32>,
        /// Government bodies that organised it (label, body, country).
        organisers: Vec<(String, String, String)>,
    },
    /// A proposal, its proposer and the document's stance on it.
    Proposal {
        proposer: String,
        content: String,
        stance: Option<String>,
    },
    /// A signature: person, office, country.
    Signature {
        name: String,
        person: Option<String>,
        office: String,
        country: String,
    },
    /// A party to the document.
    Party { state: String },
    /// A statement: who takes which stance, about what.
    Statement {
        /// The actors who take the stance (IRIs).
        speakers: Vec<String>,
        /// The states whose delegations take the stance (IRIs of the states).
        delegations: Vec<String>,
        /// Persons the reference data does not know who take the stance (full names, see
        /// [`Fact::Person`]).
        persons: Vec<String>,
        stance: String,
        /// The stance verb as written.
        verb: String,
        /// Where the verb ends, in bytes from the start of the record's range (`Record::at`).
        #[serde(skip)]
        verb_end: usize,
        negated: bool,
        about: Vec<String>,
        topics: Vec<String>,
    },
    /// An invitation and whether it was accepted.
    Invitation {
        inviter: Option<String>,
        invitee: Option<String>,
        purpose: String,
        host: Option<String>,
        accepted: bool,
    },
    /// A person the reference data does not know, named in full (`穆罕默德·本·扎耶德·阿勒纳哈扬`)
    /// or by a short form of the full name in the same document.
    Person {
        name: String,
        /// The state the person's offices name (an IRI).
        country: Option<String>,
        /// The offices written before the full name, as written (`…王储、武装部队副总司令`).
        offices: Vec<String>,
    },
    /// The office a person holds, as written.
    Office { person: String, office: String },
    /// A government body named after its state.
    Body {
        label: String,
        body: String,
        country: String,
    },
    /// A named cooperation mechanism.
    Mechanism { name: String },
    /// A state or official visit.
    Visit {
        visitor: Option<String>,
        host: String,
        kind: String,
        #[serde(rename = "start_date")]
        start: Option<String>,
        #[serde(rename = "end_date")]
        end: Option<String>,
    },
    /// A promise in numbers.
    Commitment {
        giver: Option<String>,
        recipient: Option<String>,
        qualifier: Option<String>,
        /// The amount, scaled, as a decimal number.
        amount: String,
        unit: String,
        what: String,
        period: Option<String>,
    },
}

/// A place as written, with the reference entity when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub name: String,
    pub entity: Option<String>,
}

impl Place {
    /// The place named `name`, resolved with the reference data.
    pub fn named(name: &str, reference: &Reference) -> Self {
        Self {
            name: name.to_owned(),
            entity: reference
                .entity_named(name)
                .map(|index| reference.entities[index].iri.as_str().to_owned()),
        }
    }

    /// The place a text names, written as it may be with its state and province before it
    /// (`韩国首都首尔`, `菲律宾共和国宿务市`, `中国海南省三亚市`): a name the reference data
    /// knows is that place; else, after a state's name, what follows without the words of
    /// `place.inner` (`首都`, a province) is the place, written as it is there.
    pub fn within(text: &str, context: &Context<'_>) -> Self {
        let reference = context.reference;
        if reference.entity_named(text).is_some() {
            return Self::named(text, reference);
        }
        let state = reference.find_names(text).into_iter().find(|name| {
            name.range.start == 0
                && name.kind == crate::lang::reference::NameKind::Name
                && reference.entities[name.entities[0]].class.as_ref()
                    == crate::rdf::vocab::dg::STATE
        });
        if let Some(state) = state {
            let rest = &text[state.range.end..];
            let inner = context.patterns.get("place.inner").replace(rest, "");
            if inner.chars().count() >= 2 {
                return Self::named(&inner, reference);
            }
        }
        Self::named(text, reference)
    }
}

impl Fact {
    /// Short name of the fact type, as in JSON output.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Title { .. } => "title",
            Self::Kind { .. } => "kind",
            Self::Date { .. } => "date",
            Self::Place { .. } => "place",
            Self::IssuedBy { .. } => "issued-by",
            Self::Mention { .. } => "mention",
            Self::Instrument { .. } => "instrument",
            Self::Event { .. } => "event",
            Self::Proposal { .. } => "proposal",
            Self::Signature { .. } => "signature",
            Self::Party { .. } => "party",
            Self::Statement { .. } => "statement",
            Self::Commitment { .. } => "commitment",
            Self::Office { .. } => "office",
            Self::Person { .. } => "person",
            Self::Invitation { .. } => "invitation",
            Self::Body { .. } => "body",
            Self::Mechanism { .. } => "mechanism",
            Self::Visit { .. } => "visit",
        }
    }
}

/// One extracted fact with where it was read and which rule read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    #[serde(flatten)]
    pub fact: Fact,
    /// Where the fact was read, in the original file.
    #[serde(flatten)]
    pub span: Span,
    /// Byte range in the normalized text (used to find the sentence).
    #[serde(skip)]
    pub at: std::ops::Range<usize>,
    /// The surface text (normalized).
    pub text: String,
    /// The rule that produced the record.
    pub rule: &'static str,
}

impl Record {
    /// A record of `fact`, read by `rule` from the byte range `at` of the document's normalized
    /// text.
    pub fn new(
        document: &Document,
        at: std::ops::Range<usize>,
        rule: &'static str,
        fact: Fact,
    ) -> Self {
        Self {
            fact,
            span: document.span_of(at.clone()),
            text: document.slice(at.clone()).to_owned(),
            at,
            rule,
        }
    }
}

/// An extractor: reads a document, returns records. See the module documentation.
pub trait Extractor: Send + Sync {
    /// The extractor's name, the first part of its rule names.
    fn name(&self) -> &'static str;
    /// The fact types it produces (as [`Fact::type_name`]).
    fn produces(&self) -> &'static [&'static str];
    /// Reads the document and returns its records, in any order.
    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record>;
}

/// The visitors and hosts of the dated visits among `records` (a visitor `None` where none is
/// named): an undated visit told again of one of them is that visit.
pub fn dated_visits(records: &[Record]) -> std::collections::BTreeSet<(Option<String>, String)> {
    records
        .iter()
        .filter_map(|record| match &record.fact {
            Fact::Visit {
                visitor,
                host,
                start: Some(_),
                ..
            } => Some((visitor.clone(), host.clone())),
            _ => None,
        })
        .collect()
}

/// The extractors of this version, in the order they run.
pub fn default_extractors() -> Vec<Box<dyn Extractor>> {
    vec![
        Box::new(metadata::MetadataExtractor),
        Box::new(mentions::MentionExtractor),
        Box::new(instruments::InstrumentExtractor),
        Box::new(events::EventExtractor),
        Box::new(proposals::ProposalExtractor),
        Box::new(signatures::SignatureExtractor),
        Box::new(parties::PartyExtractor),
        Box::new(statements::StatementExtractor),
        Box::new(commitments::CommitmentExtractor),
        Box::new(bodies::BodyExtractor),
        Box::new(mechanisms::MechanismExtractor),
        Box::new(visits::VisitExtractor),
        Box::new(persons::PersonExtractor),
        Box::new(invitations::InvitationExtractor),
    ]
}

/// Runs the extractors on a document, with annotations of its own (whatever `context` holds);
/// records come out ordered by position, then rule, without duplicates.
pub fn run_extractors(
    extractors: &[Box<dyn Extractor>],
    document: &Document,
    context: &Context<'_>,
) -> Vec<Record> {
    let annotations = Annotations::default();
    let context = &Context {
        annotations: &annotations,
        ..*context
    };
    let mut records: Vec<Record> = extractors
        .iter()
        .flat_map(|extractor| extractor.extract(document, context))
        .collect();
    records.sort_by(|a, b| {
        (a.span, a.rule, a.fact.type_name())
            .cmp(&(b.span, b.rule, b.fact.type_name()))
            .then_with(|| format!("{:?}", a.fact).cmp(&format!("{:?}", b.fact)))
    });
    records.dedup_by(|b, a| a.span == b.span && a.fact == b.fact);
    place_meetings_of_the_day(&mut records);
    records
}

/// The rule of a meeting's place taken from its document's ([`place_meetings_of_the_day`]).
pub const DOCUMENT_PLACE_RULE: &str = "events.document-place";

/// Gives a meeting that has no place of its own, and whose days hold the day its document was
/// issued, the document's place: a communiqué issued in Addis Ababa on 25 November tells of the
/// Council's meeting held on 25 November, and the meeting was held there. A meeting online, or
/// a document with more than one date or place, is left as it is. The record then names
/// [`DOCUMENT_PLACE_RULE`] as its rule.
fn place_meetings_of_the_day(records: &mut [Record]) {
    let only = |type_name: &str| {
        let mut found = records.iter().filter(|r| r.fact.type_name() == type_name);
        match (found.next(), found.next()) {
            (Some(first), None) => Some(first.clone()),
            _ => None,
        }
    };
    let (Some(date), Some(place)) = (only("date"), only("place")) else {
        return;
    };
    let (Fact::Date { date }, Fact::Place { place: iri }) = (&date.fact, &place.fact) else {
        return;
    };
    for record in records.iter_mut() {
        if let Fact::Event {
            start: Some(start),
            end,
            place: place_of_event @ None,
            online: false,
            ..
        } = &mut record.fact
        {
            let end = end.as_ref().unwrap_or(start);
            if start.as_str() <= date.as_str() && date.as_str() <= end.as_str() {
                *place_of_event = Some(Place {
                    name: place.text.clone(),
                    entity: Some(iri.clone()),
                });
                record.rule = DOCUMENT_PLACE_RULE;
            }
        }
    }
}

/// An amount as an `xsd:decimal` lexical form: no exponent, no trailing zeros.
pub fn format_amount(amount: f64) -> String {
    if amount.fract() == 0.0 && amount.abs() < 1e18 {
        format!("{}", amount as i64)
    } else {
        let text = format!("{amount:.6}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}
