/** `Pod Template:` of a workload (describe.go DescribePodTemplate) and topology spread constraints. */
import { formatLabelSelector, int, list, present, record, str } from '../../api/print/format.js';
import { printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline, records } from './common.js';
import { describeContainers } from './containers.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './layout.js';
import { describeVolumes } from './volumes.js';

/** describeTopologySpreadConstraints: `<key>:<whenUnsatisfiable> when max skew N is exceeded for selector S`, sorted by key. */
export function describeTopologySpreadConstraints(w: PrefixWriter, constraints: unknown, space: string): void {
  const tscs = records(constraints);
  if (tscs.length === 0) return;
  const sorted = [...tscs].sort((a, b) => (str(a.topologyKey) < str(b.topologyKey) ? -1 : str(a.topologyKey) > str(b.topologyKey) ? 1 : 0));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((tsc, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    let s = `${str(tsc.topologyKey)}:${str(tsc.whenUnsatisfiable)} when max skew ${int(tsc.maxSkew)} is exceeded`;
    if (present(tsc.labelSelector)) s += ` for selector ${formatLabelSelector(tsc.labelSelector)}`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** DescribePodTemplate: labels, annotations, containers, volumes, node selectors and tolerations of a template. */
export function describePodTemplate(w: PrefixWriter, template: unknown): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  const t = present(template);
  if (!t) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const meta = record(t.metadata);
  const spec = record(t.spec);
  printLabelsMultiline(w, '  Labels', meta.labels);
  if (Object.keys(record(meta.annotations)).length > 0) printAnnotationsMultiline(w, '  Annotations', meta.annotations);
  if (str(spec.serviceAccountName)) w.write(LEVEL_1, `Service Account:\t${str(spec.serviceAccountName)}\n`);
  if (list(spec.initContainers).length > 0) describeContainers(w, 'Init Containers', spec.initContainers, undefined, undefined, '  ');
  describeContainers(w, 'Containers', spec.containers, undefined, undefined, '  ');
  describeVolumes(w, spec.volumes, '  ');
  describeTopologySpreadConstraints(w, spec.topologySpreadConstraints, '  ');
  if (str(spec.priorityClassName)) w.write(LEVEL_1, `Priority Class Name:\t${str(spec.priorityClassName)}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}
