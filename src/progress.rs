//! Progress on stderr for the commands that can run for a while (seeding,
//! checking, exporting): shown only when stderr is a terminal, and only once
//! the command has run for [`DELAY`], so a quick command prints nothing
//! extra and a pipe or a log file never sees a progress line.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

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
pub struct Progress(Arc<Line>);

struct Line {
    bar: ProgressBar,
    unit: String,
    /// Set once the line is finished: a late reveal must not draw it again.
    done: Mutex<bool>,
}

impl Line {
    fn finish(&self) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *done = true;
        self.bar.finish_and_clear();
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Progress {
    /// A progress line for `unit` (e.g. "rows loaded"), out of `total` if
    /// known; drawn on stderr after [`DELAY`] if stderr is a terminal.
    pub fn new(unit: &str, total: Option<u64>) -> Progress {
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden());
        let progress = Progress(Arc::new(Line {
            bar,
            unit: unit.to_string(),
            done: Mutex::new(false),
        }));
        progress.style(total.is_some());
        if std::io::stderr().is_terminal() {
            progress.reveal_after(delay());
        }
        progress
    }

    /// A progress line that is never drawn.
    pub fn hidden() -> Progress {
        Progress(Arc::new(Line {
            bar: ProgressBar::hidden(),
            unit: String::new(),
            done: Mutex::new(false),
        }))
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
            self.0.unit
        );
        if let Ok(style) = ProgressStyle::with_template(&template) {
            self.0.bar.set_style(style);
        }
    }

    fn reveal_after(&self, delay: Duration) {
        // A weak reference: a line dropped before its delay is never drawn.
        let line = Arc::downgrade(&self.0);
        let reveal = move || {
            let Some(line) = line.upgrade() else {
                return;
            };
            let done = line.done.lock().unwrap_or_else(|e| e.into_inner());
            if !*done {
                line.bar.set_draw_target(ProgressDrawTarget::stderr());
                line.bar.enable_steady_tick(TICK);
                line.bar.tick();
            }
        };
        if delay.is_zero() {
            reveal();
        } else {
            std::thread::spawn(move || {
                std::thread::sleep(delay);
                reveal();
            });
        }
    }

    /// Count `n` more units done.
    pub fn inc(&self, n: u64) {
        self.0.bar.inc(n);
    }

    /// Name the current step.
    pub fn step(&self, message: impl Into<Cow<'static, str>>) {
        self.0.bar.set_message(message);
    }

    /// Set the total (when it becomes known) and the count done.
    pub fn set(&self, done: u64, total: u64) {
        if self.0.bar.length().is_none() {
            self.style(true);
        }
        self.0.bar.set_length(total);
        self.0.bar.set_position(done);
    }

    /// Remove the line: the command's own output follows.
    pub fn finish(&self) {
        self.0.finish();
    }
}

/// [`DELAY`], or what `APSC_PROGRESS_DELAY_MS` says.
fn delay() -> Duration {
    std::env::var(DELAY_VAR)
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(DELAY, Duration::from_millis)
}
