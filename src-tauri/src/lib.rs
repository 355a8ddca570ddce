//! The Tagledger desktop app: a Tauri 2 shell around `tagledger-core`.
//!
//! Architecture invariant: this crate holds no domain logic. Commands (in `commands/`)
//! parse input, call one core function on a blocking thread, and map errors to
//! [`error::CommandError`]. The UI's TypeScript bindings are generated from the
//! command table (see `bindings.rs`).
#![forbid(unsafe_code)]

mod bindings;
mod commands;
mod error;
mod memory;
mod security;
mod state;

use std::path::PathBuf;
use std::time::Instant;

use tauri::Manager;

/// Command-line options of the app (`tagledger-app --db PATH --exit-when-ready`).
struct Options {
    db: Option<PathBuf>,
    exit_when_ready: bool,
}

fn parse_args() -> Options {
    let mut options = Options { db: std::env::var_os("TAGLEDGER_DB").map(PathBuf::from), exit_when_ready: false };
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--db") => options.db = args.next().map(PathBuf::from),
            Some("--exit-when-ready") => options.exit_when_ready = true,
            _ => {}
        }
    }
    options
}

/// WebKitGTK's accelerated compositing and DMA-BUF renderer each keep large GPU-style
/// buffers (about 100 MB apiece when measured) that a table-and-forms app never
/// needs, and the DMA-BUF path shows blank windows on some drivers. Users can still
/// opt back in by setting the variables themselves.
fn quieten_webkit() {
    for var in ["WEBKIT_DISABLE_COMPOSITING_MODE", "WEBKIT_DISABLE_DMABUF_RENDERER"] {
        if std::env::var_os(var).is_none() {
            std::env::set_var(var, "1");
        }
    }
}

/// One page that never navigates needs neither WebKit's back-forward page cache nor a
/// browser-sized memory cache: the "document viewer" cache model keeps both minimal.
#[cfg(target_os = "linux")]
fn lean_webkit(webview: tauri::webview::PlatformWebview) {
    use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
    let view = webview.inner();
    if let Some(context) = view.context() {
        context.set_cache_model(CacheModel::DocumentViewer);
    }
    if let Some(settings) = WebViewExt::settings(&view) {
        settings.set_enable_page_cache(false);
    }
}

pub fn run() {
    let started = Instant::now();
    // Before any thread starts: the environment is read by WebKit's processes.
    quieten_webkit();
    let options = parse_args();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            // User data lives in the OS app-data folder unless a path was given.
            let path = match options.db {
                Some(path) => path,
                None => app.path().app_data_dir()?.join("tagledger.db"),
            };
            let state = state::AppState::new(path, started, options.exit_when_ready);
            // The benchmark measures an idle app: no backup running underneath it.
            if !options.exit_when_ready {
                commands::check_and_back_up(app.handle().clone(), state.clone());
            }
            app.manage(state);
            #[cfg(target_os = "linux")]
            if let Some(window) = app.get_webview_window("main") {
                window.with_webview(lean_webkit)?;
            }
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("error while running Tagledger");
}
