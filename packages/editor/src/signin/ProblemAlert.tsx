import { useTranslation } from 'react-i18next';
import { namespace as appNamespace } from '../app/messages.js';
import { problemText } from '../app/problem.js';
import { namespace } from './messages.js';

/** A failed sign-in or password change, in the chosen language, announced to screen readers. */
export function ProblemAlert({ error, fieldLabels }: { error: unknown; fieldLabels: Record<string, string> }) {
  const { t, i18n } = useTranslation(namespace);
  const { t: tApp } = useTranslation(appNamespace);
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const text = problemText(error, lang, { network: tApp('problem.network'), unknown: (status) => tApp('problem.unknown', { status }) });
  // `$.newPassword: …` reads better as the field's own label.
  const details = text.details.map((d) => d.replace(/^\$\.(\w+): /, (whole, field: string) => (fieldLabels[field] ? `${fieldLabels[field]}: ` : whole)));
  return (
    <div className="alert" role="alert" data-problem>
      <strong>{t('errorHeading')}: </strong>
      {text.summary}
      {details.length > 0 && (
        <ul>
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
