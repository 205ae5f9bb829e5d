//! `tourdesk print …` against a printer listening on 127.0.0.1: the bytes
//! it receives decoded as an ESC/POS printer reads them (tests/common/
//! escpos.rs), the QR read back — the stored payload of a native QR, the
//! raster bitmap through rqrr — and checked against the ticket's signature.

use super::*;
use common::escpos::{self, FakePrinter, PAPER_OK, PAPER_OUT};
use tourdesk::ticket::SignedTicket;

/// A departure, a booking of two adults with a Cyrillic name paid in cash,
/// the owner's signing key; the booking's number.
fn sold(cli: &Cli) -> String {
    let dep = cli.departure(100, 10);
    cli.ok(&["keys", "new"]);
    cli.ok(&[
        "book",
        &dep,
        "--adults",
        "2",
        "--name",
        "Пётр Иванов",
        "--payment",
        "cash",
    ])["booking_number"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The signed codes verify with this machine's key.
fn assert_signed(cli: &Cli, codes: &[String]) {
    let key = tourdesk::ticket::keys::load(&cli.data_dir.0.join("ticket-signing.key")).expect("the key file");
    for code in codes {
        let t = SignedTicket::parse(code).unwrap_or_else(|e| panic!("{code}: {e}"));
        assert!(t.verify(&key.verifying_key()), "{code} does not verify");
    }
}

fn printed_times(cli: &Cli, number: &str) -> i64 {
    cli.ok(&["booking", "show", number])["tickets"][0]["printed"]
        .as_i64()
        .unwrap()
}

fn assert_fits(p: &escpos::Printed, columns: usize) {
    for l in p.lines() {
        assert!(l.chars().count() <= columns, "{l:?} is wider than {columns} columns");
    }
}

#[tokio::test]
async fn tickets_print_with_a_native_qr_and_as_a_raster() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let number = sold(&cli);

    // 80 mm, the printer's own QR command
    let printer = FakePrinter::start(Some(PAPER_OK));
    let t = cli.ok(&["print", "ticket", &number, "--printer", &printer.url("")]);
    let p = escpos::decode(&printer.received());
    let codes: Vec<String> = t["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 3, "the group code and two people: {t}");
    assert_eq!((p.status_queries, p.code_page), (1, Some(17)));
    assert_eq!(p.qr_payloads, codes, "each slip's QR is the ticket's signed code");
    assert_eq!((p.qr_printed, p.cuts, p.kicks), (3, 3, 0));
    assert_signed(&cli, &p.qr_payloads);
    assert!(p.text.contains("Пётр Иванов"), "the holder in CP866: {}", p.text);
    assert!(p.text.contains("Group of 2: Пётр Иванов"), "{}", p.text);
    assert!(
        p.text.contains(&number) && p.text.contains("Avachinsky volcano ascent"),
        "{}",
        p.text
    );
    assert_fits(&p, 48);
    assert_eq!(t["printed_before"], 0);
    assert_eq!(printed_times(&cli, &number), 1, "recorded as printed");

    // 58 mm without a QR command: the same codes as bitmaps
    let printer = FakePrinter::start(Some(PAPER_OK));
    let t = cli.ok(&[
        "print",
        "ticket",
        &number,
        "--printer",
        &printer.url("?paper=58&qr=raster"),
    ]);
    assert_eq!(t["printed_before"], 1, "a reprint says so: {t}");
    let p = escpos::decode(&printer.received());
    assert!(p.qr_payloads.is_empty());
    assert_eq!(p.rasters.len(), 3);
    let read: Vec<String> = p
        .rasters
        .iter()
        .map(|img| {
            assert!(img.width() <= 384, "fits 58 mm: {} dots", img.width());
            let found = escpos::read_qr(img);
            assert_eq!(found.len(), 1, "one QR per slip");
            found[0].clone()
        })
        .collect();
    assert_eq!(read, codes);
    assert_fits(&p, 32);
    assert_eq!(printed_times(&cli, &number), 2);
}

#[tokio::test]
async fn a_receipt_opens_the_drawer_and_a_zreport_prints_the_shift_report() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = cli.departure(100, 10);
    let on_desk = |args: &[&str]| {
        let mut a = vec!["--device", "desk-1"];
        a.extend_from_slice(args);
        cli.ok(&a)
    };
    let shift = on_desk(&["shift", "open", "--float", "500000"])["shift_id"]
        .as_i64()
        .unwrap()
        .to_string();
    let number = on_desk(&[
        "book",
        &dep,
        "--adults",
        "1",
        "--children",
        "1",
        "--name",
        "Анна Ёлкина",
        "--payment",
        "unpaid",
    ])["booking_number"]
        .as_str()
        .unwrap()
        .to_string();
    on_desk(&["pay", &number, "--amount", "750000", "--method", "cash"]);

    let printer = FakePrinter::start(Some(PAPER_OK));
    let r = cli.ok(&[
        "print",
        "receipt",
        &number,
        "--kick",
        "--printer",
        &printer.url("?paper=58"),
    ]);
    assert_eq!(r["kick"], true);
    let p = escpos::decode(&printer.received());
    assert_fits(&p, 32);
    let text = p.text.clone();
    for want in [
        number.as_str(),
        "RECEIPT",
        "Customer: Анна Ёлкина",
        "12 000.00 RUB",
        "7 500.00 RUB",
        "Balance due",
        "4 500.00 RUB",
    ] {
        assert!(text.contains(want), "{want:?} not on the receipt:\n{text}");
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("TOTAL") && l.ends_with("12 000.00 RUB")),
        "{text}"
    );
    assert_eq!(p.kicks, 1, "the drawer opens once");
    assert_eq!(p.events.last(), Some(&"kick"), "after the cut: {:?}", p.events);

    // without --kick the drawer stays shut
    let printer = FakePrinter::start(Some(PAPER_OK));
    cli.ok(&["print", "receipt", &number, "--printer", &printer.url("")]);
    assert_eq!(escpos::decode(&printer.received()).kicks, 0);

    on_desk(&["shift", "close", "--count", "500000=2", "--count", "10000=25"]);
    on_desk(&["shift", "approve", &shift]);
    let report = cli.ok(&["shift", "report", &shift]);
    assert_eq!(report["z_number"], 1, "{report}");
    let printer = FakePrinter::start(Some(PAPER_OK));
    let z = cli.ok(&["print", "zreport", &shift, "--printer", &printer.url("")]);
    assert_eq!(z["z_number"], 1);
    let p = escpos::decode(&printer.received());
    assert_fits(&p, 48);
    assert_eq!(p.cuts, 1);
    let cash = report["by_method"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["method"] == "cash")
        .expect("a cash line")
        .clone();
    let amount = |key: &str| tourdesk::domain::money::show(cash[key].as_i64().unwrap(), "RUB");
    // the same figures as `shift report`, one label and one amount a line
    assert!(p.text.starts_with("Z-REPORT No. 1\n"), "{}", p.text);
    for want in [
        "By method",
        "By tour",
        "By staff",
        "Cash movements",
        "on desk-1",
        "Avachinsky",
    ] {
        assert!(p.text.contains(want), "{want:?} not on the Z-report:\n{}", p.text);
    }
    assert_amount(&p, "  expected", &amount("expected_minor"), 48);
    assert_amount(&p, "  counted", &amount("counted_minor"), 48);

    // in Russian: the same figures under Russian labels, fitting 58 mm
    let printer = FakePrinter::start(Some(PAPER_OK));
    cli.ok(&[
        "print",
        "zreport",
        &shift,
        "--language",
        "ru",
        "--printer",
        &printer.url("?paper=58"),
    ]);
    let p = escpos::decode(&printer.received());
    assert_fits(&p, 32);
    assert!(p.text.starts_with("Z-ОТЧЁТ № 1\n"), "{}", p.text);
    for want in [
        "По способам оплаты",
        "По турам",
        "По сотрудникам",
        "Движение наличных",
        "наличные",
        "утверждена",
    ] {
        assert!(p.text.contains(want), "{want:?} not on the Z-report:\n{}", p.text);
    }
    assert_amount(&p, "  ожидается", &amount("expected_minor"), 32);
    assert_amount(&p, "  посчитано", &amount("counted_minor"), 32);
}

