//! The handouts of one language on one page: every `::: handout` block of every lesson
//! shown in that language, each on its own A4 page, headed by its lesson's title.

use crate::error::Result;
use crate::output::Sink;
use crate::render::Inputs;
use crate::render::print::{Base, LessonPrint, css_string};

/// The handouts page of `base.lang`, from its lessons that have handouts, numbered as
/// in the handbook.
pub fn render(inputs: &Inputs, sink: &dyn Sink, base: &Base, lessons: &[LessonPrint]) -> Result<String> {
    let lessons: Vec<&LessonPrint> = lessons.iter().filter(|l| !l.handouts.is_empty()).collect();
    let mut ctx = base.context.clone();
    ctx.insert("lessons", &lessons);
    ctx.insert("kind", "handouts");
    let title = ctx.get("site").and_then(|s| s.get("title")).and_then(|t| t.as_str()).unwrap_or("").to_owned();
    ctx.insert("footer_css", &css_string(&title));
    super::style(inputs, sink, base, "print/handouts.css", &mut ctx)?;
    inputs.theme.render("print/handouts.html", &ctx)
}
