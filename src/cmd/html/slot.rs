//! Writing a page larger than is worth holding: each part is rendered through
//! maud as a frame with a marker (a slot) where each long list goes, and the
//! frame's pieces are written out with the lists written straight to the
//! output between them, an item at a time. The bytes are those of the same
//! markup rendered whole.

use std::io::{self, Write};

use maud::{Markup, PreEscaped};

/// The marker of a slot. It begins with `<`, which maud escapes in every
/// value it is given, so no text from the database can put it in a frame.
const MARKER: &str = "<!--apsc:slot-->";

/// A slot, to put in a frame where a list goes.
pub fn slot() -> PreEscaped<&'static str> {
    PreEscaped(MARKER)
}

/// What fills a slot: writes its list to the output.
pub type Fill<'a> = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()> + 'a>;

/// Write `frame` to `out`, each of its slots filled, in order, by `fills`.
/// A frame whose slots do not match its fills is an error of the program,
/// reported as such rather than written wrong.
pub fn write(out: &mut dyn Write, frame: Markup, fills: Vec<Fill<'_>>) -> io::Result<()> {
    let text = frame.into_string();
    let slots = text.matches(MARKER).count();
    if slots != fills.len() {
        return Err(io::Error::other(format!(
            "a frame of the page has {slots} slots for {} parts",
            fills.len()
        )));
    }
    let mut pieces = text.split(MARKER);
    if let Some(first) = pieces.next() {
        out.write_all(first.as_bytes())?;
    }
    for (piece, fill) in pieces.zip(fills) {
        fill(out)?;
        out.write_all(piece.as_bytes())?;
    }
    Ok(())
}

/// Write each item's markup to `out` in turn.
pub fn each<T>(
    out: &mut dyn Write,
    items: impl IntoIterator<Item = T>,
    mut render: impl FnMut(T) -> Markup,
) -> io::Result<()> {
    for item in items {
        out.write_all(render(item).into_string().as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use maud::html;

    use super::{Fill, MARKER, each, slot, write};

    fn written(frame: maud::Markup, fills: Vec<Fill<'_>>) -> std::io::Result<String> {
        let mut out = Vec::new();
        write(&mut out, frame, fills)?;
        Ok(String::from_utf8(out).expect("markup is UTF-8"))
    }

    #[test]
    fn slots_are_filled_in_order_with_the_frame_between() {
        let items = ["a<b", "c"];
        let whole = html! {
            ul { @for i in &items { li { (i) } } } p { "x" } ol { @for i in &items { li { (i) } } }
        };
        let list: Fill = Box::new(|out| each(out, &items, |i| html! { li { (i) } }));
        let again: Fill = Box::new(|out| each(out, &items, |i| html! { li { (i) } }));
        let framed = written(
            html! { ul { (slot()) } p { "x" } ol { (slot()) } },
            vec![list, again],
        )
        .expect("as many fills as slots");
        assert_eq!(framed, whole.into_string());
        assert_eq!(
            framed,
            "<ul><li>a&lt;b</li><li>c</li></ul><p>x</p><ol><li>a&lt;b</li><li>c</li></ol>"
        );
    }

    #[test]
    fn text_that_looks_like_the_marker_is_escaped_not_filled() {
        let frame = html! { p { (MARKER) } (slot()) };
        let fill: Fill = Box::new(|out| out.write_all(b"<i>filled</i>"));
        let text = written(frame, vec![fill]).expect("one slot, one fill");
        assert_eq!(text, "<p>&lt;!--apsc:slot--&gt;</p><i>filled</i>");
    }

    #[test]
    fn a_frame_whose_slots_do_not_match_its_fills_is_refused() {
        let none: Vec<Fill> = Vec::new();
        assert!(written(html! { p { (slot()) } }, none).is_err());
        let fill: Fill = Box::new(|_| Ok(()));
        assert!(written(html! { p {} }, vec![fill]).is_err());
    }
}
