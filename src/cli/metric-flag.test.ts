import { describe, expect, it } from 'vitest';
import { AskmlError } from '../errors.js';
import { METRIC_NAMES } from '../evaluate/metrics.js';
import { metricFlag, suggestMetric } from './metric-flag.js';

describe('--metric (F15)', () => {
  it('accepts metric names, forgiving case and separators', () => {
    expect(metricFlag(undefined)).toBeNull();
    expect(metricFlag('roc_auc')).toBe('roc_auc');
    expect(metricFlag('ROC-AUC')).toBe('roc_auc');
    expect(metricFlag('macro f1')).toBe('macro_f1');
  });

  it('names an unknown metric, suggests what it likely means and lists every metric', () => {
    let e: unknown;
    try {
      metricFlag('f1');
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(AskmlError);
    const err = e as AskmlError;
    expect(err.code).toBe('BAD_METRIC');
    expect(err.describe()).toBe(`--metric 'f1' is not a metric. Did you mean 'macro_f1'? Valid choices: ${METRIC_NAMES.join(', ')}.`);
    expect(err.message).not.toMatch(/search_model|call .* again/);
  });

  it('suggests by token, squashed spelling, prefix, then edit distance', () => {
    expect(suggestMetric('f1')).toBe('macro_f1');
    expect(suggestMetric('auc')).toBe('roc_auc');
    expect(suggestMetric('logloss')).toBe('log_loss');
    expect(suggestMetric('acc')).toBe('accuracy');
    expect(suggestMetric('rmes')).toBe('rmse');
    expect(suggestMetric('zzzzzz')).toBeUndefined();
  });
});
