//! Fuzz target for the date parsers (partial dates and EDTF): any UTF-8 text
//! may be refused, but what is accepted must print back as exactly the text it
//! was parsed from, since the database stores dates as the text the seed gives.

#![no_main]

use apsc::dates::{Edtf, PartialDate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(date) = PartialDate::parse(text) {
        assert_eq!(
            date.to_string(),
            text,
            "{date:?} does not print as its input"
        );
    }
    if let Ok(edtf) = Edtf::parse(text) {
        assert_eq!(
            edtf.to_string(),
            text,
            "{edtf:?} does not print as its input"
        );
    }
});
