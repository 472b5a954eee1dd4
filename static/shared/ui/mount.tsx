import '@atlaskit/css-reset';
import './page.css';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { startTheme } from './theme';

export function mount(app: ReactNode): void {
  const el = document.getElementById('root');
  if (el === null) throw new Error('index.html has no #root element');
  void startTheme();
  createRoot(el).render(<StrictMode>{app}</StrictMode>);
}
