"""`assay score STANDARD.yaml DATA.json` (or `python -m assay score ...`): the command-line scorer."""

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "score":
        print("usage: assay score STANDARD.yaml DATA.json [--from DATE] [--to DATE] [--mineral M] [-o OUT.json]",
              file=sys.stderr)
        return 2
    from assay.domain.scoring.cli import main as score

    return score(args[1:])


if __name__ == "__main__":
    sys.exit(main())
