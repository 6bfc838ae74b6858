//! Command-line arguments (clap) and how each command reports to the terminal.

use chyrak::commands::build::{self, Options};
use chyrak::commands::pipeline::Progress;
use chyrak::{Diagnostic, Error};
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  chyrak init my-handbook          create a new site in two languages
  chyrak build                     build the site in this folder into public/
  chyrak build --root site --output /tmp/out --drafts
  chyrak serve --open              preview on http://127.0.0.1:1111, live
  chyrak check                     find problems without writing anything
  chyrak pack --lang ky,ru         a zip of the Kyrgyz and Russian site for a USB stick
  chyrak epub --lang ky            the Kyrgyz handbook and plays as an e-book
  chyrak pack --format scorm       a SCORM 1.2 package per language, for Moodle
  chyrak pack --format kolibri     a Kolibri HTML5 App zip per language
  chyrak po update --lang ky       make or update po/ky.po for translators
  chyrak po apply --lang ky        write the Kyrgyz pages from po/ky.po";

/// Multilingual websites and print pages for counter-trafficking education.
#[derive(Parser)]
#[command(name = "chyrak", version, about, after_help = EXAMPLES)]
struct Cli {
    /// Print each stage's time and every warning.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new site that builds at once (two languages, one item of each type).
    Init {
        /// Folder to create; must not exist or be empty.
        dir: PathBuf,
    },
    /// Build the site into a folder, replacing it only if the build succeeds.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder (default: <root>/public).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Preview the site on 127.0.0.1, updating open tabs as files change.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Open the preview in the desktop's browser.
        #[arg(long)]
        open: bool,
        /// Port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. Anything but loopback exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
    },
    /// Run every stage of a build and report problems, without writing anything.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// How to report: `text` for people, `json` for CI (schema in the README).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Fail (exit 1) on warnings too, not only on errors.
        #[arg(long)]
        strict: bool,
        /// Print the `source_hash` of every original text (for translators) and stop.
        #[arg(long)]
        print_hashes: bool,
    },
    /// Build the site into a zip to copy on a USB stick, with only some languages; or,
    /// with --format, course packages per language for Moodle (SCORM) or Kolibri.
    Pack {
        #[command(flatten)]
        site: SiteArgs,
        /// Only these languages (repeat or separate with commas; default: all). Pages
        /// they show by fallback come along, in their folders.
        #[arg(short, long, value_delimiter = ',')]
        lang: Vec<String>,
        /// The zip file to write (default: <root>/public/site-<languages>.zip, beside
        /// the built site and outside the content; the next `build` replaces it). With
        /// `--format scorm` or `kolibri`: the folder for the zips (default: <root>/public).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// `site`: the website for a USB stick; `scorm`: a SCORM 1.2 package per language
        /// for Moodle; `kolibri`: a Kolibri HTML5 App zip per language.
        #[arg(long, value_enum, default_value_t = PackFormat::Site)]
        format: PackFormat,
    },
    /// Make one EPUB e-book per language: the handbook's lessons, then the plays.
    Epub {
        #[command(flatten)]
        site: SiteArgs,
        /// Only these languages (repeat or separate with commas; default: all).
        #[arg(short, long, value_delimiter = ',')]
        lang: Vec<String>,
        /// Only the handbook, or only the plays (default: both in one book).
        #[arg(long, value_enum)]
        only: Option<BookPart>,
        /// Folder for the books (default: <root>/public/epub, after building the site
        /// into <root>/public with its lessons linking to them).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Translators' catalogs: gettext PO files under po/, one per language.
    Po {
        #[command(subcommand)]
        command: PoCommand,
    },
    /// Build, then print the handbook, handouts, scripts and posters to PDF with a local Chromium.
    Pdf {
        #[command(flatten)]
        site: SiteArgs,
        /// Only these languages (repeat or separate with commas; default: all).
        #[arg(short, long, value_delimiter = ',')]
        lang: Vec<String>,
        /// Only these documents (repeat or separate with commas; default: all).
        #[arg(long, value_enum, value_delimiter = ',')]
        only: Vec<PrintKind>,
        /// Folder for the PDFs (default: <root>/public/pdf, linked from the site).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum PoCommand {
    /// Make or update po/<lang>.po from the source texts: translations kept, changed
    /// texts marked fuzzy, removed ones kept as obsolete; a first run takes the
    /// translations already written.
    Update {
        #[command(flatten)]
        site: SiteArgs,
        /// Only these languages (repeat or separate with commas; default: all but the source).
        #[arg(short, long, value_delimiter = ',')]
        lang: Vec<String>,
    },
    /// Write the translated pages and interface strings from po/<lang>.po.
    Apply {
        #[command(flatten)]
        site: SiteArgs,
        /// Only these languages (repeat or separate with commas; default: all but the source).
        #[arg(short, long, value_delimiter = ',')]
        lang: Vec<String>,
        /// Also write pages that are partly translated, the rest in the original language.
        #[arg(long)]
        partial: bool,
    },
}

/// How `chyrak check` reports.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// What `chyrak pack --format` makes.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum PackFormat {
    Site,
    Scorm,
    Kolibri,
}

