//! A small harness for driving the real Tagledger window: it starts a private Xvfb
//! display and tauri-driver (which starts WebKitWebDriver), opens a W3C WebDriver
//! session on the app binary with a given database, and offers the few WebDriver calls
//! the tests need. Synchronous on purpose: tests read top to bottom like a user's steps.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
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
        bail!("{} is missing: run `cargo build -p tagledger-app -p tagledger-cli` first", path.display());
    }
    Ok(path)
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
    // Dropped after the session is closed (field order): driver, then the display.
    _driver: Process,
    _xvfb: Process,
}

pub struct Element<'a> {
    app: &'a App,
    id: String,
    /// How it was found, for error messages.
    css: String,
}

impl App {
    /// Starts the app on `db` in a fresh display and waits for the WebDriver session.
    pub fn launch(db: &Path) -> Result<App> {
        let application = binary("tagledger-app")?;
        let display_number = (100..400)
            .find(|n| {
                !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .context("no free X display")?;
        let display = format!(":{display_number}");
        let xvfb = Process::spawn(
            Command::new("Xvfb")
                .args([display.as_str(), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )
        .context("cannot start Xvfb (apt-get install xvfb)")?;
        wait_until(Duration::from_secs(10), "Xvfb to start", || {
            Ok(Path::new(&format!("/tmp/.X11-unix/X{display_number}")).exists())
        })?;

        let port = free_port()?;
        let native_port = free_port()?;
        let driver_bin = which_tauri_driver();
        let driver = Process::spawn(
            Command::new(&driver_bin)
                .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
                .env("DISPLAY", &display)
                // The app honours TAGLEDGER_DB too; args are the primary route.
                .env("TAGLEDGER_DB", db)
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )
        .with_context(|| format!("cannot start {} (cargo install tauri-driver)", driver_bin.display()))?;
        let base = format!("http://127.0.0.1:{port}");
        wait_until(Duration::from_secs(20), "tauri-driver to listen", || {
            Ok(ureq::get(&format!("{base}/status")).call().is_ok())
        })?;

        let capabilities = json!({"capabilities": {"alwaysMatch": {"tauri:options": {
            "application": application,
            "args": ["--db", db],
        }}}});
        let response = request("POST", &format!("{base}/session"), Some(capabilities))?;
        let session = response["sessionId"].as_str().context("no session id")?.to_string();
        Ok(App { base, session, display, _driver: driver, _xvfb: xvfb })
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        request(method, &format!("{}/session/{}{}", self.base, self.session, path), body)
    }

    /// Waits until the UI says it has started.
    pub fn wait_ready(&self) -> Result<()> {
        self.wait_for("[data-testid=app-ready]").map(|_| ())
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
