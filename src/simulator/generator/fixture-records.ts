import type { JsonObject } from '../json';
import type { StoredRecord } from '../records';
import { formatPacificDate } from '../qbo-time';
import { SIM_FIXTURES } from './fixtures';
import { customField, invoiceLines } from './generate-invoices';
import { ACCOUNTS } from './item-pools';
import { fixtureTimes, toStoredRecord } from './record-base';

const C = SIM_FIXTURES.customers;
const V = SIM_FIXTURES.vendors;
const I = SIM_FIXTURES.items;

function fixture(id: string, fields: JsonObject, anchorMs: number): StoredRecord {
  const idNum = Number(id);
  return toStoredRecord(idNum, fields, fixtureTimes(anchorMs, idNum));
}

function party(displayName: string, extra: JsonObject): JsonObject {
  return { DisplayName: displayName, ...extra, Active: extra.Active ?? true };
}

/** Customer fixtures; Amy's Bird Sanctuary is Intuit's own sandbox sample (docs/quickbooks.md#entities). */
export function fixtureCustomers(anchorMs: number): StoredRecord[] {
  const top = (name: string, extra: JsonObject, balance = 0): JsonObject =>
    party(name, { ...extra, FullyQualifiedName: name, PrintOnCheckName: name, Active: extra.Active ?? true, Job: false, BillWithParent: false, Balance: balance, BalanceWithJobs: extra.BalanceWithJobs ?? balance });
  return [
    fixture(C.amysBirdSanctuary.id, top(C.amysBirdSanctuary.displayName, {
      CompanyName: C.amysBirdSanctuary.displayName, GivenName: 'Amy', MiddleName: 'Michelle', FamilyName: 'Lauterbach',
      PrimaryEmailAddr: { Address: C.amysBirdSanctuary.email }, PrimaryPhone: { FreeFormNumber: '(650) 555-3311' },
      BillAddr: { Line1: '4581 Finch St.', City: 'Bayshore', CountrySubDivisionCode: 'CA', PostalCode: '94326' },
      Taxable: true, PreferredDeliveryMethod: 'Print',
    }, 274), anchorMs),
    fixture(C.acmeSupply.id, top(C.acmeSupply.displayName, {
      CompanyName: C.acmeSupply.displayName, PrimaryEmailAddr: { Address: C.acmeSupply.email }, PrimaryPhone: { FreeFormNumber: '(415) 555-0142' },
    }, 1250.5), anchorMs),
    fixture(C.obrienAndSons.id, top(C.obrienAndSons.displayName, {
      CompanyName: C.obrienAndSons.displayName, GivenName: 'Seán', FamilyName: "O'Brien", PrimaryEmailAddr: { Address: C.obrienAndSons.email },
    }), anchorMs),
    fixture(C.joseMuller.id, top(C.joseMuller.displayName, { GivenName: 'José', FamilyName: 'Müller', PrimaryEmailAddr: { Address: C.joseMuller.email }, PrimaryPhone: { FreeFormNumber: '+49 30 901820' } }), anchorMs),
    fixture(C.sorenOdegaard.id, top(C.sorenOdegaard.displayName, { GivenName: 'Søren', FamilyName: 'Ødegaard', PrimaryEmailAddr: { Address: C.sorenOdegaard.email } }), anchorMs),
    fixture(C.lukaszNowak.id, top(C.lukaszNowak.displayName, { GivenName: 'Łukasz', FamilyName: 'Nowak', PrimaryEmailAddr: { Address: C.lukaszNowak.email } }), anchorMs),
    fixture(C.acmeOldAccounts.id, top(C.acmeOldAccounts.displayName, { CompanyName: 'Acme Supply Co (old)', Active: false }), anchorMs),
    fixture(C.yamadaShoji.id, top(C.yamadaShoji.displayName, { CompanyName: C.yamadaShoji.displayName, PrimaryPhone: { FreeFormNumber: '+81 3 5555 0100' } }), anchorMs),
    fixture(C.freemanSportingGoods.id, top(C.freemanSportingGoods.displayName, { CompanyName: C.freemanSportingGoods.displayName, BalanceWithJobs: 562.5 }, 85), anchorMs),
    fixture(C.oceanViewRoad.id, party(C.oceanViewRoad.displayName, {
      FullyQualifiedName: C.oceanViewRoad.fullyQualifiedName, PrintOnCheckName: C.freemanSportingGoods.displayName,
      Job: true, ParentRef: { value: C.oceanViewRoad.parentId }, Level: 1, BillWithParent: true, Balance: 477.5, BalanceWithJobs: 477.5,
    }), anchorMs),
    fixture(C.grossDjordjevic.id, top(C.grossDjordjevic.displayName, { CompanyName: C.grossDjordjevic.displayName, GivenName: 'Đorđe', FamilyName: 'Đorđević' })
    , anchorMs),
    fixture(C.beijingTech.id, top(C.beijingTech.displayName, { CompanyName: C.beijingTech.displayName }), anchorMs),
  ];
}

