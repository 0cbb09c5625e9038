import '@talon/ui/styles.css';
import './rating.css';
import { initHighContrast, LangProvider } from '@talon/ui';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

initHighContrast();
const root = document.getElementById('root');
if (!root) throw new Error('#root is missing');
// No persistKey: a visitor's language choice must not stick for the next visitor.
createRoot(root).render(
  <StrictMode>
    <LangProvider>
      <App />
    </LangProvider>
  </StrictMode>,
);
