import Button from '@atlaskit/button/new';
import { ErrorMessage as FieldError, HelperMessage, Label } from '@atlaskit/form';
import Modal, {
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
} from '@atlaskit/modal-dialog';
import Textfield from '@atlaskit/textfield';
import { useId, useState, type ReactNode } from 'react';
import { checkReason, REASON_MAX_LENGTH } from '../reason';

/**
 * Every mutation goes through this dialog: it shows what will happen (the children, e.g. a dry-run
 * preview) and asks for the reason that the audit log records.
 */
export function ReasonDialog(props: {
  isOpen: boolean;
  title: string;
  confirmLabel: string;
  appearance?: 'primary' | 'warning' | 'danger';
  reasonRequired?: boolean;
  /** Where the reason ends up, shown under the field. */
  reasonHelp?: string;
  isBusy?: boolean;
  /** False while the preview is loading or shows that the action cannot run. */
  canConfirm?: boolean;
  children?: ReactNode;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const id = useId();
  const required = props.reasonRequired ?? true;
  const problem = checkReason(reason, required);
  const submit = () => {
    setTouched(true);
    if (problem === null && props.canConfirm !== false && props.isBusy !== true)
      props.onConfirm(reason.trim());
  };
  return (
    <ModalTransition>
      {props.isOpen && (
        <Modal onClose={props.onClose} width="large" shouldScrollInViewport label={props.title}>
          <ModalHeader hasCloseButton>
            <ModalTitle appearance={props.appearance === 'danger' ? 'danger' : undefined}>
              {props.title}
            </ModalTitle>
          </ModalHeader>
          <ModalBody>
            <div className="su-stack">
              {props.children}
              <div>
                <Label htmlFor={`${id}-reason`}>{required ? 'Reason (required)' : 'Reason (optional)'}</Label>
                <Textfield
                  id={`${id}-reason`}
                  name="reason"
                  value={reason}
                  isInvalid={touched && problem !== null}
                  aria-describedby={`${id}-reason-help`}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  onBlur={() => setTouched(true)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') submit();
                  }}
                  maxLength={REASON_MAX_LENGTH}
                />
                <div id={`${id}-reason-help`}>
                  {touched && problem !== null ? (
                    <FieldError>{problem}</FieldError>
                  ) : (
                    <HelperMessage>{props.reasonHelp ?? 'Recorded in the audit log.'}</HelperMessage>
                  )}
                </div>
              </div>
            </div>
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={props.onClose}>
              Cancel
            </Button>
            <Button
              appearance={props.appearance ?? 'primary'}
              onClick={submit}
              isLoading={props.isBusy === true}
              isDisabled={props.canConfirm === false}
            >
              {props.confirmLabel}
            </Button>
          </ModalFooter>
        </Modal>
      )}
    </ModalTransition>
  );
}
