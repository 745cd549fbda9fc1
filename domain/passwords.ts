/** What a new password must be, in the words shown to the person choosing it. */
export const PASSWORD_RULE = '密码至少10位，且包含大写字母、小写字母、数字、符号中的至少三类 / at least 10 characters, from at least three of: upper case, lower case, digits, symbols';

const CLASSES = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** Why `password` may not be chosen (empty when it may), e.g. the common 三类字符 rule of government systems. */
export function passwordProblems(password: string, { email, current }: { email: string; current?: string }): string[] {
  const problems: string[] = [];
  if (password.length < 10 || CLASSES.filter((c) => c.test(password)).length < 3) problems.push(PASSWORD_RULE);
  const local = email.split('@')[0].toLowerCase();
  if (local.length >= 4 && password.toLowerCase().includes(local)) problems.push('密码不得包含账号名 / the password must not contain the account name');
  if (current !== undefined && password === current) problems.push('新密码不得与原密码相同 / the new password must differ from the current one');
  return problems;
}