export function fixtureVendors(anchorMs: number): StoredRecord[] {
  const vendor = (name: string, extra: JsonObject): JsonObject => party(name, { CompanyName: name, PrintOnCheckName: name, ...extra, Vendor1099: false, Balance: 0 });
  return [
    // Intuit's sandbox sample vendor.
    fixture(V.booksByBessie.id, vendor(V.booksByBessie.displayName, {
      GivenName: 'Bessie', FamilyName: 'Williams', PrimaryEmailAddr: { Address: 'Books@Intuit.com' },
      PrimaryPhone: { FreeFormNumber: '(650) 555-7745' }, WebAddr: { URI: 'http://www.booksbybessie.co' }, AcctNum: '1345',
    }), anchorMs),
    fixture(V.nortonLumber.id, vendor(V.nortonLumber.displayName, { PrimaryEmailAddr: { Address: 'orders@nortonlumber.example.com' } }), anchorMs),
    fixture(V.aebeloTrading.id, vendor(V.aebeloTrading.displayName, { PrimaryPhone: { FreeFormNumber: '+45 33 12 34 56' } }), anchorMs),
    fixture(V.mullerIndustriebedarf.id, vendor(V.mullerIndustriebedarf.displayName, { PrimaryEmailAddr: { Address: 'vertrieb@mueller-industriebedarf.example.com' } }), anchorMs),
    fixture(V.acmeOldSupplier.id, vendor(V.acmeOldSupplier.displayName, { Active: false }), anchorMs),
  ];
}

