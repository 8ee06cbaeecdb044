//! `Record`: one row as a reader hands it to a [`RowSink`], one buffer reused for every row
//! of a file (xsv style): its cells are slices of one `String`, so reading a row allocates
//! nothing once the buffer has grown to the widest row.

/// One row of a file: the physical line (or sheet row) it starts on and its cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    line: u64,
    text: String,
    /// End offset in `text` of each cell.
    ends: Vec<usize>,
}

impl Record {
    /// The 1-based physical line (text) or sheet row (XLSX) the row starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Cell `index` (0-based), as decoded: a leading tab and `-` are kept.
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        Some(&self.text[start..end])
    }

    /// Every cell in order.
    pub fn cells(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The cells as owned strings (for the few places that keep a row: headers, `inspect --rows`).
    pub fn to_strings(&self) -> Vec<String> {
        self.cells().map(str::to_string).collect()
    }

    /// The first cell holding `c` (one search over the whole row, not one per cell).
    pub fn cell_containing(&self, c: char) -> Option<usize> {
        let at = self.text.find(c)?;
        Some(
            self.ends
                .iter()
                .position(|&end| at < end)
                .unwrap_or(self.ends.len()),
        )
    }

    /// Bytes of text held by the row's cells.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Bytes the buffer holds (capacity), for the memory figures.
    pub fn capacity(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * std::mem::size_of::<usize>()
    }

    /// A record from cells (tests, and readers that assemble a row out of order).
    pub fn from_cells<S: AsRef<str>>(line: u64, cells: &[S]) -> Record {
        let mut record = Record::default();
        record.start(line);
        for cell in cells {
            record.push_str(cell.as_ref());
            record.end_cell();
        }
        record
    }

    pub(crate) fn start(&mut self, line: u64) {
        self.line = line;
        self.text.clear();
        self.ends.clear();
    }

    /// Append text to the cell being read.
    pub(crate) fn push_str(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Close the cell being read.
    pub(crate) fn end_cell(&mut self) {
        self.ends.push(self.text.len());
    }

    /// Forget every cell (a row over the byte limit is no longer stored) and free the buffer.
    pub(crate) fn drop_cells(&mut self) {
        self.text = String::new();
        self.ends = Vec::new();
    }

    /// Pad with empty cells up to `width` (XLSX does not store trailing empty cells).
    pub(crate) fn pad_to(&mut self, width: usize) {
        while self.ends.len() < width {
            self.end_cell();
        }
    }

    /// Set cell `index` in a row assembled out of order (XLSX cells come with their column).
    /// Cells between the last one and `index` become empty.
    pub(crate) fn set_next(&mut self, index: usize, text: &str) {
        self.pad_to(index);
        self.push_str(text);
        self.end_cell();
    }
}

/// Where a reader sends what it reads: the header row once, then every data row, in order.
/// Rows that cannot be read (over the byte limit) are not sent; the reader counts them.
pub trait RowSink {
    /// The file's first non-blank row.
    fn header(&mut self, header: &Record);
    /// One data row. The record is reused for the next row: keep what you need.
    fn row(&mut self, row: &Record);
}

/// A sink that keeps nothing (counting and sniffing).
impl RowSink for () {
    fn header(&mut self, _: &Record) {}
    fn row(&mut self, _: &Record) {}
}
