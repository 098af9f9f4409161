#!/usr/bin/env python3
"""Checks that `opsflow mine --format json` and bench/peer/mine.py --json agree on every number.

python3 bench/peer/compare_mine.py OPSFLOW.json PANDAS.json

Counts must be equal, durations equal within 1e-9 relative. Prints the differences and exits 1
when there is any.
"""
import json
import math
import sys


def main() -> int:
    ours, theirs = (json.load(open(p)) for p in sys.argv[1:3])
    problems = []

    def close(what, a, b):
        if a is None or b is None:
            if a is not b:
                problems.append(f"{what}: {a} != {b}")
            return
        if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9):
            problems.append(f"{what}: {a} != {b}")

    for k in ("cases", "instances"):
        close(k, ours["input"][k], theirs["input"][k])
    if set(ours["activities"]) != set(theirs["activities"]):
        problems.append("activities differ")
    for name, t in theirs["activities"].items():
        o = ours["activities"].get(name, {})
        close(f"{name} events", o.get("events"), t["events"])
        close(f"{name} instances", o.get("instances"), t["instances"])
        for k in ("mean", "median", "sum"):
            close(f"{name} service {k}", o.get("service", {}).get(k), t["service"][k])
    dfg = {(e["from"], e["to"]): e["wait"] for e in ours["dfg"]}
    if len(dfg) != len(theirs["dfg"]):
        problems.append(f"dfg: {len(dfg)} edges != {len(theirs['dfg'])}")
    for e in theirs["dfg"]:
        o = dfg.get((e["from"], e["to"]), {})
        for k, v in e["wait"].items():
            close(f"{e['from']} -> {e['to']} {k}", o.get("stdev" if k == "std" else k), v)
    for k, v in theirs["case_duration"].items():
        close(f"case duration {k}", ours["case_duration"].get("stdev" if k == "std" else k), v)
    if set(ours["resources"]) != set(theirs["resources"]):
        problems.append("resources differ")
    for name, t in theirs["resources"].items():
        for k, v in t.items():
            close(f"resource {name} {k}", ours["resources"].get(name, {}).get(k), v)
    if sorted(v["cases"] for v in ours["variants"]) != theirs["variants"]:
        problems.append("variant counts differ")
    for p in problems[:20]:
        print(p)
    print(f"compare_mine: {'the same numbers' if not problems else f'{len(problems)} differences'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
