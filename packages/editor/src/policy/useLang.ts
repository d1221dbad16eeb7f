import { useTranslation } from 'react-i18next';

/** The chosen language as the engine's labels name it. */
export function useLang(): 'zh' | 'en' {
  const { i18n } = useTranslation();
  return (i18n.resolvedLanguage ?? i18n.language ?? 'zh').startsWith('zh') ? 'zh' : 'en';
}
