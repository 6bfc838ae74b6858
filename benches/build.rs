//! Build benchmark: wall time and peak memory of `chyrak build` and `chyrak check`.
//!
//! For each configuration (N pages per language × L languages) it writes a deterministic,
//! realistic site: lessons with timed activities (70%), news pages (20%), forum-theatre
//! scenarios in Fountain (7%) and posters (3%); Markdown bodies of 600–1500 words with
//! headings, lists, a table, emphasis and `@/` links; ~15% of the items untranslated in the
//! other languages, so that fallbacks happen. Site and output go to /dev/shm when it has
//! room, else to the system temp dir. Each run spawns `chyrak build` (into a fresh output
//! directory) and `chyrak check`, recording wall time and peak RSS (`wait4`'s `ru_maxrss`),
//! and the results are printed as a Markdown table for the README.
//!
//! ```text
//! cargo bench --bench build -- [--pages N[,N…]] [--langs L] [--runs R] [--keep DIR]
//! cargo bench --bench build -- --generate-only DIR [--pages N] [--langs L]
//! cargo bench --bench build -- --search-latency DIR/public    (see build/search.rs)
//! ```
//!
//! Defaults: 1000 and 10000 pages (or `CHYRAK_BENCH_PAGES=500,2000`), 3 languages (en, ru,
//! ky, then kk, tg, uz-Latn), 5 runs. `--keep DIR` works in DIR and leaves the sites
//! (`DIR/site-N`) and outputs (`DIR/public-N`) there. `--generate-only DIR` only writes the
//! site for the first page count to DIR.

use std::fmt::Write as _;
use std::io::{Read, Seek};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Instant;
use std::{fs, io};

const CHYRAK: &str = env!("CARGO_BIN_EXE_chyrak");

/// A site language and what its text is made of.
struct Lang {
    code: &'static str,
    name: &'static str,
    fallback: &'static [&'static str],
    /// Scene-heading prefixes: interior, exterior.
    scene: [&'static str; 2],
    /// The characters of every play.
    names: &'static str,
    words: &'static str,
}

const CYR: [&str; 2] = ["ИНТ.", "НАТ."];
const LAT: [&str; 2] = ["INT.", "EXT."];
#[rustfmt::skip]
const LANGS: [Lang; 6] = [
    Lang { code: "en", name: "English", fallback: &[], scene: LAT,
        names: "Aigul Bakyt Nurlan Dinara Recruiter Mother",
        words: "safe road job offer passport contract travel border work abroad family friend trust money debt recruiter agency visa document help hotline shelter risk question answer story choice freedom rights employer salary promise city village bus station phone message police migrant worker community school teacher young people learn plan check call before leave" },
    Lang { code: "ru", name: "Русский", fallback: &["en"], scene: CYR,
        names: "Айгуль Бакыт Нурлан Динара Вербовщик Мама",
        words: "безопасный путь работа предложение паспорт договор поездка граница за рубежом семья друг доверие деньги долг вербовщик агентство виза документ помощь горячая линия приют риск вопрос ответ история выбор свобода права работодатель зарплата обещание город село автобус вокзал телефон сообщение полиция мигрант община школа учитель молодёжь план проверка звонок уехать" },
    Lang { code: "ky", name: "Кыргызча", fallback: &["ru", "en"], scene: CYR,
        names: "Айгүл Бакыт Нурлан Динара Ортомчу Апа",
        words: "коопсуз жол жумуш сунуш паспорт келишим сапар чек ара чет өлкө үй-бүлө дос ишеним акча карыз ортомчу агенттик виза документ жардам телефону баш калка тобокел суроо жооп окуя тандоо эркиндик укук иш берүүчү айлык убада шаар айыл автобус бекет телефон кабар милиция мигрант жамаат мектеп мугалим жаштар план текшерүү чалуу кетүү" },
    Lang { code: "kk", name: "Қазақша", fallback: &["ru", "en"], scene: CYR,
        names: "Айгүл Бақыт Нұрлан Динара Делдал Ана",
        words: "қауіпсіз жол жұмыс ұсыныс төлқұжат келісімшарт сапар шекара шетел отбасы дос сенім ақша қарыз делдал агенттік виза құжат көмек телефоны баспана тәуекел сұрақ жауап оқиға таңдау бостандық құқық жұмыс беруші жалақы уәде қала ауыл автобус бекет хабар полиция мигрант қауым мектеп мұғалім жастар жоспар тексеру" },
    Lang { code: "tg", name: "Тоҷикӣ", fallback: &["ru", "en"], scene: CYR,
        names: "Айгул Бахтиёр Нурлон Дилноза Миёнарав Модар",
        words: "роҳи бехатар кор пешниҳод шиноснома шартнома сафар сарҳад хориҷа оила дӯст эътимод пул қарз миёнарав агентӣ раводид ҳуҷҷат кумак телефони боварӣ паноҳгоҳ хатар савол ҷавоб ҳикоя интихоб озодӣ ҳуқуқ корфармо музд ваъда шаҳр деҳа автобус истгоҳ паём милиса муҳоҷир ҷамоат мактаб муаллим ҷавонон нақша санҷиш" },
    Lang { code: "uz-Latn", name: "Oʻzbekcha", fallback: &["ru", "en"], scene: LAT,
        names: "Aygul Baxtiyor Nurlan Dilnoza Vositachi Ona",
        words: "xavfsiz yo'l ish taklif pasport shartnoma safar chegara chet el oila do'st ishonch pul qarz vositachi agentlik viza hujjat yordam telefoni boshpana xavf savol javob hikoya tanlov erkinlik huquq ish beruvchi maosh va'da shahar qishloq avtobus bekat xabar politsiya migrant jamoa maktab o'qituvchi yoshlar reja tekshirish" },
];

