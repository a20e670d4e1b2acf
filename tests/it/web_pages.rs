//! Web pages: the development corpus as sites serve it (`tests/corpus/html/`, in UTF-8, and
//! `html-gbk/`, in GBK declared in a `<meta>`; made by `scripts/web_pages.py`), read as well as
//! its text, with spans that point into the text read and bad pages refused by name.

use super::evaluation::{evaluation_of, f1, UNDERSTOOD};
use super::*;

/// The development corpus, `tests/corpus/`.
pub fn corpus_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Macro F1 over the fact types that tell whether a document was understood, as
/// `diplograph evaluate` scores `files` against the corpus's expected facts: the number of
/// documents scored, the macro F1, and the report.
pub fn macro_f1(files: &[&Path]) -> (usize, f64, String) {
    let (documents, rows, out) = evaluation_of(&corpus_folder().join("expected"), files);
    let scores: Vec<f64> = rows
        .iter()
        .filter(|(fact_type, _, _)| UNDERSTOOD.contains(&fact_type.as_str()))
        .map(|(_, precision, recall)| f1(*precision, *recall))
        .collect();
    (
        documents,
        scores.iter().sum::<f64>() / scores.len() as f64,
        out,
    )
}

/// The text files the files of `folder` (pages or PDF files) were made from, copied into `into`.
pub fn text_forms(folder: &Path, into: &Path) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let page = entry.unwrap().path();
        let stem = page.file_stem().unwrap().to_str().unwrap();
        let language = if stem.ends_with(".zh") { "zh" } else { "en" };
        let text = corpus_folder().join(language).join(format!("{stem}.txt"));
        std::fs::copy(&text, into.join(format!("{stem}.txt"))).unwrap();
    }
}

/// Each form of the pages scores within 0.05 of the macro F1 of the text it was made from.
#[test]
fn web_pages_are_read_as_well_as_their_text() {
    for folder in ["html", "html-gbk"] {
        let pages = corpus_folder().join(folder);
        let texts = tempfile::tempdir().unwrap();
        text_forms(&pages, texts.path());
        let (page_documents, page_f1, page_out) = macro_f1(&[&pages]);
        let (text_documents, text_f1, text_out) = macro_f1(&[texts.path()]);
        assert_eq!(
            page_documents, text_documents,
            "{folder}: every page is one scored document\n{page_out}"
        );
        assert!(
            page_f1 >= text_f1 - 0.05,
            "{folder}: macro F1 {page_f1:.3} of the pages against {text_f1:.3} of their text\n\
             pages:\n{page_out}\ntext:\n{text_out}"
        );
    }
}

pub fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The records of a page point into the text `extract --format text` prints for it, and the
/// document stored from the page carries that text's digest and the page's media type.
#[test]
fn spans_of_a_page_point_into_the_text_read_from_it() {
    for name in [
        "establishment-communique-numerals-two-columns.zh.html",
        "2022-07-16_us-jordan-biden-abdullah-joint-statement.en.html",
    ] {
        let text =
            spans_point_into_the_text_read(&corpus_folder().join("html").join(name), "text/html");
        assert!(!text.contains('<'), "no markup in the text read: {text}");
    }
}

