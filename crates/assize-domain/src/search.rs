//! Forgiving name matching: the same normalisation is applied to names when they are indexed and
//! to what a user types, so "zoe", "ZOË" and "Zoë" all find "Zoë". Accents are folded, case is
//! folded, punctuation separates tokens, and a query token matches any name token it prefixes.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Fold a name to its search key: NFKD, combining marks removed, lower-cased, with every run of
/// non-alphanumeric characters turned into one space.
pub fn name_key(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ß' => 's',
            'ł' => 'l',
            'ø' => 'o',
            'đ' => 'd',
            'æ' => 'a',
            'œ' => 'o',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The distinct tokens of a name's search key.
pub fn name_tokens(name: &str) -> Vec<String> {
    let mut tokens: Vec<String> = name_key(name)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    tokens.sort();
    tokens.dedup();
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(name_key("  Zoë  O'Brien-Ńowak "), "zoe o brien nowak");
        assert_eq!(name_tokens("Christopher CHRISTOPHER"), vec!["christopher"]);
        assert_eq!(name_key("Łukasz Øster"), "lukasz oster");
        assert_eq!(name_key("李小龙"), "李小龙");
    }

    proptest! {
        #[test]
        fn key_is_idempotent(s in "\\PC{0,40}") {
            let k = name_key(&s);
            prop_assert_eq!(name_key(&k), k);
        }
    }
}
