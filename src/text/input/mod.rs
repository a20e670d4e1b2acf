//! Reading input: files and folders, the character encodings Chinese documents come in, and the
//! readers of web pages and PDF files.
//!
//! Unless the user names the encoding, a file is decoded as UTF-16 when it has a byte-order mark
//! or the NUL bytes of UTF-16 text, else as UTF-8 (with or without byte-order mark), else as
//! GB18030 (which covers GBK and GB2312, common for Chinese government files) or Big5 (Taiwan and
//! Hong Kong), as Mozilla's detector tells them apart. A file the detector takes for another
//! encoding, or cannot place with confidence, is refused with a hint to name its encoding: no
//! garbled text is stored. Line endings are kept as they are: offsets count the characters of the
//! decoded file, CR included. Other files with NUL bytes are taken for binary.
//!
//! A web page (`.html`, `.htm`, or a file that opens with a doctype or an `<html>` tag) that has no
//! byte-order mark and is not UTF-8 is decoded in the `charset` its `<meta>` declares, as browsers
//! do, before any guess (pages saved as UTF-8 often keep the declaration of the site's GBK); the
//! document in it is then read as text ([`html`]).
//!
//! A PDF file (`%PDF-` at its start) is read for the text layer of its pages ([`pdf`]); it may be
//! ten times the size limit, for its fonts.
//!
//! Folders are walked recursively in sorted order, taking files whose name ends in `.txt`,
//! `.text`, `.html`, `.htm` or `.pdf`; a file named on the command line is read whatever its
//! name. The walk does not follow symbolic links (as `rg` and `fd` do not), and skips what is not
//! a regular file (pipes, devices, sockets), each with a note: a link or a pipe is read only when
//! named on the command line.
//!
//! Each file gets a *source name*, from which its documents' IDs are made: its path relative to
//! the folder given (`2019/joint-statement.txt` when `archive/` is given), or its file name when
//! the file itself is given. Bytes of a name that are not UTF-8 are written `%XX`.
//!
//! At most the size limit (2 MB unless `--max-file-size` says otherwise) and one byte more is read
//! from a file, whatever length the file system reports: a device or a pipe reports none.
//! Extraction and ingest hold a file's facts and graphs in memory, about 70 to 130 bytes for each
//! byte of text (`benches/hostile.py`).
//!
//! Cost: linear in the size of each file; a file is held in memory once as bytes and once as text
//! (a page or a PDF also as its parsed tree or document while it is read).

pub mod html;
pub mod pdf;

use crate::error::InputError;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::io::Read;
use std::path::{Path, PathBuf};

/// What the readers of web pages and PDF files go by (`ontology/web-page.tsv`, `ontology/pdf.tsv`,
/// `ontology/pdf-characters.tsv`).
#[derive(Debug, Clone)]
pub struct ReadRules {
    pub page: html::PageRules,
    pub pdf: pdf::PdfRules,
}

/// A decoded source file.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Path as given (or found while walking a folder).
    pub path: PathBuf,
    /// The source name ([`InputFile::name`]): what graphs record and IDs are made from, the same
    /// on every machine.
    pub file_name: String,
    /// The text spans count into: the decoded file, byte-order mark removed, line endings
    /// untouched; for a web page, the document read from it; for a PDF file, its pages' text
    /// joined by form feeds.
    pub text: String,
    /// Name of the encoding the bytes were decoded from (`UTF-8`, `UTF-16LE`, `GB18030`…).
    pub encoding: &'static str,
    /// What the file was read as.
    pub format: SourceFormat,
}

impl SourceText {
    /// How the file was read, as `--verbose` tells it: `web page (UTF-8)`.
    pub fn read_as(&self) -> String {
        format!("{} ({})", self.format.reader(), self.encoding)
    }
}

/// What a file was read as, and so by which reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceFormat {
    /// Plain text: spans count the file's own characters.
    #[default]
    Text,
    /// A web page: spans count the characters of the text read from it.
    Html,
    /// A PDF file: spans count the characters of its pages' text, joined by form feeds.
    Pdf,
}

impl SourceFormat {
    /// The media type of the format.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Text => "text/plain",
            Self::Html => "text/html",
            Self::Pdf => "application/pdf",
        }
    }

    /// The reader's name, as `--verbose` tells it.
    pub fn reader(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Html => "web page",
            Self::Pdf => "PDF text layer",
        }
    }
}

