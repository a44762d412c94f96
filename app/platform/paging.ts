/** Where a page of a long list stands: which page of how many, which rows (1-based) of how many. */
export type Paging = {
  page: number;
  pages: number;
  first: number;
  last: number;
  total: number;
};

/** The page a reader asked for (`?page=`, 1 when absent or not a number), kept within the list, and which rows it holds. */
export function pageWithin(total: number, size: number, requested: string | null): Paging & { offset: number } {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(pages, Math.max(1, Math.floor(Number(requested) || 1)));
  const offset = (page - 1) * size;
  return { page, pages, offset, first: offset + 1, last: Math.min(total, offset + size), total };
}
