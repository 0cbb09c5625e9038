import '@talon/ui/styles.css';
import './kiosk.css';
import { initHighContrast, LangProvider } from '@talon/ui';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { initLargeText } from './large-text.js';

initHighContrast();
initLargeText();
const root = document.getElementById('root');
if (!root) throw new Error('#root is missing');
createRoot(root).render(
  <StrictMode>
    <LangProvider>
      <App />
    </LangProvider>
  </StrictMode>,
);