/// What `chyrak epub --only` selects.
#[derive(Clone, Copy, clap::ValueEnum)]
enum BookPart {
    Handbook,
    Scenarios,
}

/// What `chyrak pdf --only` selects.
#[derive(Clone, Copy, clap::ValueEnum)]
enum PrintKind {
    Handbook,
    Handouts,
    Scenarios,
    Posters,
}

#[derive(clap::Args)]
struct SiteArgs {
    /// The site's folder (holding site.toml).
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
}

/// A progress bar on a terminal, nothing otherwise.
struct Bar(indicatif::ProgressBar);

impl Bar {
    fn new() -> Bar {
        let bar = if std::io::stderr().is_terminal() {
            indicatif::ProgressBar::new(0)
        } else {
            indicatif::ProgressBar::hidden()
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar} {elapsed}")
                .expect("valid template"),
        );
        Bar(bar)
    }
}

impl Progress for Bar {
    fn start(&self, total: u64) {
        self.0.set_length(total);
    }
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match execute(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            e.exit_code()
        }
    }
}

/// Runs the command; returns the exit code of a run that reported its own outcome.
fn execute(cli: &Cli) -> Result<i32, Error> {
    match &cli.command {
        Command::Init { dir } => {
            chyrak::commands::init::init(dir)?;
            println!("Created a new site in {}. Next: chyrak build --root {}", dir.display(), dir.display());
            Ok(0)
        }
        Command::Build { site, output } => {
            let options = options(site, output);
            let report = build::build(&options, &Bar::new())?;
            summarise(cli.verbose, &report);
            println!("Built {} pages into {}", report.pages, options.output.display());
            Ok(0)
        }
        Command::Check { site, format, strict, print_hashes } => check(site, *format, *strict, *print_hashes),
        Command::Pack { site, lang, output, format } if *format != PackFormat::Site => {
            use chyrak::site::course::Format;
            let format = if *format == PackFormat::Scorm { Format::Scorm } else { Format::Kolibri };
            let options = chyrak::commands::course::Options {
                root: site.root.clone(),
                languages: lang.clone(),
                output: output.clone().unwrap_or_else(|| site.root.join("public")),
                drafts: site.drafts,
                format,
            };
            let report = chyrak::commands::course::run(&options)?;
            summarise(cli.verbose, &build::Report { warnings: report.warnings, ..Default::default() });
            for lang in &report.empty {
                eprintln!("{lang}: nothing to put in a course (no lesson, play or poster shown in this language)");
            }
            for file in &report.files {
                println!("Wrote {}", file.display());
            }
            Ok(0)
        }
        Command::Pack { site, lang, output, .. } => {
            let name = if lang.is_empty() { "site".to_owned() } else { format!("site-{}", lang.join("-")) };
            let output = output.clone().unwrap_or_else(|| site.root.join("public").join(format!("{name}.zip")));
            let options = chyrak::commands::pack::Options {
                root: site.root.clone(),
                languages: lang.clone(),
                output: output.clone(),
                drafts: site.drafts,
            };
            let report = chyrak::commands::pack::pack(&options)?;
            summarise(cli.verbose, &build::Report { warnings: report.warnings, ..Default::default() });
            println!(
                "Packed {} files ({}) into {}: open START-HERE.html",
                report.files,
                report.languages.join(", "),
                output.display()
            );
            Ok(0)
        }
        Command::Epub { site, lang, only, output } => {
            use chyrak::site::book::Parts;
            let parts = match only {
                None => Parts { lessons: true, plays: true, posters: false },
                Some(BookPart::Handbook) => Parts { lessons: true, plays: false, posters: false },
                Some(BookPart::Scenarios) => Parts { lessons: false, plays: true, posters: false },
            };
            let site_output = site.root.join("public");
            let output = output.clone().unwrap_or_else(|| site_output.join("epub"));
            let options = chyrak::commands::epub::Options {
                root: site.root.clone(),
                site_output,
                languages: lang.clone(),
                output: output.clone(),
                drafts: site.drafts,
                parts,
            };
            let report = chyrak::commands::epub::run(&options)?;
            summarise(cli.verbose, &build::Report { warnings: report.warnings, ..Default::default() });
            for lang in &report.empty {
                eprintln!("{lang}: nothing to put in an e-book (no lesson or play shown in this language)");
            }
            if let Some(built) = &report.site {
                println!("Built the site into {}, its lessons linking to the books", built.display());
            }
            for file in &report.files {
                println!("Wrote {}", file.display());
            }
            Ok(0)
        }
        Command::Po { command } => po(command),
        Command::Pdf { site, lang, only, output } => pdf(cli.verbose, site, lang, only, output).map(|()| 0),
        Command::Serve { site, port, bind, open } => {
            let (preview, warnings) = chyrak::commands::serve::Preview::new(&site.root, site.drafts)?;
            summarise(cli.verbose, &build::Report { warnings, ..Default::default() });
            if !is_loopback(bind) {
                eprintln!(
                    "WARNING: serving on {bind} makes this preview reachable from other machines on the network.\n\
                     Drafts and unpublished pages may be visible. Use --bind 127.0.0.1 for a private preview."
                );
            }
            let preview = std::sync::Arc::new(preview);
            let watched = preview.clone();
            let root = site.root.clone();
            let verbose = cli.verbose;
            std::thread::spawn(move || {
                let report = move |paths: &[PathBuf], event: &chyrak::commands::serve::live::Event| match event {
                    chyrak::commands::serve::live::Event::Error(message) => eprintln!("{message}\n"),
                    _ if verbose => eprintln!("updated after changes to {} file(s)", paths.len()),
                    _ => {}
                };
                // A readiness line for scripts and tests: edits from now on are seen.
                let ready = || {
                    let mut out = std::io::stdout().lock();
                    let _ = writeln!(out, "Watching for changes").and_then(|()| out.flush());
                };
                if let Err(e) = chyrak::commands::serve::watch::watch(&root, watched, &ready, &report) {
                    eprintln!("{e}");
                }
            });
            let open = *open;
            chyrak::commands::serve::http::serve(preview, bind, *port, &|addr| {
                let url = format!("http://{addr}/");
                // One write, and a closed stdout is no reason to stop serving.
                let board = &chyrak::commands::serve::board::PATH[1..];
                let mut out = std::io::stdout();
                let _ = writeln!(out, "Serving on {url} (Ctrl+C to stop)\nPoster board: {url}{board}")
                    .and_then(|()| out.flush());
                if open {
                    open_browser(&url);
                }
            })
            .map(|()| 0)
        }
    }
}

