import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellString, findColumn, type Column } from '../data/frame.js';
import { aggregateChildren } from './relational.js';

const dir = mkdtempSync(path.join(tmpdir(), 'askml-rel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const customers = path.join(dir, 'customers.csv');
const orders = path.join(dir, 'orders.csv');
writeFileSync(customers, 'customer_id,region\n3,north\n1,south\n2,east\n');
writeFileSync(
  orders,
  [
    'order_id,customer_id,amount,status,ts,gift',
    '10,1,5.0,paid,2024-01-01 10:00:00,true',
    '11,1,15.0,refunded,2024-02-01 10:00:00,false',
    '12,1,10.0,paid,2024-01-15 10:00:00,false',
    '13,3,100.0,paid,2024-03-01 09:00:00,true',
  ].join('\n') + '\n',
);

const num = (c: Column | undefined) => Array.from((c as { values: Float64Array }).values);

describe('relational features', () => {
  it('aggregates orders onto customers by key, keeping customer order', async () => {
    const r = await aggregateChildren({
      main: { source: customers, key: 'customer_id' },
      children: [{ name: 'orders', source: orders, key: 'customer_id', time: 'ts', columns: ['amount', 'status', 'gift'] }],
    });
    const f = r.frame;
    expect(f.nRows).toBe(3);
    expect(num(findColumn(f, 'customer_id'))).toEqual([3, 1, 2]);
    expect(num(findColumn(f, 'orders__count'))).toEqual([1, 3, 0]);
    expect(num(findColumn(f, 'orders__amount__sum')).slice(0, 2)).toEqual([100, 30]);
    expect(num(findColumn(f, 'orders__amount__mean'))[1]).toBeCloseTo(10, 12);
    expect(num(findColumn(f, 'orders__amount__std'))[1]).toBeCloseTo(5, 12);
    expect(num(findColumn(f, 'orders__amount__min'))[1]).toBe(5);
    expect(num(findColumn(f, 'orders__amount__max'))[1]).toBe(15);
    expect(Number.isNaN(num(findColumn(f, 'orders__amount__mean'))[2])).toBe(true);
    expect(num(findColumn(f, 'orders__status__distinct'))).toEqual([1, 2, 0]);
    expect(num(findColumn(f, 'orders__amount__last')).slice(0, 2)).toEqual([100, 15]);
    const status = findColumn(f, 'orders__status__last')!;
    expect([0, 1, 2].map((i) => cellString(status, i))).toEqual(['paid', 'refunded', '']);
    expect(num(findColumn(f, 'orders__gift__mean'))[1]).toBeCloseTo(1 / 3, 12);
    expect(num(findColumn(f, 'orders__ts__last'))[1]).toBe(Date.UTC(2024, 1, 1, 10));
    expect(r.features.find((x) => x.name === 'orders__amount__std')!.reason).toBe('std of orders.amount per customer_id');
  });

  it('names a missing key column and lists the real ones', async () => {
    await expect(
      aggregateChildren({ main: { source: customers, key: 'customer_id' }, children: [{ name: 'orders', source: orders, key: 'cust' }] }),
    ).rejects.toThrow(/Key column of child table 'orders' 'cust' not found/);
  });
});
