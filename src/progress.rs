//! Progress on stderr for the commands that can run for a while (seeding,
//! checking, exporting): shown only when stderr is a terminal, and only once
//! the command has run for [`DELAY`], so a quick command prints nothing
//! extra and a pipe or a log file never sees a progress line.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

/// How long a command runs before its progress appears.
pub const DELAY: Duration = Duration::from_secs(1);

/// The variable that sets [`DELAY`] in milliseconds (the terminal tests set
/// it to 0 to see the progress of a short command).
const DELAY_VAR: &str = "APSC_PROGRESS_DELAY_MS";

/// How often a shown bar redraws.
const TICK: Duration = Duration::from_millis(120);

/// A progress line: a count of `unit`s done, out of a total when one is
/// known, and a message naming the current step. Clones share one line,
/// which the last of them to go clears, on success or failure alike.
#[derive(Clone)]
pub struct Progress {
    bar: ProgressBar,
    unit: Arc<str>,
}

impl Progress {
    /// A progress line for `unit` (e.g. "rows loaded"), out of `total` if
    /// known; drawn on stderr after [`DELAY`] if stderr is a terminal.
    pub fn new(unit: &str, total: Option<u64>) -> Progress {
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden())
            .with_finish(ProgressFinish::AndClear);
        let progress = Progress {
            bar,
            unit: unit.into(),
        };
        progress.style(total.is_some());
        if std::io::stderr().is_terminal() {
            // A weak reference: a line gone before its delay is never drawn,
            // and a finished one is not drawn again.
            let line = progress.bar.downgrade();
            let reveal = move || {
                if let Some(bar) = line.upgrade().filter(|bar| !bar.is_finished()) {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(TICK);
                }
            };
            match delay() {
                delay if delay.is_zero() => reveal(),
                delay => {
                    std::thread::spawn(move || {
                        std::thread::sleep(delay);
                        reveal();
                    });
                }
            }
        }
        progress
    }

    /// A progress line that is never drawn.
    pub fn hidden() -> Progress {
        Progress {
            bar: ProgressBar::hidden(),
            unit: "".into(),
        }
    }

    /// Show the count with its total, or alone.
    fn style(&self, with_total: bool) {
        let count = if with_total {
            "{human_pos}/{human_len}"
        } else {
            "{human_pos}"
        };
        let template = format!(
            "{{spinner}} {{wide_msg}} {count} {} [{{elapsed}}]",
            self.unit
        );
        if let Ok(style) = ProgressStyle::with_template(&template) {
            self.bar.set_style(style);
        }
    }

    /// Count `n` more units done.
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    /// Name the current step.
    pub fn step(&self, message: impl Into<Cow<'static, str>>) {
        self.bar.set_message(message);
    }

    /// Set the total (when it becomes known) and the count done.
    pub fn set(&self, done: u64, total: u64) {
        if self.bar.length().is_none() {
            self.style(true);
        }
        self.bar.set_length(total);
        self.bar.set_position(done);
    }

    /// Remove the line: the command's own output follows.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// [`DELAY`], or what `APSC_PROGRESS_DELAY_MS` says.
fn delay() -> Duration {
    std::env::var(DELAY_VAR)
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(DELAY, Duration::from_millis)
}
