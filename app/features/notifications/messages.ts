/** E-mails sent when a submission changes hands, in both languages (each recipient gets their own). */
export const notificationsZh = {
  n_submitSubject: "【智评】{city}已提交《{campaign}》评估材料，待评审",
  n_submitText: "{by}提交了{city}的评估材料（第 {round} 轮）。\n评审截止：{deadline}\n查看并评审：{url}",
  n_resubmitSubject: "【智评】{city}已按退回意见修改并重新提交",
  n_resubmitText: "{by}重新提交了{city}的评估材料（第 {round} 轮）；自上次退回以来的修改列在页面顶部。\n评审截止：{deadline}\n查看并评审：{url}",
  n_returnedSubject: "【智评】《{campaign}》评估材料被退回修改",
  n_returnedText: "{by}退回了{city}的评估材料。需要修改：\n{items}\n请于 {deadline} 前修改并重新提交：{url}",
  n_signedOffSubject: "【智评】{city}的评估结果已签发",
  n_signedOffText: "{by}签发了{city}在《{campaign}》中的评估结果。\n综合得分：{score}\n可复现哈希：{hash}\n查看：{url}",
  n_withdrawnSubject: "【智评】{city}已撤回参评",
  n_withdrawnText: "{by}撤回了{city}在《{campaign}》中的参评。\n理由：{reason}\n查看：{url}",
  n_reminderSubject: "【智评】《{campaign}》{city}的填报将于 {deadline} 截止",
  n_reminderText: "{city}的评估材料尚未提交（{status}）：已填 {filled} / {total} 项指标，{missing} 项缺少必需证据。\n请于 {deadline}（北京时间当日 24 时）前完成并提交：{url}",
} as const;

export type NotificationKey = keyof typeof notificationsZh;

export const notificationsEn: Record<NotificationKey, string> = {
  n_submitSubject: "[Zhiping] {city} submitted its evidence for {campaign}: ready for review",
  n_submitText: "{by} submitted {city}'s submission (round {round}).\nReview due: {deadline}\nOpen and review: {url}",
  n_resubmitSubject: "[Zhiping] {city} corrected and resubmitted",
  n_resubmitText: "{by} resubmitted {city}'s submission (round {round}); the changes since the return are listed at the top of the page.\nReview due: {deadline}\nOpen and review: {url}",
  n_returnedSubject: "[Zhiping] Your submission for {campaign} was returned for correction",
  n_returnedText: "{by} returned {city}'s submission. To fix:\n{items}\nCorrect and resubmit by {deadline}: {url}",
  n_signedOffSubject: "[Zhiping] {city}'s result is signed off",
  n_signedOffText: "{by} signed off {city}'s result in {campaign}.\nOverall score: {score}\nReproducibility hash: {hash}\nOpen: {url}",
  n_withdrawnSubject: "[Zhiping] {city} withdrew from the campaign",
  n_withdrawnText: "{by} withdrew {city} from {campaign}.\nReason: {reason}\nOpen: {url}",
  n_reminderSubject: "[Zhiping] {city}'s submission for {campaign} is due {deadline}",
  n_reminderText: "{city}'s submission is not in yet ({status}): {filled} of {total} indicators filled, {missing} missing required evidence.\nComplete and submit it by the end of {deadline} (Beijing time): {url}",
};
