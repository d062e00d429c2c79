/**
 * The customer's PO number lives in an invoice custom field whose name each company chooses
 * (`P.O. Number`, `PO #`, `Purchase Order`...). QBO has no dedicated PO field on invoices:
 * https://developer.intuit.com/app/developer/qbo/docs/workflows/create-custom-fields
 */
import { foldText } from '../text';

/** Name with case, accents, dots, spaces, `#`, `-`, `_` and `:` ignored: `P.O. #` → `po`. */
const PO_FIELD_NAME = /^(customer|client|cust)?(po|purchaseorder)(number|num|nbr|no)?$/;
const IGNORED_IN_NAME = /[\s.#\-_:]+/g;

export interface CustomFieldLike {
  readonly Name?: string;
  readonly StringValue?: string;
}

/** True when a custom field's name looks like a PO number field (`Crew #` does not). */
export function isPoFieldName(name: string): boolean {
  return PO_FIELD_NAME.test(foldText(name).replace(IGNORED_IN_NAME, ''));
}

/** The value of the first PO-like custom field that has a non-blank value, trimmed. */
export function pickPoNumber(customFields: ReadonlyArray<CustomFieldLike>): string | undefined {
  for (const field of customFields) {
    const value = field.StringValue?.trim();
    if (value && field.Name !== undefined && isPoFieldName(field.Name)) return value;
  }
  return undefined;
}
