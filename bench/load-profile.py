"""Peer for bench/load-profile.ts: pandas read_csv + describe(include='all') + missing counts on
the CSV that bench/load-profile.ts generated; prints one JSON line with the timings.

Usage (run by bench/load-profile.ts): /usr/bin/python3 bench/load-profile.py <file.csv>
"""
import json
import resource
import sys
import time

import pandas as pd


def main():
    path = sys.argv[1]
    t0, c0 = time.perf_counter(), time.process_time()
    df = pd.read_csv(path)
    t1, c1 = time.perf_counter(), time.process_time()
    desc = df.describe(include='all')
    missing = df.isna().sum()
    nunique = df.nunique()
    t2, c2 = time.perf_counter(), time.process_time()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        'peer': f'pandas {pd.__version__}',
        'rows': int(df.shape[0]),
        'cols': int(df.shape[1]),
        'load_s': t1 - t0,
        'profile_s': t2 - t1,
        'load_cpu_s': c1 - c0,
        'profile_cpu_s': c2 - c1,
        'peak_mb': peak_mb,
        'check': [int(missing.sum()), int(nunique.sum()), int(desc.shape[1])],
    }))


if __name__ == '__main__':
    main()
