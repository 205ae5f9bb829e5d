"""A real SMTP server for tests/notify.rs (aiosmtpd, Debian's python3-aiosmtpd).

Every message it accepts is parsed with Python's own e-mail parser and
written as one JSON line to OUT (Message-ID, envelope recipients, subject,
text, attachments with their type, size and magic bytes), so the Rust
tests read what a mail server really received. A recipient matching
--refuse is refused at RCPT with 550 (a permanent error); --delay-ms slows
each DATA so that a test can kill a worker mid-batch. Prints READY when it
listens.
"""
import argparse
import asyncio
import json
import sys
import time
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out, refuse, delay_ms):
        self.out = out
        self.refuse = refuse
        self.delay = delay_ms / 1000.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and self.refuse in address:
            return "550 5.1.1 <%s>: recipient address rejected: no such mailbox" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        msg = BytesParser(policy=policy.default).parsebytes(envelope.content)
        files = []
        text = ""
        for part in msg.walk():
            if part.is_multipart():
                continue
            name = part.get_filename()
            if name:
                data = part.get_payload(decode=True) or b""
                files.append({"filename": name, "content_type": part.get_content_type(),
                              "size": len(data), "head": data[:16].hex(),
                              "text": data.decode("utf-8", "replace") if part.get_content_maintype() == "text" else ""})
            elif part.get_content_type() == "text/plain" and not text:
                text = part.get_content()
        record = {"message_id": msg["Message-ID"], "to": envelope.rcpt_tos, "from": envelope.mail_from,
                  "subject": msg["Subject"], "text": text, "attachments": files, "at": time.time()}
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 Message accepted for delivery"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--refuse", default="")
    p.add_argument("--delay-ms", type=int, default=0)
    a = p.parse_args()
    c = Controller(Sink(a.out, a.refuse, a.delay_ms), hostname="127.0.0.1", port=a.port)
    c.start()
    print("READY", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        c.stop()


if __name__ == "__main__":
    sys.exit(main())
