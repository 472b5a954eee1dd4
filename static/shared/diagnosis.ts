import type { Diagnosis, ScimLink } from '../../src/contract/proxy';

export {
  explainDiagnosis,
  type DiagnosisTone,
  type DiagnosisWords,
} from '../../src/contract/proxy/diagnosis-words';

/** Which of the three actions make sense for a state; the proxy still re-checks before acting. */
export function availableActions(
  d: Diagnosis,
  links: ScimLink[],
): {
  unlock: boolean;
  unlink: boolean;
  reactivate: boolean;
} {
  const actionable = d.state === 'locked-by-scim' || d.state === 'deactivated' || d.state === 'suspended';
  return {
    unlock: actionable,
    unlink: links.length > 0,
    reactivate: d.state === 'deactivated' || d.state === 'suspended' || d.state === 'locked-by-scim',
  };
}
