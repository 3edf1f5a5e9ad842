import { describe, expect, it } from 'vitest';
import { closest } from './errors.js';

describe('closest', () => {
  it('ignores case and separators, and does not stretch a short name', () => {
    expect(closest('Random Forest', ['random_forest', 'gbdt'])).toBe('random_forest');
    expect(closest('gbtd', ['gbdt', 'knn'])).toBe('gbdt');
    expect(closest('Survived', ['survived', 'sex'])).toBe('survived');
    expect(closest('churn', ['churned', 'age'])).toBe('churned');
    expect(closest('xx', ['sex', 'age'])).toBeUndefined();
    expect(closest('xgboost', ['gbdt', 'knn', 'ridge'])).toBeUndefined();
  });
});
