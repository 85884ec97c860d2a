"""Field reach of the key public pages: what a phone on a slow mobile network pays before it can show them.

Usage: .venv/bin/python bench/field.py [--url http://127.0.0.1:8000 --respond TOKEN] [--root DIR]
                                       [--runs 3] [--no-lighthouse] [--pages home,criterion] [--langs fr,es]

Without --url it serves the demo itself: a temporary SQLite database, migrated and loaded with the demo as
`bin/demo` does, behind gunicorn (DEBUG=0) on a free port, with a fresh respondent's private link for the response
form. --root serves another checkout of Assay the same way (e.g. an older commit unpacked with `git archive`, to
compare before and after). With --url it measures a running server; the response form needs --respond (a private
link's token).

For each page (home, standard browser, criterion page, response form, impact report) in EN/FR/ES it prints:
- br / gzip: the bytes of the page's HTML as sent compressed (Accept-Encoding: br, then gzip only), and of the
  render-blocking resources it loads;
- requests: the requests before the first paint — the page and every render-blocking subresource in its HTML
  (stylesheets not limited to print, scripts without async/defer/module, @import in a <style>);
- LCP: where Lighthouse is installed (LIGHTHOUSE=/path/to/lighthouse, or `lighthouse` on PATH; Chromium from
  CHROME_PATH, default /usr/bin/chromium), the median (and range) of the Largest Contentful Paint over --runs
  runs of Lighthouse's mobile profile with applied ("devtools") throttling: 562.5 ms per request, 1.47 Mbit/s
  down, CPU slowed 4x. Applied throttling is measured, not simulated, so the figure moves with the machine's
  load; run it on a quiet machine, several runs. The "floor" row, an empty page measured the same way, shows
  what the machine alone costs at that moment. Budget: LCP <= 1.0 s on the home page, standard browser,
  criterion page, response form.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "fr", "es")
PAGES = {  # name: path after the language prefix ({token}: a respondent's private link)
    "home": "/",
    "standard": "/standards/mes/0.1/",
    "criterion": "/standards/mes/0.1/criteria/4.1/",
    "response": "/consultation/r/{token}/",
    "impact": "/reports/impact/",
}
LCP_BUDGET = {"home": 1.0, "standard": 1.0, "criterion": 1.0, "response": 1.0}
# A respondent of the demo's open round (the response form is their private page).
NEW_RESPONDENT = """from assay.consultation import services
from assay.consultation.models import Round
round_ = next(r for r in Round.objects.order_by("pk") if r.status() == "open" and r.kind == "public")
r = services.response_start(round_=round_, name="Field Bench", email="field.bench@example.org", sector="asm",
                            country="CD", language="fr", consent="anonymous")
