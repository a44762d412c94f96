import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { MESSAGE_FILES } from "../../app/features/i18n";

const ROOT = resolve(import.meta.dirname, "../..");
const APP = join(ROOT, "app");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const sources = [...walk(APP), ...walk(join(ROOT, "db")), ...walk(join(ROOT, "reports"))];

/** Every import specifier of a file, resolved to a path inside the repository (packages are skipped). */
function importsOf(file: string): { spec: string; target: string }[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from\s*|import\s*\(\s*|^import\s+)["']([^"']+)["']/gm)].flatMap(([, spec]) => {
    if (spec!.startsWith("~/")) return [{ spec: spec!, target: join(APP, spec!.slice(2)) }];
    if (spec!.startsWith(".")) return [{ spec: spec!, target: resolve(dirname(file), spec!) }];
    return [];
  });
}

const domainOf = (path: string) => (path.startsWith(join(APP, "features") + "/") ? relative(join(APP, "features"), path).split("/")[0]! : null);

describe("the layout keeps each rule in one home", () => {
  it("a domain is imported from outside only through its index.ts or index.server.ts", () => {
    const deep = sources.flatMap((file) =>
      importsOf(file)
        .filter(({ target }) => {
          const domain = domainOf(target);
          if (!domain || domain === domainOf(file)) return false;
          return !/\/features\/[^/]+(\/index(\.server)?)?$/.test(target.replace(/\.tsx?$/, ""));
        })
        .map(({ spec }) => `${relative(ROOT, file)} → ${spec}`),
    );
    expect(deep).toEqual([]);
  });

  it("the app, the reports and the database code enter the engine through indicators/index.ts only (pages through indicators/browser.ts)", () => {
    const entries = [join(ROOT, "indicators/index"), join(ROOT, "indicators/browser")];
    const deep = sources.flatMap((file) =>
      importsOf(file)
        .filter(({ target }) => target.startsWith(join(ROOT, "indicators") + "/") && !entries.includes(target.replace(/\.ts$/, "")))
        .map(({ spec }) => `${relative(ROOT, file)} → ${spec}`),
    );
    expect(deep).toEqual([]);
  });

  it("every request body is read through one bounded reader, never parsed whole (request.formData(), .json(), .text(), .arrayBuffer())", () => {
    const offenders = sources
      .filter((f) => f !== join(APP, "platform/request-body.server.ts"))
      .flatMap((f) => readFileSync(f, "utf8").split("\n").map((line, i) => [f, i + 1, line] as const))
      .filter(([, , line]) => /\brequest\.(formData|json|text|arrayBuffer|blob)\(\)|unstable_parseMultipartFormData/.test(line))
      .map(([f, n]) => `${relative(ROOT, f)}:${n}`);
    expect(offenders).toEqual([]);
  });

  it("a resource route answers with a real Response: data() from a route without a page would go out as 200 whatever its status", () => {
    const routes = walk(join(APP, "routes")).filter((f) => {
      const path = relative(join(APP, "routes"), f);
      return !path.includes("/") || /\/route\.tsx?$/.test(path);
    });
    const offenders = routes.filter((f) => {
      const text = readFileSync(f, "utf8");
      return !/export default/.test(text) && /\bdata\(/.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""));
    });
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it("no page decides access by itself: no role or organization-kind comparisons outside features/access", () => {
    const offenders = sources
      .filter((f) => !f.startsWith(join(APP, "features/access")))
      .flatMap((f) => readFileSync(f, "utf8").split("\n").map((line, i) => [f, i + 1, line] as const))
      .filter(([, , line]) => /\.role\s*[!=]==\s*"(ministry|agency|city)_|role\s*[!=]==\s*"(ministry|agency|city)_/.test(line))
      .map(([f, n]) => `${relative(ROOT, f)}:${n}`);
    expect(offenders).toEqual([]);
  });

  it("message keys are typed: no casts to MessageKey, and each key belongs to exactly one message file", () => {
    expect(sources.filter((f) => readFileSync(f, "utf8").includes("as MessageKey")).map((f) => relative(ROOT, f))).toEqual([]);
    const owners = new Map<string, string[]>();
    for (const [file, messages] of Object.entries(MESSAGE_FILES)) {
      expect(Object.keys(messages.en).sort(), `${file}: the same keys in both languages`).toEqual(Object.keys(messages.zh).sort());
      for (const key of Object.keys(messages.zh)) owners.set(key, [...(owners.get(key) ?? []), file]);
    }
    expect([...owners].filter(([, files]) => files.length > 1)).toEqual([]);
  });

  it("no route writes a refusal in English: 4xx responses go through refusal() in the reader's language", () => {
    const routes = walk(join(APP, "routes")).concat(walk(join(APP, "features")));
    const english = routes.filter((f) => /new Response\(\s*[`"'][A-Za-z]/.test(readFileSync(f, "utf8"))).map((f) => relative(ROOT, f));
    expect(english).toEqual([]);
  });
});
