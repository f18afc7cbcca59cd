/**
 * Table names ORMs derive from model names when the code does not give one: mongoose
 * (lower-cased, pluralised), Sequelize (pluralised, case kept) and TypeORM (snake_case).
 */
const UNCOUNTABLE = new Set([
  'advice', 'energy', 'excretion', 'digestion', 'cooperation', 'health', 'justice', 'labour', 'machinery', 'equipment', 'information', 'pollution',
  'sewage', 'paper', 'money', 'species', 'series', 'rain', 'rice', 'fish', 'sheep', 'moose', 'deer', 'news', 'expertise', 'status', 'media', 'data',
]);

/** English plural rules in the order mongoose and inflection apply them; the first that matches wins. */
const RULES: [RegExp, string][] = [
  [/(m)an$/i, '$1en'],
  [/(pe)rson$/i, '$1ople'],
  [/(child)$/i, '$1ren'],
  [/^(ox)$/i, '$1en'],
  [/(ax|test)is$/i, '$1es'],
  [/(octop|vir)us$/i, '$1i'],
  [/(alias|status)$/i, '$1es'],
  [/(bu)s$/i, '$1ses'],
  [/(buffal|tomat|potat)o$/i, '$1oes'],
  [/([ti])um$/i, '$1a'],
  [/sis$/i, 'ses'],
  [/(?:([^f])fe|([lr])f)$/i, '$1$2ves'],
  [/(hive)$/i, '$1s'],
  [/([^aeiouy]|qu)y$/i, '$1ies'],
  [/(x|ch|ss|sh)$/i, '$1es'],
  [/(matr|vert|ind)(ix|ex)$/i, '$1ices'],
  [/([ml])ouse$/i, '$1ice'],
  [/(quiz)$/i, '$1zes'],
  [/s$/i, 's'],
  [/$/, 's'],
];

export function pluralize(word: string): string {
  if (UNCOUNTABLE.has(word.toLowerCase())) return word;
  for (const [pattern, replacement] of RULES) if (pattern.test(word)) return word.replace(pattern, replacement);
  return word;
}

/** mongoose's collection for a model: `OrderItem` → `orderitems`. */
export function mongooseCollection(model: string): string {
  return pluralize(model.toLowerCase());
}

/** TypeORM's default table name: `UserProfile` → `user_profile`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
