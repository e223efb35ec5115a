#!/usr/bin/env python
"""Generate the labelled narrative data: fixtures/narrative/{train,heldout}.jsonl.

Each line is one generated *report narrative*: the sections a report prints
(一、总体情况 prose, sometimes prose of the table sections, 五、存在的主要问题及改进
情况, 六、其他需要报告的事项), each a list of paragraphs with labelled character
spans ``[start, end, label]``; labels are given per clause where a sentence
turns (…取得了成效，但仍… / …不够及时，下一步将…).

Part 五 is written in many authoring habits (HABITS below): sub-headings with
numbered items, 一是/二是 runs, the whole part in one long paragraph, 问题一 /
整改措施 pairs, 下一步 lead-ins, measures that name the problem they answer,
numbering that restarts without headings, last year's rectification, soft
concessions; by agencies of every level and in 2019–2025 wording.

Held-out honesty: every phrase pool (scripts/narrative_phrases.py) *and every
sentence template* below is split, every 4th entry going to the held-out side;
held-out reports are written only from held-out wording and held-out sentence
templates, so their sentence shapes never occur in training.

    python scripts/narrative_data.py [--seed 13] [--n-train 900] [--n-heldout 200]
"""
from __future__ import annotations

import argparse
import json
import random
import string
from pathlib import Path

import narrative_phrases as P

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "narrative"
LABEL = {"P": "problem", "I": "improvement", "O": "other"}


def split(items):
    return [x for i, x in enumerate(items) if i % 4 != 3], [x for i, x in enumerate(items) if i % 4 == 3]


# ---------------------------------------------------------------- sentence templates
# one clause each; {slots} are filled from the phrase pools of the split
PROBLEM = [
    "{s}{adv}{pred}", "{org}{s}工作{adv}{pred}", "{pfull}", "{cause}，{s}{adv}{pred}", "{s}还存在{gap}",
    "{s}的{aspect}{adv}{pred}", "{s}有待{need}", "{org}对{s}重视不够，{s2}{pred}", "{s}仍需{need}",
    "{s}不够{adj}", "还存在{s}{pred}的情况", "与{expect}相比，{s}{adv}{pred}", "在{s}方面，{pfull}",
    "由于{cause}，导致{s}{pred}", "{s}{pred}，{s2}的{aspect}也{pred2}", "主要是{s}{pred}",
    "{s}工作{adv}存在{gap}", "对{s}的{aspect}把握不够", "{s}存在“{slogan}”现象", "个别{unit}{s}{pred}",
    "{s}仍停留在{stage}", "{s}和{s2}{adv}{pred}", "{s}未能{fail}", "尚未{fail}，{s}{pred}",
    "对照{expect}，{s}{adv}{pred}", "{s}方面{adv}{pred}，{pfull}", "{org}{s}{pred}，{cause}", "{s}的{aspect}还不够{adj}",
    "部分{unit}对{s}的认识还不到位，{s2}{pred}", "{s}离{expect}还有{gap}", "{s}的{aspect}有待{need}", "从实际看，{s}{adv}{pred}",
]
MEASURE = [
    "{v}{s}{suf}，{goal}", "{v}{s}{suf}", "{meas}，{goal}", "{v}{s}，{v2}{s2}{suf}", "{meas}",
    "把{s}作为重点，{v}{s2}，{goal}", "以{era}为指引，{v}{s}{suf}", "通过{means}，{v}{s}{suf}", "{v}{s}{suf}，{meas}",
    "结合{era}，{v}{s}{suf}，{goal}", "进一步{vv}{s}的{aspect}", "{meas}，确保{s}{ok}", "不断{vv}{s}{suf}，推动{s2}{ok}",
    "{v}{s}{suf}，切实解决{s2}{pred}的问题", "聚焦{s}{pred}的问题，{v}{s2}{suf}", "着力解决{s}{pred}等问题，{meas}",
    "坚持{principle}，{v}{s}{suf}", "建立{s}{mech}，{goal}", "定期{act}{s}，{goal}", "加大{s}{suf}力度，{goal}",
    "按照{era}，{v}{s}{suf}", "围绕{s}，{meas}", "{v}{s}{suf}，做到{principle}", "以{means}为抓手，{v}{s}{suf}",
    "健全{s}{mech}，{meas}", "{v}{s}{suf}，推动{s2}{ok}", "持续{vv}{s}，{goal}", "{meas}，{v}{s}{suf}",
]
ACHIEVE = [
    "{y}年，{we}{av}{s}工作，{ar}", "{av}{s}{suf}，{fact}", "{afull}", "{fact}，{ar}", "{v}{s}{suf}，{fact}",
    "{av}{s}，{av2}{s2}，{ar}", "{we}{av}{s}，{fact}", "全年共{factb}", "通过{means}，{fact}", "截至{y}年底，{fact}",
    "在{s}方面，{we}{av}{s2}{suf}，{ar}", "{we}严格落实{s}{mech}，{ar}", "{s}工作{astate}", "制定印发《{doc}》，{av}{s}{suf}",
    "今年以来，{we}{av}{s}", "按照{era}，{we}{av}{s}{suf}", "{we}以{means}为抓手，{av}{s}", "{s}{astate}，{fact}",
    "坚持{principle}，{we}{av}{s}", "{we}{av}{s}，{meas2}",
]
PLAN_LEAD = ["下一步，{we}将", "今后，{we}将", "{y2}年，{we}将", "下阶段，{we}将", "接下来，{we}将", "{we}将", "在今后的工作中，{we}将",
             "下一步，我们将", "新的一年里，{we}将", "{we}计划", "{we}拟", "{y2}年，{we}将继续", "今后一个时期，{we}将", "下一阶段，{we}将着力"]
