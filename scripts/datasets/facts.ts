/**
 * Hand-checked reference facts. Every entry has exactly three plausible wrong answers, so the
 * same table serves a pairwise pair (one wrong answer) and a best-of-4 row (all three).
 */
export interface Fact {
  kind: string;
  /** The question as a user would ask it. */
  q: string;
  /** The inverse question ("Ottawa is the capital of which country?"), when one reads naturally. */
  inverse?: { q: string; a: string; wrong: [string, string, string] };
  a: string;
  wrong: [string, string, string];
  /** The answer in a full sentence; `{}` stands for the answer. */
  say: string;
}

type Row = [string, string, string, string, string];

// Grouped by region: the inverse questions take wrong answers from neighbouring rows.
const CAPITALS: Row[] = [
  ['Switzerland', 'Bern', 'Zurich', 'Geneva', 'Basel'],
  ['Germany', 'Berlin', 'Munich', 'Frankfurt', 'Bonn'],
  ['Austria', 'Vienna', 'Salzburg', 'Graz', 'Innsbruck'],
  ['Belgium', 'Brussels', 'Antwerp', 'Ghent', 'Bruges'],
  ['Italy', 'Rome', 'Milan', 'Florence', 'Naples'],
  ['Spain', 'Madrid', 'Barcelona', 'Seville', 'Valencia'],
  ['Portugal', 'Lisbon', 'Porto', 'Coimbra', 'Braga'],
  ['Ireland', 'Dublin', 'Cork', 'Galway', 'Limerick'],
  ['Norway', 'Oslo', 'Bergen', 'Trondheim', 'Stavanger'],
  ['Sweden', 'Stockholm', 'Gothenburg', 'Malmö', 'Uppsala'],
  ['Finland', 'Helsinki', 'Tampere', 'Turku', 'Espoo'],
  ['Denmark', 'Copenhagen', 'Aarhus', 'Odense', 'Aalborg'],
  ['Poland', 'Warsaw', 'Kraków', 'Gdańsk', 'Wrocław'],
  ['the Czech Republic', 'Prague', 'Brno', 'Ostrava', 'Plzeň'],
  ['Hungary', 'Budapest', 'Debrecen', 'Szeged', 'Pécs'],
  ['Greece', 'Athens', 'Thessaloniki', 'Patras', 'Heraklion'],
  ['Turkey', 'Ankara', 'Istanbul', 'Izmir', 'Bursa'],
  ['Russia', 'Moscow', 'Saint Petersburg', 'Novosibirsk', 'Kazan'],
  ['Morocco', 'Rabat', 'Casablanca', 'Marrakesh', 'Fez'],
  ['Egypt', 'Cairo', 'Alexandria', 'Giza', 'Luxor'],
  ['Saudi Arabia', 'Riyadh', 'Jeddah', 'Mecca', 'Dammam'],
  ['the United Arab Emirates', 'Abu Dhabi', 'Dubai', 'Sharjah', 'Al Ain'],
  ['Kenya', 'Nairobi', 'Mombasa', 'Kisumu', 'Nakuru'],
  ['Nigeria', 'Abuja', 'Lagos', 'Kano', 'Ibadan'],
  ['Ghana', 'Accra', 'Kumasi', 'Tamale', 'Cape Coast'],
  ['India', 'New Delhi', 'Mumbai', 'Kolkata', 'Bangalore'],
  ['Pakistan', 'Islamabad', 'Karachi', 'Lahore', 'Peshawar'],
  ['China', 'Beijing', 'Shanghai', 'Guangzhou', 'Nanjing'],
  ['South Korea', 'Seoul', 'Busan', 'Incheon', 'Daegu'],
  ['Japan', 'Tokyo', 'Osaka', 'Kyoto', 'Yokohama'],
  ['Vietnam', 'Hanoi', 'Ho Chi Minh City', 'Da Nang', 'Hue'],
  ['Thailand', 'Bangkok', 'Chiang Mai', 'Phuket', 'Pattaya'],
  ['Australia', 'Canberra', 'Sydney', 'Melbourne', 'Brisbane'],
  ['New Zealand', 'Wellington', 'Auckland', 'Christchurch', 'Hamilton'],
  ['the United States', 'Washington, D.C.', 'New York City', 'Philadelphia', 'Boston'],
  ['Canada', 'Ottawa', 'Toronto', 'Montreal', 'Vancouver'],
  ['Mexico', 'Mexico City', 'Guadalajara', 'Monterrey', 'Cancún'],
  ['Cuba', 'Havana', 'Santiago de Cuba', 'Camagüey', 'Holguín'],
  ['Colombia', 'Bogotá', 'Medellín', 'Cali', 'Cartagena'],
  ['Ecuador', 'Quito', 'Guayaquil', 'Cuenca', 'Manta'],
  ['Peru', 'Lima', 'Cusco', 'Arequipa', 'Trujillo'],
  ['Chile', 'Santiago', 'Valparaíso', 'Concepción', 'Antofagasta'],
  ['Argentina', 'Buenos Aires', 'Córdoba', 'Rosario', 'Mendoza'],
  ['Brazil', 'Brasília', 'Rio de Janeiro', 'São Paulo', 'Salvador'],
];

