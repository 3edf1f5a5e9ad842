/**
 * The fixed benchmark cases of ../shared/data (NAME.csv + NAME.split.json; thucnews has its own
 * train/test files), for bench/automl.ts and the accuracy suite. Never copies the data.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTable } from '../../data/load.js';
import { readSplitFile } from '../../data/split.js';
import { takeRows, type Frame } from '../../data/frame.js';
import type { TaskType } from '../../learners/types.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED_DATA = resolve(REPO_ROOT, '../shared/data');

export interface SharedCase {
  name: string;
  train: Frame;
  test: Frame;
  target: string;
  task: TaskType;
  /** Metric searched and reported first. */
  metric: 'accuracy' | 'macro_f1' | 'rmse';
}

/** Reference test scores from ../shared/data/README.md: [sklearn best default, FLAML 60 s]. */
export const REFERENCE: Record<string, { sklearn: number[]; flaml: number[] }> = {
  thucnews: { sklearn: [0.8775, 0.8772], flaml: [0.8701, 0.8698] },
  titanic: { sklearn: [0.8206, 0.8064], flaml: [0.8206, 0.7972] },
  penguins: { sklearn: [0.9855, 0.9877], flaml: [0.971, 0.9701] },
  credit_data: { sklearn: [0.8036, 0.7468], flaml: [0.8081, 0.7447] },
  letter: { sklearn: [0.9645, 0.9644], flaml: [0.965, 0.9649] },
  spam_assassin: { sklearn: [0.9899, 0.988], flaml: [0.9899, 0.988] },
  diamonds: { sklearn: [542.1], flaml: [533.0] },
  diabetes: { sklearn: [58.22], flaml: [60.59] },
};

export async function loadSharedCase(name: string): Promise<SharedCase> {
  if (name === 'thucnews') {
    const dir = join(SHARED_DATA, 'thucnews');
    const train = (await loadTable(join(dir, 'train.csv'))).frame;
    const test = (await loadTable(join(dir, 'test.csv'))).frame;
    return { name, train, test, target: 'category', task: 'multiclass', metric: 'macro_f1' };
  }
  const meta = JSON.parse(readFileSync(join(SHARED_DATA, `${name}.json`), 'utf8')) as { target: string; task: TaskType; metric: string };
  const { frame } = await loadTable(join(SHARED_DATA, `${name}.csv`));
  const split = await readSplitFile(join(SHARED_DATA, `${name}.split.json`), frame.nRows);
  return {
    name,
    train: takeRows(frame, split.train),
    test: takeRows(frame, split.test),
    target: meta.target,
    task: meta.task,
    metric: meta.task === 'regression' ? 'rmse' : 'accuracy',
  };
}