/// How to choose the encoding of input files.
#[derive(Debug, Clone, Copy, Default)]
pub enum EncodingChoice {
    /// Byte-order mark, else UTF-8, else GB18030.
    #[default]
    Detect,
    /// This encoding, always.
    Named(&'static Encoding),
}

impl EncodingChoice {
    /// Parses a WHATWG encoding label (`utf-8`, `gbk`, `gb18030`, `utf-16le`, `big5`…) or `auto`.
    pub fn from_label(label: &str) -> Result<Self, InputError> {
        if label.eq_ignore_ascii_case("auto") {
            return Ok(Self::Detect);
        }
        Encoding::for_label(label.trim().as_bytes())
            .map(Self::Named)
            .ok_or_else(|| InputError::UnknownEncoding {
                label: label.to_owned(),
            })
    }
}

/// A file to read, with its source name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// The path relative to the folder given, folders joined by `/` (or the file name, for a file
    /// given itself); bytes that are not UTF-8 are written `%XX`.
    pub name: String,
}

/// What the walk of a folder passed over, and why: told to the user as a note, not an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: &'static str,
}

/// The files found for the paths given: each file argument as is, each folder walked
/// recursively for `.txt`, `.text`, `.html`, `.htm` and `.pdf` files, in sorted order.
#[derive(Debug, Default)]
pub struct FoundFiles {
    pub files: Vec<InputFile>,
    /// Paths that do not exist, and folders that could not be read.
    pub errors: Vec<InputError>,
    /// Links and special files passed over in folders.
    pub skipped: Vec<Skipped>,
}

/// Lists the files to read (see [`FoundFiles`]).
pub fn collect_files(paths: &[PathBuf]) -> FoundFiles {
    let mut found = FoundFiles::default();
    for path in paths {
        // A path given is followed even when it is a link: the user named it.
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => walk_folder(path, "", &mut found),
            Ok(_) => found.files.push(InputFile {
                path: path.clone(),
                name: path
                    .file_name()
                    .map_or_else(|| display_name(path.as_os_str()), display_name),
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                found
                    .errors
                    .push(InputError::Missing { path: path.clone() });
            }
            Err(source) => found.errors.push(InputError::Read {
                path: path.clone(),
                source,
            }),
        }
    }
    found
}

fn walk_folder(folder: &Path, prefix: &str, found: &mut FoundFiles) {
    let read_error = |source| InputError::Read {
        path: folder.to_owned(),
        source,
    };
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(source) => {
            found.errors.push(read_error(source));
            return;
        }
    };
    let mut listed = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => listed.push(entry),
            Err(source) => found.errors.push(read_error(source)),
        }
    }
    listed.sort_by_key(std::fs::DirEntry::file_name);
    for entry in listed {
        let file_name = entry.file_name();
        if file_name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = entry.path();
        let name = format!("{prefix}{}", display_name(&file_name));
        let file_type = match entry.file_type() {
            Ok(file_type) => file_type,
            Err(source) => {
                found.errors.push(InputError::Read { path, source });
                continue;
            }
        };
        if file_type.is_dir() {
            walk_folder(&path, &format!("{name}/"), found);
        } else if !has_extension(&path, &READ_EXTENSIONS) {
            continue;
        } else if file_type.is_symlink() {
            found.skipped.push(Skipped {
                path,
                reason: "a symbolic link, not followed in a folder (name it to read it)",
            });
        } else if !file_type.is_file() {
            found.skipped.push(Skipped {
                path,
                reason: "not a regular file (a pipe, a device or a socket; name it to read it)",
            });
        } else {
            found.files.push(InputFile { path, name });
        }
    }
}

/// A file or folder name as text: UTF-8 as it is, other bytes as `%XX`, so that two names that
/// differ only in such bytes stay apart.
fn display_name(name: &std::ffi::OsStr) -> String {
    let bytes = name.as_encoded_bytes();
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for byte in chunk.invalid() {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    text
}

/// The extensions of the files a folder's walk reads.
const READ_EXTENSIONS: [&str; 5] = ["txt", "text", "html", "htm", "pdf"];

/// True when the file's name ends in one of `extensions` (any case).
fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            extensions
                .iter()
                .any(|known| extension.eq_ignore_ascii_case(known))
        })
}

/// The largest file read by default, in megabytes (`--max-file-size`).
pub const DEFAULT_MAX_FILE_MEGABYTES: u64 = 2;

/// How many times the size limit a PDF file may have.
pub const PDF_SIZE_FACTOR: u64 = 10;

/// A size limit of `megabytes` (`--max-file-size`), in bytes.
pub const fn size_limit_bytes(megabytes: u64) -> u64 {
    megabytes.saturating_mul(1_000_000)
}

