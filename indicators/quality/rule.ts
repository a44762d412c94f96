/**
 * Validation rules of a framework version: `left operator right`, each side arithmetic over
 * indicator codes and constants (`DS1.2 <= DS1.1`, `OP1.3 + OP1.4 <= 100`). A small grammar read by
 * recursive descent — framework text is never handed to `eval` or `Function`:
 *
 *   rule    := sum comparison sum
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/") unary)*
 *   unary   := "-" unary | primary
 *   primary := number | code | "(" sum ")"
 *
 * Codes may contain "." and "-", so a code is the longest known indicator code at that position.
 */

export const COMPARISONS = ["<=", ">=", "==", "!=", "<", ">"] as const;
export type Comparison = (typeof COMPARISONS)[number];

export type Expression =
  | { kind: "number"; value: number }
  | { kind: "code"; code: string }
  | { kind: "negate"; operand: Expression }
  | { kind: "binary"; operator: "+" | "-" | "*" | "/"; left: Expression; right: Expression };

export interface ParsedRule {
  left: Expression;
  comparison: Comparison;
  right: Expression;
  /** The indicators the rule reads, in order of first appearance. */
  codes: string[];
}

/** Why a rule cannot be read, and where: `position` is the 0-based character offset. */
export class RuleSyntaxError extends Error {
  constructor(
    readonly reason: "unexpectedEnd" | "unexpectedCharacter" | "unknownIndicator" | "missingComparison" | "extraText" | "badNumber",
    readonly position: number,
    message: string,
  ) {
    super(message);
  }
}

const isSpace = (c: string) => c === " " || c === "\t";
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

export function parseRule(text: string, knownCodes: Iterable<string>): ParsedRule {
  // Longest first: "A.1.2" is found before "A.1".
  const codes = [...new Set(knownCodes)].sort((a, b) => b.length - a.length);
  const used: string[] = [];
  let at = 0;

  const skipSpace = () => {
    while (at < text.length && isSpace(text[at]!)) at++;
  };
  const fail = (reason: RuleSyntaxError["reason"], message: string, position = at): never => {
    throw new RuleSyntaxError(reason, position, `${message} at position ${position + 1}`);
  };
  const peek = () => {
    skipSpace();
    return text[at];
  };

  function primary(): Expression {
    const c = peek();
    if (c === undefined) return fail("unexpectedEnd", "expected a number, an indicator code or (");
    if (c === "(") {
      at++;
      const inner = sum();
      if (peek() !== ")") fail(peek() === undefined ? "unexpectedEnd" : "unexpectedCharacter", "expected )");
      at++;
      return inner;
    }
    if (isDigit(c) || (c === "." && isDigit(text[at + 1]))) {
      const match = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(at))!;
      const value = Number(match[0]);
      if (!Number.isFinite(value)) fail("badNumber", `"${match[0]}" is not a finite number`);
      at += match[0].length;
      return { kind: "number", value };
    }
    if (/[A-Za-z]/.test(c)) {
      const code = codes.find((k) => text.startsWith(k, at) && !/[A-Za-z0-9_]/.test(text[at + k.length] ?? ""));
      if (!code) {
        const word = /^[A-Za-z][A-Za-z0-9_.-]*/.exec(text.slice(at))![0];
        fail("unknownIndicator", `"${word}" is not an indicator of the framework`);
      }
      at += code!.length;
      if (!used.includes(code!)) used.push(code!);
      return { kind: "code", code: code! };
    }
    return fail("unexpectedCharacter", `unexpected "${c}"`);
  }

  function unary(): Expression {
    if (peek() === "-") {
      at++;
      return { kind: "negate", operand: unary() };
    }
    return primary();
  }

  function product(): Expression {
    let left = unary();
    for (let c = peek(); c === "*" || c === "/"; c = peek()) {
      at++;
      left = { kind: "binary", operator: c, left, right: unary() };
    }
    return left;
  }

  function sum(): Expression {
    let left = product();
    for (let c = peek(); c === "+" || c === "-"; c = peek()) {
      at++;
      left = { kind: "binary", operator: c, left, right: product() };
    }
    return left;
  }

  const left = sum();
  skipSpace();
  const comparison = COMPARISONS.find((op) => text.startsWith(op, at));
  if (!comparison) fail(at >= text.length ? "missingComparison" : "unexpectedCharacter", `expected one of ${COMPARISONS.join(" ")}`);
  at += comparison!.length;
  const right = sum();
  skipSpace();
  if (at < text.length) fail("extraText", `unexpected "${text.slice(at)}" after the rule`);
  return { left, comparison: comparison!, right, codes: used };
}

/** A side's value, or NaN when a value it reads is missing (or it divides by zero). */
export function evaluate(expression: Expression, value: (code: string) => number | null | undefined): number {
  switch (expression.kind) {
    case "number":
      return expression.value;
    case "code":
      return value(expression.code) ?? NaN;
    case "negate":
      return -evaluate(expression.operand, value);
    case "binary": {
      const l = evaluate(expression.left, value);
      const r = evaluate(expression.right, value);
      if (expression.operator === "+") return l + r;
      if (expression.operator === "-") return l - r;
      if (expression.operator === "*") return l * r;
      return r === 0 ? NaN : l / r;
    }
  }
}

/**
 * Whether the rule holds for one unit's values: "skipped" when a value it reads is missing.
 * Sums of decimals are not exact in binary (60.1 + 39.9 is 100.00000000000001), so both sides are
 * compared with a relative tolerance of 1e-9.
 */
export function checkRule(rule: ParsedRule, value: (code: string) => number | null | undefined): { outcome: "holds" | "broken" | "skipped"; left: number; right: number } {
  const left = evaluate(rule.left, value);
  const right = evaluate(rule.right, value);
  if (!Number.isFinite(left) || !Number.isFinite(right)) return { outcome: "skipped", left, right };
  const tolerance = 1e-9 * Math.max(1, Math.abs(left), Math.abs(right));
  const equal = Math.abs(left - right) <= tolerance;
  const holds = {
    "<=": left < right || equal,
    ">=": left > right || equal,
    "==": equal,
    "!=": !equal,
    "<": left < right && !equal,
    ">": left > right && !equal,
  }[rule.comparison];
  return { outcome: holds ? "holds" : "broken", left, right };
}
