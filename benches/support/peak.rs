//! A child's peak RSS as the kernel counts it (`ru_maxrss`, through `/usr/bin/time`): exact to
//! the end of the process, where polling `/proc/PID/status` could miss the last moments.

use std::path::Path;
use std::process::Command;

/// `program` run under `/usr/bin/time`, which writes the peak to a file of its own.
pub struct Peak {
    file: tempfile::NamedTempFile,
}

impl Peak {
    /// The command to add arguments and environment to; `None` without `/usr/bin/time`.
    pub fn command(program: &Path) -> Option<(Command, Peak)> {
        let time = Path::new("/usr/bin/time");
        if !time.is_file() {
            return None;
        }
        let file = tempfile::NamedTempFile::new().ok()?;
        let mut c = Command::new(time);
        c.args(["-f", "%M", "-o"]).arg(file.path()).arg(program);
        Some((c, Peak { file }))
    }

    /// The peak in kB, once the command has run.
    pub fn kb(&self) -> Option<u64> {
        let text = std::fs::read_to_string(self.file.path()).ok()?;
        text.lines().rev().find_map(|l| l.trim().parse().ok())
    }
}
