"""The families of 服务禁语 the tone layer names: what the agent is told, the compliant way
to say it, and the words that excuse a clause of the family.

The trainer copies these into the model file it writes, so a team's own model can word its
families its own way; the linter reads them from the model file, never from here.
"""

from __future__ import annotations

# The families of 服务禁语 the manuals name, each with what the agent is told and the
# compliant way to say it. The model file carries a copy, so a team model can word its own.
FAMILIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "消极否定": ("语气消极、推脱，客户会觉得没人管；说明你会去查、何时回复。",
             "dismissive or negative: say what you will find out and when you will answer.",
             ("我帮您查询后回复您", "这个问题我需要核实后给您回复")),
    "不耐烦": ("流露不耐烦会激怒客户；请耐心倾听，必要时换一种方式再说明。",
            "impatient: listen, and explain again another way if needed.",
            ("您慢慢说，我在听", "我换个方式再为您说明一遍")),
    "命令指责": ("命令或指责客户是服务禁语；用请求的语气，先解决问题。",
             "commanding or blaming the customer: ask politely and solve the problem first.",
             ("麻烦您提供一下相关信息，我马上为您处理", "我们一起看看问题出在哪里")),
    "不礼貌称呼": ("称呼或评价客户不礼貌；请用“先生/女士/您”等尊称。",
              "rude address: use a courteous form of address (先生/女士/您).",
              ("不好意思，我换个方式再为您说明一下", "您好，请问有什么可以帮您")),
    "推诿": ("把客户推给他人是推诿；首问负责，由你联系相关方并跟进。",
           "passing the customer on: own it, contact the other party yourself and follow up.",
           ("我来帮您联系相关部门，处理结果我会及时告诉您", "这个问题我负责跟进到底")),
    "抱怨公司": ("不要在客户面前抱怨公司或同事；如实说明情况并给出处理办法。",
             "complaining about the company or colleagues: state the facts and the remedy.",
             ("给您带来不便非常抱歉，我们会尽快改进", "您的意见我会如实反馈给相关部门")),
    "拒绝无替代": ("只拒绝不给办法会让客户无路可走；说明原因并提供可行的替代方案。",
              "a refusal with no alternative: give the reason and offer what can be done.",
              ("很抱歉这个暂时无法办理，我可以为您申请其他方案",
               "按规定无法办理，我为您介绍其他可选的办法")),
    "激化矛盾": ("挑衅或激将会激化矛盾；先安抚情绪，再解决问题。",
             "provoking the customer: calm the situation first, then solve the problem.",
             ("非常理解您的心情，我一定认真帮您处理", "请您先别着急，我们一起想办法解决")),
    "过度承诺": ("不要作超出权限或无法兑现的承诺；说明会申请什么、何时答复。",
             "over-promising: promise only what you can keep; say what you will request, and when.",
             ("我会为您提交申请，结果以审核为准，我会在约定时间前回复您",
              "我们会尽力处理，并在约定时间前告诉您进展")),
}
# A refusal is only "with no alternative" when the reply offers none: these words anywhere
# in the (normalised) reply excuse the family. A clause alone cannot tell.
# Likewise a referral is not 推诿 when the agent takes it on (首问负责: "我帮您联系街道办，
# 并跟进结果").
EXCUSED_BY: dict[str, tuple[str, ...]] = {
    # "不清楚怎么操作也没关系，我一步步教您": the customer's not knowing, not the agent's
    "消极否定": ("也没关系", "不要紧", "没关系，我", "我一步步教您", "我来教您"),
    # saying what cannot be promised is the opposite of a promise: 我们不能保证快递一定明天到
    "过度承诺": ("不能保证", "无法保证", "没法保证", "没办法保证", "不敢保证", "很难保证",
             "不保证"),
    "推诿": ("我帮您联系", "我来联系", "我帮您转", "我为您转", "为您联系", "帮您联系", "我会跟进",
           "并跟进", "跟进结果", "跟进处理", "我来跟进", "帮您把情况转", "我帮您问", "我帮您协调",
           "我们来协调", "为您协调"),
    "拒绝无替代": ("可以为您", "可以帮您", "为您申请", "帮您申请", "为您办理", "建议您", "您可以",
              "或者", "不过", "但是", "但可以", "另外", "替代", "其他方案", "其他办法", "改为",
              "为您推荐", "给您推荐", "为您安排", "帮您转", "为您转",
              # what comes back and when: 不能补领，下一期活动下周开启，届时我会在公告里提醒
              "届时", "下一期", "下期活动", "到时候通知您", "到时提醒您", "会提醒您"),
}
# What replaces a clause of a family that is only a form of address (tone.VOCATIVE characters
# or fewer: 美女, 这位买家): a greeting, where a longer clause is rephrased.
SHORT_SUGGESTIONS: dict[str, tuple[str, ...]] = {"不礼貌称呼": ("您好",)}
LABELS = ("ok", *FAMILIES)
