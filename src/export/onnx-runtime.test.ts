/**
 * Input names are data column names, and a column can be called `__proto__`, `constructor` or
 * `toString`: the feeds handed to onnxruntime must carry them as plain keys (audit F9).
 */
import { describe, expect, it } from 'vitest';
import type { Graph } from './graph.js';
import { writeOnnxModel } from './onnx-writer.js';
import { runOnnx, scoreOnnx, type OnnxFeed } from './onnx-runtime.js';

const NAMES = ['__proto__', 'constructor', 'toString'];

/** label = __proto__ + 10 * constructor + 100 * toString (double [N, 1] inputs). */
function model(): Uint8Array {
  const graph: Graph = {
    name: 'g',
    nodes: [
      { name: 'm1', opType: 'Mul', domain: '', inputs: ['constructor', 'ten'], outputs: ['c10'], attributes: {} },
      { name: 'm2', opType: 'Mul', domain: '', inputs: ['toString', 'hundred'], outputs: ['t100'], attributes: {} },
      { name: 'a1', opType: 'Add', domain: '', inputs: ['__proto__', 'c10'], outputs: ['s'], attributes: {} },
      { name: 'a2', opType: 'Add', domain: '', inputs: ['s', 't100'], outputs: ['label'], attributes: {} },
    ],
    initializers: [
      { name: 'ten', tensor: { type: 'double', dims: [], data: [10] } },
      { name: 'hundred', tensor: { type: 'double', dims: [], data: [100] } },
    ],
    inputs: NAMES.map((name) => ({ name, type: 'double' as const, shape: [null, 1] })),
    outputs: [{ name: 'label', type: 'double', shape: [null, 1] }],
  };
  return writeOnnxModel(graph, { opsets: [{ domain: '', version: 17 }] });
}

const col = (a: number, b: number) => ({ data: Float64Array.from([a, b]), dims: [2, 1] });

describe('onnxruntime feeds', () => {
  it('scores inputs named __proto__, constructor and toString, however the feed object was built', async () => {
    const bytes = model();
    // Built by plain assignment, as a caller would: `__proto__` lands on the prototype.
    const plain: OnnxFeed = {};
    plain['__proto__'] = col(1, 2);
    plain['constructor'] = col(3, 4);
    plain['toString'] = col(5, 6);
    const viaPlain = await scoreOnnx(bytes, plain);
    expect(Array.from(viaPlain.label)).toEqual([531, 642]);
    // Built without a prototype: every name is an own key.
    const bare = Object.create(null) as OnnxFeed;
    for (const [i, n] of NAMES.entries()) bare[n] = col(i + 1, i + 2);
    const out = await runOnnx(bytes, bare);
    expect(Array.from(out.label.data as Float64Array)).toEqual([1 + 20 + 300, 2 + 30 + 400]);
  });

  it('names inputs that are missing instead of reading them from Object.prototype', async () => {
    const feed: OnnxFeed = { __proto__: null } as unknown as OnnxFeed;
    const onlyOne: OnnxFeed = {};
    Object.defineProperty(onlyOne, '__proto__', { value: col(1, 2), enumerable: true });
    let err: { code?: string; message?: string } = {};
    try {
      await scoreOnnx(model(), onlyOne);
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.code).toBe('SCHEMA_MISMATCH');
    expect(err.message).toBe('ONNX inputs missing: constructor, toString.');
    await expect(runOnnx(model(), feed)).rejects.toThrow('ONNX inputs missing: __proto__, constructor, toString.');
  });
});

describe('wide graphs', () => {
  it('a graph of 600 inputs (sum of all) gets a session quickly and scores right', async () => {
    const n = 600;
    const names = Array.from({ length: n }, (_, i) => `c${i}`);
    const graph: Graph = {
      name: 'wide',
      nodes: [{ name: 'sum', opType: 'Sum', domain: '', inputs: names, outputs: ['label'], attributes: {} }],
      initializers: [],
      inputs: names.map((name) => ({ name, type: 'double' as const, shape: [null, 1] })),
      outputs: [{ name: 'label', type: 'double', shape: [null, 1] }],
    };
    const bytes = writeOnnxModel(graph, { opsets: [{ domain: '', version: 17 }] });
    const feed: OnnxFeed = {};
    names.forEach((name, i) => (feed[name] = col(i, 1)));
    const out = await scoreOnnx(bytes, feed);
    expect(Array.from(out.label)).toEqual([(n * (n - 1)) / 2, n]);
  });
});
