//! From documents and records to RDF: deterministic IRIs, and the triples of one document's graph.
//!
//! IRIs depend only on the base IRI, the file name and the text, never on time, paths or run
//! order, so the same document ingested twice or on two machines yields the same graph, and
//! graphs from separate runs merge. With base `B` (default `https://w3id.org/diplograph/`):
//! - document and its graph: `B document/ID` (`ID` from [`crate::text::document::document_id`]);
//! - its parts: `…/ID/section-N`, `…/ID/subsection-N`, `…/ID/paragraph-N`, `…/ID/sentence-N`;
//! - mentions and fact evidence: `…/ID/mention-N`, `…/ID/fact-N`, numbered in text order;
//! - instruments, events, places and persons the reference data does not know: `B instrument/KEY`,
//!   `B event/KEY`, `B place/KEY`, `B person/KEY`, `B body/COUNTRY-KEY`, `B mechanism/KEY`, the key
//!   made from the name (and an event's start date), so that every document naming the same thing
//!   names the same node;
//! - the record of ingest runs: the graph `B graph/runs`.
//!
//! The ontology and the reference data keep their own fixed IRIs and graphs.
//!
//! A proposal is linked (`dg:about`) to the instruments and events read inside its text: this is
//! the one place where records of different extractors meet.
//!
//! Every record becomes the triple it asserts plus its evidence: a `dg:Mention` for a mention,
//! a `dg:ExtractedFact` (an `rdf:Statement` naming the triple) for any other fact, each with the
//! document, sentence, offsets in the original file, surface text and rule.
//!
//! Cost: linear in the number of parts and records.

use crate::extract::{Fact, Place, Record};
use crate::rdf::graph::{Graph, GraphBuilder};
use crate::rdf::vocab::{dcterms, dg, iso639, rdf, rdfs, skos, xsd};
use crate::text::document::{Document, PartKind};
use crate::text::language::Language;
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, Term};

/// The default base IRI: a persistent namespace.
pub const DEFAULT_BASE: &str = "https://w3id.org/diplograph/";

/// The graph that holds the ontology.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/diplograph/graph/ontology";
/// The graph that holds the reference data.
pub const REFERENCE_GRAPH: &str = "https://w3id.org/diplograph/graph/reference";
/// The graph that holds the links to Wikidata that `diplograph link` found, with their provenance.
pub const LINKS_GRAPH: &str = "https://w3id.org/diplograph/graph/links";
/// The graph that says which documents are versions of one work, and which of their parts align.
pub const VERSIONS_GRAPH: &str = "https://w3id.org/diplograph/graph/versions";

/// Mints the IRIs of documents and their parts under a base IRI.
#[derive(Debug, Clone)]
pub struct Iris {
    base: String,
}

impl Iris {
    /// A minter for `base`, which must be an absolute IRI ending in `/` or `#`.
    pub fn new(base: &str) -> Result<Self, String> {
        if !(base.ends_with('/') || base.ends_with('#')) {
            return Err(format!("the base IRI `{base}` must end with `/` or `#`"));
        }
        NamedNode::new(base)
            .map_err(|error| format!("the base IRI `{base}` is not a valid IRI: {error}"))?;
        Ok(Self {
            base: base.to_owned(),
        })
    }

    /// The base IRI.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The IRI of a document, which also names its graph.
    pub fn document(&self, id: &str) -> NamedNode {
        let iri = format!("{}document/{id}", self.base);
        NamedNode::new(iri).unwrap_or_else(|_| {
            NamedNode::new_unchecked(format!("{}document/{}", self.base, percent_encode(id)))
        })
    }

    /// The IRI of a part, mention or fact of a document: `DOCUMENT/NAME-N`.
    pub fn child(&self, document: &NamedNode, name: &str, ordinal: usize) -> NamedNode {
        NamedNode::new_unchecked(format!("{}/{name}-{ordinal}", document.as_str()))
    }