/// Reads and decodes one file under its source name, refusing files over `max_megabytes`: at most
/// the limit and one byte more is read, whatever size the file system reports.
pub fn read_source(
    file: &InputFile,
    choice: EncodingChoice,
    max_megabytes: u64,
    rules: &ReadRules,
) -> Result<SourceText, InputError> {
    let path = file.path.as_path();
    let read_error = |source| InputError::Read {
        path: path.to_owned(),
        source,
    };
    // A PDF file holds its fonts and layout besides its text: it may be ten times as large.
    let max_megabytes = if has_extension(path, &["pdf"]) {
        max_megabytes.saturating_mul(PDF_SIZE_FACTOR)
    } else {
        max_megabytes
    };
    let limit = size_limit_bytes(max_megabytes);
    let too_large = |size: u64| InputError::TooLarge {
        path: path.to_owned(),
        megabytes: size as f64 / 1e6,
        limit: max_megabytes,
    };
    let opened = std::fs::File::open(path).map_err(read_error)?;
    let reported = opened.metadata().map_err(read_error)?.len();
    if reported > limit {
        return Err(too_large(reported));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(reported).unwrap_or(0));
    opened
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    decode_source(path, file.name.clone(), &bytes, choice, rules)
}

/// Decodes bytes that were read from `path` (exposed for callers that already hold the bytes,
/// such as the bundled samples of `demo`).
pub fn decode_source(
    path: &Path,
    file_name: String,
    bytes: &[u8],
    choice: EncodingChoice,
    rules: &ReadRules,
) -> Result<SourceText, InputError> {
    if pdf::is_pdf(bytes) {
        return read_pdf(path, file_name, bytes, rules);
    }
    if has_extension(path, &["pdf"]) {
        return Err(InputError::PdfDamaged {
            path: path.to_owned(),
            reason: "it does not begin as a PDF file does (`%PDF-`)".to_owned(),
        });
    }
    let page =
        has_extension(path, &["html", "htm"]) || html::looks_like_html(&ascii_opening(bytes));
    let choice = match choice {
        EncodingChoice::Detect
            if page
                && Encoding::for_bom(bytes).is_none()
                && std::str::from_utf8(bytes).is_err() =>
        {
            html::declared_encoding(bytes).map_or(choice, EncodingChoice::Named)
        }
        _ => choice,
    };
    let (mut text, encoding) = decode(path, bytes, choice)?;
    if text.trim().is_empty() {
        return Err(InputError::Empty {
            path: path.to_owned(),
        });
    }
    let format = if page {
        text = html::read_page(&text, &rules.page)
            .map_err(|unreadable| match unreadable {
                html::Unreadable::NoText => InputError::NoPageText {
                    path: path.to_owned(),
                },
                html::Unreadable::TooDeep => InputError::PageTooDeep {
                    path: path.to_owned(),
                    limit: html::MAX_DEPTH,
                },
            })?
            .text;
        SourceFormat::Html
    } else {
        SourceFormat::Text
    };
    Ok(SourceText {
        path: path.to_owned(),
        file_name,
        text,
        encoding,
        format,
    })
}

/// Reads the text layer of a PDF file.
fn read_pdf(
    path: &Path,
    file_name: String,
    bytes: &[u8],
    rules: &ReadRules,
) -> Result<SourceText, InputError> {
    let failed = |unreadable| {
        let path = path.to_owned();
        match unreadable {
            pdf::Unreadable::Damaged(reason) => InputError::PdfDamaged { path, reason },
            pdf::Unreadable::Encrypted => InputError::PdfEncrypted { path },
            pdf::Unreadable::NoTextLayer => InputError::PdfScanned { path },
            pdf::Unreadable::TooManyPages(pages) => InputError::PdfTooLong {
                path,
                pages,
                limit: pdf::MAX_PAGES,
            },
        }
    };
    let read = pdf::read_pdf(bytes, &rules.pdf).map_err(failed)?;
    Ok(SourceText {
        path: path.to_owned(),
        file_name,
        text: read.text,
        encoding: "PDF",
        format: SourceFormat::Pdf,
    })
}

/// The first kilobyte of a file as ASCII, other bytes as `?` and NUL bytes left out (so that
/// UTF-16 reads by its low bytes), to tell a web page by its opening whatever its encoding.
fn ascii_opening(bytes: &[u8]) -> String {
    bytes
        .iter()
        .take(1024)
        .filter(|byte| **byte != 0)
        .map(|byte| {
            if byte.is_ascii() {
                char::from(*byte)
            } else {
                '?'
            }
        })
        .collect()
}

