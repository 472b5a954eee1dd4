/**
 * The audit log and the IdP-sync state file: looked at, never created or changed (the doctor must leave
 * no trace, locally either).
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { ProxyConfig } from '../../proxy/config';
import { fileVerdict, type FileState, type FileSubject } from '../domain/local-verdicts';
import type { DoctorCheck } from '../domain/report';

export type InspectFile = (file: string) => FileState;

const writable = (p: string): boolean => {
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/** The file's state; for a missing file, whether the proxy could create it (and its directories). */
export const inspectFile: InspectFile = (file) => {
  const abs = path.resolve(file);
  try {
    const st = statSync(abs);
    return {
      kind: 'exists',
      isFile: st.isFile(),
      writable: writable(abs),
      mode: st.mode,
      directoryWritable: writable(path.dirname(abs)),
    };
  } catch {
    let dir = path.dirname(abs);
    for (;;) {
      try {
        if (statSync(dir).isDirectory())
          return { kind: 'missing', creatable: writable(dir), nearestDirectory: dir };
        return { kind: 'missing', creatable: false, nearestDirectory: dir };
      } catch {
        const parent = path.dirname(dir);
        if (parent === dir) return { kind: 'missing', creatable: false, nearestDirectory: dir };
        dir = parent;
      }
    }
  }
};

function fileCheck(id: string, title: string, subject: FileSubject, inspect: InspectFile): DoctorCheck {
  return {
    id,
    title,
    required: true,
    variables: [subject.variable],
    ...fileVerdict(subject, inspect(subject.path)),
  };
}

export function probeFiles(
  config: Pick<ProxyConfig, 'auditLogFile' | 'idpSync'>,
  inspect: InspectFile = inspectFile,
): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  if (config.auditLogFile === null) {
    checks.push({
      id: 'audit-file',
      title: 'Audit log',
      required: false,
      variables: ['AUDIT_LOG_FILE'],
      status: 'warn',
      detail: 'AUDIT_LOG_FILE is not set: audit lines go to standard output only.',
      fix: 'Set AUDIT_LOG_FILE to a file on a persistent volume, so the record of every unlock outlives the process.',
    });
  } else {
    checks.push(
      fileCheck(
        'audit-file',
        'Audit log',
        { what: 'Audit log', variable: 'AUDIT_LOG_FILE', path: config.auditLogFile },
        inspect,
      ),
    );
  }
  const stateFile = config.idpSync?.stateFile ?? null;
  if (config.idpSync !== null && stateFile !== null) {
    const variable = 'IDP_SYNC_STATE_FILE';
    checks.push(
      fileCheck(
        'state-file',
        'IdP sync state file',
        { what: 'IdP sync state file', variable, path: stateFile, replacedWhole: true },
        inspect,
      ),
    );
  }
  return checks;
}
