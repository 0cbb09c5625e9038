import '@talon/ui/styles.css';
import './visitor.css';
import { initHighContrast, setHighContrast } from '@talon/ui/contrast';
import { LangProvider } from '@talon/ui/i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

// a link may carry the visitor's choice (`?lang=en`, `?contrast=high`), as the ticket page's links do
const query = new URLSearchParams(window.location.search);
if (query.get('lang') === 'en') {
  try {
    localStorage.setItem('talon.lang.visitor', 'en');
  } catch {
    // private mode: the choice lasts for this page
  }
}
initHighContrast();
if (query.get('contrast') === 'high') setHighContrast(true);
const root = document.getElementById('root');
if (!root) throw new Error('#root is missing');
createRoot(root).render(
  <StrictMode>
    <LangProvider persistKey="talon.lang.visitor">
      <App />
    </LangProvider>
  </StrictMode>,
);