/// Checks that every record of `file` slices, from the text `extract --format text` prints for
/// it, the text it was read from, and that the document stored from it records `media_type` and
/// that text's SHA-256. Returns the text.
pub fn spans_point_into_the_text_read(file: &Path, media_type: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let name = file.display();
    let path = file.to_str().unwrap();
    let text = ok(dir.path(), &["extract", "--format", "text", path]);
    let characters: Vec<char> = text.chars().collect();
    let records = ok(dir.path(), &["extract", path]);
    let mut checked = 0;
    for line in records.lines().skip(1) {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let (Some(start), Some(end), Some(surface)) = (
            record["start"].as_u64(),
            record["end"].as_u64(),
            record["text"].as_str(),
        ) else {
            continue;
        };
        let slice: String = characters[start as usize..end as usize].iter().collect();
        if surface.chars().any(|c| c.is_ascii_digit()) {
            // Dates and numbers are stored as read (一九七二年 as 1972年).
            continue;
        }
        // The surface is read from the slice: all its characters in order (a signature
        // block's column skips the other column's), the first at the start.
        let (slice, surface) = (squeezed(&slice), squeezed(surface));
        let mut rest = slice.chars();
        assert!(
            slice.chars().next() == surface.chars().next()
                && surface.chars().all(|c| rest.any(|d| d == c)),
            "{name}: record {record} slices {slice:?}"
        );
        checked += 1;
    }
    assert!(checked > 10, "{name}: {checked} records");

    let store = dir.path().join("store");
    ok(&store, &["ingest", path]);
    let stored = sparql_csv(
        &store,
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>
         SELECT ?format ?digest WHERE { GRAPH ?d { ?d dg:sourceFormat ?format ; dg:textDigest ?digest } }",
    );
    let digest = {
        use sha2::Digest;
        let bytes = sha2::Sha256::digest(text.as_bytes());
        bytes
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<String>()
    };
    assert_eq!(
        stored.lines().nth(1).map(str::trim),
        Some(format!("{media_type},sha256:{digest}").as_str()),
        "{stored}"
    );
    text
}

/// A folder's pages are found beside its text files, and `--verbose` names the reader of each,
/// in `extract` and in `ingest`.
#[test]
fn folders_hold_pages_and_the_reader_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("archive");
    std::fs::create_dir(&folder).unwrap();
    for (name, from) in [
        (
            "a.zh.htm",
            corpus_folder().join("html/treaty-articles-list-number.zh.html"),
        ),
        (
            "b.zh.txt",
            corpus_folder().join("zh/treaty-articles-list-number.zh.txt"),
        ),
    ] {
        std::fs::copy(from, folder.join(name)).unwrap();
    }
    let folder = folder.to_str().unwrap();
    for args in [
        vec!["--verbose", "extract", "--format", "nquads", folder],
        vec!["--verbose", "ingest", folder],
    ] {
        let output = diplograph(&dir.path().join("store"), &args);
        assert!(output.status.success());
        let told = String::from_utf8_lossy(&output.stderr);
        assert!(
            told.contains("a.zh.htm: read as web page (UTF-8)"),
            "{args:?}: {told}"
        );
        assert!(
            told.contains("b.zh.txt: read as text (UTF-8)"),
            "{args:?}: {told}"
        );
        if args[1] == "extract" {
            let quads = String::from_utf8_lossy(&output.stdout);
            assert!(
                quads.contains("/a.zh>") && quads.contains("/b.zh>"),
                "both documents"
            );
        }
    }
}

/// A page with no document text, and a page over the size limit, are refused by name with exit
/// 1; the other files of the run are stored.
#[test]
fn pages_without_text_or_too_large_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.html");
    std::fs::write(
        &empty,
        "<!DOCTYPE html><html><head><title>外交部</title><script>load()</script></head>\
         <body><div class=\"nav\"><a href=\"/\">首页</a></div><div id=\"app\"></div></body></html>",
    )
    .unwrap();
    let large = dir.path().join("large.html");
    let mut page = String::from("<!DOCTYPE html><html><body>");
    while page.len() < 50_000_000 {
        page.push_str("<div><p>双方同意加强合作。</p></div>\n");
    }
    std::fs::write(&large, page).unwrap();
    let good = corpus_folder().join("html/exchange-of-ambassadors-one-column.zh.html");
    let store = dir.path().join("store");
    let output = diplograph(
        &store,
        &[
            "ingest",
            empty.to_str().unwrap(),
            large.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let told = String::from_utf8_lossy(&output.stderr);
    assert!(
        told.contains("empty.html") && told.contains("no document text"),
        "{told}"
    );
    assert!(
        told.contains("large.html") && told.contains("--max-file-size"),
        "{told}"
    );
    let documents = ok(&store, &["documents"]);
    assert!(
        documents.contains("exchange-of-ambassadors-one-column.zh"),
        "{documents}"
    );
    assert!(
        !documents.contains("empty") && !documents.contains("large"),
        "{documents}"
    );
}
