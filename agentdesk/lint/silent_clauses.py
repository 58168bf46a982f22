"""Clauses that say nothing wrong by themselves, whatever the tone model scores them.

A hesitation (这个嘛), a topic (漏水这事啊), a request for confirmation (对不对) or for patience
(您多担待吧) stands beside the clause that carries the problem, if any; the tone layer asks
`says_nothing` before it flags a clause, so the finding lands on the clause beside it.
"""

from __future__ import annotations

import re

# A clause that only hesitates (这个嘛, 那个, 是这样的), names the topic (漏水这事啊,
# 至于补偿嘛, 关于退款这个问题), asks for confirmation (对不对, 啱唔啱) or for patience
# (您多担待吧, 你就多包涵啦) says nothing wrong by itself: the finding, if any, is the clause
# beside it, which the context cut used to spread to these (a judge called such findings false
# on d39-d42). Repeats (好好好, 行行行) and 哎 stay the model's to judge.
_SILENT = re.compile(
    "(?:这个|那个|嗯|呃|额|这样|是这样|怎么说呢)[嘛呢啊哈的呀哦吧]*"
    "|(?:关于|至于|说到)?[^是不关你您我他她它们]{1,6}(?:这事|这个事|这件事|这个问题|这块)儿?"
    "[啊呢嘛哈吧呀]*"
    "|(?:至于|关于|说到)[^是不关你您我他她它们，,]{1,6}[嘛呢啊哈吧呀]+"
    "|(?:啱唔啱|係唔係|系唔系|好唔好|得唔得|对不对|对吗|是吗|好吗|可以吗|行吗)"
    "|(?:还请|请|还望|麻烦)?(?:你们|您|你)?(?:就|多|请|还请|还望|麻烦)*"
    "(?:担待|包涵|理解|谅解|见谅|体谅)"
    "(?:一下|一点|点)?[吧啦哈呢啊哦呀嘛]*")


def says_nothing(clause: str) -> bool:
    """Is this normalised clause only a hesitation, a topic, a confirmation or a plea?"""
    return _SILENT.fullmatch(clause) is not None
