//! RUN_CODE: the node's JavaScript (`code`, in `data.config` or `data`), run in an embedded
//! QuickJS with no module loader and none of QuickJS's `std`/`os` modules: no files, network,
//! environment or processes (`require`, `process`, `fetch` and `import()` are not there).
//!
//! As FluxTurn does, the code runs once per input item (the items of every input, in order) and
//! sees the item's json as `data` and `$json`. It also sees n8n's names: `$input.item`,
//! `$input.all()`, `$input.first()`, `$input.last()`, `items` (every input item as `{json}`),
//! `$itemIndex`, `$workflow`, `$execution`, `$trigger`, and FluxTurn's `context` (`{$json,
//! $itemIndex, $workflow, $execution, $trigger}`); `await` works. With n8n's `mode`
//! `runOnceForAllItems` it runs once, `$json` being the first item's.
//!
//! What it returns becomes the output: an object is one item (`{json, binary?}` is taken as an
//! item), an array one item per element (`[]` drops the item), any other value an item
//! `{value}`; `undefined` or `null` passes the input item on unchanged (FluxTurn's
//! `result || data`). Values cross as JSON. `console.log` lines go to the node's warnings.
//!
//! Limits: [`TIME_LIMIT`] for the node's whole run (the node's `timeout`, in ms, replaces it),
//! [`MEMORY_LIMIT`], [`STACK_LIMIT`] and [`OUTPUT_LIMIT`].

