/**
 * The server's English `message` sometimes carries the schema's own "English / 中文" text whole
 * (its Chinese half is in `messageZh` already): an English reader gets the English half only.
 */
export function englishHalf(message: string): string {
  const at = message.lastIndexOf(' / ');
  return at > 0 && /[\u3400-\u9fff]/.test(message.slice(at)) && !/[\u3400-\u9fff]/.test(message.slice(0, at)) ? message.slice(0, at) : message;
}

/** A problem's field error in the chosen language. */
export function problemMessage(e: { message: string; messageZh?: string | undefined }, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? (e.messageZh ?? e.message) : englishHalf(e.message);
}
