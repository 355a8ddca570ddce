//! Guards on the app's security configuration: a loosened CSP or a broader capability
//! set must be a deliberate, reviewed change, so these tests fail on any drift.

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn config() -> Value {
        let text = include_str!("../../tauri.conf.json");
        serde_json::from_str(text).expect("tauri.conf.json is JSON")
    }

    #[test]
    fn the_csp_allows_only_the_app_itself() {
        let config = config();
        let csp = &config["app"]["security"]["csp"];
        assert_eq!(csp["default-src"], "'self'");
        assert_eq!(csp["script-src"], "'self'");
        assert_eq!(csp["object-src"], "'none'");
        // Every source must be the app itself or Tauri's IPC; inline styles only.
        let allowed = ["'self'", "'none'", "data:", "ipc:", "http://ipc.localhost"];
        for (directive, sources) in csp.as_object().expect("csp is an object") {
            for source in sources.as_str().expect("csp values are strings").split_whitespace() {
                let inline_style = directive == "style-src" && source == "'unsafe-inline'";
                assert!(allowed.contains(&source) || inline_style, "{directive} must not allow {source}");
            }
        }
        assert_eq!(config["app"]["withGlobalTauri"], false);
    }

    #[test]
    fn the_window_gets_only_the_permissions_the_ui_uses() {
        let config = config();
        let capabilities = config["app"]["security"]["capabilities"].as_array().expect("capabilities");
        assert_eq!(capabilities.len(), 1);
        let permissions: Vec<&str> =
            capabilities[0]["permissions"].as_array().expect("permissions").iter().filter_map(Value::as_str).collect();
        assert_eq!(
            permissions,
            [
                "core:default",
                "dialog:allow-open",
                "dialog:allow-save",
                "dialog:allow-message",
                "dialog:allow-ask",
                "dialog:allow-confirm"
            ],
            "no shell, no file-system scope: files are reached only through paths the user picked"
        );
    }
}
