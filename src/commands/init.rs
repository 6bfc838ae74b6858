//! `chyrak init <dir>`: a new site that builds at once, in two languages, with one
//! item of each content type to copy from.

use crate::error::{Error, Result};
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "site.toml",
        r#"title = "My prevention handbook"
description = "Lessons, plays and posters for prevention work."
base_url = "https://example.org/"
organisation = "Your organisation"
# The licence of your texts, if you share them: an SPDX id such as "CC-BY-4.0",
# or { name = "…", url = "https://…" }.
# license = "CC-BY-4.0"

[[languages]]
code = "en"
name = "English"

[[languages]]
code = "ru"
name = "Русский"
fallback = ["en"]
title = "Моё пособие по профилактике"

[[contacts]]
id = "hotline"
name = "Hotline"
names = { ru = "Горячая линия" }
number = "+000 000 000 000"
tel = "+000000000000"
hours = "24/7"
cost = "free"
example = true
"#,
    ),
    (
        ".gitignore",
        "# Made by chyrak: the built site (and packs), the resized images, unfinished packs.\npublic/\n.chyrak-cache/\n*.zip\n*.zip.part\n",
    ),
    ("content/_index.en.md", "+++\ntitle = \"Welcome\"\n+++\nStart with the [first lesson](@/lessons/first-lesson).\n"),
    (
        "content/_index.ru.md",
        "+++\ntitle = \"Добро пожаловать\"\n+++\nНачните с [первого урока](@/lessons/first-lesson).\n",
    ),
    ("content/lessons/_index.en.md", "+++\ntitle = \"Lessons\"\ntype = \"lesson\"\n+++\n"),
    ("content/lessons/_index.ru.md", "+++\ntitle = \"Уроки\"\ntype = \"lesson\"\n+++\n"),
    (
        "content/lessons/first-lesson/index.en.md",
        r#"+++
title = "A first lesson"
summary = "Replace this with your lesson."
order = 1
age = [14, 18]
duration = 45
objectives = ["Name two warning signs of a false job offer"]
materials = ["Board", "Markers"]
+++
A lesson's activities are its `##` headings, with their minutes.

## Warm-up {minutes=10}

Ask the group what makes a job offer trustworthy.

## Discussion {minutes=35}

Read the poster [Call before you go](@/posters/call-before-you-go) together.
"#,
    ),
    (
        "content/lessons/first-lesson/index.ru.md",
        r#"+++
title = "Первый урок"
summary = "Замените этот текст своим уроком."
order = 1
age = [14, 18]
duration = 45
objectives = ["Назвать два признака ложного предложения о работе"]
materials = ["Доска", "Маркеры"]
+++
Задания урока — это его заголовки `##` с минутами.

## Разминка {minutes=10}

Спросите группу, какое предложение о работе вызывает доверие.

## Обсуждение {minutes=35}

Прочитайте вместе плакат [«Позвони, прежде чем ехать»](@/posters/call-before-you-go).
"#,
    ),
    ("content/scenarios/_index.en.md", "+++\ntitle = \"Scenarios\"\ntype = \"scenario\"\n+++\n"),
    (
        "content/scenarios/the-offer/index.en.md",
        r#"+++
title = "The offer"
duration = 5
format = "forum theatre"
cast = [{ name = "AIGUL", note = "17, a student" }, { name = "RECRUITER", note = "friendly", doubling = "NEIGHBOUR" }]
+++
INT. KITCHEN - EVENING

Aigul reads a message on her phone.

RECRUITER
(smiling)
Give me your passport. I will arrange everything.

[[STOP: What could Aigul ask before she answers?]]
[[JOKER: Who has the power in this scene?]]
"#,
    ),
    ("content/posters/_index.en.md", "+++\ntitle = \"Posters\"\ntype = \"poster\"\n+++\n"),
    (
        "content/posters/call-before-you-go/index.en.md",
        r##"+++
title = "Call before you go"
headline = "Going abroad for work?"
text = "Check the offer before you leave."
cta = "Call before you go"
contact = "hotline"
colors = { background = "#0b3d5c", text = "#ffffff", accent = "#ffd166" }
sizes = ["A4", "A6"]
+++
Hang it where young people wait: bus stations, schools, clinics.
"##,
    ),
    ("content/about.en.md", "+++\ntitle = \"About\"\n+++\nWho made this site and how to reach them.\n"),
];

/// Writes a new site into `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<()> {
    if dir.exists() && std::fs::read_dir(dir).map_err(|e| Error::io("read", dir, e))?.next().is_some() {
        return Err(Error::Usage(format!("`{}` is not empty: choose a new folder", dir.display())));
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io("write", &path, e))?;
    }
    Ok(())
}
