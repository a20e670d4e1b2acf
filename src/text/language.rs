//! The languages diplograph reads, and how a document's language is told from its text.
//!
//! Each language has its own normalizer, document splitter and extractors (`extract/` for
//! Chinese, `extract/en/` for English); [`Language`] is the one switch between them. A text is
//! Chinese when CJK ideographs make up at least a fifth of its letters, English when Latin letters
//! make up the rest and there are some; `--lang` overrides the guess.
//!
//! Cost: [`Language::detect`] reads at most the first [`DETECTION_WINDOW`] characters.

use std::fmt;

/// How many characters of a text [`Language::detect`] reads.
pub const DETECTION_WINDOW: usize = 20_000;

/// A language diplograph has extractors for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Language {
    /// Chinese, in Simplified or Traditional characters.
    #[default]
    Chinese,
    /// English.
    English,
}

impl Language {
    /// The BCP 47 tag, as in `dcterms:language` and language-tagged literals.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Chinese => "zh",
            Self::English => "en",
        }
    }

    /// The language named by a tag (`zh`, `en`, or a longer tag such as `zh-Hant`, `en-GB`).
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "zh" => Some(Self::Chinese),
            "en" => Some(Self::English),
            _ => None,
        }
    }

    /// The language of a text, from the letters of its first [`DETECTION_WINDOW`] characters;
    /// Chinese when there are no letters at all (what the tool read before it read English).
    pub fn detect(text: &str) -> Self {
        let (mut ideographs, mut latin) = (0usize, 0usize);
        for c in text.chars().take(DETECTION_WINDOW) {
            if crate::text::normalize::is_cjk_ideograph(c) {
                ideographs += 1;
            } else if c.is_ascii_alphabetic() {
                latin += 1;
            }
        }
        // An ideograph carries about a word; a Latin word is about five letters.
        if latin > 0 && ideographs * 5 < latin {
            Self::English
        } else {
            Self::Chinese
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// What the user asked for: a language for every file, or the guess per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LanguageChoice {
    #[default]
    Detect,
    Fixed(Language),
}

impl LanguageChoice {
    /// `auto`, or a language tag.
    pub fn from_label(label: &str) -> Result<Self, String> {
        if label.eq_ignore_ascii_case("auto") {
            return Ok(Self::Detect);
        }
        Language::from_tag(label).map(Self::Fixed).ok_or_else(|| {
            format!("`{label}` is not a language diplograph reads; use `zh`, `en` or `auto`")
        })
    }

    /// The language to read `text` in.
    pub fn for_text(self, text: &str) -> Language {
        match self {
            Self::Detect => Language::detect(text),
            Self::Fixed(language) => language,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_with_latin_names_is_chinese() {
        assert_eq!(
            Language::detect("中美双方于2025年5月10日至11日在瑞士日内瓦举行经贸会谈（Geneva）。"),
            Language::Chinese
        );
        assert_eq!(
            Language::detect("中華人民共和國政府和美利堅合眾國政府"),
            Language::Chinese
        );
    }

    #[test]
    fn english_text_with_a_chinese_name_is_english() {
        assert_eq!(
            Language::detect("The two sides reaffirmed the One China policy (一个中国)."),
            Language::English
        );
    }

    #[test]
    fn no_letters_reads_as_chinese() {
        assert_eq!(Language::detect("2019-07-23 ……"), Language::Chinese);
    }

    #[test]
    fn labels() {
        assert_eq!(
            LanguageChoice::from_label("en-GB"),
            Ok(LanguageChoice::Fixed(Language::English))
        );
        assert_eq!(
            LanguageChoice::from_label("zh-Hant"),
            Ok(LanguageChoice::Fixed(Language::Chinese))
        );
        assert_eq!(
            LanguageChoice::from_label("AUTO"),
            Ok(LanguageChoice::Detect)
        );
        assert!(LanguageChoice::from_label("fr").is_err());
    }
}
