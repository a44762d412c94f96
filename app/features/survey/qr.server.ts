import QRCode from "qrcode";

/** A QR code of the survey's public address, to print on posters and show at service counters. */
export const surveyQrSvg = (url: string) => QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
export const surveyQrPng = (url: string) => QRCode.toBuffer(url, { type: "png", errorCorrectionLevel: "M", margin: 2, width: 512 });
