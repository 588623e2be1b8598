// Loads the built package's node and credential types the way n8n loads a community package:
// from the dist paths in package.json's `n8n` section, with each file exporting a class named
// after the file (Legnext.node.js -> Legnext). New nodes are picked up without harness changes.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface PackageJson {
	name: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

export interface PackageTypes {
	nodeTypes: Record<string, INodeType>;
	credentialTypes: Record<string, ICredentialType>;
}

const cache = new Map<string, PackageTypes>();

/**
 * Node types are registered twice: as n8n names them for a community package
 * (`<package name>.<description.name>`) and by bare description name.
 * Throws if a listed dist file is missing (run `npm run build` first).
 */
export function loadPackageTypes(root: string = PACKAGE_ROOT): PackageTypes {
	return load(root, false);
}

/** Like loadPackageTypes, but skips listed files that are not built (yet); used by every run. */
export function loadPackageTypesIfBuilt(root: string = PACKAGE_ROOT): PackageTypes {
	return load(root, true);
}

function load(root: string, skipMissing: boolean): PackageTypes {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
	const present = (file: string) => !skipMissing || existsSync(join(root, file));
	const nodeFiles = (pkg.n8n?.nodes ?? []).filter(present);
	const credentialFiles = (pkg.n8n?.credentials ?? []).filter(present);
	const key = `${root}\0${nodeFiles.join()}\0${credentialFiles.join()}`;
	const cached = cache.get(key);
	if (cached) return cached;

	const requireFromRoot = createRequire(join(root, 'package.json'));
	const nodeTypes: Record<string, INodeType> = {};
	const credentialTypes: Record<string, ICredentialType> = {};
	for (const file of nodeFiles) {
		const instance = instantiate<INodeType | IVersionedNodeType>(requireFromRoot, root, file, '.node.js');
		const name = instance.description.name;
		// Versioned node types are handled by the registry; typed as INodeType for the public API.
		nodeTypes[`${pkg.name}.${name}`] = instance as INodeType;
		nodeTypes[name] = instance as INodeType;
	}
	for (const file of credentialFiles) {
		const instance = instantiate<ICredentialType>(requireFromRoot, root, file, '.credentials.js');
		credentialTypes[instance.name] = instance;
	}

	const result = { nodeTypes, credentialTypes };
	cache.set(key, result);
	return result;
}

function instantiate<T>(
	requireFromRoot: NodeRequire,
	root: string,
	file: string,
	suffix: string,
): T {
	const fullPath = join(root, file);
	if (!existsSync(fullPath)) {
		throw new Error(`harness: ${file} is listed in package.json but missing; run \`npm run build\``);
	}
	const exported = requireFromRoot(fullPath) as Record<string, unknown>;
	const className = basename(file, suffix);
	const Class = (exported[className] ??
		Object.values(exported).find((value) => typeof value === 'function')) as
		| (new () => T)
		| undefined;
	if (typeof Class !== 'function') {
		throw new Error(`harness: ${file} does not export a class named ${className}`);
	}
	return new Class();
}
