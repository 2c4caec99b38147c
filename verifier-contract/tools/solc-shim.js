#!/usr/bin/env node
// A native-looking `solc` executable backed by solc-js (the compiler shipped inside the `solc` npm
// package), for tools that insist on a native binary: forge (`solc = ...` in foundry.toml) and the
// Rust tests that compile Solidity for revm. Installed as .tools/bin/solc by scripts/install-tools.
//
// Supported invocations (everything else exits 2 with a message on stderr):
//   solc --version                      -> "Version: <ver>+commit.<hash>.Linux.g++" (native format)
//   solc [--base-path P] [--include-path P]... [--allow-paths ...] --standard-json [FILE]
//                                       -> reads the standard-JSON input (stdin or FILE), compiles
//                                          it, prints only the standard-JSON output on stdout.
// Invariant: in --standard-json mode stdout carries exactly one JSON document; anything solc-js
// or its Emscripten runtime prints goes to stderr.
'use strict';

const fs = require('fs');
const path = require('path');

const realStdoutWrite = process.stdout.write.bind(process.stdout);
// Divert stray prints (Emscripten runtime, deprecation notices) away from stdout.
process.stdout.write = (chunk, enc, cb) => process.stderr.write(chunk, enc, cb);
console.log = (...a) => process.stderr.write(a.join(' ') + '\n');

function loadSolc() {
  const candidates = [
    process.env.ZKCLEAR_SOLCJS,
    path.join(__dirname, '..', 'npm', 'node_modules', 'solc'),
    path.join(__dirname, 'node_modules', 'solc'),
  ].filter(Boolean);
  for (const c of candidates) {
    if (fs.existsSync(c)) return require(c);
  }
  process.stderr.write('solc shim: solc-js not found; run scripts/install-tools\n');
  process.exit(2);
}

function nativeVersion(solc) {
  // "0.8.30+commit.73712a01.Emscripten.clang" -> "0.8.30+commit.73712a01.Linux.g++"
  const v = solc.version();
  const m = /^(\d+\.\d+\.\d+(?:-[^+]*)?\+commit\.[0-9a-f]+)/.exec(v);
  return (m ? m[1] : v) + '.Linux.g++';
}

function parseArgs(argv) {
  const opts = { basePath: null, includePaths: [], standardJson: false, version: false, input: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const takeValue = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      i += 1;
      return argv[i];
    };
    if (a === '--version' || a === '-v') opts.version = true;
    else if (a === '--standard-json') opts.standardJson = true;
    else if (a === '--base-path' || a.startsWith('--base-path=')) opts.basePath = takeValue();
    else if (a === '--include-path' || a.startsWith('--include-path=')) opts.includePaths.push(takeValue());
    else if (a === '--allow-paths' || a.startsWith('--allow-paths=')) takeValue();
    else if (a === '--no-import-callback') { /* imports are resolved from the JSON sources only */ }
    else if (a.startsWith('-')) {
      process.stderr.write(`solc shim: unsupported option ${a}\n`);
      process.exit(2);
    } else opts.input = a;
  }
  return opts;
}

function importCallback(opts) {
  const roots = [opts.basePath, ...opts.includePaths, process.cwd()].filter(Boolean);
  return (p) => {
    const tries = path.isAbsolute(p) ? [p] : roots.map((r) => path.resolve(r, p));
    for (const t of tries) {
      try {
        if (fs.statSync(t).isFile()) return { contents: fs.readFileSync(t, 'utf8') };
      } catch (_) { /* try the next root */ }
    }
    return { error: `File not found: ${p} (searched ${roots.join(', ')})` };
  };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const solc = loadSolc();
  if (opts.version) {
    realStdoutWrite('solc, the solidity compiler commandline interface\nVersion: ' + nativeVersion(solc) + '\n');
    return;
  }
  if (!opts.standardJson) {
    process.stderr.write('solc shim: only --version and --standard-json are supported\n');
    process.exit(2);
  }
  const input = opts.input ? fs.readFileSync(opts.input, 'utf8') : fs.readFileSync(0, 'utf8');
  let output;
  try {
    output = solc.compile(input, { import: importCallback(opts) });
    JSON.parse(output); // guarantee a single well-formed JSON document
  } catch (e) {
    output = JSON.stringify({
      errors: [{ component: 'general', severity: 'error', type: 'InternalCompilerError',
                 message: String(e && e.message || e), formattedMessage: String(e && e.stack || e) }],
    });
  }
  realStdoutWrite(output + '\n');
}

main();
