/**
 * The demo marketplace's fixed data: where buyers and sellers are, what they are called, what they
 * sell and at what price. Plain tables; generate.ts and people.ts draw from them.
 */

/** The languages the phrase bank speaks; a person's BCP 47 tag starts with one of them. */
export type Culture = 'en' | 'zh' | 'es' | 'pt' | 'ru' | 'fr';

/** A country buyers order from: its language tag, the currency they pay in, and how common it is. */
export interface Market {
  country: string;
  language: string;
  culture: Culture;
  currency: string;
  weight: number;
}

/** Buyer countries. Every currency here has two minor digits, so amounts are in cents or the like. */
export const buyerMarkets: readonly Market[] = [
  { country: 'US', language: 'en-US', culture: 'en', currency: 'USD', weight: 14 },
  { country: 'GB', language: 'en-GB', culture: 'en', currency: 'GBP', weight: 6 },
  { country: 'CA', language: 'en-CA', culture: 'en', currency: 'CAD', weight: 3 },
  { country: 'AU', language: 'en-AU', culture: 'en', currency: 'AUD', weight: 3 },
  { country: 'FR', language: 'fr-FR', culture: 'fr', currency: 'EUR', weight: 8 },
  { country: 'BE', language: 'fr-BE', culture: 'fr', currency: 'EUR', weight: 2 },
  { country: 'ES', language: 'es-ES', culture: 'es', currency: 'EUR', weight: 8 },
  { country: 'MX', language: 'es-MX', culture: 'es', currency: 'MXN', weight: 5 },
  { country: 'BR', language: 'pt-BR', culture: 'pt', currency: 'BRL', weight: 10 },
  { country: 'PT', language: 'pt-PT', culture: 'pt', currency: 'EUR', weight: 3 },
  { country: 'RU', language: 'ru-RU', culture: 'ru', currency: 'RUB', weight: 10 },
  { country: 'KZ', language: 'ru-KZ', culture: 'ru', currency: 'KZT', weight: 2 },
  { country: 'CN', language: 'zh-CN', culture: 'zh', currency: 'CNY', weight: 5 },
];

/** Units of each currency per US dollar, rounded: enough for believable local prices. */
export const ratesPerUsd: Readonly<Record<string, number>> = {
  USD: 1,
  EUR: 0.92,
  GBP: 0.79,
  CAD: 1.37,
  AUD: 1.52,
  MXN: 17.5,
  BRL: 5.1,
  RUB: 92,
  KZT: 470,
  CNY: 7.2,
};

/** Given names by culture. Russian ones ending in -а/-я are women's, which decides the surname form. */
export const givenNames: Readonly<Record<Culture, readonly string[]>> = {
  en: ['Emily', 'James', 'Olivia', 'Michael', 'Sophie', 'Daniel', 'Grace', 'Ethan', 'Chloe', 'Ryan'],
  fr: ['Camille', 'Louis', 'Léa', 'Hugo', 'Chloé', 'Lucas', 'Manon', 'Théo', 'Inès', 'Julien'],
  es: ['Lucía', 'Mateo', 'Sofía', 'Javier', 'Valentina', 'Diego', 'Carmen', 'Alejandro', 'Paula', 'Andrés'],
  pt: ['João', 'Ana', 'Pedro', 'Beatriz', 'Lucas', 'Mariana', 'Gabriel', 'Larissa', 'Rafael', 'Juliana'],
  ru: ['Иван', 'Анна', 'Дмитрий', 'Мария', 'Алексей', 'Екатерина', 'Сергей', 'Ольга', 'Павел', 'Наталья'],
  zh: ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '杰'],
};

/** Family names by culture; the Russian ones are the men's form. */
export const familyNames: Readonly<Record<Culture, readonly string[]>> = {
  en: ['Carter', 'Thompson', 'Walker', 'Hughes', 'Bennett', 'Murphy', 'Collins', 'Harris', 'Turner', 'Wright'],
  fr: ['Dubois', 'Martin', 'Lefèvre', 'Moreau', 'Laurent', 'Girard', 'Roux', 'Fontaine', 'Chevalier', 'Bernard'],
  es: ['García', 'Martínez', 'López', 'Sánchez', 'Romero', 'Torres', 'Navarro', 'Ruiz', 'Ortega', 'Herrera'],
  pt: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Costa', 'Pereira', 'Almeida', 'Ferreira', 'Rodrigues', 'Carvalho'],
  ru: ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов', 'Волков'],
  zh: ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'],
};

/** A product line of the demo catalogue: its listing title, price in US cents, and whether people buy it by the dozen. */
interface Product {
  title: string;
  usdCents: number;
  bulk: boolean;
}