    /// The delegation of a state at the meeting a document reports: `DOCUMENT/delegation-KEY`,
    /// the key made from the state's IRI (its last segment).
    pub fn delegation(&self, document: &NamedNode, state: &str) -> NamedNode {
        let local = state.rsplit(['/', '#']).next().unwrap_or(state);
        let key = entity_key(local);
        NamedNode::new(format!("{}/delegation-{key}", document.as_str())).unwrap_or_else(|_| {
            NamedNode::new_unchecked(format!(
                "{}/delegation-{}",
                document.as_str(),
                percent_encode(&key)
            ))
        })
    }

    /// The IRI of an entity that the reference data does not know, shared by every document that
    /// names it: `B KIND/KEY`, the key made from its name (see [`entity_key`]).
    pub fn entity(&self, kind: &str, name: &str) -> NamedNode {
        let key = entity_key(name);
        NamedNode::new(format!("{}{kind}/{key}", self.base)).unwrap_or_else(|_| {
            NamedNode::new_unchecked(format!("{}{kind}/{}", self.base, percent_encode(&key)))
        })
    }

    /// The IRI of the work a document is a version of: `B work/ID`, from the ID of one version.
    pub fn work(&self, id: &str) -> NamedNode {
        NamedNode::new(format!("{}work/{id}", self.base)).unwrap_or_else(|_| {
            NamedNode::new_unchecked(format!("{}work/{}", self.base, percent_encode(id)))
        })
    }

    /// The graph that records ingest runs.
    pub fn runs_graph(&self) -> NamedNode {
        NamedNode::new_unchecked(format!("{}graph/runs", self.base))
    }

    /// The IRI of an ingest run, from a digest of what it did.
    pub fn run(&self, digest: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}run/{digest}", self.base))
    }
}

/// The key of a name: the same for wordings that differ only in `的`, quotes, title brackets or
/// white space, so that `《…合作的构想》` and `…合作构想` are one node.
pub fn entity_key(name: &str) -> String {
    name.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '的' | '“' | '”' | '"' | '《' | '》' | '〈' | '〉' | '‘' | '’'
                )
        })
        .map(|c| match c {
            '/' | '#' | '?' | '<' | '>' | '{' | '}' | '|' | '\\' | '^' | '`' | '%' => '-',
            c => c,
        })
        .collect()
}

/// Percent-encodes everything but ASCII letters, digits and `-._~`.
pub fn percent_encode(text: &str) -> String {
    let mut encoded = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// A literal holding text read from a document in `language`: tagged `zh` when it contains
/// Chinese characters, tagged `en` when an English document's text has Latin letters, and plain
/// otherwise (numbers, or a Latin name quoted in a Chinese document).
pub fn text_literal(text: &str, language: Language) -> Literal {
    if text.chars().any(crate::text::normalize::is_cjk_ideograph) {
        Literal::new_language_tagged_literal_unchecked(text, Language::Chinese.tag())
    } else if language == Language::English && text.chars().any(|c| c.is_ascii_alphabetic()) {
        Literal::new_language_tagged_literal_unchecked(text, Language::English.tag())
    } else {
        Literal::new_simple_literal(text)
    }
}

/// The `dcterms:language` value of a document: its ISO 639-1 code in the Library of Congress
/// vocabulary, an IRI that standard tools resolve to a `dcterms:LinguisticSystem`.
pub fn language_node(language: Language) -> NamedNodeRef<'static> {
    match language {
        Language::Chinese => iso639::ZH,
        Language::English => iso639::EN,
    }
}

/// `sha256:` and the SHA-256 of `text` in UTF-8, in lower-case hexadecimal.
pub fn text_digest(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let mut written = String::with_capacity(7 + 64);
    written.push_str("sha256:");
    for byte in digest {
        written.push_str(&format!("{byte:02x}"));
    }
    written
}

fn integer(value: u32) -> Literal {
    Literal::new_typed_literal(value.to_string(), xsd::INTEGER)
}

