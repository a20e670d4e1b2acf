//! The pipeline that every command shares: load the language data once, then turn each source
//! file into documents, records and quads.
//!
//! text → [`traditional`](crate::lang::traditional) → [`normalize`](crate::text::normalize) →
//! [`split_documents`](crate::text::document::split_documents) → [`extractors`](crate::extract) →
//! [`mapping`](crate::map::mapping) → quads, for Chinese; for English (told per file, see
//! [`crate::text::language`]): text → [`normalize::english`](crate::text::normalize::english) →
//! [`english_document`](crate::text::document::english_document) →
//! [`extract::en`](crate::extract::en) → the same mapping.
//!
//! The ontology, reference data and patterns are compiled into the binary from `ontology/`, so the
//! tool works from anywhere; `--ontology DIR` (or `DIPLOGRAPH_ONTOLOGY`) loads an edited copy
//! instead. Either way they are parsed and checked at start, and an error names the file.
//!
//! Cost: per document, linear in its length and its number of records; documents are independent,
//! so sources can be processed in any order or in parallel with the same result.

use crate::error::DataError;
use crate::extract::en::{english_extractors, English};
use crate::extract::{default_extractors, run_extractors, Annotations, Context, Extractor, Record};
use crate::lang::memberships::Memberships;
use crate::lang::reference::{parse_turtle, Reference};
use crate::lang::rules::Patterns;
use crate::lang::traditional::Simplifier;
use crate::lang::triggers::Triggers;
use crate::lang::wikidata_classes::ClassTable;
use crate::map::mapping::{document_graph, Iris};
use crate::rdf::graph::Graph;
use crate::text::document::{english_document, split_documents, Document, Split};
use crate::text::input::html::PageRules;
use crate::text::input::pdf::PdfRules;
use crate::text::input::ReadRules;
use crate::text::input::SourceText;
use crate::text::language::{Language, LanguageChoice};
use crate::text::normalize::{normalize, NormalizeOptions};
use oxigraph::model::Quad;
use std::path::Path;
use std::sync::Arc;

/// The data files of `ontology/`, as text.
#[derive(Debug, Clone)]
pub struct DataFiles {
    pub ontology: (String, String),
    pub reference: (String, String),
    /// The generated tables of states, territories and places (`scripts/gazetteer.py`).
    pub gazetteer: (String, String),
    pub patterns: (String, String),
    pub triggers: (String, String),
    pub wikidata_classes: (String, String),
    /// Traditional characters and their Simplified forms (`scripts/traditional.py`).
    pub traditional: (String, String),
    /// The members of groups of states over time (`memberships.tsv`).
    pub memberships: (String, String),
    /// The English lexicon and patterns (`en/lexicon.tsv`, `en/patterns.tsv`).
    pub english_lexicon: (String, String),
    pub english_patterns: (String, String),
    /// What tells a web page's furniture from its document (`web-page.tsv`).
    pub web_page: (String, String),
    /// A printed page's furniture (`pdf.tsv`), and the characters a PDF's text layer gives for
    /// others (`pdf-characters.tsv`, `scripts/pdf_characters.py`).
    pub pdf: (String, String),
    pub pdf_characters: (String, String),
}

impl DataFiles {
    /// The files compiled into the binary.
    pub fn embedded() -> Self {
        Self {
            ontology: (
                "ontology/diplograph.ttl".to_owned(),
                include_str!("../../ontology/diplograph.ttl").to_owned(),
            ),
            reference: (
                "ontology/reference.ttl".to_owned(),
                include_str!("../../ontology/reference.ttl").to_owned(),
            ),
            gazetteer: (
                "ontology/gazetteer.ttl".to_owned(),
                include_str!("../../ontology/gazetteer.ttl").to_owned(),
            ),
            patterns: (
                "ontology/patterns.tsv".to_owned(),
                include_str!("../../ontology/patterns.tsv").to_owned(),
            ),
            triggers: (
                "ontology/triggers.tsv".to_owned(),
                include_str!("../../ontology/triggers.tsv").to_owned(),
            ),
            wikidata_classes: (
                "ontology/wikidata-classes.tsv".to_owned(),
                include_str!("../../ontology/wikidata-classes.tsv").to_owned(),
            ),
            traditional: (
                "ontology/traditional.tsv".to_owned(),
                include_str!("../../ontology/traditional.tsv").to_owned(),
            ),
            memberships: (
                "ontology/memberships.tsv".to_owned(),
                include_str!("../../ontology/memberships.tsv").to_owned(),
            ),
            english_lexicon: (
                "ontology/en/lexicon.tsv".to_owned(),
                include_str!("../../ontology/en/lexicon.tsv").to_owned(),
            ),
            english_patterns: (
                "ontology/en/patterns.tsv".to_owned(),
                include_str!("../../ontology/en/patterns.tsv").to_owned(),
            ),
            web_page: (
                "ontology/web-page.tsv".to_owned(),
                include_str!("../../ontology/web-page.tsv").to_owned(),
            ),
            pdf: (
                "ontology/pdf.tsv".to_owned(),
                include_str!("../../ontology/pdf.tsv").to_owned(),
            ),
            pdf_characters: (
                "ontology/pdf-characters.tsv".to_owned(),
                include_str!("../../ontology/pdf-characters.tsv").to_owned(),
            ),
        }
    }

