//! A small harness for driving the real Tagledger window: it starts a private Xvfb
//! display and tauri-driver (which starts WebKitWebDriver), opens a W3C WebDriver
//! session on the app binary with a given database, and offers the few WebDriver calls
//! the tests need. Synchronous on purpose: tests read top to bottom like a user's steps.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Value};

/// W3C WebDriver's key for Enter.
pub const ENTER: &str = "\u{E007}";

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is in the repository").to_path_buf()
}

/// The debug build of a workspace binary; fails clearly when it has not been built.
pub fn binary(name: &str) -> Result<PathBuf> {
    let path = repo_root().join("target/debug").join(name);
    if !path.exists() {
        bail!(
            "{} is missing: run `cargo build --workspace --exclude tagledger-e2e --all-targets` first",
            path.display()
        );
    }
    Ok(path)
}

/// The app embeds ui/dist when it is compiled: a test against a UI older than its
/// sources would fail for the wrong reason, so say so instead.
fn check_ui_is_built() -> Result<()> {
    fn newest(dir: &Path) -> std::io::Result<std::time::SystemTime> {
        let mut newest = std::time::SystemTime::UNIX_EPOCH;
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let modified = if entry.file_type()?.is_dir() {
                newest_or_epoch(&entry.path())
            } else {
                entry.metadata()?.modified()?
            };
            newest = newest.max(modified);
        }
        Ok(newest)
    }
    fn newest_or_epoch(dir: &Path) -> std::time::SystemTime {
        newest(dir).unwrap_or(std::time::SystemTime::UNIX_EPOCH)
    }
    let ui = repo_root().join("ui");
    let built = std::fs::metadata(ui.join("dist/index.html")).and_then(|m| m.modified()).ok();
    match built {
        Some(built) if built >= newest_or_epoch(&ui.join("src")) => Ok(()),
        _ => bail!(
            "ui/dist is missing or older than ui/src: run `cd ui && npm run build`, then \
             `cargo build --workspace --exclude tagledger-e2e --all-targets`"
        ),
    }
}

/// A stand-in for the desktop's "open this file" program (xdg-open) that keeps a copy
/// of what it was asked to open at `dir`/viewed.pdf. Returns that path and the
/// environment to launch the app with.
pub fn stand_in_viewer(dir: &Path) -> Result<(PathBuf, Vec<(&'static str, String)>)> {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin)?;
    let viewed = dir.join("viewed.pdf");
    let viewer = bin.join("xdg-open");
    std::fs::write(&viewer, format!("#!/bin/sh\ncp \"$1\" '{}'\n", viewed.display()))?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&viewer, std::fs::Permissions::from_mode(0o755))?;
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    Ok((viewed, vec![("PATH", path)]))
}

