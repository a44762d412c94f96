import { COLOURS, CONTENT_WIDTH, PAGE, ensureSpace, type Doc } from "./document";

export interface RadarSeries {
  label: string;
  values: (number | null)[];
  colour: string;
  dash?: boolean;
}

/**
 * Radar chart drawn as vector paths (no raster image): one axis per dimension, scale 0–100 with
 * rings every 20 points, one closed polygon per series, legend underneath. A missing value is
 * drawn at the centre.
 */
export function radarChart(doc: Doc, axes: string[], series: RadarSeries[], size = 260) {
  const labelRoom = 70;
  const height = size + 40;
  ensureSpace(doc, height);
  const top = doc.y;
  const cx = PAGE.margin + CONTENT_WIDTH / 2;
  const cy = top + size / 2 + 10;
  const radius = size / 2 - labelRoom / 4;
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / axes.length;
  const point = (i: number, value: number) => [cx + Math.cos(angle(i)) * radius * (value / 100), cy + Math.sin(angle(i)) * radius * (value / 100)] as const;

  doc.save().lineWidth(0.4).strokeColor(COLOURS.rule);
  for (let ring = 20; ring <= 100; ring += 20) {
    axes.forEach((_, i) => {
      const [x, y] = point(i, ring);
      if (i === 0) doc.moveTo(x, y);
      else doc.lineTo(x, y);
    });
    doc.closePath().stroke();
    doc.font("regular").fontSize(6).fillColor(COLOURS.muted).text(String(ring), cx + 2, cy - radius * (ring / 100) - 7, { lineBreak: false });
  }
  axes.forEach((label, i) => {
    const [x, y] = point(i, 100);
    doc.moveTo(cx, cy).lineTo(x, y).stroke();
    const [lx, ly] = point(i, 118);
    doc.font("regular").fontSize(8).fillColor(COLOURS.text).text(label, lx - 40, ly - 5, { width: 80, align: "center", lineBreak: false });
  });
  doc.restore();

  for (const s of series) {
    doc.save().lineWidth(1.4).strokeColor(s.colour);
    if (s.dash) doc.dash(3, { space: 2 });
    s.values.forEach((v, i) => {
      const [x, y] = point(i, v ?? 0);
      if (i === 0) doc.moveTo(x, y);
      else doc.lineTo(x, y);
    });
    doc.closePath();
    if (!s.dash) doc.fillOpacity(0.12).fillAndStroke(s.colour, s.colour);
    else doc.stroke();
    doc.restore();
  }
  doc.y = top + size + 14;
  legend(doc, series.map((s) => ({ label: s.label, colour: s.colour, dash: s.dash })));
}

export function legend(doc: Doc, items: { label: string; colour: string; dash?: boolean }[]) {
  let x = PAGE.margin;
  const y = doc.y;
  doc.font("regular").fontSize(8);
  for (const item of items) {
    doc.save().lineWidth(2).strokeColor(item.colour);
    if (item.dash) doc.dash(3, { space: 2 });
    doc.moveTo(x, y + 5).lineTo(x + 18, y + 5).stroke().restore();
    doc.fillColor(COLOURS.text).text(item.label, x + 22, y, { lineBreak: false });
    x += 22 + doc.widthOfString(item.label) + 18;
  }
  doc.y = y + 16;
  doc.x = PAGE.margin;
}

/** Horizontal bars on a 0–100 scale with the value printed at the end of each bar. */
export function barChart(doc: Doc, bars: { label: string; value: number | null }[], options: { labelWidth?: number; colour?: string } = {}) {
  const labelWidth = options.labelWidth ?? 150;
  const barArea = CONTENT_WIDTH - labelWidth - 40;
  const rowHeight = 14;
  for (const bar of bars) {
    ensureSpace(doc, rowHeight + 2);
    const y = doc.y;
    doc.font("regular").fontSize(8).fillColor(COLOURS.text).text(bar.label, PAGE.margin, y + 2, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
    doc.rect(PAGE.margin + labelWidth, y + 2, barArea, rowHeight - 4).fill(COLOURS.fill);
    if (bar.value !== null) doc.rect(PAGE.margin + labelWidth, y + 2, (barArea * Math.max(0, Math.min(100, bar.value))) / 100, rowHeight - 4).fill(options.colour ?? COLOURS.series[0]);
    doc
      .fillColor(COLOURS.text)
      .text(bar.value === null ? "—" : bar.value.toFixed(1), PAGE.margin + labelWidth + barArea + 4, y + 2, { width: 36, lineBreak: false });
    doc.y = y + rowHeight;
  }
  doc.x = PAGE.margin;
  doc.moveDown(0.4);
}

/**
 * A dot strip per row (one dot per city on a 0–100 axis) with the median marked: the cohort's
 * spread in a few millimetres, readable in print and without colour.
 */
export function distributionStrips(doc: Doc, rows: { label: string; values: number[] }[], labelWidth = 120) {
  const axis = CONTENT_WIDTH - labelWidth - 10;
  const x0 = PAGE.margin + labelWidth;
  const rowHeight = 22;
  ensureSpace(doc, rowHeight * Math.min(rows.length, 3) + 20);
  for (const row of rows) {
    ensureSpace(doc, rowHeight + 16);
    const y = doc.y;
    doc.font("regular").fontSize(8).fillColor(COLOURS.text).text(row.label, PAGE.margin, y + 6, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
    doc.moveTo(x0, y + 11).lineTo(x0 + axis, y + 11).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
    for (const v of row.values) doc.circle(x0 + (axis * v) / 100, y + 11, 2.6).fillOpacity(0.55).fill(COLOURS.series[0]).fillOpacity(1);
    const sorted = [...row.values].sort((a, b) => a - b);
    if (sorted.length) {
      const mid = sorted.length >> 1;
      const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
      doc.moveTo(x0 + (axis * median) / 100, y + 3).lineTo(x0 + (axis * median) / 100, y + 19).lineWidth(1.5).strokeColor(COLOURS.series[5]).stroke();
    }
    doc.y = y + rowHeight;
  }
  const y = doc.y;
  doc.font("regular").fontSize(7).fillColor(COLOURS.muted);
  for (let tick = 0; tick <= 100; tick += 20) doc.text(String(tick), x0 + (axis * tick) / 100 - 6, y, { width: 12, align: "center", lineBreak: false });
  doc.y = y + 12;
  doc.x = PAGE.margin;
  doc.fillColor(COLOURS.text);
}
