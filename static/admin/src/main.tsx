import { mount } from '../../shared/ui/mount';
import { App } from './App';
import { BatchFlowProvider } from './batches/BatchFlowProvider';

// The batch flow is mounted once around the page, so every part (Flags, incident cards) opens the same dialog.
mount(
  <BatchFlowProvider>
    <App />
  </BatchFlowProvider>,
);
