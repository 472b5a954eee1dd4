import Button from '@atlaskit/button/new';

/** Previous/next over cursor pages; the backend gives no total, so the pager says which page it is on. */
export function Pager(props: {
  label: string;
  page: number;
  hasNext: boolean;
  isLoading: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  return (
    <nav aria-label={props.label} className="su-pager">
      <Button onClick={props.onPrevious} isDisabled={props.page <= 1 || props.isLoading}>
        Previous page
      </Button>
      <span aria-live="polite">Page {props.page}</span>
      <Button onClick={props.onNext} isDisabled={!props.hasNext || props.isLoading}>
        Next page
      </Button>
    </nav>
  );
}
