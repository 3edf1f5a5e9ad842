"""Peer for bench/linear.ts: builds the TF-IDF matrices once (so both sides fit on the identical
matrix), writes them to bench/.data/ as raw little-endian arrays, then times scikit-learn
LinearSVC / LogisticRegression / ComplementNB on them (one thread) and prints JSON results.

Run by bench/linear.ts; by hand: OMP_NUM_THREADS=1 /usr/bin/python3 bench/linear.py
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.abspath(os.path.join(HERE, '..', '..', 'shared', 'data'))
OUT = os.path.join(HERE, '.data')


def write_csr(name, X, y, classes):
    X = X.tocsr()
    X.sort_indices()
    X.indptr.astype('<i4').tofile(os.path.join(OUT, f'{name}.indptr.bin'))
    X.indices.astype('<i4').tofile(os.path.join(OUT, f'{name}.indices.bin'))
    X.data.astype('<f8').tofile(os.path.join(OUT, f'{name}.data.bin'))
    np.asarray(y, dtype='<f8').tofile(os.path.join(OUT, f'{name}.labels.bin'))
    with open(os.path.join(OUT, f'{name}.json'), 'w') as f:
        json.dump({'rows': X.shape[0], 'cols': X.shape[1], 'nnz': int(X.nnz), 'classes': list(classes)}, f,
                  ensure_ascii=False)


def encode(train_labels, test_labels):
    classes = sorted(set(train_labels))
    index = {c: i for i, c in enumerate(classes)}
    return classes, [index[c] for c in train_labels], [index[c] for c in test_labels]


def thucnews():
    tr = pd.read_csv(os.path.join(DATA, 'thucnews', 'train.csv'))
    te = pd.read_csv(os.path.join(DATA, 'thucnews', 'test.csv'))
    vec = TfidfVectorizer(analyzer='char', ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    Xtr = vec.fit_transform(tr['title'].astype(str))
    Xte = vec.transform(te['title'].astype(str))
    classes, ytr, yte = encode(list(tr['category']), list(te['category']))
    return Xtr, Xte, np.array(ytr), np.array(yte), classes


def spam():
    df = pd.read_csv(os.path.join(DATA, 'spam_assassin.csv'))
    with open(os.path.join(DATA, 'spam_assassin.split.json')) as f:
        test_idx = set(json.load(f)['test'])
    text = (df['subject'].fillna('') + ' ' + df['body'].fillna('')).astype(str)
    is_test = np.array([i in test_idx for i in range(len(df))])
    vec = TfidfVectorizer(sublinear_tf=True, min_df=2)
    Xtr = vec.fit_transform(text[~is_test])
    Xte = vec.transform(text[is_test])
    classes, ytr, yte = encode(list(df['label'][~is_test]), list(df['label'][is_test]))
    return Xtr, Xte, np.array(ytr), np.array(yte), classes


def timed(model, Xtr, ytr, Xte, yte, repeats=5):
    best = float('inf')
    best_cpu = float('inf')
    for _ in range(repeats):
        t = time.perf_counter()
        c = time.process_time()
        model.fit(Xtr, ytr)
        best = min(best, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)
    pred = model.predict(Xte)
    return {'fit_s': best, 'fit_cpu_s': best_cpu, 'accuracy': accuracy_score(yte, pred), 'macro_f1': f1_score(yte, pred, average='macro')}


def main():
    os.makedirs(OUT, exist_ok=True)
    results = {}
    for name, build, models in [
        ('thucnews', thucnews, {
            'LinearSVC': lambda: LinearSVC(),
            'LinearSVC tol=0.1': lambda: LinearSVC(tol=0.1),
            'LogisticRegression': lambda: LogisticRegression(C=10, max_iter=1000),
            'ComplementNB': lambda: ComplementNB(),
        }),
        ('spam_assassin', spam, {
            'LinearSVC': lambda: LinearSVC(),
            'LinearSVC tol=0.1': lambda: LinearSVC(tol=0.1),
            'ComplementNB': lambda: ComplementNB(),
        }),
    ]:
        Xtr, Xte, ytr, yte, classes = build()
        write_csr(f'linear-{name}-train', Xtr, ytr, classes)
        write_csr(f'linear-{name}-test', Xte, yte, classes)
        results[name] = {m: timed(f(), Xtr, ytr, Xte, yte) for m, f in models.items()}
        print(f'{name}: {Xtr.shape} nnz={Xtr.nnz}', file=sys.stderr)
    json.dump(results, sys.stdout)


if __name__ == '__main__':
    main()
