//! A per-file work budget: a deadline, a stop flag and a work counter, checked inside the
//! readers' hot loops so that a file past its bound is really stopped (its thread returns and
//! frees its memory) instead of being abandoned while it keeps running.
//!
//! The pipeline installs one budget on the worker thread of each file ([`install`]); readers
//! call [`charge`] with the work they are about to do (tokens, cells, XML events) and give up
//! with [`crate::read::ReadError::Timeout`] / [`crate::read::ReadError::TooLarge`] when it
//! fails. Without a budget installed (unit tests, library use) `charge` never fails.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Work units charged between two looks at the clock and the stop flag.
const CHECK_EVERY: u64 = 4096;

/// Why the budget refuses more work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    /// Past the deadline, or stopped from outside.
    Time,
    /// More work units than the file may use.
    Work,
}

struct Budget {
    deadline: Option<Instant>,
    stop: Arc<AtomicBool>,
    work: u64,
    max_work: u64,
    next_check: u64,
    exceeded: Option<Exceeded>,
}

thread_local! {
    static CURRENT: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

/// Removes the thread's budget when dropped.
pub struct Guard(());

impl Drop for Guard {
    fn drop(&mut self) {
        CURRENT.with(|c| *c.borrow_mut() = None);
    }
}

/// Install a budget on the current thread until the guard is dropped. `stop` lets another
/// thread end the work early (the pipeline sets it when the file's time is up).
pub fn install(deadline: Option<Instant>, max_work: u64, stop: Arc<AtomicBool>) -> Guard {
    CURRENT.with(|c| {
        *c.borrow_mut() = Some(Budget {
            deadline,
            stop,
            work: 0,
            max_work,
            next_check: 0,
            exceeded: None,
        })
    });
    Guard(())
}

/// Charge `units` of work. Once it fails it keeps failing, so every loop up the stack sees it.
pub fn charge(units: u64) -> Result<(), Exceeded> {
    CURRENT.with(|c| {
        let mut b = c.borrow_mut();
        let Some(b) = b.as_mut() else { return Ok(()) };
        if let Some(e) = b.exceeded {
            return Err(e);
        }
        b.work = b.work.saturating_add(units);
        if b.work > b.max_work {
            b.exceeded = Some(Exceeded::Work);
        } else if b.work >= b.next_check {
            b.next_check = b.work.saturating_add(CHECK_EVERY);
            let late = b.deadline.is_some_and(|d| Instant::now() >= d);
            if late || b.stop.load(Ordering::Relaxed) {
                b.exceeded = Some(Exceeded::Time);
            }
        }
        b.exceeded.map_or(Ok(()), Err)
    })
}

/// Whether the budget has run out (without charging anything; looks at the clock).
pub fn exceeded() -> Option<Exceeded> {
    charge(0).err().or_else(|| {
        CURRENT.with(|c| {
            let mut b = c.borrow_mut();
            let b = b.as_mut()?;
            let late = b.deadline.is_some_and(|d| Instant::now() >= d);
            if late || b.stop.load(Ordering::Relaxed) {
                b.exceeded = Some(Exceeded::Time);
            }
            b.exceeded
        })
    })
}

/// Work units used so far on this thread (0 without a budget).
pub fn used() -> u64 {
    CURRENT.with(|c| c.borrow().as_ref().map_or(0, |b| b.work))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn no_budget_never_fails() {
        assert!(charge(u64::MAX).is_ok());
        assert_eq!(exceeded(), None);
    }

    #[test]
    fn work_limit_is_sticky() {
        let _g = install(None, 10, Arc::new(AtomicBool::new(false)));
        assert!(charge(10).is_ok());
        assert_eq!(charge(1), Err(Exceeded::Work));
        assert_eq!(charge(0), Err(Exceeded::Work));
    }

    #[test]
    fn deadline_and_stop_flag_end_the_work() {
        let stop = Arc::new(AtomicBool::new(false));
        {
            let _g = install(None, u64::MAX, stop.clone());
            assert!(charge(1).is_ok());
            stop.store(true, Ordering::Relaxed);
            assert_eq!(exceeded(), Some(Exceeded::Time));
        }
        let _g = install(
            Some(Instant::now() - Duration::from_millis(1)),
            u64::MAX,
            Arc::new(AtomicBool::new(false)),
        );
        assert_eq!(charge(1), Err(Exceeded::Time));
    }
}
