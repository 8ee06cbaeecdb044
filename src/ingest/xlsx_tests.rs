//! Our streamed sheet reader against calamine's, cell for cell, on a workbook with every
//! cell form a writer may use.

use super::{open, read_book, with_calamine};
use crate::ingest::{ReadOptions, TableSink};
use std::io::{Cursor, Write};

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

fn workbook(sheet: &str, date1904: bool) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, body: String| {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    };
    put("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.into());
    put(
        "_rels/.rels",
        format!(
            r#"<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        ),
    );
    let pr = if date1904 {
        r#"<workbookPr date1904="1"/>"#
    } else {
        ""
    };
    put(
        "xl/workbook.xml",
        format!(
            r#"<workbook xmlns="{MAIN}" xmlns:r="{REL}">{pr}<sheets><sheet name="A &amp; B" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        ),
    );
    put(
        "xl/_rels/workbook.xml.rels",
        format!(
            r#"<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="{REL}/styles" Target="/xl/styles.xml"/></Relationships>"#
        ),
    );
    put(
        "xl/sharedStrings.xml",
        format!(
            r#"<sst xmlns="{MAIN}" count="5" uniqueCount="5"><si><t>主订单编号</t></si><si><t xml:space="preserve"> 支付时间 </t></si><si><r><rPr><b/></rPr><t>富</t></r><r><t>文本</t></r><rPh><t>ふ</t></rPh></si><si><t>a&amp;b&#10;c_x000D_d</t></si><si/></sst>"#
        ),
    );
    put(
        "xl/styles.xml",
        format!(
            r#"<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/mm/dd\ hh:mm"/><numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="22"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="4"/></cellXfs></styleSheet>"#
        ),
    );
    put(
        "xl/worksheets/sheet1.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><x:worksheet xmlns:x="{MAIN}"><x:dimension ref="A1:H9"/><x:sheetData>{sheet}</x:sheetData><x:mergeCells count="0"/></x:worksheet>"#
        ),
    );
    zip.finish().unwrap().into_inner()
}

const CELLS: &str = concat!(
    r#"<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c><x:c r="E1" t="s"><x:v>4</x:v></x:c><x:c r="F1" t="inlineStr"><x:is><x:t>f</x:t></x:is></x:c></x:row>"#,
    // No `r` on the row or its cells; an empty styled cell; booleans, errors, ISO dates.
    r#"<x:row><x:c t="inlineStr"><x:is><x:t>  trimmed  </x:t></x:is></x:c><x:c s="1"/><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#DIV/0!</x:v></x:c><x:c t="d"><x:v>2026-11-20T08:00:00</x:v></x:c><x:c t="str"><x:v>x &lt; y_x000A_z</x:v></x:c></x:row>"#,
    // Numbers: plain, date styles (built-in, custom), a duration, a thousands format, text
    // in an untyped cell, a big integer.
    r#"<x:row r="4"><x:c r="A4"><x:v>19.9</x:v></x:c><x:c r="B4" s="1"><x:v>45981.75</x:v></x:c><x:c r="C4" s="2"><x:v>45981.5</x:v></x:c><x:c r="D4" s="3"><x:v>1.25</x:v></x:c><x:c r="E4" s="4"><x:v>1234.5</x:v></x:c><x:c r="F4"><x:v>n/a</x:v></x:c><x:c r="G4" t="n"><x:v>6.934567890123457E+18</x:v></x:c></x:row>"#,
    // Formulas: cached value, none, a shared one; a comment; CDATA; CRLF; rich inline text.
    r#"<x:row r="5"><x:c r="A5"><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="B5"><x:f>A5*2</x:f></x:c><x:c r="C5"><x:f t="shared" si="0" ref="C5:C6">A5</x:f><x:v>2</x:v></x:c><!-- note --><x:c r="D5" t="inlineStr"><x:is><x:t><![CDATA[<raw> & ]]></x:t></x:is></x:c><x:c r="E5" t="inlineStr"><x:is><x:t xml:space="preserve">line1&#13;&#10;line2&#x4E2D;</x:t></x:is></x:c><x:c r="F5" t="inlineStr"><x:is><x:r><x:t>ab</x:t></x:r><x:r><x:rPr/><x:t xml:space="preserve"> cd</x:t></x:r></x:is></x:c></x:row>"#,
    r#"<x:row r="6"><x:c r="C6"><x:f t="shared" si="0"/><x:v>4</x:v></x:c><x:c r="A6" t="inlineStr"><x:is><x:t>left of C</x:t></x:is></x:c></x:row>"#,
    r#"<x:row r="8" spans="1:3"><x:c r="B8" t="inlineStr"><x:is><x:t>_x005F_x000D_ kept</x:t></x:is></x:c><x:c r="C8" t="inlineStr"><x:is/></x:c><x:c r="D8" t="s"><x:v></x:v></x:c></x:row>"#,
);

fn both(bytes: &[u8], options: &ReadOptions) -> (crate::ingest::Table, crate::ingest::Table) {
    let read = |book| {
        let mut sink = TableSink::new(usize::MAX);
        let summary = read_book("t.xlsx", bytes.len(), book, options, &mut sink);
        sink.into_table(summary)
    };
    let ours = read(open(bytes).expect("opens"));
    let theirs = read(with_calamine(bytes).expect("opens"));
    (ours, theirs)
}

#[test]
fn our_sheet_reader_reads_every_cell_form_as_calamine_does() {
    for date1904 in [false, true] {
        let bytes = workbook(CELLS, date1904);
        let mut archive = super::Archive::new(Cursor::new(&bytes[..])).unwrap();
        let book = super::Workbook::read(&mut archive).expect("our reader takes this workbook");
        assert_eq!(
            book.sheets,
            vec![("A & B".to_string(), "xl/worksheets/sheet1.xml".to_string())]
        );
        assert_eq!(book.is_1904, date1904);
        let (ours, theirs) = both(&bytes, &ReadOptions::default());
        assert_eq!(ours, theirs);
        assert_eq!(ours.rows.len(), 5, "{:?}", ours.rows);
        assert_eq!(ours.headers[2], "富文本");
        assert_eq!(ours.headers[3], "a&b\nc\rd");
        assert_eq!(ours.rows[0].cells[0], "trimmed");
        assert!(ours.formula_cells >= 3);
    }
}

#[test]
fn a_cut_or_damaged_sheet_stops_the_same_way() {
    let broken = CELLS.replace(
        r#"<x:row r="5">"#,
        r#"<x:row r="5"><x:c r="A5" t="b"><x:v>maybe</x:v></x:c>"#,
    );
    let (ours, theirs) = both(&workbook(&broken, false), &ReadOptions::default());
    assert_eq!(ours.rows, theirs.rows);
    let stopped = |t: &crate::ingest::Table| {
        t.warnings
            .iter()
            .any(|w| w.key() == "damaged_sheet.stopped")
    };
    assert!(stopped(&ours) && stopped(&theirs));
}
