import type { IExecuteSingleFunctions, INodeProperties, PreSendAction } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { pathOf } from '../../requestTypes';
import {
	additionalFields,
	checkCollection,
	EXTRA_BODY_OPTION,
	extraBody,
	sendExtraBody,
} from './fields';
import type { ImageInput } from './imageInput';
import { checkImageInput, imageInputFields, sendImageInput } from './imageInput';

export interface GenerationInput {
	value: string;
	name: string;
	action: string;
	description: string;
	/** Fields on the main panel (required inputs). */
	fields?: INodeProperties[];
	/** Image inputs (URL or binary), in the order shown. */
	images?: ImageInput[];
	/** The operation's own optional fields, shown in Additional Fields with the context fields. */
	options?: INodeProperties[];
	/** For bodies the seed does not give: an "Extra Body Fields (JSON)" option. */
	extraBody?: boolean;
	check?: (this: IExecuteSingleFunctions) => void;
	build?: PreSendAction[];
}

/**
 * A queued generation endpoint (answer `{generation_uuid, cost, queue_length}`, then `/check`):
 * its path comes from the request-type table, its fields are checked before anything is sent.
 */
export function generation(resource: string, input: GenerationInput): OperationSpec {
	const images = input.images ?? [];
	const additional = additionalFields([
		...(input.options ?? []),
		...(input.extraBody ? [EXTRA_BODY_OPTION] : []),
	]);
	return jobSpec(resource, {
		value: input.value,
		name: input.name,
		action: input.action,
		description: input.description,
		path: pathOf(input.value),
		fields: [...(input.fields ?? []), ...images.flatMap(imageInputFields), additional],
		check(this: IExecuteSingleFunctions) {
			input.check?.call(this);
			for (const image of images) checkImageInput(this, image);
			checkCollection(this, additional);
			if (input.extraBody) extraBody(this);
		},
		// Extra Body Fields last: they win over the fields above.
		build: [
			...images.map(sendImageInput),
			...(input.build ?? []),
			...(input.extraBody ? [sendExtraBody] : []),
		],
	});
}
