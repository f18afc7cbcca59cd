import { parseAction, type Pipeline } from './helm-expr-parse.js';
import type { ActionToken, TemplateToken } from './helm-template-lexer.js';

export interface Clause {
  keyword: 'if' | 'with';
  action: ActionToken;
  pipeline: Pipeline;
  body: TemplateNode[];
}

/** A template as a tree of text, outputs and blocks; actions keep their token for line and wording. */
export type TemplateNode =
  | { kind: 'text'; text: string; line: number }
  | { kind: 'output'; action: ActionToken; pipeline: Pipeline }
  | { kind: 'include'; action: ActionToken; name: string }
  | { kind: 'cond'; clauses: Clause[]; elseBody?: TemplateNode[] }
  | { kind: 'range'; action: ActionToken; pipeline: Pipeline; body: TemplateNode[]; elseBody?: TemplateNode[] }
  | { kind: 'block'; action: ActionToken; pipeline?: Pipeline; body: TemplateNode[] }
  /** An action this reader cannot read, or a structural problem (`end` without a block). */
  | { kind: 'unreadable'; action: ActionToken; note?: string };

type Frame =
  | { kind: 'cond'; node: Extract<TemplateNode, { kind: 'cond' }>; action: ActionToken; elseSeen: boolean }
  | { kind: 'range'; node: Extract<TemplateNode, { kind: 'range' }>; action: ActionToken; elseSeen: boolean }
  | { kind: 'block'; node: Extract<TemplateNode, { kind: 'block' }>; action: ActionToken }
  | { kind: 'define'; action: ActionToken };

const MAX_DEPTH = 64;

/** Builds the block tree. Problems (unknown syntax, unbalanced blocks) become `unreadable` nodes. */
export function buildTemplateTree(tokens: readonly TemplateToken[]): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: { frame: Frame; body: TemplateNode[] }[] = [];
  const current = (): TemplateNode[] => stack[stack.length - 1]?.body ?? root;
  const open = (frame: Frame, body: TemplateNode[]): void => {
    stack.push({ frame, body });
  };

  for (const token of tokens) {
    if (token.kind === 'text') {
      current().push(token);
      continue;
    }
    const action = parseAction(token.body);
    if (!action) {
      current().push({ kind: 'unreadable', action: token });
      continue;
    }
    if (stack.length >= MAX_DEPTH && ['if', 'with', 'range', 'define', 'block'].includes(action.kind)) {
      current().push({ kind: 'unreadable', action: token, note: 'nested too deeply' });
      continue;
    }
    switch (action.kind) {
      case 'output':
        current().push({ kind: 'output', action: token, pipeline: action.pipeline });
        break;
      case 'template':
        current().push({ kind: 'include', action: token, name: action.name });
        break;
      case 'if':
      case 'with': {
        const clause: Clause = { keyword: action.kind, action: token, pipeline: action.pipeline, body: [] };
        const node: TemplateNode = { kind: 'cond', clauses: [clause] };
        current().push(node);
        open({ kind: 'cond', node, action: token, elseSeen: false }, clause.body);
        break;
      }
      case 'range': {
        const node: TemplateNode = { kind: 'range', action: token, pipeline: action.pipeline, body: [] };
        current().push(node);
        open({ kind: 'range', node, action: token, elseSeen: false }, node.body);
        break;
      }
      case 'block': {
        const node: TemplateNode = { kind: 'block', action: token, pipeline: action.pipeline, body: [] };
        current().push(node);
        open({ kind: 'block', node, action: token }, node.body);
        break;
      }
      case 'define':
        // Definitions are not output; their bodies are dropped.
        open({ kind: 'define', action: token }, []);
        break;
      case 'else': {
        const top = stack[stack.length - 1];
        const frame = top?.frame;
        if (!top || !frame || (frame.kind !== 'cond' && frame.kind !== 'range') || frame.elseSeen || (frame.kind === 'range' && action.chain)) {
          current().push({ kind: 'unreadable', action: token, note: 'else without a matching block' });
          break;
        }
        if (frame.kind === 'cond' && action.chain) {
          const clause: Clause = { keyword: action.chain.kind, action: token, pipeline: action.chain.pipeline, body: [] };
          frame.node.clauses.push(clause);
          top.body = clause.body;
        } else {
          frame.elseSeen = true;
          frame.node.elseBody = [];
          top.body = frame.node.elseBody;
        }
        break;
      }
      case 'end':
        if (!stack.pop()) current().push({ kind: 'unreadable', action: token, note: 'end without a matching block' });
        break;
    }
  }
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    (stack[stack.length - 1]?.body ?? root).push({ kind: 'unreadable', action: entry.frame.action, note: 'block without end' });
  }
  return root;
}
