import type { Detector } from '../detector.js';
import { axiosDetector } from './axios.js';
import { CLIENT_DETECTORS } from './clients.js';
import { DATA_DETECTORS } from './data.js';
import { expressDetector } from './express.js';
import { fetchDetector } from './fetch.js';
import { httpProxyDetector } from './http-proxy.js';
import { MESSAGING_DETECTORS } from './messaging.js';
import { opossumDetector } from './opossum.js';
import { QUALITY_DETECTORS } from './quality.js';
import { SERVER_DETECTORS } from './servers.js';

/** Every detector, in the order they see a call. */
export const DETECTORS: readonly Detector[] = [expressDetector, axiosDetector, fetchDetector, httpProxyDetector, opossumDetector, ...CLIENT_DETECTORS, ...SERVER_DETECTORS, ...QUALITY_DETECTORS, ...DATA_DETECTORS, ...MESSAGING_DETECTORS];
