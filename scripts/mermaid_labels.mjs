// What Mermaid draws for each label of a flowchart read on stdin: Mermaid's own encodeEntities before
// parsing, decodeEntities after, HTML entities read as a browser would (jsdom). How the label escaping
// of guide/authoring/graph.py was checked (tests/test_authoring_graph.py holds the same rules in Python):
//   mkdir /tmp/m && cd /tmp/m && npm install mermaid jsdom && cp .../scripts/mermaid_labels.mjs .
//   guide graph GUIDE | node /tmp/m/mermaid_labels.mjs
// (an ES module finds packages from its own folder, hence the copy). Prints JSON: vertices, edges, subgraphs.
import { JSDOM } from 'jsdom';
const dom = new JSDOM('<!doctype html><html><body></body></html>', {pretendToBeVisual: true});
globalThis.window = dom.window; globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser; globalThis.Element = dom.window.Element;
globalThis.HTMLElement = dom.window.HTMLElement; globalThis.Node = dom.window.Node;
const { default: mermaid } = await import('mermaid');
import fs from 'fs';
const text = fs.readFileSync(0, 'utf8');
const encode = (t) => {
  let txt = t.replace(/style.*:\S*#.*;/g, s => s.substring(0, s.length - 1));
  txt = txt.replace(/classDef.*:\S*#.*;/g, s => s.substring(0, s.length - 1));
  return txt.replace(/#\w+;/g, s => { const i = s.substring(1, s.length - 1);
    return /^\+?\d+$/.test(i) ? "\uFB02\xB0\xB0" + i + "\xB6\xDF" : "\uFB02\xB0" + i + "\xB6\xDF"; });
};
const decode = (t) => t.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";");
const shown = (t) => { const el = document.createElement('div'); el.innerHTML = decode(t).replace(/<br\/?>/g, ' | '); return el.textContent; };
try {
  await mermaid.parse('flowchart TD\n  a');
  const d = await mermaid.mermaidAPI.getDiagramFromText(encode(text));
  const db = d.db;
  const out = { vertices: {}, edges: [], subgraphs: [] };
  for (const [id, v] of db.getVertices()) out.vertices[id] = [shown(v.text), v.labelType];
  for (const e of db.getEdges()) out.edges.push([e.start, e.end, shown(e.text || ''), e.labelType]);
  for (const s of db.getSubGraphs()) out.subgraphs.push([shown(s.title), s.labelType]);
  console.log(JSON.stringify(out));
} catch (e) { console.log(JSON.stringify({error: String(e.message || e).slice(0, 300)})); }
