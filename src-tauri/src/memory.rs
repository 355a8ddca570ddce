//! Resident memory of the app, for the benchmark. The web view runs in child processes
//! (WebKitWebProcess, WebKitNetworkProcess), so the honest figure is the whole tree.

use std::fs;

/// Sum of VmRSS (KiB) over `pid` and all its descendants. Linux only; 0 elsewhere.
pub fn process_tree_rss_kb(pid: u32) -> u64 {
    let Ok(entries) = fs::read_dir("/proc") else { return 0 };
    let mut parents = Vec::new();
    for entry in entries.flatten() {
        let Some(child) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
        let Ok(stat) = fs::read_to_string(format!("/proc/{child}/stat")) else { continue };
        // The parent pid is the second field after the parenthesised command name.
        let ppid = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok());
        if let Some(ppid) = ppid {
            parents.push((child, ppid));
        }
    }
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let current = tree[i];
        tree.extend(parents.iter().filter(|(_, p)| *p == current).map(|(c, _)| *c));
        i += 1;
    }
    tree.iter().map(|p| rss_kb(*p)).sum()
}

fn rss_kb(pid: u32) -> u64 {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}
