import { describe, expect, it } from 'vitest';
import { fixture, readerContext } from '../../test/helpers/fixtures.js';
import { parseDockerfile, readDockerfiles } from './dockerfile-reader.js';

describe('dockerfile reader', () => {
  it('reads stages with ARG substitution, the final stage ENV (all forms) and EXPOSE', () => {
    const ctx = readerContext(fixture('manifests/dockerfile/multi-stage'));
    const { facts, files } = readDockerfiles(ctx);
    expect(files).toEqual(['Dockerfile']);
    expect(facts).toEqual([
      {
        kind: 'dockerfile',
        file: 'Dockerfile',
        line: 13,
        library: 'dockerfile',
        dir: '',
        baseImage: 'gcr.io/distroless/nodejs20-debian12',
        stageImages: ['node:20-alpine', 'node:20-alpine', 'gcr.io/distroless/nodejs20-debian12'],
        env: [
          { name: 'NODE_ENV', value: 'production', line: 14 },
          { name: 'PORT', value: '3000', line: 14 },
          { name: 'LEGACY_FORM', value: 'value with spaces', line: 16 },
          { name: 'QUOTED', value: 'a b', line: 17 },
          { name: 'SINGLE', value: 'c d', line: 17 },
        ],
        expose: [3000, 9464],
      },
    ]);
  });

  it('never fails on odd input', () => {
    expect(parseDockerfile('FROM\nENV\nEXPOSE abc\n\\\n', 'x/Dockerfile')).toMatchObject({ dir: 'x', expose: [], env: [] });
    expect(parseDockerfile('', 'Dockerfile')).toMatchObject({ baseImage: undefined, stageImages: [] });
  });
});
