//! One side of an in-process figure: a batch of calls whose inputs are prepared beforehand, so
//! that neither the clock nor callgrind sees the preparation, and the two sides of a figure timed
//! in alternating rounds.

use std::future::Future;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// One side of a figure (FluxTurn's, or its baseline): `run(n)` prepares `n` inputs, then makes
/// `n` calls inside [`counted_region`] and returns how long the calls took.
pub struct Side<'a> {
    run: Box<dyn FnMut(usize) -> Duration + 'a>,
}

impl<'a> Side<'a> {
    /// A side that calls `call` with a fresh `input()` each time; only the calls are measured.
    pub fn new<I: 'a>(mut input: impl FnMut() -> I + 'a, mut call: impl FnMut(I) + 'a) -> Self {
        let run = move |n: usize| {
            let inputs: Vec<I> = (0..n).map(|_| input()).collect();
            counted_region(inputs, &mut call)
        };
        Self { run: Box::new(run) }
    }

    /// Makes `n` calls; returns the time they took.
    pub fn run(&mut self, n: usize) -> Duration {
        (self.run)(n)
    }
}

/// The only code callgrind counts: the `--toggle-collect` and `--dump-after` options of
/// `callgrind.rs` name this function, so collection starts at its entry and stops at its exit,
/// and each call leaves one profile.
#[inline(never)]
pub fn counted_region<I>(inputs: Vec<I>, call: &mut dyn FnMut(I)) -> Duration {
    let started = Instant::now();
    for input in inputs {
        call(input);
    }
    started.elapsed()
}

/// The function name callgrind's options match [`counted_region`] by. (The full name: callgrind
/// 3.19 ignores `--dump-after=*counted_region*` when collection starts off.)
pub const COUNTED_REGION: &str = concat!(module_path!(), "::counted_region");

/// Nanoseconds per call of each side, best of `rounds` rounds that alternate between the two
/// (a burst of noise on the machine hits one round, not one side). A round lasts about `budget`.
pub fn time_pair(ours: &mut Side, baseline: &mut Side, rounds: usize, budget: Duration) -> (f64, f64) {
    // Warm up and size the rounds on the slower side.
    let probe = 10;
    let slowest = ours.run(probe).max(baseline.run(probe)) / probe as u32;
    let calls = (budget.as_nanos() / slowest.as_nanos().max(1)).clamp(1, 1_000_000) as usize;
    let (mut best_ours, mut best_baseline) = (f64::MAX, f64::MAX);
    for _ in 0..rounds {
        best_ours = best_ours.min(ours.run(calls).as_nanos() as f64 / calls as f64);
        best_baseline = best_baseline.min(baseline.run(calls).as_nanos() as f64 / calls as f64);
    }
    (best_ours, best_baseline)
}

/// The output of a future that completes without waiting (an action that does no I/O), polled
/// once, with no runtime around it: both sides of a figure pay the same nothing for it.
pub fn ready<T>(future: impl Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("an in-process benchmark future waited; it must complete at once"),
    }
}
