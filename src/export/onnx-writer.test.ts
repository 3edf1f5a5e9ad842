import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { attr, type Graph } from './graph.js';
import { writeOnnxModel } from './onnx-writer.js';

const { onnx } = onnxProto;

describe('writeOnnxModel', () => {
  it('hand-encodes large INTS / FLOATS attributes so that protobuf decoders read them back exactly', () => {
    const n = 10_000;
    const ints = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -i - 1 : i * 1_000_003)); // negatives and > 2^32
    const floats = Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3);
    const graph: Graph = {
      name: 'g',
      nodes: [
        { name: 'a', opType: 'Identity', domain: '', inputs: ['x'], outputs: ['y'], attributes: { small: attr.ints([1, -2, 3]), f: attr.float(0.5) } },
        { name: 'b', opType: 'TreeEnsembleRegressor', domain: 'ai.onnx.ml', inputs: ['y'], outputs: ['z'], attributes: { big_ints: attr.ints(ints), big_floats: attr.floats(floats), mode: attr.string('SUM') } },
      ],
      initializers: [{ name: 'w', tensor: { type: 'float', dims: [2], data: [1, 2] } }],
      inputs: [{ name: 'x', type: 'float', shape: [null, 3] }],
      outputs: [{ name: 'z', type: 'float', shape: [null, 1] }],
      metadata: { task: 'regression' },
    };
    const m = onnx.ModelProto.decode(writeOnnxModel(graph));
    expect(Number(m.irVersion)).toBe(8);
    expect(m.metadataProps.map((p) => [p.key, p.value])).toEqual([['task', 'regression']]);
    const g = m.graph!;
    const node = g.node!;
    expect(node.map((x) => x.name)).toEqual(['a', 'b']); // node order kept
    expect(g.input![0].name).toBe('x');
    expect(g.initializer![0].name).toBe('w');
    const byName = Object.fromEntries(node[1].attribute!.map((a) => [a.name!, a]));
    expect(Object.keys(byName).sort()).toEqual(['big_floats', 'big_ints', 'mode']);
    expect(byName.big_ints.type).toBe(onnx.AttributeProto.AttributeType.INTS);
    expect(byName.big_ints.ints!.map(Number)).toEqual(ints);
    expect(byName.big_floats.type).toBe(onnx.AttributeProto.AttributeType.FLOATS);
    expect(byName.big_floats.floats).toEqual(floats.map(Math.fround));
    const small = node[0].attribute!.find((a) => a.name === 'small')!;
    expect(small.ints!.map(Number)).toEqual([1, -2, 3]);
  });
});

describe('checkExportSize', () => {
  it('refuses models with more tree node values than the limit, naming the size and the limit', async () => {
    const { checkExportSize } = await import('./export-pipeline.js');
    const tree = { feature: Int32Array.from([0, -1, -1]), threshold: Float64Array.from([0.5, 0, 0]), left: Int32Array.from([1, -1, -1]), right: Int32Array.from([2, -1, -1]), missingLeft: new Uint8Array(3), value: new Float64Array(9), nOutputs: 3 };
    const ir = { kind: 'trees', task: 'multiclass', nFeatures: 1, nOutputs: 3, trees: [tree, tree] } as never;
    expect(() => checkExportSize([ir], 100)).not.toThrow(); // 2 x (9 + 4 x 3) = 42 values
    expect(() => checkExportSize([ir], 40)).toThrow(/too large to export to ONNX \(0\.0M tree node values; the limit is 0\.00004M\)/);
    let code = 'no error';
    try {
      checkExportSize([ir, ir], 50);
    } catch (e) {
      code = (e as { code: string }).code;
    }
    expect(code).toBe('EXPORT_UNSUPPORTED');
  });
});