/// Sections: name, type of their items, share of the items in percent.
#[rustfmt::skip]
const SECTIONS: [(&str, &str, usize); 4] =
    [("lessons", "lesson", 70), ("news", "page", 20), ("scenarios", "scenario", 7), ("posters", "poster", 3)];

/// SplitMix64: tiny, and good enough for deterministic filler text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let z = (self.0 ^ (self.0 >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        let z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pseudo-random text in one language: `out` collects a body and `count` its words.
struct Text<'a> {
    rng: Rng,
    words: Vec<&'a str>,
    /// Targets of `@/` links: every item of the default language.
    links: &'a [String],
    out: String,
    count: usize,
}

impl Text<'_> {
    /// Between `lo` and `hi` results of `f`.
    fn many(&mut self, lo: usize, hi: usize, f: impl Fn(&mut Self) -> String) -> Vec<String> {
        (0..self.rng.range(lo, hi)).map(|_| f(self)).collect()
    }
    fn phrase(&mut self, lo: usize, hi: usize) -> String {
        let words = self.many(lo, hi, |t| t.rng.pick(&t.words).to_string());
        self.count += words.len();
        words.join(" ")
    }
    fn title(&mut self, lo: usize, hi: usize) -> String {
        let phrase = self.phrase(lo, hi);
        let first = phrase.chars().next().unwrap();
        first.to_uppercase().chain(phrase.chars().skip(1)).collect()
    }
    /// A sentence with some emphasis and, if `links`, now and then an `@/` link.
    fn sentence(&mut self, links: bool) -> String {
        let mut words = vec![self.title(1, 1)];
        for _ in 0..self.rng.range(4, 15) {
            let word = self.phrase(1, 1);
            words.push(match self.rng.below(50) {
                0 | 1 => format!("*{word}*"),
                2 => format!("**{word}**"),
                _ => word,
            });
        }
        if links && self.rng.chance(12) {
            let (text, target) = (self.phrase(1, 3), self.rng.pick(self.links));
            let at = self.rng.range(1, words.len());
            words.insert(at, format!("[{text}](@/{target})"));
        }
        words.join(" ") + if self.rng.chance(10) { "?" } else { "." }
    }
    fn paragraph(&mut self, links: bool, lo: usize, hi: usize) -> String {
        self.many(lo, hi, |t| t.sentence(links)).join(" ")
    }
    fn list(&mut self, marker: &str) -> String {
        let items = self.many(3, 6, |t| t.sentence(true));
        format!("{marker} {}", items.join(&format!("\n{marker} ")))
    }
    fn push(&mut self, block: &str) {
        self.out += block;
        self.out += "\n\n";
    }
    /// Markdown: an introduction, then a `##` section per heading, up to about `target` words.
    fn markdown(&mut self, headings: &[String], target: usize) {
        let intro = self.paragraph(true, 2, 4);
        self.push(&intro);
        let table_at = self.rng.below(headings.len());
        for (i, heading) in headings.iter().enumerate() {
            self.push(&format!("## {heading}"));
            if i == table_at {
                let rows = self.many(4, 7, |t| {
                    let (a, b) = (t.title(1, 2), t.phrase(2, 4));
                    format!("| {a} | {b} | {} |", t.rng.range(5, 30))
                });
                let (head, body) = (&rows[0], rows[1..].join("\n"));
                self.push(&format!("{head}\n|---|---|---:|\n{body}"));
            }
            while self.count < target * (i + 1) / headings.len() {
                let block = match self.rng.below(10) {
                    0..=5 => self.paragraph(true, 3, 6),
                    6 => self.list("-"),
                    7 => self.list("1."),
                    8 => format!("### {}\n\n{}", self.title(2, 4), self.paragraph(true, 2, 4)),
                    _ => format!("> {}", self.paragraph(false, 1, 3)),
                };
                self.push(&block);
            }
        }
    }
    /// A forum-theatre play in Fountain, of about `target` words.
    fn fountain(&mut self, lang: &Lang, title: &str, target: usize) {
        let cues: Vec<_> = lang.names.split(' ').map(str::to_uppercase).collect();
        self.push(&format!("Title: {title}\nAuthor: Youth theatre group"));
        for scene in 1.. {
            let (prefix, place) = (self.rng.pick(&lang.scene), self.phrase(1, 3).to_uppercase());
            let action = self.paragraph(false, 2, 4);
            self.push(&format!("{prefix} {place} #{scene}#\n\n{action}"));
            for _ in 0..self.rng.range(4, 10) {
                let mut speech = self.rng.pick(&cues).clone();
                if self.rng.chance(20) {
                    speech += &format!("\n({})", self.phrase(1, 3));
                }
                speech += &format!("\n{}", self.paragraph(false, 1, 2));
                self.push(&speech);
            }
            for (note, percent) in [("STOP", 70), ("JOKER", 50)] {
                if self.rng.chance(percent) {
                    let text = self.sentence(false);
                    self.push(&format!("[[{note}: {text}]]"));
                }
            }
            if self.count >= target {
                break;
            }
            self.push("CUT TO:");
        }
        self.push("> THE END <");
    }
}