/// `chyrak check`: the report goes to stdout (text or JSON); exit 1 when it fails.
fn check(site: &SiteArgs, format: Format, strict: bool, print_hashes: bool) -> Result<i32, Error> {
    use chyrak::commands::check;
    let options = check::Options { root: site.root.clone(), drafts: site.drafts };
    if print_hashes {
        for (page, path, hash) in check::hashes(&options)? {
            let page = if page.is_empty() { "(home)".to_owned() } else { page };
            println!("{hash}  {page}  {path}");
        }
        return Ok(0);
    }
    let report = {
        let bar = if format == Format::Text { Bar::new() } else { Bar(indicatif::ProgressBar::hidden()) };
        check::run(&options, &bar)?
    };
    match format {
        Format::Text => println!("{}", check::report::text(&report, strict)),
        Format::Json => println!("{}", check::report::json(&report)),
    }
    Ok(if report.fails(strict) { 1 } else { 0 })
}

/// `chyrak po update` / `po apply`: what changed, per language and file.
fn po(command: &PoCommand) -> Result<i32, Error> {
    use chyrak::commands::po::{self, Options};
    match command {
        PoCommand::Update { site, lang } => {
            let options = Options { root: site.root.clone(), languages: lang.clone() };
            let report = po::update(&options)?;
            for note in &report.notes {
                eprintln!("{note}\n");
            }
            for l in &report.languages {
                println!(
                    "{}: {} messages, {} translated, {} fuzzy, {} obsolete{}{}",
                    l.path.display(),
                    l.messages,
                    l.translated,
                    l.fuzzy,
                    l.obsolete,
                    if l.seeded > 0 {
                        format!(", {} pages taken from existing translations", l.seeded)
                    } else {
                        String::new()
                    },
                    if l.written { "" } else { " (unchanged)" }
                );
            }
            Ok(0)
        }
        PoCommand::Apply { site, lang, partial } => {
            let options = Options { root: site.root.clone(), languages: lang.clone() };
            let report = po::apply(&options, *partial)?;
            for (page, lang, why) in &report.skipped {
                eprintln!("skipped {lang} {}: {why}", if page.is_empty() { "(home)" } else { page });
            }
            for path in &report.written {
                let review = if report.review.contains(path) { " (with a review note: fuzzy texts)" } else { "" };
                println!("wrote {}{review}", path.display());
            }
            println!(
                "{} files written, {} already up to date, {} pages skipped",
                report.written.len(),
                report.unchanged,
                report.skipped.len()
            );
            Ok(0)
        }
    }
}

