//! The in-process figures: dispatch, input validation, definitions. Each is a pair of sides
//! calling the same work, FluxTurn's way and the baseline's, timed by `measure.rs` and counted
//! in instructions by `callgrind.rs`.

use crate::fixture::{self, Bench, Message};
use crate::measure::{ready, Side};
use fluxturn_core::runtime::decode_input;
use fluxturn_core::{Connector, ConnectorSpec};
use fluxturn_server::catalogue::Catalogue;
use serde_json::{json, Value};
use std::hint::black_box;

/// The environment variable that adds work to FluxTurn's side of a figure, to show that the CI
/// step fails: `dispatch` or `validation` (see BENCHMARKS.md).
pub const REGRESS: &str = "FLUXTURN_BENCH_REGRESS";

/// The limit a figure's instruction ratio is judged by.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// FluxTurn's side may cost at most this many times the baseline's.
    AtMost(f64),
    /// No target: reported only.
    Report,
}

impl Limit {
    /// Whether `ratio` is within the limit.
    pub fn met_by(self, ratio: f64) -> bool {
        match self {
            Self::AtMost(limit) => ratio <= limit,
            Self::Report => true,
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::AtMost(limit) => write!(f, "<= {limit}x"),
            Self::Report => f.write_str("report"),
        }
    }
}

/// One in-process figure: two sides and how they are judged.
pub struct Figure<'a> {
    /// What is measured.
    pub name: &'static str,
    /// What the baseline is.
    pub baseline_name: &'static str,
    /// The target of the instruction ratio, as BENCHMARKS.md judges it.
    pub target: Limit,
    /// Where `--icount-only` (the CI step) fails: the target, or, for a target not met yet, a
    /// ratchet just above today's ratio, so that it still catches a regression.
    pub gate: Limit,
    /// Calls counted under callgrind: enough to make one call's share of the fixed cost negligible.
    pub counted_calls: usize,
    /// FluxTurn's side.
    pub ours: Side<'a>,
    /// The baseline's side.
    pub baseline: Side<'a>,
}

/// What the figures call into, built once (not measured).
pub struct Fixtures {
    connector: Box<dyn Connector>,
    catalogue: Catalogue,
    input: Value,
    /// The definitions list of 1 and of 500 connectors, serialized.
    definition_bytes: [Vec<u8>; 2],
}

impl Fixtures {
    /// Connects the bench connector and compiles the catalogue's validators.
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {
            connector: fixture::REGISTRY.connect("bench", Default::default())?,
            catalogue: Catalogue::new(&fixture::REGISTRY)?,
            input: json!({"channel": "general", "text": "Hello from the benchmark", "count": 3}),
            definition_bytes: [
                serde_json::to_vec(&built_definitions(1))?,
                serde_json::to_vec(&built_definitions(500))?,
            ],
        })
    }
}

/// `n` definitions, each built as the registry builds one (schemas included), renamed.
fn built_definitions(n: usize) -> Vec<fluxturn_core::ConnectorDefinition> {
    (0..n)
        .map(|i| {
            let mut definition = Bench::definition();
            if n > 1 {
                definition.name = format!("synthetic_{i:03}");
                definition.display_name = format!("Synthetic {i}");
            }
            definition
        })
        .collect()
}

/// Whether `FLUXTURN_BENCH_REGRESS` names `figure`.
fn regressed(figure: &str) -> bool {
    std::env::var(REGRESS).is_ok_and(|value| value == figure)
}

/// The deliberate regression: one more copy of the input JSON per call, as a careless
/// `input.clone()` in the measured path would make.
fn regression(input: Value) -> Value {
    black_box(&input).clone()
}

/// Every in-process figure, in table order.
pub fn figures(fixtures: &Fixtures) -> Vec<Figure<'_>> {
    let mut figures = vec![dispatch(fixtures), validation(fixtures)];
    for (connectors, bytes) in [1, 500].into_iter().zip(&fixtures.definition_bytes) {
        figures.push(definitions(connectors, bytes));
    }
    figures
}

/// `execute("echo", json)` through the generated dispatch against a hand-written match calling
/// the same function with the same JSON.
fn dispatch(fixtures: &Fixtures) -> Figure<'_> {
    let connector = fixtures.connector.as_ref();
    let regress = regressed("dispatch");
    let input = || fixtures.input.clone();
    let ours = Side::new(input, move |input: Value| {
        let input = if regress { regression(input) } else { input };
        black_box(ready(connector.execute("echo", input)).expect("echo"));
    });
    let baseline = Side::new(input, |input| {
        black_box(ready(fixture::hand_written("echo", input)).expect("echo"));
    });
    Figure {
        name: "dispatch: execute() of a small action",
        baseline_name: "hand-written match",
        target: Limit::AtMost(1.2),
        gate: Limit::AtMost(1.2),
        counted_calls: 2_000,
        ours,
        baseline,
    }
}

/// What the server does before `execute`: JSON Schema validation of the input, then the decode
/// into the action's input type; against a bare `serde_json::from_value`.
fn validation(fixtures: &Fixtures) -> Figure<'_> {
    let catalogue = &fixtures.catalogue;
    let regress = regressed("validation");
    let input = || fixtures.input.clone();
    let ours = Side::new(input, move |input: Value| {
        let input = if regress { regression(input) } else { input };
        let errors = catalogue.validate_input("bench", "echo", &input);
        assert!(errors.is_empty(), "{errors:?}");
        black_box(decode_input::<Message>("echo", input).expect("valid input"));
    });
    let baseline = Side::new(input, |input| {
        black_box(serde_json::from_value::<Message>(input).expect("valid input"));
    });
    Figure {
        name: "input validation + decode",
        baseline_name: "bare serde_json::from_value",
        target: Limit::AtMost(1.5),
        // Not met: jsonschema's `is_valid` alone costs about half a bare decode of this input
        // (BENCHMARKS.md). The gate is a ratchet just above what the server does now.
        gate: Limit::AtMost(2.4),
        counted_calls: 2_000,
        ours,
        baseline,
    }
}

/// Building and serialising the definitions of `connectors` connectors against writing the same
/// bytes.
fn definitions(connectors: usize, bytes: &[u8]) -> Figure<'_> {
    let ours = Side::new(
        || (),
        move |()| {
            black_box(serde_json::to_vec(&built_definitions(connectors)).expect("serialize"));
        },
    );
    let baseline = Side::new(
        || (),
        move |()| {
            let mut written = Vec::new();
            written.extend_from_slice(black_box(bytes));
            black_box(written);
        },
    );
    Figure {
        name: if connectors == 1 {
            "definitions (1 connector): build + serialize"
        } else {
            "definitions (500 synthetic): build + serialize"
        },
        baseline_name: "writing the same bytes",
        target: Limit::Report,
        gate: Limit::Report,
        counted_calls: if connectors == 1 { 200 } else { 2 },
        ours,
        baseline,
    }
}