/// Writes an item's body to `t.out` and returns its type-specific front matter.
/// (`{:?}` of strings and lists of strings is valid TOML for this text.)
fn item(kind: &str, t: &mut Text, lang: &Lang, title: &str, lessons: &[String]) -> String {
    let target = t.rng.range(600, 1500);
    match kind {
        "lesson" => {
            // Activities of at least 5 minutes that add up to the duration.
            let duration = *t.rng.pick(&[45, 60, 90]);
            let activities = t.rng.range(3, 6);
            let mut minutes = vec![5; activities];
            for _ in 0..(duration - 5 * activities) / 5 {
                minutes[t.rng.below(activities)] += 5;
            }
            let mut headings = Vec::new();
            for m in minutes {
                headings.push(format!("{} {{minutes={m}}}", t.title(2, 5)));
            }
            t.markdown(&headings, target);
            let age = t.rng.range(12, 16);
            let objectives = t.many(2, 4, |t| t.title(3, 7));
            let materials = t.many(1, 4, |t| t.phrase(1, 3));
            let topics = t.many(1, 3, |t| t.phrase(1, 1));
            format!(
                "age = [{age}, {}]\nduration = {duration}\nobjectives = {objectives:?}\n\
                 materials = {materials:?}\ntopics = {topics:?}\n",
                age + 4
            )
        }
        "scenario" => {
            t.fountain(lang, title, target);
            let mut cast = String::new();
            for name in lang.names.split(' ') {
                let _ = write!(cast, "{{ name = {name:?}, note = {:?} }}, ", t.phrase(2, 5));
            }
            let (duration, audience) = (t.rng.range(15, 40), t.phrase(2, 4));
            format!(
                "duration = {duration}\naudience = {audience:?}\nformat = \"forum theatre\"\n\
                 cast = [{cast}]\n"
            )
        }
        "poster" => {
            let headings = t.many(2, 4, |t| t.title(2, 4));
            t.markdown(&headings, target);
            let (headline, text, cta) = (t.title(3, 6), t.paragraph(false, 1, 2), t.title(2, 4));
            let [bg, fg, accent] = [0; 3].map(|_| t.rng.next() & 0xff_ffff);
            let sizes = &["A3", "A4", "sticker-100"][..t.rng.range(1, 3)];
            let qr = t.rng.pick(lessons);
            format!(
                "headline = {headline:?}\ntext = {text:?}\ncta = {cta:?}\ncontact = \"hotline\"\n\
                 colors = {{ background = \"#{bg:06x}\", text = \"#{fg:06x}\", \
                 accent = \"#{accent:06x}\" }}\nsizes = {sizes:?}\nqr = \"@/{qr}\"\n"
            )
        }
        _ => {
            let headings = t.many(3, 7, |t| t.title(2, 5));
            t.markdown(&headings, target);
            String::new()
        }
    }
}

