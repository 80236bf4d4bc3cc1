//! A stopwatch that counts only the time a query runs: the printer pauses it
//! while it writes, so a slow reader of the output does not use up the time
//! limit.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::output::WriteWatch;

/// Time counted so far, and since when it has been running (None: paused).
#[derive(Debug)]
pub struct Stopwatch {
    state: Mutex<(Duration, Option<Instant>)>,
}

impl Stopwatch {
    /// A stopwatch that starts now.
    pub fn start() -> Stopwatch {
        Stopwatch {
            state: Mutex::new((Duration::ZERO, Some(Instant::now()))),
        }
    }

    /// The time counted: every running stretch, none of the paused ones.
    pub fn elapsed(&self) -> Duration {
        let (counted, since) = *self.state.lock().unwrap_or_else(|e| e.into_inner());
        counted + since.map_or(Duration::ZERO, |s| s.elapsed())
    }

    /// Stop counting until [`Stopwatch::resume`].
    pub fn pause(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(since) = state.1.take() {
            state.0 += since.elapsed();
        }
    }

    /// Count again.
    pub fn resume(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.1.get_or_insert_with(Instant::now);
    }
}

impl WriteWatch for Stopwatch {
    fn writing(&self, busy: bool) {
        if busy { self.pause() } else { self.resume() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paused_time_is_not_counted() {
        let watch = Stopwatch::start();
        watch.writing(true);
        let paused = watch.elapsed();
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(watch.elapsed(), paused, "time passed while paused");
        watch.writing(false);
        std::thread::sleep(Duration::from_millis(1));
        assert!(watch.elapsed() > paused, "time stood still while running");
    }
}
