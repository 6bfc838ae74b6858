//! Contacts: the `{{ contact(id="…") }}` Markdown shortcut and template function, the
//! "get help" block per language's country, and `chyrak check` on old numbers.

mod common;
use common::*;

const CONTACTS: &str = r#"
[[contacts]]
id = "hotline"
name = "Hotline"
names = { ru = "Горячая линия" }
number = "+996 000 000 189"
tel = "+996000000189"
country = "KG"
verified = "2020-01-01"
example = true

[[contacts]]
id = "kz-line"
name = "Kazakhstan line"
number = "+7 000 000 00 00"
country = "KZ"
verified = "2099-01-01"
"#;

#[test]
fn shortcut_shows_the_contact_in_the_readers_language() {
    let site = SiteTest::new()
        .file(
            "site.toml",
            &format!("{}{CONTACTS}", SITE_TOML.replace("name = \"Русский\"", "name = \"Русский\"\ncountry = \"KG\"")),
        )
        .file("content/help.en.md", "+++\ntitle = \"Help\"\n+++\nCall {{ contact(id=\"hotline\") }} any time.\n")
        .file("content/help.ru.md", "+++\ntitle = \"Помощь\"\n+++\nЗвоните: {{ contact(id=\"hotline\") }}.\n");
    site.build().ok();
    let ru = site.read("ru/help/index.html");
    assert!(ru.contains("<span class=\"contact-card\"><span class=\"contact-name\">Горячая линия</span> <a class=\"contact-number\" href=\"tel:+996000000189\">+996 000 000 189</a>"), "{ru}");
    assert!(ru.contains("(номер для примера)"));
    // Russian readers here are in Kyrgyzstan: the Kazakh line is not in their help block.
    assert!(!ru.contains("Kazakhstan line"), "{ru}");
    // English has no country: every contact.
    assert!(site.read("en/help/index.html").contains("Kazakhstan line"));
}

#[test]
fn unknown_contact_is_an_error_with_a_suggestion() {
    let site = SiteTest::new()
        .file("site.toml", &format!("{SITE_TOML}{CONTACTS}"))
        .file("content/help.en.md", "+++\ntitle = \"Help\"\n+++\n\nCall {{ contact(id=\"hotlin\") }}.\n");
    let err = site.build().fails(1);
    assert!(err.contains("help.en.md:5:"), "{err}");
    assert!(err.contains("no contact `hotlin` (did you mean `hotline`?)"), "{err}");
}

#[test]
fn check_warns_about_numbers_not_verified_for_long() {
    let site = SiteTest::new().file("site.toml", &format!("{SITE_TOML}{CONTACTS}"));
    let run = site.run(&["check"]);
    let all = format!("{}{}", run.stdout(), run.stderr());
    assert!(all.contains("contact `hotline` (+996 000 000 189) was last verified on 2020-01-01"), "{all}");
    assert!(!all.contains("contact `kz-line`"), "{all}");
}

#[test]
fn templates_can_show_a_contact() {
    let site = SiteTest::new()
        .file("site.toml", &format!("{SITE_TOML}{CONTACTS}"))
        .file("content/help.en.md", "+++\ntitle = \"Help\"\n+++\nText.\n")
        .file(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<div id=\"t\">{{ contact(id=\"hotline\", lang=lang.code) | safe }}</div>{% endblock content %}",
        );
    site.build().ok();
    let ru = site.read("ru/help/index.html");
    assert!(
        ru.contains("<div id=\"t\"><span class=\"contact-card\"><span class=\"contact-name\">Горячая линия</span>"),
        "{ru}"
    );
}
