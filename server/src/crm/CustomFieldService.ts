/**
 * Admin-defined fields of clients (M3). A create is one insert on the lower-case name, so
 * two admins creating one field at once get one field and one 409. A delete leaves a
 * tombstone: the values stay stored but hidden, and the name is not reused while they do.
 */
import {
  customFieldDefinitionSchema,
  customFieldPatchSchema,
  MAX_CUSTOM_FIELDS,
  RESERVED_FIELD_NAMES,
  type CustomFieldDefinition,
} from '../../../schemas/crm';
import { isDuplicateKey } from '../db/collections';
import { ProblemError } from '../http/ProblemError';
import type { CrmStore, CustomFieldRow } from './CrmStore';
import { isoNow, type CrmClock } from './crmTypes';
import { invalid, validateCrmBody } from './validateCrmBody';

/** A custom field as `/api/fields` returns it. */
export type CustomFieldResource = CustomFieldDefinition & { createdAt: string; createdBy: string };

type NewCustomField = Omit<CustomFieldDefinition, 'required'> & { required?: boolean };
type CustomFieldChanges = Partial<Pick<CustomFieldDefinition, 'label' | 'required' | 'options'>>;

const reserved = new Set(RESERVED_FIELD_NAMES.map((name) => name.toLowerCase()));

export class CustomFieldService {
  constructor(
    private readonly store: CrmStore,
    private readonly clock: CrmClock,
  ) {}

  /** The defined (not deleted) fields, oldest first. */
  async list(): Promise<CustomFieldResource[]> {
    const rows = await this.store.customFields.find({}).lean();
    return rows
      .filter((row) => !row.deletedAt)
      .sort((a, b) =>
        a.createdAt === b.createdAt ? compare(a._id, b._id) : compare(a.createdAt, b.createdAt),
      )
      .map(toResource);
  }

  /** The definitions the client schema is compiled from. */
  async definitions(): Promise<CustomFieldDefinition[]> {
    return (await this.list()).map(({ createdAt, createdBy, ...definition }) => {
      void createdAt;
      void createdBy;
      return definition;
    });
  }

  /**
   * @throws ProblemError 400 naming the field of the definition that is wrong; 409 when
   * the name is taken (in any casing, by a deleted field too) or the limit is reached.
   */
  async create(body: unknown, by: string): Promise<CustomFieldResource> {
    const input = validateCrmBody<NewCustomField>(
      customFieldDefinitionSchema,
      body,
      'field definition',
    );
    const problems = [];
    if (reserved.has(input.name.toLowerCase()))
      problems.push({
        pointer: '/name',
        message: `'${input.name}' is a built-in field of clients`,
      });
    if (input.type === 'enum' && !input.options)
      problems.push({ pointer: '/options', message: "is required for type 'enum'" });
    if (input.type !== 'enum' && input.options)
      problems.push({ pointer: '/options', message: "is allowed for type 'enum' only" });
    if (problems.length) throw invalid('field definition', problems);

    const active = (await this.list()).length;
    if (active >= MAX_CUSTOM_FIELDS)
      throw ProblemError.conflict(
        `Clients have the most custom fields allowed (${MAX_CUSTOM_FIELDS}).`,
      );
    const row: CustomFieldRow = {
      _id: input.name.toLowerCase(),
      name: input.name,
      label: input.label,
      type: input.type,
      required: input.required ?? false,
      ...(input.options ? { options: input.options } : {}),
      createdAt: isoNow(this.clock),
      createdBy: by,
    };
    try {
      await this.store.customFields.insertOne(row);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.store.customFields.findById(row._id).lean();
      throw new ProblemError(
        409,
        existing?.deletedAt
          ? `A deleted field was named '${existing.name}'; its values are kept, so the name cannot be used again yet.`
          : `A custom field named '${existing?.name ?? input.name}' exists.`,
        [{ pointer: '/name', message: 'is taken' }],
        'ALREADY_EXISTS',
      );
    }
    return toResource(row);
  }

  /**
   * Changes a field's label, whether it is required, or an enum's options. The name and
   * the type stay (a rename must show what uses the field first, M3). Options may be
   * added and reordered but not removed, since stored values may hold them. A field made
   * required applies from each client's next write on, as a new required field does.
   *
   * @throws ProblemError 404 when no such field is defined; 400 naming the part that is wrong.
   */
  async update(name: string, body: unknown): Promise<CustomFieldResource> {
    const id = name.toLowerCase();
    const row = await this.store.customFields.findById(id).lean();
    if (!row || row.deletedAt) throw ProblemError.notFound(`No custom field named '${name}'.`);
    const changes = validateCrmBody<CustomFieldChanges>(
      customFieldPatchSchema,
      body,
      'field change',
    );
    if (changes.options && row.type !== 'enum')
      throw invalid('field change', [
        { pointer: '/options', message: "is allowed for type 'enum' only" },
      ]);
    const dropped = (row.options ?? []).filter((option) => !changes.options?.includes(option));
    if (changes.options && dropped.length)
      throw invalid('field change', [
        {
          pointer: '/options',
          message: `must keep every existing option (missing: ${dropped.join(', ')})`,
        },
      ]);
    // A read-then-write on FerretDB (D3): two admins editing one field at once keep the
    // last edit. Field definitions change rarely and by hand, so that is acceptable here.
    await this.store.customFields.updateOne({ _id: id }, { $set: changes });
    return toResource({ ...row, ...changes });
  }

  /**
   * Deletes a field: the values stay stored but no longer show, validate or search.
   * Binding fields to forms and processes comes later (M3: show what uses it first).
   *
   * @throws ProblemError 404 when no such field is defined.
   */
  async remove(name: string, by: string): Promise<void> {
    const id = name.toLowerCase();
    const row = await this.store.customFields.findById(id).lean();
    if (!row || row.deletedAt) throw ProblemError.notFound(`No custom field named '${name}'.`);
    // A one-way tombstone: two deletes at once write the same thing, so no insert is needed.
    await this.store.customFields.updateOne(
      { _id: id },
      { $set: { deletedAt: isoNow(this.clock), deletedBy: by } },
    );
  }
}

function toResource(row: CustomFieldRow): CustomFieldResource {
  return {
    name: row.name,
    label: row.label,
    type: row.type as CustomFieldDefinition['type'],
    required: row.required,
    ...(row.options ? { options: [...row.options] } : {}),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
