//! Poster colour contrast under WCAG 2.2 AA, for every pair the default theme draws:
//! text and headline on the background (the text must reach 4.5:1; the headline is
//! large text, 3:1, and is drawn in the same colour), and the call to action, drawn in
//! the accent colour on the background in print (large bold text, 3:1; on the web
//! preview the accent is a bar beside it, a graphic, also 3:1).

use crate::error::Diagnostic;
use crate::model::Site;

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    for t in site.items.iter().flat_map(|i| i.translations.values()) {
        let Some(p) = t.content.poster() else { continue };
        let c = &p.colours;
        let pairs = [
            ("text", &c.text, 4.5, "poster text"),
            ("accent", &c.accent, 3.0, "the call to action (large text in the accent colour)"),
        ];
        for (key, colour, needed, what) in pairs {
            let ratio = colour.contrast(&c.background);
            if ratio + 1e-9 < needed {
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
