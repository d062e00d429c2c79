import type { JsonObject } from '../json';
import type { Random } from '../random';
import type { StoredRecord } from '../records';
import { JOB_PROJECTS, STREET_NAMES } from './name-pools';
import {
  addContact, addPartyNames, personDisplayName, randomBalance, randomCompany, randomPerson, type NameRegistry,
} from './party-names';
import { finishRecord, randomTimes, roundMoney, startRecord, type RecordTimes } from './record-base';

interface Draft {
  readonly idNum: number;
  readonly fields: JsonObject;
  readonly times: RecordTimes;
  readonly parent?: Draft;
  readonly fullyQualifiedName: string;
  readonly level: number;
  readonly balance: number;
  withJobs: number;
}

/**
 * Customers after the fixtures: about 55% companies, 45% people, 8% jobs (sub-customers with `Job`, `ParentRef`,
 * `Level` and a "Parent:Job" FullyQualifiedName, up to QBO's 4 levels), about 10% inactive (jobs of an inactive
 * parent are inactive too, as in QBO). BalanceWithJobs adds the balances of all jobs below a customer.
 */
export function generateCustomers(random: Random, firstId: number, lastId: number, anchorMs: number, names: NameRegistry): StoredRecord[] {
  const drafts: Draft[] = [];
  const parents: Draft[] = [];
  for (let idNum = firstId; idNum <= lastId; idNum++) {
    const parent = parents.length > 0 && random.chance(0.08) ? random.pick(parents) : undefined;
    const draft = parent ? jobDraft(random, idNum, parent, anchorMs, names) : customerDraft(random, idNum, anchorMs, names);
    drafts.push(draft);
    if (draft.level < 4 && (!parent || random.chance(0.1))) parents.push(draft);
  }
  for (let i = drafts.length - 1; i >= 0; i--) {
    const draft = drafts[i];
    if (draft?.parent) draft.parent.withJobs = roundMoney(draft.parent.withJobs + draft.withJobs);
  }
  return drafts.map((draft) => {
    const fields = draft.fields;
    fields.Balance = draft.balance;
    fields.BalanceWithJobs = draft.withJobs;
    if (random.chance(0.7)) fields.Taxable = random.chance(0.8);
    fields.PreferredDeliveryMethod = random.pick(['Print', 'Email', 'Email', 'None']);
    return finishRecord(draft.idNum, fields, draft.times);
  });
}

function customerDraft(random: Random, idNum: number, anchorMs: number, names: NameRegistry): Draft {
  const isCompany = random.chance(0.55);
  const person = isCompany && random.chance(0.6) ? undefined : randomPerson(random);
  const company = isCompany ? randomCompany(random) : undefined;
  const displayName = names.claim(company ?? (person ? personDisplayName(person) : `Customer ${idNum}`));
  const fields = startRecord(idNum);
  addPartyNames(fields, displayName, person, company);
  fields.FullyQualifiedName = displayName;
  fields.PrintOnCheckName = company ?? displayName;
  addContact(fields, random, person, company);
  fields.Active = !random.chance(0.1);
  fields.Job = false;
  fields.BillWithParent = false;
  const balance = randomBalance(random);
  return { idNum, fields, times: randomTimes(random, anchorMs), fullyQualifiedName: displayName, level: 0, balance, withJobs: balance };
}

function jobDraft(random: Random, idNum: number, parent: Draft, anchorMs: number, names: NameRegistry): Draft {
  const base = random.chance(0.6)
    ? `${String(random.int(1, 9999)).padStart(4, '0')} ${random.pick(STREET_NAMES)}`
    : `${random.pick(JOB_PROJECTS)} ${random.int(2019, 2026)}`;
  const displayName = names.claim(base);
  const fullyQualifiedName = `${parent.fullyQualifiedName}:${displayName}`;
  const level = parent.level + 1;
  const fields = startRecord(idNum);
  fields.DisplayName = displayName;
  fields.FullyQualifiedName = fullyQualifiedName;
  fields.PrintOnCheckName = displayName;
  addContact(fields, random, undefined, String(parent.fields.DisplayName));
  fields.Active = parent.fields.Active === true && !random.chance(0.05);
  fields.Job = true;
  fields.ParentRef = { value: String(parent.idNum) };
  fields.Level = level;
  fields.BillWithParent = random.chance(0.5);
  const parentTimes = parent.times;
  const times = randomTimes(random, anchorMs);
  const balance = randomBalance(random);
  return {
    idNum, fields, parent, fullyQualifiedName, level, balance, withJobs: balance,
    // A job cannot exist before its parent.
    times: times.createdMs < parentTimes.createdMs ? { createdMs: parentTimes.createdMs, updatedMs: Math.max(times.updatedMs, parentTimes.createdMs) } : times,
  };
}
