/**
 * A strict XML 1.0 well-formedness check for the JUnit tests (no dependency): one root element, tags nested and
 * closed in order, attribute values quoted, `<` never in text or attributes, `&` only in the five predefined
 * entities or character references, no control characters. Returns the problem, or undefined if well-formed.
 */
const NAME = /^[A-Za-z_][\w.-]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

function checkText(s: string): string | undefined {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s)) return 'control character';
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1)) if (!ENTITY.test(s.slice(i))) return `bad entity at ${JSON.stringify(s.slice(i, i + 10))}`;
  return s.includes('<') ? 'raw < in text' : undefined;
}

export function xmlProblem(xml: string): string | undefined {
  let rest = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  while (rest.length) {
    const lt = rest.indexOf('<');
    const text = lt < 0 ? rest : rest.slice(0, lt);
    if (stack.length === 0 && text.trim()) return `text outside the root: ${JSON.stringify(text.slice(0, 20))}`;
    const bad = checkText(text);
    if (bad) return bad;
    if (lt < 0) break;
    rest = rest.slice(lt + 1);
    if (rest.startsWith('/')) {
      const name = NAME.exec(rest.slice(1))?.[0];
      if (!name || stack.pop() !== name) return `unexpected </${name}>`;
      const close = /^\s*>/.exec(rest.slice(1 + name.length));
      if (!close) return `bad end tag </${name}`;
      rest = rest.slice(1 + name.length + close[0].length);
      continue;
    }
    const name = NAME.exec(rest)?.[0];
    if (!name) return `bad tag at ${JSON.stringify(rest.slice(0, 20))}`;
    if (stack.length === 0 && ++roots > 1) return 'more than one root element';
    rest = rest.slice(name.length);
    for (;;) {
      rest = rest.replace(/^\s+/, '');
      if (rest.startsWith('/>')) { rest = rest.slice(2); break; }
      if (rest.startsWith('>')) { rest = rest.slice(1); stack.push(name); break; }
      const attr = /^([A-Za-z_][\w.-]*)="([^"]*)"/.exec(rest);
      if (!attr) return `bad attribute in <${name}> at ${JSON.stringify(rest.slice(0, 20))}`;
      const problem = checkText(attr[2]!);
      if (problem) return `${problem} in attribute ${attr[1]}`;
      rest = rest.slice(attr[0].length);
    }
  }
  return stack.length ? `unclosed <${stack.at(-1)}>` : roots === 1 ? undefined : 'no root element';
}