export function fixtureItems(anchorMs: number): StoredRecord[] {
  const hardwareRef = { value: I.hardware.id, name: I.hardware.name };
  return [
    fixture(I.hardware.id, { Name: I.hardware.name, FullyQualifiedName: I.hardware.name, Type: 'Category', Active: true }, anchorMs),
    fixture(I.hexBolt.id, {
      Name: I.hexBolt.name, FullyQualifiedName: I.hexBolt.fullyQualifiedName, SubItem: true, ParentRef: hardwareRef, Level: 1,
      Sku: I.hexBolt.sku, Description: I.hexBolt.description, PurchaseDesc: 'Hex bolt M8x40 A2 stainless - supplier pack 50',
      Type: 'Inventory', Active: true, Taxable: true, UnitPrice: 12.95, PurchaseCost: 6.1, TrackQtyOnHand: true, QtyOnHand: 340,
      InvStartDate: formatPacificDate(fixtureTimes(anchorMs, 2).createdMs), AssetAccountRef: ACCOUNTS.asset,
      IncomeAccountRef: ACCOUNTS.income, ExpenseAccountRef: ACCOUNTS.cogs,
    }, anchorMs),
    // Intuit's sandbox sample item.
    fixture(I.rockFountain.id, {
      Name: I.rockFountain.name, FullyQualifiedName: I.rockFountain.name, Sku: I.rockFountain.sku, Description: 'Rock Fountain',
      PurchaseDesc: 'Rock Fountain', Type: 'Inventory', Active: true, Taxable: true, UnitPrice: 275, PurchaseCost: 125,
      TrackQtyOnHand: true, QtyOnHand: 2, InvStartDate: formatPacificDate(fixtureTimes(anchorMs, 3).createdMs),
      AssetAccountRef: ACCOUNTS.asset, IncomeAccountRef: ACCOUNTS.income, ExpenseAccountRef: ACCOUNTS.cogs,
    }, anchorMs),
    fixture(I.design.id, {
      Name: I.design.name, FullyQualifiedName: I.design.name, Description: 'Custom design', Type: 'Service', Active: true,
      Taxable: false, UnitPrice: 75, TrackQtyOnHand: false, IncomeAccountRef: ACCOUNTS.services,
    }, anchorMs),
    fixture(I.gardenStarterKit.id, {
      Name: I.gardenStarterKit.name, FullyQualifiedName: I.gardenStarterKit.name, Description: 'Bundle: rock fountain and design hours',
      Type: 'Group', Active: true, ItemGroupDetail: { ItemGroupLine: [
        { ItemRef: { value: I.rockFountain.id, name: I.rockFountain.name, type: 'Item' }, Qty: 1 },
        { ItemRef: { value: I.design.id, name: I.design.name, type: 'Item' }, Qty: 2 },
      ] },
    }, anchorMs),
    fixture(I.shipping.id, {
      Name: I.shipping.name, FullyQualifiedName: I.shipping.name, Description: 'Shipping & handling, per order', Type: 'NonInventory',
      Active: true, Taxable: false, UnitPrice: 15, TrackQtyOnHand: false, IncomeAccountRef: ACCOUNTS.income, ExpenseAccountRef: ACCOUNTS.cogs,
    }, anchorMs),
    fixture(I.discontinuedWidget.id, {
      Name: I.discontinuedWidget.name, FullyQualifiedName: I.discontinuedWidget.name, Sku: 'PRD-00007', Type: 'NonInventory',
      Active: false, Taxable: true, UnitPrice: 4.5, TrackQtyOnHand: false, IncomeAccountRef: ACCOUNTS.income, ExpenseAccountRef: ACCOUNTS.cogs,
    }, anchorMs),
  ];
}

export function fixtureInvoices(anchorMs: number, customers: readonly StoredRecord[], items: readonly StoredRecord[]): StoredRecord[] {
  const customer = (id: string) => customers.find((c) => c.id === id);
  const item = (id: string) => items.find((i) => i.id === id);
  const ref = (r: StoredRecord | undefined, key: string): JsonObject => ({ value: r?.id ?? '', name: String(r?.json[key] ?? '') });
  const invoice = (spec: { id: string; docNumber: string; customerId: string }, po: string | undefined, crew: string | undefined, lines: [string, number][]): StoredRecord => {
    const { Line, total } = invoiceLines(
      lines.flatMap(([itemId, qty]) => { const found = item(itemId); return found ? [{ item: found, qty }] : []; }),
      (i) => ref(i, 'Name'),
    );
    const times = fixtureTimes(anchorMs, Number(spec.id));
    const email = customer(spec.customerId)?.json.PrimaryEmailAddr;
    return toStoredRecord(Number(spec.id), {
      DocNumber: spec.docNumber, TxnDate: formatPacificDate(times.createdMs), DueDate: formatPacificDate(times.createdMs + 30 * 86_400_000),
      CustomerRef: ref(customer(spec.customerId), 'DisplayName'), CustomField: customField(po, crew), Line, TotalAmt: total, Balance: total,
      EmailStatus: 'NotSet', PrintStatus: 'NeedToPrint', ...(email !== undefined ? { BillEmail: email } : {}),
    }, times);
  };
  const F = SIM_FIXTURES.invoices;
  return [
    invoice(F.amysPurchaseOrder, F.amysPurchaseOrder.poNumber, undefined, [[I.rockFountain.id, 1], [I.design.id, 2]]),
    invoice(F.acmeCrew, undefined, F.acmeCrew.crewNumber, [[I.hexBolt.id, 10], [I.shipping.id, 1]]),
    invoice(F.obrienPurchaseOrder, F.obrienPurchaseOrder.poNumber, undefined, [[I.design.id, 4]]),
  ];
}
