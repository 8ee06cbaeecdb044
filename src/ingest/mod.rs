//! Ingest: bytes of the shop's files → tables (encoding and delimiter detection, CSV/TSV, XLSX, file kinds).
