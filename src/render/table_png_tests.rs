use super::*;

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tourdesk-table-{}", uuid::Uuid::now_v7().simple()));
    crate::private::private_dir(&dir).unwrap();
    dir
}

/// Dark pixels in the rectangle x0..x1 × y0..y1.
fn ink(img: &GrayImage, x: std::ops::Range<u32>, y: std::ops::Range<u32>) -> usize {
    y.flat_map(|yy| x.clone().map(move |xx| (xx, yy)))
        .filter(|&(xx, yy)| img.get_pixel(xx, yy).0[0] < 128)
        .count()
}

fn row(cells: &[&str]) -> Line {
    Line::Row(cells.iter().map(|s| s.to_string()).collect())
}

fn columns() -> Vec<Column> {
    vec![
        Column::new("Name", 30),
        Column::new("Phone", 20),
        Column::new("Medical notes", 50),
    ]
}

/// x range of column `i` on the page.
fn column_x(i: usize) -> std::ops::Range<u32> {
    let w = widths(&columns());
    let x0 = MARGIN + w[..i].iter().map(|c| (c + COL_GAP) as u32 * CHAR_W).sum::<u32>();
    x0..x0 + w[i] as u32 * CHAR_W
}

#[test]
fn widths_fill_the_page_in_proportion() {
    let w = widths(&columns());
    assert_eq!(w.iter().sum::<usize>() + 2 * COL_GAP, 112);
    assert!(w[2] > w[0] && w[0] > w[1]);
    // more asked than fits: scaled down, never below 4
    let many: Vec<Column> = (0..10).map(|i| Column::new(format!("c{i}"), 40)).collect();
    let w = widths(&many);
    assert!(w.iter().all(|&c| c >= 4));
    assert!(w.iter().sum::<usize>() + 9 * COL_GAP <= 112);
}

#[test]
fn long_cells_wrap_on_words_and_are_cut_after_the_last_line() {
    assert_eq!(wrap("Anna Petrova", 20, 4), vec!["Anna Petrova"]);
    assert_eq!(wrap("Anna Petrova", 6, 4), vec!["Anna", "Petrov", "a"]);
    assert_eq!(
        wrap("asthma, inhaler\nin the bag", 16, 4),
        vec!["asthma, inhaler", "in the bag"]
    );
    let long = "word ".repeat(40);
    let lines = wrap(&long, 12, MAX_CELL_LINES);
    assert_eq!(lines.len(), MAX_CELL_LINES);
    assert!(lines.iter().all(|l| l.chars().count() <= 12));
    assert!(lines[MAX_CELL_LINES - 1].ends_with("..."));
    assert!(wrap("", 10, 4).is_empty());
    // what the font has no glyph for would vanish: "Run · Avacha" read "Run  Avacha"
    assert_eq!(
        wrap("Run · Avacha — «Ёлка»…", 40, 1),
        vec!["Run - Avacha - \"Ёлка\"..."]
    );
}