/// The text of a PDF, as `pdftotext -layout` reads it.
pub fn pdf_text(pdf: &Path) -> Result<String> {
    let out = Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output()?;
    if !out.status.success() {
        bail!("pdftotext {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs the `tagledger` CLI (e.g. to prepare a database) and returns its stdout.
pub fn cli(db: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new(binary("tagledger")?).arg("--db").arg(db).args(args).output()?;
    if !out.status.success() {
        bail!("tagledger {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A child process killed, with every process it started, when dropped: tauri-driver
/// starts WebKitWebDriver, which would otherwise outlive the test.
struct Process(Child);

impl Process {
    fn spawn(command: &mut Command) -> std::io::Result<Process> {
        use std::os::unix::process::CommandExt;
        command.process_group(0).spawn().map(Process)
    }

    fn has_exited(&mut self) -> bool {
        !matches!(self.0.try_wait(), Ok(None))
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The running app, driven through one WebDriver session.
pub struct App {
    base: String,
    session: String,
    display: String,
    /// Output of tauri-driver, WebKitWebDriver and the app.
    log: PathBuf,
    // Dropped after the session is closed (field order): driver, then the display.
    _driver: Process,
    _xvfb: Process,
    /// The app's XDG data, cache and config folders (WebKit's local storage, the print
    /// cache): fresh per test, so no state leaks between tests or into the user's own.
    _home: tempfile::TempDir,
}

pub struct Element<'a> {
    app: &'a App,
    id: String,
    /// How it was found, for error messages.
    css: String,
}

impl App {
    /// Starts the app on `db` in a fresh display and opens the WebDriver session. The
    /// page may still be loading: call [`App::wait_ready`] before using the UI.
    pub fn launch(db: &Path) -> Result<App> {
        App::launch_with_env(db, &[])
    }

    /// [`App::launch`] with extra environment variables for the app (it inherits them
    /// through tauri-driver and WebKitWebDriver), e.g. a PATH with a stand-in PDF viewer.
    pub fn launch_with_env(db: &Path, env: &[(&str, String)]) -> Result<App> {
        check_ui_is_built()?;
        let application = binary("tagledger-app")?;
        let (display, xvfb) = start_xvfb()?;

        let port = free_port()?;
        let native_port = free_port()?;
        let driver_bin = which_tauri_driver();
        // tauri-driver, WebKitWebDriver and the app all write here: read it when a test fails.
        let log_dir = repo_root().join("target/e2e-logs");
        std::fs::create_dir_all(&log_dir)?;
        // Named after the test (libtest names each test's thread after it).
        let name = std::thread::current().name().map_or_else(|| format!("driver-{port}"), |n| n.replace("::", "-"));
        let log = log_dir.join(format!("{name}.log"));
        let log_file = File::create(&log)?;
        let home = tempfile::tempdir()?;
        let mut driver = Process::spawn(
            Command::new(&driver_bin)
                .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
                .env("DISPLAY", &display)
                // tauri:options passes --db; the app honours TAGLEDGER_DB too, as a fallback.
                .env("TAGLEDGER_DB", db)
                .env("XDG_DATA_HOME", home.path().join("data"))
                .env("XDG_CACHE_HOME", home.path().join("cache"))
                .env("XDG_CONFIG_HOME", home.path().join("config"))
                .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
                .stdout(log_file.try_clone()?)
                .stderr(log_file),
        )
        .with_context(|| format!("cannot start {} (cargo install tauri-driver)", driver_bin.display()))?;
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while ureq::get(&format!("{base}/status")).call().is_err() {
            if driver.has_exited() {
                bail!("tauri-driver exited at start; see {}", log.display());
            }
            if started.elapsed() > Duration::from_secs(20) {
                bail!("tauri-driver did not answer on {base} within 20 s; see {}", log.display());
            }
            std::thread::sleep(Duration::from_millis(100));
        }

        let capabilities = json!({"capabilities": {"alwaysMatch": {"tauri:options": {
            "application": application,
            "args": ["--db", db],
        }}}});
        let response = request("POST", &format!("{base}/session"), Some(capabilities))
            .with_context(|| format!("starting {} failed; see {}", application.display(), log.display()))?;
        let session = response["sessionId"].as_str().context("no session id")?.to_string();
        Ok(App { base, session, display, log, _driver: driver, _xvfb: xvfb, _home: home })
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        request(method, &format!("{}/session/{}{}", self.base, self.session, path), body)
    }

    /// Waits (up to 60 s: a debug build's first start on a busy machine is slow) until
    /// the UI marks itself ready with `[data-testid=app-ready]`.
    pub fn wait_ready(&self) -> Result<()> {
        wait_until(Duration::from_secs(60), "[data-testid=app-ready]", || {
            Ok(self.find("[data-testid=app-ready]")?.is_some())
        })
        .with_context(|| format!("the app did not become ready; see {}", self.log.display()))
    }

    /// The file that collects the output of tauri-driver, WebKitWebDriver and the app.
    pub fn log(&self) -> &Path {
        &self.log
    }

    pub fn title(&self) -> Result<String> {
        Ok(self.call("GET", "/title", None)?.as_str().unwrap_or_default().to_string())
    }

    /// Every element matching a CSS selector, now.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>> {
        let found = self.call("POST", "/elements", Some(json!({"using": "css selector", "value": css})))?;
        Ok(found
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(element_id)
            .map(|id| Element { app: self, id, css: css.to_string() })
            .collect())
    }

    /// The first element matching a CSS selector, now.
    pub fn find(&self, css: &str) -> Result<Option<Element<'_>>> {
        Ok(self.find_all(css)?.into_iter().next())
    }

    /// The first element matching `css`, waiting up to 10 s for it to appear.
    pub fn wait_for(&self, css: &str) -> Result<Element<'_>> {
        let mut found = None;
        wait_until(Duration::from_secs(10), &format!("an element matching {css}"), || {
            found = self.find_all(css)?.into_iter().next().map(|e| e.id);
            Ok(found.is_some())
        })?;
        Ok(Element { app: self, id: found.expect("found"), css: css.to_string() })
    }

    /// Waits until no element matches `css`.
    pub fn wait_gone(&self, css: &str) -> Result<()> {
        wait_until(Duration::from_secs(10), &format!("{css} to disappear"), || Ok(self.find_all(css)?.is_empty()))
    }

    /// Waits until `check` holds, polling.
    pub fn wait_until(&self, what: &str, mut check: impl FnMut(&App) -> Result<bool>) -> Result<()> {
        wait_until(Duration::from_secs(10), what, || check(self))
    }

    /// Runs `script` as a function body in the page (`arguments[i]` are `args`) and
    /// returns what it returns.
    pub fn exec(&self, script: &str, args: Value) -> Result<Value> {
        self.call("POST", "/execute/sync", Some(json!({"script": script, "args": args})))
    }

    /// Sets a <select> by its option's visible text and fires `change`, as picking it would.
    pub fn select(&self, css: &str, option_text: &str) -> Result<()> {
        self.wait_for(css)?;
        let ok = self.exec(
            "const s = document.querySelector(arguments[0]);
             const o = [...s.options].find(o => o.textContent.trim() === arguments[1]);
             if (!o) return false;
             s.value = o.value;
             s.dispatchEvent(new Event('change', { bubbles: true }));
             return true;",
            json!([css, option_text]),
        )?;
        if ok != Value::Bool(true) {
            bail!("{css} has no option '{option_text}'");
        }
        Ok(())
    }

    /// Types keys into whatever has focus, each key down and up with no pause between —
    /// how a keyboard-wedge barcode scanner types.
    pub fn type_fast(&self, text: &str) -> Result<()> {
        let mut actions = Vec::new();
        for ch in text.chars() {
            actions.push(json!({"type": "keyDown", "value": ch.to_string()}));
            actions.push(json!({"type": "keyUp", "value": ch.to_string()}));
        }
        self.call(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "scanner", "actions": actions}]})),
        )?;
        self.call("DELETE", "/actions", None)?;
        Ok(())
    }

    /// Sets an input's value and fires `input` and `change`, as typing would — for date
    /// inputs, whose keyboard entry differs between WebKit versions.
    pub fn set_value(&self, css: &str, value: &str) -> Result<()> {
        self.wait_for(css)?;
        self.exec(
            "const e = document.querySelector(arguments[0]);
             e.value = arguments[1];
             e.dispatchEvent(new Event('input', { bubbles: true }));
             e.dispatchEvent(new Event('change', { bubbles: true }));
             return true;",
            json!([css, value]),
        )?;
        Ok(())
    }

    /// Moves focus off any input, as clicking on an empty part of the window would.
    pub fn blur(&self) -> Result<()> {
        self.exec("document.activeElement && document.activeElement.blur(); return true;", json!([]))?;
        Ok(())
    }

    /// Saves a screenshot of the display to tests/artifacts/NAME.png and returns its path.
    /// Taken from the X display (ImageMagick's `import`) rather than WebDriver's
    /// screenshot endpoint, which hangs when WebKit's compositing is off, as the app
    /// runs by default.
    pub fn screenshot(&self, name: &str) -> Result<PathBuf> {
        // Let the page paint what the DOM already holds.
        self.call(
            "POST",
            "/execute/async",
            Some(json!({"script": "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));", "args": []})),
        )?;
        let dir = repo_root().join("tests/artifacts");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        let status = Command::new("import")
            .args(["-display", &self.display, "-window", "root"])
            .arg(&path)
            .status()
            .context("cannot run ImageMagick's import (apt-get install imagemagick)")?;
        if !status.success() {
            bail!("screenshot of {} failed", self.display);
        }
        Ok(path)
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = request("DELETE", &format!("{}/session/{}", self.base, self.session), None);
    }
}