const SYMBOLS: Row[] = [
  ['gold', 'Au', 'Ag', 'Go', 'Gd'],
  ['silver', 'Ag', 'Si', 'Au', 'Sl'],
  ['iron', 'Fe', 'Ir', 'In', 'I'],
  ['lead', 'Pb', 'Pd', 'Le', 'Ld'],
  ['sodium', 'Na', 'So', 'S', 'Sd'],
  ['potassium', 'K', 'P', 'Po', 'Pt'],
  ['copper', 'Cu', 'Co', 'Cp', 'Cr'],
  ['mercury', 'Hg', 'Me', 'Mr', 'Mg'],
  ['tin', 'Sn', 'Ti', 'Tn', 'Sb'],
  ['tungsten', 'W', 'Tu', 'Tg', 'Ts'],
  ['helium', 'He', 'H', 'Hl', 'Hm'],
  ['nitrogen', 'N', 'Ni', 'Na', 'Nt'],
  ['calcium', 'Ca', 'C', 'Cl', 'Cm'],
  ['magnesium', 'Mg', 'Mn', 'Ma', 'M'],
  ['chlorine', 'Cl', 'C', 'Ch', 'Cr'],
  ['carbon', 'C', 'Ca', 'Cb', 'Co'],
  ['oxygen', 'O', 'Ox', 'Os', 'Og'],
  ['zinc', 'Zn', 'Zi', 'Z', 'Sn'],
  ['silicon', 'Si', 'S', 'Sl', 'Sc'],
  ['sulfur', 'S', 'Su', 'Sf', 'Sl'],
  ['neon', 'Ne', 'N', 'Nn', 'Ni'],
  ['aluminium', 'Al', 'Am', 'Au', 'Ai'],
  ['fluorine', 'F', 'Fl', 'Fe', 'Fr'],
];

const PLANETS = ['Mercury', 'Venus', 'Earth', 'Mars', 'Jupiter', 'Saturn', 'Uranus', 'Neptune'];
const ORD = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];
const MONTHS: Array<[string, number]> = [
  ['January', 31],
  ['February', 28],
  ['March', 31],
  ['April', 30],
  ['May', 31],
  ['June', 30],
  ['July', 31],
  ['August', 31],
  ['September', 30],
  ['October', 31],
  ['November', 30],
  ['December', 31],
];
const POLYGONS: Array<[string, number]> = [
  ['triangle', 3],
  ['quadrilateral', 4],
  ['pentagon', 5],
  ['hexagon', 6],
  ['heptagon', 7],
  ['octagon', 8],
  ['nonagon', 9],
  ['decagon', 10],
  ['dodecagon', 12],
];

const MISC: Fact[] = [
  {
    kind: 'science',
    q: 'At sea level, at what temperature in degrees Celsius does water boil?',
    a: '100',
    wrong: ['90', '110', '212'],
    say: 'At sea level, water boils at {} °C.',
  },
  {
    kind: 'science',
    q: 'At what temperature in degrees Celsius does pure water freeze at normal pressure?',
    a: '0',
    wrong: ['4', '-4', '32'],
    say: 'Pure water freezes at {} °C at normal pressure.',
  },
  {
    kind: 'biology',
    q: 'How many bones does a typical adult human skeleton have?',
    a: '206',
    wrong: ['212', '196', '300'],
    say: 'A typical adult skeleton has {} bones.',
  },
  { kind: 'biology', q: 'How many legs does a spider have?', a: '8', wrong: ['6', '10', '12'], say: 'A spider has {} legs.' },
  { kind: 'biology', q: 'How many legs does an insect have?', a: '6', wrong: ['8', '4', '10'], say: 'An insect has {} legs.' },
  { kind: 'biology', q: 'How many hearts does an octopus have?', a: '3', wrong: ['1', '2', '4'], say: 'An octopus has {} hearts.' },
  {
    kind: 'biology',
    q: 'What is the longest bone in the human body?',
    a: 'the femur',
    wrong: ['the tibia', 'the humerus', 'the spine'],
    say: 'The longest bone in the human body is {}.',
  },
  {
    kind: 'biology',
    q: 'Which gas do plants take in from the air for photosynthesis?',
    a: 'carbon dioxide',
    wrong: ['oxygen', 'nitrogen', 'hydrogen'],
    say: 'For photosynthesis, plants take in {} from the air.',
  },
  {
    kind: 'geography',
    q: 'What is the largest ocean on Earth?',
    a: 'the Pacific Ocean',
    wrong: ['the Atlantic Ocean', 'the Indian Ocean', 'the Arctic Ocean'],
    say: 'The largest ocean on Earth is {}.',
  },
  {
    kind: 'astronomy',
    q: 'What is the largest planet in our Solar System?',
    a: 'Jupiter',
    wrong: ['Saturn', 'Neptune', 'Uranus'],
    say: 'The largest planet in our Solar System is {}.',
  },
  {
    kind: 'astronomy',
    q: 'What is the smallest planet in our Solar System?',
    a: 'Mercury',
    wrong: ['Mars', 'Venus', 'Pluto'],
    say: 'The smallest planet in our Solar System is {}.',
  },
  {
    kind: 'sport',
    q: 'How many players does each side have on the field in a game of association football (soccer)?',
    a: '11',
    wrong: ['10', '9', '12'],
    say: 'Each side has {} players on the field.',
  },
  {
    kind: 'sport',
    q: 'How many players from each team are on the court at once in basketball?',
    a: '5',
    wrong: ['6', '7', '4'],
    say: 'Each basketball team has {} players on the court.',
  },
  { kind: 'music', q: 'How many strings does a standard guitar have?', a: '6', wrong: ['4', '5', '7'], say: 'A standard guitar has {} strings.' },
  { kind: 'music', q: 'How many keys does a standard modern piano have?', a: '88', wrong: ['76', '85', '92'], say: 'A standard modern piano has {} keys.' },
  {
    kind: 'literature',
    q: 'Who wrote the play Romeo and Juliet?',
    a: 'William Shakespeare',
    wrong: ['Christopher Marlowe', 'Charles Dickens', 'Geoffrey Chaucer'],
    say: 'Romeo and Juliet was written by {}.',
  },
  {
    kind: 'art',
    q: 'Who painted the Mona Lisa?',
    a: 'Leonardo da Vinci',
    wrong: ['Michelangelo', 'Raphael', 'Sandro Botticelli'],
    say: 'The Mona Lisa was painted by {}.',
  },
  {
    kind: 'physics',
    q: 'Who published the general theory of relativity?',
    a: 'Albert Einstein',
    wrong: ['Isaac Newton', 'Niels Bohr', 'Max Planck'],
    say: 'The general theory of relativity was published by {}.',
  },
  { kind: 'chemistry', q: 'What is the chemical formula of water?', a: 'H2O', wrong: ['HO2', 'H2O2', 'OH'], say: 'The chemical formula of water is {}.' },
  {
    kind: 'geography',
    q: 'On which continent is the Sahara Desert?',
    a: 'Africa',
    wrong: ['Asia', 'Australia', 'South America'],
    say: 'The Sahara Desert is in {}.',
  },
];

