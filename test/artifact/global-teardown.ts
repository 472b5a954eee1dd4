import { rmSync } from 'node:fs';
import { ARTIFACT_DIR_VAR } from './support/install';

export default function globalTeardown(): void {
  const dir = process.env[ARTIFACT_DIR_VAR];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
