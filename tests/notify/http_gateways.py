"""HTTP gateways for tests/notify_gateways.rs, speaking the documented formats.

Telegram Bot API: POST /bot<TOKEN>/sendMessage with JSON {chat_id, text},
answered {"ok":true,"result":{"message_id":N,...}}, or {"ok":false,
"error_code":C,"description":...} with HTTP status C (401 for a wrong token).
SMS.ru: POST /sms/send with the form fields api_id, to, msg, json=1,
answered HTTP 200 {"status":"OK","status_code":100,"sms":{TO:{"status":"OK",
"status_code":100,"sms_id":...}},"balance":...}; a wrong api_id is
{"status":"ERROR","status_code":200,...}, a number that cannot be sent to a
per-number {"status":"ERROR","status_code":207,...}.

getUpdates (POST /bot<TOKEN>/getUpdates, JSON {offset, timeout, ...}): the
updates the test wrote to UPDATES (a JSON array of Update objects: update_id,
message.chat.id, message.from.language_code, message.text) whose update_id is
at least `offset`, answered {"ok":true,"result":[...]}; each poll is written
as one JSON line {offset, returned} to OUT.polls. getMe answers the bot.

What the test scripts: --reject R: recipient R is refused for good (Telegram
400 "chat not found", SMS.ru 207); --busy R:N: the first N requests for R
get HTTP 503; --delay-ms: each request takes that long. Every request is
written as one JSON line to OUT (gateway, recipient, text, Idempotency-Key,
the HTTP status answered, whether it was accepted) just before it is answered. Prints READY.
"""
import argparse
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--busy", action="append", default=[])
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--updates", default="")
    a = p.parse_args()
    busy = {}
    for b in a.busy:
        r, n = b.rsplit(":", 1)
        busy[r] = int(n)
    lock = threading.Lock()
    message_ids = [0]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self, status, body, record, accepted=False):
            # recorded before the answer leaves: once the worker has it, the test sees it
            record["status"] = status
            record["accepted"] = accepted
            record["idempotency_key"] = self.headers.get("Idempotency-Key", "")
            with lock:
                with open(a.out, "a") as f:
                    f.write(json.dumps(record, ensure_ascii=False) + "\n")
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()

        def is_busy(self, recipient):
            with lock:
                if busy.get(recipient, 0) > 0:
                    busy[recipient] -= 1
                    return True
            return False

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            if a.delay_ms:
                time.sleep(a.delay_ms / 1000.0)
            path = urllib.parse.urlparse(self.path).path
            if path.startswith("/bot") and path.endswith("/getUpdates"):
                self.get_updates(path[len("/bot"):-len("/getUpdates")], raw)
            elif path.startswith("/bot") and path.endswith("/getMe"):
                self.reply(200, {"ok": True, "result": {"id": 4242, "is_bot": True, "first_name": "Tours",
                                                        "username": "tourdesk_test_bot"}})
            elif path.startswith("/bot") and path.endswith("/sendMessage"):
                self.telegram(path[len("/bot"):-len("/sendMessage")], raw)
            elif path == "/sms/send":
                self.sms(raw)
            else:
                self.answer(404, {"error": "no such path " + path}, {"gateway": "?", "path": path})

        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()

        def get_updates(self, token, raw):
            if token != a.token:
                return self.reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            body = json.loads(raw or b"{}")
            offset = int(body.get("offset", 0))
            updates = []
            if a.updates:
                try:
                    with open(a.updates) as f:
                        updates = json.load(f)
                except FileNotFoundError:
                    updates = []
            result = [u for u in updates if u["update_id"] >= offset]
            with lock:
                with open(a.out + ".polls", "a") as f:
                    f.write(json.dumps({"offset": offset, "returned": [u["update_id"] for u in result]}) + "\n")
            self.reply(200, {"ok": True, "result": result})

        def telegram(self, token, raw):
            body = json.loads(raw or b"{}")
            chat = str(body.get("chat_id", ""))
            record = {"gateway": "telegram", "recipient": chat, "text": body.get("text", "")}
            if self.headers.get("Content-Type", "").split(";")[0] != "application/json":
                return self.answer(400, {"ok": False, "error_code": 400,
                                         "description": "Bad Request: message text is empty"}, record)
            if token != a.token:
                return self.answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"}, record)
            if self.is_busy(chat):
                return self.answer(503, {"ok": False, "error_code": 503,
                                         "description": "Service Unavailable"}, record)
            if chat in a.reject:
                return self.answer(400, {"ok": False, "error_code": 400,
                                         "description": "Bad Request: chat not found"}, record)
            with lock:
                message_ids[0] += 1
                mid = message_ids[0]
            self.answer(200, {"ok": True, "result": {"message_id": mid, "chat": {"id": body.get("chat_id")},
                                                      "date": int(time.time()), "text": body.get("text", "")}},
                        record, accepted=True)

        def sms(self, raw):
            form = urllib.parse.parse_qs(raw.decode(), keep_blank_values=True)
            field = lambda k: form.get(k, [""])[0]
            to = field("to")
            record = {"gateway": "sms", "recipient": to, "text": field("msg")}
            if field("api_id") != a.token:
                return self.answer(200, {"status": "ERROR", "status_code": 200,
                                         "status_text": "Неправильный api_id"}, record)
            if self.is_busy(to):
                return self.answer(503, {"status": "ERROR", "status_code": 220,
                                         "status_text": "Сервис временно недоступен"}, record)
            if to in a.reject:
                return self.answer(200, {"status": "OK", "status_code": 100, "balance": 100.0, "sms": {
                    to: {"status": "ERROR", "status_code": 207,
                         "status_text": "На этот номер нельзя отправлять сообщения"}}}, record)
            with lock:
                message_ids[0] += 1
                mid = message_ids[0]
            self.answer(200, {"status": "OK", "status_code": 100, "balance": 100.0, "sms": {
                to: {"status": "OK", "status_code": 100, "sms_id": "000000-%08d" % mid}}}, record, accepted=True)

    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
