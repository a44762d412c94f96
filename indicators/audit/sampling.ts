/**
 * Seeded sampling of the uncertainty space: the same seed always gives the same scenarios, on any
 * machine. The generator is xoshiro128** (Blackman & Vigna), its state the first 16 bytes of
 * SHA-256(seed); a double takes 53 bits from two outputs. Weight noise follows COINr's
 * `get_noisy_weights`: w' = w + (2u − 1) × factor × w, level by level.
 */
import { createHash } from "node:crypto";

export class SeededRandom {
  private s: Uint32Array;

  constructor(seed: string) {
    const digest = createHash("sha256").update(seed).digest();
    this.s = new Uint32Array([digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)]);
    // An all-zero state would stay zero.
    if (this.s.every((w) => w === 0)) this.s[0] = 1;
  }

  /** The next 32 random bits. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** A whole number uniform on [0, n) for n ≤ 2³² (one 32-bit draw scaled, as bootstrap resampling needs). */
  below(n: number): number {
    return Math.floor((this.nextUint32() / 4294967296) * n);
  }

  /** Uniform on [0, 1), 53 bits. */
  next(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
