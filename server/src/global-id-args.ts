import SchemaBuilder, {
  BasePlugin,
  type InputFieldMapping,
  type InputFieldsMapping,
  mapInputFields,
  type PothosInputFieldConfig,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';
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
 * `input.proposalId`, `input.unitIds.3`, `filter.unitId`, `campaignId`. The relay plugin's mapping
 * then decodes ids known to be good (the drizzle node ref's `parseId` makes them numbers).
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

/** Visits each element of a value nested `depth` lists deep, with its path. */
function eachElement(value: unknown, depth: number, path: string, visit: (element: unknown, path: string) => void): void {
  if (value === null || value === undefined) return;
  if (depth === 0) return visit(value, path);
  if (Array.isArray(value)) value.forEach((item, i) => eachElement(item, depth - 1, `${path}.${i}`, visit));
}

function checkFields<Types extends SchemaTypes>(values: unknown, mappings: InputFieldsMapping<Types, Accepted>, path: string): void {
  if (values === null || typeof values !== 'object') return;
  for (const [name, mapping] of mappings) {
    const fieldPath = path ? `${path}.${name}` : name;
    eachElement((values as Record<string, unknown>)[name], mapping.listDepth, fieldPath, (element, elementPath) =>
      checkValue(element, mapping, elementPath),
    );
  }
}

function checkValue<Types extends SchemaTypes>(value: unknown, mapping: InputFieldMapping<Types, Accepted>, path: string): void {
  if (mapping.kind === 'InputObject') {
    if (mapping.fields.map) checkFields(value, mapping.fields.map, path);
  } else if (mapping.value) {
    parseGlobalIdOf(value, mapping.value, path);
  }
}

export class GlobalIdArgsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  private readonly mappingCache = new Map();

  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const mappings = mapInputFields(fieldConfig.args, this.buildCache, acceptedTypes, this.mappingCache);
    if (!mappings) return fieldConfig;
    // First of all the mappers, so the relay plugin's never sees an id this one has not read.
    return {
      ...fieldConfig,
      argMappers: [
        (args) => {
          checkFields(args, mappings, '');
          return args;
        },
        ...fieldConfig.argMappers,
      ],
    };
  }
}

SchemaBuilder.registerPlugin(pluginName, GlobalIdArgsPlugin);

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Pothos's plugin registry is this global namespace
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      globalIdArgs: GlobalIdArgsPlugin<Types>;
    }
  }
}
