import Button from '@atlaskit/button/new';
import { HelperMessage, Label } from '@atlaskit/form';
import Modal, {
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
} from '@atlaskit/modal-dialog';
import { useId, useMemo, useState } from 'react';
import { MAX_BATCH_ACCOUNTS } from '../../../../src/contract/proxy';
import { plural } from '../../../shared/format';
import { parseAccountList } from './parse-list';

/** Shown invalid entries; the count says how many more there are. */
const INVALID_SHOWN = 5;

/**
 * For incidents the scan has not seen yet: emails or account ids pasted one per line, checked as typed
 * (invalid entries named with their line, duplicates counted once, at most MAX_BATCH_ACCOUNTS); only a
 * clean list goes on to the preview.
 */
export function PasteListDialog(props: { onSubmit: (accounts: string[]) => void; onClose: () => void }) {
  const [text, setText] = useState('');
  const id = useId();
  const parsed = useMemo(() => parseAccountList(text), [text]);
  const ok = parsed.accounts.length > 0 && parsed.invalid.length === 0 && parsed.overLimit === 0;
  const title = 'Unlock a list of accounts';
  return (
    <ModalTransition>
      <Modal onClose={props.onClose} width="large" shouldScrollInViewport label={title}>
        <ModalHeader hasCloseButton>
          <ModalTitle>{title}</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <div className="su-stack">
            <p>
              Paste the people to unlock, an email or an Atlassian account ID per line, up to{' '}
              {MAX_BATCH_ACCOUNTS.toLocaleString('en')}. The next step previews what would happen; nothing
              changes before you confirm.
            </p>
            <div>
              <Label htmlFor={`${id}-list`}>Emails or account IDs</Label>
              <textarea
                id={`${id}-list`}
                className="su-textarea"
                rows={10}
                value={text}
                aria-describedby={`${id}-summary`}
                onChange={(e) => setText(e.currentTarget.value)}
              />
              <div id={`${id}-summary`} role="status" aria-live="polite">
                <HelperMessage>
                  {`${plural(parsed.accounts.length, 'account')} ready`}
                  {parsed.duplicates > 0 ? `, ${plural(parsed.duplicates, 'duplicate')} removed` : ''}
                  {parsed.overLimit > 0
                    ? `; ${parsed.overLimit} over the limit of ${MAX_BATCH_ACCOUNTS.toLocaleString('en')}: split the list`
                    : ''}
                  {parsed.invalid.length > 0
                    ? `; ${plural(parsed.invalid.length, 'entry', 'entries')} to fix`
                    : ''}
                  .
                </HelperMessage>
              </div>
              {parsed.invalid.length > 0 && (
                <ul aria-label="Entries to fix">
                  {parsed.invalid.slice(0, INVALID_SHOWN).map((e) => (
                    <li key={`${e.line}:${e.text}`}>
                      Line {e.line}: “{e.text}” is neither an email nor an account ID.
                    </li>
                  ))}
                  {parsed.invalid.length > INVALID_SHOWN && (
                    <li>… and {parsed.invalid.length - INVALID_SHOWN} more.</li>
                  )}
                </ul>
              )}
            </div>
          </div>
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={props.onClose}>
            Cancel
          </Button>
          <Button appearance="primary" isDisabled={!ok} onClick={() => props.onSubmit(parsed.accounts)}>
            Preview
          </Button>
        </ModalFooter>
      </Modal>
    </ModalTransition>
  );
}
