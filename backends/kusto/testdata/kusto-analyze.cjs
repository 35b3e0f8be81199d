// Parses and analyzes Kusto queries with Kusto.Language, Microsoft's own
// parser and semantic analyzer (npm @kusto/language-service-next, a
// Bridge.NET build of the C# library). Reads a JSON array on stdin, each
// item a query and the tables of its database:
//   [{"tables": [{"name": "T", "schema": "(a:string, b:dynamic)"}],
//     "query": "T | where ..."}]
// and prints a JSON array with, for each query, its diagnostics
// ("start: severity code: message"); an empty list means the query parses
// and every name and type checks against the database of those tables.
const path = require('path');
const dir = path.join(process.cwd(), 'node_modules', '@kusto', 'language-service-next');
// Bridge.NET's runtime defines the global Bridge and System the library needs.
global.Bridge = require(path.join(dir, 'bridge.js'));
require(path.join(dir, 'Kusto.Language.Bridge.js'));
const K = global.Kusto.Language;

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => {
  const cache = new Map(); // one GlobalState per distinct set of tables
  const out = JSON.parse(input).map((item) => {
    const key = JSON.stringify(item.tables);
    let globals = cache.get(key);
    if (!globals) {
      const tables = item.tables.map((t) => K.Symbols.TableSymbol.From(t.schema).WithName(t.name));
      const db = new K.Symbols.DatabaseSymbol.$ctor2('db', null, tables);
      globals = K.GlobalState.Default.WithDatabase(db);
      cache.set(key, globals);
    }
    const code = K.KustoCode.ParseAndAnalyze(item.query, globals);
    const diags = code.GetDiagnostics();
    const list = [];
    for (let i = 0; i < diags.Count; i++) {
      const d = diags.getItem(i);
      list.push(`${d.Start}: ${d.Severity} ${d.Code}: ${d.Message}`);
    }
    return list;
  });
  process.stdout.write(JSON.stringify(out));
});
