#!/usr/bin/env python3
"""Runs the release kiosk in a pseudo-terminal, logs in, opens a pane, and
measures the CPU it burns while nobody touches it, and its memory.

usage: bench/kiosk_idle.py BINARY DATABASE_URL [SECONDS] [PANE_KEY] [PIN]
prints one JSON object."""
import fcntl, json, os, pty, select, struct, sys, termios, time

binary, url = sys.argv[1], sys.argv[2]
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 60
pane = sys.argv[4] if len(sys.argv) > 4 else "1"
pin = sys.argv[5] if len(sys.argv) > 5 else "3333"
cols, rows = 200, 50

pid, fd = pty.fork()
if pid == 0:
    os.environ.update(TERM="xterm-256color", DATABASE_URL=url, LANG="en_US.UTF-8")
    os.execv(binary, [binary, "--device", "bench-kiosk", "--idle-lock-minutes", "0"])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
out = bytearray()

def pump(t):
    end = time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                out.extend(os.read(fd, 65536))
            except OSError:
                return

def cpu_ticks():
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return int(parts[11]) + int(parts[12])  # utime + stime

def status(field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])  # kB
    return 0

pump(5)
os.write(fd, pin.encode() + b"\r")
pump(3)
os.write(fd, pane.encode())
pump(3)
written_before = len(out)
hz = os.sysconf("SC_CLK_TCK")
t0, c0 = time.time(), cpu_ticks()
pump(seconds)
t1, c1 = time.time(), cpu_ticks()
result = {
    "idle_seconds": round(t1 - t0, 1),
    "cpu_seconds": (c1 - c0) / hz,
    "cpu_percent_of_a_core": round(100.0 * (c1 - c0) / hz / (t1 - t0), 3),
    "bytes_drawn_while_idle": len(out) - written_before,
    "rss_mb": round(status("VmRSS") / 1024, 1),
    "peak_rss_mb": round(status("VmHWM") / 1024, 1),
}
os.write(fd, b"\x03")  # Ctrl-C quits from any screen
pump(2)
try:
    os.waitpid(pid, 0)
except ChildProcessError:
    pass
print(json.dumps(result))