    /// The files of a folder laid out like `ontology/`.
    pub fn from_folder(folder: &Path) -> Result<Self, DataError> {
        let read = |name: &str| {
            let path = folder.join(name);
            std::fs::read_to_string(&path)
                .map(|text| (path.display().to_string(), text))
                .map_err(|error| DataError::Invalid {
                    file: path.display().to_string(),
                    message: error.to_string(),
                })
        };
        Ok(Self {
            ontology: read("diplograph.ttl")?,
            reference: read("reference.ttl")?,
            gazetteer: read("gazetteer.ttl")?,
            patterns: read("patterns.tsv")?,
            triggers: read("triggers.tsv")?,
            wikidata_classes: read("wikidata-classes.tsv")?,
            traditional: read("traditional.tsv")?,
            memberships: read("memberships.tsv")?,
            english_lexicon: read("en/lexicon.tsv")?,
            english_patterns: read("en/patterns.tsv")?,
            web_page: read("web-page.tsv")?,
            pdf: read("pdf.tsv")?,
            pdf_characters: read("pdf-characters.tsv")?,
        })
    }
}

/// `quads`, with a `skos:altLabel` for the Simplified form of each Chinese name in Traditional
/// characters, where no entity has that name yet and no other entity's name simplifies to it
/// (Taiwan's 達卡 is Dakar, the mainland's 达卡 Dhaka: the form stays with Dhaka). The quads stored
/// in the reference graph are left as they are; these are for reading only.
fn with_simplified_names(quads: &[Quad], simplifier: &Simplifier) -> Vec<Quad> {
    use crate::rdf::vocab::skos;
    use oxigraph::model::{Literal, Term};
    use std::collections::{BTreeMap, BTreeSet, HashSet};
    let chinese_name = |quad: &Quad| match &quad.object {
        Term::Literal(literal)
            if literal.language() == Some("zh")
                && (quad.predicate == skos::PREF_LABEL || quad.predicate == skos::ALT_LABEL) =>
        {
            Some(literal.value().to_owned())
        }
        _ => None,
    };
    let known: HashSet<String> = quads.iter().filter_map(chinese_name).collect();
    // Each new form, with the entities whose names simplify to it.
    let mut wanted: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (index, quad) in quads.iter().enumerate() {
        let Some(name) = chinese_name(quad) else {
            continue;
        };
        if let std::borrow::Cow::Owned(simplified) = simplifier.simplify(&name) {
            if !known.contains(&simplified) {
                wanted.entry(simplified).or_default().insert(index);
            }
        }
    }
    let mut reading = quads.to_vec();
    for (form, holders) in wanted {
        let subjects: BTreeSet<String> = holders
            .iter()
            .map(|&index| quads[index].subject.to_string())
            .collect();
        if subjects.len() != 1 {
            continue;
        }
        let quad = &quads[*holders.first().expect("one holder at least")];
        reading.push(Quad::new(
            quad.subject.clone(),
            skos::ALT_LABEL,
            Literal::new_language_tagged_literal_unchecked(form, "zh"),
            quad.graph_name.clone(),
        ));
    }
    reading
}

/// One document after extraction.
#[derive(Debug)]
pub struct ExtractedDocument {
    pub document: Document,
    pub records: Vec<Record>,
    /// The document's graph, its terms held once each.
    pub graph: Graph,
}

