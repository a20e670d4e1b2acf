//! Reading input: files and folders, and the character encodings Chinese documents come in.
//!
//! A file is decoded as UTF-8 (with or without byte-order mark), UTF-16 with a byte-order mark, or
//! GB18030 (which covers GBK and GB2312, common for Chinese government files), tried in that
//! order, unless the user names the encoding. Line endings are kept as they are: offsets count the
//! characters of the decoded file, CR included. A file with NUL bytes and no UTF-16 byte-order mark
//! is taken for binary. Folders are walked recursively in sorted order, taking files whose name
//! ends in `.txt` or `.text`; a file named on the command line is read whatever its name.
//!
//! A file over a size limit (2 MB unless `--max-file-size` says otherwise) is refused before it is
//! read: extraction holds a document's facts in memory, about 200 bytes for each byte of text.
//!
//! Cost: linear in the size of each file; a file is held in memory once as bytes and once as text.

use crate::error::InputError;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::path::{Path, PathBuf};

/// A decoded source file.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Path as given (or found while walking a folder).
    pub path: PathBuf,
    /// File name without folders: what graphs record, so that machines agree.
    pub file_name: String,
    /// The decoded text, byte-order mark removed, line endings untouched.
    pub text: String,
    /// Name of the encoding the bytes were decoded from (`UTF-8`, `UTF-16LE`, `GB18030`…).
    pub encoding: &'static str,
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

/// Lists the files to read: each file argument as is, each folder walked recursively for `.txt`
/// and `.text` files, in sorted order. A path that does not exist is reported in the error list.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk_folder(path, &mut files, &mut errors);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            errors.push(InputError::Missing { path: path.clone() });
        }
    }
    (files, errors)
}

fn walk_folder(folder: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<InputError>) {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(source) => {
            errors.push(InputError::Read {
                path: folder.to_owned(),
                source,
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk_folder(&path, files, errors);
        } else if has_text_extension(&path) {
            files.push(path);
        }
    }
}

fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            extension.eq_ignore_ascii_case("txt") || extension.eq_ignore_ascii_case("text")
        })
}

/// The largest file read by default, in megabytes (`--max-file-size`).
pub const DEFAULT_MAX_FILE_MEGABYTES: u64 = 2;

/// A size limit of `megabytes` (`--max-file-size`), in bytes.
pub const fn size_limit_bytes(megabytes: u64) -> u64 {
    megabytes.saturating_mul(1_000_000)
}

/// Reads and decodes one file, refusing files over `max_megabytes` before reading them.
pub fn read_source(
    path: &Path,
    choice: EncodingChoice,
    max_megabytes: u64,
) -> Result<SourceText, InputError> {
    let read_error = |source| InputError::Read {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    if size > size_limit_bytes(max_megabytes) {
        return Err(InputError::TooLarge {
            path: path.to_owned(),
            megabytes: size as f64 / 1e6,
            limit: max_megabytes,
        });
    }
    let bytes = std::fs::read(path).map_err(read_error)?;
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned());
    decode_source(path, file_name, &bytes, choice)
}

/// Decodes bytes that were read from `path` (exposed for callers that already hold the bytes,
/// such as the bundled samples of `demo`).
pub fn decode_source(
    path: &Path,
    file_name: String,
    bytes: &[u8],
    choice: EncodingChoice,
) -> Result<SourceText, InputError> {
    let (text, encoding) = decode(path, bytes, choice)?;
    if text.trim().is_empty() {
        return Err(InputError::Empty {
            path: path.to_owned(),
        });
    }
    Ok(SourceText {
        path: path.to_owned(),
        file_name,
        text,
        encoding,
    })
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
            None => {
                if bytes.contains(&0) || looks_binary(bytes) {
                    return Err(InputError::Binary {
                        path: path.to_owned(),
                    });
                }
                if std::str::from_utf8(bytes).is_ok() {
                    UTF_8
                } else {
                    GB18030
                }
            }
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
                EncodingChoice::Detect if bom.is_none() => "UTF-8 or GB18030".to_owned(),
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

/// Control characters other than tab, line feed, carriage return and form feed: a text file has
/// few of them; a binary file decoded as GB18030 has many.
fn is_disallowed_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')
}

/// Magic numbers of common binary formats that could otherwise decode as GB18030 (PDF, ZIP and
/// the Office formats built on it, PNG, JPEG, GIF, gzip).
fn looks_binary(bytes: &[u8]) -> bool {
    const MAGIC: [&[u8]; 7] = [
        b"%PDF-",
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

    fn decode_bytes(bytes: &[u8]) -> Result<SourceText, InputError> {
        decode_source(
            Path::new("test.txt"),
            "test.txt".to_owned(),
            bytes,
            EncodingChoice::Detect,
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

    #[test]
    fn a_named_encoding_is_used() {
        let (bytes, _, _) = encoding_rs::GBK.encode(TEXT);
        let choice = EncodingChoice::from_label("gbk").unwrap();
        let decoded =
            decode_source(Path::new("a.txt"), "a.txt".to_owned(), &bytes, choice).unwrap();
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
            Err(InputError::Binary { .. })
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
        let error =
            decode_source(Path::new("gb.txt"), "gb.txt".to_owned(), &bytes, choice).unwrap_err();
        assert!(matches!(error, InputError::Undecodable { .. }), "{error}");
        assert!(error.to_string().contains("--encoding"));
    }
}
