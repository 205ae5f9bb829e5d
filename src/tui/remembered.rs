//! What a kiosk remembers between runs, in its data folder (one per device):
//! the language last chosen with `L`. A desk in Petropavlovsk where one clerk
//! prefers English used to need a start flag changed by whoever set it up.

use super::strings::Lang;
use std::path::Path;

const LANG_FILE: &str = "kiosk-lang";

/// The language chosen last on this device, if any (an unreadable or
/// unknown file is as good as none: the kiosk starts in its default).
pub fn lang(dir: &Path) -> Option<Lang> {
    let text = std::fs::read_to_string(dir.join(LANG_FILE)).ok()?;
    Lang::parse(text.trim())
}

/// Remembers the language for the next start.
pub fn remember_lang(dir: &Path, lang: Lang) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(LANG_FILE), lang.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_chosen_is_read_back_and_junk_is_none() {
        let dir = std::env::temp_dir().join(format!("tourdesk-remembered-{}", uuid::Uuid::now_v7()));
        assert_eq!(lang(&dir), None);
        remember_lang(&dir, Lang::Ru).unwrap();
        assert_eq!(lang(&dir), Some(Lang::Ru));
        remember_lang(&dir, Lang::En).unwrap();
        assert_eq!(lang(&dir), Some(Lang::En));
        std::fs::write(dir.join(LANG_FILE), "klingon").unwrap();
        assert_eq!(lang(&dir), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
