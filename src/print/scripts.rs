//! A scenario as a printed stage script, in two editions: a cover (title page lines,
//! format, running time, audience, edition), a cast page with doubling, then the play
//! with each scene on a new page, cues centred in capitals, stage directions indented
//! in parentheses and page numbers in the footer. The actors' edition leaves out
//! notes, stop points and Joker prompts; the facilitator's shows them, marked.

use super::Base;
use crate::error::Result;
use crate::model::Site;
use crate::parse::fountain::{self, Edition, Labels};
use crate::render::Theme;

pub(super) fn render(site: &Site, theme: &Theme, base: &Base, i: usize, edition: Edition) -> Result<String> {
    let item = &site.items[i];
    let t = &item.translations[base.lang];
    let ui = &base.ui;
    let text = t.text()?;
    let script = fountain::parse(t.body_of(&text));
    let labels = Labels { stop_point: &ui["stop_point"], joker: &ui["joker_prompt"], note: &ui["note"] };
    let html = fountain::render_html(&script, edition, &labels);
    // The title page's own title is the cover's heading; the rest is printed under it.
    let title_page: Vec<&(String, String)> =
        script.title_page.iter().filter(|(k, _)| !k.eq_ignore_ascii_case("title")).collect();
    let strings = theme.catalog.get(base.lang);
    let mut ctx = base.context.clone();
    ctx.insert("kind", "script");
    ctx.insert("title", &t.meta.title);
    ctx.insert("summary", &t.meta.summary);
    ctx.insert("format", &t.meta.format);
    ctx.insert("audience", &t.meta.audience);
    ctx.insert("duration", &t.meta.duration.map(|m| strings.plural("minutes", i64::from(m))));
    ctx.insert("cast", &t.meta.cast);
    ctx.insert("title_page", &title_page);
    ctx.insert("edition", super::edition_name(edition));
    ctx.insert(
        "edition_label",
        &ui[match edition {
            Edition::Actors => "print_actors_edition",
            Edition::Facilitator => "print_facilitator_edition",
        }],
    );
    ctx.insert(
        "running_css",
        &super::css_string(&format!(
            "{} · {}",
            t.meta.title,
            ui[match edition {
                Edition::Actors => "print_actors_edition",
                Edition::Facilitator => "print_facilitator_edition",
            }]
        )),
    );
    ctx.insert("script", &html);
    ctx.insert("web_url", &crate::model::url::absolute(&site.config.base_url, base.lang, &item.key()));
    theme.render("print/script.html", &ctx)
}