ANSWER_LEAD = ["针对{s}{pred}的问题，", "对于{s}{pred}的情况，", "针对{s}方面的不足，", "围绕{s}{pred}的短板，", "针对存在问题，",
               "针对上述问题，", "针对上年度{s}{pred}的问题，", "为解决{s}{pred}的问题，", "针对存在的不足，", "针对以上问题，",
               "对此，", "为此，"]
TURN_PLAN = ["下一步将", "下一步，{we}将", "今后将", "对此，{we}将", "为此，{we}将", "下阶段将", "接下来将", "今后，{we}将"]
CONTRAST = ["但", "但是", "但仍", "但在工作中仍有不足，如", "但对照新要求，", "然而", "不过", "但也要看到，", "但与{expect}相比，",
            "但是仍然"]
CONCESSION = ["{y}年，{we}政务公开工作取得了新的进展", "虽然{we}信息公开工作取得了一定成绩", "一年来，各项工作有序推进",
              "虽然制定了{doc}", "尽管做了大量工作", "{we}政府信息公开工作总体运行平稳", "全年工作虽有一定进步",
              "经过努力，{s}的{aspect}有所提升", "总体来看工作成效明显", "近年来{s}水平稳步提高", "{y}年工作取得了积极成效",
              "虽然公开数量逐年增加", "{we}在{s}方面做了一些探索", "通过一年的努力，{s}{astate}", "{s}虽有改进",
              "尽管{we}{av}{s}", "近年来，{we}{av}{s}", "总的来看，{s}{astate}", "在{s}方面取得了一定成效",
              "经过整改，{s}的{aspect}有所改善", "虽然{we}{av}{s}工作", "{y}年以来，{s}{astate}",
              "对照年初计划，各项任务基本完成", "虽然{s}的{aspect}较上年有所提高"]
T = {name: split(pool) for name, pool in [("PROBLEM", PROBLEM), ("MEASURE", MEASURE), ("ACHIEVE", ACHIEVE),
                                          ("PLAN_LEAD", PLAN_LEAD), ("ANSWER_LEAD", ANSWER_LEAD),
                                          ("TURN_PLAN", TURN_PLAN), ("CONTRAST", CONTRAST), ("CONCESSION", CONCESSION)]}
