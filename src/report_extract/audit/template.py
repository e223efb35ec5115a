"""The audit page's HTML skeleton and stylesheet, as data (no external resources, no JavaScript)."""

CSS = """
body { font: 14px/1.45 "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 16px 24px; color: #222; background: #fafafa; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ccc; }
.meta, .legend { color: #555; margin: 2px 0; }
.legend span { display: inline-block; margin-right: 14px; }
.sw { display: inline-block; width: 14px; height: 10px; vertical-align: middle; margin-right: 4px; }
.sw.ok { border: 2px solid #1f6feb; } .sw.fail { border: 2px solid #d00; background: rgba(221,0,0,.25); }
.sw.warn { border: 2px solid #e08a00; background: rgba(224,138,0,.2); }
.sw.doubt { border: 2px dashed #7a00c2; }
table.findings { border-collapse: collapse; margin: 6px 0; }
table.findings td, table.findings th { border: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }
tr.error td:first-child { color: #d00; font-weight: bold; } tr.warning td:first-child { color: #b06d00; }
figure.region { margin: 10px 0 18px; }
figcaption { font-weight: bold; margin-bottom: 4px; }
.canvas { position: relative; display: block; border: 1px solid #999; background: #fff; }
.canvas img { position: absolute; left: 0; top: 0; display: block; margin: 0; padding: 0; border: 0; }
.box { position: absolute; box-sizing: border-box; border: 2px solid #1f6feb; background: rgba(31,111,235,.06);
       display: block; text-decoration: none; color: inherit; }
.box.warn { border-color: #e08a00; background: rgba(224,138,0,.2); }
.box.fail { border-color: #d00; background: rgba(221,0,0,.25); }
.box.where { border-width: 3px; }
.box.doubt { border-style: dashed; outline: 1px dashed #7a00c2; }
td.gridcell.doubt { outline-style: dashed; } tr.doubt td:nth-child(2) { text-decoration: underline dashed #7a00c2; }
.box .tip { display: none; position: absolute; left: 0; top: 100%; z-index: 10; white-space: nowrap;
            background: #222; color: #fff; font-size: 12px; padding: 2px 6px; border-radius: 3px; }
.box:hover .tip, .gridcell:hover .tip { display: block; }
.box:hover, .box:target { outline: 2px dashed #000; z-index: 5; }
table.grid { border-collapse: collapse; background: #fff; margin: 6px 0; }
table.grid td { border: 1px solid #bbb; padding: 2px 5px; font-size: 12px; vertical-align: middle; min-width: 1.5em; }
td.gridcell { position: relative; outline: 2px solid #1f6feb; outline-offset: -2px; }
td.gridcell.warn { outline-color: #e08a00; background: rgba(224,138,0,.2); }
td.gridcell.fail { outline-color: #d00; background: rgba(221,0,0,.25); }
td.gridcell.where { outline-width: 3px; outline-offset: -3px; font-weight: bold; }
td.gridcell .tip { display: none; position: absolute; left: 0; top: 100%; z-index: 10; white-space: nowrap;
                   background: #222; color: #fff; font-size: 12px; padding: 2px 6px; border-radius: 3px; }
details { margin: 4px 0 12px; } summary { cursor: pointer; color: #333; }
table.fields { border-collapse: collapse; font-size: 12px; }
table.fields td, table.fields th { border: 1px solid #ddd; padding: 1px 6px; }
tr.fail td { background: rgba(221,0,0,.12); } tr.warn td { background: rgba(224,138,0,.12); }
.empty { color: #888; font-style: italic; }
"""

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="generator" content="report-extract {version} audit">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
{body}
</body>
</html>
"""
