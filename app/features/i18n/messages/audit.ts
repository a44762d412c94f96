/** The audit domain's texts, in Simplified Chinese and English. */
export const zh = {
  historyTitle: "变更记录（{count} 条）",
  historyFilter: "按指标筛选变更记录",
  historyAll: "全部指标",
  historyShow: "显示",
  historyNone: "没有变更记录。",
  hist_value: "修改数值",
  hist_review: "评审结论",
  hist_evidenceAdded: "添加证据",
  hist_evidenceRemoved: "撤下证据",
  hist_evidenceJudged: "评定证据",
  hist_status: "状态变更",
  hist_result: "冻结结果",
  hist_other: "其他",
};

export const en: Record<keyof typeof zh, string> = {
  historyTitle: "History ({count})",
  historyFilter: "Filter the history by indicator",
  historyAll: "All indicators",
  historyShow: "Show",
  historyNone: "Nothing recorded.",
  hist_value: "Value saved",
  hist_review: "Review decision",
  hist_evidenceAdded: "Evidence added",
  hist_evidenceRemoved: "Evidence withdrawn",
  hist_evidenceJudged: "Evidence judged",
  hist_status: "Status",
  hist_result: "Result frozen",
  hist_other: "Other",
};