/// Opens `url` in the desktop's browser, if there is one; a preview without it is fine.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}

fn is_loopback(bind: &str) -> bool {
    bind == "localhost" || bind.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn options(site: &SiteArgs, output: &Option<PathBuf>) -> Options {
    Options {
        root: site.root.clone(),
        output: output.clone().unwrap_or_else(|| site.root.join("public")),
        drafts: site.drafts,
    }
}

fn summarise(verbose: bool, report: &build::Report) {
    let warnings: Vec<&Diagnostic> = report.warnings.iter().collect();
    for w in warnings.iter().take(if verbose { usize::MAX } else { chyrak::error::MAX_SHOWN }) {
        eprintln!("{w}\n");
    }
    if verbose {
        for (stage, time) in &report.timings {
            eprintln!("  {stage:<22} {:>8.1} ms", time.as_secs_f64() * 1000.0);
        }
    }
}

/// `chyrak pdf`: prints with a progress bar, then lists overflow and resolution warnings.
fn pdf(
    verbose: bool,
    site: &SiteArgs,
    lang: &[String],
    only: &[PrintKind],
    output: &Option<PathBuf>,
) -> Result<(), Error> {
    use chyrak::commands::pdf;
    use chyrak::output::documents::Kind;
    let only = only
        .iter()
        .map(|k| match k {
            PrintKind::Handbook => Kind::Handbook,
            PrintKind::Handouts => Kind::Handouts,
            PrintKind::Scenarios => Kind::Scenarios,
            PrintKind::Posters => Kind::Posters,
        })
        .collect();
    let options = pdf::Options {
        root: site.root.clone(),
        site_output: site.root.join("public"),
        output: output.clone(),
        drafts: site.drafts,
        languages: lang.to_vec(),
        only,
    };
    let bar = Bar::new();
    bar.0.set_style(
        indicatif::ProgressStyle::with_template("{spinner} printing {pos}/{len} PDFs {wide_bar} {elapsed}")
            .expect("valid template"),
    );
    let report = pdf::run(&options, &bar)?;
    drop(bar);
    summarise(verbose, &build::Report { warnings: report.diagnostics, ..Default::default() });
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    println!("Printed {} PDFs into {}", report.files.len(), report.pdf_dir.display());
    Ok(())
}
