import { COLOURS, CONTENT_WIDTH, PAGE, spaceLeft, type Doc } from "./document";

export interface Column {
  header: string;
  /** Share of the content width. */
  width: number;
  align?: "left" | "right" | "center";
}

const PADDING = 3;
const FONT_SIZE = 8.5;

/**
 * A table that breaks across pages, repeating its header row on every page it spans. Rows are
 * never split: a row that does not fit starts the next page.
 */
export function table(doc: Doc, columns: Column[], rows: string[][], options: { zebra?: boolean } = {}) {
  const widths = columns.map((c) => c.width * CONTENT_WIDTH);
  const rowHeight = (cells: string[], font: "regular" | "bold") =>
    Math.max(
      ...cells.map((cell, i) => doc.font(font).fontSize(FONT_SIZE).heightOfString(cell || " ", { width: widths[i]! - 2 * PADDING })),
    ) + 2 * PADDING;

  const drawRow = (cells: string[], font: "regular" | "bold", fill: string | null) => {
    const height = rowHeight(cells, font);
    const y = doc.y;
    if (fill) doc.rect(PAGE.margin, y, CONTENT_WIDTH, height).fill(fill);
    let x = PAGE.margin;
    cells.forEach((cell, i) => {
      doc
        .font(font)
        .fontSize(FONT_SIZE)
        .fillColor(COLOURS.text)
        .text(cell, x + PADDING, y + PADDING, { width: widths[i]! - 2 * PADDING, align: columns[i]!.align ?? "left" });
      x += widths[i]!;
    });
    doc.moveTo(PAGE.margin, y + height).lineTo(PAGE.margin + CONTENT_WIDTH, y + height).lineWidth(0.4).strokeColor(COLOURS.rule).stroke();
    doc.y = y + height;
  };

  const header = columns.map((c) => c.header);
  const headerHeight = rowHeight(header, "bold");
  const drawHeader = () => drawRow(header, "bold", COLOURS.fill);

  if (spaceLeft(doc) < headerHeight + rowHeight(rows[0] ?? header, "regular")) doc.addPage();
  drawHeader();
  rows.forEach((cells, r) => {
    if (spaceLeft(doc) < rowHeight(cells, "regular")) {
      doc.addPage();
      drawHeader();
    }
    drawRow(cells, "regular", options.zebra && r % 2 === 1 ? "#f7f9fb" : null);
  });
  doc.x = PAGE.margin;
  doc.moveDown(0.5);
}
