"""Peer for bench/forest.ts: scikit-learn RandomForest / ExtraTrees (n_jobs=1) on the arrays
bench/gbdt.data.ts wrote to bench/.data/. Prints one JSON line.

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 bench/forest.py <dataset> <random_forest|extra_trees> [trees]
"""
import json
import resource
import sys
import time

import numpy as np

sys.path.insert(0, __file__.rsplit('/', 1)[0])
from gbdt import load  # noqa: E402


def main():
    name, model = sys.argv[1], sys.argv[2]
    trees = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    meta, xtr, ytr, xte, yte = load(name)
    reg = meta['task'] == 'regression'
    from sklearn import ensemble as e
    cls = {('random_forest', False): e.RandomForestClassifier, ('random_forest', True): e.RandomForestRegressor,
           ('extra_trees', False): e.ExtraTreesClassifier, ('extra_trees', True): e.ExtraTreesRegressor}[(model, reg)]
    est = cls(n_estimators=trees, n_jobs=1, random_state=0, max_features=1.0 if reg else 'sqrt')
    t0 = time.perf_counter()
    est.fit(xtr, ytr)
    fit_s = time.perf_counter() - t0
    pred = est.predict(xte)
    if reg:
        metric, score = 'rmse', float(np.sqrt(np.mean((pred - yte) ** 2)))
    else:
        metric, score = 'accuracy', float(np.mean(pred == yte))
    print(json.dumps({'peer': 'sklearn', 'model': model, 'dataset': name, 'fit_s': fit_s, 'metric': metric,
                      'score': score, 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == '__main__':
    main()
