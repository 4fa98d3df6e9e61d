import { buyerMarkets, familyNames, foreignSellers, givenNames, sellerCities, storeWords, type Culture, type Market } from './catalog';
import type { Party, Seller } from './draft';
import { Random, streams } from './random';

const marketWeights = buyerMarkets.map((market) => [market, market.weight] as const);

/** A person's name as their culture writes it: family name first and unspaced in Chinese, gendered surnames in Russian. */
function personName(r: Random, culture: Culture): string {
  const given = r.pick(givenNames[culture]);
  const family = r.pick(familyNames[culture]);
  if (culture === 'zh') return family + given;
  if (culture === 'ru' && /[ая]$/.test(given)) return `${given} ${family}а`;
  return `${given} ${family}`;
}

/** A buyer for dispute number `number`, and the market whose currency they paid in. */
export function makeBuyer(r: Random, number: number): { buyer: Party; market: Market } {
  const market = r.weighted(marketWeights);
  const person = { id: `B-${number + 4_900_000}`, name: personName(r, market.culture), country: market.country, language: market.language };
  return { buyer: { person, culture: market.culture }, market };
}

function chineseTracking(r: Random): string {
  switch (r.int(0, 2)) {
    case 0:
      return `LP00${r.digits(12)}`;
    case 1:
      return `RB${r.digits(9)}CN`;
    default:
      return `YT${r.digits(16)}`;
  }
}

/** The demo sellers. Disputes share them, as a real store collects many disputes. */
export function makeSellers(seed: number, count: number): Seller[] {
  const sellers: Seller[] = [];
  const foreignWeights = foreignSellers.map((entry) => [entry, entry.weight] as const);
  for (let index = 0; index < count; index++) {
    const r = new Random(seed, streams.seller, index);
    const id = `S-${220_000 + index}`;
    if (r.chance(0.82)) {
      const city = r.pick(sellerCities);
      const [brandEn, brandZh] = r.pick(storeWords.brand);
      const [tradeEn, tradeZh] = r.pick(storeWords.trade);
      // Many Chinese stores answer buyers in English; the rest write Chinese.
      const writesChinese = r.chance(0.55);
      const name = writesChinese ? `${city.zh}${brandZh}${tradeZh}专营店` : `${city.en} ${brandEn} ${tradeEn} Store`;
      const returnAddress = `No. ${r.int(1, 388)} ${city.road} Road, ${city.district} District, ${city.en}, ${city.province} ${city.postcode}, China`;
      const language = writesChinese ? 'zh-CN' : 'en';
      sellers.push({ person: { id, name, country: 'CN', language }, culture: writesChinese ? 'zh' : 'en', returnAddress, tracking: chineseTracking });
    } else {
      const home = r.weighted(foreignWeights);
      const postal = r.pick(['RR', 'LX', 'CP']);
      sellers.push({
        person: { id, name: r.pick(home.names), country: home.country, language: home.language },
        culture: home.culture,
        returnAddress: home.address,
        tracking: (tr) => `${postal}${tr.digits(9)}${home.country}`,
      });
    }
  }
  return sellers;
}