/// A date literal typed by its precision (`xsd:date`, `xsd:gYearMonth`, `xsd:gYear`).
pub fn date_literal(iso: &str) -> Literal {
    let datatype = match iso.len() {
        10 => xsd::DATE,
        7 => xsd::G_YEAR_MONTH,
        _ => xsd::G_YEAR,
    };
    Literal::new_typed_literal(iso, datatype)
}

/// The node of a place: the reference entity, or a place minted from its name and labelled.
fn place_node(out: &mut GraphWriter, iris: &Iris, place: &Place, language: Language) -> NamedNode {
    match &place.entity {
        Some(entity) => NamedNode::new_unchecked(entity),
        None => {
            let node = iris.entity("place", &place.name);
            out.add(&node, rdf::TYPE, dg::PLACE.into_owned());
            out.add(&node, skos::PREF_LABEL, text_literal(&place.name, language));
            node
        }
    }
}

/// The node of a government body, labelled and tied to its state.
fn body_node(
    out: &mut GraphWriter,
    iris: &Iris,
    label: &str,
    body: &str,
    country: &str,
    language: Language,
) -> NamedNode {
    let country_key = country.rsplit('/').next().unwrap_or(country);
    let node = iris.entity("body", &format!("{country_key}-{body}"));
    out.add(&node, rdf::TYPE, dg::GOVERNMENT_BODY.into_owned());
    out.add(&node, skos::PREF_LABEL, text_literal(label, language));
    out.add(&node, dg::COUNTRY, NamedNode::new_unchecked(country));
    node
}

/// Collects the triples of one graph.
struct GraphWriter {
    graph: GraphBuilder,
}

impl GraphWriter {
    fn add(&mut self, subject: &NamedNode, predicate: NamedNodeRef<'_>, object: impl Into<Term>) {
        self.graph.add(subject.clone(), predicate, object);
    }
}

/// Writes one document's records into its graph: for each, the node its fact is stated on (one
/// method per family of facts) and the evidence that ties that node to the source.
struct RecordWriter<'a> {
    out: GraphWriter,
    iris: &'a Iris,
    document: &'a Document,
    doc: NamedNode,
    /// How many nodes of each kind (`mention`, `fact`, `statement`…) the records have made so
    /// far: their IRIs are numbered in the order the records come (`…/ID/mention-3`).
    counts: std::collections::HashMap<&'static str, usize>,
    /// The delegations already described (a delegation speaks in many statements).
    delegations_described: std::collections::BTreeSet<NamedNode>,
    /// Instruments and events by where they were read, and proposals, to link them afterwards.
    named_things: Vec<(std::ops::Range<usize>, NamedNode)>,
    proposal_nodes: Vec<(std::ops::Range<usize>, NamedNode)>,
}

