import type { Random } from '../random';
import type { StoredRecord } from '../records';
import { asciiSlug } from './name-pools';
import { addContact, addPartyNames, personDisplayName, randomBalance, randomCompany, randomPerson, type NameRegistry } from './party-names';
import { finishRecord, randomTimes, startRecord } from './record-base';

/**
 * Vendors after the fixtures: mostly companies, no hierarchy (docs/quickbooks.md#entities), about 10% inactive,
 * optional account number, website and 1099 flag.
 */
export function generateVendors(random: Random, firstId: number, lastId: number, anchorMs: number, names: NameRegistry): StoredRecord[] {
  const records: StoredRecord[] = [];
  for (let idNum = firstId; idNum <= lastId; idNum++) {
    const isCompany = random.chance(0.8);
    const person = !isCompany || random.chance(0.4) ? randomPerson(random) : undefined;
    const company = isCompany ? randomCompany(random) : undefined;
    const displayName = names.claim(company ?? (person ? personDisplayName(person) : `Vendor ${idNum}`));
    const fields = startRecord(idNum);
    addPartyNames(fields, displayName, person, company);
    fields.PrintOnCheckName = company ?? displayName;
    addContact(fields, random, person, company);
    if (company && random.chance(0.4)) fields.WebAddr = { URI: `https://www.${asciiSlug(company, '-') || 'vendor'}.example.com` };
    if (random.chance(0.5)) fields.AcctNum = String(random.int(1000, 99999));
    fields.Vendor1099 = random.chance(0.2);
    fields.Active = !random.chance(0.1);
    fields.Balance = randomBalance(random);
    records.push(finishRecord(idNum, fields, randomTimes(random, anchorMs)));
  }
  return records;
}
