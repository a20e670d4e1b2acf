//! PDF files: documents of the development corpus printed from a browser
//! (`tests/corpus/pdf/`, made by `scripts/pdf_files.py`), read as well as their text, with spans
//! that point into the text read, and bad PDF files (`tests/fixtures/pdf/`) refused by name.

use super::web_pages::{corpus_folder, macro_f1, spans_point_into_the_text_read, text_forms};
use super::*;

/// The PDF files score within 0.05 of the macro F1 of the text they were printed from.
#[test]
fn pdf_files_are_read_as_well_as_their_text() {
    let files = corpus_folder().join("pdf");
    let texts = tempfile::tempdir().unwrap();
    text_forms(&files, texts.path());
    let (pdf_documents, pdf_f1, pdf_out) = macro_f1(&[&files]);
    let (text_documents, text_f1, text_out) = macro_f1(&[texts.path()]);
    assert_eq!(pdf_documents, text_documents, "{pdf_out}");
    assert!(
        pdf_f1 >= text_f1 - 0.05,
        "macro F1 {pdf_f1:.3} of the PDF files against {text_f1:.3} of their text\n\
         PDF:\n{pdf_out}\ntext:\n{text_out}"
    );
}

/// Spans count the characters of the pages' text, pages joined by form feeds; the running heads
/// and page counters a browser prints are not in it.
#[test]
fn spans_of_a_pdf_point_into_the_text_read_from_it() {
    for name in [
        "establishment-communique-numerals-two-columns.zh.pdf",
        "2022-07-16_us-jordan-biden-abdullah-joint-statement.en.pdf",
    ] {
        let text = spans_point_into_the_text_read(
            &corpus_folder().join("pdf").join(name),
            "application/pdf",
        );
        assert!(
            !text.contains("file://"),
            "no page foot in the text: {text}"
        );
        assert!(
            !text.contains(" PM ") && !text.contains(" AM "),
            "no running head: {text}"
        );
        assert!(
            !text.contains('\u{2f45}') && !text.contains('\u{2ea0}'),
            "radicals are put right: {text}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let jordan = ok(
        dir.path(),
        &[
            "extract",
            "--format",
            "text",
            corpus_folder()
                .join("pdf/2022-07-16_us-jordan-biden-abdullah-joint-statement.en.pdf")
                .to_str()
                .unwrap(),
        ],
    );
    assert!(jordan.contains('\u{c}'), "two pages, joined by a form feed");
}

/// A scan, a file locked with a password, a damaged file and one of 301 pages are each refused
/// with a message that names the file and says what to do; exit 1, and the good file of the run
/// is stored.
#[test]
fn bad_pdf_files_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    let good = corpus_folder().join("pdf/2024-02-23_p3-joint-statement.en.pdf");
    let bytes = std::fs::read(&good).unwrap();
    let damaged = dir.path().join("damaged.pdf");
    std::fs::write(&damaged, &bytes[..bytes.len() / 3]).unwrap();
    let store = dir.path().join("store");
    let mut args = vec!["ingest".to_owned()];
    for name in ["scan.pdf", "locked.pdf", "long.pdf"] {
        args.push(fixtures.join(name).display().to_string());
    }
    args.push(damaged.display().to_string());
    args.push(good.display().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = diplograph(&store, &args);
    assert_eq!(output.status.code(), Some(1));
    let told = String::from_utf8_lossy(&output.stderr);
    for (file, says) in [
        ("scan.pdf", "OCR"),
        ("locked.pdf", "password"),
        ("long.pdf", "301 pages"),
        ("damaged.pdf", "damaged PDF"),
    ] {
        // The message names the file; its line or the hint under it says what to do.
        let lines: Vec<&str> = told.lines().collect();
        assert!(
            lines
                .iter()
                .enumerate()
                .any(|(at, line)| line.contains(file)
                    && lines[at..(at + 2).min(lines.len())]
                        .iter()
                        .any(|line| line.contains(says))),
            "{file}: {says}\n{told}"
        );
    }
    let documents = ok(&store, &["documents"]);
    assert!(
        documents.contains("2024-02-23_p3-joint-statement.en"),
        "{documents}"
    );
    for refused in ["scan", "locked", "long", "damaged"] {
        assert!(!documents.contains(refused), "{documents}");
    }
}