POOLS = {name: split(getattr(P, name)) for name in dir(P) if name.isupper()}
SLOTS = {  # slot -> pool
    "s": "SUBJECTS", "s2": "SUBJECTS", "adv": "PROB_ADV", "pred": "PROB_PRED", "pred2": "PROB_PRED", "org": "ORGS",
    "cause": "CAUSES", "pfull": "PROB_FULL", "gap": "GAP", "need": "NEED", "adj": "ADJ", "aspect": "ASPECT",
    "expect": "EXPECT", "fail": "FAIL_V", "unit": "UNITS", "stage": "STAGE", "slogan": "SLOGAN", "v": "IMP_VERB",
    "v2": "IMP_VERB", "vv": "IMP_VERB", "suf": "IMP_OBJ_SUFFIX", "goal": "GOALS", "meas": "IMP_MEASURES", "meas2": "IMP_MEASURES",
    "era": "ERA", "means": "MEANS", "principle": "PRINCIPLE", "mech": "MECH", "act": "ACT", "ok": "OK", "we": "WE",
    "av": "ACH_VERB", "av2": "ACH_VERB", "ar": "ACH_RESULT", "fact": "ACH_FACTS", "factb": "FACT_BARE", "afull": "ACH_OTHER_FULL",
    "astate": "ACH_STATE", "doc": "DOCS",
}
ENUMS = [["一是", "二是", "三是", "四是", "五是", "六是"], ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"],
         ["1.", "2.", "3.", "4.", "5.", "6."], ["1、", "2、", "3、", "4、", "5、", "6、"], ["①", "②", "③", "④", "⑤", "⑥"],
         ["首先，", "其次，", "再次，", "最后，", "同时，", "此外，"], ["一是", "二是", "三是", "四是", "五是", "六是"]]
CN = "一二三四五六七八九十"


class Gen:
    def __init__(self, rng: random.Random, split_: str):
        self.r, self.k = rng, 0 if split_ == "train" else 1

    def pool(self, name):
        return self.r.choice(POOLS[name][self.k])

    def fill(self, template: str) -> str:
        r = self.r
        vals = {}
        for _, slot, _, _ in string.Formatter().parse(template):
            if slot and slot not in vals:
                if slot == "y":
                    vals[slot] = r.randint(2019, 2025)
                elif slot == "y2":
                    vals[slot] = r.randint(2020, 2026)
                elif slot == "n":
                    vals[slot] = r.randint(2, 3000)
                elif slot == "tel":
                    vals[slot] = r.randint(10000000, 99999999)
                else:
                    vals[slot] = self.pool(SLOTS[slot])
        out = template.format(**vals)
        return self.fill(out) if "{" in out else out

    def t(self, name):
        return self.fill(self.r.choice(T[name][self.k]))

    def problem(self):
        return self.t("PROBLEM")

    def measure(self):
        return self.t("MEASURE")

    def achieve(self):
        return self.t("ACHIEVE")

    def planned(self, p=0.5):
        m = self.measure()
        return join(self.t("PLAN_LEAD"), m) if self.r.random() < p else m


def join(lead, clause):
    return lead + clause[1:] if lead.endswith("将") and clause.startswith("将") else lead + clause


class Para:
    """A paragraph being written, with its labelled spans."""

    def __init__(self):
        self.text, self.spans = "", []

    def add(self, s, label, sep=""):
        self.text += sep
        a = len(self.text)
        self.text += s
        self.spans.append([a, len(self.text), LABEL.get(label, label)])
        return self

    def end(self, p="。"):
        if self.text and self.text[-1] not in "。；：:！？":
            self.text += p
            self.spans[-1][1] = len(self.text)
        return self

    def extend(self, other, sep=""):
        off = len(self.text) + len(sep)
        self.text += sep + other.text
        self.spans += [[a + off, b + off, lab] for a, b, lab in other.spans]
        return self


def sentence(g: Gen, kind: str) -> Para:
    """One sentence of part 5, possibly of two clauses with two labels."""
    r, p = g.r, Para()
    if kind == "P":
        x = r.random()
        if x < 0.15:
            c = g.t("CONTRAST")
            p.add(g.t("CONCESSION") + "，", "O").add(c + ("" if c.endswith(("，", "如")) else "") + g.problem(), "P")
        elif x < 0.25:
            p.add(g.problem() + "，", "P").add(join(g.t("TURN_PLAN"), g.measure()), "I")
        else:
            p.add(g.problem(), "P")
    elif kind == "I":
        x = r.random()
        if x < 0.3:
            p.add(g.t("ANSWER_LEAD") + g.planned(0.5), "I")
        else:
            p.add(g.planned(0.35), "I")
    else:
        p.add(g.achieve(), "O")
    return p.end(r.choice("。。。；"))


