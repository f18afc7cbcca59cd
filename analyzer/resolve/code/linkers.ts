import type { Linker } from './link-code.js';
import { linkQuality } from './link-quality.js';

/** Family linkers, run after HTTP calls are linked. Each lives in its own module. */
export const LINKERS: readonly Linker[] = [linkQuality];
