//! A server process the benchmarks started and watch: its resident memory now and at its peak,
//! read from `/proc`, and the peak reset between phases. Killed when dropped.

use std::process::Child;

/// A started server process.
pub struct Watched {
    child: Child,
}

impl Watched {
    /// Watches `child`.
    pub fn new(child: Child) -> Self {
        Self { child }
    }

    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    fn status_field(&self, name: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let line = status.lines().find(|l| l.starts_with(name));
        line.and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()).unwrap_or(0)
    }

    /// Resident memory now, KiB.
    pub fn rss_kib(&self) -> u64 {
        self.status_field("VmRSS:")
    }

    /// Peak resident memory since start or the last [`Watched::reset_peak`], KiB.
    pub fn peak_rss_kib(&self) -> u64 {
        self.status_field("VmHWM:")
    }

    /// Resets the peak to the memory resident now (`clear_refs` 5), so that the next peak is one
    /// phase's; false where the kernel refuses it (the peak then counts from the start).
    pub fn reset_peak(&self) -> bool {
        std::fs::write(format!("/proc/{}/clear_refs", self.child.id()), "5").is_ok()
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port on 127.0.0.1 that nothing listens on now.
pub fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