print("TOKEN " + r.token)
"""

TAG = re.compile(r"<(link|script|style)\b([^>]*)>", re.I)
ATTR = re.compile(r'([\w-]+)(?:\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s>]+)))?')
STYLE_BODY = re.compile(r"<style\b[^>]*>(.*?)</style>", re.I | re.S)
IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", re.I)


def _blocks(tag: str, a: dict[str, str]) -> str | None:
    """The URL a <link> or <script> makes the browser fetch before painting, or None."""
    if tag == "link" and "stylesheet" in a.get("rel", "").lower().split() and "disabled" not in a:
        return a.get("href") if a.get("media", "all").strip().lower() in ("all", "screen", "") else None
    if tag == "script" and a.get("src") and not {"async", "defer"} & set(a) and a.get("type", "") != "module":
        return a["src"]
    return None


def blocking_resources(html: str) -> list[str]:
    """The URLs in the page that the browser must fetch before it paints."""
    found = []
    for tag, attrs in TAG.findall(html):
        url = _blocks(tag.lower(), {m[0].lower(): m[1] or m[2] or m[3] for m in ATTR.findall(attrs)})
        if url:
            found.append(url)
    for css in STYLE_BODY.findall(html):
        found.extend(IMPORT.findall(css))
    return found


def fetch(url: str, encoding: str) -> tuple[int, bytes, dict[str, str]]:
    """GET `url` asking for `encoding`, without decoding: (status, body as sent, headers)."""
    u = urlparse(url)
    conn_class = http.client.HTTPSConnection if u.scheme == "https" else http.client.HTTPConnection
    conn = conn_class(u.hostname, u.port, timeout=60)
    try:
        conn.request("GET", u.path + (f"?{u.query}" if u.query else ""), headers={"Accept-Encoding": encoding})
        r = conn.getresponse()
        return r.status, r.read(), {k.lower(): v for k, v in r.getheaders()}
    finally:
        conn.close()


def sent_bytes(url: str, encoding: str) -> tuple[int, str]:
    """Bytes sent for `url` when the client accepts `encoding`, and the encoding used."""
    status, body, headers = fetch(url, encoding)
    if status != 200:
        raise RuntimeError(f"{url}: HTTP {status}")
    return len(body), headers.get("content-encoding", "identity")


def lighthouse_command() -> list[str] | None:
    found = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    return [found] if found else None


def lcp_runs(lighthouse: list[str], url: str, runs: int) -> list[float]:
    """LCP in seconds of `runs` Lighthouse runs (mobile, applied throttling); a run that fails (Lighthouse now and
    then loses its trace: NO_NAVSTART) is tried again, twice at most, so one hiccup does not blank a page."""
    values: list[float] = []
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    failures = 0
    while len(values) < runs and failures <= 2:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "report.json"
            done = subprocess.run(
                [
                    *lighthouse,
                    url,
                    "--quiet",
                    "--only-categories=performance",
                    "--throttling-method=devtools",
                    "--form-factor=mobile",
                    "--output=json",
                    f"--output-path={out}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            value = None
            if done.returncode == 0 and out.exists():
                value = json.loads(out.read_text())["audits"]["largest-contentful-paint"].get("numericValue")
            if value is None:
                failures += 1
                print(f"  lighthouse failed on {url}: {done.stderr.strip()[-300:]}", file=sys.stderr)
                continue
            values.append(value / 1000)
    return values


FLOOR_PAGE = (
    b'<!doctype html><html lang="en"><head><meta charset="utf-8">'
    b'<meta name="viewport" content="width=device-width,initial-scale=1"><title>Floor</title></head>'
    b"<body><main><h1>Floor</h1><p>A page with nothing to load: the least a first paint costs under this "
    b"throttling, on this machine, at this moment.</p></main></body></html>"
)


def serve_floor() -> tuple[ThreadingHTTPServer, str]:
    """A tiny page served from this process: the LCP of a page with nothing in it, measured beside ours, shows how
    much of a page's figure is the machine (and its load) rather than the page."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(FLOOR_PAGE)))
            self.end_headers()
            self.wfile.write(FLOOR_PAGE)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def shown_lcp(values: list[float]) -> str:
    if not values:
        return "—"
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_demo(root: Path, tmp: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    """gunicorn serving `root` with a freshly loaded demo: (process, base URL, a respondent's token)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'field.sqlite3'}",
        DEBUG="0",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    python = str(ROOT / ".venv" / "bin" / "python")
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
        subprocess.run([python, "manage.py", *args], cwd=root, env=env, check=True, capture_output=True)
    out = subprocess.run(
        [python, "manage.py", "shell", "-c", NEW_RESPONDENT],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    token = re.search(r"TOKEN (\S+)", out).group(1)  # type: ignore[union-attr]
    port = free_port()
    log = (tmp / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "assay.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"],
        cwd=root,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: see {tmp / 'gunicorn.log'}")
        try:
            fetch(base + "/en/", "identity")
            return server, base, token
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server's base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("--respond", default="", help="with --url: a respondent's private-link token")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve (without --url)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the median is printed)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"among {','.join(PAGES)}")
    parser.add_argument("--langs", default=",".join(LANGS))
    args = parser.parse_args()
    pages = [p for p in args.pages.split(",") if p in PAGES]
    langs = [lang for lang in args.langs.split(",") if lang in LANGS]
    lighthouse = None if args.no_lighthouse else lighthouse_command()

    server, tmp = None, None
    if args.url:
        base, token = args.url.rstrip("/"), args.respond
    else:
        tmp = Path(tempfile.mkdtemp(prefix="assay-field-"))
        print(f"serving {args.root} with the demo (migrate, load_demo, gunicorn)...", file=sys.stderr)
        server, base, token = serve_demo(args.root.resolve(), tmp)
    try:
        print(
            f"Assay field reach: {base}, "
            + (
                f"Lighthouse {lighthouse[0]}, mobile, applied (devtools) throttling, median of {args.runs}"
                if lighthouse
                else "no Lighthouse"
            )
        )
        print(
            f"{'page':10} {'lang':4} {'br B':>7} {'gzip B':>7} {'enc':>9} {'requests':>8} {'blocking B':>10}"
            f" {'LCP s: median (min–max)':>24}"
        )
        for name in pages:
            if "{token}" in PAGES[name] and not token:
                print(f"{name:10} (skipped: give --respond TOKEN with --url)")
                continue
            for lang in langs:
                url = f"{base}/{lang}{PAGES[name].format(token=token)}"
                br, br_enc = sent_bytes(url, "br")
                gz, gz_enc = sent_bytes(url, "gzip")
                html = fetch(url, "identity")[1].decode()
                blocking = blocking_resources(html)
                blocking_bytes = sum(sent_bytes(urljoin(url, b), "br")[0] for b in blocking)
                shown = shown_lcp(lcp_runs(lighthouse, url, args.runs) if lighthouse else [])
                print(
                    f"{name:10} {lang:4} {br:7d} {gz:7d} {br_enc + '/' + gz_enc:>9} {1 + len(blocking):8d}"
                    f" {blocking_bytes:10d} {shown:>24}",
                    flush=True,
                )
        if lighthouse:
            floor, floor_url = serve_floor()
            print(f"{'floor':10} {'—':4} {len(FLOOR_PAGE):>7} {'':>7} {'identity':>9} {1:8d} {0:10d}"
                  f" {shown_lcp(lcp_runs(lighthouse, floor_url, args.runs)):>24}")
            floor.shutdown()
        print(
            "floor: a page with nothing to load, served from this process (what the machine costs). "
            "requests: before the first paint (the page and its render-blocking resources); bytes as sent; "
            f"LCP budget {LCP_BUDGET['home']:.1f} s on " + ", ".join(LCP_BUDGET)
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