export function allFacts(): Fact[] {
  const out: Fact[] = [];
  for (const [country, cap, w1, w2, w3] of CAPITALS) {
    const name = country.replace(/^the /, '');
    const The = country.startsWith('the ') ? 'the ' : '';
    out.push({
      kind: 'capital',
      q: `What is the capital of ${country}?`,
      a: cap,
      wrong: [w1, w2, w3],
      say: `The capital of ${country} is {}.`,
      inverse: { q: `${cap} is the capital of which country?`, a: `${The}${name}`, wrong: ['', '', ''] },
    });
  }
  const caps = out.filter((f) => f.kind === 'capital');
  caps.forEach((f, i) => {
    const other = (k: number) => caps[(i + k) % caps.length]!.inverse!.a;
    f.inverse!.wrong = [other(1), other(caps.length - 1), other(2)];
  });
  for (const [el, sym, w1, w2, w3] of SYMBOLS) {
    const others = SYMBOLS.filter((r) => r[0] !== el);
    const name = (k: number) => others[(SYMBOLS.findIndex((r) => r[0] === el) + k) % others.length]![0];
    out.push({
      kind: 'symbol',
      q: `What is the chemical symbol for ${el}?`,
      a: sym,
      wrong: [w1, w2, w3],
      say: `The chemical symbol for ${el} is {}.`,
      inverse: { q: `Which element has the chemical symbol ${sym}?`, a: el, wrong: [name(2), name(5), name(11)] },
    });
  }
  PLANETS.forEach((p, i) => {
    const near = [i - 1, i + 1, i + 2, i - 2, i + 3, i - 3]
      .filter((k) => k >= 0 && k < 8)
      .slice(0, 3)
      .map((k) => PLANETS[k]!);
    out.push({
      kind: 'planet',
      q: `Which planet is ${ORD[i]} from the Sun?`,
      a: p,
      wrong: near as [string, string, string],
      say: `The ${ORD[i]} planet from the Sun is {}.`,
    });
  });
  for (const [m, d] of MONTHS) {
    const wrong = [28, 29, 30, 31].filter((x) => x !== d).map(String) as [string, string, string];
    const q = m === 'February' ? 'How many days does February have in a common (non-leap) year?' : `How many days are there in ${m}?`;
    const say = m === 'February' ? 'In a common year, February has {} days.' : `${m} has {} days.`;
    out.push({ kind: 'month', q, a: String(d), wrong, say });
  }
  for (const [p, n] of POLYGONS) {
    const wrong = [n + 1, n - 1, n + 2].map(String) as [string, string, string];
    out.push({ kind: 'polygon', q: `How many sides does a ${p} have?`, a: String(n), wrong, say: `A ${p} has {} sides.` });
  }
  return [...out, ...MISC];
}

export function sayFact(f: Fact, answer: string): string {
  const s = f.say.replace('{}', answer);
  return s.charAt(0).toUpperCase() + s.slice(1);
}
