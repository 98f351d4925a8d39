/**
 * Screens draw themselves as lines of coloured segments, each exactly as wide as asked: the React layer only
 * prints them, and nothing can overflow or wrap into garbage at any terminal size.
 */
import { theme } from '../theme.js';
import { fit, textWidth, truncate } from '../text.js';

/** A run of text with one style. */
export interface Segment {
  text: string;
  color?: string;
  bg?: string;
  bold?: boolean;
  inverse?: boolean;
  dim?: boolean;
  underline?: boolean;
}

export type Line = Segment[];

/** A segment (shorthand). */
export function seg(text: string, color?: string, extra: Omit<Segment, 'text' | 'color'> = {}): Segment {
  return { text, color, ...extra };
}

/** Total cells of a line. */
export function lineWidth(line: Line): number {
  let w = 0;
  for (const s of line) w += textWidth(s.text);
  return w;
}

/** Cut a line to `width` cells and pad it with spaces to exactly `width`. */
export function fitLine(line: Line, width: number, padStyle: Omit<Segment, 'text'> = {}): Line {
  const out: Line = [];
  let left = Math.max(0, width);
  for (const s of line) {
    if (left <= 0) break;
    const w = textWidth(s.text);
    if (w <= left) {
      out.push(s);
      left -= w;
    } else {
      out.push({ ...s, text: truncate(s.text, left) });
      left -= textWidth(truncate(s.text, left));
      break;
    }
  }
  if (left > 0) out.push({ ...padStyle, text: ' '.repeat(left) });
  return out;
}

/** A line of plain text fitted to `width`. */
export function textLine(text: string, width: number, style: Omit<Segment, 'text'> = {}): Line {
  return [{ ...style, text: fit(text, width) }];
}

/** Fill to `height` lines of `width` blanks (or cut to `height`). */
export function fillLines(lines: Line[], width: number, height: number): Line[] {
  const out = lines.slice(0, Math.max(0, height)).map((l) => fitLine(l, width));
  while (out.length < height) out.push([{ text: ' '.repeat(Math.max(0, width)) }]);
  return out;
}

/**
 * Draw a bordered box: title segments centred in the top border (k9s style), `content` fitted inside. Returns
 * exactly `height` lines of `width` cells; content gets width-2 × height-2.
 */
export function boxLines(title: Line, content: Line[], width: number, height: number, focused = false): Line[] {
  if (width < 2 || height < 2) return fillLines(content, width, height);
  const color = focused ? theme.focusBorder : theme.border;
  const inner = width - 2;
  const t = fitLine(title, Math.min(lineWidth(title), Math.max(0, inner - 2)));
  const tw = lineWidth(t);
  const leftRule = Math.max(0, Math.floor((inner - tw) / 2));
  const rightRule = Math.max(0, inner - tw - leftRule);
  const out: Line[] = [[seg('┌' + '─'.repeat(leftRule), color), ...t, seg('─'.repeat(rightRule) + '┐', color)]];
  const body = fillLines(content, inner, height - 2);
  for (const l of body) out.push([seg('│', color), ...l, seg('│', color)]);
  out.push([seg('└' + '─'.repeat(inner) + '┘', color)]);
  return out;
}
