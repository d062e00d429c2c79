/**
 * Well-known records every generated company starts with, at the lowest Ids, so tests and demos can rely on them
 * without hard-coding magic ids. Everything else in the company is generated from the seed after them.
 */
export const SIM_FIXTURES = {
  customers: {
    amysBirdSanctuary: { id: '1', displayName: "Amy's Bird Sanctuary", email: 'Birds@Intuit.com' },
    acmeSupply: { id: '2', displayName: 'Acme Supply Co', email: 'ap@acmesupply.example.com' },
    obrienAndSons: { id: '3', displayName: "O'Brien & Sons", email: 'office@obrien-sons.example.com' },
    joseMuller: { id: '4', displayName: 'José Müller', email: 'jose.muller@example.com' },
    sorenOdegaard: { id: '5', displayName: 'Søren Ødegaard', email: 'soren.odegaard@example.com' },
    lukaszNowak: { id: '6', displayName: 'Łukasz Nowak', email: 'lukasz.nowak@example.com' },
    /** Inactive: only queries with an `Active` condition (or CDC, or a read by id) return it. */
    acmeOldAccounts: { id: '7', displayName: 'Acme Old Accounts', active: false },
    yamadaShoji: { id: '8', displayName: '山田商事' },
    freemanSportingGoods: { id: '9', displayName: 'Freeman Sporting Goods' },
    /** A job (sub-customer) of Freeman Sporting Goods. */
    oceanViewRoad: {
      id: '10',
      displayName: '0969 Ocean View Road',
      fullyQualifiedName: 'Freeman Sporting Goods:0969 Ocean View Road',
      parentId: '9',
    },
    grossDjordjevic: { id: '11', displayName: 'Groß & Đorđević GmbH' },
    beijingTech: { id: '12', displayName: '北京科技有限公司' },
  },
  vendors: {
    booksByBessie: { id: '1', displayName: 'Books by Bessie' },
    nortonLumber: { id: '2', displayName: 'Norton Lumber and Building Materials' },
    aebeloTrading: { id: '3', displayName: 'Æbelø Trading ApS' },
    mullerIndustriebedarf: { id: '4', displayName: 'Müller Industriebedarf GmbH' },
    acmeOldSupplier: { id: '5', displayName: 'Acme Old Supplier', active: false },
  },
  items: {
    hardware: { id: '1', name: 'Hardware', type: 'Category' },
    hexBolt: {
      id: '2',
      name: 'Stainless Steel Hex Bolt M8x40',
      fullyQualifiedName: 'Hardware:Stainless Steel Hex Bolt M8x40',
      type: 'Inventory',
      sku: 'PRD-00123',
      description: 'Stainless steel hex bolt, M8 x 40 mm, pack of 50',
    },
    rockFountain: { id: '3', name: 'Rock Fountain', type: 'Inventory', sku: 'AB-12-X' },
    design: { id: '4', name: 'Design', type: 'Service' },
    gardenStarterKit: { id: '5', name: 'Garden Starter Kit', type: 'Group' },
    shipping: { id: '6', name: 'Shipping & Handling', type: 'NonInventory' },
    discontinuedWidget: { id: '7', name: 'Discontinued Widget', type: 'NonInventory', active: false },
  },
  invoices: {
    amysPurchaseOrder: { id: '1', docNumber: '1001', customerId: '1', poNumber: 'PO-2024-0117' },
    acmeCrew: { id: '2', docNumber: '1002', customerId: '2', crewNumber: '102' },
    obrienPurchaseOrder: { id: '3', docNumber: '1003', customerId: '3', poNumber: '4500012345' },
  },
} as const;

export type SimFixtures = typeof SIM_FIXTURES;