impl Element<'_> {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        self.app
            .call(method, &format!("/element/{}{}", self.id, path), body)
            .with_context(|| format!("on {}", self.css))
    }

    pub fn click(&self) -> Result<()> {
        self.call("POST", "/click", Some(json!({}))).map(|_| ())
    }

    pub fn send_keys(&self, text: &str) -> Result<()> {
        self.call("POST", "/value", Some(json!({"text": text}))).map(|_| ())
    }

    pub fn clear(&self) -> Result<()> {
        self.call("POST", "/clear", Some(json!({}))).map(|_| ())
    }

    pub fn text(&self) -> Result<String> {
        Ok(self.call("GET", "/text", None)?.as_str().unwrap_or_default().to_string())
    }

    pub fn attr(&self, name: &str) -> Result<Option<String>> {
        Ok(self.call("GET", &format!("/attribute/{name}"), None)?.as_str().map(str::to_string))
    }
}

/// Starts Xvfb on a free display and returns the display's name (":N") and the process.
fn start_xvfb() -> Result<(String, Process)> {
    // Tests in one binary run in parallel unless told otherwise: they take turns here
    // so two never pick the same display number.
    static CHOOSING: Mutex<()> = Mutex::new(());
    let _turn = CHOOSING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let socket = |n: u32| PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
    for n in 100..400 {
        if socket(n).exists() || Path::new(&format!("/tmp/.X{n}-lock")).exists() {
            continue;
        }
        let display = format!(":{n}");
        let mut xvfb = Process::spawn(
            Command::new("Xvfb")
                .args([display.as_str(), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )
        .context("cannot start Xvfb (apt-get install xvfb)")?;
        let started = Instant::now();
        // Another program (another test run) may take the number first: Xvfb then
        // exits, and the next number is tried.
        while !xvfb.has_exited() && started.elapsed() < Duration::from_secs(10) {
            if socket(n).exists() {
                return Ok((display, xvfb));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    bail!("could not start Xvfb on any display from :100 to :399")
}

fn element_id(value: &Value) -> Option<String> {
    value.get("element-6066-11e4-a52e-4f735466cecf").and_then(Value::as_str).map(str::to_string)
}

fn request(method: &str, url: &str, body: Option<Value>) -> Result<Value> {
    let req = ureq::request(method, url).timeout(Duration::from_secs(60));
    let response = match body {
        Some(body) => req.send_json(body),
        None => req.call(),
    };
    let value: Value = match response {
        Ok(r) => r.into_json()?,
        Err(ureq::Error::Status(code, r)) => {
            let text = r.into_string().unwrap_or_default();
            return Err(anyhow!("WebDriver {method} {url} answered {code}: {text}"));
        }
        Err(e) => return Err(anyhow!("WebDriver {method} {url}: {e}")),
    };
    Ok(value.get("value").cloned().unwrap_or(Value::Null))
}

fn wait_until(timeout: Duration, what: &str, mut check: impl FnMut() -> Result<bool>) -> Result<()> {
    let start = Instant::now();
    let mut last_error = None;
    while start.elapsed() < timeout {
        match check() {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(e) => last_error = Some(e),
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    match last_error {
        Some(e) => Err(e.context(format!("timed out waiting for {what}"))),
        None => bail!("timed out after {timeout:?} waiting for {what}"),
    }
}

fn which_tauri_driver() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    let installed = home.join("bin/tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}
