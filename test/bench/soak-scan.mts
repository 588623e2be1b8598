// The fault soak's secrets scan: every text (execution data as n8n's REST API returns it, each
// process's log, each emulator's log) is searched for every credential secret, in the forms a
// leak could take: the value itself, its random part alone (a secret cut from its prefix or
// glued into another string), and its base64 form (an auth header or an encoded body).

export interface Secret {
	label: string;
	value: string;
	/** Look for the value only (derived values such as callback tokens have no random tail of their own). */
	exactOnly?: boolean;
}

export interface ScanSource {
	/** e.g. "worker-1 log", "execution 17 (REST)". */
	name: string;
	/** Which group it belongs to in the summary: "executions", "n8n logs", "emulator logs". */
	group: string;
	text: string;
}

export interface Hit {
	source: string;
	secret: string;
	form: string;
	count: number;
	/** Some text around the first hit, with the secret itself masked. */
	context: string;
}

/** The forms of one secret the scan looks for. */
export function formsOf(secret: Secret): Array<{ form: string; needle: string }> {
	const forms = [{ form: 'value', needle: secret.value }];
	if (secret.exactOnly) return forms;
	// The random tail (after the last '-'): the part no other text would contain by chance.
	const tail = secret.value.slice(secret.value.lastIndexOf('-') + 1);
	if (tail.length >= 16 && tail !== secret.value) forms.push({ form: 'random part', needle: tail });
	forms.push({ form: 'base64', needle: Buffer.from(secret.value).toString('base64').replace(/=+$/, '') });
	return forms;
}

export function scan(sources: ScanSource[], secrets: Secret[]): Hit[] {
	const hits: Hit[] = [];
	for (const source of sources) {
		for (const secret of secrets) {
			// The value's own hits also contain its random part: count each leak once, by its widest form.
			const seen = new Set<number>();
			for (const { form, needle } of formsOf(secret)) {
				let n = 0;
				let first = -1;
				for (let at = source.text.indexOf(needle); at >= 0; at = source.text.indexOf(needle, at + needle.length)) {
					const start = form === 'random part' ? at - (secret.value.length - needle.length) : at;
					if (form === 'random part' && seen.has(start)) continue;
					seen.add(start);
					n++;
					if (first < 0) first = at;
				}
				if (n) {
					const context = source.text
						.slice(Math.max(0, first - 80), first + needle.length + 80)
						.split(needle)
						.join(`<${secret.label}>`)
						.replace(/\s+/g, ' ');
					hits.push({ source: source.name, secret: secret.label, form, count: n, context });
				}
			}
		}
	}
	return hits;
}

/** A copy of `text` with `secret` planted in a plausible log line in its middle. */
export function plant(text: string, secret: Secret): string {
	const lines = text.split('\n');
	const at = Math.floor(lines.length / 2);
	lines.splice(at, 0, `Planted by the soak to prove the scan works: request failed, headers {"authorization":"${secret.value}"}`);
	return lines.join('\n');
}
