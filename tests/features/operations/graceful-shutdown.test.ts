import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { gracefulShutdown } from "../../../app/server/graceful-shutdown";

/**
 * A save whose body arrives slowly: it is in flight when SIGTERM comes, and must still commit and
 * be answered. `committed` records what the handler finished, `events` the order of things.
 */
async function slowSaveServer(graceMs: number) {
  const events: string[] = [];
  const app = express();
  app.post("/save", express.text(), (req, res) => {
    events.push(`committed ${req.body}`);
    res.send(`saved ${req.body}`);
  });
  app.get("/quick", (_req, res) => void res.send("quick"));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const port = (server.address() as AddressInfo).port;
  const shutdown = gracefulShutdown(server, {
    graceMs,
    afterRequests: async () => void events.push("database closed"),
    log: () => {},
  });
  /** Starts a save and returns a function to finish its body, and the answer. */
  const startSave = (value: string) => {
    const req = httpRequest({ port, host: "127.0.0.1", method: "POST", path: "/save", headers: { "content-type": "text/plain", "content-length": String(value.length) } });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on("response", (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      });
      req.on("error", reject);
    });
    req.write(value.slice(0, 2));
    return { finish: () => req.end(value.slice(2)), answer };
  };
  return { port, events, shutdown, startSave };
}

describe("graceful shutdown", () => {
  it("stops accepting, lets the save in flight commit and answer, and only then closes the database", async () => {
    const { port, events, shutdown, startSave } = await slowSaveServer(5_000);
    const save = startSave("value-42");
    await new Promise((r) => setTimeout(r, 50));
    const stopped = shutdown();
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`http://127.0.0.1:${port}/quick`)).rejects.toThrow();
    expect(events).toEqual([]);
    save.finish();
    expect(await save.answer).toEqual({ status: 200, body: "saved value-42" });
    await stopped;
    expect(events).toEqual(["committed value-42", "database closed"]);
  });

  it("is bounded: a request still running when the grace period ends is cut, and the shutdown completes", async () => {
    const { events, shutdown, startSave } = await slowSaveServer(200);
    const stuck = startSave("never-finished");
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await shutdown();
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(stuck.answer).rejects.toThrow();
    expect(events).toEqual(["database closed"]);
  });

  it("shuts down at once when nothing is in flight, and a second signal waits for the same shutdown", async () => {
    const { events, shutdown } = await slowSaveServer(5_000);
    const [first, second] = [shutdown(), shutdown()];
    expect(first).toBe(second);
    await first;
    expect(events).toEqual(["database closed"]);
  });
});
