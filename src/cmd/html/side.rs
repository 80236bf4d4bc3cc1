//! The column beside the text: filters (shown only where the script runs),
//! the key to the colours, the timeline, the chart and the partner index.

use std::collections::HashMap;

use maud::{Markup, html};

use super::model::Page;
use super::svg;
use crate::facts::{Fact, Partner, TABLES, type_name};

/// The type of fact, capitalised, for labels: "Meetings" (a table's name
/// is lower-case ASCII).
fn type_label(table: &str) -> String {
    table[..1].to_uppercase() + &table[1..]
}

/// The column.
pub fn column(page: &Page) -> Markup {
    html! {
        aside class="side" aria-label="Filters, timeline, chart and partners" {
            (filters(page))
            section id="key" aria-labelledby="key-title" {
                h2 id="key-title" { "Fact types" }
                ul class="key" {
                    @for table in TABLES {
                        @let n = page.facts.iter().filter(|f| &*f.table == table).count();
                        li class={ "t-" (table) } { span class="swatch" {} (type_label(table)) " (" (n) ")" }
                    }
                }
            }
            section id="timeline" aria-labelledby="timeline-title" {
                h2 id="timeline-title" { "Timeline of dated facts" }
                p class="note" {
                    "A bar spans the period the text gives (a year, a month, a range); "
                    "a dashed line with an arrow is a range the text leaves open (“since”), "
                    "drawn to the paper’s date; an event held once at some time within a window (“since 2015 China has hosted”) is a mark with its window faint; "
                    "a hatched bar marks a date the text gives loosely: “?” an uncertain one, “~” an approximate one; "
                    "a faint dashed bar marked “(inferred)” is a date the fact takes from the sentence that opens its paragraph, not its own."
                }
                (svg::timeline(&page.facts, &page.document.published))
            }
            section id="chart" aria-labelledby="chart-title" {
                h2 id="chart-title" { "Engagements by area and type" }
                p class="note" {
                    "Meetings, exercises, agreements and operations in each area; "
                    "statements of position are not counted."
                }
                (svg::chart(&page.facts, &page.areas))
            }
            (partners(page))
        }
    }
}

/// The filters: hidden until the script shows them, since only it applies them.
fn filters(page: &Page) -> Markup {
    html! {
        section id="filters" aria-labelledby="filters-title" hidden {
            h2 id="filters-title" { "Filter the facts" }
            form id="filter-form" {
                label for="f-area" { "Area" }
                select id="f-area" {
                    option value="" { "All areas" }
                    @for (id, section, name) in &page.areas {
                        option value=(id) { (section) " " (name) }
                    }
                }
                label for="f-type" { "Fact type" }
                select id="f-type" {
                    option value="" { "All types" }
                    @for table in TABLES {
                        option value=(table) { (type_label(table)) }
                    }
                }
                label for="f-partner" { "Partner" }
                select id="f-partner" {
                    option value="" { "All partners" }
                    @for partner in page.partners.iter().filter(|p| !p.is_subject) {
                        option value=(partner.id) { (partner.name) }
                    }
                }
                button type="reset" { "Show all" }
            }
            p id="filter-status" role="status" {}
        }
    }
}

/// Every partner with its other names and its facts; China, the paper's
/// subject, first, with its names (its role is in every fact's row).
fn partners(page: &Page) -> Markup {
    // Each partner's facts, in the order of the facts, with its role in
    // each (the first the fact gives it).
    let mut roles: HashMap<&str, Vec<(&Fact, &str)>> = HashMap::new();
    for fact in &page.facts {
        for role in &fact.partners {
            let listed = roles.entry(&*role.partner_id).or_default();
            if listed.last().is_none_or(|(f, _)| !std::ptr::eq(*f, fact)) {
                listed.push((fact, &*role.role));
            }
        }
    }
    let subject = page.partners.iter().filter(|p| p.is_subject);
    let others = page.partners.iter().filter(|p| !p.is_subject);
    html! {
        section id="partners" aria-labelledby="partners-title" {
            h2 id="partners-title" { "Partners" }
            ul class="partners" {
                @for partner in subject.chain(others) {
                    (partner_entry(page, partner, roles.get(partner.id.as_str()).map_or(&[][..], Vec::as_slice)))
                }
            }
        }
    }
}

/// One partner, with `facts`: those it has a part in, with its role.
fn partner_entry(page: &Page, partner: &Partner, facts: &[(&Fact, &str)]) -> Markup {
    html! {
        li id={ "partner-" (partner.id) } data-partner=(partner.id) {
            details {
                summary { (partner.name) " " span class="count" {
                    "(" (if partner.is_subject { page.facts.len() } else { facts.len() }) ")"
                }  }
                p class="meta" {
                    (partner.kind)
                    @if let Some(iso3) = &partner.iso3 { ", " abbr title="ISO 3166-1 alpha-3" { (iso3) } }
                    @if !partner.aliases.is_empty() { ". Also: " (partner.aliases.join("; ")) }
                    @if partner.is_subject {
                        ". The paper’s subject: its role is in every row of the "
                        a href="#facts" { "facts" } "."
                    }
                }
                @if !facts.is_empty() {
                    ul {
                        @for (fact, role) in facts {
                            li data-fact=(fact.key()) {
                                a href={ "#" (fact.key()) } { (fact.name) }
                                " (" (type_name(&fact.table)) ", " (role) ")"
                            }
                        }
                    }
                }
            }
        }
    }
}
