"""Peer for bench/tfidf.ts: sklearn TfidfVectorizer on 100k thucnews-sized titles.

Run by bench/tfidf.ts (or alone): /usr/bin/python3 bench/tfidf.py <ngram_max> <repeats>
Prints one JSON line: fit_transform / transform wall and CPU seconds (best of repeats), vocab size, nnz.
"""
import csv
import json
import os
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, '..', 'shared', 'data', 'thucnews')
N = 100_000


def titles():
    out = []
    for name in ('train.csv', 'test.csv'):
        with open(os.path.join(DATA, name), encoding='utf-8', newline='') as f:
            out += [row['title'] for row in csv.DictReader(f)]
    reps = []
    while len(reps) < N:
        reps += out
    return reps[:N]


def main():
    ngram_max = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    docs = titles()
    fit_best = transform_best = fit_cpu = transform_cpu = float('inf')
    for _ in range(repeats):
        v = TfidfVectorizer(analyzer='char', ngram_range=(1, ngram_max), sublinear_tf=True)
        t0, c0 = time.perf_counter(), time.process_time()
        X = v.fit_transform(docs)
        t1, c1 = time.perf_counter(), time.process_time()
        v.transform(docs)
        t2, c2 = time.perf_counter(), time.process_time()
        fit_best = min(fit_best, t1 - t0)
        transform_best = min(transform_best, t2 - t1)
        fit_cpu = min(fit_cpu, c1 - c0)
        transform_cpu = min(transform_cpu, c2 - c1)
    print(json.dumps({'fit_transform_s': fit_best, 'transform_s': transform_best, 'fit_transform_cpu_s': fit_cpu,
                      'transform_cpu_s': transform_cpu, 'vocab': len(v.vocabulary_), 'nnz': int(X.nnz)}))


if __name__ == '__main__':
    main()