#[test]
fn one_page_has_ink_where_the_text_is_and_cyrillic_prints() {
    let t = Table {
        title: vec!["Авачинский вулкан · muster".into(), "4 checked in: 1 missing".into()],
        columns: columns(),
        lines: vec![
            Line::Section("MISSING (1)".into()),
            // a Cyrillic-only name: unknown glyphs would be skipped, leaving blank paper
            row(&["Ёжик Щукин", "", ""]),
            row(&[
                "Anna",
                "+7 914 000 00 00",
                &"asthma, inhaler in the blue bag ".repeat(3),
            ]),
        ],
    };
    let pages = render_table(&t);
    assert_eq!(pages.len(), 1);
    let dir = temp_dir();
    let paths = write_pages(&pages, &dir, "muster-7").unwrap();
    assert_eq!(paths, vec![dir.join("muster-7.png")]);
    let img = image::open(&paths[0]).unwrap().to_luma8();
    assert_eq!(img.dimensions(), (PAGE_W, PAGE_H));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&paths[0]).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "it names people and their medical notes");
    }

    let all = MARGIN..PAGE_W - MARGIN;
    // the large title
    assert!(ink(&img, all.clone(), MARGIN..MARGIN + 2 * LINE_H) > 500);
    // the section line, then the Cyrillic name in the first column only
    let top = body_top(2, 0);
    assert!(ink(&img, all.clone(), top..top + LINE_H + 2 * ROW_GAP) > 100);
    let r1 = top + LINE_H + 2 * ROW_GAP;
    let first_line = r1 + 2..r1 + LINE_H;
    assert!(ink(&img, column_x(0), first_line.clone()) > 100);
    assert_eq!(ink(&img, column_x(1), first_line.clone()), 0);
    assert_eq!(ink(&img, column_x(2), first_line), 0);
    // Anna's notes wrap: ink on their second line, none in her name's
    let r2 = r1 + LINE_H + ROW_GAP;
    let second_line = r2 + 2 + LINE_H..r2 + 2 * LINE_H;
    assert!(ink(&img, column_x(2), second_line.clone()) > 100);
    assert_eq!(ink(&img, column_x(0), second_line), 0);
    // and below the table, blank paper (one page: no page number)
    let end = r2 + 3 * LINE_H + ROW_GAP;
    assert_eq!(ink(&img, 0..PAGE_W, end..PAGE_H), 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_long_list_is_paged_and_the_old_pages_go() {
    let lines: Vec<Line> = (0..150)
        .map(|i| row(&[&format!("Участник {i}"), "+7 900", ""]))
        .collect();
    let t = Table {
        title: vec!["Long".into()],
        columns: columns(),
        lines,
    };
    let pages = render_table(&t);
    let row_h = LINE_H + ROW_GAP;
    let first = ((BODY_BOTTOM - body_top(1, 0)) / row_h) as usize;
    let later = ((BODY_BOTTOM - body_top(1, 1)) / row_h) as usize;
    let expected = 1 + (150 - first).div_ceil(later);
    assert!(expected > 1);
    assert_eq!(pages.len(), expected);
    for (i, img) in pages.iter().enumerate() {
        // every page: its header and its first row
        let top = body_top(1, i);
        assert!(
            ink(img, column_x(0), top - LINE_H - ROW_GAP..top) > 100,
            "header on page {i}"
        );
        assert!(ink(img, column_x(0), top..top + LINE_H) > 100, "rows on page {i}");
        // the page number in the bottom margin
        assert!(ink(img, PAGE_W / 2..PAGE_W, BODY_BOTTOM + 8..PAGE_H - MARGIN) > 50);
    }
    let dir = temp_dir();
    let paths = write_pages(&pages, &dir, "pickups-3").unwrap();
    assert_eq!(paths.len(), expected);
    assert_eq!(paths[1], dir.join("pickups-3-p2.png"));
    assert!(!dir.join("pickups-3.png").exists());
    for p in &paths {
        assert_eq!(image::open(p).unwrap().to_luma8().dimensions(), (PAGE_W, PAGE_H));
    }
    // written again shorter: one page, and no stale p2 left for a printer
    let short = Table {
        lines: vec![row(&["Anna", "", ""])],
        ..t
    };
    let paths = write_pages(&render_table(&short), &dir, "pickups-3").unwrap();
    assert_eq!(paths, vec![dir.join("pickups-3.png")]);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_section_heading_is_never_the_last_line_of_a_page() {
    // fill the first page to one row short of full, then a section and its row
    let row_h = LINE_H + ROW_GAP;
    let first = ((BODY_BOTTOM - body_top(1, 0)) / row_h) as usize;
    let mut lines: Vec<Line> = (0..first - 1).map(|_| row(&["x", "", ""])).collect();
    lines.push(Line::Section("Back (1)".into()));
    lines.push(row(&["y", "", ""]));
    let w = widths(&columns());
    let laid: Vec<Laid> = lines.iter().map(|l| lay(l, &w)).collect();
    let pages = paginate(&laid, 1);
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1], vec![first - 1, first]);
}