fn site_toml(langs: &[Lang]) -> String {
    let mut s = String::from(
        "title = \"Safe Road (benchmark)\"\nbase_url = \"https://example.org/bench\"\n\
         theme = \"default\"\norganisation = \"Benchmark\"\n",
    );
    for lang in langs {
        let (code, name, fallback) = (lang.code, lang.name, lang.fallback);
        let _ = write!(s, "\n[[languages]]\ncode = {code:?}\nname = {name:?}\n");
        let _ = writeln!(s, "fallback = {fallback:?}");
    }
    let codes: Vec<_> = langs.iter().map(|l| l.code).collect();
    s + &format!(
        "\n[[contacts]]\nid = \"hotline\"\nname = \"Hotline\"\nnumber = \"+996 000 000 189\"\n\
         tel = \"+996000000189\"\nhours = \"24/7\"\nlanguages = {codes:?}\ncost = \"free\"\n\
         verified = \"2026-11-01\"\nexample = true\n"
    )
}

fn write(path: PathBuf, text: String) {
    fs::create_dir_all(path.parent().unwrap()).expect("create a directory of the site");
    fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Writes a site with `pages` items per language in `langs` to `root`.
fn generate(root: &Path, pages: usize, langs: &[Lang]) {
    write(root.join("site.toml"), site_toml(langs));

    // The items: (section, type, order, slug); lessons get the rounding remainder.
    let mut counts = SECTIONS.map(|(_, _, share)| pages * share / 100);
    counts[0] = pages - counts[1..].iter().sum::<usize>();
    let slug_words: Vec<_> = LANGS[0].words.split(' ').collect();
    let mut items = Vec::new();
    for (&(section, kind, _), count) in SECTIONS.iter().zip(counts) {
        for order in 1..=count {
            let mut rng = Rng(items.len() as u64);
            let (a, b) = (rng.pick(&slug_words), rng.pick(&slug_words));
            items.push((section, kind, order, format!("{order:05}-{a}-{b}")));
        }
    }
    let links: Vec<_> = items.iter().map(|it| format!("{}/{}", it.0, it.3)).collect();
    let lessons = &links[..counts[0]];

    let content = root.join("content");
    for (l, lang) in langs.iter().enumerate() {
        let code = lang.code;
        // Each file has its own random stream, seeded with (kind of file, index, language).
        let text = |what: u64, i: usize| Text {
            rng: Rng((what << 56) ^ ((i as u64) << 8) ^ l as u64),
            words: lang.words.split(' ').collect(),
            links: &links,
            out: String::new(),
            count: 0,
        };
        let mut t = text(1, 0);
        let (title, headings) = (t.title(2, 4), t.many(2, 3, |t| t.title(2, 3)));
        t.markdown(&headings, 200);
        let home = format!("+++\ntitle = {title:?}\n+++\n{}", t.out);
        write(content.join(format!("_index.{code}.md")), home);
        for (s, (section, kind, _)) in SECTIONS.iter().enumerate() {
            let mut t = text(2, s);
            let (title, intro) = (t.title(1, 3), t.paragraph(true, 3, 6));
            let page = format!("+++\ntitle = {title:?}\norder = {s}\ntype = {kind:?}\n+++\n{intro}\n");
            write(content.join(format!("{section}/_index.{code}.md")), page);
        }
        for (i, (section, kind, order, slug)) in items.iter().enumerate() {
            let mut t = text(0, i);
            if l > 0 && t.rng.chance(15) {
                continue; // not translated: this language falls back
            }
            let (title, summary) = (t.title(2, 6), t.sentence(false));
            let mut fm = format!("title = {title:?}\nsummary = {summary:?}\norder = {order}\n");
            fm += &item(kind, &mut t, lang, &title, lessons);
            if l > 0 && t.rng.chance(5) {
                fm += "review = \"Machine-assisted draft.\"\n";
            }
            let page = format!("+++\n{fm}+++\n{}", t.out);
            let path = format!("{section}/{slug}/index.{code}.md");
            write(content.join(path), page);
        }
    }
}

/// Wall time (s) and peak RSS (MiB) of a chyrak run.
struct Sample {
    secs: f64,
    mib: f64,
}

/// Runs `chyrak <subcommand> --root <site> [--output <out>] [extra…]`; panics with its
/// stderr if it fails. Returns the sample and what it wrote to stderr.
fn run(subcommand: &str, site: &Path, out: Option<&Path>, extra: &[&str]) -> (Sample, String) {
    let mut command = Command::new(CHYRAK);
    command.args([subcommand, "--root"]).arg(site);
    if let Some(out) = out {
        command.arg("--output").arg(out);
    }
    command.args(extra);
    measure(command)
}

/// The floor program (`floor.rs`), in a process of its own like chyrak.
fn run_floor(site: &Path, out: &Path) -> Sample {
    let mut command = Command::new(std::env::current_exe().expect("the benchmark's own path"));
    command.arg("--floor").arg(site).arg(out);
    measure(command).0
}

/// Runs `command`, recording wall time and peak RSS; panics with its stderr if it fails.
#[expect(clippy::zombie_processes, reason = "the child is reaped by wait4")]
fn measure(mut command: Command) -> (Sample, String) {
    let mut stderr = tempfile::tempfile().expect("create a temp file");
    command.stdout(tempfile::tempfile().expect("create a temp file"));
    command.stderr(stderr.try_clone().unwrap());
    command.stdin(Stdio::null());
    let start = Instant::now();
    let child = command.spawn().expect("start the program");
    let (mut status, mut usage) = (0, unsafe { std::mem::zeroed::<libc::rusage>() });
    // SAFETY: waits for our own child, with pointers to locals.
    while unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) } < 0 {
        let error = io::Error::last_os_error();
        assert_eq!(error.kind(), io::ErrorKind::Interrupted, "wait4: {error}");
    }
    let secs = start.elapsed().as_secs_f64();
    let status = ExitStatus::from_raw(status);
    let mut message = String::new();
    stderr.rewind().unwrap();
    stderr.read_to_string(&mut message).unwrap();
    if !status.success() {
        panic!("{command:?} failed ({status}):\n{message}\n(--keep DIR keeps the site)");
    }
    let mib = usage.ru_maxrss as f64 / 1024.0; // ru_maxrss is in KiB on Linux
    (Sample { secs, mib }, message)
}

