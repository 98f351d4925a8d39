/**
 * `t` on a Service (the services and traffic views): set its request rate live. The model is text as in the
 * `sim.kubedrill.io/traffic` annotation — `500`, `spike(base=200,peak=2000,at=1m,for=10m)`, `ramp(...)`,
 * `replay(...)` — with times counted from now; empty goes back to the annotation. A model that does not parse
 * keeps the dialog open with the parser's message, and nothing changes.
 */
import type { AppContext } from './context.js';
import { Dialog } from './dialog.js';

/** Open the traffic dialog for a Service; `done` runs after a change was applied. */
export function trafficDialog(ctx: AppContext, namespace: string, name: string, done?: () => void): void {
  const traffic = ctx.controls?.traffic;
  if (!traffic) {
    ctx.flash('this cluster has no simulated traffic', 'warn');
    return;
  }
  const current = traffic.model(namespace, name);
  ctx.openDialog(new Dialog({
    title: 'Traffic',
    message: [
      `service ${namespace}/${name}`,
      `now: ${current ? `${current.text} (${current.source})` : 'no traffic'}`,
      'e.g. 500 · spike(base=200,peak=2000,at=1m,for=10m)',
      'ramp(from=100,to=1000,at=0s,for=5m) · times count from now',
      current?.source === 'live' ? 'empty: back to the annotation\'s model' : '',
    ].filter(Boolean),
    fields: [{ type: 'text', id: 'model', label: 'Model', value: current?.source === 'live' ? current.text : '' }],
    buttons: ['Set', 'Cancel'],
    onSubmit: (v) => {
      const text = String(v.model ?? '').trim();
      if (!text && current?.source !== 'live') return 'enter a rate in requests per second (e.g. 500) or a model such as spike(base=200,peak=2000,at=1m,for=10m)';
      const r = traffic.setTraffic(namespace, name, text);
      if (!r.ok) return r.message;
      ctx.flash(r.message);
      done?.();
    },
  }));
}
