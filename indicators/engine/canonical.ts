import { createHash } from "node:crypto";

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object" && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function sha256Hex(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}

/**
 * Values as little-endian IEEE-754 doubles, missing (NaN) as the one canonical quiet NaN and −0 as
 * +0, so that equal inputs hash equally on every platform.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function canonicalDoubles(values: Float64Array, into: Float64Array = new Float64Array(values.length)): Uint8Array {
  if (LITTLE_ENDIAN) {
    const doubles = into;
    const words = new Uint32Array(doubles.buffer, doubles.byteOffset, doubles.length * 2);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v === v) doubles[i] = v === 0 ? 0 : v;
      else {
        words[2 * i] = 0;
        words[2 * i + 1] = 0x7ff80000;
      }
    }
    return new Uint8Array(doubles.buffer, doubles.byteOffset, doubles.length * 8);
  }
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      view.setUint32(i * 8, 0, true);
      view.setUint32(i * 8 + 4, 0x7ff80000, true);
    } else view.setFloat64(i * 8, v === 0 ? 0 : v, true);
  }
  return bytes;
}
