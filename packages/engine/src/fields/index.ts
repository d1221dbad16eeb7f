export { BUILT_IN_LEAD_FIELDS, type BuiltInLeadField } from './builtin.js';
export {
  LEAD_FIELD_TYPES,
  allowedValueSchema,
  leadFieldCatalogSchema,
  leadFieldName,
  leadFieldRowSchema,
  leadFieldSchema,
  rowToLeadField,
  type AllowedValue,
  type LeadField,
  type LeadFieldInput,
  type LeadFieldRow,
  type LeadFieldType,
} from './schema.js';
export { describeLeadFields, leadFieldIndex, type LeadFieldDescription, type LeadFieldIndex, type ResolvedLeadField } from './catalog.js';
