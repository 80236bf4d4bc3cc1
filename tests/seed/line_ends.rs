//! Seed files saved with a byte-order mark or CRLF line ends: they load, and
//! their problems are reported at their physical lines.

use std::fs;

use super::all_rows;
use crate::seed_problems::edit;
use crate::util::TestDir;

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
    let t = TestDir::new();
    t.seeded();
    let before = all_rows(&t);
    let dir = t.seed_copy();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            edit(&path, |text| {
                format!("\u{feff}{}", text.replace('\n', "\r\n"))
            });
        }
    }
    t.apsc(&["seed", "--from", dir.to_str().unwrap()]).success();
    assert_eq!(
        all_rows(&t)
            .into_iter()
            .filter(|(t, _)| t != "seed_files")
            .collect::<Vec<_>>(),
        before
            .into_iter()
            .filter(|(t, _)| t != "seed_files")
            .collect::<Vec<_>>()
    );
}

/// The 1-based physical line on which `needle` first stands in `text`,
/// counting `\n`, `\r\n` and a lone `\r` as one line break each.
fn physical_line(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("the needle is in the text");
    let before = &text[..at];
    1 + before.matches('\n').count() + before.replace("\r\n", "").matches('\r').count()
}

/// meetings.csv rewritten with `terminator` line ends, a byte-order mark
/// if `bom`, the first meeting's name over two lines if `spanning`, and
/// two bad rows: the fourth meeting's area_id unknown, and the sixth with a
/// field missing. Returns the file and the ids of the two bad rows.
fn meetings_with_bad_rows(
    original: &str,
    crlf: bool,
    bom: bool,
    spanning: bool,
) -> (String, [String; 2]) {
    let mut reader = csv::Reader::from_reader(original.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let mut records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let area = headers.iter().position(|h| h == "area_id").unwrap();
    let name = headers.iter().position(|h| h == "name").unwrap();
    let break_ = if crlf { "\r\n" } else { "\n" };
    let mut edit = |i: usize, column: usize, value: &str| {
        let mut fields: Vec<String> = records[i].iter().map(str::to_string).collect();
        fields[column] = value.to_string();
        records[i] = csv::StringRecord::from(fields);
    };
    if spanning {
        edit(0, name, &format!("A name{break_}over two lines"));
    }
    edit(3, area, "nowhere");
    let short: Vec<String> = records[5].iter().skip(1).map(str::to_string).collect();
    records[5] = csv::StringRecord::from(short);
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for record in &records {
        writer.write_record(record).unwrap();
    }
    let body = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let text = if bom { format!("\u{feff}{body}") } else { body };
    (text, [records[3][0].to_string(), records[5][0].to_string()])
}

/// Regression: a bad value on line 5 of a CRLF meetings.csv was reported as
/// meetings.csv:4. Problems name the physical line a record starts on, with
/// LF or CRLF line ends, with or without a byte-order mark, below a quoted
/// field that spans lines.
#[test]
fn crlf_seed_files_report_problems_at_their_physical_lines() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    let path = dir.join("meetings.csv");
    let original = fs::read_to_string(&path).unwrap();
    for crlf in [false, true] {
        for bom in [false, true] {
            for spanning in [false, true] {
                let (text, [unknown_area, short]) =
                    meetings_with_bad_rows(&original, crlf, bom, spanning);
                fs::write(&path, &text).unwrap();
                let area_line = physical_line(&text, &format!("{unknown_area},"));
                let short_line = physical_line(&text, &format!("{short},"));
                let base = 5 + usize::from(spanning);
                assert_eq!((area_line, short_line), (base, base + 2), "{text:?}");
                let run = t
                    .apsc(&["seed", "--from", dir.to_str().unwrap()])
                    .code_is(3);
                let case = format!("crlf {crlf}, bom {bom}, spanning {spanning}");
                let expected = [
                    format!("meetings.csv:{area_line}: unknown area_id \"nowhere\""),
                    format!("meetings.csv:{short_line}: "),
                ];
                for needle in expected {
                    assert!(
                        run.stderr().contains(&needle),
                        "{case}: no {needle:?} in {}",
                        run.stderr()
                    );
                }
            }
        }
    }
}
