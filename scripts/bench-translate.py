#!/usr/bin/env python3
"""Measures `duizhao translate` end to end against a local rate-limited server.

Starts a LibreTranslate-speaking HTTP server on 127.0.0.1 that answers after a
fixed latency and rejects (429, Retry-After: 1) any request beyond N per
second (sliding window); writes a 200-block document; runs the CLI twice with a
fresh data directory; and reports the wall time of each run next to the lower
bound the limits allow, the requests and 429s the server saw, and the cache's
size on disk.

    python3 scripts/bench-translate.py PATH/TO/duizhao [--blocks 200] [--latency-ms 100] [--rps 10]
"""
import argparse
import json
import math
import os
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class State:
    def __init__(self, rps):
        self.rps = rps
        self.lock = threading.Lock()
        self.starts = []
        self.requests = 0
        self.rejected = 0
        self.texts = 0


def make_handler(state, latency):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            now = time.monotonic()
            with state.lock:
                state.requests += 1
                recent = [t for t in state.starts if t > now - 1.0]
                admitted = len(recent) < state.rps
                if admitted:
                    state.starts = recent + [now]
                else:
                    state.rejected += 1
            if not admitted:
                payload = b'{"error":"Too many requests"}'
                self.send_response(429)
                self.send_header("retry-after", "1")
            else:
                time.sleep(latency)
                q = json.loads(body)["q"]
                with state.lock:
                    state.texts += len(q)
                payload = json.dumps({"translatedText": [f"EN: {t}" for t in q]}).encode()
                self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("duizhao")
    parser.add_argument("--blocks", type=int, default=200)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--rps", type=int, default=10)
    parser.add_argument("--batch", type=int, default=20, help="the provider kind's texts per request")
    args = parser.parse_args()

    state = State(args.rps)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state, args.latency_ms / 1000))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"

    with tempfile.TemporaryDirectory() as tmp:
        doc = os.path.join(tmp, "article.txt")
        with open(doc, "w", encoding="utf-8") as f:
            for i in range(args.blocks):
                f.write(f"第{i}段：臺灣的軟體產業與網路資訊安全，正面臨記憶體漲價的新挑戰。\n")
        env = dict(os.environ, DUIZHAO_DATA_DIR=os.path.join(tmp, "data"), DUIZHAO_CONFIG_DIR=os.path.join(tmp, "config"))
        requests = math.ceil(args.blocks / args.batch)
        bound = (requests - 1) / args.rps + args.latency_ms / 1000
        print(f"{args.blocks} blocks, {args.latency_ms} ms latency, {args.rps} requests/s limit, "
              f"{args.batch} texts per request: {requests} requests, lower bound {bound:.2f} s")
        for run in (1, 2):
            before = (state.requests, state.rejected)
            started = time.monotonic()
            out = subprocess.run(
                [args.duizhao, "translate", doc, "--to", "en", "--provider", "libretranslate",
                 "--base-url", url, "--max-rps", str(args.rps), "--concurrency", "4", "--format", "json"],
                env=env, capture_output=True, text=True)
            wall = time.monotonic() - started
            if out.returncode != 0:
                raise SystemExit(f"run {run} failed ({out.returncode}): {out.stderr}")
            blocks = json.loads(out.stdout)["blocks"]
            done = sum(1 for b in blocks if b.get("status") == "done")
            print(f"run {run}: {wall:.2f} s wall, {done}/{len(blocks)} blocks done, "
                  f"{state.requests - before[0]} requests, {state.rejected - before[1]} answered 429")
        db = os.path.join(tmp, "data", "duizhao.sqlite3")
        size = sum(os.path.getsize(p) for p in (db, db + "-wal", db + "-shm") if os.path.exists(p))
        print(f"cache on disk: {size / 1024:.0f} KiB (database + WAL)")
    server.shutdown()


if __name__ == "__main__":
    main()
