import { ARTIFACT_DIR_VAR, packAndInstall } from './support/install';

export default function globalSetup(): void {
  const artifact = packAndInstall();
  // Workers start after this and inherit the variable.
  process.env[ARTIFACT_DIR_VAR] = artifact.dir;
}
