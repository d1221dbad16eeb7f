import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { i18next } from './i18n/index.js';
import './app/theme.css';

// The page's language follows the chosen one from the first paint (screen readers, CJK fonts).
document.documentElement.lang = i18next.language === 'zh' ? 'zh-CN' : 'en';
i18next.on('languageChanged', (lang) => {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = lang === 'zh' ? 'Sluice 线索分配' : 'Sluice lead routing';
});
document.title = i18next.language === 'zh' ? 'Sluice 线索分配' : 'Sluice lead routing';

// The engine's schemas (zod 4) probe `Function('')` to decide whether to compile their parsers;
// the Content-Security-Policy forbids eval, so the probe would only raise a violation report.
// Jitless is zod's documented switch (`z.config({ jitless: true })`), kept on this global.
const zodConfig = ((globalThis as { __zod_globalConfig?: { jitless?: boolean } }).__zod_globalConfig ??= {});
zodConfig.jitless = true;

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
