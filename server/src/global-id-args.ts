import SchemaBuilder, {
  BasePlugin,
  type InputFieldMapping,
  type InputFieldsMapping,
  type InputTypeFieldsMapping,
  mapInputFields,
  type PothosInputFieldConfig,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { ValidationError } from './errors.ts';
import { parseGlobalIdOf } from './ids.ts';

/**
 * ID arguments are declared the relay plugin's way, `t.arg.globalID({ for: Proposal })` and
 * `t.input.globalID({ for })` / `t.input.globalIDList({ for })` in input types, and resolvers
 * receive `{ typename, id }` already checked. The relay plugin's own checks cannot keep our error
 * contract: its arg mapper calls `decodeGlobalID(globalID, ctx)` without the argument's path, and
 * its `for` check throws a plain PothosValidationError ("ID: … is not of type: …") that names no
 * field either. So this plugin runs first, over the raw arguments, where the path is known: each
 * global id with a `for` is read by `parseGlobalId` (the one reader: canonical form, row ids up to
 * 2^31 − 1) and its type checked, and a bad one is a ValidationError naming its place,
 * `input.proposalId`, `input.unitIds.3`, `filter.unitId`, `campaignId`, thrown once the caller is
 * authorized (see onOutputFieldConfig). The relay plugin's mapping then decodes only ids known to be
 * good (the drizzle node ref's `parseId` makes them numbers).
 */
const pluginName = 'globalIdArgs';
export default pluginName;

/** The type names an ID input accepts, as the relay plugin records them from `for`. */
type Accepted = readonly string[];

interface RelayIdExtensions {
  isRelayGlobalID?: boolean;
  relayGlobalIDFor?: readonly { typename: string }[] | null;
}

function acceptedTypes<Types extends SchemaTypes>(field: PothosInputFieldConfig<Types>): Accepted | null {
  const extensions = field.extensions as RelayIdExtensions | undefined;
  if (!extensions?.isRelayGlobalID || !extensions.relayGlobalIDFor) return null;
  return extensions.relayGlobalIDFor.map(({ typename }) => typename);
}

type Path = readonly (string | number)[];

/** Visits each element of a value nested `depth` lists deep, with its path. */
function eachElement(value: unknown, depth: number, path: Path, visit: (element: unknown, path: Path) => void): void {
  if (value === null || value === undefined) return;
  if (depth === 0) return visit(value, path);
  if (Array.isArray(value)) value.forEach((item, i) => eachElement(item, depth - 1, [...path, i], visit));
}

function checkFields<Types extends SchemaTypes>(values: unknown, mappings: InputFieldsMapping<Types, Accepted>, path: Path): void {
  if (values === null || typeof values !== 'object') return;
  for (const [name, mapping] of mappings) {
    eachElement((values as Record<string, unknown>)[name], mapping.listDepth, [...path, name], (element, elementPath) =>
      checkValue(element, mapping, elementPath),
    );
  }
}

/** A bad id found in the arguments: the error and where it is. */
class BadId extends Error {
  constructor(
    readonly error: ValidationError,
    readonly path: Path,
  ) {
    super(error.message);
  }
}

function checkValue<Types extends SchemaTypes>(value: unknown, mapping: InputFieldMapping<Types, Accepted>, path: Path): void {
  if (mapping.kind === 'InputObject') {
    if (mapping.fields.map) checkFields(value, mapping.fields.map, path);
  } else if (mapping.value) {
    try {
      parseGlobalIdOf(value, mapping.value, path.join('.'));
    } catch (error) {
      if (error instanceof ValidationError) throw new BadId(error, path);
      throw error;
    }
  }
}

/** A copy of `root` with the value at `path` set to null. */
function withNullAt(root: unknown, path: Path): unknown {
  if (path.length === 0) return null;
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((item, i) => (i === head ? withNullAt(item, rest) : item));
  const object = root as Record<string | number, unknown>;
  return { ...object, [head!]: withNullAt(object[head!], rest) };
}

/** Where a bad id's error waits on the arguments object (object spread, as the relay mapper copies it, keeps it). */
const deferredError = Symbol('bad global id');
type CheckedArgs = Record<string, unknown> & { [deferredError]?: ValidationError };

/** Throws the error of a bad id the arguments carry. */
function throwDeferred(args: object): void {
  const error = (args as CheckedArgs)[deferredError];
  if (error) throw error;
}

export class GlobalIdArgsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  /** Input types' mappings, shared across fields (the relay plugin keeps one the same way). */
  private readonly mappingCache = new Map<string, InputTypeFieldsMapping<Types, Accepted>>();

  /**
   * Argument mappers run before every plugin's resolver wrapper, so before scope-auth: a refusal
   * thrown here would answer a caller who may not use the field with VALIDATION rather than
   * UNAUTHENTICATED or FORBIDDEN, and (unless the errors plugin's `unsafelyHandleInputErrors` is
   * on, which catches every input error before authorization) as a top-level error rather than the
   * mutation's typed result. So the mapper only reads: a bad id becomes null (the relay plugin
   * skips it) and its error waits on the arguments until `wrapResolve`, the innermost wrapper,
   * after scope-auth and inside the errors plugin, throws it.
   */
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const mappings = mapInputFields(fieldConfig.args, this.buildCache, acceptedTypes, this.mappingCache);
    if (!mappings) return fieldConfig;
    // First of all the mappers, so the relay plugin's never sees an id this one has not read: every
    // bad id becomes null (with one left, the relay mapper threw its own pathless error on it, before
    // authorization), and the first one's error waits.
    const check = (args: Record<string, unknown>): CheckedArgs => {
      let checked = args;
      let firstError: ValidationError | undefined;
      for (;;) {
        try {
          checkFields(checked, mappings, []);
          return firstError ? { ...checked, [deferredError]: firstError } : checked;
        } catch (error) {
          if (!(error instanceof BadId)) throw error;
          firstError ??= error.error;
          checked = withNullAt(checked, error.path) as Record<string, unknown>;
        }
      }
    };
    return { ...fieldConfig, argMappers: [check, ...fieldConfig.argMappers] };
  }

  override wrapResolve(resolver: GraphQLFieldResolver<unknown, Types['Context'], object>): GraphQLFieldResolver<unknown, Types['Context'], object> {
    return (parent, args, context, info) => {
      throwDeferred(args);
      return resolver(parent, args, context, info);
    };
  }

  override wrapSubscribe(
    subscribe: GraphQLFieldResolver<unknown, Types['Context'], object> | undefined,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> | undefined {
    if (!subscribe) return subscribe;
    return (parent, args, context, info) => {
      throwDeferred(args);
      return subscribe(parent, args, context, info);
    };
  }
}

// A module runner that evaluates server/src again in one process, where @pothos/core stays loaded
// (Vitest's projects each seeding in their global setup), registers the plugin again: the newest
// module's implementation must win, since the errors it throws are that module's classes.
const allowed = SchemaBuilder.allowPluginReRegistration;
SchemaBuilder.allowPluginReRegistration = true;
SchemaBuilder.registerPlugin(pluginName, GlobalIdArgsPlugin);
SchemaBuilder.allowPluginReRegistration = allowed;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Pothos's plugin registry is this global namespace
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      globalIdArgs: GlobalIdArgsPlugin<Types>;
    }
  }
}
