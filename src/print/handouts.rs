//! The handouts of one language on one page: every `::: handout` block of every lesson
//! shown in that language, each on its own A4 page, headed by its lesson's title.

use super::Base;
use super::handbook::{self, LessonPrint};
use crate::error::Result;
use crate::model::Site;
use crate::render::Theme;
use rayon::prelude::*;

pub(super) fn render(site: &Site, theme: &Theme, base: &Base) -> Result<String> {
    // Numbered as in the handbook; only lessons that mark a handout are rendered.
    let lessons: Vec<LessonPrint> = handbook::lessons(site, base.lang)
        .into_par_iter()
        .enumerate()
        .filter(|&(_, i)| super::lesson_has_handouts(site, i, base.lang))
        .filter_map(|(n, i)| handbook::lesson(site, theme, base, n + 1, i))
        .collect();
    render_with(theme, base, &lessons)
}

/// The handouts page of `base.lang`, from its rendered lessons (those without a
/// handout are skipped).
pub(super) fn render_with(theme: &Theme, base: &Base, lessons: &[LessonPrint]) -> Result<String> {
    let lessons: Vec<&LessonPrint> = lessons.iter().filter(|l| !l.handouts.is_empty()).collect();
    let mut ctx = base.context.clone();
    ctx.insert("lessons", &lessons);
    ctx.insert("kind", "handouts");
    let title = ctx.get("site").and_then(|s| s.get("title")).and_then(|t| t.as_str()).unwrap_or("").to_owned();
    ctx.insert("footer_css", &super::css_string(&title));
    theme.render("print/handouts.html", &ctx)
}
