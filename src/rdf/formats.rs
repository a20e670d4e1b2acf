//! The one table of the formats diplograph writes: RDF graph formats (for `export`, `extract`,
//! CONSTRUCT answers of `query` and the endpoint) and SPARQL result formats (for `query` and the
//! endpoint). A new format is one row here; the commands' `--format` values, the media types the
//! endpoint offers and whether a serializer declares the ontology's prefixes come from the rows.
//!
//! Cost: the tables are constants; a lookup is a scan of at most six rows.

use super::vocab::PREFIXES;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::sparql::results::QueryResultsFormat;

/// One RDF graph format.
#[derive(Debug, PartialEq, Eq)]
pub struct GraphFormatRow {
    /// The value of `--format`.
    pub name: &'static str,
    /// The oxigraph format.
    pub rdf: RdfFormat,
    /// Media types the endpoint answers with this format, its own first.
    pub media_types: &'static [&'static str],
    /// One line for `--help`.
    pub help: &'static str,
}

/// The graph formats, Turtle (the endpoint's default) first.
pub static GRAPH_FORMATS: [GraphFormatRow; 6] = [
    GraphFormatRow {
        name: "turtle",
        rdf: RdfFormat::Turtle,
        media_types: &["text/turtle", "application/x-turtle"],
        help: "Turtle (triples, graphs merged)",
    },
    GraphFormatRow {
        name: "trig",
        rdf: RdfFormat::TriG,
        media_types: &["application/trig"],
        help: "TriG (one named graph per document)",
    },
    GraphFormatRow {
        name: "nquads",
        rdf: RdfFormat::NQuads,
        media_types: &["application/n-quads"],
        help: "N-Quads (one named graph per document)",
    },
    GraphFormatRow {
        name: "ntriples",
        rdf: RdfFormat::NTriples,
        media_types: &["application/n-triples", "text/plain"],
        help: "N-Triples (triples, graphs merged)",
    },
    GraphFormatRow {
        name: "rdfxml",
        rdf: RdfFormat::RdfXml,
        media_types: &["application/rdf+xml"],
        help: "RDF/XML (triples, graphs merged)",
    },
    GraphFormatRow {
        name: "jsonld",
        rdf: RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
        media_types: &["application/ld+json"],
        help: "JSON-LD (one named graph per document)",
    },
];

/// Each row of [`GRAPH_FORMATS`] as a [`GraphFormat`], in the table's order.
static ALL: [GraphFormat; GRAPH_FORMATS.len()] = {
    let mut all = [GraphFormat(&GRAPH_FORMATS[0]); GRAPH_FORMATS.len()];
    let mut index = 1;
    while index < GRAPH_FORMATS.len() {
        all[index] = GraphFormat(&GRAPH_FORMATS[index]);
        index += 1;
    }
    all
};

/// A graph format: a row of [`GRAPH_FORMATS`], usable as a `--format` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphFormat(&'static GraphFormatRow);

impl GraphFormat {
    pub const TURTLE: Self = Self(&GRAPH_FORMATS[0]);
    pub const NQUADS: Self = Self(&GRAPH_FORMATS[2]);
    pub const NTRIPLES: Self = Self(&GRAPH_FORMATS[3]);

    /// Every graph format, in the table's order.
    pub fn all() -> impl Iterator<Item = Self> {
        ALL.iter().copied()
    }

    /// The format of a `--format` value.
    pub fn named(name: &str) -> Option<Self> {
        Self::all().find(|format| format.0.name == name)
    }

    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// The oxigraph format.
    pub fn rdf(self) -> RdfFormat {
        self.0.rdf
    }

    pub fn media_types(self) -> &'static [&'static str] {
        self.0.media_types
    }

    /// Whether the format keeps named graphs.
    pub fn keeps_graphs(self) -> bool {
        self.0.rdf.supports_datasets()
    }

    /// Whether the format declares prefixes (N-Triples and N-Quads write every IRI whole).
    pub fn declares_prefixes(self) -> bool {
        !matches!(self.0.rdf, RdfFormat::NTriples | RdfFormat::NQuads)
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        self.0.rdf.file_extension()
    }

    /// A serializer that declares the ontology's prefixes where the format has prefixes.
    pub fn serializer(self) -> RdfSerializer {
        self.serializer_with(std::iter::empty())
    }

    /// A serializer that declares the ontology's prefixes and `more` where the format has
    /// prefixes.
    pub fn serializer_with<'a>(
        self,
        more: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> RdfSerializer {
        let mut serializer = RdfSerializer::from_format(self.0.rdf);
        if !self.declares_prefixes() {
            return serializer;
        }
        let own = PREFIXES.iter().map(|(name, iri)| (*name, *iri));
        for (name, iri) in own.chain(more) {
            // Prefixes are fixed, valid IRIs; a failure would only drop a cosmetic prefix.
            if let Ok(with_prefix) = serializer.clone().with_prefix(name, iri) {
                serializer = with_prefix;
            }
        }
        serializer
    }
}

impl clap::ValueEnum for GraphFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.name).help(self.0.help))
    }
}

/// The SPARQL result formats, with the media types the endpoint answers with each, JSON (the
/// endpoint's default) first.
pub const RESULT_FORMATS: &[(QueryResultsFormat, &[&str])] = &[
    (
        QueryResultsFormat::Json,
        &["application/sparql-results+json", "application/json"],
    ),
    (
        QueryResultsFormat::Xml,
        &[
            "application/sparql-results+xml",
            "application/xml",
            "text/xml",
        ],
    ),
    (QueryResultsFormat::Csv, &["text/csv"]),
    (QueryResultsFormat::Tsv, &["text/tab-separated-values"]),
];

/// The names of the result formats for a message.
pub const RESULT_FORMAT_NAMES: &str = "SPARQL JSON, SPARQL XML, CSV or TSV";

/// The names of the graph formats for a message: `Turtle, TriG, … or JSON-LD`.
pub fn graph_format_names() -> String {
    let names: Vec<&str> = GraphFormat::all()
        .map(|format| format.rdf().name())
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn every_row_is_a_format_value_and_its_names_are_unique() {
        let names: Vec<&str> = GraphFormat::value_variants()
            .iter()
            .map(|format| format.name())
            .collect();
        assert_eq!(
            names,
            ["turtle", "trig", "nquads", "ntriples", "rdfxml", "jsonld"]
        );
        for format in GraphFormat::all() {
            assert_eq!(GraphFormat::named(format.name()), Some(format));
            assert_eq!(
                format.media_types()[0],
                format.rdf().media_type(),
                "{} lists its own media type first",
                format.name()
            );
        }
    }

    #[test]
    fn only_the_line_formats_go_without_prefixes() {
        let bare: Vec<&str> = GraphFormat::all()
            .filter(|format| !format.declares_prefixes())
            .map(GraphFormat::name)
            .collect();
        assert_eq!(bare, ["nquads", "ntriples"]);
        assert!(GraphFormat::TURTLE.declares_prefixes());
        assert_eq!(
            graph_format_names(),
            "Turtle, TriG, N-Quads, N-Triples, RDF/XML or JSON-LD"
        );
    }
}
