// Expands a VS Code snippet body the way accepting every default does: placeholders take their
// default text, choices their first option, mirrors the value of their placeholder.
export function expandSnippet(body: string): string {
  const values = new Map<string, string>();
  let text = body;
  let previous;
  do {
    previous = text;
    text = text.replace(/\$\{(\d+):([^${}]*)\}/g, (_, n: string, value: string) => {
      if (!values.has(n)) values.set(n, value);
      return value;
    });
    text = text.replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_, n: string, choices: string) => {
      const value = choices.split(',')[0];
      if (!values.has(n)) values.set(n, value);
      return value;
    });
  } while (text !== previous);
  return text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a?: string, b?: string) => values.get((a ?? b)!) ?? '');
}
