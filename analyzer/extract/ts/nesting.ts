import { ts } from './parse-source.js';

/**
 * Nesting checks that keep recursive code (the TypeScript parser, the walker, the JSON
 * parser of tsconfig files) from running out of stack on hostile input. Running out of
 * stack is not always a catchable RangeError: V8 can abort the whole process when it
 * happens while compiling a regular expression. So depth is measured first, iteratively.
 */

/**
 * The deepest nesting of brackets ( [ { in source text, counted everywhere (in strings and
 * comments too): an upper bound of what a parser recurses into that no quote or comment
 * can hide, and far above what real code reaches.
 */
export function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

/** Whether a parsed file's syntax tree is deeper than `max` nodes. Iterative. */
export function astDeeperThan(sf: ts.SourceFile, max: number): boolean {
  const stack: [ts.Node, number][] = [[sf, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return true;
    node.forEachChild((child) => {
      stack.push([child, depth + 1]);
    });
  }
  return false;
}
