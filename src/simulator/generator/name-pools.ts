/**
 * Word lists for realistic names. Accents, apostrophes, ampersands and CJK on purpose: they are what breaks
 * search folding, query escaping (`\'`, docs/quickbooks.md#queries) and URL encoding in real integrations.
 */
export const FIRST_NAMES = [
  'Amy', 'José', 'Søren', 'Łukasz', 'François', 'Zoë', 'Björn', 'Núria', 'Jürgen', 'Siobhán', 'Chloé', 'Małgorzata',
  'Ömer', 'Renée', 'Đorđe', 'Ingrid', 'Mette', 'Anaïs', 'Håkon', 'Agnieszka', 'Tomás', 'Inés', 'Kateřina', 'Mário',
  'John', 'Mary', 'David', 'Sarah', 'Michael', 'Emily', 'James', 'Olivia', 'Robert', 'Grace', 'Daniel', 'Hannah',
  'Liam', 'Noah', 'Emma', 'Sophia', 'Lucas', 'Mia', 'Ethan', 'Ava', 'Mateo', 'Priya', 'Arjun', 'Wei', 'Mei', 'Hiroshi',
  'Yuki', 'Kwame', 'Amara', 'Fatima', 'Omar', 'Aisha', 'Diego', 'Camila', 'Pedro', 'Lucía', 'Geeta', 'Dylan', 'Kate',
];

export const LAST_NAMES = [
  'Müller', 'Núñez', 'Ødegaard', 'Groß', 'Đorđević', "O'Brien", "O'Connor", 'García', 'Nowak', 'Kowalski', 'Dubois',
  'Lefèvre', 'Çelik', 'Šimić', 'Æbelø', 'Jensen', 'Schäfer', 'Håland', 'Wójcik', 'Pérez', 'Sánchez', 'Dvořák',
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas',
  'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young', 'Allen', 'King',
  'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter',
  'Patel', 'Nguyen', 'Kim', 'Chen', 'Tanaka', 'Rossi', 'Ferrari', 'Lauterbach', 'Freeman', 'Whelan', 'Melton',
  "D'Angelo", 'MacDonald', 'van der Berg', 'de la Cruz', 'Kalapatapu', 'Sollfrank', 'Barnett', 'Waldron',
];

export const PLACE_WORDS = [
  'Blue Ridge', 'Pacific', 'Northwind', 'Summit', 'Redwood', 'Harbor', 'Golden Gate', 'Lakeside', 'Riverbend', 'Evergreen',
  'Silver Creek', 'Oak Valley', 'Cedar Point', 'Bayshore', 'Sunrise', 'Highland', 'Maple Leaf', 'Granite', 'Coastal',
  'Prairie', 'Aurora', 'Nordic', 'Alpine', 'Meridian', 'Pioneer', 'Keystone', 'Liberty', 'Sierra', 'Canyon', 'Willow',
  'Falcon', 'Orchard', 'Iron Horse', 'Copper Hill', 'Red Rock', 'Twin Lakes', 'Westfield', 'Eastgate', 'Southport', 'Kingsbridge',
];

export const TRADES = [
  'Landscaping', 'Plumbing', 'Electric', 'Roofing', 'Bakery', 'Diner', 'Consulting', 'Design', 'Logistics', 'Motors',
  'Dental', 'Medical Supplies', 'Photography', 'Catering', 'Construction', 'Hardware', 'Printing', 'Florist', 'Auto Repair',
  'Travel Agency', 'Fitness', 'Pet Care', 'Cleaning Services', 'Architecture', 'Brewing', 'Coffee Roasters', 'Outfitters',
  'Sporting Goods', 'Bookkeeping', 'Marine Supply', 'Cabinetry', 'Solar', 'Windsurf Shop', 'Veterinary', 'Tailoring',
  'Industriebedarf', 'Maskinfabrik', 'Ingeniería', 'Menuiserie', 'Bird Sanctuary',
];

export const COMPANY_SUFFIXES = ['LLC', 'Inc.', 'Co', 'Ltd', 'Group', 'Partners', 'GmbH', 'ApS', 'S.L.', 'SARL', 'AS', 'Sp. z o.o.', '& Co.', 'Corp.'];

export const OWNER_NOUNS = ['Cakes', 'Jalopies', 'Windsurf Shop', 'Bird Sanctuary', 'Garden Center', 'Bike Repair', 'Pizzeria', 'Bookshop', 'Kitchen', 'Studio', 'Barbershop', 'Flowers', 'Tacos', 'Coffee', 'Auto Body'];

export const CJK_COMPANIES = [
  '山田商事', '北京科技有限公司', '株式会社佐藤製作所', '上海贸易有限公司', '田中工業', '深圳电子有限公司', '東京物産',
  '大阪精密機械', '广州食品有限公司', '名古屋運輸', '杭州软件有限公司', '横浜建設', '成都茶业', '京都和菓子本舗', '香港金融集团',
];

export const STREET_NAMES = ['Ocean View Road', 'Twin Lane', 'Finch St.', 'Main St.', 'Elm Avenue', 'Harbor Blvd', 'Mill Road', 'Sunset Drive', 'Birch Court', 'Lake Street', 'Hillcrest Way', 'Cedar Lane'];

export const JOB_PROJECTS = ['Kitchen Remodel', 'Office Fit-Out', 'Warehouse Expansion', 'Spring Planting', 'Roof Repair', 'Annual Maintenance', 'Storefront Refresh', 'Irrigation Upgrade'];

export const CITIES: readonly (readonly [string, string, string])[] = [
  ['Bayshore', 'CA', '94326'], ['Palo Alto', 'CA', '94303'], ['Middlefield', 'CA', '94482'], ['Sunnyvale', 'CA', '94086'],
  ['Seattle', 'WA', '98101'], ['Portland', 'OR', '97201'], ['Austin', 'TX', '73301'], ['Denver', 'CO', '80202'],
  ['Boston', 'MA', '02108'], ['Chicago', 'IL', '60601'], ['Miami', 'FL', '33101'], ['Brooklyn', 'NY', '11201'],
];

/** Folds names into the ASCII an email address would carry (`Łukasz Ødegaard` → `lukasz`, `odegaard`). */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = { ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', ß: 'ss', æ: 'ae', Æ: 'Ae', đ: 'd', Đ: 'D', ı: 'i' };
const NON_ASCII = /[^ -~]/;
const SPECIALS = /[øØłŁßæÆđĐı]/g;
const MARKS = /[\u0300-\u036f]/g;
const NON_ALNUM = /[^a-z0-9]+/g;
const EDGE_DASHES = /^-+|-+$/g;

export function asciiSlug(text: string, separator: '' | '-' = ''): string {
  const folded = NON_ASCII.test(text)
    ? text.replace(SPECIALS, (ch) => SPECIAL_LETTERS[ch] ?? ch).normalize('NFD').replace(MARKS, '')
    : text;
  const slug = folded.toLowerCase().replace(NON_ALNUM, '-').replace(EDGE_DASHES, '');
  return separator === '-' ? slug : slug.replace(/-/g, '');
}
