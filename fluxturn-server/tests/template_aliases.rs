//! FluxTurn's 40 templates against our connectors' aliases: every node on one of our connectors
//! names an action or trigger we have (by id or alias) and only parameters its form has (by name
//! or alias), once the loader's alias resolution (`fluxturn_workflow::aliases::resolve`, what the
//! server validates and runs) has read it. The few nodes that ask for something our connectors
//! lack are listed below with the reason; the list must be exact, so it shrinks as they are added.
//!
//! The templates are FluxTurn's reference data, read at run time from
//! `../../shared/reference/fluxturn-templates` (or `FLUXTURN_TEMPLATES_DIR`); without them the
//! test is skipped, unless `FLUXTURN_REQUIRE_TEMPLATES` is set.

mod common;

use fluxturn_core::ConnectorDefinition;
use fluxturn_workflow::aliases;
use fluxturn_workflow::canvas::{node_type, Canvas, Node};
use std::collections::BTreeSet;

/// (template file, node id, why no alias can make it resolve).
const GAPS: &[(&str, &str, &str)] = &[
    (
        "42-email-classifier.json",
        "node_42_4",
        "the node labelled \"Apply Label\" names gmail's send_email with add_label's fields (messageId, label): \
     the template's action id is wrong, and no alias can turn a send into a label change",
    ),
    (
        "twitter-metrics-tracker.json",
        "node_1",
        "a `daily` trigger on Google Calendar: a schedule, not a calendar event; the schedule trigger does it",
    ),
    (
        "twitter-metrics-tracker.json",
        "node_2",
        "twitter has no `get_tweet_analytics`, nor has FluxTurn's own twitter connector (its compat file lists 8 actions, none of them analytics): \
     the node's only parameter is `text`, which names no tweet, so no alias can turn it into a lookup of a tweet's metrics",
    ),
    (
        "habit-tracker-logger.json",
        "node_2",
        "google_analytics has no `track_progress`: sending events to GA4 is the Measurement Protocol (a measurement id and an API secret per data stream), not the reporting APIs FluxTurn's Google Analytics connector covers; the node gives no parameters",
    ),
    (
        "linkedin-engagement-logger.json",
        "node_2",
        "google_analytics has no `track_event`: same as habit-tracker-logger.json's track_progress",
    ),
    (
        "314-youtube-playlist-wordpress-embed.json",
        "node_2",
        "`maxResults` on playlist_get, which reads one playlist: nothing to limit, and the action ignores it",
    ),
    (
        "36-youtube-analytics-dashboard.json",
        "node_36_2",
        "`get_channel_analytics` is the YouTube Analytics API (youtubeanalytics.googleapis.com, its own scope), not the Data API the youtube connector covers",
    ),
    (
        "shopify-order-confirmation-sendgrid.json",
        "shopify_trigger_1",
        "shopify has no `order_created` trigger: FluxTurn's Shopify definition declares no trigger at all (only its templates name one), so ours has none either; an orders/create webhook trigger would be new work",
    ),
    (
        "shopify-order-to-discord.json",
        "shopify_trigger_1",
        "shopify has no `order_created` trigger: same as shopify-order-confirmation-sendgrid.json",
    ),
    (
        "shopify-order-to-postgresql.json",
        "shopify_trigger_1",
        "shopify has no `order_created` trigger: same as shopify-order-confirmation-sendgrid.json",
    ),
];

/// Why `node` does not resolve against `definition` by ids and field names alone, or `None`.
fn unresolved(node: &Node, definition: &ConnectorDefinition) -> Option<String> {
    let (what, id, fields) = if node.node_type == node_type::CONNECTOR_ACTION {
        let id = node.action().unwrap_or_default();
        ("action", id, definition.action(id).map(|a| &a.input_schema))
    } else {
        let id = node.trigger().unwrap_or_default();
        ("trigger", id, definition.trigger(id).map(|t| &t.input_schema))
    };
    let Some(fields) = fields else {
        return Some(format!("{} has no {what} `{id}`", definition.name));
    };
    let unknown: Vec<String> = node.params().keys().filter(|k| !fields.contains_key(*k)).cloned().collect();
    (!unknown.is_empty()).then(|| format!("{} {what} `{id}` has no field {unknown:?}", definition.name))
}

#[test]
fn every_template_node_on_our_connectors_resolves_through_aliases_but_the_listed_gaps() {
    let Some(templates) = common::fluxturn_templates() else { return };
    assert!(templates.len() >= 40, "{} templates", templates.len());
    let registry = connectors::registry();
    let definition = |name: &str| registry.definition(name);
    let (mut total, mut before, mut after) = (0, 0, 0);
    let mut left: BTreeSet<(String, String)> = BTreeSet::new();
    for (file, template) in &templates {
        let canvas = Canvas::find(template).unwrap_or_else(|e| panic!("{file}: {e}"));
        let resolved = aliases::resolve(&canvas, definition);
        for (node, read) in canvas.nodes.iter().zip(&resolved.nodes) {
            let connector_node =
                matches!(node.node_type.as_str(), node_type::CONNECTOR_ACTION | node_type::CONNECTOR_TRIGGER);
            let Some(ours) = node.connector().filter(|_| connector_node).and_then(definition) else { continue };
            total += 1;
            if unresolved(node, ours).is_none() {
                before += 1;
            }
            match unresolved(read, ours) {
                None => after += 1,
                Some(why) => {
                    println!("unresolved: {file} {} ({}): {why}", node.id, node.label());
                    left.insert((file.clone(), node.id.clone()));
                }
            }
        }
    }
    println!(
        "nodes on our connectors in {} template files: {total}; resolving without aliases: {before}; with aliases: {after}; gaps: {}",
        templates.len(),
        left.len()
    );
    let expected: BTreeSet<(String, String)> =
        GAPS.iter().map(|(file, node, _)| ((*file).to_owned(), (*node).to_owned())).collect();
    assert_eq!(left, expected, "every node resolves through aliases except the listed gaps (each with its reason)");
    assert_eq!(after + GAPS.len(), total);
    assert!(after > before, "the aliases resolve nodes that did not resolve: {before} → {after}");
}
