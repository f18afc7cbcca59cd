/** Fills `{{placeholders}}` from data; throws on a placeholder without a value (a bug in the rule). */
export function renderMessage(template: string, data: Record<string, string | number>): string {
  const text = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => {
    if (!(key in data)) throw new Error(`message placeholder {{${key}}} has no value`);
    return String(data[key]);
  });
  return text;
}

/** Placeholders a template uses. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
}
