/**
 * An open-addressing hash table from packed n-gram keys (non-negative integers below 2^53,
 * held as doubles) to dense ids 0..size-1. No allocation per lookup: the hot loop of char
 * n-gram TF-IDF goes through here instead of a Map<string, number>.
 */
const EMPTY = -1;

export class PackedTable {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;
  /** Keys in id order. */
  idKeys: Float64Array;

  constructor(capacity = 1024) {
    let cap = 1024;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.idKeys = new Float64Array(Math.max(16, capacity));
  }

  private static hash(key: number): number {
    const hi = Math.floor(key / 4294967296);
    const lo = key >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  /** The id of `key`, or -1. */
  get(key: number): number {
    let s = PackedTable.hash(key) & this.mask;
    for (;;) {
      const k = this.keys[s];
      if (k === key) return this.vals[s];
      if (k === EMPTY) return -1;
      s = (s + 1) & this.mask;
    }
  }

  /** The id of `key`, adding it when new. */
  add(key: number): number {
    let s = PackedTable.hash(key) & this.mask;
    for (;;) {
      const k = this.keys[s];
      if (k === key) return this.vals[s];
      if (k === EMPTY) break;
      s = (s + 1) & this.mask;
    }
    const id = this.size++;
    this.keys[s] = key;
    this.vals[s] = id;
    if (id >= this.idKeys.length) {
      const g = new Float64Array(this.idKeys.length * 2);
      g.set(this.idKeys);
      this.idKeys = g;
    }
    this.idKeys[id] = key;
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }

  /** Set key -> id directly (for rebuilding a saved vocabulary). */
  set(key: number, id: number): void {
    let s = PackedTable.hash(key) & this.mask;
    while (this.keys[s] !== EMPTY && this.keys[s] !== key) s = (s + 1) & this.mask;
    if (this.keys[s] === EMPTY) this.size++;
    this.keys[s] = key;
    this.vals[s] = id;
    if (this.size * 2 > this.mask) this.grow();
  }

  private grow(): void {
    const oldK = this.keys;
    const oldV = this.vals;
    const cap = oldK.length * 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < oldK.length; i++) {
      const k = oldK[i];
      if (k === EMPTY) continue;
      let s = PackedTable.hash(k) & this.mask;
      while (this.keys[s] !== EMPTY) s = (s + 1) & this.mask;
      this.keys[s] = k;
      this.vals[s] = oldV[i];
    }
  }
}
