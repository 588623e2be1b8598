// The emulated Midjourney account behind the token: job mode, visibility, settings and fast hours, as
// /v2/info, /v2/settings and /v2/slash-commands show and change them (v2 notes §2).
import type { AccountState } from './types.mts';

/** Settings labels (Node SDK `Settings`; the docs redact "MJ" as "(Redacted Name)"). */
export const SETTINGS_LABELS = [
	'MJ version 1',
	'MJ version 2',
	'MJ version 3',
	'MJ version 4',
	'MJ version 5',
	'Niji version 4',
	'Niji version 5',
	'MJ Test',
	'MJ Test Photo',
	'Half quality',
	'Base quality',
	'High quality (2x cost)',
	'Style low',
	'Style med',
	'Style high',
	'Style very high',
	'Reset Settings',
	'Public mode',
	'Stealth mode',
	'Remix mode',
	'Fast mode',
	'Relax mode',
] as const;

/** docs /v2/settings: the settings message's content. */
export const SETTINGS_CONTENT = 'Adjust your settings here.';

export const SLASH_COMMANDS = ['relax', 'fast', 'private', 'stealth'] as const;
export type SlashCommand = (typeof SLASH_COMMANDS)[number];

/** One image job in fast mode uses this much fast time (our choice). */
export const FAST_HOURS_PER_JOB = 1 / 60;

export function newAccount(fastHours: number): AccountState {
	return {
		mode: 'Fast',
		visibility: 'Public',
		remix: false,
		version: 'MJ version 5',
		quality: 'Base quality',
		style: 'Style med',
		fastHoursTotal: fastHours,
		fastHoursRemaining: fastHours,
		relaxedHoursUsed: 0,
		lifetimeImages: 0,
	};
}

/** Applies a settings toggle (POST /v2/settings). */
export function toggleSetting(account: AccountState, label: string, fastHours: number): void {
	if (label === 'Reset Settings') {
		const fresh = newAccount(fastHours);
		Object.assign(account, { version: fresh.version, quality: fresh.quality, style: fresh.style, remix: false });
	} else if (label === 'Fast mode') account.mode = 'Fast';
	else if (label === 'Relax mode') account.mode = 'Relaxed';
	else if (label === 'Public mode') account.visibility = 'Public';
	else if (label === 'Stealth mode') account.visibility = 'Stealth';
	else if (label === 'Remix mode') account.remix = !account.remix;
	else if (/quality/.test(label)) account.quality = label;
	else if (/^Style /.test(label)) account.style = label;
	else account.version = label;
}

/** Midjourney's confirmation of a slash command (our wording). */
export const SLASH_REPLIES: Record<SlashCommand, string> = {
	relax: 'Done! Your jobs now do not cost fast-hours, but will take longer to render.',
	fast: 'Done! Switched to fast mode.',
	private: 'Done! Your jobs are now in stealth mode.',
	stealth: 'Done! Your jobs are now in stealth mode.',
};

/** Applies a slash command: relax/fast switch "Job Mode", private/stealth switch "Visibility Mode". */
export function runSlashCommand(account: AccountState, cmd: SlashCommand): void {
	if (cmd === 'relax') account.mode = 'Relaxed';
	else if (cmd === 'fast') account.mode = 'Fast';
	else account.visibility = 'Stealth';
}

const hours = (h: number) => h.toFixed(2);

/** The info message's `content` (docs /v2/info; the extra keys are the Node SDK's Info type). */
export function infoContent(account: AccountState, queued: { fast: number; relax: number }): Record<string, string> {
	const total = account.fastHoursTotal;
	const left = Math.max(0, account.fastHoursRemaining);
	const pct = total > 0 ? (left / total) * 100 : 0;
	const used = account.lifetimeImages * FAST_HOURS_PER_JOB;
	return {
		'Fast Time Remaining': `${hours(left)}/${total.toFixed(1)} hours (${pct.toFixed(2)}%)`,
		'Job Mode': account.mode,
		'Lifetime Usage': `${account.lifetimeImages} images (${hours(used)} hours)`,
		'Queued Jobs (fast)': String(queued.fast),
		'Queued Jobs (relax)': String(queued.relax),
		'Relaxed Usage': `${hours(account.relaxedHoursUsed)} hours`,
		Subscription: 'Pro Plan (Active monthly, emulated account)',
		'Visibility Mode': account.visibility,
	};
}
