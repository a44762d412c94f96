import { describe, expect, it } from "vitest";
import { isCrossSite } from "../../../app/features/access";

const app = "https://zhiping.example.cn";

describe("the cross-site request check", () => {
  it("lets safe methods through from anywhere", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) expect(isCrossSite({ method, origin: "https://evil.example", secFetchSite: "cross-site", appOrigin: app })).toBe(false);
  });

  it("refuses a state-changing request from any other origin, including a same-site one", () => {
    for (const origin of ["https://evil.example", "https://reports.zhiping.example.cn", "http://zhiping.example.cn", "https://zhiping.example.cn:8443", "null"])
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) expect(isCrossSite({ method, origin, secFetchSite: null, appOrigin: app }), `${method} from ${origin}`).toBe(true);
    expect(isCrossSite({ method: "POST", origin: app, secFetchSite: "same-origin", appOrigin: app })).toBe(false);
  });

  it("reads Sec-Fetch-Site when a browser sent no Origin; a request with neither comes from no page", () => {
    expect(isCrossSite({ method: "POST", origin: null, secFetchSite: "cross-site", appOrigin: app })).toBe(true);
    expect(isCrossSite({ method: "POST", origin: null, secFetchSite: "same-site", appOrigin: app })).toBe(true);
    expect(isCrossSite({ method: "POST", origin: null, secFetchSite: "same-origin", appOrigin: app })).toBe(false);
    expect(isCrossSite({ method: "POST", origin: null, secFetchSite: "none", appOrigin: app })).toBe(false);
    expect(isCrossSite({ method: "POST", origin: undefined, secFetchSite: undefined, appOrigin: app })).toBe(false);
  });
});
