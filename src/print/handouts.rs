//! The handouts of one language on one page: every `::: handout` block of every lesson
//! shown in that language, each on its own A4 page, headed by its lesson's title.

use super::Base;
use super::handbook::{self, LessonPrint};
use crate::error::Result;
use crate::model::Site;
use crate::render::Theme;

pub(super) fn render(site: &Site, theme: &Theme, base: &Base) -> Result<String> {
    let lessons: Vec<LessonPrint> = handbook::lessons(site, base.lang)
        .into_iter()
        .enumerate()
        .filter_map(|(n, i)| handbook::lesson(site, theme, base, n + 1, i))
        .filter(|l| !l.handouts.is_empty())
        .collect();
    let mut ctx = base.context.clone();
    ctx.insert("lessons", &lessons);
    ctx.insert("kind", "handouts");
    let title = ctx.get("site").and_then(|s| s.get("title")).and_then(|t| t.as_str()).unwrap_or("").to_owned();
    ctx.insert("footer_css", &super::css_string(&title));
    theme.render("print/handouts.html", &ctx)
}
