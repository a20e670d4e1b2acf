//! Exports: every format, byte-identical twice, parsed back by oxigraph and by independent
//! parsers (raptor's `rapper`, Python's rdflib), and loaded back as the same graph.

use super::*;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad};
use std::collections::BTreeSet;

const FORMATS: &[(&str, &str)] = &[
    ("turtle", "ttl"),
    ("trig", "trig"),
    ("nquads", "nq"),
    ("ntriples", "nt"),
    ("rdfxml", "rdf"),
    ("jsonld", "jsonld"),
];

fn export(store: &Path, dir: &Path, format: &str, extension: &str) -> PathBuf {
    let file = dir.join(format!("export.{extension}"));
    ok(
        store,
        &[
            "export",
            "--format",
            format,
            "--output",
            file.to_str().unwrap(),
        ],
    );
    file
}

fn parse(file: &Path, format: RdfFormat) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_reader(std::fs::File::open(file).unwrap())
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|error| panic!("{} does not parse: {error}", file.display()))
}

fn store_quads(store: &Path) -> BTreeSet<String> {
    let store = oxigraph::store::Store::open_read_only(store).unwrap();
    store.iter().map(|quad| quad.unwrap().to_string()).collect()
}

fn store_triples(store: &Path) -> BTreeSet<String> {
    let store = oxigraph::store::Store::open_read_only(store).unwrap();
    store
        .iter()
        .map(|quad| {
            let quad = quad.unwrap();
            Quad::new(
                quad.subject,
                quad.predicate,
                quad.object,
                GraphName::DefaultGraph,
            )
            .to_string()
        })
        .collect()
}

#[test]
fn exports_are_byte_identical_every_time() {
    let (dir, store) = sample_store();
    for (format, extension) in FORMATS {
        let first = std::fs::read(export(&store, dir.path(), format, extension)).unwrap();
        let second = std::fs::read(export(&store, dir.path(), format, extension)).unwrap();
        assert!(!first.is_empty());
        assert!(first == second, "{format} export differs between two runs");
    }
}

#[test]
fn dataset_exports_load_back_as_the_same_dataset() {
    let (dir, store) = sample_store();
    let expected = store_quads(&store);
    for (format, extension, rdf_format) in [
        ("nquads", "nq", RdfFormat::NQuads),
        ("trig", "trig", RdfFormat::TriG),
        (
            "jsonld",
            "jsonld",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
    ] {
        let file = export(&store, dir.path(), format, extension);
        let loaded: BTreeSet<String> = parse(&file, rdf_format)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(loaded.len(), expected.len(), "{format}");
        assert!(
            loaded == expected,
            "{format} does not load back as the same dataset"
        );
    }
}

#[test]
fn triple_exports_load_back_as_the_merged_graph() {
    let (dir, store) = sample_store();
    let expected = store_triples(&store);
    for (format, extension, rdf_format) in [
        ("turtle", "ttl", RdfFormat::Turtle),
        ("ntriples", "nt", RdfFormat::NTriples),
        ("rdfxml", "rdf", RdfFormat::RdfXml),
    ] {
        let file = export(&store, dir.path(), format, extension);
        let loaded: BTreeSet<String> = parse(&file, rdf_format)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            loaded == expected,
            "{format}: {} triples loaded, {} expected",
            loaded.len(),
            expected.len()
        );
    }
}

#[test]
fn a_turtle_export_loads_into_an_empty_store() {
    let (dir, store) = sample_store();
    let file = export(&store, dir.path(), "turtle", "ttl");
    let fresh = oxigraph::store::Store::new().unwrap();
    fresh
        .load_from_reader(RdfFormat::Turtle, std::fs::File::open(&file).unwrap())
        .unwrap();
    assert_eq!(fresh.len().unwrap(), store_triples(&store).len());
}

#[test]
fn one_document_can_be_exported() {
    let (dir, store) = sample_store();
    let file = dir.path().join("one.ttl");
    let id = "2019-07-23_china-uae-comprehensive-strategic-partnership-joint-statement.zh";
    ok(
        &store,
        &[
            "export",
            "--document",
            id,
            "--output",
            file.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("@prefix this: <https://w3id.org/diplograph/document/2019-07-23_china-uae-comprehensive-strategic-partnership-joint-statement.zh/>"));
    assert!(
        text.contains("this:sentence-1 "),
        "parts use the document's prefix"
    );
    assert!(!text.contains("pdf-text"), "only the one document");
    let output = diplograph(&store, &["export", "--document", "nope"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("diplograph documents"));
}

/// Runs an independent parser on every export. The tools are installed by `scripts/setup.sh`
/// (and so by CI); set `DIPLOGRAPH_SKIP_EXTERNAL_TOOLS=1` to skip this test where they
/// cannot be installed.
#[test]
fn exports_parse_in_independent_tools() {
    if crate::external_tools_skipped() {
        return;
    }
    let (dir, store) = sample_store();
    let triples = store_triples(&store).len();
    let quads = store_quads(&store).len();
    for (format, extension) in FORMATS {
        let file = export(&store, dir.path(), format, extension);
        let expected = if matches!(*format, "trig" | "nquads" | "jsonld") {
            quads
        } else {
            triples
        };
        // rdflib reads every format.
        let rdflib_format = match *format {
            "turtle" => "turtle",
            "trig" => "trig",
            "nquads" => "nquads",
            "ntriples" => "nt",
            "rdfxml" => "xml",
            _ => "json-ld",
        };
        let script = format!(
            "import rdflib,sys\ng=rdflib.Dataset()\ng.parse(sys.argv[1], format='{rdflib_format}')\nprint(sum(1 for _ in g.quads((None,None,None,None))))"
        );
        let output = Command::new("python3")
            .args(["-c", &script, file.to_str().unwrap()])
            .output()
            .expect("python3 runs (scripts/setup.sh installs rdflib)");
        assert!(
            output.status.success(),
            "rdflib rejects the {format} export: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let count: usize = String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .unwrap();
        assert_eq!(
            count, expected,
            "rdflib reads {count} statements from the {format} export"
        );
        // raptor reads the triple formats and N-Quads/TriG.
        let raptor_format = match *format {
            "turtle" => Some("turtle"),
            "trig" => Some("trig"),
            "nquads" => Some("nquads"),
            "ntriples" => Some("ntriples"),
            "rdfxml" => Some("rdfxml"),
            _ => None,
        };
        if let Some(raptor_format) = raptor_format {
            let output = Command::new("rapper")
                .args(["-q", "-i", raptor_format, "-c", file.to_str().unwrap()])
                .output()
                .expect("rapper runs (scripts/setup.sh installs raptor2-utils)");
            assert!(
                output.status.success(),
                "rapper rejects the {format} export: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}
