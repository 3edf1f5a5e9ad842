"""Peer for bench/resplit.ts --peer: scikit-learn's best default model of the reference table in
../shared/data/README.md (Ridge, LogisticRegression, HistGradientBoosting or RandomForest),
fitted on the same random 80/20 splits askml gets, with a plain preprocessing (median / most
frequent imputation, one-hot categoricals, standardised numerics).

Reads {"dataset": name, "splits": [[test row indices], ...]} on stdin; prints a JSON list of
test scores (accuracy, or RMSE for regression), one per split.
By hand: echo '{"dataset":"diabetes","splits":[[0,1,2,...]]}' | /usr/bin/python3 bench/resplit_peer.py
"""
import json
import os
import sys

import numpy as np
import pandas as pd
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier, RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.abspath(os.path.join(HERE, '..', '..', 'shared', 'data'))

# The "scikit-learn best default" column of the reference table.
PEER = {
    'titanic': lambda: LogisticRegression(max_iter=5000),
    'penguins': lambda: LogisticRegression(max_iter=5000),
    'credit_data': lambda: HistGradientBoostingClassifier(),
    'letter': lambda: RandomForestClassifier(n_jobs=1),
    'diamonds': lambda: RandomForestRegressor(n_jobs=1),
    'diabetes': lambda: Ridge(),
}


def main():
    req = json.load(sys.stdin)
    name = req['dataset']
    meta = json.load(open(os.path.join(DATA, f'{name}.json')))
    df = pd.read_csv(os.path.join(DATA, f'{name}.csv'))
    y = df[meta['target']].values
    X = df.drop(columns=[meta['target']])
    cats = [c for c, t in meta['column_types'].items() if t == 'categorical' and c in X.columns]
    nums = [c for c in X.columns if c not in cats]
    for c in cats:
        X[c] = X[c].astype(str).where(X[c].notna(), None)
    scores = []
    for test in req['splits']:
        te = np.zeros(len(df), bool)
        te[test] = True
        pre = make_column_transformer(
            (make_pipeline(SimpleImputer(strategy='most_frequent'), OneHotEncoder(handle_unknown='ignore')), cats),
            (make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), nums),
        )
        model = make_pipeline(pre, PEER[name]())
        model.fit(X[~te], y[~te])
        p = model.predict(X[te])
        if meta['task'] == 'regression':
            scores.append(float(np.sqrt(np.mean((p - y[te]) ** 2))))
        else:
            scores.append(float(np.mean(p == y[te])))
    print(json.dumps(scores))


if __name__ == '__main__':
    main()
