/** Word lists for items: products with materials and specs, services, categories, SKU shapes. */
export interface ProductWord {
  readonly name: string;
  /** Unit words for "pack of 50" style descriptions. */
  readonly unit: string;
}

export const MATERIALS = [
  'Stainless Steel', 'Galvanized Steel', 'Brass', 'Copper', 'Aluminium', 'Zinc-Plated', 'Nylon', 'PVC', 'Oak', 'Cedar',
  'Teak', 'Granite', 'Ceramic', 'Tempered Glass', 'Carbon Fiber', 'Cast Iron', 'Bamboo', 'Rubber', 'Titanium', 'Walnut',
];

export const PRODUCTS: readonly ProductWord[] = [
  { name: 'Hex Bolt', unit: 'pack' }, { name: 'Wood Screw', unit: 'box' }, { name: 'Wing Nut', unit: 'pack' },
  { name: 'Washer', unit: 'pack' }, { name: 'Pipe Elbow', unit: 'piece' }, { name: 'Ball Valve', unit: 'piece' },
  { name: 'Hinge', unit: 'pair' }, { name: 'Door Handle', unit: 'set' }, { name: 'Cable Tie', unit: 'bag' },
  { name: 'Anchor Plug', unit: 'box' }, { name: 'Sprinkler Head', unit: 'piece' }, { name: 'Garden Hose', unit: 'roll' },
  { name: 'Planter Box', unit: 'piece' }, { name: 'Rock Fountain', unit: 'piece' }, { name: 'Patio Tile', unit: 'crate' },
  { name: 'Shelf Bracket', unit: 'pair' }, { name: 'Drawer Slide', unit: 'pair' }, { name: 'Carriage Bolt', unit: 'pack' },
  { name: 'Rivet', unit: 'bag' }, { name: 'Threaded Rod', unit: 'piece' }, { name: 'Lamp Post', unit: 'piece' },
  { name: 'Fence Panel', unit: 'piece' }, { name: 'Gate Latch', unit: 'piece' }, { name: 'Cutting Board', unit: 'piece' },
  { name: 'Pump Housing', unit: 'piece' }, { name: 'Hose Clamp', unit: 'pack' }, { name: 'Spring Pin', unit: 'pack' },
  { name: 'Mounting Plate', unit: 'piece' }, { name: 'Cabinet Knob', unit: 'set' }, { name: 'Bird Feeder', unit: 'piece' },
];

export const SIZES = [
  'M4x16', 'M5x20', 'M6x30', 'M8x40', 'M10x60', 'M12x80', '1/4"', '3/8"', '1/2"', '3/4"', '1"', '15 mm', '22 mm',
  '28 mm', '35 mm', '50 cm', '1 m', '2 m', 'Small', 'Medium', 'Large', 'XL', '#8', '#10', '#12', '4x50', '5x70', '6x100',
];

export const FINISHES = ['', '', '', ' Black', ' Matte', ' Polished', ' Brushed', ' Red', ' Green', ' Heavy Duty', ' Marine Grade'];

export const SERVICES = [
  'Installation', 'Design', 'Consulting', 'Maintenance & Repair', 'Gardening', 'Trimming', 'Pest Control', 'Delivery',
  'Site Survey', 'Project Management', 'Training', 'Lawn Mowing', 'Snow Removal', 'Pressure Washing', 'Hours',
  'Inspection', 'Calibration', 'Emergency Call-Out', 'Tree Removal', 'Irrigation Check',
];

export const SERVICE_TIERS = ['', ' — Junior', ' — Senior', ' — Weekend', ' — After Hours', ' (per hour)', ' (flat fee)', ' — Level 2', ' — Premium', ' — Rush'];

export const CATEGORIES = [
  'Fasteners', 'Plumbing', 'Garden', 'Electrical', 'Lighting', 'Tools', 'Outdoor Living', 'Kitchen & Bath', 'Fencing',
  'Fountains', 'Irrigation', 'Safety', 'Paint & Finishes', 'Storage', 'Doors & Windows', 'Services', 'Labour',
];

export const ACCOUNTS = {
  income: { value: '79', name: 'Sales of Product Income' },
  services: { value: '1', name: 'Services' },
  cogs: { value: '80', name: 'Cost of Goods Sold' },
  asset: { value: '81', name: 'Inventory Asset' },
} as const;

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** SKUs in the two shapes people type: `PRD-00123` and `AB-12-X`. */
export function skuFor(idNum: number, shape: number): string {
  if (shape === 0) return `PRD-${String(idNum).padStart(5, '0')}`;
  const a = LETTERS[idNum % LETTERS.length] ?? 'A';
  const b = LETTERS[Math.floor(idNum / LETTERS.length) % LETTERS.length] ?? 'B';
  const c = LETTERS[Math.floor(idNum / 529) % LETTERS.length] ?? 'X';
  return `${a}${b}-${String(idNum % 100).padStart(2, '0')}-${c}${Math.floor(idNum / 12167) || ''}`;
}
