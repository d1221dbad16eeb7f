import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, setLanguage } from '../i18n/index.js';
import { namespace } from './messages.js';

/** Two pressed/unpressed buttons, each labelled in its own language, so either reader finds theirs. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation(namespace);
  const current: Language = i18n.language.startsWith('zh') ? 'zh' : 'en';
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{t('language.label')}</legend>
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang === 'zh' ? 'zh-CN' : 'en'}
          data-lang={lang}
          aria-pressed={current === lang}
          onClick={() => setLanguage(lang)}
        >
          {t(`language.${lang}`)}
        </button>
      ))}
    </fieldset>
  );
}
