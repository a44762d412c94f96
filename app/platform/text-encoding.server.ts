import iconv from "iconv-lite";

/**
 * Text as Chinese offices save it: UTF-8 (strictly valid), else GBK (what Excel on a Chinese
 * Windows writes) when it decodes without replacement characters; null for anything else.
 */
export function decodeChineseText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const text = iconv.decode(Buffer.from(bytes), "gbk");
    return text.includes("\ufffd") ? null : text;
  }
}
