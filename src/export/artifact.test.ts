import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTable } from '../data/load.js';
import { dropColumns, type Frame } from '../data/frame.js';
import { searchModel } from '../search/automl.js';
import type { TrainedModel } from '../search/trained-model.js';
import { AskmlError } from '../errors.js';
import { checkSchema, loadArtifact, predictFile, saveArtifact } from './artifact.js';
import { chineseNewsCsv } from '../../test/fixtures/data-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const houses = path.join(root, 'examples/house-prices.csv');
let dir: string;
let frame: Frame;
let model: TrainedModel;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-artifact-'));
  frame = (await loadTable(houses)).frame;
  const r = await searchModel({ train: frame, target: 'price', maxTrials: 2, include: ['ridge'], seed: 1, parallelism: 1, runDir: path.join(dir, 'run') });
  model = r.model;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('model artifact', () => {
  it('round-trips: same predictions, manifest with version, schema and learners', () => {
    const m = saveArtifact({ dir: path.join(dir, 'model'), model, columns: frame.columns, seed: 1, scores: { test_rmse: 123 } });
    expect(m.artifactVersion).toBe(1);
    const loaded = loadArtifact(path.join(dir, 'model'));
    expect(loaded.manifest.task).toBe('regression');
    expect(loaded.manifest.target).toBe('price');
    expect(loaded.manifest.labels).toBeNull();
    expect(loaded.manifest.scores.test_rmse).toBe(123);
    expect(loaded.manifest.learners.map((l) => l.learner)).toEqual(['ridge']);
    expect(loaded.manifest.schema).toContainEqual({ name: 'district', type: 'categorical' });
    expect(loaded.manifest.schema).toContainEqual({ name: 'area_m2', type: 'numeric' });
    expect(loaded.manifest.schema.map((c) => c.name)).not.toContain('price');
    expect(Array.from(loaded.model.predict(frame).values)).toEqual(Array.from(model.predict(frame).values));
  });

  it('marks a model fit on part of the rows (a first-fold model kept when the refit was stopped) as partialFit', () => {
    const whole = saveArtifact({ dir: path.join(dir, 'whole'), model, columns: frame.columns, seed: 1 });
    expect(whole.partialFit).toBeUndefined();
    // The first fold model alone, neither refit on all rows nor one of a bag: what finish.ts keeps as a fallback.
    const copy = loadArtifact(path.join(dir, 'whole')).model;
    const first = { ...copy.members[0], refit: false, weight: 1 };
    delete first.fold;
    (copy.members as unknown[]).splice(0, copy.members.length, first);
    expect(saveArtifact({ dir: path.join(dir, 'partial'), model: copy, columns: frame.columns, seed: 1 }).partialFit).toBe(true);
  });

  it('overwrites atomically and leaves no temp folders, also none a killed write left', () => {
    // A process killed while writing the model folder leaves its temporary folder behind.
    mkdirSync(path.join(dir, 'model.tmp-89491784'));
    writeFileSync(path.join(dir, 'model.tmp-89491784', 'manifest.json'), '{}');
    mkdirSync(path.join(dir, 'model.tmp-keep')); // not askml's name pattern: left alone
    saveArtifact({ dir: path.join(dir, 'model'), model, columns: frame.columns, seed: 2 });
    expect(loadArtifact(path.join(dir, 'model')).manifest.seed).toBe(2);
    expect(readdirSync(dir).filter((f) => f.startsWith('model')).sort()).toEqual(['model', 'model.tmp-keep']);
  });

  it('refuses another artifact version and a folder that is not a model', () => {
    const d = path.join(dir, 'v99');
    saveArtifact({ dir: d, model, columns: frame.columns, seed: 1 });
    const file = path.join(d, 'manifest.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"artifactVersion": 1', '"artifactVersion": 99'));
    expect(() => loadArtifact(d)).toThrow(/artifact version 99/);
    try {
      loadArtifact(d);
    } catch (e) {
      expect((e as AskmlError).code).toBe('VERSION_MISMATCH');
    }
    expect(() => loadArtifact(dir)).toThrow(/manifest.json missing/);
    // A path that is not there, or a file (model.onnx), says what it is (audit: all read 'manifest.json missing').
    expect(() => loadArtifact(path.join(dir, 'nope'))).toThrow(/'.*nope' does not exist\./);
    writeFileSync(path.join(dir, 'model.onnx'), 'x');
    expect(() => loadArtifact(path.join(dir, 'model.onnx'))).toThrow(/model\.onnx' is a file, not a model folder\./);
  });

  it('a model.json replaced by {} or cut down to its header gets a message naming the file, not a TypeError', () => {
    const d = path.join(dir, 'edited');
    saveArtifact({ dir: d, model, columns: frame.columns, seed: 1 });
    const file = path.join(d, 'model.json');
    const code = (f: () => unknown): [string, string] => {
      try {
        f();
      } catch (e) {
        return [(e as AskmlError).code, (e as Error).message];
      }
      return ['', ''];
    };
    writeFileSync(file, '{}');
    expect(code(() => loadArtifact(d))).toEqual(['VERSION_MISMATCH', `'${file}' is not a saved askml model: it has no "kind": "askml_model" field.`]);
    writeFileSync(file, '{"kind": "sklearn"}');
    expect(code(() => loadArtifact(d))[1]).toContain(`its "kind" is 'sklearn', not "askml_model"`);
    writeFileSync(file, '{"kind": "askml_model", "version": 1}');
    const [c, m] = code(() => loadArtifact(d));
    expect(c).toBe('PARSE_ERROR');
    expect(m).toContain(`'${file}' is damaged: `);
  });

  it('checkSchema names a missing column and lists the expected ones; extra columns are fine', () => {
    const { manifest } = loadArtifact(path.join(dir, 'model'));
    expect(() => checkSchema(manifest, frame)).not.toThrow();
    let err: AskmlError | null = null;
    try {
      checkSchema(manifest, dropColumns(frame, ['rooms']));
    } catch (e) {
      err = e as AskmlError;
    }
    expect(err?.code).toBe('SCHEMA_MISMATCH');
    expect(err?.message).toContain("'rooms'");
    expect(err?.details.choices).toEqual(manifest.schema.map((c) => c.name));
  });

  it('predictFile writes CSV and JSONL predictions', async () => {
    const inProcess = model.predict(frame).values;
    const csv = await predictFile({ modelDir: path.join(dir, 'model'), dataPath: houses, outPath: path.join(dir, 'out', 'p.csv') });
    expect(csv.format).toBe('csv');
    expect(csv.rows).toBe(frame.nRows);
    const lines = readFileSync(csv.outPath, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('prediction');
    expect(lines.length).toBe(frame.nRows + 1);
    expect(Number(lines[1])).toBeCloseTo(inProcess[0], 3);
    const jl = await predictFile({ modelDir: path.join(dir, 'model'), dataPath: houses, outPath: path.join(dir, 'p.out'), format: 'jsonl' });
    const rows = readFileSync(jl.outPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.length).toBe(frame.nRows);
    expect(rows[2].prediction).toBeCloseTo(inProcess[2], 6);
    // CSV and JSON Lines carry the same exact values (CSV rounded to 10 digits, cutting large targets: audit).
    expect(lines.slice(1).map(Number)).toEqual(rows.map((r) => r.prediction));
    expect(jl.preview[0].value).toBeCloseTo(inProcess[0], 6);
    expect(csv.warnings).toEqual([]);
  });

  /** A one-trial logistic_regression model of `csv` saved as model-NAME; returns the data file and the model folder. */
  async function savedModelOf(name: string, csv: string, target: string): Promise<{ train: string; modelDir: string }> {
    const train = path.join(dir, `${name}.csv`);
    writeFileSync(train, csv);
    const { frame } = await loadTable(train);
    const r = await searchModel({ train: frame, target, maxTrials: 1, include: ['logistic_regression'], seed: 0, parallelism: 1, runDir: path.join(dir, `run-${name}`) });
    const modelDir = path.join(dir, `model-${name}`);
    saveArtifact({ dir: modelDir, model: r.model, columns: frame.columns, seed: 0 });
    return { train, modelDir };
  }

  it('predictFile warns about values of a date column that are not dates (audit: read as missing silently)', async () => {
    const rows = ['signup,x,y', ...Array.from({ length: 60 }, (_, i) => `2021-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${i % 7},${i % 2 ? 'a' : 'b'}`)];
    const { modelDir } = await savedModelOf('dates', `${rows.join('\n')}\n`, 'y');
    const odd = path.join(dir, 'dates-new.csv');
    writeFileSync(odd, 'signup,x\n2021-03-04,1\nnot a date,2\n2021-05-06,3\n2021-02-30,4\n');
    const p = await predictFile({ modelDir, dataPath: odd, outPath: path.join(dir, 'dates.pred.csv') });
    expect(p.rows).toBe(4);
    expect(p.warnings).toEqual(["Column 'signup' held dates in training, but 2 of 4 values are not a date ('not a date', '2021-02-30'; first in data row 2); they are read as missing."]);
    // A row with every input missing is predicted, and said (audit: no word).
    writeFileSync(odd, 'signup,x\n2021-03-04,1\n,\n2021-05-06,3\n');
    const blank = await predictFile({ modelDir, dataPath: odd, outPath: path.join(dir, 'dates.pred.csv') });
    expect(blank.rows).toBe(3);
    expect(blank.warnings).toEqual(["1 of 3 rows have every column the model reads missing (first in data row 2); its prediction is the model's answer for an empty row."]);
  }, 30_000);

  it('predictFile warns about text with no letter or word the model learned (audit: silently one class)', async () => {
    const { train, modelDir } = await savedModelOf('news', chineseNewsCsv(60), '类别');
    const odd = path.join(dir, 'news-new.csv');
    writeFileSync(odd, '标题,点击\n股市大涨,3\nПривет мир,4\n!!! ???,5\n球队赢得冠军,6\n');
    const p = await predictFile({ modelDir, dataPath: odd, outPath: path.join(dir, 'news.pred.csv') });
    expect(p.rows).toBe(4);
    expect(p.warnings).toEqual([
      "Column '标题': 2 of 4 rows hold text with no word, letter or digit the model learned ('Привет мир', '!!! ???'); the model reads them as (nearly) empty text, so their predictions rest on the other columns alone (or on none).",
    ]);
    // The training file itself: every title has known terms.
    const self = await predictFile({ modelDir, dataPath: train, outPath: path.join(dir, 'news-self.pred.csv') });
    expect(self.warnings).toEqual([]);
  }, 30_000);

  it('predictFile: categories past the encoders\' cap are said to share a code, not to be unknown (audit: the training file itself warned)', async () => {
    const rows = ['shop,x,y', ...Array.from({ length: 600 }, (_, i) => `shop${i % 120},${i % 7},${(i % 120) % 2 ? 'a' : 'b'}`)];
    const { train, modelDir } = await savedModelOf('shops', `${rows.join('\n')}\n`, 'y');
    const p = await predictFile({ modelDir, dataPath: train, outPath: path.join(dir, 'shops.pred.csv') });
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0]).toMatch(/^Column 'shop': 350 of 600 rows hold 70 categories outside the 50 the model encodes one by one \('shop\d+', /);
    expect(p.warnings[0]).toContain('they share one code with the rarer categories of training, as a category training never saw would.');
  }, 30_000);

  it('predictFile warns about text in a numeric column and categories the model does not know, and still predicts', async () => {
    const odd = path.join(dir, 'odd.csv');
    writeFileSync(odd, 'area_m2,rooms,district,year_built,garage\n125,4,center,2007,0\nabout 90,3,harbour,1999,1\n80,2,harbour,unknown,0\n70,2,uptown,1980,0\n');
    const r = await predictFile({ modelDir: path.join(dir, 'model'), dataPath: odd, outPath: path.join(dir, 'odd.pred.csv') });
    expect(r.rows).toBe(4);
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings[0]).toBe("Column 'area_m2' was numeric in training, but 1 of 4 values is not a number ('about 90'; first in data row 2); it is read as missing.");
    expect(r.warnings.find((w) => w.startsWith("Column 'year_built'"))).toContain("'unknown'");
    expect(r.warnings.find((w) => w.startsWith("Column 'district'"))).toBe(
      "Column 'district': 3 of 4 rows hold 2 categories the model has no code for ('harbour', 'uptown'); they are encoded like the rare and unseen categories of training.",
    );
    expect(readFileSync(r.outPath, 'utf8').trim().split('\n')).toHaveLength(5);
  });

  it('predictFile never overwrites its input, the model, a folder or a file that is not its own predictions', async () => {
    const data = path.join(dir, 'victim.csv');
    writeFileSync(data, readFileSync(houses, 'utf8'));
    const before = readFileSync(data, 'utf8');
    const modelDir = path.join(dir, 'model');
    await expect(predictFile({ modelDir, dataPath: data, outPath: data })).rejects.toThrow(/is the input data file/);
    await expect(predictFile({ modelDir, dataPath: data, outPath: path.join(modelDir, 'manifest.json') })).rejects.toThrow(/inside the model folder/);
    await expect(predictFile({ modelDir, dataPath: data, outPath: dir })).rejects.toMatchObject({ code: 'NOT_A_FILE' });
    await expect(predictFile({ modelDir, dataPath: data, outPath: path.join(data, 'p.csv') })).rejects.toMatchObject({ code: 'NOT_A_FILE' });
    const other = path.join(dir, 'notes.csv');
    writeFileSync(other, 'a,b\n1,2\n');
    await expect(predictFile({ modelDir, dataPath: data, outPath: other })).rejects.toThrow(/already exists and is not a predictions file/);
    expect(readFileSync(data, 'utf8')).toBe(before);
    expect(readFileSync(other, 'utf8')).toBe('a,b\n1,2\n');
    // An empty file (mktemp) holds nothing to lose.
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(predictFile({ modelDir, dataPath: data, outPath: empty })).resolves.toMatchObject({ rows: frame.nRows });
    // Its own earlier output may be replaced (csv and jsonl).
    const out = path.join(dir, 'again.csv');
    await predictFile({ modelDir, dataPath: data, outPath: out });
    await expect(predictFile({ modelDir, dataPath: data, outPath: out })).resolves.toMatchObject({ rows: frame.nRows });
    const outJl = path.join(dir, 'again.jsonl');
    await predictFile({ modelDir, dataPath: data, outPath: outJl });
    await expect(predictFile({ modelDir, dataPath: data, outPath: outJl })).resolves.toMatchObject({ format: 'jsonl' });
  });

  it('predictFile refuses data without the model columns, writing nothing', async () => {
    const partial = path.join(dir, 'partial.csv');
    writeFileSync(partial, 'area_m2,rooms\n100,3\n');
    const out = path.join(dir, 'never.csv');
    await expect(predictFile({ modelDir: path.join(dir, 'model'), dataPath: partial, outPath: out })).rejects.toThrow(/'district'/);
    expect(readdirSync(dir)).not.toContain('never.csv');
  });
});
