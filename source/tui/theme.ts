/** Colours by role (k9s's default skin, in the 16 colours every terminal has). */
import type { Health } from './model/health.js';

export const theme = {
  border: 'cyan',
  focusBorder: 'magentaBright',
  title: 'cyan',
  titleCount: 'magentaBright',
  titleFilter: 'yellow',
  header: 'whiteBright',
  info: 'white',
  infoLabel: 'yellow',
  hintKey: 'magentaBright',
  hint: 'gray',
  crumb: 'black',
  crumbBg: 'cyan',
  crumbActiveBg: 'yellow',
  flashInfo: 'cyan',
  flashWarn: 'yellow',
  flashError: 'redBright',
  prompt: 'cyan',
  suggestion: 'gray',
  marked: 'yellowBright',
  dialogBorder: 'magentaBright',
  searchMatch: 'yellow',
  changed: 'greenBright',
  pickedColumn: 'yellowBright',
  clockRunning: 'greenBright',
  clockPaused: 'yellow',
  cost: 'yellowBright',
} as const;

/** Row colour for a health (k9s: normal aqua, pending orange, error red, completed grey, terminating magenta). */
export function healthColor(h: Health): string {
  switch (h) {
    case 'error': return 'redBright';
    case 'pending': return 'yellow';
    case 'completed': return 'gray';
    case 'terminating': return 'magenta';
    default: return 'cyan';
  }
}
