//! The reading view in a real browser: headless Chromium loads the page from
//! disk, runs its script under its own security policy, and a probe reports
//! what a reader would see. Where Chromium is missing the test is skipped,
//! saying why, except under CI, where that is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::util::TestDir;

/// The browsers tried, in order; APSC_CHROMIUM names another.
const BROWSERS: &[&str] = &["chromium", "chromium-browser", "google-chrome", "chrome"];

fn browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("APSC_CHROMIUM") {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSERS.iter().map(move |b| dir.join(b)))
        .find(|p| p.is_file())
}

/// Runs after the page's own script: marks that are drawn with a colour,
/// what Enter on the first mark opens, and where the focus goes. The result
/// is written into the page, for --dump-dom to print.
const PROBE: &str = "(function () {
  var marks = document.querySelectorAll('mark[data-facts]');
  var coloured = 0;
  marks.forEach(function (m) {
    var box = m.getBoundingClientRect();
    var bg = getComputedStyle(m).backgroundColor;
    if (box.width > 0 && box.height > 0 && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') coloured++;
  });
  var first = marks[0];
  first.focus();
  var focusable = document.activeElement === first;
  first.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
  var popup = document.getElementById('popup');
  var partner = document.getElementById('f-partner');
  partner.value = 'rok';
  partner.dispatchEvent(new Event('change'));
  var lit = [];
  marks.forEach(function (m) { if (!m.classList.contains('dim')) lit.push(m.id); });
  var report = {
    litForRok: lit,
    marks: marks.length, coloured: coloured, focusable: focusable,
    popupShown: !popup.hidden, popupFocused: document.activeElement === popup,
    popupFacts: popup.querySelectorAll('li').length,
    firstFacts: first.dataset.facts.split(',').length,
    filtersShown: !document.getElementById('filters').hidden
  };
  document.body.setAttribute('data-probe', JSON.stringify(report));
}());";

/// The page with [`PROBE`] added (its hash in the page's own policy, so the
/// page's script still runs only if its hash is right), loaded from disk by
/// headless Chromium: the DOM it dumps and its stderr, where it logs every
/// console message (an error, a refused script) as CONSOLE.
fn probed_in_chromium(chromium: &Path, t: &TestDir, html: &str) -> (String, String) {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(PROBE));
    let probed = html
        .replacen("script-src ", &format!("script-src 'sha256-{hash}' "), 1)
        .replacen("</body>", &format!("<script>{PROBE}</script></body>"), 1);
    let path = t.path().join("probed.html");
    std::fs::write(&path, probed).unwrap();
    let profile = t.path().join("profile");
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,1600",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", path.display()))
        .stdin(Stdio::null())
        .output()
        .expect("running Chromium");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "Chromium failed: {stderr}");
    // Every console message (an error, a refused script) is logged as CONSOLE.
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    (dom, stderr)
}

#[test]
fn the_page_runs_in_chromium_without_errors_and_shows_its_marks() {
    let Some(chromium) = browser() else {
        crate::util::missing(
            "no Chromium found (tried APSC_CHROMIUM, then chromium, chromium-browser, \
             google-chrome, chrome on PATH; apt-get install chromium)",
        );
        return;
    };
    let t = TestDir::new();
    let (html, _) = super::html::page(&t);
    let (dom, stderr) = probed_in_chromium(&chromium, &t, &html);
    let doc = scraper::Html::parse_document(&dom);
    let body = doc
        .select(&scraper::Selector::parse("body").unwrap())
        .next()
        .unwrap();
    let probe = body
        .value()
        .attr("data-probe")
        .unwrap_or_else(|| panic!("the probe did not run: {stderr}"));
    let report: serde_json::Value = serde_json::from_str(probe).unwrap();
    let marks = report["marks"].as_u64().unwrap();
    assert!(marks > 0, "{report}");
    assert_eq!(
        report["coloured"], marks,
        "every mark is drawn in colour: {report}"
    );
    assert_eq!(report["focusable"], true, "{report}");
    assert_eq!(report["popupShown"], true, "{report}");
    assert_eq!(report["popupFocused"], true, "{report}");
    assert_eq!(report["popupFacts"], report["firstFacts"], "{report}");
    assert_eq!(report["filtersShown"], true, "{report}");
    // Filtered to one partner, exactly the marks of its facts stay lit.
    let rok: Vec<String> = crate::util::seed_links()
        .into_iter()
        .filter(|(_, partner, _)| partner == "rok")
        .map(|(fact, _, _)| fact)
        .collect();
    let mark = scraper::Selector::parse("mark").unwrap();
    let expected: Vec<&str> = doc
        .select(&mark)
        .filter(|m| {
            let facts = m.value().attr("data-facts").unwrap();
            facts.split(',').any(|f| rok.iter().any(|r| r == f))
        })
        .map(|m| m.value().attr("id").unwrap())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(report["litForRok"], serde_json::json!(expected), "{report}");
}
