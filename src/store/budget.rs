//! A bound on the text an ingest holds in memory at once: the files being extracted and those
//! waiting for the writer, counted in bytes of source text.
//!
//! Extraction holds a few hundred bytes of memory for each byte of a file, and an extracted file
//! waiting to be written about a hundred (its quads), so the memory of an ingest follows the size
//! of the files in flight. Without a bound, a corpus of files near the size limit would hold as
//! many of them as there are workers and places in the writer's queue (`benches/RESULTS.md` has
//! the peaks with and without the bound). Workers
//! take a file's size from the budget before reading it, and the writer gives it back once the
//! file's quads are written or gathered into its batch. A file larger than the whole budget waits
//! until nothing else is in flight, then goes alone, so any file the size limit admits is
//! ingested. Files of ordinary size (tens of kilobytes) never wait.

use std::sync::{Condvar, Mutex, PoisonError};

/// Bytes of source text that may be in flight at once, shared by the workers and the writer.
pub struct TextBudget {
    capacity: u64,
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    in_flight: u64,
    /// The writer has stopped: nothing more will be given back, so nothing more is taken.
    closed: bool,
}

impl TextBudget {
    /// A budget of `capacity` bytes.
    pub fn new(capacity: u64) -> Self {
        Self {
            capacity,
            state: Mutex::new(State {
                in_flight: 0,
                closed: false,
            }),
            changed: Condvar::new(),
        }
    }

    /// Waits until `bytes` fit beside what is in flight (or until nothing is in flight, for more
    /// than the whole budget), then takes them. Returns false, taking nothing, once the budget is
    /// closed.
    pub fn take(&self, bytes: u64) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if state.closed {
                return false;
            }
            if state.in_flight == 0 || state.in_flight + bytes <= self.capacity {
                state.in_flight += bytes;
                return true;
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Gives back `bytes` taken before.
    pub fn give_back(&self, bytes: u64) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.in_flight = state.in_flight.saturating_sub(bytes);
        self.changed.notify_all();
    }

    /// Refuses every take from now on and wakes those waiting: the writer has stopped.
    pub fn close(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.closed = true;
        self.changed.notify_all();
    }

    /// Bytes in flight now.
    #[cfg(test)]
    fn in_flight(&self) -> u64 {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .in_flight
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    /// Runs `take` on another thread; returns whether it had returned after a short wait, and
    /// waits for it to finish after `release` runs.
    fn takes_at_once(budget: &TextBudget, bytes: u64, release: impl FnOnce()) -> (bool, bool) {
        let done = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let taker = scope.spawn(|| {
                let taken = budget.take(bytes);
                done.store(true, Ordering::SeqCst);
                taken
            });
            std::thread::sleep(Duration::from_millis(100));
            let at_once = done.load(Ordering::SeqCst);
            release();
            (at_once, taker.join().unwrap())
        })
    }

    #[test]
    fn files_that_fit_are_taken_at_once() {
        let budget = TextBudget::new(100);
        assert!(budget.take(60));
        let (at_once, taken) = takes_at_once(&budget, 40, || {});
        assert!(at_once && taken);
        assert_eq!(budget.in_flight(), 100);
    }

    #[test]
    fn a_file_that_does_not_fit_waits_for_room() {
        let budget = TextBudget::new(100);
        assert!(budget.take(60));
        let (at_once, taken) = takes_at_once(&budget, 50, || budget.give_back(60));
        assert!(!at_once, "taken before there was room");
        assert!(taken);
        assert_eq!(budget.in_flight(), 50);
    }

    #[test]
    fn a_file_larger_than_the_budget_goes_alone() {
        let budget = TextBudget::new(100);
        assert!(budget.take(10));
        let (at_once, taken) = takes_at_once(&budget, 500, || budget.give_back(10));
        assert!(!at_once, "taken beside another file");
        assert!(taken);
        assert_eq!(budget.in_flight(), 500);
    }

    #[test]
    fn closing_wakes_the_waiting_and_refuses_the_rest() {
        let budget = TextBudget::new(100);
        assert!(budget.take(100));
        let (at_once, taken) = takes_at_once(&budget, 1, || budget.close());
        assert!(!at_once);
        assert!(!taken, "taken from a closed budget");
        assert!(!budget.take(0));
    }
}
