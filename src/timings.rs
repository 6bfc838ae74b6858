//! Wall time per pipeline stage, for `chyrak build --verbose`: every optimisation
//! starts from these numbers.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Stages in the order they first ran; a stage timed twice adds up.
#[derive(Debug, Default)]
pub struct Timings(Mutex<Vec<(&'static str, Duration)>>);

impl Timings {
    /// Runs `f`, adding its wall time to `stage`.
    pub fn time<T>(&self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.add(stage, start.elapsed());
        out
    }

    /// Adds `time` to `stage`.
    pub fn add(&self, stage: &'static str, time: Duration) {
        let mut stages = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, total)) => *total += time,
            None => stages.push((stage, time)),
        }
    }

    /// Every stage with its total time.
    pub fn stages(&self) -> Vec<(&'static str, Duration)> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_keep_their_first_order_and_add_up() {
        let t = Timings::default();
        t.add("render", Duration::from_millis(5));
        assert_eq!(t.time("search", || 7), 7);
        t.add("render", Duration::from_millis(3));
        let stages = t.stages();
        assert_eq!(stages.iter().map(|s| s.0).collect::<Vec<_>>(), ["render", "search"]);
        assert_eq!(stages[0].1, Duration::from_millis(8));
    }
}
