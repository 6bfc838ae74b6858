//! What a translation says, typed by content type, with every default applied once:
//! a lesson's fields, a scenario's cast, a poster's colours (parsed), sizes (resolved,
//! A4 when none), orientation, bleed and safe zone, a news item's date. Made from the
//! parsed front matter by [`Content::new`], which reports what a value gets wrong.

use super::paper::{self, PaperSize};
use crate::parse::colour::Colour;
use crate::parse::front_matter::{CastMember, Colors, ContentType, FrontMatter, Orientation};

/// The part of a translation that depends on its content type.
#[derive(Debug)]
pub enum Content {
    Page,
    Lesson(Box<Lesson>),
    Scenario(Box<Scenario>),
    Poster(Box<Poster>),
    News(News),
}

#[derive(Debug, Default)]
pub struct Lesson {
    pub age: Option<[u32; 2]>,
    pub duration: Option<u32>,
    pub objectives: Vec<String>,
    pub materials: Vec<String>,
    /// Markdown.
    pub preparation: Option<String>,
    pub topics: Vec<String>,
    /// The handouts the lesson uses, by title (each is marked `::: handout Title`).
    pub handouts: Vec<String>,
    pub content_note: Option<String>,
    /// Markdown.
    pub teacher_notes: Option<String>,
}

#[derive(Debug, Default)]
pub struct Scenario {
    pub duration: Option<u32>,
    pub audience: Option<String>,
    pub format: Option<String>,
    pub cast: Vec<CastMember>,
}

#[derive(Debug)]
pub struct News {
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// A poster, ready to print: every value resolved.
#[derive(Debug)]
pub struct Poster {
    pub headline: Option<String>,
    pub text: Option<String>,
    pub cta: Option<String>,
    /// The id of one of `site.toml`'s contacts (checked).
    pub contact: Option<String>,
    /// A file of the poster's bundle (checked).
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub colours: PosterColours,
    /// At least one; turned for `orientation`.
    pub sizes: Vec<PaperSize>,
    pub orientation: Orientation,
    /// In mm.
    pub bleed: f64,
    pub safe_zone: f64,
    /// Where the QR code leads: `@/…` (checked) or an address; `None`: the poster's own page.
    pub qr: Option<String>,
    /// The poster's keys as written, for templates' `page.meta`.
    pub written: Written,
}

/// A poster's keys whose written value differs from the resolved one.
#[derive(Debug, Default)]
pub struct Written {
    pub colors: Option<Colors>,
    pub sizes: Vec<String>,
    pub orientation: Option<Orientation>,
    pub bleed: Option<f64>,
    pub safe_zone: Option<f64>,
}

/// How well one colour of a poster stands out from its background, under WCAG 2.2
/// AA, for a pair the default theme draws.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Contrast {
    /// The key of `colors` drawn on the background: `text` or `accent`.
    pub key: &'static str,
    pub ratio: f64,
    /// What WCAG AA asks for this use.
    pub needed: f64,
    pub what: &'static str,
}

impl Poster {
    /// Text and headline on the background (the text must reach 4.5:1; the headline
    /// is large text in the same colour), and the call to action, drawn in the accent
    /// colour in print (large bold text, 3:1; on the web a bar beside it, a graphic,
    /// also 3:1).
    pub fn contrasts(&self) -> [Contrast; 2] {
        let c = &self.colours;
        [
            Contrast { key: "text", ratio: c.text.contrast(&c.background), needed: 4.5, what: "poster text" },
            Contrast {
                key: "accent",
                ratio: c.accent.contrast(&c.background),
                needed: 3.0,
                what: "the call to action (large text in the accent colour)",
            },
        ]
    }
}

#[derive(Debug, Clone)]
pub struct PosterColours {
    pub background: Colour,
    pub text: Colour,
    pub accent: Colour,
}

/// The colours of a poster that sets none: background, text, accent.
pub const DEFAULT_COLOURS: [&str; 3] = ["#ffffff", "#111111", "#b00020"];

