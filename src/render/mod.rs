//! Printable pictures of lists: a table as A4 PNG pages (the muster list,
//! the pickup run), drawn with the ticket's bitmap font so Cyrillic prints.
//! No database and no terminal here.

pub mod canvas;
pub mod table_png;

pub use table_png::{Column, Line, Table, TablePngError, render_table, write_pages};
