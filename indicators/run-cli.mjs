#!/usr/bin/env node
/**
 * node indicators/run-cli.mjs score|analyse [flags]: what `npm run score` and `npm run analyse` start.
 *
 * Node 20 cannot load TypeScript, and tsx's loader thread costs about 0.1 s of every start: a seventh
 * of the 0.7 s `score` has for every town (issue 17). So each CLI runs from one JavaScript bundle,
 * built by esbuild (the compiler tsx itself uses) into node_modules/.cache, and built again only
 * when one of its source files is no longer the one it was built from. npm packages stay outside
 * the bundle, so `npm install` needs no rebuild.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ENTRIES = { score: "cli.ts", analyse: "analyse-cli.ts" };

const here = dirname(fileURLToPath(import.meta.url));
const cacheDir = join(here, "..", "node_modules", ".cache", "zhiping-indicators");

/** A source file as the bundle saw it: its size and modification time. */
const fingerprint = (path) => {
  const { size, mtimeMs } = statSync(path);
  return `${size}:${mtimeMs}`;
};

function isCurrent(manifestPath) {
  try {
    const inputs = JSON.parse(readFileSync(manifestPath, "utf8"));
    return Object.entries(inputs).every(([path, seen]) => fingerprint(path) === seen);
  } catch {
    return false; // no bundle yet, or a source removed
  }
}

async function rebuild(entry, bundlePath, manifestPath) {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [join(here, entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    metafile: true,
    write: false,
    absWorkingDir: join(here, ".."),
    logLevel: "error",
  });
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((path) => {
    const absolute = join(here, "..", path);
    return [absolute, fingerprint(absolute)];
  }));
  // Written beside and renamed, so a CLI started at the same moment never loads half a bundle.
  mkdirSync(cacheDir, { recursive: true });
  const temporary = `${bundlePath}.${process.pid}.tmp`;
  writeFileSync(temporary, result.outputFiles[0].contents);
  renameSync(temporary, bundlePath);
  writeFileSync(`${manifestPath}.${process.pid}.tmp`, JSON.stringify(inputs));
  renameSync(`${manifestPath}.${process.pid}.tmp`, manifestPath);
}

const [name, ...args] = process.argv.slice(2);
const entry = ENTRIES[name];
if (!entry) {
  process.stderr.write(`usage: node indicators/run-cli.mjs ${Object.keys(ENTRIES).join("|")} [flags]\n`);
  process.exit(2);
}
const bundlePath = join(cacheDir, `${name}.mjs`);
const manifestPath = join(cacheDir, `${name}.inputs.json`);
if (!isCurrent(manifestPath)) await rebuild(entry, bundlePath, manifestPath);
const { main } = await import(pathToFileURL(bundlePath).href);
process.exitCode = main(args);