/// What a front-matter value gets wrong: (key, message, help).
pub type Problem = (&'static str, String, String);

impl Content {
    /// The content of a translation of type `ty`, from its front matter.
    pub fn new(ty: ContentType, fm: FrontMatter, problems: &mut Vec<Problem>) -> Content {
        match ty {
            ContentType::Page => Content::Page,
            ContentType::News => Content::News(News { date: fm.date.unwrap_or_default() }),
            ContentType::Lesson => Content::Lesson(Box::new(Lesson {
                age: fm.age,
                duration: fm.duration,
                objectives: fm.objectives,
                materials: fm.materials,
                preparation: fm.preparation,
                topics: fm.topics,
                handouts: fm.handouts,
                content_note: fm.content_note,
                teacher_notes: fm.teacher_notes,
            })),
            ContentType::Scenario => Content::Scenario(Box::new(Scenario {
                duration: fm.duration,
                audience: fm.audience,
                format: fm.format,
                cast: fm.cast,
            })),
            ContentType::Poster => Content::Poster(Box::new(poster(fm, problems))),
        }
    }

    pub fn lesson(&self) -> Option<&Lesson> {
        match self {
            Content::Lesson(l) => Some(l),
            _ => None,
        }
    }

    pub fn scenario(&self) -> Option<&Scenario> {
        match self {
            Content::Scenario(s) => Some(s),
            _ => None,
        }
    }

    pub fn poster(&self) -> Option<&Poster> {
        match self {
            Content::Poster(p) => Some(p),
            _ => None,
        }
    }

    /// A news item's date.
    pub fn date(&self) -> Option<&str> {
        match self {
            Content::News(n) => Some(&n.date),
            _ => None,
        }
    }
}

fn poster(fm: FrontMatter, problems: &mut Vec<Problem>) -> Poster {
    let orientation = fm.orientation.unwrap_or_default();
    let sizes = paper::sizes(&fm.sizes, orientation).unwrap_or_else(|unknown| {
        for name in unknown {
            problems.push((
                "sizes",
                format!("unknown poster size `{name}`"),
                "use A2–A6, Letter, sticker-<mm> or <width>x<height> in mm, e.g. 210x99".to_owned(),
            ));
        }
        paper::sizes(&[], orientation).unwrap_or_default()
    });
    let colour = |key: &'static str, written: Option<&str>, default: &str, problems: &mut Vec<Problem>| {
        let value = written.unwrap_or(default);
        Colour::parse(value).unwrap_or_else(|why| {
            problems.push((
                key,
                format!("poster colour `{key}`: {why}"),
                "write a CSS colour: #0b3c5d, navy, rgb(11 60 93)…; the web preview and the printed poster use the same"
                    .to_owned(),
            ));
            Colour::parse(default).expect("default colours are colours")
        })
    };
    let c = fm.colors.as_ref();
    let colours = PosterColours {
        background: colour("background", c.map(|c| c.background.as_str()), DEFAULT_COLOURS[0], problems),
        text: colour("text", c.map(|c| c.text.as_str()), DEFAULT_COLOURS[1], problems),
        accent: colour("accent", c.and_then(|c| c.accent.as_deref()), DEFAULT_COLOURS[2], problems),
    };
    let mm = |key: &'static str, value: Option<f64>, default: f64, max: f64, problems: &mut Vec<Problem>| match value {
        Some(v) if !(0.0..=max).contains(&v) => {
            problems.push((
                key,
                format!("`{key}` is {v} mm: it must be between 0 and {max} mm"),
                format!("{default} mm is usual"),
            ));
            default
        }
        Some(v) => v,
        None => default,
    };
    Poster {
        bleed: mm("bleed", fm.bleed, paper::DEFAULT_BLEED, 20.0, problems),
        safe_zone: mm("safe_zone", fm.safe_zone, paper::DEFAULT_SAFE_ZONE, 50.0, problems),
        headline: fm.headline,
        text: fm.text,
        cta: fm.cta,
        contact: fm.contact,
        image: fm.image,
        image_alt: fm.image_alt,
        colours,
        sizes,
        orientation,
        qr: fm.qr,
        written: Written {
            colors: fm.colors,
            sizes: fm.sizes,
            orientation: fm.orientation,
            bleed: fm.bleed,
            safe_zone: fm.safe_zone,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poster_of(toml: &str) -> (Poster, Vec<Problem>) {
        let fm: FrontMatter = toml::from_str(toml).unwrap();
        let mut problems = Vec::new();
        let Content::Poster(p) = Content::new(ContentType::Poster, fm, &mut problems) else { unreachable!() };
        (*p, problems)
    }

    #[test]
    fn a_poster_gets_its_defaults_once() {
        let (p, problems) = poster_of("title = \"P\"");
        assert!(problems.is_empty());
        assert_eq!(p.sizes[0].name, "A4");
        assert_eq!((p.bleed, p.safe_zone), (3.0, 10.0));
        assert_eq!(p.colours.background.css(), "#ffffff");
        assert!(p.written.colors.is_none() && p.written.bleed.is_none());
    }

    #[test]
    fn wrong_values_are_problems_of_their_key() {
        let (_, problems) = poster_of(
            "title = \"P\"\nsizes = [\"B7\"]\nbleed = -1.0\ncolors = { background = \"blue-ish\", text = \"navy\" }",
        );
        let keys: Vec<&str> = problems.iter().map(|p| p.0).collect();
        assert_eq!(keys, ["sizes", "background", "bleed"], "{problems:?}");
    }
}
