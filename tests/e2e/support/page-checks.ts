import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's WCAG 2.1 A/AA rules on the page as it stands; serious and critical violations only. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const { violations } = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
  });
}

/**
 * Text contrast of every visible control and link, against the first opaque background behind it:
 * what axe skips when a transparent button sits on a background it cannot resolve (white on white).
 */
export async function lowContrastControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgba = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number) as number[];
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c[3] ?? 1) > 0.5) return c;
      }
      return [255, 255, 255];
    };
    const failures: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("button, a[href], summary, [role=button], label")) {
      const text = el.innerText?.trim();
      const box = el.getBoundingClientRect();
      if (!text || box.width === 0 || box.height === 0 || (el as HTMLButtonElement).disabled) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || el.closest("[hidden], dialog:not([open])")) continue;
      const fg = rgba(style.color);
      const bg = background(el);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      const ratio = (l1! + 0.05) / (l2! + 0.05);
      const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) failures.push(`"${text.slice(0, 30)}" ${style.color} on rgb(${bg.slice(0, 3).join(", ")}): ${ratio.toFixed(2)}`);
    }
    return failures;
  });
}

/** What a Chinese reader must not meet: English phrases and internal codes (agency_lead, campaign.opened). */
export function englishInChinesePage(text: string): string[] {
  const cleaned = text
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\S+@\S+/g, " ") // e-mail addresses and framework references (zhiping-pilot@1.0.0)
    .replace(/\b[0-9a-f]{12,}\b/gi, " ")
    .replace(/\bZP-[0-9A-Z-]+/g, " ");
  const phrases = cleaned.match(/\b[A-Za-z][a-z]+(?:[ ,'’-]+[A-Za-z][a-z]+){2,}/g) ?? [];
  const codes = cleaned.match(/\b[a-z]+(?:_[a-z]+)+\b|\b[a-z]{3,}\.[a-z_]{3,}\b/g) ?? [];
  return [...phrases, ...codes];
}
