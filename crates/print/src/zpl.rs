//! ZPL for Zebra label printers, from the same label layout as the PDF, and sending it
//! raw to a network printer (port 9100). The printer draws the barcodes itself (^BC,
//! ^BQ), at its own resolution, so they are as sharp as the printer allows.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use crate::labels::{check, layout_label, LabelData, LabelOptions, LabelTemplate, Warnings};
use crate::page::pt_to_mm;
use crate::{Error, Result};

/// One ^XA…^XZ format per label, `copies` of each asset in turn.
pub fn render(template: &LabelTemplate, options: &LabelOptions, labels: &[LabelData]) -> Result<(String, Vec<String>)> {
    if !template.thermal {
        return Err(Error::Invalid(format!(
            "ZPL is for label printers; \"{}\" is a sheet template — print it as a PDF",
            template.name
        )));
    }
    check(template, options, labels)?;
    let dots = |mm: f32| (mm * template.dpi as f32 / 25.4).round() as i64;
    let mut warnings = Warnings::default();
    let mut out = String::new();
    for label in labels {
        let laid = layout_label(template, options, label, (0.0, 0.0), &mut warnings)?;
        let mut format = String::new();
        // UTF-8 field data; print width and label length in dots; origin at the corner.
        let _ = writeln!(
            format,
            "^XA\n^CI28\n^PW{}\n^LL{}\n^LH0,0",
            dots(template.label_width_mm),
            dots(template.label_height_mm)
        );
        if let Some(b) = &laid.barcode {
            let module = b.module_dots.max(1);
            let height = dots(b.height_mm).max(1);
            // Mode A: the printer picks Code 128 subsets itself (as compact as ours).
            let _ = writeln!(
                format,
                "^FO{},{}^BY{module}^BCN,{height},N,N,N,A^FH\\^FD{}^FS",
                dots(b.x),
                dots(b.y),
                escape(&b.data)
            );
        }
        if let Some(q) = &laid.qr {
            let magnification = q.module_dots.clamp(1, 10);
            // Model 2, error correction M, automatic input mode.
            let _ = writeln!(
                format,
                "^FO{},{}^BQN,2,{magnification}^FH\\^FDMA,{}^FS",
                dots(q.x),
                dots(q.y),
                escape(&q.content)
            );
        }
        for t in &laid.texts {
            let height = dots(pt_to_mm(t.size_pt)).max(10);
            // ^FO places the top of the text; the layout gives the baseline.
            let top = t.y - pt_to_mm(t.size_pt) * 0.76;
            let _ = writeln!(
                format,
                "^FO{},{}^A0N,{height},{height}^FH\\^FD{}^FS",
                dots(t.x),
                dots(top).max(0),
                escape(&t.text)
            );
        }
        format.push_str("^XZ\n");
        for _ in 0..options.copies {
            out.push_str(&format);
        }
    }
    Ok((out, warnings.into_messages()))
}

/// Field data with ^, ~ and \ hex-escaped (the ^FH\ that precedes each ^FD allows it):
/// a name such as "R&D ^ lab" must not end the field or start a command.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '^' => out.push_str("\\5E"),
            '~' => out.push_str("\\7E"),
            '\\' => out.push_str("\\5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Sends ZPL raw to a network printer at `address` ("host" or "host:port"; port 9100,
/// the raw printing port, when none is given).
pub fn send(address: &str, zpl: &str) -> Result<()> {
    let address = address.trim();
    let printer_error = |message: String| Error::Printer { address: address.to_string(), message };
    if address.is_empty() {
        return Err(Error::Invalid("enter the printer's address, such as 192.168.1.40 or zebra.local:9100".into()));
    }
    let with_port = if address.rsplit_once(':').is_some_and(|(_, p)| p.parse::<u16>().is_ok()) {
        address.to_string()
    } else {
        format!("{address}:9100")
    };
    let targets: Vec<_> = with_port
        .to_socket_addrs()
        .map_err(|e| printer_error(format!("cannot find this printer on the network ({e})")))?
        .collect();
    let mut last = None;
    for target in targets {
        match TcpStream::connect_timeout(&target, Duration::from_secs(5)) {
            Ok(mut stream) => {
                stream.set_write_timeout(Some(Duration::from_secs(20))).ok();
                stream
                    .write_all(zpl.as_bytes())
                    .and_then(|()| stream.flush())
                    .map_err(|e| printer_error(format!("the printer stopped accepting data ({e})")))?;
                let _ = stream.shutdown(std::net::Shutdown::Write);
                return Ok(());
            }
            Err(e) => last = Some(e),
        }
    }
    Err(printer_error(match last {
        Some(e) => format!("cannot connect ({e}); check that it is on and that port 9100 is open"),
        None => "the address resolves to nothing".into(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_data_cannot_inject_commands() {
        assert_eq!(escape("R&D ^XZ~JA\\x"), "R&D \\5EXZ\\7EJA\\5Cx");
        assert_eq!(escape("Zoë\n"), "Zoë");
    }
}
