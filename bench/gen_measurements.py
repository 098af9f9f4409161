#!/usr/bin/env python3
"""Deterministic measurement data for the report benchmark.

python3 bench/gen_measurements.py OUTDIR [--metrics 200] [--days 5000] [--seed 1]

Writes OUTDIR/opsflow.yaml (a Config with data: data), OUTDIR/metrics.yaml (one Metric per
series, aggregations cycling through all nine) and OUTDIR/data/measurements.csv in long form
(date,metric,value,team): metrics x days rows, one per metric and day.
"""
import argparse
import datetime
import os
import sys

AGGREGATIONS = ["mean", "median", "p90", "p95", "sum", "count", "min", "max", "last"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--metrics", type=int, default=200)
    parser.add_argument("--days", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.makedirs(os.path.join(args.outdir, "data"), exist_ok=True)
    with open(os.path.join(args.outdir, "opsflow.yaml"), "w") as f:
        f.write("apiVersion: opsflow/v1\nkind: Config\nmetadata: {id: config}\nspec: {data: data}\n")
    with open(os.path.join(args.outdir, "metrics.yaml"), "w") as f:
        for m in range(args.metrics):
            f.write("---\napiVersion: opsflow/v1\nkind: Metric\n"
                    f"metadata: {{id: m{m:04d}}}\n"
                    f"spec: {{unit: count, direction: higher-is-better, aggregation: {AGGREGATIONS[m % 9]}}}\n")
    state = args.seed * 6364136223846793005 + 1442695040888963407
    start = datetime.date(2013, 1, 1)
    dates = [(start + datetime.timedelta(days=d)).isoformat() for d in range(args.days)]
    rows = 0
    with open(os.path.join(args.outdir, "data", "measurements.csv"), "w") as f:
        f.write("date,metric,value,team\n")
        for m in range(args.metrics):
            base = 50 + m % 37
            for d in range(args.days):
                state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
                noise = (state >> 40) % 1000 / 100.0
                team = "eu" if (state >> 20) & 1 else "us"
                f.write(f"{dates[d]},m{m:04d},{base + noise:.2f},{team}\n")
                rows += 1
    size = os.path.getsize(os.path.join(args.outdir, "data", "measurements.csv"))
    print(f"gen_measurements: {args.outdir}: {args.metrics} metrics x {args.days} days = {rows} rows, "
          f"{size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
