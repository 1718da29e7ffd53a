import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository's schema/ folder, found upwards from here (works from src/ under tsx/jest and from dist/). */
export const schemaDir = (): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'schema');
    if (existsSync(join(candidate, 'common.graphql'))) return candidate;
  }
  throw new Error('schema/common.graphql not found above ' + __dirname);
};