def items(g: Gen, kind: str, n: int, style=None, title=False) -> list[Para]:
    out = []
    for i in range(n):
        p = Para()
        head = style[i] if style else ""
        if title and kind in "PI":
            p.add(head + g.pool("ITEM_TITLES" if kind == "I" else "PROB_TITLES") + "。", kind)
            head = ""
        s = sentence(g, kind)
        s.text = head + s.text
        s.spans = [[0 if j == 0 else a + len(head), b + len(head), lab] for j, (a, b, lab) in enumerate(s.spans)]
        out.append(p.extend(s) if p.text else s)
    return out


def heading(g: Gen, half: str, k: int) -> str:
    return g.pool("PROB_HEADINGS" if half == "P" else "IMP_HEADINGS")


# ---------------------------------------------------------------- part-5 authoring habits
def h_headed_items(g):
    """（一）存在问题 / items / （二）改进措施 / items, one paragraph each."""
    r = g.r
    st = r.choice(ENUMS)
    out = [Para().add(heading(g, "P", 0), "O")] + items(g, "P", r.randint(2, 4), st)
    out += [Para().add(heading(g, "I", 1), "O")] + items(g, "I", r.randint(2, 5), r.choice(ENUMS), r.random() < 0.3)
    return out


def h_shi_runs(g):
    """一是…；二是…；三是…。 then a 下一步 lead-in and another 一是… run, a paragraph each half."""
    r = g.r
    a = Para()
    if r.random() < 0.6:
        a.add(g.fill(g.pool("PROB_INTRO")), "P")
    for para in items(g, "P", r.randint(2, 4), ENUMS[0]):
        a.extend(para)
    b = Para().add(g.fill(g.pool("IMP_INTRO")), "I")
    for para in items(g, "I", r.randint(2, 4), ENUMS[0]):
        b.extend(para)
    return [a, b]


def h_one_paragraph(g):
    """The whole part, headings included, in one long paragraph (crawler dumps, one-cell pages)."""
    r = g.r
    sep = r.choice(["", " ", ""])
    p = Para()
    parts = h_headed_items(g) if r.random() < 0.5 else h_shi_runs(g)
    for i, x in enumerate(parts):
        p.extend(x, sep if i else "")
    return [p]


def h_question_pairs(g):
    """问题一：… 整改措施：… pairs."""
    r, out = g.r, []
    one = r.random() < 0.4
    big = Para()
    for i in range(r.randint(2, 4)):
        q = Para().add(g.pool("QUESTION_HEADS").format(k=CN[i]), "O").extend(sentence(g, "P"))
        m = Para().add(g.pool("MEASURE_HEADS").format(k=CN[i]), "O").extend(sentence(g, "I"))
        if one:
            big.extend(q, " " if big.text else "").extend(m, " ")
        else:
            out += [q, m]
    return [big] if one else out


def h_answering(g):
    """Measures that name the problem they answer: 针对…的问题，… (often after a problems paragraph)."""
    r = g.r
    out = items(g, "P", r.randint(1, 3), r.choice(ENUMS + [None])) if r.random() < 0.6 else []
    st = r.choice(ENUMS + [None])
    for i in range(r.randint(2, 4)):
        p = Para().add((st[i] if st else "") + g.t("ANSWER_LEAD") + g.planned(0.5), "I").end()
        out.append(p)
    return out


def h_restart(g):
    """No headings, no lead-ins: problems numbered 一是…, then measures numbered again from 一是."""
    r = g.r
    st = r.choice(ENUMS[:4])
    return items(g, "P", r.randint(2, 4), st) + items(g, "I", r.randint(2, 4), st)


def h_rectified(g):
    """Last year's problems and how they were rectified (改进情况), then this year's."""
    r = g.r
    out = [Para().add(r.choice(["（一）上年度问题整改情况", "（一）改进情况", "一、上一年度存在问题的整改情况"]), "O")]
    for _ in range(r.randint(1, 3)):
        out.append(Para().add(g.t("ANSWER_LEAD") + join(g.fill(r.choice(["{we}已", "{we}通过", "目前已", "{we}及时"])),
                                                              g.measure()), "I").end())
    return out + h_shi_runs(g)


