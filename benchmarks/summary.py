"""Every target in benchmarks/results/*.json, met or missed, in one list (benchmarks/run
prints it last). Exit status 0 either way: a missed target is a finding, not a failure.

    python -m benchmarks.summary
"""

from __future__ import annotations

import json

from .common import RESULTS, Target

ORDER = ("ask", "index", "start", "bot")


def main() -> int:
    found = {path.stem: path for path in RESULTS.glob("*.json")}
    names = [n for n in ORDER if n in found] + sorted(set(found) - set(ORDER))
    print("\n== targets ==")
    for name in names:
        record = json.loads(found[name].read_text(encoding="utf-8"))
        print(f"\n{name} (finished {record.get('finished_at', '?')}):")
        for raw in record.get("targets", []):
            fields = {k: raw[k] for k in ("name", "value", "limit", "unit", "at_most")}
            print(f"  {Target(**fields).line()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
