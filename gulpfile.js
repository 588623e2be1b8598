// Build step after `n8n-node build` (tsc): puts each node's codex file (*.node.json) and the
// icons into dist, and checks them, because n8n silently shows a node without its category,
// aliases or icon when these are missing or misnamed.
const { src, dest, series } = require('gulp');
const fs = require('node:fs');
const path = require('node:path');

const pkg = require('./package.json');

function copyCodex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

function copyIcons() {
	return src(['icons/*.svg', 'nodes/**/*.svg'], { base: '.' }).pipe(dest('dist'));
}

// Every registered node needs a codex named after it, and every icon it references must exist.
async function checkAssets() {
	const problems = [];
	for (const built of pkg.n8n.nodes) {
		const nodeFile = path.resolve(built);
		const { [path.basename(built, '.node.js')]: NodeClass } = require(nodeFile);
		const { description } = new NodeClass();
		const codexFile = nodeFile.replace(/\.js$/, '.json');
		if (!fs.existsSync(codexFile)) {
			problems.push(`${built}: codex ${path.basename(codexFile)} missing`);
		} else {
			const codex = JSON.parse(fs.readFileSync(codexFile, 'utf8'));
			const expected = `${pkg.name}.${description.name}`;
			if (codex.node !== expected) problems.push(`${codexFile}: "node" is ${codex.node}, expected ${expected}`);
		}
		const icons = typeof description.icon === 'object' ? Object.values(description.icon) : [description.icon];
		for (const icon of icons.filter(Boolean)) {
			const file = path.resolve(path.dirname(nodeFile), String(icon).replace(/^file:/, ''));
			if (!fs.existsSync(file)) problems.push(`${built}: icon ${icon} not found in dist`);
		}
	}
	if (problems.length) throw new Error(`Asset check failed:\n  ${problems.join('\n  ')}`);
}

exports['build:assets'] = series(copyCodex, copyIcons, checkAssets);
exports.default = exports['build:assets'];
