import { canonicalJson, sha256Hex } from "../engine/canonical";
import { FrameworkError, frameworkRef, parseFramework } from "../framework/load";
import type { Framework } from "../framework/schema";
import lock from "./published.lock.json";
import gbt33356 from "./gbt-33356@2016.0.0.json";
import gbt33356v2022 from "./gbt-33356@2022.0.0.json";
import zhipingPilot from "./zhiping-pilot@1.0.0.json";
import zhipingPilot11 from "./zhiping-pilot@1.1.0.json";
import zhipingPilot12 from "./zhiping-pilot@1.2.0.json";

/** SHA-256 of a framework document's canonical JSON: what published.lock.json records. */
export const frameworkDigest = (document: unknown) => sha256Hex([canonicalJson(document)]);

/**
 * Validates a bundled framework and, if it is published, checks that it is byte-for-byte (in
 * canonical form) what was published: a published version never changes; a change is a new version.
 */
export function checkPublished(document: unknown, published: Readonly<Record<string, string>>, source: string): Framework {
  const framework = parseFramework(document, source);
  if (framework.status !== "published") return framework;
  const ref = frameworkRef(framework);
  const expected = published[ref];
  if (!expected) throw new FrameworkError(source, [`${ref} is marked published but is not in published.lock.json`]);
  if (expected !== frameworkDigest(document))
    throw new FrameworkError(source, [`${ref} was published and must not change; publish the change as a new version`]);
  return framework;
}

const documents: Record<string, unknown> = {
  "zhiping-pilot@1.0.0.json": zhipingPilot,
  "zhiping-pilot@1.1.0.json": zhipingPilot11,
  "zhiping-pilot@1.2.0.json": zhipingPilot12,
  "gbt-33356@2016.0.0.json": gbt33356,
  "gbt-33356@2022.0.0.json": gbt33356v2022,
};

export const BUNDLED_FRAMEWORKS: readonly Framework[] = Object.entries(documents).map(([file, doc]) =>
  checkPublished(doc, lock as Record<string, string>, `indicators/frameworks/${file}`),
);

export function getFramework(ref: string): Framework {
  const found = BUNDLED_FRAMEWORKS.find((f) => frameworkRef(f) === ref);
  if (!found) throw new FrameworkError(ref, [`unknown framework; known: ${BUNDLED_FRAMEWORKS.map(frameworkRef).join(", ")}`]);
  return found;
}
