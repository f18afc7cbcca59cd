export { walkTree, SKIPPED_DIRS, type FileRef, type Inventory, type WalkOptions } from './walk-tree.js';
export { classifyFile, sourceLanguage, isTestOrGenerated, type FileCategory } from './classify-file.js';
export { readText, DEFAULT_MAX_FILE_BYTES } from './read-text.js';
export { gitHead } from './git-head.js';
