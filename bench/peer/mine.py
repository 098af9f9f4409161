#!/usr/bin/env python3
"""The peer of `opsflow mine`: the same event log statistics computed with pandas, as a team
would write them (PM4Py's definitions, SPEC §6).

python3 bench/peer/mine.py LOG.csv [--json OUT.json]

Reads case_id, activity, timestamp, lifecycle, resource; pairs each complete with its start
(the n-th complete of an activity in a case with its n-th start: first in, first out, for logs
where every start precedes its complete, as the generated ones do); orders each case's
instances by (start, complete, row); computes activities' service times, the directly-follows
graph with waiting times, case durations, resources and variants. With --json, writes them in
the shape of `opsflow mine --format json` so bench/peer/compare_mine.py can check every number.
"""
import argparse
import json
import sys

import pandas as pd


def summary(series):
    return series.agg(["count", "mean", "median", "min", "max", "sum", "std"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("--json")
    args = parser.parse_args()
    df = pd.read_csv(args.log, dtype={"case_id": str, "activity": str, "lifecycle": str,
                                      "resource": str}, keep_default_na=False)
    df["row"] = range(len(df))
    df["time"] = pd.to_datetime(df["timestamp"], utc=True)  # ISO 8601: pandas' fast path
    case_span = df.groupby("case_id")["time"].agg(["min", "max"])
    df["lifecycle"] = df["lifecycle"].str.lower().replace("", "complete")
    df = df[df["lifecycle"].isin(["start", "complete"])]
    df = df.sort_values(["case_id", "time", "row"], kind="mergesort")
    events = df.groupby("activity").size()

    key = ["case_id", "activity"]
    starts = df[df["lifecycle"] == "start"].copy()
    completes = df[df["lifecycle"] == "complete"].copy()
    starts["n"] = starts.groupby(key).cumcount()
    completes["n"] = completes.groupby(key).cumcount()
    inst = completes.merge(starts[key + ["n", "time"]], on=key + ["n"], how="left",
                           suffixes=("", "_start"))
    inst["start"] = inst["time_start"].fillna(inst["time"])
    inst = inst.sort_values(["case_id", "start", "time", "row"], kind="mergesort")
    inst["service"] = (inst["time"] - inst["start"]).dt.total_seconds()

    activities = inst.groupby("activity")["service"].agg(["count", "mean", "median", "sum"])
    nxt = inst.groupby("case_id").shift(-1)
    edges = pd.DataFrame({"from": inst["activity"], "to": nxt["activity"],
                          "wait": (nxt["start"] - inst["time"]).dt.total_seconds()}).dropna()
    dfg = edges.groupby(["from", "to"])["wait"].agg(["count", "mean", "median", "min", "max",
                                                     "sum", "std"])
    durations = (case_span["max"] - case_span["min"]).dt.total_seconds()
    case_duration = summary(durations)
    case_duration["p90"] = durations.quantile(0.9)
    resources = inst[inst["resource"] != ""].groupby("resource").agg(
        instances=("service", "count"), cases=("case_id", "nunique"), busy=("service", "sum"))
    variants = inst.groupby("case_id")["activity"].agg(tuple).value_counts()

    print(f"{len(df)} rows, {len(case_span)} cases, {len(inst)} instances, {len(dfg)} edges, "
          f"{len(variants)} variants", file=sys.stderr)
    if args.json:
        out = {
            "input": {"cases": len(case_span), "instances": len(inst)},
            "activities": {a: {"events": int(events[a]), "instances": int(r["count"]),
                               "service": {"mean": r["mean"], "median": r["median"],
                                           "sum": r["sum"]}}
                           for a, r in activities.iterrows()},
            "dfg": [{"from": f, "to": t, "wait": {k: (None if pd.isna(v) else float(v))
                                                  for k, v in r.items()}}
                    for (f, t), r in dfg.iterrows()],
            "case_duration": {k: float(v) for k, v in case_duration.items()},
            "resources": {name: {"instances": int(r["instances"]), "cases": int(r["cases"]),
                                 "busy_sum": float(r["busy"])} for name, r in resources.iterrows()},
            "variants": sorted(int(n) for n in variants.values),
        }
        with open(args.json, "w") as f:
            json.dump(out, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
