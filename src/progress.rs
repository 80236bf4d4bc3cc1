//! Progress on stderr for the commands that can run for a while (seeding,
//! checking, exporting): shown only when stderr is a terminal, and only once
//! the command has run for a second, so a quick command prints nothing extra
//! and a pipe or a log file never sees a progress line.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

/// A progress line: a count of units done, out of a total when one is
/// known, and a message naming the current step. Clones share one line,
/// which the last of them to go clears, on success or failure alike.
#[derive(Clone)]
pub struct Progress(ProgressBar);

impl Progress {
    /// A progress line for `unit` (e.g. "rows loaded"), out of `total` if
    /// known; drawn on stderr after its delay if stderr is a terminal.
    pub fn new(unit: &str, total: Option<u64>) -> Progress {
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden())
            .with_finish(ProgressFinish::AndClear)
            .with_prefix(unit.to_string());
        bar.set_style(style(total.is_some()));
        if std::io::stderr().is_terminal() {
            // A weak reference: a line gone before its delay is never drawn,
            // and a finished one is not drawn again.
            let line = bar.downgrade();
            let reveal = move || {
                if let Some(bar) = line.upgrade().filter(|bar| !bar.is_finished()) {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(120));
                }
            };
            // The terminal tests set 0 to see the progress of a short command.
            let delay = std::env::var("APSC_PROGRESS_DELAY_MS")
                .ok()
                .and_then(|ms| ms.trim().parse().ok())
                .map_or(Duration::from_secs(1), Duration::from_millis);
            if delay.is_zero() {
                reveal();
            } else {
                std::thread::spawn(move || {
                    std::thread::sleep(delay);
                    reveal();
                });
            }
        }
        Progress(bar)
    }

    /// A progress line that is never drawn.
    pub fn hidden() -> Progress {
        Progress(ProgressBar::hidden())
    }

    /// Count `n` more units done.
    pub fn inc(&self, n: u64) {
        self.0.inc(n);
    }

    /// Name the current step.
    pub fn step(&self, message: impl Into<Cow<'static, str>>) {
        self.0.set_message(message);
    }

    /// Set the total (when it becomes known) and the count done.
    pub fn set(&self, done: u64, total: u64) {
        if self.0.length().is_none() {
            self.0.set_style(style(true));
        }
        self.0.set_length(total);
        self.0.set_position(done);
    }

    /// Remove the line: the command's own output follows.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// The count with its total, or alone, and the unit (the bar's prefix).
fn style(with_total: bool) -> ProgressStyle {
    let count = match with_total {
        true => "{human_pos}/{human_len}",
        false => "{human_pos}",
    };
    let template = format!("{{spinner}} {{wide_msg}} {count} {{prefix}} [{{elapsed}}]");
    ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar())
}
