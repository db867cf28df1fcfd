// Shell scripts are written as String.raw templates, where `${` would start a substitution: they spell the shell's
// `${` as `@{`, and this turns it back.
export function shellScript(template: string): string {
  return template.replace(/@\{/g, '${');
}
