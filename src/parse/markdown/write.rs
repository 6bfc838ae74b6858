//! Step 3 of Markdown: writing a prepared text as HTML for one page, its links,
//! images and contact shortcuts resolved by the page's [`LinkResolver`].

use super::{Events, Handout, Prepared, Rendered, escape, plain_text};
use crate::error::Diagnostic;
use crate::parse::link::{self, Dest};
use crate::parse::markdown::LinkResolver;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

impl<'a> Prepared<'a> {
    /// Step 3: the HTML of the text as seen from one page, whose links `resolver`
    /// writes; `minutes_label` writes "10 minutes" in the page's language beside an
    /// activity's heading. Returns the problems the resolver found (a link the model
    /// has checked cannot fail; an image can still fail to be read).
    pub fn html(
        &self,
        resolver: &dyn LinkResolver,
        minutes_label: &dyn Fn(u32) -> String,
    ) -> (Rendered, Vec<Diagnostic>) {
        let src = self.src;
        let mut problems = Vec::new();
        let events = &self.events;
        let mut out: Events = Vec::with_capacity(events.len() + 8);
        // Where each handout's first and last event land in `out`.
        let mut placed: Vec<(usize, usize)> = vec![(0, 0); self.markers.len()];
        let mut open_external = false;
        // Text is joined to look for contact shortcuts only when the body has one.
        let shortcuts = self.src.body().contains("{{");
        // Headings come in order: the next one's minutes get their label at its end.
        let mut heading = 0;
        let mut i = 0;
        while i < events.len() {
            let (event, offset) = &events[i];
            for (m, marker) in self.markers.iter().enumerate() {
                if marker.start == i {
                    placed[m].0 = out.len();
                }
            }
            if matches!(event, Event::End(TagEnd::Heading(_))) {
                if let Some(n) = self.headings.get(heading).and_then(|h| h.minutes) {
                    // The label is in the reader's language, which may not be the
                    // text's (a fallback): `dir="auto"` keeps "10 минут" or "10 دقیقه"
                    // in its own order inside a heading of the other direction.
                    let label = format!(" <span class=\"minutes\" dir=\"auto\">{}</span>", escape(&minutes_label(n)));
                    out.push((Event::InlineHtml(label.into()), *offset));
                }
                heading += 1;
            }
            match event {
                Event::Start(Tag::Image { dest_url, title, .. }) => {
                    let end = image_end(events, i);
                    if let Dest::File { name, rest: "" } = link::dest(dest_url) {
                        let alt = plain_text(&events[i + 1..end]);
                        match resolver.bundle_image(name, &alt, title) {
                            Some(Ok(html)) => {
                                out.push((Event::InlineHtml(html.into()), *offset));
                                i = end + 1;
                                continue;
                            }
                            Some(Err(why)) => problems.push(src.error(*offset, why)),
                            None => {}
                        }
                    }
                    let mut event = event.clone();
                    if let Event::Start(Tag::Image { dest_url, .. }) = &mut event {
                        self.rewrite(dest_url, *offset, resolver, &mut problems);
                    }
                    out.push((event, *offset));
                }
                Event::Start(Tag::Link { .. }) => {
                    let mut event = event.clone();
                    if let Event::Start(Tag::Link { dest_url, title, .. }) = &mut event {
                        self.rewrite(dest_url, *offset, resolver, &mut problems);
                        // Links to other sites open with `rel="noopener noreferrer"`: the start
                        // tag is written as HTML (pulldown-cmark has no attribute for it).
                        if dest_url.starts_with("http://") || dest_url.starts_with("https://") {
                            let title =
                                if title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape(title)) };
                            let tag = format!("<a href=\"{}\"{title} rel=\"noopener noreferrer\">", escape(dest_url));
                            event = Event::InlineHtml(tag.into());
                            open_external = true;
                        }
                    }
                    out.push((event, *offset));
                }
                Event::End(TagEnd::Link) if open_external => {
                    out.push((Event::InlineHtml("</a>".into()), *offset));
                    open_external = false;
                }
                Event::Text(_) if shortcuts => {
                    let run = (i..events.len()).take_while(|&j| matches!(events[j].0, Event::Text(_))).count();
                    self.shortcuts(&events[i..i + run], resolver, &mut out, &mut problems);
                    i += run;
                    continue;
                }
                _ => out.push((event.clone(), *offset)),
            }
            for (m, marker) in self.markers.iter().enumerate() {
                if marker.end == i {
                    placed[m].1 = out.len() - 1;
                }
            }
            i += 1;
        }
        let handouts = self
            .markers
            .iter()
            .zip(&placed)
            .map(|(m, &(start, end))| {
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, out[start..=end].iter().map(|(e, _)| e.clone()));
                Handout { title: m.title.clone(), id: m.id.clone(), html }
            })
            .collect();
        let mut html = String::with_capacity(src.body().len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, out.into_iter().map(|(e, _)| e));
        (Rendered { html, headings: self.headings.clone(), handouts }, problems)
    }

    /// Rewrites one link target in place.
    fn rewrite(&self, dest: &mut CowStr, offset: usize, resolver: &dyn LinkResolver, problems: &mut Vec<Diagnostic>) {
        match link::dest(dest) {
            Dest::Page { path, anchor } => match resolver.internal(path) {
                Ok(url) => {
                    *dest = match anchor {
                        Some(a) => format!("{url}#{a}"),
                        None => url,
                    }
                    .into()
                }
                Err(why) => {
                    problems.push(self.src.error(offset, format!("broken internal link `{dest}`: {why}")).with_help(
                        "internal links name a page by its path under content/, e.g. @/lessons/01-safe-migration",
                    ))
                }
            },
            Dest::File { name, rest } => {
                if let Some(url) = resolver.bundle_file(&link::file_name(name)) {
                    *dest = format!("{url}{rest}").into();
                }
            }
            Dest::Anchor(_) | Dest::Markdown | Dest::Other => {}
        }
    }

    /// Writes a run of text events, with `{{ contact(id="…") }}` replaced by the
    /// contact's HTML. Text is joined first: smart punctuation splits it at quotes.
    fn shortcuts(
        &self,
        run: &[(Event<'a>, usize)],
        resolver: &dyn LinkResolver,
        out: &mut Events<'a>,
        problems: &mut Vec<Diagnostic>,
    ) {
        let offset = run[0].1;
        let joined: String =
            run.iter().filter_map(|(e, _)| if let Event::Text(t) = e { Some(&**t) } else { None }).collect();
        if !joined.contains("{{") {
            out.extend(run.iter().cloned());
            return;
        }
        let mut last = 0;
        for (range, id) in crate::parse::shortcut::shortcuts(&joined) {
            let Some(found) = resolver.contact(&id) else { continue };
            match found {
                Ok(html) => {
                    if range.start > last {
                        out.push((Event::Text(joined[last..range.start].to_owned().into()), offset));
                    }
                    out.push((Event::InlineHtml(html.into()), offset));
                    last = range.end;
                }
                Err(why) => problems
                    .push(self.src.error(offset, why).with_help("contacts are the [[contacts]] of site.toml, by `id`")),
            }
        }
        if last < joined.len() {
            out.push((Event::Text(joined[last..].to_owned().into()), offset));
        }
    }
}

/// The index of the `End(Image)` that closes the image starting at `i`.
fn image_end(events: &Events, i: usize) -> usize {
    let mut depth = 0;
    (i..events.len())
        .find(|&j| {
            match events[j].0 {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) => depth -= 1,
                _ => {}
            }
            depth == 0
        })
        .unwrap_or(events.len() - 1)
}
