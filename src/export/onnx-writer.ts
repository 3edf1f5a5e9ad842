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

/**
 * Attributes with at least this many values are encoded by hand (packed varints / fixed32 into
 * one preallocated buffer): protobufjs' writer allocates an object per value, and a letter forest
 * (~6e7 tree values) spent 5 of its 7.7 s export in the garbage collector.
 */
const BIG_ATTRIBUTE = 4096;

const isBig = (a: AttrValue): boolean => (a.kind === 'ints' || a.kind === 'floats') && a.value.length >= BIG_ATTRIBUTE;

/** Encode the graph as a complete ONNX model. */
export function writeOnnxModel(
  graph: Graph,
  opts: { producerVersion?: string; opsets?: { domain: string; version: number }[] } = {},
): Uint8Array {
  // Protobuf accepts fields in any order and repeated fields split apart: each node is encoded
  // by protobufjs without its big attributes, which are appended as raw field-5 entries; nodes
  // are appended to the graph, and the graph to the model, the same way.
  const nodes = graph.nodes.map((n) => {
    const entries = Object.entries(n.attributes);
    const head = onnx.NodeProto.encode({
      name: n.name,
      opType: n.opType,
      domain: n.domain,
      input: n.inputs,
      output: n.outputs,
      attribute: entries.filter(([, a]) => !isBig(a)).map(([k, a]) => attributeProto(k, a)),
    }).finish();
    return concatBytes([head, ...entries.filter(([, a]) => isBig(a)).map(([k, a]) => lengthField(5, bigAttribute(k, a)))]);
  });
  const graphHead = onnx.GraphProto.encode({
    name: graph.name,
    initializer: graph.initializers.map((i) => tensorProto(i.name, i.tensor)),
    input: graph.inputs.map(valueInfo),
    output: graph.outputs.map(valueInfo),
  }).finish();
  const graphBytes = concatBytes([graphHead, ...nodes.map((b) => lengthField(1, b))]);
  const modelHead = onnx.ModelProto.encode({
    irVersion: ONNX_IR_VERSION,
    producerName: 'askml',
    producerVersion: opts.producerVersion ?? '0.1.0',
    docString: graph.docString ?? '',
    opsetImport: opts.opsets ?? DEFAULT_OPSETS,
    metadataProps: Object.entries(graph.metadata ?? {}).map(([key, value]) => ({ key, value })),
  }).finish();
  return concatBytes([modelHead, lengthField(7, graphBytes)]);
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function varintLength(v: number): number {
  if (v < 0) return 10;
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Write a varint (int64 semantics: negatives as 10-byte two's complement); returns the new offset. */
function putVarint(buf: Uint8Array, at: number, v: number): number {
  if (v < 0) {
    let b = BigInt.asUintN(64, BigInt(v));
    for (let i = 0; i < 9; i++) {
      buf[at++] = Number(b & 0x7fn) | 0x80;
      b >>= 7n;
    }
    buf[at++] = Number(b);
    return at;
  }
  while (v >= 128) {
    buf[at++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[at++] = v;
  return at;
}

/** A length-delimited field (wire type 2): tag, length, payload. */
function lengthField(field: number, payload: Uint8Array): Uint8Array {
  const tag = field * 8 + 2;
  const out = new Uint8Array(varintLength(tag) + varintLength(payload.length) + payload.length);
  let at = putVarint(out, 0, tag);
  at = putVarint(out, at, payload.length);
  out.set(payload, at);
  return out;
}

/** AttributeProto bytes for a large INTS (field 8, packed) or FLOATS (field 7, packed) attribute. */
function bigAttribute(name: string, a: AttrValue): Uint8Array {
  const nameField = lengthField(1, utf8.encode(name));
  let values: Uint8Array;
  if (a.kind === 'floats') {
    const f = Float32Array.from(a.value as ArrayLike<number>);
    values = lengthField(7, new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
  } else {
    const ints = a.value as ArrayLike<number>;
    let len = 0;
    for (let i = 0; i < ints.length; i++) len += varintLength(ints[i]);
    const packed = new Uint8Array(len);
    let at = 0;
    for (let i = 0; i < ints.length; i++) at = putVarint(packed, at, ints[i]);
    values = lengthField(8, packed);
  }
  const type = new Uint8Array(3);
  const end = putVarint(type, putVarint(type, 0, 20 * 8), a.kind === 'floats' ? AT.FLOATS : AT.INTS);
  return concatBytes([nameField, values, type.subarray(0, end)]);
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