/// The figures of one corpus size.
struct Figures {
    pages: usize,
    /// (median, min, max) seconds.
    build: (f64, f64, f64),
    mib: f64,
    check: f64,
    floor: f64,
    floor_mib: f64,
    /// `chyrak build --verbose`'s stage lines.
    stages: Vec<String>,
    /// What the output costs readers (from that build's output).
    output: output::Output,
}

/// (median, min, max)
fn stats(samples: &[Sample], value: fn(&Sample) -> f64) -> (f64, f64, f64) {
    let mut values: Vec<f64> = samples.iter().map(value).collect();
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = (values[(n - 1) / 2] + values[n / 2]) / 2.0;
    (median, values[0], values[n - 1])
}

fn c_path(path: &Path) -> std::ffi::CString {
    std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("a path without NUL")
}

/// /dev/shm when it exists and has `need` bytes free, else the system temp dir.
fn temp_base(need: u64) -> PathBuf {
    let shm = Path::new("/dev/shm");
    let mut s = unsafe { std::mem::zeroed::<libc::statvfs>() };
    // SAFETY: a valid C string and a pointer to a local.
    let ok = shm.is_dir() && unsafe { libc::statvfs(c_path(shm).as_ptr(), &mut s) } == 0;
    let free = (s.f_bavail as u64).saturating_mul(s.f_frsize as u64);
    if ok && free > need { shm.into() } else { std::env::temp_dir() }
}

