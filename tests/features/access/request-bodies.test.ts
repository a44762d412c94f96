import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { evidence, indicatorValue, submission } from "../../../db/schema";
import * as page from "../../../app/routes/campaigns.$slug.cities.$code._index/route";
import * as evidenceRoute from "../../../app/routes/campaigns.$slug.cities.$code.evidence";
import * as importRoute from "../../../app/routes/campaigns.$slug.cities.$code.import";
import { BASE, Client, signIn, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";

const HF = { slug: "pilot-2026", code: "340100" };
const PAGE = "/campaigns/pilot-2026/cities/340100";

/** A body that counts what the server read of it: 100 MB if read to the end. */
function countingBody(totalBytes: number) {
  let read = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (read >= totalBytes) return controller.close();
      read += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, read: () => read };
}

const post = (client: Client, path: string, body: BodyInit, contentType?: string) =>
  new Request(`${BASE}${path}`, { method: "POST", headers: client.headers(contentType ? { "content-type": contentType } : {}), body, duplex: "half" } as RequestInit);

async function settle(run: () => unknown): Promise<{ status: number; text: string }> {
  try {
    const value = await run();
    if (value instanceof Response) return { status: value.status, text: await value.text() };
    const d = value as { init?: { status?: number }; data?: unknown };
    return { status: d.init?.status ?? 200, text: JSON.stringify(d.data ?? value) };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() };
    throw thrown;
  }
}

describe.each(DRIVERS)("request bodies are bounded, after the access check, and bad ones are 4xx on %s", (driver) => {
  const database = useApp(driver);
  const subOf = async () => (await database.db.select().from(submission))[0];

  it("an anonymous 100 MB body to a submission action is refused before a byte is read", async () => {
    const body = countingBody(100 * 1024 * 1024);
    const anonymous = new Client();
    const answer = await settle(() => page.action({ request: post(anonymous, PAGE, body.stream, "application/x-www-form-urlencoded"), params: HF, context: {} }));
    expect(answer.status).toBe(302);
    expect(body.read()).toBeLessThanOrEqual(64 * 1024);
  });

  it("a signed-in editor's oversized form is cut off at the limit with 413, and nothing is stored", async () => {
    const editor = await signIn("editor.340100@zhiping.demo");
    const body = countingBody(100 * 1024 * 1024);
    const answer = await settle(() => page.action({ request: post(editor, PAGE, body.stream, "application/x-www-form-urlencoded"), params: HF, context: {} }));
    expect(answer.status).toBe(413);
    expect(answer.text).toContain("超过上限");
    expect(body.read()).toBeLessThan(10 * 1024 * 1024);
  });

  it("a 30 MB evidence upload answers 413 (not 200), and stores nothing", async () => {
    const editor = await signIn("editor.340100@zhiping.demo");
    const form = new FormData();
    form.set("intent", "upload");
    form.set("indicator", "CE1.1");
    form.set("file", new File([new Uint8Array(30 * 1024 * 1024)], "big.pdf"));
    const answer = await editor.send(evidenceRoute, `${PAGE}/evidence`, form, HF);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ ok: false, error: expect.stringContaining("25.0 MB") });
    expect(await database.db.select().from(evidence)).toHaveLength(0);
  });

  it("a truncated multipart body, a NUL in a field and a damaged hidden field are 400s that change nothing", async () => {
    const editor = await signIn("editor.340100@zhiping.demo");
    const truncated = '--XX\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n--XX\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4';
    for (const route of [evidenceRoute, importRoute]) {
      const answer = await settle(() => route.action({ request: post(editor, `${PAGE}/x`, truncated, "multipart/form-data; boundary=XX"), params: HF, context: {} }));
      expect(answer.status).toBe(400);
      expect(answer.text).toContain("格式不完整");
    }
    const version = String((await subOf())?.version ?? 0);
    const nul = await editor.act(page, PAGE, { intent: "save", version, "v:CE1.1": "5", "n:CE1.1": "a\0b", "b:CE1.1": "0" }, HF);
    expect(nul.status).toBe(400);
    const damaged = await editor.act(page, PAGE, { intent: "save", version, "v:CE1.1": "5", "o:CE1.1": "not json", "b:CE1.1": "0" }, HF);
    expect(damaged).toMatchObject({ status: 400, body: { invalid: [{ code: "CE1.1", message: expect.stringContaining("请刷新页面") }] } });
    expect(await database.db.select().from(indicatorValue).where(eq(indicatorValue.indicatorCode, "CE1.1"))).toHaveLength(0);
  });

  it("text fields are bounded where they are saved: a 10 MB narrative is refused by name, through the form and the import alike", async () => {
    const editor = await signIn("editor.340100@zhiping.demo");
    const version = String((await subOf())?.version ?? 0);
    const long = "很".repeat(4001);
    const saved = await editor.act(page, PAGE, { intent: "save", version, "v:CE1.1": "5", "n:CE1.1": long, "b:CE1.1": "0" }, HF);
    expect(saved).toMatchObject({ status: 400, body: { invalid: [{ code: "CE1.1", message: "“说明”最多 4000 个字符，现有 4001 个；未作任何更改。" }] } });
    const huge = await editor.act(page, PAGE, { intent: "save", version, "v:CE1.1": "5", "n:CE1.1": "x".repeat(10 * 1024 * 1024), "b:CE1.1": "0" }, HF);
    expect(huge.status).toBe(413);
    const csv = `指标代码,指标名称,单位,取值,说明,数据来源\r\nCE1.1,,,5,${"很".repeat(4001)},\r\n`;
    const form = new FormData();
    form.set("file", new File([csv], "t.csv"));
    const imported = await editor.send(importRoute, `${PAGE}/import`, form, HF);
    expect(imported).toMatchObject({ status: 400, body: { ok: false, problems: [{ message: expect.stringContaining("最多 4000 个字符") }] } });
    expect(await database.db.select().from(indicatorValue).where(eq(indicatorValue.indicatorCode, "CE1.1"))).toHaveLength(0);
  });
});
