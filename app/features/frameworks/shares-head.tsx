import { useT } from "../i18n";

/** The header of every table of weights and shares (a version's tree, the editor, the diff). */
export function SharesHead({ withName = true }: { withName?: boolean }) {
  const t = useT();
  return (
    <thead>
      <tr>
        <th scope="col">{t("codeColumn")}</th>
        {withName ? <th scope="col">{t("nameColumn")}</th> : null}
        <th scope="col">{t("weightColumn")}</th>
        <th scope="col">{t("nominalShare")}</th>
        <th scope="col">{t("effectiveShare")}</th>
      </tr>
    </thead>
  );
}
