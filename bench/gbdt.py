"""Peer for bench/gbdt.ts: times scikit-learn HistGradientBoosting and xgboost hist (one thread)
on the identical arrays bench/gbdt.ts wrote to bench/.data/, and prints one JSON line.

Usage (run by bench/gbdt.ts): OMP_NUM_THREADS=1 /usr/bin/python3 bench/gbdt.py <dataset> <sklearn|xgboost> [iters]
"""
import json
import os
import resource
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '.data')


def load(name):
    p = lambda s: os.path.join(DATA, f'gbdt-{name}.{s}')
    meta = json.load(open(p('json')))
    dt = '<f4' if meta['dtype'] == 'f32' else '<f8'
    cols = meta['cols']
    xtr = np.fromfile(p(f"xtr.{meta['dtype']}"), dtype=dt).reshape(-1, cols)
    xte = np.fromfile(p(f"xte.{meta['dtype']}"), dtype=dt).reshape(-1, cols)
    ytr = np.fromfile(p('ytr.f64'), dtype='<f8')
    yte = np.fromfile(p('yte.f64'), dtype='<f8')
    return meta, xtr, ytr, xte, yte


def main():
    name, model = sys.argv[1], sys.argv[2]
    iters = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    meta, xtr, ytr, xte, yte = load(name)
    task = meta['task']
    if model == 'sklearn':
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
        cls = HistGradientBoostingRegressor if task == 'regression' else HistGradientBoostingClassifier
        est = cls(max_iter=iters, max_leaf_nodes=31, learning_rate=0.1, max_bins=255, early_stopping=False,
                  l2_regularization=0.0, min_samples_leaf=20, random_state=0)
    else:
        import xgboost as xgb
        cls = xgb.XGBRegressor if task == 'regression' else xgb.XGBClassifier
        est = cls(tree_method='hist', n_estimators=iters, max_leaves=31, grow_policy='lossguide', max_depth=0,
                  learning_rate=0.1, max_bin=256, reg_lambda=0.0, min_child_weight=1e-3, nthread=1,
                  random_state=0)
    t0 = time.perf_counter()
    c0 = time.process_time()
    est.fit(xtr, ytr.astype(np.int64) if task != 'regression' else ytr)
    fit_s = time.perf_counter() - t0
    cpu_s = time.process_time() - c0
    if task == 'regression':
        pred = est.predict(xte)
        score = float(np.sqrt(np.mean((pred - yte) ** 2)))
        metric = 'rmse'
    elif task == 'binary':
        from sklearn.metrics import roc_auc_score
        score = float(roc_auc_score(yte, est.predict_proba(xte)[:, 1]))
        metric = 'auc'
    else:
        score = float(np.mean(est.predict(xte) == yte))
        metric = 'accuracy'
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({'peer': model, 'dataset': name, 'fit_s': fit_s, 'cpu_s': cpu_s, 'metric': metric, 'score': score,
                      'peak_mb': peak_mb}))


if __name__ == '__main__':
    main()
