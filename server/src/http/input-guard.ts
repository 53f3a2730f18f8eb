import { BREAK, type DocumentNode, type ExecutionResult, GraphQLError, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ValidationError } from '../errors.ts';
import { hasControlCharacters } from '../text-input.ts';

/**
 * Client mistakes in the inputs of a request, over HTTP and WebSocket alike (both run Yoga's
 * envelop), answered as such:
 * - A NUL or another control character in any string, a literal in the document or any value in
 *   the variables, is refused before anything runs: one check in front of every String, ID and
 *   custom scalar input, so no resolver has to remember it and PostgreSQL never sees a NUL (it
 *   refuses one in text).
 * - graphql-js reports a variable of the wrong type (a string for an Int, null for a required
 *   field) without a code, and Yoga passes it on as it is: it gets BAD_USER_INPUT and both messages.
 */
export function useInputGuard(): Plugin {
  const refuse = (document: DocumentNode, variables: unknown) => {
    const where = controlCharacterIn(variables, '$') ?? controlCharacterInDocument(document);
    return where === null
      ? null
      : new ValidationError(where, `${where} 含有不允许的控制字符（如 NUL）`, `${where} contains a control character (such as NUL), which text may not`);
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = refuse(args.document, args.variableValues);
      if (error) {
        setResultAndStopExecution({ errors: [error] });
        return undefined;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors?.some(isUncoded)) return;
          setResult({ ...(result as ExecutionResult), errors: result.errors.map((e) => (isUncoded(e) ? withCode(e) : e)) });
        },
      };
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = refuse(args.document, args.variableValues);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

/** A graphql-js error about the request's variables, which carries no code. */
const isUncoded = (error: GraphQLError) => error.extensions.code === undefined && error.path === undefined;

function withCode(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    // Yoga's own marks (the HTTP status 400) are kept.
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT', messageZh: `请求参数无效：${error.message}`, messageEn: error.message },
  });
}

/** The path of the first string in `value` (variables, any depth) that holds a control character. */
export function controlCharacterIn(value: unknown, path: string): string | null {
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
