//! What keeps the page safe: nothing loaded from the network, only its own
//! hashed script and style, and seed text shown as text, never run as markup.

use super::{own_page, page, sel, text};
use crate::util::{TestDir, seed_rows};

#[test]
fn nothing_is_loaded_from_the_network() {
    let t = TestDir::new();
    let (_, doc) = page(&t);
    for tag in [
        "link", "iframe", "object", "embed", "img", "base", "video", "audio",
    ] {
        assert!(doc.select(&sel(tag)).next().is_none(), "a <{tag}> element");
    }
    let loading = [
        "src",
        "href",
        "xlink:href",
        "action",
        "formaction",
        "data",
        "poster",
        "srcset",
        "background",
        "ping",
        "manifest",
    ];
    for el in doc.select(&sel("*")) {
        for (name, value) in el.value().attrs() {
            if loading.contains(&name) {
                assert!(
                    value.starts_with('#'),
                    "<{} {name}={value:?}>",
                    el.value().name()
                );
            }
            if name == "style" {
                assert!(
                    !value.contains("url(") && !value.contains("@import"),
                    "{value}"
                );
            }
        }
    }
    for style in doc.select(&sel("style")) {
        let css = text(style);
        assert!(
            !css.contains("@import") && !css.contains("url("),
            "the style loads something"
        );
    }
    for script in doc.select(&sel("script")) {
        assert!(script.value().attr("src").is_none());
        let js = text(script);
        for call in [
            "fetch(",
            "XMLHttpRequest",
            "import(",
            "http:",
            "https:",
            "WebSocket",
        ] {
            assert!(!js.contains(call), "the script uses {call}");
        }
    }
    let policy = doc
        .select(&sel("meta[http-equiv=Content-Security-Policy]"))
        .next()
        .and_then(|m| m.value().attr("content"))
        .expect("a content security policy");
    assert!(policy.starts_with("default-src 'none';"), "{policy}");
}

#[test]
fn seed_text_is_shown_as_text_never_run_as_markup() {
    let t = TestDir::new();
    let seed = t.seed_copy();
    let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> & \"q\"";
    let path = seed.join("meetings.csv");
    let csv = std::fs::read_to_string(&path).unwrap();
    let name = &seed_rows("meetings.csv")[0]["name"];
    std::fs::write(
        &path,
        csv.replacen(
            name.as_str(),
            &format!("\"{}\"", hostile.replace('"', "\"\"")),
            1,
        ),
    )
    .unwrap();
    t.apsc(&["seed", "--from", seed.to_str().unwrap()])
        .success();
    let (_, doc) = own_page(&t);
    assert_eq!(
        doc.select(&sel("script")).count(),
        1,
        "only the page's own script"
    );
    assert!(doc.select(&sel("img")).next().is_none());
    let key = format!("meetings/{}", seed_rows("meetings.csv")[0]["id"]);
    let card = doc
        .select(&sel(&format!("tr[id=\"{key}\"] th")))
        .next()
        .unwrap();
    assert!(text(card).starts_with(hostile), "{}", text(card));
}
