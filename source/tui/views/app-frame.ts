/**
 * The whole screen from the app's state, top to bottom (k9s's layout): header, prompt (while typing), the current
 * screen (with a dialog over it), crumbs, flash. Exactly rows-1 lines of `columns` cells: a frame as tall as the
 * terminal makes Ink clear the screen on every frame.
 */
import { sanitize, wrapLine } from '../text.js';
import { theme } from '../theme.js';
import { suggest } from './commands.js';
import type { Binding, FlashLevel, Screen } from './context.js';
import type { Dialog } from './dialog.js';
import { type HeaderData, renderHeader } from './header.js';
import { type Line, boxLines, fillLines, fitLine, seg, textLine } from './lines.js';

/** Lines a long flash message may take (wrapped) before it is cut. */
const FLASH_MAX_LINES = 3;

/** What the frame is drawn from. */
export interface FrameState {
  columns: number;
  rows: number;
  headerVisible: boolean;
  prompt: { mode: 'command' | 'filter'; text: string } | undefined;
  dialog: Dialog | undefined;
  flashState: { text: string; level: FlashLevel } | undefined;
  stack: readonly Screen[];
  /** Header contents (called only when the header shows). */
  header(): Omit<HeaderData, 'hints'>;
  /** Key hints for the header: the screen's keys, then a few of the app's. */
  hints(): Binding[];
}

/** Header rows by terminal height (k9s: 7). */
function headerHeight(s: FrameState): number {
  if (!s.headerVisible) return 0;
  return s.rows >= 28 ? 7 : s.rows >= 22 ? 6 : 4;
}

function promptLines(p: NonNullable<FrameState['prompt']>, width: number): Line[] {
  const icon = p.mode === 'command' ? ':' : '/';
  const s = p.mode === 'command' ? suggest(p.text) : undefined;
  const rest = s ? s.slice(p.text.length) : '';
  const line: Line = [seg(`${icon} `, theme.prompt, { bold: true }), seg(p.text, 'whiteBright'), seg('▏', theme.prompt), seg(rest, theme.suggestion)];
  return boxLines([], [line], width, 3, true);
}

function crumbLine(stack: readonly Screen[], width: number): Line {
  const line: Line = [];
  stack.forEach((s, i) => {
    const last = i === stack.length - 1;
    line.push(seg(` <${s.crumb}> `, theme.crumb, { bg: last ? theme.crumbActiveBg : theme.crumbBg, bold: true }), seg(' '));
  });
  return fitLine(line, width);
}

/** The flash message: long ones (upstream errors) wrap onto up to FLASH_MAX_LINES lines so nothing is lost. */
function flashLines(s: FrameState, width: number): Line[] {
  const f = s.flashState;
  if (!f) return [textLine(' ? help · : command · / filter · tab pane · esc back · ctrl-c quit', width, { color: theme.hint })];
  const color = f.level === 'error' ? theme.flashError : f.level === 'warn' ? theme.flashWarn : theme.flashInfo;
  const icon = f.level === 'error' ? '✗ ' : f.level === 'warn' ? '! ' : '';
  const text = ` ${icon}${sanitize(f.text.replace(/\s*\n\s*/g, ' '))}`;
  const max = s.rows >= 20 ? FLASH_MAX_LINES : 1;
  const wrapped = wrapLine(text, Math.max(1, width - 1));
  const shown = wrapped.length > max ? [...wrapped.slice(0, max - 1), wrapped.slice(max - 1).join('')] : wrapped;
  return shown.map((l) => textLine(l, width, { color, bold: true }));
}

/** The dialog box centred over the main area (whole lines replaced: Ink has no layers). */
function overlayDialog(dialog: Dialog, main: Line[], width: number, height: number): Line[] {
  const w = Math.min(width, Math.max(40, Math.min(70, width - 4)));
  const box = dialog.render(w).slice(0, height);
  const top = Math.max(0, Math.floor((height - box.length) / 2));
  const left = Math.floor((width - w) / 2);
  const out = main.slice();
  box.forEach((l, i) => {
    out[top + i] = fitLine([seg(' '.repeat(left)), ...l], width);
  });
  return out;
}

/** Draw the screen; a failing screen draws its error instead of taking the UI down. */
export function drawFrame(s: FrameState): Line[] {
  const width = Math.max(1, s.columns);
  const height = Math.max(3, s.rows - 1);
  const headerH = Math.min(headerHeight(s), Math.max(0, height - 6));
  const promptH = s.prompt ? 3 : 0;
  const flash = flashLines(s, width);
  const mainH = Math.max(1, height - headerH - promptH - 1 - flash.length);
  const out: Line[] = [];
  try {
    if (headerH) out.push(...renderHeader({ ...s.header(), hints: s.hints() }, width, headerH));
    if (s.prompt) out.push(...promptLines(s.prompt, width));
    let main = fillLines(s.stack[s.stack.length - 1]!.render(width, mainH), width, mainH);
    if (s.dialog) main = overlayDialog(s.dialog, main, width, mainH);
    out.push(...main);
  } catch (err) {
    out.push(textLine(` render error: ${err instanceof Error ? err.message : String(err)}`, width, { color: theme.flashError }));
  }
  out.push(crumbLine(s.stack, width), ...flash);
  return fillLines(out, width, height);
}
