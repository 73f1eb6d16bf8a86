#!/usr/bin/env node
// The shape of the code, for reviews of a refactor (`npm run shape`): the import cycles among the
// sources (type-only imports included: they still tie two modules together for a reader), the
// longest functions and components, and the longest files. Tests are left out.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');
const SHOWN = Number(process.env.SHAPE_TOP ?? 12);

const files = readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
  .map((entry) => join(entry.parentPath, entry.name));
const known = new Set(files);

function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier.replace(/\?.*$/, ''));
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((candidate) => known.has(candidate));
}

const edges = new Map();
const functions = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const targets = new Set();
  const lineOf = (position) => source.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const target = resolveImport(file, node.moduleSpecifier.text);
      if (target) targets.add(target);
    }
    if (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) {
      let name = node.name?.getText(source);
      if (!name && ts.isVariableDeclaration(node.parent)) name = node.parent.name.getText(source);
      if (!name && ts.isCallExpression(node.parent) && ts.isVariableDeclaration(node.parent.parent))
        name = node.parent.parent.name.getText(source);
      const lines = lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1;
      if (name) functions.push({ where: `${relative(ROOT, file)}:${lineOf(node.getStart(source))}`, name, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  edges.set(file, targets);
}

// Tarjan's strongly connected components: every component of more than one module is a cycle.
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
let counter = 0;
function connect(node) {
  index.set(node, counter);
  low.set(node, counter);
  counter += 1;
  stack.push(node);
  onStack.add(node);
  for (const next of edges.get(node) ?? []) {
    if (!index.has(next)) {
      connect(next);
      low.set(node, Math.min(low.get(node), low.get(next)));
    } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
  }
  if (low.get(node) !== index.get(node)) return;
  const component = [];
  for (let member = stack.pop(); ; member = stack.pop()) {
    onStack.delete(member);
    component.push(relative(ROOT, member));
    if (member === node) break;
  }
  if (component.length > 1) cycles.push(component.sort());
}
for (const file of files) if (!index.has(file)) connect(file);

const lineCount = (file) => readFileSync(file, 'utf8').split('\n').length;
console.log(`${files.length} source files, ${[...edges.values()].reduce((sum, targets) => sum + targets.size, 0)} imports between them`);
console.log(`\nimport cycles: ${cycles.length}`);
for (const cycle of cycles) console.log(`  ${cycle.join(' <-> ')}`);
console.log(`\nlongest functions and components (top ${SHOWN}):`);
for (const { where, name, lines } of functions.sort((a, b) => b.lines - a.lines).slice(0, SHOWN))
  console.log(`  ${String(lines).padStart(4)}  ${name}  ${where}`);
console.log(`\nlongest files (top ${SHOWN}):`);
for (const file of [...files].sort((a, b) => lineCount(b) - lineCount(a)).slice(0, SHOWN))
  console.log(`  ${String(lineCount(file)).padStart(4)}  ${relative(ROOT, file)}`);
