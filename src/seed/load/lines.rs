//! Physical line numbers of CSV records, as a person sees them in an editor.
//!
//! The csv crate's positions count records' line ends in a way that is one
//! short in a CRLF file (what spreadsheets write): a record's position is
//! where the reader began it, which is the `\n` left over from the previous
//! line's `\r\n`, or a blank line skipped before it. So a record's line is
//! found from that byte offset instead: skip the line ends the reader had
//! not yet consumed, then count the line breaks (`\n`, `\r\n` or a lone `\r`)
//! before the first byte of the record. A quoted field that spans lines
//! counts its lines, and a byte-order mark, counted in the offsets, is no
//! line break.

/// Counts line breaks up to record offsets, which come in increasing order,
/// so that each byte of the file is looked at about once.
pub(super) struct Lines<'b> {
    bytes: &'b [u8],
    /// Bytes before `offset` have been counted: `breaks` line breaks.
    offset: usize,
    breaks: u64,
}

impl<'b> Lines<'b> {
    pub(super) fn new(bytes: &'b [u8]) -> Self {
        Lines {
            bytes,
            offset: 0,
            breaks: 0,
        }
    }

    /// The 1-based physical line of the record the reader began at `byte`.
    pub(super) fn line(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte).map_or(self.bytes.len(), |b| b.min(self.bytes.len()));
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.offset {
            // Out of order (an error reported at an earlier byte): recount.
            self.offset = 0;
            self.breaks = 0;
        }
        self.breaks += self.bytes[self.offset..start]
            .iter()
            .enumerate()
            .filter(|&(i, &b)| {
                b == b'\n' || (b == b'\r' && self.bytes.get(self.offset + i + 1) != Some(&b'\n'))
            })
            .count() as u64;
        self.offset = start;
        self.breaks + 1
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    /// The lines csv reports records at, converted: each record's first field
    /// names the physical line it is written on.
    fn check(text: &str) -> Result<(), csv::Error> {
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let mut lines = Lines::new(text.as_bytes());
        let mut record = csv::StringRecord::new();
        let mut seen = 0;
        while reader.read_record(&mut record)? {
            let byte = record.position().map_or(0, |p| p.byte());
            let expected: u64 = record[0].parse().expect("a line number");
            assert_eq!(lines.line(byte), expected, "{text:?}: {record:?}");
            seen += 1;
        }
        assert_eq!(seen, 4, "{text:?}");
        Ok(())
    }

    #[test]
    fn records_are_numbered_by_the_line_they_start_on() -> Result<(), csv::Error> {
        let lf = "line,text\n2,a\n3,\"two\nlines\"\n5,b\n\n7,c\n";
        check(lf)?;
        check(&lf.replace('\n', "\r\n"))?;
        check(&format!("\u{feff}{lf}"))?;
        check(&format!("\u{feff}{}", lf.replace('\n', "\r\n")))?;
        check(&lf.replace('\n', "\r"))
    }

    #[test]
    fn an_earlier_offset_is_counted_again_from_the_start() {
        let text = b"h\n2\n3\n4\n";
        let mut lines = Lines::new(text);
        assert_eq!(lines.line(6), 4);
        assert_eq!(lines.line(2), 2);
        assert_eq!(lines.line(u64::MAX), 5);
    }
}
