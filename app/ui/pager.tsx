import { Link } from "@remix-run/react";
import { useT } from "~/features/i18n";
import type { Paging } from "~/platform/paging";



/** Where a long list stands (rows shown of how many) and links to the page before and after; nothing for a single page. */
export function Pager({ paging, label, href, counted = true }: { paging: Paging; label: string; href: (page: number) => string; counted?: boolean }) {
  const t = useT();
  if (paging.pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      {counted ? <span>{t("rowsPaged", paging)}</span> : null}
      {paging.page > 1 ? (
        <Link to={href(paging.page - 1)} preventScrollReset>
          {t("previousPage")}
        </Link>
      ) : null}
      <span>{t("pageOf", paging)}</span>
      {paging.page < paging.pages ? (
        <Link to={href(paging.page + 1)} preventScrollReset>
          {t("nextPage")}
        </Link>
      ) : null}
    </nav>
  );
}
