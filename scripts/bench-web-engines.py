#!/usr/bin/env python3
"""What each free web engine is sent, and how fast, on a 100-paragraph document.

    python3 scripts/bench-web-engines.py [--cli PATH] [--paragraphs N] [--rate R]

Starts one local server on 127.0.0.1 speaking all three engines' protocols (Edge
`/translate/translatetext`, Google `/v1/translateHtml`, TranSmart `/api/imt`),
rate-limited like a public endpoint: more than R requests started within any
second get 429 with `Retry-After: 1`. Then runs `duizhao translate` once per
engine (`--provider edge|google-web|transmart`) and once through the chain
(`--provider web`), each with a fresh data directory (no cache), and prints per
run: requests, 429s, texts and characters per request, wall time, and the
rate-limit bound (requests / R seconds). The document is generated here
(sentences written for this script), never downloaded.
"""
import argparse, json, os, pathlib, subprocess, sys, tempfile, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SENTENCES = [
    "臺北市政府今天公布新的公車路線，預計下個月開始試辦。",
    "研究團隊花了三年時間，在山區記錄了四十多種鳥類的叫聲。",
    "這家軟體公司表示，新版本將改善記憶體的使用效率。",
    "颱風過後，農民忙著整理果園，希望盡快恢復生產。",
    "圖書館延長開放時間，方便學生在考試期間自習。",
]

class State:
    def __init__(self, rate):
        self.rate = rate
        self.lock = threading.Lock()
        self.starts = []
        self.log = []  # (engine, texts, chars, status)

    def admit(self):
        now = time.monotonic()
        with self.lock:
            self.starts = [t for t in self.starts if now - t < 1.0]
            if len(self.starts) >= self.rate:
                return False
            self.starts.append(now)
            return True

def handler(state):
    class H(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["content-length"])))
            path = self.path.split("?")[0]
            if path == "/translate/translatetext":
                engine, texts = "edge", body
            elif path == "/v1/translateHtml":
                engine, texts = "google-web", body[0][0]
            elif path == "/api/imt":
                engine, texts = "transmart", body["source"]["text_list"]
            else:
                self.send_response(404); self.end_headers(); return
            ok = state.admit()
            state.log.append((engine, len(texts), sum(len(t) for t in texts), 200 if ok else 429))
            if not ok:
                self.send_response(429); self.send_header("Retry-After", "1"); self.send_header("content-length", "0"); self.end_headers(); return
            out = ["EN: " + t for t in texts]
            if engine == "edge":
                reply = [{"translations": [{"text": t, "to": "en"}]} for t in out]
            elif engine == "google-web":
                reply = [out, ["zh-TW"] * len(out)]
            else:
                reply = {"auto_translation": out, "src_lang": "zh", "tgt_lang": "en"}
            data = json.dumps(reply, ensure_ascii=False).encode()
            self.send_response(200); self.send_header("content-type", "application/json"); self.send_header("content-length", str(len(data))); self.end_headers()
            self.wfile.write(data)
    return H

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "debug", "duizhao"))
    ap.add_argument("--paragraphs", type=int, default=100)
    ap.add_argument("--rate", type=float, default=3.0)
    args = ap.parse_args()
    state = State(args.rate)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    work = pathlib.Path(tempfile.mkdtemp(prefix="duizhao-bench-"))
    doc = work / "article.txt"
    # Distinct paragraphs (the scheduler sends a repeated text once).
    doc.write_text("\n\n".join(f"第{i + 1}段。" + SENTENCES[i % 5] + SENTENCES[(i * 3 + 1) % 5] for i in range(args.paragraphs)), encoding="utf-8")
    runs = [("edge", ["--base-url", url]), ("google-web", ["--base-url", url]), ("transmart", ["--base-url", url]),
            ("web", ["--base-url", f"edge={url}", "--base-url", f"google-web={url}", "--base-url", f"transmart={url}"])]
    print(f"{args.paragraphs} paragraphs, {len(doc.read_text(encoding='utf-8'))} characters; server limit {args.rate:g} requests/s")
    print(f"{'provider':<11} {'requests':>8} {'429s':>5} {'texts/req':>9} {'chars/req':>9} {'wall s':>7} {'bound s':>7}")
    for name, extra in runs:
        state.log.clear()
        env = dict(os.environ, DUIZHAO_DATA_DIR=str(work / f"data-{name}"), DUIZHAO_CONFIG_DIR=str(work / f"config-{name}"))
        started = time.monotonic()
        out = subprocess.run([args.cli, "translate", str(doc), "--to", "en", "--provider", name, *extra, "--format", "json"],
                             env=env, capture_output=True, text=True)
        wall = time.monotonic() - started
        if out.returncode != 0:
            print(f"{name}: exit {out.returncode}: {out.stderr.strip()[:300]}", file=sys.stderr)
            continue
        blocks = json.loads(out.stdout)["blocks"]
        assert all(b["status"] == "done" for b in blocks), name
        ok = [r for r in state.log if r[3] == 200]
        limited = len(state.log) - len(ok)
        texts = sum(r[1] for r in ok) / max(len(ok), 1)
        chars = sum(r[2] for r in ok) / max(len(ok), 1)
        bound = max(len(ok) - 1, 0) / args.rate
        print(f"{name:<11} {len(state.log):>8} {limited:>5} {texts:>9.1f} {chars:>9.0f} {wall:>7.2f} {bound:>7.2f}")
    server.shutdown()

if __name__ == "__main__":
    main()
