/** The review domain's texts, in Simplified Chinese and English. */
export const zh = {
  blindAssessment: "盲评：贵机构作为第二评估机构独立评分。保存全部指标的评审后，才能看到首评机构的结果与两家的一致性。",
  decision_accepted: "采纳",
  decision_adjusted: "调整",
  decision_returned: "退回",
  p_reviewNotInFramework: "不是本评估框架的指标",
  p_adjustmentNeedsValue: "调整须填写调整后数值",
  p_adjustmentNeedsReason: "调整须说明理由",
  p_returnNeedsReason: "退回须说明城市需修改的内容",
  p_secondNotScored: "第二评估机构尚未评定该指标",
  p_signOffIncomplete: "尚有指标未评审（请先采纳或调整）：{codes}",
  p_signOffEvidence: "暂不能签发：{details}。",
  p_signOffEvidenceMissing: "{count} 项指标缺少必需证据（{codes}），请退回城市补充",
  p_signOffEvidenceUnjudged: "{count} 份证据尚未评定（{codes}）",
  p_reviewOnlyInReview: "只能评审评审中的提交（当前状态：{status}）。",
};

export const en: Record<keyof typeof zh, string> = {
  blindAssessment: "Blind assessment: as the second agency you score independently. Once your review of every indicator is saved, you will see the primary agency's results and how the two agree.",
  decision_accepted: "Accept",
  decision_adjusted: "Adjust",
  decision_returned: "Return",
  p_reviewNotInFramework: "not an indicator of this framework",
  p_adjustmentNeedsValue: "an adjustment needs the adjusted value",
  p_adjustmentNeedsReason: "an adjustment needs a reason",
  p_returnNeedsReason: "say what the city must correct",
  p_secondNotScored: "the second assessor has not scored this indicator",
  p_signOffIncomplete: "Not yet reviewed (accept or adjust first): {codes}",
  p_signOffEvidence: "Cannot sign off yet: {details}.",
  p_signOffEvidenceMissing: "{count} indicators lack mandatory evidence ({codes}); return them to the city",
  p_signOffEvidenceUnjudged: "{count} evidence items not yet judged ({codes})",
  p_reviewOnlyInReview: "Only a submission in review can be reviewed (this one is {status}).",
};
