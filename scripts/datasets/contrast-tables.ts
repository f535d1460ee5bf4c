import type { ContrastPair } from './contrast-families.js';

/**
 * Hand-checked tables for the contrast families that need world knowledge. Each instruction
 * (country + attribute, or word + relation) appears in one table only, so no instruction repeats.
 */

/** Countries whose names look alike, and their capitals. */
const CONFUSABLE: [string, string, string, string][] = [
  ['Austria', 'Vienna', 'Australia', 'Canberra'],
  ['Slovakia', 'Bratislava', 'Slovenia', 'Ljubljana'],
  ['Niger', 'Niamey', 'Nigeria', 'Abuja'],
  ['Iran', 'Tehran', 'Iraq', 'Baghdad'],
  ['Latvia', 'Riga', 'Lithuania', 'Vilnius'],
  ['Mali', 'Bamako', 'Malawi', 'Lilongwe'],
  ['Gambia', 'Banjul', 'Zambia', 'Lusaka'],
  ['Paraguay', 'Asunción', 'Uruguay', 'Montevideo'],
  ['Iceland', 'Reykjavík', 'Ireland', 'Dublin'],
  ['Sweden', 'Stockholm', 'Switzerland', 'Bern'],
  ['Guinea', 'Conakry', 'Guyana', 'Georgetown'],
  ['Armenia', 'Yerevan', 'Albania', 'Tirana'],
  ['Dominica', 'Roseau', 'the Dominican Republic', 'Santo Domingo'],
  ['North Korea', 'Pyongyang', 'South Korea', 'Seoul'],
  ['the Republic of the Congo', 'Brazzaville', 'the Democratic Republic of the Congo', 'Kinshasa'],
  ['Sudan', 'Khartoum', 'South Sudan', 'Juba'],
];

/** Countries whose capital is not their largest city. */
const NOT_LARGEST: [string, string, string][] = [
  ['Canada', 'Ottawa', 'Toronto'],
  ['the United States', 'Washington, D.C.', 'New York City'],
  ['Turkey', 'Ankara', 'Istanbul'],
  ['Brazil', 'Brasília', 'São Paulo'],
  ['Morocco', 'Rabat', 'Casablanca'],
  ['Pakistan', 'Islamabad', 'Karachi'],
  ['Vietnam', 'Hanoi', 'Ho Chi Minh City'],
  ['New Zealand', 'Wellington', 'Auckland'],
  ['Kazakhstan', 'Astana', 'Almaty'],
  ['Tanzania', 'Dodoma', 'Dar es Salaam'],
];

/** Capitals and currencies. */
const CURRENCY: [string, string, string][] = [
  ['France', 'Paris', 'the euro'],
  ['Japan', 'Tokyo', 'the yen'],
  ['Poland', 'Warsaw', 'the złoty'],
  ['Hungary', 'Budapest', 'the forint'],
  ['Thailand', 'Bangkok', 'the baht'],
  ['Mexico', 'Mexico City', 'the Mexican peso'],
  ['Egypt', 'Cairo', 'the Egyptian pound'],
  ['Kenya', 'Nairobi', 'the Kenyan shilling'],
  ['India', 'New Delhi', 'the Indian rupee'],
  ['Denmark', 'Copenhagen', 'the Danish krone'],
  ['Norway', 'Oslo', 'the Norwegian krone'],
  ['the Czech Republic', 'Prague', 'the Czech koruna'],
  ['China', 'Beijing', 'the renminbi'],
  ['Argentina', 'Buenos Aires', 'the Argentine peso'],
  ['Peru', 'Lima', 'the sol'],
];

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function factPairs(): ContrastPair[] {
  return [
    ...CONFUSABLE.map(([c1, a1, c2, a2]) => ({
      i1: `What is the capital of ${c1}?`,
      r1: `The capital of ${c1} is ${a1}.`,
      i2: `What is the capital of ${c2}?`,
      r2: `The capital of ${c2} is ${a2}.`,
    })),
    ...NOT_LARGEST.map(([c, capital, largest]) => ({
      i1: `What is the capital of ${c}?`,
      r1: `The capital of ${c} is ${capital}.`,
      i2: `What is the largest city in ${c}?`,
      r2: `The largest city in ${c} is ${largest}.`,
    })),
    ...CURRENCY.map(([c, capital, currency]) => ({
      i1: `What is the capital of ${c}?`,
      r1: `${cap(capital)} is the capital of ${c}.`,
      i2: `What is the currency of ${c}?`,
      r2: `${cap(currency)} is the currency of ${c}.`,
    })),
  ];
}

/** [word, an antonym, a synonym]. */
const WORDS: [string, string, string][] = [
  ['happy', 'sad', 'joyful'],
  ['big', 'small', 'large'],
  ['fast', 'slow', 'quick'],
  ['begin', 'end', 'start'],
  ['difficult', 'easy', 'hard'],
  ['ancient', 'modern', 'old'],
  ['rich', 'poor', 'wealthy'],
  ['brave', 'cowardly', 'courageous'],
  ['quiet', 'loud', 'silent'],
  ['huge', 'tiny', 'enormous'],
  ['clever', 'foolish', 'smart'],
  ['strong', 'weak', 'powerful'],
  ['cold', 'hot', 'chilly'],
  ['empty', 'full', 'vacant'],
  ['buy', 'sell', 'purchase'],
  ['increase', 'decrease', 'raise'],
  ['polite', 'rude', 'courteous'],
  ['generous', 'stingy', 'charitable'],
  ['dangerous', 'safe', 'risky'],
  ['wide', 'narrow', 'broad'],
  ['victory', 'defeat', 'win'],
  ['shallow', 'deep', 'superficial'],
  ['friend', 'enemy', 'companion'],
  ['ascend', 'descend', 'climb'],
  ['expand', 'contract', 'enlarge'],
  ['permanent', 'temporary', 'lasting'],
  ['answer', 'question', 'reply'],
  ['beautiful', 'ugly', 'lovely'],
  ['hide', 'reveal', 'conceal'],
  ['arrive', 'leave', 'come'],
];

export function antonymPairs(): ContrastPair[] {
  return WORDS.map(([w, anti, syn]) => ({
    i1: `Give one antonym of the word '${w}'.`,
    r1: `An antonym of '${w}' is '${anti}'.`,
    i2: `Give one synonym of the word '${w}'.`,
    r2: `A synonym of '${w}' is '${syn}'.`,
  }));
}