/// A line that starts with `label` ends with `amount` at the paper's
/// right edge: the amount column.
fn assert_amount(p: &escpos::Printed, label: &str, amount: &str, columns: usize) {
    let line = p
        .lines()
        .into_iter()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no {label:?} line:\n{}", p.text));
    assert!(
        line.ends_with(amount) && line.chars().count() == columns,
        "{line:?}: {amount} flush right at column {columns}"
    );
}

/// A customer served in Russian gets Russian paper by default (bookings
/// remember the language), and a discount whose description the code page
/// prints longer ("…" is "...") keeps its amount in the column.
#[tokio::test]
async fn russian_paper_by_the_booking_and_the_discount_in_the_column() {
    use tourdesk::domain::pricing::{PricingRule, RuleKind};
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = cli.departure(100, 10);
    let rule = PricingRule {
        kind: RuleKind::GroupDiscount { min_party: 2 },
        tour_id: None,
        percent: 10,
        description: "Скидка группе…".into(),
    };
    db.manager().await.add_pricing_rule(&rule).await.unwrap();
    cli.ok(&["keys", "new"]);
    let number = cli.ok(&[
        "book",
        &dep,
        "--adults",
        "2",
        "--name",
        "Анна Ёлкина",
        "--payment",
        "cash",
        "--language",
        "ru",
    ])["booking_number"]
        .as_str()
        .unwrap()
        .to_string();

    for (options, columns) in [("", 48), ("?paper=58", 32)] {
        let printer = FakePrinter::start(Some(PAPER_OK));
        let r = cli.ok(&["print", "receipt", &number, "--printer", &printer.url(options)]);
        assert_eq!(r["language"], "ru", "{r}");
        let p = escpos::decode(&printer.received());
        assert_fits(&p, columns);
        for want in [
            "ЧЕК",
            "Покупатель: Анна Ёлкина",
            "Код подтверждения",
            "2 x взрослый",
            "наличные",
        ] {
            assert!(p.text.contains(want), "{want:?} not on the receipt:\n{}", p.text);
        }
        assert_amount(&p, "2 x взрослый", "15 000.00 RUB", columns);
        assert_amount(&p, "Скидка группе...", "-1 500.00 RUB", columns);
        assert_amount(&p, "ИТОГО", "13 500.00 RUB", columns);
        assert_amount(&p, "Оплачено", "13 500.00 RUB", columns);
        assert_amount(&p, "К оплате", "0.00 RUB", columns);
        // every amount in one column: each line that ends in one is full width
        for l in p.lines().into_iter().filter(|l| l.ends_with(" RUB")) {
            assert_eq!(l.chars().count(), columns, "{l:?} out of the amount column");
        }
    }

    // asked for English, it is English
    let printer = FakePrinter::start(Some(PAPER_OK));
    cli.ok(&[
        "print",
        "receipt",
        &number,
        "--language",
        "en",
        "--printer",
        &printer.url(""),
    ]);
    let p = escpos::decode(&printer.received());
    for want in ["RECEIPT", "Customer: Анна Ёлкина", "2 x adult", "Balance due"] {
        assert!(p.text.contains(want), "{want:?} not on the receipt:\n{}", p.text);
    }

    // the ticket slips too
    let printer = FakePrinter::start(Some(PAPER_OK));
    cli.ok(&["print", "ticket", &number, "--printer", &printer.url("")]);
    let p = escpos::decode(&printer.received());
    for want in ["Группа из 2: Анна Ёлкина", "Отправление "] {
        assert!(p.text.contains(want), "{want:?} not on the slips:\n{}", p.text);
    }
    assert_fits(&p, 48);
    // a model that numbers CP866 otherwise: its number selects the page
    let printer = FakePrinter::start(Some(PAPER_OK));
    cli.ok(&["print", "receipt", &number, "--printer", &printer.url("?cp866=59")]);
    let p = escpos::decode_page(&printer.received(), 59);
    assert!(p.text.contains("Покупатель: Анна Ёлкина"), "{}", p.text);
}

