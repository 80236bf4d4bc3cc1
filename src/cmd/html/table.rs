//! The parts below the text: every fact as a row of one table (each row the
//! fact's card, its id the fact's id, linked from the marks and back), and
//! where the text comes from.

use maud::{Markup, html};

use super::model::Page;
use crate::facts::{Fact, type_name};

/// The table of facts.
pub fn facts(page: &Page) -> Markup {
    html! {
        section id="facts" aria-labelledby="facts-title" {
            h2 id="facts-title" { "Facts" }
            p id="facts-status" class="note" {
                (page.facts.len()) " facts, in the order of the text. Each row's id is the fact's "
                "id, as `apsc report` and `apsc show` print it."
            }
            div class="scroll" tabindex="0" role="region" aria-labelledby="facts-title" {
            table {
                thead {
                    tr {
                        @for col in ["Fact", "Type", "Area", "China’s role", "Partners", "Form", "Date", "Figures", "In the text"] {
                            th scope="col" { (col) }
                        }
                    }
                }
                tbody {
                    @for (fact, mark) in page.facts.iter().zip(&page.fact_marks) {
                        (row(fact, mark.as_deref()))
                    }
                }
            }
            }
            @if !page.loose_figures.is_empty() {
                h3 { "Figures no fact holds" }
                ul {
                    @for (section, paragraph, figure) in &page.loose_figures {
                        li {
                            (figure.label()) " — "
                            a href={ "#p-" (section) "-" (paragraph) } { (section) " ¶" (paragraph) }
                        }
                    }
                }
            }
        }
    }
}

/// One fact's card: the cells the popup also reads (`data-col`).
fn row(fact: &Fact, mark: Option<&str>) -> Markup {
    let partners: Vec<&str> = fact.partners.iter().map(|p| &*p.partner_id).collect();
    html! {
        tr id=(fact.key()) class={ "t-" (fact.table) } data-type=(fact.table)
            data-area=(fact.area_id) data-partners=(partners.join(" ")) {
            th scope="row" data-col="name" {
                (fact.name)
                span class="id" { (fact.key()) }
            }
            td data-col="type" {
                span class="swatch" {} (type_name(&fact.table))
                @if *fact.kind != *type_name(&fact.table) { " (" (fact.kind) ")" }
            }
            td data-col="area" { (fact.area) }
            td data-col="china_role" { (fact.china_role.as_deref().unwrap_or("")) }
            td data-col="partners" {
                @for (i, p) in fact.partners.iter().enumerate() {
                    @if i > 0 { "; " }
                    a href={ "#partner-" (p.partner_id) } { (p.name) } " (" (p.role) ")"
                }
            }
            td data-col="form" {
                (fact.form)
                @if let Some(why) = &fact.form_note { " " span class="why" { "(" (why) ")" } }
            }
            td data-col="date" {
                @if fact.date.is_dated() {
                    (fact.date.label()) " "
                    span class="iso" { "(" (fact.date.iso()) ")" }
                } @else if let Some(context) = &fact.context {
                    span class="inferred" { (context.iso()) ", " (context.label()) }
                }
            }
            td data-col="figures" { (fact.figure_list()) }
            td data-col="source" {
                @match mark {
                    Some(mark) => a href={ "#" (mark) } { (fact.section) " ¶" (fact.paragraph) },
                    None => { (fact.section) " ¶" (fact.paragraph) },
                }
            }
        }
    }
}

/// The document, the digest of the text as supplied, how it was restored,
/// and the program that wrote the page.
pub fn provenance(page: &Page) -> Markup {
    let doc = &page.document;
    html! {
        footer id="provenance" aria-labelledby="provenance-title" {
            h2 id="provenance-title" { "Provenance" }
            dl {
                dt { "Document" } dd { (doc.title) ", section VI" }
                dt { "Publisher" } dd { (doc.publisher) }
                dt { "Published" } dd { time datetime=(doc.published) { (doc.published) } }
                dt { "Text as supplied" } dd { code { (doc.source_file) } }
                dt { "Its SHA-256" } dd { code class="hash" { (doc.sha256) } }
                dt { "Corrections applied" }
                dd {
                    @if page.corrections.is_empty() { "none" }
                    ul {
                        @for c in &page.corrections {
                            li {
                                "“" (c.find) "” → “" (c.replace_with) "”, " (c.occurrences) " times: " (c.reason)
                            }
                        }
                    }
                }
                @if !page.omissions.is_empty() {
                    dt { "Lines left out" }
                    dd { ul { @for line in &page.omissions { li { "“" (line) "”" } } } }
                }
                dt { "Written by" } dd { "apsc " (env!("CARGO_PKG_VERSION")) }
            }
        }
    }
}
