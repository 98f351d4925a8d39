/**
 * Node selector terms (required node affinity, PV node affinity) as component-helpers' nodeaffinity does it:
 * terms ORed, expressions ANDed, Gt/Lt as integers, matchFields on metadata.name, an empty term matches nothing.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm } from './core.js';
import { type RequirementInput, type Selector, requirementErrors, selectorOf } from './label-selector.js';

/** The parts of a Node that node selector terms look at. */
export interface NodeSelectorTarget { metadata: { name?: string; labels?: Record<string, string> } }

interface FieldTerm { key: string; negate: boolean; value: string }

/** A term compiled once; `invalid` terms (bad operator, key or value) never match, as upstream's parse errors. */
interface CompiledTerm { labels: Selector | undefined; fields: FieldTerm[] | undefined; invalid: boolean }

const INVALID: CompiledTerm = { labels: undefined, fields: undefined, invalid: true };
const compiledTerms = new WeakMap<NodeSelectorTerm, CompiledTerm>();

function compileExpressions(exprs: NodeSelectorRequirement[]): Selector | undefined {
  const reqs: RequirementInput[] = [];
  for (const e of exprs) {
    switch (e.operator) {
      case 'In': case 'NotIn': case 'Exists': case 'DoesNotExist': case 'Gt': case 'Lt': break;
      default: return undefined;
    }
    if (requirementErrors(e.key, e.operator, e.values).length > 0) return undefined;
    reqs.push({ key: e.key, operator: e.operator, values: e.values ?? [] });
  }
  return selectorOf(reqs);
}

/** matchFields allow only In / NotIn with exactly one value (nodeSelectorRequirementsAsFieldSelector). */
function compileFields(exprs: NodeSelectorRequirement[]): FieldTerm[] | undefined {
  const out: FieldTerm[] = [];
  for (const e of exprs) {
    if ((e.operator !== 'In' && e.operator !== 'NotIn') || e.values?.length !== 1) return undefined;
    out.push({ key: e.key, negate: e.operator === 'NotIn', value: e.values[0]! });
  }
  return out;
}

function compileTerm(term: NodeSelectorTerm): CompiledTerm {
  const exprs = term.matchExpressions ?? [];
  const fieldExprs = term.matchFields ?? [];
  const labels = exprs.length > 0 ? compileExpressions(exprs) : undefined;
  const fields = fieldExprs.length > 0 ? compileFields(fieldExprs) : undefined;
  if ((exprs.length > 0 && !labels) || (fieldExprs.length > 0 && !fields)) return INVALID;
  return { labels, fields, invalid: false };
}

/** Cached per term object: spec objects from the store are treated as immutable (replace, never mutate). */
function compiled(term: NodeSelectorTerm): CompiledTerm {
  let c = compiledTerms.get(term);
  if (!c) {
    c = compileTerm(term);
    compiledTerms.set(term, c);
  }
  return c;
}

/** Whether one term matches the node: its expressions ANDed with its fields; an empty term matches nothing. */
export function matchesNodeSelectorTerm(term: NodeSelectorTerm, node: NodeSelectorTarget): boolean {
  const c = compiled(term);
  if (c.invalid || (!c.labels && !c.fields)) return false;
  if (c.labels && !c.labels.matches(node.metadata.labels)) return false;
  const nodeName = node.metadata.name ?? '';
  // Upstream builds the field set only from a non-empty name, and skips matchFields on an empty set.
  if (c.fields && nodeName !== '') {
    for (let i = 0; i < c.fields.length; i++) {
      const f = c.fields[i]!;
      const got = f.key === 'metadata.name' ? nodeName : '';
      if ((got === f.value) === f.negate) return false;
    }
  }
  return true;
}

/** Whether any of the terms matches the node (nodeaffinity.MatchNodeSelectorTerms); no terms match nothing. */
export function matchesNodeSelectorTerms(terms: NodeSelectorTerm[] | undefined, node: NodeSelectorTarget): boolean {
  if (!terms) return false;
  for (let i = 0; i < terms.length; i++) if (matchesNodeSelectorTerm(terms[i]!, node)) return true;
  return false;
}
