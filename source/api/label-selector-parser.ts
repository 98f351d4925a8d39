/**
 * The label selector string syntax (`kubectl -l`, `?labelSelector=`), ported from labels.Parse's lexer and
 * recursive-descent parser so that accepted inputs and error texts match the API server.
 */
import { badRequest } from './errors.js';
import {
  type RequirementInput, type Selector, type SelectorOperator, aggregate, invalidField, qualifiedNameErrors,
  requirementErrors, selectorOf,
} from './label-selector.js';

const ERROR = 0, END = 1, CLOSE_PAR = 2, COMMA = 3, NOT = 4, DOUBLE_EQUALS = 5, EQUALS = 6, GREATER = 7,
  IDENTIFIER = 8, IN = 9, LESS = 10, NOT_EQUALS = 11, NOT_IN = 12, OPEN_PAR = 13;

const STRING_TO_TOKEN = new Map<string, number>([
  [')', CLOSE_PAR], [',', COMMA], ['!', NOT], ['==', DOUBLE_EQUALS], ['=', EQUALS], ['>', GREATER], ['in', IN],
  ['<', LESS], ['!=', NOT_EQUALS], ['notin', NOT_IN], ['(', OPEN_PAR],
]);

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

interface Item { tok: number; lit: string }

const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string): boolean => c === '=' || c === '!' || c === '(' || c === ')' || c === ',' || c === '>' || c === '<';

/** The whole input as tokens, ending with END (upstream scans everything before parsing). */
function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      items.push({ tok: END, lit: '' });
      return items;
    }
    if (isSpecial(s[pos]!)) {
      // Longest run of symbols that still forms a token: `==`, `!=`, else one symbol.
      let buffer = '';
      let last: Item | undefined;
      while (pos < s.length && isSpecial(s[pos]!)) {
        buffer += s[pos++];
        const tok = STRING_TO_TOKEN.get(buffer);
        if (tok !== undefined) last = { tok, lit: buffer };
        else if (last) { pos--; break; }
      }
      items.push(last ?? { tok: ERROR, lit: `error expected: keyword found '${buffer}'` });
      continue;
    }
    const start = pos;
    while (pos < s.length && !isSpecial(s[pos]!) && !isWhitespace(s[pos]!)) pos++;
    const lit = s.slice(start, pos);
    items.push({ tok: STRING_TO_TOKEN.get(lit) ?? IDENTIFIER, lit });
  }
}

class ParseError extends Error {}

