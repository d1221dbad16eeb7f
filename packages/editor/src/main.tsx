import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.js';

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><p>Sluice</p></StrictMode>);