fn decode(
    path: &Path,
    bytes: &[u8],
    choice: EncodingChoice,
) -> Result<(String, &'static str), InputError> {
    let bom = Encoding::for_bom(bytes);
    let encoding = match choice {
        EncodingChoice::Named(encoding) => encoding,
        EncodingChoice::Detect => match bom {
            Some((encoding, _)) => encoding,
            None => match utf16_without_bom(bytes) {
                Some(encoding) => encoding,
                None => {
                    if bytes.contains(&0) || looks_binary(bytes) {
                        return Err(InputError::Binary {
                            path: path.to_owned(),
                        });
                    }
                    if std::str::from_utf8(bytes).is_ok() {
                        UTF_8
                    } else {
                        guess_legacy(path, bytes)?
                    }
                }
            },
        },
    };
    let body = match bom {
        Some((bom_encoding, length)) if bom_encoding == encoding => &bytes[length..],
        _ => bytes,
    };
    let decoded = encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .ok_or_else(|| InputError::Undecodable {
            path: path.to_owned(),
            tried: match choice {
                EncodingChoice::Detect if bom.is_none() => {
                    format!("{} as detected", encoding.name())
                }
                _ => encoding.name().to_owned(),
            },
        })?;
    if encoding != UTF_16LE && encoding != UTF_16BE && decoded.contains('\0') {
        return Err(InputError::Binary {
            path: path.to_owned(),
        });
    }
    if decoded
        .chars()
        .filter(|c| is_disallowed_control(*c))
        .count()
        * 20
        > decoded.chars().count().max(1)
    {
        return Err(InputError::Binary {
            path: path.to_owned(),
        });
    }
    Ok((decoded.into_owned(), encoding.name()))
}

/// UTF-16 without a byte-order mark, told by its NUL bytes: the text of a document holds digits,
/// spaces and line breaks, whose high byte is NUL, so that many NULs fall on one parity of
/// position (odd for little-endian, even for big-endian) and almost none on the other.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.len() / 2;
    let (mut even, mut odd) = (0, 0);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let encoding = if odd * 10 >= units && even * 20 <= odd {
        UTF_16LE
    } else if even * 10 >= units && odd * 20 <= even {
        UTF_16BE
    } else {
        return None;
    };
    // Unpaired surrogates mean it is not UTF-16 after all.
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|_| encoding)
}

/// The encoding of text that is not UTF-8: GB18030 (which reads GBK and GB2312) or Big5, as
/// Mozilla's detector (`chardetng`, which Firefox uses) tells them apart. Text that reads best
/// in another encoding (Latin-1, Shift_JIS…) is refused rather than stored as mojibake; text
/// the chosen encoding cannot decode is refused later, as undecodable.
fn guess_legacy(path: &Path, bytes: &[u8]) -> Result<&'static Encoding, InputError> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess == encoding_rs::GBK || guess == GB18030 {
        Ok(GB18030)
    } else if guess == encoding_rs::BIG5 {
        Ok(encoding_rs::BIG5)
    } else {
        Err(InputError::UnsureEncoding {
            path: path.to_owned(),
            guess: guess.name(),
        })
    }
}

/// Control characters other than tab, line feed, carriage return and form feed: a text file has
/// few of them; a binary file decoded as GB18030 has many.
fn is_disallowed_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')
}