const VALUES = true;
const KEY_AND_OPERATOR = false;

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  /** In value context the keywords `in` / `notin` are plain identifiers (`x in (in)`). */
  private lookahead(values: boolean): Item {
    const item = this.items[this.position]!;
    return values && (item.tok === IN || item.tok === NOT_IN) ? { tok: IDENTIFIER, lit: item.lit } : item;
  }

  private consume(values: boolean): Item {
    const item = this.lookahead(values);
    this.position++;
    return item;
  }

  parse(): RequirementInput[] {
    const requirements: RequirementInput[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(VALUES);
      if (tok === END) return requirements;
      if (tok !== IDENTIFIER && tok !== NOT) throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        requirements.push(this.parseRequirement());
      } catch (err) {
        if (err instanceof ParseError) throw new ParseError(`unable to parse requirement: ${err.message}`);
        throw err;
      }
      const next = this.consume(VALUES);
      if (next.tok === END) return requirements;
      if (next.tok !== COMMA) throw new ParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead(VALUES);
      if (after.tok !== IDENTIFIER && after.tok !== NOT) throw new ParseError(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  private parseRequirement(): RequirementInput {
    const [key, inferred] = this.parseKeyAndInferOperator();
    if (inferred) return this.checked(key, inferred, []);
    const [operator, doubleEquals] = this.parseOperator();
    const values = operator === 'In' || operator === 'NotIn' ? this.parseValues() : this.parseExactValue();
    return { ...this.checked(key, operator, values), doubleEquals };
  }

  private checked(key: string, operator: SelectorOperator, values: string[]): RequirementInput {
    const errs = requirementErrors(key, operator, values);
    if (errs.length > 0) throw new ParseError(aggregate(errs));
    return { key, operator, values };
  }

  /** A key alone (before `,` or the end) means Exists; `!key` means DoesNotExist. */
  private parseKeyAndInferOperator(): [string, SelectorOperator | undefined] {
    let operator: SelectorOperator | undefined;
    let item = this.consume(VALUES);
    if (item.tok === NOT) {
      operator = 'DoesNotExist';
      item = this.consume(VALUES);
    }
    if (item.tok !== IDENTIFIER) throw new ParseError(`found '${item.lit}', expected: identifier`);
    const keyErrs = qualifiedNameErrors(item.lit);
    // Upstream validates the key with a nil field path, hence the literal "<nil>".
    if (keyErrs.length > 0) throw new ParseError(invalidField('<nil>', item.lit, keyErrs.join('; ')));
    const next = this.lookahead(VALUES).tok;
    if ((next === END || next === COMMA) && operator !== 'DoesNotExist') operator = 'Exists';
    return [item.lit, operator];
  }

  private parseOperator(): [SelectorOperator, boolean] {
    const { tok, lit } = this.consume(KEY_AND_OPERATOR);
    switch (tok) {
      case IN: return ['In', false];
      case EQUALS: return ['Equals', false];
      case DOUBLE_EQUALS: return ['Equals', true];
      case GREATER: return ['Gt', false];
      case LESS: return ['Lt', false];
      case NOT_IN: return ['NotIn', false];
      case NOT_EQUALS: return ['NotEquals', false];
      default: throw new ParseError(`found '${lit}', expected: ${BINARY_OPERATORS}`);
    }
  }

  /** `(a,b,c)`; empty members are the empty value, duplicates collapse; returned sorted (a set, as upstream). */
  private parseValues(): string[] {
    const open = this.consume(VALUES);
    if (open.tok !== OPEN_PAR) throw new ParseError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(VALUES);
    if (tok === CLOSE_PAR) {
      this.consume(VALUES);
      return [''];
    }
    if (tok !== IDENTIFIER && tok !== COMMA) throw new ParseError(`found '${lit}', expected: ',', ')' or identifier`);
    const set = this.parseIdentifiersList();
    if (this.consume(VALUES).tok !== CLOSE_PAR) throw new ParseError(`found '${lit}', expected: ')'`);
    return [...set].sort();
  }

  private parseIdentifiersList(): Set<string> {
    const set = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(VALUES);
      if (tok === IDENTIFIER) {
        set.add(lit);
        const next = this.lookahead(VALUES);
        if (next.tok === COMMA) continue;
        if (next.tok === CLOSE_PAR) return set;
        throw new ParseError(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok !== COMMA) throw new ParseError(`found '${lit}', expected: ',', or identifier`);
      if (set.size === 0) set.add(''); // "(,"
      const next = this.lookahead(VALUES).tok;
      if (next === CLOSE_PAR) {
        set.add(''); // ",)"
        return set;
      }
      if (next === COMMA) {
        this.consume(VALUES);
        set.add(''); // ",,"
      }
    }
  }

  /** The value after `=`, `==`, `!=`, `>` or `<`; nothing before `,` or the end is the empty value. */
  private parseExactValue(): string[] {
    const next = this.lookahead(VALUES).tok;
    if (next === END || next === COMMA) return [''];
    const { tok, lit } = this.consume(VALUES);
    if (tok === IDENTIFIER) return [lit];
    throw new ParseError(`found '${lit}', expected: identifier`);
  }
}

/** labels.Parse: the kubectl selector syntax; throws ApiError BadRequest with the API server's message. */
export function parseLabelSelector(text: string): Selector {
  try {
    return selectorOf(new Parser(lex(text)).parse());
  } catch (err) {
    if (err instanceof ParseError) throw badRequest(err.message);
    throw err;
  }
}