#[cfg(target_os = "linux")]
fn on_tmpfs(path: &Path) -> bool {
    let mut s = unsafe { std::mem::zeroed::<libc::statfs>() };
    // SAFETY: a valid C string and a pointer to a local.
    unsafe { libc::statfs(c_path(path).as_ptr(), &mut s) == 0 && s.f_type == libc::TMPFS_MAGIC }
}

#[cfg(not(target_os = "linux"))]
fn on_tmpfs(_: &Path) -> bool {
    false
}

#[path = "build/floor.rs"]
mod floor;
#[path = "build/latency.rs"]
mod latency;
#[path = "build/output.rs"]
mod output;
#[path = "build/search.rs"]
mod search;

fn usage() -> ! {
    eprintln!(
        "usage: cargo bench --bench build -- [--pages N[,N…]] [--langs L (1-6)] [--runs R] \
         [--keep DIR] [--generate-only DIR] [--edit-latency] [--search-latency OUTPUT_DIR]"
    );
    std::process::exit(2)
}

/// Positive numbers separated by commas.
fn numbers(list: &str) -> Vec<usize> {
    let number = |n: &str| n.trim().parse().ok().filter(|&n| n > 0);
    list.split(',').map(|n| number(n).unwrap_or_else(|| usage())).collect()
}

