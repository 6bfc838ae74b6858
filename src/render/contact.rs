//! One contact (hotline, shelter) as HTML, the same wherever it is shown: in Markdown
//! with the `{{ contact(id="hotline") }}` shortcut, and in templates with the
//! `contact(id=…, lang=…)` function.

use super::i18n::Catalog;
use crate::config::{Contact, SiteConfig};
use crate::parse::markdown::escape;
use std::collections::HashMap;
use std::sync::Arc;

/// The contact as an inline `<span class="contact-card">`, in the reader's language.
/// The number is always left to right (`dir="ltr"`: in a right-to-left line, its
/// groups of digits would otherwise come in reverse order); the hours keep the
/// direction of their own text (`dir="auto"`: "08:00–20:00" stays as written).
pub fn html(c: &Contact, lang: &str, catalog: &Catalog) -> String {
    let ui = catalog.get(lang);
    let name = c.names.get(lang).unwrap_or(&c.name);
    let mut out = format!("<span class=\"contact-card\"><span class=\"contact-name\">{}</span> ", escape(name));
    match &c.tel {
        Some(tel) => out.push_str(&format!(
            "<a class=\"contact-number\" href=\"tel:{}\" dir=\"ltr\">{}</a>",
            escape(tel),
            escape(&c.number)
        )),
        None => out.push_str(&format!("<span class=\"contact-number\" dir=\"ltr\">{}</span>", escape(&c.number))),
    }
    if let Some(sms) = &c.sms {
        out.push_str(&format!(" <a class=\"contact-sms\" href=\"sms:{}\">SMS</a>", escape(sms)));
    }
    if !c.hours.is_empty() {
        out.push_str(&format!(" <span class=\"contact-hours\" dir=\"auto\">{}</span>", escape(&c.hours)));
    }
    if c.example {
        out.push_str(&format!(" <span class=\"contact-example\">({})</span>", escape(&ui.text("example_number"))));
    }
    out.push_str("</span>");
    out
}

/// Registers `contact(id="hotline", lang=lang.code)` with Tera; it returns the HTML
/// (use `| safe`), or an error naming the unknown id.
pub fn register(tera: &mut tera::Tera, config: &SiteConfig, catalog: Arc<Catalog>) {
    let contacts = config.contacts.clone();
    tera.register_function("contact", move |args: &HashMap<String, tera::Value>| {
        let id = args.get("id").and_then(|v| v.as_str()).ok_or("contact() needs id=")?;
        let lang = args.get("lang").and_then(|v| v.as_str()).ok_or("contact() needs lang=")?;
        let c = contacts.iter().find(|c| c.id == id).ok_or_else(|| format!("no contact `{id}` in site.toml"))?;
        Ok(tera::Value::String(html(c, lang, &catalog)))
    });
}
