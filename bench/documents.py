"""What keeping rendered documents saves: the published version's PDF (and YAML) in each language, first request
(rendered by WeasyPrint and stored) against the next one (read from the store), through the real views.

Usage: .venv/bin/python bench/documents.py [--repeat 3]

It migrates a temporary SQLite database, loads the demo standard (0.1 published, 0.2 in consultation) and asks
for each document with Django's test client. Prints, per document: size, first request, later requests (median),
and the time saved per later request; and for the version in consultation (never kept) the time every request
costs.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="assay-bench-documents-")
    os.environ.update(
        DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
        DJANGO_SETTINGS_MODULE="assay.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from assay.lib import documents
    from assay.web.demo.loader import load_demo_standard

    call_command("migrate", verbosity=0)
    load_demo_standard()
    client = Client()

    def timed(path: str) -> tuple[float, int]:
        started = time.perf_counter()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return time.perf_counter() - started, len(response.content)

    print(f"{'document':<34} {'size':>9} {'first':>8} {'later':>8} {'saved':>8}")
    for lang in ("en", "fr", "es"):
        for fmt, path in (("pdf", f"/{lang}/standards/mes/0.1/pdf/"), ("yaml", f"/{lang}/standards/mes/0.1/yaml/")):
            if fmt == "yaml" and lang != "en":
                continue  # one YAML for every language
            before = sum(documents.RENDERS.values())
            first, size = timed(path)
            later = statistics.median(timed(path)[0] for _ in range(args.repeat))
            assert sum(documents.RENDERS.values()) == before + 1  # rendered once, then read from the store
            print(
                f"{'0.1 ' + fmt + ' ' + lang:<34} {size / 1024:>7.0f} KB {first * 1000:>6.0f} ms "
                f"{later * 1000:>6.0f} ms {(first - later) * 1000:>6.0f} ms"
            )
    times = [timed("/fr/standards/mes/0.2/pdf/") for _ in range(2)]
    print(
        f"{'0.2 pdf fr (in consultation)':<34} {times[0][1] / 1024:>7.0f} KB "
        f"{times[0][0] * 1000:>6.0f} ms {times[1][0] * 1000:>6.0f} ms {'never kept':>8}"
    )


if __name__ == "__main__":
    main()