use crate::canvas::Node;
use crate::engine::{Scope, StepError};
use crate::item::Item;
use rquickjs::{Context, Ctx, Function, Object, Promise, Runtime};
use serde_json::{Map, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the code of one node run may take, all items together, unless the node sets a
/// `timeout`.
pub(crate) const TIME_LIMIT: Duration = Duration::from_secs(5);
/// The memory the code's JavaScript heap may use (inputs included).
pub(crate) const MEMORY_LIMIT: usize = 64 << 20;
/// The native stack the code's JavaScript may use (deep recursion fails with a `RangeError`).
pub(crate) const STACK_LIMIT: usize = 1 << 20;
/// The JSON the code may return, all items together.
pub(crate) const OUTPUT_LIMIT: usize = 10 << 20;
/// The `console.log` lines kept as warnings, and the length of each.
const LOG_LINES: usize = 20;
const LOG_LINE_CHARS: usize = 500;

/// The name the code is compiled under: stack traces name its lines `code:LINE`.
const FILE: &str = "code";

/// Sets up what the code sees and calls it for one item. Its source is this module's own.
const PRELUDE: &str = r#"
(function (texts) {
  'use strict';
  const parse = JSON.parse, stringify = JSON.stringify;
  const logs = [];
  let cache = Object.create(null);
  const lazy = (name) => () => (name in cache ? cache[name] : (cache[name] = parse(texts[name])));
  const all = lazy('all'), workflow = lazy('workflow'), execution = lazy('execution'), trigger = lazy('trigger');
  for (const [name, get] of [['items', all], ['$workflow', workflow], ['$execution', execution], ['$trigger', trigger]]) {
    Object.defineProperty(globalThis, name, { get, enumerable: false, configurable: false });
  }
  const show = (value) => {
    if (typeof value === 'string') return value;
    try { const text = stringify(value); return text === undefined ? String(value) : text; } catch (e) { return String(value); }
  };
  const log = (...values) => { if (logs.length < LOG_LINES) logs.push(values.map(show).join(' ').slice(0, LOG_LINE_CHARS)); };
  globalThis.console = { log, info: log, warn: log, error: log, debug: log };
  const call = async function (fn, itemText, index) {
    cache = Object.create(null);
    const item = parse(itemText);
    const $json = item.json;
    const $input = { item, all, first: () => all()[0], last: () => { const a = all(); return a[a.length - 1]; } };
    const context = {
      $json, $itemIndex: index,
      get $workflow() { return workflow(); }, get $execution() { return execution(); }, get $trigger() { return trigger(); },
    };
    const result = await fn($json, $json, $input, index, context);
    if (result === undefined || result === null) return null;
    const text = stringify(result);
    if (text === undefined) throw new TypeError('the code returned a ' + typeof result + ', which is not JSON');
    return text;
  };
  return [call, () => logs.splice(0)];
})
"#;

/// Runs `node`'s code on `items` (on a blocking thread, so a long script never holds up the
/// async runtime); the output items, `console.log` lines added to `warnings`.
pub(crate) async fn run(
    node: &Node,
    items: &[Item],
    scope: &Scope<'_>,
    warnings: &mut Vec<String>,
) -> Result<Vec<Item>, StepError> {
    let params = node.params();
    let code = params.get("code").and_then(Value::as_str).unwrap_or_default().to_owned();
    if code.trim().is_empty() {
        return Err(StepError::new(format!("`{}` has no code: write the JavaScript to run", node.label())));
    }
    let once = params.get("mode").and_then(Value::as_str) == Some("runOnceForAllItems");
    let limit = node.data.get("timeout").and_then(Value::as_u64).filter(|ms| *ms > 0).map(Duration::from_millis);
    let (trigger, workflow, execution) = scope.run_values();
    let job = Job {
        label: node.label().to_owned(),
        code,
        items: items.to_vec(),
        once,
        limit: limit.unwrap_or(TIME_LIMIT),
        texts: [trigger, workflow, execution].map(|v| serde_json::to_string(v).unwrap_or_else(|_| "null".into())),
    };
    // If the engine gives up on the node (its timeout), the script is interrupted too.
    let cancel = Cancel(Arc::new(AtomicBool::new(false)));
    let cancelled = Arc::clone(&cancel.0);
    let label = job.label.clone();
    let (result, logs) = tokio::task::spawn_blocking(move || job.run(&cancelled))
        .await
        .map_err(|_| StepError::new(format!("the code runner of `{label}` crashed")))?;
    drop(cancel);
    warnings.extend(logs.into_iter().map(|line| format!("console.log: {line}")));
    result
}

/// Sets its flag when dropped: the engine stopped waiting.
struct Cancel(Arc<AtomicBool>);

impl Drop for Cancel {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// One node run's code and inputs, owned, for the blocking thread.
struct Job {
    label: String,
    code: String,
    items: Vec<Item>,
    once: bool,
    limit: Duration,
    /// `$trigger`, `$workflow` and `$execution` as JSON.
    texts: [String; 3],
}

/// Why a call failed, before it is worded.
enum Failure {
    /// The JavaScript threw (or QuickJS stopped it): the thrown value, worded.
    Thrown(String),
    /// Something on the Rust side.
    Other(String),
}

impl Job {
    /// Runs the code; the output items (or the error) and the `console.log` lines.
    fn run(self, cancelled: &Arc<AtomicBool>) -> (Result<Vec<Item>, StepError>, Vec<String>) {
        let deadline = Instant::now() + self.limit;
        let runtime = match Runtime::new() {
            Ok(runtime) => runtime,
            Err(e) => {
                return (Err(StepError::new(format!("the code of `{}` cannot start: {e}", self.label))), Vec::new())
            }
        };
        runtime.set_memory_limit(MEMORY_LIMIT);
        runtime.set_max_stack_size(STACK_LIMIT);
        let flag = Arc::clone(cancelled);
        runtime
            .set_interrupt_handler(Some(Box::new(move || Instant::now() >= deadline || flag.load(Ordering::Relaxed))));
        let context = match Context::full(&runtime) {
            Ok(context) => context,
            Err(e) => {
                return (Err(StepError::new(format!("the code of `{}` cannot start: {e}", self.label))), Vec::new())
            }
        };
        let mut logs = Vec::new();
        let result = context.with(|ctx| self.run_in(&ctx, &mut logs));
        let result = result.map_err(|failure| {
            let message = match failure {
                _ if Instant::now() >= deadline => {
                    format!("the code of `{}` ran longer than {} ms", self.label, self.limit.as_millis())
                }
                Failure::Thrown(text) if text.contains("out of memory") => {
                    format!("the code of `{}` used more than {} MiB of memory", self.label, MEMORY_LIMIT >> 20)
                }
                Failure::Thrown(text) => format!("the code of `{}` threw {text}", self.label),
                Failure::Other(text) => text,
            };
            StepError::new(message)
        });
        drop(context);
        drop(runtime);
        (result, logs)
    }

    fn run_in<'js>(&self, ctx: &Ctx<'js>, logs: &mut Vec<String>) -> Result<Vec<Item>, Failure> {
        let js = |e: rquickjs::Error| thrown(ctx, e);
        let all = serde_json::to_string(&self.items).map_err(|e| Failure::Other(e.to_string()))?;
        let texts = Object::new(ctx.clone()).map_err(js)?;
        for (name, text) in ["all", "trigger", "workflow", "execution"].into_iter().zip([
            &all,
            &self.texts[0],
            &self.texts[1],
            &self.texts[2],
        ]) {
            texts.set(name, text.as_str()).map_err(js)?;
        }
        let prelude =
            PRELUDE.replace("LOG_LINES", &LOG_LINES.to_string()).replace("LOG_LINE_CHARS", &LOG_LINE_CHARS.to_string());
        let factory: Function = eval(ctx, prelude, "prelude").map_err(js)?;
        let pair: rquickjs::Array = factory.call((texts,)).map_err(js)?;
        let (call, take_logs): (Function, Function) = (pair.get(0).map_err(js)?, pair.get(1).map_err(js)?);
        // The code's line 1 is the source's line 1, so error lines are the user's.
        let source = format!("(async function ($json, data, $input, $itemIndex, context) {{{}\n}})", self.code);
        let function: Function = eval(ctx, source, FILE).map_err(js)?;
        let empty = Item::new(Value::Object(Map::new()));
        let runs: Vec<(usize, &Item)> = if self.once {
            vec![(0, self.items.first().unwrap_or(&empty))]
        } else {
            self.items.iter().enumerate().collect()
        };
        let mut output = Vec::new();
        let mut size = 0;
        let mut result = Ok(());
        for (index, item) in runs {
            let text = serde_json::to_string(item).map_err(|e| Failure::Other(e.to_string()))?;
            let returned = call
                .call::<_, Promise>((function.clone(), text, index))
                .and_then(|promise| promise.finish::<Option<String>>());
            let returned = match returned {
                Ok(returned) => returned,
                Err(rquickjs::Error::WouldBlock) => {
                    result = Err(Failure::Other(format!(
                        "the code of `{}` awaited something that never finishes (there are no timers or network here)",
                        self.label
                    )));
                    break;
                }
                Err(e) => {
                    result = Err(js(e));
                    break;
                }
            };
            size += returned.as_ref().map_or(0, String::len);
            if size > OUTPUT_LIMIT {
                result = Err(Failure::Other(format!(
                    "the code of `{}` returned more than {} MiB of JSON",
                    self.label,
                    OUTPUT_LIMIT >> 20
                )));
                break;
            }
            let value = match returned.map(|text| serde_json::from_str::<Value>(&text)).transpose() {
                Ok(value) => value,
                Err(e) => {
                    result = Err(Failure::Other(format!(
                        "the code of `{}` returned JSON this engine cannot read: {e}",
                        self.label
                    )));
                    break;
                }
            };
            match value {
                None if self.once => output.extend(self.items.iter().cloned()),
                None => output.push(item.clone()),
                Some(value) => output.extend(items_of(value)),
            }
        }
        if let Ok(lines) = take_logs.call::<_, Vec<String>>(()) {
            logs.extend(lines);
        }
        result.map(|()| output)
    }
}

/// Compiles (and runs) `source` as a sloppy-mode script, as FluxTurn's `new Function` does.
fn eval<'js, V: rquickjs::FromJs<'js>>(ctx: &Ctx<'js>, source: String, file: &str) -> rquickjs::Result<V> {
    let mut options = rquickjs::context::EvalOptions::default();
    options.strict = false;
    options.filename = Some(file.to_owned());
    ctx.eval_with_options(source, options)
}

/// The exception pending after `error`, worded: `TypeError: message (line N)`.
fn thrown(ctx: &Ctx<'_>, error: rquickjs::Error) -> Failure {
    if !matches!(error, rquickjs::Error::Exception) {
        return Failure::Thrown(error.to_string());
    }
    let value = ctx.catch();
    let Some(exception) = value.as_exception() else {
        // `throw "text"` or `throw {…}`: the value itself.
        let text = ctx
            .json_stringify(value.clone())
            .ok()
            .flatten()
            .and_then(|s| s.to_string().ok())
            .unwrap_or_else(|| format!("a {}", value.type_name()));
        return Failure::Thrown(text);
    };
    let name: String = exception.get::<_, Option<String>>("name").ok().flatten().unwrap_or_else(|| "Error".into());
    let message = exception.message().unwrap_or_default();
    let line = exception.stack().as_deref().and_then(line_of);
    let mut text = if message.is_empty() { name } else { format!("{name}: {message}") };
    if let Some(line) = line {
        text.push_str(&format!(" (line {line})"));
    }
    Failure::Thrown(text)
}

/// The first line of the code a stack trace names (`at f (code:3:7)`).
fn line_of(stack: &str) -> Option<u32> {
    let marker = format!("{FILE}:");
    stack.match_indices(&marker).find_map(|(at, _)| {
        let before = stack[..at].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let digits: String = stack[at + marker.len()..].chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    })
}

/// The items a returned value makes: an array one per element, anything else one.
fn items_of(value: Value) -> Vec<Item> {
    match value {
        Value::Array(values) => values.into_iter().map(item_of).collect(),
        other => vec![item_of(other)],
    }
}

/// An object is an item's json (`{json: {…}, binary?}` is an item as is); anything else `{value}`.
fn item_of(value: Value) -> Item {
    match value {
        Value::Object(mut map) => {
            let wrapped = map.get("json").is_some_and(Value::is_object)
                && map.keys().all(|k| matches!(k.as_str(), "json" | "binary" | "pairedItem"));
            if wrapped {
                let json = map.remove("json").unwrap_or_default();
                Item { json, binary: map.remove("binary").filter(|b| !b.is_null()) }
            } else {
                Item::new(Value::Object(map))
            }
        }
        other => Item::new(Value::Object(Map::from_iter([("value".to_owned(), other)]))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(code: &str, limit_ms: u64) -> Job {
        Job {
            label: "Code".into(),
            code: code.into(),
            items: vec![Item::new(serde_json::json!({"n": 1}))],
            once: false,
            limit: Duration::from_millis(limit_ms),
            texts: ["{}".into(), "{}".into(), "{}".into()],
        }
    }

    #[test]
    fn the_interrupt_handler_stops_an_endless_loop_even_one_that_catches() {
        let started = Instant::now();
        let (result, _) = job("while (true) { try { while (true) {} } catch (e) {} }", 200).run(&Arc::default());
        assert_eq!(result.unwrap_err().message, "the code of `Code` ran longer than 200 ms");
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    }

    #[test]
    fn a_cancelled_run_stops() {
        let (result, _) = job("while (true) {}", 60_000).run(&Arc::new(AtomicBool::new(true)));
        assert!(result.is_err());
    }

    #[test]
    fn a_catastrophic_regex_is_interrupted() {
        let (result, _) = job("return /(a+)+$/.test('a'.repeat(40) + 'b')", 200).run(&Arc::default());
        assert_eq!(result.unwrap_err().message, "the code of `Code` ran longer than 200 ms");
    }

    #[test]
    fn lines_are_read_from_quickjs_stacks() {
        assert_eq!(line_of("    at <anonymous> (code:3:7)\n"), Some(3));
        assert_eq!(line_of("    at f (prelude:1:1)\n    at code:12\n"), Some(12));
        assert_eq!(line_of("    at unicode:4\n"), None);
    }

    #[test]
    fn returned_values_become_items() {
        let items = items_of(serde_json::json!([{"a": 1}, {"json": {"b": 2}}, "c", {"json": 3}]));
        let jsons: Vec<Value> = items.into_iter().map(|i| i.json).collect();
        assert_eq!(
            jsons,
            serde_json::json!([{"a": 1}, {"b": 2}, {"value": "c"}, {"json": 3}]).as_array().unwrap().clone()
        );
        assert_eq!(items_of(serde_json::json!(0))[0].json, serde_json::json!({"value": 0}));
    }
}
