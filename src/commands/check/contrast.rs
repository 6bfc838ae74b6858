//! Poster colour contrast under WCAG 2.2 AA, for every pair the default theme draws
//! (the pairs and what each needs: `model::content::Poster::contrasts`, which the
//! preview's poster editor shows too).

use crate::error::Diagnostic;
use crate::model::Site;
use crate::model::content::Contrast;

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    for t in site.items.iter().flat_map(|i| i.translations.values()) {
        let Some(p) = t.content.poster() else { continue };
        let c = &p.colours;
        for Contrast { key, ratio, needed, what } in p.contrasts() {
            if ratio + 1e-9 < needed {
                let colour = if key == "text" { &c.text } else { &c.accent };
                let source = t.text().unwrap_or_default();
                out.push(
                    Diagnostic::warning(
                        &t.path,
                        format!(
                            "poster colours: `{key}` {} on `background` {} has contrast {ratio:.2}:1; \
                             {what} needs {needed}:1 (WCAG AA)",
                            colour.css(),
                            c.background.css()
                        ),
                    )
                    .with_help(format!("make `{key}` darker or `background` lighter (or the other way round)"))
                    .at_subkey(&source, "colors", key),
                );
            }
        }
    }
}
