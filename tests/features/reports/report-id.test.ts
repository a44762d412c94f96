import { describe, expect, it } from "vitest";
import { normaliseReportId, normaliseResultHash, parseReportId } from "../../../reports/index";

describe("report IDs as readers type and paste them", () => {
  it("tolerates case, full-width forms, other dashes and the line break a PDF copy inserts", () => {
    for (const typed of ["zp-330100-d5d514ec051e", "ZP-330100-\nD5D514EC051E", " ZP–330100–D5D5 14EC 051E ", "ＺＰ－３３０１００－Ｄ５Ｄ５１４ＥＣ０５１Ｅ"]) {
      expect(normaliseReportId(typed), typed).toBe("ZP-330100-D5D514EC051E");
      expect(parseReportId(normaliseReportId(typed))).toEqual({ cityCode: "330100" });
    }
    expect(normaliseResultHash(" A0DDBFCB\r\nbd59 ")).toBe("a0ddbfcbbd59");
    expect(parseReportId(normaliseReportId("ZP-3301"))).toBeNull();
  });
});
