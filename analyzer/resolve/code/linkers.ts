import type { Linker } from './link-code.js';
import { linkMessaging } from './link-messaging.js';
import { linkData } from './link-data.js';
import { linkQuality } from './link-quality.js';

/** Family linkers, run after HTTP calls are linked. Each lives in its own module. */
export const LINKERS: readonly Linker[] = [linkQuality, linkData, linkMessaging];