/// The loaded language data and extractors.
pub struct Pipeline {
    pub patterns: Patterns,
    pub triggers: Triggers,
    pub reference: Reference,
    pub ontology_quads: Vec<Quad>,
    pub reference_quads: Vec<Quad>,
    /// Which Wikidata classes fit each class, for `diplograph link`.
    pub wikidata_classes: ClassTable,
    normalize_options: NormalizeOptions,
    simplifier: Simplifier,
    extractors: Vec<Box<dyn Extractor>>,
    /// The English lexicon, patterns and names.
    pub english: English,
    english_extractors: Vec<Box<dyn Extractor>>,
    /// What the readers of web pages and PDF files go by.
    pub readers: ReadRules,
    pub iris: Iris,
}

/// How a source is read: where its documents begin, and in which language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reading {
    pub split: Split,
    pub language: LanguageChoice,
}

impl From<Split> for Reading {
    fn from(split: Split) -> Self {
        Self {
            split,
            language: LanguageChoice::Detect,
        }
    }
}

impl Pipeline {
    /// Parses and checks the data files and prepares the extractors.
    pub fn load(files: &DataFiles, iris: Iris) -> Result<Self, DataError> {
        let patterns = Patterns::parse(&files.patterns.0, &files.patterns.1)?;
        let ontology_quads = parse_turtle(&files.ontology.0, &files.ontology.1)?;
        // The hand-kept and the generated reference data describe one set of entities: an entity
        // of the gazetteer may get further names and links in the hand-kept file.
        let mut reference_quads = parse_turtle(&files.gazetteer.0, &files.gazetteer.1)?;
        reference_quads.extend(parse_turtle(&files.reference.0, &files.reference.1)?);
        // A set of triples: what both files say is said once.
        let mut seen = std::collections::HashSet::new();
        reference_quads.retain(|quad| seen.insert(quad.clone()));
        let simplifier = Simplifier::parse(&files.traditional.0, &files.traditional.1)?;
        // Names in Traditional characters (北韓, as Taiwan writes it) are also read in their
        // Simplified forms (北韩), the characters a text in Traditional characters is read in.
        let reading_quads = with_simplified_names(&reference_quads, &simplifier);
        let mut reference = Reference::build(
            &format!("{} (with {})", files.reference.0, files.gazetteer.0),
            &reading_quads,
            &files.ontology.0,
            &ontology_quads,
        )?;
        reference.memberships =
            Memberships::parse(&files.memberships.0, &files.memberships.1, &reference)?;
        let triggers = Triggers::parse(&files.triggers.0, &files.triggers.1, &ontology_quads)?;
        let wikidata_classes =
            ClassTable::parse(&files.wikidata_classes.0, &files.wikidata_classes.1)?;
        wikidata_classes.check_against(&files.wikidata_classes.0, &ontology_quads)?;
        let english = English::load(
            &files.english_lexicon,
            &files.english_patterns,
            &reference,
            &reading_quads,
            &ontology_quads,
        )?;
        let readers = ReadRules {
            page: PageRules::parse(&files.web_page.0, &files.web_page.1)?,
            pdf: PdfRules::parse(&files.pdf, &files.pdf_characters)?,
        };
        let normalize_options = NormalizeOptions {
            paragraph_opener: patterns.get("layout.paragraph-opener").clone(),
            numeral_date: patterns.get("layout.numeral-date").clone(),
            furniture_tail: patterns.get("layout.furniture-tail").clone(),
            reading_gloss: patterns.get("layout.reading-gloss").clone(),
            record_field: patterns.get("layout.record-field").clone(),
        };
        Ok(Self {
            patterns,
            triggers,
            reference,
            ontology_quads,
            reference_quads,
            wikidata_classes,
            normalize_options,
            simplifier,
            extractors: default_extractors(),
            english,
            english_extractors: english_extractors(),
            readers,
            iris,
        })
    }

    /// The shared context of the extractors, with `annotations` of no document yet
    /// ([`run_extractors`] gives each document its own).
    pub fn context<'a>(&'a self, annotations: &'a Annotations) -> Context<'a> {
        Context {
            reference: &self.reference,
            patterns: &self.patterns,
            triggers: &self.triggers,
            english: &self.english,
            annotations,
        }
    }

