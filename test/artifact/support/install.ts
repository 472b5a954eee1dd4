import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..', '..');
/** Where global-setup.ts tells the test files the installed artifact is. */
export const ARTIFACT_DIR_VAR = 'SCIM_UNLOCK_ARTIFACT_DIR';

export interface PackedFile {
  path: string;
  size: number;
}

export interface InstalledArtifact {
  /** The temporary folder holding the tarball and the install. */
  dir: string;
  /** What the tarball holds, as `npm pack` listed it. */
  packedFiles: PackedFile[];
  /** The installed command (node_modules/.bin/scim-unlock). */
  bin: string;
  /** The installed package (node_modules/scim-unlock). */
  packageDir: string;
}

function npm(args: string[], cwd: string): string {
  // npm's own variables from an enclosing `npm test` (npm_config_*) would change how it packs and installs.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')),
  );
  return execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * `npm pack` (its prepack script builds dist/), then installs the tarball with production dependencies
 * only into a fresh folder outside the repository, so nothing resolves from the repository's node_modules.
 * `--prefer-offline` reuses what `npm ci` already downloaded.
 */
export function packAndInstall(): InstalledArtifact {
  const dir = mkdtempSync(path.join(tmpdir(), 'scim-unlock-artifact-'));
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], ROOT)) as Array<{
    filename: string;
    files: PackedFile[];
  }>;
  const entry = packed[0];
  if (!entry) throw new Error('npm pack reported no tarball');
  const tarball = path.join(dir, entry.filename);
  writeFileSync(path.join(dir, 'files.json'), JSON.stringify(entry.files));
  const install = path.join(dir, 'install');
  mkdirSync(install);
  writeFileSync(
    path.join(install, 'package.json'),
    JSON.stringify({ name: 'artifact-install', private: true }),
  );
  npm(['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', tarball], install);
  return {
    dir,
    packedFiles: entry.files,
    bin: path.join(install, 'node_modules', '.bin', 'scim-unlock'),
    packageDir: path.join(install, 'node_modules', 'scim-unlock'),
  };
}

export function artifactFromEnv(): InstalledArtifact {
  const dir = process.env[ARTIFACT_DIR_VAR];
  if (!dir)
    throw new Error(`${ARTIFACT_DIR_VAR} is not set: run this suite with test/artifact/jest.config.cjs`);
  const install = path.join(dir, 'install');
  return {
    dir,
    packedFiles: JSON.parse(readFileSync(path.join(dir, 'files.json'), 'utf8')) as PackedFile[],
    bin: path.join(install, 'node_modules', '.bin', 'scim-unlock'),
    packageDir: path.join(install, 'node_modules', 'scim-unlock'),
  };
}