def h_soft(g):
    """A concession, soft-spoken problems, then a plan; no headings."""
    r = g.r
    p = Para()
    if r.random() < 0.5:
        p.add(g.t("CONCESSION") + "，", "O")
        c = g.t("CONTRAST")
        p.add(c + g.problem(), "P").end("；" if r.random() < 0.5 else "。")
    for _ in range(r.randint(1, 2)):
        p.extend(sentence(g, "P"))
    q = Para().add(join(g.t("PLAN_LEAD"), g.measure()), "I").end()
    if r.random() < 0.5:
        return [p.extend(q)]
    return [p, q]


HABITS = [(h_headed_items, 14), (h_shi_runs, 12), (h_one_paragraph, 8), (h_question_pairs, 6), (h_answering, 8),
          (h_restart, 6), (h_rectified, 4), (h_soft, 8)]


# ---------------------------------------------------------------- the other sections
def overview(g):
    r = g.r
    out = [Para().add(g.fill(g.pool("ACH_SUMMARY")), "O").end()] if r.random() < 0.5 else []
    for _ in range(r.randint(1, 4)):
        p = Para()
        if r.random() < 0.4:
            p.add(g.pool("OV_SUBHEADS"), "O")
            p.text += r.choice(["。", "", " "])
            p.spans[-1][1] = len(p.text)
        for _ in range(r.randint(1, 3)):
            p.extend(Para().add(g.achieve(), "O").end())
        out.append(p)
    return out


def table_prose(g):
    return [Para().add(g.achieve(), "O").end() for _ in range(g.r.randint(1, 2))]


def other_matters(g):
    r = g.r
    if r.random() < 0.3:
        return [Para().add(g.pool("NOTHING"), "O")]
    return [Para().add(g.fill(g.pool("BOILER")), "O").end() for _ in range(r.randint(1, 2))]


SECTION_HEADS = {"overview": ["一、总体情况", "一、概述", "一．总体情况", "一、基本情况"],
                 "proactive_disclosure": ["二、主动公开政府信息情况"], "requests": ["三、收到和处理政府信息公开申请情况"],
                 "review_litigation": ["四、政府信息公开行政复议、行政诉讼情况"],
                 "problems_improvements": None, "other_matters": ["六、其他需要报告的事项", "六．其他需要报告的事项"]}


def report(g: Gen) -> tuple[str, list[dict]]:
    r = g.r
    fn = r.choices([h for h, _ in HABITS], [w for _, w in HABITS])[0]
    secs = [("overview", overview(g))]
    for sid in ("proactive_disclosure", "requests", "review_litigation"):
        if r.random() < 0.25:
            secs.append((sid, table_prose(g)))
    secs.append(("problems_improvements", fn(g)))
    secs.append(("other_matters", other_matters(g)))
    out = []
    for sid, paras in secs:
        head = g.pool("SEC5_HEADINGS") if sid == "problems_improvements" else r.choice(SECTION_HEADS[sid])
        out.append({"id": sid, "heading": head, "paragraphs": [{"text": p.text, "spans": p.spans} for p in paras]})
    return fn.__name__, out


def generate(split_, n, seed, exclude=frozenset()):
    rng = random.Random(f"{seed}-{split_}")
    g = Gen(rng, split_)
    rows, seen = [], set()
    while len(rows) < n:
        habit, sections = report(g)
        texts = {p["text"] for s in sections for p in s["paragraphs"] if s["id"] == "problems_improvements"}
        key = json.dumps(sections, ensure_ascii=False)
        if key in seen or texts & exclude:
            continue
        seen.add(key)
        rows.append({"id": f"{split_}-{len(rows):04d}", "habit": habit, "sections": sections})
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--n-train", type=int, default=900)
    ap.add_argument("--n-heldout", type=int, default=200)
    a = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    train_texts: set[str] = set()
    for split_, n in (("train", a.n_train), ("heldout", a.n_heldout)):
        rows = generate(split_, n, a.seed, exclude=frozenset(train_texts))
        train_texts |= {p["text"] for r in rows for s in r["sections"] for p in s["paragraphs"]}
        with open(OUT / f"{split_}.jsonl", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        n_spans = sum(len(p["spans"]) for r in rows for s in r["sections"] for p in s["paragraphs"])
        print(f"{split_}: {len(rows)} reports, {n_spans} labelled spans")


if __name__ == "__main__":
    main()
