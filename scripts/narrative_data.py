#!/usr/bin/env python
"""Generate the labelled narrative training data (fixtures/narrative/*.jsonl).

All phrase parts below were written for this project (none copied from the
corpus under ../shared/corpus).  Every phrase pool is partitioned into a
*train* part and a *held-out* part (every 4th entry goes to held-out), and the
paragraph templates are partitioned the same way: held-out paragraphs are
composed only from held-out phrase parts and held-out templates, so the
held-out F1 measures generalisation to unseen wording, not memorisation.

Each output line is one paragraph:
  {"id": ..., "context": section id, "heading": preceding sub-heading or null,
   "text": paragraph, "spans": [[start, end, label], ...]}
The training script splits paragraphs into units with
report_extract.narrative.sentences.split_units and gives each unit the label
of the annotated span it overlaps most.

Usage: python scripts/narrative_data.py [--seed 13] [--n-train 1600] [--n-heldout 400]
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "fixtures" / "narrative"


def split_pool(items):
    """Return (train, heldout): every 4th item (index % 4 == 3) is held out."""
    tr = [x for i, x in enumerate(items) if i % 4 != 3]
    ho = [x for i, x in enumerate(items) if i % 4 == 3]
    return tr, ho


# ---------------------------------------------------------------- phrase parts
SUBJECTS = [
    "政策解读", "依申请公开", "政务新媒体", "政府网站", "基层政务公开", "信息公开队伍", "业务培训",
    "信息发布时效", "主动公开目录", "政民互动", "重点领域信息公开", "重大行政决策预公开", "保密审查",
    "政府信息公开指南", "政府信息公开专栏", "公共数据开放", "办事指南", "财政预决算公开", "规范性文件公开",
    "政务服务事项公开", "社会关切回应", "政务舆情回应", "在线访谈", "公众参与", "意见征集", "政府公报",
    "政府信息查阅点", "政务公开专区", "政务公开考核评议", "监督检查", "栏目内容更新", "网站栏目建设",
    "依申请公开答复文书", "历史文件清理", "行政执法公示", "民生领域信息公开", "涉企政策发布", "惠企政策推送",
    "图解解读", "公开属性源头认定", "信息发布审核", "乡镇政务公开", "村务公开", "年度报告编制",
    "政务公开标准目录", "网站集约化", "无障碍建设", "智能问答", "建议提案办理结果公开", "人事信息公开",
    "招标采购信息公开", "统计数据发布", "应急信息发布", "留言办理", "12345热线联动", "信息公开工作台账",
    "政府开放日活动", "解读材料同步发布", "政策文件库", "政务公开工作机制",
]
ORGS = [
    "个别单位", "部分部门", "少数乡镇", "一些科室", "个别工作人员", "部分街道", "少数基层单位", "个别业务科室",
    "部分区直部门", "一些村（社区）", "个别直属单位", "部分镇（街道）",
]
WE = ["我局", "我办", "我区", "我县", "我委", "本机关", "我市", "我中心", "我们", "区政府办", "县政府办公室", "我镇"]
PROB_PRED = [
    "有待提高", "还有待加强", "仍需加强", "不够及时", "不够规范", "不够全面", "不够深入", "存在短板", "相对滞后",
    "与群众期待还有差距", "质量不高", "水平参差不齐", "发展不均衡", "落实不到位", "有所欠缺", "形式较为单一",
    "针对性不强", "时效性不强", "覆盖面不广", "互动性不足", "主动性不够", "仍有提升空间", "尚需完善", "比较薄弱",
    "机制尚不健全", "还不够精准", "更新不够及时", "利用率不高", "专业化程度不高", "还需进一步规范",
    "存在滞后现象", "深度和广度不够", "标准化程度偏低", "还需持续改进", "效果不够明显", "还存在薄弱环节",
    "有待进一步提升", "亟待加强", "不够完善", "与上级要求相比还有差距", "力度还不够大", "工作合力尚未形成",
    "还不能完全满足公众需求", "还停留在简单转发层面", "内容不够丰富", "精细化水平不高",
]
PROB_ADV = ["还", "仍", "仍然", "依然", "尚", "总体上", "在一定程度上", "", "", "", "还是", "相对"]
CAUSES = [
    "工作人员多为兼职", "人员流动较大", "业务培训频次不够", "部门之间沟通协调不畅", "对新条例理解不深",
    "技术力量薄弱", "经费保障不足", "重视程度不够", "工作任务繁重", "缺乏专业人才", "考核激励不够",
    "信息报送渠道不畅", "审核把关环节较多", "基层人员变动频繁", "制度执行不严", "统筹调度不够",
]
PROB_FULL = [  # whole problem clauses with their own subject
    "部分工作人员对政府信息公开的重要性认识不足",
    "信息公开工作人员专业能力和业务水平有待提升",
    "公开内容与群众关切的契合度还不够高",
    "个别栏目存在长期未更新的情况",
    "政策解读存在“重发布、轻解读”现象",
    "部分信息发布后的回应关切不够及时",
    "依申请公开办理的规范化水平还需提高",
    "政务公开工作发展不够平衡",
    "对基层政务公开的指导还不够到位",
    "信息公开的主动意识还不强",
    "部分公开信息的可读性不强",
    "政民互动平台的答复质量参差不齐",
    "政府网站与政务新媒体的联动还不够",
    "对照新形势新要求，工作还存在一定差距",
    "部分单位存在被动公开的思想",
    "公开形式仍以文字为主，图解、视频等形式运用较少",
    "少数单位信息报送不及时、不准确",
    "工作人员更换频繁，业务衔接不够顺畅",
    "对公开工作的监督考核力度不够",
    "信息公开的标准化、规范化建设还需加强",
    "基层公开事项梳理还不够细致",
    "数据开放的广度和深度有限",
    "部分答复文书的说理性不够充分",
    "政务公开与政务服务融合不够紧密",
    "解读材料的通俗性和生动性还需增强",
    "信息发布审核流程还不够完善",
    "有的信息未按规定时限公开",
    "宣传推广力度不够，群众知晓率不高",
]
IMP_VERB = [
    "进一步加强", "持续推进", "不断完善", "健全", "推动", "强化", "优化", "深化", "加大", "着力提升",
    "扎实推进", "全面梳理", "严格落实", "积极探索", "切实加强", "建立健全", "加快推进", "规范", "提升", "改进",
    "抓好", "做实", "拓展", "丰富", "创新", "统筹推进", "狠抓", "认真做好", "全力推进", "持续深化", "用好",
    "完善", "压实", "细化", "落实好", "加强",
]
IMP_OBJ_SUFFIX = ["工作", "机制", "管理", "建设", "力度", "质量", "水平", "制度", "流程", "规范化建设"]
GOALS = [
    "确保信息公开及时、准确、全面", "切实提高公开质量和实效", "不断提升群众满意度", "让群众看得懂、用得上",
    "更好地回应社会关切", "推动政务公开工作提质增效", "保障公众的知情权和监督权", "做到应公开尽公开",
    "提升政务公开的权威性和公信力", "增强公开的针对性和实效性", "打通政务公开“最后一公里”", "形成工作合力",
    "提高工作人员业务素质", "营造良好的公开氛围", "确保各项要求落到实处", "提升政府透明度",
    "为群众提供更加便捷的信息服务", "促进政务公开工作规范运行", "提高答复的规范性和准确性", "扩大公开的覆盖面",
]
IMP_MEASURES = [  # concrete measures (improvement half, often without any verb of intent)
    "每季度对各单位信息公开情况开展一次检查并通报结果", "定期组织信息公开业务培训和经验交流",
    "邀请专家对依申请公开答复进行专业指导", "将政务公开工作纳入年度绩效考核", "建立信息发布前的三级审核制度",
    "对网站栏目进行全面梳理，及时清理空白栏目", "制作图解、短视频等多种形式的解读产品",
    "安排专人负责政务新媒体的日常维护", "编制依申请公开办理操作手册", "建立重点领域信息公开工作台账",
    "开展政府开放日活动，邀请群众走进机关", "组织召开政务公开工作推进会", "建立疑难申请件会商研判机制",
    "对乡镇（街道）政务公开专区开展实地督导", "通过在线访谈、留言回复等方式加强政民互动",
    "完善政策文件库并实行动态更新", "对照标准目录逐项梳理公开事项", "每月通报网站和新媒体监测情况",
    "建立信息公开联络员队伍", "开展典型案例学习，提升答复水平", "在重要政策出台时同步发布解读材料",
    "设置意见征集专栏，广泛听取公众意见", "推行政务公开清单化管理", "利用大数据手段分析群众关注热点",
    "组织新入职人员参加业务轮训", "对答复文书实行法律顾问审核", "实行问题整改销号管理",
    "开展信息公开工作“回头看”",
]
ACH_VERB = [
    "进一步规范了", "加强了", "完善了", "持续推进", "深入推进", "积极开展", "认真做好", "扎实开展", "全面落实",
    "不断健全", "稳步推进", "切实加强", "大力推进", "高质量完成", "着力抓好", "有序推进", "严格规范", "创新开展",
    "认真落实", "持续深化",
]
ACH_RESULT = [
    "取得了较好成效", "公开质量明显提升", "群众满意度不断提高", "各项工作有序开展", "形成了较为完善的工作体系",
    "有效保障了公众的知情权", "工作水平稳步提升", "各项任务全面完成", "受到群众好评", "公开实效进一步增强",
    "为经济社会发展提供了有力支撑", "实现了信息公开常态化", "工作机制日趋完善", "得到上级部门充分肯定",
]
ACH_FACTS = [
    "全年主动公开政府信息{n}条", "通过政府网站发布各类信息{n}条", "开展政策解读{n}次", "举办业务培训{n}期",
    "受理政府信息公开申请{n}件", "办理网民留言{n}件", "召开新闻发布会{n}场", "更新办事指南{n}项",
    "发布图解解读{n}篇", "组织在线访谈{n}期", "清理规范性文件{n}件", "公开重大行政决策事项{n}项",
    "政务新媒体发布信息{n}条", "回应社会关切{n}次", "征集公众意见{n}条", "开展监督检查{n}次",
]
BOILER = [
    "本报告根据《中华人民共和国政府信息公开条例》的规定编制",
    "本报告所列数据的统计期限为{y}年1月1日至{y}年12月31日",
    "本报告电子版可在{we}门户网站下载",
    "如对本报告有疑问，请与{we}办公室联系",
    "联系电话：0591-{tel}",
    "本年度无其他需要报告的事项",
    "无",
    "{y}年度，{we}未收取政府信息公开信息处理费",
    "{y}年未发生政府信息公开工作责任追究情况",
    "全年未收到政府信息公开申请",
    "本年度无因政府信息公开引起的行政复议和行政诉讼",
    "{we}高度重视政府信息公开工作",
    "现将{y}年度政府信息公开工作情况报告如下",
    "本报告由总体情况、主动公开政府信息情况等六部分组成",
    "{y}年，{we}未发出收费通知，未收取任何费用",
    "通讯地址：某某大道{n}号",
    "本年度无人大代表建议和政协提案涉及政府信息公开事项",
    "以上数据截至{y}年12月31日",
    "{we}政府信息公开工作由办公室具体负责",
    "无其他需要报告的事项",
    "没有需要说明的其他事项",
    "全年无不予公开的情况",
]
ACH_OTHER_FULL = [  # descriptive statements of work done (other)
    "{we}坚持以人民为中心的发展思想，把政务公开作为建设法治政府的重要抓手",
    "{we}成立了由主要负责同志任组长的政务公开工作领导小组",
    "严格执行信息发布“三审三校”制度",
    "及时调整政府信息公开工作领导小组成员",
    "在政府网站开设了“政策解读”专栏",
    "按照“谁制作、谁公开，谁获取、谁公开”的原则做好信息公开",
    "对拟公开的信息逐条进行保密审查",
    "依法依规做好政府信息公开申请的受理、办理和答复工作",
    "将政务公开工作纳入年度目标责任考核",
    "通过门户网站、微信公众号、公示栏等渠道公开政府信息",
    "全面落实重大行政决策预公开制度",
    "组织开展政府信息公开条例宣传活动",
    "按时完成政府信息公开年度报告的编制和发布",
    "所有申请均在法定期限内答复",
    "持续做好政府网站的日常监测和维护",
    "围绕中心工作及时发布权威信息",
    "各乡镇均设立了政务公开专区",
    "在办事大厅设置了政府信息查阅点",
]
# lead-ins / headings (headings are labelled other, lead-ins carry their half's label)
PROB_INTRO = [
    "存在的主要问题有：", "工作中还存在以下问题：", "主要存在以下几个方面的不足：", "但也存在一些问题和不足，主要表现在：",
    "对照上级要求，仍存在一些薄弱环节：", "存在的问题主要表现在以下几个方面：", "当前主要存在以下问题：",
    "与群众的期待相比，还存在一些差距：", "{y}年，{we}政府信息公开工作虽取得一定成效，但仍存在一些不足：",
    "存在的不足主要有：", "一年来，工作中还有一些短板：", "经梳理，主要问题如下：",
]
IMP_INTRO = [
    "下一步，{we}将重点做好以下工作：", "针对上述问题，{we}将采取以下措施加以改进：", "{y2}年，{we}将从以下几个方面加以改进：",
    "下一步工作打算：", "改进措施如下：", "今后，{we}将着力做好以下几点：", "对此，{we}将从以下方面着手整改：",
    "下阶段，{we}将重点抓好以下工作：", "新的一年，{we}将进一步做好以下工作：", "为此，{we}将采取如下措施：",
    "下一步，我们将在以下方面持续发力：", "针对存在的不足，{we}计划采取以下改进措施：",
]
PROB_HEADINGS = ["（一）存在问题", "（一）存在的主要问题", "(一)存在问题", "一、存在的问题", "（一）存在的不足", "（一）主要问题", "1.存在问题", "（一）工作中存在的问题"]
IMP_HEADINGS = ["（二）改进措施", "（二）改进情况", "(二)下一步工作打算", "二、改进措施", "（二）下一步工作计划", "（二）整改措施", "2.改进措施", "（二）下一步打算"]
SEC5_HEADINGS = ["五、存在的主要问题及改进情况", "五、存在的主要问题及改进措施", "四、存在的主要问题和改进措施",
                 "五、政府信息公开工作存在的主要问题及改进情况", "五．存在的主要问题及改进情况", "四、存在的主要问题及改进情况",
                 "五、本机关存在的主要问题及改进情况", "五、存在主要问题及改进情况"]
SEC1_HEADINGS = ["一、总体情况", "一、概述", "一、总体情况", "一．总体情况", "一、基本情况"]
SEC6_HEADINGS = ["六、其他需要报告的事项", "六、其他需要报告的事项", "六．其他需要报告的事项", "五、其他需要报告的事项"]
OV_SUBHEADS = ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障",
               "（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理情况", "（四）政府信息公开平台建设情况",
               "（五）监督保障情况", "（六）政策解读方面", "（三）平台建设方面"]
ENUMS_SHI = ["一是", "二是", "三是", "四是", "五是", "六是"]
ENUMS_PAREN = ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]
ENUMS_NUM = ["1.", "2.", "3.", "4.", "5.", "6."]
ENUMS_NUM2 = ["1、", "2、", "3、", "4、", "5、", "6、"]
ENUMS_CIRC = ["①", "②", "③", "④", "⑤", "⑥"]
ENUM_STYLES = [ENUMS_SHI, ENUMS_PAREN, ENUMS_NUM, ENUMS_NUM2, ENUMS_SHI, ENUMS_CIRC]
PLAN_LEAD = ["下一步，{we}将", "今后，{we}将", "{y2}年，{we}将", "下阶段，{we}将", "接下来，{we}将", "{we}将",
             "在今后的工作中，{we}将", "下一步，我们将", "新的一年里，{we}将", "{we}计划", "{we}拟"]
PAIR_LEAD = ["针对{s}{p}的问题，", "对于{s}{p}的情况，", "针对{s}方面的不足，", "围绕{s}{p}的短板，",
             "针对上年度{s}{p}的问题，", "就{s}{p}的问题，"]
CONCESSIONS = [  # achievement half of a "虽然…，但…" sentence
    "{y}年，{we}政务公开工作取得了新的进展", "虽然{we}信息公开工作取得了一定成绩", "一年来，各项工作有序推进",
    "虽然制定了相关工作制度", "尽管做了大量工作", "{we}政府信息公开工作总体运行平稳", "全年工作虽有一定进步",
    "经过努力，公开质量有所提升", "总体来看工作成效明显", "近年来政务公开水平稳步提高", "{y}年工作取得了积极成效",
    "虽然公开数量逐年增加",
]
CONTRAST = ["但", "但是", "但仍", "但在工作中仍有不足，如", "但对照新要求，", "然而", "不过", "但也要看到，"]
POLICY_FRAMES = [  # long policy-speak openers used both for measures (part 5) and work done (part 1)
    "按照上级关于政务公开工作的部署要求", "围绕中心工作和群众关切", "以提升公开质量为目标", "坚持问题导向和目标导向",
    "认真贯彻落实《中华人民共和国政府信息公开条例》", "紧扣法治政府建设要求", "立足部门职能", "结合本地实际",
    "对标先进地区经验做法", "聚焦企业和群众办事需求", "坚持“以公开为常态、不公开为例外”", "按照全省政务公开重点工作安排",
]
NOTHING = ["无。", "无", "本年度无其他需要报告的事项。", "暂无。", "无其他需要报告的事项。", "本机关无其他需要报告的事项。",
           "无需要说明的事项。", "本年度没有其他需要报告的事项。"]
ACH_SUMMARY = ["一年来，政府信息公开工作取得了一定成效", "{y}年，{we}政务公开工作稳步推进", "全年政务公开工作总体平稳有序",
               "{we}信息公开工作取得了积极进展", "各项公开工作按计划完成", "本年度政务公开工作成效明显",
               "{we}较好完成了年度政务公开任务", "一年来，公开工作有序开展"]
DONE_FIX = ["{we}已经", "{we}已", "{we}通过", "目前已", "{we}及时"]

POOLS = {}
for _name in ["SUBJECTS", "ORGS", "WE", "PROB_PRED", "CAUSES", "PROB_FULL", "IMP_VERB", "IMP_OBJ_SUFFIX", "GOALS",
              "IMP_MEASURES", "ACH_VERB", "ACH_RESULT", "ACH_FACTS", "BOILER", "ACH_OTHER_FULL", "PROB_INTRO",
              "IMP_INTRO", "PROB_HEADINGS", "IMP_HEADINGS", "SEC5_HEADINGS", "OV_SUBHEADS", "PLAN_LEAD", "PAIR_LEAD",
              "DONE_FIX", "PROB_ADV", "CONCESSIONS", "CONTRAST", "POLICY_FRAMES",
              "NOTHING", "ACH_SUMMARY"]:
    POOLS[_name] = split_pool(globals()[_name])


class Gen:
    def __init__(self, rng: random.Random, split: str):
        self.r = rng
        self.k = 0 if split == "train" else 1

    def p(self, name):
        return self.r.choice(POOLS[name][self.k])

    def fmt(self, s):
        return s.format(we=self.p("WE"), y=self.r.choice([2019, 2020, 2021, 2022, 2023, 2024]),
                        y2=self.r.choice([2020, 2022, 2024, 2025]), n=self.r.randint(2, 3000),
                        tel=self.r.randint(10000000, 99999999))

    # ---- sentences (without final punctuation) --------------------------
    def problem(self):
        r = self.r
        t = r.randrange(8 if self.k == 0 else 9)
        s, pred, adv = self.p("SUBJECTS"), self.p("PROB_PRED"), self.p("PROB_ADV")
        if t == 0:
            return f"{s}{adv}{pred}"
        if t == 1:
            return f"{self.p('ORGS')}{s}工作{adv}{pred}"
        if t == 2:
            return self.p("PROB_FULL")
        if t == 3:
            return f"{self.p('CAUSES')}，{s}{adv}{pred}"
        if t == 4:
            return f"{s}方面{adv}{pred}，{self.p('PROB_FULL')}"
        if t == 5:
            return f"{self.p('ORGS')}对{s}重视不够，{self.p('SUBJECTS')}{pred}"
        if t == 6:
            return f"在{s}方面，{self.p('PROB_FULL')}"
        if t == 7:
            return f"{s}的{r.choice(['质量', '时效', '深度', '形式', '规范性', '实效'])}{adv}{pred}"
        # held-out only template
        return f"从实际情况看，{s}工作{adv}{pred}，{self.p('CAUSES')}"

    def impr_clause(self):
        r = self.r
        t = r.randrange(5 if self.k == 0 else 6)
        s, v = self.p("SUBJECTS"), self.p("IMP_VERB")
        if t == 0:
            return f"{v}{s}{self.p('IMP_OBJ_SUFFIX')}，{self.p('GOALS')}"
        if t == 1:
            return f"{v}{s}{self.p('IMP_OBJ_SUFFIX')}"
        if t == 2:
            return f"{self.p('IMP_MEASURES')}，{self.p('GOALS')}"
        if t == 3:
            return f"{v}{s}，{self.p('IMP_VERB')}{self.p('SUBJECTS')}{self.p('IMP_OBJ_SUFFIX')}"
        if t == 4:
            return self.p("IMP_MEASURES")
        return f"把{s}作为重点，{v}{self.p('SUBJECTS')}，{self.p('GOALS')}"

    def concession_problem(self):
        """虽然…取得…，但…{problem}: a sentence that admits a shortcoming after a concession."""
        c = self.p("CONTRAST")
        sep = "" if c.endswith(("，", "如")) else "，"
        return self.fmt(self.p("CONCESSIONS")) + "，" + c + sep + self.problem()

    def policy_long(self):
        """Long multi-clause policy sentence (measure in part 5, work done in part 1)."""
        r = self.r
        parts = [self.p("POLICY_FRAMES")]
        for _ in range(r.randint(2, 4)):
            parts.append(f"{self.p('IMP_VERB')}{self.p('SUBJECTS')}{r.choice(['', self.p('IMP_OBJ_SUFFIX')])}")
        parts.append(self.p("GOALS"))
        return "，".join(parts)

    def improvement(self, plan_lead_prob=0.4):
        r = self.r
        c = self.impr_clause()
        if r.random() < plan_lead_prob:
            return join_lead(self.fmt(self.p("PLAN_LEAD")), c)
        return c

    def paired(self):
        lead = self.p("PAIR_LEAD").format(s=self.p("SUBJECTS"), p=self.p("PROB_PRED"))
        if self.r.random() < 0.5:
            return lead + join_lead(self.fmt(self.p("PLAN_LEAD")), self.impr_clause())
        return lead + self.impr_clause()

    def fixed(self):  # 改进情况: measure already taken against last year's problem
        lead = self.p("PAIR_LEAD").format(s=self.p("SUBJECTS"), p=self.p("PROB_PRED"))
        return lead + join_lead(self.fmt(self.p("DONE_FIX")), self.impr_clause())

    def achievement(self):
        r = self.r
        t = r.randrange(6)
        s = self.p("SUBJECTS")
        if t == 0:
            return f"{r.choice([2020, 2021, 2022, 2023, 2024])}年，{self.fmt(self.p('WE'))}{self.p('ACH_VERB')}{s}工作，{self.p('ACH_RESULT')}"
        if t == 1:
            return f"{self.p('ACH_VERB')}{s}{self.p('IMP_OBJ_SUFFIX')}，{self.fmt(self.p('ACH_FACTS'))}"
        if t == 2:
            return self.fmt(self.p("ACH_OTHER_FULL"))
        if t == 3:
            return self.fmt(self.p("ACH_FACTS")) + "，" + self.p("ACH_RESULT")
        if t == 4:  # same wording as a measure, but describing this year's work
            return self.impr_clause() if r.random() < 0.5 else f"{self.p('IMP_VERB')}{s}{self.p('IMP_OBJ_SUFFIX')}，{self.fmt(self.p('ACH_FACTS'))}"
        return f"{self.p('ACH_VERB')}{s}，{self.p('ACH_VERB')}{self.p('SUBJECTS')}，{self.p('ACH_RESULT')}"

    def boiler(self):
        return self.fmt(self.p("BOILER"))


def join_lead(lead, clause):
    if lead.endswith("将") and clause.startswith("将"):
        clause = clause[1:]
    return lead + clause


def end(s, p="。"):
    return s if s.endswith(("：", ":")) else s + p


class Para:
    def __init__(self):
        self.text = ""
        self.spans = []

    def add(self, s, label, sep=""):
        self.text += sep
        a = len(self.text)
        self.text += s
        self.spans.append([a, len(self.text), label])


def enumerate_items(g, para, items, label, style, sep=""):
    for i, it in enumerate(items):
        p = "；" if (style is ENUMS_SHI and i < len(items) - 1 and g.r.random() < 0.7) else "。"
        para.add(end(style[i] + it, p), label, sep)


# ---------------------------------------------------------------- templates
def t_block_oneline(g):
    """Whole part 5 on one line: heading, problem lead-in + items, improvement lead-in + items."""
    r, para = g.r, Para()
    sep = r.choice(["", " "])
    para.add(g.p("SEC5_HEADINGS"), "other")
    if r.random() < 0.5:
        para.add(g.p("PROB_HEADINGS"), "other", sep)
    if r.random() < 0.25:
        para.add(end(g.concession_problem(), "；"), "problem", sep)
    else:
        para.add(g.fmt(g.p("PROB_INTRO")), "problem", sep)
    enumerate_items(g, para, [g.problem() for _ in range(r.randint(2, 4))], "problem", r.choice(ENUM_STYLES))
    if r.random() < 0.5:
        para.add(g.p("IMP_HEADINGS"), "other", sep)
    para.add(g.fmt(g.p("IMP_INTRO")), "improvement", sep)
    enumerate_items(g, para, [g.improvement(0.1) for _ in range(r.randint(2, 5))], "improvement", r.choice(ENUM_STYLES))
    return para, None, None


def t_shi_then_plan(g):
    """一是…；二是…；三是…。下一步，我们将…"""
    r, para = g.r, Para()
    items = [g.problem() for _ in range(r.randint(2, 4))]
    enumerate_items(g, para, items, "problem", ENUMS_SHI)
    for _ in range(r.randint(1, 3)):
        para.add(end(g.improvement(1.0 if not para.spans[-1][2] == "improvement" else 0.2)), "improvement")
    return para, "problems_improvements", None


def t_paired(g):
    r, para = g.r, Para()
    style = r.choice([ENUMS_SHI, ENUMS_PAREN, ENUMS_NUM, None])
    for i in range(r.randint(1, 4)):
        s = g.paired()
        para.add(end((style[i] if style else "") + s), "improvement")
    return para, "problems_improvements", r.choice([None, g.p("IMP_HEADINGS")])


def t_problem_items(g):
    """A paragraph of problems under a 存在问题 heading (heading passed as context)."""
    r, para = g.r, Para()
    if r.random() < 0.5:
        para.add(g.fmt(g.p("PROB_INTRO")), "problem")
    style = r.choice(ENUM_STYLES + [None])
    for i in range(r.randint(1, 4)):
        para.add(end((style[i] if style else "") + g.problem(), "；" if style is ENUMS_SHI else "。"), "problem")
    return para, "problems_improvements", r.choice([None, g.p("PROB_HEADINGS")])


def t_improvement_items(g):
    """Measures under a 改进措施 heading: many are plain descriptions of measures."""
    r, para = g.r, Para()
    style = r.choice(ENUM_STYLES + [None])
    n = r.randint(1, 4)
    for i in range(n):
        body = g.improvement(0.2) if r.random() < 0.75 else g.policy_long()
        if r.random() < 0.4:  # item title then body sentences
            body = f"{g.p('IMP_VERB')}{g.p('SUBJECTS')}。{g.improvement(0.1)}"
        para.add(end((style[i] if style else "") + body), "improvement")
    head = g.p("IMP_HEADINGS")
    return para, "problems_improvements", head


def t_fixed(g):
    """改进情况 describing rectification done this year."""
    r, para = g.r, Para()
    for _ in range(r.randint(1, 3)):
        para.add(end(g.fixed()), "improvement")
    return para, "problems_improvements", r.choice([None, "（二）改进情况", "二、改进情况", "改进情况"])


def t_interleaved(g):
    """（一）关于X。存在问题：…。改进措施：…"""
    r, para = g.r, Para()
    for _ in range(r.randint(1, 3)):
        para.add(end(g.problem()), "problem")
        para.add(end(g.improvement(0.8)), "improvement")
    return para, "problems_improvements", None


def t_soft_mixed(g):
    """Problem sentence(s) followed by a plan sentence, no lead-ins."""
    r, para = g.r, Para()
    if r.random() < 0.4:
        para.add(end(g.achievement()) if r.random() < 0.5 else end(g.fmt(g.p("ACH_SUMMARY"))), "other")
    for i in range(r.randint(1, 2)):
        para.add(end(g.concession_problem() if i == 0 and r.random() < 0.4 else g.problem()), "problem")
    para.add(end(g.improvement(1.0)), "improvement")
    return para, "problems_improvements", None


def t_overview(g):
    r, para = g.r, Para()
    if r.random() < 0.3:
        para.add(g.p("OV_SUBHEADS"), "other")
    for _ in range(r.randint(1, 4)):
        para.add(end(g.achievement() if r.random() < 0.8 else g.policy_long()), "other")
    return para, "overview", None


def t_overview_oneline(g):
    """Boilerplate + 一、总体情况 + achievements on one line (context unknown)."""
    r, para = g.r, Para()
    sep = r.choice(["", " "])
    for _ in range(r.randint(0, 2)):
        para.add(end(g.boiler()), "other")
    para.add(r.choice(SEC1_HEADINGS), "other", sep)
    for _ in range(r.randint(2, 5)):
        if r.random() < 0.25:
            para.add(g.p("OV_SUBHEADS"), "other", sep)
        para.add(end(g.achievement()), "other", sep if r.random() < 0.3 else "")
    if r.random() < 0.5:  # continue into part 5 on the same line
        p2, _, _ = t_block_oneline(g)
        off = len(para.text) + len(sep)
        para.text += sep + p2.text
        para.spans += [[a + off, b + off, lab] for a, b, lab in p2.spans]
    return para, None, None


def t_other_matters(g):
    r, para = g.r, Para()
    if r.random() < 0.4:
        para.add(r.choice(SEC6_HEADINGS), "other", "")
    for _ in range(r.randint(1, 2)):
        para.add(end(g.boiler()), "other", "")
    return para, r.choice(["other_matters", "overview", "requests"]), None


def t_nothing(g):
    para = Para()
    para.add(g.p("NOTHING"), "other")
    return para, g.r.choice(["other_matters", "problems_improvements", "review_litigation"]), None


def t_sec5_heading_only(g):
    r, para = g.r, Para()
    para.add(r.choice([g.p("SEC5_HEADINGS"), g.p("PROB_HEADINGS"), g.p("IMP_HEADINGS")]), "other")
    return para, r.choice([None, "problems_improvements"]), None


TEMPLATES = [  # (template, weight); held-out uses the same generators but disjoint phrase parts
    (t_block_oneline, 10), (t_shi_then_plan, 12), (t_paired, 8), (t_problem_items, 12), (t_improvement_items, 14),
    (t_fixed, 5), (t_interleaved, 6), (t_soft_mixed, 8), (t_overview, 16), (t_overview_oneline, 6),
    (t_other_matters, 6), (t_nothing, 2), (t_sec5_heading_only, 2),
]


def generate(split, n, seed, exclude=frozenset()):
    rng = random.Random(f"{seed}-{split}")
    g = Gen(rng, split)
    fns = [t for t, _ in TEMPLATES]
    ws = [w for _, w in TEMPLATES]
    out, seen = [], set()
    while len(out) < n:
        fn = rng.choices(fns, ws)[0]
        para, ctx, head = fn(g)
        if para.text in seen or para.text in exclude:
            continue
        seen.add(para.text)
        out.append({"id": f"{split}-{len(out):05d}", "template": fn.__name__, "context": ctx, "heading": head,
                    "text": para.text, "spans": para.spans})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--n-train", type=int, default=1600)
    ap.add_argument("--n-heldout", type=int, default=400)
    a = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    train_texts: set[str] = set()
    for split, n in (("train", a.n_train), ("heldout", a.n_heldout)):
        rows = generate(split, n, a.seed, exclude=frozenset(train_texts))
        train_texts |= {r["text"] for r in rows}
        with open(OUT / f"{split}.jsonl", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{split}: {len(rows)} paragraphs, {sum(len(r['spans']) for r in rows)} labelled spans")


if __name__ == "__main__":
    main()
