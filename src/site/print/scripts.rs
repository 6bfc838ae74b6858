//! A scenario as a printed stage script, in two editions: a cover (title page lines,
//! format, running time, audience, edition), a cast page with doubling, then the play
//! with each scene on a new page, cues centred in capitals, stage directions indented
//! in parentheses and page numbers in the footer. The actors' edition leaves out
//! notes, stop points and Joker prompts; the facilitator's shows them, marked.

use crate::error::Result;
use crate::output::documents::edition_name;
use crate::output::{Sink, layout};
use crate::parse::fountain::{self, Edition, Labels};
use crate::render::Inputs;
use crate::render::print::{Base, css_string};

/// Renders one edition of the play `i` in `base.lang`; `parsed` keeps the play's parse
/// for its other edition.
pub(super) fn render(
    inputs: &Inputs,
    sink: &dyn Sink,
    base: &Base,
    i: usize,
    edition: Edition,
    parsed: &std::sync::OnceLock<fountain::Script>,
) -> Result<String> {
    let site = inputs.site;
    let item = &site.items[i];
    let t = &item.translations[base.lang];
    let ui = &base.ui;
    let script = match parsed.get() {
        Some(script) => script,
        None => {
            let text = t.text()?;
            parsed.get_or_init(|| fountain::parse(t.body_of(&text)))
        }
    };
    let labels = Labels { stop_point: &ui["stop_point"], joker: &ui["joker_prompt"], note: &ui["note"] };
    let html = fountain::render_html(script, edition, &labels);
    // The title page's own title is the cover's heading; the rest is printed under it.
    let title_page: Vec<&(String, String)> =
        script.title_page.iter().filter(|(k, _)| !k.eq_ignore_ascii_case("title")).collect();
    let strings = inputs.theme.catalog.get(base.lang);
    let s = t.content.scenario();
    let label = &ui[match edition {
        Edition::Actors => "print_actors_edition",
        Edition::Facilitator => "print_facilitator_edition",
    }];
    let mut ctx = base.context.clone();
    ctx.insert("kind", "script");
    ctx.insert("title", &t.title);
    ctx.insert("summary", &t.summary);
    ctx.insert("format", &s.and_then(|s| s.format.as_deref()));
    ctx.insert("audience", &s.and_then(|s| s.audience.as_deref()));
    ctx.insert("duration", &s.and_then(|s| s.duration).map(|m| strings.plural("minutes", i64::from(m))));
    ctx.insert("cast", &s.map_or(&[][..], |s| &s.cast));
    ctx.insert("title_page", &title_page);
    ctx.insert("edition", edition_name(edition));
    ctx.insert("edition_label", label);
    ctx.insert("running_css", &css_string(&format!("{} · {label}", t.title)));
    ctx.insert("script", &html);
    ctx.insert("web_url", &layout::absolute(&site.config.base_url, base.lang, &item.key()));
    super::style(inputs, sink, base, "print/script.css", &mut ctx)?;
    inputs.theme.render("print/script.html", &ctx)
}
