//! The poster board of `chyrak serve`: every poster in every language and size side by
//! side, at true proportions to one another, each the real print page (trim, bleed and
//! crop marks) scaled down, with the text that overflows its box flagged as the page
//! loads, measured the same way `chyrak pdf` measures it. Lives at [`PATH`].

use crate::model::Site;
use crate::output::documents::{self, Kind};
use crate::parse::markdown::escape;

pub const PATH: &str = "/__chyrak/posters";

/// Screen pixels per millimetre of paper on the board.
const SCALE_PX_PER_MM: f64 = 0.9;

/// The board's HTML for the current site.
pub fn html(site: &Site) -> String {
    let mut cards = String::new();
    let mut posters: Vec<_> = documents::documents(site).into_iter().filter(|d| d.kind == Kind::Posters).collect();
    // One section per poster, one row per language (in the site's order), sizes side by side.
    let lang_order = |code: &str| site.languages().position(|l| l == code).unwrap_or(usize::MAX);
    posters.sort_by_key(|d| (d.item, lang_order(&d.lang)));
    let mut current_item = None;
    let mut current_lang = String::new();
    for doc in &posters {
        let (Some(item), Some(size)) = (doc.item, &doc.size) else { continue };
        if current_item == Some(item) && current_lang != doc.lang {
            cards.push_str("</div><div class=\"row\">\n");
        }
        current_lang = doc.lang.clone();
        if current_item != Some(item) {
            if current_item.is_some() {
                cards.push_str("</div></section>\n");
            }
            current_item = Some(item);
            let title = site.items[item]
                .translations
                .values()
                .next()
                .map(|t| t.title.as_str())
                .unwrap_or(&site.items[item].slug);
            cards.push_str(&format!(
                "<section><h2>{} <small>{}</small></h2><div class=\"row\">\n",
                escape(title),
                escape(&site.items[item].slug)
            ));
        }
        let translation = &site.items[item].translations[&doc.lang];
        let bleed = translation.content.poster().map_or(crate::model::paper::DEFAULT_BLEED, |p| p.bleed);
        let page_w = size.width_mm + 2.0 * bleed;
        let page_h = size.height_mm + 2.0 * bleed;
        let (w, h) = (page_w * SCALE_PX_PER_MM, page_h * SCALE_PX_PER_MM);
        cards.push_str(&format!(
            "<figure><div class=\"frame\" style=\"width:{w:.1}px;height:{h:.1}px\">\
             <iframe src=\"/{src}\" title=\"{label}\" loading=\"lazy\" tabindex=\"-1\" \
             style=\"width:{page_w}mm;height:{page_h}mm;transform:scale({inv:.5})\"></iframe></div>\
             <figcaption><a href=\"/{src}\">{lang} · {name}</a> <span class=\"mm\">{tw}×{th} mm</span>\
             <span class=\"status\" aria-live=\"polite\"></span></figcaption></figure>\n",
            src = escape(&doc.html),
            label = escape(&doc.label(site)),
            inv = SCALE_PX_PER_MM * 25.4 / 96.0,
            lang = escape(&doc.lang),
            name = escape(&size.name),
            tw = size.width_mm,
            th = size.height_mm,
        ));
    }
    if current_item.is_some() {
        cards.push_str("</div></section>\n");
    }
    if posters.is_empty() {
        cards.push_str("<p>This site has no posters yet.</p>");
    }
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Poster board — {title}</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem; background: #e9e6df; color: #1b1b1b; }}
h1 {{ font-size: 1.4rem; margin: 0 0 .25rem; }} h2 {{ font-size: 1.1rem; margin: 1.5rem 0 .5rem; }}
h2 small {{ color: #555; font-weight: normal; }}
.row {{ display: flex; flex-wrap: wrap; gap: 1.25rem; align-items: flex-end; margin-bottom: 1rem; }}
figure {{ margin: 0; }}
.frame {{ overflow: hidden; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.25); }}
iframe {{ border: 0; transform-origin: 0 0; pointer-events: none; display: block; }}
figcaption {{ font-size: .85rem; margin-top: .35rem; max-width: 22rem; }}
.mm {{ color: #555; }} .status.bad {{ display: block; color: #8a1010; font-weight: 600; }}
.status.ok::before {{ content: " ✓"; color: #1d6b2f; }}
</style></head>
<body><h1>Poster board</h1>
<p>Every poster in every language and size, at true proportions; each is the real print page with its bleed and crop marks. Text that overflows its box is flagged. Click a caption to open the print page.</p>
{cards}
<script>
const measure = {measure};
function check(frame) {{
    const status = frame.closest("figure").querySelector(".status");
    try {{
      const found = measure(frame.contentDocument);
      if (found.overflows.length) {{
        status.className = "status bad";
        status.textContent = found.overflows.map(o => o.part + " overflows by " + Math.round(o.mm) + " mm").join("; ");
      }} else {{ status.className = "status ok"; }}
    }} catch (e) {{ status.textContent = ""; }}
}}
for (const frame of document.querySelectorAll("iframe")) {{
  frame.addEventListener("load", () => check(frame));
  if (frame.contentDocument && frame.contentDocument.readyState === "complete" && frame.contentDocument.body && frame.contentDocument.body.childElementCount) check(frame);
}}
</script>
</body></html>
"#,
        title = escape(&site.config.title),
        measure = crate::commands::pdf::MEASURE_FN,
    )
}
