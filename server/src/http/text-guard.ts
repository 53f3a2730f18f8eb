import { BREAK, type DocumentNode, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ValidationError } from '../errors.ts';
import { hasControlCharacters } from '../text-input.ts';

/**
 * Refuses a request whose text holds a NUL or another control character, wherever the string
 * is: a literal in the document or any value in the variables, over HTTP and WebSocket alike
 * (both run Yoga's envelop). One check in front of every String, ID and custom scalar input,
 * so no resolver has to remember it and PostgreSQL never sees a NUL (it refuses one in text).
 */
export function useTextGuard(): Plugin {
  const refuse = (document: DocumentNode, variables: unknown) => {
    const where = controlCharacterIn(variables, '$') ?? controlCharacterInDocument(document);
    return where === null
      ? null
      : new ValidationError(where, `${where} 含有不允许的控制字符（如 NUL）`, `${where} contains a control character (such as NUL), which text may not`);
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = refuse(args.document, args.variableValues);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = refuse(args.document, args.variableValues);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

/** The path of the first string in `value` (variables, any depth) that holds a control character. */
function controlCharacterIn(value: unknown, path: string): string | null {
  if (typeof value === 'string') return hasControlCharacters(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = controlCharacterIn(item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = hasControlCharacters(key) ? `${path}.?` : controlCharacterIn(item, path === '$' ? `$${key}` : `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

function controlCharacterInDocument(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    StringValue(node) {
      if (!hasControlCharacters(node.value)) return undefined;
      found = 'query';
      return BREAK;
    },
  });
  return found;
}
