"""What saving a published version for offline reading costs: requests and bytes per language, and the size of
all the JavaScript (budget < 5 KB).

Usage: .venv/bin/python bench/offline.py

It builds its own SQLite database in a temporary folder with the demo standard, asks for each language's list of
pages (`offline.json`) and fetches every page on it as the page script does, in-process, and prints the count
and the bytes, raw and gzip-compressed (as a compressing server would send them).
"""

import gzip
import json
import os
import sys
import tempfile
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

SCRIPTS = [ROOT / "assay/web/static/assay/offline.js", ROOT / "assay/web/sw.js"]


def body(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    from assay.web.demo.loader import load_demo_standard

    load_demo_standard()
    client = Client()
    print("Saving the demo version 0.1 for offline reading (SQLite, in-process)")
    print(f"{'language':9} {'requests':>8} {'KB raw':>8} {'KB gzip':>8}")
    for lang in ("en", "fr", "es"):
        manifest = body(client, f"/{lang}/standards/mes/0.1/offline.json")
        bodies = [manifest] + [body(client, url) for url in json.loads(manifest)["urls"]]
        raw = sum(len(b) for b in bodies)
        packed = sum(len(gzip.compress(b, 6)) for b in bodies)
        print(f"{lang:9} {len(bodies):8d} {raw / 1024:8.1f} {packed / 1024:8.1f}")
    sizes = [p.read_bytes() for p in SCRIPTS]
    print(
        f"JavaScript: {' + '.join(str(len(s)) for s in sizes)} = {sum(map(len, sizes))} bytes raw, "
        f"{sum(len(gzip.compress(s, 6)) for s in sizes)} gzip (budget < 5120 raw)"
    )


if __name__ == "__main__":
    main()
