//! Every IRI diplograph writes, as documented constants, in one place.
//!
//! The `dg` terms are declared in `ontology/diplograph.ttl`; a test checks that each constant
//! here is declared there with Chinese and English labels. Public vocabularies (PROV-O, SKOS,
//! Dublin Core terms, OWL) get the few terms used. RDF, RDFS and XSD come from oxigraph.

pub use oxigraph::model::vocab::{rdf, rdfs, xsd};

macro_rules! terms {
    ($namespace:literal; $($(#[$doc:meta])* $name:ident = $local:literal),* $(,)?) => {
        /// The namespace IRI.
        pub const NAMESPACE: &str = $namespace;
        $(
            $(#[$doc])*
            pub const $name: oxigraph::model::NamedNodeRef<'static> =
                oxigraph::model::NamedNodeRef::new_unchecked(concat!($namespace, $local));
        )*
        /// Every term of this module, for checks.
        pub const ALL: &[oxigraph::model::NamedNodeRef<'static>] = &[$($name),*];
    };
}

/// The entities of the reference data (`dgr:` in `ontology/*.ttl`).
pub mod dgr {
    /// The namespace IRI.
    pub const NAMESPACE: &str = "https://w3id.org/diplograph/id/";
}

/// The bundled SHACL shapes (`ontology/shapes.ttl`, `dgs:`).
pub mod dgs {
    /// The namespace IRI.
    pub const NAMESPACE: &str = "https://w3id.org/diplograph/shapes#";
}

/// The diplograph ontology.
pub mod dg {
    terms! { "https://w3id.org/diplograph/ontology#";
        /// A diplomatic document; its IRI also names its graph.
        DOCUMENT = "Document",
        /// A numbered section (一、).
        SECTION = "Section",
        /// A numbered subsection (（一）).
        SUBSECTION = "Subsection",
        /// A paragraph.
        PARAGRAPH = "Paragraph",
        /// A sentence.
        SENTENCE = "Sentence",
        /// A state.
        STATE = "State",
        /// An international organisation.
        INTERNATIONAL_ORGANISATION = "InternationalOrganisation",
        /// A political party.
        POLITICAL_PARTY = "PoliticalParty",
        /// A ministry or other body of a state.
        GOVERNMENT_BODY = "GovernmentBody",
        /// A news agency.
        NEWS_AGENCY = "NewsAgency",
        /// A person.
        PERSON = "Person",
        /// The delegation of a state at the meeting a document reports.
        DELEGATION = "Delegation",
        /// The state a delegation represents.
        DELEGATION_OF = "delegationOf",
        /// A place.
        PLACE = "Place",
        /// A city.
        CITY = "City",
        /// A region, river or sea.
        REGION = "Region",
        /// One place where an entity is named.
        MENTION = "Mention",
        /// The evidence for one asserted triple.
        EXTRACTED_FACT = "ExtractedFact",
        /// One run of `diplograph ingest`.
        INGEST_RUN = "IngestRun",
        /// The scheme of document kinds.
        DOCUMENT_KINDS = "DocumentKinds",
        /// A named instrument (treaty, agreement, memorandum…).
        INSTRUMENT = "Instrument",
        /// A named initiative.
        INITIATIVE = "Initiative",
        /// An event.
        EVENT = "Event",
        /// A meeting.
        MEETING = "Meeting",
        /// A proposal.
        PROPOSAL = "Proposal",
        /// A signature of a document.
        SIGNATURE = "Signature",
        /// The period an instrument covers.
        PERIOD = "period",
        /// What a document says of an instrument it names.
        STATUS = "status",
        /// First day of an event.
        START_DATE = "startDate",
        /// Last day of an event.
        END_DATE = "endDate",
        /// Held by video.
        ONLINE = "online",
        /// Who made a proposal.
        PROPOSER = "proposer",
        /// What a proposal says.
        CONTENT = "content",
        /// The stance taken.
        STANCE = "stance",
        /// Who signed.
        SIGNATORY = "signatory",
        /// Office held.
        OFFICE = "office",
        /// A signature of the document.
        SIGNATURE_PROPERTY = "signature",
        /// A sentence or clause that takes a stance.
        STANCE_STATEMENT = "StanceStatement",
        /// A commitment with a quantity.
        COMMITMENT = "Commitment",
        /// A named cooperation mechanism.
        MECHANISM = "Mechanism",
        /// A state or official visit.
        VISIT = "Visit",
        /// Who takes a stance.
        SPEAKER = "speaker",
        /// The stance verb is negated.
        NEGATED = "negated",
        /// An entity a statement mentions.
        ABOUT = "about",
        /// A cooperation area.
        TOPIC = "topic",
        /// A state's ruling party.
        RULING_PARTY = "rulingParty",
        /// The number promised.
        AMOUNT = "amount",
        /// Its unit.
        UNIT = "unit",
        /// How the amount is bounded.
        QUALIFIER = "qualifier",
        /// Who commits.
        GIVER = "giver",
        /// To whom.
        RECIPIENT = "recipient",
        /// The period of a commitment.
        COMMITMENT_PERIOD = "commitmentPeriod",
        /// A body an instrument's title names.
        SIGNATORY_BODY = "signatoryBody",
        /// Who visits.
        VISITOR = "visitor",
        /// The state visited.
        HOST = "host",
        /// The kind of visit.
        VISIT_KIND = "visitKind",
        /// An invitation.
        INVITATION = "Invitation",
        /// Who invites.
        INVITER = "inviter",
        /// Who is invited.
        INVITEE = "invitee",
        /// What the invitee is invited to do.
        PURPOSE = "purpose",
        /// The invitation was accepted.
        ACCEPTED = "accepted",
        /// Who organised an event.
        ORGANISER = "organiser",
        /// Links a text part to what contains it.
        PART_OF = "partOf",
        /// The document a part, mention or fact belongs to.
        DOCUMENT_PROPERTY = "document",
        /// Position among siblings, from 1.
        ORDINAL = "ordinal",
        /// Numbering marker as printed.
        MARKER = "marker",
        /// A part of one version that says what a part of another version says.
        ALIGNED_WITH = "alignedWith",
        /// A document the user declared a version of another.
        DECLARED_VERSION_OF = "declaredVersionOf",
        /// How the versions of a work were found: `declared` or `detected`.
        VERSION_METHOD = "versionMethod",
        /// How far detected versions agree, from 0 to 1.
        VERSION_SCORE = "versionScore",
        /// Normalized text.
        TEXT = "text",
        /// Start offset in the original file.
        START = "start",
        /// End offset in the original file (exclusive).
        END = "end",
        /// File name of the source.
        SOURCE_FILE = "sourceFile",
        /// Encoding of the source.
        SOURCE_ENCODING = "sourceEncoding",
        /// Media type of a source that is not plain text.
        SOURCE_FORMAT = "sourceFormat",
        /// SHA-256 of the text read from a source that is not plain text.
        TEXT_DIGEST = "textDigest",
        /// Kind of a document or instrument.
        KIND = "kind",
        /// Place of issue, signing or meeting.
        PLACE_PROPERTY = "place",
        /// Issuing agency.
        ISSUED_BY = "issuedBy",
        /// A party to the document.
        PARTY = "party",
        /// The state a place, body or person belongs to.
        COUNTRY = "country",
        /// An entity a mention names.
        MENTIONS = "mentions",
        /// The sentence a mention or fact was read from.
        SENTENCE_PROPERTY = "sentence",
        /// The rule that produced a mention or fact.
        RULE = "rule",
        /// Tool version of a run.
        TOOL_VERSION = "toolVersion",
        /// A Chinese title ending that gives a kind.
        TITLE_ENDING = "titleEnding",
        /// An "X方" form of an entity's name.
        PARTY_FORM = "partyForm",
        /// A one-character short form of an entity's name.
        SHORT_FORM = "shortForm",
        PAIR_FORM = "pairForm",
        /// A decision of `diplograph link`.
        LINK_DECISION = "LinkDecision",
        /// The entity a link decision is about.
        LINKED_ENTITY = "linkedEntity",
        /// The outcome of a link decision.
        OUTCOME = "outcome",
        /// How a link decision was made.
        LINK_METHOD = "linkMethod",
        /// How well the best candidate matched.
        SCORE = "score",
        /// A Wikidata item that was weighed.
        CANDIDATE = "candidate",
        /// The Wikidata item chosen.
        CHOSEN = "chosen",
        /// The endpoint asked.
        LINK_SOURCE = "linkSource",
        /// Outcome: linked.
        LINKED = "Linked",
        /// Outcome: two or more equally good candidates.
        AMBIGUOUS = "Ambiguous",
        /// Outcome: no fitting candidate.
        NO_MATCH = "NoMatch",
        /// Outcome: rejected by the user.
        REJECTED = "Rejected",
        /// The summary graph (its marker: the graph is of this class once a tally is written).
        SUMMARY = "Summary",
        /// The version of the summary's tallies a store keeps (a newer diplograph that counts
        /// more rebuilds an older summary).
        SUMMARY_VERSION = "summaryVersion",
        /// A count in the summary graph.
        TALLY = "Tally",
        /// Stance statements of one actor with one stance.
        STANCE_TALLY = "StanceTally",
        /// Statements about one topic.
        TOPIC_TALLY = "TopicTally",
        /// Documents with statements about one topic.
        TOPIC_DOCUMENT_TALLY = "TopicDocumentTally",
        /// Documents that date one thing.
        DATED_TALLY = "DatedTally",
        /// Documents that name one dated thing in one way (and at one place).
        NAME_TALLY = "NameTally",
        /// The count of a tally.
        TALLY_COUNT = "tally",
        /// The actor a stance tally counts statements of.
        TALLY_SPEAKER = "tallySpeaker",
        /// The stance a stance tally counts.
        TALLY_STANCE = "tallyStance",
        /// The topic a topic tally counts statements or documents of.
        TALLY_TOPIC = "tallyTopic",
        /// The dated thing a tally counts documents about.
        TALLIED = "tallied",
        /// What kind of dated thing a tally is about: meeting, visit, instrument or document.
        TALLY_KIND = "tallyKind",
        /// The date a tally counts documents giving.
        TALLY_DATE = "tallyDate",
        /// The name a name tally counts documents giving.
        TALLY_NAME = "tallyName",
        /// The place a name tally counts documents giving.
        TALLY_PLACE = "tallyPlace",
        /// Documents that mention one entity.
        ENTITY_TALLY = "EntityTally",
        /// Documents that mention one entity and give it one type.
        ENTITY_TYPE_TALLY = "EntityTypeTally",
        /// Documents that mention one entity and name it one way, with one property.
        ENTITY_NAME_TALLY = "EntityNameTally",
        /// The entity an entity tally counts documents of.
        TALLY_ENTITY = "tallyEntity",
        /// The type an entity type tally counts documents giving.
        TALLY_TYPE = "tallyType",
        /// The property (`skos:prefLabel`, `rdfs:label`, `dcterms:title`) that gives the name an
        /// entity name tally counts.
        TALLY_NAME_PROPERTY = "tallyNameProperty",
    }
}

/// Dublin Core terms.
pub mod dcterms {
    terms! { "http://purl.org/dc/terms/";
        /// Title of a document.
        TITLE = "title",
        /// Date of a document.
        DATE = "date",
        /// Identifier of a document.
        IDENTIFIER = "identifier",
        /// The language a document is written in.
        LANGUAGE = "language",
    }
}

/// FRBR core: a work and the versions (expressions) that realize it.
pub mod frbr {
    terms! { "http://purl.org/vocab/frbr/core#";
        /// A work: one document whatever its language.
        WORK = "Work",
        /// From a work to a version of it.
        REALIZATION = "realization",
        /// From a version to its work.
        REALIZATION_OF = "realizationOf",
    }
}

/// ISO 639-1 language codes as published by the Library of Congress (`dcterms:language` values).
pub mod iso639 {
    terms! { "http://id.loc.gov/vocabulary/iso639-1/";
        /// Chinese.
        ZH = "zh",
        /// English.
        EN = "en",
    }
}

/// PROV-O.
pub mod prov {
    terms! { "http://www.w3.org/ns/prov#";
        /// An activity.
        ACTIVITY = "Activity",
        /// An entity derived from a source.
        WAS_DERIVED_FROM = "wasDerivedFrom",
        /// What an activity used.
        USED = "used",
        /// What an activity generated.
        GENERATED = "generated",
        /// When an activity started.
        STARTED_AT_TIME = "startedAtTime",
        /// When an activity ended.
        ENDED_AT_TIME = "endedAtTime",
        /// Who an activity is associated with.
        WAS_ASSOCIATED_WITH = "wasAssociatedWith",
        /// A software agent.
        SOFTWARE_AGENT = "SoftwareAgent",
        /// The value of an entity.
        VALUE = "value",
        /// An entity (in the PROV sense).
        ENTITY = "Entity",
        /// When an entity was generated.
        GENERATED_AT_TIME = "generatedAtTime",
        /// The agent an entity is attributed to.
        WAS_ATTRIBUTED_TO = "wasAttributedTo",
    }
}

/// SKOS.
pub mod skos {
    terms! { "http://www.w3.org/2004/02/skos/core#";
        /// Preferred label.
        PREF_LABEL = "prefLabel",
        /// Alternative label.
        ALT_LABEL = "altLabel",
        /// A concept.
        CONCEPT = "Concept",
    }
}

/// OWL.
pub mod owl {
    terms! { "http://www.w3.org/2002/07/owl#";
        /// Identity link to another dataset.
        SAME_AS = "sameAs",
    }
}

/// SHACL, the terms of the shapes `diplograph validate` reads (see `validate`).
pub mod sh {
    terms! { "http://www.w3.org/ns/shacl#";
        /// A node shape.
        NODE_SHAPE = "NodeShape",
        /// The class whose instances a shape checks.
        TARGET_CLASS = "targetClass",
        /// A property shape of a node shape.
        PROPERTY = "property",
        /// The predicate a property shape checks.
        PATH = "path",
        /// The fewest values.
        MIN_COUNT = "minCount",
        /// The most values.
        MAX_COUNT = "maxCount",
        /// The datatype of every value.
        DATATYPE = "datatype",
        /// The class of every value.
        CLASS = "class",
        /// The least value, included.
        MIN_INCLUSIVE = "minInclusive",
        /// The least value, excluded.
        MIN_EXCLUSIVE = "minExclusive",
        /// Every value is at most every value of another predicate.
        LESS_THAN_OR_EQUALS = "lessThanOrEquals",
        /// At least one of a list of shapes holds.
        OR = "or",
        /// How grave a result is.
        SEVERITY = "severity",
        /// The message of a result.
        MESSAGE = "message",
        /// The gravest severity.
        VIOLATION = "Violation",
        /// A severity that does not stop a graph from conforming where warnings are allowed.
        WARNING = "Warning",
        /// The mildest severity.
        INFO = "Info",
        /// A shape's name, for people.
        NAME = "name",
        /// A shape's description, for people.
        DESCRIPTION = "description",
    }
}

/// GeoSPARQL.
pub mod geo {
    terms! { "http://www.opengis.net/ont/geosparql#";
        /// The geometry of a feature.
        HAS_GEOMETRY = "hasGeometry",
        /// A geometry.
        GEOMETRY = "Geometry",
        /// A geometry as Well-Known Text.
        AS_WKT = "asWKT",
        /// The datatype of Well-Known Text literals.
        WKT_LITERAL = "wktLiteral",
    }
}

/// The W3C WGS84 vocabulary, for tools that read latitude and longitude directly.
pub mod wgs84 {
    terms! { "http://www.w3.org/2003/01/geo/wgs84_pos#";
        /// Latitude in decimal degrees.
        LAT = "lat",
        /// Longitude in decimal degrees.
        LONG = "long",
    }
}

/// Prefixes used in exports and bundled queries, most specific first.
pub const PREFIXES: &[(&str, &str)] = &[
    ("dg", dg::NAMESPACE),
    ("dgr", dgr::NAMESPACE),
    // Entities minted from names under the default base (see `mapping::Iris::entity`).
    ("instrument", "https://w3id.org/diplograph/instrument/"),
    ("event", "https://w3id.org/diplograph/event/"),
    ("person", "https://w3id.org/diplograph/person/"),
    ("place", "https://w3id.org/diplograph/place/"),
    ("body", "https://w3id.org/diplograph/body/"),
    ("mechanism", "https://w3id.org/diplograph/mechanism/"),
    ("dcterms", dcterms::NAMESPACE),
    ("prov", prov::NAMESPACE),
    ("skos", skos::NAMESPACE),
    ("owl", owl::NAMESPACE),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("wd", "http://www.wikidata.org/entity/"),
    ("geo", geo::NAMESPACE),
    ("wgs84", wgs84::NAMESPACE),
];

/// The languages the ontology and the reference data label things in, the first preferred. A name
/// given to a query is looked up in each (see `query::Parameter::takes_name`).
pub const LABEL_LANGUAGES: &[&str] = &["zh", "en"];

/// Names of the graphs that are not documents, below the base IRI's `graph/`.
pub mod graphs {
    /// The ontology.
    pub const ONTOLOGY: &str = "ontology";
    /// The reference data.
    pub const REFERENCE: &str = "reference";
    /// The record of ingest runs.
    pub const RUNS: &str = "runs";
    /// The links to Wikidata.
    pub const LINKS: &str = "links";
    /// The tallies the corpus-wide queries read (see `summary`).
    pub const SUMMARY: &str = "summary";
    /// The versions of one work in several languages (see `versions`).
    pub const VERSIONS: &str = "versions";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::reference::parse_turtle;
    use oxigraph::model::{NamedOrBlankNode, Term};

    /// Every `dg` constant is declared in the ontology with a label in each label language.
    #[test]
    fn every_term_is_declared_in_the_ontology() {
        let quads = parse_turtle(
            "ontology/diplograph.ttl",
            include_str!("../../ontology/diplograph.ttl"),
        )
        .unwrap();
        for term in dg::ALL {
            let labels: Vec<&str> = quads
                .iter()
                .filter(|quad| matches!(&quad.subject, NamedOrBlankNode::NamedNode(s) if s.as_ref() == *term))
                .filter(|quad| quad.predicate.as_ref() == rdfs::LABEL || quad.predicate.as_ref() == skos::PREF_LABEL)
                .filter_map(|quad| match &quad.object {
                    Term::Literal(literal) => literal.language(),
                    _ => None,
                })
                .collect();
            for language in LABEL_LANGUAGES {
                assert!(
                    labels.contains(language),
                    "{term} needs a `{language}` label, has {labels:?}"
                );
            }
        }
    }
}
