//! Any JSON as a label template (what the app's settings and the database hand to the
//! print engine): validation may refuse it, but nothing may panic, and a template that
//! validates must lay out a label and render it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tagledger_print::labels::{self, LabelData, LabelOptions, LabelTemplate};

fuzz_target!(|data: &[u8]| {
    let Ok(template) = serde_json::from_slice::<LabelTemplate>(data) else { return };
    if template.validate().is_err() {
        return;
    }
    let options = LabelOptions {
        fields: template.fields,
        qr_pattern: "https://assets.example.org/a/{tag}".into(),
        skip: 0,
        copies: 1,
        organisation: "Northwind".into(),
    };
    let label = LabelData { tag: "AT-000001".into(), name: "ThinkPad".into() };
    match labels::sheets(&template, &options, &[label]) {
        Ok(sheets) => assert_eq!(sheets.label_count, 1),
        // A template with every field turned off: refused with a reason, as it should be.
        Err(tagledger_print::Error::Invalid(_)) => {}
        Err(e) => panic!("a valid template failed to lay out: {e}"),
    }
});
