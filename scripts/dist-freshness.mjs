// Is dist/ newer than everything it is built from? `npm start` rebuilds only when it is not:
// `n8n-node build` starts by deleting dist/, which would pull the package away from under any
// test or n8n reading it at that moment, and costs ~20 s for nothing when the sources did not change.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['nodes', 'credentials', 'icons', 'package.json', 'tsconfig.json', 'gulpfile.js'];

function newestMtime(file) {
	if (!existsSync(file)) return 0;
	const stat = statSync(file);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = 0;
	for (const entry of readdirSync(file))
		newest = Math.max(newest, newestMtime(path.join(file, entry)));
	return newest;
}

/** The built files n8n loads (package.json's n8n section); missing -> not fresh. */
function builtEntries(root) {
	const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
	return [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])].map((f) =>
		path.join(root, f),
	);
}

export function distIsFresh(root) {
	const entries = builtEntries(root);
	if (entries.length === 0 || !entries.every((f) => existsSync(f))) return false;
	// tsc writes the entries first, the asset step (codex, icons) after: a source newer than the
	// oldest entry means something changed since that build.
	const built = Math.min(...entries.map((f) => statSync(f).mtimeMs));
	const sources = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
	return sources <= built;
}
