//! The page itself: the head (its style, script and a policy that forbids
//! loading anything from anywhere), the header with the document's
//! provenance, the paper with its marks, and the parts beside and below.
//! Every value from the database goes through maud, which escapes it.

use std::io::{self, Write};

use base64::Engine as _;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use sha2::{Digest, Sha256};

use super::model::Page;
use super::{side, table};

/// The page's style and script, written into it whole.
const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// `'sha256-…'`: the hash a Content-Security-Policy allows inline code by.
fn csp_hash(code: &str) -> String {
    let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(code));
    format!("'sha256-{digest}'")
}

/// The whole page, written to `out`.
pub fn write(page: &Page, out: &mut dyn Write) -> io::Result<()> {
    // Nothing may be fetched: no script, style, font, image or frame but the
    // page's own style and script, allowed by their hashes.
    let (style, script) = (csp_hash(STYLE), csp_hash(SCRIPT));
    let policy = format!(
        "default-src 'none'; style-src {style}; script-src {script}; img-src data:; \
         base-uri 'none'; form-action 'none'"
    );
    let frame = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(policy);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content={ "apsc " (env!("CARGO_PKG_VERSION")) };
                title { (page.document.title) " — section VI, with its facts" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                a class="skip" href="#paper" { "Skip to the text" }
                (header(page))
                div class="layout" {
                    main id="paper" aria-label="The text of the paper" {
                        (page.paper)
                    }
                    (side::column(page))
                }
                (table::facts(page))
                (table::provenance(page))
                div id="popup" role="dialog" aria-labelledby="popup-title" tabindex="-1" hidden {
                    h2 id="popup-title" { "Facts" }
                    ul {}
                    button type="button" class="close" { "Close" }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    out.write_all(frame.into_string().as_bytes())
}

fn header(page: &Page) -> Markup {
    let doc = &page.document;
    html! {
        header class="top" {
            p class="kicker" { "Section VI, read with its facts" }
            h1 { (doc.title) }
            p class="byline" {
                (doc.publisher) ", " time datetime=(doc.published) { (doc.published) } "."
                " Restored text: "
                @for (i, c) in page.corrections.iter().enumerate() {
                    @if i > 0 { "; " }
                    (c.occurrences) " “" (c.replace_with) "” restored"
                }
                @if page.corrections.is_empty() { "as supplied" }
                ". " a href="#provenance" { "Provenance" } "."
            }
            p class="how" {
                "Every marked sentence is cited by a fact; "
                span class="js-only" { "select one (click, or Tab then Enter) to see its facts, or " }
                "follow the list of " a href="#facts" { "facts" } " below."
            }
            p class="how limits" { (page.limits) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::STYLE;

    /// The value of a colour variable of the style, as sRGB.
    fn colour(name: &str) -> [f64; 3] {
        let at = STYLE.find(&format!("--{name}: #")).expect(name) + name.len() + 5;
        let hex = &STYLE[at..at + 6];
        let channel = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap());
        [channel(0), channel(2), channel(4)]
    }

    /// WCAG 2 contrast ratio.
    fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
        let luminance = |c: [f64; 3]| {
            let lin = |v: f64| {
                let v = v / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
        };
        let (x, y) = (luminance(a) + 0.05, luminance(b) + 0.05);
        x.max(y) / x.min(y)
    }

    #[test]
    fn every_text_colour_meets_wcag_aa_on_its_background() {
        let white = [255.0; 3];
        for text in ["ink", "muted", "link"] {
            assert!(contrast(colour(text), colour("paper")) >= 4.5, "{text}");
        }
        for table in crate::facts::TABLES {
            // Text on a mark's tint; a white count on a bar of the strong tone.
            assert!(contrast(colour("ink"), colour(table)) >= 4.5, "{table}");
            assert!(
                contrast(colour(&format!("{table}-strong")), white) >= 4.5,
                "{table}"
            );
        }
    }
}