    /// Normalizes and splits a source into documents, without extracting. A text in Traditional
    /// characters is read in their Simplified forms, character for character, and stored in its
    /// own (see [`crate::lang::traditional`]): offsets still count the file's characters.
    pub fn documents(&self, mut source: SourceText, reading: impl Into<Reading>) -> Vec<Document> {
        let reading = reading.into();
        if reading.language.for_text(&source.text) == Language::English {
            let english = &self.english;
            let normalized = Arc::new(crate::text::normalize::english::normalize(
                &source.text,
                &crate::text::normalize::english::LinePatterns {
                    alone: english.patterns.get("layout.site-tagline"),
                    opens: english.patterns.get("layout.signing-line"),
                    goes_on: english.patterns.get("layout.title-broken"),
                    run_on: english.patterns.get("layout.run-on-paragraph"),
                    dateline: english.patterns.get("metadata.dateline"),
                },
            ));
            return english_document(Arc::new(source), normalized, &english.patterns, |text| {
                english.names_kind(text)
            });
        }
        let split = reading.split;
        let written = match self.simplifier.simplify(&source.text) {
            std::borrow::Cow::Owned(simplified) => {
                Some(std::mem::replace(&mut source.text, simplified))
            }
            std::borrow::Cow::Borrowed(_) => None,
        };
        let mut normalized = normalize(&source.text, &self.normalize_options);
        if let Some(written) = &written {
            normalized.keep_written(written, |c| self.simplifier.form(c));
        }
        let normalized = Arc::new(normalized);
        split_documents(
            Arc::new(source),
            normalized,
            split,
            &self.patterns,
            &self.reference,
        )
    }

    /// Runs the whole pipeline on one source.
    pub fn process(
        &self,
        source: SourceText,
        reading: impl Into<Reading>,
    ) -> Vec<ExtractedDocument> {
        let annotations = Annotations::default();
        let context = self.context(&annotations);
        self.documents(source, reading)
            .into_iter()
            .map(|document| {
                let extractors = match document.language {
                    Language::Chinese => &self.extractors,
                    Language::English => &self.english_extractors,
                };
                let records = run_extractors(extractors, &document, &context);
                let graph = document_graph(&document, &records, &self.iris);
                ExtractedDocument {
                    document,
                    records,
                    graph,
                }
            })
            .collect()
    }

    /// [`Pipeline::process`], with a fault in the extractors caught: the file is then reported by
    /// its path and skipped, and the other files of a run are still read. The message says what
    /// failed and where in the code, for a report.
    pub fn process_or_fault(
        &self,
        source: SourceText,
        reading: impl Into<Reading>,
    ) -> Result<Vec<ExtractedDocument>, String> {
        let path = source.path.clone();
        let reading = reading.into();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.process(source, reading)))
            .map_err(|payload| {
                let what = payload
                    .downcast_ref::<&str>()
                    .map(|text| (*text).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "an unknown fault".to_owned());
                format!(
                    "`{}` could not be extracted, an internal fault of diplograph ({what}); the \
                     file was skipped\nhint: please report it to the diplograph project with the file",
                    path.display()
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::mapping::DEFAULT_BASE;
    use crate::text::input::SourceFormat;

    /// An extractor with a fault: it panics on a document that holds `故障`.
    struct Faulty;

    impl Extractor for Faulty {
        fn name(&self) -> &'static str {
            "faulty"
        }

        fn produces(&self) -> &'static [&'static str] {
            &[]
        }

        fn extract(&self, document: &Document, _: &Context<'_>) -> Vec<Record> {
            assert!(!document.text().contains("故障"), "a planted fault");
            Vec::new()
        }
    }

    fn source(name: &str, text: &str) -> SourceText {
        SourceText {
            path: std::path::PathBuf::from(format!("corpus/{name}")),
            file_name: name.to_owned(),
            text: text.to_owned(),
            encoding: "UTF-8",
            format: SourceFormat::Text,
        }
    }

    #[test]
    fn a_fault_in_one_file_is_reported_by_its_path_and_the_next_file_is_read() {
        let mut pipeline =
            Pipeline::load(&DataFiles::embedded(), Iris::new(DEFAULT_BASE).unwrap()).unwrap();
        pipeline.extractors.push(Box::new(Faulty));
        let faulty = pipeline.process_or_fault(
            source(
                "a.txt",
                "中华人民共和国和智利共和国联合声明\n双方同意排除故障。",
            ),
            Split::Detect,
        );
        let message = faulty.unwrap_err();
        assert!(
            message.contains("`corpus/a.txt` could not be extracted")
                && message.contains("a planted fault")
                && message.contains("the file was skipped"),
            "{message}"
        );
        let sound = pipeline
            .process_or_fault(
                source(
                    "b.txt",
                    "中华人民共和国和智利共和国联合声明\n双方同意加强合作。",
                ),
                Split::Detect,
            )
            .unwrap();
        assert_eq!(sound.len(), 1);
        assert!(!sound[0].graph.is_empty());
    }
}