#[tokio::test]
async fn a_printer_that_is_off_or_out_of_paper_loses_nothing() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let number = sold(&cli);

    let e = cli.err(
        &["print", "ticket", &number, "--printer", &escpos::switched_off()],
        "PRINTER_UNAVAILABLE",
        1,
    );
    let m = e["error"]["message"].as_str().unwrap();
    assert!(
        m.contains("switched on") && m.contains("tourdesk ticket") && m.contains("127.0.0.1"),
        "{m}"
    );
    assert_eq!(printed_times(&cli, &number), 0, "nothing recorded as printed");

    // out of paper: asked first, and then sent nothing
    let printer = FakePrinter::start(Some(PAPER_OUT));
    let e = cli.err(
        &["print", "ticket", &number, "--printer", &printer.url("")],
        "PRINTER_UNAVAILABLE",
        1,
    );
    assert!(e["error"]["message"].as_str().unwrap().contains("out of paper"), "{e}");
    assert_eq!(printer.received(), [0x10, 0x04, 4], "only the paper query");
    assert_eq!(printed_times(&cli, &number), 0);

    // a printer that never answers the paper query still prints
    let printer = FakePrinter::start(None);
    cli.ok(&["print", "receipt", &number, "--printer", &printer.url("")]);
    let bytes = printer.received();
    assert_eq!(bytes[..3], [0x10, 0x04, 4]);
    assert!(escpos::decode(&bytes).text.contains("RECEIPT"));

    // a device file: written, never created
    let dev = cli.data_dir.0.join("lp0");
    let dev_s = dev.display().to_string();
    cli.err(
        &["print", "receipt", &number, "--printer", &dev_s],
        "PRINTER_UNAVAILABLE",
        1,
    );
    assert!(!dev.exists(), "a missing device is not made a file");
    std::fs::write(&dev, b"").unwrap();
    cli.ok(&["print", "receipt", &number, "--printer", &dev_s]);
    let p = escpos::decode(&std::fs::read(&dev).unwrap());
    assert_eq!(p.status_queries, 0, "a device file is not asked");
    assert!(p.text.contains("Пётр Иванов"), "{}", p.text);

    // no printer, or one that is not a printer's address: bad input
    let r = cli.run(&["print", "receipt", &number, "--json"]);
    assert_eq!((r.code, r.json["error"]["code"].as_str()), (2, Some("INVALID_INPUT")));
    cli.err(
        &["print", "receipt", &number, "--printer", "http://printer"],
        "INVALID_INPUT",
        2,
    );
}
