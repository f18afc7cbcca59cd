import type { Diagnostic } from '../types/index.js';
import { tokenizeNginx } from './nginx-tokenizer.js';

/** One nginx directive: `name args;` or `name args { block }`, with the file and line it was written on. */
export interface NginxDirective {
  name: string;
  args: string[];
  file: string;
  line: number;
  block?: NginxDirective[];
}

interface OpenBlock {
  directive: NginxDirective;
  children: NginxDirective[];
}

/**
 * Parses nginx configuration text into a directive tree. Syntax errors (unbalanced braces,
 * a directive without its `;`, an unterminated string) become `nginx-syntax` diagnostics
 * with file and line; the parser keeps what it could read and never throws. Blocks nested
 * deeper than `maxDepth` are left out (`limits.maxNestingDepth`), so nothing that walks the
 * tree runs out of stack.
 */
export function parseNginx(text: string, file: string, diagnostics: Diagnostic[], maxDepth = 100): NginxDirective[] {
  const { tokens, errors } = tokenizeNginx(text);
  const report = (line: number, message: string): void => {
    diagnostics.push({ level: 'error', code: 'nginx-syntax', file, line, message: `nginx syntax: ${message}` });
  };
  for (const error of errors) report(error.line, error.message);

  const root: NginxDirective[] = [];
  const stack: OpenBlock[] = [];
  let words: { value: string; line: number }[] = [];
  const current = (): NginxDirective[] => stack[stack.length - 1]?.children ?? root;
  const take = (): NginxDirective | undefined => {
    const [name, ...args] = words;
    words = [];
    return name ? { name: name.value, args: args.map((a) => a.value), file, line: name.line } : undefined;
  };

  /** Braces open beyond maxDepth: their contents are skipped. */
  let skipped = 0;
  for (const token of tokens) {
    if (skipped) {
      if (token.type === '{') skipped++;
      else if (token.type === '}') skipped--;
      continue;
    }
    if (token.type === '{' && stack.length >= maxDepth) {
      words = [];
      skipped = 1;
      diagnostics.push({ level: 'warning', code: 'nginx-too-deep', file, line: token.line, message: `blocks nested deeper than ${maxDepth} levels are not read (limits.maxNestingDepth)` });
      continue;
    }
    switch (token.type) {
      case 'word':
        words.push({ value: token.value, line: token.line });
        break;
      case ';': {
        const directive = take();
        if (directive) current().push(directive);
        else report(token.line, 'unexpected ";"');
        break;
      }
      case '{': {
        const directive = take() ?? { name: '', args: [], file, line: token.line };
        if (!directive.name) report(token.line, 'unexpected "{" without a directive name');
        directive.block = [];
        current().push(directive);
        stack.push({ directive, children: directive.block });
        break;
      }
      case '}': {
        const pending = take();
        if (pending) {
          report(pending.line, `directive "${pending.name}" is not terminated by ";"`);
          current().push(pending);
        }
        if (stack.length) stack.pop();
        else report(token.line, 'unexpected "}" (more closing braces than opening ones)');
        break;
      }
    }
  }
  const pending = take();
  if (pending) {
    report(pending.line, `directive "${pending.name}" is not terminated by ";" (unexpected end of file)`);
    current().push(pending);
  }
  for (const open of stack) {
    report(open.directive.line, `block "${open.directive.name}" opened here is never closed (unexpected end of file)`);
  }
  return root;
}
