//! The data keeps its own ontology: every property the store uses with a declared domain or range
//! is used on subjects and with objects of that domain and range (a class, a union of classes,
//! an XSD datatype, a language-tagged string or any literal), over the samples ingested and
//! linked. This is what an OWL reasoner or a SHACL check of the domains and ranges would find.
//! The store is read with oxigraph directly, in one pass over its quads.

use crate::{ok, sample_store, shared_sample_store};
use oxigraph::model::{NamedOrBlankNode, Quad, Term};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const OWL_UNION: &str = "http://www.w3.org/2002/07/owl#unionOf";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// The classes a declared domain or range names: itself, or the members of its `owl:unionOf`.
fn members(declared: &Term, quads: &[Quad]) -> Vec<String> {
    let object = |subject: &Term, predicate: &str| {
        quads.iter().find_map(|quad| {
            (Term::from(quad.subject.clone()) == *subject && quad.predicate.as_str() == predicate)
                .then(|| quad.object.clone())
        })
    };
    match declared {
        Term::NamedNode(class) => vec![class.as_str().to_owned()],
        Term::BlankNode(_) => {
            let mut classes = Vec::new();
            let mut list = object(declared, OWL_UNION);
            while let Some(node) = list.filter(
                |node| !matches!(node, Term::NamedNode(n) if n.as_str() == format!("{RDF}nil")),
            ) {
                if let Some(Term::NamedNode(first)) = object(&node, &format!("{RDF}first")) {
                    classes.push(first.as_str().to_owned());
                }
                list = object(&node, &format!("{RDF}rest"));
            }
            classes
        }
        _ => Vec::new(),
    }
}

