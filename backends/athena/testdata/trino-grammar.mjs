// Checks SQL statements against Trino's grammar with dt-sql-parser, whose
// TrinoSQL parser is generated from Trino's own ANTLR grammar (and Athena's
// DDL against its Hive grammar). Reads a JSON array on stdin, each item a
// query string or {"hive": ddl}, and prints a JSON array with, for each,
// the list of syntax errors (empty when the statement parses).
//
// dt-sql-parser 4.5.1 ships ES modules with extensionless and directory
// imports, which Node's ES loader refuses; a resolve hook (registered
// before the import) completes them the way bundlers do.
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (!specifier.startsWith('.')) throw err;
    for (const suffix of ['.js', '/index.js']) {
      try { return await next(specifier + suffix, context); } catch {}
    }
    throw err;
  }
}`));

const { TrinoSQL, HiveSQL } = await import('dt-sql-parser');

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const trino = new TrinoSQL();
const hive = new HiveSQL();
const out = JSON.parse(input).map((item) => {
  const errors = typeof item === 'string' ? trino.validate(item) : hive.validate(item.hive);
  return errors.map((e) => `${e.startLine}:${e.startColumn}: ${e.message}`);
});
process.stdout.write(JSON.stringify(out));