fn main() {
    let mut pages = std::env::var("CHYRAK_BENCH_PAGES").map_or(vec![1000, 10_000], |v| numbers(&v));
    let (mut langs, mut runs) = (3, 5);
    let (mut keep, mut generate_only) = (None::<PathBuf>, None::<PathBuf>);
    let mut edit_latency = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().filter(|v| !v.starts_with("--")).unwrap_or_else(|| usage());
        match arg.as_str() {
            "--bench" => {} // added by `cargo bench`
            "--pages" => pages = numbers(&value()),
            "--langs" => langs = numbers(&value())[0],
            "--runs" => runs = numbers(&value())[0],
            "--keep" => keep = Some(value().into()),
            "--generate-only" => generate_only = Some(value().into()),
            "--edit-latency" => edit_latency = true,
            "--floor" => return floor::main(&PathBuf::from(value()), &PathBuf::from(value())),
            "--search-latency" => return search::main(&PathBuf::from(value())),
            _ => usage(),
        }
    }
    let Some(langs) = LANGS.get(..langs) else { usage() };
    let l = langs.len();
    if let Some(dir) = generate_only {
        generate(&dir, pages[0], langs);
        eprintln!("wrote {} pages × {l} languages to {dir:?}", pages[0]);
        return;
    }

    if edit_latency {
        latency::main(&pages, langs);
        return;
    }

    // About 10 KiB of Markdown and 50 KiB of output per page and language.
    let need = (pages.iter().max().unwrap() * l * 64 * 1024) as u64;
    let temp = tempfile::Builder::new().prefix("chyrak-bench-").tempdir_in(temp_base(need));
    let temp = temp.expect("create a temp dir");
    let work = keep.clone().unwrap_or_else(|| temp.path().into());
    let mut results: Vec<Figures> = Vec::new();
    for &n in &pages {
        let site = work.join(format!("site-{n}"));
        let out = work.join(format!("public-{n}"));
        let floor_out = work.join(format!("floor-{n}"));
        let _ = fs::remove_dir_all(&site);
        eprintln!("generating {n} pages × {l} languages in {site:?}");
        generate(&site, n, langs);
        let (mut builds, mut checks, mut floors) = (Vec::new(), Vec::new(), Vec::new());
        for i in 1..=runs {
            let _ = (fs::remove_dir_all(&out), fs::remove_dir_all(&floor_out));
            let floor = run_floor(&site, &floor_out);
            let _ = fs::remove_dir_all(&floor_out); // room on the tmpfs for the build's output
            let build = run("build", &site, Some(&out), &[]).0;
            let check = run("check", &site, None, &[]).0;
            let (f, b, mib, c) = (floor.secs, build.secs, build.mib, check.secs);
            eprintln!("  run {i}/{runs}: floor {f:.3} s; build {b:.3} s, {mib:.1} MiB peak; check {c:.3} s");
            builds.push(build);
            checks.push(check);
            floors.push(floor);
        }
        // One more build for its stage timings (`--verbose`), not counted above.
        let _ = fs::remove_dir_all(&out);
        let stages = run("build", &site, Some(&out), &["--verbose"]).1;
        let stages: Vec<String> =
            stages.lines().filter(|l| l.starts_with("  ") && l.ends_with(" ms")).map(|l| l.trim().to_owned()).collect();
        let codes: Vec<&str> = langs.iter().map(|l| l.code).collect();
        let output = output::measure(&out, &codes);
        results.push(Figures {
            pages: n,
            build: stats(&builds, |s| s.secs),
            mib: stats(&builds, |s| s.mib).0,
            check: stats(&checks, |s| s.secs).0,
            floor: stats(&floors, |s| s.secs).0,
            floor_mib: stats(&floors, |s| s.mib).0,
            stages,
            output,
        });
        if keep.is_none() {
            let _ = (fs::remove_dir_all(&site), fs::remove_dir_all(&out), fs::remove_dir_all(&floor_out));
        }
    }

    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo.lines().find_map(|l| l.strip_prefix("model name")?.split_once(':'));
    let cpu = cpu.map_or("unknown CPU", |(_, model)| model.trim());
    let nproc = std::thread::available_parallelism().map_or(1, |n| n.get());
    let tmpfs = if on_tmpfs(&work) { "on" } else { "not on" };
    println!("\n{runs} runs each; nproc {nproc}, {cpu}, output {tmpfs} tmpfs.\n");
    println!("| pages × languages | build (median) | min | max | floor | build / floor | peak RSS | check | pages/s |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &results {
        let (build, min, max) = r.build;
        let rate = (r.pages * l) as f64 / build;
        println!(
            "| {} × {l} | {build:.3} s | {min:.3} s | {max:.3} s | {:.3} s | {:.1} | {:.1} MiB | {:.3} s | {rate:.0} |",
            r.pages,
            r.floor,
            build / r.floor,
            r.mib,
            r.check
        );
    }
    println!("\nTargets (issue: performance), each with the figure it is judged on:\n");
    println!("| target | figure | met |");
    println!("|---|---|---|");
    let yes = |ok: bool| if ok { "yes" } else { "**no**" };
    let ten_k = results.iter().find(|r| r.pages == 10_000);
    if let Some(r) = ten_k {
        let ratio = r.build.0 / r.floor;
        println!(
            "| 10,000 × {l}: build ≤ 3 × floor | {ratio:.1} × ({:.3} s / {:.3} s) | {} |",
            r.build.0,
            r.floor,
            yes(ratio <= 3.0)
        );
        println!("| 10,000 × {l}: peak RSS ≤ 128 MiB | {:.1} MiB | {} |", r.mib, yes(r.mib <= 128.0));
        for lang in &r.output.languages {
            // The language's items and the site's assets each have the budget.
            let budgeted = lang.first_visit - lang.fixed;
            println!(
                "| 10,000 × {l}: a first visit to `{}` downloads its shell and lists, then ≤ the budget ({:.0} MB) of items and ≤ the budget of site assets | {:.2} MB in {} files: {:.2} MB shell, lists and shared files (the list {:.0} kB), {:.2} MB within the budget; saving data: the shell, {:.2} MB; the whole language: {:.1} MB in {} files | {} |",
                lang.lang,
                output::BUDGET as f64 / 1e6,
                lang.first_visit as f64 / 1e6,
                lang.first_visit_files,
                lang.fixed as f64 / 1e6,
                lang.list as f64 / 1e3,
                budgeted as f64 / 1e6,
                lang.shell as f64 / 1e6,
                lang.whole as f64 / 1e6,
                lang.whole_files,
                yes(budgeted <= 2 * output::BUDGET),
            );
        }
        let worst = r.output.languages.iter().map(|x| x.query_bound).max().unwrap_or(0);
        println!(
            "| 10,000 × {l}: a search query downloads ≤ 300 kB | at most {:.0} kB (shard table + largest shard + two largest document tables) | {} |",
            worst as f64 / 1e3,
            yes(worst <= 300_000)
        );
    }
    if let Some(r) = results.iter().find(|r| r.pages == 100_000) {
        println!("| 100,000 × {l}: peak RSS ≤ 1.5 GiB | {:.1} MiB | {} |", r.mib, yes(r.mib <= 1536.0));
        if let Some(t) = ten_k {
            let growth = r.build.0 / t.build.0;
            println!("| 100,000 × {l}: time ≤ 11 × the 10,000 time | {growth:.1} × | {} |", yes(growth <= 11.0));
        }
    }
    for r in &results {
        let o = &r.output;
        println!(
            "| {} × {l}: files written (search index files: {} in all, {:.0} per language) | {} | — |",
            r.pages,
            o.search_files,
            o.search_files as f64 / l as f64,
            o.files
        );
    }
    println!(
        "| a one-page edit under `serve` ≤ 50 ms at 10,000 × {l} | measured by `--edit-latency`, not in this run | — |"
    );
    for r in &results {
        let (c, b) = (r.check, r.build.0);
        println!("| {} × {l}: check no slower than build | {c:.3} s vs {b:.3} s | {} |", r.pages, yes(c <= b));
    }
    for r in &results {
        println!(
            "\nStages of one `chyrak build --verbose` at {} × {l} (wall time; `write` is summed over threads):\n",
            r.pages
        );
        println!("```text");
        for s in &r.stages {
            println!("{s}");
        }
        println!("```");
    }
    println!(
        "\nFloor: read every Markdown file, render it with pulldown-cmark in parallel and write one file per page (peak {:.1} MiB).",
        results.last().map_or(0.0, |r| r.floor_mib)
    );
    println!("\nPeak RSS and check are medians; pages/s counts N × L pages, fallbacks included.");
}
