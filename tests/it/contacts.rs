//! Contacts: the `{{ contact(id="…") }}` Markdown shortcut and template function, the
//! "get help" block per language's country, and `chyrak check` on old numbers.

use crate::support::*;

#[test]
fn shortcut_shows_the_contact_in_the_readers_language() {
    let site = SiteTest::fixture("contacts/by-country");
    site.build().ok();
    let ru = site.read("ru/help/index.html");
    assert!(ru.contains("<span class=\"contact-card\"><span class=\"contact-name\">Горячая линия</span> <a class=\"contact-number\" href=\"tel:+996000000189\" dir=\"ltr\">+996 000 000 189</a>"), "{ru}");
    assert!(ru.contains("(номер-пример)"));
    // Russian readers here are in Kyrgyzstan: the Kazakh line is not in their help block.
    assert!(!ru.contains("Kazakhstan line"), "{ru}");
    // English has no country: every contact.
    site.assert_file("en/help/index.html", &["Kazakhstan line"]);
}

#[test]
fn unknown_contact_is_an_error_with_a_suggestion() {
    let site = SiteTest::fixture("contacts/by-country")
        .file("content/help.en.md", "+++\ntitle = \"Help\"\n+++\n\nCall {{ contact(id=\"hotlin\") }}.\n");
    let err = site.build().fails(1);
    assert!(err.contains("help.en.md:5:"), "{err}");
    assert!(err.contains("no contact `hotlin` (did you mean `hotline`?)"), "{err}");
}

#[test]
fn check_warns_about_numbers_not_verified_for_long() {
    let site = SiteTest::fixture("contacts/by-country").append(
        "site.toml",
        "\n[[contacts]]\nid = \"old-line\"\nname = \"Old line\"\nnumber = \"+996 000 000 190\"\nverified = \"2020-01-01\"\n\n[[contacts]]\nid = \"unchecked\"\nname = \"Unchecked\"\nnumber = \"+996 000 000 191\"\n",
    );
    let all = site.run(&["check"]).ok().text();
    assert!(all.contains("contact `old-line` (+996 000 000 190) was last verified on 2020-01-01"), "{all}");
    assert!(all.contains("contact `unchecked` has no `verified` date"), "{all}");
    // Recently verified, and an example number (there is nothing to call): no warning.
    assert!(!all.contains("contact `kz-line`"), "{all}");
    assert!(!all.contains("contact `hotline`"), "{all}");
}

#[test]
fn templates_can_show_a_contact() {
    let site = SiteTest::fixture("contacts/by-country").file(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<div id=\"t\">{{ contact(id=\"hotline\", lang=lang.code) | safe }}</div>{% endblock content %}",
    );
    site.build().ok();
    site.assert_file(
        "ru/help/index.html",
        &["<div id=\"t\"><span class=\"contact-card\"><span class=\"contact-name\">Горячая линия</span>"],
    );
}