/// Uses outside the declared domains and ranges: `(property, domain or range)` → (count, an
/// example).
fn violations(store: &Path) -> BTreeMap<(String, &'static str), (usize, String)> {
    let quads: Vec<Quad> = oxigraph::store::Store::open_read_only(store)
        .unwrap()
        .iter()
        .map(Result::unwrap)
        .collect();
    let (mut domains, mut ranges) = (HashMap::new(), HashMap::new());
    let mut superclasses: HashMap<String, Vec<String>> = HashMap::new();
    let mut types: HashMap<Term, Vec<String>> = HashMap::new();
    for quad in &quads {
        let subject = Term::from(quad.subject.clone());
        match (quad.predicate.as_str(), &quad.object) {
            (p, object) if p == format!("{RDFS}domain") => {
                domains.insert(subject.to_string(), members(object, &quads));
            }
            (p, object) if p == format!("{RDFS}range") => {
                ranges.insert(subject.to_string(), members(object, &quads));
            }
            (p, Term::NamedNode(class)) if p == format!("{RDFS}subClassOf") => {
                if let NamedOrBlankNode::NamedNode(sub) = &quad.subject {
                    superclasses
                        .entry(sub.as_str().to_owned())
                        .or_default()
                        .push(class.as_str().to_owned());
                }
            }
            (p, Term::NamedNode(class)) if p == format!("{RDF}type") => {
                types
                    .entry(subject)
                    .or_default()
                    .push(class.as_str().to_owned());
            }
            _ => {}
        }
    }
    let is_a = |term: &Term, class: &str| {
        let mut seen = HashSet::new();
        let mut open: Vec<String> = types.get(term).cloned().unwrap_or_default();
        while let Some(next) = open.pop() {
            if next == class {
                return true;
            }
            if seen.insert(next.clone()) {
                open.extend(superclasses.get(&next).cloned().unwrap_or_default());
            }
        }
        false
    };
    let fits_range = |object: &Term, range: &str| match object {
        Term::Literal(_) if range == format!("{RDFS}Literal") => true,
        Term::Literal(literal) if range == format!("{RDF}langString") => {
            literal.language().is_some()
        }
        Term::Literal(literal) if range.starts_with(XSD) => {
            literal.language().is_none() && literal.datatype().as_str() == range
        }
        Term::Literal(_) => false,
        _ => !range.starts_with(XSD) && range != format!("{RDFS}Literal") && is_a(object, range),
    };
    let mut found: BTreeMap<(String, &'static str), (usize, String)> = BTreeMap::new();
    for quad in &quads {
        let property = format!("<{}>", quad.predicate.as_str());
        let subject = Term::from(quad.subject.clone());
        if let Some(classes) = domains.get(&property) {
            if !classes.iter().any(|class| is_a(&subject, class)) {
                let entry = found
                    .entry((property.clone(), "domain"))
                    .or_insert((0, subject.to_string()));
                entry.0 += 1;
            }
        }
        if let Some(classes) = ranges.get(&property) {
            if !classes.iter().any(|class| fits_range(&quad.object, class)) {
                let entry = found
                    .entry((property.clone(), "range"))
                    .or_insert((0, quad.object.to_string()));
                entry.0 += 1;
            }
        }
    }
    found
}

#[test]
fn every_property_keeps_its_domain_and_range() {
    let (_dir, store) = sample_store();
    ok(&store, &["link", "--offline"]);
    let found = violations(&store);
    assert!(found.is_empty(), "uses outside the ontology: {found:#?}");
    // The check finds what it is for: an IRI where a literal is declared, on a subject that is
    // not of the property's domain.
    {
        let oxigraph = oxigraph::store::Store::open(&store).unwrap();
        oxigraph
            .update(
                "INSERT DATA { GRAPH <urn:example:planted> { <urn:example:thing> \
                 <https://w3id.org/diplograph/ontology#visitKind> <urn:example:kind> } }",
            )
            .unwrap();
    }
    let found = violations(&store);
    let property = "<https://w3id.org/diplograph/ontology#visitKind>".to_owned();
    assert_eq!(
        found.get(&(property.clone(), "range")).map(|v| v.0),
        Some(1),
        "{found:#?}"
    );
    assert_eq!(
        found.get(&(property, "domain")).map(|v| v.0),
        Some(1),
        "{found:#?}"
    );
}

/// Each stance that PLOVER codes matches one PLOVER event type, whose notation is the code POLECAT
/// writes, so that a store's statements join POLECAT's events on it.
#[test]
fn stances_match_plover_event_types() {
    let store = shared_sample_store();
    let matches = crate::sparql_csv(
        &store,
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>
         PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
         SELECT ?stance ?code WHERE {
           ?s a dg:Stance ; skos:closeMatch ?type .
           ?type skos:inScheme dg:PloverEventTypes ; skos:notation ?code .
           BIND(STRAFTER(STR(?s), \"#\") AS ?stance)
         } ORDER BY ?stance",
    );
    let matches: HashMap<&str, &str> = matches
        .lines()
        .skip(1)
        .filter_map(|line| line.trim().split_once(','))
        .collect();
    for (stance, code) in [
        ("Agree", "AGREE"),
        ("Commit", "AGREE"),
        ("Support", "SUPPORT"),
        ("Welcome", "SUPPORT"),
        ("CallOn", "DEMAND"),
        ("Condemn", "DISAPPROVE"),
        ("Oppose", "REJECT"),
    ] {
        assert_eq!(matches.get(stance), Some(&code), "{stance}: {matches:?}");
    }
    for commentary in ["Note", "Stress", "Consider", "Reaffirm"] {
        assert!(
            !matches.contains_key(commentary),
            "{commentary}: {matches:?}"
        );
    }
    // The statements of the samples join on the codes.
    let coded = crate::sparql_csv(
        &store,
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>
         PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
         SELECT ?code (COUNT(*) AS ?n) WHERE {
           GRAPH ?d { ?statement dg:stance ?stance }
           ?stance skos:closeMatch/skos:notation ?code .
         } GROUP BY ?code ORDER BY ?code",
    );
    assert!(
        coded.contains("AGREE,") && coded.contains("SUPPORT,"),
        "{coded}"
    );
}

/// Validates `graph` (Turtle) against `ontology/shapes.ttl` with pyshacl, an independent SHACL
/// processor, warnings allowed: whether it conforms, and the report.
fn shacl(graph: &Path) -> (bool, String) {
    let shapes = Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/shapes.ttl");
    let output = std::process::Command::new("python3")
        .args(["-m", "pyshacl", "--shacl"])
        .arg(&shapes)
        .args(["--allow-warnings", "-f", "human"])
        .arg(graph)
        .output()
        .expect("python3 runs (scripts/setup.sh installs pyshacl)");
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        report.contains("Conforms:"),
        "pyshacl ran: {report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (report.contains("Conforms: True"), report)
}

/// The export of the samples conforms to the shapes under pyshacl (warnings, such as a document
/// whose date was not found, allowed); a graph that breaks them does not.
#[test]
fn the_export_conforms_to_the_shapes() {
    if crate::external_tools_skipped() {
        return;
    }
    let (dir, store) = sample_store();
    let export = dir.path().join("samples.ttl");
    ok(
        &store,
        &[
            "export",
            "--format",
            "turtle",
            "--output",
            export.to_str().unwrap(),
        ],
    );
    let (conforms, report) = shacl(&export);
    assert!(conforms, "{report}");

    // A signature without its state, a meeting that ends before it starts, and a statement
    // without a speaker.
    let broken = dir.path().join("broken.ttl");
    std::fs::write(
        &broken,
        std::fs::read_to_string(&export).unwrap()
            + "\n<urn:x:signature> a <https://w3id.org/diplograph/ontology#Signature> .\n\
               <urn:x:meeting> a <https://w3id.org/diplograph/ontology#Meeting> ;\n\
                 <https://w3id.org/diplograph/ontology#startDate> \"2020-05-02\"^^<http://www.w3.org/2001/XMLSchema#date> ;\n\
                 <https://w3id.org/diplograph/ontology#endDate> \"2020-05-01\"^^<http://www.w3.org/2001/XMLSchema#date> .\n\
               <urn:x:statement> a <https://w3id.org/diplograph/ontology#StanceStatement> ;\n\
                 <https://w3id.org/diplograph/ontology#stance> <https://w3id.org/diplograph/ontology#Agree> .\n",
    )
    .unwrap();
    let (conforms, report) = shacl(&broken);
    assert!(!conforms, "{report}");
    for message in [
        "A signature is for one state.",
        "A dated meeting does not end before it starts.",
        "A statement has at least one speaker, an actor.",
        "A fact names the one document it was read from.",
    ] {
        assert!(report.contains(message), "{message}\n{report}");
    }
}

/// Results of pyshacl's human report, by severity (`Warning`, `Violation`).
fn shacl_severities(report: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for line in report.lines() {
        if let Some(severity) = line.trim().strip_prefix("Severity: sh:") {
            *counts.entry(severity.to_owned()).or_default() += 1;
        }
    }
    counts
}

/// `diplograph validate` finds what pyshacl finds on the export of the same store, each result
/// pointing at the characters of its source file; a store that breaks a rule fails with the rule's
/// message, where the broken node was read.
#[test]
fn validate_agrees_with_pyshacl_and_points_at_the_text() {
    if crate::external_tools_skipped() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    ok(
        &store,
        &[
            "ingest",
            crate::samples().join(crate::PRINTED).to_str().unwrap(),
        ],
    );
    let export = dir.path().join("graph.ttl");
    ok(&store, &["export", "--output", export.to_str().unwrap()]);
    let (conforms, report) = shacl(&export);
    assert!(conforms, "{report}");
    let expected = shacl_severities(&report);

    let tsv = ok(&store, &["validate", "--format", "tsv"]);
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut found: BTreeMap<String, usize> = BTreeMap::new();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let severity = fields[column("severity")];
        let name = format!("{}{}", &severity[..1].to_uppercase(), &severity[1..]);
        *found.entry(name).or_default() += 1;
        assert_eq!(fields[column("source file")], crate::PRINTED, "{line}");
        let start: usize = fields[column("start")].parse().unwrap();
        let end: usize = fields[column("end")].parse().unwrap();
        assert!(start < end, "{line}");
    }
    assert_eq!(found, expected, "{tsv}\n{report}");

    // A signature without its state, read from characters 10 to 14 of the document.
    {
        let writer = diplograph::store::GraphStore::open_for_writing(&store).unwrap();
        let document = writer
            .graphs()
            .unwrap()
            .into_iter()
            .find(|graph| graph.as_str().ends_with(".doc1"))
            .unwrap();
        let mut quads: Vec<Quad> = writer
            .graph_quads(oxigraph::model::GraphNameRef::NamedNode(document.as_ref()))
            .map(Result::unwrap)
            .collect();
        let dg = |local: &str| {
            oxigraph::model::NamedNode::new(format!("https://w3id.org/diplograph/ontology#{local}"))
                .unwrap()
        };
        let node =
            oxigraph::model::NamedNode::new(format!("{}/signature-x", document.as_str())).unwrap();
        let graph = oxigraph::model::GraphName::NamedNode(document.clone());
        let integer = |value: &str| {
            Term::Literal(oxigraph::model::Literal::new_typed_literal(
                value,
                oxigraph::model::vocab::xsd::INTEGER,
            ))
        };
        for (predicate, object) in [
            (
                oxigraph::model::vocab::rdf::TYPE.into_owned(),
                Term::NamedNode(dg("Signature")),
            ),
            (dg("document"), Term::NamedNode(document.clone())),
            (dg("start"), integer("10")),
            (dg("end"), integer("14")),
            (
                dg("rule"),
                Term::Literal(oxigraph::model::Literal::new_simple_literal("test")),
            ),
            (
                dg("signatory"),
                Term::NamedNode(
                    oxigraph::model::NamedNode::new("https://w3id.org/diplograph/id/LiKeqiang")
                        .unwrap(),
                ),
            ),
        ] {
            quads.push(Quad::new(node.clone(), predicate, object, graph.clone()));
        }
        writer.replace_graph(document.as_ref(), &quads).unwrap();
    }
    let output = crate::diplograph(&store, &["validate"]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    let broken = text
        .lines()
        .find(|line| line.contains("A signature is for one state."))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        broken.starts_with(&format!("{} [10–14]: violation:", crate::PRINTED)),
        "{broken}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1 violation"), "{stderr}");
}
