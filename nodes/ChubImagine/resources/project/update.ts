import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operation/spec';
import { checkText, failField } from '../../../shared/operation/validate';
import { bodyOption, checkCollection } from '../shared/fields';

type Kind = 'string' | 'boolean' | 'number' | 'integer';

const field = (
	property: string,
	displayName: string,
	kind: Kind,
	description: string,
): INodeProperties =>
	bodyOption(property, {
		displayName,
		name: property,
		type: kind === 'integer' ? 'number' : kind,
		...(kind === 'integer'
			? { typeOptions: { numberPrecision: 0 } }
			: kind === 'number'
				? { typeOptions: { numberPrecision: 2 } }
				: {}),
		default: kind === 'boolean' ? false : kind === 'string' ? '' : 0,
		description,
	});

/** Every field of the seed's PATCH body, typed as its example shows. */
const UPDATE_FIELDS: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		field('comments_enabled', 'Comments Enabled', 'boolean', 'Whether others may comment'),
		field('description', 'Description', 'string', 'The description'),
		field('dpi', 'DPI', 'integer', 'Resolution in dots per inch'),
		field('duration', 'Duration', 'number', 'Length (seconds)'),
		field('effects', 'Effects', 'string', 'Effects (as the API expects them)'),
		field('end_time', 'End Time', 'number', 'Where it ends on the timeline'),
		field('height', 'Height', 'integer', 'Height in pixels'),
		field('image', 'Image', 'string', 'The image (URL)'),
		field('imagination_type', 'Imagination Type', 'string', 'The kind of project or image'),
		field('in_point', 'In Point', 'number', 'Where playback starts'),
		field('is_nsfl', 'Is NSFL', 'boolean', 'Whether it is not safe for life'),
		field('is_nsfw', 'Is NSFW', 'boolean', 'Whether it is not safe for work'),
		field('is_published', 'Is Published', 'boolean', 'Whether it is public'),
		field('locked', 'Locked', 'boolean', 'Whether it is locked'),
		field('name', 'Name', 'string', 'The name'),
		field('opacity', 'Opacity', 'number', 'Opacity'),
		field('out_point', 'Out Point', 'number', 'Where playback ends'),
		field('parent_image', 'Parent Image', 'string', 'The image it derives from'),
		field('preview', 'Preview', 'string', 'The preview (URL)'),
		field('start_time', 'Start Time', 'number', 'Where it starts on the timeline'),
		field('visible', 'Visible', 'boolean', 'Whether it is visible'),
		field('width', 'Width', 'integer', 'Width in pixels'),
		field('z_index', 'Z Index', 'integer', 'Stacking order'),
	],
};

/** PATCH /imagine/project/{uuid}, "Update an existing imagine project or image" (imagine-api.txt). */
export const updateProject: OperationSpec = {
	resource: 'project',
	value: 'updateProject',
	name: 'Update',
	action: 'Update a project or image',
	description:
		'Change the name, description, visibility and other fields of a project or image (free)',
	method: 'PATCH',
	path: '=/imagine/project/{{ encodeURIComponent(String($parameter["projectUuid"]).trim()) }}',
	kind: 'account',
	fields: [
		{
			displayName: 'UUID',
			name: 'projectUuid',
			type: 'string',
			default: '',
			required: true,
			description:
				"The project or image to update (a generation's UUID, for example a Chub Imagine node's jobId)",
		},
		UPDATE_FIELDS,
	],
	check(this: IExecuteSingleFunctions) {
		checkText(this, this.getNodeParameter('projectUuid', ''), 'UUID');
		const fields = this.getNodeParameter('updateFields', {}) as IDataObject;
		if (!Object.keys(fields).length)
			failField(this, 'Update Fields', 'add at least one field to change');
		checkCollection(this, UPDATE_FIELDS);
	},
};
