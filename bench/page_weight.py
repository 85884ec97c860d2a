"""Page weight and server time of the standard browser and a criterion page, on SQLite with the demo data.

Usage: .venv/bin/python bench/page_weight.py [--requests 100]

For each page: bytes transferred for the page and everything it loads (stylesheets, scripts, images), gzip
compressed as sent to a browser that accepts gzip (budget ≤ 100 KB), and the median server time over N requests
through Django's full request stack in-process (budget ≤ 50 ms). It builds its own SQLite database in a
temporary folder, so it never touches db.sqlite3.
"""

import argparse
import gzip
import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="assay-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assay.settings")
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PAGES = {
    "standard browser (en)": "/en/standards/mes/0.1/",
    "standard browser (fr)": "/fr/standards/mes/0.1/",
    "criterion page (en)": "/en/standards/mes/0.1/criteria/4.1/",
    "criterion page (es)": "/es/standards/mes/0.1/criteria/4.1/",
}
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"')


def transferred(client: Client, url: str) -> tuple[int, int]:
    """Compressed bytes of a page and of everything it loads, and the number of requests."""
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200, (url, response.status_code)
    total, body = len(response.content), response.content
    html = gzip.decompress(body).decode() if response.get("Content-Encoding") == "gzip" else body.decode()
    requests = 1
    for asset in ASSET.findall(html):
        if not asset.startswith("/"):
            continue
        r = client.get(asset, HTTP_ACCEPT_ENCODING="gzip")
        content = b"".join(r.streaming_content) if r.streaming else r.content
        # What a compressing server sends: the gzip form unless the file is already compressed.
        total += len(content) if r.get("Content-Encoding") == "gzip" else len(gzip.compress(content, 6))
        requests += 1
    return total, requests


def server_times(client: Client, url: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    client = Client()
    print(f"Assay page benchmark: SQLite, demo data, {args.requests} requests per page")
    print(f"{'page':26} {'KB sent':>8} {'requests':>8} {'median ms':>10} {'p95 ms':>8}")
    for name, url in PAGES.items():
        size, requests = transferred(client, url)
        server_times(client, url, 5)  # warm caches (templates, translations)
        times = server_times(client, url, args.requests)
        p95 = statistics.quantiles(times, n=20)[18]
        print(f"{name:26} {size / 1024:8.1f} {requests:8d} {statistics.median(times):10.1f} {p95:8.1f}")
    print("budgets: ≤ 100 KB per page with its assets, ≤ 50 ms median server time")
    for lang in ("en", "fr", "es"):
        url = f"/{lang}/standards/mes/0.1/pdf/"
        times = server_times(client, url, 3)
        size = len(client.get(url).content)
        print(f"PDF ({lang}): {size / 1024:.0f} KB, median of 3 renders {statistics.median(times):.0f} ms")


if __name__ == "__main__":
    main()
