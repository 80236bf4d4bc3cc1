//! A stopwatch that counts only the time a query runs: the printer tells it
//! how long each write waited, so a slow reader of the output does not use up
//! the time limit.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::output::WriteWatch;

/// When the query started, and how long it has waited on the output since.
#[derive(Debug)]
pub struct Stopwatch {
    started: Instant,
    waited: Mutex<Duration>,
}

impl Stopwatch {
    /// A stopwatch that starts now.
    pub fn start() -> Stopwatch {
        Stopwatch {
            started: Instant::now(),
            waited: Mutex::new(Duration::ZERO),
        }
    }

    /// The time counted: all of it but the waits on the output.
    pub fn elapsed(&self) -> Duration {
        let waited = *self.waited.lock().unwrap_or_else(|e| e.into_inner());
        self.started.elapsed().saturating_sub(waited)
    }
}

impl WriteWatch for Stopwatch {
    fn waited(&self, took: Duration) {
        *self.waited.lock().unwrap_or_else(|e| e.into_inner()) += took;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_waiting_on_the_output_is_not_counted() {
        let watch = Stopwatch::start();
        std::thread::sleep(Duration::from_millis(20));
        watch.waited(Duration::from_secs(3600));
        assert_eq!(watch.elapsed(), Duration::ZERO);
        let watch = Stopwatch::start();
        std::thread::sleep(Duration::from_millis(5));
        assert!(watch.elapsed() >= Duration::from_millis(5));
    }
}
