/** Personalized RewardBench, built-in data: preference axes (part 3). See personalized-axes-a.ts. */
import { type Axis, CITIES, combos } from './personalized-axes-a.js';

export const AXES_C: Axis[] = [
  {
    id: 'company',
    poles: [
      {
        id: 'with-kids',
        aspect: 'Suggests family-friendly activities that suit young children',
        narrative: 'I always travel with my two small children, so plans have to work for them.',
        reason: 'The user travels with young children.',
        posts: [
          { category: 'Travel', text: 'Which car seats are best for a long drive with a toddler and a five-year-old?' },
          { category: 'Travel', text: 'Do museums in {city} have play areas? We never travel without our two little ones.' },
        ],
        marker: /\b(children|children's|kids'?|aquarium|playground|family|toddlers)\b/i,
      },
      {
        id: 'nightlife',
        aspect: 'Suggests late-night bars, clubs and live music for an adult traveller',
        narrative: 'I travel on my own and love staying out late, so evenings matter most to me.',
        reason: 'The user wants nightlife.',
        posts: [
          { category: 'Travel', text: "Where's the best jazz club in {city}? I travel solo and love staying out late." },
          { category: 'Travel', text: 'Are night buses safe after 2 am? I like to go dancing wherever I travel.' },
        ],
        marker: /\b(bars?|clubs?|late-night|midnight|DJ|gig|speakeasy)\b/i,
      },
    ],
    templates: [
      {
        category: 'Travel',
        question: 'What should I do in the evenings during a trip to {city}?',
        answers: [
          'Start with an early dinner at a family-friendly restaurant, then take the children to the aquarium or the science museum, many of which open late once a week. End with an ice cream and a stroll past the lit-up old town before bedtime.',
          "Start with a late dinner, then head to the old town's cocktail bars and catch a gig at a live music venue around eleven. End at one of the city's well-known clubs, which get going after midnight and stay open until dawn.",
        ],
        slots: combos({ city: CITIES }),
      },
      {
        category: 'Travel',
        question: 'How should I spend a rainy {day} in {city}?',
        answers: [
          "Head to an indoor playground or the children's museum in the morning, then have lunch at a family café with a play corner. In the afternoon, the aquarium or a kids' film screening keeps toddlers happy until it is time to head back.",
          'Sleep in, then spend the afternoon in record shops and a cosy café before an early film. At night the rain stops mattering: start at a speakeasy-style cocktail bar, then move on to a late-night jazz club with a DJ afterwards.',
        ],
        slots: combos({ day: ['Saturday', 'Sunday', 'Monday'], city: CITIES }),
      },
    ],
  },
  {
    id: 'transport',
    poles: [
      {
        id: 'no-fly',
        aspect: 'Recommends going by train, bus or ferry rather than flying',
        narrative: 'I stopped flying for climate reasons a few years ago and go everywhere overland.',
        reason: 'The user does not fly.',
        posts: [
          { category: 'Travel', text: 'Is the sleeper train from {city} worth it? I gave up flying for climate reasons.' },
          { category: 'Travel', text: 'Any tips for a rail pass across Europe? I go everywhere by train these days.' },
        ],
        marker: /\b(train|trains|rail|ferries|overland)\b/i,
      },
      {
        id: 'flyer',
        aspect: 'Recommends the quickest option, which is flying',
        narrative: 'My time off is short, so I always take the fastest way there, which means flying.',
        reason: 'The user wants the fastest travel.',
        posts: [
          { category: 'Travel', text: 'How do I find cheap last-minute flights? I fly for work almost every week.' },
          { category: 'Travel', text: 'Which airline status is easiest to keep? I take short-haul flights twice a month.' },
        ],
        marker: /\b(fly|flight|flights|airport|airports|airlines|plane)\b/i,
      },
    ],
    templates: [
      {
        category: 'Travel',
        question: "What's the best way to get from {from} to {to} for a {n}-day visit?",
        answers: [
          "Take the train: book early for the lowest fares and choose a direct service, and you'll arrive in central {to} with no transfers. The journey gives you time to read or work, and you skip security queues entirely.",
          'Fly: a direct flight is the quickest option, and booking early keeps fares low. Take hand luggage only and check in online, and the airport express gets you into central {to} fast, so you lose very little of the trip.',
        ],
        slots: [
          ['London', 'Edinburgh'],
          ['Paris', 'Barcelona'],
          ['Berlin', 'Vienna'],
          ['Amsterdam', 'Copenhagen'],
          ['Madrid', 'Lisbon'],
          ['Milan', 'Rome'],
          ['Brussels', 'Prague'],
          ['Munich', 'Budapest'],
        ].flatMap(([from, to]) => combos({ n: [3, 4] }).map((s) => ({ ...s, from: from!, to: to! }))),
      },
      {
        category: 'Travel',
        question: 'How should I plan a {n}-day trip around {region}?',
        answers: [
          'Travel overland: a rail pass covers most routes around {region}, and regional buses or ferries fill the gaps. Base yourself in two or three towns, and plan one scenic rail line as the highlight of the trip.',
          'Hop between hubs by plane: budget airlines link most cities in {region}, so short flights save whole days. Base yourself in two or three cities with good airports and hire a car for the countryside.',
        ],
        slots: combos({ n: [7, 10, 14], region: ['Scandinavia', 'the Balkans', 'Scotland', 'southern Spain', 'northern Italy', 'central Europe'] }),
      },
    ],
  },
  {
    id: 'mobility',
    poles: [
      {
        id: 'step-free',
        aspect: 'Only suggests step-free, wheelchair-accessible options',
        narrative: 'I use a wheelchair, so a single flight of steps can rule a place out for me.',
        reason: 'The user needs step-free access.',
        posts: [
          { category: 'Travel', text: 'Which tube stations are step-free? I use a wheelchair and plan every route carefully.' },
          { category: 'Travel', text: 'Accessible hotels in {city} with roll-in showers? Steps are a dealbreaker for me.' },
        ],
        marker: /\b(step-free|wheelchair|accessible|ramp|level)\b/i,
      },
      {
        id: 'hiker',
        aspect: 'Suggests demanding hikes with steep climbs for a fit walker',
        narrative: 'I hike mountains most weekends and get bored on anything flat or easy.',
        reason: 'The user wants challenging hikes.',
        posts: [
          { category: 'Health_and_Fitness', text: 'Best boots for scrambling on loose scree? I do long mountain hikes most weekends.' },
          { category: 'Health_and_Fitness', text: 'How do I train for a three-peaks challenge? I love steep, hard climbs.' },
        ],
        marker: /\b(steep|scramble|summit|ridge|ascent|rocky)\b/i,
      },
    ],
    templates: [
      {
        category: 'Travel',
        question: "What's a nice day out near {city} with good views?",
        answers: [
          'The waterfront promenade is paved and level the whole way, with accessible cafés and toilets along it, and the viewpoint at the end has a ramp up to the terrace. Come back on the step-free tram, which has a lift at every stop.',
          'Hike the ridge trail above the town: a steep climb of about two hours with a short rocky scramble near the summit, then a long descent through the forest. Start early, take poles and plenty of water, and eat at the hut on top.',
        ],
        slots: combos({ city: CITIES }),
      },
      {
        category: 'Travel',
        question: 'I have a free day near the {place}. What would you suggest?',
        answers: [
          'Follow the accessible loop path, which is level and paved with benches along the way, and start at the wheelchair-friendly visitor centre. Book the adapted boat tour, which boards by ramp, and have lunch at the step-free café.',
          'Take the long trail to the highest point: a steep ascent over rocky ground, a short scramble along the ridge and a summit with views over the whole area. Come down the far side and loop back through the woods.',
        ],
        slots: combos({ place: ['coast', 'lakes', 'national park', 'old castle', 'river valley', 'hills', 'waterfalls', 'nature reserve'] }),
      },
    ],
  },
];
