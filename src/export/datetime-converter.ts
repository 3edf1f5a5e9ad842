/**
 * datetime_parts -> ONNX, computed in double from epoch milliseconds (UTC):
 * days = floor(ms / 86400000); hour from the remainder; day of week from (days + 4) mod 7
 * (1970-01-01 was a Thursday); year and month with the days-to-civil algorithm (H. Hinnant's
 * public-domain date algorithms), all with Floor on exact integers, so the parts are exact.
 * Missing (NaN) -> the fitted fill, then (x - center) / scale, as features/datetime.ts does.
 * Output: double [N, parts].
 */
import { AskmlError } from '../errors.js';
import type { SavedTransformer } from '../features/types.js';
import { attr, type GraphBuilder } from './graph.js';

const DAY = 86_400_000;

export function addDateParts(g: GraphBuilder, s: SavedTransformer, ms: string): string {
  const parts = s.parts as string[];
  const k = parts.length;
  const origin = Number(s.originMs);
  const arr = (a: unknown, what: string) => {
    if (!Array.isArray(a) || a.length !== k) throw new AskmlError('EXPORT_UNSUPPORTED', `Saved datetime step: '${what}' should have ${k} entries.`);
    return a.map((v) => (v === null ? NaN : Number(v)));
  };
  const fill = arr(s.fill, 'fill');
  const center = arr(s.center, 'center');
  const scale = arr(s.scale, 'scale');

  const c = (v: number) => g.constant('c', { type: 'double', dims: [1], data: [v] });
  const add = (a: string, b: string) => g.op('Add', [a, b]);
  const sub = (a: string, b: string) => g.op('Sub', [a, b]);
  const mul = (a: string, v: number) => g.op('Mul', [a, c(v)]);
  /** floor(a / v) */
  const fdiv = (a: string, v: number) => g.op('Floor', [g.op('Div', [a, c(v)])]);
  const b2d = (b: string) => g.op('Cast', [b], { to: attr.int(11) });

  const days = fdiv(ms, DAY);
  const cache = new Map<string, string>();
  const civil = () => {
    if (cache.has('year')) return;
    const z = add(days, c(719468));
    const era = fdiv(z, 146097);
    const doe = sub(z, mul(era, 146097));
    const yoeNum = add(sub(doe, fdiv(doe, 1460)), sub(fdiv(doe, 36524), fdiv(doe, 146096)));
    const yoe = fdiv(yoeNum, 365);
    const doy = sub(doe, sub(add(mul(yoe, 365), fdiv(yoe, 4)), fdiv(yoe, 100)));
    const mp = fdiv(add(mul(doy, 5), c(2)), 153);
    const month = sub(add(mp, c(3)), mul(b2d(g.op('GreaterOrEqual', [mp, c(10)])), 12));
    const year = add(add(yoe, mul(era, 400)), b2d(g.op('LessOrEqual', [month, c(2)])));
    cache.set('year', year);
    cache.set('month', month);
  };
  const dow = () => {
    if (!cache.has('dow')) {
      const d4 = add(days, c(4));
      cache.set('dow', sub(d4, mul(fdiv(d4, 7), 7)));
    }
    return cache.get('dow') as string;
  };
  const values = parts.map((p) => {
    switch (p) {
      case 'year':
      case 'month':
        civil();
        return cache.get(p) as string;
      case 'dayofweek':
        return dow();
      case 'hour':
        return fdiv(sub(ms, mul(days, DAY)), 3_600_000);
      case 'weekend': {
        const w = dow();
        return b2d(g.op('Or', [g.op('Equal', [w, c(0)]), g.op('Equal', [w, c(6)])]));
      }
      case 'elapsed_days':
        return g.op('Div', [sub(ms, c(origin)), c(DAY)]);
      default:
        throw new AskmlError('EXPORT_UNSUPPORTED', `Datetime part '${p}' has no ONNX converter.`, {
          choices: ['year', 'month', 'dayofweek', 'hour', 'weekend', 'elapsed_days'],
        });
    }
  });
  const x = values.length === 1 ? values[0] : g.op('Concat', values, { axis: attr.int(1) });
  const dbl = (hint: string, data: number[]) => g.constant(hint, { type: 'double', dims: [k], data });
  const filled = g.op('Where', [g.op('IsNaN', [ms]), dbl('fill', fill), x]);
  return g.op('Div', [g.op('Sub', [filled, dbl('center', center)]), dbl('scale', scale)]);
}
