//! Resident memory of the app, for the benchmark. The web view runs in child processes
//! (WebKitWebProcess, WebKitNetworkProcess), so the honest figure is the whole tree.
//! Summing plain RSS over the tree counts the shared WebKit libraries once per process;
//! PSS (proportional set size) shares those pages out, so sums to what the app costs.

use std::fs;

/// Memory of `pid` and all its descendants, in KiB. Linux only; zeros elsewhere.
#[derive(Debug, Default)]
pub struct TreeMemory {
    /// Sum of proportional set sizes: shared pages divided among their users.
    pub pss_kb: u64,
    /// Sum of resident set sizes: shared pages counted in every process.
    pub rss_sum_kb: u64,
    pub processes: usize,
}

pub fn process_tree(pid: u32) -> TreeMemory {
    let Ok(entries) = fs::read_dir("/proc") else { return TreeMemory::default() };
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
    TreeMemory {
        pss_kb: tree.iter().map(|p| field_kb(&format!("/proc/{p}/smaps_rollup"), "Pss:")).sum(),
        rss_sum_kb: tree.iter().map(|p| field_kb(&format!("/proc/{p}/status"), "VmRSS:")).sum(),
        processes: tree.len(),
    }
}

fn field_kb(file: &str, field: &str) -> u64 {
    fs::read_to_string(file)
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field))?.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}