/** What the demo sellers sell. Titles are in English, as the marketplace lists them. */
export const products: readonly Product[] = [
  { title: 'Wireless Bluetooth Earbuds with Charging Case', usdCents: 1899, bulk: false },
  { title: 'USB-C Fast Charging Cable, 2 m', usdCents: 399, bulk: true },
  { title: 'Silicone Phone Case for iPhone 15', usdCents: 299, bulk: true },
  { title: 'Smart Watch with Heart Rate Monitor', usdCents: 3499, bulk: false },
  { title: 'RGB LED Strip Lights, 10 m', usdCents: 1299, bulk: false },
  { title: "Women's Summer Floral Maxi Dress", usdCents: 2199, bulk: false },
  { title: "Men's Breathable Mesh Running Shoes", usdCents: 3299, bulk: false },
  { title: 'Stainless Steel Kitchen Knife Set, 6 pieces', usdCents: 2899, bulk: false },
  { title: 'Mechanical Gaming Keyboard, Blue Switches', usdCents: 4599, bulk: false },
  { title: 'Portable Mini Projector 1080p', usdCents: 6999, bulk: false },
  { title: 'Building Blocks Set for Kids, 520 pieces', usdCents: 1599, bulk: false },
  { title: 'Cotton Bed Sheet Set, Queen', usdCents: 2499, bulk: false },
  { title: 'Nail Art Rhinestones Kit', usdCents: 999, bulk: true },
  { title: 'Magnetic Car Phone Holder', usdCents: 499, bulk: true },
  { title: 'Pearl Hair Clips', usdCents: 199, bulk: true },
  { title: 'Soft Fishing Lures Set', usdCents: 899, bulk: true },
  { title: 'Foldable Drone with 4K Camera', usdCents: 8999, bulk: false },
  { title: 'Polarized UV400 Sunglasses', usdCents: 699, bulk: true },
  { title: '925 Sterling Silver Pendant Necklace', usdCents: 1499, bulk: false },
  { title: 'Non-Slip Yoga Mat, 6 mm', usdCents: 1799, bulk: false },
  { title: 'Solar Garden Lights', usdCents: 1199, bulk: true },
  { title: 'Replacement Electric Toothbrush Heads', usdCents: 499, bulk: true },
  { title: 'Waterproof Hiking Backpack, 30 L', usdCents: 2799, bulk: false },
];

/** A Chinese city sellers ship from, with the pieces of a return address there. */
interface SellerCity {
  en: string;
  zh: string;
  district: string;
  road: string;
  province: string;
  postcode: string;
}

/** Where most demo sellers are. */
export const sellerCities: readonly SellerCity[] = [
  { en: 'Shenzhen', zh: '深圳', district: 'Longgang', road: 'Bantian Wuhe', province: 'Guangdong', postcode: '518129' },
  { en: 'Guangzhou', zh: '广州', district: 'Baiyun', road: 'Jichang', province: 'Guangdong', postcode: '510405' },
  { en: 'Yiwu', zh: '义乌', district: 'Futian', road: 'Chouzhou North', province: 'Zhejiang', postcode: '322000' },
  { en: 'Hangzhou', zh: '杭州', district: 'Xihu', road: 'Wensan', province: 'Zhejiang', postcode: '310012' },
  { en: 'Dongguan', zh: '东莞', district: "Chang'an", road: 'Xiaobian', province: 'Guangdong', postcode: '523850' },
  { en: 'Ningbo', zh: '宁波', district: 'Yinzhou', road: 'Siming', province: 'Zhejiang', postcode: '315100' },
];

/** The parts of a Chinese store name, English and Chinese side by side. */
export const storeWords = {
  brand: [['Bright Star', '明星'], ['Golden Bridge', '金桥'], ['Ocean Wave', '海浪'], ['Green Leaf', '绿叶'], ['Lucky Cat', '招财猫'], ['Happy Life', '乐活']],
  trade: [['Electronics', '数码'], ['Fashion', '服饰'], ['Home', '家居'], ['Toys', '玩具'], ['Sports', '运动'], ['Beauty', '美妆']],
} as const;

/** Sellers outside China: country, language, a few store names and one return address each. */
export const foreignSellers: readonly { country: string; language: string; culture: Culture; weight: number; names: readonly string[]; address: string }[] = [
  { country: 'ES', language: 'es-ES', culture: 'es', weight: 4, names: ['Tienda Sol Electrónica', 'Moda Brisa', 'Casa Luna Hogar'], address: 'Calle de Alcalá 123, 28009 Madrid, Spain' },
  { country: 'BR', language: 'pt-BR', culture: 'pt', weight: 4, names: ['Loja Brilho Digital', 'Casa Bela Decor', 'Moda Tropical'], address: 'Rua Augusta 1500, São Paulo - SP, 01304-001, Brazil' },
  { country: 'RU', language: 'ru-RU', culture: 'ru', weight: 4, names: ['Северный ветер', 'Техно Мир', 'Уютный дом'], address: 'ул. Тверская, д. 12, Москва, 125009, Russia' },
  { country: 'FR', language: 'fr-FR', culture: 'fr', weight: 3, names: ['Boutique Lumière', 'Maison Azur', 'Atelier Soleil'], address: '12 rue de Rivoli, 75004 Paris, France' },
  { country: 'US', language: 'en-US', culture: 'en', weight: 3, names: ['Brightline Supply Co.', 'Maple & Oak Goods', 'Summit Gear Outlet'], address: '1200 Commerce Way, Reno, NV 89502, United States' },
];
