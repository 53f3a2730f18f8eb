/**
 * Maps a Postgres enum's values (snake_case) to GraphQL enum values (UPPER_CASE) whose internal
 * value is the database value, so resolvers and filters pass database values straight through.
 */
export function enumValuesOf<const V extends string>(values: readonly V[]): { [K in V as Uppercase<K>]: { value: K } } {
  return Object.fromEntries(values.map((v) => [v.toUpperCase(), { value: v }])) as {
    [K in V as Uppercase<K>]: { value: K };
  };
}
