import '@talon/ui/styles.css';
import './hq.css';
import { initHighContrast, LangProvider } from '@talon/ui';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

initHighContrast();
const root = document.getElementById('root');
if (!root) throw new Error('#root is missing');
createRoot(root).render(
  <StrictMode>
    <LangProvider persistKey="talon.lang.hq">
      <App />
    </LangProvider>
  </StrictMode>,
);
