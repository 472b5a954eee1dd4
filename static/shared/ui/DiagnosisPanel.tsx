import SectionMessage from '@atlaskit/section-message';
import type { Account, Diagnosis, ScimLink } from '../../../src/contract/proxy';
import { explainDiagnosis } from '../diagnosis';

/** The diagnosis in plain words: why the account is (or is not) locked, and what will fix it. */
export function DiagnosisPanel(props: {
  account: Account | null;
  scimLinks: ScimLink[];
  diagnosis: Diagnosis;
}) {
  const words = explainDiagnosis(props);
  return (
    <SectionMessage appearance={words.tone} title={`Diagnosis: ${words.headline}`}>
      {words.why.map((w) => (
        <p key={w}>{w}</p>
      ))}
      <p>
        <strong>What will fix it: </strong>
        {words.fix}
      </p>
      {words.blockers.length > 0 && (
        <>
          <p>
            <strong>What stands in the way</strong>
          </p>
          <ul>
            {words.blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </>
      )}
      {words.warnings.length + words.linkNotes.length > 0 && (
        <>
          <p>
            <strong>Worth knowing</strong>
          </p>
          <ul>
            {[...words.warnings, ...words.linkNotes].map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </>
      )}
    </SectionMessage>
  );
}