impl RecordWriter<'_> {
    /// Writes `record`'s fact and its evidence (in `sentence`, where it lies in one).
    fn record(&mut self, record: &Record, sentence: Option<NamedNode>) {
        let evidence = match &record.fact {
            Fact::Mention { entity } => self.mention(NamedNode::new_unchecked(entity)),
            Fact::Instrument { .. } => self.instrument(record),
            Fact::Event { .. } => self.event(record),
            Fact::Proposal {
                proposer,
                content,
                stance,
            } => self.proposal(record, proposer, content, stance.as_deref()),
            Fact::Signature { .. } => self.signature(record),
            Fact::Statement { .. } => self.statement(record),
            Fact::Commitment { .. } => self.commitment(record),
            Fact::Body {
                label,
                body,
                country,
            } => {
                let language = self.document.language;
                let body = body_node(&mut self.out, self.iris, label, body, country, language);
                self.mention(body)
            }
            Fact::Mechanism { name } => {
                let mechanism = self.iris.entity("mechanism", name);
                self.out
                    .add(&mechanism, rdf::TYPE, dg::MECHANISM.into_owned());
                self.out
                    .add(&mechanism, rdfs::LABEL, self.written(record, name));
                self.mention(mechanism)
            }
            Fact::Visit { .. } => self.visit(record),
            Fact::Invitation { .. } => self.invitation(record),
            Fact::Person {
                name,
                country,
                offices,
            } => self.person(record, name, country.as_deref(), offices),
            Fact::Office { person, office } => self.office(record, person, office),
            Fact::Title { .. }
            | Fact::Kind { .. }
            | Fact::Date { .. }
            | Fact::Place { .. }
            | Fact::IssuedBy { .. }
            | Fact::Party { .. } => self.document_fact(record),
        };
        let doc = self.doc.clone();
        self.out.add(&evidence, dg::DOCUMENT_PROPERTY, doc);
        if let Some(sentence) = sentence {
            self.out.add(&evidence, dg::SENTENCE_PROPERTY, sentence);
        }
        self.out
            .add(&evidence, dg::START, integer(record.span.start));
        self.out.add(&evidence, dg::END, integer(record.span.end));
        self.out
            .add(&evidence, dg::TEXT, self.written(record, &record.text));
        self.out.add(
            &evidence,
            dg::RULE,
            Literal::new_simple_literal(record.rule),
        );
    }

    /// What the document says, as written in the file (Traditional characters included).
    fn written(&self, record: &Record, text: &str) -> Literal {
        text_literal(
            &self.document.written_text(record.at.clone(), text),
            self.document.language,
        )
    }

    /// The next node of `kind` of the document (`…/ID/KIND-N`).
    fn numbered(&mut self, kind: &'static str) -> NamedNode {
        let count = self.counts.entry(kind).or_default();
        *count += 1;
        self.iris.child(&self.doc, kind, *count)
    }

    /// A new `dg:Mention` of `target` (numbered in text order).
    fn mention(&mut self, target: impl Into<Term>) -> NamedNode {
        let mention = self.numbered("mention");
        self.out.add(&mention, rdf::TYPE, dg::MENTION.into_owned());
        self.out.add(&mention, dg::MENTIONS, target);
        mention
    }

    /// A statement about the document itself (title, kind, date, place, issuer, party), with an
    /// `rdf:Statement` naming it.
    fn document_fact(&mut self, record: &Record) -> NamedNode {
        let (predicate, object): (NamedNodeRef<'_>, Term) = match &record.fact {
            Fact::Title { title } => (dcterms::TITLE, self.written(record, title).into()),
            Fact::Kind { kind } => (dg::KIND, NamedNode::new_unchecked(kind).into()),
            Fact::Date { date } => (dcterms::DATE, date_literal(date).into()),
            Fact::Place { place } => (dg::PLACE_PROPERTY, NamedNode::new_unchecked(place).into()),
            Fact::IssuedBy { agency } => (dg::ISSUED_BY, NamedNode::new_unchecked(agency).into()),
            Fact::Party { state } => (dg::PARTY, NamedNode::new_unchecked(state).into()),
            other => unreachable!("not a fact of the document itself: {other:?}"),
        };
        let doc = self.doc.clone();
        self.out.add(&doc, predicate, object.clone());
        self.stated(doc, predicate, object)
    }

    /// The `dg:ExtractedFact` (an `rdf:Statement`) of a triple the document asserts.
    fn stated(
        &mut self,
        subject: NamedNode,
        predicate: NamedNodeRef<'_>,
        object: Term,
    ) -> NamedNode {
        let fact = self.numbered("fact");
        self.out
            .add(&fact, rdf::TYPE, dg::EXTRACTED_FACT.into_owned());
        self.out.add(&fact, rdf::SUBJECT, subject);
        self.out.add(&fact, rdf::PREDICATE, predicate.into_owned());
        self.out.add(&fact, rdf::OBJECT, object);
        fact
    }

    fn instrument(&mut self, record: &Record) -> NamedNode {
        let Fact::Instrument {
            entity,
            title,
            kind,
            date,
            place,
            period,
            status,
            bodies,
        } = &record.fact
        else {
            unreachable!("called for an instrument")
        };
        let instrument = entity
            .as_ref()
            .map(NamedNode::new_unchecked)
            .unwrap_or_else(|| self.iris.entity("instrument", title));
        self.named_things
            .push((record.at.clone(), instrument.clone()));
        self.out
            .add(&instrument, rdf::TYPE, dg::INSTRUMENT.into_owned());
        self.out
            .add(&instrument, dcterms::TITLE, self.written(record, title));
        if let Some(kind) = kind {
            self.out
                .add(&instrument, dg::KIND, NamedNode::new_unchecked(kind));
        }
        if let Some(date) = date {
            self.out.add(&instrument, dcterms::DATE, date_literal(date));
        }
        if let Some(place) = place {
            let place = place_node(&mut self.out, self.iris, place, self.document.language);
            self.out.add(&instrument, dg::PLACE_PROPERTY, place);
        }
        if let Some(period) = period {
            self.out
                .add(&instrument, dg::PERIOD, Literal::new_simple_literal(period));
        }
        for (label, body, country) in bodies {
            let language = self.document.language;
            let body = body_node(&mut self.out, self.iris, label, body, country, language);
            self.out.add(&instrument, dg::SIGNATORY_BODY, body);
        }
        let mention = self.mention(instrument);
        if let Some(status) = status {
            self.out
                .add(&mention, dg::STATUS, NamedNode::new_unchecked(status));
        }
        mention
    }

    fn event(&mut self, record: &Record) -> NamedNode {
        let Fact::Event {
            entity,
            name,
            class,
            start,
            end,
            place,
            online,
            ordinal,
            organisers,
        } = &record.fact
        else {
            unreachable!("called for an event")
        };
        let key = match start {
            Some(start) => format!("{name}-{start}"),
            None => name.clone(),
        };
        let event = entity
            .as_ref()
            .map(NamedNode::new_unchecked)
            .unwrap_or_else(|| self.iris.entity("event", &key));
        self.named_things.push((record.at.clone(), event.clone()));
        for (label, body, country) in organisers {
            let language = self.document.language;
            let body = body_node(&mut self.out, self.iris, label, body, country, language);
            self.out.add(&event, dg::ORGANISER, body);
        }
        self.out
            .add(&event, rdf::TYPE, NamedNode::new_unchecked(class));
        self.out.add(&event, rdf::TYPE, dg::EVENT.into_owned());
        self.out
            .add(&event, rdfs::LABEL, self.written(record, name));
        if let Some(start) = start {
            self.out.add(&event, dg::START_DATE, date_literal(start));
        }
        if let Some(end) = end {
            self.out.add(&event, dg::END_DATE, date_literal(end));
        }
        if let Some(place) = place {
            let place = place_node(&mut self.out, self.iris, place, self.document.language);
            self.out.add(&event, dg::PLACE_PROPERTY, place);
        }
        if *online {
            self.out.add(&event, dg::ONLINE, Literal::from(true));
        }
        if let Some(ordinal) = ordinal {
            self.out.add(&event, dg::ORDINAL, integer(*ordinal));
        }
        self.mention(event)
    }

    fn proposal(
        &mut self,
        record: &Record,
        proposer: &str,
        content: &str,
        stance: Option<&str>,
    ) -> NamedNode {
        let proposal = self.numbered("proposal");
        self.proposal_nodes
            .push((record.at.clone(), proposal.clone()));
        self.out
            .add(&proposal, rdf::TYPE, dg::PROPOSAL.into_owned());
        self.out
            .add(&proposal, dg::PROPOSER, NamedNode::new_unchecked(proposer));
        self.out
            .add(&proposal, dg::CONTENT, self.written(record, content));
        self.out
            .add(&proposal, rdfs::LABEL, self.written(record, content));
        if let Some(stance) = stance {
            self.out
                .add(&proposal, dg::STANCE, NamedNode::new_unchecked(stance));
        }
        proposal
    }

    fn signature(&mut self, record: &Record) -> NamedNode {
        let Fact::Signature {
            name,
            person,
            office,
            country,
        } = &record.fact
        else {
            unreachable!("called for a signature")
        };
        let signature = self.numbered("signature");
        let person = person
            .as_ref()
            .map(NamedNode::new_unchecked)
            .unwrap_or_else(|| self.iris.entity("person", name));
        let country = NamedNode::new_unchecked(country);
        self.out.add(&person, rdf::TYPE, dg::PERSON.into_owned());
        self.out
            .add(&person, skos::PREF_LABEL, self.written(record, name));
        self.out.add(&person, dg::COUNTRY, country.clone());
        let doc = self.doc.clone();
        self.out
            .add(&doc, dg::SIGNATURE_PROPERTY, signature.clone());
        self.out
            .add(&signature, rdf::TYPE, dg::SIGNATURE.into_owned());
        self.out.add(&signature, dg::SIGNATORY, person);
        self.out
            .add(&signature, dg::OFFICE, self.written(record, office));
        self.out.add(&signature, dg::COUNTRY, country);
        signature
    }

    fn statement(&mut self, record: &Record) -> NamedNode {
        let Fact::Statement {
            speakers,
            delegations,
            persons,
            stance,
            verb: _,
            verb_end: _,
            negated,
            about,
            topics,
        } = &record.fact
        else {
            unreachable!("called for a statement")
        };
        let statement = self.numbered("statement");
        self.out
            .add(&statement, rdf::TYPE, dg::STANCE_STATEMENT.into_owned());
        self.out
            .add(&statement, dg::STANCE, NamedNode::new_unchecked(stance));
        for speaker in speakers {
            self.out
                .add(&statement, dg::SPEAKER, NamedNode::new_unchecked(speaker));
        }
        for state in delegations {
            let delegation = self.iris.delegation(&self.doc, state);
            if self.delegations_described.insert(delegation.clone()) {
                self.out
                    .add(&delegation, rdf::TYPE, dg::DELEGATION.into_owned());
                self.out.add(
                    &delegation,
                    dg::DELEGATION_OF,
                    NamedNode::new_unchecked(state),
                );
            }
            self.out.add(&statement, dg::SPEAKER, delegation);
        }
        for name in persons {
            self.out
                .add(&statement, dg::SPEAKER, self.iris.entity("person", name));
        }
        if *negated {
            self.out.add(&statement, dg::NEGATED, Literal::from(true));
        }
        for entity in about {
            self.out
                .add(&statement, dg::ABOUT, NamedNode::new_unchecked(entity));
        }
        for topic in topics {
            self.out
                .add(&statement, dg::TOPIC, NamedNode::new_unchecked(topic));
        }
        statement
    }

    fn commitment(&mut self, record: &Record) -> NamedNode {
        let Fact::Commitment {
            giver,
            recipient,
            qualifier,
            amount,
            unit,
            what,
            period,
        } = &record.fact
        else {
            unreachable!("called for a commitment")
        };
        let commitment = self.numbered("commitment");
        self.out
            .add(&commitment, rdf::TYPE, dg::COMMITMENT.into_owned());
        self.out.add(
            &commitment,
            dg::AMOUNT,
            Literal::new_typed_literal(amount, xsd::DECIMAL),
        );
        self.out
            .add(&commitment, dg::UNIT, self.written(record, unit));
        self.out
            .add(&commitment, dg::CONTENT, self.written(record, what));
        self.out
            .add(&commitment, rdfs::LABEL, self.written(record, &record.text));
        if let Some(giver) = giver {
            self.out
                .add(&commitment, dg::GIVER, NamedNode::new_unchecked(giver));
        }
        if let Some(recipient) = recipient {
            self.out.add(
                &commitment,
                dg::RECIPIENT,
                NamedNode::new_unchecked(recipient),
            );
        }
        if let Some(qualifier) = qualifier {
            self.out
                .add(&commitment, dg::QUALIFIER, self.written(record, qualifier));
        }
        if let Some(period) = period {
            self.out.add(
                &commitment,
                dg::COMMITMENT_PERIOD,
                self.written(record, period),
            );
        }
        commitment
    }

    fn visit(&mut self, record: &Record) -> NamedNode {
        let Fact::Visit {
            visitor,
            host,
            kind,
            start,
            end,
        } = &record.fact
        else {
            unreachable!("called for a visit")
        };
        let visit = self.numbered("visit");
        self.out.add(&visit, rdf::TYPE, dg::VISIT.into_owned());
        self.out.add(&visit, rdf::TYPE, dg::EVENT.into_owned());
        self.out
            .add(&visit, dg::HOST, NamedNode::new_unchecked(host));
        self.out
            .add(&visit, dg::VISIT_KIND, self.written(record, kind));
        // The visit phrase itself (`对中国进行国事访问`), without the dates before it.
        let phrase = record
            .text
            .find('对')
            .map_or(record.text.as_str(), |at| &record.text[at..]);
        self.out
            .add(&visit, rdfs::LABEL, self.written(record, phrase));
        if let Some(visitor) = visitor {
            self.out
                .add(&visit, dg::VISITOR, NamedNode::new_unchecked(visitor));
        }
        if let Some(start) = start {
            self.out.add(&visit, dg::START_DATE, date_literal(start));
        }
        if let Some(end) = end {
            self.out.add(&visit, dg::END_DATE, date_literal(end));
        }
        visit
    }

    fn invitation(&mut self, record: &Record) -> NamedNode {
        let Fact::Invitation {
            inviter,
            invitee,
            purpose,
            host,
            accepted,
        } = &record.fact
        else {
            unreachable!("called for an invitation")
        };
        let invitation = self.numbered("invitation");
        self.out
            .add(&invitation, rdf::TYPE, dg::INVITATION.into_owned());
        self.out
            .add(&invitation, dg::PURPOSE, self.written(record, purpose));
        self.out
            .add(&invitation, dg::ACCEPTED, Literal::from(*accepted));
        for (property, actor) in [
            (dg::INVITER, inviter),
            (dg::INVITEE, invitee),
            (dg::HOST, host),
        ] {
            if let Some(actor) = actor {
                self.out
                    .add(&invitation, property, NamedNode::new_unchecked(actor));
            }
        }
        invitation
    }

    fn person(
        &mut self,
        record: &Record,
        name: &str,
        country: Option<&str>,
        offices: &[String],
    ) -> NamedNode {
        let person = self.iris.entity("person", name);
        self.out.add(&person, rdf::TYPE, dg::PERSON.into_owned());
        self.out
            .add(&person, skos::PREF_LABEL, self.written(record, name));
        if let Some(country) = country {
            self.out
                .add(&person, dg::COUNTRY, NamedNode::new_unchecked(country));
        }
        for office in offices {
            self.out
                .add(&person, dg::OFFICE, self.written(record, office));
        }
        self.mention(person)
    }

    fn office(&mut self, record: &Record, person: &str, office: &str) -> NamedNode {
        let person = NamedNode::new_unchecked(person);
        let office = self.written(record, office);
        self.out.add(&person, dg::OFFICE, office.clone());
        self.stated(person, dg::OFFICE, office.into())
    }
}

