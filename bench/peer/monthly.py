#!/usr/bin/env python3
"""The peer of `opsflow report`: the monthly aggregates a team would compute with pandas.

python3 bench/peer/monthly.py REPO   (reads REPO/metrics.yaml aggregations and REPO/data/*.csv)
"""
import glob
import os
import re
import sys

import pandas as pd

QUANTILES = {"median": 0.5, "p90": 0.9, "p95": 0.95}


def main() -> int:
    repo = sys.argv[1]
    text = open(os.path.join(repo, "metrics.yaml")).read()
    aggregation = dict(re.findall(r"id: (\S+)\}\nspec: \{.*aggregation: (\w+)\}", text))
    frames = [pd.read_csv(f, parse_dates=["date"]) for f in sorted(glob.glob(os.path.join(repo, "data", "*.csv")))]
    df = pd.concat(frames)
    df["month"] = df["date"].dt.to_period("M")
    grouped = df.groupby(["metric", "month"])["value"]
    table = grouped.agg(["mean", "sum", "count", "min", "max", "last"])
    for name, q in QUANTILES.items():
        table[name] = grouped.quantile(q)  # linear interpolation, NumPy's default
    result = [table.loc[metric][agg if agg in table.columns else "mean"]
              for metric, agg in sorted(aggregation.items())]
    print(f"{sum(len(r) for r in result)} metric-months from {len(df)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
