// Loads the built package's node and credential types the way n8n loads a community package:
// with n8n-core's own PackageDirectoryLoader, from the dist paths in package.json's `n8n`
// section (each file exporting a class named after the file: Legnext.node.js -> Legnext).
//
// Going through n8n's loader matters: at load time it changes the node types. It adds the
// "Request Options" collection (Batching, Ignore SSL Issues, Proxy, Timeout) to every
// declarative node (applySpecialNodeParameters -> DirectoryLoader.applyDeclarativeNodeOptionParameters),
// attaches the codex from <file>.json, rewrites icon paths and records the package version.
// A harness that `require`s the classes itself runs nodes users never see.
// New nodes are picked up without harness changes.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

import { ensureEngine } from './engine-setup.mts';
import { core } from './n8n-runtime.mts';

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface PackageJson {
	name: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

export interface PackageTypes {
	nodeTypes: Record<string, INodeType>;
	credentialTypes: Record<string, ICredentialType>;
}

const cache = new Map<string, Promise<PackageTypes>>();
/** Roots already loaded once in this process (see freshModules). */
const loadedRoots = new Set<string>();

/**
 * Node types are registered twice: as n8n names them for a community package
 * (`<package name>.<description.name>`) and by bare description name.
 * Rejects if a listed dist file is missing (run `npm run build` first).
 */
export async function loadPackageTypes(root: string = PACKAGE_ROOT): Promise<PackageTypes> {
	return await load(root, false);
}

/** Like loadPackageTypes, but skips listed files that are not built (yet); used by every run. */
export async function loadPackageTypesIfBuilt(root: string = PACKAGE_ROOT): Promise<PackageTypes> {
	return await load(root, true);
}

async function load(root: string, skipMissing: boolean): Promise<PackageTypes> {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
	const present = (file: string) => !skipMissing || existsSync(join(root, file));
	const nodeFiles = (pkg.n8n?.nodes ?? []).filter(present);
	const credentialFiles = (pkg.n8n?.credentials ?? []).filter(present);
	for (const file of [...nodeFiles, ...credentialFiles]) {
		if (!existsSync(join(root, file))) {
			throw new Error(`harness: ${file} is listed in package.json but missing; run \`npm run build\``);
		}
	}
	const key = `${root}\0${nodeFiles.join()}\0${credentialFiles.join()}`;
	let loading = cache.get(key);
	if (!loading) {
		loading = loadWithN8n(root, pkg, nodeFiles, credentialFiles);
		cache.set(key, loading);
		loading.catch(() => cache.delete(key));
	}
	return await loading;
}

async function loadWithN8n(
	root: string,
	pkg: PackageJson,
	nodeFiles: string[],
	credentialFiles: string[],
): Promise<PackageTypes> {
	// The loader takes n8n's Logger from the DI container; the engine set-up puts ours there.
	await ensureEngine();
	freshModules(root, [...nodeFiles, ...credentialFiles]);
	const loader = new core.PackageDirectoryLoader(root);
	// Load exactly the files asked for (loadAll reads the lists from here), as n8n would load
	// a package.json that lists only them.
	loader.packageJson = {
		...loader.packageJson,
		n8n: { ...loader.packageJson.n8n, nodes: nodeFiles, credentials: credentialFiles },
	} as typeof loader.packageJson;
	await loader.loadAll();

	const nodeTypes: Record<string, INodeType> = {};
	const credentialTypes: Record<string, ICredentialType> = {};
	for (const [name, { type }] of Object.entries(loader.nodeTypes) as Array<
		[string, { type: INodeType | IVersionedNodeType }]
	>) {
		// Versioned node types are handled by the registry; typed as INodeType for the public API.
		nodeTypes[`${pkg.name}.${name}`] = type as INodeType;
		nodeTypes[name] = type as INodeType;
	}
	for (const [name, { type }] of Object.entries(loader.credentialTypes) as Array<[string, { type: ICredentialType }]>) {
		credentialTypes[name] = type;
	}
	return { nodeTypes, credentialTypes };
}

/**
 * n8n loads a package once per process, and its loader changes the node descriptions in place
 * (it pushes Request Options into `properties`). Node modules often share one properties array
 * between instances, so loading the same modules twice would add the options twice. When a
 * root is loaded again (another set of built files), its package modules are dropped from
 * require's cache first, the way n8n's own reload (DirectoryLoader.reset) does, so the second
 * load starts from fresh modules. Only the folders holding the listed files are dropped, never
 * node_modules (n8n-workflow must stay one copy).
 */
function freshModules(root: string, files: string[]): void {
	if (!loadedRoots.has(root)) {
		loadedRoots.add(root);
		return;
	}
	const requireHere = createRequire(import.meta.url);
	const folders = new Set(files.map((file) => join(root, file.split(/[\\/]/)[0]) + sep));
	for (const path of Object.keys(requireHere.cache)) {
		if ([...folders].some((folder) => path.startsWith(folder)) && !path.includes(`${sep}node_modules${sep}`)) {
			delete requireHere.cache[path];
		}
	}
}