/// A document's graph: the document, its parts, and its records with evidence.
pub fn document_graph(document: &Document, records: &[Record], iris: &Iris) -> Graph {
    let document_iri = iris.document(&document.id);
    let mut out = GraphWriter {
        graph: GraphBuilder::new(document_iri.clone()),
    };
    let doc = &document_iri;
    out.add(doc, rdf::TYPE, dg::DOCUMENT.into_owned());
    out.add(
        doc,
        dcterms::IDENTIFIER,
        Literal::new_simple_literal(&document.id),
    );
    out.add(
        doc,
        dg::SOURCE_FILE,
        Literal::new_simple_literal(&document.source.file_name),
    );
    out.add(
        doc,
        dg::SOURCE_ENCODING,
        Literal::new_simple_literal(document.source.encoding),
    );
    if document.source.format != crate::text::input::SourceFormat::Text {
        out.add(
            doc,
            dg::SOURCE_FORMAT,
            Literal::new_simple_literal(document.source.format.media_type()),
        );
        out.add(
            doc,
            dg::TEXT_DIGEST,
            Literal::new_simple_literal(text_digest(&document.source.text)),
        );
    }
    out.add(doc, dg::ORDINAL, integer(document.ordinal as u32));
    out.add(doc, dg::START, integer(document.span.start));
    out.add(doc, dg::END, integer(document.span.end));
    let title = records.iter().find_map(|record| match &record.fact {
        Fact::Title { title } => Some(document.written_text(record.at.clone(), title).into_owned()),
        _ => None,
    });
    let label = title.unwrap_or_else(|| {
        if document.siblings > 1 {
            format!(
                "{} ({}/{})",
                document.source.file_name, document.ordinal, document.siblings
            )
        } else {
            document.source.file_name.clone()
        }
    });
    out.add(doc, rdfs::LABEL, text_literal(&label, document.language));
    out.add(
        doc,
        dcterms::LANGUAGE,
        language_node(document.language).into_owned(),
    );

    // Parts.
    let part_iris: Vec<NamedNode> = document
        .parts
        .iter()
        .map(|part| iris.child(doc, part.kind.name(), part.ordinal))
        .collect();
    for (part, iri) in document.parts.iter().zip(&part_iris) {
        let class = match part.kind {
            PartKind::Section => dg::SECTION,
            PartKind::Subsection => dg::SUBSECTION,
            PartKind::Paragraph => dg::PARAGRAPH,
            PartKind::Sentence => dg::SENTENCE,
        };
        out.add(iri, rdf::TYPE, class.into_owned());
        out.add(iri, dg::DOCUMENT_PROPERTY, doc.clone());
        let parent = part
            .parent
            .map_or_else(|| doc.clone(), |index| part_iris[index].clone());
        out.add(iri, dg::PART_OF, parent);
        out.add(iri, dg::ORDINAL, integer(part.ordinal as u32));
        out.add(iri, dg::START, integer(part.span.start));
        out.add(iri, dg::END, integer(part.span.end));
        if let Some(marker) = &part.marker {
            out.add(iri, dg::MARKER, Literal::new_simple_literal(marker));
        }
        if part.kind == PartKind::Sentence {
            out.add(
                iri,
                dg::TEXT,
                text_literal(document.written(part.range.clone()), document.language),
            );
        }
    }

    // Records.
    let mut writer = RecordWriter {
        out,
        iris,
        document,
        doc: document_iri.clone(),
        counts: Default::default(),
        delegations_described: Default::default(),
        named_things: Vec::new(),
        proposal_nodes: Vec::new(),
    };
    let sentence_index = crate::text::document::SentenceIndex::new(document);
    for record in records {
        let sentence = sentence_index
            .sentence_at(record.at.start)
            .map(|index| part_iris[index].clone());
        writer.record(record, sentence);
    }
    let RecordWriter {
        mut out,
        mut named_things,
        proposal_nodes,
        ..
    } = writer;
    // A proposal is about the instruments and events read inside its own text.
    named_things.sort_by_key(|(range, _)| range.start);
    for (range, proposal) in &proposal_nodes {
        let first = named_things.partition_point(|(inner, _)| inner.start < range.start);
        for (inner, thing) in named_things[first..]
            .iter()
            .take_while(|(inner, _)| inner.start < range.end)
        {
            if inner.end <= range.end {
                out.add(proposal, dg::ABOUT, thing.clone());
            }
        }
    }
    // A fact stated twice (a date in a closing line and a dateline) is one triple.
    out.graph.finish()
}
