/** A Chinese name without its separators (欧阳·晓燕 is still a Chinese name). */
const chineseName = /^[\p{Script=Han}·・]+$/u;

/**
 * What an avatar shows for a person: the given name of a Chinese name, as colleagues call each
 * other (陈志伟 → 志伟, 欧阳晓燕 → 晓燕, 张三 → 张三), else the initials of the first and last word
 * (Chen Zhiwei → CZ, Ada → A).
 */
export function initials(displayName: string): string {
  const name = displayName.trim();
  if (name === '') return '?';
  if (chineseName.test(name)) return Array.from(name.replace(/[·・]/gu, '')).slice(-2).join('');
  const words = name.split(/\s+/u);
  const first = Array.from(words[0]!)[0]!;
  const last = words.length > 1 ? Array.from(words[words.length - 1]!)[0]! : '';
  return (first + last).toUpperCase();
}
