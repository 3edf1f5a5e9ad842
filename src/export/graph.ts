/**
 * A small, dependency-free ONNX graph under construction. Converters add nodes, constants and
 * named values here; onnx-writer.ts (the only module importing onnx-proto) serialises it.
 *
 * Value names are made unique by `fresh()`, so converters never clash when they are combined
 * into one pipeline graph.
 */

export type ElemType = 'float' | 'double' | 'int64' | 'string' | 'bool';

/** One attribute value, tagged so that ints and floats are never confused. */
export type AttrValue =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: ArrayLike<number> }
  | { kind: 'floats'; value: ArrayLike<number> }
  | { kind: 'strings'; value: readonly string[] }
  | { kind: 'tensor'; value: ConstTensor };

export const attr = {
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value }),
  ints: (value: ArrayLike<number>): AttrValue => ({ kind: 'ints', value }),
  floats: (value: ArrayLike<number>): AttrValue => ({ kind: 'floats', value }),
  strings: (value: readonly string[]): AttrValue => ({ kind: 'strings', value }),
  tensor: (value: ConstTensor): AttrValue => ({ kind: 'tensor', value }),
};

export interface ConstTensor {
  type: ElemType;
  dims: number[];
  /** Numbers for numeric types (bool as 0/1), strings for 'string'. */
  data: ArrayLike<number> | readonly string[];
}

export interface GraphNode {
  opType: string;
  /** '' for ai.onnx, 'ai.onnx.ml', 'com.microsoft'. */
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, AttrValue>;
  name: string;
}

export interface ValueInfo {
  name: string;
  type: ElemType;
  /** null means a symbolic dimension (the batch size 'N'). */
  shape: (number | null)[];
}

export interface Graph {
  name: string;
  nodes: GraphNode[];
  initializers: { name: string; tensor: ConstTensor }[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  docString?: string;
  metadata?: Record<string, string>;
}

export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly initializers: { name: string; tensor: ConstTensor }[] = [];
  readonly inputs: ValueInfo[] = [];
  readonly outputs: ValueInfo[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  /** A value name not used before, starting with `hint`. */
  fresh(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_]/g, '_') || 'v';
    let name = base;
    while (this.used.has(name)) name = `${base}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  /** Reserve an exact name (graph inputs and outputs); throws if taken. */
  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`ONNX value name '${name}' used twice`);
    this.used.add(name);
    return name;
  }

  addInput(name: string, type: ElemType, shape: (number | null)[]): string {
    this.inputs.push({ name: this.reserve(name), type, shape });
    return name;
  }

  addOutput(name: string, type: ElemType, shape: (number | null)[]): void {
    this.outputs.push({ name, type, shape });
  }

  /** Add a node; returns its output names (fresh names derived from `opType` unless given). */
  node(
    opType: string,
    inputs: string[],
    attributes: Record<string, AttrValue> = {},
    opts: { domain?: string; outputs?: string[] | number; name?: string } = {},
  ): string[] {
    const outs =
      Array.isArray(opts.outputs)
        ? opts.outputs
        : Array.from({ length: opts.outputs ?? 1 }, () => this.fresh(opType.toLowerCase()));
    this.nodes.push({
      opType,
      domain: opts.domain ?? '',
      inputs,
      outputs: outs,
      attributes,
      name: this.fresh(`${opts.name ?? opType}_node`),
    });
    return outs;
  }

  /** Single-output node shorthand. */
  op(opType: string, inputs: string[], attributes: Record<string, AttrValue> = {}, domain = ''): string {
    return this.node(opType, inputs, attributes, { domain })[0];
  }

  mlOp(opType: string, inputs: string[], attributes: Record<string, AttrValue> = {}): string {
    return this.op(opType, inputs, attributes, 'ai.onnx.ml');
  }

  /** A constant tensor stored as an initializer. */
  constant(hint: string, tensor: ConstTensor): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, tensor });
    return name;
  }

  floats(hint: string, data: ArrayLike<number>, dims: number[] = [data.length]): string {
    return this.constant(hint, { type: 'float', dims, data });
  }

  int64s(hint: string, data: ArrayLike<number>, dims: number[] = [data.length]): string {
    return this.constant(hint, { type: 'int64', dims, data });
  }

  build(name: string, extra: { docString?: string; metadata?: Record<string, string> } = {}): Graph {
    return {
      name,
      nodes: this.nodes,
      initializers: this.initializers,
      inputs: this.inputs,
      outputs: this.outputs,
      ...extra,
    };
  }
}
