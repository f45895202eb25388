import * as assemblyscript from "assemblyscript";

/**
 * Parses AssemblyScript's standard library once per thread instead of once per build. asc parses
 * every top-level library file (~90) for every program, which is about 60 % of an unoptimized
 * plugin build, and a linked project compiles each plugin's object twice. The parsed library
 * (its `Source`s and their AST) is the same every time: the compiler never changes the AST it
 * compiles (it builds its own elements from it), so a later program can take the same `Source`s.
 *
 * Only programs that opt in reuse (the `ReuseLibraryParse` transform marks their parser): a build
 * with further user transforms, or the runtime's build, whose transforms rewrite library code,
 * parses afresh. What parsing a file does to the parser besides making its `Source` (which
 * imports it queues) is replayed; the first parse of every file checks that the replay gives
 * exactly what the real parse did, and a file for which it would not is never reused.
 */

/** The parser's state that parsing a file changes (asc 0.28's Parser, fields used here). */
interface ParserState {
  sources: LibrarySource[];
  backlog: string[];
  seenlog: Set<string>;
  donelog: Set<string>;
  dependees: Map<string, { source: LibrarySource; reportNode: unknown }>;
  diagnostics: unknown[];
  currentSource: LibrarySource | null;
  currentModuleName: string | null;
}

interface LibrarySource {
  internalPath: string;
  debugInfoIndex: number;
  statements: { kind: number; internalPath?: string | null; members?: unknown[] | null; path?: unknown }[];
}

interface Parsed {
  text: string;
  source: LibrarySource;
  moduleName: string | null;
}

type ParseFile = (this: ParserState, text: string | null, path: string, isEntry: boolean) => void;

const { NodeKind, Parser } = assemblyscript as unknown as {
  NodeKind: { Import: number; Export: number };
  Parser: { prototype: { parseFile: ParseFile } };
};

const LIBRARY_PREFIX = "~lib/";
const parsed = new Map<string, Parsed>();
const reusing = new WeakSet<object>();
let original: ParseFile | undefined;

/**
 * A transform (for asc's `transforms` option) that makes its program reuse the library parsed by
 * earlier programs in this thread. asc gives a transform class its program before parsing.
 */
export class ReuseLibraryParse {
  declare program: { parser: object };
  constructor() {
    install();
    reusing.add(this.program.parser);
  }
}

function install(): void {
  if (original) return;
  original = Parser.prototype.parseFile;
  const parseFile = original;
  Parser.prototype.parseFile = function (this: ParserState, text, path, isEntry) {
    if (!reusing.has(this) || text === null || !path.startsWith(LIBRARY_PREFIX)) return parseFile.call(this, text, path, isEntry);
    const key = `${isEntry}:${path}`;
    const earlier = parsed.get(key);
    if (earlier && earlier.text === text) return replay(this, earlier);
    const before = snapshot(this);
    parseFile.call(this, text, path, isEntry);
    const made = this.sources.length === before.sources + 1 && this.diagnostics.length === before.diagnostics ? this.sources[before.sources] : undefined;
    if (made && !earlier && replaysExactly(this, before, made)) parsed.set(key, { text, source: made, moduleName: this.currentModuleName });
  };
}

/** What parsing `entry`'s file does to `parser`, without parsing it (Parser#parseFile and its import rules). */
function replay(parser: ParserState, entry: Parsed): void {
  const source = entry.source;
  if (parser.donelog.has(source.internalPath)) return;
  parser.donelog.add(source.internalPath);
  parser.seenlog.add(source.internalPath);
  // The one thing the compiler writes into a Source: its index in the module's debug info.
  source.debugInfoIndex = -1;
  parser.sources.push(source);
  parser.currentSource = source;
  queueImports(parser, source);
  parser.currentModuleName = entry.moduleName;
}

/**
 * The files a source imports, queued as the parser queues them: `import … from` and
 * `export * from` if not yet seen, `export { … } from` also marked seen.
 */
function queueImports(state: Pick<ParserState, "backlog" | "seenlog" | "dependees">, source: LibrarySource): void {
  for (const statement of source.statements) {
    const internalPath = statement.internalPath;
    if (!internalPath || (statement.kind !== NodeKind.Import && statement.kind !== NodeKind.Export)) continue;
    if (state.seenlog.has(internalPath)) continue;
    state.dependees.set(internalPath, { source, reportNode: statement.path });
    state.backlog.push(internalPath);
    if (statement.kind === NodeKind.Export && statement.members) state.seenlog.add(internalPath);
  }
}

interface Snapshot {
  sources: number;
  diagnostics: number;
  backlog: string[];
  seenlog: Set<string>;
  dependees: Map<string, unknown>;
}

function snapshot(parser: ParserState): Snapshot {
  return {
    sources: parser.sources.length,
    diagnostics: parser.diagnostics.length,
    backlog: [...parser.backlog],
    seenlog: new Set(parser.seenlog),
    dependees: new Map(parser.dependees),
  };
}

/** Whether replaying `source` on the state `before` gives the state the real parse left in `parser`. */
function replaysExactly(parser: ParserState, before: Snapshot, source: LibrarySource): boolean {
  const state = { backlog: [...before.backlog], seenlog: new Set(before.seenlog), dependees: new Map(before.dependees) as ParserState["dependees"] };
  state.seenlog.add(source.internalPath);
  queueImports(state, source);
  const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!sameList(state.backlog, parser.backlog) || !sameList([...state.seenlog], [...parser.seenlog])) return false;
  if (state.dependees.size !== parser.dependees.size) return false;
  for (const [path, dependee] of parser.dependees) {
    const replayed = state.dependees.get(path) as { source: unknown; reportNode: unknown } | undefined;
    if (!replayed || replayed.source !== dependee.source || replayed.reportNode !== dependee.reportNode) return false;
  }
  return true;
}
