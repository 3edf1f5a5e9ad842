/**
 * Serialise a Graph (graph.ts) into ONNX ModelProto bytes. The only module importing onnx-proto.
 *
 * Opsets: ai.onnx 17 and ai.onnx.ml 4 (TreeEnsembleRegressor v3 and LabelEncoder v4, whose
 * values_tensor holds doubles; onnxruntime-node 1.30 runs them). With char TF-IDF in the graph: ai.onnx 20 and
 * com.microsoft 1 (see text-converter.ts).
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import type { AttrValue, ConstTensor, ElemType, Graph, ValueInfo } from './graph.js';

const { onnx } = onnxProto;

export const ONNX_OPSET = 17;
export const ONNX_ML_OPSET = 4;
export const ONNX_IR_VERSION = 8;

export const DEFAULT_OPSETS = [
  { domain: '', version: ONNX_OPSET },
  { domain: 'ai.onnx.ml', version: ONNX_ML_OPSET },
];
/** Models with char TF-IDF in the graph: RegexFullMatch needs ai.onnx 20, Tokenizer com.microsoft. */
export const TEXT_OPSETS = [
  { domain: '', version: 20 },
  { domain: 'ai.onnx.ml', version: ONNX_ML_OPSET },
  { domain: 'com.microsoft', version: 1 },
];

const DT = onnx.TensorProto.DataType;
const AT = onnx.AttributeProto.AttributeType;

function elemType(t: ElemType): number {
  switch (t) {
    case 'float':
      return DT.FLOAT;
    case 'double':
      return DT.DOUBLE;
    case 'int64':
      return DT.INT64;
    case 'string':
      return DT.STRING;
    case 'bool':
      return DT.BOOL;
  }
}

const utf8 = new TextEncoder();

function tensorProto(name: string, t: ConstTensor): OnnxTypes.ITensorProto {
  const base: OnnxTypes.ITensorProto = { name, dims: t.dims, dataType: elemType(t.type) };
  switch (t.type) {
    case 'float': {
      const raw = Float32Array.from(t.data as ArrayLike<number>);
      return { ...base, rawData: new Uint8Array(raw.buffer) };
    }
    case 'double': {
      const raw = Float64Array.from(t.data as ArrayLike<number>);
      return { ...base, rawData: new Uint8Array(raw.buffer) };
    }
    case 'int64': {
      const raw = BigInt64Array.from(Array.from(t.data as ArrayLike<number>, (v) => BigInt(v)));
      return { ...base, rawData: new Uint8Array(raw.buffer) };
    }
    case 'bool': {
      const raw = Uint8Array.from(t.data as ArrayLike<number>, (v) => (v ? 1 : 0));
      return { ...base, rawData: raw };
    }
    case 'string':
      return { ...base, stringData: (t.data as readonly string[]).map((s) => utf8.encode(s)) };
  }
}

function attributeProto(name: string, a: AttrValue): OnnxTypes.IAttributeProto {
  switch (a.kind) {
    case 'int':
      return { name, type: AT.INT, i: a.value };
    case 'float':
      return { name, type: AT.FLOAT, f: a.value };
    case 'string':
      return { name, type: AT.STRING, s: utf8.encode(a.value) };
    case 'ints':
      return { name, type: AT.INTS, ints: Array.from(a.value) };
    case 'floats':
      return { name, type: AT.FLOATS, floats: Array.from(a.value, (v) => Math.fround(v)) };
    case 'strings':
      return { name, type: AT.STRINGS, strings: a.value.map((s) => utf8.encode(s)) };
    case 'tensor':
      return { name, type: AT.TENSOR, t: tensorProto('', a.value) };
  }
}

function valueInfo(v: ValueInfo): OnnxTypes.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: elemType(v.type),
        shape: { dim: v.shape.map((d) => (d === null ? { dimParam: 'N' } : { dimValue: d })) },
      },
    },
  };
}

/** Encode the graph as a complete ONNX model. */
export function writeOnnxModel(
  graph: Graph,
  opts: { producerVersion?: string; opsets?: { domain: string; version: number }[] } = {},
): Uint8Array {
  const model: OnnxTypes.IModelProto = {
    irVersion: ONNX_IR_VERSION,
    producerName: 'askml',
    producerVersion: opts.producerVersion ?? '0.1.0',
    docString: graph.docString ?? '',
    opsetImport: opts.opsets ?? DEFAULT_OPSETS,
    metadataProps: Object.entries(graph.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: graph.name,
      node: graph.nodes.map((n) => ({
        name: n.name,
        opType: n.opType,
        domain: n.domain,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attributes).map(([k, a]) => attributeProto(k, a)),
      })),
      initializer: graph.initializers.map((i) => tensorProto(i.name, i.tensor)),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** Decode model bytes back into a plain object (tests and diagnostics). */
export function readOnnxModel(bytes: Uint8Array): {
  opsets: { domain: string; version: number }[];
  opTypes: string[];
  inputs: string[];
  outputs: string[];
  metadata: Record<string, string>;
} {
  const m = onnx.ModelProto.decode(bytes);
  return {
    opsets: m.opsetImport.map((o) => ({ domain: o.domain ?? '', version: Number(o.version) })),
    opTypes: (m.graph?.node ?? []).map((n) => String(n.opType)),
    inputs: (m.graph?.input ?? []).map((i) => String(i.name)),
    outputs: (m.graph?.output ?? []).map((o) => String(o.name)),
    metadata: Object.fromEntries(m.metadataProps.map((p) => [String(p.key), String(p.value)])),
  };
}