/// Magic numbers of common binary formats that could otherwise decode as GB18030 (ZIP and the
/// Office formats built on it, PNG, JPEG, GIF, gzip; PDF files are read before this).
fn looks_binary(bytes: &[u8]) -> bool {
    const MAGIC: [&[u8]; 6] = [
        b"PK\x03\x04",
        b"\x89PNG",
        b"\xff\xd8\xff",
        b"GIF8",
        b"\x1f\x8b",
        b"\xd0\xcf\x11\xe0",
    ];
    MAGIC.iter().any(|magic| bytes.starts_with(magic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> ReadRules {
        let files = crate::map::pipeline::DataFiles::embedded();
        ReadRules {
            page: html::PageRules::parse(&files.web_page.0, &files.web_page.1).unwrap(),
            pdf: pdf::PdfRules::parse(&files.pdf, &files.pdf_characters).unwrap(),
        }
    }

    fn decode_bytes(bytes: &[u8]) -> Result<SourceText, InputError> {
        decode_source(
            Path::new("test.txt"),
            "test.txt".to_owned(),
            bytes,
            EncodingChoice::Detect,
            &rules(),
        )
    }

    const TEXT: &str = "双方同意，加强合作。\r\n2019年7月23日于北京\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode_bytes(TEXT.as_bytes()).unwrap();
        assert_eq!(plain.text, TEXT);
        assert_eq!(plain.encoding, "UTF-8");
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(TEXT.as_bytes());
        assert_eq!(
            decode_bytes(&with_bom).unwrap().text,
            TEXT,
            "the byte-order mark is removed"
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut little: Vec<u8> = vec![0xFF, 0xFE];
        little.extend(TEXT.encode_utf16().flat_map(u16::to_le_bytes));
        let decoded = decode_bytes(&little).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (TEXT, "UTF-16LE")
        );
        let mut big: Vec<u8> = vec![0xFE, 0xFF];
        big.extend(TEXT.encode_utf16().flat_map(u16::to_be_bytes));
        let decoded = decode_bytes(&big).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (TEXT, "UTF-16BE")
        );
    }

    #[test]
    fn gb18030_is_detected() {
        let (bytes, _, _) = GB18030.encode(TEXT);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "the test text must not be valid UTF-8"
        );
        let decoded = decode_bytes(&bytes).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.encoding), (TEXT, "gb18030"));
    }

    /// A paragraph of a communiqué, long enough for the detector to judge, in Traditional
    /// characters as Big5 files carry them.
    const TRADITIONAL: &str = "中華人民共和國政府和大韓民國政府決定自一九九二年八月二十四日起\
        相互承認並建立大使級外交關係。兩國政府同意在聯合國憲章的原則基礎上，發展兩國之間\
        持久的睦鄰友好合作關係。\n一九九二年八月二十四日於北京\n";

    #[test]
    fn big5_is_told_from_gb18030() {
        let (bytes, _, unmappable) = encoding_rs::BIG5.encode(TRADITIONAL);
        assert!(!unmappable);
        let decoded = decode_bytes(&bytes).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (TRADITIONAL, "Big5")
        );
        let simplified = "中华人民共和国政府和大韩民国政府决定自一九九二年八月二十四日起相互\
            承认并建立大使级外交关系。两国政府同意在联合国宪章的原则基础上，发展两国之间持久\
            的睦邻友好合作关系。\n";
        let (bytes, _, _) = GB18030.encode(simplified);
        let decoded = decode_bytes(&bytes).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (simplified, "gb18030")
        );
    }

    #[test]
    fn latin_1_text_is_refused_not_stored_garbled() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Déclaration commune : les deux côtés réaffirment leur volonté de coopérer.\n");
        let error = decode_bytes(&bytes).unwrap_err();
        assert!(
            matches!(error, InputError::UnsureEncoding { .. }),
            "{error}"
        );
        assert!(error.to_string().contains("--encoding"), "{error}");
        assert!(error.to_string().contains("test.txt"), "{error}");
    }

    #[test]
    fn utf16_without_bom_is_read() {
        let little: Vec<u8> = TEXT.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let decoded = decode_bytes(&little).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (TEXT, "UTF-16LE")
        );
        let big: Vec<u8> = TEXT.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let decoded = decode_bytes(&big).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (TEXT, "UTF-16BE")
        );
    }

    #[test]
    fn a_named_encoding_is_used() {
        let (bytes, _, _) = encoding_rs::GBK.encode(TEXT);
        let choice = EncodingChoice::from_label("gbk").unwrap();
        let decoded = decode_source(
            Path::new("a.txt"),
            "a.txt".to_owned(),
            &bytes,
            choice,
            &rules(),
        )
        .unwrap();
        assert_eq!(decoded.text, TEXT);
        assert!(matches!(
            EncodingChoice::from_label("klingon"),
            Err(InputError::UnknownEncoding { .. })
        ));
    }

    #[test]
    fn binary_and_empty_files_are_refused_with_their_name() {
        let binary = decode_bytes(b"\x00\x01\x02\x03binary\x00").unwrap_err();
        assert!(matches!(binary, InputError::Binary { .. }));
        assert!(binary.to_string().contains("test.txt"));
        assert!(matches!(
            decode_bytes(b"%PDF-1.7 \xE4\xB8\xAD"),
            Err(InputError::PdfDamaged { .. })
        ));
        assert!(matches!(decode_bytes(b""), Err(InputError::Empty { .. })));
        assert!(matches!(
            decode_bytes(b" \n\t\r\n"),
            Err(InputError::Empty { .. })
        ));
    }

    #[test]
    fn text_in_the_wrong_named_encoding_is_refused() {
        let (bytes, _, _) = GB18030.encode(TEXT);
        let choice = EncodingChoice::from_label("utf-8").unwrap();
        let error = decode_source(
            Path::new("gb.txt"),
            "gb.txt".to_owned(),
            &bytes,
            choice,
            &rules(),
        )
        .unwrap_err();
        assert!(matches!(error, InputError::Undecodable { .. }), "{error}");
        assert!(error.to_string().contains("--encoding"));
    }
}
